//! Share links in the app: the edge between the workspace and
//! `fixpoint_share::Snapshot`, and what a page load finds in the URL
//! fragment and in local storage.
//!
//! Main items: [`snapshot_of`] and [`workspace_of`] convert at the edge;
//! [`InitialLoad::from_sources`] decides what a page opens with (a link, the
//! last local workspace, or the welcome example) and, for a link that does
//! not decode, keeps the precise [`DecodeError`] and the last local
//! workspace to offer in the banner.
//!
//! Invariants:
//! - workspace paths are absolute under [`WORKSPACE_DIR`]; link paths are
//!   relative (share-link rules), so conversion strips and adds that prefix;
//! - the last local workspace is stored as a share-link fragment under
//!   [`LAST_WORKSPACE_KEY`], so storage inherits the format's versioning and
//!   its checksum;
//! - nothing here touches the DOM: `hooks::use_share_link` reads and writes
//!   the address bar and storage, and passes strings in.
//!
//! Deliberately absent: set mode, overlays, the selected attribute and the
//! result tab, which the workspace does not hold yet; a set-mode link opens
//! its files in expression mode on its custom base, first enabled overlay or
//! first file (`workspace_of`), and [`snapshot_of`] always writes expression
//! mode.
//!
//! Tests: the `tests` module below (native `cargo test -p fixpoint-web`).

use std::collections::BTreeMap;
use std::rc::Rc;

use fixpoint_share::{
    Base, DecodeError, EmbedOptions, EncodeError, ExpressionMode, File, Mode, Snapshot,
};

use crate::state::{EvalState, Workspace};

/// The directory of the in-memory file system that holds the workspace.
pub const WORKSPACE_DIR: &str = "/workspace/";

/// The local-storage key of the last workspace (a share-link fragment).
pub const LAST_WORKSPACE_KEY: &str = "fixpoint:last-workspace";

/// How long the address bar waits after the last change before it follows.
pub const ADDRESS_DEBOUNCE_MS: u32 = 400;

/// The link path of a workspace path (`/workspace/a.nix` → `a.nix`).
pub fn link_path(workspace_path: &str) -> String {
    let relative = workspace_path
        .strip_prefix(WORKSPACE_DIR)
        .unwrap_or(workspace_path);
    relative.trim_start_matches('/').to_owned()
}

/// The workspace path of a link path (`a.nix` → `/workspace/a.nix`).
pub fn workspace_path(link_path: &str) -> String {
    format!("{WORKSPACE_DIR}{link_path}")
}

/// The snapshot a link of `workspace` carries (embed options at their
/// defaults: links made by the playground open as the playground).
pub fn snapshot_of(workspace: &Workspace) -> Snapshot {
    let files = workspace
        .files
        .iter()
        .map(|(path, text)| File::new(link_path(path), text.to_string()))
        .collect();
    let mode = Mode::Expression(ExpressionMode::new(link_path(&workspace.entry)));
    let mut snapshot = Snapshot::new(mode, files);
    if workspace.files.contains_key(&workspace.active) {
        snapshot.active = Some(link_path(&workspace.active));
    }
    snapshot
}

/// The fragment (without `#`) of a link to `workspace`.
pub fn fragment_of(workspace: &Workspace) -> Result<String, EncodeError> {
    fixpoint_share::encode(&snapshot_of(workspace))
}

/// The snapshot of `workspace` as an embed with `options`.
pub fn embed_snapshot_of(workspace: &Workspace, options: &EmbedOptions) -> Snapshot {
    let mut snapshot = snapshot_of(workspace);
    snapshot.embed = options.clone();
    snapshot
}

/// The file a snapshot evaluates: the expression's entry; in set mode,
/// until the workspace has set mode, the custom base, else the first
/// enabled overlay, else the first file.
fn entry_of(snapshot: &Snapshot) -> Option<String> {
    match &snapshot.mode {
        Mode::Expression(expression) => Some(expression.entry.clone()),
        Mode::Set(set) => match &set.base {
            Base::Custom { file } => Some(file.clone()),
            _ => set
                .overlays
                .iter()
                .find(|overlay| overlay.enabled)
                .map(|overlay| overlay.file.clone())
                .or_else(|| snapshot.files.first().map(|file| file.path.clone())),
        },
        _ => snapshot.files.first().map(|file| file.path.clone()),
    }
}

/// The workspace a snapshot opens as, with revision `rev`. A snapshot
/// without files (which no valid link has) opens as the welcome example.
pub fn workspace_of(snapshot: &Snapshot, rev: u64) -> Workspace {
    let files: BTreeMap<String, Rc<str>> = snapshot
        .files
        .iter()
        .map(|file| (workspace_path(&file.path), Rc::from(file.text.as_str())))
        .collect();
    let Some(entry) = entry_of(snapshot).filter(|entry| snapshot.file(entry).is_some()) else {
        let mut welcome = Workspace::default();
        welcome.rev = rev;
        return welcome;
    };
    let active = snapshot
        .active
        .as_deref()
        .filter(|active| snapshot.file(active).is_some())
        .unwrap_or(&entry);
    Workspace {
        active: workspace_path(active),
        entry: workspace_path(&entry),
        files,
        rev,
        eval: EvalState::Idle,
    }
}

/// Reads a location hash (`#v1.…`, or empty): `None` when there is no link.
pub fn link_in(hash: &str) -> Option<Result<Snapshot, DecodeError>> {
    let fragment = hash.trim().trim_start_matches('#');
    if fragment.is_empty() {
        return None;
    }
    Some(fixpoint_share::decode(fragment))
}

/// Where the workspace a page opened with came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The link in the address bar.
    Link,
    /// The last workspace of this browser (no link).
    LastLocal,
    /// The welcome example (no link, nothing stored).
    Welcome,
    /// The address bar holds a link that does not decode.
    BrokenLink {
        /// Why it does not decode.
        error: DecodeError,
        /// The last local workspace, offered instead, if there is one.
        last_local: Option<Rc<Snapshot>>,
    },
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
    /// Decides from the location hash and the stored last workspace (if
    /// any). A broken link opens the welcome example behind a banner and
    /// keeps the stored workspace to offer; a broken stored workspace is
    /// ignored (it is only a convenience).
    pub fn from_sources(hash: &str, stored: Option<&str>) -> InitialLoad {
        let last_local = stored
            .and_then(|fragment| fixpoint_share::decode(fragment).ok())
            .filter(|snapshot| !snapshot.files.is_empty());
        match link_in(hash) {
            Some(Ok(snapshot)) => InitialLoad {
                workspace: workspace_of(&snapshot, 0),
                origin: Origin::Link,
            },
            Some(Err(error)) => InitialLoad {
                workspace: Workspace::default(),
                origin: Origin::BrokenLink {
                    error,
                    last_local: last_local.map(Rc::new),
                },
            },
            None => match last_local {
                Some(snapshot) => InitialLoad {
                    workspace: workspace_of(&snapshot, 0),
                    origin: Origin::LastLocal,
                },
                None => InitialLoad {
                    workspace: Workspace::default(),
                    origin: Origin::Welcome,
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixpoint_share::{Overlay, SetMode};

    fn two_files() -> Workspace {
        let mut workspace = Workspace::with_main("import ./lib.nix");
        workspace
            .files
            .insert("/workspace/lib.nix".to_owned(), Rc::from("{ a = 1; }"));
        workspace
    }

    #[test]
    fn workspace_round_trips_through_a_link() {
        let workspace = two_files();
        let fragment = fragment_of(&workspace).expect("a valid workspace encodes");
        let back = match link_in(&format!("#{fragment}")) {
            Some(Ok(snapshot)) => workspace_of(&snapshot, 0),
            other => panic!("the link does not decode: {other:?}"),
        };
        assert_eq!(back, workspace);
    }

    #[test]
    fn paths_lose_and_regain_the_workspace_dir() {
        assert_eq!(link_path("/workspace/pkgs/a.nix"), "pkgs/a.nix");
        assert_eq!(link_path("/elsewhere.nix"), "elsewhere.nix");
        assert_eq!(workspace_path("pkgs/a.nix"), "/workspace/pkgs/a.nix");
    }

    #[test]
    fn no_hash_means_no_link() {
        assert_eq!(link_in(""), None);
        assert_eq!(link_in("#"), None);
    }

    #[test]
    fn broken_link_keeps_its_error_and_offers_the_last_workspace() {
        let stored = fragment_of(&two_files()).expect("encodes");
        let good = fragment_of(&Workspace::with_main("1")).expect("encodes");
        let truncated = &good[..good.len() - 3];
        let load = InitialLoad::from_sources(&format!("#{truncated}"), Some(&stored));
        let Origin::BrokenLink { error, last_local } = &load.origin else {
            panic!("a truncated link is reported: {:?}", load.origin);
        };
        assert!(!error.to_string().is_empty());
        let offered = last_local
            .as_deref()
            .map(|snapshot| workspace_of(snapshot, 0));
        assert_eq!(offered, Some(two_files()));
        assert_eq!(
            load.workspace,
            Workspace::default(),
            "never an empty editor"
        );
    }

    #[test]
    fn link_wins_over_the_stored_workspace() {
        let link = fragment_of(&Workspace::with_main("1")).expect("encodes");
        let stored = fragment_of(&two_files()).expect("encodes");
        let load = InitialLoad::from_sources(&format!("#{link}"), Some(&stored));
        assert_eq!(load.origin, Origin::Link);
        assert_eq!(load.workspace, Workspace::with_main("1"));
    }

    #[test]
    fn without_a_link_the_last_workspace_comes_back() {
        let stored = fragment_of(&two_files()).expect("encodes");
        let load = InitialLoad::from_sources("", Some(&stored));
        assert_eq!(load.origin, Origin::LastLocal);
        assert_eq!(load.workspace, two_files());
        let junk = InitialLoad::from_sources("", Some("v1.garbage"));
        assert_eq!(junk.origin, Origin::Welcome);
    }

    #[test]
    fn set_mode_link_opens_its_custom_base() {
        let mode = Mode::Set(SetMode::new(
            Base::Custom {
                file: "base.nix".to_owned(),
            },
            vec![Overlay::new("ov.nix", true)],
        ));
        let snapshot = Snapshot::new(
            mode,
            vec![
                File::new("base.nix", "final: { }"),
                File::new("ov.nix", "final: prev: { }"),
            ],
        );
        let workspace = workspace_of(&snapshot, 3);
        assert_eq!(workspace.entry, "/workspace/base.nix");
        assert_eq!(workspace.rev, 3);
    }
}
