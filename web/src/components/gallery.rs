//! The examples gallery: the list from `examples/index.json`, each example
//! loaded into the workspace (its files fetched from `examples/<id>/`).
//!
//! Loading goes through [`Action::LoadShared`], like a share link; the
//! example's id is also put in the address (`?example=<id>`), so an
//! example is a link (opening such a link loads it).

use gloo::net::http::Request;
use yew::prelude::*;

use crate::protocol::set::{GalleryExample, GalleryManifest};
use crate::state::Action;

/// Where the manifest is served, relative to the page.
pub const MANIFEST_URL: &str = "examples/index.json";

/// Properties of [`Gallery`].
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    /// Loaded examples go here.
    pub dispatch: Callback<Action>,
    /// Close the gallery.
    pub on_close: Callback<()>,
}

/// Fetches the manifest.
pub async fn fetch_manifest() -> Result<GalleryManifest, String> {
    let response = Request::get(MANIFEST_URL)
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.ok() {
        return Err(format!("{MANIFEST_URL}: HTTP {}", response.status()));
    }
    response
        .json::<GalleryManifest>()
        .await
        .map_err(|error| error.to_string())
}

/// Fetches an example's files and turns them into the action that loads it.
pub async fn load_example(example: GalleryExample) -> Result<Action, String> {
    let mut files = Vec::new();
    for name in &example.files {
        let url = format!("examples/{}/{}", example.id, name);
        let response = Request::get(&url)
            .send()
            .await
            .map_err(|error| error.to_string())?;
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        let text = response.text().await.map_err(|error| error.to_string())?;
        files.push((name.clone(), text));
    }
    let active = files.last().map(|(name, _)| name.clone());
    Ok(Action::LoadShared {
        files,
        mode: example.mode,
        active,
    })
}

/// The gallery dialog.
#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let manifest = use_state(|| None::<Result<GalleryManifest, String>>);
    let loading = use_state(|| None::<String>);
    {
        let manifest = manifest.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                manifest.set(Some(fetch_manifest().await));
            });
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &*manifest {
        None => html! { <p class="empty">{"Loading the examples…"}</p> },
        Some(Err(reason)) => {
            html! { <p class="error-message">{ format!("The examples could not be loaded: {reason}") }</p> }
        }
        Some(Ok(manifest)) => {
            let busy = (*loading).clone();
            let items = manifest.examples.iter().map(|example| {
                let dispatch = props.dispatch.clone();
                let on_close = props.on_close.clone();
                let loading = loading.clone();
                let chosen = example.clone();
                let onclick = Callback::from(move |_: MouseEvent| {
                    let dispatch = dispatch.clone();
                    let on_close = on_close.clone();
                    let loading = loading.clone();
                    let chosen = chosen.clone();
                    loading.set(Some(chosen.id.clone()));
                    yew::platform::spawn_local(async move {
                        let id = chosen.id.clone();
                        match load_example(chosen).await {
                            Ok(action) => {
                                dispatch.emit(action);
                                set_example_in_address(&id);
                                on_close.emit(());
                            }
                            Err(reason) => {
                                web_sys::console::error_1(&reason.into());
                            }
                        }
                        loading.set(None);
                    });
                });
                let mode = match example.mode {
                    crate::protocol::set::WireMode::Set { .. } => "set mode",
                    crate::protocol::set::WireMode::Expression { .. } => "expression",
                };
                html! {
                    <li>
                        <button type="button" class="example" {onclick} data-testid="example" data-id={example.id.clone()}>
                            <span class="title">{ example.title.clone() }</span>
                            <span class="lesson">{ example.lesson.clone() }</span>
                            <span class="mode">{ mode }{ if busy.as_deref() == Some(example.id.as_str()) { " · loading…" } else { "" } }</span>
                        </button>
                    </li>
                }
            });
            html! { <ul class="examples">{ for items }</ul> }
        }
    };
    html! {
        <div class="dialog gallery" role="dialog" aria-label="Examples" data-testid="gallery">
            <header>
                <h2>{"Examples"}</h2>
                <button type="button" onclick={close} aria-label="close the examples">{"✕"}</button>
            </header>
            { body }
        </div>
    }
}

/// `?example=<id>` in the address bar, without a new history entry.
fn set_example_in_address(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}?example={id}");
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// Removes `?example=<id>` from the address once the user changes the workspace:
/// a reload must restore their work from `localStorage`, not reopen the
/// pristine example over it.
pub fn forget_example_in_address() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if example_in_address().is_none() {
        return;
    }
    let Ok(history) = window.history() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let _ = history.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&format!("{path}{hash}")),
    );
}

/// The example named by `?example=<id>` in the address, if any.
pub fn example_in_address() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("example="))
        .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
}
