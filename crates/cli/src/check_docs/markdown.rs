//! The examples of a Markdown file: fenced code blocks, and each `nix` block paired with the
//! expected result written after it.
//!
//! Only fenced blocks count (three or more backticks or tildes, closed by a fence of the same
//! character at least as long, as in CommonMark). A fence may be indented, as inside a list
//! item; that much indentation is removed from its lines. Block quotes and indented code blocks
//! are not examples. The convention itself is described in `crate::check_docs::HELP`.
//! Pure text processing: no I/O, no evaluation. Tests: the unit tests at the bottom.

/// A fenced code block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fence {
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The info string's first word (the language), lowercased.
    pub language: String,
    /// The info string's other words.
    pub attributes: Vec<String>,
    /// The lines between the fences, each ending with `\n`.
    pub body: String,
    /// Whether a closing fence was found before the end of the file.
    pub closed: bool,
}

/// What the author says a `nix` block evaluates to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// Nothing written: the block must evaluate without an error.
    NoError,
    /// A `nix-result` block: the printed value.
    Value {
        /// The block's text.
        text: String,
        /// Its line.
        line: usize,
    },
    /// A `nix-error` block: words the error message must contain, in order.
    Error {
        /// The block's text.
        text: String,
        /// Its line.
        line: usize,
    },
    /// `nix no-check`: not evaluated.
    Skipped,
}

/// One `nix` block and what it should give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The `nix` block.
    pub code: Fence,
    /// What it should evaluate to.
    pub expectation: Expectation,
}

/// Something wrong with the Markdown itself, reported as a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutProblem {
    /// A `nix-result` or `nix-error` block with no `nix` block right before it.
    OrphanExpectation {
        /// Its line.
        line: usize,
    },
    /// A `nix`, `nix-result` or `nix-error` fence that is never closed.
    Unclosed {
        /// The opening line.
        line: usize,
    },
}

/// The fenced code blocks of `text`, in order.
pub fn fences(text: &str) -> Vec<Fence> {
    let mut fences = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let Some(opening) = opening_fence(line) else {
            continue;
        };
        let mut body = String::new();
        let mut closed = false;
        for (_, inner) in lines.by_ref() {
            if closes(inner, &opening) {
                closed = true;
                break;
            }
            body.push_str(strip_indent(inner, opening.indent));
            body.push('\n');
        }
        let mut words = opening.info.split_whitespace();
        let language = words.next().unwrap_or_default().to_lowercase();
        fences.push(Fence {
            line: index + 1,
            language,
            attributes: words.map(str::to_string).collect(),
            body,
            closed,
        });
    }
    fences
}

struct Opening<'a> {
    indent: usize,
    marker: char,
    length: usize,
    info: &'a str,
}

fn opening_fence(line: &str) -> Option<Opening<'_>> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    if length < 3 {
        return None;
    }
    // Markers are ASCII, so `length` is also a byte count.
    let info = trimmed.get(length..).unwrap_or_default().trim();
    if marker == '`' && info.contains('`') {
        return None;
    }
    Some(Opening {
        indent,
        marker,
        length,
        info,
    })
}

fn closes(line: &str, opening: &Opening<'_>) -> bool {
    let trimmed = line.trim_start_matches(' ');
    let length = trimmed.chars().take_while(|c| *c == opening.marker).count();
    length >= opening.length && trimmed.get(length..).unwrap_or_default().trim().is_empty()
}

fn strip_indent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    line.get(spaces.min(indent)..).unwrap_or(line)
}

/// The examples of `text` and the problems with its layout. An expected result belongs to the
/// `nix` block before it when no other fenced block comes between them (prose may).
pub fn examples(text: &str) -> (Vec<Example>, Vec<LayoutProblem>) {
    let mut examples: Vec<Example> = Vec::new();
    let mut problems = Vec::new();
    // Whether the last fenced block was a `nix` block still waiting for its expectation.
    let mut waiting = false;
    for fence in fences(text) {
        let is_example_fence =
            matches!(fence.language.as_str(), "nix" | "nix-result" | "nix-error");
        if is_example_fence && !fence.closed {
            problems.push(LayoutProblem::Unclosed { line: fence.line });
            waiting = false;
            continue;
        }
        match fence.language.as_str() {
            "nix" => {
                let skipped = fence.attributes.iter().any(|word| word == "no-check");
                examples.push(Example {
                    expectation: if skipped {
                        Expectation::Skipped
                    } else {
                        Expectation::NoError
                    },
                    code: fence,
                });
                waiting = true;
            }
            "nix-result" | "nix-error" => {
                let last = examples.last_mut().filter(|_| waiting);
                match last {
                    Some(example) => {
                        if example.expectation == Expectation::NoError {
                            example.expectation = if fence.language == "nix-result" {
                                Expectation::Value {
                                    text: fence.body,
                                    line: fence.line,
                                }
                            } else {
                                Expectation::Error {
                                    text: fence.body,
                                    line: fence.line,
                                }
                            };
                        }
                    }
                    None => problems.push(LayoutProblem::OrphanExpectation { line: fence.line }),
                }
                waiting = false;
            }
            _ => waiting = false,
        }
    }
    (examples, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let (examples, problems) = examples(text);
        let mut actual = String::new();
        for example in &examples {
            let expectation = match &example.expectation {
                Expectation::NoError => "no error".to_string(),
                Expectation::Skipped => "skipped".to_string(),
                Expectation::Value { text, line } => format!("value@{line} {text:?}"),
                Expectation::Error { text, line } => format!("error@{line} {text:?}"),
            };
            actual.push_str(&format!(
                "{}: {:?} -> {expectation}\n",
                example.code.line, example.code.body
            ));
        }
        for problem in &problems {
            actual.push_str(&format!("{problem:?}\n"));
        }
        assert_eq!(actual, expected);
    }

    #[test]
    fn pairs_blocks_with_the_result_after_them() {
        check(
            "# Title\n\n```nix\n1 + 2\n```\n\nIt gives:\n\n```nix-result\n3\n```\n",
            "3: \"1 + 2\\n\" -> value@9 \"3\\n\"\n",
        );
    }

    #[test]
    fn errors_skips_and_blocks_without_expectation() {
        check(
            "```nix\nthrow \"x\"\n```\n~~~nix-error\nx\n~~~\n```nix no-check\n...\n```\n```nix\n{ }\n```\n",
            "1: \"throw \\\"x\\\"\\n\" -> error@4 \"x\\n\"\n7: \"...\\n\" -> skipped\n10: \"{ }\\n\" -> no error\n",
        );
    }

    #[test]
    fn another_block_in_between_breaks_the_pair() {
        check(
            "```nix\n1\n```\n```sh\nls\n```\n```nix-result\n1\n```\n",
            "1: \"1\\n\" -> no error\nOrphanExpectation { line: 7 }\n",
        );
    }

    #[test]
    fn fences_in_list_items_lose_their_indentation() {
        check(
            "- step:\n\n  ```nix\n  let\n    a = 1;\n  in a\n  ```\n  ```nix-result\n  1\n  ```\n",
            "3: \"let\\n  a = 1;\\nin a\\n\" -> value@8 \"1\\n\"\n",
        );
    }

    #[test]
    fn longer_fences_hold_shorter_ones_and_unclosed_fences_are_problems() {
        check(
            "````nix\n\"```\"\n````\n```nix-result\n\"```\"\n```\n```nix\n1\n",
            "1: \"\\\"```\\\"\\n\" -> value@4 \"\\\"```\\\"\\n\"\nUnclosed { line: 7 }\n",
        );
    }

    #[test]
    fn inline_code_and_other_languages_are_not_examples() {
        check(
            "Use ```nix x``` inline.\n```Nix\n2\n```\n```python\n3\n```\n",
            "2: \"2\\n\" -> no error\n",
        );
    }
}
