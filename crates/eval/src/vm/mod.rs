//! The evaluation machine: a loop over an explicit stack of continuation frames.
//!
//! [`Vm::run`] starts from a control state (evaluate an expression, force a
//! value, call a function, or run a builtin's [`Step`]) and loops until a value
//! returns to the frame height it started at. Sub-evaluations push a
//! [`frames::Frame`] and continue in the same loop, so native stack use does
//! not grow with the program: a 100 000-deep thunk chain is 100 000 heap
//! frames. Builtins cooperate through [`requests::Step`].
//!
//! Invariants:
//! - thunks are black-holed while forced; re-entry reports infinite recursion;
//!   a failed force leaves the thunk holding its error (re-raised, never
//!   re-run, as in Nix), except a budget or cancellation stop, which restores
//!   it;
//! - every step counts against the optional budget; the interrupt callback is
//!   polled every 4096 steps;
//! - nothing here panics on user input: unexpected states become
//!   `ErrorKind::Internal`.
//!
//! Files: `frames.rs` (continuations), `requests.rs` (builtin suspension),
//! `ops.rs` (operators), `coerce.rs` (string coercion), `compare.rs`
//! (equality and ordering), `deep.rs` (deep forcing).

mod coerce;
mod compare;
mod deep;
mod frames;
mod ops;
mod quick;
mod requests;

pub use coerce::{coerce_to_string, CoerceMode};
pub use compare::{equal, less_than};
pub use deep::deep_force;
pub use ops::{arithmetic, concat_strings, Arith};
pub use requests::{Context, Step, Task, TraceLine};

use rustc_hash::FxHashMap;
use std::rc::Rc;

use frames::{DynamicAttrs, FoundAttr, Frame, Interpolation, PrimOpArgs};

use crate::compiler::{AttrKey, Expr, ExprRef, Param};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult, TRACE_KEEP};
use crate::io::EvalIo;
use crate::printer;
use crate::source::{SourceMap, SrcSpan};
use crate::symbols::{Interner, Symbol};
use crate::value::{Attr, AttrSet, Closure, Env, NixString, PrimOpApp, Thunk, ThunkState, Value};

/// Names the VM looks up often, interned once.
pub struct Syms {
    /// `__functor`
    pub functor: Symbol,
    /// `__toString`
    pub to_string: Symbol,
    /// `outPath`
    pub out_path: Symbol,
    /// `type`
    pub type_: Symbol,
    /// `value`
    pub value: Symbol,
    /// `success`
    pub success: Symbol,
    /// `name`
    pub name: Symbol,
    /// `file`
    pub file: Symbol,
    /// `line`
    pub line: Symbol,
    /// `column`
    pub column: Symbol,
    /// `key`
    pub key: Symbol,
    /// `__functionArgs`
    pub function_args: Symbol,
}

impl Syms {
    fn new(interner: &mut Interner) -> Self {
        Syms {
            functor: interner.intern("__functor"),
            to_string: interner.intern("__toString"),
            out_path: interner.intern("outPath"),
            type_: interner.intern("type"),
            value: interner.intern("value"),
            success: interner.intern("success"),
            name: interner.intern("name"),
            file: interner.intern("file"),
            line: interner.intern("line"),
            column: interner.intern("column"),
            key: interner.intern("key"),
            function_args: interner.intern("__functionArgs"),
        }
    }
}

/// Host-facing settings the VM consults.
pub struct VmConfig {
    /// `-I` entries: `(prefix, dir)`, empty prefix for plain directories.
    pub search_path: Vec<(String, String)>,
    /// `builtins.currentSystem`.
    pub current_system: String,
    /// The step budget.
    pub step_budget: Option<u64>,
    /// Nix's `max-call-depth`: how many function calls may be active at
    /// once. The machine itself has no depth limit (frames live on the
    /// heap); this bounds the memory a runaway recursion can take and gives
    /// Nix's own error for it.
    pub max_call_depth: u32,
}

/// Nix's default `max-call-depth`.
pub const DEFAULT_MAX_CALL_DEPTH: u32 = 10_000;

/// A `trace`/`warn` event.
pub struct Event {
    /// `Trace` or `Warning`.
    pub kind: ErrorKind,
    /// Where it was raised.
    pub span: Option<SrcSpan>,
    /// "while evaluating …" lines around it, outermost first (no positions).
    pub frames: Vec<String>,
}

/// The state of the machine: interner, sources, host, caches, frame stack.
pub struct Vm {
    /// Interned names.
    pub interner: Interner,
    /// Every file read so far.
    pub sources: SourceMap,
    /// The host.
    pub io: Box<dyn EvalIo>,
    /// Settings.
    pub config: VmConfig,
    /// Common names.
    pub syms: Syms,
    /// Global names → root environment slots. Names are only ever added,
    /// each keeping its slot (the parse cache relies on it).
    pub globals: crate::symbols::NameMap<u32>,
    /// A number no other machine of this thread has: what a cache shared
    /// between machines keys a machine's own facts by.
    pub(crate) serial: u64,
    /// The root environment (builtins).
    pub root_env: Rc<Env>,
    /// Evaluated imports by canonical path.
    pub import_cache: FxHashMap<String, Value>,
    /// Trace and warning events, in order.
    pub events: Vec<Event>,
    /// Steps taken so far.
    pub steps: u64,
    /// Function calls active now (`Frame::CallTrace` frames on the stack).
    call_depth: u32,
    /// Polled every few thousand steps; `true` cancels.
    pub interrupt: Option<Box<dyn FnMut() -> bool>>,
    /// Notified of forcing and selections when present (`crate::observer`).
    pub observer: Option<Box<dyn crate::observer::EvalObserver>>,
    /// What this evaluation put into the store (derivations, sources, texts).
    pub store: crate::derivations::StoreState,
    stack: Vec<Frame>,
}

/// A call of a one-parameter lambda about to start (see
/// [`Vm::enter_lambda`]).
struct PreparedCall {
    closure: Rc<Closure>,
    arg: Value,
    /// The body, or the branch of it the call is known to take.
    body: ExprRef,
    span: SrcSpan,
}

/// What the loop does next.
enum Ctl {
    Eval(ExprRef, Rc<Env>),
    Ret(Value),
    Force(Value),
    Call(Value, Value, SrcSpan),
    Err(Box<EvalError>),
}

fn err(error: EvalError) -> Ctl {
    Ctl::Err(Box::new(error))
}

const INTERRUPT_INTERVAL: u64 = 4096;

/// A fresh [`Vm::serial`].
fn next_serial() -> u64 {
    thread_local! {
        // From 1: `value::Making` takes 0 for "no machine".
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    }
    NEXT.with(|next| {
        let serial = next.get();
        next.set(serial.wrapping_add(1));
        serial
    })
}

/// A machine's values die with it: what cycles kept alive is freed here
/// when this thread tracks cycles (see `value/cycles.rs`).
impl Drop for Vm {
    fn drop(&mut self) {
        crate::value::collect_cycles(self.serial);
    }
}

impl Vm {
    /// A machine with the given host and settings; builtins are installed by
    /// [`crate::builtins::install`].
    pub fn new(io: Box<dyn EvalIo>, config: VmConfig) -> Self {
        let serial = next_serial();
        // The builtins (`builtins.builtins` is a cycle) are this machine's.
        let _making = crate::value::Making::enter(serial);
        let mut interner = Interner::default();
        let syms = Syms::new(&mut interner);
        let mut vm = Vm {
            interner,
            sources: SourceMap::default(),
            io,
            config,
            syms,
            globals: crate::symbols::NameMap::default(),
            serial,
            root_env: Env::new(0, None),
            import_cache: FxHashMap::default(),
            events: Vec::new(),
            steps: 0,
            call_depth: 0,
            interrupt: None,
            observer: None,
            store: crate::derivations::StoreState::default(),
            stack: Vec::new(),
        };
        crate::builtins::install(&mut vm);
        vm
    }

    /// Evaluates `expr` in `env` to weak head normal form.
    pub fn eval_expr(&mut self, expr: ExprRef, env: Rc<Env>) -> EvalResult<Value> {
        self.run(Ctl::Eval(expr, env))
    }

    /// Forces `value` to weak head normal form.
    pub fn force_value(&mut self, value: Value) -> EvalResult<Value> {
        self.run(Ctl::Force(value))
    }

    /// Runs a builtin-style step to completion.
    pub fn run_step(&mut self, step: Step) -> EvalResult<Value> {
        let base = self.stack.len();
        let start = self.step(step);
        self.run_from(start, base)
    }

    fn run(&mut self, start: Ctl) -> EvalResult<Value> {
        let base = self.stack.len();
        self.run_from(start, base)
    }

    fn run_from(&mut self, start: Ctl, base: usize) -> EvalResult<Value> {
        let _making = crate::value::Making::enter(self.serial);
        let mut ctl = start;
        loop {
            self.steps += 1;
            if let Some(budget) = self.config.step_budget {
                if self.steps > budget {
                    ctl = err(EvalError::new(
                        ErrorKind::StepBudgetExceeded { budget },
                        None,
                    ));
                }
            }
            if self.steps.is_multiple_of(INTERRUPT_INTERVAL) {
                if let Some(check) = self.interrupt.as_mut() {
                    if check() {
                        ctl = err(EvalError::new(ErrorKind::Cancelled, None));
                    }
                }
            }
            ctl = match ctl {
                Ctl::Eval(expr, env) => self.eval(expr, env),
                Ctl::Force(value) => self.force(value),
                Ctl::Call(func, arg, span) => self.call(func, arg, span),
                Ctl::Ret(value) => {
                    if self.stack.len() <= base {
                        return Ok(value);
                    }
                    match self.stack.pop() {
                        // The commonest frame, popped without a call to
                        // `resume` (and without moving the frame again).
                        Some(Frame::CallTrace { .. }) => {
                            self.leave_call();
                            Ctl::Ret(value)
                        }
                        Some(frame) => self.resume(frame, value),
                        None => return Ok(value),
                    }
                }
                Ctl::Err(error) => self.unwind(*error, base)?,
            };
        }
    }

    fn unwind(&mut self, mut error: EvalError, base: usize) -> Result<Ctl, EvalError> {
        // Uncatchable errors skip the fatal kinds' handlers quickly but still
        // restore every thunk they pass.
        // The step budget and cancellation stop everything: collecting the
        // frames of a runaway recursion would cost as much as the recursion,
        // so those keep only the innermost frames and count the rest.
        let quiet = matches!(
            error.kind,
            ErrorKind::StepBudgetExceeded { .. } | ErrorKind::Cancelled
        );
        // The thunks this error ends; they remember it once it stops.
        let mut failed: Vec<Rc<Thunk>> = Vec::new();
        while self.stack.len() > base {
            let Some(frame) = self.stack.pop() else { break };
            if error.trace.len() > 3 * TRACE_KEEP {
                error.compact_trace();
            }
            if quiet && error.trace.len() >= TRACE_KEEP {
                let lines = frame.trace_lines();
                if lines > 0 {
                    let at = error.trace.len();
                    error.add_omitted(at, lines);
                }
                match frame {
                    Frame::Update(thunk) => {
                        if self.observer.is_some() {
                            crate::observer::notify_left(self, &thunk, false);
                        }
                        thunk.restore()
                    }
                    Frame::CallTrace { .. } | Frame::Level(_) => self.leave_call(),
                    _ => {}
                }
                continue;
            }
            match frame {
                Frame::Update(thunk) => {
                    if self.observer.is_some() {
                        crate::observer::notify_left(self, &thunk, false);
                    }
                    if quiet {
                        thunk.restore()
                    } else {
                        failed.push(thunk);
                    }
                }
                Frame::CallTrace { closure, span } => {
                    self.leave_call();
                    let name = match &closure.def.name {
                        Some(name) => format!("while calling '{name}'"),
                        None => "while calling anonymous lambda".to_string(),
                    };
                    error.trace.push((name, Some(closure.def.span)));
                    error.trace.push(("from call site".into(), Some(span)));
                }
                Frame::BindPattern { span, .. } => {
                    error.trace.push(("from call site".into(), Some(span)));
                }
                Frame::PrimOpArgs(args) => {
                    let name = args.app.op.name;
                    if let Some(context) =
                        crate::builtins::forced_argument_context(name, args.index)
                    {
                        error.trace.push((context, None));
                    }
                }
                Frame::PrimOpTrace { name, span } => {
                    error
                        .trace
                        .push((format!("while calling the '{name}' builtin"), Some(span)));
                }
                Frame::Context(message, span) => error.trace.push((message, span)),
                Frame::Line(line) => error.trace.push(line.into_trace(self)),
                Frame::Task(task) => {
                    if let Some(line) = task.trace_line() {
                        error.trace.push((line.to_string(), None));
                    }
                }
                Frame::Level(context) => {
                    self.leave_call();
                    if let Some(context) = context {
                        error.trace.push(context.into_trace(self));
                    }
                }
                Frame::BinaryRhs { expr, .. } => {
                    ops::operand_frames(&mut error, &expr, ops::Side::Left)
                }
                Frame::BinaryApply { expr, .. } => {
                    ops::operand_frames(&mut error, &expr, ops::Side::Right)
                }
                Frame::Not { operand } => {
                    error.trace.push(("in the argument of '!'".into(), operand))
                }
                Frame::Select { expr, index: 0, .. } => match &*expr {
                    Expr::Select { span, .. } => error
                        .trace
                        .push(("while selecting an attribute".into(), Some(*span))),
                    Expr::HasAttr { subject, .. } => error
                        .trace
                        .push(("in the argument of '?'".into(), subject.span())),
                    _ => {}
                },
                Frame::Select { expr, last, .. } => select_frames(&mut error, &expr, last.as_ref()),
                Frame::SelectKey {
                    expr, index, last, ..
                } => {
                    if let Expr::Select { path, .. } = &*expr {
                        if let Some(AttrKey::Dynamic(_, span)) = path.get(index) {
                            error
                                .trace
                                .push(("while evaluating an attribute name".into(), Some(*span)));
                        }
                    }
                    select_frames(&mut error, &expr, last.as_ref());
                }
                Frame::SelectTrace { expr, last } => select_frames(&mut error, &expr, Some(&last)),
                Frame::TryEval if error.kind.is_catchable() => {
                    remember_failure(failed, &error);
                    let attrs = AttrSet::from_unsorted(vec![
                        self.attr(self.syms.success.clone(), Value::Bool(false)),
                        self.attr(self.syms.value.clone(), Value::Bool(false)),
                    ]);
                    return Ok(Ctl::Ret(Value::Attrs(Rc::new(attrs))));
                }
                _ => {}
            }
        }
        remember_failure(failed, &error);
        Err(error)
    }

    /// An attribute without position.
    pub fn attr(&self, name: Symbol, value: Value) -> Attr {
        Attr {
            name,
            value,
            pos: None,
        }
    }

    /// Makes a value for `expr` in `env` without evaluating it.
    pub fn make_thunk(&self, expr: &ExprRef, env: &Rc<Env>) -> Value {
        thunk_of(expr, env)
    }
}

/// [`Vm::make_thunk_in`], for the fast paths that have no machine at hand.
fn thunk_in(expr: &ExprRef, env: &Rc<Env>) -> Value {
    match &**expr {
        Expr::Var { depth: 0, .. } => pending(expr, env),
        _ => thunk_of(expr, env),
    }
}

/// [`Vm::make_thunk`], for the fast paths that have no machine at hand.
fn thunk_of(expr: &ExprRef, env: &Rc<Env>) -> Value {
    match &**expr {
        Expr::Const(value) => value.clone(),
        Expr::Var { depth, slot, .. } => env
            .lookup(*depth, *slot)
            .unwrap_or_else(|| pending(expr, env)),
        Expr::Lambda(def) => Value::Lambda(Rc::new(Closure {
            def: def.clone(),
            env: env.clone(),
        })),
        _ => pending(expr, env),
    }
}

impl Vm {
    /// What evaluating `expr` would return, when that needs no frame, no
    /// allocation and cannot fail ([`quick::value`]). Never with an observer
    /// installed, which must see every force.
    fn quick_value(&self, expr: &ExprRef, env: &Rc<Env>) -> Option<Value> {
        if self.observer.is_some() {
            return None;
        }
        quick::value(expr, env, self.calls_allowed())
    }

    /// The value of the argument `arg` of a call of `func`, computed before
    /// the call when nobody can tell the difference: the argument is an
    /// operation on ready scalars ([`ops::quick_scalars`]: cannot fail, runs
    /// nothing) and the function's first act is to force its parameter
    /// (`fib = n: if n < 2 …`, see `LambdaDef::strict_param`), so its thunk
    /// could not be seen unforced (by `trace`, say) before it is forced
    /// anyway. Saves the thunk's allocation and its force. Never with an
    /// observer.
    fn eager_argument(&self, func: &Value, arg: &ExprRef, env: &Rc<Env>) -> Option<Value> {
        if self.observer.is_some() {
            return None;
        }
        let Value::Lambda(closure) = func else {
            return None;
        };
        if !closure.def.strict_param {
            return None;
        }
        quick::operation(arg, env)
    }

    // Called from the loop only: inlined there, which saves a call and a
    // return of the `Ctl` through memory on every trip that evaluates.
    #[inline(always)]
    fn eval(&mut self, expr: ExprRef, env: Rc<Env>) -> Ctl {
        match &*expr {
            Expr::Const(value) => Ctl::Ret(value.clone()),
            Expr::Var { depth, slot, .. } => match env.lookup(*depth, *slot) {
                // Forcing directly saves a trip around the loop.
                Some(value) => self.force(value),
                None => err(internal("variable slot out of range")),
            },
            Expr::Lambda(def) => Ctl::Ret(Value::Lambda(Rc::new(Closure {
                def: def.clone(),
                env,
            }))),
            Expr::List(items) => {
                let values = items
                    .iter()
                    .map(|item| match self.make_thunk(item, &env) {
                        // A list directly inside a list would be released
                        // recursively; a finished thunk in between makes the
                        // release iterative (see `value/drop.rs`).
                        list @ Value::List(_) => {
                            let thunk = Thunk::shared(ThunkState::Blackhole);
                            thunk.finish(list);
                            Value::Thunk(thunk)
                        }
                        other => other,
                    })
                    .collect();
                Ctl::Ret(Value::List(Rc::new(values)))
            }
            Expr::Let { slots, body } => {
                let scope = Env::new(slots.len(), Some(env));
                for (index, slot) in slots.iter().enumerate() {
                    scope.set(index, self.make_thunk_in(slot, &scope));
                }
                Ctl::Eval(body.clone(), scope)
            }
            Expr::With { namespace, body } => {
                let namespace = self.make_thunk(namespace, &env);
                Ctl::Eval(body.clone(), Env::with_one(namespace, Some(env)))
            }
            Expr::WithVar { .. } => self.with_lookup(expr.clone(), 0, env),
            Expr::Apply { func, args, span } => {
                let span = *span;
                // A single-argument call needs no Apply frame and no vector.
                // A function that is already a value (`fib (n - 1)`) is
                // called at once, without a trip through `Apply1`.
                let ready = self
                    .quick_value(func, &env)
                    .filter(|f| matches!(f, Value::Lambda(_) | Value::PrimOp(_)));
                if let [arg] = &args[..] {
                    if let Some(func) = ready {
                        let arg = self
                            .eager_argument(&func, arg, &env)
                            .unwrap_or_else(|| self.make_thunk(arg, &env));
                        return self.call(func, arg, span);
                    }
                    let arg = self.make_thunk(arg, &env);
                    self.stack.push(Frame::Apply1 { arg, span });
                    return Ctl::Eval(func.clone(), env);
                }
                let mut values: Vec<Value> = args
                    .iter()
                    .rev()
                    .map(|arg| self.make_thunk(arg, &env))
                    .collect();
                if let Some(func) = ready {
                    if let Some(first) = values.pop() {
                        if !values.is_empty() {
                            self.stack.push(Frame::Apply { args: values, span });
                        }
                        return self.call(func, first, span);
                    }
                }
                self.stack.push(Frame::Apply { args: values, span });
                Ctl::Eval(func.clone(), env)
            }
            Expr::Attrs(def) => self.build_attrs(def.clone(), env),
            Expr::Select { subject, .. } | Expr::HasAttr { subject, .. } => {
                // A subject that is a ready value (`final.a`, `prev.${n}`)
                // cannot fail: no frame for its evaluation, no trip round
                // the loop. Not with an observer, which sees the force of
                // the subject's variable.
                if self.observer.is_none() {
                    if let Some(current) = quick::ready_value(subject, &env) {
                        return self.select_step(expr.clone(), 0, env, current, None);
                    }
                }
                self.stack.push(Frame::Select {
                    expr: expr.clone(),
                    index: 0,
                    env: env.clone(),
                    last: None,
                });
                Ctl::Eval(subject.clone(), env)
            }
            Expr::Binary { op, lhs, rhs, .. } => {
                // Operands that are constants or already-forced variables
                // (`n - 1`, `acc + x`) need no frames and no trips around the
                // loop: apply the operator at once. Only without an observer,
                // which would otherwise miss the forces of the variables.
                if self.observer.is_none() {
                    if let Some((left, right)) =
                        quick::settled_operands(*op, lhs, rhs, &env, self.calls_allowed())
                    {
                        if let Some(value) = ops::quick_scalars(*op, left, right) {
                            return Ctl::Ret(value);
                        }
                    }
                    if let Some(left) = quick::ready_value(lhs, &env) {
                        return self.binary_rhs(expr.clone(), left, env);
                    }
                    match self.operand_call(lhs, &env) {
                        Some(Ok(left)) => return self.binary_rhs(expr.clone(), left, env),
                        Some(Err(call)) => {
                            self.stack.push(Frame::BinaryRhs {
                                expr: expr.clone(),
                                env,
                            });
                            return self.enter_lambda(call);
                        }
                        None => {}
                    }
                }
                let lhs = lhs.clone();
                self.stack.push(Frame::BinaryRhs {
                    expr: expr.clone(),
                    env: env.clone(),
                });
                Ctl::Eval(lhs, env)
            }
            Expr::Not { operand, .. } => {
                self.stack.push(Frame::Not {
                    operand: operand.span(),
                });
                Ctl::Eval(operand.clone(), env)
            }
            Expr::If {
                cond,
                then,
                otherwise,
                span,
            } => {
                // A condition such as `n < 2` on a ready `n` needs no frame.
                if let Some(Value::Bool(b)) = self.quick_value(cond, &env) {
                    let branch = if b { then } else { otherwise };
                    // A branch that is a ready value (`then n`) is returned
                    // in the trip that chose it, counted as the trip it saves.
                    if let Some(value) = quick::ready_value(branch, &env) {
                        self.steps += 1;
                        return Ctl::Ret(value);
                    }
                    return Ctl::Eval(branch.clone(), env);
                }
                self.stack.push(Frame::If {
                    then: then.clone(),
                    otherwise: otherwise.clone(),
                    env: env.clone(),
                    span: *span,
                });
                Ctl::Eval(cond.clone(), env)
            }
            Expr::Assert {
                cond,
                equality,
                body,
                text,
                span,
            } => {
                self.stack.push(Frame::Assert {
                    body: body.clone(),
                    env: env.clone(),
                    text: text.clone(),
                    span: *span,
                });
                self.stack.push(Frame::Context(
                    format!("while evaluating the condition of the assertion '{text}'"),
                    Some(*span),
                ));
                if let Some((lhs, rhs, operator)) = equality {
                    // `assert a == b`: compare with an explanation of the
                    // first difference, as Nix does.
                    let (rhs, rhs_env, operator) = (rhs.clone(), env.clone(), *operator);
                    self.stack
                        .push(Frame::Task(Box::new(move |_: &mut Vm, left: Value| {
                            Ok(Step::Eval(
                                rhs,
                                rhs_env,
                                Box::new(move |_: &mut Vm, right: Value| {
                                    Ok(compare::explain_equal(left, right, operator))
                                }),
                            ))
                        })));
                    return Ctl::Eval(lhs.clone(), env);
                }
                Ctl::Eval(cond.clone(), env)
            }
            Expr::Interpolate { parts, is_path, .. } => {
                let Some(first) = parts.first() else {
                    return Ctl::Ret(Value::string(""));
                };
                // A string whose parts are all known at once (`"a${toString
                // i}"`, `"${name}-${version}"`) is built here: no frame, no
                // boxed state. Otherwise the state starts at the first part
                // that needs the machine, with the text before it.
                if !*is_path && self.observer.is_none() {
                    let mut text = quick::take_text();
                    let mut context = Vec::new();
                    let Some(index) = self.ready_parts(parts, 0, &env, &mut text, &mut context)
                    else {
                        // Exactly as long as the text: no `realloc` to shrink.
                        let bytes = text.to_vec();
                        quick::give_back_text(text);
                        return Ctl::Ret(Value::String(Rc::new(NixString::with_context(
                            bytes, context,
                        ))));
                    };
                    let Some(part) = parts.get(index) else {
                        return err(internal("interpolation part out of range"));
                    };
                    let part = part.clone();
                    self.stack.push(Frame::Interpolate(Box::new(Interpolation {
                        expr: expr.clone(),
                        index,
                        env: env.clone(),
                        acc: text,
                        context,
                        path: false,
                    })));
                    return Ctl::Eval(part, env);
                }
                let state = Box::new(Interpolation {
                    expr: expr.clone(),
                    index: 0,
                    env: env.clone(),
                    acc: Vec::new(),
                    context: Vec::new(),
                    path: false,
                });
                // A literal first part needs no trip around the loop.
                if let Expr::Const(literal @ Value::String(_)) = &**first {
                    return self.interpolate_part(state, literal.clone());
                }
                self.stack.push(Frame::Interpolate(state));
                Ctl::Eval(first.clone(), env)
            }
            Expr::CurPos(span) => Ctl::Ret(self.position_attrs(*span)),
            Expr::SearchPath { path, span } => match self.find_in_search_path(path) {
                Ok(found) => Ctl::Ret(Value::Path(Rc::from(found))),
                Err(error) => err(error.or_span(*span)),
            },
            Expr::HomePath { rest, span } => match self.io.get_env("HOME") {
                Some(home) => {
                    let mut path = crate::paths::canonicalize(&format!("{home}{rest}"));
                    if rest.ends_with('/') && !path.ends_with('/') {
                        path.push('/');
                    }
                    Ctl::Ret(Value::Path(Rc::from(path)))
                }
                None => err(EvalError::at(
                    ErrorKind::Io {
                        message: "cannot resolve '~' because HOME is not set".into(),
                    },
                    *span,
                )),
            },
        }
    }

    /// `{ file, line, column }` for a span (`__curPos`, `unsafeGetAttrPos`).
    pub fn position_attrs(&mut self, span: SrcSpan) -> Value {
        let (line, column) = self.sources.line_col(span);
        let file = self
            .sources
            .file(span.file)
            .map(|f| f.path.clone())
            .unwrap_or_default();
        let attrs = AttrSet::from_unsorted(vec![
            self.attr(self.syms.file.clone(), Value::string(file)),
            self.attr(
                self.syms.line.clone(),
                Value::Int(i64::try_from(line).unwrap_or(0)),
            ),
            self.attr(
                self.syms.column.clone(),
                Value::Int(i64::try_from(column).unwrap_or(0)),
            ),
        ]);
        Value::Attrs(Rc::new(attrs))
    }

    fn find_in_search_path(&self, path: &str) -> EvalResult<String> {
        for (prefix, dir) in &self.config.search_path {
            let candidate = if prefix.is_empty() {
                format!("{dir}/{path}")
            } else if path == prefix {
                dir.clone()
            } else if let Some(rest) = path.strip_prefix(prefix.as_str()) {
                match rest.strip_prefix('/') {
                    Some(rest) => format!("{dir}/{rest}"),
                    None => continue,
                }
            } else {
                continue;
            };
            let candidate = crate::paths::canonicalize(&candidate);
            if self.io.path_exists(&candidate) {
                return Ok(candidate);
            }
        }
        // Nix raises this as a catchable error (`tryEval <missing>` works).
        Err(EvalError::new(
            ErrorKind::Throw {
                message: format!(
                    "file '{path}' was not found in the Nix search path (add it using $NIX_PATH or -I)"
                ),
            },
            None,
        ))
    }

    fn with_lookup(&mut self, expr: ExprRef, index: usize, env: Rc<Env>) -> Ctl {
        let Expr::WithVar { name, withs, span } = &*expr else {
            return err(internal("with lookup on a non-with node"));
        };
        let Some(depth) = withs.get(index) else {
            return err(EvalError::at(
                ErrorKind::UndefinedVariable {
                    name: name.as_str().to_string(),
                },
                *span,
            ));
        };
        let Some(namespace) = env.lookup(*depth, 0) else {
            return err(internal("with scope out of range"));
        };
        self.stack.push(Frame::WithLookup {
            expr: expr.clone(),
            index,
            env,
        });
        Ctl::Force(namespace)
    }

    fn build_attrs(&mut self, def: Rc<crate::compiler::AttrsDef>, env: Rc<Env>) -> Ctl {
        let scope = if def.env_slots > 0 {
            let scope = Env::new(def.env_slots as usize, Some(env));
            let base = if def.rec { def.statics.len() } else { 0 };
            if def.rec {
                for (index, attr) in def.statics.iter().enumerate() {
                    scope.set(index, self.make_thunk_in(&attr.value, &scope));
                }
            }
            for (index, source) in def.inherit_sources.iter().enumerate() {
                scope.set(base + index, self.make_thunk_in(source, &scope));
            }
            scope
        } else {
            env
        };
        let mut attrs = Vec::with_capacity(def.statics.len() + def.dynamics.len());
        for (index, attr) in def.statics.iter().enumerate() {
            let value = if def.rec {
                scope
                    .lookup(0, u32::try_from(index).unwrap_or(0))
                    .unwrap_or(Value::Null)
            } else {
                self.make_thunk(&attr.value, &scope)
            };
            attrs.push(Attr {
                name: attr.name.clone(),
                value,
                pos: Some(attr.pos),
            });
        }
        if def.rec {
            if let Some(overrides) = attrs.iter().find(|a| a.name.as_str() == "__overrides") {
                let overrides = overrides.value.clone();
                self.stack.push(Frame::Overrides(Box::new(DynamicAttrs {
                    def,
                    index: 0,
                    env: scope,
                    attrs,
                })));
                return Ctl::Force(overrides);
            }
        }
        if def.dynamics.is_empty() {
            return Ctl::Ret(Value::Attrs(Rc::new(AttrSet::from_sorted(attrs))));
        }
        self.next_dynamic_attr(def, 0, scope, attrs)
    }

    /// Like [`Vm::make_thunk`] but for an environment still being filled:
    /// variables of the same scope may not be set yet, so they get a thunk.
    fn make_thunk_in(&self, expr: &ExprRef, env: &Rc<Env>) -> Value {
        thunk_in(expr, env)
    }

    fn next_dynamic_attr(
        &mut self,
        def: Rc<crate::compiler::AttrsDef>,
        index: usize,
        env: Rc<Env>,
        attrs: Vec<Attr>,
    ) -> Ctl {
        match def.dynamics.get(index) {
            None => Ctl::Ret(Value::Attrs(Rc::new(AttrSet::from_unsorted(attrs)))),
            Some(dynamic) => {
                let name = dynamic.name.clone();
                self.stack.push(Frame::DynamicAttr(Box::new(DynamicAttrs {
                    def: def.clone(),
                    index,
                    env: env.clone(),
                    attrs,
                })));
                Ctl::Eval(name, env)
            }
        }
    }

    fn force(&mut self, value: Value) -> Ctl {
        let Value::Thunk(thunk) = value else {
            return Ctl::Ret(value);
        };
        if self.observer.is_none() {
            if let Some(value) = quick::settle(&thunk, self.calls_allowed()) {
                return Ctl::Ret(value);
            }
        }
        let state = thunk.begin();
        if self.observer.is_some() {
            crate::observer::notify_entered(self, &thunk, &state);
        }
        match state {
            ThunkState::Done(value) => Ctl::Ret(value),
            ThunkState::Failed(error) => err((*error).clone()),
            ThunkState::Blackhole => {
                // Nix points at the expression of the thunk re-entered.
                let mut error = EvalError::new(ErrorKind::InfiniteRecursion, thunk.code_span());
                error
                    .trace
                    .push(("entering the infinite recursion".into(), None));
                err(error)
            }
            ThunkState::Pending(expr, env) => {
                self.stack.push(Frame::Update(thunk));
                Ctl::Eval(expr, env)
            }
            ThunkState::Apply(func, arg) => {
                self.stack.push(Frame::Update(thunk));
                let span = self.no_span();
                // Called here: saves a trip round the loop.
                self.call(func, arg, span)
            }
        }
    }

    /// A placeholder span for internal calls.
    pub fn no_span(&self) -> SrcSpan {
        SrcSpan {
            file: crate::source::FileId(u32::MAX),
            start: 0,
            end: 0,
        }
    }

    fn call(&mut self, func: Value, arg: Value, span: SrcSpan) -> Ctl {
        match func {
            Value::Thunk(_) => {
                self.stack.push(Frame::Apply1 { arg, span });
                Ctl::Force(func)
            }
            Value::Lambda(closure) => match &closure.def.param {
                Param::Ident(_) => {
                    // A body computed without an environment (the base case
                    // of a recursion, `i: i * 2`) needs no allocation, no
                    // `CallTrace` frame and no trips around the loop: it
                    // cannot fail. Only when `enter_call` would allow the
                    // call, so `max-call-depth` stops the same calls.
                    let mut body = &closure.def.body;
                    if self.observer.is_none() && self.calls_allowed() {
                        match self.call_body(&closure, &arg) {
                            quick::Body::Value(value) => return Ctl::Ret(value),
                            quick::Body::Branch(branch) => body = branch,
                            quick::Body::Whole => {
                                if let Some(set) = quick::set_call(&closure, &arg) {
                                    return Ctl::Ret(set);
                                }
                            }
                        }
                    }
                    let body = body.clone();
                    self.enter_lambda(PreparedCall {
                        closure,
                        arg,
                        body,
                        span,
                    })
                }
                Param::Pattern { .. } => {
                    self.stack.push(Frame::BindPattern { closure, span });
                    Ctl::Force(arg)
                }
            },
            Value::PrimOp(app) => {
                // One allocation, of the final size; none to copy when this
                // partial application is not shared.
                let (op, mut args) = match Rc::try_unwrap(app) {
                    Ok(mut unique) => (unique.op, std::mem::take(&mut unique.args)),
                    Err(shared) => {
                        let mut args = Vec::with_capacity(shared.op.arity);
                        args.extend(shared.args.iter().cloned());
                        (shared.op, args)
                    }
                };
                args.push(arg);
                self.primop_applied(op, args, span)
            }
            Value::Attrs(attrs) => match attrs.get(self.syms.functor.as_str()) {
                Some(functor) => {
                    let functor = functor.clone();
                    let this = Value::Attrs(attrs.clone());
                    self.stack.push(Frame::Apply {
                        args: vec![arg, this],
                        span,
                    });
                    Ctl::Force(functor)
                }
                None => err(self.not_a_function(&Value::Attrs(attrs), span)),
            },
            other => err(self.not_a_function(&other, span)),
        }
    }

    /// [`quick::call_body`] for a call of `closure` with `arg`, which
    /// `calls_allowed` permits.
    #[inline]
    fn call_body<'a>(&self, closure: &'a Closure, arg: &Value) -> quick::Body<'a> {
        let scope = quick::CallScope {
            arg,
            parent: &closure.env,
        };
        // Inside this call one more is active.
        let calls = self.call_depth < self.config.max_call_depth;
        quick::call_body(&closure.def.body, &scope, calls)
    }

    /// Starts a call of a one-parameter lambda: its environment, its
    /// `CallTrace` frame, then `call.body` (the body, or the branch
    /// [`quick::call_body`] already chose).
    fn enter_lambda(&mut self, call: PreparedCall) -> Ctl {
        let PreparedCall {
            closure,
            arg,
            body,
            span,
        } = call;
        if let Err(error) = self.enter_call(span) {
            return err(error);
        }
        let env = Env::with_one(arg, Some(closure.env.clone()));
        // The inner lambda of a curried `acc: x: …` needs no frame either
        // (a closure allocates, but cannot fail).
        if let Expr::Lambda(def) = &*body {
            self.leave_call();
            return Ctl::Ret(Value::Lambda(Rc::new(Closure {
                def: def.clone(),
                env,
            })));
        }
        self.stack.push(Frame::CallTrace { closure, span });
        Ctl::Eval(body, env)
    }

    /// An operand of a binary operator that is a call `f x` of a ready
    /// one-parameter lambda (`fib (n - 1)`), made here rather than after a
    /// trip around the loop: `Ok` with its value when the body needs no
    /// environment ([`quick::call_body`]), else `Err` with the call ready
    /// for [`Vm::enter_lambda`] once the operator's frame is pushed. The
    /// function and the argument are computed exactly as `eval` would.
    /// `None` for any other operand, with an observer installed, or when no
    /// call may start now (the general path then reports it).
    fn operand_call(
        &self,
        operand: &ExprRef,
        env: &Rc<Env>,
    ) -> Option<Result<Value, PreparedCall>> {
        if self.observer.is_some() || !self.calls_allowed() {
            return None;
        }
        // The function is read in place: a call computed here touches no
        // reference count of its closure.
        let quick::VariableCall {
            depth,
            slot,
            arg,
            span,
        } = quick::variable_call(operand)?;
        let slot = env.slot_ref(depth, slot)?;
        let finished;
        let closure = match &*slot {
            Value::Lambda(closure) => closure,
            Value::Thunk(thunk) => {
                finished = thunk.value()?;
                match &finished {
                    Value::Lambda(closure) => closure,
                    _ => return None,
                }
            }
            _ => return None,
        };
        if !matches!(closure.def.param, Param::Ident(_)) {
            return None;
        }
        let arg = match closure.def.strict_param {
            true => quick::operation(arg, env),
            false => None,
        }
        .unwrap_or_else(|| self.make_thunk(arg, env));
        let body = match self.call_body(closure, &arg) {
            quick::Body::Value(value) => return Some(Ok(value)),
            quick::Body::Branch(branch) => branch.clone(),
            quick::Body::Whole => closure.def.body.clone(),
        };
        Some(Err(PreparedCall {
            closure: closure.clone(),
            arg,
            body,
            span,
        }))
    }

    /// `func first second` for a curried `a: b: body` whose inner body
    /// needs no environment ([`quick::call_body`]), as `foldl'`'s
    /// `acc: x: acc + x`: neither call's environment nor the inner closure
    /// is allocated. Both calls start and end here, one after the other, so
    /// each is allowed exactly when `enter_call` would allow it. `None`
    /// otherwise (nothing is lost: the general path starts from scratch).
    fn quick_call2(&self, func: &Value, first: &Value, second: &Value) -> Option<Value> {
        if self.observer.is_some() || !self.calls_allowed() {
            return None;
        }
        let Value::Lambda(outer) = func else {
            return None;
        };
        let Expr::Lambda(inner) = &*outer.def.body else {
            return None;
        };
        if !matches!(outer.def.param, Param::Ident(_)) || !matches!(inner.param, Param::Ident(_)) {
            return None;
        }
        let scope = quick::CurriedScope {
            arg: second,
            outer_arg: first,
            parent: &outer.env,
        };
        // Inside the inner call one more is active.
        let calls = self.call_depth < self.config.max_call_depth;
        match quick::call_body(&inner.body, &scope, calls) {
            quick::Body::Value(value) => Some(value),
            quick::Body::Branch(_) | quick::Body::Whole => None,
        }
    }

    /// A primop with one more argument: a partial application, or a call.
    fn primop_applied(
        &mut self,
        op: &'static crate::builtins::PrimOpDef,
        args: Vec<Value>,
        span: SrcSpan,
    ) -> Ctl {
        if args.len() < op.arity {
            return Ctl::Ret(Value::PrimOp(Rc::new(PrimOpApp { op, args })));
        }
        self.stack.push(Frame::PrimOpTrace {
            name: op.name,
            span,
        });
        self.primop_args(PrimOpApp { op, args }, 0, span)
    }

    fn not_a_function(&self, value: &Value, span: SrcSpan) -> EvalError {
        EvalError::at(
            ErrorKind::NotAFunction {
                found: value.type_phrase().into(),
                value: printer::error_value(self, value),
            },
            span,
        )
    }

    fn primop_args(&mut self, mut app: PrimOpApp, start: usize, span: SrcSpan) -> Ctl {
        let mut index = start;
        while index < app.args.len() {
            if app.op.strict & (1 << index) != 0 {
                if let Some(Value::Thunk(thunk)) = app.args.get(index) {
                    match thunk.value() {
                        Some(_) => {}
                        None => {
                            let arg = Value::Thunk(thunk.clone());
                            self.stack.push(Frame::PrimOpArgs(Box::new(PrimOpArgs {
                                app,
                                index,
                                span,
                            })));
                            return Ctl::Force(arg);
                        }
                    }
                }
            }
            index += 1;
        }
        let mut args = std::mem::take(&mut app.args);
        for arg in &mut args {
            if let Value::Thunk(thunk) = arg {
                if let Some(value) = thunk.value() {
                    *arg = value;
                }
            }
        }
        match (app.op.func)(self, args, span) {
            // Most builtins answer at once: their `PrimOpTrace` frame, on top
            // of the stack since `primop_applied` (strict arguments' frames
            // are gone by now), is popped here, not after a trip round the
            // loop.
            Ok(Step::Value(value)) => {
                if let Some(Frame::PrimOpTrace { .. }) = self.stack.last() {
                    self.stack.pop();
                }
                Ctl::Ret(value)
            }
            Ok(step) => self.step(step),
            Err(error) => err(error),
        }
    }

    fn step(&mut self, step: Step) -> Ctl {
        match step {
            Step::Value(value) => Ctl::Ret(value),
            Step::Force(value, context, task) => {
                self.stack.push(Frame::Task(task));
                if let Some((message, span)) = context {
                    self.stack.push(Frame::Context(message, span));
                }
                Ctl::Force(value)
            }
            Step::Call(func, args, span, task) => {
                self.stack.push(Frame::Task(task));
                self.tail_call(func, args, span)
            }
            Step::Call2(func, [first, second], span, task) => {
                if let Some(value) = self.quick_call2(&func, &first, &second) {
                    self.stack.push(Frame::Task(task));
                    return Ctl::Ret(value);
                }
                self.stack.push(Frame::Task(task));
                self.stack.push(Frame::Apply1 { arg: second, span });
                Ctl::Call(func, first, span)
            }
            Step::TailForce(value) => Ctl::Force(value),
            Step::TailCall(func, args, span) => self.tail_call(func, args, span),
            Step::TailEval(expr, env) => Ctl::Eval(expr, env),
            Step::Eval(expr, env, task) => {
                self.stack.push(Frame::Task(task));
                Ctl::Eval(expr, env)
            }
            Step::TryEval(value) => {
                self.stack.push(Frame::TryEval);
                Ctl::Force(value)
            }
            Step::Then(inner, task) => {
                self.stack.push(Frame::Task(task));
                self.step(*inner)
            }
            Step::WithContext(value, (message, span)) => {
                self.stack.push(Frame::Context(message, span));
                Ctl::Force(value)
            }
            Step::Within(inner, (message, span)) => {
                self.stack.push(Frame::Context(message, span));
                self.step(*inner)
            }
            Step::WithinLine(inner, line) => {
                self.stack.push(Frame::Line(line));
                self.step(*inner)
            }
            Step::Nested(inner, context) => {
                if let Err(mut error) = self.enter_call(self.no_span()) {
                    if let Some(context) = context {
                        error.trace.push(context.into_trace(self));
                    }
                    return err(error);
                }
                self.stack.push(Frame::Level(context));
                self.step(*inner)
            }
        }
    }

    fn tail_call(&mut self, func: Value, mut args: Vec<Value>, span: SrcSpan) -> Ctl {
        if args.len() == 1 {
            if let Some(arg) = args.pop() {
                return Ctl::Call(func, arg, span);
            }
        }
        args.reverse();
        match args.pop() {
            Some(first) => {
                if !args.is_empty() {
                    self.stack.push(Frame::Apply { args, span });
                }
                Ctl::Call(func, first, span)
            }
            None => Ctl::Force(func),
        }
    }

    fn resume(&mut self, frame: Frame, value: Value) -> Ctl {
        match frame {
            Frame::Update(thunk) => {
                if self.observer.is_some() {
                    crate::observer::notify_left(self, &thunk, true);
                }
                thunk.finish(value.clone());
                Ctl::Ret(value)
            }
            Frame::Apply { mut args, span } => match args.pop() {
                Some(arg) => {
                    if !args.is_empty() {
                        self.stack.push(Frame::Apply { args, span });
                    }
                    Ctl::Call(value, arg, span)
                }
                None => Ctl::Ret(value),
            },
            Frame::BindPattern { closure, span } => self.bind_pattern(closure, value, span),
            Frame::CallTrace { .. } => {
                self.leave_call();
                Ctl::Ret(value)
            }
            Frame::PrimOpTrace { .. } | Frame::Context(..) | Frame::Line(_) => Ctl::Ret(value),
            Frame::Level(_) => {
                self.leave_call();
                Ctl::Ret(value)
            }
            Frame::PrimOpArgs(args) => {
                let PrimOpArgs {
                    mut app,
                    index,
                    span,
                } = *args;
                if let Some(slot) = app.args.get_mut(index) {
                    *slot = value;
                }
                self.primop_args(app, index + 1, span)
            }
            Frame::Apply1 { arg, span } => Ctl::Call(value, arg, span),
            Frame::Task(task) => match task.resume(self, value) {
                Ok(step) => self.step(step),
                Err(error) => err(error),
            },
            Frame::TryEval => {
                let attrs = AttrSet::from_unsorted(vec![
                    self.attr(self.syms.success.clone(), Value::Bool(true)),
                    self.attr(self.syms.value.clone(), value),
                ]);
                Ctl::Ret(Value::Attrs(Rc::new(attrs)))
            }
            Frame::BinaryRhs { expr, env } => self.binary_rhs(expr, value, env),
            Frame::BinaryApply { expr, lhs } => {
                // Numbers (`fib (n - 1) + fib (n - 2)`) need no `Step`.
                if let Expr::Binary { op, .. } = &*expr {
                    if let Some(result) = ops::quick_binary(*op, &lhs, &value) {
                        return Ctl::Ret(result);
                    }
                }
                match self.binary(&expr, lhs, value) {
                    Ok(step) => self.step(step),
                    Err(error) => err(error),
                }
            }
            Frame::If {
                then,
                otherwise,
                env,
                span,
            } => match value {
                Value::Bool(true) => Ctl::Eval(then, env),
                Value::Bool(false) => Ctl::Eval(otherwise, env),
                other => err(self
                    .type_error("a Boolean", &other)
                    .with_frame("while evaluating a branch condition", Some(span))),
            },
            Frame::Assert {
                body,
                env,
                text,
                span,
            } => match value {
                Value::Bool(true) => Ctl::Eval(body, env),
                Value::Bool(false) => err(EvalError::at(
                    ErrorKind::AssertionFailed {
                        condition: text.to_string(),
                    },
                    span,
                )),
                other => err(self.type_error("a Boolean", &other).with_frame(
                    format!("while evaluating the condition of the assertion '{text}'"),
                    Some(span),
                )),
            },
            Frame::Not { operand } => match value {
                Value::Bool(b) => Ctl::Ret(Value::Bool(!b)),
                other => {
                    let mut error = self.type_error("a Boolean", &other);
                    error.span = operand;
                    err(error.with_frame("in the argument of '!'", operand))
                }
            },
            Frame::Select {
                expr,
                index,
                env,
                last,
            } => self.select_step(expr, index, env, value, last),
            Frame::SelectTrace { .. } => Ctl::Ret(value),
            Frame::SelectKey {
                expr,
                index,
                env,
                current,
                last,
            } => match value {
                Value::String(name) => {
                    // Borrowed unless the bytes are not UTF-8: no copy of the
                    // key for every `final.${name}`.
                    let key = name.to_str_lossy();
                    self.select_with_name(expr, index, env, current, &key, last)
                }
                other => {
                    let key_span = match &*expr {
                        Expr::Select { path, .. } | Expr::HasAttr { path, .. } => {
                            match path.get(index) {
                                Some(AttrKey::Dynamic(_, span)) => Some(*span),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    let mut error = self.type_error("a string", &other);
                    error.span = key_span;
                    error
                        .trace
                        .push(("while evaluating an attribute name".into(), key_span));
                    select_frames(&mut error, &expr, last.as_ref());
                    err(error)
                }
            },
            Frame::WithLookup { expr, index, env } => {
                let Expr::WithVar { name, .. } = &*expr else {
                    return err(internal("with lookup on a non-with node"));
                };
                match &value {
                    Value::Attrs(attrs) => match attrs.get(name.as_str()) {
                        Some(found) => Ctl::Force(found.clone()),
                        None => self.with_lookup(expr.clone(), index + 1, env),
                    },
                    other => err(self.type_error("a set", other)),
                }
            }
            Frame::Interpolate(state) => self.interpolate_part(state, value),
            Frame::Overrides(state) => {
                // `rec { __overrides = { … }; … }`: each override replaces the
                // attribute and, for static ones, the variable the set's own
                // values see.
                let DynamicAttrs {
                    def,
                    env,
                    mut attrs,
                    ..
                } = *state;
                let Value::Attrs(overrides) = &value else {
                    return err(self.type_error("a set", &value));
                };
                for attr in overrides.entries() {
                    if let Some(slot) = def.statics.iter().position(|s| s.name == attr.name) {
                        env.set(slot, attr.value.clone());
                    }
                    match attrs.iter_mut().find(|a| a.name == attr.name) {
                        Some(existing) => existing.value = attr.value.clone(),
                        None => attrs.push(attr.clone()),
                    }
                }
                attrs.sort_by(|a, b| a.name.cmp(&b.name));
                if def.dynamics.is_empty() {
                    return Ctl::Ret(Value::Attrs(Rc::new(AttrSet::from_sorted(attrs))));
                }
                self.next_dynamic_attr(def, 0, env, attrs)
            }
            Frame::DynamicAttr(state) => {
                let DynamicAttrs {
                    def,
                    index,
                    env,
                    mut attrs,
                } = *state;
                let Some(dynamic) = def.dynamics.get(index) else {
                    return err(internal("dynamic attribute out of range"));
                };
                match value {
                    Value::Null => {}
                    Value::String(name) => {
                        let name = name.to_str_lossy().into_owned();
                        if let Some(previous) = attrs.iter().find(|a| a.name.as_str() == name) {
                            let previous = previous
                                .pos
                                .map(|p| self.sources.position(p))
                                .unwrap_or_default();
                            return err(EvalError::at(
                                ErrorKind::DuplicateAttribute {
                                    name,
                                    previous,
                                    dynamic: true,
                                },
                                dynamic.pos,
                            ));
                        }
                        let symbol = self.interner.intern(&name);
                        let value = self.make_thunk(&dynamic.value, &env);
                        attrs.push(Attr {
                            name: symbol,
                            value,
                            pos: Some(dynamic.pos),
                        });
                    }
                    other => {
                        return err(self.type_error("a string", &other).with_frame(
                            "while evaluating the name of a dynamic attribute",
                            Some(dynamic.pos),
                        ))
                    }
                }
                self.next_dynamic_attr(def, index + 1, env, attrs)
            }
        }
    }

    fn bind_pattern(&mut self, closure: Rc<Closure>, arg: Value, span: SrcSpan) -> Ctl {
        let Param::Pattern {
            formals,
            ellipsis,
            bind,
        } = &closure.def.param
        else {
            return err(internal("pattern binding on an identifier lambda"));
        };
        let Value::Attrs(attrs) = &arg else {
            return err(self
                .type_error("a set", &arg)
                .with_frame("from call site", Some(span)));
        };
        let function = closure.def.name.as_ref().map_or_else(
            || "anonymous lambda".to_string(),
            |n| n.as_str().to_string(),
        );
        let env = Env::new(closure.def.env_size as usize, Some(closure.env.clone()));
        for (index, formal) in formals.iter().enumerate() {
            let value = match attrs.get(formal.name.as_str()) {
                Some(value) => value.clone(),
                None => match &formal.default {
                    Some(default) => self.make_thunk_in(default, &env),
                    None => {
                        return err(EvalError::at(
                            ErrorKind::MissingArgument {
                                function,
                                name: formal.name.as_str().to_string(),
                            },
                            closure.def.span,
                        )
                        .with_frame("from call site", Some(span)))
                    }
                },
            };
            env.set(index, value);
        }
        if !ellipsis {
            for attr in attrs.entries() {
                if !formals.iter().any(|f| f.name == attr.name) {
                    let names: Vec<&str> = formals.iter().map(|f| f.name.as_str()).collect();
                    let mut error = EvalError::at(
                        ErrorKind::UnexpectedArgument {
                            function,
                            name: attr.name.as_str().to_string(),
                        },
                        closure.def.span,
                    )
                    .with_frame("from call site", Some(span));
                    if let Some(note) = crate::suggestions::did_you_mean(attr.name.as_str(), &names)
                    {
                        error.notes.push(note);
                    }
                    return err(error);
                }
            }
        }
        if bind.is_some() {
            env.set(formals.len(), arg.clone());
        }
        if let Err(error) = self.enter_call(span) {
            return err(error);
        }
        let body = closure.def.body.clone();
        self.stack.push(Frame::CallTrace { closure, span });
        Ctl::Eval(body, env)
    }

    /// Counts a function call about to start, or refuses it past
    /// `max-call-depth` (checked before counting, as Nix does, so the
    /// limit-th + 2 nested call is the one that fails).
    fn enter_call(&mut self, span: SrcSpan) -> Result<(), EvalError> {
        if self.call_depth > self.config.max_call_depth {
            return Err(EvalError::at(
                ErrorKind::MaxCallDepth {
                    limit: self.config.max_call_depth,
                },
                span,
            ));
        }
        self.call_depth += 1;
        Ok(())
    }

    /// The value of `value` in weak head normal form when that needs no
    /// trip through the machine: it is one, or a finished thunk, or a thunk
    /// [`quick::settle`] computes at once (then it is forced here, exactly
    /// as forcing it would). `None` when forcing has work to do. Builtins
    /// that are about to force every element of a list (`force_each`) use
    /// it to skip a frame and a trip per element. Never settles with an
    /// observer installed, which must see every force.
    pub(crate) fn settled(&self, value: &Value) -> Option<Value> {
        let Value::Thunk(thunk) = value else {
            return Some(value.clone());
        };
        if let Some(done) = thunk.value() {
            return Some(done);
        }
        if self.observer.is_some() {
            return None;
        }
        quick::settle(thunk, self.calls_allowed())
    }

    /// Whether a function call may start now: [`Vm::enter_call`] would not
    /// refuse it. Fast paths that run a call inline check this first, so
    /// `max-call-depth` stops the same call it stops on the slow path.
    fn calls_allowed(&self) -> bool {
        self.call_depth <= self.config.max_call_depth
    }

    /// Counts a function call that has returned or unwound.
    fn leave_call(&mut self) {
        self.call_depth = self.call_depth.saturating_sub(1);
    }

    fn select_step(
        &mut self,
        expr: ExprRef,
        index: usize,
        env: Rc<Env>,
        current: Value,
        last: Option<FoundAttr>,
    ) -> Ctl {
        let (path, is_has) = match &*expr {
            Expr::Select { path, .. } => (path, false),
            Expr::HasAttr { path, .. } => (path, true),
            _ => return err(internal("select frame on a non-select node")),
        };
        let Some(key) = path.get(index) else {
            return Ctl::Ret(if is_has { Value::Bool(true) } else { current });
        };
        match key {
            AttrKey::Static(name) => {
                let name = name.clone();
                self.select_with_name(expr.clone(), index, env, current, name.as_str(), last)
            }
            AttrKey::Dynamic(key_expr, _) => {
                let key_expr = key_expr.clone();
                // A name known at once (`prev.${name i}`, `final."p${toString
                // i}"`) needs no frame and no trip round the loop; it is
                // what evaluating the key now would give, and cannot fail.
                if self.observer.is_none() {
                    if let Some(Value::String(name)) = self.quick_key(&key_expr, &env) {
                        let key = name.to_str_lossy();
                        return self.select_with_name(expr, index, env, current, &key, last);
                    }
                }
                self.stack.push(Frame::SelectKey {
                    expr: expr.clone(),
                    index,
                    env: env.clone(),
                    current,
                    last,
                });
                Ctl::Eval(key_expr, env)
            }
        }
    }

    fn select_with_name(
        &mut self,
        expr: ExprRef,
        index: usize,
        env: Rc<Env>,
        current: Value,
        name: &str,
        _last: Option<FoundAttr>,
    ) -> Ctl {
        let (path_len, default, span, is_has) = match &*expr {
            Expr::Select {
                path,
                default,
                span,
                ..
            } => (path.len(), default.clone(), *span, false),
            Expr::HasAttr { path, span, .. } => (path.len(), None, *span, true),
            _ => return err(internal("select frame on a non-select node")),
        };
        if self.observer.is_some() {
            crate::observer::notify_selected(self, &current, name, span);
        }
        let found = match &current {
            Value::Attrs(attrs) => match attrs.get_attr(name) {
                Some(attr) => Ok(attr.clone()),
                None => Err(Some(attrs.clone())),
            },
            _ => Err(None),
        };
        match found {
            Ok(attr) => {
                if is_has && index + 1 == path_len {
                    return Ctl::Ret(Value::Bool(true));
                }
                let found = FoundAttr {
                    name: attr.name,
                    pos: attr.pos,
                };
                if index + 1 < path_len {
                    self.stack.push(Frame::Select {
                        expr,
                        index: index + 1,
                        env,
                        last: (!is_has).then_some(found),
                    });
                } else if let Value::Thunk(thunk) = &attr.value {
                    if thunk.value().is_none() {
                        self.stack.push(Frame::SelectTrace { expr, last: found });
                    }
                }
                self.force(attr.value)
            }
            Err(attrs) => {
                if is_has {
                    return Ctl::Ret(Value::Bool(false));
                }
                if let Some(default) = default {
                    return Ctl::Eval(default, env);
                }
                match attrs {
                    Some(attrs) => {
                        let names: Vec<&str> =
                            attrs.entries().iter().map(|a| a.name.as_str()).collect();
                        let mut error = EvalError::at(
                            ErrorKind::MissingAttribute {
                                name: name.to_string(),
                            },
                            span,
                        );
                        if let Some(note) = crate::suggestions::did_you_mean(name, &names) {
                            error.notes.push(note);
                        }
                        err(error)
                    }
                    None => err(self
                        .type_error("a set", &current)
                        .with_frame("while selecting an attribute", Some(span))),
                }
            }
        }
    }

    /// A type mismatch error for `value`, e.g. `expected a set but found …`.
    pub fn type_error(&self, expected: &str, value: &Value) -> EvalError {
        EvalError::new(
            ErrorKind::TypeMismatch {
                expected: expected.to_string(),
                found: value.type_phrase().to_string(),
                value: printer::error_value(self, value),
            },
            None,
        )
    }

    /// The value of a dynamic attribute name when it needs no frame: a
    /// ready value, a string whose parts are all ready, or a call whose body
    /// [`quick::call_body`] computes. Never with an observer.
    fn quick_key(&self, key: &ExprRef, env: &Rc<Env>) -> Option<Value> {
        let calls = self.calls_allowed();
        match &**key {
            Expr::Interpolate {
                parts,
                is_path: false,
                ..
            } => quick::ready_string(parts, env, calls),
            Expr::Apply { .. } if calls => quick::call_value(key, env),
            _ => quick::ready_value(key, env),
        }
    }

    /// [`quick::int_to_string_part`] in `env`.
    fn int_to_string_part(&self, part: &ExprRef, env: &Rc<Env>) -> Option<i64> {
        quick::int_to_string_part(part, env, self.calls_allowed())
    }

    /// [`quick::ready_parts`] in `env`. Never with an observer.
    fn ready_parts(
        &self,
        parts: &[ExprRef],
        from: usize,
        env: &Rc<Env>,
        text: &mut Vec<u8>,
        context: &mut Vec<Rc<str>>,
    ) -> Option<usize> {
        quick::ready_parts(parts, from, env, self.calls_allowed(), text, context)
    }

    /// Appends the computed part `state.index` and moves on: literal parts
    /// are appended at once, any other is evaluated with the same box pushed
    /// back as its frame (one allocation per string, not per part).
    fn interpolate_part(&mut self, mut state: Box<Interpolation>, mut value: Value) -> Ctl {
        let expr = state.expr.clone();
        let Expr::Interpolate {
            parts,
            is_path,
            span,
        } = &*expr
        else {
            return err(internal("interpolation frame on another node"));
        };
        'parts: loop {
            match &value {
                Value::String(s) => {
                    state.acc.extend_from_slice(&s.bytes);
                    state.context.extend(s.context.iter().cloned());
                }
                // Only a path expression (`./a/${x}`) starts with a path; a
                // string literal copies an interpolated path to the store.
                Value::Path(p) if state.index == 0 && *is_path => {
                    state.acc.extend_from_slice(p.as_bytes());
                    state.path = true;
                }
                Value::Path(p) if state.path => state.acc.extend_from_slice(p.as_bytes()),
                other => {
                    // Coerce, then come back to this same frame with a string.
                    let mode = if state.path || *is_path {
                        CoerceMode::Interpolation { copy_paths: false }
                    } else {
                        CoerceMode::Interpolation { copy_paths: true }
                    };
                    let other = other.clone();
                    self.stack.push(Frame::Interpolate(state));
                    self.stack.push(Frame::Context(
                        "while evaluating a path segment".into(),
                        Some(*span),
                    ));
                    return match coerce::coerce_to_string(self, other, mode) {
                        Ok(step) => self.step(step),
                        Err(error) => err(error),
                    };
                }
            }
            // On to the next part that needs the machine; parts whose text is
            // known at once are appended on the way.
            loop {
                let next = state.index + 1;
                let Some(part) = parts.get(next) else {
                    break 'parts;
                };
                state.index = next;
                if let Expr::Const(literal @ Value::String(_)) = &**part {
                    value = literal.clone();
                    break;
                }
                // A part that is a ready value (`${name}`) is what evaluating
                // it would return: no frame, no trip round the loop.
                // `toString` of an integer (`"a${toString i}"`) is written in
                // place, without the builtin's call or its string. Neither
                // can fail; neither with an observer, which sees every force.
                if self.observer.is_none() {
                    if let Some(ready) = quick::ready_value(part, &state.env) {
                        value = ready;
                        break;
                    }
                    if let Some(int) = self.int_to_string_part(part, &state.env) {
                        coerce::push_decimal(&mut state.acc, int);
                        continue;
                    }
                }
                let env = state.env.clone();
                self.stack.push(Frame::Interpolate(state));
                return Ctl::Eval(part.clone(), env);
            }
        }
        let Interpolation {
            acc, context, path, ..
        } = *state;
        if path {
            let text = String::from_utf8_lossy(&acc).into_owned();
            Ctl::Ret(Value::Path(Rc::from(crate::paths::canonicalize(&text))))
        } else {
            Ctl::Ret(Value::String(Rc::new(NixString::with_context(
                acc, context,
            ))))
        }
    }
}

/// "while evaluating the attribute 'a.b'" and "from the definition of 'b'"
/// for an error inside a select, innermost first.
fn select_frames(error: &mut EvalError, expr: &ExprRef, last: Option<&FoundAttr>) {
    let Some(last) = last else { return };
    let Expr::Select { path, span, .. } = &**expr else {
        return;
    };
    error
        .trace
        .push((format!("from the definition of '{}'", last.name), last.pos));
    error.trace.push((
        format!(
            "while evaluating the attribute '{}'",
            crate::compiler::attr_path_text(path)
        ),
        Some(*span),
    ));
}

/// Leaves each thunk a failed force ended holding the error, as it was when
/// it stopped unwinding (one shared copy for all of them).
fn remember_failure(failed: Vec<Rc<Thunk>>, error: &EvalError) {
    if failed.is_empty() {
        return;
    }
    let shared = Rc::new(error.clone());
    for thunk in failed {
        thunk.fail(shared.clone());
    }
}

fn pending(expr: &ExprRef, env: &Rc<Env>) -> Value {
    Value::Thunk(Thunk::shared(ThunkState::Pending(
        expr.clone(),
        env.clone(),
    )))
}

/// An internal-invariant error.
pub fn internal(message: &str) -> EvalError {
    EvalError::new(
        ErrorKind::Internal {
            message: message.to_string(),
        },
        None,
    )
}

/// "first", "second", … for argument positions.
pub fn ordinal(index: usize) -> &'static str {
    match index {
        0 => "first",
        1 => "second",
        2 => "third",
        3 => "fourth",
        _ => "next",
    }
}
