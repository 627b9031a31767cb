//! Responses: the `match` on an operation's status, its success enum, and the crate's `Error` with the documented
//! error bodies (`ErrorBody`).

use crate::ident::ident;
use crate::plan::client::{
    Answer, Arm, ClientPlan, ClientResponses, MessagePath, Pattern, ResponseHeaders, SuccessEnum,
};
use crate::plan::http::{EventForm, Held};
use crate::plan::Plan;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `match` on the status of a response read whole (`response`, an `rt::Response`): every arm but those of
/// successes read as a stream, which [`streamed_arms`] answers before the body is read.
pub(super) fn arms(client: &ClientPlan, responses: &ClientResponses) -> TokenStream {
    if matches!(responses.arms.as_slice(), [Arm { answer: Answer::Raw, .. }]) {
        return quote!(Ok(response));
    }
    let enum_name = responses.success_enum.as_ref().map(|e| ident(&e.name));
    let whole: Vec<&Arm> = responses.arms.iter().filter(|a| !streamed(a)).collect();
    let arms = whole.iter().map(|arm| {
        let patterns = arm.patterns.iter().map(|p| pattern(*p));
        let answer = answer(client, enum_name.as_ref(), &arm.answer);
        quote!(#(#patterns)|* => #answer,)
    });
    // Every status is matched: when the rest is a streamed success, a status reaching here is none the spec lists.
    let rest = (!whole.iter().any(|a| a.patterns.contains(&Pattern::Rest)))
        .then(|| quote!(_ => Err(rt::unexpected(response)),));
    match whole.as_slice() {
        // The rest alone: its answer, without a `match` of one arm.
        [only] if only.patterns.as_slice() == [Pattern::Rest] => answer(client, enum_name.as_ref(), &only.answer),
        [] => quote!(Err(rt::unexpected(response))),
        _ => quote!(match response.status.as_u16() { #(#arms)* #rest }),
    }
}

/// The `match` on the status of a response whose body is not read yet (`response`, an `rt::StreamingResponse`):
/// each success read as a stream is answered, every other status read whole (`rt::Streamed::ReadWhole`).
pub(super) fn streamed_arms(responses: &ClientResponses) -> TokenStream {
    let enum_name = responses.success_enum.as_ref().map(|e| ident(&e.name));
    let streams: Vec<&Arm> = responses.arms.iter().filter(|a| streamed(a)).collect();
    let arms = streams.iter().map(|arm| {
        let patterns = arm.patterns.iter().map(|p| pattern(*p));
        let Answer::Success { read: Some(read), variant } = &arm.answer else { return TokenStream::new() };
        let value = streamed_value(read);
        let value = match (enum_name.as_ref(), variant) {
            (Some(e), Some(v)) => {
                let v = ident(v);
                quote!(#e::#v(#value))
            }
            _ => value,
        };
        quote!(#(#patterns)|* => Ok(rt::Streamed::Done(#value)),)
    });
    let rest = (!streams.iter().any(|a| a.patterns.contains(&Pattern::Rest)))
        .then(|| quote!(_ => Ok(rt::Streamed::ReadWhole(response)),));
    quote! {
        match response.status.as_u16() {
            #(#arms)*
            #rest
        }
    }
}

/// A success read as a stream, from the response whose body is not read yet.
fn streamed_value(read: &Held) -> TokenStream {
    match read {
        Held::Events { form, .. } => {
            let decode = match form {
                EventForm::Text => quote!(rt::text_data),
                EventForm::Json => quote!(rt::json_data),
                EventForm::Frame => quote!(rt::frame_data),
            };
            quote!(rt::EventStream::new(response, #decode))
        }
        _ => quote!(rt::ByteStream::new(response)),
    }
}

/// Whether an arm answers a success read as a stream.
fn streamed(arm: &Arm) -> bool {
    matches!(&arm.answer, Answer::Success { read: Some(read), .. } if read.streams())
}

/// What one arm answers.
fn answer(client: &ClientPlan, enum_name: Option<&proc_macro2::Ident>, answer: &Answer) -> TokenStream {
    match answer {
        Answer::Raw => quote!(Ok(response)),
        Answer::Success { read, variant } => {
            let value = success_value(read.as_ref());
            match (enum_name, variant, read) {
                (Some(e), Some(v), None) => {
                    let v = ident(v);
                    quote!(Ok(#e::#v))
                }
                (Some(e), Some(v), Some(_)) => {
                    let v = ident(v);
                    quote!(#value.map(#e::#v))
                }
                _ => value,
            }
        }
        Answer::Failure { body, read } => {
            let variant = body.map(|i| ident(&client.errors[i].name));
            let read = match read {
                Held::Decoded(_) => return quote!(Err(rt::json_failure(response, ErrorBody::#variant))),
                Held::Text | Held::Events { .. } => quote!(response.text()),
                Held::Bytes | Held::ByteStream => quote!(Ok(response.body.clone())),
            };
            quote!(Err(rt::failure(#read, response, ErrorBody::#variant)))
        }
        Answer::FailureWithoutBody => quote!(Err(rt::failure_without_body(response, ErrorBody::Empty))),
        Answer::Unexpected => quote!(Err(rt::unexpected(response))),
    }
}

/// An arm's pattern.
fn pattern(p: Pattern) -> TokenStream {
    match p {
        Pattern::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        Pattern::Codes(lo, hi) => {
            let (lo, hi) = (Literal::u16_unsuffixed(lo), Literal::u16_unsuffixed(hi));
            quote!(#lo..=#hi)
        }
        Pattern::Class(c) => {
            let lo = Literal::u16_unsuffixed(u16::from(c) * 100);
            let hi = Literal::u16_unsuffixed(u16::from(c) * 100 + 99);
            quote!(#lo..=#hi)
        }
        Pattern::Rest => quote!(_),
    }
}

/// A success's value read from `response`.
fn success_value(read: Option<&Held>) -> TokenStream {
    match read {
        None => quote!(Ok(())),
        Some(Held::Decoded(_)) => quote!(rt::success(response.json(), response)),
        Some(Held::Text) => quote!(rt::success(response.text(), response)),
        Some(Held::Bytes) => quote!(Ok(response.body)),
        Some(streamed @ (Held::Events { .. } | Held::ByteStream)) => {
            let value = streamed_value(streamed);
            quote!(Ok(#value))
        }
    }
}

/// The enum of an operation's successes, under `cfg` (the operation's gate).
pub(super) fn success_enum(e: &SuccessEnum, cfg: &TokenStream) -> TokenStream {
    let name = ident(&e.name);
    let variants = e.variants.iter().map(|(v, t, status)| {
        let v = ident(v);
        let doc = format!(" `{status}`");
        match t {
            Some(t) => quote!(#[doc = #doc] #v(#t)),
            None => quote!(#[doc = #doc] #v),
        }
    });
    let doc = format!(" The documented successes of `{}`.", e.operation);
    // A stream is read once: it is neither `Clone` nor comparable.
    let derives = if e.streams { quote!(#[derive(Debug)]) } else { quote!(#[derive(Debug, Clone, PartialEq)]) };
    quote! {
        #[doc = #doc]
        #cfg
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }
    }
}

/// The operations' error type, the runtime's `Error` over this API's documented error bodies, each variant under
/// the gate of the operations that answer with it.
pub(super) fn error_items(plan: &Plan<'_>, client: &ClientPlan) -> TokenStream {
    let gates = &plan.features.client.errors;
    if client.errors.is_empty() {
        return quote! {
            /// Everything an operation can fail with: the runtime's error ([`rt::Error`]). No operation documents an
            /// error status, so [`rt::Error::Api`] does not occur.
            pub type Error = rt::Error<rt::NoErrorBody>;
        };
    }
    let variants = client.errors.iter().zip(gates).map(|(e, gate)| {
        let name = ident(&e.name);
        let doc = format!(" The body documented for {}.", e.statuses.join(", "));
        let cfg = plan.cfg(gate);
        match &e.read {
            Some(read) => {
                let t = read.ty();
                quote!(#[doc = #doc] #cfg #name(#t))
            }
            None => quote!(#[doc = " A documented error status whose response has no body."] #cfg #name),
        }
    });
    // With per-tag features a build may have no variant at all: `match *self` (an empty enum's place) then needs no
    // arm, where `match self` (a reference, which is never empty) would need one.
    let per_tag = plan.features.per_tag();
    let (scrutinee, binding) = if per_tag { (quote!(*self), quote!(ref body)) } else { (quote!(self), quote!(body)) };
    let arms = client.errors.iter().zip(gates).map(|(e, gate)| {
        let name = ident(&e.name);
        let cfg = plan.cfg(gate);
        match (&e.read, &e.message) {
            (Some(_), Some(m)) => {
                let m = message(m);
                quote!(#cfg ErrorBody::#name(#binding) => #m)
            }
            (Some(_), None) => quote!(#cfg ErrorBody::#name(_) => None),
            (None, _) => quote!(#cfg ErrorBody::#name => None),
        }
    });
    quote! {
        /// Everything an operation can fail with: the runtime's error ([`rt::Error`]), whose
        /// [`rt::Error::Api`] holds the body of a documented error status as an [`ErrorBody`].
        pub type Error = rt::Error<ErrorBody>;

        /// The body of a documented error status, by type (a type the next version of the spec documents is a new
        /// variant: a `match` needs an arm for the others).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants,)*
        }

        impl rt::ErrorMessage for ErrorBody {
            fn message(&self) -> Option<&str> {
                match #scrutinee {
                    #(#arms,)*
                }
            }
        }
    }
}

/// The expression reaching an error body's message from `body`.
fn message(m: &MessagePath) -> TokenStream {
    match m {
        MessagePath::Text => quote!(Some(body.as_str())),
        MessagePath::Field { outer, field, optional } => {
            let field = ident(field);
            let prefix = match outer {
                Some(outer) => {
                    let outer = ident(outer);
                    quote!(body.#outer)
                }
                None => quote!(body),
            };
            if *optional {
                quote!(#prefix.#field.as_deref())
            } else {
                quote!(Some(#prefix.#field.as_str()))
            }
        }
    }
}

/// `pub mod <method> { pub struct ResponseHeaders { .. } }`: the headers an operation's successful responses
/// document, typed, read from an `ApiResponse`'s headers; under `cfg` (the operation's gate).
pub(super) fn response_headers(h: &ResponseHeaders, cfg: &TokenStream) -> TokenStream {
    let module = ident(&h.module);
    let names_model = h.fields.iter().any(|(_, _, ty, _)| ty.names_model());
    let types_use = if names_model {
        quote!(
            use super::types;
        )
    } else {
        TokenStream::new()
    };
    let module_doc = format!(" The response headers of `{}(..)`.", h.method_path);
    let struct_doc = format!(
        " The headers the spec documents for the successful responses of `{}(..)`, read from an `ApiResponse` \
         (`with_response()`): `ResponseHeaders::from_headers(response.headers())?`.",
        h.method_path
    );
    let fields = h.fields.iter().map(|(name, wire, ty, description)| {
        let name = ident(name);
        let mut doc = format!(" `{wire}`");
        if let Some(d) = description {
            doc.push_str(": ");
            doc.push_str(&d.replace('\n', " "));
        }
        quote! {
            #[doc = #doc]
            pub #name: #ty
        }
    });
    let reads = h.fields.iter().map(|(name, wire, ..)| {
        let name = ident(name);
        quote!(#name: oagen_runtime::client::response_header(headers, #wire)?)
    });
    quote! {
        #[doc = #module_doc]
        #cfg
        pub mod #module {
            #types_use

            #[doc = #struct_doc]
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct ResponseHeaders {
                #(#fields,)*
            }

            impl ResponseHeaders {
                /// Reads the headers: one that is absent is `None`; one that is not of its documented type is an
                /// error naming it.
                pub fn from_headers(
                    headers: &oagen_runtime::client::HeaderMap,
                ) -> Result<Self, oagen_runtime::client::InvalidHeader> {
                    Ok(ResponseHeaders { #(#reads,)* })
                }
            }
        }
    }
}
