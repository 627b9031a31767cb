//! oagen: OpenAPI 3.0/3.1 documents to Rust crates.
//!
//! ```no_run
//! let out = oagen::generate_path(std::path::Path::new("specs/healvi.yaml"), &oagen::Options::new("healvi-api"))
//!     .expect("the spec is readable");
//! for d in &out.diagnostics {
//!     eprintln!("{d}");
//! }
//! for file in &out.files {
//!     println!("{}: {} bytes", file.path, file.contents.len());
//! }
//! ```
//!
//! The pipeline runs one way: text → [`oagen_spec`] (parse, normalise) → [`oagen_ir`] (types and operations) →
//! [`oagen_rust`] (token streams, formatted files). Problems in the document are [`Diagnostic`]s, never panics.

pub use oagen_ir as ir;
pub use oagen_rust::File;
pub use oagen_spec::{Diagnostic, Format, Location, Pointer, Severity, Source};

use std::path::Path;

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// The `oagen-runtime` dependency as a TOML value (default: the crates.io version).
    pub runtime_dependency: String,
    /// The command named in the `@generated` header.
    pub command: String,
    /// How the spec is named in headers (default: the source's name).
    pub source_label: Option<String>,
}

impl Options {
    /// Defaults for a crate called `crate_name`.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options {
            crate_name: crate_name.into(),
            runtime_dependency: "\"0.1\"".to_owned(),
            command: "oagen generate".to_owned(),
            source_label: None,
        }
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
    match generate(source, &Options::new("check")) {
        Ok(out) => out.diagnostics,
        Err(f) => f.diagnostics,
    }
}

/// Reads and generates from a file.
pub fn generate_path(path: &Path, options: &Options) -> Result<Output, Failure> {
    let source = Source::read(path).map_err(|d| Failure { diagnostics: vec![d] })?;
    generate(&source, options)
}

/// The stack the pipeline runs on. Every recursive stage is bounded by a depth guard (the normaliser's schema depth,
/// the parsers' recursion limits), but what those bounds cost in stack is not small: `syn` alone needs tens of
/// kilobytes per level of a `Vec<Vec<..>>` in a debug build, more than a 2 MiB test or async worker thread has. The
/// memory is reserved, not committed, so an ordinary document uses no more than it did.
const PIPELINE_STACK: usize = 256 << 20;

/// Generates a crate from a source. Fails only when the document cannot be read as OpenAPI 3 at all; problems
/// inside it are diagnostics beside a complete output.
///
/// Runs on a thread of its own with a large stack, so that the depth a hostile document can reach within the
/// guards never overflows the caller's stack (which may be a 2 MiB thread).
pub fn generate(source: &Source, options: &Options) -> Result<Output, Failure> {
    std::thread::scope(|scope| {
        match std::thread::Builder::new().name("oagen".into()).stack_size(PIPELINE_STACK).spawn_scoped(scope, || {
            generate_here(source, options)
        }) {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had (a constrained process): the caller's stack has to do.
            Err(_) => generate_here(source, options),
        }
    })
}

fn generate_here(source: &Source, options: &Options) -> Result<Output, Failure> {
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
        runtime_dependency: options.runtime_dependency.clone(),
        command: options.command.clone(),
        source: options.source_label.clone().unwrap_or_else(|| source.name.clone()),
    };
    let files = oagen_rust::emit_crate(&api, &crate_opts).map_err(|e| {
        let mut diagnostics = diagnostics.clone();
        diagnostics.push(Diagnostic::error(&Pointer::root(), format!("internal error in the Rust emitter: {e}")));
        Failure { diagnostics }
    })?;
    Ok(Output { files, diagnostics })
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
