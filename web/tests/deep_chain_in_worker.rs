//! The 100 000-deep chain of `../shared/bench/deep-chain.nix`, evaluated by
//! the evaluator compiled to wasm inside a dedicated Web Worker of headless
//! Chromium — where the stack is wasm's default 1 MiB and C++ Nix would
//! overflow. Run by `.ci/run` with the other wasm tests (runner in
//! `.cargo/config.toml`, browser flags in `web/webdriver.json`).
#![cfg(target_arch = "wasm32")]

use fixpoint_eval::{EvalOptions, Evaluator, MemoryIo};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const DEEP_CHAIN: &str = include_str!("../../../shared/bench/deep-chain.nix");

#[wasm_bindgen_test]
fn deep_chain_finishes_in_a_worker() {
    let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default());
    let outcome = evaluator.eval_source("/workspace/deep-chain.nix", DEEP_CHAIN);
    assert_eq!(outcome.error.map(|error| error.message), None);
    assert_eq!(outcome.value.as_deref(), Some("99999"));
}

#[wasm_bindgen_test]
fn runaway_recursion_stops_with_a_clear_error() {
    let options = EvalOptions {
        step_budget: Some(2_000_000),
        ..EvalOptions::default()
    };
    let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), options);
    let outcome = evaluator.eval_source("/workspace/loop.nix", "let f = x: f x; in f 1");
    assert_eq!(outcome.value, None);
    let error = outcome.error.expect("the step budget stops the loop");
    assert!(!error.message.is_empty());
}
