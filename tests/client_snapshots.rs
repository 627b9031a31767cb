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

#[test]
fn operation_naming() {
    snapshot("tests/fixtures/constructs", "operation_naming");
}

#[test]
fn no_operations() {
    snapshot("tests/fixtures/client", "no_operations");
}
