//! Which generated code this runtime runs: [`VERSION`], and [`generated_for!`], the check every generated crate
//! makes at compile time.

/// This runtime's version, as its `Cargo.toml` says.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Refuses to compile a generated crate against a runtime it was not generated for, with an error that names both
/// versions, before the items the crate misses could.
///
/// Every generated `lib.rs` (and module) starts with `oagen_runtime::generated_for!(MAJOR, MINOR, PATCH);`, the
/// version of the runtime its generator wrote it for. This runtime accepts `0, 1, _`: code generated for `0.1.x`
/// builds against every `0.1.y` (a patch release fixes bugs only, see the README); any other version is a
/// `compile_error!`.
///
/// ```
/// oagen_runtime::generated_for!(0, 1, 0);
/// ```
///
/// ```compile_fail
/// oagen_runtime::generated_for!(0, 2, 0);
/// ```
#[macro_export]
macro_rules! generated_for {
    // Keep in step with the package version (the tests compare them).
    (0, 1, $patch:literal) => {};
    ($major:literal, $minor:literal, $patch:literal) => {
        ::core::compile_error!(::core::concat!(
            "this crate was generated for oagen-runtime ",
            ::core::stringify!($major),
            ".",
            ::core::stringify!($minor),
            ".",
            ::core::stringify!($patch),
            ", but it is being built against oagen-runtime 0.1.x (0.1.0 or later), which cannot run it: \
             regenerate the crate with an oagen release that writes code for oagen-runtime 0.1, or depend on an \
             oagen-runtime release of the version it was generated for (oagen-runtime's README lists which \
             generator writes code for which runtime)"
        ));
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_macro_accepts_the_line_of_this_version() {
        let mut parts = VERSION.split('.').map(|p| p.parse::<u64>().expect("a numeric version"));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        // The macro's accepting arm, its message and its advice name the package's own line.
        let source = include_str!("version.rs");
        let line = format!("{major}.{minor}");
        assert!(source.contains(&format!("({major}, {minor}, $patch:literal) => {{}};")), "the macro's arm");
        assert!(source.contains(&format!("against oagen-runtime {line}.x ({line}.0 or later)")), "its message");
        assert!(source.contains(&format!("writes code for oagen-runtime {line},")), "its advice");
    }

    // The accepting arm, used as generated code uses it.
    crate::generated_for!(0, 1, 0);
    crate::generated_for!(0, 1, 42);
}
