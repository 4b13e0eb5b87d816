//! The files the evaluator has read, and compact spans into them.
//!
//! [`SourceMap`] owns every file's text; a [`SrcSpan`] is a `(file, start, end)`
//! triple of `u32`s that IR nodes and values carry cheaply. Spans become the
//! public [`crate::Span`] (with the file's path) only at the API edge.
//!
//! Invariants: offsets are byte offsets; file ids index `SourceMap::files` and
//! are never removed during an evaluator's lifetime. Each file's line starts
//! are found once, on the first position asked of it (`derivationStrict`
//! asks for one per derivation), and agree with
//! [`diagnostics::line_col`]: `\n`, `\r\n` and a lone `\r` end a line.
//! Tests live at the bottom of this file.

use std::cell::OnceCell;
use std::rc::Rc;

use crate::diagnostics::{self, Span};
use crate::line_index::LineIndex;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SrcSpan {
    /// The file.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// One source file.
pub struct SourceFile {
    /// Its absolute (virtual) path or pseudo-name.
    pub path: String,
    /// Its text.
    pub text: Rc<str>,
    /// Its line starts, found on first use.
    lines: OnceCell<LineIndex>,
}

impl SourceFile {
    /// `(line, column)` of a byte offset, both 1-based, the column in bytes;
    /// an offset past the end counts as the end.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .line_col(offset)
    }
}

/// Every file read so far.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Registers a file and returns its id.
    pub fn add(&mut self, path: String, text: Rc<str>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            path,
            text,
            lines: OnceCell::new(),
        });
        id
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The text of the most recently added file with this path.
    pub fn text_of(&self, path: &str) -> Option<Rc<str>> {
        self.files
            .iter()
            .rev()
            .find(|f| f.path == path)
            .map(|f| f.text.clone())
    }

    /// The public form of a span.
    pub fn to_span(&self, span: SrcSpan) -> Span {
        Span {
            file: self
                .file(span.file)
                .map(|f| f.path.clone())
                .unwrap_or_default(),
            start: span.start,
            end: span.end,
        }
    }

    /// `FILE:LINE:COL` of the start of a span.
    pub fn position(&self, span: SrcSpan) -> String {
        match self.file(span.file) {
            Some(file) => {
                let (line, col) = file.line_col(span.start);
                format!("{}:{line}:{col}", file.path)
            }
            None => diagnostics::position_string(&self.to_span(span), None),
        }
    }

    /// `(line, column)` of the start of a span, both 1-based.
    pub fn line_col(&self, span: SrcSpan) -> (usize, usize) {
        match self.file(span.file) {
            Some(f) => f.line_col(span.start),
            None => (0, 0),
        }
    }

    /// The source text a span covers.
    pub fn snippet(&self, span: SrcSpan) -> Option<&str> {
        let file = self.file(span.file)?;
        file.text.get(span.start as usize..span.end as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_the_scanning_line_col() {
        let texts = [
            "",
            "a",
            "ab\ncd\n",
            "x\r\ny\rz\n\nw",
            "\r\r\n\n\r",
            "l\u{e9}t\ns",
        ];
        let mut map = SourceMap::default();
        for text in texts {
            let id = map.add("/f.nix".into(), text.into());
            for offset in 0..=text.len() as u32 + 2 {
                let span = SrcSpan {
                    file: id,
                    start: offset,
                    end: offset,
                };
                let expected = diagnostics::line_col(text, offset);
                assert_eq!(map.line_col(span), expected, "{text:?} at {offset}");
                assert_eq!(
                    map.position(span),
                    format!("/f.nix:{}:{}", expected.0, expected.1)
                );
            }
        }
    }
}
