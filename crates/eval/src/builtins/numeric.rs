//! Numeric builtins beyond arithmetic: ceil, floor, bitAnd, bitOr, bitXor.
//!
//! `ceil`/`floor` accept integers and floats (Nix's `forceFloat`) and return
//! integers; a result outside the 64-bit range saturates (NaN gives 0).
//!
//! Tests: the `tests` module below; conformance `eval-okay-floor-ceil`,
//! `eval-fail-ceil-1`, `eval-fail-floor-1`, `eval-fail-bit*`.

use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::EvalResult;
use crate::source::SrcSpan;
use crate::value::Value;
use crate::vm::{Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "ceil",
        arity: 1,
        strict: 1,
        func: ceil,
    },
    PrimOpDef {
        name: "floor",
        arity: 1,
        strict: 1,
        func: floor,
    },
    PrimOpDef {
        name: "bitAnd",
        arity: 2,
        strict: 0b11,
        func: bit_and,
    },
    PrimOpDef {
        name: "bitOr",
        arity: 2,
        strict: 0b11,
        func: bit_or,
    },
    PrimOpDef {
        name: "bitXor",
        arity: 2,
        strict: 0b11,
        func: bit_xor,
    },
];

fn float_argument(vm: &Vm, check: Args, value: &Value) -> EvalResult<f64> {
    match value {
        Value::Float(f) => Ok(*f),
        #[allow(clippy::cast_precision_loss)]
        Value::Int(i) => Ok(*i as f64),
        other => Err(check.type_error(vm, 0, "a float", other)),
    }
}

fn round_with(
    vm: &Vm,
    args: Vec<Value>,
    name: &'static str,
    round: fn(f64) -> f64,
) -> EvalResult<Step> {
    let [value] = take(args)?;
    let value = float_argument(vm, Args { name }, &value)?;
    // `as` saturates and maps NaN to 0: no undefined behaviour to mimic.
    #[allow(clippy::cast_possible_truncation)]
    let rounded = round(value) as i64;
    Ok(Step::Value(Value::Int(rounded)))
}

fn ceil(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    round_with(vm, args, "ceil", f64::ceil)
}

fn floor(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    round_with(vm, args, "floor", f64::floor)
}

fn bitwise(
    vm: &Vm,
    args: Vec<Value>,
    name: &'static str,
    op: fn(i64, i64) -> i64,
) -> EvalResult<Step> {
    let [left, right] = take(args)?;
    let check = Args { name };
    let left = check.int(vm, 0, &left)?;
    let right = check.int(vm, 1, &right)?;
    Ok(Step::Value(Value::Int(op(left, right))))
}

fn bit_and(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    bitwise(vm, args, "bitAnd", |a, b| a & b)
}

fn bit_or(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    bitwise(vm, args, "bitOr", |a, b| a | b)
}

fn bit_xor(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    bitwise(vm, args, "bitXor", |a, b| a ^ b)
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn rounding_returns_integers() {
        check("builtins.floor 23.5", "23");
        check("builtins.ceil 23.5", "24");
        check("builtins.ceil 23", "23");
        check("builtins.floor (-0.5)", "-1");
        check(
            r#"builtins.floor "foo""#,
            r#"error: expected a float but found a string: "foo""#,
        );
    }

    #[test]
    fn bitwise_operations() {
        check("builtins.bitAnd 12 10", "8");
        check("builtins.bitOr 12 10", "14");
        check("builtins.bitXor 12 10", "6");
        check(
            "builtins.bitAnd 1 2.2",
            "error: expected an integer but found a float: 2.2",
        );
    }
}
