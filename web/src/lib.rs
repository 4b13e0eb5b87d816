//! fixpoint-web: the playground's Yew app and its evaluation worker.
//!
//! Two binaries share this library:
//! - `bin/app.rs` mounts [`components::Playground`], the page;
//! - `bin/worker.rs` runs [`worker::run`], the evaluator in a Web Worker
//!   (only with the `evaluator` feature, which is on by default).
//!
//! How the pieces connect: the root component owns one
//! [`state::Workspace`] behind `use_reducer`; typing dispatches
//! [`state::Action::EditFile`]; a debounced effect hands the text to
//! [`hooks::use_evaluator`], which posts a [`protocol::ToWorker`] to the
//! worker and turns its [`protocol::FromWorker`] answer back into an action.
//!
//! Invariants:
//! - evaluation never runs on the page's thread: the page build
//!   (`--no-default-features`) does not even compile `fixpoint-eval`;
//! - [`protocol`] (with its `set` mirror of the override engine's data) is
//!   the only module that derives serde; core types from
//!   `crates/` cross the worker boundary only as its mirror types;
//! - spans stay byte offsets until the UI shows them ([`source_position`]).
//!
//! Pure, DOM-free parts the components use: [`problems`] (the Problems
//! list derived from the workspace), [`format`] (the format button),
//! [`markdown`] (copy as Markdown), [`share`] (share links: the workspace
//! to and from `fixpoint_share::Snapshot`, what a page opens with).
//! [`embed`] holds the embed page's options and `postMessage` protocol;
//! `bin/app.rs` mounts [`components::EmbedPage`] instead of the playground
//! when the page is `embed.html`.
//!
//! Tests: native unit tests in [`state`], [`share`], [`embed`], [`problems`], [`format`],
//! [`markdown`], `components::graph` (layout) and [`source_position`]
//! (`cargo test -p fixpoint-web`); the worker in headless Chromium in
//! `tests/worker_in_browser.rs` (`cargo test --target wasm32-unknown-unknown`);
//! the whole page end to end in the repository's `tests/e2e/`.
#![deny(missing_docs)]

pub mod bindings;
pub mod components;
pub mod embed;
pub mod format;
pub mod hooks;
pub mod markdown;
pub mod problems;
pub mod protocol;
pub mod share;
pub mod source_position;
pub mod state;
#[cfg(feature = "evaluator")]
pub mod worker;
