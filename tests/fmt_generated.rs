//! `cargo fmt --all` leaves a generated crate, and the runtime vendored beside it, as they are written: both carry a
//! `rustfmt.toml` that turns formatting off, so a user's workspace-wide `cargo fmt` never turns the next generation
//! into a diff.

use oagen_e2e::repo_root;

#[test]
fn cargo_fmt_all_leaves_a_generated_crate_and_its_runtime_unchanged() {
    let root = repo_root();
    let workspace = root.join("target/server-fixture/fmt-workspace");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(&workspace).expect("mkdir");
    // A user's workspace, with the default settings of rustfmt (no rustfmt.toml of its own), holding the crate.
    std::fs::write(workspace.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"corti-api\"]\n")
        .expect("write the workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy the lock file");
    let out = oagen::generate_path(&root.join("specs/corti.yaml"), &oagen::Options::new("corti-api"))
        .unwrap_or_else(|f| panic!("{f}"));
    assert!(out.files.iter().any(|f| f.path == "rustfmt.toml"), "the crate has its rustfmt.toml");
    assert!(out.files.iter().any(|f| f.path == "oagen-runtime/rustfmt.toml"), "the vendored runtime too");
    oagen::write_files(&workspace.join("corti-api"), &out.files).expect("write the crate");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .args(["fmt", "--all", "--", "--check"])
        .current_dir(&workspace)
        .env("CARGO_NET_OFFLINE", "true")
        .output()
        .expect("run cargo fmt");
    assert!(
        output.status.success(),
        "cargo fmt would rewrite the generated crate:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The test can fail: without the opt-out, rustfmt's defaults rewrite the generated layout.
    std::fs::remove_file(workspace.join("corti-api/rustfmt.toml")).expect("remove rustfmt.toml");
    let output = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["fmt", "--all", "--", "--check"])
        .current_dir(&workspace)
        .env("CARGO_NET_OFFLINE", "true")
        .output()
        .expect("run cargo fmt");
    assert!(!output.status.success(), "without its rustfmt.toml the crate would be reformatted");
}
