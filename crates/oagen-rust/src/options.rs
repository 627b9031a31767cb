//! How a crate is written: the plan's options and what only the files say (the runtime dependency, the
//! command and spec named in headers).

use crate::plan::options::PlanOptions;

/// How the crate is written: how it is planned, and what only the files say.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// How the crate is planned (its name, parts, client options, per-tag features).
    pub plan: PlanOptions,
    /// The dependency line for `oagen-runtime`, e.g. `{ path = "../../crates/oagen-runtime" }`.
    pub runtime_dependency: String,
    /// The command named in the `@generated` header, e.g. `cargo xtask codegen`.
    pub command: String,
    /// The spec the crate is made from, as shown in headers and docs, e.g. `specs/healvi.yaml`.
    pub source: String,
}
