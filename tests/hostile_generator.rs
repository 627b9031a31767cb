//! Hostile documents through the whole generator: output or diagnostics, never a panic or a hang, and every file
//! it writes parses (the property of the fuzz targets in `fuzz/`, `oagen_e2e::robustness::check_generate`).
//!
//! Every input a fuzz target ever failed on is kept in `tests/fixtures/fuzz/` and checked here in both syntaxes, so
//! that the finding cannot come back unnoticed; the seed corpus is checked too.

use oagen::Format;
use oagen_e2e::repo_root;
use oagen_e2e::robustness::{check_generate, source};
use std::time::{Duration, Instant};

/// Checks a document in the syntax its first character implies and in the other one, within a time limit.
fn check_both(text: &str) {
    for format in [Format::Yaml, Format::Json] {
        let started = Instant::now();
        check_generate(&source(text, format));
        let took = started.elapsed();
        eprintln!("{format:?}: {} bytes in {took:?}", text.len());
        // Generous for a debug build on a shared 2-core machine; a hang would take forever.
        assert!(took < Duration::from_secs(30), "took {took:?}");
    }
}

fn files_in(dir: &str) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> =
        std::fs::read_dir(repo_root().join(dir)).into_iter().flatten().flatten().map(|e| e.path()).collect();
    paths.sort();
    paths
}

#[test]
fn every_fuzz_finding_stays_fixed() {
    let findings: Vec<_> = files_in("tests/fixtures/fuzz").into_iter().filter(|p| !p.ends_with("README.md")).collect();
    assert!(findings.len() >= 2, "the findings are checked in");
    for path in findings {
        let bytes = std::fs::read(&path).expect("readable");
        eprintln!("{}", path.display());
        check_both(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn every_seed_generates() {
    let seeds = files_in("fuzz/seeds");
    assert!(seeds.len() >= 4, "the seed corpus is checked in");
    for path in seeds {
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        assert!(check_generate(&oagen::Source::new("seed", text)), "{} generates", path.display());
    }
}

fn wrap_schema(schema: &str) -> String {
    format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},
          \"components\": {{\"schemas\": {schema}}}}}"
    )
}

#[test]
fn deep_nesting_in_json_and_yaml_text() {
    // Past the parsers' recursion limits: an error diagnostic.
    let depth: usize = std::env::var("DEPTH").ok().and_then(|d| d.parse().ok()).unwrap_or(100_000);
    check_both(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
    check_both(&format!("a:\n{}", "- ".repeat(depth)));
    check_both(&"{a: ".repeat(depth));
}

#[test]
fn deep_nesting_of_schemas_within_the_parsers_limits() {
    // 120 levels parse; the normaliser's depth guard takes over.
    for (open, close) in [
        ("{\"type\": \"array\", \"items\": ", "}"),
        ("{\"allOf\": [", "]}"),
        ("{\"type\": \"object\", \"properties\": {\"a\": ", "}}"),
        ("{\"oneOf\": [{\"type\": \"string\"}, ", "]}"),
        ("{\"additionalProperties\": ", "}"),
    ] {
        let depth = 120 / open.matches(['{', '[']).count();
        let schema = format!("{}{{\"type\": \"string\"}}{}", open.repeat(depth), close.repeat(depth));
        check_both(&wrap_schema(&format!("{{\"Deep\": {schema}}}")));
    }
}

#[test]
fn ref_cycles() {
    for schemas in [
        r##"{"A": {"$ref": "#/components/schemas/A"}}"##,
        r##"{"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}"##,
        r##"{"A": {"allOf": [{"$ref": "#/components/schemas/A"}]}}"##,
        r##"{"A": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]}}"##,
        r##"{"A": {"type": "object", "required": ["a"], "properties": {"a": {"$ref": "#/components/schemas/A"}}}}"##,
        r##"{"A": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}"##,
        r##"{"A": {"additionalProperties": {"$ref": "#/components/schemas/A"}}}"##,
        r##"{"A": {"$ref": "#/components/schemas/A/properties/x"}}"##,
        r##"{"A": {"properties": {"x": {"$ref": "#/components/schemas/A/properties/x"}}}}"##,
        r##"{"A": {"$ref": "#"}}"##,
        r##"{"A": {"$ref": "#/components"}}"##,
        r##"{"A": {"$ref": "other.yaml#/A"}}"##,
    ] {
        check_both(&wrap_schema(schemas));
    }
}

#[test]
fn billion_laughs_yaml_aliases() {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!("x-a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    text.push_str("components:\n  schemas:\n    Laugh: {type: object, example: *a9}\n");
    check_both(&text);
}

#[test]
fn ten_thousand_character_names() {
    let long = "a".repeat(10_000);
    let upper = "Ab".repeat(5_000);
    let schemas = format!(
        r##"{{"{long}": {{"type": "object", "properties": {{"{upper}": {{"type": "string", "enum": ["{long}", "{upper}"]}}}}}},
             "{upper}": {{"$ref": "#/components/schemas/{long}"}}}}"##
    );
    check_both(&wrap_schema(&schemas));
    let paths = format!(
        r##"{{"openapi": "3.1.0", "info": {{"title": "{long}", "version": "{long}"}},
             "paths": {{"/{long}/{{{upper}}}": {{"get": {{"operationId": "{upper}", "parameters": [{{"name": "{upper}", "in": "path", "required": true, "schema": {{"type": "string"}}}}],
             "responses": {{"200": {{"description": "{long}"}}}}}}}}}}}}"##
    );
    check_both(&paths);
}

#[test]
fn names_that_are_not_identifiers() {
    let schemas = r##"{"": {"type": "object", "properties": {"": {"type": "string"}, "0": {"type": "string"}, "self": {"type": "string"},
        "Self": {"type": "string"}, "crate": {"type": "string"}, "super": {"type": "string"}, "_": {"type": "string"},
        "🦀": {"type": "string"}, "a b": {"type": "string"}, "A_B": {"type": "string"}, "a-b": {"type": "string"}}},
        "self": {"type": "string", "enum": ["", "_", "0", "Self", "self", "🦀", "Unrecognized"]},
        "Self": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "Option": {"type": "object"}, "Box": {"type": "object"}, "String": {"type": "string"}, "Vec": {"type": "array"},
        "Tristate": {"type": "object"}, "serde": {"type": "object"}, "*/": {"description": "*/ /* \" \\ `"}}"##;
    check_both(&wrap_schema(schemas));
}

#[test]
fn wrong_types_in_every_place() {
    for doc in [
        r#"{"openapi": 3.0}"#,
        r#"{"openapi": "3.0.0", "info": [], "paths": 1, "components": "x"}"#,
        r#"{"openapi": "3.0.0", "paths": {"/a": {"get": {"parameters": {"a": 1}, "responses": []}}}}"#,
        r#"{"openapi": "3.0.0", "paths": {"/a": {"get": {"parameters": [1, null, {"in": 3}], "requestBody": []}}}}"#,
        r#"{"openapi": "3.0.0", "components": {"schemas": {"A": {"type": ["string", 1], "required": "x", "enum": {}, "properties": []}}}}"#,
        r#"{"openapi": "3.1.0", "components": {"schemas": {"A": {"type": [], "allOf": {}, "oneOf": "x", "items": [], "discriminator": 1}}}}"#,
        r#"{"openapi": "3.0.0", "components": {"schemas": {"A": {"type": "integer", "format": "int32", "minimum": 1e400, "default": 99999999999999999999999}}}}"#,
        "[]",
        "null",
        "",
        "\u{feff}",
        "openapi: 3.0.0\n\u{0}",
    ] {
        check_both(doc);
    }
}

#[test]
fn the_generator_needs_no_more_stack_than_a_small_thread_has() {
    // `check_generate` runs on a big stack of its own (syn needs it to parse what it is given); the generator must
    // not depend on its caller's stack: a 2 MiB thread, as tests and async workers have.
    let text = std::fs::read_to_string(repo_root().join("tests/fixtures/fuzz/stack-overflow-64-nested-arrays.json"))
        .expect("the fixture");
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let out = oagen::generate(&oagen::Source::new("deep", text), &oagen::Options::new("deep-api"));
            assert!(out.is_ok_and(|o| !o.files.is_empty()), "generates (with a depth diagnostic)");
        })
        .expect("a thread")
        .join()
        .expect("no panic");
}

/// Chains of components, each defined through the next: recursion across `$ref`s is not bounded by how deeply one
/// schema nests in the text.
#[test]
fn long_chains_of_references() {
    let n: usize = std::env::var("CHAIN").ok().and_then(|d| d.parse().ok()).unwrap_or(1000);
    for shape in [
        r##"{"$ref": "#/components/schemas/S{next}"}"##,
        r##"{"allOf": [{"$ref": "#/components/schemas/S{next}"}, {"type": "object", "properties": {"p{i}": {"type": "string"}}}]}"##,
        r##"{"type": "object", "properties": {"next": {"$ref": "#/components/schemas/S{next}"}}}"##,
        r##"{"type": "array", "items": {"$ref": "#/components/schemas/S{next}"}}"##,
        r##"{"oneOf": [{"$ref": "#/components/schemas/S{next}"}, {"type": "integer"}]}"##,
    ] {
        let schemas: Vec<String> = (0..n)
            .map(|i| {
                let body = if i + 1 == n {
                    r#"{"type": "string"}"#.to_owned()
                } else {
                    shape.replace("{next}", &(i + 1).to_string()).replace("{i}", &i.to_string())
                };
                format!("\"S{i}\": {body}")
            })
            .collect();
        let text = wrap_schema(&format!("{{{}}}", schemas.join(",")));
        let started = Instant::now();
        let thread_text = text.clone();
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let _ = oagen::generate(&oagen::Source::new("chain", thread_text), &oagen::Options::new("chain-api"));
            })
            .expect("a thread")
            .join()
            .expect("no panic");
        eprintln!("{n} x {shape}: {:?}", started.elapsed());
        check_generate(&oagen::Source::new("chain", text));
    }
}

/// AWS's documents wrap every use of a reference as `allOf: [{$ref}, {description}]`. Lowering used to merge a copy of
/// the target at every wrap, so that a chain of types each using the next twice grew as 2^n types (amazonaws.com
/// amplifyuibuilder, timestream-query and wafv2 did not finish in 60 s; ce, kendra and iottwinmaker ended in "schema
/// nesting too deep"). Lowering is linear in the document: one struct per schema, whatever the wrapping.
#[test]
fn annotated_references_are_lowered_once() {
    let n = 12;
    let wrap = |i: usize| {
        format!(r##"{{"allOf": [{{"$ref": "#/components/schemas/S{i}"}}, {{"description": "S{i} again."}}]}}"##)
    };
    let schemas: Vec<String> = (0..n)
        .map(|i| {
            let next = if i + 1 == n { r#"{"type": "string"}"#.to_owned() } else { wrap(i + 1) };
            // The last property closes a cycle back to the first type, as AWS's recursive filters do.
            format!(r#""S{i}": {{"type": "object", "properties": {{"a": {next}, "b": {next}, "back": {}}}}}"#, wrap(0))
        })
        .collect();
    let text = wrap_schema(&format!("{{{}}}", schemas.join(",")));
    let started = Instant::now();
    let mut options = oagen::Options::new("wrapped-api");
    options.plan.parts = oagen::Parts::MODELS;
    let out = oagen::generate(&oagen::Source::new("wrapped", text), &options).expect("generates");
    let types = out.files.iter().find(|f| f.path == "src/types.rs").expect("models");
    let structs = types.contents.lines().filter(|l| l.trim_start().starts_with("pub struct ")).count();
    assert_eq!(structs, n, "one struct per schema:\n{}", types.contents);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}
