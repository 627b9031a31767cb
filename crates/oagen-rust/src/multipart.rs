//! Typed `multipart/form-data` bodies: the `multipart` module (one struct per planned body, beside the runtime's
//! `FilePart`), the client's `IntoForm` of each struct (its fields as parts) and the server's `FromForm` (the
//! struct from the checked parts). Everything is decided by [`crate::plan::multipart`]; this only writes it.

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::multipart::{MultipartPlan, PartField, PartKind};
use crate::plan::{Gate, Plan, RustType};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `multipart` module: the body structs (empty when the crate has none).
pub fn module(plan: &Plan<'_>) -> TokenStream {
    let bodies = &plan.multipart;
    let gates = &plan.features.multipart;
    // Each import under the gates of the bodies that need it.
    let import = |uses: &dyn Fn(&RustType) -> bool| {
        let using = bodies.iter().zip(gates).filter(|(b, _)| b.fields.iter().any(|f| uses(&f.ty)));
        let mut using = using.map(|(_, gate)| gate).peekable();
        using.peek().is_some().then(|| plan.cfg(&Gate::any(using)))
    };
    let types_use = match import(&RustType::names_model) {
        Some(cfg) => quote!(
            #cfg
            use super::types;
        ),
        None => TokenStream::new(),
    };
    let map_use = match import(&RustType::uses_btree_map) {
        Some(cfg) => quote!(
            #cfg
            use std::collections::BTreeMap;
        ),
        None => TokenStream::new(),
    };
    let allow_deprecated = if plan.deprecated_types { quote!(#![allow(deprecated)]) } else { TokenStream::new() };
    let structs = bodies.iter().zip(gates).map(|(b, gate)| body_struct(b, &plan.cfg(gate)));
    quote! {
        //! The `multipart/form-data` request bodies: one struct per body, each field one part (or several with the
        //! same name), files as [`FilePart`]s. The client sends them (`oagen_runtime::multipart::IntoForm`), the
        //! server receives them (`oagen_runtime::multipart::FromForm`).
        #allow_deprecated
        #types_use
        #map_use
        pub use oagen_runtime::multipart::FilePart;
        #(#structs)*
    }
}

/// A body's struct, under `cfg` (the gate of the operations that send or receive it).
fn body_struct(body: &MultipartPlan<'_>, cfg: &TokenStream) -> TokenStream {
    let name = ident(&body.name);
    let lead = format!("A `{}` request body: each field is sent as a part named after its property.", body.media_type);
    let docs = doc_attrs(body.description.iter().map(String::as_str).chain(std::iter::once(lead.as_str())));
    let fields = body.fields.iter().map(|f| {
        let name = ident(&f.ir.name);
        let ty = &f.ty;
        let how = part_doc(f);
        let docs = doc_attrs(f.ir.docs.description.iter().map(String::as_str).chain(std::iter::once(how.as_str())));
        let deprecated = if f.ir.docs.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        quote!(#docs #deprecated pub #name: #ty)
    });
    // Every field optional: `..Default::default()` fills the parts not sent.
    let derives = if body.fields.iter().all(|f| f.optional || f.kind == PartKind::Files) {
        quote!(#[derive(Debug, Default)])
    } else {
        quote!(#[derive(Debug)])
    };
    quote! {
        #docs
        #cfg
        #derives
        pub struct #name {
            #(#fields,)*
        }
    }
}

/// How a field is sent, in words.
fn part_doc(f: &PartField<'_>) -> String {
    let wire = &f.ir.wire_name;
    let media = f.content_type.as_deref().map(|t| format!(" (`{t}`)")).unwrap_or_default();
    let mut out = match f.kind {
        PartKind::File => format!("Part `{wire}`: a file{media}, unless the part gives its own media type."),
        PartKind::Files => format!("Parts `{wire}`: one file each{media}, unless a part gives its own media type."),
        PartKind::Text => format!("Part `{wire}`: its value as text{media}."),
        PartKind::Texts => format!("Parts `{wire}`: one per item, as text{media}."),
        PartKind::Json => format!("Part `{wire}`: JSON{media}."),
        PartKind::Jsons => format!("Parts `{wire}`: one per item, as JSON{media}."),
    };
    if f.optional || f.kind == PartKind::Files {
        out.push_str(if f.required { " Required." } else { " Optional." });
    }
    out
}

/// The client's `IntoForm` of every body struct.
pub fn into_form_impls(plan: &Plan<'_>) -> TokenStream {
    let impls = plan.multipart.iter().zip(&plan.features.multipart).map(|(body, gate)| {
        let name = ident(&body.name);
        let cfg = plan.cfg(gate);
        let parts = body.fields.iter().map(|f| {
            let (wire, field) = (&f.ir.wire_name, ident(&f.ir.name));
            let content_type = f.content_type.as_deref().unwrap_or("text/plain");
            let text_type = match &f.content_type {
                Some(t) => quote!(Some(#t)),
                None => quote!(None),
            };
            let method = format_ident!(
                "{}",
                match f.kind {
                    PartKind::File => "file",
                    PartKind::Files => "files",
                    PartKind::Text => "text",
                    PartKind::Texts => "texts",
                    PartKind::Json => "json",
                    PartKind::Jsons => "jsons",
                }
            );
            let ty_arg = match f.kind {
                PartKind::Text | PartKind::Texts => text_type,
                _ => quote!(#content_type),
            };
            // Files are moved into the form; values are borrowed; a newtype of a list sends its list.
            let by_value = f.kind.is_file();
            let inner = if f.newtype { quote!(.0) } else { TokenStream::new() };
            match (f.optional && f.kind != PartKind::Files, by_value) {
                (false, true) => quote!(form.#method(#wire, self.#field, #ty_arg)?;),
                (false, false) => quote!(form.#method(#wire, &self.#field #inner, #ty_arg)?;),
                (true, true) => quote! {
                    if let Some(value) = self.#field {
                        form.#method(#wire, value, #ty_arg)?;
                    }
                },
                (true, false) if f.newtype => quote! {
                    if let Some(value) = &self.#field {
                        form.#method(#wire, &value.0, #ty_arg)?;
                    }
                },
                (true, false) => quote! {
                    if let Some(value) = &self.#field {
                        form.#method(#wire, value, #ty_arg)?;
                    }
                },
            }
        });
        quote! {
            #cfg
            impl oagen_runtime::multipart::IntoForm for multipart::#name {
                fn into_form(self) -> Result<oagen_runtime::multipart::Form, rt::InvalidRequest> {
                    let mut form = oagen_runtime::multipart::Form::new();
                    #(#parts)*
                    Ok(form)
                }
            }
        }
    });
    quote!(#(#impls)*)
}

/// The server's `FromForm` of every body struct.
pub fn from_form_impls(plan: &Plan<'_>) -> TokenStream {
    let impls = plan.multipart.iter().zip(&plan.features.multipart).map(|(body, gate)| {
        let name = ident(&body.name);
        let cfg = plan.cfg(gate);
        let files: Vec<&str> =
            body.fields.iter().filter(|f| f.kind.is_file()).map(|f| f.ir.wire_name.as_str()).collect();
        let fields = body.fields.iter().map(|f| {
            let (wire, field) = (&f.ir.wire_name, ident(&f.ir.name));
            let read = match (f.kind, f.optional) {
                (PartKind::Files, _) => quote!(form.files(#wire)),
                (PartKind::File, false) => quote!(form.file(#wire)?),
                (PartKind::File, true) => quote!(form.optional_file(#wire)?),
                (_, false) => quote!(form.value(#wire)?),
                (_, true) => quote!(form.optional(#wire)?),
            };
            quote!(#field: #read)
        });
        quote! {
            #cfg
            impl oagen_runtime::multipart::FromForm for multipart::#name {
                const FILES: &'static [&'static str] = &[#(#files),*];

                fn from_form(form: &mut oagen_runtime::multipart::Received) -> Result<Self, rt::Rejection> {
                    Ok(Self { #(#fields,)* })
                }
            }
        }
    });
    quote!(#(#impls)*)
}
