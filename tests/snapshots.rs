//! Snapshots of the emitted code: one per bundled spec, one per construct fixture (`fixtures/constructs/*.yaml`,
//! each exercising one construct), with the diagnostics. A reviewer sees exactly what a change does to the output.

use oagen_e2e::{file, generate, repo_root};

fn snapshot_fixture(name: &str) {
    let path = repo_root().join("tests/fixtures/constructs").join(format!("{name}.yaml"));
    let (files, diagnostics) = generate(&path);
    let types = file(&files, "src/types.rs");
    let report = format!("{}\n---- diagnostics ----\n{}", types, diagnostics.join(""));
    insta::assert_snapshot!(format!("construct_{name}"), report);
}

macro_rules! constructs {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                snapshot_fixture(stringify!($name));
            }
        )*

        #[test]
        fn every_fixture_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let dir = repo_root().join("tests/fixtures/constructs");
            for entry in std::fs::read_dir(&dir).expect("fixtures dir") {
                let path = entry.expect("entry").path();
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
                assert!(listed.contains(&stem.as_str()), "fixture {stem} has no snapshot test");
            }
        }
    };
}

constructs!(
    ref_siblings,
    allof_nullable_ref,
    allof_merge,
    anyof_implicit_tag,
    oneof_discriminator,
    untagged_union,
    recursive,
    enum_values,
    formats_and_primitives,
    untyped_and_free_objects,
    additional_properties,
    names_and_keywords,
    partial_update_defaults,
    operation_naming,
    inline_nesting,
    openapi_31_forms,
    server_operations,
    read_write_only,
    callbacks_and_webhooks,
    unsupported_keywords,
    path_shapes,
    allof_annotated_refs,
    numbers_beyond_64_bits,
    large_response_bodies,
    status_runs,
    markdown_in_descriptions,
    deprecated_responses,
    deprecated_operations,
    endless_recursion,
    deprecated_parameters,
);

fn snapshot_spec(name: &str) {
    let (files, diagnostics) = generate(&repo_root().join("specs").join(format!("{name}.yaml")));
    insta::assert_snapshot!(format!("spec_{name}_types"), file(&files, "src/types.rs"));
    insta::assert_snapshot!(format!("spec_{name}_diagnostics"), diagnostics.join(""));
    insta::assert_snapshot!(format!("spec_{name}_server"), file(&files, "src/server.rs"));
    insta::assert_snapshot!(format!("spec_{name}_server_example"), file(&files, "examples/server.rs"));
}

/// The server module for the operation shapes the bundled specs do not have: query, cookie and array parameters,
/// security alternatives (API key or basic, optional bearer), status ranges and `default`, text and empty bodies,
/// non-string enums and bounds.
#[test]
fn server_module_of_server_operations() {
    let path = repo_root().join("tests/fixtures/constructs/server_operations.yaml");
    let (files, diagnostics) = generate(&path);
    let report = format!("{}\n---- diagnostics ----\n{}", file(&files, "src/server.rs"), diagnostics.join(""));
    insta::assert_snapshot!("construct_server_operations_server", report);
    insta::assert_snapshot!("construct_server_operations_example", file(&files, "examples/server.rs"));
}

/// The router and path templates for paths a router cannot take as written (`fixtures/constructs/path_shapes.yaml`):
/// one route per path shape, dispatchers where one method has several operations at a shape, the fallback for
/// paths with more variables than a route holds.
#[test]
fn server_module_of_path_shapes() {
    let path = repo_root().join("tests/fixtures/constructs/path_shapes.yaml");
    let (files, _) = generate(&path);
    insta::assert_snapshot!("construct_path_shapes_server", file(&files, "src/server.rs"));
}

/// The request schemas that types of one shape share, and the credentials enums that operations share
/// (`fixtures/server/server_schemas.yaml`, served by `tests/server_schemas.rs`).
#[test]
fn server_module_of_server_schemas() {
    let path = repo_root().join("tests/fixtures/server/server_schemas.yaml");
    let (files, _) = generate(&path);
    insta::assert_snapshot!("construct_server_schemas_server", file(&files, "src/server.rs"));
}

#[test]
fn spec_proficient() {
    snapshot_spec("proficient");
}

#[test]
fn spec_corti() {
    snapshot_spec("corti");
}

#[test]
fn spec_healvi() {
    snapshot_spec("healvi");
}

#[test]
fn spec_chatdash() {
    snapshot_spec("chatdash");
}
