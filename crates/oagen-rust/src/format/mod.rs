//! Token streams to source text, with the `@generated` header: the common declaration items laid out directly
//! ([`layout`]), everything else parsed by `syn` and printed by `prettyplease`. The text is the same either way.

mod layout;
mod tables;

use layout::{INDENT, ITEM_MACROS, TABLE_MACROS};
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Formats a whole file. A token stream that does not parse is a generator bug; it is returned as an error with the
/// offending tokens' message, never a panic.
///
/// The file is printed one top-level item at a time (what prettyplease prints for a file is its items one after the
/// other, so the text is the same): the syntax tree of one item is small, where that of a whole 100,000-line file
/// took hundreds of megabytes. Structs, enums, modules, `use`s and table macros are laid out without a syntax
/// tree at all.
pub fn format_file(tokens: TokenStream, header: &str) -> Result<String, String> {
    Ok(finish(header, &print(tokens)?))
}

/// The items of a file as prettyplease prints them, before [`finish`]: the prints of consecutive parts of a file,
/// one after the other, are the print of the whole (so parts can be printed in parallel).
pub fn print(tokens: TokenStream) -> Result<String, String> {
    let mut printed = String::new();
    for item in top_level_items(tokens) {
        print_item(item, 0, &mut printed)?;
    }
    Ok(printed)
}

/// A whole file from its [`print`]: the header, then the items with blank lines between them.
pub fn finish(header: &str, printed: &str) -> String {
    format!("{header}\n{}", spaced(printed))
}

/// [`format_file`] with every item printed by prettyplease (and tables laid out by [`tables::hug`]): the reference
/// the direct layout is tested against.
pub fn format_file_reference(tokens: TokenStream, header: &str) -> Result<String, String> {
    let mut printed = String::new();
    for item in top_level_items(tokens) {
        let tables = may_hold_tables(&item);
        let text = prettyplease_item(item, 0)?;
        printed.push_str(&if tables { tables::hug(&text) } else { text });
    }
    Ok(finish(header, &printed))
}

/// Prints one item at `depth`: laid out directly when [`layout`] knows its shape, a module item by item, anything
/// else by prettyplease.
fn print_item(item: Vec<TokenTree>, depth: usize, out: &mut String) -> Result<(), String> {
    if let Some(text) = layout::item(&item, depth) {
        out.push_str(&text);
        return Ok(());
    }
    if let Some((head, body)) = layout::module(&item, depth) {
        let items = top_level_items(body);
        out.push_str(&head);
        if items.is_empty() {
            out.push_str(" {}\n");
            return Ok(());
        }
        out.push_str(" {\n");
        for inner in items {
            print_item(inner, depth + 1, out)?;
        }
        for _ in 0..depth {
            out.push_str(INDENT);
        }
        out.push_str("}\n");
        return Ok(());
    }
    let tables = may_hold_tables(&item);
    let printed = prettyplease_item(item, depth)?;
    out.push_str(&if tables { tables::hug(&printed) } else { printed });
    Ok(())
}

/// Whether an item is a `static` or a module printed whole (whose tables, if it holds any, are laid out by
/// [`tables::hug`]).
fn may_hold_tables(item: &[TokenTree]) -> bool {
    let mut words = item.iter().filter_map(|tt| match tt {
        TokenTree::Ident(i) => Some(i.to_string()),
        _ => None,
    });
    words.find(|w| w != "pub").is_some_and(|w| w == "static" || w == "mod")
}

/// One item through syn and prettyplease, at `depth`: wrapped in as many modules, whose lines are then dropped, so
/// that prettyplease breaks its lines for the width it has there.
fn prettyplease_item(item: Vec<TokenTree>, depth: usize) -> Result<String, String> {
    let name = describe(&item);
    let mut tokens: TokenStream = item.into_iter().collect();
    for _ in 0..depth {
        tokens = quote::quote!(mod __oagen_depth { #tokens });
    }
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("item `{name}`: generated tokens do not parse as a file: {e}"))?;
    let mut own_layout = Vec::new();
    take_own_layout(&mut file.items, &mut own_layout);
    let printed = restore_own_layout(&prettyplease::unparse(&file), &own_layout);
    if depth == 0 {
        return Ok(printed);
    }
    let lines: Vec<&str> = printed.lines().collect();
    let inner = lines.get(depth..lines.len().saturating_sub(depth)).unwrap_or_default();
    Ok(inner.iter().flat_map(|l| [*l, "\n"]).collect())
}

/// What an item is, for an error message: its tokens up to its body, without attributes and visibility (`fn
/// get_pet(..)`, `impl rt::Operation<A> for Request`, `use box::server::{self, Api}`), shortened to 80 characters.
fn describe(item: &[TokenTree]) -> String {
    let mut tokens = item.iter().peekable();
    let mut kept = Vec::new();
    while let Some(tt) = tokens.next() {
        match tt {
            // Attributes, outer and inner.
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    tokens.next();
                }
                if matches!(tokens.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket) {
                    tokens.next();
                }
            }
            TokenTree::Ident(i) if kept.is_empty() && i == "pub" => {
                if matches!(tokens.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis) {
                    tokens.next();
                }
            }
            _ => kept.push(tt.clone()),
        }
    }
    let is_use = matches!(kept.first(), Some(TokenTree::Ident(i)) if i == "use");
    let mut out = String::new();
    join(&kept, !is_use, &mut out);
    let out = out.strip_suffix(';').unwrap_or(&out);
    if out.chars().count() > 80 {
        return format!("{}...", out.chars().take(77).collect::<String>());
    }
    out.to_owned()
}

/// Appends `tokens` as compact text (`a::b<C>`), up to a body (a brace group or `;`) when `up_to_body`; parameter
/// lists are `(..)`.
fn join(tokens: &[TokenTree], up_to_body: bool, out: &mut String) {
    for tt in tokens {
        let text = match tt {
            TokenTree::Group(g) if up_to_body && g.delimiter() == Delimiter::Brace => return,
            TokenTree::Punct(p) if up_to_body && p.as_char() == ';' => return,
            TokenTree::Group(g) if up_to_body && g.delimiter() == Delimiter::Parenthesis => "(..)".to_owned(),
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let mut text = String::new();
                join(&inner, false, &mut text);
                match g.delimiter() {
                    Delimiter::Brace => format!("{{{text}}}"),
                    Delimiter::Bracket => format!("[{text}]"),
                    Delimiter::Parenthesis => format!("({text})"),
                    Delimiter::None => text,
                }
            }
            other => other.to_string(),
        };
        let glued = out.ends_with("::")
            || matches!(out.chars().last(), Some('<' | '&' | '!' | '(' | '[' | '{') | None)
            || matches!(text.chars().next(), Some(':' | '<' | '>' | ',' | '!' | '?' | '(' | ')' | ']' | '}' | ';'));
        if !glued {
            out.push(' ');
        }
        out.push_str(&text);
    }
}

/// Splits a file's tokens into its top-level items (inner attributes go with the first). At the top level of a
/// file an item ends with a `;` or with a braced body; a braced body followed by `;` (a `static` or `const` with a
/// struct literal) ends at the `;`.
fn top_level_items(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut after_brace = false;
    for tt in tokens {
        if after_brace {
            after_brace = false;
            if !matches!(&tt, TokenTree::Punct(p) if p.as_char() == ';') {
                items.push(std::mem::take(&mut current));
            }
        }
        let ends = match &tt {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                after_brace = g.delimiter() == Delimiter::Brace;
                false
            }
            _ => false,
        };
        current.push(tt);
        if ends {
            items.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        items.push(current);
    }
    items
}

/// The marker item that holds the place of an item laid out by [`layout::table_macro`].
fn marker(index: usize) -> String {
    format!("const __OAGEN_LAYOUT_{index}: () = ();")
}

/// Replaces each table macro invocation (at any module depth) with a marker item, keeping its rendering.
fn take_own_layout(items: &mut [syn::Item], out: &mut Vec<String>) {
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    take_own_layout(inner, out);
                }
            }
            syn::Item::Macro(m) => {
                let path: Vec<String> = m.mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
                let (path, last) = (path.join("::"), path.last().map(String::as_str).unwrap_or_default());
                let text = if ITEM_MACROS.contains(&last) {
                    // The item inside, printed on its own one level in: what the direct layout prints.
                    prettyplease_item(m.mac.tokens.clone().into_iter().collect(), 1)
                        .ok()
                        .map(|inner| format!("{path}! {{\n{inner}}}"))
                } else if TABLE_MACROS.contains(&last) {
                    layout::table_macro(&path, m.mac.tokens.clone())
                } else {
                    None
                };
                if let Some(text) = text {
                    let ident = quote::format_ident!("__OAGEN_LAYOUT_{}", out.len());
                    out.push(text);
                    // The invocation's attributes (a `#[cfg(..)]`) stay, printed above the marker.
                    let attrs = &m.attrs;
                    *item = syn::parse_quote!(#(#attrs)* const #ident: () = (););
                }
            }
            _ => {}
        }
    }
}

/// Puts each kept rendering back where its marker was printed, at the marker's indentation.
fn restore_own_layout(printed: &str, own_layout: &[String]) -> String {
    if own_layout.is_empty() {
        return printed.to_owned();
    }
    let mut out = String::with_capacity(printed.len() + own_layout.iter().map(String::len).sum::<usize>());
    let mut next = 0;
    for line in printed.lines() {
        let trimmed = line.trim_start();
        if next < own_layout.len() && trimmed == marker(next) {
            let indent = &line[..line.len() - trimmed.len()];
            for l in own_layout[next].lines() {
                out.push_str(indent);
                out.push_str(l);
                out.push('\n');
            }
            next += 1;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Combines formatted module files into one file of inline modules (`pub mod name { ... }`), for a build script to
/// `include!`: `prelude` (items, such as the runtime check) first, then each module; each file's inner attributes
/// move into its module, so the result has none at the top.
pub fn inline_modules(
    prelude: proc_macro2::TokenStream,
    modules: &[(&str, &str)],
    header: &str,
) -> Result<String, String> {
    let mut items = vec![prelude];
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
                || t.starts_with("async fn ")
                // The macro items oagen emits (statements such as `println!` inside functions are not items).
                || t.strip_prefix("oagen_runtime::").is_some_and(|rest| {
                    TABLE_MACROS
                        .iter()
                        .chain(&["client_calls", "client_settings", "generated_for"])
                        .any(|m| rest.strip_prefix(m).is_some_and(|r| r.starts_with("!(")))
                        || ITEM_MACROS.iter().any(|m| rest.strip_prefix(m).is_some_and(|r| r.starts_with("! {")))
                });
            let ends_item = !p_t.starts_with("//")
                && (p_t == "}"
                    || (p_t.ends_with("{}") && !p_t.starts_with("fn ") && !p_t.starts_with("pub fn "))
                    || (p_t.ends_with(';') && !p_t.starts_with("use ")));
            let after_uses = p_t.starts_with("use ") && !t.starts_with("use ") && indent(p) == indent(line);
            let after_inner_docs = p_t.starts_with("//!") && !t.starts_with("//!");
            if (ends_item && starts_item && indent(p) == indent(line) && !p_t.starts_with("//!"))
                || after_uses
                || after_inner_docs
            {
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
    fn string_enum_tables_get_one_value_per_line_at_any_depth() {
        let tokens = quote::quote! {
            pub mod types {
                pub enum A { X, Y, Other(String) }
                oagen_runtime::string_enum!(A { X = "x-ray", Y = "a \"quoted\", value" } Other);
            }
        };
        let text = format_file(tokens, "// header").unwrap_or_default();
        assert!(
            text.contains(
                "    oagen_runtime::string_enum!(A {\n        X = \"x-ray\",\n        Y = \"a \\\"quoted\\\", value\",\n    } Other);\n"
            ),
            "{text}"
        );
        assert!(!text.contains("__OAGEN_LAYOUT"));
    }

    #[test]
    fn gated_table_macros_keep_their_attributes_either_way() {
        // Laid out directly, and through prettyplease (in a module it prints whole, as in the reference), alike.
        let tokens = quote::quote! {
            #[cfg(feature = "tag-a")]
            pub enum A { X, Other(String) }
            #[cfg(any(feature = "tag-a", feature = "tag-b"))]
            oagen_runtime::string_enum!(A { X = "x" } Other);
        };
        let text = format_file(tokens.clone(), "// h").unwrap_or_default();
        assert!(
            text.contains("#[cfg(any(feature = \"tag-a\", feature = \"tag-b\"))]\noagen_runtime::string_enum!(A {"),
            "{text}"
        );
        assert_eq!(format_file_reference(tokens, "// h").unwrap_or_default(), text);
    }

    #[test]
    fn an_item_that_does_not_parse_is_named_in_the_error() {
        // As in examples/server.rs for a crate named `box`: the crate docs go with the first item, which is then
        // printed by prettyplease.
        let tokens: TokenStream = "#![doc = \"x\"] use box::server::{self, Api};".parse().unwrap();
        let error = print(tokens).unwrap_err();
        assert!(error.starts_with("item `use box::server::{self, Api}`: generated tokens do not parse"), "{error}");
        let tokens: TokenStream =
            "struct Ok; #[doc = \"x\"] pub(crate) fn get_pet<T: A<B>>(a: u8) -> T { let = ; }".parse().unwrap();
        let error = print(tokens).unwrap_err();
        assert!(error.starts_with("item `fn get_pet<T: A<B>>(..) -> T`: "), "{error}");
        let tokens: TokenStream = "mod m { impl rt::Operation<A> for Request { fn f() { let = ; } } }".parse().unwrap();
        let error = print(tokens).unwrap_err();
        assert!(error.starts_with("item `impl rt::Operation<A> for Request`: "), "{error}");
    }

    #[test]
    fn items_are_split_at_the_top_level_only() {
        let tokens = quote::quote! {
            #![doc = " Inner."]
            use a::b;
            static S: Schema = Schema::Object { properties: &[] };
            pub struct A { x: u8 }
            impl A { fn f() { let a = 1; } }
            mod m { pub fn g() {} }
            pub struct T(u8);
        };
        let items: Vec<String> = top_level_items(tokens.clone())
            .into_iter()
            .map(|i| i.into_iter().collect::<TokenStream>().to_string())
            .collect();
        assert_eq!(items.len(), 6, "{items:?}");
        assert!(items[0].starts_with("# ! [doc") && items[0].ends_with("use a :: b ;"), "{items:?}");
        assert!(items[1].starts_with("static S") && items[1].ends_with("} ;"), "{items:?}");
        // Printed one item at a time, the text is what prettyplease prints for the whole file.
        let whole = prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap_or_else(|_| syn::parse_quote!()));
        let text = format_file(tokens, "// h").unwrap_or_default();
        assert_eq!(text, format!("// h\n{}", spaced(&whole)));
    }

    #[test]
    fn struct_macros_print_their_struct_one_level_in_either_way() {
        let tokens = quote::quote! {
            pub mod types {
                #[cfg(feature = "a")]
                oagen_runtime::serde_struct! {
                    #[doc = " A struct."]
                    #[derive(Debug, Clone)]
                    pub struct A {
                        #[doc = " The type."]
                        #[wire(required, rename = "type")]
                        pub r#type: String,
                        #[wire(optional)]
                        #[deprecated]
                        pub b: Option<BTreeMap<String, serde_json::Value>>,
                        #[additional]
                        pub extra: serde_json::Map<String, serde_json::Value>,
                    }
                }
                oagen_runtime::serde_struct! {
                    pub struct E {}
                }
            }
        };
        let text = format_file(tokens.clone(), "// header").unwrap_or_default();
        let a = "    #[cfg(feature = \"a\")]\n    oagen_runtime::serde_struct! {\n        /// A struct.\n        \
                 #[derive(Debug, Clone)]\n        pub struct A {\n            /// The type.\n            \
                 #[wire(required, rename = \"type\")]\n            pub r#type: String,\n            \
                 #[wire(optional)]\n            #[deprecated]\n            \
                 pub b: Option<BTreeMap<String, serde_json::Value>>,\n            #[additional]\n            \
                 pub extra: serde_json::Map<String, serde_json::Value>,\n        }\n    }\n\n";
        assert!(text.contains(a), "{text}");
        assert!(text.contains("\n\n    oagen_runtime::serde_struct! {\n        pub struct E {}\n    }\n}\n"), "{text}");
        assert_eq!(format_file_reference(tokens, "// header").unwrap_or_default(), text);
    }

    #[test]
    fn macro_items_are_separated_too() {
        let code = "pub enum A {\n    X,\n}\noagen_runtime::string_enum!(A { X = \"x\" } Other);\npub struct B;\n";
        assert_eq!(
            spaced(code),
            "pub enum A {\n    X,\n}\n\noagen_runtime::string_enum!(A { X = \"x\" } Other);\n\npub struct B;\n"
        );
    }

    #[test]
    fn macro_statements_in_functions_are_left_alone() {
        let code = "fn main() {\n    let a = 1;\n    println!(\"{a}\");\n}\n";
        assert_eq!(spaced(code), code);
    }

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
