//! The server generated for `fixtures/constructs/path_shapes.yaml`: paths a router cannot take as written (templates
//! differing only in variable names, the same method twice at one shape, no leading `/`, `:name`, literal `*`, `{`,
//! `}`, an empty variable name or segment, variables inside a segment, more variables than a route holds). The crate
//! is written under `target/`, checked with clippy `-D warnings`, and its router built and served by
//! `fixtures/server/path_shapes_routes.rs`: every operation reached by the generated client at its own path, other
//! paths answered 404/405. Before one route per path shape, building this router panicked inside axum.

use oagen_e2e::{generate, nested_cargo, repo_root, write_crate};

#[test]
fn every_path_shape_is_routed_without_a_panic() {
    let root = repo_root();
    let (files, _) = generate(&root.join("tests/fixtures/constructs/path_shapes.yaml"));
    let dir = root.join("target/server-fixture/path-shapes");
    write_crate(&files, &dir);
    std::fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
    std::fs::copy(root.join("tests/fixtures/server/path_shapes_routes.rs"), dir.join("tests/routes.rs"))
        .expect("copy test");
    nested_cargo(
        &dir,
        &["clippy", "--quiet", "--features", "server", "--all-targets", "--", "-D", "warnings"],
        "the generated server does not compile cleanly",
    );
    nested_cargo(&dir, &["test", "--quiet", "--features", "server", "--test", "routes"], "the routes test failed");
}
