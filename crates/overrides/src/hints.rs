//! Hints for the traps of SEMANTICS §2.11, chosen from an error and what
//! the engine knows about where it happened (the row, its reads, whether
//! the set's names themselves failed).

use fixpoint_eval::{Diagnostic, ErrorKind};

use crate::model::{Hint, Read, TrapKind};

/// Today's name of graphviz's X argument, which the model's graphviz does
/// not take (SEMANTICS §2.11 trap 7, scenario S11).
const PILL17_MODERN_ARGUMENT: &str = "withXorg";

/// Why `withXorg` fails here although the current Pill 17 text uses it.
const PILL17_NOTE: &str = " The playground's graphviz follows Nix Pill 17 as first written: \
    its argument is `xlibs` (`graphviz.override { xlibs = null; }`). Current nixpkgs renamed it \
    `withXorg` (`withXorg = false`), and there `xlibs` fails the same way.";

/// Where an error happened, as far as hints care.
pub(crate) struct HintContext<'a> {
    /// The attribute's name, for a row's error.
    pub name: Option<&'a str>,
    /// The row's reads (may be partial when forcing failed).
    pub reads: &'a [Read],
    /// Whether the set itself (its names) could not be computed.
    pub whole_set: bool,
    /// Whether an overlay set this attribute.
    pub overlay_involved: bool,
    /// The layer whose definition of the attribute is in effect.
    pub defined_by: Option<usize>,
}

/// The hint that explains `error` here, if a known trap does.
pub(crate) fn hint_for(error: &Diagnostic, context: &HintContext<'_>) -> Option<Hint> {
    let (trap, message) = match &error.kind {
        ErrorKind::InfiniteRecursion if context.whole_set => (
            TrapKind::NamesDependOnFinal,
            "The set's attribute names could not be computed: an overlay decides which names \
             it defines from `final` (for example `lib.optionalAttrs final.flag { … }`), and the \
             names of `final` depend on that overlay. Decide from `prev` instead."
                .to_owned(),
        ),
        ErrorKind::InfiniteRecursion => {
            let name = context.name?;
            let own = context
                .reads
                .iter()
                .any(|read| read.name == name && matches!(read.via.as_str(), "final" | "self"));
            // `prev.x` answered by the very layer defining `x`: the
            // overlay's arguments are swapped (`prev: final:`).
            let swapped = context.reads.iter().any(|read| {
                read.name == name
                    && matches!(read.via.as_str(), "prev" | "super")
                    && read.answered_by.is_some()
                    && read.answered_by == context.defined_by
            });
            if swapped && !own {
                return Some(Hint {
                    trap: TrapKind::SwappedArguments,
                    message: format!(
                        "`prev.{name}` is answered by this same definition of `{name}`: the \
                         overlay's arguments look swapped. Overlays and today's `overrideScope` \
                         take `final: prev:`; code written before nixpkgs 23.11 used \
                         `overrideScope (prev: final: …)`."
                    ),
                });
            }
            if !own {
                return None;
            }
            (
                TrapKind::FinalInOwnDefinition,
                format!(
                    "`final.{name}` inside the overlay that defines `{name}` asks for the result of \
                     this very definition. Build on the layer below with `prev.{name}` (and take \
                     its dependencies from `final`)."
                ),
            )
        }
        ErrorKind::UnexpectedArgument { name, .. } => (
            TrapKind::UnexpectedOverrideArgument,
            format!(
                "`.override` calls the function the package was made from again, and that \
                 function does not take `{name}`. `lib.functionArgs pkg.override` lists what it \
                 takes; attributes of the derivation itself change with `overrideAttrs`.{}",
                if name.as_str() == PILL17_MODERN_ARGUMENT {
                    PILL17_NOTE
                } else {
                    ""
                }
            ),
        ),
        ErrorKind::Abort { message } | ErrorKind::Throw { message }
            if message.contains("called without required argument") =>
        {
            (
                TrapKind::CallPackageMissingArgument,
                "`callPackage` fills each formal of the function from the final set by name, and \
                 no attribute has this name. Fix the formal's spelling (see the suggestion) or \
                 pass the argument explicitly in callPackage's second argument."
                    .to_owned(),
            )
        }
        ErrorKind::MissingAttribute { name } if context.overlay_involved => (
            TrapKind::ShallowUpdate,
            format!(
                "If an overlay replaced a nested set (`set = {{ … }};`), `{name}` and the other \
                 attributes of the old set are gone: `//` is shallow. Update it with \
                 `prev.set // {{ … }}`, or for a scope with `prev.set.overrideScope`."
            ),
        ),
        ErrorKind::StepBudgetExceeded { .. } => (
            TrapKind::StepBudget,
            "This attribute ran out of its step budget: a loop (a function calling itself \
             without end), or a value too large to show here."
                .to_owned(),
        ),
        ErrorKind::MaxCallDepth { limit } => (
            TrapKind::RunawayRecursion,
            format!(
                "More than {limit} function calls were active at once: most likely a function \
                 that calls itself without reaching its stopping case. Real Nix stops here with \
                 the same error."
            ),
        ),
        _ => return None,
    };
    Some(Hint { trap, message })
}
