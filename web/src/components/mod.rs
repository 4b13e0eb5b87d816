//! The page's components, one per file.
//!
//! - [`Playground`]: the root; owns the single [`crate::state::Workspace`]
//!   reducer and the evaluator hook, and maps events to actions.
//! - [`Toolbar`]: the header with the status and the Stop button.
//! - [`Editor`]: the source editor: CodeMirror, with a textarea until it loads.
//! - [`Output`]: the result pane: the printed value or the error.
//!
//! Invariant: components other than the root take data and `Callback`s
//! through their properties and own no workspace state.
//!
//! Tests: the end-to-end tests in `tests/e2e/`; the state they show is
//! tested in `crate::state`.

mod editor;
mod output;
mod playground;
mod toolbar;

pub use editor::{Editor, EditorProps};
pub use output::{Output, OutputProps};
pub use playground::Playground;
pub use toolbar::{Toolbar, ToolbarProps};
