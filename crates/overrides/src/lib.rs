//! fixpoint-overrides: how a fixed-point package set resolves, layer by layer.
//!
//! - [`prelude`]: the prelude files (`lib`, mini nixpkgs, pyproject.nix
//!   model) embedded and mounted at [`PRELUDE_ROOT`];
//! - [`scope`]: the playground's scope (`lib`, `pyproject-nix`,
//!   `uvOverlay`, `<nixpkgs>`) and [`playground_evaluator`].
//!
//! Invariants: the crate does no I/O of its own (user files come through an
//! [`fixpoint_eval::EvalIo`]); nothing here panics on user input.
//!
//! Tests: unit tests per module; `tests/prelude_table.rs` (the embedded
//! table matches `prelude/`), `tests/scenarios.rs` (the conformance
//! scenarios through our evaluator), `tests/prelude_cppnix.rs` (the prelude
//! under real Nix).
#![deny(missing_docs)]

pub mod prelude;
pub mod scope;

pub use prelude::{mount_prelude, PreludeIo, PRELUDE_FILES, PRELUDE_ROOT};
pub use scope::{playground_evaluator, playground_options, SCOPE_NAMES};
