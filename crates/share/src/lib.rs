//! fixpoint-share: a playground workspace as a URL fragment, and back, forever.
//!
//! [`Snapshot`] is the whole workspace state the web app, the embed page and the command line
//! exchange: a [`Mode`] (set mode with a [`Base`] and an ordered stack of [`Overlay`]s, or
//! expression mode with an entry file), the [`File`]s, the active file, the selected attribute,
//! the open [`ResultTab`] and the [`EmbedOptions`]. [`encode`] turns it into a fragment such as
//! `v1.…`; [`decode`] turns a fragment (or a whole URL) back into it or into a precise
//! [`DecodeError`]. [`with_fragment`], [`link_length`], [`is_long`] and [`embed_url`] build the
//! URLs around a fragment.
//!
//! Invariants:
//! - a link made by any release decodes to the same snapshot in every later release: each
//!   format version has its own frozen decoder module (`v1`), and a field a version lacks
//!   decodes to what that version meant (documented in `docs/share-links.md`);
//! - `decode` never panics, whatever the input, and never inflates more than
//!   [`MAX_PAYLOAD_BYTES`];
//! - a decoded snapshot always satisfies [`Snapshot::validate`], and `encode` refuses one that
//!   does not, so every link `encode` returns decodes;
//! - deliberately absent: Nix, the evaluator, the DOM, the file system, the network, and any
//!   notion of UI layout beyond the embed options.
//!
//! ```
//! use fixpoint_share::{decode, encode, Base, File, Mode, Overlay, SetMode, Snapshot};
//!
//! let mode = Mode::Set(SetMode::new(Base::MiniNixpkgs, vec![Overlay::new("overlay.nix", true)]));
//! let files = vec![File::new("overlay.nix", "final: prev: { hello = prev.hello; }")];
//! let snapshot = Snapshot::new(mode, files);
//! let fragment = encode(&snapshot)?;
//! assert!(fragment.starts_with("v1."));
//! assert_eq!(decode(&format!("https://example.org/#{fragment}"))?, snapshot);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Tests: `tests/roundtrip.rs` (property round-trips), `tests/corruption.rs` (truncations,
//! byte flips, crafted payloads, the size guard), `tests/golden.rs` with `tests/golden/` (frozen
//! links per format version), and unit tests in `v1`.
#![deny(missing_docs)]

mod error;
mod link;
mod snapshot;
mod v1;
mod validate;

pub use error::{DecodeError, EncodeError, MalformedPayload};
pub use link::{
    decode, embed_url, encode, escape_html_attribute, format_version, is_long, link_length,
    with_fragment, EmbedUrl, FormatVersion, EMBED_PAGE, LONG_LINK_WARNING_CHARS,
};
pub use snapshot::{
    Base, EmbedOptions, ExpressionMode, File, Mode, Overlay, Panes, ResultTab, SetMode, Snapshot,
    Theme,
};
pub use validate::{
    check_path, FileRole, InvalidSnapshot, PathProblem, MAX_FILES, MAX_PATH_BYTES,
    MAX_PAYLOAD_BYTES, MAX_SELECTED_DEPTH,
};
