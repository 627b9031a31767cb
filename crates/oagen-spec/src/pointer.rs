//! JSON pointers (RFC 6901): how every element of the document is addressed in diagnostics and in the IR.

use std::fmt;

/// A JSON pointer into the source document, e.g. `/components/schemas/Message/properties/reference`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the document root (the empty string).
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses a pointer as written, e.g. the fragment of `#/components/schemas/X`.
    pub fn from_escaped(s: &str) -> Self {
        Pointer(s.to_owned())
    }

    /// The pointer named by a local `$ref` (`#/a/b`, percent-decoded), or `None` for other references.
    pub fn from_local_ref(r: &str) -> Option<Self> {
        let frag = r.strip_prefix('#')?;
        if !(frag.is_empty() || frag.starts_with('/')) {
            return None;
        }
        Some(Pointer(percent_decode(frag)))
    }

    /// This pointer with one more reference token appended (escaped as RFC 6901 requires).
    pub fn push(&self, token: &str) -> Self {
        let mut s = String::with_capacity(self.0.len() + token.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        for c in token.chars() {
            match c {
                '~' => s.push_str("~0"),
                '/' => s.push_str("~1"),
                c => s.push(c),
            }
        }
        Pointer(s)
    }

    /// This pointer with an array index appended.
    pub fn index(&self, i: usize) -> Self {
        Pointer(format!("{}/{}", self.0, i))
    }

    /// The escaped pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~"))
    }

    /// The last reference token, unescaped.
    pub fn last(&self) -> Option<String> {
        if self.0.is_empty() {
            None
        } else {
            self.tokens().last()
        }
    }

    /// Looks the pointer up in a JSON value.
    pub fn resolve<'a>(&self, root: &'a serde_json::Value) -> Option<&'a serde_json::Value> {
        if self.0.is_empty() {
            return Some(root);
        }
        root.pointer(&self.0)
    }

    /// Looks the pointer up like [`Pointer::resolve`], where a container on the way may itself be a local `$ref`
    /// (`components: {schemas: {$ref: ...}}`, as specs written for bundlers have, once their files are mounted):
    /// the reference is followed and the walk goes on in its target. Returns where the value really is, and the
    /// value.
    pub fn resolve_through<'a>(&self, root: &'a serde_json::Value) -> Option<(Pointer, &'a serde_json::Value)> {
        self.walk(root, 0)
    }

    fn walk<'a>(&self, root: &'a serde_json::Value, depth: usize) -> Option<(Pointer, &'a serde_json::Value)> {
        if let Some(v) = self.resolve(root) {
            return Some((self.clone(), v));
        }
        let mut at = Pointer::root();
        let mut current = root;
        let mut hops = depth;
        for token in self.tokens() {
            loop {
                let next = match current {
                    serde_json::Value::Object(m) => m.get(&token),
                    serde_json::Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                    _ => None,
                };
                if let Some(next) = next {
                    current = next;
                    at = at.push(&token);
                    break;
                }
                let target =
                    current.get("$ref").and_then(serde_json::Value::as_str).and_then(Pointer::from_local_ref)?;
                hops += 1;
                if hops > 32 {
                    return None;
                }
                (at, current) = target.walk(root, hops)?;
            }
        }
        Some((at, current))
    }

    /// This pointer as a local `$ref` (`#/a/b`), which [`Pointer::from_local_ref`] reads back as the same pointer.
    pub fn to_local_ref(&self) -> String {
        format!("#{}", self.0.replace('%', "%25"))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_tokens() {
        let p = Pointer::root().push("paths").push("/pets/{id}").push("a~b");
        assert_eq!(p.as_str(), "/paths/~1pets~1{id}/a~0b");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["paths", "/pets/{id}", "a~b"]);
        assert_eq!(p.last().as_deref(), Some("a~b"));
        assert_eq!(p.to_string(), "#/paths/~1pets~1{id}/a~0b");
    }

    #[test]
    fn resolves_in_a_document() {
        let doc = serde_json::json!({"paths": {"/a/b": {"get": 1}}, "x": [0, 5]});
        let p = Pointer::root().push("paths").push("/a/b").push("get");
        assert_eq!(p.resolve(&doc), Some(&serde_json::json!(1)));
        assert_eq!(Pointer::root().push("x").index(1).resolve(&doc), Some(&serde_json::json!(5)));
        assert_eq!(Pointer::root().push("nope").resolve(&doc), None);
    }

    #[test]
    fn resolves_through_referenced_containers() {
        let doc = serde_json::json!({
            "components": {"schemas": {"$ref": "#/x-files/s.yaml"}},
            "x-files": {"s.yaml": {"Pet": {"type": "object"}, "Loop": {"$ref": "#/x-files/s.yaml/Loop"}}},
            "a": {"$ref": "#/a/b"},
        });
        let p = Pointer::from_escaped("/components/schemas/Pet");
        assert_eq!(p.resolve(&doc), None);
        let (at, v) = p.resolve_through(&doc).expect("found");
        assert_eq!(at.as_str(), "/x-files/s.yaml/Pet");
        assert_eq!(v, &serde_json::json!({"type": "object"}));
        assert_eq!(Pointer::from_escaped("/components/schemas/Cat").resolve_through(&doc), None);
        assert_eq!(Pointer::from_escaped("/a/b/c").resolve_through(&doc), None, "a cycle ends");
        assert_eq!(Pointer::from_escaped("/x-files/s.yaml/Loop/x").resolve_through(&doc), None);
        let odd = Pointer::root().push("a%b").push("c d");
        assert_eq!(Pointer::from_local_ref(&odd.to_local_ref()), Some(odd));
    }

    #[test]
    fn local_refs_are_percent_decoded() {
        assert_eq!(Pointer::from_local_ref("#/components/schemas/A%20B").unwrap().as_str(), "/components/schemas/A B");
        assert_eq!(Pointer::from_local_ref("#/x/%E2%82%AC").unwrap().as_str(), "/x/€");
        assert_eq!(Pointer::from_local_ref("#/x/%zz%").unwrap().as_str(), "/x/%zz%");
        assert!(Pointer::from_local_ref("other.yaml#/x").is_none());
        assert!(Pointer::from_local_ref("#anchor").is_none());
    }
}
