//! The playground state a link carries: the workspace snapshot the web app, the embed page
//! and the command line exchange.
//!
//! These types are the current model. Every link format version decodes into them, so a field
//! added later gets, for older links, the value that older format implied. The serde derives
//! give a readable JSON mirror (used by the golden tests and by tooling); the link itself uses
//! the hand-written binary layout in `crate::v1`, never serde.

use serde::{Deserialize, Serialize};

/// A whole playground workspace: what to evaluate, the files, and what the user was looking at.
///
/// Build one with [`Snapshot::new`] and set the public fields; [`Snapshot::validate`] (run by
/// [`crate::encode`] and [`crate::decode`]) checks the invariants listed there. A snapshot
/// deserialized from JSON is not validated until you call it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Snapshot {
    /// Set mode (base plus overlay stack) or expression mode (an entry file).
    pub mode: Mode,
    /// The workspace files in tab order. Paths are unique, relative, `/`-separated.
    pub files: Vec<File>,
    /// The file whose editor tab is open, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    /// The path of the selected attribute in the result, outermost name first
    /// (`["python3Packages", "requests"]`); empty when nothing is selected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selected: Vec<String>,
    /// The open result tab (for an embed: its initial tab).
    pub tab: ResultTab,
    /// How the embed page presents this workspace. The playground page ignores it.
    #[serde(default, skip_serializing_if = "EmbedOptions::is_default")]
    pub embed: EmbedOptions,
}

impl Snapshot {
    /// A snapshot with nothing selected, the mode's default tab, no active file and default
    /// embed options.
    pub fn new(mode: Mode, files: Vec<File>) -> Snapshot {
        let tab = ResultTab::default_for(&mode);
        Snapshot {
            mode,
            files,
            active: None,
            selected: Vec::new(),
            tab,
            embed: EmbedOptions::default(),
        }
    }

    /// The text of the file at `path`, if the workspace has it.
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|file| file.path == path)
            .map(|file| file.text.as_str())
    }
}

/// One workspace file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct File {
    /// Relative, `/`-separated path such as `overlays/python.nix`.
    pub path: String,
    /// The file's text, exactly as typed.
    pub text: String,
}

impl File {
    /// A file with the given path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> File {
        File {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// What the workspace evaluates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Mode {
    /// `fix (extends ovN (… (extends ov1 base)))`, resolved and instrumented by the engine.
    Set(SetMode),
    /// A plain expression, like `nix-instantiate --eval --strict`.
    Expression(ExpressionMode),
}

/// Set mode: a base and an ordered overlay stack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SetMode {
    /// The set the overlays extend.
    pub base: Base,
    /// Overlays in application order: the first is applied to the base first.
    pub overlays: Vec<Overlay>,
}

impl SetMode {
    /// Set mode with the given base and overlay stack.
    pub fn new(base: Base, overlays: Vec<Overlay>) -> SetMode {
        SetMode { base, overlays }
    }
}

/// The base of set mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Base {
    /// The playground's small nixpkgs-like set.
    MiniNixpkgs,
    /// `final: { }`.
    Empty,
    /// The pyproject.nix-style Python package set.
    PyprojectPython,
    /// A workspace file holding `final: { … }`.
    Custom {
        /// Path of the base file; it must be one of the snapshot's files.
        file: String,
    },
}

/// One overlay in the stack: a workspace file `final: prev: { … }` and its toggle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Overlay {
    /// Path of the overlay file; it must be one of the snapshot's files.
    pub file: String,
    /// Whether the overlay takes part in the composition.
    pub enabled: bool,
}

impl Overlay {
    /// An overlay backed by the file at `file`.
    pub fn new(file: impl Into<String>, enabled: bool) -> Overlay {
        Overlay {
            file: file.into(),
            enabled,
        }
    }
}

/// Expression mode: one file is evaluated; the others can be imported from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExpressionMode {
    /// Path of the entry file; it must be one of the snapshot's files.
    pub entry: String,
}

impl ExpressionMode {
    /// Expression mode evaluating the file at `entry`.
    pub fn new(entry: impl Into<String>) -> ExpressionMode {
        ExpressionMode {
            entry: entry.into(),
        }
    }
}

/// The tabs of the result pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ResultTab {
    /// The resolved set as a table.
    Set,
    /// Attributes as nodes, reads as edges.
    Graph,
    /// The forcing order of the selected attribute.
    Trace,
    /// The printed value.
    Value,
    /// Errors and warnings.
    Problems,
}

impl ResultTab {
    /// The tab a workspace opens on when a link does not say: the set table in set mode, the
    /// printed value in expression mode. Link format v1 relies on this mapping; it must not
    /// change (a later format may define its own).
    pub fn default_for(mode: &Mode) -> ResultTab {
        match mode {
            Mode::Set(_) => ResultTab::Set,
            Mode::Expression(_) => ResultTab::Value,
        }
    }
}

/// How the embed page (`embed.html#…`) presents a workspace. The initial tab is
/// [`Snapshot::tab`]; it is not repeated here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct EmbedOptions {
    /// The editor cannot be changed.
    pub read_only: bool,
    /// Whether the toolbar is shown.
    pub toolbar: bool,
    /// Which panes are shown; at least one must be.
    pub panes: Panes,
    /// Colour theme.
    pub theme: Theme,
}

impl Default for EmbedOptions {
    /// Editable, with a toolbar, every pane, the system theme: an embed that behaves like the
    /// playground.
    fn default() -> EmbedOptions {
        EmbedOptions {
            read_only: false,
            toolbar: true,
            panes: Panes::default(),
            theme: Theme::System,
        }
    }
}

impl EmbedOptions {
    /// Whether these are the default options (a link then leaves them out).
    pub fn is_default(&self) -> bool {
        *self == EmbedOptions::default()
    }
}

/// The panes an embed shows. All are shown by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Panes {
    /// The file editor.
    pub editor: bool,
    /// The set table.
    pub set: bool,
    /// The graph.
    pub graph: bool,
    /// The forcing trace.
    pub trace: bool,
    /// The printed value.
    pub value: bool,
    /// The problems list.
    pub problems: bool,
}

impl Default for Panes {
    fn default() -> Panes {
        Panes {
            editor: true,
            set: true,
            graph: true,
            trace: true,
            value: true,
            problems: true,
        }
    }
}

impl Panes {
    /// No pane at all; a starting point for `Panes { editor: true, ..Panes::none() }`-style
    /// construction by mutation.
    pub fn none() -> Panes {
        Panes {
            editor: false,
            set: false,
            graph: false,
            trace: false,
            value: false,
            problems: false,
        }
    }

    /// Whether at least one pane is shown.
    pub fn any(&self) -> bool {
        self.editor || self.set || self.graph || self.trace || self.value || self.problems
    }
}

/// The embed's colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Theme {
    /// Follow the reader's system preference.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}
