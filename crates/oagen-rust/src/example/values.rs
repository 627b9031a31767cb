//! Values that satisfy a schema, as Rust expressions: required members only, the first enum value or union
//! member, empty lists and maps, numbers and strings within the field's bounds.

use crate::ident::ident;
use crate::plan::Types;
use oagen_ir::{Field, Primitive, TypeKind, TypeRef, TypeSpace};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

/// Deeper than this, example values stop. Never reached: every required field has a finite value (the IR makes
/// optional those that never end) and unions take their shallowest member; a guard against a bug of ours.
const MAX_DEPTH: usize = 256;

/// Rust expressions for values that satisfy a schema: required members only, the first enum value or union
/// member, empty lists and maps, numbers and strings within the field's bounds.
pub(super) struct Values<'a> {
    pub(super) space: &'a TypeSpace,
    pub(super) types: Types<'a>,
    /// [`oagen_ir::finite_depths`] of the space: which union member ends soonest.
    pub(super) depths: Vec<Option<u32>>,
}

impl Values<'_> {
    /// Whether the value of a response body of type `r` names a model (`types::Pet { .. }`): what [`Self::nullable`]
    /// writes for a use that is not null, resolved through aliases to a struct, enum or union.
    pub(super) fn names_model(&self, r: TypeRef) -> bool {
        crate::plan::features::example_names_model(&self.types, r)
    }

    /// A value where `null` may be allowed (a union member, a response body): `None` when it is.
    pub(super) fn nullable(&self, r: TypeRef, field: Option<&Field>, depth: usize) -> TokenStream {
        if r.nullable && !self.types.is_any(r) {
            quote!(None)
        } else {
            self.value(r, field, depth)
        }
    }

    fn value(&self, r: TypeRef, field: Option<&Field>, depth: usize) -> TokenStream {
        let inner = self.inner(r, field, depth);
        if r.indirect {
            quote!(Box::new(#inner))
        } else {
            inner
        }
    }

    fn inner(&self, r: TypeRef, field: Option<&Field>, depth: usize) -> TokenStream {
        if depth > MAX_DEPTH {
            return quote!(Default::default());
        }
        let def = self.space.get(r.id);
        let path = def.name.as_ref().map(|n| {
            let n = format_ident!("{}", n);
            quote!(types::#n)
        });
        match &def.kind {
            TypeKind::Any => quote!(serde_json::Value::Null),
            TypeKind::Primitive(p) => primitive(*p, field),
            TypeKind::List(_) | TypeKind::Map(_) => quote!(Default::default()),
            TypeKind::Alias(target) => self.value(TypeRef { nullable: false, ..*target }, field, depth),
            TypeKind::Enum(e) => {
                let path = path.unwrap_or_else(|| quote!(serde_json::Value));
                match e.values.first() {
                    Some(v) => {
                        let v = format_ident!("{}", v.name);
                        quote!(#path::#v)
                    }
                    None => {
                        let other = format_ident!("{}", e.other);
                        quote!(#path::#other(String::new()))
                    }
                }
            }
            TypeKind::Union(u) => {
                let path = path.unwrap_or_else(|| quote!(serde_json::Value));
                // The first of the members whose values end soonest: a recursive union (an expression that may be
                // an `or` of expressions) gets a leaf, not a cycle.
                let ends = |v: &&oagen_ir::Variant| match v.ty.nullable {
                    true => 0,
                    false => self.depths[v.ty.id.0 as usize].unwrap_or(u32::MAX),
                };
                match u.variants.iter().min_by_key(ends) {
                    Some(v) => {
                        let name = format_ident!("{}", v.name);
                        let member = self.nullable(v.ty, None, depth + 1);
                        quote!(#path::#name(#member))
                    }
                    None => {
                        let other = format_ident!("{}", u.other);
                        quote!(#path::#other(serde_json::Value::Null))
                    }
                }
            }
            TypeKind::Struct(s) => {
                let path = path.unwrap_or_else(|| quote!(serde_json::Value));
                let fields = s.fields.iter().map(|f| {
                    let name = ident(&f.name);
                    let any = self.types.is_any(f.ty);
                    let nullable = if any { !f.required } else { f.ty.nullable };
                    let value = match (f.required, nullable) {
                        (true, false) => self.value(f.ty, Some(f), depth + 1),
                        (true, true) | (false, false) => quote!(None),
                        (false, true) => quote!(oagen_runtime::Tristate::Absent),
                    };
                    quote!(#name: #value)
                });
                let additional: Option<TokenStream> = s.rest_field().map(|rest| {
                    let name = format_ident!("{}", rest);
                    quote!(#name: Default::default())
                });
                let additional = additional.into_iter();
                quote!(#path { #(#fields,)* #(#additional,)* })
            }
        }
    }
}

/// A scalar within the field's bounds (`minLength`, `maximum`, a non-string `enum`, ...).
fn primitive(p: Primitive, field: Option<&Field>) -> TokenStream {
    let allowed = field.and_then(|f| f.allowed.as_ref()).and_then(|a| a.first());
    let c = field.map(|f| f.constraints.clone()).unwrap_or_default();
    match p {
        Primitive::String => {
            if let Some(Value::String(s)) = allowed {
                return quote!(#s.to_owned());
            }
            let min = c.min_length.unwrap_or(0).min(10_000) as usize;
            let mut text = if min > 7 { "x".repeat(min) } else { "example".to_owned() };
            if let Some(max) = c.max_length {
                text.truncate((max as usize).max(min));
            }
            quote!(#text.to_owned())
        }
        Primitive::DateTime | Primitive::Date => quote!(Default::default()),
        Primitive::Uuid => quote!(uuid::Uuid::nil()),
        Primitive::Bytes => quote!(Vec::new()),
        Primitive::Bool => {
            let b = matches!(allowed, Some(Value::Bool(true)));
            quote!(#b)
        }
        Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => {
            // A bound or listed value outside the Rust type's range (`format: int32` with `minimum: 3000000000`)
            // is the spec's own contradiction; the literal stays within the type, so that the example compiles.
            let (lowest, highest): (i128, i128) = match p {
                Primitive::I32 => (i32::MIN.into(), i32::MAX.into()),
                Primitive::U32 => (0, u32::MAX.into()),
                Primitive::U64 => (0, u64::MAX.into()),
                _ => (i64::MIN.into(), i64::MAX.into()),
            };
            let literal = |v: i128| {
                let lit = Literal::i128_unsuffixed(v.clamp(lowest, highest));
                quote!(#lit)
            };
            if let Some(i) = allowed.and_then(Value::as_i64) {
                return literal(i.into());
            }
            let mut v: f64 = 0.0;
            if let Some(min) = c.minimum {
                let floor = if c.exclusive_minimum { min.floor() + 1.0 } else { min.ceil() };
                v = v.max(floor);
            }
            if let Some(max) = c.maximum {
                let ceiling = if c.exclusive_maximum { max.ceil() - 1.0 } else { max.floor() };
                v = v.min(ceiling);
            }
            literal(v as i128)
        }
        Primitive::F64 => {
            if let Some(f) = allowed.and_then(Value::as_f64) {
                let lit = Literal::f64_unsuffixed(f);
                return quote!(#lit);
            }
            let mut v: f64 = 0.0;
            if let Some(min) = c.minimum.filter(|m| *m > v || (c.exclusive_minimum && *m == v)) {
                v = if c.exclusive_minimum { min + 1.0 } else { min };
            }
            if let Some(max) = c.maximum.filter(|m| *m < v || (c.exclusive_maximum && *m == v)) {
                v = if c.exclusive_maximum { max - 1.0 } else { max };
            }
            let lit = Literal::f64_unsuffixed(if v.is_finite() { v } else { 0.0 });
            quote!(#lit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oagen_ir::{Docs, Field, TypeId, TypeRef};
    use oagen_spec::{Constraints, Pointer};

    fn field(constraints: Constraints, allowed: Option<Vec<Value>>) -> Field {
        Field {
            name: "n".into(),
            wire_name: "n".into(),
            ty: TypeRef::to(TypeId(0)),
            required: true,
            docs: Docs::default(),
            default: None,
            read_only: false,
            write_only: false,
            allowed,
            constraints,
            pointer: Pointer::root(),
        }
    }

    #[test]
    fn integer_literals_stay_within_the_rust_type() {
        let min = |m: f64| Constraints { minimum: Some(m), ..Constraints::default() };
        let lit = |p, f: &Field| primitive(p, Some(f)).to_string().replace(" ", "");
        assert_eq!(lit(Primitive::I32, &field(min(3e9), None)), "2147483647");
        assert_eq!(lit(Primitive::U32, &field(min(-5.0), None)), "0");
        assert_eq!(lit(Primitive::U64, &field(min(1e19), None)), "10000000000000000000");
        let max = Constraints { maximum: Some(-9.3e18), ..Constraints::default() };
        assert_eq!(lit(Primitive::I64, &field(max, None)), "-9223372036854775808");
        assert_eq!(
            lit(Primitive::I32, &field(Constraints::default(), Some(vec![Value::from(5_000_000_000_i64)]))),
            "2147483647"
        );
        assert_eq!(lit(Primitive::I64, &field(min(7.5), None)), "8");
    }
}
