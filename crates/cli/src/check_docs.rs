//! `fixpoint check-docs`: evaluates the Nix examples of Markdown files and checks each against
//! the result written after it, so documentation never shows a wrong answer.
//!
//! `markdown` finds the examples (the convention is in [`HELP`]); this module evaluates each
//! one on its own with the playground's scope (`lib`, `<nixpkgs>` = the mini nixpkgs,
//! `pyproject-nix`, `uvOverlay`, from `fixpoint_overrides::playground_evaluator`), compares,
//! and prints one line per example with `FILE:LINE`. The exit status is 1 when any example
//! fails or a file cannot be read.
//!
//! Tests: unit tests below (value comparison, error words) and in `markdown`;
//! `tests/check_docs.rs` runs the command on `tests/data/guide.md` (passes) and
//! `tests/data/wrong.md` (a wrong answer it must catch).

mod markdown;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fixpoint_eval::{Diagnostic, EvalOptions, Outcome, TraceFrame};

use self::markdown::{Example, Expectation, LayoutProblem};
use crate::fs_io::FsIo;
use crate::share::{flag_value, print_line, UsageError};

/// Machine steps one example may take before it is stopped (`--max-steps`).
pub const DEFAULT_MAX_STEPS: u64 = 10_000_000;

/// `fixpoint check-docs --help`.
pub const HELP: &str = "\
usage: fixpoint check-docs FILE.md... [--max-steps N]

Evaluates every Nix example of the Markdown files, as the playground's value tab would
(like nix-instantiate --eval --strict, with lib, <nixpkgs> (the mini nixpkgs),
pyproject-nix and uvOverlay in scope), and checks it against the expected result written
after it. Prints FILE:LINE and a verdict per example; exits 1 if any example fails.

Writing examples:
  ```nix                a Nix example (any fenced block whose info string starts with nix)
  1 + 2
  ```
  ```nix-result         the value it prints, as `fixpoint eval --strict` prints it;
  3                     whitespace outside strings may differ (wrap long sets freely)
  ```

  ```nix-error          instead: it must fail, with these words of the error message
  attribute missing     in this order (punctuation and other words ignored)
  ```

  The expected block must be the next fenced block after the example; prose may come
  between them. An example with neither must evaluate without an error. An example
  opened with ```nix no-check is not evaluated (reported as skipped). Each example is
  evaluated on its own, as if it were a file in the Markdown file's directory (so
  `import ./x.nix` reads a file beside it), and error positions give the Markdown line.

  --max-steps N   stop an example after N evaluation steps (default 10000000)";

/// How one example fared.
#[derive(Debug)]
enum Verdict {
    /// The printed value matches.
    Matches,
    /// The error matches the expected words.
    FailsAsExpected,
    /// No expectation, and no error.
    Evaluates,
    /// `no-check`.
    Skipped,
    /// A different value.
    WrongValue { expected: String, got: String },
    /// An error where a value was expected (or nothing was written).
    UnexpectedError { error: String },
    /// A value where an error was expected.
    UnexpectedValue { expected: String, got: String },
    /// An error without the expected words.
    WrongError { expected: String, error: String },
}

impl Verdict {
    fn passed(&self) -> bool {
        matches!(
            self,
            Verdict::Matches | Verdict::FailsAsExpected | Verdict::Evaluates | Verdict::Skipped
        )
    }
}

/// The counts printed at the end.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
}

fn parse(args: &[String]) -> Result<Option<(Vec<PathBuf>, u64)>, UsageError> {
    let mut files = Vec::new();
    let mut max_steps = DEFAULT_MAX_STEPS;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--max-steps" => {
                let value = flag_value(arg, &mut rest)?;
                max_steps = value
                    .parse()
                    .ok()
                    .filter(|steps| *steps > 0)
                    .ok_or_else(|| UsageError::InvalidValue {
                        flag: arg.clone(),
                        value,
                        expected: "a positive number",
                    })?;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(UsageError::UnknownFlag { flag: arg.clone() })
            }
            path => files.push(PathBuf::from(path)),
        }
    }
    if files.is_empty() {
        return Err(UsageError::MissingArgument {
            what: "the Markdown files to check",
        });
    }
    Ok(Some((files, max_steps)))
}

/// Runs `fixpoint check-docs`.
pub fn run(args: &[String]) -> ExitCode {
    let (files, max_steps) = match parse(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            print_line(format_args!("{HELP}"));
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}\n(see 'fixpoint check-docs --help')");
            return ExitCode::from(2);
        }
    };
    let mut tally = Tally::default();
    let mut unreadable = 0;
    for file in &files {
        match std::fs::read_to_string(file) {
            Ok(text) => check_file(file, &text, max_steps, &mut tally),
            Err(error) => {
                print_line(format_args!("{}: cannot read: {error}", file.display()));
                unreadable += 1;
            }
        }
    }
    let examples = tally.passed + tally.failed + tally.skipped;
    print_line(format_args!(
        "check-docs: {examples} example{}, {} passed, {} failed, {} skipped",
        if examples == 1 { "" } else { "s" },
        tally.passed,
        tally.failed,
        tally.skipped
    ));
    if tally.failed > 0 || unreadable > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check_file(file: &Path, text: &str, max_steps: u64, tally: &mut Tally) {
    let shown = file.display();
    let (examples, problems) = markdown::examples(text);
    for problem in problems {
        tally.failed += 1;
        match problem {
            LayoutProblem::OrphanExpectation { line } => print_line(format_args!(
                "{shown}:{line}: FAILED: this expected result follows no ```nix block \
                 (it must be the next fenced block after its example)"
            )),
            LayoutProblem::Unclosed { line } => print_line(format_args!(
                "{shown}:{line}: FAILED: this code fence is never closed"
            )),
        }
    }
    if examples.is_empty() {
        print_line(format_args!("{shown}: no Nix examples"));
    }
    let virtual_path = virtual_path(file);
    for example in &examples {
        let verdict = check_example(&virtual_path, example, max_steps);
        report(&shown.to_string(), example.code.line, &verdict);
        if matches!(verdict, Verdict::Skipped) {
            tally.skipped += 1;
        } else if verdict.passed() {
            tally.passed += 1;
        } else {
            tally.failed += 1;
        }
    }
}

/// The absolute path examples of `file` are evaluated as: the Markdown file itself, so that
/// relative imports read files beside it and positions name it.
fn virtual_path(file: &Path) -> String {
    let absolute = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(file))
            .unwrap_or_else(|_| file.to_path_buf())
    };
    fixpoint_eval::paths::canonicalize(&absolute.to_string_lossy())
}

fn check_example(path: &str, example: &Example, max_steps: u64) -> Verdict {
    if example.expectation == Expectation::Skipped {
        return Verdict::Skipped;
    }
    let (value, error) = evaluate(path, example, max_steps);
    match (&example.expectation, value, error) {
        (Expectation::Value { text, .. }, Some(got), _) => {
            if same_value(text, &got) {
                Verdict::Matches
            } else {
                Verdict::WrongValue {
                    expected: text.trim_end().to_string(),
                    got,
                }
            }
        }
        (Expectation::Error { text, .. }, None, Some(error)) => {
            if contains_words_in_order(&error.message, text) {
                Verdict::FailsAsExpected
            } else {
                Verdict::WrongError {
                    expected: text.trim_end().to_string(),
                    error: error.shown,
                }
            }
        }
        (Expectation::Error { text, .. }, Some(got), _) => Verdict::UnexpectedValue {
            expected: text.trim_end().to_string(),
            got,
        },
        (_, None, Some(error)) => Verdict::UnexpectedError { error: error.shown },
        (_, Some(_), _) => Verdict::Evaluates,
        (_, None, None) => Verdict::UnexpectedError {
            error: "the evaluation gave neither a value nor an error".to_string(),
        },
    }
}

/// An evaluation error, rendered twice.
struct RenderedError {
    /// As `fixpoint eval` shows it, with the source excerpts: for the report.
    shown: String,
    /// Without source excerpts: the text `nix-error` words are looked for in, so that words
    /// of the example's own code cannot satisfy them.
    message: String,
}

/// The printed value or the error of one example. The source is padded with empty lines so
/// that line numbers in errors are the Markdown file's.
fn evaluate(
    path: &str,
    example: &Example,
    max_steps: u64,
) -> (Option<String>, Option<RenderedError>) {
    let options = EvalOptions {
        strict: true,
        step_budget: Some(max_steps),
        ..EvalOptions::default()
    };
    let no_source = |_: &str| None;
    let mut evaluator = match fixpoint_overrides::playground_evaluator(Box::new(FsIo), options) {
        Ok(evaluator) => evaluator,
        Err(error) => {
            let message = render(&error, &no_source);
            let shown = message.clone();
            return (None, Some(RenderedError { shown, message }));
        }
    };
    let source = format!("{}{}", "\n".repeat(example.code.line), example.code.body);
    let outcome: Outcome = evaluator.eval_source(path, &source);
    let source_of = |file: &str| evaluator.source_of(file);
    let error = outcome.error.as_ref().map(|error| RenderedError {
        shown: render(error, &source_of),
        message: render(error, &no_source),
    });
    (outcome.value, error)
}

/// Trace frames kept at each end of an error's trace in the report.
const TRACE_FRAMES_KEPT: usize = 3;

/// `error` as text, its trace shortened to the frames nearest the example and nearest the
/// error: a runaway recursion has a frame per call, megabytes of them.
fn render(error: &Diagnostic, source_of: &dyn Fn(&str) -> Option<String>) -> String {
    let frames = error.trace.len();
    if frames <= 2 * TRACE_FRAMES_KEPT + 1 {
        return error.render(source_of, false).trim_end().to_string();
    }
    let mut shortened = error.clone();
    let omitted = frames - 2 * TRACE_FRAMES_KEPT;
    shortened.trace.splice(
        TRACE_FRAMES_KEPT..frames - TRACE_FRAMES_KEPT,
        [TraceFrame {
            message: format!("({omitted} more frames omitted)"),
            span: None,
        }],
    );
    shortened.render(source_of, false).trim_end().to_string()
}

/// Whether the written value and the printed one agree, whitespace outside strings aside.
fn same_value(expected: &str, got: &str) -> bool {
    normalize_value(expected) == normalize_value(got)
}

/// `text` with every run of whitespace outside `"…"` strings made one space, and trimmed.
fn normalize_value(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut pending_space = false;
    for character in text.trim().chars() {
        if in_string {
            normalized.push(character);
            if escaped {
                escaped = false;
            } else if character == '\\' {
                escaped = true;
            } else if character == '"' {
                in_string = false;
            }
            continue;
        }
        if character.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            normalized.push(' ');
            pending_space = false;
        }
        if character == '"' {
            in_string = true;
        }
        normalized.push(character);
    }
    normalized
}

/// Words: runs of letters, digits and `_ - . /`, with `. - /` trimmed from their ends.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '\'')))
        .map(|word| word.trim_matches(|c| matches!(c, '.' | '-' | '/' | '\'')))
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether every word of `expected` occurs in `actual`, in the same order.
fn contains_words_in_order(actual: &str, expected: &str) -> bool {
    let mut haystack = words(actual).into_iter();
    words(expected)
        .into_iter()
        .all(|needle| haystack.any(|word| word == needle))
}

fn report(file: &str, line: usize, verdict: &Verdict) {
    let indent = |text: &str| text.replace('\n', "\n      ");
    match verdict {
        Verdict::Matches => print_line(format_args!("{file}:{line}: ok")),
        Verdict::FailsAsExpected => {
            print_line(format_args!("{file}:{line}: ok (fails as expected)"))
        }
        Verdict::Evaluates => print_line(format_args!(
            "{file}:{line}: ok (evaluates; no expected result)"
        )),
        Verdict::Skipped => print_line(format_args!("{file}:{line}: skipped (no-check)")),
        Verdict::WrongValue { expected, got } => print_line(format_args!(
            "{file}:{line}: FAILED: wrong result\n  expected: {}\n  got:      {}",
            indent(expected),
            indent(got)
        )),
        Verdict::UnexpectedError { error } => print_line(format_args!(
            "{file}:{line}: FAILED: evaluation failed\n      {}",
            indent(error)
        )),
        Verdict::UnexpectedValue { expected, got } => print_line(format_args!(
            "{file}:{line}: FAILED: expected an error with: {}\n  but it evaluates to: {}",
            indent(expected),
            indent(got)
        )),
        Verdict::WrongError { expected, error } => print_line(format_args!(
            "{file}:{line}: FAILED: the error lacks the expected words: {}\n      {}",
            indent(expected),
            indent(error)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_modulo_whitespace_outside_strings() {
        assert!(same_value(
            "{ a = 1;\n  b = [ 2 3 ]; }\n",
            "{ a = 1; b = [ 2 3 ]; }"
        ));
        assert!(!same_value("\"a  b\"", "\"a b\""));
        assert!(!same_value("\"a \\\" b\"  c", "\"a \\\" b\" d"));
        assert!(same_value("\"a \\\" b\"  c", "\"a \\\" b\" c"));
        assert!(!same_value("3", "4"));
    }

    #[test]
    fn error_words_must_appear_in_order() {
        let error = "error: attribute 'foo' missing\n       at /x/doc.md:3:1:";
        assert!(contains_words_in_order(error, "attribute 'foo' missing"));
        assert!(contains_words_in_order(error, "attribute foo missing"));
        assert!(!contains_words_in_order(error, "missing attribute"));
        assert!(!contains_words_in_order(error, "attribute 'bar' missing"));
    }
}
