//! The Problems list: every error and warning of the last answer, derived
//! from the [`Workspace`] (never stored), each once.
//!
//! Sources, in order: the printed value's error and its warnings
//! (expression mode), the set's own error, the set's warnings, then each
//! row's error (rows whose error is the same diagnostic at the same span
//! as an earlier one are folded into it, so one loop shown by five rows is
//! listed once, naming the rows).
//!
//! Invariant: spans stay byte offsets (UTF-8) into the file they name; the
//! editor bridge converts them.
//!
//! Tests: `tests` at the bottom (native).

use crate::protocol::set::{WireEngineDiagnostic, WireSpanInfo};
use crate::protocol::{DiagnosticKind, Severity, WireDiagnostic, WireSpan, WireTraceFrame};
use crate::state::Workspace;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Evaluation of something failed.
    Error,
    /// A warning or a trap hint.
    Warning,
}

/// A location: absolute virtual path, byte range, 1-based line and column
/// when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Absolute virtual path.
    pub file: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Line, when known.
    pub line: Option<usize>,
    /// Column, when known.
    pub column: Option<usize>,
}

/// One entry of the Problems list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub level: Level,
    /// The message.
    pub message: String,
    /// Where, when known.
    pub at: Option<Location>,
    /// The "while evaluating …" chain, outermost first.
    pub trace: Vec<(String, Option<Location>)>,
    /// Notes ("Did you mean …?").
    pub notes: Vec<String>,
    /// The trap hint, when one applies.
    pub hint: Option<String>,
    /// The attributes whose forcing raised it (empty for the whole value).
    pub rows: Vec<String>,
}

impl Problem {
    /// This problem as an editor diagnostic, if it points into `file`.
    pub fn diagnostic_in(&self, file: &str) -> Option<WireDiagnostic> {
        let at = self.at.as_ref().filter(|at| at.file == file)?;
        let mut message = self.message.clone();
        if let Some(hint) = &self.hint {
            message.push_str("\nhint: ");
            message.push_str(hint);
        }
        Some(WireDiagnostic {
            kind: match self.level {
                Level::Error => DiagnosticKind::Evaluation,
                Level::Warning => DiagnosticKind::Warning,
            },
            code: String::new(),
            severity: match self.level {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
            },
            message,
            span: Some(WireSpan {
                file: at.file.clone(),
                start: at.start,
                end: at.end,
            }),
            trace: Vec::new(),
            notes: self.notes.clone(),
        })
    }
}

fn location_of_info(span: &WireSpanInfo) -> Location {
    Location {
        file: span.file.clone(),
        start: span.start,
        end: span.end,
        line: Some(span.line),
        column: Some(span.column),
    }
}

fn location_of_wire(span: &WireSpan) -> Location {
    Location {
        file: span.file.clone(),
        start: span.start,
        end: span.end,
        line: None,
        column: None,
    }
}

fn from_engine(diagnostic: &WireEngineDiagnostic, level: Level, row: Option<String>) -> Problem {
    Problem {
        level,
        message: diagnostic.message.clone(),
        at: diagnostic.span.as_ref().map(location_of_info),
        trace: diagnostic
            .trace
            .iter()
            .map(|(text, span)| (text.clone(), span.as_ref().map(location_of_info)))
            .collect(),
        notes: diagnostic.notes.clone(),
        hint: diagnostic.hint.as_ref().map(|hint| hint.message.clone()),
        rows: row.into_iter().collect(),
    }
}

fn from_value(diagnostic: &WireDiagnostic) -> Problem {
    Problem {
        level: match diagnostic.severity {
            Severity::Error => Level::Error,
            Severity::Warning | Severity::Trace => Level::Warning,
        },
        message: diagnostic.message.clone(),
        at: diagnostic.span.as_ref().map(location_of_wire),
        trace: diagnostic
            .trace
            .iter()
            .map(|WireTraceFrame { message, span }| {
                (message.clone(), span.as_ref().map(location_of_wire))
            })
            .collect(),
        notes: diagnostic.notes.clone(),
        hint: None,
        rows: Vec::new(),
    }
}

/// Whether two locations name the same range (line and column may be
/// known for one and not the other).
fn same_place(a: Option<&Location>, b: Option<&Location>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.file == b.file && a.start == b.start && a.end == b.end,
        (None, None) => true,
        _ => false,
    }
}

/// Every problem of the last answer, each once.
pub fn problems(workspace: &Workspace) -> Vec<Problem> {
    let Some(result) = workspace.result() else {
        return Vec::new();
    };
    let mut list: Vec<Problem> = Vec::new();
    let mut push = |problem: Problem| {
        let same = list.iter_mut().find(|seen| {
            seen.level == problem.level
                && seen.message == problem.message
                && same_place(seen.at.as_ref(), problem.at.as_ref())
        });
        match same {
            Some(seen) => {
                for row in problem.rows {
                    if !seen.rows.contains(&row) {
                        seen.rows.push(row);
                    }
                }
                if seen.hint.is_none() {
                    seen.hint = problem.hint;
                }
            }
            None => list.push(problem),
        }
    };
    if let Some(value) = &result.value {
        if let Some(error) = &value.error {
            push(from_value(error));
        }
        for event in &value.events {
            if event.severity == Severity::Warning {
                push(from_value(event));
            }
        }
    }
    // In expression mode the printed value is the truth about the whole
    // expression: when it printed, the set view's own error can only say
    // that the value is not a set, which is no problem at all.
    let value_printed = result
        .value
        .as_ref()
        .is_some_and(|value| value.value.is_some() && value.error.is_none());
    if let Some(view) = &result.view {
        if let Some(error) = view.error.as_ref().filter(|_| !value_printed) {
            push(from_engine(error, Level::Error, None));
        }
        for event in &view.events {
            push(from_engine(event, Level::Warning, None));
        }
        for row in &view.rows {
            let name = row.path.join(".");
            if let Some(error) = &row.error {
                push(from_engine(error, Level::Error, Some(name)));
            } else if let Some(hint) = &row.hint {
                push(Problem {
                    level: Level::Warning,
                    message: format!("{name}: {}", hint.message),
                    at: row.definition.as_ref().map(location_of_info),
                    trace: Vec::new(),
                    notes: Vec::new(),
                    hint: None,
                    rows: vec![name],
                });
            }
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::protocol::set::{WireChange, WireHint, WireKind, WireRow, WireSetView};
    use crate::state::{Action, EvalResult};

    fn loop_error(file: &str) -> WireEngineDiagnostic {
        WireEngineDiagnostic {
            code: "E".to_owned(),
            message: "infinite recursion encountered".to_owned(),
            span: Some(WireSpanInfo {
                file: file.to_owned(),
                start: 20,
                end: 27,
                line: 2,
                column: 7,
            }),
            trace: vec![("while evaluating the attribute 'a'".to_owned(), None)],
            notes: Vec::new(),
            hint: Some(WireHint {
                trap: "final_in_own_definition".to_owned(),
                message: "use prev.a".to_owned(),
            }),
            rendered: String::new(),
        }
    }

    fn row(name: &str, error: Option<WireEngineDiagnostic>) -> WireRow {
        WireRow {
            path: vec![name.to_owned()],
            kind: if error.is_some() {
                WireKind::Error
            } else {
                WireKind::Value
            },
            short: String::new(),
            defined_by: Some(0),
            chain: vec![0],
            definition: None,
            reads: Vec::new(),
            store: None,
            change: WireChange::NotCompared,
            error,
            hint: None,
            expandable: false,
            steps: 1,
        }
    }

    fn answered(rows: Vec<WireRow>) -> Rc<Workspace> {
        let view = WireSetView {
            layers: Vec::new(),
            rows,
            error: None,
            events: Vec::new(),
            plain_nix: None,
        };
        Rc::new(Workspace::with_main("x")).apply(Action::Evaluated {
            rev: 0,
            outcome: Rc::new(EvalResult {
                view: Some(view),
                value: None,
                json: None,
            }),
        })
    }

    #[test]
    fn the_same_loop_in_two_rows_is_listed_once_naming_both() {
        let state = answered(vec![
            row("a", Some(loop_error("/workspace/ov.nix"))),
            row("b", Some(loop_error("/workspace/ov.nix"))),
            row("c", None),
        ]);
        let list = problems(&state);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].rows, vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(list[0].hint.as_deref(), Some("use prev.a"));
        assert_eq!(list[0].at.as_ref().and_then(|at| at.line), Some(2));
    }

    #[test]
    fn a_problem_becomes_an_editor_diagnostic_only_in_its_file() {
        let state = answered(vec![row("a", Some(loop_error("/workspace/ov.nix")))]);
        let list = problems(&state);
        let diagnostic = list[0].diagnostic_in("/workspace/ov.nix");
        assert_eq!(
            diagnostic
                .and_then(|d| d.span)
                .map(|span| (span.start, span.end)),
            Some((20, 27))
        );
        assert!(list[0].diagnostic_in("/workspace/main.nix").is_none());
        assert_eq!(state.diagnostics_for("ov.nix").len(), 1);
        assert!(state.diagnostics_for("main.nix").is_empty());
    }

    #[test]
    fn a_value_that_is_not_a_set_is_no_problem_in_expression_mode() {
        let not_a_set = WireEngineDiagnostic {
            code: "E".to_owned(),
            message: "the expression is an integer, not a set: the Value tab shows it".to_owned(),
            span: None,
            trace: Vec::new(),
            notes: Vec::new(),
            hint: None,
            rendered: String::new(),
        };
        let view = WireSetView {
            layers: Vec::new(),
            rows: Vec::new(),
            error: Some(not_a_set),
            events: Vec::new(),
            plain_nix: None,
        };
        let printed = |value: Option<&str>| crate::protocol::WireOutcome {
            value: value.map(str::to_owned),
            error: None,
            events: Vec::new(),
            steps: 1,
        };
        let answer = |value| {
            Rc::new(Workspace::with_main("42")).apply(Action::Evaluated {
                rev: 0,
                outcome: Rc::new(EvalResult {
                    view: Some(view.clone()),
                    value: Some(printed(value)),
                    json: None,
                }),
            })
        };
        assert!(problems(&answer(Some("42"))).is_empty());
        // Without a printed value the set's error is still listed.
        assert_eq!(problems(&answer(None)).len(), 1);
    }

    #[test]
    fn nothing_before_an_answer() {
        assert!(problems(&Workspace::with_main("x")).is_empty());
    }
}
