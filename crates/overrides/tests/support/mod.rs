//! Helpers shared by the integration tests: where the conformance data is,
//! and the "essential words in order" rule for expected errors (the same
//! rule `prelude_cppnix.rs` applies to real Nix).

// Each test binary compiles this module and uses a subset of it.
#![allow(dead_code)]

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
