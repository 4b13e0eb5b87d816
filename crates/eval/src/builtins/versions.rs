//! Version builtins: splitVersion, compareVersions, parseDrvName, with the
//! component rules of Nix's `names.cc`.
//!
//! A version splits into components at `.` and `-`, and between digit runs
//! and other runs. Components compare as 32-bit numbers when both parse;
//! otherwise `""` < number, `"pre"` < anything else, letters < numbers, and
//! letters compare bytewise.
//!
//! Tests: the `tests` module below; conformance `eval-okay-versions`,
//! `eval-okay-splitversion` and the `eval-fail-*` for each builtin.

use std::cmp::Ordering;
use std::rc::Rc;

use super::control::take;
use super::text::string_without_context;
use super::{Args, PrimOpDef};
use crate::errors::EvalResult;
use crate::source::SrcSpan;
use crate::value::{AttrSet, Value};
use crate::vm::{Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "splitVersion",
        arity: 1,
        strict: 1,
        func: split_version,
    },
    PrimOpDef {
        name: "compareVersions",
        arity: 2,
        strict: 0b11,
        func: compare_versions,
    },
    PrimOpDef {
        name: "parseDrvName",
        arity: 1,
        strict: 1,
        func: parse_drv_name,
    },
];

/// The next component after `*position`, skipping separators; empty at the
/// end.
fn next_component<'a>(version: &'a [u8], position: &mut usize) -> &'a [u8] {
    while matches!(version.get(*position), Some(b'.' | b'-')) {
        *position += 1;
    }
    let start = *position;
    let digits = version.get(start).is_some_and(u8::is_ascii_digit);
    while let Some(byte) = version.get(*position) {
        let same_kind = if digits {
            byte.is_ascii_digit()
        } else {
            !byte.is_ascii_digit() && *byte != b'.' && *byte != b'-'
        };
        if !same_kind {
            break;
        }
        *position += 1;
    }
    version.get(start..*position).unwrap_or(&[])
}

fn as_number(component: &[u8]) -> Option<i32> {
    std::str::from_utf8(component).ok()?.parse().ok()
}

fn component_less(left: &[u8], right: &[u8]) -> bool {
    let (left_number, right_number) = (as_number(left), as_number(right));
    match (left_number, right_number) {
        (Some(l), Some(r)) => l < r,
        _ if left.is_empty() && right_number.is_some() => true,
        _ if left == b"pre" && right != b"pre" => true,
        _ if right == b"pre" => false,
        (_, Some(_)) => true,
        (Some(_), _) => false,
        _ => left < right,
    }
}

/// Nix's `compareVersions`.
pub fn compare(left: &[u8], right: &[u8]) -> Ordering {
    let (mut l, mut r) = (0, 0);
    while l < left.len() || r < right.len() {
        let a = next_component(left, &mut l);
        let b = next_component(right, &mut r);
        if component_less(a, b) {
            return Ordering::Less;
        }
        if component_less(b, a) {
            return Ordering::Greater;
        }
    }
    Ordering::Equal
}

fn split_version(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [version] = take(args)?;
    let check = Args {
        name: "splitVersion",
    };
    let version = string_without_context(vm, check, 0, &version)?;
    let mut position = 0;
    let mut parts = Vec::new();
    while position < version.bytes.len() {
        let component = next_component(&version.bytes, &mut position);
        if component.is_empty() {
            break;
        }
        parts.push(Value::string(component.to_vec()));
    }
    Ok(Step::Value(Value::List(Rc::new(parts))))
}

fn compare_versions(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [left, right] = take(args)?;
    let check = Args {
        name: "compareVersions",
    };
    let left = string_without_context(vm, check, 0, &left)?;
    let right = string_without_context(vm, check, 1, &right)?;
    Ok(Step::Value(Value::Int(
        match compare(&left.bytes, &right.bytes) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        },
    )))
}

fn parse_drv_name(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [full] = take(args)?;
    let check = Args {
        name: "parseDrvName",
    };
    let full = string_without_context(vm, check, 0, &full)?;
    let bytes = &full.bytes;
    // The name ends at the first dash not followed by a letter.
    let split = (0..bytes.len()).find(|&i| {
        bytes.get(i) == Some(&b'-')
            && bytes
                .get(i + 1)
                .is_some_and(|next| !next.is_ascii_alphabetic())
    });
    let (name, version) = match split {
        Some(dash) => (
            bytes.get(..dash).unwrap_or(&[]),
            bytes.get(dash + 1..).unwrap_or(&[]),
        ),
        None => (&bytes[..], &[][..]),
    };
    let name_symbol = vm.interner.intern("name");
    let version_symbol = vm.interner.intern("version");
    let entries = vec![
        vm.attr(name_symbol, Value::string(name.to_vec())),
        vm.attr(version_symbol, Value::string(version.to_vec())),
    ];
    Ok(Step::Value(Value::Attrs(Rc::new(AttrSet::from_unsorted(
        entries,
    )))))
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn split_version_components() {
        check(
            r#"builtins.splitVersion "1.2.3pre4-rc""#,
            r#"[ "1" "2" "3" "pre" "4" "rc" ]"#,
        );
        check(r#"builtins.splitVersion "..""#, "[ ]");
    }

    #[test]
    fn compare_versions_rules() {
        check(r#"builtins.compareVersions "2.3.1" "2.3a""#, "1");
        check(r#"builtins.compareVersions "2.3pre1" "2.3""#, "-1");
        check(r#"builtins.compareVersions "2.3pre3" "2.3pre12""#, "-1");
        check(r#"builtins.compareVersions "1.0" "1.0""#, "0");
        // Beyond 32 bits a digit run is not a number: it compares as text.
        check(r#"builtins.compareVersions "9999999999" "2""#, "-1");
    }

    #[test]
    fn parse_drv_name_splits_at_first_non_letter_dash() {
        check(
            r#"builtins.parseDrvName "xf86-video-i810-1.7.4""#,
            r#"{ name = "xf86-video-i810"; version = "1.7.4"; }"#,
        );
        check(
            r#"builtins.parseDrvName "name-that-ends-with-dash--1.0""#,
            r#"{ name = "name-that-ends-with-dash"; version = "-1.0"; }"#,
        );
        check(
            r#"builtins.parseDrvName 1"#,
            "error: expected a string but found an integer: 1",
        );
    }
}
