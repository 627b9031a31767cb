//! The server module of a generated crate (Cargo feature `server`): one trait with a method per operation, a
//! module per operation with its checked inputs (`Request`) and the responses the spec allows (`Response`), and an
//! axum router that checks every request before its method runs.

mod example;
mod schemas;

pub use example::example;
pub use schemas::hug_tables;

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::models::Types;
use oagen_ir::{Api, Encoding, Method, Operation, ParamLocation, PathPiece, SecurityKind, StatusCode, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use schemas::Schemas;

/// Names the generated items reserve in the server module and in the trait.
const RESERVED_MODULES: &[&str] = &["types", "rt", "schemas", "router", "Api"];
const RESERVED_METHODS: &[&str] = &["reject"];
const RESERVED_FIELDS: &[&str] = &["body", "credentials", "context"];

/// The module name of an operation (also its trait method name, unless reserved there).
pub(crate) fn module_name(op: &Operation) -> Ident {
    if RESERVED_MODULES.contains(&op.name.as_str()) {
        ident(&format!("{}_op", op.name))
    } else {
        ident(&op.name)
    }
}

/// The trait method of an operation.
pub(crate) fn method_name(op: &Operation) -> Ident {
    if RESERVED_METHODS.contains(&op.name.as_str()) {
        ident(&format!("{}_op", op.name))
    } else {
        ident(&op.name)
    }
}

/// The `Request` field of a parameter.
fn field_name(name: &str) -> Ident {
    if RESERVED_FIELDS.contains(&name) {
        ident(&format!("{name}_param"))
    } else {
        ident(name)
    }
}

/// Operations a server answers (webhooks are requests the API sends, not receives).
pub(crate) fn served(api: &Api) -> impl Iterator<Item = &Operation> {
    api.operations.iter().filter(|o| !o.webhook)
}

fn method_text(m: Method) -> &'static str {
    match m {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Trace => "TRACE",
    }
}

fn routing_fn(m: Method) -> Ident {
    format_ident!("{}", method_text(m).to_ascii_lowercase())
}

/// The Rust type of a body or response content in the server's terms.
fn content_type(types: &Types<'_>, encoding: Encoding, ty: TypeRef) -> TokenStream {
    match encoding {
        Encoding::Json | Encoding::Form => types.nullable(ty),
        Encoding::Text => quote!(String),
        Encoding::Binary | Encoding::Multipart => quote!(Vec<u8>),
    }
}

/// The server module.
pub fn server(api: &Api) -> TokenStream {
    let schemas = Schemas::new(api);
    let ops: Vec<&Operation> = served(api).collect();

    let trait_methods = ops.iter().map(|op| {
        let method = method_name(op);
        let module = module_name(op);
        let mut paragraphs: Vec<String> = Vec::new();
        paragraphs.extend(op.summary.clone());
        paragraphs.extend(op.description.clone());
        paragraphs.push(format!("`{} {}`", method_text(op.method), op.path));
        let docs = doc_attrs(paragraphs.iter().map(String::as_str));
        let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        // The name comes from the spec; `new`, `from_*` and `into_*` taking `&self` would trip clippy's convention.
        let name = method.to_string();
        let convention = if name == "new" || name.starts_with("from_") || name.starts_with("into_") {
            quote!(#[allow(clippy::wrong_self_convention)])
        } else {
            TokenStream::new()
        };
        quote! {
            #docs
            #deprecated
            #convention
            fn #method(&self, request: #module::Request) -> impl Future<Output = #module::Response> + Send;
        }
    });

    let routing = routing(&ops);
    let handler = |op: &Operation| {
        let module = module_name(op);
        quote!(handle::<A, #module::Request>)
    };
    let mut routing_fns: Vec<Method> = Vec::new();
    let routes = routing.routes.iter().map(|route| {
        let mut chain = TokenStream::new();
        for (i, (method, list)) in route.methods.iter().enumerate() {
            let f = routing_fn(*method);
            let handler = match list.as_slice() {
                [one] => handler(one),
                more => {
                    let dispatch = format_ident!("dispatch_{}", more[0].name);
                    quote!(#dispatch::<A>)
                }
            };
            if i == 0 {
                if !routing_fns.contains(method) {
                    routing_fns.push(*method);
                }
                chain.extend(quote!(#f(#handler)));
            } else {
                chain.extend(quote!(.#f(#handler)));
            }
        }
        let path = &route.path;
        // One statement per route, not one chained expression: a spec with thousands of paths would otherwise be
        // an expression nested thousands deep, which overflows the stack of whatever walks it (syn, prettyplease,
        // rustc).
        quote!(let router = router.route(#path, #chain);)
    });
    let routes: Vec<TokenStream> = routes.collect();
    routing_fns.sort_by_key(|m| method_text(*m));
    let routing_import = if routing_fns.is_empty() {
        TokenStream::new()
    } else {
        let fns = routing_fns.iter().map(|m| routing_fn(*m));
        quote!(use axum::routing::{#(#fns),*};)
    };
    let dispatchers = routing.routes.iter().flat_map(|route| &route.methods).filter(|(_, list)| list.len() > 1).map(|(method, list)| {
        let name = format_ident!("dispatch_{}", list[0].name);
        let tries = list.iter().map(|op| {
            let module = module_name(op);
            let handler = handler(op);
            quote! {
                if rt::path_matches(#module::PATH, request.uri().path()) {
                    return #handler(state, request).await;
                }
            }
        });
        let listed: Vec<String> = list.iter().map(|op| format!("`{}`", op.path)).collect();
        let doc = format!(
            " `{}` at {}: one route; each operation's own path template decides, most literal text first.",
            method_text(*method),
            listed.join(", ")
        );
        quote! {
            #[doc = #doc]
            async fn #name<A: Api>(state: State<Arc<A>>, request: axum::extract::Request) -> axum::response::Response {
                #(#tries)*
                rt::empty(404)
            }
        }
    });
    let dispatchers: Vec<TokenStream> = dispatchers.collect();
    let fallback = if routing.unrouted.is_empty() {
        TokenStream::new()
    } else {
        quote!(.fallback(unrouted::<A>))
    };
    let unrouted = if routing.unrouted.is_empty() {
        TokenStream::new()
    } else {
        let tries = routing.unrouted.iter().map(|op| {
            let module = module_name(op);
            let handler = handler(op);
            let method = format_ident!("{}", method_text(op.method));
            quote! {
                if request.method() == axum::http::Method::#method && rt::path_matches(#module::PATH, request.uri().path()) {
                    return #handler(state, request).await;
                }
            }
        });
        quote! {
            /// The operations whose paths hold more variables than a route can: matched here, in document order.
            async fn unrouted<A: Api>(state: State<Arc<A>>, request: axum::extract::Request) -> axum::response::Response {
                #(#tries)*
                rt::empty(404)
            }
        }
    };
    let new_router = if routing.literal_colon_or_star {
        // A literal segment starting with `:` or `*` is what axum 0.7 used for variables; axum 0.8 refuses it unless asked.
        quote!(axum::Router::new().without_v07_checks())
    } else {
        quote!(axum::Router::new())
    };

    // One handler for every operation: what differs between operations is in their `rt::Operation` impls.
    let handle = if ops.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// Serves the operation `O`: reads and checks the request (a request that fails the checks is answered by
            /// [`Api::reject`]), then calls the operation's method of the API.
            async fn handle<A: Api, O: rt::Operation<A>>(State(api): State<Arc<A>>, request: axum::extract::Request) -> axum::response::Response {
                match rt::read::<A, O>(request, A::BODY_LIMIT).await {
                    Ok(Some(request)) => request.call(&api).await.into_response(),
                    Ok(None) => rt::empty(404),
                    Err(rejection) => api.reject(rejection),
                }
            }
        }
    };

    let credential_types = CredentialTypes::new(api, &ops);
    let credential_items = credential_types.items(api);
    let mut uses_types = false;
    let modules: Vec<TokenStream> = ops
        .iter()
        .map(|op| {
            let (module, uses) = operation_module(api, &schemas, &credential_types, op);
            uses_types |= uses;
            module
        })
        .collect();

    let title = format!(
        " The server side of {} {} (Cargo feature `server`): implement [`Api`], serve [`router`].",
        api.title, api.version
    );
    let schema_module = if schemas.is_empty() {
        TokenStream::new()
    } else {
        let items = schemas.items();
        quote! {
            /// The schemas requests are checked against before a handler runs. Unlike the models, which stay open to
            /// values the spec does not list, these refuse them: the server is the authority on its own API.
            mod schemas {
                use oagen_runtime::server::schema::*;

                #items
            }
        }
    };
    let trait_doc = format!(
        " {} {}, as a server implements it: one method per operation.\n\n\
         Each method receives the operation's inputs already checked against the spec (a request that fails the checks\n\
         is answered by [`Api::reject`] and never reaches the method) and returns the operation's `Response`, which holds\n\
         only the statuses and bodies the spec lists. The request head (headers, extensions set by middleware such as an\n\
         authentication layer) is `request.context`.\n\n\
         Methods may be written as `async fn`; the futures must be `Send`.",
        api.title, api.version
    );
    let trait_doc = trait_doc.lines().map(|l| format!(" {}", l.trim_start())).map(|l| if l.trim().is_empty() { String::new() } else { l });
    let router_doc = [
        " Routes every operation to its method on `api`, at the spec's paths (nest the router to serve under a prefix).",
        "",
        " ```ignore",
        " let app = axum::Router::new().nest(\"/v1\", router(MyApi::default()));",
        " axum::serve(listener, app).await?;",
        " ```",
    ];
    let future = if ops.is_empty() { TokenStream::new() } else { quote!(use std::future::Future;) };
    let state_import = if ops.is_empty() { TokenStream::new() } else { quote!(use axum::extract::State;) };
    // The operation modules import `super::types`: this module's own import, which is right whether the crate root
    // holds `types` (a generated crate) or a module of the user's does (the build-script form).
    let types_import = if uses_types {
        quote!(use super::types;)
    } else {
        TokenStream::new()
    };
    // `#![allow(clippy::large_enum_variant)]`: a response variant holds its body by value, however large; the
    // variants are what the spec lists.
    quote! {
        #![doc = #title]
        #![allow(clippy::large_enum_variant)]

        use oagen_runtime::server as rt;
        use axum::response::IntoResponse;
        #state_import
        #routing_import
        #types_import
        #future
        use std::sync::Arc;

        #(#[doc = #trait_doc])*
        pub trait Api: Send + Sync + 'static {
            /// The largest request body accepted, in bytes; a larger one is answered 413 before any method runs.
            const BODY_LIMIT: usize = rt::DEFAULT_BODY_LIMIT;

            #(#trait_methods)*

            /// Answers a request that failed the checks: by default an RFC 9457 problem (`application/problem+json`)
            /// naming the input and why. Override it to answer in the API's own error shape.
            fn reject(&self, rejection: rt::Rejection) -> axum::response::Response {
                rejection.into_response()
            }
        }

        #(#[doc = #router_doc])*
        pub fn router<A: Api>(api: A) -> axum::Router {
            let router = #new_router;
            #(#routes)*
            router #fallback .with_state(Arc::new(api))
        }

        #handle

        #(#dispatchers)*

        #unrouted

        #credential_items

        #(#modules)*

        #schema_module
    }
}

/// What the trait method gets as credentials: the spec's security alternatives.
enum Credentials {
    /// No security requirement.
    None,
    /// Exactly one scheme: its credential type directly.
    One(usize),
    /// Several alternatives (or an alternative of several schemes, or an optional one): an enum.
    Choice(Vec<Vec<usize>>),
}

fn credentials_of(op: &Operation) -> Credentials {
    // An alternative listed twice is one alternative (two would be two variants of one name).
    let mut alternatives: Vec<Vec<usize>> = Vec::with_capacity(op.security.len());
    for alt in &op.security {
        if !alternatives.contains(alt) {
            alternatives.push(alt.clone());
        }
    }
    match alternatives.as_slice() {
        [] => Credentials::None,
        [one] if one.len() == 1 => Credentials::One(one[0]),
        _ => Credentials::Choice(alternatives),
    }
}

fn scheme_type(kind: &SecurityKind) -> TokenStream {
    match kind {
        SecurityKind::Bearer => quote!(rt::BearerToken),
        SecurityKind::Basic => quote!(rt::BasicCredentials),
        SecurityKind::ApiKey { .. } => quote!(rt::ApiKey),
    }
}

fn scheme_read(api: &Api, index: usize) -> TokenStream {
    let scheme = &api.security_schemes[index];
    let key = &scheme.key;
    match &scheme.kind {
        SecurityKind::Bearer => quote!(input.bearer(#key)),
        SecurityKind::Basic => quote!(input.basic(#key)),
        SecurityKind::ApiKey { location, name } => {
            let loc = param_in(*location);
            quote!(input.api_key(#key, #loc, #name))
        }
    }
}

fn scheme_doc(api: &Api, index: usize) -> String {
    let scheme = &api.security_schemes[index];
    match &scheme.kind {
        SecurityKind::Bearer => format!("bearer token (`{}`)", scheme.key),
        SecurityKind::Basic => format!("HTTP basic credentials (`{}`)", scheme.key),
        SecurityKind::ApiKey { name, .. } => format!("API key `{name}` (`{}`)", scheme.key),
    }
}

fn param_in(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(rt::ParamIn::Path),
        ParamLocation::Query => quote!(rt::ParamIn::Query),
        ParamLocation::Header => quote!(rt::ParamIn::Header),
        ParamLocation::Cookie => quote!(rt::ParamIn::Cookie),
    }
}

fn location_text(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The names of the variants of a credentials enum, one per alternative: `BasicAuth`, `ApiKeyAndBasic`,
/// `Anonymous`, with a number after a name already taken (schemes whose names differ only in punctuation).
fn alternative_names(api: &Api, alternatives: &[Vec<usize>]) -> Vec<Ident> {
    let mut names: Vec<Ident> = Vec::with_capacity(alternatives.len());
    for alt in alternatives {
        let base = alternative_name(api, alt);
        let mut name = base.clone();
        let mut n = 1usize;
        while names.contains(&name) {
            n += 1;
            name = format_ident!("{}{}", base, n);
        }
        names.push(name);
    }
    names
}

fn alternative_name(api: &Api, alternative: &[usize]) -> Ident {
    if alternative.is_empty() {
        return format_ident!("Anonymous");
    }
    let joined: Vec<String> = alternative.iter().map(|i| oagen_ir::naming::type_name(&api.security_schemes[*i].name)).collect();
    format_ident!("{}", joined.join("And"))
}

/// A media type as the generated code names it: the runtime's constant for the usual two, else the text.
fn media_type(media_type: &str) -> TokenStream {
    match media_type {
        "application/json" => quote!(rt::JSON),
        "application/x-www-form-urlencoded" => quote!(rt::FORM),
        other => quote!(#other),
    }
}

/// The module of one operation, and whether it refers to the models (`types::`).
fn operation_module(
    api: &Api,
    schemas: &Schemas<'_>,
    credential_types: &CredentialTypes,
    op: &Operation,
) -> (TokenStream, bool) {
    let types = Types::outside(&api.types);
    let module = module_name(op);
    let method = method_name(op);
    let endpoint = format!("`{} {}`", method_text(op.method), op.path);

    // Request fields and how each is read, in the order checks run: credentials, parameters, body.
    let mut fields: Vec<TokenStream> = Vec::new();
    let mut reads: Vec<TokenStream> = Vec::new();
    let mut inits: Vec<Ident> = Vec::new();
    let mut credentials_import = None;

    match credentials_of(op) {
        Credentials::None => {}
        Credentials::One(i) => {
            let ty = scheme_type(&api.security_schemes[i].kind);
            let read = scheme_read(api, i);
            let doc = format!(" The {}.", scheme_doc(api, i));
            fields.push(quote!(#[doc = #doc] pub credentials: #ty));
            reads.push(quote!(#read?));
            inits.push(format_ident!("credentials"));
        }
        Credentials::Choice(alternatives) => {
            // The enum is shared by every operation with the same alternatives (`credential_types`).
            let shared = credential_types.name(&alternatives);
            credentials_import = Some(quote!(pub use super::#shared as Credentials;));
            fields.push(quote!(#[doc = " The credentials, one of the alternatives the spec lists."] pub credentials: Credentials));
            reads.push(quote!(Credentials::from_input(&input)?));
            inits.push(format_ident!("credentials"));
        }
    }

    for p in &op.parameters {
        let name = field_name(&p.name);
        let base = types.base(p.ty);
        let ty = if p.required { base } else { quote!(Option<#base>) };
        let mut paragraphs = vec![format!("{} parameter `{}`.", capitalise(location_text(p.location)), p.wire_name)];
        paragraphs.extend(p.description.clone());
        let docs = doc_attrs(paragraphs.iter().map(String::as_str));
        let deprecated = if p.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        fields.push(quote!(#docs #deprecated pub #name: #ty));
        let wire = &p.wire_name;
        let schema = schemas.use_in_operation(p.ty);
        // `explode` only changes how a query parameter is read (`rt::query` explodes unless told not to).
        let param = match p.location {
            ParamLocation::Path => quote!(rt::path(#wire, #schema)),
            ParamLocation::Query if p.explode => quote!(rt::query(#wire, #schema)),
            ParamLocation::Query => quote!(rt::query(#wire, #schema).explode(false)),
            ParamLocation::Header => quote!(rt::header(#wire, #schema)),
            ParamLocation::Cookie => quote!(rt::cookie(#wire, #schema)),
        };
        let read = if p.required { quote!(input.required) } else { quote!(input.optional) };
        reads.push(quote!(#read(#param)?));
        inits.push(name);
    }

    if let Some(body) = &op.body {
        let base = content_type(&types, body.content.encoding, body.content.ty);
        let ty = if body.required { base } else { quote!(Option<#base>) };
        let mut paragraphs = vec![format!("The request body (`{}`).", body.content.media_type)];
        paragraphs.extend(body.description.clone());
        let docs = doc_attrs(paragraphs.iter().map(String::as_str));
        fields.push(quote!(#docs pub body: #ty));
        let accepted = media_type(&body.content.media_type);
        let call = match body.content.encoding {
            Encoding::Json => {
                let schema = schemas.use_in_operation(body.content.ty);
                quote!(input.json_body(#schema, #accepted).await?)
            }
            Encoding::Form => {
                let schema = schemas.use_in_operation(body.content.ty);
                quote!(input.form_body(#schema, #accepted).await?)
            }
            Encoding::Text => quote!(input.text_body(#accepted).await?),
            Encoding::Binary | Encoding::Multipart => quote!(input.bytes_body(#accepted).await?),
        };
        if body.required {
            reads.push(quote!(#call.ok_or_else(rt::missing_body)?));
        } else {
            reads.push(call);
        }
        inits.push(format_ident!("body"));
    }

    // Responses.
    let mut variants: Vec<TokenStream> = Vec::new();
    let mut arms: Vec<TokenStream> = Vec::new();
    for r in &op.responses {
        let name = format_ident!("{}", r.name);
        let mut paragraphs = vec![match r.status {
            StatusCode::Code(c) => format!("{c}."),
            StatusCode::Range(c) => format!("{c}XX: any status of the class."),
            StatusCode::Default => "Any status the other variants do not cover.".to_owned(),
        }];
        paragraphs.extend(r.description.clone().filter(|d| !d.trim().is_empty()));
        let docs = doc_attrs(paragraphs.iter().map(String::as_str));
        // The status: the code as a number, or what the variant holds (`rt::IntoStatus` takes either).
        let (status_ty, status_value) = match r.status {
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
        let body_ty = r.content.as_ref().map(|c| content_type(&types, c.encoding, c.ty));
        let write = match &r.content {
            None => quote!(rt::empty(#status_value)),
            Some(c) => {
                let media = media_type(&c.media_type);
                match c.encoding {
                    Encoding::Json => quote!(rt::json(#status_value, #media, &body)),
                    Encoding::Text => quote!(rt::text(#status_value, #media, body)),
                    Encoding::Form | Encoding::Binary | Encoding::Multipart => quote!(rt::bytes(#status_value, #media, body)),
                }
            }
        };
        // Form-encoded responses are written from raw bytes, like binary ones.
        let body_ty = match (&r.content, body_ty) {
            (Some(c), Some(_)) if c.encoding == Encoding::Form => Some(quote!(Vec<u8>)),
            (_, t) => t,
        };
        match (status_ty, body_ty) {
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
    if op.responses.is_empty() {
        variants.push(quote!(#[doc = " The spec lists no responses: any status, without a body."] Status(axum::http::StatusCode)));
        arms.push(quote!(Self::Status(code) => rt::empty(code)));
    }

    let mut imports = Vec::new();
    let uses_types = [&fields, &variants, &reads].iter().any(|list| list.iter().any(mentions_types));
    // The server module's own imports (`rt` is `oagen_runtime::server`, `types` the models wherever they are).
    let mut from_super = vec![quote!(rt)];
    if schemas.used_by(op) {
        from_super.push(quote!(schemas));
    }
    if uses_types {
        from_super.push(quote!(types));
    }
    match from_super.as_slice() {
        [one] => imports.push(quote!(use super::#one;)),
        more => imports.push(quote!(use super::{#(#more),*};)),
    }
    if types.uses.btree_map.get() {
        imports.push(quote!(use std::collections::BTreeMap;));
    }
    imports.extend(credentials_import);
    let input = if op.body.is_some() { quote!(mut input) } else { quote!(input) };
    // The template with its literal text as sent on the wire: `{` and `}` only around variables, as the runtime
    // reads it (`rt::template_pieces`).
    let template: String = oagen_ir::path_pieces(&op.path)
        .into_iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => oagen_ir::encode_path_literal(text),
            PathPiece::Param(name) => format!("{{{name}}}"),
        })
        .collect();
    let path_doc = if template == op.path {
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
    let tokens = quote! {
        #[doc = #module_doc]
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
            #[derive(Debug, Clone, PartialEq)]
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
    };
    (tokens, uses_types)
}

/// Whether tokens refer to a model (`types::Name`).
fn mentions_types(tokens: &TokenStream) -> bool {
    let mut previous_types = false;
    for tt in tokens.clone() {
        match tt {
            proc_macro2::TokenTree::Group(g) => {
                if mentions_types(&g.stream()) {
                    return true;
                }
                previous_types = false;
            }
            proc_macro2::TokenTree::Ident(i) => previous_types = i == "types",
            proc_macro2::TokenTree::Punct(p) if previous_types && p.as_char() == ':' => return true,
            _ => previous_types = false,
        }
    }
    false
}

/// Reads credentials of several alternatives: every scheme any alternative names is read once, and the first
/// alternative (in spec order) whose schemes are all present wins, then the anonymous one if the spec allows it. When
/// none is complete, the answer is the rejection of the first alternative's first scheme.
fn credentials_choice(api: &Api, alternatives: &[Vec<usize>]) -> TokenStream {
    // An alternative that holds all the schemes of an earlier one is never chosen: its arm would be unreachable.
    let names = alternative_names(api, alternatives);
    let mut chosen: Vec<(&Vec<usize>, &Ident)> = Vec::new();
    for (alt, name) in alternatives.iter().zip(&names).filter(|(a, _)| !a.is_empty()) {
        if !chosen.iter().any(|(earlier, _)| earlier.iter().all(|i| alt.contains(i))) {
            chosen.push((alt, name));
        }
    }
    let mut schemes: Vec<usize> = Vec::new();
    for i in chosen.iter().flat_map(|(alt, _)| alt.iter()) {
        if !schemes.contains(i) {
            schemes.push(*i);
        }
    }
    let anonymous = alternatives.iter().any(Vec::is_empty);
    if schemes.is_empty() {
        return quote!(Ok(Self::Anonymous));
    }
    // One pattern over the reads: `Ok(binding)` where `at` says, `_` elsewhere.
    let pattern = |at: &dyn Fn(usize) -> Option<TokenStream>| {
        let parts: Vec<TokenStream> = schemes.iter().map(|i| at(*i).unwrap_or_else(|| quote!(_))).collect();
        match parts.as_slice() {
            [one] => one.clone(),
            more => quote!((#(#more),*)),
        }
    };
    let mut arms = Vec::new();
    for (alt, name) in &chosen {
        let binds: Vec<Ident> = if alt.len() == 1 {
            vec![format_ident!("c")]
        } else {
            (0..alt.len()).map(|i| format_ident!("c{}", i)).collect()
        };
        let pat = pattern(&|i| alt.iter().position(|s| *s == i).map(|k| {
            let b = &binds[k];
            quote!(Ok(#b))
        }));
        arms.push(quote!(#pat => Ok(Self::#name(#(#binds),*))));
    }
    if anonymous {
        arms.push(quote!(_ => Ok(Self::Anonymous)));
    } else {
        let first = alternatives[0][0];
        let pat = pattern(&|i| (i == first).then(|| quote!(Err(rejection))));
        arms.push(quote!(#pat => Err(rejection)));
        // The first scheme is there but no alternative is complete (reachable unless it is an alternative alone).
        if !chosen.iter().any(|(alt, _)| alt.as_slice() == [first]) {
            let all: Vec<String> = alternatives
                .iter()
                .map(|alt| alt.iter().map(|i| scheme_doc(api, *i)).collect::<Vec<_>>().join(" and "))
                .collect();
            let detail = format!("credentials are required: {}", all.join(", or "));
            arms.push(quote!(_ => Err(rt::Rejection::new(rt::RejectionKind::MissingCredentials, None, #detail))));
        }
    }
    let reads: Vec<TokenStream> = schemes.iter().map(|i| scheme_read(api, *i)).collect();
    let scrutinee = match reads.as_slice() {
        [one] => one.clone(),
        more => quote!((#(#more),*)),
    };
    quote! {
        match #scrutinee {
            #(#arms,)*
        }
    }
}

/// The credentials enums: one per list of security alternatives that operations share, defined once in the server
/// module (each operation module re-exports its own as `Credentials`).
struct CredentialTypes {
    /// Each distinct list of alternatives, in order of first use, with its enum's name.
    lists: Vec<(Vec<Vec<usize>>, Ident)>,
}

impl CredentialTypes {
    fn new(api: &Api, ops: &[&Operation]) -> Self {
        let mut lists: Vec<(Vec<Vec<usize>>, Ident)> = Vec::new();
        // Type names the server module holds besides.
        let mut taken: Vec<String> = ["Api", "State", "IntoResponse", "Arc", "Future"].iter().map(|s| (*s).to_owned()).collect();
        for op in ops {
            let Credentials::Choice(alternatives) = credentials_of(op) else { continue };
            if lists.iter().any(|(l, _)| *l == alternatives) {
                continue;
            }
            let joined: Vec<String> = alternative_names(api, &alternatives).iter().map(Ident::to_string).collect();
            let base = joined.join("Or");
            let mut name = base.clone();
            let mut n = 1;
            while taken.contains(&name) {
                n += 1;
                name = format!("{base}{n}");
            }
            taken.push(name.clone());
            lists.push((alternatives, format_ident!("{}", name)));
        }
        CredentialTypes { lists }
    }

    /// The enum of a list of alternatives.
    fn name(&self, alternatives: &[Vec<usize>]) -> Ident {
        match self.lists.iter().find(|(l, _)| l == alternatives) {
            Some((_, name)) => name.clone(),
            // Not reached: `new` saw every operation.
            None => format_ident!("Credentials"),
        }
    }

    fn items(&self, api: &Api) -> TokenStream {
        let items = self.lists.iter().map(|(alternatives, name)| {
            let variants = alternatives.iter().zip(alternative_names(api, alternatives)).map(|(alt, variant)| {
                let tys = alt.iter().map(|i| scheme_type(&api.security_schemes[*i].kind));
                if alt.is_empty() {
                    quote!(#[doc = " No credentials (the spec allows anonymous requests)."] #variant)
                } else {
                    let parts: Vec<String> = alt.iter().map(|i| scheme_doc(api, *i)).collect();
                    let doc = format!(" {}.", parts.join(" and "));
                    quote!(#[doc = #doc] #variant(#(#tys),*))
                }
            });
            let listed: Vec<String> = alternatives
                .iter()
                .map(|alt| {
                    if alt.is_empty() {
                        "no credentials".to_owned()
                    } else {
                        alt.iter().map(|i| scheme_doc(api, *i)).collect::<Vec<_>>().join(" and ")
                    }
                })
                .collect();
            let doc = format!(" The credentials of an operation that takes one of: {}.", listed.join(", or "));
            let read = credentials_choice(api, alternatives);
            let input = if alternatives.iter().all(Vec::is_empty) { quote!(_input) } else { quote!(input) };
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq, Eq)]
                pub enum #name {
                    #(#variants,)*
                }

                impl #name {
                    /// The first alternative, in the spec's order, that the request has all the credentials of.
                    fn from_input(#input: &rt::Input) -> Result<Self, rt::Rejection> {
                        #read
                    }
                }
            }
        });
        quote!(#(#items)*)
    }
}

/// The most variables one route may hold (the router's limit is 25); operations with more are matched by a fallback.
const MAX_ROUTE_VARIABLES: usize = 25;

/// One segment of a route: literal text, as sent on the wire, or a variable spanning the segment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Variable,
}

/// The segments of a path template after its leading `/`, each with its template pieces.
fn segments(path: &str) -> Vec<Vec<PathPiece<'_>>> {
    let mut out: Vec<Vec<PathPiece<'_>>> = vec![Vec::new()];
    for piece in oagen_ir::path_pieces(path) {
        match piece {
            PathPiece::Literal(text) => {
                for (i, part) in text.split('/').enumerate() {
                    if i > 0 {
                        out.push(Vec::new());
                    }
                    if !part.is_empty() {
                        if let Some(last) = out.last_mut() {
                            last.push(PathPiece::Literal(part));
                        }
                    }
                }
            }
            PathPiece::Param(_) => {
                if let Some(last) = out.last_mut() {
                    last.push(piece);
                }
            }
        }
    }
    // A path starts with `/` (the spec stage makes sure): what is before it is empty.
    if out.len() > 1 && out[0].is_empty() {
        out.remove(0);
    }
    out
}

fn segment_kind(pieces: &[PathPiece<'_>]) -> Segment {
    if pieces.iter().all(|p| matches!(p, PathPiece::Literal(_))) {
        let text: String = pieces.iter().map(|p| if let PathPiece::Literal(t) = p { *t } else { "" }).collect();
        Segment::Literal(oagen_ir::encode_path_literal(&text))
    } else {
        Segment::Variable
    }
}

/// How much literal text a template holds inside its variable segments: among operations of one route and method,
/// the one with more is tried first (`/{name}.json` before `/{name}`).
fn literal_in_variables(path: &str) -> usize {
    segments(path)
        .iter()
        .filter(|seg| seg.iter().any(|p| matches!(p, PathPiece::Param(_))))
        .flat_map(|seg| seg.iter())
        .map(|p| if let PathPiece::Literal(t) = p { t.len() } else { 0 })
        .sum()
}

/// One axum route: a path shape, and per method the operations served there.
struct Route<'a> {
    shape: Vec<Segment>,
    path: String,
    methods: Vec<(Method, Vec<&'a Operation>)>,
}

struct Routing<'a> {
    routes: Vec<Route<'a>>,
    /// Operations with more variables than a route can hold.
    unrouted: Vec<&'a Operation>,
    /// Whether a literal segment starts with `:` or `*`.
    literal_colon_or_star: bool,
}

/// Groups operations by the shape of their paths (literal segments as sent, a variable for any segment holding one),
/// so that no two routes conflict in axum: `/pets/{id}` and `/pets/{petId}` are one route, and so are
/// `/r/{name}.json` and `/r/{name}`; each operation matches the whole path against its own template.
fn routing<'a>(ops: &[&'a Operation]) -> Routing<'a> {
    let mut routes: Vec<Route<'a>> = Vec::new();
    let mut unrouted = Vec::new();
    let mut literal_colon_or_star = false;
    for op in ops {
        let segs = segments(&op.path);
        let shape: Vec<Segment> = segs.iter().map(|s| segment_kind(s)).collect();
        if shape.iter().filter(|s| **s == Segment::Variable).count() > MAX_ROUTE_VARIABLES {
            unrouted.push(*op);
            continue;
        }
        let index = match routes.iter().position(|r| r.shape == shape) {
            Some(i) => i,
            None => {
                literal_colon_or_star |= shape.iter().any(|s| matches!(s, Segment::Literal(t) if t.starts_with([':', '*'])));
                let path = route_path(&segs, &shape);
                routes.push(Route { shape, path, methods: Vec::new() });
                routes.len() - 1
            }
        };
        let route = &mut routes[index];
        match route.methods.iter_mut().find(|(m, _)| *m == op.method) {
            Some((_, list)) => list.push(op),
            None => route.methods.push((op.method, vec![op])),
        }
    }
    for route in &mut routes {
        for (_, list) in &mut route.methods {
            // Stable: document order among equals.
            list.sort_by_key(|op| std::cmp::Reverse(literal_in_variables(&op.path)));
        }
    }
    Routing { routes, unrouted, literal_colon_or_star }
}

/// The axum path of a route: literal segments as sent, variables named after the first operation's when the name is
/// plain (`{id}`), else `{p<n>}`.
fn route_path(segs: &[Vec<PathPiece<'_>>], shape: &[Segment]) -> String {
    let mut used: Vec<String> = Vec::new();
    let mut parts = Vec::with_capacity(shape.len());
    for (n, (seg, kind)) in segs.iter().zip(shape).enumerate() {
        match kind {
            Segment::Literal(text) => parts.push(text.clone()),
            Segment::Variable => {
                let plain = match seg.as_slice() {
                    [PathPiece::Param(name)]
                        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                    {
                        Some((*name).to_owned())
                    }
                    _ => None,
                };
                let mut name = plain.filter(|n| !used.contains(n)).unwrap_or_else(|| format!("p{n}"));
                while used.contains(&name) {
                    name.push('_');
                }
                parts.push(format!("{{{name}}}"));
                used.push(name);
            }
        }
    }
    format!("/{}", parts.join("/"))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(name: &str, method: Method, path: &str) -> Operation {
        Operation {
            name: name.to_owned(),
            operation_id: None,
            method,
            path: path.to_owned(),
            webhook: false,
            tags: Vec::new(),
            summary: None,
            description: None,
            deprecated: false,
            parameters: Vec::new(),
            body: None,
            responses: Vec::new(),
            security: Vec::new(),
            pointer: oagen_ir::Pointer::root(),
        }
    }

    /// A route's methods and the names of their operations, in dispatch order.
    type Methods = Vec<(Method, Vec<String>)>;

    fn routes(ops: &[Operation]) -> Vec<(String, Methods)> {
        let refs: Vec<&Operation> = ops.iter().collect();
        routing(&refs)
            .routes
            .into_iter()
            .map(|r| (r.path, r.methods.into_iter().map(|(m, l)| (m, l.into_iter().map(|o| o.name.clone()).collect())).collect()))
            .collect()
    }

    #[test]
    fn one_route_per_shape() {
        let ops = [
            op("get_pet", Method::Get, "/pets/{id}"),
            op("delete_pet", Method::Delete, "/pets/{petId}"),
            op("shadowed", Method::Get, "/pets/{petId}"),
            op("mine", Method::Get, "/pets/mine"),
            op("any", Method::Get, "/r/{name}"),
            op("json", Method::Get, "/r/{name}.json"),
            op("root", Method::Get, "/"),
            op("odd", Method::Get, "/x/{a b}/{*rest}/v{v}"),
        ];
        let get = |names: &[&str]| (Method::Get, names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>());
        assert_eq!(
            routes(&ops),
            vec![
                ("/pets/{id}".to_owned(), vec![get(&["get_pet", "shadowed"]), (Method::Delete, vec!["delete_pet".to_owned()])]),
                ("/pets/mine".to_owned(), vec![get(&["mine"])]),
                // More literal text is tried first; document order among equals.
                ("/r/{name}".to_owned(), vec![get(&["json", "any"])]),
                ("/".to_owned(), vec![get(&["root"])]),
                // Names a route cannot hold are replaced.
                ("/x/{p1}/{p2}/{p3}".to_owned(), vec![get(&["odd"])]),
            ]
        );
    }

    #[test]
    fn literal_segments_and_the_variable_limit() {
        let many: String = (0..26).map(|i| format!("/{{v{i}}}")).collect();
        let ops = [op("colon", Method::Get, "/meta/:info"), op("braces", Method::Get, "/b/{open/x"), op("deep", Method::Get, &many)];
        let refs: Vec<&Operation> = ops.iter().collect();
        let routing = routing(&refs);
        assert!(routing.literal_colon_or_star);
        let paths: Vec<&str> = routing.routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/meta/:info", "/b/%7Bopen/x"]);
        assert_eq!(routing.unrouted.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["deep"]);
    }
}
