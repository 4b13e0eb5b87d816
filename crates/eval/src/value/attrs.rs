//! Attribute sets as vectors sorted by name.
//!
//! Lookup is a binary search over the names' bytes; iteration is already in the
//! order `attrNames` and the printer need. Building a set sorts once. A set
//! of a few names is scanned instead. (A hash index for large sets looked up
//! often saved 1% of the instructions of a package-set workload but made
//! every set 16 bytes larger, and was no faster: it is not here.)

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

/// Sets of at most this many names are scanned: cheaper than halving.
const SCAN_MAX_LEN: usize = 4;

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
        AttrSet::default()
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

    fn search(&self, name: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|attr| compare_names(attr.name.as_str().as_bytes(), name.as_bytes()))
            .ok()
    }

    /// The position of the attribute with this name: a scan of a small
    /// set, else a binary search.
    fn position(&self, name: &str) -> Option<usize> {
        if self.entries.len() <= SCAN_MAX_LEN {
            // Names the evaluator asks for (`name`, `value`, `outPath`) are
            // usually the very symbol the set holds: same text, same address.
            return self.entries.iter().position(|attr| {
                let held = attr.name.as_str();
                (held.as_ptr() == name.as_ptr() && held.len() == name.len()) || held == name
            });
        }
        self.search(name)
    }

    /// The attribute with this name.
    pub fn get_attr(&self, name: &str) -> Option<&Attr> {
        self.position(name).and_then(|at| self.entries.get(at))
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

#[cfg(test)]
mod tests {
    use super::{Attr, AttrSet, SCAN_MAX_LEN};
    use crate::symbols::Interner;
    use crate::value::Value;

    /// Every name is found at its place and no other, in sets that are
    /// scanned and in sets that are searched.
    #[test]
    fn lookups_find_each_name() {
        let mut interner = Interner::default();
        for len in [0, 1, SCAN_MAX_LEN, SCAN_MAX_LEN + 1, 300] {
            let attrs = AttrSet::from_unsorted(
                (0..len)
                    .map(|i| Attr {
                        name: interner.intern(&format!("a{i}")),
                        value: Value::Int(i64::try_from(i).unwrap_or(0)),
                        pos: None,
                    })
                    .collect(),
            );
            for i in 0..len {
                let found = attrs.get(&format!("a{i}"));
                assert!(
                    matches!(found, Some(Value::Int(v)) if *v == i64::try_from(i).unwrap_or(-1)),
                    "a{i} in {len}"
                );
                let symbol = interner.intern(&format!("a{i}"));
                assert!(attrs.get(symbol.as_str()).is_some(), "a{i} in {len}");
            }
            for missing in ["", "a", "a-1", "b0", "a00", &format!("a{len}")] {
                assert!(attrs.get(missing).is_none(), "{missing} in {len}");
            }
        }
    }
}
