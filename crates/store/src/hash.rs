//! Hash algorithms, digests and the textual hash formats Nix accepts (SEMANTICS §6.3, §6.6).
//!
//! [`Hash`](struct@Hash) is an algorithm plus its digest bytes (the length always matches the algorithm).
//! [`Hash::parse`] implements Nix's `Hash::parseAny`: SRI (`sha256-BASE64`), `ALGO:HASH`, or a
//! bare hash whose encoding (base-16, Nix base-32, base-64) is recognised by its length, with the
//! algorithm from context. [`compress`] is the XOR folding used for store path hashes.
//! No I/O. Tests live at the bottom of this file and in `tests/vectors.rs`.

use std::fmt;

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::encoding::{base16_decode, base16_encode, base64_decode, base64_encode};
use crate::nixbase32;

/// A hash algorithm Nix supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HashAlgo {
    /// MD5 (16 bytes).
    Md5,
    /// SHA-1 (20 bytes).
    Sha1,
    /// SHA-256 (32 bytes).
    Sha256,
    /// SHA-512 (64 bytes).
    Sha512,
}

impl HashAlgo {
    /// Every algorithm, in Nix's order.
    pub const ALL: [HashAlgo; 4] = [
        HashAlgo::Md5,
        HashAlgo::Sha1,
        HashAlgo::Sha256,
        HashAlgo::Sha512,
    ];

    /// Parses `md5`, `sha1`, `sha256` or `sha512` (exact, lowercase).
    pub fn from_name(name: &str) -> Option<HashAlgo> {
        match name {
            "md5" => Some(HashAlgo::Md5),
            "sha1" => Some(HashAlgo::Sha1),
            "sha256" => Some(HashAlgo::Sha256),
            "sha512" => Some(HashAlgo::Sha512),
            _ => None,
        }
    }

    /// The name Nix prints (`sha256`).
    pub fn name(self) -> &'static str {
        match self {
            HashAlgo::Md5 => "md5",
            HashAlgo::Sha1 => "sha1",
            HashAlgo::Sha256 => "sha256",
            HashAlgo::Sha512 => "sha512",
        }
    }

    /// Digest length in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            HashAlgo::Md5 => 16,
            HashAlgo::Sha1 => 20,
            HashAlgo::Sha256 => 32,
            HashAlgo::Sha512 => 64,
        }
    }

    /// Length of the base-16 form.
    pub fn base16_len(self) -> usize {
        self.digest_len() * 2
    }

    /// Length of the Nix base-32 form.
    pub fn nix32_len(self) -> usize {
        nixbase32::encoded_len(self.digest_len())
    }

    /// Length of the padded base-64 form.
    pub fn base64_len(self) -> usize {
        self.digest_len().div_ceil(3) * 4
    }
}

impl fmt::Display for HashAlgo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The textual encodings of a hash (`builtins.convertHash`'s `toHashFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashFormat {
    /// Lowercase hexadecimal (`base16`).
    Base16,
    /// Nix base-32 (`nix32`, also called `base32`).
    Nix32,
    /// Standard padded base-64 (`base64`).
    Base64,
    /// `ALGO-BASE64` (`sri`).
    Sri,
}

impl HashFormat {
    /// Parses the format names `convertHash` accepts: `base16`, `nix32`, `base32`, `base64`, `sri`.
    pub fn from_name(name: &str) -> Option<HashFormat> {
        match name {
            "base16" => Some(HashFormat::Base16),
            "nix32" | "base32" => Some(HashFormat::Nix32),
            "base64" => Some(HashFormat::Base64),
            "sri" => Some(HashFormat::Sri),
            _ => None,
        }
    }
}

/// A digest together with its algorithm. The byte length always equals `algo.digest_len()`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash {
    algo: HashAlgo,
    digest: Vec<u8>,
}

/// Why a textual hash was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HashParseError {
    /// The prefix before `:` or `-` is not a known algorithm.
    UnknownAlgo(String),
    /// Neither the string nor the context gives an algorithm.
    MissingAlgo(String),
    /// The string's algorithm disagrees with the one from context.
    AlgoMismatch {
        /// The hash as written.
        hash: String,
        /// The algorithm the context expects.
        expected: HashAlgo,
    },
    /// The length matches no encoding of the algorithm.
    WrongLength {
        /// The hash (without prefix).
        hash: String,
        /// The algorithm.
        algo: HashAlgo,
    },
    /// The length selected an encoding but the characters are invalid for it.
    InvalidEncoding {
        /// The hash (without prefix).
        hash: String,
        /// The encoding the length selected.
        format: HashFormat,
    },
    /// An empty hash with no algorithm to make a zero hash of.
    EmptyWithoutAlgo,
}

impl fmt::Display for HashParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HashParseError::UnknownAlgo(name) => write!(f, "unknown hash algorithm '{name}'"),
            HashParseError::MissingAlgo(hash) => write!(
                f,
                "hash '{hash}' does not include a type, nor is the type otherwise known from context"
            ),
            HashParseError::AlgoMismatch { hash, expected } => {
                write!(f, "hash '{hash}' should have type '{expected}'")
            }
            HashParseError::WrongLength { hash, algo } => {
                write!(f, "hash '{hash}' has wrong length for hash type '{algo}'")
            }
            HashParseError::InvalidEncoding { hash, format } => {
                let name = match format {
                    HashFormat::Base16 => "base-16",
                    HashFormat::Nix32 => "base-32",
                    HashFormat::Base64 => "base-64",
                    HashFormat::Sri => "SRI",
                };
                write!(f, "invalid {name} hash '{hash}'")
            }
            HashParseError::EmptyWithoutAlgo => {
                write!(f, "empty hash requires explicit hash type")
            }
        }
    }
}

impl std::error::Error for HashParseError {}

impl Hash {
    /// Hashes `data` with `algo`.
    pub fn digest(algo: HashAlgo, data: &[u8]) -> Hash {
        let digest = match algo {
            HashAlgo::Md5 => Md5::digest(data).to_vec(),
            HashAlgo::Sha1 => Sha1::digest(data).to_vec(),
            HashAlgo::Sha256 => Sha256::digest(data).to_vec(),
            HashAlgo::Sha512 => Sha512::digest(data).to_vec(),
        };
        Hash { algo, digest }
    }

    /// Wraps digest bytes; `None` when the length does not fit the algorithm.
    pub fn from_digest(algo: HashAlgo, digest: &[u8]) -> Option<Hash> {
        (digest.len() == algo.digest_len()).then(|| Hash {
            algo,
            digest: digest.to_vec(),
        })
    }

    /// The all-zero hash Nix substitutes for an empty `outputHash`.
    pub fn zero(algo: HashAlgo) -> Hash {
        Hash {
            algo,
            digest: vec![0; algo.digest_len()],
        }
    }

    /// The algorithm.
    pub fn algo(&self) -> HashAlgo {
        self.algo
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.digest
    }

    /// Lowercase base-16, no prefix.
    pub fn to_base16(&self) -> String {
        base16_encode(&self.digest)
    }

    /// Nix base-32, no prefix.
    pub fn to_nix32(&self) -> String {
        nixbase32::encode(&self.digest)
    }

    /// Padded base-64, no prefix.
    pub fn to_base64(&self) -> String {
        base64_encode(&self.digest)
    }

    /// `ALGO-BASE64`.
    pub fn to_sri(&self) -> String {
        format!("{}-{}", self.algo, self.to_base64())
    }

    /// Formats in `format`; `with_algo` adds the `ALGO:` prefix (ignored for SRI, which always
    /// carries its algorithm).
    pub fn to_format(&self, format: HashFormat, with_algo: bool) -> String {
        let body = match format {
            HashFormat::Base16 => self.to_base16(),
            HashFormat::Nix32 => self.to_nix32(),
            HashFormat::Base64 => self.to_base64(),
            HashFormat::Sri => return self.to_sri(),
        };
        if with_algo {
            format!("{}:{body}", self.algo)
        } else {
            body
        }
    }

    /// Parses a hash the way Nix's `Hash::parseAny` does: an optional `ALGO:` or SRI `ALGO-`
    /// prefix, whose algorithm must agree with `algo` when both are given; then base-16, Nix
    /// base-32 or base-64 chosen by length (SRI is always base-64).
    pub fn parse(text: &str, algo: Option<HashAlgo>) -> Result<Hash, HashParseError> {
        let (prefix_algo, rest, is_sri) = if let Some((name, rest)) = text.split_once(':') {
            (Some(parse_algo_name(name)?), rest, false)
        } else if let Some((name, rest)) = text.split_once('-') {
            (Some(parse_algo_name(name)?), rest, true)
        } else {
            (None, text, false)
        };
        let algo = match (prefix_algo, algo) {
            (None, None) => return Err(HashParseError::MissingAlgo(text.to_owned())),
            (Some(found), Some(expected)) if found != expected => {
                return Err(HashParseError::AlgoMismatch {
                    hash: text.to_owned(),
                    expected,
                })
            }
            (Some(found), _) => found,
            (None, Some(expected)) => expected,
        };
        Hash::parse_body(rest, algo, is_sri)
    }

    /// Like [`Hash::parse`], but an empty string yields the zero hash of `algo` (Nix's
    /// `newHashAllowEmpty`, used for `outputHash`; Nix warns when this happens).
    pub fn parse_allow_empty(text: &str, algo: Option<HashAlgo>) -> Result<Hash, HashParseError> {
        if text.is_empty() {
            return algo.map(Hash::zero).ok_or(HashParseError::EmptyWithoutAlgo);
        }
        Hash::parse(text, algo)
    }

    fn parse_body(body: &str, algo: HashAlgo, is_sri: bool) -> Result<Hash, HashParseError> {
        let invalid = |format| HashParseError::InvalidEncoding {
            hash: body.to_owned(),
            format,
        };
        let digest = if !is_sri && body.len() == algo.base16_len() {
            base16_decode(body).map_err(|_| invalid(HashFormat::Base16))?
        } else if !is_sri && body.len() == algo.nix32_len() {
            nixbase32::decode(body, algo.digest_len()).map_err(|_| invalid(HashFormat::Nix32))?
        } else if is_sri || body.len() == algo.base64_len() {
            let format = if is_sri {
                HashFormat::Sri
            } else {
                HashFormat::Base64
            };
            let bytes = base64_decode(body).map_err(|_| invalid(format))?;
            if bytes.len() != algo.digest_len() {
                return Err(invalid(format));
            }
            bytes
        } else {
            return Err(HashParseError::WrongLength {
                hash: body.to_owned(),
                algo,
            });
        };
        Ok(Hash { algo, digest })
    }
}

fn parse_algo_name(name: &str) -> Result<HashAlgo, HashParseError> {
    HashAlgo::from_name(name).ok_or_else(|| HashParseError::UnknownAlgo(name.to_owned()))
}

/// SHA-256 of `data` as a fixed array (the hash every store path computation uses).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// XOR-folds a digest to `N` bytes: `out[i mod N] ^= digest[i]` (Nix's `compressHash`).
/// This is not truncation.
pub fn compress<const N: usize>(digest: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    if N == 0 {
        return out;
    }
    for (i, byte) in digest.iter().enumerate() {
        out[i % N] ^= byte;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRI: &str = "sha256-Q3QXOoy+iN4VK2CflvRulYvPZXYgF0dO7FoF7CvWFTA=";
    const HEX: &str = "4374173a8cbe88de152b609f96f46e958bcf65762017474eec5a05ec2bd61530";

    #[test]
    fn digests_of_known_strings() {
        assert_eq!(
            Hash::digest(HashAlgo::Md5, b"").to_base16(),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
        assert_eq!(
            Hash::digest(HashAlgo::Sha1, b"abc").to_base16(),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            Hash::digest(HashAlgo::Sha256, b"abc").to_base16(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            &Hash::digest(HashAlgo::Sha512, b"abc").to_base16()[..16],
            "ddaf35a193617aba"
        );
    }

    #[test]
    fn every_encoding_parses_to_the_same_hash() {
        let expected = Hash::parse(SRI, None).expect("SRI parses");
        assert_eq!(expected.to_base16(), HEX);
        let nix32 = expected.to_nix32();
        let base64 = expected.to_base64();
        for text in [
            HEX.to_owned(),
            nix32.clone(),
            base64.clone(),
            format!("sha256:{HEX}"),
            format!("sha256:{nix32}"),
            format!("sha256:{base64}"),
        ] {
            assert_eq!(
                Hash::parse(&text, Some(HashAlgo::Sha256)).as_ref(),
                Ok(&expected),
                "{text}"
            );
        }
        assert_eq!(
            Hash::parse(SRI, Some(HashAlgo::Sha256)),
            Ok(expected.clone())
        );
        assert_eq!(expected.to_sri(), SRI);
        // Missing padding in SRI is tolerated, as in Nix.
        assert_eq!(
            Hash::parse(SRI.trim_end_matches('='), None),
            Ok(expected.clone())
        );
    }

    #[test]
    fn bad_hashes_are_typed_errors() {
        assert_eq!(
            Hash::parse(HEX, None),
            Err(HashParseError::MissingAlgo(HEX.to_owned()))
        );
        assert_eq!(
            Hash::parse("sha257:abc", None),
            Err(HashParseError::UnknownAlgo("sha257".to_owned()))
        );
        assert!(matches!(
            Hash::parse(SRI, Some(HashAlgo::Sha1)),
            Err(HashParseError::AlgoMismatch { .. })
        ));
        assert!(matches!(
            Hash::parse("abcd", Some(HashAlgo::Sha256)),
            Err(HashParseError::WrongLength { .. })
        ));
        let bad_hex = format!("{}g", &HEX[..63]);
        assert!(matches!(
            Hash::parse(&bad_hex, Some(HashAlgo::Sha256)),
            Err(HashParseError::InvalidEncoding {
                format: HashFormat::Base16,
                ..
            })
        ));
        assert!(matches!(
            Hash::parse("sha256-AAAA", None),
            Err(HashParseError::InvalidEncoding {
                format: HashFormat::Sri,
                ..
            })
        ));
        assert!(matches!(
            Hash::parse(&"e".repeat(52), Some(HashAlgo::Sha256)),
            Err(HashParseError::InvalidEncoding {
                format: HashFormat::Nix32,
                ..
            })
        ));
        assert_eq!(
            Hash::parse_allow_empty("", None),
            Err(HashParseError::EmptyWithoutAlgo)
        );
        assert_eq!(
            Hash::parse_allow_empty("", Some(HashAlgo::Sha1)),
            Ok(Hash::zero(HashAlgo::Sha1))
        );
    }

    #[test]
    fn md5_sri() {
        let hash = Hash::parse("md5-07BzhNET7exJ6qYjitX/AA==", None).expect("parses");
        assert_eq!(hash.algo(), HashAlgo::Md5);
        assert_eq!(hash.to_sri(), "md5-07BzhNET7exJ6qYjitX/AA==");
    }

    #[test]
    fn compress_is_xor_folding_not_truncation() {
        let digest: Vec<u8> = (1..=32).collect();
        let folded = compress::<20>(&digest);
        assert_eq!(folded[0], 1 ^ 21);
        assert_eq!(folded[11], 12 ^ 32);
        assert_eq!(folded[12], 13);
        assert_ne!(&folded[..], &digest[..20]);
    }
}
