//! Token streams to source text: parsed by `syn`, printed by `prettyplease`, with the `@generated` header.

use proc_macro2::TokenStream;

/// Formats a whole file. A token stream that does not parse is a generator bug; it is returned as an error with the
/// offending tokens' message, never a panic.
pub fn format_file(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse as a file: {e}"))?;
    Ok(format!("{header}\n{}", spaced(&prettyplease::unparse(&file))))
}

/// Combines formatted module files into one file of inline modules (`pub mod name { ... }`), for a build script to
/// `include!`: each file's inner attributes move into its module, so the result has none at the top.
pub fn inline_modules(modules: &[(&str, &str)], header: &str) -> Result<String, String> {
    let mut items = Vec::with_capacity(modules.len());
    for (name, contents) in modules {
        let file: syn::File = syn::parse_str(contents).map_err(|e| format!("module {name} does not parse: {e}"))?;
        let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
        let attrs = &file.attrs;
        let inner = &file.items;
        items.push(quote::quote! { pub mod #ident { #(#attrs)* #(#inner)* } });
    }
    format_file(quote::quote! { #(#items)* }, header)
}

/// Puts a blank line between items, as hand-written code has: after a closing brace or a `;`-terminated item
/// when the next line starts another item at the same indentation, and after the block of `use`s.
fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut prev: Option<&str> = None;
    for line in code.lines() {
        if let Some(p) = prev {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let t = line.trim_start();
            let p_t = p.trim_start();
            let starts_item = t.starts_with("///")
                || t.starts_with("#[")
                || t.starts_with("pub ")
                || t.starts_with("impl")
                || t.starts_with("fn ")
                || t.starts_with("mod ")
                || t.starts_with("use ")
                || t.starts_with("const ")
                || t.starts_with("async fn ");
            let ends_item = !p_t.starts_with("//")
                && (p_t == "}"
                    || (p_t.ends_with("{}") && !p_t.starts_with("fn ") && !p_t.starts_with("pub fn "))
                    || (p_t.ends_with(';') && !p_t.starts_with("use ")));
            let after_uses = p_t.starts_with("use ") && !t.starts_with("use ") && indent(p) == indent(line);
            let after_inner_docs = p_t.starts_with("//!") && !t.starts_with("//!");
            if (ends_item && starts_item && indent(p) == indent(line) && !p_t.starts_with("//!")) || after_uses || after_inner_docs {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_separated_by_blank_lines() {
        let code = "//! Docs.\nuse a::b;\nuse c::d;\n/// A.\npub struct A;\nimpl A {\n    fn f() {}\n    fn g() {}\n}\npub type B = A;\n";
        assert_eq!(
            spaced(code),
            "//! Docs.\n\nuse a::b;\nuse c::d;\n\n/// A.\npub struct A;\n\nimpl A {\n    fn f() {}\n    fn g() {}\n}\n\npub type B = A;\n"
        );
    }

    #[test]
    fn doc_lines_ending_like_items_stay_together() {
        let code = "/// ```\n/// let a = 1;\n/// # Ok(())\n/// ```\npub struct A;\n";
        assert_eq!(spaced(code), code);
    }
}
