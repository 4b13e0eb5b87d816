//! Links: the version prefix, dispatch to the per-version codecs, and the URLs built from a
//! fragment (playground, embed page).

use std::fmt;

use crate::error::{DecodeError, EncodeError};
use crate::snapshot::Snapshot;
use crate::v1;

/// Past this many characters a link risks being cut by chat tools, mail clients and some
/// browsers; the share dialog warns.
pub const LONG_LINK_WARNING_CHARS: usize = 2000;

/// The embed page, relative to the playground's root.
pub const EMBED_PAGE: &str = "embed.html";

/// A link format version this build can decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FormatVersion {
    /// The first format: see `docs/share-links.md`.
    V1,
}

impl FormatVersion {
    /// The version [`encode`] writes.
    pub const CURRENT: FormatVersion = FormatVersion::V1;

    /// Every version this build decodes, oldest first.
    pub const ALL: &'static [FormatVersion] = &[FormatVersion::V1];

    /// The number in the prefix (`1` for `v1.`).
    pub fn number(self) -> u32 {
        match self {
            FormatVersion::V1 => 1,
        }
    }
}

impl fmt::Display for FormatVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.number())
    }
}

/// The URL fragment (without `#`) that carries `snapshot`, in the current format.
pub fn encode(snapshot: &Snapshot) -> Result<String, EncodeError> {
    let body = v1::encode(snapshot)?;
    Ok(format!("{}.{body}", FormatVersion::CURRENT))
}

/// The snapshot a link carries. `link` may be the bare fragment (`v1.…`), the fragment with
/// its `#`, or a whole URL (everything after the first `#` is used); surrounding whitespace is
/// ignored. Error offsets count bytes from the start of the fragment.
pub fn decode(link: &str) -> Result<Snapshot, DecodeError> {
    let fragment = fragment_of(link);
    let (version, body_offset) = split_version(fragment)?;
    let body = fragment.get(body_offset..).unwrap_or_default();
    match version {
        FormatVersion::V1 => v1::decode(body, body_offset),
    }
}

/// The format version of a link, read from its prefix alone (nothing else is checked).
pub fn format_version(link: &str) -> Result<FormatVersion, DecodeError> {
    split_version(fragment_of(link)).map(|(version, _)| version)
}

/// `page_url` with its fragment, if any, replaced by `#fragment`.
pub fn with_fragment(page_url: &str, fragment: &str) -> String {
    let page = page_url.split('#').next().unwrap_or_default();
    format!("{page}#{fragment}")
}

/// The length in characters of the URL [`with_fragment`] builds, without building it; compare
/// with [`LONG_LINK_WARNING_CHARS`]. Links are ASCII, so characters and bytes agree for the
/// fragment; the page URL is counted in characters.
pub fn link_length(page_url: &str, fragment: &str) -> usize {
    let page = page_url.split('#').next().unwrap_or_default();
    page.chars().count() + 1 + fragment.len()
}

/// Whether a link of `length` characters deserves the share dialog's warning.
pub fn is_long(length: usize) -> bool {
    length > LONG_LINK_WARNING_CHARS
}

/// The embed page URL for `snapshot`: `site_root` (the playground's base URL, such as
/// `https://example.org/fixpoint/`; any fragment is dropped) joined with [`EMBED_PAGE`] and the
/// fragment. The snapshot's [`crate::EmbedOptions`] and tab say how the embed looks.
pub fn embed_url(site_root: &str, snapshot: &Snapshot) -> Result<EmbedUrl, EncodeError> {
    let fragment = encode(snapshot)?;
    let root = site_root.split('#').next().unwrap_or_default();
    let separator = if root.is_empty() || root.ends_with('/') {
        ""
    } else {
        "/"
    };
    Ok(EmbedUrl(format!(
        "{root}{separator}{EMBED_PAGE}#{fragment}"
    )))
}

/// The URL of an embed page carrying a snapshot, from [`embed_url`].
///
/// The fragment is `[A-Za-z0-9._-]` only, so only the site root can need escaping; use
/// [`EmbedUrl::html_attribute`] when writing it into HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedUrl(String);

impl EmbedUrl {
    /// The URL itself, for a browser or a terminal.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL escaped for a quoted HTML attribute value: `<iframe src="{this}">`.
    pub fn html_attribute(&self) -> String {
        escape_html_attribute(&self.0)
    }
}

impl fmt::Display for EmbedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe inside a
/// quoted HTML attribute value or element text.
pub fn escape_html_attribute(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The fragment part of a link: after the first `#` if there is one, trimmed.
fn fragment_of(link: &str) -> &str {
    let trimmed = link.trim();
    match trimmed.split_once('#') {
        Some((_, fragment)) => fragment.trim(),
        None => trimmed,
    }
}

/// The version in `v<digits>.` at the start of the fragment, and the offset after the dot.
fn split_version(fragment: &str) -> Result<(FormatVersion, usize), DecodeError> {
    let rest = fragment
        .strip_prefix('v')
        .ok_or(DecodeError::MissingVersion)?;
    let (digits, _) = rest.split_once('.').ok_or(DecodeError::MissingVersion)?;
    let canonical = !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|byte| byte.is_ascii_digit())
        && !digits.starts_with('0');
    if !canonical {
        return Err(DecodeError::MissingVersion);
    }
    let number: u32 = digits.parse().map_err(|_| DecodeError::MissingVersion)?;
    let body_offset = 1 + digits.len() + 1;
    match number {
        1 => Ok((FormatVersion::V1, body_offset)),
        version => Err(DecodeError::UnknownVersion { version }),
    }
}
