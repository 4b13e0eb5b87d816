//! The evaluator's internal error value.
//!
//! [`EvalError`] is an [`ErrorKind`] with a compact span and the trace frames
//! collected while unwinding (innermost first). It becomes a public
//! [`crate::Diagnostic`] at the API edge, where spans get their file names.

use crate::diagnostics::ErrorKind;
use crate::source::SrcSpan;

/// An error inside the evaluator. Boxed, so `Result<_, EvalError>` stays one
/// pointer wide on the error side; the fields are reached through `Deref`.
#[derive(Clone, Debug)]
pub struct EvalError(Box<EvalErrorData>);

/// The contents of an [`EvalError`].
#[derive(Clone, Debug)]
pub struct EvalErrorData {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where, when known.
    pub span: Option<SrcSpan>,
    /// "while evaluating …" frames, innermost first.
    pub trace: Vec<(String, Option<SrcSpan>)>,
    /// Extra lines such as "Did you mean …?".
    pub notes: Vec<String>,
    /// Frames dropped to bound memory: `(index, count)`, the dropped frames
    /// sat just before `trace[index]` (innermost-first order).
    pub omitted: Option<(usize, usize)>,
}

/// How many trace frames an error keeps at each end of its trace. A runaway
/// recursion unwinds millions of frames; only the innermost and outermost
/// `TRACE_KEEP` are kept and the rest counted, so memory stays bounded.
pub const TRACE_KEEP: usize = 100;

impl EvalError {
    /// An error of this kind at this span.
    pub fn new(kind: ErrorKind, span: Option<SrcSpan>) -> Self {
        EvalError(Box::new(EvalErrorData {
            kind,
            span,
            trace: Vec::new(),
            notes: Vec::new(),
            omitted: None,
        }))
    }

    /// An error at a span.
    pub fn at(kind: ErrorKind, span: SrcSpan) -> Self {
        Self::new(kind, Some(span))
    }

    /// Sets the span if none is set yet.
    pub fn or_span(mut self, span: SrcSpan) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    /// Adds a trace frame (the caller is further out than the frames so far).
    pub fn with_frame(mut self, message: impl Into<String>, span: Option<SrcSpan>) -> Self {
        self.trace.push((message.into(), span));
        self
    }

    /// Drops the middle of a long trace, keeping the innermost
    /// [`TRACE_KEEP`] frames and the outermost `TRACE_KEEP` so far.
    /// Called while unwinding; amortised O(1) per frame because it only acts
    /// once the trace has grown by `TRACE_KEEP` past its bound.
    pub fn compact_trace(&mut self) {
        if self.trace.len() <= 3 * TRACE_KEEP {
            return;
        }
        let drop = self.trace.len() - 2 * TRACE_KEEP;
        self.trace.drain(TRACE_KEEP..TRACE_KEEP + drop);
        self.add_omitted(TRACE_KEEP, drop);
    }

    /// Counts `count` frames dropped just before `trace[index]`. Only one gap
    /// is kept; a later gap at another index is merged into the first.
    pub fn add_omitted(&mut self, index: usize, count: usize) {
        let merged = match self.omitted {
            Some((at, before)) => (at.min(index), before + count),
            None => (index, count),
        };
        self.omitted = Some(merged);
    }

    /// A builtin's own error message.
    pub fn builtin(message: impl Into<String>) -> Self {
        Self::new(
            ErrorKind::Builtin {
                message: message.into(),
            },
            None,
        )
    }
}

impl std::ops::Deref for EvalError {
    type Target = EvalErrorData;
    fn deref(&self) -> &EvalErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for EvalError {
    fn deref_mut(&mut self) -> &mut EvalErrorData {
        &mut self.0
    }
}

impl EvalError {
    /// Unboxes the contents.
    pub fn into_data(self) -> EvalErrorData {
        *self.0
    }
}

/// Result type of evaluator internals.
pub type EvalResult<T> = Result<T, EvalError>;
