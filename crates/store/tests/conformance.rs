//! Store-hash cases of the Nix language test suite (Nix 2.36, read in place from
//! `../shared/conformance/nix-lang/lang`, next to the project checkout), reproduced with this
//! crate's API. When that folder is absent the tests print why and pass without comparing.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use fixpoint_store::{
    make_fixed_output_path, nar_sha256, FileIngestionMethod, Hash, HashAlgo, MemoryStore, NarNode,
};

fn lang_dir() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/nix-lang/lang");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} is absent, so the language suite's store hashes are not checked",
            dir.display()
        );
        None
    }
}

/// The `.exp` file of test `name`, without the trailing newline.
fn expected(lang: &Path, name: &str) -> String {
    fs::read_to_string(lang.join(format!("{name}.exp")))
        .expect("expected output exists")
        .trim_end()
        .to_owned()
}

/// Reads a file system tree as the NAR serialiser sees it.
fn read_tree(path: &Path) -> NarNode {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::symlink_metadata(path).expect("readable");
    if meta.file_type().is_symlink() {
        let target = fs::read_link(path).expect("readable link");
        NarNode::Symlink {
            target: target.to_string_lossy().into_owned(),
        }
    } else if meta.is_dir() {
        let mut entries = BTreeMap::new();
        for entry in fs::read_dir(path).expect("readable directory") {
            let entry = entry.expect("readable entry");
            entries.insert(
                entry.file_name().to_string_lossy().into_owned(),
                read_tree(&entry.path()),
            );
        }
        NarNode::Directory(entries)
    } else {
        NarNode::Regular {
            executable: meta.permissions().mode() & 0o100 != 0,
            contents: fs::read(path).expect("readable file"),
        }
    }
}

/// `eval-okay-derivation-legacy`: structured attributes with lists and integers.
#[test]
fn derivation_legacy() {
    let Some(lang) = lang_dir() else { return };
    let mut builder = fixpoint_store::DerivationBuilder::new("eval-okay-derivation-legacy");
    builder
        .structured_attrs(concat!(
            r#"{"allowedReferences":[],"allowedRequisites":[],"builder":"/dontcare","#,
            r#""disallowedReferences":[],"disallowedRequisites":[],"maxClosureSize":12345,"#,
            r#""maxSize":1234,"name":"eval-okay-derivation-legacy","system":"x86_64-linux"}"#
        ))
        .set_builder("/dontcare")
        .set_system("x86_64-linux");
    let built = MemoryStore::new().add_derivation(builder).expect("builds");
    let out = built
        .out_path()
        .map(|p| p.to_absolute_path())
        .unwrap_or_default();
    assert_eq!(
        format!("\"{out}\""),
        expected(&lang, "eval-okay-derivation-legacy")
    );
}

/// `eval-okay-path`: `builtins.path` with a declared `sha256`, recursive (filtered directory,
/// whole directory) and flat.
#[test]
fn builtins_path_with_declared_hashes() {
    let Some(lang) = lang_dir() else { return };
    let sha256 = |nix32: &str| Hash::parse(nix32, Some(HashAlgo::Sha256)).expect("valid hash");

    // The filter keeps only the entry called `data`.
    let filtered: BTreeMap<String, NarNode> = [("data".to_owned(), read_tree(&lang.join("data")))]
        .into_iter()
        .collect();
    let filtered_hash = sha256("1yhm3gwvg5a41yylymgblsclk95fs6jy72w0wv925mmidlhcq4sw");
    assert_eq!(
        &nar_sha256(&NarNode::Directory(filtered))[..],
        filtered_hash.as_bytes()
    );

    let flat_hash = sha256("0k4lwj58f2w5yh92ilrwy9917pycipbrdrr13vbb3yd02j09vfxm");
    let data = fs::read(lang.join("data")).expect("readable");
    assert_eq!(Hash::digest(HashAlgo::Sha256, &data), flat_hash);

    let dir_hash = sha256("02vlkcjkl1rvy081n6d40qi73biv2w4b9x9biklay4ncgk77zr1f");
    assert_eq!(
        &nar_sha256(&read_tree(&lang.join("dir1")))[..],
        dir_hash.as_bytes()
    );

    let paths: Vec<String> = [
        (FileIngestionMethod::Recursive, &filtered_hash),
        (FileIngestionMethod::Flat, &flat_hash),
        (FileIngestionMethod::Recursive, &dir_hash),
    ]
    .into_iter()
    .map(|(method, hash)| {
        format!(
            "\"{}\"",
            make_fixed_output_path("output", method, hash).expect("valid name")
        )
    })
    .collect();
    assert_eq!(
        format!("[ {} ]", paths.join(" ")),
        expected(&lang, "eval-okay-path")
    );
}
