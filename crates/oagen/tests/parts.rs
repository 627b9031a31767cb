//! `Options::parts`: a crate from `generate` has only the optional modules asked for, a manifest that declares
//! only what they use, and `write_files` clears the files of a part a later generation leaves out.

use oagen::{Options, Parts};
use std::path::{Path, PathBuf};

fn healvi() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/healvi.yaml")
}

/// The crate's own files (the vendored runtime left out) and its manifest.
fn generate(parts: Parts) -> (Vec<String>, String, Vec<oagen::File>) {
    let mut options = Options::new("parts-api");
    options.plan.parts = parts;
    let out = oagen::generate_path(&healvi(), &options).expect("generates");
    let files: Vec<String> =
        out.files.iter().map(|f| f.path.clone()).filter(|p| !p.starts_with("oagen-runtime/")).collect();
    let manifest = out.files.iter().find(|f| f.path == "Cargo.toml").expect("a manifest").contents.clone();
    (files, manifest, out.files)
}

/// The lines of a manifest section (`[features]`), without the header; empty when there is no such section.
fn section<'a>(manifest: &'a str, name: &str) -> Vec<&'a str> {
    let mut lines = manifest.lines().skip_while(|l| *l != name);
    lines.next();
    lines.take_while(|l| !l.starts_with('[')).filter(|l| !l.is_empty()).collect()
}

fn dependency_names<'a>(manifest: &'a str, name: &str) -> Vec<&'a str> {
    section(manifest, name).into_iter().filter_map(|l| l.split(" = ").next()).collect()
}

#[test]
fn new_options_generate_every_part() {
    assert_eq!(Options::new("x").plan.parts, Parts::ALL);
    assert_eq!(Options::new("x").module_parts, Parts::MODELS);
    let (files, manifest, _) = generate(Parts::ALL);
    assert_eq!(
        files,
        [
            "Cargo.toml",
            "README.md",
            "rustfmt.toml",
            "src/lib.rs",
            "src/types.rs",
            "src/client.rs",
            "src/server.rs",
            "examples/server.rs"
        ]
    );
    assert_eq!(
        section(&manifest, "[features]"),
        [
            "default = [\"client\"]",
            "client = [\"dep:reqwest\", \"oagen-runtime/client\"]",
            "tracing = [\"client\", \"oagen-runtime/tracing\"]",
            "server = [\"dep:axum\", \"oagen-runtime/server\"]",
        ]
    );
    assert_eq!(dependency_names(&manifest, "[dev-dependencies]"), ["tokio", "parts-api"]);
}

#[test]
fn models_alone_declare_no_feature_and_no_http_dependency() {
    let (files, manifest, all) = generate(Parts::MODELS);
    assert_eq!(files, ["Cargo.toml", "README.md", "rustfmt.toml", "src/lib.rs", "src/types.rs"]);
    assert_eq!(dependency_names(&manifest, "[dependencies]"), ["oagen-runtime", "serde", "serde_json", "chrono"]);
    for absent in ["[features]", "[dev-dependencies]", "[[example]]"] {
        assert!(!manifest.contains(absent), "{absent} in\n{manifest}");
    }
    let lib = &all.iter().find(|f| f.path == "src/lib.rs").expect("lib.rs").contents;
    assert!(lib.contains("pub mod types;") && !lib.contains("client") && !lib.contains("server"), "{lib}");
    assert!(manifest.contains("description = \"Rust models for "), "{manifest}");
}

#[test]
fn models_and_client_have_no_server() {
    let (files, manifest, all) = generate(Parts { client: true, server: false });
    assert_eq!(files, ["Cargo.toml", "README.md", "rustfmt.toml", "src/lib.rs", "src/types.rs", "src/client.rs"]);
    assert_eq!(
        dependency_names(&manifest, "[dependencies]"),
        ["oagen-runtime", "serde", "serde_json", "chrono", "reqwest"]
    );
    assert_eq!(
        section(&manifest, "[features]"),
        [
            "default = [\"client\"]",
            "client = [\"dep:reqwest\", \"oagen-runtime/client\"]",
            "tracing = [\"client\", \"oagen-runtime/tracing\"]"
        ]
    );
    assert!(!manifest.contains("[dev-dependencies]") && !manifest.contains("[[example]]"), "{manifest}");
    let lib = &all.iter().find(|f| f.path == "src/lib.rs").expect("lib.rs").contents;
    let client = "#[cfg(feature = \"client\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"client\")))]\npub mod client;";
    assert!(lib.contains(client) && !lib.contains("mod server"), "{lib}");
}

#[test]
fn models_and_server_have_no_client_and_serve_by_default() {
    let (files, manifest, all) = generate(Parts { client: false, server: true });
    assert_eq!(
        files,
        [
            "Cargo.toml",
            "README.md",
            "rustfmt.toml",
            "src/lib.rs",
            "src/types.rs",
            "src/server.rs",
            "examples/server.rs"
        ]
    );
    assert_eq!(
        dependency_names(&manifest, "[dependencies]"),
        ["oagen-runtime", "serde", "serde_json", "chrono", "axum"]
    );
    assert_eq!(
        section(&manifest, "[features]"),
        ["default = [\"server\"]", "server = [\"dep:axum\", \"oagen-runtime/server\"]"]
    );
    // `server` is a default feature: the example needs no dev-dependency on the crate itself to enable it.
    assert_eq!(dependency_names(&manifest, "[dev-dependencies]"), ["tokio"]);
    // Named after the package: examples of crates in one workspace do not collide.
    let example =
        "[[example]]\nname = \"parts-api-server\"\npath = \"examples/server.rs\"\nrequired-features = [\"server\"]\n";
    assert!(manifest.contains(example), "{manifest}");
    assert!(manifest.contains("description = \"Rust models and server for "), "{manifest}");
    let lib = &all.iter().find(|f| f.path == "src/lib.rs").expect("lib.rs").contents;
    let server = "#[cfg(feature = \"server\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"server\")))]\npub mod server;";
    assert!(lib.contains(server) && !lib.contains("client"), "{lib}");
}

#[test]
fn the_models_do_not_depend_on_the_parts() {
    let types = |parts| {
        let (_, _, files) = generate(parts);
        files.into_iter().find(|f| f.path == "src/types.rs").expect("types.rs").contents
    };
    let all = types(Parts::ALL);
    assert_eq!(types(Parts::MODELS), all);
    assert_eq!(types(Parts { client: false, server: true }), all);
}

#[test]
fn write_files_removes_the_files_of_parts_left_out() {
    let dir = std::env::temp_dir().join(format!("oagen-parts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (_, _, all) = generate(Parts::ALL);
    oagen::write_files(&dir, &all).expect("writes");
    assert!(dir.join("examples/server.rs").is_file() && dir.join("src/client.rs").is_file());

    let (_, _, client) = generate(Parts { client: true, server: false });
    oagen::write_files(&dir, &client).expect("writes");
    assert!(dir.join("src/client.rs").is_file());
    assert!(!dir.join("src/server.rs").exists() && !dir.join("examples").exists(), "the server's files are gone");

    // A file of the same name that oagen did not write, and other examples, are left alone.
    std::fs::create_dir_all(dir.join("examples")).expect("mkdir");
    std::fs::write(dir.join("examples/server.rs"), "fn main() {}\n").expect("write");
    std::fs::write(dir.join("examples/mine.rs"), "fn main() {}\n").expect("write");
    let (_, _, models) = generate(Parts::MODELS);
    oagen::write_files(&dir, &models).expect("writes");
    assert!(!dir.join("src/client.rs").exists(), "the client is gone");
    assert!(dir.join("examples/server.rs").is_file() && dir.join("examples/mine.rs").is_file());
    assert!(dir.join("src/types.rs").is_file() && dir.join("oagen-runtime/Cargo.toml").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn write_files_removes_vendored_runtime_sources_that_moved() {
    let dir = std::env::temp_dir().join(format!("oagen-runtime-stale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (_, _, all) = generate(Parts::ALL);
    let vendored =
        all.iter().find(|f| f.path == "oagen-runtime/src/lib.rs").map(|f| f.contents.clone()).unwrap_or_default();
    assert!(vendored.starts_with("// @generated: oagen-runtime "), "{vendored:.80}");
    // What an older oagen vendored: `client.rs` where this one has `client/mod.rs`, and a module since dropped;
    // beside them, a file the user added.
    std::fs::create_dir_all(dir.join("oagen-runtime/src/old")).expect("mkdir");
    std::fs::write(dir.join("oagen-runtime/src/client.rs"), &vendored).expect("write");
    std::fs::write(dir.join("oagen-runtime/src/old/gone.rs"), &vendored).expect("write");
    std::fs::write(dir.join("oagen-runtime/src/mine.rs"), "// mine\n").expect("write");
    // A link out of the runtime's tree is not followed: what it points to stays, even if oagen once wrote it.
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("old.rs"), &vendored).expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("oagen-runtime/src/linked")).expect("symlink");
    oagen::write_files(&dir, &all).expect("writes");
    assert!(outside.join("old.rs").is_file(), "a file behind a link stays");
    assert!(!dir.join("oagen-runtime/src/client.rs").exists(), "the moved module is gone");
    assert!(!dir.join("oagen-runtime/src/old").exists(), "the dropped module and its directory are gone");
    assert!(dir.join("oagen-runtime/src/mine.rs").is_file(), "a file oagen did not write stays");
    assert!(
        dir.join("oagen-runtime/src/client/mod.rs").is_file() && dir.join("oagen-runtime/src/server/mod.rs").is_file()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_module_form_inlines_only_its_own_parts() {
    let mut options = Options::new("module-api");
    options.plan.parts = Parts::MODELS;
    options.module_parts = Parts { client: true, server: false };
    let module = oagen::generate_module(&healvi(), &options).expect("generates");
    assert!(module.source.contains("pub mod types {") && module.source.contains("pub mod client {"));
    assert!(!module.source.contains("pub mod server {"));
}

#[test]
fn write_files_removes_a_vendored_runtime_when_the_crate_no_longer_vendors_one() {
    let dir = std::env::temp_dir().join(format!("oagen-runtime-switch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (_, _, vendored) = generate(Parts::ALL);
    oagen::write_files(&dir, &vendored).expect("writes");
    assert!(dir.join("oagen-runtime/src/lib.rs").is_file());
    // A file of the user's in the runtime's directory stays, and so does the directory holding it.
    std::fs::write(dir.join("oagen-runtime/src/mine.rs"), "// mine\n").expect("write");
    let mut options = Options::new("parts-api");
    options.runtime = oagen::Runtime::Version;
    let published = oagen::generate_path(&healvi(), &options).expect("generates");
    oagen::write_files(&dir, &published.files).expect("writes");
    let left: Vec<String> = walk(&dir.join("oagen-runtime"));
    assert_eq!(left, ["src/mine.rs"], "only the user's file is left of the vendored runtime");
    std::fs::remove_file(dir.join("oagen-runtime/src/mine.rs")).expect("remove");
    oagen::write_files(&dir, &vendored).expect("writes");
    oagen::write_files(&dir, &published.files).expect("writes");
    assert!(!dir.join("oagen-runtime").exists(), "the whole vendored runtime is gone");
    assert!(dir.join("src/lib.rs").is_file() && dir.join("README.md").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The files under `root`, relative to it, sorted.
fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.display().to_string().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
