//! The HTTP client module (`src/client.rs`, Cargo feature `client`): a `Client` holding a `reqwest::Client`, the
//! base URL, credentials and a timeout; operations grouped by their first tag (`client.interactions().update(..)`);
//! one error type per crate whose documented error statuses carry their typed bodies.
//!
//! Everything that would otherwise be pasted into every crate (parameter styles, percent-encoding, header checks,
//! URL assembly) lives in `oagen_runtime::client`, which the emitted code calls as `rt::...`.

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::models::Types;
use oagen_ir::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use oagen_ir::{
    path_placeholders, Api, Content, Encoding, Method, Operation, ParamLocation, ParamStyle, Parameter, Primitive,
    SecurityKind, StatusCode, TypeKind, TypeRef,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// What the client needs from the manifest.
pub struct ClientNeeds {
    /// Some operation takes a `multipart/*` body (reqwest's `multipart` feature).
    pub multipart: bool,
}

/// Manifest needs of the client module.
pub fn needs(api: &Api) -> ClientNeeds {
    ClientNeeds {
        multipart: operations(api).any(|op| op.body.as_ref().is_some_and(|b| b.content.encoding == Encoding::Multipart)),
    }
}

fn operations(api: &Api) -> impl Iterator<Item = &Operation> {
    api.operations.iter().filter(|op| !op.webhook)
}

/// One distinct error body type, as a variant of `ErrorBody`.
struct ErrorVariant {
    name: Ident,
    /// The Rust type; `None` for a documented status without a body.
    ty: Option<TokenStream>,
    /// The type's key (its tokens as text) for deduplication.
    key: String,
    /// How to reach the API's own message from `body`, if the type has one.
    message: Option<TokenStream>,
    /// For the docs: the statuses that carry it.
    doc: String,
}

struct Group<'a> {
    /// `None`: operations without tags, which are methods of `Client` itself.
    tag: Option<String>,
    struct_name: Ident,
    accessor: Ident,
    ops: Vec<(Ident, &'a Operation)>,
}

struct Credential {
    field: Ident,
    variant: Ident,
    setter: Ident,
    kind: SecurityKind,
    key: String,
    description: Option<String>,
    /// Its index in `Api::security_schemes`.
    scheme: usize,
}

struct Emitter<'a> {
    api: &'a Api,
    types: Types<'a>,
    /// Some operation documents no response and returns `RawResponse` (re-exported only then, so nothing is dead).
    raw_response: bool,
    errors: Vec<ErrorVariant>,
    error_names: Namespace,
    module_names: Namespace,
    credentials: Vec<Credential>,
    /// Some credential travels in the query: transport errors must not print the URL.
    query_credentials: bool,
}

/// The client module of an API. `crate_name` is the package name (for the usage example).
pub fn client(api: &Api, crate_name: &str) -> TokenStream {
    let mut reserved: Vec<&str> = RESERVED_TYPE_NAMES.to_vec();
    reserved.extend(["Client", "Error", "ErrorBody", "Scheme", "Duration", "RawResponse"]);
    let mut e = Emitter {
        api,
        types: Types::outside(&api.types),
        raw_response: false,
        errors: Vec::new(),
        error_names: Namespace::with_reserved(&["Empty"]),
        module_names: Namespace::with_reserved(&reserved),
        credentials: Vec::new(),
        query_credentials: false,
    };
    e.credentials(api);
    let mut client_methods = Namespace::with_reserved(&[
        "new", "with_http_client", "base_url", "http_client", "with_timeout", "timeout", "send", "request", "authorize",
        "has",
    ]);
    for c in &e.credentials {
        client_methods.claim(&c.setter.to_string());
    }
    let groups = e.groups(&mut client_methods);
    let servers = e.servers();
    let mut group_items = Vec::new();
    let mut client_ops = Vec::new();
    let mut success_enums = Vec::new();
    for g in &groups {
        let mut methods = Vec::new();
        for (method, op) in &g.ops {
            let (tokens, extra) = e.operation(op, method, g.tag.is_some());
            methods.push(tokens);
            success_enums.extend(extra);
        }
        match &g.tag {
            Some(tag) => group_items.push(group_item(g, tag, &methods)),
            None => client_ops.extend(methods),
        }
    }
    let accessors = groups.iter().filter(|g| g.tag.is_some()).map(|g| {
        let (name, accessor) = (&g.struct_name, &g.accessor);
        let doc = format!(" Operations tagged `{}`.", g.tag.as_deref().unwrap_or_default());
        quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> #name<'_> {
                #name { client: self, timeout: None }
            }
        }
    });
    let example = e.example(&groups, crate_name);
    let client = e.client_item(&accessors.collect::<Vec<_>>(), &client_ops, &example);
    let error = e.error_items();
    let uses_types = {
        let all = quote!(#(#group_items)* #(#client_ops)* #(#success_enums)* #error);
        all.to_string().contains("types ::")
    };
    let types_use = if uses_types { quote!(use super::types;) } else { TokenStream::new() };
    let map_use = if e.types.uses.btree_map.get() { quote!(use std::collections::BTreeMap;) } else { TokenStream::new() };
    let raw_use = if e.raw_response {
        quote! {
            #[doc = " A whole response (status, headers, body), returned by operations that document no response."]
            pub use oagen_runtime::client::Response as RawResponse;
        }
    } else {
        TokenStream::new()
    };
    let mut module_doc = vec![format!(
        "The HTTP client of {} {}: a [`Client`] with one method per operation, grouped by tag; one [`Error`] type.",
        api.title, api.version
    )];
    module_doc.push(
        "Requests go out exactly as the spec says: path parameters percent-encoded (no value can change the path or \
         add a query), query, header and cookie parameters serialised by their `style` and `explode`, header values \
         with line breaks refused, JSON bodies with only the fields you set. Responses are decoded by status: the \
         documented success type, a typed [`Error`] for each documented error status, and the raw status, headers \
         and body for anything else."
            .to_owned(),
    );
    let module_doc = module_doc.iter().flat_map(|p| {
        let mut lines: Vec<String> = crate::docs::doc_lines(p).into_iter().map(|l| format!(" {l}")).collect();
        lines.push(String::new());
        lines
    });
    let module_doc: Vec<String> = module_doc.chain(example.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") })).collect();
    let module_doc: Vec<String> = trim_trailing_blank(module_doc);
    quote! {
        #(#![doc = #module_doc])*
        #types_use
        use oagen_runtime::client as rt;
        #map_use
        use std::time::Duration;
        #raw_use
        #servers
        #client
        #(#group_items)*
        #(#success_enums)*
        #error
    }
}

fn trim_trailing_blank(mut lines: Vec<String>) -> Vec<String> {
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

fn group_item(g: &Group<'_>, tag: &str, methods: &[TokenStream]) -> TokenStream {
    let name = &g.struct_name;
    let accessor = &g.accessor;
    let doc = format!(" Operations tagged `{tag}`: `client.{accessor}()`.");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            client: &'a Client,
            timeout: Option<Duration>,
        }

        impl #name<'_> {
            /// Sets the timeout of requests made through this handle (from connecting to the end of the response
            /// body), overriding the client's.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            #(#methods)*
        }
    }
}

/// `words` with the tag's words removed from the front or the back (each word may be the tag word or its
/// singular): `interactions_update` under `Interactions` -> `update`, `update_conversation` under
/// `conversations` -> `update`.
pub fn strip_tag(name: &str, tag: &str) -> Option<String> {
    let tag_snake = naming::snake_name(tag);
    let tag_words: Vec<&str> = tag_snake.split('_').collect();
    let words: Vec<&str> = name.split('_').collect();
    let same = |w: &str, t: &str| w == t || naming::singular(t).as_deref() == Some(w) || naming::singular(w).as_deref() == Some(t);
    let n = tag_words.len();
    if words.len() <= n {
        return None;
    }
    let rest: &[&str] = if words[..n].iter().zip(&tag_words).all(|(w, t)| same(w, t)) {
        &words[n..]
    } else if words[words.len() - n..].iter().zip(&tag_words).all(|(w, t)| same(w, t)) {
        &words[..words.len() - n]
    } else {
        return None;
    };
    let out = rest.join("_");
    (!out.is_empty() && !out.starts_with(|c: char| c.is_ascii_digit())).then_some(out)
}

/// Method names within one group: the tag stripped where that is unique, the full (globally unique) name otherwise.
fn method_names(ops: &[&Operation], tag: Option<&str>, reserved: &mut Namespace) -> Vec<String> {
    let mut names: Vec<String> =
        ops.iter().map(|op| tag.and_then(|t| strip_tag(&op.name, t)).unwrap_or_else(|| op.name.clone())).collect();
    for _ in 0..=ops.len() {
        let mut changed = false;
        for i in 0..names.len() {
            if names.iter().filter(|n| **n == names[i]).count() > 1 {
                let dup = names[i].clone();
                for (j, n) in names.iter_mut().enumerate() {
                    if *n == dup && *n != ops[j].name {
                        *n = ops[j].name.clone();
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    names.iter().map(|n| reserved.claim(n)).collect()
}

impl<'a> Emitter<'a> {
    fn credentials(&mut self, api: &Api) {
        let mut fields = Namespace::with_reserved(&["http", "base_url", "timeout"]);
        let mut variants = Namespace::new();
        let used_kind = |pred: fn(&SecurityKind) -> bool| {
            api.security_schemes
                .iter()
                .enumerate()
                .filter(|(i, s)| pred(&s.kind) && operations(api).any(|op| op.security.iter().any(|alt| alt.contains(i))))
                .count()
        };
        let count = used_kind;
        let bearers = count(|k| matches!(k, SecurityKind::Bearer));
        let basics = count(|k| matches!(k, SecurityKind::Basic));
        let keys = count(|k| matches!(k, SecurityKind::ApiKey { .. }));
        // Only schemes some operation accepts: a scheme no operation names would be dead code.
        let used = |i: usize| operations(api).any(|op| op.security.iter().any(|alt| alt.contains(&i)));
        for (index, s) in api.security_schemes.iter().enumerate().filter(|(i, _)| used(*i)) {
            let setter = match &s.kind {
                SecurityKind::Bearer if bearers == 1 => "with_bearer_token".to_owned(),
                SecurityKind::Bearer => format!("with_{}_token", s.name),
                SecurityKind::Basic if basics == 1 => "with_basic_auth".to_owned(),
                SecurityKind::Basic => format!("with_{}_basic_auth", s.name),
                SecurityKind::ApiKey { .. } if keys == 1 => "with_api_key".to_owned(),
                SecurityKind::ApiKey { .. } => format!("with_{}_key", s.name),
            };
            if matches!(&s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. }) {
                self.query_credentials = true;
            }
            self.credentials.push(Credential {
                field: ident(&fields.claim(&s.name)),
                variant: format_ident!("{}", variants.claim_type_free(&naming::type_name(&s.name))),
                setter: ident(&setter),
                kind: s.kind.clone(),
                key: s.key.clone(),
                description: s.description.clone(),
                scheme: index,
            });
        }
    }

    fn groups(&mut self, client_methods: &mut Namespace) -> Vec<Group<'a>> {
        let api = self.api;
        let mut order: Vec<Option<String>> = Vec::new();
        for op in operations(api) {
            let tag = op.tags.first().cloned();
            if !order.contains(&tag) {
                order.push(tag);
            }
        }
        // Tagged groups first claim their accessor, so an untagged operation of the same name gets a suffix.
        let mut groups: Vec<Group<'a>> = Vec::new();
        order.sort_by_key(Option::is_none);
        for tag in order {
            let ops: Vec<&Operation> = operations(api).filter(|op| op.tags.first() == tag.as_ref()).collect();
            let (struct_name, accessor) = match &tag {
                Some(t) => (
                    format_ident!("{}", self.module_names.claim_type(&naming::type_name(t))),
                    ident(&client_methods.claim(&naming::snake_name(t))),
                ),
                None => (format_ident!("Client"), format_ident!("client")),
            };
            groups.push(Group { tag, struct_name, accessor, ops: Vec::new() });
            let last = groups.len() - 1;
            let names = match &groups[last].tag {
                Some(t) => method_names(&ops, Some(t), &mut Namespace::with_reserved(&["timeout"])),
                None => method_names(&ops, None, client_methods),
            };
            groups[last].ops = names.iter().zip(ops).map(|(n, op)| (ident(n), op)).collect();
        }
        groups
    }

    fn servers(&mut self) -> TokenStream {
        let api = self.api;
        if api.servers.is_empty() {
            return TokenStream::new();
        }
        let mut names = Namespace::with_reserved(&["new"]);
        let mut enum_names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        let mut items = Vec::new();
        for (i, s) in api.servers.iter().enumerate() {
            let base = match s.description.as_deref().map(|d| d.split('(').next().unwrap_or("").trim()) {
                Some(d) if !d.is_empty() && d.split_whitespace().count() <= 4 => naming::snake_name(d),
                _ if api.servers.len() == 1 => "default".to_owned(),
                _ => format!("server_{}", i + 1),
            };
            let mut doc = vec![format!("`{}`", s.url)];
            if let Some(d) = &s.description {
                doc.push(d.clone());
            }
            if s.variables.is_empty() {
                let name = format_ident!("{}", names.claim(&base).to_uppercase());
                let url = &s.url;
                let docs = doc_attrs(doc.iter().map(String::as_str));
                items.push(quote! { #docs pub const #name: &str = #url; });
                continue;
            }
            let name = ident(&names.claim(&format!("{base}_url")));
            let mut args = Vec::new();
            let mut format_args = Vec::new();
            let mut arg_names = Namespace::new();
            for v in &s.variables {
                let arg = ident(&arg_names.claim(&naming::snake_name(&v.name)));
                let mut vdoc = format!("- `{arg}`: `{{{}}}`", v.name);
                if let Some(d) = &v.description {
                    vdoc.push_str(&format!(", {d}"));
                }
                if v.allowed.is_empty() {
                    vdoc.push_str(&format!(" (the spec's default: `{}`; substituted as given)", v.default));
                    args.push(quote!(#arg: &str));
                    format_args.push((v.name.clone(), quote!(#arg)));
                } else {
                    let enum_name = format_ident!("{}", enum_names.claim_type(&naming::type_name(&v.name)));
                    vdoc.push_str(&format!(" ([`{enum_name}`])"));
                    items.push(server_enum(&enum_name, v));
                    args.push(quote!(#arg: #enum_name));
                    format_args.push((v.name.clone(), quote!(#arg.as_str())));
                }
                doc.push(vdoc);
            }
            let (template, values) = server_template(&s.url, &format_args);
            let docs = doc_attrs(doc.iter().map(String::as_str));
            items.push(quote! {
                #docs
                pub fn #name(#(#args),*) -> String {
                    format!(#template, #(#values),*)
                }
            });
        }
        quote! {
            /// The servers the spec lists, in its order: pass one to [`Client::new`].
            pub mod servers {
                #(#items)*
            }
        }
    }

    fn client_item(&self, accessors: &[TokenStream], client_ops: &[TokenStream], example: &[String]) -> TokenStream {
        let fields = self.credentials.iter().map(|c| {
            let f = &c.field;
            match c.kind {
                SecurityKind::Basic => quote!(#f: Option<(rt::Secret, rt::Secret)>),
                _ => quote!(#f: Option<rt::Secret>),
            }
        });
        let inits = self.credentials.iter().map(|c| {
            let f = &c.field;
            quote!(#f: None)
        });
        let debug_fields = self.credentials.iter().map(|c| {
            let f = &c.field;
            let name = f.to_string();
            quote!(.field(#name, &self.#f))
        });
        let setters = self.credentials.iter().map(|c| {
            let (f, setter) = (&c.field, &c.setter);
            let what = match &c.kind {
                SecurityKind::Bearer => "sent as `Authorization: Bearer <token>`".to_owned(),
                SecurityKind::Basic => "sent as `Authorization: Basic <base64(user:password)>`".to_owned(),
                SecurityKind::ApiKey { location: ParamLocation::Query, name } => format!("sent as the query parameter `{name}`"),
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
        let authorize = self.authorize_item();
        let send_err = if self.query_credentials {
            quote!(|e| Error::Transport(e.without_url()))
        } else {
            quote!(Error::Transport)
        };
        let has_ops = operations(self.api).next().is_some();
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
        let title = format!(" A client for {} {}.", self.api.title, self.api.version);
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


    fn authorize_item(&self) -> TokenStream {
        if self.credentials.is_empty() {
            return TokenStream::new();
        }
        let has = self.credentials.iter().map(|c| {
            let (v, f) = (&c.variant, &c.field);
            quote!(Scheme::#v => self.#f.is_some())
        });
        let apply = self.credentials.iter().map(|c| {
            let (v, f) = (&c.variant, &c.field);
            let body = match &c.kind {
                SecurityKind::Bearer => quote!(rt::bearer(&mut parts.headers, credential)?),
                SecurityKind::Basic => quote!(rt::basic(&mut parts.headers, &credential.0, &credential.1)?),
                SecurityKind::ApiKey { location: ParamLocation::Query, name } => quote!(parts.query.push_secret(#name, credential)),
                SecurityKind::ApiKey { location: ParamLocation::Cookie, name } => quote!(parts.cookies.push_secret(#name, credential)),
                SecurityKind::ApiKey { name, .. } => quote!(rt::secret_header(&mut parts.headers, #name, credential)?),
            };
            quote! {
                Scheme::#v => {
                    if let Some(credential) = &self.#f {
                        #body;
                    }
                }
            }
        });
        quote! {
            /// Adds the credentials of the first alternative whose schemes all have a credential set (an empty
            /// alternative means none are needed). When none is complete, nothing is added and the API decides.
            fn authorize(&self, parts: &mut Parts, alternatives: &[&[Scheme]]) -> Result<(), Error> {
                let Some(alternative) = alternatives.iter().find(|schemes| schemes.iter().all(|s| self.has(*s))) else {
                    return Ok(());
                };
                for scheme in *alternative {
                    match scheme {
                        #(#apply)*
                    }
                }
                Ok(())
            }

            fn has(&self, scheme: Scheme) -> bool {
                match scheme {
                    #(#has,)*
                }
            }
        }
    }
}

fn server_enum(name: &Ident, v: &oagen_ir::ServerVariable) -> TokenStream {
    let mut values: Vec<&str> = v.allowed.iter().map(String::as_str).collect();
    if !values.contains(&v.default.as_str()) {
        values.insert(0, &v.default);
    }
    let mut names = Namespace::new();
    let variants: Vec<(Ident, &str)> =
        values.iter().map(|value| (format_ident!("{}", names.claim_type_free(&naming::type_name(value))), *value)).collect();
    let decls = variants.iter().map(|(id, value)| {
        let doc = format!(" `{value}`");
        if *value == v.default {
            quote!(#[doc = #doc] #[default] #id)
        } else {
            quote!(#[doc = #doc] #id)
        }
    });
    let arms = variants.iter().map(|(id, value)| quote!(Self::#id => #value));
    let mut doc = vec![format!("The server variable `{}` (default `{}`).", v.name, v.default)];
    if let Some(d) = &v.description {
        doc.push(d.clone());
    }
    let docs = doc_attrs(doc.iter().map(String::as_str));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum #name {
            #(#decls,)*
        }

        impl #name {
            /// The value substituted into the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms,)*
                }
            }
        }
    }
}

/// A `format!` template for a server URL with `{variable}` placeholders, and the values in placeholder order.
fn server_template(url: &str, vars: &[(String, TokenStream)]) -> (String, Vec<TokenStream>) {
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        match vars.iter().find(|(n, _)| n == name) {
            Some((_, value)) => {
                template.push_str(&escape_format(&rest[..open]));
                template.push_str("{}");
                values.push(value.clone());
            }
            None => template.push_str(&escape_format(&rest[..open + close + 1])),
        }
        rest = &rest[open + close + 1..];
    }
    template.push_str(&escape_format(rest));
    (template, values)
}

/// A type as it is written in source (`types::Interaction`, `Vec<types::Pet>`), for docs.
fn type_text(ty: &TokenStream) -> String {
    ty.to_string().replace(" :: ", "::").replace(":: ", "::").replace(" < ", "<").replace(" >", ">").replace("& ", "&").replace(" ,", ",")
}

fn escape_format(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

/// Percent-encodes a literal piece of a path template (the server matches the same text).
fn encode_literal(s: &str) -> String {
    oagen_ir::encode_path_literal(s)
}

fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Matrix => quote!(rt::Style::Matrix),
        ParamStyle::Label => quote!(rt::Style::Label),
        ParamStyle::Form => quote!(rt::Style::Form),
        ParamStyle::Simple => quote!(rt::Style::Simple),
        ParamStyle::SpaceDelimited => quote!(rt::Style::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(rt::Style::PipeDelimited),
        ParamStyle::DeepObject => quote!(rt::Style::DeepObject),
    }
}

fn method_tokens(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(reqwest::Method::GET),
        Method::Put => quote!(reqwest::Method::PUT),
        Method::Post => quote!(reqwest::Method::POST),
        Method::Delete => quote!(reqwest::Method::DELETE),
        Method::Options => quote!(reqwest::Method::OPTIONS),
        Method::Head => quote!(reqwest::Method::HEAD),
        Method::Patch => quote!(reqwest::Method::PATCH),
        Method::Trace => quote!(reqwest::Method::TRACE),
    }
}

/// How an argument is passed: its type, and whether the value is held by value (so serialisers get `&arg`).
struct Arg {
    ty: TokenStream,
    by_value: bool,
    /// `Option<..>` because the parameter is optional (absent when `None`).
    optional: bool,
}

/// How a success or error body is read.
enum Read {
    /// No body documented.
    Nothing,
    /// JSON into this type.
    Json(TokenStream),
    /// UTF-8 text.
    Text,
    /// Raw bytes.
    Bytes,
}

impl Read {
    fn ty(&self) -> TokenStream {
        match self {
            Read::Nothing => quote!(()),
            Read::Json(t) => t.clone(),
            Read::Text => quote!(String),
            Read::Bytes => quote!(Vec<u8>),
        }
    }
}

/// A documented response as a match arm pattern.
fn pattern(status: StatusCode) -> TokenStream {
    match status {
        StatusCode::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        StatusCode::Range(c) => {
            let lo = proc_macro2::Literal::u16_unsuffixed(u16::from(c) * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(u16::from(c) * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusCode::Default => quote!(_),
    }
}

fn is_success(status: StatusCode) -> bool {
    matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
}

fn status_text(status: StatusCode) -> String {
    match status {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(c) => format!("{c}XX"),
        StatusCode::Default => "default".to_owned(),
    }
}

impl Emitter<'_> {
    fn read(&self, content: Option<&Content>) -> Read {
        match content {
            None => Read::Nothing,
            Some(c) => match c.encoding {
                Encoding::Json => Read::Json(self.types.nullable(c.ty)),
                Encoding::Text => Read::Text,
                Encoding::Binary | Encoding::Form | Encoding::Multipart => Read::Bytes,
            },
        }
    }

    /// The argument type of a parameter or body of type `ty`.
    /// Whether a value of `ty` may be `null` (directly or through aliases; any JSON value holds `null` itself).
    fn nullable(&self, ty: TypeRef) -> bool {
        let (_, alias_nullable) = self.api.types.resolve(ty);
        (ty.nullable || alias_nullable) && !self.types.is_any(ty)
    }

    fn arg(&self, ty: TypeRef, required: bool) -> Arg {
        let (id, _) = self.api.types.resolve(ty);
        let nullable = self.nullable(ty);
        let def = self.api.types.get(id);
        let (inner, by_value) = match &def.kind {
            TypeKind::Primitive(Primitive::String) => (quote!(&str), false),
            TypeKind::Primitive(Primitive::Bytes) => (quote!(&[u8]), false),
            TypeKind::Primitive(_) => (self.types.base(TypeRef::to(id)), true),
            TypeKind::List(item) => {
                let item = self.types.nullable(*item);
                (quote!(&[#item]), false)
            }
            TypeKind::Any => (quote!(&serde_json::Value), false),
            _ => {
                let t = self.types.base(TypeRef { nullable: false, ..ty });
                (quote!(&#t), false)
            }
        };
        if nullable || !required {
            Arg { ty: quote!(Option<#inner>), by_value, optional: !required }
        } else {
            Arg { ty: inner, by_value, optional: false }
        }
    }

    /// One operation as an `async fn`, plus the success enum it returns when it has several success types.
    fn operation(&mut self, op: &Operation, method: &Ident, grouped: bool) -> (TokenStream, Option<TokenStream>) {
        let mut locals = Namespace::with_reserved(&[
            "self", "client", "request", "response", "parts", "path", "url", "timeout", "query", "headers", "cookies",
        ]);
        let body_name = op.body.as_ref().map(|_| ident(&locals.claim("body")));
        let placeholders = path_placeholders(&op.path);
        let mut params: Vec<(&Parameter, Ident)> = Vec::new();
        for name in &placeholders {
            if let Some(p) = op.parameters.iter().find(|p| p.location == ParamLocation::Path && &p.wire_name == name) {
                if !params.iter().any(|(q, _)| std::ptr::eq(*q, p)) {
                    params.push((p, ident(&locals.claim(&p.name))));
                }
            }
        }
        for p in op.parameters.iter().filter(|p| p.location != ParamLocation::Path) {
            params.push((p, ident(&locals.claim(&p.name))));
        }
        let mut args = Vec::new();
        let mut arg_docs = Vec::new();
        let mut path_values: Vec<(String, Ident)> = Vec::new();
        let mut path_code = Vec::new();
        let mut parts_code = Vec::new();
        for (p, name) in &params {
            let arg = self.arg(p.ty, p.required);
            let ty = &arg.ty;
            args.push(quote!(#name: #ty));
            let place = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let mut doc = format!("- `{name}`: {place} parameter `{}`", p.wire_name);
            if !p.required {
                doc.push_str(" (optional: `None` leaves it out)");
            }
            if let Some(d) = &p.description {
                doc.push_str(": ");
                doc.push_str(&d.replace('\n', " "));
            }
            arg_docs.push(doc);
            let wire = &p.wire_name;
            let style = style_tokens(p.style);
            let explode = p.explode;
            let allow_reserved = p.allow_reserved;
            let (value, wrap) = if arg.optional {
                (if arg.by_value { quote!(&value) } else { quote!(value) }, true)
            } else if arg.by_value || ty.to_string().starts_with("Option") {
                (quote!(&#name), false)
            } else {
                (quote!(#name), false)
            };
            let stmt = match p.location {
                ParamLocation::Path => {
                    let whole = op.path.split('/').any(|seg| seg == format!("{{{wire}}}"));
                    // The encoded segment shadows the argument (a raw identifier cannot be a format argument).
                    let local = if name.to_string().starts_with("r#") {
                        ident(&locals.claim(&format!("{}_segment", p.name)))
                    } else {
                        name.clone()
                    };
                    path_code.push(quote!(let #local = rt::path(#wire, #value, #style, #explode, #whole)?;));
                    path_values.push((wire.clone(), local));
                    continue;
                }
                ParamLocation::Query => quote!(parts.query.push(#wire, #value, #style, #explode, #allow_reserved)?;),
                ParamLocation::Header => quote!(rt::header(&mut parts.headers, #wire, #value, #explode)?;),
                ParamLocation::Cookie => quote!(parts.cookies.push(#wire, #value, #explode)?;),
            };
            if wrap {
                parts_code.push(quote! {
                    if let Some(value) = #name {
                        #stmt
                    }
                });
            } else {
                parts_code.push(stmt);
            }
        }
        if !op.security.is_empty() && !self.credentials.is_empty() {
            let alts = op.security.iter().map(|alt| {
                let schemes = alt.iter().filter_map(|i| self.credentials.iter().find(|c| c.scheme == *i)).map(|c| {
                    let v = &c.variant;
                    quote!(Scheme::#v)
                });
                quote!(&[#(#schemes),*])
            });
            parts_code.push(quote!(client.authorize(&mut parts, &[#(#alts),*])?;));
        }
        let parts_decl = if parts_code.is_empty() {
            quote!(let parts = Parts::default();)
        } else {
            quote!(let mut parts = Parts::default();)
        };

        // The path: literal pieces encoded now, parameters encoded at run time.
        let mut template = String::new();
        let mut values = Vec::new();
        let mut rest = op.path.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + close];
            template.push_str(&escape_format(&encode_literal(&rest[..open])));
            match path_values.iter().find(|(n, _)| n == name) {
                Some((_, local)) => {
                    template.push_str(&format!("{{{local}}}"));
                    values.push(local.clone());
                }
                None => template.push_str(&escape_format(&encode_literal(&rest[open..open + close + 1]))),
            }
            rest = &rest[open + close + 1..];
        }
        template.push_str(&escape_format(&encode_literal(rest)));
        let path_expr = if values.is_empty() {
            let literal = template.replace("{{", "{").replace("}}", "}");
            quote!(#literal)
        } else {
            path_code.push(quote!(let path = format!(#template);));
            quote!(&path)
        };

        // The body.
        let mut body_code = TokenStream::new();
        if let (Some(body), Some(body_name)) = (&op.body, &body_name) {
            // A body whose schema allows `null` is "send null or a value" (`None` is `null`), an optional body is "send
            // nothing or a value" (`None` leaves it out); both at once are three states.
            let nullable = matches!(body.content.encoding, Encoding::Json | Encoding::Form) && self.nullable(body.content.ty);
            let (arg, send) = match body.content.encoding {
                Encoding::Json | Encoding::Form if nullable => {
                    let arg = self.arg(body.content.ty, true);
                    let arg = match body.required {
                        true => arg,
                        false => {
                            let inner = self.arg(TypeRef { nullable: false, ..body.content.ty }, true).ty;
                            Arg { ty: quote!(oagen_runtime::Tristate<#inner>), by_value: arg.by_value, optional: true }
                        }
                    };
                    let encode = if body.content.encoding == Encoding::Json {
                        quote!(rt::json_body(&#body_name)?)
                    } else {
                        quote!(rt::form_body(&#body_name)?)
                    };
                    (arg, encode)
                }
                Encoding::Json | Encoding::Form => {
                    let arg = self.arg(body.content.ty, body.required);
                    let value = if arg.by_value { quote!(&#body_name) } else { quote!(#body_name) };
                    let encode = if body.content.encoding == Encoding::Json {
                        quote!(rt::json_body(#value)?)
                    } else {
                        quote!(rt::form_body(#value)?)
                    };
                    (arg, encode)
                }
                Encoding::Text => (
                    Arg { ty: if body.required { quote!(&str) } else { quote!(Option<&str>) }, by_value: false, optional: !body.required },
                    quote!(#body_name.to_owned()),
                ),
                Encoding::Binary => (
                    Arg { ty: if body.required { quote!(&[u8]) } else { quote!(Option<&[u8]>) }, by_value: false, optional: !body.required },
                    quote!(#body_name.to_vec()),
                ),
                Encoding::Multipart => (
                    Arg {
                        ty: if body.required { quote!(reqwest::multipart::Form) } else { quote!(Option<reqwest::multipart::Form>) },
                        by_value: true,
                        optional: !body.required,
                    },
                    TokenStream::new(),
                ),
            };
            let ty = &arg.ty;
            args.push(quote!(#body_name: #ty));
            let mut doc = format!("- `{body_name}`: the request body (`{}`)", body.content.media_type);
            doc.push_str(match (body.required, nullable) {
                (true, false) => "",
                (true, true) => ", `None` sends `null`",
                (false, false) => ", optional: `None` sends no body",
                (false, true) => ", optional: `Tristate::Absent` sends no body, `Tristate::Null` sends `null`",
            });
            if let Some(d) = &body.description {
                doc.push_str(": ");
                doc.push_str(&d.replace('\n', " "));
            }
            arg_docs.push(doc);
            let media = content_type(&body.content);
            let attach = if body.content.encoding == Encoding::Multipart {
                quote!(request.multipart(#body_name))
            } else {
                quote!(rt::body(request, #media, #send)?)
            };
            body_code = if arg.optional {
                let attach_some = if body.content.encoding == Encoding::Multipart {
                    quote!(request.multipart(form))
                } else {
                    attach.clone()
                };
                let binding = if body.content.encoding == Encoding::Multipart { quote!(form) } else { quote!(#body_name) };
                let present = if nullable { quote!(#body_name.into_option()) } else { quote!(#body_name) };
                quote! {
                    let request = match #present {
                        Some(#binding) => #attach_some,
                        None => request,
                    };
                }
            } else {
                quote!(let request = #attach;)
            };
        }

        // The responses.
        let (ret, arms, success_enum, response_docs) = self.responses(op);
        let client = if grouped { quote!(self.client) } else { quote!(self) };
        let timeout = if grouped { quote!(self.timeout) } else { quote!(None) };
        let method_tokens = method_tokens(op.method);

        let mut doc: Vec<String> = Vec::new();
        if let Some(s) = &op.summary {
            doc.push(s.clone());
        }
        if let Some(d) = &op.description {
            doc.push(d.clone());
        }
        let mut sig = format!("`{} {}`", op.method.key().to_uppercase(), op.path);
        if let Some(id) = &op.operation_id {
            sig.push_str(&format!(" (operationId `{id}`)"));
        }
        doc.push(sig);
        if !arg_docs.is_empty() {
            doc.push(format!("Arguments:\n{}", arg_docs.join("\n")));
        }
        doc.push(format!("Responses:\n{}", response_docs.join("\n")));
        let docs = doc_attrs(doc.iter().map(String::as_str));
        let mut attrs = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        // `self` and the spec's parameters: a spec with many parameters gets them all, in order.
        if args.len() + 1 > 7 {
            attrs.extend(quote!(#[allow(clippy::too_many_arguments)]));
        }
        let tokens = quote! {
            #docs
            #attrs
            pub async fn #method(&self, #(#args),*) -> Result<#ret, Error> {
                let client = #client;
                #(#path_code)*
                #parts_decl
                #(#parts_code)*
                let request = client.request(#method_tokens, #path_expr, parts)?;
                #body_code
                let response = client.send(request, #timeout).await?;
                #arms
            }
        };
        (tokens, success_enum)
    }

    /// The return type, the `match` on the status, a success enum when needed, and the docs of each response.
    fn responses(&mut self, op: &Operation) -> (TokenStream, TokenStream, Option<TokenStream>, Vec<String>) {
        let has_success = op.responses.iter().any(|r| is_success(r.status));
        if op.responses.is_empty() {
            self.raw_response = true;
            return (
                quote!(RawResponse),
                quote!(Ok(response)),
                None,
                vec!["- none documented: every response is returned as it came".to_owned()],
            );
        }
        // Responses in match order: exact codes, ranges, default.
        let mut ordered: Vec<&oagen_ir::Response> = Vec::new();
        ordered.extend(op.responses.iter().filter(|r| matches!(r.status, StatusCode::Code(_))));
        ordered.extend(op.responses.iter().filter(|r| matches!(r.status, StatusCode::Range(_))));
        ordered.extend(op.responses.iter().filter(|r| matches!(r.status, StatusCode::Default)));
        // Which responses are successes: 2xx, and `default` for 2xx statuses when nothing else is a success.
        let successes: Vec<(&oagen_ir::Response, Read)> = op
            .responses
            .iter()
            .filter(|r| is_success(r.status) || (!has_success && r.status == StatusCode::Default))
            .map(|r| (r, self.read(r.content.as_ref())))
            .collect();
        let distinct: Vec<String> = {
            let mut v: Vec<String> = successes.iter().map(|(_, r)| r.ty().to_string()).collect();
            v.dedup();
            v.sort();
            v.dedup();
            v
        };
        let enum_name = (distinct.len() > 1).then(|| {
            format_ident!("{}", self.module_names.claim_type(&format!("{}Response", naming::type_name(&op.name))))
        });
        let ret = match (&enum_name, successes.first()) {
            (Some(name), _) => quote!(#name),
            (None, Some((_, read))) => read.ty(),
            (None, None) => quote!(()),
        };
        let mut docs = Vec::new();
        let mut arms = Vec::new();
        let mut success_variants = Vec::new();
        for r in &ordered {
            let read = self.read(r.content.as_ref());
            let pat = pattern(r.status);
            let status = status_text(r.status);
            let success = is_success(r.status);
            let desc = r.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| format!(": {}", d.replace('\n', " "))).unwrap_or_default();
            if success {
                // Only successes decode through `success`; computing it for an error status would emit the helper
                // for nothing (a dead-code warning in the generated crate).
                let value = self.success_value(&read);
                let (expr, shown) = match &enum_name {
                    Some(name) => {
                        let variant = format_ident!("{}", r.name);
                        let t = read.ty();
                        if matches!(read, Read::Nothing) {
                            success_variants.push((variant.clone(), None, status.clone()));
                            (quote!(Ok(#name::#variant)), format!("`{name}::{variant}`"))
                        } else {
                            success_variants.push((variant.clone(), Some(t), status.clone()));
                            (quote!(#value.map(#name::#variant)), format!("`{name}::{variant}`"))
                        }
                    }
                    None => (value, format!("`Ok({})`", type_text(&read.ty()))),
                };
                docs.push(format!("- `{status}`{desc}: {shown}"));
                arms.push(quote!(#pat => #expr,));
            } else if r.status == StatusCode::Default {
                if !has_success {
                    let value = self.success_value(&read);
                    let (expr, shown) = match &enum_name {
                        Some(name) => {
                            let variant = format_ident!("{}", r.name);
                            success_variants.push((variant.clone(), Some(read.ty()), status.clone()));
                            (quote!(#value.map(#name::#variant)), format!("`{name}::{variant}`"))
                        }
                        None => (value, format!("`Ok({})`", type_text(&read.ty()))),
                    };
                    docs.push(format!("- `default` with a 2xx status{desc}: {shown}"));
                    arms.push(quote!(200..=299 => #expr,));
                }
                let (err, shown) = self.error_arm(&read, &status);
                docs.push(format!("- `default` (any other status){desc}: {shown}"));
                arms.push(quote!(_ => Err(#err),));
            } else {
                let (err, shown) = self.error_arm(&read, &status);
                docs.push(format!("- `{status}`{desc}: {shown}"));
                arms.push(quote!(#pat => Err(#err),));
            }
        }
        if !op.responses.iter().any(|r| r.status == StatusCode::Default) {
            arms.push(quote!(_ => Err(rt::unexpected(response)),));
            docs.push("- any other status: `Error::UnexpectedStatus`".to_owned());
        }
        let matcher = quote! {
            match response.status.as_u16() {
                #(#arms)*
            }
        };
        let success_enum = enum_name.as_ref().map(|name| {
            let variants = success_variants.iter().map(|(v, t, status)| {
                let doc = format!(" `{status}`");
                match t {
                    Some(t) => quote!(#[doc = #doc] #v(#t)),
                    None => quote!(#[doc = #doc] #v),
                }
            });
            let doc = format!(" The documented successes of `{}`.", op.name);
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants,)*
                }
            }
        });
        (ret, matcher, success_enum, docs)
    }

    fn success_value(&self, read: &Read) -> TokenStream {
        match read {
            Read::Nothing => quote!(Ok(())),
            Read::Json(_) => quote!(rt::success(response.json(), response)),
            Read::Text => quote!(rt::success(response.text(), response)),
            Read::Bytes => quote!(Ok(response.body)),
        }
    }

    /// The error for a documented error status, and how the docs show it.
    fn error_arm(&mut self, read: &Read, status: &str) -> (TokenStream, String) {
        let (key, ty) = match read {
            Read::Nothing => ("".to_owned(), None),
            other => (other.ty().to_string(), Some(other.ty())),
        };
        let index = match self.errors.iter().position(|e| e.key == key) {
            Some(i) => {
                let doc = &mut self.errors[i].doc;
                if !doc.split(", ").any(|s| s == format!("`{status}`")) {
                    doc.push_str(&format!(", `{status}`"));
                }
                i
            }
            None => {
                let name = match read {
                    Read::Nothing => "Empty".to_owned(),
                    Read::Text => self.error_names.claim_type_free("Text"),
                    Read::Bytes => self.error_names.claim_type_free("Bytes"),
                    Read::Json(t) => {
                        let text = t.to_string();
                        let last = text.rsplit(':').next().unwrap_or("").trim().to_owned();
                        let base = if text.starts_with("types ::") && last.chars().all(|c| c.is_ascii_alphanumeric()) {
                            last
                        } else {
                            "Json".to_owned()
                        };
                        self.error_names.claim_type_free(&base)
                    }
                };
                let message = match read {
                    Read::Json(_) => self.message_path(read),
                    Read::Text => Some(quote!(Some(body.as_str()))),
                    _ => None,
                };
                self.errors.push(ErrorVariant { name: format_ident!("{}", name), ty, key, message, doc: format!("`{status}`") });
                self.errors.len() - 1
            }
        };
        let variant = &self.errors[index].name;
        let shown = format!("`Error::Api` with `ErrorBody::{variant}`");
        let expr = match read {
            Read::Nothing => quote!(Error::Api {
                status: response.status,
                headers: Box::new(response.headers),
                body: Box::new(ErrorBody::Empty),
            }),
            Read::Json(_) => quote!(rt::failure(response.json(), response, ErrorBody::#variant)),
            Read::Text => quote!(rt::failure(response.text(), response, ErrorBody::#variant)),
            Read::Bytes => quote!(rt::failure(Ok(response.body.clone()), response, ErrorBody::#variant)),
        };
        (expr, shown)
    }

    /// How to read the API's own message from an error body bound as `body`: a string property named like a
    /// message, directly or inside a required object property (`error.message`).
    fn message_path(&self, read: &Read) -> Option<TokenStream> {
        let Read::Json(_) = read else { return None };
        // The type of the first error response that has this key: find it again from the operations.
        let key = read.ty().to_string();
        let ty = operations(self.api)
            .flat_map(|op| op.responses.iter())
            .filter_map(|r| r.content.as_ref())
            .find(|c| c.encoding == Encoding::Json && self.types.nullable(c.ty).to_string() == key)?
            .ty;
        if ty.nullable {
            return None;
        }
        const NAMES: &[&str] = &["message", "detail", "error_description", "error_message", "error", "title", "msg", "description"];
        let fields = |r: TypeRef| -> Vec<oagen_ir::Field> {
            let (id, _) = self.api.types.resolve(r);
            match &self.api.types.get(id).kind {
                TypeKind::Struct(s) => s.fields.clone(),
                _ => Vec::new(),
            }
        };
        let is_string = |r: TypeRef| {
            let (id, _) = self.api.types.resolve(r);
            matches!(self.api.types.get(id).kind, TypeKind::Primitive(Primitive::String))
        };
        let access = |f: &oagen_ir::Field, prefix: TokenStream| -> Option<TokenStream> {
            let name = ident(&f.name);
            let (_, alias_nullable) = self.api.types.resolve(f.ty);
            let nullable = f.ty.nullable || alias_nullable;
            match (f.required, nullable) {
                (true, false) => Some(quote!(Some(#prefix.#name.as_str()))),
                (true, true) | (false, false) => Some(quote!(#prefix.#name.as_deref())),
                (false, true) => None,
            }
        };
        let top = fields(ty);
        for wanted in NAMES {
            if let Some(f) = top.iter().find(|f| f.name == *wanted && is_string(f.ty)) {
                if let Some(a) = access(f, quote!(body)) {
                    return Some(a);
                }
            }
        }
        for outer in top.iter().filter(|f| f.required && !f.ty.nullable && !self.api.types.resolve(f.ty).1) {
            let inner = fields(outer.ty);
            let outer_name = ident(&outer.name);
            for wanted in NAMES {
                if let Some(f) = inner.iter().find(|f| f.name == *wanted && is_string(f.ty)) {
                    if let Some(a) = access(f, quote!(body.#outer_name)) {
                        return Some(a);
                    }
                }
            }
        }
        None
    }

    /// The operations' error type, the runtime's `Error` over this API's documented error bodies, and the enum of
    /// security schemes.
    fn error_items(&self) -> TokenStream {
        let error = if self.errors.is_empty() {
            quote! {
                /// Everything an operation can fail with: the runtime's error ([`rt::Error`]). No operation documents an
                /// error status, so [`rt::Error::Api`] does not occur.
                pub type Error = rt::Error<rt::NoErrorBody>;
            }
        } else {
            let variants = self.errors.iter().map(|e| {
                let name = &e.name;
                let doc = format!(" The body documented for {}.", e.doc);
                match &e.ty {
                    Some(t) => quote!(#[doc = #doc] #name(#t)),
                    None => quote!(#[doc = " A documented error status whose response has no body."] #name),
                }
            });
            let arms = self.errors.iter().map(|e| {
                let name = &e.name;
                match (&e.ty, &e.message) {
                    (Some(_), Some(m)) => quote!(ErrorBody::#name(body) => #m),
                    (Some(_), None) => quote!(ErrorBody::#name(_) => None),
                    (None, _) => quote!(ErrorBody::#name => None),
                }
            });
            quote! {
                /// Everything an operation can fail with: the runtime's error ([`rt::Error`]), whose
                /// [`rt::Error::Api`] holds the body of a documented error status as an [`ErrorBody`].
                pub type Error = rt::Error<ErrorBody>;

                /// The body of a documented error status, by type.
                #[derive(Debug, Clone, PartialEq)]
                pub enum ErrorBody {
                    #(#variants,)*
                }

                impl rt::ErrorMessage for ErrorBody {
                    fn message(&self) -> Option<&str> {
                        match self {
                            #(#arms,)*
                        }
                    }
                }
            }
        };
        let scheme_enum = if self.credentials.is_empty() {
            TokenStream::new()
        } else {
            let variants = self.credentials.iter().map(|c| {
                let v = &c.variant;
                let doc = format!(" `{}`", c.key);
                quote!(#[doc = #doc] #v)
            });
            quote! {
                /// The security schemes, as the operations name them.
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                enum Scheme {
                    #(#variants,)*
                }
            }
        };
        quote! {
            #error
            #scheme_enum
        }
    }

    /// Doc lines of a usage example (a `no_run` doctest, so it is compiled).
    fn example(&self, groups: &[Group<'_>], crate_name: &str) -> Vec<String> {
        let krate = crate::crate_name::lib_name(crate_name);
        let server = match self.api.servers.first() {
            Some(s) if !s.url.starts_with("http://") && !s.url.starts_with("https://") => "\"https://api.example.com\"".to_owned(),
            Some(_) => self.server_expr(),
            None => "\"https://api.example.com\"".to_owned(),
        };
        let mut setup = format!("let client = Client::new({server})?");
        if let Some(c) = self.credentials.first() {
            match c.kind {
                SecurityKind::Basic => setup.push_str(&format!("\n    .{}(\"user\", \"password\")", c.setter)),
                _ => setup.push_str(&format!("\n    .{}(\"secret\")", c.setter)),
            }
        }
        setup.push_str("\n    .with_timeout(Duration::from_secs(30));");
        let mut call = None;
        'groups: for g in groups {
            for (method, op) in &g.ops {
                if let Some(args) = self.example_args(op, &krate) {
                    let receiver = match &g.tag {
                        Some(_) => format!("client.{}()", g.accessor),
                        None => "client".to_owned(),
                    };
                    call = Some(format!("let response = {receiver}.{method}({}).await?;", args.join(", ")));
                    break 'groups;
                }
            }
        }
        let mut lines = vec![
            "```no_run".to_owned(),
            format!("# async fn example() -> Result<(), {krate}::client::Error> {{"),
            format!("use {krate}::client::{{servers, Client}};"),
            "use std::time::Duration;".to_owned(),
            String::new(),
        ];
        if self.api.servers.is_empty() || server.starts_with('"') {
            lines[2] = format!("use {krate}::client::Client;");
        }
        lines.extend(setup.lines().map(str::to_owned));
        if let Some(call) = call {
            lines.push(call);
            lines.push("# let _ = response;".to_owned());
        }
        lines.push("# Ok(())".to_owned());
        lines.push("# }".to_owned());
        lines.push("```".to_owned());
        lines
    }

    fn server_expr(&self) -> String {
        let Some(s) = self.api.servers.first() else { return String::new() };
        let base = match s.description.as_deref().map(|d| d.split('(').next().unwrap_or("").trim()) {
            Some(d) if !d.is_empty() && d.split_whitespace().count() <= 4 => naming::snake_name(d),
            _ if self.api.servers.len() == 1 => "default".to_owned(),
            _ => "server_1".to_owned(),
        };
        if s.variables.is_empty() {
            return format!("servers::{}", base.to_uppercase());
        }
        let mut enum_names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        let args: Vec<String> = s
            .variables
            .iter()
            .map(|v| {
                if v.allowed.is_empty() {
                    format!("{:?}", v.default)
                } else {
                    format!("servers::{}::default()", enum_names.claim_type(&naming::type_name(&v.name)))
                }
            })
            .collect();
        format!("&servers::{base}_url({})", args.join(", "))
    }

    /// Example arguments for an operation, when each can be written simply.
    fn example_args(&self, op: &Operation, krate: &str) -> Option<Vec<String>> {
        let placeholders = path_placeholders(&op.path);
        let mut params: Vec<&Parameter> = Vec::new();
        for name in &placeholders {
            if let Some(p) = op.parameters.iter().find(|p| p.location == ParamLocation::Path && &p.wire_name == name) {
                if !params.iter().any(|q| std::ptr::eq(*q, p)) {
                    params.push(p);
                }
            }
        }
        params.extend(op.parameters.iter().filter(|p| p.location != ParamLocation::Path));
        let mut out = Vec::new();
        for p in params {
            if !p.required {
                out.push("None".to_owned());
                continue;
            }
            out.push(self.example_value(p.ty, &p.wire_name, krate)?);
        }
        if let Some(body) = &op.body {
            let value = (body.content.encoding == Encoding::Json).then(|| self.example_value(body.content.ty, "body", krate)).flatten();
            match (body.required, value) {
                (true, Some(v)) => out.push(v),
                (true, None) => return None,
                (false, Some(v)) if v != "None" => out.push(format!("Some({v})")),
                (false, _) => out.push("None".to_owned()),
            }
        }
        Some(out)
    }

    fn example_value(&self, ty: TypeRef, wire: &str, krate: &str) -> Option<String> {
        let (id, alias_nullable) = self.api.types.resolve(ty);
        if ty.nullable || alias_nullable {
            return Some("None".to_owned());
        }
        let def = self.api.types.get(id);
        Some(match &def.kind {
            TypeKind::Primitive(Primitive::String) => format!("{:?}", wire.replace(['{', '}'], "")),
            TypeKind::Primitive(Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64) => "42".to_owned(),
            TypeKind::Primitive(Primitive::F64) => "1.0".to_owned(),
            TypeKind::Primitive(Primitive::Bool) => "true".to_owned(),
            TypeKind::Primitive(Primitive::Uuid) => "uuid::Uuid::nil()".to_owned(),
            TypeKind::Struct(s) if s.fields.iter().all(|f| !f.required || f.ty.nullable || self.types.is_any(f.ty)) => {
                let name = def.name.as_deref()?;
                format!("&{krate}::types::{name}::default()")
            }
            _ => return None,
        })
    }
}

/// The `Content-Type` sent for a body: the media type as written, unless it is a wildcard or not a valid header.
fn content_type(c: &Content) -> String {
    let written = c.media_type.trim();
    let valid = !written.is_empty() && written.bytes().all(|b| (0x20..0x7f).contains(&b)) && !written.contains('*');
    if valid {
        return written.to_owned();
    }
    match c.encoding {
        Encoding::Json => "application/json".to_owned(),
        Encoding::Form => "application/x-www-form-urlencoded".to_owned(),
        Encoding::Text => "text/plain; charset=utf-8".to_owned(),
        Encoding::Multipart | Encoding::Binary => "application/octet-stream".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_stripped_from_method_names() {
        assert_eq!(strip_tag("interactions_update", "Interactions").as_deref(), Some("update"));
        assert_eq!(strip_tag("update_conversation", "conversations").as_deref(), Some("update"));
        assert_eq!(strip_tag("update_conversation", "Conversations").as_deref(), Some("update"));
        assert_eq!(strip_tag("list_pet_owners", "pet owners").as_deref(), Some("list"));
        assert_eq!(strip_tag("interactions", "Interactions"), None);
        assert_eq!(strip_tag("get_user", "Interactions"), None);
        assert_eq!(strip_tag("users_2", "users"), None);
    }

    #[test]
    fn colliding_stripped_names_keep_their_full_names() {
        let op = |name: &str| Operation {
            name: name.to_owned(),
            operation_id: None,
            method: Method::Get,
            path: "/".to_owned(),
            webhook: false,
            tags: vec!["pets".to_owned()],
            summary: None,
            description: None,
            deprecated: false,
            parameters: Vec::new(),
            body: None,
            responses: Vec::new(),
            security: Vec::new(),
            pointer: oagen_ir::Pointer::root(),
        };
        let (a, b, c, d) = (op("pets_list"), op("list_pets"), op("pets_get"), op("get"));
        let names = method_names(&[&a, &b, &c, &d], Some("pets"), &mut Namespace::with_reserved(&["timeout"]));
        assert_eq!(names, ["pets_list", "list_pets", "pets_get", "get"]);
    }

    #[test]
    fn path_literals_are_encoded() {
        assert_eq!(encode_literal("/a b/c?d#e/%41/%zz"), "/a%20b/c%3Fd%23e/%41/%25zz");
    }
}
