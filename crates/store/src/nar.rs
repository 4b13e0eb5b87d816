//! NAR serialisation of an in-memory file tree (SEMANTICS §6.5).
//!
//! [`NarNode`] is the tree the evaluator builds from its virtual file system: regular files
//! (with an executable flag), directories (a sorted map, so entries come out in Nix's byte
//! order), and symlinks. [`nar_serialise`] writes the archive; [`nar_sha256`] is the inner hash
//! of source paths and recursive fixed outputs. Every NAR string is its length as a
//! little-endian `u64`, the bytes, and zero padding to a multiple of 8. Entry names are not
//! validated here (the caller's file system owns them). Tests live at the bottom of this file.

use std::collections::BTreeMap;

use crate::hash::sha256;

/// A file system object to archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NarNode {
    /// A regular file.
    Regular {
        /// Whether the executable bit is set.
        executable: bool,
        /// The file's bytes.
        contents: Vec<u8>,
    },
    /// A directory; the map keeps entries sorted by name bytes, as NAR requires.
    Directory(BTreeMap<String, NarNode>),
    /// A symbolic link.
    Symlink {
        /// The link target, verbatim.
        target: String,
    },
}

impl NarNode {
    /// A non-executable regular file.
    pub fn file(contents: impl Into<Vec<u8>>) -> NarNode {
        NarNode::Regular {
            executable: false,
            contents: contents.into(),
        }
    }
}

/// The NAR serialisation of `node`.
pub fn nar_serialise(node: &NarNode) -> Vec<u8> {
    let mut out = Vec::new();
    write_str(&mut out, b"nix-archive-1");
    write_node(&mut out, node);
    out
}

/// SHA-256 of the NAR serialisation.
pub fn nar_sha256(node: &NarNode) -> [u8; 32] {
    sha256(&nar_serialise(node))
}

fn write_str(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
    let padding = (8 - bytes.len() % 8) % 8;
    out.extend(std::iter::repeat_n(0u8, padding));
}

// Recursion depth equals the tree depth, which the caller's virtual file system bounds.
fn write_node(out: &mut Vec<u8>, node: &NarNode) {
    write_str(out, b"(");
    write_str(out, b"type");
    match node {
        NarNode::Regular {
            executable,
            contents,
        } => {
            write_str(out, b"regular");
            if *executable {
                write_str(out, b"executable");
                write_str(out, b"");
            }
            write_str(out, b"contents");
            write_str(out, contents);
        }
        NarNode::Directory(entries) => {
            write_str(out, b"directory");
            for (name, child) in entries {
                write_str(out, b"entry");
                write_str(out, b"(");
                write_str(out, b"name");
                write_str(out, name.as_bytes());
                write_str(out, b"node");
                write_node(out, child);
                write_str(out, b")");
            }
        }
        NarNode::Symlink { target } => {
            write_str(out, b"symlink");
            write_str(out, b"target");
            write_str(out, target.as_bytes());
        }
    }
    write_str(out, b")");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::base16_encode;

    fn string_bytes(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_str(&mut out, s.as_bytes());
        out
    }

    #[test]
    fn regular_file_layout() {
        let nar = nar_serialise(&NarNode::file("mycontent\n"));
        let mut expected = Vec::new();
        for part in [
            "nix-archive-1",
            "(",
            "type",
            "regular",
            "contents",
            "mycontent\n",
            ")",
        ] {
            expected.extend(string_bytes(part));
        }
        assert_eq!(nar, expected);
        assert_eq!(nar.len() % 8, 0);
        // SEMANTICS §6.13 V1.
        assert_eq!(
            base16_encode(&nar_sha256(&NarNode::file("mycontent\n"))),
            "2bfef67de873c54551d884fdab3055d84d573e654efa79db3c0d7b98883f9ee3"
        );
    }

    #[test]
    fn executable_flag_changes_the_archive() {
        let plain = nar_serialise(&NarNode::file("x"));
        let exec = nar_serialise(&NarNode::Regular {
            executable: true,
            contents: b"x".to_vec(),
        });
        assert_ne!(plain, exec);
        let marker = [string_bytes("executable"), string_bytes("")].concat();
        assert!(exec.windows(marker.len()).any(|w| w == marker.as_slice()));
    }

    #[test]
    fn directory_entries_are_sorted() {
        let mut entries = BTreeMap::new();
        entries.insert("b".to_owned(), NarNode::file("2"));
        entries.insert(
            "a".to_owned(),
            NarNode::Symlink {
                target: "b".to_owned(),
            },
        );
        let nar = nar_serialise(&NarNode::Directory(entries));
        let mut expected = Vec::new();
        for part in [
            "nix-archive-1",
            "(",
            "type",
            "directory",
            "entry",
            "(",
            "name",
            "a",
            "node",
            "(",
            "type",
            "symlink",
            "target",
            "b",
            ")",
            ")",
            "entry",
            "(",
            "name",
            "b",
            "node",
            "(",
            "type",
            "regular",
            "contents",
            "2",
            ")",
            ")",
            ")",
        ] {
            expected.extend(string_bytes(part));
        }
        assert_eq!(nar, expected);
    }
}
