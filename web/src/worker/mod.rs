//! The evaluation worker: receives [`ToWorker`] messages, evaluates with
//! `fixpoint-eval`, and answers with [`FromWorker`] (built as an
//! [`Answer`], which posts a resolved Set view without copying it first).
//!
//! [`run`] installs the message handler on the worker's global scope and
//! announces [`FromWorker::Ready`]. [`answer`] is the pure part: one request
//! in, one answer out, with no DOM, so the browser test can call it directly.
//!
//! Invariants:
//! - a fresh `Evaluator` and file system per request: no value passes from
//!   one evaluation to the next (only the prelude's parsed and lowered files
//!   are kept, see [`resolve`]). The worker tracks reference cycles
//!   (`fixpoint_eval::value::track_cycles`), so a dropped evaluator frees
//!   them; the last resolved session is dropped only after the next answer
//!   is posted ([`Resolver::release_retired`]). Wasm memory never shrinks,
//!   though, so one evaluation that needed a lot of it leaves the worker
//!   large: past [`RETIRE_AT_BYTES`] it asks to be replaced
//!   ([`FromWorker::Retire`], after its answer);
//! - every request gets exactly one answer carrying its `rev`; a message that
//!   does not decode is answered with `Failed` (rev 0, as none is known);
//! - runaway programs end by the evaluator's step budget; if the worker hangs
//!   anyway the page terminates it (see `hooks::use_evaluator`).
//!
//! [`resolve`] runs the override engine (`Resolve`, `Json`, `Expand`,
//! `Trace`, `Derivation`); its [`Resolver`] keeps the last session between messages.
//!
//! Tests: `tests/worker_in_browser.rs` (wasm-bindgen-test in headless
//! Chromium) and the `tests` module of [`convert`] (native).

mod answer;
mod convert;
mod resolve;

pub use answer::Answer;
pub use resolve::Resolver;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{self, FromWorker, ToWorker, WorkerFailure};

/// The most machine steps one evaluation may take before it stops with a
/// step-budget error. Large enough for real package sets, small enough that
/// `let f = x: f x; in f 1` ends in seconds rather than hitting the page's
/// watchdog.
pub const STEP_BUDGET: u64 = 100_000_000;

/// The size of the worker's memory past which it asks to be replaced.
/// Evaluations free what they used (cycles included), but wasm memory
/// never shrinks: one evaluation that needed more than this replaces the
/// worker after its answer.
pub const RETIRE_AT_BYTES: usize = 256 << 20;

/// Answers one request with a fresh [`Resolver`] (nothing kept).
pub fn answer(request: ToWorker) -> Answer {
    answer_with(&mut Resolver::default(), request)
}

/// Answers one request, keeping the engine's session in `resolver`.
pub fn answer_with(resolver: &mut Resolver, request: ToWorker) -> Answer {
    let message = match request {
        ToWorker::Resolve { rev, workspace } => return resolver.resolve(rev, workspace),
        ToWorker::Expand {
            rev,
            workspace,
            path,
        } => resolver.expand(rev, workspace, path),
        ToWorker::Trace {
            rev,
            workspace,
            path,
            offset,
        } => resolver.trace(rev, workspace, path, offset),
        ToWorker::Derivation {
            rev,
            workspace,
            path,
        } => resolver.derivation(rev, workspace, path),
        ToWorker::Json { rev, workspace } => resolver.json(rev, workspace),
        ToWorker::Evaluate { rev, files, entry } => {
            let mut io = fixpoint_eval::MemoryIo::new();
            let mut entry_text = String::new();
            for (path, text) in files {
                if path == entry {
                    entry_text.clone_from(&text);
                }
                // Every file goes into the file system so `import ./x.nix`
                // finds the others; the entry is also passed as source.
                io.insert(path, text);
            }
            let options = fixpoint_eval::EvalOptions {
                step_budget: Some(STEP_BUDGET),
                ..fixpoint_eval::EvalOptions::default()
            };
            let mut evaluator = fixpoint_eval::Evaluator::new(Box::new(io), options);
            let outcome = evaluator.eval_source(&entry, &entry_text);
            // Dropped after the answer is posted, as a session is.
            resolver.retire_evaluator(evaluator);
            FromWorker::Done {
                rev,
                outcome: convert::outcome(outcome),
            }
        }
    };
    Answer::Wire(message)
}

/// Decodes a posted message and answers it.
pub fn answer_js(data: JsValue) -> Answer {
    answer_js_with(&mut Resolver::default(), data)
}

/// [`answer_js`], keeping the engine's session in `resolver`.
pub fn answer_js_with(resolver: &mut Resolver, data: JsValue) -> Answer {
    match protocol::decode::<ToWorker>(data) {
        Ok(request) => answer_with(resolver, request),
        Err(error) => Answer::Wire(FromWorker::Failed {
            rev: 0,
            reason: WorkerFailure::BadRequest {
                detail: error.to_string(),
            },
        }),
    }
}

/// Installs the message handler and tells the page the worker is ready.
///
/// Outside a dedicated worker (for example if the script is loaded as a
/// page) it logs the problem and does nothing.
pub fn run() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        web_sys::console::error_1(&"fixpoint: the worker script must run in a Web Worker".into());
        return;
    };
    // Every evaluation frees its reference cycles when its evaluator is
    // dropped: the worker evaluates on every keystroke.
    fixpoint_eval::value::track_cycles();
    let reply_scope = scope.clone();
    let mut resolver = Resolver::default();
    let mut retiring = false;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        post(&reply_scope, &answer_js_with(&mut resolver, event.data()));
        resolver.release_retired();
        if !retiring && memory_bytes() > RETIRE_AT_BYTES {
            retiring = true;
            post(&reply_scope, &Answer::Wire(FromWorker::Retire));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker itself.
    on_message.forget();
    post(&scope, &Answer::Wire(FromWorker::Ready));
}

/// The size of this instance's linear memory.
fn memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &Answer) {
    let result = message
        .encode()
        .map_err(|error| JsValue::from_str(&error.to_string()))
        .and_then(|value| scope.post_message(&value));
    if let Err(error) = result {
        web_sys::console::error_2(&"fixpoint: cannot post the answer".into(), &error);
    }
}
