//! Deep forcing (`deepSeq`, `--strict` output), as Nix's `forceValueDeep`:
//! every value reached is one nesting level that counts against
//! max-call-depth like a function call (so a 100 000-deep structure stops
//! with "stack overflow; max-call-depth exceeded", as in Nix), and an error
//! inside carries one "while evaluating the attribute 'a'" / "while
//! evaluating list element at index i" frame per level it is under.
//!
//! The levels live on the machine's frame stack (a [`Step::Nested`] per
//! value, a task per container listing the children still to visit), never
//! on the native stack. A set of containers already visited makes shared
//! and cyclic structure walked once. A child already in normal form with
//! nothing inside to walk gets no level of its own when that level would be
//! within max-call-depth: visiting it could not fail, so nothing shows.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashSet;

use super::{Step, Task, TraceLine, Vm};
use crate::errors::EvalResult;
use crate::value::{AttrSet, Value};

/// What the whole walk shares.
#[derive(Default)]
struct Walk {
    seen: FxHashSet<usize>,
    /// Keeps every visited container alive while the walk runs, so a freed
    /// container's address cannot be reused by a new one and mistaken for
    /// "already visited".
    keep: Vec<Value>,
}

type Shared = Rc<RefCell<Walk>>;

/// Forces `value` and everything inside it; finishes with `result`.
pub fn deep_force(value: Value, result: Value) -> Step {
    let walk = Shared::default();
    Step::then(visit(walk, value, None), move |_, _| {
        Ok(Step::Value(result))
    })
}

/// One value of the walk, as one nesting level.
fn visit(walk: Shared, value: Value, context: Option<TraceLine>) -> Step {
    let force = Step::Force(value, None, Box::new(Expand { walk }));
    Step::Nested(Box::new(force), context)
}

/// Receives a forced value and walks its children, if it is a container
/// not visited yet.
struct Expand {
    walk: Shared,
}

impl Task for Expand {
    fn resume(self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step> {
        let container = {
            let mut walk = self.walk.borrow_mut();
            let container = match &value {
                Value::List(items) if walk.seen.insert(Rc::as_ptr(items) as usize) => {
                    Container::List(items.clone())
                }
                Value::Attrs(attrs) if walk.seen.insert(Rc::as_ptr(attrs) as usize) => {
                    Container::Attrs(attrs.clone())
                }
                _ => return Ok(Step::Value(value)),
            };
            walk.keep.push(value);
            container
        };
        Box::new(Children {
            walk: self.walk,
            container,
            next: 0,
        })
        .resume(vm, Value::Null)
    }
}

/// A container being walked.
enum Container {
    List(Rc<Vec<Value>>),
    Attrs(Rc<AttrSet>),
}

/// A container's children, from `next` on, still to visit.
struct Children {
    walk: Shared,
    container: Container,
    next: usize,
}

impl Children {
    /// The child at `next` with its trace line, or `None` after the last.
    fn child(&self) -> Option<(Value, TraceLine)> {
        match &self.container {
            Container::List(items) => {
                let item = items.get(self.next)?;
                Some((item.clone(), TraceLine::ListElement(self.next)))
            }
            Container::Attrs(attrs) => {
                let attr = attrs.entries().get(self.next)?;
                let context = TraceLine::Attribute(attr.name.clone(), attr.pos);
                Some((attr.value.clone(), context))
            }
        }
    }

    /// Whether visiting `child` would do nothing but count a level: it is
    /// already in normal form with nothing inside to walk (or a container
    /// walked before), and the level would not exceed max-call-depth. Off
    /// while an observer watches, as every fast path is.
    fn needs_no_visit(&self, vm: &Vm, child: &Value) -> bool {
        if vm.observer.is_some() || !vm.calls_allowed() {
            return false;
        }
        match vm.settled(child) {
            None => false,
            Some(Value::List(items)) => self
                .walk
                .borrow()
                .seen
                .contains(&(Rc::as_ptr(&items) as usize)),
            Some(Value::Attrs(attrs)) => self
                .walk
                .borrow()
                .seen
                .contains(&(Rc::as_ptr(&attrs) as usize)),
            Some(_) => true,
        }
    }
}

impl Task for Children {
    fn resume(mut self: Box<Self>, vm: &mut Vm, _: Value) -> EvalResult<Step> {
        while let Some((child, context)) = self.child() {
            self.next += 1;
            if self.needs_no_visit(vm, &child) {
                continue;
            }
            let next = visit(self.walk.clone(), child, Some(context));
            return Ok(Step::Then(Box::new(next), self));
        }
        Ok(Step::Value(Value::Null))
    }
}
