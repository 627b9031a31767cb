//! The HTTP client module (`src/client.rs`, Cargo feature `client`): a `Client` holding a `reqwest::Client`, the
//! base URL, credentials and a timeout; operations grouped by their first tag, each a method that returns the
//! call's request builder (`client.interactions().update(id, &body).tenant_name("t").await`); one error type per
//! crate whose documented error statuses carry their typed bodies.
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
use crate::plan::client::{ClientOperation, Group, Handle};
use crate::plan::Plan;
use proc_macro2::TokenStream;
use quote::quote;

/// The crate docs' paragraph on the call shape, with the client's example: nothing when the crate has no client or
/// the API no operation.
pub fn call_shape(plan: &Plan<'_>) -> Vec<String> {
    let Some(client) = &plan.client else { return Vec::new() };
    if client.operations.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        "Each operation is a method of the client (grouped by tag) that takes its path parameters and a required"
            .to_owned(),
        "body and returns the call; every other input is a setter of the call, and the call is sent when it is"
            .to_owned(),
        "awaited:".to_owned(),
        String::new(),
    ];
    lines.extend(docs::example(plan, client));
    lines
}

/// The client module of a planned crate (empty when the crate has no client).
pub fn client(plan: &Plan<'_>) -> TokenStream {
    let Some(client) = &plan.client else { return TokenStream::new() };
    let gates = &plan.features.client;
    let mut group_items = Vec::new();
    let mut client_ops = Vec::new();
    let mut builders = Vec::new();
    let mut inputs = Vec::new();
    let mut success_enums = Vec::new();
    for (gi, g) in client.groups.iter().enumerate() {
        // Each operation's call, then its `_stream` sibling when it has one.
        let calls: Vec<(usize, &ClientOperation)> =
            g.operations.iter().flat_map(|i| client.operations[*i].methods().map(move |c| (*i, c))).collect();
        let methods: Vec<TokenStream> =
            calls.iter().map(|(i, c)| operation::method(plan, *i, c, g.handle.is_none())).collect();
        builders.extend(calls.iter().map(|(i, c)| operation::builder(plan, client, *i, c)));
        inputs.extend(calls.iter().map(|(i, c)| operation::params_struct(plan, *i, c)));
        for (i, c) in &calls {
            if let Some(e) = &c.responses.success_enum {
                success_enums.push(responses::success_enum(e, &plan.cfg(plan.operation_gate(*i))));
            }
        }
        for i in &g.operations {
            if let Some(h) = &client.operations[*i].response_headers {
                success_enums.push(responses::response_headers(h, &plan.cfg(plan.operation_gate(*i))));
            }
        }
        match &g.handle {
            Some(handle) => group_items.push(group_item(plan, g, handle, gi, &methods)),
            None => client_ops.extend(methods),
        }
    }
    let accessors: Vec<TokenStream> = client
        .groups
        .iter()
        .enumerate()
        .filter_map(|(gi, g)| {
            let handle = g.handle.as_ref()?;
            Some(accessor(g, handle, &plan.cfg(&gates.groups[gi]), plan.features.tag_feature(g.tag.as_deref())))
        })
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
    let (calls, params) = calls_and_inputs(plan, &inputs);
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
        pub use oagen_runtime::client::{
            ApiResponse, ClientCredentials, RetryBudget, RetryPolicy, Token, TokenSource, Transport,
        };
        #raw_use
        #stream_items
        #servers
        #client_item
        #calls
        #(#group_items)*
        #(#builders)*
        #(#success_enums)*
        #error
        #schemes
        #forms
        #params
    }
}

/// The module's one request builder type for every call (`Call`, from the runtime's `client_calls!`) and the
/// module `params` holding the `inputs` of each call; nothing when the API has no operation.
fn calls_and_inputs(plan: &Plan<'_>, inputs: &[TokenStream]) -> (TokenStream, TokenStream) {
    if plan.operations.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let cfg = plan.cfg(&plan.features.any_operation);
    let params = quote! {
        /// The inputs of each call, as its [`Call`] holds them: set through the setters each call's type lists.
        #[doc(hidden)]
        pub mod params {
            #cfg
            #[allow(unused_imports)]
            use super::*;

            #(#inputs)*
        }
    };
    (quote!(oagen_runtime::client_calls!(Client);), params)
}

/// The `Client` method returning a group's handle, under `cfg` (the group's gate), naming the feature of its tag
/// when the crate has per-tag features.
fn accessor(g: &Group, handle: &Handle, cfg: &TokenStream, feature: Option<&str>) -> TokenStream {
    let (name, accessor) = (ident(&handle.struct_name), ident(&handle.accessor));
    let mut doc = match &g.tag {
        Some(tag) => format!(" Operations tagged `{tag}`."),
        None => String::new(),
    };
    if let Some(feature) = feature {
        doc.push_str(&format!(" Cargo feature `{feature}`."));
    }
    quote! {
        #[doc = #doc]
        #cfg
        pub fn #accessor(&self) -> #name<'_> {
            #name { client: self }
        }
    }
}

/// A group's handle (a borrowed client whose methods start the group's calls), under the group's gate (the group
/// `index`).
fn group_item(plan: &Plan<'_>, g: &Group, handle: &Handle, index: usize, methods: &[TokenStream]) -> TokenStream {
    let cfg = plan.cfg(&plan.features.client.groups[index]);
    let name = ident(&handle.struct_name);
    let doc = format!(
        " Operations tagged `{}`: `client.{}()`. Each method starts a call and returns its builder.",
        g.tag.as_deref().unwrap_or_default(),
        handle.accessor
    );
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            client: &'a Client,
        }

        #cfg
        impl<'a> #name<'a> {
            #(#methods)*
        }
    }
}
