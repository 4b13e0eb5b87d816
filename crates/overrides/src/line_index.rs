//! Line and column of byte offsets in one text, with the text's line starts
//! found once: the Set view asks for the position of every row's
//! definition and read, mostly in the same few (large) prelude files, and
//! scanning the whole file for each was a measurable part of a keystroke.
//!
//! Lines are counted as `fixpoint_eval::diagnostics::line_col` counts them
//! (`\n`, `\r\n` and a lone `\r` end a line; columns are 1-based bytes), and
//! the unit tests check the two agree on every offset of awkward texts.

/// The line starts of one text.
pub(crate) struct LineIndex {
    /// Byte offset of each line's first byte, ascending; never empty.
    starts: Vec<usize>,
    /// The text's length.
    len: usize,
}

impl LineIndex {
    /// Finds the line starts of `text`.
    pub(crate) fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut index = 0;
        while let Some(byte) = bytes.get(index) {
            match byte {
                b'\n' => starts.push(index + 1),
                b'\r' => {
                    if bytes.get(index + 1) == Some(&b'\n') {
                        index += 1;
                    }
                    starts.push(index + 1);
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

    /// Line and column (both 1-based, the column in bytes) of `offset`,
    /// clamped to the text's end.
    pub(crate) fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.len);
        let index = self.starts.partition_point(|start| *start <= offset).max(1) - 1;
        let line_start = self.starts.get(index).copied().unwrap_or(0);
        (index + 1, offset - line_start + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;
    use fixpoint_eval::diagnostics::line_col;

    #[test]
    fn line_index_agrees_with_the_evaluator_on_every_offset() {
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
            for offset in 0..=u32::try_from(text.len() + 2).unwrap_or(0) {
                assert_eq!(
                    index.line_col(offset),
                    line_col(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
