//! What an embedder (the override engine, the playground) needs beyond
//! evaluating a file: extra global names, forcing one value under its own
//! step budget, and public spans for the compact spans values carry.
//!
//! Extra globals behave like `builtins`' unprefixed names: they sit in the
//! root environment, so lexical bindings (including function formals) shadow
//! them and `with` does not. They must be defined before the code that uses
//! them is loaded; code loaded earlier does not see them.
//!
//! Tests: `embedding_*` at the bottom of this file.

use crate::diagnostics::{Diagnostic, Span};
use crate::source::SrcSpan;
use crate::value::{Env, Value};
use crate::{loader, Evaluator, Outcome, OutputFormat};

// The same error type as `Evaluator::eval_value` and `Evaluator::force`.
#[allow(clippy::result_large_err)]
impl Evaluator {
    /// Binds `name` in the global scope of every file loaded from now on to
    /// the lazily evaluated `source` (registered as the file `path`, so its
    /// errors point there). Redefining a name replaces it for later loads.
    pub fn define_global(
        &mut self,
        name: &str,
        path: &str,
        source: &str,
    ) -> Result<(), Diagnostic> {
        let expr = match loader::load(&mut self.vm, path, source) {
            Ok(expr) => expr,
            Err(error) => return Err(self.to_diagnostic(error)),
        };
        let root = self.vm.root_env.clone();
        let value = self.vm.make_thunk(&expr, &root);
        let count = self
            .vm
            .globals
            .values()
            .map(|slot| *slot as usize + 1)
            .max()
            .unwrap_or(0);
        let mut slots: Vec<Value> = (0..count)
            .map(|slot| {
                u32::try_from(slot)
                    .ok()
                    .and_then(|slot| root.lookup(0, slot))
                    .unwrap_or(Value::Null)
            })
            .collect();
        let symbol = self.vm.interner.intern(name);
        match self.vm.globals.get(&symbol).copied() {
            Some(slot) => {
                if let Some(place) = slots.get_mut(slot as usize) {
                    *place = value;
                }
            }
            None => {
                let slot = u32::try_from(slots.len()).unwrap_or(u32::MAX);
                slots.push(value);
                self.vm.globals.insert(symbol, slot);
            }
        }
        self.vm.root_env = Env::with_slots(slots, None);
        Ok(())
    }

    /// Registers the files of the host's [`crate::ParseCache`] (if it has
    /// one) in this evaluator's source map, so that loading them is served
    /// from the cache. Call it right after [`Evaluator::new`], the same way
    /// for every evaluator sharing the cache: the first one fixes the files'
    /// ids, and an evaluator where they land elsewhere loads them afresh.
    pub fn pin_cached_sources(&mut self) {
        if let Some(cache) = self.vm.io.parse_cache() {
            cache.pin(&mut self.vm.sources);
        }
    }

    /// Prints `value` as [`Evaluator::eval_file`] prints a file whose value
    /// it is (called if it is a function with formals, forced deeply, as
    /// Nix or JSON), with at most `steps` more machine steps. For an
    /// embedder that already holds the value: what was forced before is
    /// not forced again, so trace events raised then are not in the
    /// outcome, and the steps are only this call's.
    pub fn print_value(&mut self, value: Value, output: OutputFormat, steps: u64) -> Outcome {
        let saved_budget = self.vm.config.step_budget;
        let local = self.vm.steps.saturating_add(steps);
        self.vm.config.step_budget = Some(saved_budget.map_or(local, |all| all.min(local)));
        let saved = (self.options.strict, self.options.output);
        self.options.strict = true;
        self.options.output = output;
        let outcome = self.run_outcome(|this| this.print_result(value));
        (self.options.strict, self.options.output) = saved;
        self.vm.config.step_budget = saved_budget;
        outcome
    }

    /// Forces `value` to weak head normal form, allowing at most `steps`
    /// machine steps for this call (on top of any overall budget).
    pub fn force_within(&mut self, value: Value, steps: u64) -> Result<Value, Diagnostic> {
        let saved = self.vm.config.step_budget;
        let local = self.vm.steps.saturating_add(steps);
        self.vm.config.step_budget = Some(saved.map_or(local, |overall| overall.min(local)));
        let result = self.vm.force_value(value);
        self.vm.config.step_budget = saved;
        result.map_err(|error| self.to_diagnostic(error))
    }

    /// The public form of a span carried by a value or an observer event;
    /// `None` for internal spans that name no file.
    pub fn public_span(&self, span: SrcSpan) -> Option<Span> {
        self.vm.sources.file(span.file)?;
        Some(self.vm.sources.to_span(span))
    }

    /// The `trace`/`warn` events raised since the last call (or the last
    /// `eval_*` call), for embedders that evaluate with
    /// [`Evaluator::eval_value`] and [`Evaluator::force_within`].
    pub fn take_events(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.vm.events)
            .into_iter()
            .map(|event| {
                let severity = match event.kind {
                    crate::ErrorKind::Warning { .. } => crate::Severity::Warning,
                    _ => crate::Severity::Trace,
                };
                let span = event.span.and_then(|span| self.public_span(span));
                let mut diagnostic = Diagnostic::error(event.kind, span);
                diagnostic.severity = severity;
                diagnostic.trace = event
                    .frames
                    .into_iter()
                    .map(|message| crate::TraceFrame {
                        message,
                        span: None,
                    })
                    .collect();
                diagnostic
            })
            .collect()
    }

    /// Machine steps taken by this evaluator so far.
    pub fn steps_taken(&self) -> u64 {
        self.vm.steps
    }
}

#[cfg(test)]
mod tests {
    use crate::{EvalOptions, Evaluator, MemoryIo};

    #[test]
    fn embedding_globals_are_visible_and_shadowable() {
        let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default());
        assert!(evaluator
            .define_global("answer", "/prelude/answer.nix", "40 + 2")
            .is_ok());
        let outcome = evaluator.eval_source("/w/a.nix", "answer + 1");
        assert_eq!(outcome.value.as_deref(), Some("43"));
        let shadowed = evaluator.eval_source("/w/b.nix", "(answer: answer) 7");
        assert_eq!(shadowed.value.as_deref(), Some("7"));
        let with = evaluator.eval_source("/w/c.nix", "with { answer = 1; }; answer");
        assert_eq!(with.value.as_deref(), Some("42"));
    }

    #[test]
    fn embedding_force_within_stops_a_loop() {
        let mut evaluator = Evaluator::new(Box::new(MemoryIo::new()), EvalOptions::default());
        let value = evaluator.eval_value("/w/a.nix", "let f = x: f x; in { a = f 1; b = 2; }");
        let Ok(crate::value::Value::Attrs(attrs)) = value else {
            panic!("expected a set");
        };
        let looping = attrs.get("a").cloned().unwrap_or(crate::value::Value::Null);
        assert!(evaluator.force_within(looping, 10_000).is_err());
        let fine = attrs.get("b").cloned().unwrap_or(crate::value::Value::Null);
        assert!(matches!(
            evaluator.force_within(fine, 10_000),
            Ok(crate::value::Value::Int(2))
        ));
    }
}
