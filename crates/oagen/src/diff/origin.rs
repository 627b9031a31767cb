//! Where in the spec each item of the surface comes from: a JSON pointer per item path, from the IR and the plan
//! (which know every name the emitters write and the schema, property, operation, parameter or response it stands
//! for), and the pointer's file, line and column.

use crate::Options;
use oagen_ir::TypeKind;
use oagen_spec::{Location, Mounted, Pointer, Source};
use std::collections::{BTreeSet, HashMap};

/// The spec locations of one side's items, and what is needed to find their lines.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    /// Item path → pointer into the (bundled) spec.
    map: HashMap<String, Pointer>,
    /// The top-level modules' own pointers (their docs), which are not the place of their items.
    modules: HashMap<String, Pointer>,
    /// The API's `title version`, as the generated docs write it.
    pub label: Option<String>,
    /// The documents the spec's `$ref`s reached, mounted under `/x-oagen-files/`.
    documents: Vec<Mounted>,
    /// The model types (`types::Name`) that an operation's parameters or request body reach: what a caller sends.
    pub requests: BTreeSet<String>,
}

/// A place in a spec: the file, the pointer in it, and its line and column when found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file (the spec as its [`Source`] names it, or a document one of its `$ref`s reached).
    pub file: String,
    /// The JSON pointer in that file (the root pointer, `""`, for the document as a whole).
    pub pointer: Pointer,
    /// Its line and column (of the key the pointer names, or of its nearest ancestor found).
    pub location: Option<Location>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.pointer.as_str().is_empty() {
            write!(f, ":{}", self.pointer.as_str())?;
        }
        if let Some(loc) = self.location {
            write!(f, " (line {}, column {})", loc.line, loc.column)?;
        }
        Ok(())
    }
}

impl Origins {
    /// Reads `source` as [`crate::generate`] would (loaded, lowered, planned with `options.plan`, nothing emitted)
    /// and maps every item path the plan names to where it is defined. A document that is not OpenAPI 3 has none.
    pub fn read(source: &Source, options: &Options) -> Origins {
        let load = oagen_spec::LoadOptions { allow_remote: options.allow_remote_refs, fetch: options.fetch.clone() };
        let loaded = oagen_spec::load_unlocated(source, &load);
        let Some(spec) = &loaded.spec else { return Origins { documents: loaded.documents, ..Origins::default() } };
        let mut diags = oagen_spec::Diagnostics::new();
        let api = oagen_ir::build(spec, &mut diags);
        let (plan, _) = oagen_rust::plan::Plan::new(&api, &options.plan);
        let mut mapping = Mapping::default();
        mapping.types(&api, &spec.root);
        mapping.multipart(&api, &plan);
        mapping.server(&plan);
        if let Some(client) = &plan.client {
            mapping.client(&plan, client);
        }
        mapping.features(&api, &plan, &spec.root);
        // The crate's and the modules' docs: the API's title, version and description (for these items only, not
        // as the place of what is inside the modules).
        let info = Pointer::root().push("info");
        let modules = ["crate", "types", "client", "server", "multipart"].map(|m| (m.to_owned(), info.clone()));
        Origins {
            map: mapping.map,
            modules: modules.into_iter().collect(),
            label: Some(format!("{} {}", api.title, api.version)),
            documents: loaded.documents,
            requests: request_types(&api),
        }
    }

    /// The pointer of the item at `path`: its own, else its nearest ancestor's that has one (a setter's call, a
    /// variant's enum), else the document's root.
    pub fn pointer(&self, path: &str) -> Pointer {
        if let Some(p) = self.modules.get(path) {
            return p.clone();
        }
        let mut at = path;
        loop {
            if let Some(p) = self.map.get(at) {
                return p.clone();
            }
            match at.rsplit_once("::") {
                Some((parent, _)) => at = parent,
                None => return Pointer::root(),
            }
        }
    }

    /// Finds `pointer` in `source` or the document a `$ref` of it reached: the file, the pointer in it and its line.
    pub fn place<'a>(&'a self, source: &'a Source, pointer: &Pointer, locators: &mut Locators<'a>) -> Place {
        for (i, m) in self.documents.iter().enumerate() {
            let prefix = m.prefix();
            let p = pointer.as_str();
            if let Some(rest) = p.strip_prefix(prefix.as_str()).filter(|r| r.is_empty() || r.starts_with('/')) {
                let pointer = Pointer::from_escaped(rest);
                let location = locators.get(i + 1, &m.source).find(&pointer);
                return Place { file: m.source.name.clone(), pointer, location };
            }
        }
        let location = locators.get(0, source).find(pointer);
        Place { file: source.name.clone(), pointer: pointer.clone(), location }
    }

    /// The documents besides the spec whose lines may be looked up (for [`Locators`]).
    pub fn documents(&self) -> usize {
        self.documents.len()
    }
}

/// Item paths mapped to pointers as the plan names them; the first pointer given for a path is kept.
#[derive(Default)]
struct Mapping {
    map: HashMap<String, Pointer>,
}

impl Mapping {
    fn at(&mut self, path: String, pointer: &Pointer) {
        self.map.entry(path).or_insert_with(|| pointer.clone());
    }

    /// The models: each named type's schema, its properties, its enum values (`.../enum/<index>`).
    fn types(&mut self, api: &oagen_ir::Api, root: &serde_json::Value) {
        for (_, def) in api.types.named() {
            let Some(name) = &def.name else { continue };
            let ty = format!("types::{name}");
            self.at(ty.clone(), &def.pointer);
            match &def.kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        self.at(format!("{ty}::{}", f.name), &f.pointer);
                    }
                    if let Some(rest) = s.rest_field() {
                        self.at(format!("{ty}::{rest}"), &def.pointer.push("additionalProperties"));
                    }
                }
                TypeKind::Enum(e) => {
                    let values = def.pointer.push("enum");
                    let listed = values.resolve(root).and_then(|v| v.as_array());
                    for v in &e.values {
                        let index = listed.and_then(|l| {
                            l.iter().position(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned) == v.wire)
                        });
                        let pointer = index.map_or_else(|| def.pointer.clone(), |i| values.index(i));
                        self.at(format!("{ty}::{}", v.name), &pointer);
                    }
                }
                _ => {}
            }
        }
    }

    /// The typed multipart bodies and their fields.
    fn multipart(&mut self, api: &oagen_ir::Api, plan: &oagen_rust::plan::Plan<'_>) {
        for body in &plan.multipart {
            let ty = format!("multipart::{}", body.name);
            self.at(ty.clone(), &api.types.get(body.ty.id).pointer);
            for f in &body.fields {
                self.at(format!("{ty}::{}", f.ir.name), &f.ir.pointer);
            }
        }
    }

    /// The server: each operation's trait method and module, its request's fields, its responses.
    fn server(&mut self, plan: &oagen_rust::plan::Plan<'_>) {
        for o in &plan.operations {
            let op = o.op;
            let module = format!("server::{}", o.module);
            self.at(format!("server::Api::{}", o.trait_method), &op.pointer);
            self.at(module.clone(), &op.pointer);
            for p in &o.params {
                self.at(format!("{module}::Request::{}", p.field), &p.ir.pointer);
            }
            if let Some(body) = &op.body {
                self.at(format!("{module}::Request::body"), &body.pointer);
            }
            self.at(format!("{module}::Request"), &op.pointer);
            for r in &o.responses {
                self.at(format!("{module}::Response::{}", r.variant), &r.ir.pointer);
                if let Some(events) = &r.events_variant {
                    self.at(format!("{module}::Response::{events}"), &r.ir.pointer);
                }
            }
            self.at(format!("{module}::Response"), &op.pointer.push("responses"));
        }
    }

    /// The client: each call's method, type and setters, its success enum and headers, its error bodies; the
    /// groups' handles, the hoisted parameters' and the credentials' setters, the servers.
    fn client(&mut self, plan: &oagen_rust::plan::Plan<'_>, client: &oagen_rust::plan::ClientPlan) {
        use oagen_rust::plan::client::{Answer, Input};
        // The client's operations are the plan's, in the same order.
        for (co, o) in client.operations.iter().zip(&plan.operations) {
            let op = o.op;
            for call in co.methods() {
                let builder = format!("client::{}", call.builder.name);
                self.at(format!("client::{}", call.link), &op.pointer);
                for setter in &call.setters {
                    let pointer = match setter.input {
                        Input::Param(i) => op.parameters.get(i).map(|p| &p.pointer),
                        Input::Body => op.body.as_ref().map(|b| &b.pointer),
                        Input::Hoisted(h) => client
                            .hoisted
                            .get(h)
                            .and_then(|h| op.parameters.iter().find(|p| p.wire_name == h.wire))
                            .map(|p| &p.pointer),
                    };
                    self.at(format!("{builder}::{}", setter.name), pointer.unwrap_or(&op.pointer));
                }
                self.at(builder, &op.pointer);
                if let Some(e) = &call.responses.success_enum {
                    self.at(format!("client::{}", e.name), &op.pointer.push("responses"));
                }
                if let Some(h) = &call.response_headers {
                    self.at(format!("client::{}", h.module), &op.pointer.push("responses"));
                }
            }
            // Each error body's variant: the first response that documents it.
            for arm in &co.responses.arms {
                let Answer::Failure { body: Some(index), .. } = arm.answer else { continue };
                let (Some(body), Some(pattern)) = (client.errors.get(index), arm.patterns.first()) else { continue };
                if let Some(r) = o.responses.iter().find(|r| answers(*pattern, r.ir.status)) {
                    self.at(format!("client::ErrorBody::{}", body.name), &r.ir.pointer);
                }
            }
        }
        for group in &client.groups {
            let (Some(handle), Some(&first)) = (&group.handle, group.operations.first()) else { continue };
            let Some(o) = plan.operations.get(first) else { continue };
            self.at(format!("client::{}", handle.struct_name), &o.op.pointer);
            self.at(format!("client::Client::{}", handle.accessor), &o.op.pointer);
        }
        for h in &client.hoisted {
            let param = plan.operations.iter().flat_map(|o| &o.op.parameters).find(|p| p.wire_name == h.wire);
            if let Some(p) = param {
                self.at(format!("client::Client::{}", h.client_setter), &p.pointer);
            }
        }
        for c in &client.credentials {
            let scheme = Pointer::root().push("components").push("securitySchemes").push(&c.key);
            self.at(format!("client::Client::{}", c.setter), &scheme);
        }
        self.at("client::servers".to_owned(), &Pointer::root().push("servers"));
    }

    /// The tag features: the tag's entry in `tags`, else the first operation with the tag.
    fn features(&mut self, api: &oagen_ir::Api, plan: &oagen_rust::plan::Plan<'_>, root: &serde_json::Value) {
        for tag in &plan.features.tags {
            let listed = root.get("tags").and_then(|t| t.as_array()).and_then(|tags| {
                tags.iter()
                    .position(|t| tag.tag.is_some() && t.get("name").and_then(|n| n.as_str()) == tag.tag.as_deref())
            });
            let pointer = match listed {
                Some(i) => Some(Pointer::root().push("tags").index(i)),
                None => {
                    api.operations.iter().find(|op| op.tags.first() == tag.tag.as_ref()).map(|op| op.pointer.clone())
                }
            };
            if let Some(pointer) = pointer {
                self.at(format!("features::{}", tag.name), &pointer);
            }
        }
    }
}

/// The named model types reachable from the parameters and request bodies of the served operations (webhooks, which
/// the API sends, left out), through every use (fields, items, values, members, aliases).
fn request_types(api: &oagen_ir::Api) -> BTreeSet<String> {
    let mut seen = vec![false; api.types.len()];
    let mut stack: Vec<oagen_ir::TypeId> = api
        .operations
        .iter()
        .filter(|o| !o.webhook)
        .flat_map(|o| o.parameters.iter().map(|p| p.ty.id).chain(o.body.iter().map(|b| b.content.ty.id)))
        .collect();
    let mut out = BTreeSet::new();
    while let Some(id) = stack.pop() {
        match seen.get_mut(id.0 as usize) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        let def = api.types.get(id);
        if let Some(name) = &def.name {
            out.insert(format!("types::{name}"));
        }
        stack.extend(oagen_ir::type_uses(&def.kind).into_iter().map(|r| r.id));
    }
    out
}

/// Whether an arm's status pattern answers a response documented for `status` (its first status: a run of codes by
/// its first).
fn answers(pattern: oagen_rust::plan::client::Pattern, status: oagen_spec::StatusCode) -> bool {
    use oagen_rust::plan::client::Pattern;
    use oagen_spec::StatusCode;
    match (pattern, status) {
        (Pattern::Code(c) | Pattern::Codes(c, _), StatusCode::Code(s)) => c == s,
        (Pattern::Class(c), StatusCode::Range(r)) => c == r,
        (Pattern::Rest, StatusCode::Default) => true,
        _ => false,
    }
}

/// One locator per document of a side, made when first needed (a locator shares its scans between lookups).
pub(crate) struct Locators<'a> {
    made: Vec<Option<oagen_spec::locate::Locator<'a>>>,
}

impl<'a> Locators<'a> {
    /// Room for the spec and `documents` others.
    pub fn new(documents: usize) -> Self {
        Locators { made: (0..=documents).map(|_| None).collect() }
    }

    fn get(&mut self, index: usize, source: &'a Source) -> &oagen_spec::locate::Locator<'a> {
        if index >= self.made.len() {
            self.made.resize_with(index + 1, || None);
        }
        self.made[index].get_or_insert_with(|| oagen_spec::locate::Locator::new(source))
    }
}
