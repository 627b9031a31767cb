//! Synthetic OpenAPI 3.0 documents whose size grows linearly with `n`.
//!
//! Schema `i` has a few scalar properties, an enum, a reference to schema `i / 2` (so references form a tree and
//! every schema is reachable), and every fourth schema is an `allOf` of its predecessor and an inline object.
//! Operation `i` reads schema `i` and updates it with a partial body referencing it.

use serde_json::{json, Map, Value};

/// A document with `n` schemas and `n` operations.
pub fn document(n: usize) -> Value {
    let mut schemas = Map::new();
    for i in 0..n {
        let mut props = Map::new();
        props.insert("id".into(), json!({"type": "string", "format": "uuid"}));
        props.insert(
            "name".into(),
            json!({"type": "string", "nullable": true, "description": format!("Name of item {i}.")}),
        );
        props.insert("count".into(), json!({"type": "integer", "format": "int64"}));
        props.insert("createdAt".into(), json!({"type": "string", "format": "date-time"}));
        props.insert(
            "status".into(),
            json!({"type": "string", "enum": ["active", "in-progress", "archived", format!("custom-{}", i % 7)]}),
        );
        props.insert("tags".into(), json!({"type": "array", "items": {"type": "string"}}));
        if i > 0 {
            props.insert("parent".into(), json!({"$ref": format!("#/components/schemas/Item{}", i / 2)}));
        }
        let object = json!({
            "type": "object",
            "description": format!("Synthetic item {i}."),
            "required": ["id", "count"],
            "properties": Value::Object(props),
        });
        let schema = if i % 4 == 3 {
            json!({"allOf": [{"$ref": format!("#/components/schemas/Item{}", i - 1)}, object]})
        } else {
            object
        };
        schemas.insert(format!("Item{i}"), schema);
    }
    let mut paths = Map::new();
    for i in 0..n {
        let item = format!("#/components/schemas/Item{i}");
        paths.insert(
            format!("/items{i}/{{id}}"),
            json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {
                    "operationId": format!("getItem{i}"),
                    "tags": [format!("group{}", i % 10)],
                    "parameters": [{"name": "expand", "in": "query", "schema": {"type": "boolean"}}],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": item}}}},
                        "404": {"description": "missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                    }
                },
                "patch": {
                    "operationId": format!("updateItem{i}"),
                    "tags": [format!("group{}", i % 10)],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"name": {"type": "string", "nullable": true}, "status": {"type": "string", "enum": ["active", "archived"]}}
                    }}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": item}}}}}
                }
            }),
        );
    }
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}),
    );
    json!({
        "openapi": "3.0.3",
        "info": {"title": format!("Synthetic {n}"), "version": "1.0.0"},
        "paths": Value::Object(paths),
        "components": {"schemas": Value::Object(schemas)},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_is_linear_and_output_deterministic() {
        let small = serde_json::to_string(&document(100)).unwrap_or_default();
        let large = serde_json::to_string(&document(1000)).unwrap_or_default();
        let ratio = large.len() as f64 / small.len() as f64;
        assert!((9.0..11.5).contains(&ratio), "size ratio {ratio}");
        assert_eq!(small, serde_json::to_string(&document(100)).unwrap_or_default());
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document(50);
        let text = serde_json::to_string(&doc).unwrap_or_default();
        for i in 0..50 {
            assert!(doc["components"]["schemas"].get(format!("Item{i}")).is_some());
        }
        assert!(!text.contains("Item50\""));
    }
}
