//! Line and column of byte offsets in one text, with the text's line starts
//! found once: positions are asked for often (every `derivationStrict`, every
//! row of the override engine's Set view) and mostly in the same few large
//! files, where scanning the whole text for each was measurable.
//!
//! Lines end as the diagnostics renderer splits them: `\n`, `\r\n` and a
//! lone `\r`; lines and columns are 1-based, columns in bytes. Tests at the
//! bottom of this file.

/// The line starts of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of each line's first byte, ascending; never empty.
    starts: Vec<u32>,
    /// The text's length.
    len: usize,
}

impl LineIndex {
    /// Finds the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut index = 0;
        while let Some(byte) = bytes.get(index) {
            match byte {
                b'\n' => starts.push(offset_u32(index + 1)),
                b'\r' => {
                    if bytes.get(index + 1) == Some(&b'\n') {
                        index += 1;
                    }
                    starts.push(offset_u32(index + 1));
                }
                _ => {}
            }
            index += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// `(line, column)` of `offset`, both 1-based, the column in bytes; an
    /// offset past the end counts as the end.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.len);
        let index = self
            .starts
            .partition_point(|start| *start as usize <= offset)
            .max(1)
            - 1;
        let line_start = self.starts.get(index).map_or(0, |start| *start as usize);
        (index + 1, offset - line_start + 1)
    }
}

/// Spans are `u32`s already; a longer file's later lines share the last offset.
fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    /// The line and column found by walking the text byte by byte.
    fn walked(text: &str, offset: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let (mut line, mut start, mut index) = (1, 0, 0);
        while index < offset {
            let ends_line = match bytes[index] {
                b'\n' => true,
                b'\r' if bytes.get(index + 1) == Some(&b'\n') => false,
                b'\r' => true,
                _ => false,
            };
            index += 1;
            if ends_line {
                line += 1;
                start = index;
            }
        }
        (line, offset - start + 1)
    }

    #[test]
    fn every_offset_of_awkward_texts() {
        for text in [
            "",
            "a",
            "\n",
            "one\ntwo\n",
            "one\r\ntwo\rthree\n\nfour",
            "\r\r\n\n\r",
            "trailing\r",
            "é ü\nñ",
        ] {
            let index = LineIndex::new(text);
            for offset in 0..text.len() + 3 {
                let at = u32::try_from(offset).unwrap_or(u32::MAX);
                assert_eq!(
                    index.line_col(at),
                    walked(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
