//! Layers and how a definition position is attributed to one.
//!
//! A layer is a place definitions come from: the base, an overlay file, an
//! overlay-shaped lambda (`a: b: …`) inside a user file (expression mode),
//! or a part of the prelude (the mini nixpkgs, `uvOverlay`, …). An
//! attribute's layer is found from its definition position alone, so the
//! same rule works in set mode and in expression mode.
//!
//! Matching is most specific first: a lambda range, then an exact file,
//! then a folder prefix.

use serde::{Deserialize, Serialize};

use crate::generate::ENTRY_FILE;
use crate::prelude::prelude_path;
use crate::workspace::{workspace_path, Base, Mode, Workspace};

/// What kind of place a layer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    /// The base of a set-mode workspace.
    Base,
    /// An overlay of the stack (set mode) or an overlay-shaped lambda.
    Overlay,
    /// A user file as a whole (expression mode).
    File,
    /// Part of the prelude not chosen as the base.
    Prelude,
}

/// One layer, as the UI shows it (a coloured badge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerInfo {
    /// Its index in [`crate::SetView::layers`] (bottom first).
    pub index: usize,
    /// E.g. `base: mini nixpkgs`, `overlay 2: python.nix`.
    pub label: String,
    /// Its kind.
    pub kind: LayerKind,
    /// The file it lives in (absolute virtual path), or the folder.
    pub file: String,
    /// For lambdas inside a file: the byte range of the lambda.
    pub range: Option<(u32, u32)>,
}

/// How positions are matched to layers.
#[derive(Clone, Debug, Default)]
pub struct LayerMap {
    layers: Vec<LayerInfo>,
    /// `(layer, folder prefix ending in '/')`.
    folders: Vec<(usize, String)>,
}

impl LayerMap {
    /// Every layer, bottom first.
    pub fn layers(&self) -> &[LayerInfo] {
        &self.layers
    }

    fn push(
        &mut self,
        label: String,
        kind: LayerKind,
        file: String,
        range: Option<(u32, u32)>,
    ) -> usize {
        let index = self.layers.len();
        self.layers.push(LayerInfo {
            index,
            label,
            kind,
            file,
            range,
        });
        index
    }

    fn push_folder(&mut self, label: &str, kind: LayerKind, folder: &str) {
        let index = self.push(label.to_owned(), kind, folder.to_owned(), None);
        self.folders.push((index, format!("{folder}/")));
    }

    /// The layer a definition at `file`, byte `offset` belongs to.
    pub fn layer_of(&self, file: &str, offset: u32) -> Option<usize> {
        let in_range = self
            .layers
            .iter()
            .filter(|layer| layer.file == file)
            .filter_map(|layer| layer.range.map(|range| (layer.index, range)))
            .filter(|(_, (start, end))| *start <= offset && offset < *end)
            .min_by_key(|(_, (start, end))| end - start);
        if let Some((index, _)) = in_range {
            return Some(index);
        }
        if let Some(layer) = self
            .layers
            .iter()
            .find(|layer| layer.file == file && layer.range.is_none())
        {
            return Some(layer.index);
        }
        self.folders
            .iter()
            .filter(|(_, prefix)| file.starts_with(prefix.as_str()))
            .max_by_key(|(_, prefix)| prefix.len())
            .map(|(index, _)| *index)
    }

    /// The layers of a workspace.
    pub fn for_workspace(workspace: &Workspace) -> LayerMap {
        let mut map = LayerMap::default();
        match &workspace.mode {
            Mode::Set { base, overlays } => {
                match base {
                    Base::MiniNixpkgs => map.push_folder(
                        "base: mini nixpkgs",
                        LayerKind::Base,
                        &prelude_path("nixpkgs"),
                    ),
                    Base::PythonSet => map.push_folder(
                        "base: pyproject.nix python set",
                        LayerKind::Base,
                        &prelude_path("pyproject-nix"),
                    ),
                    Base::Empty => {
                        map.push(
                            "base: empty".to_owned(),
                            LayerKind::Base,
                            workspace_path(ENTRY_FILE),
                            None,
                        );
                    }
                    Base::Custom { file } => {
                        map.push(
                            format!("base: {file}"),
                            LayerKind::Base,
                            workspace_path(file),
                            None,
                        );
                    }
                }
                let enabled = overlays.iter().filter(|entry| entry.enabled);
                for (number, entry) in enabled.enumerate() {
                    map.push(
                        format!("overlay {}: {}", number + 1, entry.file),
                        LayerKind::Overlay,
                        workspace_path(&entry.file),
                        None,
                    );
                }
                map.add_prelude_parts(base);
            }
            Mode::Expression { .. } => {
                map.add_prelude_parts(&Base::Empty);
                for file in &workspace.files {
                    let path = workspace_path(&file.path);
                    map.push(file.path.clone(), LayerKind::File, path.clone(), None);
                    for (start, end, line) in overlay_lambdas(&file.text) {
                        map.push(
                            format!("{}:{line} overlay", file.path),
                            LayerKind::Overlay,
                            path.clone(),
                            Some((start, end)),
                        );
                    }
                }
            }
        }
        map
    }

    /// Prelude parts that are not the base get layers of their own, so a
    /// definition made by `uvOverlay` or the mini nixpkgs is still named.
    fn add_prelude_parts(&mut self, base: &Base) {
        let uv = prelude_path("pyproject-nix/uv-overlay.nix");
        self.push("uvOverlay".to_owned(), LayerKind::Prelude, uv, None);
        if *base != Base::MiniNixpkgs {
            self.push_folder("mini nixpkgs", LayerKind::Prelude, &prelude_path("nixpkgs"));
        }
        if *base != Base::PythonSet {
            self.push_folder(
                "pyproject.nix",
                LayerKind::Prelude,
                &prelude_path("pyproject-nix"),
            );
        }
        self.push_folder("lib", LayerKind::Prelude, &prelude_path("lib"));
    }
}

/// Overlay-shaped lambdas (`a: b: body`, not part of a longer curried
/// chain) in `text`: `(start, end, line)` of each.
fn overlay_lambdas(text: &str) -> Vec<(u32, u32, usize)> {
    use rnix::ast;
    use rowan::ast::AstNode;
    let root = rnix::Root::parse(text).tree();
    let mut found = Vec::new();
    for node in root.syntax().descendants() {
        let Some(lambda) = ast::Lambda::cast(node.clone()) else {
            continue;
        };
        let Some(ast::Expr::Lambda(inner)) = lambda.body() else {
            continue;
        };
        // `a: b: c: …` is a three-argument function, not an overlay; and the
        // inner lambda of `a: b: …` must not count again.
        if matches!(inner.body(), Some(ast::Expr::Lambda(_))) {
            continue;
        }
        if node
            .parent()
            .is_some_and(|parent| ast::Lambda::can_cast(parent.kind()))
        {
            continue;
        }
        let range = node.text_range();
        let start = u32::from(range.start());
        let line = text
            .get(..start as usize)
            .map_or(1, |before| before.matches('\n').count() + 1);
        found.push((start, u32::from(range.end()), line));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_lambdas_are_two_argument_functions_only() {
        let text = "let a = final: prev: { x = 1; };\n    f = x: y: z: x;\n    g = x: x;\nin [ a f g (self: super: { }) ]";
        let found = overlay_lambdas(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found.first().map(|f| f.2), Some(1));
    }

    #[test]
    fn positions_prefer_lambdas_then_files_then_folders() {
        let workspace = Workspace {
            files: vec![crate::workspace::WorkspaceFile {
                path: "main.nix".to_owned(),
                text: "import <nixpkgs> { overlays = [ (final: prev: { a = 1; }) ]; }".to_owned(),
            }],
            mode: Mode::Expression {
                entry: "main.nix".to_owned(),
            },
        };
        let map = LayerMap::for_workspace(&workspace);
        let main = workspace_path("main.nix");
        let lambda = map.layer_of(&main, 45).map(|i| map.layers()[i].kind);
        assert_eq!(lambda, Some(LayerKind::Overlay));
        let file = map.layer_of(&main, 2).map(|i| map.layers()[i].kind);
        assert_eq!(file, Some(LayerKind::File));
        let pill = map
            .layer_of("/fixpoint/prelude/nixpkgs/pkgs/pill17.nix", 3)
            .map(|i| map.layers()[i].label.clone());
        assert_eq!(pill.as_deref(), Some("mini nixpkgs"));
    }
}
