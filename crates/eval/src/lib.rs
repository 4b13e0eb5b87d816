//! fixpoint-eval: a lazy Nix evaluator that tells the truth and never crashes.
//!
//! The entry point is [`Evaluator`]: give it an [`EvalIo`] (the host's files and
//! environment) and [`EvalOptions`], then call [`Evaluator::eval_source`] or
//! [`Evaluator::eval_file`]. Every call returns an [`Outcome`]: the printed value
//! (exactly as `nix-instantiate --eval --strict` prints it) or a structured
//! [`Diagnostic`], plus the `trace`/`warn` events collected on the way.
//!
//! Invariants:
//! - does no I/O of its own: files, directories and the environment come from the
//!   [`EvalIo`] trait ([`MemoryIo`] in the browser, a real file system in the CLI);
//! - never recurses on the native stack in proportion to the program: forcing,
//!   equality, printing and deep builtins run on explicit work stacks, so a
//!   100 000-deep thunk chain evaluates in a 1 MiB stack;
//! - never panics on user input; runaway programs end with a step-budget or
//!   cancellation error;
//! - positions are byte offsets into the source (`TextRange`); nothing here
//!   knows about the DOM, UTF-16 or colours.
//!
//! Tests live in `tests/` (the conformance runner over `../shared/conformance`,
//! the differential test against real Nix) and in each module.
#![deny(missing_docs)]
