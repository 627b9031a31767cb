//! The generated crate's `Cargo.toml`.

/// Whether `v` is a semver version Cargo accepts (`MAJOR.MINOR.PATCH`, optional pre-release and build).
pub fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')))
        && v[core.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b"-+.".contains(&b))
}

/// A TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver() {
        assert!(is_semver("2.0.0"));
        assert!(is_semver("0.0.1"));
        assert!(is_semver("1.2.3-beta.1+build"));
        assert!(!is_semver("2022-08-01"));
        assert!(!is_semver("1.0"));
        assert!(!is_semver("01.0.0"));
        assert!(!is_semver("v1.0.0"));
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a \"b\"\n"), r#""a \"b\"\n""#);
    }
}
