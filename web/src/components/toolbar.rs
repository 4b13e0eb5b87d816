//! The header: the product name, the evaluation status and the Stop button.

use yew::prelude::*;

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Whether an evaluation is running now.
    pub running: bool,
    /// Called when Stop is pressed.
    pub on_stop: Callback<()>,
    /// Called when Run is pressed.
    pub on_run: Callback<()>,
}

/// The page header.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    html! {
        <header class="toolbar">
            <h1 class="brand">{"Fixpoint"}<span class="tagline">{"a Nix playground"}</span></h1>
            <div class="actions">
                <span class="status" data-testid="status" aria-live="polite">
                    { if props.running { "Evaluating…" } else { "" } }
                </span>
                <button type="button" onclick={on_run} title="Evaluate now (Ctrl+Enter)">{"Run"}</button>
                <button type="button" onclick={on_stop} disabled={!props.running}
                    data-testid="stop" title="Stop the running evaluation">{"Stop"}</button>
            </div>
        </header>
    }
}
