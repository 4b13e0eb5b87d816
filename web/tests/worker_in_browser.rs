//! The evaluation worker's request handling, compiled to wasm and run in
//! headless Chromium (`cargo test --target wasm32-unknown-unknown -p
//! fixpoint-web --test worker_in_browser`, with Debian's chromedriver; the
//! runner is set in `.cargo/config.toml`, the browser flags in
//! `web/webdriver.json`).
//!
//! Each test goes through the same path as a real message: the request is
//! encoded to a JS value, answered by the evaluator compiled to wasm, and the
//! answer encoded and decoded again.
#![cfg(target_arch = "wasm32")]

use fixpoint_web::protocol::set::{
    WireBase, WireChange, WireFile, WireMode, WireOverlay, WireWorkspace,
};
use fixpoint_web::protocol::{self, DiagnosticKind, FromWorker, ToWorker, WireOutcome};
use fixpoint_web::worker::{self, Resolver};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const MAIN: &str = "/workspace/main.nix";

fn evaluate(rev: u64, files: &[(&str, &str)]) -> WireOutcome {
    let request = ToWorker::Evaluate {
        rev,
        files: files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect(),
        entry: MAIN.to_owned(),
    };
    let posted = protocol::encode(&request).expect("request encodes");
    let answer = worker::answer_js(posted);
    let received = answer.encode().expect("answer encodes");
    match protocol::decode::<FromWorker>(received).expect("answer decodes") {
        FromWorker::Done {
            rev: answered,
            outcome,
        } if answered == rev => outcome,
        other => panic!("unexpected answer: {other:?}"),
    }
}

#[wasm_bindgen_test]
fn one_plus_two_is_three() {
    let outcome = evaluate(1, &[(MAIN, "1 + 2")]);
    assert_eq!(outcome.value.as_deref(), Some("3"));
    assert_eq!(outcome.error, None);
}

#[wasm_bindgen_test]
fn let_and_attribute_sets() {
    let outcome = evaluate(2, &[(MAIN, "let s = { a = 20; b = s.a * 2 + 2; }; in s.b")]);
    assert_eq!(outcome.value.as_deref(), Some("42"));
}

#[wasm_bindgen_test]
fn parse_error_has_kind_and_span() {
    let outcome = evaluate(3, &[(MAIN, "1 +")]);
    assert_eq!(outcome.value, None);
    let error = outcome.error.expect("a parse error");
    assert_eq!(error.kind, DiagnosticKind::Parse);
    assert_eq!(error.span.map(|span| span.file).as_deref(), Some(MAIN));
}

#[wasm_bindgen_test]
fn a_message_that_is_not_a_request_is_rejected() {
    let answer = worker::answer_js(wasm_bindgen::JsValue::from_str("evaluate please")).into_wire();
    assert!(
        matches!(answer, FromWorker::Failed { rev: 0, .. }),
        "{answer:?}"
    );
}

/// `request` through the codec and `resolver`, as the worker answers it.
fn ask(resolver: &mut Resolver, request: &ToWorker) -> FromWorker {
    let posted = protocol::encode(request).expect("request encodes");
    let answer = worker::answer_js_with(resolver, posted);
    let received = answer.encode().expect("answer encodes");
    protocol::decode::<FromWorker>(received).expect("answer decodes")
}

fn expression(text: &str) -> WireWorkspace {
    WireWorkspace {
        files: vec![WireFile {
            path: "main.nix".to_owned(),
            text: text.to_owned(),
        }],
        mode: WireMode::Expression {
            entry: "main.nix".to_owned(),
        },
    }
}

#[wasm_bindgen_test]
fn json_is_printed_when_asked_and_follows_the_workspace() {
    let mut resolver = Resolver::default();
    for (rev, text, nix, expected) in [
        (
            1,
            "{ a = lib.id 1; b = [ \"x\" ]; }",
            "{ a = 1; b = [ \"x\" ]; }",
            "{\"a\":1,\"b\":[\"x\"]}",
        ),
        (2, "{ a = 2; }", "{ a = 2; }", "{\"a\":2}"),
    ] {
        let workspace = expression(text);
        match ask(
            &mut resolver,
            &ToWorker::Resolve {
                rev,
                workspace: workspace.clone(),
            },
        ) {
            FromWorker::Resolved {
                rev: answered,
                value,
                ..
            } => {
                assert_eq!(answered, rev);
                assert_eq!(value.and_then(|value| value.value).as_deref(), Some(nix));
            }
            other => panic!("unexpected answer: {other:?}"),
        }
        match ask(&mut resolver, &ToWorker::Json { rev, workspace }) {
            FromWorker::Json {
                rev: answered,
                json,
            } => {
                assert_eq!(answered, rev);
                assert_eq!(json.and_then(|json| json.value).as_deref(), Some(expected));
            }
            other => panic!("unexpected answer: {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
fn json_of_a_value_that_has_none_says_why() {
    let mut resolver = Resolver::default();
    let answer = ask(
        &mut resolver,
        &ToWorker::Json {
            rev: 3,
            workspace: expression("{ f = x: x; }"),
        },
    );
    match answer {
        FromWorker::Json {
            rev: 3,
            json: Some(json),
        } => {
            assert_eq!(json.value, None);
            assert!(json.error.is_some(), "a function has no JSON form");
        }
        other => panic!("unexpected answer: {other:?}"),
    }
}

/// A set-mode workspace: the mini nixpkgs with one overlay.
fn overlaid_nixpkgs() -> WireWorkspace {
    WireWorkspace {
        files: vec![WireFile {
            path: "overlay.nix".to_owned(),
            text: "final: prev: { graphviz = prev.graphviz.overrideAttrs (old: { doCheck = false; }); greeting = \"hi\"; }".to_owned(),
        }],
        mode: WireMode::Set {
            base: WireBase::MiniNixpkgs,
            overlays: vec![WireOverlay {
                file: "overlay.nix".to_owned(),
                enabled: true,
            }],
        },
    }
}

#[wasm_bindgen_test]
fn a_resolved_view_posted_directly_decodes_as_its_copy_would() {
    // The worker posts the engine's view without copying it into the
    // protocol's types; the page must read exactly what the copy says.
    let request = ToWorker::Resolve {
        rev: 4,
        workspace: overlaid_nixpkgs(),
    };
    let answer = worker::answer_with(&mut Resolver::default(), request);
    let posted = answer.encode().expect("answer encodes");
    let decoded = protocol::decode::<FromWorker>(posted).expect("answer decodes");
    let copied = answer.into_wire();
    assert_eq!(decoded, copied);
    match decoded {
        FromWorker::Resolved {
            rev: 4,
            view: Some(view),
            value: None,
        } => {
            let graphviz = view
                .rows
                .iter()
                .find(|row| row.path == ["graphviz"])
                .expect("a graphviz row");
            assert!(
                graphviz.store.is_some(),
                "graphviz is a derivation: {graphviz:?}"
            );
            assert!(
                view.rows
                    .iter()
                    .any(|row| row.path == ["asciidocFull"] && row.change != WireChange::Unchanged),
                "asciidocFull takes graphviz, so it rebuilds"
            );
            assert!(view.rows.iter().any(|row| row.path == ["greeting"]));
        }
        other => panic!("unexpected answer: {other:?}"),
    }
}

/// The size of this instance's linear memory.
fn memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) * 65536
}

#[wasm_bindgen_test]
fn keystrokes_in_the_model_nixpkgs_leave_the_memory_as_it_was() {
    // What the worker does: evaluators free their reference cycles when
    // dropped, and the session before the last is dropped after an answer.
    // Before the worker did, each keystroke here kept about 0.7 MB.
    fixpoint_eval::value::track_cycles();
    let mut resolver = Resolver::default();
    let mut keystroke = |rev: u64| {
        let mut workspace = overlaid_nixpkgs();
        if rev % 2 == 1 {
            workspace.files[0].text.push(' ');
        }
        let answer = worker::answer_with(&mut resolver, ToWorker::Resolve { rev, workspace });
        assert!(matches!(answer.into_wire(), FromWorker::Resolved { .. }));
        resolver.release_retired();
    };
    // The first ones parse the prelude and bring the allocator's heap to
    // its working size.
    for rev in 1..=5 {
        keystroke(rev);
    }
    let before = memory_bytes();
    for rev in 6..=45 {
        keystroke(rev);
    }
    let grown = memory_bytes() - before;
    assert!(
        grown <= 1 << 20,
        "40 keystrokes grew the memory by {grown} bytes"
    );
}
