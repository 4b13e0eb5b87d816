//! The overlays-off comparison ("the baseline"), evaluated once and kept
//! between sessions while nothing it read has changed.
//!
//! The rebuild column compares every derivation with the same attribute of
//! the set with every overlay switched off: in set mode the base alone, in
//! expression mode `import <nixpkgs> { }`. That set rarely changes while the
//! user types in an overlay, yet evaluating it (its derivations' store
//! paths above all) is a large part of a keystroke. A [`Baseline`] is that
//! set in an evaluator of its own, whose host records every question the
//! evaluation asked of the workspace (files read, directories listed, kinds
//! of paths, the environment, the clock) with its answer.
//!
//! [`SharedBaselines`] (in `EngineOptions::baselines`) keeps them. A session
//! takes a baseline whose key (the entry's text and the options) matches
//! and whose every recorded question gets the same answer from the new
//! workspace; evaluation is deterministic, so its results are exactly what
//! a fresh evaluation over the new workspace gives. The baseline stays lazy:
//! later questions are answered by the workspace of the session holding it
//! (its host is replaced when a session takes it), and recorded in turn.
//! A session holds its baseline alone and gives it back when dropped.
//!
//! Invariants: a baseline whose evaluation raised any `trace`/`warn` event
//! is *poisoned*: its events belong in the view, in order, so the session
//! restarts with the comparison evaluated in its own evaluator (as before
//! the cache), and the poisoned entry only remembers not to try again for
//! the same inputs. Only derivation comparisons (`outPath`, `drvPath`) and
//! attribute names leave a baseline, as plain strings.
//!
//! Tests: `tests/baselines.rs` (invalidation when a file it read changes,
//! reuse when another file changes, views the same as without the cache).

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use fixpoint_eval::value::{AttrSet, Value};
use fixpoint_eval::{EvalIo, Evaluator, IoError, MemoryIo, PathKind};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::scope::playground_evaluator_sharing;
use crate::session::EngineOptions;
use crate::workspace::{workspace_host, Workspace};

/// Most baselines kept (set mode and expression mode alternate rarely).
const KEPT: usize = 4;

/// One question the evaluation asked its host.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Question {
    ReadFile(String),
    ReadDir(String),
    PathKind(String),
    ReadLink(String),
    Env(String),
    Time,
}

/// The host's answer to a [`Question`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Answer {
    File(Result<Vec<u8>, IoError>),
    Dir(Result<Vec<(String, PathKind)>, IoError>),
    Kind(Option<PathKind>),
    Link(Result<String, IoError>),
    Env(Option<String>),
    Time(i64),
}

fn ask(host: &dyn EvalIo, question: &Question) -> Answer {
    match question {
        Question::ReadFile(path) => Answer::File(host.read_file(path)),
        Question::ReadDir(path) => Answer::Dir(host.read_dir(path)),
        Question::PathKind(path) => Answer::Kind(host.path_kind(path)),
        Question::ReadLink(path) => Answer::Link(host.read_link(path)),
        Question::Env(name) => Answer::Env(host.get_env(name)),
        Question::Time => Answer::Time(host.current_time()),
    }
}

/// The workspace host of a baseline and what was asked of it.
struct Recording {
    host: MemoryIo,
    asked: Vec<(Question, Answer)>,
    known: FxHashSet<Question>,
}

impl Recording {
    fn answer(&mut self, question: Question) -> Answer {
        let answer = ask(&self.host, &question);
        if self.known.insert(question.clone()) {
            self.asked.push((question, answer.clone()));
        }
        answer
    }

    /// Whether `host` answers every recorded question the same way.
    fn agrees_with(&self, host: &MemoryIo) -> bool {
        self.asked
            .iter()
            .all(|(question, answer)| ask(host, question) == *answer)
    }
}

/// The evaluator's host: the current workspace, every question recorded.
struct RecordingIo(Rc<RefCell<Recording>>);

impl EvalIo for RecordingIo {
    fn read_file(&self, path: &str) -> Result<Vec<u8>, IoError> {
        match self
            .0
            .borrow_mut()
            .answer(Question::ReadFile(path.to_owned()))
        {
            Answer::File(result) => result,
            _ => Err(IoError::NotFound { path: path.into() }),
        }
    }

    fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError> {
        match self
            .0
            .borrow_mut()
            .answer(Question::ReadDir(path.to_owned()))
        {
            Answer::Dir(result) => result,
            _ => Err(IoError::NotFound { path: path.into() }),
        }
    }

    fn path_kind(&self, path: &str) -> Option<PathKind> {
        match self
            .0
            .borrow_mut()
            .answer(Question::PathKind(path.to_owned()))
        {
            Answer::Kind(kind) => kind,
            _ => None,
        }
    }

    fn read_link(&self, path: &str) -> Result<String, IoError> {
        match self
            .0
            .borrow_mut()
            .answer(Question::ReadLink(path.to_owned()))
        {
            Answer::Link(result) => result,
            _ => Err(IoError::NotSymlink { path: path.into() }),
        }
    }

    fn get_env(&self, name: &str) -> Option<String> {
        match self.0.borrow_mut().answer(Question::Env(name.to_owned())) {
            Answer::Env(value) => value,
            _ => None,
        }
    }

    fn current_time(&self) -> i64 {
        match self.0.borrow_mut().answer(Question::Time) {
            Answer::Time(seconds) => seconds,
            _ => 0,
        }
    }
}

/// What makes two baselines the same evaluation, besides the files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BaselineKey {
    /// The entry's virtual path and text.
    pub path: String,
    /// The entry's text.
    pub source: String,
    /// `builtins.currentSystem`.
    pub current_system: String,
    /// The step budgets of each forcing.
    pub steps_per_attribute: u64,
    /// The step budget of the set itself.
    pub steps_for_set: u64,
}

impl BaselineKey {
    pub fn new(path: String, source: String, options: &EngineOptions) -> BaselineKey {
        BaselineKey {
            path,
            source,
            current_system: options.current_system.clone(),
            steps_per_attribute: options.steps_per_attribute,
            steps_for_set: options.steps_for_set,
        }
    }
}

/// What the overlays-off set has at a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Before {
    /// No such attribute.
    Missing,
    /// The attribute is not a set, or forcing it failed.
    NotASet,
    /// A set: its `outPath` and `drvPath` as strings, when they are.
    Paths {
        out_path: Option<String>,
        drv_path: Option<String>,
    },
}

/// The overlays-off set in an evaluator of its own (see the module header).
pub(crate) struct Baseline {
    key: BaselineKey,
    recording: Rc<RefCell<Recording>>,
    /// `None` once poisoned (nothing is evaluated any more).
    evaluator: Option<Evaluator>,
    /// Nested sets by path (`[]`: the set itself); `None`: not a set.
    sets: FxHashMap<Vec<String>, Option<Rc<AttrSet>>>,
    /// Comparisons by the attribute's path.
    compared: FxHashMap<Vec<String>, Before>,
    poisoned: bool,
}

impl fmt::Debug for Baseline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Baseline")
            .field("path", &self.key.path)
            .field("questions", &self.recording.borrow().asked.len())
            .field("compared", &self.compared.len())
            .field("poisoned", &self.poisoned)
            .finish()
    }
}

impl Baseline {
    /// Evaluates the key's entry over `workspace` as far as its names.
    pub fn open(key: BaselineKey, workspace: &Workspace, options: &EngineOptions) -> Baseline {
        let recording = Rc::new(RefCell::new(Recording {
            host: workspace_host(workspace),
            asked: Vec::new(),
            known: FxHashSet::default(),
        }));
        let io = Box::new(RecordingIo(recording.clone()));
        let evaluator =
            playground_evaluator_sharing(io, options.eval_options(), &options.prelude).ok();
        let mut baseline = Baseline {
            key,
            recording,
            evaluator,
            sets: FxHashMap::default(),
            compared: FxHashMap::default(),
            poisoned: false,
        };
        let root = baseline.evaluate_root();
        baseline.sets.insert(Vec::new(), root);
        baseline.check_events();
        baseline
    }

    fn evaluate_root(&mut self) -> Option<Rc<AttrSet>> {
        let budget = self.key.steps_for_set;
        let evaluator = self.evaluator.as_mut()?;
        let value = evaluator
            .eval_value(&self.key.path, &self.key.source)
            .ok()?;
        match evaluator.force_within(value, budget) {
            Ok(Value::Attrs(set)) => Some(set),
            _ => None,
        }
    }

    /// Any event poisons the baseline (see the module header).
    fn check_events(&mut self) {
        let raised = self
            .evaluator
            .as_mut()
            .is_some_and(|evaluator| !evaluator.take_events().is_empty());
        if raised {
            self.poisoned = true;
            self.evaluator = None;
            self.sets.clear();
            self.compared.clear();
        }
    }

    /// Whether an event was raised: the session must not use it.
    pub fn poisoned(&self) -> bool {
        self.poisoned
    }

    /// Whether this baseline is the evaluation `key` asks for over
    /// `workspace`; if so it takes `workspace` as its host.
    fn adopt(&mut self, key: &BaselineKey, workspace: &Workspace) -> bool {
        if self.key != *key {
            return false;
        }
        let host = workspace_host(workspace);
        let mut recording = self.recording.borrow_mut();
        if !recording.agrees_with(&host) {
            return false;
        }
        recording.host = host;
        true
    }

    /// The set at `path` (`[]`: the overlays-off set), forced; `None` when
    /// it is not a set or forcing it failed.
    pub fn set_at(&mut self, path: &[String]) -> Option<Rc<AttrSet>> {
        if let Some(known) = self.sets.get(path) {
            return known.clone();
        }
        let (name, parent) = path.split_last()?;
        let parent = self.set_at(parent)?;
        let budget = self.key.steps_per_attribute;
        let found = match parent.get(name).cloned() {
            Some(value) => match self.evaluator.as_mut()?.force_within(value, budget) {
                Ok(Value::Attrs(set)) => Some(set),
                _ => None,
            },
            None => None,
        };
        self.check_events();
        if self.poisoned {
            return None;
        }
        self.sets.insert(path.to_vec(), found.clone());
        found
    }

    /// Whether the set at `prefix` has `name`.
    pub fn has(&mut self, prefix: &[String], name: &str) -> bool {
        self.set_at(prefix)
            .is_some_and(|set| set.get(name).is_some())
    }

    /// The attribute `name` of the set at `prefix`, as the comparison needs
    /// it; `None` when there is no set at `prefix`.
    pub fn before(&mut self, prefix: &[String], name: &str) -> Option<Before> {
        let mut path = prefix.to_vec();
        path.push(name.to_owned());
        if let Some(known) = self.compared.get(&path) {
            return Some(known.clone());
        }
        let set = self.set_at(prefix)?;
        let before = match set.get(name).cloned() {
            None => Before::Missing,
            Some(value) => self.paths_of(value),
        };
        self.check_events();
        if self.poisoned {
            return None;
        }
        self.compared.insert(path, before.clone());
        Some(before)
    }

    fn paths_of(&mut self, value: Value) -> Before {
        let budget = self.key.steps_per_attribute;
        let Some(evaluator) = self.evaluator.as_mut() else {
            return Before::NotASet;
        };
        let Ok(Value::Attrs(set)) = evaluator.force_within(value, budget) else {
            return Before::NotASet;
        };
        let mut string_attr = |name: &str| {
            let value = set.get(name)?.clone();
            match evaluator.force_within(value, budget) {
                Ok(Value::String(text)) => Some(text.to_str_lossy().into_owned()),
                Ok(Value::Path(path)) => Some(path.to_string()),
                _ => None,
            }
        };
        let out_path = string_attr("outPath");
        let drv_path = string_attr("drvPath");
        Before::Paths { out_path, drv_path }
    }
}

/// Baselines kept between sessions (see the module header). Clones share
/// them. It is a cache, not a setting: two options that differ only in it
/// give the same results, so it compares equal to any other.
#[derive(Clone)]
pub struct SharedBaselines {
    kept: Rc<RefCell<Vec<Baseline>>>,
    /// Whether sessions use it at all (off: every session compares in its
    /// own evaluator, as before the cache).
    enabled: bool,
    /// How many times a kept baseline was taken again.
    reused: Rc<RefCell<u64>>,
}

impl SharedBaselines {
    /// An empty cache.
    pub fn new() -> SharedBaselines {
        SharedBaselines {
            kept: Rc::new(RefCell::new(Vec::new())),
            enabled: true,
            reused: Rc::new(RefCell::new(0)),
        }
    }

    /// No cache: every session evaluates the comparison in its own
    /// evaluator.
    pub fn disabled() -> SharedBaselines {
        SharedBaselines {
            enabled: false,
            ..SharedBaselines::new()
        }
    }

    /// Whether sessions use kept baselines.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// How many times a session took a kept baseline instead of
    /// evaluating the comparison again.
    pub fn reused(&self) -> u64 {
        *self.reused.borrow()
    }

    /// How many baselines are kept (poisoned ones included).
    pub fn len(&self) -> usize {
        self.kept.borrow().len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.borrow().is_empty()
    }

    /// The kept baseline for `key` over `workspace`, taken out of the cache,
    /// or a new one.
    pub(crate) fn take(
        &self,
        key: BaselineKey,
        workspace: &Workspace,
        options: &EngineOptions,
    ) -> Baseline {
        let mut kept = self.kept.borrow_mut();
        if let Some(index) = kept
            .iter_mut()
            .position(|baseline| baseline.adopt(&key, workspace))
        {
            *self.reused.borrow_mut() += 1;
            return kept.remove(index);
        }
        drop(kept);
        Baseline::open(key, workspace, options)
    }

    /// Keeps `baseline` for later sessions (the newest first; one per key).
    pub(crate) fn give_back(&self, baseline: Baseline) {
        let mut kept = self.kept.borrow_mut();
        kept.retain(|other| other.key != baseline.key);
        kept.insert(0, baseline);
        kept.truncate(KEPT);
    }
}

impl Default for SharedBaselines {
    fn default() -> Self {
        SharedBaselines::new()
    }
}

impl fmt::Debug for SharedBaselines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedBaselines")
            .field("enabled", &self.enabled)
            .field("kept", &self.kept.borrow())
            .finish()
    }
}

impl PartialEq for SharedBaselines {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for SharedBaselines {}
