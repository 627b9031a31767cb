//! The `Client` struct and its configuration: construction (reqwest, any transport, a generated server's router),
//! base URL, timeout, retries, idempotency, extra headers and query parameters, hoisted parameters, credential
//! setters (static, token sources, OAuth2 client credentials), the group accessors and untagged operations, and
//! `rt::ApiClient`, through which the runtime reaches its settings.

use super::auth;
use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::client::{ClientPlan, Hoisted};
use crate::plan::http::is_raw_authorization;
use crate::plan::{Plan, RustType};
use oagen_ir::{ParamLocation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `Client`, its `impl` (configuration, accessors, untagged operations, plumbing) and its `Debug`.
pub(super) fn client_item(
    plan: &Plan<'_>,
    client: &ClientPlan,
    accessors: &[TokenStream],
    client_ops: &[TokenStream],
    example: &[String],
) -> TokenStream {
    let fields = client.credentials.iter().map(|c| {
        let f = ident(&c.field);
        match c.kind {
            SecurityKind::Basic => quote!(#f: Option<(rt::Secret, rt::Secret)>),
            SecurityKind::Bearer => quote!(#f: Option<rt::TokenSource>),
            _ => quote!(#f: Option<rt::Secret>),
        }
    });
    let inits = client.credentials.iter().map(|c| {
        let f = ident(&c.field);
        quote!(#f: None)
    });
    let debug_fields = client.credentials.iter().map(|c| {
        let f = ident(&c.field);
        let name = f.to_string();
        quote!(.field(#name, &self.#f))
    });
    let setters = client.credentials.iter().map(credential_setters);
    let gates = &plan.features.client;
    let hoisted = client.hoisted.iter().zip(&gates.hoisted).map(|(h, gate)| hoisted_setter(h, &plan.cfg(gate)));
    let error_body = if client.errors.is_empty() { quote!(rt::NoErrorBody) } else { quote!(ErrorBody) };
    let authorize = auth::authorize_item(plan, client);
    let router = if plan.server.is_some() {
        quote! {
            /// A client that calls `router` in process, without a socket: this crate's `server::router(api)` (with
            /// the `server` feature) or any other `tower::Service` of HTTP requests. Requests go through the same
            /// checks, retries and credentials as over the network.
            pub fn with_router(router: impl rt::IntoTransport) -> Self {
                Self::from_config(rt::Config::in_process(router.into_transport()))
            }
        }
    } else {
        TokenStream::new()
    };
    let (config_mut, idempotency) = match &client.idempotency_header {
        Some(header) => (
            quote!(mut),
            quote! {
                // The spec's POSTs and PATCHes take an idempotency key: each call gets one unless it sets its own.
                config.set_idempotency_header(#header);
            },
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let title = format!(" A client for {} {}.", plan.api.title, plan.api.version);
    let example_docs = example.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! {
        #[doc = #title]
        ///
        /// Cheap to clone (the connection pool is shared). Credentials are kept out of `Debug` output.
        ///
        #(#[doc = #example_docs])*
        #[derive(Clone)]
        pub struct Client {
            config: rt::Config,
            #(#fields,)*
        }

        impl Client {
            /// A client for the API at `base_url` (e.g. one of [`servers`]), with its own connection pool, rustls
            /// for TLS, a 10 s connect timeout, a 60 s budget per call, and redirects followed only within
            /// `base_url`'s origin (`rt::default_http_client`). Fails when `base_url` is not an absolute
            /// `http`/`https` URL without query or fragment, or when the TLS backend cannot start.
            pub fn new(base_url: &str) -> Result<Self, Error> {
                let http = rt::default_http_client()?;
                Self::with_http_client(http, base_url)
            }

            /// A client that sends through `http`, your own `reqwest::Client` (proxies, pools, default headers).
            pub fn with_http_client(http: reqwest::Client, base_url: &str) -> Result<Self, Error> {
                Ok(Self::from_config(rt::Config::new(rt::Transport::reqwest(http), base_url)?))
            }

            #router

            fn from_config(#config_mut config: rt::Config) -> Self {
                #idempotency
                Client { config, #(#inits,)* }
            }

            oagen_runtime::client_settings!();

            #(#hoisted)*

            #(#setters)*

            #(#accessors)*

            #(#client_ops)*

            #authorize
        }

        impl rt::ApiClient for Client {
            type ErrorBody = #error_body;

            fn config(&self) -> &rt::Config {
                &self.config
            }

            fn config_mut(&mut self) -> &mut rt::Config {
                &mut self.config
            }
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("config", &self.config)
                    #(#debug_fields)*
                    .finish_non_exhaustive()
            }
        }
    }
}

/// The setters of one credential: the static one, and for a bearer scheme a token source and, for OAuth2's client
/// credentials flow, the id and secret.
fn credential_setters(c: &crate::plan::client::Credential) -> TokenStream {
    let (f, setter) = (ident(&c.field), ident(&c.setter));
    let what = match &c.kind {
        SecurityKind::Bearer => "sent as `Authorization: Bearer <token>`".to_owned(),
        SecurityKind::Basic => "sent as `Authorization: Basic <base64(user:password)>`".to_owned(),
        k if is_raw_authorization(k) => "sent as the whole `Authorization` header value".to_owned(),
        SecurityKind::ApiKey { location: ParamLocation::Query, name } => {
            format!("sent as the query parameter `{name}`")
        }
        SecurityKind::ApiKey { location: ParamLocation::Cookie, name } => format!("sent as the cookie `{name}`"),
        SecurityKind::ApiKey { name, .. } => format!("sent as the header `{name}`"),
    };
    let mut doc = vec![format!(
        "Sets the credential of the security scheme `{}`, {what} on every operation that accepts it. It never \
         appears in `Debug` or error output.",
        c.key
    )];
    if let Some(d) = &c.description {
        doc.push(format!("The spec says: {d}"));
    }
    let docs = doc_attrs(doc.iter().map(String::as_str));
    let mut out = match c.kind {
        SecurityKind::Basic => quote! {
            #docs
            pub fn #setter(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                self.#f = Some((rt::Secret::new(user), rt::Secret::new(password)));
                self
            }
        },
        SecurityKind::Bearer => quote! {
            #docs
            pub fn #setter(mut self, token: impl Into<String>) -> Self {
                self.#f = Some(TokenSource::fixed(token));
                self
            }
        },
        _ => quote! {
            #docs
            pub fn #setter(mut self, credential: impl Into<String>) -> Self {
                self.#f = Some(rt::Secret::new(credential));
                self
            }
        },
    };
    if let Some(source_setter) = &c.token_source_setter {
        let source_setter = ident(source_setter);
        let doc = format!(
            " Takes the bearer tokens of the security scheme `{}` from `source`: asked when a call needs a token, \
             cached (concurrent calls share one fetch), and asked again when the API answers 401 (the request is \
             then sent once more).",
            c.key
        );
        out.extend(quote! {
            #[doc = #doc]
            pub fn #source_setter(mut self, source: TokenSource) -> Self {
                self.#f = Some(source);
                self
            }
        });
    }
    if let Some((cc_setter, token_url, scopes)) = &c.client_credentials {
        let cc_setter = ident(cc_setter);
        let source_setter = c.token_source_setter.as_deref().map(ident);
        let doc = format!(
            " Fetches the bearer tokens of the security scheme `{}` with OAuth 2.0 client credentials (RFC 6749 \
             section 4.4) from `{token_url}` (relative to the base URL when the spec writes it so), asking for the \
             scopes the spec lists{}, through this client's transport: each token is kept until shortly before it \
             expires, and fetched again after a 401. For another token URL or other scopes, pass \
             `ClientCredentials::new(url, id, secret).scopes(..).token_source(client.transport().clone())` to \
             [`Client::{}`].",
            c.key,
            if scopes.is_empty() { String::new() } else { format!(" (`{}`)", scopes.join(" ")) },
            c.token_source_setter.as_deref().unwrap_or_default(),
        );
        let scopes = if scopes.is_empty() { TokenStream::new() } else { quote!(.scopes([#(#scopes),*])) };
        out.extend(quote! {
            #[doc = #doc]
            pub fn #cc_setter(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                let token_url = rt::resolve_url(self.config.base_url(), #token_url);
                let source = ClientCredentials::new(token_url, client_id, client_secret)
                    #scopes
                    .token_source(self.config.transport().clone());
                self.#source_setter(source)
            }
        });
    }
    out
}

/// The setter of a hoisted parameter on `Client`, under `cfg` (the gate of the operations that take it).
pub(super) fn hoisted_setter(h: &Hoisted, cfg: &TokenStream) -> TokenStream {
    let setter = ident(&h.client_setter);
    let wire = &h.wire;
    let place = crate::plan::http::location_word(h.location);
    let mut doc =
        format!(" Sets the {place} parameter `{wire}` of every call that takes it (one call can override it).");
    if h.required {
        doc.push_str(" Required: a call that takes it fails when it is set neither here nor on the call.");
    }
    let docs = match &h.description {
        Some(d) => {
            let d = format!("The spec says: {d}");
            let lines = [doc.trim_start(), "", d.as_str()];
            doc_attrs(lines)
        }
        None => quote!(#[doc = #doc]),
    };
    let (arg_ty, value) = match &h.ty {
        RustType::Ref(inner) if **inner == RustType::STR => (quote!(impl Into<String>), quote!(&value.into())),
        ty if h.by_value => (quote!(#ty), quote!(&value)),
        ty => (quote!(#ty), quote!(value)),
    };
    quote! {
        #docs
        #cfg
        pub fn #setter(mut self, value: #arg_ty) -> Self {
            self.config.set_param(#wire, #value);
            self
        }
    }
}
