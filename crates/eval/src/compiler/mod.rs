//! The compiler: rnix syntax tree → resolved IR.
//!
//! - `ir.rs`: the expression tree the VM runs ([`Expr`], [`LambdaDef`], …);
//! - `scope.rs`: lexical scopes and `(depth, slot)` resolution;
//! - `bindings.rs`: attribute-path merging and duplicate detection;
//! - `indent.rs`: indented strings, cut and stripped as Nix does;
//! - `lower.rs`: the pass itself; `show.rs`: Nix's rendering of assertion
//!   conditions.
//!
//! Invariants: the IR never names a variable by string except `with` lookups;
//! lowering performs no evaluation and no I/O. Tests: `tests` in `lib.rs`'s
//! evaluator tests cover lowering through evaluation.

mod bindings;
mod indent;
mod ir;
mod lower;
mod scope;
mod show;

pub use ir::{
    AttrKey, AttrsDef, BinOp, DynamicAttr, Expr, ExprRef, Formal, LambdaDef, Param, StaticAttr,
};
pub use lower::{lower_root, LowerInput};
pub use show::attr_path_text;
