//! Interned attribute and variable names.
//!
//! A [`Symbol`] is a shared `Rc<str>`; the [`Interner`] hands out one instance per
//! distinct name, so equality usually succeeds on the pointer check. Symbols order
//! by their bytes, which is the order Nix uses for attribute names.
//!
//! The interner lives in the evaluator's context object; there is no global table.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use rustc_hash::FxHasher;

/// How name tables hash: FxHash, several times cheaper than std's SipHash
/// on short names (interning and scope resolution hash every identifier a
/// file mentions).
///
/// FxHash is not keyed, so a program can be written whose names all
/// collide, making each table operation linear in the number of names
/// (quadratic in all). That is acceptable here: names come from the
/// program being evaluated, so such a program can only slow down its own
/// evaluation, which any program can already do (`fib 40`); in the browser
/// it runs in the worker, whose Stop button and watchdog end it, never on
/// the page's thread. Keep maps keyed by other untrusted data elsewhere on
/// std's keyed hasher.
pub type NameHasher = BuildHasherDefault<FxHasher>;

/// A map keyed by names, hashed with [`NameHasher`].
pub type NameMap<V> = HashMap<Symbol, V, NameHasher>;

/// An interned name.
#[derive(Clone)]
pub struct Symbol(Rc<str>);

impl Symbol {
    /// The name's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Symbol {}

impl PartialOrd for Symbol {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Symbol {
    fn cmp(&self, other: &Self) -> Ordering {
        if Rc::ptr_eq(&self.0, &other.0) {
            Ordering::Equal
        } else {
            compare_names(self.0.as_bytes(), other.0.as_bytes())
        }
    }
}

/// Orders two names by their bytes, exactly as `<[u8]>::cmp` does, but
/// inline: names are short and usually differ within their first bytes,
/// where a call to `memcmp` per comparison was most of the cost of looking
/// an attribute up in a large set (a binary search) and of sorting one
/// (`listToAttrs`).
#[inline]
pub fn compare_names(left: &[u8], right: &[u8]) -> Ordering {
    for (l, r) in left.iter().zip(right) {
        if l != r {
            return l.cmp(r);
        }
    }
    left.len().cmp(&right.len())
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The table of interned names.
#[derive(Default)]
pub struct Interner {
    names: HashSet<Rc<str>, NameHasher>,
}

impl Interner {
    /// Makes room for `additional` more names at once, so that interning a
    /// large file's names does not grow the table one doubling at a time.
    pub fn reserve(&mut self, additional: usize) {
        self.names.reserve(additional);
    }

    /// The symbol for `name`, creating it on first use.
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(existing) = self.names.get(name) {
            return Symbol(existing.clone());
        }
        let shared: Rc<str> = Rc::from(name);
        self.names.insert(shared.clone());
        Symbol(shared)
    }
}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
