//! Rustdoc from spec descriptions, made safe: no text can become a doctest or trip clippy's doc lints.

use proc_macro2::TokenStream;
use quote::quote;

/// Turns free text into doc lines: code blocks are fenced as `text` (never run as doctests), indentation that
/// would start an indented code block is removed, blank runs are collapsed, and the lazy continuations of Markdown
/// (a line that carries on a list item or a block quote without its indentation or `>`; clippy's
/// `doc_lazy_continuation`) are written out: indented to the item's text (`2. ` three columns, `-   ` four), or
/// quoted. The text means the same.
pub fn doc_lines(text: &str) -> Vec<String> {
    let closed = closed_tags(text);
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // The column of the text of the list item being continued; whether a block quote is.
    let mut item_column: Option<usize> = None;
    let mut in_quote = false;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ").lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                out.push("```text".to_owned());
            }
            in_fence = !in_fence;
            (item_column, in_quote) = (None, false);
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        if trimmed.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            (item_column, in_quote) = (None, false);
            continue;
        }
        let linked = escaped_tags(&autolinked(trimmed), &closed);
        let trimmed = linked.as_str();
        if let Some(column) = list_item_column(trimmed) {
            (item_column, in_quote) = (Some(column), false);
            out.push(trimmed.to_owned());
        } else if trimmed.starts_with('>') {
            (item_column, in_quote) = (None, true);
            out.push(trimmed.to_owned());
        } else if let Some(column) = item_column {
            out.push(format!("{}{trimmed}", " ".repeat(column)));
        } else if in_quote {
            out.push(format!("> {trimmed}"));
        } else {
            out.push(trimmed.to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// HTML elements that have no closing tag.
const VOID_TAGS: &[&str] =
    &["br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source", "track", "param"];

/// The names of the HTML elements `text` closes (`</code>` closes `code`), lower-cased.
fn closed_tags(text: &str) -> Vec<String> {
    text.split("</")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
            (!name.is_empty() && rest[name.len()..].starts_with('>')).then(|| name.to_ascii_lowercase())
        })
        .collect()
}

/// `line` with the `<` of each tag-like text that is not HTML the text closes (`<owner>` in "disabled for
/// <owner>", a placeholder) written `&lt;`, outside code spans: rustdoc reads `<owner>` as an unclosed tag
/// (`invalid_html_tags`), and it means the text.
fn escaped_tags(line: &str, closed: &[String]) -> String {
    if !line.contains('<') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    for (i, c) in line.char_indices() {
        if c == '`' {
            in_code = !in_code;
        }
        if c != '<' || in_code {
            out.push(c);
            continue;
        }
        let rest = &line[i + 1..];
        let closing = rest.starts_with('/');
        let name: String =
            rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let lower = name.to_ascii_lowercase();
        let tag_like = !name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphabetic());
        let url = rest.starts_with("http://") || rest.starts_with("https://");
        let html = closing || VOID_TAGS.contains(&lower.as_str()) || closed.contains(&lower);
        if tag_like && !url && !html {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
    out
}

/// `line` with each bare URL (`http://` or `https://` outside a code span, not already an autolink `<..>`, a
/// Markdown link's target `](..)` or an attribute's value) written as an autolink, `<https://..>`, its trailing
/// punctuation left after it: rustdoc's `bare_urls` lint refuses bare URLs, and the text reads the same.
fn autolinked(line: &str) -> String {
    if !line.contains("http://") && !line.contains("https://") {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        let url_here = !in_code && (rest.starts_with("https://") || rest.starts_with("http://"));
        if !url_here {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(rest.len());
        let mut url = &rest[..end];
        // Punctuation that ends the sentence, not the URL; a `)` only when it closes nothing the URL opened.
        while let Some(last) = url.chars().last() {
            let unbalanced = last == ')' && url.matches(')').count() > url.matches('(').count();
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'') || unbalanced {
                url = &url[..url.len() - 1];
            } else {
                break;
            }
        }
        let linked = out.ends_with('<') || out.ends_with("](") || out.ends_with('=') || out.ends_with('"');
        if linked || url.len() <= "https://".len() {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &rest[url.len()..];
    }
    out
}

/// Prose of the generator's own (not the spec's, whose line breaks may mean something) wrapped at `width`
/// characters, words kept whole.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Where the text of a Markdown list item starts (`- a`: 2, `10. a`: 4, `*   a`: 4), or `None` when `line` does
/// not start one: a bullet (`-`, `*`, `+`) or one to nine digits and `.` or `)`, then one or more spaces.
fn list_item_column(line: &str) -> Option<usize> {
    let marker = match line.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=9).contains(&digits) || !line[digits..].starts_with(['.', ')']) {
                return None;
            }
            digits + 1
        }
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    // Five spaces or more: the item's text starts after one, and the rest is an indented code block in it.
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// `#[doc = "..."]` attributes for each paragraph given (skipping empty ones), separated by blank doc lines.
pub fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        let p_lines = doc_lines(p);
        if p_lines.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(p_lines);
    }
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Where a definition is, as a reader finds it: `file` for a whole document reached by a file `$ref` (mounted under
/// `/x-oagen-files/<file>`), `file#/pointer` inside one, `#/pointer` in the spec itself.
pub fn place(pointer: &oagen_ir::Pointer) -> String {
    match mounted_file(pointer) {
        Some((file, "")) => file,
        Some((file, rest)) => format!("{file}#{rest}"),
        None => pointer.to_string(),
    }
}

/// Whether the pointer is a whole document reached by a file `$ref`.
pub fn is_whole_file(pointer: &oagen_ir::Pointer) -> bool {
    mounted_file(pointer).is_some_and(|(_, rest)| rest.is_empty())
}

/// The file a pointer is in when it is in a mounted document, and the pointer within it.
fn mounted_file(pointer: &oagen_ir::Pointer) -> Option<(String, &str)> {
    let mut tokens = pointer.tokens();
    if tokens.next().as_deref() != Some("x-oagen-files") {
        return None;
    }
    let file = tokens.next()?;
    let rest = pointer
        .as_str()
        .splitn(4, '/')
        .nth(3)
        .map_or("", |r| &pointer.as_str()[pointer.as_str().len() - r.len() - 1..]);
    Some((file, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_urls_become_autolinks_and_links_stay_as_they_are() {
        assert_eq!(autolinked("See https://a.b/c for more."), "See <https://a.b/c> for more.");
        assert_eq!(autolinked("on https://github.com/topics. Your"), "on <https://github.com/topics>. Your");
        assert_eq!(autolinked("[docs](https://a.b/c) and <https://d.e>"), "[docs](https://a.b/c) and <https://d.e>");
        assert_eq!(autolinked("[docs].(https://a.b/c#x) You"), "[docs].(<https://a.b/c#x>) You");
        assert_eq!(autolinked("`curl https://a.b` and http://x.y/(z)"), "`curl https://a.b` and <http://x.y/(z)>");
        assert_eq!(autolinked("<a href=\"https://a.b\">x</a>"), "<a href=\"https://a.b\">x</a>");
        assert_eq!(autolinked("é https://a.b/é, then"), "é <https://a.b/é>, then");
        assert_eq!(autolinked("just https:// alone"), "just https:// alone");
        assert_eq!(doc_lines("- item https://a.b\n  more"), ["- item <https://a.b>", "  more"]);
    }

    #[test]
    fn placeholders_that_look_like_tags_are_escaped_and_html_is_kept() {
        assert_eq!(doc_lines("disabled for <owner>."), ["disabled for &lt;owner>."]);
        assert_eq!(doc_lines("a <code>x</code> b<br>c"), ["a <code>x</code> b<br>c"]);
        assert_eq!(doc_lines("`Vec<T>` and a <b>\nbold</b> line"), ["`Vec<T>` and a <b>", "bold</b> line"]);
        assert_eq!(doc_lines("1 < 2 and <https://a.b>"), ["1 < 2 and <https://a.b>"]);
    }

    #[test]
    fn a_lone_carriage_return_breaks_the_line() {
        assert_eq!(doc_lines("Get user by us\r name"), ["Get user by us", "name"]);
        assert!(doc_lines("a\r\nb\rc").iter().all(|l| !l.contains('\r')));
    }

    #[test]
    fn code_never_runs_as_a_doctest() {
        let lines = doc_lines("Example:\n\n    let x = 1;\n\n```\nfoo()\n```");
        assert_eq!(lines, ["Example:", "", "let x = 1;", "", "```text", "foo()", "```"]);
    }

    #[test]
    fn list_continuations_are_indented() {
        let lines = doc_lines("Notes:\n- first item\ncontinues here\n\nAfter.");
        assert_eq!(lines, ["Notes:", "- first item", "  continues here", "", "After."]);
    }

    #[test]
    fn lazy_continuations_are_indented_to_the_item_s_text_or_quoted() {
        // Azure's recoveryservicesbackup: an ordered item's continuation needs three columns, not two.
        let lines = doc_lines("Details:\n1. Secret - Url.\n2. Key - Url.\n  They can differ.");
        assert_eq!(lines, ["Details:", "1. Secret - Url.", "2. Key - Url.", "   They can differ."]);
        assert_eq!(doc_lines("10. ten\nmore"), ["10. ten", "    more"]);
        assert_eq!(doc_lines("*   wide\nmore"), ["*   wide", "    more"]);
        // Zoom: a line carrying on a block quote without its `>`; a list item ends the quote.
        let lines = doc_lines("> Quoted text.\n<br>\n* An item.<br>");
        assert_eq!(lines, ["> Quoted text.", "> <br>", "* An item.<br>"]);
        // Not list items: no space after the marker, or ten digits.
        assert_eq!(doc_lines("-1 is a number\nyes"), ["-1 is a number", "yes"]);
        assert_eq!(doc_lines("1234567890. big\nyes"), ["1234567890. big", "yes"]);
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(doc_lines("```json\n{}"), ["```text", "{}", "```"]);
    }

    #[test]
    fn places_read_as_a_reader_finds_them() {
        let p = |s: &str| oagen_ir::Pointer::from_escaped(s);
        assert_eq!(place(&p("/components/schemas/Pet")), "#/components/schemas/Pet");
        assert_eq!(place(&p("/x-oagen-files/schemas~1pet.yaml")), "schemas/pet.yaml");
        assert_eq!(
            place(&p("/x-oagen-files/schemas~1pet.yaml/Pet/properties/id")),
            "schemas/pet.yaml#/Pet/properties/id"
        );
        assert!(is_whole_file(&p("/x-oagen-files/a.json")) && !is_whole_file(&p("/x-oagen-files/a.json/b")));
    }

    #[test]
    fn prose_wraps_between_words() {
        let text =
            "Requests go out exactly as the spec says: path parameters percent-encoded, query parameters by style.";
        let lines = wrap(text, 40);
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(
            wrap("a-very-long-word-that-cannot-be-broken x", 10),
            ["a-very-long-word-that-cannot-be-broken", "x"]
        );
    }
}
