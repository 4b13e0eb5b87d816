//! Collects the bindings of a set literal or `let` before lowering them.
//!
//! Nested attribute paths are merged here (`a.b = 1; a.c = 2;` becomes one
//! nested set; a literal `a = { … };` merges with `a.x = …;` entries), and
//! duplicates are reported with the reference's messages and positions:
//! `attribute 'a.b' already defined at FILE:L:C`, pointing at the second one.

use rnix::ast::{self, HasEntry};

use crate::source::SrcSpan;
use crate::symbols::{NameMap, Symbol};

/// One attribute path component.
pub enum Key {
    /// A name known while lowering.
    Static(Symbol, SrcSpan),
    /// A computed name.
    Dynamic(ast::Expr, SrcSpan),
}

/// The value of a pending binding.
pub enum PendingValue {
    /// An expression to lower.
    Expr(ast::Expr),
    /// A nested set built from attribute paths (and merged literals).
    Nested(Box<PendingAttrs>),
    /// `inherit name;`.
    Inherit(Symbol, SrcSpan),
    /// `inherit (sources[i]) name;`.
    InheritFrom(usize, Symbol, SrcSpan),
}

/// A static binding.
pub struct PendingStatic {
    /// Its name.
    pub name: Symbol,
    /// Its value.
    pub value: PendingValue,
    /// Where it was defined (the start of its attribute path).
    pub pos: SrcSpan,
}

/// The bindings of one set literal, nested set or `let`.
#[derive(Default)]
pub struct PendingAttrs {
    /// Static bindings in definition order.
    pub statics: Vec<PendingStatic>,
    index: NameMap<usize>,
    /// Dynamic bindings in source order: name expression, value, position.
    pub dynamics: Vec<(ast::Expr, SrcSpan, PendingValue)>,
    /// `inherit (e)` sources.
    pub inherit_sources: Vec<ast::Expr>,
    /// Whether the set is `rec` (a literal `rec { … }` keeps this even when
    /// attribute paths are merged into it later; a `rec` literal merged into
    /// an earlier definition loses it, as in Nix).
    pub rec: bool,
}

/// A duplicate definition: the full dotted name, the first position, the second.
pub struct Duplicate {
    /// Dotted path of the duplicate attribute.
    pub name: String,
    /// Where it was first defined.
    pub previous: SrcSpan,
    /// Where it was defined again.
    pub at: SrcSpan,
}

/// What can go wrong while collecting bindings.
pub enum CollectError {
    /// An attribute defined twice.
    Duplicate(Duplicate),
    /// Some other problem, already lowered into a message.
    Other(String, SrcSpan),
}

/// Resolves attribute names of the syntax tree to keys.
pub trait KeyOf {
    /// The key for one attribute of a path.
    fn key_of(&mut self, attr: &ast::Attr) -> Key;
    /// The span of a node.
    fn span_of(&self, node: &rnix::SyntaxNode) -> SrcSpan;
}

impl PendingAttrs {
    fn get_index(&self, name: &Symbol) -> Option<usize> {
        self.index.get(name).copied()
    }

    fn insert(&mut self, name: Symbol, value: PendingValue, pos: SrcSpan) {
        self.index.insert(name.clone(), self.statics.len());
        self.statics.push(PendingStatic { name, value, pos });
    }

    /// Collects every entry of a set literal or `let` into a fresh collection.
    pub fn collect(node: &impl HasEntry, keys: &mut dyn KeyOf) -> Result<Self, CollectError> {
        let mut attrs = PendingAttrs::default();
        // One name per binding at most: room made at once for a large set,
        // counted on the green tree (no cursor per child).
        let bindings = node
            .syntax()
            .green()
            .children()
            .filter(|child| {
                child.as_node().is_some_and(|child| {
                    <rnix::NixLanguage as rowan::Language>::kind_from_raw(child.kind())
                        == rnix::SyntaxKind::NODE_ATTRPATH_VALUE
                })
            })
            .count();
        attrs.index.reserve(bindings);
        attrs.add_entries(node, &[], keys)?;
        Ok(attrs)
    }

    fn add_entries(
        &mut self,
        node: &impl HasEntry,
        prefix: &[String],
        keys: &mut dyn KeyOf,
    ) -> Result<(), CollectError> {
        for entry in node.entries() {
            match entry {
                ast::Entry::Inherit(inherit) => self.add_inherit(&inherit, prefix, keys)?,
                ast::Entry::AttrpathValue(binding) => {
                    let Some(path) = binding.attrpath() else {
                        continue;
                    };
                    let Some(value) = binding.value() else {
                        continue;
                    };
                    let path: Vec<Key> = path.attrs().map(|attr| keys.key_of(&attr)).collect();
                    let pos = keys.span_of(binding.syntax());
                    self.add_path(prefix, &path, value, pos, keys)?;
                }
            }
        }
        Ok(())
    }

    fn add_inherit(
        &mut self,
        inherit: &ast::Inherit,
        prefix: &[String],
        keys: &mut dyn KeyOf,
    ) -> Result<(), CollectError> {
        let source = match inherit.from().and_then(|from| from.expr()) {
            Some(expr) => {
                self.inherit_sources.push(expr);
                Some(self.inherit_sources.len() - 1)
            }
            None => None,
        };
        for attr in inherit.attrs() {
            let (name, span) = match keys.key_of(&attr) {
                Key::Static(name, span) => (name, span),
                Key::Dynamic(_, span) => {
                    return Err(CollectError::Other(
                        "dynamic attributes not allowed in inherit".into(),
                        span,
                    ))
                }
            };
            if let Some(existing) = self.get_index(&name) {
                let previous = self.statics.get(existing).map_or(span, |s| s.pos);
                return Err(duplicate(prefix, name.as_str(), previous, span));
            }
            let value = match source {
                Some(index) => PendingValue::InheritFrom(index, name.clone(), span),
                None => PendingValue::Inherit(name.clone(), span),
            };
            self.insert(name, value, span);
        }
        Ok(())
    }

    fn add_path(
        &mut self,
        prefix: &[String],
        path: &[Key],
        value: ast::Expr,
        pos: SrcSpan,
        keys: &mut dyn KeyOf,
    ) -> Result<(), CollectError> {
        let Some((first, rest)) = path.split_first() else {
            return Ok(());
        };
        match first {
            // Like Nix, a dynamic attribute is positioned at the start of
            // its whole attribute path (`a.${k}.b` at `a`).
            Key::Dynamic(name, _) => {
                let pending = if rest.is_empty() {
                    PendingValue::Expr(value)
                } else {
                    let mut nested = PendingAttrs::default();
                    nested.add_path(&[], rest, value, pos, keys)?;
                    PendingValue::Nested(Box::new(nested))
                };
                self.dynamics.push((name.clone(), pos, pending));
                Ok(())
            }
            Key::Static(name, _) => {
                let mut full: Vec<String> = prefix.to_vec();
                full.push(name.as_str().to_string());
                if rest.is_empty() {
                    let literal = mergeable_literal(&value);
                    if let Some(existing) = self.get_index(name) {
                        let Some(slot) = self.statics.get_mut(existing) else {
                            return Ok(());
                        };
                        if let (PendingValue::Nested(nested), Some(set)) =
                            (&mut slot.value, literal)
                        {
                            return nested.add_entries(&set, &full, keys);
                        }
                        return Err(duplicate(prefix, name.as_str(), slot.pos, pos));
                    }
                    let pending = match literal {
                        Some(set) => {
                            let mut nested = PendingAttrs {
                                rec: set.rec_token().is_some(),
                                ..PendingAttrs::default()
                            };
                            nested.add_entries(&set, &[], keys)?;
                            PendingValue::Nested(Box::new(nested))
                        }
                        None => PendingValue::Expr(value),
                    };
                    self.insert(name.clone(), pending, pos);
                    Ok(())
                } else {
                    let existing = match self.get_index(name) {
                        Some(index) => index,
                        None => {
                            self.insert(name.clone(), PendingValue::Nested(Box::default()), pos);
                            self.statics.len() - 1
                        }
                    };
                    let Some(slot) = self.statics.get_mut(existing) else {
                        return Ok(());
                    };
                    match &mut slot.value {
                        PendingValue::Nested(nested) => {
                            nested.add_path(&full, rest, value, pos, keys)
                        }
                        _ => Err(duplicate(prefix, name.as_str(), slot.pos, pos)),
                    }
                }
            }
        }
    }
}

/// A set literal, which Nix merges with attribute-path bindings.
fn mergeable_literal(expr: &ast::Expr) -> Option<ast::AttrSet> {
    match expr {
        ast::Expr::AttrSet(set) => Some(set.clone()),
        _ => None,
    }
}

fn duplicate(prefix: &[String], name: &str, previous: SrcSpan, at: SrcSpan) -> CollectError {
    let mut full: Vec<&str> = prefix.iter().map(String::as_str).collect();
    full.push(name);
    CollectError::Duplicate(Duplicate {
        name: full.join("."),
        previous,
        at,
    })
}

use rowan::ast::AstNode;
