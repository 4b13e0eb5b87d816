//! The protocol's envelope and the embed's side of it: messages out
//! ([`Outgoing`]) and the filter on messages in ([`accept`]).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{MessageEvent, Window};

use crate::embed::init::{self, InitError, InitMessage};
use crate::embed::PROTOCOL_VERSION;

/// The error of a `result` message, with its location when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultError {
    /// The message, as Nix prints it after `error: `.
    pub message: String,
    /// The evaluator's stable code, e.g. `E001`.
    pub code: String,
    /// The link path of the file (`main.nix`), when known.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

/// A message from the embed to the host.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outgoing {
    /// The embed listens.
    Ready,
    /// The content is `height` CSS pixels high.
    Resize {
        /// Rounded up.
        height: u32,
    },
    /// An evaluation finished: the printed value or the error.
    Result(Result<String, ResultError>),
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn optional_number(value: Option<usize>) -> JsValue {
    value.map_or(JsValue::NULL, |number| JsValue::from_f64(number as f64))
}

impl Outgoing {
    /// The JS object to post, in the envelope `{ fixpoint: 1, type, id }`.
    pub fn to_js(&self, id: &str) -> JsValue {
        let object = Object::new();
        set(&object, "fixpoint", &JsValue::from(PROTOCOL_VERSION));
        set(&object, "id", &JsValue::from_str(id));
        match self {
            Outgoing::Ready => set(&object, "type", &"ready".into()),
            Outgoing::Resize { height } => {
                set(&object, "type", &"resize".into());
                set(&object, "height", &JsValue::from(*height));
            }
            Outgoing::Result(result) => {
                set(&object, "type", &"result".into());
                set(&object, "ok", &JsValue::from_bool(result.is_ok()));
                match result {
                    Ok(value) => set(&object, "value", &JsValue::from_str(value)),
                    Err(error) => {
                        let detail = Object::new();
                        set(&detail, "message", &JsValue::from_str(&error.message));
                        set(&detail, "code", &JsValue::from_str(&error.code));
                        let file = error
                            .file
                            .as_deref()
                            .map_or(JsValue::NULL, JsValue::from_str);
                        set(&detail, "file", &file);
                        set(&detail, "line", &optional_number(error.line));
                        set(&detail, "column", &optional_number(error.column));
                        set(&object, "error", &detail);
                    }
                }
            }
        }
        object.into()
    }
}

/// The host this embed talks to: its window and pinned origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Host {
    /// The parent window.
    pub window: Window,
    /// The pinned host origin (never `"*"`).
    pub origin: String,
    /// The embed's id from `?id=`, repeated in every message.
    pub id: String,
}

impl Host {
    /// Posts `message` to the host, for the host origin only.
    pub fn post(&self, message: &Outgoing) {
        if let Err(error) = self
            .window
            .post_message(&message.to_js(&self.id), &self.origin)
        {
            web_sys::console::warn_2(&"fixpoint embed: cannot post to the host".into(), &error);
        }
    }
}

/// A message from the host that passed the checks.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Incoming {
    /// `init`, read but not yet validated.
    Init(Result<InitMessage, InitError>),
    /// `setTheme` with the theme's name.
    SetTheme(String),
}

/// The host's message in `event`, if it is one: from the parent window, from
/// the pinned origin, in the `fixpoint: 1` namespace, of a known type.
/// Anything else is `None` and is dropped without a word (other scripts
/// post messages too).
pub fn accept(host: &Host, event: &MessageEvent) -> Option<Incoming> {
    if event.origin() != host.origin {
        return None;
    }
    let from_parent = event
        .source()
        .is_some_and(|source| JsValue::from(source) == JsValue::from(host.window.clone()));
    if !from_parent {
        return None;
    }
    let data = event.data();
    let version = init::get(&data, "fixpoint").and_then(|version| version.as_f64());
    if version != Some(f64::from(PROTOCOL_VERSION)) {
        return None;
    }
    match init::get(&data, "type")
        .and_then(|kind| kind.as_string())
        .as_deref()
    {
        Some("init") => Some(Incoming::Init(InitMessage::read(&data))),
        Some("setTheme") => init::get(&data, "theme")
            .and_then(|theme| theme.as_string())
            .map(Incoming::SetTheme),
        _ => None,
    }
}
