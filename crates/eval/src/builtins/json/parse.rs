//! A JSON reader that accepts, rejects and reports exactly like the
//! nlohmann::json parser C++ Nix uses (strict mode): same number rules
//! (integers that overflow become floats), same string validation, same
//! error texts with line, column and "last read" token.
//!
//! The reader builds a [`Json`] tree with an explicit stack, so nesting depth
//! never touches the native stack.

use std::fmt::Write as _;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number that fits `i64`.
    Int(i64),
    /// A number that fits `u64` but not `i64`.
    Unsigned(u64),
    /// Any other number.
    Float(f64),
    /// A string (UTF-8, possibly with NUL bytes from `\u0000`).
    String(Vec<u8>),
    /// An array.
    Array(Vec<Json>),
    /// An object, in input order (duplicates kept; the caller decides).
    Object(Vec<(Vec<u8>, Json)>),
}

/// Why the input was rejected: nlohmann's full `what()` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token {
    Uninitialized,
    True,
    False,
    Null,
    String,
    Unsigned,
    Integer,
    Float,
    BeginArray,
    BeginObject,
    EndArray,
    EndObject,
    NameSeparator,
    ValueSeparator,
    ParseError,
    EndOfInput,
    LiteralOrValue,
}

fn token_name(token: Token) -> &'static str {
    match token {
        Token::Uninitialized => "<uninitialized>",
        Token::True => "true literal",
        Token::False => "false literal",
        Token::Null => "null literal",
        Token::String => "string literal",
        Token::Unsigned | Token::Integer | Token::Float => "number literal",
        Token::BeginArray => "'['",
        Token::BeginObject => "'{'",
        Token::EndArray => "']'",
        Token::EndObject => "'}'",
        Token::NameSeparator => "':'",
        Token::ValueSeparator => "','",
        Token::ParseError => "<parse error>",
        Token::EndOfInput => "end of input",
        Token::LiteralOrValue => "'[', '{', or a literal",
    }
}

const CONTROL_NAMES: [&str; 32] = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
    "FS", "GS", "RS", "US",
];

struct Lexer<'a> {
    input: &'a [u8],
    /// Index of the next byte to read.
    next: usize,
    /// The current byte, `None` at the end.
    current: Option<u8>,
    /// Whether the last `get` should be replayed.
    replay: bool,
    chars_total: usize,
    chars_line: usize,
    lines: usize,
    /// Raw bytes of the current token, for "last read".
    token_text: Vec<u8>,
    /// The decoded string or the number text.
    buffer: Vec<u8>,
    error_message: String,
    number_int: i64,
    number_unsigned: u64,
    number_float: f64,
}

impl<'a> Lexer<'a> {
    fn new(input: &'a [u8]) -> Self {
        Lexer {
            input,
            next: 0,
            current: None,
            replay: false,
            chars_total: 0,
            chars_line: 0,
            lines: 0,
            token_text: Vec::new(),
            buffer: Vec::new(),
            error_message: String::new(),
            number_int: 0,
            number_unsigned: 0,
            number_float: 0.0,
        }
    }

    fn get(&mut self) -> Option<u8> {
        self.chars_total += 1;
        self.chars_line += 1;
        if self.replay {
            self.replay = false;
        } else {
            self.current = self.input.get(self.next).copied();
            if self.current.is_some() {
                self.next += 1;
            }
        }
        if let Some(byte) = self.current {
            self.token_text.push(byte);
            if byte == b'\n' {
                self.lines += 1;
                self.chars_line = 0;
            }
        }
        self.current
    }

    fn unget(&mut self) {
        self.replay = true;
        self.chars_total = self.chars_total.saturating_sub(1);
        if self.chars_line == 0 {
            self.lines = self.lines.saturating_sub(1);
        } else {
            self.chars_line -= 1;
        }
        if self.current.is_some() {
            self.token_text.pop();
        }
    }

    fn reset(&mut self) {
        self.buffer.clear();
        self.token_text.clear();
        if let Some(byte) = self.current {
            self.token_text.push(byte);
        }
    }

    fn position(&self) -> String {
        format!(" at line {}, column {}", self.lines + 1, self.chars_line)
    }

    fn token_string(&self) -> String {
        let mut out = String::new();
        for &byte in &self.token_text {
            if byte <= 0x1f {
                let _ = write!(out, "<U+{byte:04X}>");
            } else {
                out.push(char::from(byte));
            }
        }
        // Bytes above 0x7f are shown as they are: rebuild them as UTF-8.
        if self.token_text.iter().any(|b| *b >= 0x80) {
            let mut bytes = Vec::new();
            for &byte in &self.token_text {
                if byte <= 0x1f {
                    bytes.extend_from_slice(format!("<U+{byte:04X}>").as_bytes());
                } else {
                    bytes.push(byte);
                }
            }
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        out
    }

    fn scan(&mut self) -> Token {
        if self.chars_total == 0 && !self.skip_bom() {
            self.error_message = "invalid BOM; must be 0xEF 0xBB 0xBF if given".into();
            return Token::ParseError;
        }
        loop {
            self.get();
            if !matches!(self.current, Some(b' ' | b'\t' | b'\n' | b'\r')) {
                break;
            }
        }
        self.reset();
        match self.current {
            Some(b'[') => Token::BeginArray,
            Some(b']') => Token::EndArray,
            Some(b'{') => Token::BeginObject,
            Some(b'}') => Token::EndObject,
            Some(b':') => Token::NameSeparator,
            Some(b',') => Token::ValueSeparator,
            Some(b't') => self.scan_literal(b"true", Token::True),
            Some(b'f') => self.scan_literal(b"false", Token::False),
            Some(b'n') => self.scan_literal(b"null", Token::Null),
            Some(b'"') => self.scan_string(),
            Some(b'-' | b'0'..=b'9') => self.scan_number(),
            Some(0) | None => Token::EndOfInput,
            Some(_) => {
                self.error_message = "invalid literal".into();
                Token::ParseError
            }
        }
    }

    fn skip_bom(&mut self) -> bool {
        if self.get() == Some(0xef) {
            return self.get() == Some(0xbb) && self.get() == Some(0xbf);
        }
        self.unget();
        true
    }

    fn scan_literal(&mut self, text: &[u8], token: Token) -> Token {
        for expected in text.iter().skip(1) {
            if self.get() != Some(*expected) {
                self.error_message = "invalid literal".into();
                return Token::ParseError;
            }
        }
        token
    }

    fn fail(&mut self, message: &str) -> Token {
        self.error_message = message.to_string();
        Token::ParseError
    }

    fn codepoint(&mut self) -> Option<u32> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = char::from(self.get()?).to_digit(16)?;
            value = value * 16 + digit;
        }
        Some(value)
    }

    fn push_codepoint(&mut self, codepoint: u32) {
        if let Some(c) = char::from_u32(codepoint) {
            let mut encoded = [0; 4];
            self.buffer
                .extend_from_slice(c.encode_utf8(&mut encoded).as_bytes());
        }
    }

    fn scan_string(&mut self) -> Token {
        const BAD_U: &str = "invalid string: '\\u' must be followed by 4 hex digits";
        loop {
            let Some(byte) = self.get() else {
                return self.fail("invalid string: missing closing quote");
            };
            match byte {
                b'"' => return Token::String,
                b'\\' => {
                    let escaped = match self.get() {
                        Some(b'"') => b'"',
                        Some(b'\\') => b'\\',
                        Some(b'/') => b'/',
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0c,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'u') => {
                            let Some(first) = self.codepoint() else {
                                return self.fail(BAD_U);
                            };
                            let codepoint = if (0xd800..=0xdbff).contains(&first) {
                                if self.get() != Some(b'\\') || self.get() != Some(b'u') {
                                    return self.fail("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
                                }
                                let Some(second) = self.codepoint() else {
                                    return self.fail(BAD_U);
                                };
                                if !(0xdc00..=0xdfff).contains(&second) {
                                    return self.fail("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
                                }
                                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                            } else if (0xdc00..=0xdfff).contains(&first) {
                                return self.fail("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
                            } else {
                                first
                            };
                            self.push_codepoint(codepoint);
                            continue;
                        }
                        _ => {
                            return self.fail("invalid string: forbidden character after backslash")
                        }
                    };
                    self.buffer.push(escaped);
                }
                0x00..=0x1f => {
                    let name = CONTROL_NAMES.get(usize::from(byte)).copied().unwrap_or("");
                    let short = match byte {
                        0x08 => " or \\b",
                        0x09 => " or \\t",
                        0x0a => " or \\n",
                        0x0c => " or \\f",
                        0x0d => " or \\r",
                        _ => "",
                    };
                    let message = format!(
                        "invalid string: control character U+{byte:04X} ({name}) must be escaped to \\u{byte:04X}{short}"
                    );
                    return self.fail(&message);
                }
                0x20..=0x7f => self.buffer.push(byte),
                _ => {
                    if !self.scan_utf8(byte) {
                        return self.fail("invalid string: ill-formed UTF-8 byte");
                    }
                }
            }
        }
    }

    /// Reads the continuation bytes of a multi-byte sequence starting with
    /// `lead`, checking the ranges of well-formed UTF-8.
    fn scan_utf8(&mut self, lead: u8) -> bool {
        let ranges: &[(u8, u8)] = match lead {
            0xc2..=0xdf => &[(0x80, 0xbf)],
            0xe0 => &[(0xa0, 0xbf), (0x80, 0xbf)],
            0xe1..=0xec | 0xee..=0xef => &[(0x80, 0xbf), (0x80, 0xbf)],
            0xed => &[(0x80, 0x9f), (0x80, 0xbf)],
            0xf0 => &[(0x90, 0xbf), (0x80, 0xbf), (0x80, 0xbf)],
            0xf1..=0xf3 => &[(0x80, 0xbf), (0x80, 0xbf), (0x80, 0xbf)],
            0xf4 => &[(0x80, 0x8f), (0x80, 0xbf), (0x80, 0xbf)],
            _ => return false,
        };
        self.buffer.push(lead);
        for &(low, high) in ranges {
            match self.get() {
                Some(byte) if (low..=high).contains(&byte) => self.buffer.push(byte),
                _ => return false,
            }
        }
        true
    }

    fn scan_number(&mut self) -> Token {
        #[derive(PartialEq)]
        enum Kind {
            Unsigned,
            Integer,
            Float,
        }
        let mut kind = Kind::Unsigned;
        self.buffer.clear();
        let mut byte = self.current;
        if byte == Some(b'-') {
            kind = Kind::Integer;
            self.buffer.push(b'-');
            byte = self.get();
            if !byte.is_some_and(|b| b.is_ascii_digit()) {
                return self.fail("invalid number; expected digit after '-'");
            }
        }
        // Integer part.
        let leading_zero = byte == Some(b'0');
        if let Some(b) = byte {
            self.buffer.push(b);
        }
        byte = self.get();
        if !leading_zero {
            while let Some(b) = byte.filter(u8::is_ascii_digit) {
                self.buffer.push(b);
                byte = self.get();
            }
        }
        if byte == Some(b'.') {
            kind = Kind::Float;
            self.buffer.push(b'.');
            byte = self.get();
            if !byte.is_some_and(|b| b.is_ascii_digit()) {
                return self.fail("invalid number; expected digit after '.'");
            }
            while let Some(b) = byte.filter(u8::is_ascii_digit) {
                self.buffer.push(b);
                byte = self.get();
            }
        }
        if matches!(byte, Some(b'e' | b'E')) {
            kind = Kind::Float;
            self.buffer.push(b'e');
            byte = self.get();
            if matches!(byte, Some(b'+' | b'-')) {
                if let Some(b) = byte {
                    self.buffer.push(b);
                }
                byte = self.get();
                if !byte.is_some_and(|b| b.is_ascii_digit()) {
                    return self.fail("invalid number; expected digit after exponent sign");
                }
            } else if !byte.is_some_and(|b| b.is_ascii_digit()) {
                return self.fail("invalid number; expected '+', '-', or digit after exponent");
            }
            while let Some(b) = byte.filter(u8::is_ascii_digit) {
                self.buffer.push(b);
                byte = self.get();
            }
        }
        self.unget();
        let text = String::from_utf8_lossy(&self.buffer).into_owned();
        match kind {
            Kind::Unsigned => {
                if let Ok(value) = text.parse::<u64>() {
                    self.number_unsigned = value;
                    return Token::Unsigned;
                }
            }
            Kind::Integer => {
                if let Ok(value) = text.parse::<i64>() {
                    self.number_int = value;
                    return Token::Integer;
                }
            }
            Kind::Float => {}
        }
        self.number_float = text.parse::<f64>().unwrap_or(f64::NAN);
        Token::Float
    }
}

enum Frame {
    Array(Vec<Json>),
    Object(Vec<(Vec<u8>, Json)>, Vec<u8>),
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    last: Token,
}

impl Parser<'_> {
    fn advance(&mut self) -> Token {
        self.last = self.lexer.scan();
        self.last
    }

    fn syntax_error(&self, expected: Token, context: &str) -> JsonError {
        let mut message = format!("syntax error while parsing {context} - ");
        if self.last == Token::ParseError {
            let _ = write!(
                message,
                "{}; last read: '{}'",
                self.lexer.error_message,
                self.lexer.token_string()
            );
        } else {
            let _ = write!(message, "unexpected {}", token_name(self.last));
        }
        if expected != Token::Uninitialized {
            let _ = write!(message, "; expected {}", token_name(expected));
        }
        self.parse_error(&message)
    }

    fn parse_error(&self, message: &str) -> JsonError {
        JsonError(format!(
            "[json.exception.parse_error.101] parse error{}: {message}",
            self.lexer.position()
        ))
    }

    /// The scalar for the current token, or `None` for `[` / `{`.
    fn scalar(&self) -> Result<Option<Json>, JsonError> {
        Ok(Some(match self.last {
            Token::Null => Json::Null,
            Token::True => Json::Bool(true),
            Token::False => Json::Bool(false),
            Token::Integer => Json::Int(self.lexer.number_int),
            Token::Unsigned => match i64::try_from(self.lexer.number_unsigned) {
                Ok(value) => Json::Int(value),
                Err(_) => Json::Unsigned(self.lexer.number_unsigned),
            },
            Token::Float => {
                let value = self.lexer.number_float;
                if !value.is_finite() {
                    return Err(JsonError(format!(
                        "[json.exception.out_of_range.406] number overflow parsing '{}'",
                        self.lexer.token_string()
                    )));
                }
                Json::Float(value)
            }
            Token::String => Json::String(self.lexer.buffer.clone()),
            Token::BeginArray | Token::BeginObject => return Ok(None),
            Token::ParseError => return Err(self.syntax_error(Token::Uninitialized, "value")),
            Token::EndOfInput if self.lexer.chars_total == 1 => {
                return Err(self.parse_error("attempting to parse an empty input; check that your input string or stream contains the expected JSON"));
            }
            _ => return Err(self.syntax_error(Token::LiteralOrValue, "value")),
        }))
    }

    /// After `{` or `,` in an object: reads `"key" :` and the next token.
    fn object_key(&mut self) -> Result<Vec<u8>, JsonError> {
        if self.last != Token::String {
            return Err(self.syntax_error(Token::String, "object key"));
        }
        let key = self.lexer.buffer.clone();
        if self.advance() != Token::NameSeparator {
            return Err(self.syntax_error(Token::NameSeparator, "object separator"));
        }
        self.advance();
        Ok(key)
    }

    fn parse(&mut self) -> Result<Json, JsonError> {
        let mut stack: Vec<Frame> = Vec::new();
        self.advance();
        loop {
            // Parse one value starting at the current token.
            let mut done = match self.scalar()? {
                Some(value) => value,
                None if self.last == Token::BeginArray => {
                    if self.advance() == Token::EndArray {
                        Json::Array(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue;
                    }
                }
                None => {
                    if self.advance() == Token::EndObject {
                        Json::Object(Vec::new())
                    } else {
                        let key = self.object_key()?;
                        stack.push(Frame::Object(Vec::new(), key));
                        continue;
                    }
                }
            };
            // Attach the finished value and close containers.
            loop {
                match stack.last_mut() {
                    None => {
                        if self.advance() != Token::EndOfInput {
                            return Err(self.syntax_error(Token::EndOfInput, "value"));
                        }
                        return Ok(done);
                    }
                    Some(Frame::Array(items)) => {
                        items.push(done);
                        match self.advance() {
                            Token::ValueSeparator => {
                                self.advance();
                                break;
                            }
                            Token::EndArray => match stack.pop() {
                                Some(Frame::Array(items)) => done = Json::Array(items),
                                _ => return Err(JsonError("internal parser state".into())),
                            },
                            _ => return Err(self.syntax_error(Token::EndArray, "array")),
                        }
                    }
                    Some(Frame::Object(members, key)) => {
                        members.push((std::mem::take(key), done));
                        match self.advance() {
                            Token::ValueSeparator => {
                                self.advance();
                                let next_key = self.object_key()?;
                                if let Some(Frame::Object(_, key)) = stack.last_mut() {
                                    *key = next_key;
                                }
                                break;
                            }
                            Token::EndObject => match stack.pop() {
                                Some(Frame::Object(members, _)) => done = Json::Object(members),
                                _ => return Err(JsonError("internal parser state".into())),
                            },
                            _ => return Err(self.syntax_error(Token::EndObject, "object")),
                        }
                    }
                }
            }
        }
    }
}

/// Parses a complete JSON text.
pub fn parse(input: &[u8]) -> Result<Json, JsonError> {
    let mut parser = Parser {
        lexer: Lexer::new(input),
        last: Token::Uninitialized,
    };
    parser.parse()
}
