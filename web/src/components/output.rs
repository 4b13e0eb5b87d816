//! The result pane: the printed value, or the error with its location.

use std::rc::Rc;

use yew::prelude::*;

use crate::protocol::{DiagnosticKind, WireDiagnostic, WireOutcome, WireSpan};
use crate::source_position::line_col;
use crate::state::{EvalFailure, EvalState};

/// Properties of [`Output`].
#[derive(Properties, PartialEq)]
pub struct OutputProps {
    /// What the evaluator last said.
    pub eval: EvalState,
    /// Whether that answer is about an older text than the editor's.
    pub stale: bool,
    /// The text of each file, to turn spans into line and column.
    pub source_of: Callback<String, Option<Rc<str>>>,
}

/// The result pane.
#[component]
pub fn Output(props: &OutputProps) -> Html {
    let body = match &props.eval {
        EvalState::Idle => html! { <p class="hint">{"Type a Nix expression on the left."}</p> },
        EvalState::Running { .. } => html! { <p class="hint">{"Evaluating…"}</p> },
        EvalState::Done { outcome, .. } => view_outcome(outcome, &props.source_of),
        EvalState::Failed { reason, .. } => view_failure(reason),
    };
    let class = classes!("output", props.stale.then_some("stale"));
    html! {
        <section class={class} aria-label="Result" data-testid="output">
            <h2 class="pane-title">{"Value"}</h2>
            { body }
        </section>
    }
}

fn view_outcome(outcome: &WireOutcome, source_of: &Callback<String, Option<Rc<str>>>) -> Html {
    let main = match (&outcome.value, &outcome.error) {
        (_, Some(error)) => view_diagnostic(error, source_of, "result-error"),
        (Some(value), None) => html! {
            <pre class="value" data-testid="result-value">{ value }</pre>
        },
        (None, None) => html! { <p class="hint">{"No value."}</p> },
    };
    let events: Html = outcome
        .events
        .iter()
        .map(|event| view_diagnostic(event, source_of, "result-event"))
        .collect();
    html! {
        <>
            { main }
            { events }
            <p class="steps">{ format!("{} steps", outcome.steps) }</p>
        </>
    }
}

fn kind_title(kind: DiagnosticKind) -> &'static str {
    match kind {
        DiagnosticKind::Parse => "Parse error",
        DiagnosticKind::Static => "Error",
        DiagnosticKind::Evaluation => "Evaluation error",
        DiagnosticKind::StepBudget => "Stopped: step budget exhausted",
        DiagnosticKind::Cancelled => "Stopped",
        DiagnosticKind::Internal => "Internal evaluator error",
        DiagnosticKind::Warning => "Warning",
        DiagnosticKind::Trace => "Trace",
    }
}

fn location(span: &WireSpan, source_of: &Callback<String, Option<Rc<str>>>) -> String {
    match source_of.emit(span.file.clone()) {
        Some(text) => {
            let position = line_col(&text, span.start);
            format!("{}:{}:{}", span.file, position.line, position.column)
        }
        None => span.file.clone(),
    }
}

fn view_diagnostic(
    diagnostic: &WireDiagnostic,
    source_of: &Callback<String, Option<Rc<str>>>,
    test_id: &'static str,
) -> Html {
    let class = match diagnostic.kind {
        DiagnosticKind::Warning | DiagnosticKind::Trace => "diagnostic note",
        _ => "diagnostic error",
    };
    let at = diagnostic.span.as_ref().map(|span| {
        html! { <p class="location" data-testid="location">{ format!("at {}", location(span, source_of)) }</p> }
    });
    let trace: Html = diagnostic
        .trace
        .iter()
        .map(|frame| {
            let at = frame
                .span
                .as_ref()
                .map(|span| format!(" (at {})", location(span, source_of)))
                .unwrap_or_default();
            html! { <li>{ format!("… {}{}", frame.message, at) }</li> }
        })
        .collect();
    let notes: Html = diagnostic
        .notes
        .iter()
        .map(|note| html! { <li>{ note }</li> })
        .collect();
    html! {
        <div class={class} role="alert" data-testid={test_id} data-code={diagnostic.code.clone()}>
            <p class="diagnostic-title">{ kind_title(diagnostic.kind) }</p>
            <pre class="message">{ &diagnostic.message }</pre>
            { for at }
            if !diagnostic.trace.is_empty() { <ul class="trace">{ trace }</ul> }
            if !diagnostic.notes.is_empty() { <ul class="notes">{ notes }</ul> }
        </div>
    }
}

fn view_failure(reason: &EvalFailure) -> Html {
    let text = match reason {
        EvalFailure::Stopped => "Stopped. The evaluator was restarted.".to_owned(),
        EvalFailure::TimedOut { after_ms } => format!(
            "No answer after {} s: the evaluation was stopped and the evaluator restarted.",
            after_ms / 1000
        ),
        EvalFailure::WorkerCrashed { detail } => format!("The evaluator crashed: {detail}"),
        EvalFailure::Rejected { detail } => format!("The evaluator rejected the request: {detail}"),
    };
    html! { <div class="diagnostic error" role="alert" data-testid="result-failure"><pre class="message">{ text }</pre></div> }
}
