//! Typed suspension points: how builtins and multi-step operations ask the VM
//! to force a value or call a function without recursing on the native stack.
//!
//! A builtin returns a [`Step`]. `Step::Value` finishes; the other variants ask
//! the VM to do something and hand the result to a [`Task`] (the rest of the
//! builtin's work), which returns the next `Step`. Loops inside builtins
//! (`foldl'`, `sort`, `==` on deep values) keep their state in the task and
//! their work lists on the heap, so native stack use stays constant.

use std::rc::Rc;

use super::Vm;
use crate::compiler::ExprRef;
use crate::errors::EvalResult;
use crate::source::SrcSpan;
use crate::symbols::Symbol;
use crate::value::{Env, Value};

/// The continuation of a suspended operation: receives the requested value.
pub trait Task {
    /// Continues with the forced value or call result.
    fn resume(self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step>;

    /// The trace line this task adds to an error raised while it waits, if
    /// any. A task that forces many values under the same line (a list's
    /// elements) gives it here instead of asking for a `Context` frame, which
    /// would copy the message for every value.
    fn trace_line(&self) -> Option<&str> {
        None
    }
}

impl<F> Task for F
where
    F: FnOnce(&mut Vm, Value) -> EvalResult<Step>,
{
    fn resume(self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step> {
        (*self)(vm, value)
    }
}

/// A trace frame to attach while a request runs: message and position.
pub type Context = (String, Option<SrcSpan>);

/// A trace line kept as data: its message is written only when an error
/// passes through. The frames that come by the thousand in a healthy
/// evaluation (one per attribute and list element of a deep walk, one per
/// attribute of every derivation) use it instead of a formatted [`Context`].
#[derive(Clone)]
pub enum TraceLine {
    /// "while evaluating the attribute 'name'", at the attribute's position.
    Attribute(Symbol, Option<SrcSpan>),
    /// "while evaluating list element at index i".
    ListElement(usize),
    /// "while evaluating attribute 'attr' of derivation 'name'", at the
    /// attribute's position.
    DerivationAttribute {
        /// The attribute.
        attr: Symbol,
        /// The derivation's name.
        derivation: Rc<str>,
        /// Where the attribute is defined.
        pos: Option<SrcSpan>,
    },
    /// "while evaluating derivation 'name' whose name attribute is located
    /// at FILE:L:C".
    Derivation {
        /// The derivation's name.
        name: Rc<str>,
        /// Where its `name` attribute is defined.
        name_pos: Option<SrcSpan>,
    },
    /// "while calling operator on genericClosure element …": one per
    /// element of a closure, so the element is printed only for an error.
    ClosureOperator(Value),
}

impl TraceLine {
    /// The trace frame: message and position.
    pub fn into_trace(self, vm: &Vm) -> Context {
        let sources = &vm.sources;
        match self {
            TraceLine::Attribute(name, pos) => {
                (format!("while evaluating the attribute '{name}'"), pos)
            }
            TraceLine::ListElement(index) => (
                format!("while evaluating list element at index {index}"),
                None,
            ),
            TraceLine::DerivationAttribute {
                attr,
                derivation,
                pos,
            } => (
                format!("while evaluating attribute '{attr}' of derivation '{derivation}'"),
                pos,
            ),
            TraceLine::Derivation { name, name_pos } => {
                let position = name_pos
                    .map(|span| sources.position(span))
                    .unwrap_or_else(|| "«unknown»".into());
                (
                    format!(
                        "while evaluating derivation '{name}'\n         whose name attribute is located at {position}"
                    ),
                    None,
                )
            }
            TraceLine::ClosureOperator(element) => (
                format!(
                    "while calling operator on genericClosure element {}",
                    crate::printer::error_value(vm, &element)
                ),
                None,
            ),
        }
    }
}

/// What a builtin or task wants next.
pub enum Step {
    /// Finished with this value (must be in weak head normal form).
    Value(Value),
    /// Force `value`, then continue with the task.
    Force(Value, Option<Context>, Box<dyn Task>),
    /// Call `func` with `args`, then continue with the task.
    Call(Value, Vec<Value>, SrcSpan, Box<dyn Task>),
    /// Call `func` with two arguments, then continue with the task: a
    /// `Call` without the vector (`foldl'` makes one per element).
    Call2(Value, [Value; 2], SrcSpan, Box<dyn Task>),
    /// Force `value` and finish with it.
    TailForce(Value),
    /// Call `func` with `args` and finish with the result.
    TailCall(Value, Vec<Value>, SrcSpan),
    /// Evaluate an expression, then continue with the task.
    Eval(ExprRef, Rc<Env>, Box<dyn Task>),
    /// Evaluate an expression and finish with it (used by `import`).
    TailEval(ExprRef, Rc<Env>),
    /// Force `value`; finish with `{ success = true; value; }`, or with
    /// `{ success = false; value = false; }` on a catchable error.
    TryEval(Value),
    /// Run another step, then continue with the task.
    Then(Box<Step>, Box<dyn Task>),
    /// Force `value` and finish with it, adding a trace frame to errors.
    WithContext(Value, Context),
    /// Run another step and finish with its value, adding a trace frame to
    /// every error raised while it runs (including in its continuations).
    Within(Box<Step>, Context),
    /// `Within` with a [`TraceLine`].
    WithinLine(Box<Step>, TraceLine),
    /// Like `Within`, as one level of a deep walk: the step counts against
    /// max-call-depth as a function call does while it runs.
    Nested(Box<Step>, Option<TraceLine>),
}

impl Step {
    /// Convenience: force `value` and continue with `then`.
    pub fn force(
        value: Value,
        then: impl FnOnce(&mut Vm, Value) -> EvalResult<Step> + 'static,
    ) -> Step {
        Step::Force(value, None, Box::new(then))
    }

    /// Convenience: run `inner`, then continue with `then`.
    pub fn then(
        inner: Step,
        then: impl FnOnce(&mut Vm, Value) -> EvalResult<Step> + 'static,
    ) -> Step {
        Step::Then(Box::new(inner), Box::new(then))
    }

    /// Convenience: call `func` with `args` and continue with `then`.
    pub fn call(
        func: Value,
        args: Vec<Value>,
        span: SrcSpan,
        then: impl FnOnce(&mut Vm, Value) -> EvalResult<Step> + 'static,
    ) -> Step {
        Step::Call(func, args, span, Box::new(then))
    }
}
