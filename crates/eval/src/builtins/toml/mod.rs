//! `builtins.fromTOML`: TOML 1.0 as C++ Nix reads it (through toml11).
//!
//! Why a reader of our own rather than the `toml` crate: Nix's observable
//! behaviour is toml11's (its error texts, the 2^63 integer limit message,
//! how dates print under `parse-toml-timestamps`), which `toml` would not
//! reproduce, and `toml` with its parser and serde glue would add a few
//! hundred kilobytes to the wasm bundle. `parse.rs` is the reader.
//!
//! Dates and times are an error ("Dates and times are not supported"), as in
//! Nix without the experimental feature; [`PARSE_TIMESTAMPS`] switches to
//! `{ _type = "timestamp"; value = …; }` once the evaluator has a setting
//! for experimental features.
//!
//! Tests: the `tests` module below; conformance `eval-okay-fromTOML`,
//! `eval-fail-fromTOML-*`.

mod parse;

use std::rc::Rc;

use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{AttrSet, Value};
use crate::vm::{Step, Vm};

use parse::Toml;

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[PrimOpDef {
    name: "fromTOML",
    arity: 1,
    strict: 1,
    func: from_toml,
}];

/// Nix's experimental feature `parse-toml-timestamps` (off by default).
const PARSE_TIMESTAMPS: bool = false;

fn toml_error(message: &str) -> EvalError {
    EvalError::builtin(format!("while parsing TOML: {message}"))
}

fn nul_free(bytes: Vec<u8>) -> EvalResult<Vec<u8>> {
    if !bytes.contains(&0) {
        return Ok(bytes);
    }
    let shown = String::from_utf8_lossy(&bytes).replace('\0', "\u{2400}");
    Err(toml_error(&format!(
        "error: input string '{shown}' cannot be represented as Nix string because it contains null bytes"
    )))
}

/// Converts the document to Nix values without native recursion.
fn to_value(vm: &mut Vm, root: parse::Table) -> EvalResult<Value> {
    enum Work {
        Convert(Toml),
        List(usize),
        Attrs(Vec<String>),
    }
    let mut work = vec![Work::Convert(Toml::Table(root))];
    let mut values = Vec::new();
    while let Some(item) = work.pop() {
        match item {
            Work::Convert(toml) => match toml {
                Toml::String(bytes) => values.push(Value::string(nul_free(bytes)?)),
                Toml::Int(i) => values.push(Value::Int(i)),
                Toml::Float(f) => values.push(Value::Float(f)),
                Toml::Bool(b) => values.push(Value::Bool(b)),
                Toml::DateTime(text) => {
                    if !PARSE_TIMESTAMPS {
                        return Err(toml_error("Dates and times are not supported"));
                    }
                    let type_name = vm.interner.intern("_type");
                    let value_name = vm.interner.intern("value");
                    let entries = vec![
                        vm.attr(type_name, Value::string("timestamp")),
                        vm.attr(value_name, Value::string(text)),
                    ];
                    values.push(Value::Attrs(Rc::new(AttrSet::from_unsorted(entries))));
                }
                Toml::Array { items, .. } => {
                    work.push(Work::List(items.len()));
                    work.extend(items.into_iter().rev().map(Work::Convert));
                }
                Toml::Table(table) => {
                    let (names, children): (Vec<String>, Vec<Toml>) =
                        table.entries.into_iter().unzip();
                    for name in &names {
                        nul_free(name.clone().into_bytes())?;
                    }
                    work.push(Work::Attrs(names));
                    work.extend(children.into_iter().rev().map(Work::Convert));
                }
            },
            Work::List(count) => {
                let items = values.split_off(values.len().saturating_sub(count));
                values.push(Value::List(Rc::new(items)));
            }
            Work::Attrs(names) => {
                let items = values.split_off(values.len().saturating_sub(names.len()));
                let entries = names
                    .iter()
                    .zip(items)
                    .map(|(name, value)| {
                        let symbol = vm.interner.intern(name);
                        vm.attr(symbol, value)
                    })
                    .collect();
                values.push(Value::Attrs(Rc::new(AttrSet::from_unsorted(entries))));
            }
        }
    }
    values
        .pop()
        .ok_or_else(|| crate::vm::internal("fromTOML produced no value"))
}

fn from_toml(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [text] = take(args)?;
    let text = Args { name: "fromTOML" }.string(vm, 0, &text)?;
    let root = parse::parse(&text.bytes).map_err(|error| toml_error(&error.0))?;
    Ok(Step::Value(to_value(vm, root)?))
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn tables_arrays_and_dotted_keys() {
        check(
            "builtins.fromTOML ''\n  a.b = 1\n  [t]\n  x = [ 1, \"s\", [ 2 ] ]\n  [[arr]]\n  n = 1\n  [[arr]]\n  [arr.sub]\n  k = { y = 2, z.w = 3 }\n''",
            r#"{ a = { b = 1; }; arr = [ { n = 1; } { sub = { k = { y = 2; z = { w = 3; }; }; }; } ]; t = { x = [ 1 "s" [ 2 ] ]; }; }"#,
        );
    }

    #[test]
    fn numbers_and_strings() {
        check(
            "builtins.fromTOML ''\n  h = 0xdead_beef\n  o = 0o755\n  f = -2E-2\n  big = 9_224_617.445_991_228_313\n  s = \"a\\tb\\u00E9\"\n  l = 'c:\\x'\n''",
            r#"{ big = 9.22462e+06; f = -0.02; h = 3735928559; l = "c:\\x"; o = 493; s = "a\tbé"; }"#,
        );
        check(
            "builtins.fromTOML \"m = '''\\nline\\n'''\"",
            r#"{ m = "line\n"; }"#,
        );
    }

    #[test]
    fn errors_like_nix() {
        check(
            "builtins.fromTOML \"d = 1979-05-27\"",
            "error: while parsing TOML: Dates and times are not supported",
        );
        check(
            "builtins.fromTOML \"attr = 9223372036854775808\"",
            "error: while parsing TOML: [error] toml::parse_dec_integer: too large integer: current max digits = 2^63\n --> fromTOML\n   |\n 1 | attr = 9223372036854775808\n   |                           ^-- must be < 2^63\n",
        );
        check(
            "builtins.fromTOML \"a = 1\\na = 2\"",
            "error: while parsing TOML: [error] toml::insert_value: value (\"a\") already exists.\n --> fromTOML\n   |\n 2 | a = 2\n   | ^-- value defined twice\n",
        );
    }
}
