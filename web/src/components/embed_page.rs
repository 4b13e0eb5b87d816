//! The embed page (`embed.html#v1.…`): the playground cut to the options of
//! its link or of the host's `init` — read-only, toolbar, panes, theme,
//! initial tab — with "Open in playground" carrying the current files.
//!
//! It owns its own workspace reducer and evaluator, like the playground,
//! and shows the same views ([`SetTable`], [`Graph`], [`TraceView`],
//! [`ValueView`], [`ProblemsView`]) for the panes its options keep. A
//! read-only embed shows the code in a read-only editor and still
//! evaluates, and the reader can still switch tabs. The theme is the
//! embed's own (link, `init`, `setTheme`), never the playground's stored
//! choice.

use std::rc::Rc;

use fixpoint_share::{with_fragment, EmbedOptions, Panes, Snapshot, Theme};
use yew::prelude::*;

use crate::components::view_callbacks::{use_view_callbacks, ViewCallbacks};
use crate::components::{
    DerivationPanel, Editor, Graph, LinkBanner, ProblemsView, SetTable, TraceView, ValueView,
};
use crate::hooks::{use_embed_host, use_evaluator, use_selected_trace, HostRequests, Reveal};
use crate::problems::problems;
use crate::protocol::set::WireMode;
use crate::protocol::WireDiagnostic;
use crate::share::{self, link_in};
use crate::state::{Action, EvalState, ResultTab, Workspace};

/// What the address bar gave the embed at start-up.
enum Start {
    Link(Rc<Snapshot>, Box<Workspace>),
    Broken(String),
    Empty,
}

fn read_start() -> Start {
    let hash = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    match link_in(&hash) {
        Some(Ok(snapshot)) => match share::workspace_of(&snapshot) {
            Ok(workspace) => Start::Link(Rc::new(snapshot), Box::new(workspace)),
            Err(problem) => Start::Broken(problem.to_string()),
        },
        Some(Err(error)) => Start::Broken(error.to_string()),
        None => Start::Empty,
    }
}

/// The playground's address: the folder of `embed.html`.
fn playground_page() -> String {
    let href = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default();
    let page = href.split(['#', '?']).next().unwrap_or_default();
    match page.rfind('/') {
        Some(slash) => page.get(..=slash).unwrap_or(page).to_owned(),
        None => page.to_owned(),
    }
}

fn apply_theme(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    let result = match theme {
        Theme::Light => root.set_attribute("data-theme", "light"),
        Theme::Dark => root.set_attribute("data-theme", "dark"),
        _ => root.remove_attribute("data-theme"),
    };
    if result.is_err() {
        web_sys::console::warn_1(&"fixpoint embed: cannot set the theme".into());
    }
}

/// The result tabs the options keep, in the playground's order.
fn shown_tabs(panes: &Panes) -> Vec<ResultTab> {
    ResultTab::ALL
        .into_iter()
        .filter(|tab| match tab {
            ResultTab::Set => panes.set,
            ResultTab::Graph => panes.graph,
            ResultTab::Trace => panes.trace,
            ResultTab::Value => panes.value,
            ResultTab::Problems => panes.problems,
        })
        .collect()
}

/// The root component of `embed.html`.
#[component]
pub fn EmbedPage() -> Html {
    let start = use_memo((), |_| read_start());
    let workspace = use_reducer(|| match &*start {
        Start::Link(_, workspace) => (**workspace).clone(),
        _ => Workspace::default(),
    });
    let options = use_state(|| match &*start {
        Start::Link(snapshot, _) => snapshot.embed.clone(),
        _ => EmbedOptions::default(),
    });
    let theme = use_state(|| options.theme);
    // Until a link or an `init` gives it code, the embed shows none.
    let has_code = use_state(|| matches!(&*start, Start::Link(..)));
    let broken = use_state(|| match &*start {
        Start::Broken(reason) => Some(reason.clone()),
        Start::Empty | Start::Link(..) => None,
    });
    let reveal = use_state(|| None::<Reveal>);
    let evaluator = use_evaluator(workspace.dispatcher());
    let root = use_node_ref();
    let current = Rc::new((*workspace).clone());
    let dispatch = {
        let dispatcher = workspace.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };

    let requests = {
        let dispatch = dispatch.clone();
        let options = options.clone();
        let theme_for_init = theme.clone();
        let has_code = has_code.clone();
        let broken = broken.clone();
        let theme = theme.clone();
        HostRequests {
            on_init: Callback::from(move |snapshot: Rc<Snapshot>| {
                let Ok(actions) = share::load_actions(&snapshot) else {
                    web_sys::console::warn_1(&"fixpoint embed: init cannot be opened".into());
                    return;
                };
                for action in actions {
                    dispatch.emit(action);
                }
                options.set(snapshot.embed.clone());
                theme_for_init.set(snapshot.embed.theme);
                has_code.set(true);
                broken.set(None);
            }),
            on_theme: Callback::from(move |chosen: Theme| theme.set(chosen)),
        }
    };
    let host = use_embed_host(root.clone(), Rc::clone(&current), requests);

    // The theme is the document's, so the page around the panes follows.
    use_effect_with(*theme, |theme| apply_theme(*theme));

    // Evaluate every revision; the evaluator keeps only the newest waiting
    // request, so fast typing coalesces (as in the playground).
    {
        let evaluator = evaluator.clone();
        let current = Rc::clone(&current);
        use_effect_with((workspace.rev, *has_code), move |(_, has_code)| {
            if *has_code {
                evaluator.resolve(current.rev, current.to_wire());
            }
        });
    }
    // Trace the selected attribute when the Trace tab shows it.
    use_selected_trace(&evaluator, &current);

    let on_change = {
        let dispatch = dispatch.clone();
        let path = workspace.active.clone();
        let read_only = options.read_only;
        Callback::from(move |text: Rc<str>| {
            if !read_only {
                dispatch.emit(Action::EditFile {
                    path: path.clone(),
                    text,
                })
            }
        })
    };
    let on_run = {
        let evaluator = evaluator.clone();
        let current = Rc::clone(&current);
        Callback::from(move |()| evaluator.resolve(current.rev, current.to_wire()))
    };
    let on_stop = {
        let evaluator = evaluator.clone();
        Callback::from(move |_: MouseEvent| evaluator.stop())
    };
    let ViewCallbacks {
        on_select,
        on_toggle_expand,
        on_derivation,
        on_trace_step,
        on_jump,
        on_want_json,
    } = (*use_view_callbacks(&evaluator, &current, &dispatch, &reveal)).clone();

    let options = &*options;
    let running = matches!(workspace.eval, EvalState::Running { .. });
    let banner = match &*broken {
        Some(reason) => html! {
            <LinkBanner reason={reason.clone()}
                hint="Ask the page's author for the whole embed link; the code cannot be shown without it." />
        },
        None => Html::default(),
    };
    let toolbar = if options.toolbar && *has_code {
        let on_run_click = on_run.reform(|_: MouseEvent| ());
        html! {
            <div class="embed-toolbar" data-testid="embed-toolbar">
                <button type="button" onclick={on_run_click} title="Evaluate now (Ctrl+Enter)" data-testid="run">{"Run"}</button>
                <button type="button" onclick={on_stop} disabled={!running} data-testid="stop">{"Stop"}</button>
                <span class="status" aria-live="polite">{ if running { "Evaluating…" } else { "" } }</span>
            </div>
        }
    } else {
        Html::default()
    };

    let editor = if !*has_code || !options.panes.editor {
        Html::default()
    } else {
        let diagnostics: Rc<[WireDiagnostic]> = workspace.diagnostics_for(&workspace.active).into();
        let file_tabs = (workspace.files.len() > 1).then(|| {
            let tabs = workspace.files.iter().map(|(name, _)| {
                let selected = *name == workspace.active;
                let open = dispatch.reform({
                    let name = name.clone();
                    move |_: MouseEvent| Action::OpenFile(name.clone())
                });
                html! {
                    <button type="button" role="tab" aria-selected={selected.to_string()}
                        class={classes!("file-tab", selected.then_some("active"))}
                        onclick={open} data-testid="embed-file-tab" data-file={name.clone()}>{ name.clone() }</button>
                }
            });
            html! { <div class="embed-files" role="tablist" aria-label="files">{ for tabs }</div> }
        });
        let reveal_here = (*reveal)
            .clone()
            .filter(|reveal| reveal.file == workspace.active);
        let label = if options.read_only {
            "Code (read-only)"
        } else {
            "Editor"
        };
        html! {
            <section class="editor embed-editor" aria-label={label}>
                { for file_tabs }
                <Editor key="editor" text={workspace.active_text()} {diagnostics} {on_change}
                    on_run={on_run.clone()} reveal={reveal_here} read_only={options.read_only} />
            </section>
        }
    };

    let tabs = shown_tabs(&options.panes);
    let tab = if tabs.contains(&workspace.tab) {
        Some(workspace.tab)
    } else {
        tabs.first().copied()
    };
    let result = workspace.result();
    let final_rev = (!workspace.result_is_stale()).then_some(workspace.rev);
    let view = result.and_then(|result| result.view.clone());
    let layers: Rc<[_]> = view
        .as_ref()
        .map(|view| view.layers.clone())
        .unwrap_or_default()
        .into();
    let rows: Rc<[_]> = view
        .as_ref()
        .map(|view| view.rows.clone())
        .unwrap_or_default()
        .into();
    let problem_list = problems(&workspace);
    let set_mode = matches!(workspace.mode, WireMode::Set { .. });
    let tab_body = match tab {
        None => Html::default(),
        Some(ResultTab::Set) => match (&view, result) {
            (Some(view), _) if view.rows.is_empty() && view.error.is_some() => html! {
                <p class="error-message" data-testid="set-error">{ format!("error: {}", view.error.as_ref().map(|e| e.message.clone()).unwrap_or_default()) }</p>
            },
            (Some(_), _) => html! {
                <SetTable layers={layers.clone()} rows={rows.clone()} expanded={workspace.expanded.clone()}
                    selected={workspace.selected.clone()} on_select={on_select.clone()}
                    on_toggle={on_toggle_expand} on_derivation={on_derivation} />
            },
            (None, Some(_)) => html! { <p class="empty">{"The value is not a set."}</p> },
            (None, None) => html! { <p class="empty">{"Evaluating…"}</p> },
        },
        Some(ResultTab::Graph) => html! {
            <Graph layers={layers.clone()} rows={rows.clone()} selected={workspace.selected.clone()} on_select={on_select.clone()} />
        },
        Some(ResultTab::Trace) => html! {
            <TraceView layers={layers.clone()} selected={workspace.selected.clone()} page={workspace.trace.clone()}
                step={workspace.trace_step} on_step={on_trace_step} />
        },
        Some(ResultTab::Value) => html! {
            <ValueView value={result.and_then(|r| r.value.clone())} json={result.and_then(|r| r.json.clone())} {set_mode}
                files={Rc::<[(String, Rc<str>)]>::from(workspace.files.clone())}
                rev={final_rev} on_want_json={on_want_json.clone()} />
        },
        Some(ResultTab::Problems) => {
            html! { <ProblemsView problems={problem_list.clone()} on_jump={on_jump} /> }
        }
    };
    let tab_buttons = (tabs.len() > 1).then(|| {
        let buttons = tabs.iter().map(|shown| {
            let selected = Some(*shown) == tab;
            let label = match shown {
                ResultTab::Problems if !problem_list.is_empty() => {
                    format!("Problems ({})", problem_list.len())
                }
                other => other.label().to_owned(),
            };
            html! {
                <button type="button" role="tab" aria-selected={selected.to_string()}
                    class={classes!("result-tab", selected.then_some("active"))}
                    onclick={dispatch.reform({ let shown = *shown; move |_: MouseEvent| Action::ShowTab(shown) })}
                    data-testid={format!("tab-{}", shown.label().to_lowercase())}>{ label }</button>
            }
        });
        html! { <div class="result-tabs" role="tablist" aria-label="result views">{ for buttons }</div> }
    });
    let derivation = workspace.derivation.clone().map(|state| {
        let close = dispatch.reform(|()| Action::CloseDerivation);
        html! { <DerivationPanel {state} on_close={close} /> }
    });
    let result_pane = if *has_code && !tabs.is_empty() {
        html! {
            <section class={classes!("output", "result-pane", workspace.result_is_stale().then_some("stale"))}
                aria-label="Result" data-testid="output" aria-busy={running.to_string()}>
                { for tab_buttons }
                <div class="tab-body" role="tabpanel">{ tab_body }</div>
                { for derivation }
            </section>
        }
    } else {
        Html::default()
    };

    let waiting = if *has_code || broken.is_some() {
        Html::default()
    } else if host.is_ok() {
        html! { <p class="hint" data-testid="embed-waiting">{"Waiting for the page to send its code…"}</p> }
    } else {
        html! {
            <p class="hint" data-testid="embed-empty">
                {"This embed has no workspace: its address needs a share link after the #, or a host page that sends one."}
            </p>
        }
    };
    let open = match share::fragment_of(&workspace) {
        Ok(fragment) if *has_code => html! {
            <a class="open-in-playground" href={with_fragment(&playground_page(), &fragment)}
                target="_blank" rel="noopener" data-testid="open-in-playground">{"Open in playground ↗"}</a>
        },
        _ => Html::default(),
    };
    let tab_name = tab
        .map(|tab| tab.label().to_lowercase())
        .unwrap_or_default();
    html! {
        <div class="embed" ref={root} data-testid="embed" data-read-only={options.read_only.to_string()}
            data-tab={tab_name}>
            <style>{ crate::components::VIEWS_CSS }</style>
            { banner }
            { toolbar }
            { waiting }
            <div class="embed-panes">{ editor }{ result_pane }</div>
            { open }
        </div>
    }
}
