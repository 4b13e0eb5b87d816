//! The embed's side of the `postMessage` protocol with its host page
//! (`docs/embedding.md`): pins the host origin once, announces `ready`,
//! reports `resize` from a `ResizeObserver` on the embed's root element and
//! `result` after each evaluation of the current text, and turns the host's
//! `init` and `setTheme` into state changes.
//!
//! Without a host (not framed, or no origin to pin) it does nothing, and
//! the embed works as a standalone page.

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MessageEvent, ResizeObserver};
use yew::prelude::*;

use crate::embed::init::theme_named;
use crate::embed::messages::{accept, Host, Incoming, Outgoing, ResultError};
use crate::embed::origin::{host_origin, NoProtocol};
use crate::source_position::line_col;
use crate::state::{relative_path, EvalResult, EvalState, Workspace};

/// What the host asked for, handed to the embed page.
#[derive(Clone, PartialEq)]
pub struct HostRequests {
    /// A valid `init`: the snapshot to open (workspace, options, tab).
    pub on_init: Callback<Rc<fixpoint_share::Snapshot>>,
    /// `setTheme`.
    pub on_theme: Callback<fixpoint_share::Theme>,
}

fn query_parameter(search: &str, name: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(search)
        .ok()
        .and_then(|params| params.get(name))
}

/// Finds the host from the page's URL and the browser's view of the parent.
pub fn pin_host() -> Result<Host, NoProtocol> {
    let window = web_sys::window().ok_or(NoProtocol::NotFramed)?;
    let parent = window.parent().ok().flatten();
    let framed = parent
        .as_ref()
        .is_some_and(|parent| JsValue::from(parent.clone()) != JsValue::from(window.clone()));
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let declared = query_parameter(&search, "origin");
    // ancestorOrigins where the browser has it, else the referrer's origin.
    let reported = js_sys::Reflect::get(&location, &"ancestorOrigins".into())
        .ok()
        .filter(|list| list.is_object())
        .and_then(|list| js_sys::Reflect::get_u32(&list, 0).ok())
        .and_then(|first| first.as_string())
        .or_else(|| {
            let referrer = window.document()?.referrer();
            web_sys::Url::new(&referrer).ok().map(|url| url.origin())
        });
    let origin = host_origin(framed, declared.as_deref(), reported.as_deref())?;
    let id = query_parameter(&search, "id").unwrap_or_default();
    match parent {
        Some(window) => Ok(Host { window, origin, id }),
        None => Err(NoProtocol::NotFramed),
    }
}

fn error_of(
    message: &str,
    code: &str,
    file: Option<&str>,
    position: Option<(usize, usize)>,
) -> Outgoing {
    Outgoing::Result(Err(ResultError {
        message: message.to_owned(),
        code: code.to_owned(),
        file: file.and_then(relative_path).map(str::to_owned),
        line: position.map(|(line, _)| line),
        column: position.map(|(_, column)| column),
    }))
}

/// The `result` message for an evaluation answer: the printed value or
/// its error (expression mode); in set mode the resolved set's top level as
/// `{ name = short value; … }`, or the set's error.
pub fn result_of(result: &EvalResult, workspace: &Workspace) -> Outgoing {
    if let Some(outcome) = &result.value {
        return match (&outcome.value, &outcome.error) {
            (Some(value), None) => Outgoing::Result(Ok(value.clone())),
            (_, Some(error)) => {
                let span = error.span.as_ref();
                let position = span.and_then(|span| {
                    let text = workspace.text_of(relative_path(&span.file)?)?;
                    let at = line_col(&text, span.start);
                    Some((at.line, at.column))
                });
                error_of(
                    &error.message,
                    &error.code,
                    span.map(|span| span.file.as_str()),
                    position,
                )
            }
            (None, None) => error_of("no value", "", None, None),
        };
    }
    match &result.view {
        Some(view) => match &view.error {
            Some(error) => {
                let span = error.span.as_ref();
                error_of(
                    &error.message,
                    &error.code,
                    span.map(|span| span.file.as_str()),
                    span.map(|span| (span.line, span.column)),
                )
            }
            None => {
                let names: Vec<String> = view
                    .rows
                    .iter()
                    .map(|row| format!("{} = {};", row.path.join("."), row.short))
                    .collect();
                Outgoing::Result(Ok(format!("{{ {} }}", names.join(" "))))
            }
        },
        None => error_of("no value", "", None, None),
    }
}

/// Runs the protocol for the embed page; returns the pinned host, if any.
#[hook]
pub fn use_embed_host(
    root: NodeRef,
    workspace: Rc<Workspace>,
    requests: HostRequests,
) -> Rc<Result<Host, NoProtocol>> {
    let host = use_memo((), |_| pin_host());

    // Messages in, then `ready` once the listener is in place.
    {
        let host = host.clone();
        use_effect_with((), move |_| {
            let listener = match &*host {
                Ok(pinned) => {
                    let pinned_for_listener = pinned.clone();
                    let window = web_sys::window();
                    let listener = window.map(|window| {
                        EventListener::new(&window, "message", move |event| {
                            let Some(event) = event.dyn_ref::<MessageEvent>() else {
                                return;
                            };
                            match accept(&pinned_for_listener, event) {
                                Some(Incoming::Init(Ok(message))) => {
                                    match message.into_snapshot() {
                                        Ok(snapshot) => requests.on_init.emit(Rc::new(snapshot)),
                                        Err(error) => {
                                            web_sys::console::warn_1(&error.to_string().into())
                                        }
                                    }
                                }
                                Some(Incoming::Init(Err(error))) => {
                                    web_sys::console::warn_1(&error.to_string().into())
                                }
                                Some(Incoming::SetTheme(name)) => match theme_named(&name) {
                                    Ok(theme) => requests.on_theme.emit(theme),
                                    Err(error) => {
                                        web_sys::console::warn_1(&error.to_string().into())
                                    }
                                },
                                None => {}
                            }
                        })
                    });
                    pinned.post(&Outgoing::Ready);
                    listener
                }
                Err(reason) => {
                    if !matches!(reason, NoProtocol::NotFramed) {
                        web_sys::console::info_1(
                            &format!("fixpoint embed: no messages with the host: {reason}").into(),
                        );
                    }
                    None
                }
            };
            move || drop(listener)
        });
    }

    // `resize` whenever the content's height changes.
    {
        let host = host.clone();
        use_effect_with((), move |_| {
            let observer = match (&*host, root.cast::<Element>()) {
                (Ok(pinned), Some(element)) => {
                    let pinned = pinned.clone();
                    let measured = element.clone();
                    let mut last = 0;
                    let on_resize = Closure::<dyn FnMut()>::new(move || {
                        let height = measured.get_bounding_client_rect().height().ceil();
                        // Heights are small positive numbers; `as` saturates.
                        let height = height.max(0.0) as u32;
                        if height != last {
                            last = height;
                            pinned.post(&Outgoing::Resize { height });
                        }
                    });
                    ResizeObserver::new(on_resize.as_ref().unchecked_ref())
                        .ok()
                        .map(|observer| {
                            observer.observe(&element);
                            (observer, on_resize)
                        })
                }
                _ => None,
            };
            move || {
                if let Some((observer, _on_resize)) = observer {
                    observer.disconnect();
                }
            }
        });
    }

    // `result` after each evaluation of the current text.
    {
        let host = host.clone();
        let eval = workspace.eval.clone();
        use_effect_with(eval, move |eval| {
            if let (Ok(pinned), EvalState::Done { rev, outcome }) = (&*host, eval) {
                if *rev == workspace.rev {
                    pinned.post(&result_of(outcome, &workspace));
                }
            }
        });
    }

    host
}
