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

thread_local! {
    static EMPTY_ENV: Rc<Env> = Env::new(0, None);
}

impl Drop for Closure {
    fn drop(&mut self) {
        if Rc::strong_count(&self.env) == 1 {
            // The placeholder is one shared empty scope: a fresh one would
            // cost an allocation for every closure released.
            if let Ok(empty) = EMPTY_ENV.try_with(Rc::clone) {
                super::drop::dispose_env(std::mem::replace(&mut self.env, empty));
            }
        }
    }
}

impl Drop for PrimOpApp {
    fn drop(&mut self) {
        std::mem::take(&mut self.args)
            .into_iter()
            .for_each(super::drop::dispose);
    }
}
