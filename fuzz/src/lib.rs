//! The structure-aware part of the fuzzer: valid OpenAPI documents (the seeds in `fuzz/seeds/`) mutated as JSON
//! trees with OpenAPI's own vocabulary, so that the generator's later stages (normalisation, lowering, naming,
//! emission) see inputs that get past the parser: `$ref` cycles, deep nesting, odd names, wrong types in the right
//! places.

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::OnceLock;

/// The seed documents, parsed once, in file-name order.
pub fn seeds() -> &'static [Value] {
    static SEEDS: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut paths: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
        paths.sort();
        paths.iter().filter_map(|p| oagen::Source::new("seed", std::fs::read_to_string(p).ok()?).parse().ok()).collect()
    })
}

const KEYS: &[&str] = &[
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "type",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "discriminator",
    "propertyName",
    "mapping",
    "enum",
    "const",
    "format",
    "default",
    "readOnly",
    "writeOnly",
    "description",
    "title",
    "example",
    "minimum",
    "maximum",
    "minLength",
    "pattern",
    "prefixItems",
    "$defs",
    "components",
    "schemas",
    "paths",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "application/json",
    "text/plain",
    "multipart/form-data",
    "schema",
    "in",
    "name",
    "style",
    "explode",
    "operationId",
    "summary",
    "tags",
    "security",
    "securitySchemes",
    "servers",
    "url",
    "variables",
    "webhooks",
    "callbacks",
    "openapi",
    "info",
    "version",
    "get",
    "post",
    "patch",
    "put",
    "delete",
    "200",
    "4XX",
    "default",
    "deprecated",
    "headers",
    "allowReserved",
    "x-nullable",
    "scheme",
    "bearerFormat",
    "flows",
];

const STRINGS: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "null",
    "int32",
    "int64",
    "uint32",
    "uint64",
    "date-time",
    "date",
    "uuid",
    "binary",
    "byte",
    "email",
    "3.0.3",
    "3.1.0",
    "3.2.0",
    "2.0",
    "path",
    "query",
    "header",
    "cookie",
    "form",
    "simple",
    "deepObject",
    "spaceDelimited",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "fn",
    "mod",
    "",
    "0",
    "1a",
    "-",
    "_",
    "__",
    "über",
    "a b",
    "a-b",
    "A",
    "a",
    "#/components/schemas/",
    "#/",
    "#",
    "#/paths",
    "../other.yaml#/a",
    "other.yaml",
    "{id}",
    "/a/{b}/{b}",
    "/",
    "http",
    "bearer",
    "apiKey",
    "Unrecognized",
    "Tristate",
    "Option",
    "Box",
    "Vec",
    "String",
    "serde",
    "\"",
    "\\",
    "*/",
    "/*",
    "\n",
    "\u{0}",
    "#[cfg(x)]",
    "}",
    "{",
    "`",
    "🦀",
];

/// Applies a few mutations chosen by `u` to a copy of a seed and returns the document text (JSON or YAML).
pub fn mutated_document(u: &mut Unstructured<'_>) -> Result<String> {
    let all = seeds();
    if all.is_empty() {
        return Err(arbitrary::Error::NotEnoughData);
    }
    let mut doc = all[u.choose_index(all.len())?].clone();
    let rounds = u.int_in_range(1..=8)?;
    for _ in 0..rounds {
        if u.is_empty() {
            break;
        }
        mutate(&mut doc, u)?;
    }
    let text = if u.arbitrary::<bool>()? {
        serde_json::to_string_pretty(&doc).map_err(|_| arbitrary::Error::IncorrectFormat)?
    } else {
        serde_yaml::to_string(&doc).map_err(|_| arbitrary::Error::IncorrectFormat)?
    };
    // Keep executions fast: a document that grew past a few megabytes says nothing new.
    if text.len() > 4 << 20 {
        return Err(arbitrary::Error::IncorrectFormat);
    }
    Ok(text)
}

fn mutate(doc: &mut Value, u: &mut Unstructured<'_>) -> Result<()> {
    let pointers = object_pointers(doc);
    let donor = {
        let p = &pointers[u.choose_index(pointers.len())?];
        doc.pointer(p).cloned().unwrap_or(Value::Null)
    };
    let target_ref = format!("#{}", pointers[u.choose_index(pointers.len())?]);
    let mut path = Vec::new();
    let node = descend(doc, u, &mut path)?;
    let here = format!("#{}", path.iter().map(|t| format!("/{}", escape(t))).collect::<String>());
    match u.int_in_range(0..=9)? {
        0 => *node = value(u, &pointers)?,
        1 => {
            if let Value::Object(map) = node {
                if !map.is_empty() {
                    let i = u.choose_index(map.len())?;
                    let key = map.keys().nth(i).cloned().unwrap_or_default();
                    map.shift_remove(&key);
                }
            }
        }
        2 => {
            let key = (*u.choose(KEYS)?).to_owned();
            let v = value(u, &pointers)?;
            as_object(node).insert(key, v);
        }
        3 => {
            if let Value::Object(map) = node {
                if !map.is_empty() {
                    let i = u.choose_index(map.len())?;
                    let key = map.keys().nth(i).cloned().unwrap_or_default();
                    if let Some(v) = map.shift_remove(&key) {
                        let name = name(u)?;
                        map.insert(name, v);
                    }
                }
            }
        }
        4 => *node = donor,
        5 => {
            // Deep nesting, past every depth guard.
            let depth = u.int_in_range(1..=400)?;
            let how = u.int_in_range(0..=4)?;
            let mut v = std::mem::take(node);
            for _ in 0..depth {
                v = match how {
                    0 => serde_json::json!({"type": "array", "items": v}),
                    1 => serde_json::json!({"allOf": [v]}),
                    2 => serde_json::json!({"type": "object", "properties": {"a": v}}),
                    3 => serde_json::json!({"oneOf": [v, {"type": "string"}]}),
                    _ => serde_json::json!({"additionalProperties": v}),
                };
            }
            *node = v;
        }
        6 => {
            // A `$ref` to the node itself or to a random place: cycles, refs into non-schemas.
            let r = if u.arbitrary::<bool>()? { here } else { target_ref };
            let obj = as_object(node);
            if u.arbitrary::<bool>()? {
                obj.clear();
            }
            obj.insert("$ref".to_owned(), Value::String(r));
        }
        7 => {
            // Breadth: many copies of one child under new names.
            if let Value::Object(map) = node {
                let i = u.choose_index(map.len().max(1)).unwrap_or(0);
                if let Some(v) = map.values().nth(i).cloned() {
                    for i in 0..u.int_in_range(1..=64)? {
                        map.insert(format!("{}{i}", name(u)?), v.clone());
                    }
                }
            }
        }
        8 => {
            let items: Vec<Value> = (0..u.int_in_range(0..=4)?).map(|_| value(u, &pointers)).collect::<Result<_>>()?;
            let key = *u.choose(&["allOf", "oneOf", "anyOf", "enum", "required", "type", "prefixItems"])?;
            as_object(node).insert(key.to_owned(), Value::Array(items));
        }
        _ => {
            let n = name(u)?;
            let v = value(u, &pointers)?;
            as_object(node).insert(n, v);
        }
    }
    Ok(())
}

/// Walks down from `v` to a node chosen by `u`, recording the path.
fn descend<'v>(v: &'v mut Value, u: &mut Unstructured<'_>, path: &mut Vec<String>) -> Result<&'v mut Value> {
    let stop = u.ratio(1, 6)?;
    let len = match &*v {
        Value::Object(m) => m.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if stop || len == 0 {
        return Ok(v);
    }
    let i = u.choose_index(len)?;
    match v {
        Value::Object(m) => {
            let (k, child) = m.iter_mut().nth(i).ok_or(arbitrary::Error::IncorrectFormat)?;
            path.push(k.clone());
            descend(child, u, path)
        }
        Value::Array(a) => {
            path.push(i.to_string());
            descend(&mut a[i], u, path)
        }
        _ => Ok(v),
    }
}

fn as_object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn object_pointers(doc: &Value) -> Vec<String> {
    fn walk(v: &Value, here: &mut String, out: &mut Vec<String>) {
        if out.len() >= 4096 {
            return;
        }
        match v {
            Value::Object(m) => {
                out.push(here.clone());
                for (k, child) in m {
                    let len = here.len();
                    here.push('/');
                    here.push_str(&escape(k));
                    walk(child, here, out);
                    here.truncate(len);
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    let len = here.len();
                    here.push_str(&format!("/{i}"));
                    walk(child, here, out);
                    here.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut String::new(), &mut out);
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=3)? {
        0 => (*u.choose(STRINGS)?).to_owned(),
        1 => (*u.choose(KEYS)?).to_owned(),
        2 => {
            let unit = *u.choose(&["a", "A", "_", "9", "é", "-", " ", "Type"])?;
            unit.repeat(u.int_in_range(1..=10_000)?)
        }
        _ => u.arbitrary::<String>()?,
    })
}

fn value(u: &mut Unstructured<'_>, pointers: &[String]) -> Result<Value> {
    Ok(match u.int_in_range(0..=11)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(*u.choose(&[0i64, 1, -1, i64::MAX, i64::MIN, 200, 404, 1 << 53])?),
        3 => serde_json::Number::from_f64(*u.choose(&[0.5f64, -1e308, 1e308, 3.0])?).map_or(Value::Null, Value::Number),
        4 | 5 => Value::String((*u.choose(STRINGS)?).to_owned()),
        6 => Value::String(name(u)?),
        7 => serde_json::json!({"$ref": format!("#{}", pointers[u.choose_index(pointers.len())?])}),
        8 => {
            serde_json::json!({"type": *u.choose(&["string", "integer", "number", "boolean", "object", "array", "null"])?, "nullable": u.arbitrary::<bool>()?})
        }
        9 => Value::Array(vec![
            Value::String((*u.choose(STRINGS)?).to_owned()),
            Value::String((*u.choose(STRINGS)?).to_owned()),
        ]),
        10 => Value::Object(Map::new()),
        _ => Value::Array(Vec::new()),
    })
}
