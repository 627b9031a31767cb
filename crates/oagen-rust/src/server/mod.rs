//! The server module of a generated crate (Cargo feature `server`): one trait with a method per operation, a
//! module per operation with its checked inputs (`Request`) and the responses the spec allows (`Response`), and an
//! axum router that checks every request before its method runs. What it holds is decided by the plan
//! ([`crate::plan::ServerPlan`] and the operations); these functions only write it.

mod credentials;
mod operation;
mod router;
mod schemas;

use crate::plan::server_operation::SuperImport;
use crate::plan::Plan;
use proc_macro2::TokenStream;
use quote::quote;

/// The server module of a planned crate (empty when the crate has no server).
pub fn server(plan: &Plan<'_>) -> TokenStream {
    let Some(server) = &plan.server else { return TokenStream::new() };
    let api = plan.api;
    let modules: Vec<TokenStream> = (0..plan.operations.len()).map(|i| operation::module(plan, server, i)).collect();
    // What every operation uses (the generic handler, the trait's futures) is compiled with any operation.
    let any_operation = plan.cfg(&plan.features.any_operation);
    let uses_types = server.operations.iter().any(|o| o.imports.contains(&SuperImport::Types));
    let uses_multipart = !plan.multipart.is_empty();
    let title = format!(
        " The server side of {} {} (Cargo feature `server`): implement [`Api`], serve [`router`].",
        api.title, api.version
    );
    let schema_module = if server.schemas.is_empty() {
        TokenStream::new()
    } else {
        let items = schemas::items(plan, &server.schemas);
        let cfg = plan.cfg(&plan.features.server.schema_module);
        quote! {
            /// The schemas requests are checked against before a handler runs. Unlike the models, which stay open to
            /// values the spec does not list, these refuse them: the server is the authority on its own API.
            #cfg
            mod schemas {
                use oagen_runtime::server::schema::*;

                #items
            }
        }
    };
    let has_ops = !plan.operations.is_empty();
    let future = if has_ops {
        quote!(
            #any_operation
            use std::future::Future;
        )
    } else {
        TokenStream::new()
    };
    let state_import = if has_ops {
        quote!(
            #any_operation
            use axum::extract::State;
        )
    } else {
        TokenStream::new()
    };
    // Imports in rustfmt's order. The operation modules import `super::types`: this module's own import, which is
    // right whether the crate root holds `types` (a generated crate) or a module of the user's does (the
    // build-script form).
    let types_import = if uses_types {
        let cfg = plan.cfg(&plan.features.server.types_import);
        quote!(
            #cfg
            use super::types;
        )
    } else {
        TokenStream::new()
    };
    let multipart_import = if uses_multipart {
        let cfg = plan.cfg(&plan.features.server.multipart_import);
        quote!(
            #cfg
            use super::multipart;
        )
    } else {
        TokenStream::new()
    };
    let forms = crate::multipart::from_form_impls(plan);
    let routing_import = router::routing_import(plan, server);
    let api_trait = router::api_trait(plan, server);
    let router = router::router(plan, server);
    let credential_items = credentials::items(plan, server);
    let allow_deprecated = if plan.deprecated_types || plan.deprecated_operations {
        quote!(#![allow(deprecated)])
    } else {
        TokenStream::new()
    };
    // `#![allow(clippy::large_enum_variant)]`: a response variant holds its body by value, however large; the
    // variants are what the spec lists.
    quote! {
        #![doc = #title]
        #![allow(clippy::large_enum_variant)]
        #allow_deprecated

        #multipart_import
        #types_import
        #state_import
        use axum::response::IntoResponse;
        #routing_import
        use oagen_runtime::server as rt;
        #future
        use std::sync::Arc;

        pub use oagen_runtime::server::{serve, Limits};

        #api_trait

        #router

        #credential_items

        #(#modules)*

        #forms

        #schema_module
    }
}
