//! The override engine end to end: provenance (which layer defined an
//! attribute, the chain that set it), reads, the rebuild set,
//! per-attribute errors with their hints, nested sets, traces and the
//! plain-Nix text.
//!
//! Every test first switches on cycle tracking, as the worker does, so the
//! evaluators it makes free their cycles when dropped.

use fixpoint_overrides::{
    resolve, trace, AttrKind, AttrRow, Base, Change, EngineOptions, Mode, OverlayEntry, Session,
    SetView, TraceEvent, TrapKind, Workspace, WorkspaceFile,
};

fn file(path: &str, text: &str) -> WorkspaceFile {
    WorkspaceFile {
        path: path.to_owned(),
        text: text.to_owned(),
    }
}

fn set_mode(base: Base, files: Vec<WorkspaceFile>, overlays: &[(&str, bool)]) -> Workspace {
    Workspace {
        files,
        mode: Mode::Set {
            base,
            overlays: overlays
                .iter()
                .map(|(file, enabled)| OverlayEntry {
                    file: (*file).to_owned(),
                    enabled: *enabled,
                })
                .collect(),
        },
    }
}

fn row<'a>(view: &'a SetView, name: &str) -> &'a AttrRow {
    match view
        .rows
        .iter()
        .find(|row| row.path.last().map(String::as_str) == Some(name))
    {
        Some(row) => row,
        None => panic!("no row '{name}' in {:#?}", view.rows),
    }
}

fn layer_label(view: &SetView, index: Option<usize>) -> String {
    index
        .and_then(|i| view.layers.get(i))
        .map(|layer| layer.label.clone())
        .unwrap_or_else(|| "none".to_owned())
}

fn chain_labels(view: &SetView, row: &AttrRow) -> Vec<String> {
    row.chain
        .iter()
        .map(|i| layer_label(view, Some(*i)))
        .collect()
}

/// A base of plain derivations: `app` depends on `dep`, `other` on nothing.
const DERIVATION_BASE: &str = r#"final: {
  dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; flavour = final.flavour; };
  app = derivation { name = "app"; system = "x86_64-linux"; builder = "/bin/sh"; inherit (final) dep; };
  other = derivation { name = "other"; system = "x86_64-linux"; builder = "/bin/sh"; };
  flavour = "pla" + "in";
  greeting = "hello";
}
"#;

#[test]
fn provenance_names_the_base_and_each_overlay() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        vec![
            file("base.nix", DERIVATION_BASE),
            file(
                "spicy.nix",
                "final: prev: { flavour = \"spicy\"; extra = 1; }\n",
            ),
            file(
                "loud.nix",
                "final: prev: { greeting = prev.greeting + \"!\"; }\n",
            ),
        ],
        &[("spicy.nix", true), ("loud.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    assert!(view.error.is_none(), "{:?}", view.error);
    assert_eq!(
        layer_label(&view, row(&view, "flavour").defined_by),
        "overlay 1: spicy.nix"
    );
    assert_eq!(
        chain_labels(&view, row(&view, "flavour")),
        ["base: base.nix", "overlay 1: spicy.nix"]
    );
    assert_eq!(
        layer_label(&view, row(&view, "extra").defined_by),
        "overlay 1: spicy.nix"
    );
    assert_eq!(
        chain_labels(&view, row(&view, "extra")),
        ["overlay 1: spicy.nix"]
    );
    assert_eq!(
        layer_label(&view, row(&view, "greeting").defined_by),
        "overlay 2: loud.nix"
    );
    assert_eq!(row(&view, "greeting").short, "\"hello!\"");
    assert_eq!(
        layer_label(&view, row(&view, "other").defined_by),
        "base: base.nix"
    );
    assert_eq!(row(&view, "extra").kind, AttrKind::Value);
    assert_eq!(row(&view, "app").kind, AttrKind::Derivation);
}

#[test]
fn rebuild_set_follows_inputs_only() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        vec![
            file("base.nix", DERIVATION_BASE),
            file("spicy.nix", "final: prev: { flavour = \"spicy\"; }\n"),
        ],
        &[("spicy.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    assert_eq!(row(&view, "dep").change, Change::Rebuild);
    assert_eq!(row(&view, "app").change, Change::Rebuild);
    assert_eq!(row(&view, "other").change, Change::Unchanged);
    assert_eq!(row(&view, "flavour").change, Change::NotCompared);
    let app = row(&view, "app");
    let store = app
        .store
        .as_ref()
        .and_then(|s| s.out_path.clone())
        .unwrap_or_default();
    assert!(
        store.starts_with("/nix/store/") && store.ends_with("-app"),
        "{store}"
    );
    assert!(app.short.starts_with("app /nix/store/"), "{}", app.short);

    // Switched off, nothing changes.
    let off = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        workspace.files.clone(),
        &[("spicy.nix", false)],
    );
    let view = resolve(&off, &EngineOptions::default());
    assert_eq!(row(&view, "flavour").short, "\"plain\"");
    assert_eq!(row(&view, "app").change, Change::NotCompared);
}

#[test]
fn reads_record_final_and_prev_lookups_with_the_layer_that_answered() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        vec![
            file("base.nix", DERIVATION_BASE),
            file(
                "loud.nix",
                "final: prev: { greeting = prev.greeting + final.flavour; }\n",
            ),
        ],
        &[("loud.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    let greeting = row(&view, "greeting");
    let reads: Vec<(String, String, String)> = greeting
        .reads
        .iter()
        .map(|read| {
            (
                read.via.clone(),
                read.name.clone(),
                layer_label(&view, read.answered_by),
            )
        })
        .collect();
    assert!(
        reads.contains(&(
            "prev".to_owned(),
            "greeting".to_owned(),
            "base: base.nix".to_owned()
        )),
        "{reads:?}"
    );
    assert!(
        reads.contains(&(
            "final".to_owned(),
            "flavour".to_owned(),
            "base: base.nix".to_owned()
        )),
        "{reads:?}"
    );
    // `app` needs `dep` through `final` (an edge of the Graph view).
    let app = row(&view, "app");
    assert!(
        app.reads.iter().any(|read| read.name == "dep"),
        "{:?}",
        app.reads
    );
}

#[test]
fn a_failing_attribute_has_its_own_error_and_hint() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        vec![
            file("base.nix", DERIVATION_BASE),
            file(
                "loop.nix",
                "final: prev: { greeting = final.greeting + \"!\"; broken = throw \"no\"; }\n",
            ),
        ],
        &[("loop.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    assert!(view.error.is_none());
    let greeting = row(&view, "greeting");
    assert_eq!(greeting.kind, AttrKind::Error);
    let error = greeting.error.as_ref();
    assert_eq!(error.map(|e| e.code.as_str()), Some("E009"));
    assert_eq!(
        error.and_then(|e| e.hint.as_ref()).map(|h| h.trap),
        Some(TrapKind::FinalInOwnDefinition)
    );
    let broken = row(&view, "broken");
    assert_eq!(
        broken.error.as_ref().map(|e| e.message.as_str()),
        Some("no")
    );
    // The others are untouched.
    assert_eq!(row(&view, "flavour").short, "\"plain\"");
    assert_eq!(row(&view, "app").kind, AttrKind::Derivation);
}

#[test]
fn swapped_overlay_arguments_get_their_hint() {
    fixpoint_eval::value::track_cycles();
    let workspace = Workspace {
        files: vec![file(
            "default.nix",
            "let\n  scope = lib.makeScope (lib.callPackageWith { }) (self: { a = 1; b = self.a + 1; });\nin scope.overrideScope (prev: final: { a = prev.a + 1; })\n",
        )],
        mode: Mode::Expression {
            entry: "default.nix".to_owned(),
        },
    };
    let view = resolve(&workspace, &EngineOptions::default());
    assert!(view.error.is_none(), "{:?}", view.error);
    for name in ["a", "b"] {
        let error = row(&view, name).error.clone();
        assert_eq!(error.as_ref().map(|e| e.code.as_str()), Some("E009"));
        if name == "a" {
            assert_eq!(
                error.as_ref().and_then(|e| e.hint.as_ref()).map(|h| h.trap),
                Some(TrapKind::SwappedArguments),
                "{:?}",
                row(&view, name)
            );
        }
    }
}

#[test]
fn a_loop_stops_at_the_attribute_budget() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![file(
            "o.nix",
            "final: prev: { spin = builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 1000000); fine = 2; }\n",
        )],
        &[("o.nix", true)],
    );
    let options = EngineOptions {
        steps_per_attribute: 100_000,
        ..EngineOptions::default()
    };
    let view = resolve(&workspace, &options);
    let spin = row(&view, "spin");
    assert_eq!(
        spin.error
            .as_ref()
            .and_then(|e| e.hint.as_ref())
            .map(|h| h.trap),
        Some(TrapKind::StepBudget)
    );
    assert_eq!(row(&view, "fine").short, "2");
}

#[test]
fn a_runaway_recursion_stops_at_max_call_depth_with_a_hint() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![file(
            "o.nix",
            "final: prev: { spin = let f = x: f (x + 1); in f 0; fine = 2; }\n",
        )],
        &[("o.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    let error = row(&view, "spin").error.clone();
    let error = error.expect("spin fails");
    assert!(
        error.message.contains("max-call-depth exceeded"),
        "{}",
        error.message
    );
    assert_eq!(
        error.hint.as_ref().map(|h| h.trap),
        Some(TrapKind::RunawayRecursion)
    );
    assert_eq!(row(&view, "fine").short, "2");
}

#[test]
fn names_depending_on_final_fail_the_set_with_a_hint() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![
            file("flag.nix", "final: prev: { flag = true; }\n"),
            file(
                "cond.nix",
                "final: prev: lib.optionalAttrs final.flag { x = 1; }\n",
            ),
        ],
        &[("flag.nix", true), ("cond.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    assert!(view.rows.is_empty());
    assert_eq!(
        view.error
            .as_ref()
            .and_then(|e| e.hint.as_ref())
            .map(|h| h.trap),
        Some(TrapKind::NamesDependOnFinal)
    );
}

#[test]
fn nested_sets_expand_on_demand_and_keep_provenance() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![
            file("a.nix", "final: prev: { tools = { x = 1; y = 2; }; }\n"),
            file(
                "b.nix",
                "final: prev: { tools = prev.tools // { y = 3; z = final.tools.x; }; }\n",
            ),
        ],
        &[("a.nix", true), ("b.nix", true)],
    );
    let mut session = Session::open(workspace, EngineOptions::default());
    let view = session.view();
    let tools = row(&view, "tools");
    assert!(tools.expandable);
    assert_eq!(
        chain_labels(&view, tools),
        ["overlay 1: a.nix", "overlay 2: b.nix"]
    );
    let nested = session.expand(&["tools".to_owned()]).unwrap_or_default();
    let names: Vec<String> = nested.iter().map(|r| r.path.join(".")).collect();
    assert_eq!(names, ["tools.x", "tools.y", "tools.z"]);
    let by = |name: &str| {
        nested
            .iter()
            .find(|r| r.path.last().map(String::as_str) == Some(name))
            .and_then(|r| r.defined_by)
            .and_then(|i| view.layers.get(i))
            .map(|l| l.label.clone())
    };
    assert_eq!(by("x").as_deref(), Some("overlay 1: a.nix"));
    assert_eq!(by("y").as_deref(), Some("overlay 2: b.nix"));
    assert!(session.expand(&["nope".to_owned()]).is_err());
}

#[test]
fn expression_mode_recognises_overlay_lambdas_by_position() {
    fixpoint_eval::value::track_cycles();
    let workspace = Workspace {
        files: vec![file(
            "main.nix",
            "lib.fix (lib.extends (final: prev: { b = prev.a + 1; }) (final: { a = 1; }))\n",
        )],
        mode: Mode::Expression {
            entry: "main.nix".to_owned(),
        },
    };
    let view = resolve(&workspace, &EngineOptions::default());
    assert!(view.error.is_none(), "{:?}", view.error);
    assert_eq!(
        layer_label(&view, row(&view, "b").defined_by),
        "main.nix:1 overlay"
    );
    assert_eq!(layer_label(&view, row(&view, "a").defined_by), "main.nix");
    assert!(view.plain_nix.is_none());
}

#[test]
fn plain_nix_is_offered_and_evaluates_to_the_same_set() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![
            file("a.nix", "final: prev: { x = 1; }\n"),
            file("b.nix", "final: prev: { y = final.x + 1; }\n"),
        ],
        &[("a.nix", true), ("b.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    let text = view.plain_nix.clone().unwrap_or_default();
    assert!(
        text.contains("lib.fix (lib.extends overlay2 (lib.extends overlay1 base))"),
        "{text}"
    );
    let mut files = workspace.files.clone();
    files.push(file("plain.nix", &text));
    let expression = Workspace {
        files,
        mode: Mode::Expression {
            entry: "plain.nix".to_owned(),
        },
    };
    let again = resolve(&expression, &EngineOptions::default());
    assert_eq!(row(&again, "y").short, "2");
}

#[test]
fn the_trace_shows_which_thunk_forced_which_and_pages() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        vec![
            file("base.nix", DERIVATION_BASE),
            file(
                "loud.nix",
                "final: prev: { greeting = prev.greeting + final.flavour; }\n",
            ),
        ],
        &[("loud.nix", true)],
    );
    let options = EngineOptions::default();
    let page = trace(&workspace, &options, &["greeting".to_owned()], 0, 1000);
    assert!(page.error.is_none(), "{:?}", page.error);
    assert!(!page.truncated);
    let lookups: Vec<(String, String, String)> = page
        .events
        .iter()
        .filter_map(|event| match event {
            TraceEvent::Lookup {
                via,
                name,
                answered_by,
                ..
            } => Some((via.clone(), name.clone(), format!("{answered_by:?}"))),
            _ => None,
        })
        .collect();
    assert!(
        lookups
            .iter()
            .any(|(via, name, _)| via == "prev" && name == "greeting"),
        "{lookups:?}"
    );
    assert!(
        lookups
            .iter()
            .any(|(via, name, _)| via == "final" && name == "flavour"),
        "{lookups:?}"
    );
    assert!(page.events.iter().any(|event| matches!(
        event,
        TraceEvent::Force { attribute: Some(path), .. } if path == &["flavour".to_owned()]
    )));
    // Forced once, reused afterwards: `flavour` twice in one value.
    let twice = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        vec![
            file("base.nix", DERIVATION_BASE),
            file(
                "twice.nix",
                "final: prev: { greeting = final.flavour + final.flavour; }\n",
            ),
        ],
        &[("twice.nix", true)],
    );
    let twice_page = trace(&twice, &options, &["greeting".to_owned()], 0, 1000);
    let forced = |wanted: &str| {
        twice_page
            .events
            .iter()
            .filter(|event| match event {
                TraceEvent::Force {
                    attribute: Some(path),
                    ..
                } => path.len() == 1 && path[0] == wanted,
                _ => false,
            })
            .count()
    };
    assert_eq!(forced("flavour"), 1);
    assert!(twice_page.events.iter().any(|event| matches!(
        event,
        TraceEvent::Reused { attribute, .. } if attribute == &["flavour".to_owned()]
    )));
    let second = trace(&workspace, &options, &["greeting".to_owned()], 1, 2);
    assert_eq!(second.events.len(), 2.min(page.total.saturating_sub(1)));
    assert_eq!(second.events.first(), page.events.get(1));
    let capped = trace(
        &workspace,
        &EngineOptions {
            trace_cap: 3,
            ..options
        },
        &["greeting".to_owned()],
        0,
        100,
    );
    assert!(capped.truncated);
    assert_eq!(capped.total, 3);
}

/// Pill 17 (SEMANTICS §3.8): overriding graphviz rebuilds graphviz and
/// asciidocFull, not asciidoc.
#[test]
fn pill17_rebuild_set() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::MiniNixpkgs,
        vec![file(
            "graphviz.nix",
            "final: prev: { graphviz = prev.graphviz.override { xlibs = null; }; }\n",
        )],
        &[("graphviz.nix", true)],
    );
    let mut session = Session::open(workspace, EngineOptions::default());
    let view = session.view();
    assert!(view.error.is_none(), "{:?}", view.error);
    let show = |name: &str| {
        let r = row(&view, name);
        (r.change, r.error.as_ref().map(|e| e.rendered.clone()))
    };
    assert_eq!(show("graphviz"), (Change::Rebuild, None));
    assert_eq!(show("asciidocFull"), (Change::Rebuild, None));
    assert_eq!(show("asciidoc"), (Change::Unchanged, None));
    assert_eq!(
        layer_label(&view, row(&view, "graphviz").defined_by),
        "overlay 1: graphviz.nix"
    );
    assert_eq!(
        chain_labels(&view, row(&view, "graphviz")),
        ["base: mini nixpkgs", "overlay 1: graphviz.nix"]
    );
    assert_eq!(
        layer_label(&view, row(&view, "asciidoc").defined_by),
        "base: mini nixpkgs"
    );
    assert!(row(&view, "asciidocFull")
        .reads
        .iter()
        .any(|read| read.name == "graphviz"));
}

/// A fixed-output input whose recipe changes: its dependants get a new
/// `.drv` but keep their output path (SEMANTICS §3.8 point 5, §6.9).
#[test]
fn a_fixed_output_recipe_change_is_drv_only() {
    fixpoint_eval::value::track_cycles();
    let base = r#"final: {
  src = derivation {
    name = "src"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" final.fetchScript ];
    outputHashMode = "flat"; outputHashAlgo = "sha256";
    outputHash = "0000000000000000000000000000000000000000000000000000000000000000";
  };
  app = derivation { name = "app"; system = "x86_64-linux"; builder = "/bin/sh"; inherit (final) src; };
  fetchScript = "curl";
}
"#;
    let workspace = set_mode(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        vec![
            file("base.nix", base),
            file("wget.nix", "final: prev: { fetchScript = \"wget\"; }\n"),
        ],
        &[("wget.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    assert_eq!(row(&view, "src").change, Change::DrvOnly);
    assert_eq!(row(&view, "app").change, Change::DrvOnly);
}

#[test]
fn callpackage_typo_and_unknown_override_argument_get_their_hints() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::MiniNixpkgs,
        vec![
            file(
                "typo.nix",
                "final: prev: { viewer = final.callPackage ({ grapviz }: grapviz) { }; }\n",
            ),
            file(
                "xorg.nix",
                "final: prev: { graphviz = prev.graphviz.override { withXorg = false; }; }\n",
            ),
        ],
        &[("typo.nix", true), ("xorg.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    let viewer = row(&view, "viewer").error.clone();
    assert_eq!(
        viewer
            .as_ref()
            .and_then(|e| e.hint.as_ref())
            .map(|h| h.trap),
        Some(TrapKind::CallPackageMissingArgument),
        "{viewer:?}"
    );
    assert!(viewer.is_some_and(|e| e.rendered.contains("did you mean \"graphviz\"")));
    let graphviz = row(&view, "graphviz").error.clone();
    assert_eq!(
        graphviz
            .as_ref()
            .and_then(|e| e.hint.as_ref())
            .map(|h| h.trap),
        Some(TrapKind::UnexpectedOverrideArgument),
        "{graphviz:?}"
    );
    // The current Pill's argument is explained by the historical one the model takes.
    assert!(graphviz
        .as_ref()
        .and_then(|e| e.hint.as_ref())
        .is_some_and(|h| h.message.contains("xlibs = null")));
    // asciidocFull needs graphviz, so it fails too; asciidoc does not.
    assert!(row(&view, "asciidocFull").error.is_some());
    assert_eq!(row(&view, "asciidoc").kind, AttrKind::Derivation);
}

#[test]
fn the_python_set_base_takes_uv_overlay_and_overrides() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::PythonSet,
        vec![
            file("uv.nix", "uvOverlay\n"),
            file(
                "numpy.nix",
                "final: prev: { numpy = prev.numpy.overrideAttrs (old: { patches = [ ./fix.patch ]; }); }\n",
            ),
            file("fix.patch", "--- a\n+++ b\n"),
        ],
        &[("uv.nix", true), ("numpy.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    assert!(view.error.is_none(), "{:?}", view.error);
    let numpy = row(&view, "numpy");
    assert_eq!(numpy.kind, AttrKind::Derivation, "{numpy:?}");
    assert_eq!(layer_label(&view, numpy.defined_by), "overlay 2: numpy.nix");
    assert_eq!(
        chain_labels(&view, numpy),
        ["overlay 1: uv.nix", "overlay 2: numpy.nix", "uvOverlay"]
    );
    assert_eq!(numpy.change, Change::Added);
    let torch = row(&view, "torch");
    assert_eq!(layer_label(&view, torch.defined_by), "uvOverlay");
    assert_eq!(torch.kind, AttrKind::Derivation);
}

#[test]
fn expression_mode_compares_a_mini_nixpkgs_with_the_plain_one() {
    fixpoint_eval::value::track_cycles();
    let workspace = Workspace {
        files: vec![file(
            "default.nix",
            "import <nixpkgs> {\n  config.packageOverrides = pkgs: {\n    graphviz = pkgs.graphviz.override { xlibs = null; };\n  };\n}\n",
        )],
        mode: Mode::Expression {
            entry: "default.nix".to_owned(),
        },
    };
    let view = resolve(&workspace, &EngineOptions::default());
    assert!(view.error.is_none(), "{:?}", view.error);
    assert_eq!(row(&view, "graphviz").change, Change::Rebuild);
    assert_eq!(row(&view, "asciidocFull").change, Change::Rebuild);
    assert_eq!(row(&view, "asciidoc").change, Change::Unchanged);
    assert_eq!(
        layer_label(&view, row(&view, "graphviz").defined_by),
        "default.nix"
    );
    let graphviz = row(&view, "graphviz");
    assert!(
        graphviz
            .reads
            .iter()
            .any(|read| read.via == "pkgs" && read.name == "graphviz"),
        "{:?}",
        graphviz.reads
    );
}

#[test]
fn expression_mode_compares_a_nested_mini_nixpkgs_when_expanded() {
    fixpoint_eval::value::track_cycles();
    let workspace = Workspace {
        files: vec![file(
            "default.nix",
            "{ pkgs = import <nixpkgs> { overlays = [ (final: prev: { zlib = prev.zlib.overrideAttrs { version = \"9\"; }; openssl = prev.openssl.overrideAttrs { version = \"9\"; }; }) ]; }; }\n",
        )],
        mode: Mode::Expression {
            entry: "default.nix".to_owned(),
        },
    };
    let mut session = Session::open(workspace, EngineOptions::default());
    let view = session.view();
    assert_eq!(row(&view, "pkgs").kind, AttrKind::Set);
    let rows = session.expand(&["pkgs".to_owned()]).unwrap_or_default();
    let change = |name: &str| {
        rows.iter()
            .find(|r| r.path.last().map(String::as_str) == Some(name))
            .map(|r| r.change)
    };
    // The stdenv overrides re-impose zlib after the overlays (S13).
    assert_eq!(change("zlib"), Some(Change::Unchanged));
    assert_eq!(change("openssl"), Some(Change::Rebuild));
    // Transitively: python links openssl, asciidoc runs on python.
    assert_eq!(change("python3"), Some(Change::Rebuild));
    assert_eq!(change("asciidoc"), Some(Change::Rebuild));
    assert_eq!(change("xlibs"), Some(Change::Unchanged));
}

#[test]
fn inherit_from_final_counts_as_a_final_read() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![
            file("a.nix", "final: prev: { x = 1; y = 2; }\n"),
            file(
                "b.nix",
                "final: prev: { sum = let inherit (final) x y; in x + y; }\n",
            ),
        ],
        &[("a.nix", true), ("b.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    let sum = row(&view, "sum");
    assert_eq!(sum.short, "3");
    let reads: Vec<String> = sum
        .reads
        .iter()
        .map(|r| format!("{}.{}", r.via, r.name))
        .collect();
    assert!(
        reads.contains(&"final.x".to_owned()) && reads.contains(&"final.y".to_owned()),
        "{reads:?}"
    );
}

/// S5: a `rec` set does not see later overrides; the row says why.
#[test]
fn rec_values_that_miss_a_later_override_get_a_hint() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![
            file(
                "rec.nix",
                "final: prev: rec { a = 1; b = a + 1; c = final.a + 1; }\n",
            ),
            file("later.nix", "final: prev: { a = 10; }\n"),
        ],
        &[("rec.nix", true), ("later.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    let b = row(&view, "b");
    assert_eq!(b.short, "2");
    assert_eq!(
        b.hint.as_ref().map(|h| h.trap),
        Some(TrapKind::RecNotLateBound)
    );
    let c = row(&view, "c");
    assert_eq!(c.short, "11");
    assert!(c.hint.is_none());
}

#[test]
fn warnings_raised_while_resolving_are_reported() {
    fixpoint_eval::value::track_cycles();
    let workspace = set_mode(
        Base::Empty,
        vec![file(
            "w.nix",
            "final: prev: { x = lib.warn \"careful\" 1; }\n",
        )],
        &[("w.nix", true)],
    );
    let view = resolve(&workspace, &EngineOptions::default());
    assert_eq!(row(&view, "x").short, "1");
    assert!(
        view.events
            .iter()
            .any(|event| event.message.contains("careful")),
        "{:?}",
        view.events
    );
}
