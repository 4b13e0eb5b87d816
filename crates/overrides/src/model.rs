//! The resolved set as plain, serde-serializable data: what the UI's Set,
//! Graph and Trace views and `fixpoint set` show.

use serde::{Deserialize, Serialize};

use crate::layers::LayerInfo;

/// A byte range in a named file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanInfo {
    /// Absolute virtual path.
    pub file: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// 1-based line of `start`, when the file's text is known.
    pub line: usize,
    /// 1-based column of `start`.
    pub column: usize,
}

/// A known trap (SEMANTICS §2.11) an error is explained by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TrapKind {
    /// `final.x` inside the overlay that defines `x`.
    FinalInOwnDefinition,
    /// An overlay written `prev: final:` (pre-23.11 `overrideScope` order):
    /// its `prev` is really the final set.
    SwappedArguments,
    /// Attribute names computed from `final`.
    NamesDependOnFinal,
    /// `rec { … }` values do not see later overrides.
    RecNotLateBound,
    /// `.override` with an argument the function does not take.
    UnexpectedOverrideArgument,
    /// `callPackage` could not fill a formal.
    CallPackageMissingArgument,
    /// A nested set replaced instead of updated (shallow `//`).
    ShallowUpdate,
    /// The step budget ran out (a loop, or a very large value).
    StepBudget,
    /// Nix's max-call-depth stopped a recursion (usually one without end).
    RunawayRecursion,
}

/// A hint attached to the error it explains.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hint {
    /// Which trap.
    pub trap: TrapKind,
    /// One or two sentences for the user.
    pub message: String,
}

/// An error or warning, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineDiagnostic {
    /// The evaluator's stable error code (`E009`, …).
    pub code: String,
    /// The message, as Nix prints it after `error: `.
    pub message: String,
    /// Where it happened.
    pub span: Option<SpanInfo>,
    /// The "while evaluating …" chain, outermost first.
    pub trace: Vec<(String, Option<SpanInfo>)>,
    /// Extra lines such as "Did you mean …?".
    pub notes: Vec<String>,
    /// The known trap that explains it, if one does.
    pub hint: Option<Hint>,
    /// The full Nix-style rendering (as `nix-instantiate` would print it).
    pub rendered: String,
}

/// What an attribute's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttrKind {
    /// A set with `type = "derivation"`.
    Derivation,
    /// A lambda or builtin.
    Function,
    /// Any other set.
    Set,
    /// A list.
    List,
    /// A number, string, path, Boolean or null.
    Value,
    /// Forcing it failed.
    Error,
}

/// A derivation's store paths.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorePaths {
    /// `outPath`.
    pub out_path: Option<String>,
    /// `drvPath`.
    pub drv_path: Option<String>,
}

/// How a derivation compares with the same set with every overlay off
/// (SEMANTICS §3.8, §6.15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Same `drvPath` and `outPath`.
    Unchanged,
    /// Different recipe, same output path (only through fixed outputs).
    DrvOnly,
    /// Different output path: it must be rebuilt.
    Rebuild,
    /// Not in the set without overlays.
    Added,
    /// Not compared: not a derivation, or a path could not be computed,
    /// or there are no overlays to compare with.
    NotCompared,
}

/// One lookup an attribute's evaluation made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Read {
    /// The variable looked in: `final`, `prev`, `self`, `super`, `pkgs`.
    pub via: String,
    /// The attribute name looked up.
    pub name: String,
    /// The layer whose definition answered, if known.
    pub answered_by: Option<usize>,
    /// Whether the attribute was there.
    pub found: bool,
}

/// One row of the Set view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttrRow {
    /// The attribute path from the root (`["python3Packages", "numpy"]`).
    pub path: Vec<String>,
    /// Its kind.
    pub kind: AttrKind,
    /// A short value: `graphviz-2.49 /nix/store/…`, `42`, `"text"`.
    pub short: String,
    /// The layer whose definition is in effect.
    pub defined_by: Option<usize>,
    /// Every layer that set it, bottom first (ends with `defined_by`).
    pub chain: Vec<usize>,
    /// Where the definition in effect is.
    pub definition: Option<SpanInfo>,
    /// The `final.x` / `prev.y` lookups forcing it made (deduplicated).
    pub reads: Vec<Read>,
    /// Store paths, for derivations.
    pub store: Option<StorePaths>,
    /// Compared with the set without overlays.
    pub change: Change,
    /// Its own error, if forcing it failed.
    pub error: Option<EngineDiagnostic>,
    /// A trap its value falls into without failing (`rec` not late-bound).
    pub hint: Option<Hint>,
    /// Whether it is a set that can be expanded.
    pub expandable: bool,
    /// Steps its forcing took.
    pub steps: u64,
}

/// The resolved set: layers and the top-level rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetView {
    /// Every layer, bottom first.
    pub layers: Vec<LayerInfo>,
    /// The rows, by name.
    pub rows: Vec<AttrRow>,
    /// Set when the set itself could not be computed (no rows then).
    pub error: Option<EngineDiagnostic>,
    /// Warnings and traces raised while resolving (severity in `code`:
    /// `W…` warnings, `T…` traces).
    pub events: Vec<EngineDiagnostic>,
    /// Set mode: the resolution as plain Nix.
    pub plain_nix: Option<String>,
}

/// One event of a forcing trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum TraceEvent {
    /// A thunk started being forced.
    Force {
        /// Nesting depth (0 = the selected attribute).
        depth: usize,
        /// The attribute path this thunk is, when it is one.
        attribute: Option<Vec<String>>,
        /// Where its expression is.
        at: Option<SpanInfo>,
        /// The source text there (first line, shortened).
        snippet: Option<String>,
    },
    /// An attribute's value, already computed, was used again (memoised:
    /// the fixed point computes each attribute once).
    Reused {
        /// Depth of the thunk using it.
        depth: usize,
        /// The attribute path.
        attribute: Vec<String>,
    },
    /// The innermost thunk finished.
    Done {
        /// Its depth.
        depth: usize,
        /// Whether it produced a value.
        ok: bool,
    },
    /// An attribute lookup.
    Lookup {
        /// Depth of the thunk making it.
        depth: usize,
        /// `final`, `prev`, … or another expression's first word.
        via: String,
        /// The name.
        name: String,
        /// The layer whose definition answered.
        answered_by: Option<usize>,
        /// Whether it was found.
        found: bool,
        /// Where the lookup is written.
        at: Option<SpanInfo>,
    },
}

/// A page of a forcing trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracePage {
    /// The attribute traced.
    pub path: Vec<String>,
    /// Index of the first event of this page.
    pub offset: usize,
    /// The events.
    pub events: Vec<TraceEvent>,
    /// Events recorded in all (at most the cap).
    pub total: usize,
    /// Whether recording stopped at the cap before forcing finished.
    pub truncated: bool,
    /// The attribute's error, if forcing it failed.
    pub error: Option<EngineDiagnostic>,
}
