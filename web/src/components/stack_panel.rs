//! The workspace controls above the editor: the mode switch, the base
//! chooser and the overlay stack (set mode) or the entry chooser
//! (expression mode), and "show as plain Nix".
//!
//! The stack lists overlays top first, the way they apply: the top one
//! wins. Each has an on/off switch, up/down buttons (keyboard and touch)
//! and can be dragged onto another overlay's place (HTML drag and drop with
//! the mouse; the item under the pointer is marked as the drop target);
//! opening it shows it in the editor.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::protocol::set::{WireBase, WireMode, WireOverlay};
use crate::state::{Action, FileRole, Workspace};

/// Properties of [`StackPanel`].
#[derive(Properties, PartialEq)]
pub struct StackPanelProps {
    /// The workspace.
    pub workspace: Rc<Workspace>,
    /// Changes go here.
    pub dispatch: Callback<Action>,
    /// The plain-Nix text of the last answer (set mode).
    pub plain_nix: Option<String>,
}

fn base_value(base: &WireBase) -> String {
    match base {
        WireBase::MiniNixpkgs => "mini".to_owned(),
        WireBase::Empty => "empty".to_owned(),
        WireBase::PythonSet => "python".to_owned(),
        WireBase::Custom { file } => format!("file:{file}"),
    }
}

fn base_of_value(value: &str) -> Option<WireBase> {
    match value {
        "mini" => Some(WireBase::MiniNixpkgs),
        "empty" => Some(WireBase::Empty),
        "python" => Some(WireBase::PythonSet),
        other => other.strip_prefix("file:").map(|file| WireBase::Custom {
            file: file.to_owned(),
        }),
    }
}

/// The controls.
#[component]
pub fn StackPanel(props: &StackPanelProps) -> Html {
    let drag = use_state(Drag::default);
    let show_plain = use_state(|| false);
    let workspace = &props.workspace;
    let dispatch = props.dispatch.clone();
    let expression = matches!(workspace.mode, WireMode::Expression { .. });
    let mode_switch = {
        let set = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetExpressionMode(false)))
        };
        let expr = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetExpressionMode(true)))
        };
        html! {
            <div class="mode-switch" role="group" aria-label="workspace mode">
                <button type="button" aria-pressed={(!expression).to_string()} onclick={set} data-testid="mode-set">{"Set mode"}</button>
                <button type="button" aria-pressed={expression.to_string()} onclick={expr} data-testid="mode-expression">{"Expression mode"}</button>
            </div>
        }
    };
    let body = match &workspace.mode {
        WireMode::Expression { entry } => {
            let on_change = {
                let dispatch = dispatch.clone();
                Callback::from(move |event: Event| {
                    if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                        dispatch.emit(Action::SetEntry(select.value()));
                    }
                })
            };
            html! {
                <label class="entry-chooser">{"Evaluate "}
                    <select onchange={on_change} data-testid="entry">
                        { for workspace.files.iter().map(|(name, _)| html! {
                            <option value={name.clone()} selected={name == entry}>{ name.clone() }</option>
                        }) }
                    </select>
                </label>
            }
        }
        WireMode::Set { base, overlays } => {
            let on_base = {
                let dispatch = dispatch.clone();
                Callback::from(move |event: Event| {
                    if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                        if let Some(base) = base_of_value(&select.value()) {
                            dispatch.emit(Action::SetBase(base));
                        }
                    }
                })
            };
            let current = base_value(base);
            let custom_options = workspace
                .files
                .iter()
                .filter(|(name, _)| {
                    matches!(workspace.role_of(name), FileRole::Base | FileRole::Other)
                })
                .map(|(name, _)| {
                    let value = format!("file:{name}");
                    html! { <option value={value.clone()} selected={value == current}>{ format!("file {name}") }</option> }
                });
            let stack = overlays.iter().enumerate().rev().map(|(index, overlay)| {
                overlay_item(index, overlays.len(), overlay, &dispatch, &drag)
            });
            let unstacked: Vec<String> = workspace
                .files
                .iter()
                .filter(|(name, _)| workspace.role_of(name) == FileRole::Other)
                .map(|(name, _)| name.clone())
                .collect();
            let add_existing = (!unstacked.is_empty()).then(|| {
                let dispatch = dispatch.clone();
                let on_change = Callback::from(move |event: Event| {
                    if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                        let file = select.value();
                        if !file.is_empty() {
                            dispatch.emit(Action::SetOverlay { file, stacked: true });
                        }
                        select.set_value("");
                    }
                });
                html! {
                    <label class="stack-add">{"Stack a file: "}
                        <select onchange={on_change} data-testid="stack-file">
                            <option value="" selected=true>{"—"}</option>
                            { for unstacked.iter().map(|name| html! { <option value={name.clone()}>{ name.clone() }</option> }) }
                        </select>
                    </label>
                }
            });
            let toggle_plain = {
                let show_plain = show_plain.clone();
                Callback::from(move |_: MouseEvent| show_plain.set(!*show_plain))
            };
            html! {
                <>
                    <label class="base-chooser">{"Base "}
                        <select onchange={on_base} data-testid="base">
                            <option value="mini" selected={current == "mini"}>{"mini nixpkgs"}</option>
                            <option value="empty" selected={current == "empty"}>{"empty"}</option>
                            <option value="python" selected={current == "python"}>{"pyproject.nix python set"}</option>
                            { for custom_options }
                        </select>
                    </label>
                    <div class="stack">
                        <div class="stack-title">{"Overlays (top wins)"}</div>
                        { if overlays.is_empty() { html! { <p class="empty">{"No overlays: add a file with + to stack one."}</p> } } else { html! {} } }
                        <ol class="overlay-stack" data-testid="overlay-stack">{ for stack }</ol>
                        { for add_existing }
                        <button type="button" class="link" onclick={toggle_plain} aria-expanded={(*show_plain).to_string()} data-testid="show-plain-nix">
                            { if *show_plain { "Hide plain Nix" } else { "Show as plain Nix" } }
                        </button>
                        { if *show_plain { html! {
                            <pre class="plain-nix" data-testid="plain-nix">{ props.plain_nix.clone().unwrap_or_else(|| "(evaluate first)".to_owned()) }</pre>
                        } } else { html! {} } }
                    </div>
                </>
            }
        }
    };
    html! {
        <div class="stack-panel">
            { mode_switch }
            { body }
        </div>
    }
}

/// The drag in progress: which overlay is held and which one it is over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Drag {
    from: Option<usize>,
    over: Option<usize>,
}

/// The data type a dragged overlay carries: its index in the stack. A drop
/// reads the index from the drag's own data, so it does not depend on the
/// component having re-rendered since the drag started.
const DRAG_TYPE: &str = "application/x-fixpoint-overlay";

fn dragged_index(event: &DragEvent) -> Option<usize> {
    let data = event.data_transfer()?;
    data.get_data(DRAG_TYPE).ok()?.parse().ok()
}

fn overlay_item(
    index: usize,
    count: usize,
    overlay: &WireOverlay,
    dispatch: &Callback<Action>,
    drag: &UseStateHandle<Drag>,
) -> Html {
    let emit = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    let on_drag_start = {
        let drag = drag.clone();
        Callback::from(move |event: DragEvent| {
            if let Some(data) = event.data_transfer() {
                data.set_effect_allowed("move");
                let _ = data.set_data(DRAG_TYPE, &index.to_string());
                // Some browsers start no drag without a plain-text payload.
                let _ = data.set_data("text/plain", &index.to_string());
            }
            drag.set(Drag {
                from: Some(index),
                over: None,
            });
        })
    };
    let on_drag_over = {
        let drag = drag.clone();
        Callback::from(move |event: DragEvent| {
            // Accepting the drop is what preventDefault means here.
            event.prevent_default();
            if let Some(data) = event.data_transfer() {
                data.set_drop_effect("move");
            }
            if drag.over != Some(index) {
                drag.set(Drag {
                    over: Some(index),
                    ..*drag
                });
            }
        })
    };
    let on_drop = {
        let drag = drag.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if let Some(from) = dragged_index(&event).or(drag.from) {
                if from != index {
                    dispatch.emit(Action::MoveOverlay { from, to: index });
                }
            }
            drag.set(Drag::default());
        })
    };
    let on_drag_end = {
        let drag = drag.clone();
        Callback::from(move |_: DragEvent| drag.set(Drag::default()))
    };
    let file = overlay.file.clone();
    let held = drag.from == Some(index);
    let target = drag.over == Some(index) && drag.from.is_some_and(|from| from != index);
    let class = classes!(
        "overlay",
        (!overlay.enabled).then_some("off"),
        held.then_some("dragging"),
        target.then_some("drop-target")
    );
    html! {
        <li {class} key={file.clone()} draggable="true" ondragstart={on_drag_start}
            ondragover={on_drag_over} ondrop={on_drop} ondragend={on_drag_end}
            data-testid="overlay" data-file={file.clone()}>
            <span class="handle" aria-hidden="true" title="drag to reorder" data-testid="overlay-handle">{"⠿"}</span>
            <label class="switch">
                <input type="checkbox" checked={overlay.enabled}
                    aria-label={format!("apply {file}")} data-testid="overlay-toggle"
                    onchange={{
                        let dispatch = dispatch.clone();
                        Callback::from(move |_: Event| dispatch.emit(Action::ToggleOverlay(index)))
                    }} />
            </label>
            <button type="button" class="link file" onclick={emit(Action::OpenFile(file.clone()))}>
                { format!("{}. {file}", index + 1) }
            </button>
            <button type="button" class="icon" disabled={index + 1 >= count}
                aria-label={format!("move {file} up (later)")} data-testid="overlay-up"
                onclick={emit(Action::MoveOverlay { from: index, to: index + 1 })}>{"↑"}</button>
            <button type="button" class="icon" disabled={index == 0}
                aria-label={format!("move {file} down (earlier)")} data-testid="overlay-down"
                onclick={emit(Action::MoveOverlay { from: index, to: index.saturating_sub(1) })}>{"↓"}</button>
            <button type="button" class="icon" aria-label={format!("take {file} off the stack")}
                onclick={emit(Action::SetOverlay { file: file.clone(), stacked: false })}>{"⊖"}</button>
        </li>
    }
}
