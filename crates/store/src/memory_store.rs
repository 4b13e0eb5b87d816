//! An in-memory record of the store objects one evaluation creates (SEMANTICS §6.10, §6.11).
//!
//! [`MemoryStore`] keeps every finished derivation with its hash modulo (so it is the
//! [`DrvHashLookup`] the evaluator passes to [`DerivationBuilder::finish`]) and the references
//! of text and source paths. From that it answers what the evaluator needs for deep contexts
//! (`.drvPath` in a string: the `.drv` closure, §6.11) and what the UI needs to open an input
//! derivation. Nothing is written anywhere; there is no garbage collection.
//! Tests live at the bottom of this file.

use std::collections::{BTreeMap, BTreeSet};

use crate::derivation::{BuiltDerivation, Derivation, DerivationBuilder, DerivationError};
use crate::derivation::{DrvHash, DrvHashLookup};
use crate::nar::{nar_sha256, NarNode};
use crate::store_path::{make_source_path, make_text_path, StorePath, StorePathError};

/// Store objects known to one evaluation.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    /// Each derivation with its hash modulo, which is computed once, when
    /// a dependant first needs it.
    derivations: BTreeMap<StorePath, BuiltDerivation>,
    references: BTreeMap<StorePath, BTreeSet<StorePath>>,
}

/// What a deep context (`.drvPath`) contributes to a dependant: every path in the `.drv`'s
/// closure as a source, and every derivation in it with all its outputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeepInputs {
    /// Input sources (the whole closure, `.drv` files included).
    pub input_srcs: BTreeSet<StorePath>,
    /// Input derivations with all their output names.
    pub input_drvs: BTreeMap<StorePath, BTreeSet<String>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Finishes `builder` against this store and records the result.
    pub fn add_derivation(
        &mut self,
        builder: DerivationBuilder,
    ) -> Result<BuiltDerivation, DerivationError> {
        let built = builder.finish(self)?;
        self.insert_built(&built);
        Ok(built)
    }

    /// Records a derivation finished elsewhere.
    pub fn insert_built(&mut self, built: &BuiltDerivation) {
        self.record(built.clone());
    }

    /// Records a derivation finished elsewhere, without copying it.
    pub fn record(&mut self, built: BuiltDerivation) {
        self.derivations.insert(built.drv_path.clone(), built);
    }

    /// `builtins.toFile name contents` with the references its context gives.
    pub fn add_text(
        &mut self,
        name: &str,
        contents: &[u8],
        references: BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        let path = make_text_path(name, contents, &references)?;
        self.references.insert(path.clone(), references);
        Ok(path)
    }

    /// A source path (path literal, `builtins.path`) without references.
    pub fn add_source(&mut self, name: &str, node: &NarNode) -> Result<StorePath, StorePathError> {
        let path = make_source_path(name, &nar_sha256(node), &BTreeSet::new(), false)?;
        self.references.entry(path.clone()).or_default();
        Ok(path)
    }

    /// The derivation stored at `drv_path`.
    pub fn derivation(&self, drv_path: &StorePath) -> Option<&Derivation> {
        self.derivations
            .get(drv_path)
            .map(|built| &built.derivation)
    }

    /// The references of a known path (a derivation's inputs, or what a text file mentions).
    pub fn references(&self, path: &StorePath) -> BTreeSet<StorePath> {
        match self.derivations.get(path) {
            Some(built) => built.derivation.references(),
            None => self.references.get(path).cloned().unwrap_or_default(),
        }
    }

    /// `path` and everything it references, transitively.
    pub fn closure(&self, path: &StorePath) -> BTreeSet<StorePath> {
        let mut seen = BTreeSet::new();
        let mut pending = vec![path.clone()];
        while let Some(next) = pending.pop() {
            if seen.insert(next.clone()) {
                pending.extend(self.references(&next));
            }
        }
        seen
    }

    /// The inputs a deep context on `drv_path` adds (Nix's handling of `=DRVPATH` contexts).
    pub fn deep_inputs(&self, drv_path: &StorePath) -> DeepInputs {
        let mut inputs = DeepInputs::default();
        for path in self.closure(drv_path) {
            if let Some(drv) = self.derivation(&path) {
                inputs
                    .input_drvs
                    .insert(path.clone(), drv.outputs.keys().cloned().collect());
            }
            inputs.input_srcs.insert(path);
        }
        inputs
    }
}

impl DrvHashLookup for MemoryStore {
    fn drv_hash(&self, drv_path: &StorePath) -> Option<DrvHash> {
        self.derivations
            .get(drv_path)
            .map(BuiltDerivation::hash_modulo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simple(name: &str, dep: Option<&BuiltDerivation>) -> DerivationBuilder {
        let mut builder = DerivationBuilder::new(name);
        for (key, value) in [("builder", ":"), ("name", name), ("system", ":")] {
            builder.attr(key, value).expect("valid attribute");
        }
        if let Some(dep) = dep {
            let out = dep
                .out_path()
                .map(|p| p.to_absolute_path())
                .unwrap_or_default();
            builder.attr("dep", out).expect("valid attribute");
            builder.input_drv_output(dep.drv_path.clone(), "out");
        }
        builder
    }

    #[test]
    fn deep_inputs_cover_the_closure() {
        let mut store = MemoryStore::new();
        let file = store
            .add_text("script", b"echo", BTreeSet::new())
            .expect("valid name");
        let mut first = simple("first", None);
        first.input_src(file.clone());
        let first = store.add_derivation(first).expect("builds");
        let second = store
            .add_derivation(simple("second", Some(&first)))
            .expect("builds");
        let deep = store.deep_inputs(&second.drv_path);
        assert_eq!(
            deep.input_srcs,
            [file, first.drv_path.clone(), second.drv_path.clone()]
                .into_iter()
                .collect()
        );
        assert_eq!(deep.input_drvs.len(), 2);
        assert!(deep.input_drvs.contains_key(&first.drv_path));
    }

    #[test]
    fn kept_hashes_modulo_equal_recomputed_ones() {
        let mut store = MemoryStore::new();
        let first = store.add_derivation(simple("first", None)).expect("builds");
        let second = store
            .add_derivation(simple("second", Some(&first)))
            .expect("builds");
        let third = store
            .add_derivation(simple("third", Some(&second)))
            .expect("builds");
        for built in [&first, &second, &third] {
            let recomputed = built.derivation.hash_modulo(&store, false);
            assert_eq!(Ok(built.hash_modulo()), recomputed);
            assert_eq!(store.drv_hash(&built.drv_path), recomputed.ok());
        }
        assert_ne!(second.hash_modulo(), third.hash_modulo());
    }

    #[test]
    fn unknown_input_is_an_error() {
        let mut store = MemoryStore::new();
        let first = simple("first", None)
            .finish(&BTreeMap::<StorePath, DrvHash>::new())
            .expect("builds");
        assert_eq!(
            store.add_derivation(simple("second", Some(&first))),
            Err(DerivationError::UnknownInputDerivation(first.drv_path))
        );
    }
}
