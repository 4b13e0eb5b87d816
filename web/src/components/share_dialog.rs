//! The Share button and its dialog: the link to the current workspace, its
//! length, a warning past `fixpoint_share::LONG_LINK_WARNING_CHARS`, and a
//! Copy button.

use std::rc::Rc;

use fixpoint_share::{is_long, link_length, with_fragment, LONG_LINK_WARNING_CHARS};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::share;
use crate::state::Workspace;

/// Properties of [`ShareButton`].
#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// The workspace to share (read when the dialog opens).
    pub workspace: Rc<Workspace>,
}

/// The link the dialog shows, or why there is none.
#[derive(Clone, Debug, PartialEq)]
enum Link {
    Ready { url: String, length: usize },
    Refused(String),
}

fn link_to(workspace: &Workspace) -> Link {
    let page = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default();
    match share::fragment_of(workspace) {
        Ok(fragment) => Link::Ready {
            length: link_length(&page, &fragment),
            url: with_fragment(&page, &fragment),
        },
        Err(error) => Link::Refused(error.to_string()),
    }
}

/// Copies `text` with the asynchronous clipboard API and reports to
/// `done`: `false` when the browser has no clipboard API or refuses (the
/// caller then selects the text instead).
fn copy_text(text: &str, done: Callback<bool>) {
    let promise = web_sys::window()
        .map(|window| Reflect::get(&window.navigator(), &"clipboard".into()).unwrap_or_default())
        .and_then(|clipboard| {
            let write = Reflect::get(&clipboard, &"writeText".into()).ok()?;
            let write = write.dyn_ref::<Function>()?;
            write.call1(&clipboard, &JsValue::from_str(text)).ok()
        })
        .filter(|promise| promise.is_instance_of::<Promise>());
    let then = promise.as_ref().and_then(|promise| {
        Reflect::get(promise, &"then".into())
            .ok()
            .and_then(|then| then.dyn_into::<Function>().ok())
    });
    let (Some(promise), Some(then)) = (promise, then) else {
        done.emit(false);
        return;
    };
    let on_ok = {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| done.emit(true))
    };
    let on_err = Closure::once_into_js(move |_: JsValue| done.emit(false));
    if then.call2(&promise, &on_ok, &on_err).is_err() {
        // `then` of a real Promise does not throw; nothing more to report.
    }
}

/// The Share button; opens a dialog with the link.
#[component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    let link = use_state(|| None::<Link>);
    let copied = use_state(|| None::<bool>);
    let input = use_node_ref();

    let open = {
        let link = link.clone();
        let copied = copied.clone();
        let workspace = props.workspace.clone();
        Callback::from(move |_: MouseEvent| {
            copied.set(None);
            link.set(Some(link_to(&workspace)));
        })
    };
    let close = {
        let link = link.clone();
        Callback::from(move |_: MouseEvent| link.set(None))
    };
    let on_key = {
        let link = link.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                link.set(None);
            }
        })
    };
    let copy = {
        let copied = copied.clone();
        let input = input.clone();
        let url = match &*link {
            Some(Link::Ready { url, .. }) => url.clone(),
            _ => String::new(),
        };
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let input = input.clone();
            copy_text(
                &url,
                Callback::from(move |done: bool| {
                    if !done {
                        if let Some(input) = input.cast::<HtmlInputElement>() {
                            input.select();
                        }
                    }
                    copied.set(Some(done));
                }),
            );
        })
    };

    let dialog = match &*link {
        None => Html::default(),
        Some(Link::Refused(reason)) => html! {
            <div class="share-dialog" role="dialog" aria-label="Share" data-testid="share-dialog" onkeydown={on_key}>
                <p class="share-warning">{ format!("This workspace cannot be shared as a link: {reason}") }</p>
                <button type="button" onclick={close}>{"Close"}</button>
            </div>
        },
        Some(Link::Ready { url, length }) => {
            let warning = if is_long(*length) {
                html! {
                    <p class="share-warning" role="status" data-testid="share-warning">
                        { format!("This link is longer than {LONG_LINK_WARNING_CHARS} characters: some chat tools and mail clients cut links that long.") }
                    </p>
                }
            } else {
                Html::default()
            };
            let copy_status = match *copied {
                Some(true) => "Copied.",
                Some(false) => "Press Ctrl+C (⌘C) to copy the selected link.",
                None => "",
            };
            html! {
                <div class="share-dialog" role="dialog" aria-label="Share" data-testid="share-dialog" onkeydown={on_key}>
                    <label for="share-url">{"Link to this workspace"}</label>
                    <input id="share-url" type="text" readonly=true value={url.clone()} ref={input}
                        data-testid="share-url" />
                    <p class="share-length" data-testid="share-length">{ format!("{length} characters") }</p>
                    { warning }
                    <div class="share-actions">
                        <button type="button" onclick={copy} data-testid="share-copy">{"Copy"}</button>
                        <span aria-live="polite" data-testid="share-copied">{ copy_status }</span>
                        <button type="button" onclick={close}>{"Close"}</button>
                    </div>
                </div>
            }
        }
    };
    html! {
        <>
            <button type="button" class="share-button" onclick={open} data-testid="share"
                title="A link that opens this workspace">{"Share"}</button>
            { dialog }
        </>
    }
}
