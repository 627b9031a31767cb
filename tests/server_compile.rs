//! The server code generated for `fixtures/constructs/server_operations.yaml` (query, cookie and array parameters,
//! security alternatives, status ranges, text bodies, parameter names that clash with generated locals) compiles and
//! is clippy-clean with `-D warnings`, example included: the crate is written under `target/` and checked by a
//! nested cargo with its own target directory (so it never waits on the lock of the build running this test).

use oagen_e2e::{generate, nested_cargo, repo_root, write_crate};

#[test]
fn server_fixture_compiles_clippy_clean() {
    let root = repo_root();
    let (files, _) = generate(&root.join("tests/fixtures/constructs/server_operations.yaml"));
    let dir = root.join("target/server-fixture/crate");
    write_crate(&files, &dir);
    nested_cargo(
        &dir,
        &["clippy", "--quiet", "--features", "server", "--all-targets", "--", "-D", "warnings"],
        "the generated server does not compile cleanly",
    );
}
