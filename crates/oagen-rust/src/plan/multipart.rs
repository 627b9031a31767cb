//! Typed `multipart/form-data` request bodies: which property of a body is a file, a list of files, a text part or a
//! JSON part, each part's default `Content-Type`, and the struct the client sends and the server decodes (in the
//! generated `multipart` module). A body the spec describes oddly (no object schema, an `encoding` entry for a
//! property the schema does not have) stays untyped, with a diagnostic saying why.

use super::rust_type::{RustType, Types};
use oagen_ir::naming::Namespace;
use oagen_ir::{Api, Body, ContentKeywords, Encoding, Field, PartFacts, TypeKind, TypeRef};
use oagen_spec::Diagnostic;

/// Names the `multipart` module holds besides the body structs.
const RESERVED: &[&str] = &["FilePart", "types"];

/// The `Content-Type` of a file part unless the spec or the caller says otherwise.
pub const OCTET_STREAM: &str = "application/octet-stream";
/// The `Content-Type` of a JSON part unless the spec says otherwise.
pub const JSON: &str = "application/json";

/// One typed multipart body: a struct of the `multipart` module.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartPlan<'a> {
    /// The struct's name in the `multipart` module.
    pub name: String,
    /// The body's type in the IR (an object; the server checks the text and JSON parts against its schema).
    pub ty: TypeRef,
    /// The struct's description (the schema's).
    pub description: Option<String>,
    /// The media type as the spec writes it.
    pub media_type: String,
    /// The fields in property order.
    pub fields: Vec<PartField<'a>>,
}

/// One field of a multipart body struct: one property, sent as one part or several with the same name.
#[derive(Debug, Clone, PartialEq)]
pub struct PartField<'a> {
    /// The property in the IR (name, wire name, docs).
    pub ir: &'a Field,
    /// How it is sent.
    pub kind: PartKind,
    /// The field's type as the struct writes it (`FilePart`, `Option<String>`, `Vec<FilePart>`).
    pub ty: RustType,
    /// Whether the field is an `Option` (`None` sends no part).
    pub optional: bool,
    /// Whether the server refuses a body without it.
    pub required: bool,
    /// The part's `Content-Type`; `None` for text parts sent as `text/plain` (the multipart default, not written).
    pub content_type: Option<String>,
    /// Whether the field's type is a newtype of its list (a recursive alias, `Tree(pub Vec<Tree>)`): its parts are
    /// the items of its `.0`.
    pub newtype: bool,
}

/// How a property is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// One file part (`FilePart`).
    File,
    /// Several file parts with the same name (`Vec<FilePart>`).
    Files,
    /// One text part: a string, number, boolean or enum, written as its text.
    Text,
    /// Several text parts with the same name: an array of scalars.
    Texts,
    /// One part of JSON text: an object, map, union or any value.
    Json,
    /// Several JSON parts with the same name: an array of objects (or of anything that is not a scalar).
    Jsons,
}

impl PartKind {
    /// Whether the parts are files.
    pub fn is_file(self) -> bool {
        matches!(self, PartKind::File | PartKind::Files)
    }
}

/// The typed multipart bodies of an API's served operations, de-duplicated (operations sharing a body share its
/// struct), and the diagnostics of the bodies left untyped.
#[derive(Debug, Default)]
pub struct Multiparts<'a> {
    /// The structs, in order of first use.
    pub bodies: Vec<MultipartPlan<'a>>,
    /// For each operation of `api.operations` (webhooks included, as `None`): the index of its body's struct.
    pub by_operation: Vec<Option<usize>>,
    /// Why bodies were left untyped.
    pub diagnostics: Vec<Diagnostic>,
}

/// Plans every typed multipart body of `api`'s served operations.
pub fn plan(api: &Api) -> Multiparts<'_> {
    let types = Types::outside(&api.types);
    let mut out = Multiparts::default();
    let mut names = Namespace::with_reserved(RESERVED);
    for op in &api.operations {
        let planned = match (&op.body, op.webhook) {
            (Some(body), false) => body_plan(&types, body),
            _ => Ok(None),
        };
        let index = match planned {
            Ok(Some(mut body)) => {
                let same = out.bodies.iter().position(|b| b.ty == body.ty && b.fields == body.fields);
                Some(same.unwrap_or_else(|| {
                    body.name = names.claim_type(&body.name);
                    out.bodies.push(body);
                    out.bodies.len() - 1
                }))
            }
            Ok(None) => None,
            Err(d) => {
                out.diagnostics.push(d);
                None
            }
        };
        out.by_operation.push(index);
    }
    out
}

/// Whether a string with these keywords is binary content: `format: binary`, or a 3.1 `contentMediaType` without a
/// `contentEncoding` (with one, such as `base64`, the content is text).
pub fn is_binary(k: &ContentKeywords) -> bool {
    k.format.as_deref() == Some("binary") || (k.content_media_type.is_some() && k.content_encoding.is_none())
}

/// A body's struct, `Ok(None)` when it is not a `multipart/form-data` body, or why it stays untyped.
fn body_plan<'a>(types: &Types<'a>, body: &'a Body) -> Result<Option<MultipartPlan<'a>>, Diagnostic> {
    let content = &body.content;
    let Some(facts) = content.multipart.as_ref() else { return Ok(None) };
    if content.encoding != Encoding::Multipart || !is_form_data(&content.media_type) {
        return Ok(None);
    }
    let untyped = "the body is sent and received untyped (a form built by hand, raw bytes on the server)";
    let space = types.space();
    let (id, _) = types.resolve(content.ty);
    let TypeKind::Struct(s) = &space.get(id).kind else {
        let at = facts.pointer.push("schema");
        return Err(Diagnostic::warning(
            &at,
            "a `multipart/form-data` body whose schema is not an object with properties",
        )
        .with_note(untyped));
    };
    if s.fields.is_empty() {
        let at = facts.pointer.push("schema");
        return Err(
            Diagnostic::warning(&at, "a `multipart/form-data` body whose schema has no properties").with_note(untyped)
        );
    }
    if let Some(e) = facts.encoding.iter().find(|e| !s.fields.iter().any(|f| f.wire_name == e.property)) {
        return Err(Diagnostic::warning(
            &e.pointer,
            format!("`encoding` names `{}`, which is not a property of the body's schema", e.property),
        )
        .with_note(untyped));
    }
    let fields = s
        .fields
        .iter()
        .map(|f| {
            let part = facts.properties.iter().find(|p| p.wire_name == f.wire_name);
            let encoded = facts.encoding.iter().find(|e| e.property == f.wire_name);
            field(types, f, part, encoded.and_then(|e| e.content_type.as_deref()))
        })
        .collect();
    Ok(Some(MultipartPlan {
        name: space.get(id).name.clone().unwrap_or_else(|| "Body".to_owned()),
        ty: TypeRef::to(id),
        description: space.get(id).docs.description.clone(),
        media_type: content.media_type.clone(),
        fields,
    }))
}

/// Whether a media type is `multipart/form-data` (parameters ignored).
fn is_form_data(media_type: &str) -> bool {
    media_type.split(';').next().is_some_and(|e| e.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// One property's field: its kind from its content keywords and type, its part's `Content-Type` from `encoding`
/// (else the OpenAPI default for its kind).
fn field<'a>(types: &Types<'a>, f: &'a Field, part: Option<&PartFacts>, encoded: Option<&str>) -> PartField<'a> {
    let space = types.space();
    // Through every alias, a recursive one too: a list property is sent as one part per item (OpenAPI's encoding),
    // whatever Rust type holds it.
    let (id, alias_nullable) = space.resolve(f.ty);
    let newtype = types.resolve(f.ty).0 != id;
    let list_item = match &space.get(id).kind {
        TypeKind::List(item) => Some(*item),
        _ => None,
    };
    let value_binary = part.is_some_and(|p| is_binary(&p.value));
    let items_binary = part.and_then(|p| p.items.as_ref()).is_some_and(is_binary);
    let kind = match list_item {
        Some(_) if items_binary => PartKind::Files,
        Some(item) if scalar(types, item) => PartKind::Texts,
        Some(_) => PartKind::Jsons,
        None if value_binary => PartKind::File,
        None if scalar(types, f.ty) => PartKind::Text,
        None => PartKind::Json,
    };
    let nullable = f.ty.nullable || alias_nullable;
    // Multipart has no `null`: a nullable property is one that may be left out.
    let optional = !f.required || nullable;
    let file = RustType::Local("FilePart".to_owned());
    let ty = match kind {
        PartKind::File => file,
        PartKind::Files => RustType::Vec(Box::new(file)),
        _ => types.base(TypeRef { nullable: false, ..f.ty }),
    };
    // A list of files is a `Vec` either way: empty sends no part.
    let ty = if optional && kind != PartKind::Files { ty.optional() } else { ty };
    let media_keyword = |k: Option<&ContentKeywords>| k.and_then(|k| k.content_media_type.clone());
    let default = match kind {
        PartKind::File => media_keyword(part.map(|p| &p.value)),
        PartKind::Files => media_keyword(part.and_then(|p| p.items.as_ref())),
        _ => None,
    };
    let fallback = match kind {
        PartKind::File | PartKind::Files => Some(OCTET_STREAM.to_owned()),
        PartKind::Json | PartKind::Jsons => Some(JSON.to_owned()),
        PartKind::Text | PartKind::Texts => None,
    };
    let content_type = encoded
        .and_then(first_media_type)
        .or_else(|| default.as_deref().and_then(first_media_type))
        .filter(|t| !t.eq_ignore_ascii_case("text/plain"))
        .or(fallback);
    PartField { ir: f, kind, ty, optional, required: f.required && !nullable, content_type, newtype }
}

/// Whether values of a use are written as text: strings, numbers, booleans and string enums.
fn scalar(types: &Types<'_>, r: TypeRef) -> bool {
    let space = types.space();
    let (id, _) = types.resolve(r);
    matches!(space.get(id).kind, TypeKind::Primitive(_) | TypeKind::Enum(_))
}

/// The first media type of a `contentType` list (`image/png, image/jpeg`) that can be sent as a header: no wildcard,
/// visible ASCII.
fn first_media_type(list: &str) -> Option<String> {
    let first = list.split(',').next()?.trim();
    let valid = first.contains('/')
        && !first.contains('*')
        && first.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    valid.then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let source = oagen_spec::Source::new("spec.yaml", yaml);
        let (spec, diags) = oagen_spec::load(&source);
        let spec = spec.unwrap_or_else(|| panic!("{diags:?}"));
        let mut diags = oagen_spec::Diagnostics::new();
        oagen_ir::build(&spec, &mut diags)
    }

    const SPEC: &str = r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /upload:
    post:
      operationId: upload_file
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, kind]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string}
                kind: {type: string, enum: [a, b]}
                count: {type: integer}
                pictures: {type: array, items: {type: string, contentMediaType: image/png}}
                tags: {type: array, items: {type: string}}
                meta: {type: object, properties: {x: {type: integer}}}
                items: {type: array, items: {type: object, properties: {y: {type: string}}}}
                data: {type: string, contentEncoding: base64, contentMediaType: image/png}
                csv: {type: string}
            encoding:
              meta: {contentType: application/vnd.meta+json}
              pictures: {contentType: "image/*"}
              csv: {contentType: "text/csv, text/plain"}
      responses: {"204": {description: done}}
  /again:
    put:
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: "#/components/schemas/Shared"}
      responses: {"204": {description: done}}
  /shared:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: "#/components/schemas/Shared"}
      responses: {"204": {description: done}}
components:
  schemas:
    Shared:
      type: object
      properties:
        doc: {$ref: "#/components/schemas/Doc"}
    Doc: {type: string, format: binary}
"##;

    #[test]
    fn parts_by_kind_and_content_type() {
        let api = api(SPEC);
        let plans = plan(&api);
        assert!(plans.diagnostics.is_empty(), "{:?}", plans.diagnostics);
        let body = &plans.bodies[0];
        assert_eq!(body.name, "UploadFileBody");
        let got: Vec<(&str, PartKind, String, bool, Option<&str>)> = body
            .fields
            .iter()
            .map(|f| (f.ir.wire_name.as_str(), f.kind, f.ty.to_string(), f.required, f.content_type.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("file", PartKind::File, "FilePart".to_owned(), true, Some(OCTET_STREAM)),
                ("purpose", PartKind::Text, "Option<String>".to_owned(), false, None),
                ("kind", PartKind::Text, "types::UploadFileBodyKind".to_owned(), true, None),
                ("count", PartKind::Text, "Option<i64>".to_owned(), false, None),
                // A wildcard cannot be sent: the items' contentMediaType is.
                ("pictures", PartKind::Files, "Vec<FilePart>".to_owned(), false, Some("image/png")),
                ("tags", PartKind::Texts, "Option<Vec<String>>".to_owned(), false, None),
                (
                    "meta",
                    PartKind::Json,
                    "Option<types::UploadFileBodyMeta>".to_owned(),
                    false,
                    Some("application/vnd.meta+json")
                ),
                ("items", PartKind::Jsons, "Option<Vec<types::UploadFileBodyItem>>".to_owned(), false, Some(JSON)),
                // Base64 content is text.
                ("data", PartKind::Text, "Option<String>".to_owned(), false, None),
                ("csv", PartKind::Text, "Option<String>".to_owned(), false, Some("text/csv")),
            ]
        );
        // Two operations with the same body share its struct; a `$ref`'d binary is a file.
        assert_eq!(plans.bodies.len(), 2);
        assert_eq!(plans.by_operation, [Some(0), Some(1), Some(1)]);
        assert_eq!(plans.bodies[1].name, "Shared");
        assert_eq!(plans.bodies[1].fields[0].kind, PartKind::File);
    }

    #[test]
    fn odd_bodies_stay_untyped_with_a_diagnostic() {
        let api = api(r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /none:
    post:
      requestBody: {content: {multipart/form-data: {}}}
      responses: {"204": {description: done}}
  /string:
    post:
      requestBody: {content: {multipart/form-data: {schema: {type: string}}}}
      responses: {"204": {description: done}}
  /unknown:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {a: {type: string}}}
            encoding: {b: {contentType: text/csv}}
      responses: {"204": {description: done}}
  /mixed:
    post:
      requestBody: {content: {multipart/mixed: {schema: {type: object, properties: {a: {type: string}}}}}}
      responses: {"204": {description: done}}
"#);
        let plans = plan(&api);
        assert!(plans.bodies.is_empty());
        assert_eq!(plans.by_operation, [None, None, None, None]);
        let at: Vec<&str> = plans.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            at,
            [
                "/paths/~1none/post/requestBody/content/multipart~1form-data/schema",
                "/paths/~1string/post/requestBody/content/multipart~1form-data/schema",
                "/paths/~1unknown/post/requestBody/content/multipart~1form-data/encoding/b",
            ]
        );
        assert!(plans.diagnostics[2].message.contains("`b`"), "{}", plans.diagnostics[2].message);
    }

    #[test]
    fn media_type_lists() {
        assert_eq!(first_media_type("image/png, image/jpeg").as_deref(), Some("image/png"));
        assert_eq!(first_media_type("image/*"), None);
        assert_eq!(first_media_type("nonsense"), None);
    }
}
