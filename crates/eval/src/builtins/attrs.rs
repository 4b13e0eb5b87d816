//! Attribute-set builtins: attrNames, attrValues, hasAttr, getAttr,
//! removeAttrs, intersectAttrs, listToAttrs, mapAttrs, catAttrs,
//! unsafeGetAttrPos.

use std::rc::Rc;

use rustc_hash::FxHashSet;

use super::args::force_each;
use super::control::take;
use super::{Args, PrimOpDef};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{Attr, AttrSet, Thunk, ThunkState, Value};
use crate::vm::{Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "attrNames",
        arity: 1,
        strict: 1,
        func: attr_names,
    },
    PrimOpDef {
        name: "attrValues",
        arity: 1,
        strict: 1,
        func: attr_values,
    },
    PrimOpDef {
        name: "hasAttr",
        arity: 2,
        strict: 0b11,
        func: has_attr,
    },
    PrimOpDef {
        name: "getAttr",
        arity: 2,
        strict: 0b11,
        func: get_attr,
    },
    PrimOpDef {
        name: "removeAttrs",
        arity: 2,
        strict: 0b11,
        func: remove_attrs,
    },
    PrimOpDef {
        name: "intersectAttrs",
        arity: 2,
        strict: 0b11,
        func: intersect_attrs,
    },
    PrimOpDef {
        name: "listToAttrs",
        arity: 1,
        strict: 1,
        func: list_to_attrs,
    },
    PrimOpDef {
        name: "mapAttrs",
        arity: 2,
        strict: 0b10,
        func: map_attrs,
    },
    PrimOpDef {
        name: "catAttrs",
        arity: 2,
        strict: 0b11,
        func: cat_attrs,
    },
    PrimOpDef {
        name: "unsafeGetAttrPos",
        arity: 2,
        strict: 0b11,
        func: unsafe_get_attr_pos,
    },
];

fn list(values: Vec<Value>) -> Step {
    Step::Value(Value::List(Rc::new(values)))
}

fn attr_names(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [set] = take(args)?;
    let attrs = Args { name: "attrNames" }.attrs(vm, 0, &set)?;
    Ok(list(
        attrs
            .entries()
            .iter()
            .map(|a| Value::string(a.name.as_str()))
            .collect(),
    ))
}

fn attr_values(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [set] = take(args)?;
    let attrs = Args { name: "attrValues" }.attrs(vm, 0, &set)?;
    Ok(list(
        attrs.entries().iter().map(|a| a.value.clone()).collect(),
    ))
}

fn has_attr(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [name, set] = take(args)?;
    let check = Args { name: "hasAttr" };
    let name = check.string(vm, 0, &name)?;
    let attrs = check.attrs(vm, 1, &set)?;
    Ok(Step::Value(Value::Bool(
        attrs.get(&name.to_str_lossy()).is_some(),
    )))
}

fn get_attr(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [name, set] = take(args)?;
    let check = Args { name: "getAttr" };
    let name = check.string(vm, 0, &name)?;
    let attrs = check.attrs(vm, 1, &set)?;
    let name = name.to_str_lossy();
    match attrs.get(&name) {
        Some(value) => Ok(Step::TailForce(value.clone())),
        None => Err(EvalError::at(
            ErrorKind::MissingAttribute {
                name: name.into_owned(),
            },
            span,
        )),
    }
}

fn remove_attrs(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [set, names] = take(args)?;
    let check = Args {
        name: "removeAttrs",
    };
    let attrs = check.attrs(vm, 0, &set)?;
    let names = check.list(vm, 1, &names)?;
    Ok(force_each(
        names.to_vec(),
        Some(check.context(1)),
        move |vm, names| {
            // mkDerivation removes a few names from every derivation's
            // attributes: FxHash, not SipHash, for these short keys.
            let mut remove = FxHashSet::default();
            for name in &names {
                let name = check.string(vm, 1, name)?;
                remove.insert(name.bytes.clone());
            }
            let kept: Vec<Attr> = attrs
                .entries()
                .iter()
                .filter(|a| !remove.contains(a.name.as_str().as_bytes()))
                .cloned()
                .collect();
            Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_sorted(
                kept,
            )))))
        },
    ))
}

fn intersect_attrs(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [left, right] = take(args)?;
    let check = Args {
        name: "intersectAttrs",
    };
    let left = check.attrs(vm, 0, &left)?;
    let right = check.attrs(vm, 1, &right)?;
    let kept: Vec<Attr> = right
        .entries()
        .iter()
        .filter(|a| left.get(a.name.as_str()).is_some())
        .cloned()
        .collect();
    Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_sorted(
        kept,
    )))))
}

fn list_to_attrs(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [items] = take(args)?;
    let check = Args {
        name: "listToAttrs",
    };
    let items = check.list(vm, 0, &items)?;
    const ELEMENT: &str = "while evaluating an element of the list passed to builtins.listToAttrs";
    Ok(force_each(
        items.to_vec(),
        Some(ELEMENT.into()),
        move |vm, items| {
            let mut names = Vec::with_capacity(items.len());
            let mut values = Vec::with_capacity(items.len());
            for item in &items {
                let attrs = element_attrs(vm, item, ELEMENT)?;
                let name = attrs
                    .get_attr(vm.syms.name.as_str())
                    .cloned()
                    .ok_or_else(|| {
                        EvalError::new(
                            ErrorKind::MissingAttribute {
                                name: "name".into(),
                            },
                            None,
                        )
                        .with_frame("in a {name=...; value=...;} pair", None)
                    })?;
                // A missing `value` is reported after every name is checked.
                let value = attrs
                    .get_attr(vm.syms.value.as_str())
                    .map(|a| a.value.clone());
                names.push(name.value);
                values.push((value, name.pos));
            }
            const NAME: &str = "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs";
            Ok(force_each(names, Some(NAME.into()), move |vm, names| {
                let mut entries = Vec::with_capacity(names.len());
                for (name, (_, pos)) in names.iter().zip(&values) {
                    if !matches!(name, Value::String(_)) {
                        // Both at the `name` attribute, as Nix reports it.
                        let mut error = vm.type_error("a string", name);
                        error.span = error.span.or(*pos);
                        return Err(error.with_frame(NAME, *pos));
                    }
                }
                for (name, (value, pos)) in names.iter().zip(values) {
                    let name = check.string(vm, 0, name)?;
                    let value = value.ok_or_else(|| {
                        EvalError::new(
                            ErrorKind::MissingAttribute {
                                name: "value".into(),
                            },
                            None,
                        )
                        .with_frame("in a {name=...; value=...;} pair", None)
                    })?;
                    let symbol = vm.interner.intern(&name.to_str_lossy());
                    entries.push(Attr {
                        name: symbol,
                        value,
                        pos,
                    });
                }
                Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
                    entries,
                )))))
            }))
        },
    ))
}

fn map_attrs(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [func, set] = take(args)?;
    let attrs = Args { name: "mapAttrs" }.attrs(vm, 1, &set)?;
    let entries = attrs
        .entries()
        .iter()
        .map(|attr| {
            let partial = Value::Thunk(Thunk::shared(ThunkState::Apply(
                func.clone(),
                Value::string(attr.name.as_str()),
            )));
            Attr {
                name: attr.name.clone(),
                value: Value::Thunk(Thunk::shared(ThunkState::Apply(
                    partial,
                    attr.value.clone(),
                ))),
                pos: attr.pos,
            }
        })
        .collect();
    Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_sorted(
        entries,
    )))))
}

/// A list element that must be a set, with Nix's context line for it.
fn element_attrs(vm: &Vm, item: &Value, context: &'static str) -> EvalResult<Rc<AttrSet>> {
    match item {
        Value::Attrs(attrs) => Ok(attrs.clone()),
        other => Err(vm.type_error("a set", other).with_frame(context, None)),
    }
}

fn cat_attrs(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [name, items] = take(args)?;
    let check = Args { name: "catAttrs" };
    let name = check.string(vm, 0, &name)?;
    let items = check.list(vm, 1, &items)?;
    const ELEMENT: &str =
        "while evaluating an element in the list passed as second argument to builtins.catAttrs";
    Ok(force_each(
        items.to_vec(),
        Some(ELEMENT.into()),
        move |vm, items| {
            let name = name.to_str_lossy();
            let mut found = Vec::new();
            for item in &items {
                let attrs = element_attrs(vm, item, ELEMENT)?;
                if let Some(value) = attrs.get(&name) {
                    found.push(value.clone());
                }
            }
            Ok(list(found))
        },
    ))
}

fn unsafe_get_attr_pos(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [name, set] = take(args)?;
    let check = Args {
        name: "unsafeGetAttrPos",
    };
    let name = check.string(vm, 0, &name)?;
    let attrs = check.attrs(vm, 1, &set)?;
    let pos = attrs.get_attr(&name.to_str_lossy()).and_then(|a| a.pos);
    Ok(Step::Value(match pos {
        Some(pos) => vm.position_attrs(pos),
        None => Value::Null,
    }))
}
