//! Completing a new derivation from attributes the evaluator has already coerced (SEMANTICS
//! §6.6, §6.7, §6.9, §6.10): Nix's `derivationStrict` minus everything about values.
//!
//! The evaluator walks the `derivation` arguments in sorted order and, for each exported
//! attribute, calls [`DerivationBuilder::attr`] with the strongly coerced string (which both
//! exports it to the environment and interprets `builder`, `system`, `outputs`, `outputHash`,
//! `outputHashAlgo`, `outputHashMode`). `args` go through [`DerivationBuilder::arg`]; the string
//! contexts it collected go through [`DerivationBuilder::input_src`] and
//! [`DerivationBuilder::input_drv_output`]. With `__structuredAttrs` it instead calls
//! [`DerivationBuilder::structured_attrs`] with the JSON text and the `set_*` methods for the
//! special attributes (which then are not exported). [`DerivationBuilder::finish`] validates,
//! computes output paths (fixed or via the masked hash modulo), fills them in, and computes
//! the `.drv` path. Null-skipping (`__ignoreNulls`) and coercion are the caller's job.
//! Tests: `tests/vectors.rs` and `tests/nix_differential.rs`.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use super::hash_modulo::{DrvHash, DrvHashLookup};
use super::{Derivation, DerivationError, DerivationOutput, FixedOutputHash};
use crate::hash::{Hash, HashAlgo};
use crate::store_path::{
    make_fixed_output_path, make_output_path, FileIngestionMethod, StorePath, DRV_EXTENSION,
};

/// Collects the coerced attributes of a `derivation` call.
///
/// Equal builders finish into equal derivations (what [`super::memo`] relies on).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DerivationBuilder {
    name: String,
    system: String,
    builder: String,
    args: Vec<String>,
    outputs: Vec<String>,
    output_hash: Option<String>,
    output_hash_algo: String,
    output_hash_mode: Option<FileIngestionMethod>,
    env: BTreeMap<String, String>,
    input_drvs: BTreeMap<StorePath, BTreeSet<String>>,
    input_srcs: BTreeSet<StorePath>,
}

/// A finished derivation: the record with paths filled in, its `.drv` path and its hash modulo
/// (the value a [`DrvHashLookup`] must return for it when it becomes an input).
///
/// The hash modulo is found when first asked for ([`BuiltDerivation::hash_modulo`]) and then
/// kept: only a derivation that becomes an input needs it, and a fixed-output one or one
/// without input derivations has it already (the latter's is the digest of its own `.drv`
/// text, which its `.drv` path needed anyway).
#[derive(Debug, Clone)]
pub struct BuiltDerivation {
    /// The `.drv` path.
    pub drv_path: StorePath,
    /// The final derivation.
    pub derivation: Derivation,
    /// Output names in the order the `outputs` attribute gave them (the first is `outPath`).
    pub output_names: Vec<String>,
    /// The input derivations keyed by the hex of their hash modulo (empty for a fixed-output
    /// derivation, whose hash modulo does not depend on them).
    replaced_inputs: BTreeMap<String, BTreeSet<String>>,
    /// The (unmasked) hash modulo fixed outputs, once known.
    hash_modulo: OnceCell<DrvHash>,
}

/// Equal when the derivations are: whether the hash is known yet does not matter.
impl PartialEq for BuiltDerivation {
    fn eq(&self, other: &Self) -> bool {
        self.drv_path == other.drv_path
            && self.derivation == other.derivation
            && self.output_names == other.output_names
            && self.replaced_inputs == other.replaced_inputs
    }
}

impl Eq for BuiltDerivation {}

impl BuiltDerivation {
    /// Its (unmasked) hash modulo fixed outputs: what dependants write in place of its
    /// `.drv` path, computed on the first call.
    pub fn hash_modulo(&self) -> DrvHash {
        *self
            .hash_modulo
            .get_or_init(|| self.derivation.regular_hash(&self.replaced_inputs, false))
    }

    /// The path of output `output`.
    pub fn output_path(&self, output: &str) -> Option<&StorePath> {
        self.derivation.outputs.get(output)?.path.as_ref()
    }

    /// The path of the first output (what `outPath` is).
    pub fn out_path(&self) -> Option<&StorePath> {
        self.output_path(self.output_names.first()?)
    }
}

impl DerivationBuilder {
    /// Starts a derivation called `name` (the `name` attribute; still pass it to
    /// [`DerivationBuilder::attr`] so that it is exported).
    pub fn new(name: impl Into<String>) -> DerivationBuilder {
        DerivationBuilder {
            name: name.into(),
            system: String::new(),
            builder: String::new(),
            args: Vec::new(),
            outputs: vec!["out".to_owned()],
            output_hash: None,
            output_hash_algo: String::new(),
            output_hash_mode: None,
            env: BTreeMap::new(),
            input_drvs: BTreeMap::new(),
            input_srcs: BTreeSet::new(),
        }
    }

    /// Exports an attribute to the environment and interprets it if it is special. `outputs`
    /// is the coerced string (names separated by whitespace). `__ignoreNulls` is never
    /// exported, so it is dropped here; `args` must go through [`DerivationBuilder::arg`].
    pub fn attr(
        &mut self,
        key: &str,
        value: impl Into<String>,
    ) -> Result<&mut Self, DerivationError> {
        if key == "__ignoreNulls" {
            return Ok(self);
        }
        let value = value.into();
        match key {
            "builder" => self.set_builder(value.clone()),
            "system" => self.set_system(value.clone()),
            "outputHash" => self.set_output_hash(value.clone()),
            "outputHashAlgo" => self.set_output_hash_algo(value.clone()),
            "outputHashMode" => self.set_output_hash_mode(&value)?,
            "outputs" => self.set_outputs(
                value
                    .split([' ', '\t', '\n', '\r'])
                    .filter(|s| !s.is_empty()),
            )?,
            _ => self,
        };
        self.env.insert(key.to_owned(), value);
        Ok(self)
    }

    /// Appends one (coerced) element of `args`.
    pub fn arg(&mut self, value: impl Into<String>) -> &mut Self {
        self.args.push(value.into());
        self
    }

    /// Sets the `__json` environment variable (structured attributes).
    pub fn structured_attrs(&mut self, json: impl Into<String>) -> &mut Self {
        self.env.insert("__json".to_owned(), json.into());
        self
    }

    /// Sets the builder without exporting it.
    pub fn set_builder(&mut self, builder: impl Into<String>) -> &mut Self {
        self.builder = builder.into();
        self
    }

    /// Sets the system without exporting it.
    pub fn set_system(&mut self, system: impl Into<String>) -> &mut Self {
        self.system = system.into();
        self
    }

    /// Sets the output names (in the given order) without exporting them.
    pub fn set_outputs<S: Into<String>>(
        &mut self,
        names: impl IntoIterator<Item = S>,
    ) -> Result<&mut Self, DerivationError> {
        let mut outputs: Vec<String> = Vec::new();
        for name in names {
            let name = name.into();
            if outputs.contains(&name) {
                return Err(DerivationError::DuplicateOutput(name));
            }
            if name == "drv" || name == "drvPath" {
                return Err(DerivationError::InvalidOutputName(name));
            }
            outputs.push(name);
        }
        if outputs.is_empty() {
            return Err(DerivationError::NoOutputs);
        }
        self.outputs = outputs;
        Ok(self)
    }

    /// Sets `outputHash` (as written) without exporting it.
    pub fn set_output_hash(&mut self, hash: impl Into<String>) -> &mut Self {
        self.output_hash = Some(hash.into());
        self
    }

    /// Sets `outputHashAlgo` without exporting it. An unknown name counts as absent, as in Nix.
    pub fn set_output_hash_algo(&mut self, algo: impl Into<String>) -> &mut Self {
        self.output_hash_algo = algo.into();
        self
    }

    /// Sets `outputHashMode` (`flat` or `recursive`) without exporting it.
    pub fn set_output_hash_mode(&mut self, mode: &str) -> Result<&mut Self, DerivationError> {
        self.output_hash_mode = Some(match mode {
            "flat" => FileIngestionMethod::Flat,
            "recursive" => FileIngestionMethod::Recursive,
            other => return Err(DerivationError::InvalidHashMode(other.to_owned())),
        });
        Ok(self)
    }

    /// Adds a plain input (a plain string context).
    pub fn input_src(&mut self, path: StorePath) -> &mut Self {
        self.input_srcs.insert(path);
        self
    }

    /// Adds output `output` of input derivation `drv_path` (a single-output string context).
    pub fn input_drv_output(
        &mut self,
        drv_path: StorePath,
        output: impl Into<String>,
    ) -> &mut Self {
        self.input_drvs
            .entry(drv_path)
            .or_default()
            .insert(output.into());
        self
    }

    /// Whether `lookup` knows every input derivation (which [`DerivationBuilder::finish`]
    /// needs; a kept result must not hide that it would fail).
    pub(crate) fn inputs_known<L: DrvHashLookup + ?Sized>(&self, lookup: &L) -> bool {
        self.input_drvs
            .keys()
            .all(|drv_path| lookup.drv_hash(drv_path).is_some())
    }

    /// Validates, computes every output path and the `.drv` path. `lookup` must know the hash
    /// modulo of every input derivation.
    pub fn finish<L: DrvHashLookup + ?Sized>(
        self,
        lookup: &L,
    ) -> Result<BuiltDerivation, DerivationError> {
        if self.builder.is_empty() {
            return Err(DerivationError::MissingBuilder);
        }
        if self.system.is_empty() {
            return Err(DerivationError::MissingSystem);
        }
        if self.name.ends_with(DRV_EXTENSION) {
            return Err(DerivationError::NameEndsInDrv(self.name));
        }
        let mut replaced_inputs = BTreeMap::new();
        let mut drv = Derivation {
            name: self.name,
            outputs: BTreeMap::new(),
            input_drvs: self.input_drvs,
            input_srcs: self.input_srcs,
            system: self.system,
            builder: self.builder,
            args: self.args,
            env: self.env,
        };
        if let Some(hash_text) = &self.output_hash {
            if self.outputs.len() != 1 || self.outputs.first().map(String::as_str) != Some("out") {
                return Err(DerivationError::FixedOutputNotSingleOut);
            }
            let hash =
                Hash::parse_allow_empty(hash_text, HashAlgo::from_name(&self.output_hash_algo))
                    .map_err(DerivationError::InvalidOutputHash)?;
            let method = self.output_hash_mode.unwrap_or(FileIngestionMethod::Flat);
            let path = make_fixed_output_path(&drv.name, method, &hash)?;
            drv.env.insert("out".to_owned(), path.to_absolute_path());
            drv.outputs.insert(
                "out".to_owned(),
                DerivationOutput {
                    path: Some(path),
                    fixed: Some(FixedOutputHash { method, hash }),
                },
            );
        } else {
            for output in &self.outputs {
                drv.env.insert(output.clone(), String::new());
                drv.outputs
                    .insert(output.clone(), DerivationOutput::default());
            }
            replaced_inputs = drv.replaced_inputs(lookup)?;
            let masked = drv.regular_hash(&replaced_inputs, true);
            for output in &self.outputs {
                let path = make_output_path(&drv.name, output, masked.digest())?;
                drv.env.insert(output.clone(), path.to_absolute_path());
                drv.outputs.insert(
                    output.clone(),
                    DerivationOutput {
                        path: Some(path),
                        fixed: None,
                    },
                );
            }
        }
        let (drv_path, text_sha256) = drv.drv_path_and_text_sha256()?;
        let hash_modulo = OnceCell::new();
        if let Some(fixed) = drv.fixed_output()? {
            let _ = hash_modulo.set(drv.fixed_output_hash(fixed)?);
        } else if drv.input_drvs.is_empty() {
            // With nothing to replace, the hash-modulo text is the `.drv` text.
            let _ = hash_modulo.set(DrvHash::Regular(text_sha256));
        }
        Ok(BuiltDerivation {
            drv_path,
            derivation: drv,
            output_names: self.outputs,
            replaced_inputs,
            hash_modulo,
        })
    }
}
