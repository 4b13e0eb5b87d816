//! The ATerm text of a derivation (SEMANTICS §6.8): writing it exactly as Nix does, and reading
//! it back for a "show derivation" view.
//!
//! Writing has three flavours, all through [`write_aterm`]: the final text ([`Derivation::to_aterm`]),
//! the masked text (output paths and output env vars blanked), and the hash-modulo text (input
//! derivations replaced by the hex of their hash modulo). Strings escape only `\`, `"`, newline,
//! CR and tab; other bytes pass through. Parsing accepts exactly what writing produces (no
//! whitespace) and reports the byte offset of the first problem. Tests live at the bottom of this
//! file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::{Derivation, DerivationOutput, FixedOutputHash};
use crate::hash::{Hash, HashAlgo};
use crate::store_path::{FileIngestionMethod, StorePath, STORE_DIR};

/// Options for [`write_aterm`].
#[derive(Debug, Clone, Copy, Default)]
pub struct AtermOptions<'a> {
    /// Blank every output path and every env var named like an output.
    pub mask_outputs: bool,
    /// Replace the input derivations by this map (hash-modulo hex → output names).
    pub replaced_inputs: Option<&'a BTreeMap<String, BTreeSet<String>>>,
}

impl Derivation {
    /// The final `.drv` text.
    pub fn to_aterm(&self) -> String {
        write_aterm(self, AtermOptions::default())
    }

    /// The text with output paths and output env vars blanked (what output paths are computed
    /// from, before input replacement).
    pub fn to_masked_aterm(&self) -> String {
        write_aterm(
            self,
            AtermOptions {
                mask_outputs: true,
                replaced_inputs: None,
            },
        )
    }

    /// Parses the `.drv` text stored at `drv_path` (the name comes from the path).
    pub fn from_drv_file(drv_path: &StorePath, text: &str) -> Result<Derivation, AtermParseError> {
        let name = drv_path.name();
        Derivation::from_aterm(text, name.strip_suffix(".drv").unwrap_or(name))
    }

    /// Parses `.drv` text; `name` is the derivation name (the `.drv` path's name without
    /// `.drv`), which the text does not contain.
    pub fn from_aterm(text: &str, name: &str) -> Result<Derivation, AtermParseError> {
        let mut parser = Parser { text, pos: 0 };
        let drv = parser.derivation(name)?;
        if parser.pos != text.len() {
            return Err(parser.error("end of input"));
        }
        Ok(drv)
    }
}

/// Writes the ATerm text of `drv` with `options`.
pub fn write_aterm(drv: &Derivation, options: AtermOptions<'_>) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str("Derive([");
    for (i, (name, output)) in drv.outputs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let path = match (&output.path, options.mask_outputs) {
            (Some(path), false) => Some(path),
            _ => None,
        };
        let (method_algo, hash) = match &output.fixed {
            Some(fixed) => (fixed.method_algo(), fixed.hash.to_base16()),
            None => (String::new(), String::new()),
        };
        out.push('(');
        write_string(&mut out, name);
        out.push(',');
        match path {
            Some(path) => write_store_path(&mut out, path),
            None => out.push_str("\"\""),
        }
        out.push(',');
        write_string(&mut out, &method_algo);
        out.push(',');
        write_string(&mut out, &hash);
        out.push(')');
    }
    out.push_str("],[");
    match options.replaced_inputs {
        Some(inputs) => write_input_map(&mut out, inputs.iter().map(|(k, v)| (k.clone(), v))),
        None => write_input_map(
            &mut out,
            drv.input_drvs
                .iter()
                .map(|(k, v)| (k.to_absolute_path(), v)),
        ),
    }
    out.push_str("],[");
    for (i, path) in drv.input_srcs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_store_path(&mut out, path);
    }
    out.push_str("],");
    write_string(&mut out, &drv.system);
    out.push(',');
    write_string(&mut out, &drv.builder);
    out.push_str(",[");
    write_string_list(&mut out, drv.args.iter().cloned());
    out.push_str("],[");
    for (i, (key, value)) in drv.env.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let masked = options.mask_outputs && drv.outputs.contains_key(key);
        out.push('(');
        write_string(&mut out, key);
        out.push(',');
        write_string(&mut out, if masked { "" } else { value });
        out.push(')');
    }
    out.push_str("])");
    out
}

fn write_input_map<'a>(
    out: &mut String,
    inputs: impl Iterator<Item = (String, &'a BTreeSet<String>)>,
) {
    for (i, (key, outputs)) in inputs.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('(');
        write_string(out, &key);
        out.push_str(",[");
        write_string_list(out, outputs.iter().cloned());
        out.push_str("])");
    }
}

fn write_string_list(out: &mut String, items: impl Iterator<Item = String>) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, &item);
    }
}

/// Appends a store path quoted, as [`write_string`] would: a validated base
/// name has nothing to escape, so it is copied without building the path.
fn write_store_path(out: &mut String, path: &StorePath) {
    out.push('"');
    out.push_str(STORE_DIR);
    out.push('/');
    out.push_str(path.base_name());
    out.push('"');
}

/// Appends `s` quoted and escaped as Nix does.
pub fn write_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    // Runs without anything to escape are copied whole; every escaped
    // character is ASCII, so the runs split `s` at character boundaries.
    let mut rest = s;
    while let Some(index) = rest
        .bytes()
        .position(|b| matches!(b, b'"' | b'\\' | b'\n' | b'\r' | b'\t'))
    {
        let (plain, tail) = rest.split_at(index);
        out.push_str(plain);
        out.push_str(match tail.as_bytes().first() {
            Some(b'"') => "\\\"",
            Some(b'\\') => "\\\\",
            Some(b'\n') => "\\n",
            Some(b'\r') => "\\r",
            _ => "\\t",
        });
        rest = tail.get(1..).unwrap_or("");
    }
    out.push_str(rest);
    out.push('"');
}

/// Why `.drv` text could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AtermParseError {
    /// Something other than what was expected at a byte offset.
    Expected {
        /// What the parser wanted.
        expected: &'static str,
        /// Byte offset in the text.
        offset: usize,
    },
    /// A string that should be a store path is not one.
    InvalidStorePath {
        /// The string.
        path: String,
    },
    /// An output's hash algorithm or hash is malformed.
    InvalidOutputHash {
        /// The output name.
        output: String,
    },
}

impl fmt::Display for AtermParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AtermParseError::Expected { expected, offset } => {
                write!(f, "expected {expected} at byte {offset} of the derivation")
            }
            AtermParseError::InvalidStorePath { path } => {
                write!(f, "'{path}' in the derivation is not a store path")
            }
            AtermParseError::InvalidOutputHash { output } => {
                write!(f, "output '{output}' has an invalid fixed hash")
            }
        }
    }
}

impl std::error::Error for AtermParseError {}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &'static str) -> AtermParseError {
        AtermParseError::Expected {
            expected,
            offset: self.pos,
        }
    }

    fn literal(&mut self, lit: &'static str) -> Result<(), AtermParseError> {
        if self
            .text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(lit))
        {
            self.pos += lit.len();
            Ok(())
        } else {
            Err(self.error(lit))
        }
    }

    fn peek(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn string(&mut self) -> Result<String, AtermParseError> {
        self.literal("\"")?;
        let mut out = String::new();
        loop {
            let c = self.peek().ok_or_else(|| self.error("closing quote"))?;
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let escaped = self.peek().ok_or_else(|| self.error("escape"))?;
                    self.pos += escaped.len_utf8();
                    out.push(match escaped {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        other => other,
                    });
                }
                other => out.push(other),
            }
        }
    }

    /// Parses `[item,item,…]`.
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, AtermParseError>,
    ) -> Result<Vec<T>, AtermParseError> {
        self.literal("[")?;
        let mut items = Vec::new();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            items.push(item(self)?);
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                _ => return Err(self.error("',' or ']'")),
            }
        }
    }

    fn store_path(&mut self) -> Result<StorePath, AtermParseError> {
        let path = self.string()?;
        StorePath::from_absolute_path(&path).map_err(|_| AtermParseError::InvalidStorePath { path })
    }

    fn output(&mut self) -> Result<(String, DerivationOutput), AtermParseError> {
        self.literal("(")?;
        let name = self.string()?;
        self.literal(",")?;
        let path_text = self.string()?;
        self.literal(",")?;
        let method_algo = self.string()?;
        self.literal(",")?;
        let hash_text = self.string()?;
        self.literal(")")?;
        let path = if path_text.is_empty() {
            None
        } else {
            Some(
                StorePath::from_absolute_path(&path_text)
                    .map_err(|_| AtermParseError::InvalidStorePath { path: path_text })?,
            )
        };
        let fixed = if method_algo.is_empty() && hash_text.is_empty() {
            None
        } else {
            let invalid = || AtermParseError::InvalidOutputHash {
                output: name.clone(),
            };
            let (method, algo_name) = match method_algo.strip_prefix("r:") {
                Some(rest) => (FileIngestionMethod::Recursive, rest),
                None => (FileIngestionMethod::Flat, method_algo.as_str()),
            };
            let algo = HashAlgo::from_name(algo_name).ok_or_else(invalid)?;
            if hash_text.len() != algo.base16_len() {
                return Err(invalid());
            }
            let hash = Hash::parse(&hash_text, Some(algo)).map_err(|_| invalid())?;
            Some(FixedOutputHash { method, hash })
        };
        Ok((name, DerivationOutput { path, fixed }))
    }

    fn input_drv(&mut self) -> Result<(StorePath, BTreeSet<String>), AtermParseError> {
        self.literal("(")?;
        let path = self.store_path()?;
        self.literal(",")?;
        let outputs = self.list(Self::string)?;
        self.literal(")")?;
        Ok((path, outputs.into_iter().collect()))
    }

    fn env_entry(&mut self) -> Result<(String, String), AtermParseError> {
        self.literal("(")?;
        let key = self.string()?;
        self.literal(",")?;
        let value = self.string()?;
        self.literal(")")?;
        Ok((key, value))
    }

    fn derivation(&mut self, name: &str) -> Result<Derivation, AtermParseError> {
        self.literal("Derive(")?;
        let outputs = self.list(Self::output)?;
        self.literal(",")?;
        let input_drvs = self.list(Self::input_drv)?;
        self.literal(",")?;
        let input_srcs = self.list(Self::store_path)?;
        self.literal(",")?;
        let system = self.string()?;
        self.literal(",")?;
        let builder = self.string()?;
        self.literal(",")?;
        let args = self.list(Self::string)?;
        self.literal(",")?;
        let env = self.list(Self::env_entry)?;
        self.literal(")")?;
        Ok(Derivation {
            name: name.to_owned(),
            outputs: outputs.into_iter().collect(),
            input_drvs: input_drvs.into_iter().collect(),
            input_srcs: input_srcs.into_iter().collect(),
            system,
            builder,
            args,
            env: env.into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_what_nix_escapes() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\nd\re\tf\u{7}g€");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\re\\tf\u{7}g€\"");
    }

    #[test]
    fn parse_round_trips_and_rejects_garbage() {
        let mut drv = Derivation {
            name: "x".to_owned(),
            system: "sys\n".to_owned(),
            builder: "b\"".to_owned(),
            args: vec!["a".to_owned(), String::new(), "€\t".to_owned()],
            ..Derivation::default()
        };
        drv.outputs
            .insert("out".to_owned(), DerivationOutput::default());
        drv.env.insert("k\\".to_owned(), "v".to_owned());
        let text = drv.to_aterm();
        assert_eq!(Derivation::from_aterm(&text, "x"), Ok(drv));
        for bad in [
            "",
            "Derive(",
            "Derive([],[],[],\"\",\"\",[],[]) ",
            "Derive([(\"out\",\"/tmp/x\",\"\",\"\")],[],[],\"\",\"\",[],[])",
        ] {
            assert!(Derivation::from_aterm(bad, "x").is_err(), "{bad}");
        }
    }
}
