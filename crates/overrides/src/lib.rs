//! fixpoint-overrides: how a fixed-point package set resolves, layer by layer.
#![deny(missing_docs)]
