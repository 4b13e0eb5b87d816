//! The Nix language test suite (`../shared/conformance/nix-lang/lang`), run the
//! way the reference runs it, against our evaluator.
//!
//! The suite is read in place. Its `lang/` tree is served from a `MemoryIo`
//! at `/pwd/lang`, so positions print as `/pwd/lang/...` exactly as in the
//! reference's expectations; the environment has `TEST_VAR=foo` and
//! `HOME=/fake-home`; `<...>` looks in `lang/dir3` then `lang/dir4`; a test's
//! `.flags` file (first line) adds or replaces command-line flags.
//!
//! Kinds and what passes (docs/testing.md explains the output):
//! - `eval-okay`: `--eval --strict` (XML tests `--eval --xml --no-location
//!   --strict`); stdout byte-exact against `.exp` / `.exp.xml`;
//! - `eval-fail`: `--eval --strict --show-trace`; passes when the final
//!   `error: …` message equals the one in `.err.exp`; the whole stderr
//!   (trace frames, positions, excerpts) is counted separately as `exact`;
//! - `parse-okay`: the file parses (no parse-time error);
//! - `parse-fail`: parsed as `«stdin»`, it is rejected at parse time with the
//!   same message; being rejected at all is counted separately.
//!
//! Tests that need a real host are listed with a reason in
//! `tests/conformance/skip.tsv` and not run. Every other test is in scope.
//! The test fails when a count falls below `tests/conformance/baseline.txt`
//! (rewrite it with `UPDATE_BASELINE=1`); the goals are the constants
//! below, reported on every run.
//!
//! Each evaluation has a step budget and runs in a worker process on a thread
//! with a bounded stack (see `support::worker`): a crash or a hang is recorded
//! against that one test.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fixpoint_eval::{AutoArg, EvalOptions, Evaluator, OutputFormat};
use support::message::{final_message, first_difference, shorten};
use support::worker::{self, JobOutcome};

/// Issue 3's goal: share of in-scope eval-okay tests printing `.exp` exactly.
const GOAL_EVAL_OKAY: f64 = 0.95;
/// Issue 3's goal: share of in-scope eval-fail tests with the same message.
const GOAL_EVAL_FAIL_MESSAGE: f64 = 0.80;
/// Every parse-okay test must parse.
const GOAL_PARSE_OKAY: f64 = 1.0;
/// Every parse-fail test must be rejected when parsing.
const GOAL_PARSE_FAIL_REJECTED: f64 = 1.0;

/// Steps one test may take before the evaluator stops it.
const STEP_BUDGET: u64 = 20_000_000;
/// Stack of the thread that evaluates (the evaluator must not need more).
const STACK_BYTES: usize = 8 << 20;
/// A test making no progress for this long is killed and counted as failed.
const JOB_TIMEOUT: Duration = Duration::from_secs(60);
/// How many failures to print; all of them go to the failures file.
const PRINTED_FAILURES: usize = 30;

/// Where the reference's working directory appears in its output.
const PWD: &str = "/pwd";
const SYSTEM: &str = "x86_64-linux";

#[test]
fn language_suite() {
    if worker::serve_if_worker(STACK_BYTES, Worker::load, Worker::run) {
        return;
    }
    let suite = Suite::discover();
    let skips = read_skip_list(&suite);
    let in_scope: Vec<&Case> = suite
        .cases
        .iter()
        .filter(|case| !skips.contains_key(&case.name))
        .collect();

    let settings = worker::Settings {
        test_name: "language_suite",
        stack_bytes: STACK_BYTES,
        job_timeout: JOB_TIMEOUT,
        scratch: scratch_dir(),
    };
    let jobs: Vec<String> = in_scope.iter().map(|case| case.name.clone()).collect();
    let outcomes = worker::run_all(&settings, &jobs);

    let mut tally = Tally::default();
    for case in suite.cases.iter().filter(|c| skips.contains_key(&c.name)) {
        for line in lines_of(&suite, case) {
            tally.counts.entry(line).or_default().skipped += 1;
        }
    }
    // Our outputs, for diffing by hand against lang/T.exp and lang/T.err.exp.
    let actual_dir = settings.scratch.join("actual");
    let _ = std::fs::remove_dir_all(&actual_dir);
    std::fs::create_dir_all(&actual_dir).expect("creating the actual-output directory");
    for (case, outcome) in in_scope.iter().zip(outcomes) {
        if let JobOutcome::Done(fields) = &outcome {
            if let [_, stdout, stderr] = fields.as_slice() {
                let _ = std::fs::write(actual_dir.join(format!("{}.out", case.name)), stdout);
                let _ = std::fs::write(actual_dir.join(format!("{}.err", case.name)), stderr);
            }
        }
        judge(&suite, case, &outcome, &mut tally);
    }

    let report = tally.report();
    print!("{report}");
    let failures_path = settings.scratch.join("conformance-failures.txt");
    std::fs::write(&failures_path, tally.failures.join("\n") + "\n")
        .expect("writing the failures file");
    println!(
        "failures ({} in all, full list in {}):",
        tally.failures.len(),
        failures_path.display()
    );
    for failure in tally.failures.iter().take(PRINTED_FAILURES) {
        println!("  {failure}");
    }

    check_baseline(&tally);
}

/// The four kinds of test, by file-name prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    EvalOkay,
    EvalFail,
    ParseOkay,
    ParseFail,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::EvalOkay,
        Kind::EvalFail,
        Kind::ParseOkay,
        Kind::ParseFail,
    ];

    fn of(name: &str) -> Option<Kind> {
        [
            ("eval-okay-", Kind::EvalOkay),
            ("eval-fail-", Kind::EvalFail),
            ("parse-okay-", Kind::ParseOkay),
            ("parse-fail-", Kind::ParseFail),
        ]
        .into_iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, kind)| kind)
    }

    fn label(self) -> &'static str {
        match self {
            Kind::EvalOkay => "eval-okay",
            Kind::EvalFail => "eval-fail",
            Kind::ParseOkay => "parse-okay",
            Kind::ParseFail => "parse-fail",
        }
    }
}

/// One test of the suite.
struct Case {
    name: String,
    kind: Kind,
}

/// The suite on disk.
struct Suite {
    lang: PathBuf,
    cases: Vec<Case>,
}

impl Suite {
    fn discover() -> Suite {
        let lang = conformance_root().join("nix-lang/lang");
        let mut cases: Vec<Case> = std::fs::read_dir(&lang)
            .unwrap_or_else(|e| panic!("reading {}: {e}", lang.display()))
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().to_string_lossy().into_owned();
                let stem = name.strip_suffix(".nix")?.to_string();
                let kind = Kind::of(&stem)?;
                Some(Case { name: stem, kind })
            })
            .collect();
        cases.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        assert!(
            cases.len() > 400,
            "found only {} tests in {}",
            cases.len(),
            lang.display()
        );
        Suite { lang, cases }
    }

    fn read(&self, file: &str) -> Option<String> {
        std::fs::read(self.lang.join(file))
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// `../shared/conformance` relative to the workspace root.
fn conformance_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")
}

fn scratch_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance")
}

fn skip_list_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/skip.tsv")
}

fn baseline_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/baseline.txt")
}

/// `skip.tsv`: `test<TAB>reason` per line. Every entry must name a test of the
/// suite and give a reason, so the list cannot silently go stale.
fn read_skip_list(suite: &Suite) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(skip_list_path()).expect("reading skip.tsv");
    let mut skips = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("skip.tsv line {}: expected `test<TAB>reason`", number + 1));
        assert!(
            !reason.trim().is_empty(),
            "skip.tsv line {}: {name} has no reason",
            number + 1
        );
        assert!(
            suite.cases.iter().any(|case| case.name == name),
            "skip.tsv line {}: no test named {name}",
            number + 1
        );
        skips.insert(name.to_string(), reason.to_string());
    }
    skips
}

fn symlink_list_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/symlinks.tsv")
}

/// `symlinks.tsv`: `path<TAB>target` per line, the entries of `lang/` that
/// are links in the reference's tree. Each must be a plain file in `files`
/// holding exactly its target (how the shared copy stores a link), so the list
/// cannot go stale; the files are taken out and returned as links to make.
fn read_symlink_list(files: &mut BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(symlink_list_path()).expect("reading symlinks.tsv");
    let mut links = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (path, target) = line.split_once('\t').unwrap_or_else(|| {
            panic!(
                "symlinks.tsv line {}: expected `path<TAB>target`",
                number + 1
            )
        });
        let mounted = format!("{PWD}/lang/{path}");
        let stored = files.remove(&mounted);
        assert_eq!(
            stored.as_deref(),
            Some(target.as_bytes()),
            "symlinks.tsv line {}: lang/{path} should be a file holding `{target}`",
            number + 1
        );
        links.push((mounted, target.to_string()));
    }
    links
}

/// The command-line flags one test runs with.
#[derive(Debug, Default)]
struct Flags {
    xml: bool,
    json: bool,
    location: bool,
    show_trace: bool,
    search_path: Vec<(String, String)>,
    args: Vec<(String, String)>,
    arg_strs: Vec<(String, String)>,
    attr: Option<String>,
    max_call_depth: Option<u32>,
    unsupported: Vec<String>,
}

impl Flags {
    /// The flags of `case` as the reference's test script builds them.
    fn of(case: &Case, lang_file: impl Fn(&str) -> Option<String>) -> Flags {
        let extra = lang_file(&format!("{}.flags", case.name))
            .and_then(|text| text.lines().next().map(str::to_string));
        let mut flags = Flags {
            location: true,
            ..Flags::default()
        };
        let words: Vec<String> = match case.kind {
            Kind::EvalOkay if lang_file(&format!("{}.exp.xml", case.name)).is_some() => {
                ["--eval", "--xml", "--no-location", "--strict"]
                    .map(String::from)
                    .to_vec()
            }
            Kind::EvalOkay => {
                let mut words: Vec<String> = extra
                    .as_deref()
                    .unwrap_or("")
                    .split_whitespace()
                    .map(String::from)
                    .collect();
                words.extend(["--eval", "--strict"].map(String::from));
                words
            }
            // The reference's test setup turns traces on for every run;
            // a `.flags` file replaces the default flags entirely.
            Kind::EvalFail => {
                flags.show_trace = true;
                match &extra {
                    Some(line) => line.split_whitespace().map(String::from).collect(),
                    None => ["--eval", "--strict", "--show-trace"]
                        .map(String::from)
                        .to_vec(),
                }
            }
            Kind::ParseOkay | Kind::ParseFail => vec!["--parse".to_string()],
        };
        let mut words = words.into_iter();
        while let Some(word) = words.next() {
            match word.as_str() {
                "--eval" | "--strict" | "--parse" => {}
                "--xml" => flags.xml = true,
                "--json" => flags.json = true,
                "--no-location" => flags.location = false,
                "--show-trace" => flags.show_trace = true,
                "--no-show-trace" => flags.show_trace = false,
                "-I" => match words.next() {
                    Some(entry) => flags.search_path.push(search_entry(&entry)),
                    None => flags.unsupported.push("-I without a value".into()),
                },
                "--arg" | "--argstr" => match (words.next(), words.next()) {
                    (Some(name), Some(value)) if word == "--arg" => flags.args.push((name, value)),
                    (Some(name), Some(value)) => flags.arg_strs.push((name, value)),
                    _ => flags
                        .unsupported
                        .push(format!("{word} without a name and value")),
                },
                "-A" => flags.attr = words.next(),
                "--max-call-depth" => match words.next().and_then(|n| n.parse().ok()) {
                    Some(depth) => flags.max_call_depth = Some(depth),
                    None => flags
                        .unsupported
                        .push("--max-call-depth without a number".into()),
                },
                other => flags.unsupported.push(other.to_string()),
            }
        }
        // NIX_PATH=lang/dir3:lang/dir4 comes after any -I.
        flags.search_path.push(search_entry("lang/dir3"));
        flags.search_path.push(search_entry("lang/dir4"));
        flags
    }
}

/// `-I` entries are `PATH` or `PREFIX=PATH`, relative to the working directory.
fn search_entry(entry: &str) -> (String, String) {
    let (prefix, path) = entry.split_once('=').unwrap_or(("", entry));
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{PWD}/{path}")
    };
    (prefix.to_string(), path)
}

/// The worker's state: the `lang/` tree and a file-system template.
struct Worker {
    files: BTreeMap<String, Vec<u8>>,
    io: fixpoint_eval::MemoryIo,
}

impl Worker {
    fn load() -> Worker {
        let lang = conformance_root().join("nix-lang/lang");
        let mut files = support::files::load_tree(&lang, &format!("{PWD}/lang"))
            .unwrap_or_else(|e| panic!("loading {}: {e}", lang.display()));
        let links = read_symlink_list(&mut files);
        let mut io =
            support::files::memory_io(&files, &[("TEST_VAR", "foo"), ("HOME", "/fake-home")]);
        for (path, target) in links {
            io.insert_symlink(path, target);
        }
        Worker { files, io }
    }

    fn source_of(&self, file: &str) -> Option<String> {
        self.files
            .get(file)
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
    }

    /// Evaluates one test and returns `[result, stdout, stderr]`, where
    /// `result` is `value`, `parse-error`, `eval-error` or `unsupported`.
    fn run(&self, name: &str) -> Vec<String> {
        // Every evaluator frees its cycles when dropped, as in the
        // playground's worker: the suite runs that over every kind of value.
        fixpoint_eval::value::track_cycles();
        let Some(kind) = Kind::of(name) else {
            return vec![
                "unsupported".into(),
                String::new(),
                format!("unknown test kind {name}"),
            ];
        };
        let case = Case {
            name: name.to_string(),
            kind,
        };
        let flags = Flags::of(&case, |file| self.source_of(&format!("{PWD}/lang/{file}")));
        if !flags.unsupported.is_empty() {
            return vec![
                "unsupported".into(),
                String::new(),
                format!(
                    "flags not supported by the runner: {}",
                    flags.unsupported.join(" ")
                ),
            ];
        }
        let options = EvalOptions {
            strict: true,
            output: if flags.xml {
                OutputFormat::Xml
            } else if flags.json {
                OutputFormat::Json
            } else {
                OutputFormat::Nix
            },
            location: flags.location,
            step_budget: Some(STEP_BUDGET),
            search_path: flags.search_path.clone(),
            current_system: SYSTEM.to_string(),
            show_trace: flags.show_trace,
            attr_path: flags.attr.clone().unwrap_or_default(),
            max_call_depth: flags
                .max_call_depth
                .unwrap_or(fixpoint_eval::vm::DEFAULT_MAX_CALL_DEPTH),
            working_dir: PWD.to_string(),
            auto_args: flags
                .args
                .iter()
                .map(|(name, expr)| (name.clone(), AutoArg::Expr(expr.clone())))
                .chain(
                    flags
                        .arg_strs
                        .iter()
                        .map(|(name, text)| (name.clone(), AutoArg::Str(text.clone()))),
                )
                .collect(),
        };
        let mut evaluator = Evaluator::new(Box::new(self.io.clone()), options);
        let path = format!("{PWD}/lang/{name}.nix");
        let (outcome, stdin_source) = match kind {
            // The reference parses these from standard input.
            Kind::ParseOkay | Kind::ParseFail => {
                let source = self.source_of(&path).unwrap_or_default();
                (evaluator.eval_source("«stdin»", &source), Some(source))
            }
            Kind::EvalOkay | Kind::EvalFail => (evaluator.eval_file(&path), None),
        };
        let source_of = |file: &str| -> Option<String> {
            match (&stdin_source, file) {
                (Some(source), "«stdin»") => Some(source.clone()),
                _ => evaluator.source_of(file).or_else(|| self.source_of(file)),
            }
        };
        let mut stderr = String::new();
        for event in &outcome.events {
            stderr.push_str(&event.render(&source_of, flags.show_trace));
        }
        let (result, stdout) = match (&outcome.value, &outcome.error) {
            (_, Some(error)) => {
                stderr.push_str(&error.render(&source_of, flags.show_trace));
                let result = if is_parse_error(error) {
                    "parse-error"
                } else {
                    "eval-error"
                };
                (result, String::new())
            }
            (Some(value), None) => ("value", format!("{value}\n")),
            (None, None) => ("eval-error", String::new()),
        };
        vec![result.to_string(), stdout, stderr]
    }
}

/// Errors the reference reports before evaluating (`nix-instantiate --parse`
/// fails with them).
fn is_parse_error(error: &fixpoint_eval::Diagnostic) -> bool {
    use fixpoint_eval::ErrorKind as K;
    matches!(
        error.kind,
        K::Parse { .. }
            | K::Syntax { .. }
            | K::UndefinedVariable { .. }
            | K::DuplicateAttribute { .. }
            | K::DuplicateFormal { .. }
    )
}

/// Pass/fail/skip numbers of one line of the report.
#[derive(Default, Clone, Copy)]
struct Count {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Count {
    fn record(&mut self, passed: bool) {
        if passed {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
    }

    fn share(&self) -> f64 {
        let run = self.passed + self.failed;
        if run == 0 {
            1.0
        } else {
            self.passed as f64 / run as f64
        }
    }
}

#[derive(Default)]
struct Tally {
    counts: BTreeMap<&'static str, Count>,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, line: &'static str, passed: bool) {
        self.counts.entry(line).or_default().record(passed);
    }

    fn get(&self, line: &str) -> Count {
        self.counts.get(line).copied().unwrap_or_default()
    }

    fn fail(&mut self, case: &Case, why: String) {
        self.failures.push(format!("{}: {why}", case.name));
    }

    fn report(&self) -> String {
        let mut out = String::new();
        let mut total = Count::default();
        for kind in Kind::ALL {
            let c = self.get(kind.label());
            total.passed += c.passed;
            total.failed += c.failed;
            total.skipped += c.skipped;
            let _ = writeln!(
                out,
                "{}: {} passed, {} failed, {} skipped",
                kind.label(),
                c.passed,
                c.failed,
                c.skipped
            );
        }
        for line in ["eval-okay-stderr", "eval-fail-exact", "parse-fail-rejected"] {
            let c = self.get(line);
            let _ = writeln!(
                out,
                "{line}: {} passed, {} failed, {} skipped",
                c.passed, c.failed, c.skipped
            );
        }
        let _ = writeln!(
            out,
            "total: {} passed, {} failed, {} skipped",
            total.passed, total.failed, total.skipped
        );
        for (line, goal) in [
            ("eval-okay", GOAL_EVAL_OKAY),
            ("eval-fail", GOAL_EVAL_FAIL_MESSAGE),
            ("parse-okay", GOAL_PARSE_OKAY),
            ("parse-fail-rejected", GOAL_PARSE_FAIL_REJECTED),
        ] {
            let share = self.get(line).share();
            let state = if share >= goal { "met" } else { "not met" };
            let _ = writeln!(
                out,
                "goal {line}: {:.1}% of in-scope tests (goal {:.0}%): {state}",
                share * 100.0,
                goal * 100.0
            );
        }
        out
    }
}

/// Compares one test's outcome with the suite's expectation.
fn judge(suite: &Suite, case: &Case, outcome: &JobOutcome, tally: &mut Tally) {
    let (result, stdout, stderr) = match outcome {
        JobOutcome::Done(fields) if fields.len() == 3 => {
            (fields[0].as_str(), fields[1].as_str(), fields[2].as_str())
        }
        other => {
            let why = match other {
                JobOutcome::Panicked(message) => {
                    format!("evaluator panicked: {}", shorten(message))
                }
                JobOutcome::Crashed(message) => format!("crashed: {}", shorten(message)),
                JobOutcome::TimedOut => format!("no result within {}s", JOB_TIMEOUT.as_secs()),
                JobOutcome::Done(fields) => {
                    format!("malformed worker result ({} fields)", fields.len())
                }
            };
            for line in lines_of(suite, case) {
                tally.record(line, false);
            }
            tally.fail(case, why);
            return;
        }
    };
    if result == "unsupported" {
        for line in lines_of(suite, case) {
            tally.record(line, false);
        }
        tally.fail(case, stderr.to_string());
        return;
    }
    match case.kind {
        Kind::EvalOkay => {
            // Tests with an XML expectation run with `--xml` (see `flags_of`),
            // so that is the output to compare.
            let expected = suite
                .read(&format!("{}.exp.xml", case.name))
                .or_else(|| suite.read(&format!("{}.exp", case.name)));
            let Some(expected) = expected else {
                tally.record("eval-okay", false);
                tally.fail(
                    case,
                    "no .exp file (add it to skip.tsv with a reason if intended)".into(),
                );
                return;
            };
            let passed = result == "value" && stdout == expected;
            tally.record("eval-okay", passed);
            if !passed {
                let why = if result == "value" {
                    first_difference(&expected, stdout)
                } else {
                    format!(
                        "failed: {}",
                        shorten(&final_message(stderr).unwrap_or_else(|| stderr.to_string()))
                    )
                };
                tally.fail(case, why);
            }
            // Where the suite expects output on stderr (warnings, traces), it
            // is a second measure: exact, as the reference compares it.
            if let Some(expected_stderr) = suite.read(&format!("{}.err.exp", case.name)) {
                let stderr_ok = stderr.trim_end() == expected_stderr.trim_end();
                tally.record("eval-okay-stderr", stderr_ok);
                if !stderr_ok {
                    let why = first_difference(&expected_stderr, stderr);
                    tally.fail(case, format!("stderr {why}"));
                }
            }
        }
        Kind::EvalFail => {
            let expected = suite
                .read(&format!("{}.err.exp", case.name))
                .unwrap_or_default();
            let actual = match suite.read(&format!("{}.postprocess", case.name)) {
                Some(script) => postprocess(&script, stderr),
                None => stderr.to_string(),
            };
            let failed_as_expected = result != "value";
            let message_ok =
                failed_as_expected && final_message(&actual) == final_message(&expected);
            let exact_ok = failed_as_expected && actual.trim_end() == expected.trim_end();
            tally.record("eval-fail", message_ok);
            tally.record("eval-fail-exact", exact_ok);
            if !message_ok {
                let why = if failed_as_expected {
                    format!(
                        "message: expected {} got {}",
                        shorten(&final_message(&expected).unwrap_or_default()),
                        shorten(&final_message(&actual).unwrap_or_else(|| actual.clone()))
                    )
                } else {
                    format!("evaluated to {}", shorten(stdout.trim_end()))
                };
                tally.fail(case, why);
            }
        }
        Kind::ParseOkay => {
            let passed = result != "parse-error";
            tally.record("parse-okay", passed);
            if !passed {
                tally.fail(
                    case,
                    format!(
                        "rejected: {}",
                        shorten(&final_message(stderr).unwrap_or_default())
                    ),
                );
            }
        }
        Kind::ParseFail => {
            let expected = suite
                .read(&format!("{}.err.exp", case.name))
                .unwrap_or_default();
            let rejected = result == "parse-error";
            let message_ok = rejected && final_message(stderr) == final_message(&expected);
            tally.record("parse-fail", message_ok);
            tally.record("parse-fail-rejected", rejected);
            if !message_ok {
                let why = if rejected {
                    format!(
                        "message: expected {} got {}",
                        shorten(&final_message(&expected).unwrap_or_default()),
                        shorten(&final_message(stderr).unwrap_or_default())
                    )
                } else {
                    format!("accepted by the parser ({result})")
                };
                tally.fail(case, why);
            }
        }
    }
}

/// The report lines a test counts in.
fn lines_of(suite: &Suite, case: &Case) -> Vec<&'static str> {
    match case.kind {
        Kind::EvalOkay if suite.read(&format!("{}.err.exp", case.name)).is_some() => {
            vec!["eval-okay", "eval-okay-stderr"]
        }
        Kind::EvalOkay => vec!["eval-okay"],
        Kind::EvalFail => vec!["eval-fail", "eval-fail-exact"],
        Kind::ParseOkay => vec!["parse-okay"],
        Kind::ParseFail => vec!["parse-fail", "parse-fail-rejected"],
    }
}

/// Applies a `.postprocess` script to our stderr. The suite has one kind: a
/// `sed` that masks numbers (line numbers of Nix's internal files) with
/// `<number>`. Any other script is reported instead of being guessed at.
fn postprocess(script: &str, stderr: &str) -> String {
    if !script.contains("s/[0-9][0-9]*/<number>/g") {
        return format!("unsupported .postprocess script; stderr was:\n{stderr}");
    }
    let mut out = String::with_capacity(stderr.len());
    let mut chars = stderr.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                chars.next();
            }
            out.push_str("<number>");
        } else {
            out.push(c);
        }
    }
    out
}

/// Fails when any count fell below the committed baseline; with
/// `UPDATE_BASELINE=1` rewrites the baseline instead.
fn check_baseline(tally: &Tally) {
    let current: BTreeMap<String, u64> = [
        "eval-okay",
        "eval-okay-stderr",
        "eval-fail",
        "eval-fail-exact",
        "parse-okay",
        "parse-fail",
        "parse-fail-rejected",
    ]
    .into_iter()
    .map(|line| (line.to_string(), tally.get(line).passed as u64))
    .collect();
    let path = baseline_path();
    if support::baseline::updating() {
        support::baseline::write(
            &path,
            "Passed tests per report line of the conformance runner when this file was\n\
             last written (UPDATE_BASELINE=1 cargo test -p fixpoint-eval --test conformance).\n\
             The runner fails when a count falls below these. See docs/testing.md.",
            &current,
        )
        .expect("writing the baseline");
        println!("baseline rewritten: {}", path.display());
        return;
    }
    let regressions = support::baseline::regressions(&support::baseline::read(&path), &current);
    assert!(
        regressions.is_empty(),
        "conformance fell below the committed baseline ({}):\n  {}",
        path.display(),
        regressions.join("\n  ")
    );
}
