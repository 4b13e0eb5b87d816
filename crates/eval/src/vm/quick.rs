//! Fast paths: values the machine can compute in place, without frames,
//! trips around its loop, or allocations.
//!
//! Everything here only *reads* expressions and slots, computes operations
//! that cannot fail ([`ops::quick_scalars`]) and, where the value is about to
//! be forced anyway, finishes a thunk whose code is such an operation
//! ([`settle`]). Nothing recurses in proportion to the program: each helper
//! looks a fixed number of levels deep. Callers must have no observer
//! installed (it has to see every force) and fall back to the general path
//! whenever a helper returns `None`.
//!
//! Reads go through [`Slots`], implemented by an environment and by
//! [`CallScope`]: a one-parameter call's scope before its environment is
//! allocated, so a call whose body is computed here (`n: if n < 2 then n
//! else …` on a small `n`, genList's `i: i * 2`) allocates no environment.

use std::cell::{Cell, Ref};
use std::ops::Deref;
use std::rc::Rc;

use super::ops::{self, Scalar};
use crate::compiler::{BinOp, Expr, ExprRef, Param};
use crate::source::SrcSpan;
use crate::value::{Attr, AttrSet, Closure, Env, NixString, PrimOpApp, Thunk, ThunkState, Value};

/// Where a fast path reads variables.
pub(super) trait Slots {
    /// A borrowed slot.
    type Slot<'a>: Deref<Target = Value>
    where
        Self: 'a;

    /// Borrows the slot `depth` scopes up.
    fn slot(&self, depth: u32, slot: u32) -> Option<Self::Slot<'_>>;
}

impl Slots for Rc<Env> {
    type Slot<'a> = Ref<'a, Value>;

    #[inline(always)]
    fn slot(&self, depth: u32, slot: u32) -> Option<Ref<'_, Value>> {
        self.slot_ref(depth, slot)
    }
}

/// The scope of a call of a one-parameter lambda that has no environment
/// yet: slot 0 at depth 0 is the argument, everything further out is the
/// closure's environment.
#[derive(Clone, Copy)]
pub(super) struct CallScope<'a> {
    /// The argument.
    pub arg: &'a Value,
    /// The closure's environment.
    pub parent: &'a Rc<Env>,
}

/// A slot of a [`CallScope`]: the argument, or a slot further out.
pub(super) enum CallSlot<'a> {
    /// The argument.
    Arg(&'a Value),
    /// A slot of the closure's environment.
    Outer(Ref<'a, Value>),
}

impl Deref for CallSlot<'_> {
    type Target = Value;

    #[inline(always)]
    fn deref(&self) -> &Value {
        match self {
            CallSlot::Arg(value) => value,
            CallSlot::Outer(value) => value,
        }
    }
}

impl Slots for CallScope<'_> {
    type Slot<'b>
        = CallSlot<'b>
    where
        Self: 'b;

    #[inline(always)]
    fn slot(&self, depth: u32, slot: u32) -> Option<CallSlot<'_>> {
        match depth.checked_sub(1) {
            None => (slot == 0).then_some(CallSlot::Arg(self.arg)),
            Some(outer) => self.parent.slot_ref(outer, slot).map(CallSlot::Outer),
        }
    }
}

/// The scope of the inner lambda of a curried `a: b: body` called with both
/// arguments at once (`foldl'`'s `acc: x: …`), before either environment
/// is allocated: `b` at depth 0, `a` at depth 1, then the outer closure's
/// environment.
pub(super) struct CurriedScope<'a> {
    /// The second argument (`b`).
    pub arg: &'a Value,
    /// The first argument (`a`).
    pub outer_arg: &'a Value,
    /// The outer closure's environment.
    pub parent: &'a Rc<Env>,
}

impl Slots for CurriedScope<'_> {
    type Slot<'b>
        = CallSlot<'b>
    where
        Self: 'b;

    #[inline(always)]
    fn slot(&self, depth: u32, slot: u32) -> Option<CallSlot<'_>> {
        match depth {
            0 => (slot == 0).then_some(CallSlot::Arg(self.arg)),
            1 => (slot == 0).then_some(CallSlot::Arg(self.outer_arg)),
            _ => self.parent.slot_ref(depth - 2, slot).map(CallSlot::Outer),
        }
    }
}

/// The value of a constant or of a variable whose slot is already in weak
/// head normal form (or a finished thunk): what evaluating `expr` would
/// return without running anything. `None` when evaluation has work to do.
#[inline(always)]
pub(super) fn ready_value(expr: &ExprRef, scope: &impl Slots) -> Option<Value> {
    match &**expr {
        Expr::Const(Value::Thunk(_)) => None,
        Expr::Const(value) => Some(value.clone()),
        Expr::Var { depth, slot, .. } => ready_slot(&*scope.slot(*depth, *slot)?),
        _ => None,
    }
}

/// [`ready_value`], or the value of a variable's thunk that [`settle`]
/// computes at once. Only for a value that is about to be forced anyway.
pub(super) fn settled_value(expr: &ExprRef, scope: &impl Slots, calls: bool) -> Option<Value> {
    match &**expr {
        Expr::Var { depth, slot, .. } => match &*scope.slot(*depth, *slot)? {
            Value::Thunk(thunk) => thunk.value().or_else(|| settle(thunk, calls)),
            value => Some(value.clone()),
        },
        _ => ready_value(expr, scope),
    }
}

/// A slot's value in weak head normal form, if it is one.
#[inline(always)]
fn ready_slot(value: &Value) -> Option<Value> {
    match value {
        Value::Thunk(thunk) => thunk.value(),
        value => Some(value.clone()),
    }
}

/// A slot's scalar, if it holds one or a finished thunk of one.
#[inline(always)]
fn scalar_slot(value: &Value) -> Option<Scalar> {
    match value {
        Value::Thunk(thunk) => thunk.with_value(Scalar::of),
        value => Scalar::of(value),
    }
}

/// [`scalar_slot`], settling a thunk that [`settle`] computes at once.
#[inline(always)]
fn settled_slot(value: &Value, calls: bool) -> Option<Scalar> {
    match value {
        Value::Thunk(thunk) => thunk
            .with_value(Scalar::of)
            .or_else(|| settle(thunk, calls).as_ref().and_then(Scalar::of)),
        value => Scalar::of(value),
    }
}

/// [`ready_value`] for operands of [`ops::quick_scalars`]: numbers,
/// Booleans and `null`, read in place (no reference counts touched).
#[inline(always)]
fn ready_scalar(expr: &ExprRef, scope: &impl Slots) -> Option<Scalar> {
    match &**expr {
        Expr::Const(value) => Scalar::of(value),
        Expr::Var { depth, slot, .. } => scalar_slot(&*scope.slot(*depth, *slot)?),
        _ => None,
    }
}

/// What evaluating `expr` would return when that needs no frame, no
/// allocation and cannot fail: [`ready_value`], or a binary operation on
/// operands [`settled_operands`] can provide. `calls`: whether a function
/// call may start now (`Vm::calls_allowed`).
#[inline(always)]
pub(super) fn value(expr: &ExprRef, scope: &impl Slots, calls: bool) -> Option<Value> {
    match &**expr {
        Expr::Binary { op, lhs, rhs, .. } => {
            let (left, right) = settled_operands(*op, lhs, rhs, scope, calls)?;
            ops::quick_scalars(*op, left, right)
        }
        _ => ready_value(expr, scope),
    }
}

/// The operands of a binary operation whose value is demanded now, as
/// scalars, forcing a variable's thunk when [`settle`] can do it at once: in
/// `n < 2`, where `n` is the thunk of `n - 1` passed by `fib`, that saves two
/// frames and four trips around the loop. The right operand of `&&`, `||`
/// and `->` is only read, never forced: Nix may not evaluate it. The left
/// operand is settled before the right one is looked at, as Nix forces them.
#[inline(always)]
pub(super) fn settled_operands(
    op: BinOp,
    lhs: &ExprRef,
    rhs: &ExprRef,
    scope: &impl Slots,
    calls: bool,
) -> Option<(Scalar, Scalar)> {
    let left = settled_scalar(lhs, scope, calls)?;
    let right = match op {
        BinOp::And | BinOp::Or | BinOp::Implies => ready_scalar(rhs, scope)?,
        _ => settled_scalar(rhs, scope, calls)?,
    };
    Some((left, right))
}

/// [`ready_scalar`], or the value of a variable's thunk that [`settle`]
/// computes at once. Only for an operand that is about to be forced anyway.
#[inline(always)]
fn settled_scalar(expr: &ExprRef, scope: &impl Slots, calls: bool) -> Option<Scalar> {
    match &**expr {
        Expr::Const(value) => Scalar::of(value),
        Expr::Var { depth, slot, .. } => settled_slot(&*scope.slot(*depth, *slot)?, calls),
        _ => None,
    }
}

/// Forces a pending thunk without the machine when what it computes is an
/// operation on scalars that are ready ([`ops::quick_scalars`]: cannot fail,
/// runs nothing else): no `Update` frame, no trips around the loop. That is
/// code such as `n - 1`, a call such as genList's `f i` whose function is
/// `i: i * 2` (only when `calls` says a call may start now; the call needs
/// no environment, see [`CallScope`]), a pending call whose body
/// [`call_body`] computes ([`call_value`], also only when `calls`), a
/// string whose parts are all ready ([`ready_string`], likewise), or
/// [`builtin_of_scalar`]. Operands are only read, and a call's body settles
/// operands with `calls` off, so this recurses one level at most. The
/// caller must be about to force the thunk, and must have no observer
/// (which has to see every force).
pub(super) fn settle(thunk: &Thunk, calls: bool) -> Option<Value> {
    let value = thunk.with_state(|state| match state {
        ThunkState::Pending(expr, env) => match &**expr {
            Expr::Apply { .. } if calls => call_value(expr, env),
            // With `calls` off inside, as in a call's body: the parts only
            // settle operations, never this thunk.
            Expr::Interpolate {
                parts,
                is_path: false,
                ..
            } if calls => ready_string(parts, env, false),
            _ => operation(expr, env),
        },
        ThunkState::Apply(Value::Lambda(closure), arg) if calls => {
            if !matches!(closure.def.param, Param::Ident(_)) {
                return None;
            }
            let scope = CallScope {
                arg,
                parent: &closure.env,
            };
            operation(&closure.def.body, &scope).or_else(|| set_call(closure, arg))
        }
        ThunkState::Apply(Value::PrimOp(app), arg) => builtin_of_scalar(app, arg),
        _ => None,
    })?;
    thunk.finish(value.clone());
    Some(value)
}

/// The value of a pending call `f x` of a variable holding a one-parameter
/// lambda, when [`call_body`] computes the body without an environment
/// (`name i` with `name = i: "a${toString i}"`): what the machine would
/// return after an `Update` frame, an environment and a `CallTrace` frame.
/// The argument is what the machine would pass: a constant or the
/// variable's slot as it is (an operation only when the lambda forces its
/// parameter first, as `Vm::eager_argument` decides). Calls inside the body
/// are not made here (one level only), so the only thunks settled meanwhile
/// are operations, never this call's own thunk, whose state the caller
/// holds borrowed.
pub(super) fn call_value(expr: &ExprRef, env: &Rc<Env>) -> Option<Value> {
    let call = variable_call(expr)?;
    let closure = match &*env.slot_ref(call.depth, call.slot)? {
        Value::Lambda(closure) => closure.clone(),
        Value::Thunk(thunk) => thunk.with_value(|value| match value {
            Value::Lambda(closure) => Some(closure.clone()),
            _ => None,
        })?,
        _ => return None,
    };
    if !matches!(closure.def.param, Param::Ident(_)) {
        return None;
    }
    let arg = match &**call.arg {
        Expr::Const(value) => value.clone(),
        Expr::Var { depth, slot, .. } => env.slot_ref(*depth, *slot)?.clone(),
        _ if closure.def.strict_param => operation(call.arg, env)?,
        _ => return None,
    };
    let scope = CallScope {
        arg: &arg,
        parent: &closure.env,
    };
    match call_body(&closure.def.body, &scope, false) {
        Body::Value(value) => Some(value),
        Body::Branch(_) => None,
        Body::Whole => set_call(&closure, &arg),
    }
}

/// A call of a one-parameter lambda whose body is a set literal that is
/// not `rec` and has only static names and no `inherit (…)`, possibly
/// inside one `let` (genList's `i: { name = …; value = …; }`, or `j: let i
/// = …; in { … }`): the call's environment (and the `let`'s) and the set of
/// thunks in it, as the machine would build them, without its `CallTrace`
/// frame or trips round the loop. Building the set evaluates nothing and
/// cannot fail; no call is made inside.
pub(super) fn set_call(closure: &Closure, arg: &Value) -> Option<Value> {
    if !matches!(closure.def.param, Param::Ident(_)) {
        return None;
    }
    let (bindings, def) = match &*closure.def.body {
        Expr::Attrs(def) => (None, def),
        Expr::Let { slots, body } => match &**body {
            Expr::Attrs(def) => (Some(slots), def),
            _ => return None,
        },
        _ => return None,
    };
    if def.rec || def.env_slots > 0 || !def.dynamics.is_empty() {
        return None;
    }
    let mut env = Env::with_one(arg.clone(), Some(closure.env.clone()));
    if let Some(slots) = bindings {
        // As `Expr::Let` does: the slots may refer to each other.
        let scope = Env::new(slots.len(), Some(env));
        for (index, slot) in slots.iter().enumerate() {
            scope.set(index, super::thunk_in(slot, &scope));
        }
        env = scope;
    }
    let attrs = def
        .statics
        .iter()
        .map(|attr| Attr {
            name: attr.name.clone(),
            value: super::thunk_of(&attr.value, &env),
            pos: Some(attr.pos),
        })
        .collect();
    Some(Value::Attrs(Rc::new(AttrSet::from_sorted(attrs))))
}

/// A call `f x` of a variable with one argument, as the fast paths take
/// it: the function's slot (`depth`, `slot`), the argument and the call's
/// span. The slot is read in place, touching no reference count.
pub(super) struct VariableCall<'a> {
    pub depth: u32,
    pub slot: u32,
    pub arg: &'a ExprRef,
    pub span: SrcSpan,
}

/// `expr` as a [`VariableCall`], if it is one.
pub(super) fn variable_call(expr: &ExprRef) -> Option<VariableCall<'_>> {
    let Expr::Apply { func, args, span } = &**expr else {
        return None;
    };
    let [arg] = &args[..] else {
        return None;
    };
    let Expr::Var { depth, slot, .. } = &**func else {
        return None;
    };
    Some(VariableCall {
        depth: *depth,
        slot: *slot,
        arg,
        span: *span,
    })
}

/// Whether `app` is the builtin `toString` with no argument yet.
pub(super) fn is_bare_to_string(app: &PrimOpApp) -> bool {
    app.args.is_empty() && app.op.name == "toString"
}

/// A builtin given its last argument, when the call cannot fail and only
/// allocates its result: `toString` of an integer (`genList toString n`,
/// `map toString`). The general path would run the same code after a frame
/// for the thunk, one for the builtin and a vector for its argument.
fn builtin_of_scalar(app: &PrimOpApp, arg: &Value) -> Option<Value> {
    if !is_bare_to_string(app) {
        return None;
    }
    let int = match arg {
        Value::Int(int) => *int,
        Value::Thunk(thunk) => thunk.with_value(|value| match value {
            Value::Int(int) => Some(*int),
            _ => None,
        })?,
        _ => return None,
    };
    Some(Value::string(super::coerce::decimal(int)))
}

/// The integer `i` when `part` is `toString i` with the builtin `toString`
/// and an `i` that is an integer, a thunk [`settle`] computes at once or an
/// operation on ready scalars (the builtin forces its argument anyway).
pub(super) fn int_to_string_part(part: &ExprRef, scope: &impl Slots, calls: bool) -> Option<i64> {
    let call = variable_call(part)?;
    if !matches!(&*scope.slot(call.depth, call.slot)?, Value::PrimOp(app) if is_bare_to_string(app))
    {
        return None;
    }
    // `toString (i - 1)`: the builtin forces its argument at once, so an
    // operation on ready scalars is computed here instead of a thunk.
    let arg = match &**call.arg {
        Expr::Binary { .. } => value(call.arg, scope, calls)?,
        _ => settled_value(call.arg, scope, calls)?,
    };
    match arg {
        Value::Int(int) => Some(int),
        _ => None,
    }
}

/// Appends to `text` (and `context`) the parts of an interpolation, from
/// `from` on, whose text is known without the machine: literals, ready
/// strings and `toString` of an integer ([`int_to_string_part`]). Returns
/// the index of the first part that needs the machine, `None` when all are
/// appended. Parts are read (and settled) in order and none after the one
/// returned is touched; nothing here can fail.
pub(super) fn ready_parts(
    parts: &[ExprRef],
    from: usize,
    scope: &impl Slots,
    calls: bool,
    text: &mut Vec<u8>,
    context: &mut Vec<Rc<str>>,
) -> Option<usize> {
    for (index, part) in parts.iter().enumerate().skip(from) {
        if let Expr::Const(Value::String(literal)) = &**part {
            text.extend_from_slice(&literal.bytes);
            context.extend(literal.context.iter().cloned());
            continue;
        }
        if let Some(ready) = ready_value(part, scope) {
            // A path is copied to the store, anything else coerced: both
            // for the machine.
            let Value::String(piece) = ready else {
                return Some(index);
            };
            text.extend_from_slice(&piece.bytes);
            context.extend(piece.context.iter().cloned());
            continue;
        }
        match int_to_string_part(part, scope, calls) {
            Some(int) => super::coerce::push_decimal(text, int),
            None => return Some(index),
        }
    }
    None
}

thread_local! {
    /// Where a string whose parts are all ready is assembled before it is
    /// allocated at its exact length (a `Vec` grown as it goes would be
    /// shrunk by a `realloc` that copies). Kept between uses; see
    /// [`take_text`].
    static TEXT: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// The thread's assembly buffer, empty (a fresh one when it is out,
/// which it never is while a string is being built: building one makes
/// no calls that build another). Give it back with [`give_back_text`].
pub(super) fn take_text() -> Vec<u8> {
    let mut text = TEXT.try_with(Cell::take).unwrap_or_default();
    text.clear();
    text
}

/// Returns a buffer from [`take_text`] for the next string.
pub(super) fn give_back_text(text: Vec<u8>) {
    let _ = TEXT.try_with(|kept| kept.set(text));
}

/// The string an interpolation (not a path) makes when all its parts are
/// ready ([`ready_parts`]).
pub(super) fn ready_string(parts: &[ExprRef], scope: &impl Slots, calls: bool) -> Option<Value> {
    let mut text = take_text();
    let mut context = Vec::new();
    let all_ready = ready_parts(parts, 0, scope, calls, &mut text, &mut context).is_none();
    let string =
        all_ready.then(|| Value::String(Rc::new(NixString::with_context(text.to_vec(), context))));
    give_back_text(text);
    string
}

/// A binary operation on ready scalars, computed in place.
#[inline(always)]
pub(super) fn operation(expr: &ExprRef, scope: &impl Slots) -> Option<Value> {
    match &**expr {
        Expr::Binary { op, lhs, rhs, .. } => {
            ops::quick_scalars(*op, ready_scalar(lhs, scope)?, ready_scalar(rhs, scope)?)
        }
        _ => None,
    }
}

/// How far [`call_body`] got with a lambda's body.
pub(super) enum Body<'a> {
    /// The call's value: the body needed nothing else.
    Value(Value),
    /// The body is an `if` whose condition is decided: evaluate this
    /// branch instead of the whole body.
    Branch(&'a ExprRef),
    /// Nothing computed: evaluate the body.
    Whole,
}

/// The value of a one-parameter lambda's `body` in `scope` when that needs
/// no environment: an operation on ready scalars (`i: i * 2`), or an `if`
/// whose condition is one and whose chosen branch is ready or is one (the
/// base case of a recursion: `n: if n < 2 then n else …`). Otherwise the
/// branch an `if` with such a condition takes, which spares the call its
/// trip through the `if`. `calls`: whether a call may start inside this one.
#[inline]
pub(super) fn call_body<'a>(body: &'a ExprRef, scope: &impl Slots, calls: bool) -> Body<'a> {
    match &**body {
        Expr::If {
            cond,
            then,
            otherwise,
            ..
        } => {
            let Some(Value::Bool(chosen)) = value(cond, scope, calls) else {
                return Body::Whole;
            };
            let branch = if chosen { then } else { otherwise };
            match value(branch, scope, calls) {
                Some(value) => Body::Value(value),
                None => Body::Branch(branch),
            }
        }
        Expr::Binary { .. } => match value(body, scope, calls) {
            Some(value) => Body::Value(value),
            None => Body::Whole,
        },
        // `i: "a${toString i}"`: the string, without an environment.
        Expr::Interpolate {
            parts,
            is_path: false,
            ..
        } => match ready_string(parts, scope, calls) {
            Some(value) => Body::Value(value),
            None => Body::Whole,
        },
        _ => Body::Whole,
    }
}
