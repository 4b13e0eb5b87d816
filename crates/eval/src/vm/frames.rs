//! Continuation frames: what the VM does with the value it just computed.
//!
//! The VM keeps these on a `Vec`; evaluating a sub-expression pushes the frame
//! that consumes its result. Frames that only annotate (call traces, contexts)
//! pass values through unchanged and contribute trace lines when an error
//! unwinds past them.

use std::rc::Rc;

use super::requests::{Task, TraceLine};
use crate::compiler::{AttrsDef, ExprRef};
use crate::source::SrcSpan;
use crate::value::{Attr, Closure, Env, PrimOpApp, Thunk, Value};

/// One continuation frame.
pub enum Frame {
    /// Memoise the result in a thunk; on error, clear its black hole.
    Update(Rc<Thunk>),
    /// Call the computed function with one argument.
    Apply1 {
        /// The argument.
        arg: Value,
        /// The application.
        span: SrcSpan,
    },
    /// Call the computed function with these arguments (last one first).
    Apply {
        /// Remaining arguments, in reverse order.
        args: Vec<Value>,
        /// The application.
        span: SrcSpan,
    },
    /// The computed value is the argument of a pattern lambda.
    BindPattern {
        /// The lambda.
        closure: Rc<Closure>,
        /// The call site.
        span: SrcSpan,
    },
    /// A lambda body is running (trace only).
    CallTrace {
        /// The lambda.
        closure: Rc<Closure>,
        /// The call site.
        span: SrcSpan,
    },
    /// Forcing the strict arguments of a primop.
    PrimOpArgs(Box<PrimOpArgs>),
    /// A primop is running (trace only).
    PrimOpTrace {
        /// The primop's name.
        name: &'static str,
        /// The call site.
        span: SrcSpan,
    },
    /// A builtin's continuation.
    Task(Box<dyn Task>),
    /// Add a trace line to errors passing through.
    Context(String, Option<SrcSpan>),
    /// Add a trace line, written when needed, to errors passing through.
    Line(TraceLine),
    /// One level of a deep walk (`deepSeq`, `--strict`): counts against
    /// max-call-depth like a call, as Nix's `forceValueDeep` does, and adds
    /// its trace line, if any, to errors passing through.
    Level(Option<TraceLine>),
    /// Catch catchable errors (`tryEval`).
    TryEval,
    /// Evaluate the right operand of a binary operator.
    BinaryRhs {
        /// The `Binary` node.
        expr: ExprRef,
        /// Its environment.
        env: Rc<Env>,
    },
    /// Apply a binary operator to the computed right operand.
    BinaryApply {
        /// The `Binary` node.
        expr: ExprRef,
        /// The left operand.
        lhs: Value,
    },
    /// Branch on the computed condition.
    If {
        /// The `then` branch.
        then: ExprRef,
        /// The `else` branch.
        otherwise: ExprRef,
        /// Their environment.
        env: Rc<Env>,
        /// The whole expression.
        span: SrcSpan,
    },
    /// Check the computed assertion condition.
    Assert {
        /// The body.
        body: ExprRef,
        /// Its environment.
        env: Rc<Env>,
        /// The condition's text.
        text: Rc<str>,
        /// The whole expression.
        span: SrcSpan,
    },
    /// Negate the computed Boolean.
    Not {
        /// Where the operand is.
        operand: Option<SrcSpan>,
    },
    /// Walk an attribute path (select or has-attr).
    Select {
        /// The expression (a `Select` or `HasAttr` node).
        expr: ExprRef,
        /// The next path component.
        index: usize,
        /// The environment for dynamic keys and the default.
        env: Rc<Env>,
        /// The attribute found last (for "from the definition of" traces).
        last: Option<FoundAttr>,
    },
    /// The final attribute of a select is being forced (trace only).
    SelectTrace {
        /// The `Select` node.
        expr: ExprRef,
        /// The attribute being forced.
        last: FoundAttr,
    },
    /// The computed value is a dynamic key of a select path; `current` is the
    /// set being selected from.
    SelectKey {
        /// The `Select`/`HasAttr` node.
        expr: ExprRef,
        /// The component index.
        index: usize,
        /// The environment.
        env: Rc<Env>,
        /// The set.
        current: Value,
        /// The attribute found last.
        last: Option<FoundAttr>,
    },
    /// Look a name up in the computed `with` namespace.
    WithLookup {
        /// The `WithVar` node.
        expr: ExprRef,
        /// Which `with` scope is being searched.
        index: usize,
        /// The environment.
        env: Rc<Env>,
    },
    /// Collect the parts of an interpolated string.
    Interpolate(Box<Interpolation>),
    /// The computed value is the name of a dynamic attribute.
    DynamicAttr(Box<DynamicAttrs>),
    /// The computed value is the `__overrides` of a `rec` set being built.
    Overrides(Box<DynamicAttrs>),
}

/// Forcing the strict arguments of a primop.
pub struct PrimOpArgs {
    /// The primop and all its arguments.
    pub app: PrimOpApp,
    /// Index of the argument being forced.
    pub index: usize,
    /// The call site.
    pub span: SrcSpan,
}

/// An interpolated string being built.
pub struct Interpolation {
    /// The `Interpolate` node.
    pub expr: ExprRef,
    /// The part being computed.
    pub index: usize,
    /// The environment.
    pub env: Rc<Env>,
    /// What has been built so far.
    pub acc: Vec<u8>,
    /// Context collected so far.
    pub context: Vec<Rc<str>>,
    /// Whether the result is a path (the first part was a path).
    pub path: bool,
}

/// The dynamic attributes of a set literal being evaluated.
pub struct DynamicAttrs {
    /// The set literal.
    pub def: Rc<AttrsDef>,
    /// Which dynamic attribute.
    pub index: usize,
    /// Environment of names and values.
    pub env: Rc<Env>,
    /// Attributes so far.
    pub attrs: Vec<Attr>,
}

/// An attribute a select path went through: its name and definition.
#[derive(Clone)]
pub struct FoundAttr {
    /// The attribute's name.
    pub name: crate::symbols::Symbol,
    /// Where it was defined.
    pub pos: Option<SrcSpan>,
}

impl Frame {
    /// Roughly how many trace lines this frame adds to an error unwinding
    /// past it; used to count the frames a fatal error skips collecting.
    pub fn trace_lines(&self) -> usize {
        match self {
            Frame::CallTrace { .. } => 2,
            Frame::BindPattern { .. }
            | Frame::PrimOpArgs(_)
            | Frame::PrimOpTrace { .. }
            | Frame::Context(..)
            | Frame::Line(_)
            | Frame::Not { .. }
            | Frame::BinaryRhs { .. }
            | Frame::BinaryApply { .. }
            | Frame::Select { .. }
            | Frame::SelectKey { .. }
            | Frame::SelectTrace { .. }
            | Frame::Level(Some(_)) => 1,
            Frame::Task(task) => usize::from(task.trace_line().is_some()),
            _ => 0,
        }
    }
}
