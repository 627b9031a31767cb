//! Rustdoc from spec descriptions, made safe: no text can become a doctest or trip clippy's doc lints.

use proc_macro2::TokenStream;
use quote::quote;

/// Turns free text into doc lines: code blocks are fenced as `text` (never run as doctests), indentation that
/// would start an indented code block is removed, blank runs are collapsed, and the lazy continuations of Markdown
/// (a line that carries on a list item or a block quote without its indentation or `>`; clippy's
/// `doc_lazy_continuation`) are written out: indented to the item's text (`2. ` three columns, `-   ` four), or
/// quoted. The text means the same.
pub fn doc_lines(text: &str) -> Vec<String> {
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
