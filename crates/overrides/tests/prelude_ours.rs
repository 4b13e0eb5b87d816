//! The prelude's own checks through our evaluator (the same ones
//! `prelude_cppnix.rs` runs under real Nix): the error cases in
//! `prelude/tests/errors/` with the playground scope, and the runTests-style
//! cases of `prelude/tests/run.nix`. Prints `N passed, N failed` with each
//! failure and asserts the count never drops below
//! `tests/prelude_ours.baseline`.
//!
//! Every test first switches on cycle tracking, as the worker does, so the
//! evaluators it makes free their cycles when dropped.

mod support;

use std::fs;
use std::path::Path;

use fixpoint_eval::{EvalOptions, Evaluator, MemoryIo, OutputFormat, Severity};
use support::{contains_in_order, manifest_dir, nix_files, tally_run_report};

const STEP_BUDGET: u64 = 200_000_000;

fn check_error_case(case: &Path) -> Result<(), String> {
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
    let outcome = evaluator.eval_source(&format!("/workspace/{stem}.nix"), &text);
    let source_of = |file: &str| evaluator.source_of(file);
    let rendered = outcome
        .error
        .as_ref()
        .map(|error| error.render(&source_of, true))
        .unwrap_or_default();
    let events: String = outcome
        .events
        .iter()
        .map(|event| match event.severity {
            Severity::Trace => format!("trace: {}\n", event.message),
            _ => event.render(&source_of, false),
        })
        .collect();
    let error_file = case.with_file_name(format!("{stem}.err.exp"));
    let stderr_file = case.with_file_name(format!("{stem}.stderr.exp"));
    if let Ok(essential) = fs::read_to_string(&error_file) {
        if outcome.value.is_none() && contains_in_order(&rendered, &essential) {
            return Ok(());
        }
        Err(format!(
            "expected an error with the words of:\n  {}\ngot value: {:?}\nerror:\n{rendered}",
            essential.trim_end(),
            outcome.value
        ))
    } else if let Ok(essential) = fs::read_to_string(&stderr_file) {
        if outcome.value.is_some() && contains_in_order(&events, &essential) {
            return Ok(());
        }
        Err(format!(
            "expected success with these words in the warnings:\n  {}\nerror:\n{rendered}\nevents:\n{events}",
            essential.trim_end()
        ))
    } else {
        Err("no .err.exp or .stderr.exp next to it".to_owned())
    }
}

/// Every file under `dir`, inserted into `io` under `root`.
fn mount_dir(io: &mut MemoryIo, dir: &Path, root: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            mount_dir(io, &path, &format!("{root}/{name}"));
        } else if let Ok(bytes) = fs::read(&path) {
            io.insert(format!("{root}/{name}"), bytes);
        }
    }
}

/// Runs `prelude/tests/run.nix`; (cases passed, failure reports).
fn run_prelude_tests() -> (usize, Vec<String>) {
    let mut io = MemoryIo::new();
    mount_dir(&mut io, &manifest_dir().join("prelude"), "/prelude");
    let options = EvalOptions {
        strict: true,
        output: OutputFormat::Json,
        step_budget: Some(STEP_BUDGET),
        ..EvalOptions::default()
    };
    let mut evaluator = Evaluator::new(Box::new(io), options);
    let outcome = evaluator.eval_file("/prelude/tests/run.nix");
    let Some(json) = outcome.value else {
        let message = outcome.error.map(|e| e.message).unwrap_or_default();
        return (
            0,
            vec![format!("the prelude test runner failed: {message}")],
        );
    };
    tally_run_report(&json)
}

#[test]
fn prelude_checks_through_our_evaluator() {
    fixpoint_eval::value::track_cycles();
    let mut passed = 0;
    let mut failures = Vec::new();
    for case in nix_files(&manifest_dir().join("prelude/tests/errors"), "") {
        let name = case
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_owned();
        match check_error_case(&case) {
            Ok(()) => {
                passed += 1;
                println!("error-case {name}: ok");
            }
            Err(report) => {
                println!("error-case {name}: FAILED");
                failures.push(format!("error-case {name}:\n{report}"));
            }
        }
    }
    let (tests_passed, test_failures) = run_prelude_tests();
    println!(
        "prelude tests: {tests_passed} passed, {} failed",
        test_failures.len()
    );
    passed += tests_passed;
    failures.extend(test_failures);
    for failure in &failures {
        println!("{failure}\n");
    }
    println!("{passed} passed, {} failed", failures.len());
    let file = manifest_dir().join("tests/prelude_ours.baseline");
    let floor: usize = fs::read_to_string(&file)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or_else(|| panic!("{} must hold a number", file.display()));
    assert!(
        passed >= floor,
        "{passed} pass, fewer than the baseline {floor}"
    );
}
