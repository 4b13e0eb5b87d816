//! Why a link does not decode, and why a snapshot cannot be encoded.

use std::fmt;

use crate::validate::{InvalidSnapshot, MAX_PAYLOAD_BYTES};

/// Why a link does not decode. Every variant means "this link is corrupt or truncated"; the
/// detail is for the banner's "details" and for bug reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The fragment does not start with a version prefix such as `v1.`.
    MissingVersion,
    /// The version prefix names a format this build does not know (a newer Fixpoint, or junk).
    UnknownVersion {
        /// The number after `v`.
        version: u32,
    },
    /// A character that is not base64url, or a final character with stray low bits.
    InvalidBase64 {
        /// Byte offset of the character in the fragment.
        offset: usize,
    },
    /// A base64url length no encoder produces (one character too many or too few).
    InvalidBase64Length {
        /// The length of the base64url text.
        length: usize,
    },
    /// The data ends before the header or the compressed stream is complete.
    Truncated,
    /// The header announces more decompressed data than [`MAX_PAYLOAD_BYTES`].
    TooLarge {
        /// The announced size in bytes.
        declared: u32,
    },
    /// The compressed stream does not inflate to exactly the announced size.
    LengthMismatch {
        /// The announced size in bytes.
        declared: u32,
    },
    /// The compressed stream is not valid raw deflate.
    Decompression,
    /// Bytes follow the end of the compressed stream.
    TrailingData {
        /// How many.
        bytes: usize,
    },
    /// The CRC-32 of the decompressed data differs from the one stored in the link.
    ChecksumMismatch {
        /// The checksum in the link.
        stored: u32,
        /// The checksum of what was decompressed.
        computed: u32,
    },
    /// The decompressed data does not follow the format's layout.
    Malformed {
        /// Byte offset in the decompressed payload.
        offset: usize,
        /// What is wrong there.
        problem: MalformedPayload,
    },
    /// The layout is fine but the snapshot breaks an invariant (too many files, a `..` path…).
    Invalid(InvalidSnapshot),
}

/// What is wrong with a payload that does not follow the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MalformedPayload {
    /// A value runs past the end of its section or of the payload.
    UnexpectedEnd,
    /// A varint with more than five bytes or a value above `u32::MAX`.
    VarintTooLarge,
    /// A varint with needless trailing zero groups (every value has one encoding).
    VarintOverlong,
    /// A string that is not UTF-8.
    InvalidUtf8,
    /// A boolean byte other than 0 or 1.
    InvalidBool(u8),
    /// A section tag this version does not define.
    UnknownSection(u8),
    /// A section tag not greater than the one before it (sections are unique and ordered).
    SectionOutOfOrder(u8),
    /// A required section is absent.
    MissingSection(u8),
    /// A section has bytes left over after its last field.
    SectionTooLong(u8),
    /// An unknown mode byte.
    UnknownMode(u8),
    /// An unknown base byte.
    UnknownBase(u8),
    /// An unknown result tab byte.
    UnknownTab(u8),
    /// An unknown theme byte.
    UnknownTheme(u8),
    /// Pane bits this version does not define.
    UnknownPanes(u8),
    /// A file index at or past the number of files.
    FileIndexOutOfRange(u32),
}

/// Why a snapshot cannot become a link.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// The snapshot breaks an invariant; its link would not decode.
    Invalid(InvalidSnapshot),
    /// The serialized snapshot is larger than [`MAX_PAYLOAD_BYTES`].
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::MissingVersion => {
                f.write_str("not a Fixpoint link: it does not start with a version such as `v1.`")
            }
            DecodeError::UnknownVersion { version } => write!(
                f,
                "link format v{version} is unknown to this version of Fixpoint"
            ),
            DecodeError::InvalidBase64 { offset } => {
                write!(f, "the link has an invalid character at offset {offset}")
            }
            DecodeError::InvalidBase64Length { length } => {
                write!(f, "the link's data has an impossible length of {length}")
            }
            DecodeError::Truncated => f.write_str("the link is truncated"),
            DecodeError::TooLarge { declared } => write!(
                f,
                "the link claims {declared} bytes of data, more than the limit of {MAX_PAYLOAD_BYTES}"
            ),
            DecodeError::LengthMismatch { declared } => write!(
                f,
                "the link's data does not decompress to the {declared} bytes it claims"
            ),
            DecodeError::Decompression => f.write_str("the link's compressed data is corrupt"),
            DecodeError::TrailingData { bytes } => write!(
                f,
                "the link has {bytes} unexpected bytes after its compressed data"
            ),
            DecodeError::ChecksumMismatch { stored, computed } => write!(
                f,
                "the link's checksum does not match (stored {stored:08x}, computed {computed:08x})"
            ),
            DecodeError::Malformed { offset, problem } => {
                write!(f, "the link's data is malformed at byte {offset}: {problem}")
            }
            DecodeError::Invalid(invalid) => write!(f, "the link's workspace is invalid: {invalid}"),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::Invalid(invalid) => Some(invalid),
            _ => None,
        }
    }
}

impl fmt::Display for MalformedPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MalformedPayload::UnexpectedEnd => f.write_str("unexpected end of data"),
            MalformedPayload::VarintTooLarge => f.write_str("number too large"),
            MalformedPayload::VarintOverlong => f.write_str("number with an overlong encoding"),
            MalformedPayload::InvalidUtf8 => f.write_str("text is not valid UTF-8"),
            MalformedPayload::InvalidBool(byte) => write!(f, "invalid boolean {byte}"),
            MalformedPayload::UnknownSection(tag) => write!(f, "unknown section {tag}"),
            MalformedPayload::SectionOutOfOrder(tag) => {
                write!(f, "section {tag} is repeated or out of order")
            }
            MalformedPayload::MissingSection(tag) => write!(f, "required section {tag} is missing"),
            MalformedPayload::SectionTooLong(tag) => {
                write!(f, "section {tag} has unexpected bytes at its end")
            }
            MalformedPayload::UnknownMode(byte) => write!(f, "unknown mode {byte}"),
            MalformedPayload::UnknownBase(byte) => write!(f, "unknown base {byte}"),
            MalformedPayload::UnknownTab(byte) => write!(f, "unknown result tab {byte}"),
            MalformedPayload::UnknownTheme(byte) => write!(f, "unknown theme {byte}"),
            MalformedPayload::UnknownPanes(bits) => write!(f, "unknown pane bits {bits:#04x}"),
            MalformedPayload::FileIndexOutOfRange(index) => {
                write!(f, "file index {index} is out of range")
            }
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::Invalid(invalid) => write!(f, "cannot share this workspace: {invalid}"),
            EncodeError::TooLarge { size } => write!(
                f,
                "cannot share this workspace: it is {size} bytes, more than the limit of {MAX_PAYLOAD_BYTES}"
            ),
        }
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EncodeError::Invalid(invalid) => Some(invalid),
            EncodeError::TooLarge { .. } => None,
        }
    }
}
