//! `use_evaluator`: owns the evaluation worker for the page.
//!
//! The [`Supervisor`] spawns the worker (`worker_loader.js`, built by Trunk
//! from `src/bin/worker.rs`), posts at most one request at a time, and keeps
//! only the newest waiting request (latest wins: older ones are replaced, not
//! queued). That is the page's only debounce: a request submitted while the
//! worker is idle is posted at once, one submitted while it is busy waits
//! for the answer and is then posted at once, so fast typing coalesces into
//! one evaluation per answer and an idle page answers a keystroke in the
//! time of one evaluation. A watchdog terminates a worker that does not answer within
//! [`WATCHDOG_MS`] and spawns a fresh one; Stop does the same at once. The
//! outcome of every request reaches the reducer as an [`Action`].
//!
//! Why terminate instead of asking the worker to stop: a busy worker cannot
//! read messages, so `Worker::terminate` is the only stop that always works.
//!
//! Invariants: actions are dispatched only after the supervisor's `RefCell`
//! borrow ends, so a synchronous re-render can call back in safely; a worker
//! that dies before it ever says `Ready` is respawned at most
//! [`MAX_FAILED_STARTS`] times in a row.
//!
//! Tests: the end-to-end tests in `tests/e2e/` drive this through the page.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

use crate::protocol::set::WireWorkspace;
use crate::protocol::{self, FromWorker, ToWorker, WireOutcome, WorkerFailure};
use crate::state::{Action, DerivationState, EvalFailure, EvalResult, Workspace};

/// The worker's entry script, relative to the page.
pub const WORKER_SCRIPT: &str = "./worker_loader.js";

/// How long one evaluation may run before the watchdog replaces the worker.
pub const WATCHDOG_MS: u32 = 10_000;

/// How many times in a row a worker that never became ready is respawned.
pub const MAX_FAILED_STARTS: u32 = 3;

/// What the page can ask of the evaluator.
#[derive(Clone)]
pub struct EvaluatorHandle {
    supervisor: Rc<RefCell<Supervisor>>,
}

impl PartialEq for EvaluatorHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.supervisor, &other.supervisor)
    }
}

impl EvaluatorHandle {
    /// Evaluates `entry` at revision `rev`, replacing any request still waiting.
    pub fn evaluate(&self, rev: u64, files: Vec<(String, String)>, entry: String) {
        self.submit(ToWorker::Evaluate { rev, files, entry });
    }

    /// Resolves the workspace at revision `rev` (set views, and the value in
    /// expression mode), replacing any evaluation still waiting.
    pub fn resolve(&self, rev: u64, workspace: WireWorkspace) {
        self.submit(ToWorker::Resolve { rev, workspace });
    }

    /// [`EvaluatorHandle::resolve`] for a component that is rendering: the
    /// request is posted at once, and what the page is told about it (the
    /// evaluation started) is dispatched as soon as the render is over
    /// (a microtask: before any answer of the worker, a later task).
    pub fn resolve_soon(&self, rev: u64, workspace: WireWorkspace) {
        let actions = self
            .supervisor
            .borrow_mut()
            .submit(ToWorker::Resolve { rev, workspace });
        if actions.is_empty() {
            return;
        }
        let handle = self.clone();
        yew::platform::spawn_local(async move { handle.dispatch_all(actions) });
    }

    /// Lists the nested set at `path`.
    pub fn expand(&self, rev: u64, workspace: WireWorkspace, path: Vec<String>) {
        self.submit(ToWorker::Expand {
            rev,
            workspace,
            path,
        });
    }

    /// Asks for a page of the forcing trace of `path`.
    pub fn trace(&self, rev: u64, workspace: WireWorkspace, path: Vec<String>, offset: usize) {
        self.submit(ToWorker::Trace {
            rev,
            workspace,
            path,
            offset,
        });
    }

    /// Asks for the value of the expression-mode workspace at `rev` printed
    /// as JSON.
    pub fn json(&self, rev: u64, workspace: WireWorkspace) {
        self.submit(ToWorker::Json { rev, workspace });
    }

    /// Asks for the derivation of the attribute at `path`.
    pub fn derivation(&self, rev: u64, workspace: WireWorkspace, path: Vec<String>) {
        self.submit(ToWorker::Derivation {
            rev,
            workspace,
            path,
        });
    }

    fn submit(&self, request: ToWorker) {
        let actions = self.supervisor.borrow_mut().submit(request);
        self.dispatch_all(actions);
    }

    /// Stops the running evaluation, if any, by replacing the worker.
    pub fn stop(&self) {
        let actions = self.supervisor.borrow_mut().stop();
        self.dispatch_all(actions);
    }

    fn dispatch_all(&self, actions: Vec<Action>) {
        let dispatch = self.supervisor.borrow().dispatch.clone();
        for action in actions {
            dispatch.dispatch(action);
        }
    }
}

/// Keeps one evaluation worker alive for the lifetime of the component.
#[hook]
pub fn use_evaluator(dispatch: UseReducerDispatcher<Workspace>) -> EvaluatorHandle {
    let handle = use_memo((), move |_| {
        let supervisor = Rc::new(RefCell::new(Supervisor::new(dispatch)));
        Supervisor::spawn(&supervisor);
        EvaluatorHandle { supervisor }
    });
    {
        let handle = (*handle).clone();
        use_effect_with((), move |_| {
            move || handle.supervisor.borrow_mut().shut_down()
        });
    }
    (*handle).clone()
}

/// The request the worker is working on.
struct InFlight {
    rev: u64,
    // What to tell the page if no answer comes.
    request: ToWorker,
    // Dropping the timeout cancels the watchdog.
    _watchdog: Timeout,
}

/// The worker, its event handlers and the requests around it.
pub struct Supervisor {
    dispatch: UseReducerDispatcher<Workspace>,
    worker: Option<Worker>,
    ready: bool,
    failed_starts: u32,
    in_flight: Option<InFlight>,
    // The worker asked to be replaced once it is idle.
    retiring: bool,
    // The newest evaluation not yet posted (latest wins).
    waiting: Option<ToWorker>,
    // Questions about the shown result (expand, trace, derivation), in order.
    queries: Vec<ToWorker>,
    // The closures must live as long as the worker that calls them.
    on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    on_error: Option<Closure<dyn FnMut(ErrorEvent)>>,
    self_ref: Weak<RefCell<Supervisor>>,
}

impl Supervisor {
    fn new(dispatch: UseReducerDispatcher<Workspace>) -> Self {
        Supervisor {
            dispatch,
            worker: None,
            ready: false,
            failed_starts: 0,
            in_flight: None,
            retiring: false,
            waiting: None,
            queries: Vec::new(),
            on_message: None,
            on_error: None,
            self_ref: Weak::new(),
        }
    }

    /// Starts a new worker and wires its events back to `this`.
    fn spawn(this: &Rc<RefCell<Supervisor>>) {
        let weak = Rc::downgrade(this);
        let on_message = {
            let weak = weak.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                with_supervisor(&weak, |supervisor| supervisor.receive(event.data()));
            })
        };
        let on_error = {
            let weak = weak.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                // Without this the browser also logs the error as uncaught.
                event.prevent_default();
                let detail = event.message();
                with_supervisor(&weak, |supervisor| supervisor.crashed(detail));
            })
        };
        let mut supervisor = this.borrow_mut();
        supervisor.self_ref = weak;
        match Worker::new(WORKER_SCRIPT) {
            Ok(worker) => {
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                supervisor.worker = Some(worker);
            }
            Err(error) => {
                web_sys::console::error_2(&"fixpoint: cannot start the worker".into(), &error);
            }
        }
        supervisor.ready = false;
        supervisor.retiring = false;
        supervisor.on_message = Some(on_message);
        supervisor.on_error = Some(on_error);
    }

    fn submit(&mut self, request: ToWorker) -> Vec<Action> {
        if request.is_evaluation() {
            // A new evaluation makes every pending question stale.
            self.queries.clear();
            self.waiting = Some(request);
        } else {
            self.queries.push(request);
        }
        self.post_waiting()
    }

    /// The next request to post: the waiting evaluation first.
    fn next_request(&mut self) -> Option<ToWorker> {
        if let Some(request) = self.waiting.take() {
            return Some(request);
        }
        (!self.queries.is_empty()).then(|| self.queries.remove(0))
    }

    /// Posts the waiting request if the worker is free.
    fn post_waiting(&mut self) -> Vec<Action> {
        if !self.ready || self.in_flight.is_some() {
            return Vec::new();
        }
        if self.worker.is_none() {
            return Vec::new();
        }
        let Some(request) = self.next_request() else {
            return Vec::new();
        };
        let Some(worker) = &self.worker else {
            return Vec::new();
        };
        let rev = request.rev();
        let evaluation = request.is_evaluation();
        let posted = protocol::encode(&request)
            .map_err(|error| error.to_string())
            .and_then(|message| {
                worker
                    .post_message(&message)
                    .map_err(|error| format!("{error:?}"))
            });
        match posted {
            Ok(()) => {
                let weak = self.self_ref.clone();
                let watchdog = Timeout::new(WATCHDOG_MS, move || {
                    with_supervisor(&weak, |supervisor| supervisor.watchdog_fired(rev));
                });
                self.in_flight = Some(InFlight {
                    rev,
                    request: request.clone(),
                    _watchdog: watchdog,
                });
                if evaluation {
                    vec![Action::EvaluationStarted { rev }]
                } else {
                    Vec::new()
                }
            }
            Err(detail) => unanswered(&request, EvalFailure::WorkerCrashed { detail }),
        }
    }

    fn receive(&mut self, data: wasm_bindgen::JsValue) -> Vec<Action> {
        let message = match protocol::decode::<FromWorker>(data) {
            Ok(message) => message,
            Err(error) => {
                web_sys::console::error_1(&error.to_string().into());
                return Vec::new();
            }
        };
        let mut actions = Vec::new();
        match message {
            FromWorker::Ready => {
                self.ready = true;
                self.failed_starts = 0;
            }
            FromWorker::Retire => self.retiring = true,
            FromWorker::Done { rev, outcome } => {
                self.finish(rev);
                actions.push(Action::Evaluated {
                    rev,
                    outcome: Rc::new(EvalResult {
                        view: None,
                        value: Some(outcome),
                        json: None,
                    }),
                });
            }
            FromWorker::Resolved { rev, view, value } => {
                self.finish(rev);
                actions.push(Action::Evaluated {
                    rev,
                    outcome: Rc::new(EvalResult {
                        view,
                        value,
                        json: None,
                    }),
                });
            }
            FromWorker::Json { rev, json } => {
                self.finish(rev);
                let json = match json {
                    Some(outcome) => json_text(outcome),
                    None => Err("set mode has no single value".to_owned()),
                };
                actions.push(Action::JsonLoaded { rev, json });
            }
            FromWorker::Expanded {
                rev,
                path,
                rows,
                error,
            } => {
                self.finish(rev);
                let rows = match (rows, error) {
                    (Some(rows), _) => Ok(Rc::from(rows)),
                    (None, error) => Err(error.unwrap_or_else(|| "no rows".to_owned())),
                };
                actions.push(Action::Expanded { rev, path, rows });
            }
            FromWorker::Traced { rev, page } => {
                self.finish(rev);
                if let Some(page) = page {
                    actions.push(Action::TraceLoaded {
                        rev,
                        page: Rc::new(page),
                    });
                }
            }
            FromWorker::Derivation { rev, result } => {
                self.finish(rev);
                let state = match result {
                    Ok((drv_path, aterm, json)) => DerivationState::Shown {
                        drv_path,
                        aterm,
                        json,
                    },
                    Err(reason) => DerivationState::Failed(reason),
                };
                actions.push(Action::DerivationLoaded { rev, state });
            }
            FromWorker::Failed { rev, reason } => {
                self.finish(rev);
                let WorkerFailure::BadRequest { detail } = reason;
                actions.push(Action::EvaluationFailed {
                    rev,
                    reason: EvalFailure::Rejected { detail },
                });
            }
        }
        if self.retiring && self.in_flight.is_none() {
            // The new worker takes the waiting requests once it is ready.
            actions.extend(self.respawn());
            return actions;
        }
        actions.extend(self.post_waiting());
        actions
    }

    fn finish(&mut self, rev: u64) {
        if self
            .in_flight
            .as_ref()
            .is_some_and(|in_flight| in_flight.rev == rev)
        {
            self.in_flight = None;
        }
    }

    fn watchdog_fired(&mut self, rev: u64) -> Vec<Action> {
        if self
            .in_flight
            .as_ref()
            .is_none_or(|in_flight| in_flight.rev != rev)
        {
            return Vec::new();
        }
        let reason = EvalFailure::TimedOut {
            after_ms: WATCHDOG_MS,
        };
        self.replace_worker(reason)
    }

    fn stop(&mut self) -> Vec<Action> {
        self.waiting = None;
        self.queries.clear();
        if self.in_flight.is_some() {
            self.replace_worker(EvalFailure::Stopped)
        } else {
            Vec::new()
        }
    }

    fn crashed(&mut self, detail: String) -> Vec<Action> {
        web_sys::console::error_1(&format!("fixpoint: worker error: {detail}").into());
        if !self.ready {
            self.failed_starts += 1;
            if self.failed_starts > MAX_FAILED_STARTS {
                // Give up rather than spin: tell the page why nothing runs.
                self.terminate();
                self.queries.clear();
                return match self.waiting.take() {
                    Some(request) => unanswered(&request, EvalFailure::WorkerCrashed { detail }),
                    None => Vec::new(),
                };
            }
        }
        self.replace_worker(EvalFailure::WorkerCrashed { detail })
    }

    /// Replaces the worker; the request it had gets `reason` as its answer.
    fn replace_worker(&mut self, reason: EvalFailure) -> Vec<Action> {
        let mut actions = match self.in_flight.take() {
            Some(in_flight) => unanswered(&in_flight.request, reason),
            None => Vec::new(),
        };
        actions.extend(self.respawn());
        actions
    }

    /// Terminates the current worker and schedules a new one.
    fn respawn(&mut self) -> Vec<Action> {
        self.terminate();
        // `spawn` needs the `Rc`, and we are inside its borrow: start the new
        // worker from a zero-delay timer instead.
        let weak = self.self_ref.clone();
        Timeout::new(0, move || {
            if let Some(this) = weak.upgrade() {
                Supervisor::spawn(&this);
                let actions = this.borrow_mut().post_waiting();
                let dispatch = this.borrow().dispatch.clone();
                for action in actions {
                    dispatch.dispatch(action);
                }
            }
        })
        .forget();
        Vec::new()
    }

    fn terminate(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
        self.ready = false;
        self.in_flight = None;
    }

    fn shut_down(&mut self) {
        self.waiting = None;
        self.terminate();
        self.on_message = None;
        self.on_error = None;
    }
}

/// What the page is told when `request` gets no answer.
fn unanswered(request: &ToWorker, reason: EvalFailure) -> Vec<Action> {
    let rev = request.rev();
    let because = match &reason {
        EvalFailure::Stopped => "stopped".to_owned(),
        EvalFailure::TimedOut { after_ms } => format!("no answer after {} s", after_ms / 1000),
        EvalFailure::WorkerCrashed { detail } => format!("the worker crashed: {detail}"),
        EvalFailure::Rejected { detail } => detail.clone(),
    };
    match request {
        ToWorker::Evaluate { .. } | ToWorker::Resolve { .. } => {
            vec![Action::EvaluationFailed { rev, reason }]
        }
        ToWorker::Expand { path, .. } => vec![Action::Expanded {
            rev,
            path: path.clone(),
            rows: Err(because),
        }],
        ToWorker::Derivation { .. } => vec![Action::DerivationLoaded {
            rev,
            state: DerivationState::Failed(because),
        }],
        ToWorker::Json { .. } => vec![Action::JsonLoaded {
            rev,
            json: Err(because),
        }],
        ToWorker::Trace { .. } => Vec::new(),
    }
}

/// The JSON text of a `--json` evaluation, or why there is none.
fn json_text(outcome: WireOutcome) -> Result<String, String> {
    match (outcome.value, outcome.error) {
        (Some(text), _) => Ok(text),
        (None, Some(error)) => Err(error.message),
        (None, None) => Err("no value".to_owned()),
    }
}

/// Runs `step` on the supervisor behind `weak`, then dispatches what it returned.
fn with_supervisor(
    weak: &Weak<RefCell<Supervisor>>,
    step: impl FnOnce(&mut Supervisor) -> Vec<Action>,
) {
    let Some(this) = weak.upgrade() else { return };
    let actions = step(&mut this.borrow_mut());
    let dispatch = this.borrow().dispatch.clone();
    for action in actions {
        dispatch.dispatch(action);
    }
}
