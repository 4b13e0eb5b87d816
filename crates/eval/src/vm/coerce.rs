//! Coercion to strings, weak (interpolation, `+`) and strong (`toString`).
//!
//! Coercion may call `__toString`, force `outPath`, or walk a list, so it is a
//! chain of [`Step`]s whose final value is a `Value::String`.

use std::rc::Rc;

use super::{Step, Vm};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::printer;
use crate::value::{NixString, Value};

/// Which values may become strings, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoerceMode {
    /// Interpolation and `+`: strings, paths, `__toString`/`outPath` sets.
    Interpolation {
        /// Whether a path is copied to the store (string interpolation) or
        /// kept as its text (appending to a path).
        copy_paths: bool,
    },
    /// `toString`: additionally numbers, Booleans, null and lists.
    ToString,
    /// Strong coercion that copies paths to the store, like interpolation:
    /// every attribute and argument given to `derivationStrict`.
    ToStringCopy,
}

impl CoerceMode {
    /// Whether numbers, Booleans, null and lists become strings too.
    fn strong(self) -> bool {
        matches!(self, CoerceMode::ToString | CoerceMode::ToStringCopy)
    }

    /// Whether a path becomes the store path of its copy.
    fn copies(self) -> bool {
        matches!(
            self,
            CoerceMode::Interpolation { copy_paths: true } | CoerceMode::ToStringCopy
        )
    }
}

/// Coerces `value` to a string; the step finishes with a `Value::String`.
pub fn coerce_to_string(vm: &mut Vm, value: Value, mode: CoerceMode) -> EvalResult<Step> {
    match value {
        Value::Thunk(_) => Ok(Step::force(value, move |vm, forced| {
            coerce_to_string(vm, forced, mode)
        })),
        Value::String(_) => Ok(Step::Value(value)),
        Value::Path(path) if mode.copies() => {
            crate::derivations::copy_path_to_store(vm, &path).map(Step::Value)
        }
        Value::Path(path) => Ok(Step::Value(Value::string(path.as_bytes()))),
        Value::Attrs(ref attrs) => {
            if let Some(to_string) = attrs.get(vm.syms.to_string.as_str()) {
                let span = vm.no_span();
                return Ok(Step::call(
                    to_string.clone(),
                    vec![value.clone()],
                    span,
                    // The result is coerced again ("peeled"), weakly.
                    move |vm, result| coerce_to_string(vm, result, mode),
                ));
            }
            if let Some(out_path) = attrs.get(vm.syms.out_path.as_str()) {
                return Ok(Step::force(out_path.clone(), move |vm, forced| {
                    coerce_to_string(vm, forced, mode)
                }));
            }
            Err(cannot_coerce(vm, &value))
        }
        Value::Int(i) if mode.strong() => Ok(Step::Value(Value::string(decimal(i)))),
        Value::Float(f) if mode.strong() => Ok(Step::Value(Value::string(format!("{f:.6}")))),
        Value::Bool(b) if mode.strong() => Ok(Step::Value(Value::string(if b { "1" } else { "" }))),
        Value::Null if mode.strong() => Ok(Step::Value(Value::string(""))),
        Value::List(items) if mode.strong() => {
            join_list(vm, items, mode, 0, Vec::new(), Vec::new())
        }
        other => Err(cannot_coerce(vm, &other)),
    }
}

/// The decimal text of `i`, allocated once at its exact length: `to_string`
/// leaves spare capacity, which the string's boxed bytes would hand back
/// with a `realloc` for every number (`toString` over a `genList`).
pub(super) fn decimal(i: i64) -> Vec<u8> {
    let (buf, start) = digits(i);
    buf.get(start..).unwrap_or_default().to_vec()
}

/// Appends the decimal text of `i` (what `toString i` gives) to `out`.
pub(super) fn push_decimal(out: &mut Vec<u8>, i: i64) {
    let (buf, start) = digits(i);
    out.extend_from_slice(buf.get(start..).unwrap_or_default());
}

/// "00" to "99": two digits per division.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// The decimal text of `i`, sign included, written at the end of the
/// buffer, and where it starts (`i64::MIN` takes all 20 bytes).
fn digits(i: i64) -> ([u8; 20], usize) {
    let mut buf = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut start = buf.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        start -= 2;
        put_pair(&mut buf, start, pair);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        start -= 2;
        put_pair(&mut buf, start, pair);
    } else {
        start -= 1;
        if let Some(to) = buf.get_mut(start) {
            *to = b'0' + n as u8;
        }
    }
    if i < 0 {
        start -= 1;
        if let Some(to) = buf.get_mut(start) {
            *to = b'-';
        }
    }
    (buf, start)
}

/// Writes the two digits of [`DIGIT_PAIRS`] at `pair` to `buf[start..]`.
fn put_pair(buf: &mut [u8; 20], start: usize, pair: usize) {
    if let (Some(to), Some(from)) = (
        buf.get_mut(start..start + 2),
        DIGIT_PAIRS.get(pair..pair + 2),
    ) {
        to.copy_from_slice(from);
    }
}

fn cannot_coerce(vm: &Vm, value: &Value) -> EvalError {
    EvalError::new(
        ErrorKind::CannotCoerce {
            found: value.type_phrase().to_string(),
            value: printer::error_value(vm, value),
        },
        None,
    )
}

/// `toString [ a b ]`: elements coerced and joined by single spaces; as in
/// Nix, no space follows an element that is an empty list.
fn join_list(
    vm: &mut Vm,
    items: Rc<Vec<Value>>,
    mode: CoerceMode,
    index: usize,
    acc: Vec<u8>,
    context: Vec<Rc<str>>,
) -> EvalResult<Step> {
    let Some(item) = items.get(index).cloned() else {
        return Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(acc, context),
        ))));
    };
    let step = coerce_to_string(vm, item, mode)?;
    Ok(Step::then(step, move |vm, piece| {
        let mut acc = acc;
        let mut context = context;
        if let Value::String(piece) = &piece {
            acc.extend_from_slice(&piece.bytes);
            context.extend(piece.context.iter().cloned());
        }
        let empty_list =
            matches!(items.get(index).map(Value::resolved), Some(Value::List(l)) if l.is_empty());
        if index + 1 < items.len() && !empty_list {
            acc.push(b' ');
        }
        join_list(vm, items, mode, index + 1, acc, context)
    }))
}
