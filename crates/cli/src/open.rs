//! `fixpoint open`: a playground link → files on disk.
//!
//! The link is decoded by `fixpoint-share`, which already refuses unsafe paths (absolute,
//! `..`, backslashes, colons, control characters). Before anything is written, every target
//! is checked: nothing is overwritten without `--force`, and nothing is ever written through
//! a symbolic link or over a directory, even with `--force`. So a bad link or a refused target
//! leaves the directory untouched.
//!
//! Tests: `tests/open.rs` (round trips with `share`, truncated and corrupted links, refusals).

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use fixpoint_share::{Base, DecodeError, Mode, Snapshot};

use crate::share::{flag_value, print_line, UsageError};

/// `fixpoint open --help`.
pub const HELP: &str = "\
usage: fixpoint open LINK [--dir DIR] [--force]

Writes the files a playground link carries into DIR (default: the current directory),
creating subdirectories, and prints what it wrote and the workspace's mode.
LINK may be a whole URL, the #fragment, or the fragment alone (v1....).

  --dir DIR   where to write (created if missing)
  --force     overwrite files that exist already (never through a symbolic link)

A corrupt or truncated link is reported and nothing is written (exit status 1).";

/// Why `open` wrote nothing (or stopped).
#[derive(Debug)]
#[non_exhaustive]
pub enum OpenError {
    /// The command line does not parse.
    Usage(UsageError),
    /// The link does not decode.
    Decode(DecodeError),
    /// Files that exist already, without `--force`.
    WouldOverwrite {
        /// Their paths on disk.
        paths: Vec<PathBuf>,
    },
    /// A target that is never written: a symbolic link, a directory, or below a file.
    UnsafeTarget {
        /// The path on disk.
        path: PathBuf,
        /// Why it is refused.
        reason: UnsafeReason,
    },
    /// Writing failed part way.
    Write {
        /// The path on disk.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Why a target path is refused even with `--force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnsafeReason {
    /// It, or a directory on the way to it, is a symbolic link.
    SymbolicLink,
    /// It is a directory.
    Directory,
    /// A component on the way to it is a file, not a directory.
    NotADirectory,
    /// A workspace path that is not plain relative components (the share crate refuses these
    /// already; this is a second line of defence).
    NotRelative,
}

impl fmt::Display for UnsafeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsafeReason::SymbolicLink => "a symbolic link is in the way",
            UnsafeReason::Directory => "it is a directory",
            UnsafeReason::NotADirectory => "a file is in the way of its directory",
            UnsafeReason::NotRelative => "it is not a plain relative path",
        })
    }
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Usage(error) => write!(f, "{error}"),
            OpenError::Decode(error) => write!(
                f,
                "this link is corrupt or truncated, nothing was written: {error}"
            ),
            OpenError::WouldOverwrite { paths } => {
                f.write_str(
                    "these files exist already, nothing was written (use --force to overwrite):",
                )?;
                for path in paths {
                    write!(f, "\n  {}", path.display())?;
                }
                Ok(())
            }
            OpenError::UnsafeTarget { path, reason } => write!(
                f,
                "refusing to write {}: {reason}; nothing was written",
                path.display()
            ),
            OpenError::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::Usage(error) => Some(error),
            OpenError::Decode(error) => Some(error),
            OpenError::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

struct OpenArgs {
    link: String,
    dir: PathBuf,
    force: bool,
}

fn parse(args: &[String]) -> Result<Option<OpenArgs>, UsageError> {
    let mut link = None;
    let mut dir = PathBuf::from(".");
    let mut force = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--dir" => dir = PathBuf::from(flag_value(arg, &mut rest)?),
            "--force" => force = true,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(UsageError::UnknownFlag { flag: arg.clone() })
            }
            _ if link.is_some() => {
                return Err(UsageError::UnexpectedArgument {
                    argument: arg.clone(),
                })
            }
            _ => link = Some(arg.clone()),
        }
    }
    let link = link.ok_or(UsageError::MissingArgument { what: "the link" })?;
    Ok(Some(OpenArgs { link, dir, force }))
}

/// Where each workspace file goes, checked but not yet written.
fn plan(snapshot: &Snapshot, dir: &Path, force: bool) -> Result<Vec<(PathBuf, String)>, OpenError> {
    let mut targets = Vec::new();
    let mut existing = Vec::new();
    for file in &snapshot.files {
        let relative = Path::new(&file.path);
        let plain = relative
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
        let target = dir.join(relative);
        if !plain {
            return Err(OpenError::UnsafeTarget {
                path: target,
                reason: UnsafeReason::NotRelative,
            });
        }
        // Every directory between DIR and the file must be a real directory or absent.
        let mut ancestor = dir.to_path_buf();
        let components: Vec<Component<'_>> = relative.components().collect();
        let directories = components.len().saturating_sub(1);
        for component in components.iter().take(directories) {
            ancestor.push(component);
            if let Ok(metadata) = std::fs::symlink_metadata(&ancestor) {
                let reason = if metadata.file_type().is_symlink() {
                    Some(UnsafeReason::SymbolicLink)
                } else if !metadata.is_dir() {
                    Some(UnsafeReason::NotADirectory)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    return Err(OpenError::UnsafeTarget {
                        path: target,
                        reason,
                    });
                }
            }
        }
        if let Ok(metadata) = std::fs::symlink_metadata(&target) {
            if metadata.file_type().is_symlink() {
                return Err(OpenError::UnsafeTarget {
                    path: target,
                    reason: UnsafeReason::SymbolicLink,
                });
            }
            if metadata.is_dir() {
                return Err(OpenError::UnsafeTarget {
                    path: target,
                    reason: UnsafeReason::Directory,
                });
            }
            if !force {
                existing.push(target.clone());
            }
        }
        targets.push((target, file.text.clone()));
    }
    if !existing.is_empty() {
        return Err(OpenError::WouldOverwrite { paths: existing });
    }
    Ok(targets)
}

fn write(targets: &[(PathBuf, String)]) -> Result<(), OpenError> {
    for (path, text) in targets {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| OpenError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(path, text).map_err(|source| OpenError::Write {
            path: path.clone(),
            source,
        })?;
        print_line(format_args!("wrote {}", path.display()));
    }
    Ok(())
}

/// One line saying what the workspace evaluates, in `fixpoint share`'s terms.
pub fn describe_mode(mode: &Mode) -> String {
    match mode {
        Mode::Set(set) => {
            let base = match &set.base {
                Base::MiniNixpkgs => "mini-nixpkgs".to_string(),
                Base::Empty => "empty".to_string(),
                Base::PyprojectPython => "pyproject-python".to_string(),
                Base::Custom { file } => format!("the file {file}"),
                other => format!("{other:?}"),
            };
            let overlays = if set.overlays.is_empty() {
                "no overlays".to_string()
            } else {
                let names: Vec<String> = set
                    .overlays
                    .iter()
                    .map(|overlay| {
                        if overlay.enabled {
                            overlay.file.clone()
                        } else {
                            format!("{} (off)", overlay.file)
                        }
                    })
                    .collect();
                format!("overlays {}", names.join(", "))
            };
            format!("set mode: base {base}, {overlays}")
        }
        Mode::Expression(expression) => format!("expression mode: evaluates {}", expression.entry),
        other => format!("{other:?}"),
    }
}

fn open(args: &OpenArgs) -> Result<Snapshot, OpenError> {
    let snapshot = fixpoint_share::decode(&args.link).map_err(OpenError::Decode)?;
    let targets = plan(&snapshot, &args.dir, args.force)?;
    write(&targets)?;
    Ok(snapshot)
}

/// Runs `fixpoint open`.
pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print_line(format_args!("{HELP}"));
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!(
                "error: {}\n(see 'fixpoint open --help')",
                OpenError::Usage(error)
            );
            return ExitCode::from(2);
        }
    };
    match open(&args) {
        Ok(snapshot) => {
            if snapshot.files.is_empty() {
                print_line(format_args!("the link carries no files"));
            }
            print_line(format_args!("{}", describe_mode(&snapshot.mode)));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
