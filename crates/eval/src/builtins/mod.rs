//! The builtin registry: every primop and constant, installed into the
//! `builtins` set and the global scope.
//!
//! Builtins live in one file per domain; each file exports
//! `pub const PRIMOPS: &[PrimOpDef]`, and [`DOMAINS`] below lists the files.
//! **To add a builtin:** write `fn my_op(vm: &mut Vm, args: Vec<Value>, span:
//! SrcSpan) -> EvalResult<Step>` in the right domain file and add a
//! [`PrimOpDef`] to that file's `PRIMOPS` (set `strict` bit *i* to have the VM
//! force argument *i* to weak head normal form before the call). A builtin that
//! must force or call further values returns a [`Step`] request instead of
//! recursing; see `vm/requests.rs`. A new domain file needs one line in
//! [`DOMAINS`] and one `mod`.
//!
//! Present (by file):
//! - `args.rs`: argument checking helpers (no builtins);
//! - `control.rs`: throw, abort, seq, deepSeq, tryEval, trace, warn,
//!   addErrorContext;
//! - `types.rs`: typeOf, isNull, isBool, isInt, isFloat, isString, isPath,
//!   isList, isAttrs, isFunction, functionArgs;
//! - `attrs.rs`: attrNames, attrValues, hasAttr, getAttr, removeAttrs,
//!   intersectAttrs, listToAttrs, mapAttrs, catAttrs, unsafeGetAttrPos;
//! - `lists.rs`: length, head, tail, elemAt, map, filter, foldl', genList,
//!   concatLists, concatMap, elem, any, all, sort, genericClosure;
//! - `strings.rs`: toString, stringLength, substring, concatStringsSep;
//! - `math.rs`: add, sub, mul, div, lessThan;
//! - `paths.rs`: import, scopedImport, findFile (`<p>` is
//!   `__findFile __nixPath "p"`), break; Nix's `<nix/fetchurl.nix>`;
//! - `regex/`: match, split (our own POSIX engine, see its header);
//! - `text.rs`: replaceStrings, baseNameOf, dirOf, toPath;
//! - `versions.rs`: splitVersion, compareVersions, parseDrvName;
//! - `hashing.rs`: hashString, convertHash;
//! - `json/`: fromJSON, toJSON (and `json::to_json` for `--json` output);
//! - `numeric.rs`: ceil, floor, bitAnd, bitOr, bitXor;
//! - `grouping.rs`: groupBy, partition, zipAttrsWith;
//! - `xml.rs`: toXML (and `xml::value_to_xml` for `--xml` output);
//! - `toml/`: fromTOML (our own reader with toml11's behaviour);
//! - `test_eval.rs`: the `check` helper for the domain files' unit tests.
//!
//! Constants: true, false, null, builtins, currentSystem, storeDir,
//! nixVersion, langVersion, nixPath (the `-I` entries), currentTime (the
//! host's clock, [`crate::io::EvalIo::current_time`], read once).

mod args;
mod attrs;
mod context;
mod control;
pub(crate) mod derivation;
mod files;
mod grouping;
mod hashing;
pub(crate) mod json;
mod lists;
mod math;
mod numeric;
mod paths;
mod regex;
mod store_paths;
mod strings;
#[cfg(test)]
mod test_eval;
mod text;
mod toml;
mod types;
mod versions;
pub(crate) mod xml;

pub use args::{argument_context, forced_argument_context, Args};

use std::rc::Rc;

use crate::errors::EvalResult;
use crate::source::SrcSpan;
use crate::value::{AttrSet, Env, PrimOpApp, Thunk, ThunkState, Value};
use crate::vm::{Step, Vm};

/// The signature of a builtin's implementation. `args` has exactly `arity`
/// values; strict ones are already forced.
pub type PrimOpFn = fn(&mut Vm, Vec<Value>, SrcSpan) -> EvalResult<Step>;

/// A builtin.
pub struct PrimOpDef {
    /// Its name in `builtins`.
    pub name: &'static str,
    /// How many arguments it takes.
    pub arity: usize,
    /// Bit *i* set: argument *i* is forced before the call.
    pub strict: u32,
    /// The implementation.
    pub func: PrimOpFn,
}

/// Every domain's primops.
pub const DOMAINS: &[&[PrimOpDef]] = &[
    control::PRIMOPS,
    types::PRIMOPS,
    attrs::PRIMOPS,
    lists::PRIMOPS,
    strings::PRIMOPS,
    math::PRIMOPS,
    paths::PRIMOPS,
    regex::PRIMOPS,
    text::PRIMOPS,
    versions::PRIMOPS,
    hashing::PRIMOPS,
    json::PRIMOPS,
    numeric::PRIMOPS,
    grouping::PRIMOPS,
    xml::PRIMOPS,
    toml::PRIMOPS,
    derivation::PRIMOPS,
    context::PRIMOPS,
    store_paths::PRIMOPS,
    files::PRIMOPS,
];

/// Builtins that are also global names without the `__` prefix.
const UNPREFIXED_GLOBALS: &[&str] = &[
    "abort",
    "baseNameOf",
    "break",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

/// `builtins.nixPath`: the `-I` entries as `{ path; prefix; }` sets, in
/// order (what `<p>` searches through `__findFile`).
fn search_path_value(vm: &mut Vm) -> Value {
    let path = vm.interner.intern("path");
    let prefix = vm.interner.intern("prefix");
    let entries = vm
        .config
        .search_path
        .clone()
        .into_iter()
        .map(|(entry_prefix, dir)| {
            Value::Attrs(Rc::new(AttrSet::from_unsorted(vec![
                vm.attr(path.clone(), Value::string(dir)),
                vm.attr(prefix.clone(), Value::string(entry_prefix)),
            ])))
        })
        .collect();
    Value::List(Rc::new(entries))
}

/// Builds `builtins` and the global scope into the VM.
pub fn install(vm: &mut Vm) {
    let mut entries = Vec::new();
    let mut globals: Vec<(String, Value)> = Vec::new();
    for domain in DOMAINS {
        for op in domain.iter() {
            let value = Value::PrimOp(Rc::new(PrimOpApp {
                op,
                args: Vec::new(),
            }));
            let symbol = vm.interner.intern(op.name);
            entries.push(vm.attr(symbol, value.clone()));
            if UNPREFIXED_GLOBALS.contains(&op.name) {
                globals.push((op.name.to_string(), value.clone()));
            }
            globals.push((format!("__{}", op.name), value));
        }
    }
    let constants: Vec<(&str, Value)> = vec![
        ("true", Value::Bool(true)),
        ("false", Value::Bool(false)),
        ("null", Value::Null),
        (
            "currentSystem",
            Value::string(vm.config.current_system.clone()),
        ),
        ("storeDir", Value::string("/nix/store")),
        ("nixVersion", Value::string("2.36.0")),
        ("langVersion", Value::Int(6)),
        ("nixPath", search_path_value(vm)),
        // Read once per evaluator, as Nix reads the clock once per run.
        ("currentTime", Value::Int(vm.io.current_time())),
    ];
    for (name, value) in constants {
        let symbol = vm.interner.intern(name);
        entries.push(vm.attr(symbol, value.clone()));
        if matches!(name, "true" | "false" | "null") {
            globals.push((name.to_string(), value.clone()));
        }
        globals.push((format!("__{name}"), value));
    }
    // `builtins.builtins` is the set itself: tie the knot through a thunk.
    let knot = Thunk::shared(ThunkState::Blackhole);
    let symbol = vm.interner.intern("builtins");
    entries.push(vm.attr(symbol, Value::Thunk(knot.clone())));
    let set = Value::Attrs(Rc::new(AttrSet::from_unsorted(entries)));
    knot.finish(set.clone());
    globals.push(("builtins".to_string(), set));

    let mut names = crate::symbols::NameMap::default();
    let mut slots = Vec::new();
    for (name, value) in globals {
        let symbol = vm.interner.intern(&name);
        if names.contains_key(&symbol) {
            continue;
        }
        names.insert(symbol, u32::try_from(slots.len()).unwrap_or(0));
        slots.push(value);
    }
    vm.globals = names;
    vm.root_env = Env::with_slots(slots, None);
}
