//! The messages that cross between the page and the evaluation worker.
//!
//! The page sends [`ToWorker`]; the worker answers with [`FromWorker`]. Every
//! evaluation request carries the workspace revision (`rev`) it was made
//! from, and every answer repeats it, so the page can drop answers to stale
//! requests (latest wins).
//!
//! [`WireOutcome`] and [`WireDiagnostic`] mirror `fixpoint_eval::Outcome` and
//! `fixpoint_eval::Diagnostic` for the wire. The core types deliberately do
//! not derive serde: this module is the only place in the app that does, so
//! the wire format is owned here and the evaluator stays free to change its
//! internals. The worker converts core → wire (`crate::worker::convert`).
//!
//! Invariants:
//! - spans are byte offsets into the file they name (UTF-8), never UTF-16;
//!   conversion for the editor happens at the editor bridge;
//! - errors cross as data (a [`DiagnosticKind`] plus the message, span, trace
//!   and notes), and the UI decides how to render them;
//! - nothing here depends on the evaluator, so the page bundle can use these
//!   types without linking it.
//!
//! Messages are posted as structured JS objects through `serde-wasm-bindgen`
//! ([`encode`], [`decode`]), not as JSON strings.
//!
//! [`set`] holds the mirrors of the override engine's data (the resolved
//! set, rows, traces, the workspace), with the engine's serde shape.
//!
//! Tests: the encode → answer → decode round trips in
//! `web/tests/worker_in_browser.rs` (wasm, headless Chromium), since the
//! codec needs a JS engine; the `set` module's own tests (native).

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

pub mod set;

use set::{WireRow, WireSetView, WireTracePage, WireWorkspace};

/// A request from the page to the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ToWorker {
    /// Evaluate `entry` with the given files, answering with the same `rev`.
    Evaluate {
        /// The workspace revision the files come from.
        rev: u64,
        /// Every file of the workspace, as (absolute virtual path, text).
        files: Vec<(String, String)>,
        /// The path of the file to evaluate.
        entry: String,
    },
    /// Resolve a workspace with the override engine: the set views, and in
    /// expression mode the printed value.
    Resolve {
        /// The workspace revision.
        rev: u64,
        /// The files and mode.
        workspace: WireWorkspace,
    },
    /// List the nested set at `path` of the workspace at `rev`.
    Expand {
        /// The workspace revision.
        rev: u64,
        /// The workspace (the worker may have been respawned since).
        workspace: WireWorkspace,
        /// The nested set's path.
        path: Vec<String>,
    },
    /// The forcing trace of the attribute at `path`, from event `offset`.
    Trace {
        /// The workspace revision.
        rev: u64,
        /// The workspace.
        workspace: WireWorkspace,
        /// The attribute.
        path: Vec<String>,
        /// The first event wanted.
        offset: usize,
    },
    /// The derivation of the attribute at `path`.
    Derivation {
        /// The workspace revision.
        rev: u64,
        /// The workspace.
        workspace: WireWorkspace,
        /// The attribute.
        path: Vec<String>,
    },
    /// The value of an expression-mode workspace printed as JSON (asked
    /// only while the Value tab shows JSON: printing it can cost more than
    /// the rest of the evaluation).
    Json {
        /// The workspace revision.
        rev: u64,
        /// The workspace.
        workspace: WireWorkspace,
    },
}

impl ToWorker {
    /// The revision the request is about.
    pub fn rev(&self) -> u64 {
        match self {
            ToWorker::Evaluate { rev, .. }
            | ToWorker::Resolve { rev, .. }
            | ToWorker::Expand { rev, .. }
            | ToWorker::Trace { rev, .. }
            | ToWorker::Derivation { rev, .. }
            | ToWorker::Json { rev, .. } => *rev,
        }
    }

    /// Whether this is a new evaluation (latest wins) rather than a
    /// question about one already shown.
    pub fn is_evaluation(&self) -> bool {
        matches!(self, ToWorker::Evaluate { .. } | ToWorker::Resolve { .. })
    }
}

/// An answer from the worker to the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
// Every answer is serialised across the worker boundary as soon as it is
// built, so the size difference between variants never sits in memory.
#[allow(clippy::large_enum_variant)]
pub enum FromWorker {
    /// The worker has loaded and accepts requests.
    Ready,
    /// Sent after an answer: the worker's memory has grown past
    /// `worker::RETIRE_AT_BYTES` and should be replaced once no request is
    /// with it (wasm memory never shrinks, and evaluations leave reference
    /// cycles behind). Not an answer to any request.
    Retire,
    /// Evaluation of `rev` finished (with a value or an error).
    Done {
        /// The revision the request carried.
        rev: u64,
        /// What the evaluator said.
        outcome: WireOutcome,
    },
    /// `Resolve` of `rev` finished.
    Resolved {
        /// The revision the request carried.
        rev: u64,
        /// The resolved set (absent when the engine's answer could not be
        /// carried, which the page reports).
        view: Option<WireSetView>,
        /// The printed value (expression mode).
        value: Option<WireOutcome>,
    },
    /// `Json` of `rev` finished.
    Json {
        /// The revision the request carried.
        rev: u64,
        /// The value printed as JSON (`None` in set mode).
        json: Option<WireOutcome>,
    },
    /// The rows of a nested set.
    Expanded {
        /// The revision the request carried.
        rev: u64,
        /// The set's path.
        path: Vec<String>,
        /// Its rows.
        rows: Option<Vec<WireRow>>,
        /// Why it could not be listed.
        error: Option<String>,
    },
    /// A page of a forcing trace.
    Traced {
        /// The revision the request carried.
        rev: u64,
        /// The page.
        page: Option<WireTracePage>,
    },
    /// A derivation's `.drv`.
    Derivation {
        /// The revision the request carried.
        rev: u64,
        /// The `.drv` path, ATerm and JSON, or why not.
        result: Result<(String, String, String), String>,
    },
    /// The worker could not serve the request at all.
    Failed {
        /// The revision the request carried.
        rev: u64,
        /// Why.
        reason: WorkerFailure,
    },
}

/// Why the worker could not serve a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum WorkerFailure {
    /// The message posted to the worker did not decode as a [`ToWorker`].
    BadRequest {
        /// The decoder's explanation.
        detail: String,
    },
}

/// The result of one evaluation, mirrored from `fixpoint_eval::Outcome`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireOutcome {
    /// The value printed as `nix-instantiate --eval --strict` prints it, when
    /// evaluation succeeded.
    pub value: Option<String>,
    /// The error that stopped evaluation, if any.
    pub error: Option<WireDiagnostic>,
    /// Warnings and trace events collected on the way, in order.
    pub events: Vec<WireDiagnostic>,
    /// How many evaluation steps the run took.
    pub steps: u64,
}

/// An error, warning or trace event, mirrored from `fixpoint_eval::Diagnostic`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireDiagnostic {
    /// What kind of problem this is.
    pub kind: DiagnosticKind,
    /// The evaluator's stable code for the exact kind, e.g. `E001`.
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// The message, as Nix prints it after `error: `.
    pub message: String,
    /// Where it happened, when known.
    pub span: Option<WireSpan>,
    /// The "while evaluating …" chain, outermost first.
    pub trace: Vec<WireTraceFrame>,
    /// Extra lines such as "Did you mean …?".
    pub notes: Vec<String>,
}

/// The classes of diagnostic the UI treats differently.
///
/// This is coarser than the evaluator's `ErrorKind` on purpose: the UI needs
/// to know whether the text did not parse, whether evaluation failed, or
/// whether a limit stopped it; the exact kind travels as
/// [`WireDiagnostic::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The source did not parse.
    Parse,
    /// The source parsed but is not a valid program (undefined variable,
    /// duplicate attribute, …).
    Static,
    /// Evaluation failed (type errors, missing attributes, `throw`, …).
    Evaluation,
    /// The step budget ran out.
    StepBudget,
    /// The host stopped evaluation.
    Cancelled,
    /// A bug in the evaluator, never the program's fault.
    Internal,
    /// A warning from `builtins.warn`.
    Warning,
    /// A `builtins.trace` message.
    Trace,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// Evaluation stopped.
    Error,
    /// Evaluation continued.
    Warning,
    /// An informational trace event.
    Trace,
}

/// A byte range in a named file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSpan {
    /// The virtual path of the file.
    pub file: String,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

/// One "while evaluating …" line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireTraceFrame {
    /// The text after `… `.
    pub message: String,
    /// Where it happened, when known.
    pub span: Option<WireSpan>,
}

/// Why a JS value could not be turned into a message or back.
#[derive(Debug)]
#[non_exhaustive]
pub enum CodecError {
    /// serde-wasm-bindgen rejected the value.
    Serde(serde_wasm_bindgen::Error),
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodecError::Serde(error) => write!(f, "cannot convert worker message: {error}"),
        }
    }
}

impl std::error::Error for CodecError {}

/// Turns a message into a JS value for `postMessage`.
pub fn encode<T: Serialize>(message: &T) -> Result<JsValue, CodecError> {
    // Maps as plain objects keep the posted value easy to read in devtools.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    message.serialize(&serializer).map_err(CodecError::Serde)
}

/// Turns the `data` of a `MessageEvent` back into a message.
pub fn decode<T: for<'de> Deserialize<'de>>(value: JsValue) -> Result<T, CodecError> {
    serde_wasm_bindgen::from_value(value).map_err(CodecError::Serde)
}
