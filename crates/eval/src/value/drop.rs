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

/// Releases everything on `work` without native recursion.
pub fn release(mut work: Vec<Doomed>) {
    while let Some(item) = work.pop() {
        match item {
            Doomed::Value(value) => match value {
                Value::List(list) => {
                    if let Ok(items) = Rc::try_unwrap(list) {
                        work.extend(items.into_iter().map(Doomed::Value));
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
                    if let Ok(closure) = Rc::try_unwrap(closure) {
                        let mut closure = closure;
                        closure.take_children(&mut work);
                    }
                }
                Value::PrimOp(app) => {
                    if let Ok(mut app) = Rc::try_unwrap(app) {
                        work.extend(std::mem::take(&mut app.args).into_iter().map(Doomed::Value));
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
