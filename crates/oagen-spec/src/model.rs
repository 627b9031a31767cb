//! The normalised document: OpenAPI 3.0 and 3.1 lowered into one typed model.
//!
//! Component parameters, request bodies, responses and path-item parameters are already resolved and merged into
//! each operation. Schemas keep their `$ref`s (a reference names a type), with the siblings the generator honours.

use crate::pointer::Pointer;
use serde_json::Value;

/// Which major OpenAPI version the document declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// 3.0.x: `nullable`, `$ref` siblings ignored by the standard.
    V3_0,
    /// 3.1.x: JSON Schema 2020-12 (type arrays, `const`, combined `$ref` siblings).
    V3_1,
}

/// What a document says about the API besides its name and version (`info.license`, `info.contact`,
/// `info.termsOfService`, the document's `externalDocs`). Values of the wrong type are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct About {
    /// `info.license`, when it has a `name`.
    pub license: Option<License>,
    /// `info.contact.url`.
    pub contact_url: Option<String>,
    /// `info.contact.email`.
    pub contact_email: Option<String>,
    /// `info.termsOfService`.
    pub terms_of_service: Option<String>,
    /// The document's `externalDocs.url`.
    pub external_docs: Option<String>,
}

/// `info.license`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// `name`, e.g. `Apache 2.0`.
    pub name: String,
    /// `identifier` (3.1), an SPDX expression, e.g. `Apache-2.0`.
    pub identifier: Option<String>,
    /// `url`.
    pub url: Option<String>,
}

/// A whole normalised document.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The declared version.
    pub version: SpecVersion,
    /// `info.title`.
    pub title: String,
    /// `info.version` (free text, not necessarily semver).
    pub api_version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The rest of `info`, and `externalDocs`: for a generated crate's manifest and README.
    pub about: About,
    /// `servers`, in document order.
    pub servers: Vec<Server>,
    /// Every operation of `paths` (and of `webhooks`, flagged), in document order.
    pub operations: Vec<Operation>,
    /// The operations of every `callbacks` entry (requests the API sends back), in document order. They are
    /// generated as models only.
    pub callbacks: Vec<Callback>,
    /// `components.schemas`, in document order.
    pub schemas: Vec<(String, Schema)>,
    /// `components.securitySchemes`, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The top-level `security` requirement (alternatives, each a set of scheme names).
    pub security: Vec<Vec<String>>,
    /// Every schema a `$ref` reaches that is not a component schema (`#/components/schemas/X/properties/y`, a
    /// schema in another document), normalised once, up front, keyed by its pointer.
    pub referenced: std::collections::HashMap<Pointer, Schema>,
    /// The parsed document.
    pub root: Value,
}

/// A server URL template with its variables.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL, possibly with `{variable}` placeholders.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Variables in document order.
    pub variables: Vec<ServerVariable>,
}

/// One server variable.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// The placeholder name.
    pub name: String,
    /// The required default value.
    pub default: String,
    /// Allowed values (empty when any string is allowed).
    pub allowed: Vec<String>,
    /// `description`.
    pub description: Option<String>,
}

/// A security scheme from `components.securitySchemes`.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub name: String,
    /// What kind of credential it takes.
    pub kind: SecurityKind,
    /// `description`.
    pub description: Option<String>,
    /// An `oauth2` scheme's client credentials flow, when it has one.
    pub client_credentials: Option<ClientCredentialsFlow>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// The `clientCredentials` flow of an `oauth2` security scheme (RFC 6749 section 4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentialsFlow {
    /// `tokenUrl`, as written (it may be relative to the API's server).
    pub token_url: String,
    /// The names of its `scopes`, in document order.
    pub scopes: Vec<String>,
}

/// The kinds of credential the generator supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// `http` with scheme `bearer` (and `oauth2`/`openIdConnect`, which send a bearer token too).
    Bearer,
    /// `http` with scheme `basic`.
    Basic,
    /// `apiKey` in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ParamLocation,
        /// The header, query or cookie name.
        name: String,
    },
}

/// HTTP methods that OpenAPI path items can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Every method in the order OpenAPI lists them.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The lower-case key used in a path item.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The upper-case method name on the wire.
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation, with everything referenced from it resolved.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The HTTP method.
    pub method: Method,
    /// The path template (for webhooks: the webhook's name).
    pub path: String,
    /// Whether this operation comes from `webhooks` (sent by the API, not served by it).
    pub webhook: bool,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Path-item and operation parameters merged (operation wins on name + location).
    pub parameters: Vec<Parameter>,
    /// The request body.
    pub request_body: Option<RequestBody>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// The effective security requirement (operation's or the document's), alternatives of scheme-name sets.
    pub security: Vec<Vec<String>>,
    /// What its `x-pagination` extension says about its pages, when it has a valid one.
    pub pagination: Option<Pagination>,
    /// Where the operation is defined.
    pub pointer: Pointer,
}

/// How a list operation's pages follow one another, as its `x-pagination` extension (or a generator option) says
/// where detection cannot: `x-pagination: {style: cursor, param: starting_after, items: data, has_more: has_more}`,
/// or `x-pagination: false` for an operation that does not paginate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The style.
    pub style: PaginationStyle,
    /// The query parameter that moves from page to page (cursor, offset and page styles).
    pub param: Option<String>,
    /// The response property holding the items; `None`: the response itself is the list.
    pub items: Option<String>,
    /// The response property holding the next page's cursor (cursor style); `None`: the last item's `id`.
    pub next: Option<String>,
    /// The response property that is false on the last page.
    pub has_more: Option<String>,
}

/// How pages are reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationStyle {
    /// The operation does not paginate (nothing is detected for it).
    Off,
    /// A cursor from the response (a property, or the last item's `id`) sent in a query parameter.
    Cursor,
    /// An offset query parameter, moved by the number of items received.
    Offset,
    /// A page number query parameter, moved by one.
    Page,
    /// The URL of the `Link: <..>; rel="next"` response header (RFC 8288).
    Link,
}

impl PaginationStyle {
    /// The style as written (`cursor`, `offset`, `page`, `link`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            PaginationStyle::Off => "none",
            PaginationStyle::Cursor => "cursor",
            PaginationStyle::Offset => "offset",
            PaginationStyle::Page => "page",
            PaginationStyle::Link => "link",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "none" | "off" | "false" => PaginationStyle::Off,
            "cursor" => PaginationStyle::Cursor,
            "offset" => PaginationStyle::Offset,
            "page" => PaginationStyle::Page,
            "link" => PaginationStyle::Link,
            _ => return None,
        })
    }
}

impl Pagination {
    /// `style` with nothing else said.
    pub fn new(style: PaginationStyle) -> Self {
        Pagination { style, param: None, items: None, next: None, has_more: None }
    }

    /// The value of an `x-pagination` extension: `false`, or an object of `style` (required), `param`, `items`,
    /// `next` and `has_more`, each a string. Anything else is refused, with the reason.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        if value == &serde_json::Value::Bool(false) {
            return Ok(Pagination::new(PaginationStyle::Off));
        }
        let Some(map) = value.as_object() else {
            return Err("must be `false` or an object (`style`, `param`, `items`, `next`, `has_more`)".to_owned());
        };
        let mut pairs = Vec::new();
        for (k, v) in map {
            let Some(v) = v.as_str() else { return Err(format!("`{k}` must be a string")) };
            pairs.push((k.as_str(), v));
        }
        Self::from_pairs(&pairs)
    }

    /// The text of a generator option: `STYLE[,KEY=VALUE..]` with the keys of the extension
    /// (`cursor,param=starting_after,items=data,has_more=has_more`, `link`, `none`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.split(',').map(str::trim);
        let style = parts.next().unwrap_or_default();
        let mut pairs = vec![("style", style)];
        for part in parts {
            let Some((k, v)) = part.split_once('=') else { return Err(format!("`{part}` is not KEY=VALUE")) };
            pairs.push((k.trim(), v.trim()));
        }
        Self::from_pairs(&pairs)
    }

    fn from_pairs(pairs: &[(&str, &str)]) -> Result<Self, String> {
        let mut style = None;
        let mut out = Pagination::new(PaginationStyle::Off);
        for (k, v) in pairs {
            let slot = match *k {
                "style" => {
                    style =
                        Some(PaginationStyle::parse(v).ok_or_else(|| {
                            format!("unknown style `{v}` (expected cursor, offset, page, link or none)")
                        })?);
                    continue;
                }
                "param" => &mut out.param,
                "items" => &mut out.items,
                "next" => &mut out.next,
                "has_more" => &mut out.has_more,
                other => return Err(format!("unknown key `{other}` (expected style, param, items, next, has_more)")),
            };
            if v.is_empty() {
                return Err(format!("`{k}` is empty"));
            }
            *slot = Some((*v).to_owned());
        }
        out.style = style.ok_or("`style` is missing")?;
        Ok(out)
    }
}

/// One operation of a callback.
#[derive(Debug, Clone)]
pub struct Callback {
    /// The operation the callback belongs to (its pointer).
    pub owner: Pointer,
    /// The callback's key, e.g. `onData`.
    pub name: String,
    /// The operation; `path` is the runtime expression (e.g. `{$request.query.callbackUrl}/data`) and `webhook` is
    /// set (the API is the sender).
    pub operation: Operation,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// Parameter serialisation styles (OpenAPI 3 `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `matrix` (path).
    Matrix,
    /// `label` (path).
    Label,
    /// `form` (query, cookie).
    Form,
    /// `simple` (path, header).
    Simple,
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The wire name.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// `required` (always true for path parameters).
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The effective style (the default for the location when not written).
    pub style: ParamStyle,
    /// The effective `explode`.
    pub explode: bool,
    /// `allowReserved` (query only).
    pub allow_reserved: bool,
    /// The schema (from `schema`, or from the single entry of `content`).
    pub schema: Schema,
    /// Where it is defined (the component, for referenced parameters).
    pub pointer: Pointer,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// Each media type with its schema, in document order.
    pub content: Vec<MediaType>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// One media type of a body.
#[derive(Debug, Clone)]
pub struct MediaType {
    /// The media type as written, e.g. `application/json`.
    pub name: String,
    /// Its schema (an any-value schema when none is given).
    pub schema: Schema,
    /// `encoding`: how properties are sent as parts of a `multipart` or form body, by property name, in document
    /// order.
    pub encoding: Vec<(String, PartEncoding)>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// One entry of a Media Type Object's `encoding` map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartEncoding {
    /// `contentType`: the part's media type, or a comma-separated list of them (`image/png, image/jpeg`).
    pub content_type: Option<String>,
}

/// Which responses a response object covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusCode {
    /// An exact status, e.g. 200.
    Code(u16),
    /// A class, e.g. `2XX` is `Range(2)`.
    Range(u8),
    /// `default`: every status not listed.
    Default,
}

/// One response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status it answers.
    pub status: StatusCode,
    /// `description`.
    pub description: Option<String>,
    /// Media types with schemas, in document order.
    pub content: Vec<MediaType>,
    /// Response headers in document order.
    pub headers: Vec<Header>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// A response header.
#[derive(Debug, Clone)]
pub struct Header {
    /// Its name, as the spec writes it.
    pub name: String,
    /// Its schema (any value when it has none).
    pub schema: Schema,
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// Where it is defined.
    pub pointer: Pointer,
}

/// The JSON types a schema can allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JsonType {
    /// `string`
    String,
    /// `number`
    Number,
    /// `integer`
    Integer,
    /// `boolean`
    Boolean,
    /// `object`
    Object,
    /// `array`
    Array,
}

/// What `additionalProperties` says.
#[derive(Debug, Clone, Default)]
pub enum Additional {
    /// Not written: unknown keys are tolerated and not kept.
    #[default]
    Unspecified,
    /// `false`: no other keys allowed.
    Forbidden,
    /// `true` or `{}`: any other keys, any values.
    Any,
    /// A schema for the values of other keys.
    Schema(Box<Schema>),
}

/// `discriminator`.
#[derive(Debug, Clone)]
pub struct Discriminator {
    /// `propertyName`.
    pub property: String,
    /// `mapping`: tag value to reference, in document order.
    pub mapping: Vec<(String, String)>,
}

/// Validation keywords kept for servers that check requests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`
    pub min_length: Option<u64>,
    /// `maxLength`
    pub max_length: Option<u64>,
    /// `pattern`
    pub pattern: Option<String>,
    /// `minimum` (with `exclusiveMinimum` folded in as a flag)
    pub minimum: Option<f64>,
    /// `maximum`
    pub maximum: Option<f64>,
    /// Whether `minimum` is exclusive.
    pub exclusive_minimum: bool,
    /// Whether `maximum` is exclusive.
    pub exclusive_maximum: bool,
    /// `minItems`
    pub min_items: Option<u64>,
    /// `maxItems`
    pub max_items: Option<u64>,
}

/// A normalised schema object.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Where it is defined.
    pub pointer: Pointer,
    /// `$ref`, as written, when this schema is (or starts with) a reference.
    pub reference: Option<String>,
    /// `false` in 3.1 (or `not: {}`): no value is valid.
    pub never: bool,
    /// The allowed JSON types; empty means any type.
    pub types: Vec<JsonType>,
    /// Whether `null` is allowed (3.0 `nullable`, a 3.1 `"null"` type, or `null` in `enum`).
    pub nullable: bool,
    /// `format`.
    pub format: Option<String>,
    /// `contentMediaType` (3.1): the media type of a string's content (binary content, in a multipart body).
    pub content_media_type: Option<String>,
    /// `contentEncoding` (3.1): how a string's content is encoded (`base64`).
    pub content_encoding: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `default`.
    pub default: Option<Value>,
    /// `example`, or the first of 3.1 `examples`.
    pub example: Option<Value>,
    /// `enum` (or 3.1 `const` as a one-value enum), without `null`.
    pub enum_values: Option<Vec<Value>>,
    /// `properties` in document order.
    pub properties: Vec<(String, Schema)>,
    /// `required`.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional: Additional,
    /// `items`.
    pub items: Option<Box<Schema>>,
    /// `allOf`.
    pub all_of: Vec<Schema>,
    /// `anyOf`.
    pub any_of: Vec<Schema>,
    /// `oneOf`.
    pub one_of: Vec<Schema>,
    /// `discriminator`.
    pub discriminator: Option<Discriminator>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// Validation keywords.
    pub constraints: Constraints,
}

impl Schema {
    /// A schema that allows any value, at `pointer`.
    pub fn any(pointer: Pointer) -> Self {
        Schema { pointer, ..Schema::default() }
    }

    /// Whether this schema says anything beyond its reference and annotations (3.1 siblings that constrain).
    pub fn has_structure(&self) -> bool {
        !self.types.is_empty()
            || self.enum_values.is_some()
            || !self.properties.is_empty()
            || !matches!(self.additional, Additional::Unspecified)
            || self.items.is_some()
            || !self.all_of.is_empty()
            || !self.any_of.is_empty()
            || !self.one_of.is_empty()
    }

    /// Whether this schema only annotates (title, description, default, example, `readOnly`, `writeOnly`,
    /// `deprecated`, `nullable`): no reference, no structure, no constraint (`required` is one). As an `allOf` member it changes the
    /// documentation of the whole, not the values it accepts.
    pub fn only_annotates(&self) -> bool {
        self.reference.is_none()
            && !self.never
            && !self.has_structure()
            && self.required.is_empty()
            && self.format.is_none()
            && self.discriminator.is_none()
            && self.constraints == Constraints::default()
    }
}

impl Spec {
    /// The normalised schema at a local `$ref` target that is not a component schema, such as
    /// `#/components/schemas/X/properties/y` (normalised with the rest of the document, see [`Spec::referenced`]).
    pub fn schema_at(&self, pointer: &Pointer) -> Option<&Schema> {
        self.referenced.get(pointer)
    }
}

#[cfg(test)]
mod pagination_tests {
    use super::*;

    #[test]
    fn pagination_is_read_from_an_option_and_from_the_extension() {
        let p = Pagination::parse("cursor, param=token, items=hits, next=continuation").expect("valid");
        assert_eq!(p.style, PaginationStyle::Cursor);
        assert_eq!(
            (p.param.as_deref(), p.items.as_deref(), p.next.as_deref()),
            (Some("token"), Some("hits"), Some("continuation"))
        );
        assert_eq!(Pagination::parse("none").map(|p| p.style), Ok(PaginationStyle::Off));
        assert!(Pagination::parse("sideways").is_err());
        assert!(Pagination::parse("cursor,param").is_err());
        assert!(Pagination::parse("cursor,param=").is_err());
        assert!(Pagination::parse("cursor,colour=red").is_err());
        let json = serde_json::json!({"style": "offset", "param": "skip"});
        assert_eq!(
            Pagination::from_json(&json).map(|p| (p.style, p.param)),
            Ok((PaginationStyle::Offset, Some("skip".to_owned())))
        );
        assert_eq!(Pagination::from_json(&serde_json::json!(false)).map(|p| p.style), Ok(PaginationStyle::Off));
        assert!(Pagination::from_json(&serde_json::json!({"param": "x"})).is_err(), "style is required");
        assert!(Pagination::from_json(&serde_json::json!({"style": "page", "param": 3})).is_err());
        assert!(Pagination::from_json(&serde_json::json!(true)).is_err());
    }
}
