//! Matching a request path against an operation's path template, and taking out the values of its variables.
//!
//! The router only narrows a request down to a route (one per path shape, with segment-wide variables); the
//! operation then matches the whole path against its own template, so it reads its own variable names, and
//! templates a router cannot express (`/{name}.json`, `/{from}-{to}`) are matched exactly.

use std::collections::HashSet;

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece {
    /// Literal text, percent-encoded as a client sends it.
    Literal(&'static str),
    /// A template variable: its name. It matches a non-empty run of characters other than `/`.
    Param(&'static str),
}

/// The pieces of a path template as generated code writes it: `{name}` (from `{` to the next `}`) is a variable,
/// anything else literal text, percent-encoded as a client sends it (so it holds no `{` or `}` of its own).
pub fn template_pieces(template: &'static str) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            pieces.push(PathPiece::Literal(&rest[..open]));
        }
        pieces.push(PathPiece::Param(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(PathPiece::Literal(rest));
    }
    pieces
}

/// Whether `path` (as received, percent-encoded) matches the path template `template` ([`template_pieces`]).
pub fn path_matches(template: &'static str, path: &str) -> bool {
    match_path(&template_pieces(template), path).is_some()
}

/// The raw (still percent-encoded) value of each variable of `template` in `path`, or `None` when `path` does not
/// match. Where a segment holds more than one variable (or a variable and literal text after it), each variable takes
/// the shortest value that lets the rest of the template match.
pub fn match_path<'p>(template: &[PathPiece], path: &'p str) -> Option<Vec<(&'static str, &'p str)>> {
    let mut values = Vec::new();
    // (piece, position) pairs known not to lead to a match: keeps the search polynomial.
    let mut failed = HashSet::new();
    if search(template, 0, path.as_bytes(), 0, &mut failed, &mut values) {
        Some(values.into_iter().map(|(name, start, end)| (name, &path[start..end])).collect())
    } else {
        None
    }
}

fn search(
    template: &[PathPiece],
    piece: usize,
    path: &[u8],
    at: usize,
    failed: &mut HashSet<(usize, usize)>,
    values: &mut Vec<(&'static str, usize, usize)>,
) -> bool {
    let Some(next) = template.get(piece) else { return at == path.len() };
    if failed.contains(&(piece, at)) {
        return false;
    }
    let found = match next {
        PathPiece::Literal(text) => {
            path[at..].starts_with(text.as_bytes())
                && search(template, piece + 1, path, at + text.len(), failed, values)
        }
        PathPiece::Param(name) => {
            let segment_end = path[at..].iter().position(|b| *b == b'/').map_or(path.len(), |i| at + i);
            // Followed by the end or by a new segment, the variable must take the rest of its segment.
            let fills = match template.get(piece + 1) {
                None => true,
                Some(PathPiece::Literal(text)) => text.starts_with('/'),
                Some(PathPiece::Param(_)) => false,
            };
            let first = if fills { segment_end.max(at + 1) } else { at + 1 };
            let mut found = false;
            for end in first..=segment_end {
                values.push((name, at, end));
                if search(template, piece + 1, path, end, failed, values) {
                    found = true;
                    break;
                }
                values.pop();
            }
            found
        }
    };
    if !found {
        failed.insert((piece, at));
    }
    found
}

/// Percent-decodes a path value; `None` when the bytes are not UTF-8. A `%` not followed by two hex digits stays.
pub(crate) fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::PathPiece::{Literal, Param};
    use super::*;

    #[test]
    fn whole_segments() {
        let t = [Literal("/pets/"), Param("id"), Literal("/toys/"), Param("toy")];
        assert_eq!(match_path(&t, "/pets/7/toys/ball"), Some(vec![("id", "7"), ("toy", "ball")]));
        assert_eq!(match_path(&t, "/pets/7/toys/"), None, "a variable is never empty");
        assert_eq!(match_path(&t, "/pets/7/toys/ball/x"), None);
        assert_eq!(match_path(&t, "/pets/a%2Fb/toys/c"), Some(vec![("id", "a%2Fb"), ("toy", "c")]));
        assert_eq!(match_path(&t, "/pets//toys/c"), None);
        assert_eq!(match_path(&[Literal("/")], "/"), Some(vec![]));
        assert_eq!(match_path(&[Literal("/a")], "/a/"), None);
    }

    #[test]
    fn variables_inside_segments() {
        let json = [Literal("/r/"), Param("name"), Literal(".json")];
        assert_eq!(match_path(&json, "/r/q1.json"), Some(vec![("name", "q1")]));
        assert_eq!(match_path(&json, "/r/a.b.json"), Some(vec![("name", "a.b")]));
        assert_eq!(match_path(&json, "/r/q1.csv"), None);
        assert_eq!(match_path(&json, "/r/.json"), None);
        let range = [Literal("/range/"), Param("from"), Literal("-"), Param("to")];
        assert_eq!(match_path(&range, "/range/1-5"), Some(vec![("from", "1"), ("to", "5")]));
        assert_eq!(match_path(&range, "/range/a-b-c"), Some(vec![("from", "a"), ("to", "b-c")]));
        assert_eq!(match_path(&range, "/range/15"), None);
        let prefixed = [Literal("/v"), Param("version"), Literal("/status")];
        assert_eq!(match_path(&prefixed, "/v2/status"), Some(vec![("version", "2")]));
        assert_eq!(match_path(&prefixed, "/2/status"), None);
    }

    #[test]
    fn adjacent_variables_stay_polynomial() {
        let many: Vec<PathPiece> =
            std::iter::once(Literal("/")).chain(std::iter::repeat_n(Param("x"), 30)).chain([Literal("!")]).collect();
        let path = format!("/{}", "a".repeat(200));
        assert_eq!(match_path(&many, &path), None);
        assert!(match_path(&many, &format!("{path}!")).is_some());
    }

    #[test]
    fn templates() {
        assert_eq!(template_pieces("/pets/{id}/toys"), [Literal("/pets/"), Param("id"), Literal("/toys")]);
        assert_eq!(template_pieces("/r/{name}.json"), [Literal("/r/"), Param("name"), Literal(".json")]);
        assert_eq!(
            template_pieces("/range/{from}-{to}"),
            [Literal("/range/"), Param("from"), Literal("-"), Param("to")]
        );
        assert_eq!(template_pieces("/"), [Literal("/")]);
        // Names are taken from `{` to the next `}`, as the generator reads the spec's template.
        assert_eq!(template_pieces("/x/{}/{a{b}"), [Literal("/x/"), Param(""), Literal("/"), Param("a{b")]);
        assert!(path_matches("/pets/{id}", "/pets/7"));
        assert!(!path_matches("/pets/{id}", "/pets/7/x"));
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%FF"), None);
    }
}
