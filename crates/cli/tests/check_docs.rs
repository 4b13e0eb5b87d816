//! `fixpoint check-docs`: correct pages pass, wrong answers are caught with FILE:LINE.

use crate::test::Test;

#[test]
fn a_correct_page_passes() {
    let run = Test::new()
        .data_file("guide.md")
        .args(["check-docs", "guide.md"])
        .run()
        .success();
    assert_eq!(
        run.stdout,
        "guide.md:10: ok\n\
         guide.md:25: ok\n\
         guide.md:41: ok\n\
         guide.md:63: ok\n\
         guide.md:75: ok (fails as expected)\n\
         guide.md:85: ok (evaluates; no expected result)\n\
         guide.md:91: skipped (no-check)\n\
         check-docs: 7 examples, 6 passed, 0 failed, 1 skipped\n"
    );
}

#[test]
fn a_wrong_expected_result_is_caught() {
    let run = Test::new()
        .data_file("wrong.md")
        .args(["check-docs", "wrong.md"])
        .run()
        .code(1)
        .stdout_has("wrong.md:5: ok\n")
        .stdout_has("wrong.md:15: FAILED: wrong result\n  expected: 2\n  got:      11\n")
        .stdout_has(
            "wrong.md:25: FAILED: the error lacks the expected words: undefined variable 'b'\n",
        )
        .stdout_has("check-docs: 3 examples, 1 passed, 2 failed, 0 skipped\n");
    // The error is shown with its position in the Markdown file.
    assert!(run.stdout.contains("wrong.md:26:"), "{}", run.stdout);
}

#[test]
fn editing_one_answer_of_the_correct_page_fails_it() {
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/guide.md"))
            .unwrap_or_default();
    for (right, wrong, line) in [
        (
            "graphviz = \"graphviz-2.49.3\"",
            "graphviz = \"graphviz-2.50\"",
            41,
        ),
        ("asciidocRebuilt = false", "asciidocRebuilt = true", 41),
        ("c = [ 1 2 ];", "c = [ 1 2 3 ];", 25),
        ("[ \"a\" \"b\" ]", "[ \"b\" \"a\" ]", 63),
        ("attribute 'b' missing", "attribute 'a' missing", 75),
    ] {
        assert!(guide.contains(right), "{right}");
        Test::new()
            .file("guide.md", &guide.replacen(right, wrong, 1))
            .args(["check-docs", "guide.md"])
            .run()
            .code(1)
            .stdout_has(&format!("guide.md:{line}: FAILED"))
            .stdout_has("1 failed");
    }
}

#[test]
fn examples_without_an_answer_must_not_fail() {
    let run = Test::new()
        .file(
            "page.md",
            "```nix\n{ a = 1; }.b\n```\n\n```nix\nlet f = x: f x; in f 1\n```\n\n\
             ```nix\nbuiltins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 10000000)\n```\n",
        )
        .args(["check-docs", "page.md", "--max-steps", "100000"])
        .run()
        .code(1)
        .stdout_has("page.md:1: FAILED: evaluation failed\n      error: attribute 'b' missing")
        .stdout_has("page.md:5: FAILED: evaluation failed")
        .stdout_has("stack overflow; max-call-depth exceeded")
        .stdout_has("duplicate frames omitted)")
        .stdout_has("page.md:9: FAILED: evaluation failed")
        .stdout_has("evaluation exceeded the step budget of 100000 steps")
        .stdout_has("3 failed");
    // A runaway example's trace is shortened: a frame per call would be megabytes.
    assert!(run.stdout.len() < 10_000, "{} bytes", run.stdout.len());
}

#[test]
fn an_expected_error_that_does_not_happen_fails() {
    Test::new()
        .file("page.md", "```nix\n1\n```\n```nix-error\nboom\n```\n")
        .args(["check-docs", "page.md"])
        .run()
        .code(1)
        .stdout_has("page.md:1: FAILED: expected an error with: boom\n  but it evaluates to: 1\n");
}

#[test]
fn layout_mistakes_fail() {
    Test::new()
        .file(
            "page.md",
            "```nix\n1\n```\n```sh\necho\n```\n```nix-result\n1\n```\n```nix\n2\n",
        )
        .args(["check-docs", "page.md"])
        .run()
        .code(1)
        .stdout_has("page.md:7: FAILED: this expected result follows no ```nix block")
        .stdout_has("page.md:10: FAILED: this code fence is never closed")
        .stdout_has("page.md:1: ok (evaluates; no expected result)");
}

#[test]
fn examples_import_files_beside_the_page() {
    Test::new()
        .file(
            "docs/page.md",
            "```nix\n(import ./lib.nix).x * 2\n```\n```nix-result\n42\n```\n",
        )
        .file("docs/lib.nix", "{ x = 21; }")
        .args(["check-docs", "docs/page.md"])
        .run()
        .success()
        .stdout_has("docs/page.md:1: ok");
}

#[test]
fn several_files_and_unreadable_ones() {
    Test::new()
        .data_file("guide.md")
        .file("plain.md", "No code here.\n")
        .args(["check-docs", "guide.md", "plain.md", "missing.md"])
        .run()
        .code(1)
        .stdout_has("plain.md: no Nix examples\n")
        .stdout_has("missing.md: cannot read: ")
        .stdout_has("7 examples, 6 passed, 0 failed, 1 skipped");
    Test::new()
        .args(["check-docs"])
        .run()
        .code(2)
        .stderr_has("missing the Markdown files to check");
}
