//! Iterative destruction of value graphs.
//!
//! Rust drops nested `Rc`s recursively, so releasing a 100 000-deep list or
//! thunk chain would overflow a 1 MiB stack. The container types (attribute
//! sets, thunks, environments, closures, primop applications) therefore
//! implement `Drop` by moving their children onto a heap work list and
//! releasing them here one at a time; a child that is still shared is simply
//! decremented. Lists have no `Drop` of their own (they are plain
//! `Rc<Vec<Value>>`), so they are unwrapped here when they are the last
//! reference, and the evaluator keeps lists from nesting directly inside list
//! literals (it wraps such elements in finished thunks).

use std::rc::Rc;

use super::{Env, Value};

/// Something whose last reference may be released.
pub enum Doomed {
    /// A value.
    Value(Value),
    /// An environment.
    Env(Rc<Env>),
}

/// Children waiting to be released. Shared children are dropped at once
/// (that only decrements a count); the first unique one is held inline, so a
/// chain of unique containers is released without allocating.
#[derive(Default)]
pub struct Sink {
    next: Option<Doomed>,
    more: Vec<Doomed>,
}

impl Sink {
    /// Adds a child.
    pub fn push(&mut self, item: Doomed) {
        let unique = match &item {
            Doomed::Value(Value::List(rc)) => Rc::strong_count(rc) == 1,
            Doomed::Value(Value::Attrs(rc)) => Rc::strong_count(rc) == 1,
            Doomed::Value(Value::Thunk(rc)) => Rc::strong_count(rc) == 1,
            Doomed::Value(Value::Lambda(rc)) => Rc::strong_count(rc) == 1,
            Doomed::Value(Value::PrimOp(rc)) => Rc::strong_count(rc) == 1,
            Doomed::Env(rc) => Rc::strong_count(rc) == 1,
            Doomed::Value(_) => false,
        };
        if !unique {
            return;
        }
        if self.next.is_none() {
            self.next = Some(item);
        } else {
            self.more.push(item);
        }
    }

    /// Adds every value of an iterator.
    pub fn extend(&mut self, values: impl IntoIterator<Item = Value>) {
        for value in values {
            self.push(Doomed::Value(value));
        }
    }

    fn pop(&mut self) -> Option<Doomed> {
        self.next.take().or_else(|| self.more.pop())
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.next.is_none() && self.more.is_empty()
    }
}

/// Releases everything in `work` without native recursion.
pub fn release(mut work: Sink) {
    while let Some(item) = work.pop() {
        match item {
            Doomed::Value(value) => match value {
                Value::List(list) => {
                    if let Ok(items) = Rc::try_unwrap(list) {
                        work.extend(items);
                    }
                }
                Value::Attrs(attrs) => {
                    if let Ok(mut attrs) = Rc::try_unwrap(attrs) {
                        attrs.take_children(&mut work);
                    }
                }
                Value::Thunk(thunk) => {
                    if let Ok(mut thunk) = Rc::try_unwrap(thunk) {
                        thunk.take_children(&mut work);
                    }
                }
                Value::Lambda(closure) => {
                    if let Ok(mut closure) = Rc::try_unwrap(closure) {
                        closure.take_children(&mut work);
                    }
                }
                Value::PrimOp(app) => {
                    if let Ok(mut app) = Rc::try_unwrap(app) {
                        work.extend(std::mem::take(&mut app.args));
                    }
                }
                _ => {}
            },
            Doomed::Env(env) => {
                if let Ok(mut env) = Rc::try_unwrap(env) {
                    env.take_children(&mut work);
                }
            }
        }
    }
}
