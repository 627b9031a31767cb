//! The HTTP client module (`src/client.rs`, Cargo feature `client`): a `Client` holding a `reqwest::Client`, the
//! base URL, credentials and a timeout; operations grouped by their first tag (`client.interactions().update(..)`);
//! one error type per crate whose documented error statuses carry their typed bodies.
//!
//! Everything that would otherwise be pasted into every crate (parameter styles, percent-encoding, header checks,
//! URL assembly) lives in `oagen_runtime::client`, which the emitted code calls as `rt::...`. What the module holds
//! is decided by the plan ([`crate::plan::ClientPlan`]); these functions only write it.

mod auth;
mod config;
mod docs;
mod operation;
mod paging;
mod responses;
mod servers;

use crate::ident::ident;
use crate::plan::client::{ClientPlan, Group};
use crate::plan::Plan;
use proc_macro2::TokenStream;
use quote::quote;

/// The client module of a planned crate (empty when the crate has no client).
pub fn client(plan: &Plan<'_>) -> TokenStream {
    let Some(client) = &plan.client else { return TokenStream::new() };
    let gates = &plan.features.client;
    let mut group_items = Vec::new();
    let mut client_ops = Vec::new();
    let mut success_enums = Vec::new();
    for (gi, g) in client.groups.iter().enumerate() {
        // Each operation's method, then its `_stream` sibling when it has one.
        let methods_of = |i: usize| client.operations[i].methods().map(move |c| (i, c));
        let methods: Vec<TokenStream> = g
            .operations
            .iter()
            .flat_map(|i| methods_of(*i))
            .map(|(i, c)| operation::method(plan, client, i, c))
            .collect();
        let paging: Vec<TokenStream> = g.operations.iter().map(|i| paging::methods(plan, client, *i)).collect();
        for (i, c) in g.operations.iter().flat_map(|i| methods_of(*i)) {
            if let Some(e) = &c.responses.success_enum {
                success_enums.push(responses::success_enum(e, &plan.cfg(plan.operation_gate(i))));
            }
        }
        for i in &g.operations {
            if let Some(h) = &client.operations[*i].response_headers {
                success_enums.push(responses::response_headers(h, &plan.cfg(plan.operation_gate(*i))));
            }
        }
        if g.tag.is_none() {
            client_ops.extend(
                g.operations.iter().flat_map(|i| methods_of(*i)).map(|(i, c)| operation::forwarder(plan, i, c)),
            );
            client_ops.extend(g.operations.iter().map(|i| paging::forwarders(plan, client, *i)));
        }
        group_items.push(group_item(plan, client, g, gi, &methods, &paging));
    }
    let accessors: Vec<TokenStream> = client
        .groups
        .iter()
        .enumerate()
        .map(|(gi, g)| accessor(g, &plan.cfg(&gates.groups[gi]), plan.features.tag_feature(g.tag.as_deref())))
        .collect();
    let example = docs::example(plan, client);
    let client_item = config::client_item(plan, client, &accessors, &client_ops, &example);
    let error = responses::error_items(plan, client);
    let schemes = auth::scheme_enum(plan, client);
    let types_use = if client.names_model() {
        let cfg = plan.cfg(&gates.types_import);
        quote!(
            #cfg
            use super::types;
        )
    } else {
        TokenStream::new()
    };
    let multipart_use = if client.names_multipart() {
        let cfg = plan.cfg(&gates.multipart_import);
        quote!(
            #cfg
            use super::multipart;
        )
    } else {
        TokenStream::new()
    };
    let forms = crate::multipart::into_form_impls(plan);
    let map_use = if client.uses_btree_map() {
        let cfg = plan.cfg(&gates.btree_map_import);
        quote!(
            #cfg
            use std::collections::BTreeMap;
        )
    } else {
        TokenStream::new()
    };
    let raw_use = if client.raw_response {
        quote! {
            #[doc = " A whole response (status, headers, body), returned by operations that document no response."]
            pub use oagen_runtime::client::Response as RawResponse;
        }
    } else {
        TokenStream::new()
    };
    // The streams operations return, with this module's error body.
    let error_body = if client.errors.is_empty() { quote!(rt::NoErrorBody) } else { quote!(ErrorBody) };
    let mut stream_items = TokenStream::new();
    if client.returns_events() {
        stream_items.extend(quote! {
            #[doc(no_inline)]
            pub use oagen_runtime::client::Event;
            /// The events of a `text/event-stream` response, as they arrive: a `Stream` of
            /// `Result<Event<T>, Error>` (`futures::StreamExt::next`); see [`rt::EventStream`].
            pub type EventStream<T> = rt::EventStream<T, #error_body>;
        });
    }
    if client.uploads() {
        stream_items.extend(quote! {
            #[doc(no_inline)]
            pub use oagen_runtime::client::Upload;
        });
    }
    if client.returns_byte_stream() {
        stream_items.extend(quote! {
            /// A binary response body, as it arrives: a `Stream` of `Result<Bytes, Error>` with its
            /// `content_length()`; see [`rt::ByteStream`].
            pub type ByteStream = rt::ByteStream<#error_body>;
        });
    }
    let module_doc = docs::module_doc(plan);
    let servers = servers::servers_module(client);
    let allow_deprecated = if plan.deprecated_types { quote!(#![allow(deprecated)]) } else { TokenStream::new() };
    // `#![allow(clippy::large_enum_variant)]`: as in the server, a response or error variant holds its body by
    // value, however large (a 200 with the resource beside a 202 with nothing); the variants are what the spec
    // lists, and boxing them would make every match on a response clumsier for one lint.
    quote! {
        #(#![doc = #module_doc])*
        #![allow(clippy::large_enum_variant)]
        #allow_deprecated
        #multipart_use
        #types_use
        use oagen_runtime::client as rt;
        #map_use
        #[doc(no_inline)]
        pub use oagen_runtime::client::{ApiResponse, ClientCredentials, RetryPolicy, Token, TokenSource, Transport};
        #raw_use
        #stream_items
        #servers
        #client_item
        #(#group_items)*
        #(#success_enums)*
        #error
        #schemes
        #forms
    }
}

/// The `Client` method returning a group's handle, under `cfg` (the group's gate), naming the feature of its tag
/// when the crate has per-tag features.
fn accessor(g: &Group, cfg: &TokenStream, feature: Option<&str>) -> TokenStream {
    let (name, accessor) = (ident(&g.struct_name), ident(&g.accessor));
    let mut doc = match &g.tag {
        Some(tag) => format!(" Operations tagged `{tag}`."),
        None => " The untagged operations (also methods of `Client`), with per-call options: \
                  `client.call().timeout(..)`."
            .to_owned(),
    };
    if let Some(feature) = feature {
        doc.push_str(&format!(" Cargo feature `{feature}`."));
    }
    quote! {
        #[doc = #doc]
        #cfg
        pub fn #accessor(&self) -> #name<'_> {
            #name::new(self)
        }
    }
}

/// A group's handle (`oagen_runtime::client_handle!`: a borrowed client with per-call options), the setters of the
/// hoisted parameters, the group's methods and its paginated ones, under the group's gate (the group `index`).
fn group_item(
    plan: &Plan<'_>,
    client: &ClientPlan,
    g: &Group,
    index: usize,
    methods: &[TokenStream],
    paging: &[TokenStream],
) -> TokenStream {
    let gates = &plan.features.client;
    let cfg = plan.cfg(&gates.groups[index]);
    let name = ident(&g.struct_name);
    let accessor = ident(&g.accessor);
    let doc = match &g.tag {
        Some(tag) => format!(" Operations tagged `{tag}`: `client.{accessor}()`."),
        None => format!(" The untagged operations with per-call options: `client.{accessor}()`."),
    };
    let hoisted = if client.hoisted.is_empty() {
        TokenStream::new()
    } else {
        let setters = client
            .hoisted
            .iter()
            .zip(&gates.handle_hoisted[index])
            .map(|(h, gate)| config::hoisted_setter(h, false, &plan.cfg(gate)));
        quote! {
            #cfg
            impl<R> #name<'_, R> {
                #(#setters)*
            }
        }
    };
    // The paginated methods name the client's lifetime: the streams they return outlive the handle.
    let paging = if g.operations.iter().any(|i| client.operations[*i].paging.is_some()) {
        quote! {
            #cfg
            impl<'a, R: 'a> #name<'a, R> {
                #(#paging)*
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #cfg
        oagen_runtime::client_handle!(#name(Client), #doc);

        #hoisted

        #cfg
        impl<R: rt::Respond> #name<'_, R> {
            #(#methods)*
        }

        #paging
    }
}
