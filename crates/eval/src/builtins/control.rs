//! Control flow and debugging builtins: throw, abort, seq, deepSeq, tryEval,
//! trace, traceVerbose, warn, addErrorContext.

use super::PrimOpDef;
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::printer;
use crate::source::SrcSpan;
use crate::value::Value;
use crate::vm::{CoerceMode, Event, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "throw",
        arity: 1,
        strict: 0b1,
        func: throw,
    },
    PrimOpDef {
        name: "abort",
        arity: 1,
        strict: 0b1,
        func: abort,
    },
    PrimOpDef {
        name: "seq",
        arity: 2,
        strict: 0b01,
        func: seq,
    },
    PrimOpDef {
        name: "deepSeq",
        arity: 2,
        strict: 0b01,
        func: deep_seq,
    },
    PrimOpDef {
        name: "tryEval",
        arity: 1,
        strict: 0,
        func: try_eval,
    },
    PrimOpDef {
        name: "trace",
        arity: 2,
        strict: 0b01,
        func: trace,
    },
    PrimOpDef {
        name: "traceVerbose",
        arity: 2,
        strict: 0,
        func: trace_verbose,
    },
    PrimOpDef {
        name: "warn",
        arity: 2,
        strict: 0b01,
        func: warn,
    },
    PrimOpDef {
        name: "addErrorContext",
        arity: 2,
        strict: 0b01,
        func: add_error_context,
    },
];

fn message_then(
    vm: &mut Vm,
    value: Value,
    then: impl FnOnce(&mut Vm, String) -> EvalResult<Step> + 'static,
) -> EvalResult<Step> {
    let step =
        crate::vm::coerce_to_string(vm, value, CoerceMode::Interpolation { copy_paths: true })?;
    Ok(Step::then(step, move |vm, text| match text {
        Value::String(s) => then(vm, s.to_str_lossy().into_owned()),
        _ => Err(crate::vm::internal("coercion returned a non-string")),
    }))
}

fn throw(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [message] = take(args)?;
    message_then(vm, message, |_, message| {
        Err(EvalError::new(ErrorKind::Throw { message }, None))
    })
}

fn abort(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [message] = take(args)?;
    message_then(vm, message, |_, message| {
        Err(EvalError::new(ErrorKind::Abort { message }, None))
    })
}

fn seq(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [_, result] = take(args)?;
    Ok(Step::TailForce(result))
}

fn deep_seq(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value, result] = take(args)?;
    Ok(Step::then(
        crate::vm::deep_force(value, Value::Null),
        move |_, _| Ok(Step::TailForce(result)),
    ))
}

fn try_eval(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    Ok(Step::TryEval(value))
}

fn trace(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [message, result] = take(args)?;
    // Nix deep-forces nothing here: it prints the value as it is, strings raw.
    let text = match &message {
        Value::String(s) => s.to_str_lossy().into_owned(),
        other => printer::print(vm, other, printer::PrintOptions::OUTPUT),
    };
    vm.events.push(Event {
        kind: ErrorKind::Trace { message: text },
        span: Some(span),
        frames: Vec::new(),
    });
    Ok(Step::TailForce(result))
}

/// Without `--trace-verbose` (which the playground does not offer) Nix's
/// `traceVerbose` is its `second`: the message is not even forced.
fn trace_verbose(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [_message, result] = take(args)?;
    Ok(Step::TailForce(result))
}

fn warn(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [message, result] = take(args)?;
    let text = match &message {
        Value::String(s) => s.to_str_lossy().into_owned(),
        other => {
            return Err(super::Args { name: "warn" }.type_error(vm, 0, "a string", other));
        }
    };
    vm.events.push(Event {
        kind: ErrorKind::Warning {
            message: text,
            evaluation: true,
        },
        span: Some(span),
        frames: Vec::new(),
    });
    Ok(Step::TailForce(result))
}

fn add_error_context(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [message, result] = take(args)?;
    message_then(vm, message, move |_, message| {
        Ok(Step::WithContext(result, (message, None)))
    })
}

/// Splits the argument vector into a fixed-size array.
pub fn take<const N: usize>(args: Vec<Value>) -> EvalResult<[Value; N]> {
    args.try_into()
        .map_err(|_| crate::vm::internal("builtin called with the wrong number of arguments"))
}
