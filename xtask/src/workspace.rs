//! Generated crates built together: one workspace of crates under `crates/<name>/`, checked by one `cargo clippy`
//! run, its messages attributed to each crate. `cargo xtask corpus` and `cargo xtask directory` both use it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The target directory of every nested build (the corpus and directory workspaces, the crates the end-to-end
/// tests write), relative to the repository root: one directory, so that their shared dependencies (tokio,
/// reqwest, axum, ...) are compiled and stored once, not once per test file.
pub const NESTED_TARGET: &str = "target/nested";

/// [`NESTED_TARGET`] under `root`.
pub fn nested_target(root: &Path) -> PathBuf {
    root.join(NESTED_TARGET)
}

/// `cargo` (the one running, else the one on `PATH`) in `dir` with the nested builds' target directory and
/// environment: no inherited `RUSTFLAGS` (a flag that differs from one nested build to the next rebuilds every
/// dependency in place), line tables only for debug info (enough for a backtrace; full debug info of the
/// dependencies is most of a target directory's size) and no incremental state (each nested crate is built once;
/// a long `cargo xtask random` run kept 33 GB of it).
pub fn nested_cargo(root: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(dir)
        .env("CARGO_TARGET_DIR", nested_target(root))
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    cmd
}

/// A crate directory name for a document's file stem: lower-case, with `-` for anything but ASCII letters and
/// digits.
pub fn dir_name(stem: &str) -> String {
    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

/// Writes the workspace manifest of `ws` listing `members` (paths relative to `ws`), with `by` (the command) named
/// in its header comment, and starts its `Cargo.lock` as a copy of the repository's, so that no new versions are
/// resolved.
pub fn write_manifest(root: &Path, ws: &Path, members: &[String], by: &str) -> Result<(), String> {
    let list: String = members.iter().map(|m| format!("    \"{m}\",\n")).collect();
    let manifest =
        format!("# Written by `{by}`: one crate per document.\n[workspace]\nresolver = \"2\"\nmembers = [\n{list}]\n");
    std::fs::write(ws.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write the workspace manifest: {e}"))?;
    if !ws.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    Ok(())
}

/// What the compiler said about one crate.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// Whether its library (or binary) was built.
    pub artifact: bool,
    /// Whether an example of the crate was built.
    pub example: bool,
    /// Compiler errors.
    pub errors: usize,
    /// Compiler and clippy warnings.
    pub warnings: usize,
    /// The messages, rendered, each once.
    pub messages: Vec<String>,
}

/// `cargo clippy --workspace --all-features --lib --examples --keep-going` (or `cargo check` when clippy is not
/// installed: every crate with its client and its server, and its example server) in `ws`, a nested build of
/// the repository at `root` (see [`nested_cargo`]), its messages attributed to crates (`ws/crates/<name>/`) by
/// source path. `select` replaces `--workspace` (packages and targets).
pub fn build(root: &Path, ws: &Path, select: &[&str]) -> Result<BTreeMap<String, Built>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let has_clippy = Command::new(&cargo).args(["clippy", "--version"]).output().is_ok_and(|o| o.status.success());
    let mut cmd = nested_cargo(root, ws);
    cmd.arg(if has_clippy { "clippy" } else { "check" })
        .args(if select.is_empty() { &["--workspace", "--all-features", "--lib", "--examples"][..] } else { select })
        .args(["--keep-going", "--message-format=json"]);
    let output = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let crates_dir = ws.join("crates");
    let mut out: BTreeMap<String, Built> = BTreeMap::new();
    let crate_of = |src: &str| -> Option<String> {
        let rel = Path::new(src).strip_prefix(&crates_dir).ok()?;
        Some(rel.components().next()?.as_os_str().to_string_lossy().into_owned())
    };
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let src = msg["target"]["src_path"].as_str().unwrap_or_default();
        let Some(name) = crate_of(src) else { continue };
        let entry = out.entry(name).or_default();
        match msg["reason"].as_str() {
            Some("compiler-artifact") => {
                entry.artifact = true;
                entry.example |= msg["target"]["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "example"));
            }
            Some("compiler-message") => {
                let rendered = msg["message"]["rendered"].as_str().unwrap_or_default().to_owned();
                if entry.messages.contains(&rendered) {
                    // The same message for the lib and its test target.
                    continue;
                }
                match msg["message"]["level"].as_str() {
                    Some("error") => entry.errors += 1,
                    Some("warning") if !rendered.starts_with("warning: unused manifest key") => entry.warnings += 1,
                    _ => continue,
                }
                entry.messages.push(rendered);
            }
            _ => {}
        }
    }
    if out.is_empty() {
        return Err(format!("cargo built nothing:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(out)
}
