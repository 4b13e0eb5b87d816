//! Language tests: each `check` evaluates a snippet strictly and compares the
//! printed value (or the error message) with what C++ Nix prints.

use fixpoint_eval::{EvalOptions, Evaluator, MemoryIo};

fn eval(src: &str) -> String {
    let mut io = MemoryIo::new();
    io.insert("/lib/one.nix", "1");
    io.insert("/lib/dir/default.nix", "{ x = 42; }");
    let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
    let outcome = evaluator.eval_source("/test/main.nix", src);
    match (outcome.value, outcome.error) {
        (Some(value), _) => value,
        (None, Some(error)) => format!("error: {}", error.message),
        (None, None) => "no result".into(),
    }
}

fn check(src: &str, expect: &str) {
    assert_eq!(eval(src), expect, "source: {src}");
}

#[test]
fn arithmetic() {
    check("1 + 2 * 3", "7");
    check("7 / 2", "3");
    check("-7 / 2", "-3");
    check("1 + 2.5", "3.5");
    check("1 / 0", "error: division by zero");
    check(
        "9223372036854775807 + 1",
        "error: integer overflow in adding 9223372036854775807 + 1",
    );
}

#[test]
fn let_and_attrs() {
    check("let a = 1; b = a + 1; in b", "2");
    check("{ a.b = 1; a.c = 2; }", "{ a = { b = 1; c = 2; }; }");
    check("let x = { a = 1; }; in x.a", "1");
    check("{ a = 1; }.b or 3", "3");
    check("rec { a = 1; b = a + 1; }.b", "2");
    check("(rec { a = 1; b = a; } // { a = 5; }).b", "1");
    check(
        "{ a = 1; a = 2; }",
        "error: attribute 'a' already defined at /test/main.nix:1:3",
    );
    check("let x = x; in x", "error: infinite recursion encountered");
    check("undefined", "error: undefined variable 'undefined'");
}

#[test]
fn strings_and_paths() {
    check(r#""a\tb\${c}\\d\"e""#, r#""a\tb\${c}\\d\"e""#);
    check("''\n  a\n   b\n''", r#""a\n b\n""#);
    check("''${\"x\"} '''y''", r#""x ''y""#);
    check("./a/../b", "/test/b");
    check("toString 1.5", r#""1.500000""#);
    check("[ 1.0 0.1 1.0e10 ]", "[ 1 0.1 1e+10 ]");
    check("http://example.com/a?b=c", r#""http://example.com/a?b=c""#);
    check(
        "let s = { __toString = self: \"S\"; }; in \"${s}!\"",
        r#""S!""#,
    );
    check(
        "toString [ 1 \"a\" [ 2 ] null true false ]",
        r#""1 a 2  1 ""#,
    );
    check("\"${1}\"", "error: cannot coerce an integer to a string: 1");
    check("import /lib/one.nix + (import /lib/dir).x", "43");
}

#[test]
fn scoping_and_functions() {
    check("let a = 2; in with { a = 1; }; a", "2");
    check("with { x = 1; }; with { x = 2; }; x", "2");
    check("let inherit ({ a = 1; }) a; in a", "1");
    check("({ a, b ? a + 1 }: b) { a = 1; }", "2");
    check("({ a, b ? 1 }@args: args) { a = 1; }", "{ a = 1; }");
    check(
        "({ x, z }: x) { x = 1; y = 2; z = 3; }",
        "error: function 'anonymous lambda' called with unexpected argument 'y'",
    );
    check("{ __functor = self: x: x + 1; } 2", "3");
    check(
        "builtins.functionArgs ({ a, b ? 1, ... }: a)",
        "{ a = false; b = true; }",
    );
    check("{ a.b = 1; } ? a.b", "true");
    check("let a = { b = 1; }; in a.b.c or 5", "5");
    check("{ ${null} = 1; b = 2; }", "{ b = 2; }");
    check("let { x = 1; body = x + 1; }", "2");
}

#[test]
fn equality_and_printing() {
    check(
        "[ (1 == 1.0) ({} == {}) ((x: x) == (x: x)) (let f = x: x; in [f] == [f]) ]",
        "[ true true false true ]",
    );
    check(
        "let x = { type = \"derivation\"; outPath = \"a\"; y = 1; }; in x == { type = \"derivation\"; outPath = \"a\"; }",
        "true",
    );
    check(
        "let x = { a = 1; }; in [ x x ]",
        "[ { a = 1; } «repeated» ]",
    );
    check("let x = [ x ]; in x", "[ [ «repeated» ] ]");
    check(
        "{ \"a b\" = 1; \"if\" = 2; x' = 3; }",
        "{ \"a b\" = 1; \"if\" = 2; x' = 3; }",
    );
    check(
        "[ null true (x: x) builtins.map (builtins.map (x: x)) ]",
        "[ null true <LAMBDA> <PRIMOP> <PRIMOP-APP> ]",
    );
    check(
        "assert 1 == 2; 3",
        "error: an integer with value '1' is not equal to an integer with value '2'",
    );
    check("assert false; 3", "error: assertion 'false' failed");
}

#[test]
fn builtins_core() {
    check(
        "builtins.sort (a: b: a.k < b.k) [ { k = 2; v = 1; } { k = 1; v = 2; } { k = 2; v = 3; } { k = 1; v = 4; } ]",
        "[ { k = 1; v = 2; } { k = 1; v = 4; } { k = 2; v = 1; } { k = 2; v = 3; } ]",
    );
    check(
        "map (x: x.key) (builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: if x.key < 5 then [ { key = x.key + 1; } ] else []; })",
        "[ 1 2 3 4 5 ]",
    );
    check(
        "builtins.attrNames { B = 1; _c = 2; a = 3; }",
        r#"[ "B" "_c" "a" ]"#,
    );
    check(
        "builtins.listToAttrs [ { name = \"a\"; value = 1; } { name = \"a\"; value = 2; } ]",
        "{ a = 1; }",
    );
    check(
        "builtins.tryEval (throw \"x\")",
        "{ success = false; value = false; }",
    );
    check(
        "builtins.tryEval (abort \"x\")",
        "error: evaluation aborted with the following error message: 'x'",
    );
    check("builtins.foldl' (a: b: a + b) 0 [ 1 2 3 ]", "6");
    check(
        "builtins.mapAttrs (n: v: n + v) { a = \"1\"; }",
        r#"{ a = "a1"; }"#,
    );
    check("builtins.seq (throw \"x\") 1", "error: x");
    check("builtins.deepSeq { a = [ (throw \"y\") ]; } 1", "error: y");
    check("builtins.substring 1 2 \"hello\"", r#""el""#);
    check(
        "builtins.unsafeGetAttrPos \"a\" { a = 1; }",
        r#"{ column = 33; file = "/test/main.nix"; line = 1; }"#,
    );
}

/// `-A ATTRPATH`: selects through sets and lists, auto-calling functions on
/// the way, with `nix-instantiate`'s error texts.
#[test]
fn attr_path_selection() {
    let select = |path: &str, src: &str| {
        let options = EvalOptions {
            attr_path: path.to_string(),
            auto_args: vec![("n".into(), fixpoint_eval::AutoArg::Expr("2".into()))],
            ..EvalOptions::default()
        };
        let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), options);
        let outcome = evaluator.eval_source("/test/main.nix", src);
        match (outcome.value, outcome.error) {
            (Some(value), _) => value,
            (None, Some(error)) => format!("error: {}", error.message),
            (None, None) => "no result".into(),
        }
    };
    assert_eq!(select("a.b", "{ a = { b = 1; }; }"), "1");
    assert_eq!(select("a.1", "{ a = [ 1 2 ]; }"), "2");
    assert_eq!(select("f.x", "{ f = { n }: { x = n * 10; }; }"), "20");
    assert_eq!(
        select("a.c", "{ a = { b = 1; }; }"),
        "error: attribute 'c' in selection path 'a.c' not found"
    );
    assert_eq!(
        select("a.5", "{ a = [ 1 ]; }"),
        "error: list index 5 in selection path 'a.5' is out of range"
    );
    assert_eq!(
        select("a.b", "{ a = 1; }"),
        "error: the expression selected by the selection path 'a.b' should be a set but is an integer"
    );
}

/// Nix strings cannot hold NUL bytes: the lexer rejects such a literal.
#[test]
fn nul_bytes_in_string_literals_are_rejected() {
    check(
        "\"a\u{0}b\"",
        "error: input string 'a\u{2400}b' cannot be represented as Nix string because it contains null bytes",
    );
    check(
        "''\n  a\u{0}\n''",
        "error: input string '  a\u{2400}\n' cannot be represented as Nix string because it contains null bytes",
    );
    check("\"a\\u0000\"", "\"au0000\"");
}

/// `traceVerbose` without `--trace-verbose` returns its second argument and
/// leaves the message unforced.
#[test]
fn trace_verbose_is_second() {
    check("builtins.traceVerbose (throw \"unforced\") 8", "8");
}

/// `findFile` searches a `{ prefix; path; }` list like `<…>` searches `-I`.
#[test]
fn find_file_searches_the_given_list() {
    check(
        "builtins.findFile [ { prefix = \"x\"; path = \"/nowhere\"; } { prefix = \"lib\"; path = /lib; } ] \"lib/one.nix\"",
        "/lib/one.nix",
    );
    check(
        "builtins.findFile [ { prefix = \"\"; path = \"/lib\"; } ] \"dir\"",
        "/lib/dir",
    );
    check(
        "builtins.tryEval (builtins.findFile [ ] \"nope\")",
        "{ success = false; value = false; }",
    );
}

/// Evaluates `src` as `/test/main.nix` over `io`, returning the outcome.
fn eval_with(io: MemoryIo, options: EvalOptions, src: &str) -> fixpoint_eval::Outcome {
    let mut evaluator = Evaluator::new(Box::new(io), options);
    evaluator.eval_source("/test/main.nix", src)
}

fn printed(outcome: &fixpoint_eval::Outcome) -> String {
    match (&outcome.value, &outcome.error) {
        (Some(value), _) => value.clone(),
        (None, Some(error)) => format!("error: {}", error.message),
        (None, None) => "no result".into(),
    }
}

#[test]
fn symbolic_links_behave_as_in_nix() {
    let mut io = MemoryIo::new();
    io.insert("/t/foo/file", "x");
    io.insert("/t/overlays/overlay.nix", "import ../lib");
    io.insert("/t/sub/lib/default.nix", "\"from sub\"");
    io.insert_symlink("/t/ldir", "foo");
    io.insert_symlink("/t/linked", "foo/file");
    io.insert_symlink("/t/broken", "nonexistent");
    io.insert_symlink("/t/sub/overlays", "../overlays");
    let src = r#"{
      dir = builtins.readDir /t;
      through = builtins.readDir /t/ldir;
      types = map builtins.readFileType [ /t/ldir /t/linked /t/foo /t/foo/file ];
      exists = [ (builtins.pathExists /t/broken) (builtins.pathExists "/t/ldir/.")
                 (builtins.pathExists "/t/linked/") (builtins.pathExists "/nix/store") ];
      text = builtins.readFile /t/linked;
      imported = import /t/sub/overlays/overlay.nix;
    }"#;
    let outcome = eval_with(io.clone(), EvalOptions::default(), src);
    assert_eq!(
        printed(&outcome),
        concat!(
            r#"{ dir = { broken = "symlink"; foo = "directory"; ldir = "symlink"; linked = "symlink"; overlays = "directory"; sub = "directory"; }; "#,
            r#"exists = [ true true false true ]; imported = "from sub"; text = "x"; "#,
            r#"through = { file = "regular"; }; types = [ "symlink" "symlink" "directory" "regular" ]; }"#
        )
    );
    // readDir resolves the link and names the file it found.
    let outcome = eval_with(io, EvalOptions::default(), "builtins.readDir /t/linked");
    assert_eq!(printed(&outcome), "error: '/t/foo/file' is not a directory");
}

#[test]
fn scoped_import_scope_shadows_builtins_and_is_not_cached() {
    let mut io = MemoryIo::new();
    io.insert("/lib/scoped.nix", "[ x true (map 1) ]");
    let src = r#"[
      (scopedImport { x = 1; true = "yes"; map = n: n + 1; } /lib/scoped.nix)
      (builtins.scopedImport { x = 2; } /lib/scoped.nix)
    ]"#;
    let outcome = eval_with(io, EvalOptions::default(), src);
    assert_eq!(
        printed(&outcome),
        r#"[ [ 1 "yes" 2 ] [ 2 true <PRIMOP-APP> ] ]"#
    );
    check(
        "scopedImport 1 /lib/one.nix",
        "error: expected a set but found an integer: 1",
    );
}

#[test]
fn search_paths_go_through_find_file_and_nix_path() {
    let mut io = MemoryIo::new();
    io.insert("/a/x.nix", "\"a\"");
    io.insert("/b/x.nix", "\"b\"");
    let options = EvalOptions {
        search_path: vec![(String::new(), "/a".into()), ("p".into(), "/b".into())],
        ..EvalOptions::default()
    };
    let src = r#"[
      (import <x.nix>) (import <p/x.nix>) (builtins.length builtins.nixPath)
      (let __nixPath = [ { prefix = ""; path = /b; } ]; in import <x.nix>)
      (let __findFile = path: name: name; in <anything>)
      (builtins.isFunction (import <nix/fetchurl.nix>))
    ]"#;
    let outcome = eval_with(io, options, src);
    assert_eq!(printed(&outcome), r#"[ "a" "b" 2 "b" "anything" true ]"#);
    check(
        "<nope>",
        "error: file 'nope' was not found in the Nix search path (add it using $NIX_PATH or -I)",
    );
}

#[test]
fn corepkgs_fetchurl_is_nixs_derivation() {
    // Nix 2.8 prints these paths for the same call.
    check(
        r#"let d = import <nix/fetchurl.nix> { url = "http://a/b.tar"; sha256 = "0000000000000000000000000000000000000000000000000000"; }; in [ d.drvPath d.outPath ]"#,
        r#"[ "/nix/store/653ml5b01d4rlhf049ib9yxfwz0ihf0m-b.tar.drv" "/nix/store/97z3r2n9zzfdwhi5hpbh6lyj35jls4jn-b.tar" ]"#,
    );
}

#[test]
fn cursed_or_warns_where_nix_does() {
    let warnings = |src: &str| -> Vec<String> {
        let outcome = eval_with(MemoryIo::new(), EvalOptions::default(), src);
        outcome.events.iter().map(|e| e.message.clone()).collect()
    };
    let cursed = warnings("let or = 1; in [ (x: x) or ]");
    assert_eq!(cursed.len(), 1);
    assert!(
        cursed[0].starts_with("at /test/main.nix:1:18: This expression uses `or` as an identifier"),
        "{cursed:?}"
    );
    assert!(cursed[0].contains("\n    ((x: x) or)\n"), "{cursed:?}");
    assert_eq!(warnings("let or = 1; f = x: x; in f (x: x) or").len(), 1);
    assert_eq!(
        warnings("let or = 1; in { a = 2; }.a or (x: x) or").len(),
        1
    );
    assert!(warnings("let or = x: x; in map or [ ]").is_empty());
    assert!(warnings("let f = x: x; or = f; in f (f or)").is_empty());
}

#[test]
fn current_time_comes_from_the_host() {
    let mut io = MemoryIo::new();
    io.set_time(1_700_000_000);
    let outcome = eval_with(io, EvalOptions::default(), "builtins.currentTime");
    assert_eq!(printed(&outcome), "1700000000");
    check("builtins.currentTime", "0");
}

#[test]
fn a_failed_thunk_remembers_its_error() {
    // Since Nix 2.34 a failed force is memoised: the trace runs once.
    let src = r#"let foo = builtins.trace "throwing" (throw "nope");
      in [ (builtins.tryEval foo).success (builtins.tryEval foo).success ]"#;
    let outcome = eval_with(MemoryIo::new(), EvalOptions::default(), src);
    assert_eq!(printed(&outcome), "[ false false ]");
    assert_eq!(outcome.events.len(), 1, "{:?}", outcome.events);
    check(
        "let x = throw \"once\"; in [ (builtins.tryEval x).success x ]",
        "error: once",
    );
}

#[test]
fn deep_forcing_counts_nesting_against_max_call_depth() {
    let options = |depth| EvalOptions {
        max_call_depth: depth,
        ..EvalOptions::default()
    };
    let chain =
        "builtins.foldl' (tail: head: { inherit head tail; }) null (builtins.genList (x: x) 200)";
    let src = format!("builtins.deepSeq ({chain}) 1");
    let outcome = eval_with(MemoryIo::new(), options(100), &src);
    assert_eq!(
        printed(&outcome),
        "error: stack overflow; max-call-depth exceeded"
    );
    let outcome = eval_with(MemoryIo::new(), options(1000), &src);
    assert_eq!(printed(&outcome), "1");
    // Each level it is under adds its frame.
    let outcome = eval_with(
        MemoryIo::new(),
        EvalOptions::default(),
        "builtins.deepSeq { a = [ 1 (throw \"x\") ]; } 1",
    );
    let frames: Vec<String> = outcome
        .error
        .map(|e| e.trace.into_iter().map(|f| f.message).collect())
        .unwrap_or_default();
    let a = frames
        .iter()
        .position(|f| f == "while evaluating the attribute 'a'");
    let index = frames
        .iter()
        .position(|f| f == "while evaluating list element at index 1");
    assert!(a.is_some() && index.is_some() && a < index, "{frames:?}");
}

#[test]
fn source_files_may_hold_any_bytes_in_strings() {
    let mut io = MemoryIo::new();
    io.insert(
        "/t/raw.nix",
        b"[ (builtins.stringLength \"a\xffb\") \"\xc3\" ]".to_vec(),
    );
    io.insert(
        "/t/json.nix",
        b"builtins.toJSON \"_invalid UTF-8: \xff_\"".to_vec(),
    );
    io.insert("/t/import.nix", b"import ./raw.nix".to_vec());
    let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
    let value = |outcome: fixpoint_eval::Outcome| printed(&outcome);
    // The printed output is text; the invalid byte shows as U+FFFD there.
    assert_eq!(
        value(evaluator.eval_file("/t/raw.nix")),
        "[ 3 \"\u{fffd}\" ]"
    );
    assert_eq!(
        value(evaluator.eval_file("/t/import.nix")),
        "[ 3 \"\u{fffd}\" ]"
    );
    assert_eq!(
        value(evaluator.eval_file("/t/json.nix")),
        "error: JSON serialization error: [json.exception.type_error.316] invalid UTF-8 byte at index 16: 0xFF"
    );
}

#[test]
fn indented_strings_follow_nix_escape_quirks() {
    // An escaped newline starts a line whose spaces count as indentation.
    check(
        "''\n  a '''q'''\n  ''\\n b ''\\t c\n  $ and $${x}\n''",
        r#""a ''q''\n\nb \t c\n$ and $\${x}\n""#,
    );
    check("''\n    x\n  ${\"y\"}\n''", r#""  x\ny\n""#);
    check("''${toString 1}''", r#""1""#);
}

#[test]
fn dynamic_attributes_are_positioned_at_their_attribute_path() {
    check(
        r#"let k = "k"; in { a.${k}.b = 1; a.${k}.c = 2; }"#,
        "error: dynamic attribute 'k' already defined at /test/main.nix:1:19",
    );
    // A plain string in ${ } is a static name, even in let.
    check(r#"let ${"a"} = 1; in a"#, "1");
    check(
        r#"let ${"a" + ""} = 1; in a"#,
        "error: dynamic attributes not allowed in let",
    );
}

#[test]
fn fast_paths_force_only_what_nix_forces() {
    // The VM settles simple thunks (`y = 1 + 1`) without its loop; an operand
    // Nix would not force must stay a thunk, as `trace` shows.
    let traced = |src: &str| -> Vec<String> {
        let outcome = eval_with(MemoryIo::new(), EvalOptions::default(), src);
        outcome.events.iter().map(|e| e.message.clone()).collect()
    };
    let unforced = "[ «thunk» ]";
    let forced = "[ 2 ]";
    for (src, expect) in [
        ("false && y > 0", unforced),
        ("true || y > 0", unforced),
        ("false -> y > 0", unforced),
        ("true && y > 0", forced),
        ("y > 0", forced),
        ("0 < y", forced),
        ("if y == 2 then 1 else 0", forced),
        ("(x: 1) (y - 1)", unforced),
        ("[ (y - 1) ]", unforced),
    ] {
        let program = format!("let y = 1 + 1; in builtins.seq ({src}) (builtins.trace [ y ] 1)");
        assert_eq!(traced(&program), [expect], "{program}");
    }
    // An argument is only computed before the call when the function forces
    // it first thing; a call whose body is computed in place (a base case)
    // forces no more than the body would.
    for (func, expect) in [
        ("x: builtins.trace [ x ] x", "[ «thunk» ]"),
        ("x: if x < 0 then 0 else builtins.trace [ x ] x", "[ 1 ]"),
        (
            "x: if true then builtins.trace [ x ] x else x",
            "[ «thunk» ]",
        ),
        (
            "x: builtins.trace [ x ] (if x < 0 then x else 0)",
            "[ «thunk» ]",
        ),
    ] {
        let program = format!("let y = 2; f = {func}; in f (y - 1)");
        assert_eq!(traced(&program), [expect], "{program}");
    }
    // genList's elements are calls; a fold forces exactly those it uses.
    for (func, expect) in [
        ("acc: x: acc + x", "[ 0 2 4 ]"),
        ("acc: x: acc", "[ «thunk» «thunk» «thunk» ]"),
        ("acc: x: false && x > 0", "[ «thunk» «thunk» «thunk» ]"),
        (
            "acc: x: if acc < 0 then x else acc",
            "[ «thunk» «thunk» «thunk» ]",
        ),
        ("acc: x: if acc > 100 then acc else acc + x", "[ 0 2 4 ]"),
        ("acc: x: if x > 100 then acc else acc", "[ 0 2 4 ]"),
    ] {
        let program = format!(
            "let xs = builtins.genList (i: i * 2) 3; \
             in builtins.seq (builtins.foldl' ({func}) 0 xs) (builtins.trace xs 1)"
        );
        assert_eq!(traced(&program), [expect], "{program}");
    }
    // Builtins that force a list's elements (`concatStringsSep`,
    // `concatLists`, `listToAttrs`) compute simple ones in place, in order,
    // and stop at the first that fails: the ones after it stay unforced, and
    // so do the elements of the lists `concatLists` joins.
    for (src, expect) in [
        (r#"builtins.concatStringsSep "," xs"#, r#"[ "0" "1" "2" ]"#),
        (
            r#"builtins.concatLists [ [ (builtins.elemAt xs 0) ] (throw "no") ]"#,
            "[ «thunk» «thunk» «thunk» ]",
        ),
        (
            r#"builtins.concatStringsSep "," [ (builtins.elemAt xs 0) (throw "no") (builtins.elemAt xs 2) ]"#,
            r#"[ "0" «thunk» «thunk» ]"#,
        ),
    ] {
        let program = format!(
            "let xs = builtins.genList toString 3; \
             in builtins.seq (builtins.tryEval ({src})) (builtins.trace xs 1)"
        );
        assert_eq!(traced(&program), [expect], "{program}");
    }
    for src in [
        "builtins.concatLists [ [ 1 ] [ z ] ]",
        r#"builtins.concatLists [ (throw "no") z ]"#,
        r#"builtins.listToAttrs [ (throw "no") z ]"#,
        r#"builtins.concatStringsSep "," [ (throw "no") z ]"#,
    ] {
        let program = format!(
            "let y = 2; z = y - 1; \
             in builtins.seq (builtins.tryEval ({src})) (builtins.trace [ z ] 1)"
        );
        assert_eq!(traced(&program), ["[ «thunk» ]"], "{program}");
    }
    // A string's parts that are known at once (literals, ready strings,
    // `toString` of a number) are written in place, in order, up to the
    // first that needs evaluating: none after it is touched first.
    for (src, expect) in [
        (r#""${throw "no"}${toString y}""#, "[ «thunk» ]"),
        (r#""a${toString y}${throw "no"}""#, "[ 2 ]"),
        (r#""${s}${throw "no"}${toString y}""#, "[ «thunk» ]"),
        // The same strings as thunks, forced by a builtin.
        (
            r#"(let t = "a${throw "no"}${toString y}"; in builtins.stringLength t)"#,
            "[ «thunk» ]",
        ),
        (
            r#"(let t = "a${toString y}"; in builtins.stringLength t)"#,
            "[ 2 ]",
        ),
    ] {
        let program = format!(
            "let y = 1 + 1; s = \"a\"; \
             in builtins.seq (builtins.tryEval {src}) (builtins.trace [ y ] 1)"
        );
        assert_eq!(traced(&program), [expect], "{program}");
    }
    // A call whose body is such a string is made without an environment,
    // also when a thunk of the call is forced (`s = f y`); it forces what
    // the body would, in the same order.
    for (src, expect) in [
        ("f y", "[ 2 «thunk» ]"),
        ("g y", "[ «thunk» «thunk» ]"),
        ("builtins.stringLength s", r#"[ 2 "a2" ]"#),
        ("builtins.stringLength t", "[ «thunk» «thunk» ]"),
        ("builtins.stringLength u", "[ 2 «thunk» ]"),
    ] {
        let program = format!(
            "let y = 1 + 1; f = x: \"a${{toString x}}\"; g = x: \"a${{throw \"no\"}}${{toString x}}\"; \
             s = f y; t = g y; u = f (y - 1); \
             in builtins.seq (builtins.tryEval ({src})) (builtins.trace [ y s ] 1)"
        );
        assert_eq!(traced(&program), [expect], "{program}");
    }
    // `toString (y - 1)` in a string, and a computed name in a selection,
    // are computed in place after what comes before them, as Nix does.
    for (src, expect) in [
        (r#""${throw "no"}${toString (y - 1)}""#, "[ «thunk» ]"),
        (r#""${toString (y - 1)}""#, "[ 2 ]"),
        (r#"(throw "x").${"a${toString y}"}"#, "[ «thunk» ]"),
        (r#"s.${"a${toString (y - 1)}"}"#, "[ 2 ]"),
        ("s.${f (y - 1)}", "[ 2 ]"),
        ("(throw \"x\").${f y}", "[ «thunk» ]"),
    ] {
        let program = format!(
            "let y = 1 + 1; s = {{ a1 = 1; }}; f = x: \"a${{toString x}}\"; \
             in builtins.seq (builtins.tryEval {src}) (builtins.trace [ y ] 1)"
        );
        assert_eq!(traced(&program), [expect], "{program}");
    }
    // A call whose body is a set literal (inside a `let` or not) is built
    // at once, its values left as thunks: making the set forces nothing.
    for (src, expect) in [
        ("s ? a", "[ «thunk» «thunk» ]"),
        ("t ? z", "[ «thunk» «thunk» ]"),
        ("f y", "[ «thunk» «thunk» ]"),
        ("builtins.deepSeq [ t.a s.a ] 0", "[ 2 «thunk» ]"),
        (
            r#"builtins.attrNames (builtins.listToAttrs (builtins.genList (i: { name = toString i; value = throw "no"; }) 2))"#,
            "[ «thunk» «thunk» ]",
        ),
    ] {
        let program = format!(
            "let y = 1 + 1; f = x: {{ a = x; b = throw \"no\"; }}; \
             g = x: let z = x + 1; in {{ a = z; inherit z; }}; s = f y; t = g y; \
             in builtins.seq ({src}) (builtins.trace [ y s.a ] 1)"
        );
        assert_eq!(traced(&program), [expect], "{program}");
    }
}

#[test]
fn integers_to_strings() {
    check(
        "map toString [ 0 7 (-5) 10 (-10) 1234567 9223372036854775807 (-9223372036854775807 - 1) ]",
        r#"[ "0" "7" "-5" "10" "-10" "1234567" "9223372036854775807" "-9223372036854775808" ]"#,
    );
    // Two digits at a time: odd and even lengths, each side of a hundred.
    check(
        "map toString [ 9 (-9) 99 (-99) 100 (-100) 101 1000 10000 (-12345) 900719925474099 ]",
        r#"[ "9" "-9" "99" "-99" "100" "-100" "101" "1000" "10000" "-12345" "900719925474099" ]"#,
    );
    check(r#""${toString 42}x""#, r#""42x""#);
    // `toString` of an integer inside a string is written in place.
    check(
        r#"let f = n: "a${toString n}b${toString n}"; in f (3 - 10)"#,
        r#""a-7b-7""#,
    );
    check(
        r#"let i = -9223372036854775807 - 1; in "x${toString i}""#,
        r#""x-9223372036854775808""#,
    );
    check(
        r#"let toString = x: "z"; i = 1; in "a${toString i}""#,
        r#""az""#,
    );
    check(r#"let x = 1.5; in "a${toString x}""#, r#""a1.500000""#);
    // A forced `toString i` thunk is computed in place.
    check(
        r#"builtins.concatStringsSep "," (builtins.genList toString 3 ++ map toString [ (-4) 1.5 true ])"#,
        r#""0,1,2,-4,1.500000,1""#,
    );
}

/// Evaluates `src` on a fresh thread that tracks cycles (tracking is per
/// thread); returns the output and how many tracked objects were alive
/// after the evaluation and after the evaluator was dropped.
fn tracked_eval(src: &'static str) -> (String, usize, usize) {
    std::thread::spawn(move || {
        fixpoint_eval::value::track_cycles();
        let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default());
        let outcome = evaluator.eval_source("/test.nix", src);
        let output = match (outcome.value, outcome.error) {
            (Some(value), _) => value,
            (None, Some(error)) => format!("error: {}", error.message),
            (None, None) => "no result".into(),
        };
        let during = fixpoint_eval::value::live_objects();
        drop(evaluator);
        (output, during, fixpoint_eval::value::live_objects())
    })
    .join()
    .expect("the evaluation thread")
}

#[test]
fn cycles_are_freed_when_the_evaluator_is_dropped() {
    // A recursive set, a fixed point through a function, and the builtins'
    // own `builtins.builtins`: all cycles that `Rc` alone never frees.
    let (output, during, after) = tracked_eval(
        "let fix = f: let x = f x; in x; \
         s = fix (self: { a = 1; b = self.a + 1; me = self; }); \
         r = rec { f = n: if n == 0 then 0 else f (n - 1); }; \
         in [ s.me.me.b (r.f 10) builtins.builtins.true ]",
    );
    assert_eq!(output.trim(), "[ 2 0 true ]");
    assert!(during > 0, "nothing was tracked");
    assert_eq!(after, 0, "{after} tracked objects outlived their evaluator");
}

#[test]
fn cycles_are_freed_after_an_error_too() {
    let (output, _, after) = tracked_eval("let x = { a = x; b = throw \"no\"; }; in x.a.a.b");
    assert!(output.contains("no"), "{output}");
    assert_eq!(after, 0, "{after} tracked objects outlived their evaluator");
}

#[test]
fn without_tracking_nothing_is_listed() {
    let listed = std::thread::spawn(|| {
        let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default());
        let _ = evaluator.eval_source("/test.nix", "let x = { a = x; }; in x.a.a");
        fixpoint_eval::value::live_objects()
    })
    .join()
    .expect("the evaluation thread");
    assert_eq!(listed, 0);
}
