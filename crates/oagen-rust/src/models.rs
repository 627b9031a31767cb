//! Model types: one item per named IR type, in arena order (components in document order, then inline types).

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::{Features, Gate, MemberShape, RustType, Types};
use oagen_ir::{Api, Docs, Enum, Field, Primitive, Struct, TypeDef, TypeId, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The models module of an API (without per-tag features).
pub fn models(api: &Api) -> TokenStream {
    let features = Features::default();
    let (items, imports) = model_items(api, 0..usize::MAX, &features);
    let head = models_head(api, &imports, &features);
    quote!(#head #items)
}

/// What the model items use from outside the module, for its imports: `None` when no item does, else the gate of
/// the items that do (an import is compiled where one of them is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imports {
    /// `oagen_runtime::Tristate`.
    pub tristate: Option<Gate>,
    /// `std::collections::BTreeMap`.
    pub btree_map: Option<Gate>,
}

impl Imports {
    /// What either needs.
    pub fn merge(self, other: &Imports) -> Imports {
        let union = |a: Option<Gate>, b: &Option<Gate>| match (a, b) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (a, b) => a.or_else(|| b.clone()),
        };
        Imports { tristate: union(self.tristate, &other.tristate), btree_map: union(self.btree_map, &other.btree_map) }
    }
}

/// The number of named types: the models items are indexed `0..count` in spec order.
pub fn model_count(api: &Api) -> usize {
    api.types.named().count()
}

/// The items of the named types whose index (in spec order) is in `range`, and what they import. The items of
/// consecutive ranges, one after the other, are the items of the whole module: the emitter splits a large module
/// this way to format its parts in parallel.
///
/// Each item is compiled under its gate in `features` ([`Features::type_gate`]).
pub fn model_items(api: &Api, range: std::ops::Range<usize>, features: &Features) -> (TokenStream, Imports) {
    let types = Types::inside(&api.types);
    let defs = || api.types.named().skip(range.start).take(range.end.saturating_sub(range.start));
    let items: Vec<TokenStream> = defs()
        .map(|(id, def)| {
            let cfg = features.cfg(features.type_gate(id));
            item(&types, id, def, &cfg)
        })
        .collect();
    let mut imports = Imports::default();
    for (id, def) in defs() {
        let gate = features.type_gate(id);
        for t in written_types(&types, def) {
            for (uses, import) in
                [(t.uses_tristate(), &mut imports.tristate), (t.uses_btree_map(), &mut imports.btree_map)]
            {
                if uses {
                    *import = Some(import.as_ref().map_or_else(|| gate.clone(), |g| g.union(gate)));
                }
            }
        }
    }
    (quote!(#(#items)*), imports)
}

/// Every type a model's item writes (its fields', its variants', its alias target's).
fn written_types(types: &Types<'_>, def: &TypeDef) -> Vec<RustType> {
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut out: Vec<RustType> = s.fields.iter().map(|f| types.field(f)).collect();
            out.extend(s.additional.map(|extra| types.map(extra)));
            out
        }
        TypeKind::Union(u) => u.variants.iter().map(|v| types.nullable(v.ty)).collect(),
        TypeKind::Alias(target) => vec![types.base(*target)],
        TypeKind::Enum(_) | TypeKind::Any | TypeKind::Primitive(_) | TypeKind::List(_) | TypeKind::Map(_) => Vec::new(),
    }
}

/// The head of the models module: its docs, inner attributes and `imports`.
pub fn models_head(api: &Api, imports: &Imports, features: &Features) -> TokenStream {
    let mut uses = Vec::new();
    if let Some(gate) = &imports.tristate {
        let cfg = features.cfg(gate);
        uses.push(quote!(
            #cfg
            use oagen_runtime::Tristate;
        ));
    }
    if let Some(gate) = &imports.btree_map {
        let cfg = features.cfg(gate);
        uses.push(quote!(
            #cfg
            use std::collections::BTreeMap;
        ));
    }
    let title = format!(
        " Models of {} {}: one type per schema, named after the component or its place.",
        api.title, api.version
    );
    // A deprecated type used by another model (or a deprecated field read by the derives) is the spec's business.
    let allow_deprecated =
        if crate::plan::names_deprecated_types(api) { quote!(#![allow(deprecated)]) } else { TokenStream::new() };
    quote! {
        #![doc = #title]
        #allow_deprecated
        #(#uses)*
    }
}

/// Whether the models need `chrono` / `uuid` (for the manifest).
pub fn external_crates(api: &Api) -> (bool, bool) {
    let (mut chrono, mut uuid) = (false, false);
    for (_, def) in api.types.iter() {
        match def.kind {
            TypeKind::Primitive(Primitive::DateTime | Primitive::Date) => chrono = true,
            TypeKind::Primitive(Primitive::Uuid) => uuid = true,
            _ => {}
        }
    }
    (chrono, uuid)
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let mut paragraphs: Vec<&str> = Vec::new();
    if let Some(t) = &def.docs.title {
        if def.docs.description.as_deref().is_none_or(|d| !d.starts_with(t.as_str())) && Some(t) != def.name.as_ref() {
            paragraphs.push(t);
        }
    }
    if let Some(d) = &def.docs.description {
        paragraphs.push(d);
    }
    let origin = match &def.component {
        Some(c) => format!("Schema `{c}` (`{}`).", def.pointer),
        None if crate::docs::is_whole_file(&def.pointer) => {
            format!("Defined in `{}`.", crate::docs::place(&def.pointer))
        }
        None => format!("Defined inline at `{}`.", crate::docs::place(&def.pointer)),
    };
    let mut docs = doc_attrs(paragraphs.iter().copied());
    let origin_attr = doc_attrs([origin.as_str()]);
    if !docs.is_empty() {
        docs.extend(quote!(#[doc = ""]));
    }
    docs.extend(origin_attr);
    docs.extend(deprecated(&def.docs));
    docs
}

fn deprecated(docs: &Docs) -> TokenStream {
    if docs.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

/// A type's items, each under `cfg` (its gate).
fn item(types: &Types<'_>, id: TypeId, def: &TypeDef, cfg: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", def.name.as_deref().unwrap_or("Value"));
    let docs = type_docs(def);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(types, &name, docs, s, cfg),
        TypeKind::Enum(e) => enum_item(&name, docs, e, cfg),
        TypeKind::Union(u) => union_item(types, &name, docs, u, cfg),
        TypeKind::Alias(target) if types.is_recursive_alias(id) => newtype_item(&name, docs, &types.base(*target), cfg),
        TypeKind::Alias(target) => {
            let t = types.base(*target);
            quote! { #docs #cfg pub type #name = #t; }
        }
        // Named entries are structs, enums, unions or aliases; a named scalar cannot occur, and would be any JSON.
        TypeKind::Any | TypeKind::Primitive(_) | TypeKind::List(_) | TypeKind::Map(_) => {
            quote! { #docs #cfg pub type #name = serde_json::Value; }
        }
    }
}

/// A type that contains itself through lists and maps alone (`Tree = Vec<Tree>`), which a type alias cannot be: a
/// newtype struct, (de)serialised as its one field.
fn newtype_item(name: &proc_macro2::Ident, docs: TokenStream, t: &RustType, cfg: &TokenStream) -> TokenStream {
    let allow = allow_complexity(t);
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name(#allow pub #t);

        #cfg
        impl serde::Serialize for #name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                serde::Serialize::serialize(&self.0, serializer)
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                serde::Deserialize::deserialize(deserializer).map(Self)
            }
        }
    }
}

fn field_docs(f: &Field) -> TokenStream {
    let mut notes = Vec::new();
    // The name a reader of the spec or of a payload knows it by, where the field's is another.
    if f.wire_name != f.name {
        notes.push(format!("Property `{}` on the wire.", f.wire_name.replace('`', "'")));
    }
    if let Some(d) = &f.default {
        notes.push(format!("The server assumes `{d}` when this is not sent; it is never sent on your behalf."));
    }
    if f.read_only {
        notes.push("Read-only: set by the server.".to_owned());
    }
    if f.write_only {
        notes.push("Write-only: never returned by the server.".to_owned());
    }
    doc_attrs(f.docs.description.iter().map(String::as_str).chain(notes.iter().map(String::as_str)))
}

fn struct_item(
    types: &Types<'_>,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &Struct,
    cfg: &TokenStream,
) -> TokenStream {
    let mut all_defaultable = true;
    let mut fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let ty = types.field(f);
            let fname = ident(&f.name);
            let kind = format_ident!("{}", types.field_kind(f));
            let number = types.holds_number(f.ty).then(|| quote!(number));
            if f.required && !(f.ty.nullable || types.is_any(f.ty)) {
                all_defaultable = false;
            }
            // The wire name is written only where it is not the field's name.
            let rename = (!crate::ident::is_plain(&f.name) || f.name != f.wire_name).then(|| {
                let wire = &f.wire_name;
                quote!(, rename = #wire)
            });
            let docs = field_docs(f);
            let deprecated = deprecated(&f.docs);
            let allow = allow_complexity(&ty);
            quote! {
                #docs
                #[wire(#kind #number #rename)]
                #deprecated
                #allow
                pub #fname: #ty,
            }
        })
        .collect();
    if let Some(rest) = s.rest_field() {
        let fname = format_ident!("{}", rest);
        let (doc, map) = match s.additional {
            Some(extra) => (quote!(#[doc = " Properties not listed above."]), types.map(extra)),
            None => (
                quote! {
                    #[doc = " Properties the spec does not list (from a newer version of the API), kept as received and"]
                    #[doc = " written back unchanged."]
                },
                RustType::JSON_OBJECT,
            ),
        };
        fields.push(quote! {
            #[additional]
            #doc
            pub #fname: #map,
        });
    }
    let default = if all_defaultable { quote!(, Default) } else { TokenStream::new() };
    // The runtime's `serde_struct!` declares the struct as written here and implements `Serialize` and
    // `Deserialize` from its `#[wire]` markers (presence, wire names): a fraction of what the derives expand to,
    // which was most of a models crate's compile time.
    quote! {
        #cfg
        oagen_runtime::serde_struct! {
            #docs
            #[derive(Debug, Clone, PartialEq #default)]
            pub struct #name {
                #(#fields)*
            }
        }
    }
}

fn enum_item(name: &proc_macro2::Ident, docs: TokenStream, e: &Enum, cfg: &TokenStream) -> TokenStream {
    let other = format_ident!("{}", e.other);
    let variants = e.values.iter().map(|v| {
        let id = format_ident!("{}", v.name);
        let doc = format!(" `{}`", v.wire);
        quote!(#[doc = #doc] #id)
    });
    if e.integer {
        return integer_enum_item(name, docs, e, cfg);
    }
    let table = e.values.iter().map(|v| {
        let id = format_ident!("{}", v.name);
        let wire = &v.wire;
        quote!(#id = #wire)
    });
    // The conversions (`as_str`, `From<&str>`, `From<String>`, `Display`, serde) come from the runtime's
    // `string_enum!`, written from this table of variants and wire values. `#[non_exhaustive]`: a value the next
    // version of the spec adds is a new variant, which a caller's `match` must already have an arm for.
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = " A value the spec does not list, kept as received so that it is sent back unchanged."]
            #other(String),
        }

        #cfg
        oagen_runtime::string_enum!(#name { #(#table),* } #other);
    }
}

/// An enum of integers (the titled-`const` idiom): its variants named by the titles, any other integer kept.
fn integer_enum_item(name: &proc_macro2::Ident, docs: TokenStream, e: &Enum, cfg: &TokenStream) -> TokenStream {
    let other = format_ident!("{}", e.other);
    let listed: Vec<(proc_macro2::Ident, i64)> =
        e.values.iter().filter_map(|v| Some((format_ident!("{}", v.name), v.wire.parse().ok()?))).collect();
    let variants = listed.iter().map(|(id, wire)| {
        let doc = format!(" `{wire}`");
        quote!(#[doc = #doc] #id)
    });
    let table = listed.iter().map(|(id, wire)| {
        let wire = proc_macro2::Literal::i64_unsuffixed(*wire);
        quote!(#id = #wire)
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = " A value the spec does not list, kept as received so that it is sent back unchanged."]
            #other(i64),
        }

        #cfg
        oagen_runtime::integer_enum!(#name { #(#table),* } #other);
    }
}

fn union_item(
    types: &Types<'_>,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    u: &Union,
    cfg: &TokenStream,
) -> TokenStream {
    let other = format_ident!("{}", u.other);
    let variants = u.variants.iter().map(|v| {
        let id = format_ident!("{}", v.name);
        let ty = types.nullable(v.ty);
        let doc = match (&u.tag, &v.tag_value) {
            (Some(tag), Some(value)) => format!(" `{tag}: \"{value}\"`"),
            _ => String::new(),
        };
        let doc = if doc.is_empty() { TokenStream::new() } else { quote!(#[doc = #doc]) };
        let allow = allow_complexity(&ty);
        quote!(#doc #allow #id(#ty))
    });
    let other_doc = match &u.tag {
        Some(tag) => format!(" A member whose `{tag}` this version does not know, kept as received."),
        None => " A value no listed member accepts, kept as received.".to_owned(),
    };
    // `Serialize` and `Deserialize` come from the runtime's union macros, written from this table of variants
    // (and tag values): by the tag, or by the shape of each member (what the runtime chooses the member by: the one
    // that keeps the value whole, then the most specific, then the first).
    let table = match &u.tag {
        Some(tag) => {
            let rows = u.variants.iter().map(|v| {
                let id = format_ident!("{}", v.name);
                match &v.tag_value {
                    Some(value) => quote!(#id = #value),
                    None => quote!(#id),
                }
            });
            quote!(#cfg oagen_runtime::tagged_union!(#name { #(#rows),* } #tag #other);)
        }
        None => {
            let rows = u.variants.iter().map(|v| {
                let id = format_ident!("{}", v.name);
                let shape = member_shape(types, v.ty);
                quote!(#id = #shape)
            });
            quote!(#cfg oagen_runtime::untagged_union!(#name { #(#rows),* } #other);)
        }
    };
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #other(serde_json::Value),
        }

        #table
    }
}

/// A member's [`MemberShape`] as the union table writes it (`object(&["id"], &["id"], false)`, `nullable(string())`).
fn member_shape(types: &Types<'_>, r: oagen_ir::TypeRef) -> TokenStream {
    let (shape, nullable) = types.member_shape(r);
    // `any()` takes `null` already.
    let nullable = nullable && shape != MemberShape::Any;
    let shape = match shape {
        MemberShape::Any => quote!(any()),
        MemberShape::String => quote!(string()),
        MemberShape::Integer => quote!(integer()),
        MemberShape::Number => quote!(number()),
        MemberShape::Boolean => quote!(boolean()),
        MemberShape::Array => quote!(array()),
        MemberShape::Map => quote!(map()),
        MemberShape::Strings(values) => quote!(strings(&[#(#values),*])),
        MemberShape::Integers(values) => {
            let values = values.into_iter().map(proc_macro2::Literal::i64_unsuffixed);
            quote!(integers(&[#(#values),*]))
        }
        MemberShape::Object { known, required, closed } => quote!(object(&[#(#known),*], &[#(#required),*], #closed)),
    };
    if nullable {
        quote!(nullable(#shape))
    } else {
        shape
    }
}

/// `#[allow(clippy::type_complexity)]` for a field whose type clippy finds too complex (a spec's deeply nested
/// arrays, written in place because the spec names no level of them), else nothing.
pub(crate) fn allow_complexity(ty: &RustType) -> TokenStream {
    if ty.complexity(1) > TYPE_COMPLEXITY_THRESHOLD {
        quote!(#[allow(clippy::type_complexity)])
    } else {
        TokenStream::new()
    }
}

/// Clippy's default `type-complexity-threshold`.
const TYPE_COMPLEXITY_THRESHOLD: u64 = 250;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_fields_allow_clippy_type_complexity() {
        let nest = |depth: usize| (0..depth).fold(RustType::STRING, |t, _| RustType::Vec(Box::new(t))).optional();
        // Clippy scores `Option<Vec<..6..<String>>>` 360, over its threshold of 250; one level less is 280.
        assert!(!allow_complexity(&nest(6)).is_empty());
        assert!(!allow_complexity(&nest(5)).is_empty());
        assert!(allow_complexity(&nest(4)).is_empty());
        assert!(allow_complexity(&RustType::Map(Box::new(RustType::Vec(Box::new(RustType::Path("i64"))))).optional())
            .is_empty());
    }
}
