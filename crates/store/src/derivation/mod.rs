//! Derivations: the record, its `.drv` (ATerm) text, its hash modulo fixed outputs, and how a
//! new one is completed from already-coerced attributes (SEMANTICS §6.6–§6.10).
//!
//! * [`Derivation`] is plain data mirroring Nix's: outputs, input derivations (drv path → output
//!   names), input sources, system, builder, args, env, plus the name (which the ATerm text does
//!   not contain but every path computation needs).
//! * [`aterm`] writes (and parses back) the exact `Derive(…)` text.
//! * [`hash_modulo`] computes `hashDerivationModulo`, given a [`DrvHashLookup`] for inputs.
//! * [`builder`] turns coerced attributes into a finished derivation with its `.drv` path and
//!   output paths ([`DerivationBuilder::finish`]).
//! * [`memo`] keeps finished derivations across evaluations ([`DerivationMemo`]), for a host
//!   that evaluates the same set again and again.
//! * [`show`] renders the `nix derivation show` JSON view; [`diff`](mod@diff) lists what changed between
//!   two derivations and classifies it (unchanged / recipe only / rebuild).
//!
//! Invariants: no I/O and no knowledge of Nix values; string contexts are the caller's job (it
//! hands over input drvs and sources already collected). Content-addressed (floating) and
//! impure derivations are deliberately absent, as in Nix 2.8 without experimental features.
//! Tests: unit tests per module, the SEMANTICS vectors in `tests/vectors.rs`, the differential
//! test against real Nix in `tests/nix_differential.rs`.

pub mod aterm;
pub mod builder;
pub mod diff;
pub mod hash_modulo;
pub mod memo;
pub mod show;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::hash::{sha256, Hash, HashParseError};
use crate::store_path::{
    make_fixed_output_path, make_text_path_from_sha256, FileIngestionMethod, StorePath,
    StorePathError, DRV_EXTENSION,
};

pub use builder::{BuiltDerivation, DerivationBuilder};
pub use diff::{classify, diff, ChangeClass, DerivationChange};
pub use hash_modulo::{DrvHash, DrvHashLookup};
pub use memo::DerivationMemo;

/// A derivation, as stored in a `.drv` file plus its name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Derivation {
    /// The derivation name (`.drv` path name without the extension).
    pub name: String,
    /// Outputs by name.
    pub outputs: BTreeMap<String, DerivationOutput>,
    /// Input derivations: `.drv` path → the output names used.
    pub input_drvs: BTreeMap<StorePath, BTreeSet<String>>,
    /// Input sources (plain store paths).
    pub input_srcs: BTreeSet<StorePath>,
    /// The `system` (Nix calls it platform).
    pub system: String,
    /// The builder executable.
    pub builder: String,
    /// Arguments to the builder.
    pub args: Vec<String>,
    /// Environment variables.
    pub env: BTreeMap<String, String>,
}

/// One output of a derivation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DerivationOutput {
    /// The output path; `None` before it has been computed (written as `""`).
    pub path: Option<StorePath>,
    /// The declared hash of a fixed output.
    pub fixed: Option<FixedOutputHash>,
}

/// The declared content hash of a fixed output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedOutputHash {
    /// Flat or recursive.
    pub method: FileIngestionMethod,
    /// The hash.
    pub hash: Hash,
}

impl FixedOutputHash {
    /// `[r:]ALGO`, as written in the `.drv` output tuple.
    pub fn method_algo(&self) -> String {
        format!("{}{}", self.method.prefix(), self.hash.algo())
    }
}

/// Why a derivation could not be built or hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DerivationError {
    /// The derivation name or an output path name is not a valid store path name.
    InvalidName(StorePathError),
    /// The name ends in `.drv`.
    NameEndsInDrv(String),
    /// `builder` is missing or empty.
    MissingBuilder,
    /// `system` is missing or empty.
    MissingSystem,
    /// An output name appears twice in `outputs`.
    DuplicateOutput(String),
    /// An output is called `drv` (rejected by Nix 2.8) or `drvPath` (rejected by newer Nix):
    /// both would clash with attributes of the derivation value.
    InvalidOutputName(String),
    /// `outputs` is empty.
    NoOutputs,
    /// `outputHashMode` is neither `flat` nor `recursive`.
    InvalidHashMode(String),
    /// A fixed-output derivation declares outputs other than exactly `out`.
    FixedOutputNotSingleOut,
    /// `outputHash` could not be parsed.
    InvalidOutputHash(HashParseError),
    /// The hash of an input derivation is not known to the lookup.
    UnknownInputDerivation(StorePath),
    /// A derivation record mixes fixed and non-fixed outputs, or has several fixed ones.
    MixedFixedOutputs,
}

impl fmt::Display for DerivationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DerivationError::InvalidName(err) => write!(f, "{err}"),
            DerivationError::NameEndsInDrv(name) => write!(
                f,
                "derivation names are not allowed to end in '{DRV_EXTENSION}' (name '{name}')"
            ),
            DerivationError::MissingBuilder => write!(f, "required attribute 'builder' missing"),
            DerivationError::MissingSystem => write!(f, "required attribute 'system' missing"),
            DerivationError::DuplicateOutput(name) => {
                write!(f, "duplicate derivation output '{name}'")
            }
            DerivationError::InvalidOutputName(name) => {
                write!(f, "invalid derivation output name '{name}'")
            }
            DerivationError::NoOutputs => {
                write!(f, "derivation cannot have an empty set of outputs")
            }
            DerivationError::InvalidHashMode(mode) => {
                write!(f, "invalid value '{mode}' for 'outputHashMode' attribute")
            }
            DerivationError::FixedOutputNotSingleOut => write!(
                f,
                "multiple outputs are not supported in fixed-output derivations"
            ),
            DerivationError::InvalidOutputHash(err) => write!(f, "{err}"),
            DerivationError::UnknownInputDerivation(path) => {
                write!(f, "hash of input derivation '{path}' is not known")
            }
            DerivationError::MixedFixedOutputs => write!(
                f,
                "a derivation can only have one fixed output, called 'out', and no other outputs"
            ),
        }
    }
}

impl std::error::Error for DerivationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DerivationError::InvalidName(err) => Some(err),
            DerivationError::InvalidOutputHash(err) => Some(err),
            _ => None,
        }
    }
}

impl From<StorePathError> for DerivationError {
    fn from(err: StorePathError) -> Self {
        DerivationError::InvalidName(err)
    }
}

impl Derivation {
    /// The fixed output hash, if this is a fixed-output derivation (exactly one output, `out`,
    /// with a declared hash). Errors on records that mix fixed and non-fixed outputs.
    pub fn fixed_output(&self) -> Result<Option<&FixedOutputHash>, DerivationError> {
        let fixed_count = self.outputs.values().filter(|o| o.fixed.is_some()).count();
        if fixed_count == 0 {
            return Ok(None);
        }
        match (self.outputs.len(), self.outputs.get("out")) {
            (
                1,
                Some(DerivationOutput {
                    fixed: Some(fixed), ..
                }),
            ) => Ok(Some(fixed)),
            _ => Err(DerivationError::MixedFixedOutputs),
        }
    }

    /// The output path of a fixed output, computed from the name and declared hash.
    pub fn fixed_output_path(&self, fixed: &FixedOutputHash) -> Result<StorePath, DerivationError> {
        Ok(make_fixed_output_path(
            &self.name,
            fixed.method,
            &fixed.hash,
        )?)
    }

    /// The references of the `.drv` file: input sources and input derivation paths.
    pub fn references(&self) -> BTreeSet<StorePath> {
        let mut references = self.input_srcs.clone();
        references.extend(self.input_drvs.keys().cloned());
        references
    }

    /// The `.drv` path: a text path named `NAME.drv` over the final ATerm, referencing
    /// [`Derivation::references`].
    pub fn drv_path(&self) -> Result<StorePath, DerivationError> {
        Ok(self.drv_path_and_text_sha256()?.0)
    }

    /// [`Derivation::drv_path`] and the SHA-256 of the final ATerm text it is made from.
    pub(crate) fn drv_path_and_text_sha256(
        &self,
    ) -> Result<(StorePath, [u8; 32]), DerivationError> {
        let name = format!("{}{DRV_EXTENSION}", self.name);
        let digest = sha256(self.to_aterm().as_bytes());
        let path = make_text_path_from_sha256(&name, &digest, &self.references())?;
        Ok((path, digest))
    }

    /// Output name → path, for outputs whose path is known.
    pub fn output_paths(&self) -> BTreeMap<String, StorePath> {
        self.outputs
            .iter()
            .filter_map(|(name, output)| Some((name.clone(), output.path.clone()?)))
            .collect()
    }
}
