//! Hash builtins: hashString and convertHash, on `fixpoint-store`'s
//! algorithms and encodings (base-16, Nix base-32, base-64, SRI).
//!
//! `hashString` returns base-16 and drops its argument's context, as Nix
//! does. `convertHash` parses like Nix's `Hash::parseAny` (an `ALGO:` or SRI
//! prefix, or the encoding recognised by length) and prints the algorithm
//! only in SRI form; the format name `base32` works but warns, as in Nix.
//!
//! Tests: the `tests` module below; conformance `eval-okay-hashstring`,
//! `eval-okay-convertHash`, `eval-fail-hashString-*`.

use std::rc::Rc;

use fixpoint_store::hash::{Hash, HashAlgo, HashFormat, HashParseError};

use super::args::force_each;
use super::control::take;
use super::text::string_without_context;
use super::{Args, PrimOpDef};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::value::Value;
use crate::vm::{Event, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "hashString",
        arity: 2,
        strict: 0b01,
        func: hash_string,
    },
    PrimOpDef {
        name: "convertHash",
        arity: 1,
        strict: 1,
        func: convert_hash,
    },
];

fn unknown_algo(name: &str) -> EvalError {
    EvalError::builtin(format!(
        "unknown hash algorithm '{name}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'"
    ))
}

fn parse_algo(name: &[u8]) -> EvalResult<HashAlgo> {
    let name = String::from_utf8_lossy(name);
    HashAlgo::from_name(&name).ok_or_else(|| unknown_algo(&name))
}

fn hash_string(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [algo, text] = take(args)?;
    let check = Args { name: "hashString" };
    let algo = string_without_context(vm, check, 0, &algo)?;
    let algo = parse_algo(&algo.bytes)?;
    Ok(Step::Force(
        text,
        Some((check.context(1), None)),
        Box::new(move |vm: &mut Vm, text: Value| {
            let text = check.string(vm, 1, &text)?;
            let digest = Hash::digest(algo, &text.bytes);
            Ok(Step::Value(Value::string(digest.to_base16())))
        }),
    ))
}

fn parse_error(error: HashParseError) -> EvalError {
    match error {
        HashParseError::UnknownAlgo(name) => unknown_algo(&name),
        other => EvalError::builtin(other.to_string()),
    }
}

fn missing(name: &str) -> EvalError {
    EvalError::new(
        ErrorKind::MissingAttribute {
            name: name.to_string(),
        },
        None,
    )
    .with_frame(format!("while locating the attribute '{name}'"), None)
}

fn convert_hash(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [input] = take(args)?;
    let check = Args {
        name: "convertHash",
    };
    let attrs = check.attrs(vm, 0, &input)?;
    let hash = attrs.get("hash").cloned().ok_or_else(|| missing("hash"))?;
    let hash_algo = attrs.get("hashAlgo").cloned();
    let to_format = attrs.get("toHashFormat").cloned();
    Ok(force_each(
        vec![hash],
        Some("while evaluating the attribute 'hash'".into()),
        move |vm, forced| {
            let [hash] = take(forced)?;
            let hash = string_without_context(vm, check, 0, &hash)
                .map_err(|e| e.with_frame("while evaluating the attribute 'hash'", None))?;
            Ok(force_each(
                hash_algo.into_iter().collect(),
                Some("while evaluating the attribute 'hashAlgo'".into()),
                move |vm, forced| {
                    let algo = match forced.first() {
                        Some(name) => {
                            let name = string_without_context(vm, check, 0, name).map_err(|e| {
                                e.with_frame("while evaluating the attribute 'hashAlgo'", None)
                            })?;
                            Some(parse_algo(&name.bytes)?)
                        }
                        None => None,
                    };
                    let to_format = to_format.ok_or_else(|| missing("toHashFormat"))?;
                    Ok(force_each(
                        vec![to_format],
                        Some("while evaluating the attribute 'toHashFormat'".into()),
                        move |vm, forced| {
                            let [format] = take(forced)?;
                            let format =
                                string_without_context(vm, check, 0, &format).map_err(|e| {
                                    e.with_frame(
                                        "while evaluating the attribute 'toHashFormat'",
                                        None,
                                    )
                                })?;
                            let format_name = format.to_str_lossy();
                            if format_name == "base32" {
                                vm.events.push(Event {
                                    kind: ErrorKind::Warning {
                                        message: "\"base32\" is a deprecated alias for hash format \"nix32\".".into(),
                                        evaluation: false,
                                    },
                                    span: None,
                                    frames: Vec::new(),
                                });
                            }
                            let format = HashFormat::from_name(&format_name).ok_or_else(|| {
                                EvalError::builtin(format!(
                                    "unknown hash format '{format_name}', expect 'base16', 'base32', 'base64', or 'sri'"
                                ))
                            })?;
                            let parsed =
                                Hash::parse(&hash.to_str_lossy(), algo).map_err(parse_error)?;
                            Ok(Step::Value(Value::String(Rc::new(
                                crate::value::NixString::plain(
                                    parsed.to_format(format, false).into_bytes(),
                                ),
                            ))))
                        },
                    ))
                },
            ))
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn hash_string_in_base16() {
        check(
            r#"builtins.hashString "sha256" """#,
            r#""e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""#,
        );
        check(
            r#"builtins.hashString "md5" "text 1""#,
            r#""6c69ee7f211c640419d5366cc076ae46""#,
        );
        check(
            r#"builtins.hashString "foo" "x""#,
            "error: unknown hash algorithm 'foo', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'",
        );
    }

    #[test]
    fn convert_hash_between_formats() {
        check(
            r#"builtins.convertHash { hash = "md5:d41d8cd98f00b204e9800998ecf8427e"; toHashFormat = "sri"; }"#,
            r#""md5-1B2M2Y8AsgTpgAmY7PhCfg==""#,
        );
        check(
            r#"builtins.convertHash { hash = "1B2M2Y8AsgTpgAmY7PhCfg=="; hashAlgo = "md5"; toHashFormat = "nix32"; }"#,
            r#""3y8bwfr609h3lh9ch0izcqq7fl""#,
        );
        check(
            r#"builtins.convertHash { hash = "abc"; toHashFormat = "sri"; }"#,
            "error: hash 'abc' does not include a type, nor is the type otherwise known from context",
        );
        check(
            r#"builtins.convertHash { toHashFormat = "sri"; }"#,
            "error: attribute 'hash' missing",
        );
    }
}
