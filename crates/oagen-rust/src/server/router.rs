//! The trait a server implements and the router serving it: one route per path shape, a dispatcher where several
//! operations share a route and method, a fallback for paths no route can hold, and one generic handler.

use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::server::{Dispatcher, Handler, Route};
use crate::plan::{Gate, Plan, ServerPlan};
use proc_macro2::TokenStream;
use quote::quote;

/// `use axum::routing::{get, post, ..}`: the routing functions the first method of each route uses. With per-tag
/// features routes are registered one method at a time, each under its gate, with the functions' full paths: no
/// import.
pub(super) fn routing_import(plan: &Plan<'_>, server: &ServerPlan) -> TokenStream {
    let functions = &server.routing.functions;
    if plan.features.per_tag() || functions.is_empty() {
        return TokenStream::new();
    }
    let fns = functions.iter().map(|m| ident(m.key()));
    quote!(use axum::routing::{#(#fns),*};)
}

/// The trait `Api`: one method per operation, the body limit, and how a refused request is answered.
pub(super) fn api_trait(plan: &Plan<'_>, server: &ServerPlan) -> TokenStream {
    let api = plan.api;
    let methods = plan.operations.iter().zip(&server.operations).enumerate().map(|(i, (o, s))| {
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
        let convention =
            if s.wrong_self_convention { quote!(#[allow(clippy::wrong_self_convention)]) } else { TokenStream::new() };
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
    let routes = routing.routes.iter().enumerate().map(|(r, route)| route_statements(plan, server, r, route));
    let dispatchers = routing.dispatchers.iter().map(|d| dispatcher(plan, server, d));
    let (fallback, fallback_statement, unrouted) = fallback(plan, server);
    let new_router = if routing.literal_colon_or_star {
        // A literal segment starting with `:` or `*` is what axum 0.7 used for variables; axum 0.8 refuses it unless asked.
        quote!(axum::Router::new().without_v07_checks())
    } else {
        quote!(axum::Router::new())
    };
    let handle = handle(plan);
    let router_doc = [
        " Routes every operation to its method on `api`, at the spec's paths (nest the router to serve under a prefix).",
        "",
        " Serve it with [`serve`], which cuts off slow and idle clients (header- and body-read timeouts) and bounds the",
        " number of connections ([`Limits`]):",
        "",
        " ```ignore",
        " let app = axum::Router::new().nest(\"/v1\", router(MyApi::default()));",
        " serve(listener, app).await;",
        " ```",
        "",
        " Served another way (`axum::serve`, hyper, another framework), it has none of these limits: bound the time a",
        " request head and a request body may take and the number of connections there (hyper's",
        " `header_read_timeout`, a body timeout layer, a connection limit), or serve it behind a proxy that does.",
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

/// What a route calls for one method: the generic handler of its one operation, or its dispatcher.
fn handler(plan: &Plan<'_>, server: &ServerPlan, handler: Handler) -> TokenStream {
    match handler {
        Handler::Operation(i) => operation_handler(plan, i),
        Handler::Dispatch(d) => {
            let dispatch = ident(&server.routing.dispatchers[d].name);
            quote!(#dispatch::<A>)
        }
    }
}

/// `handle::<A, op::Request>`: the generic handler of the operation `index`.
fn operation_handler(plan: &Plan<'_>, index: usize) -> TokenStream {
    let module = ident(&plan.operations[index].module);
    quote!(handle::<A, #module::Request>)
}

/// The statements registering one route: one per route, its methods chained; with per-tag features one per method,
/// under the gate of its operations (axum merges the methods of one path).
fn route_statements(plan: &Plan<'_>, server: &ServerPlan, r: usize, route: &Route) -> TokenStream {
    let path = &route.path;
    if plan.features.per_tag() {
        let methods = route.methods.iter().enumerate().map(|(m, method)| {
            let f = ident(method.method.key());
            let handler = handler(plan, server, method.handler);
            let cfg = plan.cfg(&plan.features.server.routes[r][m]);
            quote! {
                #cfg
                let router = router.route(#path, axum::routing::#f(#handler));
            }
        });
        return quote!(#(#methods)*);
    }
    let mut chain = TokenStream::new();
    for (i, method) in route.methods.iter().enumerate() {
        let f = ident(method.method.key());
        let handler = handler(plan, server, method.handler);
        if i == 0 {
            chain.extend(quote!(#f(#handler)));
        } else {
            chain.extend(quote!(.#f(#handler)));
        }
    }
    // One statement per route, not one chained expression: a spec with thousands of paths would otherwise be an
    // expression nested thousands deep, which overflows the stack of whatever walks it (syn, prettyplease, rustc).
    quote!(let router = router.route(#path, #chain);)
}

/// A dispatcher of operations sharing a route and method, under the gate of its operations.
fn dispatcher(plan: &Plan<'_>, server: &ServerPlan, d: &Dispatcher) -> TokenStream {
    let (r, m) = d.route;
    let method = &server.routing.routes[r].methods[m];
    let name = ident(&d.name);
    let cfg = plan.cfg(&plan.features.server.routes[r][m]);
    let tries = method.operations.iter().map(|i| {
        let module = ident(&plan.operations[*i].module);
        let handler = operation_handler(plan, *i);
        let attempt = quote! {
            if rt::path_matches(#module::PATH, request.uri().path()) {
                return #handler(state, request).await;
            }
        };
        gated_statement(plan, *i, attempt)
    });
    let listed: Vec<String> = method.operations.iter().map(|i| format!("`{}`", plan.operations[*i].op.path)).collect();
    let doc = format!(
        " `{}` at {}: one route; each operation's own path template decides, most literal text first.",
        method.method.as_upper(),
        listed.join(", ")
    );
    quote! {
        #[doc = #doc]
        #cfg
        async fn #name<A: Api>(state: State<Arc<A>>, request: axum::extract::Request) -> axum::response::Response {
            #(#tries)*
            rt::empty(404)
        }
    }
}

/// The router's fallback for the operations no route can hold: `.fallback(unrouted::<A>)` (or, with per-tag
/// features, a statement of its own under its gate) and the function `unrouted`; nothing when every operation is
/// routed.
fn fallback(plan: &Plan<'_>, server: &ServerPlan) -> (TokenStream, TokenStream, TokenStream) {
    let routing = &server.routing;
    if routing.unrouted.is_empty() {
        return (TokenStream::new(), TokenStream::new(), TokenStream::new());
    }
    let cfg = plan.cfg(&plan.features.server.unrouted);
    let tries = routing.unrouted.iter().map(|i| {
        let o = &plan.operations[*i];
        let module = ident(&o.module);
        let handler = operation_handler(plan, *i);
        let method = ident(o.op.method.as_upper());
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
    let fallback = quote!(.fallback(unrouted::<A>));
    if plan.features.per_tag() {
        (TokenStream::new(), quote!(#cfg let router = router #fallback;), unrouted)
    } else {
        (fallback, TokenStream::new(), unrouted)
    }
}

/// One handler for every operation: what differs between operations is in their `rt::Operation` impls.
fn handle(plan: &Plan<'_>) -> TokenStream {
    if plan.operations.is_empty() {
        return TokenStream::new();
    }
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
