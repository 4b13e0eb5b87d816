//! Coercion to strings, weak (interpolation, `+`) and strong (`toString`).
//!
//! Coercion may call `__toString`, force `outPath`, or walk a list, so it is a
//! chain of [`Step`]s whose final value is a `Value::String`.

use std::rc::Rc;

use super::{Step, Vm};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::printer;
use crate::value::{NixString, Value};

/// Which values may become strings, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoerceMode {
    /// Interpolation and `+`: strings, paths, `__toString`/`outPath` sets.
    Interpolation {
        /// Whether a path is copied to the store (string interpolation) or
        /// kept as its text (appending to a path).
        copy_paths: bool,
    },
    /// `toString`: additionally numbers, Booleans, null and lists.
    ToString,
}

/// Coerces `value` to a string; the step finishes with a `Value::String`.
pub fn coerce_to_string(vm: &mut Vm, value: Value, mode: CoerceMode) -> EvalResult<Step> {
    match value {
        Value::Thunk(_) => Ok(Step::force(value, move |vm, forced| {
            coerce_to_string(vm, forced, mode)
        })),
        Value::String(_) => Ok(Step::Value(value)),
        Value::Path(path) => match mode {
            CoerceMode::Interpolation { copy_paths: true } => Err(EvalError::new(
                ErrorKind::Builtin {
                    message: format!(
                        "copying the path '{path}' to the store is not supported by this evaluator yet"
                    ),
                },
                None,
            )),
            _ => Ok(Step::Value(Value::string(path.as_bytes()))),
        },
        Value::Attrs(ref attrs) => {
            if let Some(to_string) = attrs.get(vm.syms.to_string.as_str()) {
                let span = vm.no_span();
                return Ok(Step::call(
                    to_string.clone(),
                    vec![value.clone()],
                    span,
                    move |vm, result| match result {
                        Value::String(_) => Ok(Step::Value(result)),
                        Value::Path(_) if mode == CoerceMode::ToString => {
                            coerce_to_string(vm, result, mode)
                        }
                        other => Err(EvalError::new(
                            ErrorKind::Builtin {
                                message: format!(
                                    "`__toString` should return a string, but got {}: {}",
                                    other.type_phrase(),
                                    printer::error_value(vm, &other)
                                ),
                            },
                            None,
                        )),
                    },
                ));
            }
            if let Some(out_path) = attrs.get(vm.syms.out_path.as_str()) {
                return Ok(Step::force(out_path.clone(), move |vm, forced| {
                    coerce_to_string(vm, forced, mode)
                }));
            }
            Err(cannot_coerce(vm, &value))
        }
        Value::Int(i) if mode == CoerceMode::ToString => Ok(Step::Value(Value::string(i.to_string()))),
        Value::Float(f) if mode == CoerceMode::ToString => {
            Ok(Step::Value(Value::string(format!("{f:.6}"))))
        }
        Value::Bool(b) if mode == CoerceMode::ToString => {
            Ok(Step::Value(Value::string(if b { "1" } else { "" })))
        }
        Value::Null if mode == CoerceMode::ToString => Ok(Step::Value(Value::string(""))),
        Value::List(items) if mode == CoerceMode::ToString => {
            join_list(vm, items, 0, Vec::new(), Vec::new())
        }
        other => Err(cannot_coerce(vm, &other)),
    }
}

fn cannot_coerce(vm: &Vm, value: &Value) -> EvalError {
    EvalError::new(
        ErrorKind::CannotCoerce {
            found: value.type_phrase().to_string(),
            value: printer::error_value(vm, value),
        },
        None,
    )
}

/// `toString [ a b ]`: elements coerced and joined by single spaces.
fn join_list(
    vm: &mut Vm,
    items: Rc<Vec<Value>>,
    index: usize,
    mut acc: Vec<u8>,
    context: Vec<Rc<str>>,
) -> EvalResult<Step> {
    let Some(item) = items.get(index).cloned() else {
        return Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(acc, context),
        ))));
    };
    if index > 0 {
        acc.push(b' ');
    }
    let step = coerce_to_string(vm, item, CoerceMode::ToString)?;
    Ok(Step::then(step, move |vm, piece| {
        let mut acc = acc;
        let mut context = context;
        if let Value::String(piece) = &piece {
            acc.extend_from_slice(&piece.bytes);
            context.extend(piece.context.iter().cloned());
        }
        join_list(vm, items, index + 1, acc, context)
    }))
}
