//! Builtins that sort elements into named groups: groupBy, partition,
//! zipAttrsWith.
//!
//! `groupBy` and `partition` call their function on each element in order
//! through [`Step`] requests; `zipAttrsWith` only collects values and leaves
//! each `f name values` as a thunk, as Nix does.
//!
//! Tests: the `tests` module below; conformance `eval-okay-groupBy`,
//! `eval-okay-partition`, `eval-okay-zipAttrsWith` and their `eval-fail-*`.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::args::force_each;
use super::control::take;
use super::text::string_without_context;
use super::{Args, PrimOpDef};
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::symbols::Symbol;
use crate::value::{Attr, AttrSet, Thunk, ThunkState, Value};
use crate::vm::{Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "groupBy",
        arity: 2,
        strict: 0b11,
        func: group_by,
    },
    PrimOpDef {
        name: "partition",
        arity: 2,
        strict: 0b11,
        func: partition,
    },
    PrimOpDef {
        name: "zipAttrsWith",
        arity: 2,
        strict: 0b11,
        func: zip_attrs_with,
    },
];

fn list(values: Vec<Value>) -> Value {
    Value::List(Rc::new(values))
}

/// Replaces the generic argument frame with the builtin's specific one.
fn retitle(mut error: EvalError, context: &str) -> EvalError {
    if let Some(last) = error.trace.last_mut() {
        last.0 = context.to_string();
    }
    error
}

/// Members by group name (the order of names does not matter: sets are
/// sorted).
type Groups = BTreeMap<Symbol, Vec<Value>>;

fn group_by(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [func, items] = take(args)?;
    let check = Args { name: "groupBy" };
    check.function(vm, 0, &func)?;
    let items = check.list(vm, 1, &items)?;
    Ok(group_from(func, items, 0, Groups::new(), span))
}

fn group_from(
    func: Value,
    items: Rc<Vec<Value>>,
    index: usize,
    mut groups: Groups,
    span: SrcSpan,
) -> Step {
    let Some(item) = items.get(index).cloned() else {
        return Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
            groups
                .into_iter()
                .map(|(name, members)| Attr {
                    name,
                    value: list(members),
                    pos: None,
                })
                .collect(),
        ))));
    };
    Step::call(func.clone(), vec![item.clone()], span, move |vm, key| {
        let context =
            "while evaluating the return value of the grouping function passed to builtins.groupBy";
        let key = string_without_context(vm, Args { name: "groupBy" }, 0, &key)
            .map_err(|e| retitle(e, context))?;
        let name = vm.interner.intern(&key.to_str_lossy());
        groups.entry(name).or_default().push(item);
        Ok(group_from(func, items, index + 1, groups, span))
    })
}

fn partition(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [func, items] = take(args)?;
    let check = Args { name: "partition" };
    check.function(vm, 0, &func)?;
    let items = check.list(vm, 1, &items)?;
    Ok(partition_from(func, items, 0, Vec::new(), Vec::new(), span))
}

fn partition_from(
    func: Value,
    items: Rc<Vec<Value>>,
    index: usize,
    right: Vec<Value>,
    wrong: Vec<Value>,
    span: SrcSpan,
) -> Step {
    let Some(item) = items.get(index).cloned() else {
        return Step::then(Step::Value(Value::Null), move |vm, _| {
            let right_name = vm.interner.intern("right");
            let wrong_name = vm.interner.intern("wrong");
            let entries = vec![
                vm.attr(right_name, list(right)),
                vm.attr(wrong_name, list(wrong)),
            ];
            Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
                entries,
            )))))
        });
    };
    Step::call(
        func.clone(),
        vec![item.clone()],
        span,
        move |vm, verdict| {
            let context =
            "while evaluating the return value of the partition function passed to builtins.partition";
            let verdict = match verdict {
                Value::Bool(verdict) => verdict,
                other => return Err(vm.type_error("a Boolean", &other).with_frame(context, None)),
            };
            let (mut right, mut wrong) = (right, wrong);
            if verdict {
                right.push(item);
            } else {
                wrong.push(item);
            }
            Ok(partition_from(func, items, index + 1, right, wrong, span))
        },
    )
}

fn zip_attrs_with(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [func, sets] = take(args)?;
    let check = Args {
        name: "zipAttrsWith",
    };
    check.function(vm, 0, &func)?;
    let sets = check.list(vm, 1, &sets)?;
    let context =
        "while evaluating a value of the list passed as second argument to builtins.zipAttrsWith";
    Ok(force_each(
        sets.to_vec(),
        Some(context.into()),
        move |vm, sets| {
            let mut values: BTreeMap<Symbol, Vec<Value>> = BTreeMap::new();
            for set in &sets {
                let attrs = check.attrs(vm, 1, set).map_err(|e| retitle(e, context))?;
                for attr in attrs.entries() {
                    values
                        .entry(attr.name.clone())
                        .or_default()
                        .push(attr.value.clone());
                }
            }
            let entries = values
                .into_iter()
                .map(|(name, collected)| {
                    let collected = list(collected);
                    let partial = Value::Thunk(Thunk::shared(ThunkState::Apply(
                        func.clone(),
                        Value::string(name.as_str()),
                    )));
                    Attr {
                        name,
                        value: Value::Thunk(Thunk::shared(ThunkState::Apply(partial, collected))),
                        pos: None,
                    }
                })
                .collect();
            Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
                entries,
            )))))
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn group_by_keeps_element_order() {
        check(
            r#"builtins.groupBy (x: if x > 2 then "big" else "small") [ 3 1 4 1 5 ]"#,
            "{ big = [ 3 4 5 ]; small = [ 1 1 ]; }",
        );
        check(
            r#"builtins.groupBy (x: x) [ "foo" 1 ]"#,
            "error: expected a string but found an integer: 1",
        );
    }

    #[test]
    fn partition_right_and_wrong() {
        check(
            "builtins.partition (x: x > 2) [ 1 3 2 4 ]",
            "{ right = [ 3 4 ]; wrong = [ 1 2 ]; }",
        );
        check(
            r#"builtins.partition (_: 1) [ "foo" ]"#,
            "error: expected a Boolean but found an integer: 1",
        );
    }

    #[test]
    fn zip_attrs_with_is_lazy_per_name() {
        check(
            "builtins.zipAttrsWith (n: v: v) [ { a = 1; } { a = 2; b = 3; } ]",
            "{ a = [ 1 2 ]; b = [ 3 ]; }",
        );
        check(
            "(builtins.zipAttrsWith (n: v: throw n) [ { a = 1; } { b = 2; } ]) ? a",
            "true",
        );
        check(
            "builtins.zipAttrsWith (_: 1) [ 1 ]",
            "error: expected a set but found an integer: 1",
        );
    }
}
