//! One operation's method: its docs and signature, the path, parameters and credentials gathered into the request,
//! the body attached, and the `match` on the response's status.

use super::responses;
use super::servers::escape_format;
use crate::docs::doc_attrs;
use crate::ident::ident;
use crate::plan::client::{style_name, Arg, ClientBody, ClientOperation, ClientPlan, Encode, PathPart};
use crate::plan::Plan;
use oagen_ir::ParamLocation;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The method `c` of the operation `index` (of the plan's operations): the operation's own, or its `_stream`
/// sibling.
pub(super) fn method(plan: &Plan<'_>, client: &ClientPlan, index: usize, c: &ClientOperation) -> TokenStream {
    let o = &plan.operations[index];
    let op = o.op;
    let mut path_code = Vec::new();
    let mut parts_code = Vec::new();
    for arg in c.args.iter().filter(|a| a.param.is_some()) {
        let Some(p) = arg.param.map(|i| &op.parameters[i]) else { continue };
        let name = ident(&arg.name);
        let wire = &p.wire_name;
        let value = value(arg);
        let whole_segment = arg.segment.as_ref().is_some_and(|(_, whole)| *whole);
        let format = format(p.style, p.explode, p.allow_reserved && p.location == ParamLocation::Query, whole_segment);
        if let Some((local, _)) = &arg.segment {
            let local = ident(local);
            // The default serialisation of a whole segment has its own short call.
            let plain = p.style == oagen_ir::ParamStyle::Simple && !p.explode && whole_segment;
            path_code.push(if plain {
                quote!(let #local = rt::segment(#wire, #value)?;)
            } else {
                quote!(let #local = rt::path(#wire, #value, #format)?;)
            });
            continue;
        }
        if arg.optional && p.location == ParamLocation::Query && matches!(arg.ty, crate::plan::RustType::Option(_)) {
            // `None` adds nothing: the runtime's `push_some` is the `if let Some` of every optional query parameter.
            parts_code.push(quote!(request.query.push_some(#wire, #name, #format)?;));
            continue;
        }
        let stmt = match p.location {
            ParamLocation::Query => quote!(request.query.push(#wire, #value, #format)?;),
            ParamLocation::Header => quote!(rt::header(&mut request.headers, #wire, #value, #format)?;),
            ParamLocation::Cookie | ParamLocation::Path => quote!(request.cookies.push(#wire, #value, #format)?;),
        };
        if arg.optional {
            parts_code.push(quote! {
                if let Some(value) = #name {
                    #stmt
                }
            });
        } else {
            parts_code.push(stmt);
        }
    }
    if !c.security.is_empty() {
        let alts = c.security.iter().map(|alt| {
            let schemes = alt.iter().map(|v| {
                let v = ident(v);
                quote!(Scheme::#v)
            });
            quote!(&[#(#schemes),*])
        });
        parts_code.push(quote!(self.client.authorize(&mut request, &[#(#alts),*])?;));
    }
    let mut hoisted_code = Vec::new();
    for (h, required) in &c.hoisted {
        let h = &client.hoisted[*h];
        let wire = &h.wire;
        let place = match h.location {
            ParamLocation::Query => quote!(rt::Place::Query),
            ParamLocation::Cookie | ParamLocation::Path => quote!(rt::Place::Cookie),
            ParamLocation::Header => quote!(rt::Place::Header),
        };
        let format = format(h.style, h.explode, h.allow_reserved && h.location == ParamLocation::Query, false);
        hoisted_code.push(quote!(request.hoisted(#place, #wire, #format, #required)?;));
    }
    parts_code.splice(0..0, hoisted_code);
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
    let body_code = c.body.as_ref().map(|b| body_code(&c.args[b.arg], b)).unwrap_or_default();
    let http_method = format_ident!("{}", op.method.as_upper());
    let arms = responses::arms(client, &c.responses);
    let ret = &c.responses.ret;
    let (id, template) = (&c.id, &c.template);
    let mutable =
        if parts_code.is_empty() && body_code.is_empty() && c.accept.is_none() { quote!() } else { quote!(mut) };
    let (send, head) = if c.responses.streams {
        (quote!(Client::send_streaming(request).await?), quote!(rt::Head::of_streaming::<R>(&response)))
    } else {
        (quote!(Client::send(request).await?), quote!(rt::Head::of::<R>(&response)))
    };
    let answer = quote! {
        let head = #head;
        let result = #arms;
        head.finish::<R, #ret, _>(result)
    };
    let accept =
        c.accept.as_ref().map(|media| quote!(rt::header(&mut request.headers, "Accept", #media, rt::Style::Simple)?;));
    let (docs, attrs, method, args) = signature(plan, index, c);
    let cfg = plan.cfg(&plan.features.client.methods[index]);
    quote! {
        #docs
        #cfg
        #attrs
        pub async fn #method(&self, #(#args),*) -> Result<R::Output<#ret>, Error> {
            #(#path_code)*
            let #mutable request = self.request(rt::Method::#http_method, #id, #template, #path_expr);
            #(#parts_code)*
            #accept
            #body_code
            let response = #send;
            #answer
        }
    }
}

/// The `Client` method of an untagged operation: the same call through `client.call()`, with the client's
/// settings.
pub(super) fn forwarder(plan: &Plan<'_>, index: usize, c: &ClientOperation) -> TokenStream {
    let ret = &c.responses.ret;
    let (docs, mut attrs, method, args) = signature(plan, index, c);
    if plan.operations[index].op.deprecated {
        // It calls the handle's method, deprecated alike; its callers get the warning.
        attrs.extend(quote!(#[allow(deprecated)]));
    }
    let names = c.args.iter().map(|a| ident(&a.name));
    let cfg = plan.cfg(plan.operation_gate(index));
    quote! {
        #docs
        #cfg
        #attrs
        pub async fn #method(&self, #(#args),*) -> Result<#ret, Error> {
            self.call().#method(#(#names),*).await
        }
    }
}

/// An operation method's docs, attributes, name and arguments.
fn signature(
    plan: &Plan<'_>,
    index: usize,
    c: &ClientOperation,
) -> (TokenStream, TokenStream, proc_macro2::Ident, Vec<TokenStream>) {
    let o = &plan.operations[index];
    let op = o.op;
    let mut doc: Vec<String> = Vec::new();
    doc.extend(op.summary.clone());
    doc.extend(op.description.clone());
    let mut sig = o.endpoint.clone();
    if let Some(id) = &op.operation_id {
        sig.push_str(&format!(" (operationId `{id}`)"));
    }
    doc.push(sig);
    if !c.args.is_empty() {
        let arg_docs: Vec<&str> = c.args.iter().map(|a| a.doc.as_str()).collect();
        doc.push(format!("Arguments:\n{}", arg_docs.join("\n")));
    }
    doc.push(format!("Responses:\n{}", c.responses.docs.join("\n")));
    if let Some(h) = &c.response_headers {
        doc.push(format!(
            "Response headers: [`{}::ResponseHeaders`], from the headers of an `ApiResponse` (`with_response()`).",
            h.module
        ));
    }
    let docs = doc_attrs(doc.iter().map(String::as_str));
    let mut attrs = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    // `self` and the spec's parameters: a spec with many parameters gets them all, in order.
    if c.args.len() + 1 > 7 {
        attrs.extend(quote!(#[allow(clippy::too_many_arguments)]));
    }
    let args = c
        .args
        .iter()
        .map(|a| {
            let (name, ty) = (ident(&a.name), &a.ty);
            quote!(#name: #ty)
        })
        .collect();
    (docs, attrs, ident(&c.method), args)
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

/// How a parameter's value is handed to the runtime: borrowed when it is held by value, the `Some` value of an
/// optional one.
fn value(arg: &Arg) -> TokenStream {
    let name = ident(&arg.name);
    if arg.optional {
        if arg.by_value {
            quote!(&value)
        } else {
            quote!(value)
        }
    } else if arg.by_value || matches!(arg.ty, crate::plan::RustType::Option(_)) {
        quote!(&#name)
    } else {
        quote!(#name)
    }
}

/// The statement attaching the body to `request`.
fn body_code(arg: &Arg, body: &ClientBody) -> TokenStream {
    let name = ident(&arg.name);
    let media = &body.content_type;
    let value = if body.nullable || arg.by_value { quote!(&#name) } else { quote!(#name) };
    let send = match body.encode {
        Encode::Json => quote!(rt::json_body(#value)?),
        Encode::Form => quote!(rt::form_body(#value)?),
        Encode::Text => quote!(#name.to_owned()),
        Encode::Binary | Encode::Multipart | Encode::TypedMultipart => TokenStream::new(),
    };
    let attach = match body.encode {
        Encode::Multipart => quote!(request.multipart(#name)?;),
        Encode::Binary => quote!(request.upload(#media, #name)?;),
        Encode::TypedMultipart => {
            quote!(request.form_data(oagen_runtime::multipart::IntoForm::into_form(#name)?).await?;)
        }
        _ => quote!(request.body(#media, #send)?;),
    };
    if !arg.optional {
        return attach;
    }
    let present = if body.nullable { quote!(#name.into_option()) } else { quote!(#name) };
    quote! {
        if let Some(#name) = #present {
            #attach
        }
    }
}
