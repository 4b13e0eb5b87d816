//! The host's `init` message: files, mode and options for the embed.
//!
//! [`InitMessage::read`] reads the JS object (only the fields the protocol
//! defines; others are ignored); [`InitMessage::into_snapshot`] turns it
//! into a share-link `Snapshot` and validates it with the share-link rules,
//! so an `init` can carry exactly what a link can.

use std::fmt;

use fixpoint_share::{
    Base, EmbedOptions, EncodeError, ExpressionMode, File, Mode, Overlay, Panes, ResultTab,
    SetMode, Snapshot, Theme,
};
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

/// An `init` message as the host sent it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InitMessage {
    /// `(path, text)` of every file.
    pub files: Vec<(String, String)>,
    /// `"expression"` (the default) or `"set"`.
    pub mode: Option<String>,
    /// Expression mode: the file to evaluate (default: the first file).
    pub entry: Option<String>,
    /// Set mode: `mini-nixpkgs`, `empty`, `pyproject-python` or a file.
    pub base: Option<String>,
    /// Set mode: `(file, enabled)` in application order.
    pub overlays: Vec<(String, bool)>,
    /// `options.readOnly`.
    pub read_only: Option<bool>,
    /// `options.toolbar`.
    pub toolbar: Option<bool>,
    /// `options.panes`.
    pub panes: Option<Vec<String>>,
    /// `options.theme`.
    pub theme: Option<String>,
    /// `options.tab`.
    pub tab: Option<String>,
}

/// Why an `init` message is ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InitError {
    /// A field has the wrong JS type.
    WrongType {
        /// The field.
        field: &'static str,
    },
    /// `files` is missing or empty.
    NoFiles,
    /// `mode` is neither `expression` nor `set`.
    UnknownMode(String),
    /// `theme` is not `system`, `light` or `dark`.
    UnknownTheme(String),
    /// A pane or tab name that does not exist.
    UnknownPane(String),
    /// The resulting workspace breaks a share-link rule.
    Invalid(EncodeError),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::WrongType { field } => write!(f, "init: {field} has the wrong type"),
            InitError::NoFiles => write!(f, "init: no files"),
            InitError::UnknownMode(mode) => write!(f, "init: unknown mode {mode:?}"),
            InitError::UnknownTheme(theme) => write!(f, "init: unknown theme {theme:?}"),
            InitError::UnknownPane(pane) => write!(f, "init: unknown pane or tab {pane:?}"),
            InitError::Invalid(error) => write!(f, "init: {error}"),
        }
    }
}

impl std::error::Error for InitError {}

/// A theme by its protocol name.
pub fn theme_named(name: &str) -> Result<Theme, InitError> {
    match name {
        "system" => Ok(Theme::System),
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        other => Err(InitError::UnknownTheme(other.to_owned())),
    }
}

fn tab_named(name: &str) -> Result<ResultTab, InitError> {
    match name {
        "set" => Ok(ResultTab::Set),
        "graph" => Ok(ResultTab::Graph),
        "trace" => Ok(ResultTab::Trace),
        "value" => Ok(ResultTab::Value),
        "problems" => Ok(ResultTab::Problems),
        other => Err(InitError::UnknownPane(other.to_owned())),
    }
}

fn panes_named(names: &[String]) -> Result<Panes, InitError> {
    let mut panes = Panes::none();
    for name in names {
        let pane = match name.as_str() {
            "editor" => &mut panes.editor,
            "set" => &mut panes.set,
            "graph" => &mut panes.graph,
            "trace" => &mut panes.trace,
            "value" => &mut panes.value,
            "problems" => &mut panes.problems,
            other => return Err(InitError::UnknownPane(other.to_owned())),
        };
        *pane = true;
    }
    Ok(panes)
}

impl InitMessage {
    /// The workspace and options this message asks for, checked with the
    /// share-link rules.
    pub fn into_snapshot(self) -> Result<Snapshot, InitError> {
        let first = self.files.first().map(|(path, _)| path.clone());
        let Some(first) = first else {
            return Err(InitError::NoFiles);
        };
        let mode = match self.mode.as_deref().unwrap_or("expression") {
            "expression" => Mode::Expression(ExpressionMode::new(self.entry.unwrap_or(first))),
            "set" => {
                let base = match self.base.as_deref().unwrap_or("mini-nixpkgs") {
                    "mini-nixpkgs" => Base::MiniNixpkgs,
                    "empty" => Base::Empty,
                    "pyproject-python" => Base::PyprojectPython,
                    file => Base::Custom {
                        file: file.to_owned(),
                    },
                };
                let overlays = self
                    .overlays
                    .into_iter()
                    .map(|(file, enabled)| Overlay::new(file, enabled))
                    .collect();
                Mode::Set(SetMode::new(base, overlays))
            }
            other => return Err(InitError::UnknownMode(other.to_owned())),
        };
        let files = self
            .files
            .into_iter()
            .map(|(path, text)| File::new(path, text))
            .collect();
        let mut snapshot = Snapshot::new(mode, files);
        if let Some(tab) = &self.tab {
            snapshot.tab = tab_named(tab)?;
        }
        let mut options = EmbedOptions::default();
        options.read_only = self.read_only.unwrap_or(false);
        options.toolbar = self.toolbar.unwrap_or(true);
        if let Some(panes) = &self.panes {
            options.panes = panes_named(panes)?;
        }
        if let Some(theme) = &self.theme {
            options.theme = theme_named(theme)?;
        }
        snapshot.embed = options;
        // The encoder checks every share-link rule (paths, entry, panes…).
        fixpoint_share::encode(&snapshot).map_err(InitError::Invalid)?;
        Ok(snapshot)
    }

    /// Reads the message from the posted JS object.
    pub fn read(data: &JsValue) -> Result<InitMessage, InitError> {
        let files = match get(data, "files") {
            Some(files) if Array::is_array(&files) => Array::from(&files)
                .iter()
                .map(|file| {
                    let path = string(&file, "path", "files[].path")?;
                    let text = string(&file, "text", "files[].text")?;
                    match (path, text) {
                        (Some(path), Some(text)) => Ok((path, text)),
                        _ => Err(InitError::WrongType { field: "files[]" }),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(InitError::WrongType { field: "files" }),
            None => Vec::new(),
        };
        let overlays = match get(data, "overlays") {
            Some(overlays) if Array::is_array(&overlays) => Array::from(&overlays)
                .iter()
                .map(|overlay| {
                    let file = string(&overlay, "file", "overlays[].file")?.ok_or(
                        InitError::WrongType {
                            field: "overlays[].file",
                        },
                    )?;
                    let enabled = boolean(&overlay, "enabled", "overlays[].enabled")?;
                    Ok((file, enabled.unwrap_or(true)))
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(InitError::WrongType { field: "overlays" }),
            None => Vec::new(),
        };
        let options = get(data, "options").unwrap_or(JsValue::UNDEFINED);
        let panes = match get(&options, "panes") {
            Some(panes) if Array::is_array(&panes) => Some(
                Array::from(&panes)
                    .iter()
                    .map(|pane| {
                        pane.as_string().ok_or(InitError::WrongType {
                            field: "options.panes",
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(_) => {
                return Err(InitError::WrongType {
                    field: "options.panes",
                })
            }
            None => None,
        };
        Ok(InitMessage {
            files,
            mode: string(data, "mode", "mode")?,
            entry: string(data, "entry", "entry")?,
            base: string(data, "base", "base")?,
            overlays,
            read_only: boolean(&options, "readOnly", "options.readOnly")?,
            toolbar: boolean(&options, "toolbar", "options.toolbar")?,
            panes,
            theme: string(&options, "theme", "options.theme")?,
            tab: string(&options, "tab", "options.tab")?,
        })
    }
}

/// `object[key]`, or `None` when the object is not one or the field is
/// `undefined` or `null`.
pub fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// A string field: absent is `None`, another type is an error.
pub fn string(
    object: &JsValue,
    key: &str,
    field: &'static str,
) -> Result<Option<String>, InitError> {
    match get(object, key) {
        None => Ok(None),
        Some(value) => value
            .as_string()
            .map(Some)
            .ok_or(InitError::WrongType { field }),
    }
}

fn boolean(object: &JsValue, key: &str, field: &'static str) -> Result<Option<bool>, InitError> {
    match get(object, key) {
        None => Ok(None),
        Some(value) => value
            .as_bool()
            .map(Some)
            .ok_or(InitError::WrongType { field }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_file(text: &str) -> InitMessage {
        InitMessage {
            files: vec![("main.nix".to_owned(), text.to_owned())],
            ..InitMessage::default()
        }
    }

    #[test]
    fn a_file_alone_is_an_expression_with_default_options() {
        let snapshot = one_file("1 + 2").into_snapshot().expect("valid");
        assert_eq!(
            snapshot.mode,
            Mode::Expression(ExpressionMode::new("main.nix"))
        );
        assert!(snapshot.embed.is_default());
        assert_eq!(snapshot.tab, ResultTab::Value);
    }

    #[test]
    fn options_are_read() {
        let message = InitMessage {
            read_only: Some(true),
            toolbar: Some(false),
            panes: Some(vec!["editor".to_owned(), "value".to_owned()]),
            theme: Some("dark".to_owned()),
            tab: Some("problems".to_owned()),
            ..one_file("1")
        };
        let snapshot = message.into_snapshot().expect("valid");
        assert!(snapshot.embed.read_only);
        assert!(!snapshot.embed.toolbar);
        assert!(snapshot.embed.panes.editor && snapshot.embed.panes.value);
        assert!(!snapshot.embed.panes.set);
        assert_eq!(snapshot.embed.theme, Theme::Dark);
        assert_eq!(snapshot.tab, ResultTab::Problems);
    }

    #[test]
    fn set_mode_takes_base_and_overlays() {
        let message = InitMessage {
            mode: Some("set".to_owned()),
            overlays: vec![("main.nix".to_owned(), false)],
            ..one_file("final: prev: { }")
        };
        let snapshot = message.into_snapshot().expect("valid");
        assert_eq!(
            snapshot.mode,
            Mode::Set(SetMode::new(
                Base::MiniNixpkgs,
                vec![Overlay::new("main.nix", false)]
            ))
        );
    }

    #[test]
    fn what_a_link_could_not_carry_is_refused() {
        assert_eq!(
            InitMessage::default().into_snapshot(),
            Err(InitError::NoFiles)
        );
        let escaping = InitMessage {
            files: vec![("../etc/passwd".to_owned(), String::new())],
            ..InitMessage::default()
        };
        assert!(matches!(
            escaping.into_snapshot(),
            Err(InitError::Invalid(_))
        ));
        let missing_entry = InitMessage {
            entry: Some("other.nix".to_owned()),
            ..one_file("1")
        };
        assert!(matches!(
            missing_entry.into_snapshot(),
            Err(InitError::Invalid(_))
        ));
        let no_panes = InitMessage {
            panes: Some(Vec::new()),
            ..one_file("1")
        };
        assert!(matches!(
            no_panes.into_snapshot(),
            Err(InitError::Invalid(_))
        ));
        let bad_pane = InitMessage {
            panes: Some(vec!["sidebar".to_owned()]),
            ..one_file("1")
        };
        assert_eq!(
            bad_pane.into_snapshot(),
            Err(InitError::UnknownPane("sidebar".to_owned()))
        );
        let bad_mode = InitMessage {
            mode: Some("repl".to_owned()),
            ..one_file("1")
        };
        assert_eq!(
            bad_mode.into_snapshot(),
            Err(InitError::UnknownMode("repl".to_owned()))
        );
    }
}
