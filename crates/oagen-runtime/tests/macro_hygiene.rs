//! Types named as the runtime's macros name their generic parameters, helpers and std items (`A`..`Z`, `Option`,
//! `Result`, `Slot`, `Fields`, `Value`, ...) as field types, struct names and enum names: macro hygiene does not
//! cover type names, so a field type `A` pasted next to a parameter `A` (`visit_map<A: MapAccess>`) meant the
//! parameter and did not compile. Each name is declared as a type of the module the macros expand in, the way a
//! generated crate's models are.

#![allow(non_camel_case_types, clippy::upper_case_acronyms, clippy::enum_variant_names)]

/// Declares each name as a small `serde_struct!` object (`{"id": ..}`), as a generated model.
macro_rules! objects {
    ($($name:ident)*) => {$(
        oagen_runtime::serde_struct! {
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct $name {
                #[wire(optional)]
                pub id: ::core::option::Option<i64>,
            }
        }
    )*};
}

/// Type names only: every single letter, the std names a macro could use unqualified, and every name the
/// runtime's macros and the items they expand to use (their helpers, traits and parameters).
mod names {
    objects! {
        A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
        Option Result Some None Ok Err Default Clone Debug PartialEq From Into Vec String Box Sized Send Sync
        Value Map BTreeMap Tristate Slot Slots Fields Key Req Opt Presence Written Additional Required Nullable
        Optional Number Integral Visitor Serializer Deserializer Serialize Deserialize MapAccess SerializeMap
        Formatter Error Display ToOwned Names Shape Fit Kept Tagged Member Unrecognized Listed Other Out Len
        Dedup Phantom PhantomData StringVisitor KeyVisitor Choose Candidate Settled Best Expected
    }

    oagen_runtime::serde_struct! {
        /// One required field per name, the fields named like the macros' locals: more than 16 fields, so read
        /// through several groups of slots.
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Holder {
            #[wire(required)]
            pub a: A,
            #[wire(required)]
            pub b: B,
            #[wire(required)]
            pub c: C,
            #[wire(required)]
            pub d: D,
            #[wire(required)]
            pub e: E,
            #[wire(required)]
            pub f: F,
            #[wire(required)]
            pub g: G,
            #[wire(required)]
            pub h: H,
            #[wire(required)]
            pub i: I,
            #[wire(required)]
            pub j: J,
            #[wire(required)]
            pub k: K,
            #[wire(required)]
            pub l: L,
            #[wire(required)]
            pub m: M,
            #[wire(required)]
            pub n: N,
            #[wire(required)]
            pub o: O,
            #[wire(required)]
            pub p: P,
            #[wire(required)]
            pub q: Q,
            #[wire(required)]
            pub r: R,
            #[wire(required)]
            pub s: S,
            #[wire(required)]
            pub t: T,
            #[wire(required)]
            pub u: U,
            #[wire(required)]
            pub v: V,
            #[wire(required)]
            pub w: W,
            #[wire(required)]
            pub x: X,
            #[wire(required)]
            pub y: Y,
            #[wire(required)]
            pub z: Z,
            #[wire(nullable, rename = "option")]
            pub option: ::core::option::Option<Option>,
            #[wire(optional, rename = "result")]
            pub result: ::core::option::Option<Result>,
            #[wire(optional)]
            pub some: ::core::option::Option<Some>,
            #[wire(optional)]
            pub none: ::core::option::Option<None>,
            #[wire(optional)]
            pub ok: ::core::option::Option<Ok>,
            #[wire(optional)]
            pub err: ::core::option::Option<Err>,
            #[wire(optional)]
            pub default: oagen_runtime::Tristate<Default>,
            #[wire(required)]
            pub value: Value,
            #[wire(required)]
            pub map: Map,
            #[wire(required)]
            pub key: Key,
            #[wire(required)]
            pub fields: Fields,
            #[wire(required)]
            pub slots: Slots,
            #[wire(required)]
            pub written: Written,
            #[wire(required)]
            pub serializer: Serializer,
            #[wire(required)]
            pub deserializer: Deserializer,
            #[wire(required)]
            pub names: Names,
            #[wire(required, rename = "string")]
            pub string: String,
            #[wire(required)]
            pub vec: ::std::vec::Vec<Vec>,
            #[wire(required, rename = "box")]
            pub r#box: ::std::boxed::Box<Box>,
            #[wire(optional)]
            pub tristate: ::core::option::Option<Tristate>,
            #[wire(optional)]
            pub slot: ::core::option::Option<Slot>,
            #[wire(optional)]
            pub visitor: ::core::option::Option<Visitor>,
            #[wire(optional)]
            pub error: ::core::option::Option<Error>,
            #[wire(optional)]
            pub formatter: ::core::option::Option<Formatter>,
            #[wire(optional)]
            pub map_access: ::core::option::Option<MapAccess>,
            #[wire(optional)]
            pub presence: ::core::option::Option<Presence>,
            #[wire(optional)]
            pub additional: ::core::option::Option<Additional>,
            #[wire(optional number)]
            pub number: ::core::option::Option<f64>,
            #[additional]
            pub rest: ::std::collections::BTreeMap<::std::string::String, Kept>,
        }
    }

    /// The same fields in one list (what a struct wider than the groups hold is read with): each through its own
    /// `Slot`.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct FlatHolder {
        pub a: A,
        pub d: ::core::option::Option<D>,
        pub s: ::core::option::Option<S>,
        pub slot: ::core::option::Option<Slot>,
        pub key: Key,
        pub map: Value,
        pub rest: ::std::collections::BTreeMap<::std::string::String, Map>,
    }

    oagen_runtime::__serde_struct_flat!(FlatHolder [rest]
        ((required) a (A) [])
        ((optional) d (::core::option::Option<D>) [])
        ((nullable) s (::core::option::Option<S>) [])
        ((optional) slot (::core::option::Option<Slot>) [= "Slot"])
        ((required) key (Key) [])
        ((required) map (Value) [])
    );

    /// An open string enum named like a parameter, its variants named like the others and like std's.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum SE {
        A,
        D,
        S,
        Some,
        None,
        Ok,
        Err,
        Other(::std::string::String),
    }

    oagen_runtime::string_enum!(SE {
        A = "a",
        D = "d",
        S = "s",
        Some = "some",
        None = "none",
        Ok = "ok",
        Err = "err",
    } Other);
}

/// Value names too: unit structs named as std's constructors and functions shadow them in both namespaces, as a
/// generated newtype or unit type of that name would.
mod values {
    /// Declares each name as a unit struct, which no code of the test builds: it is there to be shadowed.
    macro_rules! units {
        ($($name:ident)*) => {$(
            #[allow(dead_code)]
            pub struct $name;
        )*};
    }

    units!(Some None Ok Err Option Result Default String Vec Box NAMES A D S);

    oagen_runtime::serde_struct! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct Shadowed {
            #[wire(required)]
            pub a: super::names::A,
            #[wire(optional)]
            pub d: ::core::option::Option<super::names::D>,
            #[wire(nullable)]
            pub s: ::core::option::Option<super::names::S>,
            #[wire(optional)]
            pub e: oagen_runtime::Tristate<super::names::SE>,
            #[additional]
            pub rest: ::std::collections::BTreeMap<::std::string::String, i64>,
        }
    }

    oagen_runtime::serde_struct! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct Empty {}
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Letters {
        A,
        D,
        Unrecognized(::std::string::String),
    }

    oagen_runtime::string_enum!(Letters { A = "a", D = "d" } Unrecognized);
}

/// Enums and a union named like the parameters, as field types.
mod enums {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum A {
        A,
        Unrecognized(::std::string::String),
    }

    oagen_runtime::string_enum!(A { A = "a" } Unrecognized);

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum D {
        D,
        S,
        Unrecognized(::std::string::String),
    }

    oagen_runtime::string_enum!(D { D = "d", S = "s" } Unrecognized);

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum S {
        S,
        Unrecognized(::std::string::String),
    }

    oagen_runtime::string_enum!(S { S = "s" } Unrecognized);

    /// A tagged union named like the `Deserialize` parameter, its members named like the others.
    #[derive(Debug, Clone, PartialEq)]
    pub enum T {
        A(super::names::A),
        S(super::names::S),
        Unrecognized(::serde_json::Value),
    }

    oagen_runtime::tagged_union!(T { A = "a", S = "s" } "kind" Unrecognized);

    oagen_runtime::serde_struct! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct Uses {
            #[wire(required)]
            pub a: A,
            #[wire(required)]
            pub d: D,
            #[wire(optional)]
            pub s: ::core::option::Option<S>,
            #[wire(optional)]
            pub t: ::core::option::Option<T>,
        }
    }
}

use names::{FlatHolder, Holder, Map, SE};
use serde_json::json;

fn round_trip<T>(wire: serde_json::Value) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let read: T = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&read).expect("encodes"), wire);
    read
}

#[test]
fn fields_typed_by_any_name_read_and_write() {
    let mut wire = serde_json::Map::new();
    // The required fields, each an object with its index as its id.
    let objects = "a b c d e f g h i j k l m n o p q r s t u v w x y z \
                   value map key fields slots written serializer deserializer names string";
    for (n, name) in objects.split_whitespace().enumerate() {
        wire.insert(name.to_owned(), json!({"id": n}));
    }
    wire.insert("option".to_owned(), json!(null));
    wire.insert("default".to_owned(), json!(null));
    wire.insert("vec".to_owned(), json!([{"id": 1}, {}]));
    wire.insert("box".to_owned(), json!({}));
    wire.insert("slot".to_owned(), json!({"id": 7}));
    wire.insert("number".to_owned(), json!(3));
    wire.insert("extra".to_owned(), json!({"id": 9}));
    let holder: Holder = round_trip(serde_json::Value::Object(wire));
    assert_eq!((holder.a.id, holder.d.id, holder.s.id, holder.z.id), (Some(0), Some(3), Some(18), Some(25)));
    assert_eq!(holder.default, oagen_runtime::Tristate::Null);
    assert_eq!(holder.slot.and_then(|s| s.id), Some(7));
    assert_eq!(holder.rest.get("extra").and_then(|k| k.id), Some(9));
    assert_eq!(holder.vec.len(), 2);

    let missing = serde_json::from_value::<Holder>(json!({"a": {}})).map_err(|e| e.to_string());
    assert_eq!(missing.err().as_deref(), Some("missing field `b`"));
}

#[test]
fn a_table_in_one_list_reads_and_writes_fields_typed_by_any_name() {
    let flat: FlatHolder =
        round_trip(json!({"a": {"id": 1}, "s": null, "Slot": {}, "key": {}, "map": {"id": 2}, "more": {}}));
    assert_eq!((flat.a.id, flat.d, flat.map.id), (Some(1), None, Some(2)));
    assert_eq!(flat.rest.get("more"), Some(&Map::default()));
    let repeated = serde_json::from_str::<FlatHolder>(r#"{"a": {}, "key": {}, "map": {}, "a": {}}"#);
    assert!(repeated.is_err_and(|e| e.to_string().contains("duplicate field `a`")));
}

#[test]
fn enums_named_like_parameters_read_and_write() {
    for (wire, value) in [("a", SE::A), ("d", SE::D), ("s", SE::S), ("some", SE::Some), ("none", SE::None)] {
        assert_eq!(round_trip::<SE>(json!(wire)), value);
    }
    assert_eq!(round_trip::<SE>(json!("ok")), SE::Ok);
    assert_eq!(round_trip::<SE>(json!("err")), SE::Err);
    assert_eq!(round_trip::<SE>(json!("later")), SE::Other("later".to_owned()));
    assert_eq!(SE::D.to_string(), "d");
    assert_eq!(round_trip::<values::Letters>(json!("d")), values::Letters::D);
    let uses: enums::Uses = round_trip(json!({"a": "a", "d": "s", "s": "other", "t": {"kind": "s", "id": 2}}));
    assert_eq!((uses.a, uses.d), (enums::A::A, enums::D::S));
    assert_eq!(uses.s, Some(enums::S::Unrecognized("other".to_owned())));
    assert_eq!(uses.t.and_then(|t| if let enums::T::S(s) = t { s.id } else { None }), Some(2));
}

#[test]
fn std_constructors_shadowed_by_types_of_the_module() {
    let wire = json!({"a": {"id": 1}, "d": {}, "s": null, "e": "s", "other": 4});
    let shadowed: values::Shadowed = round_trip(wire);
    assert_eq!(shadowed.e, oagen_runtime::Tristate::Value(SE::S));
    assert_eq!(shadowed.rest.get("other"), Some(&4));
    let _: values::Empty = round_trip(json!({}));
    assert!(serde_json::from_value::<values::Shadowed>(json!({})).is_err());
}
