//! Unions: one generated enum per `oneOf`/`anyOf`, with a variant per member and a catch-all for the rest.
//!
//! Generated unions decode the value once into a [`serde_json::Value`] and pick the member from it: by a tag
//! property ([`tagged_union!`](crate::tagged_union), for a `discriminator` or a property every member fixes to one
//! value) or by the member the value is ([`untagged_union!`](crate::untagged_union), [`crate::choice`]). A value no member
//! takes (a tag this version does not know) is kept as the raw value, so that a newer server cannot break an older
//! client.

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
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format_args!("{v} is not a JSON number")))
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

/// Decodes a member from the value without its tag property (so that a member that keeps unknown properties does
/// not keep the tag, which the union writes itself), or from the whole value when the member reads the tag as one
/// of its own fields.
pub fn member<T: DeserializeOwned, E: serde::de::Error>(mut value: Value, tag: &str) -> Result<T, E> {
    let removed = value.as_object_mut().and_then(|m| m.shift_remove(tag));
    match T::deserialize(&value) {
        Ok(member) => Ok(member),
        Err(e) => match (removed, value.as_object_mut()) {
            (Some(tag_value), Some(map)) => {
                map.insert(tag.to_owned(), tag_value);
                T::deserialize(&value).map_err(E::custom)
            }
            _ => Err(E::custom(e)),
        },
    }
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
        other => return Err(S::Error::custom(format!("a member of a tagged union must be an object, found {other}"))),
    }
    out.serialize(serializer)
}

/// Implements `Serialize` and `Deserialize` for a union told apart by a tag property, from its table of variants
/// and tag values: a value is read into the variant its tag names, or kept whole in the catch-all variant (the
/// last identifier) when the tag is missing or not listed. A variant is written with its tag value first. A variant
/// listed without a value (a member whose tag the spec leaves open) is written as it is and never chosen on read.
///
/// ```
/// # use serde::{Deserialize, Serialize};
/// #[derive(Debug, PartialEq, Serialize, Deserialize)]
/// pub struct Circle {
///     pub radius: f64,
/// }
///
/// #[derive(Debug, PartialEq)]
/// pub enum Shape {
///     Circle(Circle),
///     Unrecognized(serde_json::Value),
/// }
///
/// oagen_runtime::tagged_union!(Shape { Circle = "circle" } "kind" Unrecognized);
///
/// let circle: Shape = serde_json::from_str(r#"{"kind": "circle", "radius": 1.5}"#).unwrap();
/// assert_eq!(circle, Shape::Circle(Circle { radius: 1.5 }));
/// assert_eq!(serde_json::to_string(&circle).unwrap(), r#"{"kind":"circle","radius":1.5}"#);
/// let newer: Shape = serde_json::from_str(r#"{"kind": "hexagon", "side": 2}"#).unwrap();
/// assert_eq!(newer, Shape::Unrecognized(serde_json::json!({"kind": "hexagon", "side": 2})));
/// assert_eq!(serde_json::to_string(&newer).unwrap(), r#"{"kind":"hexagon","side":2}"#);
/// ```
#[macro_export]
macro_rules! tagged_union {
    ($name:ident { $($variant:ident $(= $value:literal)?),* $(,)? } $tag:literal $other:ident) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    $(Self::$variant(member) => $crate::__tagged_union_put!(serializer, member, $tag $(, $value)?),)*
                    Self::$other(value) => $crate::__serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                let value = $crate::tagged::value(deserializer)?;
                match $crate::tagged::tag_of(&value, $tag) {
                    $($(::core::option::Option::Some($value) => $crate::tagged::member(value, $tag).map(Self::$variant),)?)*
                    _ => ::core::result::Result::Ok(Self::$other(value)),
                }
            }
        }
    };
}

/// Writes one member of a [`tagged_union!`]: with its tag value, or as it is when it has none.
#[doc(hidden)]
#[macro_export]
macro_rules! __tagged_union_put {
    ($serializer:ident, $member:ident, $tag:literal, $value:literal) => {
        $crate::tagged::serialize_member($serializer, $tag, $value, $member)
    };
    ($serializer:ident, $member:ident, $tag:literal) => {
        $crate::__serde::Serialize::serialize($member, $serializer)
    };
}

/// Implements `Serialize` and `Deserialize` for a union without a tag, from its table of variants and each
/// member's [`Shape`](crate::choice::Shape) (the constructors of [`choice::shape`](crate::choice::shape), in scope
/// in the table): a value is read into the member that keeps it whole, then the most specific, then the first
/// listed ([`choice`](crate::choice)), or kept whole in the catch-all variant (the last identifier) when no member
/// takes it. Each variant is written as its member is.
///
/// ```
/// oagen_runtime::serde_struct! {
///     #[derive(Debug, PartialEq)]
///     pub struct Note {
///         #[wire(required)]
///         pub message: String,
///     }
/// }
///
/// oagen_runtime::serde_struct! {
///     #[derive(Debug, PartialEq)]
///     pub struct Commit {
///         #[wire(required)]
///         pub message: String,
///         #[wire(required)]
///         pub sha: String,
///     }
/// }
///
/// #[derive(Debug, PartialEq)]
/// pub enum Event {
///     Note(Note),
///     Commit(Commit),
///     Count(i64),
///     Unrecognized(serde_json::Value),
/// }
///
/// oagen_runtime::untagged_union!(Event {
///     Note = object(&["message"], &["message"], true),
///     Commit = object(&["message", "sha"], &["message", "sha"], true),
///     Count = integer(),
/// } Unrecognized);
///
/// let commit: Event = serde_json::from_str(r#"{"message": "m", "sha": "s"}"#).unwrap();
/// assert_eq!(commit, Event::Commit(Commit { message: "m".into(), sha: "s".into() }));
/// assert_eq!(serde_json::to_string(&commit).unwrap(), r#"{"message":"m","sha":"s"}"#);
/// assert_eq!(serde_json::from_str::<Event>("7").unwrap(), Event::Count(7));
/// let other: Event = serde_json::from_str("[true]").unwrap();
/// assert_eq!(other, Event::Unrecognized(serde_json::json!([true])));
/// assert_eq!(serde_json::to_string(&other).unwrap(), "[true]");
/// ```
#[macro_export]
macro_rules! untagged_union {
    ($name:ident { $($variant:ident = $shape:expr),* $(,)? } $other:ident) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    $(Self::$variant(member) => $crate::__serde::Serialize::serialize(member, serializer),)*
                    Self::$other(value) => $crate::__serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                #[allow(unused_imports)]
                use $crate::choice::shape::*;
                let value = $crate::tagged::value(deserializer)?;
                #[allow(unused_mut)]
                let mut best: ::core::option::Option<($crate::choice::Fit, Self)> = ::core::option::Option::None;
                #[allow(unused_labels)]
                'choose: {
                    $(
                        let candidate = $crate::choice::fit(&value, &$shape).map(|(fit, member)| (fit, Self::$variant(member)));
                        let settled = candidate.as_ref().is_some_and(|(fit, _)| $crate::choice::settles(fit, &value));
                        $crate::choice::prefer(&mut best, candidate);
                        if settled {
                            break 'choose;
                        }
                    )*
                }
                ::core::result::Result::Ok(match best {
                    ::core::option::Option::Some((_, member)) => member,
                    ::core::option::Option::None => Self::$other(value),
                })
            }
        }
    };
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

    #[derive(Debug, PartialEq)]
    enum Content {
        Text(Text),
        Raw(Text),
        Unrecognized(Value),
    }

    crate::tagged_union!(Content { Text = "text", Raw } "type" Unrecognized);

    #[test]
    fn a_tagged_union_reads_by_tag_and_writes_a_member_without_a_tag_value_as_it_is() {
        let text: Content = serde_json::from_str(r#"{"content": "hi", "type": "text"}"#).unwrap();
        assert_eq!(text, Content::Text(Text { content: "hi".into() }));
        assert_eq!(serde_json::to_string(&text).unwrap(), r#"{"type":"text","content":"hi"}"#);
        // `Raw` has no tag value: never chosen on read, written without a tag.
        let raw = Content::Raw(Text { content: "x".into() });
        assert_eq!(serde_json::to_string(&raw).unwrap(), r#"{"content":"x"}"#);
        let untagged: Content = serde_json::from_str(r#"{"content": "x"}"#).unwrap();
        assert_eq!(untagged, Content::Unrecognized(serde_json::json!({"content": "x"})));
        assert!(serde_json::from_str::<Content>(r#"{"type": "text", "type": "raw"}"#).is_err(), "duplicate keys");
        assert!(serde_json::from_str::<Content>(r#"{"type": "text"}"#).is_err(), "a known tag with a bad member");
    }

    #[derive(Debug, PartialEq)]
    enum Empty {
        Unrecognized(Value),
    }

    crate::untagged_union!(Empty {} Unrecognized);

    crate::serde_struct! {
        /// A node of a recursive union, naming its child.
        #[derive(Debug, PartialEq)]
        pub struct Leaf {
            #[wire(optional)]
            pub child: Option<Box<Tree>>,
        }
    }

    crate::serde_struct! {
        /// Another member that reads the same child.
        #[derive(Debug, PartialEq)]
        pub struct Branch {
            #[wire(optional)]
            pub child: Option<Box<Tree>>,
            #[wire(optional)]
            pub extra: Option<bool>,
        }
    }

    #[derive(Debug, PartialEq)]
    pub enum Tree {
        Leaf(Leaf),
        Branch(Branch),
        Unrecognized(Value),
    }

    crate::untagged_union!(Tree {
        Leaf = object(&["child"], &[], false),
        Branch = object(&["child", "extra"], &[], false),
    } Unrecognized);

    /// Both members take every level: without stopping at a member that fits as well as any can, a value 22 levels
    /// deep was decoded 2^22 times (about a minute in a debug build; 18 levels took 3 s).
    #[test]
    fn a_deep_value_of_a_recursive_union_is_decoded_once_per_level() {
        let mut text = String::from("{}");
        for _ in 0..22 {
            text = format!(r#"{{"child": {text}}}"#);
        }
        let started = std::time::Instant::now();
        let tree: Tree = serde_json::from_str(&text).expect("decodes");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(matches!(tree, Tree::Leaf(_)));
        assert_eq!(serde_json::to_string(&tree).expect("written"), text.replace(": ", ":"));
        let branch: Tree = serde_json::from_str(r#"{"child": {}, "extra": true}"#).expect("decodes");
        assert!(matches!(branch, Tree::Branch(_)), "the member naming more properties: {branch:?}");
    }

    #[test]
    fn a_union_without_members_keeps_every_value() {
        let any: Empty = serde_json::from_str("[1]").unwrap();
        assert_eq!(any, Empty::Unrecognized(serde_json::json!([1])));
        assert_eq!(serde_json::to_string(&any).unwrap(), "[1]");
    }

    crate::serde_struct! {
        /// A member that keeps unknown properties, as generated structs read from responses do.
        #[derive(Debug, PartialEq)]
        pub struct Image {
            #[wire(required)]
            pub url: String,
            #[additional]
            pub rest: Map<String, Value>,
        }
    }

    crate::serde_struct! {
        /// A member that reads the tag as its own field.
        #[derive(Debug, PartialEq)]
        pub struct Tagged {
            #[wire(required)]
            pub kind: String,
        }
    }

    #[test]
    fn a_member_does_not_keep_the_tag_among_its_unknown_properties() {
        let v = serde_json::json!({"kind": "image", "url": "u", "alt": "a"});
        let image: Image = member::<Image, serde_json::Error>(v.clone(), "kind").unwrap();
        assert_eq!(image.rest, serde_json::json!({"alt": "a"}).as_object().cloned().unwrap());
        let mut written = Vec::new();
        serialize_member(&mut serde_json::Serializer::new(&mut written), "kind", "image", &image).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), r#"{"kind":"image","url":"u","alt":"a"}"#);
        let tagged: Tagged = member::<Tagged, serde_json::Error>(v, "kind").unwrap();
        assert_eq!(tagged.kind, "image");
    }

    #[test]
    fn reads_the_tag() {
        let v: Value = serde_json::json!({"type": "text", "content": "hi"});
        assert_eq!(tag_of(&v, "type"), Some("text"));
        let t: Text = member::<Text, serde_json::Error>(v, "type").unwrap();
        assert_eq!(t.content, "hi");
        assert_eq!(tag_of(&serde_json::json!([1]), "type"), None);
    }
}
