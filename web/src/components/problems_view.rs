//! The Problems view: every error and warning with its place, the "while
//! evaluating …" chain and the trap hint. Activating one moves the editor
//! to its span (the root opens the file and selects the range).

use yew::prelude::*;

use crate::problems::{Level, Location, Problem};
use crate::state::relative_path;

/// Properties of [`ProblemsView`].
#[derive(Properties, PartialEq)]
pub struct ProblemsViewProps {
    /// The problems.
    pub problems: Vec<Problem>,
    /// Go to a location in the editor.
    pub on_jump: Callback<Location>,
}

fn place(at: &Location) -> String {
    let file = relative_path(&at.file).unwrap_or(&at.file);
    match (at.line, at.column) {
        (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
        _ => file.to_owned(),
    }
}

/// The Problems view.
#[component]
pub fn ProblemsView(props: &ProblemsViewProps) -> Html {
    if props.problems.is_empty() {
        return html! { <p class="empty" data-testid="no-problems">{"No problems."}</p> };
    }
    let items = props.problems.iter().map(|problem| {
        let level = match problem.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let jump = problem.at.clone().filter(|at| relative_path(&at.file).is_some()).map(|at| {
            let on_jump = props.on_jump.clone();
            let label = place(&at);
            html! {
                <button type="button" class="link" data-testid="problem-location"
                    onclick={Callback::from(move |_: MouseEvent| on_jump.emit(at.clone()))}>
                    { label }
                </button>
            }
        });
        let elsewhere = problem.at.as_ref().filter(|at| relative_path(&at.file).is_none()).map(|at| html! {
            <span class="place">{ place(at) }</span>
        });
        let rows = (!problem.rows.is_empty()).then(|| html! {
            <span class="rows">{ format!("in {}", problem.rows.join(", ")) }</span>
        });
        let trace = problem.trace.iter().map(|(text, at)| {
            let at = at.as_ref().map(place).map(|p| format!(" ({p})")).unwrap_or_default();
            html! { <li>{ format!("… {text}{at}") }</li> }
        });
        html! {
            <li class={classes!("problem", level)} data-testid="problem">
                <div class="headline">
                    <span class="level">{ level }</span>
                    <span class="message">{ problem.message.clone() }</span>
                </div>
                <div class="where">{ for jump }{ for elsewhere }{ for rows }</div>
                { for problem.hint.as_ref().map(|hint| html! { <div class="hint" data-testid="problem-hint">{ format!("hint: {hint}") }</div> }) }
                { for problem.notes.iter().map(|note| html! { <div class="note">{ note.clone() }</div> }) }
                { if problem.trace.is_empty() { html! {} } else { html! {
                    <details class="while"><summary>{ format!("while evaluating ({})", problem.trace.len()) }</summary>
                        <ol>{ for trace }</ol></details>
                } } }
            </li>
        }
    });
    html! { <ol class="problems" data-testid="problems">{ for items }</ol> }
}
