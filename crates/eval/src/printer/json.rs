//! JSON rendering of values, shared by `--json` output and `builtins.toJSON`.
//!
//! Runs as a VM task: it forces what it meets (retrying after each force),
//! calls `__toString` through string coercion, follows `outPath`, and keeps
//! its output position on an explicit work list.

use std::rc::Rc;

use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::value::{AttrSet, NixString, Value};
use crate::vm::{coerce_to_string, CoerceMode, Step, Task, Vm};

enum Item {
    Value(Value),
    Text(&'static str),
    Key(String),
}

struct ToJson {
    work: Vec<Item>,
    out: String,
    context: Vec<Rc<str>>,
    awaiting_string: bool,
}

/// Renders `value` as JSON; the step finishes with a string value (carrying
/// the context of every string inside).
pub fn to_json(_: &mut Vm, value: Value) -> EvalResult<Step> {
    let task = Box::new(ToJson {
        work: vec![Item::Value(value)],
        out: String::new(),
        context: Vec::new(),
        awaiting_string: false,
    });
    Ok(Step::Then(Box::new(Step::Value(Value::Null)), task))
}

/// Writes a JSON string literal.
pub fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

impl ToJson {
    fn push_attrs(&mut self, attrs: &AttrSet) {
        self.work.push(Item::Text("}"));
        let entries = attrs.entries();
        for (index, attr) in entries.iter().enumerate().rev() {
            self.work.push(Item::Value(attr.value.clone()));
            self.work.push(Item::Key(attr.name.as_str().to_string()));
            if index > 0 {
                self.work.push(Item::Text(","));
            }
        }
        self.out.push('{');
    }
}

impl Task for ToJson {
    fn resume(mut self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step> {
        if self.awaiting_string {
            self.awaiting_string = false;
            if let Value::String(s) = &value {
                write_json_string(&mut self.out, &s.to_str_lossy());
                self.context.extend(s.context.iter().cloned());
            }
        }
        while let Some(item) = self.work.pop() {
            let value = match item {
                Item::Text(text) => {
                    self.out.push_str(text);
                    continue;
                }
                Item::Key(key) => {
                    write_json_string(&mut self.out, &key);
                    self.out.push(':');
                    continue;
                }
                Item::Value(value) => value.resolved(),
            };
            match &value {
                Value::Thunk(_) => {
                    self.work.push(Item::Value(value.clone()));
                    return Ok(Step::Force(value, None, self));
                }
                Value::Null => self.out.push_str("null"),
                Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
                Value::Int(i) => self.out.push_str(&i.to_string()),
                Value::Float(f) => self.out.push_str(&json_float(*f)),
                Value::String(s) => {
                    write_json_string(&mut self.out, &s.to_str_lossy());
                    self.context.extend(s.context.iter().cloned());
                }
                Value::Path(_) => {
                    let step = coerce_to_string(
                        vm,
                        value.clone(),
                        CoerceMode::Interpolation { copy_paths: true },
                    )?;
                    self.awaiting_string = true;
                    return Ok(Step::Then(Box::new(step), self));
                }
                Value::List(items) => {
                    self.out.push('[');
                    self.work.push(Item::Text("]"));
                    for (index, item) in items.iter().enumerate().rev() {
                        self.work.push(Item::Value(item.clone()));
                        if index > 0 {
                            self.work.push(Item::Text(","));
                        }
                    }
                }
                Value::Attrs(attrs) => {
                    if attrs.get(vm.syms.to_string.as_str()).is_some() {
                        let step = coerce_to_string(
                            vm,
                            value.clone(),
                            CoerceMode::Interpolation { copy_paths: true },
                        )?;
                        self.awaiting_string = true;
                        return Ok(Step::Then(Box::new(step), self));
                    }
                    if let Some(out_path) = attrs.get(vm.syms.out_path.as_str()) {
                        self.work.push(Item::Value(out_path.clone()));
                        continue;
                    }
                    let attrs = attrs.clone();
                    self.push_attrs(&attrs);
                }
                Value::Lambda(_) | Value::PrimOp(_) => {
                    return Err(EvalError::new(
                        ErrorKind::Builtin {
                            message: "cannot convert a function to JSON".into(),
                        },
                        None,
                    ))
                }
            }
        }
        let out = std::mem::take(&mut self.out);
        let context = std::mem::take(&mut self.context);
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(out.into_bytes(), context),
        ))))
    }
}
