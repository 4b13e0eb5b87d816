//! Deep structures on a 1 MiB native stack (the wasm default): thunk chains,
//! nested lists and sets, equality, deepSeq, printing and dropping must not
//! recurse on the native stack.

use fixpoint_eval::{EvalOptions, Evaluator, MemoryIo};

/// Evaluates `src` strictly on a thread with a 1 MiB stack.
fn eval_small_stack(src: &'static str) -> String {
    eval_small_stack_with(src, EvalOptions::default())
}

/// Evaluates `src` strictly on a thread with a 1 MiB stack and `options`.
fn eval_small_stack_with(src: &'static str, options: EvalOptions) -> String {
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), options);
            let outcome = evaluator.eval_source("/test/deep.nix", src);
            match (outcome.value, outcome.error) {
                (Some(value), _) => value,
                (None, Some(error)) => format!("error: {}", error.message),
                (None, None) => "no result".into(),
            }
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(result)) => result,
        _ => "thread failed".into(),
    }
}

fn check(src: &'static str, expect: &str) {
    let got = eval_small_stack(src);
    assert_eq!(got, expect, "source: {src}");
}

#[test]
fn deep_chain_bench() {
    let src = include_str!("../../../../shared/bench/deep-chain.nix");
    check(src, "99999");
}

#[test]
fn deep_call_chain_within_a_raised_call_depth() {
    // The machine itself has no depth limit: with Nix's max-call-depth
    // raised, 100 000 nested calls finish on a 1 MiB native stack.
    let options = EvalOptions {
        max_call_depth: 200_000,
        ..EvalOptions::default()
    };
    let got = eval_small_stack_with(
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000",
        options,
    );
    assert_eq!(got, "100000");
}

#[test]
fn runaway_recursion_stops_at_max_call_depth() {
    // As in Nix, the default limit of 10 000 active calls stops a runaway
    // recursion with its own error instead of eating all memory.
    check(
        "let f = x: f x; in f 1",
        "error: stack overflow; max-call-depth exceeded",
    );
    check(
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000",
        "error: stack overflow; max-call-depth exceeded",
    );
    check(
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 9000",
        "9000",
    );
}

/// Nix's max-call-depth raised past 100 000 levels: deep forcing counts
/// one level per value nested (as Nix's forceValueDeep does).
fn raised_call_depth() -> EvalOptions {
    EvalOptions {
        max_call_depth: 200_000,
        ..EvalOptions::default()
    }
}

#[test]
fn deep_list_nesting_printed_and_compared() {
    let got = eval_small_stack_with(
        "let deep = builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) 100000);
         in builtins.length (builtins.deepSeq deep [ deep ])",
        raised_call_depth(),
    );
    assert_eq!(got, "1");
    // With Nix's default limit, deepSeq stops as Nix does.
    check(
        "let deep = builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) 100000);
         in builtins.length (builtins.deepSeq deep [ deep ])",
        "error: stack overflow; max-call-depth exceeded",
    );
    check(
        "let mk = n: builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) n);
         in mk 100000 == mk 100000",
        "true",
    );
    check(
        "let mk = n: builtins.foldl' (acc: _: { a = acc; }) { } (builtins.genList (x: x) n);
         in mk 100000 == mk 100001",
        "false",
    );
}

#[test]
fn deep_printing() {
    let got = eval_small_stack_with(
        "builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) 100000)",
        raised_call_depth(),
    );
    assert_eq!(got.len(), 100000 * 4 + 3);
    assert!(got.starts_with("[ [ [ "));
}

#[test]
fn deep_to_string_and_json() {
    check(
        "let deep = builtins.foldl' (acc: _: [ acc ]) [ \"x\" ] (builtins.genList (x: x) 100000);
         in toString deep",
        "\"x\"",
    );
}

#[test]
fn deep_sets_equality() {
    check(
        "let mk = n: builtins.foldl' (acc: _: { a = acc; }) { } (builtins.genList (x: x) n);
         in mk 100000 == mk 100000",
        "true",
    );
}

#[test]
fn runaway_recursion_is_a_clear_error() {
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            // Without Nix's max-call-depth, so the step budget is what stops it.
            let options = EvalOptions {
                step_budget: Some(1_000_000),
                max_call_depth: u32::MAX,
                ..EvalOptions::default()
            };
            let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), options);
            let outcome = evaluator.eval_source("/test/loop.nix", "let f = x: f x + 1; in f 1");
            outcome.error.map(|e| e.message)
        });
    let message = handle.ok().and_then(|h| h.join().ok()).flatten();
    assert_eq!(
        message.as_deref(),
        Some("evaluation exceeded the step budget of 1000000 steps")
    );
}

/// A runaway recursion keeps a bounded number of trace frames, and its
/// rendering collapses the repeats into one "duplicate frames omitted" line.
#[test]
fn runaway_recursion_trace_is_bounded() {
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            let options = EvalOptions {
                step_budget: Some(5_000_000),
                max_call_depth: u32::MAX,
                ..EvalOptions::default()
            };
            let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), options);
            let outcome = evaluator.eval_source("/test/loop.nix", "let f = x: f x; in f 1");
            outcome.error.map(|e| {
                let frames = e.trace.len();
                let rendered = e.render(&|_| None, false);
                (frames, rendered)
            })
        });
    let result = handle.ok().and_then(|h| h.join().ok()).flatten();
    let Some((frames, rendered)) = result else {
        panic!("expected an error");
    };
    assert!(frames <= 400, "{frames} frames kept");
    assert!(rendered.len() < 10_000, "rendered {} bytes", rendered.len());
    assert!(rendered.contains("duplicate frames omitted)"), "{rendered}");
    assert!(rendered.ends_with("error: evaluation exceeded the step budget of 5000000 steps\n"));
}

/// An uncatchable error unwinding through a deep recursion keeps the
/// innermost and outermost frames only.
#[test]
fn deep_error_trace_is_bounded() {
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            let options = EvalOptions {
                max_call_depth: u32::MAX,
                ..EvalOptions::default()
            };
            let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), options);
            let outcome = evaluator.eval_source(
                "/test/deep-throw.nix",
                "let f = n: if n == 0 then abort \"bottom\" else f (n - 1); in f 50000",
            );
            outcome
                .error
                .map(|e| (e.trace.len(), e.omitted, e.render(&|_| None, false)))
        });
    let result = handle.ok().and_then(|h| h.join().ok()).flatten();
    let Some((frames, omitted, rendered)) = result else {
        panic!("expected an error");
    };
    assert!(frames <= 400, "{frames} frames kept");
    assert!(omitted.is_some_and(|(_, count)| count > 50_000));
    assert!(rendered.contains("duplicate frames omitted)"), "{rendered}");
    assert!(rendered.contains("evaluation aborted with the following error message: 'bottom'"));
}

#[test]
fn interrupt_cancels() {
    // Without Nix's max-call-depth, so the interrupt is what stops it.
    let options = EvalOptions {
        max_call_depth: u32::MAX,
        ..EvalOptions::default()
    };
    let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), options);
    let mut polls = 0;
    evaluator.set_interrupt(Box::new(move || {
        polls += 1;
        polls > 3
    }));
    let outcome = evaluator.eval_source("/test/loop.nix", "let f = x: f x; in f 1");
    assert_eq!(
        outcome.error.map(|e| e.message).as_deref(),
        Some("evaluation cancelled")
    );
}
