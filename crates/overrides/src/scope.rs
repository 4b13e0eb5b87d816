//! The playground's scope: the names every user expression sees.
//!
//! `lib`, `pyproject-nix` and `uvOverlay` are extra global names (defined
//! with [`Evaluator::define_global`], so a user's own `lib` formal or `let`
//! shadows them, exactly as the `let … in` wrapping of the reference harness
//! does), and `<nixpkgs>` resolves to the mini nixpkgs through the search
//! path. The prelude itself is served from [`PRELUDE_ROOT`].

use fixpoint_eval::{Diagnostic, EvalIo, EvalOptions, Evaluator};

use crate::prelude::{prelude_path, PreludeIo, PRELUDE_ROOT};

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
    let mut evaluator = Evaluator::new(Box::new(PreludeIo::new(host)), playground_options(options));
    for (name, relative) in SCOPE_NAMES {
        let source = format!("import {}", prelude_path(relative));
        let path = format!("{PRELUDE_ROOT}/«scope {name}»");
        evaluator
            .define_global(name, &path, &source)
            .map_err(Box::new)?;
    }
    Ok(evaluator)
}
