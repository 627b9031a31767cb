//! A spec's own examples, found and checked against their schemas with the generator's rules: `example` and
//! `examples` of schemas (at any depth), and of parameters, headers and media types (`examples` of Example Objects,
//! `$ref`s to `#/components/examples` followed; `externalValue` is not fetched).
//!
//! The rules are the ones the generated code is written from: `nullable` (3.0) and `type: [.., "null"]` (3.1) as
//! normalised, `enum` and `const`, the JSON types (an integer is a number; `1.0` is an integer), `required`,
//! `additionalProperties: false`, `items`, `allOf` (all), `anyOf` (at least one), `oneOf` (exactly one, or the
//! member the discriminator names), the `date-time`, `date` and `uuid` formats the models type, and the length,
//! range and item-count keywords. `pattern` is not checked (no regular expressions here), nor formats the models
//! hold as plain strings.

use oagen_runtime::formats::Format;
use oagen_spec::{Additional, JsonType, Pointer, Schema, Spec};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Deeper than this, a value is not checked further (a guard against values nested without end).
const MAX_DEPTH: usize = 128;

/// One example of the spec.
#[derive(Debug, Clone)]
pub struct Example {
    /// Where the value is (`/components/schemas/Pet/example`, `.../examples/cat/value`).
    pub pointer: Pointer,
    /// The schema it is an example of.
    pub schema: Pointer,
    /// The schema that defines its type: `schema`, or the target of the reference `schema` is.
    pub defined_at: Pointer,
    /// The value.
    pub value: Value,
    /// `Err` with the reason (and where in the value) when the schema refuses the value.
    pub verdict: Result<(), String>,
    /// Where the value has a property its schema neither lists nor allows by `additionalProperties` (allowed, as
    /// `additionalProperties` is not written, but held by no generated field: often a misspelt name).
    pub unlisted: Vec<String>,
}

/// Every example of the spec, in document order of the schemas and operations, each checked.
pub fn examples(spec: &Spec) -> Vec<Example> {
    let mut schemas: HashMap<&Pointer, &Schema> = spec.schemas.iter().map(|(_, s)| (&s.pointer, s)).collect();
    for (p, s) in &spec.referenced {
        schemas.entry(p).or_insert(s);
    }
    let mut finder = Finder { spec, schemas, seen: HashSet::new(), found: Vec::new() };
    for (_, s) in &spec.schemas {
        finder.schema(s);
    }
    let operations = spec.operations.iter().chain(spec.callbacks.iter().map(|c| &c.operation));
    for op in operations {
        for p in &op.parameters {
            finder.holder(&p.pointer, &p.schema);
        }
        for m in op.request_body.iter().flat_map(|b| &b.content) {
            finder.holder(&m.pointer, &m.schema);
        }
        for r in &op.responses {
            for m in &r.content {
                finder.holder(&m.pointer, &m.schema);
            }
            for h in &r.headers {
                finder.holder(&h.pointer, &h.schema);
            }
        }
    }
    let mut referenced: Vec<&Schema> = spec.referenced.values().collect();
    referenced.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    for s in referenced {
        finder.schema(s);
    }
    finder.found
}

struct Finder<'s> {
    spec: &'s Spec,
    schemas: HashMap<&'s Pointer, &'s Schema>,
    seen: HashSet<Pointer>,
    found: Vec<Example>,
}

impl<'s> Finder<'s> {
    /// The examples of a parameter, header or media type (`example`, `examples` of Example Objects), then its
    /// schema's.
    fn holder(&mut self, at: &Pointer, schema: &'s Schema) {
        if let Some(Value::Object(raw)) = at.resolve(&self.spec.root) {
            if let Some(v) = raw.get("example") {
                self.push(at.push("example"), schema, v.clone());
            }
            if let Some(Value::Object(named)) = raw.get("examples") {
                for (name, example) in named {
                    let mut here = at.push("examples").push(name);
                    let mut example = example;
                    // An Example Object may be a reference to `#/components/examples/..`.
                    if let Some(target) = example.get("$ref").and_then(Value::as_str).and_then(Pointer::from_local_ref)
                    {
                        match target.resolve(&self.spec.root) {
                            Some(resolved) => (here, example) = (target, resolved),
                            None => continue,
                        }
                    }
                    if let Some(v) = example.get("value") {
                        self.push(here.push("value"), schema, v.clone());
                    }
                }
            }
        }
        self.schema(schema);
    }

    /// The examples of a schema and of the schemas inside it.
    fn schema(&mut self, s: &'s Schema) {
        if !self.seen.insert(s.pointer.clone()) {
            return;
        }
        if let Some(Value::Object(raw)) = s.pointer.resolve(&self.spec.root) {
            if let Some(v) = raw.get("example") {
                self.push(s.pointer.push("example"), s, v.clone());
            }
            if let Some(Value::Array(values)) = raw.get("examples") {
                for (i, v) in values.iter().enumerate() {
                    self.push(s.pointer.push("examples").index(i), s, v.clone());
                }
            }
        }
        for (_, p) in &s.properties {
            self.schema(p);
        }
        if let Some(items) = &s.items {
            self.schema(items);
        }
        if let Additional::Schema(a) = &s.additional {
            self.schema(a);
        }
        for m in s.all_of.iter().chain(&s.any_of).chain(&s.one_of) {
            self.schema(m);
        }
    }

    fn push(&mut self, pointer: Pointer, schema: &Schema, value: Value) {
        let checker = Checker { schemas: &self.schemas, unlisted: std::cell::RefCell::new(Vec::new()) };
        let mut at = String::new();
        let verdict = checker.check(&value, schema, &mut at, 0);
        let defined_at = checker.defined_at(schema).pointer.clone();
        let mut unlisted = checker.unlisted.into_inner();
        unlisted.sort();
        unlisted.dedup();
        self.found.push(Example { pointer, schema: schema.pointer.clone(), defined_at, value, verdict, unlisted });
    }
}

/// Checks values against normalised schemas, following local references.
pub struct Checker<'s> {
    schemas: &'s HashMap<&'s Pointer, &'s Schema>,
    /// Where the value has properties no generated field holds (see [`Example::unlisted`]).
    unlisted: std::cell::RefCell<Vec<String>>,
}

impl<'s> Checker<'s> {
    /// The schema a reference names, when it is one this spec defines.
    fn target(&self, r: &str) -> Option<&'s Schema> {
        self.schemas.get(&Pointer::from_local_ref(r)?).copied()
    }

    /// `s`, or the schema its reference (chain) ends at, when `s` is only a reference.
    fn defined_at<'a>(&self, s: &'a Schema) -> &'a Schema
    where
        's: 'a,
    {
        let mut s = s;
        for _ in 0..16 {
            match s.reference.as_deref().filter(|_| !s.has_structure()).and_then(|r| self.target(r)) {
                Some(t) => s = t,
                None => break,
            }
        }
        s
    }

    /// Adds the property names `s` lists (through references and `allOf`) to `names`; whether it allows others.
    fn listed<'a>(&'a self, s: &'a Schema, names: &mut HashSet<&'a str>, depth: usize) -> bool {
        if depth > 32 {
            return true;
        }
        names.extend(s.properties.iter().map(|(n, _)| n.as_str()));
        let mut open = !matches!(s.additional, Additional::Unspecified | Additional::Forbidden)
            || !s.any_of.is_empty()
            || !s.one_of.is_empty();
        if let Some(t) = s.reference.as_deref().and_then(|r| self.target(r)) {
            open |= self.listed(t, names, depth + 1);
        }
        for m in &s.all_of {
            open |= self.listed(m, names, depth + 1);
        }
        open
    }

    /// Whether `value` is valid for `s`; the reason, at its place in the value (`/items/0/id`), when not.
    fn check(&self, value: &Value, s: &Schema, at: &mut String, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        if let Some(r) = &s.reference {
            if let Some(t) = self.target(r) {
                self.check(value, t, at, depth + 1)?;
            }
        }
        if s.never {
            return Err(fail(at, "no value is allowed here"));
        }
        if !s.all_of.is_empty() {
            // The members' properties are one object's: what none of them lists is unlisted, not what one does not.
            let before = self.unlisted.borrow().len();
            for m in &s.all_of {
                self.check(value, m, at, depth + 1)?;
            }
            self.unlisted.borrow_mut().truncate(before);
            if let Value::Object(map) = value {
                let mut names = HashSet::new();
                if !self.listed(s, &mut names, 0) {
                    for k in map.keys().filter(|k| !names.contains(k.as_str())) {
                        self.unlisted.borrow_mut().push(format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")));
                    }
                }
            }
        }
        self.check_union(value, s, at, depth)?;
        if value.is_null() {
            let typed = !s.types.is_empty() || s.enum_values.is_some();
            return if typed && !s.nullable { Err(fail(at, "null is not allowed")) } else { Ok(()) };
        }
        if let Some(values) = &s.enum_values {
            if !values.iter().any(|v| same(v, value)) {
                return Err(fail(at, &format!("{} is not one of the listed values", short(value))));
            }
        }
        if !s.types.is_empty() && !s.types.iter().any(|t| is_of(value, *t)) {
            let names: Vec<&str> = s.types.iter().map(|t| type_name(*t)).collect();
            return Err(fail(at, &format!("{} is not of type {}", short(value), names.join(" or "))));
        }
        match value {
            Value::String(text) => self.check_string(text, s, at),
            Value::Number(n) => check_number(n.as_f64().unwrap_or_default(), s, at),
            Value::Array(items) => self.check_array(items, s, at, depth),
            Value::Object(map) => self.check_object(map, s, at, depth),
            _ => Ok(()),
        }
    }

    fn check_union(&self, value: &Value, s: &Schema, at: &mut String, depth: usize) -> Result<(), String> {
        let members = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        if members.is_empty() {
            return Ok(());
        }
        // The member a discriminator names.
        if let (Some(d), Some(tag)) =
            (&s.discriminator, value.get(s.discriminator.as_ref().map_or("", |d| &d.property)))
        {
            let tag = tag.as_str().unwrap_or_default();
            let named = d.mapping.iter().find(|(v, _)| v == tag).map(|(_, r)| r.as_str());
            let by_name = |m: &&Schema| {
                m.reference.as_deref().is_some_and(|r| named.map_or(r.rsplit('/').next() == Some(tag), |n| n == r))
            };
            if let Some(m) = members.iter().find(by_name) {
                return self.check(value, m, at, depth + 1);
            }
        }
        let mut first_reason = None;
        let mut accepted = 0;
        for m in members {
            let before = self.unlisted.borrow().len();
            match self.check(value, m, &mut at.clone(), depth + 1) {
                Ok(()) => accepted += 1,
                Err(e) => {
                    self.unlisted.borrow_mut().truncate(before);
                    first_reason.get_or_insert(e);
                }
            }
        }
        let keyword = if s.one_of.is_empty() { "anyOf" } else { "oneOf" };
        match accepted {
            0 => Err(fail(
                at,
                &format!("no `{keyword}` member takes the value (the first: {})", first_reason.unwrap_or_default()),
            )),
            1 => Ok(()),
            n if keyword == "oneOf" && n > 1 => Err(fail(at, &format!("{n} `oneOf` members take the value, not one"))),
            _ => Ok(()),
        }
    }

    fn check_string(&self, text: &str, s: &Schema, at: &str) -> Result<(), String> {
        let format = match s.format.as_deref() {
            Some("date-time") => Format::DateTime,
            Some("date") => Format::Date,
            Some("uuid") => Format::Uuid,
            _ => Format::None,
        };
        if !format.accepts(text) {
            return Err(fail(at, &format!("{} is not a valid `{}`", short_str(text), format.keyword().unwrap_or(""))));
        }
        let len = text.chars().count() as u64;
        let c = &s.constraints;
        if c.min_length.is_some_and(|m| len < m) || c.max_length.is_some_and(|m| len > m) {
            return Err(fail(at, &format!("{} has {len} characters, outside the allowed length", short_str(text))));
        }
        Ok(())
    }

    fn check_array(&self, items: &[Value], s: &Schema, at: &mut String, depth: usize) -> Result<(), String> {
        let (n, c) = (items.len() as u64, &s.constraints);
        if c.min_items.is_some_and(|m| n < m) || c.max_items.is_some_and(|m| n > m) {
            return Err(fail(at, &format!("{n} items, outside the allowed count")));
        }
        if let Some(item) = &s.items {
            for (i, v) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                self.check(v, item, at, depth + 1)?;
                at.truncate(len);
            }
        }
        Ok(())
    }

    fn check_object(
        &self,
        map: &serde_json::Map<String, Value>,
        s: &Schema,
        at: &mut String,
        depth: usize,
    ) -> Result<(), String> {
        if let Some(missing) = s.required.iter().find(|r| !map.contains_key(*r)) {
            return Err(fail(at, &format!("required property `{missing}` is missing")));
        }
        for (k, v) in map {
            let len = at.len();
            at.push('/');
            at.push_str(&k.replace('~', "~0").replace('/', "~1"));
            match s.properties.iter().find(|(name, _)| name == k) {
                Some((_, p)) => self.check(v, p, at, depth + 1)?,
                None => match &s.additional {
                    Additional::Forbidden => return Err(fail(at, "a property `additionalProperties: false` forbids")),
                    Additional::Schema(a) => self.check(v, a, at, depth + 1)?,
                    Additional::Any => {}
                    // Members of a composition hold their own properties; only a plain object's are unlisted.
                    Additional::Unspecified => {
                        if s.all_of.is_empty() && s.any_of.is_empty() && s.one_of.is_empty() && s.reference.is_none() {
                            self.unlisted.borrow_mut().push(at.clone());
                        }
                    }
                },
            }
            at.truncate(len);
        }
        Ok(())
    }
}

fn check_number(n: f64, s: &Schema, at: &str) -> Result<(), String> {
    let c = &s.constraints;
    let below = c.minimum.is_some_and(|m| if c.exclusive_minimum { n <= m } else { n < m });
    let above = c.maximum.is_some_and(|m| if c.exclusive_maximum { n >= m } else { n > m });
    if below || above {
        return Err(fail(at, &format!("{n} is outside the allowed range")));
    }
    Ok(())
}

/// Whether `value` is of JSON type `t` (an integer is a number, and a number without a fraction an integer).
fn is_of(value: &Value, t: JsonType) -> bool {
    match (t, value) {
        (JsonType::String, Value::String(_))
        | (JsonType::Boolean, Value::Bool(_))
        | (JsonType::Object, Value::Object(_))
        | (JsonType::Array, Value::Array(_))
        | (JsonType::Number, Value::Number(_)) => true,
        (JsonType::Integer, Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::String => "string",
        JsonType::Number => "number",
        JsonType::Integer => "integer",
        JsonType::Boolean => "boolean",
        JsonType::Object => "object",
        JsonType::Array => "array",
    }
}

/// Equal as JSON values (numbers by value: `1` and `1.0` are one number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn fail(at: &str, reason: &str) -> String {
    if at.is_empty() {
        reason.to_owned()
    } else {
        format!("at `{at}`: {reason}")
    }
}

/// A value as a diagnostic quotes it: at most 60 characters.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}..", &text[..i]),
        None => text,
    }
}

fn short_str(text: &str) -> String {
    short(&Value::String(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn load(doc: Value) -> Spec {
        let source = oagen_spec::Source {
            name: "t.json".into(),
            path: None,
            text: doc.to_string(),
            format: oagen_spec::Format::Json,
        };
        let (spec, diags) = oagen_spec::load(&source);
        spec.unwrap_or_else(|| panic!("{diags:?}"))
    }

    #[test]
    fn every_kind_of_example_is_found_and_judged() {
        let spec = load(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "schema": {"type": "string", "format": "uuid"}, "example": "not-a-uuid"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Pet"},
                    "examples": {
                        "cat": {"value": {"name": "Tom", "age": 3}},
                        "shared": {"$ref": "#/components/examples/Dog"},
                        "far": {"externalValue": "https://example.com/x.json"}
                    }
                }}}}
            }}},
            "components": {
                "schemas": {"Pet": {
                    "type": "object", "required": ["name"], "additionalProperties": false,
                    "properties": {
                        "name": {"type": "string", "example": "Rex"},
                        "age": {"type": "integer", "minimum": 0},
                        "born": {"type": "string", "format": "date-time", "nullable": true, "example": null}
                    },
                    "example": {"name": "Rex", "age": 1.0}
                }},
                "examples": {"Dog": {"value": {"name": "Fido", "colour": "brown"}}}
            }
        }));
        let found = examples(&spec);
        let verdicts: Vec<(&str, bool)> = found.iter().map(|e| (e.pointer.as_str(), e.verdict.is_ok())).collect();
        assert_eq!(
            verdicts,
            [
                ("/components/schemas/Pet/example", true),
                ("/components/schemas/Pet/properties/name/example", true),
                ("/components/schemas/Pet/properties/born/example", true),
                ("/paths/~1pets~1{id}/get/parameters/0/example", false),
                ("/paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/cat/value", true),
                ("/components/examples/Dog/value", false),
            ]
        );
        assert_eq!(found[4].unlisted, Vec::<String>::new());
        let dog = &found[5];
        assert_eq!(dog.verdict.as_ref().unwrap_err(), "at `/colour`: a property `additionalProperties: false` forbids");
        assert_eq!(dog.defined_at.as_str(), "/components/schemas/Pet");
        assert!(found[3].verdict.as_ref().unwrap_err().contains("is not a valid `uuid`"));
    }

    #[test]
    fn properties_no_field_holds_are_listed_and_all_of_members_share_theirs() {
        let spec = load(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
                "User": {
                    "allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"name": {"type": "string"}}}],
                    "example": {"id": "1", "name": "n", "nmae": "typo"}
                },
                "Wrapper": {
                    "type": "object",
                    "properties": {"User": {"$ref": "#/components/schemas/Base"}},
                    "example": {"user": {"id": "1"}, "User": {"id": "2", "extra": 1}}
                }
            }}
        }));
        let found = examples(&spec);
        let unlisted: Vec<(&str, Vec<String>)> =
            found.iter().map(|e| (e.pointer.as_str(), e.unlisted.clone())).collect();
        assert_eq!(
            unlisted,
            [
                ("/components/schemas/User/example", vec!["/nmae".to_owned()]),
                ("/components/schemas/Wrapper/example", vec!["/User/extra".to_owned(), "/user".to_owned()]),
            ]
        );
        assert!(found.iter().all(|e| e.verdict.is_ok()), "allowed: additionalProperties is not written");
    }

    #[test]
    fn unions_nullability_and_numbers_follow_the_generators_rules() {
        let spec = load(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Id": {"oneOf": [{"type": "string"}, {"type": "integer"}], "examples": ["a", 1, 2.0, true]},
                "Both": {"oneOf": [{"type": "number"}, {"type": "integer"}], "examples": [1.5, 2]},
                "Maybe": {"type": ["string", "null"], "examples": [null, "x"]},
                "Never": {"type": "string", "examples": [null]},
                "Level": {"const": 2, "examples": [2, 2.0, 3]}
            }}
        }));
        let verdicts: Vec<(String, bool)> =
            examples(&spec).iter().map(|e| (e.pointer.as_str().to_owned(), e.verdict.is_ok())).collect();
        let expect = |p: &str, i: usize| format!("/components/schemas/{p}/examples/{i}");
        assert_eq!(
            verdicts,
            [
                (expect("Id", 0), true),
                (expect("Id", 1), true),
                (expect("Id", 2), true),
                (expect("Id", 3), false),
                (expect("Both", 0), true),
                (expect("Both", 1), false),
                (expect("Maybe", 0), true),
                (expect("Maybe", 1), true),
                (expect("Never", 0), false),
                (expect("Level", 0), true),
                (expect("Level", 1), true),
                (expect("Level", 2), false),
            ]
        );
    }
}
