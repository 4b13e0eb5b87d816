//! fixpoint-store: store paths and derivations, computed exactly as Nix does.
//!
//! A leaf crate: it knows nothing about Nix values or the evaluator.
#![deny(missing_docs)]
