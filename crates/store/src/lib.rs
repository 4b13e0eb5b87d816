//! fixpoint-store: store paths and derivations, computed exactly as Nix 2.8 computes them
//! (SEMANTICS §6).
//!
//! The pieces, bottom up:
//! * [`nixbase32`], [`encoding`] (base-16, base-64) and [`hash`] ([`Hash`](struct@Hash), [`HashAlgo`],
//!   parsing of SRI / `algo:hash` / bare hashes, XOR folding);
//! * [`store_path`]: [`StorePath`] (validated `HASH-NAME`) and the path computations
//!   ([`make_store_path`], [`make_text_path`], [`make_source_path`],
//!   [`make_fixed_output_path`], [`make_output_path`], [`placeholder`]);
//! * [`nar`]: NAR serialisation of an in-memory [`NarNode`] tree;
//! * [`derivation`]: the [`Derivation`] record, its ATerm text, hash modulo fixed outputs, the
//!   [`DerivationBuilder`] that completes a `derivation` call, the JSON "show" view, and a
//!   field-level diff for "why did this path change";
//! * [`DerivationMemo`]: finished derivations kept across evaluations, for a host that
//!   evaluates the same set again and again;
//! * [`MemoryStore`]: the derivations and files one evaluation created (the usual
//!   [`DrvHashLookup`]).
//!
//! Invariants: a leaf crate. It knows nothing about Nix values, string contexts or the
//! evaluator (the caller coerces attributes and collects contexts), does no I/O, never panics
//! on input, and builds for `wasm32-unknown-unknown`. The store directory is fixed at
//! `/nix/store`. Content-addressed (floating) derivations are deliberately absent.
//!
//! ```
//! use fixpoint_store::{DerivationBuilder, MemoryStore};
//!
//! let mut store = MemoryStore::new();
//! let mut foo = DerivationBuilder::new("foo");
//! for (key, value) in [("builder", "/bin/sh"), ("name", "foo"), ("system", "x86_64-linux")] {
//!     foo.attr(key, value)?;
//! }
//! let foo = store.add_derivation(foo)?;
//! assert_eq!(foo.drv_path.to_string(), "/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv");
//! assert_eq!(
//!     foo.out_path().map(|p| p.to_string()).as_deref(),
//!     Some("/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo")
//! );
//! # Ok::<(), fixpoint_store::DerivationError>(())
//! ```
//!
//! Tests: unit tests inside each module; SEMANTICS §6.13/§6.14/S25 in `tests/vectors.rs`; the
//! store-hash cases of the Nix language suite in `tests/conformance.rs`; property tests (round
//! trips, no panics) in `tests/properties.rs`; a differential test of 200 generated
//! derivations against `nix-instantiate` in `tests/nix_differential.rs`.
#![deny(missing_docs)]

pub mod derivation;
pub mod encoding;
pub mod hash;
pub mod memory_store;
pub mod nar;
pub mod nixbase32;
pub mod store_path;

pub use derivation::aterm::AtermParseError;
pub use derivation::{
    BuiltDerivation, Derivation, DerivationBuilder, DerivationError, DerivationMemo,
    DerivationOutput, DrvHash, DrvHashLookup, FixedOutputHash,
};
pub use hash::{Hash, HashAlgo, HashFormat, HashParseError};
pub use memory_store::{DeepInputs, MemoryStore};
pub use nar::{nar_serialise, nar_sha256, NarNode};
pub use store_path::{
    make_fixed_output_path, make_output_path, make_source_path, make_store_path, make_text_path,
    placeholder, FileIngestionMethod, StorePath, StorePathError, STORE_DIR,
};
