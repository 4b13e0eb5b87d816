//! The root component: the single reducer, the evaluator, and the layout.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::{Editor, Output, Toolbar};
use crate::hooks::use_evaluator;
use crate::protocol::WireDiagnostic;
use crate::state::{Action, EvalState, Workspace};

/// How long typing must pause before the text is evaluated.
pub const DEBOUNCE_MS: u32 = 200;

/// The playground page.
#[component]
pub fn Playground() -> Html {
    let workspace = use_reducer(Workspace::default);
    let evaluator = use_evaluator(workspace.dispatcher());
    // One shared copy of this render's workspace for the closures below
    // (cheap: file texts are `Rc<str>`).
    let snapshot = Rc::new((*workspace).clone());

    // Re-evaluate after a pause in typing. The effect is keyed on the
    // revision, so the cleanup of the previous run cancels its timer and only
    // the latest text is sent.
    {
        let evaluator = evaluator.clone();
        let snapshot = Rc::clone(&snapshot);
        use_effect_with(workspace.rev, move |_| {
            let timer = Timeout::new(DEBOUNCE_MS, move || {
                evaluator.evaluate(
                    snapshot.rev,
                    snapshot.files_for_worker(),
                    snapshot.entry.clone(),
                );
            });
            move || drop(timer)
        });
    }

    let on_change = {
        let dispatcher = workspace.dispatcher();
        let path = workspace.active.clone();
        Callback::from(move |text: Rc<str>| {
            dispatcher.dispatch(Action::EditFile {
                path: path.clone(),
                text,
            })
        })
    };
    let on_run = {
        let evaluator = evaluator.clone();
        let snapshot = Rc::clone(&snapshot);
        Callback::from(move |()| {
            evaluator.evaluate(
                snapshot.rev,
                snapshot.files_for_worker(),
                snapshot.entry.clone(),
            )
        })
    };
    let on_stop = {
        let evaluator = evaluator.clone();
        Callback::from(move |()| evaluator.stop())
    };
    let source_of = {
        let snapshot = Rc::clone(&snapshot);
        Callback::from(move |path: String| snapshot.files.get(&path).cloned())
    };
    let diagnostics: Rc<[WireDiagnostic]> = workspace.diagnostics_for(&workspace.active).into();
    let running = matches!(workspace.eval, EvalState::Running { .. });

    html! {
        <div class="playground">
            <Toolbar {running} on_stop={on_stop} on_run={on_run.clone()} />
            <main class="panes">
                <section class="editor" aria-label="Editor">
                    <h2 class="pane-title file-name">{ workspace.active.clone() }</h2>
                    <Editor text={workspace.active_text()} {diagnostics} {on_change} {on_run} />
                </section>
                <Output eval={workspace.eval.clone()} stale={workspace.result_is_stale()} {source_of} />
            </main>
        </div>
    }
}
