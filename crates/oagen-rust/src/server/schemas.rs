//! The request schemas of a server module, as the plan decided them ([`crate::plan::request_schemas`]): one
//! `static` per shape, written with the runtime's const-fn builders, and the schema argument of each read.

use crate::ident::ident;
use crate::plan::request_schemas::{
    Number, Prop, Ref, RequestSchemas, Scalar, SchemaPrimitive, Shape, StaticDoc, StaticPlan, Target,
};
use crate::plan::Plan;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The schema argument of a parameter or body read in an operation module: `&rt::STRING`, `&schemas::PET`, or
/// `rt::schema::Use::or_null(..)` where `null` is allowed.
pub(super) fn use_in_operation(schemas: &RequestSchemas, r: &Ref) -> TokenStream {
    let schema = match &r.target {
        Target::Static(id) => {
            let name = static_name(schemas, *id);
            quote!(&schemas::#name)
        }
        Target::Primitive(p) => {
            let p = ident(p.static_name());
            quote!(&rt::#p)
        }
        Target::Inline(shape) => {
            let body = tokens(schemas, shape);
            quote!(&#body)
        }
    };
    if r.nullable {
        quote!(rt::schema::Use::or_null(#schema))
    } else {
        schema
    }
}

/// The statics, each documented with the first type of its shape, under its gate.
pub(super) fn items(plan: &Plan<'_>, schemas: &RequestSchemas) -> TokenStream {
    let gates = &plan.features.server.schemas;
    let items = schemas.statics.iter().zip(gates).map(|(s, gate)| {
        let name = ident(&s.name);
        let doc = doc(plan, s);
        let body = tokens(schemas, &s.shape);
        let cfg = plan.cfg(gate);
        quote! {
            #[doc = #doc]
            #cfg
            pub(super) static #name: Schema = #body;
        }
    });
    quote!(#(#items)*)
}

/// The doc line of a static: what the first type of its shape is, and how many others share it.
fn doc(plan: &Plan<'_>, s: &StaticPlan) -> String {
    let what = match &s.doc {
        StaticDoc::Named(id) => {
            let def = plan.api.types.get(*id);
            let name = def.name.as_deref().unwrap_or_default();
            format!(" `{name}` (`{}`)", crate::docs::place(&def.pointer))
        }
        StaticDoc::ListOf(p) => format!(" A list of `{}`", p.static_name()),
        StaticDoc::MapOf(p) => format!(" A map of `{}`", p.static_name()),
        StaticDoc::Parameter { operation, param } => {
            let op = plan.operations[*operation].op;
            format!(" The parameter `{}` of `{}`", op.parameters[*param].wire_name, op.name)
        }
        StaticDoc::Body(operation) => format!(" The body of `{}`", plan.operations[*operation].op.name),
    };
    match s.others {
        0 => format!("{what}."),
        1 => format!("{what}, and one other type of the same shape."),
        n => format!("{what}, and {n} other types of the same shape."),
    }
}

/// The name of the static a type shares (every `Target::Static` of the plan has one).
fn static_name(schemas: &RequestSchemas, id: oagen_ir::TypeId) -> proc_macro2::Ident {
    ident(schemas.static_of(id).map(|s| s.name.as_str()).unwrap_or_default())
}

/// `&SCHEMA` for a reference inside the schemas module.
fn target(schemas: &RequestSchemas, t: &Target) -> TokenStream {
    match t {
        Target::Static(id) => {
            let name = static_name(schemas, *id);
            quote!(&#name)
        }
        Target::Primitive(p) => {
            let p = ident(p.static_name());
            quote!(&#p)
        }
        Target::Inline(shape) => {
            let body = tokens(schemas, shape);
            quote!(&#body)
        }
    }
}

/// The `Schema` expression of a shape, inside the schemas module.
fn tokens(schemas: &RequestSchemas, shape: &Shape) -> TokenStream {
    match shape {
        Shape::Primitive(SchemaPrimitive::Any) => quote!(Schema::Any),
        Shape::Primitive(SchemaPrimitive::Number) => quote!(Schema::Number),
        Shape::Primitive(SchemaPrimitive::Boolean) => quote!(Schema::Boolean),
        Shape::Primitive(p) => {
            let p = ident(p.static_name());
            quote!(Schema::#p)
        }
        Shape::List(item) => {
            let t = target(schemas, &item.target);
            if item.nullable {
                quote!(Schema::List(Use::or_null(#t)))
            } else {
                quote!(Schema::list(#t))
            }
        }
        Shape::Map(value) => {
            let t = target(schemas, &value.target);
            if value.nullable {
                quote!(Schema::Map(Use::or_null(#t)))
            } else {
                quote!(Schema::map(#t))
            }
        }
        Shape::Enum(values) => quote!(Schema::Enum(&[#(#values),*])),
        Shape::Object { properties, additional } => {
            let properties = properties.iter().map(|p| property(schemas, p));
            match additional {
                None => quote!(Schema::object(&[#(#properties),*])),
                Some(a) => {
                    let t = target(schemas, &a.target);
                    let u = if a.nullable { quote!(Use::or_null(#t)) } else { quote!(Use::of(#t)) };
                    quote!(Schema::Object { properties: &[#(#properties),*], additional: Some(#u) })
                }
            }
        }
        Shape::Union { tag, variants, exclusive } => {
            let variants = variants.iter().map(|(tag_value, r)| {
                let t = target(schemas, &r.target);
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

fn property(schemas: &RequestSchemas, p: &Prop) -> TokenStream {
    let name = &p.name;
    let t = target(schemas, &p.schema.target);
    let mut property =
        if p.required { quote!(Property::required(#name, #t)) } else { quote!(Property::optional(#name, #t)) };
    if p.schema.nullable {
        property.extend(quote!(.or_null()));
    }
    for (builder, value) in &p.constraints {
        let builder = ident(builder);
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
