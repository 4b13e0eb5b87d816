//! The header: the product name, the evaluation status, Run and Stop, and
//! the page's commands (examples, format, copy as Markdown, share, theme,
//! help).

use std::rc::Rc;

use yew::prelude::*;

use crate::components::ShareButton;
use crate::hooks::Theme;
use crate::state::Workspace;

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Whether an evaluation is running now.
    pub running: bool,
    /// Called when Stop is pressed.
    pub on_stop: Callback<()>,
    /// Called when Run is pressed.
    pub on_run: Callback<()>,
    /// Open the examples gallery.
    pub on_examples: Callback<()>,
    /// Open the keyboard help.
    pub on_help: Callback<()>,
    /// Re-indent the open file.
    pub on_format: Callback<()>,
    /// Copy the workspace and result as Markdown.
    pub on_copy: Callback<()>,
    /// What the last copy said ("Copied", "Copy failed").
    pub copied: Option<&'static str>,
    /// The theme choice.
    pub theme: Theme,
    /// Move to the next theme choice.
    pub on_theme: Callback<()>,
    /// The workspace the Share button links to (no button without one).
    #[prop_or_default]
    pub share: Option<Rc<Workspace>>,
}

/// The page header.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    html! {
        <header class="toolbar">
            <h1 class="brand">{"Fixpoint"}<span class="tagline">{"a Nix playground"}</span></h1>
            <div class="actions">
                <span class="status" data-testid="status" aria-live="polite">
                    { if props.running { "Evaluating…" } else { props.copied.unwrap_or("") } }
                </span>
                <button type="button" onclick={click(&props.on_examples)} data-testid="open-examples">{"Examples"}</button>
                <button type="button" onclick={click(&props.on_format)} data-testid="format"
                    title="Re-indent the open file by bracket depth and trim trailing spaces (strings are left alone)">{"Format"}</button>
                <button type="button" onclick={click(&props.on_copy)} data-testid="copy-markdown"
                    title="Copy the workspace and its result as Markdown">{"Copy as Markdown"}</button>
                { for props.share.clone().map(|workspace| html! { <ShareButton {workspace} /> }) }
                <button type="button" onclick={click(&props.on_theme)} data-testid="theme"
                    title="Light, dark, or follow the system">{ props.theme.label() }</button>
                <button type="button" onclick={click(&props.on_help)} data-testid="open-help"
                    aria-label="keyboard help">{"?"}</button>
                <button type="button" onclick={click(&props.on_run)} title="Evaluate now (Ctrl+Enter)" data-testid="run">{"Run"}</button>
                <button type="button" onclick={click(&props.on_stop)} disabled={!props.running}
                    data-testid="stop" title="Stop the running evaluation">{"Stop"}</button>
            </div>
        </header>
    }
}
