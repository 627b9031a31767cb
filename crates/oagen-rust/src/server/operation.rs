//! One operation's module: its path template, its checked inputs (`Request`), the responses the spec allows
//! (`Response`), how the inputs are read, and how each response is written.

use super::credentials::{scheme_doc, scheme_read, scheme_type};
use super::schemas::Schemas;
use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::http::{self, EventForm, Held};
use crate::plan::server::Credentials;
use crate::plan::{OperationPlan, Plan, ServerPlan};
use oagen_ir::{Encoding, ParamLocation, StatusCode};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Whether an operation's module names a model (so that it, and the server module, import `types`).
pub(super) fn names_model(o: &OperationPlan<'_>) -> bool {
    o.names_model()
}

/// Whether an operation's module writes a `BTreeMap` (so that it imports it).
fn uses_btree_map(o: &OperationPlan<'_>) -> bool {
    o.params.iter().any(|p| p.field_ty.uses_btree_map())
        || o.body.as_ref().is_some_and(|b| b.field_ty.uses_btree_map())
        || o.responses.iter().any(|r| r.helds().any(|h| h.server_ty().uses_btree_map()))
}

/// A media type as the generated code names it: the runtime's constant for the usual two, else the text.
fn media_type(media_type: &str) -> TokenStream {
    match media_type {
        "application/json" => quote!(rt::JSON),
        "application/x-www-form-urlencoded" => quote!(rt::FORM),
        other => quote!(#other),
    }
}

/// The module of the operation `index`.
pub(super) fn module(
    plan: &Plan<'_>,
    server: &ServerPlan,
    schemas: &Schemas<'_>,
    o: &OperationPlan<'_>,
    index: usize,
) -> TokenStream {
    let api = plan.api;
    let op = o.op;
    let module = ident(&o.module);
    let method = ident(&o.trait_method);
    let endpoint = &o.endpoint;

    // Request fields and how each is read, in the order checks run: credentials, parameters, body.
    let mut fields: Vec<TokenStream> = Vec::new();
    let mut reads: Vec<TokenStream> = Vec::new();
    let mut inits: Vec<Ident> = Vec::new();
    let mut credentials_import = None;
    match &server.operation_credentials[index] {
        Credentials::None => {}
        Credentials::One(i) => {
            let ty = scheme_type(&api.security_schemes[*i].kind);
            let read = scheme_read(api, *i);
            let doc = format!(" The {}.", scheme_doc(api, *i));
            fields.push(quote!(#[doc = #doc] pub credentials: #ty));
            reads.push(quote!(#read?));
            inits.push(format_ident!("credentials"));
        }
        Credentials::Choice(e) => {
            // The enum is shared by every operation with the same alternatives.
            let shared = ident(&server.credentials[*e].name);
            credentials_import = Some(quote!(pub use super::#shared as Credentials;));
            fields.push(quote!(#[doc = " The credentials, one of the alternatives the spec lists."] pub credentials: Credentials));
            reads.push(quote!(Credentials::from_input(&input)?));
            inits.push(format_ident!("credentials"));
        }
    }

    for p in &o.params {
        let ir = p.ir;
        let name = ident(&p.field);
        let ty = &p.field_ty;
        let mut paragraphs =
            vec![format!("{} parameter `{}`.", capitalise(http::location_word(ir.location)), ir.wire_name)];
        paragraphs.extend(ir.description.clone());
        let docs = doc_attrs(paragraphs.iter().map(String::as_str));
        let deprecated = if ir.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        fields.push(quote!(#docs #deprecated pub #name: #ty));
        let wire = &ir.wire_name;
        let schema = schemas.use_in_operation(ir.ty);
        // `explode` only changes how a query parameter is read (`rt::query` explodes unless told not to).
        let param = match ir.location {
            ParamLocation::Path => quote!(rt::path(#wire, #schema)),
            ParamLocation::Query if ir.explode => quote!(rt::query(#wire, #schema)),
            ParamLocation::Query => quote!(rt::query(#wire, #schema).explode(false)),
            ParamLocation::Header => quote!(rt::header(#wire, #schema)),
            ParamLocation::Cookie => quote!(rt::cookie(#wire, #schema)),
        };
        let read = if ir.required { quote!(input.required) } else { quote!(input.optional) };
        reads.push(quote!(#read(#param)?));
        inits.push(name);
    }

    if let Some(body) = &o.body {
        let content = &body.ir.content;
        let ty = &body.field_ty;
        let mut paragraphs = vec![format!("The request body (`{}`).", content.media_type)];
        paragraphs.extend(body.ir.description.clone());
        let docs = doc_attrs(paragraphs.iter().map(String::as_str));
        fields.push(quote!(#docs pub body: #ty));
        let accepted = media_type(&content.media_type);
        let call = match content.encoding {
            Encoding::Multipart if body.multipart.is_some() => {
                let schema = schemas.use_in_operation(content.ty);
                quote!(input.multipart_body(#schema, #accepted).await?)
            }
            Encoding::Json => {
                let schema = schemas.use_in_operation(content.ty);
                quote!(input.json_body(#schema, #accepted).await?)
            }
            Encoding::Form => {
                let schema = schemas.use_in_operation(content.ty);
                quote!(input.form_body(#schema, #accepted).await?)
            }
            Encoding::Text | Encoding::EventStream => quote!(input.text_body(#accepted).await?),
            Encoding::Binary | Encoding::Multipart => quote!(input.bytes_body(#accepted).await?),
        };
        if body.ir.required {
            reads.push(quote!(#call.ok_or_else(rt::missing_body)?));
        } else {
            reads.push(call);
        }
        inits.push(format_ident!("body"));
    }

    // Responses.
    let mut variants: Vec<TokenStream> = Vec::new();
    let mut arms: Vec<TokenStream> = Vec::new();
    for r in &o.responses {
        let name = format_ident!("{}", r.ir.name);
        let status = match r.ir.status {
            StatusCode::Code(c) => format!("Status `{c}`"),
            StatusCode::Range(c) => format!("Any `{c}XX` status"),
            StatusCode::Default => "Any status the other variants do not cover".to_owned(),
        };
        // A one-line description follows the status; a longer one is its own paragraphs.
        let description = r.ir.description.as_deref().map(str::trim).filter(|d| !d.is_empty());
        let docs = match description {
            Some(d) if !d.contains('\n') => {
                doc_attrs([format!("{status}: {}", crate::plan::client::sentence(d)).as_str()])
            }
            Some(d) => doc_attrs([format!("{status}.").as_str(), d]),
            None => doc_attrs([format!("{status}.").as_str()]),
        };
        // The status: the code as a number, or what the variant holds (`rt::IntoStatus` takes either).
        let (status_ty, status_value) = match r.ir.status {
            StatusCode::Code(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(c);
                (None, quote!(#c))
            }
            StatusCode::Range(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(u16::from(c));
                (Some(quote!(rt::StatusClass<#c>)), quote!(code))
            }
            StatusCode::Default => (Some(quote!(axum::http::StatusCode)), quote!(code)),
        };
        let write = |content: Option<&oagen_ir::Content>, held: Option<&Held>| match (content, held) {
            (Some(c), Some(held)) => {
                let media = media_type(&c.media_type);
                match held {
                    Held::Decoded(_) => quote!(rt::json(#status_value, #media, &body)),
                    Held::Text => quote!(rt::text(#status_value, #media, body)),
                    Held::Bytes | Held::ByteStream => quote!(rt::bytes(#status_value, #media, body)),
                    Held::Events { form: EventForm::Json, .. } => {
                        quote!(rt::events(#status_value, #media, body, rt::event_json))
                    }
                    Held::Events { form: EventForm::Text, .. } => {
                        quote!(rt::events(#status_value, #media, body, rt::event_text))
                    }
                    Held::Events { form: EventForm::Frame, .. } => {
                        quote!(rt::frames(#status_value, #media, body, rt::event_frame))
                    }
                }
            }
            _ => quote!(rt::empty(#status_value)),
        };
        // A response that also offers its events (JSON or, on request, a stream): a variant for each.
        let first = write(r.ir.content.as_ref(), r.held.as_ref());
        let mut answers = vec![(name, docs, first, r.held.as_ref().map(Held::server_ty))];
        if let (Some(events), Some(held)) = (&r.ir.events, &r.events) {
            let status_doc = format!("{status}, as events (`{}`).", events.media_type);
            let docs = doc_attrs([status_doc.as_str()]);
            let write = write(Some(events), Some(held));
            answers.push((format_ident!("{}Events", r.ir.name), docs, write, Some(held.server_ty())));
        }
        for (name, docs, write, body_ty) in answers {
            match (&status_ty, body_ty) {
                (None, None) => {
                    variants.push(quote!(#docs #name));
                    arms.push(quote!(Self::#name => #write));
                }
                (None, Some(b)) => {
                    variants.push(quote!(#docs #name(#b)));
                    arms.push(quote!(Self::#name(body) => #write));
                }
                (Some(s), None) => {
                    variants.push(quote!(#docs #name(#s)));
                    arms.push(quote!(Self::#name(code) => #write));
                }
                (Some(s), Some(b)) => {
                    variants.push(quote!(#docs #name(#s, #b)));
                    arms.push(quote!(Self::#name(code, body) => #write));
                }
            }
        }
    }
    if o.responses.is_empty() {
        variants.push(quote!(
            #[doc = " The spec lists no responses: any status, without a body."]
            Status(axum::http::StatusCode)
        ));
        arms.push(quote!(Self::Status(code) => rt::empty(code)));
    }

    // Events and byte streams are sent once: a response that may hold them is neither `Clone` nor comparable.
    let events = o.responses.iter().any(|r| r.helds().any(Held::streams));
    let response_derives = if events { quote!(#[derive(Debug)]) } else { quote!(#[derive(Debug, Clone, PartialEq)]) };

    // Imports in rustfmt's order: the server module's own imports (`rt` is `oagen_runtime::server`, `types` the
    // models wherever they are).
    let mut from_super = vec![quote!(rt)];
    if o.body.as_ref().is_some_and(|b| b.multipart.is_some()) {
        from_super.insert(0, quote!(multipart));
    }
    if schemas.used_by(op) {
        from_super.push(quote!(schemas));
    }
    if names_model(o) {
        from_super.push(quote!(types));
    }
    let mut imports: Vec<TokenStream> = Vec::new();
    match from_super.as_slice() {
        [one] => imports.push(quote!(use super::#one;)),
        more => imports.push(quote!(use super::{#(#more),*};)),
    }
    if uses_btree_map(o) {
        imports.push(quote!(
            use std::collections::BTreeMap;
        ));
    }
    // After the imports, as an item of its own.
    imports.extend(credentials_import);
    let input = if op.body.is_some() { quote!(mut input) } else { quote!(input) };
    let template = &o.template;
    let path_doc = if *template == op.path {
        " The path template.".to_owned()
    } else {
        format!(" The path template `{}`, its literal text as sent on the wire.", op.path)
    };
    let request_doc = format!(" The inputs of {endpoint}, checked against the spec.");
    let response_doc = format!(" The responses of {endpoint}: only the statuses and bodies the spec lists.");
    let module_doc = match &op.summary {
        Some(s) => format!(" {endpoint}: {}", s.trim()),
        None => format!(" {endpoint}."),
    };
    // One line each: a carriage return left in a `///` line is a bare CR, which rustc refuses (found by the fuzzer in
    // a summary); a line feed would end the sentence mid-way.
    let one_line = |s: String| s.replace(['\r', '\n'], " ");
    let (module_doc, request_doc, response_doc) = (one_line(module_doc), one_line(request_doc), one_line(response_doc));
    let cfg = plan.cfg(plan.operation_gate(index));
    quote! {
        #[doc = #module_doc]
        #cfg
        pub mod #module {
            #(#imports)*

            #[doc = #path_doc]
            pub const PATH: &str = #template;

            #[doc = #request_doc]
            #[derive(Debug)]
            pub struct Request {
                #(#fields,)*
                /// The request head: headers, extensions (e.g. what an authentication middleware inserted), URI.
                pub context: rt::Context,
            }

            #[doc = #response_doc]
            #response_derives
            pub enum Response {
                #(#variants,)*
            }

            impl<A: super::Api> rt::Operation<A> for Request {
                const PATH: &'static str = PATH;
                type Response = Response;

                async fn read(#input: rt::Input) -> Result<Self, rt::Rejection> {
                    // Fields are evaluated in the order written: credentials, parameters, body.
                    Ok(Request { #(#inits: #reads,)* context: input.into_context() })
                }

                fn call(self, api: &A) -> impl std::future::Future<Output = Response> + Send {
                    api.#method(self)
                }
            }

            impl axum::response::IntoResponse for Response {
                fn into_response(self) -> axum::response::Response {
                    match self {
                        #(#arms,)*
                    }
                }
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
