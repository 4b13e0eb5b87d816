//! The `Test` builder: a scratch directory with files, a `fixpoint` command line run in it,
//! and the finished run to assert on.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT_DIR: AtomicUsize = AtomicUsize::new(0);

/// A scratch directory (removed when dropped) and the arguments to run `fixpoint` with there.
pub struct Test {
    dir: PathBuf,
    args: Vec<String>,
}

impl Test {
    pub fn new() -> Test {
        let dir = std::env::temp_dir().join(format!(
            "fixpoint-cli-test-{}-{}",
            std::process::id(),
            NEXT_DIR.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(error) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {error}", dir.display());
        }
        Test {
            dir,
            args: Vec::new(),
        }
    }

    /// Writes `text` to `path` (relative to the scratch directory), creating directories.
    pub fn file(self, path: &str, text: &str) -> Test {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir {path}: {e}"));
        }
        std::fs::write(&target, text).unwrap_or_else(|e| panic!("write {path}: {e}"));
        self
    }

    /// Copies a file of `tests/data/` into the scratch directory under the same name.
    pub fn data_file(self, name: &str) -> Test {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name);
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("read {name}: {e}"));
        self.file(name, &text)
    }

    /// Replaces the arguments after `fixpoint`.
    pub fn args<const N: usize>(mut self, args: [&str; N]) -> Test {
        self.args = args.iter().map(|arg| arg.to_string()).collect();
        self
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: &str) -> Test {
        self.args.push(arg.to_string());
        self
    }

    /// The scratch directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The text of a file in the scratch directory, if it exists.
    pub fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(path)).ok()
    }

    /// Every file below the scratch directory, as sorted relative paths.
    pub fn listing(&self) -> Vec<String> {
        let mut found = Vec::new();
        list(&self.dir, &self.dir, &mut found);
        found.sort();
        found
    }

    /// Runs `fixpoint` with the arguments, in the scratch directory.
    pub fn run(&self) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_fixpoint"))
            .args(&self.args)
            .current_dir(&self.dir)
            .env_remove("NIX_PATH")
            .output()
            .unwrap_or_else(|e| panic!("cannot run fixpoint: {e}"));
        Run {
            args: self.args.clone(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Drop for Test {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn list(root: &Path, dir: &Path, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list(root, &path, found);
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.push(relative.to_string_lossy().into_owned());
        }
    }
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    pub fn code(self, expected: i32) -> Run {
        assert_eq!(
            self.code,
            Some(expected),
            "fixpoint {:?}\n--- stdout\n{}--- stderr\n{}",
            self.args,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts success.
    pub fn success(self) -> Run {
        self.code(0)
    }

    /// Asserts that stderr contains `needle`.
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr of fixpoint {:?} lacks {needle:?}:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    /// Asserts that stdout contains `needle`.
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout.contains(needle),
            "stdout of fixpoint {:?} lacks {needle:?}:\n{}",
            self.args,
            self.stdout
        );
        self
    }
}
