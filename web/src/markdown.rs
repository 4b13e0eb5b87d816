//! "Copy as Markdown": the workspace and its result as one Markdown text
//! for a bug report or a question — the mode, every file in a fenced
//! block, then the value (expression mode) or the set's rows, and the
//! problems.
//!
//! Pure: a function of the [`Workspace`]; the root puts it on the
//! clipboard. Tests: `tests` at the bottom (native).

use crate::problems::problems;
use crate::protocol::set::{WireBase, WireChange, WireMode};
use crate::state::Workspace;

/// A fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

fn code_block(out: &mut String, language: &str, text: &str) {
    let fence = fence(text);
    out.push_str(&format!("{fence}{language}\n{}", text));
    if !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{fence}\n\n"));
}

/// The Markdown text.
pub fn to_markdown(workspace: &Workspace) -> String {
    let mut out = String::from("## Fixpoint workspace\n\n");
    match &workspace.mode {
        WireMode::Expression { entry } => {
            out.push_str(&format!("Expression mode, evaluating `{entry}`.\n\n"));
        }
        WireMode::Set { base, overlays } => {
            let base = match base {
                WireBase::MiniNixpkgs => "mini nixpkgs".to_owned(),
                WireBase::Empty => "empty".to_owned(),
                WireBase::PythonSet => "pyproject.nix python set".to_owned(),
                WireBase::Custom { file } => format!("`{file}`"),
            };
            out.push_str(&format!(
                "Set mode, base {base}; overlays bottom first:\n\n"
            ));
            if overlays.is_empty() {
                out.push_str("- (none)\n");
            }
            for overlay in overlays {
                let state = if overlay.enabled { "on" } else { "off" };
                out.push_str(&format!("- `{}` ({state})\n", overlay.file));
            }
            out.push('\n');
        }
    }
    for (name, text) in &workspace.files {
        out.push_str(&format!("### `{name}`\n\n"));
        code_block(&mut out, "nix", text);
    }
    out.push_str("### Result\n\n");
    let Some(result) = workspace.result() else {
        out.push_str("(not evaluated)\n");
        return out;
    };
    if let Some(value) = &result.value {
        match (&value.value, &value.error) {
            (Some(printed), _) => code_block(&mut out, "nix", printed),
            (None, Some(error)) => code_block(&mut out, "", &format!("error: {}", error.message)),
            _ => {}
        }
    }
    if let Some(view) = &result.view {
        if !view.rows.is_empty() {
            out.push_str("| attribute | kind | value | changed |\n|---|---|---|---|\n");
            for row in &view.rows {
                let changed = match row.change {
                    WireChange::Rebuild => "rebuild",
                    WireChange::DrvOnly => "drv only",
                    WireChange::Added => "added",
                    WireChange::Unchanged => "same",
                    WireChange::NotCompared | WireChange::Other => "",
                };
                let value = match &row.error {
                    Some(error) => format!("error: {}", error.message),
                    None => row.short.clone(),
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {changed} |\n",
                    cell(&row.path.join(".")),
                    row.kind.label(),
                    cell(&value)
                ));
            }
            out.push('\n');
        }
    }
    let list = problems(workspace);
    if !list.is_empty() {
        out.push_str("### Problems\n\n");
        for problem in list {
            out.push_str(&format!("- {}", problem.message));
            if let Some(hint) = problem.hint {
                out.push_str(&format!(" (hint: {hint})"));
            }
            out.push('\n');
        }
    }
    out
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::protocol::WireOutcome;
    use crate::state::{Action, EvalResult};

    #[test]
    fn files_and_value_are_fenced() {
        let state = Rc::new(Workspace::with_main("''\n```\n''")).apply(Action::Evaluated {
            rev: 0,
            outcome: Rc::new(EvalResult {
                view: None,
                value: Some(WireOutcome {
                    value: Some("\"```\\n\"".to_owned()),
                    error: None,
                    events: Vec::new(),
                    steps: 3,
                }),
                json: None,
            }),
        });
        let text = to_markdown(&state);
        assert!(text.contains("Expression mode, evaluating `main.nix`."));
        assert!(text.contains("````nix\n''\n```\n''\n````\n"), "{text}");
        assert!(
            text.contains("### Result\n\n````nix\n\"```\\n\"\n````"),
            "{text}"
        );
    }

    #[test]
    fn an_unevaluated_workspace_says_so() {
        assert!(to_markdown(&Workspace::with_main("1")).ends_with("(not evaluated)\n"));
    }
}
