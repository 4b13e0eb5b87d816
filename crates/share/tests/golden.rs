//! Frozen links: every `tests/golden/vN-*.link` must decode, forever, to the snapshot in the
//! `.json` beside it.
//!
//! To add a golden link, write the `.json` and run the tests with `FIXPOINT_BLESS_GOLDEN=1`:
//! the missing `.link` is written from the current encoder. Existing links are never
//! rewritten; a change that breaks one is a change that breaks users' links.

use std::path::{Path, PathBuf};

use fixpoint_share::{decode, encode, format_version, FormatVersion, Snapshot};

fn golden_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The `.json` files of the golden directory, sorted.
fn golden_snapshots() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(golden_directory())
        .expect("golden directory is readable")
        .map(|entry| entry.expect("golden entry is readable").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    paths.sort();
    paths
}

fn read_link(json_path: &Path, snapshot: &Snapshot) -> String {
    let link_path = json_path.with_extension("link");
    match std::fs::read_to_string(&link_path) {
        Ok(link) => link,
        Err(_) if std::env::var_os("FIXPOINT_BLESS_GOLDEN").is_some() => {
            let link = encode(snapshot).expect("golden snapshot encodes");
            std::fs::write(&link_path, format!("{link}\n")).expect("golden link is writable");
            link
        }
        Err(error) => panic!(
            "{} is missing ({error}); run with FIXPOINT_BLESS_GOLDEN=1 to create it",
            link_path.display()
        ),
    }
}

#[test]
fn every_golden_link_decodes_to_its_snapshot() {
    let paths = golden_snapshots();
    assert!(!paths.is_empty(), "no golden links found");
    for json_path in paths {
        let json = std::fs::read_to_string(&json_path).expect("golden JSON is readable");
        let expected: Snapshot = serde_json::from_str(&json).expect("golden JSON parses");
        let link = read_link(&json_path, &expected);
        let decoded = decode(&link)
            .unwrap_or_else(|error| panic!("{} does not decode: {error}", json_path.display()));
        assert_eq!(decoded, expected, "{}", json_path.display());

        // The file name says which format the link must be in.
        let name = json_path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let version = format_version(&link).expect("golden link has a version");
        assert!(
            name.starts_with(&format!("{version}-")),
            "{name} holds a {version} link"
        );
    }
}

#[test]
fn every_format_version_has_golden_links() {
    let names: Vec<String> = golden_snapshots()
        .iter()
        .filter_map(|path| path.file_name()?.to_str().map(str::to_owned))
        .collect();
    for version in FormatVersion::ALL {
        let prefix = format!("{version}-");
        let count = names
            .iter()
            .filter(|name| name.starts_with(&prefix))
            .count();
        assert!(count >= 5, "{version} has only {count} golden links");
    }
}
