//! The request schemas of a server module: one `static` per named type that a request body or parameter uses,
//! checked by `oagen_runtime::server::schema::check` before anything is deserialised.

use heck::ToShoutySnakeCase;
use oagen_ir::{Api, Field, Primitive, TypeId, TypeKind, TypeRef, TypeSpace};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The statics of one API, and how to refer to them.
pub struct Schemas<'a> {
    space: &'a TypeSpace,
    /// Types with a static, by id, with the static's name and its doc line.
    names: BTreeMap<TypeId, (proc_macro2::Ident, String)>,
}

impl<'a> Schemas<'a> {
    /// Collects the types reachable from the request inputs (bodies and parameters) of every operation.
    pub fn new(api: &'a Api) -> Self {
        let space = &api.types;
        let mut seen = BTreeSet::new();
        let mut stack: Vec<TypeId> = Vec::new();
        for op in api.operations.iter().filter(|o| !o.webhook) {
            stack.extend(op.parameters.iter().map(|p| p.ty.id));
            stack.extend(checked_bodies(op).map(|b| b.content.ty.id));
        }
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match &space.get(id).kind {
                TypeKind::List(t) | TypeKind::Map(t) | TypeKind::Alias(t) => stack.push(t.id),
                TypeKind::Struct(s) => {
                    stack.extend(s.fields.iter().map(|f| f.ty.id));
                    stack.extend(s.additional.iter().map(|t| t.id));
                }
                TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.id)),
                TypeKind::Any | TypeKind::Primitive(_) | TypeKind::Enum(_) => {}
            }
        }
        let mut names = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for id in seen {
            let def = space.get(id);
            let (Some(name), false) = (&def.name, matches!(def.kind, TypeKind::Alias(_))) else { continue };
            let mut shouty = name.to_shouty_snake_case();
            if !taken.insert(shouty.clone()) {
                shouty = format!("{shouty}_{}", id.0);
                taken.insert(shouty.clone());
            }
            let doc = format!(" `{name}` (`{}`).", def.pointer);
            names.insert(id, (format_ident!("{}", shouty), doc));
        }
        // A list or map used directly by a parameter or body gets a static too: the checks run in functions, where
        // only constants can be borrowed for `'static`.
        for op in api.operations.iter().filter(|o| !o.webhook) {
            let uses = op
                .parameters
                .iter()
                .map(|p| (p.ty, format!("{}_{}", op.name, p.name), format!("parameter `{}` of `{}`", p.wire_name, op.name)))
                .chain(checked_bodies(op).map(|b| (b.content.ty, format!("{}_body", op.name), format!("body of `{}`", op.name))));
            for (ty, base, what) in uses {
                let (id, _) = space.resolve(ty);
                if names.contains_key(&id) || !matches!(space.get(id).kind, TypeKind::List(_) | TypeKind::Map(_)) {
                    continue;
                }
                let mut shouty = base.to_shouty_snake_case();
                if !taken.insert(shouty.clone()) {
                    shouty = format!("{shouty}_{}", id.0);
                    taken.insert(shouty.clone());
                }
                names.insert(id, (format_ident!("{}", shouty), format!(" The {what}.")));
            }
        }
        Schemas { space, names }
    }

    /// `Use { schema: &..., nullable }` for a use of a type, from the server module (`prefix` is `schemas::`) or
    /// inside the schemas module (empty `prefix`).
    pub fn use_of(&self, r: TypeRef, prefix: &TokenStream) -> TokenStream {
        let (id, nullable) = self.space.resolve(r);
        let schema = self.reference(id, prefix);
        let s = if prefix.is_empty() { TokenStream::new() } else { quote!(rt::schema::) };
        if nullable {
            quote!(#s Use::or_null(#schema))
        } else {
            quote!(#s Use::of(#schema))
        }
    }

    fn reference(&self, id: TypeId, prefix: &TokenStream) -> TokenStream {
        if let Some((name, _)) = self.names.get(&id) {
            return quote!(&#prefix #name);
        }
        let body = self.body(id, prefix);
        quote!(&#body)
    }

    /// The `Schema` expression of a type.
    fn body(&self, id: TypeId, prefix: &TokenStream) -> TokenStream {
        // Inside the schemas module its names are imported; outside they are under `rt::schema::`.
        let rs = if prefix.is_empty() { TokenStream::new() } else { quote!(rt::schema::) };
        match &self.space.get(id).kind {
            TypeKind::Any => quote!(#rs Schema::Any),
            TypeKind::Primitive(p) => match p {
                Primitive::String | Primitive::Bytes => quote!(#rs Schema::STRING),
                Primitive::DateTime => quote!(#rs Schema::DATE_TIME),
                Primitive::Date => quote!(#rs Schema::DATE),
                Primitive::Uuid => quote!(#rs Schema::UUID),
                Primitive::I32 => quote!(#rs Schema::I32),
                Primitive::I64 => quote!(#rs Schema::I64),
                Primitive::U32 => quote!(#rs Schema::U32),
                Primitive::U64 => quote!(#rs Schema::U64),
                Primitive::F64 => quote!(#rs Schema::Number),
                Primitive::Bool => quote!(#rs Schema::Boolean),
            },
            TypeKind::List(item) => {
                let item = self.use_of(*item, prefix);
                quote!(#rs Schema::List(#item))
            }
            TypeKind::Map(value) => {
                let value = self.use_of(*value, prefix);
                quote!(#rs Schema::Map(#value))
            }
            TypeKind::Alias(target) => {
                let (id, _) = self.space.resolve(*target);
                self.body(id, prefix)
            }
            TypeKind::Enum(e) => {
                let values = e.values.iter().map(|v| &v.wire);
                quote!(#rs Schema::Enum(&[#(#values),*]))
            }
            TypeKind::Struct(s) => {
                let properties = s.fields.iter().map(|f| self.property(f, prefix));
                let additional = match s.additional {
                    Some(t) => {
                        let u = self.use_of(t, prefix);
                        quote!(Some(#u))
                    }
                    None => quote!(None),
                };
                quote!(#rs Schema::Object { properties: &[#(#properties),*], additional: #additional })
            }
            TypeKind::Union(u) => {
                let tag = match &u.tag {
                    Some(t) => quote!(Some(#t)),
                    None => quote!(None),
                };
                let variants = u.variants.iter().map(|v| {
                    let tag = match &v.tag_value {
                        Some(t) => quote!(Some(#t)),
                        None => quote!(None),
                    };
                    let schema = self.use_of(v.ty, prefix);
                    quote!(#rs Variant { tag: #tag, schema: #schema })
                });
                let exclusive = u.exclusive;
                quote!(#rs Schema::Union { tag: #tag, variants: &[#(#variants),*], exclusive: #exclusive })
            }
        }
    }

    fn property(&self, f: &Field, prefix: &TokenStream) -> TokenStream {
        let name = &f.wire_name;
        let schema = self.use_of(f.ty, prefix);
        // A read-only property is never required in a request (OpenAPI 3.0.3, `readOnly`).
        let required = f.required && !f.read_only;
        let s = if prefix.is_empty() { TokenStream::new() } else { quote!(rt::schema::) };
        let mut property =
            if required { quote!(#s Property::required(#name, #schema)) } else { quote!(#s Property::optional(#name, #schema)) };
        if let Some(c) = constraints(f, &s) {
            property.extend(quote!(.with_constraints(#c)));
        }
        let allowed: Vec<TokenStream> = f.allowed.iter().flatten().filter_map(|v| literal(v, &s)).collect();
        if !allowed.is_empty() {
            property.extend(quote!(.with_allowed(&[#(#allowed),*])));
        }
        property
    }

    /// The statics, in arena order, each documented with the type it checks.
    pub fn items(&self) -> TokenStream {
        let prefix = TokenStream::new();
        let items = self.names.iter().map(|(id, (name, doc))| {
            let body = self.body(*id, &prefix);
            quote! {
                #[doc = #doc]
                pub(super) static #name: Schema = #body;
            }
        });
        quote!(#(#items)*)
    }

    /// Whether any type has a static.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

fn constraints(f: &Field, s: &TokenStream) -> Option<TokenStream> {
    let c = &f.constraints;
    let mut set = Vec::new();
    let opt_u = |name: &str, v: Option<u64>| {
        v.map(|v| {
            let id = format_ident!("{}", name);
            quote!(#id: Some(#v))
        })
    };
    let opt_f = |name: &str, v: Option<f64>| {
        v.filter(|v| v.is_finite()).map(|v| {
            let id = format_ident!("{}", name);
            let lit = Literal::f64_suffixed(v);
            quote!(#id: Some(#lit))
        })
    };
    set.extend(opt_u("min_length", c.min_length));
    set.extend(opt_u("max_length", c.max_length));
    set.extend(opt_f("minimum", c.minimum));
    set.extend(opt_f("maximum", c.maximum));
    if c.exclusive_minimum && c.minimum.is_some() {
        set.push(quote!(exclusive_minimum: true));
    }
    if c.exclusive_maximum && c.maximum.is_some() {
        set.push(quote!(exclusive_maximum: true));
    }
    set.extend(opt_u("min_items", c.min_items));
    set.extend(opt_u("max_items", c.max_items));
    if set.is_empty() {
        None
    } else {
        Some(quote!(#s Constraints { #(#set,)* ..#s Constraints::NONE }))
    }
}

fn literal(v: &Value, s: &TokenStream) -> Option<TokenStream> {
    Some(match v {
        Value::Null => quote!(#s Literal::Null),
        Value::Bool(b) => quote!(#s Literal::Bool(#b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => quote!(#s Literal::Integer(#i)),
            None => {
                let f = Literal::f64_suffixed(n.as_f64().filter(|f| f.is_finite())?);
                quote!(#s Literal::Number(#f))
            }
        },
        Value::String(text) => quote!(#s Literal::String(#text)),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// The request bodies the server checks against a schema (JSON and form); text, binary and multipart bodies reach
/// the handler as they are, so they get no schema.
fn checked_bodies(op: &oagen_ir::Operation) -> impl Iterator<Item = &oagen_ir::Body> {
    op.body.iter().filter(|b| matches!(b.content.encoding, oagen_ir::Encoding::Json | oagen_ir::Encoding::Form))
}
