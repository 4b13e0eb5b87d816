//! JSON writing as C++ Nix's `printValueAsJSON` followed by nlohmann's
//! `dump()`: keys in byte order, `__toString` and `outPath` peeled (a
//! `__toString` result must end in a string or path), paths copied to the
//! store, floats in nlohmann's shortest round-trip form, non-UTF-8 strings
//! rejected with nlohmann's message, and Nix's `max-call-depth` (10 000)
//! as the nesting limit.
//!
//! It runs as a [`Task`]: values are forced and `__toString` called through
//! VM requests, and the output position lives on an explicit work list.

use std::rc::Rc;

use crate::errors::{EvalError, EvalResult};
use crate::printer;
use crate::value::{NixString, Value};
use crate::vm::{coerce_to_string, CoerceMode, Step, Task, Vm};

/// Nix's default `max-call-depth`.
const MAX_DEPTH: usize = 10_000;

enum Item {
    Value {
        value: Value,
        depth: usize,
        /// Reached through a `__toString` result.
        via_to_string: bool,
        /// The trace frame while forcing it.
        frame: Option<String>,
    },
    Text(&'static str),
    Key(Rc<str>),
}

/// What the value handed to `resume` is.
enum Pending {
    Nothing,
    /// A forced value to process again.
    Forced {
        depth: usize,
        via_to_string: bool,
    },
    /// The result of calling `__toString`.
    ToStringResult {
        depth: usize,
    },
    /// A path copied to the store.
    StorePath,
}

struct ToJson {
    work: Vec<Item>,
    out: Vec<u8>,
    context: Vec<Rc<str>>,
    pending: Pending,
    /// nlohmann validates UTF-8 when dumping, after evaluation finished.
    utf8_error: Option<String>,
}

/// Renders `value` as JSON; the step finishes with a string value carrying
/// the context of every string inside.
pub fn to_json(value: Value) -> Step {
    let task = Box::new(ToJson {
        work: vec![Item::Value {
            value,
            depth: 0,
            via_to_string: false,
            frame: None,
        }],
        out: Vec::new(),
        context: Vec::new(),
        pending: Pending::Nothing,
        utf8_error: None,
    });
    Step::Then(Box::new(Step::Value(Value::Null)), task)
}

/// nlohmann's `type_error.316` text for invalid UTF-8, or `None`.
fn utf8_problem(bytes: &[u8]) -> Option<String> {
    let error = std::str::from_utf8(bytes).err()?;
    let start = error.valid_up_to();
    let lead = bytes.get(start).copied().unwrap_or(0);
    let lead_is_valid = matches!(lead, 0xc2..=0xf4);
    match error.error_len() {
        None => Some(format!(
            "[json.exception.type_error.316] incomplete UTF-8 string; last byte: 0x{:02X}",
            bytes.last().copied().unwrap_or(0)
        )),
        Some(len) => {
            let index = if lead_is_valid { start + len } else { start };
            Some(format!(
                "[json.exception.type_error.316] invalid UTF-8 byte at index {index}: 0x{:02X}",
                bytes.get(index).copied().unwrap_or(0)
            ))
        }
    }
}

impl ToJson {
    fn write_string(&mut self, bytes: &[u8]) {
        if self.utf8_error.is_none() {
            self.utf8_error = utf8_problem(bytes);
        }
        write_json_string(&mut self.out, bytes);
    }

    fn finish(&mut self) -> EvalResult<Step> {
        if let Some(problem) = self.utf8_error.take() {
            return Err(EvalError::builtin(format!(
                "JSON serialization error: {problem}"
            )));
        }
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(
                std::mem::take(&mut self.out),
                std::mem::take(&mut self.context),
            ),
        ))))
    }
}

fn must_return_string(vm: &Vm, value: &Value) -> EvalError {
    EvalError::builtin(format!(
        "`__toString` must return a string, but got {}: {}",
        value.type_phrase(),
        printer::error_value(vm, value)
    ))
    .with_frame("while using the result of the `__toString` attribute", None)
}

fn should_return_string(vm: &Vm, value: &Value) -> EvalError {
    EvalError::builtin(format!(
        "`__toString` should return a string, but got {}: {}",
        value.type_phrase(),
        printer::error_value(vm, value)
    ))
    .with_frame("while using the result of the `__toString` attribute", None)
}

impl Task for ToJson {
    fn resume(mut self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step> {
        match std::mem::replace(&mut self.pending, Pending::Nothing) {
            Pending::Nothing => {}
            Pending::Forced {
                depth,
                via_to_string,
            } => self.work.push(Item::Value {
                value,
                depth,
                via_to_string,
                frame: None,
            }),
            Pending::ToStringResult { depth } => self.work.push(Item::Value {
                value,
                depth: depth + 1,
                via_to_string: true,
                frame: None,
            }),
            Pending::StorePath => {
                if let Value::String(path) = &value {
                    self.write_string(&path.bytes.clone());
                    self.context.extend(path.context.iter().cloned());
                }
            }
        }
        while let Some(item) = self.work.pop() {
            let (value, depth, via_to_string, frame) = match item {
                Item::Text(text) => {
                    self.out.extend_from_slice(text.as_bytes());
                    continue;
                }
                Item::Key(key) => {
                    self.write_string(key.as_bytes());
                    self.out.push(b':');
                    continue;
                }
                Item::Value {
                    value,
                    depth,
                    via_to_string,
                    frame,
                } => (value.resolved(), depth, via_to_string, frame),
            };
            if depth > MAX_DEPTH {
                return Err(EvalError::builtin(
                    "stack overflow; max-call-depth exceeded",
                ));
            }
            if via_to_string
                && !matches!(
                    value,
                    Value::String(_) | Value::Path(_) | Value::Attrs(_) | Value::Thunk(_)
                )
            {
                return Err(should_return_string(vm, &value));
            }
            match &value {
                Value::Thunk(_) => {
                    self.pending = Pending::Forced {
                        depth,
                        via_to_string,
                    };
                    return Ok(Step::Force(value, frame.map(|f| (f, None)), self));
                }
                Value::Null => self.out.extend_from_slice(b"null"),
                Value::Bool(b) => self
                    .out
                    .extend_from_slice(if *b { b"true" } else { b"false" }),
                Value::Int(i) => self.out.extend_from_slice(i.to_string().as_bytes()),
                Value::Float(f) => self.out.extend_from_slice(format_float(*f).as_bytes()),
                Value::String(s) => {
                    self.write_string(&s.bytes);
                    self.context.extend(s.context.iter().cloned());
                }
                Value::Path(_) => {
                    let step = coerce_to_string(
                        vm,
                        value.clone(),
                        CoerceMode::Interpolation { copy_paths: true },
                    )?;
                    self.pending = Pending::StorePath;
                    return Ok(Step::Then(Box::new(step), self));
                }
                Value::List(items) => {
                    self.out.push(b'[');
                    self.work.push(Item::Text("]"));
                    for (index, item) in items.iter().enumerate().rev() {
                        self.work.push(Item::Value {
                            value: item.clone(),
                            depth: depth + 1,
                            via_to_string: false,
                            frame: Some(format!("while evaluating list element at index {index}")),
                        });
                        if index > 0 {
                            self.work.push(Item::Text(","));
                        }
                    }
                }
                Value::Attrs(attrs) => {
                    if let Some(to_string) = attrs.get(vm.syms.to_string.as_str()) {
                        self.pending = Pending::ToStringResult { depth };
                        let span = vm.no_span();
                        return Ok(Step::Call(
                            to_string.clone(),
                            vec![value.clone()],
                            span,
                            self,
                        ));
                    }
                    if let Some(out_path) = attrs.get(vm.syms.out_path.as_str()) {
                        self.work.push(Item::Value {
                            value: out_path.clone(),
                            depth: depth + 1,
                            via_to_string,
                            frame: Some("while using the `outPath` attribute".into()),
                        });
                        continue;
                    }
                    if via_to_string {
                        return Err(must_return_string(vm, &value));
                    }
                    self.out.push(b'{');
                    self.work.push(Item::Text("}"));
                    for (index, attr) in attrs.entries().iter().enumerate().rev() {
                        let name: Rc<str> = attr.name.as_str().into();
                        self.work.push(Item::Value {
                            value: attr.value.clone(),
                            depth: depth + 1,
                            via_to_string: false,
                            frame: Some(format!("while evaluating attribute '{name}'")),
                        });
                        self.work.push(Item::Key(name));
                        if index > 0 {
                            self.work.push(Item::Text(","));
                        }
                    }
                }
                Value::Lambda(_) | Value::PrimOp(_) => {
                    return Err(EvalError::builtin(format!(
                        "cannot convert {} to JSON",
                        value.type_phrase()
                    )))
                }
            }
        }
        self.finish()
    }
}

/// Writes `bytes` as a JSON string literal, escaped as nlohmann's `dump`
/// does (control characters as `\uXXXX` unless they have a short form).
pub fn write_json_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    for &byte in bytes {
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x00..=0x1f => out.extend_from_slice(format!("\\u{byte:04x}").as_bytes()),
            other => out.push(other),
        }
    }
    out.push(b'"');
}

/// A double as nlohmann::json prints it: shortest round-trip digits, plain
/// notation for decimal exponents in (-4, 15], otherwise `d.ddde+XX`; `.0`
/// on whole numbers; `null` for NaN and infinities.
pub fn format_float(value: f64) -> String {
    if !value.is_finite() {
        return "null".into();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0.0");
    }
    // `{:e}` gives the shortest digits that round-trip: "1.2345e-7".
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .unwrap_or((scientific.as_str(), "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let k = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    // The decimal point sits after `n` digits.
    let n = exponent + 1;
    let body = if k <= n && n <= 15 {
        let zeros = "0".repeat(usize::try_from(n - k).unwrap_or(0));
        format!("{digits}{zeros}.0")
    } else if 0 < n && n <= 15 {
        let (int, frac) = digits.split_at(usize::try_from(n).unwrap_or(0));
        format!("{int}.{frac}")
    } else if -4 < n && n <= 0 {
        let zeros = "0".repeat(usize::try_from(-n).unwrap_or(0));
        format!("0.{zeros}{digits}")
    } else {
        let e = n - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{dot}e{e_sign}{:02}", e.abs())
    };
    format!("{sign}{body}")
}
