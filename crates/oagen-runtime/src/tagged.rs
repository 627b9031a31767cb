//! Unions told apart by a tag property (a `discriminator`, or a property every member fixes to one value).
//!
//! Generated unions decode the value once into a [`serde_json::Value`], read the tag, and decode the member it
//! names; a tag they do not know is kept as the raw value so that a newer server cannot break an older client.

use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::Error as _;
use serde::{Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Reads any JSON value for a union to look into, refusing an object that has the same key twice, at any depth.
///
/// `serde_json::Value` keeps the last of two equal keys without a word, while the member types (derived structs)
/// refuse duplicates: a union read through `Value` would accept `{"type": "text", "type": "image", ...}` and pick a
/// member by whichever `type` this parser keeps, where another parser may keep the other one.
pub fn value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    deserializer.deserialize_any(StrictValue)
}

/// A [`Value`] visitor that refuses duplicate keys (see [`value`]).
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictValue)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom(format_args!("{v} is not a JSON number")))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictValue)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let v = map.next_value_seed(StrictValue)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// The string value of `tag` in `value`, when `value` is an object that has one.
pub fn tag_of<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.as_object()?.get(tag)?.as_str()
}

/// Decodes a member from the whole value (the member ignores the tag property, or reads it as its own field).
pub fn member<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Writes a member with the tag property set to `tag_value` (first, unless the member already wrote it).
pub fn serialize_member<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    member: &T,
) -> Result<S::Ok, S::Error> {
    let value = serde_json::to_value(member).map_err(S::Error::custom)?;
    let mut out = Map::new();
    out.insert(tag.to_owned(), Value::String(tag_value.to_owned()));
    match value {
        Value::Object(fields) => {
            for (k, v) in fields {
                if k != tag {
                    out.insert(k, v);
                }
            }
        }
        other => {
            return Err(S::Error::custom(format!(
                "a member of a tagged union must be an object, found {other}"
            )))
        }
    }
    out.serialize(serializer)
}

/// Decodes the first member type that accepts the value; used by untagged unions, in member order.
pub fn first_match<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The error for a value that is not an object where a tagged union expects one.
pub fn not_an_object<E: serde::de::Error>(union: &str, value: &Value) -> E {
    E::custom(format_args!("expected an object for {union}, found {value}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Text {
        content: String,
    }

    #[test]
    fn writes_the_tag_once_and_first() {
        let mut buf = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut buf);
        serialize_member(&mut ser, "type", "text", &Text { content: "hi".into() }).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), r#"{"type":"text","content":"hi"}"#);
    }

    #[test]
    fn a_value_with_a_key_twice_is_refused_at_any_depth() {
        let read = |text: &str| value(&mut serde_json::Deserializer::from_str(text));
        assert!(read(r#"{"type": "text", "type": "image"}"#).is_err());
        assert!(read(r#"{"a": [{"b": 1, "b": 1}]}"#).is_err());
        let ok = read(r#"{"type": "text", "n": [1, -2, 1.5, null, true, "s"], "o": {}}"#).expect("no duplicates");
        assert_eq!(ok, serde_json::json!({"type": "text", "n": [1, -2, 1.5, null, true, "s"], "o": {}}));
        assert!(read(&format!("{}{}", "[".repeat(1000), "]".repeat(1000))).is_err(), "serde_json's depth limit holds");
    }

    #[test]
    fn reads_the_tag() {
        let v: Value = serde_json::json!({"type": "text", "content": "hi"});
        assert_eq!(tag_of(&v, "type"), Some("text"));
        let t: Text = member::<Text, serde_json::Error>(v).unwrap();
        assert_eq!(t.content, "hi");
        assert_eq!(tag_of(&serde_json::json!([1]), "type"), None);
        assert!(first_match::<Text>(&serde_json::json!({"x": 1})).is_none());
    }
}
