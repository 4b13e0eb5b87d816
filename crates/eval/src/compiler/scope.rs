//! Lexical scopes during lowering, and variable resolution to `(depth, slot)`.
//!
//! Each scope corresponds to one runtime [`crate::value::Env`]: a `let`, a
//! `rec` set, a lambda, a `with` (one slot: its namespace) or a hidden scope (a
//! plain set's `inherit (e)` sources). The root scope is the global
//! environment (builtins). Lexical bindings, including globals, win over `with`.

use crate::symbols::{NameMap, Symbol};

/// One lexical scope.
pub enum Scope {
    /// Named slots.
    Names(NameMap<u32>),
    /// A `with` namespace.
    With,
    /// Slots without names.
    Hidden,
}

/// How a name resolves.
pub enum Resolution {
    /// A lexical variable: scopes up, slot.
    Found {
        /// How many scopes up.
        depth: u32,
        /// The slot.
        slot: u32,
    },
    /// Only a `with` can provide it: depths of the `with` scopes, innermost first.
    FromWith(Vec<u32>),
    /// Not bound anywhere.
    Unbound,
}

/// The scope stack of one file.
pub struct Scopes<'a> {
    root: &'a NameMap<u32>,
    stack: Vec<Scope>,
}

impl<'a> Scopes<'a> {
    /// A stack holding only the globals.
    pub fn new(root: &'a NameMap<u32>) -> Self {
        Scopes {
            root,
            stack: Vec::new(),
        }
    }

    /// Enters a scope.
    pub fn push(&mut self, scope: Scope) {
        self.stack.push(scope);
    }

    /// Leaves the innermost scope.
    pub fn pop(&mut self) {
        self.stack.pop();
    }

    /// Resolves `name`, ignoring the `skip` innermost scopes (still counting
    /// their depth): `inherit x;` in a `rec` set or `let` looks outside it.
    pub fn resolve(&self, name: &Symbol, skip: usize) -> Resolution {
        let mut withs = Vec::new();
        for (depth, scope) in self.stack.iter().rev().enumerate() {
            if depth < skip {
                continue;
            }
            let depth = u32::try_from(depth).unwrap_or(u32::MAX);
            match scope {
                Scope::Names(names) => {
                    if let Some(slot) = names.get(name) {
                        return Resolution::Found { depth, slot: *slot };
                    }
                }
                Scope::With => withs.push(depth),
                Scope::Hidden => {}
            }
        }
        if let Some(slot) = self.root.get(name) {
            let depth = u32::try_from(self.stack.len()).unwrap_or(u32::MAX);
            return Resolution::Found { depth, slot: *slot };
        }
        if withs.is_empty() {
            Resolution::Unbound
        } else {
            Resolution::FromWith(withs)
        }
    }
}
