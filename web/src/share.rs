//! Share links in the app: the edge between the [`Workspace`] and
//! `fixpoint_share::Snapshot`, and what a page load finds in the URL
//! fragment and in storage.
//!
//! Main items: [`snapshot_of`] and [`load_actions`] convert at the edge
//! (a link opens through the reducer's own [`Action::LoadShared`], then
//! [`Action::ShowTab`] and [`Action::Select`], so a link obeys the same
//! rules as an example or a restored session); [`InitialLoad::from_sources`]
//! decides what a page opens with (a link, the last local workspace, or the
//! welcome example) and, for a link that does not open, keeps the precise
//! reason and the last local workspace to offer in the banner.
//!
//! Invariants:
//! - link paths and workspace paths are the same relative paths
//!   (`main.nix`); the share crate checks them when encoding;
//! - a link never opens as an empty workspace: one that decodes but does
//!   not fit the workspace's rules is reported like a corrupt one
//!   ([`LinkProblem::Unusable`]);
//! - nothing here touches the DOM: `hooks::use_share_link` reads and writes
//!   the address bar and storage, and passes strings and workspaces in.
//!
//! Deliberately absent: the embed options. [`snapshot_of`] writes the
//! defaults (a playground link opens as the playground); the embed page
//! keeps its options beside the workspace (`components::EmbedPage`).
//!
//! Tests: the `tests` module below (native `cargo test -p fixpoint-web`).

use std::fmt;
use std::rc::Rc;

use fixpoint_share::{
    Base, DecodeError, EncodeError, ExpressionMode, File, Mode, Overlay, SetMode, Snapshot,
};

use crate::protocol::set::{WireBase, WireMode, WireOverlay};
use crate::state::{Action, ResultTab, Workspace};

/// How long the address bar waits after the last change before it follows.
/// Short, because a reload opens the address bar's link; the tab's latest
/// workspace is also kept in `sessionStorage` for the reload that comes
/// before the timer (see `hooks::use_share_link`).
pub const ADDRESS_DEBOUNCE_MS: u32 = 200;

/// Why a link in the address bar does not open.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkProblem {
    /// It does not decode (corrupt, truncated, unknown version…).
    Decode(DecodeError),
    /// It decodes, but its workspace cannot be shown here (a mode or base
    /// this release does not know, or a file name the editor refuses).
    Unusable,
}

impl fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkProblem::Decode(error) => write!(f, "{error}"),
            LinkProblem::Unusable => write!(f, "the link's workspace cannot be opened here"),
        }
    }
}

impl std::error::Error for LinkProblem {}

fn share_tab(tab: ResultTab) -> fixpoint_share::ResultTab {
    match tab {
        ResultTab::Set => fixpoint_share::ResultTab::Set,
        ResultTab::Graph => fixpoint_share::ResultTab::Graph,
        ResultTab::Trace => fixpoint_share::ResultTab::Trace,
        ResultTab::Value => fixpoint_share::ResultTab::Value,
        ResultTab::Problems => fixpoint_share::ResultTab::Problems,
    }
}

/// The app's tab for a link's tab (`None` for a tab this release lacks).
pub fn app_tab(tab: fixpoint_share::ResultTab) -> Option<ResultTab> {
    match tab {
        fixpoint_share::ResultTab::Set => Some(ResultTab::Set),
        fixpoint_share::ResultTab::Graph => Some(ResultTab::Graph),
        fixpoint_share::ResultTab::Trace => Some(ResultTab::Trace),
        fixpoint_share::ResultTab::Value => Some(ResultTab::Value),
        fixpoint_share::ResultTab::Problems => Some(ResultTab::Problems),
        _ => None,
    }
}

/// The snapshot a link to `workspace` carries: files in tab order, mode,
/// open file, selected attribute and tab; embed options at their defaults.
pub fn snapshot_of(workspace: &Workspace) -> Snapshot {
    let files = workspace
        .files
        .iter()
        .map(|(path, text)| File::new(path.clone(), text.to_string()))
        .collect();
    let mode = match &workspace.mode {
        WireMode::Expression { entry } => Mode::Expression(ExpressionMode::new(entry.clone())),
        WireMode::Set { base, overlays } => {
            let base = match base {
                WireBase::MiniNixpkgs => Base::MiniNixpkgs,
                WireBase::Empty => Base::Empty,
                WireBase::PythonSet => Base::PyprojectPython,
                WireBase::Custom { file } => Base::Custom { file: file.clone() },
            };
            let overlays = overlays
                .iter()
                .map(|overlay| Overlay::new(overlay.file.clone(), overlay.enabled))
                .collect();
            Mode::Set(SetMode::new(base, overlays))
        }
    };
    let mut snapshot = Snapshot::new(mode, files);
    if workspace.text_of(&workspace.active).is_some() {
        snapshot.active = Some(workspace.active.clone());
    }
    snapshot.selected = workspace.selected.clone().unwrap_or_default();
    snapshot.tab = share_tab(workspace.tab);
    snapshot
}

/// The fragment (without `#`) of a link to `workspace`.
pub fn fragment_of(workspace: &Workspace) -> Result<String, EncodeError> {
    fixpoint_share::encode(&snapshot_of(workspace))
}

/// The actions that open `snapshot` in the playground: load the files and
/// the mode, then show its tab and select its attribute.
pub fn load_actions(snapshot: &Snapshot) -> Result<Vec<Action>, LinkProblem> {
    let mode = match &snapshot.mode {
        Mode::Expression(expression) => WireMode::Expression {
            entry: expression.entry.clone(),
        },
        Mode::Set(set) => {
            let base = match &set.base {
                Base::MiniNixpkgs => WireBase::MiniNixpkgs,
                Base::Empty => WireBase::Empty,
                Base::PyprojectPython => WireBase::PythonSet,
                Base::Custom { file } => WireBase::Custom { file: file.clone() },
                _ => return Err(LinkProblem::Unusable),
            };
            let overlays = set
                .overlays
                .iter()
                .map(|overlay| WireOverlay {
                    file: overlay.file.clone(),
                    enabled: overlay.enabled,
                })
                .collect();
            WireMode::Set { base, overlays }
        }
        _ => return Err(LinkProblem::Unusable),
    };
    let files = snapshot
        .files
        .iter()
        .map(|file| (file.path.clone(), file.text.clone()))
        .collect();
    let mut actions = vec![Action::LoadShared {
        files,
        mode,
        active: snapshot.active.clone(),
    }];
    if let Some(tab) = app_tab(snapshot.tab) {
        actions.push(Action::ShowTab(tab));
    }
    if !snapshot.selected.is_empty() {
        actions.push(Action::Select(snapshot.selected.clone()));
    }
    Ok(actions)
}

/// The workspace `snapshot` opens as, at revision 0 (what a page starts
/// with), or why it cannot be opened.
pub fn workspace_of(snapshot: &Snapshot) -> Result<Workspace, LinkProblem> {
    let start = Rc::new(Workspace::default());
    let mut actions = load_actions(snapshot)?.into_iter();
    let Some(load) = actions.next() else {
        return Err(LinkProblem::Unusable);
    };
    let loaded = Rc::clone(&start).apply(load);
    if Rc::ptr_eq(&start, &loaded) {
        // The reducer refused the files (a name it does not accept).
        return Err(LinkProblem::Unusable);
    }
    let shown = actions.fold(loaded, |workspace, action| workspace.apply(action));
    Ok(Workspace {
        rev: 0,
        ..(*shown).clone()
    })
}

/// Reads a location hash (`#v1.…`, or empty): `None` when there is no link.
pub fn link_in(hash: &str) -> Option<Result<Snapshot, DecodeError>> {
    let fragment = hash.trim().trim_start_matches('#');
    if fragment.is_empty() {
        return None;
    }
    Some(fixpoint_share::decode(fragment))
}

/// The workspace a location hash opens as: `None` without a link.
pub fn workspace_in(hash: &str) -> Option<Result<Workspace, LinkProblem>> {
    link_in(hash).map(|decoded| {
        decoded
            .map_err(LinkProblem::Decode)
            .and_then(|snapshot| workspace_of(&snapshot))
    })
}

/// How many characters of a link identify it in this tab's record of the
/// links it wrote: the version and the frame's CRC-32 and length.
const LINK_KEY_CHARS: usize = 16;

/// How many of the links it wrote a tab remembers.
pub const TAB_LINKS_KEPT: usize = 32;

/// The short key of a link (its start: version, checksum and length) that
/// a tab keeps for each link it wrote.
pub fn link_key(fragment: &str) -> &str {
    let end = fragment
        .char_indices()
        .nth(LINK_KEY_CHARS)
        .map_or(fragment.len(), |(at, _)| at);
    fragment.get(..end).unwrap_or(fragment)
}

/// Where the workspace a page opened with came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The link in the address bar.
    Link,
    /// This tab's own latest workspace: the address bar held a link this
    /// tab wrote, and the tab may have changed the workspace since (a
    /// reload before the address bar caught up, or a reload that raced the
    /// browser's record of the last `replaceState`).
    ThisTab,
    /// The last workspace of this browser (no link).
    LastLocal,
    /// The welcome example (no link, nothing stored).
    Welcome,
    /// The address bar holds a link that does not open.
    BrokenLink {
        /// Why it does not open.
        problem: LinkProblem,
        /// The last local workspace, offered instead, if there is one.
        last_local: Option<Rc<Workspace>>,
    },
}

/// What storage holds when a page starts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    /// The last workspace of this browser (`localStorage`).
    pub last_local: Option<Workspace>,
    /// The links this tab put in the address bar, most recent last, as
    /// [`link_key`]s, one a line (`sessionStorage`).
    pub tab_address: Option<String>,
    /// This tab's latest workspace as a fragment (`sessionStorage`).
    pub tab_latest: Option<String>,
}

/// What a page opens with.
#[derive(Clone, Debug, PartialEq)]
pub struct InitialLoad {
    /// The workspace to show first.
    pub workspace: Workspace,
    /// Where it came from.
    pub origin: Origin,
}

impl InitialLoad {
    /// Decides from the location hash and storage. A link wins; a link that
    /// does not open shows the welcome example behind a banner and keeps
    /// the last local workspace to offer (never an empty editor).
    pub fn from_sources(hash: &str, stored: Stored) -> InitialLoad {
        let fragment = hash.trim().trim_start_matches('#');
        let key = link_key(fragment);
        let ours = !fragment.is_empty()
            && stored
                .tab_address
                .as_deref()
                .is_some_and(|written| written.lines().any(|line| line == key));
        if ours {
            let latest = stored
                .tab_latest
                .as_deref()
                .and_then(workspace_in)
                .and_then(Result::ok);
            if let Some(workspace) = latest {
                return InitialLoad {
                    workspace,
                    origin: Origin::ThisTab,
                };
            }
        }
        match workspace_in(hash) {
            Some(Ok(workspace)) => InitialLoad {
                workspace,
                origin: Origin::Link,
            },
            Some(Err(problem)) => InitialLoad {
                workspace: Workspace::default(),
                origin: Origin::BrokenLink {
                    problem,
                    last_local: stored.last_local.map(Rc::new),
                },
            },
            None => match stored.last_local {
                Some(workspace) => InitialLoad {
                    workspace,
                    origin: Origin::LastLocal,
                },
                None => InitialLoad {
                    workspace: Workspace::default(),
                    origin: Origin::Welcome,
                },
            },
        }
    }

    /// Whether the workspace shown first is the user's own (so keeping it
    /// in `localStorage` loses nothing): not a link merely opened, and not
    /// the example shown behind the broken-link banner.
    pub fn is_own(&self) -> bool {
        matches!(
            self.origin,
            Origin::ThisTab | Origin::LastLocal | Origin::Welcome
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_files() -> Workspace {
        workspace_of(&Snapshot::new(
            Mode::Expression(ExpressionMode::new("main.nix")),
            vec![
                File::new("main.nix", "(import ./lib.nix).a"),
                File::new("lib.nix", "{ a = 1; }"),
            ],
        ))
        .expect("a valid workspace")
    }

    fn set_mode() -> Workspace {
        let mut snapshot = Snapshot::new(
            Mode::Set(SetMode::new(
                Base::Custom {
                    file: "base.nix".to_owned(),
                },
                vec![
                    Overlay::new("one.nix", true),
                    Overlay::new("two.nix", false),
                ],
            )),
            vec![
                File::new("base.nix", "final: { a = 1; }"),
                File::new("one.nix", "final: prev: { b = 1; }"),
                File::new("two.nix", "final: prev: { b = 2; }"),
            ],
        );
        snapshot.active = Some("two.nix".to_owned());
        snapshot.tab = fixpoint_share::ResultTab::Trace;
        snapshot.selected = vec!["b".to_owned()];
        workspace_of(&snapshot).expect("a valid workspace")
    }

    fn round_trip(workspace: &Workspace) -> Workspace {
        let fragment = fragment_of(workspace).expect("a valid workspace encodes");
        match workspace_in(&format!("#{fragment}")) {
            Some(Ok(back)) => back,
            other => panic!("the link does not open: {other:?}"),
        }
    }

    #[test]
    fn expression_workspace_round_trips_through_a_link() {
        let workspace = two_files();
        assert_eq!(workspace.rev, 0);
        assert_eq!(round_trip(&workspace), workspace);
    }

    #[test]
    fn set_mode_with_tab_and_selection_round_trips() {
        let workspace = set_mode();
        assert_eq!(workspace.active, "two.nix");
        assert_eq!(workspace.tab, ResultTab::Trace);
        assert_eq!(workspace.selected, Some(vec!["b".to_owned()]));
        assert_eq!(round_trip(&workspace), workspace);
    }

    #[test]
    fn playground_links_carry_default_embed_options() {
        assert!(snapshot_of(&set_mode()).embed.is_default());
    }

    #[test]
    fn no_hash_means_no_link() {
        assert_eq!(link_in(""), None);
        assert_eq!(link_in("#"), None);
    }

    #[test]
    fn broken_link_keeps_its_reason_and_offers_the_last_workspace() {
        let good = fragment_of(&Workspace::with_main("1")).expect("encodes");
        let truncated = good.get(..good.len() - 3).expect("long enough");
        let stored = Stored {
            last_local: Some(two_files()),
            ..Stored::default()
        };
        let load = InitialLoad::from_sources(&format!("#{truncated}"), stored);
        let Origin::BrokenLink {
            problem,
            last_local,
        } = &load.origin
        else {
            panic!("a truncated link is reported: {:?}", load.origin);
        };
        assert!(matches!(problem, LinkProblem::Decode(_)));
        assert_eq!(last_local.as_deref(), Some(&two_files()));
        assert_eq!(
            load.workspace,
            Workspace::default(),
            "never an empty editor"
        );
        assert!(
            !load.is_own(),
            "the example behind the banner is not stored"
        );
    }

    #[test]
    fn link_wins_over_the_stored_workspace() {
        let link = fragment_of(&Workspace::with_main("1")).expect("encodes");
        let stored = Stored {
            last_local: Some(two_files()),
            ..Stored::default()
        };
        let load = InitialLoad::from_sources(&format!("#{link}"), stored);
        assert_eq!(load.origin, Origin::Link);
        assert_eq!(load.workspace, round_trip(&Workspace::with_main("1")));
        assert!(!load.is_own(), "opening a link does not overwrite storage");
    }

    #[test]
    fn without_a_link_the_last_workspace_comes_back() {
        let stored = Stored {
            last_local: Some(two_files()),
            ..Stored::default()
        };
        let load = InitialLoad::from_sources("", stored);
        assert_eq!(load.origin, Origin::LastLocal);
        assert_eq!(load.workspace, two_files());
        let empty = InitialLoad::from_sources("", Stored::default());
        assert_eq!(empty.origin, Origin::Welcome);
    }

    #[test]
    fn a_reload_before_the_address_bar_caught_up_keeps_the_newer_text() {
        let written = fragment_of(&Workspace::with_main("1 +")).expect("encodes");
        let latest = fragment_of(&Workspace::with_main("1 + 2")).expect("encodes");
        let earlier = fragment_of(&Workspace::with_main("1")).expect("encodes");
        let stored = Stored {
            tab_address: Some(format!("{}\n{}", link_key(&earlier), link_key(&written))),
            tab_latest: Some(latest),
            ..Stored::default()
        };
        let load = InitialLoad::from_sources(&format!("#{written}"), stored.clone());
        assert_eq!(load.origin, Origin::ThisTab);
        assert_eq!(&*load.workspace.active_text(), "1 + 2");
        // Any link the tab wrote: the browser may reload an older address.
        let load = InitialLoad::from_sources(&format!("#{earlier}"), stored.clone());
        assert_eq!(load.origin, Origin::ThisTab);
        assert_eq!(&*load.workspace.active_text(), "1 + 2");
        // A link the tab did not write (pasted, or another one) wins.
        let other = fragment_of(&Workspace::with_main("7")).expect("encodes");
        let load = InitialLoad::from_sources(&format!("#{other}"), stored);
        assert_eq!(load.origin, Origin::Link);
        assert_eq!(&*load.workspace.active_text(), "7");
    }

    #[test]
    fn a_link_the_workspace_cannot_hold_is_reported() {
        // Valid for the share format, refused by the editor's file names.
        let snapshot = Snapshot::new(
            Mode::Expression(ExpressionMode::new(" main.nix")),
            vec![File::new(" main.nix", "1")],
        );
        assert_eq!(workspace_of(&snapshot), Err(LinkProblem::Unusable));
    }
}
