//! The format button: a conservative re-indenter for Nix source.
//!
//! It changes only whitespace that cannot matter: each line's leading
//! indentation (two spaces per open bracket `{ [ (` and `${`, one level
//! less for a line that starts by closing one) and trailing whitespace.
//! Lines that start inside a string (`"…"` or `''…''`) or a block comment
//! are left exactly as they are, since indentation inside an indented
//! string is part of its value; so is whitespace at the end of a line that
//! ends inside one. It does not break or join lines, and does not touch
//! `let … in` or operator layout: no attempt to be a full formatter.
//!
//! Invariant: `strip(format(s)) == strip(s)` where `strip` removes the
//! whitespace this module may change (tested below, and the evaluator's
//! value is checked to stay the same on the examples gallery).
//!
//! Tests: `tests` at the bottom (native).

/// Where the lexer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    /// Code; `interpolation` when it was opened by `${` inside a string.
    Code { interpolation: bool },
    /// Inside `"…"`.
    Double,
    /// Inside `''…''`.
    Indented,
    /// Inside `/* … */`.
    Comment,
}

/// What one line needs: whether it starts in code, its depth there, and
/// whether it ends in code.
struct LineInfo {
    starts_in_code: bool,
    depth: usize,
    ends_in_code: bool,
}

fn in_code(stack: &[Context]) -> bool {
    matches!(stack.last(), Some(Context::Code { .. }) | None)
}

/// Bracket depth: the code contexts' open brackets.
fn analyse(source: &str) -> Vec<LineInfo> {
    let mut stack: Vec<Context> = vec![Context::Code {
        interpolation: false,
    }];
    // Open brackets per code context (a `${` context closes at its own `}`).
    let mut brackets: Vec<usize> = vec![0];
    let mut infos = Vec::new();
    for line in source.split('\n') {
        let starts_in_code = in_code(&stack);
        let depth: usize = brackets.iter().sum::<usize>() + interpolation_depth(&stack);
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars.get(i).copied().unwrap_or(' ');
            let next = chars.get(i + 1).copied();
            match stack.last().copied() {
                Some(Context::Code { interpolation }) => {
                    match (c, next) {
                        ('#', _) => break,
                        ('/', Some('*')) => {
                            stack.push(Context::Comment);
                            i += 1;
                        }
                        ('"', _) => stack.push(Context::Double),
                        // A prime inside a name (`pkgs''`) is not a string.
                        ('\'', _)
                            if i > 0 && chars.get(i - 1).is_some_and(|p| is_name_char(*p)) => {}
                        ('\'', Some('\'')) => {
                            stack.push(Context::Indented);
                            i += 1;
                        }
                        ('{' | '[' | '(', _) => {
                            if let Some(top) = brackets.last_mut() {
                                *top += 1;
                            }
                        }
                        ('}', _) if interpolation && brackets.last() == Some(&0) => {
                            stack.pop();
                            brackets.pop();
                        }
                        ('}' | ']' | ')', _) => {
                            if let Some(top) = brackets.last_mut() {
                                *top = top.saturating_sub(1);
                            }
                        }
                        _ => {}
                    }
                }
                Some(Context::Double) => match (c, next) {
                    ('\\', _) => i += 1,
                    ('"', _) => {
                        stack.pop();
                    }
                    ('$', Some('{')) => {
                        stack.push(Context::Code {
                            interpolation: true,
                        });
                        brackets.push(0);
                        i += 1;
                    }
                    _ => {}
                },
                Some(Context::Indented) => match (c, next) {
                    ('\'', Some('\'')) => {
                        let after = chars.get(i + 2).copied();
                        match after {
                            // `'''` is an escaped `''`; `''$` and `''\x` escape too.
                            Some('\'') | Some('$') => i += 2,
                            Some('\\') => i += 3,
                            _ => {
                                stack.pop();
                                i += 1;
                            }
                        }
                    }
                    ('$', Some('{')) => {
                        stack.push(Context::Code {
                            interpolation: true,
                        });
                        brackets.push(0);
                        i += 1;
                    }
                    _ => {}
                },
                Some(Context::Comment) if c == '*' && next == Some('/') => {
                    stack.pop();
                    i += 1;
                }
                _ => {}
            }
            i += 1;
        }
        infos.push(LineInfo {
            starts_in_code,
            depth,
            ends_in_code: in_code(&stack),
        });
        if stack.is_empty() {
            stack.push(Context::Code {
                interpolation: false,
            });
            brackets = vec![0];
        }
    }
    infos
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '\'')
}

/// Each `${` inside a string adds a level.
fn interpolation_depth(stack: &[Context]) -> usize {
    stack
        .iter()
        .filter(|context| {
            matches!(
                context,
                Context::Code {
                    interpolation: true
                }
            )
        })
        .count()
}

/// Whether a code line starts by closing a bracket.
fn starts_with_closer(line: &str) -> bool {
    matches!(line.trim_start().chars().next(), Some('}' | ']' | ')'))
}

/// The source re-indented; see the module comment for what may change.
pub fn format(source: &str) -> String {
    let infos = analyse(source);
    let mut out = String::with_capacity(source.len());
    let lines: Vec<&str> = source.split('\n').collect();
    for (index, (line, info)) in lines.iter().zip(&infos).enumerate() {
        let mut text: String = if info.starts_in_code {
            let body = line.trim_start_matches([' ', '\t']);
            if body.trim().is_empty() {
                String::new()
            } else {
                let depth = if starts_with_closer(body) {
                    info.depth.saturating_sub(1)
                } else {
                    info.depth
                };
                format!("{}{}", "  ".repeat(depth.min(40)), body)
            }
        } else {
            (*line).to_owned()
        };
        if info.ends_in_code {
            let trimmed = text.trim_end_matches([' ', '\t', '\r']).len();
            // Keep a carriage return that ends a CRLF line.
            let had_cr = text.ends_with('\r');
            text.truncate(trimmed);
            if had_cr {
                text.push('\r');
            }
        }
        out.push_str(&text);
        if index + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format;

    /// The source without the whitespace `format` may change.
    fn strip(source: &str) -> String {
        source
            .chars()
            .filter(|c| !matches!(c, ' ' | '\t'))
            .collect()
    }

    #[test]
    fn reindents_by_bracket_depth() {
        let source = "{\na = [\n1\n    2\n];\n  b = { c = 1; };\n}\n";
        assert_eq!(
            format(source),
            "{\n  a = [\n    1\n    2\n  ];\n  b = { c = 1; };\n}\n"
        );
    }

    #[test]
    fn trims_trailing_whitespace_outside_strings() {
        assert_eq!(format("{ a = 1; }   \n"), "{ a = 1; }\n");
        assert_eq!(format("''\n  x   \n''"), "''\n  x   \n''");
    }

    #[test]
    fn leaves_indented_strings_alone() {
        let source = "{\n  s = ''\n      keep\n    this\n  '';\n}\n";
        assert_eq!(format(source), source);
    }

    #[test]
    fn follows_interpolation_and_escapes() {
        let source = "{\ns = \"a ${\nb\n} c\";\nt = '' ''' ''${x} '';\n}";
        let formatted = format(source);
        assert_eq!(strip(&formatted), strip(source));
        assert!(formatted.contains("\n  t = '' ''' ''${x} '';\n}"));
    }

    #[test]
    fn comments_do_not_count_brackets() {
        let source = "{\n# {\n/* {\n*/\na = 1;\n}";
        assert_eq!(format(source), "{\n  # {\n  /* {\n*/\n  a = 1;\n}");
    }

    #[test]
    fn is_idempotent_and_changes_only_whitespace() {
        for source in [
            "let\n  f = x:\n    x;\nin f 1",
            "{ a, b ? { }, ... }:\n{\n  c = [ a\n  b ];\n}",
            "\"unterminated\n  string",
            "let x'' = 1; in {\nx = x'';\n}",
            ") ] } unbalanced {",
        ] {
            let once = format(source);
            assert_eq!(strip(&once), strip(source), "{source:?}");
            assert_eq!(format(&once), once, "{source:?}");
        }
    }
}
