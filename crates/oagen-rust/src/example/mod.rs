//! `examples/server.rs`: a runnable in-memory implementation of the server trait. Every operation answers its first
//! success response from a store keyed by request path that treats any id as existing (made up on first use from a
//! value the emitter builds to satisfy the response schema), and applies request bodies to it as JSON merge patches.

mod values;

use crate::ident::ident;
use crate::plan::{OperationPlan, Plan};
use oagen_ir::{Encoding, StatusCode};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use values::Values;

/// The example server of a planned crate.
pub fn example(plan: &Plan<'_>) -> TokenStream {
    let api = plan.api;
    let crate_name = &plan.crate_name;
    let example = &plan.server_example;
    let krate = format_ident!("{}", plan.lib_name);
    let values = Values { space: &api.types, types: plan.types, depths: oagen_ir::finite_depths(&api.types) };
    let methods: Vec<TokenStream> = plan
        .operations
        .iter()
        .enumerate()
        .map(|(i, o)| method(&values, o, &plan.cfg(plan.operation_gate(i))))
        .collect();
    let gates = &plan.features.example;
    // The store answers JSON responses: a spec with no operations (or none with a JSON body) needs none. Made-up
    // values (JSON bodies, the JSON data of an event) may name models.
    let answered = || plan.operations.iter().filter_map(crate::plan::features::example_value);
    let uses_types = answered().any(|(ty, _)| values.names_model(ty));
    let uses_store = answered().any(|(_, stored)| stored);
    // With per-tag features the store is compiled with the operations that answer from it, and a store-less
    // `Memory` in the builds that have none of them.
    let store_cfg = plan.cfg(&gates.store);
    let without_store = match plan.features.cfg_not(&gates.store) {
        Some(cfg) if uses_store => quote! {
            /// The implementation: no operation of this build needs stored state.
            #cfg
            struct Memory;
        },
        _ => TokenStream::new(),
    };
    let store = if uses_store {
        quote! {
            #store_cfg
            use serde::{de::DeserializeOwned, Serialize};
            #store_cfg
            use std::collections::HashMap;
            #store_cfg
            use std::sync::{Mutex, PoisonError};

            /// Every resource, by request path, as JSON.
            #store_cfg
            #[derive(Default)]
            struct Memory {
                resources: Mutex<HashMap<String, serde_json::Value>>,
            }

            #without_store

            #store_cfg
            impl Memory {
                /// The resource at `path` (`initial` when it is first asked for), with `patch` applied as a JSON merge
                /// patch. A patch that would leave something the response type cannot hold is not applied.
                fn answer<T: Serialize + DeserializeOwned, P: Serialize>(&self, path: &str, initial: T, patch: Option<&P>) -> T {
                    let mut resources = self.resources.lock().unwrap_or_else(PoisonError::into_inner);
                    let current = match resources.get(path) {
                        Some(stored) => stored.clone(),
                        None => serde_json::to_value(&initial).unwrap_or_default(),
                    };
                    let mut next = current.clone();
                    if let Some(patch) = patch {
                        match serde_json::to_value(patch) {
                            Ok(patch) => oagen_runtime::server::merge_patch(&mut next, &patch),
                            Err(error) => eprintln!("{path}: update not applied: {error}"),
                        }
                    }
                    match serde_json::from_value::<T>(next.clone()) {
                        Ok(value) => {
                            resources.insert(path.to_owned(), next);
                            value
                        }
                        Err(error) => {
                            eprintln!("{path}: update not applied: {error}");
                            serde_json::from_value(current).unwrap_or(initial)
                        }
                    }
                }
            }
        }
    } else {
        quote! {
            /// The implementation: no operation needs stored state.
            struct Memory;
        }
    };
    let types_import = if uses_types {
        let cfg = plan.cfg(&gates.types_import);
        quote!(#cfg use #krate::types;)
    } else {
        TokenStream::new()
    };
    let title = format!(
        " An in-memory {} {} server, for trying the API and for conformance tests.\n\n\
         ```sh\n\
         cargo run -p {crate_name} --example {example} -- 127.0.0.1:8080\n\
         ```\n\n\
         Every resource exists: the first request for a path makes one up (a value that satisfies the response\n\
         schema), and request bodies are applied to it as JSON merge patches (absent members are left unchanged, `null`\n\
         removes, a value replaces). Any credentials are accepted.",
        api.title, api.version
    );
    // With a gated store, `Memory` is made as the build has it.
    let (made, memory) = match plan.features.cfg_not(&gates.store) {
        Some(without) if uses_store => (
            quote! {
                #store_cfg
                let memory = Memory::default();
                #without
                let memory = Memory;
            },
            quote!(memory),
        ),
        _ if uses_store => (TokenStream::new(), quote!(Memory::default())),
        _ => (TokenStream::new(), quote!(Memory)),
    };
    let docs = title.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {}", l.trim_start()) });
    let allow_deprecated = if plan.deprecated_types { quote!(#![allow(deprecated)]) } else { TokenStream::new() };
    quote! {
        #(#![doc = #docs])*
        #allow_deprecated

        use #krate::server::{self, Api};
        #types_import
        #store

        impl Api for Memory {
            #(#methods)*
        }

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
            let listener = tokio::net::TcpListener::bind(&address).await?;
            let local = listener.local_addr()?;
            println!("listening on http://{local}");
            #made
            server::serve(listener, server::router(#memory)).await;
            Ok(())
        }
    }
}

/// The example's implementation of one operation: its answer (the plan's example response) made up from the response
/// schema, with the request body applied; under `cfg` (the operation's gate).
fn method(values: &Values<'_>, o: &OperationPlan<'_>, cfg: &TokenStream) -> TokenStream {
    let op = o.op;
    let name = ident(&o.trait_method);
    let module = ident(&o.module);
    let Some(planned) = o.example_response() else {
        return quote! {
            #cfg
            async fn #name(&self, _request: server::#module::Request) -> server::#module::Response {
                server::#module::Response::Status(axum::http::StatusCode::NO_CONTENT)
            }
        };
    };
    let response = planned.ir;
    let variant = ident(&planned.variant);
    let status = match response.status {
        StatusCode::Code(_) => None,
        StatusCode::Range(_) => Some(quote!(oagen_runtime::server::StatusClass::lowest())),
        StatusCode::Default => Some(quote!(axum::http::StatusCode::OK)),
    };
    let patch = match &op.body {
        Some(b) if matches!(b.content.encoding, Encoding::Json | Encoding::Form) => {
            if b.required {
                Some(quote!(Some(&request.body)))
            } else {
                Some(quote!(request.body.as_ref()))
            }
        }
        _ => None,
    };
    let (body, uses_request) = match &response.content {
        None => (None, false),
        Some(c) => match c.encoding {
            Encoding::Json => {
                let initial = values.nullable(c.ty, None, 0);
                let patch = patch.unwrap_or_else(|| quote!(None::<&()>));
                (Some(quote!(self.answer(request.context.uri().path(), #initial, #patch))), true)
            }
            Encoding::Text => (Some(quote!(String::new())), false),
            // One event, with the data a JSON answer would have (or no text).
            Encoding::EventStream => {
                let json = matches!(
                    planned.held,
                    Some(crate::plan::http::Held::Events {
                        form: crate::plan::http::EventForm::Json | crate::plan::http::EventForm::Frame,
                        ..
                    })
                );
                let data = if json { values.nullable(c.ty, None, 0) } else { quote!(String::new()) };
                let event = quote!(oagen_runtime::server::Event::new(#data));
                (Some(quote!(oagen_runtime::server::EventStream::from_events(vec![#event]))), false)
            }
            Encoding::Binary => (Some(quote!(oagen_runtime::server::ByteStream::default())), false),
            Encoding::Form | Encoding::Multipart => (Some(quote!(Vec::new())), false),
        },
    };
    let args: Vec<TokenStream> = status.into_iter().chain(body).collect();
    let value = if args.is_empty() {
        quote!(server::#module::Response::#variant)
    } else {
        quote!(server::#module::Response::#variant(#(#args),*))
    };
    let request = if uses_request { quote!(request) } else { quote!(_request) };
    quote! {
        #cfg
        async fn #name(&self, #request: server::#module::Request) -> server::#module::Response {
            #value
        }
    }
}
