//! Turns source text into lowered IR: registers the file, parses with rnix,
//! maps parse errors to Nix's wording, and lowers.

use std::rc::Rc;

use rnix::{ParseError, SyntaxKind};

use crate::compiler::{lower_root, ExprRef, LowerInput};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::source::SrcSpan;
use crate::vm::Vm;

/// Parses and lowers `text`, registered under `path`.
pub fn load(vm: &mut Vm, path: &str, text: &str) -> EvalResult<ExprRef> {
    load_in(vm, path, &crate::paths::parent_dir(path), text)
}

/// Parses and lowers `text`, registered under the name `path`, resolving
/// relative paths against `dir`.
pub fn load_in(vm: &mut Vm, path: &str, dir: &str, text: &str) -> EvalResult<ExprRef> {
    let file = vm.sources.add(path.to_string(), Rc::from(text));
    let parse = rnix::Root::parse(text);
    if let Some(error) = parse.errors().first() {
        let (message, range) = parse_error_message(error, text);
        let (start, end) = match range {
            Some((start, end)) => (start, end),
            None => {
                let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
                (end, end)
            }
        };
        let span = SrcSpan { file, start, end };
        let kind = match error {
            ParseError::DuplicatedArgs(_, name) => {
                ErrorKind::DuplicateFormal { name: name.clone() }
            }
            _ => ErrorKind::Parse { message },
        };
        return Err(EvalError::at(kind, span));
    }
    let root = parse.tree();
    let dir = dir.to_string();
    let globals = std::mem::take(&mut vm.globals);
    let result = lower_root(
        LowerInput {
            interner: &mut vm.interner,
            sources: &vm.sources,
            file,
            dir,
            globals: &globals,
        },
        &root,
    );
    vm.globals = globals;
    result
}

fn token_name(kind: SyntaxKind) -> String {
    use SyntaxKind::*;
    let text = match kind {
        TOKEN_ASSERT => "'assert'",
        TOKEN_ELSE => "'else'",
        TOKEN_IF => "'if'",
        TOKEN_IN => "'in'",
        TOKEN_INHERIT => "'inherit'",
        TOKEN_LET => "'let'",
        TOKEN_OR => "'or'",
        TOKEN_REC => "'rec'",
        TOKEN_THEN => "'then'",
        TOKEN_WITH => "'with'",
        TOKEN_L_BRACE => "'{'",
        TOKEN_R_BRACE => "'}'",
        TOKEN_L_BRACK => "'['",
        TOKEN_R_BRACK => "']'",
        TOKEN_L_PAREN => "'('",
        TOKEN_R_PAREN => "')'",
        TOKEN_ASSIGN => "'='",
        TOKEN_AT => "'@'",
        TOKEN_COLON => "':'",
        TOKEN_COMMA => "','",
        TOKEN_DOT => "'.'",
        TOKEN_ELLIPSIS => "'...'",
        TOKEN_QUESTION => "'?'",
        TOKEN_SEMICOLON => "';'",
        TOKEN_CONCAT => "'++'",
        TOKEN_UPDATE => "'//'",
        TOKEN_ADD => "'+'",
        TOKEN_SUB => "'-'",
        TOKEN_MUL => "'*'",
        TOKEN_DIV => "'/'",
        TOKEN_AND_AND => "'&&'",
        TOKEN_OR_OR => "'||'",
        TOKEN_EQUAL => "'=='",
        TOKEN_NOT_EQUAL => "'!='",
        TOKEN_LESS => "'<'",
        TOKEN_LESS_OR_EQ => "'<='",
        TOKEN_MORE => "'>'",
        TOKEN_MORE_OR_EQ => "'>='",
        TOKEN_IMPLICATION => "'->'",
        TOKEN_INVERT => "'!'",
        TOKEN_IDENT => "ID",
        TOKEN_INTEGER => "INT_LIT",
        TOKEN_FLOAT => "FLOAT_LIT",
        TOKEN_STRING_START | TOKEN_STRING_END => "'\"'",
        TOKEN_INTERPOL_START => "'${'",
        TOKEN_INTERPOL_END => "'}'",
        TOKEN_PATH_ABS | TOKEN_PATH_REL => "PATH",
        TOKEN_PATH_HOME => "HPATH",
        TOKEN_PATH_SEARCH => "SPATH",
        TOKEN_URI => "URI",
        _ => return format!("{kind:?}"),
    };
    text.to_string()
}

fn range_of(range: rnix::TextRange) -> Option<(u32, u32)> {
    Some((range.start().into(), range.end().into()))
}

fn parse_error_message(error: &ParseError, text: &str) -> (String, Option<(u32, u32)>) {
    let snippet = |range: rnix::TextRange| -> String {
        let start: usize = range.start().into();
        let end: usize = range.end().into();
        text.get(start..end).unwrap_or("").to_string()
    };
    match error {
        ParseError::Unexpected(range) | ParseError::UnexpectedExtra(range) => (
            format!("syntax error, unexpected '{}'", snippet(*range).trim()),
            range_of(*range),
        ),
        ParseError::UnexpectedWanted(got, range, wanted) => {
            let expecting: Vec<String> = wanted.iter().take(1).map(|k| token_name(*k)).collect();
            let got = token_name(*got);
            if expecting.is_empty() {
                (format!("syntax error, unexpected {got}"), range_of(*range))
            } else {
                (
                    format!(
                        "syntax error, unexpected {got}, expecting {}",
                        expecting.join(" or ")
                    ),
                    range_of(*range),
                )
            }
        }
        ParseError::UnexpectedDoubleBind(range) => {
            ("syntax error, unexpected '@'".to_string(), range_of(*range))
        }
        ParseError::UnexpectedEOF => ("syntax error, unexpected end of file".to_string(), None),
        ParseError::UnexpectedEOFWanted(wanted) => match wanted.first() {
            Some(kind) => (
                format!(
                    "syntax error, unexpected end of file, expecting {}",
                    token_name(*kind)
                ),
                None,
            ),
            None => ("syntax error, unexpected end of file".to_string(), None),
        },
        ParseError::DuplicatedArgs(range, name) => (
            format!("duplicate formal function argument '{name}'"),
            range_of(*range),
        ),
        ParseError::RecursionLimitExceeded => ("expression nesting too deep".to_string(), None),
        other => (format!("syntax error: {other}"), None),
    }
}
