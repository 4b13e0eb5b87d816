//! The source editor: CodeMirror 6 once its module has loaded, a plain
//! textarea until then (and for good if it cannot load).
//!
//! This is the editor bridge: CodeMirror owns the selection and the undo
//! history, the workspace owns the text. User edits come out through
//! `on_change`; new text from the workspace goes in with `setDoc`, which
//! CodeMirror marks as remote so it is not echoed back. Diagnostics arrive
//! with byte offsets and are converted to UTF-16 here, the only place that
//! does so.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::bindings::{load_editor, EditorModule, EditorView};
use crate::hooks::Reveal;
use crate::protocol::{Severity, WireDiagnostic};
use crate::source_position::utf16_offset;

/// Properties of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text to show.
    pub text: Rc<str>,
    /// Diagnostics located in this file (byte offsets into `text`).
    #[prop_or_default]
    pub diagnostics: Rc<[WireDiagnostic]>,
    /// Called with the whole new text after every edit.
    pub on_change: Callback<Rc<str>>,
    /// Called when the user asks to evaluate now (Ctrl/Cmd+Enter).
    pub on_run: Callback<()>,
    /// A range of this file to select and show (byte offsets).
    #[prop_or_default]
    pub reveal: Option<Reveal>,
    /// The text can be read and selected but not changed (the embed's
    /// read-only option). Fixed when the editor mounts.
    #[prop_or_default]
    pub read_only: bool,
}

/// A mounted CodeMirror view and the callbacks it holds.
struct Mounted {
    module: EditorModule,
    view: EditorView,
    // CodeMirror calls these for as long as the view lives.
    _on_change: Closure<dyn FnMut(String)>,
    _on_run: Closure<dyn FnMut()>,
}

/// What CodeMirror's callbacks need from the latest render.
struct Latest {
    on_change: Callback<Rc<str>>,
    on_run: Callback<()>,
    text: Rc<str>,
    read_only: bool,
}

impl Latest {
    fn of(props: &EditorProps) -> Self {
        Latest {
            on_change: props.on_change.clone(),
            on_run: props.on_run.clone(),
            text: props.text.clone(),
            read_only: props.read_only,
        }
    }
}

/// The editor for the active file.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let mounted = use_state(|| false);
    let editor: Rc<RefCell<Option<Mounted>>> = use_mut_ref(|| None);

    // The callbacks CodeMirror calls must always reach the latest props.
    let latest = use_mut_ref(|| Latest::of(props));
    *latest.borrow_mut() = Latest::of(props);

    {
        let host = host.clone();
        let mounted = mounted.clone();
        let editor = editor.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let cancelled = Rc::new(Cell::new(false));
            mount_when_loaded(host, mounted, editor.clone(), latest, cancelled.clone());
            move || {
                cancelled.set(true);
                if let Some(mounted) = editor.borrow_mut().take() {
                    mounted.module.destroy(&mounted.view);
                }
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with((props.text.clone(), *mounted), move |(text, _)| {
            if let Some(mounted) = editor.borrow().as_ref() {
                mounted.module.set_doc(&mounted.view, text);
            }
        });
    }
    {
        let editor = editor.clone();
        // Whether the editor may be drawing diagnostics: an empty list sent
        // over an empty one changes nothing, and would cost CodeMirror an
        // update on every keystroke of a program without problems.
        let drawn = use_mut_ref(|| false);
        use_effect_with(
            (props.diagnostics.clone(), props.text.clone(), *mounted),
            move |(diagnostics, text, _)| {
                if let Some(mounted) = editor.borrow().as_ref() {
                    if diagnostics.is_empty() && !*drawn.borrow() {
                        return;
                    }
                    let list = diagnostics_for_codemirror(text, diagnostics);
                    mounted.module.set_diagnostics(&mounted.view, &list);
                    *drawn.borrow_mut() = !diagnostics.is_empty();
                }
            },
        );
    }

    {
        let editor = editor.clone();
        // Keyed on the request only: typing afterwards must not move the
        // selection back.
        let text = props.text.clone();
        use_effect_with((props.reveal.clone(), *mounted), move |(reveal, _)| {
            if let (Some(reveal), Some(mounted)) = (reveal, editor.borrow().as_ref()) {
                let from = utf16_offset(&text, reveal.start).0;
                let to = utf16_offset(&text, reveal.end).0;
                mounted.module.select(&mounted.view, from, to);
            }
        });
    }

    // CodeMirror owns the host's children, so the host element must never
    // change under it: it is keyed and its attributes never change; only the
    // frame's class says which of the two is shown.
    let fallback = (!*mounted).then(|| textarea(props));
    let frame_class = classes!("editor-frame", (!*mounted).then_some("loading"));
    html! {
        <div class={frame_class}>
            <div key="codemirror" class="editor-host" ref={host}></div>
            { for fallback }
        </div>
    }
}

/// Loads the editor module and mounts CodeMirror into `host` when it arrives.
fn mount_when_loaded(
    host: NodeRef,
    mounted: UseStateHandle<bool>,
    editor: Rc<RefCell<Option<Mounted>>>,
    latest: Rc<RefCell<Latest>>,
    cancelled: Rc<Cell<bool>>,
) {
    let on_loaded = Closure::once_into_js(move |module: JsValue| {
        if cancelled.get() {
            return;
        }
        let Some(parent) = host.cast::<web_sys::Element>() else {
            return;
        };
        let module: EditorModule = module.unchecked_into();
        let on_change = {
            let latest = latest.clone();
            Closure::<dyn FnMut(String)>::new(move |text: String| {
                let on_change = latest.borrow().on_change.clone();
                on_change.emit(Rc::from(text));
            })
        };
        let on_run = {
            let latest = latest.clone();
            Closure::<dyn FnMut()>::new(move || {
                let on_run = latest.borrow().on_run.clone();
                on_run.emit(());
            })
        };
        let text = latest.borrow().text.clone();
        let options = js_sys::Object::new();
        // Setting a plain property on a fresh object cannot fail.
        let _ = js_sys::Reflect::set(
            &options,
            &"readOnly".into(),
            &latest.borrow().read_only.into(),
        );
        let view = module.create_with_options(
            &parent,
            &text,
            on_change.as_ref().unchecked_ref(),
            on_run.as_ref().unchecked_ref(),
            &options,
        );
        *editor.borrow_mut() = Some(Mounted {
            module,
            view,
            _on_change: on_change,
            _on_run: on_run,
        });
        mounted.set(true);
    });
    let on_failed = Closure::once_into_js(move |error: JsValue| {
        // The textarea stays: the playground works without CodeMirror.
        web_sys::console::warn_2(&"fixpoint: the code editor did not load".into(), &error);
    });
    load_editor(&on_loaded, &on_failed);
}

/// `[{from, to, severity, message}]` in UTF-16 offsets, as editor.js wants.
fn diagnostics_for_codemirror(text: &str, diagnostics: &[WireDiagnostic]) -> JsValue {
    let list = Array::new();
    for diagnostic in diagnostics {
        let Some(span) = &diagnostic.span else {
            continue;
        };
        let entry = js_sys::Object::new();
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Trace => "info",
        };
        let fields: [(&str, JsValue); 4] = [
            ("from", utf16_offset(text, span.start).0.into()),
            ("to", utf16_offset(text, span.end).0.into()),
            ("severity", severity.into()),
            ("message", diagnostic.message.as_str().into()),
        ];
        for (name, value) in fields {
            // Setting a plain property on a fresh object cannot fail.
            let _ = js_sys::Reflect::set(&entry, &name.into(), &value);
        }
        list.push(&entry);
    }
    list.into()
}

/// The plain textarea shown until CodeMirror is ready.
fn textarea(props: &EditorProps) -> Html {
    let on_input = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                on_change.emit(Rc::from(area.value()));
            }
        })
    };
    let on_keydown = {
        let on_run = props.on_run.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                on_run.emit(());
            }
        })
    };
    html! {
        <textarea
            key="fallback"
            class="editor-text"
            aria-label="Nix source"
            data-testid="editor"
            spellcheck="false"
            autocapitalize="off"
            autocomplete="off"
            readonly={props.read_only}
            value={props.text.to_string()}
            oninput={on_input}
            onkeydown={on_keydown}
        />
    }
}
