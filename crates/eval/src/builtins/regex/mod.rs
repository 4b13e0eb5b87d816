//! `builtins.match` and `builtins.split`: POSIX extended regular expressions
//! with the exact behaviour of C++ Nix, which uses libstdc++'s `std::regex`.
//!
//! Why our own engine rather than the `regex` crate: `regex` is
//! leftmost-first (Perl), not POSIX, and has no way to reproduce libstdc++'s
//! tie-breaking (`match "(a|ab)(c|bcd)(d*)" "abcd"` is `[ "a" "bcd" "" ]` in
//! Nix), its escape rules (`\d` is an error) or its capture rules; a
//! translation layer would still differ on those, and the crate would add
//! hundreds of kilobytes to the wasm bundle. The engine here is a few hundred
//! lines: `compile.rs` builds libstdc++'s automaton, `exec.rs` runs its
//! depth-first search without native recursion.
//!
//! Matching works on bytes, as Nix does (`.` matches one byte; classes are
//! the C locale's). Compiled patterns are cached per thread (the evaluator
//! is single-threaded), bounded by [`CACHE_LIMIT`].
//!
//! Tests: the `tests` module below; conformance `eval-okay-regex-*`,
//! `eval-fail-match-*`, `eval-fail-split-*`.

mod compile;
mod exec;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::control::take;
use super::{Args, PrimOpDef};
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::{NixString, Value};
use crate::vm::{Step, Vm};

use compile::{Program, RegexError};
use exec::Capture;

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "match",
        arity: 2,
        strict: 0b11,
        func: regex_match,
    },
    PrimOpDef {
        name: "split",
        arity: 2,
        strict: 0b11,
        func: regex_split,
    },
];

/// How many compiled patterns the cache keeps before it starts over.
const CACHE_LIMIT: usize = 512;

thread_local! {
    static CACHE: RefCell<HashMap<Box<[u8]>, Rc<Program>>> = RefCell::new(HashMap::new());
}

/// Compiles `pattern`, or returns Nix's error for it.
fn compiled(pattern: &[u8]) -> EvalResult<Rc<Program>> {
    if let Some(found) = CACHE.with(|cache| cache.borrow().get(pattern).cloned()) {
        return Ok(found);
    }
    let program = Rc::new(compile::compile(pattern).map_err(|error| {
        let shown = String::from_utf8_lossy(pattern);
        EvalError::builtin(match error {
            RegexError::TooLarge => {
                format!("memory limit exceeded by regular expression '{shown}'")
            }
            _ => format!("invalid regular expression '{shown}'"),
        })
    })?);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(pattern.into(), program.clone());
    });
    Ok(program)
}

fn too_expensive(pattern: &[u8]) -> EvalError {
    EvalError::builtin(format!(
        "regular expression '{}' took too many steps to match",
        String::from_utf8_lossy(pattern)
    ))
}

fn piece(subject: &[u8], capture: &Capture) -> Value {
    match capture.range() {
        Some((start, end)) => Value::string(subject.get(start..end).unwrap_or(&[]).to_vec()),
        None => Value::Null,
    }
}

fn groups(subject: &[u8], captures: &[Capture]) -> Value {
    Value::List(Rc::new(
        captures
            .iter()
            .skip(1)
            .map(|capture| piece(subject, capture))
            .collect(),
    ))
}

fn regex_match(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [pattern, subject] = take(args)?;
    let check = Args { name: "match" };
    let pattern = check.string(vm, 0, &pattern)?;
    let subject = check.string(vm, 1, &subject)?;
    let program = compiled(&pattern.bytes)?;
    let found =
        exec::full_match(&program, &subject.bytes).map_err(|_| too_expensive(&pattern.bytes))?;
    Ok(Step::Value(match found {
        Some(captures) => groups(&subject.bytes, &captures),
        None => Value::Null,
    }))
}

fn regex_split(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [pattern, subject_value] = take(args)?;
    let check = Args { name: "split" };
    let pattern = check.string(vm, 0, &pattern)?;
    let subject = check.string(vm, 1, &subject_value)?;
    let program = compiled(&pattern.bytes)?;
    let matches =
        exec::find_all(&program, &subject.bytes).map_err(|_| too_expensive(&pattern.bytes))?;
    if matches.is_empty() {
        // Nix returns the argument itself, context included.
        return Ok(Step::Value(Value::List(Rc::new(vec![subject_value]))));
    }
    let bytes = &subject.bytes;
    let mut out = Vec::with_capacity(2 * matches.len() + 1);
    let mut previous_end = 0;
    for captures in &matches {
        let (start, end) = captures
            .first()
            .and_then(Capture::range)
            .unwrap_or((previous_end, previous_end));
        let before = bytes.get(previous_end..start).unwrap_or(&[]);
        out.push(Value::String(Rc::new(NixString::plain(before.to_vec()))));
        out.push(groups(bytes, captures));
        previous_end = end;
    }
    let rest = bytes.get(previous_end..).unwrap_or(&[]);
    out.push(Value::string(rest.to_vec()));
    Ok(Step::Value(Value::List(Rc::new(out))))
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn match_whole_string_with_groups() {
        check(r#"builtins.match "fo*" "foo""#, "[ ]");
        check(r#"builtins.match "fo*" "foobar""#, "null");
        check(
            r#"builtins.match "((.*)/)?([^/]*)\\.(nix|cc)" "foobar.cc""#,
            r#"[ null null "foobar" "cc" ]"#,
        );
        check(
            r#"builtins.match "[[:space:]]+([[:upper:]]+)[[:space:]]+" "  FOO   ""#,
            r#"[ "FOO" ]"#,
        );
    }

    #[test]
    fn libstdcxx_tie_breaking_and_captures() {
        check(
            r#"builtins.match "(a|ab)(c|bcd)(d*)" "abcd""#,
            r#"[ "a" "bcd" "" ]"#,
        );
        check(r#"builtins.match "(a|(b))+" "ba""#, r#"[ "a" "b" ]"#);
        check(
            r#"builtins.match "(.+)+(.+)" "17.0.14+7""#,
            r#"[ "17.0.14+" "7" ]"#,
        );
        check(r#"builtins.match "(a*)+" """#, r#"[ "" ]"#);
        check(r#"builtins.match "[]a]+" "]a""#, "[ ]");
        check(r#"builtins.match "[a-]+" "a-""#, "[ ]");
        check(r#"builtins.match "a|" """#, "[ ]");
    }

    #[test]
    fn split_including_empty_matches() {
        check(
            r#"builtins.split "(a)|(c)" "abc""#,
            r#"[ "" [ "a" null ] "b" [ null "c" ] "" ]"#,
        );
        check(
            r#"builtins.split "x*" "axxb""#,
            r#"[ "" [ ] "a" [ ] "" [ ] "b" [ ] "" ]"#,
        );
        check(r#"builtins.split "(^a)" "aaa""#, r#"[ "" [ "a" ] "aa" ]"#);
        check(r#"builtins.split "fo+" "f""#, r#"[ "f" ]"#);
    }

    #[test]
    fn invalid_patterns_are_nix_errors() {
        check(
            r#"builtins.match "(.*" """#,
            "error: invalid regular expression '(.*'",
        );
        check(
            r#"builtins.match "\\d" "d""#,
            r"error: invalid regular expression '\d'",
        );
        check(
            r#"builtins.match "a{2,1}" "a""#,
            "error: invalid regular expression 'a{2,1}'",
        );
        check(
            r#"builtins.match "[[:foo:]]" """#,
            "error: invalid regular expression '[[:foo:]]'",
        );
        check(
            r#"builtins.match "a{100001}" """#,
            "error: memory limit exceeded by regular expression 'a{100001}'",
        );
    }
}
