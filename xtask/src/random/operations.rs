//! Random operations: parameters in every location and style, bodies of every media type the emitters handle, and
//! responses of every kind (JSON, empty, text, bytes, server-sent events, a `default`).

use super::rng::Rng;
use super::schemas::{object, scalar, schema, string_enum, Unit};
use serde_json::{json, Map, Value};

/// Parameter names, odd ones included (each operation keeps one of each name and location).
const PARAMETERS: &[&str] =
    &["limit", "type", "self", "page-size", "page_size", "X-Request-Id", "fields[]", "filter", "q", "async", "1st"];

/// A parameter schema for `style`: what that style can serialise.
fn parameter_schema(unit: &Unit, style: &str, rng: &mut Rng) -> Value {
    match style {
        "deepObject" => object(unit, 0, rng),
        "spaceDelimited" | "pipeDelimited" => json!({"type": "array", "items": scalar(rng)}),
        _ => match rng.below(5) {
            0 => string_enum(rng),
            1 => json!({"type": "array", "items": {"type": "string"}}),
            _ => scalar(rng),
        },
    }
}

/// The query, header and cookie parameters of one operation.
fn parameters(unit: &Unit, rng: &mut Rng) -> Vec<Value> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for _ in 0..rng.below(6) {
        let name = *rng.pick(PARAMETERS);
        let location = *rng.pick(&["query", "query", "header", "cookie"]);
        if seen.contains(&(name, location)) {
            continue;
        }
        seen.push((name, location));
        let style = match location {
            "query" => *rng.pick(&["form", "form", "spaceDelimited", "pipeDelimited", "deepObject"]),
            "header" => "simple",
            _ => "form",
        };
        let mut parameter = json!({
            "name": name,
            "in": location,
            "required": rng.chance(30),
            "schema": parameter_schema(unit, style, rng),
        });
        if location == "query" {
            parameter["style"] = json!(style);
            parameter["explode"] = json!(style == "deepObject" || rng.chance(50));
        }
        out.push(parameter);
    }
    out
}

/// A request body of a random media type.
fn body(unit: &Unit, rng: &mut Rng) -> Value {
    let content = match rng.below(7) {
        0..=2 => json!({"application/json": {"schema": schema(unit, 2, rng)}}),
        3 => json!({"application/x-www-form-urlencoded": {"schema": object(unit, 0, rng)}}),
        4 => {
            let mut form = object(unit, 0, rng);
            form["properties"]["file"] = json!({"type": "string", "format": "binary"});
            json!({"multipart/form-data": {"schema": form}})
        }
        5 => json!({"text/plain": {"schema": {"type": "string"}}}),
        _ => json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}),
    };
    json!({"required": rng.chance(50), "content": content})
}

/// The responses of one operation: a success of a random kind, and sometimes errors and a `default`.
fn responses(unit: &Unit, rng: &mut Rng) -> Value {
    let mut responses = Map::new();
    let success = match rng.below(8) {
        0 => json!({"description": "No content"}),
        1 => json!({"description": "Text", "content": {"text/plain": {"schema": {"type": "string"}}}}),
        2 => {
            json!({"description": "Bytes", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}})
        }
        3 => json!({"description": "Events", "content": {"text/event-stream": {"schema": unit.reference(rng)}}}),
        _ => json!({"description": "JSON", "content": {"application/json": {"schema": schema(unit, 2, rng)}}}),
    };
    let status = if success.get("content").is_none() { "204" } else { *rng.pick(&["200", "200", "201", "202"]) };
    responses.insert(status.to_owned(), success);
    if rng.chance(50) {
        let error = json!({"description": "Error", "content": {"application/json": {"schema": unit.reference(rng)}}});
        responses.insert((*rng.pick(&["400", "404", "409", "422", "4XX"])).to_owned(), error);
    }
    if rng.chance(30) {
        let error = json!({"description": "Other", "content": {"application/json": {"schema": object(unit, 0, rng)}}});
        responses.insert("default".to_owned(), error);
    }
    Value::Object(responses)
}

/// The paths of one unit: a collection and an item path, with path parameters in every style.
pub fn paths(unit: &Unit, count: usize, rng: &mut Rng) -> Map<String, Value> {
    let mut paths = Map::new();
    let u = unit.index;
    for i in 0..count {
        let (template, path_parameters) = match rng.below(4) {
            0 => (format!("/u{u}/op{i}"), Vec::new()),
            1 => (format!("/u{u}/op{i}/{{id}}"), vec![path_parameter("id", "simple", rng)]),
            2 => (
                format!("/u{u}/op{i}/{{item-id}}/sub/{{type}}"),
                vec![path_parameter("item-id", "simple", rng), path_parameter("type", "simple", rng)],
            ),
            _ => (format!("/u{u}/op{i}/{{id}}.json"), vec![path_parameter("id", "simple", rng)]),
        };
        let mut item = Map::new();
        let methods = ["get", "put", "post", "patch", "delete"];
        for m in 0..1 + rng.below(3) {
            let method = methods[(i + m * 2) % methods.len()];
            if item.contains_key(method) {
                continue;
            }
            let mut operation = json!({
                "operationId": format!("{}U{u}Op{i}{m}", rng.pick(&["list", "get", "update", "do-thing", "type", "self"])),
                "tags": [rng.pick(&["pets", "Pets", "store", "self", "a b"])],
                "parameters": path_parameters.iter().cloned().chain(parameters(unit, rng)).collect::<Vec<_>>(),
                "responses": responses(unit, rng),
            });
            if method != "get" && method != "delete" && rng.chance(80) {
                operation["requestBody"] = body(unit, rng);
            }
            if rng.chance(20) {
                operation["deprecated"] = json!(true);
            }
            item.insert(method.to_owned(), operation);
        }
        paths.insert(template, Value::Object(item));
    }
    paths
}

fn path_parameter(name: &str, style: &str, rng: &mut Rng) -> Value {
    let schema = match rng.below(4) {
        0 => json!({"type": "integer", "format": "int64"}),
        1 => json!({"type": "string", "format": "uuid"}),
        2 => string_enum(rng),
        _ => json!({"type": "string"}),
    };
    json!({"name": name, "in": "path", "required": true, "style": style, "schema": schema})
}
