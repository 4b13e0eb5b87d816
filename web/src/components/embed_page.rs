//! The embed page (`embed.html#v1.…`): the playground cut to the options of
//! its link or of the host's `init` — read-only, toolbar, panes, theme,
//! initial tab — with "Open in playground" carrying the current files.
//!
//! A read-only embed shows its code as text (`<pre>`), not in an editor, so
//! there is nothing to type into. The result panes other than the value do
//! not exist yet: any result pane in the options shows the result.

use std::rc::Rc;

use fixpoint_share::{EmbedOptions, ResultTab, Snapshot, Theme};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::playground::DEBOUNCE_MS;
use crate::components::{Editor, LinkBanner, Output};
use crate::hooks::{use_embed_host, use_evaluator, HostRequests};
use crate::protocol::WireDiagnostic;
use crate::share::{self, link_in};
use crate::state::{Action, EvalState, Workspace};

/// The options in force: the link's or the last `init`'s.
#[derive(Clone, Debug, PartialEq)]
struct Settings {
    options: EmbedOptions,
    tab: ResultTab,
}

impl Settings {
    fn of(snapshot: &Snapshot) -> Settings {
        Settings {
            options: snapshot.embed.clone(),
            tab: snapshot.tab,
        }
    }
}

/// What the address bar gave the embed at start-up.
enum Start {
    Link(Snapshot),
    Broken(String),
    Empty,
}

fn read_start() -> Start {
    let hash = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    match link_in(&hash) {
        Some(Ok(snapshot)) => Start::Link(snapshot),
        Some(Err(error)) => Start::Broken(error.to_string()),
        None => Start::Empty,
    }
}

/// The playground's address, beside `embed.html`.
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

fn theme_name(theme: Theme) -> Option<&'static str> {
    match theme {
        Theme::Light => Some("light"),
        Theme::Dark => Some("dark"),
        _ => None,
    }
}

/// The root component of `embed.html`.
#[component]
pub fn EmbedPage() -> Html {
    let start = use_memo((), |_| read_start());
    let workspace = use_reducer(|| match &*start {
        Start::Link(snapshot) => share::workspace_of(snapshot, 0),
        _ => Workspace::default(),
    });
    let settings = use_state(|| match &*start {
        Start::Link(snapshot) => Settings::of(snapshot),
        _ => Settings {
            options: EmbedOptions::default(),
            tab: ResultTab::Value,
        },
    });
    let theme = use_state(|| settings.options.theme);
    // Until a link or an `init` gives it code, the embed shows none.
    let has_code = use_state(|| matches!(&*start, Start::Link(_)));
    let broken = use_state(|| match &*start {
        Start::Broken(reason) => Some(reason.clone()),
        Start::Empty => None,
        Start::Link(_) => None,
    });
    let evaluator = use_evaluator(workspace.dispatcher());
    let root = use_node_ref();
    let current = Rc::new((*workspace).clone());

    let requests = {
        let dispatcher = workspace.dispatcher();
        let settings = settings.clone();
        let theme_for_init = theme.clone();
        let has_code = has_code.clone();
        let broken = broken.clone();
        let theme = theme.clone();
        HostRequests {
            on_init: Callback::from(move |snapshot: Rc<Snapshot>| {
                settings.set(Settings::of(&snapshot));
                theme_for_init.set(snapshot.embed.theme);
                has_code.set(true);
                broken.set(None);
                dispatcher.dispatch(Action::LoadShared(snapshot));
            }),
            on_theme: Callback::from(move |chosen: Theme| theme.set(chosen)),
        }
    };
    let host = use_embed_host(root.clone(), Rc::clone(&current), requests);

    // The theme is the document's, so the page around the panes follows.
    use_effect_with(*theme, |theme| {
        let element = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element());
        if let Some(element) = element {
            let result = match theme_name(*theme) {
                Some(name) => element.set_attribute("data-theme", name),
                None => element.remove_attribute("data-theme"),
            };
            if result.is_err() {
                web_sys::console::warn_1(&"fixpoint embed: cannot set the theme".into());
            }
        }
    });

    // Evaluate after a pause in typing, as the playground does.
    {
        let evaluator = evaluator.clone();
        let current = Rc::clone(&current);
        let has_code = *has_code;
        use_effect_with((workspace.rev, has_code), move |_| {
            let timer = has_code.then(|| {
                Timeout::new(DEBOUNCE_MS, move || {
                    evaluator.evaluate(
                        current.rev,
                        current.files_for_worker(),
                        current.entry.clone(),
                    )
                })
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
        let current = Rc::clone(&current);
        Callback::from(move |()| {
            evaluator.evaluate(
                current.rev,
                current.files_for_worker(),
                current.entry.clone(),
            )
        })
    };
    let on_stop = {
        let evaluator = evaluator.clone();
        Callback::from(move |_: MouseEvent| evaluator.stop())
    };
    let source_of = {
        let current = Rc::clone(&current);
        Callback::from(move |path: String| current.files.get(&path).cloned())
    };

    let options = &settings.options;
    let running = matches!(workspace.eval, EvalState::Running { .. });
    let open_href = share::fragment_of(&workspace)
        .ok()
        .map(|fragment| fixpoint_share::with_fragment(&playground_page(), &fragment));
    let banner = match &*broken {
        Some(reason) => html! { <LinkBanner reason={reason.clone()} /> },
        None => Html::default(),
    };
    let toolbar = if options.toolbar && *has_code {
        let on_run_click = on_run.reform(|_: MouseEvent| ());
        html! {
            <div class="embed-toolbar" data-testid="embed-toolbar">
                <button type="button" onclick={on_run_click} title="Evaluate now (Ctrl+Enter)">{"Run"}</button>
                <button type="button" onclick={on_stop} disabled={!running} data-testid="stop">{"Stop"}</button>
                <span class="status" aria-live="polite">{ if running { "Evaluating…" } else { "" } }</span>
            </div>
        }
    } else {
        Html::default()
    };
    let panes = &options.panes;
    let editor = if !*has_code || !panes.editor {
        Html::default()
    } else if options.read_only {
        html! {
            <section class="editor" aria-label="Code">
                <pre class="code-view" data-testid="code-view" aria-readonly="true">{ workspace.active_text().to_string() }</pre>
            </section>
        }
    } else {
        let diagnostics: Rc<[WireDiagnostic]> = workspace.diagnostics_for(&workspace.active).into();
        html! {
            <section class="editor" aria-label="Editor">
                <Editor text={workspace.active_text()} {diagnostics} {on_change} on_run={on_run.clone()} />
            </section>
        }
    };
    let shows_result = panes.set || panes.graph || panes.trace || panes.value || panes.problems;
    let result = if *has_code && shows_result {
        html! { <Output eval={workspace.eval.clone()} stale={workspace.result_is_stale()} {source_of} /> }
    } else {
        Html::default()
    };
    let waiting = if *has_code || broken.is_some() {
        Html::default()
    } else if host.is_ok() {
        html! { <p class="hint" data-testid="embed-waiting">{"Waiting for the page to send its code…"}</p> }
    } else {
        html! { <LinkBanner reason="the embed's address has no workspace after its #" /> }
    };
    let open = match open_href {
        Some(href) if *has_code => html! {
            <a class="open-in-playground" href={href} target="_blank" rel="noopener"
                data-testid="open-in-playground">{"Open in playground ↗"}</a>
        },
        _ => Html::default(),
    };
    let tab = format!("{:?}", settings.tab).to_lowercase();
    html! {
        <div class="embed" ref={root} data-testid="embed" data-read-only={options.read_only.to_string()}
            data-tab={tab}>
            { banner }
            { toolbar }
            { waiting }
            <div class="embed-panes">{ editor }{ result }</div>
            { open }
        </div>
    }
}
