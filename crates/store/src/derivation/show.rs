//! The JSON view of a derivation, in the shape `nix show-derivation` prints (SEMANTICS §6.15).
//!
//! `{ DRVPATH: { outputs: { NAME: { path[, hashAlgo, hash] } }, inputSrcs, inputDrvs, system,
//! builder, args, env } }`, keys in that order, written by hand so that this crate needs no
//! serialisation framework. Tests live at the bottom of this file.

use super::Derivation;
use crate::store_path::StorePath;

impl Derivation {
    /// The `nix show-derivation` JSON for this derivation stored at `drv_path`.
    pub fn to_show_json(&self, drv_path: &StorePath) -> String {
        let mut out = String::from("{");
        json_string(&mut out, &drv_path.to_absolute_path());
        out.push_str(":{\"outputs\":{");
        for (i, (name, output)) in self.outputs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, name);
            out.push_str(":{");
            let mut fields: Vec<(&str, String)> = Vec::new();
            if let Some(path) = &output.path {
                fields.push(("path", path.to_absolute_path()));
            }
            if let Some(fixed) = &output.fixed {
                fields.push(("hashAlgo", fixed.method_algo()));
                fields.push(("hash", fixed.hash.to_base16()));
            }
            write_fields(&mut out, fields.iter().map(|(k, v)| (*k, v.as_str())));
            out.push('}');
        }
        out.push_str("},\"inputSrcs\":[");
        for (i, src) in self.input_srcs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, &src.to_absolute_path());
        }
        out.push_str("],\"inputDrvs\":{");
        for (i, (drv, outputs)) in self.input_drvs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, &drv.to_absolute_path());
            out.push_str(":[");
            for (j, output) in outputs.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                json_string(&mut out, output);
            }
            out.push(']');
        }
        out.push_str("},");
        write_fields(
            &mut out,
            [
                ("system", self.system.as_str()),
                ("builder", self.builder.as_str()),
            ]
            .into_iter(),
        );
        out.push_str(",\"args\":[");
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, arg);
        }
        out.push_str("],\"env\":{");
        write_fields(
            &mut out,
            self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        out.push_str("}}}");
        out
    }
}

fn write_fields<'a>(out: &mut String, fields: impl Iterator<Item = (&'a str, &'a str)>) {
    for (i, (key, value)) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(out, key);
        out.push(':');
        json_string(out, value);
    }
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::DerivationBuilder;
    use std::collections::BTreeMap;

    #[test]
    fn shows_a_simple_derivation() {
        let mut builder = DerivationBuilder::new("foo");
        for (key, value) in [
            ("builder", "/bin/sh"),
            ("name", "foo"),
            ("system", "x86_64-linux"),
        ] {
            builder.attr(key, value).expect("valid attribute");
        }
        builder.arg("-c").arg("echo \"hi\"\n");
        let built = builder.finish(&BTreeMap::new()).expect("derivation builds");
        // Paths from `nix-instantiate` (Nix 2.8) for the same expression.
        let json = built.derivation.to_show_json(&built.drv_path);
        assert_eq!(
            json,
            concat!(
                r#"{"/nix/store/za1sngxvsjjwczk29p9gsxi5f5hn1cyp-foo.drv":{"outputs":{"out":{"path":"/nix/store/c679y8flbwvyzhky8gk6grn5sc5ssxks-foo"}},"#,
                r#""inputSrcs":[],"inputDrvs":{},"system":"x86_64-linux","builder":"/bin/sh","args":["-c","echo \"hi\"\n"],"#,
                r#""env":{"builder":"/bin/sh","name":"foo","out":"/nix/store/c679y8flbwvyzhky8gk6grn5sc5ssxks-foo","system":"x86_64-linux"}}}"#
            )
        );
    }
}
