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
