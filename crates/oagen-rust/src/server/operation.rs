//! One operation's module: its path template, its checked inputs (`Request`), the responses the spec allows
//! (`Response`), how the inputs are read, and how each response is written; all as the plan's
//! [`ServerOperation`] says.

use super::credentials::{scheme_doc, scheme_read, scheme_type};
use super::schemas::use_in_operation;
use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::http;
use crate::plan::request_schemas::RequestSchemas;
use crate::plan::server_operation::{
    BodyRead, FieldRead, MediaType, ParamSource, ServerOperation, SuperImport, Variant, VariantOf, Writer,
};
use crate::plan::{OperationPlan, Plan, ServerPlan};
use oagen_ir::StatusCode;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A media type as the generated code names it: the runtime's constant for the usual two, else the text.
fn media_type(media_type: &MediaType) -> TokenStream {
    match media_type {
        MediaType::Json => quote!(rt::JSON),
        MediaType::Form => quote!(rt::FORM),
        MediaType::Other(other) => quote!(#other),
    }
}

/// The module of the operation `index`.
pub(super) fn module(plan: &Plan<'_>, server: &ServerPlan, index: usize) -> TokenStream {
    let o = &plan.operations[index];
    let s = &server.operations[index];
    let module = ident(&o.module);
    let method = ident(&o.trait_method);
    let (fields, inits, reads) = request_fields(plan, server, o, s);
    let (variants, arms) = response_variants(o, s);
    // Events and byte streams are sent once: a response that may hold them is neither `Clone` nor comparable.
    let response_derives =
        if s.streams { quote!(#[derive(Debug)]) } else { quote!(#[derive(Debug, Clone, PartialEq)]) };
    let imports = imports(server, s);
    let input = if s.reads_body() { quote!(mut input) } else { quote!(input) };
    let template = &o.template;
    let (module_doc, path_doc, request_doc, response_doc) = module_docs(o);
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

/// The module's docs: its own, the path template's, the request's and the response's. One line each: a carriage
/// return left in a `///` line is a bare CR, which rustc refuses (found by the fuzzer in a summary); a line feed
/// would end the sentence mid-way.
fn module_docs(o: &OperationPlan<'_>) -> (String, String, String, String) {
    let (op, endpoint) = (o.op, &o.endpoint);
    let path_doc = if o.template == op.path {
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
    let one_line = |s: String| s.replace(['\r', '\n'], " ");
    (one_line(module_doc), path_doc, one_line(request_doc), one_line(response_doc))
}

/// The fields of `Request` with their docs, their names, and how each is read, in the order the reads run:
/// credentials, parameters, body.
fn request_fields(
    plan: &Plan<'_>,
    server: &ServerPlan,
    o: &OperationPlan<'_>,
    s: &ServerOperation,
) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let api = plan.api;
    let mut fields = Vec::with_capacity(s.reads.len());
    let mut inits = Vec::with_capacity(s.reads.len());
    let mut reads = Vec::with_capacity(s.reads.len());
    for read in &s.reads {
        match read {
            FieldRead::Scheme(i) => {
                let ty = scheme_type(&api.security_schemes[*i].kind);
                let read = scheme_read(api, *i);
                let doc = format!(" The {}.", scheme_doc(api, *i));
                fields.push(quote!(#[doc = #doc] pub credentials: #ty));
                reads.push(quote!(#read?));
                inits.push(quote!(credentials));
            }
            FieldRead::Choice(_) => {
                fields.push(quote!(#[doc = " The credentials, one of the alternatives the spec lists."] pub credentials: Credentials));
                reads.push(quote!(Credentials::from_input(&input)?));
                inits.push(quote!(credentials));
            }
            FieldRead::Param { index, source, required, schema } => {
                let p = &o.params[*index];
                let ir = p.ir;
                let name = ident(&p.field);
                let ty = &p.field_ty;
                let mut paragraphs =
                    vec![format!("{} parameter `{}`.", capitalise(http::location_word(ir.location)), ir.wire_name)];
                paragraphs.extend(ir.description.clone());
                let docs = doc_attrs(paragraphs.iter().map(String::as_str));
                let deprecated = if ir.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
                let allow = crate::models::allow_complexity(ty);
                fields.push(quote!(#docs #deprecated #allow pub #name: #ty));
                reads.push(param_read(&ir.wire_name, *source, *required, use_in_operation(&server.schemas, schema)));
                inits.push(quote!(#name));
            }
            FieldRead::Body { read, media, required } => {
                let Some(body) = &o.body else { continue };
                let ty = &body.field_ty;
                let mut paragraphs = vec![format!("The request body (`{}`).", body.ir.content.media_type)];
                paragraphs.extend(body.ir.description.clone());
                let docs = doc_attrs(paragraphs.iter().map(String::as_str));
                let allow = crate::models::allow_complexity(ty);
                fields.push(quote!(#docs #allow pub body: #ty));
                reads.push(body_read(&server.schemas, read, media, *required));
                inits.push(quote!(body));
            }
        }
    }
    (fields, inits, reads)
}

/// `input.required(rt::query("tags", &schemas::STRING_LIST).explode(false))?`.
fn param_read(wire: &str, source: ParamSource, required: bool, schema: TokenStream) -> TokenStream {
    let param = match source {
        ParamSource::Path => quote!(rt::path(#wire, #schema)),
        ParamSource::Query { explode: true } => quote!(rt::query(#wire, #schema)),
        ParamSource::Query { explode: false } => quote!(rt::query(#wire, #schema).explode(false)),
        ParamSource::Header => quote!(rt::header(#wire, #schema)),
        ParamSource::Cookie => quote!(rt::cookie(#wire, #schema)),
    };
    let read = if required { quote!(input.required) } else { quote!(input.optional) };
    quote!(#read(#param)?)
}

/// `input.json_body(&schemas::PET, rt::JSON).await?`, refused when missing if the body is required.
fn body_read(schemas: &RequestSchemas, read: &BodyRead, media: &MediaType, required: bool) -> TokenStream {
    let accepted = media_type(media);
    let call = match read {
        BodyRead::Multipart(schema) => {
            let schema = use_in_operation(schemas, schema);
            quote!(input.multipart_body(#schema, #accepted).await?)
        }
        BodyRead::Json(schema) => {
            let schema = use_in_operation(schemas, schema);
            quote!(input.json_body(#schema, #accepted).await?)
        }
        BodyRead::Form(schema) => {
            let schema = use_in_operation(schemas, schema);
            quote!(input.form_body(#schema, #accepted).await?)
        }
        BodyRead::Text => quote!(input.text_body(#accepted).await?),
        BodyRead::Bytes => quote!(input.bytes_body(#accepted).await?),
    };
    if required {
        quote!(#call.ok_or_else(rt::missing_body)?)
    } else {
        call
    }
}

/// The variants of `Response` with their docs, and the arms of its `into_response`.
fn response_variants(o: &OperationPlan<'_>, s: &ServerOperation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut variants = Vec::with_capacity(s.variants.len());
    let mut arms = Vec::with_capacity(s.variants.len());
    for v in &s.variants {
        let name = ident(&v.name);
        let docs = variant_docs(o, v);
        // The status: the code as a number, or what the variant holds (`rt::IntoStatus` takes either).
        let (status_ty, status_value) = match v.status {
            StatusCode::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                (None, quote!(#c))
            }
            StatusCode::Range(c) => {
                let c = Literal::u16_unsuffixed(u16::from(c));
                (Some(quote!(rt::StatusClass<#c>)), quote!(code))
            }
            StatusCode::Default => (Some(quote!(axum::http::StatusCode)), quote!(code)),
        };
        let write = match &v.body {
            None => quote!(rt::empty(#status_value)),
            Some(body) => {
                let media = media_type(&body.media);
                match body.writer {
                    Writer::Json => quote!(rt::json(#status_value, #media, &body)),
                    Writer::Text => quote!(rt::text(#status_value, #media, body)),
                    Writer::Bytes => quote!(rt::bytes(#status_value, #media, body)),
                    Writer::EventsJson => quote!(rt::events(#status_value, #media, body, rt::event_json)),
                    Writer::EventsText => quote!(rt::events(#status_value, #media, body, rt::event_text)),
                    Writer::Frames => quote!(rt::frames(#status_value, #media, body, rt::event_frame)),
                }
            }
        };
        match (&status_ty, v.body.as_ref().map(|b| &b.ty)) {
            (None, None) => {
                variants.push(quote!(#docs #name));
                arms.push(quote!(Self::#name => #write));
            }
            (None, Some(b)) => {
                // Found by `cargo xtask random`: an inline response of nested lists and maps (`Option<Vec<Option<
                // BTreeMap<String, Option<f64>>>>>`) is as complex as the spec made it.
                let allow = crate::models::allow_complexity(b);
                variants.push(quote!(#docs #allow #name(#b)));
                arms.push(quote!(Self::#name(body) => #write));
            }
            (Some(s), None) => {
                variants.push(quote!(#docs #name(#s)));
                arms.push(quote!(Self::#name(code) => #write));
            }
            (Some(s), Some(b)) => {
                let allow = crate::models::allow_complexity(b);
                variants.push(quote!(#docs #allow #name(#s, #b)));
                arms.push(quote!(Self::#name(code, body) => #write));
            }
        }
    }
    (variants, arms)
}

/// A variant's docs: its status, then the response's description (a one-line one after the status, a longer one
/// as its own paragraphs); the events' variant says it holds events.
fn variant_docs(o: &OperationPlan<'_>, v: &Variant) -> TokenStream {
    let status = match v.status {
        StatusCode::Code(c) => format!("Status `{c}`"),
        StatusCode::Range(c) => format!("Any `{c}XX` status"),
        StatusCode::Default => "Any status the other variants do not cover".to_owned(),
    };
    match v.of {
        VariantOf::Unlisted => quote!(#[doc = " The spec lists no responses: any status, without a body."]),
        VariantOf::Events(i) => {
            let media = o.responses[i].ir.events.as_ref().map(|e| e.media_type.as_str()).unwrap_or_default();
            doc_attrs([format!("{status}, as events (`{media}`).").as_str()])
        }
        VariantOf::Response(i) => {
            let description = o.responses[i].ir.description.as_deref().map(str::trim).filter(|d| !d.is_empty());
            match description {
                Some(d) if !d.contains('\n') => {
                    doc_attrs([format!("{status}: {}", crate::plan::client::sentence(d)).as_str()])
                }
                Some(d) => doc_attrs([format!("{status}.").as_str(), d]),
                None => doc_attrs([format!("{status}.").as_str()]),
            }
        }
    }
}

/// The module's imports in rustfmt's order: the server module's own items (`rt` is `oagen_runtime::server`, `types`
/// the models wherever they are), `BTreeMap`, then the re-export of its credentials enum, as an item of its own.
fn imports(server: &ServerPlan, s: &ServerOperation) -> Vec<TokenStream> {
    let from_super: Vec<TokenStream> = s
        .imports
        .iter()
        .map(|i| match i {
            SuperImport::Multipart => quote!(multipart),
            SuperImport::Rt => quote!(rt),
            SuperImport::Schemas => quote!(schemas),
            SuperImport::Types => quote!(types),
        })
        .collect();
    let mut imports: Vec<TokenStream> = Vec::new();
    match from_super.as_slice() {
        [one] => imports.push(quote!(use super::#one;)),
        more => imports.push(quote!(use super::{#(#more),*};)),
    }
    if s.btree_map {
        imports.push(quote!(
            use std::collections::BTreeMap;
        ));
    }
    if let Some(e) = s.credentials_enum {
        // The enum is shared by every operation with the same alternatives.
        let shared = ident(&server.credentials[e].name);
        imports.push(quote!(pub use super::#shared as Credentials;));
    }
    imports
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
