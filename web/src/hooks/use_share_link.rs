//! The playground's link: what the page opens with, the address bar that
//! follows edits, the workspace kept in storage, and the banner for a link
//! that does not open.
//!
//! [`use_initial_load`] runs once, before the workspace reducer exists, so
//! a shared workspace is the first thing rendered (no flash of the welcome
//! example, no wasted evaluation). [`use_share_link`] then keeps the address
//! bar on the current workspace with a debounced `history.replaceState`
//! (never one history entry per keystroke) and keeps the workspace in
//! storage after every change.
//!
//! Storage: the last workspace of the browser is `hooks::persistence`'s
//! `localStorage` record. This tab's latest workspace and the link it last
//! put in the address bar are in `sessionStorage` ([`TAB_LATEST_KEY`],
//! [`TAB_ADDRESS_KEY`]): a reload within the debounce would otherwise open
//! the address bar's older link and drop the last keystrokes.
//!
//! Invariants (the "never lose what the user had" rule):
//! - while the broken-link banner is up nothing is written: the broken link
//!   stays in the address bar to be copied, and the stored workspace stays
//!   the one the banner offers;
//! - merely opening a link does not overwrite the stored workspace: only a
//!   change to it does;
//! - a link pasted into the address bar of an open page (`hashchange`) is
//!   opened like one at load, banner included.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::hooks::persistence;
use crate::share::{self, InitialLoad, Origin, Stored, ADDRESS_DEBOUNCE_MS, TAB_LINKS_KEPT};
use crate::state::{ResultTab, Workspace};

/// `sessionStorage`: the links this tab put in the address bar (their
/// `share::link_key`s, one a line, the last `share::TAB_LINKS_KEPT`).
pub const TAB_ADDRESS_KEY: &str = "fixpoint.tab.address";

/// `sessionStorage`: this tab's latest workspace, as a fragment.
pub const TAB_LATEST_KEY: &str = "fixpoint.tab.latest";

/// A link that did not open, as the banner shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenLink {
    /// The precise reason (the `DecodeError`'s message).
    pub reason: String,
    /// The last local workspace, to offer instead.
    pub last_local: Option<Rc<Workspace>>,
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

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn session_item(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

fn set_session_item(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        // Full or disabled storage only costs the reload convenience.
        let _ = storage.set_item(key, value);
    }
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Reads the address bar and storage: what the page opens with.
pub fn read_initial_load() -> InitialLoad {
    let stored = Stored {
        last_local: persistence::restored(),
        tab_address: session_item(TAB_ADDRESS_KEY),
        tab_latest: session_item(TAB_LATEST_KEY),
    };
    InitialLoad::from_sources(&location_hash(), stored)
}

/// What the page opens with, read once.
#[hook]
pub fn use_initial_load() -> Rc<InitialLoad> {
    use_memo((), |_| read_initial_load())
}

fn broken_of(origin: &Origin) -> Option<BrokenLink> {
    match origin {
        Origin::BrokenLink {
            problem,
            last_local,
        } => Some(BrokenLink {
            reason: problem.to_string(),
            last_local: last_local.clone(),
        }),
        _ => None,
    }
}

/// Puts `fragment` in the address bar (without a history entry; an empty
/// one removes the link) and remembers what the address bar now holds as
/// this tab's. What is remembered is read back from the address bar, so a
/// `replaceState` the browser ignored (it throttles very frequent calls)
/// never makes a stale link look current.
fn write_address(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if location_hash().trim_start_matches('#') != fragment {
        let location = window.location();
        let target = if fragment.is_empty() {
            let path = location.pathname().unwrap_or_default();
            let search = location.search().unwrap_or_default();
            format!("{path}{search}")
        } else {
            format!("#{fragment}")
        };
        let result = window
            .history()
            .and_then(|history| history.replace_state_with_url(&JsValue::NULL, "", Some(&target)));
        if let Err(error) = result {
            web_sys::console::warn_2(&"fixpoint: cannot update the address bar".into(), &error);
        }
    }
    let now = location_hash();
    let now = now.trim_start_matches('#');
    if now.is_empty() {
        return;
    }
    let key = share::link_key(now);
    let written = session_item(TAB_ADDRESS_KEY).unwrap_or_default();
    let mut keys: Vec<&str> = written.lines().filter(|line| *line != key).collect();
    keys.push(key);
    let first = keys.len().saturating_sub(TAB_LINKS_KEPT);
    set_session_item(
        TAB_ADDRESS_KEY,
        &keys.get(first..).unwrap_or(&[]).join("\n"),
    );
}

/// Opens `workspace` through the reducer (a link, or the offered one).
fn open(dispatcher: &UseReducerDispatcher<Workspace>, workspace: &Workspace) {
    let snapshot = share::snapshot_of(workspace);
    if let Ok(actions) = share::load_actions(&snapshot) {
        for action in actions {
            dispatcher.dispatch(action);
        }
    }
}

/// Keeps the link and the stored workspace on `workspace`; see the module
/// documentation. `initial` is what [`use_initial_load`] returned.
#[hook]
pub fn use_share_link(
    workspace: Rc<Workspace>,
    initial: Rc<InitialLoad>,
    dispatcher: UseReducerDispatcher<Workspace>,
) -> ShareLinkHandle {
    let broken = use_state(|| broken_of(&initial.origin));
    // The revision of a workspace that was merely opened from a link (not
    // the user's own yet), if the current one is such.
    let own = initial.is_own();
    let pristine: Rc<Cell<Option<u64>>> = use_memo((), move |_| Cell::new((!own).then_some(0)));
    let latest_rev = use_mut_ref(|| workspace.rev);
    *latest_rev.borrow_mut() = workspace.rev;

    let key: (u64, String, ResultTab, Option<Vec<String>>, bool) = (
        workspace.rev,
        workspace.active.clone(),
        workspace.tab,
        workspace.selected.clone(),
        broken.is_some(),
    );
    {
        let pristine = Rc::clone(&pristine);
        use_effect_with(key, move |key| {
            let banner_up = key.4;
            let timer = if banner_up {
                None
            } else {
                match share::fragment_of(&workspace) {
                    Ok(fragment) => {
                        set_session_item(TAB_LATEST_KEY, &fragment);
                        if pristine.get() != Some(workspace.rev) {
                            pristine.set(None);
                            persistence::store(&workspace);
                        }
                        Some(Timeout::new(ADDRESS_DEBOUNCE_MS, move || {
                            write_address(&fragment)
                        }))
                    }
                    Err(error) => {
                        // An invalid path for a link, or over the size
                        // limit: no link can hold this workspace. The old
                        // one leaves the address bar (a reload would open
                        // it over the newer work); storage still keeps it.
                        if pristine.get() != Some(workspace.rev) {
                            pristine.set(None);
                            persistence::store(&workspace);
                        }
                        web_sys::console::warn_1(
                            &format!("fixpoint: no link for this workspace: {error}").into(),
                        );
                        Some(Timeout::new(ADDRESS_DEBOUNCE_MS, || write_address("")))
                    }
                }
            };
            move || drop(timer)
        });
    }

    {
        let broken = broken.clone();
        let dispatcher = dispatcher.clone();
        let pristine = Rc::clone(&pristine);
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    match share::workspace_in(&location_hash()) {
                        Some(Ok(linked)) => {
                            // Loading bumps the revision once.
                            pristine.set(Some(*latest_rev.borrow() + 1));
                            open(&dispatcher, &linked);
                            broken.set(None);
                        }
                        Some(Err(problem)) => broken.set(Some(BrokenLink {
                            reason: problem.to_string(),
                            last_local: persistence::restored().map(Rc::new),
                        })),
                        // The hash was cleared: keep what is shown.
                        None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    let restore = {
        let broken = broken.clone();
        Callback::from(move |()| {
            if let Some(last) = broken.as_ref().and_then(|broken| broken.last_local.clone()) {
                open(&dispatcher, &last);
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
