//! Prints values exactly as `nix-instantiate --eval` does, and in the short
//! form Nix uses inside error messages.
//!
//! Printing never forces anything (the caller deep-forces first for
//! `--strict`) and never recurses: an explicit stack of pending items drives
//! it. A container printed once prints as `«repeated»` when met again (empty
//! ones excepted). Error-message printing elides after 10 attributes or list
//! items, counted across the whole value, as Nix does.

use std::fmt::Write as _;
use std::rc::Rc;

use rustc_hash::FxHashSet;

use crate::value::{text_lossy, AttrSet, Value};
use crate::vm::Vm;

/// How to print.
#[derive(Clone, Copy)]
pub struct PrintOptions {
    /// Stop printing attributes after this many (across the whole value).
    pub max_attrs: usize,
    /// Stop printing list items after this many (across the whole value).
    pub max_items: usize,
    /// Print containers met again as `«repeated»`.
    pub track_repeated: bool,
    /// Print functions with their position (`«lambda @ FILE:L:C»`), as error
    /// messages do, instead of `<LAMBDA>`.
    pub describe_functions: bool,
}

impl PrintOptions {
    /// The `nix-instantiate --eval` form.
    pub const OUTPUT: PrintOptions = PrintOptions {
        max_attrs: usize::MAX,
        max_items: usize::MAX,
        track_repeated: true,
        describe_functions: false,
    };
    /// The form inside error messages.
    pub const ERROR: PrintOptions = PrintOptions {
        max_attrs: 10,
        max_items: 10,
        track_repeated: true,
        describe_functions: true,
    };
}

enum Item {
    Value(Value),
    Text(&'static str),
    AttrsFrom(Rc<AttrSet>, usize),
    ListFrom(Rc<Vec<Value>>, usize),
    SetAttrDone,
    ListItemDone,
}

/// Prints `value` with the given options.
pub fn print(vm: &Vm, value: &Value, options: PrintOptions) -> String {
    let mut out = String::new();
    // Keys are addresses: FxHash suits them, and a `--strict` print of a
    // package set inserts one per container.
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut attrs_printed = 0usize;
    let mut items_printed = 0usize;
    let mut stack = vec![Item::Value(value.clone())];
    while let Some(item) = stack.pop() {
        match item {
            Item::Text(text) => out.push_str(text),
            Item::SetAttrDone => attrs_printed += 1,
            Item::ListItemDone => items_printed += 1,
            Item::AttrsFrom(attrs, index) => match attrs.entries().get(index) {
                None => out.push_str(" }"),
                Some(_) if attrs_printed >= options.max_attrs => {
                    let rest = attrs.len() - index;
                    out.push_str(&format!(
                        " «{rest} attribute{} elided» }}",
                        if rest == 1 { "" } else { "s" }
                    ));
                }
                Some(attr) => {
                    out.push(' ');
                    write_attr_name(&mut out, attr.name.as_str());
                    out.push_str(" = ");
                    stack.push(Item::AttrsFrom(attrs.clone(), index + 1));
                    stack.push(Item::SetAttrDone);
                    stack.push(Item::Text(";"));
                    stack.push(Item::Value(attr.value.clone()));
                }
            },
            Item::ListFrom(items, index) => match items.get(index) {
                None => out.push_str(" ]"),
                Some(_) if items_printed >= options.max_items => {
                    let rest = items.len() - index;
                    out.push_str(&format!(
                        " «{rest} item{} elided» ]",
                        if rest == 1 { "" } else { "s" }
                    ));
                }
                Some(value) => {
                    out.push(' ');
                    stack.push(Item::ListFrom(items.clone(), index + 1));
                    stack.push(Item::ListItemDone);
                    stack.push(Item::Value(value.clone()));
                }
            },
            Item::Value(value) => {
                // Nix remembers the *value cells* it printed: a thunk shared by
                // two containers is one cell, the top-level result is a fresh
                // copy. Keying by thunk (or else by container) reproduces that.
                let cell = match &value {
                    Value::Thunk(thunk) => Some(Rc::as_ptr(thunk) as *const u8 as usize),
                    _ => None,
                };
                match value.resolved() {
                    Value::Null => out.push_str("null"),
                    Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                    Value::Int(i) => {
                        let _ = write!(out, "{i}");
                    }
                    Value::Float(f) => out.push_str(&format_float(f)),
                    Value::String(s) => write_string(&mut out, &s.bytes),
                    Value::Path(p) => out.push_str(&p),
                    Value::Lambda(closure) if options.describe_functions => {
                        let position = vm.sources.position(closure.def.span);
                        match &closure.def.name {
                            Some(name) => out.push_str(&format!("«lambda {name} @ {position}»")),
                            None => out.push_str(&format!("«lambda @ {position}»")),
                        }
                    }
                    Value::PrimOp(app) if options.describe_functions => {
                        if app.args.is_empty() {
                            out.push_str(&format!("«primop {}»", app.op.name));
                        } else {
                            out.push_str(&format!("«partially applied primop {}»", app.op.name));
                        }
                    }
                    Value::Lambda(_) => out.push_str("<LAMBDA>"),
                    Value::PrimOp(app) => out.push_str(if app.args.is_empty() {
                        "<PRIMOP>"
                    } else {
                        "<PRIMOP-APP>"
                    }),
                    Value::Thunk(_) => out.push_str("«thunk»"),
                    Value::Attrs(attrs) => {
                        let key = cell.unwrap_or(Rc::as_ptr(&attrs) as *const u8 as usize);
                        if attrs.is_empty() {
                            out.push_str("{ }");
                        } else if options.track_repeated && !seen.insert(key) {
                            out.push_str("«repeated»");
                        } else {
                            out.push('{');
                            stack.push(Item::AttrsFrom(attrs, 0));
                        }
                    }
                    Value::List(items) => {
                        let key = cell.unwrap_or(Rc::as_ptr(&items) as *const u8 as usize);
                        if items.is_empty() {
                            out.push_str("[ ]");
                        } else if options.track_repeated && !seen.insert(key) {
                            out.push_str("«repeated»");
                        } else {
                            out.push('[');
                            stack.push(Item::ListFrom(items, 0));
                        }
                    }
                }
            }
        }
    }
    out
}

/// The short form of a value inside an error message.
pub fn error_value(vm: &Vm, value: &Value) -> String {
    print(vm, value, PrintOptions::ERROR)
}

/// Whether `name` prints without quotes.
pub fn is_plain_identifier(name: &str) -> bool {
    // Every character allowed is ASCII, so bytes suffice: a non-ASCII
    // character's bytes are all non-ASCII and fail the test as it would.
    let Some((&first, rest)) = name.as_bytes().split_first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return false;
    }
    if !rest
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'\'' || c == b'-')
    {
        return false;
    }
    !matches!(
        name,
        "if" | "then" | "else" | "assert" | "with" | "let" | "in" | "rec" | "inherit" | "or"
    )
}

fn write_attr_name(out: &mut String, name: &str) {
    if is_plain_identifier(name) {
        out.push_str(name);
    } else {
        write_string(out, name.as_bytes());
    }
}

/// Writes a quoted, escaped Nix string (bytes that are not UTF-8 become
/// U+FFFD).
pub fn write_string(out: &mut String, bytes: &[u8]) {
    out.push('"');
    write_escaped(out, &text_lossy(bytes));
    out.push('"');
}

/// Appends `text` with Nix's escapes, copying the runs between them whole.
fn write_escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b'$' if bytes.get(index + 1) == Some(&b'{') => "\\$",
            _ => continue,
        };
        // Every escaped byte is ASCII, so both ends are character boundaries.
        out.push_str(text.get(copied..index).unwrap_or_default());
        out.push_str(escape);
        copied = index + 1;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
}

/// Formats a float like C's `%g` (six significant digits), as Nix prints them.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let scientific = format!("{f:.5e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..6).contains(&exponent) {
        let mantissa = strip_zeros(mantissa);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    } else {
        let decimals = usize::try_from(5 - exponent).unwrap_or(0);
        strip_zeros(&format!("{f:.decimals$}")).to_string()
    }
}

fn strip_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::{format_float, is_plain_identifier, write_string};

    fn quoted(bytes: &[u8]) -> String {
        let mut out = String::new();
        write_string(&mut out, bytes);
        out
    }

    #[test]
    fn strings_print_with_nix_escapes() {
        assert_eq!(quoted(b"plain"), r#""plain""#);
        assert_eq!(quoted(b""), r#""""#);
        assert_eq!(quoted(b"a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quoted(b"\n\r\t"), r#""\n\r\t""#);
        assert_eq!(quoted(b"${x} $y $"), r#""\${x} $y $""#);
        assert_eq!(quoted("naïve ${".as_bytes()), r#""naïve \${""#);
        assert_eq!(quoted(b"a\xffb\""), "\"a\u{fffd}b\\\"\"");
    }

    #[test]
    fn identifiers_print_without_quotes() {
        assert!(is_plain_identifier("a"));
        assert!(is_plain_identifier("_x'-1"));
        assert!(!is_plain_identifier(""));
        assert!(!is_plain_identifier("1a"));
        assert!(!is_plain_identifier("-a"));
        assert!(!is_plain_identifier("a.b"));
        assert!(!is_plain_identifier("naïve"));
        assert!(!is_plain_identifier("rec"));
        assert!(!is_plain_identifier("or"));
    }

    #[test]
    fn floats_print_like_percent_g() {
        assert_eq!(format_float(1.0), "1");
        assert_eq!(format_float(3.25), "3.25");
        assert_eq!(format_float(-0.01), "-0.01");
        assert_eq!(format_float(5e22), "5e+22");
        assert_eq!(format_float(1e6), "1e+06");
        assert_eq!(format_float(6.626e-34), "6.626e-34");
        assert_eq!(format_float(9224617.445991228), "9.22462e+06");
        assert_eq!(format_float(123456.0), "123456");
        assert_eq!(format_float(0.0001), "0.0001");
    }
}
