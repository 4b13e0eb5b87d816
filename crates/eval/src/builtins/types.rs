//! Type inspection: typeOf, the is* predicates, functionArgs.

use std::rc::Rc;

use super::control::take;
use super::PrimOpDef;
use crate::compiler::Param;
use crate::errors::EvalResult;
use crate::source::SrcSpan;
use crate::value::{AttrSet, Value};
use crate::vm::{Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "typeOf",
        arity: 1,
        strict: 1,
        func: type_of,
    },
    PrimOpDef {
        name: "isNull",
        arity: 1,
        strict: 1,
        func: is_null,
    },
    PrimOpDef {
        name: "isBool",
        arity: 1,
        strict: 1,
        func: is_bool,
    },
    PrimOpDef {
        name: "isInt",
        arity: 1,
        strict: 1,
        func: is_int,
    },
    PrimOpDef {
        name: "isFloat",
        arity: 1,
        strict: 1,
        func: is_float,
    },
    PrimOpDef {
        name: "isString",
        arity: 1,
        strict: 1,
        func: is_string,
    },
    PrimOpDef {
        name: "isPath",
        arity: 1,
        strict: 1,
        func: is_path,
    },
    PrimOpDef {
        name: "isList",
        arity: 1,
        strict: 1,
        func: is_list,
    },
    PrimOpDef {
        name: "isAttrs",
        arity: 1,
        strict: 1,
        func: is_attrs,
    },
    PrimOpDef {
        name: "isFunction",
        arity: 1,
        strict: 1,
        func: is_function,
    },
    PrimOpDef {
        name: "functionArgs",
        arity: 1,
        strict: 1,
        func: function_args,
    },
];

fn type_of(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    Ok(Step::Value(Value::string(value.type_name())))
}

fn predicate(args: Vec<Value>, test: fn(&Value) -> bool) -> EvalResult<Step> {
    let [value] = take(args)?;
    Ok(Step::Value(Value::Bool(test(&value))))
}

fn is_null(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::Null))
}
fn is_bool(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::Bool(_)))
}
fn is_int(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::Int(_)))
}
fn is_float(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::Float(_)))
}
fn is_string(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::String(_)))
}
fn is_path(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::Path(_)))
}
fn is_list(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::List(_)))
}
fn is_attrs(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::Attrs(_)))
}
fn is_function(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    predicate(args, |v| matches!(v, Value::Lambda(_) | Value::PrimOp(_)))
}

fn function_args(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    match &value {
        Value::Lambda(closure) => match &closure.def.param {
            Param::Ident(_) => Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::empty())))),
            Param::Pattern { formals, .. } => {
                let entries = formals
                    .iter()
                    .map(|formal| crate::value::Attr {
                        name: formal.name.clone(),
                        value: Value::Bool(formal.default.is_some()),
                        pos: Some(formal.span),
                    })
                    .collect();
                Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
                    entries,
                )))))
            }
        },
        Value::PrimOp(_) => Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::empty())))),
        _ => Err(crate::errors::EvalError::builtin(
            "'functionArgs' requires a function",
        )),
    }
}
