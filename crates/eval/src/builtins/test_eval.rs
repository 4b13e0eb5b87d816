//! Test support for the builtin domain files: evaluate a snippet strictly
//! and compare the printed value, or `error: ` and the message, with what
//! C++ Nix prints.

use crate::{EvalOptions, Evaluator, MemoryIo};

/// The printed value of `source`, or `error: MESSAGE`.
pub fn eval(source: &str) -> String {
    let mut io = MemoryIo::new();
    io.insert("/test/data.txt", "hello\n");
    let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
    let outcome = evaluator.eval_source("/test/main.nix", source);
    match (outcome.value, outcome.error) {
        (Some(value), _) => value,
        (None, Some(error)) => format!("error: {}", error.message),
        (None, None) => "no result".into(),
    }
}

/// Asserts that `source` prints `expect`.
pub fn check(source: &str, expect: &str) {
    assert_eq!(eval(source), expect, "source: {source}");
}
