//! The overlays-off comparison kept between sessions
//! (`EngineOptions::baselines`, what the worker keeps between keystrokes)
//! changes nothing but speed: it is taken again only while every file it
//! read (and every other question it asked of the workspace) is unchanged,
//! and a session with it shows what a session comparing in its own
//! evaluator shows (rows, reads, chains, rebuild column, errors, events).
//!
//! Row step counts are left out of the comparison: a live session counts
//! the comparison's steps in the row's, a kept one does not (they are
//! shown nowhere).
//!
//! Every test first switches on cycle tracking, as the worker does, so the
//! evaluators it makes free their cycles when dropped.

mod support;

use fixpoint_overrides::{
    AttrRow, Base, Change, EngineOptions, Mode, OverlayEntry, Session, SetView, SharedBaselines,
    Workspace, WorkspaceFile,
};
use support::gallery::{file, gallery};

fn live() -> EngineOptions {
    EngineOptions {
        baselines: SharedBaselines::disabled(),
        ..EngineOptions::default()
    }
}

fn without_steps(rows: &mut [AttrRow]) {
    for row in rows {
        row.steps = 0;
    }
}

/// The Set view and every expandable top-level row's rows, steps zeroed.
fn shown(workspace: &Workspace, options: &EngineOptions) -> (SetView, Vec<Vec<AttrRow>>) {
    let mut session = Session::open(workspace.clone(), options.clone());
    let mut view = session.view();
    without_steps(&mut view.rows);
    let mut expanded = Vec::new();
    for row in view.rows.iter().filter(|row| row.expandable).take(4) {
        let mut rows = session.expand(&row.path).unwrap_or_default();
        without_steps(&mut rows);
        expanded.push(rows);
    }
    (view, expanded)
}

fn with_text(workspace: &Workspace, path: &str, text: &str) -> Workspace {
    let mut changed = workspace.clone();
    match changed.files.iter_mut().find(|file| file.path == path) {
        Some(found) => found.text = text.to_owned(),
        None => changed.files.push(file(path, text)),
    }
    changed
}

fn text_of(workspace: &Workspace, path: &str) -> String {
    workspace
        .files
        .iter()
        .find(|file| file.path == path)
        .map(|file| file.text.clone())
        .unwrap_or_default()
}

fn set_workspace(base: Base, files: &[(&str, &str)], overlays: &[&str]) -> Workspace {
    Workspace {
        files: files
            .iter()
            .map(|(path, text)| WorkspaceFile {
                path: (*path).to_owned(),
                text: (*text).to_owned(),
            })
            .collect(),
        mode: Mode::Set {
            base,
            overlays: overlays
                .iter()
                .map(|file| OverlayEntry {
                    file: (*file).to_owned(),
                    enabled: true,
                })
                .collect(),
        },
    }
}

fn derivation(name: &str, builder: &str) -> String {
    format!("derivation {{ name = \"{name}\"; builder = \"{builder}\"; system = \"x\"; }}")
}

/// A custom base of two derivations (`b` from its own file) and an overlay
/// that redefines `a` the same way and adds `c`.
fn custom() -> Workspace {
    let base = format!(
        "final: {{ a = {}; b = import ./b.nix; }}",
        derivation("a", "/bin/a")
    );
    let overlay = format!(
        "final: prev: {{ a = {}; c = {}; }}",
        derivation("a", "/bin/a"),
        derivation("c", "/bin/c")
    );
    set_workspace(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        &[
            ("base.nix", &base),
            ("b.nix", &derivation("b", "/bin/b")),
            ("overlay.nix", &overlay),
            ("notes.nix", "# read by nothing"),
        ],
        &["overlay.nix"],
    )
}

fn change_of(view: &SetView, name: &str) -> Option<Change> {
    view.rows
        .iter()
        .find(|row| row.path.last().map(String::as_str) == Some(name))
        .map(|row| row.change)
}

/// Asserts two showings are the same, naming the first row that differs.
fn assert_same(
    live: &(SetView, Vec<Vec<AttrRow>>),
    kept: &(SetView, Vec<Vec<AttrRow>>),
    what: &str,
) {
    let rows = |shown: &(SetView, Vec<Vec<AttrRow>>)| {
        let mut all = shown.0.rows.clone();
        all.extend(shown.1.iter().flatten().cloned());
        all
    };
    for (live, kept) in rows(live).iter().zip(rows(kept).iter()) {
        assert_eq!(live, kept, "{what}: row {:?} differs", live.path);
    }
    assert_eq!(live, kept, "{what}");
}

#[test]
fn kept_comparisons_show_exactly_what_live_ones_do() {
    fixpoint_eval::value::track_cycles();
    let mut all = gallery().unwrap_or_else(|error| panic!("{error}"));
    all.push(("custom base".to_owned(), custom()));
    all.push((
        "python set".to_owned(),
        set_workspace(
            Base::PythonSet,
            &[(
                "o.nix",
                "final: prev: { six = prev.six.overrideAttrs (old: { doCheck = false; }); }",
            )],
            &["o.nix"],
        ),
    ));
    all.push((
        "nested nixpkgs".to_owned(),
        Workspace {
            files: vec![file(
                "main.nix",
                "{ pkgs = import <nixpkgs> { overlays = [ (final: prev: { hello = prev.hello.overrideAttrs (o: { doCheck = false; }); }) ]; }; }",
            )],
            mode: Mode::Expression {
                entry: "main.nix".to_owned(),
            },
        },
    ));
    for (name, workspace) in &all {
        let kept = EngineOptions::default();
        assert_same(
            &shown(workspace, &live()),
            &shown(workspace, &kept),
            &format!("{name}: first session"),
        );
        // A keystroke in every file in turn: the comparison is taken again
        // or evaluated afresh, and the view is still the live one.
        for edited in &workspace.files {
            let typed = with_text(workspace, &edited.path, &format!("{} ", edited.text));
            assert_same(
                &shown(&typed, &live()),
                &shown(&typed, &kept),
                &format!("{name}: after typing in {}", edited.path),
            );
        }
    }
}

#[test]
fn a_kept_comparison_is_taken_again_while_what_it_read_is_unchanged() {
    fixpoint_eval::value::track_cycles();
    let options = EngineOptions::default();
    let workspace = custom();
    let first = shown(&workspace, &options);
    assert_eq!(change_of(&first.0, "a"), Some(Change::Unchanged));
    assert_eq!(change_of(&first.0, "c"), Some(Change::Added));
    assert_eq!(options.baselines.reused(), 0);
    // The overlay and an unrelated file are not read by the base alone.
    let overlay = text_of(&workspace, "overlay.nix").replace("/bin/c", "/bin/cc");
    let typed = with_text(&workspace, "overlay.nix", &overlay);
    let typed = with_text(&typed, "notes.nix", "# still read by nothing");
    let again = shown(&typed, &options);
    assert_eq!(options.baselines.reused(), 1, "the comparison was kept");
    assert_eq!(again, shown(&typed, &live()));
}

#[test]
fn a_kept_comparison_is_invalidated_when_a_file_it_read_changes() {
    fixpoint_eval::value::track_cycles();
    let options = EngineOptions::default();
    let workspace = custom();
    let first = shown(&workspace, &options);
    assert_eq!(change_of(&first.0, "a"), Some(Change::Unchanged));
    // The base's `a` changes: the overlay's `a` is now a rebuild. A stale
    // comparison would still say unchanged.
    let base = text_of(&workspace, "base.nix").replacen("/bin/a", "/bin/other", 1);
    let edited = with_text(&workspace, "base.nix", &base);
    let second = shown(&edited, &options);
    assert_eq!(options.baselines.reused(), 0, "base.nix was read: not kept");
    assert_eq!(change_of(&second.0, "a"), Some(Change::Rebuild));
    assert_eq!(second, shown(&edited, &live()));
    // The same for a file the base imports: `b` keeps its path only while
    // b.nix is unchanged (the overlay now redefines `b` as b.nix was).
    let overlay = format!("final: prev: {{ b = {}; }}", derivation("b", "/bin/b"));
    let with_b = with_text(&edited, "overlay.nix", &overlay);
    let third = shown(&with_b, &options);
    assert_eq!(change_of(&third.0, "b"), Some(Change::Unchanged));
    let reused = options.baselines.reused();
    let moved = with_text(&with_b, "b.nix", &derivation("b", "/bin/moved"));
    let fourth = shown(&moved, &options);
    assert_eq!(
        options.baselines.reused(),
        reused,
        "b.nix was read: not kept"
    );
    assert_eq!(change_of(&fourth.0, "b"), Some(Change::Rebuild));
    assert_eq!(fourth, shown(&moved, &live()));
}

#[test]
fn a_file_the_comparison_looked_for_and_did_not_find_invalidates_it_when_added() {
    fixpoint_eval::value::track_cycles();
    let options = EngineOptions::default();
    let base = format!(
        "final: {{ a = if builtins.pathExists ./extra.nix then import ./extra.nix else {}; }}",
        derivation("a", "/bin/a")
    );
    let overlay = format!("final: prev: {{ a = {}; }}", derivation("a", "/bin/a"));
    let workspace = set_workspace(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        &[("base.nix", &base), ("overlay.nix", &overlay)],
        &["overlay.nix"],
    );
    let first = shown(&workspace, &options);
    assert_eq!(change_of(&first.0, "a"), Some(Change::Unchanged));
    let added = with_text(&workspace, "extra.nix", &derivation("a", "/bin/extra"));
    let second = shown(&added, &options);
    assert_eq!(options.baselines.reused(), 0);
    assert_eq!(change_of(&second.0, "a"), Some(Change::Rebuild));
    assert_eq!(second, shown(&added, &live()));
}

#[test]
fn files_a_kept_comparison_reads_later_come_from_the_new_workspace() {
    fixpoint_eval::value::track_cycles();
    let options = EngineOptions::default();
    // First `b` is not a derivation in the overlaid set: b.nix is not read.
    let workspace = with_text(&custom(), "overlay.nix", "final: prev: { b = 1; }");
    let first = shown(&workspace, &options);
    assert_eq!(change_of(&first.0, "b"), Some(Change::NotCompared));
    // Then b.nix changes and the overlay uses the base's `b`: the kept
    // comparison is taken (nothing it read changed) and reads b.nix now,
    // from this workspace.
    let next = with_text(&workspace, "b.nix", &derivation("b", "/bin/new"));
    let next = with_text(&next, "overlay.nix", "final: prev: { b = prev.b; }");
    let second = shown(&next, &options);
    assert_eq!(options.baselines.reused(), 1);
    assert_eq!(change_of(&second.0, "b"), Some(Change::Unchanged));
    assert_eq!(second, shown(&next, &live()));
}

#[test]
fn a_comparison_that_raises_events_is_made_in_the_session_itself() {
    fixpoint_eval::value::track_cycles();
    let options = EngineOptions::default();
    let base = format!(
        "final: {{ a = builtins.trace \"base a\" ({}); }}",
        derivation("a", "/bin/a")
    );
    let overlay = format!(
        "final: prev: {{ a = builtins.trace \"overlay a\" ({}); }}",
        derivation("a", "/bin/a")
    );
    let workspace = set_workspace(
        Base::Custom {
            file: "base.nix".to_owned(),
        },
        &[("base.nix", &base), ("overlay.nix", &overlay)],
        &["overlay.nix"],
    );
    for _ in 0..2 {
        let kept = shown(&workspace, &options);
        assert_eq!(kept, shown(&workspace, &live()));
        let messages: Vec<&str> = kept.0.events.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(change_of(&kept.0, "a"), Some(Change::Unchanged));
    }
}
