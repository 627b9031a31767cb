//! Credentials on the server side: the type each scheme's credential is read as, and the enums of security
//! alternatives that operations share (each operation module re-exports its own as `Credentials`).

use crate::ident::ident;
use crate::plan::http::is_raw_authorization;
use crate::plan::server::{ChoiceRead, CredentialsEnum, Otherwise};
use crate::plan::{Plan, ServerPlan};
use oagen_ir::{Api, ParamLocation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime type a scheme's credential is read as.
pub(super) fn scheme_type(kind: &SecurityKind) -> TokenStream {
    match kind {
        SecurityKind::Bearer => quote!(rt::BearerToken),
        SecurityKind::Basic => quote!(rt::BasicCredentials),
        SecurityKind::ApiKey { .. } => quote!(rt::ApiKey),
    }
}

/// How a scheme's credential is read from `input`.
pub(super) fn scheme_read(api: &Api, index: usize) -> TokenStream {
    let scheme = &api.security_schemes[index];
    let key = &scheme.key;
    match &scheme.kind {
        SecurityKind::Bearer => quote!(input.bearer(#key)),
        SecurityKind::Basic => quote!(input.basic(#key)),
        // The whole value, as it was sent; when it is missing, a 401 that names it (not an API key).
        k if is_raw_authorization(k) => {
            let detail = format!("the whole `Authorization` header value (`{key}`) is required");
            quote! {
                input.api_key(#key, rt::ParamIn::Header, "Authorization").map_err(|_| {
                    rt::Rejection::new(
                        rt::RejectionKind::MissingCredentials,
                        Some(rt::Location::Header { name: "Authorization".to_owned() }),
                        #detail,
                    )
                })
            }
        }
        SecurityKind::ApiKey { location, name } => {
            let loc = param_in(*location);
            quote!(input.api_key(#key, #loc, #name))
        }
    }
}

/// A scheme's credential in words.
pub(super) fn scheme_doc(api: &Api, index: usize) -> String {
    let scheme = &api.security_schemes[index];
    match &scheme.kind {
        SecurityKind::Bearer => format!("bearer token (`{}`)", scheme.key),
        SecurityKind::Basic => format!("HTTP basic credentials (`{}`)", scheme.key),
        k if is_raw_authorization(k) => format!("whole `Authorization` header value (`{}`)", scheme.key),
        SecurityKind::ApiKey { name, .. } => format!("API key `{name}` (`{}`)", scheme.key),
    }
}

/// A parameter location as the runtime names it.
pub(super) fn param_in(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(rt::ParamIn::Path),
        ParamLocation::Query => quote!(rt::ParamIn::Query),
        ParamLocation::Header => quote!(rt::ParamIn::Header),
        ParamLocation::Cookie => quote!(rt::ParamIn::Cookie),
    }
}

/// The shared credentials enums.
pub(super) fn items(plan: &Plan<'_>, server: &ServerPlan) -> TokenStream {
    let api = plan.api;
    let items = server.credentials.iter().zip(&plan.features.server.credentials).map(|(e, gate)| {
        let name = ident(&e.name);
        let cfg = plan.cfg(gate);
        let variants = e.alternatives.iter().map(|(alt, variant)| {
            let variant = ident(variant);
            let tys = alt.iter().map(|i| scheme_type(&api.security_schemes[*i].kind));
            if alt.is_empty() {
                quote!(#[doc = " No credentials (the spec allows anonymous requests)."] #variant)
            } else {
                let parts: Vec<String> = alt.iter().map(|i| scheme_doc(api, *i)).collect();
                let doc = format!(" {}.", parts.join(" and "));
                quote!(#[doc = #doc] #variant(#(#tys),*))
            }
        });
        let listed: Vec<String> = e
            .alternatives
            .iter()
            .map(|(alt, _)| {
                if alt.is_empty() {
                    "no credentials".to_owned()
                } else {
                    alt.iter().map(|i| scheme_doc(api, *i)).collect::<Vec<_>>().join(" and ")
                }
            })
            .collect();
        let doc = format!(" The credentials of an operation that takes one of: {}.", listed.join(", or "));
        let read = choice(api, e);
        let mut from_input = " The first alternative, in the spec's order, that the request has all the credentials of"
            .to_owned();
        let kinds = || e.alternatives.iter().flat_map(|(alt, _)| alt).map(|i| &api.security_schemes[*i].kind);
        if kinds().any(is_raw_authorization) && kinds().any(|k| matches!(k, SecurityKind::Bearer | SecurityKind::Basic)) {
            from_input.push_str(
                " (bearer and basic alternatives first: any `Authorization` header is a whole `Authorization` value too)",
            );
        }
        from_input.push('.');
        // Every alternative anonymous: nothing is read.
        let input = if e.read.schemes.is_empty() { quote!(_input) } else { quote!(input) };
        quote! {
            #[doc = #doc]
            #cfg
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub enum #name {
                #(#variants,)*
            }

            #cfg
            impl #name {
                #[doc = #from_input]
                fn from_input(#input: &rt::Input) -> Result<Self, rt::Rejection> {
                    #read
                }
            }
        }
    });
    quote!(#(#items)*)
}

/// Reads credentials of several alternatives as the plan's [`ChoiceRead`] says: each scheme once, one arm per
/// alternative that can be chosen, then what is answered when none is complete.
fn choice(api: &Api, e: &CredentialsEnum) -> TokenStream {
    let ChoiceRead { schemes, arms: chosen, otherwise } = &e.read;
    if schemes.is_empty() {
        return quote!(Ok(Self::Anonymous));
    }
    // One pattern over the reads: what `at` says at a scheme's position, `_` elsewhere.
    let pattern = |at: &dyn Fn(usize) -> Option<TokenStream>| {
        let parts: Vec<TokenStream> = (0..schemes.len()).map(|i| at(i).unwrap_or_else(|| quote!(_))).collect();
        match parts.as_slice() {
            [one] => one.clone(),
            more => quote!((#(#more),*)),
        }
    };
    let mut arms = Vec::new();
    for arm in chosen {
        let name = ident(&e.alternatives[arm.alternative].1);
        let binds: Vec<proc_macro2::Ident> = arm.bindings.iter().map(|(_, b)| ident(b)).collect();
        let pat = pattern(&|i| {
            arm.bindings.iter().position(|(at, _)| *at == i).map(|k| {
                let b = &binds[k];
                quote!(Ok(#b))
            })
        });
        arms.push(quote!(#pat => Ok(Self::#name(#(#binds),*))));
    }
    match *otherwise {
        Otherwise::Anonymous => arms.push(quote!(_ => Ok(Self::Anonymous))),
        Otherwise::Reject { first, incomplete } => {
            let pat = pattern(&|i| (i == first).then(|| quote!(Err(rejection))));
            arms.push(quote!(#pat => Err(rejection)));
            if incomplete {
                let all: Vec<String> = e
                    .alternatives
                    .iter()
                    .map(|(alt, _)| alt.iter().map(|i| scheme_doc(api, *i)).collect::<Vec<_>>().join(" and "))
                    .collect();
                let detail = format!("credentials are required: {}", all.join(", or "));
                arms.push(quote!(_ => Err(rt::Rejection::new(rt::RejectionKind::MissingCredentials, None, #detail))));
            }
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
