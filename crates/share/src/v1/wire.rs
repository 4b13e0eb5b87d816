//! The primitive values of the v1 payload: bytes, LEB128 varints, booleans and strings.
//!
//! The reader never indexes past its slice and reports every problem with the absolute payload
//! offset where it was found.

use crate::error::{DecodeError, MalformedPayload};

/// Appends v1 primitives to a growing payload.
#[derive(Default)]
pub(crate) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub(crate) fn byte(&mut self, byte: u8) {
        self.bytes.push(byte);
    }

    pub(crate) fn bool(&mut self, value: bool) {
        self.byte(u8::from(value));
    }

    /// Unsigned LEB128. Values above `u32::MAX` are written faithfully; the size check after
    /// serialization refuses them, since any such length implies a payload over the limit.
    pub(crate) fn varint(&mut self, value: usize) {
        let mut rest = value as u64;
        loop {
            let group = (rest & 0x7f) as u8;
            rest >>= 7;
            if rest == 0 {
                self.byte(group);
                return;
            }
            self.byte(group | 0x80);
        }
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    pub(crate) fn string(&mut self, text: &str) {
        self.varint(text.len());
        self.bytes(text.as_bytes());
    }

    /// A section: its tag, the body's length, the body.
    pub(crate) fn section(&mut self, tag: u8, body: Writer) {
        self.byte(tag);
        self.varint(body.bytes.len());
        self.bytes(&body.bytes);
    }
}

/// Reads v1 primitives from a slice of the payload that starts at `base` in the payload.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            position: 0,
            base: 0,
        }
    }

    /// The absolute payload offset of the next byte.
    pub(crate) fn offset(&self) -> usize {
        self.base + self.position
    }

    pub(crate) fn is_at_end(&self) -> bool {
        self.position >= self.bytes.len()
    }

    /// A [`DecodeError::Malformed`] at the current offset.
    pub(crate) fn error(&self, problem: MalformedPayload) -> DecodeError {
        self.error_at(self.offset(), problem)
    }

    pub(crate) fn error_at(&self, offset: usize, problem: MalformedPayload) -> DecodeError {
        DecodeError::Malformed { offset, problem }
    }

    pub(crate) fn byte(&mut self) -> Result<u8, DecodeError> {
        let byte = self
            .bytes
            .get(self.position)
            .copied()
            .ok_or_else(|| self.error(MalformedPayload::UnexpectedEnd))?;
        self.position += 1;
        Ok(byte)
    }

    pub(crate) fn bool(&mut self) -> Result<bool, DecodeError> {
        let offset = self.offset();
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.error_at(offset, MalformedPayload::InvalidBool(other))),
        }
    }

    /// Unsigned LEB128 of at most five bytes, in canonical (shortest) form, at most `u32::MAX`.
    pub(crate) fn varint(&mut self) -> Result<u32, DecodeError> {
        let offset = self.offset();
        let mut value: u64 = 0;
        for index in 0..5 {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << (7 * index);
            if byte & 0x80 == 0 {
                if index > 0 && byte == 0 {
                    return Err(self.error_at(offset, MalformedPayload::VarintOverlong));
                }
                return u32::try_from(value)
                    .map_err(|_| self.error_at(offset, MalformedPayload::VarintTooLarge));
            }
        }
        Err(self.error_at(offset, MalformedPayload::VarintTooLarge))
    }

    /// A varint used as a length or count.
    pub(crate) fn length(&mut self) -> Result<usize, DecodeError> {
        let offset = self.offset();
        let value = self.varint()?;
        usize::try_from(value).map_err(|_| self.error_at(offset, MalformedPayload::VarintTooLarge))
    }

    pub(crate) fn take(&mut self, count: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .position
            .checked_add(count)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| self.error(MalformedPayload::UnexpectedEnd))?;
        let taken = self.bytes.get(self.position..end).unwrap_or_default();
        self.position = end;
        Ok(taken)
    }

    pub(crate) fn string(&mut self) -> Result<&'a str, DecodeError> {
        let length = self.length()?;
        let offset = self.offset();
        let bytes = self.take(length)?;
        std::str::from_utf8(bytes).map_err(|_| self.error_at(offset, MalformedPayload::InvalidUtf8))
    }

    /// A reader over the next `count` bytes, which this reader skips.
    pub(crate) fn sub_reader(&mut self, count: usize) -> Result<Reader<'a>, DecodeError> {
        let base = self.offset();
        let bytes = self.take(count)?;
        Ok(Reader {
            bytes,
            position: 0,
            base,
        })
    }
}
