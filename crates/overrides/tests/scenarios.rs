//! The 25 conformance scenarios (`../shared/conformance/scenarios/S*.nix`)
//! through our own evaluator with the playground scope
//! ([`fixpoint_overrides::playground_evaluator`]), checked like
//! `prelude_cppnix.rs` checks real Nix: `S*.exp` is the exact printed value,
//! `S*.err.exp` the essential words of the error (in order, punctuation
//! ignored) in the rendered diagnostic.
//!
//! The evaluator is still being completed, so the test prints
//! `N passed, N failed` with each failure and asserts only that the count
//! never drops below `tests/scenarios.baseline` (raise that file as
//! features land; the goal is 26 files, all 25 scenarios).
//!
//! Every test first switches on cycle tracking, as the worker does, so the
//! evaluators it makes free their cycles when dropped.

mod support;

use std::fs;
use std::path::Path;

use fixpoint_eval::{EvalOptions, MemoryIo};
use support::{contains_in_order, manifest_dir, nix_files, scenarios_dir};

/// Steps one scenario may take (the slowest needs well under a tenth).
const STEP_BUDGET: u64 = 50_000_000;

/// Evaluates one scenario file as `/workspace/NAME.nix`; `Err` is a report.
fn check(case: &Path) -> Result<(), String> {
    let stem = case
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    let text =
        fs::read_to_string(case).map_err(|e| format!("cannot read {}: {e}", case.display()))?;
    let options = EvalOptions {
        strict: true,
        step_budget: Some(STEP_BUDGET),
        ..EvalOptions::default()
    };
    let mut evaluator =
        fixpoint_overrides::playground_evaluator(Box::new(MemoryIo::new()), options)
            .map_err(|d| format!("the scope does not load: {}", d.message))?;
    let path = format!("/workspace/{stem}.nix");
    let outcome = evaluator.eval_source(&path, &text);
    let rendered = outcome
        .error
        .as_ref()
        .map(|error| error.render(&|file| evaluator.source_of(file), true))
        .unwrap_or_default();

    let value_file = case.with_file_name(format!("{stem}.exp"));
    let error_file = case.with_file_name(format!("{stem}.err.exp"));
    if let Ok(expected) = fs::read_to_string(&value_file) {
        let expected = expected.trim_end_matches('\n');
        match &outcome.value {
            Some(got) if got == expected => Ok(()),
            Some(got) => Err(format!("expected value:\n  {expected}\ngot:\n  {got}")),
            None => Err(format!(
                "expected value:\n  {expected}\ngot an error:\n{rendered}"
            )),
        }
    } else if let Ok(essential) = fs::read_to_string(&error_file) {
        if outcome.value.is_none() && contains_in_order(&rendered, &essential) {
            Ok(())
        } else {
            Err(format!(
                "expected an error with the words of:\n  {}\ngot value: {:?}\nerror:\n{rendered}",
                essential.trim_end(),
                outcome.value
            ))
        }
    } else {
        Err("no .exp or .err.exp next to it".to_owned())
    }
}

fn baseline() -> usize {
    let file = manifest_dir().join("tests/scenarios.baseline");
    fs::read_to_string(&file)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or_else(|| panic!("{} must hold a number", file.display()))
}

#[test]
fn scenarios_through_our_evaluator() {
    fixpoint_eval::value::track_cycles();
    let cases = nix_files(&scenarios_dir(), "S");
    assert_eq!(cases.len(), 26, "expected 26 scenario files (S4a, S4b)");
    let mut passed = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        match check(case) {
            Ok(()) => {
                passed += 1;
                println!("scenario {name}: ok");
            }
            Err(report) => {
                println!("scenario {name}: FAILED");
                failures.push(format!("scenario {name}:\n{report}"));
            }
        }
    }
    for failure in &failures {
        println!("{failure}\n");
    }
    println!("{passed} passed, {} failed", failures.len());
    let floor = baseline();
    assert!(
        passed >= floor,
        "{passed} scenarios pass, fewer than the baseline {floor}"
    );
}
