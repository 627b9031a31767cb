//! `cargo xtask corpus`: every document of the shared corpus (`../shared/corpus/`, see its `SOURCES.md`) through
//! the generator, and every generated crate through `cargo clippy` (a superset of `cargo check`) in ONE workspace
//! with one target directory (`target/corpus-ws/`), so that shared dependencies are built once.
//!
//! The workspace holds one crate per document (`crates/<stem>/`, package `corpus-<stem>`), the runtime as the
//! generator vendors it (`oagen-runtime/`, so the vendored manifest is built too), and `crates/module-form/`,
//! which `include!`s the single-file output of [`oagen::generate_module`] (the build-script API), and
//! `crates/parts-*/`: a bundled spec generated with each choice of [`oagen::Parts`] short of all of them (models
//! only, models + client, models + server; the example server of the last is checked too). The workspace's
//! `Cargo.lock` starts as a copy of the repository's, so no new versions are resolved.
//!
//! `tests/corpus.rs` runs the same function and fails unless every document generates and every crate compiles
//! with no warnings.

use crate::workspace;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Documents at least this big are "large" (Stripe): left out of the default test run.
pub const LARGE_BYTES: u64 = 1_000_000;

/// The document the `module-form` crate is made from (build-script API), when it is in the corpus.
const MODULE_FORM_DOCUMENT: &str = "readme31-train-travel.json";

/// The bundled spec the `parts-*` crates are made from.
const PARTS_SPEC: &str = "specs/healvi.yaml";

/// The crates of [`PARTS_SPEC`] with fewer parts than all (crate directory, package name, parts). The server's
/// package is named `box`, a keyword: its library is `box_api`, which its example server (checked) uses.
const PARTS_CRATES: [(&str, &str, oagen::Parts); 3] = [
    ("parts-models", "corpus-parts-models", oagen::Parts::MODELS),
    ("parts-client", "corpus-parts-client", oagen::Parts { client: true, server: false }),
    ("parts-server", "box", oagen::Parts { client: false, server: true }),
];

/// One corpus document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its path.
    pub path: PathBuf,
    /// Its file name.
    pub file: String,
    /// The crate directory name: the file stem, lower-case, with `-` for anything else.
    pub stem: String,
    /// Its size.
    pub bytes: u64,
}

/// What happened to one document.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The file name.
    pub file: String,
    /// The declared `openapi` version.
    pub openapi: String,
    /// Operations (webhooks included).
    pub operations: usize,
    /// Webhooks among them.
    pub webhooks: usize,
    /// Named model types.
    pub types: usize,
    /// Generation time in milliseconds (this build of the generator).
    pub generation_ms: u128,
    /// Error diagnostics.
    pub spec_errors: usize,
    /// Warning diagnostics.
    pub spec_warnings: usize,
    /// Why nothing was generated, when nothing was.
    pub failure: Option<String>,
    /// Whether the crate compiled (`None`: not built).
    pub compiles: Option<bool>,
    /// Compiler and clippy warnings in the crate.
    pub rustc_warnings: usize,
    /// The compiler's messages for the crate (rendered), warnings and errors.
    pub messages: Vec<String>,
}

/// The corpus directory: `$OAGEN_CORPUS_DIR`, else `../shared/corpus` beside the repository.
pub fn corpus_dir(root: &Path) -> PathBuf {
    match std::env::var_os("OAGEN_CORPUS_DIR") {
        Some(d) => PathBuf::from(d),
        None => root.join("../shared/corpus"),
    }
}

/// The corpus documents (`.yaml`, `.yml`, `.json`), smallest first; large ones only when asked for.
pub fn documents(dir: &Path, include_large: bool) -> Vec<Document> {
    let mut out: Vec<Document> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json"))
                .filter_map(|path| {
                    let file = path.file_name()?.to_str()?.to_owned();
                    let stem = workspace::dir_name(path.file_stem()?.to_str()?);
                    let bytes = std::fs::metadata(&path).ok()?.len();
                    Some(Document { path, file, stem, bytes })
                })
                .collect()
        })
        .unwrap_or_default();
    out.retain(|d| include_large || d.bytes < LARGE_BYTES);
    out.sort_by(|a, b| (a.bytes, &a.file).cmp(&(b.bytes, &b.file)));
    out
}

/// Generates every document into the workspace at `ws` and builds it. Returns one row per document, in order.
pub fn run_corpus(root: &Path, docs: &[Document], ws: &Path) -> Result<Vec<Row>, String> {
    std::fs::create_dir_all(ws.join("crates")).map_err(|e| format!("cannot create {}: {e}", ws.display()))?;
    // Compiler messages name files by absolute, canonical paths: attribute them with the same kind of path.
    let ws = &std::fs::canonicalize(ws).map_err(|e| format!("cannot resolve {}: {e}", ws.display()))?;
    let crates_dir = ws.join("crates");
    oagen::write_files(&ws.join("oagen-runtime"), &oagen::runtime::files())
        .map_err(|e| format!("cannot write the runtime: {e}"))?;
    let mut rows = Vec::with_capacity(docs.len());
    let mut members = Vec::new();
    for doc in docs {
        let mut row = Row { file: doc.file.clone(), ..Row::default() };
        let mut options =
            oagen::Options::new(format!("corpus-{}", doc.stem)).runtime_path(Path::new("../../oagen-runtime"));
        options.command = "cargo xtask corpus".to_owned();
        options.source_label = Some(doc.file.clone());
        let start = Instant::now();
        let result = oagen::generate_path(&doc.path, &options);
        row.generation_ms = start.elapsed().as_millis();
        match result {
            Ok(out) => {
                row.openapi = out.summary.openapi.clone();
                row.operations = out.summary.operations;
                row.webhooks = out.summary.webhooks;
                row.types = out.summary.types;
                count(&out.diagnostics, &mut row);
                let dir = crates_dir.join(&doc.stem);
                oagen::write_files(&dir, &out.files).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
                members.push(format!("crates/{}", doc.stem));
            }
            Err(f) => {
                count(&f.diagnostics, &mut row);
                row.failure = Some(f.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "));
            }
        }
        rows.push(row);
    }
    if let Some(doc) = docs.iter().find(|d| d.file == MODULE_FORM_DOCUMENT) {
        write_module_form(&crates_dir.join("module-form"), doc)?;
        members.push("crates/module-form".to_owned());
    }
    for (dir, package, parts) in PARTS_CRATES {
        let mut options = oagen::Options::new(package).runtime_path(Path::new("../../oagen-runtime"));
        options.command = "cargo xtask corpus".to_owned();
        options.plan.parts = parts;
        let out = oagen::generate_path(&root.join(PARTS_SPEC), &options).map_err(|f| format!("{PARTS_SPEC}: {f}"))?;
        let target = crates_dir.join(dir);
        oagen::write_files(&target, &out.files).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        members.push(format!("crates/{dir}"));
    }
    remove_stale(&crates_dir, &members);
    workspace::write_manifest(root, ws, &members, "cargo xtask corpus")?;
    let built = workspace::build(root, ws, &[])?;
    for (doc, row) in docs.iter().zip(rows.iter_mut()) {
        if row.failure.is_some() {
            continue;
        }
        let result = built.get(&doc.stem).cloned().unwrap_or_default();
        row.compiles = Some(result.artifact && result.errors == 0);
        row.rustc_warnings = result.warnings;
        row.messages = result.messages;
    }
    if let Some(module) = built.get("module-form") {
        if !module.artifact || module.errors > 0 || module.warnings > 0 {
            return Err(format!(
                "the module-form crate (build-script API) does not build cleanly:\n{}",
                module.messages.join("\n")
            ));
        }
    }
    // The example server is not a library target: checked on its own, with the features of that crate alone.
    let example = workspace::build(root, ws, &["-p", "box", "--example", "box-server"])?;
    let checks = PARTS_CRATES.iter().map(|(dir, _, _)| (*dir, "", built.get(*dir).map(|b| (b, b.artifact))));
    let checks =
        checks.chain([("parts-server", " (example server)", example.get("parts-server").map(|b| (b, b.example)))]);
    for (dir, what, result) in checks {
        if !result.is_some_and(|(b, made)| made && b.errors == 0 && b.warnings == 0) {
            let messages = result.map(|(b, _)| b.messages.join("\n")).unwrap_or_default();
            return Err(format!("the {dir} crate{what} ({PARTS_SPEC}) does not build cleanly:\n{messages}"));
        }
    }
    Ok(rows)
}

fn count(diagnostics: &[oagen::Diagnostic], row: &mut Row) {
    row.spec_errors = diagnostics.iter().filter(|d| d.severity == oagen::Severity::Error).count();
    row.spec_warnings = diagnostics.iter().filter(|d| d.severity == oagen::Severity::Warning).count();
}

/// A crate that `include!`s the build-script output of one document.
fn write_module_form(dir: &Path, doc: &Document) -> Result<(), String> {
    let mut options = oagen::Options::new("module-form").runtime_path(Path::new("../../oagen-runtime"));
    options.command = "cargo xtask corpus".to_owned();
    options.source_label = Some(doc.file.clone());
    options.module_parts = oagen::ModuleParts { client: true, server: true };
    let module = oagen::generate_module(&doc.path, &options).map_err(|f| f.to_string())?;
    let files = [
        oagen::File {
            path: "Cargo.toml".into(),
            contents: "[package]\nname = \"corpus-module-form\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                [dependencies]\noagen-runtime = { path = \"../../oagen-runtime\", features = [\"client\", \"server\"] }\n\
                serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
                chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n\
                uuid = { version = \"1\", features = [\"serde\"] }\n\
                reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"multipart\"] }\n\
                axum = { version = \"0.8\", default-features = false, features = [\"tokio\", \"http1\"] }\n"
                .into(),
        },
        oagen::File {
            path: "src/lib.rs".into(),
            contents: "//! The build-script form: one file of inline modules, included.\n\n\
                pub mod api {\n    include!(\"api.rs\");\n}\n"
                .into(),
        },
        oagen::File { path: "src/api.rs".into(), contents: module.source },
    ];
    oagen::write_files(dir, &files).map_err(|e| format!("cannot write {}: {e}", dir.display()))
}

fn remove_stale(crates_dir: &Path, members: &[String]) {
    let Ok(rd) = std::fs::read_dir(crates_dir) else { return };
    for entry in rd.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !members.iter().any(|m| m == &format!("crates/{name}")) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The table, as Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | openapi | operations | types | generation ms | spec errors | spec warnings | compiles | rustc warnings |\n\
         |---|---|---:|---:|---:|---:|---:|---|---:|\n",
    );
    for r in rows {
        let ops = if r.webhooks > 0 {
            format!("{} ({} webhooks)", r.operations, r.webhooks)
        } else {
            r.operations.to_string()
        };
        let compiles = match (&r.failure, r.compiles) {
            (Some(_), _) => "not generated",
            (None, Some(true)) => "yes",
            (None, Some(false)) => "**no**",
            (None, None) => "not built",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.file,
            r.openapi,
            ops,
            r.types,
            r.generation_ms,
            r.spec_errors,
            r.spec_warnings,
            compiles,
            r.rustc_warnings
        ));
    }
    out
}

/// Whether every row generated, compiled, and had no compiler warnings.
pub fn all_clean(rows: &[Row]) -> bool {
    rows.iter().all(|r| r.failure.is_none() && r.compiles == Some(true) && r.rustc_warnings == 0)
}

/// Runs the command: prints the table (and the compiler's messages for crates that are not clean).
pub fn run(include_large: bool, write: bool) -> ExitCode {
    let root = crate::codegen::repo_root();
    let dir = corpus_dir(&root);
    let docs = documents(&dir, include_large);
    if docs.is_empty() {
        eprintln!("no documents in {}", dir.display());
        return ExitCode::FAILURE;
    }
    let start = Instant::now();
    let rows = match run_corpus(&root, &docs, &root.join("target/corpus-ws")) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for r in &rows {
        if let Some(f) = &r.failure {
            eprintln!("{}: not generated: {f}", r.file);
        }
        for m in &r.messages {
            eprintln!("{}:\n{m}", r.file);
        }
    }
    let table = table(&rows);
    println!("{table}");
    eprintln!("{} documents in {:.1} s", rows.len(), start.elapsed().as_secs_f64());
    if write {
        let doc = format!(
            "# Corpus\n\nLatest output of `cargo xtask corpus --write` (debug build of the generator; generation times vary by machine).\n\
             Every document of `../shared/corpus/` (see its `SOURCES.md`) is generated, and each crate is checked with\n\
             `cargo clippy` in one shared workspace (`target/corpus-ws/`). \"spec errors/warnings\" are the generator's\n\
             diagnostics (run `oagen check <document>` to read them); \"rustc warnings\" are compiler and clippy warnings in the\n\
             generated crate. `tests/corpus.rs` runs the same build on every document smaller than 1 MB (set\n\
             `OAGEN_CORPUS_LARGE=1` to include Stripe) and fails unless each compiles with no warnings.\n\n{table}"
        );
        // The examples section (`cargo xtask examples --write`) is kept as it is.
        let existing = std::fs::read_to_string(root.join("docs/corpus.md")).unwrap_or_default();
        let kept = existing.find(crate::examples::BEGIN).map(|i| format!("\n{}", &existing[i..])).unwrap_or_default();
        if let Err(e) = std::fs::write(root.join("docs/corpus.md"), doc + &kept) {
            eprintln!("error: cannot write docs/corpus.md: {e}");
            return ExitCode::FAILURE;
        }
    }
    if all_clean(&rows) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
