//! Custom hooks: the page's side effects, each behind one hook.
//!
//! - [`use_evaluator`]: the evaluation worker (spawn, post, watchdog, Stop).
//!
//! Invariant: hooks change the workspace only by dispatching
//! [`crate::state::Action`]s.
//!
//! Tests: the end-to-end tests in `tests/e2e/`.

mod use_evaluator;

pub use use_evaluator::{use_evaluator, EvaluatorHandle, WATCHDOG_MS, WORKER_SCRIPT};
