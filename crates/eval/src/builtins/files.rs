//! File and environment builtins: readFile, readDir, pathExists,
//! readFileType, getEnv — all through the host's [`crate::io::EvalIo`] — and
//! the fetchers, which the playground refuses with [`Unavailable`].
//!
//! A path argument may be a path or a string (or a set with `outPath` /
//! `__toString`) that is absolute, as in Nix. Store paths this evaluator wrote
//! (`toFile` texts, copied sources) are readable; other store paths, such as
//! derivation outputs, do not exist here: nothing is ever built, so import
//! from derivation is not available.
//! Tests are at the bottom of this file.

use std::fmt;
use std::rc::Rc;

use super::control::take;
use super::{Args, PrimOpDef};
use crate::derivations::{io_error, Readable};
use crate::errors::{EvalError, EvalResult};
use crate::io::{resolve_symlinks, IoError, PathKind};
use crate::source::SrcSpan;
use crate::value::{AttrSet, NixString, Value};
use crate::vm::{coerce_to_string, deep_force, CoerceMode, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "readFile",
        arity: 1,
        strict: 1,
        func: read_file,
    },
    PrimOpDef {
        name: "readDir",
        arity: 1,
        strict: 1,
        func: read_dir,
    },
    PrimOpDef {
        name: "pathExists",
        arity: 1,
        strict: 1,
        func: path_exists,
    },
    PrimOpDef {
        name: "readFileType",
        arity: 1,
        strict: 1,
        func: read_file_type,
    },
    PrimOpDef {
        name: "getEnv",
        arity: 1,
        strict: 1,
        func: get_env,
    },
    PrimOpDef {
        name: "fetchurl",
        arity: 1,
        strict: 1,
        func: fetchurl,
    },
    PrimOpDef {
        name: "fetchTarball",
        arity: 1,
        strict: 1,
        func: fetch_tarball,
    },
    PrimOpDef {
        name: "fetchGit",
        arity: 1,
        strict: 1,
        func: fetch_git,
    },
    PrimOpDef {
        name: "fetchTree",
        arity: 1,
        strict: 1,
        func: fetch_tree,
    },
    PrimOpDef {
        name: "fetchMercurial",
        arity: 1,
        strict: 1,
        func: fetch_mercurial,
    },
    PrimOpDef {
        name: "fetchClosure",
        arity: 1,
        strict: 1,
        func: fetch_closure,
    },
];

/// Why the playground cannot do something a real Nix can.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unavailable {
    /// A fetcher (`builtins.fetchurl`, …): there is no network.
    Fetcher {
        /// The builtin's name.
        builtin: &'static str,
    },
    /// Reading a store path nothing in this evaluation wrote (a build output).
    StorePath {
        /// The path.
        path: String,
    },
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::Fetcher { builtin } => write!(
                f,
                "builtins.{builtin} is not available in the playground: it cannot download anything; declare the source as a fixed-output derivation (outputHash) or add the file to the workspace"
            ),
            Unavailable::StorePath { path } => write!(
                f,
                "path '{path}' is not available in the playground: nothing is built here, so only files written by builtins.toFile or copied from the workspace can be read from the store"
            ),
        }
    }
}

impl std::error::Error for Unavailable {}

impl From<Unavailable> for EvalError {
    fn from(error: Unavailable) -> Self {
        EvalError::builtin(error.to_string())
    }
}

const REALISING: &str = "while realising the context of a path";

/// Coerces a path argument (path, absolute string, `outPath`/`__toString`
/// set) to a canonical absolute path and continues with it.
pub(crate) fn with_path(
    vm: &mut Vm,
    value: Value,
    then: impl FnOnce(&mut Vm, String) -> EvalResult<Step> + 'static,
) -> EvalResult<Step> {
    with_path_in(vm, value, REALISING, then)
}

/// [`with_path`], with `context` as the trace line of a value that is not a
/// path (Nix names the argument for some builtins).
pub(crate) fn with_path_in(
    vm: &mut Vm,
    value: Value,
    context: &'static str,
    then: impl FnOnce(&mut Vm, String) -> EvalResult<Step> + 'static,
) -> EvalResult<Step> {
    if let Value::Path(path) = &value {
        return then(vm, path.to_string());
    }
    let step = coerce_to_string(vm, value, CoerceMode::Interpolation { copy_paths: false })
        .map_err(|e| e.with_frame(context, None))?;
    Ok(Step::then(step, move |vm, text| {
        let Value::String(text) = text else {
            return Err(crate::vm::internal("coercion returned a non-string"));
        };
        let text = text.to_str_lossy().into_owned();
        if !text.starts_with('/') {
            return Err(EvalError::builtin(format!(
                "string '{text}' doesn't represent an absolute path"
            ))
            .with_frame(context, None));
        }
        then(vm, crate::paths::canonicalize(&text))
    }))
}

/// The bytes of a file, from the host or from this evaluator's store.
pub(crate) fn read_bytes(vm: &Vm, path: &str) -> EvalResult<Vec<u8>> {
    match vm.store.readable(path) {
        Some(Readable::Host(host)) => vm.io.read_file(&host).map_err(io_error),
        Some(Readable::Text(bytes)) => Ok(bytes),
        None => Err(Unavailable::StorePath { path: path.into() }.into()),
    }
}

/// The kind of the entry at `path`, if there is one; a symbolic link in
/// the last component is not followed (`lstat`). The store directory itself
/// always exists: this evaluator writes into it.
pub(crate) fn kind_of(vm: &Vm, path: &str) -> Option<PathKind> {
    if path == STORE_DIR {
        return Some(PathKind::Directory);
    }
    match vm.store.readable(path)? {
        Readable::Host(host) => vm.io.path_kind(&host),
        Readable::Text(_) => Some(PathKind::Regular),
    }
}

const STORE_DIR: &str = "/nix/store";

/// The kind of what `path` finally names, every symbolic link followed.
fn resolved_kind_of(vm: &Vm, path: &str) -> Option<PathKind> {
    match vm.store.readable(path) {
        Some(Readable::Host(host)) => match resolve_symlinks(&*vm.io, &host) {
            Ok(real) => vm.io.path_kind(&real),
            Err(_) => None,
        },
        _ => kind_of(vm, path),
    }
}

/// The name `readDir` and `readFileType` use for a kind.
pub(crate) fn kind_name(kind: PathKind) -> &'static str {
    match kind {
        PathKind::Regular => "regular",
        PathKind::Directory => "directory",
        PathKind::Symlink => "symlink",
        PathKind::Unknown => "unknown",
    }
}

fn read_file(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    with_path(vm, value, |vm, path| {
        let bytes = read_bytes(vm, &path)?;
        let context = vm.store.read_context(&path, &bytes);
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(bytes, context),
        ))))
    })
}

fn read_dir(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    with_path(vm, value, |vm, path| {
        // Nix resolves every link first and names the resolved path when
        // it is not a directory.
        let entries = match vm.store.readable(&path) {
            Some(Readable::Host(host)) => {
                resolve_symlinks(&*vm.io, &host).and_then(|real| match vm.io.path_kind(&real) {
                    Some(PathKind::Directory) => vm.io.read_dir(&real),
                    Some(_) => Err(IoError::NotDirectory { path: real }),
                    None => Err(IoError::NotFound { path: path.clone() }),
                })
            }
            Some(Readable::Text(_)) => Err(IoError::NotDirectory { path: path.clone() }),
            None => return Err(Unavailable::StorePath { path }.into()),
        };
        let entries = entries.map_err(|e| match e {
            IoError::NotDirectory { path } => {
                EvalError::builtin(format!("'{path}' is not a directory"))
            }
            other => io_error(other),
        })?;
        let mut attrs = Vec::new();
        for (name, kind) in entries {
            let symbol = vm.interner.intern(&name);
            attrs.push(vm.attr(symbol, Value::string(kind_name(kind))));
        }
        Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
            attrs,
        )))))
    })
}

/// `pathExists`: a dangling link exists; a string ending in `/` or `/.`
/// asks for a directory, links followed (Nix keeps that suffix for this
/// check, though the path itself drops it).
fn path_exists(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let wants_dir = match &value {
        Value::String(s) => s.bytes.ends_with(b"/") || s.bytes.ends_with(b"/."),
        _ => false,
    };
    with_path(vm, value, move |vm, path| {
        let exists = if wants_dir {
            resolved_kind_of(vm, &path) == Some(PathKind::Directory)
        } else {
            kind_of(vm, &path).is_some()
        };
        Ok(Step::Value(Value::Bool(exists)))
    })
}

/// `readFileType`: the kind of the entry itself (`"symlink"` for a link).
fn read_file_type(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    with_path(vm, value, |vm, path| match kind_of(vm, &path) {
        Some(kind) => Ok(Step::Value(Value::string(kind_name(kind)))),
        None => Err(io_error(IoError::NotFound { path })),
    })
}

fn get_env(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [name] = take(args)?;
    let name = Args { name: "getEnv" }.string(vm, 0, &name)?;
    let value = vm.io.get_env(&name.to_str_lossy()).unwrap_or_default();
    Ok(Step::Value(Value::string(value)))
}

fn fetchurl(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    // Like Nix, check the store name first: that error needs no network.
    Ok(Step::then(deep_force(value.clone(), value), |vm, value| {
        let (url, name, hint) = match &value {
                Value::String(url) => (
                    url.to_str_lossy().into_owned(),
                    None,
                    "Please pass an attribute set with 'url' and 'name' attributes to 'fetchurl',  so that it can create a valid store path.",
                ),
                Value::Attrs(attrs) => {
                    let text = |key: &str| match attrs.get(key).map(Value::resolved) {
                        Some(Value::String(s)) => Some(s.to_str_lossy().into_owned()),
                        _ => None,
                    };
                    let name = text("name");
                    let hint = if name.is_some() {
                        "Please change the value for the 'name' attribute passed to 'fetchurl', so that it can create a valid store path."
                    } else {
                        "Please add a valid 'name' attribute to the argument for 'fetchurl', so that it can create a valid store path."
                    };
                    (text("url").unwrap_or_default(), name, hint)
                }
                other => return Err(vm.type_error("a set", other)),
            };
        let name = name.unwrap_or_else(|| crate::paths::base_name(&url).to_string());
        if let Err(fixpoint_store::StorePathError::InvalidCharacter { name, character }) =
            fixpoint_store::store_path::validate_name(&name)
        {
            return Err(EvalError::builtin(format!(
                    "invalid store path name when fetching URL '{url}': name '{name}' contains illegal character '{character}'. {hint}"
                )));
        }
        Err(Unavailable::Fetcher {
            builtin: "fetchurl",
        }
        .into())
    }))
}

fn fetch_tarball(_: &mut Vm, _: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    Err(Unavailable::Fetcher {
        builtin: "fetchTarball",
    }
    .into())
}

fn fetch_git(_: &mut Vm, _: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    Err(Unavailable::Fetcher {
        builtin: "fetchGit",
    }
    .into())
}

fn fetch_tree(_: &mut Vm, _: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    Err(Unavailable::Fetcher {
        builtin: "fetchTree",
    }
    .into())
}

fn fetch_mercurial(_: &mut Vm, _: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    Err(Unavailable::Fetcher {
        builtin: "fetchMercurial",
    }
    .into())
}

fn fetch_closure(_: &mut Vm, _: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    Err(Unavailable::Fetcher {
        builtin: "fetchClosure",
    }
    .into())
}

#[cfg(test)]
mod tests {
    use crate::{EvalOptions, Evaluator, MemoryIo};

    fn eval(source: &str) -> String {
        let mut io = MemoryIo::new();
        io.insert("/w/data", "foo\n");
        io.insert("/w/dir/a.nix", "1");
        io.insert("/w/dir/sub/b", "2");
        io.set_env("TEST_VAR", "foo");
        let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
        let outcome = evaluator.eval_source("/w/main.nix", source);
        match (outcome.value, outcome.error) {
            (Some(value), _) => value,
            (None, Some(error)) => format!("error: {}", error.message),
            (None, None) => "nothing".into(),
        }
    }

    #[test]
    fn reads_host_files() {
        assert_eq!(eval("builtins.readFile ./data"), r#""foo\n""#);
        assert_eq!(
            eval("builtins.readDir ./dir"),
            r#"{ "a.nix" = "regular"; sub = "directory"; }"#
        );
        assert_eq!(
            eval(r#"map builtins.pathExists [ ./data ./nope "/w/dir/" "/w/data/" ]"#),
            "[ true false true false ]"
        );
        assert_eq!(
            eval("map builtins.readFileType [ ./data ./dir ]"),
            r#"[ "regular" "directory" ]"#
        );
        assert_eq!(
            eval(r#"builtins.getEnv "TEST_VAR" + builtins.getEnv "NOPE""#),
            r#""foo""#
        );
    }

    #[test]
    fn reads_back_the_store() {
        assert_eq!(
            eval(r#"builtins.readFile (builtins.toFile "t" "hi")"#),
            r#""hi""#
        );
        assert_eq!(eval(r#"builtins.readFile "${./dir}/sub/b""#), r#""2""#);
        assert_eq!(
            eval(
                r#"let f = builtins.toFile "a" "x"; in builtins.getContext (builtins.readFile (builtins.toFile "b" "see ${f}"))"#
            ),
            r#"{ "/nix/store/12wigjpizrn8axaqxj288q1b751qmwya-a" = { path = true; }; }"#
        );
        assert!(eval(
            r#"builtins.readFile (derivation { name = "x"; builder = ":"; system = ":"; })"#
        )
        .contains("is not available in the playground"));
    }

    #[test]
    fn path_errors() {
        assert_eq!(
            eval(r#"builtins.pathExists "zorglub""#),
            "error: string 'zorglub' doesn't represent an absolute path"
        );
        assert_eq!(
            eval("builtins.readDir ./data"),
            "error: '/w/data' is not a directory"
        );
        assert_eq!(
            eval("builtins.readDir ./nope"),
            "error: path '/w/nope' does not exist"
        );
        assert_eq!(
            eval(r#"builtins.fetchurl { url = "https://example.com/~wiggle~"; }"#),
            "error: invalid store path name when fetching URL 'https://example.com/~wiggle~': name '~wiggle~' contains illegal character '~'. Please add a valid 'name' attribute to the argument for 'fetchurl', so that it can create a valid store path."
        );
        assert!(eval(r#"builtins.fetchGit "https://example.com/x""#)
            .starts_with("error: builtins.fetchGit is not available in the playground"));
    }
}
