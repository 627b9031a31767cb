//! The request schemas of a server module: one `static` per shape of the named types that a request body or parameter
//! uses, checked by `oagen_runtime::server::schema::check` before anything is deserialised.
//!
//! Types of the same shape share one static: the check depends on the shape only, and specs that inline their
//! schemas (Stripe) repeat the same few shapes under hundreds of names.

use crate::plan::{Features, Gate};
use heck::ToShoutySnakeCase;
use oagen_ir::naming::Namespace;
use oagen_ir::{Api, Field, Primitive, TypeId, TypeKind, TypeRef, TypeSpace};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The statics of one API, and how to refer to them.
pub struct Schemas<'a> {
    space: &'a TypeSpace,
    features: &'a Features,
    /// Every type with a static, by id: the name of the static it shares.
    names: BTreeMap<TypeId, Ident>,
    /// The statics, in arena order of the first type of each shape.
    statics: Vec<Static>,
    /// The operations (by name) whose multipart body is typed, and so checked.
    typed_multipart: Vec<String>,
}

/// One static: its name, its doc line, what it holds, and when it is compiled (the union of the request gates of
/// the types that share it: every operation whose checks reach one of them).
struct Static {
    name: Ident,
    doc: String,
    shape: Shape,
    gate: Gate,
}

/// What a static holds: the schema of one type, its references to other statics by type id. Equal shapes (with the
/// references made canonical) check the same values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Shape {
    /// A named type that is a primitive or any value, by the name of the runtime's static (`STRING`, `ANY`).
    Primitive(&'static str),
    List(Ref),
    Map(Ref),
    Enum(Vec<String>),
    Object {
        properties: Vec<Prop>,
        additional: Option<Ref>,
    },
    Union {
        tag: Option<String>,
        variants: Vec<(Option<String>, Ref)>,
        exclusive: bool,
    },
}

/// A use of a schema: which one, and whether `null` is allowed there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Ref {
    target: Target,
    nullable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    /// The static of a type.
    Static(TypeId),
    /// The runtime's static of a primitive (`STRING`).
    Primitive(&'static str),
    /// A type without a static (a list in a list), written in place.
    Inline(Box<Shape>),
}

/// A property of an object: everything its check reads, literals as they are written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Prop {
    name: String,
    required: bool,
    schema: Ref,
    /// Builder calls in order, with their argument (`("max_length", Number::Count(5000))`).
    constraints: Vec<(&'static str, Number)>,
    /// The allowed values (a non-string `enum`).
    allowed: Vec<Scalar>,
}

/// The argument of a constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Number {
    Count(u64),
    /// The bits of a finite `f64`.
    Bound(u64),
}

/// A JSON scalar of a non-string `enum` (numbers other than integers by their bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Scalar {
    Null,
    Bool(bool),
    Integer(i64),
    Number(u64),
    String(String),
}

impl Shape {
    /// The same shape with its static references mapped by `f`.
    fn map_ids(&self, f: &impl Fn(TypeId) -> TypeId) -> Shape {
        let r = |r: &Ref| Ref {
            target: match &r.target {
                Target::Static(id) => Target::Static(f(*id)),
                Target::Primitive(p) => Target::Primitive(p),
                Target::Inline(shape) => Target::Inline(Box::new(shape.map_ids(f))),
            },
            nullable: r.nullable,
        };
        match self {
            Shape::Primitive(p) => Shape::Primitive(p),
            Shape::List(item) => Shape::List(r(item)),
            Shape::Map(value) => Shape::Map(r(value)),
            Shape::Enum(values) => Shape::Enum(values.clone()),
            Shape::Object { properties, additional } => Shape::Object {
                properties: properties.iter().map(|p| Prop { schema: r(&p.schema), ..p.clone() }).collect(),
                additional: additional.as_ref().map(r),
            },
            Shape::Union { tag, variants, exclusive } => Shape::Union {
                tag: tag.clone(),
                variants: variants.iter().map(|(t, v)| (t.clone(), r(v))).collect(),
                exclusive: *exclusive,
            },
        }
    }
}

impl<'a> Schemas<'a> {
    /// Collects the types reachable from the request inputs (bodies and parameters) of every operation, and gives
    /// each shape one static, compiled under the `features` of the operations that check against it.
    /// `typed_multipart` names the operations whose multipart body is typed (its text and JSON parts are checked).
    pub fn new(api: &'a Api, typed_multipart: Vec<String>, features: &'a Features) -> Self {
        let checked_bodies = |op: &'a oagen_ir::Operation| checked_bodies(op, &typed_multipart);
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
        // The types that get a static, with the name and doc line the static has when the type is the first of its
        // shape: every named type (but aliases, which are their target)...
        let mut wanted: BTreeMap<TypeId, (String, String)> = BTreeMap::new();
        for id in seen {
            let def = space.get(id);
            let (Some(name), false) = (&def.name, matches!(def.kind, TypeKind::Alias(_))) else { continue };
            wanted.insert(
                id,
                (name.to_shouty_snake_case(), format!(" `{name}` (`{}`)", crate::docs::place(&def.pointer))),
            );
        }
        // ...and a list or map used directly by a parameter or body: the checks run in functions, where only
        // constants can be borrowed for `'static`. One of a primitive is named after it (`STRING_LIST`), others after
        // their first use.
        for op in api.operations.iter().filter(|o| !o.webhook) {
            let uses = op
                .parameters
                .iter()
                .map(|p| {
                    (p.ty, format!("{}_{}", op.name, p.name), format!("parameter `{}` of `{}`", p.wire_name, op.name))
                })
                .chain(
                    checked_bodies(op)
                        .map(|b| (b.content.ty, format!("{}_body", op.name), format!("body of `{}`", op.name))),
                );
            for (ty, base, what) in uses {
                let (id, _) = space.resolve(ty);
                if wanted.contains_key(&id) {
                    continue;
                }
                let (element, suffix) = match space.get(id).kind {
                    TypeKind::List(t) => (t, "LIST"),
                    TypeKind::Map(t) => (t, "MAP"),
                    _ => continue,
                };
                let (element_id, nullable) = space.resolve(element);
                let named = match primitive_name(&space.get(element_id).kind) {
                    Some(p) if !nullable => {
                        let doc =
                            if suffix == "LIST" { format!(" A list of `{p}`") } else { format!(" A map of `{p}`") };
                        (format!("{p}_{suffix}"), doc)
                    }
                    _ => (base.to_shouty_snake_case(), format!(" The {what}")),
                };
                wanted.insert(id, named);
            }
        }

        let has_static = |id: TypeId| wanted.contains_key(&id);
        let shapes: BTreeMap<TypeId, Shape> = wanted.keys().map(|id| (*id, shape(space, &has_static, *id))).collect();
        // Types of one shape share the static of the first: merged bottom-up (a shape is compared with its references
        // made canonical) until nothing changes. Types that differ only inside a cycle stay apart, which is safe.
        let mut canonical: BTreeMap<TypeId, TypeId> = shapes.keys().map(|id| (*id, *id)).collect();
        loop {
            let mut first: HashMap<Shape, TypeId> = HashMap::with_capacity(shapes.len());
            let mut next = BTreeMap::new();
            for (id, shape) in &shapes {
                let key = shape.map_ids(&|r| canonical.get(&r).copied().unwrap_or(r));
                next.insert(*id, *first.entry(key).or_insert(*id));
            }
            if next == canonical {
                break;
            }
            canonical = next;
        }
        let mut sharing: BTreeMap<TypeId, usize> = BTreeMap::new();
        let mut gates: BTreeMap<TypeId, Gate> = BTreeMap::new();
        for (id, c) in &canonical {
            *sharing.entry(*c).or_default() += 1;
            let gate = features.request_types.get(id.0 as usize).unwrap_or(&Gate::Always);
            let shared = gates.entry(*c).or_insert(Gate::NEVER);
            *shared = shared.union(gate);
        }

        // The runtime's primitives are glob-imported where the statics are defined: a static of the same name would
        // shadow them.
        let mut taken = Namespace::with_reserved(RESERVED);
        let mut own: BTreeMap<TypeId, Ident> = BTreeMap::new();
        let mut statics = Vec::new();
        for (id, (shouty, doc)) in &wanted {
            if canonical[id] != *id {
                continue;
            }
            let name = format_ident!("{}", taken.claim(shouty));
            let doc = match sharing[id] - 1 {
                0 => format!("{doc}."),
                1 => format!("{doc}, and one other type of the same shape."),
                n => format!("{doc}, and {n} other types of the same shape."),
            };
            own.insert(*id, name.clone());
            let shape = shapes[id].map_ids(&|r| canonical.get(&r).copied().unwrap_or(r));
            let gate = gates.remove(id).unwrap_or_default();
            statics.push(Static { name, doc, shape, gate });
        }
        let names = canonical.iter().map(|(id, c)| (*id, own[c].clone())).collect();
        Schemas { space, features, names, statics, typed_multipart }
    }

    /// When the module of the statics is compiled: with any of them.
    pub fn gate(&self) -> Gate {
        Gate::any(self.statics.iter().map(|s| &s.gate))
    }

    /// The schema argument of a parameter or body read in an operation module: `&rt::STRING`, `&schemas::PET`, or
    /// `rt::schema::Use::or_null(..)` where `null` is allowed.
    pub fn use_in_operation(&self, r: TypeRef) -> TokenStream {
        let (id, nullable) = self.space.resolve(r);
        let schema = match self.names.get(&id) {
            Some(name) => quote!(&schemas::#name),
            None => match primitive_name(&self.space.get(id).kind) {
                Some(p) => {
                    let p = format_ident!("{}", p);
                    quote!(&rt::#p)
                }
                // Not reached: every other type a parameter or body uses has a static.
                None => {
                    let body = self.tokens(&shape(self.space, &|id| self.names.contains_key(&id), id));
                    quote!(&#body)
                }
            },
        };
        if nullable {
            quote!(rt::schema::Use::or_null(#schema))
        } else {
            schema
        }
    }

    /// Whether an operation's reads refer to the `schemas` module.
    pub fn used_by(&self, op: &oagen_ir::Operation) -> bool {
        let named = |r: TypeRef| self.names.contains_key(&self.space.resolve(r).0);
        op.parameters.iter().any(|p| named(p.ty))
            || checked_bodies(op, &self.typed_multipart).any(|b| named(b.content.ty))
    }

    /// `&SCHEMA` for a reference inside the schemas module.
    fn target(&self, t: &Target) -> TokenStream {
        match t {
            Target::Static(id) => {
                let name = &self.names[id];
                quote!(&#name)
            }
            Target::Primitive(p) => {
                let p = format_ident!("{}", p);
                quote!(&#p)
            }
            Target::Inline(shape) => {
                let body = self.tokens(shape);
                quote!(&#body)
            }
        }
    }

    /// The `Schema` expression of a shape, inside the schemas module.
    fn tokens(&self, shape: &Shape) -> TokenStream {
        match shape {
            Shape::Primitive("ANY") => quote!(Schema::Any),
            Shape::Primitive("NUMBER") => quote!(Schema::Number),
            Shape::Primitive("BOOLEAN") => quote!(Schema::Boolean),
            Shape::Primitive(p) => {
                let p = format_ident!("{}", p);
                quote!(Schema::#p)
            }
            Shape::List(item) => {
                let t = self.target(&item.target);
                if item.nullable {
                    quote!(Schema::List(Use::or_null(#t)))
                } else {
                    quote!(Schema::list(#t))
                }
            }
            Shape::Map(value) => {
                let t = self.target(&value.target);
                if value.nullable {
                    quote!(Schema::Map(Use::or_null(#t)))
                } else {
                    quote!(Schema::map(#t))
                }
            }
            Shape::Enum(values) => quote!(Schema::Enum(&[#(#values),*])),
            Shape::Object { properties, additional } => {
                let properties = properties.iter().map(|p| self.property(p));
                match additional {
                    None => quote!(Schema::object(&[#(#properties),*])),
                    Some(a) => {
                        let t = self.target(&a.target);
                        let u = if a.nullable { quote!(Use::or_null(#t)) } else { quote!(Use::of(#t)) };
                        quote!(Schema::Object { properties: &[#(#properties),*], additional: Some(#u) })
                    }
                }
            }
            Shape::Union { tag, variants, exclusive } => {
                let variants = variants.iter().map(|(tag_value, r)| {
                    let t = self.target(&r.target);
                    let variant = match tag_value {
                        Some(v) => quote!(Variant::tagged(#v, #t)),
                        None => quote!(Variant::untagged(#t)),
                    };
                    if r.nullable {
                        quote!(#variant.or_null())
                    } else {
                        variant
                    }
                });
                match (tag, exclusive) {
                    (Some(tag), exclusive) => {
                        quote!(Schema::Union { tag: Some(#tag), variants: &[#(#variants),*], exclusive: #exclusive })
                    }
                    (None, true) => quote!(Schema::one_of(&[#(#variants),*])),
                    (None, false) => quote!(Schema::any_of(&[#(#variants),*])),
                }
            }
        }
    }

    fn property(&self, p: &Prop) -> TokenStream {
        let name = &p.name;
        let t = self.target(&p.schema.target);
        let mut property =
            if p.required { quote!(Property::required(#name, #t)) } else { quote!(Property::optional(#name, #t)) };
        if p.schema.nullable {
            property.extend(quote!(.or_null()));
        }
        for (builder, value) in &p.constraints {
            let builder = format_ident!("{}", builder);
            let value = match value {
                Number::Count(n) => Literal::u64_unsuffixed(*n),
                Number::Bound(bits) => Literal::f64_unsuffixed(f64::from_bits(*bits)),
            };
            property.extend(quote!(.#builder(#value)));
        }
        if !p.allowed.is_empty() {
            let allowed = p.allowed.iter().map(|a| match a {
                Scalar::Null => quote!(Literal::Null),
                Scalar::Bool(b) => quote!(Literal::Bool(#b)),
                Scalar::Integer(i) => quote!(Literal::Integer(#i)),
                Scalar::Number(bits) => {
                    let f = Literal::f64_suffixed(f64::from_bits(*bits));
                    quote!(Literal::Number(#f))
                }
                Scalar::String(text) => quote!(Literal::String(#text)),
            });
            property.extend(quote!(.with_allowed(&[#(#allowed),*])));
        }
        property
    }

    /// The statics, each documented with the first type of its shape.
    pub fn items(&self) -> TokenStream {
        let items = self.statics.iter().map(|s| {
            let (name, doc) = (&s.name, &s.doc);
            let body = self.tokens(&s.shape);
            let cfg = self.features.cfg(&s.gate);
            quote! {
                #[doc = #doc]
                #cfg
                pub(super) static #name: Schema = #body;
            }
        });
        quote!(#(#items)*)
    }

    /// Whether there is any static.
    pub fn is_empty(&self) -> bool {
        self.statics.is_empty()
    }
}

/// The shape of a type; references to the types that have a static (`has_static`) are by id.
fn shape(space: &TypeSpace, has_static: &dyn Fn(TypeId) -> bool, id: TypeId) -> Shape {
    let reference = |r: TypeRef| {
        let (id, nullable) = space.resolve(r);
        let target = if has_static(id) {
            Target::Static(id)
        } else if let Some(p) = primitive_name(&space.get(id).kind) {
            Target::Primitive(p)
        } else {
            Target::Inline(Box::new(shape(space, has_static, id)))
        };
        Ref { target, nullable }
    };
    match &space.get(id).kind {
        kind @ (TypeKind::Any | TypeKind::Primitive(_)) => Shape::Primitive(primitive_name(kind).unwrap_or("ANY")),
        TypeKind::List(item) => Shape::List(reference(*item)),
        TypeKind::Map(value) => Shape::Map(reference(*value)),
        TypeKind::Alias(target) => shape(space, has_static, space.resolve(*target).0),
        TypeKind::Enum(e) => Shape::Enum(e.values.iter().map(|v| v.wire.clone()).collect()),
        TypeKind::Struct(s) => Shape::Object {
            properties: s
                .fields
                .iter()
                .map(|f| Prop {
                    name: f.wire_name.clone(),
                    // A read-only property is never required in a request (OpenAPI 3.0.3, `readOnly`).
                    required: f.required && !f.read_only,
                    schema: reference(f.ty),
                    constraints: constraints(f),
                    allowed: f.allowed.iter().flatten().filter_map(literal).collect(),
                })
                .collect(),
            additional: s.additional.map(reference),
        },
        TypeKind::Union(u) => Shape::Union {
            tag: u.tag.clone(),
            variants: u.variants.iter().map(|v| (v.tag_value.clone(), reference(v.ty))).collect(),
            exclusive: u.exclusive,
        },
    }
}

/// Names a static must not take: the statics of the runtime's primitives (`oagen_runtime::server::schema::STRING`,
/// ...), which the schemas module glob-imports and a static of the same name would shadow.
const RESERVED: &[&str] =
    &["ANY", "STRING", "DATE_TIME", "DATE", "UUID", "I32", "I64", "U32", "U64", "NUMBER", "BOOLEAN"];

/// The name of the runtime's static for a primitive (or any value).
fn primitive_name(kind: &TypeKind) -> Option<&'static str> {
    Some(match kind {
        TypeKind::Any => "ANY",
        TypeKind::Primitive(p) => match p {
            Primitive::String | Primitive::Bytes => "STRING",
            Primitive::DateTime => "DATE_TIME",
            Primitive::Date => "DATE",
            Primitive::Uuid => "UUID",
            Primitive::I32 => "I32",
            Primitive::I64 => "I64",
            Primitive::U32 => "U32",
            Primitive::U64 => "U64",
            Primitive::F64 => "NUMBER",
            Primitive::Bool => "BOOLEAN",
        },
        _ => return None,
    })
}

/// The validation keywords of a field, as builder calls with their argument.
fn constraints(f: &Field) -> Vec<(&'static str, Number)> {
    let c = &f.constraints;
    let mut out = Vec::new();
    let bound = |v: Option<f64>| v.filter(|v| v.is_finite()).map(|v| Number::Bound(v.to_bits()));
    out.extend(c.min_length.map(|v| ("min_length", Number::Count(v))));
    out.extend(c.max_length.map(|v| ("max_length", Number::Count(v))));
    out.extend(bound(c.minimum).map(|v| (if c.exclusive_minimum { "exclusive_minimum" } else { "minimum" }, v)));
    out.extend(bound(c.maximum).map(|v| (if c.exclusive_maximum { "exclusive_maximum" } else { "maximum" }, v)));
    out.extend(c.min_items.map(|v| ("min_items", Number::Count(v))));
    out.extend(c.max_items.map(|v| ("max_items", Number::Count(v))));
    out
}

/// A value of a non-string `enum`; `None` for arrays, objects and numbers beyond `f64`, which are not checked.
fn literal(v: &Value) -> Option<Scalar> {
    Some(match v {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Integer(i),
            None => Scalar::Number(n.as_f64().filter(|f| f.is_finite())?.to_bits()),
        },
        Value::String(text) => Scalar::String(text.clone()),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// The request bodies the server checks against a schema (JSON, form, and typed multipart bodies); text, binary and
/// untyped multipart bodies reach the handler as they are, so they get no schema.
fn checked_bodies<'o>(
    op: &'o oagen_ir::Operation,
    typed_multipart: &[String],
) -> impl Iterator<Item = &'o oagen_ir::Body> {
    let typed = typed_multipart.contains(&op.name);
    op.body.iter().filter(move |b| match b.content.encoding {
        oagen_ir::Encoding::Json | oagen_ir::Encoding::Form => true,
        oagen_ir::Encoding::Multipart => typed,
        _ => false,
    })
}
