//! The callbacks of the result views (Set, Graph, Trace, Value, Problems), built
//! once for both roots that show them: [`super::Playground`] and
//! [`super::EmbedPage`]. Each turns a view's event into actions on the
//! workspace and, where the worker must answer, a request to it.

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::{EvaluatorHandle, Reveal, TRACE_PAGE};
use crate::problems::Location;
use crate::state::{relative_path, Action, EvalState, Workspace};

/// What the result views call back into the root with.
pub struct ViewCallbacks {
    /// A row or node was selected.
    pub on_select: Callback<Vec<String>>,
    /// A nested set was opened or closed in place.
    pub on_toggle_expand: Callback<Vec<String>>,
    /// "Show derivation" for the attribute at this path.
    pub on_derivation: Callback<Vec<String>>,
    /// The Trace view moved to this step.
    pub on_trace_step: Callback<usize>,
    /// A problem's location was clicked: open its file and reveal the span.
    pub on_jump: Callback<Location>,
    /// The Value view shows JSON and the answer has none yet.
    pub on_want_json: Callback<()>,
}

impl ViewCallbacks {
    /// The callbacks for `current` (the workspace as rendered), sending
    /// actions through `dispatch` and requests through `evaluator`.
    pub fn new(
        evaluator: &EvaluatorHandle,
        current: &Rc<Workspace>,
        dispatch: &Callback<Action>,
        reveal: &UseStateHandle<Option<Reveal>>,
    ) -> Self {
        let on_select = dispatch.reform(Action::Select);
        let on_toggle_expand = {
            let evaluator = evaluator.clone();
            let current = Rc::clone(current);
            let dispatch = dispatch.clone();
            Callback::from(move |path: Vec<String>| {
                if current.expanded.contains_key(&path) {
                    dispatch.emit(Action::Collapse(path));
                } else {
                    dispatch.emit(Action::Expanding(path.clone()));
                    evaluator.expand(current.rev, current.to_wire(), path);
                }
            })
        };
        let on_derivation = {
            let evaluator = evaluator.clone();
            let current = Rc::clone(current);
            let dispatch = dispatch.clone();
            Callback::from(move |path: Vec<String>| {
                dispatch.emit(Action::DerivationRequested(path.clone()));
                evaluator.derivation(current.rev, current.to_wire(), path);
            })
        };
        let on_trace_step = {
            let evaluator = evaluator.clone();
            let current = Rc::clone(current);
            let dispatch = dispatch.clone();
            Callback::from(move |step: usize| {
                let Some(page) = &current.trace else { return };
                let in_page = step >= page.offset && step < page.offset + page.events.len();
                if in_page {
                    dispatch.emit(Action::TraceStep(step));
                } else if let Some(path) = current.selected.clone() {
                    // Steps outside the loaded page load the page holding them.
                    let offset = step - step % TRACE_PAGE;
                    evaluator.trace(current.rev, current.to_wire(), path, offset);
                }
            })
        };
        let on_jump = {
            let dispatch = dispatch.clone();
            let reveal = reveal.clone();
            Callback::from(move |at: Location| {
                let Some(file) = relative_path(&at.file).map(str::to_owned) else {
                    return;
                };
                dispatch.emit(Action::OpenFile(file.clone()));
                let nonce = reveal.as_ref().map_or(0, |r| r.nonce + 1);
                reveal.set(Some(Reveal {
                    file,
                    start: at.start,
                    end: at.end,
                    nonce,
                }));
            })
        };
        let on_want_json = {
            let evaluator = evaluator.clone();
            let current = Rc::clone(current);
            Callback::from(move |()| {
                // Only for an answer about the workspace as it is: a newer
                // answer is on its way otherwise, and asks again.
                let wanted = matches!(&current.eval,
                    EvalState::Done { rev, outcome } if *rev == current.rev && outcome.json.is_none());
                if wanted {
                    evaluator.json(current.rev, current.to_wire());
                }
            })
        };
        ViewCallbacks {
            on_select,
            on_toggle_expand,
            on_derivation,
            on_trace_step,
            on_jump,
            on_want_json,
        }
    }
}
