//! Language tests: each `check` evaluates a snippet strictly and compares the
//! printed value (or the error message) with what C++ Nix prints.

use fixpoint_eval::{EvalOptions, Evaluator, MemoryIo};

fn eval(src: &str) -> String {
    let mut io = MemoryIo::new();
    io.insert("/lib/one.nix", "1");
    io.insert("/lib/dir/default.nix", "{ x = 42; }");
    let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
    let outcome = evaluator.eval_source("/test/main.nix", src);
    match (outcome.value, outcome.error) {
        (Some(value), _) => value,
        (None, Some(error)) => format!("error: {}", error.message),
        (None, None) => "no result".into(),
    }
}

fn check(src: &str, expect: &str) {
    assert_eq!(eval(src), expect, "source: {src}");
}

#[test]
fn arithmetic() {
    check("1 + 2 * 3", "7");
    check("7 / 2", "3");
    check("-7 / 2", "-3");
    check("1 + 2.5", "3.5");
    check("1 / 0", "error: division by zero");
    check(
        "9223372036854775807 + 1",
        "error: integer overflow in adding 9223372036854775807 + 1",
    );
}

#[test]
fn let_and_attrs() {
    check("let a = 1; b = a + 1; in b", "2");
    check("{ a.b = 1; a.c = 2; }", "{ a = { b = 1; c = 2; }; }");
    check("let x = { a = 1; }; in x.a", "1");
    check("{ a = 1; }.b or 3", "3");
    check("rec { a = 1; b = a + 1; }.b", "2");
    check("(rec { a = 1; b = a; } // { a = 5; }).b", "1");
    check(
        "{ a = 1; a = 2; }",
        "error: attribute 'a' already defined at /test/main.nix:1:3",
    );
    check("let x = x; in x", "error: infinite recursion encountered");
    check("undefined", "error: undefined variable 'undefined'");
}
