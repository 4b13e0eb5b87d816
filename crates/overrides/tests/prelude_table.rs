//! The embedded prelude table (`src/prelude/files.rs`) lists exactly the
//! runtime files of `prelude/` (everything but `tests/` and `README.md`),
//! byte for byte, so a new prelude file cannot be forgotten.

use std::fs;
use std::path::{Path, PathBuf};

fn runtime_files(root: &Path, dir: &Path, found: &mut Vec<String>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => panic!("cannot list {}: {error}", dir.display()),
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let relative = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        if relative == "tests" || relative == "README.md" {
            continue;
        }
        if path.is_dir() {
            runtime_files(root, &path, found);
        } else {
            found.push(relative);
        }
    }
}

#[test]
fn prelude_table_lists_every_file() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("prelude");
    let mut on_disk = Vec::new();
    runtime_files(&root, &root, &mut on_disk);
    on_disk.sort();
    let embedded: Vec<String> = fixpoint_overrides::PRELUDE_FILES
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .collect();
    assert_eq!(
        embedded, on_disk,
        "src/prelude/files.rs is out of date with prelude/"
    );
    for (path, text) in fixpoint_overrides::PRELUDE_FILES {
        let disk = fs::read_to_string(root.join(path)).unwrap_or_default();
        assert_eq!(*text, disk, "{path} differs from its embedded copy");
    }
}
