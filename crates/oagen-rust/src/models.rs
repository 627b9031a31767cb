//! Model types: one item per named IR type, in arena order (components in document order, then inline types).

use crate::docs::doc_attrs;
use crate::ident::ident;
use oagen_ir::{Api, Docs, Enum, Field, Primitive, Struct, TypeDef, TypeKind, TypeRef, TypeSpace, Union};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::cell::Cell;

/// What a generated module needs imported, recorded while its items are written.
#[derive(Default)]
pub struct Uses {
    /// `oagen_runtime::Tristate`.
    pub tristate: Cell<bool>,
    /// `std::collections::BTreeMap`.
    pub btree_map: Cell<bool>,
    /// `chrono`.
    pub chrono: Cell<bool>,
    /// `uuid`.
    pub uuid: Cell<bool>,
}

/// Writes Rust type expressions for IR type uses.
pub struct Types<'a> {
    space: &'a TypeSpace,
    /// What the expressions written so far need.
    pub uses: Uses,
    /// The path prefix of model types (empty inside the models module, `types::` elsewhere).
    prefix: TokenStream,
}

impl<'a> Types<'a> {
    /// Type expressions for items in the models module itself.
    pub fn new(space: &'a TypeSpace) -> Self {
        Types { space, uses: Uses::default(), prefix: TokenStream::new() }
    }

    /// Type expressions for use outside the models module (model names prefixed with `types::`).
    pub fn outside(space: &'a TypeSpace) -> Self {
        Types { space, uses: Uses::default(), prefix: quote!(types::) }
    }

    /// The type of a use, without nullability (`Box` when the use closes a cycle).
    pub fn base(&self, r: TypeRef) -> TokenStream {
        let t = self.bare(r);
        if r.indirect {
            quote!(Box<#t>)
        } else {
            t
        }
    }

    fn bare(&self, r: TypeRef) -> TokenStream {
        let def = self.space.get(r.id);
        if let Some(name) = &def.name {
            let name = format_ident!("{}", name);
            let prefix = &self.prefix;
            return quote!(#prefix #name);
        }
        match &def.kind {
            TypeKind::Any => quote!(serde_json::Value),
            TypeKind::Primitive(p) => self.primitive(*p),
            TypeKind::List(item) => {
                let item = self.nullable(*item);
                quote!(Vec<#item>)
            }
            TypeKind::Map(value) => {
                if self.is_any(*value) {
                    quote!(serde_json::Map<String, serde_json::Value>)
                } else {
                    self.uses.btree_map.set(true);
                    let value = self.nullable(*value);
                    quote!(BTreeMap<String, #value>)
                }
            }
            // Named kinds always have names; an unnamed one is written as any JSON value.
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => quote!(serde_json::Value),
        }
    }

    fn primitive(&self, p: Primitive) -> TokenStream {
        match p {
            Primitive::String => quote!(String),
            Primitive::DateTime => {
                self.uses.chrono.set(true);
                quote!(chrono::DateTime<chrono::Utc>)
            }
            Primitive::Date => {
                self.uses.chrono.set(true);
                quote!(chrono::NaiveDate)
            }
            Primitive::Uuid => {
                self.uses.uuid.set(true);
                quote!(uuid::Uuid)
            }
            Primitive::Bytes => quote!(Vec<u8>),
            Primitive::I32 => quote!(i32),
            Primitive::I64 => quote!(i64),
            Primitive::U32 => quote!(u32),
            Primitive::U64 => quote!(u64),
            Primitive::F64 => quote!(f64),
            Primitive::Bool => quote!(bool),
        }
    }

    /// Whether the use is (an alias of) any JSON value, which holds `null` itself.
    pub fn is_any(&self, r: TypeRef) -> bool {
        let (id, _) = self.space.resolve(r);
        self.space.admits_null(id)
    }

    /// The type of a use where `null` is allowed: `Option<T>` (any JSON value holds null itself).
    pub fn nullable(&self, r: TypeRef) -> TokenStream {
        let base = self.base(r);
        if r.nullable && !self.is_any(r) {
            quote!(Option<#base>)
        } else {
            base
        }
    }

    /// The Rust type of a struct field, by presence and nullability: required `T`, required nullable `Option<T>`
    /// (always written), optional `Option<T>` (left out when `None`), optional nullable `Tristate<T>` (absent, null
    /// or a value; left out when absent). How each is read and written is its kind in the `serde_struct!` table.
    pub fn field(&self, f: &Field) -> TokenStream {
        let base = self.base(f.ty);
        match (f.required, self.field_nullable(f)) {
            (true, false) => base,
            (true, true) | (false, false) => quote!(Option<#base>),
            (false, true) => {
                self.uses.tristate.set(true);
                quote!(Tristate<#base>)
            }
        }
    }

    /// Whether a field can hold `null` itself. Any JSON value holds `null`: required, it is the value; optional,
    /// absent and null stay apart.
    fn field_nullable(&self, f: &Field) -> bool {
        if self.is_any(f.ty) {
            !f.required
        } else {
            f.ty.nullable
        }
    }

    /// The field's kind in the `serde_struct!` table: `required` (must be there, always written), `nullable`
    /// (required but nullable: read as `None` when absent, always written) or `optional` (left out when absent).
    fn field_kind(&self, f: &Field) -> proc_macro2::Ident {
        let kind = match (f.required, self.field_nullable(f)) {
            (true, false) => "required",
            (true, true) => "nullable",
            (false, _) => "optional",
        };
        format_ident!("{kind}")
    }
}

/// The models module of an API.
pub fn models(api: &Api) -> TokenStream {
    let (items, imports) = model_items(api, 0..usize::MAX);
    let head = models_head(api, imports);
    quote!(#head #items)
}

/// What the model items use from outside the module, for its imports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imports {
    /// `oagen_runtime::Tristate`.
    pub tristate: bool,
    /// `std::collections::BTreeMap`.
    pub btree_map: bool,
}

impl Imports {
    /// What either needs.
    pub fn merge(self, other: Imports) -> Imports {
        Imports { tristate: self.tristate || other.tristate, btree_map: self.btree_map || other.btree_map }
    }
}

/// The number of named types: the models items are indexed `0..count` in spec order.
pub fn model_count(api: &Api) -> usize {
    api.types.named().count()
}

/// The items of the named types whose index (in spec order) is in `range`, and what they import. The items of
/// consecutive ranges, one after the other, are the items of the whole module: the emitter splits a large module
/// this way to format its parts in parallel.
pub fn model_items(api: &Api, range: std::ops::Range<usize>) -> (TokenStream, Imports) {
    let types = Types::new(&api.types);
    let items: Vec<TokenStream> = api
        .types
        .named()
        .skip(range.start)
        .take(range.end.saturating_sub(range.start))
        .map(|(_, def)| item(&types, def))
        .collect();
    let imports = Imports { tristate: types.uses.tristate.get(), btree_map: types.uses.btree_map.get() };
    (quote!(#(#items)*), imports)
}

/// The head of the models module: its docs, inner attributes and `imports`.
pub fn models_head(api: &Api, imports: Imports) -> TokenStream {
    let mut uses = Vec::new();
    if imports.tristate {
        uses.push(quote!(use oagen_runtime::Tristate;));
    }
    if imports.btree_map {
        uses.push(quote!(use std::collections::BTreeMap;));
    }
    let title = format!(" Models of {} {}: one type per schema, named after the component or its place.", api.title, api.version);
    // A deprecated type used by another model (or a deprecated field read by the derives) is the spec's business, not
    // a warning for the crate: users still get the warning where their own code uses it.
    let any_deprecated = api.types.named().any(|(_, def)| {
        def.docs.deprecated || matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.docs.deprecated))
    });
    let allow_deprecated = if any_deprecated { quote!(#![allow(deprecated)]) } else { TokenStream::new() };
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
        None => match place(&def.pointer) {
            whole_file if whole_file.ends_with('#') => format!("Defined in `{}`.", whole_file.trim_end_matches('#')),
            place => format!("Defined inline at `{place}`."),
        },
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

/// A pointer as a reader finds the place: `file#/pointer` for a document reached by a file `$ref` (mounted under
/// `/x-oagen-files/<file>`), else `#/pointer`.
fn place(pointer: &oagen_ir::Pointer) -> String {
    let mut tokens = pointer.tokens();
    if tokens.next().as_deref() == Some("x-oagen-files") {
        if let Some(file) = tokens.next() {
            let rest: String = pointer.as_str().splitn(4, '/').nth(3).map(|r| format!("/{r}")).unwrap_or_default();
            return format!("{file}#{rest}");
        }
    }
    pointer.to_string()
}

fn deprecated(docs: &Docs) -> TokenStream {
    if docs.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

fn item(types: &Types<'_>, def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name.as_deref().unwrap_or("Value"));
    let docs = type_docs(def);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(types, &name, docs, s),
        TypeKind::Enum(e) => enum_item(&name, docs, e),
        TypeKind::Union(u) => union_item(types, &name, docs, u),
        TypeKind::Alias(target) => {
            let t = types.base(*target);
            quote! { #docs pub type #name = #t; }
        }
        // Named entries are structs, enums, unions or aliases; a named scalar cannot occur, and would be any JSON.
        TypeKind::Any | TypeKind::Primitive(_) | TypeKind::List(_) | TypeKind::Map(_) => {
            quote! { #docs pub type #name = serde_json::Value; }
        }
    }
}

fn field_docs(f: &Field) -> TokenStream {
    let mut notes = Vec::new();
    if let Some(d) = &f.default {
        notes.push(format!("The server assumes `{d}` when this is not sent; it is never sent on your behalf."));
    }
    if f.read_only {
        notes.push("Read-only: set by the server.".to_owned());
    }
    if f.write_only {
        notes.push("Write-only: never returned by the server.".to_owned());
    }
    let mut docs = doc_attrs(f.docs.description.iter().map(String::as_str).chain(notes.iter().map(String::as_str)));
    docs.extend(deprecated(&f.docs));
    docs
}

fn struct_item(types: &Types<'_>, name: &proc_macro2::Ident, docs: TokenStream, s: &Struct) -> TokenStream {
    let mut all_defaultable = true;
    let mut table = Vec::with_capacity(s.fields.len());
    let mut fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let ty = types.field(f);
            let fname = ident(&f.name);
            let wire = &f.wire_name;
            let kind = types.field_kind(f);
            if f.required && !(f.ty.nullable || types.is_any(f.ty)) {
                all_defaultable = false;
            }
            table.push(quote!(#kind #fname = #wire));
            let docs = field_docs(f);
            let allow = allow_complexity(&ty);
            quote! { #docs #allow pub #fname: #ty }
        })
        .collect();
    let mut additional = TokenStream::new();
    if let Some(extra) = s.additional {
        let value = types.nullable(extra);
        let fname = if s.fields.iter().any(|f| f.name == "additional_properties") {
            format_ident!("additional_properties_")
        } else {
            format_ident!("additional_properties")
        };
        let map = if types.is_any(extra) {
            quote!(serde_json::Map<String, serde_json::Value>)
        } else {
            types.uses.btree_map.set(true);
            quote!(BTreeMap<String, #value>)
        };
        fields.push(quote! {
            #[doc = " Properties not listed above."]
            pub #fname: #map
        });
        additional = quote!(.. #fname);
    }
    let default = if all_defaultable { quote!(, Default) } else { TokenStream::new() };
    // `Serialize` and `Deserialize` come from the runtime's `serde_struct!`, written from this table of fields (wire
    // names, presence): a fraction of what the derives expand to, which was most of a models crate's compile time.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #(#fields,)*
        }

        oagen_runtime::serde_struct!(#name { #(#table),* } #additional);
    }
}

fn enum_item(name: &proc_macro2::Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    let other = format_ident!("{}", e.other);
    let variants = e.values.iter().map(|v| {
        let id = format_ident!("{}", v.name);
        let doc = format!(" `{}`", v.wire);
        quote!(#[doc = #doc] #id)
    });
    let table = e.values.iter().map(|v| {
        let id = format_ident!("{}", v.name);
        let wire = &v.wire;
        quote!(#id = #wire)
    });
    // The conversions (`as_str`, `From<&str>`, `From<String>`, `Display`, serde) come from the runtime's
    // `string_enum!`, written from this table of variants and wire values.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants,)*
            #[doc = " A value the spec does not list, kept as received so that it is sent back unchanged."]
            #other(String),
        }

        oagen_runtime::string_enum!(#name { #(#table),* } #other);
    }
}

fn union_item(types: &Types<'_>, name: &proc_macro2::Ident, docs: TokenStream, u: &Union) -> TokenStream {
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
    // (and tag values): by the tag, or by the first member that accepts the value, in member order.
    let table = match &u.tag {
        Some(tag) => {
            let rows = u.variants.iter().map(|v| {
                let id = format_ident!("{}", v.name);
                match &v.tag_value {
                    Some(value) => quote!(#id = #value),
                    None => quote!(#id),
                }
            });
            quote!(oagen_runtime::tagged_union!(#name { #(#rows),* } #tag #other);)
        }
        None => {
            let rows = u.variants.iter().map(|v| format_ident!("{}", v.name));
            quote!(oagen_runtime::untagged_union!(#name { #(#rows),* } #other);)
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
            #[doc = #other_doc]
            #other(serde_json::Value),
        }

        #table
    }
}

/// `#[allow(clippy::type_complexity)]` for a field whose type clippy finds too complex (a spec's deeply nested
/// arrays, written in place because the spec names no level of them), else nothing.
fn allow_complexity(ty: &TokenStream) -> TokenStream {
    // Most field types are far below the threshold; a bound read off the tokens spares parsing them.
    if complexity_bound(ty.clone(), 1) <= TYPE_COMPLEXITY_THRESHOLD {
        return TokenStream::new();
    }
    match syn::parse2::<syn::Type>(ty.clone()) {
        Ok(t) if type_complexity(&t, 1) > TYPE_COMPLEXITY_THRESHOLD => quote!(#[allow(clippy::type_complexity)]),
        _ => TokenStream::new(),
    }
}

/// At least [`type_complexity`] of a type's tokens: every identifier (a path has one or more) and every group (a
/// tuple, slice or array) counted at ten times its depth of nesting, in angle brackets or groups.
fn complexity_bound(tokens: TokenStream, nest: u64) -> u64 {
    let mut depth = nest;
    let mut bound = 0;
    for tt in tokens {
        match tt {
            proc_macro2::TokenTree::Ident(_) => bound += 10 * depth,
            proc_macro2::TokenTree::Group(g) => bound += 10 * depth + complexity_bound(g.stream(), depth + 1),
            proc_macro2::TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            proc_macro2::TokenTree::Punct(p) if p.as_char() == '>' => depth = depth.saturating_sub(1).max(nest),
            _ => {}
        }
    }
    bound
}

/// Clippy's default `type-complexity-threshold`.
const TYPE_COMPLEXITY_THRESHOLD: u64 = 250;

/// Clippy's score for a type: each path, slice, tuple or array costs ten times its nesting depth.
fn type_complexity(t: &syn::Type, nest: u64) -> u64 {
    match t {
        syn::Type::Path(p) => {
            let args: u64 = p
                .path
                .segments
                .iter()
                .filter_map(|seg| match &seg.arguments {
                    syn::PathArguments::AngleBracketed(a) => Some(a.args.iter()),
                    _ => None,
                })
                .flatten()
                .map(|arg| match arg {
                    syn::GenericArgument::Type(t) => type_complexity(t, nest + 1),
                    _ => 0,
                })
                .sum();
            10 * nest + args
        }
        syn::Type::Slice(s) => 10 * nest + type_complexity(&s.elem, nest + 1),
        syn::Type::Array(a) => 10 * nest + type_complexity(&a.elem, nest + 1),
        syn::Type::Tuple(t) => 10 * nest + t.elems.iter().map(|e| type_complexity(e, nest + 1)).sum::<u64>(),
        syn::Type::Paren(p) => type_complexity(&p.elem, nest),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clippy_type_complexity_score() {
        let deep: syn::Type = syn::parse_quote!(Option<Vec<Vec<Vec<Vec<Vec<Vec<String>>>>>>>);
        assert_eq!(type_complexity(&deep, 1), 10 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8));
        assert!(!allow_complexity(&quote!(Option<Vec<Vec<Vec<Vec<Vec<Vec<String>>>>>>>)).is_empty());
        assert!(allow_complexity(&quote!(Option<BTreeMap<String, Vec<i64>>>)).is_empty());
        // The bound read off the tokens is never below clippy's score.
        for ty in [
            quote!(Option<Vec<Vec<Vec<Vec<Vec<Vec<String>>>>>>>),
            quote!(Option<BTreeMap<String, Vec<types::Pet>>>),
            quote!(Vec<(i64, [Option<String>; 2], Box<[u8]>)>),
            quote!(oagen_runtime::Tristate<Vec<Vec<BTreeMap<String, Vec<Vec<(String, i64)>>>>>>),
        ] {
            let exact = syn::parse2::<syn::Type>(ty.clone()).map(|t| type_complexity(&t, 1)).unwrap_or(u64::MAX);
            assert!(complexity_bound(ty.clone(), 1) >= exact, "{ty}: {} < {exact}", complexity_bound(ty.clone(), 1));
        }
    }
}
