//! What the engine resolves: a [`Workspace`] of files and either a set
//! (a [`Base`] and an ordered overlay stack with toggles) or an expression.
//!
//! Workspace file paths are relative (`overlay.nix`, `nix/a.nix`) and live
//! under [`WORKSPACE_ROOT`] in the evaluator's file system, so files can
//! import each other with relative paths.

use serde::{Deserialize, Serialize};

/// Where workspace files live in the evaluator's file system.
pub const WORKSPACE_ROOT: &str = "/workspace";

/// One file of the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceFile {
    /// Relative path, e.g. `overlay.nix`.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// What the overlays are stacked on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Base {
    /// `import <nixpkgs> { overlays = [ … ]; }` over the mini nixpkgs.
    MiniNixpkgs,
    /// `final: { }`.
    Empty,
    /// pyproject.nix's package scope for the mini nixpkgs' `python3`,
    /// extended with `overrideScope`.
    PythonSet,
    /// A workspace file holding `final: { … }`.
    Custom {
        /// Its relative path.
        file: String,
    },
}

/// One entry of the overlay stack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayEntry {
    /// The workspace file holding `final: prev: { … }`.
    pub file: String,
    /// Off overlays are left out of the stack.
    pub enabled: bool,
}

/// How the workspace is evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mode {
    /// The engine builds `fix (extends ovN (… (extends ov1 base)))`.
    Set {
        /// The base.
        base: Base,
        /// Bottom first.
        overlays: Vec<OverlayEntry>,
    },
    /// A workspace file whose value is (or contains) a set.
    Expression {
        /// Its relative path.
        entry: String,
    },
}

/// Files plus how to evaluate them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    /// Every file.
    pub files: Vec<WorkspaceFile>,
    /// Set or expression mode.
    pub mode: Mode,
}

/// The workspace's files as a host, each at its [`workspace_path`]: what
/// a session's evaluator and its overlays-off comparison read.
pub fn workspace_host(workspace: &Workspace) -> fixpoint_eval::MemoryIo {
    let mut io = fixpoint_eval::MemoryIo::new();
    for file in &workspace.files {
        io.insert(workspace_path(&file.path), file.text.clone());
    }
    io
}

/// The absolute virtual path of a workspace file.
pub fn workspace_path(relative: &str) -> String {
    let trimmed = relative.trim_start_matches("./").trim_start_matches('/');
    fixpoint_eval::paths::canonicalize(&format!("{WORKSPACE_ROOT}/{trimmed}"))
}
