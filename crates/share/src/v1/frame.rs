//! The v1 container around a payload: CRC-32, declared size, raw deflate, base64url.
//!
//! `frame = crc32(payload) as u32 LE ‖ len(payload) as u32 LE ‖ deflate_raw(payload)`, and the
//! link body is the frame in unpadded base64url. Opening checks, in order: base64, header
//! length, declared size against the limit, the deflate stream (it must end exactly at the end
//! of the frame and produce exactly the declared size), then the checksum.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use crate::error::DecodeError;
use crate::validate::MAX_PAYLOAD_BYTES;

/// Bytes before the deflate stream: the checksum and the declared size.
const HEADER_BYTES: usize = 8;

/// The strongest level miniz_oxide offers; links are small, so speed does not matter, and the
/// decoder does not depend on the level.
const COMPRESSION_LEVEL: u8 = 10;

/// Unpadded base64url on encode; padding is tolerated on decode because some tools add it.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The base64url text of the frame around `payload`. The caller has checked the payload size.
pub(crate) fn seal(payload: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(payload, COMPRESSION_LEVEL);
    let declared = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    let mut frame = Vec::with_capacity(HEADER_BYTES + compressed.len());
    frame.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    frame.extend_from_slice(&declared.to_le_bytes());
    frame.extend_from_slice(&compressed);
    BASE64URL.encode(frame)
}

/// The payload inside the base64url `text`, which starts at `text_offset` in the fragment (for
/// error offsets).
pub(crate) fn open(text: &str, text_offset: usize) -> Result<Vec<u8>, DecodeError> {
    let frame = BASE64URL
        .decode(text)
        .map_err(|error| base64_error(error, text, text_offset))?;
    let (checksum, rest) = split_u32(&frame).ok_or(DecodeError::Truncated)?;
    let (declared, compressed) = split_u32(rest).ok_or(DecodeError::Truncated)?;
    let size = usize::try_from(declared).unwrap_or(usize::MAX);
    if size > MAX_PAYLOAD_BYTES {
        return Err(DecodeError::TooLarge { declared });
    }
    let payload = inflate_exactly(compressed, size, declared)?;
    let computed = crc32fast::hash(&payload);
    if computed != checksum {
        return Err(DecodeError::ChecksumMismatch {
            stored: checksum,
            computed,
        });
    }
    Ok(payload)
}

/// Inflates `compressed` into a buffer of exactly `size` bytes; the stream must fill it, end,
/// and use every input byte. The output can never grow past `size`, which the caller bounded.
fn inflate_exactly(compressed: &[u8], size: usize, declared: u32) -> Result<Vec<u8>, DecodeError> {
    if compressed.is_empty() {
        return Err(DecodeError::Truncated);
    }
    let mut output = vec![0u8; size];
    // The decompressor state is about 11 KiB; keep it off the (1 MiB, on wasm) stack.
    let mut decompressor = Box::<DecompressorOxide>::default();
    // No HAS_MORE_INPUT flag: the whole stream is here, so running out of input means truncation.
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, consumed, written) =
        decompress(&mut decompressor, compressed, &mut output, 0, flags);
    match status {
        TINFLStatus::Done => {
            if consumed < compressed.len() {
                Err(DecodeError::TrailingData {
                    bytes: compressed.len() - consumed,
                })
            } else if written != size {
                Err(DecodeError::LengthMismatch { declared })
            } else {
                Ok(output)
            }
        }
        TINFLStatus::HasMoreOutput => Err(DecodeError::LengthMismatch { declared }),
        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
            Err(DecodeError::Truncated)
        }
        _ => Err(DecodeError::Decompression),
    }
}

/// The little-endian `u32` at the start of `bytes`, and the rest.
fn split_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let (head, rest) = bytes.split_first_chunk::<4>()?;
    Some((u32::from_le_bytes(*head), rest))
}

fn base64_error(error: base64::DecodeError, text: &str, text_offset: usize) -> DecodeError {
    match error {
        base64::DecodeError::InvalidByte(offset, _)
        | base64::DecodeError::InvalidLastSymbol(offset, _) => DecodeError::InvalidBase64 {
            offset: text_offset + offset,
        },
        base64::DecodeError::InvalidLength(length) => DecodeError::InvalidBase64Length { length },
        base64::DecodeError::InvalidPadding => DecodeError::InvalidBase64 {
            offset: text_offset + text.find('=').unwrap_or(text.len()),
        },
    }
}
