//! The `fixpoint` command: a thin dispatch over subcommands, each in its own
//! file. Exit codes are decided here: 0 on success, 1 on evaluation errors,
//! 2 on usage errors.

mod allocator;
mod check_docs;
mod embed;
mod eval;
mod fs_io;
mod open;
mod set;
mod share;

use std::process::ExitCode;

/// The evaluator makes and drops many small values (thunks, environments,
/// strings); mimalloc serves those faster than glibc's malloc. See
/// `allocator.rs` for why this is not `mimalloc::MiMalloc`.
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

const USAGE: &str = "usage: fixpoint eval [--playground] [--strict] [--json] [--xml] [--no-location] [--show-trace] [--max-call-depth N] [-I path] [--arg name expr] [--argstr name string] (-E expr | FILE)
       fixpoint set [OVERLAY...] [--base NAME|FILE] [--expr FILE] [--json] (see fixpoint set --help)
       fixpoint share FILES... [--base NAME|FILE] [--overlay FILE]... [--expr FILE] [--site URL]
       fixpoint open LINK [--dir DIR] [--force]
       fixpoint embed FILES... [share's flags] [--height N] [--read-only] [--no-toolbar] [--theme T] [--panes LIST] [--title TEXT]
       fixpoint check-docs FILE.md... [--max-steps N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "eval" => eval::run(rest),
        "set" => set::run(rest),
        "share" => share::run(rest),
        "open" => open::run(rest),
        "embed" => embed::run(rest),
        "check-docs" => check_docs::run(rest),
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("error: unknown command '{other}'\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
