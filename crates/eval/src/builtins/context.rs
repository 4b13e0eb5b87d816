//! String-context builtins: unsafeDiscardStringContext, hasContext,
//! getContext, appendContext, unsafeDiscardOutputDependency,
//! addDrvOutputDependencies (SEMANTICS §1.6).
//!
//! Contexts are the VM's encoded strings (see `value/string.rs`), decoded
//! through [`ContextElem`]. `getContext` groups elements by store path into
//! `{ path = true; allOutputs = true; outputs = [ … ]; }` sets, and
//! `appendContext` accepts exactly that shape back, so the two round-trip.
//! Messages are current Nix's. Tests are at the bottom of this file.

use std::collections::BTreeMap;
use std::rc::Rc;

use fixpoint_store::StorePath;

use super::control::take;
use super::{Args, PrimOpDef};
use crate::derivations::ContextElem;
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{AttrSet, NixString, Value};
use crate::vm::{coerce_to_string, deep_force, CoerceMode, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "unsafeDiscardStringContext",
        arity: 1,
        strict: 1,
        func: unsafe_discard_string_context,
    },
    PrimOpDef {
        name: "hasContext",
        arity: 1,
        strict: 1,
        func: has_context,
    },
    PrimOpDef {
        name: "getContext",
        arity: 1,
        strict: 1,
        func: get_context,
    },
    PrimOpDef {
        name: "appendContext",
        arity: 2,
        strict: 0b11,
        func: append_context,
    },
    PrimOpDef {
        name: "unsafeDiscardOutputDependency",
        arity: 1,
        strict: 1,
        func: unsafe_discard_output_dependency,
    },
    PrimOpDef {
        name: "addDrvOutputDependencies",
        arity: 1,
        strict: 1,
        func: add_drv_output_dependencies,
    },
];

const INTERPOLATION: CoerceMode = CoerceMode::Interpolation { copy_paths: true };

/// Coerces the argument like interpolation does and continues with the string.
fn with_coerced(
    vm: &mut Vm,
    name: &'static str,
    value: Value,
    then: impl FnOnce(&mut Vm, Rc<NixString>) -> EvalResult<Step> + 'static,
) -> EvalResult<Step> {
    let frame = format!("while evaluating the argument passed to builtins.{name}");
    let step = coerce_to_string(vm, value, INTERPOLATION).map_err(|e| e.with_frame(frame, None))?;
    Ok(Step::then(step, move |vm, value| match value {
        Value::String(s) => then(vm, s),
        _ => Err(crate::vm::internal("coercion returned a non-string")),
    }))
}

/// The argument as a string (no coercion), with Nix's error frame.
fn string_arg(vm: &Vm, name: &str, value: &Value) -> EvalResult<Rc<NixString>> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => Err(vm.type_error("a string", other).with_frame(
            format!("while evaluating the argument passed to builtins.{name}"),
            None,
        )),
    }
}

fn unsafe_discard_string_context(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    with_coerced(vm, "unsafeDiscardStringContext", value, |_, s| {
        Ok(Step::Value(Value::String(Rc::new(NixString::plain(
            s.bytes.to_vec(),
        )))))
    })
}

fn has_context(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let s = string_arg(vm, "hasContext", &value)?;
    Ok(Step::Value(Value::Bool(!s.context.is_empty())))
}

/// What `getContext` reports for one store path.
#[derive(Default)]
struct PathInfo {
    path: bool,
    all_outputs: bool,
    outputs: Vec<String>,
}

fn get_context(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let s = string_arg(vm, "getContext", &value)?;
    let mut by_path: BTreeMap<String, PathInfo> = BTreeMap::new();
    for element in s.context.iter() {
        match ContextElem::parse(element) {
            ContextElem::Opaque(path) => by_path.entry(path).or_default().path = true,
            ContextElem::Deep(drv) => by_path.entry(drv).or_default().all_outputs = true,
            ContextElem::Built { drv, output } => {
                by_path.entry(drv).or_default().outputs.push(output)
            }
        }
    }
    let mut entries = Vec::new();
    for (path, info) in by_path {
        let mut fields = Vec::new();
        if info.path {
            let symbol = vm.interner.intern("path");
            fields.push(vm.attr(symbol, Value::Bool(true)));
        }
        if info.all_outputs {
            let symbol = vm.interner.intern("allOutputs");
            fields.push(vm.attr(symbol, Value::Bool(true)));
        }
        if !info.outputs.is_empty() {
            let mut outputs = info.outputs;
            outputs.sort();
            outputs.dedup();
            let list = outputs.into_iter().map(Value::string).collect();
            let symbol = vm.interner.intern("outputs");
            fields.push(vm.attr(symbol, Value::List(Rc::new(list))));
        }
        let symbol = vm.interner.intern(&path);
        let set = Value::Attrs(Rc::new(AttrSet::from_unsorted(fields)));
        entries.push(vm.attr(symbol, set));
    }
    Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
        entries,
    )))))
}

fn append_context(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [string, context] = take(args)?;
    let check = Args {
        name: "appendContext",
    };
    let s = check.string(vm, 0, &string)?;
    let attrs = check.attrs(vm, 1, &context)?;
    Ok(Step::then(
        deep_force(context.clone(), context),
        move |vm, _| {
            let mut elements: Vec<Rc<str>> = s.context.to_vec();
            for attr in attrs.entries() {
                let path = attr.name.as_str();
                let info = attr.value.resolved();
                add_context_entry(vm, path, &info, &mut elements)?;
            }
            Ok(Step::Value(Value::String(Rc::new(
                NixString::with_context(s.bytes.to_vec(), elements),
            ))))
        },
    ))
}

/// One `path = { … }` entry of `appendContext`'s second argument.
fn add_context_entry(
    vm: &Vm,
    path: &str,
    info: &Value,
    elements: &mut Vec<Rc<str>>,
) -> EvalResult<()> {
    let Ok(store_path) = StorePath::from_absolute_path(path) else {
        return Err(EvalError::builtin(format!(
            "context key '{path}' is not a store path"
        )));
    };
    let Value::Attrs(info) = info else {
        return Err(vm.type_error("a set", info).with_frame(
            "while evaluating the value of a string context passed to builtins.appendContext",
            None,
        ));
    };
    let field_frame = |field: &str| {
        format!("while evaluating the `{field}` attribute of a string context passed to builtins.appendContext")
    };
    if let Some(value) = info.get("path") {
        match value.resolved() {
            Value::Bool(true) => elements.push(ContextElem::Opaque(path.to_string()).encode()),
            Value::Bool(false) => {}
            other => {
                return Err(vm
                    .type_error("a Boolean", &other)
                    .with_frame(field_frame("path"), None))
            }
        }
    }
    if let Some(value) = info.get("allOutputs") {
        match value.resolved() {
            Value::Bool(true) => {
                if !store_path.is_derivation() {
                    return Err(EvalError::builtin(format!(
                        "tried to add all-outputs context of {path}, which is not a derivation, to a string"
                    )));
                }
                elements.push(ContextElem::Deep(path.to_string()).encode());
            }
            Value::Bool(false) => {}
            other => {
                return Err(vm
                    .type_error("a Boolean", &other)
                    .with_frame(field_frame("allOutputs"), None))
            }
        }
    }
    if let Some(value) = info.get("outputs") {
        let Value::List(outputs) = value.resolved() else {
            return Err(vm
                .type_error("a list", &value.resolved())
                .with_frame(field_frame("outputs"), None));
        };
        if !outputs.is_empty() && !store_path.is_derivation() {
            return Err(EvalError::builtin(format!(
                "tried to add derivation output context of {path}, which is not a derivation, to a string"
            )));
        }
        for output in outputs.iter() {
            let output = output.resolved();
            let Value::String(name) = &output else {
                return Err(vm.type_error("a string", &output).with_frame(
                    "while evaluating an output name within a string context passed to builtins.appendContext",
                    None,
                ));
            };
            elements.push(
                ContextElem::Built {
                    drv: path.to_string(),
                    output: name.to_str_lossy().into_owned(),
                }
                .encode(),
            );
        }
    }
    Ok(())
}

fn unsafe_discard_output_dependency(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    with_coerced(vm, "unsafeDiscardOutputDependency", value, |_, s| {
        let context = s
            .context
            .iter()
            .map(|element| match ContextElem::parse(element) {
                ContextElem::Deep(drv) => ContextElem::Opaque(drv).encode(),
                _ => element.clone(),
            })
            .collect();
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(s.bytes.to_vec(), context),
        ))))
    })
}

fn add_drv_output_dependencies(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    with_coerced(vm, "addDrvOutputDependencies", value, |_, s| {
        let [element] = &*s.context else {
            return Err(EvalError::builtin(format!(
                "context of string '{}' must have exactly one element, but has {}",
                s.to_str_lossy(),
                s.context.len()
            )));
        };
        let element = match ContextElem::parse(element) {
            ContextElem::Opaque(path) => {
                let is_drv = StorePath::from_absolute_path(&path)
                    .map(|p| p.is_derivation())
                    .unwrap_or(false);
                if !is_drv {
                    return Err(EvalError::builtin(format!(
                        "path '{path}' is not a derivation"
                    )));
                }
                ContextElem::Deep(path)
            }
            ContextElem::Built { output, .. } => {
                return Err(EvalError::builtin(format!(
                    "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '{output}'"
                )))
            }
            deep @ ContextElem::Deep(_) => deep,
        };
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(s.bytes.to_vec(), vec![element.encode()]),
        ))))
    })
}

#[cfg(test)]
mod tests {
    use crate::{EvalOptions, Evaluator, MemoryIo};

    fn eval(source: &str) -> String {
        let mut io = MemoryIo::new();
        io.insert("/w/file.txt", "hello\n");
        let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
        let outcome = evaluator.eval_source("/w/main.nix", source);
        match (outcome.value, outcome.error) {
            (Some(value), _) => value,
            (None, Some(error)) => format!("error: {}", error.message),
            (None, None) => "nothing".into(),
        }
    }

    const DRV: &str = r#"drv = derivation { name = "fail"; builder = "/bin/false"; system = "x86_64-linux"; outputs = [ "out" "foo" ]; };"#;

    #[test]
    fn get_context_groups_by_path() {
        assert_eq!(
            eval(&format!(
                r#"let {DRV} in builtins.getContext "${{drv}}${{drv.foo}}${{./file.txt}}${{drv.drvPath}}""#
            )),
            r#"{ "/nix/store/pg9yqs4yd85yhdm3f4i5dyaqp5jahrsz-fail.drv" = { allOutputs = true; outputs = [ "foo" "out" ]; }; "/nix/store/qjqcrhqkjmdgv3yqcgcd9fa7qi234hga-file.txt" = { path = true; }; }"#
        );
        assert_eq!(eval(r#"builtins.getContext "plain""#), "{ }");
    }

    #[test]
    fn has_and_discard() {
        assert_eq!(
            eval(&format!(
                r#"let {DRV} s = "x${{drv}}"; in [ (builtins.hasContext s) (builtins.hasContext (builtins.unsafeDiscardStringContext s)) (builtins.unsafeDiscardStringContext s == s) ]"#
            )),
            "[ true false true ]"
        );
        assert_eq!(
            eval("builtins.hasContext 1"),
            "error: expected a string but found an integer: 1"
        );
    }

    #[test]
    fn append_context_round_trips_and_checks() {
        assert_eq!(
            eval(&format!(
                r#"let {DRV} s = "${{drv.drvPath}}${{drv.foo}}"; in builtins.appendContext (builtins.unsafeDiscardStringContext s) (builtins.getContext s) == s"#
            )),
            "true"
        );
        assert_eq!(
            eval(r#"builtins.appendContext "x" { "/tmp/x" = { path = true; }; }"#),
            "error: context key '/tmp/x' is not a store path"
        );
        assert_eq!(
            eval(r#"builtins.appendContext "x" { "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo" = { outputs = [ "out" ]; }; }"#),
            "error: tried to add derivation output context of /nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo, which is not a derivation, to a string"
        );
        assert_eq!(
            eval(
                r#"builtins.getContext (builtins.appendContext "x" { "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo" = { path = true; }; })"#
            ),
            r#"{ "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo" = { path = true; }; }"#
        );
    }

    #[test]
    fn output_dependencies() {
        assert_eq!(
            eval(&format!(
                r#"let {DRV} in builtins.getContext (builtins.unsafeDiscardOutputDependency drv.drvPath)"#
            )),
            r#"{ "/nix/store/pg9yqs4yd85yhdm3f4i5dyaqp5jahrsz-fail.drv" = { path = true; }; }"#
        );
        assert_eq!(
            eval(&format!(
                r#"let {DRV} d = builtins.unsafeDiscardOutputDependency drv.drvPath; in builtins.addDrvOutputDependencies d == drv.drvPath"#
            )),
            "true"
        );
        assert_eq!(
            eval(r#"builtins.addDrvOutputDependencies """#),
            "error: context of string '' must have exactly one element, but has 0"
        );
        assert_eq!(
            eval(&format!(
                r#"let {DRV} in builtins.addDrvOutputDependencies drv.outPath"#
            )),
            "error: `addDrvOutputDependencies` can only act on derivations, not on a derivation output such as 'out'"
        );
    }
}
