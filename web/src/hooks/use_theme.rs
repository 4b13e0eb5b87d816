//! `use_theme`: light and dark following the system, with a toggle.
//!
//! The choice cycles system → light → dark and is kept in `localStorage`;
//! it is applied as `data-theme` on the root element, which the style
//! sheet's `:root[data-theme=…]` rules read. "system" removes the
//! attribute, so `prefers-color-scheme` decides.

use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

const THEME_KEY: &str = "fixpoint.theme";

/// The theme choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_name(name: &str) -> Theme {
        match name {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// The toggle's label.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Theme: system",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}

/// The current theme and a way to change it.
#[derive(Clone, PartialEq)]
pub struct ThemeHandle {
    state: UseStateHandle<Theme>,
}

impl ThemeHandle {
    /// The current choice.
    pub fn current(&self) -> Theme {
        *self.state
    }

    /// A callback that moves to the next choice.
    pub fn toggle(&self) -> Callback<()> {
        let state = self.state.clone();
        Callback::from(move |()| state.set(state.next()))
    }
}

fn apply(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.name()),
    };
}

/// The theme of the page.
#[hook]
pub fn use_theme() -> ThemeHandle {
    let state = use_state(|| {
        LocalStorage::get::<String>(THEME_KEY)
            .map(|name| Theme::from_name(&name))
            .unwrap_or(Theme::System)
    });
    use_effect_with(*state, |theme| {
        apply(*theme);
        let _ = LocalStorage::set(THEME_KEY, theme.name());
    });
    ThemeHandle { state }
}
