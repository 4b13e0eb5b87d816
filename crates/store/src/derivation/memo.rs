//! Finished derivations kept across evaluations, keyed by what they were finished from.
//!
//! [`DerivationBuilder::finish`] is a pure function of the builder's contents: the input
//! derivations it names are store paths, and a `.drv` path is the digest of the whole text,
//! so the hash modulo a lookup returns for it can only be the one it had when the path was
//! made. A host that evaluates the same package set over and over (the playground's worker,
//! once per keystroke) can therefore keep each [`BuiltDerivation`] and hand it back when an
//! equal builder comes again, instead of writing the ATerm texts and hashing them anew (the
//! SHA-256 of those texts is a sixth of such an evaluation).
//!
//! Invariants:
//! - a hit is exactly what [`DerivationBuilder::finish`] would return (errors are never kept:
//!   they are recomputed, so their message is always the builder's own; a builder naming an
//!   input derivation the lookup does not know is finished afresh, so it fails as it should);
//! - kept derivations carry their hash modulo, computed once when they are kept, so a
//!   dependant in a later evaluation does not hash the replaced-inputs text again;
//! - memory is bounded: entries live in two generations of at most [`GENERATION`] each; a
//!   hit in the older one moves it to the newer, and when the newer is full the older is
//!   dropped. What one evaluation uses stays; what it stopped using goes two turns later.
//!
//! Tests: the `tests` module below.

use std::cell::RefCell;
use std::fmt;
use std::mem;

use rustc_hash::FxHashMap;

use super::builder::{BuiltDerivation, DerivationBuilder};
use super::hash_modulo::DrvHashLookup;
use super::DerivationError;

/// The most derivations in one generation of a [`DerivationMemo`].
pub const GENERATION: usize = 4096;

/// Builders with the derivations they finished into (see the module header).
#[derive(Default)]
pub struct DerivationMemo {
    generations: RefCell<Generations>,
}

#[derive(Default)]
struct Generations {
    newer: FxHashMap<DerivationBuilder, BuiltDerivation>,
    older: FxHashMap<DerivationBuilder, BuiltDerivation>,
}

impl DerivationMemo {
    /// An empty memo.
    pub fn new() -> DerivationMemo {
        DerivationMemo::default()
    }

    /// [`DerivationBuilder::finish`], answered from the memo when an equal builder was
    /// finished before.
    pub fn finish<L: DrvHashLookup + ?Sized>(
        &self,
        builder: DerivationBuilder,
        lookup: &L,
    ) -> Result<BuiltDerivation, DerivationError> {
        if builder.inputs_known(lookup) {
            if let Some(built) = self.kept(&builder) {
                return Ok(built);
            }
        }
        let built = builder.clone().finish(lookup)?;
        // Dependants in later evaluations ask for it; asking now keeps the answer.
        built.hash_modulo();
        self.keep(builder, built.clone());
        Ok(built)
    }

    /// How many derivations are kept.
    pub fn len(&self) -> usize {
        let generations = self.generations.borrow();
        generations.newer.len() + generations.older.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn kept(&self, builder: &DerivationBuilder) -> Option<BuiltDerivation> {
        let mut generations = self.generations.borrow_mut();
        if let Some(built) = generations.newer.get(builder) {
            return Some(built.clone());
        }
        let (builder, built) = generations.older.remove_entry(builder)?;
        let answer = built.clone();
        generations.insert(builder, built);
        Some(answer)
    }

    fn keep(&self, builder: DerivationBuilder, built: BuiltDerivation) {
        self.generations.borrow_mut().insert(builder, built);
    }
}

impl Generations {
    fn insert(&mut self, builder: DerivationBuilder, built: BuiltDerivation) {
        if self.newer.len() >= GENERATION {
            self.older = mem::take(&mut self.newer);
        }
        self.newer.insert(builder, built);
    }
}

impl fmt::Debug for DerivationMemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DerivationMemo")
            .field("kept", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryStore;

    fn builder(name: &str, dep: Option<&BuiltDerivation>) -> DerivationBuilder {
        let mut builder = DerivationBuilder::new(name);
        for (key, value) in [
            ("builder", "/bin/sh"),
            ("name", name),
            ("system", "x86_64-linux"),
        ] {
            builder.attr(key, value).expect("valid attribute");
        }
        if let Some(dep) = dep {
            builder.input_drv_output(dep.drv_path.clone(), "out");
        }
        builder
    }

    #[test]
    fn a_hit_is_what_finishing_gives() {
        let memo = DerivationMemo::new();
        let mut store = MemoryStore::new();
        let dep = memo
            .finish(builder("dep", None), &store)
            .expect("dep finishes");
        store.insert_built(&dep);
        let first = memo
            .finish(builder("app", Some(&dep)), &store)
            .expect("app finishes");
        assert_eq!(memo.len(), 2);

        // A later evaluation: a fresh store that has only what it made itself.
        let mut later = MemoryStore::new();
        let dep_again = memo
            .finish(builder("dep", None), &later)
            .expect("dep is kept");
        later.insert_built(&dep_again);
        let again = memo
            .finish(builder("app", Some(&dep_again)), &later)
            .expect("app is kept");
        let fresh = builder("app", Some(&dep_again))
            .finish(&later)
            .expect("app finishes afresh");
        assert_eq!(again, first);
        assert_eq!(again, fresh);
        assert_eq!(again.hash_modulo(), fresh.hash_modulo());
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn errors_are_not_kept() {
        let memo = DerivationMemo::new();
        let store = MemoryStore::new();
        let mut missing_system = DerivationBuilder::new("broken");
        missing_system.attr("builder", "/bin/sh").expect("valid");
        assert!(memo.finish(missing_system, &store).is_err());
        assert!(memo.is_empty());
    }

    #[test]
    fn an_input_unknown_to_this_evaluation_still_fails() {
        let memo = DerivationMemo::new();
        let mut store = MemoryStore::new();
        let dep = memo.finish(builder("dep", None), &store).expect("dep");
        store.insert_built(&dep);
        memo.finish(builder("app", Some(&dep)), &store)
            .expect("app finishes");
        // A later evaluation that never made `dep`.
        let later = MemoryStore::new();
        assert!(memo.finish(builder("app", Some(&dep)), &later).is_err());
    }

    #[test]
    fn memory_stays_within_two_generations() {
        let memo = DerivationMemo::new();
        let store = MemoryStore::new();
        for index in 0..GENERATION * 2 + 10 {
            memo.finish(builder(&format!("p{index}"), None), &store)
                .expect("finishes");
        }
        assert!(memo.len() <= GENERATION * 2);
        // The newest are kept, the oldest are gone.
        let newest = builder(&format!("p{}", GENERATION * 2 + 9), None);
        assert!(memo.kept(&newest).is_some());
        assert!(memo.kept(&builder("p0", None)).is_none());
    }
}
