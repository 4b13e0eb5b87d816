//! Path text operations shared by the compiler, the VM and builtins.
//!
//! Paths are plain `/`-separated absolute strings; `canonicalize` removes `.`,
//! `..`, repeated and trailing slashes the way Nix's `canonPath` does (without
//! resolving symlinks: the evaluator has no file system of its own).

/// The canonical form of an absolute path.
pub fn canonicalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        "/".to_string()
    } else {
        let mut out = String::with_capacity(path.len());
        for part in parts {
            out.push('/');
            out.push_str(part);
        }
        out
    }
}

/// The directory containing `path` (`dirOf`), `/` for top-level entries.
pub fn parent_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(index) => path[..index].to_string(),
    }
}

/// The last component of `path` (`baseNameOf`).
pub fn base_name(path: &str) -> &str {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    match trimmed.rfind('/') {
        Some(index) => &trimmed[index + 1..],
        None => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalize_removes_dots() {
        assert_eq!(canonicalize("/a/./b/../c//d/"), "/a/c/d");
        assert_eq!(canonicalize("/.."), "/");
        assert_eq!(parent_dir("/a/b"), "/a");
        assert_eq!(parent_dir("/a"), "/");
        assert_eq!(base_name("/a/b.nix"), "b.nix");
    }
}
