//! Wire mirrors of the override engine's data: the workspace the page asks
//! the worker to resolve ([`WireWorkspace`]) and what comes back
//! ([`WireSetView`], [`WireTracePage`]).
//!
//! The field names and enum tags match the serde form of
//! `fixpoint_overrides` (`Workspace`, `SetView`, `AttrRow`, `TracePage`), so
//! the worker transcodes the engine's values into these types without the
//! page linking the engine. Unknown enum values (a newer engine) decode as
//! the `Other` variants instead of failing the whole message.
//!
//! Invariants: spans are byte offsets into the named file (absolute virtual
//! path under `/workspace/` for user files); layer indices index
//! [`WireSetView::layers`], bottom first.
//!
//! Tests: `tests` at the bottom (native, serde_json-free round trips through
//! the same types).

use serde::{Deserialize, Serialize};

/// One file of a workspace (relative path, e.g. `overlay.nix`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireFile {
    /// Relative path.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// What the overlays stack on (the engine's `Base`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WireBase {
    /// The playground's mini nixpkgs.
    MiniNixpkgs,
    /// `final: { }`.
    Empty,
    /// pyproject.nix's python set.
    PythonSet,
    /// A workspace file `final: { … }`.
    Custom {
        /// Its relative path.
        file: String,
    },
}

/// One overlay of the stack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireOverlay {
    /// The file holding `final: prev: { … }`.
    pub file: String,
    /// Off overlays are left out.
    pub enabled: bool,
}

/// Set or expression mode (the engine's `Mode`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WireMode {
    /// `fix (extends ovN (… (extends ov1 base)))`.
    Set {
        /// The base.
        base: WireBase,
        /// Bottom first.
        overlays: Vec<WireOverlay>,
    },
    /// A file whose value is shown.
    Expression {
        /// Its relative path.
        entry: String,
    },
}

/// The engine's `Workspace`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireWorkspace {
    /// Every file.
    pub files: Vec<WireFile>,
    /// How to evaluate them.
    pub mode: WireMode,
}

/// A byte range with its line and column (1-based).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSpanInfo {
    /// Absolute virtual path.
    pub file: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Line of `start`.
    pub line: usize,
    /// Column of `start`.
    pub column: usize,
}

/// A hint for one of the known traps (SEMANTICS §2.11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireHint {
    /// Which trap (the engine's `TrapKind`, snake_case).
    pub trap: String,
    /// The explanation.
    pub message: String,
}

/// An error or warning of the engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireEngineDiagnostic {
    /// Stable code.
    pub code: String,
    /// The message.
    pub message: String,
    /// Where.
    pub span: Option<WireSpanInfo>,
    /// The "while evaluating …" chain, outermost first.
    pub trace: Vec<(String, Option<WireSpanInfo>)>,
    /// Extra lines.
    pub notes: Vec<String>,
    /// A trap hint.
    pub hint: Option<WireHint>,
    /// The Nix-style rendering (for copy-as-Markdown only; the UI lays out
    /// the structured fields itself).
    pub rendered: String,
}

/// What kind of value an attribute holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireKind {
    /// A derivation.
    Derivation,
    /// A function.
    Function,
    /// An attribute set.
    Set,
    /// A list.
    List,
    /// Anything else.
    Value,
    /// Forcing it failed.
    Error,
    /// A kind this page does not know.
    #[serde(other)]
    Other,
}

impl WireKind {
    /// The word shown in the kind column.
    pub fn label(self) -> &'static str {
        match self {
            WireKind::Derivation => "derivation",
            WireKind::Function => "function",
            WireKind::Set => "set",
            WireKind::List => "list",
            WireKind::Value => "value",
            WireKind::Error => "error",
            WireKind::Other => "other",
        }
    }
}

/// Whether a row's store path differs from the base without overlays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireChange {
    /// Same paths.
    Unchanged,
    /// Only the `.drv` differs: nothing is rebuilt.
    DrvOnly,
    /// The output path differs: rebuilt.
    Rebuild,
    /// Not in the base.
    Added,
    /// Not a derivation, or nothing to compare with.
    NotCompared,
    /// A change this page does not know.
    #[serde(other)]
    Other,
}

/// Store paths of a derivation row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireStorePaths {
    /// `outPath`.
    pub out_path: Option<String>,
    /// `drvPath`.
    pub drv_path: Option<String>,
}

/// One `final.x` / `prev.y` lookup a row made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireRead {
    /// `final`, `prev`, `self`, …
    pub via: String,
    /// The attribute looked up.
    pub name: String,
    /// The layer that answered.
    pub answered_by: Option<usize>,
    /// Whether it was there.
    pub found: bool,
}

/// One attribute of the resolved set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireRow {
    /// Full path from the top of the set.
    pub path: Vec<String>,
    /// Its kind.
    pub kind: WireKind,
    /// A short printed value.
    pub short: String,
    /// The layer of its final definition.
    pub defined_by: Option<usize>,
    /// Every layer that set it, bottom first.
    pub chain: Vec<usize>,
    /// Where its final definition is.
    pub definition: Option<WireSpanInfo>,
    /// Its reads.
    pub reads: Vec<WireRead>,
    /// Store paths (derivations).
    pub store: Option<WireStorePaths>,
    /// The rebuild status.
    pub change: WireChange,
    /// Its own error.
    pub error: Option<WireEngineDiagnostic>,
    /// A trap hint without an error (e.g. `rec` not late-bound).
    pub hint: Option<WireHint>,
    /// Whether it is a set that can be expanded in place.
    pub expandable: bool,
    /// Steps its forcing took.
    pub steps: u64,
}

impl WireRow {
    /// The last path component.
    pub fn name(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or("")
    }
}

/// The kind of a layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireLayerKind {
    /// The base.
    Base,
    /// An overlay.
    Overlay,
    /// A user file (expression mode).
    File,
    /// Part of the prelude.
    Prelude,
    /// A kind this page does not know.
    #[serde(other)]
    Other,
}

/// One layer (a coloured badge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireLayer {
    /// Index, bottom first.
    pub index: usize,
    /// E.g. `overlay 2: python.nix`.
    pub label: String,
    /// Its kind.
    pub kind: WireLayerKind,
    /// The file or folder.
    pub file: String,
    /// For lambdas: their byte range.
    pub range: Option<(u32, u32)>,
}

/// The resolved set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSetView {
    /// Every layer, bottom first.
    pub layers: Vec<WireLayer>,
    /// The top-level rows.
    pub rows: Vec<WireRow>,
    /// The set's own error (names could not be computed, not a set, …).
    pub error: Option<WireEngineDiagnostic>,
    /// Warnings and traces raised while resolving.
    pub events: Vec<WireEngineDiagnostic>,
    /// The resolution as plain Nix (set mode).
    pub plain_nix: Option<String>,
}

/// One event of a forcing trace (the engine's `TraceEvent`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum WireTraceEvent {
    /// A thunk was forced.
    Force {
        /// Nesting depth.
        depth: usize,
        /// The attribute, when it is one.
        attribute: Option<Vec<String>>,
        /// Where.
        at: Option<WireSpanInfo>,
        /// The source text forced.
        snippet: Option<String>,
    },
    /// An attribute already computed was reused.
    Reused {
        /// Nesting depth.
        depth: usize,
        /// The attribute.
        attribute: Vec<String>,
    },
    /// A forcing finished.
    Done {
        /// Nesting depth.
        depth: usize,
        /// Whether it succeeded.
        ok: bool,
    },
    /// A `final.x` / `prev.x` lookup.
    Lookup {
        /// Nesting depth.
        depth: usize,
        /// `final`, `prev`, …
        via: String,
        /// The name.
        name: String,
        /// The layer that answered.
        answered_by: Option<usize>,
        /// Whether it was found.
        found: bool,
        /// Where.
        at: Option<WireSpanInfo>,
    },
}

/// A page of a forcing trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireTracePage {
    /// The attribute traced.
    pub path: Vec<String>,
    /// Index of the first event.
    pub offset: usize,
    /// The events of this page.
    pub events: Vec<WireTraceEvent>,
    /// Events recorded in all.
    pub total: usize,
    /// Whether recording stopped at the cap.
    pub truncated: bool,
    /// The attribute's error.
    pub error: Option<WireEngineDiagnostic>,
}

/// The examples gallery's manifest (`static/examples/index.json`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct GalleryManifest {
    /// Format version (1).
    pub version: u32,
    /// The examples, in the order shown.
    pub examples: Vec<GalleryExample>,
}

/// One example of the gallery.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct GalleryExample {
    /// Folder name under `examples/`.
    pub id: String,
    /// Title.
    pub title: String,
    /// The one-line lesson.
    pub lesson: String,
    /// Its files, in tab order (relative to its folder).
    pub files: Vec<String>,
    /// How it is evaluated.
    pub mode: WireMode,
}

/// The workspace kept in `localStorage` between visits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredWorkspace {
    /// Format version of this record ([`STORED_VERSION`]).
    pub version: u32,
    /// The files and mode.
    pub workspace: WireWorkspace,
    /// The file that was open.
    pub active: String,
}

/// The current [`StoredWorkspace::version`]; records of other versions
/// are ignored (never misread).
pub const STORED_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_changes_from_a_newer_engine_decode_as_other() {
        let kind: WireKind = serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
            serde::de::value::Error,
        >::new("hologram"))
        .unwrap_or(WireKind::Error);
        assert_eq!(kind, WireKind::Other);
        let change: WireChange =
            serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
                serde::de::value::Error,
            >::new("drv_only"))
            .unwrap_or(WireChange::Other);
        assert_eq!(change, WireChange::DrvOnly);
    }
}
