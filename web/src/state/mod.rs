//! The playground's state: one immutable [`Workspace`] changed only through
//! [`Action`]s by a pure reducer.
//!
//! The root component keeps the workspace behind `use_reducer`; components
//! and hooks turn events into actions. [`Workspace::rev`] goes up on every
//! change that alters what is evaluated (file text, file names, the mode,
//! the base, the overlay stack), and evaluation answers carry the revision
//! they were computed from, so an answer for an older workspace is dropped
//! (latest wins).
//!
//! Main types: [`Workspace`] (files in tab order, the active tab, the
//! [`WireMode`]: set mode with a base and an overlay stack, or expression
//! mode with an entry), [`EvalState`] (what the worker last said),
//! [`Action`]. [`Workspace::to_wire`] is what the worker resolves.
//!
//! Invariants:
//! - `reduce` returns the same `Rc` for a no-op (an edit that changes
//!   nothing, a stale answer, an invalid rename), so Yew skips the
//!   re-render;
//! - `eval` only ever describes the current `rev` or an older one (an
//!   older answer is kept only when it answers the request in flight, and
//!   is then shown marked stale);
//! - there is always at least one file, `active` names one of them, and
//!   every file the mode names (entry, custom base, overlays) exists;
//! - file paths are relative (`overlay.nix`); the evaluator's spans name
//!   absolute virtual paths, see [`absolute_path`];
//! - no DOM, no worker, no timers here: side effects live in hooks.
//!
//! Deliberately absent: the share link and embed options (the share code
//! converts a [`Workspace`] to and from `fixpoint_share::Snapshot` with
//! [`Workspace::to_snapshot`] and [`Action::LoadShared`]).
//!
//! Tests: the `tests` module at the bottom (native `cargo test`).

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::protocol::set::{
    WireBase, WireFile, WireMode, WireOverlay, WireRow, WireSetView, WireTracePage, WireWorkspace,
};
use crate::protocol::{WireDiagnostic, WireOutcome};

/// Where workspace files live in the evaluator's file system.
pub const WORKSPACE_ROOT: &str = "/workspace";

/// The file a new workspace starts with.
pub const MAIN_FILE: &str = "main.nix";

/// The text a new workspace starts with.
pub const WELCOME_TEXT: &str = "let\n  fix = f: let result = f result; in result;\n  pkgs = fix (self: { a = 1; b = self.a + 1; });\nin pkgs.b * 21\n";

/// The text of a new overlay file.
pub const NEW_OVERLAY_TEXT: &str = "final: prev: {\n  \n}\n";

/// The absolute virtual path of a workspace file (`main.nix` →
/// `/workspace/main.nix`), as the evaluator names it in spans.
pub fn absolute_path(relative: &str) -> String {
    format!("{WORKSPACE_ROOT}/{}", relative.trim_start_matches("./"))
}

/// The relative path of an absolute virtual path under the workspace root.
pub fn relative_path(absolute: &str) -> Option<&str> {
    absolute
        .strip_prefix(WORKSPACE_ROOT)
        .and_then(|rest| rest.strip_prefix('/'))
}

/// The result tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResultTab {
    /// The resolved set as a table.
    Set,
    /// Attributes and reads as a graph.
    Graph,
    /// The forcing order of the selected attribute.
    Trace,
    /// The printed value.
    Value,
    /// Errors and warnings.
    Problems,
}

impl ResultTab {
    /// Every tab, in the order shown.
    pub const ALL: [ResultTab; 5] = [
        ResultTab::Set,
        ResultTab::Graph,
        ResultTab::Trace,
        ResultTab::Value,
        ResultTab::Problems,
    ];

    /// The tab's label (and test id suffix).
    pub fn label(self) -> &'static str {
        match self {
            ResultTab::Set => "Set",
            ResultTab::Graph => "Graph",
            ResultTab::Trace => "Trace",
            ResultTab::Value => "Value",
            ResultTab::Problems => "Problems",
        }
    }
}

/// What one evaluation produced.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalResult {
    /// The resolved set (set mode; expression mode when the value is a set).
    pub view: Option<WireSetView>,
    /// The printed value (expression mode).
    pub value: Option<WireOutcome>,
    /// The value as JSON, or why it has none (expression mode, when the
    /// value printed).
    pub json: Option<Result<String, String>>,
}

/// The "show derivation" panel.
#[derive(Clone, Debug, PartialEq)]
pub enum DerivationState {
    /// Asked for the attribute at this path.
    Loading(Vec<String>),
    /// The `.drv` path, its ATerm and its JSON.
    Shown {
        /// The path.
        drv_path: String,
        /// ATerm text.
        aterm: String,
        /// JSON text.
        json: String,
    },
    /// Why not.
    Failed(String),
}

/// Where evaluation stands.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalState {
    /// Nothing has been asked yet.
    Idle,
    /// A request for `rev` is with the worker.
    Running {
        /// The revision being evaluated.
        rev: u64,
        /// The last answer, still shown (marked stale) until this one
        /// arrives, so the result pane does not blank on every keystroke.
        previous: Option<Rc<EvalResult>>,
    },
    /// The worker answered for `rev`.
    Done {
        /// The revision the answer is about.
        rev: u64,
        /// The answer.
        outcome: Rc<EvalResult>,
    },
    /// No answer will come for `rev`.
    Failed {
        /// The revision that failed.
        rev: u64,
        /// Why.
        reason: EvalFailure,
    },
}

/// Why an evaluation produced no outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalFailure {
    /// The user pressed Stop; the worker was terminated.
    Stopped,
    /// The watchdog terminated a worker that did not answer in time.
    TimedOut {
        /// How long it waited, in milliseconds.
        after_ms: u32,
    },
    /// The worker could not start or crashed.
    WorkerCrashed {
        /// What the browser reported.
        detail: String,
    },
    /// The worker rejected the request.
    Rejected {
        /// The worker's explanation.
        detail: String,
    },
}

/// A nested set expanded in place.
#[derive(Clone, Debug, PartialEq)]
pub enum Expansion {
    /// Asked of the worker.
    Loading,
    /// Its rows.
    Rows(Rc<[WireRow]>),
    /// Why it could not be listed.
    Failed(String),
}

/// The whole editable state of a session.
#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    /// Every file, in tab order (relative paths).
    pub files: Vec<(String, Rc<str>)>,
    /// The file shown in the editor.
    pub active: String,
    /// Set or expression mode.
    pub mode: WireMode,
    /// Bumped on every change of what is evaluated.
    pub rev: u64,
    /// What the evaluator last said, and about which revision.
    pub eval: EvalState,
    /// The attribute selected in the Set view (for Trace and Graph).
    pub selected: Option<Vec<String>>,
    /// The open result tab.
    pub tab: ResultTab,
    /// Nested sets expanded in place, for the current `rev`.
    pub expanded: BTreeMap<Vec<String>, Expansion>,
    /// The forcing trace of the selected attribute, for the current `rev`.
    pub trace: Option<Rc<WireTracePage>>,
    /// The trace step shown (an index into the whole trace).
    pub trace_step: usize,
    /// The derivation panel, when open.
    pub derivation: Option<DerivationState>,
}

/// Everything that can change the workspace.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The user changed the text of a file.
    EditFile {
        /// The file's path.
        path: String,
        /// Its new text.
        text: Rc<str>,
    },
    /// Show a file in the editor.
    OpenFile(String),
    /// Add a file (an overlay, appended to the stack, in set mode).
    AddFile,
    /// Rename a file (its uses in the mode follow).
    RenameFile {
        /// The old path.
        from: String,
        /// The new path.
        to: String,
    },
    /// Delete a file (never the last one).
    DeleteFile(String),
    /// Switch to set mode (with the mini nixpkgs base) or expression mode.
    SetExpressionMode(bool),
    /// Choose the base.
    SetBase(WireBase),
    /// Choose the entry (expression mode).
    SetEntry(String),
    /// Switch overlay `index` on or off.
    ToggleOverlay(usize),
    /// Move the overlay at `from` to position `to`.
    MoveOverlay {
        /// Its index now.
        from: usize,
        /// Its index afterwards.
        to: usize,
    },
    /// Put a file on the overlay stack (or take it off).
    SetOverlay {
        /// The file.
        file: String,
        /// Whether it is in the stack.
        stacked: bool,
    },
    /// Replace the whole workspace (an example, a restored session, a link).
    LoadShared {
        /// The files, in tab order.
        files: Vec<(String, String)>,
        /// The mode.
        mode: WireMode,
        /// The file to show, if any.
        active: Option<String>,
    },
    /// Select an attribute.
    Select(Vec<String>),
    /// Open a result tab.
    ShowTab(ResultTab),
    /// A request for `rev` was posted to the worker.
    EvaluationStarted {
        /// The revision posted.
        rev: u64,
    },
    /// The worker answered.
    Evaluated {
        /// The revision the answer is about.
        rev: u64,
        /// The answer.
        outcome: Rc<EvalResult>,
    },
    /// No answer will come for `rev`.
    EvaluationFailed {
        /// The revision.
        rev: u64,
        /// Why.
        reason: EvalFailure,
    },
    /// A nested set was asked for.
    Expanding(Vec<String>),
    /// Collapse a nested set.
    Collapse(Vec<String>),
    /// The worker listed a nested set.
    Expanded {
        /// The revision it is about.
        rev: u64,
        /// The set's path.
        path: Vec<String>,
        /// Its rows, or why not.
        rows: Result<Rc<[WireRow]>, String>,
    },
    /// The worker sent a page of a forcing trace.
    TraceLoaded {
        /// The revision it is about.
        rev: u64,
        /// The page.
        page: Rc<WireTracePage>,
    },
    /// Show trace step `index`.
    TraceStep(usize),
    /// The derivation of the attribute at this path was asked for.
    DerivationRequested(Vec<String>),
    /// The worker answered about a derivation.
    DerivationLoaded {
        /// The revision it is about.
        rev: u64,
        /// What to show.
        state: DerivationState,
    },
    /// Close the derivation panel.
    CloseDerivation,
    /// The value of `rev` printed as JSON arrived (asked for by the Value
    /// tab's "Show as JSON"), or why it has none.
    JsonLoaded {
        /// The revision it is about.
        rev: u64,
        /// The JSON text, or why there is none.
        json: Result<String, String>,
    },
}

impl Action {
    /// Whether this is the user changing the workspace itself: its files,
    /// their text or names, the mode, the base or the overlay stack (not
    /// what is shown, nor a whole workspace loaded from elsewhere). After
    /// such a change the page is no longer the example or link it was
    /// opened from, so the address must stop naming it.
    pub fn edits_workspace(&self) -> bool {
        match self {
            Action::EditFile { .. }
            | Action::AddFile
            | Action::RenameFile { .. }
            | Action::DeleteFile(_)
            | Action::SetExpressionMode(_)
            | Action::SetBase(_)
            | Action::SetEntry(_)
            | Action::ToggleOverlay(_)
            | Action::MoveOverlay { .. }
            | Action::SetOverlay { .. } => true,
            Action::OpenFile(_)
            | Action::LoadShared { .. }
            | Action::Select(_)
            | Action::ShowTab(_)
            | Action::EvaluationStarted { .. }
            | Action::Evaluated { .. }
            | Action::EvaluationFailed { .. }
            | Action::Expanding(_)
            | Action::Collapse(_)
            | Action::Expanded { .. }
            | Action::TraceLoaded { .. }
            | Action::TraceStep(_)
            | Action::DerivationRequested(_)
            | Action::DerivationLoaded { .. }
            | Action::CloseDerivation
            | Action::JsonLoaded { .. } => false,
        }
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::with_main(WELCOME_TEXT)
    }
}

impl Workspace {
    /// An expression-mode workspace with a single entry file holding `text`.
    pub fn with_main(text: &str) -> Self {
        Workspace {
            files: vec![(MAIN_FILE.to_owned(), Rc::from(text))],
            active: MAIN_FILE.to_owned(),
            mode: WireMode::Expression {
                entry: MAIN_FILE.to_owned(),
            },
            rev: 0,
            eval: EvalState::Idle,
            selected: None,
            tab: ResultTab::Value,
            expanded: BTreeMap::new(),
            trace: None,
            trace_step: 0,
            derivation: None,
        }
    }

    /// The text of a file.
    pub fn text_of(&self, path: &str) -> Option<Rc<str>> {
        self.files
            .iter()
            .find(|(name, _)| name == path)
            .map(|(_, text)| text.clone())
    }

    /// The text of the file in the editor.
    pub fn active_text(&self) -> Rc<str> {
        self.text_of(&self.active).unwrap_or_else(|| Rc::from(""))
    }

    /// What the worker resolves.
    pub fn to_wire(&self) -> WireWorkspace {
        WireWorkspace {
            files: self
                .files
                .iter()
                .map(|(path, text)| WireFile {
                    path: path.clone(),
                    text: text.to_string(),
                })
                .collect(),
            mode: self.mode.clone(),
        }
    }

    /// The overlay stack (empty in expression mode).
    pub fn overlays(&self) -> &[WireOverlay] {
        match &self.mode {
            WireMode::Set { overlays, .. } => overlays,
            WireMode::Expression { .. } => &[],
        }
    }

    /// What a file is for in the current mode, for its tab.
    pub fn role_of(&self, path: &str) -> FileRole {
        match &self.mode {
            WireMode::Expression { entry } if entry == path => FileRole::Entry,
            WireMode::Expression { .. } => FileRole::Other,
            WireMode::Set { base, overlays } => {
                if matches!(base, WireBase::Custom { file } if file == path) {
                    FileRole::Base
                } else if let Some(index) = overlays.iter().position(|o| o.file == path) {
                    FileRole::Overlay(index)
                } else {
                    FileRole::Other
                }
            }
        }
    }

    /// The last answer, when it is about the current revision or older.
    pub fn result(&self) -> Option<&EvalResult> {
        match &self.eval {
            EvalState::Done { outcome, .. }
            | EvalState::Running {
                previous: Some(outcome),
                ..
            } => Some(outcome),
            _ => None,
        }
    }

    /// The answer on screen, shared (see [`Workspace::result`]): the same
    /// `Rc` for as long as that answer shows, so the page can build what it
    /// derives from it once per answer.
    pub fn shown_outcome(&self) -> Option<Rc<EvalResult>> {
        match &self.eval {
            EvalState::Done { outcome, .. }
            | EvalState::Running {
                previous: Some(outcome),
                ..
            } => Some(Rc::clone(outcome)),
            _ => None,
        }
    }

    /// Applies one action. Pure: the same state and action give the same result.
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::EditFile { path, text } => {
                let Some(index) = self.files.iter().position(|(name, _)| *name == path) else {
                    return self;
                };
                if self.files.get(index).map(|(_, old)| old) == Some(&text) {
                    return self;
                }
                self.changed(|next| {
                    if let Some(slot) = next.files.get_mut(index) {
                        slot.1 = text;
                    }
                })
            }
            Action::OpenFile(path) => {
                if path == self.active || self.text_of(&path).is_none() {
                    return self;
                }
                self.viewed(|next| next.active = path)
            }
            Action::AddFile => {
                let set_mode = matches!(self.mode, WireMode::Set { .. });
                let stem = if set_mode { "overlay" } else { "file" };
                let name = (1..)
                    .map(|n| format!("{stem}-{n}.nix"))
                    .find(|name| self.text_of(name).is_none())
                    .unwrap_or_else(|| format!("{stem}.nix"));
                let text = if set_mode { NEW_OVERLAY_TEXT } else { "{ }\n" };
                self.changed(|next| {
                    next.files.push((name.clone(), Rc::from(text)));
                    if let WireMode::Set { overlays, .. } = &mut next.mode {
                        overlays.push(WireOverlay {
                            file: name.clone(),
                            enabled: true,
                        });
                    }
                    next.active = name;
                })
            }
            Action::RenameFile { from, to } => {
                let to = to.trim().trim_start_matches("./").to_owned();
                if from == to || !valid_file_name(&to) || self.text_of(&to).is_some() {
                    return self;
                }
                if self.text_of(&from).is_none() {
                    return self;
                }
                self.changed(|next| {
                    for (name, _) in &mut next.files {
                        if *name == from {
                            name.clone_from(&to);
                        }
                    }
                    rename_in_mode(&mut next.mode, &from, &to);
                    if next.active == from {
                        next.active.clone_from(&to);
                    }
                })
            }
            Action::DeleteFile(path) => {
                if self.files.len() <= 1 || self.text_of(&path).is_none() {
                    return self;
                }
                self.changed(|next| {
                    next.files.retain(|(name, _)| *name != path);
                    let first = next
                        .files
                        .first()
                        .map(|(name, _)| name.clone())
                        .unwrap_or_default();
                    match &mut next.mode {
                        WireMode::Expression { entry } => {
                            if *entry == path {
                                entry.clone_from(&first);
                            }
                        }
                        WireMode::Set { base, overlays } => {
                            overlays.retain(|overlay| overlay.file != path);
                            if matches!(base, WireBase::Custom { file } if *file == path) {
                                *base = WireBase::MiniNixpkgs;
                            }
                        }
                    }
                    if next.active == path {
                        next.active = first;
                    }
                })
            }
            Action::SetExpressionMode(expression) => {
                let is_expression = matches!(self.mode, WireMode::Expression { .. });
                if expression == is_expression {
                    return self;
                }
                self.changed(|next| {
                    next.mode = if expression {
                        WireMode::Expression {
                            entry: next.active.clone(),
                        }
                    } else {
                        // Every file that looks like an overlay goes on the stack.
                        let overlays = next
                            .files
                            .iter()
                            .filter(|(_, text)| looks_like_overlay(text))
                            .map(|(name, _)| WireOverlay {
                                file: name.clone(),
                                enabled: true,
                            })
                            .collect();
                        WireMode::Set {
                            base: WireBase::MiniNixpkgs,
                            overlays,
                        }
                    };
                    next.tab = if expression {
                        ResultTab::Value
                    } else {
                        ResultTab::Set
                    };
                })
            }
            Action::SetBase(new_base) => {
                let WireMode::Set { base, .. } = &self.mode else {
                    return self;
                };
                let missing_file =
                    matches!(&new_base, WireBase::Custom { file } if self.text_of(file).is_none());
                if *base == new_base || missing_file {
                    return self;
                }
                self.changed(|next| {
                    if let WireMode::Set { base, overlays } = &mut next.mode {
                        if let WireBase::Custom { file } = &new_base {
                            overlays.retain(|overlay| overlay.file != *file);
                        }
                        *base = new_base;
                    }
                })
            }
            Action::SetEntry(path) => {
                let is_current =
                    matches!(&self.mode, WireMode::Expression { entry } if *entry == path);
                if is_current || self.text_of(&path).is_none() {
                    return self;
                }
                let WireMode::Expression { .. } = self.mode else {
                    return self;
                };
                self.changed(|next| next.mode = WireMode::Expression { entry: path })
            }
            Action::ToggleOverlay(index) => {
                if index >= self.overlays().len() {
                    return self;
                }
                self.changed(|next| {
                    if let WireMode::Set { overlays, .. } = &mut next.mode {
                        if let Some(overlay) = overlays.get_mut(index) {
                            overlay.enabled = !overlay.enabled;
                        }
                    }
                })
            }
            Action::MoveOverlay { from, to } => {
                let count = self.overlays().len();
                if from == to || from >= count || to >= count {
                    return self;
                }
                self.changed(|next| {
                    if let WireMode::Set { overlays, .. } = &mut next.mode {
                        let overlay = overlays.remove(from);
                        overlays.insert(to, overlay);
                    }
                })
            }
            Action::SetOverlay { file, stacked } => {
                let WireMode::Set { base, overlays } = &self.mode else {
                    return self;
                };
                let is_stacked = overlays.iter().any(|overlay| overlay.file == file);
                let is_base = matches!(base, WireBase::Custom { file: b } if *b == file);
                if is_stacked == stacked || is_base || self.text_of(&file).is_none() {
                    return self;
                }
                self.changed(|next| {
                    if let WireMode::Set { overlays, .. } = &mut next.mode {
                        if stacked {
                            overlays.push(WireOverlay {
                                file,
                                enabled: true,
                            });
                        } else {
                            overlays.retain(|overlay| overlay.file != file);
                        }
                    }
                })
            }
            Action::LoadShared {
                files,
                mode,
                active,
            } => {
                let Some(loaded) = Workspace::loaded(files, mode, active) else {
                    return self;
                };
                let rev = self.rev + 1;
                Rc::new(Workspace {
                    rev,
                    eval: self.eval.clone(),
                    ..loaded
                })
            }
            Action::Select(path) => {
                if self.selected.as_ref() == Some(&path) {
                    return self;
                }
                self.viewed(|next| {
                    next.selected = Some(path);
                    next.trace = None;
                    next.trace_step = 0;
                })
            }
            Action::ShowTab(tab) => {
                if tab == self.tab {
                    return self;
                }
                self.viewed(|next| next.tab = tab)
            }
            Action::EvaluationStarted { rev } => {
                let already =
                    matches!(self.eval, EvalState::Running { rev: running, .. } if running == rev);
                if rev != self.rev || already {
                    return self;
                }
                let previous = self.shown_outcome();
                self.with_eval(EvalState::Running { rev, previous })
            }
            Action::Evaluated { rev, outcome } => {
                // The answer to the request in flight is shown even when the
                // workspace has moved on (marked stale, the newer request
                // follows at once): while the user types, the view keeps
                // up instead of freezing until typing stops.
                let in_flight =
                    matches!(self.eval, EvalState::Running { rev: running, .. } if running == rev);
                if rev != self.rev && !in_flight {
                    return self;
                }
                self.with_eval(EvalState::Done { rev, outcome })
            }
            Action::EvaluationFailed { rev, reason } => {
                // As for an answer: the request in flight failing (Stop, the
                // watchdog) is recorded even if the user has typed since,
                // or the page would say "running" with nothing running.
                let in_flight =
                    matches!(self.eval, EvalState::Running { rev: running, .. } if running == rev);
                if rev != self.rev && !in_flight {
                    return self;
                }
                self.with_eval(EvalState::Failed { rev, reason })
            }
            Action::Expanding(path) => {
                if self.expanded.contains_key(&path) {
                    return self;
                }
                self.viewed(|next| {
                    next.expanded.insert(path, Expansion::Loading);
                })
            }
            Action::Collapse(path) => {
                if !self.expanded.contains_key(&path) {
                    return self;
                }
                self.viewed(|next| {
                    next.expanded.remove(&path);
                })
            }
            Action::Expanded { rev, path, rows } => {
                if rev != self.rev || !self.expanded.contains_key(&path) {
                    return self;
                }
                self.viewed(|next| {
                    let expansion = match rows {
                        Ok(rows) => Expansion::Rows(rows),
                        Err(reason) => Expansion::Failed(reason),
                    };
                    next.expanded.insert(path, expansion);
                })
            }
            Action::TraceLoaded { rev, page } => {
                if rev != self.rev || self.selected.as_ref() != Some(&page.path) {
                    return self;
                }
                self.viewed(|next| {
                    next.trace_step = page.offset;
                    next.trace = Some(page);
                })
            }
            Action::TraceStep(step) => {
                let total = self.trace.as_ref().map_or(0, |page| page.total);
                let step = step.min(total.saturating_sub(1));
                if step == self.trace_step {
                    return self;
                }
                self.viewed(|next| next.trace_step = step)
            }
            Action::DerivationRequested(path) => {
                self.viewed(|next| next.derivation = Some(DerivationState::Loading(path)))
            }
            Action::DerivationLoaded { rev, state } => {
                if rev != self.rev || !matches!(self.derivation, Some(DerivationState::Loading(_)))
                {
                    return self;
                }
                self.viewed(|next| next.derivation = Some(state))
            }
            Action::CloseDerivation => {
                if self.derivation.is_none() {
                    return self;
                }
                self.viewed(|next| next.derivation = None)
            }
            Action::JsonLoaded { rev, json } => {
                // Only onto the answer it was asked for, and only once.
                let outcome = match &self.eval {
                    EvalState::Done {
                        rev: shown,
                        outcome,
                    } if *shown == rev && outcome.json.is_none() => Rc::new(EvalResult {
                        json: Some(json),
                        ..EvalResult::clone(outcome)
                    }),
                    _ => return self,
                };
                self.with_eval(EvalState::Done { rev, outcome })
            }
        }
    }

    /// A workspace holding `files` in `mode`, if they fit together (at least
    /// one file, names unique and valid, every file the mode names present).
    fn loaded(
        files: Vec<(String, String)>,
        mode: WireMode,
        active: Option<String>,
    ) -> Option<Workspace> {
        let mut seen = std::collections::BTreeSet::new();
        for (name, _) in &files {
            if !valid_file_name(name) || !seen.insert(name.clone()) {
                return None;
            }
        }
        let named: Vec<&String> = match &mode {
            WireMode::Expression { entry } => vec![entry],
            WireMode::Set { base, overlays } => {
                let mut named: Vec<&String> = overlays.iter().map(|o| &o.file).collect();
                if let WireBase::Custom { file } = base {
                    named.push(file);
                }
                named
            }
        };
        if named.iter().any(|name| !seen.contains(*name)) {
            return None;
        }
        let first = files.first()?.0.clone();
        let active = active.filter(|name| seen.contains(name)).unwrap_or(first);
        let tab = match mode {
            WireMode::Set { .. } => ResultTab::Set,
            WireMode::Expression { .. } => ResultTab::Value,
        };
        Some(Workspace {
            files: files
                .into_iter()
                .map(|(name, text)| (name, Rc::from(text)))
                .collect(),
            active,
            mode,
            tab,
            ..Workspace::with_main("")
        })
    }

    /// A copy changed by `change`, with a new revision: what is evaluated
    /// changed, so expansions and traces of the old one are dropped.
    fn changed(self: Rc<Self>, change: impl FnOnce(&mut Workspace)) -> Rc<Self> {
        let mut next = (*self).clone();
        change(&mut next);
        next.rev += 1;
        next.expanded.clear();
        next.trace = None;
        next.derivation = None;
        Rc::new(next)
    }

    /// A copy changed by `change` in what is shown only.
    fn viewed(self: Rc<Self>, change: impl FnOnce(&mut Workspace)) -> Rc<Self> {
        let mut next = (*self).clone();
        change(&mut next);
        Rc::new(next)
    }

    fn with_eval(self: Rc<Self>, eval: EvalState) -> Rc<Self> {
        self.viewed(|next| next.eval = eval)
    }

    /// The diagnostics of the last answer that point into `path` (relative):
    /// the value's error and warnings, the set's error, and every row's
    /// error, each once.
    pub fn diagnostics_for(&self, path: &str) -> Vec<WireDiagnostic> {
        let absolute = absolute_path(path);
        crate::problems::problems(self)
            .into_iter()
            .filter_map(|problem| problem.diagnostic_in(&absolute))
            .collect()
    }

    /// Whether the shown result is about an older workspace than the editor's.
    pub fn result_is_stale(&self) -> bool {
        match &self.eval {
            EvalState::Idle => self.rev > 0,
            // What shows while running is the previous answer, if any.
            EvalState::Running { .. } => true,
            EvalState::Done { rev, .. } | EvalState::Failed { rev, .. } => *rev != self.rev,
        }
    }
}

/// What a file is for, shown on its tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRole {
    /// The evaluated file (expression mode).
    Entry,
    /// The custom base (set mode).
    Base,
    /// Overlay `n` of the stack (from 0, bottom first).
    Overlay(usize),
    /// Imported by others, or unused.
    Other,
}

/// Whether `name` can name a workspace file: a relative path of plain
/// components (no `..`, no empty parts), no whitespace at its ends.
pub fn valid_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name.trim() == name
        && !name.starts_with('/')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Whether a file's text starts like `final: prev: …` (two lambdas).
fn looks_like_overlay(text: &str) -> bool {
    let code: String = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut rest = code.as_str();
    for _ in 0..2 {
        let Some((name, after)) = rest.split_once(':') else {
            return false;
        };
        let name = name.trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '\'')
        {
            return false;
        }
        rest = after;
    }
    true
}

fn rename_in_mode(mode: &mut WireMode, from: &str, to: &str) {
    match mode {
        WireMode::Expression { entry } => {
            if entry == from {
                *entry = to.to_owned();
            }
        }
        WireMode::Set { base, overlays } => {
            if let WireBase::Custom { file } = base {
                if file == from {
                    *file = to.to_owned();
                }
            }
            for overlay in overlays {
                if overlay.file == from {
                    overlay.file = to.to_owned();
                }
            }
        }
    }
}

impl Reducible for Workspace {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.apply(action)
    }
}

#[cfg(test)]
mod tests;
