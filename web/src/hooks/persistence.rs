//! The last workspace, kept in `localStorage` and restored after a reload.
//!
//! The record is [`StoredWorkspace`] under the key [`STORAGE_KEY`], with a
//! format version; a record of another version, or one that does not fit
//! together (a mode naming a missing file), is ignored and the default
//! workspace is shown instead — never a half-loaded one. Storage that is
//! unavailable (private mode, quota) only means nothing is kept.

use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};

use crate::protocol::set::{StoredWorkspace, STORED_VERSION};
use crate::state::{Action, Workspace};

/// The `localStorage` key.
pub const STORAGE_KEY: &str = "fixpoint.workspace.v1";

/// Writes the workspace (errors are ignored: keeping it is a comfort).
pub fn store(workspace: &Workspace) {
    let record = StoredWorkspace {
        version: STORED_VERSION,
        workspace: workspace.to_wire(),
        active: workspace.active.clone(),
    };
    let _ = LocalStorage::set(STORAGE_KEY, record);
}

/// The stored workspace, if there is a usable one, else the default.
pub fn restored_or_default() -> Workspace {
    restored().unwrap_or_default()
}

/// The stored workspace, if there is a usable one.
pub fn restored() -> Option<Workspace> {
    let record = LocalStorage::get::<StoredWorkspace>(STORAGE_KEY).ok()?;
    if record.version != STORED_VERSION {
        return None;
    }
    let files = record
        .workspace
        .files
        .into_iter()
        .map(|file| (file.path, file.text))
        .collect();
    let start = Rc::new(Workspace::default());
    let loaded = Rc::clone(&start).apply(Action::LoadShared {
        files,
        mode: record.workspace.mode,
        active: Some(record.active),
    });
    if Rc::ptr_eq(&start, &loaded) {
        return None;
    }
    // A restored workspace starts at revision 0 like a fresh one.
    Some(Workspace {
        rev: 0,
        ..(*loaded).clone()
    })
}
