//! The real file system and environment as an [`EvalIo`] host.

use fixpoint_eval::{EvalIo, IoError, PathKind};

/// Reads files and environment variables from the operating system.
pub struct FsIo;

fn io_error(path: &str, error: std::io::Error) -> IoError {
    match error.kind() {
        std::io::ErrorKind::NotFound => IoError::NotFound { path: path.into() },
        _ => IoError::Other {
            path: path.into(),
            reason: error.to_string(),
        },
    }
}

impl EvalIo for FsIo {
    fn read_file(&self, path: &str) -> Result<Vec<u8>, IoError> {
        if std::path::Path::new(path).is_dir() {
            return Err(IoError::IsDirectory { path: path.into() });
        }
        std::fs::read(path).map_err(|e| io_error(path, e))
    }

    fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| io_error(path, e))? {
            let entry = entry.map_err(|e| io_error(path, e))?;
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => PathKind::Symlink,
                Ok(t) if t.is_dir() => PathKind::Directory,
                Ok(t) if t.is_file() => PathKind::Regular,
                _ => PathKind::Unknown,
            };
            entries.push((entry.file_name().to_string_lossy().into_owned(), kind));
        }
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        Ok(entries)
    }

    fn path_kind(&self, path: &str) -> Option<PathKind> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        let kind = meta.file_type();
        Some(if kind.is_symlink() {
            PathKind::Symlink
        } else if kind.is_dir() {
            PathKind::Directory
        } else if kind.is_file() {
            PathKind::Regular
        } else {
            PathKind::Unknown
        })
    }

    fn read_link(&self, path: &str) -> Result<String, IoError> {
        std::fs::read_link(path)
            .map(|target| target.to_string_lossy().into_owned())
            .map_err(|e| io_error(path, e))
    }

    fn get_env(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn current_time(&self) -> i64 {
        // Before the epoch (a broken clock) reads as negative, as in Nix.
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        }
    }
}
