//! What the client module decides, computed once before any of it is written: the credentials the client holds,
//! how operations are grouped and named, the servers' constructors, each call's method, builder, setters, path
//! and body, how each status is answered, and the error bodies de-duplicated by type.
//!
//! The pieces: [`model`] (the plan's data, which the others fill), [`call`] (one call: positional arguments,
//! setters, body), [`responses`] (the `match` on the status, success enums, error bodies), [`groups`] (groups and
//! method names) and [`setup`] (credentials, hoisted parameters, response headers, servers).

pub mod call;
pub mod groups;
pub mod model;
pub mod responses;
pub mod setup;

pub use groups::{strip_tag, Group, Handle};
pub use model::{
    Answer, Arg, Arm, BodyAt, Builder, ClientBody, ClientOperation, ClientPaging, ClientPlan, ClientResponses,
    Credential, Encode, ErrorBody, Hoisted, Input, MessagePath, PathPart, Pattern, ResponseHeaders, ServerChoice,
    ServerItem, ServerUrl, ServerVariable, Setter, SuccessEnum, Takes,
};
pub(crate) use responses::sentence;
pub use setup::style_name;

use super::http::Held;
use super::operation::OperationPlan;
use super::rust_type::{RustType, Types};
use crate::plan::options::ClientOptions;
use model::MODULE_ITEMS;
use oagen_ir::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use oagen_ir::{Api, Encoding};

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

#[cfg(test)]
mod tests;
