//! The prelude (`prelude/`: lib, mini nixpkgs, pyproject.nix model) checked
//! against the reference evaluator, real Nix (`nix-instantiate`, 2.8 here).
//!
//! Every conformance scenario (`../shared/conformance/scenarios/S*.nix`,
//! relative to the project root) is evaluated with the playground's scope —
//! `lib`, `pyproject-nix`, `uvOverlay` bound, `<nixpkgs>` the mini nixpkgs —
//! and compared with `S*.exp` (the exact printed value) or `S*.err.exp` (the
//! essential words of the error, matched in order, ignoring punctuation).
//! The prelude's error cases (`prelude/tests/errors/*.nix`, same scope) are
//! checked the same way (`.stderr.exp`: success, with a warning's words on
//! stderr). Then the prelude's own Nix tests (`prelude/tests/run.nix`) run,
//! and each failing case is listed by name.
//!
//! Each wrapped expression is written to a scratch file and evaluated from
//! there rather than with `-E`, so error positions name a file instead of
//! echoing the whole expression (the outcomes are the same either way).
//!
//! Without `nix-instantiate` on `PATH` the test fails: it cannot pass by
//! checking nothing.

mod support;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{contains_in_order, manifest_dir, nix_files, scenarios_dir, tally_run_report};

/// Longest a single evaluation may take before it counts as a failure.
const EVAL_TIMEOUT: Duration = Duration::from_secs(120);

fn prelude_dir() -> PathBuf {
    manifest_dir().join("prelude")
}

/// What one `nix-instantiate` run produced.
struct Evaluation {
    success: bool,
    stdout: String,
    stderr: String,
}

fn nix_instantiate() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("nix-instantiate"))
            .find(|candidate| candidate.is_file())
    });
    match found {
        Some(path) => path,
        None => panic!(
            "nix-instantiate is not on PATH: the prelude cannot be checked against the reference \
             evaluator (install Debian's nix-bin)"
        ),
    }
}

/// Runs `nix-instantiate --eval --strict` with the playground's search path,
/// a dummy store and no ambient configuration.
fn evaluate(nix: &Path, extra_args: &[&str], file: &Path) -> Evaluation {
    let nixpkgs = format!("nixpkgs={}", prelude_dir().join("nixpkgs").display());
    let mut child = match Command::new(nix)
        .args(["--eval", "--strict"])
        .args(extra_args)
        .args(["-I", &nixpkgs])
        .arg(file)
        .env("NIX_REMOTE", "dummy://")
        .env("NIX_PATH", "")
        .env_remove("NIXPKGS_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => panic!("cannot start {}: {error}", nix.display()),
    };

    // Drain both pipes on their own threads so a chatty evaluation cannot block.
    let mut stdout_pipe = child.stdout.take();
    let mut stderr_pipe = child.stderr.take();
    let stdout_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = stdout_pipe.as_mut() {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = stderr_pipe.as_mut() {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });

    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > EVAL_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => panic!("waiting for nix-instantiate failed: {error}"),
        }
    };
    let stdout = stdout_reader.join().unwrap_or_default();
    let mut stderr = stderr_reader.join().unwrap_or_default();
    if status.is_none() {
        stderr.push_str(&format!("\n(timed out after {EVAL_TIMEOUT:?})"));
    }
    Evaluation {
        success: status.is_some_and(|s| s.success()),
        stdout,
        stderr,
    }
}

/// The scenario wrapped in the playground's scope. The closing parenthesis
/// goes on its own line so a trailing comment in the scenario cannot hide it.
fn scenario_expression(scenario: &str) -> String {
    let prelude = prelude_dir();
    format!(
        "let\n  lib = import {lib};\n  pyproject-nix = import {pyproject};\n  uvOverlay = import {overlay};\nin (\n{scenario}\n)\n",
        lib = prelude.join("lib").display(),
        pyproject = prelude.join("pyproject-nix").display(),
        overlay = prelude.join("pyproject-nix/uv-overlay.nix").display(),
    )
}

/// A scratch directory for the wrapped scenario files.
fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fixpoint-prelude-cppnix-{}", std::process::id()));
    if let Err(error) = fs::create_dir_all(&dir) {
        panic!("cannot create {}: {error}", dir.display());
    }
    dir
}

/// Checks one case (a scenario or a prelude error case) against whichever
/// expectation file sits next to it: `NAME.exp` (exact value), `NAME.err.exp`
/// (error words) or `NAME.stderr.exp` (success, with these words on stderr,
/// for warnings). `Err` carries a report of the difference.
fn check_case(nix: &Path, scratch: &Path, case: &Path, label: &str) -> Result<(), String> {
    let stem = case
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    let text =
        fs::read_to_string(case).map_err(|e| format!("cannot read {}: {e}", case.display()))?;
    let wrapped = scratch.join(format!("{label}-{stem}.nix"));
    fs::write(&wrapped, scenario_expression(&text))
        .map_err(|e| format!("cannot write {}: {e}", wrapped.display()))?;
    let result = evaluate(nix, &[], &wrapped);

    let value_file = case.with_file_name(format!("{stem}.exp"));
    let error_file = case.with_file_name(format!("{stem}.err.exp"));
    let stderr_file = case.with_file_name(format!("{stem}.stderr.exp"));
    if let Ok(expected) = fs::read_to_string(&value_file) {
        let expected = expected.trim_end_matches('\n');
        let got = result.stdout.trim_end_matches('\n');
        if result.success && got == expected {
            Ok(())
        } else {
            Err(format!(
                "expected value:\n  {expected}\ngot:\n  {got}\nstderr:\n{}",
                result.stderr
            ))
        }
    } else if let Ok(essential) = fs::read_to_string(&error_file) {
        if !result.success && contains_in_order(&result.stderr, &essential) {
            Ok(())
        } else {
            Err(format!(
                "expected an error with the words of:\n  {}\nsucceeded: {}\nstdout:\n  {}\nstderr:\n{}",
                essential.trim_end(),
                result.success,
                result.stdout.trim_end(),
                result.stderr
            ))
        }
    } else if let Ok(essential) = fs::read_to_string(&stderr_file) {
        if result.success && contains_in_order(&result.stderr, &essential) {
            Ok(())
        } else {
            Err(format!(
                "expected success with these words on stderr:\n  {}\nsucceeded: {}\nstderr:\n{}",
                essential.trim_end(),
                result.success,
                result.stderr
            ))
        }
    } else {
        Err("no .exp, .err.exp or .stderr.exp next to it".to_owned())
    }
}

/// Checks every case, printing one line each; returns (passed, failure reports).
fn check_all(nix: &Path, scratch: &Path, cases: &[PathBuf], label: &str) -> (usize, Vec<String>) {
    let mut passed = 0;
    let mut failures = Vec::new();
    for case in cases {
        let name = case.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        match check_case(nix, scratch, case, label) {
            Ok(()) => {
                passed += 1;
                println!("{label} {name}: ok");
            }
            Err(report) => {
                println!("{label} {name}: FAILED");
                failures.push(format!("{label} {name}:\n{report}"));
            }
        }
    }
    (passed, failures)
}

/// Runs `prelude/tests/run.nix`; returns (names passed, failure reports).
fn run_prelude_tests(nix: &Path) -> (usize, Vec<String>) {
    let runner = prelude_dir().join("tests/run.nix");
    let result = evaluate(nix, &["--json"], &runner);
    if !result.success {
        return (
            0,
            vec![format!("prelude test runner failed:\n{}", result.stderr)],
        );
    }
    tally_run_report(&result.stdout)
}

#[test]
fn prelude_passes_scenarios_and_own_tests_under_cppnix() {
    let nix = nix_instantiate();
    let scratch = scratch_dir();

    let scenarios = nix_files(&scenarios_dir(), "S");
    // S4 comes in two files (S4a, S4b): 25 scenarios, 26 files.
    let mut numbers: Vec<String> = scenarios
        .iter()
        .filter_map(|path| path.file_stem().and_then(|s| s.to_str()))
        .map(|stem| {
            stem.chars()
                .skip(1)
                .take_while(char::is_ascii_digit)
                .collect()
        })
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 25, "expected the 25 conformance scenarios");
    let (mut passed, mut failures) = check_all(&nix, &scratch, &scenarios, "scenario");

    let error_cases = nix_files(&prelude_dir().join("tests/errors"), "");
    assert!(!error_cases.is_empty(), "no prelude error cases found");
    let (errors_passed, error_failures) = check_all(&nix, &scratch, &error_cases, "error-case");
    passed += errors_passed;
    failures.extend(error_failures);

    let (tests_passed, test_failures) = run_prelude_tests(&nix);
    println!(
        "prelude tests: {tests_passed} passed, {} failed",
        test_failures.len()
    );
    passed += tests_passed;
    failures.extend(test_failures);

    let _ = fs::remove_dir_all(&scratch);
    println!("{passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n\n"));
}

#[test]
fn essential_words_match_in_order_and_ignore_punctuation() {
    let stderr = "error: evaluation aborted with the following error message: \
                  'lib.customisation.callPackageWith: Function called without required argument \
                  \"grapviz\" at /x/y.nix:2, did you mean \"graphviz\"?'";
    assert!(contains_in_order(
        stderr,
        "error: Function called without required argument \"grapviz\", did you mean \"graphviz\"?"
    ));
    assert!(!contains_in_order(
        stderr,
        "did you mean \"grapviz\" argument"
    ));
    assert!(!contains_in_order(stderr, "error: attribute 'y' missing"));
}
