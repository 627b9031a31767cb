//! What the client module decides, computed once before any of it is written: the credentials the client holds,
//! how operations are grouped and named, the servers' constructors, each call's method, builder, setters, path
//! and body, how each status is answered, and the error bodies de-duplicated by type.
//!
//! The pieces: [`call`] (one call: positional arguments, setters, body), [`responses`] (the `match` on the status,
//! success enums, error bodies), [`groups`] (groups and method names) and [`setup`] (credentials, hoisted
//! parameters, response headers, servers).

pub mod call;
pub mod groups;
pub mod responses;
pub mod setup;

pub use call::{Arg, BodyAt, Builder, ClientBody, Encode, Input, PathPart, Setter, Takes};
pub use groups::{strip_tag, Group, Handle};
pub(crate) use responses::sentence;
pub use responses::{Answer, Arm, ClientResponses, ErrorBody, MessagePath, Pattern, SuccessEnum};
pub use setup::{
    style_name, Credential, Hoisted, ResponseHeaders, ServerChoice, ServerItem, ServerUrl, ServerVariable,
};

use super::http::Held;
use super::operation::OperationPlan;
use super::rust_type::{RustType, Types};
use crate::plan::options::ClientOptions;
use oagen_ir::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use oagen_ir::{Api, Encoding};

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
    pub paging: super::pagination::Paging,
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

/// `Client`'s own methods besides the runtime's settings ([`oagen_runtime::names::CLIENT_METHODS`]).
const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_http_client",
    "with_router",
    "from_config",
    "with_token_source",
    "authorize",
    "has",
    "config",
    "config_mut",
];

impl ClientPlan {
    /// Plans the client module of `api`, whose served operations are `operations`; which operations paginate (and
    /// the extensions or options that cannot be honoured) are added to `diagnostics`.
    pub fn new(
        api: &Api,
        types: &Types<'_>,
        operations: &[OperationPlan<'_>],
        options: &ClientOptions,
        diagnostics: &mut Vec<oagen_spec::Diagnostic>,
    ) -> Self {
        let mut reserved: Vec<&str> = RESERVED_TYPE_NAMES.to_vec();
        reserved.extend(MODULE_ITEMS);
        let mut module_names = Namespace::with_reserved(&reserved);
        let (credentials, query_credentials) = setup::credentials(api, operations);
        let mut client_methods = Namespace::with_reserved(CLIENT_METHODS);
        for m in oagen_runtime::names::CLIENT_METHODS {
            client_methods.claim(m);
        }
        for c in &credentials {
            client_methods.claim(&c.setter);
            for setter in c.token_source_setter.iter().chain(c.client_credentials.as_ref().map(|c| &c.0)) {
                client_methods.claim(setter);
            }
        }
        let hoisted = setup::hoisted(types, operations, options, &mut client_methods);
        let (groups, method_names, stream_names) = groups::groups(operations, &mut module_names, &mut client_methods);
        let mut plan = ClientPlan {
            servers: setup::servers(api),
            credentials,
            query_credentials,
            groups,
            operations: Vec::new(),
            errors: Vec::new(),
            raw_response: false,
            multipart: operations.iter().any(|o| {
                o.body.as_ref().is_some_and(|b| b.ir.content.encoding == Encoding::Multipart && b.multipart.is_none())
            }),
            idempotency_header: options.idempotency_header.clone().or_else(|| setup::idempotency_header(operations)),
            hoisted,
        };
        // Builders, success enums and error bodies are named in group order, as the calls are written.
        let mut planned: Vec<Option<ClientOperation>> = operations.iter().map(|_| None).collect();
        let mut error_names = Namespace::with_reserved(&["Empty"]);
        let order: Vec<(usize, bool)> =
            plan.groups.iter().flat_map(|g| g.operations.iter().map(|i| (*i, g.tag.is_some()))).collect();
        let mut header_modules =
            Namespace::with_reserved(&["servers", "types", "multipart", "params", "rt", "std", "core"]);
        for (i, grouped) in order {
            let o = &operations[i];
            let builder = builder_name(&mut module_names, &o.op.name);
            let responses = plan.responses(types, operations, o, &mut module_names, &mut error_names);
            let mut op = plan.operation(types, o, method_names[i].clone(), grouped, builder, responses);
            let handle = plan.groups.iter().find(|g| g.operations.contains(&i)).and_then(|g| g.handle.as_ref());
            let receiver = |method: &str| receiver(handle, method);
            (op.receiver, op.link) = receiver(&op.method);
            let sibling_receiver = stream_names[i].as_deref().map(receiver);
            op.response_headers = setup::response_headers(types, o, &op, &mut header_modules);
            if let Some(name) = &stream_names[i] {
                // The same call answered with events: every success that offers them, as events.
                let events = groups::as_events(types, o);
                let builder = builder_name(&mut module_names, &format!("{}_stream", o.op.name));
                let responses = plan.responses(types, operations, &events, &mut module_names, &mut error_names);
                let mut sibling = plan.operation(types, &events, name.clone(), grouped, builder, responses);
                (sibling.receiver, sibling.link) = sibling_receiver.unwrap_or_default();
                sibling.accept = Some("text/event-stream".to_owned());
                op.events_method = Some(Box::new(sibling));
            }
            planned[i] = Some(op);
        }
        plan.operations = planned.into_iter().flatten().collect();
        diagnostics.extend(plan.paging(types, operations, options));
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

    /// The paginated operations: those detected whose call can be sent again for each page (one JSON success, a
    /// body that can be sent again); and the detection's notes.
    fn paging(
        &mut self,
        types: &Types<'_>,
        operations: &[OperationPlan<'_>],
        options: &ClientOptions,
    ) -> Vec<oagen_spec::Diagnostic> {
        let ops: Vec<&oagen_ir::Operation> = operations.iter().map(|o| o.op).collect();
        let (detected, notes) = super::pagination::detect(types, &ops, options);
        for (op, paging) in self.operations.iter_mut().zip(detected) {
            let Some(paging) = paging else { continue };
            // A form, an upload or a stream is sent once, so such a call cannot be repeated page after page.
            let once = op
                .body
                .as_ref()
                .is_some_and(|b| matches!(b.encode, Encode::Multipart | Encode::TypedMultipart | Encode::Binary));
            let raw = op.responses.ret == RustType::Local("RawResponse".to_owned());
            // An operation answering events as well has its `_stream` already: it is a stream, not a list.
            if op.responses.success_enum.is_some() || raw || once || op.events_method.is_some() {
                continue;
            }
            let start = match &paging.next {
                super::pagination::Next::Offset { index, .. } | super::pagination::Next::Page { index, .. } => op
                    .setters
                    .iter()
                    .find(|s| s.input == Input::Param(*index))
                    .and_then(|s| s.field.as_ref())
                    .map(|(f, _)| f.clone()),
                _ => None,
            };
            op.builder.clone = true;
            op.paging = Some(ClientPaging { paging, start });
        }
        notes
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
        let calls = self.operations.iter().flat_map(ClientOperation::methods).flat_map(|o| o.types()).cloned();
        let errors = self.errors.iter().filter_map(|e| e.read.as_ref().map(Held::ty));
        let headers = self
            .operations
            .iter()
            .filter_map(|o| o.response_headers.as_ref())
            .flat_map(|h| h.fields.iter().map(|(_, _, ty, _)| ty.clone()));
        let hoisted = self.hoisted.iter().map(|h| h.ty.clone());
        let items = self.operations.iter().filter_map(|o| o.paging.as_ref()).map(|p| p.paging.item.clone());
        calls.chain(items).chain(errors).chain(headers).chain(hoisted)
    }
}

/// The request builder of the operation `name`: its type name, or with `Call` after it when a handle or another
/// item of the module has that name (`Search` under the tag `search` is `SearchCall`).
fn builder_name(names: &mut Namespace, name: &str) -> String {
    let base = naming::type_name(name);
    if names.contains(&base) || RESERVED_TYPE_NAMES.contains(&base.as_str()) {
        names.claim_type(&format!("{base}Call"))
    } else {
        names.claim_type(&base)
    }
}

/// How the method `method` of a group's `handle` (or of `Client`) is reached and linked in docs.
fn receiver(handle: Option<&Handle>, method: &str) -> (String, String) {
    match handle {
        Some(h) => (format!("client.{}().{method}", h.accessor), format!("{}::{method}", h.struct_name)),
        None => (format!("client.{method}"), format!("Client::{method}")),
    }
}

/// The argument type of a parameter of type `ty` as a setter of the client takes it, whether it is held by value,
/// and whether it is optional: strings, bytes, lists and structures borrowed, other scalars by value, in `Option`
/// when `null` is allowed or the input may be left out.
fn arg(types: &Types<'_>, ty: oagen_ir::TypeRef, required: bool) -> (RustType, bool, bool) {
    use oagen_ir::{Primitive, TypeKind, TypeRef};
    let space = types.space();
    let (id, _) = space.resolve(ty);
    let nullable = types.admits_null(ty);
    let (inner, by_value) = match &space.get(id).kind {
        TypeKind::Primitive(Primitive::String) => (RustType::STR.borrowed(), false),
        TypeKind::Primitive(Primitive::Bytes) => (RustType::Path("[u8]").borrowed(), false),
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

#[cfg(test)]
mod tests;
