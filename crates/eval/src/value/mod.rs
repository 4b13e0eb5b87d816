//! Nix values: the runtime data the VM computes with.
//!
//! [`Value`] is a 16-byte enum; everything bigger than a number lives behind an
//! `Rc` so copying a value is a reference-count bump. A value is in weak head
//! normal form unless it is a [`Value::Thunk`]; the VM's force loop is the only
//! place that turns thunks into values.
//!
//! One file per Nix type: `string.rs` (bytes + context), `attrs.rs` (sorted
//! attribute vectors), `thunk.rs` (thunks and environments), `lambda.rs`
//! (closures and partially applied primops).
//!
//! Invariants: attribute sets are sorted by name bytes and hold no duplicates;
//! a `Done` thunk never holds another thunk.

mod attrs;
mod cycles;
mod drop;
mod lambda;
mod string;
mod thunk;

pub use attrs::{Attr, AttrSet};
pub(crate) use cycles::{collect as collect_cycles, Making};
pub use cycles::{live_objects, track_cycles};
pub use lambda::{Closure, PrimOpApp};
pub use string::{text_lossy, NixString};
pub use thunk::{Env, Thunk, ThunkState};

use std::rc::Rc;

/// A Nix value.
#[derive(Clone)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A 64-bit signed integer.
    Int(i64),
    /// A double.
    Float(f64),
    /// A string with its context.
    String(Rc<NixString>),
    /// An absolute, canonical path. An `Rc<String>` rather than an
    /// `Rc<str>`: a thin pointer keeps every value at 16 bytes (slots, list
    /// elements, frames), and paths are rare next to numbers and thunks.
    Path(Rc<String>),
    /// An attribute set.
    Attrs(Rc<AttrSet>),
    /// A list.
    List(Rc<Vec<Value>>),
    /// A closure.
    Lambda(Rc<Closure>),
    /// A builtin, possibly partially applied.
    PrimOp(Rc<PrimOpApp>),
    /// A suspended computation.
    Thunk(Rc<Thunk>),
}

// Values are copied everywhere (slots, list elements, frames): keep them at
// two words.
const _: () = assert!(std::mem::size_of::<Value>() == 16);

impl Value {
    /// A context-free string value.
    pub fn string(text: impl Into<Vec<u8>>) -> Value {
        Value::String(Rc::new(NixString::plain(text)))
    }

    /// The value itself, or a finished thunk's value; unfinished thunks stay.
    pub fn resolved(&self) -> Value {
        match self {
            Value::Thunk(thunk) => thunk.value().unwrap_or_else(|| self.clone()),
            other => other.clone(),
        }
    }

    /// The Nix type name, as `builtins.typeOf` returns it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Lambda(_) | Value::PrimOp(_) => "lambda",
            Value::Thunk(_) => "thunk",
        }
    }

    /// The type with its article, as Nix's error messages show it.
    pub fn type_phrase(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Lambda(_) => "a function",
            Value::PrimOp(app) if app.args.is_empty() => "a built-in function",
            Value::PrimOp(_) => "a partially applied built-in function",
            Value::Thunk(_) => "a thunk",
        }
    }

    /// Whether two values are the same object (Nix's pointer-equality shortcut
    /// inside containers).
    pub fn same_object(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Attrs(a), Value::Attrs(b)) => Rc::ptr_eq(a, b),
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Lambda(a), Value::Lambda(b)) => Rc::ptr_eq(a, b),
            (Value::PrimOp(a), Value::PrimOp(b)) => Rc::ptr_eq(a, b),
            (Value::String(a), Value::String(b)) => Rc::ptr_eq(a, b),
            (Value::Thunk(a), Value::Thunk(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The attribute set, if this is one.
    pub fn as_attrs(&self) -> Option<&Rc<AttrSet>> {
        match self {
            Value::Attrs(attrs) => Some(attrs),
            _ => None,
        }
    }
}
