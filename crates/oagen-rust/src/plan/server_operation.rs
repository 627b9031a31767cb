//! One operation's module in the server, decided once: how each field of its `Request` is read (credentials, then
//! parameters, then the body, each with what it is checked against), the variants of its `Response` and how each is
//! written, and what the module imports. `server/operation.rs` only writes it.

use super::http::{EventForm, Held};
use super::operation::{BodyFormat, OperationPlan};
use super::request_schemas::{Ref, RequestSchemas};
use super::rust_type::RustType;
use oagen_ir::{ParamLocation, StatusCode, TypeSpace};

/// The server module of one operation.
#[derive(Debug)]
pub struct ServerOperation {
    /// The fields of `Request` read from the request, in the order the reads run: credentials, parameters, body.
    pub reads: Vec<FieldRead>,
    /// The variants of `Response`, in order: each response, followed by the events it also offers.
    pub variants: Vec<Variant>,
    /// The items of the server module it imports (`use super::{..}`), in rustfmt's order.
    pub imports: Vec<SuperImport>,
    /// Whether it writes a `BTreeMap` (and imports it).
    pub btree_map: bool,
    /// The shared credentials enum it re-exports as `Credentials` (an index into
    /// [`super::ServerPlan::credentials`]).
    pub credentials_enum: Option<usize>,
    /// Whether a response may hold events or a byte stream, which are sent once: `Response` is then neither `Clone`
    /// nor comparable.
    pub streams: bool,
    /// Whether its trait method's name trips clippy's `wrong_self_convention` (`new`, `from_*`, `into_*` taking
    /// `&self`): the method then allows it.
    pub wrong_self_convention: bool,
}

/// How one field of `Request` is read.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldRead {
    /// `credentials`: the credential of the one scheme (an index into the API's security schemes).
    Scheme(usize),
    /// `credentials`: one of several alternatives, the shared enum (an index into
    /// [`super::ServerPlan::credentials`]).
    Choice(usize),
    /// A parameter.
    Param {
        /// Which (an index into [`OperationPlan::params`]).
        index: usize,
        /// Where it is read from.
        source: ParamSource,
        /// Whether a request without it is refused.
        required: bool,
        /// What it is checked against.
        schema: Ref,
    },
    /// `body`.
    Body {
        /// How it is read.
        read: BodyRead,
        /// The media type it is accepted as.
        media: MediaType,
        /// Whether a request without it is refused.
        required: bool,
    },
}

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamSource {
    Path,
    /// The query; `explode` is the only style choice the server reads (`rt::query` explodes unless told not to).
    Query {
        explode: bool,
    },
    Header,
    Cookie,
}

/// How a body is read, with what a checked one is checked against ([`super::operation::BodyPlan::is_checked`]).
#[derive(Debug, Clone, PartialEq)]
pub enum BodyRead {
    Json(Ref),
    Form(Ref),
    Multipart(Ref),
    Text,
    Bytes,
}

/// A media type as the generated code names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaType {
    /// `rt::JSON`.
    Json,
    /// `rt::FORM`.
    Form,
    /// Any other, as text.
    Other(String),
}

impl MediaType {
    /// The runtime's constant for the usual two, else the text.
    pub fn of(media_type: &str) -> MediaType {
        match media_type {
            "application/json" => MediaType::Json,
            "application/x-www-form-urlencoded" => MediaType::Form,
            other => MediaType::Other(other.to_owned()),
        }
    }
}

/// One variant of `Response`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Its name ([`super::operation::ResponsePlan::variant`], `events_variant`, or `Status`).
    pub name: String,
    /// What it answers (for its docs).
    pub of: VariantOf,
    /// Its status: a code is written as it is, a class or `default` is held by the variant.
    pub status: StatusCode,
    /// Its body, when it has one.
    pub body: Option<VariantBody>,
}

/// What a variant answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantOf {
    /// The response (an index into [`OperationPlan::responses`]) with its chosen media type.
    Response(usize),
    /// The events the response also offers.
    Events(usize),
    /// The spec lists no responses: any status, without a body.
    Unlisted,
}

/// The body of a variant.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantBody {
    /// The type the variant holds.
    pub ty: RustType,
    /// How it is written.
    pub writer: Writer,
    /// Its `Content-Type`.
    pub media: MediaType,
}

/// The runtime's writer of a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// `rt::json`.
    Json,
    /// `rt::text`.
    Text,
    /// `rt::bytes`.
    Bytes,
    /// `rt::events` with `rt::event_json`.
    EventsJson,
    /// `rt::events` with `rt::event_text`.
    EventsText,
    /// `rt::frames` with `rt::event_frame`.
    Frames,
}

/// An item of the server module that an operation module imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuperImport {
    Multipart,
    Rt,
    Schemas,
    Types,
}

impl ServerOperation {
    /// Plans the module of `o`, whose credentials are read as `credentials` (none: no security requirement).
    pub fn new(
        space: &TypeSpace,
        schemas: &RequestSchemas,
        o: &OperationPlan<'_>,
        credentials: Option<FieldRead>,
    ) -> Self {
        let credentials_enum = match credentials {
            Some(FieldRead::Choice(e)) => Some(e),
            _ => None,
        };
        let mut reads: Vec<FieldRead> = credentials.into_iter().collect();
        reads.extend(o.params.iter().enumerate().map(|(index, p)| {
            let source = match p.ir.location {
                ParamLocation::Path => ParamSource::Path,
                ParamLocation::Query => ParamSource::Query { explode: p.ir.explode },
                ParamLocation::Header => ParamSource::Header,
                ParamLocation::Cookie => ParamSource::Cookie,
            };
            FieldRead::Param { index, source, required: p.ir.required, schema: schemas.use_of(space, p.ir.ty) }
        }));
        if let Some(body) = &o.body {
            let schema = || schemas.use_of(space, body.ir.content.ty);
            let read = match body.format {
                BodyFormat::Json => BodyRead::Json(schema()),
                BodyFormat::Form => BodyRead::Form(schema()),
                BodyFormat::Multipart => BodyRead::Multipart(schema()),
                BodyFormat::Text => BodyRead::Text,
                BodyFormat::Bytes => BodyRead::Bytes,
            };
            let media = MediaType::of(&body.ir.content.media_type);
            reads.push(FieldRead::Body { read, media, required: body.ir.required });
        }
        let mut imports = vec![SuperImport::Rt];
        if o.body.as_ref().is_some_and(|b| b.multipart.is_some()) {
            imports.push(SuperImport::Multipart);
        }
        if schemas.used_by(space, o) {
            imports.push(SuperImport::Schemas);
        }
        if o.names_model() {
            imports.push(SuperImport::Types);
        }
        imports.sort();
        let btree_map = o.params.iter().any(|p| p.field_ty.uses_btree_map())
            || o.body.as_ref().is_some_and(|b| b.field_ty.uses_btree_map())
            || o.responses.iter().any(|r| r.helds().any(|h| h.server_ty().uses_btree_map()));
        let name = o.trait_method.as_str();
        ServerOperation {
            reads,
            variants: variants(o),
            imports,
            btree_map,
            credentials_enum,
            streams: o.responses.iter().any(|r| r.helds().any(Held::streams)),
            wrong_self_convention: name == "new" || name.starts_with("from_") || name.starts_with("into_"),
        }
    }

    /// Whether a read takes the body (so that `read` takes its input as `mut`).
    pub fn reads_body(&self) -> bool {
        self.reads.iter().any(|r| matches!(r, FieldRead::Body { .. }))
    }
}

/// The variants of `Response`: each response (then the events it also offers), or `Status` when the spec lists none.
fn variants(o: &OperationPlan<'_>) -> Vec<Variant> {
    let mut out = Vec::with_capacity(o.responses.len());
    for (i, r) in o.responses.iter().enumerate() {
        let status = r.ir.status;
        let own = r.ir.content.as_ref().zip(r.held.as_ref()).map(|(c, held)| body(&c.media_type, held));
        out.push(Variant { name: r.variant.clone(), of: VariantOf::Response(i), status, body: own });
        if let (Some(events), Some(held), Some(name)) = (&r.ir.events, &r.events, &r.events_variant) {
            let events = Some(body(&events.media_type, held));
            out.push(Variant { name: name.clone(), of: VariantOf::Events(i), status, body: events });
        }
    }
    if out.is_empty() {
        out.push(Variant {
            name: "Status".to_owned(),
            of: VariantOf::Unlisted,
            status: StatusCode::Default,
            body: None,
        });
    }
    out
}

/// The body of a variant holding `held` sent as `media_type`.
fn body(media_type: &str, held: &Held) -> VariantBody {
    let writer = match held {
        Held::Decoded(_) => Writer::Json,
        Held::Text => Writer::Text,
        Held::Bytes | Held::ByteStream => Writer::Bytes,
        Held::Events { form: EventForm::Json, .. } => Writer::EventsJson,
        Held::Events { form: EventForm::Text, .. } => Writer::EventsText,
        Held::Events { form: EventForm::Frame, .. } => Writer::Frames,
    };
    VariantBody { ty: held.server_ty(), writer, media: MediaType::of(media_type) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Parts, Plan, PlanOptions};

    fn api(yaml: &str) -> oagen_ir::Api {
        let source = oagen_spec::Source::new("spec.yaml", yaml);
        let spec = oagen_spec::load(&source).0.expect("an OpenAPI document");
        oagen_ir::build(&spec, &mut oagen_spec::Diagnostics::new())
    }

    const CHAT: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /chat:
    post:
      operationId: chat
      parameters:
        - {name: tags, in: query, required: true, explode: false, schema: {type: array, items: {type: string}}}
      requestBody: {content: {text/plain: {schema: {type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {type: object, properties: {text: {type: string}}}}
            text/event-stream: {schema: {type: string}}
        '201': {description: created, content: {application/json: {schema: {type: string}}}}
  /ping:
    get:
      operationId: ping
      responses: {}
"#;

    fn server<'p>(plan: &'p Plan<'_>) -> &'p crate::plan::ServerPlan {
        plan.server.as_ref().expect("a server")
    }

    /// The variant of the events a response offers is claimed after every response's own name: a response that
    /// already holds `<X>Events` (no reason phrase makes one today, so the test renames one) keeps it, and the
    /// events take the next free name, in the plan that the server and the example both read.
    #[test]
    fn event_variants_never_take_a_response_name() {
        let mut api = api(CHAT);
        api.operations[0].responses[1].name = "OkEvents".to_owned();
        let plan = Plan::new(&api, &PlanOptions::new("t", Parts::ALL)).0;
        let chat = &server(&plan).operations[0];
        let names: Vec<(&str, VariantOf)> = chat.variants.iter().map(|v| (v.name.as_str(), v.of)).collect();
        assert_eq!(
            names,
            [("Ok", VariantOf::Response(0)), ("OkEvents2", VariantOf::Events(0)), ("OkEvents", VariantOf::Response(1))]
        );
        assert_eq!(plan.operations[0].responses[0].events_variant.as_deref(), Some("OkEvents2"));
        assert!(chat.streams);
        let writers: Vec<Option<Writer>> = chat.variants.iter().map(|v| v.body.as_ref().map(|b| b.writer)).collect();
        assert_eq!(writers, [Some(Writer::Json), Some(Writer::EventsText), Some(Writer::Json)]);
        // The module is written with both: the enum's variants and the arms writing them.
        let text = crate::server::server(&plan).to_string();
        assert_eq!(text.matches("OkEvents2").count(), 2, "{text}");
        assert_eq!(text.matches("OkEvents (").count(), 2, "{text}");
        // Without the rename, the events are `OkEvents`.
        let api = self::api(CHAT);
        let plan = Plan::new(&api, &PlanOptions::new("t", Parts::ALL)).0;
        assert_eq!(server(&plan).operations[0].variants[1].name, "OkEvents");
    }

    #[test]
    fn reads_are_typed_in_the_order_they_run() {
        let api = api(CHAT);
        let plan = Plan::new(&api, &PlanOptions::new("t", Parts::ALL)).0;
        let chat = &server(&plan).operations[0];
        match chat.reads.as_slice() {
            [FieldRead::Param { index: 0, source: ParamSource::Query { explode: false }, required: true, .. }, FieldRead::Body { read: BodyRead::Text, media: MediaType::Other(media), required: false }] =>
            {
                assert_eq!(media, "text/plain")
            }
            other => panic!("reads: {other:?}"),
        }
        assert!(chat.reads_body());
        assert_eq!(chat.imports, [SuperImport::Rt, SuperImport::Schemas, SuperImport::Types]);
        // No responses: any status, without a body.
        let ping = &server(&plan).operations[1];
        assert_eq!(
            ping.variants,
            [Variant { name: "Status".to_owned(), of: VariantOf::Unlisted, status: StatusCode::Default, body: None }]
        );
        assert!(ping.reads.is_empty() && !ping.reads_body() && ping.imports == [SuperImport::Rt]);
    }
}
