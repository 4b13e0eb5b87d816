//! `derivationStrict` and the `derivation` wrapper (SEMANTICS §6.7–§6.11).
//!
//! `derivationStrict` walks the argument set in sorted order: `__ignoreNulls`
//! drops null attributes, `args` becomes the builder's arguments, and every
//! other attribute is strongly coerced (paths copied to the store) and
//! exported to the environment — or, with `__structuredAttrs = true`, turned
//! into JSON and collected in `__json`. The string contexts met on the way
//! become the inputs; `fixpoint-store`'s `DerivationBuilder` computes the
//! paths, and the evaluator's store keeps the result for hash-modulo lookups
//! and the UI. The result is `{ drvPath; <output> = path; … }` with contexts
//! (`=drv` on `drvPath`, `!output!drv` on each output).
//!
//! `derivation` is Nix source (`derivation-internal.nix`, loaded on first
//! use) wrapping `derivationStrict` lazily, exactly as Nix's own wrapper
//! shapes its value: `drvAttrs`, `drvPath`, `outPath`, `outputName`,
//! `type = "derivation"`, one attribute per output, `all`.
//!
//! Errors carry Nix's wording and its "while evaluating derivation …" /
//! "while evaluating attribute … of derivation …" frames, also when they
//! arise deep inside an attribute (`Step::Within`). Content-addressed and
//! impure derivations are refused, as Nix does without experimental
//! features. Tests: the unit tests below, `derivations.rs`'s SEMANTICS
//! vectors, and `tests/derivations_differential.rs` against real Nix.

use std::cell::RefCell;
use std::rc::Rc;

use fixpoint_store::{DerivationBuilder, DerivationError, StorePathError};

use super::control::take;
use super::json::{to_json, write_json_string};
use super::PrimOpDef;
use crate::derivations::{string_with, ContextElem};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{AttrSet, Value};
use crate::vm::{coerce_to_string, CoerceMode, Event, Step, TraceLine, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "derivationStrict",
        arity: 1,
        strict: 1,
        func: derivation_strict,
    },
    PrimOpDef {
        name: "derivation",
        arity: 1,
        strict: 0,
        func: derivation,
    },
];

/// The name the wrapper's source is registered under (as in Nix's traces).
pub(crate) const WRAPPER_PATH: &str = "«nix-internal»/derivation-internal.nix";
pub(crate) const WRAPPER_SOURCE: &str = include_str!("derivation-internal.nix");

fn derivation(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [attrs] = take(args)?;
    if let Some(wrapper) = vm.store.wrapper.clone() {
        return Ok(Step::TailCall(wrapper, vec![attrs], span));
    }
    let expr = crate::loader::load(vm, WRAPPER_PATH, WRAPPER_SOURCE)?;
    let env = vm.root_env.clone();
    Ok(Step::then(Step::TailEval(expr, env), move |vm, wrapper| {
        vm.store.wrapper = Some(wrapper.clone());
        Ok(Step::TailCall(wrapper, vec![attrs], span))
    }))
}

/// The state of one `derivationStrict` call between VM requests. It is
/// shared by the steps of each attribute, which run inside that attribute's
/// error frame and then hand back to [`next_attr`].
struct Strict {
    attrs: Rc<AttrSet>,
    name: Rc<str>,
    ignore_nulls: bool,
    structured: bool,
    /// `(key, JSON)` of each structured attribute, in order.
    json: Vec<(String, String)>,
    builder: DerivationBuilder,
    context: Vec<Rc<str>>,
    index: usize,
}

type Shared = Rc<RefCell<Strict>>;

fn derivation_strict(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let Value::Attrs(attrs) = value else {
        return Err(vm.type_error("a set", &value).with_frame(
            "while evaluating the argument passed to builtins.derivationStrict",
            None,
        ));
    };
    let Some(name_attr) = attrs.get_attr("name").cloned() else {
        return Err(EvalError::new(
            ErrorKind::MissingAttribute {
                name: "name".into(),
            },
            None,
        )
        .with_frame(
            "in the attrset passed as argument to builtins.derivationStrict",
            None,
        ));
    };
    let name_context = (
        "while evaluating the derivation attribute 'name'".to_string(),
        name_attr.pos,
    );
    Ok(Step::Force(
        name_attr.value.clone(),
        Some(name_context.clone()),
        Box::new(move |vm: &mut Vm, name: Value| {
            let name = string_no_context(vm, &name).map_err(|e| {
                e.with_frame(
                    "while evaluating the `name` attribute passed to builtins.derivationStrict",
                    None,
                )
                .with_frame(name_context.0, name_context.1)
            })?;
            let shared_name: Rc<str> = Rc::from(name.as_str());
            let frame = TraceLine::Derivation {
                name: shared_name.clone(),
                name_pos: name_attr.pos,
            };
            let state = Rc::new(RefCell::new(Strict {
                attrs,
                name: shared_name,
                builder: DerivationBuilder::new(name),
                ignore_nulls: false,
                structured: false,
                json: Vec::new(),
                context: Vec::new(),
                index: 0,
            }));
            // Everything from here on runs inside the derivation's frame.
            let rest = Step::then(Step::Value(Value::Null), move |vm, _| {
                read_flag(vm, state, "__ignoreNulls")
            });
            Ok(Step::WithinLine(Box::new(rest), frame))
        }),
    ))
}

/// Reads `__ignoreNulls` and then `__structuredAttrs` (Booleans, default false).
fn read_flag(_: &mut Vm, state: Shared, flag: &'static str) -> EvalResult<Step> {
    let value = state.borrow().attrs.get(flag).cloned();
    let Some(value) = value else {
        return after_flag(state, flag, false);
    };
    Ok(Step::force(value, move |vm, value| match value {
        Value::Bool(set) => after_flag(state, flag, set),
        other => Err(vm.type_error("a Boolean", &other).with_frame(
            format!("while evaluating the `{flag}` attribute passed to builtins.derivationStrict"),
            None,
        )),
    }))
}

fn after_flag(state: Shared, flag: &'static str, set: bool) -> EvalResult<Step> {
    if flag == "__ignoreNulls" {
        state.borrow_mut().ignore_nulls = set;
        return Ok(Step::then(Step::Value(Value::Null), move |vm, _| {
            read_flag(vm, state, "__structuredAttrs")
        }));
    }
    state.borrow_mut().structured = set;
    Ok(Step::then(Step::Value(Value::Null), move |vm, _| {
        next_attr(vm, state)
    }))
}

/// Processes the attribute at `state.index` inside its own error frame, then
/// comes back here for the next one; finishes after the last.
fn next_attr(vm: &mut Vm, state: Shared) -> EvalResult<Step> {
    let (attr, name, structured) = {
        let mut strict = state.borrow_mut();
        loop {
            let Some(attr) = strict.attrs.entries().get(strict.index).cloned() else {
                drop(strict);
                return finish(vm, state);
            };
            strict.index += 1;
            let key = attr.name.as_str();
            if key == "__ignoreNulls" || (key == "__structuredAttrs" && strict.structured) {
                continue;
            }
            break (attr, strict.name.clone(), strict.structured);
        }
    };
    let key = attr.name.as_str().to_string();
    let frame = TraceLine::DerivationAttribute {
        attr: attr.name.clone(),
        derivation: name.clone(),
        pos: attr.pos,
    };
    if structured {
        warn_legacy_check(vm, &key, &name, attr.pos);
    }
    let shared = state.clone();
    let work = Step::Force(
        attr.value.clone(),
        None,
        Box::new(move |vm: &mut Vm, value: Value| on_attr(vm, shared, key, value)),
    );
    Ok(Step::then(
        Step::WithinLine(Box::new(work), frame),
        move |vm, _| next_attr(vm, state),
    ))
}

/// One forced attribute; the step finishes with null once it is recorded.
fn on_attr(vm: &mut Vm, state: Shared, key: String, value: Value) -> EvalResult<Step> {
    let (ignore_nulls, structured) = {
        let strict = state.borrow();
        (strict.ignore_nulls, strict.structured)
    };
    if ignore_nulls && matches!(value, Value::Null) {
        return Ok(Step::Value(Value::Null));
    }
    match key.as_str() {
        "__contentAddressed" | "__impure" => {
            let Value::Bool(set) = value else {
                return Err(vm.type_error("a Boolean", &value));
            };
            if set {
                let feature = if key == "__impure" {
                    "impure-derivations"
                } else {
                    "ca-derivations"
                };
                return Err(EvalError::builtin(format!(
                    "experimental Nix feature '{feature}' is disabled; add '--extra-experimental-features {feature}' to enable it"
                )));
            }
            Ok(Step::Value(Value::Null))
        }
        "args" => {
            let Value::List(items) = value else {
                return Err(vm.type_error("a list", &value));
            };
            collect_args(vm, state, items, 0)
        }
        _ if structured => {
            let step = to_json(value.clone());
            Ok(Step::then(step, move |vm, json| {
                structured_attr(vm, &state, &key, value, json)?;
                Ok(Step::Value(Value::Null))
            }))
        }
        _ => {
            let step = coerce_to_string(vm, value, CoerceMode::ToStringCopy)?;
            Ok(Step::then(step, move |_, coerced| {
                let mut strict = state.borrow_mut();
                let text = take_string(&mut strict, coerced)?;
                export(&mut strict, &key, text)?;
                Ok(Step::Value(Value::Null))
            }))
        }
    }
}

/// Coerces the elements of `args` one by one, each inside its own frame.
fn collect_args(
    _: &mut Vm,
    state: Shared,
    items: Rc<Vec<Value>>,
    index: usize,
) -> EvalResult<Step> {
    let Some(item) = items.get(index).cloned() else {
        return Ok(Step::Value(Value::Null));
    };
    let frame = (
        "while evaluating an element of the argument list".to_string(),
        None,
    );
    let coerce = Step::then(Step::Value(Value::Null), move |vm, _| {
        coerce_to_string(vm, item, CoerceMode::ToStringCopy)
    });
    Ok(Step::then(
        Step::Within(Box::new(coerce), frame),
        move |vm, coerced| {
            {
                let mut strict = state.borrow_mut();
                let text = take_string(&mut strict, coerced)?;
                strict.builder.arg(text);
            }
            collect_args(vm, state, items, index + 1)
        },
    ))
}

/// A coerced string's text, its context joining the derivation's.
fn take_string(state: &mut Strict, value: Value) -> EvalResult<String> {
    let Value::String(s) = value else {
        return Err(crate::vm::internal("coercion returned a non-string"));
    };
    state.context.extend(s.context.iter().cloned());
    Ok(s.to_str_lossy().into_owned())
}

/// Exports a coerced attribute (and interprets the special ones).
fn export(state: &mut Strict, key: &str, text: String) -> EvalResult<()> {
    if key == "outputs" {
        check_output_names(text.split([' ', '\t', '\n', '\r']))?;
    }
    let name = state.name.clone();
    state
        .builder
        .attr(key, text)
        .map_err(|e| derivation_error(e, &name))?;
    Ok(())
}

/// `drvPath` cannot be an output: the wrapper already has that attribute.
fn check_output_names<'a>(names: impl Iterator<Item = &'a str>) -> EvalResult<()> {
    for name in names {
        if name == "drvPath" {
            return Err(EvalError::builtin(
                "invalid derivation output name 'drvPath'",
            ));
        }
    }
    Ok(())
}

/// Attributes whose effect structured attributes replace with `outputChecks`.
const LEGACY_CHECKS: &[&str] = &[
    "allowedReferences",
    "allowedRequisites",
    "disallowedReferences",
    "disallowedRequisites",
    "maxClosureSize",
    "maxSize",
];

/// Current Nix warns when a legacy output check meets structured attributes,
/// inside a "while evaluating derivation" frame.
fn warn_legacy_check(vm: &mut Vm, key: &str, name: &str, span: Option<SrcSpan>) {
    if LEGACY_CHECKS.contains(&key) {
        vm.events.push(Event {
            kind: ErrorKind::Warning {
                message: format!(
                    "'structuredAttrs' disables the effect of the derivation attribute '{key}'; use 'outputChecks.<output>.{key}' instead"
                ),
                evaluation: false,
            },
            span,
            frames: vec![format!("while evaluating derivation '{name}'")],
        });
    }
}

/// One attribute under `__structuredAttrs`: its JSON, plus the special keys.
fn structured_attr(
    vm: &mut Vm,
    state: &Shared,
    key: &str,
    value: Value,
    json: Value,
) -> EvalResult<()> {
    let mut strict = state.borrow_mut();
    let text = take_string(&mut strict, json)?;
    strict.json.push((key.to_string(), text));
    let name = strict.name.clone();
    match key {
        "builder" => {
            let Value::String(s) = &value else {
                return Err(vm.type_error("a string", &value));
            };
            strict.builder.set_builder(s.to_str_lossy().into_owned());
        }
        "system" => {
            let text = string_no_context(vm, &value)?;
            strict.builder.set_system(text);
        }
        "outputHash" => {
            let text = string_no_context(vm, &value)?;
            strict.builder.set_output_hash(text);
        }
        "outputHashAlgo" => {
            let text = string_no_context(vm, &value)?;
            strict.builder.set_output_hash_algo(text);
        }
        "outputHashMode" => {
            let text = string_no_context(vm, &value)?;
            strict
                .builder
                .set_output_hash_mode(&text)
                .map_err(|e| derivation_error(e, &name))?;
        }
        "outputs" => {
            let Value::List(items) = &value else {
                return Err(vm.type_error("a list", &value));
            };
            let mut names = Vec::new();
            for item in items.iter() {
                names.push(string_no_context(vm, &item.resolved())?);
            }
            check_output_names(names.iter().map(String::as_str))?;
            strict
                .builder
                .set_outputs(names)
                .map_err(|e| derivation_error(e, &name))?;
        }
        _ => {}
    }
    Ok(())
}

/// A string without context (Nix's `forceStringNoCtx`).
fn string_no_context(vm: &Vm, value: &Value) -> EvalResult<String> {
    let Value::String(s) = value else {
        return Err(vm.type_error("a string", value));
    };
    if let Some(element) = s.context.first() {
        let path = ContextElem::parse(element).path().to_string();
        return Err(EvalError::builtin(format!(
            "the string '{}' is not allowed to refer to a store path (such as '{path}')",
            s.to_str_lossy()
        )));
    }
    Ok(s.to_str_lossy().into_owned())
}

/// Builds the derivation, records it, and returns its paths.
fn finish(vm: &mut Vm, state: Shared) -> EvalResult<Step> {
    let Strict {
        name,
        structured,
        json,
        mut builder,
        context,
        ..
    } = state.replace(Strict {
        attrs: Rc::new(AttrSet::empty()),
        name: Rc::from(""),
        ignore_nulls: false,
        structured: false,
        json: Vec::new(),
        builder: DerivationBuilder::new(""),
        context: Vec::new(),
        index: 0,
    });
    if structured {
        let mut text = b"{".to_vec();
        for (index, (key, value)) in json.iter().enumerate() {
            if index > 0 {
                text.push(b',');
            }
            write_json_string(&mut text, key.as_bytes());
            text.push(b':');
            text.extend_from_slice(value.as_bytes());
        }
        text.push(b'}');
        builder.structured_attrs(String::from_utf8_lossy(&text).into_owned());
    }
    vm.store.add_inputs(&mut builder, &context)?;
    let finished = match vm.io.derivation_memo() {
        Some(memo) => memo.finish(builder, vm.store.memory_store()),
        None => builder.finish(vm.store.memory_store()),
    };
    let built = finished.map_err(|e| derivation_error(e, &name))?;
    let drv_path = built.drv_path.to_absolute_path();
    let drv_path_symbol = vm.interner.intern("drvPath");
    let mut entries = vec![vm.attr(
        drv_path_symbol,
        string_with(drv_path.clone(), ContextElem::Deep(drv_path.clone())),
    )];
    for output in &built.output_names {
        let Some(path) = built.output_path(output) else {
            return Err(crate::vm::internal(
                "a built derivation lacks an output path",
            ));
        };
        let value = string_with(
            path.to_absolute_path(),
            ContextElem::Built {
                drv: drv_path.clone(),
                output: output.clone(),
            },
        );
        let symbol = vm.interner.intern(output);
        entries.push(vm.attr(symbol, value));
    }
    vm.store.insert_built(built);
    Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
        entries,
    )))))
}

/// A store-crate error in Nix's words.
fn derivation_error(error: DerivationError, name: &str) -> EvalError {
    match error {
        DerivationError::InvalidName(StorePathError::InvalidCharacter { name: bad, character }) => {
            EvalError::builtin(format!(
                "invalid derivation name: name '{bad}' contains illegal character '{character}'. Please pass a different 'name'."
            ))
        }
        DerivationError::InvalidName(StorePathError::EmptyName) if name.is_empty() => {
            EvalError::builtin(
                "invalid derivation name: name must not be empty. Please pass a different 'name'.",
            )
        }
        DerivationError::InvalidName(other) => EvalError::builtin(format!(
            "invalid derivation name: {other}. Please pass a different 'name'."
        )),
        other => EvalError::builtin(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::{EvalOptions, Evaluator, MemoryIo};

    fn eval(source: &str) -> String {
        let mut io = MemoryIo::new();
        io.insert("/w/myfile", "mycontent\n");
        let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
        let outcome = evaluator.eval_source("/w/main.nix", source);
        match (outcome.value, outcome.error) {
            (Some(value), _) => value,
            (None, Some(error)) => format!("error: {}", error.message),
            (None, None) => "nothing".into(),
        }
    }

    #[test]
    fn pill_and_tvix_vectors() {
        assert_eq!(
            eval(
                r#"let d = derivation { system = "x86_64-linux"; builder = ./myfile; name = "foo"; }; in [ d.outPath d.drvPath ]"#
            ),
            r#"[ "/nix/store/hs0yi5n5nw6micqhy8l1igkbhqdkzqa1-foo" "/nix/store/y4h73bmrc9ii5bxg6i7ck6hsf5gqv8ck-foo.drv" ]"#
        );
        assert_eq!(
            eval(
                r#"(derivation { name = "foo"; builder = "/bin/sh"; system = "x86_64-linux"; outputs = [ "foo" "bar" ]; }).outPath"#
            ),
            r#""/nix/store/hkwdinvz2jpzgnjy9lv34d2zxvclj4s3-foo-foo""#
        );
        assert_eq!(
            eval(
                r#"(derivation { name = "foo"; system = ":"; builder = ":"; __structuredAttrs = true; foo = "bar"; }).drvPath"#
            ),
            r#""/nix/store/k6rlb4k10cb9iay283037ml1nv3xma2f-foo.drv""#
        );
        assert_eq!(
            eval(
                r#"(derivation { name = "foo"; system = ":"; builder = ":"; __ignoreNulls = true; ignoreme = null; }).drvPath"#
            ),
            r#""/nix/store/xa96w6d7fxrlkk60z1fmx2ffp2wzmbqx-foo.drv""#
        );
        assert_eq!(
            eval(
                r#"let bar = derivation { name = "bar"; builder = ":"; system = ":"; outputHashMode = "recursive"; outputHash = "08813cbee9903c62be4c5027726a418a300da4500b2d369d3af9286f4815ceba"; outputHashAlgo = "sha256"; }; in (derivation { name = "foo"; builder = ":"; system = ":"; args = [ "${bar}" ]; }).drvPath"#
            ),
            r#""/nix/store/50yl2gmmljyl0lzyrp1mcyhn53vhjhkd-foo.drv""#
        );
    }

    #[test]
    fn derivation_value_shape() {
        assert_eq!(
            eval(
                r#"let d = derivation { name = "m"; builder = ":"; system = ":"; outputs = [ "out" "lib" ]; }; in [ (builtins.attrNames d) d.type d.outputName d.lib.outputName (d.all == [ d.out d.lib ]) (builtins.attrNames d.drvAttrs) ]"#
            ),
            r#"[ [ "all" "builder" "drvAttrs" "drvPath" "lib" "name" "out" "outPath" "outputName" "outputs" "system" "type" ] "derivation" "out" "lib" true [ "builder" "name" "outputs" "system" ] ]"#
        );
    }

    #[test]
    fn structured_attrs_warn_about_legacy_checks() {
        let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default());
        let outcome = evaluator.eval_source(
            "/w/main.nix",
            r#"(builtins.derivationStrict { name = "l"; system = "x"; builder = "/b"; __structuredAttrs = true; maxSize = 1; allowedReferences = [ ]; }).out"#,
        );
        assert_eq!(
            outcome.value.as_deref(),
            Some(r#""/nix/store/glklrylh0py4v4bsvg4dixmrw953k010-l""#)
        );
        let messages: Vec<&str> = outcome.events.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "'structuredAttrs' disables the effect of the derivation attribute 'allowedReferences'; use 'outputChecks.<output>.allowedReferences' instead",
                "'structuredAttrs' disables the effect of the derivation attribute 'maxSize'; use 'outputChecks.<output>.maxSize' instead",
            ]
        );
    }

    #[test]
    fn derivation_errors_use_nix_wording() {
        assert_eq!(
            eval(
                r#"builtins.derivationStrict { name = "foo"; builder = 1; system = 1; outputs = [ "out" "out" ]; }"#
            ),
            "error: duplicate derivation output 'out'"
        );
        assert_eq!(
            eval(r#"(derivation { name = "~jiggle~"; system = "s"; builder = "/b"; }).outPath"#),
            "error: invalid derivation name: name '~jiggle~' contains illegal character '~'. Please pass a different 'name'."
        );
        assert_eq!(
            eval(r#"builtins.derivationStrict { name = "foo"; }"#),
            "error: required attribute 'builder' missing"
        );
    }
}
