//! `Session::print_root` (the value printed from the Set view's own
//! evaluation, so an expression-mode keystroke evaluates the entry once)
//! prints exactly what a fresh `eval_file` of the entry prints, or declines:
//! every gallery example in expression mode, values that are not sets,
//! functions called with their defaults, and the cases it must leave to a
//! fresh evaluation (errors, traces, warnings).
//!
//! Every test first switches on cycle tracking, as the worker does, so the
//! evaluators it makes free their cycles when dropped.

mod support;

use fixpoint_eval::OutputFormat;
use fixpoint_overrides::{
    playground_evaluator, EngineOptions, Mode, Session, Workspace, WORKSPACE_ROOT,
};
use support::gallery::{self, file};

fn expression(text: &str) -> Workspace {
    Workspace {
        files: vec![file("main.nix", text)],
        mode: Mode::Expression {
            entry: "main.nix".to_owned(),
        },
    }
}

/// The gallery's expression-mode examples.
fn gallery() -> Vec<(String, Workspace)> {
    gallery::gallery()
        .unwrap_or_else(|error| panic!("{error}"))
        .into_iter()
        .filter(|(_, workspace)| matches!(workspace.mode, Mode::Expression { .. }))
        .collect()
}

/// What a fresh evaluator prints for the entry: (value, error message,
/// whether it raised no trace or warning).
fn fresh(workspace: &Workspace, output: OutputFormat) -> (Option<String>, Option<String>, bool) {
    let Mode::Expression { entry } = &workspace.mode else {
        return (None, None, true);
    };
    let io = gallery::workspace_io(workspace);
    let options = gallery::value_options(output);
    match playground_evaluator(Box::new(io), options) {
        Ok(mut evaluator) => {
            let outcome = evaluator.eval_file(&format!("{WORKSPACE_ROOT}/{entry}"));
            let quiet = outcome.events.is_empty();
            (
                outcome.value,
                outcome.error.map(|error| error.message),
                quiet,
            )
        }
        Err(error) => (None, Some(error.message), true),
    }
}

/// `print_root` after the Set view, as the worker does.
fn shared(workspace: &Workspace, output: OutputFormat) -> Option<Option<String>> {
    let mut session = Session::open(workspace.clone(), EngineOptions::default());
    let _ = session.view();
    session
        .print_root(output, 50_000_000)
        .map(|outcome| outcome.value)
}

#[test]
fn print_root_prints_what_a_fresh_evaluation_prints() {
    fixpoint_eval::value::track_cycles();
    let mut cases = gallery();
    assert!(cases.len() >= 5, "the gallery has expression examples");
    for (name, text) in [
        ("a number", "1 + 2"),
        ("a list", "[ 1 \"x\" { a = lib.id 2; } ]"),
        ("defaults", "{ a ? 1, b ? a + 1 }: { inherit a b; }"),
        ("a functor", "{ __functor = self: { n ? 4 }: n * 2; }"),
        ("nixpkgs", "(import <nixpkgs> { }).hello"),
        ("repeated", "let s = { x = 1; }; in { a = s; b = s; }"),
        // Nix prints the function; JSON has no form for it.
        ("a function", "{ f = x: x; }"),
    ] {
        cases.push((name.to_owned(), expression(text)));
    }
    for (name, workspace) in &cases {
        for output in [OutputFormat::Nix, OutputFormat::Json] {
            let (value, error, quiet) = fresh(workspace, output);
            match shared(workspace, output) {
                Some(printed) => {
                    assert_eq!(error, None, "{name}: printed although a fresh run fails");
                    assert!(quiet, "{name}: printed although a fresh run warns");
                    assert_eq!(printed, value, "{name} ({output:?})");
                }
                // Declining is always correct; where a fresh run is clean
                // it would be a lost speed-up, so the test insists.
                None => assert!(
                    error.is_some() || !quiet,
                    "{name} ({output:?}): declined although {value:?} printed"
                ),
            }
        }
    }
}

#[test]
fn print_root_leaves_errors_traces_and_warnings_to_a_fresh_evaluation() {
    fixpoint_eval::value::track_cycles();
    for text in [
        "{ a = 1; b = throw \"no\"; }",
        "{ a = builtins.trace \"seen\" 1; }",
        "builtins.trace \"seen\" { a = 1; }",
        "{ a = builtins.warn \"careful\" 1; }",
        "let or = 1; in [ (x: x) or ]",
        "1 +",
    ] {
        let workspace = expression(text);
        for output in [OutputFormat::Nix, OutputFormat::Json] {
            assert_eq!(
                shared(&workspace, output),
                None,
                "{text:?} ({output:?}) must be printed by a fresh evaluator"
            );
        }
    }
}
