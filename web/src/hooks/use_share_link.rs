//! The playground's link: what the page opens with, the address bar that
//! follows edits, the last workspace in local storage, and the banner for a
//! link that does not decode.
//!
//! [`read_initial_load`] runs once, before the workspace reducer exists, so
//! a shared workspace is the first thing rendered (no flash of the welcome
//! example, no wasted evaluation). [`use_share_link`] then keeps the address
//! bar on the current workspace with a debounced `history.replaceState`
//! (never one history entry per keystroke) and stores the workspace after
//! every user edit.
//!
//! Invariants (the "never lose what the user had" rule):
//! - while the broken-link banner is up nothing is written: the broken link
//!   stays in the address bar to be copied, and the stored workspace stays
//!   the one the banner offers;
//! - merely opening a link does not overwrite the stored workspace: only an
//!   edit (revision above 0) does;
//! - a link pasted into the address bar of an open page (`hashchange`) is
//!   opened like one at load, banner included.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::share::{self, InitialLoad, Origin, ADDRESS_DEBOUNCE_MS, LAST_WORKSPACE_KEY};
use crate::state::{Action, Workspace};

/// A link that did not decode, as the banner shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenLink {
    /// The precise reason (the `DecodeError`'s message).
    pub reason: String,
    /// The last local workspace, to offer instead.
    pub last_local: Option<Rc<fixpoint_share::Snapshot>>,
}

/// What [`use_share_link`] gives the page.
#[derive(Clone, PartialEq)]
pub struct ShareLinkHandle {
    /// The broken link the banner is about, while it is up.
    pub broken: Option<BrokenLink>,
    /// Opens the last local workspace and closes the banner.
    pub restore: Callback<()>,
    /// Closes the banner and keeps what is shown.
    pub dismiss: Callback<()>,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Reads the address bar and local storage: what the page opens with.
pub fn read_initial_load() -> InitialLoad {
    let stored =
        local_storage().and_then(|storage| storage.get_item(LAST_WORKSPACE_KEY).ok().flatten());
    InitialLoad::from_sources(&location_hash(), stored.as_deref())
}

fn broken_of(origin: &Origin) -> Option<BrokenLink> {
    match origin {
        Origin::BrokenLink { error, last_local } => Some(BrokenLink {
            reason: error.to_string(),
            last_local: last_local.clone(),
        }),
        _ => None,
    }
}

/// Writes the address bar (if it differs) and, after an edit, storage.
fn write_out(workspace: &Workspace) {
    let fragment = match share::fragment_of(workspace) {
        Ok(fragment) => fragment,
        Err(error) => {
            // Over the size limit or an invalid path: keep the old link
            // rather than write one that would not open.
            web_sys::console::warn_1(
                &format!("fixpoint: no link for this workspace: {error}").into(),
            );
            return;
        }
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    if location_hash().trim_start_matches('#') != fragment {
        let result = window.history().and_then(|history| {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")))
        });
        if let Err(error) = result {
            web_sys::console::warn_2(&"fixpoint: cannot update the address bar".into(), &error);
        }
    }
    if workspace.rev > 0 {
        if let Some(storage) = local_storage() {
            // Full or disabled storage only costs the reload convenience.
            let _ = storage.set_item(LAST_WORKSPACE_KEY, &fragment);
        }
    }
}

/// Keeps the link and the stored workspace on `workspace`; see the module
/// documentation. `initial` is what [`read_initial_load`] returned.
#[hook]
pub fn use_share_link(
    workspace: Rc<Workspace>,
    initial: Rc<InitialLoad>,
    dispatcher: UseReducerDispatcher<Workspace>,
) -> ShareLinkHandle {
    let broken = use_state(|| broken_of(&initial.origin));

    {
        let banner_up = broken.is_some();
        let rev = workspace.rev;
        use_effect_with((rev, banner_up), move |_| {
            let timer = (!banner_up)
                .then(|| Timeout::new(ADDRESS_DEBOUNCE_MS, move || write_out(&workspace)));
            move || drop(timer)
        });
    }

    {
        let broken = broken.clone();
        let dispatcher = dispatcher.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let stored = local_storage()
                        .and_then(|storage| storage.get_item(LAST_WORKSPACE_KEY).ok().flatten());
                    let load = InitialLoad::from_sources(&location_hash(), stored.as_deref());
                    match &load.origin {
                        Origin::Link => {
                            if let Some(Ok(snapshot)) = share::link_in(&location_hash()) {
                                dispatcher.dispatch(Action::LoadShared(Rc::new(snapshot)));
                            }
                            broken.set(None);
                        }
                        Origin::BrokenLink { .. } => broken.set(broken_of(&load.origin)),
                        // The hash was cleared: keep what is shown.
                        Origin::LastLocal | Origin::Welcome => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    let restore = {
        let broken = broken.clone();
        Callback::from(move |()| {
            if let Some(snapshot) = broken.as_ref().and_then(|broken| broken.last_local.clone()) {
                dispatcher.dispatch(Action::LoadShared(snapshot));
            }
            broken.set(None);
        })
    };
    let dismiss = {
        let broken = broken.clone();
        Callback::from(move |()| broken.set(None))
    };
    ShareLinkHandle {
        broken: (*broken).clone(),
        restore,
        dismiss,
    }
}
