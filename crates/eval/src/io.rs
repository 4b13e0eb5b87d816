//! The host interface: files, directories and environment variables.
//!
//! The evaluator never touches the operating system; everything it reads comes
//! through [`EvalIo`]. [`MemoryIo`] is the in-memory implementation used by the
//! browser and by tests; the CLI supplies one backed by the real file system.
//!
//! Invariants: paths given to the trait are absolute and canonical (no `.`/`..`
//! segments, no trailing `/`); directories in [`MemoryIo`] exist implicitly as
//! the parents of inserted files.
//!
//! Tests: `memory_io_*` at the bottom of this file.

use std::collections::BTreeMap;
use std::fmt;

/// The kind of a file system entry, as `builtins.readDir` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// Anything else.
    Unknown,
}

/// Why a host operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IoError {
    /// No entry at that path.
    NotFound {
        /// The path.
        path: String,
    },
    /// The entry is a directory where a file was expected.
    IsDirectory {
        /// The path.
        path: String,
    },
    /// The entry is not a directory where one was expected.
    NotDirectory {
        /// The path.
        path: String,
    },
    /// Any other failure reported by the host.
    Other {
        /// The path.
        path: String,
        /// The host's explanation.
        reason: String,
    },
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoError::NotFound { path } => write!(f, "path '{path}' does not exist"),
            IoError::IsDirectory { path } => write!(f, "path '{path}' is a directory"),
            IoError::NotDirectory { path } => write!(f, "path '{path}' is not a directory"),
            IoError::Other { path, reason } => write!(f, "reading '{path}': {reason}"),
        }
    }
}

impl std::error::Error for IoError {}

/// What the evaluator may ask of its host.
pub trait EvalIo {
    /// The bytes of a regular file.
    fn read_file(&self, path: &str) -> Result<Vec<u8>, IoError>;
    /// The entries of a directory, by name, sorted bytewise.
    fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError>;
    /// The kind of the entry at `path`, or `None` when nothing is there.
    fn path_kind(&self, path: &str) -> Option<PathKind>;
    /// Whether anything exists at `path`.
    fn path_exists(&self, path: &str) -> bool {
        self.path_kind(path).is_some()
    }
    /// An environment variable.
    fn get_env(&self, name: &str) -> Option<String>;
}

/// An in-memory file system and environment.
#[derive(Clone, Debug, Default)]
pub struct MemoryIo {
    files: BTreeMap<String, Vec<u8>>,
    env: BTreeMap<String, String>,
}

impl MemoryIo {
    /// An empty file system with an empty environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file; its parent directories exist from then on.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Sets an environment variable.
    pub fn set_env(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.env.insert(name.into(), value.into());
    }

    fn is_dir(&self, path: &str) -> bool {
        let prefix = dir_prefix(path);
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(name, _)| name.starts_with(&prefix))
    }
}

fn dir_prefix(path: &str) -> String {
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

impl EvalIo for MemoryIo {
    fn read_file(&self, path: &str) -> Result<Vec<u8>, IoError> {
        match self.files.get(path) {
            Some(bytes) => Ok(bytes.clone()),
            None if self.is_dir(path) => Err(IoError::IsDirectory { path: path.into() }),
            None => Err(IoError::NotFound { path: path.into() }),
        }
    }

    fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError> {
        if self.files.contains_key(path) {
            return Err(IoError::NotDirectory { path: path.into() });
        }
        let prefix = dir_prefix(path);
        let mut entries: BTreeMap<String, PathKind> = BTreeMap::new();
        for name in self.files.keys() {
            let Some(rest) = name.strip_prefix(&prefix) else {
                if name.as_str() > prefix.as_str() {
                    break;
                }
                continue;
            };
            match rest.split_once('/') {
                Some((dir, _)) => entries.insert(dir.to_string(), PathKind::Directory),
                None => entries.insert(rest.to_string(), PathKind::Regular),
            };
        }
        if entries.is_empty() && path != "/" {
            return Err(IoError::NotFound { path: path.into() });
        }
        Ok(entries.into_iter().collect())
    }

    fn path_kind(&self, path: &str) -> Option<PathKind> {
        if self.files.contains_key(path) {
            Some(PathKind::Regular)
        } else if path == "/" || self.is_dir(path) {
            Some(PathKind::Directory)
        } else {
            None
        }
    }

    fn get_env(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_io_directories_are_implicit() {
        let mut io = MemoryIo::new();
        io.insert("/a/b/c.nix", "1");
        io.insert("/a/d.nix", "2");
        assert_eq!(io.path_kind("/a"), Some(PathKind::Directory));
        assert_eq!(io.path_kind("/a/b/c.nix"), Some(PathKind::Regular));
        assert_eq!(io.path_kind("/a/x"), None);
        assert_eq!(
            io.read_dir("/a"),
            Ok(vec![
                ("b".to_string(), PathKind::Directory),
                ("d.nix".to_string(), PathKind::Regular)
            ])
        );
        assert_eq!(
            io.read_file("/a"),
            Err(IoError::IsDirectory { path: "/a".into() })
        );
    }
}
