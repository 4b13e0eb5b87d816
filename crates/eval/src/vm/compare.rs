//! Equality (`==`) and ordering (`<`) of values.
//!
//! Equality walks both values with an explicit work list; whenever it meets an
//! unforced thunk it asks the VM to force it and retries the same pair (the
//! thunk is memoised by then). Derivations compare by `outPath`; identical
//! values inside containers compare equal by pointer, as in Nix.

use std::rc::Rc;

use super::{Step, Task, Vm};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::printer;
use crate::source::SrcSpan;
use crate::value::{AttrSet, Value};

struct Equality {
    work: Vec<(Value, Value, bool)>,
}

/// `a == b` as a step finishing with a `Value::Bool`.
pub fn equal(a: Value, b: Value, span: SrcSpan) -> Step {
    let _ = span;
    let task = Box::new(Equality {
        work: vec![(a, b, false)],
    });
    Step::Then(Box::new(Step::Value(Value::Null)), task)
}

fn unforced(value: &Value) -> Option<Value> {
    match value {
        Value::Thunk(thunk) if thunk.value().is_none() => Some(value.clone()),
        _ => None,
    }
}

fn is_derivation(attrs: &AttrSet, vm: &Vm) -> Result<bool, Value> {
    match attrs.get(vm.syms.type_.as_str()) {
        Some(value) => {
            let value = value.resolved();
            if let Some(thunk) = unforced(&value) {
                return Err(thunk);
            }
            Ok(matches!(&value, Value::String(s) if &*s.bytes == b"derivation"))
        }
        None => Ok(false),
    }
}

impl Task for Equality {
    fn resume(mut self: Box<Self>, vm: &mut Vm, _: Value) -> EvalResult<Step> {
        while let Some((a, b, inner)) = self.work.pop() {
            let a = a.resolved();
            let b = b.resolved();
            if inner && a.same_object(&b) {
                continue;
            }
            if let Some(thunk) = unforced(&a).or_else(|| unforced(&b)) {
                self.work.push((a, b, inner));
                return Ok(Step::Force(thunk, None, self));
            }
            let equal = match (&a, &b) {
                (Value::Null, Value::Null) => true,
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Int(x), Value::Int(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
                    (*x as f64) == *y
                }
                (Value::String(x), Value::String(y)) => x.bytes == y.bytes,
                (Value::Path(x), Value::Path(y)) => x == y,
                (Value::List(x), Value::List(y)) => {
                    if x.len() != y.len() {
                        false
                    } else {
                        for (left, right) in x.iter().zip(y.iter()).rev() {
                            self.work.push((left.clone(), right.clone(), true));
                        }
                        true
                    }
                }
                (Value::Attrs(x), Value::Attrs(y)) => {
                    let drv_x = match is_derivation(x, vm) {
                        Ok(d) => d,
                        Err(thunk) => {
                            self.work.push((a.clone(), b.clone(), inner));
                            return Ok(Step::Force(thunk, None, self));
                        }
                    };
                    let drv_y = match is_derivation(y, vm) {
                        Ok(d) => d,
                        Err(thunk) => {
                            self.work.push((a.clone(), b.clone(), inner));
                            return Ok(Step::Force(thunk, None, self));
                        }
                    };
                    let out = vm.syms.out_path.as_str();
                    if drv_x && drv_y {
                        if let (Some(p), Some(q)) = (x.get(out), y.get(out)) {
                            self.work.push((p.clone(), q.clone(), true));
                            continue;
                        }
                    }
                    if x.len() != y.len() {
                        false
                    } else {
                        let mut same_names = true;
                        for (left, right) in x.entries().iter().zip(y.entries().iter()) {
                            if left.name != right.name {
                                same_names = false;
                                break;
                            }
                        }
                        if same_names {
                            for (left, right) in x.entries().iter().zip(y.entries().iter()).rev() {
                                self.work
                                    .push((left.value.clone(), right.value.clone(), true));
                            }
                        }
                        same_names
                    }
                }
                _ => false,
            };
            if !equal {
                return Ok(Step::Value(Value::Bool(false)));
            }
        }
        Ok(Step::Value(Value::Bool(true)))
    }
}

/// `a < b` as a step finishing with a `Value::Bool`.
pub fn less_than(vm: &mut Vm, a: Value, b: Value, span: SrcSpan) -> EvalResult<Step> {
    let a = a.resolved();
    let b = b.resolved();
    if unforced(&a).is_some() || unforced(&b).is_some() {
        return Ok(Step::force(a, move |_, a| {
            Ok(Step::force(b, move |vm, b| less_than(vm, a, b, span)))
        }));
    }
    let result = match (&a, &b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x), Value::Float(y)) => (*x as f64) < *y,
        (Value::Float(x), Value::Int(y)) => *x < (*y as f64),
        (Value::String(x), Value::String(y)) => x.bytes < y.bytes,
        (Value::Path(x), Value::Path(y)) => x.as_bytes() < y.as_bytes(),
        (Value::List(x), Value::List(y)) => {
            return Ok(list_less(x.clone(), y.clone(), 0, span));
        }
        _ => return Err(incomparable(vm, &a, &b).or_span(span)),
    };
    Ok(Step::Value(Value::Bool(result)))
}

fn list_less(x: Rc<Vec<Value>>, y: Rc<Vec<Value>>, index: usize, span: SrcSpan) -> Step {
    match (x.get(index).cloned(), y.get(index).cloned()) {
        (_, None) => Step::Value(Value::Bool(false)),
        (None, Some(_)) => Step::Value(Value::Bool(true)),
        (Some(left), Some(right)) => {
            Step::then(equal(left.clone(), right.clone(), span), move |vm, same| {
                if matches!(same, Value::Bool(true)) {
                    Ok(list_less(x, y, index + 1, span))
                } else {
                    less_than(vm, left, right, span)
                }
            })
        }
    }
}

fn incomparable(vm: &Vm, a: &Value, b: &Value) -> EvalError {
    let message = if std::mem::discriminant(a) == std::mem::discriminant(b) {
        format!(
            "cannot compare {} with {}; values of that type are incomparable (values are {} and {})",
            a.type_phrase(),
            b.type_phrase(),
            printer::error_value(vm, a),
            printer::error_value(vm, b)
        )
    } else {
        format!(
            "cannot compare {} with {}; values are {} and {}",
            a.type_phrase(),
            b.type_phrase(),
            printer::error_value(vm, a),
            printer::error_value(vm, b)
        )
    };
    EvalError::new(ErrorKind::Incomparable { message }, None)
}

/// A trace line leading to a difference: message and position.
type Trail = Rc<Vec<(String, Option<SrcSpan>)>>;

struct Explain {
    work: Vec<(Value, Value, Trail)>,
    operator: SrcSpan,
    top: bool,
}

/// `assert a == b` with an explanation: finishes with `true` when the values
/// are equal, otherwise fails with the first difference and the path to it.
pub fn explain_equal(a: Value, b: Value, operator: SrcSpan) -> Step {
    let task = Box::new(Explain {
        work: vec![(a, b, Rc::new(Vec::new()))],
        operator,
        top: true,
    });
    Step::Then(Box::new(Step::Value(Value::Null)), task)
}

fn differ(message: String, trail: &Trail) -> EvalError {
    let mut error = EvalError::new(ErrorKind::AssertionNotEqual { message }, None);
    for (message, span) in trail.iter().rev() {
        error.trace.push((message.clone(), *span));
    }
    error
}

fn extend(trail: &Trail, frames: Vec<(String, Option<SrcSpan>)>) -> Trail {
    let mut next: Vec<(String, Option<SrcSpan>)> = trail.as_ref().clone();
    next.extend(frames);
    Rc::new(next)
}

impl Task for Explain {
    fn resume(mut self: Box<Self>, vm: &mut Vm, _: Value) -> EvalResult<Step> {
        while let Some((a, b, trail)) = self.work.pop() {
            let inner = !std::mem::replace(&mut self.top, false) || !trail.is_empty();
            let a = a.resolved();
            let b = b.resolved();
            if inner && a.same_object(&b) {
                continue;
            }
            if let Some(thunk) = unforced(&a).or_else(|| unforced(&b)) {
                self.top = !inner;
                self.work.push((a, b, trail));
                return Ok(Step::Force(thunk, None, self));
            }
            let show = |v: &Value| printer::error_value(vm, v);
            let mismatch = |vm: &Vm, a: &Value, b: &Value| {
                format!(
                    "{} of value '{}' is not equal to {} of value '{}'",
                    a.type_phrase(),
                    printer::error_value(vm, a),
                    b.type_phrase(),
                    printer::error_value(vm, b)
                )
            };
            match (&a, &b) {
                (Value::Null, Value::Null) => {}
                (Value::Bool(x), Value::Bool(y)) => {
                    if x != y {
                        return Err(differ(
                            format!("boolean '{x}' is not equal to boolean '{y}'"),
                            &trail,
                        ));
                    }
                }
                (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                    let equal = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => x == y,
                        (Value::Float(x), Value::Float(y)) => x == y,
                        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
                            (*x as f64) == *y
                        }
                        _ => false,
                    };
                    if !equal {
                        return Err(differ(
                            format!(
                                "{} with value '{}' is not equal to {} with value '{}'",
                                a.type_phrase(),
                                show(&a),
                                b.type_phrase(),
                                show(&b)
                            ),
                            &trail,
                        ));
                    }
                }
                (Value::String(x), Value::String(y)) => {
                    if x.bytes != y.bytes {
                        return Err(differ(
                            format!(
                                "string '{}' is not equal to string '{}'",
                                show(&a),
                                show(&b)
                            ),
                            &trail,
                        ));
                    }
                }
                (Value::Path(x), Value::Path(y)) => {
                    if x != y {
                        return Err(differ(
                            format!("path '{x}' is not equal to path '{y}'"),
                            &trail,
                        ));
                    }
                }
                (Value::List(x), Value::List(y)) => {
                    if x.len() != y.len() {
                        return Err(differ(
                            format!(
                                "list of size '{}' is not equal to list of size '{}', left hand side is '{}', right hand side is '{}'",
                                x.len(),
                                y.len(),
                                show(&a),
                                show(&b)
                            ),
                            &trail,
                        ));
                    }
                    for (index, (left, right)) in x.iter().zip(y.iter()).enumerate().rev() {
                        let next = extend(
                            &trail,
                            vec![(
                                format!("while comparing list element {index}"),
                                Some(self.operator),
                            )],
                        );
                        self.work.push((left.clone(), right.clone(), next));
                    }
                }
                (Value::Attrs(x), Value::Attrs(y)) => {
                    let drv_x = match is_derivation(x, vm) {
                        Ok(d) => d,
                        Err(thunk) => {
                            self.work.push((a.clone(), b.clone(), trail));
                            return Ok(Step::Force(thunk, None, self));
                        }
                    };
                    let drv_y = match is_derivation(y, vm) {
                        Ok(d) => d,
                        Err(thunk) => {
                            self.work.push((a.clone(), b.clone(), trail));
                            return Ok(Step::Force(thunk, None, self));
                        }
                    };
                    let out = vm.syms.out_path.as_str();
                    if drv_x && drv_y {
                        if let (Some(p), Some(q)) = (x.get(out), y.get(out)) {
                            let next = extend(
                                &trail,
                                vec![(
                                    "while comparing a derivation by its 'outPath' attribute"
                                        .into(),
                                    Some(self.operator),
                                )],
                            );
                            self.work.push((p.clone(), q.clone(), next));
                            continue;
                        }
                    }
                    let same_names = x.len() == y.len()
                        && x.entries()
                            .iter()
                            .zip(y.entries().iter())
                            .all(|(l, r)| l.name == r.name);
                    if !same_names {
                        return Err(differ(
                            format!(
                                "attribute names of attribute set '{}' differs from attribute set '{}'",
                                show(&a),
                                show(&b)
                            ),
                            &trail,
                        ));
                    }
                    for (left, right) in x.entries().iter().zip(y.entries().iter()).rev() {
                        let next = extend(
                            &trail,
                            vec![
                                (
                                    format!("while comparing attribute '{}'", left.name),
                                    Some(self.operator),
                                ),
                                ("where left hand side is".into(), left.pos),
                                ("where right hand side is".into(), right.pos),
                            ],
                        );
                        self.work
                            .push((left.value.clone(), right.value.clone(), next));
                    }
                }
                (Value::Lambda(_) | Value::PrimOp(_), Value::Lambda(_) | Value::PrimOp(_)) => {
                    return Err(differ(
                        "distinct functions and immediate comparisons of identical functions compare as unequal".into(),
                        &trail,
                    ));
                }
                _ => return Err(differ(mismatch(vm, &a, &b), &trail)),
            }
        }
        Ok(Step::Value(Value::Bool(true)))
    }
}
