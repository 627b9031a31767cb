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

/// The operation's arguments as the paginated methods declare them: every reference with the lifetime `'s` the
/// stream may live for.
fn args(c: &ClientOperation) -> Vec<TokenStream> {
    c.args
        .iter()
        .map(|a| {
            let (name, ty) = (ident(&a.name), with_lifetime(&a.ty));
            quote!(#name: #ty)
        })
        .collect()
}

/// `ty` with `'s` on every reference in it.
fn with_lifetime(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Ref(inner) => quote!(&'s #inner),
        RustType::Option(inner) => {
            let inner = with_lifetime(inner);
            quote!(Option<#inner>)
        }
        RustType::Tristate { inner, qualified } => {
            let inner = with_lifetime(inner);
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
    let args = args(c);
    let names: Vec<_> = c.args.iter().map(|a| ident(&a.name)).collect();
    let (method, pages, stream) = (ident(&c.method), ident(&p.pages_method), ident(&p.stream_method));
    let item = &p.paging.item;
    let page = page_expr(p);
    let start = p.start.as_ref().map(|s| {
        let s = ident(s);
        quote!(.starting_at(&#s))
    });
    let (pages_doc, stream_doc) = docs(c, p);
    quote! {
        #pages_doc
        #attrs
        pub fn #pages<'s>(&self, #(#args),*) -> impl rt::Stream<Item = Result<rt::Page<#item>, Error>> + 's
        where
            'a: 's,
        {
            let handle = self.paging(None);
            rt::pages(move |at| {
                let handle = handle.paging(at);
                async move {
                    let (response, body) = handle.#method(#(#names),*).await?.split();
                    Ok(#page)
                }
            })
            #start
        }

        #stream_doc
        #attrs
        pub fn #stream<'s>(&self, #(#args),*) -> impl rt::Stream<Item = Result<#item, Error>> + 's
        where
            'a: 's,
        {
            rt::items(self.#pages(#(#names),*))
        }
    }
}

/// The `Client` methods forwarding to the untagged handle's `<method>_pages` and `<method>_stream`.
pub(super) fn forwarders(plan: &Plan<'_>, client: &ClientPlan, index: usize) -> TokenStream {
    let c = &client.operations[index];
    let Some(p) = &c.paging else { return TokenStream::new() };
    let attrs = attrs_for(plan, index, c, plan.operation_gate(index));
    let args = args(c);
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
    let first = format!(
        "Takes the arguments of [`{m}`](Self::{m}): the first request is the one `{m}` sends, and each next one \
         differs only in where the page is. Pages are fetched one at a time, when the stream is polled for the next.",
        m = c.method
    );
    let end = "The stream ends after the last page (or an empty one); an error is yielded once and ends it.";
    let pages = doc_attrs([
        format!("Every page of [`{}`](Self::{}), with each response's status and headers.", c.method, c.method)
            .as_str(),
        format!("Pages {how}.").as_str(),
        first.as_str(),
        end,
    ]);
    let stream = doc_attrs([
        format!(
            "Every item of [`{}`](Self::{}), page after page (the pages: [`{}`](Self::{})).",
            c.method, c.method, p.pages_method, p.pages_method
        )
        .as_str(),
        format!("Pages {how}.").as_str(),
        first.as_str(),
        end,
    ]);
    (pages, stream)
}
