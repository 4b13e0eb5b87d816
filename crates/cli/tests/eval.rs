//! `fixpoint eval`: `nix-instantiate --eval` without the flag, the playground's scope with
//! `--playground`, and errors as Nix prints them.

use crate::test::Test;

#[test]
fn an_expression_prints_its_value() {
    Test::new()
        .args(["eval", "-E", "1 + 2"])
        .run()
        .success()
        .stdout_has("3\n");
}

#[test]
fn a_parse_error_names_its_position_and_fails() {
    Test::new()
        .args(["eval", "-E", "1 +"])
        .run()
        .code(1)
        .stderr_has("error: syntax error, unexpected end of file")
        .stderr_has("at «string»:1:4");
}

#[test]
fn lib_is_in_scope_only_with_playground() {
    let expr = "lib.fix (self: { a = 1; b = self.a + 1; })";
    Test::new()
        .args(["eval", "-E", expr])
        .run()
        .code(1)
        .stderr_has("undefined variable 'lib'");
    let run = Test::new()
        .args(["eval", "--playground", "--strict", "-E", expr])
        .run()
        .success();
    assert_eq!(run.stdout, "{ a = 1; b = 2; }\n");
}

#[test]
fn playground_nixpkgs_is_the_mini_nixpkgs() {
    let run = Test::new()
        .args([
            "eval",
            "--playground",
            "-E",
            "let pkgs = import <nixpkgs> { }; in builtins.match \"/nix/store/[0-9a-z]{32}-(.*)\" pkgs.asciidocFull.outPath",
        ])
        .arg("--strict")
        .run()
        .success();
    assert_eq!(run.stdout, "[ \"asciidoc-full-10.2.0\" ]\n");
}

#[test]
fn a_file_prints_as_json() {
    let run = Test::new()
        .file("value.nix", "{ b = [ 1 \"two\" ]; a = null; }\n")
        .args(["eval", "--strict", "--json", "value.nix"])
        .run()
        .success();
    assert_eq!(run.stdout, "{\"a\":null,\"b\":[1,\"two\"]}\n");
}

#[test]
fn a_runaway_recursion_stops_at_max_call_depth() {
    Test::new()
        .args([
            "eval",
            "--max-call-depth",
            "500",
            "-E",
            "let f = x: f x; in f 1",
        ])
        .run()
        .code(1)
        .stderr_has("stack overflow; max-call-depth exceeded");
}
