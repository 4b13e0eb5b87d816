//! Link format v1: `v1.` then unpadded base64url of a CRC-32-checked, raw-deflated,
//! section-based binary payload.
//!
//! - `frame` is the container (checksum, declared size, deflate, base64url).
//! - `payload` is the snapshot layout inside it, built on the primitives of `wire`.
//!
//! Invariants: this module is frozen. A v1 link must decode to the same snapshot forever, so
//! its layout, its tag and byte values and the defaults of absent sections never change; a new
//! layout is a new `vN` module beside this one. Decoding never panics and never allocates more
//! than [`crate::MAX_PAYLOAD_BYTES`] for the payload. The byte layout is documented in
//! `docs/share-links.md`; the golden links in `tests/golden/` pin it, and the unit test below
//! checks that re-encoding each golden snapshot gives the golden payload byte for byte.

mod frame;
mod payload;
mod wire;

use crate::error::{DecodeError, EncodeError};
use crate::snapshot::Snapshot;

/// The link body (after `v1.`) for a snapshot.
pub(crate) fn encode(snapshot: &Snapshot) -> Result<String, EncodeError> {
    let payload = payload::encode_payload(snapshot)?;
    Ok(frame::seal(&payload))
}

/// The snapshot in a link body (after `v1.`) that starts at `body_offset` in the fragment.
pub(crate) fn decode(body: &str, body_offset: usize) -> Result<Snapshot, DecodeError> {
    let payload = frame::open(body, body_offset)?;
    payload::decode_payload(&payload)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The compressor may change between miniz_oxide releases, so golden links are not
    /// compared as text; the payload they carry must still be exactly what the encoder writes,
    /// which pins the v1 serialization byte for byte.
    #[test]
    fn golden_payloads_are_what_the_encoder_writes() {
        let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
        let mut checked = 0;
        for entry in std::fs::read_dir(&directory).expect("golden directory is readable") {
            let json_path = entry.expect("golden entry is readable").path();
            let name = json_path.file_name().and_then(|name| name.to_str());
            let is_v1_json =
                name.is_some_and(|name| name.starts_with("v1-") && name.ends_with(".json"));
            if !is_v1_json {
                continue;
            }
            let json = std::fs::read_to_string(&json_path).expect("golden JSON is readable");
            let link = std::fs::read_to_string(json_path.with_extension("link"))
                .expect("every golden JSON has its link");
            let expected: Snapshot = serde_json::from_str(&json).expect("golden JSON parses");
            let body = link.trim().strip_prefix("v1.").expect("golden link is v1");
            let golden_payload = frame::open(body, 3).expect("golden link opens");
            let encoded_payload = payload::encode_payload(&expected).expect("golden encodes");
            assert_eq!(
                golden_payload,
                encoded_payload,
                "payload of {}",
                json_path.display()
            );
            checked += 1;
        }
        assert!(checked >= 5, "only {checked} v1 golden links found");
    }
}
