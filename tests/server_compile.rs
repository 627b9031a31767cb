//! The server code generated for `fixtures/constructs/server_operations.yaml` (query, cookie and array parameters,
//! security alternatives, status ranges, text bodies, parameter names that clash with generated locals) compiles and
//! is clippy-clean with `-D warnings`, example included: the crate is written under `target/` and checked by a
//! nested cargo with its own target directory (so it never waits on the lock of the build running this test).

use oagen_e2e::{generate, repo_root};
use std::process::Command;

#[test]
fn server_fixture_compiles_clippy_clean() {
    let root = repo_root();
    let (files, _) = generate(&root.join("tests/fixtures/constructs/server_operations.yaml"));
    let dir = root.join("target/server-fixture/crate");
    let _ = std::fs::remove_dir_all(&dir);
    for f in &files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let contents = if f.path == "Cargo.toml" {
            let runtime = root.join("crates/oagen-runtime");
            let line = format!("oagen-runtime = {{ path = {:?} }}", runtime.display().to_string());
            let replaced: Vec<String> = f
                .contents
                .lines()
                .map(|l| if l.starts_with("oagen-runtime = ") { line.clone() } else { l.to_owned() })
                .collect();
            format!("{}\n\n[workspace]\n", replaced.join("\n"))
        } else {
            f.contents.clone()
        };
        std::fs::write(&path, contents).expect("write");
    }
    // The workspace's lock file pins the same versions, all already downloaded.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["clippy", "--offline", "--quiet", "--features", "server", "--all-targets", "--", "-D", "warnings"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/server-fixture/target"))
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the generated server does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
