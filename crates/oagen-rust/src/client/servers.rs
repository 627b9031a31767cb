//! The `servers` module: the URLs the spec lists, as constants, or as functions of their variables (with an enum
//! for each variable whose values the spec lists).

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::client::{ClientPlan, ServerChoice, ServerItem};
use proc_macro2::TokenStream;
use quote::quote;

/// `pub mod servers`, when the spec lists any server.
pub(super) fn servers_module(client: &ClientPlan) -> TokenStream {
    if client.servers.is_empty() {
        return TokenStream::new();
    }
    let mut items = Vec::new();
    for s in &client.servers {
        let docs = doc_attrs(s.docs.iter().map(String::as_str));
        match &s.item {
            ServerItem::Const(name) => {
                let (name, url) = (ident(name), &s.url);
                items.push(quote! { #docs pub const #name: &str = #url; });
            }
            ServerItem::Template { name, variables } => {
                let mut args = Vec::new();
                let mut values: Vec<(&str, TokenStream)> = Vec::new();
                for v in variables {
                    let arg = ident(&v.arg);
                    match &v.choice {
                        None => {
                            args.push(quote!(#arg: &str));
                            values.push((&v.placeholder, quote!(#arg)));
                        }
                        Some(choice) => {
                            items.push(choice_enum(choice));
                            let enum_name = ident(&choice.name);
                            args.push(quote!(#arg: #enum_name));
                            values.push((&v.placeholder, quote!(#arg.as_str())));
                        }
                    }
                }
                let (template, values) = url_template(&s.url, &values);
                let name = ident(name);
                items.push(quote! {
                    #docs
                    pub fn #name(#(#args),*) -> String {
                        format!(#template, #(#values),*)
                    }
                });
            }
        }
    }
    quote! {
        /// The servers the spec lists, in its order: pass one to [`Client::new`].
        pub mod servers {
            #(#items)*
        }
    }
}

/// The enum of a server variable's values, the default marked `#[default]`.
fn choice_enum(choice: &ServerChoice) -> TokenStream {
    let name = ident(&choice.name);
    let decls = choice.variants.iter().map(|(id, value)| {
        let id = ident(id);
        let doc = format!(" `{value}`");
        if *value == choice.default {
            quote!(#[doc = #doc] #[default] #id)
        } else {
            quote!(#[doc = #doc] #id)
        }
    });
    let arms = choice.variants.iter().map(|(id, value)| {
        let id = ident(id);
        quote!(Self::#id => #value)
    });
    let docs = doc_attrs(choice.docs.iter().map(String::as_str));
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
fn url_template(url: &str, vars: &[(&str, TokenStream)]) -> (String, Vec<TokenStream>) {
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        match vars.iter().find(|(n, _)| *n == name) {
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

/// Text as a `format!` template writes it.
pub(super) fn escape_format(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}
