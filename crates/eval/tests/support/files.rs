//! Loading a real directory tree into the evaluator's in-memory file system.

use std::collections::BTreeMap;
use std::path::Path;

/// Every regular file under `root`, keyed by its path with `root` replaced by
/// `mount` (`/pwd/lang/dir1/a.nix`). Symbolic links on disk are left out
/// (following them would turn links into plain files); a runner that needs
/// links adds them with `MemoryIo::insert_symlink` (the conformance runner
/// reads them from `tests/conformance/symlinks.tsv`).
pub fn load_tree(root: &Path, mount: &str) -> std::io::Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![(root.to_path_buf(), mount.trim_end_matches('/').to_string())];
    while let Some((dir, virtual_dir)) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let virtual_path = format!("{virtual_dir}/{name}");
            if kind.is_dir() {
                pending.push((entry.path(), virtual_path));
            } else if kind.is_file() {
                files.insert(virtual_path, std::fs::read(entry.path())?);
            }
        }
    }
    Ok(files)
}

/// A [`fixpoint_eval::MemoryIo`] holding `files` and the given environment.
pub fn memory_io(
    files: &BTreeMap<String, Vec<u8>>,
    env: &[(&str, &str)],
) -> fixpoint_eval::MemoryIo {
    let mut io = fixpoint_eval::MemoryIo::new();
    for (path, bytes) in files {
        io.insert(path.clone(), bytes.clone());
    }
    for (name, value) in env {
        io.set_env(*name, *value);
    }
    io
}
