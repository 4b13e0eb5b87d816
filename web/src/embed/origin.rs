//! Which origin the embed exchanges messages with.
//!
//! The host origin is pinned once, at start-up, from the `?origin=` query
//! parameter or, without one, from the parent's origin as the browser
//! reports it. When the browser reports the parent's origin and it differs
//! from `?origin=`, the protocol is off: the URL cannot make the embed talk
//! to a third origin. See "Origins" in `docs/embedding.md`.

use std::fmt;

/// Why the embed runs without the protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoProtocol {
    /// The page is not inside a frame.
    NotFramed,
    /// Neither `?origin=` nor the browser says who the parent is.
    UnknownParent,
    /// `?origin=` is not an origin (`scheme://host[:port]`).
    BadOrigin {
        /// What was given.
        given: String,
    },
    /// `?origin=` names another origin than the parent's.
    ParentMismatch {
        /// What `?origin=` says.
        declared: String,
        /// What the browser says.
        reported: String,
    },
}

impl fmt::Display for NoProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoProtocol::NotFramed => write!(f, "the embed is not in a frame"),
            NoProtocol::UnknownParent => write!(f, "the host page's origin is unknown"),
            NoProtocol::BadOrigin { given } => write!(f, "{given:?} is not an origin"),
            NoProtocol::ParentMismatch { declared, reported } => write!(
                f,
                "the origin parameter {declared:?} is not the parent page's origin {reported:?}"
            ),
        }
    }
}

impl std::error::Error for NoProtocol {}

/// Whether `text` has the shape of a serialized origin: a scheme, `://`, a
/// host and an optional port, with no path, query or fragment. (`null`, the
/// origin of sandboxed frames and `file:` pages, is refused: it cannot be
/// used as a `postMessage` target.)
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok && !rest.is_empty() && !rest.contains(['/', '?', '#', '@', ' ', '\\'])
}

/// The host origin to pin, from `?origin=` (`declared`), the parent's origin
/// as reported by the browser (`reported`: `location.ancestorOrigins[0]`,
/// else the referrer's origin) and whether the page is framed at all.
pub fn host_origin(
    framed: bool,
    declared: Option<&str>,
    reported: Option<&str>,
) -> Result<String, NoProtocol> {
    if !framed {
        return Err(NoProtocol::NotFramed);
    }
    let reported = reported.filter(|origin| is_origin(origin));
    match (declared, reported) {
        (Some(declared), _) if !is_origin(declared) => Err(NoProtocol::BadOrigin {
            given: declared.to_owned(),
        }),
        (Some(declared), Some(reported)) if declared != reported => {
            Err(NoProtocol::ParentMismatch {
                declared: declared.to_owned(),
                reported: reported.to_owned(),
            })
        }
        (Some(declared), _) => Ok(declared.to_owned()),
        (None, Some(reported)) => Ok(reported.to_owned()),
        (None, None) => Err(NoProtocol::UnknownParent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &str = "https://docs.example";

    #[test]
    fn declared_origin_is_pinned_when_the_browser_agrees_or_is_silent() {
        assert_eq!(
            host_origin(true, Some(DOCS), Some(DOCS)),
            Ok(DOCS.to_owned())
        );
        assert_eq!(host_origin(true, Some(DOCS), None), Ok(DOCS.to_owned()));
    }

    #[test]
    fn reported_origin_is_used_without_a_declared_one() {
        assert_eq!(
            host_origin(true, None, Some("http://127.0.0.1:8080")),
            Ok("http://127.0.0.1:8080".to_owned())
        );
    }

    #[test]
    fn a_lie_about_the_parent_switches_the_protocol_off() {
        assert_eq!(
            host_origin(true, Some(DOCS), Some("https://evil.example")),
            Err(NoProtocol::ParentMismatch {
                declared: DOCS.to_owned(),
                reported: "https://evil.example".to_owned(),
            })
        );
    }

    #[test]
    fn no_frame_or_no_knowledge_means_no_protocol() {
        assert_eq!(
            host_origin(false, Some(DOCS), Some(DOCS)),
            Err(NoProtocol::NotFramed)
        );
        assert_eq!(
            host_origin(true, None, None),
            Err(NoProtocol::UnknownParent)
        );
        assert_eq!(
            host_origin(true, None, Some("null")),
            Err(NoProtocol::UnknownParent)
        );
    }

    #[test]
    fn things_that_are_not_origins_are_refused() {
        for given in [
            "*",
            "null",
            "docs.example",
            "https://docs.example/path",
            "https://",
        ] {
            assert!(
                matches!(
                    host_origin(true, Some(given), None),
                    Err(NoProtocol::BadOrigin { .. })
                ),
                "{given}"
            );
        }
        assert!(host_origin(true, Some("http://[::1]:8080"), None).is_ok());
    }
}
