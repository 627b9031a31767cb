//! What an untagged union's table says of each member, for the runtime to choose the member a value is
//! (`oagen_runtime::choice`): its JSON type, its listed values, or its property names, required ones and whether
//! others are allowed.

use crate::plan::Types;
use oagen_ir::{Primitive, TypeKind, TypeRef};

/// The top-level shape of a union member's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberShape {
    /// Any value (a member that is itself a union, or any JSON).
    Any,
    /// A string (with or without a format: the member's type checks the format).
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object of any properties.
    Map,
    /// One of these strings.
    Strings(Vec<String>),
    /// One of these integers.
    Integers(Vec<i64>),
    /// An object with these properties (wire names), of which `required` must be present, and no other when
    /// `closed`.
    Object { known: Vec<String>, required: Vec<String>, closed: bool },
}

impl Types<'_> {
    /// The shape of the member `r` and whether it takes `null`.
    pub fn member_shape(&self, r: TypeRef) -> (MemberShape, bool) {
        let (id, nullable) = self.space().resolve(r);
        let shape = match &self.space().get(id).kind {
            TypeKind::Any | TypeKind::Union(_) | TypeKind::Alias(_) => MemberShape::Any,
            TypeKind::Primitive(p) => match p {
                Primitive::String | Primitive::DateTime | Primitive::Date | Primitive::Uuid | Primitive::Bytes => {
                    MemberShape::String
                }
                Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => MemberShape::Integer,
                Primitive::F64 => MemberShape::Number,
                Primitive::Bool => MemberShape::Boolean,
            },
            TypeKind::List(_) => MemberShape::Array,
            TypeKind::Map(_) => MemberShape::Map,
            TypeKind::Enum(e) if e.integer => {
                MemberShape::Integers(e.values.iter().filter_map(|v| v.wire.parse().ok()).collect())
            }
            TypeKind::Enum(e) => MemberShape::Strings(e.values.iter().map(|v| v.wire.clone()).collect()),
            TypeKind::Struct(s) => MemberShape::Object {
                known: s.fields.iter().map(|f| f.wire_name.clone()).collect(),
                required: s.fields.iter().filter(|f| f.required).map(|f| f.wire_name.clone()).collect(),
                closed: s.closed && s.additional.is_none(),
            },
        };
        (shape, nullable || self.is_any(r))
    }
}
