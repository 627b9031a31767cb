//! The `Client` struct and its configuration: construction, base URL, timeout, credential setters, the group
//! accessors and untagged operations, and the plumbing every method sends through.

use super::auth;
use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::client::ClientPlan;
use crate::plan::Plan;
use oagen_ir::{ParamLocation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `Client`, its `impl` (configuration, accessors, untagged operations, plumbing), its `Debug`, and `Parts`.
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
    let setters = client.credentials.iter().map(|c| {
        let (f, setter) = (ident(&c.field), ident(&c.setter));
        let what = match &c.kind {
            SecurityKind::Bearer => "sent as `Authorization: Bearer <token>`".to_owned(),
            SecurityKind::Basic => "sent as `Authorization: Basic <base64(user:password)>`".to_owned(),
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
        match c.kind {
            SecurityKind::Basic => quote! {
                #docs
                pub fn #setter(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                    self.#f = Some((rt::Secret::new(user), rt::Secret::new(password)));
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
        }
    });
    let authorize = auth::authorize_item(client);
    let send_err =
        if client.query_credentials { quote!(|e| Error::Transport(e.without_url())) } else { quote!(Error::Transport) };
    let has_ops = !plan.operations.is_empty();
    let plumbing = if has_ops {
        quote! {
            /// A request for `path` (already encoded) with the query, headers and cookies gathered in `parts`.
            fn request(&self, method: reqwest::Method, path: &str, parts: Parts) -> Result<reqwest::RequestBuilder, Error> {
                let Parts { query, mut headers, cookies } = parts;
                let url = rt::url(&self.base_url, path, &query)?;
                cookies.finish(&mut headers)?;
                Ok(self.http.request(method, url).headers(headers))
            }

            /// Sends with the timeout given (or the client's) and reads the whole response.
            async fn send(&self, request: reqwest::RequestBuilder, timeout: Option<Duration>) -> Result<rt::Response, Error> {
                let request = match timeout.or(self.timeout) {
                    Some(timeout) => request.timeout(timeout),
                    None => request,
                };
                rt::send(request).await.map_err(#send_err)
            }
        }
    } else {
        TokenStream::new()
    };
    let parts_item = if has_ops {
        quote! {
            /// What a request carries besides its path and body.
            #[derive(Default)]
            struct Parts {
                query: rt::Query,
                headers: reqwest::header::HeaderMap,
                cookies: rt::Cookies,
            }
        }
    } else {
        TokenStream::new()
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
            http: reqwest::Client,
            base_url: String,
            timeout: Option<Duration>,
            #(#fields,)*
        }

        impl Client {
            /// A client for the API at `base_url` (e.g. one of [`servers`]), with its own connection pool and
            /// rustls for TLS. Fails when `base_url` is not an absolute `http`/`https` URL without query or
            /// fragment, or when the TLS backend cannot start.
            pub fn new(base_url: &str) -> Result<Self, Error> {
                let http = reqwest::Client::builder().build().map_err(Error::Transport)?;
                Self::with_http_client(http, base_url)
            }

            /// A client that sends through `http`, your own `reqwest::Client` (proxies, pools, default headers,
            /// middleware-built clients).
            pub fn with_http_client(http: reqwest::Client, base_url: &str) -> Result<Self, Error> {
                Ok(Client {
                    http,
                    base_url: rt::base_url(base_url)?,
                    timeout: None,
                    #(#inits,)*
                })
            }

            /// The base URL every path is appended to (without a trailing `/`).
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The `reqwest::Client` requests go through.
            pub fn http_client(&self) -> &reqwest::Client {
                &self.http
            }

            /// Sets the timeout of every request, from connecting to the end of the response body. One request
            /// can have its own: `client.<group>().timeout(..)`.
            pub fn with_timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            #(#setters)*

            #(#accessors)*

            #(#client_ops)*

            #authorize

            #plumbing
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    #(#debug_fields)*
                    .finish_non_exhaustive()
            }
        }

        #parts_item
    }
}
