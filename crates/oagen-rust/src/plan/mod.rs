//! The analysis stage between the IR and the emitters: everything the client, server and example emitters decide
//! (names, argument and field types, path templates, body encodings, how each status is answered, error bodies,
//! credentials, routes) is computed here once, as typed values, before a token is written. The emitters are
//! functions from a [`Plan`] to tokens; none of them decides anything by reading tokens back.
//!
//! A plan holds no tokens (they cannot cross threads); its names are final strings and its types [`RustType`]
//! values, so one plan is shared by the emitters running on every core.

pub mod client;
pub mod features;
pub mod http;
pub mod member_shape;
pub mod multipart;
pub mod operation;
pub mod options;
pub mod pagination;
pub mod request_schemas;
pub mod rust_type;
pub mod server;
pub mod server_operation;

pub use client::ClientPlan;
pub use features::{Features, Gate};
pub use member_shape::MemberShape;
pub use operation::OperationPlan;
pub use rust_type::{RustType, Types};
pub use server::ServerPlan;

pub use options::{ClientOptions, Parts, PlanOptions};

use oagen_ir::Api;
use oagen_spec::Diagnostic;

/// Everything the emitters of one crate decide.
#[derive(Debug)]
pub struct Plan<'a> {
    /// The API.
    pub api: &'a Api,
    /// The package name.
    pub crate_name: String,
    /// The library name, as Rust paths in examples and docs write it.
    pub lib_name: String,
    /// The name of the example server's target (`cargo run --example <name>`, examples/server.rs): the package's
    /// name and `-server`, so that crates of one workspace do not build examples of the same file name (which
    /// cargo warns of, and may refuse).
    pub server_example: String,
    /// Types as the modules beside the models write them.
    pub types: Types<'a>,
    /// The served operations (webhooks left out), in document order.
    pub operations: Vec<OperationPlan<'a>>,
    /// The typed multipart bodies (structs of the `multipart` module), when the crate has a client or a server.
    pub multipart: Vec<multipart::MultipartPlan<'a>>,
    /// The client module, when the crate has one.
    pub client: Option<ClientPlan>,
    /// The server module, when the crate has one.
    pub server: Option<ServerPlan>,
    /// Whether a model type or field is deprecated ([`names_deprecated_types`]).
    pub deprecated_types: bool,
    /// Under which Cargo features each item is compiled ([`PlanOptions::features_per_tag`]); without per-tag
    /// features every gate is [`Gate::Always`].
    pub features: Features,
    /// Whether each call's example in its docs is a `no_run` doctest (compiled by `cargo test --doc`); else it is
    /// `ignore`d: with per-tag features a doctest needs the call's tag, and a large API would make thousands of them
    /// ([`DOCTESTED_OPERATIONS`]).
    pub doctests: bool,
    /// Whether a served operation or one of its parameters is deprecated: the server's router calls the deprecated
    /// trait method and fills the deprecated request field, which is the spec's business too (an implementer gets
    /// the warning where their code uses them).
    pub deprecated_operations: bool,
}

/// The most operations whose calls' examples are doctests: beyond it, `cargo test` of a workspace holding the crate
/// would compile a doctest per call (a minute for every hundred).
pub const DOCTESTED_OPERATIONS: usize = 100;

/// Whether a model type or field of `api` is deprecated. The modules that name the models then allow the
/// `deprecated` lint: the crate using its own deprecated types (a deprecated operation's response) is the spec's
/// business, and users still get the warning where their code uses them.
pub fn names_deprecated_types(api: &Api) -> bool {
    api.types.named().any(|(_, def)| {
        def.docs.deprecated
            || matches!(&def.kind, oagen_ir::TypeKind::Struct(s) if s.fields.iter().any(|f| f.docs.deprecated))
    })
}

/// Plans made by this process so far ([`Plan::new`] counts itself): what a test of the pipeline reads to check that a
/// generation plans its crate once.
static PLANS_MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many plans this process has made ([`Plan::new`] calls).
pub fn plans_made() -> usize {
    PLANS_MADE.load(std::sync::atomic::Ordering::Relaxed)
}

impl<'a> Plan<'a> {
    /// Plans the crate `options` describe for `api`, once per generation: everything the emitters write, and what
    /// the planning found worth saying (which operations paginate, the multipart bodies left untyped).
    pub fn new(api: &'a Api, options: &PlanOptions) -> (Self, Vec<Diagnostic>) {
        PLANS_MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let parts = options.parts;
        let crate_name = crate::crate_name::package_name(&options.crate_name);
        let mut diagnostics = Vec::new();
        let types = Types::outside(&api.types);
        let mut names = operation::ServerNames::default();
        let mut multiparts = if parts.client || parts.server { multipart::plan(api) } else { Default::default() };
        diagnostics.append(&mut multiparts.diagnostics);
        let operations: Vec<OperationPlan<'a>> = api
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| !op.webhook)
            .map(|(i, op)| {
                let body = multiparts.by_operation.get(i).copied().flatten();
                let body = body.map(|b| (b, multiparts.bodies[b].name.as_str()));
                OperationPlan::new(&types, op, &mut names, body)
            })
            .collect();
        let client = parts.client.then(|| ClientPlan::new(api, &types, &operations, &options.client, &mut diagnostics));
        let server = parts.server.then(|| ServerPlan::new(api, &operations));
        let deprecated_operations =
            operations.iter().any(|o| o.op.deprecated || o.op.parameters.iter().any(|p| p.deprecated));
        let per_tag = options.features_per_tag;
        let features = Features::new(api, &types, &operations, client.as_ref(), server.as_ref(), per_tag);
        let doctests = !per_tag && operations.len() <= DOCTESTED_OPERATIONS;
        let plan = Plan {
            api,
            lib_name: crate::crate_name::lib_name(&crate_name),
            server_example: format!("{crate_name}-server"),
            crate_name,
            types,
            operations,
            multipart: multiparts.bodies,
            client,
            server,
            deprecated_types: names_deprecated_types(api),
            deprecated_operations,
            doctests,
            features,
        };
        (plan, diagnostics)
    }

    /// `#[cfg(..)]` for `gate` (nothing without per-tag features).
    pub fn cfg(&self, gate: &Gate) -> proc_macro2::TokenStream {
        self.features.cfg(gate)
    }

    /// The gate of the served operation `index`.
    pub fn operation_gate(&self, index: usize) -> &Gate {
        self.features.operations.get(index).unwrap_or(&Gate::Always)
    }
}
