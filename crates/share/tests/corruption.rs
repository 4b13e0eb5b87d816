//! Broken links: every truncation, every single-character substitution and every bit flip of
//! real links gives a typed error (or, where deflate ignores the bit, the very same snapshot),
//! and crafted links reach each error variant, including the decompressed-size guard.

use std::path::Path;

use base64::Engine;
use fixpoint_share::{
    decode, embed_url, encode, is_long, with_fragment, Base, DecodeError, EncodeError,
    ExpressionMode, File, FileRole, InvalidSnapshot, MalformedPayload, Mode, Overlay, Panes,
    PathProblem, SetMode, Snapshot, LONG_LINK_WARNING_CHARS, MAX_FILES, MAX_PAYLOAD_BYTES,
};
use proptest::prelude::*;

const BASE64URL_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The committed golden links plus one larger generated workspace.
fn sample_links() -> Vec<String> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut links: Vec<String> = std::fs::read_dir(directory)
        .expect("golden directory is readable")
        .map(|entry| entry.expect("golden entry is readable").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "link")
        })
        .map(|path| {
            std::fs::read_to_string(path)
                .expect("golden link is readable")
                .trim()
                .to_owned()
        })
        .collect();
    links.sort();
    let files: Vec<File> = (0..12)
        .map(|index| {
            File::new(
                format!("overlay-{index}.nix"),
                format!("final: prev: {{ pkg{index} = prev.pkg{index}.override {{ flag = {index}; }}; }}\n"),
            )
        })
        .collect();
    let overlays = files
        .iter()
        .enumerate()
        .map(|(index, file)| Overlay::new(file.path.clone(), index % 3 != 0))
        .collect();
    let snapshot = Snapshot::new(Mode::Set(SetMode::new(Base::MiniNixpkgs, overlays)), files);
    links.push(encode(&snapshot).expect("sample encodes"));
    links
}

/// A v1 link around `payload` with a correct header.
fn link_for_payload(payload: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(payload, 6);
    link_for_frame(crc32fast::hash(payload), payload.len() as u32, &compressed)
}

/// A v1 link around the given header fields and compressed bytes.
fn link_for_frame(checksum: u32, declared: u32, compressed: &[u8]) -> String {
    let mut frame = Vec::new();
    frame.extend_from_slice(&checksum.to_le_bytes());
    frame.extend_from_slice(&declared.to_le_bytes());
    frame.extend_from_slice(compressed);
    format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(frame)
    )
}

/// Minimal v1 payload writing, independent of the crate's own writer, following
/// `docs/share-links.md`.
fn varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let group = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(group);
            return;
        }
        out.push(group | 0x80);
    }
}

fn string(out: &mut Vec<u8>, text: &[u8]) {
    varint(out, text.len() as u64);
    out.extend_from_slice(text);
}

fn section(out: &mut Vec<u8>, tag: u8, body: &[u8]) {
    out.push(tag);
    varint(out, body.len() as u64);
    out.extend_from_slice(body);
}

/// A FILES section body for the given paths (each with text `{ }`).
fn files_body(paths: &[&[u8]]) -> Vec<u8> {
    let mut body = Vec::new();
    varint(&mut body, paths.len() as u64);
    for path in paths {
        string(&mut body, path);
        string(&mut body, b"{ }");
    }
    body
}

/// MODE body: expression mode evaluating file 0.
const EXPRESSION_ENTRY_0: &[u8] = &[1, 0];

fn payload(sections: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (tag, body) in sections {
        section(&mut out, *tag, body);
    }
    out
}

#[test]
fn the_hand_written_layout_matches_the_encoder() {
    let bytes = payload(&[(1, &files_body(&[b"main.nix"])), (2, EXPRESSION_ENTRY_0)]);
    let expected = Snapshot::new(
        Mode::Expression(ExpressionMode::new("main.nix")),
        vec![File::new("main.nix", "{ }")],
    );
    assert_eq!(decode(&link_for_payload(&bytes)), Ok(expected));
}

#[test]
fn every_truncation_is_an_error() {
    for link in sample_links() {
        for end in 0..link.len() {
            let truncated = &link[..end];
            assert!(decode(truncated).is_err(), "{truncated:?} decoded");
        }
        assert!(decode(&link).is_ok(), "{link} does not decode");
    }
}

#[test]
fn every_truncation_of_the_data_says_truncated_or_bad_base64() {
    let link = sample_links().pop().expect("a sample");
    // Cut inside the compressed stream, at base64 boundaries so the bytes themselves decode.
    for end in (3 + 12..link.len()).step_by(4) {
        let error = decode(&link[..end]).expect_err("a truncated link fails");
        assert_eq!(error, DecodeError::Truncated, "cut at {end}");
    }
}

/// Every position, every other base64url character: an error, or (when the change only
/// touches the padding bits after the end of the deflate stream, which live in its last byte
/// and so in the link's last three characters) exactly the original snapshot. Never a
/// different workspace.
#[test]
fn every_substitution_is_an_error_or_harmless() {
    for link in sample_links() {
        let original = decode(&link).expect("sample decodes");
        for position in "v1.".len()..link.len() {
            for &replacement in BASE64URL_ALPHABET {
                if link.as_bytes()[position] == replacement {
                    continue;
                }
                let mut bytes = link.clone().into_bytes();
                bytes[position] = replacement;
                let changed = String::from_utf8(bytes).expect("still ASCII");
                if let Ok(snapshot) = decode(&changed) {
                    assert_eq!(snapshot, original, "{changed} decoded to another workspace");
                    assert!(
                        position + 3 >= link.len(),
                        "{changed} went unnoticed, at {position} of {}",
                        link.len()
                    );
                }
            }
        }
    }
}

/// Every bit of the decoded frame: an error, or a padding bit of the last deflate byte.
#[test]
fn every_bit_flip_of_the_frame_is_an_error_or_harmless() {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for link in sample_links() {
        let original = decode(&link).expect("sample decodes");
        let frame = engine.decode(&link[3..]).expect("sample is base64url");
        for position in 0..frame.len() {
            for bit in 0..8 {
                let mut flipped = frame.clone();
                flipped[position] ^= 1 << bit;
                let changed = format!("v1.{}", engine.encode(&flipped));
                if let Ok(snapshot) = decode(&changed) {
                    assert_eq!(snapshot, original, "flip {position}:{bit}");
                    assert_eq!(position + 1, frame.len(), "flip {position}:{bit} unnoticed");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Several random changes at once, with any character (not only base64url).
    #[test]
    fn random_corruption_never_panics(
        sample in 0usize..6,
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..6),
    ) {
        let links = sample_links();
        let link = &links[sample % links.len()];
        let original = decode(link).expect("sample decodes");
        let mut characters: Vec<char> = link.chars().collect();
        for (index, replacement) in changes {
            let position = index.index(characters.len());
            characters[position] = replacement;
        }
        let changed: String = characters.into_iter().collect();
        if let Ok(snapshot) = decode(&changed) {
            prop_assert_eq!(snapshot, original);
        }
    }

    /// A correct frame around arbitrary bytes exercises the payload parser directly.
    #[test]
    fn arbitrary_payloads_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(snapshot) = decode(&link_for_payload(&bytes)) {
            prop_assert_eq!(snapshot.validate(), Ok(()));
        }
    }
}

#[test]
fn prefixes_are_checked() {
    assert_eq!(decode(""), Err(DecodeError::MissingVersion));
    assert_eq!(decode("hello"), Err(DecodeError::MissingVersion));
    assert_eq!(decode("v.abc"), Err(DecodeError::MissingVersion));
    assert_eq!(decode("v01.abc"), Err(DecodeError::MissingVersion));
    assert_eq!(decode("v1"), Err(DecodeError::MissingVersion));
    assert_eq!(
        decode("https://example.org/#v2.AAAA"),
        Err(DecodeError::UnknownVersion { version: 2 })
    );
    assert_eq!(
        decode("v4000000000.AAAA"),
        Err(DecodeError::MissingVersion),
        "more than nine digits is not a version"
    );
}

#[test]
fn base64_errors_point_at_the_character() {
    assert_eq!(
        decode("v1.AAAA*AAA"),
        Err(DecodeError::InvalidBase64 { offset: 7 })
    );
    assert_eq!(
        decode("#v1.AAAA+AAA"),
        Err(DecodeError::InvalidBase64 { offset: 7 }),
        "standard base64's `+` is not base64url"
    );
    assert_eq!(
        decode("v1.AAAAA"),
        Err(DecodeError::InvalidBase64Length { length: 5 })
    );
}

#[test]
fn short_frames_are_truncated() {
    assert_eq!(decode("v1."), Err(DecodeError::Truncated));
    assert_eq!(decode("v1.AAAA"), Err(DecodeError::Truncated));
    assert_eq!(
        decode(&link_for_frame(0, 0, &[])),
        Err(DecodeError::Truncated)
    );
}

#[test]
fn a_wrong_checksum_is_reported() {
    let bytes = payload(&[(1, &files_body(&[b"main.nix"])), (2, EXPRESSION_ENTRY_0)]);
    let compressed = miniz_oxide::deflate::compress_to_vec(&bytes, 6);
    let right = crc32fast::hash(&bytes);
    let link = link_for_frame(right ^ 1, bytes.len() as u32, &compressed);
    assert_eq!(
        decode(&link),
        Err(DecodeError::ChecksumMismatch {
            stored: right ^ 1,
            computed: right
        })
    );
}

#[test]
fn broken_deflate_is_reported() {
    // Block header 0b111: final block of the reserved type 3.
    let link = link_for_frame(0, 10, &[0b0000_0111, 0, 0]);
    assert_eq!(decode(&link), Err(DecodeError::Decompression));
}

#[test]
fn bytes_after_the_deflate_stream_are_reported() {
    let bytes = payload(&[(1, &files_body(&[b"main.nix"])), (2, EXPRESSION_ENTRY_0)]);
    let mut compressed = miniz_oxide::deflate::compress_to_vec(&bytes, 6);
    compressed.extend_from_slice(b"junk");
    let link = link_for_frame(crc32fast::hash(&bytes), bytes.len() as u32, &compressed);
    assert_eq!(decode(&link), Err(DecodeError::TrailingData { bytes: 4 }));
}

#[test]
fn the_decompressed_size_guard_holds() {
    let bomb = vec![0u8; MAX_PAYLOAD_BYTES + 1];
    let compressed = miniz_oxide::deflate::compress_to_vec(&bomb, 10);
    assert!(compressed.len() < 10_000, "the bomb is small");

    // An honest header is refused before anything is inflated.
    let honest = link_for_frame(crc32fast::hash(&bomb), bomb.len() as u32, &compressed);
    assert_eq!(
        decode(&honest),
        Err(DecodeError::TooLarge {
            declared: bomb.len() as u32
        })
    );
    let huge = link_for_frame(0, u32::MAX, &compressed);
    assert_eq!(
        decode(&huge),
        Err(DecodeError::TooLarge { declared: u32::MAX })
    );

    // A lying header gets a buffer of the declared size and no more.
    let lying = link_for_frame(crc32fast::hash(&bomb), 100, &compressed);
    assert_eq!(
        decode(&lying),
        Err(DecodeError::LengthMismatch { declared: 100 })
    );

    // Exactly at the limit is allowed through the guard (and then fails as a payload).
    let at_limit = vec![0u8; MAX_PAYLOAD_BYTES];
    let link = link_for_payload(&at_limit);
    assert!(matches!(
        decode(&link),
        Err(DecodeError::Malformed { offset: 0, .. })
    ));
}

#[test]
fn a_short_stream_is_a_length_mismatch() {
    let bytes = payload(&[(1, &files_body(&[b"main.nix"])), (2, EXPRESSION_ENTRY_0)]);
    let compressed = miniz_oxide::deflate::compress_to_vec(&bytes, 6);
    let link = link_for_frame(crc32fast::hash(&bytes), bytes.len() as u32 + 1, &compressed);
    assert_eq!(
        decode(&link),
        Err(DecodeError::LengthMismatch {
            declared: bytes.len() as u32 + 1
        })
    );
}

fn malformed(bytes: &[u8]) -> (usize, MalformedPayload) {
    match decode(&link_for_payload(bytes)) {
        Err(DecodeError::Malformed { offset, problem }) => (offset, problem),
        other => panic!("expected a malformed payload, got {other:?}"),
    }
}

#[test]
fn malformed_payloads_are_located() {
    let files = files_body(&[b"main.nix"]);
    assert_eq!(malformed(&[]), (0, MalformedPayload::MissingSection(1)));
    assert_eq!(
        malformed(&payload(&[(1, &files)])),
        (files.len() + 2, MalformedPayload::MissingSection(2))
    );
    assert_eq!(
        malformed(&payload(&[(2, EXPRESSION_ENTRY_0)])),
        (0, MalformedPayload::MissingSection(1))
    );
    assert_eq!(
        malformed(&payload(&[(1, &files), (9, &[])])),
        (files.len() + 2, MalformedPayload::UnknownSection(9))
    );
    assert_eq!(
        malformed(&payload(&[
            (1, &files),
            (2, EXPRESSION_ENTRY_0),
            (2, EXPRESSION_ENTRY_0)
        ])),
        (files.len() + 2 + 4, MalformedPayload::SectionOutOfOrder(2))
    );
    assert_eq!(
        malformed(&payload(&[(1, &files), (2, &[1, 0, 0])])),
        (files.len() + 2 + 2 + 2, MalformedPayload::SectionTooLong(2))
    );
    assert_eq!(
        malformed(&payload(&[(1, &files), (2, &[1, 5])])),
        (
            files.len() + 2 + 2 + 1,
            MalformedPayload::FileIndexOutOfRange(5)
        )
    );
    assert_eq!(
        malformed(&payload(&[(1, &files), (2, &[7])])),
        (files.len() + 2 + 2, MalformedPayload::UnknownMode(7))
    );
    assert_eq!(
        malformed(&payload(&[(1, &files), (2, &[0, 9, 0])])),
        (files.len() + 2 + 2 + 1, MalformedPayload::UnknownBase(9))
    );
    assert_eq!(
        malformed(&payload(&[(1, &files), (2, &[0, 0, 1, 0, 2])])),
        (files.len() + 2 + 2 + 4, MalformedPayload::InvalidBool(2))
    );
    assert_eq!(
        malformed(&payload(&[(1, &files), (2, EXPRESSION_ENTRY_0), (5, &[5])])),
        (files.len() + 2 + 4 + 2, MalformedPayload::UnknownTab(5))
    );
    assert_eq!(
        malformed(&payload(&[
            (1, &files),
            (2, EXPRESSION_ENTRY_0),
            (6, &[0, 1, 0x40, 0])
        ])),
        (
            files.len() + 2 + 4 + 2 + 2,
            MalformedPayload::UnknownPanes(0x40)
        )
    );
    assert_eq!(
        malformed(&payload(&[
            (1, &files),
            (2, EXPRESSION_ENTRY_0),
            (6, &[0, 1, 1, 3])
        ])),
        (
            files.len() + 2 + 4 + 2 + 3,
            MalformedPayload::UnknownTheme(3)
        )
    );

    let mut bad_utf8 = Vec::new();
    varint(&mut bad_utf8, 1);
    string(&mut bad_utf8, b"main.nix");
    string(&mut bad_utf8, &[0xff, 0xfe]);
    assert_eq!(
        malformed(&payload(&[(1, &bad_utf8), (2, EXPRESSION_ENTRY_0)])),
        (2 + 1 + 9 + 1, MalformedPayload::InvalidUtf8)
    );
    assert_eq!(
        malformed(&[1, 0x80, 0x00]),
        (1, MalformedPayload::VarintOverlong)
    );
    assert_eq!(
        malformed(&[1, 0xff, 0xff, 0xff, 0xff, 0x7f]),
        (1, MalformedPayload::VarintTooLarge)
    );
    assert_eq!(
        malformed(&[1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        (1, MalformedPayload::VarintTooLarge)
    );
    assert_eq!(malformed(&[1, 10, 0]), (2, MalformedPayload::UnexpectedEnd));
}

fn invalid(bytes: &[u8]) -> InvalidSnapshot {
    match decode(&link_for_payload(bytes)) {
        Err(DecodeError::Invalid(invalid)) => invalid,
        other => panic!("expected an invalid snapshot, got {other:?}"),
    }
}

#[test]
fn invalid_workspaces_are_refused() {
    for (path, problem) in [
        (&b"../escape.nix"[..], PathProblem::ParentDirectory),
        (b"a/../../b.nix", PathProblem::ParentDirectory),
        (b"./a.nix", PathProblem::CurrentDirectory),
        (b"/etc/passwd", PathProblem::Absolute),
        (b"a//b.nix", PathProblem::EmptyComponent),
        (b"dir/", PathProblem::EmptyComponent),
        (b"", PathProblem::Empty),
        (b"a\\b.nix", PathProblem::Backslash),
        (b"C:evil.nix", PathProblem::Colon),
        (b"a\nb.nix", PathProblem::ControlCharacter),
        (&[b'x'; 257][..], PathProblem::TooLong),
    ] {
        let bytes = payload(&[(1, &files_body(&[path])), (2, EXPRESSION_ENTRY_0)]);
        assert_eq!(
            invalid(&bytes),
            InvalidSnapshot::InvalidPath {
                path: String::from_utf8(path.to_vec()).expect("test paths are UTF-8"),
                problem
            }
        );
    }

    let mut too_many = Vec::new();
    varint(&mut too_many, MAX_FILES as u64 + 1);
    assert_eq!(
        invalid(&payload(&[(1, &too_many)])),
        InvalidSnapshot::TooManyFiles {
            count: MAX_FILES as u64 + 1
        }
    );
    let mut billions = Vec::new();
    varint(&mut billions, u64::from(u32::MAX));
    assert_eq!(
        invalid(&payload(&[(1, &billions)])),
        InvalidSnapshot::TooManyFiles {
            count: u64::from(u32::MAX)
        }
    );

    assert_eq!(
        invalid(&payload(&[
            (1, &files_body(&[b"a.nix", b"a.nix"])),
            (2, EXPRESSION_ENTRY_0)
        ])),
        InvalidSnapshot::DuplicatePath {
            path: "a.nix".into()
        }
    );
    let two = files_body(&[b"a.nix", b"b.nix"]);
    assert_eq!(
        invalid(&payload(&[(1, &two), (2, &[0, 0, 2, 1, 1, 1, 0])])),
        InvalidSnapshot::RepeatedOverlay {
            path: "b.nix".into()
        }
    );
    assert_eq!(
        invalid(&payload(&[(1, &two), (2, &[0, 3, 0, 1, 0, 1])])),
        InvalidSnapshot::BaseUsedAsOverlay {
            path: "a.nix".into()
        }
    );
    assert_eq!(
        invalid(&payload(&[
            (1, &two),
            (2, EXPRESSION_ENTRY_0),
            (6, &[0, 1, 0, 0])
        ])),
        InvalidSnapshot::NoPanes
    );
    let mut deep = Vec::new();
    varint(&mut deep, 65);
    assert_eq!(
        invalid(&payload(&[(1, &two), (2, EXPRESSION_ENTRY_0), (4, &deep)])),
        InvalidSnapshot::SelectionTooDeep { depth: 65 }
    );
}

#[test]
fn encode_refuses_what_decode_would_refuse() {
    let snapshot = Snapshot::new(
        Mode::Expression(ExpressionMode::new("../main.nix")),
        vec![File::new("../main.nix", "1")],
    );
    assert!(matches!(
        encode(&snapshot),
        Err(EncodeError::Invalid(InvalidSnapshot::InvalidPath {
            problem: PathProblem::ParentDirectory,
            ..
        }))
    ));

    let missing = Snapshot::new(
        Mode::Set(SetMode::new(
            Base::Empty,
            vec![Overlay::new("gone.nix", true)],
        )),
        Vec::new(),
    );
    assert_eq!(
        encode(&missing),
        Err(EncodeError::Invalid(InvalidSnapshot::UnknownFile {
            path: "gone.nix".into(),
            role: FileRole::Overlay
        }))
    );

    let mut hidden = Snapshot::new(Mode::Set(SetMode::new(Base::Empty, Vec::new())), Vec::new());
    hidden.embed.panes = Panes::none();
    assert_eq!(
        encode(&hidden),
        Err(EncodeError::Invalid(InvalidSnapshot::NoPanes))
    );

    let huge = Snapshot::new(
        Mode::Expression(ExpressionMode::new("big.nix")),
        vec![File::new("big.nix", "x".repeat(MAX_PAYLOAD_BYTES))],
    );
    assert!(matches!(encode(&huge), Err(EncodeError::TooLarge { .. })));
}

#[test]
fn urls_carry_the_fragment() {
    let snapshot = Snapshot::new(
        Mode::Expression(ExpressionMode::new("main.nix")),
        vec![File::new("main.nix", "1 + 1")],
    );
    let fragment = encode(&snapshot).expect("encodes");
    let url = with_fragment("https://example.org/play?x=1#v1.old", &fragment);
    assert_eq!(url, format!("https://example.org/play?x=1#{fragment}"));
    assert_eq!(decode(&format!("  {url}\n")), Ok(snapshot.clone()));
    assert_eq!(decode(&format!("#{fragment}")), Ok(snapshot.clone()));

    let embed = embed_url("https://example.org/docs?a=1&b=\"2\"", &snapshot).expect("encodes");
    assert_eq!(
        embed.as_str(),
        format!("https://example.org/docs?a=1&b=\"2\"/embed.html#{fragment}")
    );
    assert_eq!(
        embed.html_attribute(),
        format!("https://example.org/docs?a=1&amp;b=&quot;2&quot;/embed.html#{fragment}")
    );
    let plain = embed_url("https://example.org/fixpoint/", &snapshot).expect("encodes");
    assert_eq!(
        plain.to_string(),
        format!("https://example.org/fixpoint/embed.html#{fragment}")
    );
    assert_eq!(decode(plain.as_str()), Ok(snapshot));

    assert!(!is_long(LONG_LINK_WARNING_CHARS));
    assert!(is_long(LONG_LINK_WARNING_CHARS + 1));
}

#[test]
fn lenient_forms_decode_to_the_same_snapshot() {
    let files = files_body(&[b"main.nix"]);
    let plain = payload(&[(1, &files), (2, EXPRESSION_ENTRY_0)]);
    let expected = decode(&link_for_payload(&plain)).expect("plain payload decodes");

    // Optional sections that spell out their default: the value tab in expression mode and
    // the default embed options (every pane, toolbar, system theme).
    let explicit = payload(&[
        (1, &files),
        (2, EXPRESSION_ENTRY_0),
        (5, &[3]),
        (6, &[0, 1, 0b0011_1111, 0]),
    ]);
    assert_eq!(decode(&link_for_payload(&explicit)), Ok(expected.clone()));

    // Padding added by a tool that insists on it.
    let mut padded = link_for_payload(&plain);
    while !(padded.len() - 3).is_multiple_of(4) {
        padded.push('=');
    }
    assert_eq!(decode(&padded), Ok(expected));
}
