//! Snapshots of the emitted client module: one per bundled spec, one per client fixture (`fixtures/client/*.yaml`,
//! every parameter location and style, several success types, ranges and `default`, every security scheme kind,
//! form, text, binary and multipart bodies, names that collide with the client's own methods).

use oagen_e2e::{file, generate, repo_root};

fn snapshot(dir: &str, name: &str) {
    let path = repo_root().join(dir).join(format!("{name}.yaml"));
    let (files, diagnostics) = generate(&path);
    assert!(!files.is_empty(), "{name} generated nothing: {diagnostics:?}");
    let client = file(&files, "src/client.rs");
    insta::assert_snapshot!(format!("client_{name}"), client);
}

#[test]
fn proficient() {
    snapshot("specs", "proficient");
}

#[test]
fn corti() {
    snapshot("specs", "corti");
}

#[test]
fn healvi() {
    snapshot("specs", "healvi");
}

#[test]
fn chatdash() {
    snapshot("specs", "chatdash");
}

#[test]
fn everything() {
    snapshot("tests/fixtures/client", "everything");
}

/// Every pagination style (`_pages` and `_stream` methods, `Client` forwarding the untagged ones, a name taken by
/// another method), and operations left alone.
#[test]
fn pagination() {
    snapshot("tests/fixtures/client", "pagination");
}

/// Typed multipart bodies: a required file, an optional text field, a list of files, a JSON part with its
/// `encoding.contentType`, a shared component body, and a body without a schema left untyped.
#[test]
fn multipart() {
    snapshot("tests/fixtures/client", "multipart");
}

#[test]
fn operation_naming() {
    snapshot("tests/fixtures/constructs", "operation_naming");
}

/// Header and query parameters every operation takes alike are set on the client; with `--hoist region` a
/// parameter one operation takes is too; an `Idempotency-Key` header on every POST and PATCH is the default
/// idempotency header.
#[test]
fn client_parameters() {
    snapshot("tests/fixtures/client", "client_parameters");
    let path = repo_root().join("tests/fixtures/client/client_parameters.yaml");
    let source = oagen::Source::read(&path).unwrap_or_else(|d| panic!("{d}"));
    let mut options = oagen::Options::new("fixture-api").runtime_path(std::path::Path::new("../oagen-runtime"));
    options.command = "oagen test".to_owned();
    options.plan.client.hoist = vec!["region".to_owned()];
    let out = oagen::generate(&source, &options).unwrap_or_else(|f| panic!("{f}"));
    let client = file(&out.files, "src/client.rs");
    assert!(client.contains("pub fn with_region("), "region is hoisted");
    let compact: String = client.split_whitespace().collect();
    assert!(compact.contains("request.hoisted(rt::Place::Query,\"region\""), "and sent from the client");
    let plain = file(&generate(&path).0, "src/client.rs").to_owned();
    assert!(!plain.contains("with_region"), "region is an argument without the option");
}

/// Server-sent events (a JSON answer and its `_stream` sibling, a tagged union's events, text events) and a binary
/// download as a byte stream.
#[test]
fn streams() {
    snapshot("tests/fixtures/client", "streams");
}

#[test]
fn no_operations() {
    snapshot("tests/fixtures/client", "no_operations");
}

/// `--features-per-tag` on four tags sharing types (two that kebab alike), an operation with two tags, an untagged
/// one: every file of the crate, gated. The same spec without the option is the plain client (no `#[cfg]`).
#[test]
fn features_per_tag() {
    let path = repo_root().join("tests/fixtures/client/tags.yaml");
    let source = oagen::Source::read(&path).unwrap_or_else(|d| panic!("{d}"));
    let source = oagen::Source { name: "tags.yaml".to_owned(), ..source };
    let mut options = oagen::Options::new("fixture-api").runtime_path(std::path::Path::new("../oagen-runtime"));
    options.command = "oagen test".to_owned();
    options.plan.features_per_tag = true;
    let out = oagen::generate(&source, &options).unwrap_or_else(|f| panic!("{f}"));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    for (name, path) in [
        ("manifest", "Cargo.toml"),
        ("types", "src/types.rs"),
        ("client", "src/client.rs"),
        ("server", "src/server.rs"),
        ("example", "examples/server.rs"),
    ] {
        insta::assert_snapshot!(format!("features_per_tag_{name}"), file(&out.files, path));
    }
    let plain = file(&generate(&path).0, "src/client.rs").to_owned();
    assert!(!plain.contains("#[cfg("), "no gates without the option");
}
