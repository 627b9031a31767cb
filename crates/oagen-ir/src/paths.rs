//! Path templates: their pieces, the form their literal text takes on the wire, and which templates OpenAPI treats as
//! the same path (the same shape: equal but for the names of their variables).

use crate::api::{Method, Operation, ParamLocation};
use oagen_spec::{Diagnostic, Diagnostics, Pointer};

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece<'a> {
    /// Literal text, as written in the spec.
    Literal(&'a str),
    /// A template variable `{name}`: its name.
    Param(&'a str),
}

/// The pieces of a path template, in order: `{` up to the next `}` is a variable (its name may be empty); a `{`
/// without a closing `}` and a `}` without an opening `{` are literal text. Adjacent literal text is one piece.
pub fn path_pieces(path: &str) -> Vec<PathPiece<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            out.push(PathPiece::Literal(&rest[..open]));
        }
        out.push(PathPiece::Param(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(PathPiece::Literal(rest));
    }
    out
}

/// The `{name}` placeholders of a path template, in order.
pub fn path_placeholders(path: &str) -> Vec<String> {
    path_pieces(path)
        .into_iter()
        .filter_map(|p| match p {
            PathPiece::Param(name) => Some(name.to_owned()),
            PathPiece::Literal(_) => None,
        })
        .collect()
}

/// Percent-encodes a literal piece of a path template as a client sends it (and a server must match it): characters a
/// path may hold stay, the rest (space, `?`, `#`, `{`, `}`, non-ASCII...) are encoded; a `%` stays only when it
/// starts an escape.
pub fn encode_path_literal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::new();
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:@/".contains(&b)
            || (b == b'%' && bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)));
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The shape of a path template: its pieces with the literal text as sent on the wire and the variable names erased.
/// Two templates of the same shape match exactly the same requests; OpenAPI says they are the same path.
pub fn path_shape(path: &str) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    for piece in path_pieces(path) {
        match piece {
            PathPiece::Param(_) => out.push(None),
            PathPiece::Literal(text) => {
                let encoded = encode_path_literal(text);
                match out.last_mut() {
                    Some(Some(last)) => last.push_str(&encoded),
                    _ => out.push(Some(encoded)),
                }
            }
        }
    }
    out
}

/// The template after reading Express-style `:name` segments as `{name}`, when `name` is a path parameter the
/// operation declares and the template does not otherwise hold; each one read so is reported, and so are the `:name`
/// segments kept as literal text and braces outside a variable (literal text too).
pub(crate) fn read_template(op: &oagen_spec::Operation, diags: &mut Diagnostics) -> String {
    let placeholders = path_placeholders(&op.path);
    let declared = |name: &str| op.parameters.iter().any(|p| p.location == ParamLocation::Path && p.name == name);
    let mut read: Vec<&str> = Vec::new();
    let segments: Vec<String> = op
        .path
        .split('/')
        .map(|seg| match seg.strip_prefix(':') {
            Some(name) if !name.is_empty() && !placeholders.iter().any(|p| p == name) && declared(name) => {
                read.push(seg);
                format!("{{{name}}}")
            }
            _ => seg.to_owned(),
        })
        .collect();
    for seg in op.path.split('/') {
        if let Some(name) = seg.strip_prefix(':').filter(|n| !read.contains(&seg) && !n.is_empty()) {
            diags.push(
                Diagnostic::warning(&op.pointer, format!("path segment `{seg}` of {} is literal text", op.path))
                    .with_note(format!(
                        "no path parameter `{name}` is declared; a template variable is written `{{{name}}}`"
                    )),
            );
        }
    }
    if let Some(at) = op.path.find('?') {
        // The spec's own fault (clicksend.com, icons8.com, medium.com in APIs.guru's directory): a query string
        // cannot be part of a path template.
        diags.push(
            Diagnostic::warning(&op.pointer, format!("path {} holds a query string (`{}`), which a path template cannot", op.path, &op.path[at..]))
                .with_note("the `?` is part of the path, sent percent-encoded (`%3F`); query parameters are declared with `in: query`"),
        );
    }
    let stray = path_pieces(&op.path).iter().any(|p| matches!(p, PathPiece::Literal(t) if t.contains(['{', '}'])));
    if stray {
        diags.push(
            Diagnostic::warning(
                &op.pointer,
                format!("path {} has a `{{` or `}}` outside a template variable", op.path),
            )
            .with_note("it is literal text, sent and matched percent-encoded"),
        );
    }
    if read.is_empty() {
        return op.path.clone();
    }
    let rewritten = segments.join("/");
    for seg in read {
        diags.push(
            Diagnostic::warning(&op.pointer, format!("path segment `{seg}` of {} is read as a template variable", op.path))
                .with_note(format!(
                    "the operation declares a path parameter `{}` and OpenAPI writes one as `{{{}}}`: the path is {rewritten}",
                    &seg[1..],
                    &seg[1..]
                )),
        );
    }
    rewritten
}

/// The pointer of the path item an operation is in (its parent).
fn path_item(op: &Operation) -> Pointer {
    let text = op.pointer.as_str();
    Pointer::from_escaped(text.rfind('/').map_or(text, |i| &text[..i]))
}

/// Reports templates of the same shape (`/pets/{id}` and `/pets/{petId}`): OpenAPI says they must not both exist.
/// A server serves them on one route; an operation whose method is already served at that shape is never reached.
pub(crate) fn same_shapes(operations: &[Operation], diags: &mut Diagnostics) {
    struct Group<'a> {
        shape: Vec<Option<String>>,
        paths: Vec<&'a str>,
        first: &'a Operation,
        methods: Vec<(Method, &'a Operation)>,
    }
    let mut groups: Vec<Group<'_>> = Vec::new();
    for op in operations.iter().filter(|o| !o.webhook) {
        let shape = path_shape(&op.path);
        let Some(group) = groups.iter_mut().find(|g| g.shape == shape) else {
            groups.push(Group { shape, paths: vec![&op.path], first: op, methods: vec![(op.method, op)] });
            continue;
        };
        if !group.paths.contains(&op.path.as_str()) {
            group.paths.push(&op.path);
            diags.push(
                Diagnostic::warning(
                    &path_item(op),
                    format!(
                        "path {} differs from {} only in the names of its variables: OpenAPI treats them as the same path",
                        op.path, group.first.path
                    ),
                )
                .with_note(format!(
                    "served on one route, each operation reading its own parameter names; the other path is at {}",
                    path_item(group.first)
                ))
                .see("path-templates"),
            );
        }
        match group.methods.iter().find(|(m, _)| *m == op.method) {
            Some((_, earlier)) => diags.push(
                Diagnostic::warning(
                    &op.pointer,
                    format!(
                        "`{} {}` is the same request as `{} {}` (operation `{}`)",
                        op.method.key().to_uppercase(),
                        op.path,
                        earlier.method.key().to_uppercase(),
                        earlier.path,
                        earlier.name
                    ),
                )
                .with_note(format!(
                    "the server answers it with `{}`; `{}` is generated (the client can call it) but a server never receives it",
                    earlier.name, op.name
                ))
                .see("path-templates"),
            ),
            None => group.methods.push((op.method, op)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_and_shapes() {
        use PathPiece::*;
        assert_eq!(path_pieces("/pets/{id}"), [Literal("/pets/"), Param("id")]);
        assert_eq!(
            path_pieces("/r/{a}-{b}.json"),
            [Literal("/r/"), Param("a"), Literal("-"), Param("b"), Literal(".json")]
        );
        assert_eq!(path_pieces("/x/{open/y}z}"), [Literal("/x/"), Param("open/y"), Literal("z}")]);
        assert_eq!(path_pieces("/x/{open"), [Literal("/x/{open")]);
        assert_eq!(path_pieces("/e/{}"), [Literal("/e/"), Param("")]);
        assert_eq!(path_placeholders("/a/{x}/b/{y}"), ["x", "y"]);
        assert_eq!(path_shape("/pets/{id}"), path_shape("/pets/{petId}"));
        assert_ne!(path_shape("/pets/{id}"), path_shape("/pets/{id}.json"));
        // The same on the wire is the same shape.
        assert_eq!(path_shape("/a b/{x}"), path_shape("/a%20b/{y}"));
        assert_eq!(path_shape("/a/{x}"), [Some("/a/".to_owned()), None]);
    }

    #[test]
    fn literals_are_encoded_as_sent() {
        assert_eq!(encode_path_literal("/a b/c?d#e/%41/%zz"), "/a%20b/c%3Fd%23e/%41/%25zz");
        assert_eq!(encode_path_literal("/{x}/:y/*"), "/%7Bx%7D/:y/*");
    }
}
