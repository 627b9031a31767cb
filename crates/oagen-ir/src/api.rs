//! The API as a whole: servers, security schemes and operations, over the [`TypeSpace`](crate::TypeSpace).

use crate::types::{TypeRef, TypeSpace};
pub use oagen_spec::{
    Method, Pagination, PaginationStyle, ParamLocation, ParamStyle, Pointer, SecurityKind, StatusCode,
};

/// A whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The rest of `info` (license, contact, terms) and the document's `externalDocs`.
    pub about: oagen_spec::About,
    /// Servers in document order.
    pub servers: Vec<Server>,
    /// Every type.
    pub types: TypeSpace,
    /// Every operation in document order (webhooks flagged).
    pub operations: Vec<Operation>,
    /// The operations of callbacks (requests the API sends back, `webhook` set), named `<owner>_<callback>`. Their
    /// types are in [`Api::types`]; no code is generated for them.
    pub callbacks: Vec<Operation>,
    /// Supported security schemes.
    pub security_schemes: Vec<SecurityScheme>,
}

/// A server.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// URL template with `{variable}` placeholders.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Variables.
    pub variables: Vec<ServerVariable>,
}

/// A server variable: a choice with a default.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Placeholder name.
    pub name: String,
    /// Default value.
    pub default: String,
    /// Allowed values (empty: any string).
    pub allowed: Vec<String>,
    /// `description`.
    pub description: Option<String>,
}

/// A security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Key in `components.securitySchemes`.
    pub key: String,
    /// Idiomatic name (`snake_case`).
    pub name: String,
    /// What credential.
    pub kind: oagen_spec::SecurityKind,
    /// `description`.
    pub description: Option<String>,
    /// An `oauth2` scheme's client credentials flow (token URL and scopes), when it has one.
    pub client_credentials: Option<oagen_spec::ClientCredentialsFlow>,
}

/// An operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Unique idiomatic name (`snake_case`), from `operationId`, else the summary, else method and path.
    pub name: String,
    /// `operationId` as written.
    pub operation_id: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// Path template (for webhooks: the webhook name).
    pub path: String,
    /// Whether this is a webhook (a request the API sends).
    pub webhook: bool,
    /// `tags`.
    pub tags: Vec<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Parameters (path, query, header, cookie) in document order.
    pub parameters: Vec<Parameter>,
    /// The request body.
    pub body: Option<Body>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// Security alternatives: each a list of indexes into [`Api::security_schemes`] that must all be supplied.
    /// Empty: no credentials needed.
    pub security: Vec<Vec<usize>>,
    /// What the spec's `x-pagination` extension says about its pages (the client plan detects the rest).
    pub pagination: Option<oagen_spec::Pagination>,
    /// Where it is defined.
    pub pointer: Pointer,
}

impl Operation {
    /// An operation `method path` named `name`, with no tags, docs, inputs, responses or security (what tests and
    /// tools start from).
    pub fn new(name: &str, method: Method, path: &str) -> Self {
        Operation {
            name: name.to_owned(),
            operation_id: None,
            method,
            path: path.to_owned(),
            webhook: false,
            tags: Vec::new(),
            summary: None,
            description: None,
            deprecated: false,
            parameters: Vec::new(),
            body: None,
            responses: Vec::new(),
            security: Vec::new(),
            pagination: None,
            pointer: Pointer::root(),
        }
    }
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Idiomatic name, unique within the operation.
    pub name: String,
    /// Wire name.
    pub wire_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Required.
    pub required: bool,
    /// Type.
    pub ty: TypeRef,
    /// Serialisation style.
    pub style: ParamStyle,
    /// Serialisation `explode`.
    pub explode: bool,
    /// `allowReserved`.
    pub allow_reserved: bool,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The schema's `default`: what the server assumes when the parameter is left out. Never sent on the caller's
    /// behalf.
    pub default: Option<serde_json::Value>,
    /// The schema's validation keywords (of the schema it references when it has none of its own).
    pub constraints: oagen_spec::Constraints,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// JSON (`application/json`, `*/*+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/event-stream`: server-sent events, each event's data of the content's type.
    EventStream,
    /// `text/*`: a string.
    Text,
    /// Anything else: raw bytes.
    Binary,
}

/// A request or response body in one media type.
#[derive(Debug, Clone)]
pub struct Content {
    /// The media type as written.
    pub media_type: String,
    /// How it is encoded.
    pub encoding: Encoding,
    /// The type of the decoded body.
    pub ty: TypeRef,
    /// For a `multipart/*` media type: what it says of its parts beyond their types (`None` for other encodings).
    pub multipart: Option<MultipartFacts>,
}

/// What a `multipart/*` media type says of its parts beyond the schema's types: the keywords that tell binary
/// content from text, and the `encoding` map. The plan decides from them which parts are files and what each part's
/// `Content-Type` is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MultipartFacts {
    /// The properties of the body's schema (followed through `$ref` and `allOf`), first definition of a name kept.
    pub properties: Vec<PartFacts>,
    /// The `encoding` map in document order.
    pub encoding: Vec<PartEncoding>,
    /// Where the media type is defined.
    pub pointer: Pointer,
}

/// The content keywords of one property of a multipart body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartFacts {
    /// The property name on the wire.
    pub wire_name: String,
    /// The keywords of the property's schema (through `$ref`).
    pub value: ContentKeywords,
    /// The keywords of its `items` schema, when it has one (through `$ref`).
    pub items: Option<ContentKeywords>,
}

/// The keywords of a schema that say what its string holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentKeywords {
    /// `format` (`binary`, `byte`, ...).
    pub format: Option<String>,
    /// `contentMediaType` (3.1).
    pub content_media_type: Option<String>,
    /// `contentEncoding` (3.1).
    pub content_encoding: Option<String>,
}

/// One entry of a multipart media type's `encoding` map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartEncoding {
    /// The property it is about.
    pub property: String,
    /// Its `contentType`, as written (possibly a comma-separated list).
    pub content_type: Option<String>,
    /// Where the entry is.
    pub pointer: Pointer,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Whether it must be sent.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// The media type the generated code uses (JSON preferred).
    pub content: Content,
    /// Every media type the spec lists, in document order.
    pub alternatives: Vec<String>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// A response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status (code, class or default).
    pub status: StatusCode,
    /// Idiomatic name for the response (`UpperCamelCase`, unique within the operation), e.g. `Ok`, `NotFound`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// The body, in the media type the generated code uses (JSON preferred); `None` when there is no body.
    pub content: Option<Content>,
    /// The `text/event-stream` the response also offers when `content` is another media type (a JSON answer or,
    /// on request, its events).
    pub events: Option<Content>,
    /// The headers it documents, in document order (`Content-Type`, which OpenAPI says to ignore, left out).
    pub headers: Vec<ResponseHeader>,
    /// Where it is defined.
    pub pointer: Pointer,
}

impl Response {
    /// Every body it may have: the chosen media type, then the event stream offered beside it.
    pub fn contents(&self) -> impl Iterator<Item = &Content> {
        self.content.iter().chain(&self.events)
    }
}

/// A header a response documents.
#[derive(Debug, Clone)]
pub struct ResponseHeader {
    /// Idiomatic name (`snake_case`), unique within the response.
    pub name: String,
    /// The header's name as the spec writes it.
    pub wire_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// The IANA reason phrase for common codes, as `UpperCamelCase`.
pub fn reason_name(status: StatusCode) -> String {
    match status {
        StatusCode::Default => "Default".to_owned(),
        StatusCode::Range(c) => format!("Status{c}xx"),
        StatusCode::Code(code) => match code {
            100 => "Continue".into(),
            101 => "SwitchingProtocols".into(),
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            203 => "NonAuthoritativeInformation".into(),
            204 => "NoContent".into(),
            205 => "ResetContent".into(),
            206 => "PartialContent".into(),
            207 => "MultiStatus".into(),
            300 => "MultipleChoices".into(),
            301 => "MovedPermanently".into(),
            302 => "Found".into(),
            303 => "SeeOther".into(),
            304 => "NotModified".into(),
            307 => "TemporaryRedirect".into(),
            308 => "PermanentRedirect".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            402 => "PaymentRequired".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            405 => "MethodNotAllowed".into(),
            406 => "NotAcceptable".into(),
            407 => "ProxyAuthenticationRequired".into(),
            408 => "RequestTimeout".into(),
            409 => "Conflict".into(),
            410 => "Gone".into(),
            411 => "LengthRequired".into(),
            412 => "PreconditionFailed".into(),
            413 => "ContentTooLarge".into(),
            414 => "UriTooLong".into(),
            415 => "UnsupportedMediaType".into(),
            416 => "RangeNotSatisfiable".into(),
            417 => "ExpectationFailed".into(),
            418 => "ImATeapot".into(),
            421 => "MisdirectedRequest".into(),
            422 => "UnprocessableContent".into(),
            423 => "Locked".into(),
            424 => "FailedDependency".into(),
            425 => "TooEarly".into(),
            426 => "UpgradeRequired".into(),
            428 => "PreconditionRequired".into(),
            429 => "TooManyRequests".into(),
            431 => "RequestHeaderFieldsTooLarge".into(),
            451 => "UnavailableForLegalReasons".into(),
            500 => "InternalServerError".into(),
            501 => "NotImplemented".into(),
            502 => "BadGateway".into(),
            503 => "ServiceUnavailable".into(),
            504 => "GatewayTimeout".into(),
            505 => "HttpVersionNotSupported".into(),
            other => format!("Status{other}"),
        },
    }
}
