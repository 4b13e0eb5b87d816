//! `fixpoint set`: resolve a set with the override engine and print it as a
//! table (or `--json`): per attribute its kind, the layer that defined it
//! and the chain that set it, whether it must be rebuilt, its reads and a
//! short value; errors in their row with their hint.
//!
//! Overlay files are given in application order (bottom first). Every file
//! named joins the workspace under its path as typed (absolute or `..`
//! paths keep only their file name), together with the other `*.nix` files
//! of its folder, so relative imports between them work.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use fixpoint_overrides::{
    trace, AttrRow, Base, Change, EngineOptions, Mode, OverlayEntry, Session, SetView, Workspace,
    WorkspaceFile,
};

/// `fixpoint set --help`.
pub const HELP: &str = "\
usage: fixpoint set [OVERLAY...] [--base NAME|FILE] [--off OVERLAY]... [--expr FILE]
                    [--file FILE]... [--expand PATH]... [--trace PATH [--page N]]
                    [--plain-nix] [--json] [--max-steps N]

Resolves fix (extends ovN (... (extends ov1 base))) and prints the set, one row per attribute:
kind, defining layer (* when several layers set it), rebuild status against the same base
with every overlay off, the final./prev. reads it made, and a short value.

  OVERLAY          an overlay file (final: prev: { ... }), applied in the order given
  --off OVERLAY    an overlay in the stack with its toggle off
  --base NAME|FILE mini-nixpkgs (default), empty, pyproject-python, or a final: { ... } file
  --expr FILE      expression mode: FILE evaluates to a set (no overlays then)
  --file FILE      an extra workspace file (for imports)
  --expand PATH    also list the nested set at PATH (dot-separated), repeatable
  --trace PATH     print the forcing trace of the attribute at PATH (100 events a page)
  --page N         which page of the trace (from 0)
  --plain-nix      print the resolution as plain Nix instead
  --json           print the result as JSON
  --max-steps N    step budget of each attribute (default 5000000)";

/// Prints to stdout, ignoring a closed pipe (`fixpoint set | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// [`out!`] with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// A nested set listed with `--expand`: its path and rows (or why not).
type Expanded = (Vec<String>, Result<Vec<AttrRow>, String>);

/// Events per trace page.
const TRACE_PAGE: usize = 100;

#[derive(Default)]
struct SetArgs {
    overlays: Vec<(PathBuf, bool)>,
    base: Option<String>,
    expr: Option<PathBuf>,
    extra: Vec<PathBuf>,
    expand: Vec<Vec<String>>,
    trace: Option<Vec<String>>,
    page: usize,
    plain_nix: bool,
    json: bool,
    max_steps: Option<u64>,
}

fn parse(args: &[String]) -> Result<Option<SetArgs>, String> {
    let mut parsed = SetArgs::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("flag '{flag}' requires an argument"))
        };
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--base" => parsed.base = Some(value(arg)?),
            "--off" => parsed.overlays.push((PathBuf::from(value(arg)?), false)),
            "--overlay" => parsed.overlays.push((PathBuf::from(value(arg)?), true)),
            "--expr" => parsed.expr = Some(PathBuf::from(value(arg)?)),
            "--file" => parsed.extra.push(PathBuf::from(value(arg)?)),
            "--expand" => parsed.expand.push(attr_path(&value(arg)?)),
            "--trace" => parsed.trace = Some(attr_path(&value(arg)?)),
            "--page" => {
                let text = value(arg)?;
                parsed.page = text.parse().map_err(|_| format!("invalid page '{text}'"))?;
            }
            "--max-steps" => {
                let text = value(arg)?;
                parsed.max_steps = Some(
                    text.parse()
                        .map_err(|_| format!("invalid step budget '{text}'"))?,
                );
            }
            "--plain-nix" => parsed.plain_nix = true,
            "--json" => parsed.json = true,
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unrecognised flag '{flag}'"))
            }
            path => parsed.overlays.push((PathBuf::from(path), true)),
        }
    }
    if parsed.expr.is_some() && (!parsed.overlays.is_empty() || parsed.base.is_some()) {
        return Err("'--expr' cannot be combined with overlays or '--base'".to_owned());
    }
    Ok(Some(parsed))
}

fn attr_path(text: &str) -> Vec<String> {
    text.split('.')
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The workspace path of a file as typed: relative paths stay, others keep
/// only their file name.
fn workspace_name(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = text.trim_start_matches("./");
    if path.is_absolute() || text.split('/').any(|part| part == "..") {
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        text.to_owned()
    }
}

struct FileCollector {
    files: Vec<WorkspaceFile>,
}

impl FileCollector {
    fn add(&mut self, path: &Path) -> Result<String, String> {
        let name = workspace_name(path);
        if !self.files.iter().any(|file| file.path == name) {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read '{}': {error}", path.display()))?;
            self.files.push(WorkspaceFile {
                path: name.clone(),
                text,
            });
        }
        Ok(name)
    }

    /// The other `*.nix` files beside `path` (best effort: unreadable ones
    /// are left out).
    fn add_siblings(&mut self, path: &Path) {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return;
        };
        let mut siblings: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|sibling| sibling.extension().is_some_and(|ext| ext == "nix"))
            .collect();
        siblings.sort();
        for sibling in siblings {
            let typed = if path.parent().is_some_and(|p| p.as_os_str().is_empty()) {
                PathBuf::from(sibling.file_name().unwrap_or_default())
            } else {
                sibling
            };
            let _ = self.add(&typed);
        }
    }
}

fn workspace(args: &SetArgs) -> Result<Workspace, String> {
    let mut collector = FileCollector { files: Vec::new() };
    let mode = match &args.expr {
        Some(expr) => Mode::Expression {
            entry: collector.add(expr)?,
        },
        None => {
            let base = match args.base.as_deref() {
                None | Some("mini-nixpkgs") => Base::MiniNixpkgs,
                Some("empty") => Base::Empty,
                Some("pyproject-python") => Base::PythonSet,
                Some(file) => Base::Custom {
                    file: collector.add(Path::new(file))?,
                },
            };
            let mut overlays = Vec::new();
            for (path, enabled) in &args.overlays {
                overlays.push(OverlayEntry {
                    file: collector.add(path)?,
                    enabled: *enabled,
                });
            }
            Mode::Set { base, overlays }
        }
    };
    for extra in &args.extra {
        collector.add(extra)?;
    }
    let named: Vec<PathBuf> = args
        .overlays
        .iter()
        .map(|(path, _)| path.clone())
        .chain(args.expr.clone())
        .chain(args.extra.iter().cloned())
        .collect();
    for path in named {
        collector.add_siblings(&path);
    }
    Ok(Workspace {
        files: collector.files,
        mode,
    })
}

/// Runs the subcommand.
pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            outln!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let workspace = match workspace(&args) {
        Ok(workspace) => workspace,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let mut options = EngineOptions::default();
    if let Some(steps) = args.max_steps {
        options.steps_per_attribute = steps;
    }
    if args.plain_nix {
        return match fixpoint_overrides::generate::plain_nix(&workspace) {
            Some(text) => {
                out!("{text}");
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: '--plain-nix' needs set mode (overlays or '--base')");
                ExitCode::from(2)
            }
        };
    }
    if let Some(path) = &args.trace {
        let page = trace(
            &workspace,
            &options,
            path,
            args.page * TRACE_PAGE,
            TRACE_PAGE,
        );
        if args.json {
            outln!(
                "{}",
                serde_json::to_string_pretty(&page).unwrap_or_default()
            );
        } else {
            out!("{}", trace_text(&page));
        }
        return if page.error.is_some() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    let mut session = Session::open(workspace, options);
    let view = session.view();
    let mut expanded: Vec<Expanded> = Vec::new();
    for path in &args.expand {
        let rows = session.expand(path).map_err(|error| error.message);
        expanded.push((path.clone(), rows));
    }
    if args.json {
        let nested: Vec<serde_json::Value> = expanded
            .iter()
            .map(|(path, rows)| match rows {
                Ok(rows) => serde_json::json!({ "path": path, "rows": rows }),
                Err(message) => serde_json::json!({ "path": path, "error": message }),
            })
            .collect();
        let document = serde_json::json!({ "set": view, "expanded": nested });
        outln!(
            "{}",
            serde_json::to_string_pretty(&document).unwrap_or_default()
        );
    } else {
        out!("{}", view_text(&view));
        for (path, rows) in &expanded {
            outln!("\n{}:", path.join("."));
            match rows {
                Ok(rows) => out!("{}", rows_text(&view, rows)),
                Err(message) => outln!("  error: {message}"),
            }
        }
    }
    exit_code(&view)
}

fn exit_code(view: &SetView) -> ExitCode {
    if view.error.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A one-word rebuild status for the table.
pub fn change_word(change: Change) -> &'static str {
    match change {
        Change::Unchanged => "same",
        Change::DrvOnly => "drv-only",
        Change::Rebuild => "REBUILD",
        Change::Added => "added",
        Change::NotCompared => "",
    }
}

/// The layer legend, the rows, and the set's own error.
fn view_text(view: &SetView) -> String {
    let mut out = String::from("layers:\n");
    for layer in &view.layers {
        out.push_str(&format!("  [{}] {}\n", layer.index, layer.label));
    }
    if let Some(error) = &view.error {
        out.push('\n');
        out.push_str(&error.rendered);
        if let Some(hint) = &error.hint {
            out.push_str(&format!("hint: {}\n", hint.message));
        }
        return out;
    }
    out.push('\n');
    out.push_str(&rows_text(view, &view.rows));
    for event in &view.events {
        out.push_str(&event.rendered);
    }
    out
}

/// A short layer tag: its index, `*` when several layers set the row.
fn layer_tag(row: &AttrRow) -> String {
    match row.defined_by {
        Some(index) if row.chain.len() > 1 => format!("[{index}]*"),
        Some(index) => format!("[{index}]"),
        None => "?".to_owned(),
    }
}

fn reads_text(row: &AttrRow) -> String {
    let mut reads: Vec<String> = row
        .reads
        .iter()
        .filter(|read| matches!(read.via.as_str(), "final" | "prev" | "self" | "super"))
        .map(|read| format!("{}.{}", read.via, read.name))
        .collect();
    if reads.len() > 4 {
        let more = reads.len() - 4;
        reads.truncate(4);
        reads.push(format!("+{more}"));
    }
    reads.join(" ")
}

/// Rows as aligned columns; an error and its hint go under their row.
fn rows_text(view: &SetView, rows: &[AttrRow]) -> String {
    let _ = view;
    let header = [
        "NAME".to_owned(),
        "KIND".to_owned(),
        "LAYER".to_owned(),
        "CHANGE".to_owned(),
        "READS".to_owned(),
        "VALUE".to_owned(),
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|row| {
            [
                row.path.last().cloned().unwrap_or_default(),
                format!("{:?}", row.kind).to_lowercase(),
                layer_tag(row),
                change_word(row.change).to_owned(),
                reads_text(row),
                row.short.clone(),
            ]
        })
        .collect();
    let mut widths = [0usize; 6];
    for line in std::iter::once(&header).chain(cells.iter()) {
        for (width, cell) in widths.iter_mut().zip(line.iter()) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let format_line = |line: &[String; 6]| {
        let mut text = String::new();
        for (index, (cell, width)) in line.iter().zip(widths.iter()).enumerate() {
            if index + 1 == line.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  "));
            }
        }
        format!("{}\n", text.trim_end())
    };
    let mut out = format_line(&header);
    for (row, line) in rows.iter().zip(cells.iter()) {
        out.push_str(&format_line(line));
        let hint = row
            .error
            .as_ref()
            .and_then(|error| error.hint.as_ref())
            .or(row.hint.as_ref());
        if let Some(hint) = hint {
            out.push_str(&format!("    hint: {}\n", hint.message));
        }
    }
    out
}

/// A trace page, one event per line, indented by depth.
fn trace_text(page: &fixpoint_overrides::TracePage) -> String {
    use fixpoint_overrides::TraceEvent;
    let mut out = format!(
        "trace of {}: events {}..{} of {}{}\n",
        page.path.join("."),
        page.offset,
        page.offset + page.events.len(),
        page.total,
        if page.truncated { " (capped)" } else { "" }
    );
    let place = |at: &Option<fixpoint_overrides::SpanInfo>| {
        at.as_ref()
            .map(|at| format!("{}:{}", at.file, at.line))
            .unwrap_or_default()
    };
    for event in &page.events {
        let line = match event {
            TraceEvent::Force {
                depth,
                attribute,
                at,
                snippet,
            } => format!(
                "{}force {}{} {}",
                "  ".repeat(*depth),
                attribute
                    .as_ref()
                    .map(|path| format!("[{}] ", path.join(".")))
                    .unwrap_or_default(),
                snippet.clone().unwrap_or_default(),
                place(at)
            ),
            TraceEvent::Reused { depth, attribute } => {
                format!("{}reuse [{}]", "  ".repeat(*depth), attribute.join("."))
            }
            TraceEvent::Done { depth, ok } => {
                format!(
                    "{}{}",
                    "  ".repeat(*depth),
                    if *ok { "done" } else { "failed" }
                )
            }
            TraceEvent::Lookup {
                depth,
                via,
                name,
                answered_by,
                found,
                at,
            } => format!(
                "{}lookup {via}.{name} -> {} {}",
                "  ".repeat(*depth),
                match (found, answered_by) {
                    (false, _) => "missing".to_owned(),
                    (true, Some(layer)) => format!("layer [{layer}]"),
                    (true, None) => "found".to_owned(),
                },
                place(at)
            ),
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if let Some(error) = &page.error {
        out.push_str(&format!("error: {}\n", error.message));
    }
    out
}
