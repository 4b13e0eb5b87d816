//! The file tabs above the editor: one per file, marked with its role
//! (entry, base, overlay n), plus add, rename and delete.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, FileRole, Workspace};

/// Properties of [`FileTabs`].
#[derive(Properties, PartialEq)]
pub struct FileTabsProps {
    /// The workspace.
    pub workspace: Rc<Workspace>,
    /// Changes go here.
    pub dispatch: Callback<Action>,
}

/// The tabs.
#[component]
pub fn FileTabs(props: &FileTabsProps) -> Html {
    let renaming = use_state(|| None::<String>);
    let workspace = &props.workspace;
    let tabs = workspace.files.iter().map(|(name, _)| {
        let active = *name == workspace.active;
        let role = match workspace.role_of(name) {
            FileRole::Entry => Some("entry".to_owned()),
            FileRole::Base => Some("base".to_owned()),
            FileRole::Overlay(n) => Some(format!("overlay {}", n + 1)),
            FileRole::Other => None,
        };
        let open = {
            let dispatch = props.dispatch.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::OpenFile(name.clone())))
        };
        if renaming.as_deref() == Some(name.as_str()) {
            let finish = {
                let dispatch = props.dispatch.clone();
                let renaming = renaming.clone();
                let from = name.clone();
                Callback::from(move |event: FocusEvent| {
                    if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                        dispatch.emit(Action::RenameFile { from: from.clone(), to: input.value() });
                    }
                    renaming.set(None);
                })
            };
            let keys = {
                let renaming = renaming.clone();
                Callback::from(move |event: KeyboardEvent| {
                    if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                        match event.key().as_str() {
                            "Enter" => { let _ = input.blur(); }
                            "Escape" => { renaming.set(None); }
                            _ => {}
                        }
                    }
                })
            };
            return html! {
                <span class="tab renaming" key={name.clone()}>
                    <input type="text" value={name.clone()} onblur={finish} onkeydown={keys}
                        aria-label={format!("new name for {name}")} data-testid="rename-input" />
                </span>
            };
        }
        let start_rename = {
            let renaming = renaming.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| renaming.set(Some(name.clone())))
        };
        let delete = {
            let dispatch = props.dispatch.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::DeleteFile(name.clone())))
        };
        html! {
            <span class={classes!("tab", active.then_some("active"))} key={name.clone()} role="presentation">
                <button type="button" role="tab" aria-selected={active.to_string()} onclick={open}
                    data-testid="file-tab" data-file={name.clone()}>
                    { name.clone() }
                    { for role.map(|role| html! { <span class="role">{ role }</span> }) }
                </button>
                { if active { html! {
                    <>
                        <button type="button" class="icon" onclick={start_rename} aria-label={format!("rename {name}")} data-testid="rename-file">{"✎"}</button>
                        <button type="button" class="icon" onclick={delete} disabled={workspace.files.len() <= 1}
                            aria-label={format!("delete {name}")} data-testid="delete-file">{"✕"}</button>
                    </>
                } } else { html! {} } }
            </span>
        }
    });
    let add = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::AddFile))
    };
    html! {
        <div class="file-tabs" role="tablist" aria-label="files">
            { for tabs }
            <button type="button" class="icon add" onclick={add} aria-label="add a file" data-testid="add-file">{"+"}</button>
        </div>
    }
}
