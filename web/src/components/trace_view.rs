//! The Trace view: the forcing order of the selected attribute, one step
//! at a time — which thunk forced which, which layer answered each
//! `final.x` / `prev.x` lookup, where `prev` stopped the chain.
//!
//! The worker replays the trace in a fresh session and sends it a page at
//! a time; the step shown is an index into the whole trace, and moving
//! past the page asks for the next one.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::layer_badge::LayerBadge;
use crate::protocol::set::{WireLayer, WireTraceEvent, WireTracePage};

/// Properties of [`TraceView`].
#[derive(Properties, PartialEq)]
pub struct TraceViewProps {
    /// The view's layers.
    pub layers: Rc<[WireLayer]>,
    /// The selected attribute.
    pub selected: Option<Vec<String>>,
    /// The loaded page, if any.
    pub page: Option<Rc<WireTracePage>>,
    /// The step shown (index into the whole trace).
    pub step: usize,
    /// Show step `n` (the root loads its page if needed).
    pub on_step: Callback<usize>,
}

fn describe(event: &WireTraceEvent, layers: &Rc<[WireLayer]>) -> Html {
    match event {
        WireTraceEvent::Force {
            attribute,
            snippet,
            at,
            ..
        } => {
            let what = match attribute {
                Some(path) => format!("force {}", path.join(".")),
                None => "force a thunk".to_owned(),
            };
            let place = at
                .as_ref()
                .map(|at| format!(" at {}:{}:{}", short_file(&at.file), at.line, at.column))
                .unwrap_or_default();
            html! {
                <>
                    <span class="what">{ what }{ place }</span>
                    { for snippet.as_ref().map(|s| html! { <code class="snippet">{ s.clone() }</code> }) }
                </>
            }
        }
        WireTraceEvent::Reused { attribute, .. } => html! {
            <span class="what">{ format!("reuse {} (already computed)", attribute.join(".")) }</span>
        },
        WireTraceEvent::Done { ok, .. } => html! {
            <span class={classes!("what", (!ok).then_some("failed"))}>{ if *ok { "done" } else { "failed" } }</span>
        },
        WireTraceEvent::Lookup {
            via,
            name,
            answered_by,
            found,
            ..
        } => html! {
            <>
                <span class="what">{ format!("look up {via}.{name}") }</span>
                { match (found, answered_by) {
                    (true, Some(index)) => html! { <>{" → answered by "}<LayerBadge layers={layers.clone()} index={*index} small=true /></> },
                    (true, None) => html! { {" → found"} },
                    (false, _) => html! { <span class="failed">{" → not found"}</span> },
                } }
            </>
        },
    }
}

fn depth_of(event: &WireTraceEvent) -> usize {
    match event {
        WireTraceEvent::Force { depth, .. }
        | WireTraceEvent::Reused { depth, .. }
        | WireTraceEvent::Done { depth, .. }
        | WireTraceEvent::Lookup { depth, .. } => *depth,
    }
}

fn short_file(file: &str) -> &str {
    file.strip_prefix("/workspace/").unwrap_or(file)
}

/// The Trace view.
#[component]
pub fn TraceView(props: &TraceViewProps) -> Html {
    let Some(selected) = &props.selected else {
        return html! { <p class="empty">{"Select an attribute in the Set or Graph view to trace how it is forced."}</p> };
    };
    let Some(page) = &props.page else {
        return html! { <p class="empty" data-testid="trace-loading">{ format!("Tracing {}…", selected.join(".")) }</p> };
    };
    let total = page.total;
    let step = props.step.min(total.saturating_sub(1));
    let go = |to: usize| {
        let on_step = props.on_step.clone();
        Callback::from(move |_: MouseEvent| on_step.emit(to))
    };
    let items = page.events.iter().enumerate().map(|(i, event)| {
        let index = page.offset + i;
        let current = index == step;
        let past = index < step;
        let class = classes!(
            "trace-event",
            current.then_some("current"),
            past.then_some("past")
        );
        let indent = format!(
            "padding-left: {}rem",
            (depth_of(event).min(30)) as f32 * 0.8
        );
        html! {
            <li {class} style={indent} aria-current={current.then_some("step")} onclick={go(index)}
                data-testid="trace-event" data-step={index.to_string()}>
                <span class="index">{ index + 1 }</span>
                { describe(event, &props.layers) }
            </li>
        }
    });
    html! {
        <div class="trace" data-testid="trace">
            <div class="trace-controls">
                <strong>{ selected.join(".") }</strong>
                <button type="button" onclick={go(0)} disabled={step == 0} aria-label="first step">{"⏮"}</button>
                <button type="button" onclick={go(step.saturating_sub(1))} disabled={step == 0} data-testid="trace-back">{"◀ back"}</button>
                <span data-testid="trace-position">{ format!("step {} of {}", if total == 0 { 0 } else { step + 1 }, total) }</span>
                <button type="button" onclick={go(step + 1)} disabled={step + 1 >= total} data-testid="trace-forward">{"forward ▶"}</button>
                <button type="button" onclick={go(total.saturating_sub(1))} disabled={step + 1 >= total} aria-label="last step">{"⏭"}</button>
            </div>
            { if page.truncated { html! { <p class="note">{ format!("The trace was capped at {total} events.") }</p> } } else { html! {} } }
            { for page.error.as_ref().map(|error| html! { <p class="error-message">{ format!("error: {}", error.message) }</p> }) }
            <ol class="trace-events">{ for items }</ol>
        </div>
    }
}
