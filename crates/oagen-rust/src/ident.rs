//! Rust identifiers from IR names: keywords become raw identifiers (`r#type`), the few that cannot be raw get a
//! trailing underscore.

use proc_macro2::{Ident, Span};

pub(crate) const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

pub(crate) const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether [`ident`] writes `name` as it is (not raw, not renamed).
pub fn is_plain(name: &str) -> bool {
    !NOT_RAW.contains(&name) && !KEYWORDS.contains(&name)
}

/// An identifier for `name`, raw when `name` is a keyword.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if KEYWORDS.contains(&name) {
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// A name as the generated code spells it (`r#type` for a keyword), as text.
pub(crate) fn text(name: &str) -> String {
    ident(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("name").to_string(), "name");
    }
}
