//! `fixpoint share`: which files, which mode, which link.

use fixpoint_share::{Base, Mode, Overlay, ResultTab, Snapshot};

use crate::test::Test;

fn decode(stdout: &str) -> Snapshot {
    let link = stdout.trim();
    assert_eq!(stdout.lines().count(), 1, "one line expected: {stdout:?}");
    fixpoint_share::decode(link).unwrap_or_else(|e| panic!("{link} does not decode: {e}"))
}

#[test]
fn one_file_is_expression_mode_on_the_default_site() {
    let run = Test::new()
        .file("main.nix", "1 + 2\n")
        .args(["share", "./main.nix"])
        .run()
        .success();
    assert!(
        run.stdout.starts_with("https://fixpoint.invalid/#v1."),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
    let snapshot = decode(&run.stdout);
    let Mode::Expression(expression) = &snapshot.mode else {
        panic!("expression mode expected: {snapshot:?}");
    };
    assert_eq!(expression.entry, "main.nix");
    assert_eq!(snapshot.file("main.nix"), Some("1 + 2\n"));
    assert_eq!(snapshot.active.as_deref(), Some("main.nix"));
    assert_eq!(snapshot.tab, ResultTab::Value);
}

#[test]
fn default_nix_is_the_entry_when_present() {
    let run = Test::new()
        .file("lib.nix", "{ x = 1; }")
        .file("default.nix", "(import ./lib.nix).x")
        .args([
            "share",
            "lib.nix",
            "default.nix",
            "--site",
            "https://example.org/play/",
        ])
        .run()
        .success();
    assert!(run.stdout.starts_with("https://example.org/play/#v1."));
    let snapshot = decode(&run.stdout);
    let paths: Vec<&str> = snapshot.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["lib.nix", "default.nix"]);
    let Mode::Expression(expression) = &snapshot.mode else {
        panic!("expression mode expected");
    };
    assert_eq!(expression.entry, "default.nix");
}

#[test]
fn overlays_choose_set_mode_in_the_order_given() {
    let run = Test::new()
        .file("overlays/a.nix", "final: prev: { a = 1; }")
        .file("overlays/b.nix", "final: prev: { b = 2; }")
        .file("notes.nix", "null")
        .args([
            "share",
            "notes.nix",
            "--overlay",
            "overlays/b.nix",
            "--overlay-off",
            "overlays/a.nix",
            "--tab",
            "graph",
        ])
        .run()
        .success();
    let snapshot = decode(&run.stdout);
    let Mode::Set(set) = &snapshot.mode else {
        panic!("set mode expected");
    };
    assert_eq!(set.base, Base::MiniNixpkgs);
    assert_eq!(
        set.overlays,
        [
            Overlay::new("overlays/b.nix", true),
            Overlay::new("overlays/a.nix", false)
        ]
    );
    assert_eq!(snapshot.files.len(), 3);
    assert_eq!(snapshot.active.as_deref(), Some("overlays/b.nix"));
    assert_eq!(snapshot.tab, ResultTab::Graph);
}

#[test]
fn bases_by_name_and_by_file() {
    let named = Test::new()
        .file("o.nix", "final: prev: { }")
        .args(["share", "--base", "pyproject-python", "--overlay", "o.nix"])
        .run()
        .success();
    let Mode::Set(set) = decode(&named.stdout).mode else {
        panic!("set mode expected");
    };
    assert_eq!(set.base, Base::PyprojectPython);

    let custom = Test::new()
        .file("empty", "final: { x = 1; }")
        .args(["share", "--base", "./empty"])
        .run()
        .success();
    let snapshot = decode(&custom.stdout);
    let Mode::Set(set) = &snapshot.mode else {
        panic!("set mode expected");
    };
    assert_eq!(
        set.base,
        Base::Custom {
            file: "empty".into()
        }
    );
    assert_eq!(snapshot.file("empty"), Some("final: { x = 1; }"));
}

fn paths(stdout: &str) -> Vec<String> {
    decode(stdout).files.into_iter().map(|f| f.path).collect()
}

#[test]
fn a_directory_gives_its_nix_files_under_its_path() {
    let test = Test::new()
        .file("work/default.nix", "import ./pkgs/a.nix")
        .file("work/pkgs/a.nix", "1")
        .file("work/README.md", "not Nix")
        .file("work/.hidden/b.nix", "2")
        .args(["share", "work"]);
    assert_eq!(
        paths(&test.run().success().stdout),
        ["work/default.nix", "work/pkgs/a.nix"]
    );
    let test = test.args(["share", "-C", "work", "."]);
    assert_eq!(
        paths(&test.run().success().stdout),
        ["default.nix", "pkgs/a.nix"]
    );
    let absolute = test.dir().join("work").to_string_lossy().into_owned();
    let test = test
        .args(["share", "--expr", "work/pkgs/a.nix"])
        .arg(&absolute);
    assert_eq!(
        paths(&test.run().success().stdout),
        ["default.nix", "pkgs/a.nix", "work/pkgs/a.nix"]
    );
}

#[test]
fn files_outside_the_directory_keep_their_name() {
    let test = Test::new()
        .file("outside.nix", "42")
        .file("inner/x.nix", "1");
    let run = Test::new()
        .args(["share"])
        .arg(&test.dir().join("outside.nix").to_string_lossy())
        .run()
        .success();
    assert_eq!(decode(&run.stdout).file("outside.nix"), Some("42"));
}

#[test]
fn two_files_with_one_workspace_path_are_refused() {
    let test = Test::new().file("a/x.nix", "1").file("x.nix", "2");
    let absolute = test.dir().join("a/x.nix").to_string_lossy().into_owned();
    test.args(["share", "x.nix"])
        .arg(&absolute)
        .run()
        .code(1)
        .stderr_has("would both be 'x.nix'");
}

#[test]
fn naming_a_file_twice_is_harmless() {
    let run = Test::new()
        .file("o.nix", "final: prev: { }")
        .args(["share", "o.nix", "./o.nix", "--overlay", "o.nix"])
        .run()
        .success();
    assert_eq!(decode(&run.stdout).files.len(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let test = Test::new()
        .file("a.nix", "1")
        .file("o.nix", "final: prev: { }");
    test.args(["share", "--expr", "a.nix", "--overlay", "o.nix"])
        .run()
        .code(2)
        .stderr_has("cannot be combined");
    Test::new()
        .args(["share"])
        .run()
        .code(2)
        .stderr_has("missing the files to share");
    Test::new()
        .file("a.nix", "1")
        .args(["share", "a.nix", "--tab", "table"])
        .run()
        .code(2)
        .stderr_has("invalid value 'table' for '--tab'");
    Test::new()
        .args(["share", "--frobnicate"])
        .run()
        .code(2)
        .stderr_has("unrecognised flag '--frobnicate'");
}

#[test]
fn missing_and_binary_files_are_clear_errors() {
    Test::new()
        .args(["share", "nope.nix"])
        .run()
        .code(1)
        .stderr_has("cannot read nope.nix");
    let test = Test::new();
    std::fs::write(test.dir().join("blob.nix"), [0xff, 0xfe, 0x00]).unwrap_or_default();
    test.args(["share", "blob.nix"])
        .run()
        .code(1)
        .stderr_has("blob.nix is not UTF-8 text");
}

#[test]
fn a_long_link_is_printed_with_a_warning() {
    // Text that deflate cannot shrink much: a pseudo-random sequence of letters.
    let mut state: u32 = 12345;
    let noise: String = (0..4000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            char::from(b'a' + ((state >> 16) % 26) as u8)
        })
        .collect();
    let run = Test::new()
        .file("big.nix", &format!("\"{noise}\""))
        .args(["share", "big.nix"])
        .run()
        .success()
        .stderr_has("characters long; links over 2000 characters may be cut");
    assert!(run.stdout.trim().len() > 2000);
    assert_eq!(
        decode(&run.stdout).file("big.nix").map(str::len),
        Some(4002)
    );
}

#[test]
fn help_describes_the_mode_rules() {
    Test::new()
        .args(["share", "--help"])
        .run()
        .success()
        .stdout_has("expression mode evaluating default.nix if the workspace has one");
}
