//! fixpoint-share: a playground workspace as a URL fragment and back.
//!
//! A leaf crate: it knows nothing about Nix or the evaluator.
#![deny(missing_docs)]
