//! One operation, analysed once for every emitter: its Rust names, its inputs with their types, its path template
//! as sent on the wire, its responses (with the server's variants) and its security alternatives.

use super::http::{self, Held};
use super::rust_type::{RustType, Types};
use oagen_ir::naming::Namespace;
use oagen_ir::{Body, Encoding, Operation, Parameter, PathPiece, Response, TypeRef};

/// Names the server module reserves beside the operation modules, and the trait beside its methods.
const RESERVED_MODULES: &[&str] = &["types", "multipart", "rt", "schemas", "router", "Api", "serve", "Limits"];
const RESERVED_METHODS: &[&str] = &["reject"];
/// Names a server `Request` holds beside the parameters.
const RESERVED_FIELDS: &[&str] = &["body", "credentials", "context"];

/// What every emitter reads of one operation.
#[derive(Debug, Clone)]
pub struct OperationPlan<'a> {
    /// The operation in the IR (its docs, method, tags).
    pub op: &'a Operation,
    /// The server module of the operation (also its trait method's name, unless that is reserved).
    pub module: String,
    /// The trait method that serves it.
    pub trait_method: String,
    /// `` `GET /pets/{id}` ``: the endpoint as docs name it.
    pub endpoint: String,
    /// The path template with its literal text as sent on the wire (`{` and `}` only around variables), as the
    /// server matches it.
    pub template: String,
    /// The parameters in document order.
    pub params: Vec<ParamPlan<'a>>,
    /// The request body.
    pub body: Option<BodyPlan<'a>>,
    /// The responses in document order.
    pub responses: Vec<ResponsePlan<'a>>,
    /// The security alternatives, each listed once (indexes into the API's security schemes).
    pub alternatives: Vec<Vec<usize>>,
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct ParamPlan<'a> {
    /// The parameter in the IR.
    pub ir: &'a Parameter,
    /// Its field in the server's `Request`.
    pub field: String,
    /// The field's type: the parameter's type, in `Option` when it is optional.
    pub field_ty: RustType,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct BodyPlan<'a> {
    /// The body in the IR.
    pub ir: &'a Body,
    /// How it is held where it is received.
    pub held: Held,
    /// Whether its schema allows `null` (only JSON and form bodies can say so).
    pub nullable: bool,
    /// The server's `Request::body`: the held type (the multipart struct for a typed multipart body), in `Option`
    /// when the body is optional.
    pub field_ty: RustType,
    /// A typed multipart body: its struct (an index into [`super::Plan::multipart`]).
    pub multipart: Option<usize>,
    /// How the server reads it.
    pub format: BodyFormat,
}

/// How the server reads a request body: the first three are checked against the body's schema before they are
/// decoded, text and bytes reach the handler as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// A typed `multipart/form-data` body: its text and JSON parts are checked, its files are not.
    Multipart,
    /// Text (`text/*`, and an event stream sent as a request).
    Text,
    /// Raw bytes: binary bodies and untyped multipart ones.
    Bytes,
}

impl BodyPlan<'_> {
    /// Whether the server checks the body against its schema: JSON, forms and typed multipart bodies (text, binary
    /// and untyped multipart bodies reach the handler as they are). The one place this is decided: the server's
    /// request schemas and their features both follow it.
    pub fn is_checked(&self) -> bool {
        matches!(self.format, BodyFormat::Json | BodyFormat::Form | BodyFormat::Multipart)
    }
}

/// A response.
#[derive(Debug, Clone)]
pub struct ResponsePlan<'a> {
    /// The response in the IR (status, variant name, description).
    pub ir: &'a Response,
    /// How its body is held; `None` when it has none.
    pub held: Option<Held>,
    /// How the event stream it also offers is held (`Response::events`).
    pub events: Option<Held>,
    /// Its variant of the server's `Response` enum.
    pub variant: String,
    /// The variant of the event stream it also offers (`OkEvents`), when it offers one.
    pub events_variant: Option<String>,
}

impl ResponsePlan<'_> {
    /// Every way its body is held: the chosen media type's, then the events'.
    pub fn helds(&self) -> impl Iterator<Item = &Held> {
        self.held.iter().chain(&self.events)
    }
}

/// The names operations take in the server module and its trait: one namespace each, beside the names the module
/// holds itself.
#[derive(Debug)]
pub struct ServerNames {
    modules: Namespace,
    methods: Namespace,
}

impl Default for ServerNames {
    fn default() -> Self {
        ServerNames {
            modules: Namespace::with_reserved(RESERVED_MODULES),
            methods: Namespace::with_reserved(RESERVED_METHODS),
        }
    }
}

impl<'a> OperationPlan<'a> {
    /// Analyses one served operation, naming it in `names`; `multipart` is its body's struct when it is a typed
    /// multipart body (index and name, from [`super::multipart::plan`]).
    pub fn new(
        types: &Types<'a>,
        op: &'a Operation,
        names: &mut ServerNames,
        multipart: Option<(usize, &str)>,
    ) -> Self {
        let mut fields = Namespace::with_reserved(RESERVED_FIELDS);
        let params = op
            .parameters
            .iter()
            .map(|p| {
                let base = types.base(p.ty);
                ParamPlan { ir: p, field: fields.claim(&p.name), field_ty: optional(base, p.required) }
            })
            .collect();
        let body = op.body.as_ref().map(|b| {
            let held = http::request_body(types, &b.content);
            let nullable =
                matches!(b.content.encoding, Encoding::Json | Encoding::Form) && types.admits_null(b.content.ty);
            let ty = match multipart {
                Some((_, name)) => RustType::Multipart(name.to_owned()),
                None => held.ty(),
            };
            let format = body_format(b.content.encoding, multipart.is_some());
            let multipart = multipart.map(|m| m.0);
            BodyPlan { ir: b, field_ty: optional(ty, b.required), held, nullable, multipart, format }
        });
        let responses = responses(types, op);
        // An alternative listed twice is one alternative.
        let mut alternatives: Vec<Vec<usize>> = Vec::with_capacity(op.security.len());
        for alt in &op.security {
            if !alternatives.contains(alt) {
                alternatives.push(alt.clone());
            }
        }
        let template = oagen_ir::path_pieces(&op.path)
            .into_iter()
            .map(|piece| match piece {
                PathPiece::Literal(text) => oagen_ir::encode_path_literal(text),
                PathPiece::Param(name) => format!("{{{name}}}"),
            })
            .collect();
        OperationPlan {
            op,
            module: names.modules.claim(&op.name),
            trait_method: names.methods.claim(&op.name),
            endpoint: format!("`{} {}`", op.method.as_upper(), op.path),
            template,
            params,
            body,
            responses,
            alternatives,
        }
    }

    /// The types the server checks a request against: every parameter's, then the body's when it is checked
    /// ([`BodyPlan::is_checked`]).
    pub fn checked_inputs(&self) -> impl Iterator<Item = TypeRef> + '_ {
        let body = self.body.iter().filter(|b| b.is_checked()).map(|b| b.ir.content.ty);
        self.params.iter().map(|p| p.ir.ty).chain(body)
    }

    /// Whether the server module of the operation names a model (in its request fields or its responses), so that it
    /// imports `types`.
    pub fn names_model(&self) -> bool {
        self.params.iter().any(|p| p.field_ty.names_model())
            || self.body.as_ref().is_some_and(|b| b.field_ty.names_model())
            || self.responses.iter().any(|r| r.helds().any(|h| h.server_ty().names_model()))
    }

    /// The response the example server answers with: the first success, else `default`, else the first listed.
    pub fn example_response(&self) -> Option<&ResponsePlan<'a>> {
        let responses = &self.responses;
        responses
            .iter()
            .find(|r| matches!(r.ir.status, oagen_ir::StatusCode::Code(200..=299) | oagen_ir::StatusCode::Range(2)))
            .or_else(|| responses.iter().find(|r| r.ir.status == oagen_ir::StatusCode::Default))
            .or_else(|| responses.first())
    }
}

/// How the server reads a body of `encoding` (`typed`: a multipart body with a struct).
fn body_format(encoding: Encoding, typed: bool) -> BodyFormat {
    match encoding {
        Encoding::Json => BodyFormat::Json,
        Encoding::Form => BodyFormat::Form,
        Encoding::Multipart if typed => BodyFormat::Multipart,
        Encoding::Text | Encoding::EventStream => BodyFormat::Text,
        Encoding::Binary | Encoding::Multipart => BodyFormat::Bytes,
    }
}

/// The responses of `op`, with their variants of the server's `Response`: each response's own name (unique in the
/// IR) first, then the variants of the event streams offered beside them (`OkEvents`), claimed after every response's
/// so that they never take a response's name.
fn responses<'a>(types: &Types<'a>, op: &'a Operation) -> Vec<ResponsePlan<'a>> {
    let mut variants = Namespace::new();
    let names: Vec<String> = op.responses.iter().map(|r| variants.claim_type_free(&r.name)).collect();
    op.responses
        .iter()
        .zip(names)
        .map(|(r, variant)| ResponsePlan {
            ir: r,
            held: r.content.as_ref().map(|c| http::response_body(types, c)),
            events: r.events.as_ref().map(|c| http::response_body(types, c)),
            events_variant: r.events.as_ref().map(|_| variants.claim_type_free(&format!("{variant}Events"))),
            variant,
        })
        .collect()
}

fn optional(t: RustType, required: bool) -> RustType {
    if required {
        t
    } else {
        t.optional()
    }
}
