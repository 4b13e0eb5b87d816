//! Helpers shared by the integration tests: where the conformance data is,
//! the "essential words in order" rule for expected errors (applied alike to
//! real Nix and to ours), and the reader of the prelude test runner's report.

// Each test binary compiles this module and uses a subset of it.
#![allow(dead_code)]

pub mod gallery;

use std::fs;
use std::path::{Path, PathBuf};

/// `crates/overrides`.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/conformance/scenarios`, relative to the project root.
pub fn scenarios_dir() -> PathBuf {
    manifest_dir().join("../../../shared/conformance/scenarios")
}

/// The `*.nix` files of `dir` whose names start with `prefix`, sorted.
pub fn nix_files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension().is_some_and(|ext| ext == "nix")
                    && path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(prefix))
            })
            .collect(),
        Err(error) => panic!("cannot list {}: {error}", dir.display()),
    };
    files.sort();
    files
}

/// Alphanumeric words (with `_`, `-`, `.` and `/` kept inside a word).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')))
        .map(|word| word.trim_matches(|c| matches!(c, '.' | '-' | '/')))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether every word of `essential` occurs in `text`, in the same order.
pub fn contains_in_order(text: &str, essential: &str) -> bool {
    let haystack = words(text);
    let mut position = 0;
    for needle in words(essential) {
        match haystack
            .get(position..)
            .and_then(|rest| rest.iter().position(|word| *word == needle))
        {
            Some(offset) => position += offset + 1,
            None => return false,
        }
    }
    true
}

/// Reads the JSON report of `prelude/tests/run.nix` (`{ total; failed = [
/// { name; expected; got; } … ]; }`), printed by whichever evaluator ran it;
/// returns (cases passed, failure reports).
pub fn tally_run_report(json: &str) -> (usize, Vec<String>) {
    let report: serde_json::Value = match serde_json::from_str(json) {
        Ok(report) => report,
        Err(error) => return (0, vec![format!("runner printed no JSON ({error}): {json}")]),
    };
    let total = report["total"].as_u64().unwrap_or(0) as usize;
    let failed: Vec<String> = report["failed"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .map(|case| {
                    format!(
                        "prelude test {}: expected {}, got {}",
                        case["name"].as_str().unwrap_or("?"),
                        case["expected"].as_str().unwrap_or("?"),
                        case["got"].as_str().unwrap_or("?"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if total == 0 {
        return (0, vec!["the prelude test runner found no cases".to_owned()]);
    }
    (total.saturating_sub(failed.len()), failed)
}
