//! Generated structs as JSON objects.
//!
//! `#[derive(Serialize, Deserialize)]` expands to a field enum, a field visitor, a sequence visitor and a map
//! visitor for every struct, plus per-field serde attributes, which is most of what a crate of models costs to
//! compile. [`serde_struct!`](crate::serde_struct) writes both impls from a table of fields instead: one map
//! visitor whose per-field work is a call into [`Slot`], one map serializer. Objects only (a JSON array is not read
//! as a struct), a repeated key is an error, keys the struct does not list are skipped or, for a struct with
//! additional properties, collected (and written after the listed fields).

use crate::Tristate;
use serde::de::{self, Deserialize, Deserializer, Error, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The value of one field while its object is read: empty until the key is met.
#[derive(Debug)]
pub struct Slot<T>(Option<T>);

impl<T> Slot<T> {
    /// An empty slot.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        Slot(None)
    }

    /// Reads the value of the key `field` just read; a second occurrence of the key is an error.
    pub fn fill<'de, A: MapAccess<'de>>(&mut self, map: &mut A, field: &'static str) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
    {
        if self.0.is_some() {
            return Err(A::Error::duplicate_field(field));
        }
        self.0 = Some(map.next_value()?);
        Ok(())
    }

    /// The value of a field the object must have.
    pub fn required<E: Error>(self, field: &'static str) -> Result<T, E> {
        self.0.ok_or_else(|| E::missing_field(field))
    }

    /// The value of a field the object may leave out: its default (`None`, `Tristate::Absent`) when absent.
    pub fn optional(self) -> T
    where
        T: Default,
    {
        self.0.unwrap_or_default()
    }
}

/// An object key: borrowed from the input when the format allows it, so matching a listed key allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'de> {
    /// A key borrowed from the input.
    Borrowed(&'de str),
    /// A key the format could not lend (escaped, or read from a stream).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(value))
            }

            fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value.to_owned()))
            }

            fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Whether an optional field is absent, and so left out of the object written.
pub trait Presence {
    /// `true` when the field is not to be written.
    fn is_absent(&self) -> bool;
}

impl<T> Presence for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Presence for Tristate<T> {
    fn is_absent(&self) -> bool {
        Tristate::is_absent(self)
    }
}

/// The object a generated struct is written as, field by field: what [`serde_struct!`](crate::serde_struct)'s
/// `Serialize` calls, once per field.
///
/// The first error is kept and every later call does nothing, so the generated code needs neither a `?` nor a
/// branch per field: each `?` is a match, a conversion and a return for rustc to check, and on the largest
/// documents they were a quarter of a models crate's `cargo check`.
pub struct Fields<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Fields<M> {
    /// Starts the object (its length left unsaid: optional fields may be left out).
    pub fn start<S>(serializer: S) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        Ok(Fields { map: serializer.serialize_map(None)?, error: None })
    }

    /// Writes `key: value` unless an earlier entry failed.
    fn entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(&mut self, key: &K, value: &V) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }

    /// A field that is always written.
    pub fn required<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// A required field that may be null: always written, `null` when `None`.
    pub fn nullable<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// A field written only when present (not `None`, not [`Tristate::Absent`]).
    pub fn optional<T: Serialize + Presence + ?Sized>(&mut self, key: &'static str, value: &T) {
        if !value.is_absent() {
            self.entry(key, value);
        }
    }

    /// The additional properties, after the listed fields.
    pub fn rest<'a, K, V, I>(&mut self, entries: I)
    where
        I: IntoIterator<Item = (&'a K, &'a V)>,
        K: Serialize + 'a,
        V: Serialize + 'a,
    {
        for (key, value) in entries {
            self.entry(key, value);
        }
    }

    /// Ends the object, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}

/// Skips the value of a key the struct does not list.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// The map a struct keeps its additional properties in.
pub trait Additional {
    /// The type of the values.
    type Value;

    /// Whether `key` is already there.
    fn has(&self, key: &str) -> bool;

    /// Adds an entry.
    fn add(&mut self, key: String, value: Self::Value);
}

impl<V> Additional for BTreeMap<String, V> {
    type Value = V;

    fn has(&self, key: &str) -> bool {
        self.contains_key(key)
    }

    fn add(&mut self, key: String, value: V) {
        self.insert(key, value);
    }
}

impl Additional for serde_json::Map<String, serde_json::Value> {
    type Value = serde_json::Value;

    fn has(&self, key: &str) -> bool {
        self.contains_key(key)
    }

    fn add(&mut self, key: String, value: serde_json::Value) {
        self.insert(key, value);
    }
}

/// Reads the value of a key the struct does not list into its additional properties; a repeated key is an error.
pub fn collect<'de, A, M>(map: &mut A, additional: &mut M, key: Key<'de>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    M: Additional,
    M::Value: Deserialize<'de>,
{
    if additional.has(key.as_str()) {
        return Err(A::Error::custom(format_args!("duplicate field `{}`", key.as_str())));
    }
    let value = map.next_value()?;
    additional.add(key.into_string(), value);
    Ok(())
}

/// Implements `Serialize` and `Deserialize` for a generated struct from its table of fields: what
/// `#[derive(Serialize, Deserialize)]` with `#[serde(rename = "..")]`, `#[serde(default)]`,
/// `#[serde(skip_serializing_if = ..)]` and `#[serde(flatten)]` on the extra keys would implement, expanded from one
/// map visitor and one map serializer per struct instead of the derives' code (most of a models crate's compile
/// time was the derives').
///
/// Each row is how the object holds a field, its Rust name, and `= "wire"` when its name on the wire is not the Rust
/// name; after the table, `.. name` names the field that holds the keys the table does not list. How the object
/// holds a field:
///
/// - `required`: always there (reading an object without it is an error) and always written;
/// - `nullable`: required but nullable, an `Option` always written (`null` when `None`); read as `None` when absent;
/// - `optional`: may be left out, an `Option` or a `Tristate` written only when present; read as its `Default`
///   when absent.
///
/// ```
/// use std::collections::BTreeMap;
///
/// #[derive(Debug, PartialEq)]
/// pub struct Pet {
///     pub name: String,
///     pub owner_id: Option<i64>,
///     pub extra: BTreeMap<String, String>,
/// }
///
/// oagen_runtime::serde_struct!(Pet {
///     required name,
///     optional owner_id = "ownerId",
/// } .. extra);
///
/// let pet: Pet = serde_json::from_str(r#"{"name": "Rex", "color": "brown"}"#).unwrap();
/// assert_eq!(pet.owner_id, None);
/// assert_eq!(pet.extra["color"], "brown");
/// assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex","color":"brown"}"#);
/// assert!(serde_json::from_str::<Pet>(r#"{"ownerId": 1}"#).is_err());
/// ```
#[macro_export]
macro_rules! serde_struct {
    ($name:ident { $($kind:ident $field:ident $(= $wire:literal)?),* $(,)? } $(.. $additional:ident)?) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                // One plain call per field, no `?` and no branch here: see `object::Fields`.
                let mut fields = $crate::object::Fields::start(serializer)?;
                $(fields.$kind($crate::__serde_struct_wire!($field $(= $wire)?), &self.$field);)*
                $(fields.rest(&self.$additional);)?
                fields.end()
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct __Visitor;

                impl<'de> $crate::__serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("an object (", ::core::stringify!($name), ")"))
                    }

                    // The slots are named after the fields, whatever the spec calls them (`foo`, `_1`).
                    #[allow(clippy::disallowed_names, clippy::just_underscores_and_digits)]
                    fn visit_map<A: $crate::__serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<$name, A::Error> {
                        $(let mut $field = $crate::object::Slot::new();)*
                        $(let mut $additional = ::core::default::Default::default();)?
                        while let ::core::option::Option::Some(key) = map.next_key::<$crate::object::Key<'de>>()? {
                            // One `?` for the whole match: each is a branch and a conversion to compile.
                            match key.as_str() {
                                $($crate::__serde_struct_wire!($field $(= $wire)?) => $field.fill(&mut map, $crate::__serde_struct_wire!($field $(= $wire)?)),)*
                                _ => $crate::__serde_struct_other!(map, key $(, $additional)?),
                            }?;
                        }
                        ::core::result::Result::Ok($name {
                            $($field: $crate::__serde_struct_take!($kind $field ($crate::__serde_struct_wire!($field $(= $wire)?)) A),)*
                            $($additional,)?
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}

/// A field's name on the wire: the one given, else the Rust name.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_wire {
    ($field:ident = $wire:literal) => {
        $wire
    };
    ($field:ident) => {
        ::core::stringify!($field)
    };
}

/// A key [`serde_struct!`] does not list: skipped, or collected into the additional properties.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_other {
    ($map:ident, $key:ident) => {
        $crate::object::skip(&mut $map)
    };
    ($map:ident, $key:ident, $additional:ident) => {
        $crate::object::collect(&mut $map, &mut $additional, $key)
    };
}

/// The value of a field once its object is read: a `required` one must have been there, the others take their
/// default.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_take {
    (required $field:ident $wire:tt $access:ident) => {
        $field.required::<$access::Error>($wire)?
    };
    ($kind:ident $field:ident $wire:tt $access:ident) => {
        $field.optional()
    };
}

#[cfg(test)]
mod tests {
    use crate::Tristate;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq)]
    struct Update {
        id: String,
        note: Option<String>,
        title: Option<String>,
        read: Tristate<bool>,
        r#type: Option<i64>,
    }

    crate::serde_struct!(Update {
        required id,
        optional note = "note",
        nullable title,
        optional read = "read",
        optional r#type = "type",
    });

    #[derive(Debug, PartialEq)]
    struct Open {
        name: String,
        rest: serde_json::Map<String, serde_json::Value>,
    }

    crate::serde_struct!(Open { required name = "name" } .. rest);

    #[derive(Debug, PartialEq)]
    struct Counts {
        map: BTreeMap<String, i64>,
    }

    // A field named like the visitor's own locals (`map`) and collecting into itself.
    crate::serde_struct!(Counts {}..map);

    #[derive(Debug, PartialEq)]
    struct Placeholders {
        foo: Option<i64>,
        key: Option<i64>,
    }

    // Names clippy would flag in hand-written code (`foo`) and the visitor's own `key`: the expansion stays clean
    // under `clippy -D warnings`, which the corpus test runs on generated crates.
    crate::serde_struct!(Placeholders { optional foo = "foo", optional key = "key" });

    /// A value no serializer accepts, saying which one it is.
    #[derive(Debug, PartialEq)]
    struct Refused(&'static str);

    impl serde::Serialize for Refused {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom(self.0))
        }
    }

    impl<'de> serde::Deserialize<'de> for Refused {
        fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
            Err(serde::de::Error::custom("refused"))
        }
    }

    #[derive(Debug, PartialEq)]
    struct Refusing {
        first: Refused,
        second: Option<Refused>,
    }

    crate::serde_struct!(Refusing { required first, optional second });

    fn update(json: &str) -> Result<Update, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let absent = update(r#"{"id": "a"}"#);
        assert_eq!(
            absent,
            Ok(Update { id: "a".into(), note: None, title: None, read: Tristate::Absent, r#type: None })
        );
        let set = update(r#"{"id": "a", "note": "n", "read": null, "type": 3, "title": null}"#);
        assert_eq!(
            set,
            Ok(Update { id: "a".into(), note: Some("n".into()), title: None, read: Tristate::Null, r#type: Some(3) })
        );
        let value = update(r#"{"read": true, "id": "b"}"#).map(|u| u.read);
        assert_eq!(value, Ok(Tristate::Value(true)));
    }

    #[test]
    fn a_missing_required_field_a_repeated_key_and_a_non_object_are_errors() {
        assert!(update(r#"{"note": "n"}"#).is_err_and(|e| e.contains("missing field `id`")));
        assert!(update(r#"{"id": "a", "id": "b"}"#).is_err_and(|e| e.contains("duplicate field `id`")));
        assert!(update(r#"["a"]"#).is_err_and(|e| e.contains("an object (Update)")));
        assert!(update("null").is_err());
        assert!(update(r#"{"id": 3}"#).is_err());
    }

    #[test]
    fn written_in_table_order_absent_fields_left_out_nullable_ones_always_there() {
        let empty = Update { id: "a".into(), note: None, title: None, read: Tristate::Absent, r#type: None };
        assert_eq!(serde_json::to_string(&empty).ok().as_deref(), Some(r#"{"id":"a","title":null}"#));
        let full = Update {
            id: "a".into(),
            note: Some("n".into()),
            title: Some("t".into()),
            read: Tristate::Null,
            r#type: Some(2),
        };
        assert_eq!(
            serde_json::to_string(&full).ok().as_deref(),
            Some(r#"{"id":"a","note":"n","title":"t","read":null,"type":2}"#)
        );
        let set = Update { read: Tristate::Value(true), ..empty };
        assert_eq!(serde_json::to_string(&set).ok().as_deref(), Some(r#"{"id":"a","title":null,"read":true}"#));
        let json = r#"{"name":"n","x":1,"y":[true]}"#;
        let open: Result<Open, _> = serde_json::from_str(json);
        assert_eq!(open.ok().and_then(|o| serde_json::to_string(&o).ok()).as_deref(), Some(json));
    }

    #[test]
    fn the_first_field_that_fails_is_the_error_and_nothing_after_it_is_written() {
        let both = Refusing { first: Refused("first"), second: Some(Refused("second")) };
        let mut out = Vec::new();
        let written = serde::Serialize::serialize(&both, &mut serde_json::Serializer::new(&mut out));
        assert_eq!(written.map_err(|e| e.to_string()), Err("first".to_owned()));
        assert_eq!(String::from_utf8_lossy(&out), "{\"first\":");
    }

    #[test]
    fn unlisted_keys_are_skipped_or_collected() {
        assert!(update(r#"{"id": "a", "extra": {"deep": [1, 2]}}"#).is_ok());
        let open: Result<Open, _> = serde_json::from_str(r#"{"x": 1, "name": "n", "y": [true]}"#);
        let rest: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(r#"{"x": 1, "y": [true]}"#).unwrap_or_default();
        assert_eq!(open.ok(), Some(Open { name: "n".into(), rest }));
        let repeated: Result<Open, _> = serde_json::from_str(r#"{"name": "n", "x": 1, "x": 2}"#);
        assert!(repeated.is_err_and(|e| e.to_string().contains("duplicate field `x`")));
        let counts: Result<Counts, _> = serde_json::from_str(r#"{"a": 1, "b": 2}"#);
        assert_eq!(counts.map(|c| c.map.len()).ok(), Some(2));
        let names: Result<Placeholders, _> = serde_json::from_str(r#"{"key": 1, "foo": 2}"#);
        assert_eq!(names.ok(), Some(Placeholders { foo: Some(2), key: Some(1) }));
    }

    #[test]
    fn keys_the_input_cannot_lend_are_read_too() {
        // An escaped key, and a reader (no borrowing at all).
        assert_eq!(update(r#"{"\u0069d": "a"}"#).map(|u| u.id), Ok("a".to_owned()));
        let from_reader: Result<Update, _> = serde_json::from_reader(&br#"{"id": "r", "note": "x"}"#[..]);
        assert_eq!(from_reader.ok().and_then(|u| u.note), Some("x".to_owned()));
        // From a `Value`, as unions read their members.
        let value = serde_json::json!({"id": "v", "read": false});
        assert_eq!(serde_json::from_value::<Update>(value).map(|u| u.read).ok(), Some(Tristate::Value(false)));
    }
}
