//! The evaluator's store: what one [`crate::Evaluator`] has put into `/nix/store`
//! while evaluating, and the glue between Nix values and `fixpoint-store`.
//!
//! [`StoreState`] lives in the VM. It keeps
//! - every derivation `derivationStrict` created, with its hash modulo (the
//!   store crate's [`MemoryStore`], which is also the lookup for input hashes),
//!   so the UI can later ask for a derivation's `.drv` text and inputs;
//! - the source paths made by copying host paths (`"${./file}"`,
//!   `builtins.path`), and the text files of
//!   `builtins.toFile`, so `readFile` and friends can read them back.
//!
//! It also holds the string-context vocabulary ([`ContextElem`]: plain path,
//! one output of a derivation, a derivation with its closure) and turns the
//! contexts collected while coercing derivation attributes into `inputSrcs`
//! and `inputDrvs` (SEMANTICS §6.11). The builtins that use all this are in
//! `builtins/derivation.rs`, `builtins/context.rs`, `builtins/store_paths.rs`
//! and `builtins/files.rs`.
//!
//! Invariants: nothing is ever built or fetched; a path in the store is
//! readable only if this evaluator wrote it (a text file or a copied source).
//! Deliberately absent: content-addressed derivations, executable bits and
//! symlinks in copied sources (the host interface does not expose them).
//! Tests: `tests/derivations_differential.rs` (against real Nix) and the unit
//! tests at the bottom of this file and of `builtins/context.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use fixpoint_store::{
    nar_sha256, Derivation, DerivationBuilder, MemoryStore, NarNode, StorePath, StorePathError,
};
use rustc_hash::FxHashMap;

use crate::errors::{EvalError, EvalResult};
use crate::io::{IoError, PathKind};
use crate::value::{NixString, Value};
use crate::vm::Vm;
use crate::Evaluator;

pub use fixpoint_store::{Derivation as StoreDerivation, StorePath as StoreObjectPath};

/// How deep a copied directory tree may be before copying gives up.
const MAX_COPY_DEPTH: usize = 256;

/// One element of a string's context, decoded from the VM's encoding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContextElem {
    /// A plain store path (`/nix/store/…`), e.g. a copied source.
    Opaque(String),
    /// Output `output` of the derivation `drv` (`!output!/nix/store/….drv`).
    Built {
        /// The `.drv` path.
        drv: String,
        /// The output name.
        output: String,
    },
    /// A derivation and its whole closure (`=/nix/store/….drv`).
    Deep(String),
}

impl ContextElem {
    /// Decodes one context string.
    pub fn parse(text: &str) -> ContextElem {
        if let Some(drv) = text.strip_prefix('=') {
            return ContextElem::Deep(drv.to_string());
        }
        if let Some(rest) = text.strip_prefix('!') {
            if let Some((output, drv)) = rest.split_once('!') {
                return ContextElem::Built {
                    drv: drv.to_string(),
                    output: output.to_string(),
                };
            }
        }
        ContextElem::Opaque(text.to_string())
    }

    /// The VM's encoding of this element.
    pub fn encode(&self) -> Rc<str> {
        match self {
            ContextElem::Opaque(path) => Rc::from(path.as_str()),
            ContextElem::Built { drv, output } => Rc::from(format!("!{output}!{drv}")),
            ContextElem::Deep(drv) => Rc::from(format!("={drv}")),
        }
    }

    /// The store path the element is about (the `.drv` for derivations).
    pub fn path(&self) -> &str {
        match self {
            ContextElem::Opaque(path) | ContextElem::Deep(path) => path,
            ContextElem::Built { drv, .. } => drv,
        }
    }
}

/// What a store path this evaluator created contains.
#[derive(Clone, Debug)]
enum StoreObject {
    /// A `builtins.toFile` text.
    Text(Vec<u8>),
    /// A copy of this host path (a file or a directory).
    Copy(String),
}

/// Where a path can be read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Readable {
    /// On the host, at this path.
    Host(String),
    /// A text file this evaluator wrote to the store.
    Text(Vec<u8>),
}

/// The store objects of one evaluator.
#[derive(Default)]
pub struct StoreState {
    store: MemoryStore,
    /// Derivations in the order they were created.
    order: Vec<StorePath>,
    /// Output names of each derivation, in `outputs` order.
    output_names: FxHashMap<StorePath, Vec<String>>,
    /// Store path (absolute) → what it contains.
    objects: BTreeMap<String, StoreObject>,
    /// The `derivation` wrapper function, once loaded.
    pub(crate) wrapper: Option<Value>,
}

impl StoreState {
    /// The store crate's record, for hash lookups.
    pub(crate) fn memory_store(&self) -> &MemoryStore {
        &self.store
    }

    /// Records a finished derivation.
    pub(crate) fn insert_built(&mut self, built: fixpoint_store::BuiltDerivation) {
        if !self.output_names.contains_key(&built.drv_path) {
            self.order.push(built.drv_path.clone());
        }
        self.output_names
            .insert(built.drv_path.clone(), built.output_names.clone());
        self.store.record(built);
    }

    /// The derivation at `drv_path`, if this evaluator created it.
    pub fn derivation(&self, drv_path: &str) -> Option<&Derivation> {
        let path = StorePath::from_absolute_path(drv_path).ok()?;
        self.store.derivation(&path)
    }

    /// Records a `toFile` text under its store path.
    pub(crate) fn add_text(
        &mut self,
        name: &str,
        contents: &[u8],
        references: BTreeSet<StorePath>,
    ) -> Result<StorePath, StorePathError> {
        let path = self.store.add_text(name, contents, references)?;
        self.objects.insert(
            path.to_absolute_path(),
            StoreObject::Text(contents.to_vec()),
        );
        Ok(path)
    }

    /// Records that `store_path` holds a copy of `host_path`.
    pub(crate) fn add_copy(&mut self, store_path: &str, host_path: &str) {
        self.objects.insert(
            store_path.to_string(),
            StoreObject::Copy(host_path.to_string()),
        );
    }

    /// Where to read `path` from: store paths this evaluator wrote map to their
    /// contents, anything else is the host's.
    pub fn readable(&self, path: &str) -> Option<Readable> {
        let Ok((store_path, rest)) = StorePath::from_absolute_path_prefix(path) else {
            return Some(Readable::Host(path.to_string()));
        };
        match self.objects.get(&store_path.to_absolute_path())? {
            StoreObject::Text(bytes) if rest.is_empty() => Some(Readable::Text(bytes.clone())),
            StoreObject::Text(_) => None,
            StoreObject::Copy(host) => Some(Readable::Host(format!("{host}{rest}"))),
        }
    }

    /// The context `readFile` gives the contents of `path`: the references
    /// of the store object it is in that occur in `contents` (as in Nix).
    pub(crate) fn read_context(&self, path: &str, contents: &[u8]) -> Vec<Rc<str>> {
        let Ok((store_path, _)) = StorePath::from_absolute_path_prefix(path) else {
            return Vec::new();
        };
        self.store
            .references(&store_path)
            .into_iter()
            .filter(|reference| {
                let hash = reference.hash_part().as_bytes();
                contents.windows(hash.len()).any(|window| window == hash)
            })
            .map(|reference| ContextElem::Opaque(reference.to_absolute_path()).encode())
            .collect()
    }

    /// The inputs a list of context strings contributes to a new derivation.
    pub(crate) fn add_inputs(
        &self,
        builder: &mut DerivationBuilder,
        context: &[Rc<str>],
    ) -> EvalResult<()> {
        for element in context {
            let element = ContextElem::parse(element);
            let path = parse_store_path(element.path())?;
            match element {
                ContextElem::Opaque(_) => {
                    builder.input_src(path);
                }
                ContextElem::Built { output, .. } => {
                    builder.input_drv_output(path, output);
                }
                ContextElem::Deep(_) => {
                    let deep = self.store.deep_inputs(&path);
                    for src in deep.input_srcs {
                        builder.input_src(src);
                    }
                    for (drv, outputs) in deep.input_drvs {
                        for output in outputs {
                            builder.input_drv_output(drv.clone(), output);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Parses an absolute store path from a context, as an evaluation error.
pub(crate) fn parse_store_path(path: &str) -> EvalResult<StorePath> {
    StorePath::from_absolute_path(path)
        .map_err(|e| EvalError::builtin(format!("invalid store path in a string context: {e}")))
}

/// A string value with one context element.
pub(crate) fn string_with(text: impl Into<Vec<u8>>, element: ContextElem) -> Value {
    Value::String(Rc::new(NixString::with_context(
        text,
        vec![element.encode()],
    )))
}

/// The NAR tree of a host path, read through the VM's host.
pub(crate) fn read_tree(vm: &Vm, path: &str) -> EvalResult<NarNode> {
    read_tree_at(vm, path, 0, &|_| true)
}

/// The NAR tree of a host path, keeping only the entries below it for which
/// `keep` holds (a rejected directory drops its whole subtree).
pub(crate) fn read_tree_filtered(
    vm: &Vm,
    path: &str,
    keep: &dyn Fn(&str) -> bool,
) -> EvalResult<NarNode> {
    read_tree_at(vm, path, 0, keep)
}

fn read_tree_at(
    vm: &Vm,
    path: &str,
    depth: usize,
    keep: &dyn Fn(&str) -> bool,
) -> EvalResult<NarNode> {
    if depth > MAX_COPY_DEPTH {
        return Err(EvalError::builtin(format!(
            "cannot copy '{path}' to the store: the directory tree is deeper than {MAX_COPY_DEPTH} levels"
        )));
    }
    match vm.io.path_kind(path) {
        None => Err(io_error(IoError::NotFound { path: path.into() })),
        Some(PathKind::Regular) => {
            let bytes = vm.io.read_file(path).map_err(io_error)?;
            Ok(NarNode::file(bytes))
        }
        Some(PathKind::Directory) => {
            let mut entries = BTreeMap::new();
            for (name, _) in vm.io.read_dir(path).map_err(io_error)? {
                let child = child_path(path, &name);
                if keep(&child) {
                    entries.insert(name, read_tree_at(vm, &child, depth + 1, keep)?);
                }
            }
            Ok(NarNode::Directory(entries))
        }
        // A link is copied as a link, as Nix does (its target verbatim).
        Some(PathKind::Symlink) => {
            let target = vm.io.read_link(path).map_err(io_error)?;
            Ok(NarNode::Symlink { target })
        }
        Some(PathKind::Unknown) => Err(EvalError::builtin(format!(
            "cannot copy '{path}' to the store: the playground's file system has no special files"
        ))),
    }
}

/// `dir/name`, without doubling the root's slash.
pub(crate) fn child_path(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// A host error as an evaluation error.
pub(crate) fn io_error(error: IoError) -> EvalError {
    EvalError::new(
        crate::diagnostics::ErrorKind::Io {
            message: error.to_string(),
        },
        None,
    )
}

/// `"${./file}"`: copies a host path into the store as a source path named
/// after its last component; the string carries the path as plain context.
/// Copies are not cached: the host's files may change between evaluations.
pub fn copy_path_to_store(vm: &mut Vm, path: &str) -> EvalResult<Value> {
    let name = crate::paths::base_name(path).to_string();
    if name.ends_with(".drv") {
        return Err(EvalError::builtin(
            "file names are not allowed to end in '.drv'",
        ));
    }
    let tree = read_tree(vm, path)?;
    let store_path =
        fixpoint_store::make_source_path(&name, &nar_sha256(&tree), &BTreeSet::new(), false)
            .map_err(|e| EvalError::builtin(format!("cannot copy '{path}' to the store: {e}")))?
            .to_absolute_path();
    vm.store.add_copy(&store_path, path);
    Ok(string_with(
        store_path.clone(),
        ContextElem::Opaque(store_path),
    ))
}

/// A derivation's parts, for the UI's "show derivation".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivationView {
    /// The `.drv` path.
    pub drv_path: String,
    /// The derivation name.
    pub name: String,
    /// Output names in `outputs` order, with their paths.
    pub outputs: Vec<(String, String)>,
    /// Input derivations (`.drv` paths) with the output names used, sorted.
    pub input_drvs: Vec<(String, Vec<String>)>,
    /// Input sources, sorted.
    pub input_srcs: Vec<String>,
    /// `system`.
    pub system: String,
    /// `builder`.
    pub builder: String,
    /// `args`.
    pub args: Vec<String>,
    /// The environment, sorted by name.
    pub env: Vec<(String, String)>,
    /// The `.drv` file (ATerm).
    pub aterm: String,
}

impl Evaluator {
    /// Forgets the derivations and store objects of earlier evaluations (for
    /// a host that re-evaluates and wants only the new run's derivations).
    pub fn clear_store(&mut self) {
        let wrapper = self.vm.store.wrapper.take();
        self.vm.store = StoreState {
            wrapper,
            ..StoreState::default()
        };
    }

    /// The `.drv` (ATerm) text of a derivation this evaluator created.
    pub fn derivation_text(&self, drv_path: &str) -> Option<String> {
        self.vm.store.derivation(drv_path).map(|drv| drv.to_aterm())
    }

    /// A derivation this evaluator created, in parts.
    pub fn derivation_view(&self, drv_path: &str) -> Option<DerivationView> {
        let path = StorePath::from_absolute_path(drv_path).ok()?;
        let drv = self.vm.store.store.derivation(&path)?;
        let names = self
            .vm
            .store
            .output_names
            .get(&path)
            .cloned()
            .unwrap_or_else(|| drv.outputs.keys().cloned().collect());
        let outputs = names
            .iter()
            .map(|name| {
                let out = drv
                    .outputs
                    .get(name)
                    .and_then(|o| o.path.as_ref())
                    .map(StorePath::to_absolute_path)
                    .unwrap_or_default();
                (name.clone(), out)
            })
            .collect();
        Some(DerivationView {
            drv_path: path.to_absolute_path(),
            name: drv.name.clone(),
            outputs,
            input_drvs: drv
                .input_drvs
                .iter()
                .map(|(p, outs)| (p.to_absolute_path(), outs.iter().cloned().collect()))
                .collect(),
            input_srcs: drv
                .input_srcs
                .iter()
                .map(StorePath::to_absolute_path)
                .collect(),
            system: drv.system.clone(),
            builder: drv.builder.clone(),
            args: drv.args.clone(),
            env: drv
                .env
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            aterm: drv.to_aterm(),
        })
    }

    /// The `nix derivation show` JSON of a derivation this evaluator created.
    pub fn derivation_json(&self, drv_path: &str) -> Option<String> {
        let path = StorePath::from_absolute_path(drv_path).ok()?;
        let drv = self.vm.store.store.derivation(&path)?;
        Some(drv.to_show_json(&path))
    }

    /// Every `.drv` path this evaluator created, in creation order.
    pub fn known_derivations(&self) -> Vec<String> {
        self.vm
            .store
            .order
            .iter()
            .map(StorePath::to_absolute_path)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_elements_round_trip() {
        for text in [
            "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo",
            "!out!/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv",
            "=/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv",
        ] {
            assert_eq!(&*ContextElem::parse(text).encode(), text);
        }
        assert_eq!(
            ContextElem::parse("!dev!/nix/store/x.drv"),
            ContextElem::Built {
                drv: "/nix/store/x.drv".into(),
                output: "dev".into()
            }
        );
    }

    #[test]
    fn store_objects_are_readable_back() {
        let mut state = StoreState::default();
        let text = state
            .add_text("foo", b"bar", BTreeSet::new())
            .expect("valid name")
            .to_absolute_path();
        assert_eq!(text, "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo");
        assert_eq!(state.readable(&text), Some(Readable::Text(b"bar".to_vec())));
        state.add_copy("/nix/store/xv2iccirbrvklck36f1g7vldn5v58vck-myfile", "/w/d");
        assert_eq!(
            state.readable("/nix/store/xv2iccirbrvklck36f1g7vldn5v58vck-myfile/a"),
            Some(Readable::Host("/w/d/a".into()))
        );
        assert_eq!(
            state.readable("/nix/store/00000000000000000000000000000000-x"),
            None
        );
        assert_eq!(
            state.readable("/etc/x"),
            Some(Readable::Host("/etc/x".into()))
        );
    }
    /// SEMANTICS §6.13, V2 and V4–V20, through the evaluator: each program
    /// prints the expected store paths.
    #[test]
    fn semantics_vectors_through_the_evaluator() {
        const SRI: &str = "sha256-Q3QXOoy+iN4VK2CflvRulYvPZXYgF0dO7FoF7CvWFTA=";
        const HEX: &str = "4374173a8cbe88de152b609f96f46e958bcf65762017474eec5a05ec2bd61530";
        let v7 = r#"name = "foo"; builder = "/bin/sh"; system = "x86_64-linux";"#;
        let v16 = r#"bar = derivation { name = "bar"; builder = ":"; system = ":"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "08813cbee9903c62be4c5027726a418a300da4500b2d369d3af9286f4815ceba"; };"#;
        let cases: Vec<(String, &str)> = vec![
            (r#""${./myfile}""#.into(), r#""/nix/store/xv2iccirbrvklck36f1g7vldn5v58vck-myfile""#),
            (
                r#"let d = derivation { system = "x86_64-linux"; builder = ./myfile; name = "foo"; }; in [ d.outPath d.drvPath ]"#.into(),
                r#"[ "/nix/store/hs0yi5n5nw6micqhy8l1igkbhqdkzqa1-foo" "/nix/store/y4h73bmrc9ii5bxg6i7ck6hsf5gqv8ck-foo.drv" ]"#,
            ),
            (
                r#"let d = derivation { name = "bar"; system = "x86_64-linux"; builder = "none"; outputHashMode = "flat"; outputHashAlgo = "sha256"; outputHash = "f3f3c4763037e059b4d834eaf68595bbc02ba19f6d2a500dce06d124e2cd99bb"; }; in [ d.outPath d.drvPath ]"#.into(),
                r#"[ "/nix/store/a00d5f71k0vp5a6klkls0mvr1f7sx6ch-bar" "/nix/store/ymsf5zcqr9wlkkqdjwhqllgwa97rff5i-bar.drv" ]"#,
            ),
            (
                format!("let d = derivation {{ {v7} }}; in [ d.outPath d.drvPath ]"),
                r#"[ "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo" "/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv" ]"#,
            ),
            (
                format!(r#"(derivation {{ {v7} args = [ "--foo" "42" "--bar" ]; }}).outPath"#),
                r#""/nix/store/365gi78n2z7vwc1bvgb98k0a9cqfp6as-foo""#,
            ),
            (
                format!(r#"(derivation {{ {v7} outputs = [ "foo" "bar" ]; }}).outPath"#),
                r#""/nix/store/hkwdinvz2jpzgnjy9lv34d2zxvclj4s3-foo-foo""#,
            ),
            (
                format!(
                    r#"map (h: (derivation {{ {v7} outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = h; }}).outPath) [ "{SRI}" "{HEX}" ]"#
                ),
                r#"[ "/nix/store/17wgs52s7kcamcyin4ja58njkf91ipq8-foo" "/nix/store/17wgs52s7kcamcyin4ja58njkf91ipq8-foo" ]"#,
            ),
            (
                format!(
                    r#"[ (derivation {{ {v7} outputHash = "{SRI}"; }}).outPath (derivation {{ name = "foo2"; builder = "/bin/sh"; system = "x86_64-linux"; outputHashMode = "flat"; outputHash = "{SRI}"; }}).outPath ]"#
                ),
                r#"[ "/nix/store/q4pkwkxdib797fhk22p0k3g1q32jmxvf-foo" "/nix/store/znw17xlmx9r6gw8izjkqxkl6s28sza4l-foo2" ]"#,
            ),
            (
                format!(
                    r#"(derivation {{ {v7} outputHashMode = "recursive"; outputHash = "md5-07BzhNET7exJ6qYjitX/AA=="; }}).outPath"#
                ),
                r#""/nix/store/gmmxgpy1jrzs86r5y05wy6wiy2m15xgi-foo""#,
            ),
            (
                r#"let d = derivation { name = "foo"; system = ":"; builder = ":"; __ignoreNulls = true; ignoreme = null; }; in [ d.drvPath d.outPath ]"#.into(),
                r#"[ "/nix/store/xa96w6d7fxrlkk60z1fmx2ffp2wzmbqx-foo.drv" "/nix/store/pk2agn9za8r9bxsflgh1y7fyyrmwcqkn-foo" ]"#,
            ),
            (
                r#"let d = derivation { name = "foo"; system = ":"; builder = ":"; __ignoreNulls = false; foo = null; }; in [ d.drvPath d.outPath ]"#.into(),
                r#"[ "/nix/store/xwkwbajfiyhdqmksrbzm0s4g4ib8d4ms-foo.drv" "/nix/store/2n2jqm6l7r2ahi19m58pl896ipx9cyx6-foo" ]"#,
            ),
            (
                r#"let d = derivation { name = "foo"; system = ":"; builder = ":"; __structuredAttrs = true; foo = "bar"; }; in [ d.drvPath d.outPath ]"#.into(),
                r#"[ "/nix/store/k6rlb4k10cb9iay283037ml1nv3xma2f-foo.drv" "/nix/store/6lmv3hyha1g4cb426iwjyifd7nrdv1xn-foo" ]"#,
            ),
            (
                format!(r#"let {v16} in [ bar.outPath bar.drvPath ]"#),
                r#"[ "/nix/store/4q0pg5zpfmznxscq3avycvf9xdvx50n3-bar" "/nix/store/0hm2f1psjpcwg8fijsmr4wwxrx59s092-bar.drv" ]"#,
            ),
            (
                format!(
                    r#"let {v16} d = derivation {{ name = "foo"; builder = ":"; system = ":"; inherit bar; }}; e = derivation {{ name = "foo"; builder = ":"; system = ":"; args = [ "${{bar}}" ]; }}; in [ d.outPath d.drvPath e.drvPath ]"#
                ),
                r#"[ "/nix/store/5vyvcwah9l9kf07d52rcgdk70g2f4y13-foo" "/nix/store/4wvvbi4jwn0prsdxb7vs673qa5h9gr7x-foo.drv" "/nix/store/50yl2gmmljyl0lzyrp1mcyhn53vhjhkd-foo.drv" ]"#,
            ),
            (
                r#"let d = derivation { name = "has-multi-out"; builder = ":"; system = ":"; outputs = [ "out" "lib" ]; }; in [ d.out.outPath d.lib.outPath d.drvPath ]"#.into(),
                r#"[ "/nix/store/55lwldka5nyxa08wnvlizyqw02ihy8ic-has-multi-out" "/nix/store/2vixb94v0hy2xc6p7mbnxxcyc095yyia-has-multi-out-lib" "/nix/store/h32dahq0bx5rp1krcdx3a53asj21jvhk-has-multi-out.drv" ]"#,
            ),
            (
                r#"[ (builtins.toFile "foo" "bar") (builtins.placeholder "out") ]"#.into(),
                r#"[ "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo" "/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9" ]"#,
            ),
        ];
        for (source, expected) in cases {
            let mut io = crate::MemoryIo::new();
            io.insert("/w/myfile", "mycontent\n");
            let mut evaluator = Evaluator::new(Box::new(io), crate::EvalOptions::default());
            let outcome = evaluator.eval_source("/w/main.nix", &source);
            assert_eq!(
                outcome.value.as_deref(),
                Some(expected),
                "{source}: {:?}",
                outcome.error
            );
        }
    }

    /// SEMANTICS §6.14: the `.drv` text of V7, and the UI's views of it.
    #[test]
    fn derivation_views_for_the_ui() {
        let mut evaluator = Evaluator::new(
            Box::new(crate::MemoryIo::new()),
            crate::EvalOptions::default(),
        );
        let outcome = evaluator.eval_source(
            "/w/main.nix",
            r#"let d = derivation { name = "foo"; builder = "/bin/sh"; system = "x86_64-linux"; }; in (derivation { name = "user"; builder = "/bin/sh"; system = "x86_64-linux"; dep = d; outputs = [ "out" "dev" ]; }).drvPath"#,
        );
        assert!(outcome.error.is_none(), "{:?}", outcome.error);
        let foo = "/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv";
        assert_eq!(
            evaluator.derivation_text(foo).as_deref(),
            Some(
                r#"Derive([("out","/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","foo"),("out","/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo"),("system","x86_64-linux")])"#
            )
        );
        let known = evaluator.known_derivations();
        assert_eq!(known.len(), 2);
        assert_eq!(known.first().map(String::as_str), Some(foo));
        let user = evaluator
            .derivation_view(&known[1])
            .expect("the dependant is known");
        assert_eq!(user.name, "user");
        assert_eq!(
            user.outputs
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>(),
            ["out", "dev"]
        );
        assert_eq!(
            user.input_drvs,
            vec![(foo.to_string(), vec!["out".to_string()])]
        );
        assert!(user
            .env
            .iter()
            .any(|(k, v)| k == "dep" && v == "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo"));
        assert!(evaluator
            .derivation_json(foo)
            .is_some_and(|json| json.contains("xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo")));
        assert_eq!(evaluator.derivation_text("/nix/store/nope.drv"), None);
        evaluator.clear_store();
        assert!(evaluator.known_derivations().is_empty());
        assert_eq!(evaluator.derivation_text(foo), None);
    }
}
