//! Times what the playground's worker does for one keystroke, natively,
//! over every gallery example (`static/examples/index.json`): the value
//! printed as Nix (expression mode) and the Set view (`Session::open` +
//! `view`), which the worker answers every keystroke with, and the value
//! as JSON, which it prints only when the Value tab shows JSON. Every
//! evaluator shares one parsed prelude, as in the worker (`SHARED=0`: a
//! fresh one each time, as before it was shared; the overlays-off
//! comparison is kept between keystrokes the same way; `KEEP=0`: it is
//! evaluated in every session, as before it was kept). Each example is run
//! `RUNS` times (default 5) after one warm-up run (`TRACK=0`: without
//! freeing cycles, which the worker does); medians in
//! milliseconds; `keystroke` is the Set view and then the value from the
//! same session where `Session::print_root` can, as the worker answers
//! (`JSON=0` skips the JSON).
//!
//! `cargo run --release -p fixpoint-overrides --example keystroke_timing`

#[path = "../tests/support/gallery.rs"]
mod gallery;

use std::time::Instant;

use fixpoint_eval::OutputFormat;
use fixpoint_overrides::{
    playground_evaluator_sharing, EngineOptions, Mode, Session, SharedBaselines, SharedPrelude,
    Workspace, WORKSPACE_ROOT,
};

fn print(workspace: &Workspace, entry: &str, output: OutputFormat, prelude: &SharedPrelude) -> u64 {
    let io = gallery::workspace_io(workspace);
    let options = gallery::value_options(output);
    match playground_evaluator_sharing(Box::new(io), options, prelude) {
        Ok(mut evaluator) => {
            evaluator
                .eval_file(&format!("{WORKSPACE_ROOT}/{entry}"))
                .steps
        }
        Err(_) => 0,
    }
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(0.0)
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(5);
    let only = std::env::var("ONLY").ok();
    let examples = match gallery::gallery() {
        Ok(examples) => examples,
        Err(error) => {
            eprintln!("{error}");
            return;
        }
    };
    let shared = std::env::var("SHARED").map_or(true, |value| value != "0");
    // `TRACK=0`: evaluators do not free their cycles when dropped (the
    // worker has them do it, see `fixpoint_eval::value::track_cycles`).
    if std::env::var("TRACK").map_or(true, |value| value != "0") {
        fixpoint_eval::value::track_cycles();
    }
    // `KEEP=0`: the overlays-off comparison evaluated in every session.
    let keep = std::env::var("KEEP").map_or(true, |value| value != "0");
    let fresh_options = || EngineOptions {
        baselines: if keep {
            SharedBaselines::new()
        } else {
            SharedBaselines::disabled()
        },
        ..EngineOptions::default()
    };
    let options = fresh_options();
    println!(
        "{:28} {:>8} {:>8} {:>9} {:>8}",
        "example", "nix", "set", "keystroke", "json"
    );
    for (id, workspace) in &examples {
        if only
            .as_ref()
            .is_some_and(|only| !id.contains(only.as_str()))
        {
            continue;
        }
        let (mut nix, mut set, mut keystroke, mut json) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for run in 0..=runs {
            let options = if shared {
                options.clone()
            } else {
                fresh_options()
            };
            let (mut nix_ms, mut json_ms) = (0.0, 0.0);
            if let Mode::Expression { entry } = &workspace.mode {
                let start = Instant::now();
                print(workspace, entry, OutputFormat::Nix, &options.prelude);
                nix_ms = ms(start);
                if std::env::var("JSON").map_or(true, |value| value != "0") {
                    let start = Instant::now();
                    print(workspace, entry, OutputFormat::Json, &options.prelude);
                    json_ms = ms(start);
                }
            }
            let start = Instant::now();
            let mut session = Session::open(workspace.clone(), options.clone());
            let _ = session.view();
            let set_ms = ms(start);
            // As in the worker, one session at a time: a session holds the
            // kept overlays-off comparison until it is dropped.
            drop(session);
            // As the worker answers a keystroke: the Set view, then the
            // value from the same session when it can, else afresh.
            let start = Instant::now();
            let mut session = Session::open(workspace.clone(), options.clone());
            let _ = session.view();
            if let Mode::Expression { entry } = &workspace.mode {
                if session.print_root(OutputFormat::Nix, 50_000_000).is_none() {
                    print(workspace, entry, OutputFormat::Nix, &options.prelude);
                }
            }
            let keystroke_ms = ms(start);
            if run > 0 {
                nix.push(nix_ms);
                set.push(set_ms);
                keystroke.push(keystroke_ms);
                json.push(json_ms);
            }
        }
        println!(
            "{:28} {:8.1} {:8.1} {:9.1} {:8.1}",
            id,
            median(nix),
            median(set),
            median(keystroke),
            median(json)
        );
    }
}
