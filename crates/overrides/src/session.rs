//! A resolution session: one evaluator over a workspace, the resolved set
//! (and the same set with every overlay off), rows forced on demand.
//!
//! [`Session::open`] evaluates only as far as the set's names;
//! [`Session::view`] forces each top-level attribute under its own step
//! budget (a failing one gets its own error, the rest still show);
//! [`Session::expand`] lists a nested set on demand; [`trace`] replays one
//! attribute in a fresh session with a bounded, pageable forcing trace.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use fixpoint_eval::observer::thunk_id;
use fixpoint_eval::source::{FileId, SrcSpan};
use fixpoint_eval::value::{AttrSet, Value};
use fixpoint_eval::{
    Diagnostic, EvalOptions, Evaluator, LineIndex, MemoryIo, Outcome, OutputFormat,
};

use crate::baseline::{Baseline, BaselineKey, Before, SharedBaselines};
use crate::generate::{baseline_entry, engine_entry, plain_nix, ENTRY_FILE};
use crate::hints::{hint_for, HintContext};
use crate::layers::{LayerKind, LayerMap};
use crate::model::{
    AttrKind, AttrRow, Change, EngineDiagnostic, Read, SetView, SpanInfo, StorePaths, TraceEvent,
    TracePage,
};
use crate::prelude::{prelude_path, SharedPrelude};
use crate::recorder::{RawEvent, RawRead, Recorder, SharedRecorder};
use crate::scope::playground_evaluator_sharing;
use crate::workspace::{workspace_host, workspace_path, Mode, Workspace};

/// Limits for a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineOptions {
    /// Steps one attribute's forcing may take (each of its value, name,
    /// `outPath`, `drvPath` separately).
    pub steps_per_attribute: u64,
    /// Steps for the set itself (its names).
    pub steps_for_set: u64,
    /// Most events a forcing trace records.
    pub trace_cap: usize,
    /// `builtins.currentSystem`.
    pub current_system: String,
    /// The parsed prelude, shared by every session opened with these
    /// options (and their clones).
    pub prelude: SharedPrelude,
    /// The overlays-off comparisons kept between sessions opened with these
    /// options (and their clones), see [`crate::baseline`].
    pub baselines: SharedBaselines,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            steps_per_attribute: 5_000_000,
            steps_for_set: 5_000_000,
            trace_cap: 20_000,
            current_system: "x86_64-linux".to_owned(),
            prelude: SharedPrelude::new(),
            baselines: SharedBaselines::new(),
        }
    }
}

impl EngineOptions {
    /// The options of the evaluators a session makes (its own and its
    /// overlays-off comparison's).
    pub(crate) fn eval_options(&self) -> EvalOptions {
        EvalOptions {
            strict: false,
            current_system: self.current_system.clone(),
            ..EvalOptions::default()
        }
    }
}

/// Longest short string shown in a row.
const SHORT_STRING: usize = 60;

/// Variables whose selections count as reads.
const READ_VARIABLES: &[&str] = &["final", "prev", "self", "super", "pkgs"];

/// What the engine knows about one registered row.
struct RowInfo {
    path: Vec<String>,
    defined_by: Option<usize>,
}

/// The set a listing is compared with (the overlays-off set or a set in it).
#[derive(Clone)]
enum Off {
    /// A set of the session's own evaluator.
    Live(Rc<AttrSet>),
    /// The set at this path of the session's [`Baseline`].
    Kept(Vec<String>),
}

/// Where the expression-mode comparison `import <nixpkgs> { }` is evaluated.
const WITHOUT_OVERLAYS: &str = "«without overlays».nix";

/// One workspace being resolved.
pub struct Session {
    evaluator: Evaluator,
    recorder: Rc<RefCell<Recorder>>,
    layers: LayerMap,
    workspace: Workspace,
    options: EngineOptions,
    set: Option<Rc<AttrSet>>,
    off: Option<Off>,
    /// The overlays-off set in its own evaluator, taken from
    /// `options.baselines` and given back when the session is dropped.
    baseline: Option<Baseline>,
    /// Whether the comparison is evaluated by the session's own evaluator
    /// (no cache, or the baseline raised events: see [`crate::baseline`]).
    live: bool,
    /// Per enabled overlay (set mode): the names it sets.
    layer_names: Vec<Option<Vec<String>>>,
    rows: Vec<RowInfo>,
    /// How many sets have been listed (numbers each listing).
    listings: usize,
    texts: FxHashMap<String, Rc<str>>,
    /// Line starts per file, for the positions of rows and reads.
    line_indexes: FxHashMap<String, Rc<LineIndex>>,
    /// The variable each selection site selects from (see `variable_at`).
    variables: FxHashMap<(FileId, u32), Option<String>>,
    error: Option<EngineDiagnostic>,
    /// Expression mode: the entry's value (weak head normal form).
    root: Option<Value>,
    /// Whether `view` reported any trace or warning.
    events_seen: bool,
}

impl Session {
    /// Loads the workspace and evaluates the set as far as its names.
    pub fn open(workspace: Workspace, options: EngineOptions) -> Session {
        let live = !options.baselines.enabled();
        Session::open_with(workspace, options, live)
    }

    /// [`Session::open`], the comparison evaluated in the session's own
    /// evaluator when `live`, else taken from `options.baselines`.
    fn open_with(workspace: Workspace, options: EngineOptions, live: bool) -> Session {
        // The prelude is served by the playground evaluator's host itself.
        let mut io = workspace_host(&workspace);
        let entry = engine_entry(&workspace);
        if let Some(text) = &entry {
            io.insert(workspace_path(ENTRY_FILE), text.clone());
        }
        let eval_options = options.eval_options();
        let recorder = Rc::new(RefCell::new(Recorder::default()));
        let layers = LayerMap::for_workspace(&workspace);
        let (evaluator, scope_failure) =
            match playground_evaluator_sharing(Box::new(io), eval_options, &options.prelude) {
                Ok(evaluator) => (evaluator, None),
                // The scope itself failed: keep a bare evaluator to report it.
                Err(diagnostic) => (
                    Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default()),
                    Some(diagnostic),
                ),
            };
        let mut session = Session {
            evaluator,
            recorder,
            layers,
            workspace,
            options,
            set: None,
            off: None,
            baseline: None,
            live,
            layer_names: Vec::new(),
            rows: Vec::new(),
            listings: 0,
            texts: FxHashMap::default(),
            line_indexes: FxHashMap::default(),
            variables: FxHashMap::default(),
            error: None,
            root: None,
            events_seen: false,
        };
        if let Some(diagnostic) = scope_failure {
            session.error = Some(session.convert(&diagnostic, None));
            return session;
        }
        session
            .evaluator
            .set_observer(Some(Box::new(SharedRecorder(session.recorder.clone()))));
        session.load(entry);
        session
    }

    fn load(&mut self, entry: Option<String>) {
        let root = match (&self.workspace.mode, entry) {
            (Mode::Set { .. }, Some(text)) => self
                .evaluator
                .eval_value(&workspace_path(ENTRY_FILE), &text),
            (Mode::Expression { entry }, _) => {
                let path = workspace_path(entry);
                let text = self
                    .workspace
                    .files
                    .iter()
                    .find(|file| workspace_path(&file.path) == path)
                    .map(|file| file.text.clone());
                match text {
                    Some(text) => self.evaluator.eval_value(&path, &text),
                    None => {
                        self.error = Some(plain_error(format!(
                            "the entry file '{entry}' is not in the workspace"
                        )));
                        return;
                    }
                }
            }
            (Mode::Set { .. }, None) => return,
        };
        let budget = self.options.steps_for_set;
        let root = match root {
            Ok(value) => self.evaluator.force_within(value, budget),
            Err(diagnostic) => Err(diagnostic),
        };
        let root = match root {
            Ok(value) => value,
            Err(diagnostic) => {
                self.set_failure(&diagnostic);
                return;
            }
        };
        if let Mode::Expression { .. } = &self.workspace.mode {
            self.root = Some(root.clone());
        }
        match &self.workspace.mode {
            Mode::Set { .. } => {
                let Value::Attrs(record) = root else {
                    self.error = Some(plain_error("the engine's entry is not a set".to_owned()));
                    return;
                };
                match self.force_set(record.get("set").cloned()) {
                    Ok(set) => self.set = Some(set),
                    Err(diagnostic) => {
                        self.set_failure(&diagnostic);
                        return;
                    }
                }
                if !self.live {
                    let source = baseline_entry(&self.workspace).unwrap_or_default();
                    self.off = self.kept_off(workspace_path(ENTRY_FILE), source);
                }
                // No cache, or the kept baseline raised events.
                if self.live {
                    let off = self.force_set(record.get("off").cloned());
                    self.off = off.ok().map(Off::Live);
                }
                self.layer_names = self.overlay_names(record.get("layerNames").cloned());
            }
            Mode::Expression { .. } => match root {
                Value::Attrs(set) => {
                    self.off = self.plain_nixpkgs_if_like(&set);
                    self.set = Some(set);
                }
                other => {
                    self.error = Some(plain_error(format!(
                        "the expression is {}, not a set: the Value tab shows it",
                        other.type_phrase()
                    )));
                }
            },
        }
        self.recorder.borrow_mut().reset_stack();
    }

    /// In expression mode, a set that is a mini nixpkgs (its `callPackage`
    /// is defined by the mini nixpkgs) is compared with `import <nixpkgs> { }`:
    /// the same set with no overlays and no `config`.
    fn plain_nixpkgs_if_like(&mut self, set: &Rc<AttrSet>) -> Option<Off> {
        let span = set.get_attr("callPackage")?.pos?;
        let file = self.evaluator.public_span(span)?.file;
        if !file.starts_with(&format!("{}/", prelude_path("nixpkgs"))) {
            return None;
        }
        let source = "import <nixpkgs> { }";
        if !self.live {
            let off = self.kept_off(prelude_path(WITHOUT_OVERLAYS), source.to_owned());
            if !self.live {
                return off;
            }
        }
        let value = self
            .evaluator
            .eval_value(&prelude_path(WITHOUT_OVERLAYS), source)
            .ok()?;
        let off = self.force_set(Some(value)).ok();
        self.recorder.borrow_mut().reset_stack();
        off.map(Off::Live)
    }

    /// The overlays-off set `source` evaluates to, from the session's
    /// baseline (taken from the cache, or evaluated, the first time). A
    /// poisoned baseline switches the session to `live` (and gives `None`).
    fn kept_off(&mut self, path: String, source: String) -> Option<Off> {
        let baseline = match &mut self.baseline {
            Some(baseline) => baseline,
            None => {
                let key = BaselineKey::new(path, source, &self.options);
                let taken = self
                    .options
                    .baselines
                    .take(key, &self.workspace, &self.options);
                self.baseline.insert(taken)
            }
        };
        let root = baseline.set_at(&[]);
        if baseline.poisoned() {
            self.live = true;
            return None;
        }
        root.map(|_| Off::Kept(Vec::new()))
    }

    /// The session's baseline was poisoned while it was in use: what was
    /// shown so far may lack its events, so start again comparing here.
    fn must_restart(&self) -> bool {
        !self.live && self.baseline.as_ref().is_some_and(Baseline::poisoned)
    }

    /// Opens the session again, the comparison evaluated in its own
    /// evaluator.
    fn restart_live(&mut self) {
        let workspace = self.workspace.clone();
        let options = self.options.clone();
        *self = Session::open_with(workspace, options, true);
    }

    fn set_failure(&mut self, diagnostic: &Diagnostic) {
        self.recorder.borrow_mut().reset_stack();
        let context = HintContext {
            name: None,
            reads: &[],
            whole_set: true,
            overlay_involved: true,
            defined_by: None,
        };
        let hint = hint_for(diagnostic, &context);
        let mut converted = self.convert(diagnostic, None);
        converted.hint = hint;
        self.error = Some(converted);
    }

    fn force_set(&mut self, value: Option<Value>) -> Result<Rc<AttrSet>, Box<Diagnostic>> {
        let value = value.unwrap_or(Value::Null);
        let budget = self.options.steps_for_set;
        match self
            .evaluator
            .force_within(value, budget)
            .map_err(Box::new)?
        {
            Value::Attrs(set) => Ok(set),
            other => Err(Box::new(Diagnostic::error(
                fixpoint_eval::ErrorKind::TypeMismatch {
                    expected: "a set".to_owned(),
                    found: other.type_phrase().to_owned(),
                    value: String::new(),
                },
                None,
            ))),
        }
    }

    fn overlay_names(&mut self, list: Option<Value>) -> Vec<Option<Vec<String>>> {
        let budget = self.options.steps_per_attribute;
        let Some(list) = list else { return Vec::new() };
        let Ok(Value::List(items)) = self.evaluator.force_within(list, budget) else {
            return Vec::new();
        };
        let mut result = Vec::new();
        for item in items.iter() {
            let names = match self.evaluator.force_within(item.clone(), budget) {
                Ok(Value::List(names)) => {
                    let mut out = Vec::new();
                    for name in names.iter() {
                        if let Ok(Value::String(text)) =
                            self.evaluator.force_within(name.clone(), budget)
                        {
                            out.push(text.to_str_lossy().into_owned());
                        }
                    }
                    Some(out)
                }
                _ => None,
            };
            result.push(names);
        }
        self.recorder.borrow_mut().reset_stack();
        result
    }

    /// The set as the Set view shows it: every top-level attribute forced
    /// as far as its short value.
    pub fn view(&mut self) -> SetView {
        let rows = match self.set.clone() {
            Some(set) => self.rows_of(&set, &[]),
            None => Vec::new(),
        };
        if self.must_restart() {
            self.restart_live();
            return self.view();
        }
        let events = self.evaluator.take_events();
        self.events_seen |= !events.is_empty();
        let events = events
            .iter()
            .map(|event| self.convert(event, None))
            .collect();
        SetView {
            layers: self.layers.layers().to_vec(),
            rows,
            error: self.error.clone(),
            events,
            plain_nix: plain_nix(&self.workspace),
        }
    }

    /// The rows of the nested set at `path` (forcing the path's values).
    pub fn expand(&mut self, path: &[String]) -> Result<Vec<AttrRow>, Box<EngineDiagnostic>> {
        let set = match self.set.clone() {
            Some(set) => set,
            None => {
                return Err(Box::new(
                    self.error
                        .clone()
                        .unwrap_or_else(|| plain_error("there is no set".to_owned())),
                ))
            }
        };
        let nested = self.navigate(&set, path)?;
        let rows = self.rows_of(&nested, path);
        if self.must_restart() {
            self.restart_live();
            // The set's rows are registered by the view; expanding needs them.
            let _ = self.view();
            return self.expand(path);
        }
        Ok(rows)
    }

    /// Expression mode: the entry's value printed strictly (as Nix or
    /// JSON), from this session's evaluator, so what the Set view forced is
    /// not evaluated again. Only when that is exactly what a fresh
    /// `eval_file` of the entry prints: `None` when the entry did not
    /// evaluate, when printing fails (an error's message and trace are
    /// reported as a fresh evaluation reports them), or when any `trace` or
    /// warning was raised by the session or the printing (a fresh
    /// evaluation raises them all, in its own order). The session is spent:
    /// what it shows next would not be recorded as it forces.
    pub fn print_root(mut self, output: OutputFormat, steps: u64) -> Option<Outcome> {
        let root = self.root.take()?;
        if !self.evaluator.take_events().is_empty() || self.events_seen {
            return None;
        }
        self.evaluator.set_observer(None);
        let outcome = self.evaluator.print_value(root, output, steps);
        (outcome.error.is_none() && outcome.events.is_empty()).then_some(outcome)
    }

    /// Gives the kept overlays-off comparison back to the options now
    /// rather than when the session is dropped, so that the next session
    /// can take it while this one is still alive (the worker drops the old
    /// session only after posting the new one's answer). The session
    /// compares nothing afterwards.
    pub fn give_back_baseline(&mut self) {
        if let Some(baseline) = self.baseline.take() {
            self.options.baselines.give_back(baseline);
        }
    }

    /// Installs a cancellation check, polled every few thousand steps;
    /// returning `true` stops the evaluation under way with an error (in
    /// the row being forced).
    pub fn set_interrupt(&mut self, check: Box<dyn FnMut() -> bool>) {
        self.evaluator.set_interrupt(check);
    }

    /// The set-mode resolution as plain Nix.
    pub fn plain_nix(&self) -> Option<String> {
        plain_nix(&self.workspace)
    }

    fn navigate(
        &mut self,
        set: &Rc<AttrSet>,
        path: &[String],
    ) -> Result<Rc<AttrSet>, Box<EngineDiagnostic>> {
        let mut current = set.clone();
        for name in path {
            let value = current
                .get(name)
                .cloned()
                .ok_or_else(|| Box::new(plain_error(format!("attribute '{name}' missing"))))?;
            let budget = self.options.steps_per_attribute;
            match self.evaluator.force_within(value, budget) {
                Ok(Value::Attrs(next)) => current = next,
                Ok(other) => {
                    return Err(Box::new(plain_error(format!(
                        "'{name}' is {}, not a set",
                        other.type_phrase()
                    ))))
                }
                Err(diagnostic) => return Err(Box::new(self.convert(&diagnostic, None))),
            }
        }
        self.recorder.borrow_mut().reset_stack();
        Ok(current)
    }

    fn rows_of(&mut self, set: &Rc<AttrSet>, prefix: &[String]) -> Vec<AttrRow> {
        // Register every row first, so reads between siblings are seen in
        // whichever order they are forced.
        let mut indices = Vec::new();
        let listing = self.listings;
        self.listings += 1;
        for attr in set.entries() {
            let mut path = prefix.to_vec();
            path.push(attr.name.as_str().to_owned());
            let definition = attr.pos.and_then(|span| self.span_info(span));
            let defined_by = definition
                .as_ref()
                .and_then(|span| self.layers.layer_of(&span.file, span.start));
            let index = self.rows.len();
            self.rows.push(RowInfo { path, defined_by });
            if let Some(id) = thunk_id(&attr.value) {
                let mut recorder = self.recorder.borrow_mut();
                recorder.set_parent(index, listing);
                recorder.register(id, index);
            }
            indices.push((index, attr.value.clone(), definition));
        }
        let off = match self.off.clone() {
            Some(Off::Live(off)) if !prefix.is_empty() => {
                self.navigate(&off, prefix).ok().map(Off::Live)
            }
            Some(Off::Kept(path)) if !prefix.is_empty() => {
                Some(Off::Kept([path.as_slice(), prefix].concat()))
            }
            Some(off) => Some(off),
            // Expression mode: a mini nixpkgs found deeper in the value
            // (`{ pkgs = import <nixpkgs> { … }; }`) is compared too.
            None if matches!(self.workspace.mode, Mode::Expression { .. }) => {
                self.plain_nixpkgs_if_like(set)
            }
            None => None,
        };
        let mut rows: Vec<AttrRow> = indices
            .into_iter()
            .map(|(index, value, definition)| self.row(index, value, definition, off.as_ref()))
            .collect();
        self.add_rec_hints(&mut rows);
        rows
    }

    /// Rows defined in a `rec { … }` that use a sibling which a later layer
    /// overrode: the value still uses the sibling of its own set.
    fn add_rec_hints(&mut self, rows: &mut [AttrRow]) {
        let mut hints = Vec::new();
        for (position, row) in rows.iter().enumerate() {
            let (Some(definition), Some(layer)) = (&row.definition, row.defined_by) else {
                continue;
            };
            if !definition
                .file
                .starts_with(crate::workspace::WORKSPACE_ROOT)
            {
                continue;
            }
            let Some(text) = self.text_of(&definition.file) else {
                continue;
            };
            for sibling in crate::rec_sets::rec_siblings_used(&text, definition.start) {
                let overridden = rows.iter().any(|other| {
                    other.path.last() == Some(&sibling)
                        && other.defined_by.is_some_and(|by| by > layer)
                });
                if overridden {
                    let name = row.path.last().cloned().unwrap_or_default();
                    hints.push((
                        position,
                        crate::model::Hint {
                            trap: crate::model::TrapKind::RecNotLateBound,
                            message: format!(
                                "`{name}` is defined in a `rec {{ … }}` and uses `{sibling}` from that \
                                 same set, so it ignores the later override of `{sibling}`. Use \
                                 `final.{sibling}` to see the final value."
                            ),
                        },
                    ));
                    break;
                }
            }
        }
        for (position, hint) in hints {
            if let Some(row) = rows.get_mut(position) {
                row.hint = Some(hint);
            }
        }
    }

    fn row(
        &mut self,
        index: usize,
        value: Value,
        definition: Option<SpanInfo>,
        off: Option<&Off>,
    ) -> AttrRow {
        let (path, defined_by) = match self.rows.get(index) {
            Some(info) => (info.path.clone(), info.defined_by),
            None => (Vec::new(), None),
        };
        let name = path.last().cloned().unwrap_or_default();
        self.recorder.borrow_mut().current_row = Some(index);
        let start = self.evaluator.steps_taken();
        let budget = self.options.steps_per_attribute;
        let forced = self.evaluator.force_within(value, budget);
        let mut row = AttrRow {
            path: path.clone(),
            kind: AttrKind::Error,
            short: String::new(),
            defined_by,
            chain: Vec::new(),
            definition,
            reads: Vec::new(),
            store: None,
            change: Change::NotCompared,
            error: None,
            hint: None,
            expandable: false,
            steps: 0,
        };
        let mut failure = None;
        match forced {
            Ok(value) => {
                let (kind, short, store) = self.describe(&value);
                row.kind = kind;
                row.short = short;
                row.expandable = matches!(kind, AttrKind::Set | AttrKind::Derivation);
                if let Some(store) = &store {
                    // What the comparison forces is not read by this row.
                    let owner = self.recorder.borrow_mut().current_row.take();
                    row.change = self.compare(&name, store, off);
                    self.recorder.borrow_mut().current_row = owner;
                    // A derivation whose path cannot be computed (a broken
                    // input) shows that error in its row.
                    if store.out_path.is_none() {
                        failure = self.out_path_error(&value);
                    }
                }
                row.store = store;
            }
            Err(diagnostic) => failure = Some(diagnostic),
        }
        {
            let mut recorder = self.recorder.borrow_mut();
            recorder.current_row = None;
            recorder.reset_stack();
        }
        row.steps = self.evaluator.steps_taken().saturating_sub(start);
        row.reads = self.reads_of(index);
        row.chain = self.chain(&path, defined_by, &row.reads);
        if let Some(diagnostic) = failure {
            let overlay_involved = row.chain.iter().any(|layer| {
                self.layers
                    .layers()
                    .get(*layer)
                    .is_some_and(|info| info.kind == LayerKind::Overlay)
            });
            let context = HintContext {
                name: Some(&name),
                reads: &row.reads,
                whole_set: false,
                overlay_involved,
                defined_by,
            };
            let hint = hint_for(&diagnostic, &context);
            let mut converted = self.convert(&diagnostic, None);
            converted.hint = hint;
            row.short = converted.message.clone();
            row.error = Some(converted);
        }
        row
    }

    /// Kind, short value and store paths of a value in weak head normal form.
    fn describe(&mut self, value: &Value) -> (AttrKind, String, Option<StorePaths>) {
        let budget = self.options.steps_per_attribute;
        match value {
            Value::Attrs(attrs) => {
                let is_derivation = match attrs.get("type").cloned() {
                    Some(kind) => matches!(
                        self.evaluator.force_within(kind, budget),
                        Ok(Value::String(text)) if text.to_str_lossy() == "derivation"
                    ),
                    None => false,
                };
                if !is_derivation {
                    return (
                        AttrKind::Set,
                        format!("{{ {} attributes }}", attrs.len()),
                        None,
                    );
                }
                let name = self.string_attr(attrs, "name");
                let out_path = self.string_attr(attrs, "outPath");
                let drv_path = self.string_attr(attrs, "drvPath");
                let short = match (&name, &out_path) {
                    (Some(name), Some(out)) => format!("{name} {out}"),
                    (Some(name), None) => name.clone(),
                    (None, Some(out)) => out.clone(),
                    (None, None) => "«derivation»".to_owned(),
                };
                (
                    AttrKind::Derivation,
                    short,
                    Some(StorePaths { out_path, drv_path }),
                )
            }
            Value::Lambda(_) | Value::PrimOp(_) => {
                (AttrKind::Function, "«function»".to_owned(), None)
            }
            Value::List(items) => (AttrKind::List, format!("[ {} items ]", items.len()), None),
            Value::String(text) => (AttrKind::Value, short_string(&text.to_str_lossy()), None),
            Value::Path(path) => (AttrKind::Value, path.to_string(), None),
            Value::Int(number) => (AttrKind::Value, number.to_string(), None),
            Value::Float(number) => (AttrKind::Value, number.to_string(), None),
            Value::Bool(flag) => (AttrKind::Value, flag.to_string(), None),
            Value::Null => (AttrKind::Value, "null".to_owned(), None),
            Value::Thunk(_) => (AttrKind::Value, "«thunk»".to_owned(), None),
        }
    }

    /// Why a derivation's `outPath` cannot be computed (forcing it again
    /// re-raises the error: failed thunks are restored, not poisoned).
    fn out_path_error(&mut self, value: &Value) -> Option<Diagnostic> {
        let Value::Attrs(attrs) = value else {
            return None;
        };
        let out = attrs.get("outPath")?.clone();
        let budget = self.options.steps_per_attribute;
        self.evaluator.force_within(out, budget).err()
    }

    fn string_attr(&mut self, attrs: &AttrSet, name: &str) -> Option<String> {
        let value = attrs.get(name)?.clone();
        let budget = self.options.steps_per_attribute;
        match self.evaluator.force_within(value, budget) {
            Ok(Value::String(text)) => Some(text.to_str_lossy().into_owned()),
            Ok(Value::Path(path)) => Some(path.to_string()),
            _ => None,
        }
    }

    fn compare(&mut self, name: &str, now: &StorePaths, off: Option<&Off>) -> Change {
        let has_overlays = match &self.workspace.mode {
            Mode::Set { overlays, .. } => overlays.iter().any(|entry| entry.enabled),
            // Only a mini nixpkgs is compared, against `import <nixpkgs> { }`.
            Mode::Expression { .. } => true,
        };
        let Some(off) = off else {
            return Change::NotCompared;
        };
        if !has_overlays {
            return Change::NotCompared;
        }
        let before = match off {
            Off::Live(off) => self.live_before(off, name),
            Off::Kept(path) => match &mut self.baseline {
                Some(baseline) => baseline.before(path, name),
                None => None,
            },
        };
        let (out, drv) = match before {
            None | Some(Before::NotASet) => return Change::NotCompared,
            Some(Before::Missing) => return Change::Added,
            Some(Before::Paths { out_path, drv_path }) => (out_path, drv_path),
        };
        match (&now.out_path, out) {
            (Some(now_out), Some(before_out)) if *now_out != before_out => Change::Rebuild,
            (Some(_), Some(_)) => match (&now.drv_path, drv) {
                (Some(now_drv), Some(before_drv)) if *now_drv != before_drv => Change::DrvOnly,
                (Some(_), Some(_)) => Change::Unchanged,
                _ => Change::NotCompared,
            },
            _ => Change::NotCompared,
        }
    }

    /// `name` of the overlays-off set `off`, forced by the session itself.
    fn live_before(&mut self, off: &AttrSet, name: &str) -> Option<Before> {
        let Some(before) = off.get(name).cloned() else {
            return Some(Before::Missing);
        };
        let budget = self.options.steps_per_attribute;
        let Ok(Value::Attrs(before)) = self.evaluator.force_within(before, budget) else {
            return Some(Before::NotASet);
        };
        let out_path = self.string_attr(&before, "outPath");
        let drv_path = self.string_attr(&before, "drvPath");
        Some(Before::Paths { out_path, drv_path })
    }

    /// Whether the overlays-off set has the top-level attribute `name`.
    fn off_has(&mut self, name: &str) -> bool {
        match &self.off {
            Some(Off::Live(off)) => off.get(name).is_some(),
            Some(Off::Kept(path)) => self
                .baseline
                .as_mut()
                .is_some_and(|baseline| baseline.has(path, name)),
            None => false,
        }
    }

    /// The layers that set the attribute at `path`, bottom first.
    fn chain(&mut self, path: &[String], defined_by: Option<usize>, reads: &[Read]) -> Vec<usize> {
        let mut chain: Vec<usize> = Vec::new();
        let name = path.last().map(String::as_str).unwrap_or_default();
        if path.len() == 1 && !self.layer_names.is_empty() {
            // Set mode, top level: the base if the set without overlays has
            // it, then every overlay whose output names it.
            if self.off_has(name) {
                chain.push(0);
            }
            let overlays = self
                .layers
                .layers()
                .iter()
                .filter(|layer| layer.kind == LayerKind::Overlay && layer.range.is_none());
            for (layer, names) in overlays.zip(self.layer_names.iter()) {
                if names
                    .as_ref()
                    .is_some_and(|names| names.iter().any(|n| n == name))
                {
                    chain.push(layer.index);
                }
            }
        }
        // Anywhere: layers that answered `prev.NAME`-style lookups.
        for read in reads {
            if read.name == name && matches!(read.via.as_str(), "prev" | "super") {
                if let Some(layer) = read.answered_by {
                    chain.push(layer);
                }
            }
        }
        if let Some(layer) = defined_by {
            chain.push(layer);
        }
        chain.sort_unstable();
        chain.dedup();
        chain
    }

    fn reads_of(&mut self, index: usize) -> Vec<Read> {
        let raw = self
            .recorder
            .borrow()
            .reads
            .get(&index)
            .cloned()
            .unwrap_or_default();
        let mut reads: Vec<Read> = Vec::new();
        for read in raw {
            let converted = match read {
                RawRead::Row(row) => match self.rows.get(row) {
                    Some(info)
                        if info.path.len() == self.rows.get(index).map_or(0, |i| i.path.len()) =>
                    {
                        Read {
                            via: "final".to_owned(),
                            name: info.path.last().cloned().unwrap_or_default(),
                            answered_by: info.defined_by,
                            found: true,
                        }
                    }
                    _ => continue,
                },
                RawRead::Select {
                    name,
                    at,
                    found,
                    definition,
                } => {
                    let Some(via) = self.variable_at(at) else {
                        continue;
                    };
                    if !READ_VARIABLES.contains(&via.as_str()) {
                        continue;
                    }
                    let answered_by = definition
                        .and_then(|span| self.span_info(span))
                        .and_then(|span| self.layers.layer_of(&span.file, span.start));
                    Read {
                        via,
                        name,
                        answered_by,
                        found,
                    }
                }
            };
            if !reads
                .iter()
                .any(|known| known.via == converted.via && known.name == converted.name)
            {
                reads.push(converted);
            }
        }
        reads
    }

    /// The variable a selection at `span` is made on (`final` in
    /// `final.x`), remembered per selection site: one site is read again
    /// and again (every package's `final.stdenv`, say).
    fn variable_at(&mut self, span: SrcSpan) -> Option<String> {
        let site = (span.file, span.start);
        if let Some(known) = self.variables.get(&site) {
            return known.clone();
        }
        let variable = self.find_variable_at(span);
        self.variables.insert(site, variable.clone());
        variable
    }

    /// The first word of the expression a selection is written on.
    fn find_variable_at(&mut self, span: SrcSpan) -> Option<String> {
        let public = self.evaluator.public_span(span)?;
        let text = self.text_of(&public.file)?;
        let rest = text.get(public.start as usize..)?;
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
            .collect();
        if word.is_empty() {
            return None;
        }
        // `inherit (final) a b;`: the selection's span is the name; the
        // variable is the parenthesised one before it.
        let before = text.get(..public.start as usize)?;
        let statement = before.rsplit(';').next().unwrap_or_default();
        if let Some((_, rest)) = statement.rsplit_once("inherit") {
            let inner = rest.trim_start().strip_prefix('(')?;
            let variable: String = inner
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
                .collect();
            return (!variable.is_empty()).then_some(variable);
        }
        Some(word)
    }

    fn text_of(&mut self, file: &str) -> Option<Rc<str>> {
        if let Some(text) = self.texts.get(file) {
            return Some(text.clone());
        }
        let text = self.evaluator.shared_source_of(file)?;
        self.texts.insert(file.to_owned(), text.clone());
        Some(text)
    }

    /// The line starts of `file`, found once per session (once for every
    /// session for a prelude file: `SharedPrelude::line_index`).
    fn line_index(&mut self, file: &str) -> Option<Rc<LineIndex>> {
        if let Some(index) = self.line_indexes.get(file) {
            return Some(index.clone());
        }
        let text = self.text_of(file)?;
        let index = match self.options.prelude.line_index(&text) {
            Some(shared) => shared,
            None => Rc::new(LineIndex::new(&text)),
        };
        self.line_indexes.insert(file.to_owned(), index.clone());
        Some(index)
    }

    fn span_info(&mut self, span: SrcSpan) -> Option<SpanInfo> {
        let public = self.evaluator.public_span(span)?;
        let (line, column) = match self.line_index(&public.file) {
            Some(index) => index.line_col(public.start),
            None => (0, 0),
        };
        Some(SpanInfo {
            file: public.file,
            start: public.start,
            end: public.end,
            line,
            column,
        })
    }

    fn public_to_info(&mut self, span: &fixpoint_eval::Span) -> SpanInfo {
        let (line, column) = match self.line_index(&span.file) {
            Some(index) => index.line_col(span.start),
            None => (0, 0),
        };
        SpanInfo {
            file: span.file.clone(),
            start: span.start,
            end: span.end,
            line,
            column,
        }
    }

    /// An evaluator diagnostic as the engine reports it.
    fn convert(
        &mut self,
        diagnostic: &Diagnostic,
        hint: Option<crate::model::Hint>,
    ) -> EngineDiagnostic {
        let span = diagnostic
            .span
            .as_ref()
            .map(|span| self.public_to_info(span));
        let trace = diagnostic
            .trace
            .iter()
            .map(|frame| {
                let span = frame.span.as_ref().map(|span| self.public_to_info(span));
                (frame.message.clone(), span)
            })
            .collect();
        let evaluator = &self.evaluator;
        let rendered = diagnostic.render(&|file| evaluator.source_of(file), false);
        EngineDiagnostic {
            code: diagnostic.kind.code().to_owned(),
            message: diagnostic.message.clone(),
            span,
            trace,
            notes: diagnostic.notes.clone(),
            hint,
            rendered,
        }
    }
}

/// The forcing trace of the attribute at `path`, replayed in a fresh
/// session so that nothing is already forced: events `offset..offset+limit`.
pub fn trace(
    workspace: &Workspace,
    options: &EngineOptions,
    path: &[String],
    offset: usize,
    limit: usize,
) -> TracePage {
    // Exactly as the view's session forces, with nothing kept from others.
    let mut session = Session::open_with(workspace.clone(), options.clone(), true);
    let mut page = TracePage {
        path: path.to_vec(),
        offset,
        events: Vec::new(),
        total: 0,
        truncated: false,
        error: None,
    };
    let Some(set) = session.set.clone() else {
        page.error = session.error.clone();
        return page;
    };
    let Some((name, parents)) = path.split_last() else {
        return page;
    };
    let parent = match session.navigate(&set, parents) {
        Ok(parent) => parent,
        Err(error) => {
            page.error = Some(*error);
            return page;
        }
    };
    let Some(value) = parent.get(name).cloned() else {
        page.error = Some(plain_error(format!("attribute '{name}' missing")));
        return page;
    };
    // Register the siblings so the trace can name them.
    for attr in parent.entries() {
        let mut sibling = parents.to_vec();
        sibling.push(attr.name.as_str().to_owned());
        let index = session.rows.len();
        session.rows.push(RowInfo {
            path: sibling,
            defined_by: None,
        });
        if let Some(id) = thunk_id(&attr.value) {
            let mut recorder = session.recorder.borrow_mut();
            recorder.set_parent(index, usize::MAX - 1);
            recorder.register(id, index);
        }
    }
    {
        let mut recorder = session.recorder.borrow_mut();
        recorder.reset_stack();
        recorder.trace = Some(Vec::new());
        recorder.trace_cap = options.trace_cap;
        recorder.trace_truncated = false;
    }
    let budget = options.steps_per_attribute;
    if let Err(diagnostic) = session.evaluator.force_within(value, budget) {
        page.error = Some(session.convert(&diagnostic, None));
    }
    let (events, truncated) = {
        let mut recorder = session.recorder.borrow_mut();
        (
            recorder.trace.take().unwrap_or_default(),
            recorder.trace_truncated,
        )
    };
    page.total = events.len();
    page.truncated = truncated;
    page.events = events
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|event| session.trace_event(event))
        .collect();
    page
}

impl Drop for Session {
    fn drop(&mut self) {
        self.give_back_baseline();
    }
}

impl Session {
    fn trace_event(&mut self, event: RawEvent) -> TraceEvent {
        match event {
            RawEvent::Enter { depth, span, row } => {
                let at = span.and_then(|span| self.span_info(span));
                let snippet = at.as_ref().and_then(|at| {
                    let text = self.text_of(&at.file)?;
                    let piece = text.get(at.start as usize..at.end as usize)?;
                    Some(short_snippet(piece))
                });
                TraceEvent::Force {
                    depth,
                    attribute: row
                        .and_then(|row| self.rows.get(row))
                        .map(|info| info.path.clone()),
                    at,
                    snippet,
                }
            }
            RawEvent::Leave { depth, ok } => TraceEvent::Done { depth, ok },
            RawEvent::Reuse { depth, row } => TraceEvent::Reused {
                depth,
                attribute: self
                    .rows
                    .get(row)
                    .map(|info| info.path.clone())
                    .unwrap_or_default(),
            },
            RawEvent::Select {
                depth,
                name,
                at,
                found,
                definition,
            } => {
                let via = self.variable_at(at).unwrap_or_default();
                let answered_by = definition
                    .and_then(|span| self.span_info(span))
                    .and_then(|span| self.layers.layer_of(&span.file, span.start));
                let at = self.span_info(at);
                TraceEvent::Lookup {
                    depth,
                    via,
                    name,
                    answered_by,
                    found,
                    at,
                }
            }
        }
    }
}

/// Resolves a workspace and returns its Set view in one call.
pub fn resolve(workspace: &Workspace, options: &EngineOptions) -> SetView {
    Session::open(workspace.clone(), options.clone()).view()
}

fn plain_error(message: String) -> EngineDiagnostic {
    EngineDiagnostic {
        code: "E020".to_owned(),
        rendered: format!("error: {message}\n"),
        message,
        span: None,
        trace: Vec::new(),
        notes: Vec::new(),
        hint: None,
    }
}

fn short_string(text: &str) -> String {
    let mut shown: String = text.chars().take(SHORT_STRING).collect();
    if text.chars().count() > SHORT_STRING {
        shown.push('…');
    }
    let mut out = String::new();
    fixpoint_eval::printer::write_string(&mut out, shown.as_bytes());
    out
}

fn short_snippet(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    let mut shown: String = first.chars().take(SHORT_STRING).collect();
    if first.chars().count() > SHORT_STRING || text.lines().nth(1).is_some() {
        shown.push('…');
    }
    shown
}
