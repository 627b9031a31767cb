//! The paginated forms of a call: its builder's `pages()`, a stream of pages fetched through the runtime's page
//! loop (`rt::pages_of`) by sending the call again with the page's place set, and `items()`, their items.

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::client::{ClientOperation, ClientPaging};
use crate::plan::pagination::{Items, Next};
use proc_macro2::TokenStream;
use quote::quote;

/// `pages()` and `items()` of the paginated call `c` once its inputs are `ready`, under `cfg` (the operation's
/// gate): the pages are the call sent again with the next page's place set (`rt::pages_of`), the items theirs.
pub(super) fn methods(c: &ClientOperation, ready: &TokenStream, cfg: &TokenStream) -> TokenStream {
    let Some(p) = &c.paging else { return TokenStream::new() };
    let item = &p.paging.item;
    let page = page_expr(p);
    let (first, start) = match &p.start {
        Some(field) => {
            let field = ident(field);
            (quote!(let first = self.params.#field;), quote!(.starting_at(&first)))
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let how = p.paging.describe();
    let pages_doc = doc_attrs([format!(
        "Every page of this call, with each response's status and headers; pages {how}. The first request is the \
         call as written, and each next one differs only in where the page is. A page is fetched when the stream is \
         polled for it; the stream ends after the last page (or an empty one), or with the first error."
    )
    .as_str()]);
    quote! {
        #cfg
        impl<'a> Call<'a, #ready> {
            #pages_doc
            pub fn pages(self) -> impl rt::Stream<Item = Result<rt::Page<#item>, Error>> + 'a {
                #first
                rt::pages_of(self, |response, body| #page)
                #start
            }

            /// Every item of this call, page after page: the items of [`pages`](Self::pages).
            pub fn items(self) -> impl rt::Stream<Item = Result<#item, Error>> + 'a {
                rt::items(self.pages())
            }
        }
    }
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
