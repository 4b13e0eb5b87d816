//! Path and file builtins: import, findFile.
//!
//! Files come from the host through [`crate::io::EvalIo`]; parsed and
//! evaluated imports are cached by canonical path, as Nix does.

use std::rc::Rc;

use super::control::take;
use super::{Args, PrimOpDef};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::io::PathKind;
use crate::source::SrcSpan;
use crate::value::{Thunk, ThunkState, Value};
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
                return Ok(Step::Value(Value::Path(Rc::from(candidate.as_str()))));
            }
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

/// `break`: the debugger's breakpoint; without a debugger it is the identity.
fn break_(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    Ok(Step::TailForce(value))
}

fn import(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [target] = take(args)?;
    let step = coerce_to_string(vm, target, CoerceMode::Interpolation { copy_paths: false })
        .map_err(|e| e.with_frame(Args { name: "import" }.context(0), None))?;
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
        let mut path = crate::paths::canonicalize(&path);
        if vm.io.path_kind(&path) == Some(PathKind::Directory) {
            path = format!("{}/default.nix", path.trim_end_matches('/'));
        }
        import_file(vm, &path, span)
    }))
}

/// Evaluates the file at `path` (cached), finishing with its value.
pub fn import_file(vm: &mut Vm, path: &str, span: SrcSpan) -> EvalResult<Step> {
    if let Some(value) = vm.import_cache.get(path) {
        return Ok(Step::TailForce(value.clone()));
    }
    let bytes = vm.io.read_file(path).map_err(|e| {
        EvalError::at(
            ErrorKind::Io {
                message: e.to_string(),
            },
            span,
        )
    })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let expr = crate::loader::load(vm, path, &text)?;
    let value = Value::Thunk(Rc::new(Thunk::new(ThunkState::Pending(
        expr,
        vm.root_env.clone(),
    ))));
    vm.import_cache.insert(path.to_string(), value.clone());
    Ok(Step::TailForce(value))
}
