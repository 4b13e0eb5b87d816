//! Callable values: closures and (partially applied) primops.

use std::rc::Rc;

use super::{Env, Value};
use crate::builtins::PrimOpDef;
use crate::compiler::LambdaDef;

/// A lambda together with the environment it was created in.
pub struct Closure {
    /// The lowered lambda.
    pub def: Rc<LambdaDef>,
    /// Its defining environment.
    pub env: Rc<Env>,
}

/// A builtin with the arguments it has received so far (fewer than its arity).
pub struct PrimOpApp {
    /// The builtin.
    pub op: &'static PrimOpDef,
    /// Arguments received so far.
    pub args: Vec<Value>,
}

impl Closure {
    /// Moves the environment out for iterative release.
    pub(super) fn take_children(&mut self, work: &mut super::Sink) {
        // The placeholder is one shared empty scope: a fresh one would cost
        // an allocation for every closure released.
        let env = std::mem::replace(&mut self.env, EMPTY_ENV.with(Rc::clone));
        work.push(super::Doomed::Env(env));
    }
}

thread_local! {
    static EMPTY_ENV: Rc<Env> = Env::new(0, None);
}

impl Drop for Closure {
    fn drop(&mut self) {
        if Rc::strong_count(&self.env) == 1 {
            let mut work = super::Sink::default();
            self.take_children(&mut work);
            super::release(work);
        }
    }
}

impl Drop for PrimOpApp {
    fn drop(&mut self) {
        if !self.args.is_empty() {
            let mut work = super::Sink::default();
            work.extend(std::mem::take(&mut self.args));
            super::release(work);
        }
    }
}
