//! The prelude parsed once and shared between evaluators
//! ([`SharedPrelude`], what the playground's worker keeps between
//! keystrokes) changes nothing but speed: every gallery example, and
//! workspaces whose errors arise inside the prelude, give the same Set
//! view (rows, reads, errors, hints, events), the same forcing traces and
//! the same printed value (Nix and JSON, with step counts and events)
//! from a shared, already warm prelude as from a fresh one. The shared
//! prelude also carries the derivations earlier evaluators finished
//! (`fixpoint_store::DerivationMemo`), so the same comparison shows that
//! taking a kept derivation is exact too: store paths, `.drv` texts and
//! the rebuild column alike.
//!
//! Every test first switches on cycle tracking, as the worker does, so the
//! evaluators it makes free their cycles when dropped.

mod support;

use fixpoint_eval::{Outcome, OutputFormat};
use fixpoint_overrides::{
    playground_evaluator_sharing, resolve, trace, EngineOptions, Mode, SharedPrelude, Workspace,
    WORKSPACE_ROOT,
};
use support::gallery::{file, gallery, value_options, workspace_io};

/// Every gallery example, and a few workspaces that fail inside the prelude.
fn workspaces() -> Vec<(String, Workspace)> {
    let mut all = gallery().unwrap_or_else(|error| panic!("{error}"));
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
    let io = workspace_io(workspace);
    let options = value_options(output);
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
    fixpoint_eval::value::track_cycles();
    let all = workspaces();
    let shared = EngineOptions::default();
    // Warm the shared prelude with every workspace first, so that the
    // comparison below is served from the cache.
    for (_, workspace) in &all {
        everything(workspace, &|| shared.clone());
    }
    let warm = shared.prelude.lowered_files();
    assert!(warm > 10, "the prelude was cached ({warm} files)");
    let kept = shared.prelude.kept_derivations();
    assert!(kept > 50, "finished derivations were kept ({kept})");
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
