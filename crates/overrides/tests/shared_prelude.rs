//! The prelude parsed once and shared between evaluators
//! ([`SharedPrelude`], what the playground's worker keeps between
//! keystrokes) changes nothing but speed: every gallery example, and
//! workspaces whose errors arise inside the prelude, give the same Set
//! view (rows, reads, errors, hints, events), the same forcing traces and
//! the same printed value (Nix and JSON, with step counts and events)
//! from a shared, already warm prelude as from a fresh one.

use std::fs;
use std::path::PathBuf;

use fixpoint_eval::{EvalOptions, MemoryIo, Outcome, OutputFormat};
use fixpoint_overrides::{
    playground_evaluator_sharing, resolve, trace, EngineOptions, Mode, SharedPrelude, Workspace,
    WorkspaceFile, WORKSPACE_ROOT,
};
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

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/examples")
}

fn file(path: &str, text: &str) -> WorkspaceFile {
    WorkspaceFile {
        path: path.to_owned(),
        text: text.to_owned(),
    }
}

/// Every gallery example, and a few workspaces that fail inside the prelude.
fn workspaces() -> Vec<(String, Workspace)> {
    let index = examples_dir().join("index.json");
    let text = fs::read_to_string(&index)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", index.display()));
    let manifest: Manifest = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not a manifest: {error}", index.display()));
    let mut all = Vec::new();
    for example in manifest.examples {
        let files = example
            .files
            .iter()
            .map(|name| {
                let path = examples_dir().join(&example.id).join(name);
                let text = fs::read_to_string(&path)
                    .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
                file(name, &text)
            })
            .collect();
        let mode = example.mode;
        all.push((example.id, Workspace { files, mode }));
    }
    let expression = |name: &str, text: &str| {
        (
            name.to_owned(),
            Workspace {
                files: vec![file("main.nix", text)],
                mode: Mode::Expression {
                    entry: "main.nix".to_owned(),
                },
            },
        )
    };
    all.push(expression(
        "error inside lib",
        "{ ok = 1; bad = lib.attrsets.getAttrFromPath [ \"missing\" ] { }; }",
    ));
    all.push(expression(
        "nixpkgs with a throwing overlay",
        "(import <nixpkgs> { overlays = [ (final: prev: { hello = throw \"no hello\"; }) ]; })",
    ));
    all.push(expression(
        "warnings",
        "builtins.warn \"careful\" (lib.id { a = 1; })",
    ));
    all
}

fn printed(workspace: &Workspace, output: OutputFormat, prelude: &SharedPrelude) -> String {
    let Mode::Expression { entry } = &workspace.mode else {
        return String::new();
    };
    let mut io = MemoryIo::new();
    for file in &workspace.files {
        io.insert(format!("{WORKSPACE_ROOT}/{}", file.path), file.text.clone());
    }
    let options = EvalOptions {
        output,
        step_budget: Some(50_000_000),
        ..EvalOptions::default()
    };
    let outcome: Outcome = match playground_evaluator_sharing(Box::new(io), options, prelude) {
        Ok(mut evaluator) => evaluator.eval_file(&format!("{WORKSPACE_ROOT}/{entry}")),
        Err(error) => return format!("{error:?}"),
    };
    format!("{outcome:?}")
}

/// Everything the playground shows for `workspace`, as comparable text;
/// `options` gives the options of each evaluation.
fn everything(workspace: &Workspace, options: &dyn Fn() -> EngineOptions) -> Vec<String> {
    let view = resolve(workspace, &options());
    let mut shown = vec![
        serde_json::to_string(&view).unwrap_or_else(|error| error.to_string()),
        printed(workspace, OutputFormat::Nix, &options().prelude),
        printed(workspace, OutputFormat::Json, &options().prelude),
    ];
    for row in view.rows.iter().take(3) {
        let page = trace(workspace, &options(), &row.path, 0, 200);
        shown.push(serde_json::to_string(&page).unwrap_or_else(|error| error.to_string()));
    }
    shown
}

#[test]
fn a_shared_prelude_shows_exactly_what_a_fresh_one_does() {
    let all = workspaces();
    let shared = EngineOptions::default();
    // Warm the shared prelude with every workspace first, so that the
    // comparison below is served from the cache.
    for (_, workspace) in &all {
        everything(workspace, &|| shared.clone());
    }
    let warm = shared.prelude.lowered_files();
    assert!(warm > 10, "the prelude was cached ({warm} files)");
    for (name, workspace) in &all {
        let fresh = everything(workspace, &EngineOptions::default);
        let cached = everything(workspace, &|| shared.clone());
        for (fresh, cached) in fresh.iter().zip(&cached) {
            assert_eq!(fresh, cached, "{name}: shared prelude differs from fresh");
        }
        assert_eq!(fresh.len(), cached.len(), "{name}");
    }
    assert_eq!(
        shared.prelude.lowered_files(),
        warm,
        "a warm prelude serves every later load from the cache"
    );
}
