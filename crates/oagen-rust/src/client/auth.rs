//! Credentials on the wire: `Client::authorize`, which adds the credentials of the first complete security
//! alternative, and the private `Scheme` enum the operations name their alternatives with.

use crate::ident::ident;
use crate::plan::client::ClientPlan;
use oagen_ir::{ParamLocation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `authorize` and `has`, when the client holds any credential.
pub(super) fn authorize_item(client: &ClientPlan) -> TokenStream {
    if client.credentials.is_empty() {
        return TokenStream::new();
    }
    let has = client.credentials.iter().map(|c| {
        let (v, f) = (ident(&c.variant), ident(&c.field));
        quote!(Scheme::#v => self.#f.is_some())
    });
    let apply = client.credentials.iter().map(|c| {
        let (v, f) = (ident(&c.variant), ident(&c.field));
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
            Scheme::#v => {
                if let Some(credential) = &self.#f {
                    #body;
                }
            }
        }
    });
    quote! {
        /// Adds the credentials of the first alternative whose schemes all have a credential set (an empty
        /// alternative means none are needed). When none is complete, nothing is added and the API decides. A
        /// bearer token is taken from its source when the request is sent (and again after a 401).
        fn authorize(&self, request: &mut rt::Request<'_>, alternatives: &[&[Scheme]]) -> Result<(), Error> {
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

/// The security schemes, as the operations name them (when the client holds any credential).
pub(super) fn scheme_enum(client: &ClientPlan) -> TokenStream {
    if client.credentials.is_empty() {
        return TokenStream::new();
    }
    let variants = client.credentials.iter().map(|c| {
        let v = ident(&c.variant);
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
}
