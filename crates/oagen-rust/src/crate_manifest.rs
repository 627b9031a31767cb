//! The manifest policy of a generated crate: what `Cargo.toml` declares for the parts the plan has (dependencies,
//! features, dev-dependencies, the example server, per-tag features and docs.rs), and the modules `src/lib.rs`
//! declares; [`crate::emit_crate`] only schedules the files.

use crate::options::CrateOptions;
use crate::{client, crate_name, manifest, models, multipart, package, plan, server};
use oagen_ir::Api;
use proc_macro2::TokenStream;

/// The crate's manifest, and its modules in the order `src/lib.rs` declares them.
pub(crate) fn plan_files(plan: &plan::Plan<'_>, opts: &CrateOptions) -> (package::Package, Vec<Module>) {
    let api = plan.api;
    let parts = opts.plan.parts;
    let features_per_tag = opts.plan.features_per_tag;
    let package = plan.crate_name.as_str();
    let mut manifest = manifest::Manifest::default();
    manifest.dependency(manifest::Dependency::new("oagen-runtime", &opts.runtime.dependency()));
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
    // With per-tag features, `full` (every tag) is on by default, so that a dependent that asks for nothing gets the
    // whole API; one that wants a part turns default features off and names its tags.
    let full: &[&str] = if features_per_tag { &[plan::features::FULL] } else { &[] };
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
        // The crate itself, with `server`, as a dev-dependency: `cargo run -p <crate> --example <crate>-server` then works
        // without `--features server`, while dependents still get the server only when they ask for it. Not needed
        // when `server` is a default feature. A renamed library is the key (a package named `serde` would clash
        // with the dependency of that name).
        if parts.client {
            // With per-tag features, without the default ones: the example and tests are then built with the tags
            // the command names (`cargo clippy --all-targets --no-default-features --features client,tag-pets`
            // checks exactly that build), and with `full` when it names none.
            let defaults = if features_per_tag { "default-features = false, " } else { "" };
            let dependency = if crate_name::lib_is_renamed(package) {
                let quoted = manifest::toml_string(package);
                manifest::Dependency::new(
                    &crate_name::lib_name(package),
                    &format!("{{ path = \".\", package = {quoted}, {defaults}features = [\"server\"] }}"),
                )
            } else {
                manifest::Dependency::new(package, &format!("{{ path = \".\", {defaults}features = [\"server\"] }}"))
            };
            manifest.dev_dependencies.push(dependency);
        }
        manifest.extra.push(format!(
            "[[example]]\nname = {}\npath = \"examples/server.rs\"\nrequired-features = [\"server\"]\n",
            manifest::toml_string(&plan.server_example)
        ));
        modules.push(Module {
            name: "server",
            features: &["server"],
            doc: "The server: implement `server::Api`, serve `server::router` (axum); requests are checked before a method runs.",
            build: Some(|plan, _| server::server(plan)),
        });
    }
    if features_per_tag {
        tag_features(plan, &mut manifest);
    }
    docs_rs(parts, features_per_tag, &mut manifest);

    let manifest_text = cargo_toml(api, opts, package, &manifest);
    (manifest_text, modules)
}

/// The per-tag features of a crate: `full` (every tag, on by default) and one `tag-*` feature per tag.
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
}

/// What docs.rs builds: every part and every tag (`full`), with `--cfg docsrs`, under which each feature-gated item
/// says in its docs which feature it needs.
fn docs_rs(parts: plan::Parts, features_per_tag: bool, manifest: &mut manifest::Manifest) {
    let mut features = Vec::new();
    if parts.client {
        features.extend(["client", "tracing"]);
    }
    if parts.server {
        features.push("server");
    }
    if features_per_tag {
        features.push(plan::features::FULL);
    }
    let features: Vec<String> = features.into_iter().map(manifest::toml_string).collect();
    manifest.extra.insert(
        0,
        format!(
            "[package.metadata.docs.rs]\nfeatures = [{}]\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n",
            features.join(", ")
        ),
    );
}

/// One module of the generated crate.
pub(crate) struct Module {
    /// The module (and file) name.
    pub(crate) name: &'static str,
    /// The Cargo features that enable it (any of them); empty when it is always there.
    pub(crate) features: &'static [&'static str],
    /// One line saying what it holds, for the crate docs.
    pub(crate) doc: &'static str,
    /// Builds its file in one job; `None` for the models, which are built in pieces ([`model_pieces`]).
    pub(crate) build: Option<fn(&plan::Plan<'_>, &CrateOptions) -> TokenStream>,
}

fn cargo_toml(api: &Api, opts: &CrateOptions, package: &str, manifest: &manifest::Manifest) -> package::Package {
    // A package name that is a keyword (`box`) or a crate the code uses (`serde`) gets a library name of its own.
    let lib = crate_name::lib_is_renamed(package).then(|| crate_name::lib_name(package));
    let mut table = package::package(api, opts, package, lib.as_deref());
    table.table = format!(
        "# @generated by `{command}` from {source}. Do not edit: changes are lost on the next run.\n{table}\n{rest}",
        command = opts.command,
        source = opts.source,
        table = table.table,
        rest = manifest.render(),
    );
    table
}
