//! fixpoint-overrides: how a fixed-point package set resolves, layer by layer.
//!
//! - [`prelude`]: the prelude files (`lib`, mini nixpkgs, pyproject.nix
//!   model) embedded and mounted at [`PRELUDE_ROOT`];
//! - [`scope`]: the playground's scope (`lib`, `pyproject-nix`,
//!   `uvOverlay`, `<nixpkgs>`) and [`playground_evaluator`];
//! - [`workspace`]: the input ([`Workspace`]: files, a [`Base`], an overlay
//!   stack with toggles, or an expression);
//! - [`generate`]: the Nix the engine evaluates and its plain-Nix form;
//! - [`layers`]: layers and attributing definition positions to them;
//! - [`model`]: the serializable output ([`SetView`], [`AttrRow`],
//!   [`TracePage`], …);
//! - [`session`]: [`Session`] (open, view, expand) and [`trace`];
//! - [`baseline`]: the overlays-off comparison in an evaluator of its own,
//!   kept between sessions ([`SharedBaselines`]) while nothing it read
//!   changed;
//! - `recorder` (the evaluator observer behind reads and traces) and
//!   `hints` (SEMANTICS §2.11 traps).
//!
//! Invariants: the crate does no I/O of its own (user files come through an
//! [`fixpoint_eval::EvalIo`] or the workspace); nothing here panics on user
//! input; every attribute is forced under its own step budget, so one
//! failing or looping attribute never hides the others.
//!
//! Deliberately absent: reads made through builtins other than forcing a
//! row's own value (`getAttr`, `//`) are not reported; in expression mode the
//! chain of layers comes from `prev.x` lookups only, and nothing is compared
//! for the rebuild set.
//!
//! Tests: unit tests per module; `tests/prelude_table.rs` (the embedded
//! table matches `prelude/`), `tests/scenarios.rs` (the conformance
//! scenarios through our evaluator), `tests/engine.rs` (provenance, reads,
//! the rebuild set, per-attribute errors, traces), `tests/prelude_ours.rs`
//! (the prelude's own checks through our evaluator),
//! `tests/prelude_cppnix.rs` (the prelude under real Nix).
#![deny(missing_docs)]

pub mod baseline;
pub mod generate;
mod hints;
pub mod layers;
pub mod model;
pub mod prelude;
mod rec_sets;
mod recorder;
pub mod scope;
pub mod session;
pub mod workspace;

pub use baseline::SharedBaselines;
pub use layers::{LayerInfo, LayerKind};
pub use model::{
    AttrKind, AttrRow, Change, EngineDiagnostic, Hint, Read, SetView, SpanInfo, StorePaths,
    TraceEvent, TracePage, TrapKind,
};
pub use prelude::{mount_prelude, PreludeIo, SharedPrelude, PRELUDE_FILES, PRELUDE_ROOT};
pub use scope::{
    playground_evaluator, playground_evaluator_sharing, playground_options, SCOPE_NAMES,
};
pub use session::{resolve, trace, EngineOptions, Session};
pub use workspace::{Base, Mode, OverlayEntry, Workspace, WorkspaceFile, WORKSPACE_ROOT};
