//! oagen: OpenAPI 3.0/3.1 documents to Rust crates.
//!
//! Three entry points, one pipeline:
//!
//! - [`generate_path`] / [`generate`]: a spec in, a ready crate out ([`Output::files`], written with
//!   [`write_files`]), with every diagnostic as a value. This is what `oagen generate` and `cargo xtask codegen`
//!   call.
//! - [`generate_module`]: a spec in, one formatted Rust source file out, for a `build.rs` to write into `OUT_DIR`
//!   and the crate to `include!`.
//! - [`check`] / [`check_path`]: the diagnostics only (`oagen check`).
//!
//! A crate written with [`write_files`] builds on its own wherever it is written: by default
//! ([`Options::new`]) it carries a copy of the runtime it needs in `oagen-runtime/` (see [`runtime`]).
//!
//! ```no_run
//! let out = oagen::generate_path(std::path::Path::new("specs/healvi.yaml"), &oagen::Options::new("healvi-api"))
//!     .expect("the spec is readable");
//! for d in &out.diagnostics {
//!     eprintln!("{d}");
//! }
//! oagen::write_files(std::path::Path::new("healvi-api"), &out.files).expect("the directory is writable");
//! ```
//!
//! From a build script (`oagen` as a build-dependency; the crate itself depends on `serde`, `serde_json`,
//! `oagen-runtime`, and `chrono`/`uuid` when the spec uses those formats):
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     let spec = std::path::Path::new("openapi.yaml");
//!     println!("cargo:rerun-if-changed={}", spec.display());
//!     let module = match oagen::generate_module(spec, &oagen::Options::new("my-api")) {
//!         Ok(module) => module,
//!         Err(failure) => panic!("{failure}"),
//!     };
//!     for d in &module.diagnostics {
//!         println!("cargo:warning={d}");
//!     }
//!     let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("api.rs");
//!     std::fs::write(out, module.source).unwrap();
//! }
//! // src/lib.rs:
//! // pub mod api { include!(concat!(env!("OUT_DIR"), "/api.rs")); }
//! // ... api::types::Pet ...
//! ```
//!
//! The pipeline runs one way: text → [`oagen_spec`] (parse, normalise) → [`oagen_ir`] (types and operations) →
//! [`oagen_rust`] (token streams, formatted files). Problems in the document are [`Diagnostic`]s, never panics.

pub mod runtime;

pub use oagen_ir as ir;
pub use oagen_rust::File;
pub use oagen_spec::{Diagnostic, Location, Pointer, Severity, Source};

use std::path::Path;

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// The `oagen-runtime` dependency as a TOML value. [`Options::new`] sets it to the vendored copy
    /// ([`runtime::VENDORED_DEPENDENCY`]); [`Options::runtime_path`] to an existing runtime crate.
    pub runtime_dependency: String,
    /// Whether the output includes a copy of the runtime under `oagen-runtime/` (see [`runtime`]).
    pub vendor_runtime: bool,
    /// The command named in the `@generated` header.
    pub command: String,
    /// How the spec is named in headers (default: the source's name).
    pub source_label: Option<String>,
    /// Whether `$ref`s to `http://` URLs are fetched (off by default: they are refused with an error).
    pub allow_remote_refs: bool,
}

impl Options {
    /// Defaults for a crate called `crate_name`, with the runtime vendored into the output.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options {
            crate_name: crate_name.into(),
            runtime_dependency: runtime::VENDORED_DEPENDENCY.to_owned(),
            vendor_runtime: true,
            command: "oagen generate".to_owned(),
            source_label: None,
            allow_remote_refs: false,
        }
    }

    /// Depends on an existing `oagen-runtime` crate at `path` (written as given: relative paths are relative to
    /// the generated crate) instead of vendoring a copy.
    pub fn runtime_path(mut self, path: &Path) -> Self {
        let p = path.display().to_string().replace('\\', "/");
        self.runtime_dependency = format!("{{ path = {} }}", oagen_rust::manifest::toml_string(&p));
        self.vendor_runtime = false;
        self
    }
}

/// The result of a generation.
#[derive(Debug, Clone)]
pub struct Output {
    /// The crate's files, relative to its root.
    pub files: Vec<File>,
    /// Everything the generator reinterpreted or could not honour, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Output {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Why nothing could be generated.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The diagnostics that explain it (at least one error).
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// Checks a document: its diagnostics, without writing anything.
pub fn check(source: &Source) -> Vec<Diagnostic> {
    let mut options = Options::new("check");
    options.vendor_runtime = false;
    match generate(source, &options) {
        Ok(out) => out.diagnostics,
        Err(f) => f.diagnostics,
    }
}

/// Reads and checks a file: the diagnostics (a file that cannot be read is one error).
pub fn check_path(path: &Path, options: &Options) -> Vec<Diagnostic> {
    let mut options = options.clone();
    options.vendor_runtime = false;
    match generate_path(path, &options) {
        Ok(out) => out.diagnostics,
        Err(f) => f.diagnostics,
    }
}

/// Reads and generates from a file.
pub fn generate_path(path: &Path, options: &Options) -> Result<Output, Failure> {
    let source = Source::read(path).map_err(|d| Failure { diagnostics: vec![d] })?;
    generate(&source, options)
}

/// Generates a crate from a source. Fails only when the document cannot be read as OpenAPI 3 at all; problems
/// inside it are diagnostics beside a complete output.
pub fn generate(source: &Source, options: &Options) -> Result<Output, Failure> {
    let (spec, mut diagnostics) = oagen_spec::load(source);
    let Some(spec) = spec else { return Err(Failure { diagnostics }) };
    let mut diags = oagen_spec::Diagnostics::new();
    let api = oagen_ir::build(&spec, &mut diags);
    let mut ir_diags = diags.into_sorted();
    source.locate_all(&mut ir_diags);
    diagnostics.extend(ir_diags);
    diagnostics.sort_by(|a, b| (a.pointer.as_str(), &a.message).cmp(&(b.pointer.as_str(), &b.message)));
    diagnostics.dedup();
    let crate_opts = oagen_rust::CrateOptions {
        crate_name: options.crate_name.clone(),
        runtime_dependency: if options.vendor_runtime {
            runtime::VENDORED_DEPENDENCY.to_owned()
        } else {
            options.runtime_dependency.clone()
        },
        command: options.command.clone(),
        source: options.source_label.clone().unwrap_or_else(|| source.name.clone()),
    };
    let mut files = oagen_rust::emit_crate(&api, &crate_opts).map_err(|e| {
        let mut diagnostics = diagnostics.clone();
        diagnostics.push(Diagnostic::error(&Pointer::root(), format!("internal error in the Rust emitter: {e}")));
        Failure { diagnostics }
    })?;
    if options.vendor_runtime {
        files.extend(runtime::files().into_iter().map(|f| File { path: format!("{}/{}", runtime::VENDOR_DIR, f.path), ..f }));
    }
    Ok(Output { files, diagnostics })
}

/// A generated API as one Rust source file, for a build script to write into `OUT_DIR` and the crate to
/// `include!` inside a module.
#[derive(Debug, Clone)]
pub struct Module {
    /// Formatted Rust: each module of the generated crate as an inline `pub mod` (`pub mod types { ... }`), with
    /// no inner attributes at the top level (which `include!` does not accept).
    pub source: String,
    /// Everything the generator reinterpreted or could not honour.
    pub diagnostics: Vec<Diagnostic>,
}

/// Generates the API's modules as one source file (see [`Module`]). The including crate depends on what the
/// generated `Cargo.toml` would list: `serde` (with `derive`), `serde_json`, `oagen-runtime`, and `chrono` /
/// `uuid` when the spec has date or UUID formats.
pub fn generate_module(path: &Path, options: &Options) -> Result<Module, Failure> {
    let mut options = options.clone();
    options.vendor_runtime = false;
    let out = generate_path(path, &options)?;
    let modules: Vec<(&str, &str)> = out
        .files
        .iter()
        .filter_map(|f| {
            let name = f.path.strip_prefix("src/")?.strip_suffix(".rs")?;
            (name != "lib" && !name.contains('/')).then_some((name, f.contents.as_str()))
        })
        .collect();
    let header = format!(
        "// @generated by `{}` from {}. Do not edit: changes are lost on the next build.",
        options.command,
        options.source_label.clone().unwrap_or_else(|| path.display().to_string())
    );
    let source = oagen_rust::format::inline_modules(&modules, &header).map_err(|e| Failure {
        diagnostics: vec![Diagnostic::error(&Pointer::root(), format!("internal error while inlining modules: {e}"))],
    })?;
    Ok(Module { source, diagnostics: out.diagnostics })
}

/// Writes generated files under `dir` (creating directories), leaving files it did not generate alone. A file
/// whose contents are already right is not rewritten, so a build that watches it is not triggered again.
pub fn write_files(dir: &Path, files: &[File]) -> std::io::Result<()> {
    for f in files {
        let target = dir.join(&f.path);
        if std::fs::read(&target).ok().as_deref() == Some(f.contents.as_bytes()) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, &f.contents)?;
    }
    Ok(())
}

/// Renders a diagnostic like rustc: severity and message, then the place, then the source line.
pub fn render(d: &Diagnostic, source: &Source) -> String {
    let mut out = format!("{}: {}\n", d.severity, d.message);
    match d.location {
        Some(loc) => {
            out.push_str(&format!("  --> {}:{}:{} ({})\n", source.name, loc.line, loc.column, d.pointer));
            if let Some(line) = source.line_text(loc.line) {
                let number = loc.line.to_string();
                let pad = " ".repeat(number.len());
                out.push_str(&format!("{pad} |\n{number} | {line}\n{pad} | {}^\n", " ".repeat(loc.column.saturating_sub(1))));
            }
        }
        None => out.push_str(&format!("  --> {} ({})\n", source.name, d.pointer)),
    }
    if let Some(note) = &d.note {
        out.push_str(&format!("  = note: {note}\n"));
    }
    out
}
