//! Text builtins: replaceStrings, baseNameOf, dirOf, toPath.
//!
//! All work on bytes, as Nix does. `replaceStrings` forces a replacement
//! only when its pattern is first found (Nix's laziness there is observable:
//! `replaceStrings [ "a" "b" ] [ "x" (throw "…") ] "aaa"` succeeds).
//!
//! Also [`string_without_context`], Nix's `forceStringNoCtx`, shared with the
//! version and hash builtins.
//!
//! Tests: the `tests` module below; conformance `eval-okay-replacestrings`,
//! `eval-okay-baseNameOf`, `eval-okay-builtins-dirOf` and their
//! `eval-fail-*` companions.

use std::collections::HashMap;
use std::rc::Rc;

use super::args::{force_each, with_context};
use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{NixString, Value};
use crate::vm::{coerce_to_string, CoerceMode, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "replaceStrings",
        arity: 3,
        strict: 0b011,
        func: replace_strings,
    },
    PrimOpDef {
        name: "baseNameOf",
        arity: 1,
        strict: 1,
        func: base_name_of,
    },
    PrimOpDef {
        name: "dirOf",
        arity: 1,
        strict: 1,
        func: dir_of,
    },
    PrimOpDef {
        name: "toPath",
        arity: 1,
        strict: 1,
        func: to_path,
    },
];

const NO_COPY: CoerceMode = CoerceMode::Interpolation { copy_paths: false };

/// Argument `index` as a string that must not carry a context
/// (`forceStringNoCtx`).
pub fn string_without_context(
    vm: &Vm,
    check: Args,
    index: usize,
    value: &Value,
) -> EvalResult<Rc<NixString>> {
    let string = check.string(vm, index, value)?;
    match string.context.first() {
        None => Ok(string),
        Some(element) => Err(EvalError::builtin(format!(
            "the string '{}' is not allowed to refer to a store path (such as '{element}')",
            string.to_str_lossy()
        ))
        .with_frame(check.context(index), None)),
    }
}

/// The state of one `replaceStrings` scan.
struct Replace {
    from: Vec<Rc<NixString>>,
    to: Rc<Vec<Value>>,
    forced: HashMap<usize, Rc<NixString>>,
    subject: Rc<NixString>,
    position: usize,
    out: Vec<u8>,
    context: Vec<Rc<str>>,
}

const REPLACEMENT_CONTEXT: &str =
    "while evaluating one of the replacement strings passed to builtins.replaceStrings";

impl Replace {
    /// Scans on from `position`; returns a force request when a replacement
    /// is needed that has not been forced yet.
    fn scan(mut self, vm: &mut Vm) -> EvalResult<Step> {
        let bytes = self.subject.bytes.clone();
        // One past the end, so an empty pattern also matches there.
        while self.position <= bytes.len() {
            let rest = bytes.get(self.position..).unwrap_or(&[]);
            let found = self
                .from
                .iter()
                .position(|pattern| rest.starts_with(&pattern.bytes));
            let Some(index) = found else {
                if let Some(byte) = bytes.get(self.position) {
                    self.out.push(*byte);
                }
                self.position += 1;
                continue;
            };
            let Some(replacement) = self.forced.get(&index).cloned() else {
                let Some(value) = self.to.get(index).cloned() else {
                    return Err(crate::vm::internal("replaceStrings index out of range"));
                };
                return Ok(Step::Force(
                    value,
                    Some((REPLACEMENT_CONTEXT.into(), None)),
                    Box::new(move |vm: &mut Vm, forced: Value| {
                        let check = Args {
                            name: "replaceStrings",
                        };
                        let string = check
                            .string(vm, 1, &forced)
                            .map_err(|e| retitle(e, REPLACEMENT_CONTEXT))?;
                        self.context.extend(string.context.iter().cloned());
                        self.forced.insert(index, string);
                        self.scan(vm)
                    }),
                ));
            };
            self.out.extend_from_slice(&replacement.bytes);
            let pattern_len = self.from.get(index).map_or(0, |p| p.bytes.len());
            if pattern_len == 0 {
                if let Some(byte) = bytes.get(self.position) {
                    self.out.push(*byte);
                }
                self.position += 1;
            } else {
                self.position += pattern_len;
            }
        }
        let _ = vm;
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(self.out, self.context),
        ))))
    }
}

/// Replaces the generic argument frame with Nix's specific one.
fn retitle(mut error: EvalError, context: &str) -> EvalError {
    if let Some(last) = error.trace.last_mut() {
        last.0 = context.to_string();
    }
    error
}

fn replace_strings(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [from, to, subject] = take(args)?;
    let check = Args {
        name: "replaceStrings",
    };
    let from = check.list(vm, 0, &from)?;
    let to = check.list(vm, 1, &to)?;
    if from.len() != to.len() {
        return Err(EvalError::builtin(
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        ));
    }
    let from_context =
        "while evaluating one of the strings to replace passed to builtins.replaceStrings";
    Ok(force_each(
        from.to_vec(),
        Some(from_context.into()),
        move |vm, from| {
            let patterns = from
                .iter()
                .map(|pattern| {
                    check
                        .string(vm, 0, pattern)
                        .map_err(|e| retitle(e, from_context))
                })
                .collect::<EvalResult<Vec<_>>>()?;
            Ok(Step::Force(
                subject,
                Some((check.context(2), None)),
                Box::new(move |vm: &mut Vm, subject: Value| {
                    let subject = check.string(vm, 2, &subject)?;
                    let replace = Replace {
                        from: patterns,
                        to,
                        forced: HashMap::new(),
                        context: subject.context.to_vec(),
                        subject,
                        position: 0,
                        out: Vec::new(),
                    };
                    replace.scan(vm)
                }),
            ))
        },
    ))
}

/// Nix's `baseNameOf` on text: the part after the last `/`, ignoring one
/// trailing `/`.
fn base_name(path: &[u8]) -> &[u8] {
    let Some(mut last) = path.len().checked_sub(1) else {
        return path;
    };
    if path.get(last) == Some(&b'/') && last > 0 {
        last -= 1;
    }
    let start = path
        .get(..=last)
        .and_then(|head| head.iter().rposition(|b| *b == b'/'))
        .map_or(0, |slash| slash + 1);
    path.get(start..=last).unwrap_or(&[])
}

fn base_name_of(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let context = Args { name: "baseNameOf" }.context(0);
    let step =
        coerce_to_string(vm, value, NO_COPY).map_err(|e| e.with_frame(context.clone(), None))?;
    Ok(Step::then(with_context(step, context), |_, value| {
        let Value::String(string) = value else {
            return Err(crate::vm::internal("coercion returned a non-string"));
        };
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(base_name(&string.bytes).to_vec(), string.context.to_vec()),
        ))))
    }))
}

fn dir_of(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    if let Value::Path(path) = &value {
        let parent = match path.rfind('/') {
            Some(0) | None => "/",
            Some(slash) => path.get(..slash).unwrap_or("/"),
        };
        return Ok(Step::Value(Value::Path(Rc::new(parent.to_string()))));
    }
    let context = "while evaluating the first argument passed to 'builtins.dirOf'".to_string();
    let step =
        coerce_to_string(vm, value, NO_COPY).map_err(|e| e.with_frame(context.clone(), None))?;
    Ok(Step::then(with_context(step, context), |_, value| {
        let Value::String(string) = value else {
            return Err(crate::vm::internal("coercion returned a non-string"));
        };
        let dir: &[u8] = match string.bytes.iter().rposition(|b| *b == b'/') {
            None => b".",
            Some(0) => b"/",
            Some(slash) => string.bytes.get(..slash).unwrap_or(&[]),
        };
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(dir.to_vec(), string.context.to_vec()),
        ))))
    }))
}

/// Nix's `CanonPath`: no `.` or empty segments, `..` removes the segment
/// before it (never above the root).
fn canonical(path: &[u8]) -> Vec<u8> {
    let mut segments: Vec<&[u8]> = Vec::new();
    for segment in path.split(|b| *b == b'/') {
        match segment {
            b"" | b"." => {}
            b".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    if segments.is_empty() {
        return b"/".to_vec();
    }
    let mut out = Vec::with_capacity(path.len());
    for segment in segments {
        out.push(b'/');
        out.extend_from_slice(segment);
    }
    out
}

/// `toPath`: the argument coerced to a string, which must be an absolute
/// path; the result is its canonical form, still a string.
fn to_path(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let context = Args { name: "toPath" }.context(0);
    let step =
        coerce_to_string(vm, value, NO_COPY).map_err(|e| e.with_frame(context.clone(), None))?;
    Ok(Step::then(
        with_context(step, context.clone()),
        |_, value| {
            let Value::String(string) = value else {
                return Err(crate::vm::internal("coercion returned a non-string"));
            };
            if string.bytes.first() != Some(&b'/') {
                return Err(EvalError::builtin(format!(
                    "string '{}' doesn't represent an absolute path",
                    string.to_str_lossy()
                ))
                .with_frame(context, None));
            }
            Ok(Step::Value(Value::String(Rc::new(
                NixString::with_context(canonical(&string.bytes), string.context.to_vec()),
            ))))
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn replace_strings_in_order_and_lazily() {
        check(
            r#"builtins.replaceStrings [ "oo" "a" ] [ "a" "oo" ] "foobar""#,
            r#""faboor""#,
        );
        check(
            r#"builtins.replaceStrings [ "" ] [ "X" ] "abc""#,
            r#""XaXbXcX""#,
        );
        check(
            r#"builtins.replaceStrings [ "oo" "XX" ] [ "u" (throw "no") ] "foobar""#,
            r#""fubar""#,
        );
        check(
            r#"builtins.replaceStrings [ 0 ] [ ] { }"#,
            "error: 'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        );
        check(
            r#"builtins.replaceStrings [ "oo" ] [ true ] "foo""#,
            "error: expected a string but found a Boolean: true",
        );
    }

    #[test]
    fn base_name_of_strings_and_paths() {
        check(r#"builtins.baseNameOf "a/b/c""#, r#""c""#);
        check(r#"builtins.baseNameOf "a/""#, r#""a""#);
        check(r#"builtins.baseNameOf "a//""#, r#""""#);
        check(r#"builtins.baseNameOf /x/foo"#, r#""foo""#);
        check(
            "builtins.baseNameOf [ ]",
            "error: cannot coerce a list to a string: [ ]",
        );
    }

    #[test]
    fn to_path_canonicalises_absolute_strings() {
        check(r#"builtins.toPath "/a//b/./c/../d/""#, r#""/a/b/d""#);
        check(r#"builtins.toPath "/..""#, r#""/""#);
        check(
            r#"builtins.toPath "foo/bar""#,
            "error: string 'foo/bar' doesn't represent an absolute path",
        );
        check(
            "builtins.toPath [ ]",
            "error: cannot coerce a list to a string: [ ]",
        );
    }

    #[test]
    fn dir_of_strings_and_paths() {
        check(r#"builtins.dirOf "a///b""#, r#""a//""#);
        check(r#"builtins.dirOf "//""#, r#""/""#);
        check(r#"builtins.dirOf "file""#, r#"".""#);
        check("builtins.dirOf /a/b", "/a");
        check("builtins.dirOf /a", "/");
    }
}
