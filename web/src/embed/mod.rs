//! The embed page (`embed.html`): its options and its `postMessage`
//! protocol with the host page, version 1 (`docs/embedding.md`).
//!
//! - [`origin`]: which host origin the embed talks to, and when it talks to
//!   none ([`origin::host_origin`]);
//! - [`init`]: the host's `init` message, read from JS into an
//!   [`init::InitMessage`] and turned into a share-link `Snapshot`, so an
//!   `init` obeys the same rules as a link;
//! - [`messages`]: the envelope (`{ fixpoint: 1, type, id, … }`), the
//!   messages the embed sends, and the check on the messages it accepts.
//!
//! Invariants: the embed never posts with target `"*"`; it accepts a
//! message only from its parent window, from the pinned host origin, and in
//! the `fixpoint: 1` namespace; an invalid `init` changes nothing.
//!
//! The page itself is `components::EmbedPage`. Tests: the `tests` modules of
//! [`origin`] and [`init`] (native), and `tests/e2e/embed.test.mjs`
//! (a host page on another origin in headless Chromium).

pub mod init;
pub mod messages;
pub mod origin;

/// The protocol version, sent as the envelope's `fixpoint` field.
pub const PROTOCOL_VERSION: u32 = 1;

/// Whether the page was opened as the embed page.
pub fn is_embed_path(pathname: &str) -> bool {
    pathname.ends_with("/embed.html") || pathname == "embed.html"
}
