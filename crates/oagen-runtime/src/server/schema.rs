//! The request schemas of a generated server, as static tables, the check of a JSON value against them, and the
//! reading of a parameter's text as the value its schema expects.
//!
//! A generated crate writes one `static` [`Schema`] per named model type that requests use (references between
//! them are plain `&'static` references, so recursive types need nothing special) and calls [`check`] before
//! deserialising. The check follows JSON Schema: the models stay open to values the spec does not list (for
//! clients), while a server, the authority on its own API, refuses them here.

use serde_json::Value;
use std::fmt::Write as _;

/// A schema as requests are checked against it.
#[derive(Debug)]
pub enum Schema {
    /// Any JSON value, `null` included.
    Any,
    /// A string, with its `format` when one is checked.
    String(Format),
    /// An integer in the range of the Rust type that holds it.
    Integer(IntegerKind),
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array of items of one schema.
    List(Use),
    /// An object used as a map: every value of one schema.
    Map(Use),
    /// An object with known properties.
    Object {
        /// The properties in spec order.
        properties: &'static [Property],
        /// The schema of other properties when `additionalProperties` gives one; `None`: anything goes.
        additional: Option<Use>,
    },
    /// A string enum: only the listed values.
    Enum(&'static [&'static str]),
    /// `oneOf` / `anyOf`.
    Union {
        /// The property whose value picks the member, for tagged unions.
        tag: Option<&'static str>,
        /// The members.
        variants: &'static [Variant],
        /// `oneOf` (exactly one member must match) rather than `anyOf` (at least one).
        exclusive: bool,
    },
}

impl Schema {
    /// Any string.
    pub const STRING: Schema = Schema::String(Format::None);
    /// An RFC 3339 date-time string.
    pub const DATE_TIME: Schema = Schema::String(Format::DateTime);
    /// An RFC 3339 date string.
    pub const DATE: Schema = Schema::String(Format::Date);
    /// A UUID string.
    pub const UUID: Schema = Schema::String(Format::Uuid);
    /// An `i32`.
    pub const I32: Schema = Schema::Integer(IntegerKind::I32);
    /// An `i64`.
    pub const I64: Schema = Schema::Integer(IntegerKind::I64);
    /// A `u32`.
    pub const U32: Schema = Schema::Integer(IntegerKind::U32);
    /// A `u64`.
    pub const U64: Schema = Schema::Integer(IntegerKind::U64);

    /// An object with `properties` and no schema for other properties (anything goes there).
    pub const fn object(properties: &'static [Property]) -> Schema {
        Schema::Object { properties, additional: None }
    }

    /// An array of `items` (`null` not allowed as an item).
    pub const fn list(items: &'static Schema) -> Schema {
        Schema::List(Use::of(items))
    }

    /// An object used as a map of `values` (`null` not allowed as a value).
    pub const fn map(values: &'static Schema) -> Schema {
        Schema::Map(Use::of(values))
    }

    /// An untagged `oneOf`: exactly one of `variants` must match.
    pub const fn one_of(variants: &'static [Variant]) -> Schema {
        Schema::Union { tag: None, variants, exclusive: true }
    }

    /// An untagged `anyOf`: at least one of `variants` must match.
    pub const fn any_of(variants: &'static [Variant]) -> Schema {
        Schema::Union { tag: None, variants, exclusive: false }
    }
}

// The schemas of the primitives, to refer to from generated tables (`&STRING`) and parameters (`&rt::STRING`). A
// generated table names none of its statics like these (its glob import of this module would be shadowed).

/// Any JSON value, `null` included.
pub static ANY: Schema = Schema::Any;
/// Any string.
pub static STRING: Schema = Schema::STRING;
/// An RFC 3339 date-time string.
pub static DATE_TIME: Schema = Schema::DATE_TIME;
/// An RFC 3339 date string.
pub static DATE: Schema = Schema::DATE;
/// A UUID string.
pub static UUID: Schema = Schema::UUID;
/// An `i32`.
pub static I32: Schema = Schema::I32;
/// An `i64`.
pub static I64: Schema = Schema::I64;
/// A `u32`.
pub static U32: Schema = Schema::U32;
/// A `u64`.
pub static U64: Schema = Schema::U64;
/// Any JSON number.
pub static NUMBER: Schema = Schema::Number;
/// `true` or `false`.
pub static BOOLEAN: Schema = Schema::Boolean;

/// A use of a schema: which one, and whether `null` is allowed there.
#[derive(Debug, Clone, Copy)]
pub struct Use {
    /// The schema.
    pub schema: &'static Schema,
    /// Whether `null` is allowed.
    pub nullable: bool,
}

impl From<&'static Schema> for Use {
    fn from(schema: &'static Schema) -> Use {
        Use::of(schema)
    }
}

impl Use {
    /// A use where `null` is not allowed.
    pub const fn of(schema: &'static Schema) -> Use {
        Use { schema, nullable: false }
    }

    /// A use where `null` is allowed too.
    pub const fn or_null(schema: &'static Schema) -> Use {
        Use { schema, nullable: true }
    }
}

/// A property of an object.
#[derive(Debug)]
pub struct Property {
    /// The wire name.
    pub name: &'static str,
    /// Its schema.
    pub schema: Use,
    /// Whether it must be present.
    pub required: bool,
    /// Validation keywords.
    pub constraints: Constraints,
    /// The values an `enum` that is not a string enum allows (e.g. `[true]`); empty: no such `enum`.
    pub allowed: &'static [Literal],
}

impl Property {
    /// A property that must be present (`null` not allowed unless [`Property::or_null`]).
    pub const fn required(name: &'static str, schema: &'static Schema) -> Property {
        Property { name, schema: Use::of(schema), required: true, constraints: Constraints::NONE, allowed: &[] }
    }

    /// A property that may be absent (`null` not allowed unless [`Property::or_null`]).
    pub const fn optional(name: &'static str, schema: &'static Schema) -> Property {
        Property { name, schema: Use::of(schema), required: false, constraints: Constraints::NONE, allowed: &[] }
    }

    /// The same property, where `null` is allowed too.
    pub const fn or_null(self) -> Property {
        Property { schema: Use::or_null(self.schema.schema), ..self }
    }

    /// The same property with validation keywords.
    pub const fn with_constraints(self, constraints: Constraints) -> Property {
        Property { constraints, ..self }
    }

    /// The same property, allowing only `values` (a non-string `enum`).
    pub const fn with_allowed(self, allowed: &'static [Literal]) -> Property {
        Property { allowed, ..self }
    }

    /// `minLength`
    pub const fn min_length(self, min: u64) -> Property {
        Property { constraints: Constraints { min_length: Some(min), ..self.constraints }, ..self }
    }

    /// `maxLength`
    pub const fn max_length(self, max: u64) -> Property {
        Property { constraints: Constraints { max_length: Some(max), ..self.constraints }, ..self }
    }

    /// `minimum` (inclusive).
    pub const fn minimum(self, min: f64) -> Property {
        Property {
            constraints: Constraints { minimum: Some(min), exclusive_minimum: false, ..self.constraints },
            ..self
        }
    }

    /// `minimum` with `exclusiveMinimum`: the value must be greater.
    pub const fn exclusive_minimum(self, min: f64) -> Property {
        Property {
            constraints: Constraints { minimum: Some(min), exclusive_minimum: true, ..self.constraints },
            ..self
        }
    }

    /// `maximum` (inclusive).
    pub const fn maximum(self, max: f64) -> Property {
        Property {
            constraints: Constraints { maximum: Some(max), exclusive_maximum: false, ..self.constraints },
            ..self
        }
    }

    /// `maximum` with `exclusiveMaximum`: the value must be less.
    pub const fn exclusive_maximum(self, max: f64) -> Property {
        Property {
            constraints: Constraints { maximum: Some(max), exclusive_maximum: true, ..self.constraints },
            ..self
        }
    }

    /// `minItems`
    pub const fn min_items(self, min: u64) -> Property {
        Property { constraints: Constraints { min_items: Some(min), ..self.constraints }, ..self }
    }

    /// `maxItems`
    pub const fn max_items(self, max: u64) -> Property {
        Property { constraints: Constraints { max_items: Some(max), ..self.constraints }, ..self }
    }
}

/// One member of a union.
#[derive(Debug)]
pub struct Variant {
    /// The tag value that selects it (tagged unions).
    pub tag: Option<&'static str>,
    /// Its schema.
    pub schema: Use,
}

impl Variant {
    /// A member of an untagged union (`null` not allowed unless [`Variant::or_null`]).
    pub const fn untagged(schema: &'static Schema) -> Variant {
        Variant { tag: None, schema: Use::of(schema) }
    }

    /// A member of a tagged union, selected by the tag value `tag`.
    pub const fn tagged(tag: &'static str, schema: &'static Schema) -> Variant {
        Variant { tag: Some(tag), schema: Use::of(schema) }
    }

    /// The same member, where `null` is allowed too.
    pub const fn or_null(self) -> Variant {
        Variant { schema: Use::or_null(self.schema.schema), ..self }
    }
}

/// A JSON scalar written in the schema (an `enum` value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// Another number.
    Number(f64),
    /// A string.
    String(&'static str),
}

/// The string formats that are checked (shared with the generator: [`crate::formats`]).
pub use crate::formats::Format;

/// Which Rust integer holds the value (its range is checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerKind {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
}

/// Validation keywords (`minLength`, `maximum`, ...). `pattern` is not checked (no regular expression engine).
#[derive(Debug, Clone, Copy, Default)]
pub struct Constraints {
    /// `minLength`
    pub min_length: Option<u64>,
    /// `maxLength`
    pub max_length: Option<u64>,
    /// `minimum`
    pub minimum: Option<f64>,
    /// `maximum`
    pub maximum: Option<f64>,
    /// Whether `minimum` is exclusive.
    pub exclusive_minimum: bool,
    /// Whether `maximum` is exclusive.
    pub exclusive_maximum: bool,
    /// `minItems`
    pub min_items: Option<u64>,
    /// `maxItems`
    pub max_items: Option<u64>,
}

impl Constraints {
    /// No keywords.
    pub const NONE: Constraints = Constraints {
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        min_items: None,
        max_items: None,
    };
}

/// Why a value does not match its schema, and where (a JSON pointer into the checked value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer (RFC 6901) to the offending value; empty for the value itself.
    pub pointer: String,
    /// What is wrong, in one sentence without a final period.
    pub message: String,
}

/// Checks `value` against `schema`; the first violation found (in document order) is returned.
pub fn check(value: &Value, schema: Use) -> Result<(), Violation> {
    let mut pointer = String::new();
    check_use(value, schema, &mut pointer, 0)
}

/// Nesting deeper than this is refused rather than followed (a recursive schema meeting a deep document).
const MAX_DEPTH: usize = 128;

fn violation(pointer: &str, message: String) -> Violation {
    Violation { pointer: pointer.to_owned(), message }
}

fn check_use(value: &Value, u: Use, pointer: &mut String, depth: usize) -> Result<(), Violation> {
    if value.is_null() && (u.nullable || matches!(u.schema, Schema::Any)) {
        return Ok(());
    }
    if depth > MAX_DEPTH {
        return Err(violation(pointer, format!("nested more than {MAX_DEPTH} levels deep")));
    }
    match u.schema {
        Schema::Any => Ok(()),
        Schema::String(format) => match value {
            Value::String(s) => check_format(s, *format).map_err(|m| violation(pointer, m)),
            other => Err(wrong_type(pointer, "a string", other)),
        },
        Schema::Integer(kind) => check_integer(value, *kind).map_err(|m| violation(pointer, m)),
        Schema::Number => match value {
            Value::Number(_) => Ok(()),
            other => Err(wrong_type(pointer, "a number", other)),
        },
        Schema::Boolean => match value {
            Value::Bool(_) => Ok(()),
            other => Err(wrong_type(pointer, "a boolean", other)),
        },
        Schema::List(items) => match value {
            Value::Array(list) => {
                for (i, item) in list.iter().enumerate() {
                    let len = pointer.len();
                    let _ = write!(pointer, "/{i}");
                    check_use(item, *items, pointer, depth + 1)?;
                    pointer.truncate(len);
                }
                Ok(())
            }
            other => Err(wrong_type(pointer, "an array", other)),
        },
        Schema::Map(values) => match value {
            Value::Object(map) => {
                for (key, item) in map {
                    let len = pointer.len();
                    push_token(pointer, key);
                    check_use(item, *values, pointer, depth + 1)?;
                    pointer.truncate(len);
                }
                Ok(())
            }
            other => Err(wrong_type(pointer, "an object", other)),
        },
        Schema::Object { properties, additional } => match value {
            Value::Object(map) => check_properties(map, properties, *additional, &|_| None, pointer, depth),
            other => Err(wrong_type(pointer, "an object", other)),
        },
        Schema::Enum(values) => match value {
            Value::String(s) if values.contains(&s.as_str()) => Ok(()),
            Value::String(s) => {
                let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                Err(violation(pointer, format!("`{s}` is not one of {}", list.join(", "))))
            }
            other => Err(wrong_type(pointer, "a string", other)),
        },
        Schema::Union { tag: Some(tag), variants, .. } => {
            let Value::Object(map) = value else {
                return Err(wrong_type(pointer, "an object", value));
            };
            let found = match map.get(*tag) {
                Some(Value::String(s)) => s.as_str(),
                Some(other) => {
                    let len = pointer.len();
                    push_token(pointer, tag);
                    let err = wrong_type(pointer, "a string", other);
                    pointer.truncate(len);
                    return Err(err);
                }
                None => return Err(violation(pointer, format!("required property `{tag}` is missing"))),
            };
            match variants.iter().find(|v| v.tag == Some(found)) {
                Some(v) => check_use(value, v.schema, pointer, depth + 1),
                None => {
                    let list: Vec<String> = variants.iter().filter_map(|v| v.tag).map(|t| format!("`{t}`")).collect();
                    let len = pointer.len();
                    push_token(pointer, tag);
                    let err = violation(pointer, format!("`{found}` is not one of {}", list.join(", ")));
                    pointer.truncate(len);
                    Err(err)
                }
            }
        }
        Schema::Union { tag: None, variants, exclusive } => {
            let mut matched = 0;
            let mut first_error = None;
            for v in variants.iter() {
                let mut inner = pointer.clone();
                match check_use(value, v.schema, &mut inner, depth + 1) {
                    Ok(()) => matched += 1,
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            match matched {
                0 => {
                    let why = first_error
                        .map(|e| format!(" (first member: {} at `{}`)", e.message, e.pointer))
                        .unwrap_or_default();
                    Err(violation(pointer, format!("matches none of the {} allowed shapes{why}", variants.len())))
                }
                1 => Ok(()),
                n if *exclusive => {
                    Err(violation(pointer, format!("matches {n} of the allowed shapes; `oneOf` allows exactly one")))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Checks an object's listed properties (and the others against `additional`). A property that `apart` answers for
/// was received apart from the object (a multipart body's files): only its presence is checked.
fn check_properties(
    map: &serde_json::Map<String, Value>,
    properties: &[Property],
    additional: Option<Use>,
    apart: &dyn Fn(&str) -> Option<bool>,
    pointer: &mut String,
    depth: usize,
) -> Result<(), Violation> {
    for p in properties.iter() {
        let len = pointer.len();
        push_token(pointer, p.name);
        let present = match apart(p.name) {
            Some(present) => present,
            None => match map.get(p.name) {
                Some(item) => {
                    check_use(item, p.schema, pointer, depth + 1)?;
                    if !item.is_null() {
                        check_constraints(item, &p.constraints).map_err(|m| violation(pointer, m))?;
                    }
                    if !p.allowed.is_empty() && !p.allowed.iter().any(|l| literal_eq(l, item)) {
                        let list: Vec<String> = p.allowed.iter().map(literal_text).collect();
                        return Err(violation(pointer, format!("must be one of {}", list.join(", "))));
                    }
                    true
                }
                None => false,
            },
        };
        pointer.truncate(len);
        if !present && p.required {
            return Err(violation(pointer, format!("required property `{}` is missing", p.name)));
        }
    }
    if let Some(extra) = additional {
        for (key, item) in map {
            if properties.iter().any(|p| p.name == key) || apart(key).is_some() {
                continue;
            }
            let len = pointer.len();
            push_token(pointer, key);
            check_use(item, extra, pointer, depth + 1)?;
            pointer.truncate(len);
        }
    }
    Ok(())
}

/// Checks the parts of a multipart body received as values (`values`, text and JSON parts read as the schema says)
/// against the body's object `schema`; the file parts are not values: `files` names the properties received as
/// files and `has_file` says which of them came, so that a required one that did not is refused like any property.
pub fn check_received(
    values: &serde_json::Map<String, Value>,
    schema: Use,
    files: &[&str],
    has_file: &dyn Fn(&str) -> bool,
) -> Result<(), Violation> {
    let mut pointer = String::new();
    match schema.schema {
        Schema::Object { properties, additional } => {
            let apart = |name: &str| files.contains(&name).then(|| has_file(name));
            check_properties(values, properties, *additional, &apart, &mut pointer, 0)
        }
        other => check_use(&Value::Object(values.clone()), Use { schema: other, nullable: false }, &mut pointer, 0),
    }
}

/// A parameter's (or a multipart text part's) text as the JSON value its schema expects (numbers parsed, booleans
/// recognised), before the value is checked.
pub(crate) fn from_text(raw: &str, schema: &Schema) -> Result<Value, String> {
    match schema {
        Schema::Integer(_) => {
            if let Ok(i) = raw.parse::<i64>() {
                Ok(Value::from(i))
            } else if let Ok(u) = raw.parse::<u64>() {
                Ok(Value::from(u))
            } else if raw.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'+') && !raw.is_empty() {
                Err(format!("`{raw}` is out of range"))
            } else {
                Err(format!("expected an integer, got `{raw}`"))
            }
        }
        Schema::Number => {
            match raw.parse::<f64>().ok().filter(|f| f.is_finite()).and_then(serde_json::Number::from_f64) {
                Some(n) => Ok(Value::Number(n)),
                None => Err(format!("expected a number, got `{raw}`")),
            }
        }
        Schema::Boolean => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("expected `true` or `false`, got `{raw}`")),
        },
        Schema::String(_) | Schema::Enum(_) => Ok(Value::String(raw.to_owned())),
        // Objects and unions in parameters: JSON text when it parses, else the string itself.
        Schema::Any | Schema::List(_) | Schema::Map(_) | Schema::Object { .. } | Schema::Union { .. } => {
            Ok(serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_owned())))
        }
    }
}

fn push_token(pointer: &mut String, key: &str) {
    pointer.push('/');
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(pointer: &str, expected: &str, got: &Value) -> Violation {
    violation(pointer, format!("expected {expected}, got {}", kind_of(got)))
}

fn check_integer(value: &Value, kind: IntegerKind) -> Result<(), String> {
    let Value::Number(n) = value else {
        return Err(format!("expected an integer, got {}", kind_of(value)));
    };
    let (min, max): (i128, i128) = match kind {
        IntegerKind::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntegerKind::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntegerKind::U32 => (0, u32::MAX.into()),
        IntegerKind::U64 => (0, u64::MAX.into()),
    };
    let v: i128 = match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => i.into(),
        (None, Some(u)) => u.into(),
        (None, None) => return Err(format!("expected an integer, got `{n}`")),
    };
    if v < min || v > max {
        return Err(format!("{v} is out of range ({min} to {max})"));
    }
    Ok(())
}

fn check_constraints(value: &Value, c: &Constraints) -> Result<(), String> {
    match value {
        Value::String(s) => {
            let len = s.chars().count() as u64;
            if let Some(min) = c.min_length.filter(|m| len < *m) {
                return Err(format!("must be at least {min} characters long"));
            }
            if let Some(max) = c.max_length.filter(|m| len > *m) {
                return Err(format!("must be at most {max} characters long"));
            }
        }
        Value::Number(n) => {
            let v = n.as_f64().unwrap_or(f64::NAN);
            if let Some(min) = c.minimum {
                if v < min || (c.exclusive_minimum && v == min) {
                    let op = if c.exclusive_minimum { "greater than" } else { "at least" };
                    return Err(format!("must be {op} {min}"));
                }
            }
            if let Some(max) = c.maximum {
                if v > max || (c.exclusive_maximum && v == max) {
                    let op = if c.exclusive_maximum { "less than" } else { "at most" };
                    return Err(format!("must be {op} {max}"));
                }
            }
        }
        Value::Array(items) => {
            let len = items.len() as u64;
            if let Some(min) = c.min_items.filter(|m| len < *m) {
                return Err(format!("must have at least {min} items"));
            }
            if let Some(max) = c.max_items.filter(|m| len > *m) {
                return Err(format!("must have at most {max} items"));
            }
        }
        _ => {}
    }
    Ok(())
}

fn literal_eq(l: &Literal, v: &Value) -> bool {
    match (l, v) {
        (Literal::Null, Value::Null) => true,
        (Literal::Bool(a), Value::Bool(b)) => a == b,
        (Literal::Integer(a), Value::Number(n)) => n.as_i64() == Some(*a) || n.as_f64() == Some(*a as f64),
        (Literal::Number(a), Value::Number(n)) => n.as_f64() == Some(*a),
        (Literal::String(a), Value::String(b)) => a == b,
        _ => false,
    }
}

fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Null => "null".to_owned(),
        Literal::Bool(b) => format!("`{b}`"),
        Literal::Integer(i) => format!("`{i}`"),
        Literal::Number(n) => format!("`{n}`"),
        Literal::String(s) => format!("`\"{s}\"`"),
    }
}

fn check_format(s: &str, format: Format) -> Result<(), String> {
    if format.accepts(s) {
        Ok(())
    } else {
        let what = match format {
            Format::DateTime => "an RFC 3339 date-time (e.g. `2024-01-31T12:00:00Z`)",
            Format::Date => "an RFC 3339 date (e.g. `2024-01-31`)",
            Format::Uuid => "a UUID (e.g. `f47ac10b-58cc-4372-a567-0e02b2c3d479`)",
            Format::None => "a string",
        };
        Err(format!("`{s}` is not {what}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static STATUS: Schema = Schema::Enum(&["to-do", "done"]);
    static INNER: Schema = Schema::Object {
        properties: &[Property {
            name: "at",
            schema: Use { schema: &Schema::String(Format::DateTime), nullable: false },
            required: true,
            constraints: Constraints::NONE,
            allowed: &[],
        }],
        additional: None,
    };
    static BODY: Schema = Schema::Object {
        properties: &[
            Property {
                name: "status",
                schema: Use { schema: &STATUS, nullable: false },
                required: false,
                constraints: Constraints::NONE,
                allowed: &[],
            },
            Property {
                name: "user_id",
                schema: Use { schema: &Schema::Integer(IntegerKind::I64), nullable: true },
                required: false,
                constraints: Constraints::NONE,
                allowed: &[],
            },
            Property {
                name: "a/b",
                schema: Use { schema: &INNER, nullable: false },
                required: false,
                constraints: Constraints::NONE,
                allowed: &[],
            },
            Property {
                name: "flag",
                schema: Use { schema: &Schema::Boolean, nullable: false },
                required: false,
                constraints: Constraints::NONE,
                allowed: &[Literal::Bool(true)],
            },
            Property {
                name: "name",
                schema: Use { schema: &Schema::String(Format::None), nullable: false },
                required: false,
                constraints: Constraints { min_length: Some(2), ..Constraints::NONE },
                allowed: &[],
            },
        ],
        additional: None,
    };
    // A recursive schema: a node with an optional child node.
    static NODE: Schema = Schema::Object {
        properties: &[Property {
            name: "next",
            schema: Use { schema: &NODE, nullable: true },
            required: false,
            constraints: Constraints::NONE,
            allowed: &[],
        }],
        additional: None,
    };
    static TAGGED: Schema = Schema::Union {
        tag: Some("type"),
        variants: &[Variant { tag: Some("a"), schema: Use { schema: &INNER, nullable: false } }],
        exclusive: true,
    };

    fn body(v: Value) -> Result<(), Violation> {
        check(&v, Use { schema: &BODY, nullable: false })
    }

    #[test]
    fn accepts_valid_values() {
        assert_eq!(body(json!({})), Ok(()));
        assert_eq!(
            body(json!({"status": "done", "user_id": null, "a/b": {"at": "2024-01-31T12:00:00.5+01:00"}})),
            Ok(())
        );
        assert_eq!(body(json!({"flag": true, "name": "ab", "unknown": [1]})), Ok(()));
    }

    #[test]
    fn names_the_offending_value() {
        let e = body(json!({"status": "archived"})).unwrap_err();
        assert_eq!(e.pointer, "/status");
        assert_eq!(e.message, "`archived` is not one of `to-do`, `done`");
        let e = body(json!({"user_id": "7"})).unwrap_err();
        assert_eq!((e.pointer.as_str(), e.message.as_str()), ("/user_id", "expected an integer, got a string"));
        let e = body(json!({"user_id": 1.5})).unwrap_err();
        assert_eq!(e.pointer, "/user_id");
        let e = body(json!({"a/b": {}})).unwrap_err();
        assert_eq!((e.pointer.as_str(), e.message.as_str()), ("/a~1b", "required property `at` is missing"));
        let e = body(json!({"a/b": {"at": "yesterday"}})).unwrap_err();
        assert_eq!(e.pointer, "/a~1b/at");
        assert_eq!(body(json!({"flag": false})).unwrap_err().message, "must be one of `true`");
        assert_eq!(body(json!({"name": "a"})).unwrap_err().message, "must be at least 2 characters long");
        assert_eq!(body(json!({"status": null})).unwrap_err().message, "expected a string, got null");
        assert_eq!(body(json!([])).unwrap_err().message, "expected an object, got an array");
    }

    #[test]
    fn recursion_is_bounded() {
        let mut v = json!({});
        for _ in 0..200 {
            v = json!({ "next": v });
        }
        let e = check(&v, Use { schema: &NODE, nullable: false }).unwrap_err();
        assert!(e.message.contains("nested more than"), "{e:?}");
        assert_eq!(check(&json!({"next": {"next": null}}), Use { schema: &NODE, nullable: false }), Ok(()));
    }

    #[test]
    fn tagged_unions_refuse_unknown_tags() {
        let u = Use { schema: &TAGGED, nullable: false };
        assert_eq!(check(&json!({"type": "a", "at": "2024-01-31T00:00:00Z"}), u), Ok(()));
        let e = check(&json!({"type": "b"}), u).unwrap_err();
        assert_eq!((e.pointer.as_str(), e.message.as_str()), ("/type", "`b` is not one of `a`"));
        assert_eq!(check(&json!({}), u).unwrap_err().message, "required property `type` is missing");
    }

    #[test]
    fn formats_follow_the_shared_examples() {
        for (format, value, valid) in crate::formats::EXAMPLES {
            let schema = match format {
                Format::None => &STRING,
                Format::DateTime => &DATE_TIME,
                Format::Date => &DATE,
                Format::Uuid => &UUID,
            };
            let got = check(&json!(value), Use::of(schema));
            assert_eq!(got.is_ok(), *valid, "{format:?} {value:?}: {got:?}");
        }
        let e = check(&json!("2023-02-29"), Use::of(&DATE)).unwrap_err();
        assert_eq!(e.message, "`2023-02-29` is not an RFC 3339 date (e.g. `2024-01-31`)");
    }

    // The same schemas as `BODY` and `TAGGED` above, written with the builders generated tables use.
    static BUILT: Schema = Schema::object(&[
        Property::optional("status", &STATUS),
        Property::optional("user_id", &I64).or_null(),
        Property::optional("a/b", &INNER),
        Property::optional("flag", &BOOLEAN).with_allowed(&[Literal::Bool(true)]),
        Property::optional("name", &STRING).min_length(2),
    ]);
    static BUILT_TAGGED: Schema =
        Schema::Union { tag: Some("type"), variants: &[Variant::tagged("a", &INNER)], exclusive: true };

    #[test]
    fn builders_make_the_same_schemas() {
        let built = Use::of(&BUILT);
        for v in [
            json!({}),
            json!({"status": "archived"}),
            json!({"user_id": null}),
            json!({"user_id": "7"}),
            json!({"a/b": {}}),
            json!({"flag": false}),
            json!({"name": "a"}),
            json!({"name": "ab"}),
            json!([]),
        ] {
            assert_eq!(check(&v, built), body(v.clone()), "{v}");
        }
        let (a, b) = (Use::of(&BUILT_TAGGED), Use::of(&TAGGED));
        for v in [json!({"type": "a", "at": "2024-01-31T00:00:00Z"}), json!({"type": "b"}), json!({})] {
            assert_eq!(check(&v, a), check(&v, b), "{v}");
        }
    }

    #[test]
    fn property_builders() {
        let p = Property::required("n", &NUMBER)
            .exclusive_minimum(0.0)
            .maximum(1.5)
            .min_items(1)
            .max_items(3)
            .max_length(9);
        let c = p.constraints;
        assert!(p.required && !p.schema.nullable);
        assert_eq!(
            (c.minimum, c.exclusive_minimum, c.maximum, c.exclusive_maximum),
            (Some(0.0), true, Some(1.5), false)
        );
        assert_eq!((c.min_items, c.max_items, c.min_length, c.max_length), (Some(1), Some(3), None, Some(9)));
        let c = Property::optional("n", &NUMBER).minimum(2.0).exclusive_maximum(4.0).constraints;
        assert_eq!(
            (c.minimum, c.exclusive_minimum, c.maximum, c.exclusive_maximum),
            (Some(2.0), false, Some(4.0), true)
        );
        let nullable = Property::optional("n", &STRING).or_null().max_length(1);
        assert!(nullable.schema.nullable && !nullable.required && nullable.constraints.max_length == Some(1));
        assert_eq!(check(&json!(null), Variant::untagged(&STRING).or_null().schema), Ok(()));
        assert!(check(&json!(null), Variant::untagged(&STRING).schema).is_err());
    }

    #[test]
    fn union_builders() {
        static ONE: Schema = Schema::one_of(&[Variant::untagged(&NUMBER), Variant::untagged(&I64)]);
        static ANY_OF: Schema = Schema::any_of(&[Variant::untagged(&NUMBER), Variant::untagged(&I64)]);
        static LIST: Schema = Schema::list(&U32);
        static MAP: Schema = Schema::map(&DATE);
        assert!(check(&json!(1), Use::of(&ONE)).unwrap_err().message.contains("exactly one"));
        assert_eq!(check(&json!(1.5), Use::of(&ONE)), Ok(()));
        assert_eq!(check(&json!(1), Use::of(&ANY_OF)), Ok(()));
        assert_eq!(check(&json!([1, 2]), Use::of(&LIST)).map_err(|e| e.pointer), Ok(()));
        assert_eq!(check(&json!([1, -2]), Use::of(&LIST)).map_err(|e| e.pointer), Err("/1".to_owned()));
        assert_eq!(check(&json!({"a": "2024-02-30"}), Use::of(&MAP)).map_err(|e| e.pointer), Err("/a".to_owned()));
    }

    #[test]
    fn integer_ranges() {
        assert!(check_integer(&json!(u64::MAX), IntegerKind::U64).is_ok());
        assert!(check_integer(&json!(u64::MAX), IntegerKind::I64).is_err());
        assert!(check_integer(&json!(-1), IntegerKind::U32).is_err());
        assert!(check_integer(&json!(1.0), IntegerKind::I64).is_err());
    }

    #[test]
    fn text_as_the_value_its_schema_expects() {
        assert_eq!(from_text("12", &Schema::Integer(IntegerKind::I64)), Ok(Value::from(12)));
        assert!(from_text("abc", &Schema::Integer(IntegerKind::I64)).is_err());
        assert!(from_text("99999999999999999999999", &Schema::Integer(IntegerKind::I64))
            .unwrap_err()
            .contains("range"));
        assert!(from_text("NaN", &Schema::Number).is_err());
        assert_eq!(from_text("true", &Schema::Boolean), Ok(Value::Bool(true)));
    }
}
