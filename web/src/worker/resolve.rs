//! The override engine in the worker: resolves a workspace into the set
//! views (`ToWorker::Resolve`), lists nested sets (`ToWorker::Expand`) and
//! replays forcing traces (`ToWorker::Trace`).
//!
//! [`Resolver`] keeps the last opened `Session` with the revision it belongs
//! to, so expanding a nested set of the shown revision reuses what is
//! already forced (unless printing the value spent it, see below); a
//! request for another revision opens a fresh session from the workspace it
//! carries (after a respawn the worker knows nothing, and still answers).
//!
//! A resolved Set view is posted as the engine's own value (see
//! [`super::answer`]). The other engine values (nested rows, trace pages,
//! asked for one click at a time) become wire values by [`transcode`]: the
//! protocol's mirror types have the engine's serde shape, so the worker
//! serializes one and deserializes the other instead of copying field by
//! field.
//!
//! Every evaluator made here shares the resolver's [`SharedPrelude`] (in
//! its `EngineOptions`): the prelude is parsed and lowered by the first
//! request only, for the worker's whole life. User files are never cached.
//! The same options keep the overlays-off comparison between keystrokes
//! while nothing it read changed (`fixpoint_overrides::baseline`): the
//! session of the last revision is dropped before the next one opens, so
//! the next one can take it.
//!
//! In expression mode the value is printed from the Set view's own session
//! when `Session::print_root` can do so exactly (no error, no trace or
//! warning anywhere), so the entry is evaluated once; otherwise by a fresh
//! evaluator, as before.
//!
//! Invariants: every request gets one answer with its `rev`; expression
//! mode also prints the value strictly (the Value tab) with the playground
//! scope; its JSON form is printed only when asked (`ToWorker::Json`, the
//! Value tab's "Show as JSON"), not on every keystroke; nothing here
//! touches the DOM.
//!
//! Tests: the browser tests (`tests/e2e/ui*.test.mjs`) through the page;
//! the engine itself in `crates/overrides/tests/`.

use fixpoint_eval::{EvalOptions, OutputFormat};
use fixpoint_overrides::workspace::{workspace_host, workspace_path};
use fixpoint_overrides::{
    playground_evaluator_sharing, Base, EngineOptions, Mode, OverlayEntry, Session, SharedPrelude,
    Workspace, WorkspaceFile, WORKSPACE_ROOT,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::protocol::set::{WireBase, WireMode, WireWorkspace};
use crate::protocol::{FromWorker, WireOutcome};

use super::answer::Answer;
use super::convert;

/// Events in one page of a forcing trace.
pub const TRACE_PAGE: usize = crate::hooks::TRACE_PAGE;

/// Steps for the strictly printed value of an expression-mode workspace.
pub const VALUE_STEP_BUDGET: u64 = 50_000_000;

/// The engine state kept between requests.
#[derive(Default)]
pub struct Resolver {
    current: Option<(u64, Session)>,
    /// The session of the revision before, kept until the answer to the
    /// next one is posted ([`Resolver::release_retired`]): dropping an
    /// evaluator frees its reference cycles, work no one should wait for.
    retired: Option<Session>,
    /// An `Evaluate` request's evaluator, dropped with `retired`.
    retired_evaluator: Option<fixpoint_eval::Evaluator>,
    /// The engine's limits, and the parsed prelude every request shares.
    options: EngineOptions,
}

impl Resolver {
    /// Drops the session of the revision before the last resolved one and
    /// the last `Evaluate` request's evaluator (see `retired`); the worker
    /// calls this after posting an answer.
    pub fn release_retired(&mut self) {
        self.retired = None;
        self.retired_evaluator = None;
    }

    /// Keeps `evaluator` until [`Resolver::release_retired`].
    pub fn retire_evaluator(&mut self, evaluator: fixpoint_eval::Evaluator) {
        self.retired_evaluator = Some(evaluator);
    }

    /// Resolves `workspace` at revision `rev`.
    pub fn resolve(&mut self, rev: u64, workspace: WireWorkspace) -> Answer {
        let engine = engine_workspace(workspace);
        // The old session's overlays-off comparison goes back before the
        // new session opens, so that one can take it; the rest of the old
        // session is dropped once this answer is posted.
        if let Some((_, mut old)) = self.current.take() {
            old.give_back_baseline();
            self.retired = Some(old);
        }
        let entry = match &engine.mode {
            Mode::Expression { entry } => Some(entry.clone()),
            Mode::Set { .. } => None,
        };
        let mut session = Session::open(engine.clone(), self.options.clone());
        let view = session.view();
        let Some(entry) = entry else {
            self.current = Some((rev, session));
            return Answer::Resolved {
                rev,
                view,
                value: None,
            };
        };
        // The value from the session's own evaluation when that prints
        // exactly what a fresh one would (it then is spent: a later Expand
        // opens a new one); otherwise from a fresh evaluator.
        let value = match session.print_root(OutputFormat::Nix, VALUE_STEP_BUDGET) {
            Some(outcome) => convert::outcome(outcome),
            None => print_value(&engine, &entry, OutputFormat::Nix, &self.options.prelude),
        };
        Answer::Resolved {
            rev,
            view,
            value: Some(value),
        }
    }

    /// The entry of an expression-mode `workspace` printed as JSON (`None`
    /// in set mode, which has no single value).
    pub fn json(&mut self, rev: u64, workspace: WireWorkspace) -> FromWorker {
        let engine = engine_workspace(workspace);
        let json = match &engine.mode {
            Mode::Expression { entry } => Some(print_value(
                &engine,
                entry,
                OutputFormat::Json,
                &self.options.prelude,
            )),
            _ => None,
        };
        FromWorker::Json { rev, json }
    }

    /// Lists the nested set at `path`.
    pub fn expand(&mut self, rev: u64, workspace: WireWorkspace, path: Vec<String>) -> FromWorker {
        if self
            .current
            .as_ref()
            .is_none_or(|(current, _)| *current != rev)
        {
            self.current = None;
            let mut session = Session::open(engine_workspace(workspace), self.options.clone());
            // The set's rows are registered by the view; expanding needs them.
            let _ = session.view();
            self.current = Some((rev, session));
        }
        let result = match &mut self.current {
            Some((_, session)) => session.expand(&path),
            None => {
                return FromWorker::Expanded {
                    rev,
                    path,
                    rows: None,
                    error: Some("no session".to_owned()),
                }
            }
        };
        match result {
            Ok(rows) => FromWorker::Expanded {
                rev,
                path,
                rows: transcode(&rows),
                error: None,
            },
            Err(error) => FromWorker::Expanded {
                rev,
                path,
                rows: None,
                error: Some(error.message),
            },
        }
    }

    /// The forcing trace of `path`, events `offset..offset + TRACE_PAGE`.
    pub fn trace(
        &mut self,
        rev: u64,
        workspace: WireWorkspace,
        path: Vec<String>,
        offset: usize,
    ) -> FromWorker {
        let engine = engine_workspace(workspace);
        let page = fixpoint_overrides::trace(&engine, &self.options, &path, offset, TRACE_PAGE);
        FromWorker::Traced {
            rev,
            page: transcode(&page),
        }
    }
}

impl Resolver {
    /// The `.drv` of the attribute at `path`: its path, ATerm and JSON.
    pub fn derivation(
        &mut self,
        rev: u64,
        workspace: WireWorkspace,
        path: Vec<String>,
    ) -> FromWorker {
        let engine = engine_workspace(workspace);
        FromWorker::Derivation {
            rev,
            result: derivation_of(&engine, &path, &self.options),
        }
    }
}

/// `"name"` with Nix's string escapes.
fn quoted(name: &str) -> String {
    let mut out = String::from("\"");
    for c in name.chars() {
        match c {
            '"' | '\\' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

fn derivation_of(
    workspace: &Workspace,
    path: &[String],
    engine: &EngineOptions,
) -> Result<(String, String, String), String> {
    let whole = match &workspace.mode {
        Mode::Expression { entry } => format!("import ./{}", entry.trim_start_matches("./")),
        // The text alone: no session (which would evaluate the whole set).
        _ => fixpoint_overrides::generate::plain_nix(workspace)
            .ok_or_else(|| "this workspace has no plain-Nix form".to_owned())?,
    };
    let selection: String = path
        .iter()
        .map(|name| format!(".{}", quoted(name)))
        .collect();
    let source = format!("let set = ({whole}\n); in (set{selection}).drvPath\n");
    let options = EvalOptions {
        step_budget: Some(VALUE_STEP_BUDGET),
        ..EvalOptions::default()
    };
    let mut evaluator = playground_evaluator_sharing(
        Box::new(workspace_host(workspace)),
        options,
        &engine.prelude,
    )
    .map_err(|error| error.message.clone())?;
    let outcome = evaluator.eval_source(&format!("{WORKSPACE_ROOT}/«derivation».nix"), &source);
    if let Some(error) = outcome.error {
        return Err(error.message);
    }
    let printed = outcome.value.unwrap_or_default();
    let drv_path = printed.trim_matches('"').to_owned();
    let aterm = evaluator
        .derivation_text(&drv_path)
        .ok_or_else(|| format!("{drv_path} was not made by this evaluation"))?;
    let json = evaluator.derivation_json(&drv_path).unwrap_or_default();
    Ok((drv_path, aterm, json))
}

/// The protocol's workspace as the engine's.
pub fn engine_workspace(workspace: WireWorkspace) -> Workspace {
    let files = workspace
        .files
        .into_iter()
        .map(|file| WorkspaceFile {
            path: file.path,
            text: file.text,
        })
        .collect();
    let mode = match workspace.mode {
        WireMode::Set { base, overlays } => Mode::Set {
            base: match base {
                WireBase::MiniNixpkgs => Base::MiniNixpkgs,
                WireBase::Empty => Base::Empty,
                WireBase::PythonSet => Base::PythonSet,
                WireBase::Custom { file } => Base::Custom { file },
            },
            overlays: overlays
                .into_iter()
                .map(|overlay| OverlayEntry {
                    file: overlay.file,
                    enabled: overlay.enabled,
                })
                .collect(),
        },
        WireMode::Expression { entry } => Mode::Expression { entry },
    };
    Workspace { files, mode }
}

/// The entry printed like `nix-instantiate --eval --strict` (or `--json`),
/// with the playground's scope.
fn print_value(
    workspace: &Workspace,
    entry: &str,
    output: OutputFormat,
    prelude: &SharedPrelude,
) -> WireOutcome {
    let options = EvalOptions {
        strict: true,
        output,
        step_budget: Some(VALUE_STEP_BUDGET),
        ..EvalOptions::default()
    };
    match playground_evaluator_sharing(Box::new(workspace_host(workspace)), options, prelude) {
        Ok(mut evaluator) => convert::outcome(evaluator.eval_file(&workspace_path(entry))),
        Err(error) => convert::outcome(fixpoint_eval::Outcome {
            value: None,
            error: Some(*error),
            events: Vec::new(),
            steps: 0,
        }),
    }
}

/// An engine value as its wire mirror (same serde shape). A mismatch is a
/// bug between the two definitions; it becomes `None` (and a console line)
/// rather than a panic, so the rest of the answer still arrives.
pub(super) fn transcode<A: Serialize, B: DeserializeOwned>(value: &A) -> Option<B> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    let js = match value.serialize(&serializer) {
        Ok(js) => js,
        Err(error) => {
            web_sys::console::error_1(&format!("fixpoint: cannot encode: {error}").into());
            return None;
        }
    };
    match serde_wasm_bindgen::from_value(js) {
        Ok(value) => Some(value),
        Err(error) => {
            web_sys::console::error_1(&format!("fixpoint: cannot decode: {error}").into());
            None
        }
    }
}
