//! Differential test of derivations against real Nix: a deterministic
//! generator writes Nix programs that build chains of derivations, each
//! program evaluates to the list of every `drvPath` and output path it made
//! (plus its `toFile` and source paths), and our evaluator must print exactly
//! what `nix-instantiate --eval --strict` prints.
//!
//! What the programs vary: names, `builder`/`system`, `args`, environment
//! values of every type (strings with quotes, newlines and unicode, integers,
//! Booleans, null, lists and nested lists, path literals, derivations and
//! their named outputs, interpolations, `toFile` results, `placeholder`),
//! multiple outputs in any order, fixed-output derivations (flat and
//! recursive; md5, sha1, sha256, sha512; SRI, base-16, Nix base-32, base-64,
//! `algo:hash`; with and without `outputHashAlgo`), `__ignoreNulls`,
//! `__structuredAttrs` (with nested sets), and `.drvPath` interpolation both
//! as a deep context and through `unsafeDiscardOutputDependency`.
//!
//! How Nix runs: `NIX_REMOTE=dummy:// nix-instantiate --eval --strict`
//! (Debian's 2.8). A deep context (`"${d.drvPath}"` inside another
//! derivation) needs the `.drv` closure in a real store, which the dummy
//! store cannot give, so those programs run against a throw-away local store
//! (`NIX_REMOTE=local?root=…`, `--read-write-mode`). The test fails loudly
//! when `nix-instantiate` is missing. `FIXPOINT_DRV_SEED` picks another
//! generated set; `FIXPOINT_DRV_PROGRAMS` changes how many.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use fixpoint_eval::{EvalOptions, Evaluator, MemoryIo};
use fixpoint_store::{Hash, HashAlgo};

const DEFAULT_PROGRAMS: usize = 220;
const DEFAULT_SEED: u64 = 0x5eed_d1ff_0004;

/// A small deterministic generator (xorshift64), so every failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// The workspace files programs may copy into the store.
const SOURCES: &[(&str, &str)] = &[
    ("src/hello.txt", "hello, world\n"),
    ("src/build.sh", "#!/bin/sh\necho building > $out\n"),
    ("src/empty", ""),
    ("src/tree/a.txt", "a\n"),
    ("src/tree/sub/b.txt", "b\n"),
    ("src/tree/sub/c.nix", "{ }\n"),
];

const PATH_LITERALS: &[&str] = &[
    "./src/hello.txt",
    "./src/build.sh",
    "./src/empty",
    "./src/tree",
    "./src/tree/sub",
];

const STRINGS: &[&str] = &[
    "",
    "hello",
    "with space",
    "quote \\\" inside",
    "back\\\\slash",
    "line\\nbreak\\ttab",
    "dollar $out and \\${NOT}",
    "unicode: καλημέρα ☃",
    "--flag=1",
    "/bin/sh",
    "a;b|c&d",
];

const NAMES: &[&str] = &[
    "hello",
    "foo-1.0",
    "python3.11-requests-2.31.0",
    "a",
    "x_y",
    "with+plus",
    "q?=ok",
    "graphviz",
    "asciidoc-full",
    "Z9",
];

const SYSTEMS: &[&str] = &["x86_64-linux", "aarch64-darwin", ":", "i686-linux"];

const OUTPUT_SETS: &[&[&str]] = &[
    &["out"],
    &["out", "dev"],
    &["bin", "out"],
    &["lib", "dev", "out", "doc"],
    &["out", "man"],
];

const ENV_NAMES: &[&str] = &[
    "A",
    "_private",
    "buildInputs",
    "configureFlags",
    "src",
    "version",
    "meta_x",
    "\"dash-name\"",
    "enableParallel",
    "PATH",
    "zzz",
];

/// One derivation of a program, as far as other derivations need to know.
struct Made {
    var: String,
    outputs: Vec<String>,
}

/// Everything a program's derivations may refer to.
struct Scope {
    made: Vec<Made>,
    files: Vec<String>,
    /// Whether `.drvPath` may be interpolated as a deep context.
    deep: bool,
}

fn string_literal(rng: &mut Rng) -> String {
    format!("\"{}\"", rng.pick(STRINGS))
}

/// A reference to something store-related: an output, a file, a path.
fn reference(rng: &mut Rng, scope: &Scope) -> String {
    let choice = rng.below(10);
    if !scope.made.is_empty() && choice < 5 {
        let made = &scope.made[rng.below(scope.made.len())];
        let output = made.outputs[rng.below(made.outputs.len())].clone();
        return match rng.below(7) {
            0 => made.var.clone(),
            1 => format!("{}.{output}", made.var),
            2 => format!("\"${{{}}}\"", made.var),
            3 => format!("{}.outPath", made.var),
            4 => format!("\"prefix-${{{}.{output}}}/bin\"", made.var),
            5 if scope.deep => format!("\"${{{}.drvPath}}\"", made.var),
            _ => format!(
                "(builtins.unsafeDiscardOutputDependency {}.drvPath)",
                made.var
            ),
        };
    }
    if !scope.files.is_empty() && choice < 7 {
        return scope.files[rng.below(scope.files.len())].clone();
    }
    if choice < 9 {
        let path = rng.pick(PATH_LITERALS);
        return if rng.chance(50) {
            path.to_string()
        } else {
            format!("\"${{{path}}}\"")
        };
    }
    format!(
        "(builtins.placeholder \"{}\")",
        rng.pick(&["out", "dev", "bin"])
    )
}

/// An environment value of any type (nested up to `depth`).
fn value(rng: &mut Rng, scope: &Scope, depth: usize, structured: bool) -> String {
    match rng.below(if depth == 0 { 7 } else { 10 }) {
        0 | 1 => string_literal(rng),
        2 => {
            let int = rng.below(2000) as i64 - 1000;
            if int < 0 {
                format!("({int})")
            } else {
                int.to_string()
            }
        }
        // Floats only outside structured attributes: their JSON form is
        // where Nix versions differ (2.8 writes `2`, current Nix `2.0`).
        3 if !structured && rng.chance(30) => {
            rng.pick(&["1.5", "0.1", "(-2.0)", "1.0e10"]).to_string()
        }
        3 => rng.pick(&["true", "false"]).to_string(),
        4 => "null".to_string(),
        5 | 6 => reference(rng, scope),
        7 | 8 => {
            let len = rng.below(4);
            let items: Vec<String> = (0..len)
                .map(|_| value(rng, scope, depth - 1, structured))
                .collect();
            format!("[ {} ]", items.join(" "))
        }
        _ if structured => {
            let len = rng.below(3);
            let items: Vec<String> = (0..len)
                .map(|i| format!("k{i} = {};", value(rng, scope, depth - 1, structured)))
                .collect();
            format!("{{ {} }}", items.join(" "))
        }
        _ => format!(
            "\"mixed ${{toString {}}} end\"",
            value(rng, scope, depth - 1, false)
        ),
    }
}

/// `outputHash` (and friends) for a fixed-output derivation.
fn fixed_output(rng: &mut Rng, attrs: &mut Vec<(String, String)>) {
    let algo = rng.pick(&[
        HashAlgo::Sha256,
        HashAlgo::Sha256,
        HashAlgo::Sha1,
        HashAlgo::Sha512,
        HashAlgo::Md5,
    ]);
    let seed = format!("content-{}", rng.next());
    let hash = Hash::digest(algo, seed.as_bytes());
    let (text, needs_algo) = match rng.below(5) {
        0 => (hash.to_sri(), false),
        1 => (hash.to_base16(), true),
        2 => (hash.to_nix32(), true),
        3 => (hash.to_base64(), true),
        _ => (format!("{}:{}", algo.name(), hash.to_nix32()), false),
    };
    attrs.push(("outputHash".into(), format!("\"{text}\"")));
    if needs_algo || rng.chance(50) {
        attrs.push(("outputHashAlgo".into(), format!("\"{}\"", algo.name())));
    }
    match rng.below(3) {
        0 => attrs.push(("outputHashMode".into(), "\"recursive\"".into())),
        1 => attrs.push(("outputHashMode".into(), "\"flat\"".into())),
        _ => {}
    }
}

/// One `derivation { … }` call; returns its text and output names.
fn derivation(rng: &mut Rng, scope: &Scope) -> (String, Vec<String>) {
    let mut attrs: Vec<(String, String)> = Vec::new();
    let name = rng.pick(NAMES);
    attrs.push(("name".into(), format!("\"{name}\"")));
    let structured = rng.chance(15);
    let builder = match rng.below(4) {
        // With structured attributes the builder must be a string.
        0 if !structured => "./src/build.sh".to_string(),
        1 if !scope.files.is_empty() => scope.files[0].clone(),
        _ => "\"/bin/sh\"".to_string(),
    };
    attrs.push(("builder".into(), builder));
    let system = if rng.chance(30) {
        "builtins.currentSystem".to_string()
    } else {
        format!("\"{}\"", rng.pick(SYSTEMS))
    };
    attrs.push(("system".into(), system));
    if structured {
        attrs.push(("__structuredAttrs".into(), "true".into()));
    } else if rng.chance(5) {
        attrs.push(("__structuredAttrs".into(), "false".into()));
    }
    if rng.chance(25) {
        attrs.push(("__ignoreNulls".into(), rng.pick(&["true", "false"]).into()));
    }
    let fixed = rng.chance(20);
    let outputs: Vec<String> = if fixed {
        if rng.chance(30) {
            attrs.push(("outputs".into(), "[ \"out\" ]".into()));
        }
        fixed_output(rng, &mut attrs);
        vec!["out".into()]
    } else {
        let set = rng.pick(OUTPUT_SETS);
        if set.len() > 1 || rng.chance(20) {
            let list: Vec<String> = set.iter().map(|o| format!("\"{o}\"")).collect();
            attrs.push(("outputs".into(), format!("[ {} ]", list.join(" "))));
        }
        set.iter().map(|o| o.to_string()).collect()
    };
    if rng.chance(40) {
        let len = rng.below(4);
        let items: Vec<String> = (0..len)
            .map(|_| match rng.below(3) {
                0 => string_literal(rng),
                1 => reference(rng, scope),
                _ => format!("{}", rng.below(100)),
            })
            .collect();
        attrs.push(("args".into(), format!("[ {} ]", items.join(" "))));
    }
    for _ in 0..rng.below(6) {
        let key = rng.pick(ENV_NAMES).to_string();
        if attrs.iter().any(|(k, _)| *k == key) {
            continue;
        }
        attrs.push((key, value(rng, scope, 2, structured)));
    }
    let mut text = String::from("derivation {");
    for (key, value) in &attrs {
        let _ = write!(text, " {key} = {value};");
    }
    text.push_str(" }");
    (text, outputs)
}

/// A whole program: some files, a chain of derivations, and the list of
/// every path made.
fn program(rng: &mut Rng, deep: bool) -> String {
    let mut scope = Scope {
        made: Vec::new(),
        files: Vec::new(),
        deep,
    };
    let mut bindings = Vec::new();
    let mut results = Vec::new();
    for index in 0..rng.below(3) {
        let var = format!("f{index}");
        let contents = match (rng.below(3), scope.files.last()) {
            (0, Some(previous)) => format!("\"uses ${{{previous}}}\""),
            (1, _) => format!(
                "\"script for ${{{}}}\"",
                rng.pick(&["./src/hello.txt", "./src/tree"])
            ),
            _ => string_literal(rng),
        };
        bindings.push(format!(
            "{var} = builtins.toFile \"{}\" {contents};",
            rng.pick(&["setup.sh", "config.json", "notes"])
        ));
        results.push(var.clone());
        scope.files.push(var);
    }
    for index in 0..1 + rng.below(5) {
        let var = format!("d{index}");
        let (text, outputs) = derivation(rng, &scope);
        bindings.push(format!("{var} = {text};"));
        results.push(format!("{var}.drvPath"));
        for output in &outputs {
            results.push(format!("{var}.{output}.outPath"));
        }
        scope.made.push(Made { var, outputs });
    }
    if deep {
        // Make sure every deep program has a dependant of a whole closure.
        let last = scope.made.len() - 1;
        let var = format!("d{}", scope.made.len());
        bindings.push(format!(
            "{var} = derivation {{ name = \"closure\"; builder = \"/bin/sh\"; system = \":\"; refs = \"${{d{last}.drvPath}}\"; }};"
        ));
        results.push(format!("{var}.drvPath"));
        results.push(format!("{var}.outPath"));
    }
    format!(
        "let\n  {}\nin [\n  {}\n]\n",
        bindings.join("\n  "),
        results.join("\n  ")
    )
}

struct Workspace {
    dir: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = std::env::temp_dir().join(format!("fixpoint-drv-diff-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, contents) in SOURCES {
            let file = dir.join(path);
            if let Some(parent) = file.parent() {
                fs::create_dir_all(parent).expect("create source directory");
            }
            fs::write(&file, contents).expect("write source file");
        }
        Workspace { dir }
    }

    fn memory_io(&self) -> MemoryIo {
        let mut io = MemoryIo::new();
        for (path, contents) in SOURCES {
            io.insert(
                self.dir.join(path).to_string_lossy().into_owned(),
                *contents,
            );
        }
        io
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// What `nix-instantiate` printed, or its error.
fn run_nix(file: &Path, store_root: Option<&Path>) -> Result<String, String> {
    let mut command = Command::new("nix-instantiate");
    command.args(["--eval", "--strict"]);
    match store_root {
        Some(root) => {
            command.arg("--read-write-mode");
            command.env("NIX_REMOTE", format!("local?root={}", root.display()));
        }
        None => {
            command.env("NIX_REMOTE", "dummy://");
        }
    }
    let output = command
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run nix-instantiate: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_string())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn run_ours(workspace: &Workspace, file: &Path, source: &str) -> Result<String, String> {
    let mut evaluator = Evaluator::new(Box::new(workspace.memory_io()), EvalOptions::default());
    let outcome = evaluator.eval_source(&file.to_string_lossy(), source);
    match (outcome.value, outcome.error) {
        (Some(value), _) => Ok(value),
        (None, Some(error)) => Err(error.message),
        (None, None) => Err("no result".into()),
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn derivations_match_nix_instantiate() {
    let probe = Command::new("nix-instantiate").arg("--version").output();
    assert!(
        matches!(&probe, Ok(out) if out.status.success()),
        "nix-instantiate (Debian's nix-bin) is required for this differential test and was not found: {probe:?}"
    );
    let programs = env_number("FIXPOINT_DRV_PROGRAMS", DEFAULT_PROGRAMS as u64) as usize;
    let mut rng = Rng(env_number("FIXPOINT_DRV_SEED", DEFAULT_SEED).max(1));
    let workspace = Workspace::new();
    let store_root = workspace.dir.join("nix-root");

    let mut failures: BTreeMap<usize, String> = BTreeMap::new();
    let mut compared_paths = 0;
    let mut deep_programs = 0;
    // How many compared programs exercise each feature (printed, and checked
    // so that a generator change cannot silently drop one).
    let features = [
        "outputHash = ",
        "outputHashMode = \"recursive\"",
        "sha512",
        "sha1",
        "md5",
        "__structuredAttrs = true",
        "__ignoreNulls = true",
        "outputs = [",
        "args = [",
        "builtins.toFile",
        "builtins.placeholder",
        "unsafeDiscardOutputDependency",
        "./src/tree",
        "[ [",
        "null",
        "1.5",
    ];
    let mut covered = vec![0usize; features.len()];
    for index in 0..programs {
        let deep = index % 4 == 3;
        let source = program(&mut rng, deep);
        let file = workspace.dir.join(format!("p{index}.nix"));
        fs::write(&file, &source).expect("write program");
        let nix = run_nix(&file, deep.then_some(store_root.as_path()));
        let ours = run_ours(&workspace, &file, &source);
        match (&nix, &ours) {
            (Ok(expected), Ok(got)) if expected == got => {
                compared_paths += expected.matches("\"/nix/store/").count();
                deep_programs += usize::from(deep && source.contains(".drvPath}\""));
                for (count, feature) in covered.iter_mut().zip(features) {
                    *count += usize::from(source.contains(feature));
                }
            }
            (Err(_), Err(_)) => {
                failures.insert(
                    index,
                    format!("both failed (the generator should not produce failing programs):\n{source}\nnix: {nix:?}\nours: {ours:?}"),
                );
            }
            _ => {
                failures.insert(
                    index,
                    format!("program {index}:\n{source}\nnix:  {nix:?}\nours: {ours:?}"),
                );
            }
        }
    }
    println!(
        "{programs} programs, {compared_paths} store paths identical, {deep_programs} with deep contexts, {} failures",
        failures.len()
    );
    for (count, feature) in covered.iter().zip(features) {
        println!("  {count:4} programs with `{feature}`");
    }
    for failure in failures.values().take(5) {
        println!("{failure}\n");
    }
    assert!(
        failures.is_empty(),
        "{} of {programs} programs differ from nix-instantiate",
        failures.len()
    );
    assert!(
        compared_paths >= 600,
        "too few paths compared: {compared_paths}"
    );
    for (count, feature) in covered.iter().zip(features) {
        assert!(*count >= 3, "only {count} programs cover `{feature}`");
    }
}
