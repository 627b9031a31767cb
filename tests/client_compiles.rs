//! The client emitted for the fixtures (every parameter location and style, every security scheme kind, several
//! success types, ranges and `default`, form/text/binary/multipart bodies (typed multipart with the server too, and
//! the corpus' file uploads), colliding names) compiles and is
//! clippy-clean with `-D warnings`, with the `client` feature and without it. The bundled specs' crates are
//! checked by the workspace build itself; these fixtures are generated into `target/client-fixtures/` and built
//! by a nested `cargo clippy` starting from the workspace's `Cargo.lock`.

use oagen_e2e::repo_root;
use std::path::Path;

fn write_crate(spec: &Path, dir: &Path, name: &str) {
    write_crate_with(spec, dir, oagen::Options::new(name));
}

fn write_crate_with(spec: &Path, dir: &Path, mut options: oagen::Options) {
    let source = oagen::Source::read(spec).unwrap_or_else(|d| panic!("cannot read {}: {d}", spec.display()));
    options.command = "oagen test".to_owned();
    options.runtime = oagen::Runtime::Path(repo_root().join("crates/oagen-runtime").display().to_string());
    let out = oagen::generate(&source, &options).unwrap_or_else(|f| panic!("{f}"));
    // What an earlier run wrote (its vendored runtime may have files this one does not).
    let _ = std::fs::remove_dir_all(dir.join("src"));
    let _ = std::fs::remove_dir_all(dir.join("oagen-runtime"));
    for file in &out.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let mut contents = file.contents.clone();
        if file.path == "Cargo.toml" {
            contents.push_str("\n[workspace]\n");
        }
        std::fs::write(&path, contents).expect("write");
    }
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

fn clippy(dir: &Path, extra: &[&str]) {
    clippy_targets(dir, "--all-targets", extra);
}

/// `cargo clippy` of the library alone (no dev-dependencies, so exactly the features given).
fn clippy_lib(dir: &Path, extra: &[&str]) {
    clippy_targets(dir, "--lib", extra);
}

fn clippy_targets(dir: &Path, targets: &str, extra: &[&str]) {
    let output = xtask::workspace::nested_cargo(&repo_root(), dir)
        .args(["clippy", "--quiet", targets])
        .args(extra)
        .args(["--", "-D", "warnings"])
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "cargo clippy {targets} {extra:?} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn fixture_clients_compile_and_are_clippy_clean() {
    let root = repo_root().join("target/client-fixtures");
    for (spec, name) in [
        ("tests/fixtures/client/everything.yaml", "everything"),
        ("tests/fixtures/client/no_operations.yaml", "no-operations"),
        ("tests/fixtures/client/client_parameters.yaml", "client-parameters"),
        ("tests/fixtures/client/pagination.yaml", "pagination"),
        ("tests/fixtures/constructs/operation_naming.yaml", "operation-naming"),
        ("tests/fixtures/client/streams.yaml", "streams"),
        ("tests/fixtures/client/multipart.yaml", "multipart"),
        ("tests/fixtures/client/file_uploads.json", "file-uploads"),
    ] {
        let dir = root.join(name);
        write_crate(&repo_root().join(spec), &dir, &format!("{name}-api"));
        clippy(&dir, &[]);
        clippy(&dir, &["--no-default-features"]);
        if name == "streams" || name.contains("multipart") || name.contains("upload") {
            // Event streams and byte streams on the server side too, and the example server answering them; typed
            // multipart bodies, which the client and the server share.
            clippy(&dir, &["--features", "server"]);
        }
    }
}

/// With `--features-per-tag`, every build is clippy-clean: the defaults (`client`, `full`), the models without any
/// tag, `full` alone, and each tag alone with the client, the server and the example server (whose dev-dependency
/// on the crate adds `server` and nothing else), and the client of one tag without `--all-targets` (which would
/// add `server`).
#[test]
fn fixture_with_features_per_tag_compiles_under_each_tag() {
    let dir = repo_root().join("target/client-fixtures/tags");
    let mut options = oagen::Options::new("tags-api");
    options.plan.features_per_tag = true;
    write_crate_with(&repo_root().join("tests/fixtures/client/tags.yaml"), &dir, options);
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
    let tags: Vec<&str> =
        manifest.lines().filter_map(|l| l.strip_suffix(" = []")).filter(|f| f.starts_with("tag-")).collect();
    assert_eq!(tags, ["tag-pets", "tag-pet-store", "tag-pet-store-2", "tag-orders", "tag-untagged"]);
    clippy(&dir, &[]);
    clippy(&dir, &["--no-default-features"]);
    clippy(&dir, &["--no-default-features", "--features", "full"]);
    for tag in &tags {
        clippy(&dir, &["--no-default-features", "--features", &format!("client,server,{tag}")]);
    }
    clippy_lib(&dir, &["--no-default-features", "--features", "client,tag-orders"]);
}

/// The same for each tag of the fixtures with paginated operations, event streams and downloads, and typed
/// multipart bodies: their methods, `send_streaming`, and the body structs follow the operations' tags.
#[test]
fn pagination_streams_and_multipart_with_features_per_tag_compile_under_each_tag() {
    let root = repo_root().join("target/client-fixtures");
    for (spec, name) in [
        ("tests/fixtures/client/pagination.yaml", "pagination-tags"),
        ("tests/fixtures/client/streams.yaml", "streams-tags"),
        ("tests/fixtures/client/file_uploads.json", "uploads-tags"),
    ] {
        let dir = root.join(name);
        let mut options = oagen::Options::new(format!("{name}-api"));
        options.plan.features_per_tag = true;
        write_crate_with(&repo_root().join(spec), &dir, options);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
        let tags: Vec<&str> =
            manifest.lines().filter_map(|l| l.strip_suffix(" = []")).filter(|f| f.starts_with("tag-")).collect();
        assert!(tags.len() >= 2, "{name}: {tags:?}");
        clippy(&dir, &[]);
        clippy(&dir, &["--no-default-features"]);
        for tag in &tags {
            clippy(&dir, &["--no-default-features", "--features", &format!("client,server,{tag}")]);
        }
    }
}
