//! JSON builtins: fromJSON and toJSON, matching C++ Nix (which uses
//! nlohmann::json) byte for byte, error texts included.
//!
//! - `parse.rs`: the reader (nlohmann's lexer and parser rules and messages);
//! - `write.rs`: the writer (Nix's `printValueAsJSON` + nlohmann's `dump`),
//!   also the right renderer for `--json` output: [`to_json`].
//!
//! Neither recurses natively: deep documents and deep values are fine (the
//! writer stops at Nix's `max-call-depth` with Nix's error, as Nix does).
//!
//! Tests: the `tests` module below; conformance `eval-okay-fromjson*`,
//! `eval-okay-tojson`, `eval-okay-toJSON-peel`, `eval-fail-fromJSON-*`,
//! `eval-fail-toJSON*`.

mod parse;
mod write;

pub use write::{to_json, write_json_string};

use std::rc::Rc;

use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{Attr, AttrSet, Value};
use crate::vm::{Step, Vm};

use parse::Json;

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "fromJSON",
        arity: 1,
        strict: 1,
        func: from_json,
    },
    PrimOpDef {
        name: "toJSON",
        arity: 1,
        strict: 0,
        func: to_json_builtin,
    },
];

/// Nix refuses strings with NUL bytes; its message shows them as `␀`.
fn nul_free(bytes: Vec<u8>) -> EvalResult<Vec<u8>> {
    if !bytes.contains(&0) {
        return Ok(bytes);
    }
    let shown = String::from_utf8_lossy(&bytes).replace('\0', "\u{2400}");
    Err(EvalError::builtin(format!(
        "input string '{shown}' cannot be represented as Nix string because it contains null bytes"
    )))
}

/// Converts a parsed document to a Nix value without native recursion.
fn to_value(vm: &mut Vm, document: Json) -> EvalResult<Value> {
    enum Work {
        Convert(Json),
        BuildList(usize),
        BuildAttrs(Vec<Vec<u8>>),
    }
    let mut work = vec![Work::Convert(document)];
    let mut values: Vec<Value> = Vec::new();
    while let Some(item) = work.pop() {
        match item {
            Work::Convert(json) => match json {
                Json::Null => values.push(Value::Null),
                Json::Bool(b) => values.push(Value::Bool(b)),
                Json::Int(i) => values.push(Value::Int(i)),
                Json::Unsigned(u) => {
                    return Err(EvalError::builtin(format!(
                        "unsigned json number {u} outside of Nix integer range"
                    )))
                }
                Json::Float(f) => values.push(Value::Float(f)),
                Json::String(bytes) => values.push(Value::string(nul_free(bytes)?)),
                Json::Array(items) => {
                    work.push(Work::BuildList(items.len()));
                    work.extend(items.into_iter().rev().map(Work::Convert));
                }
                Json::Object(members) => {
                    let mut keys = Vec::with_capacity(members.len());
                    let mut children = Vec::with_capacity(members.len());
                    for (key, value) in members {
                        keys.push(nul_free(key)?);
                        children.push(value);
                    }
                    work.push(Work::BuildAttrs(keys));
                    work.extend(children.into_iter().rev().map(Work::Convert));
                }
            },
            Work::BuildList(count) => {
                let items = values.split_off(values.len().saturating_sub(count));
                values.push(Value::List(Rc::new(items)));
            }
            Work::BuildAttrs(keys) => {
                let items = values.split_off(values.len().saturating_sub(keys.len()));
                // A later duplicate key replaces an earlier one.
                let mut entries: Vec<Attr> = Vec::with_capacity(keys.len());
                let mut seen = std::collections::HashMap::new();
                for (key, value) in keys.iter().zip(items) {
                    let symbol = vm.interner.intern(&String::from_utf8_lossy(key));
                    let attr = vm.attr(symbol, value);
                    match seen.get(key) {
                        Some(&index) => {
                            if let Some(slot) = entries.get_mut(index) {
                                *slot = attr;
                            }
                        }
                        None => {
                            seen.insert(key.clone(), entries.len());
                            entries.push(attr);
                        }
                    }
                }
                values.push(Value::Attrs(Rc::new(AttrSet::from_unsorted(entries))));
            }
        }
    }
    values
        .pop()
        .ok_or_else(|| crate::vm::internal("fromJSON produced no value"))
}

fn from_json(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [text] = take(args)?;
    let text = Args { name: "fromJSON" }.string(vm, 0, &text)?;
    let document = parse::parse(&text.bytes).map_err(|error| {
        EvalError::builtin(error.0).with_frame("while decoding a JSON string", None)
    })?;
    Ok(Step::Value(to_value(vm, document)?))
}

fn to_json_builtin(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    Ok(to_json(value))
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;
    use super::write::format_float;

    #[test]
    fn from_json_numbers_strings_and_objects() {
        check(
            r#"builtins.fromJSON ''{"a": [1, -2, 3.5, 1e2, true, null], "a": "x\u00e9\ud83d\ude00"}''"#,
            r#"{ a = "xé😀"; }"#,
        );
        check(r#"builtins.fromJSON "99999999999999999999""#, "1e+20");
        check(r#"builtins.fromJSON "-0""#, "0");
        check(
            r#"builtins.fromJSON "18446744073709551615""#,
            "error: unsigned json number 18446744073709551615 outside of Nix integer range",
        );
        check(
            r#"builtins.fromJSON ''"a\u0000b"''"#,
            "error: input string 'a\u{2400}b' cannot be represented as Nix string because it contains null bytes",
        );
    }

    #[test]
    fn from_json_errors_like_nlohmann() {
        check(
            r#"builtins.fromJSON "[1,]""#,
            "error: [json.exception.parse_error.101] parse error at line 1, column 4: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal",
        );
        check(
            r#"builtins.fromJSON "x""#,
            "error: [json.exception.parse_error.101] parse error at line 1, column 1: syntax error while parsing value - invalid literal; last read: 'x'",
        );
        check(
            r#"builtins.fromJSON "1 2""#,
            "error: [json.exception.parse_error.101] parse error at line 1, column 3: syntax error while parsing value - unexpected number literal; expected end of input",
        );
        check(
            r#"builtins.fromJSON "{\"a\" 1}""#,
            "error: [json.exception.parse_error.101] parse error at line 1, column 6: syntax error while parsing object separator - unexpected number literal; expected ':'",
        );
        check(
            r#"builtins.fromJSON "[1, 2""#,
            "error: [json.exception.parse_error.101] parse error at line 1, column 6: syntax error while parsing array - unexpected end of input; expected ']'",
        );
        check(
            r#"builtins.fromJSON "\"a\tb\"""#,
            "error: [json.exception.parse_error.101] parse error at line 1, column 3: syntax error while parsing value - invalid string: control character U+0009 (HT) must be escaped to \\u0009 or \\t; last read: '\"a<U+0009>'",
        );
        check(
            r#"builtins.fromJSON "1e400""#,
            "error: [json.exception.out_of_range.406] number overflow parsing '1e400'",
        );
    }

    #[test]
    fn deep_documents_do_not_recurse() {
        // Dropping a deep *value* still recurses in `Rc`'s destructor (a
        // value-layer matter), so the depth stays within a test thread's
        // stack; the reader itself has no depth limit.
        let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
        let source = format!("builtins.length (builtins.fromJSON \"{deep}\")");
        check(&source, "1");
    }

    #[test]
    fn to_json_values_and_peeling() {
        check(
            r#"builtins.toJSON { b = [ 1 2.5 null true ]; a = "x\n\"y\""; }"#,
            r#""{\"a\":\"x\\n\\\"y\\\"\",\"b\":[1,2.5,null,true]}""#,
        );
        check(r#"builtins.toJSON { outPath = 42; }"#, r#""42""#);
        check(
            r#"builtins.toJSON { __toString = self: { outPath = "deep"; }; }"#,
            r#""\"deep\"""#,
        );
        check(
            r#"builtins.toJSON { __toString = self: 42; }"#,
            "error: `__toString` should return a string, but got an integer: 42",
        );
        check(
            r#"builtins.toJSON { __toString = self: { a = 1; }; }"#,
            "error: `__toString` must return a string, but got a set: { a = 1; }",
        );
        check(
            "builtins.toJSON (x: x)",
            "error: cannot convert a function to JSON",
        );
    }

    #[test]
    fn floats_print_like_nlohmann() {
        assert_eq!(format_float(1.0), "1.0");
        assert_eq!(format_float(1.44), "1.44");
        assert_eq!(format_float(-0.0), "-0.0");
        assert_eq!(format_float(1e14), "100000000000000.0");
        assert_eq!(format_float(1e15), "1e+15");
        assert_eq!(format_float(1e16), "1e+16");
        assert_eq!(format_float(0.0001), "0.0001");
        assert_eq!(format_float(1e-5), "1e-05");
        assert_eq!(format_float(123456.789), "123456.789");
        assert_eq!(format_float(1.5e300), "1.5e+300");
        assert_eq!(format_float(f64::NAN), "null");
    }
}
