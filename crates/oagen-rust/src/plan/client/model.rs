//! The client plan's data: every type the client module's emitters read (the module, each call, its arguments,
//! setters, body and responses, the credentials, hoisted parameters and servers). The planning that fills them is
//! in the sibling modules; this one imports none of them but the groups.

use super::groups::Group;
use crate::plan::http::Held;
use crate::plan::pagination::Paging;
use crate::plan::rust_type::RustType;
use oagen_ir::{ParamLocation, ParamStyle, SecurityKind, TypeRef};

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
    /// Each served operation's call, in the order of [`super::Plan::operations`].
    pub operations: Vec<ClientOperation>,
    /// The error bodies of documented error statuses, one per distinct type, in order of first use.
    pub errors: Vec<ErrorBody>,
    /// Some operation documents no response: it returns the whole response (`RawResponse`).
    pub raw_response: bool,
    /// Some operation sends an untyped `multipart/*` body (reqwest's `multipart` feature).
    pub multipart: bool,
    /// The parameters set once on the client (and overridable per call) instead of on every call.
    pub hoisted: Vec<Hoisted>,
    /// The header the client sends idempotency keys in by default (an option, or a header parameter of that kind
    /// that every POST and PATCH declares).
    pub idempotency_header: Option<String>,
}

/// One operation's call: the method that starts it and the request builder it returns.
#[derive(Debug)]
pub struct ClientOperation {
    /// The method's name in its group (a method of `Client` for an untagged operation).
    pub method: String,
    /// Whether it is tagged (else a method of `Client`).
    pub grouped: bool,
    /// How the method is reached, as docs write the call: `client.interactions().update`.
    pub receiver: String,
    /// The method as an intra-doc link names it: `Interactions::update`, `Client::list_reports`.
    pub link: String,
    /// The request builder the method returns.
    pub builder: Builder,
    /// The method's arguments after `&self`: path parameters in template order, then a required body.
    pub args: Vec<Arg>,
    /// The builder's setters: the other parameters in document order, an optional body, then the hoisted
    /// parameters the call may override.
    pub setters: Vec<Setter>,
    /// The path: literal text as sent, and the locals holding encoded parameters.
    pub path: Vec<PathPart>,
    /// The body, when the operation takes one.
    pub body: Option<ClientBody>,
    /// The security alternatives as written, by credential (`Scheme` variants); empty when none applies.
    pub security: Vec<Vec<String>>,
    /// What the call returns and how each status is answered.
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
    /// How its pages are reached, when it paginates (its builder then has `pages()` and `items()`).
    pub paging: Option<ClientPaging>,
}

impl ClientOperation {
    /// The calls it is written as: itself, then its `_stream` sibling when it has one.
    pub fn methods(&self) -> impl Iterator<Item = &ClientOperation> {
        std::iter::once(self).chain(self.events_method.as_deref())
    }

    /// Every type the call's method and builder write: arguments, setters' arguments and fields, the success type
    /// and the success enum's variants (what decides the module's imports).
    pub fn types(&self) -> Vec<&RustType> {
        let mut out: Vec<&RustType> = self.args.iter().map(|a| &a.ty).collect();
        for s in &self.setters {
            if let Takes::Value(ty) = &s.takes {
                out.push(ty);
            }
            out.extend(s.field.as_ref().map(|(_, ty)| ty));
        }
        out.push(&self.responses.ret);
        if let Some(e) = &self.responses.success_enum {
            out.extend(e.variants.iter().filter_map(|(_, t, _)| t.as_ref()));
        }
        out
    }

    /// The builder's type once every required setter is called (`Name<'a, String>`): the type parameters'
    /// values, in order.
    pub fn ready_states(&self) -> Vec<&RustType> {
        self.setters.iter().filter(|s| s.state.is_some()).filter_map(|s| s.field.as_ref().map(|(_, ty)| ty)).collect()
    }
}

/// A paginated operation: its builder's `pages()` (a stream of [`rt::Page`]s, each with its response's status and
/// headers) and `items()`.
#[derive(Debug, Clone)]
pub struct ClientPaging {
    /// How its pages are reached.
    pub paging: Paging,
    /// For offset and page-number pagination, the builder's field holding the first page's value (`None` when the
    /// parameter is set on the client instead).
    pub start: Option<String>,
}

/// Names the client module holds besides the spec's: its own items and what it imports.
pub(crate) const MODULE_ITEMS: &[&str] = &[
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
    "ApiResponse",
    "ClientCredentials",
    "RetryPolicy",
    "Token",
    "TokenSource",
    "Transport",
    "BTreeMap",
    "Call",
    "params",
];

/// A positional argument of an operation's method (a path parameter or a required body), also a field of its
/// builder.
#[derive(Debug)]
pub struct Arg {
    /// Its name (and the builder's field), unique among the call's names.
    pub name: String,
    /// Its type, with the builder's lifetime `'a` on references.
    pub ty: RustType,
    /// Whether the value is held by value (serialisers then get `&self.<name>`).
    pub by_value: bool,
    /// The line of the method's docs about it.
    pub doc: String,
    /// The parameter it fills (`None` for the body).
    pub param: Option<usize>,
    /// For a path parameter: the local holding its encoded text (the argument's name, unless it is a keyword,
    /// which cannot be a format argument), and whether it spans a whole segment.
    pub segment: Option<(String, bool)>,
}

/// A setter of a request builder.
#[derive(Debug)]
pub struct Setter {
    /// The method.
    pub name: String,
    /// What it sets.
    pub input: Input,
    /// How it takes its value.
    pub takes: Takes,
    /// The builder's field keeping the value (`None` for a hoisted parameter, kept in the call's options): `T` for a
    /// required parameter (the builder's type parameter once it is set), `Option<T>` otherwise.
    pub field: Option<(String, RustType)>,
    /// For a required parameter: the builder's type parameter that is [`rt::Unset`] until the setter is called.
    pub state: Option<String>,
    /// Its docs, one paragraph a line.
    pub docs: Vec<String>,
    /// Whether the spec deprecates the parameter.
    pub deprecated: bool,
}

/// What a setter sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A parameter of the operation (an index into its parameters).
    Param(usize),
    /// The request body.
    Body,
    /// A hoisted parameter, for this call (an index into [`ClientPlan::hoisted`]).
    Hoisted(usize),
}

/// The argument of a setter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Takes {
    /// `impl Into<String>`, kept as a `String`.
    Text,
    /// `impl IntoIterator<Item = impl Into<String>>`, kept as a `Vec<String>`.
    Texts,
    /// The type itself, by value (references with the builder's lifetime).
    Value(RustType),
}

/// The builder of one call: the type alias `<name><'a, states..>` of the module's generic `Call<'a, P>`, whose `P` is
/// the struct `params::<name>` holding the call's inputs.
#[derive(Debug)]
pub struct Builder {
    /// The alias, and the inputs' struct in `params`.
    pub name: String,
    /// Its type parameters after `'a`: one per required setter, in setter order (the setter's [`Setter::state`]).
    pub states: Vec<String>,
    /// Whether the inputs' struct derives `Clone` (a paginated call is sent again for each page).
    pub clone: bool,
    /// Whether the inputs borrow (a path parameter or body by reference): the struct then has the lifetime `'a`.
    pub borrows: bool,
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
    /// Where the value is: a positional argument (an index into [`ClientOperation::args`]) or a setter's field
    /// (an index into [`ClientOperation::setters`]).
    pub at: BodyAt,
    /// How the value becomes bytes.
    pub encode: Encode,
    /// The `Content-Type` header.
    pub content_type: String,
    /// Whether `null` can be sent (the value is then an `Option`, `None` sending `null`).
    pub nullable: bool,
    /// Whether the value is held by value (a number or a boolean; serialisers then get a reference to it).
    pub by_value: bool,
}

/// Where a request body's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyAt {
    /// A positional argument.
    Arg(usize),
    /// A setter's field (an optional body).
    Setter(usize),
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
    /// Bytes, a file or a stream (`rt::Upload`).
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
    /// The setter of a call that takes it (unless a setter of the call's own parameters has that name).
    pub call_setter: String,
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
