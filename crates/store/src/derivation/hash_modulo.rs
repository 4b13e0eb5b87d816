//! Hash modulo fixed outputs (Nix's `hashDerivationModulo`, SEMANTICS §6.9).
//!
//! A fixed-output derivation hashes to `sha256("fixed:out:[r:]ALGO:HEX:OUTPATH")`, so anything
//! else about it (builder, URL) does not reach its dependants' output paths. Any other
//! derivation hashes its ATerm with each input `.drv` path replaced by the hex of that input's
//! hash modulo (keys re-sorted, output sets of equal keys merged). The caller supplies the
//! inputs' hashes through [`DrvHashLookup`]; a map from `.drv` path to [`DrvHash`] is one, and
//! [`crate::MemoryStore`] is another. Tests: `tests/vectors.rs` (V3, V16–V19, S25).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::aterm::{write_aterm, AtermOptions};
use super::{Derivation, DerivationError, FixedOutputHash};
use crate::encoding::base16_encode;
use crate::hash::sha256;
use crate::store_path::StorePath;

/// The hash modulo fixed outputs of a derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DrvHash {
    /// An input-addressed derivation: SHA-256 of its ATerm with inputs replaced.
    Regular([u8; 32]),
    /// A fixed-output derivation: SHA-256 of its `fixed:out:…` descriptor.
    FixedOutput([u8; 32]),
}

impl DrvHash {
    /// The SHA-256 digest.
    pub fn digest(&self) -> &[u8; 32] {
        match self {
            DrvHash::Regular(digest) | DrvHash::FixedOutput(digest) => digest,
        }
    }

    /// Lowercase hex of the digest (the key that replaces the `.drv` path in dependants).
    pub fn to_hex(&self) -> String {
        base16_encode(self.digest())
    }
}

/// Where the hashes modulo of input derivations come from.
pub trait DrvHashLookup {
    /// The hash modulo (computed with real output paths, i.e. unmasked) of the derivation
    /// stored at `drv_path`, if known.
    fn drv_hash(&self, drv_path: &StorePath) -> Option<DrvHash>;
}

impl DrvHashLookup for BTreeMap<StorePath, DrvHash> {
    fn drv_hash(&self, drv_path: &StorePath) -> Option<DrvHash> {
        self.get(drv_path).copied()
    }
}

impl<S: std::hash::BuildHasher> DrvHashLookup for HashMap<StorePath, DrvHash, S> {
    fn drv_hash(&self, drv_path: &StorePath) -> Option<DrvHash> {
        self.get(drv_path).copied()
    }
}

impl<L: DrvHashLookup + ?Sized> DrvHashLookup for &L {
    fn drv_hash(&self, drv_path: &StorePath) -> Option<DrvHash> {
        (**self).drv_hash(drv_path)
    }
}

impl Derivation {
    /// `hashDerivationModulo(drv, mask_outputs)`. Output paths are computed from the masked
    /// hash; dependants use the unmasked one (which is what a lookup must return).
    pub fn hash_modulo<L: DrvHashLookup + ?Sized>(
        &self,
        lookup: &L,
        mask_outputs: bool,
    ) -> Result<DrvHash, DerivationError> {
        if let Some(fixed) = self.fixed_output()? {
            return self.fixed_output_hash(fixed);
        }
        let inputs = self.replaced_inputs(lookup)?;
        Ok(self.regular_hash(&inputs, mask_outputs))
    }

    /// The hash modulo of a fixed-output derivation: that of its `fixed:out:…` descriptor.
    pub(crate) fn fixed_output_hash(
        &self,
        fixed: &FixedOutputHash,
    ) -> Result<DrvHash, DerivationError> {
        let path = match self.outputs.get("out").and_then(|o| o.path.clone()) {
            Some(path) => path,
            None => self.fixed_output_path(fixed)?,
        };
        let descriptor = format!(
            "fixed:out:{}:{}:{}",
            fixed.method_algo(),
            fixed.hash.to_base16(),
            path
        );
        Ok(DrvHash::FixedOutput(sha256(descriptor.as_bytes())))
    }

    /// The hash modulo of a derivation that is not fixed-output, given its
    /// [`Derivation::replaced_inputs`].
    pub(crate) fn regular_hash(
        &self,
        inputs: &BTreeMap<String, BTreeSet<String>>,
        mask_outputs: bool,
    ) -> DrvHash {
        let text = write_aterm(
            self,
            AtermOptions {
                mask_outputs,
                replaced_inputs: Some(inputs),
            },
        );
        DrvHash::Regular(sha256(text.as_bytes()))
    }

    /// The input derivations re-keyed by the hex of their hash modulo (what
    /// [`Derivation::hash_modulo`] serialises in their place).
    pub fn replaced_inputs<L: DrvHashLookup + ?Sized>(
        &self,
        lookup: &L,
    ) -> Result<BTreeMap<String, BTreeSet<String>>, DerivationError> {
        let mut inputs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (drv_path, outputs) in &self.input_drvs {
            let hash = lookup
                .drv_hash(drv_path)
                .ok_or_else(|| DerivationError::UnknownInputDerivation(drv_path.clone()))?;
            inputs
                .entry(hash.to_hex())
                .or_default()
                .extend(outputs.iter().cloned());
        }
        Ok(inputs)
    }
}
