//! Argument checking for builtins, with Nix's error context
//! ("while evaluating the first argument passed to builtins.length"), and
//! a helper that forces every element of a list through the VM.

use std::rc::Rc;

use crate::errors::{EvalError, EvalResult};
use crate::value::{AttrSet, NixString, Value};
use crate::vm::{ordinal, Step, Task, Vm};

/// The trace line Nix adds when argument `index` of builtin `name` has the
/// wrong type: usually "while evaluating the first argument passed to
/// builtins.NAME", with the exceptions Nix's sources spell differently.
pub fn argument_context(name: &str, index: usize) -> String {
    let ordinal = ordinal(index);
    match (name, index) {
        ("add", _) => format!("while evaluating the {ordinal} argument of the addition"),
        ("sub", _) => format!("while evaluating the {ordinal} argument of the subtraction"),
        ("mul", _) => format!("while evaluating the {ordinal} argument of the multiplication"),
        ("div", _) => format!("while evaluating the {ordinal} operand of the division"),
        ("attrNames" | "attrValues" | "listToAttrs" | "stringLength" | "derivationStrict", 0) => {
            format!("while evaluating the argument passed to builtins.{name}")
        }
        ("filterSource", 1) => "while evaluating the second argument (the path to filter) passed to 'builtins.filterSource'".into(),
        ("elemAt" | "head" | "tail" | "storePath", _) => {
            format!("while evaluating the {ordinal} argument passed to 'builtins.{name}'")
        }
        ("concatStringsSep", 0) => "while evaluating the first argument (the separator string) passed to builtins.concatStringsSep".into(),
        ("concatStringsSep", 1) => "while evaluating the second argument (the list of strings to concat) passed to builtins.concatStringsSep".into(),
        ("substring", 0) => "while evaluating the first argument (the start offset) passed to builtins.substring".into(),
        ("substring", 1) => "while evaluating the second argument (the substring length) passed to builtins.substring".into(),
        ("substring", 2) => "while evaluating the third argument (the string) passed to builtins.substring".into(),
        ("foldl'", _) => format!("while evaluating the {ordinal} argument passed to builtins.foldlStrict"),
        _ => format!("while evaluating the {ordinal} argument passed to builtins.{name}"),
    }
}

/// The context line for a strict argument that fails while the machine
/// forces it, if Nix gives one: `seq` and `deepSeq` force their first
/// argument bare.
pub fn forced_argument_context(name: &str, index: usize) -> Option<String> {
    match (name, index) {
        ("seq" | "deepSeq", 0) => None,
        _ => Some(argument_context(name, index)),
    }
}

/// Typed access to the arguments of one builtin.
#[derive(Clone, Copy)]
pub struct Args {
    /// The builtin's name, for error context.
    pub name: &'static str,
}

impl Args {
    /// The context line for argument `index`.
    pub fn context(&self, index: usize) -> String {
        argument_context(self.name, index)
    }

    /// A type error about argument `index`.
    pub fn type_error(&self, vm: &Vm, index: usize, expected: &str, value: &Value) -> EvalError {
        vm.type_error(expected, value)
            .with_frame(self.context(index), None)
    }

    /// Argument `index` as a list.
    pub fn list(&self, vm: &Vm, index: usize, value: &Value) -> EvalResult<Rc<Vec<Value>>> {
        match value {
            Value::List(items) => Ok(items.clone()),
            other => Err(self.type_error(vm, index, "a list", other)),
        }
    }

    /// Argument `index` as a set.
    pub fn attrs(&self, vm: &Vm, index: usize, value: &Value) -> EvalResult<Rc<AttrSet>> {
        match value {
            Value::Attrs(attrs) => Ok(attrs.clone()),
            other => Err(self.type_error(vm, index, "a set", other)),
        }
    }

    /// Argument `index` as an integer.
    pub fn int(&self, vm: &Vm, index: usize, value: &Value) -> EvalResult<i64> {
        match value {
            Value::Int(i) => Ok(*i),
            other => Err(self.type_error(vm, index, "an integer", other)),
        }
    }

    /// Argument `index` as a Boolean.
    pub fn bool(&self, vm: &Vm, index: usize, value: &Value) -> EvalResult<bool> {
        match value {
            Value::Bool(b) => Ok(*b),
            other => Err(self.type_error(vm, index, "a Boolean", other)),
        }
    }

    /// Argument `index` as a string (no coercion).
    pub fn string(&self, vm: &Vm, index: usize, value: &Value) -> EvalResult<Rc<NixString>> {
        match value {
            Value::String(s) => Ok(s.clone()),
            other => Err(self.type_error(vm, index, "a string", other)),
        }
    }

    /// Argument `index` must be callable.
    pub fn function(&self, vm: &Vm, index: usize, value: &Value) -> EvalResult<()> {
        match value {
            Value::Lambda(_) | Value::PrimOp(_) => Ok(()),
            Value::Attrs(attrs) if attrs.get(vm.syms.functor.as_str()).is_some() => Ok(()),
            other => Err(self.type_error(vm, index, "a function", other)),
        }
    }
}

type Finish = Box<dyn FnOnce(&mut Vm, Vec<Value>) -> EvalResult<Step>>;

struct ForceEach {
    items: Vec<Value>,
    index: usize,
    context: Option<String>,
    finish: Option<Finish>,
}

impl Task for ForceEach {
    fn resume(mut self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step> {
        if self.index > 0 {
            if let Some(slot) = self.items.get_mut(self.index - 1) {
                *slot = value;
            }
        }
        while let Some(item) = self.items.get(self.index) {
            // A value that is ready, or a thunk computed in place (`toString
            // i` of a `genList`), needs no trip through the machine.
            let ready = vm.settled(item);
            self.index += 1;
            let Some(item) = ready else {
                let item = item.clone();
                return Ok(Step::Force(item, None, self));
            };
            if let Some(slot) = self.items.get_mut(self.index - 1) {
                *slot = item;
            }
        }
        match self.finish.take() {
            Some(finish) => finish(vm, std::mem::take(&mut self.items)),
            None => Err(crate::vm::internal("list forcing finished twice")),
        }
    }

    fn trace_line(&self) -> Option<&str> {
        self.context.as_deref()
    }
}

/// `step`, whose value is then forced with `context` as the trace line of
/// any error (a coercion's result, forced as its builtin's argument).
pub(crate) fn with_context(step: Step, context: String) -> Step {
    Step::then(step, move |_, value| {
        Ok(Step::WithContext(value, (context, None)))
    })
}

/// Forces every value in `items` (in order), then runs `finish` with the
/// forced values. `context` is attached to errors while forcing.
pub fn force_each(
    items: Vec<Value>,
    context: Option<String>,
    finish: impl FnOnce(&mut Vm, Vec<Value>) -> EvalResult<Step> + 'static,
) -> Step {
    let task = Box::new(ForceEach {
        items,
        index: 0,
        context,
        finish: Some(Box::new(finish)),
    });
    Step::Then(Box::new(Step::Value(Value::Null)), task)
}
