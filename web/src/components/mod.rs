//! The page's components, one per file.
//!
//! - [`Playground`]: the root; owns the single [`crate::state::Workspace`]
//!   reducer and the evaluator hook, and maps events to actions.
//! - [`Toolbar`]: the header: status, Run, Stop, examples, format, copy,
//!   theme and help.
//! - Left pane: [`StackPanel`] (mode, base, overlay stack, plain Nix),
//!   [`FileTabs`], [`Editor`] (CodeMirror, with a textarea until it loads).
//! - Right pane: [`SetTable`], [`Graph`], [`TraceView`], [`ValueView`],
//!   [`ProblemsView`], and the [`DerivationPanel`]; [`LayerBadge`] is
//!   shared by them.
//! - Dialogs: [`Gallery`] (examples), [`Help`] (keyboard), the share
//!   dialog behind [`ShareButton`]; [`LinkBanner`] for a link that does
//!   not open.
//! - [`EmbedPage`]: the root of `embed.html`, the playground cut to an
//!   embed's options.
//! - `view_callbacks`: the result views' callbacks, shared by both roots.
//!
//! Invariant: components other than the root take data and `Callback`s
//! through their properties and own no workspace state (only ephemeral
//! view state such as "show as JSON").
//!
//! Tests: the end-to-end tests in `tests/e2e/`; the state they show is
//! tested in `crate::state` and `crate::problems`, the graph layout in
//! `graph`.

mod derivation_panel;
mod editor;
mod embed_page;
mod file_tabs;
pub mod gallery;
mod graph;
mod help;
mod layer_badge;
mod link_banner;
mod playground;
mod problems_view;
mod set_table;
mod share_dialog;
mod stack_panel;
mod toolbar;
mod trace_view;
mod value_view;
mod view_callbacks;

pub use derivation_panel::{DerivationPanel, DerivationPanelProps};
pub use editor::{Editor, EditorProps};
pub use embed_page::EmbedPage;
pub use file_tabs::{FileTabs, FileTabsProps};
pub use gallery::{Gallery, GalleryProps};
pub use graph::{layout, Graph, GraphProps, Layout, Node};
pub use help::{Help, HelpProps};
pub use layer_badge::{layer_class, layer_short, LayerBadge, LayerBadgeProps};
pub use link_banner::{LinkBanner, LinkBannerProps};
pub use playground::Playground;
pub use problems_view::{ProblemsView, ProblemsViewProps};
pub use set_table::{SetTable, SetTableProps};
pub use share_dialog::{ShareButton, ShareButtonProps};
pub use stack_panel::{StackPanel, StackPanelProps};
pub use toolbar::{Toolbar, ToolbarProps};
pub use trace_view::{TraceView, TraceViewProps};
pub use value_view::{ValueView, ValueViewProps};

/// The style sheet of the workspace controls and result views.
pub const VIEWS_CSS: &str = include_str!("views.css");
