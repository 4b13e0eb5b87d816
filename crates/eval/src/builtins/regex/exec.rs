//! The matcher: libstdc++'s depth-first executor in POSIX mode, with its
//! recursion turned into an explicit stack of jobs.
//!
//! Semantics reproduced on purpose: both sides of `|` are explored and a
//! later solution replaces the recorded one only when it is strictly longer;
//! a loop that found any solution by matching once more does not try to
//! leave early; an empty loop iteration at the same position is allowed at
//! most twice; groups keep their last capture.
//!
//! Exploring every path is exponential on some patterns, exactly as in C++
//! Nix (2.8 spins for minutes on `match "(a*)*b" "aaaaaaaaaaaaaaaaaaaa"`);
//! [`STEP_LIMIT`] (about a second of work) turns such a match into an error
//! instead of a hang.

use super::compile::{Node, Program};

/// Jobs one match may run before it gives up.
const STEP_LIMIT: u64 = 10_000_000;

/// A capture: start, end, whether the group took part in the match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Capture {
    /// Start offset, if the group was entered.
    pub start: Option<usize>,
    /// End offset, if the group was left.
    pub end: Option<usize>,
    /// Whether the group matched.
    pub matched: bool,
}

impl Capture {
    /// The matched byte range, if any.
    pub fn range(&self) -> Option<(usize, usize)> {
        match (self.matched, self.start, self.end) {
            (true, Some(start), Some(end)) if start <= end => Some((start, end)),
            (true, _, Some(end)) => Some((end, end)),
            _ => None,
        }
    }
}

/// The match ran out of its step allowance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooExpensive;

/// How one attempt must match.
#[derive(Clone, Copy)]
pub struct Mode {
    /// The match must end at the end of the subject (`regex_match`).
    pub exact: bool,
    /// An empty match is not a solution (`match_not_null`).
    pub not_null: bool,
}

enum Job {
    Visit(usize),
    SetPos(usize),
    RestoreStart(usize, Option<usize>),
    RestoreCapture(usize, Capture),
    RestoreRep(usize, (usize, u32)),
    DecRep(usize),
    SecondBranch(usize),
    JoinBranches(bool),
    Leave(usize),
}

/// Tries to match starting exactly at `begin`; returns the captures of the
/// chosen solution.
pub fn match_at(
    program: &Program,
    subject: &[u8],
    begin: usize,
    mode: Mode,
    steps: &mut u64,
) -> Result<Option<Vec<Capture>>, TooExpensive> {
    let mut current = vec![Capture::default(); program.groups];
    let mut best: Option<(usize, Vec<Capture>)> = None;
    let mut has_sol = false;
    let mut reps: Vec<(usize, u32)> = vec![(0, 0); program.nodes.len()];
    let mut pos = begin;
    let mut jobs = vec![Job::Visit(program.start)];
    while let Some(job) = jobs.pop() {
        *steps += 1;
        if *steps > STEP_LIMIT {
            return Err(TooExpensive);
        }
        match job {
            Job::SetPos(p) => pos = p,
            Job::RestoreStart(group, start) => {
                if let Some(capture) = current.get_mut(group) {
                    capture.start = start;
                }
            }
            Job::RestoreCapture(group, saved) => {
                if let Some(capture) = current.get_mut(group) {
                    *capture = saved;
                }
            }
            Job::RestoreRep(state, saved) => {
                if let Some(rep) = reps.get_mut(state) {
                    *rep = saved;
                }
            }
            Job::DecRep(state) => {
                if let Some(rep) = reps.get_mut(state) {
                    rep.1 = rep.1.saturating_sub(1);
                }
            }
            Job::SecondBranch(next) => {
                let first = has_sol;
                has_sol = false;
                jobs.push(Job::JoinBranches(first));
                jobs.push(Job::Visit(next));
            }
            Job::JoinBranches(first) => has_sol |= first,
            Job::Leave(next) => {
                if !has_sol {
                    jobs.push(Job::Visit(next));
                }
            }
            Job::Visit(state) => {
                let Some(node) = program.nodes.get(state) else {
                    continue;
                };
                match node {
                    Node::Bytes(set, next) => {
                        if subject.get(pos).is_some_and(|b| set.contains(*b)) {
                            jobs.push(Job::SetPos(pos));
                            pos += 1;
                            jobs.push(Job::Visit(*next));
                        }
                    }
                    Node::Alternative { alt, next } => {
                        jobs.push(Job::SecondBranch(*next));
                        jobs.push(Job::Visit(*alt));
                    }
                    Node::Repeat { alt, next } => {
                        jobs.push(Job::Leave(*next));
                        let Some(rep) = reps.get_mut(state) else {
                            continue;
                        };
                        if rep.1 == 0 || rep.0 != pos {
                            jobs.push(Job::RestoreRep(state, *rep));
                            *rep = (pos, 1);
                            jobs.push(Job::Visit(*alt));
                        } else if rep.1 < 2 {
                            rep.1 += 1;
                            jobs.push(Job::DecRep(state));
                            jobs.push(Job::Visit(*alt));
                        }
                    }
                    Node::GroupStart(group, next) => {
                        if let Some(capture) = current.get_mut(*group) {
                            jobs.push(Job::RestoreStart(*group, capture.start));
                            capture.start = Some(pos);
                        }
                        jobs.push(Job::Visit(*next));
                    }
                    Node::GroupEnd(group, next) => {
                        if let Some(capture) = current.get_mut(*group) {
                            jobs.push(Job::RestoreCapture(*group, *capture));
                            capture.end = Some(pos);
                            capture.matched = true;
                        }
                        jobs.push(Job::Visit(*next));
                    }
                    Node::LineBegin(next) => {
                        if pos == 0 {
                            jobs.push(Job::Visit(*next));
                        }
                    }
                    Node::LineEnd(next) => {
                        if pos == subject.len() {
                            jobs.push(Job::Visit(*next));
                        }
                    }
                    Node::Dummy(next) => jobs.push(Job::Visit(*next)),
                    Node::Accept => {
                        has_sol = !mode.exact || pos == subject.len();
                        if pos == begin && mode.not_null {
                            has_sol = false;
                        }
                        if has_sol && best.as_ref().is_none_or(|(end, _)| *end < pos) {
                            best = Some((pos, current.clone()));
                        }
                    }
                }
            }
        }
    }
    Ok(best.map(|(_, captures)| captures))
}

/// `regex_search`: the first start position (from `from`) with a match.
pub fn search(
    program: &Program,
    subject: &[u8],
    from: usize,
    mode: Mode,
    continuous: bool,
    steps: &mut u64,
) -> Result<Option<Vec<Capture>>, TooExpensive> {
    let mut begin = from;
    loop {
        if let Some(found) = match_at(program, subject, begin, mode, steps)? {
            return Ok(Some(found));
        }
        if continuous || begin >= subject.len() {
            return Ok(None);
        }
        begin += 1;
    }
}

/// Every match of `sregex_iterator`, in order: empty matches are followed
/// by a non-empty attempt at the same position before moving on.
pub fn find_all(program: &Program, subject: &[u8]) -> Result<Vec<Vec<Capture>>, TooExpensive> {
    let mut steps = 0;
    let mut found = Vec::new();
    let normal = Mode {
        exact: false,
        not_null: false,
    };
    let Some(mut last) = search(program, subject, 0, normal, false, &mut steps)? else {
        return Ok(found);
    };
    loop {
        let (start, end) = last
            .first()
            .and_then(Capture::range)
            .unwrap_or((subject.len(), subject.len()));
        found.push(last);
        let mut from = end;
        if start == end {
            if end >= subject.len() {
                break;
            }
            let retry = Mode {
                exact: false,
                not_null: true,
            };
            if let Some(next) = search(program, subject, end, retry, true, &mut steps)? {
                last = next;
                continue;
            }
            from += 1;
        }
        match search(program, subject, from, normal, false, &mut steps)? {
            Some(next) => last = next,
            None => break,
        }
    }
    Ok(found)
}

/// `regex_match`: the whole subject must match.
pub fn full_match(program: &Program, subject: &[u8]) -> Result<Option<Vec<Capture>>, TooExpensive> {
    let mut steps = 0;
    let mode = Mode {
        exact: true,
        not_null: false,
    };
    match_at(program, subject, 0, mode, &mut steps)
}
