//! Embeds the `oagen-runtime` crate (its manifest, the workspace manifest it inherits from, and every file under
//! `src/`) so that `oagen generate` can write the runtime beside a generated crate: the crate then builds on its own
//! wherever it is written, with no dependency that is not on crates.io.

use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let runtime = manifest_dir.join("../oagen-runtime");
    let workspace = manifest_dir.join("../../Cargo.toml");
    let mut files = Vec::new();
    collect(&runtime.join("src"), &mut files);
    files.sort();
    let mut out =
        String::from("/// Every file of the runtime crate under `src/`, as (path relative to the crate, contents).\n");
    out.push_str("pub const RUNTIME_SOURCES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&runtime).unwrap_or(f).to_string_lossy().replace('\\', "/");
        out.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", f.display().to_string()));
        println!("cargo:rerun-if-changed={}", f.display());
    }
    out.push_str("];\n");
    out.push_str(&format!(
        "/// The runtime's own `Cargo.toml` (with workspace inheritance).\npub const RUNTIME_MANIFEST: &str = include_str!({:?});\n",
        runtime.join("Cargo.toml").display().to_string()
    ));
    out.push_str(&format!(
        "/// The workspace `Cargo.toml` the runtime inherits from.\npub const WORKSPACE_MANIFEST: &str = include_str!({:?});\n",
        workspace.display().to_string()
    ));
    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    println!("cargo:rerun-if-changed={}", runtime.join("Cargo.toml").display());
    println!("cargo:rerun-if-changed={}", workspace.display());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    if let Err(e) = std::fs::write(out_dir.join("runtime_files.rs"), out) {
        println!("cargo:warning=cannot write runtime_files.rs: {e}");
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for entry in rd.filter_map(Result::ok) {
        let p = entry.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
