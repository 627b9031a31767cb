//! What the plan is told beyond the API: the crate's name, which parts it has, the choices about the client that
//! the spec does not make, and whether each tag is a Cargo feature. The one options type of this stage: the emitters'
//! [`crate::CrateOptions`] and the library's `oagen::Options` hold one.

/// How a crate is planned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// The package name, e.g. `healvi-api`; the plan makes any text a valid one
    /// ([`crate::crate_name::package_name`]) and derives the library name from it
    /// ([`crate::crate_name::lib_name`]).
    pub crate_name: String,
    /// Which optional modules the crate has besides the models ([`Parts::ALL`]: client and server).
    pub parts: Parts,
    /// How the client is shaped beyond what the spec says.
    pub client: ClientOptions,
    /// One Cargo feature per tag (`tag-<kebab-case tag>`, `tag-untagged` for the operations without one), `full`
    /// turning them all on (a default feature, and what docs.rs builds): each operation, and each model type and
    /// helper only operations use, is compiled under the features of the operations that need it
    /// ([`super::features`]), so that a dependent builds only the part of a large API it uses.
    pub features_per_tag: bool,
}

impl PlanOptions {
    /// A crate called `crate_name` with `parts`, the client as the spec says, no per-tag features.
    pub fn new(crate_name: &str, parts: Parts) -> Self {
        PlanOptions { crate_name: crate_name.to_owned(), parts, ..PlanOptions::default() }
    }
}

/// Choices about the generated client that the spec does not make.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientOptions {
    /// Parameters (by wire name) to set once on the client (`Client::with_<name>`) and per handle instead of on
    /// every call, besides those hoisted anyway (header parameters every operation takes alike).
    pub hoist: Vec<String>,
    /// The header the client sends an idempotency key in on every POST and PATCH by default, making them safe to
    /// retry (`Client::with_idempotency_header` sets it at run time). Without it, a header parameter of that name
    /// that every POST and PATCH declares (`Idempotency-Key`) is used.
    pub idempotency_header: Option<String>,
    /// How operations paginate where the spec's shapes and `x-pagination` extensions do not say (or say wrongly):
    /// the operation (its `operationId` or its name) and the pagination; a later entry for one operation wins.
    /// `PaginationStyle::Off` turns pagination off for it.
    pub paginate: Vec<(String, oagen_ir::Pagination)>,
}

/// Which optional modules a generated crate has; the models (`src/types.rs`) are always there. `Default` is the
/// models alone ([`Parts::MODELS`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Parts {
    /// The HTTP client: `src/client.rs`, the Cargo feature `client` (on by default) and the `reqwest` dependency.
    pub client: bool,
    /// The server: `src/server.rs`, the Cargo feature `server` and the `axum` dependency, plus the example server
    /// `examples/server.rs`.
    pub server: bool,
}

impl Parts {
    /// The models alone.
    pub const MODELS: Parts = Parts { client: false, server: false };
    /// Models, client and server (what a crate has unless asked otherwise).
    pub const ALL: Parts = Parts { client: true, server: true };
    /// Every file that an optional part adds; a crate without the part has none of its files.
    pub const FILES: [&'static str; 4] = ["src/client.rs", "src/server.rs", "examples/server.rs", "src/multipart.rs"];
}
