//! Shared machinery of the conformance runner and the differential test.
//!
//! - [`worker`] runs a list of jobs in a child process (this same test binary,
//!   re-invoked), one job at a time on a thread with a bounded stack, and
//!   restarts the child after a crash or a hang, so one runaway program can
//!   neither take the runner down nor stall it;
//! - [`message`] pulls the final `error: …` message out of Nix-style stderr
//!   and finds the first line where two texts differ;
//! - [`files`] loads a directory tree into a [`fixpoint_eval::MemoryIo`];
//! - [`baseline`] reads and rewrites the committed `key = value` baselines.
//!
//! Invariants: nothing here knows the expected results of any test; the test
//! files decide what passes. Each test binary uses only part of this module,
//! hence the `dead_code` allowance below.
//!
//! Tests: these helpers are exercised by `tests/conformance.rs` and
//! `tests/differential.rs`; `message` has its own unit tests.
#![allow(dead_code)]

pub mod baseline;
pub mod files;
pub mod message;
pub mod worker;
