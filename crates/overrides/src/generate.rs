//! The Nix text the engine evaluates in set mode, and the same resolution
//! as plain Nix for the user to copy ("show as plain Nix").
//!
//! Both share one `let` block binding `base` and `overlay1…overlayN` (the
//! enabled overlays, bottom first). The plain text ends in the resolved
//! set; the engine's entry ends in a record `{ set; off; layerNames; }`:
//! the set, the same base with every overlay switched off (for the
//! rebuild set), and per overlay the names it sets (evaluated with the
//! final set as both arguments, so only names, never values, are forced).

use crate::workspace::{Base, Mode, Workspace};

/// The entry file's name inside the workspace (relative imports resolve
/// against the workspace root).
pub const ENTRY_FILE: &str = ".fixpoint-set.nix";

/// A Nix expression importing a workspace file relative to the entry.
fn import_of(file: &str) -> String {
    let relative = file.trim_start_matches("./").trim_start_matches('/');
    let plain = !relative.is_empty()
        && relative
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '/'))
        && !relative.contains("//")
        && !relative.ends_with('/');
    if plain {
        format!("import ./{relative}")
    } else {
        let escaped = relative
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace("${", "\\${");
        format!("import (./. + \"/{escaped}\")")
    }
}

/// The `let` bindings shared by the plain text and the engine entry.
fn bindings(base: &Base, overlays: &[String]) -> String {
    let mut text = String::from("let\n");
    match base {
        Base::MiniNixpkgs => {}
        Base::Empty => text.push_str("  base = final: { };\n"),
        Base::PythonSet => text.push_str(
            "  pkgs = import <nixpkgs> { };\n  base = pkgs.callPackage pyproject-nix.build.packages { python = pkgs.python3; };\n",
        ),
        Base::Custom { file } => text.push_str(&format!("  base = {};\n", import_of(file))),
    }
    for (index, file) in overlays.iter().enumerate() {
        text.push_str(&format!("  overlay{} = {};\n", index + 1, import_of(file)));
    }
    text
}

/// The resolved set over `count` overlays, as an expression.
fn resolution(base: &Base, count: usize) -> String {
    let names: Vec<String> = (1..=count).map(|i| format!("overlay{i}")).collect();
    match base {
        Base::MiniNixpkgs => format!("import <nixpkgs> {{ overlays = [ {} ]; }}", names.join(" ")),
        Base::PythonSet if count == 0 => "base".to_owned(),
        Base::PythonSet => format!(
            "base.overrideScope (lib.composeManyExtensions [ {} ])",
            names.join(" ")
        ),
        Base::Empty | Base::Custom { .. } => {
            let mut inner = "base".to_owned();
            for name in &names {
                inner = format!("lib.extends {name} ({inner})");
            }
            // `lib.extends overlay1 (base)` reads better without the inner
            // parentheses around a bare name.
            let inner = inner.replace("(base)", "base");
            if count == 0 {
                "lib.fix base".to_owned()
            } else {
                format!("lib.fix ({inner})")
            }
        }
    }
}

/// The enabled overlay files of a set-mode workspace, bottom first.
pub fn enabled_overlays(workspace: &Workspace) -> Vec<String> {
    match &workspace.mode {
        Mode::Set { overlays, .. } => overlays
            .iter()
            .filter(|entry| entry.enabled)
            .map(|entry| entry.file.clone())
            .collect(),
        Mode::Expression { .. } => Vec::new(),
    }
}

/// The set-mode resolution as plain Nix (for the playground's scope:
/// `lib`, `pyproject-nix` and `<nixpkgs>`), or `None` in expression mode.
pub fn plain_nix(workspace: &Workspace) -> Option<String> {
    let Mode::Set { base, .. } = &workspace.mode else {
        return None;
    };
    let overlays = enabled_overlays(workspace);
    Some(format!(
        "{}in\n{}\n",
        bindings(base, &overlays),
        resolution(base, overlays.len())
    ))
}

/// The set a set-mode workspace compares with: its base with every overlay
/// off, as the engine entry's `off` (`None` in expression mode).
pub fn baseline_entry(workspace: &Workspace) -> Option<String> {
    let Mode::Set { base, .. } = &workspace.mode else {
        return None;
    };
    Some(format!(
        "{}in\n{}\n",
        bindings(base, &[]),
        resolution(base, 0)
    ))
}

/// The engine's entry expression for a set-mode workspace.
pub fn engine_entry(workspace: &Workspace) -> Option<String> {
    let Mode::Set { base, .. } = &workspace.mode else {
        return None;
    };
    let overlays = enabled_overlays(workspace);
    let names: Vec<String> = (1..=overlays.len())
        .map(|i| format!("(builtins.attrNames (overlay{i} set set))"))
        .collect();
    Some(format!(
        "{}  set = {};\n  off = {};\nin\n{{\n  inherit set off;\n  layerNames = [ {} ];\n}}\n",
        bindings(base, &overlays),
        resolution(base, overlays.len()),
        resolution(base, 0),
        names.join(" ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{OverlayEntry, WorkspaceFile};

    fn set_workspace(base: Base, files: &[(&str, bool)]) -> Workspace {
        Workspace {
            files: files
                .iter()
                .map(|(path, _)| WorkspaceFile {
                    path: (*path).to_owned(),
                    text: String::new(),
                })
                .collect(),
            mode: Mode::Set {
                base,
                overlays: files
                    .iter()
                    .map(|(file, enabled)| OverlayEntry {
                        file: (*file).to_owned(),
                        enabled: *enabled,
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn plain_nix_nests_extends_bottom_first_and_skips_off_overlays() {
        let workspace = set_workspace(
            Base::Empty,
            &[("a.nix", true), ("off.nix", false), ("b c.nix", true)],
        );
        let text = plain_nix(&workspace).unwrap_or_default();
        assert_eq!(
            text,
            "let\n  base = final: { };\n  overlay1 = import ./a.nix;\n  overlay2 = import (./. + \"/b c.nix\");\nin\nlib.fix (lib.extends overlay2 (lib.extends overlay1 base))\n"
        );
    }

    #[test]
    fn nixpkgs_base_uses_the_overlays_argument() {
        let workspace = set_workspace(Base::MiniNixpkgs, &[("o.nix", true)]);
        let text = plain_nix(&workspace).unwrap_or_default();
        assert!(text.ends_with("in\nimport <nixpkgs> { overlays = [ overlay1 ]; }\n"));
        let entry = engine_entry(&workspace).unwrap_or_default();
        assert!(entry.contains("off = import <nixpkgs> { overlays = [  ]; };"));
    }
}
