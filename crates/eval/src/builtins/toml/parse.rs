//! A TOML 1.0 reader with the semantics of toml11 (the library C++ Nix
//! uses): tables, arrays of tables, dotted keys, inline tables, all string
//! and number forms, and dates and times kept as toml11 prints them.
//!
//! Errors follow toml11's layout (`[error] toml::…: …`, then the source
//! line with a caret); the integer range error is reproduced exactly, other
//! syntax errors name the same position with our own wording.
//!
//! Nested values are parsed with an explicit stack, and tables are walked
//! with loops, so no input can exhaust the native stack.

use std::collections::BTreeMap;

/// A parsed TOML value.
#[derive(Debug)]
pub enum Toml {
    /// A string (UTF-8; may contain NUL from `\u0000`).
    String(Vec<u8>),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A Boolean.
    Bool(bool),
    /// A date, time or date-time, formatted as toml11 prints it.
    DateTime(String),
    /// An array; `of_tables` when built by `[[…]]` headers.
    Array {
        /// The elements.
        items: Vec<Toml>,
        /// Whether `[[…]]` headers may append to it.
        of_tables: bool,
    },
    /// A table.
    Table(Table),
}

/// A table and how it came to be (what may still be added to it).
#[derive(Debug, Default)]
pub struct Table {
    /// Its entries.
    pub entries: BTreeMap<String, Toml>,
    /// Opened by a `[header]` (a second header is an error).
    defined: bool,
    /// Written inline (`{ … }`): closed for additions.
    inline: bool,
    /// Created by a dotted key (a `[header]` may not reopen it).
    dotted: bool,
}

/// Why the document was rejected: toml11-style text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlError(pub String);

struct Reader<'a> {
    text: &'a [u8],
    pos: usize,
}

enum Frame {
    Array(Vec<Toml>),
    Inline {
        table: Table,
        /// The key the value being parsed belongs to.
        key: Vec<String>,
        key_start: usize,
    },
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.text.get(self.pos + offset).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.text.get(self.pos..).unwrap_or(&[])
    }

    /// toml11's error layout: title, then ` --> fromTOML`, the line and a
    /// caret under `at` with `note`.
    fn error_at(&self, at: usize, title: &str, note: &str) -> TomlError {
        let at = at.min(self.text.len());
        let line_start = self
            .text
            .get(..at)
            .and_then(|head| head.iter().rposition(|b| *b == b'\n'))
            .map_or(0, |newline| newline + 1);
        let line_end = self
            .text
            .get(at..)
            .and_then(|tail| tail.iter().position(|b| *b == b'\n'))
            .map_or(self.text.len(), |offset| at + offset);
        let line_number = self
            .text
            .get(..line_start)
            .map_or(0, |head| head.iter().filter(|b| **b == b'\n').count())
            + 1;
        let line = String::from_utf8_lossy(self.text.get(line_start..line_end).unwrap_or(&[]))
            .trim_end_matches('\r')
            .to_string();
        let column = String::from_utf8_lossy(self.text.get(line_start..at).unwrap_or(&[]))
            .chars()
            .count();
        let number = line_number.to_string();
        let pad = " ".repeat(number.len());
        TomlError(format!(
            "[error] {title}\n --> fromTOML\n {pad} |\n {number} | {line}\n {pad} | {}^-- {note}\n",
            " ".repeat(column)
        ))
    }

    fn syntax(&self, what: &str) -> TomlError {
        self.error_at(self.pos, &format!("toml::parse: {what}"), "here")
    }

    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn skip_comment(&mut self) -> Result<(), TomlError> {
        if self.peek() == Some(b'#') {
            while let Some(byte) = self.peek() {
                if byte == b'\n' {
                    break;
                }
                if byte == b'\r' && self.peek_at(1) == Some(b'\n') {
                    break;
                }
                if (byte < 0x20 && byte != b'\t') || byte == 0x7f {
                    return Err(self.syntax("control characters are not allowed in comments"));
                }
                self.pos += 1;
            }
        }
        Ok(())
    }

    /// Whitespace, comments and newlines (inside arrays).
    fn skip_space_and_newlines(&mut self) -> Result<(), TomlError> {
        loop {
            self.skip_blank();
            self.skip_comment()?;
            match self.peek() {
                Some(b'\n') => self.pos += 1,
                Some(b'\r') if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                _ => return Ok(()),
            }
        }
    }

    /// The end of a line: blanks, an optional comment, a newline or the end.
    fn end_of_line(&mut self) -> Result<(), TomlError> {
        self.skip_blank();
        self.skip_comment()?;
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.pos += 1;
                Ok(())
            }
            Some(b'\r') if self.peek_at(1) == Some(b'\n') => {
                self.pos += 2;
                Ok(())
            }
            Some(_) => {
                Err(self.syntax("expected a newline after a key-value pair or table header"))
            }
        }
    }

    fn key_segment(&mut self) -> Result<String, TomlError> {
        match self.peek() {
            Some(quote @ (b'"' | b'\'')) => {
                if self.rest().starts_with(&[quote; 3]) {
                    return Err(self.syntax("multi-line strings are not allowed as keys"));
                }
                self.quoted_string(quote)
                    .map(|s| String::from_utf8_lossy(&s).into_owned())
            }
            _ => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    return Err(self.syntax("expected a key"));
                }
                Ok(
                    String::from_utf8_lossy(self.text.get(start..self.pos).unwrap_or(&[]))
                        .into_owned(),
                )
            }
        }
    }

    /// `a . "b" . 'c'`
    fn key(&mut self) -> Result<Vec<String>, TomlError> {
        let mut path = vec![self.key_segment()?];
        loop {
            self.skip_blank();
            if self.peek() != Some(b'.') {
                return Ok(path);
            }
            self.pos += 1;
            self.skip_blank();
            path.push(self.key_segment()?);
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), TomlError> {
        let start = self.pos;
        self.pos += 1;
        let Some(kind) = self.peek() else {
            return Err(self.syntax("unterminated escape sequence"));
        };
        self.pos += 1;
        let simple = match kind {
            b'b' => Some(0x08),
            b't' => Some(b'\t'),
            b'n' => Some(b'\n'),
            b'f' => Some(0x0c),
            b'r' => Some(b'\r'),
            b'e' => Some(0x1b),
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            _ => None,
        };
        if let Some(byte) = simple {
            out.push(byte);
            return Ok(());
        }
        let digits = match kind {
            b'u' => 4,
            b'U' => 8,
            b'x' => 2,
            _ => {
                return Err(self.error_at(
                    start,
                    "toml::parse_basic_string: invalid escape sequence",
                    "here",
                ))
            }
        };
        let hex = self.text.get(self.pos..self.pos + digits).unwrap_or(&[]);
        let code = std::str::from_utf8(hex)
            .ok()
            .filter(|h| h.len() == digits && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
            .ok_or_else(|| {
                self.error_at(
                    start,
                    "toml::parse_basic_string: invalid unicode escape",
                    "here",
                )
            })?;
        self.pos += digits;
        let mut buffer = [0; 4];
        out.extend_from_slice(code.encode_utf8(&mut buffer).as_bytes());
        Ok(())
    }

    /// A quoted string: basic (`"`, with escapes) or literal (`'`, taken as
    /// written), each single-line or multi-line (the quote tripled). The two
    /// kinds differ only in their quote and in the escapes.
    fn quoted_string(&mut self, quote: u8) -> Result<Vec<u8>, TomlError> {
        let escapes = quote == b'"';
        let triple = [quote; 3];
        let multi = self.rest().starts_with(&triple);
        self.pos += if multi { 3 } else { 1 };
        if multi {
            self.skip_first_newline();
        }
        let mut out = Vec::new();
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.syntax("unterminated string"));
            };
            match byte {
                _ if byte == quote && !multi => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ if byte == quote && self.rest().starts_with(&triple) => {
                    // Up to two quotes may end the content.
                    let mut quotes = 3;
                    while self.peek_at(quotes) == Some(quote) && quotes < 5 {
                        quotes += 1;
                    }
                    out.extend(std::iter::repeat_n(quote, quotes - 3));
                    self.pos += quotes;
                    return Ok(out);
                }
                b'\\' if escapes && multi && self.line_ending_backslash() => {}
                b'\\' if escapes => self.escape(&mut out)?,
                b'\n' if multi => {
                    out.push(b'\n');
                    self.pos += 1;
                }
                b'\r' if multi && self.peek_at(1) == Some(b'\n') => {
                    out.extend_from_slice(b"\r\n");
                    self.pos += 2;
                }
                b'\t' => {
                    out.push(byte);
                    self.pos += 1;
                }
                _ if byte < 0x20 || byte == 0x7f => {
                    return Err(self.syntax("control characters are not allowed in strings"))
                }
                _ => {
                    out.push(byte);
                    self.pos += 1;
                }
            }
        }
    }

    /// A `\` at the end of a line in a multi-line basic string: skips it and
    /// the whitespace and newlines that follow.
    fn line_ending_backslash(&mut self) -> bool {
        let mut look = self.pos + 1;
        while matches!(self.text.get(look), Some(b' ' | b'\t')) {
            look += 1;
        }
        let newline = match self.text.get(look) {
            Some(b'\n') => 1,
            Some(b'\r') if self.text.get(look + 1) == Some(&b'\n') => 2,
            _ => return false,
        };
        self.pos = look + newline;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n'))
            || (self.peek() == Some(b'\r') && self.peek_at(1) == Some(b'\n'))
        {
            self.pos += 1;
        }
        true
    }

    fn skip_first_newline(&mut self) {
        if self.peek() == Some(b'\n') {
            self.pos += 1;
        } else if self.rest().starts_with(b"\r\n") {
            self.pos += 2;
        }
    }

    /// The token of a number, date, Boolean or special float.
    fn bare_token(&mut self) -> &'a [u8] {
        let start = self.pos;
        loop {
            match self.peek() {
                Some(b)
                    if b.is_ascii_alphanumeric()
                        || matches!(b, b'_' | b'+' | b'-' | b'.' | b':') =>
                {
                    self.pos += 1;
                }
                // A space between a date and a time: `1979-05-27 07:32:00`.
                Some(b' ')
                    if self.pos - start == 10
                        && is_date(self.text.get(start..self.pos).unwrap_or(&[]))
                        && self.peek_at(1).is_some_and(|b| b.is_ascii_digit()) =>
                {
                    self.pos += 1;
                }
                _ => break,
            }
        }
        self.text.get(start..self.pos).unwrap_or(&[])
    }

    fn scalar(&mut self) -> Result<Toml, TomlError> {
        match self.peek() {
            Some(quote @ (b'"' | b'\'')) => return self.quoted_string(quote).map(Toml::String),
            None => return Err(self.syntax("expected a value")),
            _ => {}
        }
        let start = self.pos;
        let token = self.bare_token();
        if token.is_empty() {
            return Err(self.syntax("expected a value"));
        }
        let text = String::from_utf8_lossy(token).into_owned();
        match text.as_str() {
            "true" => return Ok(Toml::Bool(true)),
            "false" => return Ok(Toml::Bool(false)),
            "inf" | "+inf" => return Ok(Toml::Float(f64::INFINITY)),
            "-inf" => return Ok(Toml::Float(f64::NEG_INFINITY)),
            "nan" | "+nan" => return Ok(Toml::Float(f64::NAN)),
            "-nan" => return Ok(Toml::Float(-f64::NAN)),
            _ => {}
        }
        if let Some(datetime) = parse_datetime(&text) {
            return Ok(Toml::DateTime(datetime));
        }
        self.number(&text, start)
    }

    fn number(&self, text: &str, start: usize) -> Result<Toml, TomlError> {
        let invalid = || self.error_at(start, "toml::parse_value: unknown value appeared", "here");
        for (prefix, radix, name) in [("0x", 16, "hex"), ("0o", 8, "oct"), ("0b", 2, "bin")] {
            if let Some(digits) = text.strip_prefix(prefix) {
                let clean = underscores(digits).ok_or_else(invalid)?;
                return i64::from_str_radix(&clean, radix).map(Toml::Int).map_err(|_| {
                    self.error_at(
                        start + text.len(),
                        &format!("toml::parse_{name}_integer: too large integer: current max value = 2^63"),
                        "must be < 2^63",
                    )
                });
            }
        }
        let (sign, body) = match text.as_bytes().first() {
            Some(b'+') => ("", text.get(1..).unwrap_or("")),
            Some(b'-') => ("-", text.get(1..).unwrap_or("")),
            _ => ("", text),
        };
        let is_float = body.contains(['.', 'e', 'E']);
        let valid_digits = body
            .split(['.', 'e', 'E', '+', '-'])
            .all(|part| part.is_empty() || underscores(part).is_some());
        if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit()) || !valid_digits {
            return Err(invalid());
        }
        // No leading zeros in the integer part.
        let integer_part = body.split(['.', 'e', 'E']).next().unwrap_or("");
        if integer_part.len() > 1 && integer_part.starts_with('0') {
            return Err(invalid());
        }
        let clean: String = body.chars().filter(|c| *c != '_').collect();
        if is_float {
            if clean.ends_with('.') || clean.contains(".e") || clean.contains(".E") {
                return Err(invalid());
            }
            return format!("{sign}{clean}")
                .parse::<f64>()
                .map(Toml::Float)
                .map_err(|_| invalid());
        }
        format!("{sign}{clean}")
            .parse::<i64>()
            .map(Toml::Int)
            .map_err(|_| {
                self.error_at(
                    start + text.len(),
                    "toml::parse_dec_integer: too large integer: current max digits = 2^63",
                    "must be < 2^63",
                )
            })
    }

    /// A value, with arrays and inline tables parsed on an explicit stack.
    fn value(&mut self) -> Result<Toml, TomlError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Start a value.
            let mut done = match self.peek() {
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_space_and_newlines()?;
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Toml::Array {
                            items: Vec::new(),
                            of_tables: false,
                        }
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_blank();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Toml::Table(Table {
                            inline: true,
                            ..Table::default()
                        })
                    } else {
                        let key_start = self.pos;
                        let key = self.key()?;
                        self.expect_equals()?;
                        stack.push(Frame::Inline {
                            table: Table {
                                inline: true,
                                ..Table::default()
                            },
                            key,
                            key_start,
                        });
                        continue;
                    }
                }
                _ => self.scalar()?,
            };
            // Attach it and close finished containers.
            loop {
                match stack.last_mut() {
                    None => return Ok(done),
                    Some(Frame::Array(items)) => {
                        items.push(done);
                        self.skip_space_and_newlines()?;
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_space_and_newlines()?;
                                if self.peek() == Some(b']') {
                                    self.pos += 1;
                                    done = self.close_array(&mut stack)?;
                                    continue;
                                }
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                done = self.close_array(&mut stack)?;
                            }
                            _ => return Err(self.syntax("expected ',' or ']' in an array")),
                        }
                    }
                    Some(Frame::Inline {
                        table,
                        key,
                        key_start,
                    }) => {
                        let key = std::mem::take(key);
                        let key_start = *key_start;
                        insert_dotted(self, table, &key, done, key_start)?;
                        self.skip_blank();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_blank();
                                let next_start = self.pos;
                                let next = self.key()?;
                                self.expect_equals()?;
                                if let Some(Frame::Inline { key, key_start, .. }) = stack.last_mut()
                                {
                                    *key = next;
                                    *key_start = next_start;
                                }
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                match stack.pop() {
                                    Some(Frame::Inline { table, .. }) => done = Toml::Table(table),
                                    _ => return Err(self.syntax("internal parser state")),
                                }
                            }
                            _ => return Err(self.syntax("expected ',' or '}' in an inline table")),
                        }
                    }
                }
            }
        }
    }

    fn close_array(&self, stack: &mut Vec<Frame>) -> Result<Toml, TomlError> {
        match stack.pop() {
            Some(Frame::Array(items)) => Ok(Toml::Array {
                items,
                of_tables: false,
            }),
            _ => Err(self.syntax("internal parser state")),
        }
    }

    fn expect_equals(&mut self) -> Result<(), TomlError> {
        self.skip_blank();
        if self.peek() != Some(b'=') {
            return Err(self.syntax("expected '=' after a key"));
        }
        self.pos += 1;
        self.skip_blank();
        if matches!(self.peek(), None | Some(b'\n' | b'\r' | b'#')) {
            return Err(self.error_at(
                self.pos,
                "toml::parse_key_value_pair: missing value after key-value separator '='",
                "expected value, but got nothing",
            ));
        }
        Ok(())
    }
}

fn underscores(digits: &str) -> Option<String> {
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| digits.chars().filter(|c| *c != '_').collect())
}

fn is_date(text: &[u8]) -> bool {
    text.len() == 10
        && text.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

fn two_digits(text: &str, at: usize) -> Option<u32> {
    let part = text.get(at..at + 2)?;
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())?
}

/// `HH:MM:SS[.frac]` as toml11 prints it, and what follows it.
fn parse_time(text: &str) -> Option<(String, &str)> {
    let (hour, minute, second) = (
        two_digits(text, 0)?,
        two_digits(text, 3)?,
        two_digits(text, 6)?,
    );
    if text.get(2..3)? != ":" || text.get(5..6)? != ":" || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = text.get(8..)?;
    let mut out = format!("{hour:02}:{minute:02}:{second:02}");
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits: String = fraction.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        rest = fraction.get(digits.len()..)?;
        let mut padded: Vec<u32> = digits
            .bytes()
            .take(9)
            .map(|b| u32::from(b - b'0'))
            .collect();
        padded.resize(9, 0);
        let group = |i: usize| {
            padded
                .get(i..i + 3)
                .map_or(0, |d| d.iter().fold(0, |acc, x| acc * 10 + x))
        };
        let (milli, micro, nano) = (group(0), group(3), group(6));
        if milli != 0 || micro != 0 || nano != 0 {
            out.push_str(&format!(".{milli:03}"));
            if micro != 0 || nano != 0 {
                out.push_str(&format!("{micro:03}"));
                if nano != 0 {
                    out.push_str(&format!("{nano:03}"));
                }
            }
        }
    }
    Some((out, rest))
}

/// A TOML date, time or date-time, printed as toml11 prints it.
fn parse_datetime(text: &str) -> Option<String> {
    if text.len() >= 8 && text.get(2..3) == Some(":") {
        let (time, rest) = parse_time(text)?;
        return rest.is_empty().then_some(time);
    }
    let date = text.get(..10)?;
    if !is_date(date.as_bytes()) {
        return None;
    }
    let month = two_digits(date, 5)?;
    let day = two_digits(date, 8)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let rest = text.get(10..)?;
    if rest.is_empty() {
        return Some(date.to_string());
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (time, offset) = parse_time(rest)?;
    let offset = match offset {
        "" => String::new(),
        "Z" | "z" => "Z".to_string(),
        other => {
            let sign = other.get(..1).filter(|s| *s == "+" || *s == "-")?;
            let (hours, minutes) = (two_digits(other, 1)?, two_digits(other, 4)?);
            if other.get(3..4)? != ":" || other.len() != 6 {
                return None;
            }
            if hours == 0 && minutes == 0 {
                "Z".to_string()
            } else {
                format!("{sign}{hours:02}:{minutes:02}")
            }
        }
    };
    Some(format!("{date}T{time}{offset}"))
}

/// Inserts `value` at the dotted `key` inside `table`.
fn insert_dotted(
    reader: &Reader,
    table: &mut Table,
    key: &[String],
    value: Toml,
    key_start: usize,
) -> Result<(), TomlError> {
    let Some((last, prefix)) = key.split_last() else {
        return Err(reader.syntax("empty key"));
    };
    let mut current = table;
    for segment in prefix {
        let entry = current.entries.entry(segment.clone()).or_insert_with(|| {
            Toml::Table(Table {
                dotted: true,
                ..Table::default()
            })
        });
        current = match entry {
            Toml::Table(inner) if !inner.inline && (inner.dotted || !inner.defined) => inner,
            _ => return Err(duplicate(reader, key_start, segment)),
        };
    }
    if current.entries.contains_key(last) {
        return Err(duplicate(reader, key_start, last));
    }
    current.entries.insert(last.clone(), value);
    Ok(())
}

fn duplicate(reader: &Reader, at: usize, name: &str) -> TomlError {
    reader.error_at(
        at,
        &format!("toml::insert_value: value (\"{name}\") already exists."),
        "value defined twice",
    )
}

/// Walks to (creating as needed) the table a `[header]` or `[[header]]`
/// names, returning it.
fn open_table<'t>(
    reader: &Reader,
    root: &'t mut Table,
    key: &[String],
    array: bool,
    at: usize,
) -> Result<&'t mut Table, TomlError> {
    let Some((last, prefix)) = key.split_last() else {
        return Err(reader.syntax("empty table name"));
    };
    let mut current = root;
    for segment in prefix {
        let entry = current
            .entries
            .entry(segment.clone())
            .or_insert_with(|| Toml::Table(Table::default()));
        current = match entry {
            Toml::Table(inner) if !inner.inline => inner,
            Toml::Array {
                items,
                of_tables: true,
            } => match items.last_mut() {
                Some(Toml::Table(inner)) => inner,
                _ => return Err(duplicate(reader, at, segment)),
            },
            _ => return Err(duplicate(reader, at, segment)),
        };
    }
    if array {
        let entry = current
            .entries
            .entry(last.clone())
            .or_insert_with(|| Toml::Array {
                items: Vec::new(),
                of_tables: true,
            });
        return match entry {
            Toml::Array {
                items,
                of_tables: true,
            } => {
                items.push(Toml::Table(Table {
                    defined: true,
                    ..Table::default()
                }));
                match items.last_mut() {
                    Some(Toml::Table(inner)) => Ok(inner),
                    _ => Err(duplicate(reader, at, last)),
                }
            }
            _ => Err(duplicate(reader, at, last)),
        };
    }
    let entry = current
        .entries
        .entry(last.clone())
        .or_insert_with(|| Toml::Table(Table::default()));
    match entry {
        Toml::Table(inner) if !inner.defined && !inner.inline && !inner.dotted => {
            inner.defined = true;
            Ok(inner)
        }
        _ => Err(duplicate(reader, at, last)),
    }
}

/// Parses a whole document into its root table.
pub fn parse(text: &[u8]) -> Result<Table, TomlError> {
    let mut reader = Reader { text, pos: 0 };
    if std::str::from_utf8(text).is_err() {
        return Err(reader.syntax("the document is not valid UTF-8"));
    }
    let mut root = Table::default();
    // The current table, as the header that opened it.
    let mut header: Option<(Vec<String>, bool)> = None;
    loop {
        reader.skip_space_and_newlines()?;
        let Some(byte) = reader.peek() else {
            return Ok(root);
        };
        let start = reader.pos;
        if byte == b'[' {
            let array = reader.peek_at(1) == Some(b'[');
            reader.pos += if array { 2 } else { 1 };
            reader.skip_blank();
            let key = reader.key()?;
            reader.skip_blank();
            let close: &[u8] = if array { b"]]" } else { b"]" };
            if !reader.rest().starts_with(close) {
                return Err(reader.syntax("expected ']' to close a table header"));
            }
            reader.pos += close.len();
            open_table(&reader, &mut root, &key, array, start)?;
            reader.end_of_line()?;
            header = Some((key, array));
            continue;
        }
        let key = reader.key()?;
        reader.expect_equals()?;
        let value = reader.value()?;
        let table = match &header {
            None => &mut root,
            Some((path, _)) => {
                find_open(&mut root, path).ok_or_else(|| reader.syntax("internal parser state"))?
            }
        };
        insert_dotted(&reader, table, &key, value, start)?;
        reader.end_of_line()?;
    }
}

/// The table a header opened: for arrays of tables, their last element.
fn find_open<'t>(root: &'t mut Table, path: &[String]) -> Option<&'t mut Table> {
    let mut current = root;
    for segment in path {
        current = match current.entries.get_mut(segment)? {
            Toml::Table(inner) => inner,
            Toml::Array { items, .. } => match items.last_mut()? {
                Toml::Table(inner) => inner,
                _ => return None,
            },
            _ => return None,
        };
    }
    Some(current)
}
