//! The callbacks of the result views (Set, Graph, Trace, Value, Problems), built
//! once for both roots that show them: [`super::Playground`] and
//! [`super::EmbedPage`]. Each turns a view's event into actions on the
//! workspace and, where the worker must answer, a request to it.
//!
//! They are made once per root ([`use_view_callbacks`]) and read the state
//! of the latest render when they fire. A callback is compared by identity,
//! so callbacks made anew on every render would make every view render
//! again on every keystroke: the Set table of the model nixpkgs is 42 rows
//! that an edit, which changes nothing in them, would rebuild twice.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::{EvaluatorHandle, Reveal, TRACE_PAGE};
use crate::problems::Location;
use crate::state::{relative_path, Action, EvalState, Workspace};

/// What the result views call back into the root with.
#[derive(Clone)]
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

/// What the callbacks act on: the root's state as last rendered.
#[derive(Clone)]
struct Latest {
    evaluator: EvaluatorHandle,
    current: Rc<Workspace>,
    dispatch: Callback<Action>,
    reveal: UseStateHandle<Option<Reveal>>,
}

/// The result views' callbacks for a root: the same callbacks on every
/// render, acting on `current` (the workspace as rendered), sending actions
/// through `dispatch` and requests through `evaluator`, as of the latest
/// render when they fire.
#[hook]
pub fn use_view_callbacks(
    evaluator: &EvaluatorHandle,
    current: &Rc<Workspace>,
    dispatch: &Callback<Action>,
    reveal: &UseStateHandle<Option<Reveal>>,
) -> Rc<ViewCallbacks> {
    let now = Latest {
        evaluator: evaluator.clone(),
        current: Rc::clone(current),
        dispatch: dispatch.clone(),
        reveal: reveal.clone(),
    };
    let latest = use_mut_ref(|| now.clone());
    *latest.borrow_mut() = now;
    use_memo((), move |()| ViewCallbacks::reading(latest))
}

impl ViewCallbacks {
    /// Callbacks that act on what `latest` holds when they fire. Each takes
    /// a copy first: an action dispatched may render the root at once,
    /// which writes `latest`.
    fn reading(latest: Rc<RefCell<Latest>>) -> Self {
        let read = move || latest.borrow().clone();
        let on_select = {
            let read = read.clone();
            Callback::from(move |path: Vec<String>| read().dispatch.emit(Action::Select(path)))
        };
        let on_toggle_expand = {
            let read = read.clone();
            Callback::from(move |path: Vec<String>| {
                let Latest {
                    evaluator,
                    current,
                    dispatch,
                    ..
                } = read();
                if current.expanded.contains_key(&path) {
                    dispatch.emit(Action::Collapse(path));
                } else {
                    dispatch.emit(Action::Expanding(path.clone()));
                    evaluator.expand(current.rev, current.to_wire(), path);
                }
            })
        };
        let on_derivation = {
            let read = read.clone();
            Callback::from(move |path: Vec<String>| {
                let Latest {
                    evaluator,
                    current,
                    dispatch,
                    ..
                } = read();
                dispatch.emit(Action::DerivationRequested(path.clone()));
                evaluator.derivation(current.rev, current.to_wire(), path);
            })
        };
        let on_trace_step = {
            let read = read.clone();
            Callback::from(move |step: usize| {
                let Latest {
                    evaluator,
                    current,
                    dispatch,
                    ..
                } = read();
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
            let read = read.clone();
            Callback::from(move |at: Location| {
                let Latest {
                    dispatch, reveal, ..
                } = read();
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
        let on_want_json = Callback::from(move |()| {
            let Latest {
                evaluator, current, ..
            } = read();
            // Only for an answer about the workspace as it is: a newer
            // answer is on its way otherwise, and asks again.
            let wanted = matches!(&current.eval,
                EvalState::Done { rev, outcome } if *rev == current.rev && outcome.json.is_none());
            if wanted {
                evaluator.json(current.rev, current.to_wire());
            }
        });
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
