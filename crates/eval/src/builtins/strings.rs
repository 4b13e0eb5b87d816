//! String builtins: toString, stringLength, substring, concatStringsSep.
//!
//! Lengths and offsets count bytes, as in Nix.

use std::rc::Rc;

use super::args::{force_each, with_context};
use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{NixString, Value};
use crate::vm::{coerce_to_string, CoerceMode, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "toString",
        arity: 1,
        strict: 1,
        func: to_string,
    },
    PrimOpDef {
        name: "stringLength",
        arity: 1,
        strict: 1,
        func: string_length,
    },
    PrimOpDef {
        name: "substring",
        arity: 3,
        strict: 0b111,
        func: substring,
    },
    PrimOpDef {
        name: "concatStringsSep",
        arity: 2,
        strict: 0b11,
        func: concat_strings_sep,
    },
];

const INTERPOLATION: CoerceMode = CoerceMode::Interpolation { copy_paths: true };

fn to_string(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    const CONTEXT: &str = "while evaluating the first argument passed to builtins.toString";
    let step = coerce_to_string(vm, value, CoerceMode::ToString)
        .map_err(|e| e.with_frame(CONTEXT, None))?;
    // As in Nix, the context covers the whole coercion: the elements of a
    // list are forced inside it. Most coercions finish at once.
    Ok(match step {
        Step::Value(_) => step,
        step => Step::Within(Box::new(step), (CONTEXT.into(), None)),
    })
}

fn string_length(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let check = Args {
        name: "stringLength",
    };
    let step = coerce_to_string(vm, value, INTERPOLATION)
        .map_err(|e| e.with_frame(check.context(0), None))?;
    Ok(Step::then(
        with_context(step, check.context(0)),
        |_, value| match value {
            Value::String(s) => Ok(Step::Value(Value::Int(
                i64::try_from(s.bytes.len()).unwrap_or(i64::MAX),
            ))),
            _ => Err(crate::vm::internal("coercion returned a non-string")),
        },
    ))
}

fn substring(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [start, len, value] = take(args)?;
    let check = Args { name: "substring" };
    let start = check.int(vm, 0, &start)?;
    let len = check.int(vm, 1, &len)?;
    if start < 0 {
        return Err(EvalError::builtin("negative start position in 'substring'"));
    }
    let step = coerce_to_string(vm, value, INTERPOLATION)
        .map_err(|e| e.with_frame(check.context(2), None))?;
    Ok(Step::then(step, move |_, value| {
        let Value::String(s) = value else {
            return Err(crate::vm::internal("coercion returned a non-string"));
        };
        let start = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(s.bytes.len());
        let end = if len < 0 {
            s.bytes.len()
        } else {
            start
                .saturating_add(usize::try_from(len).unwrap_or(usize::MAX))
                .min(s.bytes.len())
        };
        let bytes = s.bytes.get(start..end).unwrap_or(&[]).to_vec();
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(bytes, s.context.to_vec()),
        ))))
    }))
}

fn concat_strings_sep(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [separator, items] = take(args)?;
    let check = Args {
        name: "concatStringsSep",
    };
    let separator = check.string(vm, 0, &separator)?;
    let items = check.list(vm, 1, &items)?;
    Ok(force_each(
        items.to_vec(),
        Some(check.context(1)),
        move |vm, items| join(vm, separator, items, 0, Vec::new(), Vec::new()),
    ))
}

fn join(
    vm: &mut Vm,
    separator: Rc<NixString>,
    items: Vec<Value>,
    mut index: usize,
    mut acc: Vec<u8>,
    mut context: Vec<Rc<str>>,
) -> EvalResult<Step> {
    if index == 0 {
        acc.reserve(joined_len(&separator, &items));
    }
    // The items are forced already, and mostly strings: those are appended
    // in this loop, with no step, frame or closure each; only an item that
    // needs coercing (a path, a set with `__toString`/`outPath`) leaves it.
    loop {
        let Some(item) = items.get(index) else {
            return Ok(Step::Value(Value::String(Rc::new(
                NixString::with_context(acc, context),
            ))));
        };
        if index > 0 {
            acc.extend_from_slice(&separator.bytes);
            context.extend(separator.context.iter().cloned());
        }
        let Value::String(piece) = item else { break };
        acc.extend_from_slice(&piece.bytes);
        context.extend(piece.context.iter().cloned());
        index += 1;
    }
    let item = items.get(index).cloned().unwrap_or(Value::Null);
    let step = coerce_to_string(vm, item, INTERPOLATION).map_err(|e| {
        e.with_frame(
            "while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep",
            None,
        )
    })?;
    Ok(Step::then(step, move |vm, piece| {
        let mut acc = acc;
        let mut context = context;
        if let Value::String(piece) = &piece {
            acc.extend_from_slice(&piece.bytes);
            context.extend(piece.context.iter().cloned());
        }
        join(vm, separator, items, index + 1, acc, context)
    }))
}

/// The length of the joined string when every item is a string already (a
/// lower bound otherwise): the result is allocated once.
fn joined_len(separator: &NixString, items: &[Value]) -> usize {
    let pieces: usize = items
        .iter()
        .map(|item| match item {
            Value::String(piece) => piece.bytes.len(),
            _ => 0,
        })
        .sum();
    pieces.saturating_add(
        separator
            .bytes
            .len()
            .saturating_mul(items.len().saturating_sub(1)),
    )
}
