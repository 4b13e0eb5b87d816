//! Nix's own base-32 encoding (SEMANTICS §6.2), used for the hash part of store paths.
//!
//! The alphabet omits `e`, `o`, `u` and `t`, and the bits are read from the *end* of the byte
//! string, so the first character encodes the most significant end. This is deliberately not
//! RFC 4648 base32. Tests live at the bottom of this file.

use std::fmt;

/// The 32 symbols, in digit order.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

/// Why a string is not the Nix base-32 encoding of a byte string of the expected length.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Nix32DecodeError {
    /// The string does not have `encoded_len(byte_len)` characters.
    WrongLength {
        /// Characters expected.
        expected: usize,
        /// Characters found.
        found: usize,
    },
    /// A character outside the alphabet.
    InvalidCharacter(char),
    /// The leading character carries bits beyond the byte length (non-canonical encoding).
    TrailingBits,
}

impl fmt::Display for Nix32DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Nix32DecodeError::WrongLength { expected, found } => write!(
                f,
                "base-32 string has {found} characters, expected {expected}"
            ),
            Nix32DecodeError::InvalidCharacter(c) => {
                write!(f, "invalid character {c:?} in base-32 string")
            }
            Nix32DecodeError::TrailingBits => {
                write!(f, "base-32 string encodes more bits than the hash holds")
            }
        }
    }
}

impl std::error::Error for Nix32DecodeError {}

/// Number of characters used to encode `byte_len` bytes: `ceil(8 * byte_len / 5)`.
pub fn encoded_len(byte_len: usize) -> usize {
    (byte_len * 8).div_ceil(5)
}

/// Encodes bytes in Nix base-32.
pub fn encode(bytes: &[u8]) -> String {
    let len = encoded_len(bytes.len());
    let mut out = String::with_capacity(len);
    for k in (0..len).rev() {
        let bit = k * 5;
        let i = bit / 8;
        let j = bit % 8;
        let low = bytes.get(i).map_or(0, |b| u16::from(*b) >> j);
        let high = bytes.get(i + 1).map_or(0, |b| u16::from(*b) << (8 - j));
        let digit = usize::from((low | high) & 31);
        out.push(char::from(ALPHABET[digit]));
    }
    out
}

fn digit_value(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|a| *a == c).map(|p| p as u8)
}

/// Decodes a Nix base-32 string into exactly `byte_len` bytes.
pub fn decode(text: &str, byte_len: usize) -> Result<Vec<u8>, Nix32DecodeError> {
    let expected = encoded_len(byte_len);
    if text.len() != expected {
        return Err(Nix32DecodeError::WrongLength {
            expected,
            found: text.chars().count(),
        });
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !c.is_ascii() || digit_value(*c as u8).is_none())
    {
        return Err(Nix32DecodeError::InvalidCharacter(bad));
    }
    let mut out = vec![0u8; byte_len];
    for (n, c) in text.bytes().rev().enumerate() {
        let digit = digit_value(c).ok_or(Nix32DecodeError::InvalidCharacter(char::from(c)))?;
        let bit = n * 5;
        let i = bit / 8;
        let j = bit % 8;
        if let Some(b) = out.get_mut(i) {
            *b |= digit << j;
        }
        let carry = u16::from(digit) >> (8 - j);
        if carry != 0 {
            match out.get_mut(i + 1) {
                Some(b) => *b |= carry as u8,
                None => return Err(Nix32DecodeError::TrailingBits),
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_match_nix() {
        assert_eq!(encoded_len(16), 26);
        assert_eq!(encoded_len(20), 32);
        assert_eq!(encoded_len(32), 52);
        assert_eq!(encoded_len(64), 103);
        assert_eq!(encoded_len(0), 0);
    }

    #[test]
    fn known_digest() {
        // §6.14: the folded digest of V7's output fingerprint and its encoding.
        let bytes = hex_to_bytes("b9c28b75a5b86bf3e932c6e09509d7a5ebbed9ed");
        assert_eq!(encode(&bytes), "xpcvxsx5sw4rbq666blz6sxqlmsqphmr");
        assert_eq!(decode("xpcvxsx5sw4rbq666blz6sxqlmsqphmr", 20), Ok(bytes));
    }

    #[test]
    fn round_trips_every_length_and_pattern() {
        // A deterministic pseudo-random walk over lengths 0..=70 and byte patterns.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..=70usize {
            for _ in 0..8 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        (state >> 33) as u8
                    })
                    .collect();
                let text = encode(&bytes);
                assert_eq!(text.len(), encoded_len(len));
                assert_eq!(decode(&text, len), Ok(bytes));
            }
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(
            decode("abc", 20),
            Err(Nix32DecodeError::WrongLength {
                expected: 32,
                found: 3
            })
        );
        assert_eq!(
            decode("e0000000000000000000000000000000", 20),
            Err(Nix32DecodeError::InvalidCharacter('e'))
        );
        // 32 characters carry 160 bits exactly, but 26 characters carry 130 bits for 16 bytes:
        // a leading 'z' sets bits beyond the 128th.
        assert_eq!(
            decode("z0000000000000000000000000", 16),
            Err(Nix32DecodeError::TrailingBits)
        );
        assert!(decode("é000000000000000000000000", 16).is_err());
    }

    fn hex_to_bytes(hex: &str) -> Vec<u8> {
        (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0))
            .collect()
    }
}
