//! The engine's [`EvalObserver`]: attributes the evaluator's events to the
//! attribute rows being forced, and optionally keeps a bounded trace.
//!
//! Rows are registered by the identity of their value's thunk. The owner of
//! an event is the innermost registered thunk being forced, or, when none
//! is, the row the engine is currently forcing on behalf of (its
//! `outPath`, say). Forcing (or reusing) another row's thunk is a read of
//! that row; so is a selection written `final.x`, `prev.x`, … (the
//! variable is classified later, from the source text).

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use fixpoint_eval::observer::EvalObserver;
use fixpoint_eval::source::SrcSpan;

/// Most reads kept per row.
const READS_PER_ROW: usize = 400;

/// One raw event, spans still compact.
#[derive(Clone, Debug)]
pub(crate) enum RawEvent {
    /// A thunk started being forced (row: the row it is, if one).
    Enter {
        depth: usize,
        span: Option<SrcSpan>,
        row: Option<usize>,
    },
    /// The innermost thunk finished.
    Leave { depth: usize, ok: bool },
    /// A row's value, already computed, was used again.
    Reuse { depth: usize, row: usize },
    /// A selection.
    Select {
        depth: usize,
        name: String,
        at: SrcSpan,
        found: bool,
        definition: Option<SrcSpan>,
    },
}

/// A read made on behalf of a row, raw.
#[derive(Clone, Debug)]
pub(crate) enum RawRead {
    /// `subject.name` written in the source.
    Select {
        name: String,
        at: SrcSpan,
        found: bool,
        definition: Option<SrcSpan>,
    },
    /// Another row's value was needed.
    Row(usize),
}

/// What the observer collects.
#[derive(Default)]
pub(crate) struct Recorder {
    /// Thunk identity → row index.
    row_of_thunk: FxHashMap<usize, usize>,
    /// Thunks shared by several rows of one set.
    ambiguous: Vec<usize>,
    /// Row index → the set it was listed from.
    parents: Vec<usize>,
    /// The row the engine is forcing for, when no registered thunk is.
    pub current_row: Option<usize>,
    /// Thunks being forced: (identity, row).
    stack: Vec<(usize, Option<usize>)>,
    /// Reads per row.
    pub reads: FxHashMap<usize, Vec<RawRead>>,
    /// The trace, when one is being recorded.
    pub trace: Option<Vec<RawEvent>>,
    /// Trace cap.
    pub trace_cap: usize,
    /// Whether the trace hit its cap.
    pub trace_truncated: bool,
}

impl Recorder {
    /// Registers a row's thunk. A thunk shared by several rows of one set
    /// (`pkgs = final; buildPackages = final;`) names none of them.
    pub fn register(&mut self, thunk: usize, row: usize) {
        if self.ambiguous.contains(&thunk) {
            return;
        }
        match self.row_of_thunk.get(&thunk) {
            Some(known) if *known != row && self.same_set(*known, row) => {
                self.row_of_thunk.remove(&thunk);
                self.ambiguous.push(thunk);
            }
            _ => {
                self.row_of_thunk.insert(thunk, row);
            }
        }
    }

    fn same_set(&self, a: usize, b: usize) -> bool {
        self.parents
            .get(a)
            .is_some_and(|parent| self.parents.get(b) == Some(parent))
    }

    /// Records which set (by the engine's own numbering) a row belongs to.
    pub fn set_parent(&mut self, row: usize, parent: usize) {
        if self.parents.len() <= row {
            self.parents.resize(row + 1, usize::MAX);
        }
        if let Some(slot) = self.parents.get_mut(row) {
            *slot = parent;
        }
    }

    fn owner(&self) -> Option<usize> {
        self.stack
            .iter()
            .rev()
            .find_map(|(_, row)| *row)
            .or(self.current_row)
    }

    fn add_read(&mut self, read: RawRead) {
        if let Some(owner) = self.owner() {
            if let RawRead::Row(row) = read {
                if row == owner {
                    return;
                }
            }
            let reads = self.reads.entry(owner).or_default();
            if reads.len() < READS_PER_ROW {
                reads.push(read);
            }
        }
    }

    fn record(&mut self, event: RawEvent) {
        if let Some(trace) = self.trace.as_mut() {
            if trace.len() < self.trace_cap {
                trace.push(event);
            } else {
                self.trace_truncated = true;
            }
        }
    }
}

/// The observer handed to the evaluator; the engine keeps the other handle.
pub(crate) struct SharedRecorder(pub Rc<RefCell<Recorder>>);

impl EvalObserver for SharedRecorder {
    fn thunk_entered(&mut self, id: usize, span: Option<SrcSpan>) {
        let mut recorder = self.0.borrow_mut();
        let row = recorder.row_of_thunk.get(&id).copied();
        if let Some(row) = row {
            recorder.add_read(RawRead::Row(row));
        }
        let depth = recorder.stack.len();
        recorder.stack.push((id, row));
        recorder.record(RawEvent::Enter { depth, span, row });
    }

    fn thunk_reused(&mut self, id: usize) {
        let mut recorder = self.0.borrow_mut();
        if let Some(row) = recorder.row_of_thunk.get(&id).copied() {
            recorder.add_read(RawRead::Row(row));
            let depth = recorder.stack.len();
            recorder.record(RawEvent::Reuse { depth, row });
        }
    }

    fn thunk_left(&mut self, id: usize, ok: bool) {
        let mut recorder = self.0.borrow_mut();
        // Pop to the thunk that ended (normally the top).
        if let Some(position) = recorder.stack.iter().rposition(|(thunk, _)| *thunk == id) {
            recorder.stack.truncate(position);
        }
        let depth = recorder.stack.len();
        recorder.record(RawEvent::Leave { depth, ok });
    }

    fn attr_selected(&mut self, name: &str, at: SrcSpan, found: bool, definition: Option<SrcSpan>) {
        let mut recorder = self.0.borrow_mut();
        recorder.add_read(RawRead::Select {
            name: name.to_owned(),
            at,
            found,
            definition,
        });
        let depth = recorder.stack.len();
        if recorder.trace.is_some() {
            recorder.record(RawEvent::Select {
                depth,
                name: name.to_owned(),
                at,
                found,
                definition,
            });
        }
    }
}

impl Recorder {
    /// Forgets the force stack (after an evaluation ended abnormally).
    pub fn reset_stack(&mut self) {
        self.stack.clear();
    }
}
