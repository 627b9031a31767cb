//! Rust emission: the IR to a ready crate (`Cargo.toml`, `src/lib.rs`, `src/types.rs`), as quote token streams
//! formatted by prettyplease. Knows nothing of OpenAPI documents, only of the IR.

pub mod client;
pub mod crate_name;
mod docs;
pub mod example;
pub mod format;
mod ident;
pub mod manifest;
pub mod models;
mod multipart;
mod parallel;
pub mod plan;
pub mod server;

use oagen_ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// How the crate is written.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package name, e.g. `healvi-api`; [`emit_crate`] makes any text a valid one
    /// ([`crate_name::package_name`]) and derives the library name from it ([`crate_name::lib_name`]).
    pub crate_name: String,
    /// The dependency line for `oagen-runtime`, e.g. `{ path = "../../crates/oagen-runtime" }`.
    pub runtime_dependency: String,
    /// The command named in the `@generated` header, e.g. `cargo xtask codegen`.
    pub command: String,
    /// The spec the crate is made from, as shown in headers and docs, e.g. `specs/healvi.yaml`.
    pub source: String,
    /// Which optional modules the crate has besides the models ([`Parts::ALL`]: client and server).
    pub parts: Parts,
    /// How the client is shaped beyond what the spec says.
    pub client: ClientOptions,
    /// One Cargo feature per tag (`tag-<kebab-case tag>`, `tag-untagged` for the operations without one), `full`
    /// turning them all on (a default feature, and what docs.rs builds): each operation, and each model type and
    /// helper only operations use, is compiled under the features of the operations that need it
    /// ([`plan::features`]), so that a dependent builds only the part of a large API it uses.
    pub features_per_tag: bool,
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

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The path relative to the crate root, with `/` separators.
    pub path: String,
    /// The full contents.
    pub contents: String,
}

/// Emits the whole crate. An error means the generator produced tokens that do not parse (a bug), never bad input.
///
/// The crate is `src/lib.rs` (crate docs, module declarations), `src/types.rs` (the models, always built) and one
/// module per optional part that [`CrateOptions::parts`] asks for, each behind its Cargo feature. The manifest
/// declares only what those parts use.
///
/// The work is spread over the cores, the calling thread being one of the workers: formatting recurses into the
/// generated syntax, so call it from a thread with a generous stack (`oagen::generate` uses one of 256 MiB).
pub fn emit_crate(api: &Api, opts: &CrateOptions) -> Result<Vec<File>, String> {
    emit_crate_timed(api, opts).map(|(files, _)| files)
}

/// Time spent emitting: building token streams, and formatting them into source text. Files are emitted in
/// parallel, so these are summed over the workers (CPU time), not wall-clock time.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EmitTimings {
    /// IR to token streams (and the manifest).
    pub tokens: std::time::Duration,
    /// Token streams to formatted text (syn, prettyplease, blank lines).
    pub format: std::time::Duration,
}

/// [`emit_crate`], also reporting how long token building and formatting took.
pub fn emit_crate_timed(api: &Api, opts: &CrateOptions) -> Result<(Vec<File>, EmitTimings), String> {
    let started = std::time::Instant::now();
    let opts = &CrateOptions { crate_name: crate_name::package_name(&opts.crate_name), ..opts.clone() };
    let header = format!(
        "// @generated by `{}` from {}. Do not edit: changes are lost on the next run.",
        opts.command, opts.source
    );
    let mut manifest = manifest::Manifest::default();
    manifest.dependency(manifest::Dependency::new("oagen-runtime", &opts.runtime_dependency));
    manifest.dependency(manifest::Dependency::new("serde", "\"1\""));
    // `float_roundtrip`: without it serde_json may read a number one ulp off the one written (2.3948573031000647e-42
    // came back as 2.394857303100065e-42), so a client would change the numbers it passes through.
    manifest
        .dependency(manifest::Dependency::new("serde_json", "{ version = \"1\", features = [\"float_roundtrip\"] }"));
    let (chrono, uuid) = models::external_crates(api);
    if chrono {
        manifest.dependency(manifest::Dependency::new(
            "chrono",
            "{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }",
        ));
    }
    if uuid {
        manifest.dependency(manifest::Dependency::new("uuid", "{ version = \"1\", features = [\"serde\"] }"));
    }
    let parts = opts.parts;
    let plan = plan::Plan::new(api, &opts.crate_name, parts, &opts.client).with_features_per_tag(opts.features_per_tag);
    // With per-tag features, `full` (every tag) is on by default, so that a dependent that asks for nothing gets the
    // whole API; one that wants a part turns default features off and names its tags.
    let full: &[&str] = if opts.features_per_tag { &[plan::features::FULL] } else { &[] };
    let mut modules =
        vec![Module { name: "types", features: &[], doc: "The models: one type per schema.", build: None }];
    // The multipart bodies, which the client sends and the server receives (either may be left out).
    if !plan.multipart.is_empty() {
        let features: &'static [&'static str] = match (parts.client, parts.server) {
            (true, true) => &["client", "server"],
            (true, false) => &["client"],
            _ => &["server"],
        };
        modules.push(Module {
            name: "multipart",
            features,
            doc: "The `multipart/form-data` request bodies, each part a field (files as `FilePart`).",
            build: Some(|plan, _| multipart::module(plan)),
        });
    }
    if parts.client {
        let mut reqwest_features = vec!["\"rustls\""];
        if plan.client.as_ref().is_some_and(|c| c.multipart) {
            reqwest_features.push("\"multipart\"");
        }
        manifest.dependency(manifest::Dependency::optional(
            "reqwest",
            &format!(
                "{{ version = \"0.13\", default-features = false, features = [{}] }}",
                reqwest_features.join(", ")
            ),
        ));
        manifest.feature("default", &[&["client"], full].concat());
        if plan.client.as_ref().is_some_and(|c| c.multipart) {
            manifest.feature("client", &["dep:reqwest", "oagen-runtime/client", "oagen-runtime/multipart"]);
        } else {
            manifest.feature("client", &["dep:reqwest", "oagen-runtime/client"]);
        }
        // One span per call; credentials are never recorded.
        manifest.feature("tracing", &["client", "oagen-runtime/tracing"]);
        modules.push(Module {
            name: "client",
            features: &["client"],
            doc: "The HTTP client (reqwest with rustls): one method per operation, grouped by tag.",
            build: Some(|plan, _| client::client(plan)),
        });
    }

    // The server: a trait per API, an axum router that checks requests, and an in-memory example.
    if parts.server {
        manifest.dependency(manifest::Dependency::optional(
            "axum",
            "{ version = \"0.8\", default-features = false, features = [\"tokio\", \"http1\"] }",
        ));
        // Beside the client the server is opt-in; a crate generated without the client is there for its server.
        if !parts.client {
            manifest.feature("default", &[&["server"], full].concat());
        }
        manifest.feature("server", &["dep:axum", "oagen-runtime/server"]);
        manifest.dev_dependencies.push(manifest::Dependency::new(
            "tokio",
            "{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }",
        ));
        // The crate itself, with `server`, as a dev-dependency: `cargo run -p <crate> --example server` then works
        // without `--features server`, while dependents still get the server only when they ask for it. Not needed
        // when `server` is a default feature. A renamed library is the key (a package named `serde` would clash
        // with the dependency of that name).
        if parts.client {
            // With per-tag features, without the default ones: the example and tests are then built with the tags
            // the command names (`cargo clippy --all-targets --no-default-features --features client,tag-pets`
            // checks exactly that build), and with `full` when it names none.
            let defaults = if opts.features_per_tag { "default-features = false, " } else { "" };
            let dependency = if crate_name::lib_is_renamed(&opts.crate_name) {
                let package = manifest::toml_string(&opts.crate_name);
                manifest::Dependency::new(
                    &crate_name::lib_name(&opts.crate_name),
                    &format!("{{ path = \".\", package = {package}, {defaults}features = [\"server\"] }}"),
                )
            } else {
                manifest::Dependency::new(
                    &opts.crate_name,
                    &format!("{{ path = \".\", {defaults}features = [\"server\"] }}"),
                )
            };
            manifest.dev_dependencies.push(dependency);
        }
        manifest.extra.push("[[example]]\nname = \"server\"\nrequired-features = [\"server\"]\n".to_owned());
        modules.push(Module {
            name: "server",
            features: &["server"],
            doc: "The server: implement `server::Api`, serve `server::router` (axum); requests are checked before a method runs.",
            build: Some(|plan, _| server::server(plan)),
        });
    }
    if opts.features_per_tag {
        tag_features(&plan, &mut manifest);
    }
    let manifest_text = cargo_toml(api, opts, &manifest);
    let manifest_time = started.elapsed();

    // Every file (and every piece of the models) is built and formatted on its own, so the work is spread over the
    // cores: the largest first, each worker taking the next unclaimed job. Token streams are not `Send`, so each is
    // built where it is formatted. The result does not depend on which worker did what.
    let lib = |plan: &plan::Plan<'_>, opts: &CrateOptions| lib_rs(plan, opts, &modules);
    let example = |plan: &plan::Plan<'_>, _: &CrateOptions| example::example(plan);
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for name in ["server", "client", "multipart"] {
        if let Some(build) = modules.iter().find(|m| m.name == name).and_then(|m| m.build.as_ref()) {
            jobs.push(Job::File(format!("src/{name}.rs"), build));
        }
    }
    // The models, most of a large crate, come in pieces of consecutive types that the workers share.
    jobs.extend(model_pieces(models::model_count(api)).into_iter().map(Job::Models));
    if parts.server {
        jobs.push(Job::File("examples/server.rs".to_owned(), &example));
    }
    jobs.push(Job::File("src/lib.rs".to_owned(), &lib));
    let results = parallel::run(&jobs, |job| {
        let started = std::time::Instant::now();
        let (tokens, imports) = match job {
            Job::File(_, build) => (build(&plan, opts), None),
            Job::Models(range) => {
                let (tokens, imports) = models::model_items(api, range.clone(), &plan.features);
                (tokens, Some(imports))
            }
        };
        let built = started.elapsed();
        let started = std::time::Instant::now();
        let printed = match job {
            Job::File(_, _) => format::format_file(tokens, &header),
            Job::Models(_) => format::print(tokens),
        };
        (printed, imports, built, started.elapsed())
    });
    let mut timings = EmitTimings { tokens: manifest_time, format: std::time::Duration::ZERO };
    let mut by_path = std::collections::BTreeMap::new();
    let mut model_imports = models::Imports::default();
    let mut model_items = String::new();
    for (job, (printed, imports, built, formatted)) in jobs.iter().zip(results) {
        timings.tokens += built;
        timings.format += formatted;
        match job {
            Job::File(path, _) => {
                by_path.insert(path.clone(), in_file(path, printed)?);
            }
            Job::Models(_) => {
                model_imports = model_imports.merge(&imports.unwrap_or_default());
                model_items.push_str(&in_file("src/types.rs", printed)?);
            }
        }
    }
    let started = std::time::Instant::now();
    let head = in_file("src/types.rs", format::print(models::models_head(api, &model_imports, &plan.features)))?;
    by_path.insert("src/types.rs".to_owned(), format::finish(&header, &(head + &model_items)));
    timings.format += started.elapsed();
    let mut files = vec![File { path: "Cargo.toml".into(), contents: manifest_text }];
    for path in
        ["src/lib.rs", "src/types.rs", "src/multipart.rs", "src/client.rs", "src/server.rs", "examples/server.rs"]
    {
        if let Some(contents) = by_path.remove(path) {
            files.push(File { path: path.to_owned(), contents });
        }
    }
    Ok((files, timings))
}

/// The per-tag features of a crate: `full` (every tag, on by default), one `tag-*` feature per tag, and docs.rs told
/// to build `full` (with the server, when the crate has one).
fn tag_features(plan: &plan::Plan<'_>, manifest: &mut manifest::Manifest) {
    let tags: Vec<&str> = plan.features.tags.iter().map(|t| t.name.as_str()).collect();
    if !manifest.features.iter().any(|(name, _)| name == "default") {
        // A crate of models alone: they are all there unless asked otherwise, too.
        manifest.features.insert(0, ("default".to_owned(), vec![plan::features::FULL.to_owned()]));
    }
    manifest.feature(plan::features::FULL, &tags);
    for tag in &tags {
        manifest.feature(tag, &[]);
    }
    let mut docs_rs = vec![manifest::toml_string(plan::features::FULL)];
    if plan.server.is_some() {
        docs_rs.push(manifest::toml_string("server"));
    }
    manifest.extra.insert(0, format!("[package.metadata.docs.rs]\nfeatures = [{}]\n", docs_rs.join(", ")));
}

/// A file's formatting error, naming the file: `src/client.rs, item `fn foo`: generated tokens do not parse ...`.
fn in_file(path: &str, printed: Result<String, String>) -> Result<String, String> {
    printed.map_err(|e| format!("{path}, {e}"))
}

/// Builds the token stream of one generated file.
type Builder<'a> = dyn Fn(&plan::Plan<'_>, &CrateOptions) -> TokenStream + Sync + 'a;

/// One unit of emission work: a whole file, or the models of a range of types.
enum Job<'a> {
    File(String, &'a Builder<'a>),
    Models(std::ops::Range<usize>),
}

/// Types per piece of the models module: large enough that a piece's fixed costs do not show, small enough that
/// Stripe's 4,000 types give both cores work until the end.
const TYPES_PER_PIECE: usize = 250;

/// Splits `0..count` into consecutive pieces of about [`TYPES_PER_PIECE`] types (at least one piece).
fn model_pieces(count: usize) -> Vec<std::ops::Range<usize>> {
    let pieces = count.div_ceil(TYPES_PER_PIECE).max(1);
    let size = count.div_ceil(pieces).max(1);
    (0..pieces).map(|i| i * size..((i + 1) * size).min(count)).collect()
}

/// One module of the generated crate.
struct Module {
    /// The module (and file) name.
    name: &'static str,
    /// The Cargo features that enable it (any of them); empty when it is always there.
    features: &'static [&'static str],
    /// One line saying what it holds, for the crate docs.
    doc: &'static str,
    /// Builds its file in one job; `None` for the models, which are built in pieces ([`model_pieces`]).
    build: Option<fn(&plan::Plan<'_>, &CrateOptions) -> TokenStream>,
}

fn lib_rs(plan: &plan::Plan<'_>, opts: &CrateOptions, modules: &[Module]) -> proc_macro2::TokenStream {
    let api = plan.api;
    let title = format!(" # {} {}", api.title, api.version);
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(d) = &api.description {
        paragraphs.push(d.clone());
    }
    paragraphs.push(format!("Generated by oagen from `{}`.", opts.source));
    let mut list = String::new();
    for m in modules {
        let gate = match m.features {
            [] => String::new(),
            [f] => format!(" (Cargo feature `{f}`)"),
            more => {
                let list: Vec<String> = more.iter().map(|f| format!("`{f}`")).collect();
                format!(" (Cargo features {})", list.join(" or "))
            }
        };
        list.push_str(&format!("- [`{}`]{gate}: {}\n", m.name, m.doc));
    }
    let doc = |p: &String| -> Vec<String> {
        docs::doc_lines(p).into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") }).collect()
    };
    let mut docs: Vec<String> = vec![title, String::new()];
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            docs.push(String::new());
        }
        docs.extend(doc(p));
    }
    // The call shape first, after what the crate is: what a user of the client writes.
    docs.extend(client::call_shape(plan).into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") }));
    docs.push(String::new());
    docs.extend(doc(&list));
    let mods = modules.iter().map(|m| {
        let name = quote::format_ident!("{}", m.name);
        match m.features {
            [] => quote!(pub mod #name;),
            [f] => quote!(#[cfg(feature = #f)] pub mod #name;),
            more => quote!(#[cfg(any(#(feature = #more),*))] pub mod #name;),
        }
    });
    quote! {
        #(#![doc = #docs])*
        #(#mods)*
    }
}

fn cargo_toml(api: &Api, opts: &CrateOptions, manifest: &manifest::Manifest) -> String {
    let version = if manifest::is_semver(&api.version) { api.version.clone() } else { "0.1.0".to_owned() };
    let what = match (opts.parts.client, opts.parts.server) {
        (true, _) => "Rust models and HTTP client",
        (false, true) => "Rust models and server",
        (false, false) => "Rust models",
    };
    let description = format!("{what} for {} {} (generated by oagen)", api.title, api.version);
    // A package name that is a keyword (`box`) or a crate the code uses (`serde`) gets a library name of its own.
    let lib = if crate_name::lib_is_renamed(&opts.crate_name) {
        format!("[lib]\nname = {}\n\n", manifest::toml_string(&crate_name::lib_name(&opts.crate_name)))
    } else {
        String::new()
    };
    format!(
        "# @generated by `{command}` from {source}. Do not edit: changes are lost on the next run.\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"2021\"\n\
         description = {description}\n\
         publish = false\n\
         \n\
         {lib}{rest}",
        command = opts.command,
        source = opts.source,
        name = manifest::toml_string(&opts.crate_name),
        version = manifest::toml_string(&version),
        description = manifest::toml_string(&description),
        rest = manifest.render(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formatting_error_names_the_file_and_the_item() {
        let tokens: TokenStream = "fn foo() { let = ; }".parse().unwrap_or_default();
        let error = in_file("src/client.rs", format::format_file(tokens, "// x")).unwrap_err();
        assert!(error.starts_with("src/client.rs, item `fn foo(..)`: generated tokens do not parse"), "{error}");
    }

    #[test]
    fn model_pieces_cover_every_type_once_in_order() {
        for count in [0, 1, 249, 250, 251, 4_321] {
            let pieces = model_pieces(count);
            assert!(!pieces.is_empty());
            assert_eq!(pieces[0].start, 0);
            assert_eq!(pieces.last().map(|r| r.end), Some(count));
            assert!(pieces.windows(2).all(|w| w[0].end == w[1].start), "{pieces:?}");
            assert!(pieces.iter().all(|r| r.len() <= TYPES_PER_PIECE), "{pieces:?}");
        }
        assert_eq!(model_pieces(4_321).len(), 18);
    }
}
