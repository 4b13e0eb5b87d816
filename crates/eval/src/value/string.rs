//! Nix strings: bytes plus a context.
//!
//! Nix strings are byte strings (builtins like `substring` cut bytes), so the
//! payload is `Box<[u8]>`. The context is the sorted, de-duplicated set of
//! store objects the string mentions, in Nix's encoding: a plain store path,
//! `!OUTPUT!/nix/store/…drv` for one output of a derivation, and
//! `=/nix/store/…drv` for a derivation with its whole closure.

use std::rc::Rc;

/// A string value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NixString {
    /// The bytes.
    pub bytes: Box<[u8]>,
    /// Sorted, de-duplicated context elements.
    pub context: Box<[Rc<str>]>,
}

impl NixString {
    /// A string without context.
    pub fn plain(bytes: impl Into<Vec<u8>>) -> Self {
        NixString {
            bytes: bytes.into().into_boxed_slice(),
            context: Box::new([]),
        }
    }

    /// A string with the given context (sorted and de-duplicated here).
    pub fn with_context(bytes: impl Into<Vec<u8>>, mut context: Vec<Rc<str>>) -> Self {
        // Nearly every string has no context: skip the calls.
        if context.len() > 1 {
            context.sort();
            context.dedup();
        }
        NixString {
            bytes: bytes.into().into_boxed_slice(),
            context: context.into_boxed_slice(),
        }
    }

    /// The bytes as text, replacing invalid UTF-8.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        text_lossy(&self.bytes)
    }
}

/// `bytes` as text, invalid UTF-8 replaced by U+FFFD. `from_utf8` checks
/// valid text (nearly every string) several times faster than
/// `from_utf8_lossy`'s chunked walk; attribute names made at run time
/// (`listToAttrs`, `s.${name}`) and every printed string pass through here.
pub fn text_lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}
