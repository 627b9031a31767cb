//! The trait a server implements and the router serving it: one route per path shape, a dispatcher where several
//! operations share a route and method, a fallback for paths no route can hold, and one generic handler.

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::{Gate, Plan, ServerPlan};
use oagen_ir::Method;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `use axum::routing::{get, post, ..}`: the routing functions the first method of each route uses. With per-tag
/// features routes are registered one method at a time, each under its gate, with the functions' full paths: no
/// import.
pub(super) fn routing_import(plan: &Plan<'_>, server: &ServerPlan) -> TokenStream {
    if plan.features.per_tag() {
        return TokenStream::new();
    }
    let mut fns: Vec<Method> = Vec::new();
    for route in &server.routing.routes {
        if let Some((method, _)) = route.methods.first() {
            if !fns.contains(method) {
                fns.push(*method);
            }
        }
    }
    if fns.is_empty() {
        return TokenStream::new();
    }
    fns.sort_by_key(|m| m.as_upper());
    let fns = fns.iter().map(|m| format_ident!("{}", m.key()));
    quote!(use axum::routing::{#(#fns),*};)
}

/// The trait `Api`: one method per operation, the body limit, and how a refused request is answered.
pub(super) fn api_trait(plan: &Plan<'_>) -> TokenStream {
    let api = plan.api;
    let methods = plan.operations.iter().enumerate().map(|(i, o)| {
        let op = o.op;
        let cfg = plan.cfg(plan.operation_gate(i));
        let method = ident(&o.trait_method);
        let module = ident(&o.module);
        let mut paragraphs: Vec<String> = Vec::new();
        paragraphs.extend(op.summary.clone());
        paragraphs.extend(op.description.clone());
        paragraphs.push(o.endpoint.clone());
        let docs = doc_attrs(paragraphs.iter().map(String::as_str));
        let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        // The name comes from the spec; `new`, `from_*` and `into_*` taking `&self` would trip clippy's convention.
        let name = &o.trait_method;
        let convention = if name == "new" || name.starts_with("from_") || name.starts_with("into_") {
            quote!(#[allow(clippy::wrong_self_convention)])
        } else {
            TokenStream::new()
        };
        quote! {
            #docs
            #cfg
            #deprecated
            #convention
            fn #method(&self, request: #module::Request) -> impl Future<Output = #module::Response> + Send;
        }
    });
    let trait_doc = format!(
        " {} {}, as a server implements it: one method per operation.\n\n\
         Each method receives the operation's inputs already checked against the spec (a request that fails the checks\n\
         is answered by [`Api::reject`] and never reaches the method) and returns the operation's `Response`, which holds\n\
         only the statuses and bodies the spec lists. The request head (headers, extensions set by middleware such as an\n\
         authentication layer) is `request.context`.\n\n\
         Methods may be written as `async fn`; the futures must be `Send`.",
        api.title, api.version
    );
    let trait_doc = trait_doc.lines().map(|l| format!(" {}", l.trim_start())).map(|l| {
        if l.trim().is_empty() {
            String::new()
        } else {
            l
        }
    });
    quote! {
        #(#[doc = #trait_doc])*
        pub trait Api: Send + Sync + 'static {
            /// The largest request body accepted, in bytes; a larger one is answered 413 before any method runs.
            const BODY_LIMIT: usize = rt::DEFAULT_BODY_LIMIT;

            #(#methods)*

            /// Answers a request that failed the checks: by default an RFC 9457 problem (`application/problem+json`)
            /// naming the input and why. Override it to answer in the API's own error shape.
            fn reject(&self, rejection: rt::Rejection) -> axum::response::Response {
                rejection.into_response()
            }
        }
    }
}

/// `router`, the generic handler, the dispatchers of shared routes and the fallback of unroutable paths.
pub(super) fn router(plan: &Plan<'_>, server: &ServerPlan) -> TokenStream {
    let routing = &server.routing;
    let handler = |i: usize| {
        let module = ident(&plan.operations[i].module);
        quote!(handle::<A, #module::Request>)
    };
    let dispatcher = |list: &[usize]| format_ident!("dispatch_{}", plan.operations[list[0]].op.name);
    let gates = &plan.features.server;
    let per_tag = plan.features.per_tag();
    let routes = routing.routes.iter().enumerate().map(|(r, route)| {
        let path = &route.path;
        if per_tag {
            // One statement per method, under the gate of its operations (axum merges the methods of one path).
            let methods = route.methods.iter().enumerate().map(|(m, (method, list))| {
                let f = format_ident!("{}", method.key());
                let handler = match list.as_slice() {
                    [one] => handler(*one),
                    more => {
                        let dispatch = dispatcher(more);
                        quote!(#dispatch::<A>)
                    }
                };
                let cfg = plan.cfg(&gates.routes[r][m]);
                quote! {
                    #cfg
                    let router = router.route(#path, axum::routing::#f(#handler));
                }
            });
            return quote!(#(#methods)*);
        }
        let mut chain = TokenStream::new();
        for (i, (method, list)) in route.methods.iter().enumerate() {
            let f = format_ident!("{}", method.key());
            let handler = match list.as_slice() {
                [one] => handler(*one),
                more => {
                    let dispatch = dispatcher(more);
                    quote!(#dispatch::<A>)
                }
            };
            if i == 0 {
                chain.extend(quote!(#f(#handler)));
            } else {
                chain.extend(quote!(.#f(#handler)));
            }
        }
        // One statement per route, not one chained expression: a spec with thousands of paths would otherwise be
        // an expression nested thousands deep, which overflows the stack of whatever walks it (syn, prettyplease,
        // rustc).
        quote!(let router = router.route(#path, #chain);)
    });
    // The dispatchers of the methods that several operations share, each under the gate of its operations.
    let mut dispatchers = Vec::new();
    for (route, route_gates) in routing.routes.iter().zip(&gates.routes) {
        for ((method, list), gate) in route.methods.iter().zip(route_gates).filter(|((_, list), _)| list.len() > 1) {
            let name = dispatcher(list);
            let cfg = plan.cfg(gate);
            let tries = list.iter().map(|i| {
                let module = ident(&plan.operations[*i].module);
                let handler = handler(*i);
                let attempt = quote! {
                    if rt::path_matches(#module::PATH, request.uri().path()) {
                        return #handler(state, request).await;
                    }
                };
                gated_statement(plan, *i, attempt)
            });
            let listed: Vec<String> = list.iter().map(|i| format!("`{}`", plan.operations[*i].op.path)).collect();
            let doc = format!(
                " `{}` at {}: one route; each operation's own path template decides, most literal text first.",
                method.as_upper(),
                listed.join(", ")
            );
            dispatchers.push(quote! {
                #[doc = #doc]
                #cfg
                async fn #name<A: Api>(state: State<Arc<A>>, request: axum::extract::Request) -> axum::response::Response {
                    #(#tries)*
                    rt::empty(404)
                }
            });
        }
    }
    let (fallback, unrouted) = if routing.unrouted.is_empty() {
        (TokenStream::new(), TokenStream::new())
    } else {
        let cfg = plan.cfg(&gates.unrouted);
        let tries = routing.unrouted.iter().map(|i| {
            let o = &plan.operations[*i];
            let module = ident(&o.module);
            let handler = handler(*i);
            let method = format_ident!("{}", o.op.method.as_upper());
            let attempt = quote! {
                if request.method() == axum::http::Method::#method && rt::path_matches(#module::PATH, request.uri().path()) {
                    return #handler(state, request).await;
                }
            };
            gated_statement(plan, *i, attempt)
        });
        let unrouted = quote! {
            /// The operations whose paths hold more variables than a route can: matched here, in document order.
            #cfg
            async fn unrouted<A: Api>(state: State<Arc<A>>, request: axum::extract::Request) -> axum::response::Response {
                #(#tries)*
                rt::empty(404)
            }
        };
        (quote!(.fallback(unrouted::<A>)), unrouted)
    };
    // With per-tag features the fallback is a statement of its own, under its gate.
    let (fallback, fallback_statement) = if per_tag && !routing.unrouted.is_empty() {
        let cfg = plan.cfg(&gates.unrouted);
        (TokenStream::new(), quote!(#cfg let router = router #fallback;))
    } else {
        (fallback, TokenStream::new())
    };
    let new_router = if routing.literal_colon_or_star {
        // A literal segment starting with `:` or `*` is what axum 0.7 used for variables; axum 0.8 refuses it unless asked.
        quote!(axum::Router::new().without_v07_checks())
    } else {
        quote!(axum::Router::new())
    };
    // One handler for every operation: what differs between operations is in their `rt::Operation` impls.
    let handle = if plan.operations.is_empty() {
        TokenStream::new()
    } else {
        let cfg = plan.cfg(&plan.features.any_operation);
        quote! {
            /// Serves the operation `O`: reads and checks the request (a request that fails the checks is answered by
            /// [`Api::reject`]), then calls the operation's method of the API.
            #cfg
            async fn handle<A: Api, O: rt::Operation<A>>(State(api): State<Arc<A>>, request: axum::extract::Request) -> axum::response::Response {
                match rt::read::<A, O>(request, A::BODY_LIMIT).await {
                    Ok(Some(request)) => request.call(&api).await.into_response(),
                    Ok(None) => rt::empty(404),
                    Err(rejection) => api.reject(rejection),
                }
            }
        }
    };
    let router_doc = [
        " Routes every operation to its method on `api`, at the spec's paths (nest the router to serve under a prefix).",
        "",
        " ```ignore",
        " let app = axum::Router::new().nest(\"/v1\", router(MyApi::default()));",
        " axum::serve(listener, app).await?;",
        " ```",
    ];
    quote! {
        #(#[doc = #router_doc])*
        pub fn router<A: Api>(api: A) -> axum::Router {
            let router = #new_router;
            #(#routes)*
            #fallback_statement
            router #fallback .with_state(Arc::new(api))
        }

        #handle

        #(#dispatchers)*

        #unrouted
    }
}

/// `statement` under the gate of the operation `index`: wrapped in a block when the operation has a gate, since an
/// attribute belongs on a statement, not on the expression an `if` is.
fn gated_statement(plan: &Plan<'_>, index: usize, statement: TokenStream) -> TokenStream {
    let gate = plan.operation_gate(index);
    if *gate == Gate::Always {
        statement
    } else {
        let cfg = plan.cfg(gate);
        quote!(#cfg { #statement })
    }
}
