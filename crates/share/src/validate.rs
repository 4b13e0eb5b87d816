//! The invariants every snapshot in a link satisfies, and the limits that bound a link.
//!
//! Limits may be raised in a later release but never lowered: a link that was valid once must
//! stay valid.

use std::collections::BTreeSet;
use std::fmt;

use crate::snapshot::{Base, Mode, Snapshot};

/// Most files a workspace may hold.
pub const MAX_FILES: usize = 256;

/// Longest file path, in bytes.
pub const MAX_PATH_BYTES: usize = 256;

/// Deepest selected attribute path, in names.
pub const MAX_SELECTED_DEPTH: usize = 64;

/// Largest serialized snapshot, in bytes, before compression. Decoding refuses to inflate
/// more than this, which bounds the memory a hostile link can claim.
pub const MAX_PAYLOAD_BYTES: usize = 4 * 1024 * 1024;

/// A snapshot that breaks one of the invariants of [`Snapshot::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidSnapshot {
    /// More than [`MAX_FILES`] files.
    TooManyFiles {
        /// How many files the snapshot has (or a link claims).
        count: u64,
    },
    /// A file path that is not a safe relative path.
    InvalidPath {
        /// The offending path.
        path: String,
        /// What is wrong with it.
        problem: PathProblem,
    },
    /// Two files with the same path.
    DuplicatePath {
        /// The repeated path.
        path: String,
    },
    /// The mode or the active tab names a file the workspace does not have.
    UnknownFile {
        /// The missing path.
        path: String,
        /// Where it was named.
        role: FileRole,
    },
    /// The same file appears twice in the overlay stack.
    RepeatedOverlay {
        /// The repeated path.
        path: String,
    },
    /// The custom base file is also used as an overlay.
    BaseUsedAsOverlay {
        /// The base file's path.
        path: String,
    },
    /// The selected attribute path has more than [`MAX_SELECTED_DEPTH`] names.
    SelectionTooDeep {
        /// Its depth.
        depth: u64,
    },
    /// The embed options hide every pane.
    NoPanes,
}

/// Why a file path is refused. Paths are written to disk by `fixpoint open`, so anything that
/// could escape the target directory or mean something else on another platform is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathProblem {
    /// The empty path.
    Empty,
    /// Longer than [`MAX_PATH_BYTES`].
    TooLong,
    /// Starts with `/`.
    Absolute,
    /// Has an empty component (`a//b`, or a trailing `/`).
    EmptyComponent,
    /// Has a `.` component.
    CurrentDirectory,
    /// Has a `..` component.
    ParentDirectory,
    /// Contains `\` (a Windows separator).
    Backslash,
    /// Contains `:` (a Windows drive or stream).
    Colon,
    /// Contains a control character.
    ControlCharacter,
}

/// Where a snapshot names a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileRole {
    /// The custom base of set mode.
    Base,
    /// An overlay of set mode.
    Overlay,
    /// The entry of expression mode.
    Entry,
    /// The open editor tab.
    Active,
}

impl Snapshot {
    /// Checks the invariants a link relies on: at most [`MAX_FILES`] files with unique, safe
    /// paths; every file the mode or `active` names exists; no overlay file repeats or doubles
    /// as the custom base; the selection is at most [`MAX_SELECTED_DEPTH`] deep; the embed
    /// shows at least one pane. It does not check that files parse as Nix.
    pub fn validate(&self) -> Result<(), InvalidSnapshot> {
        if self.files.len() > MAX_FILES {
            return Err(InvalidSnapshot::TooManyFiles {
                count: self.files.len() as u64,
            });
        }
        let mut paths = BTreeSet::new();
        for file in &self.files {
            check_path(&file.path).map_err(|problem| InvalidSnapshot::InvalidPath {
                path: file.path.clone(),
                problem,
            })?;
            if !paths.insert(file.path.as_str()) {
                return Err(InvalidSnapshot::DuplicatePath {
                    path: file.path.clone(),
                });
            }
        }
        let require = |path: &str, role: FileRole| {
            if paths.contains(path) {
                Ok(())
            } else {
                Err(InvalidSnapshot::UnknownFile {
                    path: path.to_owned(),
                    role,
                })
            }
        };
        match &self.mode {
            Mode::Set(set) => {
                let base_file = match &set.base {
                    Base::Custom { file } => {
                        require(file, FileRole::Base)?;
                        Some(file.as_str())
                    }
                    Base::MiniNixpkgs | Base::Empty | Base::PyprojectPython => None,
                };
                let mut seen = BTreeSet::new();
                for overlay in &set.overlays {
                    require(&overlay.file, FileRole::Overlay)?;
                    if base_file == Some(overlay.file.as_str()) {
                        return Err(InvalidSnapshot::BaseUsedAsOverlay {
                            path: overlay.file.clone(),
                        });
                    }
                    if !seen.insert(overlay.file.as_str()) {
                        return Err(InvalidSnapshot::RepeatedOverlay {
                            path: overlay.file.clone(),
                        });
                    }
                }
            }
            Mode::Expression(expression) => require(&expression.entry, FileRole::Entry)?,
        }
        if let Some(active) = &self.active {
            require(active, FileRole::Active)?;
        }
        if self.selected.len() > MAX_SELECTED_DEPTH {
            return Err(InvalidSnapshot::SelectionTooDeep {
                depth: self.selected.len() as u64,
            });
        }
        if !self.embed.panes.any() {
            return Err(InvalidSnapshot::NoPanes);
        }
        Ok(())
    }
}

/// Checks one file path against the rules of [`PathProblem`].
pub fn check_path(path: &str) -> Result<(), PathProblem> {
    if path.is_empty() {
        return Err(PathProblem::Empty);
    }
    if path.len() > MAX_PATH_BYTES {
        return Err(PathProblem::TooLong);
    }
    if path.starts_with('/') {
        return Err(PathProblem::Absolute);
    }
    if path.contains('\\') {
        return Err(PathProblem::Backslash);
    }
    if path.contains(':') {
        return Err(PathProblem::Colon);
    }
    if path.chars().any(char::is_control) {
        return Err(PathProblem::ControlCharacter);
    }
    for component in path.split('/') {
        match component {
            "" => return Err(PathProblem::EmptyComponent),
            "." => return Err(PathProblem::CurrentDirectory),
            ".." => return Err(PathProblem::ParentDirectory),
            _ => {}
        }
    }
    Ok(())
}

impl fmt::Display for InvalidSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidSnapshot::TooManyFiles { count } => {
                write!(f, "{count} files, more than the limit of {MAX_FILES}")
            }
            InvalidSnapshot::InvalidPath { path, problem } => {
                write!(f, "invalid file path {path:?}: {problem}")
            }
            InvalidSnapshot::DuplicatePath { path } => write!(f, "file {path:?} appears twice"),
            InvalidSnapshot::UnknownFile { path, role } => {
                write!(f, "the {role} file {path:?} is not in the workspace")
            }
            InvalidSnapshot::RepeatedOverlay { path } => {
                write!(f, "overlay {path:?} appears twice in the stack")
            }
            InvalidSnapshot::BaseUsedAsOverlay { path } => {
                write!(f, "{path:?} is both the base and an overlay")
            }
            InvalidSnapshot::SelectionTooDeep { depth } => write!(
                f,
                "selected attribute path is {depth} names deep, more than the limit of {MAX_SELECTED_DEPTH}"
            ),
            InvalidSnapshot::NoPanes => f.write_str("the embed options hide every pane"),
        }
    }
}

impl std::error::Error for InvalidSnapshot {}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathProblem::Empty => "it is empty",
            PathProblem::TooLong => {
                return write!(f, "it is longer than {MAX_PATH_BYTES} bytes");
            }
            PathProblem::Absolute => "it is absolute",
            PathProblem::EmptyComponent => "it has an empty component",
            PathProblem::CurrentDirectory => "it has a `.` component",
            PathProblem::ParentDirectory => "it has a `..` component",
            PathProblem::Backslash => "it contains a backslash",
            PathProblem::Colon => "it contains a colon",
            PathProblem::ControlCharacter => "it contains a control character",
        })
    }
}

impl fmt::Display for FileRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileRole::Base => "base",
            FileRole::Overlay => "overlay",
            FileRole::Entry => "entry",
            FileRole::Active => "active",
        })
    }
}
