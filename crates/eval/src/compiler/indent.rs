//! Indented strings (`'' … ''`) the way Nix's lexer and parser read them:
//! the literal text is cut into Nix's tokens (plain text, which counts for
//! indentation, and escapes `'''`, `''$`, `''\x` and lone `$`/`'`, which do
//! not), then Nix's `stripIndentation` runs on the tokens and the
//! interpolations between them.
//!
//! Nix's quirks are kept on purpose: an escape ends a line's leading
//! whitespace when the minimum indentation is measured, but an escaped
//! newline (`''\n`) starts a new line when indentation is stripped, so
//! spaces after it are dropped as indentation.
//! Tests: the unit tests below and the corpus program `indent-escapes`.

/// One piece of an indented string: text or an interpolation (by index).
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text; `indentation` is false for escapes.
    Text { text: String, indentation: bool },
    /// The interpolation with this index among the string's.
    Interpolation(usize),
}

/// Cuts the raw source text of a literal part into Nix's tokens.
pub fn tokens(raw: &str, out: &mut Vec<Piece>) {
    let mut plain = String::new();
    let flush = |plain: &mut String, out: &mut Vec<Piece>| {
        if !plain.is_empty() {
            out.push(Piece::Text {
                text: std::mem::take(plain),
                indentation: true,
            });
        }
    };
    let escape = |text: String, plain: &mut String, out: &mut Vec<Piece>| {
        flush(plain, out);
        out.push(Piece::Text {
            text,
            indentation: false,
        });
    };
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                match chars.next() {
                    Some('\'') => escape("''".into(), &mut plain, out),
                    Some('$') => escape("$".into(), &mut plain, out),
                    Some('\\') => {
                        let text = match chars.next() {
                            Some('n') => "\n".to_string(),
                            Some('r') => "\r".to_string(),
                            Some('t') => "\t".to_string(),
                            Some(other) => other.to_string(),
                            None => String::new(),
                        };
                        escape(text, &mut plain, out);
                    }
                    // Not inside a literal part (it would close the string).
                    Some(other) => {
                        plain.push_str("''");
                        plain.push(other);
                    }
                    None => plain.push_str("''"),
                }
            }
            // A lone `'` before `$` (or at the end), and a `$` before `'` (or
            // at the end), are tokens of their own.
            '\'' if matches!(chars.peek(), Some('$') | None) => escape("'".into(), &mut plain, out),
            '$' if matches!(chars.peek(), Some('\'') | None) => escape("$".into(), &mut plain, out),
            other => plain.push(other),
        }
    }
    flush(&mut plain, out);
}

/// Nix's `stripIndentation` over the pieces; the result keeps the
/// interpolations in place, text pieces merged.
pub fn strip(pieces: Vec<Piece>) -> Vec<Piece> {
    // The smallest indentation of a line with content; whitespace-only
    // lines do not count.
    let mut at_line_start = true;
    let mut min_indent = usize::MAX;
    let mut indent = 0;
    for piece in &pieces {
        match piece {
            Piece::Text {
                text,
                indentation: true,
            } => {
                for c in text.chars() {
                    if at_line_start {
                        match c {
                            ' ' => indent += 1,
                            '\n' => indent = 0,
                            _ => {
                                at_line_start = false;
                                min_indent = min_indent.min(indent);
                            }
                        }
                    } else if c == '\n' {
                        at_line_start = true;
                        indent = 0;
                    }
                }
            }
            _ => {
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(indent);
                }
            }
        }
    }
    // Without a line of content every leading space goes (`''   ''` is "").

    let mut out: Vec<Piece> = Vec::new();
    let mut at_line_start = true;
    let mut dropped = 0;
    let count = pieces.len();
    for (index, piece) in pieces.into_iter().enumerate() {
        match piece {
            Piece::Interpolation(n) => {
                at_line_start = false;
                dropped = 0;
                out.push(Piece::Interpolation(n));
            }
            Piece::Text { text, .. } => {
                let mut kept = String::new();
                for c in text.chars() {
                    if at_line_start {
                        match c {
                            ' ' => {
                                if dropped >= min_indent {
                                    kept.push(c);
                                }
                                dropped += 1;
                            }
                            '\n' => {
                                dropped = 0;
                                kept.push(c);
                            }
                            _ => {
                                at_line_start = false;
                                dropped = 0;
                                kept.push(c);
                            }
                        }
                    } else {
                        kept.push(c);
                        if c == '\n' {
                            at_line_start = true;
                        }
                    }
                }
                // The last piece drops a final line of spaces only.
                if index + 1 == count {
                    if let Some(newline) = kept.rfind('\n') {
                        if kept[newline + 1..].chars().all(|c| c == ' ') {
                            kept.truncate(newline + 1);
                        }
                    }
                }
                if kept.is_empty() {
                    continue;
                }
                match out.last_mut() {
                    Some(Piece::Text { text, .. }) => text.push_str(&kept),
                    _ => out.push(Piece::Text {
                        text: kept,
                        indentation: true,
                    }),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text { text, .. } => text.clone(),
                Piece::Interpolation(n) => format!("<{n}>"),
            })
            .collect()
    }

    fn strip_raw(raw: &str) -> String {
        let mut pieces = Vec::new();
        tokens(raw, &mut pieces);
        text(&strip(pieces))
    }

    #[test]
    fn nix_indentation_rules() {
        assert_eq!(strip_raw("  a\n   b\n"), "a\n b\n");
        assert_eq!(strip_raw("  a\n  "), "a\n");
        // Escapes end the leading whitespace when measuring, and an
        // escaped newline starts a line when stripping (Nix 2.8 and current).
        assert_eq!(
            strip_raw("  a '''quoted'''\n  ''${not}\n  ''\\n is newline: ''\\t tab\n  $ dollar and $${x}\n"),
            "a ''quoted''\n${not}\n\nis newline: \t tab\n$ dollar and $${x}\n"
        );
        assert_eq!(strip_raw("    ''\\tx\n  y"), "  \tx\ny");
        assert_eq!(strip_raw("   "), "");
    }
}
