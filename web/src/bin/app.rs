//! The page: mounts the playground into `<body>`, or the embed page when
//! the page is `embed.html` (Trunk builds one page; `embed.html` is a copy
//! of `index.html`, see Trunk.toml).

use fixpoint_web::components::{EmbedPage, Playground};
use fixpoint_web::embed::is_embed_path;

fn main() {
    console_error_panic_hook::set_once();
    let pathname = web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default();
    if is_embed_path(&pathname) {
        yew::Renderer::<EmbedPage>::new().render();
    } else {
        yew::Renderer::<Playground>::new().render();
    }
}
