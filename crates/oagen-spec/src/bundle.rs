//! `$ref`s to other documents: relative files (`other.yaml#/components/schemas/X`), and, when the user opts in,
//! `http://` URLs.
//!
//! Before normalisation, every document a `$ref` reaches is read, parsed, and mounted into the root document under
//! `/x-oagen-files/<key>` (the key is the file's path relative to the spec's directory, or the URL), and every
//! reference is rewritten to a local pointer into that mount. The rest of the pipeline then sees one document.
//! Files are confined to the spec's directory tree: a `$ref` that leaves it (`../secret.yaml`, an absolute path
//! elsewhere, a symlink out) is an error and is not read. Remote references are refused with an error unless
//! [`LoadOptions::allow_remote`] is set; then they are fetched with [`LoadOptions::fetch`] (the built-in
//! [`http_get`] when none is given).
//! Only what can be a reference is one: example values, `default`, `enum`, `const` and extensions are data, and
//! the keys of maps of names (`properties`, `headers`, ...) are names even when they start with `x-` (see `Role`).

use crate::diag::{Diagnostic, Diagnostics};
use crate::pointer::Pointer;
use crate::source::Source;
use serde_json::Value;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The root key under which referenced documents are mounted.
pub const MOUNT: &str = "x-oagen-files";

/// A function from a URL to the document's text, or why it could not be fetched.
pub type FetchFn = dyn Fn(&str) -> Result<String, String> + Send + Sync;

/// Fetches the text of a remote document by URL.
#[derive(Clone)]
pub struct Fetcher(pub Arc<FetchFn>);

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fetcher(..)")
    }
}

/// How references to other documents are followed.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Whether `http://` and `https://` references are fetched (otherwise they are errors).
    pub allow_remote: bool,
    /// How they are fetched (default: [`http_get`]).
    pub fetch: Option<Fetcher>,
}

/// A document reached by a `$ref`, as mounted.
#[derive(Debug, Clone)]
pub struct Mounted {
    /// The key under [`MOUNT`] (relative path with `/`, or the URL).
    pub key: String,
    /// Its text, for locating diagnostics in it.
    pub source: Source,
}

impl Mounted {
    /// The pointer prefix of this document inside the bundled root, e.g. `/x-oagen-files/pet.yaml`.
    pub fn prefix(&self) -> Pointer {
        Pointer::root().push(MOUNT).push(&self.key)
    }
}

/// Where a document came from, to resolve relative references against.
#[derive(Debug, Clone)]
enum Base {
    /// A file; references resolve against its directory.
    File(PathBuf),
    /// A URL; references resolve against it.
    Url(String),
    /// Text with no file (references to other files cannot be resolved).
    None,
}

/// What a value is in an OpenAPI document, which decides which of its members may hold references: the members of
/// an object that allows extensions are fixed fields and `x-` extensions (opaque to the generator: the files they
/// reference, often not YAML at all, are not read), the keys of a map of names are names (`x-request-id` too), and
/// data (`example`, `default`, `enum`, `const`, an Example Object's `value`) holds no reference at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// An OpenAPI object with fixed fields (the root, an Operation, a Parameter, an Example Object, ...).
    Object,
    /// The Components Object: each member but extensions is a map of names.
    Components,
    /// A Schema Object.
    Schema,
    /// A map from names to schemas (`properties`, `components/schemas`, `$defs`, ...).
    Schemas,
    /// A map from names to OpenAPI objects (`headers`, `content`, `examples`, `components/parameters`, ...).
    Objects,
    /// A map from names to values whose role is not known.
    Named,
    /// A value whose role is not known (in a document a `$ref` reached): decided by its shape.
    Unknown,
}

/// Schema keywords whose value is a schema or a map of them (a schema that has only these is still a schema).
const SCHEMA_OBJECT_KEYWORDS: &[&str] =
    &["properties", "items", "not", "additionalProperties", "patternProperties", "$defs", "definitions"];

/// Fixed fields of OpenAPI objects whose value is an object (an object that has only these is not a map of names).
const OBJECT_FIELDS: &[&str] = &[
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "paths",
    "components",
    "info",
    "webhooks",
    "schema",
    "content",
    "headers",
    "encoding",
    "requestBody",
    "responses",
    "callbacks",
    "links",
    "examples",
    "example",
    "externalDocs",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "pathItems",
    "flows",
    "variables",
    "discriminator",
    "xml",
    "contact",
    "license",
];

impl Role {
    /// The role of the member `key` (holding `v`) of an object in this role, or `None` when nothing in it is a
    /// reference (data, an extension, the `$ref` itself).
    fn member(self, key: &str, v: &Value) -> Option<Role> {
        if key == "$ref" && v.is_string() {
            return None;
        }
        let named = matches!(self, Role::Schemas | Role::Objects | Role::Named);
        if !named && key.starts_with("x-") {
            return None;
        }
        Some(match self {
            Role::Schemas => Role::Schema,
            Role::Objects => Role::Object,
            Role::Named | Role::Unknown => Role::Unknown,
            Role::Components if key == "schemas" => Role::Schemas,
            Role::Components => Role::Objects,
            Role::Schema => match key {
                "example" | "examples" | "default" | "enum" | "const" => return None,
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => Role::Schemas,
                "discriminator" | "xml" | "externalDocs" => Role::Object,
                _ => Role::Schema,
            },
            Role::Object => match key {
                "example" | "value" | "dataValue" | "enum" | "const" | "mapping" | "scopes" | "security" => {
                    return None
                }
                // A schema's 3.1 `examples` (values); elsewhere a map of Example Objects.
                "examples" if v.is_array() => return None,
                "examples" | "headers" | "content" | "encoding" | "links" | "callbacks" | "variables" | "webhooks"
                | "securitySchemes" => Role::Objects,
                "schema" => Role::Schema,
                "schemas" => Role::Schemas,
                "components" => Role::Components,
                _ => Role::Object,
            },
        })
    }

    /// The role of a value found where no role is known (the top of a document a `$ref` reached), by its shape: a
    /// schema has schema keywords, a map of names has objects under keys that are not fixed fields.
    fn guess(v: &Value) -> Role {
        let Value::Object(obj) = v else { return Role::Unknown };
        if obj.contains_key("openapi") {
            return Role::Object;
        }
        let fields: Vec<(&str, &Value)> = obj
            .iter()
            .filter(|(k, v)| !(k.starts_with("x-") || (*k == "$ref" && v.is_string())))
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        if fields.is_empty() {
            return if obj.contains_key("$ref") { Role::Object } else { Role::Named };
        }
        if fields.iter().any(|(k, v)| is_schema_keyword(k, v)) {
            return Role::Schema;
        }
        if fields.iter().any(|(_, v)| !v.is_object()) {
            // A map of names holds objects only.
            return Role::Object;
        }
        if fields.iter().all(|(k, _)| SCHEMA_OBJECT_KEYWORDS.contains(k)) {
            Role::Schema
        } else if fields.iter().all(|(k, _)| OBJECT_FIELDS.contains(k)) {
            Role::Object
        } else {
            Role::Named
        }
    }
}

/// Whether `key: v` can only be a schema keyword (not a property named so, whose value would be an object).
fn is_schema_keyword(key: &str, v: &Value) -> bool {
    match key {
        "type" => v.is_string() || v.is_array(),
        "format" | "pattern" => v.is_string(),
        "enum" | "allOf" | "anyOf" | "oneOf" | "prefixItems" | "required" => v.is_array(),
        "nullable" | "readOnly" | "writeOnly" | "uniqueItems" => v.is_boolean(),
        "minimum" | "maximum" | "minLength" | "maxLength" | "minItems" | "maxItems" | "multipleOf" => v.is_number(),
        "additionalProperties" => v.is_boolean(),
        _ => false,
    }
}

/// Follows every reference to another document, mounting what it reaches into `root`. Problems are diagnostics at
/// the `$ref` (in the document where it is written); such a reference is left as it is and reported nowhere else.
/// Returns the mounted documents and the references that were reported.
pub fn bundle(
    root: &mut Value,
    source: &Source,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> (Vec<Mounted>, Vec<String>) {
    let (confine, base) = match &source.path {
        Some(p) => match std::fs::canonicalize(p) {
            Ok(abs) => (abs.parent().map(Path::to_path_buf), Base::File(abs)),
            Err(_) => (None, Base::None),
        },
        None => (None, Base::None),
    };
    let root_path = match &base {
        Base::File(p) => Some(p.clone()),
        _ => None,
    };
    let mut b = Bundler {
        confine,
        root: root_path,
        options,
        mounted: Vec::new(),
        values: Vec::new(),
        reported: Vec::new(),
        diags,
    };
    b.rewrite(root, &Pointer::root(), Role::Object, &base, None);
    let mut i = 0;
    while i < b.values.len() {
        let mut value = std::mem::take(&mut b.values[i]);
        let key = b.mounted[i].key.clone();
        let prefix = b.mounted[i].prefix();
        let base = match &b.mounted[i].source.path {
            Some(p) => Base::File(p.clone()),
            None => Base::Url(key.clone()),
        };
        b.rewrite(&mut value, &prefix, Role::Unknown, &base, Some(&key));
        b.values[i] = value;
        i += 1;
    }
    if !b.mounted.is_empty() {
        if let Value::Object(obj) = root {
            let files: serde_json::Map<String, Value> =
                b.mounted.iter().map(|m| m.key.clone()).zip(b.values.drain(..)).collect();
            obj.insert(MOUNT.to_owned(), Value::Object(files));
        }
    }
    (b.mounted, b.reported)
}

struct Bundler<'a> {
    confine: Option<PathBuf>,
    root: Option<PathBuf>,
    options: &'a LoadOptions,
    mounted: Vec<Mounted>,
    values: Vec<Value>,
    reported: Vec<String>,
    diags: &'a mut Diagnostics,
}

impl Bundler<'_> {
    /// Rewrites the references in `value` (a document mounted at `at`, or the root, in the given role) in place.
    fn rewrite(&mut self, value: &mut Value, at: &Pointer, role: Role, base: &Base, key: Option<&str>) {
        let role = if role == Role::Unknown { Role::guess(value) } else { role };
        match value {
            Value::Object(obj) => {
                let mut replacement = None;
                if let Some(Value::String(r)) = obj.get("$ref") {
                    replacement = self.reference(r, &at.push("$ref"), base, key);
                }
                if let Some(new) = replacement {
                    obj.insert("$ref".to_owned(), Value::String(new));
                }
                for (k, v) in obj.iter_mut() {
                    if let Some(child) = role.member(k, v) {
                        self.rewrite(v, &at.push(k), child, base, key);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    self.rewrite(v, &at.index(i), role, base, key);
                }
            }
            _ => {}
        }
    }

    /// The local reference that replaces `r`, or `None` to leave it.
    fn reference(&mut self, r: &str, at: &Pointer, base: &Base, key: Option<&str>) -> Option<String> {
        let (target, fragment) = match r.split_once('#') {
            Some((t, f)) => (t, f),
            None => (r, ""),
        };
        if target.is_empty() {
            // Local to the document it is written in.
            return key.map(|k| format!("#{}{fragment}", Pointer::root().push(MOUNT).push(k).as_str()));
        }
        let key = match self.document(target, r, at, base) {
            Some(k) => k,
            None => {
                self.reported.push(r.to_owned());
                return None;
            }
        };
        if key.is_empty() {
            return Some(format!("#{fragment}"));
        }
        Some(format!("#{}{fragment}", Pointer::root().push(MOUNT).push(&key).as_str()))
    }

    /// Loads (once) the document `target` names and returns its key.
    fn document(&mut self, target: &str, r: &str, at: &Pointer, base: &Base) -> Option<String> {
        let remote = target.starts_with("http://") || target.starts_with("https://");
        let relative_to_url = matches!(base, Base::Url(_)) && !target.contains("://");
        if remote || relative_to_url {
            let url = match base {
                Base::Url(b) if relative_to_url => join_url(b, target),
                _ => target.to_owned(),
            };
            return self.remote(&url, r, at);
        }
        let path = match target.strip_prefix("file://") {
            Some(p) => PathBuf::from(percent_decode(p)),
            None => PathBuf::from(percent_decode(target)),
        };
        let (Base::File(from), Some(confine)) = (base, self.confine.clone()) else {
            self.diags.error(
                at,
                format!(
                    "`$ref` {r:?} points into another file, but the spec was not read from a file; it is not followed"
                ),
            );
            return None;
        };
        let joined = normalize(&from.parent().unwrap_or(Path::new("")).join(&path));
        let resolved = match std::fs::canonicalize(&joined) {
            Ok(p) => p,
            Err(e) => {
                self.diags.error(at, format!("`$ref` {r:?}: cannot read {}: {e}", path.display()));
                return None;
            }
        };
        let Ok(rel) = resolved.strip_prefix(&confine) else {
            self.diags.push(
                Diagnostic::error(at, format!("`$ref` {r:?} points outside the spec's directory; it is not followed"))
                    .with_note("references are confined to the directory tree of the spec, so a spec cannot make the generator read other files"),
            );
            return None;
        };
        let key = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
        if self.root.as_deref() == Some(resolved.as_path()) {
            // Back into the spec itself.
            return Some(String::new());
        }
        if self.mounted.iter().any(|m| m.key == key) {
            return Some(key);
        }
        let mut source = match Source::read(&resolved) {
            Ok(s) => s,
            Err(d) => {
                self.diags.push(Diagnostic { pointer: at.clone(), ..d });
                return None;
            }
        };
        source.name = display_name(&resolved);
        self.mount(key.clone(), source, at)?;
        Some(key)
    }

    fn remote(&mut self, url: &str, r: &str, at: &Pointer) -> Option<String> {
        if !self.options.allow_remote {
            self.diags.push(
                Diagnostic::error(at, format!("remote `$ref` {r:?} is not followed"))
                    .with_note("pass --allow-remote-refs (`Options::allow_remote_refs`) to fetch it; the value is typed as any JSON value"),
            );
            return None;
        }
        if self.mounted.iter().any(|m| m.key == url) {
            return Some(url.to_owned());
        }
        let fetched = match &self.options.fetch {
            Some(f) => (f.0)(url),
            None => http_get(url),
        };
        let text = match fetched {
            Ok(t) => t,
            Err(e) => {
                self.diags.error(at, format!("remote `$ref` {r:?}: cannot fetch {url}: {e}"));
                return None;
            }
        };
        self.mount(url.to_owned(), Source::new(url, text), at)?;
        Some(url.to_owned())
    }

    fn mount(&mut self, key: String, source: Source, at: &Pointer) -> Option<()> {
        let value = match source.parse() {
            Ok(v) => v,
            Err(mut d) => {
                d.message = format!("{} (in {}, reached by this `$ref`)", d.message, source.name);
                d.location = None;
                d.pointer = at.clone();
                self.diags.push(d);
                return None;
            }
        };
        self.mounted.push(Mounted { key, source });
        self.values.push(value);
        Some(())
    }
}

/// The path as shown in diagnostics: relative to the working directory when it is under it.
fn display_name(p: &Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|c| std::fs::canonicalize(c).ok());
    match cwd.as_ref().and_then(|c| p.strip_prefix(c).ok()) {
        Some(rel) => rel.display().to_string(),
        None => p.display().to_string(),
    }
}

/// Removes `.` and resolves `..` lexically.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn join_url(base: &str, rel: &str) -> String {
    match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |s| s + 2) => {
            format!("{}/{}", &base[..i], rel.trim_start_matches("./"))
        }
        _ => format!("{}/{}", base.trim_end_matches('/'), rel.trim_start_matches("./")),
    }
}

fn percent_decode(s: &str) -> String {
    crate::pointer::Pointer::from_local_ref(&format!("#/{s}"))
        .map(|p| p.as_str().trim_start_matches('/').to_owned())
        .unwrap_or_else(|| s.to_owned())
}

/// Fetches an `http://` URL with a plain HTTP/1.1 GET (no TLS: `https://` is refused with a message saying so).
/// Redirects are not followed; a status other than 200 is an error.
pub fn http_get(url: &str) -> Result<String, String> {
    use std::io::{Read, Write};
    if url.starts_with("https://") {
        return Err("https is not supported by the built-in fetcher (no TLS); download the document and reference it as a relative file".to_owned());
    }
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("not an http URL: {url}"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host_port = if authority.contains(':') { authority.to_owned() } else { format!("{authority}:80") };
    let timeout = std::time::Duration::from_secs(10);
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&host_port)
        .map_err(|e| format!("cannot resolve {authority}: {e}"))?
        .next()
        .ok_or_else(|| format!("cannot resolve {authority}"))?;
    let mut stream =
        std::net::TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("cannot connect: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    // One write, so that a server reading the request in one go sees all of it.
    let request = format!("GET {path} HTTP/1.1\r\nHost: {authority}\r\nAccept: application/json, application/yaml, */*\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(|e| format!("cannot send the request: {e}"))?;
    let mut raw = Vec::new();
    stream.take(64 * 1024 * 1024).read_to_end(&mut raw).map_err(|e| format!("cannot read the response: {e}"))?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("malformed HTTP response")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = &raw[split + 4..];
    let status = head.split_whitespace().nth(1).unwrap_or_default();
    if status != "200" {
        return Err(format!("HTTP status {status}"));
    }
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let body = if chunked { dechunk(body)? } else { body.to_vec() };
    String::from_utf8(body).map_err(|_| "the response is not UTF-8 text".to_owned())
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").ok_or("malformed chunked body")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "malformed chunk size")?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if body.len() < size {
            return Err("truncated chunked body".to_owned());
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size + 2..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Holder:\n      type: object\n      properties:\n        pet:\n          $ref: 'http://127.0.0.1:PORT/defs/pet.yaml#/Pet'\n";

    /// Serves `body` for each of `requests` GETs on 127.0.0.1 and returns the port.
    fn serve(body: &'static str, requests: usize) -> u16 {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(requests) {
                let Ok(mut stream) = stream else { continue };
                // Read the whole request head before answering (closing with unread data would reset the
                // connection under the client).
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        port
    }

    fn errors(d: &Diagnostics) -> Vec<String> {
        d.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn remote_refs_are_refused_by_default() {
        let mut root = Source::new("spec.yaml", SPEC.replace("PORT", "9")).parse().expect("yaml");
        let mut d = Diagnostics::new();
        let (mounted, reported) = bundle(&mut root, &Source::new("spec.yaml", ""), &LoadOptions::default(), &mut d);
        assert!(mounted.is_empty());
        assert_eq!(reported.len(), 1);
        assert!(errors(&d)[0].contains("is not followed"), "{:?}", errors(&d));
    }

    #[test]
    fn remote_refs_are_fetched_over_http_when_allowed() {
        let port =
            serve("Pet:\n  type: object\n  properties:\n    tag:\n      $ref: '#/Tag'\nTag:\n  type: string\n", 1);
        let text = SPEC.replace("PORT", &port.to_string());
        let mut root = Source::new("spec.yaml", text.clone()).parse().expect("yaml");
        let mut d = Diagnostics::new();
        let options = LoadOptions { allow_remote: true, fetch: None };
        let (mounted, reported) = bundle(&mut root, &Source::new("spec.yaml", text), &options, &mut d);
        assert!(d.is_empty(), "{:?}", errors(&d));
        assert!(reported.is_empty());
        let url = format!("http://127.0.0.1:{port}/defs/pet.yaml");
        assert_eq!(mounted.len(), 1);
        assert_eq!(mounted[0].key, url);
        let r = root.pointer("/components/schemas/Holder/properties/pet/$ref").and_then(Value::as_str).expect("ref");
        assert_eq!(r, format!("#{}/Pet", mounted[0].prefix().as_str()));
        // A local reference inside the fetched document now points into its mount.
        let inner = Pointer::from_local_ref(r).and_then(|p| p.resolve(&root)).expect("target");
        assert_eq!(inner["properties"]["tag"]["$ref"], format!("#{}/Tag", mounted[0].prefix().as_str()));
    }

    #[test]
    fn a_fetch_hook_replaces_the_network() {
        let text = SPEC.replace("PORT", "1");
        let mut root = Source::new("spec.yaml", text.clone()).parse().expect("yaml");
        let mut d = Diagnostics::new();
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let fetch = Fetcher(Arc::new(move |url: &str| {
            log.lock().map_err(|e| e.to_string())?.push(url.to_owned());
            Ok("{\"Pet\": {\"type\": \"string\"}}".to_owned())
        }));
        let options = LoadOptions { allow_remote: true, fetch: Some(fetch) };
        let (mounted, _) = bundle(&mut root, &Source::new("spec.yaml", text), &options, &mut d);
        assert!(d.is_empty(), "{:?}", errors(&d));
        assert_eq!(mounted.len(), 1);
        assert_eq!(*seen.lock().expect("lock"), vec!["http://127.0.0.1:1/defs/pet.yaml".to_owned()]);
    }

    #[test]
    fn https_is_refused_by_the_built_in_fetcher() {
        assert!(http_get("https://127.0.0.1:1/x.yaml").unwrap_err().contains("https"));
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").expect("ok"), b"abcde");
    }

    #[test]
    fn the_role_of_a_document_is_guessed_by_its_shape() {
        let guess = |text: &str| Role::guess(&serde_json::from_str(text).expect("JSON"));
        assert_eq!(guess(r#"{"x-request-id": {"schema": {"type": "string"}}}"#), Role::Named);
        assert_eq!(guess(r#"{"name": {"type": "string"}, "type": {"type": "integer"}}"#), Role::Named);
        assert_eq!(guess(r#"{"type": "object", "x-tags": [{"$ref": "a.js"}]}"#), Role::Schema);
        assert_eq!(guess(r#"{"properties": {"a": {}}}"#), Role::Schema);
        assert_eq!(guess(r#"{"operationId": "o", "responses": {}}"#), Role::Object);
        assert_eq!(guess(r#"{"schema": {}, "examples": {}}"#), Role::Object);
        assert_eq!(guess(r#"{"$ref": "a.yaml", "x-note": {}}"#), Role::Object);
        // Names are names under a map of them; data and extensions hold no references.
        let any = Value::Null;
        assert_eq!(Role::Schemas.member("x-foo", &any), Some(Role::Schema));
        assert_eq!(Role::Schema.member("x-foo", &any), None);
        assert_eq!(Role::Schema.member("default", &any), None);
        assert_eq!(Role::Object.member("default", &any), Some(Role::Object), "the default response");
        assert_eq!(Role::Object.member("value", &any), None);
        assert_eq!(Role::Components.member("parameters", &any), Some(Role::Objects));
    }

    #[test]
    fn paths_are_normalised_lexically() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d.yaml")), PathBuf::from("/a/c/d.yaml"));
        assert_eq!(join_url("http://h/a/b.yaml", "./c.yaml"), "http://h/a/c.yaml");
    }
}
