//! The root component: the single reducer, the evaluator, and the layout.
//!
//! Left: the workspace (mode, base, overlay stack, file tabs, editor).
//! Right: the result tabs (Set, Graph, Trace, Value, Problems) and the
//! derivation panel. Every change goes through an [`Action`]; the effects
//! here are the only side effects: evaluate every revision (at once when
//! the worker is idle, coalesced while it is busy), ask for a trace when
//! the Trace tab needs one, keep the workspace in `localStorage`, and load
//! `?example=<id>` on start.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::components::view_callbacks::{use_view_callbacks, ViewCallbacks};
use crate::components::{
    gallery, DerivationPanel, Editor, FileTabs, Gallery, Graph, Help, LinkBanner, ProblemsView,
    SetTable, StackPanel, Toolbar, TraceView, ValueView,
};
use crate::hooks::{
    use_evaluator, use_initial_load, use_revision_posting, use_selected_trace, use_share_link,
    use_theme, Reveal,
};
use crate::problems::problems;
use crate::protocol::set::{WireLayer, WireMode, WireRow};
use crate::state::{Action, EvalFailure, EvalResult, EvalState, ResultTab};

/// The answer on screen, compared by identity: one answer is one `Rc`.
#[derive(Clone)]
struct SameAnswer(Option<Rc<EvalResult>>);

impl PartialEq for SameAnswer {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Which dialog is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialog {
    None,
    Gallery,
    Help,
}

/// The playground page.
#[component]
pub fn Playground() -> Html {
    // A link in the address bar, else the last local workspace, else the
    // welcome example (see hooks::use_share_link).
    let initial = use_initial_load();
    let workspace = use_reducer({
        let initial = Rc::clone(&initial);
        move || initial.workspace.clone()
    });
    let evaluator = use_evaluator(workspace.dispatcher());
    let dialog = use_state(|| Dialog::None);
    let reveal = use_state(|| None::<Reveal>);
    let theme = use_theme();
    let copied = use_state(|| None::<&'static str>);
    let snapshot = Rc::new((*workspace).clone());
    // Every change the page makes goes through here. Once the user changes
    // the workspace, `?example=` leaves the address: a reload must restore
    // their work from `localStorage`, not reopen the pristine example.
    // Evaluate every revision at once. No timer: when the worker is idle
    // the request is posted now (a keystroke reaches the view in the time
    // of one evaluation); while one runs, the supervisor keeps only the
    // newest request and posts it the moment the worker answers, so fast
    // typing coalesces into one evaluation per answer (latest wins). Posted
    // from this render, or for a keystroke before it (see
    // hooks::use_revision_posting). Once per revision.
    let posting = use_revision_posting(&evaluator, &snapshot);
    let dispatch = {
        let dispatcher = workspace.dispatcher();
        let posting = posting.clone();
        Callback::from(move |action: Action| {
            if action.edits_workspace() {
                gallery::forget_example_in_address();
            }
            posting.dispatched(&action);
            dispatcher.dispatch(action)
        })
    };
    // Keep the workspace for the next visit and in the address bar; the
    // banner's state for a link that does not open.
    let link = use_share_link(
        Rc::clone(&snapshot),
        Rc::clone(&initial),
        workspace.dispatcher(),
    );
    // Trace the selected attribute when the Trace tab shows it.
    use_selected_trace(&evaluator, &snapshot);
    // `?example=<id>` opens that example.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            if let Some(id) = gallery::example_in_address() {
                yew::platform::spawn_local(async move {
                    let Ok(manifest) = gallery::fetch_manifest().await else {
                        return;
                    };
                    if let Some(example) = manifest.examples.into_iter().find(|e| e.id == id) {
                        if let Ok(action) = gallery::load_example(example).await {
                            dispatch.emit(action);
                        }
                    }
                });
            }
        });
    }

    // The editor reports an edit before it redraws: post it first.
    let on_change = {
        let dispatch = dispatch.clone();
        let path = workspace.active.clone();
        Callback::from(move |text: Rc<str>| {
            let action = Action::EditFile {
                path: path.clone(),
                text,
            };
            posting.edit(action, &dispatch)
        })
    };
    let on_run = {
        let evaluator = evaluator.clone();
        let snapshot = Rc::clone(&snapshot);
        Callback::from(move |()| evaluator.resolve(snapshot.rev, snapshot.to_wire()))
    };
    let on_stop = {
        let evaluator = evaluator.clone();
        Callback::from(move |()| evaluator.stop())
    };
    let on_format = {
        let dispatch = dispatch.clone();
        let path = workspace.active.clone();
        let text = workspace.active_text();
        Callback::from(move |()| {
            dispatch.emit(Action::EditFile {
                path: path.clone(),
                text: Rc::from(crate::format::format(&text)),
            })
        })
    };
    let on_copy = {
        let snapshot = Rc::clone(&snapshot);
        let copied = copied.clone();
        Callback::from(move |()| {
            let text = crate::markdown::to_markdown(&snapshot);
            let copied = copied.clone();
            let Some(window) = web_sys::window() else {
                return;
            };
            let promise = window.navigator().clipboard().write_text(&text);
            let ok = {
                let copied = copied.clone();
                Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| copied.set(Some("Copied")))
            };
            let failed = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                copied.set(Some("Copy failed"))
            });
            let _ = promise.then2(&ok, &failed);
            // The promise settles once; the two small closures live on.
            ok.forget();
            failed.forget();
        })
    };
    let ViewCallbacks {
        on_select,
        on_toggle_expand,
        on_derivation,
        on_trace_step,
        on_jump,
        on_want_json,
    } = (*use_view_callbacks(&evaluator, &snapshot, &dispatch, &reveal)).clone();
    let show_tab = |tab: ResultTab| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::ShowTab(tab)))
    };
    let open = |which: Dialog| {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(which))
    };

    let diagnostics: Rc<[crate::protocol::WireDiagnostic]> =
        workspace.diagnostics_for(&workspace.active).into();
    let running = matches!(workspace.eval, EvalState::Running { .. });
    let stale = workspace.result_is_stale();
    let result = workspace.result();
    let final_rev = (!workspace.result_is_stale()).then_some(workspace.rev);
    let view = result.and_then(|result| result.view.as_ref());
    // Built once per answer (not per render): the views' props then compare
    // by pointer, and a keystroke does not copy every row.
    let shown = use_memo(SameAnswer(workspace.shown_outcome()), |answer| {
        let view = answer.0.as_ref().and_then(|result| result.view.as_ref());
        let layers: Rc<[WireLayer]> = view
            .map(|view| view.layers.clone())
            .unwrap_or_default()
            .into();
        let rows: Rc<[WireRow]> = view
            .map(|view| view.rows.clone())
            .unwrap_or_default()
            .into();
        (layers, rows)
    });
    let (layers, rows) = (*shown).clone();
    let problem_list = problems(&workspace);
    let error_count = problem_list
        .iter()
        .filter(|p| p.level == crate::problems::Level::Error)
        .count();
    let set_mode = matches!(workspace.mode, WireMode::Set { .. });
    let reveal_here = (*reveal)
        .clone()
        .filter(|reveal| reveal.file == workspace.active);

    let failure = match &workspace.eval {
        EvalState::Failed { reason, .. } => Some(match reason {
            EvalFailure::Stopped => "Stopped. The evaluation worker was replaced; edit or press Run to evaluate again.".to_owned(),
            EvalFailure::TimedOut { after_ms } => format!("Stopped after {} s without an answer: the evaluation was taking too long (a loop such as f = x: f x?). The page stays usable; edit to try again.", after_ms / 1000),
            EvalFailure::WorkerCrashed { detail } => format!("The evaluation worker crashed ({detail}); a new one was started."),
            EvalFailure::Rejected { detail } => format!("The worker rejected the request: {detail}"),
        }),
        _ => None,
    };
    let set_body = match (&view, result) {
        (Some(view), _) if view.rows.is_empty() && view.error.is_some() => html! {
            <p class="error-message" data-testid="set-error">{ format!("error: {}", view.error.as_ref().map(|e| e.message.clone()).unwrap_or_default()) }</p>
        },
        (Some(_), _) => html! {
            <SetTable layers={layers.clone()} rows={rows.clone()} expanded={workspace.expanded.clone()}
                selected={workspace.selected.clone()} on_select={on_select.clone()}
                on_toggle={on_toggle_expand} on_derivation={on_derivation} />
        },
        (None, Some(_)) => {
            html! { <p class="empty">{"The value is not a set: see the Value tab."}</p> }
        }
        (None, None) => html! { <p class="empty">{"Evaluating…"}</p> },
    };
    let tab_body = match workspace.tab {
        ResultTab::Set => set_body,
        ResultTab::Graph => html! {
            <Graph layers={layers.clone()} rows={rows.clone()} selected={workspace.selected.clone()} on_select={on_select.clone()} />
        },
        ResultTab::Trace => html! {
            <TraceView layers={layers.clone()} selected={workspace.selected.clone()} page={workspace.trace.clone()}
                step={workspace.trace_step} on_step={on_trace_step} />
        },
        ResultTab::Value => html! {
            <ValueView value={result.and_then(|r| r.value.clone())} json={result.and_then(|r| r.json.clone())} {set_mode}
                files={Rc::<[(String, Rc<str>)]>::from(workspace.files.clone())}
                rev={final_rev} on_want_json={on_want_json.clone()} />
        },
        ResultTab::Problems => {
            html! { <ProblemsView problems={problem_list.clone()} on_jump={on_jump} /> }
        }
    };
    let tabs = ResultTab::ALL.iter().map(|tab| {
        let selected = *tab == workspace.tab;
        let label = match tab {
            ResultTab::Problems if !problem_list.is_empty() => format!("Problems ({})", problem_list.len()),
            other => other.label().to_owned(),
        };
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                class={classes!("result-tab", selected.then_some("active"), (*tab == ResultTab::Problems && error_count > 0).then_some("has-errors"))}
                onclick={show_tab(*tab)} data-testid={format!("tab-{}", tab.label().to_lowercase())}>
                { label }
            </button>
        }
    });
    let dialog_html = match *dialog {
        Dialog::None => html! {},
        Dialog::Gallery => {
            html! { <Gallery dispatch={dispatch.clone()} on_close={open(Dialog::None)} /> }
        }
        Dialog::Help => html! { <Help on_close={open(Dialog::None)} /> },
    };
    let derivation = workspace.derivation.clone().map(|state| {
        let dispatch = dispatch.clone();
        html! { <DerivationPanel {state} on_close={Callback::from(move |()| dispatch.emit(Action::CloseDerivation))} /> }
    });

    html! {
        <div class="playground">
            <style>{ crate::components::VIEWS_CSS }</style>
            <Toolbar {running} on_stop={on_stop} on_run={on_run.clone()}
                on_examples={open(Dialog::Gallery)} on_help={open(Dialog::Help)}
                on_format={on_format} on_copy={on_copy} copied={*copied}
                theme={theme.current()} on_theme={theme.toggle()} share={Rc::clone(&snapshot)} />
            { dialog_html }
            { for link.broken.as_ref().map(|broken| html! {
                <LinkBanner reason={broken.reason.clone()} can_restore={broken.last_local.is_some()}
                    on_restore={link.restore.clone()} on_dismiss={link.dismiss.clone()} />
            }) }
            <main class="panes">
                <section class="editor workspace-pane" aria-label="Workspace">
                    <StackPanel workspace={Rc::clone(&snapshot)} dispatch={dispatch.clone()}
                        plain_nix={view.as_ref().and_then(|v| v.plain_nix.clone())} />
                    <FileTabs workspace={Rc::clone(&snapshot)} dispatch={dispatch.clone()} />
                    <Editor key="editor" text={workspace.active_text()} {diagnostics} {on_change} {on_run}
                        reveal={reveal_here} />
                </section>
                <section class={classes!("output", "result-pane", stale.then_some("stale"))}
                    aria-label="Result" data-testid="output" aria-busy={running.to_string()}>
                    <div class="result-tabs" role="tablist" aria-label="result views">{ for tabs }</div>
                    { for failure.map(|text| html! { <p class="banner error-message" data-testid="result-failure" role="alert">{ text }</p> }) }
                    <p class="honesty">{"Store paths come from the playground's model nixpkgs, not from real nixpkgs."}</p>
                    <div class="tab-body" role="tabpanel">{ tab_body }</div>
                    { for derivation }
                </section>
            </main>
        </div>
    }
}
