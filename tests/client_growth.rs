//! A spec's next release can add what does not break its HTTP clients (an optional query parameter, an optional
//! header, an optional body property, a response property, an enum value, an operation) without breaking a Rust
//! caller of the regenerated crate: `tests/fixtures/growth/caller.rs`, written against v1, compiles unchanged
//! against v2; against a release that makes a parameter required, it does not.

use oagen_e2e::{repo_root, write_crate};
use std::path::Path;

/// The crate of the growth fixture `spec`, written to `dir` with the caller as its integration test.
fn crate_of(spec: &str, dir: &Path) {
    let root = repo_root();
    let path = root.join("tests/fixtures/growth").join(spec);
    let source = oagen::Source::read(&path).unwrap_or_else(|d| panic!("{d}"));
    let mut options = oagen::Options::new("growth-api");
    options.command = "oagen test".to_owned();
    options.plan.parts = oagen::Parts { client: true, server: false };
    let out = oagen::generate(&source, &options).unwrap_or_else(|f| panic!("{f}"));
    write_crate(&out.files, dir);
    std::fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
    std::fs::copy(root.join("tests/fixtures/growth/caller.rs"), dir.join("tests/caller.rs")).expect("copy caller");
}

/// `cargo test --test caller` in `dir` (offline, a nested build: [`xtask::workspace::nested_cargo`]): whether it
/// passed without a warning, and what cargo printed.
fn caller_passes(dir: &Path) -> (bool, String) {
    let output = xtask::workspace::nested_cargo(&repo_root(), dir)
        .args(["test", "--offline", "--quiet", "--test", "caller"])
        .output()
        .expect("run cargo");
    let text = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let warned = text.lines().any(|l| l.starts_with("warning"));
    (output.status.success() && !warned, text)
}

#[test]
fn a_caller_of_v1_compiles_unchanged_against_v2_and_not_against_a_breaking_release() {
    let dir = repo_root().join("target/server-fixture/growth");
    crate_of("v1.yaml", &dir);
    let (ok, out) = caller_passes(&dir);
    assert!(ok, "the caller does not compile against v1:\n{out}");
    crate_of("v2.yaml", &dir);
    let (ok, out) = caller_passes(&dir);
    assert!(ok, "the caller of v1 broke against v2, whose changes are all non-breaking:\n{out}");
    crate_of("breaking.yaml", &dir);
    let (ok, out) = caller_passes(&dir);
    assert!(!ok, "a parameter made required must break the caller (it has no setter call for it):\n{out}");
    // The error names the call and the required parameter's type parameter still `Unset`.
    assert!(out.contains("params::ListPets<") && out.contains("Unset>>` is not a future"), "{out}");
}
