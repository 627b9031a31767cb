//! The generated crate's names: its package name (`Cargo.toml`'s `[package] name`) and its library name (what
//! Rust code writes in paths: `use box_api::types`). Any text gives a valid pair, so a crate named after any
//! directory builds: a package name that Cargo accepts, and a library name that is a snake_case identifier usable
//! in a `use` path (not a keyword, not a crate the generated code or its examples also use by name).

use crate::ident::{KEYWORDS, NOT_RAW};

/// Library names that would shadow a crate the generated crate, its example or its doc tests refer to by name: the
/// standard library's crates and the generated crate's dependencies.
const TAKEN: &[&str] = &[
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "serde",
    "serde_json",
    "oagen_runtime",
    "reqwest",
    "axum",
    "tokio",
    "chrono",
    "uuid",
];

/// A package name for `raw` (a directory name, or a name given by the user): ASCII lower case, every run of other
/// characters than letters, digits, `-` and `_` made one `-`, no `-` or `_` at either end; `api-` before a leading
/// digit, and `api` when nothing is left. A name that already is such a name is returned unchanged.
///
/// ```
/// assert_eq!(oagen_rust::crate_name::package_name("Foo-public.v2"), "foo-public-v2");
/// assert_eq!(oagen_rust::crate_name::package_name("2024"), "api-2024");
/// assert_eq!(oagen_rust::crate_name::package_name("box"), "box");
/// ```
pub fn package_name(raw: &str) -> String {
    let mut name = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            if !(c == '-' && name.ends_with('-')) {
                name.push(c);
            }
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches(['-', '_']);
    match name.chars().next() {
        None => "api".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("api-{name}"),
        Some(_) => name.to_owned(),
    }
}

/// The library name of the package `package` (as [`package_name`] makes it): the package name with `_` for `-`, as
/// Cargo derives it, unless that is a keyword or a crate name the generated code uses ([`TAKEN`]): then `_api` is
/// appended (`box` → `box_api`), and the manifest says so in `[lib] name`. Raw identifiers are not used: `self`,
/// `super` and `crate` cannot be raw, and `r#box::types` in every dependent crate would be a poor name.
///
/// ```
/// assert_eq!(oagen_rust::crate_name::lib_name("healvi-api"), "healvi_api");
/// assert_eq!(oagen_rust::crate_name::lib_name("box"), "box_api");
/// assert_eq!(oagen_rust::crate_name::lib_name("self"), "self_api");
/// ```
pub fn lib_name(package: &str) -> String {
    let name = package_name(package).replace('-', "_");
    if KEYWORDS.contains(&name.as_str()) || NOT_RAW.contains(&name.as_str()) || TAKEN.contains(&name.as_str()) {
        return format!("{name}_api");
    }
    name
}

/// Whether the manifest must name the library (`[lib] name`): when [`lib_name`] is not what Cargo derives from the
/// package name.
pub fn lib_is_renamed(package: &str) -> bool {
    lib_name(package) != package.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_text_gives_a_valid_package_and_lib_name() {
        let cases = [
            ("box", "box", "box_api"),
            ("type", "type", "type_api"),
            ("match", "match", "match_api"),
            ("self", "self", "self_api"),
            ("Self", "self", "self_api"),
            ("crate", "crate", "crate_api"),
            ("std", "std", "std_api"),
            ("serde", "serde", "serde_api"),
            ("Foo-public.v2", "foo-public-v2", "foo_public_v2"),
            ("2024", "api-2024", "api_2024"),
            ("petstore client", "petstore-client", "petstore_client"),
            ("my_api", "my_api", "my_api"),
            ("--a..b--", "a-b", "a_b"),
            ("_", "api", "api"),
            ("", "api", "api"),
            ("été", "t", "t"),
            ("healvi-api", "healvi-api", "healvi_api"),
        ];
        for (raw, package, lib) in cases {
            assert_eq!(package_name(raw), package, "{raw:?}");
            assert_eq!(lib_name(&package_name(raw)), lib, "{raw:?}");
            // Normalising twice changes nothing.
            assert_eq!(package_name(package), package, "{raw:?}");
            assert!(syn::parse_str::<syn::Ident>(lib).is_ok(), "{lib} is not an identifier");
        }
        assert!(lib_is_renamed("box"));
        assert!(!lib_is_renamed("healvi-api"));
    }
}
