//! Arithmetic builtins: add, sub, mul, div, lessThan (the operators `+ - * / <`
//! on numbers share their rules in `vm/ops.rs`).

use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::EvalResult;
use crate::source::SrcSpan;
use crate::value::Value;
use crate::vm::{arithmetic, less_than, Arith, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "add",
        arity: 2,
        strict: 0b11,
        func: add,
    },
    PrimOpDef {
        name: "sub",
        arity: 2,
        strict: 0b11,
        func: sub,
    },
    PrimOpDef {
        name: "mul",
        arity: 2,
        strict: 0b11,
        func: mul,
    },
    PrimOpDef {
        name: "div",
        arity: 2,
        strict: 0b11,
        func: div,
    },
    PrimOpDef {
        name: "lessThan",
        arity: 2,
        strict: 0b11,
        func: less,
    },
];

fn numeric(
    vm: &mut Vm,
    args: Vec<Value>,
    name: &'static str,
    op: Arith,
    span: SrcSpan,
) -> EvalResult<Step> {
    let [a, b] = take(args)?;
    let check = Args { name };
    for (index, value) in [&a, &b].into_iter().enumerate() {
        if !matches!(value, Value::Int(_) | Value::Float(_)) {
            return Err(check.type_error(vm, index, "an integer", value));
        }
    }
    arithmetic(op, &a, &b)
        .map(Step::Value)
        .map_err(|e| e.or_span(span))
}

fn add(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    numeric(vm, args, "add", Arith::Add, span)
}
fn sub(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    numeric(vm, args, "sub", Arith::Sub, span)
}
fn mul(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    numeric(vm, args, "mul", Arith::Mul, span)
}
fn div(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    // Nix checks the divisor first (as a number, for the zero test).
    match args.get(1) {
        Some(Value::Int(0)) => {
            return Err(crate::errors::EvalError::new(
                crate::diagnostics::ErrorKind::DivisionByZero,
                None,
            ))
        }
        Some(Value::Float(f)) if *f == 0.0 => {
            return Err(crate::errors::EvalError::new(
                crate::diagnostics::ErrorKind::DivisionByZero,
                None,
            ))
        }
        Some(Value::Int(_) | Value::Float(_)) => {}
        Some(other) => return Err(Args { name: "div" }.type_error(vm, 1, "a float", other)),
        None => {}
    }
    numeric(vm, args, "div", Arith::Div, span)
}
fn less(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [a, b] = take(args)?;
    // Nix compares without a position here (the `<` operator has one).
    let nowhere = vm.no_span();
    less_than(vm, a, b, nowhere)
}
