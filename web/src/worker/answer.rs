//! What the worker posts back: a [`FromWorker`], or a `Resolved` answer
//! whose set view is still the engine's own value.
//!
//! A keystroke's answer is mostly its Set view. The page reads it as the
//! protocol's mirror types, which have the engine's serde shape, so the
//! worker serializes the engine's [`SetView`] straight into the posted JS
//! value ([`Answer::encode`]) instead of first copying it into the mirror
//! (engine → JS → mirror) and then encoding the mirror (→ JS) again.
//!
//! Invariant: [`Answer::encode`] gives exactly the JS value that encoding
//! [`Answer::into_wire`] would give, so the page decodes it as a
//! [`FromWorker`]; the browser test `worker_in_browser.rs` decodes every
//! answer it checks from [`Answer::encode`].

use fixpoint_overrides::SetView;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::protocol::{self, CodecError, FromWorker, WireOutcome};

use super::resolve::transcode;

/// One answer, ready to post.
#[derive(Debug)]
pub enum Answer {
    /// Any answer already in the protocol's types.
    Wire(FromWorker),
    /// `FromWorker::Resolved`, with the engine's view.
    Resolved {
        /// The revision the request carried.
        rev: u64,
        /// The resolved set.
        view: SetView,
        /// The printed value (expression mode).
        value: Option<WireOutcome>,
    },
}

/// `FromWorker::Resolved`'s serde shape, borrowing the engine's view (the
/// enum's name is not part of the shape; the variant's and fields' are).
#[derive(Serialize)]
enum Posted<'a> {
    Resolved {
        rev: u64,
        view: Option<&'a SetView>,
        value: &'a Option<WireOutcome>,
    },
}

impl Answer {
    /// The JS value to post.
    pub fn encode(&self) -> Result<JsValue, CodecError> {
        match self {
            Answer::Wire(message) => protocol::encode(message),
            Answer::Resolved { rev, view, value } => protocol::encode(&Posted::Resolved {
                rev: *rev,
                view: Some(view),
                value,
            }),
        }
    }

    /// The answer in the protocol's types (what the page decodes).
    pub fn into_wire(self) -> FromWorker {
        match self {
            Answer::Wire(message) => message,
            Answer::Resolved { rev, view, value } => FromWorker::Resolved {
                rev,
                view: transcode(&view),
                value,
            },
        }
    }
}
