//! The server generated for `fixtures/server/server_schemas.yaml`: request schema statics that types of one shape
//! share, a model whose static would shadow one of the runtime's primitive schemas, and credentials enums that
//! operations share. The crate is written under `target/`, checked with clippy `-D warnings`, and served by
//! `fixtures/server/server_schemas_checks.rs`, which sends requests each schema and credential rule decides.

use oagen_e2e::{generate, nested_cargo, repo_root, write_crate};

#[test]
fn shared_schemas_and_credentials_check_what_they_did_apart() {
    let root = repo_root();
    let (files, _) = generate(&root.join("tests/fixtures/server/server_schemas.yaml"));
    let dir = root.join("target/server-fixture/schemas");
    write_crate(&files, &dir);
    std::fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
    std::fs::copy(root.join("tests/fixtures/server/server_schemas_checks.rs"), dir.join("tests/checks.rs"))
        .expect("copy test");
    nested_cargo(
        &dir,
        &["clippy", "--quiet", "--features", "server", "--all-targets", "--", "-D", "warnings"],
        "the generated server does not compile cleanly",
    );
    nested_cargo(&dir, &["test", "--quiet", "--features", "server", "--test", "checks"], "the checks failed");
}
