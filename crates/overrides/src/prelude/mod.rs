//! The prelude (`lib`, the mini nixpkgs, the pyproject.nix model) as files
//! of a virtual file system rooted at [`PRELUDE_ROOT`].
//!
//! [`PRELUDE_FILES`] embeds every runtime file; [`mount_prelude`] copies
//! them into a [`MemoryIo`] (the browser's host), and [`PreludeIo`] layers
//! them over any other host (the CLI's real file system), so user files and
//! the prelude are read through one [`EvalIo`].
//!
//! [`SharedPrelude`] is the prelude parsed and lowered once: every
//! [`PreludeIo`] made with the same one hands it to its evaluator as a
//! [`ParseCache`], so evaluators after the first skip the prelude's parsing
//! and lowering (the worker keeps one for its whole life). It also carries
//! the evaluators' [`DerivationMemo`]: the derivations they finished, so a
//! set evaluated again (a keystroke later) does not hash the same `.drv`
//! texts again; and the line starts of the prelude files, which every
//! session that shows a position in them would otherwise find again.
//!
//! Invariant: nothing under [`PRELUDE_ROOT`] is ever read from the host;
//! only the embedded prelude files are ever cached (user files never are);
//! the derivation memo keeps results of a pure function only (see
//! `fixpoint_store::derivation::memo`), so sharing it changes no answer.

mod files;

use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;

pub use files::PRELUDE_FILES;

use fixpoint_eval::{EvalIo, IoError, LineIndex, MemoryIo, ParseCache, PathKind};
use fixpoint_store::DerivationMemo;
use rustc_hash::FxHashMap;

/// Where the prelude lives in the evaluator's file system.
pub const PRELUDE_ROOT: &str = "/fixpoint/prelude";

/// The absolute virtual path of a prelude file given relative to the prelude.
pub fn prelude_path(relative: &str) -> String {
    if relative.is_empty() {
        PRELUDE_ROOT.to_owned()
    } else {
        format!("{PRELUDE_ROOT}/{relative}")
    }
}

/// Copies every prelude file into `io` under [`PRELUDE_ROOT`].
pub fn mount_prelude(io: &mut MemoryIo) {
    for (relative, text) in PRELUDE_FILES {
        io.insert(prelude_path(relative), *text);
    }
}

/// The prelude's files, mounted and parsed and lowered once, for every
/// evaluator made with it (see the module header). Cloning shares them.
///
/// It is a cache, not a setting: two options that differ only in it give
/// the same results, so it compares equal to any other.
#[derive(Clone)]
pub struct SharedPrelude {
    cache: Rc<ParseCache>,
    /// The files under [`PRELUDE_ROOT`], which every [`PreludeIo`] serves.
    files: Rc<MemoryIo>,
    /// The derivations every evaluator made with it finished.
    derivations: Rc<DerivationMemo>,
    /// Line starts of each prelude text the cache pins, found on first
    /// use, by the text's address (each `Rc<str>` lives as long as the
    /// cache, so an address names one text).
    line_indexes: Rc<FxHashMap<usize, OnceCell<Rc<LineIndex>>>>,
}

impl SharedPrelude {
    /// An empty cache over every file of [`PRELUDE_FILES`].
    pub fn new() -> SharedPrelude {
        let files: Vec<(String, Rc<str>)> = PRELUDE_FILES
            .iter()
            .map(|(relative, text)| (prelude_path(relative), Rc::from(*text)))
            .collect();
        let line_indexes = files
            .iter()
            .map(|(_, text)| (text_address(text), OnceCell::new()))
            .collect();
        let mut mounted = MemoryIo::new();
        mount_prelude(&mut mounted);
        SharedPrelude {
            cache: Rc::new(ParseCache::new(files)),
            files: Rc::new(mounted),
            derivations: Rc::new(DerivationMemo::new()),
            line_indexes: Rc::new(line_indexes),
        }
    }

    /// The line starts of `text` when it is one of the prelude texts this
    /// cache pins (an evaluator's [`fixpoint_eval::Evaluator::shared_source_of`]
    /// gives that very `Rc`), found once for every session; `None` for any
    /// other text.
    pub fn line_index(&self, text: &Rc<str>) -> Option<Rc<LineIndex>> {
        let index = self.line_indexes.get(&text_address(text))?;
        Some(Rc::clone(
            index.get_or_init(|| Rc::new(LineIndex::new(text))),
        ))
    }

    /// How many lowered prelude files are kept.
    pub fn lowered_files(&self) -> usize {
        self.cache.len()
    }

    /// How many finished derivations are kept for later evaluators.
    pub fn kept_derivations(&self) -> usize {
        self.derivations.len()
    }
}

/// The address of a text's characters: what names a pinned prelude text.
fn text_address(text: &Rc<str>) -> usize {
    Rc::as_ptr(text) as *const u8 as usize
}

impl Default for SharedPrelude {
    fn default() -> Self {
        SharedPrelude::new()
    }
}

impl fmt::Debug for SharedPrelude {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedPrelude")
            .field("lowered_files", &self.cache.len())
            .field("derivations", &self.derivations.len())
            .finish()
    }
}

impl PartialEq for SharedPrelude {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for SharedPrelude {}

/// A host whose paths under [`PRELUDE_ROOT`] (and its parent folders) are
/// the embedded prelude; every other path goes to the wrapped host.
pub struct PreludeIo {
    host: Box<dyn EvalIo>,
    shared: SharedPrelude,
}

impl PreludeIo {
    /// Layers the prelude over `host` (with a cache of its own).
    pub fn new(host: Box<dyn EvalIo>) -> Self {
        PreludeIo::sharing(host, &SharedPrelude::new())
    }

    /// Layers the prelude over `host`, its parsed files shared with every
    /// other host made with `shared`.
    pub fn sharing(host: Box<dyn EvalIo>, shared: &SharedPrelude) -> Self {
        PreludeIo {
            host,
            shared: shared.clone(),
        }
    }

    fn serves(path: &str) -> bool {
        let at_or_under_root = path
            .strip_prefix(PRELUDE_ROOT)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let above_root = path != "/"
            && !path.is_empty()
            && PRELUDE_ROOT
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/'));
        at_or_under_root || above_root
    }
}

impl EvalIo for PreludeIo {
    fn read_file(&self, path: &str) -> Result<Vec<u8>, IoError> {
        if Self::serves(path) {
            self.shared.files.read_file(path)
        } else {
            self.host.read_file(path)
        }
    }

    fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError> {
        if Self::serves(path) {
            self.shared.files.read_dir(path)
        } else {
            self.host.read_dir(path)
        }
    }

    fn path_kind(&self, path: &str) -> Option<PathKind> {
        if Self::serves(path) {
            self.shared.files.path_kind(path)
        } else {
            self.host.path_kind(path)
        }
    }

    fn read_link(&self, path: &str) -> Result<String, IoError> {
        if Self::serves(path) {
            self.shared.files.read_link(path)
        } else {
            self.host.read_link(path)
        }
    }

    fn get_env(&self, name: &str) -> Option<String> {
        self.host.get_env(name)
    }

    fn current_time(&self) -> i64 {
        self.host.current_time()
    }

    fn parse_cache(&self) -> Option<Rc<ParseCache>> {
        Some(self.shared.cache.clone())
    }

    fn derivation_memo(&self) -> Option<Rc<DerivationMemo>> {
        Some(self.shared.derivations.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_io_serves_the_prelude_and_delegates_the_rest() {
        let mut host = MemoryIo::new();
        host.insert("/work/a.nix", "1");
        host.insert("/fixpoint/prelude/lib/default.nix", "shadow attempt");
        let io = PreludeIo::new(Box::new(host));
        assert_eq!(io.read_file("/work/a.nix"), Ok(b"1".to_vec()));
        let lib = io.read_file("/fixpoint/prelude/lib/default.nix");
        assert!(lib.is_ok_and(|bytes| bytes.starts_with(b"# The playground")));
        assert_eq!(io.path_kind("/fixpoint"), Some(PathKind::Directory));
        assert_eq!(
            io.path_kind("/fixpoint/prelude/nixpkgs"),
            Some(PathKind::Directory)
        );
        assert_eq!(io.path_kind("/fixpoint/elsewhere"), None);
    }

    #[test]
    fn only_the_root_its_parents_and_paths_under_it_are_served() {
        for path in [
            "/fixpoint/prelude",
            "/fixpoint/prelude/lib/default.nix",
            "/fixpoint",
        ] {
            assert!(PreludeIo::serves(path), "{path}");
        }
        for path in [
            "/",
            "",
            "/fixpoint/preludes",
            "/fixpoint/prelude2/x",
            "/fix",
            "/work/a.nix",
        ] {
            assert!(!PreludeIo::serves(path), "{path}");
        }
    }

    #[test]
    fn line_indexes_are_shared_for_pinned_prelude_texts_only() {
        let shared = SharedPrelude::new();
        let mut evaluator = match crate::scope::playground_evaluator_sharing(
            Box::new(MemoryIo::new()),
            fixpoint_eval::EvalOptions::default(),
            &shared,
        ) {
            Ok(evaluator) => evaluator,
            Err(error) => panic!("no evaluator: {error:?}"),
        };
        let _ = evaluator.eval_source("/w/a.nix", "(import <nixpkgs> { }).lib.id 1");
        let path = prelude_path("lib/default.nix");
        let Some(text) = evaluator.shared_source_of(&path) else {
            panic!("{path} was not read");
        };
        let first = shared.line_index(&text);
        let again = shared.line_index(&text);
        assert!(matches!((&first, &again), (Some(a), Some(b)) if Rc::ptr_eq(a, b)));
        // The same characters in another allocation are not a pinned text.
        let copy: Rc<str> = Rc::from(&*text);
        assert!(shared.line_index(&copy).is_none());
    }
}
