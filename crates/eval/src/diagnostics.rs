//! Errors and warnings as data, and their Nix-style text rendering.
//!
//! A [`Diagnostic`] carries an [`ErrorKind`] (an enum with fields and a stable
//! [`ErrorKind::code`]), the message text exactly as current Nix prints it after
//! `error: `, a primary [`Span`], the "while evaluating …" [`TraceFrame`]s
//! (outermost first, the order Nix prints them) and free-form notes such as
//! "Did you mean …?".
//!
//! Invariants: spans are byte offsets into the file they name; rendering needs
//! the file text, which the caller supplies (the evaluator does not keep a
//! global source map). Nothing here knows about colours or the UI.
//!
//! Tests: `render_*` tests at the bottom of this file.

use std::fmt;

/// A range of bytes in a named file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The absolute (virtual) path of the file, or a pseudo-name like `«string»`.
    pub file: String,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Evaluation stopped.
    Error,
    /// Evaluation continued (`builtins.warn`).
    Warning,
    /// A `builtins.trace` message.
    Trace,
}

/// One "while evaluating …" line of an error's trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceFrame {
    /// The text after `… `, e.g. `while evaluating the attribute 'body'`.
    pub message: String,
    /// Where it happened, when known.
    pub span: Option<Span>,
}

/// What went wrong. Each variant has a stable [`code`](ErrorKind::code).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The parser rejected the source.
    Parse {
        /// The parser's message.
        message: String,
    },
    /// A variable with no binding in scope.
    UndefinedVariable {
        /// The variable name.
        name: String,
    },
    /// An attribute (or `let` binding) defined twice.
    DuplicateAttribute {
        /// The attribute name.
        name: String,
        /// `FILE:LINE:COL` of the first definition.
        previous: String,
        /// Whether the duplicate came from a dynamic name.
        dynamic: bool,
    },
    /// A function pattern with the same formal twice.
    DuplicateFormal {
        /// The formal name.
        name: String,
    },
    /// Some other check done while lowering the syntax tree.
    Syntax {
        /// The message text.
        message: String,
    },
    /// `throw msg`; catchable by `tryEval`.
    Throw {
        /// The thrown message.
        message: String,
    },
    /// A failed `assert`; catchable by `tryEval`.
    AssertionFailed {
        /// The source text of the condition.
        condition: String,
    },
    /// A failed `assert a == b`, explained: which parts differ.
    AssertionNotEqual {
        /// The explanation, e.g. `string '"x"' is not equal to string '"y"'`.
        message: String,
    },
    /// `abort msg`.
    Abort {
        /// The message.
        message: String,
    },
    /// A thunk was forced while it was being forced.
    InfiniteRecursion,
    /// Selecting a missing attribute.
    MissingAttribute {
        /// The attribute name.
        name: String,
    },
    /// A value of the wrong type, e.g. `expected a list but found an integer: 1`.
    TypeMismatch {
        /// The expected type with its article, e.g. `a list`.
        expected: String,
        /// The found type with its article, e.g. `an integer`.
        found: String,
        /// The printed value.
        value: String,
    },
    /// Calling something that is not a function.
    NotAFunction {
        /// The found type with its article.
        found: String,
        /// The printed value.
        value: String,
    },
    /// A function with formals called with an argument it does not declare.
    UnexpectedArgument {
        /// The function's name (`anonymous lambda` when it has none).
        function: String,
        /// The argument name.
        name: String,
    },
    /// A function with formals called without a required argument.
    MissingArgument {
        /// The function's name.
        function: String,
        /// The argument name.
        name: String,
    },
    /// A value that cannot become a string.
    CannotCoerce {
        /// The found type with its article.
        found: String,
        /// The printed value.
        value: String,
    },
    /// Values that cannot be ordered.
    Incomparable {
        /// The full message.
        message: String,
    },
    /// Division by zero.
    DivisionByZero,
    /// 64-bit integer overflow.
    IntegerOverflow {
        /// The full message, e.g. `integer overflow in adding 1 + 2`.
        message: String,
    },
    /// A file the program needs could not be read.
    Io {
        /// The full message.
        message: String,
    },
    /// A builtin was used in a way it rejects.
    Builtin {
        /// The full message.
        message: String,
    },
    /// The step budget ran out.
    StepBudgetExceeded {
        /// The budget.
        budget: u64,
    },
    /// More nested function calls than `max-call-depth` allows (Nix's
    /// guard against runaway recursion such as `let f = x: f x; in f 1`).
    MaxCallDepth {
        /// The limit that was exceeded.
        limit: u32,
    },
    /// The host asked evaluation to stop.
    Cancelled,
    /// An invariant of the evaluator broke; a bug, never the program's fault.
    Internal {
        /// What broke.
        message: String,
    },
    /// A warning.
    Warning {
        /// The message.
        message: String,
        /// Raised by the program (`builtins.warn`): printed as `evaluation
        /// warning:` without a position, as current Nix does.
        evaluation: bool,
    },
    /// A trace event (`builtins.trace`).
    Trace {
        /// The printed value.
        message: String,
    },
}

impl ErrorKind {
    /// The stable code of this kind, e.g. `E012`.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Parse { .. } => "E001",
            ErrorKind::UndefinedVariable { .. } => "E002",
            ErrorKind::DuplicateAttribute { .. } => "E003",
            ErrorKind::DuplicateFormal { .. } => "E004",
            ErrorKind::Syntax { .. } => "E005",
            ErrorKind::Throw { .. } => "E006",
            ErrorKind::AssertionFailed { .. } => "E007",
            ErrorKind::Abort { .. } => "E008",
            ErrorKind::InfiniteRecursion => "E009",
            ErrorKind::MissingAttribute { .. } => "E010",
            ErrorKind::TypeMismatch { .. } => "E011",
            ErrorKind::NotAFunction { .. } => "E012",
            ErrorKind::UnexpectedArgument { .. } => "E013",
            ErrorKind::MissingArgument { .. } => "E014",
            ErrorKind::CannotCoerce { .. } => "E015",
            ErrorKind::Incomparable { .. } => "E016",
            ErrorKind::DivisionByZero => "E017",
            ErrorKind::IntegerOverflow { .. } => "E018",
            ErrorKind::Io { .. } => "E019",
            ErrorKind::Builtin { .. } => "E020",
            ErrorKind::StepBudgetExceeded { .. } => "E021",
            ErrorKind::Cancelled => "E022",
            ErrorKind::Internal { .. } => "E023",
            ErrorKind::AssertionNotEqual { .. } => "E024",
            ErrorKind::MaxCallDepth { .. } => "E025",
            ErrorKind::Warning { .. } => "W001",
            ErrorKind::Trace { .. } => "T001",
        }
    }

    /// Whether `builtins.tryEval` catches this error.
    pub fn is_catchable(&self) -> bool {
        matches!(
            self,
            ErrorKind::Throw { .. }
                | ErrorKind::AssertionFailed { .. }
                | ErrorKind::AssertionNotEqual { .. }
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Parse { message } => f.write_str(message),
            ErrorKind::UndefinedVariable { name } => write!(f, "undefined variable '{name}'"),
            ErrorKind::DuplicateAttribute {
                name,
                previous,
                dynamic,
            } => {
                let prefix = if *dynamic {
                    "dynamic attribute"
                } else {
                    "attribute"
                };
                write!(f, "{prefix} '{name}' already defined at {previous}")
            }
            ErrorKind::DuplicateFormal { name } => {
                write!(f, "duplicate formal function argument '{name}'")
            }
            ErrorKind::Syntax { message } => f.write_str(message),
            ErrorKind::Throw { message } => f.write_str(message),
            ErrorKind::AssertionFailed { condition } => {
                write!(f, "assertion '{condition}' failed")
            }
            ErrorKind::AssertionNotEqual { message } => f.write_str(message),
            ErrorKind::Abort { message } => write!(
                f,
                "evaluation aborted with the following error message: '{message}'"
            ),
            ErrorKind::InfiniteRecursion => f.write_str("infinite recursion encountered"),
            ErrorKind::MissingAttribute { name } => write!(f, "attribute '{name}' missing"),
            ErrorKind::TypeMismatch {
                expected,
                found,
                value,
            } => write!(f, "expected {expected} but found {found}: {value}"),
            ErrorKind::NotAFunction { found, value } => write!(
                f,
                "attempt to call something which is not a function but {found}: {value}"
            ),
            ErrorKind::UnexpectedArgument { function, name } => {
                write!(
                    f,
                    "function '{function}' called with unexpected argument '{name}'"
                )
            }
            ErrorKind::MissingArgument { function, name } => {
                write!(
                    f,
                    "function '{function}' called without required argument '{name}'"
                )
            }
            ErrorKind::CannotCoerce { found, value } => {
                write!(f, "cannot coerce {found} to a string: {value}")
            }
            ErrorKind::Incomparable { message } => f.write_str(message),
            ErrorKind::DivisionByZero => f.write_str("division by zero"),
            ErrorKind::IntegerOverflow { message } => f.write_str(message),
            ErrorKind::Io { message } => f.write_str(message),
            ErrorKind::Builtin { message } => f.write_str(message),
            ErrorKind::StepBudgetExceeded { budget } => {
                write!(f, "evaluation exceeded the step budget of {budget} steps")
            }
            ErrorKind::MaxCallDepth { .. } => {
                f.write_str("stack overflow; max-call-depth exceeded")
            }
            ErrorKind::Cancelled => f.write_str("evaluation cancelled"),
            ErrorKind::Internal { message } => write!(f, "internal evaluator error: {message}"),
            ErrorKind::Warning { message, .. } => f.write_str(message),
            ErrorKind::Trace { message } => f.write_str(message),
        }
    }
}

/// A structured error, warning or trace event.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// What happened.
    pub kind: ErrorKind,
    /// How serious it is.
    pub severity: Severity,
    /// The text after `error: `, exactly as current Nix prints it.
    pub message: String,
    /// Where it happened.
    pub span: Option<Span>,
    /// The "while evaluating …" chain, outermost first.
    pub trace: Vec<TraceFrame>,
    /// Extra lines, e.g. `Did you mean one of x or z?`.
    pub notes: Vec<String>,
    /// Frames the evaluator dropped to bound memory (a runaway recursion):
    /// `(index, count)`, the dropped frames sat just before `trace[index]`.
    pub omitted: Option<(usize, usize)>,
}

impl Diagnostic {
    /// An error diagnostic whose message is the kind's text.
    pub fn error(kind: ErrorKind, span: Option<Span>) -> Self {
        Diagnostic {
            message: kind.to_string(),
            kind,
            severity: Severity::Error,
            span,
            trace: Vec::new(),
            notes: Vec::new(),
            omitted: None,
        }
    }

    /// The text `nix-instantiate` prints on stderr for this diagnostic.
    ///
    /// `source_of` returns the text of a file named by a span (for the code
    /// excerpt); when it returns `None` the excerpt is left out. Without
    /// `show_trace` the trace frames are still printed, as current Nix does
    /// for evaluation errors; the flag only adds the frames that Nix hides.
    pub fn render(&self, source_of: &dyn Fn(&str) -> Option<String>, show_trace: bool) -> String {
        let _ = show_trace;
        let program_warning = matches!(
            self.kind,
            ErrorKind::Warning {
                evaluation: true,
                ..
            }
        );
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning if program_warning => "evaluation warning",
            Severity::Warning => "warning",
            Severity::Trace => "trace",
        };
        // `trace` and `builtins.warn` print just their message, continuation
        // lines aligned under its first character (unless it starts with a
        // newline), as current Nix does.
        if self.severity == Severity::Trace || program_warning {
            let mut out = String::from(label);
            out.push(':');
            if !self.message.starts_with('\n') {
                out.push(' ');
            }
            let align = if self.severity == Severity::Trace || self.message.starts_with('\n') {
                String::new()
            } else {
                " ".repeat(label.len() + 2)
            };
            out.push_str(&self.message.replace('\n', &format!("\n{align}")));
            out.push('\n');
            return out;
        }
        // Frames, positions and excerpts sit under the text after the label.
        let indent = " ".repeat(label.len() + 2);
        let mut out = String::new();
        if self.trace.is_empty() {
            out.push_str(label);
            out.push_str(": ");
            out.push_str(&self.message);
            out.push('\n');
        } else {
            out.push_str(label);
            out.push_str(":\n");
            self.render_frames(&mut out, source_of, &indent);
            out.push_str(&indent);
            out.push_str(label);
            out.push_str(": ");
            out.push_str(&self.message);
            out.push('\n');
        }
        if let Some(span) = &self.span {
            render_position(&mut out, span, source_of, &indent, &indent);
        }
        for note in &self.notes {
            out.push_str(&indent);
            out.push_str(note);
            out.push('\n');
        }
        out
    }
}

impl Diagnostic {
    /// The trace frames, with repeats collapsed as current Nix does: a frame
    /// (message and position) already printed is skipped; when a new frame
    /// follows more than five skipped ones, or at the end, they print as
    /// `(N duplicate frames omitted)` (five or fewer print normally). The
    /// set of printed frames is never cleared, as in Nix. Frames the
    /// evaluator dropped ([`Diagnostic::omitted`]) count as skipped.
    fn render_frames(
        &self,
        out: &mut String,
        source_of: &dyn Fn(&str) -> Option<String>,
        indent: &str,
    ) {
        let mut seen: std::collections::HashSet<(&str, Option<&Span>)> =
            std::collections::HashSet::new();
        let mut skipped: Vec<&TraceFrame> = Vec::new();
        let mut dropped = 0usize;
        let flush = |out: &mut String, skipped: &mut Vec<&TraceFrame>, dropped: &mut usize| {
            let count = skipped.len() + *dropped;
            if count == 0 {
                return;
            }
            if count <= 5 && *dropped == 0 {
                for frame in skipped.iter() {
                    render_frame(out, frame, source_of, indent);
                }
            } else {
                out.push_str(&format!("{indent}({count} duplicate frames omitted)\n\n"));
            }
            skipped.clear();
            *dropped = 0;
        };
        for (index, frame) in self.trace.iter().enumerate() {
            if let Some((at, count)) = self.omitted {
                if at == index {
                    dropped += count;
                }
            }
            if !seen.insert((frame.message.as_str(), frame.span.as_ref())) {
                skipped.push(frame);
                continue;
            }
            flush(out, &mut skipped, &mut dropped);
            render_frame(out, frame, source_of, indent);
        }
        if let Some((at, count)) = self.omitted {
            if at >= self.trace.len() {
                dropped += count;
            }
        }
        flush(out, &mut skipped, &mut dropped);
    }
}

fn render_frame(
    out: &mut String,
    frame: &TraceFrame,
    source_of: &dyn Fn(&str) -> Option<String>,
    indent: &str,
) {
    out.push_str(indent);
    out.push_str("… ");
    out.push_str(&frame.message);
    out.push('\n');
    if let Some(span) = &frame.span {
        render_position(out, span, source_of, &format!("{indent}  "), indent);
    }
    out.push('\n');
}

/// The lines of a text, as Nix counts them: `\n`, `\r\n` and a lone `\r`
/// all end a line. Each entry is the line's text without its terminator.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        match bytes.get(index) {
            Some(b'\n') => {
                out.push((start, text.get(start..index).unwrap_or("")));
                start = index + 1;
            }
            Some(b'\r') => {
                out.push((start, text.get(start..index).unwrap_or("")));
                if bytes.get(index + 1) == Some(&b'\n') {
                    index += 1;
                }
                start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    out.push((start, text.get(start..).unwrap_or("")));
    out
}

/// Line and column (both 1-based, column in bytes) of a byte offset.
pub fn line_col(text: &str, offset: u32) -> (usize, usize) {
    let offset = (offset as usize).min(text.len());
    let all = lines(text);
    let index = all.partition_point(|(start, _)| *start <= offset).max(1) - 1;
    let line_start = all.get(index).map_or(0, |(start, _)| *start);
    (index + 1, offset - line_start + 1)
}

/// `FILE:LINE:COL` for a span, given the file's text.
pub fn position_string(span: &Span, text: Option<&str>) -> String {
    match text {
        Some(text) => {
            let (line, col) = line_col(text, span.start);
            format!("{}:{}:{}", span.file, line, col)
        }
        None => span.file.clone(),
    }
}

fn render_position(
    out: &mut String,
    span: &Span,
    source_of: &dyn Fn(&str) -> Option<String>,
    indent: &str,
    code_indent: &str,
) {
    let text = source_of(&span.file);
    out.push_str(indent);
    out.push_str("at ");
    out.push_str(&position_string(span, text.as_deref()));
    out.push_str(":\n");
    let Some(text) = text else { return };
    let (line, col) = line_col(&text, span.start);
    let lines: Vec<&str> = lines(&text).into_iter().map(|(_, line)| line).collect();
    let code_line = |out: &mut String, number: usize| {
        if let Some(content) = lines.get(number - 1) {
            if content.is_empty() {
                out.push_str(&format!("{code_indent}{number:>6}|\n"));
            } else {
                out.push_str(&format!("{code_indent}{number:>6}| {content}\n"));
            }
        }
    };
    if line > 1 {
        code_line(out, line - 1);
    }
    code_line(out, line);
    out.push_str(&format!("{code_indent}      | {}^\n", " ".repeat(col - 1)));
    if line < lines.len() {
        code_line(out, line + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(diagnostic: &Diagnostic, source: &str, expect: &str) {
        let text = source.to_string();
        let rendered = diagnostic.render(&|_| Some(text.clone()), true);
        assert_eq!(rendered, expect);
    }

    #[test]
    fn render_without_trace() {
        let diagnostic = Diagnostic::error(
            ErrorKind::UndefinedVariable { name: "y".into() },
            Some(Span {
                file: "«stdin»".into(),
                start: 3,
                end: 4,
            }),
        );
        check(
            &diagnostic,
            "x: y\n",
            "error: undefined variable 'y'
       at «stdin»:1:4:
            1| x: y
             |    ^
            2|
",
        );
    }

    #[test]
    fn render_with_trace() {
        let span = |start| Span {
            file: "/f.nix".into(),
            start,
            end: start + 1,
        };
        let mut diagnostic = Diagnostic::error(
            ErrorKind::Abort {
                message: "x".into(),
            },
            None,
        );
        diagnostic.trace.push(TraceFrame {
            message: "while calling the 'abort' builtin".into(),
            span: Some(span(0)),
        });
        check(
            &diagnostic,
            "abort \"x\"\n",
            "error:
       … while calling the 'abort' builtin
         at /f.nix:1:1:
            1| abort \"x\"
             | ^
            2|

       error: evaluation aborted with the following error message: 'x'
",
        );
    }

    fn event(kind: ErrorKind, severity: Severity) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(
            kind,
            Some(Span {
                file: "/f.nix".into(),
                start: 0,
                end: 1,
            }),
        );
        diagnostic.severity = severity;
        diagnostic
    }

    #[test]
    fn render_events_like_current_nix() {
        let warning = event(
            ErrorKind::Warning {
                message: "foo\nbar".into(),
                evaluation: true,
            },
            Severity::Warning,
        );
        check(
            &warning,
            "x\n",
            "evaluation warning: foo\n                    bar\n",
        );
        let leading = event(
            ErrorKind::Warning {
                message: "\nfoo".into(),
                evaluation: true,
            },
            Severity::Warning,
        );
        check(&leading, "x\n", "evaluation warning:\nfoo\n");
        let trace = event(
            ErrorKind::Trace {
                message: "used".into(),
            },
            Severity::Trace,
        );
        check(&trace, "x\n", "trace: used\n");
        let mut framed = event(
            ErrorKind::Warning {
                message: "w".into(),
                evaluation: false,
            },
            Severity::Warning,
        );
        framed.trace.push(TraceFrame {
            message: "while evaluating derivation 'd'".into(),
            span: None,
        });
        check(
            &framed,
            "x\n",
            "warning:
         … while evaluating derivation 'd'

         warning: w
         at /f.nix:1:1:
              1| x
               | ^
              2|
",
        );
    }

    #[test]
    fn render_collapses_repeated_frames() {
        let span = |start| Span {
            file: "/f.nix".into(),
            start,
            end: start + 1,
        };
        let mut diagnostic = Diagnostic::error(ErrorKind::InfiniteRecursion, None);
        for _ in 0..10 {
            diagnostic.trace.push(TraceFrame {
                message: "from call site".into(),
                span: Some(span(0)),
            });
        }
        diagnostic.trace.push(TraceFrame {
            message: "while calling 'f'".into(),
            span: None,
        });
        for _ in 0..3 {
            diagnostic.trace.push(TraceFrame {
                message: "from call site".into(),
                span: Some(span(0)),
            });
        }
        let rendered = diagnostic.render(&|_| None, false);
        assert_eq!(
            rendered,
            "error:
       … from call site
         at /f.nix:

       (9 duplicate frames omitted)

       … while calling 'f'

       … from call site
         at /f.nix:

       … from call site
         at /f.nix:

       … from call site
         at /f.nix:

       error: infinite recursion encountered
"
        );
    }
}
