//! fixpoint-eval: a lazy Nix evaluator that tells the truth and never crashes.
//!
//! The entry point is [`Evaluator`]: give it an [`EvalIo`] (the host's files and
//! environment) and [`EvalOptions`], then call [`Evaluator::eval_source`] or
//! [`Evaluator::eval_file`]. Every call returns an [`Outcome`]: the printed value
//! (exactly as `nix-instantiate --eval --strict` prints it) or a structured
//! [`Diagnostic`], plus the `trace`/`warn` events collected on the way.
//!
//! Inside: `loader` parses with rnix and `compiler` lowers the tree to an IR
//! with resolved variables; `vm` runs it on an explicit frame stack; `value`
//! holds the runtime data; `builtins` is the primop registry; `printer`
//! renders values; `diagnostics` renders errors.
//!
//! Invariants:
//! - does no I/O of its own: files, directories, symbolic links, the
//!   environment and the clock come from the [`EvalIo`] trait ([`MemoryIo`]
//!   in the browser, a real file system in the CLI);
//! - never recurses on the native stack in proportion to the program: forcing,
//!   equality, printing and deep builtins run on explicit work stacks, so a
//!   100 000-deep thunk chain evaluates in a 1 MiB stack;
//! - never panics on user input; runaway programs end with a step-budget or
//!   cancellation error;
//! - positions are byte offsets into the source; nothing here knows about the
//!   DOM, UTF-16 or colours.
//!
//! ```
//! use fixpoint_eval::{EvalOptions, Evaluator, MemoryIo};
//! let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default());
//! let outcome = evaluator.eval_source("/workspace/main.nix", "let x = 1; in x + 2");
//! assert_eq!(outcome.value.as_deref(), Some("3"));
//! ```
//!
//! Tests live in `tests/` (language tests, deep-structure tests on a 1 MiB
//! stack) and in each module.
#![deny(missing_docs)]

pub mod builtins;
pub mod compiler;
pub mod derivations;
pub mod diagnostics;
mod embedding;
mod errors;
pub mod io;
mod line_index;
mod loader;
pub mod observer;
pub mod paths;
pub mod printer;
pub mod source;
mod suggestions;
pub mod symbols;
pub mod value;
pub mod vm;

pub use diagnostics::{Diagnostic, ErrorKind, Severity, Span, TraceFrame};
pub use errors::{EvalError, EvalResult};
pub use io::{EvalIo, IoError, MemoryIo, PathKind};
pub use line_index::LineIndex;
pub use loader::ParseCache;

use std::rc::Rc;

use value::{AttrSet, Value};
use vm::{Step, Vm, VmConfig};

/// How the result is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Nix syntax, as `nix-instantiate --eval`.
    Nix,
    /// JSON, as `--json`.
    Json,
    /// XML, as `--xml`.
    Xml,
}

/// A `--arg` / `--argstr` value for the top-level function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoArg {
    /// `--arg name EXPR`: a Nix expression.
    Expr(String),
    /// `--argstr name STRING`: a string.
    Str(String),
}

/// Evaluation settings.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    /// Force the result deeply before printing (`--strict`).
    pub strict: bool,
    /// Output format.
    pub output: OutputFormat,
    /// Print positions in XML output (`--no-location` turns this off).
    pub location: bool,
    /// Stop after this many machine steps.
    pub step_budget: Option<u64>,
    /// Nix's `--max-call-depth`: the most function calls active at once
    /// (10 000 by default, as in Nix).
    pub max_call_depth: u32,
    /// `-I` entries: `(prefix, path)`; an empty prefix is a plain directory.
    pub search_path: Vec<(String, String)>,
    /// `builtins.currentSystem`.
    pub current_system: String,
    /// `--arg` / `--argstr` values.
    pub auto_args: Vec<(String, AutoArg)>,
    /// Render all trace frames.
    pub show_trace: bool,
    /// `-A ATTRPATH`: print this attribute (dot-separated; numbers index
    /// lists) of the result instead of the whole; empty for the whole.
    pub attr_path: String,
    /// The directory relative paths in `--arg` expressions resolve against
    /// (the shell's working directory for `nix-instantiate`).
    pub working_dir: String,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            strict: true,
            output: OutputFormat::Nix,
            location: true,
            step_budget: None,
            max_call_depth: vm::DEFAULT_MAX_CALL_DEPTH,
            search_path: Vec::new(),
            current_system: "x86_64-linux".to_string(),
            auto_args: Vec::new(),
            show_trace: false,
            attr_path: String::new(),
            working_dir: "/".to_string(),
        }
    }
}

/// The result of one evaluation.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The printed value, if evaluation succeeded.
    pub value: Option<String>,
    /// The error, if it failed.
    pub error: Option<Diagnostic>,
    /// `trace` and `warn` events, in order.
    pub events: Vec<Diagnostic>,
    /// Machine steps taken.
    pub steps: u64,
}

/// A Nix evaluator bound to a host.
pub struct Evaluator {
    vm: Vm,
    options: EvalOptions,
}

impl Evaluator {
    /// An evaluator reading files and environment through `io`.
    pub fn new(io: Box<dyn EvalIo>, options: EvalOptions) -> Self {
        let config = VmConfig {
            search_path: options.search_path.clone(),
            current_system: options.current_system.clone(),
            step_budget: options.step_budget,
            max_call_depth: options.max_call_depth,
        };
        Evaluator {
            vm: Vm::new(io, config),
            options,
        }
    }

    /// Installs a cancellation check, polled every few thousand steps;
    /// returning `true` stops evaluation with a `Cancelled` error.
    pub fn set_interrupt(&mut self, check: Box<dyn FnMut() -> bool>) {
        self.vm.interrupt = Some(check);
    }

    /// Evaluates `source` as if it were the file at the absolute `path`.
    pub fn eval_source(&mut self, path: &str, source: &str) -> Outcome {
        self.run_outcome(|this| {
            let expr = loader::load(&mut this.vm, path, source)?;
            this.eval_and_print(expr)
        })
    }

    fn run_outcome(&mut self, run: impl FnOnce(&mut Self) -> EvalResult<String>) -> Outcome {
        self.vm.import_cache.clear();
        self.vm.events.clear();
        let start_steps = self.vm.steps;
        let result = run(self);
        let events = std::mem::take(&mut self.vm.events)
            .into_iter()
            .map(|event| {
                let severity = match event.kind {
                    ErrorKind::Warning { .. } => Severity::Warning,
                    _ => Severity::Trace,
                };
                let mut diagnostic =
                    Diagnostic::error(event.kind, event.span.map(|s| self.vm.sources.to_span(s)));
                diagnostic.severity = severity;
                diagnostic.trace = event
                    .frames
                    .into_iter()
                    .map(|message| TraceFrame {
                        message,
                        span: None,
                    })
                    .collect();
                diagnostic
            })
            .collect();
        let steps = self.vm.steps - start_steps;
        match result {
            Ok(value) => Outcome {
                value: Some(value),
                error: None,
                events,
                steps,
            },
            Err(error) => Outcome {
                value: None,
                error: Some(self.to_diagnostic(error)),
                events,
                steps,
            },
        }
    }

    /// Evaluates an expression given on the command line (`-E`): it is named
    /// `«string»` in messages and relative paths resolve against `base_dir`.
    pub fn eval_expr_string(&mut self, base_dir: &str, source: &str) -> Outcome {
        self.run_outcome(|this| {
            let expr = loader::load_in(&mut this.vm, "«string»", base_dir, source)?;
            this.eval_and_print(expr)
        })
    }

    /// Reads the file at `path` through the host and evaluates it.
    pub fn eval_file(&mut self, path: &str) -> Outcome {
        match self.vm.io.read_file(path) {
            // Bytes, not text: string literals may hold any bytes.
            Ok(bytes) => self.run_outcome(|this| {
                let expr = loader::load_bytes(&mut this.vm, path, &bytes, &[])?;
                this.eval_and_print(expr)
            }),
            Err(error) => Outcome {
                value: None,
                error: Some(Diagnostic::error(
                    ErrorKind::Io {
                        message: error.to_string(),
                    },
                    None,
                )),
                events: Vec::new(),
                steps: 0,
            },
        }
    }

    /// The text of a file the evaluator has read (for rendering diagnostics).
    pub fn source_of(&self, path: &str) -> Option<String> {
        self.vm.sources.text_of(path).map(|text| text.to_string())
    }

    /// [`Evaluator::source_of`] without copying: the registered text itself,
    /// the same `Rc` for every evaluator that pinned it from one
    /// [`ParseCache`].
    pub fn shared_source_of(&self, path: &str) -> Option<Rc<str>> {
        self.vm.sources.text_of(path)
    }

    /// Evaluates `source` to a value in weak head normal form, without printing.
    // The public error type is the full `Diagnostic`, as agreed with the UI.
    #[allow(clippy::result_large_err)]
    pub fn eval_value(&mut self, path: &str, source: &str) -> Result<Value, Diagnostic> {
        let result = loader::load(&mut self.vm, path, source).and_then(|expr| {
            let env = self.vm.root_env.clone();
            self.vm.eval_expr(expr, env)
        });
        result.map_err(|error| self.to_diagnostic(error))
    }

    /// Forces a value to weak head normal form.
    #[allow(clippy::result_large_err)]
    pub fn force(&mut self, value: Value) -> Result<Value, Diagnostic> {
        let result = self.vm.force_value(value);
        result.map_err(|error| self.to_diagnostic(error))
    }

    fn eval_and_print(&mut self, expr: compiler::ExprRef) -> EvalResult<String> {
        let env = self.vm.root_env.clone();
        let value = self.vm.eval_expr(expr, env)?;
        self.print_result(value)
    }

    /// The result `value` of a file or expression, called, selected,
    /// forced and printed as the options say.
    fn print_result(&mut self, mut value: Value) -> EvalResult<String> {
        value = self.auto_call(value)?;
        value = self.select_attr_path(value)?;
        if self.options.strict {
            value = self.vm.run_step(vm::deep_force(value.clone(), value))?;
        }
        match self.options.output {
            OutputFormat::Nix => Ok(printer::print(
                &self.vm,
                &value,
                printer::PrintOptions::OUTPUT,
            )),
            OutputFormat::Json => {
                let step = builtins::json::to_json(value);
                match self.vm.run_step(step)? {
                    Value::String(s) => Ok(s.to_str_lossy().into_owned()),
                    _ => Err(vm::internal("JSON printing returned a non-string")),
                }
            }
            OutputFormat::Xml => {
                // Already deep-forced when strict; `strict` here only decides
                // whether thunks met print as `<unevaluated />`.
                let step =
                    builtins::xml::value_to_xml(value, self.options.strict, self.options.location);
                // The document ends with a newline, and `nix-instantiate`
                // prints none after it; every output here comes without its
                // final newline, so drop it.
                match self.vm.run_step(step)? {
                    Value::String(s) => {
                        let text = s.to_str_lossy();
                        Ok(text.strip_suffix('\n').unwrap_or(&text).to_string())
                    }
                    _ => Err(vm::internal("XML printing returned a non-string")),
                }
            }
        }
    }

    /// `-A`: walks the attribute path as `nix-instantiate` does, forcing and
    /// auto-calling each value on the way, with Nix's error texts.
    fn select_attr_path(&mut self, mut value: Value) -> EvalResult<Value> {
        let path = self.options.attr_path.clone();
        if path.is_empty() {
            return Ok(value);
        }
        for component in path.split('.') {
            value = self.vm.force_value(value)?;
            let index = component.parse::<usize>().ok();
            value = match (&value, index) {
                (Value::List(items), Some(index)) => match items.get(index) {
                    Some(item) => item.clone(),
                    None => {
                        return Err(EvalError::builtin(format!(
                            "list index {index} in selection path '{path}' is out of range"
                        )))
                    }
                },
                (_, Some(_)) => {
                    return Err(EvalError::builtin(format!(
                        "the expression selected by the selection path '{path}' should be a list but is {}",
                        value.type_phrase()
                    )))
                }
                (Value::Attrs(attrs), None) => match attrs.get(component) {
                    Some(found) => found.clone(),
                    None => {
                        return Err(EvalError::builtin(format!(
                            "attribute '{component}' in selection path '{path}' not found"
                        )))
                    }
                },
                (_, None) => {
                    return Err(EvalError::builtin(format!(
                        "the expression selected by the selection path '{path}' should be a set but is {}",
                        value.type_phrase()
                    )))
                }
            };
            value = self.auto_call(value)?;
        }
        Ok(value)
    }

    /// `nix-instantiate` calls a top-level function with formals with the
    /// `--arg`/`--argstr` values.
    fn auto_call(&mut self, value: Value) -> EvalResult<Value> {
        let is_pattern = match &value {
            Value::Lambda(closure) => matches!(closure.def.param, compiler::Param::Pattern { .. }),
            Value::Attrs(attrs) => attrs.get(self.vm.syms.functor.as_str()).is_some(),
            _ => false,
        };
        if !is_pattern {
            return Ok(value);
        }
        let mut entries = Vec::new();
        for (name, arg) in self.options.auto_args.clone() {
            let arg_value = match arg {
                AutoArg::Str(text) => Value::string(text),
                AutoArg::Expr(text) => {
                    let dir = self.options.working_dir.clone();
                    let expr = loader::load_in(&mut self.vm, "«string»", &dir, &text)?;
                    let env = self.vm.root_env.clone();
                    self.vm.make_thunk(&expr, &env)
                }
            };
            let symbol = self.vm.interner.intern(&name);
            entries.push(self.vm.attr(symbol, arg_value));
        }
        let args = Value::Attrs(Rc::new(AttrSet::from_unsorted(entries)));
        let span = self.vm.no_span();
        self.vm.run_step(Step::TailCall(value, vec![args], span))
    }

    fn to_diagnostic(&self, error: EvalError) -> Diagnostic {
        let error = error.into_data();
        let sources = &self.vm.sources;
        let valid = |span: source::SrcSpan| sources.file(span.file).is_some();
        let mut diagnostic = Diagnostic::error(
            error.kind,
            error.span.filter(|s| valid(*s)).map(|s| sources.to_span(s)),
        );
        let frames = error.trace.len();
        diagnostic.omitted = error
            .omitted
            .map(|(at, count)| (frames.saturating_sub(at), count));
        diagnostic.trace = error
            .trace
            .into_iter()
            .rev()
            .map(|(message, span)| TraceFrame {
                message,
                span: span.filter(|s| valid(*s)).map(|s| sources.to_span(s)),
            })
            .collect();
        diagnostic.notes = error.notes;
        diagnostic
    }
}
