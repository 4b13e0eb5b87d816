//! Custom hooks and effects: the page's side effects, each behind one hook
//! or function.
//!
//! - [`use_evaluator`]: the evaluation worker (spawn, post, watchdog, Stop);
//! - [`use_revision_posting`]: each revision posted once, a keystroke's
//!   before the page redraws;
//! - [`use_theme`]: light/dark following the system, with a toggle;
//! - [`persistence`]: the last workspace in `localStorage`;
//! - [`use_share_link`]: the initial workspace (link, last local, welcome),
//!   the address bar following edits, the broken-link banner's state;
//! - [`use_embed_host`]: the embed page's `postMessage` protocol;
//! - [`use_selected_trace`]: the Trace view's trace of the selected attribute.
//!
//! Invariant: hooks change the workspace only by dispatching
//! [`crate::state::Action`]s.
//!
//! Tests: the end-to-end tests in `tests/e2e/`.

pub mod persistence;
mod use_embed_host;
mod use_evaluator;
mod use_revision_posting;
mod use_selected_trace;
mod use_share_link;
mod use_theme;

pub use use_embed_host::{pin_host, result_of, use_embed_host, HostRequests};
pub use use_evaluator::{use_evaluator, EvaluatorHandle, WATCHDOG_MS, WORKER_SCRIPT};
pub use use_revision_posting::{use_revision_posting, Posting};
pub use use_selected_trace::use_selected_trace;
pub use use_share_link::{
    read_initial_load, use_initial_load, use_share_link, BrokenLink, ShareLinkHandle,
    TAB_ADDRESS_KEY, TAB_LATEST_KEY,
};
pub use use_theme::{use_theme, Theme, ThemeHandle};

/// Events in one page of a forcing trace (the worker sends pages this long).
pub const TRACE_PAGE: usize = 200;

/// A request to show a byte range of a file in the editor (from Problems).
/// `nonce` makes a second request for the same range a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reveal {
    /// The relative path of the file.
    pub file: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Distinguishes repeated requests.
    pub nonce: u64,
}
