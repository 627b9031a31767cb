//! One call: the method that starts it (on its group's handle, or on `Client`), its type (an alias of the module's
//! `Call<'a, P>` whose `P` is the struct of its inputs in `params`), its setters, and `rt::Operation` for its
//! inputs, whose `send_as` gathers the path, parameters, credentials and body into the request, sends it and
//! matches the status. The per-call options every call has are the runtime's (`oagen_runtime::client_calls!`).

use super::responses;
use super::servers::escape_format;
use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::client::{
    style_name, Arg, BodyAt, ClientBody, ClientOperation, ClientPlan, Encode, Input, PathPart, Setter, Takes,
};
use crate::plan::{Plan, RustType};
use oagen_ir::ParamLocation;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The method starting the call `c` of the operation `index`: a method of its group's handle (whose `client` is
/// `&'a Client`), or of `Client` itself (`on_client`).
pub(super) fn method(plan: &Plan<'_>, index: usize, c: &ClientOperation, on_client: bool) -> TokenStream {
    let docs = super::docs::method_docs(plan, index, c);
    let deprecated = deprecated(plan.operations[index].op.deprecated, "operation");
    let (name, builder) = (ident(&c.method), ident(&c.builder.name));
    let args = c.args.iter().map(|a| {
        let (name, ty) = (ident(&a.name), &a.ty);
        quote!(#name: #ty)
    });
    let fields = c.args.iter().map(|a| ident(&a.name));
    let unset = c.setters.iter().filter_map(|s| {
        let (field, _) = s.field.as_ref()?;
        let field = ident(field);
        Some(if s.state.is_some() { quote!(#field: rt::Unset) } else { quote!(#field: None) })
    });
    let cfg =
        if on_client { plan.cfg(plan.operation_gate(index)) } else { plan.cfg(&plan.features.client.methods[index]) };
    let borrows = c.args.iter().any(|a| a.ty.any(&|t| matches!(t, RustType::RefLt(_))));
    let (generics, receiver, client) = match (on_client, borrows) {
        (true, true) => (quote!(<'a>), quote!(&'a self), quote!(self)),
        (true, false) => (TokenStream::new(), quote!(&self), quote!(self)),
        (false, _) => (TokenStream::new(), quote!(&self), quote!(self.client)),
    };
    let lifetime = if on_client && !borrows { quote!('_) } else { quote!('a) };
    // Only what the call cannot do without is positional: more than clippy likes only when the path has more
    // parameters than that.
    let many = if c.args.len() + 1 > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { TokenStream::new() };
    let complex = c.args.iter().map(|a| crate::models::allow_complexity(&a.ty)).find(|t| !t.is_empty());
    let many = quote!(#many #complex);
    quote! {
        #docs
        #cfg
        #deprecated
        #many
        pub fn #name #generics(#receiver, #(#args),*) -> #builder<#lifetime> {
            Call::from_params(#client, params::#builder { #(#fields,)* #(#unset,)* })
        }
    }
}

/// `#[deprecated]` for what the spec deprecates.
fn deprecated(on: bool, what: &str) -> TokenStream {
    if on {
        let note = format!("the API's spec marks this {what} deprecated");
        quote!(#[deprecated(note = #note)])
    } else {
        TokenStream::new()
    }
}

/// The type of the call `c` (of the operation `index`), its setters, `rt::Operation` for its inputs, and the
/// paginated forms. `request`, `answer` and `answer_streaming` are `#[inline]`: a non-generic function is compiled
/// into the generated crate's own object code whether or not a caller sends the call, an inline one only where a
/// caller does (on GitHub's spec: `cargo build` 48 s → 36 s, the `.rlib` 236 MB → 133 MB).
pub(super) fn builder(plan: &Plan<'_>, client: &ClientPlan, index: usize, c: &ClientOperation) -> TokenStream {
    let name = ident(&c.builder.name);
    let states: Vec<proc_macro2::Ident> = c.builder.states.iter().map(|s| ident(s)).collect();
    let defaults = states.iter().map(|s| quote!(#s = rt::Unset));
    let params = params_type(c, &states.iter().map(|s| quote!(#s)).collect::<Vec<_>>());
    let ready = params_type(c, &c.ready_states().iter().map(|t| quote!(#t)).collect::<Vec<_>>());
    let ret = &c.responses.ret;
    let cfg = plan.cfg(plan.operation_gate(index));
    let setters = setters(client, c, &params, &cfg);
    let request = request_code(plan, client, index, c);
    let answer = responses::arms(client, &c.responses);
    let streaming = c.responses.streams.then(|| {
        let arms = responses::streamed_arms(&c.responses);
        quote! {
            const STREAMS: bool = true;

            #[inline]
            fn answer_streaming(response: rt::StreamingResponse) -> Result<rt::Streamed<#ret>, Error> {
                #arms
            }
        }
    });
    let paging = super::paging::methods(c, &ready, &cfg);
    let doc = format!(
        " The call [`{}`] ({}): set what it leaves out, then `.await` it (or [`send`](Call::send) it).",
        c.link, plan.operations[index].endpoint
    );
    quote! {
        #[doc = #doc]
        #cfg
        pub type #name<'a #(, #defaults)*> = Call<'a, #params>;

        #setters

        #cfg
        impl<'a> rt::Operation<'a, Client> for #ready {
            type Output = #ret;
            #streaming

            #[inline]
            fn request(self, sender: rt::Sender<'a, Client>) -> Result<rt::Request<'a>, Error> {
                #request
            }

            #[inline]
            fn answer(response: rt::Response) -> Result<#ret, Error> {
                #answer
            }
        }

        #paging
    }
}

/// The struct of the inputs of the call `c`, in the module `params` (where the setters and `send_as` read them).
pub(super) fn params_struct(plan: &Plan<'_>, index: usize, c: &ClientOperation) -> TokenStream {
    let name = ident(&c.builder.name);
    let states: Vec<proc_macro2::Ident> = c.builder.states.iter().map(|s| ident(s)).collect();
    let mut fields: Vec<TokenStream> = c
        .args
        .iter()
        .map(|a| {
            let (name, ty) = (ident(&a.name), &a.ty);
            // Found by `cargo xtask random`: a borrowed body of nested lists and maps is as complex as the spec.
            let allow = crate::models::allow_complexity(ty);
            quote!(#allow pub(super) #name: #ty)
        })
        .collect();
    for s in &c.setters {
        if let Some((field, ty)) = &s.field {
            let field = ident(field);
            fields.push(match &s.state {
                Some(state) => {
                    let state = ident(state);
                    quote!(pub(super) #field: #state)
                }
                None => {
                    let allow = crate::models::allow_complexity(ty);
                    quote!(#allow pub(super) #field: #ty)
                }
            });
        }
    }
    let lifetime = c.builder.borrows.then(|| quote!('a));
    let generics: Vec<TokenStream> = lifetime.into_iter().chain(states.iter().map(|s| quote!(#s))).collect();
    let generics = if generics.is_empty() { TokenStream::new() } else { quote!(<#(#generics),*>) };
    let doc = format!(" The inputs of [`{}`](super::{}).", c.builder.name, c.builder.name);
    let clone = if c.builder.clone { quote!(#[derive(Clone)]) } else { TokenStream::new() };
    let cfg = plan.cfg(plan.operation_gate(index));
    quote! {
        #[doc = #doc]
        #cfg
        #clone
        pub struct #name #generics {
            #(#fields,)*
        }
    }
}

/// `params::<Name><'a, states..>`: the inputs' struct of the call `c` with its type parameters `states` (the
/// lifetime only when it borrows).
fn params_type(c: &ClientOperation, states: &[TokenStream]) -> TokenStream {
    let name = ident(&c.builder.name);
    let lifetime = c.builder.borrows.then(|| quote!('a));
    let args: Vec<TokenStream> = lifetime.into_iter().chain(states.iter().cloned()).collect();
    if args.is_empty() {
        quote!(params::#name)
    } else {
        quote!(params::#name<#(#args),*>)
    }
}

/// The setters: each sets its field (a required one returns the builder with its type parameter set), a hoisted
/// parameter's writes the call's options.
fn setters(client: &ClientPlan, c: &ClientOperation, params: &TokenStream, cfg: &TokenStream) -> TokenStream {
    if c.setters.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&c.builder.name);
    let states: Vec<proc_macro2::Ident> = c.builder.states.iter().map(|s| ident(s)).collect();
    let methods = c.setters.iter().map(|s| setter(client, c, s, &name, &states));
    quote! {
        #cfg
        impl<'a #(, #states)*> Call<'a, #params> {
            #(#methods)*
        }
    }
}

/// One setter of the builder `name` (whose type parameters are `states`).
fn setter(
    client: &ClientPlan,
    c: &ClientOperation,
    s: &Setter,
    name: &proc_macro2::Ident,
    states: &[proc_macro2::Ident],
) -> TokenStream {
    let docs = doc_attrs(s.docs.iter().map(String::as_str));
    let deprecated = deprecated(s.deprecated, "parameter");
    let method = ident(&s.name);
    let (arg, value) = match &s.takes {
        Takes::Text => (quote!(impl Into<String>), quote!(value.into())),
        Takes::Texts => {
            (quote!(impl IntoIterator<Item = impl Into<String>>), quote!(value.into_iter().map(Into::into).collect()))
        }
        Takes::Value(ty) => (quote!(#ty), quote!(value)),
    };
    // Found by `cargo xtask random` (seed 277): a setter taking nested lists and maps as the spec wrote them.
    let allow = match &s.takes {
        Takes::Value(ty) => crate::models::allow_complexity(ty),
        Takes::Text | Takes::Texts => TokenStream::new(),
    };
    let deprecated = quote!(#deprecated #allow);
    let Some((field, held)) = &s.field else {
        // A hoisted parameter: kept in the call's options as the client keeps it.
        let Input::Hoisted(h) = s.input else { return TokenStream::new() };
        let wire = &client.hoisted[h].wire;
        let value = match &s.takes {
            Takes::Value(RustType::RefLt(_)) => quote!(value),
            Takes::Text => quote!(&value.into()),
            _ => quote!(&value),
        };
        return quote! {
            #docs
            #deprecated
            pub fn #method(mut self, value: #arg) -> Self {
                self.sender.set_param(#wire, #value);
                self
            }
        };
    };
    let field = ident(field);
    let Some(state) = &s.state else {
        return quote! {
            #docs
            #deprecated
            pub fn #method(mut self, value: #arg) -> Self {
                self.params.#field = Some(#value);
                self
            }
        };
    };
    // A required parameter: the builder with this type parameter set to the value's type, every field moved over.
    let set = states.iter().map(|g| if *g == state.as_str() { quote!(#held) } else { quote!(#g) });
    let moved = c
        .args
        .iter()
        .map(|a| ident(&a.name))
        .chain(c.setters.iter().filter_map(|o| o.field.as_ref()).map(|(f, _)| ident(f)))
        .map(|f| if f == field { quote!(#f: #value) } else { quote!(#f: p.#f) });
    let p =
        if c.args.len() + c.setters.iter().filter(|o| o.field.is_some()).count() > 1 { quote!(p) } else { quote!(_) };
    quote! {
        #docs
        #deprecated
        pub fn #method(self, value: #arg) -> #name<'a #(, #set)*> {
            self.map_params(|#p| params::#name { #(#moved,)* })
        }
    }
}

/// The body of `request`: the request assembled from the call's inputs (`self`) and `sender`.
fn request_code(plan: &Plan<'_>, client: &ClientPlan, index: usize, c: &ClientOperation) -> TokenStream {
    let op = plan.operations[index].op;
    let mut path_code = Vec::new();
    for arg in c.args.iter().filter(|a| a.param.is_some()) {
        let Some(p) = arg.param.map(|i| &op.parameters[i]) else { continue };
        let Some((local, whole)) = &arg.segment else { continue };
        let (wire, local) = (&p.wire_name, ident(local));
        let value = arg_value(arg);
        // The default serialisation of a whole segment has its own short call.
        path_code.push(if p.style == oagen_ir::ParamStyle::Simple && !p.explode && *whole {
            quote!(let #local = rt::segment(#wire, #value)?;)
        } else {
            let format = format(p.style, p.explode, false, *whole);
            quote!(let #local = rt::path(#wire, #value, #format)?;)
        });
    }
    let mut parts_code = Vec::new();
    for (h, required) in &c.hoisted {
        let h = &client.hoisted[*h];
        let wire = &h.wire;
        let place = match h.location {
            ParamLocation::Query => quote!(rt::Place::Query),
            ParamLocation::Cookie | ParamLocation::Path => quote!(rt::Place::Cookie),
            ParamLocation::Header => quote!(rt::Place::Header),
        };
        let format = format(h.style, h.explode, h.allow_reserved && h.location == ParamLocation::Query, false);
        parts_code.push(quote!(request.hoisted(#place, #wire, #format, #required)?;));
    }
    for s in &c.setters {
        let (Input::Param(i), Some((field, _))) = (s.input, &s.field) else { continue };
        let p = &op.parameters[i];
        let (wire, field) = (&p.wire_name, ident(field));
        let format = format(p.style, p.explode, p.allow_reserved && p.location == ParamLocation::Query, false);
        let add = |value: TokenStream| match p.location {
            ParamLocation::Query => quote!(request.query.push(#wire, #value, #format)?;),
            ParamLocation::Header => quote!(rt::header(&mut request.headers, #wire, #value, #format)?;),
            ParamLocation::Cookie | ParamLocation::Path => quote!(request.cookies.push(#wire, #value, #format)?;),
        };
        parts_code.push(match (&s.state, p.location) {
            (Some(_), _) => add(quote!(&self.#field)),
            // `None` adds nothing: the runtime's `push_some` is the `if let Some` of every optional query parameter.
            (None, ParamLocation::Query) => {
                quote!(request.query.push_some(#wire, self.#field.as_ref(), #format)?;)
            }
            (None, _) => {
                let add = add(quote!(value));
                quote! {
                    if let Some(value) = &self.#field {
                        #add
                    }
                }
            }
        });
    }
    if !c.security.is_empty() {
        let alts = c.security.iter().map(|alt| {
            let schemes = alt.iter().map(|v| {
                let v = ident(v);
                quote!(Scheme::#v)
            });
            quote!(&[#(#schemes),*])
        });
        parts_code.push(quote!(client.authorize(&mut request, &[#(#alts),*])?;));
    }
    let path_expr = match c.path.as_slice() {
        [] => quote!(String::new()),
        [PathPart::Literal(text)] => quote!(#text.to_owned()),
        parts => {
            let template: String = parts
                .iter()
                .map(|p| match p {
                    PathPart::Literal(text) => escape_format(text),
                    PathPart::Value(local) => format!("{{{}}}", ident(local)),
                })
                .collect();
            quote!(format!(#template))
        }
    };
    let body_code = c.body.as_ref().map(|b| body_code(c, b)).unwrap_or_default();
    let http_method = format_ident!("{}", op.method.as_upper());
    let (id, template) = (&c.id, &c.template);
    let accept =
        c.accept.as_ref().map(|media| quote!(rt::header(&mut request.headers, "Accept", #media, rt::Style::Simple)?;));
    let mutable = if parts_code.is_empty() && body_code.is_empty() && accept.is_none() {
        TokenStream::new()
    } else {
        quote!(mut)
    };
    let client = (!c.security.is_empty()).then(|| quote!(let client = sender.client();));
    quote! {
        #(#path_code)*
        #client
        let #mutable request = sender.into_request(rt::Method::#http_method, #id, #template, #path_expr);
        #(#parts_code)*
        #accept
        #body_code
        Ok(request)
    }
}

/// How a positional argument's value is handed to the runtime: borrowed when it is held by value (or in an
/// `Option`), as it is when it is a reference already.
fn arg_value(arg: &Arg) -> TokenStream {
    let name = ident(&arg.name);
    if arg.by_value || matches!(arg.ty, RustType::Option(_)) {
        quote!(&self.#name)
    } else {
        quote!(self.#name)
    }
}

/// How a parameter is serialised, as the runtime reads it: its style, and each flag that is on by name
/// (`rt::Style::Form.exploded()`, `rt::Style::Simple.whole_segment()`).
fn format(style: oagen_ir::ParamStyle, explode: bool, allow_reserved: bool, whole_segment: bool) -> TokenStream {
    let style = format_ident!("{}", style_name(style));
    let mut out = quote!(rt::Style::#style);
    for (on, flag) in [(explode, "exploded"), (allow_reserved, "allow_reserved"), (whole_segment, "whole_segment")] {
        if on {
            let flag = format_ident!("{}", flag);
            out.extend(quote!(.#flag()));
        }
    }
    out
}

/// The statements attaching the body to `request`: a positional one always, an optional one when its setter was
/// called.
fn body_code(c: &ClientOperation, body: &ClientBody) -> TokenStream {
    let media = &body.content_type;
    let attach = |value: TokenStream, by_ref: bool| {
        let json = if by_ref { quote!(#value) } else { quote!(&#value) };
        match body.encode {
            Encode::Json => quote!(request.body(#media, rt::json_body(#json)?)?;),
            Encode::Form => quote!(request.body(#media, rt::form_body(#json)?)?;),
            Encode::Text => quote!(request.body(#media, #value)?;),
            Encode::Multipart => quote!(request.multipart(#value)?;),
            Encode::Binary => quote!(request.upload(#media, #value)?;),
            Encode::TypedMultipart => {
                quote!(request.form_data(oagen_runtime::multipart::IntoForm::into_form(#value)?)?;)
            }
        }
    };
    match body.at {
        BodyAt::Arg(i) => {
            let name = ident(&c.args[i].name);
            match body.encode {
                // A `null`-able body is an `Option` (serialised as it is); otherwise a reference.
                Encode::Json | Encode::Form => attach(quote!(self.#name), !body.nullable && !body.by_value),
                Encode::Text => attach(quote!(self.#name.to_owned()), false),
                _ => attach(quote!(self.#name), false),
            }
        }
        BodyAt::Setter(i) => {
            let Some((field, _)) = &c.setters[i].field else { return TokenStream::new() };
            let field = ident(field);
            let attach = match body.encode {
                Encode::Json | Encode::Form => attach(quote!(body), !body.nullable && !body.by_value),
                _ => attach(quote!(body), false),
            };
            quote! {
                if let Some(body) = self.#field {
                    #attach
                }
            }
        }
    }
}
