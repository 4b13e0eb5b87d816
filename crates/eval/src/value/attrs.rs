//! Attribute sets as vectors sorted by name.
//!
//! Lookup is a binary search over the names' bytes; iteration is already in the
//! order `attrNames` and the printer need. Building a set sorts once.

use super::Value;
use crate::source::SrcSpan;
use crate::symbols::{compare_names, Symbol};

/// One attribute.
#[derive(Clone)]
pub struct Attr {
    /// Its name.
    pub name: Symbol,
    /// Its value (often a thunk).
    pub value: Value,
    /// Where it was defined, for `unsafeGetAttrPos`.
    pub pos: Option<SrcSpan>,
}

/// An attribute set: sorted by name, no duplicate names.
#[derive(Clone, Default)]
pub struct AttrSet {
    entries: Vec<Attr>,
}

impl Drop for AttrSet {
    fn drop(&mut self) {
        std::mem::take(&mut self.entries)
            .into_iter()
            .for_each(|attr| super::drop::dispose(attr.value));
    }
}

impl AttrSet {
    /// The empty set.
    pub fn empty() -> Self {
        AttrSet {
            entries: Vec::new(),
        }
    }

    /// Builds a set from attributes already sorted by name and unique.
    pub fn from_sorted(entries: Vec<Attr>) -> Self {
        debug_assert!(entries.windows(2).all(|w| w[0].name < w[1].name));
        AttrSet { entries }
    }

    /// Builds a set from arbitrary attributes; on duplicate names the first wins.
    pub fn from_unsorted(mut entries: Vec<Attr>) -> Self {
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        entries.dedup_by(|later, earlier| later.name == earlier.name);
        AttrSet { entries }
    }

    /// The attributes in name order.
    pub fn entries(&self) -> &[Attr] {
        &self.entries
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no attributes.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn index_of(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|attr| compare_names(attr.name.as_str().as_bytes(), name.as_bytes()))
    }

    /// The attribute with this name.
    pub fn get_attr(&self, name: &str) -> Option<&Attr> {
        self.index_of(name).ok().and_then(|i| self.entries.get(i))
    }

    /// The value of the attribute with this name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.get_attr(name).map(|attr| &attr.value)
    }

    /// `self // other`: the union, `other` winning on conflicts.
    pub fn update(&self, other: &AttrSet) -> AttrSet {
        let mut merged = Vec::with_capacity(self.entries.len() + other.entries.len());
        let (mut left, mut right) = (
            self.entries.iter().peekable(),
            other.entries.iter().peekable(),
        );
        loop {
            match (left.peek(), right.peek()) {
                (Some(l), Some(r)) => match l.name.cmp(&r.name) {
                    std::cmp::Ordering::Less => {
                        merged.push((*l).clone());
                        left.next();
                    }
                    std::cmp::Ordering::Greater => {
                        merged.push((*r).clone());
                        right.next();
                    }
                    std::cmp::Ordering::Equal => {
                        merged.push((*r).clone());
                        left.next();
                        right.next();
                    }
                },
                (Some(l), None) => {
                    merged.push((*l).clone());
                    left.next();
                }
                (None, Some(r)) => {
                    merged.push((*r).clone());
                    right.next();
                }
                (None, None) => break,
            }
        }
        AttrSet { entries: merged }
    }
}
