//! Byte offsets (what the evaluator reports) turned into what people read.
//!
//! The evaluator's spans are UTF-8 byte offsets. The UI shows 1-based line
//! and column numbers, the column counted in characters so that a line with
//! `«` or `é` before the error still points at the right place.
//!
//! The editor (CodeMirror) counts positions in UTF-16 code units; the
//! editor bridge converts with [`utf16_offset`], and [`Utf16Pos`] appears
//! nowhere else.
//!
//! Invariant: never panics, whatever the offset: an offset past the end or
//! inside a multi-byte character is clamped to the nearest boundary before it.
//!
//! Tests: the `tests` module below.

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// A position in UTF-16 code units from the start of a text (CodeMirror's unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Utf16Pos(pub u32);

/// The part of `text` before byte `offset`, clamped to a character boundary.
fn text_before(text: &str, offset: u32) -> &str {
    let mut offset = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text.get(..offset).unwrap_or("")
}

/// Where byte `offset` of `text` is, as a line and column.
pub fn line_col(text: &str, offset: u32) -> LineCol {
    let before = text_before(text, offset);
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    LineCol {
        line: before.matches('\n').count() + 1,
        column: before.get(line_start..).unwrap_or("").chars().count() + 1,
    }
}

/// Byte `offset` of `text` in UTF-16 code units.
pub fn utf16_offset(text: &str, offset: u32) -> Utf16Pos {
    let units = text_before(text, offset).encode_utf16().count();
    Utf16Pos(u32::try_from(units).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, offset: u32, line: usize, column: usize) {
        assert_eq!(line_col(text, offset), LineCol { line, column });
    }

    #[test]
    fn first_character() {
        check("1 +", 0, 1, 1);
    }

    #[test]
    fn later_line() {
        check("let\n  x = 1;\nin x", 8, 2, 5);
    }

    #[test]
    fn counts_characters_not_bytes() {
        check("\"é\" + 1", 5, 1, 5);
    }

    #[test]
    fn clamps_past_the_end() {
        check("ab\nc", 99, 2, 2);
    }

    #[test]
    fn clamps_inside_a_character() {
        check("é", 1, 1, 1);
    }

    #[test]
    fn utf16_counts_code_units() {
        // "é" is 2 bytes and 1 unit; "𝔸" is 4 bytes and 2 units.
        assert_eq!(utf16_offset("é𝔸x", 6), Utf16Pos(3));
        assert_eq!(utf16_offset("é𝔸x", 7), Utf16Pos(4));
        assert_eq!(utf16_offset("ab", 40), Utf16Pos(2));
        assert_eq!(utf16_offset("𝔸", 2), Utf16Pos(0));
    }
}
