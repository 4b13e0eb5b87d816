//! The playground's examples gallery (`static/examples/index.json`) through
//! the engine: every example resolves, and shows what its manifest says it
//! teaches — the printed value (expression mode, like `nix-instantiate
//! --eval --strict`), and for named rows their kind, short value, rebuild
//! status, or the error and trap hint the example is about.
//!
//! The same manifest is what the web app loads at run time and what the
//! end-to-end tests (`tests/e2e/ui-examples.test.mjs`) read, so an example
//! that stops evaluating the way it says fails here first.
//!
//! Every test first switches on cycle tracking, as the worker does, so the
//! evaluators it makes free their cycles when dropped.

use std::fs;
use std::path::PathBuf;

use fixpoint_eval::{EvalOptions, MemoryIo};
use fixpoint_overrides::{
    playground_evaluator, AttrRow, EngineOptions, Mode, Session, Workspace, WorkspaceFile,
    WORKSPACE_ROOT,
};
use serde::Deserialize;

/// `static/examples/`.
fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/examples")
}

#[derive(Deserialize)]
struct Manifest {
    version: u32,
    examples: Vec<Example>,
}

#[derive(Deserialize)]
struct Example {
    id: String,
    title: String,
    lesson: String,
    files: Vec<String>,
    mode: Mode,
    expect: Expect,
}

#[derive(Deserialize)]
struct Expect {
    /// The strictly printed value of the entry (expression mode).
    value: Option<String>,
    #[serde(default)]
    rows: Vec<ExpectRow>,
}

/// What one row of the Set view must show; absent fields are not checked.
#[derive(Deserialize)]
struct ExpectRow {
    path: Vec<String>,
    kind: Option<String>,
    short: Option<String>,
    short_contains: Option<String>,
    change: Option<String>,
    /// The row's error message contains this.
    error: Option<String>,
    /// The trap hint attached to the row's error (serde name of `TrapKind`).
    trap: Option<String>,
}

fn load_manifest() -> Manifest {
    let path = examples_dir().join("index.json");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    };
    match serde_json::from_str(&text) {
        Ok(manifest) => manifest,
        Err(error) => panic!("{} is not a valid manifest: {error}", path.display()),
    }
}

fn workspace_of(example: &Example) -> Result<Workspace, String> {
    let mut files = Vec::new();
    for name in &example.files {
        let path = examples_dir().join(&example.id).join(name);
        let text = fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        files.push(WorkspaceFile {
            path: name.clone(),
            text,
        });
    }
    Ok(Workspace {
        files,
        mode: example.mode.clone(),
    })
}

/// A serde name (`"rebuild"`, `"derivation"`) of a model enum value.
fn serde_name(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(error) => format!("«{error}»"),
    }
}

fn check_row(row: &AttrRow, expected: &ExpectRow) -> Vec<String> {
    let mut problems = Vec::new();
    let name = expected.path.join(".");
    let kind = serde_name(row.kind);
    if let Some(want) = &expected.kind {
        if *want != kind {
            problems.push(format!("{name}: kind {kind}, expected {want}"));
        }
    }
    if let Some(want) = &expected.short {
        if *want != row.short {
            problems.push(format!(
                "{name}: short value {:?}, expected {want:?}",
                row.short
            ));
        }
    }
    if let Some(want) = &expected.short_contains {
        if !row.short.contains(want.as_str()) {
            problems.push(format!(
                "{name}: short value {:?} lacks {want:?}",
                row.short
            ));
        }
    }
    if let Some(want) = &expected.change {
        let change = serde_name(row.change);
        if *want != change {
            problems.push(format!("{name}: change {change}, expected {want}"));
        }
    }
    match (&expected.error, &row.error) {
        (Some(want), Some(error)) if !error.message.contains(want.as_str()) => {
            problems.push(format!("{name}: error {:?} lacks {want:?}", error.message));
        }
        (Some(want), None) => problems.push(format!("{name}: no error, expected {want:?}")),
        (None, Some(error)) => {
            problems.push(format!("{name}: unexpected error {:?}", error.message));
        }
        _ => {}
    }
    if let Some(want) = &expected.trap {
        let hint = row
            .error
            .as_ref()
            .and_then(|error| error.hint.as_ref())
            .or(row.hint.as_ref());
        match hint {
            Some(hint) if serde_name(hint.trap) == *want => {}
            Some(hint) => problems.push(format!(
                "{name}: hint {}, expected {want}",
                serde_name(hint.trap)
            )),
            None => problems.push(format!("{name}: no hint, expected {want}")),
        }
    }
    problems
}

/// The rows of the set view, plus the rows of the nested sets an expected
/// path reaches into (expanded on demand, as the UI does).
fn find_row(session: &mut Session, rows: &[AttrRow], path: &[String]) -> Result<AttrRow, String> {
    if let Some(row) = rows.iter().find(|row| row.path == path) {
        return Ok(row.clone());
    }
    let parent = path.get(..path.len().saturating_sub(1)).unwrap_or(&[]);
    if parent.is_empty() {
        return Err(format!("no row {}", path.join(".")));
    }
    let nested = session
        .expand(parent)
        .map_err(|error| format!("expanding {}: {}", parent.join("."), error.message))?;
    nested
        .into_iter()
        .find(|row| row.path == path)
        .ok_or_else(|| format!("no row {}", path.join(".")))
}

fn check_value(workspace: &Workspace, entry: &str, want: &str) -> Vec<String> {
    let mut io = MemoryIo::new();
    for file in &workspace.files {
        io.insert(
            format!("{WORKSPACE_ROOT}/{}", file.path),
            file.text.as_bytes().to_vec(),
        );
    }
    let options = EvalOptions {
        strict: true,
        ..EvalOptions::default()
    };
    let mut evaluator = match playground_evaluator(Box::new(io), options) {
        Ok(evaluator) => evaluator,
        Err(error) => return vec![format!("no playground evaluator: {}", error.message)],
    };
    let outcome = evaluator.eval_file(&format!("{WORKSPACE_ROOT}/{entry}"));
    match (outcome.value, outcome.error) {
        (Some(value), _) if value == want => Vec::new(),
        (Some(value), _) => vec![format!("value {value}\n  expected {want}")],
        (None, Some(error)) => vec![format!("error {:?}, expected a value", error.message)],
        (None, None) => vec!["neither a value nor an error".to_owned()],
    }
}

fn check_example(example: &Example) -> Vec<String> {
    let workspace = match workspace_of(example) {
        Ok(workspace) => workspace,
        Err(problem) => return vec![problem],
    };
    let mut problems = Vec::new();
    if example.title.trim().is_empty() || example.lesson.trim().is_empty() {
        problems.push("a title and a lesson are required".to_owned());
    }
    let mut session = Session::open(workspace.clone(), EngineOptions::default());
    let view = session.view();
    if let Some(error) = &view.error {
        problems.push(format!("the set failed: {}", error.message));
    }
    for expected in &example.expect.rows {
        match find_row(&mut session, &view.rows, &expected.path) {
            Ok(row) => problems.extend(check_row(&row, expected)),
            Err(problem) => problems.push(problem),
        }
    }
    // Rows nobody expects to fail must not fail: an example teaches one error.
    for row in &view.rows {
        let expected_error = example
            .expect
            .rows
            .iter()
            .any(|expected| expected.path == row.path && expected.error.is_some());
        if let (Some(error), false) = (&row.error, expected_error) {
            problems.push(format!(
                "{}: unexpected error {:?}",
                row.path.join("."),
                error.message
            ));
        }
    }
    if let Some(want) = &example.expect.value {
        match &example.mode {
            Mode::Expression { entry } => problems.extend(check_value(&workspace, entry, want)),
            _ => problems.push("an expected value needs expression mode".to_owned()),
        }
    }
    problems
}

#[test]
fn every_gallery_example_teaches_what_its_manifest_says() {
    fixpoint_eval::value::track_cycles();
    let manifest = load_manifest();
    assert_eq!(manifest.version, 1, "manifest format version");
    assert_eq!(
        manifest.examples.len(),
        11,
        "the eleven examples of issue 6"
    );
    let mut failures = Vec::new();
    for example in &manifest.examples {
        for problem in check_example(example) {
            failures.push(format!("{}: {problem}", example.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn example_ids_are_unique_and_files_are_listed_once() {
    fixpoint_eval::value::track_cycles();
    let manifest = load_manifest();
    let mut ids: Vec<&str> = manifest.examples.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), manifest.examples.len(), "duplicate example id");
    for example in &manifest.examples {
        let mut files = example.files.clone();
        files.sort();
        files.dedup();
        assert_eq!(
            files.len(),
            example.files.len(),
            "{}: a file listed twice",
            example.id
        );
        let referenced: Vec<&str> = match &example.mode {
            Mode::Expression { entry } => vec![entry.as_str()],
            Mode::Set { base, overlays } => {
                let mut names: Vec<&str> = overlays.iter().map(|o| o.file.as_str()).collect();
                if let fixpoint_overrides::Base::Custom { file } = base {
                    names.push(file.as_str());
                }
                names
            }
        };
        for name in referenced {
            assert!(
                example.files.iter().any(|file| file == name),
                "{}: {name} is used but not listed in files",
                example.id
            );
        }
    }
}
