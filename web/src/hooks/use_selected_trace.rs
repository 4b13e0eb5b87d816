//! Loads the forcing trace of the selected attribute while the Trace tab
//! shows it and none is loaded: the one effect both roots (playground and
//! embed page) need for the Trace view.

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::EvaluatorHandle;
use crate::state::{ResultTab, Workspace};

/// Asks the worker for the first page of the selected attribute's trace
/// when `current` shows the Trace tab without one; again after each
/// revision or change of selection.
#[hook]
pub fn use_selected_trace(evaluator: &EvaluatorHandle, current: &Rc<Workspace>) {
    let evaluator = evaluator.clone();
    let current = Rc::clone(current);
    let needed =
        current.tab == ResultTab::Trace && current.selected.is_some() && current.trace.is_none();
    use_effect_with(
        (needed, current.rev, current.selected.clone()),
        move |(needed, rev, selected)| {
            if let (true, Some(path)) = (*needed, selected.clone()) {
                evaluator.trace(*rev, current.to_wire(), path, 0);
            }
        },
    );
}
