//! The client emitted for the fixtures (every parameter location and style, every security scheme kind, several
//! success types, ranges and `default`, form/text/binary/multipart bodies (typed multipart with the server too, and
//! the corpus' file uploads), colliding names) compiles and is
//! clippy-clean with `-D warnings`, with the `client` feature and without it. The bundled specs' crates are
//! checked by the workspace build itself; these fixtures are generated into `target/client-fixtures/` and built
//! by a nested `cargo clippy` starting from the workspace's `Cargo.lock`.

use oagen_e2e::repo_root;
use std::path::Path;
use std::process::Command;

fn write_crate(spec: &Path, dir: &Path, name: &str) {
    let source = oagen::Source::read(spec).unwrap_or_else(|d| panic!("cannot read {}: {d}", spec.display()));
    let mut options = oagen::Options::new(name);
    options.command = "oagen test".to_owned();
    options.runtime_dependency =
        format!("{{ path = {:?} }}", repo_root().join("crates/oagen-runtime").display().to_string());
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
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--all-targets"])
        .args(extra)
        .args(["--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/client-fixtures/target"))
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "cargo clippy {extra:?} failed in {}:\n{}",
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
