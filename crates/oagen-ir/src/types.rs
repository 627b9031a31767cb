//! The type arena: every type of the API as an entry addressed by [`TypeId`], with no Rust syntax in it.

use oagen_spec::{Constraints, Pointer};
use serde_json::Value;

/// The index of a type in the [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// A use of a type: which one, whether `null` is allowed there, and whether the use must be indirect because it
/// closes a cycle of by-value containment (a recursive type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeRef {
    /// The type used.
    pub id: TypeId,
    /// Whether `null` is a valid value at this use.
    pub nullable: bool,
    /// Whether this use closes a cycle and must be stored behind a pointer.
    pub indirect: bool,
}

impl TypeRef {
    /// A non-null, direct use of `id`.
    pub fn to(id: TypeId) -> Self {
        TypeRef { id, nullable: false, indirect: false }
    }

    /// The same use, nullable if `nullable` (or already nullable).
    pub fn or_null(self, nullable: bool) -> Self {
        TypeRef { nullable: self.nullable || nullable, ..self }
    }
}

/// Documentation carried over from the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
}

/// Scalar types with their formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Primitive {
    /// Any string.
    String,
    /// `format: date-time` (RFC 3339).
    DateTime,
    /// `format: date` (RFC 3339 full-date).
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: binary` outside JSON: raw bytes.
    Bytes,
    /// `integer`, `format: int32`.
    I32,
    /// `integer` without format, or `format: int64`.
    I64,
    /// `integer`, `format: uint32`.
    U32,
    /// `integer`, `format: uint64`.
    U64,
    /// `number` (any format: JSON numbers are doubles).
    F64,
    /// `boolean`.
    Bool,
}

/// A property of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The idiomatic field name (`snake_case`, unique in its struct).
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// Its type; `nullable` says whether `null` is allowed.
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Documentation (the property's own, else the referenced type's).
    pub docs: Docs,
    /// The spec `default`: what the server assumes when the property is absent. Never sent on the caller's behalf.
    pub default: Option<Value>,
    /// `readOnly`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only.
    pub write_only: bool,
    /// Values allowed by an `enum` that is not a string enum (e.g. `[true]`), for servers that validate.
    pub allowed: Option<Vec<Value>>,
    /// Validation keywords, for servers that validate.
    pub constraints: Constraints,
    /// Where the property is defined.
    pub pointer: Pointer,
}

/// An object with known properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    /// Properties in document order (merged `allOf` members first, in member order).
    pub fields: Vec<Field>,
    /// The type of other properties, when `additionalProperties` is written as `true` or a schema.
    pub additional: Option<TypeRef>,
    /// `additionalProperties: false`: no other properties are allowed.
    pub closed: bool,
    /// Other properties are kept as received and written back unchanged (set by a pass for the structs that
    /// responses reach and whose `additionalProperties` is not written: a newer server may add properties, and a
    /// client that writes back what it read must not erase them).
    pub keeps_unknown: bool,
}

impl Struct {
    /// The name of the field that holds the properties the spec does not list (the typed map of
    /// `additionalProperties`, or the unknown properties a response may carry), when the struct has one:
    /// `additional_properties` or `unknown_fields`, with a `_` appended when a listed property has that name.
    pub fn rest_field(&self) -> Option<String> {
        let base = if self.additional.is_some() {
            "additional_properties"
        } else if self.keeps_unknown {
            "unknown_fields"
        } else {
            return None;
        };
        let mut name = base.to_owned();
        while self.fields.iter().any(|f| f.name == name) {
            name.push('_');
        }
        Some(name)
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumValue {
    /// The idiomatic variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// An enum of strings (or of integers), open to values the spec does not list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    /// Listed values in document order.
    pub values: Vec<EnumValue>,
    /// The name of the variant that holds an unlisted value (unique among the variants).
    pub other: String,
    /// The values are integers (each [`EnumValue::wire`] is its decimal text): the 3.1 "titled enum" idiom, a
    /// `oneOf` of `const` integers named by their titles, or a lone integer `const`.
    pub integer: bool,
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The idiomatic variant name.
    pub name: String,
    /// The member type.
    pub ty: TypeRef,
    /// The tag value that selects this member, for tagged unions.
    pub tag_value: Option<String>,
}

/// A union of alternatives (`oneOf`/`anyOf`), tagged when a property tells the members apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The tag property (a `discriminator`, or a property every member fixes to one distinct value).
    pub tag: Option<String>,
    /// Members in document order.
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps a value no member matches (unique among the variants).
    pub other: String,
    /// `oneOf` (exactly one member matches) rather than `anyOf`.
    pub exclusive: bool,
}

/// What a type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// Any JSON value.
    Any,
    /// A scalar.
    Primitive(Primitive),
    /// An array.
    List(TypeRef),
    /// An object used as a map from strings to values of one type.
    Map(TypeRef),
    /// An object with known properties.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// A union.
    Union(Union),
    /// A named type that stands for another type (a component that is a scalar, list, map or reference).
    Alias(TypeRef),
}

/// One entry of the arena.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The idiomatic type name for named types (components and inline structs, enums, unions); `None` for
    /// anonymous scalars, lists and maps, which are written in place.
    pub name: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Documentation.
    pub docs: Docs,
    /// The component name when it comes from `components.schemas`.
    pub component: Option<String>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// The flat arena of every type of an API.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    defs: Vec<TypeDef>,
    /// Which entries are reachable from the components and operations (all, until computed).
    live: Vec<bool>,
}

impl TypeSpace {
    /// Adds an entry and returns its id.
    pub fn push(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId(u32::try_from(self.defs.len()).unwrap_or(u32::MAX));
        self.defs.push(def);
        id
    }

    /// The entry for `id`.
    ///
    /// Ids come only from this arena, so the index is always in range.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0 as usize]
    }

    /// The entry for `id`, mutably.
    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0 as usize]
    }

    /// Every entry with its id, in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs.iter().enumerate().map(|(i, d)| (TypeId(i as u32), d))
    }

    /// Named entries that are used (the ones that become items), in creation order. Inline types that lost every
    /// use (a union tag taken out of its members) are left out.
    pub fn named(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.iter().filter(|(id, d)| d.name.is_some() && self.live.get(id.0 as usize).copied().unwrap_or(true))
    }

    /// Records which entries are reachable.
    pub fn set_live(&mut self, live: Vec<bool>) {
        self.live = live;
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether the arena is empty.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Follows aliases to the type they stand for, and reports whether any alias on the way was nullable.
    pub fn resolve(&self, r: TypeRef) -> (TypeId, bool) {
        let mut id = r.id;
        let mut nullable = r.nullable;
        for _ in 0..self.defs.len() + 1 {
            match &self.get(id).kind {
                TypeKind::Alias(next) => {
                    nullable |= next.nullable;
                    id = next.id;
                }
                _ => break,
            }
        }
        (id, nullable)
    }

    /// Whether `null` is part of the type itself (only `Any` includes it).
    pub fn admits_null(&self, id: TypeId) -> bool {
        matches!(self.get(id).kind, TypeKind::Any)
    }
}
