//! Random schemas of every shape the IR knows: scalars with formats and bounds, enums of odd names, arrays, maps,
//! objects with required, optional, nullable, read-only and write-only properties, references (forward, backward
//! and to themselves, so cycles close), `allOf` chains, `oneOf` with a discriminator and without, `anyOf`.

use super::rng::Rng;
use serde_json::{json, Map, Value};

/// Component names: keywords, names that collide once cased, leading digits and underscores (all valid keys).
const NAMES: &[&str] = &[
    "Pet", "pet", "PET", "pet-kind", "pet_kind", "PetKind", "type", "Self", "self", "crate", "super", "Box", "Option",
    "Result", "String", "1st", "_private", "a.b", "Default", "Vec", "async", "Client", "Error", "Unknown",
];

/// Property names: the same kinds, and ones that only differ by case or punctuation.
const PROPERTIES: &[&str] = &[
    "id",
    "type",
    "self",
    "ref",
    "$ref",
    "fooBar",
    "foo_bar",
    "foo-bar",
    "FooBar",
    "1st",
    "_",
    "__proto__",
    "match",
    "r#type",
    "",
    "a b",
    "unknown_fields",
    "body",
    "kind",
    "value",
    "Value",
    "default",
    "async",
    "ü",
];

/// Enum values: empty, cased twins, punctuation, digits, keywords.
const VALUES: &[&str] =
    &["", "a", "A", "a-b", "a_b", "A_B", "1", "1st", "self", "Self", "type", "in progress", "ü", "-", "+1", "null"];

/// The schemas of one unit of a document.
pub struct Unit {
    /// The unit's index (in every name it makes).
    pub index: usize,
    /// Its component names, in order.
    pub names: Vec<String>,
}

impl Unit {
    /// A unit of `count` component names.
    pub fn new(index: usize, count: usize, rng: &mut Rng) -> Self {
        // One suffix per unit, so that names of one unit collide once cased (`pet-U3`, `PetU3`, `PET-U3`).
        let mut names: Vec<String> = Vec::new();
        for _ in 0..count * 4 {
            if names.len() == count {
                break;
            }
            let name = format!("{}{}U{index}", rng.pick(NAMES), if rng.chance(50) { "-" } else { "" });
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Unit { index, names }
    }

    /// A reference to one of the unit's components (possibly the one being written: a cycle).
    pub fn reference(&self, rng: &mut Rng) -> Value {
        json!({"$ref": format!("#/components/schemas/{}", self.names[rng.below(self.names.len())])})
    }
}

/// Points the references at the top of component `index`'s schema (itself a `$ref`, or a member of its `allOf`,
/// `oneOf` or `anyOf`) at components before it, so that no cycle of references and compositions alone (a schema
/// that never reaches a type, which the generator rightly refuses) is made. Cycles through properties, items and
/// maps stay.
pub fn refer_below(schema: &mut Value, unit: &Unit, index: usize, rng: &mut Rng) {
    let target = |rng: &mut Rng| json!(format!("#/components/schemas/{}", unit.names[rng.below(index)]));
    if schema.get("$ref").is_some() {
        schema["$ref"] = target(rng);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(members) = schema.get_mut(key).and_then(Value::as_array_mut) {
            for member in members.iter_mut().filter(|m| m.get("$ref").is_some()) {
                member["$ref"] = target(rng);
            }
        }
    }
}

/// A random scalar: string (with or without a format), integer, number, boolean.
pub fn scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => json!({"type": "string"}),
        1 => json!({"type": "string", "format": rng.pick(&["date-time", "date", "uuid", "byte", "email", "uri"])}),
        2 => json!({"type": "string", "minLength": 1, "maxLength": 40}),
        3 => json!({"type": "integer", "format": "int32", "minimum": -5, "maximum": 500}),
        4 => json!({"type": "integer", "format": "int64"}),
        5 => json!({"type": "integer", "minimum": 0}),
        6 => json!({"type": "number"}),
        7 => json!({"type": "number", "format": rng.pick(&["float", "double"])}),
        _ => json!({"type": "boolean"}),
    }
}

/// A string enum of 1 to 6 odd values (distinct on the wire).
pub fn string_enum(rng: &mut Rng) -> Value {
    let mut values: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(6) {
        let v = *rng.pick(VALUES);
        if !values.contains(&v) {
            values.push(v);
        }
    }
    json!({"type": "string", "enum": values})
}

/// A random schema, `depth` levels at most: scalars and enums at the leaves.
pub fn schema(unit: &Unit, depth: usize, rng: &mut Rng) -> Value {
    let kind = if depth == 0 { rng.below(3) } else { rng.below(12) };
    let mut schema = match kind {
        0 => scalar(rng),
        1 => string_enum(rng),
        2 => unit.reference(rng),
        3 => json!({"type": "array", "items": schema(unit, depth - 1, rng)}),
        4 => json!({"type": "object", "additionalProperties": schema(unit, depth - 1, rng)}),
        5 => json!({"type": "object", "additionalProperties": true}),
        6 | 7 => object(unit, depth - 1, rng),
        8 => json!({"allOf": [unit.reference(rng), object(unit, depth - 1, rng)]}),
        9 => json!({"oneOf": [schema(unit, depth - 1, rng), schema(unit, depth - 1, rng)]}),
        10 => json!({"anyOf": [scalar(rng), object(unit, depth - 1, rng)]}),
        _ => json!({"type": "array", "items": unit.reference(rng), "minItems": 0}),
    };
    if rng.chance(20) && schema.get("$ref").is_none() {
        schema["nullable"] = json!(true);
    }
    if rng.chance(15) {
        schema["description"] =
            json!(format!("Random schema, depth {depth}. `code`, *emphasis*, <tag> & a [link](x)."));
    }
    schema
}

/// An object of 0 to 6 properties, some required, nullable, read-only or write-only.
pub fn object(unit: &Unit, depth: usize, rng: &mut Rng) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for _ in 0..rng.below(7) {
        let name = *rng.pick(PROPERTIES);
        if properties.contains_key(name) {
            continue;
        }
        let mut property = schema(unit, depth, rng);
        if property.get("$ref").is_none() {
            match rng.below(10) {
                0 => property["readOnly"] = json!(true),
                1 => property["writeOnly"] = json!(true),
                2 => property["default"] = default_for(&property),
                _ => {}
            }
        }
        if rng.chance(40) {
            required.push(name);
        }
        properties.insert(name.to_owned(), property);
    }
    let mut object = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        object["required"] = json!(required);
    }
    if rng.chance(15) {
        object["additionalProperties"] = json!(false);
    }
    object
}

/// A default that fits `schema` where one is easy to give (a default is documentation, never sent).
fn default_for(schema: &Value) -> Value {
    match (schema.get("type").and_then(Value::as_str), schema.get("enum").and_then(Value::as_array)) {
        (_, Some(values)) => values.first().cloned().unwrap_or(Value::Null),
        (Some("string"), None) if schema.get("format").is_none() => json!("x"),
        (Some("integer"), None) => json!(1),
        (Some("number"), None) => json!(1.5),
        (Some("boolean"), None) => json!(false),
        (Some("array"), None) => json!([]),
        _ => Value::Null,
    }
}

/// A union with a discriminator: two to four object members with the tag property required, each a component of
/// its own (`<name>Member<i>`), and a mapping for some of them. Returns the union and its members.
pub fn discriminated(unit: &Unit, name: &str, rng: &mut Rng) -> (Value, Vec<(String, Value)>) {
    let tag = *rng.pick(&["kind", "type", "@type", "object_type"]);
    let mut members = Vec::new();
    let mut mapping = Map::new();
    for i in 0..2 + rng.below(3) {
        let member_name = format!("{name}Member{i}");
        let mut member = object(unit, 1, rng);
        member["properties"][tag] = json!({"type": "string"});
        let mut required: Vec<Value> = member.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
        if !required.iter().any(|r| r == tag) {
            required.push(json!(tag));
        }
        member["required"] = Value::Array(required);
        member.as_object_mut().map(|m| m.remove("additionalProperties"));
        if rng.chance(60) {
            mapping.insert(format!("{}-{i}", rng.pick(VALUES)), json!(format!("#/components/schemas/{member_name}")));
        }
        members.push((member_name, member));
    }
    let refs: Vec<Value> = members.iter().map(|(n, _)| json!({"$ref": format!("#/components/schemas/{n}")})).collect();
    let mut discriminator = json!({"propertyName": tag});
    if !mapping.is_empty() {
        discriminator["mapping"] = Value::Object(mapping);
    }
    (json!({"oneOf": refs, "discriminator": discriminator}), members)
}
