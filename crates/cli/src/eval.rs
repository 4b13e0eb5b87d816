//! `fixpoint eval`: `nix-instantiate --eval` with its flags that make sense
//! here. Prints the value on stdout; on error prints it Nix-style on stderr
//! and exits 1. Trace and warning events go to stderr as they would in Nix.

use std::process::ExitCode;

use fixpoint_eval::{AutoArg, Diagnostic, EvalOptions, Evaluator, OutputFormat, Severity};

use crate::fs_io::FsIo;

/// The parsed command line.
struct EvalArgs {
    options: EvalOptions,
    expr: Option<String>,
    file: Option<String>,
    /// `--playground`: the playground's scope (`lib`, `pyproject-nix`,
    /// `uvOverlay`, `<nixpkgs>` = the mini nixpkgs).
    playground: bool,
}

fn parse(args: &[String]) -> Result<EvalArgs, String> {
    // `nix-instantiate --eval` is lazy unless `--strict`; Fixpoint follows it.
    let mut options = EvalOptions {
        strict: false,
        working_dir: absolute("."),
        ..EvalOptions::default()
    };
    let mut expr = None;
    let mut file = None;
    let mut playground = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("flag '{flag}' requires an argument"))
        };
        match arg.as_str() {
            "--eval" | "--read-write-mode" | "--readonly-mode" => {}
            "--strict" => options.strict = true,
            "--playground" => playground = true,
            "--json" => options.output = OutputFormat::Json,
            "--xml" => options.output = OutputFormat::Xml,
            "--no-location" => options.location = false,
            "--show-trace" => options.show_trace = true,
            "-A" | "--attr" => options.attr_path = value(arg)?,
            "-E" | "--expr" => expr = Some(value(arg)?),
            "-I" | "--include" => {
                let entry = value(arg)?;
                let (prefix, path) = match entry.split_once('=') {
                    Some((prefix, path)) => (prefix.to_string(), path.to_string()),
                    None => (String::new(), entry),
                };
                options.search_path.push((prefix, absolute(&path)));
            }
            "--arg" => {
                let name = value(arg)?;
                let text = value(arg)?;
                options.auto_args.push((name, AutoArg::Expr(text)));
            }
            "--argstr" => {
                let name = value(arg)?;
                let text = value(arg)?;
                options.auto_args.push((name, AutoArg::Str(text)));
            }
            "--max-call-depth" => {
                let text = value(arg)?;
                options.max_call_depth = text
                    .parse()
                    .map_err(|_| format!("invalid max-call-depth '{text}'"))?;
            }
            "--max-steps" => {
                let text = value(arg)?;
                options.step_budget = Some(
                    text.parse()
                        .map_err(|_| format!("invalid step budget '{text}'"))?,
                );
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unrecognised flag '{flag}'"))
            }
            path => file = Some(path.to_string()),
        }
    }
    if let Ok(nix_path) = std::env::var("NIX_PATH") {
        for entry in nix_path.split(':').filter(|e| !e.is_empty()) {
            let (prefix, path) = match entry.split_once('=') {
                Some((prefix, path)) => (prefix.to_string(), path.to_string()),
                None => (String::new(), entry.to_string()),
            };
            options.search_path.push((prefix, absolute(&path)));
        }
    }
    Ok(EvalArgs {
        options,
        expr,
        file,
        playground,
    })
}

fn absolute(path: &str) -> String {
    if path.starts_with('/') {
        fixpoint_eval::paths::canonicalize(path)
    } else {
        let cwd = std::env::current_dir()
            .map(|d| d.to_string_lossy().into_owned())
            .unwrap_or_else(|_| "/".into());
        fixpoint_eval::paths::canonicalize(&format!("{cwd}/{path}"))
    }
}

/// Runs the subcommand.
pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let show_trace = args.options.show_trace;
    let mut evaluator = if args.playground {
        match fixpoint_overrides::playground_evaluator(Box::new(FsIo), args.options) {
            Ok(evaluator) => evaluator,
            Err(error) => {
                eprint!("{}", error.render(&|_| None, show_trace));
                return ExitCode::from(1);
            }
        }
    } else {
        Evaluator::new(Box::new(FsIo), args.options)
    };
    let outcome = match (&args.expr, &args.file) {
        (Some(expr), _) => evaluator.eval_expr_string(&absolute("."), expr),
        (None, Some(file)) => evaluator.eval_file(&absolute(file)),
        (None, None) => evaluator.eval_file(&absolute("default.nix")),
    };
    let source_of = |path: &str| -> Option<String> { evaluator.source_of(path) };
    for event in &outcome.events {
        eprint!("{}", render_event(event, &source_of, show_trace));
    }
    if let Some(error) = &outcome.error {
        eprint!("{}", error.render(&source_of, show_trace));
        return ExitCode::from(1);
    }
    if let Some(value) = &outcome.value {
        println!("{value}");
    }
    ExitCode::SUCCESS
}

fn render_event(
    event: &Diagnostic,
    source_of: &dyn Fn(&str) -> Option<String>,
    show_trace: bool,
) -> String {
    match event.severity {
        Severity::Trace => format!("trace: {}\n", event.message),
        _ => event.render(source_of, show_trace),
    }
}
