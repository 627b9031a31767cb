//! Numbers written back as received: a JSON `number` is an `f64` in the models, and serde writes an `f64` with a
//! fraction (`1000.0`), so an integer a server sent (`1000`) would come back re-spelled. [`Integral`] writes an
//! `f64` that holds an integer exactly (below 2^53 in magnitude) as that integer, inside `Option`s, lists and maps;
//! generated structs write their `number` fields through it (`#[wire(optional number)]`).

use crate::object::{Fields, Nullable, Optional, Presence, Required, Written};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// The largest magnitude below which every integer is an `f64` exactly (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// `value`, serialised with every integral `f64` in it as an integer.
#[derive(Debug, Clone, Copy)]
pub struct Integral<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Integral<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Integers(serializer))
    }
}

/// A field of a generated struct whose type holds `number`s, written through [`Integral`].
#[derive(Debug)]
pub struct Number<W>(pub W);

impl<T: Serialize + ?Sized> Written for Number<Required<'_, T>> {
    const LEN: usize = 1;

    fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, names: &[&'static str]) {
        fields.required(names.first().copied().unwrap_or("?"), &Integral(self.0 .0));
    }
}

impl<T: Serialize + ?Sized> Written for Number<Nullable<'_, T>> {
    const LEN: usize = 1;

    fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, names: &[&'static str]) {
        fields.nullable(names.first().copied().unwrap_or("?"), &Integral(self.0 .0));
    }
}

impl<T: Serialize + Presence + ?Sized> Written for Number<Optional<'_, T>> {
    const LEN: usize = 1;

    fn write<M: SerializeMap>(&self, fields: &mut Fields<M>, names: &[&'static str]) {
        if !self.0 .0.is_absent() {
            fields.required(names.first().copied().unwrap_or("?"), &Integral(self.0 .0));
        }
    }
}

/// A serializer that writes integral `f64`s as integers, through `Option`s, sequences and maps.
struct Integers<S>(S);

/// A sequence whose items are written by [`Integers`].
struct Items<S>(S);

/// A map whose values are written by [`Integers`].
struct Entries<S>(S);

impl<S: SerializeSeq> SerializeSeq for Items<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Integral(value))
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeMap> SerializeMap for Entries<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        self.0.serialize_key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Integral(value))
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// Forwards a method of [`Serializer`] unchanged.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*) -> $out:ty;)*) => {
        $(fn $method(self, $($arg: $ty),*) -> Result<$out, S::Error> {
            self.0.$method($($arg),*)
        })*
    };
}

impl<S: Serializer> Serializer for Integers<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Items<S::SerializeSeq>;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = Entries<S::SerializeMap>;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = S::SerializeStructVariant;

    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        if v.fract() == 0.0 && v.abs() < EXACT {
            // Exact: an integer below 2^53 in magnitude converts without loss.
            self.0.serialize_i64(v as i64)
        } else {
            self.0.serialize_f64(v)
        }
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Integral(value))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Items)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Entries)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Integral(value))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_variant(name, index, variant, value)
    }

    forward! {
        serialize_bool(v: bool) -> S::Ok;
        serialize_i8(v: i8) -> S::Ok;
        serialize_i16(v: i16) -> S::Ok;
        serialize_i32(v: i32) -> S::Ok;
        serialize_i64(v: i64) -> S::Ok;
        serialize_i128(v: i128) -> S::Ok;
        serialize_u8(v: u8) -> S::Ok;
        serialize_u16(v: u16) -> S::Ok;
        serialize_u32(v: u32) -> S::Ok;
        serialize_u64(v: u64) -> S::Ok;
        serialize_u128(v: u128) -> S::Ok;
        serialize_f32(v: f32) -> S::Ok;
        serialize_char(v: char) -> S::Ok;
        serialize_str(v: &str) -> S::Ok;
        serialize_bytes(v: &[u8]) -> S::Ok;
        serialize_none() -> S::Ok;
        serialize_unit() -> S::Ok;
        serialize_unit_struct(name: &'static str) -> S::Ok;
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str) -> S::Ok;
        serialize_tuple(len: usize) -> Self::SerializeTuple;
        serialize_tuple_struct(name: &'static str, len: usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> Self::SerializeTupleVariant;
        serialize_struct(name: &'static str, len: usize) -> Self::SerializeStruct;
        serialize_struct_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> Self::SerializeStructVariant;
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use super::Integral;
    use std::collections::BTreeMap;

    fn written<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string(&Integral(value)).expect("written")
    }

    crate::serde_struct! {
        #[derive(Debug, PartialEq, Default)]
        pub struct Measure {
            #[wire(optional number)]
            pub value: Option<f64>,
            #[wire(required number, rename = "all")]
            pub values: Vec<f64>,
            #[wire(nullable number)]
            pub max: Option<f64>,
            #[wire(optional)]
            pub plain: Option<f64>,
        }
    }

    #[test]
    fn number_fields_come_back_as_received() {
        let text = r#"{"value":1000,"all":[1,2.5],"max":null,"plain":3}"#;
        let m: Measure = serde_json::from_str(text).expect("decodes");
        assert_eq!(m.values, [1.0, 2.5]);
        assert_eq!(
            serde_json::to_string(&m).expect("written"),
            r#"{"value":1000,"all":[1,2.5],"max":null,"plain":3.0}"#
        );
        let absent = Measure::default();
        assert_eq!(serde_json::to_string(&absent).expect("written"), r#"{"all":[],"max":null}"#);
    }

    #[test]
    fn an_integral_number_is_written_as_an_integer() {
        assert_eq!(written(&1000.0), "1000");
        assert_eq!(written(&-3.0), "-3");
        assert_eq!(written(&1.5), "1.5");
        assert_eq!(written(&0.1), "0.1");
        assert_eq!(written(&Some(50.0)), "50");
        assert_eq!(written(&None::<f64>), "null");
        assert_eq!(written(&vec![vec![1.0, 2.5]]), "[[1,2.5]]");
        assert_eq!(written(&BTreeMap::from([("a", 7.0)])), r#"{"a":7}"#);
        assert_eq!(written(&1e300), "1e+300", "beyond 2^53: kept a float");
        assert_eq!(written(&9_007_199_254_740_991.0), "9007199254740991");
        assert_eq!(serde_json::to_value(Integral(&2.0)).expect("a value"), serde_json::json!(2));
    }
}
