//! Builtins that make or name store paths: toFile, path, filterSource,
//! placeholder, hashFile, storePath (SEMANTICS §6.5, §6.12). `storeDir` is a
//! constant in the registry.
//!
//! `toFile` writes a text path whose references are the plain paths in its
//! contents' context (derivation contexts are refused, as in Nix).
//! `builtins.path` and `filterSource` copy a host path: recursively (a source
//! path over the NAR, optionally filtered by a Nix function called with each
//! entry's path and type) or flat (a fixed-output path over the file's
//! SHA-256), checking an expected `sha256` when given. The filter runs as VM
//! requests, one call per entry, walking depth first in name order like Nix.
//! Tests are at the bottom of this file.

use std::collections::BTreeSet;
use std::rc::Rc;

use fixpoint_store::{
    make_fixed_output_path, make_source_path, nar_sha256, FileIngestionMethod, Hash, HashAlgo,
    StorePath,
};

use super::args::force_each;
use super::control::take;
use super::files::{kind_name, kind_of, read_bytes, with_path, with_path_in};
use super::{Args, PrimOpDef};
use crate::derivations::{child_path, read_tree, read_tree_filtered, string_with, ContextElem};
use crate::errors::{EvalError, EvalResult};
use crate::io::PathKind;
use crate::source::SrcSpan;
use crate::value::{NixString, Value};
use crate::vm::{coerce_to_string, CoerceMode, Step, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[
    PrimOpDef {
        name: "toFile",
        arity: 2,
        strict: 0b11,
        func: to_file,
    },
    PrimOpDef {
        name: "path",
        arity: 1,
        strict: 1,
        func: path,
    },
    PrimOpDef {
        name: "filterSource",
        arity: 2,
        strict: 0b11,
        func: filter_source,
    },
    PrimOpDef {
        name: "placeholder",
        arity: 1,
        strict: 1,
        func: placeholder,
    },
    PrimOpDef {
        name: "hashFile",
        arity: 2,
        strict: 0b11,
        func: hash_file,
    },
    PrimOpDef {
        name: "storePath",
        arity: 1,
        strict: 1,
        func: store_path,
    },
];

/// A string argument that must not carry context (Nix's `forceStringNoCtx`).
fn plain_string(vm: &Vm, check: Args, index: usize, value: &Value) -> EvalResult<String> {
    let s = check.string(vm, index, value)?;
    if let Some(element) = s.context.first() {
        return Err(EvalError::builtin(format!(
            "the string '{}' is not allowed to refer to a store path (such as '{}')",
            s.to_str_lossy(),
            ContextElem::parse(element).path()
        ))
        .with_frame(check.context(index), None));
    }
    Ok(s.to_str_lossy().into_owned())
}

fn to_file(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [name, contents] = take(args)?;
    let check = Args { name: "toFile" };
    let name = plain_string(vm, check, 0, &name)?;
    let contents = check.string(vm, 1, &contents)?;
    let mut references = BTreeSet::new();
    for element in contents.context.iter() {
        match ContextElem::parse(element) {
            ContextElem::Opaque(path) => {
                references.insert(crate::derivations::parse_store_path(&path)?);
            }
            other => {
                return Err(EvalError::builtin(format!(
                    "files created by builtins.toFile may not reference derivations, but {name} references {}",
                    other.path()
                )))
            }
        }
    }
    let path = vm
        .store
        .add_text(&name, &contents.bytes, references)
        .map_err(|e| EvalError::builtin(format!("invalid name for builtins.toFile: {e}")))?
        .to_absolute_path();
    Ok(Step::Value(string_with(
        path.clone(),
        ContextElem::Opaque(path),
    )))
}

fn placeholder(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [output] = take(args)?;
    let output = plain_string(
        vm,
        Args {
            name: "placeholder",
        },
        0,
        &output,
    )?;
    Ok(Step::Value(Value::string(fixpoint_store::placeholder(
        &output,
    ))))
}

fn hash_algo(name: &str) -> EvalResult<HashAlgo> {
    HashAlgo::from_name(name).ok_or_else(|| {
        EvalError::builtin(format!(
            "unknown hash algorithm '{name}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'"
        ))
    })
}

fn hash_file(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [algo, file] = take(args)?;
    let algo = hash_algo(&plain_string(vm, Args { name: "hashFile" }, 0, &algo)?)?;
    with_path(vm, file, move |vm, path| {
        let bytes = read_bytes(vm, &path)?;
        Ok(Step::Value(Value::string(
            Hash::digest(algo, &bytes).to_base16(),
        )))
    })
}

fn store_path(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let frame = "while evaluating the first argument passed to 'builtins.storePath'";
    let step = coerce_to_string(vm, value, CoerceMode::Interpolation { copy_paths: false })
        .map_err(|e| e.with_frame(frame, None))?;
    Ok(Step::then(step, move |_, text| {
        let Value::String(text) = text else {
            return Err(crate::vm::internal("coercion returned a non-string"));
        };
        let path = crate::paths::canonicalize(&text.to_str_lossy());
        let (store_path, _) = StorePath::from_absolute_path_prefix(&path)
            .map_err(|_| EvalError::builtin(format!("path '{path}' is not in the Nix store")))?;
        let mut context = text.context.to_vec();
        context.push(ContextElem::Opaque(store_path.to_absolute_path()).encode());
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(path.into_bytes(), context),
        ))))
    }))
}

/// What a `builtins.path` call asked for.
struct AddPath {
    path: String,
    name: Option<String>,
    filter: Option<Value>,
    recursive: bool,
    expected: Option<Hash>,
}

fn path(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    let check = Args { name: "path" };
    let attrs = check.attrs(vm, 0, &value)?;
    for attr in attrs.entries() {
        let key = attr.name.as_str();
        if !matches!(key, "path" | "name" | "filter" | "recursive" | "sha256") {
            return Err(EvalError::builtin(format!(
                "unsupported argument '{key}' to 'builtins.path'"
            )));
        }
    }
    let Some(path_value) = attrs.get("path").cloned() else {
        return Err(EvalError::builtin(
            "missing required 'path' attribute in the first argument to builtins.path",
        ));
    };
    let others: Vec<Value> = ["name", "filter", "recursive", "sha256"]
        .iter()
        .map(|key| attrs.get(key).cloned().unwrap_or(Value::Null))
        .collect();
    Ok(force_each(others, None, move |vm, forced| {
        let [name, filter, recursive, sha256] = take(forced)?;
        let attr_frame =
            |key: &str| format!("while evaluating the `{key}` attribute passed to builtins.path");
        let name = match name {
            Value::Null => None,
            other => Some(
                plain_string(vm, check, 0, &other)
                    .map_err(|e| e.with_frame(attr_frame("name"), None))?,
            ),
        };
        let recursive = match recursive {
            Value::Null => true,
            Value::Bool(b) => b,
            other => {
                return Err(vm
                    .type_error("a Boolean", &other)
                    .with_frame(attr_frame("recursive"), None))
            }
        };
        let expected = match sha256 {
            Value::Null => None,
            other => {
                let text = plain_string(vm, check, 0, &other)
                    .map_err(|e| e.with_frame(attr_frame("sha256"), None))?;
                Some(
                    Hash::parse(&text, Some(HashAlgo::Sha256))
                        .map_err(|e| EvalError::builtin(e.to_string()))?,
                )
            }
        };
        let filter = match filter {
            Value::Null => None,
            other => Some(other),
        };
        with_path(vm, path_value, move |vm, path| {
            add_path(
                vm,
                AddPath {
                    path,
                    name,
                    filter,
                    recursive,
                    expected,
                },
            )
        })
    }))
}

fn filter_source(vm: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [filter, source] = take(args)?;
    // Nix checks the path before the filter.
    let context = "while evaluating the second argument (the path to filter) passed to 'builtins.filterSource'";
    with_path_in(vm, source, context, move |vm, path| {
        Args {
            name: "filterSource",
        }
        .function(vm, 0, &filter)?;
        add_path(
            vm,
            AddPath {
                path,
                name: None,
                filter: Some(filter),
                recursive: true,
                expected: None,
            },
        )
    })
}

/// Runs the filter over the tree (if any), then adds the path.
fn add_path(vm: &mut Vm, request: AddPath) -> EvalResult<Step> {
    if kind_of(vm, &request.path).is_none() {
        return Err(crate::derivations::io_error(crate::io::IoError::NotFound {
            path: request.path,
        }));
    }
    let Some(filter) = request.filter.clone() else {
        return finish_add(vm, request, None);
    };
    let mut pending = children(vm, &request.path);
    pending.reverse();
    // Nix names the path for every error the filter raises.
    let context = format!("while adding path '{}'", request.path);
    let walk = Walk {
        request,
        filter,
        pending,
        accepted: BTreeSet::new(),
    };
    let step = walk_next(vm, walk)?;
    Ok(Step::Within(Box::new(step), (context, None)))
}

/// The entries of a directory (empty for anything else), in name order.
fn children(vm: &Vm, path: &str) -> Vec<String> {
    if kind_of(vm, path) != Some(PathKind::Directory) {
        return Vec::new();
    }
    let host = match vm.store.readable(path) {
        Some(crate::derivations::Readable::Host(host)) => host,
        _ => return Vec::new(),
    };
    vm.io
        .read_dir(&host)
        .map(|entries| {
            entries
                .into_iter()
                .map(|(name, _)| child_path(path, &name))
                .collect()
        })
        .unwrap_or_default()
}

/// The filter's walk: entries still to ask about (a stack), and the accepted.
struct Walk {
    request: AddPath,
    filter: Value,
    pending: Vec<String>,
    accepted: BTreeSet<String>,
}

fn walk_next(vm: &mut Vm, mut walk: Walk) -> EvalResult<Step> {
    let Some(entry) = walk.pending.pop() else {
        let accepted = walk.accepted;
        return finish_add(vm, walk.request, Some(accepted));
    };
    let kind = kind_of(vm, &entry).unwrap_or(PathKind::Unknown);
    let span = vm.no_span();
    let args = vec![Value::string(entry.clone()), Value::string(kind_name(kind))];
    Ok(Step::call(
        walk.filter.clone(),
        args,
        span,
        move |_, keep| {
            Ok(Step::force(keep, move |vm, keep| {
                let Value::Bool(keep) = keep else {
                    return Err(vm.type_error("a Boolean", &keep).with_frame(
                        "while evaluating the return value of the path filter function",
                        None,
                    ));
                };
                if keep {
                    let mut below = children(vm, &entry);
                    below.reverse();
                    walk.pending.extend(below);
                    walk.accepted.insert(entry);
                }
                walk_next(vm, walk)
            }))
        },
    ))
}

/// Hashes the (filtered) tree or file and names the store path.
fn finish_add(
    vm: &mut Vm,
    request: AddPath,
    accepted: Option<BTreeSet<String>>,
) -> EvalResult<Step> {
    let name = request
        .name
        .clone()
        .unwrap_or_else(|| crate::paths::base_name(&request.path).to_string());
    let host = match vm.store.readable(&request.path) {
        Some(crate::derivations::Readable::Host(host)) => Some(host),
        _ => None,
    };
    let invalid = |e: fixpoint_store::StorePathError| {
        EvalError::builtin(format!("cannot add '{}' to the store: {e}", request.path))
    };
    let store_path = if request.recursive {
        let tree = match (&host, &accepted) {
            (Some(host), Some(accepted)) => {
                // The filter saw store-side names; map them onto the host tree.
                let prefix = request.path.clone();
                let host_root = host.clone();
                let keep = |child: &str| {
                    let relative = child.strip_prefix(&host_root).unwrap_or(child);
                    accepted.contains(&format!("{prefix}{relative}"))
                };
                read_tree_filtered(vm, host, &keep)?
            }
            (Some(host), None) => read_tree(vm, host)?,
            (None, _) => fixpoint_store::NarNode::file(read_bytes(vm, &request.path)?),
        };
        let digest = nar_sha256(&tree);
        make_source_path(&name, &digest, &BTreeSet::new(), false).map_err(invalid)?
    } else {
        let bytes = read_bytes(vm, &request.path)?;
        let hash = Hash::digest(HashAlgo::Sha256, &bytes);
        make_fixed_output_path(&name, FileIngestionMethod::Flat, &hash).map_err(invalid)?
    };
    if let Some(expected) = &request.expected {
        let method = if request.recursive {
            FileIngestionMethod::Recursive
        } else {
            FileIngestionMethod::Flat
        };
        let expected_path = make_fixed_output_path(&name, method, expected).map_err(invalid)?;
        if expected_path != store_path {
            return Err(EvalError::builtin(format!(
                "store path mismatch in (possibly filtered) path added from '{}'",
                request.path
            )));
        }
    }
    let store_path = store_path.to_absolute_path();
    if accepted.is_none() && request.recursive {
        if let Some(host) = host {
            vm.store.add_copy(&store_path, &host);
        }
    }
    Ok(Step::Value(string_with(
        store_path.clone(),
        ContextElem::Opaque(store_path),
    )))
}

#[cfg(test)]
mod tests {
    use crate::{EvalOptions, Evaluator, MemoryIo};

    fn eval(source: &str) -> String {
        let mut io = MemoryIo::new();
        io.insert("/w/myfile", "mycontent\n");
        io.insert("/w/dir/data", "foo\n");
        io.insert("/w/dir/other", "bar\n");
        io.insert("/w/x.drv", "");
        let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
        let outcome = evaluator.eval_source("/w/main.nix", source);
        match (outcome.value, outcome.error) {
            (Some(value), _) => value,
            (None, Some(error)) => format!("error: {}", error.message),
            (None, None) => "nothing".into(),
        }
    }

    #[test]
    fn text_and_source_paths() {
        assert_eq!(
            eval(r#"builtins.toFile "foo" "bar""#),
            r#""/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo""#
        );
        assert_eq!(
            eval(r#"builtins.toFile "baz" (builtins.toFile "foo" "bar")"#),
            r#""/nix/store/5xd714cbfnkz02h2vbsj4fm03x3f15nf-baz""#
        );
        assert_eq!(
            eval(r#""${./myfile}""#),
            r#""/nix/store/xv2iccirbrvklck36f1g7vldn5v58vck-myfile""#
        );
        assert_eq!(
            eval(r#"builtins.path { path = ./myfile; }"#),
            r#""/nix/store/xv2iccirbrvklck36f1g7vldn5v58vck-myfile""#
        );
        assert_eq!(
            eval(r#"builtins.placeholder "out""#),
            r#""/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9""#
        );
    }

    #[test]
    fn filters_and_flat_paths() {
        let filtered = eval(
            r#"builtins.path { path = ./dir; name = "d"; filter = p: t: p == "/w/dir/data"; }"#,
        );
        let same = eval(r#"builtins.filterSource (p: t: p != "/w/dir/other") ./dir"#);
        let whole = eval(r#""${./dir}""#);
        assert_ne!(filtered, whole);
        assert!(same.ends_with("-dir\""), "{same}");
        assert_ne!(same, whole);
        assert_eq!(
            eval(
                r#"builtins.path { path = ./myfile; recursive = false; sha256 = "0000000000000000000000000000000000000000000000000000"; }"#
            ),
            "error: store path mismatch in (possibly filtered) path added from '/w/myfile'"
        );
    }

    #[test]
    fn context_and_errors() {
        assert_eq!(
            eval(r#"builtins.toFile "x" "${derivation { name = "d"; builder = ":"; system = ":"; }}""#),
            "error: files created by builtins.toFile may not reference derivations, but x references /nix/store/6cyq4y90xfp534sxq809557cz8kmvpbk-d.drv"
        );
        assert_eq!(
            eval(r#""${./x.drv}""#),
            "error: file names are not allowed to end in '.drv'"
        );
        assert_eq!(
            eval("builtins.placeholder [ ]"),
            "error: expected a string but found a list: [ ]"
        );
        assert_eq!(
            eval("builtins.storePath true"),
            "error: cannot coerce a Boolean to a string: true"
        );
        assert_eq!(
            eval(
                r#"builtins.getContext (builtins.storePath "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo/bin")"#
            ),
            r#"{ "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo" = { path = true; }; }"#
        );
        assert_eq!(
            eval(r#"builtins.hashFile "sha256" ./myfile"#),
            r#""f3f3c4763037e059b4d834eaf68595bbc02ba19f6d2a500dce06d124e2cd99bb""#
        );
    }
}
