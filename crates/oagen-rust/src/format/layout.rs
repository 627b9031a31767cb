//! The declaration items oagen emits most, laid out straight from their tokens in exactly the text prettyplease
//! prints for them: structs, enums, modules, `use`s and the runtime's table macros. Parsing these into a syntax
//! tree only to print them again was most of the formatting time of a large crate.
//!
//! Every function here returns `None` for a shape it does not know (generics, literals in attributes, anything in
//! a line that prettyplease could break because it is longer than its margin), and the caller hands that item to
//! prettyplease instead. `tests/format_layout.rs` checks over every corpus document and bundled spec that the two
//! print the same text, byte for byte.

use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};

/// prettyplease's margin: a line up to this long stays whole; a longer one may be broken, so it is left to it.
const MARGIN: usize = 89;

/// One level of indentation.
pub(super) const INDENT: &str = "    ";

/// The text of one item at `depth` levels of indentation (with its newline), or `None` when its shape is not one
/// laid out here. Modules are handled by [`module`], since their items may need prettyplease.
pub(super) fn item(tokens: &[TokenTree], depth: usize) -> Option<String> {
    let mut p = Printer { out: String::new(), depth };
    let rest = p.outer_attrs(tokens)?;
    let (vis, rest) = visibility(rest)?;
    match rest {
        [TokenTree::Ident(kw), TokenTree::Ident(name), body @ ..] if kw == "struct" => p.structure(vis, name, body)?,
        [TokenTree::Ident(kw), TokenTree::Ident(name), TokenTree::Group(body)] if kw == "enum" => {
            p.enumeration(vis, name, body)?
        }
        [TokenTree::Ident(kw), tree @ .., TokenTree::Punct(semi)] if kw == "use" && semi.as_char() == ';' => {
            let mut text = format!("{vis}use ");
            path_list(tree, Delimiter::Brace, &mut text)?;
            text.push(';');
            p.fitting(&text)?;
        }
        _ if vis.is_empty() => match item_macro(rest) {
            Some((path, body)) => {
                let body: Vec<TokenTree> = body.into_iter().collect();
                let inner = item(&body, depth + 1)?;
                p.line(&format!("{path}! {{"));
                p.out.push_str(&inner);
                p.line("}");
            }
            None => p.table_macro(rest)?,
        },
        _ => return None,
    }
    Some(p.out)
}

/// A module with a body: its attributes and `pub mod name` (without the brace, at `depth`), and its items. `None`
/// for anything else, and for a module with inner attributes (`#![...]`), which only prettyplease places.
pub(super) fn module(tokens: &[TokenTree], depth: usize) -> Option<(String, TokenStream)> {
    let mut p = Printer { out: String::new(), depth };
    let rest = p.outer_attrs(tokens)?;
    let (vis, rest) = visibility(rest)?;
    let [TokenTree::Ident(kw), TokenTree::Ident(name), TokenTree::Group(body)] = rest else { return None };
    if kw != "mod" || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let mut inner = body.stream().into_iter();
    if let (Some(TokenTree::Punct(hash)), Some(TokenTree::Punct(bang))) = (inner.next(), inner.next()) {
        if hash.as_char() == '#' && bang.as_char() == '!' {
            return None;
        }
    }
    p.indent();
    p.out.push_str(&format!("{vis}mod {}", ident(name)));
    Some((p.out, body.stream()))
}

/// `path!(Name { row, row } tail);` with one row per line: `string_enum!(Name { A = "a", B = "b" } Other)`,
/// `serde_struct!(Name { required a = "a" } .. extra)` (or in groups, `serde_struct!(Name { [required a] } ..
/// extra)`), `tagged_union!(Name { A = "a" } "kind" Other)`. `path` is the macro's path as written (`a::b`).
pub(super) fn table_macro(path: &str, tokens: TokenStream) -> Option<String> {
    let mut tokens = tokens.into_iter();
    let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(table))) = (tokens.next(), tokens.next()) else {
        return None;
    };
    if table.delimiter() != Delimiter::Brace {
        return None;
    }
    let lines = |rows: Vec<String>| -> String { rows.iter().map(|r| format!("{INDENT}{r},\n")).collect() };
    let grouped =
        matches!(table.stream().into_iter().next(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket);
    let table = if grouped {
        // `{ [\n rows\n], [\n rows\n] }`: the groups of `serde_struct!`, one row per line.
        let mut groups = Vec::new();
        for tt in table.stream() {
            match tt {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                    groups.push(format!("[\n{}]", lines(rows(g.stream())?)));
                }
                TokenTree::Punct(p) if p.as_char() == ',' => {}
                _ => return None,
            }
        }
        format!("{{ {} }}", groups.join(", "))
    } else {
        let body = lines(rows(table.stream())?);
        if body.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{\n{body}}}")
        }
    };
    let tail = row_text(tokens.collect());
    let tail = if tail.is_empty() { tail } else { format!(" {tail}") };
    Some(format!("{path}!({name} {table}{tail});"))
}

/// The comma-separated rows of a table, each as text; none when a row holds a group (which the flat layout would
/// mangle).
fn rows(stream: TokenStream) -> Option<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    // Commas inside a row's type (`BTreeMap<String, T>`) are not row ends.
    let mut angles = 0usize;
    for tt in stream {
        match tt {
            TokenTree::Punct(p) if p.as_char() == ',' && angles == 0 => rows.push(row_text(std::mem::take(&mut row))),
            // An argument list or an array (`object(&["id"], &[], false)`), as one writes it.
            TokenTree::Group(g) if g.delimiter() != Delimiter::None && g.delimiter() != Delimiter::Brace => {
                row.push(TokenTree::Group(g))
            }
            TokenTree::Group(_) => return None,
            other => {
                if let TokenTree::Punct(p) = &other {
                    match p.as_char() {
                        '<' => angles += 1,
                        '>' => angles = angles.checked_sub(1)?,
                        _ => {}
                    }
                }
                row.push(other);
            }
        }
    }
    if !row.is_empty() {
        rows.push(row_text(row));
    }
    Some(rows)
}

/// A row (or a table's tail, `.. extra`) as text, types as rustfmt writes them:
/// `required a: Option<BTreeMap<String, T>> = "a"`.
fn row_text(tokens: Vec<TokenTree>) -> String {
    use proc_macro2::Spacing;
    let punct = |tt: &TokenTree| match tt {
        TokenTree::Punct(p) => Some((p.as_char(), p.spacing())),
        _ => None,
    };
    let mut out = String::new();
    let (mut prev, mut before_prev): (Option<&TokenTree>, Option<&TokenTree>) = (None, None);
    for tt in &tokens {
        let space = match (prev.and_then(punct), punct(tt)) {
            _ if prev.is_none() => false,
            // Nothing before `<`, `>`, `,` and `:`.
            (_, Some(('<' | '>' | ',' | ':', _))) => false,
            // Nothing after `<`, `&` or a joint punctuation (`::`, `'a`).
            (Some(('<' | '&', _) | (_, Spacing::Joint)), _) => false,
            // Nothing after the second `:` of a `::`.
            (Some((':', _)), _) if before_prev.and_then(punct) == Some((':', Spacing::Joint)) => false,
            _ => true,
        };
        // Nothing between a name and its arguments (`object(`).
        let call = matches!((prev, tt), (Some(TokenTree::Ident(_)), TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis);
        if space && !call {
            out.push(' ');
        }
        match tt {
            TokenTree::Group(g) => group_text(g, &mut out),
            other => out.push_str(&other.to_string()),
        }
        (before_prev, prev) = (prev, Some(tt));
    }
    out
}

/// `(a, b)` or `[a, b]`, each part as [`row_text`] writes it.
fn group_text(g: &Group, out: &mut String) {
    let (open, close) = match g.delimiter() {
        Delimiter::Parenthesis => ('(', ')'),
        _ => ('[', ']'),
    };
    let tokens: Vec<TokenTree> = g.stream().into_iter().collect();
    let parts: Vec<String> = split(&tokens, false).into_iter().map(|p| row_text(p.to_vec())).collect();
    out.push(open);
    out.push_str(&parts.join(", "));
    out.push(close);
}

/// The runtime's table macros, laid out by [`table_macro`]: prettyplease lays out macro arguments as one flowing
/// token stream, which splits `Variant = "value"` rows across lines.
pub(super) const TABLE_MACROS: [&str; 4] = ["string_enum", "integer_enum", "tagged_union", "untagged_union"];

/// The runtime's macros whose input is one item (`serde_struct! { pub struct A { .. } }`), printed as
/// `path! {`, the item one level in as it would be printed on its own, `}`.
pub(super) const ITEM_MACROS: [&str; 1] = ["serde_struct"];

/// The path of an item macro invocation (`oagen_runtime::serde_struct`) and its braced body, when `tokens` is one
/// of [`ITEM_MACROS`].
pub(super) fn item_macro(tokens: &[TokenTree]) -> Option<(String, TokenStream)> {
    let [path @ .., TokenTree::Punct(bang), TokenTree::Group(body)] = tokens else { return None };
    if bang.as_char() != '!' || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let path = macro_path(path)?;
    ITEM_MACROS.contains(&path.rsplit("::").next().unwrap_or_default()).then(|| (path, body.stream()))
}

/// A macro's path as written (`a::b`), of names and `::` only.
fn macro_path(path: &[TokenTree]) -> Option<String> {
    let mut text = String::new();
    for tt in path {
        match tt {
            TokenTree::Ident(i) => text.push_str(&ident(i)),
            TokenTree::Punct(p) if p.as_char() == ':' => text.push(':'),
            _ => return None,
        }
    }
    Some(text)
}

/// Lines of text at a depth of indentation.
struct Printer {
    out: String,
    depth: usize,
}

impl Printer {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    /// A line that prettyplease never breaks (a doc comment, `Variant,`).
    fn line(&mut self, text: &str) {
        self.indent();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line prettyplease keeps whole only while it fits its margin (prettyplease measures in bytes).
    fn fitting(&mut self, text: &str) -> Option<()> {
        (self.depth * INDENT.len() + text.len() <= MARGIN).then(|| self.line(text))
    }

    /// Prints the leading `#[...]` attributes and returns the tokens after them.
    fn outer_attrs<'a>(&mut self, mut tokens: &'a [TokenTree]) -> Option<&'a [TokenTree]> {
        while let [TokenTree::Punct(hash), TokenTree::Group(attr), rest @ ..] = tokens {
            if hash.as_char() != '#' || attr.delimiter() != Delimiter::Bracket {
                break;
            }
            self.attr(attr)?;
            tokens = rest;
        }
        Some(tokens)
    }

    /// `#[doc = "text"]` as `///text` (as prettyplease prints a one-line doc that does not start with `/`), any
    /// other attribute of paths, commas and parentheses as written (`#[derive(Debug, Clone)]`).
    fn attr(&mut self, attr: &Group) -> Option<()> {
        let tokens: Vec<TokenTree> = attr.stream().into_iter().collect();
        if let [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)] = tokens.as_slice() {
            if name != "doc" || eq.as_char() != '=' {
                return None;
            }
            let doc = unescape(&lit.to_string())?;
            if doc.contains('\n') || doc.starts_with('/') {
                return None;
            }
            self.line(&format!("///{}", doc.trim_end_matches(' ')));
            return Some(());
        }
        let mut text = String::from("#[");
        path_list(&tokens, Delimiter::Parenthesis, &mut text)?;
        text.push(']');
        self.fitting(&text)
    }

    /// `struct Name;`, `struct Name(A, B);` or `struct Name { fields }`.
    fn structure(&mut self, vis: &str, name: &Ident, body: &[TokenTree]) -> Option<()> {
        let name = ident(name);
        match body {
            [TokenTree::Punct(semi)] if semi.as_char() == ';' => self.fitting(&format!("{vis}struct {name};")),
            [TokenTree::Group(fields), TokenTree::Punct(semi)]
                if semi.as_char() == ';' && fields.delimiter() == Delimiter::Parenthesis =>
            {
                let mut text = format!("{vis}struct {name}");
                tuple_fields(fields, &mut text)?;
                text.push(';');
                self.fitting(&text)
            }
            [TokenTree::Group(fields)] if fields.delimiter() == Delimiter::Brace => {
                let fields: Vec<TokenTree> = fields.stream().into_iter().collect();
                if fields.is_empty() {
                    return self.fitting(&format!("{vis}struct {name} {{}}"));
                }
                self.fitting(&format!("{vis}struct {name} {{"))?;
                self.depth += 1;
                for field in split(&fields, true) {
                    let rest = self.outer_attrs(field)?;
                    let (vis, rest) = visibility(rest)?;
                    let [TokenTree::Ident(field_name), TokenTree::Punct(colon), ty @ ..] = rest else { return None };
                    if colon.as_char() != ':' || colon.spacing() == proc_macro2::Spacing::Joint {
                        return None;
                    }
                    let mut text = format!("{vis}{}: ", ident(field_name));
                    self::ty(ty, &mut text)?;
                    text.push(',');
                    self.fitting(&text)?;
                }
                self.depth -= 1;
                self.line("}");
                Some(())
            }
            _ => None,
        }
    }

    /// `enum Name { Unit, Tuple(A, B) }`, each variant with its attributes.
    fn enumeration(&mut self, vis: &str, name: &Ident, body: &Group) -> Option<()> {
        if body.delimiter() != Delimiter::Brace {
            return None;
        }
        let name = ident(name);
        let variants: Vec<TokenTree> = body.stream().into_iter().collect();
        if variants.is_empty() {
            return self.fitting(&format!("{vis}enum {name} {{}}"));
        }
        self.fitting(&format!("{vis}enum {name} {{"))?;
        self.depth += 1;
        for variant in split(&variants, false) {
            match self.outer_attrs(variant)? {
                [TokenTree::Ident(variant)] => self.fitting(&format!("{},", ident(variant)))?,
                [TokenTree::Ident(variant), TokenTree::Group(fields)]
                    if fields.delimiter() == Delimiter::Parenthesis =>
                {
                    let mut text = ident(variant);
                    tuple_fields(fields, &mut text)?;
                    text.push(',');
                    self.fitting(&text)?;
                }
                _ => return None,
            }
        }
        self.depth -= 1;
        self.line("}");
        Some(())
    }

    /// A table macro invocation (`oagen_runtime::serde_struct!(...);`), each of its lines at this depth.
    fn table_macro(&mut self, tokens: &[TokenTree]) -> Option<()> {
        let [path @ .., TokenTree::Punct(bang), TokenTree::Group(args), TokenTree::Punct(semi)] = tokens else {
            return None;
        };
        if bang.as_char() != '!' || semi.as_char() != ';' || args.delimiter() != Delimiter::Parenthesis {
            return None;
        }
        let path_text = macro_path(path)?;
        let last = path_text.rsplit("::").next().unwrap_or_default();
        if !TABLE_MACROS.contains(&last) {
            return None;
        }
        for line in table_macro(&path_text, args.stream())?.lines() {
            self.line(line);
        }
        Some(())
    }
}

/// `pub `, `pub(crate) ` (any single-word restriction) or nothing, and the tokens after it.
fn visibility(tokens: &[TokenTree]) -> Option<(&'static str, &[TokenTree])> {
    match tokens {
        [TokenTree::Ident(p), TokenTree::Group(g), rest @ ..]
            if p == "pub" && g.delimiter() == Delimiter::Parenthesis =>
        {
            match g.stream().into_iter().collect::<Vec<_>>().as_slice() {
                [TokenTree::Ident(r)] if r == "crate" => Some(("pub(crate) ", rest)),
                [TokenTree::Ident(r)] if r == "super" => Some(("pub(super) ", rest)),
                _ => None,
            }
        }
        [TokenTree::Ident(p), rest @ ..] if p == "pub" => Some(("pub ", rest)),
        _ => Some(("", tokens)),
    }
}

/// `(A, B)`: the unnamed fields of a tuple struct or variant, with their visibility.
fn tuple_fields(fields: &Group, out: &mut String) -> Option<()> {
    let tokens: Vec<TokenTree> = fields.stream().into_iter().collect();
    out.push('(');
    for (i, field) in split(&tokens, true).into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let (vis, ty) = visibility(field)?;
        out.push_str(vis);
        self::ty(ty, out)?;
    }
    out.push(')');
    Some(())
}

/// Splits at the commas outside angle brackets (`generic` on) or at every top-level comma; a trailing comma ends
/// the last part.
fn split(tokens: &[TokenTree], generic: bool) -> Vec<&[TokenTree]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, tt) in tokens.iter().enumerate() {
        if let TokenTree::Punct(p) = tt {
            match p.as_char() {
                '<' if generic => depth += 1,
                '>' if generic => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    parts.push(&tokens[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
    }
    if start < tokens.len() {
        parts.push(&tokens[start..]);
    }
    parts
}

/// A type made of paths and generic arguments (`Option<BTreeMap<String, serde_json::Value>>`); `None` for
/// anything else (references, tuples, arrays, `dyn`, a trailing comma).
fn ty(tokens: &[TokenTree], out: &mut String) -> Option<()> {
    // What came last: `None` for a name, else the punctuation; a type starts as after a `<`.
    let mut previous: Option<char> = Some('<');
    let mut open = 0usize;
    for (at, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Ident(name) if !matches!(previous, None | Some('>')) => {
                out.push_str(&ident(name));
                previous = None;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let closes_next = matches!(tokens.get(at + 1), Some(TokenTree::Punct(n)) if n.as_char() == '>');
                match (c, previous) {
                    (':', Some(':' | ',' | '<') | None) => out.push(c),
                    ('<', None) => {
                        open += 1;
                        out.push(c);
                    }
                    ('>', None | Some('>')) if open > 0 => {
                        open -= 1;
                        out.push(c);
                    }
                    (',', None | Some('>')) if open > 0 && !closes_next => out.push_str(", "),
                    _ => return None,
                }
                previous = Some(c);
            }
            _ => return None,
        }
    }
    (open == 0 && matches!(previous, None | Some('>'))).then_some(())
}

/// Paths, commas and one kind of group, spaced as prettyplease spaces them: attribute arguments
/// (`derive(Debug, Clone)`, `group` parentheses) and `use` trees (`super::{rt, types}`, `group` braces, where `*`
/// may stand too and a list holds two or more flat names: prettyplease prints `a::{b}` as `a::b` and breaks
/// nested lists, so those are its own).
fn path_list(tokens: &[TokenTree], group: Delimiter, out: &mut String) -> Option<()> {
    let mut word = false;
    for (i, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) => {
                if word {
                    out.push(' ');
                }
                out.push_str(&ident(id));
                word = true;
            }
            TokenTree::Punct(p) if p.as_char() == ':' || (p.as_char() == '*' && group == Delimiter::Brace) => {
                out.push(p.as_char());
                word = false;
            }
            TokenTree::Punct(p) if p.as_char() == ',' && i + 1 < tokens.len() => {
                out.push_str(", ");
                word = false;
            }
            // `feature = "x"` in an attribute (`#[cfg(any(feature = "a", feature = "b"))]`).
            TokenTree::Punct(p) if p.as_char() == '=' && group == Delimiter::Parenthesis && word => {
                out.push_str(" = ");
                word = false;
            }
            TokenTree::Literal(lit) if group == Delimiter::Parenthesis && !word && out.ends_with(" = ") => {
                let text = lit.to_string();
                if !text.starts_with('"') {
                    return None;
                }
                out.push_str(&text);
                word = true;
            }
            TokenTree::Group(g) if g.delimiter() == group => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                let (open, close) = if group == Delimiter::Brace { ('{', '}') } else { ('(', ')') };
                if open == '{'
                    && (split(&inner, false).len() < 2 || inner.iter().any(|t| matches!(t, TokenTree::Group(_))))
                {
                    return None;
                }
                out.push(open);
                path_list(&inner, group, out)?;
                out.push(close);
                word = false;
            }
            _ => return None,
        }
    }
    Some(())
}

fn ident(i: &Ident) -> String {
    i.to_string()
}

/// The value of a string literal as proc-macro2 writes it (`"a \"b\"\n"`); `None` for other literals and for
/// escapes it does not write.
fn unescape(literal: &str) -> Option<String> {
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn laid_out(tokens: TokenStream) -> Option<String> {
        item(&tokens.into_iter().collect::<Vec<_>>(), 0)
    }

    fn pretty(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap_or_else(|_| syn::parse_quote!()))
    }

    #[test]
    fn structs_and_enums_print_as_prettyplease_prints_them() {
        let cases = [
            quote! {
                #[doc = " A \"quoted\" doc\twith a tab \u{1F600} "]
                #[doc = ""]
                #[derive(Debug, Clone, PartialEq)]
                pub struct A {
                    #[doc = " The field."]
                    pub r#type: Option<BTreeMap<String, serde_json::Value>>,
                    pub(crate) b: Vec<Box<A>>,
                    c: u8,
                }
            },
            quote! { pub struct Unit; },
            quote! { pub struct Empty {} },
            quote! { pub struct Tuple(pub String, Vec<u8>); },
            quote! {
                #[allow(clippy::large_enum_variant)]
                pub enum E { #[default] X, #[doc = " Y."] Y(types::Y), Z(String, Option<u8>) }
            },
            quote! { pub enum Never {} },
            quote! { #[cfg(feature = "client")] pub struct S; },
            quote! {
                #[doc = " Gated."]
                #[cfg(any(feature = "tag-pets", feature = "tag-pet-store"))]
                #[derive(Debug)]
                pub enum G { #[cfg(not(feature = "full"))] A, B(u8) }
            },
            quote! { #[cfg(feature = "tag-a")] use super::types; },
            quote! { use super::{rt, schemas, types}; },
            quote! { pub use super::BasicAuth as Credentials; },
            quote! { use std::collections::*; },
        ];
        for tokens in cases {
            assert_eq!(laid_out(tokens.clone()).as_deref(), Some(pretty(tokens).as_str()));
        }
        // prettyplease prints `a::{b}` as `a::b` and breaks nested lists: left to it.
        for tokens in [quote! { use a::{b}; }, quote! { use a::{b::{c, d}, e}; }] {
            assert_eq!(laid_out(tokens.clone()), None, "{tokens}");
        }
    }

    #[test]
    fn lines_prettyplease_would_break_are_left_to_it() {
        let long = quote::format_ident!("{}", "A".repeat(80));
        let fits = quote::format_ident!("{}", "A".repeat(89 - 4 - "pub a: Option<>,".len()));
        let too_long = quote::format_ident!("{}", "A".repeat(90 - 4 - "pub a: Option<>,".len()));
        assert_eq!(laid_out(quote! { pub struct S { pub a: Option<#too_long> } }), None);
        let fitting = quote! { pub struct S { pub a: Option<#fits> } };
        assert_eq!(laid_out(fitting.clone()).as_deref(), Some(pretty(fitting).as_str()));
        assert_eq!(laid_out(quote! { pub enum E { V(#long, #long) } }), None);
    }

    #[test]
    fn other_shapes_are_left_to_prettyplease() {
        let cases = [
            quote! { pub struct S<'a> { a: &'a str } },
            quote! { pub struct S { a: &'static str } },
            quote! { pub struct S { a: (u8, u8) } },
            quote! { pub struct S { a: [u8; 4] } },
            quote! { pub enum E { A = 1 } },
            quote! { pub enum E { A { x: u8 } } },
            quote! { #[doc = "/ starts with a slash"] pub struct S; },
            quote! { #[doc = " two\nlines"] pub struct S; },
            quote! { #[cfg(feature = 1)] pub struct S; },
            quote! { #[cfg(feature "a")] pub struct S; },
            quote! { impl S {} },
            quote! { pub const A: u8 = 1; },
            quote! { println!("{}", 1); },
            quote! { pub mod m {} },
        ];
        for tokens in cases {
            assert_eq!(laid_out(tokens.clone()), None, "{tokens}");
        }
    }

    #[test]
    fn table_macros_get_one_row_per_line_at_their_depth() {
        let tokens: Vec<TokenTree> =
            quote! { oagen_runtime::string_enum!(A { X = "x", Y = "y" } Other); }.into_iter().collect();
        assert_eq!(
            item(&tokens, 1).as_deref(),
            Some("    oagen_runtime::string_enum!(A {\n        X = \"x\",\n        Y = \"y\",\n    } Other);\n")
        );
        let tagged: Vec<TokenTree> =
            quote! { oagen_runtime::tagged_union!(U { A = "a", B } "kind" Other); }.into_iter().collect();
        assert_eq!(
            item(&tagged, 0).as_deref(),
            Some("oagen_runtime::tagged_union!(U {\n    A = \"a\",\n    B,\n} \"kind\" Other);\n")
        );
        let untagged: Vec<TokenTree> = quote! { oagen_runtime::untagged_union!(U {} Other); }.into_iter().collect();
        assert_eq!(item(&untagged, 0).as_deref(), Some("oagen_runtime::untagged_union!(U {} Other);\n"));
        let other: Vec<TokenTree> = quote! { other::thing!(A { X = "x" }); }.into_iter().collect();
        assert_eq!(item(&other, 0), None);
        // A gated one keeps its attribute, on a line of its own as prettyplease prints it.
        let gated: Vec<TokenTree> =
            quote! { #[cfg(feature = "tag-a")] oagen_runtime::untagged_union!(U {} Other); }.into_iter().collect();
        assert_eq!(
            item(&gated, 0).as_deref(),
            Some("#[cfg(feature = \"tag-a\")]\noagen_runtime::untagged_union!(U {} Other);\n")
        );
    }

    #[test]
    fn modules_give_their_head_and_body() {
        let tokens: Vec<TokenTree> = quote! { #[doc = " M."] pub mod m { pub struct A; } }.into_iter().collect();
        let (head, body) = module(&tokens, 1).unwrap_or_default();
        assert_eq!(head, "    /// M.\n    pub mod m");
        assert_eq!(body.to_string(), "pub struct A ;");
        let inner: Vec<TokenTree> = quote! { mod m { #![allow(dead_code)] } }.into_iter().collect();
        assert!(module(&inner, 0).is_none());
    }

    #[test]
    fn string_literals_unescape_as_proc_macro2_escapes_them() {
        let value = "a \"b\" \\ \n \t \r \0 ' \u{7f} \u{1F600} é";
        let literal = proc_macro2::Literal::string(value).to_string();
        assert_eq!(unescape(&literal).as_deref(), Some(value));
        assert_eq!(unescape("r\"raw\""), None);
        assert_eq!(unescape("\"\\x41\""), None);
    }
}
