//! Unions told apart by a tag property (a `discriminator`, or a property every member fixes to one value).
//!
//! Generated unions decode the value once into a [`serde_json::Value`], read the tag, and decode the member it
//! names; a tag they do not know is kept as the raw value so that a newer server cannot break an older client.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

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
    fn reads_the_tag() {
        let v: Value = serde_json::json!({"type": "text", "content": "hi"});
        assert_eq!(tag_of(&v, "type"), Some("text"));
        let t: Text = member::<Text, serde_json::Error>(v).unwrap();
        assert_eq!(t.content, "hi");
        assert_eq!(tag_of(&serde_json::json!([1]), "type"), None);
        assert!(first_match::<Text>(&serde_json::json!({"x": 1})).is_none());
    }
}
