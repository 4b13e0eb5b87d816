//! Lowers the rnix syntax tree to the IR in [`super::ir`].
//!
//! This pass resolves variables, merges attribute paths (via
//! [`super::bindings`]), unescapes strings, makes relative paths absolute and
//! performs the checks rnix leaves to later stages (duplicate attributes,
//! undefined variables, dynamic attributes in `let`), with the reference's
//! messages. It recurses on the syntax tree, whose depth rnix's parser bounds.

use std::rc::Rc;

use rnix::ast::{self, AstToken};
use rowan::ast::AstNode;

use super::bindings::{CollectError, Key, KeyOf, PendingAttrs, PendingValue};
use super::indent::{self, Piece};
use super::ir::{
    AttrKey, AttrsDef, BinOp, DynamicAttr, Expr, ExprRef, Formal, LambdaDef, Param, StaticAttr,
};
use super::scope::{Resolution, Scope, Scopes};
use super::show::show;
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::paths::canonicalize;
use crate::source::{FileId, SourceMap, SrcSpan};
use crate::symbols::{Interner, NameMap, Symbol};
use crate::value::Value;

/// What lowering one file needs.
pub struct LowerInput<'a> {
    /// The interner.
    pub interner: &'a mut Interner,
    /// The source map (for "already defined at" positions).
    pub sources: &'a SourceMap,
    /// The file being lowered.
    pub file: FileId,
    /// The directory relative paths resolve against.
    pub dir: String,
    /// Global names and their slots in the root environment.
    pub globals: &'a NameMap<u32>,
    /// `scopedImport`'s names, in slot order: a lexical scope around the
    /// whole file, inside the globals (so they shadow builtins). Empty for
    /// every other file.
    pub scope: &'a [Symbol],
    /// The file was not UTF-8: the loader stood each raw byte in for a
    /// private-use character ([`crate::loader::raw_byte_char`]) that string
    /// literals turn back into the byte.
    pub raw_bytes: bool,
}

/// Lowers a parsed file.
pub fn lower_root(input: LowerInput<'_>, root: &ast::Root) -> EvalResult<ExprRef> {
    let mut lowerer = Lowerer {
        interner: input.interner,
        sources: input.sources,
        file: input.file,
        dir: input.dir,
        scopes: Scopes::new(input.globals),
        raw_bytes: input.raw_bytes,
    };
    if !input.scope.is_empty() {
        let names = input
            .scope
            .iter()
            .enumerate()
            .map(|(slot, name)| (name.clone(), u32::try_from(slot).unwrap_or(u32::MAX)))
            .collect();
        lowerer.scopes.push(Scope::Names(names));
    }
    match root.expr() {
        Some(expr) => lowerer.expr(&expr),
        None => Err(EvalError::at(
            ErrorKind::Parse {
                message: "syntax error, unexpected end of file".into(),
            },
            lowerer.span(root.syntax()),
        )),
    }
}

struct Lowerer<'a> {
    interner: &'a mut Interner,
    sources: &'a SourceMap,
    file: FileId,
    dir: String,
    scopes: Scopes<'a>,
    raw_bytes: bool,
}

impl KeyOf for Lowerer<'_> {
    fn key_of(&mut self, attr: &ast::Attr) -> Key {
        let span = self.span(attr.syntax());
        match attr {
            ast::Attr::Ident(ident) => Key::Static(self.ident_symbol(ident), span),
            ast::Attr::Str(string) => match literal_string(string) {
                Some(text) => Key::Static(self.interner.intern(&text), span),
                None => Key::Dynamic(ast::Expr::Str(string.clone()), span),
            },
            ast::Attr::Dynamic(dynamic) => match dynamic.expr() {
                Some(ast::Expr::Str(string)) if literal_string(&string).is_some() => {
                    let text = literal_string(&string).unwrap_or_default();
                    Key::Static(self.interner.intern(&text), span)
                }
                Some(expr) => Key::Dynamic(expr, span),
                None => Key::Static(self.interner.intern(""), span),
            },
        }
    }

    fn span_of(&self, node: &rnix::SyntaxNode) -> SrcSpan {
        self.span(node)
    }
}

fn literal_string(string: &ast::Str) -> Option<String> {
    let mut text = String::new();
    for part in string.normalized_parts() {
        match part {
            ast::InterpolPart::Literal(literal) => text.push_str(&literal),
            ast::InterpolPart::Interpolation(_) => return None,
        }
    }
    Some(text)
}

fn rc(expr: Expr) -> ExprRef {
    Rc::new(expr)
}

impl Lowerer<'_> {
    fn span(&self, node: &rnix::SyntaxNode) -> SrcSpan {
        let range = node.text_range();
        SrcSpan {
            file: self.file,
            start: range.start().into(),
            end: range.end().into(),
        }
    }

    fn ident_symbol(&mut self, ident: &ast::Ident) -> Symbol {
        match ident.ident_token() {
            // Borrowed from the tree: no copy of every identifier.
            Some(token) => self.interner.intern(token.text()),
            None => self.interner.intern(&ident.syntax().text().to_string()),
        }
    }

    fn syntax_error(&self, message: impl Into<String>, span: SrcSpan) -> EvalError {
        EvalError::at(
            ErrorKind::Syntax {
                message: message.into(),
            },
            span,
        )
    }

    fn missing(&self, node: &rnix::SyntaxNode) -> EvalError {
        EvalError::at(
            ErrorKind::Parse {
                message: "syntax error, incomplete expression".into(),
            },
            self.span(node),
        )
    }

    fn collect_error(&self, error: CollectError) -> EvalError {
        match error {
            CollectError::Duplicate(dup) => EvalError::at(
                ErrorKind::DuplicateAttribute {
                    name: dup.name,
                    previous: self.sources.position(dup.previous),
                    dynamic: false,
                },
                dup.at,
            ),
            CollectError::Other(message, span) => self.syntax_error(message, span),
        }
    }

    fn expr(&mut self, expr: &ast::Expr) -> EvalResult<ExprRef> {
        self.named_expr(expr, None)
    }

    fn child(&mut self, expr: Option<ast::Expr>, parent: &rnix::SyntaxNode) -> EvalResult<ExprRef> {
        match expr {
            Some(expr) => self.expr(&expr),
            None => Err(self.missing(parent)),
        }
    }

    /// Lowers an expression bound to `name` (lambdas remember it for traces).
    fn named_expr(&mut self, expr: &ast::Expr, name: Option<Symbol>) -> EvalResult<ExprRef> {
        let node = expr.syntax();
        let span = self.span(node);
        Ok(match expr {
            ast::Expr::Paren(paren) => return self.named_expr_opt(paren.expr(), node, name),
            ast::Expr::Root(root) => return self.named_expr_opt(root.expr(), node, name),
            ast::Expr::Literal(literal) => rc(Expr::Const(self.literal(literal, span)?)),
            ast::Expr::Ident(ident) => {
                let symbol = self.ident_symbol(ident);
                rc(self.variable(symbol, span, 0)?)
            }
            ast::Expr::Str(string) => self.string(string, span)?,
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => {
                self.path(expr, span)?
            }
            ast::Expr::PathSearch(search) => {
                let text = search
                    .content()
                    .map(|c| c.text().to_string())
                    .unwrap_or_default();
                let inner = text
                    .strip_prefix('<')
                    .and_then(|t| t.strip_suffix('>'))
                    .unwrap_or(&text);
                // `<p>` is `__findFile __nixPath "p"`, both names resolved
                // like any variable, so a program may rebind them.
                let find_file = self.interner.intern("__findFile");
                let nix_path = self.interner.intern("__nixPath");
                rc(Expr::Apply {
                    func: rc(self.variable(find_file, span, 0)?),
                    args: vec![
                        rc(self.variable(nix_path, span, 0)?),
                        rc(Expr::Const(Value::string(inner))),
                    ],
                    span,
                })
            }
            ast::Expr::List(list) => {
                let mut items = Vec::new();
                for item in list.items() {
                    items.push(self.expr(&item)?);
                }
                rc(Expr::List(items))
            }
            ast::Expr::AttrSet(set) => {
                let rec = set.rec_token().is_some();
                let pending =
                    PendingAttrs::collect(set, self).map_err(|e| self.collect_error(e))?;
                rc(Expr::Attrs(self.attrs(pending, rec, span)?))
            }
            ast::Expr::LegacyLet(legacy) => {
                let pending =
                    PendingAttrs::collect(legacy, self).map_err(|e| self.collect_error(e))?;
                let attrs = self.attrs(pending, true, span)?;
                let body = self.interner.intern("body");
                rc(Expr::Select {
                    subject: rc(Expr::Attrs(attrs)),
                    path: vec![AttrKey::Static(body)],
                    default: None,
                    span,
                })
            }
            ast::Expr::LetIn(let_in) => self.let_in(let_in, span)?,
            ast::Expr::With(with) => {
                let namespace = self.child(with.namespace(), node)?;
                self.scopes.push(Scope::With);
                let body = self.child(with.body(), node);
                self.scopes.pop();
                rc(Expr::With {
                    namespace,
                    body: body?,
                })
            }
            ast::Expr::Lambda(lambda) => self.lambda(lambda, name, span)?,
            ast::Expr::Apply(_) => {
                let mut args = Vec::new();
                let mut head = expr.clone();
                while let ast::Expr::Apply(apply) = &head {
                    let Some(arg) = apply.argument() else {
                        return Err(self.missing(apply.syntax()));
                    };
                    let Some(func) = apply.lambda() else {
                        return Err(self.missing(apply.syntax()));
                    };
                    args.push(arg);
                    head = func;
                }
                let func = self.expr(&head)?;
                let mut lowered = Vec::with_capacity(args.len());
                for arg in args.iter().rev() {
                    lowered.push(self.expr(arg)?);
                }
                rc(Expr::Apply {
                    func,
                    args: lowered,
                    span,
                })
            }
            ast::Expr::Select(select) => {
                let subject = self.child(select.expr(), node)?;
                let path = match select.attrpath() {
                    Some(path) => self.attr_keys(&path)?,
                    None => return Err(self.missing(node)),
                };
                let default = match select.default_expr() {
                    Some(default) => Some(self.expr(&default)?),
                    None => None,
                };
                rc(Expr::Select {
                    subject,
                    path,
                    default,
                    span,
                })
            }
            ast::Expr::HasAttr(has) => {
                let subject = self.child(has.expr(), node)?;
                let path = match has.attrpath() {
                    Some(path) => self.attr_keys(&path)?,
                    None => return Err(self.missing(node)),
                };
                rc(Expr::HasAttr {
                    subject,
                    path,
                    span,
                })
            }
            ast::Expr::BinOp(binop) => {
                let lhs = self.child(binop.lhs(), node)?;
                let rhs = self.child(binop.rhs(), node)?;
                let (operator, op_span) = binary_operator(node, span);
                let op = match operator {
                    Some(ast::BinOpKind::Concat) => BinOp::Concat,
                    Some(ast::BinOpKind::Update) => BinOp::Update,
                    Some(ast::BinOpKind::Add) => BinOp::Add,
                    Some(ast::BinOpKind::Sub) => BinOp::Sub,
                    Some(ast::BinOpKind::Mul) => BinOp::Mul,
                    Some(ast::BinOpKind::Div) => BinOp::Div,
                    Some(ast::BinOpKind::And) => BinOp::And,
                    Some(ast::BinOpKind::Or) => BinOp::Or,
                    Some(ast::BinOpKind::Equal) => BinOp::Eq,
                    Some(ast::BinOpKind::NotEqual) => BinOp::NotEq,
                    Some(ast::BinOpKind::Less) => BinOp::Less,
                    Some(ast::BinOpKind::LessOrEq) => BinOp::LessEq,
                    Some(ast::BinOpKind::More) => BinOp::More,
                    Some(ast::BinOpKind::MoreOrEq) => BinOp::MoreEq,
                    Some(ast::BinOpKind::Implication) => BinOp::Implies,
                    Some(ast::BinOpKind::PipeRight) | Some(ast::BinOpKind::PipeLeft) => {
                        return Err(self.syntax_error(
                            "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it",
                            span,
                        ))
                    }
                    None => return Err(self.missing(node)),
                };
                rc(Expr::Binary {
                    op,
                    op_span,
                    lhs,
                    rhs,
                    span,
                })
            }
            ast::Expr::UnaryOp(unary) => {
                let operand = self.child(unary.expr(), node)?;
                match unary.operator() {
                    Some(ast::UnaryOpKind::Invert) => rc(Expr::Not { operand, span }),
                    _ => rc(Expr::Binary {
                        op: BinOp::Sub,
                        op_span: operator_token_span(node, span),
                        lhs: rc(Expr::Const(Value::Int(0))),
                        rhs: operand,
                        span,
                    }),
                }
            }
            ast::Expr::IfElse(if_else) => rc(Expr::If {
                cond: self.child(if_else.condition(), node)?,
                then: self.child(if_else.body(), node)?,
                otherwise: self.child(if_else.else_body(), node)?,
                span,
            }),
            ast::Expr::Assert(assert) => {
                let Some(condition) = assert.condition() else {
                    return Err(self.missing(node));
                };
                let cond = self.expr(&condition)?;
                let text: Rc<str> = Rc::from(show(&cond));
                let equality = match &*cond {
                    Expr::Binary {
                        op: BinOp::Eq,
                        lhs,
                        rhs,
                        span,
                        ..
                    } => Some((lhs.clone(), rhs.clone(), operator_span(&condition, *span))),
                    _ => None,
                };
                rc(Expr::Assert {
                    cond,
                    equality,
                    body: self.child(assert.body(), node)?,
                    text,
                    span,
                })
            }
            ast::Expr::CurPos(_) => rc(Expr::CurPos(span)),
            ast::Expr::Error(_) => return Err(self.missing(node)),
        })
    }

    fn named_expr_opt(
        &mut self,
        expr: Option<ast::Expr>,
        parent: &rnix::SyntaxNode,
        name: Option<Symbol>,
    ) -> EvalResult<ExprRef> {
        match expr {
            Some(expr) => self.named_expr(&expr, name),
            None => Err(self.missing(parent)),
        }
    }

    fn variable(&mut self, name: Symbol, span: SrcSpan, skip: usize) -> EvalResult<Expr> {
        match self.scopes.resolve(&name, skip) {
            Resolution::Found { depth, slot } => Ok(Expr::Var {
                depth,
                slot,
                name,
                span,
            }),
            Resolution::FromWith(withs) => Ok(Expr::WithVar { name, withs, span }),
            Resolution::Unbound => Err(EvalError::at(
                ErrorKind::UndefinedVariable {
                    name: name.as_str().to_string(),
                },
                span,
            )),
        }
    }

    fn literal(&mut self, literal: &ast::Literal, span: SrcSpan) -> EvalResult<Value> {
        Ok(match literal.kind() {
            ast::LiteralKind::Integer(int) => match int.value() {
                Ok(value) => Value::Int(value),
                Err(_) => {
                    return Err(EvalError::at(
                        ErrorKind::Parse {
                            message: format!("invalid integer '{}'", int.syntax().text()),
                        },
                        span,
                    ))
                }
            },
            ast::LiteralKind::Float(float) => match float.value() {
                Ok(value) => Value::Float(value),
                Err(_) => {
                    return Err(EvalError::at(
                        ErrorKind::Parse {
                            message: format!("invalid float '{}'", float.syntax().text()),
                        },
                        span,
                    ))
                }
            },
            ast::LiteralKind::Uri(uri) => Value::string(uri.syntax().text()),
        })
    }

    fn string(&mut self, string: &ast::Str, span: SrcSpan) -> EvalResult<ExprRef> {
        // Nix strings are C strings: its lexer rejects a literal part holding
        // a NUL byte, quoting the part as written (NUL shown as `␀`).
        let indented = string.syntax().text().to_string().starts_with("''");
        for (index, part) in string.parts().enumerate() {
            if let ast::InterpolPart::Literal(content) = part {
                let mut raw = content.syntax().text();
                let range = content.syntax().text_range();
                let mut start: u32 = range.start().into();
                // Nix's lexer takes `''` with the spaces and newline after it
                // as the opening token.
                if indented && index == 0 {
                    let opening = raw.trim_start_matches(' ');
                    if let Some(rest) = opening.strip_prefix('\n') {
                        start += u32::try_from(raw.len() - rest.len()).unwrap_or(0);
                        raw = rest;
                    }
                }
                if raw.contains('\0') {
                    return Err(self.syntax_error(
                        format!(
                            "input string '{}' cannot be represented as Nix string because it contains null bytes",
                            raw.replace('\0', "\u{2400}")
                        ),
                        SrcSpan {
                            file: self.file,
                            start,
                            end: range.end().into(),
                        },
                    ));
                }
            }
        }
        if indented {
            return self.indented_string(string, span);
        }
        let parts = string.normalized_parts();
        if parts
            .iter()
            .all(|p| matches!(p, ast::InterpolPart::Literal(_)))
        {
            let mut text = String::new();
            for part in parts {
                if let ast::InterpolPart::Literal(literal) = part {
                    text.push_str(&literal);
                }
            }
            return Ok(rc(Expr::Const(self.string_value(text))));
        }
        let mut lowered = Vec::new();
        for part in parts {
            match part {
                ast::InterpolPart::Literal(literal) => {
                    if !literal.is_empty() {
                        lowered.push(rc(Expr::Const(self.string_value(literal))));
                    }
                }
                ast::InterpolPart::Interpolation(interpol) => {
                    lowered.push(self.child(interpol.expr(), interpol.syntax())?);
                }
            }
        }
        Ok(rc(Expr::Interpolate {
            parts: lowered,
            is_path: false,
            span,
        }))
    }

    /// `'' … ''`, with Nix's own escape and indentation rules
    /// ([`super::indent`]).
    fn indented_string(&mut self, string: &ast::Str, span: SrcSpan) -> EvalResult<ExprRef> {
        let mut pieces = Vec::new();
        let mut interpolations = Vec::new();
        for (index, part) in string.parts().enumerate() {
            match part {
                ast::InterpolPart::Literal(content) => {
                    let mut raw = content.syntax().text();
                    // The opening `''` takes the spaces and newline after it.
                    if index == 0 {
                        if let Some(rest) = raw.trim_start_matches(' ').strip_prefix('\n') {
                            raw = rest;
                        }
                    }
                    indent::tokens(raw, &mut pieces);
                }
                ast::InterpolPart::Interpolation(interpol) => {
                    pieces.push(Piece::Interpolation(interpolations.len()));
                    interpolations.push(self.child(interpol.expr(), interpol.syntax())?);
                }
            }
        }
        let mut lowered = Vec::new();
        for piece in indent::strip(pieces) {
            match piece {
                Piece::Text { text, .. } => lowered.push(rc(Expr::Const(self.string_value(text)))),
                Piece::Interpolation(n) => match interpolations.get(n) {
                    Some(expr) => lowered.push(expr.clone()),
                    None => return Err(self.missing(string.syntax())),
                },
            }
        }
        if interpolations.is_empty() {
            return Ok(match lowered.pop() {
                Some(text) => text,
                None => rc(Expr::Const(Value::string(""))),
            });
        }
        Ok(rc(Expr::Interpolate {
            parts: lowered,
            is_path: false,
            span,
        }))
    }

    /// A string literal's value, with the file's raw bytes put back.
    fn string_value(&self, text: String) -> Value {
        if self.raw_bytes {
            Value::string(crate::loader::restore_raw_bytes(&text))
        } else {
            Value::string(text)
        }
    }

    fn path(&mut self, expr: &ast::Expr, span: SrcSpan) -> EvalResult<ExprRef> {
        let (parts, home) = match expr {
            ast::Expr::PathAbs(p) => (p.parts(), false),
            ast::Expr::PathRel(p) => (p.parts(), false),
            ast::Expr::PathHome(p) => (p.parts(), true),
            _ => return Err(self.missing(expr.syntax())),
        };
        let mut lowered = Vec::new();
        for (index, part) in parts.into_iter().enumerate() {
            match part {
                ast::InterpolPart::Literal(literal) => {
                    let text = literal.text();
                    if index == 0 {
                        if home {
                            let rest = text.strip_prefix('~').unwrap_or(text);
                            lowered.push(rc(Expr::HomePath {
                                rest: Rc::from(rest),
                                span,
                            }));
                        } else {
                            let absolute = if text.starts_with('/') {
                                text.to_string()
                            } else {
                                format!("{}/{}", self.dir, text)
                            };
                            let mut canonical = canonicalize(&absolute);
                            // `./a-${x}` and `./${x}`: the slash before an
                            // interpolation belongs to the path.
                            if text.ends_with('/') && !canonical.ends_with('/') {
                                canonical.push('/');
                            }
                            lowered.push(rc(Expr::Const(Value::Path(Rc::from(canonical)))));
                        }
                    } else {
                        lowered.push(rc(Expr::Const(Value::string(text))));
                    }
                }
                ast::InterpolPart::Interpolation(interpol) => {
                    lowered.push(self.child(interpol.expr(), interpol.syntax())?);
                }
            }
        }
        if lowered.len() == 1 {
            if let Some(only) = lowered.pop() {
                return Ok(only);
            }
        }
        Ok(rc(Expr::Interpolate {
            parts: lowered,
            is_path: true,
            span,
        }))
    }

    fn attr_keys(&mut self, path: &ast::Attrpath) -> EvalResult<Vec<AttrKey>> {
        let mut keys = Vec::new();
        for attr in path.attrs() {
            match self.key_of(&attr) {
                Key::Static(name, _) => keys.push(AttrKey::Static(name)),
                Key::Dynamic(expr, span) => keys.push(AttrKey::Dynamic(self.expr(&expr)?, span)),
            }
        }
        Ok(keys)
    }

    fn pending_value(
        &mut self,
        value: PendingValue,
        name: &Symbol,
        source_base: u32,
        skip_for_inherit: usize,
    ) -> EvalResult<ExprRef> {
        match value {
            PendingValue::Expr(expr) => self.named_expr(&expr, Some(name.clone())),
            PendingValue::Nested(nested) => {
                let span = nested.statics.first().map(|s| s.pos).unwrap_or(SrcSpan {
                    file: self.file,
                    start: 0,
                    end: 0,
                });
                let rec = nested.rec;
                Ok(rc(Expr::Attrs(self.attrs(*nested, rec, span)?)))
            }
            PendingValue::Inherit(symbol, span) => {
                Ok(rc(self.variable(symbol, span, skip_for_inherit)?))
            }
            PendingValue::InheritFrom(index, symbol, span) => Ok(rc(Expr::Select {
                subject: rc(Expr::Var {
                    depth: 0,
                    slot: source_base + u32::try_from(index).unwrap_or(0),
                    name: self.interner.intern("<inherit-source>"),
                    span,
                }),
                path: vec![AttrKey::Static(symbol)],
                default: None,
                span,
            })),
        }
    }

    fn attrs(
        &mut self,
        pending: PendingAttrs,
        rec: bool,
        span: SrcSpan,
    ) -> EvalResult<Rc<AttrsDef>> {
        let PendingAttrs {
            mut statics,
            dynamics,
            inherit_sources,
            ..
        } = pending;
        statics.sort_by(|a, b| a.name.cmp(&b.name));
        let source_count = u32::try_from(inherit_sources.len()).unwrap_or(0);
        let static_count = u32::try_from(statics.len()).unwrap_or(0);
        let (env_slots, source_base) = if rec {
            let mut names = NameMap::default();
            names.reserve(statics.len());
            for (slot, attr) in statics.iter().enumerate() {
                names.insert(attr.name.clone(), u32::try_from(slot).unwrap_or(0));
            }
            self.scopes.push(Scope::Names(names));
            (static_count + source_count, static_count)
        } else if source_count > 0 {
            self.scopes.push(Scope::Hidden);
            (source_count, 0)
        } else {
            (0, 0)
        };
        let result = self.attrs_body(statics, dynamics, inherit_sources, source_base, rec);
        if env_slots > 0 {
            self.scopes.pop();
        }
        let (statics, dynamics, sources) = result?;
        Ok(Rc::new(AttrsDef {
            rec,
            env_slots,
            inherit_sources: sources,
            statics,
            dynamics,
            span,
        }))
    }

    #[allow(clippy::type_complexity)]
    fn attrs_body(
        &mut self,
        statics: Vec<super::bindings::PendingStatic>,
        dynamics: Vec<(ast::Expr, SrcSpan, PendingValue)>,
        inherit_sources: Vec<ast::Expr>,
        source_base: u32,
        rec: bool,
    ) -> EvalResult<(Vec<StaticAttr>, Vec<DynamicAttr>, Vec<ExprRef>)> {
        // `inherit x;` in a rec set looks past the set's own scope; in a plain
        // set with a hidden scope the hidden scope has no names anyway.
        let skip = usize::from(rec);
        let mut sources = Vec::new();
        for source in &inherit_sources {
            sources.push(self.expr(source)?);
        }
        let mut lowered_statics = Vec::new();
        for attr in statics {
            let value = self.pending_value(attr.value, &attr.name, source_base, skip)?;
            lowered_statics.push(StaticAttr {
                name: attr.name,
                value,
                pos: attr.pos,
            });
        }
        let mut lowered_dynamics = Vec::new();
        for (name, pos, value) in dynamics {
            let name = self.expr(&name)?;
            let placeholder = self.interner.intern("");
            let value = self.pending_value(value, &placeholder, source_base, skip)?;
            lowered_dynamics.push(DynamicAttr { name, value, pos });
        }
        Ok((lowered_statics, lowered_dynamics, sources))
    }

    fn let_in(&mut self, let_in: &ast::LetIn, span: SrcSpan) -> EvalResult<ExprRef> {
        let pending = PendingAttrs::collect(let_in, self).map_err(|e| self.collect_error(e))?;
        // Nix points at the `let` itself.
        if !pending.dynamics.is_empty() {
            return Err(self.syntax_error("dynamic attributes not allowed in let", span));
        }
        let PendingAttrs {
            statics,
            inherit_sources,
            ..
        } = pending;
        let mut names = NameMap::default();
        for (slot, attr) in statics.iter().enumerate() {
            names.insert(attr.name.clone(), u32::try_from(slot).unwrap_or(0));
        }
        let source_base = u32::try_from(statics.len()).unwrap_or(0);
        self.scopes.push(Scope::Names(names));
        let result = (|| {
            let mut slots = Vec::new();
            for attr in statics {
                slots.push(self.pending_value(attr.value, &attr.name, source_base, 1)?);
            }
            for source in &inherit_sources {
                slots.push(self.expr(source)?);
            }
            let body = match let_in.body() {
                Some(body) => self.expr(&body)?,
                None => return Err(self.missing(let_in.syntax())),
            };
            Ok(rc(Expr::Let { slots, body }))
        })();
        self.scopes.pop();
        let _ = span;
        result
    }

    fn lambda(
        &mut self,
        lambda: &ast::Lambda,
        name: Option<Symbol>,
        span: SrcSpan,
    ) -> EvalResult<ExprRef> {
        let node = lambda.syntax();
        let Some(param) = lambda.param() else {
            return Err(self.missing(node));
        };
        let (param, names, env_size) = match param {
            ast::Param::IdentParam(ident) => {
                let Some(ident) = ident.ident() else {
                    return Err(self.missing(node));
                };
                let symbol = self.ident_symbol(&ident);
                let mut names = NameMap::default();
                names.insert(symbol.clone(), 0);
                (Param::Ident(symbol), names, 1)
            }
            ast::Param::Pattern(pattern) => {
                let mut names: NameMap<u32> = NameMap::default();
                let mut formals = Vec::new();
                let mut defaults = Vec::new();
                for entry in pattern.pat_entries() {
                    let Some(ident) = entry.ident() else { continue };
                    let symbol = self.ident_symbol(&ident);
                    let entry_span = self.span(ident.syntax());
                    if names.contains_key(&symbol) {
                        return Err(EvalError::at(
                            ErrorKind::DuplicateFormal {
                                name: symbol.as_str().to_string(),
                            },
                            entry_span,
                        ));
                    }
                    names.insert(symbol.clone(), u32::try_from(formals.len()).unwrap_or(0));
                    formals.push((symbol, entry_span));
                    defaults.push(entry.default());
                }
                let bind = match pattern.pat_bind().and_then(|b| b.ident()) {
                    Some(ident) => {
                        let symbol = self.ident_symbol(&ident);
                        if names.contains_key(&symbol) {
                            return Err(EvalError::at(
                                ErrorKind::DuplicateFormal {
                                    name: symbol.as_str().to_string(),
                                },
                                span,
                            ));
                        }
                        names.insert(symbol.clone(), u32::try_from(formals.len()).unwrap_or(0));
                        Some(symbol)
                    }
                    None => None,
                };
                let env_size =
                    u32::try_from(formals.len() + usize::from(bind.is_some())).unwrap_or(0);
                self.scopes.push(Scope::Names(names.clone()));
                let mut lowered = Vec::new();
                let mut failure = None;
                for ((symbol, entry_span), default) in formals.into_iter().zip(defaults) {
                    let default = match default {
                        Some(default) => match self.expr(&default) {
                            Ok(expr) => Some(expr),
                            Err(error) => {
                                failure = Some(error);
                                break;
                            }
                        },
                        None => None,
                    };
                    lowered.push(Formal {
                        name: symbol,
                        default,
                        span: entry_span,
                    });
                }
                self.scopes.pop();
                if let Some(error) = failure {
                    return Err(error);
                }
                (
                    Param::Pattern {
                        formals: lowered,
                        ellipsis: pattern.ellipsis_token().is_some(),
                        bind,
                    },
                    names,
                    env_size,
                )
            }
        };
        self.scopes.push(Scope::Names(names));
        let body = self.child(lambda.body(), node);
        self.scopes.pop();
        let body = body?;
        let strict_param =
            matches!(param, Param::Ident(_)) && crate::compiler::ir::forces_parameter_first(&body);
        Ok(rc(Expr::Lambda(Rc::new(LambdaDef {
            name,
            param,
            body,
            env_size,
            span,
            strict_param,
        }))))
    }
}

/// The span of the operator token of a binary expression (Nix reports
/// equality explanations there).
fn operator_span(expr: &ast::Expr, whole: SrcSpan) -> SrcSpan {
    let mut inner = expr.clone();
    while let ast::Expr::Paren(paren) = &inner {
        match paren.expr() {
            Some(e) => inner = e,
            None => break,
        }
    }
    let token = inner
        .syntax()
        .children_with_tokens()
        .filter_map(|t| t.into_token())
        .find(|t| t.kind() == rnix::SyntaxKind::TOKEN_EQUAL);
    match token {
        Some(token) => SrcSpan {
            file: whole.file,
            start: token.text_range().start().into(),
            end: token.text_range().end().into(),
        },
        None => whole,
    }
}

/// The operator of a binary operation node and its span (the whole
/// node's when it has none): the first token among the node's children
/// that is a binary operator, as `ast::BinOp::operator` finds it, read from
/// the green tree (no cursor allocated per child, one walk for both).
fn binary_operator(node: &rnix::SyntaxNode, whole: SrcSpan) -> (Option<ast::BinOpKind>, SrcSpan) {
    let mut offset: u32 = node.text_range().start().into();
    for child in node.green().children() {
        let len: u32 = child.text_len().into();
        if let rowan::NodeOrToken::Token(token) = child {
            let kind = <rnix::NixLanguage as rowan::Language>::kind_from_raw(token.kind());
            if let Some(operator) = ast::BinOpKind::from_kind(kind) {
                let span = SrcSpan {
                    file: whole.file,
                    start: offset,
                    end: offset + len,
                };
                return (Some(operator), span);
            }
        }
        offset += len;
    }
    (None, whole)
}

/// The span of the operator token directly inside a unary operator node
/// (binary ones go through [`binary_operator`]).
fn operator_token_span(node: &rnix::SyntaxNode, whole: SrcSpan) -> SrcSpan {
    let token = node
        .children_with_tokens()
        .filter_map(|t| t.into_token())
        .find(|t| ast::UnaryOpKind::from_kind(t.kind()).is_some());
    match token {
        Some(token) => SrcSpan {
            file: whole.file,
            start: token.text_range().start().into(),
            end: token.text_range().end().into(),
        },
        None => whole,
    }
}
