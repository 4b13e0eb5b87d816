//! The committed baselines: `key = value` lines that record how many tests
//! passed when they were last updated, so that a change which makes fewer pass
//! fails the test while the evaluator is still growing.

use std::collections::BTreeMap;
use std::path::Path;

/// Set this variable to `1` to rewrite a baseline with the current numbers.
pub const UPDATE_VAR: &str = "UPDATE_BASELINE";

/// Whether this run should rewrite the baselines instead of checking them.
pub fn updating() -> bool {
    std::env::var(UPDATE_VAR).is_ok_and(|v| v == "1")
}

/// Reads a baseline file; a missing file is an empty baseline (every key 0).
pub fn read(path: &Path) -> BTreeMap<String, u64> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let (key, value) = line.split_once('=')?;
            Some((key.trim().to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

/// Writes a baseline file with a comment header.
pub fn write(path: &Path, header: &str, values: &BTreeMap<String, u64>) -> std::io::Result<()> {
    let mut text = String::new();
    for line in header.lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    for (key, value) in values {
        text.push_str(&format!("{key} = {value}\n"));
    }
    std::fs::write(path, text)
}

/// The keys whose current value fell below the baseline, as messages.
pub fn regressions(
    baseline: &BTreeMap<String, u64>,
    current: &BTreeMap<String, u64>,
) -> Vec<String> {
    baseline
        .iter()
        .filter_map(|(key, &floor)| {
            let now = current.get(key).copied().unwrap_or(0);
            (now < floor).then(|| format!("{key}: {now} now, baseline {floor}"))
        })
        .collect()
}
