//! List builtins: length, head, tail, elemAt, map, filter, foldl', genList,
//! concatLists, concatMap, elem, any, all, sort, genericClosure.
//!
//! Loops that call back into Nix (`filter`, `foldl'`, `sort`, …) are chains of
//! [`Step`]s: each iteration returns a call request whose continuation runs
//! the next iteration, so no native recursion happens.

use std::collections::HashMap;
use std::rc::Rc;

use super::args::force_each;
use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::{EvalError, EvalResult};
use crate::printer;
use crate::source::SrcSpan;
use crate::value::{Thunk, ThunkState, Value};
use crate::vm::{equal, Step, Task, TraceLine, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "length",
        arity: 1,
        strict: 1,
        func: length,
    },
    PrimOpDef {
        name: "head",
        arity: 1,
        strict: 1,
        func: head,
    },
    PrimOpDef {
        name: "tail",
        arity: 1,
        strict: 1,
        func: tail,
    },
    PrimOpDef {
        name: "elemAt",
        arity: 2,
        strict: 0b11,
        func: elem_at,
    },
    PrimOpDef {
        name: "map",
        arity: 2,
        strict: 0b11,
        func: map,
    },
    PrimOpDef {
        name: "filter",
        arity: 2,
        strict: 0b11,
        func: filter,
    },
    PrimOpDef {
        name: "foldl'",
        arity: 3,
        strict: 0b101,
        func: foldl,
    },
    PrimOpDef {
        name: "genList",
        arity: 2,
        strict: 0b11,
        func: gen_list,
    },
    PrimOpDef {
        name: "concatLists",
        arity: 1,
        strict: 1,
        func: concat_lists,
    },
    PrimOpDef {
        name: "concatMap",
        arity: 2,
        strict: 0b11,
        func: concat_map,
    },
    PrimOpDef {
        name: "elem",
        arity: 2,
        strict: 0b10,
        func: elem,
    },
    PrimOpDef {
        name: "any",
        arity: 2,
        strict: 0b11,
        func: any,
    },
    PrimOpDef {
        name: "all",
        arity: 2,
        strict: 0b11,
        func: all,
    },
    PrimOpDef {
        name: "sort",
        arity: 2,
        strict: 0b11,
        func: sort,
    },
    PrimOpDef {
        name: "genericClosure",
        arity: 1,
        strict: 1,
        func: generic_closure,
    },
];

fn list_value(values: Vec<Value>) -> Value {
    Value::List(Rc::new(values))
}

fn apply_thunk(func: Value, arg: Value) -> Value {
    Value::Thunk(Thunk::shared(ThunkState::Apply(func, arg)))
}

fn length(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [items] = take(args)?;
    let items = Args { name: "length" }.list(vm, 0, &items)?;
    Ok(Step::Value(Value::Int(
        i64::try_from(items.len()).unwrap_or(i64::MAX),
    )))
}

fn head(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [items] = take(args)?;
    let items = Args { name: "head" }.list(vm, 0, &items)?;
    match items.first() {
        Some(first) => Ok(Step::TailForce(first.clone())),
        None => Err(EvalError::builtin(
            "'builtins.head' called on an empty list",
        )),
    }
}

fn tail(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [items] = take(args)?;
    let items = Args { name: "tail" }.list(vm, 0, &items)?;
    match items.get(1..) {
        Some(rest) if !items.is_empty() => Ok(Step::Value(list_value(rest.to_vec()))),
        _ => Err(EvalError::builtin(
            "'builtins.tail' called on an empty list",
        )),
    }
}

fn elem_at(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [items, index] = take(args)?;
    let check = Args { name: "elemAt" };
    let items = check.list(vm, 0, &items)?;
    let index = check.int(vm, 1, &index)?;
    match usize::try_from(index).ok().and_then(|i| items.get(i)) {
        Some(item) => Ok(Step::TailForce(item.clone())),
        None => Err(EvalError::builtin(format!(
            "'builtins.elemAt' called with index {index} on a list of size {}",
            items.len()
        ))),
    }
}

fn map(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [func, items] = take(args)?;
    let check = Args { name: "map" };
    let items = check.list(vm, 1, &items)?;
    check.function(vm, 0, &func)?;
    Ok(Step::Value(list_value(
        items
            .iter()
            .map(|item| apply_thunk(func.clone(), item.clone()))
            .collect(),
    )))
}

fn filter(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [func, items] = take(args)?;
    let check = Args { name: "filter" };
    let items = check.list(vm, 1, &items)?;
    check.function(vm, 0, &func)?;
    Ok(filter_from(func, items, 0, Vec::new(), span))
}

fn filter_from(
    func: Value,
    items: Rc<Vec<Value>>,
    index: usize,
    kept: Vec<Value>,
    span: SrcSpan,
) -> Step {
    let Some(item) = items.get(index).cloned() else {
        return Step::Value(list_value(kept));
    };
    Step::call(func.clone(), vec![item.clone()], span, move |vm, keep| {
        let keep = expect_bool(vm, &keep).map_err(|e| {
            e.with_frame(
                "while evaluating the return value of the filtering function passed to builtins.filter",
                None,
            )
        })?;
        let mut kept = kept;
        if keep {
            kept.push(item);
        }
        Ok(filter_from(func, items, index + 1, kept, span))
    })
}

fn foldl(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [func, initial, items] = take(args)?;
    let check = Args { name: "foldl'" };
    check.function(vm, 0, &func)?;
    let items = check.list(vm, 2, &items)?;
    // The initial accumulator is only forced when it is the result.
    if items.is_empty() {
        return Ok(Step::TailForce(initial));
    }
    Box::new(Foldl {
        func,
        items,
        next: 0,
        // Nix calls the function without a position.
        span: vm.no_span(),
    })
    .resume(vm, initial)
}

/// The rest of a `foldl'`: one box for the whole fold, handed back to the
/// machine with every call (an allocation per element was most of its cost).
struct Foldl {
    func: Value,
    items: Rc<Vec<Value>>,
    /// The element the next call receives.
    next: usize,
    span: SrcSpan,
}

impl Task for Foldl {
    fn resume(mut self: Box<Self>, _: &mut Vm, acc: Value) -> EvalResult<Step> {
        let Some(item) = self.items.get(self.next).cloned() else {
            return Ok(Step::Value(acc));
        };
        self.next += 1;
        Ok(Step::Call2(self.func.clone(), [acc, item], self.span, self))
    }
}

fn gen_list(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [func, count] = take(args)?;
    let check = Args { name: "genList" };
    // Nix checks the length before the function.
    let count = check.int(vm, 1, &count)?;
    if count < 0 {
        return Err(EvalError::builtin(format!(
            "cannot create list of size {count}"
        )));
    }
    check.function(vm, 0, &func)?;
    let values = (0..count)
        .map(|i| apply_thunk(func.clone(), Value::Int(i)))
        .collect();
    Ok(Step::Value(list_value(values)))
}

fn concat_lists(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [lists] = take(args)?;
    let check = Args {
        name: "concatLists",
    };
    let lists = check.list(vm, 0, &lists)?;
    Ok(force_each(
        lists.to_vec(),
        Some("while evaluating a value of the list passed to builtins.concatLists".into()),
        move |vm, lists| {
            let mut out = Vec::new();
            for list in &lists {
                let items =
                    match list {
                        Value::List(items) => items,
                        other => return Err(vm.type_error("a list", other).with_frame(
                            "while evaluating a value of the list passed to builtins.concatLists",
                            None,
                        )),
                    };
                out.extend(items.iter().cloned());
            }
            Ok(Step::Value(list_value(out)))
        },
    ))
}

fn concat_map(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [func, items] = take(args)?;
    let check = Args { name: "concatMap" };
    check.function(vm, 0, &func)?;
    let items = check.list(vm, 1, &items)?;
    Ok(concat_map_from(func, items, 0, Vec::new(), span))
}

fn concat_map_from(
    func: Value,
    items: Rc<Vec<Value>>,
    index: usize,
    out: Vec<Value>,
    span: SrcSpan,
) -> Step {
    let Some(item) = items.get(index).cloned() else {
        return Step::Value(list_value(out));
    };
    Step::call(func.clone(), vec![item], span, move |vm, result| {
        let result = match &result {
            Value::List(result) => result.clone(),
            other => return Err(vm.type_error("a list", other).with_frame(
                "while evaluating the return value of the function passed to builtins.concatMap",
                None,
            )),
        };
        let mut out = out;
        out.extend(result.iter().cloned());
        Ok(concat_map_from(func, items, index + 1, out, span))
    })
}

fn elem(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [needle, items] = take(args)?;
    let items = Args { name: "elem" }.list(vm, 1, &items)?;
    Ok(elem_from(needle, items, 0, span))
}

fn elem_from(needle: Value, items: Rc<Vec<Value>>, index: usize, span: SrcSpan) -> Step {
    let Some(item) = items.get(index).cloned() else {
        return Step::Value(Value::Bool(false));
    };
    Step::then(equal(needle.clone(), item, span), move |_, same| {
        if matches!(same, Value::Bool(true)) {
            Ok(Step::Value(Value::Bool(true)))
        } else {
            Ok(elem_from(needle, items, index + 1, span))
        }
    })
}

fn any(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    quantifier(vm, args, span, "any", true)
}

fn all(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    quantifier(vm, args, span, "all", false)
}

/// `any` stops at the first `true`, `all` at the first `false`.
fn quantifier(
    vm: &mut Vm,
    args: Vec<Value>,
    span: SrcSpan,
    name: &'static str,
    stop_on: bool,
) -> EvalResult<Step> {
    let [func, items] = take(args)?;
    let check = Args { name };
    check.function(vm, 0, &func)?;
    let items = check.list(vm, 1, &items)?;
    Ok(quantifier_from(func, items, 0, span, name, stop_on))
}

fn quantifier_from(
    func: Value,
    items: Rc<Vec<Value>>,
    index: usize,
    span: SrcSpan,
    name: &'static str,
    stop_on: bool,
) -> Step {
    let Some(item) = items.get(index).cloned() else {
        return Step::Value(Value::Bool(!stop_on));
    };
    Step::call(func.clone(), vec![item], span, move |vm, result| {
        let result = expect_bool(vm, &result).map_err(|e| {
            e.with_frame(
                format!(
                    "while evaluating the return value of the function passed to builtins.{name}"
                ),
                None,
            )
        })?;
        if result == stop_on {
            Ok(Step::Value(Value::Bool(stop_on)))
        } else {
            Ok(quantifier_from(func, items, index + 1, span, name, stop_on))
        }
    })
}

/// Bottom-up merge sort whose comparisons are VM calls. Stable: an element of
/// the right run is taken first only when it is strictly less.
struct MergeSort {
    func: Value,
    span: SrcSpan,
    current: Vec<Value>,
    next: Vec<Value>,
    width: usize,
    left: usize,
    right: usize,
    left_end: usize,
    right_end: usize,
}

impl MergeSort {
    fn start_merge(&mut self, base: usize) {
        let len = self.current.len();
        self.left = base;
        self.left_end = (base + self.width).min(len);
        self.right = self.left_end;
        self.right_end = (base + 2 * self.width).min(len);
    }

    fn run(mut self: Box<Self>) -> EvalResult<Step> {
        let len = self.current.len();
        loop {
            if self.width >= len {
                return Ok(Step::Value(list_value(std::mem::take(&mut self.current))));
            }
            if self.left < self.left_end && self.right < self.right_end {
                let (Some(a), Some(b)) = (
                    self.current.get(self.right).cloned(),
                    self.current.get(self.left).cloned(),
                ) else {
                    return Err(crate::vm::internal("sort index out of range"));
                };
                let func = self.func.clone();
                let span = self.span;
                return Ok(Step::call(func, vec![a, b], span, move |vm, less| {
                    let less = expect_bool(vm, &less).map_err(|e| {
                        e.with_frame(
                            "while evaluating the return value of the sorting function passed to builtins.sort",
                            None,
                        )
                    })?;
                    let mut this = self;
                    let index = if less {
                        &mut this.right
                    } else {
                        &mut this.left
                    };
                    let taken = this.current.get(*index).cloned();
                    *index += 1;
                    if let Some(taken) = taken {
                        this.next.push(taken);
                    }
                    this.run()
                }));
            }
            // One run is exhausted: copy the rest of both.
            let rest: Vec<Value> = self
                .current
                .get(self.left..self.left_end)
                .unwrap_or(&[])
                .iter()
                .chain(self.current.get(self.right..self.right_end).unwrap_or(&[]))
                .cloned()
                .collect();
            self.next.extend(rest);
            let base = self.right_end;
            if base >= len {
                self.current = std::mem::take(&mut self.next);
                self.width *= 2;
                self.start_merge(0);
            } else {
                self.start_merge(base);
            }
        }
    }
}

fn sort(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [func, items] = take(args)?;
    let check = Args { name: "sort" };
    let items = check.list(vm, 1, &items)?;
    check.function(vm, 0, &func)?;
    let mut state = Box::new(MergeSort {
        func,
        // Nix calls the comparator without a position.
        span: vm.no_span(),
        current: items.to_vec(),
        next: Vec::with_capacity(items.len()),
        width: 1,
        left: 0,
        right: 0,
        left_end: 0,
        right_end: 0,
    });
    state.start_merge(0);
    state.run()
}

/// The state of `genericClosure`'s work list.
struct Closure {
    operator: Value,
    queue: std::collections::VecDeque<Value>,
    seen: HashMap<String, ()>,
    /// The first key: Nix keeps the keys in an ordered set, so a key of
    /// another kind fails to compare with the keys already there.
    first_key: Option<Value>,
    result: Vec<Value>,
    span: SrcSpan,
}

fn generic_closure(vm: &mut Vm, args: Vec<Value>, span: SrcSpan) -> EvalResult<Step> {
    let [spec] = take(args)?;
    let check = Args {
        name: "genericClosure",
    };
    let spec = check.attrs(vm, 0, &spec)?;
    let start = spec.get("startSet").cloned().ok_or_else(|| {
        EvalError::new(
            crate::diagnostics::ErrorKind::MissingAttribute {
                name: "startSet".into(),
            },
            None,
        )
        .with_frame(
            "in the attrset passed as argument to builtins.genericClosure",
            None,
        )
    })?;
    let operator = spec.get("operator").cloned().ok_or_else(|| {
        EvalError::new(
            crate::diagnostics::ErrorKind::MissingAttribute {
                name: "operator".into(),
            },
            None,
        )
        .with_frame(
            "in the attrset passed as argument to builtins.genericClosure",
            None,
        )
    })?;
    Ok(Step::force(operator.clone(), move |vm, operator_value| {
        Args { name: "genericClosure" }
            .function(vm, 0, &operator_value)
            .map_err(|mut e| {
                e.trace.clear();
                e.trace.push((
                    "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure".into(),
                    None,
                ));
                e
            })?;
        Ok(Step::force(start, move |vm, start| {
            let start = match &start {
            Value::List(items) => items.clone(),
            other => {
                return Err(vm.type_error("a list", other).with_frame(
                    "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure",
                    None,
                ))
            }
        };
            let state = Closure {
                operator,
                queue: start.iter().cloned().collect(),
                seen: HashMap::new(),
                first_key: None,
                result: Vec::new(),
                span,
            };
            Ok(closure_next(state))
        }))
    }))
}

fn closure_next(mut state: Closure) -> Step {
    let Some(item) = state.queue.pop_front() else {
        return Step::Value(list_value(state.result));
    };
    Step::force(item, move |vm, item| {
        // Nix names the element in the trace of every error about it.
        let element = |vm: &Vm| {
            format!(
                "in genericClosure element {}",
                printer::error_value(vm, &item)
            )
        };
        let attrs = match &item {
            Value::Attrs(attrs) => attrs.clone(),
            other => return Err(vm.type_error("a set", other).with_frame(element(vm), None)),
        };
        let key = attrs.get(vm.syms.key.as_str()).cloned().ok_or_else(|| {
            EvalError::new(
                crate::diagnostics::ErrorKind::MissingAttribute { name: "key".into() },
                None,
            )
            .with_frame(element(vm), None)
        })?;
        Ok(Step::then(
            crate::vm::deep_force(key.clone(), Value::Null),
            move |vm, _| {
                let key = key.resolved();
                let fingerprint = key_fingerprint(vm, &key)?;
                match &state.first_key {
                    Some(first) if !same_key_kind(first, &key) => {
                        return Err(EvalError::new(
                            crate::diagnostics::ErrorKind::Incomparable {
                                message: format!(
                                    "cannot compare {} with {}; values are {} and {}",
                                    key.type_phrase(),
                                    first.type_phrase(),
                                    printer::error_value(vm, &key),
                                    printer::error_value(vm, first)
                                ),
                            },
                            None,
                        ));
                    }
                    Some(_) => {}
                    None => state.first_key = Some(key.clone()),
                }
                if state.seen.insert(fingerprint, ()).is_some() {
                    return Ok(closure_next(state));
                }
                state.result.push(item.clone());
                let operator = state.operator.clone();
                let span = state.span;
                let calling = TraceLine::ClosureOperator(item.clone());
                // The context covers the call and the check of what it
                // returned, not the elements that come after.
                let call = Step::call(operator, vec![item], span, |vm, more| {
                    match &more {
                    Value::List(_) => Ok(Step::Value(more)),
                    other => Err(vm.type_error("a list", other).with_frame(
                        "while evaluating the return value of the `operator` passed to builtins.genericClosure",
                        None,
                    )),
                }
                });
                Ok(Step::then(
                    Step::WithinLine(Box::new(call), calling),
                    move |_, more| {
                        let Value::List(more) = more else {
                            return Err(crate::vm::internal("operator returned a non-list"));
                        };
                        state.queue.extend(more.iter().cloned());
                        Ok(closure_next(state))
                    },
                ))
            },
        ))
    })
}

/// Whether two comparable keys can be ordered against each other (numbers
/// with numbers, strings with strings, …).
fn same_key_kind(a: &Value, b: &Value) -> bool {
    let kind = |value: &Value| match value {
        Value::Int(_) | Value::Float(_) => 0,
        Value::String(_) => 1,
        Value::Path(_) => 2,
        Value::List(_) => 3,
        _ => 4,
    };
    kind(a) == kind(b)
}

/// A string that identifies a (deeply forced) comparable key; ints and
/// floats that are equal as numbers share one fingerprint, as Nix's ordering
/// treats them as equal.
fn key_fingerprint(vm: &Vm, key: &Value) -> EvalResult<String> {
    Ok(match key {
        Value::Int(i) => format!("n{i}"),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => format!("n{}", *f as i64),
        Value::Float(f) => format!("f{f}"),
        Value::String(s) => format!("s{}", s.to_str_lossy()),
        Value::Path(p) => format!("p{p}"),
        Value::List(_) => format!("l{}", printer::print(vm, key, printer::PrintOptions::OUTPUT)),
        other => {
            return Err(EvalError::new(
                crate::diagnostics::ErrorKind::Incomparable {
                    message: format!(
                        "cannot compare {} with {}; values of that type are incomparable (values are {} and {})",
                        other.type_phrase(),
                        other.type_phrase(),
                        printer::error_value(vm, other),
                        printer::error_value(vm, other)
                    ),
                },
                None,
            ))
        }
    })
}

/// A Boolean returned by a callback (no argument context: Nix names the
/// return value instead).
fn expect_bool(vm: &Vm, value: &Value) -> EvalResult<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(vm.type_error("a Boolean", other)),
    }
}
