//! POSIX extended regular expressions compiled to the automaton that
//! libstdc++'s `std::regex` (flag `extended`) builds, because C++ Nix matches
//! with that library and its quirks are observable: which alternative wins a
//! tie, what a group inside a loop captures, which escapes are errors.
//!
//! The automaton is a graph of [`Node`]s; sequences are appended by patching
//! the `next` edge of their last node, and `{m,n}` clones a sub-graph, as
//! libstdc++ does. Parsing is iterative except for group nesting, which is
//! capped at [`MAX_NESTING`] so no input can exhaust the native stack.

/// Where an edge is not yet patched.
pub const NONE: usize = usize::MAX;
/// libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`: more states is `error_space`.
const STATE_LIMIT: usize = 100_000;
/// Deepest group nesting we parse (libstdc++ recurses without a limit).
const MAX_NESTING: usize = 1_000;

/// Why a pattern was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegexError {
    /// Not a valid POSIX extended regular expression.
    Invalid,
    /// The automaton would exceed libstdc++'s state limit.
    TooLarge,
}

/// A set of bytes, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ByteSet([u64; 4]);

impl ByteSet {
    /// Adds one byte.
    fn insert(&mut self, byte: u8) {
        if let Some(word) = self.0.get_mut(usize::from(byte >> 6)) {
            *word |= 1 << (byte & 63);
        }
    }

    /// Whether the byte is in the set.
    pub fn contains(&self, byte: u8) -> bool {
        self.0
            .get(usize::from(byte >> 6))
            .is_some_and(|word| word & (1 << (byte & 63)) != 0)
    }
}

/// One state of the automaton.
#[derive(Clone, Debug)]
pub enum Node {
    /// Consumes one byte in the set.
    Bytes(ByteSet, usize),
    /// Tries `alt` (the left alternative) and then `next`; POSIX keeps the
    /// longer result.
    Alternative {
        /// Left alternative.
        alt: usize,
        /// Right alternative.
        next: usize,
    },
    /// Greedy loop point: `alt` matches once more, `next` leaves.
    Repeat {
        /// Once more.
        alt: usize,
        /// Leave.
        next: usize,
    },
    /// Start of capture group `.0`.
    GroupStart(usize, usize),
    /// End of capture group `.0`.
    GroupEnd(usize, usize),
    /// `^`: only at the very start of the subject.
    LineBegin(usize),
    /// `$`: only at the very end of the subject.
    LineEnd(usize),
    /// No-op used while building.
    Dummy(usize),
    /// The whole pattern matched.
    Accept,
}

impl Node {
    fn next_mut(&mut self) -> Option<&mut usize> {
        match self {
            Node::Bytes(_, next)
            | Node::Alternative { next, .. }
            | Node::Repeat { next, .. }
            | Node::GroupStart(_, next)
            | Node::GroupEnd(_, next)
            | Node::LineBegin(next)
            | Node::LineEnd(next)
            | Node::Dummy(next) => Some(next),
            Node::Accept => None,
        }
    }

    fn alt_mut(&mut self) -> Option<&mut usize> {
        match self {
            Node::Alternative { alt, .. } | Node::Repeat { alt, .. } => Some(alt),
            _ => None,
        }
    }
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Program {
    /// The states.
    pub nodes: Vec<Node>,
    /// The first state.
    pub start: usize,
    /// Capture groups, including group 0 (the whole match).
    pub groups: usize,
}

/// A sub-graph: its first state and the state whose `next` continues it.
#[derive(Clone, Copy)]
struct Seq {
    start: usize,
    end: usize,
}

struct Compiler<'a> {
    pattern: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
    groups: usize,
}

/// Characters that may be escaped in an extended expression (libstdc++).
const ESCAPABLE: &[u8] = b".[\\()*+?{|^$";

/// Compiles a pattern.
pub fn compile(pattern: &[u8]) -> Result<Program, RegexError> {
    let mut compiler = Compiler {
        pattern,
        pos: 0,
        nodes: Vec::new(),
        groups: 1,
    };
    let open = compiler.insert(Node::GroupStart(0, NONE))?;
    let body = compiler.disjunction(0)?;
    if compiler.pos != pattern.len() {
        return Err(RegexError::Invalid);
    }
    let close = compiler.insert(Node::GroupEnd(0, NONE))?;
    let accept = compiler.insert(Node::Accept)?;
    let mut whole = Seq {
        start: open,
        end: open,
    };
    compiler.append(&mut whole, body);
    compiler.append_state(&mut whole, close);
    compiler.append_state(&mut whole, accept);
    Ok(Program {
        start: compiler.skip_dummies(open),
        nodes: compiler.finish(),
        groups: compiler.groups,
    })
}

impl Compiler<'_> {
    fn insert(&mut self, node: Node) -> Result<usize, RegexError> {
        if self.nodes.len() > STATE_LIMIT {
            return Err(RegexError::TooLarge);
        }
        self.nodes.push(node);
        Ok(self.nodes.len() - 1)
    }

    fn set_next(&mut self, state: usize, target: usize) {
        if let Some(next) = self.nodes.get_mut(state).and_then(Node::next_mut) {
            *next = target;
        }
    }

    fn append_state(&mut self, seq: &mut Seq, state: usize) {
        self.set_next(seq.end, state);
        seq.end = state;
    }

    fn append(&mut self, seq: &mut Seq, tail: Seq) {
        self.set_next(seq.end, tail.start);
        seq.end = tail.end;
    }

    fn single(&mut self, node: Node) -> Result<Seq, RegexError> {
        let state = self.insert(node)?;
        Ok(Seq {
            start: state,
            end: state,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.pattern.get(self.pos).copied()
    }

    /// `alternative ('|' alternative)*`
    fn disjunction(&mut self, depth: usize) -> Result<Seq, RegexError> {
        let mut left = self.alternative(depth)?;
        while self.peek() == Some(b'|') {
            self.pos += 1;
            let mut right = self.alternative(depth)?;
            let end = self.insert(Node::Dummy(NONE))?;
            self.append_state(&mut left, end);
            self.append_state(&mut right, end);
            let fork = self.insert(Node::Alternative {
                alt: left.start,
                next: right.start,
            })?;
            left = Seq { start: fork, end };
        }
        Ok(left)
    }

    /// A run of terms, possibly empty.
    fn alternative(&mut self, depth: usize) -> Result<Seq, RegexError> {
        let mut seq: Option<Seq> = None;
        while let Some(term) = self.term(depth)? {
            match seq.as_mut() {
                Some(seq) => self.append(seq, term),
                None => seq = Some(term),
            }
        }
        match seq {
            Some(seq) => Ok(seq),
            None => self.single(Node::Dummy(NONE)),
        }
    }

    /// An assertion, or an atom with its quantifiers; `None` at a token that
    /// cannot start a term.
    fn term(&mut self, depth: usize) -> Result<Option<Seq>, RegexError> {
        match self.peek() {
            Some(b'^') => {
                self.pos += 1;
                return self.single(Node::LineBegin(NONE)).map(Some);
            }
            Some(b'$') => {
                self.pos += 1;
                return self.single(Node::LineEnd(NONE)).map(Some);
            }
            _ => {}
        }
        let Some(mut atom) = self.atom(depth)? else {
            return Ok(None);
        };
        while let Some(quantified) = self.quantifier(atom)? {
            atom = quantified;
        }
        Ok(Some(atom))
    }

    fn atom(&mut self, depth: usize) -> Result<Option<Seq>, RegexError> {
        let Some(byte) = self.peek() else {
            return Ok(None);
        };
        match byte {
            b'.' => {
                self.pos += 1;
                let mut set = ByteSet::default();
                for b in 1..=255u8 {
                    set.insert(b);
                }
                self.single(Node::Bytes(set, NONE)).map(Some)
            }
            b'\\' => {
                let escaped = self.pattern.get(self.pos + 1).copied();
                match escaped {
                    Some(c) if ESCAPABLE.contains(&c) => {
                        self.pos += 2;
                        self.literal(c).map(Some)
                    }
                    _ => Err(RegexError::Invalid),
                }
            }
            b'(' => {
                if depth >= MAX_NESTING {
                    return Err(RegexError::TooLarge);
                }
                self.pos += 1;
                let group = self.groups;
                self.groups += 1;
                let mut seq = self.single(Node::GroupStart(group, NONE))?;
                let body = self.disjunction(depth + 1)?;
                if self.peek() != Some(b')') {
                    return Err(RegexError::Invalid);
                }
                self.pos += 1;
                self.append(&mut seq, body);
                let close = self.insert(Node::GroupEnd(group, NONE))?;
                self.append_state(&mut seq, close);
                Ok(Some(seq))
            }
            b'[' => {
                self.pos += 1;
                let set = self.bracket()?;
                self.single(Node::Bytes(set, NONE)).map(Some)
            }
            b'*' | b'+' | b'?' | b'{' | b'|' | b')' => Ok(None),
            other => {
                self.pos += 1;
                self.literal(other).map(Some)
            }
        }
    }

    fn literal(&mut self, byte: u8) -> Result<Seq, RegexError> {
        let mut set = ByteSet::default();
        set.insert(byte);
        self.single(Node::Bytes(set, NONE))
    }

    fn quantifier(&mut self, body: Seq) -> Result<Option<Seq>, RegexError> {
        match self.peek() {
            Some(b'*') => {
                self.pos += 1;
                let mut body = body;
                let repeat = self.insert(Node::Repeat {
                    alt: body.start,
                    next: NONE,
                })?;
                self.append_state(&mut body, repeat);
                Ok(Some(Seq {
                    start: repeat,
                    end: repeat,
                }))
            }
            Some(b'+') => {
                self.pos += 1;
                let mut body = body;
                let repeat = self.insert(Node::Repeat {
                    alt: body.start,
                    next: NONE,
                })?;
                self.append_state(&mut body, repeat);
                Ok(Some(body))
            }
            Some(b'?') => {
                self.pos += 1;
                let mut body = body;
                let end = self.insert(Node::Dummy(NONE))?;
                let repeat = self.insert(Node::Repeat {
                    alt: body.start,
                    next: NONE,
                })?;
                self.append_state(&mut body, end);
                self.set_next(repeat, end);
                Ok(Some(Seq { start: repeat, end }))
            }
            Some(b'{') => {
                self.pos += 1;
                self.interval(body).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn number(&mut self) -> Option<u64> {
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(digit) = self.peek().filter(u8::is_ascii_digit) {
            value = value
                .saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'));
            self.pos += 1;
        }
        (self.pos > start).then_some(value)
    }

    /// `{m}`, `{m,}`, `{m,n}` after the `{`.
    fn interval(&mut self, body: Seq) -> Result<Seq, RegexError> {
        let min = self.number().ok_or(RegexError::Invalid)?;
        let mut max = Some(min);
        if self.peek() == Some(b',') {
            self.pos += 1;
            max = self.number();
        }
        if self.peek() != Some(b'}') {
            return Err(RegexError::Invalid);
        }
        self.pos += 1;
        let mut seq = self.single(Node::Dummy(NONE))?;
        for _ in 0..min {
            let copy = self.clone_seq(body)?;
            self.append(&mut seq, copy);
        }
        match max {
            None => {
                let mut copy = self.clone_seq(body)?;
                let repeat = self.insert(Node::Repeat {
                    alt: copy.start,
                    next: NONE,
                })?;
                self.append_state(&mut copy, repeat);
                self.append_state(&mut seq, repeat);
            }
            Some(max) => {
                if max < min {
                    return Err(RegexError::Invalid);
                }
                let end = self.insert(Node::Dummy(NONE))?;
                for _ in min..max {
                    let copy = self.clone_seq(body)?;
                    // "Match more" enters the copy; "less" skips to the end.
                    let fork = self.insert(Node::Repeat {
                        alt: copy.start,
                        next: end,
                    })?;
                    self.append(
                        &mut seq,
                        Seq {
                            start: fork,
                            end: copy.end,
                        },
                    );
                }
                self.append_state(&mut seq, end);
            }
        }
        Ok(seq)
    }

    /// Copies the states reachable from `seq.start` (not past `seq.end`).
    fn clone_seq(&mut self, seq: Seq) -> Result<Seq, RegexError> {
        let mut map = std::collections::HashMap::new();
        let mut order = Vec::new();
        let mut work = vec![seq.start];
        while let Some(state) = work.pop() {
            if map.contains_key(&state) {
                continue;
            }
            let Some(node) = self.nodes.get(state).cloned() else {
                continue;
            };
            let copy = self.insert(node.clone())?;
            map.insert(state, copy);
            order.push(copy);
            let mut node = node;
            if let Some(alt) = node.alt_mut() {
                if *alt != NONE {
                    work.push(*alt);
                }
            }
            if state != seq.end {
                if let Some(next) = node.next_mut() {
                    if *next != NONE {
                        work.push(*next);
                    }
                }
            }
        }
        for copy in order {
            if let Some(node) = self.nodes.get_mut(copy) {
                if let Some(alt) = node.alt_mut() {
                    if let Some(mapped) = map.get(alt) {
                        *alt = *mapped;
                    }
                }
                if let Some(next) = node.next_mut() {
                    if let Some(mapped) = map.get(next) {
                        *next = *mapped;
                    }
                }
            }
        }
        match (map.get(&seq.start), map.get(&seq.end)) {
            (Some(&start), Some(&end)) => Ok(Seq { start, end }),
            _ => Err(RegexError::Invalid),
        }
    }

    /// A bracket expression after the `[`.
    fn bracket(&mut self) -> Result<ByteSet, RegexError> {
        let negated = self.peek() == Some(b'^');
        if negated {
            self.pos += 1;
        }
        let mut set = ByteSet::default();
        // The pending single character that may start a range, or whether
        // the last item was a class (which may not start one).
        let mut last: Option<u8> = None;

        let mut first = true;
        loop {
            let Some(byte) = self.peek() else {
                return Err(RegexError::Invalid);
            };
            let was_first = first;
            first = false;
            if byte == b']' && !was_first {
                self.pos += 1;
                break;
            }
            match self.bracket_item()? {
                BracketItem::Char(c) => {
                    if let Some(prev) = last {
                        set.insert(prev);
                    }
                    last = Some(c);
                }
                BracketItem::Class(class) => {
                    if let Some(prev) = last.take() {
                        set.insert(prev);
                    }
                    for b in 0..=255u8 {
                        if class(b) {
                            set.insert(b);
                        }
                    }
                }
                BracketItem::Dash if was_first => {
                    // A dash first in the expression is an ordinary character.
                    last = Some(b'-');
                }
                BracketItem::Dash => {
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        if let Some(prev) = last {
                            set.insert(prev);
                        }
                        set.insert(b'-');
                        return Ok(finish_set(set, negated));
                    }
                    let Some(low) = last.take() else {
                        return Err(RegexError::Invalid);
                    };
                    let high = match self.bracket_item()? {
                        BracketItem::Char(c) => c,
                        BracketItem::Dash => b'-',
                        BracketItem::Class(_) => return Err(RegexError::Invalid),
                    };
                    // libstdc++ compares `char`, which is signed.
                    let (low, high) = (low as i8, high as i8);
                    if low > high {
                        return Err(RegexError::Invalid);
                    }
                    for b in low..=high {
                        set.insert(b as u8);
                    }
                }
            }
        }
        if let Some(prev) = last {
            set.insert(prev);
        }
        Ok(finish_set(set, negated))
    }

    fn bracket_item(&mut self) -> Result<BracketItem, RegexError> {
        let Some(byte) = self.peek() else {
            return Err(RegexError::Invalid);
        };
        self.pos += 1;
        if byte == b'-' {
            return Ok(BracketItem::Dash);
        }
        if byte != b'[' {
            return Ok(BracketItem::Char(byte));
        }
        let kind = match self.peek() {
            Some(kind @ (b'.' | b':' | b'=')) => kind,
            _ => return Ok(BracketItem::Char(b'[')),
        };
        self.pos += 1;
        let start = self.pos;
        let close = self
            .pattern
            .get(start..)
            .and_then(|rest| rest.windows(2).position(|w| w == [kind, b']']))
            .ok_or(RegexError::Invalid)?;
        let name = self.pattern.get(start..start + close).unwrap_or(&[]);
        self.pos = start + close + 2;
        match kind {
            b':' => class_named(name)
                .map(BracketItem::Class)
                .ok_or(RegexError::Invalid),
            _ => match name {
                [single] => Ok(BracketItem::Char(*single)),
                _ => Err(RegexError::Invalid),
            },
        }
    }

    /// The states with dummies bypassed.
    fn finish(&self) -> Vec<Node> {
        let mut nodes = self.nodes.clone();
        for node in &mut nodes {
            if let Some(next) = node.next_mut() {
                *next = self.skip_dummies(*next);
            }
            if let Some(alt) = node.alt_mut() {
                *alt = self.skip_dummies(*alt);
            }
        }
        nodes
    }

    fn skip_dummies(&self, mut state: usize) -> usize {
        // A chain of dummies is finite and acyclic: bound the walk anyway.
        for _ in 0..=self.nodes.len() {
            match self.nodes.get(state) {
                Some(Node::Dummy(next)) => state = *next,
                _ => break,
            }
        }
        state
    }
}

enum BracketItem {
    Char(u8),
    Class(fn(u8) -> bool),
    Dash,
}

fn finish_set(set: ByteSet, negated: bool) -> ByteSet {
    if !negated {
        return set;
    }
    let ByteSet(words) = set;
    ByteSet(words.map(|word| !word))
}

/// The `[:name:]` classes of the C locale (plus libstdc++'s `d`, `s`, `w`).
fn class_named(name: &[u8]) -> Option<fn(u8) -> bool> {
    Some(match name {
        b"alnum" => |b: u8| b.is_ascii_alphanumeric(),
        b"alpha" => |b: u8| b.is_ascii_alphabetic(),
        b"blank" => |b: u8| b == b' ' || b == b'\t',
        b"cntrl" => |b: u8| b.is_ascii_control(),
        b"digit" | b"d" => |b: u8| b.is_ascii_digit(),
        b"graph" => |b: u8| b.is_ascii_graphic(),
        b"lower" => |b: u8| b.is_ascii_lowercase(),
        b"print" => |b: u8| b.is_ascii_graphic() || b == b' ',
        b"punct" => |b: u8| b.is_ascii_punctuation(),
        b"space" | b"s" => |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'),
        b"upper" => |b: u8| b.is_ascii_uppercase(),
        b"xdigit" => |b: u8| b.is_ascii_hexdigit(),
        b"w" => |b: u8| b.is_ascii_alphanumeric() || b == b'_',
        _ => return None,
    })
}
