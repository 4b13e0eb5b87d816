//! Base-16 and base-64 codecs with Nix's leniencies (SEMANTICS §6.6).
//!
//! Base-16 is lowercase on output and accepts either case on input. Base-64 uses the standard
//! alphabet with `=` padding on output; on input it stops at the first `=` and skips newlines,
//! exactly as Nix does, so a badly padded SRI hash still decodes. Nix base-32 lives in
//! [`crate::nixbase32`]. Tests live at the bottom of this file.

use std::fmt;

/// Why a base-16 or base-64 string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A character outside the encoding's alphabet.
    InvalidCharacter(char),
    /// A base-16 string with an odd number of digits.
    OddLength,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidCharacter(c) => write!(f, "invalid character {c:?}"),
            DecodeError::OddLength => write!(f, "base-16 string has an odd number of digits"),
        }
    }
}

impl std::error::Error for DecodeError {}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Lowercase base-16.
pub fn base16_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Decodes base-16 (either case).
pub fn base16_decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    if !text.len().is_multiple_of(2) {
        return Err(DecodeError::OddLength);
    }
    let mut digits = Vec::with_capacity(text.len());
    for c in text.chars() {
        let value = c.to_digit(16).ok_or(DecodeError::InvalidCharacter(c))?;
        digits.push(value as u8);
    }
    Ok(digits
        .chunks(2)
        .map(|pair| (pair[0] << 4) | pair[1])
        .collect())
}

/// Standard base-64 with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let group = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        for k in 0..4 {
            if k <= chunk.len() {
                let index = (group >> (18 - 6 * k)) & 63;
                out.push(char::from(BASE64_ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes base-64 the way Nix does: stop at the first `=`, skip newlines, reject anything else
/// outside the alphabet. Incomplete trailing bits are dropped.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut bits = 0u32;
    let mut acc = 0u32;
    for c in text.chars() {
        if c == '=' {
            break;
        }
        if c == '\n' {
            continue;
        }
        let digit = BASE64_ALPHABET
            .iter()
            .position(|a| c.is_ascii() && *a == c as u8)
            .ok_or(DecodeError::InvalidCharacter(c))?;
        acc = ((acc << 6) | digit as u32) & 0xffff;
        bits += 6;
        if bits >= 8 {
            out.push((acc >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base16_round_trip() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = base16_encode(&bytes);
        assert_eq!(&text[..6], "000102");
        assert_eq!(base16_decode(&text), Ok(bytes.clone()));
        assert_eq!(base16_decode(&text.to_uppercase()), Ok(bytes));
        assert_eq!(base16_decode("abc"), Err(DecodeError::OddLength));
        assert_eq!(base16_decode("zz"), Err(DecodeError::InvalidCharacter('z')));
    }

    #[test]
    fn base64_known_values() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_decode("Zm9vYmFy"), Ok(b"foobar".to_vec()));
        assert_eq!(base64_decode("Zg=="), Ok(b"f".to_vec()));
        // Nix tolerates missing or extra padding.
        assert_eq!(base64_decode("Zg"), Ok(b"f".to_vec()));
        assert_eq!(base64_decode("Zm8==="), Ok(b"fo".to_vec()));
        assert_eq!(
            base64_decode("Zm-8"),
            Err(DecodeError::InvalidCharacter('-'))
        );
    }

    #[test]
    fn base64_round_trip() {
        for len in 0..100usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)), Ok(bytes));
        }
    }
}
