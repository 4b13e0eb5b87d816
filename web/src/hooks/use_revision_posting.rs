//! `use_revision_posting`: every revision of the workspace goes to the
//! evaluator once, as early as the page can know it.
//!
//! A revision is normally posted while the page renders it (not from an
//! effect, which would wait for every child and the DOM). A keystroke can
//! be posted sooner: the editor reports an edit before CodeMirror redraws
//! (`dispatchTransactions` in `web/js/editor.js`), and [`Posting::edit`]
//! applies the edit to the workspace of the last render with the reducer
//! itself, posts the result, and only then dispatches the edit. The render
//! of that revision finds it posted. CodeMirror's redraw (about 5 ms) and
//! the page's own render then overlap the evaluation instead of coming
//! before it.
//!
//! Invariant: an early post is made only from the workspace the page last
//! rendered, and only while no other workspace edit was dispatched since
//! that render; otherwise the edit waits for its render like any other.
//! The reducer is pure, so the early revision is the one the render will
//! show (same number, same files).
//!
//! Tests: the end-to-end tests in `tests/e2e/` type into the editor and
//! check every result; the reducer's own tests are in `state/tests.rs`.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::EvaluatorHandle;
use crate::state::{Action, Workspace};

/// What the page posted, and what an early post may start from.
struct PostingState {
    /// The revision last posted.
    posted: Option<u64>,
    /// The workspace of the last render, advanced by early posts.
    live: Rc<Workspace>,
    /// No workspace edit was dispatched since `live` was current.
    fresh: bool,
}

/// Posts revisions; see the module header.
#[derive(Clone)]
pub struct Posting {
    state: Rc<RefCell<PostingState>>,
    evaluator: EvaluatorHandle,
}

impl Posting {
    /// Posts `action`'s revision now, if it edits the workspace and an
    /// early post is safe; then dispatches it with `dispatch`.
    pub fn edit(&self, action: Action, dispatch: &Callback<Action>) {
        let early = {
            let mut state = self.state.borrow_mut();
            if state.fresh && action.edits_workspace() {
                let next = Rc::clone(&state.live).reduce(action.clone());
                let changed = next.rev != state.live.rev;
                state.live = Rc::clone(&next);
                changed.then(|| {
                    state.posted = Some(next.rev);
                    next
                })
            } else {
                None
            }
        };
        if let Some(next) = early {
            // `resolve_soon` tells the page the evaluation started in a
            // microtask: after the edit below has been reduced.
            self.evaluator.resolve_soon(next.rev, next.to_wire());
        }
        dispatch.emit(action);
    }

    /// Records that a workspace edit is on its way to the reducer: until the
    /// next render, edits wait for their render to be posted.
    pub fn dispatched(&self, action: &Action) {
        if action.edits_workspace() {
            self.state.borrow_mut().fresh = false;
        }
    }
}

/// Posts `workspace` (the state being rendered) unless it was posted
/// already, and returns the handle for early posts.
#[hook]
pub fn use_revision_posting(evaluator: &EvaluatorHandle, workspace: &Rc<Workspace>) -> Posting {
    let state = use_mut_ref(|| PostingState {
        posted: None,
        live: Rc::clone(workspace),
        fresh: true,
    });
    {
        let mut state = state.borrow_mut();
        state.live = Rc::clone(workspace);
        state.fresh = true;
        if state.posted != Some(workspace.rev) {
            state.posted = Some(workspace.rev);
            evaluator.resolve_soon(workspace.rev, workspace.to_wire());
        }
    }
    Posting {
        state,
        evaluator: evaluator.clone(),
    }
}
