//! Multi-file specs where what looks like a reference is data, where names start with `x-`, and where a `$ref`
//! stands in place of `properties` (fixtures in `tests/fixtures/refs_data/`).

use oagen_spec::{load_with, Diagnostic, LoadOptions, Loaded, Pointer, Severity, Source, Spec};
use std::path::PathBuf;

fn load(name: &str) -> Loaded {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/refs_data").join(name);
    let source = Source::read(&path).expect("fixture");
    load_with(&source, &LoadOptions::default())
}

fn errors(loaded: &Loaded) -> Vec<&Diagnostic> {
    loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

fn schema<'s>(spec: &'s Spec, name: &str) -> &'s oagen_spec::Schema {
    &spec.schemas.iter().find(|(n, _)| n == name).expect("schema").1
}

#[test]
fn references_in_example_values_defaults_enums_and_consts_are_data() {
    let loaded = load("examples/api.yaml");
    assert!(errors(&loaded).is_empty(), "{:#?}", loaded.diagnostics);
    // An Example Object may itself be a reference: the one in another file is mounted, its value left as it is.
    let root = &loaded.spec.as_ref().expect("spec").root;
    let content = "/paths/~1teams~1{id}/get/responses/200/content/application~1json";
    let filed = root.pointer(&format!("{content}/examples/filed/$ref")).and_then(|v| v.as_str());
    assert_eq!(filed, Some("#/x-oagen-files/examples.yaml/Filed"));
    let value = root.pointer("/x-oagen-files/examples.yaml/Filed/value/members/0/$ref");
    assert_eq!(value.and_then(|v| v.as_str()), Some("https://example.com/filed"));
    let one = root.pointer(&format!("{content}/examples/one/value/members/0/$ref"));
    assert_eq!(one.and_then(|v| v.as_str()), Some("https://example.com/x"));
}

#[test]
fn names_that_start_with_x_are_not_extensions() {
    let loaded = load("x_names/api.yaml");
    assert!(errors(&loaded).is_empty(), "{:#?}", loaded.diagnostics);
    let spec = loaded.spec.as_ref().expect("spec");
    let op = &spec.operations[0];
    let header = &op.responses[0].headers[0];
    assert_eq!(header.name, "x-request-id");
    assert_eq!(header.schema.reference.as_deref(), Some("#/x-oagen-files/other.yml/RequestId"));
    assert_eq!(op.parameters[0].name, "x-trace");
    assert_eq!(op.parameters[0].schema.reference.as_deref(), Some("#/x-oagen-files/other.yml/RequestId"));
    let foo = &schema(spec, "Thing").properties[0];
    assert_eq!((foo.0.as_str(), foo.1.reference.as_deref()), ("x-foo", Some("#/x-oagen-files/other.yml/Foo")));
    // A property named `x-bar` inside the other file: its local reference points into that file's mount.
    let inner = spec.schema_at(&Pointer::from_escaped("/x-oagen-files/other.yml/Foo")).expect("normalised");
    assert_eq!(inner.properties[0].1.reference.as_deref(), Some("#/x-oagen-files/other.yml/RequestId"));
}

#[test]
fn a_reference_in_place_of_properties_is_followed() {
    let loaded = load("properties_ref/api.yaml");
    assert!(errors(&loaded).is_empty(), "{:#?}", loaded.diagnostics);
    let spec = loaded.spec.as_ref().expect("spec");
    let thing = schema(spec, "Thing");
    let names: Vec<&str> = thing.properties.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["name", "size", "owner"]);
    assert_eq!(thing.properties[2].1.reference.as_deref(), Some("#/x-oagen-files/models~1owner.yml/Owner"));
    // Each property is where it is written, in the other file.
    assert_eq!(thing.properties[0].1.pointer.as_str(), "/x-oagen-files/models~1thing.yml/attributes/name");
    let local = schema(spec, "Local");
    let names: Vec<&str> = local.properties.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["label"]);
    let warnings: Vec<(&str, &str)> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "/components/schemas/Thing/properties",
            "`$ref` on a `properties` map, where OpenAPI does not allow one (and 1 more like it)"
        )]
    );
}
