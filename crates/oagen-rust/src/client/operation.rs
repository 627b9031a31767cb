//! One call: the method that starts it (on its group's handle, or on `Client`), its request builder (the struct,
//! its setters, the runtime's per-call options through `oagen_runtime::call_builder!`), and `rt::Operation`, whose
//! `send_as` gathers the path, parameters, credentials and body into the request, sends it and matches the status.

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
    quote! {
        #docs
        #cfg
        #deprecated
        #many
        pub fn #name #generics(#receiver, #(#args),*) -> #builder<#lifetime> {
            #builder { call: rt::Call::new(#client), #(#fields,)* #(#unset,)* }
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

/// The request builder of the call `c` (of the operation `index`): the struct, the runtime's per-call options, the
/// setters, `rt::Operation`, and the paginated forms.
pub(super) fn builder(plan: &Plan<'_>, client: &ClientPlan, index: usize, c: &ClientOperation) -> TokenStream {
    let name = ident(&c.builder.name);
    let states: Vec<proc_macro2::Ident> = c.builder.states.iter().map(|s| ident(s)).collect();
    let defaults = states.iter().map(|s| quote!(#s = rt::Unset));
    let mut fields: Vec<TokenStream> = c
        .args
        .iter()
        .map(|a| {
            let (name, ty) = (ident(&a.name), &a.ty);
            quote!(#name: #ty)
        })
        .collect();
    for s in &c.setters {
        if let Some((field, ty)) = &s.field {
            let field = ident(field);
            fields.push(match &s.state {
                Some(state) => {
                    let state = ident(state);
                    quote!(#field: #state)
                }
                None => quote!(#field: #ty),
            });
        }
    }
    let ready = ready_type(c);
    let ret = &c.responses.ret;
    let error_body = if client.errors.is_empty() { quote!(rt::NoErrorBody) } else { quote!(ErrorBody) };
    let cfg = plan.cfg(plan.operation_gate(index));
    let setters = setters(client, c, &cfg);
    let send = send_as(plan, client, index, c);
    let paging = super::paging::methods(c, &ready, &cfg);
    let doc = format!(
        " The call [`{}`] ({}): set what it leaves out, then `.await` it (or [`send`](Self::send) it).",
        c.link, plan.operations[index].endpoint
    );
    let clone = if c.builder.clone { quote!(#[derive(Clone)]) } else { TokenStream::new() };
    let all = if states.is_empty() { quote!(#name) } else { quote!(#name[#(#states),*]) };
    quote! {
        #[doc = #doc]
        #cfg
        #[must_use = "a call does nothing until it is awaited"]
        #clone
        pub struct #name<'a #(, #defaults)*> {
            call: rt::Call<'a, Client>,
            #(#fields,)*
        }

        #cfg
        oagen_runtime::call_builder!(#all -> #ret, #error_body);

        #setters

        #cfg
        impl<'a> rt::Operation for #ready {
            type Output = #ret;
            type ErrorBody = #error_body;
            type Future<R: rt::Respond> = rt::CallFuture<'a, Result<R::Output<#ret>, Error>>;

            fn send_as<R: rt::Respond>(self) -> Self::Future<R> {
                Box::pin(async move { #send })
            }
        }

        #paging
    }
}

/// The builder's type once its required setters are called: `Name<'a, String>`.
fn ready_type(c: &ClientOperation) -> TokenStream {
    let name = ident(&c.builder.name);
    let states = c.ready_states();
    quote!(#name<'a #(, #states)*>)
}

/// The setters: each sets its field (a required one returns the builder with its type parameter set), a hoisted
/// parameter's writes the call's options.
fn setters(client: &ClientPlan, c: &ClientOperation, cfg: &TokenStream) -> TokenStream {
    if c.setters.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&c.builder.name);
    let states: Vec<proc_macro2::Ident> = c.builder.states.iter().map(|s| ident(s)).collect();
    let methods = c.setters.iter().map(|s| setter(client, c, s, &name, &states));
    quote! {
        #cfg
        impl<'a #(, #states)*> #name<'a #(, #states)*> {
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
                self.call.set_param(#wire, #value);
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
                self.#field = Some(#value);
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
        .map(|f| if f == field { quote!(#f: #value) } else { quote!(#f: self.#f) });
    quote! {
        #docs
        #deprecated
        pub fn #method(self, value: #arg) -> #name<'a #(, #set)*> {
            #name { call: self.call, #(#moved,)* }
        }
    }
}

/// The body of `send_as`: the request assembled from the builder's fields, sent, and its status matched.
fn send_as(plan: &Plan<'_>, client: &ClientPlan, index: usize, c: &ClientOperation) -> TokenStream {
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
        parts_code.push(quote!(self.call.client().authorize(&mut request, &[#(#alts),*])?;));
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
    let arms = responses::arms(client, &c.responses);
    let ret = &c.responses.ret;
    let (id, template) = (&c.id, &c.template);
    let accept =
        c.accept.as_ref().map(|media| quote!(rt::header(&mut request.headers, "Accept", #media, rt::Style::Simple)?;));
    let mutable = if parts_code.is_empty() && body_code.is_empty() && accept.is_none() {
        TokenStream::new()
    } else {
        quote!(mut)
    };
    let (send, head) = if c.responses.streams {
        (quote!(self.call.send_streaming(request).await?), quote!(rt::Head::of_streaming::<R>(&response)))
    } else {
        (quote!(self.call.send(request).await?), quote!(rt::Head::of::<R>(&response)))
    };
    quote! {
        #(#path_code)*
        let #mutable request = self.call.request(rt::Method::#http_method, #id, #template, #path_expr);
        #(#parts_code)*
        #accept
        #body_code
        let response = #send;
        let head = #head;
        let result = #arms;
        head.finish::<R, #ret, _>(result)
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
                quote!(request.form_data(oagen_runtime::multipart::IntoForm::into_form(#value)?).await?;)
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
