//! Core evaluator types → wire types (`crate::protocol`).
//!
//! Invariant: this is the only place that knows both sides; the protocol
//! module never names `fixpoint_eval`, so the page bundle does not link it.
//!
//! Tests: the `tests` module below (native).

use fixpoint_eval::{Diagnostic, ErrorKind, Outcome, Severity, Span, TraceFrame};

use crate::protocol::{
    self, DiagnosticKind, WireDiagnostic, WireOutcome, WireSpan, WireTraceFrame,
};

/// Mirrors an evaluation outcome for the wire.
pub fn outcome(outcome: Outcome) -> WireOutcome {
    WireOutcome {
        value: outcome.value,
        error: outcome.error.map(diagnostic),
        events: outcome.events.into_iter().map(diagnostic).collect(),
        steps: outcome.steps,
    }
}

fn diagnostic(diagnostic: Diagnostic) -> WireDiagnostic {
    WireDiagnostic {
        kind: kind(&diagnostic.kind),
        code: diagnostic.kind.code().to_owned(),
        severity: severity(diagnostic.severity),
        message: diagnostic.message,
        span: diagnostic.span.map(span),
        trace: diagnostic.trace.into_iter().map(trace_frame).collect(),
        notes: diagnostic.notes,
    }
}

fn kind(kind: &ErrorKind) -> DiagnosticKind {
    match kind {
        ErrorKind::Parse { .. } => DiagnosticKind::Parse,
        ErrorKind::UndefinedVariable { .. }
        | ErrorKind::DuplicateAttribute { .. }
        | ErrorKind::DuplicateFormal { .. }
        | ErrorKind::Syntax { .. } => DiagnosticKind::Static,
        ErrorKind::StepBudgetExceeded { .. } => DiagnosticKind::StepBudget,
        ErrorKind::Cancelled => DiagnosticKind::Cancelled,
        ErrorKind::Internal { .. } => DiagnosticKind::Internal,
        ErrorKind::Warning { .. } => DiagnosticKind::Warning,
        ErrorKind::Trace { .. } => DiagnosticKind::Trace,
        // Every other kind (and any the evaluator adds later) is a failure
        // while evaluating; the exact kind still travels as the code.
        _ => DiagnosticKind::Evaluation,
    }
}

fn severity(severity: Severity) -> protocol::Severity {
    match severity {
        Severity::Error => protocol::Severity::Error,
        Severity::Warning => protocol::Severity::Warning,
        Severity::Trace => protocol::Severity::Trace,
    }
}

fn span(span: Span) -> WireSpan {
    WireSpan {
        file: span.file,
        start: span.start,
        end: span.end,
    }
}

fn trace_frame(frame: TraceFrame) -> WireTraceFrame {
    WireTraceFrame {
        message: frame.message,
        span: frame.span.map(span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{FromWorker, ToWorker};
    use crate::worker::answer;

    fn evaluate(text: &str) -> WireOutcome {
        let request = ToWorker::Evaluate {
            rev: 7,
            files: vec![("/workspace/main.nix".to_owned(), text.to_owned())],
            entry: "/workspace/main.nix".to_owned(),
        };
        match answer(request).into_wire() {
            FromWorker::Done { rev: 7, outcome } => outcome,
            other => panic!("unexpected answer {other:?}"),
        }
    }

    #[test]
    fn value_crosses_as_printed_text() {
        let outcome = evaluate("1 + 2");
        assert_eq!(outcome.value.as_deref(), Some("3"));
        assert_eq!(outcome.error, None);
    }

    #[test]
    fn parse_error_crosses_as_data_with_span() {
        let outcome = evaluate("1 +");
        assert_eq!(outcome.value, None);
        let error = outcome.error.expect("a parse error");
        assert_eq!(error.kind, DiagnosticKind::Parse);
        assert_eq!(error.code, "E001");
        assert_eq!(error.severity, protocol::Severity::Error);
        let span = error.span.expect("a span");
        assert_eq!(span.file, "/workspace/main.nix");
        assert!(
            span.start <= 3 && span.end <= 3,
            "span {span:?} inside the text"
        );
    }

    #[test]
    fn kinds_map_to_ui_classes() {
        assert_eq!(kind(&ErrorKind::DivisionByZero), DiagnosticKind::Evaluation);
        assert_eq!(
            kind(&ErrorKind::UndefinedVariable { name: "x".into() }),
            DiagnosticKind::Static
        );
        assert_eq!(
            kind(&ErrorKind::StepBudgetExceeded { budget: 1 }),
            DiagnosticKind::StepBudget
        );
    }
}
