//! Cargo features per tag ([`crate::CrateOptions::features_per_tag`], `oagen generate --features-per-tag`): which
//! feature turns each operation on, and under which features every other item of the crate is compiled, decided
//! once here over the IR's reference graph so that the emitters only write a `#[cfg(..)]` next to each item.
//!
//! - Every tag some served operation has is a feature `tag-<kebab-case tag>` (in order of first use; two tags that
//!   kebab alike get `-2`, `-3`..., in that order). Operations without a tag are under `tag-untagged`, named after the
//!   tags (so a tag that is itself called `untagged` keeps its name). An operation with several tags is compiled
//!   when any of their features is on.
//! - A model type is compiled when any operation that reaches it (through parameters, bodies, responses and their
//!   headers, then properties, `additionalProperties`, array items, map values, union members and aliases,
//!   transitively) is; a type no served operation reaches (a component nothing uses, a webhook's or callback's
//!   payload) only with `full`, which turns every tag on.
//! - Everything else that only operations use follows them: a client group's handle and accessor (any of its
//!   operations), an error body (the operations whose documented errors carry it), a security scheme's use on the
//!   wire, a hoisted parameter's setters, the server's credentials enums, routes, dispatchers and request schemas,
//!   and the imports these need. What the crate has whatever the features (the `Client` and its settings, the
//!   trait's `reject`, the router function) is not gated.
//!
//! Without per-tag features every gate is [`Gate::Always`] and the crate is written as it always was.

use super::client::{Answer, ClientPlan};
use super::http::{EventForm, Held};
use super::operation::OperationPlan;
use super::rust_type::{RustType, Types};
use super::server::{Credentials, ServerPlan};
use heck::ToKebabCase;
use oagen_ir::{Api, Encoding, TypeId, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The feature that turns every tag feature on, and under which types no operation reaches are compiled.
pub const FULL: &str = "full";

/// What the untagged operations' feature is named after (`tag-untagged`).
pub const UNTAGGED: &str = "untagged";

/// When an item is compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Gate {
    /// In every build: the crate has no per-tag features.
    #[default]
    Always,
    /// When any of these tag features is on: indexes into [`Features::tags`], ascending and without repeats. Empty:
    /// in no build (what a union of nothing is, [`Gate::NEVER`]).
    Tags(Vec<usize>),
    /// With `full` only: a type no served operation reaches.
    Full,
}

impl Gate {
    /// Compiled in no build: the union of no gates.
    pub const NEVER: Gate = Gate::Tags(Vec::new());

    /// Compiled when either is. `full` turns every tag on, so a gate of some tags already holds it.
    pub fn union(&self, other: &Gate) -> Gate {
        match (self, other) {
            (Gate::Always, _) | (_, Gate::Always) => Gate::Always,
            (Gate::Full, Gate::Full) => Gate::Full,
            (Gate::Full, Gate::Tags(t)) | (Gate::Tags(t), Gate::Full) if t.is_empty() => Gate::Full,
            (Gate::Full, tags @ Gate::Tags(_)) | (tags @ Gate::Tags(_), Gate::Full) => tags.clone(),
            (Gate::Tags(a), Gate::Tags(b)) => {
                let merged: BTreeSet<usize> = a.iter().chain(b).copied().collect();
                Gate::Tags(merged.into_iter().collect())
            }
        }
    }

    /// Compiled when any of `gates` is ([`Gate::NEVER`] for none).
    pub fn any<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Gate {
        gates.into_iter().fold(Gate::NEVER, |acc, g| acc.union(g))
    }
}

/// One tag feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFeature {
    /// The feature, `tag-<kebab-case tag>`.
    pub name: String,
    /// The tag as the spec writes it; `None` for the untagged operations.
    pub tag: Option<String>,
    /// How many served operations it turns on.
    pub operations: usize,
}

/// Under which features each item of the crate is compiled.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Whether the crate has per-tag features (see [`Features::per_tag`]).
    enabled: bool,
    /// The tag features, in order of first use by the served operations, then `tag-untagged`; empty when the crate
    /// has no per-tag features.
    pub tags: Vec<TagFeature>,
    /// Per served operation (in the order of [`super::Plan::operations`]): its client method, request builder,
    /// success enum and response headers, its server trait method, module and route, and its example.
    pub operations: Vec<Gate>,
    /// Any operation: what every operation uses (the server's generic handler).
    pub any_operation: Gate,
    /// Per type of the arena: its model item.
    pub types: Vec<Gate>,
    /// Per type of the arena, reached only through what the server checks ([`OperationPlan::checked_inputs`]): the
    /// server's request schema of the type.
    pub request_types: Vec<Gate>,
    /// Per typed multipart body ([`super::Plan::multipart`]): its struct, and its `IntoForm` and `FromForm`.
    pub multipart: Vec<Gate>,
    /// The items of the client module.
    pub client: ClientGates,
    /// The items of the server module.
    pub server: ServerGates,
    /// The items of the example server.
    pub example: ExampleGates,
}

/// The gates of the client module's items that operations share.
#[derive(Debug, Clone, Default)]
pub struct ClientGates {
    /// Per group ([`ClientPlan::groups`]): its handle and accessor.
    pub groups: Vec<Gate>,
    /// Per operation, its method inside its group's handle: the operation's gate, or [`Gate::Always`] where it is
    /// the group's (the handle is gated already).
    pub methods: Vec<Gate>,
    /// Per error body ([`ClientPlan::errors`]): its `ErrorBody` variant and `message` arm.
    pub errors: Vec<Gate>,
    /// Per credential ([`ClientPlan::credentials`]): its `Scheme` variant and its arms in `authorize` and `has`.
    pub credentials: Vec<Gate>,
    /// Per hoisted parameter ([`ClientPlan::hoisted`]): its setter on the client.
    pub hoisted: Vec<Gate>,
    /// `Client::authorize`, `Client::has` and `Scheme`: the operations that name security alternatives.
    pub authorize: Gate,
    /// `use super::types`: the items that name a model.
    pub types_import: Gate,
    /// `use super::multipart`: the items that name a multipart body.
    pub multipart_import: Gate,
    /// `use std::collections::BTreeMap`: the items that write one.
    pub btree_map_import: Gate,
}

/// The gates of the server module's items that operations share.
#[derive(Debug, Clone, Default)]
pub struct ServerGates {
    /// Per credentials enum ([`ServerPlan::credentials`]): the operations that take it.
    pub credentials: Vec<Gate>,
    /// Per route and per method of it ([`super::server::Route::methods`]): its registration and dispatcher.
    pub routes: Vec<Vec<Gate>>,
    /// The router's fallback for the operations no route can hold.
    pub unrouted: Gate,
    /// Per request schema ([`super::request_schemas::RequestSchemas::statics`]): the request gates of its types.
    pub schemas: Vec<Gate>,
    /// The `schemas` module: with any of its statics.
    pub schema_module: Gate,
    /// `use super::types`: the operation modules that name a model.
    pub types_import: Gate,
    /// `use super::multipart`: the operation modules that receive a typed multipart body.
    pub multipart_import: Gate,
}

/// The gates of the example server's shared items.
#[derive(Debug, Clone, Default)]
pub struct ExampleGates {
    /// The in-memory store and its imports: the operations answered with a JSON body.
    pub store: Gate,
    /// `use <crate>::types`: the operations whose made-up answer names a model.
    pub types_import: Gate,
}

impl Features {
    /// The gates of a crate for `api` with the planned `operations`, `client` and `server`: one feature per tag when
    /// `per_tag`, else every gate [`Gate::Always`].
    pub fn new(
        api: &Api,
        types: &Types<'_>,
        operations: &[OperationPlan<'_>],
        client: Option<&ClientPlan>,
        server: Option<&ServerPlan>,
        per_tag: bool,
    ) -> Features {
        let (tags, op_gates) =
            if per_tag { tag_features(operations) } else { (Vec::new(), vec![Gate::Always; operations.len()]) };
        let any_operation = Gate::any(&op_gates);
        let count = api.types.len();
        let (type_gates, request_types) = if per_tag {
            let all = |o: &OperationPlan<'_>| oagen_ir::operation_uses(o.op);
            let checked = |o: &OperationPlan<'_>| o.checked_inputs().collect();
            (
                reach(api, operations, &op_gates, tags.len(), &all),
                reach(api, operations, &op_gates, tags.len(), &checked),
            )
        } else {
            (vec![Gate::Always; count], vec![Gate::Always; count])
        };
        let mut multipart: Vec<Gate> = Vec::new();
        for (o, gate) in operations.iter().zip(&op_gates) {
            if let Some(b) = o.body.as_ref().and_then(|b| b.multipart) {
                if multipart.len() <= b {
                    multipart.resize(b + 1, Gate::NEVER);
                }
                multipart[b] = multipart[b].union(gate);
            }
        }
        let client = client.map(|c| client_gates(c, &op_gates)).unwrap_or_default();
        let server = server.map(|s| server_gates(s, operations, &op_gates, &request_types)).unwrap_or_default();
        let example = example_gates(types, operations, &op_gates);
        Features {
            enabled: per_tag,
            tags,
            operations: op_gates,
            any_operation,
            types: type_gates,
            request_types,
            multipart,
            client,
            server,
            example,
        }
    }

    /// Whether the crate has per-tag features (it may still have no tag, when it has no operation).
    pub fn per_tag(&self) -> bool {
        self.enabled
    }

    /// The feature of a tag (`None`: of the untagged operations), when the crate has per-tag features.
    pub fn tag_feature(&self, tag: Option<&str>) -> Option<&str> {
        self.tags.iter().find(|t| t.tag.as_deref() == tag).map(|t| t.name.as_str())
    }

    /// The gate of a type's model item.
    pub fn type_gate(&self, id: TypeId) -> &Gate {
        self.types.get(id.0 as usize).unwrap_or(&Gate::Always)
    }

    /// `#[cfg(..)]` for `gate`; nothing for [`Gate::Always`].
    pub fn cfg(&self, gate: &Gate) -> TokenStream {
        match self.predicate(gate) {
            Some(p) => quote!(#[cfg(#p)]),
            None => TokenStream::new(),
        }
    }

    /// `#[cfg(not(..))]` for `gate`: the item compiled where the gated one is not; `None` for [`Gate::Always`].
    pub fn cfg_not(&self, gate: &Gate) -> Option<TokenStream> {
        self.predicate(gate).map(|p| quote!(#[cfg(not(#p))]))
    }

    fn predicate(&self, gate: &Gate) -> Option<TokenStream> {
        match gate {
            Gate::Always => None,
            Gate::Full => Some(quote!(feature = #FULL)),
            Gate::Tags(tags) => {
                let names = tags.iter().map(|i| self.tags[*i].name.as_str());
                match tags.as_slice() {
                    [_] => Some(quote!(#(feature = #names)*)),
                    _ => Some(quote!(any(#(feature = #names),*))),
                }
            }
        }
    }
}

/// The tag features in order of first use (then the untagged operations'), and each operation's gate.
fn tag_features(operations: &[OperationPlan<'_>]) -> (Vec<TagFeature>, Vec<Gate>) {
    let mut tags: Vec<Option<&str>> = Vec::new();
    for o in operations {
        for t in &o.op.tags {
            if !tags.contains(&Some(t.as_str())) {
                tags.push(Some(t.as_str()));
            }
        }
    }
    if operations.iter().any(|o| o.op.tags.is_empty()) {
        tags.push(None);
    }
    let names = feature_names(&tags);
    let gates: Vec<Gate> = operations
        .iter()
        .map(|o| {
            let of = |t: Option<&str>| tags.iter().position(|x| *x == t).unwrap_or_default();
            let mut indexes: Vec<usize> = o.op.tags.iter().map(|t| of(Some(t.as_str()))).collect();
            if indexes.is_empty() {
                indexes.push(of(None));
            }
            indexes.sort_unstable();
            indexes.dedup();
            Gate::Tags(indexes)
        })
        .collect();
    let features = tags
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (tag, name))| TagFeature {
            name,
            tag: tag.map(str::to_owned),
            operations: gates.iter().filter(|g| matches!(g, Gate::Tags(t) if t.contains(&i))).count(),
        })
        .collect();
    (features, gates)
}

/// `tag-<kebab-case>` for each tag (`None`: the untagged operations), unique: a name already taken gets `-2`,
/// `-3`... Only ASCII letters, digits and `-` are kept (a tag of other characters only is `tag-tag`).
pub fn feature_names(tags: &[Option<&str>]) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    tags.iter()
        .map(|tag| {
            let kebab = tag.unwrap_or(UNTAGGED).to_kebab_case();
            let mut base = String::with_capacity(kebab.len());
            for c in kebab.chars() {
                let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' };
                if c != '-' || !(base.is_empty() || base.ends_with('-')) {
                    base.push(c);
                }
            }
            let base = match base.trim_end_matches('-') {
                "" => "tag-tag".to_owned(),
                word => format!("tag-{word}"),
            };
            let name = std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}-{n}")))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or(base);
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// Per type, the union of the gates of the operations that reach it from `roots` (transitively, through every use),
/// [`Gate::Full`] for a type none reaches. The features spread along the uses until nothing changes: each type's set
/// only grows, so the work is bounded by the uses times the features.
fn reach(
    api: &Api,
    operations: &[OperationPlan<'_>],
    op_gates: &[Gate],
    features: usize,
    roots: &dyn Fn(&OperationPlan<'_>) -> Vec<TypeRef>,
) -> Vec<Gate> {
    let space = &api.types;
    let words = features.div_ceil(64).max(1);
    let mut bits = vec![0u64; space.len() * words];
    let mut queued = vec![false; space.len()];
    let mut stack: Vec<usize> = Vec::new();
    let add = |bits: &mut [u64], id: usize, from: &[u64]| {
        let mut grew = false;
        for (have, new) in bits[id * words..(id + 1) * words].iter_mut().zip(from) {
            grew |= *new & !*have != 0;
            *have |= new;
        }
        grew
    };
    for (o, gate) in operations.iter().zip(op_gates) {
        let mut own = vec![0u64; words];
        if let Gate::Tags(tags) = gate {
            for t in tags {
                own[t / 64] |= 1 << (t % 64);
            }
        }
        for r in roots(o) {
            let id = r.id.0 as usize;
            if add(&mut bits, id, &own) && !queued[id] {
                queued[id] = true;
                stack.push(id);
            }
        }
    }
    while let Some(id) = stack.pop() {
        queued[id] = false;
        let from: Vec<u64> = bits[id * words..(id + 1) * words].to_vec();
        for r in oagen_ir::type_uses(&space.get(TypeId(id as u32)).kind) {
            let next = r.id.0 as usize;
            if add(&mut bits, next, &from) && !queued[next] {
                queued[next] = true;
                stack.push(next);
            }
        }
    }
    (0..space.len())
        .map(|id| {
            let set = &bits[id * words..(id + 1) * words];
            let tags: Vec<usize> = (0..features).filter(|t| set[t / 64] & (1 << (t % 64)) != 0).collect();
            if tags.is_empty() {
                Gate::Full
            } else {
                Gate::Tags(tags)
            }
        })
        .collect()
}

fn client_gates(client: &ClientPlan, ops: &[Gate]) -> ClientGates {
    let groups: Vec<Gate> = client.groups.iter().map(|g| Gate::any(g.operations.iter().map(|i| &ops[*i]))).collect();
    // Inside a gated item, what holds its gate needs none of its own.
    let within = |outer: &Gate, inner: &Gate| if outer.union(inner) == *inner { Gate::Always } else { inner.clone() };
    let mut methods = ops.to_vec();
    for (g, gate) in client.groups.iter().zip(&groups) {
        for i in &g.operations {
            methods[*i] = within(gate, &ops[*i]);
        }
    }
    let empty = client.errors.iter().position(|e| e.read.is_none());
    let mut errors = vec![Gate::NEVER; client.errors.len()];
    let mut credentials = vec![Gate::NEVER; client.credentials.len()];
    let mut hoisted = vec![Gate::NEVER; client.hoisted.len()];
    let mut authorize = Gate::NEVER;
    let mut imports = Imports::default();
    for (c, gate) in client.operations.iter().zip(ops) {
        // The operation's method and its `_stream` sibling, when it has one.
        for m in c.methods() {
            for arm in &m.responses.arms {
                let body = match &arm.answer {
                    Answer::Failure { body, .. } => *body,
                    Answer::FailureWithoutBody => empty,
                    _ => None,
                };
                if let Some(e) = body.filter(|e| *e < errors.len()) {
                    errors[e] = errors[e].union(gate);
                }
            }
            imports.note(m.types(), gate);
        }
        if !c.security.is_empty() {
            authorize = authorize.union(gate);
        }
        for (i, credential) in client.credentials.iter().enumerate() {
            if c.security.iter().flatten().any(|v| *v == credential.variant) {
                credentials[i] = credentials[i].union(gate);
            }
        }
        for (h, _) in &c.hoisted {
            if let Some(slot) = hoisted.get_mut(*h) {
                *slot = slot.union(gate);
            }
        }
        let mut written: Vec<&RustType> = Vec::new();
        if let Some(h) = &c.response_headers {
            written.extend(h.fields.iter().map(|(_, _, t, _)| t));
        }
        if let Some(p) = &c.paging {
            written.push(&p.paging.item);
        }
        imports.note(written, gate);
    }
    for (e, gate) in client.errors.iter().zip(&errors) {
        if let Some(read) = &e.read {
            imports.note([&read.ty()], gate);
        }
    }
    for (h, gate) in client.hoisted.iter().zip(&hoisted) {
        imports.note([&h.ty], gate);
    }
    ClientGates {
        groups,
        methods,
        errors,
        credentials,
        hoisted,
        authorize,
        types_import: imports.types,
        multipart_import: imports.multipart,
        btree_map_import: imports.btree_map,
    }
}

/// The gates of a module's imports, from the types its items write.
struct Imports {
    types: Gate,
    multipart: Gate,
    btree_map: Gate,
}

impl Default for Imports {
    fn default() -> Self {
        Imports { types: Gate::NEVER, multipart: Gate::NEVER, btree_map: Gate::NEVER }
    }
}

impl Imports {
    /// Adds `gate` to the import of `types` when one of `written` names a model, of `multipart` when one names a
    /// multipart body, and of `BTreeMap` when one writes a map.
    fn note<'t>(&mut self, written: impl IntoIterator<Item = &'t RustType>, gate: &Gate) {
        for t in written {
            for (uses, import) in [
                (t.names_model(), &mut self.types),
                (t.names_multipart(), &mut self.multipart),
                (t.uses_btree_map(), &mut self.btree_map),
            ] {
                if uses {
                    *import = import.union(gate);
                }
            }
        }
    }
}

fn server_gates(server: &ServerPlan, operations: &[OperationPlan<'_>], ops: &[Gate], requests: &[Gate]) -> ServerGates {
    let mut credentials = vec![Gate::NEVER; server.credentials.len()];
    for (chosen, gate) in server.operation_credentials.iter().zip(ops) {
        if let Credentials::Choice(e) = chosen {
            if let Some(slot) = credentials.get_mut(*e) {
                *slot = slot.union(gate);
            }
        }
    }
    let of = |list: &[usize]| Gate::any(list.iter().map(|i| &ops[*i]));
    let routes = server.routing.routes.iter().map(|r| r.methods.iter().map(|m| of(&m.operations)).collect()).collect();
    let types_import = Gate::any(operations.iter().zip(ops).filter(|(o, _)| o.names_model()).map(|(_, gate)| gate));
    let typed_multipart = |o: &OperationPlan<'_>| o.body.as_ref().is_some_and(|b| b.multipart.is_some());
    let multipart_import =
        Gate::any(operations.iter().zip(ops).filter(|(o, _)| typed_multipart(o)).map(|(_, gate)| gate));
    let request = |id: &TypeId| requests.get(id.0 as usize).unwrap_or(&Gate::Always);
    let schemas: Vec<Gate> = server.schemas.statics.iter().map(|s| Gate::any(s.members.iter().map(request))).collect();
    let (unrouted, schema_module) = (of(&server.routing.unrouted), Gate::any(&schemas));
    ServerGates { credentials, routes, unrouted, types_import, multipart_import, schemas, schema_module }
}

fn example_gates(types: &Types<'_>, operations: &[OperationPlan<'_>], ops: &[Gate]) -> ExampleGates {
    let answered = || operations.iter().zip(ops).filter_map(|(o, gate)| Some((example_value(o)?, gate)));
    ExampleGates {
        store: Gate::any(answered().filter(|((_, stored), _)| *stored).map(|(_, gate)| gate)),
        types_import: Gate::any(answered().filter(|((ty, _), _)| example_names_model(types, *ty)).map(|(_, g)| g)),
    }
}

/// The type of the value the example server makes up for an operation's answer, and whether it answers it from its
/// store: a JSON body (stored), or the JSON data of an event stream's one event (not stored); `None` for answers
/// without a made-up value (no body, text, bytes).
pub fn example_value(o: &OperationPlan<'_>) -> Option<(TypeRef, bool)> {
    let planned = o.example_response()?;
    let content = planned.ir.content.as_ref()?;
    match content.encoding {
        Encoding::Json => Some((content.ty, true)),
        Encoding::EventStream => match planned.held {
            Some(Held::Events { form: EventForm::Json | EventForm::Frame, .. }) => Some((content.ty, false)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the example server's made-up value of a response body of type `r` names a model (`types::Pet { .. }`):
/// a use that is not null, resolved through aliases to a struct, enum or union.
pub fn example_names_model(types: &Types<'_>, r: TypeRef) -> bool {
    let space = types.space();
    let (id, _) = space.resolve(r);
    let written = !r.nullable || types.is_any(r);
    written && matches!(space.get(id).kind, TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;
    use crate::plan::{Parts, PlanOptions};

    fn api(yaml: &str) -> Api {
        let source = oagen_spec::Source::new("spec.yaml", yaml);
        let spec = oagen_spec::load(&source).0.expect("an OpenAPI document");
        oagen_ir::build(&spec, &mut oagen_spec::Diagnostics::new())
    }

    /// The gate of the named model, as feature names (`["full"]` for `full` alone).
    fn type_features(plan: &Plan<'_>, gates: &[Gate], name: &str) -> Vec<String> {
        let (id, _) = plan.api.types.named().find(|(_, d)| d.name.as_deref() == Some(name)).expect(name);
        names(plan, &gates[id.0 as usize])
    }

    fn names(plan: &Plan<'_>, gate: &Gate) -> Vec<String> {
        match gate {
            Gate::Always => vec!["always".to_owned()],
            Gate::Full => vec![FULL.to_owned()],
            Gate::Tags(tags) => tags.iter().map(|i| plan.features.tags[*i].name.clone()).collect(),
        }
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}
  schemas:
    Pet:
      allOf:
        - {$ref: '#/components/schemas/Named'}
        - type: object
          properties:
            owners: {type: array, items: {$ref: '#/components/schemas/Owner'}}
    Named: {type: object, properties: {name: {type: string}}}
    Owner: {type: object, properties: {address: {$ref: '#/components/schemas/Address'}}}
    Address:
      oneOf:
        - {$ref: '#/components/schemas/Street'}
        - {type: string}
    Street: {type: object, properties: {line: {type: string}}}
    Toy: {type: object, properties: {squeaks: {type: boolean}}}
    Problem: {type: object, required: [message], properties: {message: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
paths:
  /pets:
    get:
      tags: [pets]
      operationId: list_pets
      security: [{key: []}]
      parameters:
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}
        '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /owners:
    post:
      tags: [Owner Admin]
      operationId: add_owner
      security: [{basic: []}]
      parameters:
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}
      responses:
        '204': {description: done}
  /toys:
    get:
      tags: [pets, Owner Admin]
      operationId: toys
      parameters:
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, additionalProperties: {$ref: '#/components/schemas/Toy'}}}}}
        '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /ping:
    get:
      operationId: ping
      parameters:
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
      responses:
        '204': {description: pong}
"#;

    #[test]
    fn every_tag_is_a_feature_in_order_of_first_use_then_the_untagged_operations() {
        let api = api(SPEC);
        let plan = Plan::new(&api, &PlanOptions { features_per_tag: true, ..PlanOptions::new("t", Parts::ALL) }).0;
        let tags: Vec<(&str, Option<&str>, usize)> =
            plan.features.tags.iter().map(|t| (t.name.as_str(), t.tag.as_deref(), t.operations)).collect();
        assert_eq!(
            tags,
            [("tag-pets", Some("pets"), 2), ("tag-owner-admin", Some("Owner Admin"), 2), ("tag-untagged", None, 1)]
        );
        let ops: Vec<Vec<String>> = plan.features.operations.iter().map(|g| names(&plan, g)).collect();
        assert_eq!(
            ops,
            [vec!["tag-pets"], vec!["tag-owner-admin"], vec!["tag-pets", "tag-owner-admin"], vec!["tag-untagged"]]
        );
    }

    #[test]
    fn a_type_is_compiled_with_the_operations_that_reach_it() {
        let api = api(SPEC);
        let plan = Plan::new(&api, &PlanOptions { features_per_tag: true, ..PlanOptions::new("t", Parts::ALL) }).0;
        let types = &plan.features.types;
        // Through a response's array, `allOf` (merged), an array property, a union member.
        assert_eq!(type_features(&plan, types, "Pet"), ["tag-pets"]);
        assert_eq!(type_features(&plan, types, "Owner"), ["tag-pets", "tag-owner-admin"]);
        assert_eq!(type_features(&plan, types, "Address"), ["tag-pets", "tag-owner-admin"]);
        assert_eq!(type_features(&plan, types, "Street"), ["tag-pets", "tag-owner-admin"]);
        // A map's values; an operation with two tags.
        assert_eq!(type_features(&plan, types, "Toy"), ["tag-pets", "tag-owner-admin"]);
        assert_eq!(type_features(&plan, types, "Problem"), ["tag-pets", "tag-owner-admin"]);
        // `Named` is merged into `Pet`, but still a component of its own that no operation uses.
        assert_eq!(type_features(&plan, types, "Named"), [FULL]);
        assert_eq!(type_features(&plan, types, "Unused"), [FULL]);
        // What the server checks: request bodies and parameters only.
        let requests = &plan.features.request_types;
        assert_eq!(type_features(&plan, requests, "Owner"), ["tag-owner-admin"]);
        assert_eq!(type_features(&plan, requests, "Street"), ["tag-owner-admin"]);
        assert_eq!(type_features(&plan, requests, "Pet"), [FULL]);
    }

    #[test]
    fn shared_client_items_follow_the_operations_that_use_them() {
        let api = api(SPEC);
        let plan = Plan::new(&api, &PlanOptions { features_per_tag: true, ..PlanOptions::new("t", Parts::ALL) }).0;
        let client = plan.client.as_ref().expect("a client");
        let gates = &plan.features.client;
        let group = |tag: Option<&str>| {
            let i = client.groups.iter().position(|g| g.tag.as_deref() == tag).expect("group");
            names(&plan, &gates.groups[i])
        };
        // `toys` is in the group of its first tag, which the features of both its tags turn on.
        assert_eq!(group(Some("pets")), ["tag-pets", "tag-owner-admin"]);
        assert_eq!(group(Some("Owner Admin")), ["tag-owner-admin"]);
        assert_eq!(group(None), ["tag-untagged"]);
        let error = |name: &str| {
            let i = client.errors.iter().position(|e| e.name == name).expect(name);
            names(&plan, &gates.errors[i])
        };
        assert_eq!(error("Problem"), ["tag-pets", "tag-owner-admin"]);
        let credential = |key: &str| {
            let i = client.credentials.iter().position(|c| c.key == key).expect(key);
            names(&plan, &gates.credentials[i])
        };
        assert_eq!(credential("key"), ["tag-pets"]);
        assert_eq!(credential("basic"), ["tag-owner-admin"]);
        assert_eq!(names(&plan, &gates.authorize), ["tag-pets", "tag-owner-admin"]);
        // The header every operation takes is set on the client, for any of them.
        assert_eq!(client.hoisted.len(), 1);
        assert_eq!(names(&plan, &gates.hoisted[0]), ["tag-pets", "tag-owner-admin", "tag-untagged"]);
        assert_eq!(names(&plan, &gates.types_import), ["tag-pets", "tag-owner-admin"]);
        assert_eq!(names(&plan, &plan.features.any_operation), ["tag-pets", "tag-owner-admin", "tag-untagged"]);
    }

    #[test]
    fn without_per_tag_features_everything_is_always_compiled() {
        let api = api(SPEC);
        let plan = Plan::new(&api, &PlanOptions { features_per_tag: false, ..PlanOptions::new("t", Parts::ALL) }).0;
        let f = &plan.features;
        assert!(!f.per_tag() && f.tags.is_empty());
        let all = f.operations.iter().chain(&f.types).chain(&f.request_types).chain(&f.client.groups);
        assert!(all.chain(&f.client.errors).chain([&f.client.authorize, &f.example.store]).all(|g| *g == Gate::Always));
        assert!(f.cfg(&f.any_operation).is_empty());
    }

    #[test]
    fn gates_render_as_cfg_attributes() {
        let api = api(SPEC);
        let plan = Plan::new(&api, &PlanOptions { features_per_tag: true, ..PlanOptions::new("t", Parts::ALL) }).0;
        let f = &plan.features;
        assert_eq!(f.cfg(&Gate::Tags(vec![0])).to_string(), quote!(#[cfg(feature = "tag-pets")]).to_string());
        assert_eq!(
            f.cfg(&Gate::Tags(vec![0, 2])).to_string(),
            quote!(#[cfg(any(feature = "tag-pets", feature = "tag-untagged"))]).to_string()
        );
        assert_eq!(f.cfg(&Gate::Full).to_string(), quote!(#[cfg(feature = "full")]).to_string());
        assert_eq!(
            f.cfg_not(&Gate::Tags(vec![1])).map(|t| t.to_string()),
            Some(quote!(#[cfg(not(feature = "tag-owner-admin"))]).to_string())
        );
        assert!(f.cfg(&Gate::Always).is_empty() && f.cfg_not(&Gate::Always).is_none());
    }

    #[test]
    fn unions_of_gates() {
        let tags = |t: &[usize]| Gate::Tags(t.to_vec());
        assert_eq!(tags(&[2, 0]).union(&tags(&[1, 2])), tags(&[0, 1, 2]));
        assert_eq!(Gate::Always.union(&tags(&[1])), Gate::Always);
        // `full` turns every tag on: some tags already hold it; no tag does not.
        assert_eq!(Gate::Full.union(&tags(&[1])), tags(&[1]));
        assert_eq!(Gate::NEVER.union(&Gate::Full), Gate::Full);
        assert_eq!(Gate::any([&tags(&[3]), &Gate::NEVER, &tags(&[0])]), tags(&[0, 3]));
        assert_eq!(Gate::any([]), Gate::NEVER);
    }

    #[test]
    fn feature_names_are_kebab_case_and_unique() {
        let names = feature_names(&[
            Some("Pet Store"),
            Some("pet-store"),
            Some("petStore"),
            Some("untagged"),
            Some("OAuth2 apps"),
            Some("Ünïcode ünly"),
            Some("日本"),
            Some("  "),
            None,
        ]);
        assert_eq!(
            names,
            [
                "tag-pet-store",
                "tag-pet-store-2",
                "tag-pet-store-3",
                "tag-untagged",
                "tag-o-auth2-apps",
                "tag-n-code-nly",
                "tag-tag",
                "tag-tag-2",
                "tag-untagged-2",
            ]
        );
    }
}
