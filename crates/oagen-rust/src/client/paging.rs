//! The methods of a paginated operation: `<method>_pages`, a stream of pages fetched through the runtime's page
//! loop (`rt::pages`) by calling the operation's own method with the page's place set on the handle, and
//! `<method>_stream`, its items (`rt::items`). `Client` forwards both for untagged operations.

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::client::{ClientOperation, ClientPaging, ClientPlan};
use crate::plan::pagination::{Items, Next};
use crate::plan::{Gate, Plan, RustType};
use proc_macro2::TokenStream;
use quote::quote;

/// The operation's arguments as the paginated methods declare them: every reference with the lifetime `lifetime`
/// (`'a` or `'s`) the stream may live for.
fn args(c: &ClientOperation, lifetime: &TokenStream) -> Vec<TokenStream> {
    c.args
        .iter()
        .map(|a| {
            let (name, ty) = (ident(&a.name), with_lifetime(&a.ty, lifetime));
            quote!(#name: #ty)
        })
        .collect()
}

/// `ty` with `lifetime` on every reference in it.
fn with_lifetime(ty: &RustType, lifetime: &TokenStream) -> TokenStream {
    match ty {
        RustType::Ref(inner) => quote!(&#lifetime #inner),
        RustType::Option(inner) => {
            let inner = with_lifetime(inner, lifetime);
            quote!(Option<#inner>)
        }
        RustType::Tristate { inner, qualified } => {
            let inner = with_lifetime(inner, lifetime);
            if *qualified {
                quote!(oagen_runtime::Tristate<#inner>)
            } else {
                quote!(Tristate<#inner>)
            }
        }
        other => quote!(#other),
    }
}

/// The `<method>_pages` and `<method>_stream` methods of a group's handle, for the paginated operation `index`.
pub(super) fn methods(plan: &Plan<'_>, client: &ClientPlan, index: usize) -> TokenStream {
    let c = &client.operations[index];
    let Some(p) = &c.paging else { return TokenStream::new() };
    let attrs = attrs_for(plan, index, c, &plan.features.client.methods[index]);
    let args = args(c, &quote!('a));
    let names: Vec<_> = c.args.iter().map(|a| ident(&a.name)).collect();
    let (method, pages, stream) = (ident(&c.method), ident(&p.pages_method), ident(&p.stream_method));
    let item = &p.paging.item;
    let page = page_expr(p);
    let start = p.start.as_ref().map(|s| {
        let s = ident(s);
        quote!(.starting_at(&#s))
    });
    let (pages_doc, stream_doc) = docs(c, p);
    // The borrowed arguments live as long as the client's borrow `'a`: the handle's `'a` shrinks to theirs at the
    // call, as a handle only reads through it.
    quote! {
        #pages_doc
        #attrs
        pub fn #pages(&self, #(#args),*) -> impl rt::Stream<Item = Result<rt::Page<#item>, Error>> + 'a {
            self.pages(move |handle| async move {
                let (response, body) = handle.#method(#(#names),*).await?.split();
                Ok(#page)
            })
            #start
        }

        #stream_doc
        #attrs
        pub fn #stream(&self, #(#args),*) -> impl rt::Stream<Item = Result<#item, Error>> + 'a {
            rt::items(self.#pages(#(#names),*))
        }
    }
}

/// The `Client` methods forwarding to the untagged handle's `<method>_pages` and `<method>_stream`.
pub(super) fn forwarders(plan: &Plan<'_>, client: &ClientPlan, index: usize) -> TokenStream {
    let c = &client.operations[index];
    let Some(p) = &c.paging else { return TokenStream::new() };
    let attrs = attrs_for(plan, index, c, plan.operation_gate(index));
    let args = args(c, &quote!('s));
    let names: Vec<_> = c.args.iter().map(|a| ident(&a.name)).collect();
    let (pages, stream) = (ident(&p.pages_method), ident(&p.stream_method));
    let item = &p.paging.item;
    let (pages_doc, stream_doc) = docs(c, p);
    quote! {
        #pages_doc
        #attrs
        pub fn #pages<'s>(&'s self, #(#args),*) -> impl rt::Stream<Item = Result<rt::Page<#item>, Error>> + 's {
            self.call().#pages(#(#names),*)
        }

        #stream_doc
        #attrs
        pub fn #stream<'s>(&'s self, #(#args),*) -> impl rt::Stream<Item = Result<#item, Error>> + 's {
            self.call().#stream(#(#names),*)
        }
    }
}

/// A paginated method's attributes: its gate (per-tag features), deprecation, clippy's argument count.
fn attrs_for(plan: &Plan<'_>, index: usize, c: &ClientOperation, gate: &Gate) -> TokenStream {
    let mut attrs = plan.cfg(gate);
    if plan.operations[index].op.deprecated {
        attrs.extend(quote!(#[deprecated] #[allow(deprecated)]));
    }
    if c.args.len() + 1 > 7 {
        attrs.extend(quote!(#[allow(clippy::too_many_arguments)]));
    }
    attrs
}

/// The page made of `response` and `body`: its items, whether more follow, and where the next page is.
fn page_expr(p: &ClientPaging) -> TokenStream {
    let items = match &p.paging.items {
        Items::Body => quote!(body),
        Items::Field(f) => {
            let f = ident(f);
            quote!(body.#f)
        }
    };
    let mut out = quote!(rt::Page::new(response, #items));
    if let Some(f) = &p.paging.has_more {
        let f = ident(f);
        out.extend(quote!(.has_more(&body.#f)));
    }
    out.extend(match &p.paging.next {
        Next::Cursor { param, field } => {
            let f = ident(field);
            quote!(.cursor(#param, &body.#f))
        }
        Next::AfterLast { param, field } => {
            let f = ident(field);
            quote!(.after_last(#param, |item| &item.#f))
        }
        Next::Offset { param, .. } => quote!(.offset(#param)),
        Next::Page { param, .. } => quote!(.number(#param)),
        Next::Link => quote!(.link()),
    });
    out
}

/// The docs of `<method>_pages` and `<method>_stream`.
fn docs(c: &ClientOperation, p: &ClientPaging) -> (TokenStream, TokenStream) {
    let how = p.paging.describe();
    let m = &c.method;
    let pages = doc_attrs([format!(
        "Every page of [`{m}`](Self::{m}), with each response's status and headers; pages {how}. Takes the \
         arguments of `{m}`: the first request is the one it sends, and each next one differs only in where the page \
         is. A page is fetched when the stream is polled for it; the stream ends after the last page (or an empty \
         one), or with the first error."
    )
    .as_str()]);
    let stream = doc_attrs([format!(
        "Every item of [`{m}`](Self::{m}), page after page: the items of [`{p}`](Self::{p}).",
        p = p.pages_method
    )
    .as_str()]);
    (pages, stream)
}
