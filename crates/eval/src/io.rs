//! The host interface: files, directories, symbolic links, environment
//! variables and the clock.
//!
//! The evaluator never touches the operating system; everything it reads comes
//! through [`EvalIo`]. [`MemoryIo`] is the in-memory implementation used by the
//! browser and by tests; the CLI supplies one backed by the real file system.
//!
//! Invariants: paths given to the trait are absolute and canonical (no `.`/`..`
//! segments, no trailing `/`). Symbolic links behave as on a POSIX system:
//! [`EvalIo::read_file`] and [`EvalIo::read_dir`] follow them,
//! [`EvalIo::path_kind`] follows every component but the last (`lstat`), and
//! [`resolve_symlinks`] turns a path into the one with no link in it, as Nix
//! does before reading. In [`MemoryIo`] directories exist implicitly as the
//! parents of inserted entries (or explicitly, [`MemoryIo::insert_dir`]), and a
//! link's target is resolved against the link's directory.
//!
//! Tests: `memory_io_*` at the bottom of this file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Bound;

/// How many links one path may pass through before resolution gives up (as
/// a cycle guard; POSIX systems use 40).
const MAX_LINK_HOPS: usize = 40;

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
    /// The entry is not a symbolic link where one was expected.
    NotSymlink {
        /// The path.
        path: String,
    },
    /// Resolving the path passed through too many symbolic links (a cycle).
    TooManyLinks {
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
            IoError::NotSymlink { path } => write!(f, "path '{path}' is not a symbolic link"),
            IoError::TooManyLinks { path } => write!(
                f,
                "too many symbolic links encountered while traversing the path '{path}'"
            ),
            IoError::Other { path, reason } => write!(f, "reading '{path}': {reason}"),
        }
    }
}

impl std::error::Error for IoError {}

/// What the evaluator may ask of its host.
pub trait EvalIo {
    /// The bytes of a regular file (symbolic links followed).
    fn read_file(&self, path: &str) -> Result<Vec<u8>, IoError>;
    /// The entries of a directory (symbolic links to it followed), by name,
    /// sorted bytewise; each entry's own kind, links reported as links.
    fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError>;
    /// The kind of the entry at `path`, or `None` when nothing is there. A
    /// link in the last component is reported as [`PathKind::Symlink`], not
    /// followed (`lstat`); links in earlier components are followed.
    fn path_kind(&self, path: &str) -> Option<PathKind>;
    /// The target of the symbolic link at `path`, as written in the link
    /// (relative targets are relative to the link's directory). Hosts
    /// without links keep this default.
    fn read_link(&self, path: &str) -> Result<String, IoError> {
        Err(IoError::NotSymlink { path: path.into() })
    }
    /// Whether anything exists at `path` (a dangling link exists).
    fn path_exists(&self, path: &str) -> bool {
        self.path_kind(path).is_some()
    }
    /// An environment variable.
    fn get_env(&self, name: &str) -> Option<String>;
    /// Seconds since the Unix epoch, for `builtins.currentTime` (read once
    /// when an evaluator starts, as Nix does).
    fn current_time(&self) -> i64;
    /// Lowered files this host lets its evaluators share (files that never
    /// change under it, such as a prelude); `None`, the default, loads
    /// every file afresh.
    fn parse_cache(&self) -> Option<std::rc::Rc<crate::ParseCache>> {
        None
    }
    /// Derivations this host lets its evaluators share: a `derivation`
    /// call whose coerced attributes equal one finished before (by any
    /// evaluator of this host) takes that result instead of hashing its
    /// texts again. `None`, the default, finishes every one afresh.
    fn derivation_memo(&self) -> Option<std::rc::Rc<fixpoint_store::DerivationMemo>> {
        None
    }
}

/// `path` with every symbolic link in it replaced by its target, so that
/// no component is a link (Nix's `resolveSymlinks`). Components that do not
/// exist are kept as they are.
pub fn resolve_symlinks(io: &dyn EvalIo, path: &str) -> Result<String, IoError> {
    resolve_with(path, |prefix| match io.path_kind(prefix) {
        Some(PathKind::Symlink) => io.read_link(prefix).map(Some),
        _ => Ok(None),
    })
}

/// The shared resolution walk: `link_at(prefix)` says whether the already
/// resolved `prefix` is a link, and where it points.
fn resolve_with(
    path: &str,
    link_at: impl Fn(&str) -> Result<Option<String>, IoError>,
) -> Result<String, IoError> {
    let mut pending: Vec<String> = components(path).rev().map(str::to_string).collect();
    let mut resolved = String::new();
    let mut hops = 0;
    while let Some(component) = pending.pop() {
        if component == ".." {
            resolved = parent_of(&resolved);
            continue;
        }
        let candidate = format!("{resolved}/{component}");
        match link_at(&candidate)? {
            Some(target) => {
                hops += 1;
                if hops > MAX_LINK_HOPS {
                    return Err(IoError::TooManyLinks { path: path.into() });
                }
                if target.starts_with('/') {
                    resolved.clear();
                }
                pending.extend(components(&target).rev().map(str::to_string));
            }
            None => resolved = candidate,
        }
    }
    Ok(if resolved.is_empty() {
        "/".to_string()
    } else {
        resolved
    })
}

/// The meaningful components of a path (`.` and empty ones dropped).
fn components(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty() && *c != ".")
}

/// What [`resolve_with`] gives when no component is a link: `.` and empty
/// components dropped, `..` taking back the previous one.
fn normalise(path: &str) -> String {
    let mut resolved = String::with_capacity(path.len() + 1);
    for component in components(path) {
        if component == ".." {
            resolved.truncate(resolved.rfind('/').unwrap_or(0));
        } else {
            resolved.push('/');
            resolved.push_str(component);
        }
    }
    if resolved.is_empty() {
        resolved.push('/');
    }
    resolved
}

/// The parent of a resolved path in the walk's form (`""` is the root).
fn parent_of(path: &str) -> String {
    match path.rfind('/') {
        Some(index) => path[..index].to_string(),
        None => String::new(),
    }
}

/// An in-memory file system, environment and clock.
#[derive(Clone, Debug, Default)]
pub struct MemoryIo {
    files: BTreeMap<String, Vec<u8>>,
    links: BTreeMap<String, String>,
    dirs: BTreeSet<String>,
    env: BTreeMap<String, String>,
    time: i64,
}

/// One entry of a [`MemoryIo`], links not followed.
enum Entry<'a> {
    File(&'a [u8]),
    Link(&'a str),
    Dir,
}

impl MemoryIo {
    /// An empty file system with an empty environment, its clock at the
    /// Unix epoch (0) until [`MemoryIo::set_time`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file; its parent directories exist from then on.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Adds (or replaces) a symbolic link at `path` pointing to `target`
    /// (absolute, or relative to the link's directory; it need not exist).
    pub fn insert_symlink(&mut self, path: impl Into<String>, target: impl Into<String>) {
        self.links.insert(path.into(), target.into());
    }

    /// Adds a directory, which exists even while it is empty.
    pub fn insert_dir(&mut self, path: impl Into<String>) {
        self.dirs.insert(path.into());
    }

    /// Sets an environment variable.
    pub fn set_env(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.env.insert(name.into(), value.into());
    }

    /// Sets the clock `builtins.currentTime` reads (seconds since the epoch).
    pub fn set_time(&mut self, seconds: i64) {
        self.time = seconds;
    }

    /// The entry stored at exactly `path` (no link followed).
    fn entry(&self, path: &str) -> Option<Entry<'_>> {
        if let Some(bytes) = self.files.get(path) {
            return Some(Entry::File(bytes));
        }
        if let Some(target) = self.links.get(path) {
            return Some(Entry::Link(target));
        }
        if path == "/" || self.dirs.contains(path) || self.has_children(path) {
            return Some(Entry::Dir);
        }
        None
    }

    fn has_children(&self, path: &str) -> bool {
        let prefix = dir_prefix(path);
        let from = (Bound::Included(prefix.as_str()), Bound::Unbounded);
        let under = |first: Option<&String>| first.is_some_and(|name| name.starts_with(&prefix));
        under(self.files.range::<str, _>(from).next().map(|(k, _)| k))
            || under(self.links.range::<str, _>(from).next().map(|(k, _)| k))
            || under(self.dirs.range::<str, _>(from).next())
    }

    /// `path` with every link followed (`follow_last`) or every link but the
    /// last component's.
    fn resolve(&self, path: &str, follow_last: bool) -> Result<String, IoError> {
        let link_at = |prefix: &str| match self.entry(prefix) {
            Some(Entry::Link(target)) => Ok(Some(target.to_string())),
            _ => Ok(None),
        };
        // Without links no component can be one: the walk only drops `.`
        // and applies `..`, which needs no lookup per component.
        let walk = |path: &str| {
            if self.links.is_empty() {
                Ok(normalise(path))
            } else {
                resolve_with(path, link_at)
            }
        };
        if follow_last {
            return walk(path);
        }
        let parent = crate::paths::parent_dir(path);
        let name = crate::paths::base_name(path);
        if name.is_empty() || path == "/" {
            return Ok("/".to_string());
        }
        let parent = walk(&parent)?;
        Ok(format!("{}/{name}", parent.trim_end_matches('/')))
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
        let real = self.resolve(path, true)?;
        match self.entry(&real) {
            Some(Entry::File(bytes)) => Ok(bytes.to_vec()),
            Some(_) => Err(IoError::IsDirectory { path: path.into() }),
            None => Err(IoError::NotFound { path: path.into() }),
        }
    }

    fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError> {
        let real = self.resolve(path, true)?;
        match self.entry(&real) {
            Some(Entry::Dir) => {}
            Some(_) => return Err(IoError::NotDirectory { path: real }),
            None => return Err(IoError::NotFound { path: path.into() }),
        }
        let prefix = dir_prefix(&real);
        let mut entries: BTreeMap<String, PathKind> = BTreeMap::new();
        let mut add = |name: &str, leaf: PathKind| {
            if let Some(rest) = name.strip_prefix(&prefix) {
                match rest.split_once('/') {
                    Some((dir, _)) => entries.insert(dir.to_string(), PathKind::Directory),
                    None if !rest.is_empty() => entries.insert(rest.to_string(), leaf),
                    None => None,
                };
            }
        };
        for name in self.files.range(prefix.clone()..).map(|(k, _)| k) {
            if !name.starts_with(&prefix) {
                break;
            }
            add(name, PathKind::Regular);
        }
        for name in self.links.range(prefix.clone()..).map(|(k, _)| k) {
            if !name.starts_with(&prefix) {
                break;
            }
            add(name, PathKind::Symlink);
        }
        for name in self.dirs.range(prefix.clone()..) {
            if !name.starts_with(&prefix) {
                break;
            }
            add(name, PathKind::Directory);
        }
        Ok(entries.into_iter().collect())
    }

    fn path_kind(&self, path: &str) -> Option<PathKind> {
        let real = self.resolve(path, false).ok()?;
        match self.entry(&real)? {
            Entry::File(_) => Some(PathKind::Regular),
            Entry::Link(_) => Some(PathKind::Symlink),
            Entry::Dir => Some(PathKind::Directory),
        }
    }

    fn read_link(&self, path: &str) -> Result<String, IoError> {
        let real = self.resolve(path, false)?;
        match self.entry(&real) {
            Some(Entry::Link(target)) => Ok(target.to_string()),
            Some(_) => Err(IoError::NotSymlink { path: path.into() }),
            None => Err(IoError::NotFound { path: path.into() }),
        }
    }

    fn get_env(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }

    fn current_time(&self) -> i64 {
        self.time
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_is_the_walk_without_links() {
        for path in [
            "/",
            "",
            "/a",
            "a/b",
            "/a/b/",
            "//a//b",
            "/a/./b/.",
            "/a/../b",
            "/../..",
            "/a/b/../..",
            "/a/b/../../..",
            "./x",
            "/a/..b/c..",
        ] {
            assert_eq!(
                Ok(normalise(path)),
                resolve_with(path, |_| Ok(None)),
                "{path:?}"
            );
        }
    }

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

    #[test]
    fn memory_io_symlinks_resolve_like_posix() {
        let mut io = MemoryIo::new();
        io.insert("/t/foo/file", "x");
        io.insert("/t/overlays/o.nix", "o");
        io.insert_symlink("/t/ldir", "foo");
        io.insert_symlink("/t/linked", "foo/file");
        io.insert_symlink("/t/deep/overlays", "../overlays");
        io.insert_symlink("/t/broken", "nonexistent");
        io.insert_symlink("/t/loop", "loop");
        io.insert_dir("/t/empty");
        assert_eq!(io.path_kind("/t/ldir"), Some(PathKind::Symlink));
        assert_eq!(io.path_kind("/t/ldir/file"), Some(PathKind::Regular));
        assert_eq!(io.path_kind("/t/broken"), Some(PathKind::Symlink));
        assert_eq!(io.path_kind("/t/empty"), Some(PathKind::Directory));
        assert_eq!(io.read_file("/t/linked"), Ok(b"x".to_vec()));
        assert_eq!(io.read_file("/t/deep/overlays/o.nix"), Ok(b"o".to_vec()));
        assert_eq!(
            io.read_dir("/t/ldir"),
            Ok(vec![("file".to_string(), PathKind::Regular)])
        );
        assert_eq!(
            io.read_dir("/t/linked"),
            Err(IoError::NotDirectory {
                path: "/t/foo/file".into()
            })
        );
        assert_eq!(io.read_dir("/t/empty"), Ok(Vec::new()));
        let names: Vec<String> = io
            .read_dir("/t")
            .unwrap_or_default()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            names,
            ["broken", "deep", "empty", "foo", "ldir", "linked", "loop", "overlays"]
        );
        assert_eq!(
            resolve_symlinks(&io, "/t/deep/overlays/o.nix"),
            Ok("/t/overlays/o.nix".to_string())
        );
        assert_eq!(
            resolve_symlinks(&io, "/t/loop"),
            Err(IoError::TooManyLinks {
                path: "/t/loop".into()
            })
        );
        assert_eq!(io.read_link("/t/ldir"), Ok("foo".to_string()));
        assert!(io.read_link("/t/foo").is_err());
    }
}
