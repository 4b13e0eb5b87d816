//! The banner for a link that does not decode: says precisely why and
//! offers the last local workspace.

use yew::prelude::*;

/// Properties of [`LinkBanner`].
#[derive(Properties, PartialEq)]
pub struct LinkBannerProps {
    /// Why the link does not open (the `DecodeError`'s message).
    pub reason: AttrValue,
    /// Whether a last local workspace can be offered.
    #[prop_or_default]
    pub can_restore: bool,
    /// Opens the last local workspace.
    #[prop_or_default]
    pub on_restore: Callback<()>,
    /// Closes the banner, keeping what is shown.
    #[prop_or_default]
    pub on_dismiss: Option<Callback<()>>,
    /// What the reader can do, when the playground's advice does not fit
    /// (the embed page has no last workspace and no welcome example).
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// A banner across the top of the page (`role="alert"`).
#[component]
pub fn LinkBanner(props: &LinkBannerProps) -> Html {
    let restore = if props.can_restore {
        let on_restore = props.on_restore.reform(|_: MouseEvent| ());
        html! {
            <button type="button" onclick={on_restore} data-testid="restore-last-workspace">
                {"Open your last workspace"}
            </button>
        }
    } else {
        Html::default()
    };
    let dismiss = props
        .on_dismiss
        .as_ref()
        .map(|on_dismiss| {
            let on_dismiss = on_dismiss.reform(|_: MouseEvent| ());
            html! {
                <button type="button" onclick={on_dismiss} data-testid="dismiss-banner">
                    {"Keep the example"}
                </button>
            }
        })
        .unwrap_or_default();
    html! {
        <div class="link-banner" role="alert" data-testid="link-banner">
            <p>
                <strong>{"This link is corrupt or truncated, so it cannot be opened: "}</strong>
                <span data-testid="link-error">{ props.reason.clone() }</span>
            </p>
            <p class="link-banner-hint">
                { if let Some(hint) = &props.hint {
                    hint.to_string()
                } else if props.can_restore {
                    "The address bar still holds the link. You can open the workspace you had last in this browser instead.".to_owned()
                } else {
                    "The address bar still holds the link. Ask for the whole link again; the editor shows the welcome example meanwhile.".to_owned()
                } }
            </p>
            <div class="link-banner-actions">{ restore }{ dismiss }</div>
        </div>
    }
}
