//! What the client module decides, computed once before any of it is written: the credentials the client holds,
//! how operations are grouped and named, the servers' constructors, each method's arguments, path and body, how
//! each status is answered, and the error bodies de-duplicated by type.

use super::http::{self, Held};
use super::operation::OperationPlan;
use super::rust_type::{RustType, Types};
use crate::ident::KEYWORDS;
use crate::ClientOptions;
use oagen_ir::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use oagen_ir::{
    Api, Encoding, ParamLocation, ParamStyle, PathPiece, Primitive, SecurityKind, StatusCode, TypeKind, TypeRef,
};

/// The client module of an API.
#[derive(Debug)]
pub struct ClientPlan {
    /// The credentials the client can hold: one per security scheme some operation accepts.
    pub credentials: Vec<Credential>,
    /// Some credential travels in the query, so that transport errors must not print the URL.
    pub query_credentials: bool,
    /// The operations by group: tagged groups first (by first appearance), then the untagged operations.
    pub groups: Vec<Group>,
    /// The servers the spec lists, as constants or constructors.
    pub servers: Vec<ServerUrl>,
    /// Each served operation's method, in the order of [`super::Plan::operations`].
    pub operations: Vec<ClientOperation>,
    /// The error bodies of documented error statuses, one per distinct type, in order of first use.
    pub errors: Vec<ErrorBody>,
    /// Some operation documents no response: it returns the whole response (`RawResponse`).
    pub raw_response: bool,
    /// Some operation sends an untyped `multipart/*` body (reqwest's `multipart` feature).
    pub multipart: bool,
    /// The parameters set once on the client (and per handle) instead of on every call.
    pub hoisted: Vec<Hoisted>,
    /// The header the client sends idempotency keys in by default (an option, or a header parameter of that kind
    /// that every POST and PATCH declares).
    pub idempotency_header: Option<String>,
}

/// A parameter that every operation takes with the same definition (or that an option names), set once on the
/// client (`with_<name>`) and overridable per handle (`<name>`), instead of being an argument of every method.
#[derive(Debug)]
pub struct Hoisted {
    /// Its wire name.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// The `Client` setter.
    pub client_setter: String,
    /// The handle setter.
    pub handle_setter: String,
    /// The setters' argument type (`&str` is taken as `impl Into<String>`).
    pub ty: RustType,
    /// The parameter's type in the IR (for example values).
    pub param_ty: TypeRef,
    /// Whether the value is held by value.
    pub by_value: bool,
    /// Its style.
    pub style: ParamStyle,
    /// `explode`.
    pub explode: bool,
    /// `allowReserved` (query).
    pub allow_reserved: bool,
    /// Its description (from the first operation that has one).
    pub description: Option<String>,
    /// Whether some operation requires it.
    pub required: bool,
}

/// A credential the client holds.
#[derive(Debug)]
pub struct Credential {
    /// The `Client` field.
    pub field: String,
    /// The variant of the private `Scheme` enum.
    pub variant: String,
    /// The builder method that sets it.
    pub setter: String,
    /// What it is and where it goes.
    pub kind: SecurityKind,
    /// The scheme's key in the spec.
    pub key: String,
    /// The scheme's description.
    pub description: Option<String>,
    /// Its index in the API's security schemes.
    pub scheme: usize,
    /// For a bearer scheme: the setter taking a `TokenSource`.
    pub token_source_setter: Option<String>,
    /// For an `oauth2` scheme with a client credentials flow: the setter, the token URL and the scopes.
    pub client_credentials: Option<(String, String, Vec<String>)>,
}

/// Operations sharing their first tag, reached through `client.<accessor>()`; or the untagged ones, methods of
/// `Client` itself and of the handle `client.call()`.
#[derive(Debug)]
pub struct Group {
    /// The tag; `None` for the untagged operations.
    pub tag: Option<String>,
    /// The handle's struct (`Call` for the untagged group).
    pub struct_name: String,
    /// The `Client` method that returns the handle.
    pub accessor: String,
    /// The operations, as indexes into [`super::Plan::operations`].
    pub operations: Vec<usize>,
}

/// A server the spec lists.
#[derive(Debug)]
pub struct ServerUrl {
    /// The URL template.
    pub url: String,
    /// Its docs: the URL, the spec's description, then one line per variable.
    pub docs: Vec<String>,
    /// A constant (no variables), or a function of the variables.
    pub item: ServerItem,
}

/// How a server's URL is given.
#[derive(Debug)]
pub enum ServerItem {
    /// `pub const NAME: &str`.
    Const(String),
    /// `pub fn name(variables..) -> String`.
    Template {
        /// The function.
        name: String,
        /// Its arguments, one per variable.
        variables: Vec<ServerVariable>,
    },
}

/// An argument of a server URL function.
#[derive(Debug)]
pub struct ServerVariable {
    /// The argument.
    pub arg: String,
    /// The placeholder it fills.
    pub placeholder: String,
    /// The enum of its allowed values, when the spec lists them (else any `&str`).
    pub choice: Option<ServerChoice>,
    /// The spec's default.
    pub default: String,
}

/// The enum of a server variable's allowed values.
#[derive(Debug)]
pub struct ServerChoice {
    /// The enum.
    pub name: String,
    /// Variants and their values; the default is among them.
    pub variants: Vec<(String, String)>,
    /// The default value.
    pub default: String,
    /// The doc lines of the enum.
    pub docs: Vec<String>,
}

/// One operation's method.
#[derive(Debug)]
pub struct ClientOperation {
    /// The method's name in its group.
    pub method: String,
    /// Whether it is tagged (else a method of `Client` too, forwarded to `client.call()`).
    pub grouped: bool,
    /// The arguments after `&self`, in order: path parameters in template order, the other parameters, the body.
    pub args: Vec<Arg>,
    /// The path: literal text as sent, and the locals holding encoded parameters.
    pub path: Vec<PathPart>,
    /// The body, when the operation takes one.
    pub body: Option<ClientBody>,
    /// The security alternatives as written, by credential (`Scheme` variants); empty when none applies.
    pub security: Vec<Vec<String>>,
    /// What the method returns and how each status is answered.
    pub responses: ClientResponses,
    /// The `operationId` (or the method name when the spec gives none), as traces name the call.
    pub id: String,
    /// The path template as the spec writes it.
    pub template: String,
    /// The hoisted parameters it takes: indexes into [`ClientPlan::hoisted`], and whether it requires each.
    pub hoisted: Vec<(usize, bool)>,
    /// The headers its successful responses document, typed, when there are any.
    pub response_headers: Option<ResponseHeaders>,
    /// The `Accept` header it sends, when it asks for one media type of several (`text/event-stream` for the
    /// `<method>_stream` sibling of an operation that answers JSON or events).
    pub accept: Option<String>,
    /// The `<method>_stream` sibling: the same call answered with the events its successes also offer.
    pub events_method: Option<Box<ClientOperation>>,
    /// Its `<method>_pages` and `<method>_stream` methods, when it paginates.
    pub paging: Option<ClientPaging>,
}

impl ClientOperation {
    /// The methods it is written as: itself, then its `_stream` sibling when it has one.
    pub fn methods(&self) -> impl Iterator<Item = &ClientOperation> {
        std::iter::once(self).chain(self.events_method.as_deref())
    }
}

/// The methods of a paginated operation: `<method>_pages` (a stream of [`rt::Page`]s, each with its response's
/// status and headers) and `<method>_stream` (the items), taking the operation's own arguments.
#[derive(Debug, Clone)]
pub struct ClientPaging {
    /// How its pages are reached.
    pub paging: super::pagination::Paging,
    /// The method yielding pages.
    pub pages_method: String,
    /// The method yielding items.
    pub stream_method: String,
    /// For offset and page-number pagination, the argument holding the first page's value (`None` when the
    /// parameter is set on the client instead).
    pub start: Option<String>,
}

/// The module `<name>::ResponseHeaders` of an operation whose successful responses document headers.
#[derive(Debug)]
pub struct ResponseHeaders {
    /// The module: the method's name, or the operation's when another group has a method of that name.
    pub module: String,
    /// The operation's method, as the docs name it (`client.interactions().update`).
    pub method_path: String,
    /// One field per header (by name, case-insensitively, over the successful responses): the field, the
    /// header's name, its type (in `Option`) and its description.
    pub fields: Vec<(String, String, RustType, Option<String>)>,
}

/// An argument of an operation's method.
#[derive(Debug)]
pub struct Arg {
    /// Its name, unique among the method's locals.
    pub name: String,
    /// Its type.
    pub ty: RustType,
    /// Whether the value is held by value (serialisers then get `&arg`).
    pub by_value: bool,
    /// Whether it is `Option` because the input may be left out.
    pub optional: bool,
    /// The line of the method's docs about it.
    pub doc: String,
    /// The parameter it fills (`None` for the body).
    pub param: Option<usize>,
    /// For a path parameter: the local holding its encoded text (the argument itself, unless its name is a raw
    /// identifier, which cannot be a format argument), and whether it spans a whole segment.
    pub segment: Option<(String, bool)>,
}

/// A piece of a method's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, percent-encoded as sent.
    Literal(String),
    /// The local holding an encoded path parameter.
    Value(String),
}

/// A request body as the client sends it.
#[derive(Debug)]
pub struct ClientBody {
    /// The argument (an index into [`ClientOperation::args`]).
    pub arg: usize,
    /// How the value becomes bytes.
    pub encode: Encode,
    /// The `Content-Type` header.
    pub content_type: String,
    /// Whether `null` can be sent (the argument is then `Option` or `Tristate` and is serialised as it is).
    pub nullable: bool,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encode {
    /// `rt::json_body`.
    Json,
    /// `rt::form_body`.
    Form,
    /// Text, owned.
    Text,
    /// Bytes, owned.
    Binary,
    /// A `reqwest::multipart::Form`, attached by reqwest.
    Multipart,
    /// A typed multipart body (a struct of the `multipart` module), sent as its parts (`IntoForm`).
    TypedMultipart,
}

/// What a method returns, and the `match` on the status.
#[derive(Debug)]
pub struct ClientResponses {
    /// The success type (`RawResponse` when the spec documents no response).
    pub ret: RustType,
    /// The success enum, when several success types are documented.
    pub success_enum: Option<SuccessEnum>,
    /// The arms in match order.
    pub arms: Vec<Arm>,
    /// One doc line per documented response, in match order.
    pub docs: Vec<String>,
    /// Whether a success is read as a stream (events, a download): the response's head is read first, and only the
    /// other statuses' bodies whole.
    pub streams: bool,
}

/// The enum of an operation's successes.
#[derive(Debug)]
pub struct SuccessEnum {
    /// Its name.
    pub name: String,
    /// Its variants: name, held type (`None` for a success without a body) and status text.
    pub variants: Vec<(String, Option<RustType>, String)>,
    /// The operation it belongs to.
    pub operation: String,
    /// Whether a variant holds a stream (which is neither `Clone` nor `PartialEq`).
    pub streams: bool,
}

/// One arm of a method's `match` on the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arm {
    /// The statuses it matches (any of them: exact statuses answered alike share an arm, `403 | 504`, and so do
    /// classes).
    pub patterns: Vec<Pattern>,
    /// What it answers.
    pub answer: Answer,
}

/// The statuses an arm matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// One status.
    Code(u16),
    /// Consecutive statuses, both ends included: what three or more exact statuses answered alike become
    /// (`480..=482`, as clippy's `manual_range_patterns` asks).
    Codes(u16, u16),
    /// A class (`2` for 200..=299).
    Class(u8),
    /// Every status not matched before.
    Rest,
}

/// What an arm answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The whole response (the spec documents none).
    Raw,
    /// A success: the body read as `read`, in `variant` of the success enum when there is one.
    Success {
        /// How the body is read; `None` when there is none.
        read: Option<Held>,
        /// The success enum's variant.
        variant: Option<String>,
    },
    /// `Error::Api` with the error body `errors[index]` (`None`: `ErrorBody::Empty`).
    Failure {
        /// The error body, an index into [`ClientPlan::errors`].
        body: Option<usize>,
        /// How the body is read.
        read: Held,
    },
    /// `Error::Api` with `ErrorBody::Empty`.
    FailureWithoutBody,
    /// `Error::UnexpectedStatus`.
    Unexpected,
}

/// A variant of `ErrorBody`: one per distinct type of a documented error body.
#[derive(Debug)]
pub struct ErrorBody {
    /// The variant.
    pub name: String,
    /// How it is read (`None`: a documented error status without a body).
    pub read: Option<Held>,
    /// How the API's own message is reached from the body, when its type has one.
    pub message: Option<MessagePath>,
    /// The statuses that carry it, as `` `404` ``, in order of first use.
    pub statuses: Vec<String>,
}

/// Where an error body's message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessagePath {
    /// The body is text.
    Text,
    /// A string field, reached through `outer` (a required object field) when it is given; `optional` when the
    /// field is an `Option` (read with `as_deref`).
    Field {
        /// The object field holding the message's struct.
        outer: Option<String>,
        /// The string field.
        field: String,
        /// Whether it is an `Option<String>`.
        optional: bool,
    },
}

/// Names the client module holds besides the spec's: its own items, and `Client`'s own methods.
const MODULE_ITEMS: &[&str] = &[
    "Client",
    "Error",
    "ErrorBody",
    "Scheme",
    "Duration",
    "RawResponse",
    "EventStream",
    "ByteStream",
    "Event",
    "Upload",
];
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "with_router",
    "from_config",
    "with_transport",
    "base_url",
    "transport",
    "with_timeout",
    "with_retry_policy",
    "with_idempotency_header",
    "with_header",
    "with_query",
    "with_max_body_size",
    "with_token_source",
    "send",
    "request",
    "authorize",
    "has",
    "call",
];
/// Methods every group handle has (`oagen_runtime::client_handle!`).
const HANDLE_METHODS: &[&str] = &[
    "new",
    "timeout",
    "max_retries",
    "idempotency_key",
    "header",
    "query",
    "with_response",
    "client",
    "options",
    "request",
    "paging",
    "pages",
];
/// Locals of an operation's method besides its arguments.
const LOCALS: &[&str] = &[
    "self", "client", "request", "response", "parts", "path", "url", "timeout", "query", "headers", "cookies", "head",
];

impl ClientPlan {
    /// Plans the client module of `api`, whose served operations are `operations`.
    pub fn new(api: &Api, types: &Types<'_>, operations: &[OperationPlan<'_>], options: &ClientOptions) -> Self {
        let mut reserved: Vec<&str> = RESERVED_TYPE_NAMES.to_vec();
        reserved.extend(MODULE_ITEMS);
        let mut module_names = Namespace::with_reserved(&reserved);
        let (credentials, query_credentials) = credentials(api, operations);
        let mut client_methods = Namespace::with_reserved(CLIENT_METHODS);
        for c in &credentials {
            client_methods.claim(&c.setter);
            for setter in c.token_source_setter.iter().chain(c.client_credentials.as_ref().map(|c| &c.0)) {
                client_methods.claim(setter);
            }
        }
        let mut handle_methods = Namespace::with_reserved(HANDLE_METHODS);
        let hoisted = hoisted(types, operations, options, &mut client_methods, &mut handle_methods);
        let (groups, method_names, stream_names) =
            groups(operations, &mut module_names, &mut client_methods, &handle_methods);
        let mut plan = ClientPlan {
            servers: servers(api),
            credentials,
            query_credentials,
            groups,
            operations: Vec::new(),
            errors: Vec::new(),
            raw_response: false,
            multipart: operations.iter().any(|o| {
                o.body.as_ref().is_some_and(|b| b.ir.content.encoding == Encoding::Multipart && b.multipart.is_none())
            }),
            idempotency_header: options.idempotency_header.clone().or_else(|| idempotency_header(operations)),
            hoisted,
        };
        // Success enums and error bodies are named in group order, as the methods are written.
        let mut planned: Vec<Option<ClientOperation>> = operations.iter().map(|_| None).collect();
        let mut error_names = Namespace::with_reserved(&["Empty"]);
        let order: Vec<(usize, bool)> =
            plan.groups.iter().flat_map(|g| g.operations.iter().map(|i| (*i, g.tag.is_some()))).collect();
        let mut header_modules = Namespace::with_reserved(&["servers", "types", "multipart", "rt", "std", "core"]);
        for (i, grouped) in order {
            let responses = plan.responses(types, operations, &operations[i], &mut module_names, &mut error_names);
            let mut op = plan.operation(types, &operations[i], method_names[i].clone(), grouped, responses);
            let receiver = match plan.groups.iter().find(|g| g.operations.contains(&i)) {
                Some(Group { tag: Some(_), accessor, .. }) => format!("client.{accessor}()"),
                _ => "client".to_owned(),
            };
            op.response_headers = response_headers(types, &operations[i], &op, &receiver, &mut header_modules);
            if let Some(name) = &stream_names[i] {
                // The same call answered with events: every success that offers them, as events.
                let events = as_events(types, &operations[i]);
                let responses = plan.responses(types, operations, &events, &mut module_names, &mut error_names);
                let mut sibling = plan.operation(types, &events, name.clone(), grouped, responses);
                sibling.accept = Some("text/event-stream".to_owned());
                op.events_method = Some(Box::new(sibling));
            }
            planned[i] = Some(op);
        }
        plan.operations = planned.into_iter().flatten().collect();
        plan.paging(types, operations, options, &handle_methods, &mut client_methods);
        plan
    }

    /// Whether an operation sends a binary body (so that the module re-exports `Upload`).
    pub fn uploads(&self) -> bool {
        self.operations.iter().any(|o| o.body.as_ref().is_some_and(|b| b.encode == Encode::Binary))
    }

    /// Whether an operation returns events (so that the module has its `EventStream` alias).
    pub fn returns_events(&self) -> bool {
        self.types().any(|t| t.any(&|t| matches!(t, RustType::Generic { path: "EventStream", .. })))
    }

    /// Whether an operation returns a download (so that the module has its `ByteStream` alias).
    pub fn returns_byte_stream(&self) -> bool {
        self.types().any(|t| t.any(&|t| matches!(t, RustType::Local(name) if name == "ByteStream")))
    }

    /// Whether an operation reads its response as a stream (so that `Client` has `send_streaming`).
    pub fn streams(&self) -> bool {
        self.operations.iter().flat_map(ClientOperation::methods).any(|o| o.responses.streams)
    }

    /// Whether an operation reads its response whole (so that `Client` has `send`).
    pub fn reads_whole(&self) -> bool {
        self.operations.iter().flat_map(ClientOperation::methods).any(|o| !o.responses.streams)
    }

    /// The paginated operations' methods: named `<method>_pages` and `<method>_stream`, clear of the names their
    /// group (and, for untagged operations, `Client`) already has. An operation whose success is not one JSON body
    /// has none (detection requires that already).
    fn paging(
        &mut self,
        types: &Types<'_>,
        operations: &[OperationPlan<'_>],
        options: &ClientOptions,
        handle_methods: &Namespace,
        client_methods: &mut Namespace,
    ) {
        let ops: Vec<&oagen_ir::Operation> = operations.iter().map(|o| o.op).collect();
        let (detected, _) = super::pagination::detect(types, &ops, options);
        for g in &self.groups {
            let mut names = match g.tag {
                Some(_) => handle_methods.clone(),
                None => {
                    let mut both = client_methods.clone();
                    for m in HANDLE_METHODS {
                        both.claim(m);
                    }
                    both
                }
            };
            for i in &g.operations {
                for m in self.operations[*i].methods() {
                    names.claim(&m.method);
                }
            }
            for i in &g.operations {
                let Some(paging) = detected[*i].clone() else { continue };
                let op = &mut self.operations[*i];
                // A form is sent once, so a multipart call cannot be repeated page after page.
                let multipart = op.body.as_ref().is_some_and(|b| b.encode == Encode::Multipart);
                let raw = op.responses.ret == RustType::Local("RawResponse".to_owned());
                // An operation answering events as well has its `_stream` already: it is a stream, not a list.
                if op.responses.success_enum.is_some() || raw || multipart || op.events_method.is_some() {
                    continue;
                }
                let pages_method = names.claim(&format!("{}_pages", op.method));
                let stream_method = names.claim(&format!("{}_stream", op.method));
                if g.tag.is_none() {
                    client_methods.claim(&pages_method);
                    client_methods.claim(&stream_method);
                }
                let start = match &paging.next {
                    super::pagination::Next::Offset { index, .. } | super::pagination::Next::Page { index, .. } => {
                        op.args.iter().find(|a| a.param == Some(*index)).map(|a| a.name.clone())
                    }
                    _ => None,
                };
                op.paging = Some(ClientPaging { paging, pages_method, stream_method, start });
            }
        }
    }

    /// Whether the module names a model anywhere (so that it imports `types`).
    pub fn names_model(&self) -> bool {
        self.types().any(|t| t.names_model())
    }

    /// Whether the module names a multipart body struct (so that it imports `multipart`).
    pub fn names_multipart(&self) -> bool {
        self.types().any(|t| t.names_multipart())
    }

    /// Whether the module writes a `BTreeMap` anywhere (so that it imports it).
    pub fn uses_btree_map(&self) -> bool {
        self.types().any(|t| t.uses_btree_map())
    }

    /// Every type the module writes.
    fn types(&self) -> impl Iterator<Item = RustType> + '_ {
        let methods = || self.operations.iter().flat_map(ClientOperation::methods);
        let args = methods().flat_map(|o| o.args.iter().map(|a| a.ty.clone()));
        let returns = methods().map(|o| o.responses.ret.clone());
        let successes = methods()
            .filter_map(|o| o.responses.success_enum.as_ref())
            .flat_map(|e| e.variants.iter().filter_map(|(_, t, _)| t.clone()));
        let errors = self.errors.iter().filter_map(|e| e.read.as_ref().map(Held::ty));
        let headers = self
            .operations
            .iter()
            .filter_map(|o| o.response_headers.as_ref())
            .flat_map(|h| h.fields.iter().map(|(_, _, ty, _)| ty.clone()));
        let hoisted = self.hoisted.iter().map(|h| h.ty.clone());
        let items = self.operations.iter().filter_map(|o| o.paging.as_ref()).map(|p| p.paging.item.clone());
        let args = args.chain(items);
        args.chain(returns).chain(successes).chain(errors).chain(headers).chain(hoisted)
    }

    fn operation(
        &self,
        types: &Types<'_>,
        plan: &OperationPlan<'_>,
        method: String,
        grouped: bool,
        responses: ClientResponses,
    ) -> ClientOperation {
        let op = plan.op;
        let mut locals = Namespace::with_reserved(LOCALS);
        let body_name = op.body.as_ref().map(|_| locals.claim("body"));
        // Path parameters in the order the template names them, then the others in document order.
        let mut order: Vec<usize> = Vec::new();
        for name in oagen_ir::path_placeholders(&op.path) {
            let found = op.parameters.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name);
            if let Some(i) = found.filter(|i| !order.contains(i)) {
                order.push(i);
            }
        }
        let mut hoisted = Vec::new();
        for (i, p) in op.parameters.iter().enumerate().filter(|(_, p)| p.location != ParamLocation::Path) {
            match self.hoisted.iter().position(|h| h.location == p.location && h.wire == p.wire_name) {
                Some(h) => hoisted.push((h, p.required)),
                None => order.push(i),
            }
        }
        let names: Vec<String> = order.iter().map(|i| locals.claim(&op.parameters[*i].name)).collect();
        let mut args = Vec::new();
        for (i, name) in order.into_iter().zip(names) {
            let p = &op.parameters[i];
            let (ty, by_value, optional) = arg(types, p.ty, p.required);
            let mut doc =
                format!("- `{}`: {} parameter `{}`", ident_text(&name), http::location_word(p.location), p.wire_name);
            if !p.required {
                doc.push_str(" (optional: `None` leaves it out)");
            }
            if let Some(d) = &p.description {
                doc.push_str(": ");
                doc.push_str(&d.replace('\n', " "));
            }
            let segment = (p.location == ParamLocation::Path).then(|| {
                let whole = op.path.split('/').any(|seg| seg == format!("{{{}}}", p.wire_name));
                let local = if KEYWORDS.contains(&name.as_str()) {
                    locals.claim(&format!("{}_segment", p.name))
                } else {
                    name.clone()
                };
                (local, whole)
            });
            args.push(Arg { name, ty, by_value, optional, doc, param: Some(i), segment });
        }
        let mut path = Vec::new();
        for piece in oagen_ir::path_pieces(&op.path) {
            let part = match piece {
                PathPiece::Literal(text) => PathPart::Literal(oagen_ir::encode_path_literal(text)),
                PathPiece::Param(name) => {
                    let local = args
                        .iter()
                        .find(|a| a.param.is_some_and(|i| op.parameters[i].wire_name == name))
                        .and_then(|a| a.segment.as_ref());
                    match local {
                        Some((local, _)) => PathPart::Value(local.clone()),
                        None => PathPart::Literal(oagen_ir::encode_path_literal(&format!("{{{name}}}"))),
                    }
                }
            };
            match (path.last_mut(), part) {
                (Some(PathPart::Literal(before)), PathPart::Literal(text)) => before.push_str(&text),
                (_, part) => path.push(part),
            }
        }
        let body = match (plan.body.as_ref(), body_name) {
            (Some(body), Some(name)) => {
                let (arg, body) = self.body(types, body, name, args.len());
                args.push(arg);
                Some(body)
            }
            _ => None,
        };
        let security = if op.security.is_empty() || self.credentials.is_empty() {
            Vec::new()
        } else {
            op.security
                .iter()
                .map(|alt| {
                    alt.iter()
                        .filter_map(|i| self.credentials.iter().find(|c| c.scheme == *i))
                        .map(|c| c.variant.clone())
                        .collect()
                })
                .collect()
        };
        let id = op.operation_id.clone().unwrap_or_else(|| method.clone());
        ClientOperation {
            method,
            grouped,
            args,
            path,
            body,
            security,
            responses,
            id,
            template: op.path.clone(),
            hoisted,
            response_headers: None,
            accept: None,
            events_method: None,
            paging: None,
        }
    }

    fn body(
        &self,
        types: &Types<'_>,
        body: &super::operation::BodyPlan<'_>,
        name: String,
        index: usize,
    ) -> (Arg, ClientBody) {
        let content = &body.ir.content;
        let required = body.ir.required;
        let (ty, by_value, optional, encode) = match content.encoding {
            Encoding::Json | Encoding::Form => {
                let encode = if content.encoding == Encoding::Json { Encode::Json } else { Encode::Form };
                if body.nullable {
                    // "Send null or a value" (`None` is `null`); optional too, three states.
                    let (ty, by_value, _) = arg(types, content.ty, true);
                    if required {
                        (ty, by_value, false, encode)
                    } else {
                        let (inner, _, _) = arg(types, TypeRef { nullable: false, ..content.ty }, true);
                        (RustType::Tristate { inner: Box::new(inner), qualified: true }, by_value, true, encode)
                    }
                } else {
                    let (ty, by_value, optional) = arg(types, content.ty, required);
                    (ty, by_value, optional, encode)
                }
            }
            Encoding::Text | Encoding::EventStream => {
                (optional_if(RustType::STR.borrowed(), !required), false, !required, Encode::Text)
            }
            // Bytes, a file or a stream (`rt::Upload`), taken by value.
            Encoding::Binary => (optional_if(RustType::Path("rt::Upload"), !required), true, !required, Encode::Binary),
            Encoding::Multipart => match &body.field_ty {
                RustType::Multipart(_) => (body.field_ty.clone(), true, !required, Encode::TypedMultipart),
                RustType::Option(inner) if matches!(**inner, RustType::Multipart(_)) => {
                    (body.field_ty.clone(), true, !required, Encode::TypedMultipart)
                }
                _ => (
                    optional_if(RustType::Path("reqwest::multipart::Form"), !required),
                    true,
                    !required,
                    Encode::Multipart,
                ),
            },
        };
        let mut doc = format!("- `{}`: the request body (`{}`)", ident_text(&name), content.media_type);
        doc.push_str(match (required, body.nullable) {
            (true, false) => "",
            (true, true) => ", `None` sends `null`",
            (false, false) => ", optional: `None` sends no body",
            (false, true) => ", optional: `Tristate::Absent` sends no body, `Tristate::Null` sends `null`",
        });
        if let Some(d) = &body.ir.description {
            doc.push_str(": ");
            doc.push_str(&d.replace('\n', " "));
        }
        let arg = Arg { name, ty, by_value, optional, doc, param: None, segment: None };
        (arg, ClientBody { arg: index, encode, content_type: http::content_type(content), nullable: body.nullable })
    }

    /// The return type, the arms in match order, the success enum when needed, and the docs of each response;
    /// error bodies are registered as they are first met.
    fn responses(
        &mut self,
        types: &Types<'_>,
        all: &[OperationPlan<'_>],
        plan: &OperationPlan<'_>,
        module_names: &mut Namespace,
        error_names: &mut Namespace,
    ) -> ClientResponses {
        let op = plan.op;
        if plan.responses.is_empty() {
            self.raw_response = true;
            return ClientResponses {
                ret: RustType::Local("RawResponse".to_owned()),
                success_enum: None,
                arms: vec![Arm { patterns: vec![Pattern::Rest], answer: Answer::Raw }],
                docs: vec!["- none documented: every response is returned as it came.".to_owned()],
                streams: false,
            };
        }
        let has_success = plan.responses.iter().any(|r| http::is_success(r.ir.status));
        // Responses in match order: exact codes, ranges, default.
        let mut ordered: Vec<&super::operation::ResponsePlan<'_>> = Vec::new();
        ordered.extend(plan.responses.iter().filter(|r| matches!(r.ir.status, StatusCode::Code(_))));
        ordered.extend(plan.responses.iter().filter(|r| matches!(r.ir.status, StatusCode::Range(_))));
        ordered.extend(plan.responses.iter().filter(|r| matches!(r.ir.status, StatusCode::Default)));
        // Which responses are successes: 2xx, and `default` for 2xx statuses when nothing else is a success.
        let successes: Vec<&super::operation::ResponsePlan<'_>> = plan
            .responses
            .iter()
            .filter(|r| http::is_success(r.ir.status) || (!has_success && r.ir.status == StatusCode::Default))
            .collect();
        let held_ty = |held: &Option<Held>| held.as_ref().map_or(RustType::UNIT, Held::ty);
        let mut distinct: Vec<RustType> = Vec::new();
        for r in &successes {
            let t = held_ty(&r.held);
            if !distinct.contains(&t) {
                distinct.push(t);
            }
        }
        let enum_name =
            (distinct.len() > 1).then(|| module_names.claim_type(&format!("{}Response", naming::type_name(&op.name))));
        let ret = match (&enum_name, successes.first()) {
            (Some(name), _) => RustType::Local(name.clone()),
            (None, Some(r)) => held_ty(&r.held),
            (None, None) => RustType::UNIT,
        };
        let mut docs = Vec::new();
        let mut arms = Vec::new();
        let mut variants = Vec::new();
        for r in &ordered {
            let status = http::status_text(r.ir.status);
            // The result first, then the spec's description as a sentence of its own.
            let desc =
                r.ir.description
                    .as_deref()
                    .map(sentence)
                    .filter(|d| !d.is_empty())
                    .map(|d| format!(" {d}"))
                    .unwrap_or_default();
            let pattern = match r.ir.status {
                StatusCode::Code(c) => Pattern::Code(c),
                StatusCode::Range(c) => Pattern::Class(c),
                StatusCode::Default => Pattern::Rest,
            };
            let success = |variants: &mut Vec<(String, Option<RustType>, String)>| match &enum_name {
                Some(name) => {
                    let t = r.held.as_ref().map(Held::ty);
                    variants.push((r.ir.name.clone(), t, status.clone()));
                    (
                        Answer::Success { read: r.held.clone(), variant: Some(r.ir.name.clone()) },
                        format!("`{name}::{}`", r.ir.name),
                    )
                }
                None => {
                    (Answer::Success { read: r.held.clone(), variant: None }, format!("`Ok({})`", held_ty(&r.held)))
                }
            };
            // An error status's body is read whole, whatever a success's is.
            let whole = r.held.as_ref().map(Held::whole);
            if http::is_success(r.ir.status) {
                let (answer, shown) = success(&mut variants);
                docs.push(format!("- `{status}`: {shown}.{desc}"));
                push_arm(&mut arms, pattern, answer);
            } else if r.ir.status == StatusCode::Default {
                if !has_success {
                    let (answer, shown) = success(&mut variants);
                    docs.push(format!("- `default` with a 2xx status: {shown}.{desc}"));
                    push_arm(&mut arms, Pattern::Class(2), answer);
                }
                let (answer, shown) = self.failure(types, all, &whole, &status, error_names);
                docs.push(format!("- `default` (any other status): {shown}.{desc}"));
                push_arm(&mut arms, Pattern::Rest, answer);
            } else {
                let (answer, shown) = self.failure(types, all, &whole, &status, error_names);
                docs.push(format!("- `{status}`: {shown}.{desc}"));
                push_arm(&mut arms, pattern, answer);
            }
        }
        if !plan.responses.iter().any(|r| r.ir.status == StatusCode::Default) {
            push_arm(&mut arms, Pattern::Rest, Answer::Unexpected);
            docs.push("- any other status: `Error::UnexpectedStatus`.".to_owned());
        }
        for arm in &mut arms {
            arm.patterns = runs(&arm.patterns);
        }
        let streams = successes.iter().any(|r| r.held.as_ref().is_some_and(Held::streams));
        let success_enum = enum_name.map(|name| SuccessEnum { name, variants, operation: op.name.clone(), streams });
        ClientResponses { ret, success_enum, arms, docs, streams }
    }

    /// The answer to a documented error status (registering its body's type), and how the docs show it.
    fn failure(
        &mut self,
        types: &Types<'_>,
        all: &[OperationPlan<'_>],
        held: &Option<Held>,
        status: &str,
        error_names: &mut Namespace,
    ) -> (Answer, String) {
        let shown_status = format!("`{status}`");
        // One variant per Rust type: a JSON string and a text body are one `String`.
        let ty = held.as_ref().map(Held::ty);
        let index = match self.errors.iter().position(|e| e.read.as_ref().map(Held::ty) == ty) {
            Some(i) => {
                let statuses = &mut self.errors[i].statuses;
                if !statuses.contains(&shown_status) {
                    statuses.push(shown_status);
                }
                i
            }
            None => {
                let name = match held {
                    None => "Empty".to_owned(),
                    Some(Held::Text | Held::Events { .. }) => error_names.claim_type_free("Text"),
                    Some(Held::Bytes | Held::ByteStream) => error_names.claim_type_free("Bytes"),
                    Some(Held::Decoded(RustType::Model { name, qualified: true })) => error_names.claim_type_free(name),
                    Some(Held::Decoded(_)) => error_names.claim_type_free("Json"),
                };
                let message = match held {
                    Some(Held::Decoded(_)) => message_path(types, all, held),
                    Some(Held::Text) => Some(MessagePath::Text),
                    _ => None,
                };
                self.errors.push(ErrorBody { name, read: held.clone(), message, statuses: vec![shown_status] });
                self.errors.len() - 1
            }
        };
        let shown = format!("`Error::Api` with `ErrorBody::{}`", self.errors[index].name);
        let answer = match held {
            None => Answer::FailureWithoutBody,
            Some(read) => Answer::Failure { body: Some(index), read: read.clone() },
        };
        (answer, shown)
    }
}

/// Adds an arm, or the pattern to an earlier arm that answers alike and whose patterns are of the same kind: exact
/// statuses are disjoint and all come before the classes, which come before the rest, so merging within a kind
/// keeps what each status matches.
fn push_arm(arms: &mut Vec<Arm>, pattern: Pattern, answer: Answer) {
    let same_kind = |p: &Pattern| std::mem::discriminant(p) == std::mem::discriminant(&pattern);
    let mergeable = pattern != Pattern::Rest;
    match arms.iter_mut().find(|a| mergeable && a.answer == answer && a.patterns.iter().all(same_kind)) {
        Some(arm) => arm.patterns.push(pattern),
        None => arms.push(Arm { patterns: vec![pattern], answer }),
    }
}

/// An arm's exact statuses in order, each run of three or more consecutive ones as one [`Pattern::Codes`]; other
/// patterns (an arm never mixes kinds) unchanged.
fn runs(patterns: &[Pattern]) -> Vec<Pattern> {
    let mut codes: Vec<u16> =
        patterns.iter().filter_map(|p| if let Pattern::Code(c) = p { Some(*c) } else { None }).collect();
    if codes.len() != patterns.len() {
        return patterns.to_vec();
    }
    codes.sort_unstable();
    let mut out = Vec::with_capacity(codes.len());
    let mut i = 0;
    while i < codes.len() {
        let mut j = i;
        while j + 1 < codes.len() && codes[j + 1] == codes[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            out.push(Pattern::Codes(codes[i], codes[j]));
        } else {
            out.extend(codes[i..=j].iter().map(|c| Pattern::Code(*c)));
        }
        i = j + 1;
    }
    out
}

/// Free text as a sentence on one line: capitalised, ending in a full stop (`not found` -> `Not found.`,
/// `Created.` stays).
pub(crate) fn sentence(text: &str) -> String {
    let mut line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(first) = line.get(..1).filter(|c| c.bytes().all(|b| b.is_ascii_lowercase())) {
        let upper = first.to_ascii_uppercase();
        line.replace_range(..1, &upper);
    }
    if line.is_empty() || line.ends_with(['.', '!', '?', ':']) {
        line
    } else {
        format!("{line}.")
    }
}

/// How the API's own message is read from an error body of the type `held` holds: a string property named like a
/// message, directly or inside a required object property (`error.message`). The type is that of the first JSON
/// response (in operation order) held the same way.
fn message_path(types: &Types<'_>, all: &[OperationPlan<'_>], held: &Option<Held>) -> Option<MessagePath> {
    let ty = all
        .iter()
        .flat_map(|o| o.responses.iter())
        .filter(|r| r.ir.content.as_ref().is_some_and(|c| c.encoding == Encoding::Json))
        .find(|r| r.held == *held)?
        .ir
        .content
        .as_ref()?
        .ty;
    if ty.nullable {
        return None;
    }
    const NAMES: &[&str] =
        &["message", "detail", "error_description", "error_message", "error", "title", "msg", "description"];
    let space = types.space();
    let fields = |r: TypeRef| -> Vec<oagen_ir::Field> {
        let (id, _) = space.resolve(r);
        match &space.get(id).kind {
            TypeKind::Struct(s) => s.fields.clone(),
            _ => Vec::new(),
        }
    };
    let is_string = |r: TypeRef| {
        let (id, _) = space.resolve(r);
        matches!(space.get(id).kind, TypeKind::Primitive(Primitive::String))
    };
    let access = |f: &oagen_ir::Field, outer: Option<&str>| -> Option<MessagePath> {
        let (_, alias_nullable) = space.resolve(f.ty);
        let nullable = f.ty.nullable || alias_nullable;
        let optional = match (f.required, nullable) {
            (true, false) => false,
            (true, true) | (false, false) => true,
            (false, true) => return None,
        };
        Some(MessagePath::Field { outer: outer.map(str::to_owned), field: f.name.clone(), optional })
    };
    let top = fields(ty);
    for wanted in NAMES {
        if let Some(f) = top.iter().find(|f| f.name == *wanted && is_string(f.ty)) {
            if let Some(a) = access(f, None) {
                return Some(a);
            }
        }
    }
    for outer in top.iter().filter(|f| f.required && !f.ty.nullable && !space.resolve(f.ty).1) {
        let inner = fields(outer.ty);
        for wanted in NAMES {
            if let Some(f) = inner.iter().find(|f| f.name == *wanted && is_string(f.ty)) {
                if let Some(a) = access(f, Some(&outer.name)) {
                    return Some(a);
                }
            }
        }
    }
    None
}

/// The argument type of a parameter or body of type `ty`, whether it is held by value, and whether it is optional:
/// strings, bytes, lists and structures borrowed, other scalars by value, in `Option` when `null` is allowed or the
/// input may be left out.
fn arg(types: &Types<'_>, ty: TypeRef, required: bool) -> (RustType, bool, bool) {
    let space = types.space();
    let (id, _) = space.resolve(ty);
    let nullable = types.admits_null(ty);
    let (inner, by_value) = match &space.get(id).kind {
        TypeKind::Primitive(Primitive::String) => (RustType::STR.borrowed(), false),
        TypeKind::Primitive(Primitive::Bytes) => (RustType::Path("[u8]").borrowed(), false),
        // By value, named as the spec names it (`types::Uuid` where the spec has a `Uuid` schema).
        TypeKind::Primitive(_) => (types.base(TypeRef { nullable: false, ..ty }), true),
        TypeKind::List(item) => (RustType::Slice(Box::new(types.nullable(*item))).borrowed(), false),
        TypeKind::Any => (RustType::JSON.borrowed(), false),
        _ => (types.base(TypeRef { nullable: false, ..ty }).borrowed(), false),
    };
    if nullable || !required {
        (inner.optional(), by_value, !required)
    } else {
        (inner, by_value, false)
    }
}

fn optional_if(t: RustType, optional: bool) -> RustType {
    if optional {
        t.optional()
    } else {
        t
    }
}

/// A name as the generated code spells it (`r#type` for a keyword).
fn ident_text(name: &str) -> String {
    crate::ident::ident(name).to_string()
}

/// The client's credentials, and whether one travels in the query.
fn credentials(api: &Api, operations: &[OperationPlan<'_>]) -> (Vec<Credential>, bool) {
    let mut fields = Namespace::with_reserved(&["http", "base_url", "timeout"]);
    let mut variants = Namespace::new();
    // Only schemes some operation accepts: a scheme no operation names would be dead code.
    let used = |i: usize| operations.iter().any(|o| o.op.security.iter().any(|alt| alt.contains(&i)));
    let count = |pred: fn(&SecurityKind) -> bool| {
        api.security_schemes.iter().enumerate().filter(|(i, s)| pred(&s.kind) && used(*i)).count()
    };
    let bearers = count(|k| matches!(k, SecurityKind::Bearer));
    let basics = count(|k| matches!(k, SecurityKind::Basic));
    let keys = count(|k| matches!(k, SecurityKind::ApiKey { .. }));
    let mut out = Vec::new();
    let mut in_query = false;
    for (index, s) in api.security_schemes.iter().enumerate().filter(|(i, _)| used(*i)) {
        let setter = match &s.kind {
            SecurityKind::Bearer if bearers == 1 => "with_bearer_token".to_owned(),
            SecurityKind::Bearer => format!("with_{}_token", s.name),
            SecurityKind::Basic if basics == 1 => "with_basic_auth".to_owned(),
            SecurityKind::Basic => format!("with_{}_basic_auth", s.name),
            SecurityKind::ApiKey { .. } if keys == 1 => "with_api_key".to_owned(),
            SecurityKind::ApiKey { .. } => format!("with_{}_key", s.name),
        };
        in_query |= matches!(&s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. });
        let token_source_setter = matches!(s.kind, SecurityKind::Bearer).then(|| match bearers {
            1 => "with_token_source".to_owned(),
            _ => format!("with_{}_token_source", s.name),
        });
        let flows = api.security_schemes.iter().enumerate().filter(|(i, s)| s.client_credentials.is_some() && used(*i));
        let client_credentials = s.client_credentials.as_ref().map(|flow| {
            let setter = match flows.count() {
                1 => "with_client_credentials".to_owned(),
                _ => format!("with_{}_client_credentials", s.name),
            };
            (setter, flow.token_url.clone(), flow.scopes.clone())
        });
        out.push(Credential {
            token_source_setter,
            client_credentials,
            field: fields.claim(&s.name),
            variant: variants.claim_type_free(&naming::type_name(&s.name)),
            setter,
            kind: s.kind.clone(),
            key: s.key.clone(),
            description: s.description.clone(),
            scheme: index,
        });
    }
    (out, in_query)
}

/// The parameters set once on the client: each header parameter (and, when there are two operations or more, each
/// query or cookie parameter) that every operation declares with the same type and serialisation, and each
/// parameter `options.hoist` names (by wire name) wherever it is declared alike. Path parameters never: they name
/// the resource; nor headers whose value belongs to one request ([`per_request_header`]) unless named.
fn hoisted(
    types: &Types<'_>,
    operations: &[OperationPlan<'_>],
    options: &ClientOptions,
    client_methods: &mut Namespace,
    handle_methods: &mut Namespace,
) -> Vec<Hoisted> {
    let mut out: Vec<Hoisted> = Vec::new();
    let Some(first) = operations.first() else { return out };
    let shape = |p: &oagen_ir::Parameter| (arg(types, p.ty, true), p.style, p.explode, p.allow_reserved);
    let mut candidates: Vec<&oagen_ir::Parameter> = first.op.parameters.iter().collect();
    for name in &options.hoist {
        let found = operations.iter().flat_map(|o| &o.op.parameters).find(|p| &p.wire_name == name);
        if let Some(p) = found.filter(|p| !candidates.iter().any(|c| c.location == p.location && c.wire_name == *name))
        {
            candidates.push(p);
        }
    }
    for p in candidates {
        if p.location == ParamLocation::Path {
            continue;
        }
        let named = options.hoist.contains(&p.wire_name);
        let per_request = per_request_header(&p.wire_name)
            || options.idempotency_header.as_ref().is_some_and(|h| h.eq_ignore_ascii_case(&p.wire_name));
        if p.location == ParamLocation::Header && per_request && !named {
            continue;
        }
        let alike: Vec<&oagen_ir::Parameter> = operations
            .iter()
            .filter_map(|o| o.op.parameters.iter().find(|q| q.location == p.location && q.wire_name == p.wire_name))
            .collect();
        if alike.iter().any(|q| shape(q) != shape(p)) {
            continue;
        }
        let everywhere =
            alike.len() == operations.len() && (p.location == ParamLocation::Header || operations.len() > 1);
        if !(everywhere || named) {
            continue;
        }
        let ((ty, by_value, _), ..) = shape(p);
        let snake = naming::snake_name(&p.name);
        out.push(Hoisted {
            wire: p.wire_name.clone(),
            location: p.location,
            client_setter: client_methods.claim(&format!("with_{snake}")),
            handle_setter: handle_methods.claim(&snake),
            ty,
            param_ty: p.ty,
            by_value,
            style: p.style,
            explode: p.explode,
            allow_reserved: p.allow_reserved,
            description: alike.iter().find_map(|q| q.description.clone()),
            required: alike.iter().any(|q| q.required),
        });
    }
    out
}

/// The typed headers of an operation's successful responses (the first definition of each name wins), in a module
/// named after its method (or after the operation, when the method's name is taken).
fn response_headers(
    types: &Types<'_>,
    plan: &OperationPlan<'_>,
    op: &ClientOperation,
    receiver: &str,
    modules: &mut Namespace,
) -> Option<ResponseHeaders> {
    let mut fields: Vec<(String, String, RustType, Option<String>)> = Vec::new();
    let mut names = Namespace::new();
    for r in plan.op.responses.iter().filter(|r| http::is_success(r.status)) {
        for h in &r.headers {
            if fields.iter().any(|(_, wire, ..)| wire.eq_ignore_ascii_case(&h.wire_name)) {
                continue;
            }
            let ty = types.base(TypeRef { nullable: false, ..h.ty }).optional();
            fields.push((names.claim(&h.name), h.wire_name.clone(), ty, h.description.clone()));
        }
    }
    if fields.is_empty() {
        return None;
    }
    let module = if modules.contains(&op.method) { modules.claim(&plan.op.name) } else { modules.claim(&op.method) };
    Some(ResponseHeaders { module, method_path: format!("{receiver}.{}", op.method), fields })
}

/// Headers whose value belongs to one request, never hoisted unless an option names them: idempotency keys,
/// conditions (`If-Match`), ranges, content and accept negotiation, request ids and trace context.
fn per_request_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("idempotency")
        || name.starts_with("if-")
        || name == "range"
        || name.starts_with("content-")
        || name.starts_with("accept")
        || name.ends_with("request-id")
        || name.ends_with("correlation-id")
        || matches!(name.as_str(), "traceparent" | "tracestate" | "prefer")
}

/// The header every POST and PATCH declares for idempotency keys (`Idempotency-Key`, `X-Idempotency-Key`), when
/// there is one.
fn idempotency_header(operations: &[OperationPlan<'_>]) -> Option<String> {
    let unsafe_ops: Vec<&OperationPlan<'_>> =
        operations.iter().filter(|o| matches!(o.op.method, oagen_ir::Method::Post | oagen_ir::Method::Patch)).collect();
    let first = unsafe_ops.first()?;
    let header = first.op.parameters.iter().find(|p| {
        p.location == ParamLocation::Header && p.wire_name.to_ascii_lowercase().ends_with("idempotency-key")
    })?;
    let everywhere = unsafe_ops.iter().all(|o| {
        o.op.parameters.iter().any(|p| p.location == ParamLocation::Header && p.wire_name == header.wire_name)
    });
    everywhere.then(|| header.wire_name.clone())
}

/// The groups (tagged first, by first appearance; then the untagged operations), and each operation's method name.
fn groups(
    operations: &[OperationPlan<'_>],
    module_names: &mut Namespace,
    client_methods: &mut Namespace,
    handle_methods: &Namespace,
) -> (Vec<Group>, Vec<String>, Vec<Option<String>>) {
    let mut order: Vec<Option<String>> = Vec::new();
    for o in operations {
        let tag = o.op.tags.first().cloned();
        if !order.contains(&tag) {
            order.push(tag);
        }
    }
    // Tagged groups first claim their accessor, so an untagged operation of the same name gets a suffix.
    order.sort_by_key(Option::is_none);
    let mut groups = Vec::new();
    let mut method_names = vec![String::new(); operations.len()];
    let mut stream_names = vec![None; operations.len()];
    for tag in order {
        let members: Vec<usize> =
            (0..operations.len()).filter(|i| operations[*i].op.tags.first() == tag.as_ref()).collect();
        let (struct_name, accessor) = match &tag {
            Some(t) => (module_names.claim_type(&naming::type_name(t)), client_methods.claim(&naming::snake_name(t))),
            // The untagged operations: methods of `Client`, and of the handle `client.call()` for per-call options.
            None => (module_names.claim_type("Call"), "call".to_owned()),
        };
        let ops: Vec<&oagen_ir::Operation> = members.iter().map(|i| operations[*i].op).collect();
        let names = match &tag {
            // `new`: a method of that name that does not return `Self` reads as a constructor (and clippy's
            // `new_ret_no_self` says so).
            Some(t) => {
                let mut taken = handle_methods.clone();
                let names = method_names_in(&ops, Some(t), &mut taken);
                let streams = stream_names_in(&ops, &names, &mut taken);
                (names, streams)
            }
            None => {
                // Methods of `Client` and of its handle: clear of both.
                let mut both = client_methods.clone();
                for m in HANDLE_METHODS {
                    both.claim(m);
                }
                let names = method_names_in(&ops, None, &mut both);
                let streams = stream_names_in(&ops, &names, &mut both);
                for n in names.iter().chain(streams.iter().flatten()) {
                    client_methods.claim(n);
                }
                (names, streams)
            }
        };
        let (names, streams) = names;
        for ((i, name), stream) in members.iter().zip(names).zip(streams) {
            method_names[*i] = name;
            stream_names[*i] = stream;
        }
        groups.push(Group { tag, struct_name, accessor, operations: members });
    }
    (groups, method_names, stream_names)
}

/// The operation answered with events: each success that offers them is read as them.
fn as_events<'a>(types: &Types<'_>, plan: &OperationPlan<'a>) -> OperationPlan<'a> {
    let mut events = plan.clone();
    for r in events.responses.iter_mut().filter(|r| http::is_success(r.ir.status)) {
        if let Some(content) = &r.ir.events {
            r.held = Some(http::response_body(types, content));
        }
    }
    events
}

/// Whether an operation's successes also offer an event stream beside their chosen media type.
fn offers_events(op: &oagen_ir::Operation) -> bool {
    op.responses.iter().any(|r| http::is_success(r.status) && r.events.is_some())
}

/// The name of the `<method>_stream` sibling of each operation that also offers its successes as events.
fn stream_names_in(ops: &[&oagen_ir::Operation], names: &[String], taken: &mut Namespace) -> Vec<Option<String>> {
    ops.iter().zip(names).map(|(op, name)| offers_events(op).then(|| taken.claim(&format!("{name}_stream")))).collect()
}

/// `words` with the tag's words removed from the front or the back (each word may be the tag word or its
/// singular): `interactions_update` under `Interactions` -> `update`, `update_conversation` under
/// `conversations` -> `update`.
pub fn strip_tag(name: &str, tag: &str) -> Option<String> {
    let tag_snake = naming::snake_name(tag);
    let tag_words: Vec<&str> = tag_snake.split('_').collect();
    let words: Vec<&str> = name.split('_').collect();
    let same = |w: &str, t: &str| {
        w == t || naming::singular(t).as_deref() == Some(w) || naming::singular(w).as_deref() == Some(t)
    };
    let n = tag_words.len();
    if words.len() <= n {
        return None;
    }
    let rest: &[&str] = if words[..n].iter().zip(&tag_words).all(|(w, t)| same(w, t)) {
        &words[n..]
    } else if words[words.len() - n..].iter().zip(&tag_words).all(|(w, t)| same(w, t)) {
        &words[..words.len() - n]
    } else {
        return None;
    };
    let out = rest.join("_");
    (!out.is_empty() && !out.starts_with(|c: char| c.is_ascii_digit())).then_some(out)
}

/// Method names within one group: the tag stripped where that is unique and not `new` (`NewNote` under `Notes`
/// stays `new_note`), the full (globally unique) name otherwise.
fn method_names_in(ops: &[&oagen_ir::Operation], tag: Option<&str>, reserved: &mut Namespace) -> Vec<String> {
    let stripped = |op: &oagen_ir::Operation| tag.and_then(|t| strip_tag(&op.name, t)).filter(|n| n != "new");
    let mut names: Vec<String> = ops.iter().map(|op| stripped(op).unwrap_or_else(|| op.name.clone())).collect();
    for _ in 0..=ops.len() {
        let mut changed = false;
        for i in 0..names.len() {
            if names.iter().filter(|n| **n == names[i]).count() > 1 {
                let dup = names[i].clone();
                for (j, n) in names.iter_mut().enumerate() {
                    if *n == dup && *n != ops[j].name {
                        *n = ops[j].name.clone();
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    names.iter().map(|n| reserved.claim(n)).collect()
}

/// The servers the spec lists: a constant for a fixed URL, a function of its variables otherwise.
fn servers(api: &Api) -> Vec<ServerUrl> {
    let mut names = Namespace::with_reserved(&["new"]);
    let mut enum_names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
    let mut out = Vec::new();
    for (i, s) in api.servers.iter().enumerate() {
        let base = match s.description.as_deref().map(|d| d.split('(').next().unwrap_or("").trim()) {
            Some(d) if !d.is_empty() && d.split_whitespace().count() <= 4 => naming::snake_name(d),
            _ if api.servers.len() == 1 => "default".to_owned(),
            _ => format!("server_{}", i + 1),
        };
        let mut docs = vec![format!("`{}`", s.url)];
        docs.extend(s.description.clone());
        if s.variables.is_empty() {
            out.push(ServerUrl {
                url: s.url.clone(),
                docs,
                item: ServerItem::Const(names.claim(&base).to_uppercase()),
            });
            continue;
        }
        let name = names.claim(&format!("{base}_url"));
        let mut arg_names = Namespace::new();
        let mut variables = Vec::new();
        for v in &s.variables {
            let arg = arg_names.claim(&naming::snake_name(&v.name));
            let mut doc = format!("- `{}`: `{{{}}}`", ident_text(&arg), v.name);
            if let Some(d) = &v.description {
                doc.push_str(&format!(", {d}"));
            }
            let choice = if v.allowed.is_empty() {
                doc.push_str(&format!(" (the spec's default: `{}`; substituted as given)", v.default));
                None
            } else {
                let enum_name = enum_names.claim_type(&naming::type_name(&v.name));
                doc.push_str(&format!(" ([`{enum_name}`])"));
                Some(server_choice(enum_name, v))
            };
            docs.push(doc);
            variables.push(ServerVariable { arg, placeholder: v.name.clone(), choice, default: v.default.clone() });
        }
        out.push(ServerUrl { url: s.url.clone(), docs, item: ServerItem::Template { name, variables } });
    }
    out
}

fn server_choice(name: String, v: &oagen_ir::ServerVariable) -> ServerChoice {
    let mut values: Vec<&str> = v.allowed.iter().map(String::as_str).collect();
    if !values.contains(&v.default.as_str()) {
        values.insert(0, &v.default);
    }
    let mut names = Namespace::new();
    let variants =
        values.iter().map(|value| (names.claim_type_free(&naming::type_name(value)), (*value).to_owned())).collect();
    let mut docs = vec![format!("The server variable `{}` (default `{}`).", v.name, v.default)];
    docs.extend(v.description.clone());
    ServerChoice { name, variants, default: v.default.clone(), docs }
}

/// The style of a parameter, as the runtime names it.
pub fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Label => "Label",
        ParamStyle::Form => "Form",
        ParamStyle::Simple => "Simple",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oagen_ir::Method;

    #[test]
    fn tags_are_stripped_from_method_names() {
        assert_eq!(strip_tag("interactions_update", "Interactions").as_deref(), Some("update"));
        assert_eq!(strip_tag("update_conversation", "conversations").as_deref(), Some("update"));
        assert_eq!(strip_tag("update_conversation", "Conversations").as_deref(), Some("update"));
        assert_eq!(strip_tag("list_pet_owners", "pet owners").as_deref(), Some("list"));
        assert_eq!(strip_tag("interactions", "Interactions"), None);
        assert_eq!(strip_tag("get_user", "Interactions"), None);
        assert_eq!(strip_tag("users_2", "users"), None);
    }

    #[test]
    fn colliding_stripped_names_keep_their_full_names() {
        let op = |name: &str| oagen_ir::Operation {
            tags: vec!["pets".to_owned()],
            ..oagen_ir::Operation::new(name, Method::Get, "/")
        };
        let (a, b, c, d) = (op("pets_list"), op("list_pets"), op("pets_get"), op("get"));
        let names = method_names_in(&[&a, &b, &c, &d], Some("pets"), &mut Namespace::with_reserved(&["timeout"]));
        assert_eq!(names, ["pets_list", "list_pets", "pets_get", "get"]);
    }

    #[test]
    fn runs_of_three_or_more_statuses_become_ranges() {
        let codes = |c: &[u16]| c.iter().map(|c| Pattern::Code(*c)).collect::<Vec<_>>();
        assert_eq!(
            runs(&codes(&[504, 482, 403, 480, 481])),
            [Pattern::Code(403), Pattern::Codes(480, 482), Pattern::Code(504)]
        );
        assert_eq!(runs(&codes(&[404, 405])), codes(&[404, 405]), "two stay a pair");
        assert_eq!(runs(&[Pattern::Class(4), Pattern::Class(5)]), [Pattern::Class(4), Pattern::Class(5)]);
    }

    #[test]
    fn descriptions_read_as_sentences() {
        assert_eq!(sentence("not found"), "Not found.");
        assert_eq!(sentence("Created."), "Created.");
        assert_eq!(sentence("  The pet,\n  updated  "), "The pet, updated.");
        assert_eq!(sentence("éclair"), "éclair.");
        assert_eq!(sentence(""), "");
    }
}
