//! docs/openapi-support.md and the diagnostics agree: every diagnostic of what is not supported (its message says
//! "not supported" or "taken as any JSON value") links a section of the document, and every section linked (from
//! the diagnostics raised here and from every `.see("..")` in the sources) exists.

use oagen_e2e::repo_root;
use std::path::Path;

fn anchors() -> Vec<String> {
    let doc = std::fs::read_to_string(repo_root().join("docs/openapi-support.md")).expect("docs/openapi-support.md");
    doc.split("<a id=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned).collect()
}

/// A document with every keyword and form the generator does not support.
const UNSUPPORTED: &str = r##"{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "paths": {},
  "components": {
    "securitySchemes": {"tls": {"type": "mutualTLS"}},
    "schemas": {
      "Conditional": {"type": "object", "if": {}, "then": {}, "else": {}, "properties": {"a": {"type": "string"}}},
      "Dependent": {"type": "object", "dependentSchemas": {"a": {}}, "unevaluatedProperties": false},
      "Items": {"type": "array", "unevaluatedItems": false, "prefixItems": [{"type": "string"}]},
      "Dynamic": {"$dynamicRef": "#meta", "$recursiveRef": "#"},
      "Patterned": {"type": "object", "patternProperties": {"^x": {"type": "string"}}},
      "Negated": {"not": {"type": "string"}},
      "Never": false,
      "Odd": {"type": "str"},
      "Anchored": {"$ref": "#pet"},
      "Elsewhere": {"$ref": "missing.yaml#/Pet"},
      "NotASchema": {"type": "object", "properties": {"a": 3}}
    }
  }
}"##;

#[test]
fn every_unsupported_diagnostic_links_an_existing_section() {
    let anchors = anchors();
    let source = oagen::Source::new("unsupported.json", UNSUPPORTED.to_owned());
    let diagnostics = oagen::check(&source);
    let mut linked = 0;
    for d in &diagnostics {
        let note = d.note.as_deref().unwrap_or_default();
        let unsupported = d.message.contains("not supported") || d.message.contains("taken as any JSON value");
        match note.split("openapi-support.md#").nth(1) {
            Some(anchor) => {
                let anchor = anchor.split_whitespace().next().unwrap_or_default();
                assert!(anchors.iter().any(|a| a == anchor), "{d}: no section #{anchor} in docs/openapi-support.md");
                linked += 1;
            }
            None => assert!(!unsupported, "{d}: links no section of docs/openapi-support.md"),
        }
    }
    assert!(linked >= 14, "the document raises every kind: {diagnostics:#?}");
}

#[test]
fn every_section_the_sources_link_exists() {
    let anchors = anchors();
    let mut found = Vec::new();
    for dir in ["crates/oagen-spec/src", "crates/oagen-ir/src", "crates/oagen-rust/src", "crates/oagen/src"] {
        collect(&repo_root().join(dir), &mut found);
    }
    assert!(found.len() >= 10, "{found:?}");
    for (file, anchor) in found {
        assert!(anchors.contains(&anchor), "{file}: .see(\"{anchor}\") has no section in docs/openapi-support.md");
    }
}

/// Every literal `.see("anchor")` under `dir`.
fn collect(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("a source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            for rest in text.split(".see(\"").skip(1) {
                if let Some(anchor) = rest.split('"').next() {
                    out.push((path.display().to_string(), anchor.to_owned()));
                }
            }
        }
    }
}

/// Two templates of one shape, and the same method on both: both diagnostics link the section that says what a
/// server does with them (one route; the second operation of a method generated for the client, never routed).
#[test]
fn same_shape_paths_link_their_section() {
    let spec = r#"{
      "openapi": "3.0.3",
      "info": {"title": "t", "version": "1"},
      "paths": {
        "/items/{id}": {"get": {"operationId": "getItem", "responses": {"200": {"description": "ok"}}}},
        "/items/{itemId}": {
          "get": {"operationId": "getItemTwice", "responses": {"200": {"description": "ok"}}},
          "delete": {"operationId": "deleteItem", "responses": {"204": {"description": "gone"}}}
        }
      }
    }"#;
    let diagnostics = oagen::check(&oagen::Source::new("shapes.json", spec.to_owned()));
    let linked: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.note.as_deref().unwrap_or_default().contains("openapi-support.md#path-templates"))
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(linked, ["/paths/~1items~1{itemId}", "/paths/~1items~1{itemId}/get"], "{diagnostics:#?}");
    assert!(anchors().iter().any(|a| a == "path-templates"));
}
