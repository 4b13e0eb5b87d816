//! What changed between two derivations, for the "why did this path change" view (SEMANTICS
//! §6.15).
//!
//! [`diff`] lists field-level changes in a fixed order (name, system, builder, args, outputs,
//! env, input sources, input derivations); [`classify`] sorts a pair into unchanged, recipe
//! changed with identical outputs (only possible through fixed outputs), or rebuild. Plain data
//! only: the UI decides how to render it. Tests live at the bottom of this file.

use std::collections::BTreeSet;

use super::{Derivation, FixedOutputHash};
use crate::store_path::StorePath;

/// One difference between a derivation `before` and `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DerivationChange {
    /// The name changed.
    Name {
        /// Old value.
        before: String,
        /// New value.
        after: String,
    },
    /// The system changed.
    System {
        /// Old value.
        before: String,
        /// New value.
        after: String,
    },
    /// The builder changed.
    Builder {
        /// Old value.
        before: String,
        /// New value.
        after: String,
    },
    /// The argument list changed.
    Args {
        /// Old value.
        before: Vec<String>,
        /// New value.
        after: Vec<String>,
    },
    /// An output was added, removed, or got another path or fixed hash.
    Output {
        /// The output name.
        output: String,
        /// Old path (`None`: absent or not computed).
        before: Option<StorePath>,
        /// New path.
        after: Option<StorePath>,
        /// Whether the declared fixed hash differs.
        fixed_hash_changed: bool,
    },
    /// An environment variable was added, removed or changed.
    Env {
        /// The variable.
        key: String,
        /// Old value (`None`: absent).
        before: Option<String>,
        /// New value (`None`: absent).
        after: Option<String>,
    },
    /// An input source was added.
    InputSrcAdded(StorePath),
    /// An input source was removed.
    InputSrcRemoved(StorePath),
    /// An input derivation was added, removed, or is used through other outputs.
    InputDrv {
        /// The input's `.drv` path.
        drv_path: StorePath,
        /// Outputs used before (empty: not an input before).
        before: BTreeSet<String>,
        /// Outputs used after (empty: not an input after).
        after: BTreeSet<String>,
    },
}

/// How a derivation changed, in the terms of SEMANTICS §6.15.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeClass {
    /// Same `.drv` text.
    Unchanged,
    /// The recipe changed but every output path is the same: nothing is rebuilt.
    RecipeOnly,
    /// Some output path changed: a rebuild.
    Rebuild,
}

/// Classifies the change from `before` to `after`.
pub fn classify(before: &Derivation, after: &Derivation) -> ChangeClass {
    if before == after {
        ChangeClass::Unchanged
    } else if before.output_paths() == after.output_paths() {
        ChangeClass::RecipeOnly
    } else {
        ChangeClass::Rebuild
    }
}

/// Every difference between `before` and `after`.
pub fn diff(before: &Derivation, after: &Derivation) -> Vec<DerivationChange> {
    let mut changes = Vec::new();
    if before.name != after.name {
        changes.push(DerivationChange::Name {
            before: before.name.clone(),
            after: after.name.clone(),
        });
    }
    if before.system != after.system {
        changes.push(DerivationChange::System {
            before: before.system.clone(),
            after: after.system.clone(),
        });
    }
    if before.builder != after.builder {
        changes.push(DerivationChange::Builder {
            before: before.builder.clone(),
            after: after.builder.clone(),
        });
    }
    if before.args != after.args {
        changes.push(DerivationChange::Args {
            before: before.args.clone(),
            after: after.args.clone(),
        });
    }
    let output_names: BTreeSet<&String> =
        before.outputs.keys().chain(after.outputs.keys()).collect();
    for output in output_names {
        let old = before.outputs.get(output);
        let new = after.outputs.get(output);
        let fixed = |o: Option<&super::DerivationOutput>| -> Option<FixedOutputHash> {
            o.and_then(|o| o.fixed.clone())
        };
        if old != new {
            changes.push(DerivationChange::Output {
                output: output.clone(),
                before: old.and_then(|o| o.path.clone()),
                after: new.and_then(|o| o.path.clone()),
                fixed_hash_changed: fixed(old) != fixed(new),
            });
        }
    }
    let keys: BTreeSet<&String> = before.env.keys().chain(after.env.keys()).collect();
    for key in keys {
        let old = before.env.get(key);
        let new = after.env.get(key);
        if old != new {
            changes.push(DerivationChange::Env {
                key: key.clone(),
                before: old.cloned(),
                after: new.cloned(),
            });
        }
    }
    for src in after.input_srcs.difference(&before.input_srcs) {
        changes.push(DerivationChange::InputSrcAdded(src.clone()));
    }
    for src in before.input_srcs.difference(&after.input_srcs) {
        changes.push(DerivationChange::InputSrcRemoved(src.clone()));
    }
    let drvs: BTreeSet<&StorePath> = before
        .input_drvs
        .keys()
        .chain(after.input_drvs.keys())
        .collect();
    for drv_path in drvs {
        let old = before.input_drvs.get(drv_path).cloned().unwrap_or_default();
        let new = after.input_drvs.get(drv_path).cloned().unwrap_or_default();
        if old != new {
            changes.push(DerivationChange::InputDrv {
                drv_path: drv_path.clone(),
                before: old,
                after: new,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivation::DerivationBuilder;
    use crate::MemoryStore;

    fn fetch(store: &mut MemoryStore, url: &str) -> crate::BuiltDerivation {
        let mut builder = DerivationBuilder::new("src");
        for (key, value) in [
            ("builder", ":"),
            (
                "outputHash",
                "sha256-Q3QXOoy+iN4VK2CflvRulYvPZXYgF0dO7FoF7CvWFTA=",
            ),
            ("system", ":"),
            ("url", url),
        ] {
            builder.attr(key, value).expect("valid attribute");
        }
        store.add_derivation(builder).expect("builds")
    }

    #[test]
    fn fixed_output_recipe_change_is_recipe_only() {
        let mut store = MemoryStore::new();
        let a = fetch(&mut store, "https://a");
        let b = fetch(&mut store, "https://b");
        assert_eq!(
            classify(&a.derivation, &a.derivation),
            ChangeClass::Unchanged
        );
        assert_eq!(
            classify(&a.derivation, &b.derivation),
            ChangeClass::RecipeOnly
        );
        assert_eq!(
            diff(&a.derivation, &b.derivation),
            vec![DerivationChange::Env {
                key: "url".to_owned(),
                before: Some("https://a".to_owned()),
                after: Some("https://b".to_owned()),
            }]
        );
    }

    #[test]
    fn input_change_is_a_rebuild() {
        let mut store = MemoryStore::new();
        let dependant = |store: &mut MemoryStore, dep: &crate::BuiltDerivation| {
            let mut builder = DerivationBuilder::new("app");
            let dep_out = dep
                .out_path()
                .map(|p| p.to_absolute_path())
                .unwrap_or_default();
            for (key, value) in [("builder", ":"), ("dep", dep_out.as_str()), ("system", ":")] {
                builder.attr(key, value).expect("valid attribute");
            }
            builder.input_drv_output(dep.drv_path.clone(), "out");
            store.add_derivation(builder).expect("builds")
        };
        let plain = |store: &mut MemoryStore, version: &str| {
            let mut builder = DerivationBuilder::new("lib");
            for (key, value) in [("builder", ":"), ("system", ":"), ("version", version)] {
                builder.attr(key, value).expect("valid attribute");
            }
            store.add_derivation(builder).expect("builds")
        };
        let lib1 = plain(&mut store, "1");
        let lib2 = plain(&mut store, "2");
        let app1 = dependant(&mut store, &lib1);
        let app2 = dependant(&mut store, &lib2);
        assert_eq!(
            classify(&app1.derivation, &app2.derivation),
            ChangeClass::Rebuild
        );
        let changes = diff(&app1.derivation, &app2.derivation);
        assert!(changes
            .iter()
            .any(|c| matches!(c, DerivationChange::Output { output, .. } if output == "out")));
        assert!(changes
            .iter()
            .any(|c| matches!(c, DerivationChange::Env { key, .. } if key == "dep")));
        assert!(changes.contains(&DerivationChange::InputDrv {
            drv_path: lib1.drv_path.clone(),
            before: ["out".to_owned()].into_iter().collect(),
            after: BTreeSet::new(),
        }));
    }
}
