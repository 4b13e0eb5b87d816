//! Path and file builtins: import.
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
        name: "break",
        arity: 1,
        strict: 0,
        func: break_,
    },
];

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
