//! `fixpoint open`: links back to files, refusals that write nothing, and the share round trip.

use crate::test::Test;

/// A workspace on disk: `(path, text)` pairs.
const WORKSPACE: &[(&str, &str)] = &[
    (
        "default.nix",
        "let pkgs = import ./pkgs/set.nix; in pkgs.hello\n",
    ),
    ("pkgs/set.nix", "{ hello = \"héllo, wörld ✓\"; }\n"),
    ("pkgs/empty.nix", ""),
    (
        "overlays/python.nix",
        "final: prev: {\n\tpython = prev.python // { tab = \"\\t\"; };\n}\n",
    ),
];

fn workspace() -> Test {
    WORKSPACE
        .iter()
        .fold(Test::new(), |test, (path, text)| test.file(path, text))
}

fn link_of(run_args: &[&str]) -> String {
    let mut test = workspace().arg("share");
    for arg in run_args {
        test = test.arg(arg);
    }
    test.run().success().stdout.trim().to_string()
}

#[test]
fn share_then_open_gives_the_same_files() {
    // The command line, and the workspace files it shares.
    let cases: [(&[&str], &[&str]); 3] = [
        (
            &["default.nix", "pkgs"],
            &["default.nix", "pkgs/empty.nix", "pkgs/set.nix"],
        ),
        (
            &["pkgs", "--expr", "default.nix"],
            &["default.nix", "pkgs/empty.nix", "pkgs/set.nix"],
        ),
        (
            &[
                "default.nix",
                "--base",
                "pkgs/set.nix",
                "--overlay-off",
                "overlays/python.nix",
            ],
            &["default.nix", "overlays/python.nix", "pkgs/set.nix"],
        ),
    ];
    for (args, shared) in cases {
        let link = link_of(args);
        let opened = Test::new().args(["open", &link, "--dir", "out"]);
        let run = opened.run().success();
        let expected: Vec<String> = shared.iter().map(|path| format!("out/{path}")).collect();
        assert_eq!(opened.listing(), expected, "{args:?}");
        for (path, text) in WORKSPACE {
            if let Some(written) = opened.read(&format!("out/{path}")) {
                assert_eq!(written, *text, "{path} after {args:?}");
            }
        }
        for path in &expected {
            assert!(
                run.stdout.contains(&format!("wrote {path}")),
                "{}",
                run.stdout
            );
        }
    }
}

#[test]
fn open_prints_the_mode() {
    let set = link_of(&[
        "--overlay",
        "overlays/python.nix",
        "--overlay-off",
        "pkgs/set.nix",
    ]);
    Test::new().args(["open", &set]).run().success().stdout_has(
        "set mode: base mini-nixpkgs, overlays overlays/python.nix, pkgs/set.nix (off)",
    );
    let expression = link_of(&["pkgs/set.nix"]);
    Test::new()
        .args([
            "open",
            &format!("#{}", expression.split('#').nth(1).unwrap_or("")),
        ])
        .run()
        .success()
        .stdout_has("expression mode: evaluates pkgs/set.nix");
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let link = link_of(&["default.nix", "pkgs/set.nix"]);
    let test = Test::new()
        .file("pkgs/set.nix", "mine")
        .args(["open", &link]);
    let run = test.run().code(1);
    assert!(
        run.stderr.contains("exist already, nothing was written"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("pkgs/set.nix"), "{}", run.stderr);
    assert_eq!(
        test.listing(),
        ["pkgs/set.nix"],
        "default.nix must not be written either"
    );
    assert_eq!(test.read("pkgs/set.nix").as_deref(), Some("mine"));

    let test = test.args(["open", &link, "--force"]);
    test.run().success();
    assert_eq!(test.read("pkgs/set.nix").as_deref(), Some(WORKSPACE[1].1));
    assert_eq!(test.read("default.nix").as_deref(), Some(WORKSPACE[0].1));
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_never_written_through() {
    let link = link_of(&["pkgs/set.nix"]);
    let outside = Test::new();
    let test = Test::new().args(["open", &link, "--force"]);
    let made = std::os::unix::fs::symlink(outside.dir(), test.dir().join("pkgs"));
    assert!(made.is_ok(), "{made:?}");
    test.run()
        .code(1)
        .stderr_has("a symbolic link is in the way");
    assert!(outside.listing().is_empty());
}

/// Every way a link can break gives the clear error, exit status 1 and no file.
fn assert_refused(link: &str) {
    let test = Test::new().args(["open", link, "--dir", "out"]);
    let run = test.run();
    assert_eq!(run.code, Some(1), "{link:?}: {run:?}");
    assert!(
        run.stderr
            .starts_with("error: this link is corrupt or truncated, nothing was written: "),
        "{link:?}: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        test.listing().is_empty(),
        "{link:?} wrote {:?}",
        test.listing()
    );
}

#[test]
fn truncated_links_write_nothing() {
    let link = link_of(&["pkgs/set.nix"]);
    let start = link.find("#v1.").map_or(0, |hash| hash + 4);
    // Every truncation inside the data, then the prefix itself.
    for end in (start..link.len()).rev() {
        assert_refused(&link[..end]);
    }
    assert_refused("https://example.org/#v1");
    assert_refused("https://example.org/");
}

#[test]
fn corrupted_links_write_nothing_and_say_why() {
    let link = link_of(&["pkgs/set.nix", "default.nix"]);
    let start = link.find("#v1.").map_or(0, |hash| hash + 4);
    let bytes = link.as_bytes();
    // Swap single characters across the data for other base64url characters.
    for offset in [0, 5, 9, 20, bytes.len() - start - 1] {
        let position = start + offset;
        if let Some(&original) = bytes.get(position) {
            let replacement = if original == b'A' { b'B' } else { b'A' };
            let mut corrupted = bytes.to_vec();
            corrupted[position] = replacement;
            assert_refused(&String::from_utf8_lossy(&corrupted));
        }
    }
    Test::new()
        .args(["open", "v9.AAAA"])
        .run()
        .code(1)
        .stderr_has("link format v9 is unknown to this version of Fixpoint");
    Test::new()
        .args(["open", &format!("{link}!")])
        .run()
        .code(1)
        .stderr_has("invalid character");
}

#[test]
fn usage_errors_exit_2() {
    Test::new()
        .args(["open"])
        .run()
        .code(2)
        .stderr_has("missing the link");
    Test::new()
        .args(["open", "v1.a", "v1.b"])
        .run()
        .code(2)
        .stderr_has("unexpected argument 'v1.b'");
}

/// A small deterministic generator, so the generated workspaces are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.below(choices.len())]
    }
}

#[test]
fn generated_workspaces_round_trip_through_share_and_open() {
    let names = ["a", "b-c", "d_e", "ünï", "F G", "h.i", "x'y", "&amp"];
    let pieces = [
        "let x = 1; in x",
        "\n",
        "\t",
        "\"str\"",
        "''ind''",
        "✓",
        "🦀",
        "\r\n",
        " ",
        "${y}",
        "\\",
    ];
    let mut random = Lcg(7);
    for case in 0..12 {
        let mut test = Test::new();
        let mut expected = std::collections::BTreeMap::new();
        for _ in 0..1 + random.below(5) {
            let depth = random.below(3);
            let mut path: Vec<&str> = (0..depth).map(|_| random.pick(&names)).collect();
            let file = format!("{}.nix", random.pick(&names));
            path.push(&file);
            let path = format!("src/{}", path.join("/"));
            // A name already used as a directory (or the reverse) cannot be created; skip it.
            let clashes = expected.keys().any(|other: &String| {
                other.starts_with(&format!("{path}/")) || path.starts_with(&format!("{other}/"))
            });
            if clashes {
                continue;
            }
            let text: String = (0..random.below(12))
                .map(|_| random.pick(&pieces))
                .collect();
            test = test.file(&path, &text);
            expected.insert(path, text);
        }
        let shared = test.args(["share", "src"]).run().success();
        let link = shared.stdout.trim().to_string();
        let opened = Test::new().args(["open", &link]);
        opened.run().success();
        // Both are sorted: the listing by the builder, the expected paths by the map.
        let expected_paths: Vec<String> = expected.keys().cloned().collect();
        assert_eq!(opened.listing(), expected_paths, "case {case}: {link}");
        for (path, text) in &expected {
            assert_eq!(
                opened.read(path).as_deref(),
                Some(text.as_str()),
                "case {case}: {path}"
            );
        }
    }
}
