//! "Did you mean …?" hints for misspelled attribute and argument names.
//!
//! Candidates within a small edit distance are offered, closest first, in the
//! wording current Nix uses.

/// The hint for `name` among `candidates`, if any candidate is close.
pub fn did_you_mean(name: &str, candidates: &[&str]) -> Option<String> {
    let limit = (name.chars().count() / 3).clamp(2, 4);
    let mut close: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (distance(name, c), *c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    close.sort();
    close.truncate(10);
    match close.as_slice() {
        [] => None,
        [(_, only)] => Some(format!("Did you mean {only}?")),
        many => {
            let names: Vec<&str> = many.iter().map(|(_, n)| *n).collect();
            let (last, rest) = names.split_last()?;
            Some(format!(
                "Did you mean one of {} or {last}?",
                rest.join(", ")
            ))
        }
    }
}

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let value = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            current.push(value);
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("y", &["x", "z"]).as_deref(),
            Some("Did you mean one of x or z?")
        );
        assert_eq!(
            did_you_mean("foo", &["fooo"]).as_deref(),
            Some("Did you mean fooo?")
        );
        assert_eq!(did_you_mean("abcdef", &["zzzzzz"]), None);
    }
}
