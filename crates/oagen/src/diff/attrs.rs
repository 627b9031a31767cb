//! What the attributes of a generated item say: visibility to callers, derives, `#[wire(..)]` markers, `cfg`
//! conditions, and its docs as the diff compares them.

use std::collections::BTreeSet;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;

/// Whether an item is public API: `pub` and not `#[doc(hidden)]`.
pub(crate) fn visible(vis: &syn::Visibility, attrs: &[syn::Attribute]) -> bool {
    matches!(vis, syn::Visibility::Public(_)) && !has_doc_hidden(attrs)
}

/// Whether an attribute `#[name]` (or `#[name(..)]`, `#[name = ..]`) is there.
pub(crate) fn has(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// `#[doc(hidden)]`.
pub(crate) fn has_doc_hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("doc") && matches!(a.meta, syn::Meta::List(_))).any(|a| {
        let mut hidden = false;
        let _ = a.parse_nested_meta(|m| {
            hidden |= m.path.is_ident("hidden");
            Ok(())
        });
        hidden
    })
}

/// The traits of `#[derive(..)]` attributes, by their last path segment.
pub(crate) fn derives(attrs: &[syn::Attribute]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        if let Ok(paths) = a.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated) {
            out.extend(paths.iter().filter_map(|p| p.segments.last().map(|s| s.ident.to_string())));
        }
    }
    out
}

/// A field's `#[wire(presence[, rename = ".."])]`, or `#[additional]`.
pub(crate) fn wire(attrs: &[syn::Attribute]) -> (Option<String>, Option<String>) {
    if has(attrs, "additional") {
        return (Some("additional".to_owned()), None);
    }
    let (mut presence, mut rename) = (None, None);
    for a in attrs.iter().filter(|a| a.path().is_ident("wire")) {
        let _ = a.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                rename = Some(m.value()?.parse::<syn::LitStr>()?.value());
            } else if let Some(ident) = m.path.get_ident() {
                presence = Some(ident.to_string());
            }
            Ok(())
        });
    }
    (presence, rename)
}

/// The `#[cfg(..)]` conditions, joined with `and` when there are several.
pub(crate) fn cfg(attrs: &[syn::Attribute]) -> Option<String> {
    let conditions: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| a.parse_args_with(cfg_predicate).ok())
        .collect();
    (!conditions.is_empty()).then(|| conditions.join(" and "))
}

/// One `cfg` predicate as written: `feature = "x"`, `any(feature = "a", feature = "b")`.
fn cfg_predicate(input: ParseStream<'_>) -> syn::Result<String> {
    let name = input.call(syn::Ident::parse_any)?;
    if input.peek(syn::Token![=]) {
        input.parse::<syn::Token![=]>()?;
        let value: syn::LitStr = input.parse()?;
        return Ok(format!("{name} = {:?}", value.value()));
    }
    if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let mut inner = Vec::new();
        while !content.is_empty() {
            inner.push(cfg_predicate(&content)?);
            if content.peek(syn::Token![,]) {
                content.parse::<syn::Token![,]>()?;
            }
        }
        return Ok(format!("{name}({})", inner.join(", ")));
    }
    Ok(name.to_string())
}

/// The text of the `#[doc = ".."]` attributes (what `///` and `//!` write), one line each, the space after `///`
/// taken off.
pub(crate) fn doc_text(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &a.meta {
            if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                let value = s.value();
                for line in value.split('\n') {
                    lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                }
            }
        }
    }
    lines.join("\n")
}

/// Docs as they are compared: without what the generator derives from other items, which those items' own
/// changes already report (a call's example and its "Returns the call (..)" list of setters, each example
/// written for the docs, ```` ```no_run ```` or ```` ```ignore ````), with the API's `title version` (`label`)
/// masked, and blank lines collapsed.
pub(crate) fn normalise_docs(docs: &str, label: Option<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut in_example = false;
    let mut in_other_fence = false;
    let mut in_returns = false;
    for line in docs.lines() {
        let trimmed = line.trim_start();
        if in_example {
            in_example = trimmed != "```";
            continue;
        }
        if in_returns {
            in_returns = !trimmed.is_empty();
            if in_returns {
                continue;
            }
        }
        if trimmed.starts_with("```") {
            if !in_other_fence && (trimmed == "```no_run" || trimmed == "```ignore") {
                in_example = true;
                continue;
            }
            in_other_fence = !in_other_fence;
        }
        if !in_other_fence && trimmed.starts_with("Returns the call (") {
            in_returns = true;
            continue;
        }
        if trimmed.is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let text = out.join("\n");
    match label {
        Some(label) if !label.trim().is_empty() => text.replace(label, "<API title and version>"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_examples_and_setter_lists_are_left_out_of_docs_and_the_version_masked() {
        let docs = "Lists pets.\n\n`GET /pets`\n\nReturns the call ([`ListPets`]), sent when it is awaited. Optional:\n[`limit`](ListPets::limit).\n\n```no_run\nlet x = 1;\n```\n\nA client for Growth 1.0.0.";
        assert_eq!(
            normalise_docs(docs, Some("Growth 1.0.0")),
            "Lists pets.\n\n`GET /pets`\n\nA client for <API title and version>."
        );
        // A fence of the spec's own markdown is kept.
        let docs = "Example:\n\n```json\n{}\n```";
        assert_eq!(normalise_docs(docs, None), docs);
    }
}
