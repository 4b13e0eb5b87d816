//! `fixpoint share`: files on disk → a playground link.
//!
//! Also home of [`WorkspaceArgs`], the flags `share` and `embed` have in common, which turn
//! files and directories into a [`fixpoint_share::Snapshot`]. The rules (workspace paths,
//! which mode, which entry) are in [`HELP`]; `crates/cli/README.md` repeats them. Nothing here
//! writes to disk; the link format itself belongs to `fixpoint-share`.
//!
//! Tests: `tests/share.rs` (and the round trips in `tests/open.rs`).

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use fixpoint_share::{
    Base, EncodeError, ExpressionMode, File, Mode, Overlay, ResultTab, SetMode, Snapshot,
};

/// The playground a link points at when `--site` is not given. `.invalid` is reserved
/// (RFC 2606) so a default link can never reach somebody else's site; pass `--site` with
/// the real deployment.
pub const DEFAULT_SITE: &str = "https://fixpoint.invalid/";

/// `fixpoint share --help`.
pub const HELP: &str = "\
usage: fixpoint share FILES... [--base NAME|FILE] [--overlay FILE]... [--overlay-off FILE]...
                     [--expr FILE] [--tab TAB] [--site URL]

Prints a playground link carrying FILES. The files travel inside the link's #fragment.

Workspace paths:
  FILE        keeps the path as typed (a leading ./ dropped); a path that is absolute or
              leaves the current directory (..) keeps only its file name
  DIRECTORY   adds every *.nix file below it (hidden entries skipped) under the directory's
              path as typed: `pkgs` gives pkgs/a.nix, `.` gives a.nix; a directory that is
              absolute or outside (..) gives paths relative to itself. Name other files
              explicitly, and use -C DIR to make paths relative to DIR
  Files named by --base, --overlay, --overlay-off and --expr join the workspace too.

Mode:
  --overlay FILE      set mode; FILE (final: prev: { ... }) is the next overlay, applied in
                      the order given (repeat the flag for several)
  --overlay-off FILE  the same, with the overlay's toggle off
  --base NAME|FILE    set mode on this base: mini-nixpkgs (the default), empty,
                      pyproject-python, or a file holding final: { ... } (write ./empty
                      for a file named like a built-in base)
  --expr FILE         expression mode evaluating FILE (not with --overlay/--base)
  otherwise           expression mode evaluating default.nix if the workspace has one,
                      else the first file

Other flags:
  -C DIR              read every path as if fixpoint had been started in DIR
  --tab TAB           the result tab it opens on: set, graph, trace, value or problems
                      (default: set in set mode, value in expression mode)
  --site URL          the playground's address (default https://fixpoint.invalid/)

A warning goes to stderr when the link is longer than 2000 characters.";

/// A command line that does not parse.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UsageError {
    /// A flag that takes a value came last.
    MissingValue {
        /// The flag.
        flag: String,
    },
    /// A flag this command does not know.
    UnknownFlag {
        /// The flag.
        flag: String,
    },
    /// A flag's value is not one of the accepted ones.
    InvalidValue {
        /// The flag.
        flag: String,
        /// What was given.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// `--expr` together with `--overlay` or `--base`.
    ConflictingModes,
    /// A positional argument is missing.
    MissingArgument {
        /// What it should be.
        what: &'static str,
    },
    /// More positional arguments than the command takes.
    UnexpectedArgument {
        /// The first extra one.
        argument: String,
    },
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::MissingValue { flag } => write!(f, "flag '{flag}' requires a value"),
            UsageError::UnknownFlag { flag } => write!(f, "unrecognised flag '{flag}'"),
            UsageError::InvalidValue {
                flag,
                value,
                expected,
            } => write!(f, "invalid value '{value}' for '{flag}': expected {expected}"),
            UsageError::ConflictingModes => f.write_str(
                "'--expr' chooses expression mode; it cannot be combined with '--overlay' or '--base'",
            ),
            UsageError::MissingArgument { what } => write!(f, "missing {what}"),
            UsageError::UnexpectedArgument { argument } => {
                write!(f, "unexpected argument '{argument}'")
            }
        }
    }
}

impl std::error::Error for UsageError {}

/// Why files on disk do not make a shareable workspace.
#[derive(Debug)]
#[non_exhaustive]
pub enum WorkspaceError {
    /// A file or directory that cannot be read.
    Read {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file that is not UTF-8 text.
    NotText {
        /// The path as given.
        path: PathBuf,
    },
    /// Two different files would get the same workspace path.
    SamePath {
        /// The workspace path.
        workspace_path: String,
        /// The file that took it first.
        first: PathBuf,
        /// The file that wanted it too.
        second: PathBuf,
    },
    /// Expression mode with no file to evaluate.
    NoFiles,
    /// The snapshot is refused by the link format (an unsafe path, too many files…).
    Encode(EncodeError),
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkspaceError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            WorkspaceError::NotText { path } => {
                write!(f, "{} is not UTF-8 text", path.display())
            }
            WorkspaceError::SamePath {
                workspace_path,
                first,
                second,
            } => write!(
                f,
                "{} and {} would both be '{workspace_path}' in the workspace; rename one",
                first.display(),
                second.display()
            ),
            WorkspaceError::NoFiles => f.write_str("no files to share"),
            WorkspaceError::Encode(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for WorkspaceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WorkspaceError::Read { source, .. } => Some(source),
            WorkspaceError::Encode(error) => Some(error),
            _ => None,
        }
    }
}

/// The set-mode base as named on the command line.
#[derive(Debug)]
enum BaseArg {
    BuiltIn(Base),
    File(PathBuf),
}

/// The flags `share` and `embed` share: which files, which mode, which tab, which site.
#[derive(Debug)]
pub struct WorkspaceArgs {
    inputs: Vec<PathBuf>,
    base: Option<BaseArg>,
    /// Overlay files with their toggle, in application order.
    overlays: Vec<(PathBuf, bool)>,
    expr: Option<PathBuf>,
    tab: Option<ResultTab>,
    /// `-C DIR`: the directory paths are read from.
    directory: Option<PathBuf>,
    /// The playground's address.
    pub site: String,
}

impl Default for WorkspaceArgs {
    fn default() -> Self {
        WorkspaceArgs {
            inputs: Vec::new(),
            base: None,
            overlays: Vec::new(),
            expr: None,
            tab: None,
            directory: None,
            site: DEFAULT_SITE.to_string(),
        }
    }
}

/// The value after `flag`.
pub fn flag_value(
    flag: &str,
    rest: &mut std::slice::Iter<'_, String>,
) -> Result<String, UsageError> {
    rest.next()
        .cloned()
        .ok_or_else(|| UsageError::MissingValue {
            flag: flag.to_string(),
        })
}

impl WorkspaceArgs {
    /// Takes `arg` (and its value from `rest`) if it is a workspace flag or a file; returns
    /// whether it did. Flags it does not know are left to the caller.
    pub fn accept(
        &mut self,
        arg: &str,
        rest: &mut std::slice::Iter<'_, String>,
    ) -> Result<bool, UsageError> {
        match arg {
            "--base" => {
                let value = flag_value(arg, rest)?;
                self.base = Some(match value.as_str() {
                    "mini-nixpkgs" => BaseArg::BuiltIn(Base::MiniNixpkgs),
                    "empty" => BaseArg::BuiltIn(Base::Empty),
                    "pyproject-python" => BaseArg::BuiltIn(Base::PyprojectPython),
                    _ => BaseArg::File(PathBuf::from(value)),
                });
            }
            "--overlay" => self
                .overlays
                .push((PathBuf::from(flag_value(arg, rest)?), true)),
            "--overlay-off" => self
                .overlays
                .push((PathBuf::from(flag_value(arg, rest)?), false)),
            "--expr" => self.expr = Some(PathBuf::from(flag_value(arg, rest)?)),
            "--tab" => {
                let value = flag_value(arg, rest)?;
                self.tab = Some(parse_tab(arg, &value)?);
            }
            "--site" => self.site = flag_value(arg, rest)?,
            "-C" => self.directory = Some(PathBuf::from(flag_value(arg, rest)?)),
            flag if flag.starts_with('-') && flag.len() > 1 => return Ok(false),
            path => self.inputs.push(PathBuf::from(path)),
        }
        Ok(true)
    }

    /// Checks the combination of flags once all are read.
    pub fn finish(&self) -> Result<(), UsageError> {
        if self.expr.is_some() && (self.base.is_some() || !self.overlays.is_empty()) {
            return Err(UsageError::ConflictingModes);
        }
        let has_files = !self.inputs.is_empty()
            || self.expr.is_some()
            || !self.overlays.is_empty()
            || matches!(self.base, Some(BaseArg::File(_)));
        if !has_files && self.base.is_none() {
            return Err(UsageError::MissingArgument {
                what: "the files to share",
            });
        }
        Ok(())
    }

    /// Reads the files and builds the snapshot the flags describe. It is not validated here:
    /// encoding it does that.
    pub fn snapshot(&self) -> Result<Snapshot, WorkspaceError> {
        let mut files = FileSet {
            directory: self.directory.clone().unwrap_or_else(|| PathBuf::from(".")),
            files: Vec::new(),
        };
        for input in &self.inputs {
            files.add_input(input)?;
        }
        let set_mode = self.base.is_some() || !self.overlays.is_empty();
        let (mode, active) = if set_mode {
            let base = match &self.base {
                None => Base::MiniNixpkgs,
                Some(BaseArg::BuiltIn(base)) => base.clone(),
                Some(BaseArg::File(path)) => Base::Custom {
                    file: files.add_file(path)?,
                },
            };
            let mut overlays = Vec::new();
            for (path, enabled) in &self.overlays {
                overlays.push(Overlay::new(files.add_file(path)?, *enabled));
            }
            let active = match (overlays.first(), &base) {
                (Some(overlay), _) => Some(overlay.file.clone()),
                (None, Base::Custom { file }) => Some(file.clone()),
                (None, _) => files.first_path(),
            };
            (Mode::Set(SetMode::new(base, overlays)), active)
        } else {
            let entry = match &self.expr {
                Some(path) => files.add_file(path)?,
                None => files.default_entry().ok_or(WorkspaceError::NoFiles)?,
            };
            (
                Mode::Expression(ExpressionMode::new(entry.clone())),
                Some(entry),
            )
        };
        let mut snapshot = Snapshot::new(mode, files.into_files());
        snapshot.active = active;
        if let Some(tab) = self.tab {
            snapshot.tab = tab;
        }
        Ok(snapshot)
    }
}

fn parse_tab(flag: &str, value: &str) -> Result<ResultTab, UsageError> {
    Ok(match value {
        "set" => ResultTab::Set,
        "graph" => ResultTab::Graph,
        "trace" => ResultTab::Trace,
        "value" => ResultTab::Value,
        "problems" => ResultTab::Problems,
        _ => {
            return Err(UsageError::InvalidValue {
                flag: flag.to_string(),
                value: value.to_string(),
                expected: "set, graph, trace, value or problems",
            })
        }
    })
}

/// The workspace files being collected, in command-line order, each with the disk path it
/// came from so that naming one file twice is harmless and two files with one name are not.
struct FileSet {
    /// Where relative paths are read from.
    directory: PathBuf,
    files: Vec<(PathBuf, File)>,
}

impl FileSet {
    fn add_input(&mut self, input: &Path) -> Result<(), WorkspaceError> {
        let on_disk = self.directory.join(input);
        let metadata = std::fs::metadata(&on_disk).map_err(|source| WorkspaceError::Read {
            path: input.to_path_buf(),
            source,
        })?;
        if metadata.is_dir() {
            let mut found = Vec::new();
            let prefix = plain_relative(input).unwrap_or_default();
            collect_nix_files(&prefix, input, &on_disk, &mut found)?;
            for (disk_path, workspace_path) in found {
                self.insert(&disk_path, workspace_path)?;
            }
            Ok(())
        } else {
            self.add_file(input).map(|_| ())
        }
    }

    /// Adds one file under its workspace path (see [`HELP`]) and returns that path.
    fn add_file(&mut self, path: &Path) -> Result<String, WorkspaceError> {
        let workspace_path = workspace_path_of(path);
        self.insert(path, workspace_path)
    }

    /// Adds the file at `path` (as the user named it, relative to the `-C` directory) under
    /// `workspace_path`.
    fn insert(&mut self, path: &Path, workspace_path: String) -> Result<String, WorkspaceError> {
        let disk_path = self.directory.join(path);
        let taken = self
            .files
            .iter()
            .find(|(_, file)| file.path == workspace_path);
        if let Some((first, _)) = taken {
            if same_file(&self.directory.join(first), &disk_path) {
                return Ok(workspace_path);
            }
            return Err(WorkspaceError::SamePath {
                workspace_path,
                first: first.clone(),
                second: path.to_path_buf(),
            });
        }
        let bytes = std::fs::read(&disk_path).map_err(|source| WorkspaceError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| WorkspaceError::NotText {
            path: path.to_path_buf(),
        })?;
        self.files
            .push((path.to_path_buf(), File::new(workspace_path.clone(), text)));
        Ok(workspace_path)
    }

    fn default_entry(&self) -> Option<String> {
        self.files
            .iter()
            .find(|(_, file)| file.path == "default.nix")
            .or_else(|| self.files.first())
            .map(|(_, file)| file.path.clone())
    }

    fn first_path(&self) -> Option<String> {
        self.files.first().map(|(_, file)| file.path.clone())
    }

    fn into_files(self) -> Vec<File> {
        self.files.into_iter().map(|(_, file)| file).collect()
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The workspace path of a file named on the command line: as typed without `.` components,
/// or only its file name when it is absolute or climbs out with `..`.
fn workspace_path_of(path: &Path) -> String {
    plain_relative(path).unwrap_or_else(|| {
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}

/// `path` as `/`-separated components without `.`, if it is relative and has no `..`.
fn plain_relative(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Every `*.nix` file below `on_disk` (hidden entries and symbolic links to directories
/// skipped), sorted by name, as (the path to name it by, its workspace path). `named` is how
/// the user named this directory, `prefix` the workspace path of its files.
fn collect_nix_files(
    prefix: &str,
    named: &Path,
    on_disk: &Path,
    found: &mut Vec<(PathBuf, String)>,
) -> Result<(), WorkspaceError> {
    let read_error = |source| WorkspaceError::Read {
        path: named.to_path_buf(),
        source,
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(on_disk).map_err(read_error)? {
        entries.push(entry.map_err(read_error)?);
    }
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let child_named = named.join(&name);
        let child_on_disk = entry.path();
        let child_prefix = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let kind = entry.file_type().map_err(|source| WorkspaceError::Read {
            path: child_named.clone(),
            source,
        })?;
        if kind.is_dir() {
            collect_nix_files(&child_prefix, &child_named, &child_on_disk, found)?;
        } else if name.ends_with(".nix")
            && std::fs::metadata(&child_on_disk).is_ok_and(|m| m.is_file())
        {
            found.push((child_named, child_prefix));
        }
    }
    Ok(())
}

/// What `share` reports when it cannot make a link.
#[derive(Debug)]
enum ShareError {
    Usage(UsageError),
    Workspace(WorkspaceError),
}

fn parse(args: &[String]) -> Result<Option<WorkspaceArgs>, UsageError> {
    let mut workspace = WorkspaceArgs::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(None);
        }
        if !workspace.accept(arg, &mut rest)? {
            return Err(UsageError::UnknownFlag { flag: arg.clone() });
        }
    }
    workspace.finish()?;
    Ok(Some(workspace))
}

fn share(args: &[String]) -> Result<Option<(String, usize)>, ShareError> {
    let Some(workspace) = parse(args).map_err(ShareError::Usage)? else {
        return Ok(None);
    };
    let snapshot = workspace.snapshot().map_err(ShareError::Workspace)?;
    let fragment = fixpoint_share::encode(&snapshot)
        .map_err(|error| ShareError::Workspace(WorkspaceError::Encode(error)))?;
    let length = fixpoint_share::link_length(&workspace.site, &fragment);
    Ok(Some((
        fixpoint_share::with_fragment(&workspace.site, &fragment),
        length,
    )))
}

/// Runs `fixpoint share`.
pub fn run(args: &[String]) -> ExitCode {
    match share(args) {
        Ok(None) => {
            print_line(format_args!("{HELP}"));
            ExitCode::SUCCESS
        }
        Ok(Some((link, length))) => {
            print_line(format_args!("{link}"));
            if fixpoint_share::is_long(length) {
                eprintln!("{}", long_link_warning(length));
            }
            ExitCode::SUCCESS
        }
        Err(ShareError::Usage(error)) => {
            eprintln!("error: {error}\n(see 'fixpoint share --help')");
            ExitCode::from(2)
        }
        Err(ShareError::Workspace(error)) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// Prints one line on stdout. Unlike `println!` it does not panic when stdout is closed
/// early (`fixpoint check-docs docs/*.md | head`); the line is then dropped.
pub fn print_line(line: fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// The stderr warning for a link past [`fixpoint_share::LONG_LINK_WARNING_CHARS`].
pub fn long_link_warning(length: usize) -> String {
    format!(
        "warning: this link is {length} characters long; links over {} characters may be cut \
         by chat tools and mail clients",
        fixpoint_share::LONG_LINK_WARNING_CHARS
    )
}
