//! Reading Nix-style error text: the final message, and first differences.

/// The final error message of a stderr text, without trace frames, positions,
/// code excerpts or "Did you mean …?" hints.
///
/// Nix prints the innermost error last: with a trace the text starts with a
/// bare `error:` line, then `… while …` frames, then an indented
/// `error: MESSAGE`. Without one it is `error: MESSAGE` at the top. Either way
/// the message is the last line that starts with `error:` plus the lines that
/// continue it, up to a blank line, a position line (`at FILE:L:C:`) or a hint.
/// Lines are trimmed, so the trace's indentation does not matter.
pub fn final_message(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let start = lines
        .iter()
        .rposition(|line| line.trim_start().starts_with("error:"))?;
    let mut message = vec![lines[start].trim()];
    for line in &lines[start + 1..] {
        let trimmed = line.trim();
        if trimmed.is_empty() || is_position_line(trimmed) || is_hint_line(trimmed) {
            break;
        }
        message.push(trimmed);
    }
    Some(message.join("\n"))
}

/// `at /pwd/lang/x.nix:1:2:`, `at «stdin»:3:1:` or a bare `at «none»:`.
fn is_position_line(trimmed: &str) -> bool {
    trimmed.starts_with("at ") && trimmed.ends_with(':')
}

/// Lines Nix adds after a message that are not part of it: suggestions and
/// the command-line tool's own pointers to its options.
fn is_hint_line(trimmed: &str) -> bool {
    trimmed.starts_with("Did you mean")
        || trimmed.starts_with("(use '--show-trace'")
        || (trimmed.starts_with("Try '") && trimmed.ends_with("for more information."))
}

/// The first line where `expected` and `actual` differ, for failure lists.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    let mut number = 1;
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => number += 1,
            (None, None) => return "texts differ only in line endings".to_string(),
            (e, a) => {
                return format!(
                    "line {number}: expected {} got {}",
                    shorten(e.unwrap_or("<end of text>")),
                    shorten(a.unwrap_or("<end of text>"))
                )
            }
        }
    }
}

/// A line cut to a readable length, quoted, with control characters (NUL
/// bytes in the string tests, for one) shown as escapes so the report stays
/// plain text.
pub fn shorten(line: &str) -> String {
    const LIMIT: usize = 160;
    let visible: String = line
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if visible.chars().count() <= LIMIT {
        format!("`{visible}`")
    } else {
        let cut: String = visible.chars().take(LIMIT).collect();
        format!("`{cut}…`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(stderr: &str, expect: Option<&str>) {
        assert_eq!(final_message(stderr).as_deref(), expect);
    }

    #[test]
    fn message_without_trace() {
        check(
            "error: attribute 'b' missing\n       at «string»:1:8:\n            1| x\n       Did you mean a?\n",
            Some("error: attribute 'b' missing"),
        );
    }

    #[test]
    fn message_after_trace_frames() {
        check(
            "error:\n       … while calling the 'add' builtin\n         at /pwd/lang/x.nix:1:1:\n            1| builtins.add \"foo\" 1\n             | ^\n\n       error: expected an integer but found a string: \"foo\"\n",
            Some("error: expected an integer but found a string: \"foo\""),
        );
    }

    #[test]
    fn message_with_continuation_and_hint() {
        check(
            "error: line one\n       line two\n       Did you mean y?\n",
            Some("error: line one\nline two"),
        );
        check(
            "error: 2.8 style\n\n       at «string»:1:1:\n",
            Some("error: 2.8 style"),
        );
        check(
            "error: unknown hash algorithm 'foo'\nTry 'nix-instantiate --help' for more information.\n",
            Some("error: unknown hash algorithm 'foo'"),
        );
        check("warning: only a warning\n", None);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(shorten("a\0b\tc"), "`a\\u{0}b\\tc`");
    }

    #[test]
    fn differences() {
        assert_eq!(
            first_difference("a\nb\n", "a\nc\n"),
            "line 2: expected `b` got `c`"
        );
        assert_eq!(
            first_difference("a\n", "a\nb\n"),
            "line 2: expected `<end of text>` got `b`"
        );
    }
}
