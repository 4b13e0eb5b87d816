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
//! and cyclic structure walked once.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use super::{Context, Step, Task, Vm};
use crate::errors::EvalResult;
use crate::value::Value;

/// What the whole walk shares.
#[derive(Default)]
struct Walk {
    seen: HashSet<usize>,
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
fn visit(walk: Shared, value: Value, context: Option<Context>) -> Step {
    let force = Step::Force(value, None, Box::new(Expand { walk }));
    Step::Nested(Box::new(force), context)
}

/// Receives a forced value and lists its children, if it is a container
/// not visited yet.
struct Expand {
    walk: Shared,
}

impl Task for Expand {
    fn resume(self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step> {
        let mut pending = Vec::new();
        {
            let mut walk = self.walk.borrow_mut();
            match &value {
                Value::List(items) if walk.seen.insert(Rc::as_ptr(items) as usize) => {
                    walk.keep.push(value.clone());
                    for (index, item) in items.iter().enumerate().rev() {
                        let context = (
                            format!("while evaluating list element at index {index}"),
                            None,
                        );
                        pending.push((item.clone(), Some(context)));
                    }
                }
                Value::Attrs(attrs) if walk.seen.insert(Rc::as_ptr(attrs) as usize) => {
                    walk.keep.push(value.clone());
                    for attr in attrs.entries().iter().rev() {
                        let context = (
                            format!("while evaluating the attribute '{}'", attr.name),
                            attr.pos,
                        );
                        pending.push((attr.value.clone(), Some(context)));
                    }
                }
                _ => {}
            }
        }
        if pending.is_empty() {
            return Ok(Step::Value(value));
        }
        Box::new(Children {
            walk: self.walk,
            pending,
        })
        .resume(vm, Value::Null)
    }
}

/// A container's children still to visit, the next one last.
struct Children {
    walk: Shared,
    pending: Vec<(Value, Option<Context>)>,
}

impl Task for Children {
    fn resume(mut self: Box<Self>, _: &mut Vm, _: Value) -> EvalResult<Step> {
        match self.pending.pop() {
            Some((child, context)) => {
                let next = visit(self.walk.clone(), child, context);
                Ok(Step::Then(Box::new(next), self))
            }
            None => Ok(Step::Value(Value::Null)),
        }
    }
}
