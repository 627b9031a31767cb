//! `tests/spec_examples.rs` (`oagen generate --example-tests`): the spec's own valid examples as tests of the
//! generated models. Each example whose schema is a generated type (a model, or a field of one) must
//! decode into that type and be written back with every datum it had; one written back in another spelling (a
//! date-time in UTC, `1000` as `1000.0`, a `null` left out) passes and prints `inexact: <pointer>`, so that a run
//! with `--nocapture` counts them.

use crate::plan::{Plan, RustType, Types};
use oagen_ir::examples::Example;
use oagen_ir::naming;
use oagen_ir::{Api, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{HashMap, HashSet};

/// One example, as a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleTest {
    /// The test function's name (`pet_2`, `pet_name_1`: the type's or the field's, numbered in document order).
    pub name: String,
    /// The generated type the example is a value of (a model, or a field's type), as written outside `types`.
    pub ty: RustType,
    /// Where the example is in the spec.
    pub pointer: String,
    /// The example, as pretty-printed JSON.
    pub json: String,
    /// The type holds JSON numbers as `f64`s, written as a model's field writes them (`numbers::Integral`).
    pub number: bool,
}

/// The tests of the valid examples whose schema is a generated type (a model, or a field of one), in the order
/// found; not those with a property no generated field holds ([`Example::unlisted`]).
pub fn plan_example_tests(api: &Api, examples: &[Example]) -> Vec<ExampleTest> {
    let types = Types::outside(&api.types);
    // What a schema's place is generated as: a model, or a model's field.
    let mut typed: HashMap<&str, (TypeRef, String)> = HashMap::new();
    for (id, def) in api.types.named() {
        let Some(name) = def.name.as_deref() else { continue };
        typed.insert(def.pointer.as_str(), (TypeRef::to(id), naming::snake_name(name)));
        if let TypeKind::Struct(s) = &def.kind {
            for f in &s.fields {
                let base = format!("{}_{}", naming::snake_name(name), f.name.trim_start_matches("r#"));
                typed.entry(f.pointer.as_str()).or_insert((f.ty, base));
            }
        }
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut seen = HashSet::new();
    let mut tests = Vec::new();
    for e in examples {
        let place = typed.get(e.defined_at.as_str()).or_else(|| typed.get(e.schema.as_str()));
        let Some((r, base)) = place else { continue };
        // The same example reached twice (through a shared Example Object) is one test.
        // An example with a property no generated field holds cannot come back whole (it is reported instead).
        if e.verdict.is_err() || !e.unlisted.is_empty() || !seen.insert((e.pointer.clone(), e.defined_at.clone())) {
            continue;
        }
        let n = counts.entry(base.clone()).or_default();
        *n += 1;
        let json = serde_json::to_string_pretty(&e.value).unwrap_or_else(|_| e.value.to_string());
        // A `null` example of a nullable use is a value of `Option<T>`.
        let r = TypeRef { nullable: r.nullable || e.value.is_null(), ..*r };
        tests.push(ExampleTest {
            name: format!("{base}_{n}"),
            ty: types.nullable(r),
            pointer: e.pointer.as_str().to_owned(),
            json,
            number: types.holds_number(r),
        });
    }
    tests
}

/// The test file for `tests`, in a crate whose library is `plan.lib_name`.
pub fn example_tests_file(plan: &Plan<'_>, tests: &[ExampleTest]) -> TokenStream {
    let krate = format_ident!("{}", plan.lib_name);
    let cases = tests.iter().map(|t| {
        let name = format_ident!("{}", t.name);
        let ty = &t.ty;
        let pointer = &t.pointer;
        let doc = format!(" `{}`", t.pointer.replace('`', "'"));
        let json = raw_string(&t.json);
        let check = if t.number { quote!(check_number) } else { quote!(check) };
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                type Example = #ty;
                let (pointer, json) = (#pointer, #json);
                #check::<Example>(pointer, json);
            }
        }
    });
    quote! {
        //! The spec's own examples: each decodes into its generated type and is written back with every datum it
        //! had. One written back in another spelling (a date-time in UTC, `1000` as `1000.0`, a `null` left out)
        //! passes and prints `inexact: <pointer>` (shown by `cargo test -- --nocapture`).

        #![allow(clippy::needless_raw_string_hashes, unused_imports)]

        use #krate::types;
        use oagen_runtime::choice::{kept, Kept};
        use std::collections::BTreeMap;

        /// Decodes the example `json` (at `pointer` in the spec) as `T` and checks what comes back.
        #[allow(dead_code)]
        fn check<T: serde::de::DeserializeOwned + serde::Serialize>(pointer: &str, json: &str) {
            compare::<T>(pointer, json, |decoded| serde_json::to_value(decoded));
        }

        /// [`check`] for a field's type that holds numbers, written as the model writes that field.
        #[allow(dead_code)]
        fn check_number<T: serde::de::DeserializeOwned + serde::Serialize>(pointer: &str, json: &str) {
            compare::<T>(pointer, json, |decoded| serde_json::to_value(oagen_runtime::numbers::Integral(decoded)));
        }

        /// Decodes the example, writes it back with `write` and compares.
        fn compare<T: serde::de::DeserializeOwned>(
            pointer: &str,
            json: &str,
            write: impl Fn(&T) -> serde_json::Result<serde_json::Value>,
        ) {
            let value: serde_json::Value = match serde_json::from_str(json) {
                Ok(value) => value,
                Err(e) => panic!("{pointer}: not JSON: {e}"),
            };
            let decoded: T = match serde_json::from_value(value.clone()) {
                Ok(decoded) => decoded,
                Err(e) => panic!("{pointer}: does not decode: {e}"),
            };
            let back = match write(&decoded) {
                Ok(back) => back,
                Err(e) => panic!("{pointer}: does not encode: {e}"),
            };
            match kept(&value, &back) {
                Kept::Exactly => {}
                Kept::Datums => println!("inexact: {pointer}"),
                Kept::Lossy => panic!("{pointer}: written back as {back}, not as {value}"),
            }
        }

        #(#cases)*
    }
}

/// `text` as a raw string literal with as many `#` as it needs.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}").parse().unwrap_or_else(|_| {
        let lit = proc_macro2::Literal::string(text);
        quote!(#lit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_string_has_enough_hashes() {
        assert_eq!(raw_string("{\"a\": 1}").to_string(), "r#\"{\"a\": 1}\"#");
        assert_eq!(raw_string("\"#x").to_string(), "r##\"\"#x\"##");
    }
}
