//! Running jobs in a child process that can crash or hang without taking the
//! test down.
//!
//! The coordinator (the test as `cargo test` starts it) re-invokes its own
//! test binary with the same test name and [`JOBS_VAR`] set. That child is the
//! worker: it runs the jobs in order on one thread with a bounded stack,
//! catching panics, and appends one line per finished job to a results file.
//! The coordinator watches the file: when the child dies (a stack overflow
//! aborts the whole process) or stops making progress, the job it was on is
//! recorded as crashed or timed out, and a new child resumes after it.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const JOBS_VAR: &str = "FIXPOINT_WORKER_JOBS";
const OUT_VAR: &str = "FIXPOINT_WORKER_OUT";
const START_VAR: &str = "FIXPOINT_WORKER_START";
const STARTED: &str = "started";

/// How one job ended.
#[derive(Clone, Debug)]
pub enum JobOutcome {
    /// The job returned these fields.
    Done(Vec<String>),
    /// The job panicked (the evaluator must never panic), with the message.
    Panicked(String),
    /// The worker process died during the job (e.g. a native stack overflow).
    Crashed(String),
    /// The job made no progress within the time limit.
    TimedOut,
}

/// How to run the jobs.
pub struct Settings {
    /// The name of the `#[test]` function, used to re-invoke it as the worker.
    pub test_name: &'static str,
    /// Stack size of the worker thread that runs the jobs.
    pub stack_bytes: usize,
    /// A job that runs longer than this is killed and recorded as timed out.
    pub job_timeout: Duration,
    /// A directory for the job list, results and the worker's stderr.
    pub scratch: PathBuf,
}

/// When this process is a worker, runs its jobs with `run_one` and returns
/// `true`; the caller then returns from the test. `setup` builds the state the
/// jobs share (for example the in-memory file system) once per worker.
pub fn serve_if_worker<S>(
    stack_bytes: usize,
    setup: impl FnOnce() -> S + Send + 'static,
    run_one: fn(&S, &str) -> Vec<String>,
) -> bool
where
    S: 'static,
{
    let (Ok(jobs_path), Ok(out_path)) = (std::env::var(JOBS_VAR), std::env::var(OUT_VAR)) else {
        return false;
    };
    let start: usize = std::env::var(START_VAR)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let jobs_text = std::fs::read_to_string(&jobs_path).expect("worker: reading the job list");
    let jobs: Vec<String> = jobs_text.lines().map(unescape).collect();
    let handle = std::thread::Builder::new()
        .name("worker".into())
        .stack_size(stack_bytes)
        .spawn(move || {
            let mut out = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&out_path)
                .expect("worker: opening the results file");
            writeln!(out, "{STARTED}").expect("worker: writing results");
            let state = setup();
            for job in jobs.iter().skip(start) {
                let outcome = catch_unwind(AssertUnwindSafe(|| run_one(&state, job)));
                let line = match outcome {
                    Ok(fields) => {
                        let mut line = format!("{}\tdone", escape(job));
                        for field in fields {
                            line.push('\t');
                            line.push_str(&escape(&field));
                        }
                        line
                    }
                    Err(payload) => {
                        format!("{}\tpanic\t{}", escape(job), escape(&panic_text(&payload)))
                    }
                };
                out.write_all(format!("{line}\n").as_bytes())
                    .and_then(|()| out.flush())
                    .expect("worker: writing results");
            }
        })
        .expect("worker: spawning the job thread");
    handle
        .join()
        .expect("worker: the job thread failed outside a job");
    true
}

/// Runs every job in worker processes and returns their outcomes in order.
pub fn run_all(settings: &Settings, jobs: &[String]) -> Vec<JobOutcome> {
    std::fs::create_dir_all(&settings.scratch).expect("creating the scratch directory");
    let jobs_path = settings.scratch.join("jobs.txt");
    let listing: String = jobs.iter().map(|job| escape(job) + "\n").collect();
    std::fs::write(&jobs_path, listing).expect("writing the job list");
    let exe = std::env::current_exe().expect("locating the test binary");

    let mut outcomes: Vec<Option<JobOutcome>> = vec![None; jobs.len()];
    let mut start = 0;
    while start < jobs.len() {
        let out_path = settings.scratch.join("results.txt");
        let err_path = settings.scratch.join("worker-stderr.txt");
        let _ = std::fs::remove_file(&out_path);
        let stderr = std::fs::File::create(&err_path).expect("creating the worker's stderr file");
        let mut child = Command::new(&exe)
            .args([
                settings.test_name,
                "--exact",
                "--nocapture",
                "--test-threads=1",
                "-q",
            ])
            .env(JOBS_VAR, &jobs_path)
            .env(OUT_VAR, &out_path)
            .env(START_VAR, start.to_string())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("starting the worker process");

        let mut last_len = 0;
        let mut last_progress = Instant::now();
        let mut timed_out = false;
        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for the worker") {
                break Some(status);
            }
            let len = std::fs::metadata(&out_path).map(|m| m.len()).unwrap_or(0);
            if len != last_len {
                last_len = len;
                last_progress = Instant::now();
            } else if last_progress.elapsed() > settings.job_timeout {
                let _ = child.kill();
                let _ = child.wait();
                timed_out = true;
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };

        let (started, finished) = read_results(&out_path);
        assert!(
            started,
            "the worker process did not start ({status:?}); its stderr:\n{}",
            std::fs::read_to_string(&err_path).unwrap_or_default()
        );
        let count = finished.len();
        for (offset, (job, outcome)) in finished.into_iter().enumerate() {
            debug_assert_eq!(job, jobs[start + offset]);
            outcomes[start + offset] = Some(outcome);
        }
        let next = start + count;
        if next >= jobs.len() {
            break;
        }
        outcomes[next] = Some(if timed_out {
            JobOutcome::TimedOut
        } else {
            JobOutcome::Crashed(format!(
                "worker process ended ({}): {}",
                status.map_or("killed".to_string(), |s| s.to_string()),
                last_line(&err_path)
            ))
        });
        start = next + 1;
    }
    outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| JobOutcome::Crashed("no result recorded".into())))
        .collect()
}

fn read_results(path: &Path) -> (bool, Vec<(String, JobOutcome)>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut started = false;
    let mut results = Vec::new();
    // Only whole lines count: a line cut short by a crash is not a result.
    let complete = match text.rfind('\n') {
        Some(end) => &text[..=end],
        None => "",
    };
    for line in complete.lines() {
        if line == STARTED {
            started = true;
            continue;
        }
        let mut fields = line.split('\t').map(unescape);
        let job = fields.next().unwrap_or_default();
        let outcome = match fields.next().as_deref() {
            Some("done") => JobOutcome::Done(fields.collect()),
            _ => JobOutcome::Panicked(fields.next().unwrap_or_default()),
        };
        results.push((job, outcome));
    }
    (started, results)
}

fn last_line(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no stderr")
        .to_string()
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}

/// One field per line cell: backslash, tab, newline and carriage return escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
