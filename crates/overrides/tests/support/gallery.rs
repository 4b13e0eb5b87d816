//! The playground's examples gallery (`static/examples/index.json`) as
//! engine workspaces, read from the repository: what the web app loads at
//! run time. Shared by the tests that run every example and by the
//! `keystroke_timing` example (which includes this file by path).

use std::fs;
use std::path::PathBuf;

use fixpoint_eval::{EvalOptions, MemoryIo, OutputFormat};
use fixpoint_overrides::{Mode, Workspace, WorkspaceFile, WORKSPACE_ROOT};
use serde::Deserialize;

#[derive(Deserialize)]
struct Manifest {
    examples: Vec<Example>,
}

#[derive(Deserialize)]
struct Example {
    id: String,
    files: Vec<String>,
    mode: Mode,
}

/// `static/examples/`.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/examples")
}

/// A workspace file.
pub fn file(path: &str, text: &str) -> WorkspaceFile {
    WorkspaceFile {
        path: path.to_owned(),
        text: text.to_owned(),
    }
}

/// Every gallery example, in manifest order, as `(id, workspace)`; `Err`
/// names the file that could not be read or parsed.
pub fn gallery() -> Result<Vec<(String, Workspace)>, String> {
    let index = examples_dir().join("index.json");
    let text = fs::read_to_string(&index)
        .map_err(|error| format!("cannot read {}: {error}", index.display()))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not a manifest: {error}", index.display()))?;
    manifest
        .examples
        .into_iter()
        .map(|example| {
            let files = example
                .files
                .iter()
                .map(|name| {
                    let path = examples_dir().join(&example.id).join(name);
                    fs::read_to_string(&path)
                        .map(|text| file(name, &text))
                        .map_err(|error| format!("cannot read {}: {error}", path.display()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mode = example.mode;
            Ok((example.id, Workspace { files, mode }))
        })
        .collect()
}

/// The workspace's files under [`WORKSPACE_ROOT`], as the worker mounts them.
pub fn workspace_io(workspace: &Workspace) -> MemoryIo {
    let mut io = MemoryIo::new();
    for file in &workspace.files {
        io.insert(format!("{WORKSPACE_ROOT}/{}", file.path), file.text.clone());
    }
    io
}

/// The options the worker prints an expression-mode value with.
pub fn value_options(output: OutputFormat) -> EvalOptions {
    EvalOptions {
        output,
        step_budget: Some(50_000_000),
        ..EvalOptions::default()
    }
}
