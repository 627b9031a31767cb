//! `examples/server.rs`: a runnable in-memory implementation of the server trait. Every operation answers its first
//! success response from a store keyed by request path that treats any id as existing (made up on first use from a
//! value the emitter builds to satisfy the response schema), and applies request bodies to it as JSON merge patches.

use super::{method_name, module_name, served};
use crate::ident::ident;
use crate::models::Types;
use oagen_ir::{Api, Encoding, Field, Operation, Primitive, Response, StatusCode, TypeKind, TypeRef, TypeSpace};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

/// Deeper than this, example values stop (only a spec whose required fields form a cycle gets there).
const MAX_DEPTH: usize = 24;

/// The example server of an API, for the crate named `crate_name` (e.g. `healvi-api`).
pub fn example(api: &Api, crate_name: &str) -> TokenStream {
    let krate = format_ident!("{}", crate::crate_name::lib_name(crate_name));
    let values = Values { space: &api.types, types: Types::outside(&api.types) };
    let methods: Vec<TokenStream> = served(api).map(|op| method(&values, op)).collect();
    let uses_types = methods.iter().any(|m| m.to_string().contains("types ::"));
    // A spec with no operations (or none with a response body) needs no store.
    let uses_store = methods.iter().any(|m| m.to_string().contains("self . answer"));
    let store = if uses_store {
        quote! {
            use serde::{de::DeserializeOwned, Serialize};
            use std::collections::HashMap;
            use std::sync::{Mutex, PoisonError};

            /// Every resource, by request path, as JSON.
            #[derive(Default)]
            struct Memory {
                resources: Mutex<HashMap<String, serde_json::Value>>,
            }

            impl Memory {
                /// The resource at `path` (`initial` when it is first asked for), with `patch` applied as a JSON merge
                /// patch. A patch that would leave something the response type cannot hold is not applied.
                fn answer<T: Serialize + DeserializeOwned, P: Serialize>(&self, path: &str, initial: T, patch: Option<&P>) -> T {
                    let mut resources = self.resources.lock().unwrap_or_else(PoisonError::into_inner);
                    let current = match resources.get(path) {
                        Some(stored) => stored.clone(),
                        None => serde_json::to_value(&initial).unwrap_or_default(),
                    };
                    let mut next = current.clone();
                    if let Some(patch) = patch {
                        match serde_json::to_value(patch) {
                            Ok(patch) => oagen_runtime::server::merge_patch(&mut next, &patch),
                            Err(error) => eprintln!("{path}: update not applied: {error}"),
                        }
                    }
                    match serde_json::from_value::<T>(next.clone()) {
                        Ok(value) => {
                            resources.insert(path.to_owned(), next);
                            value
                        }
                        Err(error) => {
                            eprintln!("{path}: update not applied: {error}");
                            serde_json::from_value(current).unwrap_or(initial)
                        }
                    }
                }
            }
        }
    } else {
        quote! {
            /// The implementation: no operation needs stored state.
            struct Memory;
        }
    };
    let types_import = if uses_types { quote!(use #krate::types;) } else { TokenStream::new() };
    let title = format!(
        " An in-memory {} {} server, for trying the API and for conformance tests.\n\n\
         ```sh\n\
         cargo run -p {crate_name} --example server -- 127.0.0.1:8080\n\
         ```\n\n\
         Every resource exists: the first request for a path makes one up (a value that satisfies the response\n\
         schema), and request bodies are applied to it as JSON merge patches (absent members are left unchanged, `null`\n\
         removes, a value replaces). Any credentials are accepted.",
        api.title, api.version
    );
    let memory = if uses_store { quote!(Memory::default()) } else { quote!(Memory) };
    let docs = title.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {}", l.trim_start()) });
    quote! {
        #(#![doc = #docs])*

        use #krate::server::{self, Api};
        #types_import
        #store

        impl Api for Memory {
            #(#methods)*
        }

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
            let listener = tokio::net::TcpListener::bind(&address).await?;
            let local = listener.local_addr()?;
            println!("listening on http://{local}");
            axum::serve(listener, server::router(#memory)).await?;
            Ok(())
        }
    }
}

/// The response the example answers with: the first success, else `default`, else the first listed.
fn success(op: &Operation) -> Option<&Response> {
    let ok = |r: &&Response| match r.status {
        StatusCode::Code(c) => (200..300).contains(&c),
        StatusCode::Range(c) => c == 2,
        StatusCode::Default => false,
    };
    op.responses
        .iter()
        .find(ok)
        .or_else(|| op.responses.iter().find(|r| r.status == StatusCode::Default))
        .or_else(|| op.responses.first())
}

fn method(values: &Values<'_>, op: &Operation) -> TokenStream {
    let name = method_name(op);
    let module = module_name(op);
    let Some(response) = success(op) else {
        return quote! {
            async fn #name(&self, _request: server::#module::Request) -> server::#module::Response {
                server::#module::Response::Status(axum::http::StatusCode::NO_CONTENT)
            }
        };
    };
    let variant = format_ident!("{}", response.name);
    let status = match response.status {
        StatusCode::Code(_) => None,
        StatusCode::Range(_) => Some(quote!(oagen_runtime::server::StatusClass::lowest())),
        StatusCode::Default => Some(quote!(axum::http::StatusCode::OK)),
    };
    let patch = match &op.body {
        Some(b) if matches!(b.content.encoding, Encoding::Json | Encoding::Form) => {
            if b.required {
                Some(quote!(Some(&request.body)))
            } else {
                Some(quote!(request.body.as_ref()))
            }
        }
        _ => None,
    };
    let (body, uses_request) = match &response.content {
        None => (None, false),
        Some(c) => match c.encoding {
            Encoding::Json => {
                let initial = values.nullable(c.ty, None, 0);
                let patch = patch.unwrap_or_else(|| quote!(None::<&()>));
                (Some(quote!(self.answer(request.context.uri().path(), #initial, #patch))), true)
            }
            Encoding::Text => (Some(quote!(String::new())), false),
            Encoding::Form | Encoding::Binary | Encoding::Multipart => (Some(quote!(Vec::new())), false),
        },
    };
    let args: Vec<TokenStream> = status.into_iter().chain(body).collect();
    let value = if args.is_empty() {
        quote!(server::#module::Response::#variant)
    } else {
        quote!(server::#module::Response::#variant(#(#args),*))
    };
    let request = if uses_request { quote!(request) } else { quote!(_request) };
    quote! {
        async fn #name(&self, #request: server::#module::Request) -> server::#module::Response {
            #value
        }
    }
}

/// Rust expressions for values that satisfy a schema: required members only, the first enum value or union
/// member, empty lists and maps, numbers and strings within the field's bounds.
struct Values<'a> {
    space: &'a TypeSpace,
    types: Types<'a>,
}

impl Values<'_> {
    /// A value where `null` may be allowed (a union member, a response body): `None` when it is.
    fn nullable(&self, r: TypeRef, field: Option<&Field>, depth: usize) -> TokenStream {
        if r.nullable && !self.types.is_any(r) {
            quote!(None)
        } else {
            self.value(r, field, depth)
        }
    }

    fn value(&self, r: TypeRef, field: Option<&Field>, depth: usize) -> TokenStream {
        let inner = self.inner(r, field, depth);
        if r.indirect {
            quote!(Box::new(#inner))
        } else {
            inner
        }
    }

    fn inner(&self, r: TypeRef, field: Option<&Field>, depth: usize) -> TokenStream {
        if depth > MAX_DEPTH {
            return quote!(Default::default());
        }
        let def = self.space.get(r.id);
        let path = def.name.as_ref().map(|n| {
            let n = format_ident!("{}", n);
            quote!(types::#n)
        });
        match &def.kind {
            TypeKind::Any => quote!(serde_json::Value::Null),
            TypeKind::Primitive(p) => primitive(*p, field),
            TypeKind::List(_) | TypeKind::Map(_) => quote!(Default::default()),
            TypeKind::Alias(target) => self.value(TypeRef { nullable: false, ..*target }, field, depth),
            TypeKind::Enum(e) => {
                let path = path.unwrap_or_else(|| quote!(serde_json::Value));
                match e.values.first() {
                    Some(v) => {
                        let v = format_ident!("{}", v.name);
                        quote!(#path::#v)
                    }
                    None => {
                        let other = format_ident!("{}", e.other);
                        quote!(#path::#other(String::new()))
                    }
                }
            }
            TypeKind::Union(u) => {
                let path = path.unwrap_or_else(|| quote!(serde_json::Value));
                match u.variants.first() {
                    Some(v) => {
                        let name = format_ident!("{}", v.name);
                        let member = self.nullable(v.ty, None, depth + 1);
                        quote!(#path::#name(#member))
                    }
                    None => {
                        let other = format_ident!("{}", u.other);
                        quote!(#path::#other(serde_json::Value::Null))
                    }
                }
            }
            TypeKind::Struct(s) => {
                let path = path.unwrap_or_else(|| quote!(serde_json::Value));
                let fields = s.fields.iter().map(|f| {
                    let name = ident(&f.name);
                    let any = self.types.is_any(f.ty);
                    let nullable = if any { !f.required } else { f.ty.nullable };
                    let value = match (f.required, nullable) {
                        (true, false) => self.value(f.ty, Some(f), depth + 1),
                        (true, true) | (false, false) => quote!(None),
                        (false, true) => quote!(oagen_runtime::Tristate::Absent),
                    };
                    quote!(#name: #value)
                });
                let additional: Option<TokenStream> = s.additional.map(|_| {
                    let name = if s.fields.iter().any(|f| f.name == "additional_properties") {
                        format_ident!("additional_properties_")
                    } else {
                        format_ident!("additional_properties")
                    };
                    quote!(#name: Default::default())
                });
                let additional = additional.into_iter();
                quote!(#path { #(#fields,)* #(#additional,)* })
            }
        }
    }
}

/// A scalar within the field's bounds (`minLength`, `maximum`, a non-string `enum`, ...).
fn primitive(p: Primitive, field: Option<&Field>) -> TokenStream {
    let allowed = field.and_then(|f| f.allowed.as_ref()).and_then(|a| a.first());
    let c = field.map(|f| f.constraints.clone()).unwrap_or_default();
    match p {
        Primitive::String => {
            if let Some(Value::String(s)) = allowed {
                return quote!(#s.to_owned());
            }
            let min = c.min_length.unwrap_or(0).min(10_000) as usize;
            let mut text = if min > 7 { "x".repeat(min) } else { "example".to_owned() };
            if let Some(max) = c.max_length {
                text.truncate((max as usize).max(min));
            }
            quote!(#text.to_owned())
        }
        Primitive::DateTime | Primitive::Date => quote!(Default::default()),
        Primitive::Uuid => quote!(uuid::Uuid::nil()),
        Primitive::Bytes => quote!(Vec::new()),
        Primitive::Bool => {
            let b = matches!(allowed, Some(Value::Bool(true)));
            quote!(#b)
        }
        Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => {
            // A bound or listed value outside the Rust type's range (`format: int32` with `minimum: 3000000000`)
            // is the spec's own contradiction; the literal stays within the type, so that the example compiles.
            let (lowest, highest): (i128, i128) = match p {
                Primitive::I32 => (i32::MIN.into(), i32::MAX.into()),
                Primitive::U32 => (0, u32::MAX.into()),
                Primitive::U64 => (0, u64::MAX.into()),
                _ => (i64::MIN.into(), i64::MAX.into()),
            };
            let literal = |v: i128| {
                let lit = Literal::i128_unsuffixed(v.clamp(lowest, highest));
                quote!(#lit)
            };
            if let Some(i) = allowed.and_then(Value::as_i64) {
                return literal(i.into());
            }
            let mut v: f64 = 0.0;
            if let Some(min) = c.minimum {
                let floor = if c.exclusive_minimum { min.floor() + 1.0 } else { min.ceil() };
                v = v.max(floor);
            }
            if let Some(max) = c.maximum {
                let ceiling = if c.exclusive_maximum { max.ceil() - 1.0 } else { max.floor() };
                v = v.min(ceiling);
            }
            literal(v as i128)
        }
        Primitive::F64 => {
            if let Some(f) = allowed.and_then(Value::as_f64) {
                let lit = Literal::f64_unsuffixed(f);
                return quote!(#lit);
            }
            let mut v: f64 = 0.0;
            if let Some(min) = c.minimum.filter(|m| *m > v || (c.exclusive_minimum && *m == v)) {
                v = if c.exclusive_minimum { min + 1.0 } else { min };
            }
            if let Some(max) = c.maximum.filter(|m| *m < v || (c.exclusive_maximum && *m == v)) {
                v = if c.exclusive_maximum { max - 1.0 } else { max };
            }
            let lit = Literal::f64_unsuffixed(if v.is_finite() { v } else { 0.0 });
            quote!(#lit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oagen_ir::{Docs, Field, TypeId, TypeRef};
    use oagen_spec::{Constraints, Pointer};

    fn field(constraints: Constraints, allowed: Option<Vec<Value>>) -> Field {
        Field {
            name: "n".into(),
            wire_name: "n".into(),
            ty: TypeRef::to(TypeId(0)),
            required: true,
            docs: Docs::default(),
            default: None,
            read_only: false,
            write_only: false,
            allowed,
            constraints,
            pointer: Pointer::root(),
        }
    }

    #[test]
    fn integer_literals_stay_within_the_rust_type() {
        let min = |m: f64| Constraints { minimum: Some(m), ..Constraints::default() };
        let lit = |p, f: &Field| primitive(p, Some(f)).to_string().replace(" ", "");
        assert_eq!(lit(Primitive::I32, &field(min(3e9), None)), "2147483647");
        assert_eq!(lit(Primitive::U32, &field(min(-5.0), None)), "0");
        assert_eq!(lit(Primitive::U64, &field(min(1e19), None)), "10000000000000000000");
        let max = Constraints { maximum: Some(-9.3e18), ..Constraints::default() };
        assert_eq!(lit(Primitive::I64, &field(max, None)), "-9223372036854775808");
        assert_eq!(lit(Primitive::I32, &field(Constraints::default(), Some(vec![Value::from(5_000_000_000_i64)]))), "2147483647");
        assert_eq!(lit(Primitive::I64, &field(min(7.5), None)), "8");
    }
}
