//! The Value view: the entry's value printed like
//! `nix-instantiate --eval --strict` (or as JSON), or the error that
//! stopped it with its location, "while evaluating" chain and notes.
//!
//! The JSON form is not part of an evaluation's answer (printing it can
//! cost more than the rest): while "Show as JSON" is on and the shown
//! answer has none, the view asks for it (`on_want_json`), once per answer.

use std::rc::Rc;

use yew::prelude::*;

use crate::protocol::{DiagnosticKind, WireDiagnostic, WireOutcome, WireSpan};
use crate::source_position::line_col;
use crate::state::relative_path;

/// Properties of [`ValueView`].
#[derive(Properties, PartialEq)]
pub struct ValueViewProps {
    /// The printed value (expression mode), if any.
    pub value: Option<WireOutcome>,
    /// The value as JSON, if it has one.
    pub json: Option<Result<String, String>>,
    /// Set mode: there is no single value, only the set.
    pub set_mode: bool,
    /// Every file (relative path, text), to turn spans into line and column.
    pub files: Rc<[(String, Rc<str>)]>,
    /// The revision of the answer shown, when it is final (not stale).
    #[prop_or_default]
    pub rev: Option<u64>,
    /// Asks for the JSON form of the answer shown.
    #[prop_or_default]
    pub on_want_json: Callback<()>,
}

/// The Value view.
#[component]
pub fn ValueView(props: &ValueViewProps) -> Html {
    let as_json = use_state(|| false);
    {
        let printed = props
            .value
            .as_ref()
            .is_some_and(|outcome| outcome.value.is_some());
        let wanted = *as_json && printed && !props.set_mode && props.json.is_none();
        let on_want_json = props.on_want_json.clone();
        use_effect_with((wanted, props.rev), move |(wanted, rev)| {
            if *wanted && rev.is_some() {
                on_want_json.emit(());
            }
        });
    }
    if props.set_mode {
        return html! { <p class="empty">{"In set mode the result is the set: see the Set tab, or switch to expression mode."}</p> };
    }
    let Some(outcome) = &props.value else {
        return html! { <p class="empty">{"Evaluating…"}</p> };
    };
    let toggle = {
        let as_json = as_json.clone();
        Callback::from(move |_: MouseEvent| as_json.set(!*as_json))
    };
    let main = match (&outcome.value, &outcome.error, *as_json) {
        (_, Some(error), _) => view_diagnostic(error, &props.files, "result-error"),
        (Some(_), None, true) => match &props.json {
            Some(Ok(json)) => {
                html! { <pre class="value" data-testid="result-json">{ json.clone() }</pre> }
            }
            Some(Err(reason)) => {
                html! { <p class="error-message">{ format!("no JSON form: {reason}") }</p> }
            }
            None => html! { <p class="empty">{"…"}</p> },
        },
        (Some(value), None, false) => {
            html! { <pre class="value" data-testid="result-value">{ value.clone() }</pre> }
        }
        (None, None, _) => html! { <p class="empty">{"No value."}</p> },
    };
    let events: Html = outcome
        .events
        .iter()
        .map(|event| view_diagnostic(event, &props.files, "result-event"))
        .collect();
    html! {
        <div class="value-view">
            <div class="view-controls">
                <button type="button" onclick={toggle} aria-pressed={(*as_json).to_string()} data-testid="json-toggle"
                    disabled={outcome.value.is_none()}>
                    { if *as_json { "Show as Nix" } else { "Show as JSON" } }
                </button>
                <span class="note steps">{ format!("{} steps", outcome.steps) }</span>
            </div>
            { main }
            { events }
        </div>
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

/// `FILE:LINE:COLUMN` of a span (the file's absolute virtual path).
pub fn location(span: &WireSpan, files: &[(String, Rc<str>)]) -> String {
    let text = relative_path(&span.file)
        .and_then(|name| files.iter().find(|(file, _)| file == name))
        .map(|(_, text)| text);
    match text {
        Some(text) => {
            let position = line_col(text, span.start);
            format!("{}:{}:{}", span.file, position.line, position.column)
        }
        None => span.file.clone(),
    }
}

fn view_diagnostic(
    diagnostic: &WireDiagnostic,
    files: &[(String, Rc<str>)],
    test_id: &'static str,
) -> Html {
    let class = match diagnostic.kind {
        DiagnosticKind::Warning | DiagnosticKind::Trace => "diagnostic note",
        _ => "diagnostic error",
    };
    let at = diagnostic.span.as_ref().map(|span| {
        html! { <p class="location" data-testid="location">{ format!("at {}", location(span, files)) }</p> }
    });
    let trace: Html = diagnostic
        .trace
        .iter()
        .map(|frame| {
            let at = frame
                .span
                .as_ref()
                .map(|span| format!(" (at {})", location(span, files)))
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
