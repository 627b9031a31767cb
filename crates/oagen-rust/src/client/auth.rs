//! Credentials on the wire: `Client::authorize`, which adds the credentials of the first complete security
//! alternative, and the private `Scheme` enum the operations name their alternatives with.

use crate::ident::ident;
use crate::plan::client::ClientPlan;
use crate::plan::Plan;
use oagen_ir::{ParamLocation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `authorize` and `has`, when the client holds any credential: under the gate of the operations that name
/// security alternatives, each scheme's arms under the gate of the operations that name it.
pub(super) fn authorize_item(plan: &Plan<'_>, client: &ClientPlan) -> TokenStream {
    if client.credentials.is_empty() {
        return TokenStream::new();
    }
    let gates = &plan.features.client;
    let cfg = plan.cfg(&gates.authorize);
    let has = client.credentials.iter().zip(&gates.credentials).map(|(c, gate)| {
        let (v, f) = (ident(&c.variant), ident(&c.field));
        let cfg = plan.cfg(gate);
        quote!(#cfg Scheme::#v => self.#f.is_some())
    });
    let apply = client.credentials.iter().zip(&gates.credentials).map(|(c, gate)| {
        let (v, f) = (ident(&c.variant), ident(&c.field));
        let cfg = plan.cfg(gate);
        let body = match &c.kind {
            SecurityKind::Bearer => quote!(request.bearer(credential)),
            SecurityKind::Basic => quote!(rt::basic(&mut request.headers, &credential.0, &credential.1)?),
            SecurityKind::ApiKey { location: ParamLocation::Query, name } => {
                quote!(request.query.push_secret(#name, credential))
            }
            SecurityKind::ApiKey { location: ParamLocation::Cookie, name } => {
                quote!(request.cookies.push_secret(#name, credential))
            }
            SecurityKind::ApiKey { name, .. } => quote!(rt::secret_header(&mut request.headers, #name, credential)?),
        };
        quote! {
            #cfg
            Scheme::#v => {
                if let Some(credential) = &self.#f {
                    #body;
                }
            }
        }
    });
    // With per-tag features a build may have no scheme at all: `match *scheme` (an empty enum's place) then needs no
    // arm, where `match scheme` (a reference, which is never empty) would need one.
    let scheme = if plan.features.per_tag() { quote!(*scheme) } else { quote!(scheme) };
    quote! {
        /// Adds the credentials of the first alternative whose schemes all have a credential set (an empty
        /// alternative means none are needed). When none is complete, nothing is added and the API decides. A
        /// bearer token is taken from its source when the request is sent (and again after a 401).
        #cfg
        fn authorize(&self, request: &mut rt::Request<'_>, alternatives: &[&[Scheme]]) -> Result<(), Error> {
            let Some(alternative) = alternatives.iter().find(|schemes| schemes.iter().all(|s| self.has(*s))) else {
                return Ok(());
            };
            for scheme in *alternative {
                match #scheme {
                    #(#apply)*
                }
            }
            Ok(())
        }

        #cfg
        fn has(&self, scheme: Scheme) -> bool {
            match scheme {
                #(#has,)*
            }
        }
    }
}

/// The security schemes, as the operations name them (when the client holds any credential), under the gate of
/// `authorize`, each variant under the gate of the operations that name it.
pub(super) fn scheme_enum(plan: &Plan<'_>, client: &ClientPlan) -> TokenStream {
    if client.credentials.is_empty() {
        return TokenStream::new();
    }
    let gates = &plan.features.client;
    let variants = client.credentials.iter().zip(&gates.credentials).map(|(c, gate)| {
        let v = ident(&c.variant);
        let doc = format!(" `{}`", c.key);
        let cfg = plan.cfg(gate);
        quote!(#[doc = #doc] #cfg #v)
    });
    let cfg = plan.cfg(&gates.authorize);
    quote! {
        /// The security schemes, as the operations name them.
        #cfg
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Scheme {
            #(#variants,)*
        }
    }
}
