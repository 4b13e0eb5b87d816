//! The "show derivation" panel: a derivation row's `.drv` as ATerm text or
//! as `nix derivation show` JSON, with the honesty label that the paths
//! come from the playground's model nixpkgs.

use yew::prelude::*;

pub use crate::state::DerivationState;

/// Properties of [`DerivationPanel`].
#[derive(Properties, PartialEq)]
pub struct DerivationPanelProps {
    /// What to show.
    pub state: DerivationState,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The panel.
#[component]
pub fn DerivationPanel(props: &DerivationPanelProps) -> Html {
    let as_json = use_state(|| true);
    let close = props.on_close.reform(|_: MouseEvent| ());
    let toggle = {
        let as_json = as_json.clone();
        Callback::from(move |_: MouseEvent| as_json.set(!*as_json))
    };
    let body = match &props.state {
        DerivationState::Loading(path) => {
            html! { <p class="empty">{ format!("Loading the derivation of {}…", path.join(".")) }</p> }
        }
        DerivationState::Failed(reason) => {
            html! { <p class="error-message">{ reason.clone() }</p> }
        }
        DerivationState::Shown {
            drv_path,
            aterm,
            json,
        } => html! {
            <>
                <p class="drv-path"><code>{ drv_path.clone() }</code></p>
                <button type="button" onclick={toggle}>{ if *as_json { "Show ATerm" } else { "Show JSON" } }</button>
                <pre class="value" data-testid="derivation-text">{ if *as_json { json.clone() } else { aterm.clone() } }</pre>
            </>
        },
    };
    html! {
        <section class="derivation-panel" aria-label="Derivation" data-testid="derivation-panel">
            <header>
                <h3>{"Derivation"}</h3>
                <button type="button" onclick={close} aria-label="close the derivation panel">{"✕"}</button>
            </header>
            <p class="honesty">{"Store paths come from the playground's model nixpkgs, not from real nixpkgs."}</p>
            { body }
        </section>
    }
}
