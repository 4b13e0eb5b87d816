//! `builtins.toXML` and the `--xml` output format: Nix's `printValueAsXML`
//! with its `XMLWriter` layout (two-space indentation, attributes sorted by
//! name, `"<>&` and newlines escaped in attribute values).
//!
//! [`value_to_xml`] is the shared entry point: `toXML` uses it strictly and
//! without positions; the printer's `--xml` output can call it with
//! `strict` and `location` from the command line. Derivations print as
//! `<derivation drvPath=… outPath=…>` once and `<repeated />` afterwards;
//! built-in functions and unforced thunks print as `<unevaluated />`.
//!
//! Runs as a [`Task`] with an explicit work list, forcing through VM
//! requests; nesting depth never touches the native stack.
//!
//! Tests: the `tests` module below; conformance `eval-okay-toxml`,
//! `eval-okay-toxml2` (and `eval-okay-xml`, `-closure`, `-functionargs` for
//! `--xml`).

use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use super::control::take;
use super::PrimOpDef;
use crate::compiler::Param;
use crate::errors::EvalResult;
use crate::printer;
use crate::source::SrcSpan;
use crate::value::{AttrSet, NixString, Value};
use crate::vm::{Step, Task, Vm};

/// This domain's builtins.
pub const PRIMOPS: &[PrimOpDef] = &[PrimOpDef {
    name: "toXML",
    arity: 1,
    strict: 0,
    func: to_xml,
}];

fn to_xml(_: &mut Vm, args: Vec<Value>, _: SrcSpan) -> EvalResult<Step> {
    let [value] = take(args)?;
    Ok(value_to_xml(value, true, false))
}

/// Renders `value` as Nix's XML document; the step finishes with a string
/// (carrying the context of the strings inside). `strict` forces values as
/// they are met (otherwise thunks print as `<unevaluated />`); `location`
/// adds `path`/`line`/`column` to attributes and functions.
pub fn value_to_xml(value: Value, strict: bool, location: bool) -> Step {
    let mut out = b"<?xml version='1.0' encoding='utf-8'?>\n".to_vec();
    out.extend_from_slice(b"<expr>\n");
    let task = Box::new(ToXml {
        work: vec![
            Job::Close {
                name: "expr",
                depth: 0,
            },
            Job::Value { value, depth: 1 },
        ],
        out,
        context: Vec::new(),
        strict,
        location,
        drvs_seen: HashSet::new(),
        pending_depth: None,
    });
    Step::Then(Box::new(Step::Value(Value::Null)), task)
}

type XmlAttrs = BTreeMap<&'static str, Vec<u8>>;

enum Job {
    /// Print a value at this indentation.
    Value { value: Value, depth: usize },
    /// Write an opening tag.
    Open {
        name: &'static str,
        attrs: XmlAttrs,
        depth: usize,
    },
    /// Write a closing tag.
    Close { name: &'static str, depth: usize },
}

struct ToXml {
    work: Vec<Job>,
    out: Vec<u8>,
    context: Vec<Rc<str>>,
    strict: bool,
    location: bool,
    drvs_seen: HashSet<Vec<u8>>,
    /// Set while a value is being forced: the depth to print it at.
    pending_depth: Option<usize>,
}

impl ToXml {
    fn indent(&mut self, depth: usize) {
        self.out.extend(std::iter::repeat_n(b' ', depth * 2));
    }

    fn write_attrs(&mut self, attrs: &XmlAttrs) {
        for (name, value) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(name.as_bytes());
            self.out.extend_from_slice(b"=\"");
            for &byte in value {
                match byte {
                    b'"' => self.out.extend_from_slice(b"&quot;"),
                    b'<' => self.out.extend_from_slice(b"&lt;"),
                    b'>' => self.out.extend_from_slice(b"&gt;"),
                    b'&' => self.out.extend_from_slice(b"&amp;"),
                    b'\n' => self.out.extend_from_slice(b"&#xA;"),
                    other => self.out.push(other),
                }
            }
            self.out.push(b'"');
        }
    }

    fn tag(&mut self, depth: usize, name: &str, attrs: &XmlAttrs, end: &[u8]) {
        self.indent(depth);
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.write_attrs(attrs);
        self.out.extend_from_slice(end);
    }

    fn empty(&mut self, depth: usize, name: &str, attrs: &XmlAttrs) {
        self.tag(depth, name, attrs, b" />\n");
    }

    fn empty_with(&mut self, depth: usize, name: &str, key: &'static str, value: Vec<u8>) {
        let mut attrs = XmlAttrs::new();
        attrs.insert(key, value);
        self.empty(depth, name, &attrs);
    }

    /// Queues `<name attrs>` … children … `</name>`; children are queued by
    /// the caller after this call (they run before the close).
    fn element(&mut self, depth: usize, name: &'static str, attrs: XmlAttrs) {
        self.tag(depth, name, &attrs, b">\n");
        self.work.push(Job::Close { name, depth });
    }

    fn position(&self, vm: &Vm, attrs: &mut XmlAttrs, span: SrcSpan) {
        if let Some(file) = vm.sources.file(span.file) {
            attrs.insert("path", file.path.clone().into_bytes());
        }
        let (line, column) = vm.sources.line_col(span);
        attrs.insert("line", line.to_string().into_bytes());
        attrs.insert("column", column.to_string().into_bytes());
    }

    /// Queues the `<attr>` elements of a set, in name order.
    fn show_attrs(&mut self, vm: &Vm, set: &AttrSet, depth: usize) {
        for attr in set.entries().iter().rev() {
            let mut attrs = XmlAttrs::new();
            attrs.insert("name", attr.name.as_str().as_bytes().to_vec());
            if self.location {
                if let Some(span) = attr.pos {
                    self.position(vm, &mut attrs, span);
                }
            }
            self.work.push(Job::Close {
                name: "attr",
                depth,
            });
            self.work.push(Job::Value {
                value: attr.value.clone(),
                depth: depth + 1,
            });
            self.work.push(Job::Open {
                name: "attr",
                attrs,
                depth,
            });
        }
    }

    /// The string value of attribute `name`, forcing it first when needed;
    /// `Err(thunk)` asks the caller to force that thunk and retry.
    fn string_attr(set: &AttrSet, name: &str, force: bool) -> Result<Option<Rc<NixString>>, Value> {
        let Some(value) = set.get(name) else {
            return Ok(None);
        };
        match value.resolved() {
            Value::String(s) => Ok(Some(s)),
            thunk @ Value::Thunk(_) if force => Err(thunk),
            _ => Ok(None),
        }
    }

    fn function(&mut self, vm: &Vm, value: &Value, depth: usize) {
        let Value::Lambda(closure) = value else {
            self.empty(depth, "unevaluated", &XmlAttrs::new());
            return;
        };
        let mut attrs = XmlAttrs::new();
        if self.location {
            self.position(vm, &mut attrs, closure.def.span);
        }
        self.tag(depth, "function", &attrs, b">\n");
        match &closure.def.param {
            Param::Ident(name) => {
                self.empty_with(
                    depth + 1,
                    "varpat",
                    "name",
                    name.as_str().as_bytes().to_vec(),
                );
            }
            Param::Pattern {
                formals,
                ellipsis,
                bind,
            } => {
                let mut pattern = XmlAttrs::new();
                if let Some(name) = bind {
                    pattern.insert("name", name.as_str().as_bytes().to_vec());
                }
                if *ellipsis {
                    pattern.insert("ellipsis", b"1".to_vec());
                }
                self.tag(depth + 1, "attrspat", &pattern, b">\n");
                let mut names: Vec<&str> = formals.iter().map(|f| f.name.as_str()).collect();
                names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
                for name in names {
                    self.empty_with(depth + 2, "attr", "name", name.as_bytes().to_vec());
                }
                self.indent(depth + 1);
                self.out.extend_from_slice(b"</attrspat>\n");
            }
        }
        self.indent(depth);
        self.out.extend_from_slice(b"</function>\n");
    }
}

impl Task for ToXml {
    fn resume(mut self: Box<Self>, vm: &mut Vm, value: Value) -> EvalResult<Step> {
        if let Some(depth) = self.pending_depth.take() {
            self.work.push(Job::Value { value, depth });
        }
        while let Some(job) = self.work.pop() {
            let (value, depth) = match job {
                Job::Open { name, attrs, depth } => {
                    self.tag(depth, name, &attrs, b">\n");
                    continue;
                }
                Job::Close { name, depth } => {
                    self.indent(depth);
                    self.out.extend_from_slice(b"</");
                    self.out.extend_from_slice(name.as_bytes());
                    self.out.extend_from_slice(b">\n");
                    continue;
                }
                Job::Value { value, depth } => (value.resolved(), depth),
            };
            match &value {
                Value::Thunk(_) if self.strict => {
                    self.pending_depth = Some(depth);
                    return Ok(Step::Force(value, None, self));
                }
                Value::Thunk(_) => self.empty(depth, "unevaluated", &XmlAttrs::new()),
                Value::Int(i) => self.empty_with(depth, "int", "value", i.to_string().into_bytes()),
                Value::Bool(b) => {
                    let text: &[u8] = if *b { b"true" } else { b"false" };
                    self.empty_with(depth, "bool", "value", text.to_vec());
                }
                Value::String(s) => {
                    self.context.extend(s.context.iter().cloned());
                    self.empty_with(depth, "string", "value", s.bytes.to_vec());
                }
                Value::Path(p) => self.empty_with(depth, "path", "value", p.as_bytes().to_vec()),
                Value::Null => self.empty(depth, "null", &XmlAttrs::new()),
                Value::Float(f) => {
                    self.empty_with(
                        depth,
                        "float",
                        "value",
                        printer::format_float(*f).into_bytes(),
                    );
                }
                Value::List(items) => {
                    self.element(depth, "list", XmlAttrs::new());
                    for item in items.iter().rev() {
                        self.work.push(Job::Value {
                            value: item.clone(),
                            depth: depth + 1,
                        });
                    }
                }
                Value::Attrs(set) => {
                    // `isDerivation` forces `type` even when not strict.
                    let kind = match Self::string_attr(set, "type", true) {
                        Ok(kind) => kind,
                        Err(thunk) => {
                            self.work.push(Job::Value {
                                value: value.clone(),
                                depth,
                            });
                            return Ok(Step::Force(thunk, None, self));
                        }
                    };
                    if kind.is_some_and(|k| &*k.bytes == b"derivation") {
                        let strict = self.strict;
                        let (drv_path, out_path) = match (
                            Self::string_attr(set, "drvPath", strict),
                            Self::string_attr(set, "outPath", strict),
                        ) {
                            (Err(thunk), _) | (_, Err(thunk)) => {
                                self.work.push(Job::Value {
                                    value: value.clone(),
                                    depth,
                                });
                                return Ok(Step::Force(thunk, None, self));
                            }
                            (Ok(drv), Ok(out)) => (drv, out),
                        };
                        let mut attrs = XmlAttrs::new();
                        if let Some(drv) = &drv_path {
                            attrs.insert("drvPath", drv.bytes.to_vec());
                        }
                        if let Some(out) = &out_path {
                            attrs.insert("outPath", out.bytes.to_vec());
                        }
                        self.element(depth, "derivation", attrs);
                        let first_time = drv_path
                            .as_ref()
                            .filter(|drv| !drv.bytes.is_empty())
                            .is_some_and(|drv| self.drvs_seen.insert(drv.bytes.to_vec()));
                        if first_time {
                            self.show_attrs(vm, set, depth + 1);
                        } else {
                            self.empty(depth + 1, "repeated", &XmlAttrs::new());
                        }
                    } else {
                        self.element(depth, "attrs", XmlAttrs::new());
                        self.show_attrs(vm, set, depth + 1);
                    }
                }
                Value::Lambda(_) | Value::PrimOp(_) => self.function(vm, &value, depth),
            }
        }
        Ok(Step::Value(Value::String(Rc::new(
            NixString::with_context(
                std::mem::take(&mut self.out),
                std::mem::take(&mut self.context),
            ),
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_eval::check;

    #[test]
    fn to_xml_layout() {
        check(
            r#"builtins.toXML { a = "s"; }"#,
            r#""<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <attrs>\n    <attr name=\"a\">\n      <string value=\"s\" />\n    </attr>\n  </attrs>\n</expr>\n""#,
        );
        check(
            r#"builtins.toXML [ 1.5 null true ]"#,
            r#""<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <list>\n    <float value=\"1.5\" />\n    <null />\n    <bool value=\"true\" />\n  </list>\n</expr>\n""#,
        );
    }

    #[test]
    fn to_xml_escapes_and_functions() {
        check(
            r#"builtins.toXML "<a&\"\n>""#,
            r#""<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <string value=\"&lt;a&amp;&quot;&#xA;&gt;\" />\n</expr>\n""#,
        );
        check(
            r#"builtins.toXML (args@{ b, a, ... }: 1)"#,
            r#""<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <function>\n    <attrspat ellipsis=\"1\" name=\"args\">\n      <attr name=\"a\" />\n      <attr name=\"b\" />\n    </attrspat>\n  </function>\n</expr>\n""#,
        );
        check(
            r#"builtins.toXML builtins.map"#,
            r#""<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <unevaluated />\n</expr>\n""#,
        );
    }
}
