//! Lowers a parsed document (3.0 or 3.1) into the typed [`Spec`] model.
//!
//! Every reinterpretation is reported: `$ref` siblings, `nullable` outside 3.0, unsupported keywords. Nothing here
//! panics on malformed input: a value of the wrong shape is a diagnostic and is skipped or defaulted.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::pointer::Pointer;
use serde_json::{Map, Value};

/// Sibling keywords of `$ref` that are honoured in 3.0 documents (policy: openapi-semantics.md #1).
const HONOURED_REF_SIBLINGS: &[&str] =
    &["nullable", "description", "title", "readOnly", "writeOnly", "deprecated", "default", "example"];

/// Where the bundler mounts other documents (see [`crate::bundle`]).
const MOUNTED: &str = "/x-oagen-files/";

/// Keywords that change which values a schema accepts (or their shape) and that the generator does not model. Each
/// is a warning where it is written. (Validation-only keywords such as `multipleOf` or `uniqueItems` do not change
/// the generated types and are not reported.)
const UNSUPPORTED: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$recursiveRef",
];

/// Maximum depth of nested schemas before the normaliser stops descending (guards against stack overflow).
const MAX_DEPTH: usize = 64;

/// Normalises a parsed document. Returns `None` only when the document is not OpenAPI 3 at all.
pub fn normalize(root: Value, diags: &mut Diagnostics) -> Option<Spec> {
    normalize_with(root, &[], diags)
}

/// Like [`normalize`], where the references in `reported` were already reported (by the bundler) and are not
/// reported again.
pub fn normalize_with(root: Value, reported: &[String], diags: &mut Diagnostics) -> Option<Spec> {
    let version = detect_version(&root, diags)?;
    let obj = root.as_object()?;
    let mut n = Normalizer {
        root: &root,
        version,
        diags,
        reported,
        pending: Vec::new(),
        checked: Default::default(),
        referenced: Default::default(),
        components: Default::default(),
        misplaced: Vec::new(),
        callbacks: Vec::new(),
    };
    let mut spec = n.document(obj);
    spec.root = root;
    Some(spec)
}

/// Reads `openapi` (or `swagger`) from the root and decides the version, or explains why the document is refused.
pub fn detect_version(root: &Value, diags: &mut Diagnostics) -> Option<SpecVersion> {
    let root_ptr = Pointer::root();
    let Some(obj) = root.as_object() else {
        diags.error(&root_ptr, "the document is not an object: an OpenAPI document is a mapping with an `openapi` key");
        return None;
    };
    if let Some(v) = obj.get("swagger") {
        diags.push(
            Diagnostic::error(
                &root_ptr.push("swagger"),
                format!(
                    "this is a Swagger {} document; oagen reads OpenAPI 3.0 and 3.1 only (convert it first, e.g. with swagger2openapi)",
                    v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())
                ),
            ),
        );
        return None;
    }
    let Some(v) = obj.get("openapi") else {
        diags.error(&root_ptr, "no `openapi` version field: this does not look like an OpenAPI document");
        return None;
    };
    let ptr = root_ptr.push("openapi");
    let Some(s) = v.as_str() else {
        diags.error(&ptr, format!("`openapi` must be a string such as \"3.0.3\", found {v}"));
        return None;
    };
    if s.starts_with("3.0") {
        Some(SpecVersion::V3_0)
    } else if s.starts_with("3.1") {
        Some(SpecVersion::V3_1)
    } else if s.starts_with("2.") {
        diags.error(&ptr, format!("this is a Swagger {s} document; oagen reads OpenAPI 3.0 and 3.1 only"));
        None
    } else if s.starts_with('3') {
        diags.warn(&ptr, format!("OpenAPI {s} is newer than 3.1; reading it as 3.1"));
        Some(SpecVersion::V3_1)
    } else {
        diags.error(&ptr, format!("unsupported OpenAPI version {s:?}; oagen reads 3.0.x and 3.1.x"));
        None
    }
}

struct Normalizer<'a> {
    root: &'a Value,
    version: SpecVersion,
    diags: &'a mut Diagnostics,
    /// References already reported by the bundler (other documents that could not be read).
    reported: &'a [String],
    /// Schemas that a `$ref` reaches and that are not component schemas (local nodes such as
    /// `/components/schemas/X/properties/y`, and schemas in other documents mounted by the bundler), still to be
    /// normalised.
    pending: Vec<Pointer>,
    /// Those already queued.
    checked: std::collections::HashSet<Pointer>,
    /// Those normalised (see [`Spec::referenced`]).
    referenced: std::collections::HashMap<Pointer, Schema>,
    /// Where each component schema is (`/components/schemas/X`, or in another document when the map is a `$ref`).
    components: std::collections::HashSet<Pointer>,
    /// `$ref`s followed where OpenAPI does not allow one, by kind: the first one's pointer and how many.
    misplaced: Vec<(&'static str, Pointer, usize)>,
    /// Callback operations found so far.
    callbacks: Vec<Callback>,
}

fn str_of(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// `info`'s license, contact and terms, and the document's `externalDocs`: text where the spec has text, left out
/// otherwise (they only describe the API, so a wrong type is not worth a diagnostic).
fn about(root: &Map<String, Value>, info: Option<&Map<String, Value>>) -> About {
    fn member<'v>(obj: Option<&'v Map<String, Value>>, key: &str) -> Option<&'v Map<String, Value>> {
        obj.and_then(|o| o.get(key)).and_then(Value::as_object)
    }
    fn text(obj: Option<&Map<String, Value>>, key: &str) -> Option<String> {
        obj.and_then(|o| str_of(o, key)).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
    }
    let license = member(info, "license");
    let contact = member(info, "contact");
    About {
        license: text(license, "name").map(|name| License {
            name,
            identifier: text(license, "identifier"),
            url: text(license, "url"),
        }),
        contact_url: text(contact, "url"),
        contact_email: text(contact, "email"),
        terms_of_service: text(info, "termsOfService"),
        external_docs: text(member(Some(root), "externalDocs"), "url"),
    }
}

impl<'a> Normalizer<'a> {
    fn document(&mut self, obj: &'a Map<String, Value>) -> Spec {
        let root = Pointer::root();
        let info = self.object(obj.get("info"), &root.push("info"), "info");
        let title = info.and_then(|i| str_of(i, "title")).unwrap_or_else(|| {
            self.diags.warn(&root.push("info"), "`info.title` is missing; using \"API\"");
            "API".to_owned()
        });
        let api_version = info.and_then(|i| str_of(i, "version")).unwrap_or_else(|| "0.0.0".to_owned());
        let description = info.and_then(|i| str_of(i, "description"));
        let about = about(obj, info);

        let servers = self.servers(obj.get("servers"), &root.push("servers"));
        let security_schemes = self.security_schemes(obj);
        let security = self.security(obj.get("security"), &root.push("security")).unwrap_or_default();

        let mut schemas = Vec::new();
        let components = self.member(obj, &root, "components", "the Components Object");
        let component_schemas = components.as_ref().and_then(|(comps, at)| match comps.as_object() {
            Some(comps) => self.member(comps, at, "schemas", "the `components.schemas` map"),
            None => {
                self.diags.error(at, format!("`components` must be an object, found {}", kind(comps)));
                None
            }
        });
        if let Some((map, ptr)) = component_schemas {
            if let Some(map) = self.object(Some(map), &ptr, "components.schemas") {
                self.components = map.keys().map(|name| ptr.push(name)).collect();
                for (name, v) in map {
                    let p = ptr.push(name);
                    schemas.push((name.clone(), self.schema(v, &p, 0)));
                }
            }
        }

        let mut operations = Vec::new();
        let paths = self.member(obj, &root, "paths", "the Paths Object");
        let paths_ptr = paths.as_ref().map_or_else(|| root.push("paths"), |(_, at)| at.clone());
        match paths.map(|(v, _)| v) {
            Some(Value::Object(paths)) => {
                for (path, item) in paths {
                    if path.starts_with("x-") {
                        continue;
                    }
                    // Paths are relative to the server URL and start with `/`; one that does not is read as if it did.
                    let read = if path.starts_with('/') { path.clone() } else { format!("/{path}") };
                    if read != *path {
                        self.diags.push(
                            Diagnostic::warning(
                                &paths_ptr.push(path),
                                format!("path {path:?} does not start with `/`"),
                            )
                            .with_note(format!("it is read as {read:?}")),
                        );
                    }
                    self.path_item(&read, item, &paths_ptr.push(path), false, &security, &mut operations);
                }
            }
            Some(other) => self.diags.error(&paths_ptr, format!("`paths` must be an object, found {}", kind(other))),
            None if self.version == SpecVersion::V3_0 => {
                self.diags.warn(&paths_ptr, "`paths` is missing (required in 3.0); the API has no operations")
            }
            None => {}
        }
        if let Some((webhooks, ptr)) = self.member(obj, &root, "webhooks", "the `webhooks` map") {
            if self.version == SpecVersion::V3_0 {
                self.diags.warn(&ptr, "`webhooks` is a 3.1 keyword; reading it anyway");
            }
            if let Some(map) = self.object(Some(webhooks), &ptr, "webhooks") {
                if !map.is_empty() {
                    self.diags.push(
                        crate::Diagnostic::warning(
                            &ptr,
                            "webhooks are generated as models only: no code sends or receives them",
                        )
                        .with_note("the types of their request bodies and responses are in the models"),
                    );
                }
                for (name, item) in map {
                    self.path_item(name, item, &ptr.push(name), true, &security, &mut operations);
                }
            }
        }

        for (what, at, count) in std::mem::take(&mut self.misplaced) {
            let more = match count {
                1 => String::new(),
                n => format!(" (and {} more like it)", n - 1),
            };
            self.diags.push(
                Diagnostic::warning(&at, format!("`$ref` on {what}, where OpenAPI does not allow one{more}"))
                    .with_note("followed as a JSON Reference, as the bundlers such specs are written for do"),
            );
        }

        // Every schema a `$ref` reaches that is not a component is normalised once, here, so that later stages look
        // it up instead of normalising raw JSON again. Those in other documents are reported (in their own file)
        // like the spec's own schemas; a local node was reported where it stands in the document.
        while let Some(p) = self.pending.pop() {
            let Some(v) = p.resolve(self.root) else { continue };
            let schema = if p.as_str().starts_with(MOUNTED) {
                self.schema(v, &p, 0)
            } else {
                let reported = std::mem::take(self.diags);
                let schema = self.schema(v, &p, 0);
                *self.diags = reported;
                schema
            };
            self.referenced.insert(p, schema);
        }

        Spec {
            callbacks: std::mem::take(&mut self.callbacks),
            version: self.version,
            title,
            api_version,
            description,
            about,
            servers,
            operations,
            schemas,
            security_schemes,
            security,
            referenced: std::mem::take(&mut self.referenced),
            root: Value::Null,
        }
    }

    fn object(&mut self, v: Option<&'a Value>, ptr: &Pointer, what: &str) -> Option<&'a Map<String, Value>> {
        match v {
            None => None,
            Some(Value::Object(m)) => Some(m),
            Some(other) => {
                self.diags.error(ptr, format!("`{what}` must be an object, found {}", kind(other)));
                None
            }
        }
    }

    fn servers(&mut self, v: Option<&Value>, ptr: &Pointer) -> Vec<Server> {
        let Some(v) = v else { return Vec::new() };
        let Some(list) = v.as_array() else {
            self.diags.error(ptr, "`servers` must be an array");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let p = ptr.index(i);
            let Some(s) = s.as_object() else {
                self.diags.error(&p, "a server must be an object");
                continue;
            };
            let Some(url) = str_of(s, "url") else {
                self.diags.error(&p, "a server needs a `url`; skipping it");
                continue;
            };
            let mut variables = Vec::new();
            if let Some(vars) = s.get("variables").and_then(Value::as_object) {
                for (name, var) in vars {
                    let vp = p.push("variables").push(name);
                    let allowed: Vec<String> = var
                        .get("enum")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default();
                    let default = match var.get("default").and_then(Value::as_str) {
                        Some(d) => d.to_owned(),
                        None => {
                            let d = allowed.first().cloned().unwrap_or_default();
                            self.diags.warn(
                                &vp,
                                format!("server variable `{name}` has no `default` (required); using {d:?}"),
                            );
                            d
                        }
                    };
                    if !allowed.is_empty() && !allowed.contains(&default) {
                        self.diags.warn(
                            &vp,
                            format!("the default {default:?} of server variable `{name}` is not in its `enum`"),
                        );
                    }
                    variables.push(ServerVariable {
                        name: name.clone(),
                        default,
                        allowed,
                        description: var.get("description").and_then(Value::as_str).map(str::to_owned),
                    });
                }
            }
            for placeholder in placeholders(&url) {
                if !variables.iter().any(|v| v.name == placeholder) {
                    self.diags.warn(
                        &p,
                        format!(
                            "server URL uses `{{{placeholder}}}` but defines no such variable; it is left in the URL"
                        ),
                    );
                }
            }
            out.push(Server { url, description: str_of(s, "description"), variables });
        }
        out
    }

    fn security_schemes(&mut self, obj: &'a Map<String, Value>) -> Vec<SecurityScheme> {
        let root = Pointer::root();
        let Some((comps, at)) = self.member(obj, &root, "components", "the Components Object") else {
            return Vec::new();
        };
        let Some(comps) = comps.as_object() else { return Vec::new() };
        let Some((map, ptr)) = self.member(comps, &at, "securitySchemes", "the `components.securitySchemes` map")
        else {
            return Vec::new();
        };
        let Some(map) = map.as_object() else { return Vec::new() };
        let mut out = Vec::new();
        for (name, v) in map {
            let p = ptr.push(name);
            let Some((v, p)) = self.resolve_ref(v, &p, "securitySchemes") else { continue };
            let Some(s) = v.as_object() else { continue };
            let ty = str_of(s, "type").unwrap_or_default();
            let kind = match ty.as_str() {
                "http" => match str_of(s, "scheme").unwrap_or_default().to_ascii_lowercase().as_str() {
                    "bearer" => Some(SecurityKind::Bearer),
                    "basic" => Some(SecurityKind::Basic),
                    // Any other scheme (`digest`, `dsn`, `negotiate`, `aws4-hmac-sha256`..): the caller gives the
                    // whole `Authorization` value, sent as the header it is.
                    other => {
                        self.diags.push(
                            Diagnostic::note(
                                &p,
                                format!(
                                    "HTTP auth scheme {other:?}: the credential is the whole `Authorization` header \
                                     value, set as it is sent"
                                ),
                            )
                            .see("security-schemes"),
                        );
                        Some(SecurityKind::ApiKey { location: ParamLocation::Header, name: "Authorization".to_owned() })
                    }
                },
                "apiKey" => {
                    let location = match str_of(s, "in").as_deref() {
                        Some("header") => Some(ParamLocation::Header),
                        Some("query") => Some(ParamLocation::Query),
                        Some("cookie") => Some(ParamLocation::Cookie),
                        other => {
                            self.diags.error(
                                &p,
                                format!("apiKey scheme with `in: {other:?}`; expected header, query or cookie"),
                            );
                            None
                        }
                    };
                    match (location, str_of(s, "name")) {
                        (Some(location), Some(name)) => Some(SecurityKind::ApiKey { location, name }),
                        (Some(_), None) => {
                            self.diags.error(&p, "apiKey scheme without `name`; it is ignored");
                            None
                        }
                        _ => None,
                    }
                }
                "oauth2" | "openIdConnect" => Some(SecurityKind::Bearer),
                other => {
                    self.diags.push(
                        Diagnostic::warning(
                            &p,
                            format!("security scheme type {other:?} is not supported; it is ignored"),
                        )
                        .see("security-schemes"),
                    );
                    None
                }
            };
            let client_credentials = (ty == "oauth2")
                .then(|| s.get("flows")?.get("clientCredentials")?.as_object())
                .flatten()
                .and_then(|flow| {
                    let token_url = flow.get("tokenUrl")?.as_str()?.to_owned();
                    let scopes = flow
                        .get("scopes")
                        .and_then(Value::as_object)
                        .map(|m| m.keys().cloned().collect())
                        .unwrap_or_default();
                    Some(ClientCredentialsFlow { token_url, scopes })
                });
            if let Some(kind) = kind {
                out.push(SecurityScheme {
                    name: name.clone(),
                    kind,
                    description: str_of(s, "description"),
                    client_credentials,
                    pointer: p,
                });
            }
        }
        out
    }

    fn security(&mut self, v: Option<&Value>, ptr: &Pointer) -> Option<Vec<Vec<String>>> {
        let v = v?;
        let Some(list) = v.as_array() else {
            self.diags.error(ptr, "`security` must be an array of requirement objects");
            return None;
        };
        Some(list.iter().filter_map(|req| req.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>())).collect())
    }
}

/// Whether `p` is `/components/schemas/<name>` of the spec itself (lowered as a component, not looked up).
fn is_component_schema(p: &Pointer) -> bool {
    p.as_str().strip_prefix("/components/schemas/").is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// `allOf: [{$ref: X}, {description: ...}]` (AWS documents every use of a reference so): the members that only
/// annotate are the annotations of the whole (its own win), and what remains is a reference with new docs, not a
/// merge of object schemas.
fn fold_annotation_members(s: &mut Schema) {
    if !s.all_of.iter().any(Schema::only_annotates) || s.all_of.iter().all(Schema::only_annotates) {
        return;
    }
    let (annotations, rest): (Vec<Schema>, Vec<Schema>) =
        std::mem::take(&mut s.all_of).into_iter().partition(Schema::only_annotates);
    s.all_of = rest;
    for a in annotations {
        s.title = s.title.take().or(a.title);
        s.description = s.description.take().or(a.description);
        s.default = s.default.take().or(a.default);
        s.example = s.example.take().or(a.example);
        s.nullable |= a.nullable;
        s.read_only |= a.read_only;
        s.write_only |= a.write_only;
        s.deprecated |= a.deprecated;
    }
}

/// The validation keywords kept as constraints (`exclusiveMinimum`/`exclusiveMaximum` as 3.0 flags or 3.1 bounds).
fn read_constraints(obj: &Map<String, Value>, c: &mut Constraints) {
    c.min_length = obj.get("minLength").and_then(Value::as_u64);
    c.max_length = obj.get("maxLength").and_then(Value::as_u64);
    c.pattern = str_of(obj, "pattern");
    c.minimum = obj.get("minimum").and_then(Value::as_f64);
    c.maximum = obj.get("maximum").and_then(Value::as_f64);
    c.min_items = obj.get("minItems").and_then(Value::as_u64);
    c.max_items = obj.get("maxItems").and_then(Value::as_u64);
    match obj.get("exclusiveMinimum") {
        Some(Value::Bool(b)) => c.exclusive_minimum = *b,
        Some(Value::Number(n)) => {
            c.minimum = n.as_f64();
            c.exclusive_minimum = true;
        }
        _ => {}
    }
    match obj.get("exclusiveMaximum") {
        Some(Value::Bool(b)) => c.exclusive_maximum = *b,
        Some(Value::Number(n)) => {
            c.maximum = n.as_f64();
            c.exclusive_maximum = true;
        }
        _ => {}
    }
}

fn placeholders(url: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        out.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Normalizer<'a> {
    /// Follows `$ref`s to components of any kind (chains followed, cycles and dangling targets reported).
    /// Returns the target and its pointer; a value with no `$ref` is returned as it is.
    fn resolve_ref(&mut self, v: &'a Value, ptr: &Pointer, what: &str) -> Option<(&'a Value, Pointer)> {
        let mut current = v;
        let mut current_ptr = ptr.clone();
        let mut seen = Vec::new();
        while let Some(r) = current.get("$ref").and_then(Value::as_str) {
            let target = self.local_pointer(r, &current_ptr)?;
            if seen.contains(&target) || seen.len() > 32 {
                self.diags.error(ptr, format!("`$ref` cycle while resolving this {what}: {r}"));
                return None;
            }
            seen.push(target.clone());
            match target.resolve_through(self.root) {
                Some((at, t)) => {
                    current = t;
                    current_ptr = at;
                }
                None => {
                    self.diags.error(
                        &current_ptr.push("$ref"),
                        format!("`$ref` target {r} does not exist; this {what} is skipped"),
                    );
                    return None;
                }
            }
        }
        Some((current, current_ptr))
    }

    /// The member `key` of `obj` (at `at`), following a `$ref` written in its place, where OpenAPI does not allow
    /// one ([`Normalizer::follow`]). Returns the value and where it is.
    fn member(
        &mut self,
        obj: &'a Map<String, Value>,
        at: &Pointer,
        key: &str,
        what: &'static str,
    ) -> Option<(&'a Value, Pointer)> {
        let v = obj.get(key)?;
        self.follow(v, &at.push(key), what)
    }

    /// Follows a `$ref` written where OpenAPI does not allow one (on an Operation Object, the `responses` or
    /// `content` map, a Media Type Object, ...): specs split into files for bundlers (`redocly bundle`,
    /// json-schema-ref-parser) put them there, and bundlers resolve any `$ref` as a JSON Reference. The target is
    /// read as if written in place (its own pointer kept, so that its diagnostics point into its file); each kind
    /// is reported once, with a count. A value without `$ref` is returned as it is.
    fn follow(&mut self, v: &'a Value, at: &Pointer, what: &'static str) -> Option<(&'a Value, Pointer)> {
        if !v.get("$ref").is_some_and(Value::is_string) {
            return Some((v, at.clone()));
        }
        match self.misplaced.iter_mut().find(|(w, _, _)| *w == what) {
            Some((_, _, count)) => *count += 1,
            None => self.misplaced.push((what, at.clone(), 1)),
        }
        self.resolve_ref(v, at, what)
    }

    /// Turns a `$ref` string into a pointer into this document, reporting what cannot be followed.
    fn local_pointer(&mut self, r: &str, at: &Pointer) -> Option<Pointer> {
        if let Some(p) = Pointer::from_local_ref(r) {
            return Some(p);
        }
        if r.starts_with('#') {
            self.diags.push(
                Diagnostic::error(&at.push("$ref"), format!("`$ref` {r:?} uses an anchor, which is not supported"))
                    .see("ref"),
            );
            return None;
        }
        if self.reported.iter().any(|x| x == r) {
            return None;
        }
        if r.starts_with("http://") || r.starts_with("https://") {
            self.diags
                .error(&at.push("$ref"), format!("remote `$ref` {r:?} is not followed (no network access by default)"));
        } else {
            self.diags.push(
                Diagnostic::error(
                    &at.push("$ref"),
                    format!("`$ref` {r:?} points into another file, which is not supported yet"),
                )
                .see("ref"),
            );
        }
        None
    }

    fn path_item(
        &mut self,
        path: &str,
        item: &'a Value,
        ptr: &Pointer,
        webhook: bool,
        doc_security: &[Vec<String>],
        out: &mut Vec<Operation>,
    ) {
        let Some((item, item_ptr)) = self.resolve_ref(item, ptr, "path item") else { return };
        let Some(obj) = item.as_object() else {
            self.diags.error(ptr, "a path item must be an object");
            return;
        };
        let shared = self.parameters(obj.get("parameters"), &item_ptr.push("parameters"));
        for method in Method::ALL {
            let Some((op, op_ptr)) = self.member(obj, &item_ptr, method.key(), "an Operation Object") else { continue };
            let Some(op) = op.as_object() else {
                self.diags.error(&op_ptr, "an operation must be an object");
                continue;
            };
            let mut parameters = shared.clone();
            for p in self.parameters(op.get("parameters"), &op_ptr.push("parameters")) {
                match parameters.iter_mut().find(|q| q.name == p.name && q.location == p.location) {
                    Some(q) => *q = p,
                    None => parameters.push(p),
                }
            }
            let request_body = op.get("requestBody").and_then(|b| self.request_body(b, &op_ptr.push("requestBody")));
            let responses = self.responses(op.get("responses"), &op_ptr.push("responses"));
            if let Some(cbs) = op.get("callbacks") {
                self.callbacks(cbs, &op_ptr);
            }
            let security =
                self.security(op.get("security"), &op_ptr.push("security")).unwrap_or_else(|| doc_security.to_vec());
            let tags = op
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
            let pagination = op.get("x-pagination").and_then(|v| match crate::Pagination::from_json(v) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.diags.push(
                        crate::Diagnostic::warning(&op_ptr.push("x-pagination"), format!("`x-pagination` {e}"))
                            .with_note("the extension is ignored; pagination is detected as if it were absent"),
                    );
                    None
                }
            });
            out.push(Operation {
                pagination,
                method,
                path: path.to_owned(),
                webhook,
                operation_id: str_of(op, "operationId"),
                tags,
                summary: str_of(op, "summary"),
                description: str_of(op, "description"),
                deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
                parameters,
                request_body,
                responses,
                security,
                pointer: op_ptr,
            });
        }
    }

    /// The operations of an operation's `callbacks`, collected into `self.callbacks` (models only, with a warning).
    fn callbacks(&mut self, cbs: &'a Value, op_ptr: &Pointer) {
        let ptr = op_ptr.push("callbacks");
        let Some(map) = self.object(Some(cbs), &ptr, "callbacks") else { return };
        if !map.is_empty() {
            self.diags.push(
                crate::Diagnostic::warning(
                    &ptr,
                    "callbacks are generated as models only: no code sends or receives them",
                )
                .with_note("the types of their request bodies and responses are in the models"),
            );
        }
        // The keys are the callbacks' names (`x-` ones too); only a Callback Object's own keys can be extensions.
        for (name, cb) in map {
            let Some((cb, cb_ptr)) = self.resolve_ref(cb, &ptr.push(name), "callback") else { continue };
            let Some(expressions) = cb.as_object() else {
                self.diags.error(&cb_ptr, "a callback must be an object of path items");
                continue;
            };
            for (expression, item) in expressions {
                if expression.starts_with("x-") {
                    continue;
                }
                let mut ops = Vec::new();
                self.path_item(expression, item, &cb_ptr.push(expression), true, &[], &mut ops);
                for operation in ops {
                    self.callbacks.push(Callback { owner: op_ptr.clone(), name: name.clone(), operation });
                }
            }
        }
    }

    fn parameters(&mut self, v: Option<&'a Value>, ptr: &Pointer) -> Vec<Parameter> {
        let Some((v, ptr)) = v.and_then(|v| self.follow(v, ptr, "a `parameters` list")) else { return Vec::new() };
        let ptr = &ptr;
        let Some(list) = v.as_array() else {
            self.diags.error(ptr, "`parameters` must be an array");
            return Vec::new();
        };
        let mut out: Vec<Parameter> = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let Some(param) = self.parameter(p, &ptr.index(i)) else { continue };
            if out.iter().any(|q| q.name == param.name && q.location == param.location) {
                self.diags.error(
                    &param.pointer,
                    format!("parameter `{}` is listed twice; the first one is used", param.name),
                );
                continue;
            }
            out.push(param);
        }
        out
    }

    fn parameter(&mut self, v: &'a Value, ptr: &Pointer) -> Option<Parameter> {
        let (v, def_ptr) = self.resolve_ref(v, ptr, "parameter")?;
        let Some(obj) = v.as_object() else {
            self.diags.error(&def_ptr, "a parameter must be an object");
            return None;
        };
        let Some(name) = str_of(obj, "name") else {
            self.diags.error(&def_ptr, "a parameter needs a `name`; it is skipped");
            return None;
        };
        let location = match str_of(obj, "in").as_deref() {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => {
                self.diags.error(
                    &def_ptr,
                    format!(
                        "parameter `{name}` has `in: {}`; expected path, query, header or cookie; it is skipped",
                        other.unwrap_or("(missing)")
                    ),
                );
                return None;
            }
        };
        let mut required = obj.get("required").and_then(Value::as_bool).unwrap_or(false);
        if location == ParamLocation::Path && !required {
            self.diags.warn(
                &def_ptr,
                format!("path parameter `{name}` is not marked `required: true`; path parameters always are"),
            );
            required = true;
        }
        let default_style = match location {
            ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
            ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
        };
        let style = match str_of(obj, "style").as_deref() {
            None => default_style,
            Some("matrix") => ParamStyle::Matrix,
            Some("label") => ParamStyle::Label,
            Some("form") => ParamStyle::Form,
            Some("simple") => ParamStyle::Simple,
            Some("spaceDelimited") => ParamStyle::SpaceDelimited,
            Some("pipeDelimited") => ParamStyle::PipeDelimited,
            Some("deepObject") => ParamStyle::DeepObject,
            Some(other) => {
                self.diags.warn(
                    &def_ptr.push("style"),
                    format!("unknown parameter style {other:?}; using the default for its location"),
                );
                default_style
            }
        };
        let explode = obj.get("explode").and_then(Value::as_bool).unwrap_or(style == ParamStyle::Form);
        let schema = if let Some(s) = obj.get("schema") {
            self.schema(s, &def_ptr.push("schema"), 0)
        } else if let Some(content) = obj.get("content").and_then(Value::as_object) {
            match content.iter().next() {
                Some((media, m)) => {
                    let mp = def_ptr.push("content").push(media);
                    match m.get("schema") {
                        Some(s) => self.schema(s, &mp.push("schema"), 0),
                        None => Schema::any(mp),
                    }
                }
                None => Schema::any(def_ptr.clone()),
            }
        } else {
            self.diags.warn(
                &def_ptr,
                format!("parameter `{name}` has neither `schema` nor `content`; it is taken as a string"),
            );
            Schema { types: vec![JsonType::String], ..Schema::any(def_ptr.clone()) }
        };
        Some(Parameter {
            name,
            location,
            required,
            description: str_of(obj, "description"),
            deprecated: obj.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            style,
            explode,
            allow_reserved: obj.get("allowReserved").and_then(Value::as_bool).unwrap_or(false),
            schema,
            pointer: def_ptr,
        })
    }

    fn content(&mut self, v: Option<&'a Value>, ptr: &Pointer) -> Vec<MediaType> {
        let Some((map, ptr)) = v.and_then(|v| self.follow(v, ptr, "a `content` map")) else { return Vec::new() };
        let Some(map) = map.as_object() else { return Vec::new() };
        let mut out = Vec::new();
        for (name, m) in map {
            let Some((m, mp)) = self.follow(m, &ptr.push(name), "a Media Type Object") else { continue };
            let schema = match m.get("schema") {
                Some(s) => self.schema(s, &mp.push("schema"), 0),
                None => Schema::any(mp.clone()),
            };
            let encoding = self.encoding(m.get("encoding"), &mp.push("encoding"));
            out.push(MediaType { name: name.clone(), schema, encoding, pointer: mp });
        }
        out
    }

    /// A Media Type Object's `encoding` map: each property's part `contentType` (headers and the form styles are
    /// not used).
    fn encoding(&mut self, v: Option<&'a Value>, ptr: &Pointer) -> Vec<(String, PartEncoding)> {
        let Some(map) = v else { return Vec::new() };
        let Some(map) = map.as_object() else {
            self.diags.error(ptr, format!("`encoding` must be an object, found {}", kind(map)));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(map.len());
        for (name, e) in map {
            let Some(e) = e.as_object() else {
                self.diags.error(&ptr.push(name), format!("an Encoding Object must be an object, found {}", kind(e)));
                continue;
            };
            let content_type = match e.get("contentType") {
                None => None,
                Some(Value::String(t)) if !t.trim().is_empty() => Some(t.trim().to_owned()),
                Some(other) => {
                    self.diags.warn(
                        &ptr.push(name).push("contentType"),
                        format!("`contentType` must be a non-empty string, found {}; the default is used", kind(other)),
                    );
                    None
                }
            };
            out.push((name.clone(), PartEncoding { content_type }));
        }
        out
    }

    fn request_body(&mut self, v: &'a Value, ptr: &Pointer) -> Option<RequestBody> {
        let (v, def_ptr) = self.resolve_ref(v, ptr, "request body")?;
        let obj = v.as_object()?;
        let content = self.content(obj.get("content"), &def_ptr.push("content"));
        if content.is_empty() {
            self.diags.warn(&def_ptr, "request body has no `content`; it is ignored");
            return None;
        }
        Some(RequestBody {
            required: obj.get("required").and_then(Value::as_bool).unwrap_or(false),
            description: str_of(obj, "description"),
            content,
            pointer: def_ptr,
        })
    }

    fn responses(&mut self, v: Option<&'a Value>, ptr: &Pointer) -> Vec<Response> {
        let Some(v) = v else {
            if self.version == SpecVersion::V3_0 {
                self.diags.warn(ptr, "operation has no `responses` (required in 3.0)");
            }
            return Vec::new();
        };
        let Some((v, ptr)) = self.follow(v, ptr, "the Responses Object") else { return Vec::new() };
        let ptr = &ptr;
        let Some(map) = v.as_object() else {
            self.diags.error(ptr, "`responses` must be an object");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, r) in map {
            if key.starts_with("x-") {
                continue;
            }
            let rp = ptr.push(key);
            let status = match parse_status(key) {
                Some(s) => s,
                None => {
                    self.diags.error(
                        &rp,
                        format!(
                            "response key {key:?} is not a status code, a range like 4XX, or `default`; it is skipped"
                        ),
                    );
                    continue;
                }
            };
            let Some((r, def_ptr)) = self.resolve_ref(r, &rp, "response") else { continue };
            let Some(obj) = r.as_object() else { continue };
            let content = self.content(obj.get("content"), &def_ptr.push("content"));
            let mut headers = Vec::new();
            let headers_map = self.member(obj, &def_ptr, "headers", "a `headers` map");
            if let Some((hs, headers_ptr)) = headers_map.and_then(|(hs, at)| Some((hs.as_object()?, at))) {
                for (name, h) in hs {
                    let hp = headers_ptr.push(name);
                    let Some((h, hp)) = self.resolve_ref(h, &hp, "header") else { continue };
                    let schema = match h.get("schema") {
                        Some(s) => self.schema(s, &hp.push("schema"), 0),
                        None => Schema::any(hp.clone()),
                    };
                    headers.push(Header {
                        name: name.clone(),
                        schema,
                        required: h.get("required").and_then(Value::as_bool).unwrap_or(false),
                        description: h.get("description").and_then(Value::as_str).map(str::to_owned),
                        pointer: hp,
                    });
                }
            }
            out.push(Response { status, description: str_of(obj, "description"), content, headers, pointer: def_ptr });
        }
        out
    }

    /// Normalises one schema object (or 3.1 boolean schema).
    pub(crate) fn schema(&mut self, v: &'a Value, ptr: &Pointer, depth: usize) -> Schema {
        let mut s = Schema::any(ptr.clone());
        if depth > MAX_DEPTH {
            self.diags.push(
                Diagnostic::error(
                    ptr,
                    format!("schemas nested deeper than {MAX_DEPTH} levels; the rest is taken as any JSON value"),
                )
                .see("schema-nesting"),
            );
            return s;
        }
        let obj = match v {
            Value::Object(o) => o,
            Value::Bool(true) => return s,
            Value::Bool(false) => {
                s.never = true;
                return s;
            }
            other => {
                self.diags.push(
                    Diagnostic::error(
                        ptr,
                        format!("a schema must be an object, found {}; taken as any JSON value", kind(other)),
                    )
                    .see("schema-objects"),
                );
                return s;
            }
        };
        if let Some(r) = obj.get("$ref") {
            if self.reference(r, obj, ptr, &mut s) {
                return s;
            }
        }
        self.annotations(obj, &mut s);
        self.type_keywords(obj, ptr, &mut s);
        self.enum_values(obj, ptr, &mut s);
        self.properties(obj, ptr, depth, &mut s);
        self.additional_properties(obj, ptr, depth, &mut s);
        self.items(obj, ptr, depth, &mut s);
        self.unsupported(obj, ptr);
        self.combinators(obj, ptr, depth, &mut s);
        self.discriminator(obj, ptr, &mut s);
        if s.types.contains(&JsonType::Integer) {
            self.check_integers(obj, ptr);
        }
        read_constraints(obj, &mut s.constraints);
        s
    }

    /// Reads a schema's `$ref` into `s`; true when the reference is the whole schema (3.0, where only some of its
    /// siblings are read).
    fn reference(&mut self, r: &Value, obj: &'a Map<String, Value>, ptr: &Pointer, s: &mut Schema) -> bool {
        match r.as_str() {
            Some(r) => {
                s.reference = Some(r.to_owned());
                self.reference_target(r, ptr, s);
            }
            None => self.diags.error(&ptr.push("$ref"), "`$ref` must be a string; it is ignored"),
        }
        if s.reference.is_none() || self.version == SpecVersion::V3_1 {
            return false;
        }
        self.reference_siblings(obj, ptr, s);
        true
    }

    /// Checks that the target of the `$ref` `r` exists, names it where it really is, and queues it for normalising
    /// when it is not a component schema.
    fn reference_target(&mut self, r: &str, ptr: &Pointer, s: &mut Schema) {
        // Report what cannot be followed once, here; the IR falls back to any JSON value for it.
        let Some(target) = self.local_pointer(r, ptr) else { return };
        match target.resolve_through(self.root) {
            Some((at, _)) => {
                if at != target {
                    // Through a container that is itself a `$ref`: the reference names where the schema really
                    // is, so that every later stage sees one pointer per schema.
                    s.reference = Some(at.to_local_ref());
                }
                if !self.components.contains(&at) && !is_component_schema(&at) && self.checked.insert(at.clone()) {
                    self.pending.push(at);
                }
            }
            None => self.diags.push(
                crate::Diagnostic::error(&ptr.push("$ref"), format!("`$ref` target {r} does not exist"))
                    .with_note("the value is typed as any JSON value"),
            ),
        }
    }

    /// The siblings of a 3.0 `$ref`: reported when there are any, and the honoured ones read.
    fn reference_siblings(&mut self, obj: &'a Map<String, Value>, ptr: &Pointer, s: &mut Schema) {
        let siblings: Vec<&str> =
            obj.keys().map(String::as_str).filter(|k| *k != "$ref" && !k.starts_with("x-")).collect();
        if siblings.is_empty() {
            return;
        }
        let (kept, dropped): (Vec<&str>, Vec<&str>) = siblings.iter().partition(|k| HONOURED_REF_SIBLINGS.contains(k));
        let mut msg = String::from("`$ref` has sibling keywords, which OpenAPI 3.0 says to ignore");
        if !kept.is_empty() {
            msg.push_str(&format!("; honouring {}", backticked(&kept)));
        }
        if !dropped.is_empty() {
            msg.push_str(&format!("; ignoring {}", backticked(&dropped)));
        }
        self.diags.warn(ptr, msg);
        s.nullable = obj.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        self.annotations(obj, s);
    }

    /// `type` (a string, or the 3.1 array that may hold `"null"`), `nullable`, and the keywords that name a format.
    fn type_keywords(&mut self, obj: &Map<String, Value>, ptr: &Pointer, s: &mut Schema) {
        let v31 = self.version == SpecVersion::V3_1;
        match obj.get("type") {
            None => {}
            Some(Value::String(t)) => self.push_type(t, &ptr.push("type"), s),
            Some(Value::Array(ts)) => {
                if !v31 {
                    self.diags.warn(&ptr.push("type"), "a `type` array is a 3.1 form; reading it anyway");
                }
                for (i, t) in ts.iter().enumerate() {
                    match t.as_str() {
                        Some(t) => self.push_type(t, &ptr.push("type").index(i), s),
                        None => self.diags.error(&ptr.push("type").index(i), "a `type` entry must be a string"),
                    }
                }
            }
            Some(other) => {
                self.diags.error(&ptr.push("type"), format!("`type` must be a string, found {}", kind(other)))
            }
        }
        if let Some(n) = obj.get("nullable") {
            if n.as_bool() == Some(true) {
                s.nullable = true;
                if v31 {
                    self.diags.warn(
                        &ptr.push("nullable"),
                        "`nullable` is a 3.0 keyword (3.1 uses `type: [T, \"null\"]`); honouring it",
                    );
                }
            }
        }
        s.format = str_of(obj, "format");
        s.content_media_type = str_of(obj, "contentMediaType");
        s.content_encoding = str_of(obj, "contentEncoding");
    }

    /// `const` and `enum`: the values allowed, a `null` among them read as nullability.
    fn enum_values(&mut self, obj: &Map<String, Value>, ptr: &Pointer, s: &mut Schema) {
        if let Some(c) = obj.get("const") {
            s.enum_values = Some(vec![c.clone()]);
        }
        let Some(e) = obj.get("enum") else { return };
        let Some(values) = e.as_array() else {
            self.diags.error(&ptr.push("enum"), "`enum` must be an array; it is ignored");
            return;
        };
        if s.nullable && self.version != SpecVersion::V3_1 && !values.iter().any(Value::is_null) {
            self.diags.push(
                crate::Diagnostic::warning(
                    &ptr.push("enum"),
                    "`nullable: true` with an `enum` that does not list `null`",
                )
                .with_note("null is accepted, as its authors mean"),
            );
        }
        let mut vals = Vec::with_capacity(values.len());
        for v in values {
            if v.is_null() {
                s.nullable = true;
            } else if !vals.contains(v) {
                vals.push(v.clone());
            }
        }
        s.enum_values = Some(vals);
    }

    /// `properties` (each one normalised) and `required` (duplicates dropped).
    fn properties(&mut self, obj: &'a Map<String, Value>, ptr: &Pointer, depth: usize, s: &mut Schema) {
        // A `$ref` in place of the map (a map of schemas in another file, as some specs split for bundlers have).
        let props = obj.get("properties").and_then(|v| self.follow(v, &ptr.push("properties"), "a `properties` map"));
        if let Some((props, pp)) = props {
            match props.as_object() {
                Some(map) => {
                    for (name, p) in map {
                        let child = self.schema(p, &pp.push(name), depth + 1);
                        s.properties.push((name.clone(), child));
                    }
                }
                None => self.diags.error(&pp, "`properties` must be an object; it is ignored"),
            }
        }
        if let Some(req) = obj.get("required") {
            match req.as_array() {
                Some(list) => {
                    for (i, r) in list.iter().enumerate() {
                        match r.as_str() {
                            Some(r) if !s.required.iter().any(|x| x == r) => s.required.push(r.to_owned()),
                            Some(_) => {}
                            None => self
                                .diags
                                .error(&ptr.push("required").index(i), "`required` entries must be property names"),
                        }
                    }
                }
                None => self
                    .diags
                    .warn(&ptr.push("required"), "`required` must be an array of property names here; it is ignored"),
            }
        }
    }

    /// `additionalProperties`, and `patternProperties` where it can be read as `additionalProperties: true`.
    fn additional_properties(&mut self, obj: &'a Map<String, Value>, ptr: &Pointer, depth: usize, s: &mut Schema) {
        s.additional = match obj.get("additionalProperties") {
            None => Additional::Unspecified,
            Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(Value::Object(m)) if m.is_empty() => Additional::Any,
            Some(v @ Value::Object(_)) => {
                Additional::Schema(Box::new(self.schema(v, &ptr.push("additionalProperties"), depth + 1)))
            }
            Some(other) => {
                self.diags.error(
                    &ptr.push("additionalProperties"),
                    format!("`additionalProperties` must be a boolean or a schema, found {}", kind(other)),
                );
                Additional::Unspecified
            }
        };
        if let Some(Value::Object(patterns)) = obj.get("patternProperties") {
            let pp = ptr.push("patternProperties");
            // Other properties of any type stay valid beside the patterned ones, so their values are kept as JSON
            // (a map typed by the pattern's schema would refuse valid documents).
            let fallback = match (&s.additional, patterns.is_empty()) {
                (Additional::Unspecified, false) => Some(Additional::Any),
                _ => None,
            };
            let msg = match &fallback {
                Some(_) => "`patternProperties` is read as `additionalProperties: true`: other properties are kept as JSON values in a map",
                None => "`patternProperties` is not supported beside `additionalProperties`; it is ignored",
            };
            self.diags.push(Diagnostic::warning(&pp, msg).see("patternproperties"));
            if let Some(a) = fallback {
                s.additional = a;
            }
        }
    }

    /// `items` of an array schema (the tuple form taken as any JSON value).
    fn items(&mut self, obj: &'a Map<String, Value>, ptr: &Pointer, depth: usize, s: &mut Schema) {
        // Beside `prefixItems`, `items` types only the items after the prefix: the list is of any value (as the
        // `prefixItems` warning says), or the prefix would fail to decode.
        if obj.contains_key("prefixItems") {
            s.items = Some(Box::new(Schema::any(ptr.push("prefixItems"))));
            return;
        }
        let Some(items) = obj.get("items") else { return };
        let ip = ptr.push("items");
        let is_array = s.types.is_empty() || s.types.contains(&JsonType::Array);
        if !is_array {
            self.diags.warn(&ip, "`items` on a schema that is not an array is ignored");
        } else if items.is_array() {
            self.diags.push(
                Diagnostic::warning(
                    &ip,
                    "tuple-form `items` (an array) is not supported; items are taken as any JSON value",
                )
                .see("tuple-items"),
            );
            s.items = Some(Box::new(Schema::any(ip)));
        } else {
            s.items = Some(Box::new(self.schema(items, &ip, depth + 1)));
        }
    }

    /// Reports the keywords that change the accepted values and that the generator does not model.
    fn unsupported(&mut self, obj: &Map<String, Value>, ptr: &Pointer) {
        for key in UNSUPPORTED {
            if obj.contains_key(*key) {
                self.diags.push(
                    crate::Diagnostic::warning(&ptr.push(key), format!("`{key}` is not supported; it is ignored"))
                        .with_note("the type is generated from the other keywords of this schema")
                        .see(
                            match *key {
                                "if" | "then" | "else" => "if-then-else",
                                other => other.trim_start_matches('$'),
                            }
                            .to_ascii_lowercase()
                            .as_str(),
                        ),
                );
            }
        }
        if obj.contains_key("prefixItems") {
            self.diags.push(
                Diagnostic::warning(
                    &ptr.push("prefixItems"),
                    "`prefixItems` is not supported; items are taken as any JSON value",
                )
                .see("prefixitems"),
            );
        }
    }

    /// `allOf`, `anyOf` and `oneOf` (members that only annotate folded into `s`), and `not` where it means never.
    fn combinators(&mut self, obj: &'a Map<String, Value>, ptr: &Pointer, depth: usize, s: &mut Schema) {
        for (key, target) in [("allOf", 0), ("anyOf", 1), ("oneOf", 2)] {
            let Some(list) = obj.get(key) else { continue };
            let Some(list) = list.as_array() else {
                self.diags.error(&ptr.push(key), format!("`{key}` must be an array; it is ignored"));
                continue;
            };
            let lp = ptr.push(key);
            let schemas: Vec<Schema> =
                list.iter().enumerate().map(|(i, x)| self.schema(x, &lp.index(i), depth + 1)).collect();
            match target {
                0 => s.all_of = schemas,
                1 => s.any_of = schemas,
                _ => s.one_of = schemas,
            }
        }
        fold_annotation_members(s);
        if let Some(not) = obj.get("not") {
            if not.as_object().is_some_and(Map::is_empty) || not == &Value::Bool(true) {
                s.never = true;
            } else {
                self.diags
                    .push(Diagnostic::warning(&ptr.push("not"), "`not` is not supported; it is ignored").see("not"));
            }
        }
    }

    /// `discriminator`: its property name and mapping.
    fn discriminator(&mut self, obj: &Map<String, Value>, ptr: &Pointer, s: &mut Schema) {
        let Some(d) = obj.get("discriminator") else { return };
        match d.get("propertyName").and_then(Value::as_str) {
            Some(property) => {
                let mapping = d
                    .get("mapping")
                    .and_then(Value::as_object)
                    .map(|m| m.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned()))).collect())
                    .unwrap_or_default();
                s.discriminator = Some(Discriminator { property: property.to_owned(), mapping });
            }
            None => {
                self.diags.error(&ptr.push("discriminator"), "`discriminator` needs a `propertyName`; it is ignored")
            }
        }
    }

    /// Numbers of an `integer` schema that no 64-bit integer holds, such as `minimum: -9223372036854776000` (a double
    /// printed as an integer by the tool that wrote the spec): they were read as floating-point numbers (see
    /// `tree`), which is said where each one stands.
    fn check_integers(&mut self, obj: &Map<String, Value>, ptr: &Pointer) {
        let beyond = |v: &Value| match v {
            Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_none() => {
                n.as_f64().filter(|f| f.fract() == 0.0 && (*f <= i64::MIN as f64 || *f >= i64::MAX as f64))
            }
            _ => None,
        };
        let keys =
            ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "default", "example", "const"];
        let mut found: Vec<(Pointer, String, f64)> = Vec::new();
        for key in keys {
            if let Some(f) = obj.get(key).and_then(beyond) {
                found.push((ptr.push(key), format!("`{key}`"), f));
            }
        }
        for (i, v) in obj.get("enum").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(f) = beyond(v) {
                found.push((ptr.push("enum").index(i), "this `enum` value".to_owned(), f));
            }
        }
        for (at, what, f) in found {
            self.diags.push(
                Diagnostic::warning(&at, format!("{what} of an integer schema is not a 64-bit integer"))
                    .with_note(format!("read as the floating-point number {f:.0}; the type stays a 64-bit integer")),
            );
        }
    }

    fn annotations(&mut self, obj: &'a Map<String, Value>, s: &mut Schema) {
        s.title = str_of(obj, "title");
        s.description = str_of(obj, "description");
        s.default = obj.get("default").cloned();
        s.example = obj
            .get("example")
            .cloned()
            .or_else(|| obj.get("examples").and_then(Value::as_array).and_then(|a| a.first().cloned()));
        s.read_only = obj.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
        s.write_only = obj.get("writeOnly").and_then(Value::as_bool).unwrap_or(false);
        s.deprecated = obj.get("deprecated").and_then(Value::as_bool).unwrap_or(false);
    }

    fn push_type(&mut self, t: &str, ptr: &Pointer, s: &mut Schema) {
        let ty = match t {
            "string" => JsonType::String,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "null" => {
                s.nullable = true;
                return;
            }
            other => {
                let mut d = crate::Diagnostic::error(
                    ptr,
                    format!("unknown `type` {other:?}; the schema is taken as any JSON value"),
                );
                if let Some(hint) = type_hint(other) {
                    d = d.with_note(hint);
                }
                self.diags.push(d.see("unknown-type"));
                return;
            }
        };
        if !s.types.contains(&ty) {
            s.types.push(ty);
        }
    }
}

/// What an unknown `type` most likely means: the JSON Schema type and, for names that are formats, the format.
fn type_hint(t: &str) -> Option<String> {
    let lower = t.to_ascii_lowercase();
    let (ty, format) = match lower.as_str() {
        "int" | "long" | "short" | "int32" | "int64" | "uint" | "bigint" => {
            ("integer", lower.strip_prefix("int").filter(|f| !f.is_empty()).map(|f| format!("int{f}")))
        }
        "float" | "double" | "decimal" | "numeric" => {
            ("number", matches!(lower.as_str(), "float" | "double").then(|| lower.clone()))
        }
        "bool" => ("boolean", None),
        "str" | "text" | "char" | "strings" => ("string", None),
        "date" | "date-time" | "datetime" | "uuid" | "binary" | "byte" => {
            ("string", Some(if lower == "datetime" { "date-time".to_owned() } else { lower.clone() }))
        }
        "dict" | "map" | "obj" | "hash" | "record" | "objects" => ("object", None),
        "list" | "arr" | "arrays" | "tuple" => ("array", None),
        "nil" | "none" => ("null", None),
        _ => {
            let known = ["string", "number", "integer", "boolean", "object", "array", "null"];
            let close = known.iter().find(|k| edit_distance(&lower, k) <= 2)?;
            (*close, None)
        }
    };
    Some(match format {
        Some(f) => format!("did you mean `type: {ty}` with `format: {f}`?"),
        None => format!("did you mean `type: {ty}`?"),
    })
}

/// Levenshtein distance, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn backticked(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// A response key read as the status it covers (`200`, `4XX`, `default`), or `None` when it is not one.
pub fn parse_status(key: &str) -> Option<StatusCode> {
    if key == "default" {
        return Some(StatusCode::Default);
    }
    let b = key.as_bytes();
    if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && b[1..].eq_ignore_ascii_case(b"XX") {
        return Some(StatusCode::Range(b[0] - b'0'));
    }
    key.parse::<u16>().ok().filter(|c| (100..=599).contains(c)).map(StatusCode::Code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(schemas: Value) -> (Spec, Diagnostics) {
        let root = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
        let mut diags = Diagnostics::new();
        let spec = normalize(root, &mut diags).expect("OpenAPI 3");
        (spec, diags)
    }

    #[test]
    fn annotation_members_of_all_of_annotate_the_whole() {
        let (spec, diags) = spec(json!({
            "A": {"type": "object", "properties": {
                "x": {"allOf": [{"$ref": "#/components/schemas/B"}, {"description": "An x.", "nullable": true, "readOnly": true}]},
                "y": {"description": "Its own.", "allOf": [{"$ref": "#/components/schemas/B"}, {"description": "Not this."}]},
                "z": {"allOf": [{"$ref": "#/components/schemas/B"}, {"maxLength": 3}]},
                "only": {"allOf": [{"description": "Nothing to refer to."}]},
                "req": {"allOf": [{"$ref": "#/components/schemas/B"}, {"required": ["title"]}]},
            }},
            "B": {"type": "string"},
        }));
        assert!(diags.is_empty(), "{diags:?}");
        let props = &spec.schemas[0].1.properties;
        let x = &props[0].1;
        assert_eq!(x.all_of.len(), 1);
        assert_eq!(x.all_of[0].reference.as_deref(), Some("#/components/schemas/B"));
        assert_eq!(x.description.as_deref(), Some("An x."));
        assert!(x.nullable && x.read_only);
        assert_eq!(props[1].1.description.as_deref(), Some("Its own."));
        assert_eq!(props[1].1.all_of.len(), 1);
        // A constraint is not an annotation; a lone annotation member stays a member.
        assert_eq!(props[2].1.all_of.len(), 2);
        assert_eq!(props[3].1.all_of.len(), 1);
        assert_eq!(props[4].1.all_of.len(), 2, "`required` constrains");
    }

    #[test]
    fn reference_targets_inside_schemas_are_normalised_up_front() {
        let (spec, _) = spec(json!({
            "A": {"type": "object", "properties": {"inner": {"type": "object", "properties": {"n": {"type": "integer"}}}}},
            "B": {"$ref": "#/components/schemas/A/properties/inner"},
            "C": {"$ref": "#/components/schemas/A"},
        }));
        let inner =
            spec.schema_at(&Pointer::from_escaped("/components/schemas/A/properties/inner")).expect("normalised");
        assert_eq!(inner.properties[0].0, "n");
        // Component schemas are lowered as components, not looked up.
        assert!(spec.schema_at(&Pointer::from_escaped("/components/schemas/A")).is_none());
        assert_eq!(spec.referenced.len(), 1);
    }

    #[test]
    fn integers_beyond_64_bits_are_reported_where_they_stand() {
        // JSON text: serde_json reads the integer literal as a float by itself; YAML goes through `tree`.
        let text = r#"{"A": {"type": "integer", "minimum": -9223372036854776000, "maximum": 12, "enum": [1, 1e20]},
                       "B": {"type": "number", "maximum": 18446744073709551616000}}"#;
        let (_, diags) = spec(serde_json::from_str(text).expect("JSON"));
        let at: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(at, ["/components/schemas/A/minimum", "/components/schemas/A/enum/1"]);
        assert!(diags.iter().all(|d| d.severity == crate::Severity::Warning));
    }

    #[test]
    fn multipart_encoding_and_content_keywords_are_kept() {
        let root = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/u": {"post": {
            "requestBody": {"content": {"multipart/form-data": {
                "schema": {"type": "object", "properties": {
                    "file": {"type": "string", "contentMediaType": "image/png"},
                    "data": {"type": "string", "contentEncoding": "base64"},
                }},
                "encoding": {"file": {"contentType": " image/png, image/jpeg "}, "data": {}, "bad": 3, "odd": {"contentType": 1}},
            }}},
            "responses": {"200": {"description": "OK"}},
        }}}});
        let mut diags = Diagnostics::new();
        let spec = normalize(root, &mut diags).expect("OpenAPI 3");
        let media = &spec.operations[0].request_body.as_ref().expect("a body").content[0];
        let encoding: Vec<(&str, Option<&str>)> =
            media.encoding.iter().map(|(k, e)| (k.as_str(), e.content_type.as_deref())).collect();
        assert_eq!(encoding, [("file", Some("image/png, image/jpeg")), ("data", None), ("odd", None)]);
        let file = &media.schema.properties[0].1;
        assert_eq!(file.content_media_type.as_deref(), Some("image/png"));
        assert_eq!(media.schema.properties[1].1.content_encoding.as_deref(), Some("base64"));
        let at: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
        let base = "/paths/~1u/post/requestBody/content/multipart~1form-data/encoding";
        assert_eq!(at, [format!("{base}/bad"), format!("{base}/odd/contentType")]);
    }

    #[test]
    fn items_beside_prefix_items_do_not_type_the_prefix() {
        let doc = serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Pair": {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}}}}
        });
        let (spec, _) = crate::load(&crate::Source::new("t.json", doc.to_string()));
        let spec = spec.expect("loads");
        let pair = &spec.schemas.iter().find(|(n, _)| n == "Pair").expect("Pair").1;
        let items = pair.items.as_deref().expect("items");
        assert!(items.types.is_empty(), "any value: {items:?}");
    }

    #[test]
    fn callbacks_whose_names_start_with_x_are_callbacks() {
        let hook = json!({"{$request.body#/url}": {
            "post": {"responses": {"200": {"description": "OK"}}},
        }, "x-note": {"post": {"responses": {"200": {"description": "Not a path item."}}}}});
        let root = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/s": {"post": {
            "responses": {"200": {"description": "OK"}},
            "callbacks": {"x-onEvent": hook},
        }}}});
        let mut diags = Diagnostics::new();
        let spec = normalize(root, &mut diags).expect("OpenAPI 3");
        let names: Vec<(&str, &str)> =
            spec.callbacks.iter().map(|c| (c.name.as_str(), c.operation.path.as_str())).collect();
        assert_eq!(names, [("x-onEvent", "{$request.body#/url}")]);
        assert_eq!(diags.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/paths/~1s/post/callbacks"]);
    }

    #[test]
    fn swagger_two_is_refused_in_one_sentence() {
        let mut d = Diagnostics::new();
        let v = serde_json::json!({"swagger": "2.0"});
        assert!(detect_version(&v, &mut d).is_none());
        let all = d.into_sorted();
        assert_eq!(all.len(), 1);
        assert!(all[0].message.contains("Swagger 2.0"));
    }
}
