//! The playground's state: one immutable [`Workspace`] changed only through
//! [`Action`]s by a pure reducer.
//!
//! The root component keeps the workspace behind `use_reducer`; components
//! and hooks turn events into actions. [`Workspace::rev`] goes up on every
//! change of file text, and evaluation answers carry the revision they were
//! computed from, so an answer for an older text is dropped (latest wins).
//!
//! Invariants:
//! - `reduce` returns the same `Rc` for a no-op (an edit that changes
//!   nothing, a stale answer), so Yew skips the re-render;
//! - `eval` only ever describes the current `rev` or an older one; an answer
//!   never moves it backwards;
//! - no DOM, no worker, no timers here: side effects live in hooks.
//!
//! Deliberately absent for now: several files, tabs, overlays and share
//! links (issue 6 adds them as actions here).
//!
//! Tests: the `tests` module at the bottom (native `cargo test`).

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::protocol::{WireDiagnostic, WireOutcome};

/// The path of the file evaluated when nothing else is chosen.
pub const MAIN_FILE: &str = "/workspace/main.nix";

/// The text a new workspace starts with.
pub const WELCOME_TEXT: &str = "let\n  fix = f: let result = f result; in result;\n  pkgs = fix (self: { a = 1; b = self.a + 1; });\nin pkgs.b * 21\n";

/// The whole editable state of a session.
#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    /// Every file, by absolute virtual path.
    pub files: BTreeMap<String, Rc<str>>,
    /// The file shown in the editor.
    pub active: String,
    /// The file that is evaluated.
    pub entry: String,
    /// Bumped on every change of any file's text.
    pub rev: u64,
    /// What the evaluator last said, and about which revision.
    pub eval: EvalState,
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
    },
    /// The worker answered for `rev`.
    Done {
        /// The revision the answer is about.
        rev: u64,
        /// The answer.
        outcome: Rc<WireOutcome>,
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
        outcome: Rc<WireOutcome>,
    },
    /// No answer will come for `rev`.
    EvaluationFailed {
        /// The revision.
        rev: u64,
        /// Why.
        reason: EvalFailure,
    },
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::with_main(WELCOME_TEXT)
    }
}

impl Workspace {
    /// A workspace with a single entry file holding `text`.
    pub fn with_main(text: &str) -> Self {
        let mut files = BTreeMap::new();
        files.insert(MAIN_FILE.to_owned(), Rc::from(text));
        Workspace {
            files,
            active: MAIN_FILE.to_owned(),
            entry: MAIN_FILE.to_owned(),
            rev: 0,
            eval: EvalState::Idle,
        }
    }

    /// The text of the file in the editor.
    pub fn active_text(&self) -> Rc<str> {
        self.files
            .get(&self.active)
            .cloned()
            .unwrap_or_else(|| Rc::from(""))
    }

    /// The files as the worker protocol wants them.
    pub fn files_for_worker(&self) -> Vec<(String, String)> {
        self.files
            .iter()
            .map(|(path, text)| (path.clone(), text.to_string()))
            .collect()
    }

    /// Applies one action. Pure: the same state and action give the same result.
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::EditFile { path, text } => {
                if self.files.get(&path) == Some(&text) {
                    return self;
                }
                let mut next = (*self).clone();
                next.files.insert(path, text);
                next.rev += 1;
                Rc::new(next)
            }
            Action::EvaluationStarted { rev } => {
                if rev != self.rev || self.eval == (EvalState::Running { rev }) {
                    return self;
                }
                self.with_eval(EvalState::Running { rev })
            }
            Action::Evaluated { rev, outcome } => {
                if rev != self.rev {
                    return self;
                }
                self.with_eval(EvalState::Done { rev, outcome })
            }
            Action::EvaluationFailed { rev, reason } => {
                if rev != self.rev {
                    return self;
                }
                self.with_eval(EvalState::Failed { rev, reason })
            }
        }
    }

    fn with_eval(self: Rc<Self>, eval: EvalState) -> Rc<Self> {
        let mut next = (*self).clone();
        next.eval = eval;
        Rc::new(next)
    }

    /// The diagnostics of the last answer that point into `path`.
    pub fn diagnostics_for(&self, path: &str) -> Vec<WireDiagnostic> {
        let EvalState::Done { outcome, .. } = &self.eval else {
            return Vec::new();
        };
        outcome
            .error
            .iter()
            .chain(&outcome.events)
            .filter(|diagnostic| {
                diagnostic
                    .span
                    .as_ref()
                    .is_some_and(|span| span.file == path)
            })
            .cloned()
            .collect()
    }

    /// Whether the shown result is about an older text than the editor's.
    pub fn result_is_stale(&self) -> bool {
        match &self.eval {
            EvalState::Idle => self.rev > 0,
            EvalState::Running { rev }
            | EvalState::Done { rev, .. }
            | EvalState::Failed { rev, .. } => *rev != self.rev,
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
mod tests {
    use super::*;

    fn outcome(value: &str) -> Rc<WireOutcome> {
        Rc::new(WireOutcome {
            value: Some(value.to_owned()),
            error: None,
            events: Vec::new(),
            steps: 1,
        })
    }

    fn edit(text: &str) -> Action {
        Action::EditFile {
            path: MAIN_FILE.to_owned(),
            text: Rc::from(text),
        }
    }

    #[test]
    fn edit_bumps_rev_and_replaces_text() {
        let start = Rc::new(Workspace::with_main("1"));
        let next = start.clone().apply(edit("1 + 2"));
        assert_eq!(next.rev, 1);
        assert_eq!(&*next.active_text(), "1 + 2");
        assert_eq!(&*start.active_text(), "1", "the old state is untouched");
    }

    #[test]
    fn edit_to_same_text_is_a_no_op() {
        let start = Rc::new(Workspace::with_main("1"));
        let next = start.clone().apply(edit("1"));
        assert!(Rc::ptr_eq(&start, &next));
    }

    #[test]
    fn answer_for_current_rev_is_shown() {
        let state = Rc::new(Workspace::with_main("1")).apply(edit("1 + 2"));
        let state = state.apply(Action::EvaluationStarted { rev: 1 });
        assert_eq!(state.eval, EvalState::Running { rev: 1 });
        let state = state.apply(Action::Evaluated {
            rev: 1,
            outcome: outcome("3"),
        });
        assert_eq!(
            state.eval,
            EvalState::Done {
                rev: 1,
                outcome: outcome("3")
            }
        );
        assert!(!state.result_is_stale());
    }

    #[test]
    fn stale_answer_is_dropped() {
        let state = Rc::new(Workspace::with_main("1"))
            .apply(edit("1 +"))
            .apply(edit("1 + 2"));
        let before = state.clone();
        let after = state.apply(Action::Evaluated {
            rev: 1,
            outcome: outcome("wrong"),
        });
        assert!(Rc::ptr_eq(&before, &after));
        assert!(after.result_is_stale());
    }

    #[test]
    fn stale_failure_is_dropped() {
        let state = Rc::new(Workspace::with_main("1")).apply(edit("2"));
        let after = state.clone().apply(Action::EvaluationFailed {
            rev: 0,
            reason: EvalFailure::Stopped,
        });
        assert!(Rc::ptr_eq(&state, &after));
    }

    #[test]
    fn failure_of_current_rev_is_recorded() {
        let state = Rc::new(Workspace::with_main("1")).apply(edit("2"));
        let after = state.apply(Action::EvaluationFailed {
            rev: 1,
            reason: EvalFailure::TimedOut { after_ms: 5000 },
        });
        assert_eq!(
            after.eval,
            EvalState::Failed {
                rev: 1,
                reason: EvalFailure::TimedOut { after_ms: 5000 }
            }
        );
    }

    #[test]
    fn repeated_start_is_a_no_op() {
        let state = Rc::new(Workspace::with_main("1")).apply(Action::EvaluationStarted { rev: 0 });
        let again = state.clone().apply(Action::EvaluationStarted { rev: 0 });
        assert!(Rc::ptr_eq(&state, &again));
    }

    #[test]
    fn fresh_workspace_is_not_stale_until_edited() {
        let state = Rc::new(Workspace::with_main("1"));
        assert!(!state.result_is_stale());
        assert!(state.apply(edit("2")).result_is_stale());
    }

    #[test]
    fn diagnostics_for_keeps_only_the_file() {
        use crate::protocol::{DiagnosticKind, Severity, WireSpan};
        let diagnostic = |file: &str| WireDiagnostic {
            kind: DiagnosticKind::Parse,
            code: "E001".to_owned(),
            severity: Severity::Error,
            message: "unexpected end of file".to_owned(),
            span: Some(WireSpan {
                file: file.to_owned(),
                start: 3,
                end: 3,
            }),
            trace: Vec::new(),
            notes: Vec::new(),
        };
        let outcome = Rc::new(WireOutcome {
            value: None,
            error: Some(diagnostic(MAIN_FILE)),
            events: vec![diagnostic("/workspace/other.nix")],
            steps: 0,
        });
        let state =
            Rc::new(Workspace::with_main("1 +")).apply(Action::Evaluated { rev: 0, outcome });
        let found = state.diagnostics_for(MAIN_FILE);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].span.as_ref().map(|span| span.file.as_str()),
            Some(MAIN_FILE)
        );
        assert!(Rc::new(Workspace::with_main("1"))
            .diagnostics_for(MAIN_FILE)
            .is_empty());
    }
}
