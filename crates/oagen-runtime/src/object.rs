//! Generated structs as JSON objects.
//!
//! `#[derive(Serialize, Deserialize)]` expands to a field enum, a field visitor, a sequence visitor and a map
//! visitor for every struct, plus per-field serde attributes, which is most of what a crate of models costs to
//! compile. [`serde_struct!`](crate::serde_struct) declares the struct and writes both impls from its fields' markers instead: one map
//! visitor that reads the object into a tuple of slots ([`Slots`]), one map serializer that writes a tuple of the
//! fields ([`Written`]), the per-field work of both in generic code of this crate. Objects only (a JSON array is not read
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

/// The slots of a struct's fields while its object is read, as one value: a [`Req`] or an [`Opt`] per field, in
/// tuples of at most 16 (a struct's table is split into such groups, and the groups into a tuple of them).
///
/// The generated visitor names neither the fields' types nor a call per field: it writes the tuple's shape
/// (`((Req<_>, Opt<_>),)`, the types inferred from the struct), and [`read`] fills it by the index of each key in
/// the table's wire names. The per-field work is in these generic impls, type-checked once here rather than once
/// per field of every generated struct (on GitHub's API, half of a models crate's `cargo check` was that).
pub trait Slots<'de>: Sized {
    /// The fields' values, in the tuple's shape.
    type Out;
    /// How many fields.
    const LEN: usize;

    /// Every slot empty.
    fn empty() -> Self;

    /// Reads the value of the field `index` (of `names`, the wire names from this slot on) from `map`; a second
    /// occurrence of a key is an error.
    fn fill<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A, names: &[&'static str]) -> Result<(), A::Error>;

    /// The values, once the object is read: a required field that never came is an error naming it.
    fn finish<E: Error>(self, names: &[&'static str]) -> Result<Self::Out, E>;
}

/// The slot of a field the object must have.
#[derive(Debug)]
pub struct Req<T>(Option<T>);

/// The slot of a field the object may leave out: its `Default` (`None`, `Tristate::Absent`) when absent.
#[derive(Debug)]
pub struct Opt<T>(Option<T>);

/// Reads one value into `slot`, refusing a second one.
fn fill_one<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    names: &[&'static str],
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(names.first().copied().unwrap_or("?")));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de, T: Deserialize<'de>> Slots<'de> for Req<T> {
    type Out = T;
    const LEN: usize = 1;

    fn empty() -> Self {
        Req(None)
    }

    fn fill<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A, names: &[&'static str]) -> Result<(), A::Error> {
        fill_one(&mut self.0, map, names)
    }

    fn finish<E: Error>(self, names: &[&'static str]) -> Result<T, E> {
        self.0.ok_or_else(|| E::missing_field(names.first().copied().unwrap_or("?")))
    }
}

impl<'de, T: Deserialize<'de> + Default> Slots<'de> for Opt<T> {
    type Out = T;
    const LEN: usize = 1;

    fn empty() -> Self {
        Opt(None)
    }

    fn fill<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A, names: &[&'static str]) -> Result<(), A::Error> {
        fill_one(&mut self.0, map, names)
    }

    fn finish<E: Error>(self, _: &[&'static str]) -> Result<T, E> {
        Ok(self.0.unwrap_or_default())
    }
}

/// `Slots` for a tuple of slots (or of tuples of them): each index goes to the member that holds it.
macro_rules! tuple_slots {
    ($($slot:ident $value:ident),+) => {
        impl<'de, $($slot: Slots<'de>),+> Slots<'de> for ($($slot,)+) {
            type Out = ($($slot::Out,)+);
            const LEN: usize = 0 $(+ $slot::LEN)+;

            fn empty() -> Self {
                ($($slot::empty(),)+)
            }

            #[allow(unused_assignments)]
            fn fill<A: MapAccess<'de>>(
                &mut self,
                mut index: usize,
                map: &mut A,
                mut names: &[&'static str],
            ) -> Result<(), A::Error> {
                let ($($value,)+) = self;
                $(
                    if index < $slot::LEN {
                        return $value.fill(index, map, names);
                    }
                    index -= $slot::LEN;
                    names = names.get($slot::LEN..).unwrap_or_default();
                )+
                Ok(())
            }

            #[allow(unused_assignments)]
            fn finish<E: Error>(self, mut names: &[&'static str]) -> Result<Self::Out, E> {
                let ($($value,)+) = self;
                Ok(($({
                    let out = $value.finish(names)?;
                    names = names.get($slot::LEN..).unwrap_or_default();
                    out
                },)+))
            }
        }
    };
}

/// Invokes `$impl!` for tuples of 1 to 16 members: `T0 v0, T1 v1, ..` (a type parameter and a binding each).
macro_rules! for_tuples {
    ($impl:ident) => {
        $impl!(T0 v0);
        $impl!(T0 v0, T1 v1);
        $impl!(T0 v0, T1 v1, T2 v2);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10, T11 v11);
        $impl!(T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10, T11 v11, T12 v12);
        $impl!(
            T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10, T11 v11, T12 v12, T13 v13
        );
        $impl!(
            T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10, T11 v11, T12 v12, T13 v13,
            T14 v14
        );
        $impl!(
            T0 v0, T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10, T11 v11, T12 v12, T13 v13,
            T14 v14, T15 v15
        );
    };
}

for_tuples!(tuple_slots);

/// Reads an object into `slots` (the wire names of its fields: `names`, in the slots' order); keys it does not
/// list are skipped.
pub fn read<'de, S: Slots<'de>, A: MapAccess<'de>>(
    map: A,
    names: &[&'static str],
    slots: S,
) -> Result<S::Out, A::Error> {
    read_with(map, names, slots, |map, _| skip(map))
}

/// [`read`], with the keys `names` does not list collected into `additional`.
pub fn read_rest<'de, S, A, M>(map: A, names: &[&'static str], slots: S, additional: &mut M) -> Result<S::Out, A::Error>
where
    S: Slots<'de>,
    A: MapAccess<'de>,
    M: Additional,
    M::Value: Deserialize<'de>,
{
    read_with(map, names, slots, |map, key| collect(map, additional, key))
}

/// The loop of [`read`] and [`read_rest`]: a listed key fills its slot, any other is handed to `other`.
fn read_with<'de, S: Slots<'de>, A: MapAccess<'de>>(
    mut map: A,
    names: &[&'static str],
    mut slots: S,
    mut other: impl FnMut(&mut A, Key<'de>) -> Result<(), A::Error>,
) -> Result<S::Out, A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match names.iter().position(|n| *n == key.as_str()) {
            Some(index) => slots.fill(index, &mut map, names)?,
            None => other(&mut map, key)?,
        }
    }
    slots.finish(names)
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
/// `Serialize` calls once per field, through [`Written`] for a grouped table.
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

/// A field of a grouped table being written that is always written: [`Fields::required`].
#[derive(Debug)]
pub struct Required<'a, T: ?Sized>(pub &'a T);

/// A required, nullable field being written (always, `null` when `None`): [`Fields::nullable`].
#[derive(Debug)]
pub struct Nullable<'a, T: ?Sized>(pub &'a T);

/// A field being written only when present: [`Fields::optional`].
#[derive(Debug)]
pub struct Optional<'a, T: ?Sized>(pub &'a T);

/// The fields of a struct being written, in the shape of its grouped table: a [`Required`], [`Nullable`] or
/// [`Optional`] per field, in tuples of at most 16. As for [`Slots`], the per-field work is this crate's generic
/// code, checked once, where a call per field in every generated struct was checked once per field.
pub trait Written {
    /// How many fields.
    const LEN: usize;

    /// Writes the fields (their wire names: `names`, from this one on) into `fields`.
    fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, names: &[&'static str]);
}

impl<T: Serialize + ?Sized> Written for Required<'_, T> {
    const LEN: usize = 1;

    fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, names: &[&'static str]) {
        fields.required(names.first().copied().unwrap_or("?"), self.0);
    }
}

impl<T: Serialize + ?Sized> Written for Nullable<'_, T> {
    const LEN: usize = 1;

    fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, names: &[&'static str]) {
        fields.nullable(names.first().copied().unwrap_or("?"), self.0);
    }
}

impl<T: Serialize + Presence + ?Sized> Written for Optional<'_, T> {
    const LEN: usize = 1;

    fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, names: &[&'static str]) {
        fields.optional(names.first().copied().unwrap_or("?"), self.0);
    }
}

/// `Written` for a tuple of fields (or of tuples of them), in order.
macro_rules! tuple_written {
    ($($field:ident $value:ident),+) => {
        impl<$($field: Written),+> Written for ($($field,)+) {
            const LEN: usize = 0 $(+ $field::LEN)+;

            #[allow(unused_assignments)]
            fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, mut names: &[&'static str]) {
                let ($($value,)+) = self;
                $(
                    $value.write(fields, names);
                    names = names.get($field::LEN..).unwrap_or_default();
                )+
            }
        }
    };
}

for_tuples!(tuple_written);

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

/// A generated struct, with the `Serialize` and `Deserialize` that `#[derive(Serialize, Deserialize)]` with
/// `#[serde(rename = "..")]`, `#[serde(default)]`, `#[serde(skip_serializing_if = ..)]` and `#[serde(flatten)]` on
/// the extra keys would implement, expanded from one map visitor and one map serializer per struct instead of the
/// derives' code (most of a models crate's compile time was the derives').
///
/// The input is the struct as it is declared, each field said once: its docs, then `#[wire(..)]` (how the object
/// holds it, and `rename = "wire"` when its name on the wire is not the Rust name), its other attributes, then
/// `pub name: Type,` (with the comma after the last too). The last field may be `#[additional]` (before its
/// docs), the map that holds the keys no other field lists. How the object holds a field:
///
/// - `required`: always there (reading an object without it is an error) and always written;
/// - `nullable`: required but nullable, an `Option` always written (`null` when `None`); read as `None` when absent;
/// - `optional`: may be left out, an `Option` or a `Tristate` written only when present; read as its `Default`
///   when absent.
///
/// `number` after the kind (`#[wire(optional number)]`) marks a field that holds JSON numbers as `f64`s (in
/// `Option`s, lists and maps): an integral value is written as an integer ([`crate::numbers::Integral`]), so that
/// `1000` comes back `1000`, not `1000.0`.
///
/// The macro declares the struct (its attributes, docs and fields as written, without the `#[wire]` and
/// `#[additional]` markers) and reads an object into tuples of at most 16 slots of the fields' types ([`Slots`],
/// whose per-field work is generic code of this crate); a struct wider than 16 tuples of 16 reads each field
/// through its own [`Slot`] instead, which costs more to compile per field.
///
/// ```
/// use std::collections::BTreeMap;
///
/// oagen_runtime::serde_struct! {
///     /// A pet.
///     #[derive(Debug, PartialEq)]
///     pub struct Pet {
///         #[wire(required)]
///         pub name: String,
///         /// Property `ownerId` on the wire.
///         #[wire(optional, rename = "ownerId")]
///         pub owner_id: Option<i64>,
///         #[additional]
///         pub extra: BTreeMap<String, String>,
///     }
/// }
///
/// let pet: Pet = serde_json::from_str(r#"{"name": "Rex", "color": "brown"}"#).unwrap();
/// assert_eq!(pet.owner_id, None);
/// assert_eq!(pet.extra["color"], "brown");
/// assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex","color":"brown"}"#);
/// assert!(serde_json::from_str::<Pet>(r#"{"ownerId": 1}"#).is_err());
/// ```
#[macro_export]
macro_rules! serde_struct {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                #[wire($kind:ident $($number:ident)? $(, rename = $wire:literal)?)]
                $(#[$field_attr:meta])*
                pub $field:ident: $ty:ty,
            )*
            $(
                #[additional]
                $(#[doc = $rest_doc:literal])*
                pub $additional:ident: $map:ty $(,)?
            )?
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $(
                $(#[doc = $doc])*
                $(#[$field_attr])*
                pub $field: $ty,
            )*
            $(
                $(#[doc = $rest_doc])*
                pub $additional: $map,
            )?
        }

        $crate::__serde_struct_groups!($name [$($additional)?] [] [] $((($kind $($number)?) $field ($ty) [$(= $wire)?]))*);
    };
}
/// The rows of a [`serde_struct!`] (`(kind field (Type) [= "wire"])`, one per field) into groups of at most 16:
/// `name [additional] [groups so far] [one `x` per group] rows..`. Sixteen groups at most; a wider struct is read
/// field by field.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_groups {
    // Sixteen groups and rows left: wider than the tuples of slots, so each field through its own slot.
    ($name:ident $additional:tt [$([$($done:tt)*])*] [x x x x x x x x x x x x x x x x] $($row:tt)+) => {
        $crate::__serde_struct_flat!($name $additional $($($done)*)* $($row)*);
    };
    // Sixteen more rows: one more group.
    ($name:ident $additional:tt [$($groups:tt)*] [$($n:tt)*] $r0:tt $r1:tt $r2:tt $r3:tt $r4:tt $r5:tt $r6:tt $r7:tt $r8:tt $r9:tt $r10:tt $r11:tt $r12:tt $r13:tt $r14:tt $r15:tt $($row:tt)*) => {
        $crate::__serde_struct_groups!($name $additional [$($groups)* [$r0 $r1 $r2 $r3 $r4 $r5 $r6 $r7 $r8 $r9 $r10 $r11 $r12 $r13 $r14 $r15]] [$($n)* x] $($row)*);
    };
    // No fields.
    ($name:ident $additional:tt [] []) => {
        $crate::__serde_struct_flat!($name $additional);
    };
    // The last group, of fewer than sixteen rows.
    ($name:ident $additional:tt [$($groups:tt)*] [$($n:tt)*] $($row:tt)+) => {
        $crate::__serde_struct_grouped!($name $additional $($groups)* [$($row)+]);
    };
    // The rows were a multiple of sixteen.
    ($name:ident $additional:tt [$($groups:tt)+] [$($n:tt)*]) => {
        $crate::__serde_struct_grouped!($name $additional $($groups)+);
    };
}

/// `Serialize` and `Deserialize` of a [`serde_struct!`] from its rows in groups: the object is read into one tuple
/// of tuples of slots (`object::Slots`).
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_grouped {
    ($name:ident [$($additional:ident)?] $([$((($kind:ident $($number:ident)?) $field:ident ($ty:ty) [$(= $wire:literal)?]))+])+) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                const NAMES: &[&str] = &[$($($crate::__serde_struct_wire!($field $(= $wire)?),)*)+];
                // The fields in the table's shape, written by `object::Written`: no call per field here.
                let mut fields = $crate::object::Fields::start(serializer)?;
                let written = ($(($($crate::__serde_struct_entry!($kind $($number)? &self.$field),)*),)+);
                $crate::object::Written::write(&written, &mut fields, NAMES);
                $(fields.rest(&self.$additional);)?
                fields.end()
            }
        }

        // The fields are bound by their own names, whatever the spec calls them (`foo`, `_1`).
        $crate::__serde_struct_visitor!($name, (map) {
            const NAMES: &[&str] = &[$($($crate::__serde_struct_wire!($field $(= $wire)?),)*)+];
            let slots: ($(($($crate::__serde_struct_slot!($kind $ty),)*),)+) = $crate::object::Slots::empty();
            $(let mut $additional = ::core::default::Default::default();)?
            let ($(($($field,)*),)+) = $crate::__serde_struct_read!(map, NAMES, slots $(, $additional)?)?;
            ::core::result::Result::Ok($name { $($($field,)*)+ $($additional,)? })
        });
    };
}

/// `Serialize` and `Deserialize` of a [`serde_struct!`] from its rows in one list (no fields, or more than the
/// groups hold): each field read through its own `Slot`.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_flat {
    ($name:ident [$($additional:ident)?] $((($kind:ident $($number:ident)?) $field:ident ($ty:ty) [$(= $wire:literal)?]))*) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                // One plain call per field, no `?` and no branch here: see `object::Fields`.
                #[allow(unused_mut)] // a struct without fields
                let mut fields = $crate::object::Fields::start(serializer)?;
                $($crate::object::Written::write(
                    &$crate::__serde_struct_entry!($kind $($number)? &self.$field),
                    &mut fields,
                    &[$crate::__serde_struct_wire!($field $(= $wire)?)],
                );)*
                $(fields.rest(&self.$additional);)?
                fields.end()
            }
        }

        // The slots are named after the fields, whatever the spec calls them (`foo`, `_1`).
        $crate::__serde_struct_visitor!($name, (mut map) {
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
                $($field: $crate::__serde_struct_take!($kind $field ($crate::__serde_struct_wire!($field $(= $wire)?)) __A),)*
                $($additional,)?
            })
        });
    };
}

/// A struct's `Deserialize`: a map visitor whose `visit_map(self, <binding>: __A)` is `body`, with `'de` and `__A`
/// in scope. The generic parameters are named so that no generated type can be one (field types are pasted into
/// the body: a type `A` beside a parameter `A` did not compile).
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_visitor {
    ($name:ident, ($($map:tt)+) $body:block) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> $crate::__serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("an object (", ::core::stringify!($name), ")"))
                    }

                    #[allow(clippy::disallowed_names, clippy::just_underscores_and_digits)]
                    fn visit_map<__A: $crate::__serde::de::MapAccess<'de>>(self, $($map)+: __A) -> ::core::result::Result<$name, __A::Error> $body
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
}

/// The slot of a field of a grouped table: [`Req`](crate::object::Req) for a `required` one, else
/// [`Opt`](crate::object::Opt).
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_slot {
    (required $ty:ty) => {
        $crate::object::Req<$ty>
    };
    ($kind:ident $ty:ty) => {
        $crate::object::Opt<$ty>
    };
}

/// A field of a grouped table being written, by how the object holds it.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_entry {
    // A `number` field: integral values written as integers (`numbers::Integral`). First: `number & x` would
    // parse as an expression.
    ($kind:ident number $value:expr) => {
        $crate::numbers::Number($crate::__serde_struct_entry!($kind $value))
    };
    (required $value:expr) => {
        $crate::object::Required($value)
    };
    (nullable $value:expr) => {
        $crate::object::Nullable($value)
    };
    (optional $value:expr) => {
        $crate::object::Optional($value)
    };
}

/// Reads the object of a grouped table: skipping the keys it does not list, or collecting them.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_struct_read {
    ($map:ident, $names:ident, $slots:ident) => {
        $crate::object::read($map, $names, $slots)
    };
    ($map:ident, $names:ident, $slots:ident, $additional:ident) => {
        $crate::object::read_rest($map, $names, $slots, &mut $additional)
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

    crate::serde_struct! {
        #[derive(Debug, PartialEq)]
        pub struct Update {
            #[wire(required)]
            pub id: String,
            #[wire(optional, rename = "note")]
            pub note: Option<String>,
            #[wire(nullable)]
            pub title: Option<String>,
            #[wire(optional, rename = "read")]
            pub read: Tristate<bool>,
            /// A raw identifier, named on the wire.
            #[wire(optional, rename = "type")]
            #[allow(clippy::type_complexity)]
            pub r#type: Option<i64>,
        }
    }

    /// `Update` through the table in one list (what a struct wider than the groups allow is written with).
    #[derive(Debug, PartialEq)]
    pub struct FlatUpdate {
        id: String,
        note: Option<String>,
        title: Option<String>,
        read: Tristate<bool>,
        r#type: Option<i64>,
    }

    crate::__serde_struct_flat!(FlatUpdate []
        ((required) id (String) [])
        ((optional) note (Option<String>) [= "note"])
        ((nullable) title (Option<String>) [])
        ((optional) read (Tristate<bool>) [= "read"])
        ((optional) r#type (Option<i64>) [= "type"])
    );

    crate::serde_struct! {
        /// Twenty fields in two groups (16 and 4): each key goes to the slot of its field in either group.
        #[derive(Debug, PartialEq, Default)]
        pub struct Wide {
            #[wire(required)]
            pub f0: i64,
            #[wire(required)]
            pub f1: i64,
            #[wire(required)]
            pub f2: i64,
            #[wire(required)]
            pub f3: i64,
            #[wire(required)]
            pub f4: i64,
            #[wire(required)]
            pub f5: i64,
            #[wire(required)]
            pub f6: i64,
            #[wire(required)]
            pub f7: i64,
            #[wire(required)]
            pub f8: i64,
            #[wire(required)]
            pub f9: i64,
            #[wire(required)]
            pub f10: i64,
            #[wire(required)]
            pub f11: i64,
            #[wire(required)]
            pub f12: i64,
            #[wire(required)]
            pub f13: i64,
            #[wire(required)]
            pub f14: i64,
            #[wire(required, rename = "last of the first group")]
            pub f15: i64,
            #[wire(optional)]
            pub f16: Option<i64>,
            #[wire(required, rename = "seventeen")]
            pub f17: String,
            #[wire(nullable)]
            pub f18: Option<i64>,
            #[wire(optional)]
            pub f19: Tristate<i64>,
            #[additional]
            pub rest: serde_json::Map<String, serde_json::Value>,
        }
    }

    crate::serde_struct! {
        #[derive(Debug, PartialEq)]
        pub struct Open {
            #[wire(required, rename = "name")]
            pub name: String,
            #[additional]
            /// The keys not listed.
            pub rest: serde_json::Map<String, serde_json::Value>,
        }
    }

    // A field named like the visitor's own locals (`map`) and collecting into itself.
    crate::serde_struct! {
        #[derive(Debug, PartialEq)]
        pub struct Counts {
            #[additional]
            pub map: BTreeMap<String, i64>,
        }
    }

    // Names clippy would flag in hand-written code (`foo`) and the visitor's own `key`: the expansion stays clean
    // under `clippy -D warnings`, which the corpus test runs on generated crates.
    crate::serde_struct! {
        #[derive(Debug, PartialEq)]
        pub struct Placeholders {
            #[wire(optional, rename = "foo")]
            pub foo: Option<i64>,
            #[wire(optional, rename = "key")]
            pub key: Option<i64>,
        }
    }

    // No fields at all.
    crate::serde_struct! {
        #[derive(Debug, PartialEq)]
        pub struct Nothing {}
    }

    /// A value no serializer accepts, saying which one it is.
    #[derive(Debug, PartialEq)]
    pub struct Refused(&'static str);

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

    crate::serde_struct! {
        #[derive(Debug, PartialEq)]
        pub struct Refusing {
            #[wire(required)]
            pub first: Refused,
            #[wire(optional)]
            pub second: Option<Refused>,
        }
    }

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
        let nothing: Result<Nothing, _> = serde_json::from_str(r#"{"a": 1}"#);
        assert_eq!(nothing.ok(), Some(Nothing {}));
        assert_eq!(serde_json::to_string(&Nothing {}).ok().as_deref(), Some("{}"));
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

    #[test]
    fn a_grouped_table_and_a_table_in_one_list_read_and_write_alike() {
        for json in [
            r#"{"id": "a"}"#,
            r#"{"id": "a", "note": "n", "read": null, "type": 3, "title": null, "other": 1}"#,
            r#"{"note": "n"}"#,
            r#"{"id": "a", "id": "b"}"#,
            r#"{"id": "a", "read": "yes"}"#,
            r#"["a"]"#,
        ] {
            let grouped = serde_json::from_str::<Update>(json).map_err(|e| e.to_string());
            let flat = serde_json::from_str::<FlatUpdate>(json).map_err(|e| e.to_string());
            match (&grouped, &flat) {
                (Ok(g), Ok(f)) => {
                    assert_eq!(
                        (&g.id, &g.note, &g.title, &g.read, &g.r#type),
                        (&f.id, &f.note, &f.title, &f.read, &f.r#type)
                    );
                    assert_eq!(serde_json::to_string(g).ok(), serde_json::to_string(f).ok(), "{json}");
                }
                (Err(g), Err(f)) => assert_eq!(g.replace("Update", ""), f.replace("FlatUpdate", ""), "{json}"),
                _ => panic!("{json}: {grouped:?} against {flat:?}"),
            }
        }
    }

    #[test]
    fn each_key_of_a_wide_struct_goes_to_its_own_slot_in_either_group() {
        let mut json: serde_json::Map<String, serde_json::Value> =
            (0..15).map(|i| (format!("f{i}"), serde_json::json!(i))).collect();
        json.insert("last of the first group".into(), serde_json::json!(15));
        json.insert("seventeen".into(), serde_json::json!("s"));
        json.insert("f19".into(), serde_json::Value::Null);
        json.insert("unlisted".into(), serde_json::json!(true));
        let wide: Wide = serde_json::from_value(serde_json::Value::Object(json.clone())).expect("reads");
        assert_eq!((wide.f0, wide.f7, wide.f14, wide.f15), (0, 7, 14, 15));
        assert_eq!((wide.f16, wide.f17.as_str(), wide.f18, &wide.f19), (None, "s", None, &Tristate::Null));
        assert_eq!(wide.rest.get("unlisted"), Some(&serde_json::json!(true)));
        // Written back: every listed field but the absent optional ones, then the rest.
        let written: serde_json::Value = serde_json::to_value(&wide).expect("writes");
        json.insert("f18".into(), serde_json::Value::Null);
        assert_eq!(written, serde_json::Value::Object(json.clone()));

        let missing = {
            let mut j = json.clone();
            j.remove("seventeen");
            serde_json::from_value::<Wide>(serde_json::Value::Object(j)).map_err(|e| e.to_string())
        };
        assert_eq!(missing.err().as_deref(), Some("missing field `seventeen`"));
        let text = serde_json::to_string(&json).expect("text");
        let repeated = format!("{}, \"last of the first group\": 1}}", &text[..text.len() - 1]);
        let repeated = serde_json::from_str::<Wide>(&repeated).map_err(|e| e.to_string());
        assert!(repeated.is_err_and(|e| e.contains("duplicate field `last of the first group`")));
    }
}
