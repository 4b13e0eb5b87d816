//! An optional observer of evaluation: which thunk is being forced, and
//! which attribute each selection found where. The override engine uses it
//! for the *reads* of each attribute and the forcing trace.
//!
//! The VM calls the `notify_*` functions below only when an observer is
//! installed (`Vm::observer` is `Some`), so evaluation without one pays one
//! branch per force and per selection. Observers see compact [`SrcSpan`]s;
//! [`crate::Evaluator::public_span`] turns them into file paths.
//!
//! Deliberately absent: selections made by builtins (`getAttr`, `//`,
//! `attrNames`…) are not reported, only `e.name` / `e ? name` syntax
//! (including `inherit (e) name`).

use std::rc::Rc;

use crate::compiler::{Expr, ExprRef};
use crate::source::SrcSpan;
use crate::value::{Thunk, ThunkState, Value};
use crate::vm::Vm;
use crate::Evaluator;

/// Receives evaluation events. Every method has an empty default.
pub trait EvalObserver {
    /// Forcing of a thunk began. `id` identifies the thunk while it lives
    /// (see [`thunk_id`]); `span` is its expression's, when it has one.
    fn thunk_entered(&mut self, id: usize, span: Option<SrcSpan>) {
        let _ = (id, span);
    }
    /// A thunk already forced was asked for again (its value is reused).
    fn thunk_reused(&mut self, id: usize) {
        let _ = id;
    }
    /// Forcing of the innermost entered thunk ended, with a value or not.
    fn thunk_left(&mut self, id: usize, ok: bool) {
        let _ = (id, ok);
    }
    /// `subject.name` (or `subject ? name`) was looked up at `at`. `found`
    /// says whether the set had it; `definition` is where that attribute
    /// was defined, when known.
    fn attr_selected(&mut self, name: &str, at: SrcSpan, found: bool, definition: Option<SrcSpan>) {
        let _ = (name, at, found, definition);
    }
}

/// The identity observers see for a thunk value (its address), or `None`
/// for a value that is not a thunk.
pub fn thunk_id(value: &Value) -> Option<usize> {
    match value {
        Value::Thunk(thunk) => Some(Rc::as_ptr(thunk) as usize),
        _ => None,
    }
}

impl Evaluator {
    /// Installs (or, with `None`, removes) the observer; returns the
    /// previous one so the caller can read what it collected.
    pub fn set_observer(
        &mut self,
        observer: Option<Box<dyn EvalObserver>>,
    ) -> Option<Box<dyn EvalObserver>> {
        std::mem::replace(&mut self.vm.observer, observer)
    }
}

/// Called by the VM when it starts forcing `thunk` in `state`.
pub(crate) fn notify_entered(vm: &mut Vm, thunk: &Rc<Thunk>, state: &ThunkState) {
    // Only these states push an update frame, so only they will be left.
    let span = match state {
        ThunkState::Pending(expr, _) => expr_span(expr),
        ThunkState::Apply(..) => None,
        ThunkState::Done(_) => {
            if let Some(observer) = vm.observer.as_mut() {
                observer.thunk_reused(Rc::as_ptr(thunk) as usize);
            }
            return;
        }
        ThunkState::Blackhole | ThunkState::Failed(_) => return,
    };
    if let Some(observer) = vm.observer.as_mut() {
        observer.thunk_entered(Rc::as_ptr(thunk) as usize, span);
    }
}

/// Called by the VM when forcing `thunk` ends.
pub(crate) fn notify_left(vm: &mut Vm, thunk: &Rc<Thunk>, ok: bool) {
    if let Some(observer) = vm.observer.as_mut() {
        observer.thunk_left(Rc::as_ptr(thunk) as usize, ok);
    }
}

/// Called by the VM when it looks `name` up in `subject` at `at`.
pub(crate) fn notify_selected(vm: &mut Vm, subject: &Value, name: &str, at: SrcSpan) {
    let (found, definition) = match subject {
        Value::Attrs(attrs) => match attrs.get_attr(name) {
            Some(attr) => (true, attr.pos),
            None => (false, None),
        },
        _ => (false, None),
    };
    if let Some(observer) = vm.observer.as_mut() {
        observer.attr_selected(name, at, found, definition);
    }
}

/// The span of an expression, for the kinds that carry one.
fn expr_span(expr: &ExprRef) -> Option<SrcSpan> {
    match &**expr {
        Expr::Apply { span, .. }
        | Expr::Select { span, .. }
        | Expr::HasAttr { span, .. }
        | Expr::Binary { span, .. }
        | Expr::Not { span, .. }
        | Expr::If { span, .. }
        | Expr::Assert { span, .. }
        | Expr::Interpolate { span, .. }
        | Expr::WithVar { span, .. }
        | Expr::SearchPath { span, .. } => Some(*span),
        Expr::Lambda(def) => Some(def.span),
        Expr::CurPos(span) => Some(*span),
        _ => None,
    }
}
