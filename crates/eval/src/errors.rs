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
}

impl EvalError {
    /// An error of this kind at this span.
    pub fn new(kind: ErrorKind, span: Option<SrcSpan>) -> Self {
        EvalError(Box::new(EvalErrorData {
            kind,
            span,
            trace: Vec::new(),
            notes: Vec::new(),
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
