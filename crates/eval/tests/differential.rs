//! The differential test: every program in `tests/corpus/*.nix` through our
//! evaluator and through real Nix, which must agree.
//!
//! The reference is Debian's Nix 2.8, run as
//! `NIX_REMOTE=dummy:// nix-instantiate --eval --strict FILE` (the test fails
//! loudly when it is missing; `.ci/setup` installs `nix-bin`). Where current
//! Nix differs from 2.8 (2.8 wraps on integer overflow, many messages are
//! older), `tests/corpus/current-nix.tsv` gives what current Nix prints, and
//! that wins.
//!
//! What is compared: a value as printed on stdout, byte for byte; an error by
//! its final `error: …` message (not the trace, positions or hints), see
//! `support::message::final_message`. The corpus directory is written
//! `/corpus` in both outputs so the expectations do not depend on where the
//! checkout lives. The programs are served to our evaluator from a
//! `MemoryIo` at their real absolute paths, so path arithmetic agrees.
//!
//! The test fails when fewer programs pass than `tests/corpus/baseline.txt`
//! records (rewrite it with `UPDATE_BASELINE=1`), and when the expectations
//! file names a program that does not exist.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fixpoint_eval::{EvalOptions, Evaluator, OutputFormat};
use support::message::{final_message, shorten};
use support::worker::{self, JobOutcome};

/// Steps one program may take before the evaluator stops it.
const STEP_BUDGET: u64 = 20_000_000;
/// Stack of the thread that evaluates.
const STACK_BYTES: usize = 8 << 20;
/// A program making no progress for this long is killed (ours or Nix's).
const JOB_TIMEOUT: Duration = Duration::from_secs(60);
/// How many failures to print; all of them go to the failures file.
const PRINTED_FAILURES: usize = 40;
/// How the corpus directory is written in outputs and expectations.
const CORPUS_MOUNT: &str = "/corpus";
const SYSTEM: &str = "x86_64-linux";

#[test]
fn corpus_against_nix() {
    if worker::serve_if_worker(STACK_BYTES, Ours::load, Ours::run) {
        return;
    }
    let corpus = corpus_dir();
    let programs = programs(&corpus);
    assert!(
        programs.len() >= 300,
        "the corpus has only {} programs",
        programs.len()
    );
    let overrides = read_overrides(&corpus, &programs);

    let reference = run_reference(&corpus, &programs);
    let settings = worker::Settings {
        test_name: "corpus_against_nix",
        stack_bytes: STACK_BYTES,
        job_timeout: JOB_TIMEOUT,
        scratch: Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential"),
    };
    let ours = worker::run_all(&settings, &programs);

    let mut passed = 0;
    let mut failures = Vec::new();
    let mut redundant = Vec::new();
    for ((program, nix), outcome) in programs.iter().zip(&reference).zip(&ours) {
        let expected = match overrides.get(program) {
            Some(current) => {
                if current == nix {
                    redundant.push(program.clone());
                }
                current.clone()
            }
            None => nix.clone(),
        };
        let actual = our_result(outcome, &corpus);
        if actual == expected {
            passed += 1;
        } else {
            failures.push(format!(
                "{program}: expected {} got {}",
                shorten(&expected.to_string()),
                shorten(&actual.to_string())
            ));
        }
    }

    println!("differential: {passed} passed, {} failed", failures.len());
    let failures_path = settings.scratch.join("differential-failures.txt");
    std::fs::write(&failures_path, failures.join("\n") + "\n").expect("writing the failures file");
    println!(
        "failures ({} in all, full list in {}):",
        failures.len(),
        failures_path.display()
    );
    for failure in failures.iter().take(PRINTED_FAILURES) {
        println!("  {failure}");
    }
    if !redundant.is_empty() {
        println!(
            "current-nix.tsv entries that 2.8 already prints (can be removed): {}",
            redundant.join(", ")
        );
    }
    check_baseline(passed as u64);
}

/// What a program produced: its printed value, or its final error message.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Observed {
    Value(String),
    Error(String),
    /// Neither: a crash, a hang, or output that could not be read.
    Broken(String),
}

impl std::fmt::Display for Observed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Observed::Value(v) => f.write_str(v),
            Observed::Error(e) => f.write_str(e),
            Observed::Broken(why) => write!(f, "<{why}>"),
        }
    }
}

impl Observed {
    /// Parses an expectation: `error: …` is an error, anything else a value.
    fn expected(text: &str) -> Observed {
        if text.starts_with("error:") {
            Observed::Error(text.to_string())
        } else {
            Observed::Value(text.to_string())
        }
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .canonicalize()
        .expect("locating tests/corpus")
}

/// The program names (file stems of `*.nix` directly in the corpus), sorted.
fn programs(corpus: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus)
        .expect("reading the corpus")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".nix").map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

/// `current-nix.tsv`: `program<TAB>what current Nix prints<TAB>why`.
fn read_overrides(corpus: &Path, programs: &[String]) -> BTreeMap<String, Observed> {
    let text =
        std::fs::read_to_string(corpus.join("current-nix.tsv")).expect("reading current-nix.tsv");
    let mut overrides = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [program, expected, why] = fields[..] else {
            panic!(
                "current-nix.tsv line {}: expected three tab-separated fields",
                number + 1
            );
        };
        assert!(
            !why.trim().is_empty(),
            "current-nix.tsv line {}: no reason given",
            number + 1
        );
        assert!(
            programs.iter().any(|p| p == program),
            "current-nix.tsv line {}: no program {program}.nix",
            number + 1
        );
        let previous = overrides.insert(program.to_string(), Observed::expected(expected));
        assert!(previous.is_none(), "current-nix.tsv names {program} twice");
    }
    overrides
}

/// Runs real Nix on every program, two at a time.
fn run_reference(corpus: &Path, programs: &[String]) -> Vec<Observed> {
    let version = Command::new("nix-instantiate").arg("--version").output();
    match version {
        Ok(out) if out.status.success() => {
            println!("reference: {}", String::from_utf8_lossy(&out.stdout).trim());
        }
        _ => panic!(
            "nix-instantiate is not installed: the differential test needs Debian's Nix \
             (apt-get install nix-bin; .ci/setup does this)"
        ),
    }
    let mut results: Vec<Option<Observed>> = vec![None; programs.len()];
    std::thread::scope(|scope| {
        let chunks: Vec<_> = results.chunks_mut(programs.len().div_ceil(2)).collect();
        let mut offset = 0;
        for chunk in chunks {
            let start = offset;
            offset += chunk.len();
            scope.spawn(move || {
                for (i, slot) in chunk.iter_mut().enumerate() {
                    *slot = Some(run_nix(corpus, &programs[start + i]));
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or(Observed::Broken("not run".into())))
        .collect()
}

fn run_nix(corpus: &Path, program: &str) -> Observed {
    let file = corpus.join(format!("{program}.nix"));
    let child = Command::new("nix-instantiate")
        .args(["--eval", "--strict"])
        .arg(&file)
        .env("NIX_REMOTE", "dummy://")
        .current_dir(corpus)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return Observed::Broken("could not start nix-instantiate".into());
    };
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > JOB_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Observed::Broken("nix-instantiate timed out".into());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Observed::Broken(format!("waiting for nix-instantiate: {e}")),
        }
    }
    let Ok(output) = child.wait_with_output() else {
        return Observed::Broken("reading nix-instantiate's output".into());
    };
    let mount = |text: &[u8]| {
        String::from_utf8_lossy(text).replace(&corpus.display().to_string(), CORPUS_MOUNT)
    };
    if output.status.success() {
        let stdout = mount(&output.stdout);
        Observed::Value(stdout.strip_suffix('\n').unwrap_or(&stdout).to_string())
    } else {
        let stderr = mount(&output.stderr);
        match final_message(&stderr) {
            Some(message) => Observed::Error(message),
            None => Observed::Broken(format!(
                "nix-instantiate failed without a message: {stderr}"
            )),
        }
    }
}

/// Our outcome for one program, in the same terms as the reference's.
fn our_result(outcome: &JobOutcome, corpus: &Path) -> Observed {
    let mount = |text: &str| text.replace(&corpus.display().to_string(), CORPUS_MOUNT);
    match outcome {
        JobOutcome::Done(fields) => match fields.as_slice() {
            [kind, text] if kind == "value" => Observed::Value(mount(text)),
            [kind, text] if kind == "error" => Observed::Error(mount(text)),
            _ => Observed::Broken(format!("malformed worker result {fields:?}")),
        },
        JobOutcome::Panicked(message) => Observed::Broken(format!("evaluator panicked: {message}")),
        JobOutcome::Crashed(message) => Observed::Broken(format!("crashed: {message}")),
        JobOutcome::TimedOut => Observed::Broken("timed out".into()),
    }
}

/// The worker's state: the corpus files at their real paths.
struct Ours {
    files: BTreeMap<String, Vec<u8>>,
    io: fixpoint_eval::MemoryIo,
    corpus: PathBuf,
}

impl Ours {
    fn load() -> Ours {
        let corpus = corpus_dir();
        let files = support::files::load_tree(&corpus, &corpus.display().to_string())
            .expect("loading the corpus");
        let home = std::env::var("HOME").unwrap_or_else(|_| "/homeless-shelter".into());
        let io = support::files::memory_io(&files, &[("HOME", home.as_str())]);
        Ours { files, io, corpus }
    }

    /// Evaluates one program: `["value", printed]` or `["error", message]`.
    fn run(&self, program: &str) -> Vec<String> {
        // As in the playground's worker: every evaluator frees its cycles.
        fixpoint_eval::value::track_cycles();
        let options = EvalOptions {
            strict: true,
            output: OutputFormat::Nix,
            step_budget: Some(STEP_BUDGET),
            current_system: SYSTEM.to_string(),
            ..EvalOptions::default()
        };
        let mut evaluator = Evaluator::new(Box::new(self.io.clone()), options);
        let path = format!("{}/{program}.nix", self.corpus.display());
        let outcome = evaluator.eval_file(&path);
        let source_of = |file: &str| -> Option<String> {
            evaluator.source_of(file).or_else(|| {
                self.files
                    .get(file)
                    .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            })
        };
        match (&outcome.error, &outcome.value) {
            (Some(error), _) => {
                let rendered = error.render(&source_of, false);
                let message =
                    final_message(&rendered).unwrap_or_else(|| format!("error: {}", error.message));
                vec!["error".into(), message]
            }
            (None, Some(value)) => vec!["value".into(), value.clone()],
            (None, None) => vec!["error".into(), "error: <no value and no error>".into()],
        }
    }
}

fn check_baseline(passed: u64) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/baseline.txt");
    let current: BTreeMap<String, u64> = [("passed".to_string(), passed)].into_iter().collect();
    if support::baseline::updating() {
        support::baseline::write(
            &path,
            "Corpus programs on which our evaluator agreed with current Nix when this\n\
             file was last written (UPDATE_BASELINE=1 cargo test -p fixpoint-eval --test\n\
             differential). The test fails when fewer agree. See docs/testing.md.",
            &current,
        )
        .expect("writing the baseline");
        println!("baseline rewritten: {}", path.display());
        return;
    }
    let regressions = support::baseline::regressions(&support::baseline::read(&path), &current);
    assert!(
        regressions.is_empty(),
        "the differential test fell below the committed baseline ({}):\n  {}",
        path.display(),
        regressions.join("\n  ")
    );
}
