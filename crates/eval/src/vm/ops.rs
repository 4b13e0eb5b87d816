//! Binary operators: arithmetic with Nix's overflow and int/float rules,
//! `++`, `//`, Boolean connectives, and dispatch to equality, ordering and
//! string concatenation.

use std::rc::Rc;

use super::coerce::{coerce_to_string, CoerceMode};
use super::compare::{equal, less_than};
use super::frames::Frame;
use super::{Ctl, Step, Vm};
use crate::compiler::{BinOp, Expr, ExprRef};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{Env, NixString, Value};

/// The arithmetic operators shared by `+ - * /` and `builtins.add` etc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Multiplication.
    Mul,
    /// Division.
    Div,
}

/// Applies an arithmetic operator to two numbers.
pub fn arithmetic(op: Arith, lhs: &Value, rhs: &Value) -> EvalResult<Value> {
    match (lhs, rhs) {
        (Value::Int(a), Value::Int(b)) => {
            let (a, b) = (*a, *b);
            let result = match op {
                Arith::Add => a.checked_add(b),
                Arith::Sub => a.checked_sub(b),
                Arith::Mul => a.checked_mul(b),
                Arith::Div => {
                    if b == 0 {
                        return Err(EvalError::new(ErrorKind::DivisionByZero, None));
                    }
                    a.checked_div(b)
                }
            };
            result.map(Value::Int).ok_or_else(|| {
                let (verb, sign) = match op {
                    Arith::Add => ("adding", "+"),
                    Arith::Sub => ("subtracting", "-"),
                    Arith::Mul => ("multiplying", "*"),
                    Arith::Div => ("dividing", "/"),
                };
                EvalError::new(
                    ErrorKind::IntegerOverflow {
                        message: format!("integer overflow in {verb} {a} {sign} {b}"),
                    },
                    None,
                )
            })
        }
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let a = as_float(lhs);
            let b = as_float(rhs);
            Ok(Value::Float(match op {
                Arith::Add => a + b,
                Arith::Sub => a - b,
                Arith::Mul => a * b,
                Arith::Div => {
                    if b == 0.0 {
                        return Err(EvalError::new(ErrorKind::DivisionByZero, None));
                    }
                    a / b
                }
            }))
        }
        _ => Err(EvalError::new(
            ErrorKind::Internal {
                message: "arithmetic on non-numbers".into(),
            },
            None,
        )),
    }
}

fn as_float(value: &Value) -> f64 {
    match value {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => 0.0,
    }
}

fn is_number(value: &Value) -> bool {
    matches!(value, Value::Int(_) | Value::Float(_))
}

/// Which operand of a binary operator.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The left operand.
    Left,
    /// The right operand.
    Right,
}

fn op_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Concat => "++",
        BinOp::Update => "//",
        BinOp::Eq => "==",
        BinOp::NotEq => "!=",
        BinOp::Less => "<",
        BinOp::LessEq => "<=",
        BinOp::More => ">",
        BinOp::MoreEq => ">=",
        BinOp::And => "&&",
        BinOp::Or => "||",
        BinOp::Implies => "->",
    }
}

/// The trace lines Nix adds for an error in one operand of `expr`
/// (innermost first). Nix desugars `- * / < <= > >=` into builtin calls, so
/// those report "while calling the 'sub' builtin" at the operator.
pub fn operand_frames(error: &mut EvalError, expr: &Expr, side: Side) {
    let Expr::Binary {
        op,
        op_span,
        lhs,
        rhs,
        ..
    } = expr
    else {
        return;
    };
    let operand = match side {
        Side::Left => lhs.span(),
        Side::Right => rhs.span(),
    };
    let which = match side {
        Side::Left => "left",
        Side::Right => "right",
    };
    let op_span = Some(*op_span);
    match op {
        BinOp::Add => error.trace.push(("in an operand of '+'".into(), operand)),
        BinOp::Sub => error
            .trace
            .push(("while calling the 'sub' builtin".into(), op_span)),
        BinOp::Mul => error
            .trace
            .push(("while calling the 'mul' builtin".into(), op_span)),
        BinOp::Div => error
            .trace
            .push(("while calling the 'div' builtin".into(), op_span)),
        BinOp::Less | BinOp::More => error
            .trace
            .push(("while calling the 'lessThan' builtin".into(), op_span)),
        BinOp::LessEq | BinOp::MoreEq => {
            error
                .trace
                .push(("while calling the 'lessThan' builtin".into(), op_span));
            error.trace.push(("in the argument of '!'".into(), op_span));
        }
        other => error.trace.push((
            format!("in the {which} operand of '{}'", op_symbol(*other)),
            operand,
        )),
    }
}

/// A type error in one operand, reported at that operand inside its frame.
fn operand_error(mut error: EvalError, expr: &Expr, side: Side) -> EvalError {
    if let Expr::Binary { lhs, rhs, .. } = expr {
        let span = match side {
            Side::Left => lhs.span(),
            Side::Right => rhs.span(),
        };
        if error.span.is_none() {
            error.span = span;
        }
    }
    operand_frames(&mut error, expr, side);
    error
}

impl Vm {
    pub(super) fn binary_rhs(&mut self, expr: ExprRef, lhs: Value, env: Rc<Env>) -> Ctl {
        let Expr::Binary { op, rhs, .. } = &*expr else {
            return super::err(super::internal("binary frame on another node"));
        };
        let op = *op;
        let short_circuit = match (op, &lhs) {
            (BinOp::And, Value::Bool(false)) => Some(false),
            (BinOp::Or, Value::Bool(true)) => Some(true),
            (BinOp::Implies, Value::Bool(false)) => Some(true),
            (BinOp::And | BinOp::Or | BinOp::Implies, Value::Bool(_)) => None,
            (BinOp::And | BinOp::Or | BinOp::Implies, other) => {
                let error = self.type_error("a Boolean", other);
                return super::err(operand_error(error, &expr, Side::Left));
            }
            _ => None,
        };
        if let Some(result) = short_circuit {
            return Ctl::Ret(Value::Bool(result));
        }
        // A right operand that is already a value, or a call computed at
        // once, needs no frame.
        if self.observer.is_none() {
            let right = match super::quick::ready_value(rhs, &env) {
                Some(right) => Some(right),
                None => match self.operand_call(rhs, &env) {
                    Some(Ok(right)) => Some(right),
                    Some(Err(call)) => {
                        self.stack.push(Frame::BinaryApply { expr, lhs });
                        return self.enter_lambda(call);
                    }
                    None => None,
                },
            };
            if let Some(right) = right {
                if let Some(value) = quick_binary(op, &lhs, &right) {
                    return Ctl::Ret(value);
                }
                return match self.binary(&expr, lhs, right) {
                    Ok(step) => self.step(step),
                    Err(error) => super::err(error),
                };
            }
        }
        let rhs = rhs.clone();
        self.stack.push(Frame::BinaryApply { expr, lhs });
        Ctl::Eval(rhs, env)
    }

    pub(super) fn binary(&mut self, expr: &ExprRef, lhs: Value, rhs: Value) -> EvalResult<Step> {
        let Expr::Binary { op, span, .. } = &**expr else {
            return Err(super::internal("binary frame on another node"));
        };
        let (op, span) = (*op, *span);
        match op {
            BinOp::And | BinOp::Or | BinOp::Implies => match rhs {
                Value::Bool(_) => Ok(Step::Value(rhs)),
                other => Err(operand_error(
                    self.type_error("a Boolean", &other),
                    expr,
                    Side::Right,
                )),
            },
            BinOp::Add => self.add(lhs, rhs, span),
            BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let arith = match op {
                    BinOp::Sub => Arith::Sub,
                    BinOp::Mul => Arith::Mul,
                    _ => Arith::Div,
                };
                let name = match arith {
                    Arith::Sub => "sub",
                    Arith::Mul => "mul",
                    _ => "div",
                };
                let call_frame = |mut error: EvalError| {
                    operand_frames(&mut error, expr, Side::Left);
                    error
                };
                if arith == Arith::Div && matches!(rhs, Value::Int(0)) {
                    return Err(call_frame(EvalError::new(ErrorKind::DivisionByZero, None)));
                }
                for (index, operand) in [&lhs, &rhs].into_iter().enumerate() {
                    if !is_number(operand) {
                        let expected = if arith == Arith::Div {
                            "a float"
                        } else {
                            "an integer"
                        };
                        let error = self
                            .type_error(expected, operand)
                            .with_frame(crate::builtins::argument_context(name, index), None);
                        return Err(call_frame(error));
                    }
                }
                arithmetic(arith, &lhs, &rhs)
                    .map(Step::Value)
                    .map_err(call_frame)
            }
            BinOp::Concat => match (&lhs, &rhs) {
                (Value::List(a), Value::List(b)) => {
                    let mut items = Vec::with_capacity(a.len() + b.len());
                    items.extend(a.iter().cloned());
                    items.extend(b.iter().cloned());
                    Ok(Step::Value(Value::List(Rc::new(items))))
                }
                (Value::List(_), other) => Err(operand_error(
                    self.type_error("a list", other),
                    expr,
                    Side::Right,
                )),
                (other, _) => Err(operand_error(
                    self.type_error("a list", other),
                    expr,
                    Side::Left,
                )),
            },
            BinOp::Update => match (&lhs, &rhs) {
                (Value::Attrs(a), Value::Attrs(b)) => {
                    if b.is_empty() {
                        return Ok(Step::Value(lhs));
                    }
                    if a.is_empty() {
                        return Ok(Step::Value(rhs));
                    }
                    Ok(Step::Value(Value::Attrs(Rc::new(a.update(b)))))
                }
                (Value::Attrs(_), other) => Err(operand_error(
                    self.type_error("a set", other),
                    expr,
                    Side::Right,
                )),
                (other, _) => Err(operand_error(
                    self.type_error("a set", other),
                    expr,
                    Side::Left,
                )),
            },
            BinOp::Eq => Ok(equal(lhs, rhs, span)),
            BinOp::NotEq => Ok(Step::then(equal(lhs, rhs, span), |_, result| {
                Ok(Step::Value(match result {
                    Value::Bool(b) => Value::Bool(!b),
                    other => other,
                }))
            })),
            BinOp::Less | BinOp::More | BinOp::LessEq | BinOp::MoreEq => {
                let (a, b) = match op {
                    BinOp::Less | BinOp::MoreEq => (lhs, rhs),
                    _ => (rhs, lhs),
                };
                let expr = expr.clone();
                let step = less_than(self, a, b, span).map_err(|mut error| {
                    operand_frames(&mut error, &expr, Side::Left);
                    error
                })?;
                if matches!(op, BinOp::LessEq | BinOp::MoreEq) {
                    Ok(Step::then(step, negate))
                } else {
                    Ok(step)
                }
            }
        }
    }

    fn add(&mut self, lhs: Value, rhs: Value, span: SrcSpan) -> EvalResult<Step> {
        if is_number(&lhs) && is_number(&rhs) {
            return arithmetic(Arith::Add, &lhs, &rhs)
                .map(Step::Value)
                .map_err(|e| e.or_span(span));
        }
        match (&lhs, &rhs) {
            (Value::String(a), Value::String(b)) => {
                return Ok(Step::Value(concat_strings(a, b)));
            }
            (Value::Path(a), Value::Path(b)) => {
                let joined = format!("{a}{b}");
                return Ok(Step::Value(Value::Path(Rc::from(
                    crate::paths::canonicalize(&joined),
                ))));
            }
            _ => {}
        }
        if is_number(&lhs) {
            return Err(EvalError::at(
                ErrorKind::Builtin {
                    message: format!("cannot add {} to {}", rhs.type_phrase(), lhs.type_phrase()),
                },
                span,
            ));
        }
        if let Value::Path(base) = &lhs {
            let base = base.clone();
            let step =
                coerce_to_string(self, rhs, CoerceMode::Interpolation { copy_paths: false })?;
            return Ok(Step::then(step, move |_, suffix| {
                let Value::String(suffix) = suffix else {
                    return Err(super::internal("coercion returned a non-string"));
                };
                if !suffix.context.is_empty() {
                    return Err(EvalError::builtin(
                        "a string that refers to a store path cannot be appended to a path",
                    ));
                }
                let joined = format!("{base}{}", suffix.to_str_lossy());
                Ok(Step::Value(Value::Path(Rc::from(
                    crate::paths::canonicalize(&joined),
                ))))
            }));
        }
        let mode = CoerceMode::Interpolation { copy_paths: true };
        let left = coerce_to_string(self, lhs, mode)?;
        Ok(Step::then(left, move |vm, left| {
            let right = coerce_to_string(vm, rhs, mode)?;
            Ok(Step::then(right, move |_, right| match (&left, &right) {
                (Value::String(a), Value::String(b)) => Ok(Step::Value(concat_strings(a, b))),
                _ => Err(super::internal("coercion returned a non-string")),
            }))
        }))
    }
}

fn negate(_: &mut Vm, value: Value) -> EvalResult<Step> {
    Ok(Step::Value(match value {
        Value::Bool(b) => Value::Bool(!b),
        other => other,
    }))
}

/// Concatenates two strings, merging their contexts.
pub fn concat_strings(a: &NixString, b: &NixString) -> Value {
    let mut bytes = Vec::with_capacity(a.bytes.len() + b.bytes.len());
    bytes.extend_from_slice(&a.bytes);
    bytes.extend_from_slice(&b.bytes);
    if a.context.is_empty() && b.context.is_empty() {
        return Value::string(bytes);
    }
    let mut context: Vec<Rc<str>> = a.context.to_vec();
    context.extend(b.context.iter().cloned());
    Value::String(Rc::new(NixString::with_context(bytes, context)))
}

/// The result of `lhs op rhs` for operands already in weak head normal form,
/// when computing it is total, cheap and allocates nothing: arithmetic and
/// ordering on numbers, equality on `null`, Booleans and numbers, and the
/// Boolean connectives on Booleans. `None` whenever the full operator could
/// fail (overflow, division by zero, a type error) or has more work to do
/// (strings, lists, sets); the caller then takes the general path, which
/// reports the error exactly as before.
///
/// Only for operations whose value is demanded now: computing `f (n - 1)`'s
/// argument early would be visible (`trace` prints an unforced element as
/// `«thunk»`), so arguments and elements stay thunks.
pub(super) fn quick_binary(op: BinOp, lhs: &Value, rhs: &Value) -> Option<Value> {
    quick_scalars(op, Scalar::of(lhs)?, Scalar::of(rhs)?)
}

/// A value that holds no reference: what [`quick_binary`] computes with.
/// Copying one costs no reference-count traffic and dropping it nothing.
#[derive(Clone, Copy)]
pub(super) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Scalar {
    #[inline(always)]
    pub(super) fn of(value: &Value) -> Option<Scalar> {
        match value {
            Value::Null => Some(Scalar::Null),
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            Value::Int(i) => Some(Scalar::Int(*i)),
            Value::Float(f) => Some(Scalar::Float(*f)),
            _ => None,
        }
    }
}

/// [`quick_binary`] on scalars. Inlined: the operator and the operands'
/// kinds are then often known where it is used, and the result needs no
/// trip through memory.
#[inline(always)]
pub(super) fn quick_scalars(op: BinOp, lhs: Scalar, rhs: Scalar) -> Option<Value> {
    use Scalar::{Bool, Float, Int, Null};
    let as_float = |s: Scalar| match s {
        Int(i) => i as f64,
        Float(f) => f,
        _ => 0.0,
    };
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => match (lhs, rhs) {
            (Int(a), Int(b)) => match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                _ if b == 0 => None,
                _ => a.checked_div(b),
            }
            .map(Value::Int),
            (Int(_) | Float(_), Int(_) | Float(_)) => {
                let (a, b) = (as_float(lhs), as_float(rhs));
                Some(Value::Float(match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    _ if b == 0.0 => return None,
                    _ => a / b,
                }))
            }
            _ => None,
        },
        BinOp::Less | BinOp::More | BinOp::LessEq | BinOp::MoreEq => {
            // Exactly as `binary`: `a > b` is `b < a`, `a <= b` is `!(b < a)`.
            let (a, b) = match op {
                BinOp::Less | BinOp::MoreEq => (lhs, rhs),
                _ => (rhs, lhs),
            };
            let less = match (a, b) {
                (Int(x), Int(y)) => x < y,
                (Float(x), Float(y)) => x < y,
                (Int(x), Float(y)) => (x as f64) < y,
                (Float(x), Int(y)) => x < (y as f64),
                _ => return None,
            };
            Some(Value::Bool(match op {
                BinOp::Less | BinOp::More => less,
                _ => !less,
            }))
        }
        BinOp::Eq | BinOp::NotEq => {
            let same = match (lhs, rhs) {
                (Null, Null) => true,
                (Bool(x), Bool(y)) => x == y,
                (Int(x), Int(y)) => x == y,
                (Float(x), Float(y)) => x == y,
                (Int(x), Float(y)) | (Float(y), Int(x)) => (x as f64) == y,
                _ => false,
            };
            Some(Value::Bool(same == (op == BinOp::Eq)))
        }
        BinOp::And | BinOp::Or | BinOp::Implies => match (lhs, rhs) {
            (Bool(a), Bool(b)) => Some(Value::Bool(match op {
                BinOp::And => a && b,
                BinOp::Or => a || b,
                _ => !a || b,
            })),
            _ => None,
        },
        BinOp::Concat | BinOp::Update => None,
    }
}
