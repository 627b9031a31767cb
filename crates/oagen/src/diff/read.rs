//! Reading a generated crate's [`Surface`] from its files with `syn`.
//!
//! The runtime's table macros are looked into: `serde_struct! { .. }` wraps a struct declaration (read as one),
//! `string_enum!`, `tagged_union!` and `untagged_union!` give the wire values of an enum's variants. The `params`
//! module of a client (`#[doc(hidden)]`) is not public API; what it tells (which setters are type-state) is read from
//! the setters themselves.

use super::attrs::{cfg, derives, doc_text, has, has_doc_hidden, normalise_docs, visible, wire};
use super::surface::{Field, Item, Kind, Shape, Signature, Surface, Variant};
use super::types::TypeText;
use oagen_rust::File;
use std::collections::{BTreeMap, BTreeSet};
use syn::ext::IdentExt;
use syn::parse::ParseStream;

impl Surface {
    /// Reads the public surface of the crate made of `files` (its `src/**/*.rs` and `Cargo.toml`). `label`, the
    /// API's `title version` as the generated docs write it, is masked in the docs, so that a new `info.version`
    /// alone is not a change of every item that names it. A file that does not parse is skipped (the generator
    /// only writes code that parses).
    pub fn read(files: &[File], label: Option<&str>) -> Surface {
        let top: BTreeSet<String> = files.iter().filter_map(|f| module_of(&f.path)).filter(|m| !m.is_empty()).collect();
        let mut reader = Reader { top, label, ..Reader::default() };
        for file in files {
            let Some(module) = module_of(&file.path) else { continue };
            let Ok(parsed) = syn::parse_file(&file.contents) else { continue };
            let path = if module.is_empty() { "crate".to_owned() } else { module.clone() };
            let docs = reader.docs(&parsed.attrs);
            let entry = reader.items.entry(path).or_insert_with(|| Item {
                kind: Kind::Module,
                docs: String::new(),
                cfg: None,
                deprecated: false,
                refs: Vec::new(),
            });
            entry.docs = docs;
            reader.items_of(&module, &parsed.items);
        }
        let mut surface = reader.finish();
        if let Some(manifest) = files.iter().find(|f| f.path == "Cargo.toml") {
            surface.read_features(&manifest.contents);
        }
        surface.client = surface.items.get("client").is_some_and(|i| i.kind == Kind::Module);
        surface.server = surface.items.get("server").is_some_and(|i| i.kind == Kind::Module);
        surface
    }

    /// Adds the manifest's `[features]` (`default` and the parts' features included) as items `features::<name>`.
    fn read_features(&mut self, manifest: &str) {
        let Ok(table) = manifest.parse::<toml::Table>() else { return };
        let Some(features) = table.get("features").and_then(|f| f.as_table()) else { return };
        for name in features.keys() {
            self.items.insert(
                format!("features::{name}"),
                Item { kind: Kind::Feature, docs: String::new(), cfg: None, deprecated: false, refs: Vec::new() },
            );
        }
    }
}

/// The module a crate file holds (`""` for `src/lib.rs`, `types` for `src/types.rs`, `a::b` for `src/a/b.rs` or
/// `src/a/b/mod.rs`), or `None` for a file that is not a library source.
fn module_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    let rest = rest.strip_suffix("/mod").unwrap_or(rest);
    Some(if rest == "lib" { String::new() } else { rest.replace('/', "::") })
}

/// `module::name`, or `name` at the crate root.
fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

/// A method of a client call, kept until every call's alias is known.
struct PendingSetter {
    /// The `params::` struct of the call.
    params: String,
    /// The method's name.
    name: String,
    /// The item, its kind still to be made a [`Kind::Setter`].
    item: Item,
    /// Its signature.
    sig: Signature,
    /// The last segment of its return type's path (the call's alias for a type-state setter).
    ret_name: Option<String>,
}

/// What a table macro (`string_enum!`, `tagged_union!`, `untagged_union!`) says of an enum.
struct WireTable {
    /// The enum's path.
    owner: String,
    /// Each variant with its wire value (none for an untagged union's).
    rows: Vec<(String, Option<String>)>,
    /// A tagged union's tag property.
    tag: Option<String>,
}

/// The reading of one crate's files.
#[derive(Default)]
struct Reader<'l> {
    /// The items read so far.
    items: BTreeMap<String, Item>,
    /// The crate's top-level modules (a path starting with one of them is absolute).
    top: BTreeSet<String>,
    /// The API's `title version`, masked in docs.
    label: Option<&'l str>,
    /// Each call's `params::` struct → the path of its alias.
    calls: BTreeMap<String, String>,
    /// Methods of `impl Call<'a, params::X<..>>` blocks.
    setters: Vec<PendingSetter>,
    /// Each call's `params::` struct → its `Output`.
    outputs: Vec<(String, String)>,
    /// Trait impls: the implementing type's path and the trait's name.
    impls: Vec<(String, String)>,
    /// The wire values the table macros give.
    wires: Vec<WireTable>,
}

impl Reader<'_> {
    fn finish(mut self) -> Surface {
        for s in std::mem::take(&mut self.setters) {
            let Some(alias) = self.calls.get(&s.params) else { continue };
            let alias_name = alias.rsplit("::").next().unwrap_or(alias);
            let required = s.sig.ret != "Self" && !s.sig.args.is_empty() && s.ret_name.as_deref() == Some(alias_name);
            let path = format!("{alias}::{}", s.name);
            self.items.insert(path, Item { kind: Kind::Setter { sig: s.sig, required }, ..s.item });
        }
        for (params, output) in std::mem::take(&mut self.outputs) {
            let Some(alias) = self.calls.get(&params) else { continue };
            if let Some(Item { kind: Kind::Call { output: slot }, .. }) = self.items.get_mut(alias) {
                *slot = Some(output);
            }
        }
        for (owner, name) in std::mem::take(&mut self.impls) {
            if let Some(Item { kind: Kind::Struct(shape) | Kind::Enum(shape), .. }) = self.items.get_mut(&owner) {
                shape.traits.insert(name);
            }
        }
        for WireTable { owner, rows, tag } in std::mem::take(&mut self.wires) {
            if let Some(Item { kind: Kind::Enum(shape), .. }) = self.items.get_mut(&owner) {
                shape.tag = tag;
            }
            for (variant, wire) in rows {
                if let Some(Item { kind: Kind::Variant(v), .. }) = self.items.get_mut(&format!("{owner}::{variant}")) {
                    v.wire = wire;
                }
            }
        }
        // Methods of impls on types that are not public.
        let orphans: Vec<String> = self
            .items
            .keys()
            .filter(|k| k.rsplit_once("::").is_some_and(|(parent, _)| !self.items.contains_key(parent)))
            .cloned()
            .collect();
        for k in orphans {
            self.items.remove(&k);
        }
        Surface { items: self.items, ..Surface::default() }
    }

    /// A new item of `kind` with the docs, `cfg` and deprecation its attributes give.
    fn item(&self, kind: Kind, attrs: &[syn::Attribute], refs: Vec<String>) -> Item {
        Item { kind, docs: self.docs(attrs), cfg: cfg(attrs), deprecated: has(attrs, "deprecated"), refs }
    }

    fn docs(&self, attrs: &[syn::Attribute]) -> String {
        normalise_docs(&doc_text(attrs), self.label)
    }

    fn text<'a>(&'a self, module: &'a str) -> TypeText<'a> {
        TypeText::new(module, &self.top)
    }

    fn items_of(&mut self, module: &str, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Struct(s) if visible(&s.vis, &s.attrs) => self.structure(module, s),
                syn::Item::Enum(e) if visible(&e.vis, &e.attrs) => self.enumeration(module, e),
                syn::Item::Type(t) if visible(&t.vis, &t.attrs) => self.alias(module, t),
                syn::Item::Fn(f) if visible(&f.vis, &f.attrs) => {
                    let mut text = self.text(module);
                    let sig = signature(&mut text, &f.sig);
                    let item = self.item(Kind::Fn(sig), &f.attrs, text.inputs);
                    self.items.insert(join(module, &f.sig.ident.unraw().to_string()), item);
                }
                syn::Item::Const(c) if visible(&c.vis, &c.attrs) => {
                    let ty = self.text(module).ty(&c.ty);
                    let item = self.item(Kind::Const { ty, default: true }, &c.attrs, Vec::new());
                    self.items.insert(join(module, &c.ident.unraw().to_string()), item);
                }
                syn::Item::Static(s) if visible(&s.vis, &s.attrs) => {
                    let ty = self.text(module).ty(&s.ty);
                    let item = self.item(Kind::Const { ty, default: true }, &s.attrs, Vec::new());
                    self.items.insert(join(module, &s.ident.unraw().to_string()), item);
                }
                syn::Item::Mod(m) if visible(&m.vis, &m.attrs) => {
                    let path = join(module, &m.ident.unraw().to_string());
                    let item = self.item(Kind::Module, &m.attrs, Vec::new());
                    match self.items.get_mut(&path) {
                        // `pub mod client;` in lib.rs: the file gave the docs, the declaration gives the `cfg`.
                        Some(existing) if m.content.is_none() => {
                            existing.cfg = item.cfg;
                            existing.deprecated = item.deprecated;
                        }
                        _ => {
                            let keep_docs = m.content.is_none();
                            let docs = self.items.get(&path).map(|i| i.docs.clone());
                            self.items.insert(path.clone(), item);
                            if let (true, Some(docs), Some(i)) = (keep_docs, docs, self.items.get_mut(&path)) {
                                i.docs = docs;
                            }
                        }
                    }
                    if let Some((_, content)) = &m.content {
                        self.items_of(&path, content);
                    }
                }
                syn::Item::Use(u) if visible(&u.vis, &u.attrs) => {
                    let mut leaves = Vec::new();
                    use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
                    for (name, target) in leaves {
                        // As written: most name another crate (`oagen_runtime::client::ApiResponse`).
                        let item = self.item(Kind::Reexport { target: target.join("::") }, &u.attrs, Vec::new());
                        self.items.insert(join(module, &name), item);
                    }
                }
                syn::Item::Trait(t) if visible(&t.vis, &t.attrs) => self.trait_items(module, t),
                syn::Item::Impl(i) => self.implementation(module, i),
                syn::Item::Macro(m) => self.table_macro(module, &m.mac),
                _ => {}
            }
        }
    }

    fn structure(&mut self, module: &str, s: &syn::ItemStruct) {
        let path = join(module, &s.ident.unraw().to_string());
        let mut shape =
            Shape { traits: derives(&s.attrs), non_exhaustive: has(&s.attrs, "non_exhaustive"), ..Shape::default() };
        let fields: Vec<(String, &syn::Field)> = match &s.fields {
            syn::Fields::Named(named) => named
                .named
                .iter()
                .map(|f| (f.ident.as_ref().map(|i| i.unraw().to_string()).unwrap_or_default(), f))
                .collect(),
            syn::Fields::Unnamed(unnamed) => {
                unnamed.unnamed.iter().enumerate().map(|(i, f)| (i.to_string(), f)).collect()
            }
            syn::Fields::Unit => Vec::new(),
        };
        for (name, f) in fields {
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                shape.private_fields = true;
                continue;
            }
            if has_doc_hidden(&f.attrs) {
                continue;
            }
            let mut text = self.text(module);
            let ty = text.ty(&f.ty);
            let (presence, rename) = wire(&f.attrs);
            let item = self.item(Kind::Field(Field { ty, presence, rename }), &f.attrs, text.refs);
            self.items.insert(format!("{path}::{name}"), item);
        }
        let item = self.item(Kind::Struct(shape), &s.attrs, Vec::new());
        self.items.insert(path, item);
    }

    fn enumeration(&mut self, module: &str, e: &syn::ItemEnum) {
        let path = join(module, &e.ident.unraw().to_string());
        for v in &e.variants {
            if has_doc_hidden(&v.attrs) {
                continue;
            }
            let mut text = self.text(module);
            let payload = match &v.fields {
                syn::Fields::Unit => String::new(),
                syn::Fields::Unnamed(u) => {
                    let tys: Vec<String> = u.unnamed.iter().map(|f| text.ty(&f.ty)).collect();
                    format!("({})", tys.join(", "))
                }
                syn::Fields::Named(n) => {
                    let fields: Vec<String> = n
                        .named
                        .iter()
                        .map(|f| {
                            let name = f.ident.as_ref().map(|i| i.unraw().to_string()).unwrap_or_default();
                            format!("{name}: {}", text.ty(&f.ty))
                        })
                        .collect();
                    format!("{{ {} }}", fields.join(", "))
                }
            };
            let item = self.item(Kind::Variant(Variant { payload, wire: None }), &v.attrs, text.refs);
            self.items.insert(format!("{path}::{}", v.ident.unraw()), item);
        }
        let shape =
            Shape { traits: derives(&e.attrs), non_exhaustive: has(&e.attrs, "non_exhaustive"), ..Shape::default() };
        let item = self.item(Kind::Enum(shape), &e.attrs, Vec::new());
        self.items.insert(path, item);
    }

    fn alias(&mut self, module: &str, t: &syn::ItemType) {
        let path = join(module, &t.ident.unraw().to_string());
        if let Some(params) = call_params(&t.ty) {
            self.calls.insert(params, path.clone());
            let item = self.item(Kind::Call { output: None }, &t.attrs, Vec::new());
            self.items.insert(path, item);
            return;
        }
        let mut text = self.text(module);
        let target = text.ty(&t.ty);
        let item = self.item(Kind::Alias { target }, &t.attrs, text.refs);
        self.items.insert(path, item);
    }

    fn trait_items(&mut self, module: &str, t: &syn::ItemTrait) {
        let path = join(module, &t.ident.unraw().to_string());
        let item = self.item(Kind::Trait, &t.attrs, Vec::new());
        self.items.insert(path.clone(), item);
        for member in &t.items {
            match member {
                syn::TraitItem::Fn(f) if !has_doc_hidden(&f.attrs) => {
                    let mut text = self.text(module);
                    let sig = signature(&mut text, &f.sig);
                    let kind = Kind::TraitMethod { sig, default: f.default.is_some() };
                    let item = self.item(kind, &f.attrs, text.outputs);
                    self.items.insert(format!("{path}::{}", f.sig.ident.unraw()), item);
                }
                syn::TraitItem::Const(c) if !has_doc_hidden(&c.attrs) => {
                    let ty = self.text(module).ty(&c.ty);
                    let item = self.item(Kind::Const { ty, default: c.default.is_some() }, &c.attrs, Vec::new());
                    self.items.insert(format!("{path}::{}", c.ident.unraw()), item);
                }
                syn::TraitItem::Type(ty) if !has_doc_hidden(&ty.attrs) => {
                    let kind = Kind::Const { ty: "type".to_owned(), default: ty.default.is_some() };
                    let item = self.item(kind, &ty.attrs, Vec::new());
                    self.items.insert(format!("{path}::{}", ty.ident.unraw()), item);
                }
                _ => {}
            }
        }
    }

    fn implementation(&mut self, module: &str, i: &syn::ItemImpl) {
        let syn::Type::Path(self_ty) = &*i.self_ty else { return };
        let segments: Vec<String> = self_ty.path.segments.iter().map(|s| s.ident.unraw().to_string()).collect();
        if let Some((_, trait_path, _)) = &i.trait_ {
            let Some(name) = trait_path.segments.last().map(|s| s.ident.to_string()) else { return };
            match params_name(&self_ty.path) {
                Some(params) if name == "Operation" => {
                    for member in &i.items {
                        if let syn::ImplItem::Type(t) = member {
                            if t.ident == "Output" {
                                let output = self.text(module).ty(&t.ty);
                                self.outputs.push((params.clone(), output));
                            }
                        }
                    }
                }
                _ => {
                    let owner = self.text(module).resolve(&segments);
                    self.impls.push((owner, name));
                }
            }
            return;
        }
        let call_of = match self_ty.path.segments.last() {
            Some(last) if last.ident == "Call" => match generic_types(last).get(1).copied().flatten() {
                Some(syn::Type::Path(p)) => params_name(&p.path),
                _ => None,
            },
            _ => None,
        };
        let owner = self.text(module).resolve(&segments);
        for member in &i.items {
            let syn::ImplItem::Fn(f) = member else { continue };
            if !visible(&f.vis, &f.attrs) {
                continue;
            }
            let mut text = self.text(module);
            let sig = signature(&mut text, &f.sig);
            let name = f.sig.ident.unraw().to_string();
            match &call_of {
                Some(params) => {
                    let ret_name = match &f.sig.output {
                        syn::ReturnType::Type(_, ty) => match &**ty {
                            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                            _ => None,
                        },
                        syn::ReturnType::Default => None,
                    };
                    let item = self.item(Kind::Module, &f.attrs, text.inputs);
                    self.setters.push(PendingSetter { params: params.clone(), name, item, sig, ret_name });
                }
                None => {
                    let item = self.item(Kind::Fn(sig), &f.attrs, text.inputs);
                    self.items.insert(format!("{owner}::{name}"), item);
                }
            }
        }
    }

    /// `oagen_runtime::serde_struct! { .. }` (the struct it declares) and the wire tables of enums.
    fn table_macro(&mut self, module: &str, mac: &syn::Macro) {
        let Some(name) = mac.path.segments.last().map(|s| s.ident.to_string()) else { return };
        match name.as_str() {
            "serde_struct" => {
                if let Ok(file) = mac.parse_body::<syn::File>() {
                    self.items_of(module, &file.items);
                }
            }
            "string_enum" | "tagged_union" | "untagged_union" => {
                if let Ok(mut table) = mac.parse_body_with(wire_table) {
                    table.owner = join(module, &table.owner);
                    self.wires.push(table);
                }
            }
            _ => {}
        }
    }
}

/// The rows of a wire table, `Name { A = "a", B = "b", } ["tag"] Other`: the enum, each variant with its value, and
/// the tag property when one follows the rows.
fn wire_table(input: ParseStream<'_>) -> syn::Result<WireTable> {
    let owner: syn::Ident = input.parse()?;
    let content;
    syn::braced!(content in input);
    let mut rows = Vec::new();
    while !content.is_empty() {
        let variant = content.call(syn::Ident::parse_any)?;
        let mut value = None;
        if content.peek(syn::Token![=]) {
            content.parse::<syn::Token![=]>()?;
            value = Some(match content.parse::<syn::Lit>()? {
                syn::Lit::Str(s) => s.value(),
                syn::Lit::Int(i) => i.base10_digits().to_owned(),
                syn::Lit::Bool(b) => b.value.to_string(),
                _ => String::new(),
            });
        }
        if content.peek(syn::Token![,]) {
            content.parse::<syn::Token![,]>()?;
        }
        rows.push((variant.unraw().to_string(), value));
    }
    let tag = if input.peek(syn::LitStr) { Some(input.parse::<syn::LitStr>()?.value()) } else { None };
    // The rest (the catch-all variant's name) says nothing a caller depends on.
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((_, next)) = rest.token_tree() {
            rest = next;
        }
        Ok(((), rest))
    })?;
    Ok(WireTable { owner: owner.unraw().to_string(), rows, tag })
}

/// The `params::X` struct a type names (`params::X<'a, S>` → `X`).
fn params_name(path: &syn::Path) -> Option<String> {
    let segments: Vec<&syn::PathSegment> = path.segments.iter().collect();
    match segments.as_slice() {
        [first, last] if first.ident == "params" => Some(last.ident.unraw().to_string()),
        _ => None,
    }
}

/// The `params::X` of an alias `Call<'a, params::X<..>>`, when the type is one.
fn call_params(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Call" {
        return None;
    }
    match generic_types(last).get(1).copied().flatten()? {
        syn::Type::Path(inner) => params_name(&inner.path),
        _ => None,
    }
}

/// The generic arguments of a path segment that are types or lifetimes, in order, a lifetime as `None`:
/// `Call<'a, params::X>` gives `[None, Some(params::X)]`.
fn generic_types(segment: &syn::PathSegment) -> Vec<Option<&syn::Type>> {
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else { return Vec::new() };
    args.args
        .iter()
        .filter_map(|arg| match arg {
            syn::GenericArgument::Type(t) => Some(Some(t)),
            syn::GenericArgument::Lifetime(_) => Some(None),
            _ => None,
        })
        .collect()
}

/// A function's signature: receiver, arguments and return type (the arguments' item paths go to the text's
/// inputs, the return type's to its outputs).
fn signature(text: &mut TypeText<'_>, sig: &syn::Signature) -> Signature {
    let mut receiver = None;
    let mut args = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(r) => {
                receiver = Some(match &r.reference {
                    Some((_, lifetime)) => {
                        let lt = lifetime.as_ref().map(|l| format!("'{} ", l.ident)).unwrap_or_default();
                        let m = if r.mutability.is_some() { "mut " } else { "" };
                        format!("&{lt}{m}self")
                    }
                    // `mut self` is the method's business, not the caller's.
                    None => "self".to_owned(),
                })
            }
            syn::FnArg::Typed(t) => {
                let name = match &*t.pat {
                    syn::Pat::Ident(i) => i.ident.unraw().to_string(),
                    _ => "_".to_owned(),
                };
                let ty = text.ty(&t.ty);
                args.push((name, ty));
            }
        }
    }
    text.inputs = std::mem::take(&mut text.refs);
    let ret = match &sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, ty) => text.ty(ty),
    };
    text.outputs = std::mem::take(&mut text.refs);
    Signature { receiver, args, ret }
}

/// The leaves of a `use` tree: each name it brings in and the path it names.
fn use_leaves(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.unraw().to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.unraw().to_string();
            let mut target = prefix.clone();
            target.push(name.clone());
            out.push((name, target));
        }
        syn::UseTree::Rename(r) => {
            let mut target = prefix.clone();
            target.push(r.ident.unraw().to_string());
            out.push((r.rename.unraw().to_string(), target));
        }
        syn::UseTree::Glob(_) => {
            let mut target = prefix.clone();
            target.push("*".to_owned());
            out.push(("*".to_owned(), target));
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, prefix, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The surface of a crate of the file `path` holding `code`, beside an empty `src/types.rs`.
    fn surface(path: &str, code: &str) -> Surface {
        let files = [
            File { path: path.to_owned(), contents: code.to_owned() },
            File { path: "src/types.rs".to_owned(), contents: String::new() },
        ];
        Surface::read(&files, Some("Growth 1.0.0"))
    }

    #[test]
    fn a_serde_struct_is_read_with_its_fields_derives_and_wire_markers() {
        let s = surface(
            "src/types.rs",
            r#"
            oagen_runtime::serde_struct! {
                /// A pet.
                #[derive(Debug, Clone, PartialEq, Default)]
                pub struct Pet {
                    /// Its id.
                    #[wire(required, rename = "petId")]
                    pub pet_id: String,
                    #[wire(optional)]
                    pub r#type: Option<Kind>,
                    #[additional]
                    pub unknown_fields: serde_json::Map<String, serde_json::Value>,
                }
            }
            "#,
        );
        let Some(Item { kind: Kind::Struct(shape), docs, .. }) = s.items.get("types::Pet") else { panic!("{s:#?}") };
        assert!(shape.traits.contains("Default") && !shape.non_exhaustive && !shape.private_fields);
        assert_eq!(docs, "A pet.");
        let field = |name: &str| match s.items.get(&format!("types::Pet::{name}")).map(|i| &i.kind) {
            Some(Kind::Field(f)) => f.clone(),
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(
            field("pet_id"),
            Field { ty: "String".into(), presence: Some("required".into()), rename: Some("petId".into()) }
        );
        assert_eq!(field("type").ty, "Option<Kind>");
        assert!(field("type").optional() && field("unknown_fields").optional() && !field("pet_id").optional());
        assert!(s.items["types::Pet::type"].refs.contains(&"types::Kind".to_owned()));
    }

    #[test]
    fn enums_get_their_wire_values_and_tag_from_the_tables() {
        let s = surface(
            "src/types.rs",
            r#"
            #[non_exhaustive]
            pub enum Kind { /// `dog`
                Dog, Cat, Unrecognized(String) }
            oagen_runtime::string_enum!(Kind { Dog = "dog", Cat = "cat", } Unrecognized);
            pub enum Shape { Text(Text), Other(serde_json::Value) }
            oagen_runtime::tagged_union!(Shape { Text = "text", } "type" Other);
            "#,
        );
        assert!(matches!(&s.items["types::Kind"].kind, Kind::Enum(shape) if shape.non_exhaustive));
        assert!(matches!(&s.items["types::Kind::Dog"].kind, Kind::Variant(v) if v.wire.as_deref() == Some("dog")));
        assert_eq!(s.items["types::Kind::Dog"].docs, "`dog`");
        assert!(matches!(&s.items["types::Kind::Unrecognized"].kind, Kind::Variant(v) if v.payload == "(String)"));
        assert!(
            matches!(&s.items["types::Shape"].kind, Kind::Enum(shape) if shape.tag.as_deref() == Some("type") && !shape.non_exhaustive)
        );
    }

    #[test]
    fn calls_their_setters_type_state_and_output_are_read() {
        let s = surface(
            "src/client.rs",
            r#"
            pub struct Client { config: rt::Config }
            impl Client {
                /// Starts a call.
                pub fn list(&self) -> ListPets<'_> { todo() }
                fn private(&self) {}
            }
            pub struct Pets<'a> { client: &'a Client }
            impl<'a> Pets<'a> {
                pub fn get(&self, id: &'a str, body: &'a types::NewPet) -> GetPet<'a> { todo() }
            }
            pub type ListPets<'a, Status = rt::Unset> = Call<'a, params::ListPets<Status>>;
            impl<'a, Status> Call<'a, params::ListPets<Status>> {
                pub fn limit(mut self, value: i64) -> Self { self }
                pub fn status(self, value: impl Into<String>) -> ListPets<'a, String> { todo() }
            }
            impl<'a> Call<'a, params::ListPets<String>> {
                pub fn pages(self) -> rt::Pages<'a, Vec<types::Pet>> { todo() }
            }
            impl<'a> rt::Operation<'a, Client> for params::ListPets<String> {
                type Output = Vec<types::Pet>;
            }
            #[doc(hidden)]
            pub mod params { pub struct ListPets<Status> { pub(super) status: Status } }
            "#,
        );
        assert!(s.client && !s.server);
        assert!(matches!(&s.items["client::Client"].kind, Kind::Struct(shape) if shape.private_fields));
        assert!(s.items.contains_key("client::Client::list") && !s.items.contains_key("client::Client::private"));
        let Kind::Fn(get) = &s.items["client::Pets::get"].kind else { panic!() };
        assert_eq!(get.args_text(), "(id: &'a str, body: &'a types::NewPet)");
        assert_eq!(get.receiver.as_deref(), Some("&self"));
        assert_eq!(get.ret, "GetPet<'a>");
        assert!(s.items["client::Pets::get"].refs.contains(&"types::NewPet".to_owned()));
        assert!(matches!(&s.items["client::ListPets"].kind, Kind::Call { output: Some(o) } if o == "Vec<types::Pet>"));
        assert!(matches!(&s.items["client::ListPets::limit"].kind, Kind::Setter { required: false, .. }));
        assert!(
            matches!(&s.items["client::ListPets::status"].kind, Kind::Setter { required: true, sig } if sig.args[0].1 == "impl Into<String>")
        );
        assert!(matches!(&s.items["client::ListPets::pages"].kind, Kind::Setter { required: false, .. }));
        assert!(!s.items.keys().any(|k| k.starts_with("client::params")));
    }

    #[test]
    fn server_traits_say_which_methods_have_a_default() {
        let s = surface(
            "src/server.rs",
            r#"
            pub trait Api: Send + Sync + 'static {
                const BODY_LIMIT: usize = rt::DEFAULT_BODY_LIMIT;
                fn list_pets(&self, request: list_pets::Request) -> impl Future<Output = list_pets::Response> + Send;
                fn reject(&self, rejection: rt::Rejection) -> axum::response::Response { rejection.into_response() }
            }
            pub mod list_pets {
                pub const PATH: &str = "/pets";
                pub struct Request { pub limit: Option<i64>, pub context: rt::Context }
                pub enum Response { Ok(Vec<types::Pet>) }
            }
            "#,
        );
        let Kind::TraitMethod { sig, default: false } = &s.items["server::Api::list_pets"].kind else { panic!() };
        assert_eq!(sig.ret, "impl Future<Output = list_pets::Response> + Send");
        assert!(s.items["server::Api::list_pets"].refs.contains(&"server::list_pets::Response".to_owned()));
        assert!(matches!(&s.items["server::Api::reject"].kind, Kind::TraitMethod { default: true, .. }));
        assert!(matches!(&s.items["server::Api::BODY_LIMIT"].kind, Kind::Const { default: true, .. }));
        assert!(
            matches!(&s.items["server::list_pets::Response::Ok"].kind, Kind::Variant(v) if v.payload == "(Vec<types::Pet>)")
        );
        assert!(s.items["server::list_pets::Response::Ok"].refs.contains(&"types::Pet".to_owned()));
    }

    #[test]
    fn cfg_conditions_and_features_are_kept() {
        let files = [
            File {
                path: "src/lib.rs".into(),
                contents: "//! The crate.\npub mod types;\n#[cfg(feature = \"client\")]\npub mod client;\n".into(),
            },
            File {
                path: "src/client.rs".into(),
                contents: "//! The client.\n#[cfg(any(feature = \"tag-a\", feature = \"full\"))]\npub fn f() {}\n"
                    .into(),
            },
            File { path: "Cargo.toml".into(), contents: "[features]\ndefault = [\"client\"]\nclient = []\n".into() },
        ];
        let s = Surface::read(&files, None);
        assert_eq!(s.items["client"].cfg.as_deref(), Some("feature = \"client\""));
        assert_eq!(s.items["client"].docs, "The client.");
        assert_eq!(s.items["client::f"].cfg.as_deref(), Some("any(feature = \"tag-a\", feature = \"full\")"));
        assert_eq!(s.items["crate"].docs, "The crate.");
        assert!(s.items.contains_key("features::client") && s.items.contains_key("features::default"));
    }
}
