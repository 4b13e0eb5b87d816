//! Turns source text into lowered IR: registers the file, parses with rnix,
//! maps parse errors to Nix's wording, warns about "cursed `or`" as Nix's
//! parser does, and lowers (optionally under a `scopedImport` scope).
//!
//! [`ParseCache`] lets evaluators share the lowered form of files that do
//! not change (the playground's prelude): the host hands it out through
//! [`crate::EvalIo::parse_cache`]. A cached file is served only when the
//! text being loaded is exactly the pinned text and the evaluator's source
//! map holds that same file under the id the cached IR names, with the same
//! globals, directory and scope; anything else is loaded afresh. A hit
//! replays the file's load-time warnings, so events are as without it.
//! Every cache also pins the evaluator's own Nix source (the `derivation`
//! wrapper), which every evaluator that builds a derivation loads.
//!
//! Tests: `parse_cache_*` at the bottom of this file.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rnix::{ast, ParseError, SyntaxKind};
use rowan::ast::AstNode;
use rustc_hash::FxHashMap;

use crate::builtins::derivation;
use crate::compiler::{lower_root, ExprRef, LowerInput};
use crate::diagnostics::ErrorKind;
use crate::errors::{EvalError, EvalResult};
use crate::source::{FileId, SourceMap, SrcSpan};
use crate::symbols::Symbol;
use crate::vm::{Event, Vm};

/// The lowered IR of pinned files, shared by every evaluator whose host
/// hands out the same cache (see the module header for when it is used).
///
/// Pinned files are registered in an evaluator's source map by
/// [`crate::Evaluator::pin_cached_sources`] right after it is made, so they
/// get the same [`FileId`]s in every evaluator built the same way; the
/// cached IR carries those ids.
pub struct ParseCache {
    /// Pinned files: (path, text), in registration order.
    files: Vec<(String, Rc<str>)>,
    /// Path → index into `files`.
    index: FxHashMap<String, usize>,
    /// The id of the first pinned file, fixed by the first evaluator that
    /// pins them.
    base: Cell<Option<u32>>,
    /// Every distinct set of globals seen, sorted by name; entries name one.
    signatures: RefCell<Vec<Vec<(Symbol, u32)>>>,
    /// The last machine's signature: (its serial, its number of globals,
    /// the signature). Globals are only added, so while the count stands
    /// the signature does; a machine loads dozens of pinned files.
    last_signature: Cell<Option<(u64, usize, usize)>>,
    /// (pinned file, signature, directory, scope) → its lowered form.
    lowered: RefCell<FxHashMap<LoweredKey, Lowered>>,
}

#[derive(PartialEq, Eq, Hash)]
struct LoweredKey {
    file: usize,
    signature: usize,
    dir: String,
    scope: Vec<Symbol>,
}

struct Lowered {
    expr: ExprRef,
    /// The warnings loading raised (cursed `or`), replayed on every hit.
    warnings: Vec<ErrorKind>,
}

impl ParseCache {
    /// A cache for `files` (absolute path, text) and the evaluator's own
    /// `derivation` wrapper; other paths are never cached. A path listed
    /// twice keeps its first text.
    pub fn new(files: impl IntoIterator<Item = (String, Rc<str>)>) -> ParseCache {
        let mut pinned: Vec<(String, Rc<str>)> = Vec::new();
        let mut index = FxHashMap::default();
        let wrapper = (
            derivation::WRAPPER_PATH.to_owned(),
            Rc::from(derivation::WRAPPER_SOURCE),
        );
        for (path, text) in files.into_iter().chain([wrapper]) {
            if !index.contains_key(&path) {
                index.insert(path.clone(), pinned.len());
                pinned.push((path, text));
            }
        }
        ParseCache {
            files: pinned,
            index,
            base: Cell::new(None),
            signatures: RefCell::new(Vec::new()),
            last_signature: Cell::new(None),
            lowered: RefCell::new(FxHashMap::default()),
        }
    }

    /// How many lowered files are kept.
    pub fn len(&self) -> usize {
        self.lowered.borrow().len()
    }

    /// Whether nothing is kept yet.
    pub fn is_empty(&self) -> bool {
        self.lowered.borrow().is_empty()
    }

    /// Registers the pinned files in `sources` (a fresh evaluator's). The
    /// first call fixes their ids; a later source map that has a different
    /// number of files by then gets them at other ids, and its loads miss.
    pub(crate) fn pin(&self, sources: &mut SourceMap) {
        for (offset, (path, text)) in self.files.iter().enumerate() {
            let id = sources.add(path.clone(), text.clone());
            let expected = self
                .base
                .get()
                .and_then(|base| base.checked_add(u32::try_from(offset).ok()?));
            match expected {
                Some(expected) if expected == id.0 => {}
                Some(_) => return,
                None if offset == 0 => self.base.set(Some(id.0)),
                None => return,
            }
        }
    }

    /// The pinned file `path` as registered in `vm`, if `text` is its text
    /// and `vm`'s source map holds it at the pinned id.
    fn pinned(&self, vm: &Vm, path: &str, text: &str) -> Option<(usize, FileId)> {
        let index = *self.index.get(path)?;
        let (_, pinned_text) = self.files.get(index)?;
        if **pinned_text != *text {
            return None;
        }
        let id = FileId(self.base.get()?.checked_add(u32::try_from(index).ok()?)?);
        let registered = vm.sources.file(id)?;
        let same = registered.path == path
            && (Rc::ptr_eq(&registered.text, pinned_text) || *registered.text == *text);
        same.then_some((index, id))
    }

    /// The number naming `vm`'s current globals, adding them if new.
    fn signature(&self, vm: &Vm) -> usize {
        let count = vm.globals.len();
        if let Some((serial, counted, known)) = self.last_signature.get() {
            if serial == vm.serial && counted == count {
                return known;
            }
        }
        let known = self.find_signature(vm);
        self.last_signature.set(Some((vm.serial, count, known)));
        known
    }

    /// [`ParseCache::signature`] without the memo.
    fn find_signature(&self, vm: &Vm) -> usize {
        let mut globals: Vec<(Symbol, u32)> = vm
            .globals
            .iter()
            .map(|(name, slot)| (name.clone(), *slot))
            .collect();
        globals.sort();
        let mut signatures = self.signatures.borrow_mut();
        if let Some(known) = signatures.iter().position(|known| *known == globals) {
            return known;
        }
        signatures.push(globals);
        signatures.len() - 1
    }
}

/// Parses and lowers `text`, registered under `path`.
pub fn load(vm: &mut Vm, path: &str, text: &str) -> EvalResult<ExprRef> {
    load_in(vm, path, &crate::paths::parent_dir(path), text)
}

/// Parses and lowers a file's bytes, registered under `path`, with
/// `scope` as for [`load_scoped`]. Nix source may hold any bytes inside
/// string literals; rnix reads UTF-8 only, so each byte of an invalid
/// sequence is parsed as a private-use character ([`raw_byte_char`]), and
/// string literals turn those back into the bytes. The text registered for
/// messages shows U+FFFD there (as wide as the stand-in, so offsets agree).
pub fn load_bytes(vm: &mut Vm, path: &str, bytes: &[u8], scope: &[Symbol]) -> EvalResult<ExprRef> {
    let dir = crate::paths::parent_dir(path);
    match std::str::from_utf8(bytes) {
        Ok(text) => load_scoped(vm, path, &dir, text, scope),
        Err(_) => {
            let text = stand_in_raw_bytes(bytes);
            load_with(vm, path, &dir, &text, scope, true)
        }
    }
}

/// The private-use character that stands for the raw byte `byte`
/// (0x80–0xFF) while a non-UTF-8 file is parsed.
pub fn raw_byte_char(byte: u8) -> char {
    char::from_u32(RAW_BYTE_BASE + u32::from(byte)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// U+E000 + byte: private-use characters, three bytes in UTF-8 like U+FFFD.
const RAW_BYTE_BASE: u32 = 0xE000;

/// `bytes` as text, every byte of an invalid UTF-8 sequence replaced by
/// its [`raw_byte_char`].
fn stand_in_raw_bytes(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|&byte| raw_byte_char(byte)));
    }
    text
}

/// The bytes a string literal of a non-UTF-8 file stands for: stand-in
/// characters become their raw bytes again.
pub fn restore_raw_bytes(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u32::from(c).checked_sub(RAW_BYTE_BASE) {
            Some(offset @ 0x80..=0xFF) => bytes.push(u8::try_from(offset).unwrap_or(b'?')),
            _ => {
                let mut buffer = [0; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    bytes
}

/// Parses and lowers `text`, registered under the name `path`, resolving
/// relative paths against `dir`.
pub fn load_in(vm: &mut Vm, path: &str, dir: &str, text: &str) -> EvalResult<ExprRef> {
    load_scoped(vm, path, dir, text, &[])
}

/// Like [`load_in`], with `scope` (`scopedImport`'s names, in slot order)
/// as a lexical scope between the file and the globals: the code runs in an
/// environment holding those values, whose parent is the root environment.
pub fn load_scoped(
    vm: &mut Vm,
    path: &str,
    dir: &str,
    text: &str,
    scope: &[Symbol],
) -> EvalResult<ExprRef> {
    load_with(vm, path, dir, text, scope, false)
}

fn load_with(
    vm: &mut Vm,
    path: &str,
    dir: &str,
    text: &str,
    scope: &[Symbol],
    raw_bytes: bool,
) -> EvalResult<ExprRef> {
    if !raw_bytes {
        if let Some(cache) = vm.io.parse_cache() {
            if let Some((index, file)) = cache.pinned(vm, path, text) {
                return load_cached(vm, &cache, index, file, dir, text, scope);
            }
        }
    }
    let shown: Rc<str> = if raw_bytes {
        text.chars()
            .map(|c| match u32::from(c).checked_sub(RAW_BYTE_BASE) {
                Some(0x80..=0xFF) => char::REPLACEMENT_CHARACTER,
                _ => c,
            })
            .collect::<String>()
            .into()
    } else {
        Rc::from(text)
    };
    let file = vm.sources.add(path.to_string(), shown);
    parse_and_lower(vm, file, dir, text, scope, raw_bytes)
}

/// Loads the pinned file `index` (registered in `vm` as `file`) from
/// `cache`, lowering it there on the first load.
fn load_cached(
    vm: &mut Vm,
    cache: &ParseCache,
    index: usize,
    file: FileId,
    dir: &str,
    text: &str,
    scope: &[Symbol],
) -> EvalResult<ExprRef> {
    let key = LoweredKey {
        file: index,
        signature: cache.signature(vm),
        dir: dir.to_owned(),
        scope: scope.to_vec(),
    };
    if let Some(hit) = cache.lowered.borrow().get(&key) {
        vm.events.extend(hit.warnings.iter().map(|kind| Event {
            kind: kind.clone(),
            span: None,
            frames: Vec::new(),
        }));
        return Ok(hit.expr.clone());
    }
    let before = vm.events.len();
    let expr = parse_and_lower(vm, file, dir, text, scope, false)?;
    let warnings = vm
        .events
        .get(before..)
        .unwrap_or_default()
        .iter()
        .map(|event| event.kind.clone())
        .collect();
    cache.lowered.borrow_mut().insert(
        key,
        Lowered {
            expr: expr.clone(),
            warnings,
        },
    );
    Ok(expr)
}

/// Parses `text` (registered as `file`) and lowers it.
fn parse_and_lower(
    vm: &mut Vm,
    file: FileId,
    dir: &str,
    text: &str,
    scope: &[Symbol],
    raw_bytes: bool,
) -> EvalResult<ExprRef> {
    let mut parse = rnix::Root::parse(text);
    if !parse.errors().is_empty() && has_lone_carriage_return(text) {
        // rnix does not end a comment at a lone `\r` as Nix's lexer does;
        // the same text with those turned into `\n` keeps every offset.
        let normalised: String = normalise_carriage_returns(text);
        let retry = rnix::Root::parse(&normalised);
        if retry.errors().is_empty() {
            parse = retry;
        }
    }
    if let Some(error) = parse.errors().first() {
        if let Some(span) = trailing_slash(text, error) {
            return Err(EvalError::at(
                ErrorKind::Parse {
                    message: "path has a trailing slash".into(),
                },
                SrcSpan {
                    file,
                    start: span,
                    end: span,
                },
            ));
        }
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
    warn_cursed_or(vm, file, text, &root);
    // About one new name per 32 bytes of source (`a1999 = a1998 + 1;`
    // takes 20): room made once rather than by doubling.
    vm.interner.reserve(text.len() / 32);
    let dir = dir.to_string();
    let globals = std::mem::take(&mut vm.globals);
    let result = lower_root(
        LowerInput {
            interner: &mut vm.interner,
            sources: &vm.sources,
            file,
            dir,
            globals: &globals,
            scope,
            raw_bytes,
        },
        &root,
    );
    vm.globals = globals;
    result
}

/// Nix's parser reads `f or` (with `or` an identifier) as calling `f` with
/// the variable `or`, and warns where that will change meaning: when such a
/// call is itself an argument, a list element or the default of `a.b or …`.
/// In parentheses, or called further (`map or [ ]`), it stays as it is.
fn warn_cursed_or(vm: &mut Vm, file: FileId, text: &str, root: &rnix::Root) {
    // Walking every node of a large file costs a tenth of parsing it; a
    // file whose text has no `or` standing alone cannot have the call.
    if !mentions_or(text) {
        return;
    }
    for node in root.syntax().descendants() {
        let Some(apply) = ast::Apply::cast(node.clone()) else {
            continue;
        };
        let is_or = matches!(apply.argument(), Some(ast::Expr::Ident(ident))
            if ident.ident_token().is_some_and(|t| t.text() == "or"));
        if !is_or {
            continue;
        }
        let Some(parent) = node.parent() else {
            continue;
        };
        let warns = match parent.kind() {
            SyntaxKind::NODE_LIST => true,
            SyntaxKind::NODE_APPLY => ast::Apply::cast(parent.clone())
                .and_then(|outer| outer.argument())
                .is_some_and(|argument| argument.syntax() == &node),
            SyntaxKind::NODE_SELECT => ast::Select::cast(parent.clone())
                .and_then(|select| select.default_expr())
                .is_some_and(|default| default.syntax() == &node),
            _ => false,
        };
        if !warns {
            continue;
        }
        let range = node.text_range();
        let (start, end) = (u32::from(range.start()), u32::from(range.end()));
        let span = SrcSpan { file, start, end };
        let snippet = node.text().to_string();
        let message = format!(
            "at {}: This expression uses `or` as an identifier in a way that will change in a future Nix release.\n\
             Wrap this entire expression in parentheses to preserve its current meaning:\n    ({snippet})\n\
             Give feedback at https://github.com/NixOS/nix/pull/11121",
            vm.sources.position(span)
        );
        vm.events.push(Event {
            kind: ErrorKind::Warning {
                message,
                evaluation: false,
            },
            span: None,
            frames: Vec::new(),
        });
    }
}

/// Whether `text` has `or` with no identifier character (letter, digit,
/// `_`, `'`, `-`) right before or after it: only then can the parser have
/// read an identifier `or`. Comments and strings may give false alarms,
/// which only cost the walk.
fn mentions_or(text: &str) -> bool {
    let is_ident = |byte: Option<&u8>| {
        byte.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'-'))
    };
    let bytes = text.as_bytes();
    text.match_indices("or").any(|(at, _)| {
        !is_ident(at.checked_sub(1).and_then(|before| bytes.get(before)))
            && !is_ident(bytes.get(at + 2))
    })
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
        TOKEN_IDENT => "identifier",
        TOKEN_INTEGER => "integer",
        TOKEN_FLOAT => "floating-point literal",
        TOKEN_STRING_START | TOKEN_STRING_END => "'\"'",
        TOKEN_INTERPOL_START => "'${'",
        TOKEN_INTERPOL_END => "'}'",
        TOKEN_PATH_ABS | TOKEN_PATH_REL => "path",
        TOKEN_PATH_HOME => "'~/…' path",
        TOKEN_PATH_SEARCH => "'<…>' path",
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
        ParseError::UnexpectedExtra(range) if !snippet(*range).is_ascii() => (
            "syntax error, unexpected invalid token, expecting end of file".to_string(),
            range_of(*range),
        ),
        ParseError::Unexpected(range) | ParseError::UnexpectedExtra(range) => (
            format!("syntax error, unexpected '{}'", snippet(*range).trim()),
            range_of(*range),
        ),
        ParseError::UnexpectedWanted(got, range, wanted) => {
            use SyntaxKind::*;
            let unexpected = match got {
                TOKEN_ERROR => {
                    let start: usize = range.start().into();
                    let end: usize = range.end().into();
                    let rest = text.get(start..).unwrap_or("");
                    let before = text.get(..start).unwrap_or("").trim_end();
                    if rest.trim().is_empty() && before.ends_with("''") {
                        "start of an indented string".to_string()
                    } else if rest.trim().is_empty() || end >= text.trim_end().len() {
                        "end of file".to_string()
                    } else if rest.starts_with("''") {
                        "start of an indented string".to_string()
                    } else {
                        "invalid token".to_string()
                    }
                }
                other => token_name(*other),
            };
            // rnix's expectation sets are not bison's; map the common ones to
            // the wording Nix prints in the same situations.
            let attr_name = "identifier or 'or' or '${' or '\"'";
            let expecting: Option<String> = if wanted.contains(&TOKEN_L_PAREN) {
                None
            } else if wanted.contains(&TOKEN_IDENT) && wanted.contains(&TOKEN_OR) {
                match got {
                    TOKEN_INTEGER | TOKEN_FLOAT => Some("'inherit'".into()),
                    TOKEN_URI => None,
                    _ => Some(attr_name.into()),
                }
            } else if wanted.contains(&TOKEN_STRING_CONTENT) {
                if unexpected == "start of an indented string" {
                    Some(attr_name.into())
                } else {
                    Some("'\"'".into())
                }
            } else if wanted.as_ref() == [TOKEN_R_BRACE] {
                Some("'}' or ','".into())
            } else if wanted.as_ref() == [TOKEN_ASSIGN] {
                Some("'.' or '='".into())
            } else {
                let names: Vec<String> = wanted.iter().map(|k| token_name(*k)).collect();
                if names.is_empty() {
                    None
                } else {
                    Some(names.join(" or "))
                }
            };
            match expecting {
                Some(expecting) => (
                    format!("syntax error, unexpected {unexpected}, expecting {expecting}"),
                    range_of(*range),
                ),
                None => (
                    format!("syntax error, unexpected {unexpected}"),
                    range_of(*range),
                ),
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

fn has_lone_carriage_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, b)| *b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

fn normalise_carriage_returns(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Nix reports `a/` as "path has a trailing slash" (at the offset after the
/// slash); rnix reports some unexpected token there.
fn trailing_slash(text: &str, error: &ParseError) -> Option<u32> {
    let range = match error {
        ParseError::Unexpected(range)
        | ParseError::UnexpectedExtra(range)
        | ParseError::UnexpectedWanted(_, range, _) => *range,
        _ => return None,
    };
    let (start, end): (usize, usize) = (range.start().into(), range.end().into());
    let word = text.get(start..end)?.trim_end();
    let path_like = word.len() > 1
        && word.ends_with('/')
        && word.chars().any(|c| c.is_ascii_alphanumeric())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+~/".contains(c));
    if path_like {
        u32::try_from(start + word.len()).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::{mentions_or, ParseCache};
    use crate::{EvalIo, EvalOptions, Evaluator, IoError, MemoryIo, PathKind};

    #[test]
    fn or_standing_alone_is_found() {
        for text in ["or", "f or", "[ (x: x) or ]", "a.b or\nc", "(or)", "x:or"] {
            assert!(mentions_or(text), "{text}");
        }
        for text in ["", "for", "order", "x.or_y", "or'", "a-or", "color = 1;"] {
            assert!(!mentions_or(text), "{text}");
        }
    }

    /// A memory host that hands out a shared cache.
    struct CachedIo {
        files: MemoryIo,
        cache: Rc<ParseCache>,
    }

    impl EvalIo for CachedIo {
        fn read_file(&self, path: &str) -> Result<Vec<u8>, IoError> {
            self.files.read_file(path)
        }
        fn read_dir(&self, path: &str) -> Result<Vec<(String, PathKind)>, IoError> {
            self.files.read_dir(path)
        }
        fn path_kind(&self, path: &str) -> Option<PathKind> {
            self.files.path_kind(path)
        }
        fn get_env(&self, name: &str) -> Option<String> {
            self.files.get_env(name)
        }
        fn current_time(&self) -> i64 {
            0
        }
        fn parse_cache(&self) -> Option<Rc<ParseCache>> {
            Some(self.cache.clone())
        }
    }

    const LIB: &str = "/lib/default.nix";
    const LIB_TEXT: &str = "{ double = x: x * 2; broken = y: y.missing; }";

    fn cache() -> Rc<ParseCache> {
        Rc::new(ParseCache::new([(LIB.to_owned(), Rc::from(LIB_TEXT))]))
    }

    fn evaluator(cache: &Rc<ParseCache>, lib_text: &str) -> Evaluator {
        let mut files = MemoryIo::new();
        files.insert(LIB, lib_text);
        let io = CachedIo {
            files,
            cache: cache.clone(),
        };
        let mut evaluator = Evaluator::new(Box::new(io), EvalOptions::default());
        evaluator.pin_cached_sources();
        evaluator
    }

    #[test]
    fn parse_cache_serves_a_pinned_file_to_later_evaluators() {
        let cache = cache();
        for _ in 0..3 {
            let mut evaluator = evaluator(&cache, LIB_TEXT);
            let outcome = evaluator.eval_source("/w/a.nix", "(import /lib).double 21");
            assert_eq!(outcome.value.as_deref(), Some("42"));
            // The user's file is never cached, the pinned one once.
            assert_eq!(cache.len(), 1);
        }
    }

    #[test]
    fn parse_cache_serves_the_derivation_wrapper_to_later_evaluators() {
        let cache = cache();
        let program = r#"(derivation { name = "x"; system = "s"; builder = "b"; }).drvPath"#;
        let mut paths = Vec::new();
        for _ in 0..3 {
            let mut evaluator = evaluator(&cache, LIB_TEXT);
            let outcome = evaluator.eval_source("/w/a.nix", program);
            paths.push(outcome.value);
            // Only the wrapper was lowered: the user's file never is.
            assert_eq!(cache.len(), 1);
        }
        assert!(paths[0].as_deref().is_some_and(|p| p.ends_with("-x.drv\"")));
        assert!(paths.iter().all(|path| *path == paths[0]));
    }

    #[test]
    fn parse_cache_errors_in_a_cached_file_point_into_it() {
        let cache = cache();
        let mut first = evaluator(&cache, LIB_TEXT);
        let expected = first.eval_source("/w/a.nix", "(import /lib).broken { }");
        let mut second = evaluator(&cache, LIB_TEXT);
        let again = second.eval_source("/w/a.nix", "(import /lib).broken { }");
        let (Some(expected), Some(again)) = (expected.error, again.error) else {
            panic!("both evaluations should fail");
        };
        assert_eq!(again.span, expected.span);
        assert_eq!(again.message, expected.message);
        assert_eq!(
            again.span.map(|span| span.file),
            Some(LIB.to_owned()),
            "the error is in the cached file"
        );
    }

    #[test]
    fn parse_cache_never_serves_a_changed_file() {
        let cache = cache();
        let mut first = evaluator(&cache, LIB_TEXT);
        let outcome = first.eval_source("/w/a.nix", "(import /lib).double 21");
        assert_eq!(outcome.value.as_deref(), Some("42"));
        // The host now has other text at the pinned path.
        let mut changed = evaluator(&cache, "{ double = x: x * 3; }");
        let outcome = changed.eval_source("/w/a.nix", "(import /lib).double 21");
        assert_eq!(outcome.value.as_deref(), Some("63"));
    }

    #[test]
    fn parse_cache_replays_load_warnings() {
        let text = "let or = 1; in [ (x: x) or ]";
        let cache = Rc::new(ParseCache::new([(LIB.to_owned(), Rc::from(text))]));
        let mut warnings = Vec::new();
        for _ in 0..2 {
            let mut evaluator = evaluator(&cache, text);
            let outcome = evaluator.eval_source("/w/a.nix", "import /lib");
            warnings.push(outcome.events.len());
        }
        assert_eq!(cache.len(), 1);
        assert_eq!(warnings, vec![1, 1]);
    }

    #[test]
    fn parse_cache_sees_globals_added_to_a_machine_it_served() {
        let cache = cache();
        let mut evaluator = evaluator(&cache, LIB_TEXT);
        let outcome = evaluator.eval_source("/w/a.nix", "(scopedImport { } /lib).double 1");
        assert_eq!(outcome.value.as_deref(), Some("2"));
        assert_eq!(cache.len(), 1);
        assert!(evaluator
            .define_global("extra", "/w/extra.nix", "1")
            .is_ok());
        let outcome = evaluator.eval_source("/w/b.nix", "(scopedImport { } /lib).double extra");
        assert_eq!(outcome.value.as_deref(), Some("2"));
        assert_eq!(cache.len(), 2, "lowered again for the new globals");
    }

    #[test]
    fn parse_cache_misses_when_globals_differ() {
        let cache = cache();
        let mut plain = evaluator(&cache, LIB_TEXT);
        let outcome = plain.eval_source("/w/a.nix", "(import /lib).double 1");
        assert_eq!(outcome.value.as_deref(), Some("2"));
        let mut extended = evaluator(&cache, LIB_TEXT);
        assert!(extended.define_global("extra", "/w/extra.nix", "1").is_ok());
        let outcome = extended.eval_source("/w/a.nix", "(import /lib).double 1");
        assert_eq!(outcome.value.as_deref(), Some("2"));
        assert_eq!(cache.len(), 2);
    }
}
