//! Path and file builtins: import, scopedImport, findFile (what `<p>`
//! calls), break.
//!
//! Files come from the host through [`crate::io::EvalIo`]; parsed and
//! evaluated imports are cached by canonical path, as Nix does.
//! `scopedImport` is not cached: its file is lowered with the scope's names
//! as a lexical scope between the file and the globals (so they shadow
//! builtins), and runs in an environment holding the scope's values.
//! Nix's built-in files (`<nix/fetchurl.nix>`, `<nix/derivation-internal.nix>`)
//! live under [`COREPKGS`], served from sources compiled in.

use std::rc::Rc;

use super::control::take;
use super::{Args, PrimOpDef};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::io::{resolve_symlinks, IoError, PathKind};
use crate::source::SrcSpan;
use crate::value::{Env, Thunk, ThunkState, Value};
use crate::vm::{coerce_to_string, CoerceMode, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "import",
        arity: 1,
        strict: 1,
        func: import,
    },
    PrimOpDef {
        name: "scopedImport",
        arity: 2,
        strict: 0b11,
        func: scoped_import,
    },
    PrimOpDef {
        name: "findFile",
        arity: 2,
        strict: 0b11,
        func: find_file,
    },
    PrimOpDef {
        name: "break",
        arity: 1,
        strict: 0,
        func: break_,
    },
];

/// `findFile SEARCHPATH NAME`: looks `NAME` up in a list of `{ prefix; path; }`
/// sets the way `<NAME>` uses `-I`: the first existing match wins.
fn find_file(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [search_path, name] = take(args)?;
    let check = Args { name: "findFile" };
    check.list(vm, 0, &search_path)?;
    let Value::String(name) = &name else {
        return Err(check.type_error(vm, 1, "a string", &name));
    };
    let name = name.to_str_lossy().into_owned();
    let forced = crate::vm::deep_force(search_path.clone(), search_path);
    Ok(Step::then(forced, move |vm, search_path| {
        let Value::List(entries) = &search_path else {
            return Err(vm.type_error("a list", &search_path));
        };
        for entry in entries.iter() {
            let entry = entry.resolved();
            let Value::Attrs(attrs) = &entry else {
                return Err(vm.type_error("a set", &entry));
            };
            let text = |value: Option<&Value>| match value.map(Value::resolved) {
                Some(Value::String(s)) => Some(s.to_str_lossy().into_owned()),
                Some(Value::Path(p)) => Some(p.to_string()),
                _ => None,
            };
            let prefix = text(attrs.get("prefix")).unwrap_or_default();
            let Some(dir) = text(attrs.get("path")) else {
                return Err(EvalError::new(
                    ErrorKind::MissingAttribute {
                        name: "path".into(),
                    },
                    None,
                ));
            };
            let candidate = if prefix.is_empty() {
                format!("{dir}/{name}")
            } else if name == prefix {
                dir
            } else if let Some(rest) = name
                .strip_prefix(prefix.as_str())
                .and_then(|rest| rest.strip_prefix('/'))
            {
                format!("{dir}/{rest}")
            } else {
                continue;
            };
            let candidate = crate::paths::canonicalize(&candidate);
            if vm.io.path_exists(&candidate) {
                return Ok(Step::Value(Value::Path(Rc::new(candidate))));
            }
        }
        // After the search path, `nix/…` names Nix's own files.
        if let Some(rest) = name.strip_prefix("nix/") {
            return Ok(Step::Value(Value::Path(Rc::new(format!(
                "{COREPKGS}/{rest}"
            )))));
        }
        Err(EvalError::new(
            ErrorKind::Throw {
                message: format!(
                    "file '{name}' was not found in the Nix search path (add it using $NIX_PATH or -I)"
                ),
            },
            None,
        ))
    }))
}

/// Where `<nix/…>` files live (the directory Nix shows them in).
pub const COREPKGS: &str = "/__corepkgs__";

/// The source of one of Nix's built-in files, by path.
fn corepkgs_source(path: &str) -> Option<&'static str> {
    match path.strip_prefix(COREPKGS)? {
        "/fetchurl.nix" => Some(include_str!("fetchurl.nix")),
        "/derivation-internal.nix" => Some(include_str!("derivation-internal.nix")),
        _ => None,
    }
}

/// `break`: the debugger's breakpoint; without a debugger it is the identity.
fn break_(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    Ok(Step::TailForce(value))
}

fn import(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [target] = take(args)?;
    with_file(vm, "import", 0, target, move |vm, path| {
        import_file(vm, &path, span)
    })
}

/// `scopedImport SCOPE PATH`: evaluates the file with the attributes of
/// `SCOPE` in scope; never cached (each call may bring another scope).
fn scoped_import(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [scope, target] = take(args)?;
    let scope = Args {
        name: "scopedImport",
    }
    .attrs(vm, 0, &scope)?;
    with_file(vm, "scopedImport", 1, target, move |vm, path| {
        let bytes = read_source(vm, &path, span)?;
        let names: Vec<_> = scope.entries().iter().map(|a| a.name.clone()).collect();
        let values: Vec<Value> = scope.entries().iter().map(|a| a.value.clone()).collect();
        let expr = crate::loader::load_bytes(vm, &path, &bytes, &names)?;
        let env = Env::with_slots(values, Some(vm.root_env.clone()));
        Ok(Step::TailEval(expr, env))
    })
}

/// Coerces `import`'s (or `scopedImport`'s) argument number `index` to an
/// absolute path and finds the file Nix would read for it.
fn with_file(
    vm: &mut Vm,
    name: &'static str,
    index: usize,
    target: Value,
    then: impl FnOnce(&mut Vm, String) -> EvalResult<Step> + 'static,
) -> EvalResult<Step> {
    let step = coerce_to_string(vm, target, CoerceMode::Interpolation { copy_paths: false })
        .map_err(|e| e.with_frame(Args { name }.context(index), None))?;
    Ok(Step::then(step, move |vm, path| {
        let Value::String(path) = path else {
            return Err(crate::vm::internal("coercion returned a non-string"));
        };
        let path = path.to_str_lossy().into_owned();
        if !path.starts_with('/') {
            return Err(EvalError::builtin(format!(
                "string '{path}' doesn't represent an absolute path"
            )));
        }
        let path = resolve_expr_path(vm, &crate::paths::canonicalize(&path))?;
        then(vm, path)
    }))
}

/// The file `import` reads for `path`, as Nix finds it: a link in the last
/// component is replaced by its target (so the file's relative paths are
/// relative to where it really is), links further up are kept (so
/// `a/link/f.nix` still sees `a/…` as `..`), and a directory means its
/// `default.nix`.
fn resolve_expr_path(vm: &Vm, path: &str) -> EvalResult<String> {
    if corepkgs_source(path).is_some() {
        return Ok(path.to_string());
    }
    let mut path = path.to_string();
    let mut hops = 0;
    while vm.io.path_kind(&path) == Some(PathKind::Symlink) {
        hops += 1;
        let target = vm.io.read_link(&path);
        let target = match target {
            Ok(target) if hops <= 40 => target,
            Ok(_) => {
                return Err(io_failure(IoError::TooManyLinks { path }));
            }
            Err(error) => return Err(io_failure(error)),
        };
        path = if target.starts_with('/') {
            crate::paths::canonicalize(&target)
        } else {
            let dir = crate::paths::parent_dir(&path);
            crate::paths::canonicalize(&format!("{dir}/{target}"))
        };
    }
    let real = resolve_symlinks(&*vm.io, &path).map_err(io_failure)?;
    if vm.io.path_kind(&real) == Some(PathKind::Directory) {
        path = format!("{}/default.nix", path.trim_end_matches('/'));
    }
    Ok(path)
}

fn io_failure(error: IoError) -> EvalError {
    EvalError::new(
        ErrorKind::Io {
            message: error.to_string(),
        },
        None,
    )
}

/// Evaluates the file at `path` (cached), finishing with its value.
pub fn import_file(vm: &mut Vm, path: &str, span: SrcSpan) -> EvalResult<Step> {
    if let Some(value) = vm.import_cache.get(path) {
        return Ok(Step::TailForce(value.clone()));
    }
    let bytes = read_source(vm, path, span)?;
    let expr = crate::loader::load_bytes(vm, path, &bytes, &[])?;
    let value = Value::Thunk(Thunk::shared(ThunkState::Pending(
        expr,
        vm.root_env.clone(),
    )));
    vm.import_cache.insert(path.to_string(), value.clone());
    Ok(Step::TailForce(value))
}

/// The bytes of a Nix file to evaluate: one of Nix's own, or the host's.
fn read_source(vm: &Vm, path: &str, span: SrcSpan) -> EvalResult<Vec<u8>> {
    if let Some(source) = corepkgs_source(path) {
        return Ok(source.as_bytes().to_vec());
    }
    let bytes = vm.io.read_file(path).map_err(|e| {
        EvalError::at(
            ErrorKind::Io {
                message: e.to_string(),
            },
            span,
        )
    })?;
    Ok(bytes)
}
