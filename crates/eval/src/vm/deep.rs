//! Deep forcing (`deepSeq`, `--strict` output) with an explicit work list and
//! a set of containers already visited, so shared and cyclic structure is
//! walked once.

use std::collections::HashSet;
use std::rc::Rc;

use super::{Step, Task, Vm};
use crate::errors::EvalResult;
use crate::value::Value;

struct DeepForce {
    work: Vec<(Value, Option<super::Context>)>,
    seen: HashSet<usize>,
    /// Keeps every visited container alive while the walk runs, so a freed
    /// container's address cannot be reused by a new one and mistaken for
    /// "already visited".
    keep: Vec<Value>,
    result: Value,
}

/// Forces `value` and everything inside it; finishes with `result`.
pub fn deep_force(value: Value, result: Value) -> Step {
    let task = Box::new(DeepForce {
        work: vec![(value, None)],
        seen: HashSet::new(),
        keep: Vec::new(),
        result,
    });
    Step::Then(Box::new(Step::Value(Value::Null)), task)
}

impl Task for DeepForce {
    fn resume(mut self: Box<Self>, _: &mut Vm, _: Value) -> EvalResult<Step> {
        while let Some((value, context)) = self.work.pop() {
            let value = value.resolved();
            match &value {
                Value::Thunk(_) => {
                    self.work.push((value.clone(), None));
                    return Ok(Step::Force(value, context, self));
                }
                Value::List(items) if self.seen.insert(Rc::as_ptr(items) as usize) => {
                    self.keep.push(value.clone());
                    for item in items.iter().rev() {
                        self.work.push((item.clone(), None));
                    }
                }
                Value::Attrs(attrs) if self.seen.insert(Rc::as_ptr(attrs) as usize) => {
                    self.keep.push(value.clone());
                    for attr in attrs.entries().iter().rev() {
                        let context = Some((
                            format!("while evaluating the attribute '{}'", attr.name),
                            attr.pos,
                        ));
                        self.work.push((attr.value.clone(), context));
                    }
                }
                _ => {}
            }
        }
        Ok(Step::Value(self.result.clone()))
    }
}
