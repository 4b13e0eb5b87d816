//! Store paths and how Nix computes them (SEMANTICS §6.1, §6.4, §6.5, §6.6, §6.12).
//!
//! A [`StorePath`] is a validated base name `HASH-NAME` (32 Nix base-32 characters, a dash, a
//! valid name); it always lives under [`STORE_DIR`]. Paths order by base name, which is the order
//! Nix sorts references and inputs in. The `make_*` functions are the only way new paths are
//! computed: [`make_store_path`] is `makeStorePath`, and the others build its fingerprint type.
//! Name rules are Nix 2.8's: non-empty, at most 211 bytes, `A–Z a–z 0–9 + - . _ ? =`; a leading
//! `.` is accepted (Nix 2.8 does; newer versions reject some such names).
//! Tests live at the bottom of this file and in `tests/vectors.rs`.

use std::collections::BTreeSet;
use std::fmt;

use crate::hash::{compress, sha256, Hash, HashAlgo};
use crate::nixbase32;

/// The store directory every path lives in.
pub const STORE_DIR: &str = "/nix/store";

/// Longest allowed name, in bytes.
pub const MAX_NAME_LEN: usize = 211;

/// Length of the hash part of a base name.
pub const HASH_PART_LEN: usize = 32;

/// Why a name or path is not a valid store path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StorePathError {
    /// The name is empty.
    EmptyName,
    /// The name is longer than [`MAX_NAME_LEN`] bytes.
    NameTooLong {
        /// The offending name.
        name: String,
    },
    /// The name contains a character outside `A–Z a–z 0–9 + - . _ ? =`.
    InvalidCharacter {
        /// The offending name.
        name: String,
        /// The first character that is not allowed.
        character: char,
    },
    /// The path is not directly under [`STORE_DIR`].
    NotInStore(String),
    /// The base name has no valid 32-character hash part followed by `-`.
    InvalidHashPart(String),
}

impl fmt::Display for StorePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The wording follows current Nix (`checkName`), which callers wrap with context
            // such as "invalid derivation name: …".
            StorePathError::EmptyName => write!(f, "name must not be empty"),
            StorePathError::NameTooLong { name } => write!(
                f,
                "name '{name}' must be no longer than {MAX_NAME_LEN} characters"
            ),
            StorePathError::InvalidCharacter { name, character } => {
                write!(f, "name '{name}' contains illegal character '{character}'")
            }
            StorePathError::NotInStore(path) => {
                write!(f, "path '{path}' is not in the Nix store")
            }
            StorePathError::InvalidHashPart(path) => {
                write!(f, "path '{path}' has no valid store path hash part")
            }
        }
    }
}

impl std::error::Error for StorePathError {}

/// Checks a store path name against Nix 2.8's rules.
pub fn validate_name(name: &str) -> Result<(), StorePathError> {
    if name.is_empty() {
        return Err(StorePathError::EmptyName);
    }
    if name.len() > MAX_NAME_LEN {
        return Err(StorePathError::NameTooLong {
            name: name.to_owned(),
        });
    }
    if let Some(character) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "+-._?=".contains(*c)))
    {
        return Err(StorePathError::InvalidCharacter {
            name: name.to_owned(),
            character,
        });
    }
    Ok(())
}

/// A store path `/nix/store/HASH-NAME`, held as its validated base name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StorePath {
    base_name: String,
}

impl StorePath {
    /// Builds a path from the 20-byte digest and a name.
    pub fn from_digest(digest: &[u8; 20], name: &str) -> Result<StorePath, StorePathError> {
        validate_name(name)?;
        Ok(StorePath {
            base_name: format!("{}-{name}", nixbase32::encode(digest)),
        })
    }

    /// Parses a base name `HASH-NAME`.
    pub fn from_base_name(base_name: &str) -> Result<StorePath, StorePathError> {
        let invalid = || StorePathError::InvalidHashPart(base_name.to_owned());
        let hash_part = base_name.get(..HASH_PART_LEN).ok_or_else(invalid)?;
        nixbase32::decode(hash_part, 20).map_err(|_| invalid())?;
        let name = base_name
            .get(HASH_PART_LEN..)
            .and_then(|rest| rest.strip_prefix('-'))
            .ok_or_else(invalid)?;
        validate_name(name)?;
        Ok(StorePath {
            base_name: base_name.to_owned(),
        })
    }

    /// Parses an absolute path `/nix/store/HASH-NAME` (nothing after the name).
    pub fn from_absolute_path(path: &str) -> Result<StorePath, StorePathError> {
        let base_name = path
            .strip_prefix(STORE_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .filter(|rest| !rest.contains('/'))
            .ok_or_else(|| StorePathError::NotInStore(path.to_owned()))?;
        StorePath::from_base_name(base_name)
    }

    /// Splits `/nix/store/HASH-NAME/REST` into the store path and `/REST` (empty when the path
    /// is the store path itself), as `builtins.storePath` and context checks need.
    pub fn from_absolute_path_prefix(path: &str) -> Result<(StorePath, &str), StorePathError> {
        let rest = path
            .strip_prefix(STORE_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .ok_or_else(|| StorePathError::NotInStore(path.to_owned()))?;
        let (base_name, sub_path) = match rest.find('/') {
            Some(slash) => rest.split_at(slash),
            None => (rest, ""),
        };
        Ok((StorePath::from_base_name(base_name)?, sub_path))
    }

    /// `HASH-NAME`.
    pub fn base_name(&self) -> &str {
        &self.base_name
    }

    /// The 32-character hash part.
    pub fn hash_part(&self) -> &str {
        self.base_name.get(..HASH_PART_LEN).unwrap_or_default()
    }

    /// The name after the dash.
    pub fn name(&self) -> &str {
        self.base_name.get(HASH_PART_LEN + 1..).unwrap_or_default()
    }

    /// Whether this is a store derivation (`.drv`).
    pub fn is_derivation(&self) -> bool {
        self.name().ends_with(DRV_EXTENSION)
    }

    /// `/nix/store/HASH-NAME`.
    pub fn to_absolute_path(&self) -> String {
        format!("{STORE_DIR}/{}", self.base_name)
    }
}

impl fmt::Display for StorePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{STORE_DIR}/{}", self.base_name)
    }
}

/// The extension of store derivations.
pub const DRV_EXTENSION: &str = ".drv";

/// Nix's `makeStorePath(TYPE, HASH, NAME)`: hashes the fingerprint
/// `TYPE:sha256:HEX:/nix/store:NAME`, folds it to 20 bytes, and names the path.
pub fn make_store_path(
    path_type: &str,
    inner_sha256: &[u8; 32],
    name: &str,
) -> Result<StorePath, StorePathError> {
    validate_name(name)?;
    let fingerprint = store_path_fingerprint(path_type, inner_sha256, name);
    StorePath::from_digest(&compress::<20>(&sha256(fingerprint.as_bytes())), name)
}

/// The string [`make_store_path`] hashes (exposed for step-by-step teaching views).
pub fn store_path_fingerprint(path_type: &str, inner_sha256: &[u8; 32], name: &str) -> String {
    let inner = Hash::from_digest(HashAlgo::Sha256, inner_sha256)
        .map(|hash| hash.to_base16())
        .unwrap_or_default();
    format!("{path_type}:sha256:{inner}:{STORE_DIR}:{name}")
}

/// `TYPE` followed by `:PATH` for each reference (in sorted order) and `:self` if requested.
fn path_type_with_references(
    base: &str,
    references: &BTreeSet<StorePath>,
    self_reference: bool,
) -> String {
    let mut path_type = base.to_owned();
    for reference in references {
        path_type.push(':');
        path_type.push_str(STORE_DIR);
        path_type.push('/');
        path_type.push_str(reference.base_name());
    }
    if self_reference {
        path_type.push_str(":self");
    }
    path_type
}

/// A text path (`builtins.toFile`, `.drv` files): type `text` plus references, inner hash the
/// SHA-256 of the contents.
pub fn make_text_path(
    name: &str,
    contents: &[u8],
    references: &BTreeSet<StorePath>,
) -> Result<StorePath, StorePathError> {
    make_text_path_from_sha256(name, &sha256(contents), references)
}

/// [`make_text_path`] given the SHA-256 of the contents, for a caller that needs that
/// digest anyway (a `.drv` whose hash modulo is the digest of its own text).
pub fn make_text_path_from_sha256(
    name: &str,
    contents_sha256: &[u8; 32],
    references: &BTreeSet<StorePath>,
) -> Result<StorePath, StorePathError> {
    let path_type = path_type_with_references("text", references, false);
    make_store_path(&path_type, contents_sha256, name)
}

/// A source path (path literals, `builtins.path`): type `source` plus references (and `:self`),
/// inner hash the SHA-256 of the NAR serialisation.
pub fn make_source_path(
    name: &str,
    nar_sha256: &[u8; 32],
    references: &BTreeSet<StorePath>,
    self_reference: bool,
) -> Result<StorePath, StorePathError> {
    let path_type = path_type_with_references("source", references, self_reference);
    make_store_path(&path_type, nar_sha256, name)
}

/// How a fixed-output hash covers the output: the file itself or its NAR serialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileIngestionMethod {
    /// `outputHashMode = "flat"`: the hash is of the file's bytes.
    Flat,
    /// `outputHashMode = "recursive"`: the hash is of the NAR serialisation.
    Recursive,
}

impl FileIngestionMethod {
    /// `""` for flat, `"r:"` for recursive (the prefix in `.drv` files and fingerprints).
    pub fn prefix(self) -> &'static str {
        match self {
            FileIngestionMethod::Flat => "",
            FileIngestionMethod::Recursive => "r:",
        }
    }
}

/// The output path of a fixed-output derivation (Nix's `makeFixedOutputPath`): recursive
/// SHA-256 is a source path of the declared hash; everything else is `output:out` of
/// `sha256("fixed:out:[r:]ALGO:HEX:")`.
pub fn make_fixed_output_path(
    name: &str,
    method: FileIngestionMethod,
    hash: &Hash,
) -> Result<StorePath, StorePathError> {
    if method == FileIngestionMethod::Recursive {
        if let Ok(digest) = <[u8; 32]>::try_from(hash.as_bytes()) {
            if hash.algo() == HashAlgo::Sha256 {
                return make_source_path(name, &digest, &BTreeSet::new(), false);
            }
        }
    }
    let inner = format!(
        "fixed:out:{}{}:{}:",
        method.prefix(),
        hash.algo(),
        hash.to_base16()
    );
    make_store_path("output:out", &sha256(inner.as_bytes()), name)
}

/// The name of output `output` of a derivation called `drv_name`: `drv_name` for `out`,
/// `drv_name-output` otherwise.
pub fn output_path_name(drv_name: &str, output: &str) -> String {
    if output == "out" {
        drv_name.to_owned()
    } else {
        format!("{drv_name}-{output}")
    }
}

/// The output path of an input-addressed derivation: type `output:OUTPUT`, inner hash the
/// derivation's hash modulo fixed outputs.
pub fn make_output_path(
    drv_name: &str,
    output: &str,
    hash_modulo: &[u8; 32],
) -> Result<StorePath, StorePathError> {
    make_store_path(
        &format!("output:{output}"),
        hash_modulo,
        &output_path_name(drv_name, output),
    )
}

/// `builtins.placeholder output`: `/` followed by the Nix base-32 of `sha256("nix-output:OUTPUT")`.
pub fn placeholder(output: &str) -> String {
    format!(
        "/{}",
        nixbase32::encode(&sha256(format!("nix-output:{output}").as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert_eq!(validate_name(""), Err(StorePathError::EmptyName));
        assert!(validate_name(&"a".repeat(211)).is_ok());
        assert!(matches!(
            validate_name(&"a".repeat(212)),
            Err(StorePathError::NameTooLong { .. })
        ));
        assert!(validate_name("foo-1.0_bar+baz?x=y").is_ok());
        assert!(validate_name(".foo").is_ok());
        assert!(validate_name("..").is_ok());
        for bad in ["a b", "a/b", "é", "a:b", "a~", "a\n"] {
            assert!(
                matches!(
                    validate_name(bad),
                    Err(StorePathError::InvalidCharacter { .. })
                ),
                "{bad:?}"
            );
        }
        assert_eq!(
            validate_name("x y").map_err(|e| e.to_string()),
            Err("name 'x y' contains illegal character ' '".to_owned())
        );
    }

    #[test]
    fn parse_and_print() {
        let text = "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo";
        let path = StorePath::from_absolute_path(text).expect("valid");
        assert_eq!(path.to_string(), text);
        assert_eq!(path.hash_part(), "xpcvxsx5sw4rbq666blz6sxqlmsqphmr");
        assert_eq!(path.name(), "foo");
        assert!(!path.is_derivation());
        for bad in [
            "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr",
            "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-",
            "/nix/store/epcvxsx5sw4rbq666blz6sxqlmsqphmr-foo",
            "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo/bin",
            "/tmp/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo",
            "/nix/store/short-foo",
            "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr_foo",
        ] {
            assert!(StorePath::from_absolute_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn splits_sub_paths() {
        let (path, rest) = StorePath::from_absolute_path_prefix(
            "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo/bin/sh",
        )
        .expect("valid");
        assert_eq!(path.name(), "foo");
        assert_eq!(rest, "/bin/sh");
        let (_, rest) =
            StorePath::from_absolute_path_prefix("/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo")
                .expect("valid");
        assert_eq!(rest, "");
        assert!(StorePath::from_absolute_path_prefix("/nix/store").is_err());
        assert!(StorePath::from_absolute_path_prefix("/nix/storefoo").is_err());
    }

    #[test]
    fn make_store_path_rejects_bad_names() {
        assert!(matches!(
            make_text_path("a b", b"", &BTreeSet::new()),
            Err(StorePathError::InvalidCharacter { .. })
        ));
        assert_eq!(
            make_output_path("", "out", &[0; 32]),
            Err(StorePathError::EmptyName)
        );
    }
}
