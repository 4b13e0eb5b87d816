//! Prints lowered expressions the way Nix's expression printer does, for
//! assertion messages (`assertion '(x == 1)' failed`): operators and calls in
//! parentheses, list elements parenthesised, attributes sorted, paths
//! absolute. Works on the IR, so nested attribute paths print merged, as in
//! Nix. Iterative: an explicit stack of pending pieces.

use super::ir::{AttrKey, BinOp, Expr, Param};
use crate::printer;
use crate::value::Value;

enum Piece<'a> {
    Expr(&'a Expr),
    Text(&'static str),
    Owned(String),
}

/// Nix's rendering of an expression.
pub fn show(expr: &Expr) -> String {
    let mut out = String::new();
    let mut stack = vec![Piece::Expr(expr)];
    while let Some(piece) = stack.pop() {
        let expr = match piece {
            Piece::Text(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Owned(text) => {
                out.push_str(&text);
                continue;
            }
            Piece::Expr(expr) => expr,
        };
        // Pieces are pushed in reverse order.
        let mut pieces: Vec<Piece<'_>> = Vec::new();
        match expr {
            Expr::Const(value) => pieces.push(Piece::Owned(show_const(value))),
            Expr::Var { name, .. } | Expr::WithVar { name, .. } => {
                pieces.push(Piece::Owned(name.as_str().to_string()))
            }
            Expr::SearchPath { path, .. } => pieces.push(Piece::Owned(format!("<{path}>"))),
            Expr::HomePath { rest, .. } => pieces.push(Piece::Owned(format!("~{rest}"))),
            Expr::Interpolate { parts, .. } => {
                pieces.push(Piece::Text("("));
                for (index, part) in parts.iter().enumerate() {
                    if index > 0 {
                        pieces.push(Piece::Text(" + "));
                    }
                    pieces.push(Piece::Expr(part));
                }
                pieces.push(Piece::Text(")"));
            }
            Expr::List(items) => {
                pieces.push(Piece::Text("[ "));
                for item in items {
                    pieces.push(Piece::Text("("));
                    pieces.push(Piece::Expr(item));
                    pieces.push(Piece::Text(") "));
                }
                pieces.push(Piece::Text("]"));
            }
            Expr::Attrs(def) => {
                pieces.push(Piece::Text(if def.rec { "rec { " } else { "{ " }));
                for attr in &def.statics {
                    pieces.push(Piece::Owned(attr_name(attr.name.as_str())));
                    pieces.push(Piece::Text(" = "));
                    pieces.push(Piece::Expr(&attr.value));
                    pieces.push(Piece::Text("; "));
                }
                for attr in &def.dynamics {
                    pieces.push(Piece::Text("\"${"));
                    pieces.push(Piece::Expr(&attr.name));
                    pieces.push(Piece::Text("}\" = "));
                    pieces.push(Piece::Expr(&attr.value));
                    pieces.push(Piece::Text("; "));
                }
                pieces.push(Piece::Text("}"));
            }
            Expr::Let { slots, body } => {
                pieces.push(Piece::Text("(let "));
                for slot in slots {
                    pieces.push(Piece::Expr(slot));
                    pieces.push(Piece::Text("; "));
                }
                pieces.push(Piece::Text("in "));
                pieces.push(Piece::Expr(body));
                pieces.push(Piece::Text(")"));
            }
            Expr::Lambda(def) => {
                pieces.push(Piece::Text("("));
                match &def.param {
                    Param::Ident(name) => pieces.push(Piece::Owned(name.as_str().to_string())),
                    Param::Pattern {
                        formals,
                        ellipsis,
                        bind,
                    } => {
                        if let Some(bind) = bind {
                            pieces.push(Piece::Owned(format!("{bind} @ ")));
                        }
                        pieces.push(Piece::Text("{ "));
                        for (index, formal) in formals.iter().enumerate() {
                            if index > 0 {
                                pieces.push(Piece::Text(", "));
                            }
                            pieces.push(Piece::Owned(formal.name.as_str().to_string()));
                            if let Some(default) = &formal.default {
                                pieces.push(Piece::Text(" ? "));
                                pieces.push(Piece::Expr(default));
                            }
                        }
                        if *ellipsis {
                            pieces.push(Piece::Text(if formals.is_empty() {
                                "..."
                            } else {
                                ", ..."
                            }));
                        }
                        pieces.push(Piece::Text(" }"));
                    }
                }
                pieces.push(Piece::Text(": "));
                pieces.push(Piece::Expr(&def.body));
                pieces.push(Piece::Text(")"));
            }
            Expr::Apply { func, args, .. } => {
                pieces.push(Piece::Text("("));
                pieces.push(Piece::Expr(func));
                for arg in args {
                    pieces.push(Piece::Text(" "));
                    pieces.push(Piece::Expr(arg));
                }
                pieces.push(Piece::Text(")"));
            }
            Expr::Select {
                subject,
                path,
                default,
                ..
            } => {
                pieces.push(Piece::Expr(subject));
                push_path(&mut pieces, path);
                if let Some(default) = default {
                    pieces.push(Piece::Text(" or "));
                    pieces.push(Piece::Expr(default));
                }
            }
            Expr::HasAttr { subject, path, .. } => {
                pieces.push(Piece::Text("(("));
                pieces.push(Piece::Expr(subject));
                pieces.push(Piece::Text(") ?"));
                push_path(&mut pieces, path);
                pieces.push(Piece::Text(")"));
            }
            Expr::Binary { op, lhs, rhs, .. } => {
                pieces.push(Piece::Text("("));
                pieces.push(Piece::Expr(lhs));
                pieces.push(Piece::Text(op_text(*op)));
                pieces.push(Piece::Expr(rhs));
                pieces.push(Piece::Text(")"));
            }
            Expr::Not { operand, .. } => {
                pieces.push(Piece::Text("(! "));
                pieces.push(Piece::Expr(operand));
                pieces.push(Piece::Text(")"));
            }
            Expr::If {
                cond,
                then,
                otherwise,
                ..
            } => {
                pieces.push(Piece::Text("(if "));
                pieces.push(Piece::Expr(cond));
                pieces.push(Piece::Text(" then "));
                pieces.push(Piece::Expr(then));
                pieces.push(Piece::Text(" else "));
                pieces.push(Piece::Expr(otherwise));
                pieces.push(Piece::Text(")"));
            }
            Expr::Assert { cond, body, .. } => {
                pieces.push(Piece::Text("assert "));
                pieces.push(Piece::Expr(cond));
                pieces.push(Piece::Text("; "));
                pieces.push(Piece::Expr(body));
            }
            Expr::With {
                namespace, body, ..
            } => {
                pieces.push(Piece::Text("(with "));
                pieces.push(Piece::Expr(namespace));
                pieces.push(Piece::Text("; "));
                pieces.push(Piece::Expr(body));
                pieces.push(Piece::Text(")"));
            }
            Expr::CurPos(_) => pieces.push(Piece::Text("__curPos")),
        }
        stack.extend(pieces.into_iter().rev());
    }
    out
}

fn push_path<'a>(pieces: &mut Vec<Piece<'a>>, path: &'a [AttrKey]) {
    for key in path {
        pieces.push(Piece::Text("."));
        match key {
            AttrKey::Static(name) => pieces.push(Piece::Owned(attr_name(name.as_str()))),
            AttrKey::Dynamic(expr, _) => {
                pieces.push(Piece::Text("\"${"));
                pieces.push(Piece::Expr(expr));
                pieces.push(Piece::Text("}\""));
            }
        }
    }
}

fn attr_name(name: &str) -> String {
    if printer::is_plain_identifier(name) {
        name.to_string()
    } else {
        let mut out = String::new();
        printer::write_string(&mut out, name.as_bytes());
        out
    }
}

fn show_const(value: &Value) -> String {
    match value {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => printer::format_float(*f),
        Value::String(s) => {
            let mut out = String::new();
            printer::write_string(&mut out, &s.bytes);
            out
        }
        Value::Path(p) => p.to_string(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        _ => "«value»".into(),
    }
}

fn op_text(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => " + ",
        BinOp::Sub => " - ",
        BinOp::Mul => " * ",
        BinOp::Div => " / ",
        BinOp::Concat => " ++ ",
        BinOp::Update => " // ",
        BinOp::Eq => " == ",
        BinOp::NotEq => " != ",
        BinOp::Less => " < ",
        BinOp::LessEq => " <= ",
        BinOp::More => " > ",
        BinOp::MoreEq => " >= ",
        BinOp::And => " && ",
        BinOp::Or => " || ",
        BinOp::Implies => " -> ",
    }
}

/// An attribute path as Nix prints it in traces: `a.b."${x}"`.
pub fn attr_path_text(path: &[AttrKey]) -> String {
    let mut parts = Vec::with_capacity(path.len());
    for key in path {
        match key {
            AttrKey::Static(name) => parts.push(attr_name(name.as_str())),
            AttrKey::Dynamic(expr, _) => parts.push(format!("\"${{{}}}\"", show(expr))),
        }
    }
    parts.join(".")
}
