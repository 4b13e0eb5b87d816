//! The reducer's rules, one test per rule.

use super::*;

fn result() -> Rc<EvalResult> {
    Rc::new(EvalResult {
        view: None,
        value: Some(WireOutcome {
            value: Some("3".to_owned()),
            error: None,
            events: Vec::new(),
            steps: 1,
        }),
        json: None,
    })
}

fn edit(path: &str, text: &str) -> Action {
    Action::EditFile {
        path: path.to_owned(),
        text: Rc::from(text),
    }
}

/// Set mode: a custom base and two overlays.
fn stacked() -> Rc<Workspace> {
    Rc::new(Workspace::with_main("")).apply(Action::LoadShared {
        files: vec![
            ("base.nix".to_owned(), "final: { a = 1; }".to_owned()),
            ("one.nix".to_owned(), "final: prev: { b = 1; }".to_owned()),
            ("two.nix".to_owned(), "final: prev: { b = 2; }".to_owned()),
        ],
        mode: WireMode::Set {
            base: WireBase::Custom {
                file: "base.nix".to_owned(),
            },
            overlays: vec![
                WireOverlay {
                    file: "one.nix".to_owned(),
                    enabled: true,
                },
                WireOverlay {
                    file: "two.nix".to_owned(),
                    enabled: true,
                },
            ],
        },
        active: Some("two.nix".to_owned()),
    })
}

fn overlay_files(state: &Workspace) -> Vec<(String, bool)> {
    state
        .overlays()
        .iter()
        .map(|overlay| (overlay.file.clone(), overlay.enabled))
        .collect()
}

#[test]
fn edit_bumps_rev_and_replaces_text() {
    let start = Rc::new(Workspace::with_main("1"));
    let next = start.clone().apply(edit(MAIN_FILE, "1 + 2"));
    assert_eq!(next.rev, 1);
    assert_eq!(&*next.active_text(), "1 + 2");
    assert_eq!(&*start.active_text(), "1", "the old state is untouched");
}

#[test]
fn edit_to_same_text_or_unknown_file_is_a_no_op() {
    let start = Rc::new(Workspace::with_main("1"));
    assert!(Rc::ptr_eq(
        &start,
        &start.clone().apply(edit(MAIN_FILE, "1"))
    ));
    assert!(Rc::ptr_eq(
        &start,
        &start.clone().apply(edit("nope.nix", "2"))
    ));
}

#[test]
fn stale_answer_is_dropped_and_current_one_shown() {
    let state = Rc::new(Workspace::with_main("1"))
        .apply(edit(MAIN_FILE, "1 +"))
        .apply(edit(MAIN_FILE, "1 + 2"));
    let same = state.clone().apply(Action::Evaluated {
        rev: 1,
        outcome: result(),
    });
    assert!(Rc::ptr_eq(&state, &same));
    assert!(same.result_is_stale());
    let shown = same.apply(Action::Evaluated {
        rev: 2,
        outcome: result(),
    });
    assert!(!shown.result_is_stale());
    assert!(shown.result().is_some());
}

#[test]
fn json_joins_the_answer_it_was_asked_for_only() {
    let state = Rc::new(Workspace::with_main("1"))
        .apply(edit(MAIN_FILE, "1 + 2"))
        .apply(Action::Evaluated {
            rev: 1,
            outcome: result(),
        });
    let other = state.clone().apply(Action::JsonLoaded {
        rev: 0,
        json: Ok("2".to_owned()),
    });
    assert!(
        Rc::ptr_eq(&state, &other),
        "JSON of another revision is dropped"
    );
    let shown = state.apply(Action::JsonLoaded {
        rev: 1,
        json: Ok("3".to_owned()),
    });
    assert_eq!(
        shown.result().and_then(|result| result.json.clone()),
        Some(Ok("3".to_owned()))
    );
    assert!(!shown.result_is_stale());
    let again = shown.clone().apply(Action::JsonLoaded {
        rev: 1,
        json: Err("late".to_owned()),
    });
    assert!(
        Rc::ptr_eq(&shown, &again),
        "the first JSON for an answer stays"
    );
}

#[test]
fn running_keeps_showing_the_previous_answer_marked_stale() {
    let done = Rc::new(Workspace::with_main("1"))
        .apply(Action::EvaluationStarted { rev: 0 })
        .apply(Action::Evaluated {
            rev: 0,
            outcome: result(),
        });
    assert!(!done.result_is_stale());
    let running = done
        .apply(edit(MAIN_FILE, "1 + 2"))
        .apply(Action::EvaluationStarted { rev: 1 });
    assert!(matches!(running.eval, EvalState::Running { rev: 1, .. }));
    assert!(running.result().is_some(), "the old answer stays on screen");
    assert!(running.result_is_stale());
}

#[test]
fn answer_in_flight_is_shown_stale_after_a_newer_edit() {
    let running = Rc::new(Workspace::with_main("1"))
        .apply(edit(MAIN_FILE, "1 +"))
        .apply(Action::EvaluationStarted { rev: 1 })
        .apply(edit(MAIN_FILE, "1 + 2"));
    let shown = running.apply(Action::Evaluated {
        rev: 1,
        outcome: result(),
    });
    assert!(matches!(shown.eval, EvalState::Done { rev: 1, .. }));
    assert!(shown.result_is_stale());
    // The newer request starts: the answer for rev 1 stays visible.
    let next = shown.apply(Action::EvaluationStarted { rev: 2 });
    assert!(next.result().is_some());
    // A second answer for rev 1 (none is in flight now) is dropped.
    let same = next.clone().apply(Action::Evaluated {
        rev: 1,
        outcome: result(),
    });
    assert!(Rc::ptr_eq(&next, &same));
}

#[test]
fn failure_of_current_rev_is_recorded_and_stale_failure_dropped() {
    let state = Rc::new(Workspace::with_main("1")).apply(edit(MAIN_FILE, "2"));
    let same = state.clone().apply(Action::EvaluationFailed {
        rev: 0,
        reason: EvalFailure::Stopped,
    });
    assert!(Rc::ptr_eq(&state, &same));
    let failed = state.apply(Action::EvaluationFailed {
        rev: 1,
        reason: EvalFailure::TimedOut { after_ms: 5000 },
    });
    assert!(matches!(failed.eval, EvalState::Failed { rev: 1, .. }));
}

#[test]
fn stopping_the_request_in_flight_after_a_newer_edit_ends_running() {
    let running = Rc::new(Workspace::with_main("1"))
        .apply(edit(MAIN_FILE, "let f = x: f x; in f 1"))
        .apply(Action::EvaluationStarted { rev: 1 })
        .apply(edit(MAIN_FILE, "let f = x: f x; in f 2"));
    let stopped = running.apply(Action::EvaluationFailed {
        rev: 1,
        reason: EvalFailure::Stopped,
    });
    assert!(matches!(
        stopped.eval,
        EvalState::Failed {
            rev: 1,
            reason: EvalFailure::Stopped
        }
    ));
    assert!(stopped.result_is_stale());
}

#[test]
fn adding_in_set_mode_stacks_a_new_overlay_and_opens_it() {
    let state = stacked().apply(Action::AddFile);
    assert_eq!(state.active, "overlay-1.nix");
    assert_eq!(&*state.active_text(), NEW_OVERLAY_TEXT);
    assert_eq!(
        overlay_files(&state).last(),
        Some(&("overlay-1.nix".to_owned(), true))
    );
    let again = state.apply(Action::AddFile);
    assert_eq!(again.active, "overlay-2.nix");
}

#[test]
fn adding_in_expression_mode_does_not_change_the_entry() {
    let state = Rc::new(Workspace::with_main("1")).apply(Action::AddFile);
    assert_eq!(state.files.len(), 2);
    assert_eq!(
        state.mode,
        WireMode::Expression {
            entry: MAIN_FILE.to_owned()
        }
    );
}

#[test]
fn renaming_follows_the_file_into_the_stack_and_the_editor() {
    let state = stacked().apply(Action::RenameFile {
        from: "two.nix".to_owned(),
        to: "second.nix".to_owned(),
    });
    assert_eq!(state.active, "second.nix");
    assert_eq!(
        overlay_files(&state),
        vec![
            ("one.nix".to_owned(), true),
            ("second.nix".to_owned(), true)
        ]
    );
    let based = state.apply(Action::RenameFile {
        from: "base.nix".to_owned(),
        to: "nix/base.nix".to_owned(),
    });
    assert_eq!(based.role_of("nix/base.nix"), FileRole::Base);
}

#[test]
fn renaming_onto_an_existing_or_invalid_name_is_a_no_op() {
    let state = stacked();
    for to in ["one.nix", "", "../x.nix", "/abs.nix", "a//b.nix"] {
        let same = state.clone().apply(Action::RenameFile {
            from: "two.nix".to_owned(),
            to: to.to_owned(),
        });
        assert!(Rc::ptr_eq(&state, &same), "rename to {to:?}");
    }
}

#[test]
fn deleting_removes_the_file_from_the_stack_and_never_the_last_file() {
    let state = stacked().apply(Action::DeleteFile("two.nix".to_owned()));
    assert_eq!(overlay_files(&state), vec![("one.nix".to_owned(), true)]);
    assert_eq!(state.active, "base.nix");
    let no_base = state.apply(Action::DeleteFile("base.nix".to_owned()));
    assert!(matches!(
        no_base.mode,
        WireMode::Set {
            base: WireBase::MiniNixpkgs,
            ..
        }
    ));
    let single = Rc::new(Workspace::with_main("1"));
    assert!(Rc::ptr_eq(
        &single,
        &single
            .clone()
            .apply(Action::DeleteFile(MAIN_FILE.to_owned()))
    ));
}

#[test]
fn toggling_and_moving_overlays_change_the_revision() {
    let state = stacked();
    let off = state.clone().apply(Action::ToggleOverlay(0));
    assert_eq!(off.rev, state.rev + 1);
    assert_eq!(overlay_files(&off)[0], ("one.nix".to_owned(), false));
    let moved = off.apply(Action::MoveOverlay { from: 1, to: 0 });
    assert_eq!(
        overlay_files(&moved),
        vec![("two.nix".to_owned(), true), ("one.nix".to_owned(), false)]
    );
    let same = moved.clone().apply(Action::MoveOverlay { from: 0, to: 5 });
    assert!(Rc::ptr_eq(&moved, &same));
    let same = moved.clone().apply(Action::ToggleOverlay(7));
    assert!(Rc::ptr_eq(&moved, &same));
}

#[test]
fn switching_to_set_mode_stacks_files_that_look_like_overlays() {
    let state = Rc::new(Workspace::with_main("1 + 1"))
        .apply(Action::AddFile)
        .apply(edit("file-1.nix", "# mine\nfinal: prev: { x = 1; }\n"))
        .apply(Action::SetExpressionMode(false));
    assert_eq!(overlay_files(&state), vec![("file-1.nix".to_owned(), true)]);
    assert_eq!(state.tab, ResultTab::Set);
    let back = state.apply(Action::SetExpressionMode(true));
    assert_eq!(
        back.mode,
        WireMode::Expression {
            entry: "file-1.nix".to_owned()
        }
    );
}

#[test]
fn a_custom_base_leaves_the_stack() {
    let state = stacked().apply(Action::SetBase(WireBase::Custom {
        file: "one.nix".to_owned(),
    }));
    assert_eq!(overlay_files(&state), vec![("two.nix".to_owned(), true)]);
    let same = state.clone().apply(Action::SetBase(WireBase::Custom {
        file: "missing.nix".to_owned(),
    }));
    assert!(Rc::ptr_eq(&state, &same));
}

#[test]
fn loading_an_inconsistent_workspace_is_refused() {
    let start = Rc::new(Workspace::with_main("1"));
    let same = start.clone().apply(Action::LoadShared {
        files: vec![("a.nix".to_owned(), "1".to_owned())],
        mode: WireMode::Expression {
            entry: "b.nix".to_owned(),
        },
        active: None,
    });
    assert!(Rc::ptr_eq(&start, &same));
    let same = start.clone().apply(Action::LoadShared {
        files: vec![
            ("a.nix".to_owned(), "1".to_owned()),
            ("a.nix".to_owned(), "2".to_owned()),
        ],
        mode: WireMode::Expression {
            entry: "a.nix".to_owned(),
        },
        active: None,
    });
    assert!(Rc::ptr_eq(&start, &same));
}

#[test]
fn loading_bumps_the_revision_so_old_answers_are_dropped() {
    let state = stacked();
    assert_eq!(state.rev, 1);
    assert_eq!(state.active, "two.nix");
    assert_eq!(state.tab, ResultTab::Set);
}

#[test]
fn expansions_are_dropped_when_the_workspace_changes() {
    let path = vec!["python3Packages".to_owned()];
    let state = stacked().apply(Action::Expanding(path.clone()));
    assert_eq!(state.expanded.get(&path), Some(&Expansion::Loading));
    let rev = state.rev;
    let listed = state.apply(Action::Expanded {
        rev,
        path: path.clone(),
        rows: Ok(Rc::from(Vec::new())),
    });
    assert!(matches!(
        listed.expanded.get(&path),
        Some(Expansion::Rows(_))
    ));
    let edited = listed.apply(edit("one.nix", "final: prev: { }"));
    assert!(edited.expanded.is_empty());
}

#[test]
fn overlay_shape_is_recognised_from_the_first_two_lambdas() {
    assert!(looks_like_overlay("final: prev: { }"));
    assert!(looks_like_overlay("# c\nself: super:\n{ }"));
    assert!(!looks_like_overlay("{ a = 1; }"));
    assert!(!looks_like_overlay("final: { a = 1; }"));
    assert!(!looks_like_overlay("{ x }: y: x"));
}

#[test]
fn every_action_that_bumps_the_revision_edits_the_workspace() {
    // edits_workspace() must agree with the reducer: an action that changes
    // what is evaluated is an edit, one that only changes the view is not
    // (LoadShared replaces the workspace from elsewhere and is the exception).
    let start = stacked();
    let actions = vec![
        edit("one.nix", "final: prev: { b = 3; }"),
        Action::AddFile,
        Action::RenameFile {
            from: "one.nix".to_owned(),
            to: "first.nix".to_owned(),
        },
        Action::DeleteFile("one.nix".to_owned()),
        Action::SetExpressionMode(true),
        Action::SetBase(WireBase::MiniNixpkgs),
        Action::ToggleOverlay(0),
        Action::MoveOverlay { from: 0, to: 1 },
        Action::SetOverlay {
            file: "two.nix".to_owned(),
            stacked: false,
        },
        Action::OpenFile("one.nix".to_owned()),
        Action::Select(vec!["b".to_owned()]),
        Action::ShowTab(ResultTab::Graph),
        Action::TraceStep(1),
        Action::CloseDerivation,
    ];
    for action in actions {
        let bumped = start.clone().apply(action.clone()).rev != start.rev;
        assert_eq!(action.edits_workspace(), bumped, "{action:?}");
    }
    let expression = Rc::new(Workspace::with_main("1")).apply(Action::AddFile);
    let entry = Action::SetEntry("file-1.nix".to_owned());
    assert!(entry.edits_workspace());
    assert_ne!(expression.clone().apply(entry).rev, expression.rev);
}
