//! The playground's scope: the names every user expression sees.
//!
//! `lib`, `pyproject-nix` and `uvOverlay` are extra global names (defined
//! with [`Evaluator::define_global`], so a user's own `lib` formal or `let`
//! shadows them, exactly as the `let … in` wrapping of the reference harness
//! does), and `<nixpkgs>` resolves to the mini nixpkgs through the search
//! path. The prelude itself is served from [`PRELUDE_ROOT`], parsed once per
//! [`SharedPrelude`].

use fixpoint_eval::{Diagnostic, EvalIo, EvalOptions, Evaluator};

use crate::prelude::{prelude_path, PreludeIo, SharedPrelude, PRELUDE_ROOT};

/// The names bound around every expression, with the prelude file each is
/// imported from (relative to [`PRELUDE_ROOT`]).
pub const SCOPE_NAMES: &[(&str, &str)] = &[
    ("lib", "lib"),
    ("pyproject-nix", "pyproject-nix"),
    ("uvOverlay", "pyproject-nix/uv-overlay.nix"),
];

/// `options` with `<nixpkgs>` pointing at the mini nixpkgs (ahead of any
/// other search path entry).
pub fn playground_options(mut options: EvalOptions) -> EvalOptions {
    options
        .search_path
        .insert(0, ("nixpkgs".to_owned(), prelude_path("nixpkgs")));
    options
}

/// An evaluator over `host` (user files) with the prelude mounted and the
/// playground's names in scope. `host` may already contain the prelude (a
/// [`fixpoint_eval::MemoryIo`] given to [`crate::mount_prelude`]); paths
/// under [`PRELUDE_ROOT`] are served from the embedded copy either way.
pub fn playground_evaluator(
    host: Box<dyn EvalIo>,
    options: EvalOptions,
) -> Result<Evaluator, Box<Diagnostic>> {
    playground_evaluator_sharing(host, options, &SharedPrelude::new())
}

/// [`playground_evaluator`], with the prelude's parsed files shared with
/// every other evaluator made with `shared`: only the first one parses and
/// lowers them. Results are the same as without sharing.
pub fn playground_evaluator_sharing(
    host: Box<dyn EvalIo>,
    options: EvalOptions,
    shared: &SharedPrelude,
) -> Result<Evaluator, Box<Diagnostic>> {
    let io = PreludeIo::sharing(host, shared);
    let mut evaluator = Evaluator::new(Box::new(io), playground_options(options));
    // Before anything else is loaded, so the prelude's file ids are the
    // same in every evaluator (the cache's IR carries them).
    evaluator.pin_cached_sources();
    for (name, relative) in SCOPE_NAMES {
        let source = format!("import {}", prelude_path(relative));
        let path = format!("{PRELUDE_ROOT}/«scope {name}»");
        evaluator
            .define_global(name, &path, &source)
            .map_err(Box::new)?;
    }
    Ok(evaluator)
}
