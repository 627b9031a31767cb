//! Operations: stable names, parameters, the body and responses in the media type the generated code uses.

use crate::api::*;
use crate::lower::{Ctx, Lowerer};
use crate::naming::{self, Namespace};
use crate::paths::{self, path_placeholders};
use crate::types::Primitive;
use oagen_spec::{Diagnostic, MediaType, Pointer};

/// How a media type is encoded, and how much the generator prefers it (lower is better).
pub fn encoding_of(media_type: &str) -> (Encoding, u8) {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
        || essence == "text/json"
    {
        (Encoding::Json, 0)
    } else if essence == "application/x-www-form-urlencoded" {
        (Encoding::Form, 1)
    } else if essence.starts_with("multipart/") {
        (Encoding::Multipart, 2)
    } else if essence == "text/event-stream" {
        (Encoding::EventStream, 3)
    } else if essence.starts_with("text/") {
        (Encoding::Text, 4)
    } else {
        (Encoding::Binary, 5)
    }
}

/// The media type the generated code uses: the most preferred encoding, first in document order among equals.
fn choose(content: &[MediaType]) -> Option<&MediaType> {
    content.iter().enumerate().min_by_key(|(i, m)| (encoding_of(&m.name).1, *i)).map(|(_, m)| m)
}

/// The words of a summary worth keeping in a name, or `None` when it is too long to be a good name.
fn summary_words(summary: &str) -> Option<String> {
    const STOP: &[&str] = &["a", "an", "the"];
    let words: Vec<&str> = summary
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    (1..=6).contains(&words.len()).then(|| words.join(" "))
}

/// Whether `p` is inside the operation `op`. A parameter, body or response defined outside the operation (a
/// component, another file, the path item) may be shared by several operations: its types are named after the
/// definition, not after the first operation that uses it.
fn defined_in(op: &oagen_spec::Operation, p: &Pointer) -> bool {
    p.as_str().strip_prefix(op.pointer.as_str()).is_some_and(|rest| rest.starts_with('/'))
}

/// `patch /conversations/{id}` -> `patch_conversations_by_id`.
fn method_path_name(method: Method, path: &str) -> String {
    let mut parts = vec![method.key().to_owned()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => parts.push(format!("by {param}")),
            None => parts.push(seg.to_owned()),
        }
    }
    naming::snake_name(&parts.join(" "))
}

impl Lowerer<'_> {
    /// Lowers every operation, in document order.
    pub(crate) fn operations(&mut self, spec: &oagen_spec::Spec, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let mut names = Namespace::new();
        let mut seen_ids: Vec<(String, oagen_spec::Pointer)> = Vec::new();
        let mut out = Vec::with_capacity(spec.operations.len());
        for op in &spec.operations {
            let base = match &op.operation_id {
                Some(id) => {
                    if let Some((_, first)) = seen_ids.iter().find(|(seen, _)| seen == id) {
                        self.diags.push(
                            Diagnostic::error(
                                &op.pointer.push("operationId"),
                                format!("operationId {id:?} is also used at {first}"),
                            )
                            .with_note("this operation gets a numbered name"),
                        );
                    }
                    seen_ids.push((id.clone(), op.pointer.clone()));
                    naming::snake_name(id)
                }
                None => match op.summary.as_deref().and_then(summary_words) {
                    Some(words) => naming::snake_name(&words),
                    None => method_path_name(op.method, &op.path),
                },
            };
            let name = names.claim(&base);
            out.push(self.operation(op, name, schemes));
        }
        out
    }

    /// Lowers the operations of every callback (models only: they are kept apart from the API's operations),
    /// named `<owner>_<callback>` after the operation they belong to.
    pub(crate) fn callbacks(
        &mut self,
        spec: &oagen_spec::Spec,
        operations: &[Operation],
        schemes: &[SecurityScheme],
    ) -> Vec<Operation> {
        let mut names = Namespace::new();
        for op in operations {
            names.claim(&op.name);
        }
        let mut out: Vec<Operation> = Vec::with_capacity(spec.callbacks.len());
        for cb in &spec.callbacks {
            let owner = operations
                .iter()
                .chain(out.iter())
                .find(|o| o.pointer == cb.owner)
                .map_or_else(|| "callback".to_owned(), |o| o.name.clone());
            let base = match &cb.operation.operation_id {
                Some(id) => naming::snake_name(id),
                None => naming::snake_name(&format!("{owner} {}", cb.name)),
            };
            let name = names.claim(&base);
            out.push(self.operation(&cb.operation, name, schemes));
        }
        out
    }

    /// Lowers one operation named `name`: its parameters, path, body, responses and security.
    fn operation(&mut self, op: &oagen_spec::Operation, name: String, schemes: &[SecurityScheme]) -> Operation {
        let type_base = naming::type_name(&name);
        let mut param_names = Namespace::new();
        let mut parameters = self.parameters(op, &type_base, &mut param_names);
        let path = if op.webhook { op.path.clone() } else { paths::read_template(op, self.diags) };
        if !op.webhook {
            self.missing_path_parameters(op, &path, &mut param_names, &mut parameters);
            self.unused_path_parameters(op, &path);
        }
        let body = self.body(op, &type_base);
        let responses = self.responses(op, &type_base);
        let security = self.security(op, schemes);
        Operation {
            name,
            operation_id: op.operation_id.clone(),
            method: op.method,
            path,
            webhook: op.webhook,
            tags: op.tags.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            parameters,
            body,
            responses,
            security,
            pagination: op.pagination.clone(),
            pointer: op.pointer.clone(),
        }
    }

    /// The declared parameters, their names claimed in `param_names` and their types lowered.
    fn parameters(
        &mut self,
        op: &oagen_spec::Operation,
        type_base: &str,
        param_names: &mut Namespace,
    ) -> Vec<Parameter> {
        let mut parameters = Vec::with_capacity(op.parameters.len());
        for p in &op.parameters {
            let pname = param_names.claim(&naming::snake_name(&p.name));
            let ty_name = || match defined_in(op, &p.pointer) {
                true => format!("{type_base}{}", naming::type_name(&p.name)),
                false => naming::type_name(&p.name),
            };
            let ty = self.lower_in_place(&p.schema, || Ctx::named(ty_name()));
            let (default, constraints) = self.rules_of(&p.schema);
            parameters.push(Parameter {
                name: pname,
                wire_name: p.name.clone(),
                location: p.location,
                required: p.required,
                ty,
                style: p.style,
                explode: p.explode,
                allow_reserved: p.allow_reserved,
                description: p.description.clone(),
                deprecated: p.deprecated,
                default,
                constraints,
                pointer: p.pointer.clone(),
            });
        }
        parameters
    }

    /// A parameter schema's `default` and validation keywords, from the schema it references (one level) for what
    /// it does not say itself.
    fn rules_of(&self, schema: &oagen_spec::Schema) -> (Option<serde_json::Value>, oagen_spec::Constraints) {
        let target = schema
            .reference
            .as_deref()
            .and_then(oagen_spec::Pointer::from_local_ref)
            .and_then(|p| self.component_or_referenced(&p));
        let default = schema.default.clone().or_else(|| target.and_then(|t| t.default.clone()));
        let constraints = match target {
            Some(t) if schema.constraints == oagen_spec::Constraints::default() => t.constraints.clone(),
            _ => schema.constraints.clone(),
        };
        (default, constraints)
    }

    /// A required string path parameter for each variable of the template `path` that no parameter declares (an
    /// error each).
    fn missing_path_parameters(
        &mut self,
        op: &oagen_spec::Operation,
        path: &str,
        param_names: &mut Namespace,
        parameters: &mut Vec<Parameter>,
    ) {
        for placeholder in path_placeholders(path) {
            if !op.parameters.iter().any(|p| p.location == ParamLocation::Path && p.name == placeholder) {
                self.diags.push(
                    Diagnostic::error(
                        &op.pointer,
                        format!("path template has `{{{placeholder}}}` but no path parameter of that name"),
                    )
                    .with_note("a required string path parameter is assumed"),
                );
                let ty = self.primitive_ref(Some(Primitive::String));
                parameters.push(Parameter {
                    name: param_names.claim(&naming::snake_name(&placeholder)),
                    wire_name: placeholder.clone(),
                    location: ParamLocation::Path,
                    required: true,
                    ty,
                    style: ParamStyle::Simple,
                    explode: false,
                    allow_reserved: false,
                    description: None,
                    deprecated: false,
                    default: None,
                    constraints: Default::default(),
                    pointer: op.pointer.clone(),
                });
            }
        }
    }

    /// Reports each declared path parameter that the template `path` does not use.
    fn unused_path_parameters(&mut self, op: &oagen_spec::Operation, path: &str) {
        for p in op.parameters.iter().filter(|p| p.location == ParamLocation::Path) {
            if !path_placeholders(path).contains(&p.name) {
                self.diags.push(
                    Diagnostic::error(
                        &p.pointer,
                        format!("path parameter `{}` does not appear in the path template {}", p.name, path),
                    )
                    .with_note("it is accepted and not sent"),
                );
            }
        }
    }

    /// The request body in its chosen media type.
    fn body(&mut self, op: &oagen_spec::Operation, type_base: &str) -> Option<Body> {
        let b = op.request_body.as_ref()?;
        let chosen = choose(&b.content)?;
        let type_name =
            if defined_in(op, &b.pointer) { format!("{type_base}Body") } else { naming::definition_name(&b.pointer) };
        let content = self.content(chosen, &type_name);
        Some(Body {
            required: b.required,
            description: b.description.clone(),
            content,
            alternatives: b.content.iter().map(|m| m.name.clone()).collect(),
            pointer: b.pointer.clone(),
        })
    }

    /// The responses, each named after its reason phrase, with its content, events and headers.
    fn responses(&mut self, op: &oagen_spec::Operation, type_base: &str) -> Vec<Response> {
        let success_count = op
            .responses
            .iter()
            .filter(|r| matches!(r.status, StatusCode::Code(200..=299) | StatusCode::Range(2)))
            .count();
        let mut response_names = Namespace::new();
        let mut responses = Vec::with_capacity(op.responses.len());
        for r in &op.responses {
            let reason = response_names.claim_type_free(&reason_name(r.status));
            let is_success = matches!(r.status, StatusCode::Code(200..=299) | StatusCode::Range(2));
            // (A response of a `responses` map that is itself shared is named after the operation: its key is a
            // status, not a name.)
            let defined_apart = !defined_in(op, &r.pointer)
                && r.pointer.last().is_some_and(|k| oagen_spec::normalize::parse_status(&k).is_none());
            let type_name = if defined_apart {
                naming::definition_name(&r.pointer)
            } else if is_success && success_count == 1 {
                format!("{type_base}Response")
            } else {
                format!("{type_base}{reason}")
            };
            let content = choose(&r.content).map(|m| self.content(m, &type_name));
            // An event stream offered beside the chosen media type (OpenAI's `stream: true`): its events, too.
            let events = match &content {
                Some(c) if c.encoding != Encoding::EventStream => r
                    .content
                    .iter()
                    .find(|m| encoding_of(&m.name).0 == Encoding::EventStream)
                    .map(|m| self.content(m, &type_name)),
                _ => None,
            };
            let headers = self.response_headers(r, &type_name);
            responses.push(Response {
                status: r.status,
                name: reason,
                description: r.description.clone(),
                content,
                events,
                headers,
                pointer: r.pointer.clone(),
            });
        }
        responses
    }

    /// The headers of the response `r` (`Content-Type` left out), their types named after `type_name`.
    fn response_headers(&mut self, r: &oagen_spec::Response, type_name: &str) -> Vec<ResponseHeader> {
        let mut header_names = Namespace::new();
        let mut headers = Vec::new();
        for h in r.headers.iter().filter(|h| !h.name.eq_ignore_ascii_case("content-type")) {
            let ty_name = || format!("{type_name}{}", naming::type_name(&h.name));
            headers.push(ResponseHeader {
                name: header_names.claim(&naming::snake_name(&h.name)),
                wire_name: h.name.clone(),
                ty: self.lower_in_place(&h.schema, || Ctx::named(ty_name())),
                required: h.required,
                description: h.description.clone(),
                pointer: h.pointer.clone(),
            });
        }
        headers
    }

    /// The security alternatives as indexes into `schemes` (those naming an unknown scheme dropped, with a warning;
    /// `{}` last, once).
    fn security(&mut self, op: &oagen_spec::Operation, schemes: &[SecurityScheme]) -> Vec<Vec<usize>> {
        let mut security = Vec::new();
        for alternative in &op.security {
            let mut indexes = Vec::new();
            let mut supported = true;
            for scheme in alternative {
                match schemes.iter().position(|s| &s.key == scheme) {
                    Some(i) => indexes.push(i),
                    None => {
                        self.diags.warn(&op.pointer, format!("security scheme `{scheme}` is not defined or not supported; this requirement is ignored"));
                        supported = false;
                    }
                }
            }
            if supported {
                security.push(indexes);
            }
        }
        if security.iter().any(Vec::is_empty) {
            // `{}` among the alternatives: credentials are optional.
            security.retain(|alt: &Vec<usize>| !alt.is_empty());
            security.push(Vec::new());
        }
        security
    }

    fn content(&mut self, m: &MediaType, type_name: &str) -> Content {
        let (encoding, _) = encoding_of(&m.name);
        let ty = match encoding {
            Encoding::Json | Encoding::Form | Encoding::Multipart => {
                self.lower_in_place(&m.schema, || Ctx::named(type_name))
            }
            // The data of each event, named `...Event` when the spec defines it here.
            Encoding::EventStream => self.lower_in_place(&m.schema, || Ctx::named(format!("{type_name}Event"))),
            Encoding::Text => self.primitive_ref(Some(Primitive::String)),
            Encoding::Binary => self.primitive_ref(Some(Primitive::Bytes)),
        };
        let multipart = (encoding == Encoding::Multipart).then(|| self.multipart_facts(m));
        Content { media_type: m.name.clone(), encoding, ty, multipart }
    }

    /// The content keywords of a multipart body's properties and its `encoding` map.
    fn multipart_facts(&self, m: &MediaType) -> MultipartFacts {
        let mut properties = Vec::new();
        self.part_facts(&m.schema, &mut properties, 0);
        let encoding = m
            .encoding
            .iter()
            .map(|(name, e)| PartEncoding {
                property: name.clone(),
                content_type: e.content_type.clone(),
                pointer: m.pointer.push("encoding").push(name),
            })
            .collect();
        MultipartFacts { properties, encoding, pointer: m.pointer.clone() }
    }

    /// Collects the properties of `s`, through `$ref` and `allOf` (the first definition of a name is kept).
    fn part_facts(&self, s: &oagen_spec::Schema, out: &mut Vec<PartFacts>, depth: usize) {
        if depth > 16 {
            return;
        }
        if let Some(target) = s.reference.as_deref().and_then(|r| self.schema_target(r)) {
            self.part_facts(target, out, depth + 1);
        }
        for member in &s.all_of {
            self.part_facts(member, out, depth + 1);
        }
        for (wire, ps) in &s.properties {
            if out.iter().any(|p| &p.wire_name == wire) {
                continue;
            }
            let value = self.keywords(ps, 0);
            let items = self.resolved(ps, 0).items.as_deref().map(|i| self.keywords(i, 0));
            out.push(PartFacts { wire_name: wire.clone(), value, items });
        }
    }

    /// The schema `s` stands for: itself, or the target of its `$ref` when it is only a reference.
    fn resolved<'b>(&'b self, s: &'b oagen_spec::Schema, depth: usize) -> &'b oagen_spec::Schema {
        match s.reference.as_deref().and_then(|r| self.schema_target(r)) {
            Some(target) if depth < 16 && s.items.is_none() => self.resolved(target, depth + 1),
            _ => s,
        }
    }

    /// The content keywords of `s`, its own first, then those of its `$ref`'s target.
    fn keywords(&self, s: &oagen_spec::Schema, depth: usize) -> ContentKeywords {
        let own = ContentKeywords {
            format: s.format.clone(),
            content_media_type: s.content_media_type.clone(),
            content_encoding: s.content_encoding.clone(),
        };
        match s.reference.as_deref().and_then(|r| self.schema_target(r)) {
            Some(target) if depth < 16 => {
                let inner = self.keywords(target, depth + 1);
                ContentKeywords {
                    format: own.format.or(inner.format),
                    content_media_type: own.content_media_type.or(inner.content_media_type),
                    content_encoding: own.content_encoding.or(inner.content_encoding),
                }
            }
            _ => own,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_operation_id() {
        assert_eq!(summary_words("Update a conversation.").as_deref(), Some("Update conversation"));
        assert_eq!(summary_words("Update Conversation").as_deref(), Some("Update Conversation"));
        assert_eq!(summary_words("one two three four five six seven"), None);
        assert_eq!(method_path_name(Method::Patch, "/conversations/{id}"), "patch_conversations_by_id");
    }

    #[test]
    fn json_is_preferred() {
        assert_eq!(encoding_of("application/problem+json; charset=utf-8").0, Encoding::Json);
        assert_eq!(encoding_of("multipart/form-data").0, Encoding::Multipart);
        assert_eq!(encoding_of("application/octet-stream").0, Encoding::Binary);
        assert_eq!(encoding_of("text/plain").0, Encoding::Text);
        assert_eq!(encoding_of("text/event-stream; charset=utf-8").0, Encoding::EventStream);
    }
}
