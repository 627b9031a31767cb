//! `cargo xtask codegen [--check]`: the bundled specs to the checked-in crates under `generated/`.
//!
//! A spec over [`FEATURES_PER_TAG_ABOVE`] bytes gets one Cargo feature per tag.
//!
//! Like rust-analyzer's `ensure_file_contents`: generation is a pure function of `specs/`, the output is compared
//! byte for byte, and a `#[test]` fails when it is stale, so plain `cargo test` catches a forgotten regeneration.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write what differs and remove what is no longer generated.
    Write,
    /// Change nothing; report what differs.
    Check,
}

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files (relative to the root) that differ from the generator's output, or should not exist.
    pub stale: Vec<String>,
    /// Warnings and errors from the specs, rendered.
    pub diagnostics: Vec<String>,
    /// Specs that could not be generated at all.
    pub failures: Vec<String>,
    /// One line per spec: how many errors and warnings it has.
    pub summaries: Vec<String>,
}

/// Bundled specs larger than this (in bytes) are generated with one Cargo feature per tag
/// (`Options::features_per_tag`): their crates are large enough that a dependent building only the tags it uses
/// saves real compile time. The four bundled specs are far below it.
pub const FEATURES_PER_TAG_ABOVE: u64 = 512 * 1024;

/// Whether a bundled spec of `bytes` is generated with per-tag features.
pub fn features_per_tag(bytes: u64) -> bool {
    bytes > FEATURES_PER_TAG_ABOVE
}

/// The bundled specs, sorted by name: `specs/<name>.yaml` becomes `generated/<name>/`, crate `<name>-api`.
pub fn specs(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(root.join("specs"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
                .filter_map(|p| Some((p.file_stem()?.to_str()?.to_owned(), p.clone())))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Generates every bundled spec and writes or compares the output.
pub fn ensure(root: &Path, mode: Mode) -> Report {
    let mut report = Report::default();
    for (name, path) in specs(root) {
        let mut options =
            oagen::Options::new(format!("{name}-api")).runtime_path(Path::new("../../crates/oagen-runtime"));
        options.command = "cargo xtask codegen".to_owned();
        options.plan.features_per_tag = features_per_tag(std::fs::metadata(&path).map(|m| m.len()).unwrap_or_default());
        options.source_label = Some(format!("specs/{}", path.file_name().and_then(|f| f.to_str()).unwrap_or_default()));
        let source = match oagen::Source::read(&path) {
            Ok(s) => s,
            Err(d) => {
                report.failures.push(d.to_string());
                continue;
            }
        };
        let source = oagen::Source {
            name: format!("specs/{}", path.file_name().and_then(|f| f.to_str()).unwrap_or_default()),
            ..source
        };
        let out = match oagen::generate(&source, &options) {
            Ok(out) => out,
            Err(f) => {
                report.failures.extend(f.diagnostics.iter().map(|d| oagen::render(d, &source)));
                continue;
            }
        };
        report.diagnostics.extend(out.diagnostics.iter().map(|d| oagen::render(d, &source)));
        let errors = out.diagnostics.iter().filter(|d| d.severity == oagen::Severity::Error).count();
        report.summaries.push(format!(
            "specs/{}: {errors} errors, {} warnings",
            path.file_name().and_then(|f| f.to_str()).unwrap_or_default(),
            out.diagnostics.iter().filter(|d| d.severity == oagen::Severity::Warning).count()
        ));
        let crate_dir = root.join("generated").join(&name);
        let mut expected = BTreeSet::new();
        for file in &out.files {
            let rel = format!("generated/{name}/{}", file.path);
            expected.insert(crate_dir.join(&file.path));
            let target = crate_dir.join(&file.path);
            let current = std::fs::read(&target).ok();
            if current.as_deref() == Some(file.contents.as_bytes()) {
                continue;
            }
            report.stale.push(rel);
            if mode == Mode::Write {
                if let Some(parent) = target.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                if let Err(e) = std::fs::write(&target, &file.contents) {
                    report.failures.push(format!("cannot write {}: {e}", target.display()));
                }
            }
        }
        for existing in walk(&crate_dir) {
            if !expected.contains(&existing) {
                let rel = existing.strip_prefix(root).unwrap_or(&existing).display().to_string();
                report.stale.push(format!("{rel} (no longer generated)"));
                if mode == Mode::Write {
                    let _ = std::fs::remove_file(&existing);
                }
            }
        }
    }
    report
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else { return out };
    for entry in rd.filter_map(Result::ok) {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Runs the command and prints what it did.
pub fn run(mode: Mode) -> ExitCode {
    let report = ensure(&repo_root(), mode);
    // Writing shows every diagnostic; checking (CI) only counts them, so that its verdict is not buried.
    if mode == Mode::Write {
        for d in &report.diagnostics {
            eprint!("{d}");
        }
    }
    for s in &report.summaries {
        eprintln!("{s}");
    }
    for f in &report.failures {
        eprintln!("error: {f}");
    }
    match mode {
        Mode::Write => {
            for s in &report.stale {
                eprintln!("updated {s}");
            }
            if report.stale.is_empty() {
                eprintln!("generated/ is up to date");
            }
        }
        Mode::Check => {
            for s in &report.stale {
                eprintln!("stale: {s}");
            }
            if report.stale.is_empty() && report.failures.is_empty() {
                eprintln!("generated/ is up to date");
            }
            if !report.stale.is_empty() {
                eprintln!("generated/ is stale: run `cargo xtask codegen`");
            }
        }
    }
    if !report.failures.is_empty() || (mode == Mode::Check && !report.stale.is_empty()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain `cargo test` fails when the checked-in generated crates differ from what the generator writes.
    #[test]
    fn only_large_specs_get_per_tag_features() {
        assert!(!features_per_tag(FEATURES_PER_TAG_ABOVE));
        assert!(features_per_tag(FEATURES_PER_TAG_ABOVE + 1));
        for (name, path) in specs(&repo_root()) {
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or_default();
            assert!(!features_per_tag(bytes), "{name} is small: its crate stays ungated");
        }
    }

    #[test]
    fn generated_crates_are_fresh() {
        let report = ensure(&repo_root(), Mode::Check);
        assert!(report.failures.is_empty(), "generation failed:\n{}", report.failures.join("\n"));
        assert!(
            report.stale.is_empty(),
            "stale generated files (run `cargo xtask codegen`):\n{}",
            report.stale.join("\n")
        );
    }
}
