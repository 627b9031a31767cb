//! `cargo xtask random`: valid random OpenAPI documents, generated (models, client, server) and compiled in one
//! workspace (`target/random-ws/`). Each document holds many units (a unit: a few components, among them a
//! discriminated union, and a few paths with one to three operations each), so that one `cargo clippy` covers
//! hundreds of constructs. A document must generate without an error diagnostic and its crate must compile
//! without an error or a warning; any that does not is a finding, kept as `target/random-ws/findings/<seed>.json`.
//!
//! `--seeds A..B` (default `1..4`), `--units N` per document (default 40), `--quick` (2 documents of 20 units, the
//! CI run). Exit status 1 on any finding.

mod operations;
mod rng;
mod schemas;

use crate::workspace;
use rng::Rng;
use serde_json::{json, Map, Value};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// The document of `seed` with `units` units: valid OpenAPI 3.0.3.
pub fn document(seed: u64, units: usize) -> Value {
    let mut rng = Rng::new(seed);
    let mut components = Map::new();
    let mut paths = Map::new();
    for u in 0..units {
        let unit = schemas::Unit::new(u, 2 + rng.below(4), &mut rng);
        for (i, name) in unit.names.iter().enumerate() {
            let schema = if i == 0 {
                let (union, members) = schemas::discriminated(&unit, name, &mut rng);
                for (member_name, member) in members {
                    components.insert(member_name, member);
                }
                union
            } else if rng.chance(60) {
                schemas::object(&unit, 2, &mut rng)
            } else {
                let mut schema = schemas::schema(&unit, 3, &mut rng);
                schemas::refer_below(&mut schema, &unit, i, &mut rng);
                schema
            };
            components.insert(name.clone(), schema);
        }
        paths.extend(operations::paths(&unit, 1 + rng.below(3), &mut rng));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": format!("Random {seed}"), "version": "1.0.0", "description": "A random document of `cargo xtask random`."},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }
        },
        "security": [{"bearer": []}, {"key": []}]
    })
}

/// Options of a run.
pub struct Options {
    /// The first seed and one past the last.
    pub seeds: (u64, u64),
    /// Units per document.
    pub units: usize,
}

impl Options {
    /// From the command line: `[--seeds A..B] [--units N] [--quick]`.
    pub fn parse(args: &[&str]) -> Option<Options> {
        let mut options = Options { seeds: (1, 4), units: 40 };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match *arg {
                "--quick" => options = Options { seeds: (1, 3), units: 20 },
                "--seeds" => {
                    let (a, b) = args.next()?.split_once("..")?;
                    options.seeds = (a.parse().ok()?, b.parse().ok()?);
                }
                "--units" => options.units = args.next()?.parse().ok()?,
                _ => return None,
            }
        }
        (options.seeds.0 < options.seeds.1).then_some(options)
    }
}

/// Generates and compiles the documents of `options`; prints one line per document and a summary.
pub fn run(options: &Options) -> ExitCode {
    let root = crate::codegen::repo_root();
    match run_in(&root, options) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(message) => {
            eprintln!("cargo xtask random: {message}");
            ExitCode::from(2)
        }
    }
}

/// The run; the number of findings.
fn run_in(root: &Path, options: &Options) -> Result<usize, String> {
    let ws = root.join("target/random-ws");
    let crates = ws.join("crates");
    let findings_dir = ws.join("findings");
    let _ = std::fs::remove_dir_all(&crates);
    std::fs::create_dir_all(&crates).map_err(|e| format!("cannot create {}: {e}", crates.display()))?;
    std::fs::create_dir_all(&findings_dir).map_err(|e| format!("cannot create {}: {e}", findings_dir.display()))?;
    let ws = std::fs::canonicalize(&ws).map_err(|e| format!("cannot resolve {}: {e}", ws.display()))?;
    oagen::write_files(&ws.join("oagen-runtime"), &oagen::runtime::files())
        .map_err(|e| format!("cannot write the runtime: {e}"))?;
    let started = Instant::now();
    let mut findings = 0;
    let mut members = Vec::new();
    let mut documents = Vec::new();
    for seed in options.seeds.0..options.seeds.1 {
        let doc = document(seed, options.units);
        let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
        // Written first, so that a crash of the generator leaves the document behind.
        let kept = ws.join(format!("random-{seed}.json"));
        std::fs::write(&kept, &text).map_err(|e| format!("cannot write {}: {e}", kept.display()))?;
        eprintln!("seed {seed}: generating {}", kept.display());
        let source = oagen::Source::new(format!("random-{seed}.json"), text.clone());
        let mut opts = oagen::Options::new(format!("random-{seed}")).runtime_path(Path::new("../../oagen-runtime"));
        opts.command = "cargo xtask random".to_owned();
        let out = match oagen::generate(&source, &opts) {
            Ok(out) => out,
            Err(failure) => {
                findings += 1;
                keep(&findings_dir, seed, &text, &format!("not generated: {failure}"));
                continue;
            }
        };
        let errors: Vec<String> = out
            .diagnostics
            .iter()
            .filter(|d| d.severity == oagen::Severity::Error)
            .map(|d| format!("{} {}", d.pointer, d.message))
            .collect();
        if !errors.is_empty() {
            findings += 1;
            keep(&findings_dir, seed, &text, &format!("error diagnostics on a valid document:\n{}", errors.join("\n")));
        }
        let dir = crates.join(format!("random-{seed}"));
        oagen::write_files(&dir, &out.files).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        members.push(format!("crates/random-{seed}"));
        documents.push((seed, text, out.summary.operations, out.summary.types));
    }
    workspace::write_manifest(root, &ws, &members, "cargo xtask random")?;
    let built = workspace::build(root, &ws, &[])?;
    let (mut operations, mut types) = (0, 0);
    for (seed, text, ops, tys) in &documents {
        operations += ops;
        types += tys;
        let result = built.get(&format!("random-{seed}")).cloned().unwrap_or_default();
        let clean = result.artifact && result.errors == 0 && result.warnings == 0;
        println!(
            "seed {seed}: {ops} operations, {tys} types: {}",
            if clean {
                "compiles, clippy-clean".to_owned()
            } else {
                format!("{} errors, {} warnings", result.errors, result.warnings)
            }
        );
        if !clean {
            findings += 1;
            keep(&findings_dir, *seed, text, &result.messages.join("\n"));
        }
    }
    println!(
        "{} documents ({} units each): {operations} operations, {types} types, {findings} findings, in {:.0} s",
        documents.len(),
        options.units,
        started.elapsed().as_secs_f64()
    );
    Ok(findings)
}

/// Keeps the document of a finding and what went wrong, for a regression test.
fn keep(dir: &Path, seed: u64, text: &str, what: &str) {
    eprintln!("seed {seed}: {}", what.lines().take(20).collect::<Vec<_>>().join("\n  "));
    let _ = std::fs::write(dir.join(format!("{seed}.json")), text);
    let _ = std::fs::write(dir.join(format!("{seed}.txt")), what);
}

#[cfg(test)]
mod tests {
    use super::document;

    #[test]
    fn documents_are_deterministic_and_their_references_resolve() {
        let doc = document(3, 10);
        assert_eq!(doc, document(3, 10));
        assert_ne!(doc, document(4, 10));
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        for piece in text.split("\"#/components/schemas/").skip(1) {
            let name = piece.split('"').next().unwrap_or("");
            assert!(schemas.contains_key(name), "a reference to {name} does not resolve");
        }
        assert!(doc["paths"].as_object().is_some_and(|p| p.len() >= 10));
    }
}
