//! The files the evaluator has read, and compact spans into them.
//!
//! [`SourceMap`] owns every file's text; a [`SrcSpan`] is a `(file, start, end)`
//! triple of `u32`s that IR nodes and values carry cheaply. Spans become the
//! public [`crate::Span`] (with the file's path) only at the API edge.
//!
//! Invariants: offsets are byte offsets; file ids index `SourceMap::files` and
//! are never removed during an evaluator's lifetime.

use std::rc::Rc;

use crate::diagnostics::{self, Span};

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
        self.files.push(SourceFile { path, text });
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
        let public = self.to_span(span);
        let text = self.file(span.file).map(|f| f.text.clone());
        diagnostics::position_string(&public, text.as_deref())
    }

    /// `(line, column)` of the start of a span, both 1-based.
    pub fn line_col(&self, span: SrcSpan) -> (usize, usize) {
        match self.file(span.file) {
            Some(f) => diagnostics::line_col(&f.text, span.start),
            None => (0, 0),
        }
    }

    /// The source text a span covers.
    pub fn snippet(&self, span: SrcSpan) -> Option<&str> {
        let file = self.file(span.file)?;
        file.text.get(span.start as usize..span.end as usize)
    }
}
