//! Prints syntax the way Nix's expression printer does, for assertion messages
//! (`assertion '(x == 1)' failed`): binary operators and calls in parentheses,
//! strings quoted, everything else close to the source.

use rnix::ast::{self, AstToken, HasEntry};
use rowan::ast::AstNode;

/// Nix's rendering of an expression.
pub fn show(expr: &ast::Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr);
    out
}

fn write_expr(out: &mut String, expr: &ast::Expr) {
    match expr {
        ast::Expr::Paren(paren) => match paren.expr() {
            Some(inner) => write_expr(out, &inner),
            None => out.push_str(&expr.syntax().text().to_string()),
        },
        ast::Expr::BinOp(binop) => {
            let (Some(lhs), Some(rhs)) = (binop.lhs(), binop.rhs()) else {
                out.push_str(&expr.syntax().text().to_string());
                return;
            };
            let op = binop
                .syntax()
                .children_with_tokens()
                .filter_map(|t| t.into_token())
                .find(|t| {
                    !matches!(
                        t.kind(),
                        rnix::SyntaxKind::TOKEN_WHITESPACE | rnix::SyntaxKind::TOKEN_COMMENT
                    )
                })
                .map(|t| t.text().to_string())
                .unwrap_or_default();
            out.push('(');
            write_expr(out, &lhs);
            out.push(' ');
            out.push_str(&op);
            out.push(' ');
            write_expr(out, &rhs);
            out.push(')');
        }
        ast::Expr::UnaryOp(unary) => {
            let Some(inner) = unary.expr() else { return };
            match unary.operator() {
                Some(ast::UnaryOpKind::Invert) => {
                    out.push_str("(! ");
                    write_expr(out, &inner);
                    out.push(')');
                }
                _ => {
                    out.push_str("(__sub 0 ");
                    write_expr(out, &inner);
                    out.push(')');
                }
            }
        }
        ast::Expr::Apply(_) => {
            let mut args = Vec::new();
            let mut head = expr.clone();
            while let ast::Expr::Apply(apply) = &head {
                let (Some(func), Some(arg)) = (apply.lambda(), apply.argument()) else {
                    break;
                };
                args.push(arg);
                head = func;
            }
            out.push('(');
            write_expr(out, &head);
            for arg in args.iter().rev() {
                out.push(' ');
                write_expr(out, arg);
            }
            out.push(')');
        }
        ast::Expr::Str(string) => {
            out.push('"');
            for part in string.normalized_parts() {
                match part {
                    ast::InterpolPart::Literal(text) => {
                        for c in text.chars() {
                            match c {
                                '"' => out.push_str("\\\""),
                                '\\' => out.push_str("\\\\"),
                                '\n' => out.push_str("\\n"),
                                '\r' => out.push_str("\\r"),
                                '\t' => out.push_str("\\t"),
                                '$' => out.push_str("\\$"),
                                c => out.push(c),
                            }
                        }
                    }
                    ast::InterpolPart::Interpolation(interpol) => {
                        out.push_str("${");
                        if let Some(inner) = interpol.expr() {
                            write_expr(out, &inner);
                        }
                        out.push('}');
                    }
                }
            }
            out.push('"');
        }
        ast::Expr::HasAttr(has) => {
            out.push_str("((");
            if let Some(inner) = has.expr() {
                write_expr(out, &inner);
            }
            out.push_str(") ? ");
            if let Some(path) = has.attrpath() {
                out.push_str(&path.syntax().text().to_string());
            }
            out.push(')');
        }
        ast::Expr::Literal(literal) => match literal.kind() {
            ast::LiteralKind::Integer(int) => out.push_str(int.syntax().text()),
            ast::LiteralKind::Float(float) => out.push_str(float.syntax().text()),
            ast::LiteralKind::Uri(uri) => {
                out.push('"');
                out.push_str(uri.syntax().text());
                out.push('"');
            }
        },
        ast::Expr::AttrSet(set) if set.entries().next().is_none() => {
            out.push_str(if set.rec_token().is_some() {
                "rec { }"
            } else {
                "{ }"
            })
        }
        other => out.push_str(&other.syntax().text().to_string()),
    }
}
