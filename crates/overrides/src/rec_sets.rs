//! Finding `rec { … }` definitions whose values read sibling names, for the
//! "`rec` is not late-bound" trap (SEMANTICS §2.11, scenario S5): in
//! `final: prev: rec { a = 1; b = a + 1; }`, `b` keeps using this `a` even
//! when a later overlay overrides `a`.

use rnix::ast::{self, HasEntry};
use rowan::ast::AstNode;

/// For a definition starting at byte `offset` of `text`: when it is an
/// attribute of a `rec` set, the sibling names its value refers to.
pub(crate) fn rec_siblings_used(text: &str, offset: u32) -> Vec<String> {
    let root = rnix::Root::parse(text).tree();
    let mut found = Vec::new();
    for node in root.syntax().descendants() {
        let Some(set) = ast::AttrSet::cast(node) else {
            continue;
        };
        if set.rec_token().is_none() {
            continue;
        }
        let siblings: Vec<String> = set
            .attrpath_values()
            .filter_map(|entry| single_name(&entry))
            .collect();
        for entry in set.attrpath_values() {
            let range = entry.syntax().text_range();
            let (start, end) = (u32::from(range.start()), u32::from(range.end()));
            if !(start <= offset && offset < end) {
                continue;
            }
            let own = single_name(&entry);
            let Some(value) = entry.value() else { continue };
            for ident in value.syntax().descendants().filter_map(ast::Ident::cast) {
                // `x.a` names `a` as an attribute, not a variable.
                if ident
                    .syntax()
                    .parent()
                    .is_some_and(|parent| ast::Attrpath::can_cast(parent.kind()))
                {
                    continue;
                }
                let Some(token) = ident.ident_token() else {
                    continue;
                };
                let name = token.text().to_owned();
                if siblings.contains(&name)
                    && own.as_deref() != Some(name.as_str())
                    && !found.contains(&name)
                {
                    found.push(name);
                }
            }
        }
    }
    found
}

fn single_name(entry: &ast::AttrpathValue) -> Option<String> {
    let path = entry.attrpath()?;
    let mut attrs = path.attrs();
    let first = attrs.next()?;
    if attrs.next().is_some() {
        return None;
    }
    match first {
        ast::Attr::Ident(ident) => ident.ident_token().map(|t| t.text().to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rec_siblings_are_found_only_in_rec_sets() {
        let text = "final: prev: rec { a = 1; b = a + final.a; c = 3; }";
        let b = text.find("b =").map_or(0, |i| i as u32);
        assert_eq!(rec_siblings_used(text, b), ["a"]);
        let plain = "final: prev: { a = 1; b = a + 1; }";
        let b = plain.find("b =").map_or(0, |i| i as u32);
        assert!(rec_siblings_used(plain, b).is_empty());
    }
}
