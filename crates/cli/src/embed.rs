//! `fixpoint embed`: files on disk → an HTML snippet for documentation.
//!
//! The snippet is an `<iframe>` of the embed page (its URL from
//! [`fixpoint_share::embed_url`], escaped for the attribute) followed by a `<noscript>` block
//! with an "Open in the playground" link and every file as a `<pre>`, so a page read without
//! JavaScript still shows the code. Everything user-controlled (file names, file text, the
//! title, the site) is HTML-escaped; the height is a number.
//!
//! Tests: `tests/embed.rs` (options in the link, the fallback, hostile names and contents).

use std::fmt::Write as _;
use std::process::ExitCode;

use fixpoint_share::{escape_html_attribute, EmbedOptions, Mode, Panes, Snapshot, Theme};

use crate::share::{
    flag_value, long_link_warning, print_line, UsageError, WorkspaceArgs, WorkspaceError,
};

/// The iframe's height in CSS pixels when `--height` is not given.
pub const DEFAULT_HEIGHT: u32 = 420;

/// The largest `--height` accepted.
const MAX_HEIGHT: u32 = 10_000;

/// `fixpoint embed --help`.
pub const HELP: &str = "\
usage: fixpoint embed FILES... [share's flags] [--height N] [--read-only] [--no-toolbar]
                     [--theme system|light|dark] [--panes LIST] [--title TEXT]

Prints an HTML snippet that embeds the playground with FILES: an <iframe> of the embed page
(lazily loaded) and, for readers without JavaScript, a <noscript> block with a link to the
playground and the code of every file.

FILES, --base, --overlay, --overlay-off, --expr, --tab, -C and --site work as for
'fixpoint share' (see 'fixpoint share --help'); --tab is the embed's initial tab.

  --height N      the iframe's height in CSS pixels (default 420; the embed page can also
                  resize it through its postMessage protocol)
  --read-only     the reader cannot edit the files
  --no-toolbar    hide the toolbar
  --theme T       system (default), light or dark
  --panes LIST    the panes to show, comma-separated, from editor, set, graph, trace,
                  value, problems (default: all)
  --title TEXT    the iframe's accessible title (default: \"Fixpoint playground: \" and the
                  files evaluated)";

/// What `embed` reads besides the workspace.
struct EmbedArgs {
    workspace: WorkspaceArgs,
    options: EmbedOptions,
    height: u32,
    title: Option<String>,
}

fn parse(args: &[String]) -> Result<Option<EmbedArgs>, UsageError> {
    let mut workspace = WorkspaceArgs::default();
    let mut options = EmbedOptions::default();
    let mut height = DEFAULT_HEIGHT;
    let mut title = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if workspace.accept(arg, &mut rest)? {
            continue;
        }
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--read-only" => options.read_only = true,
            "--no-toolbar" => options.toolbar = false,
            "--height" => {
                let value = flag_value(arg, &mut rest)?;
                height = value
                    .parse()
                    .ok()
                    .filter(|height| (1..=MAX_HEIGHT).contains(height))
                    .ok_or_else(|| UsageError::InvalidValue {
                        flag: arg.clone(),
                        value,
                        expected: "a number of pixels from 1 to 10000",
                    })?;
            }
            "--theme" => {
                let value = flag_value(arg, &mut rest)?;
                options.theme = match value.as_str() {
                    "system" => Theme::System,
                    "light" => Theme::Light,
                    "dark" => Theme::Dark,
                    _ => {
                        return Err(UsageError::InvalidValue {
                            flag: arg.clone(),
                            value,
                            expected: "system, light or dark",
                        })
                    }
                };
            }
            "--panes" => {
                let value = flag_value(arg, &mut rest)?;
                options.panes = parse_panes(&value).ok_or_else(|| UsageError::InvalidValue {
                    flag: arg.clone(),
                    value,
                    expected:
                        "a comma-separated list of editor, set, graph, trace, value, problems",
                })?;
            }
            "--title" => title = Some(flag_value(arg, &mut rest)?),
            _ => return Err(UsageError::UnknownFlag { flag: arg.clone() }),
        }
    }
    workspace.finish()?;
    Ok(Some(EmbedArgs {
        workspace,
        options,
        height,
        title,
    }))
}

/// The panes in a list such as `editor,value`; `None` if a name is unknown or none is given.
fn parse_panes(list: &str) -> Option<Panes> {
    let mut panes = Panes::none();
    for name in list
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        let pane = match name {
            "editor" => &mut panes.editor,
            "set" => &mut panes.set,
            "graph" => &mut panes.graph,
            "trace" => &mut panes.trace,
            "value" => &mut panes.value,
            "problems" => &mut panes.problems,
            _ => return None,
        };
        *pane = true;
    }
    panes.any().then_some(panes)
}

/// The files a title names: the entry in expression mode, the overlays in set mode.
fn default_title(snapshot: &Snapshot) -> String {
    let names: Vec<&str> = match &snapshot.mode {
        Mode::Expression(expression) => vec![expression.entry.as_str()],
        Mode::Set(set) if !set.overlays.is_empty() => set
            .overlays
            .iter()
            .map(|overlay| overlay.file.as_str())
            .collect(),
        _ => snapshot
            .files
            .iter()
            .map(|file| file.path.as_str())
            .collect(),
    };
    if names.is_empty() {
        "Fixpoint playground".to_string()
    } else {
        format!("Fixpoint playground: {}", names.join(", "))
    }
}

/// The HTML snippet for `snapshot` (whose embed options are set) on `site`.
fn snippet(
    snapshot: &Snapshot,
    site: &str,
    height: u32,
    title: &str,
) -> Result<(String, usize), WorkspaceError> {
    let embed = fixpoint_share::embed_url(site, snapshot).map_err(WorkspaceError::Encode)?;
    // "Open in the playground" starts from the playground's own defaults, not the embed's.
    let mut playground = snapshot.clone();
    playground.embed = EmbedOptions::default();
    let fragment = fixpoint_share::encode(&playground).map_err(WorkspaceError::Encode)?;
    let playground_link = fixpoint_share::with_fragment(site, &fragment);

    let mut html = String::new();
    // `write!` into a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(html, "<div class=\"fixpoint-embed\">");
    let _ = writeln!(
        html,
        "  <iframe src=\"{src}\" title=\"{title}\" width=\"100%\" height=\"{height}\" \
         loading=\"lazy\" style=\"border: 0; width: 100%;\"></iframe>",
        src = embed.html_attribute(),
        title = escape_html_attribute(title),
    );
    let _ = writeln!(html, "  <noscript>");
    let _ = writeln!(
        html,
        "    <p><a href=\"{}\">Open in the Fixpoint playground</a></p>",
        escape_html_attribute(&playground_link)
    );
    for file in &snapshot.files {
        let _ = writeln!(
            html,
            "    <p><code>{}</code></p>",
            escape_html_attribute(&file.path)
        );
        let _ = writeln!(
            html,
            "    <pre><code class=\"language-nix\">{}</code></pre>",
            escape_html_attribute(&file.text)
        );
    }
    let _ = writeln!(html, "  </noscript>");
    let _ = write!(html, "</div>");
    Ok((html, embed.as_str().len()))
}

/// Runs `fixpoint embed`.
pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print_line(format_args!("{HELP}"));
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}\n(see 'fixpoint embed --help')");
            return ExitCode::from(2);
        }
    };
    let result = args.workspace.snapshot().and_then(|mut snapshot| {
        snapshot.embed = args.options.clone();
        let title = args
            .title
            .clone()
            .unwrap_or_else(|| default_title(&snapshot));
        snippet(&snapshot, &args.workspace.site, args.height, &title)
    });
    match result {
        Ok((html, url_length)) => {
            print_line(format_args!("{html}"));
            if fixpoint_share::is_long(url_length) {
                eprintln!("{}", long_link_warning(url_length));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
