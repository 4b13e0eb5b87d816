//! The keyboard help panel: shortcuts, and the way out of the editor's
//! Tab capture.

use yew::prelude::*;

/// Properties of [`Help`].
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The panel.
#[component]
pub fn Help(props: &HelpProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="dialog help" role="dialog" aria-label="Keyboard shortcuts" data-testid="help">
            <header>
                <h2>{"Keyboard"}</h2>
                <button type="button" onclick={close} aria-label="close the help">{"✕"}</button>
            </header>
            <dl>
                <dt><kbd>{"Ctrl"}</kbd>{"/"}<kbd>{"⌘"}</kbd>{" + "}<kbd>{"Enter"}</kbd></dt>
                <dd>{"Evaluate now (otherwise the result follows your typing after a short pause)."}</dd>
                <dt><kbd>{"Tab"}</kbd>{" in the editor"}</dt>
                <dd>{"Indents. To leave the editor with the keyboard, press "}<kbd>{"Esc"}</kbd>{" and then "}<kbd>{"Tab"}</kbd>{" (or "}<kbd>{"Shift"}</kbd>{"+"}<kbd>{"Tab"}</kbd>{")."}</dd>
                <dt><kbd>{"Tab"}</kbd>{" elsewhere"}</dt>
                <dd>{"Moves between the controls: file tabs, the overlay stack, the result tabs and the rows of the set."}</dd>
                <dt><kbd>{"Enter"}</kbd>{" / "}<kbd>{"Space"}</kbd></dt>
                <dd>{"Activates the focused button: select an attribute, expand a nested set, open a problem in the editor."}</dd>
                <dt>{"Stop"}</dt>
                <dd>{"Ends a running evaluation at once (the evaluation worker is replaced)."}</dd>
            </dl>
        </div>
    }
}
