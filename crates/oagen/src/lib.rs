//! oagen: OpenAPI 3.0/3.1 documents to Rust crates.
//!
//! Three entry points, one pipeline:
//!
//! - [`generate_path`] / [`generate`]: a spec in, a ready crate out ([`Output::files`], written with
//!   [`write_files`]), with every diagnostic as a value. This is what `oagen generate` and `cargo xtask codegen`
//!   call.
//! - [`generate_module`]: a spec in, one formatted Rust source file out, for a `build.rs` to write into `OUT_DIR`
//!   and the crate to `include!` (the models; the client and server too when [`Options::module_parts`] asks).
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
//! // build.rs, in `fn main()`:
//! let spec = std::path::Path::new("openapi.yaml");
//! println!("cargo:rerun-if-changed={}", spec.display());
//! let module = match oagen::generate_module(spec, &oagen::Options::new("my-api")) {
//!     Ok(module) => module,
//!     Err(failure) => panic!("{failure}"),
//! };
//! for d in &module.diagnostics {
//!     println!("cargo:warning={d}");
//! }
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("api.rs");
//! std::fs::write(out, module.source).unwrap();
//! // src/lib.rs:
//! // pub mod api { include!(concat!(env!("OUT_DIR"), "/api.rs")); }
//! // ... api::types::Pet ...
//! ```
//!
//! The pipeline runs one way: text → [`oagen_spec`] (parse, normalise) → [`oagen_ir`] (types and operations) →
//! [`oagen_rust`] (token streams, formatted files). Problems in the document are [`Diagnostic`]s, never panics.

pub mod config;
pub mod diff;
pub mod runtime;

pub use config::{Config, CONFIG_FILE};
pub use oagen_ir as ir;
pub use oagen_rust::crate_name::{lib_name, package_name};
pub use oagen_rust::{ClientOptions, File, PackageInfo, Parts, PlanOptions, Runtime};
pub use oagen_spec::{Diagnostic, Fetcher, Format, Location, Pagination, PaginationStyle, Pointer, Severity, Source};

use runtime::VENDOR_DIR;
use std::path::Path;

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// How the crate is planned: its package name (`plan.crate_name`, as [`package_name`] makes it: any text gives
    /// a crate that builds, `Foo-public.v2` → `foo-public-v2`, `2024` → `api-2024`; its library name is
    /// [`lib_name`], the package name with `_` for `-`, or with `_api` appended when that is a keyword or a crate the
    /// generated code uses, `box` → `box_api`), which optional modules a crate from [`generate`] has besides the
    /// models (`plan.parts`, [`Options::new`]: [`Parts::ALL`]; the manifest declares only what they use, and
    /// [`write_files`] removes a left-out part's files that an earlier generation wrote), the choices about the client
    /// that the spec does not make (`plan.client`), and one Cargo feature per tag (`plan.features_per_tag`, off:
    /// `tag-<kebab-case tag>`, `full` turning them all on; for large APIs, whose dependents build only the tags they
    /// use; not applied to [`generate_module`]).
    pub plan: PlanOptions,
    /// Where the crate's `oagen-runtime` comes from ([`Options::new`]: [`Runtime::Vendored`], a copy written into
    /// the output under `oagen-runtime/`, see [`runtime`]; [`Runtime::Version`] depends on the runtime from
    /// crates.io, at the version this generator writes code for; [`Options::runtime_path`] on a runtime crate at a
    /// path).
    pub runtime: Runtime,
    /// What the crate's `[package]` says that the spec does not (`oagen.toml`'s `[package]` table).
    pub package: PackageInfo,
    /// The command named in the `@generated` header.
    pub command: String,
    /// How the spec is named in headers (default: the source's name).
    pub source_label: Option<String>,
    /// Whether `$ref`s to `http://` URLs are fetched (off by default: they are refused with an error).
    pub allow_remote_refs: bool,
    /// How remote documents are fetched when allowed (default: a plain HTTP/1.1 GET, see
    /// [`oagen_spec::bundle::http_get`]).
    pub fetch: Option<oagen_spec::Fetcher>,
    /// Which optional modules [`generate_module`] inlines besides the models ([`Options::new`]: none). The
    /// including crate then needs their dependencies: `reqwest` (with `oagen-runtime/client`) for the client,
    /// `axum` (with `oagen-runtime/server`) for the server. `plan.parts` does not apply to the module form.
    pub module_parts: Parts,
    /// Whether [`generate`] writes the crate ([`Options::new`]: yes). Without it only the spec is read and lowered:
    /// the diagnostics come back with no files, at a fraction of the cost on a large spec (what [`check`] and
    /// `oagen check` do).
    pub emit: bool,
    /// What is done with the spec's own examples ([`Options::new`]: nothing): each checked against its schema,
    /// the invalid ones reported as warnings (`oagen check --examples`), and the valid ones written as tests of the
    /// generated models (`oagen generate --example-tests`, `tests/spec_examples.rs`).
    pub examples: ExampleOptions,
    /// How `format: date-time` values are held ([`Options::new`]: [`DateTimes::Instant`]).
    pub date_times: DateTimes,
}

/// How the models hold `format: date-time` values ([`Options::date_times`], `[models] date-time` in `oagen.toml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateTimes {
    /// `chrono::DateTime<chrono::Utc>`: the instant, written back in UTC (`-04:00` becomes `Z`, `.000` is dropped);
    /// what callers compute with. The default.
    #[default]
    Instant,
    /// `String`: the text as received, written back byte for byte, neither parsed nor checked.
    Text,
}

/// What [`generate`] does with the spec's own examples ([`Options::examples`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExampleOptions {
    /// Check every example against its schema, with a warning for each invalid one.
    pub check: bool,
    /// Write `tests/spec_examples.rs`: every valid example of a generated type decodes into it and is written back
    /// with every datum it had.
    pub tests: bool,
}

/// The former name of [`Parts`], from when only [`generate_module`] could leave modules out.
pub type ModuleParts = Parts;

impl Options {
    /// Defaults for a crate called `crate_name` (made a valid package name, see [`Options::plan`]), with the
    /// runtime vendored into the output.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options {
            plan: PlanOptions::new(&package_name(&crate_name.into()), Parts::ALL),
            runtime: Runtime::Vendored,
            package: PackageInfo::default(),
            command: "oagen generate".to_owned(),
            source_label: None,
            allow_remote_refs: false,
            fetch: None,
            module_parts: Parts::MODELS,
            emit: true,
            examples: ExampleOptions::default(),
            date_times: DateTimes::Instant,
        }
    }

    /// Depends on an existing `oagen-runtime` crate at `path` (written as given: relative paths are relative to
    /// the generated crate) instead of vendoring a copy.
    pub fn runtime_path(mut self, path: &Path) -> Self {
        self.runtime = Runtime::Path(path.display().to_string().replace('\\', "/"));
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
    /// What was generated, in numbers.
    pub summary: Summary,
    /// The other documents the spec's `$ref`s reached (for [`render_with`]).
    pub documents: Vec<Source>,
    /// How long each stage took (reading and writing files are the caller's, and not included).
    pub timings: Timings,
}

/// Time spent in each stage of a generation, for `cargo xtask bench` and `OAGEN_TIMINGS`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Text to a JSON tree (YAML or JSON).
    pub parse: std::time::Duration,
    /// File `$ref`s followed, the document normalised into the typed model.
    pub normalise: std::time::Duration,
    /// The IR built (types, operations, passes).
    pub ir: std::time::Duration,
    /// Token streams built from the IR.
    pub emit: std::time::Duration,
    /// Token streams formatted into source text.
    pub format: std::time::Duration,
    /// Diagnostics mapped to lines and columns.
    pub locate: std::time::Duration,
}

impl Timings {
    /// The stages as `(name, milliseconds)`, in pipeline order.
    pub fn stages(&self) -> [(&'static str, f64); 6] {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        [
            ("parse", ms(self.parse)),
            ("normalise", ms(self.normalise)),
            ("ir", ms(self.ir)),
            ("emit", ms(self.emit)),
            ("format", ms(self.format)),
            ("locate", ms(self.locate)),
        ]
    }
}

/// What a generation produced, for reports such as `cargo xtask corpus`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The `openapi` version the document declares, e.g. `3.1.0`.
    pub openapi: String,
    /// Operations generated (webhooks included).
    pub operations: usize,
    /// Of which webhooks.
    pub webhooks: usize,
    /// Named types (structs, enums, unions, aliases) in the models.
    pub types: usize,
    /// The spec's own examples, when [`Options::examples`] asks for them.
    pub examples: ExampleCounts,
}

/// How many of the spec's examples there are, how many their schemas accept, and of those how many are of a
/// generated type (each a test in `tests/spec_examples.rs` with [`ExampleOptions::tests`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExampleCounts {
    /// Examples found (schemas, parameters, headers, media types).
    pub examples: usize,
    /// Of which their schema accepts.
    pub valid: usize,
    /// Valid examples of a generated type (components and named inline types).
    pub typed: usize,
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
    options.emit = false;
    match generate(source, &options) {
        Ok(out) => out.diagnostics,
        Err(f) => f.diagnostics,
    }
}

/// Reads and checks a file: the diagnostics (a file that cannot be read is one error).
pub fn check_path(path: &Path, options: &Options) -> Vec<Diagnostic> {
    let mut options = options.clone();
    options.emit = false;
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
        match std::thread::Builder::new()
            .name("oagen".into())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, || generate_here(source, options))
        {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had (a constrained process): the caller's stack has to do.
            Err(_) => generate_here(source, options),
        }
    })
}

fn generate_here(source: &Source, options: &Options) -> Result<Output, Failure> {
    let load_options =
        oagen_spec::LoadOptions { allow_remote: options.allow_remote_refs, fetch: options.fetch.clone() };
    let loaded = oagen_spec::load_unlocated(source, &load_options);
    let documents = loaded.documents.as_slice();
    let Some(spec) = &loaded.spec else {
        let mut diagnostics = loaded.diagnostics;
        oagen_spec::locate_in(source, documents, &mut diagnostics);
        return Err(Failure { diagnostics });
    };
    let mut timings =
        Timings { parse: loaded.timings.parse, normalise: loaded.timings.normalise, ..Timings::default() };
    let crate_opts = oagen_rust::CrateOptions {
        plan: options.plan.clone(),
        runtime: options.runtime.clone(),
        package: options.package.clone(),
        command: options.command.clone(),
        source: options.source_label.clone().unwrap_or_else(|| source.name.clone()),
    };
    let (api, emitted, mut diagnostics, examples) = std::thread::scope(|scope| {
        // Locating diagnostics needs only the source text, so it runs beside the IR build and the emission.
        let loader = Locating::start(scope, source, documents, loaded.diagnostics);
        let started = std::time::Instant::now();
        let mut diags = oagen_spec::Diagnostics::new();
        let mut api = oagen_ir::build(spec, &mut diags);
        if options.date_times == DateTimes::Text {
            oagen_ir::date_times_as_text(&mut api);
        }
        // The plan, once: what the emitters write, and what planning found worth saying (which operations
        // paginate, the multipart bodies left untyped), even when nothing is written.
        let (plan, planned) = oagen_rust::plan::Plan::new(&api, &crate_opts.plan);
        for d in planned {
            diags.push(d);
        }
        let (example_counts, example_tests) = spec_examples(spec, &api, options.examples, &mut diags);
        timings.ir = started.elapsed();
        let ir = Locating::start(scope, source, documents, diags.into_sorted());
        let mut emitted = match options.emit {
            true => oagen_rust::emit_crate_timed(&plan, &crate_opts),
            false => Ok((Vec::new(), oagen_rust::EmitTimings::default())),
        };
        if let (Ok((files, _)), true) = (&mut emitted, options.emit && options.examples.tests) {
            let tokens = oagen_rust::example_tests::example_tests_file(&plan, &example_tests);
            match oagen_rust::format::format_file(tokens, &oagen_rust::file_header(&crate_opts)) {
                Ok(contents) => files.push(File { path: "tests/spec_examples.rs".to_owned(), contents }),
                Err(e) => emitted = Err(format!("tests/spec_examples.rs: {e}")),
            }
        }
        drop(plan);
        let (mut diagnostics, loader_time) = loader.finish();
        let (ir_diagnostics, ir_time) = ir.finish();
        timings.locate = loader_time + ir_time;
        diagnostics.extend(ir_diagnostics);
        (api, emitted, diagnostics, example_counts)
    });
    sort_diagnostics(&mut diagnostics);
    let (mut files, emit_timings) = emitted.map_err(|e| {
        let mut diagnostics = diagnostics.clone();
        diagnostics.push(Diagnostic::error(&Pointer::root(), format!("internal error in the Rust emitter: {e}")));
        Failure { diagnostics }
    })?;
    timings.emit = emit_timings.tokens;
    timings.format = emit_timings.format;
    if options.runtime == Runtime::Vendored && options.emit {
        files.extend(
            runtime::files().into_iter().map(|f| File { path: format!("{}/{}", runtime::VENDOR_DIR, f.path), ..f }),
        );
    }
    let summary = Summary {
        openapi: spec.root.get("openapi").and_then(|v| v.as_str()).unwrap_or_default().to_owned(),
        operations: api.operations.len(),
        webhooks: api.operations.iter().filter(|o| o.webhook).count(),
        types: api.types.named().count(),
        examples,
    };
    let documents = loaded.documents.into_iter().map(|m| m.source).collect();
    Ok(Output { files, diagnostics, summary, documents, timings })
}

/// The spec's own examples as [`Options::examples`] asks: checked (a warning for each invalid one), counted, and
/// the valid ones of generated types planned as tests.
fn spec_examples(
    spec: &oagen_spec::Spec,
    api: &oagen_ir::Api,
    asked: ExampleOptions,
    diags: &mut oagen_spec::Diagnostics,
) -> (ExampleCounts, Vec<oagen_rust::example_tests::ExampleTest>) {
    if !asked.check && !asked.tests {
        return (ExampleCounts::default(), Vec::new());
    }
    let examples = oagen_ir::examples::examples(spec);
    let tests = oagen_rust::example_tests::plan_example_tests(api, &examples);
    let valid = examples.iter().filter(|e| e.verdict.is_ok()).count();
    if asked.check {
        for e in &examples {
            if let Err(reason) = &e.verdict {
                diags.push(
                    Diagnostic::warning(
                        &e.pointer,
                        format!("the spec's own example does not match its schema: {reason}"),
                    )
                    .with_note(format!("checked against {}", place_of(&e.schema))),
                );
            } else if !e.unlisted.is_empty() {
                let list: Vec<String> = e.unlisted.iter().map(|p| format!("`{p}`")).collect();
                diags.push(
                    Diagnostic::warning(
                        &e.pointer,
                        format!("the spec's own example has properties its schema does not list: {}", list.join(", ")),
                    )
                    .with_note(
                        "allowed (`additionalProperties` is not written), but no generated field holds them: \
                         a misspelt name?",
                    ),
                );
            }
        }
    }
    (ExampleCounts { examples: examples.len(), valid, typed: tests.len() }, tests)
}

/// A schema's place as a diagnostic names it.
fn place_of(p: &Pointer) -> String {
    if p.as_str().is_empty() {
        "the document root".to_owned()
    } else {
        format!("`#{}`", p.as_str())
    }
}

/// Diagnostics being located ([`oagen_spec::locate_in`]) with how long it took: on a thread of their own beside the
/// caller's work when the source is large, else already done (a thread costs more than a small document's lookups).
enum Locating<'scope> {
    Beside(std::thread::ScopedJoinHandle<'scope, (Vec<Diagnostic>, std::time::Duration)>),
    Done(Vec<Diagnostic>, std::time::Duration),
}

impl<'scope> Locating<'scope> {
    /// Sources this long and longer are located on a thread of their own.
    const LARGE: usize = 256 << 10;

    fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        source: &'env Source,
        documents: &'env [oagen_spec::Mounted],
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        let locate = move |mut diagnostics: Vec<Diagnostic>| {
            let started = std::time::Instant::now();
            oagen_spec::locate_in(source, documents, &mut diagnostics);
            (diagnostics, started.elapsed())
        };
        if diagnostics.is_empty() || source.text.len() < Self::LARGE {
            let (diagnostics, time) = locate(diagnostics);
            return Locating::Done(diagnostics, time);
        }
        // The thread gets a copy, so that the diagnostics are still here when it cannot be started.
        let copy = diagnostics.clone();
        match std::thread::Builder::new().name("oagen-locate".into()).spawn_scoped(scope, move || locate(copy)) {
            Ok(handle) => Locating::Beside(handle),
            Err(_) => {
                let (diagnostics, time) = locate(diagnostics);
                Locating::Done(diagnostics, time)
            }
        }
    }

    fn finish(self) -> (Vec<Diagnostic>, std::time::Duration) {
        match self {
            Locating::Beside(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Locating::Done(diagnostics, time) => (diagnostics, time),
        }
    }
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
    // The including crate has its own dependency on the runtime: nothing is vendored.
    options.runtime = Runtime::Version;
    // Only what is inlined is emitted; the including crate declares no tag features.
    options.plan.parts = options.module_parts;
    options.plan.features_per_tag = false;
    let out = generate_path(path, &options)?;
    let modules: Vec<(&str, &str)> = out
        .files
        .iter()
        .filter_map(|f| {
            let name = f.path.strip_prefix("src/")?.strip_suffix(".rs")?;
            let wanted = match name {
                "lib" => false,
                "client" => options.module_parts.client,
                "server" => options.module_parts.server,
                _ => !name.contains('/'),
            };
            wanted.then_some((name, f.contents.as_str()))
        })
        .collect();
    let header = format!(
        "// @generated by `{}` from {}. Do not edit: changes are lost on the next build.",
        options.command,
        options.source_label.clone().unwrap_or_else(|| path.display().to_string())
    );
    let source =
        oagen_rust::format::inline_modules(oagen_rust::runtime_check(), &modules, &header).map_err(|e| Failure {
            diagnostics: vec![Diagnostic::error(
                &Pointer::root(),
                format!("internal error while inlining modules: {e}"),
            )],
        })?;
    Ok(Module { source, diagnostics: out.diagnostics })
}

/// Writes generated files under `dir` (creating directories), leaving files it did not generate alone. A file
/// whose contents are already right is not rewritten, so a build that watches it is not triggered again.
///
/// When `files` is a crate (it has `Cargo.toml` and `src/lib.rs`) without some optional part ([`Parts::FILES`]),
/// a file of that part left in `dir` by an earlier generation is removed, so that Cargo does not find a stale
/// `examples/server.rs` or module. Likewise, when `files` hold a vendored runtime (its `Cargo.toml` and sources),
/// a source file under its `src/` that an earlier oagen vendored and this one does not (a module that moved) is
/// removed; when a crate's `files` hold no vendored runtime (`--runtime version` or `path=`), the runtime an
/// earlier generation vendored into `dir` is removed, and so is a `LICENSE.md` the spec no longer needs. Only
/// files that carry oagen's `@generated` header are removed.
pub fn write_files(dir: &Path, files: &[File]) -> std::io::Result<()> {
    let has = |path: &str| files.iter().any(|f| f.path == path);
    for manifest in files.iter().filter(|f| {
        (f.path == "Cargo.toml" || f.path.ends_with("/Cargo.toml")) && runtime::is_vendored(&f.contents, "# ")
    }) {
        let root = manifest.path.strip_suffix("Cargo.toml").unwrap_or_default();
        remove_stale_sources(&dir.join(root).join("src"), &format!("{root}src/"), &has)?;
    }
    if has("Cargo.toml") && has("src/lib.rs") {
        let vendored = format!("{VENDOR_DIR}/Cargo.toml");
        let old = dir.join(&vendored);
        if !has(&vendored) && std::fs::read_to_string(&old).is_ok_and(|t| runtime::is_vendored(&t, "# ")) {
            let root = dir.join(VENDOR_DIR);
            remove_stale_sources(&root.join("src"), "", &|_| false)?;
            let _ = std::fs::remove_dir(root.join("src"));
            for file in ["Cargo.toml", "rustfmt.toml"] {
                let path = root.join(file);
                if std::fs::read_to_string(&path).is_ok_and(|t| runtime::is_vendored(&t, "# ")) {
                    std::fs::remove_file(&path)?;
                }
            }
            let _ = std::fs::remove_dir(&root);
        }
        let license = dir.join(oagen_rust::package::LICENSE_FILE);
        if !has(oagen_rust::package::LICENSE_FILE)
            && std::fs::read_to_string(&license).is_ok_and(|t| t.starts_with("<!-- @generated by `"))
        {
            std::fs::remove_file(&license)?;
        }
        for path in Parts::FILES.into_iter().filter(|p| !has(p)) {
            let target = dir.join(path);
            let generated = std::fs::read_to_string(&target).is_ok_and(|t| t.starts_with("// @generated by `"));
            if generated {
                std::fs::remove_file(&target)?;
                if let Some(parent) = target.parent().filter(|p| p.ends_with("examples")) {
                    // Only when nothing else is in it.
                    let _ = std::fs::remove_dir(parent);
                }
            }
        }
    }
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

/// Removes the vendored runtime sources under `src` (whose path in `files` starts with `prefix`) that `has` does
/// not list, and directories left empty by that.
fn remove_stale_sources(src: &Path, prefix: &str, has: &dyn Fn(&str) -> bool) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(src) else { return Ok(()) };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        // The entry itself, not what a symbolic link points to: only the runtime's own tree is swept.
        let Ok(kind) = entry.file_type() else { continue };
        let listed = format!("{prefix}{name}");
        if kind.is_dir() {
            remove_stale_sources(&path, &format!("{listed}/"), has)?;
            // Only when nothing else is in it.
            let _ = std::fs::remove_dir(&path);
        } else if kind.is_file()
            && !has(&listed)
            && std::fs::read_to_string(&path).is_ok_and(|t| runtime::is_vendored(&t, "// "))
        {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Sorts diagnostics as a reader meets them: by line and column in the source (those without a place last), then
/// by pointer and message; exact duplicates are dropped.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (d.file.clone(), d.location.is_none(), d.location, d.pointer.as_str().to_owned(), d.message.clone())
        };
        key(a).cmp(&key(b))
    });
    diagnostics.dedup();
}

/// Renders a diagnostic like rustc: severity and message, then the place, then the source line.
pub fn render(d: &Diagnostic, source: &Source) -> String {
    render_with(d, &[source])
}

/// Renders a diagnostic whose place may be in another document than the spec (one reached by a `$ref`, see
/// [`Output::documents`]): the source line is taken from the document [`Diagnostic::file`] names, else from the
/// first of `sources` (the spec). To render many, use one [`Renderer`]: it indexes each document's lines once.
pub fn render_with(d: &Diagnostic, sources: &[&Source]) -> String {
    Renderer::new(sources).render(d)
}

/// At most this many diagnostics of one kind are rendered by [`Renderer::render_all`] (as `oagen check` and
/// `oagen generate` print them); the rest are counted in one note.
pub const DIAGNOSTICS_PER_KIND: usize = 10;

/// At most this many characters of a source line are shown under a diagnostic: a longer line (minified JSON is one
/// line) is cut around the column, each cut end marked `...`.
pub const SNIPPET_WIDTH: usize = 120;

/// Of [`SNIPPET_WIDTH`], the characters shown before the column when the line is cut on both sides.
const SNIPPET_BEFORE: usize = 40;

/// Renders diagnostics against a set of documents (the spec first), finding source lines and columns through an
/// index of each document built once ([`oagen_spec::LineIndex`]: Stripe's spec has 109,000 lines and a hundred
/// warnings; a minified document is one line of megabytes).
pub struct Renderer<'a> {
    sources: Vec<(&'a Source, std::cell::OnceCell<oagen_spec::LineIndex<'a>>)>,
}

impl<'a> Renderer<'a> {
    /// A renderer for diagnostics of `sources` (the spec first).
    pub fn new(sources: &[&'a Source]) -> Self {
        Renderer { sources: sources.iter().map(|s| (*s, std::cell::OnceCell::new())).collect() }
    }

    /// The line index of source `index`.
    fn index(&self, index: usize) -> Option<&oagen_spec::LineIndex<'a>> {
        let (source, lines) = self.sources.get(index)?;
        Some(lines.get_or_init(|| oagen_spec::LineIndex::new(&source.text)))
    }

    /// Renders one diagnostic like rustc: severity and message, then the place, then the source line (the part of
    /// it around the column, when it is longer than [`SNIPPET_WIDTH`]).
    pub fn render(&self, d: &Diagnostic) -> String {
        let index = match &d.file {
            Some(file) => self.sources.iter().position(|(s, _)| s.name == **file),
            None => (!self.sources.is_empty()).then_some(0),
        };
        let source = index.map(|i| self.sources[i].0);
        let name = d.file.as_deref().map(str::to_owned).or_else(|| source.map(|s| s.name.clone())).unwrap_or_default();
        let mut out = format!("{}: {}\n", d.severity, d.message);
        match (d.location, index.and_then(|i| self.index(i))) {
            (Some(loc), Some(lines)) => {
                // A syntax error at the end of the input is reported past the last line: point after the last line.
                let loc = match lines.line(loc.line) {
                    Some(_) => loc,
                    None => {
                        let line = lines.line_count().max(1);
                        let end = lines.offset(Location { line, column: usize::MAX });
                        Location { line, column: end.map_or(1, |end| lines.location(end).column) }
                    }
                };
                out.push_str(&format!("  --> {}:{}:{} ({})\n", name, loc.line, loc.column, d.pointer));
                if let (Some(text), Some(at)) = (lines.line(loc.line), lines.offset(loc)) {
                    let start = at - lines.offset(Location { line: loc.line, column: 1 }).unwrap_or(at);
                    let (shown, caret) = snippet(text, start);
                    let number = loc.line.to_string();
                    let pad = " ".repeat(number.len());
                    out.push_str(&format!("{pad} |\n{number} | {shown}\n{pad} | {}^\n", " ".repeat(caret)));
                }
            }
            (Some(loc), None) => out.push_str(&format!("  --> {}:{}:{} ({})\n", name, loc.line, loc.column, d.pointer)),
            (None, _) => out.push_str(&format!("  --> {} ({})\n", name, d.pointer)),
        }
        if let Some(note) = &d.note {
            out.push_str(&format!("  = note: {note}\n"));
        }
        out
    }

    /// Renders `diagnostics` in their order for a reader: at most `per_kind` of each kind (the same severity and
    /// message but for the names and values in it, see [`diagnostic_kind`]), then, for each kind that had more,
    /// one note saying how many were left out. Lazily, so that a caller can stop early (a closed pipe).
    pub fn render_all<'d>(
        &'d self,
        diagnostics: &'d [Diagnostic],
        per_kind: usize,
    ) -> impl Iterator<Item = String> + use<'a, 'd> {
        let kinds: Vec<(Severity, String)> =
            diagnostics.iter().map(|d| (d.severity, diagnostic_kind(&d.message))).collect();
        // Each kind's total, in the order the kinds first appear.
        let mut totals: Vec<((Severity, String), usize)> = Vec::new();
        let mut position: std::collections::HashMap<(Severity, String), usize> = std::collections::HashMap::new();
        for kind in &kinds {
            match position.get(kind) {
                Some(&i) => totals[i].1 += 1,
                None => {
                    position.insert(kind.clone(), totals.len());
                    totals.push((kind.clone(), 1));
                }
            }
        }
        let mut shown = vec![0usize; totals.len()];
        let rendered = diagnostics.iter().zip(kinds).filter_map(move |(d, kind)| {
            let count = &mut shown[position[&kind]];
            *count += 1;
            (*count <= per_kind).then(|| self.render(d))
        });
        let notes =
            totals.into_iter().filter(move |(_, total)| *total > per_kind).map(move |((severity, kind), total)| {
                let left_out = total - per_kind;
                let what = if left_out == 1 { severity.to_string() } else { format!("{severity}s") };
                format!("note: {left_out} more {what} not shown ({per_kind} shown): {kind}\n")
            });
        rendered.chain(notes)
    }
}

/// What kind of diagnostic a message is: the message with its names and values masked (a span in backticks becomes
/// `` `…` ``, a quoted one `"…"`, and a word with digits or brackets, or that starts like a path or a pointer, `…`),
/// so that `` `a` is not supported`` and `` `b` is not supported`` are one kind.
pub fn diagnostic_kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    let mut word = String::new();
    // Whether the last word was masked: a run of masked words (a JSON value with spaces) is one `…`.
    let mut masked = false;
    let mut flush = |word: &mut String, out: &mut String| {
        let core = word.trim_end_matches(['.', ',', ';', ':', ')']);
        let plain = !core.starts_with(['/', '#', '$'])
            && !core.contains(|c: char| c.is_ascii_digit() || matches!(c, '{' | '}' | '[' | ']' | '<' | '>' | '='));
        if plain {
            out.push_str(word);
        } else {
            if masked {
                // Back to the end of the previous `…`, its punctuation and the space after it dropped.
                let end = out.rfind('…').map_or(out.len(), |i| i + '…'.len_utf8());
                out.truncate(end);
            } else {
                out.push('…');
            }
            out.push_str(&word[core.len()..]);
        }
        masked = !plain && !word.is_empty();
        word.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                // To the closing delimiter (a quoted value may escape its quotes).
                let mut escaped = false;
                for inner in chars.by_ref() {
                    if inner == c && !escaped {
                        break;
                    }
                    escaped = c == '"' && inner == '\\' && !escaped;
                }
                word.push(c);
                word.push('…');
                word.push(c);
            }
            ' ' => {
                flush(&mut word, &mut out);
                out.push(' ');
            }
            _ => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The part of `line` shown under a diagnostic whose column is at byte `at`, and the column of the caret in it (from
/// 0): the whole line when it has at most [`SNIPPET_WIDTH`] characters, else that many around `at` with `...` for
/// each cut end. Tabs are shown as four spaces and other control characters as their Unicode pictures (`␍`), so
/// that the caret lines up and the terminal is not driven.
fn snippet(line: &str, at: usize) -> (String, usize) {
    let at = (0..=at.min(line.len())).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
    let (before, after) = line.split_at(at);
    // Characters after the column, and before it, counted no further than the window needs.
    let after_count = after.chars().take(SNIPPET_WIDTH + 1).count();
    let before_want = SNIPPET_WIDTH - after_count.min(SNIPPET_WIDTH - SNIPPET_BEFORE);
    let before_start = before.char_indices().rev().take(before_want).last().map_or(before.len(), |(i, _)| i);
    let before_shown = &before[before_start..];
    let after_want = SNIPPET_WIDTH - before_shown.chars().count();
    let after_end = after.char_indices().nth(after_want).map_or(after.len(), |(i, _)| i);
    let mut shown = String::new();
    if before_start > 0 {
        shown.push_str("...");
    }
    push_visible(&mut shown, before_shown);
    let caret = shown.chars().count();
    push_visible(&mut shown, &after[..after_end]);
    if after_end < after.len() {
        shown.push_str("...");
    }
    (shown, caret)
}

/// Appends `text` as it is shown in a snippet: a tab as four spaces, other control characters as their pictures.
fn push_visible(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\0'..='\x1f' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\x7f' => out.push('\u{2421}'),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_gives_the_diagnostics_of_generate_without_writing_a_crate() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n    A: {type: objct}\n";
        let source = Source::new("t.yaml", text);
        let generated =
            generate(&source, &Options::new("t")).map(|o| (o.diagnostics, o.files.len())).unwrap_or_default();
        assert!(generated.1 > 3 && generated.0.len() >= 2, "{generated:?}");
        assert_eq!(check(&source), generated.0);
        let mut options = Options::new("t");
        options.emit = false;
        let out = generate(&source, &options).expect("OpenAPI 3");
        assert!(out.files.is_empty());
        assert_eq!(out.summary.operations, 1);
    }

    /// The shown line and the caret line of a rendered diagnostic.
    fn snippet_lines(text: &str, column: usize) -> (String, String) {
        let source = Source::new("t.json", text);
        let mut d = Diagnostic::warning(&Pointer::root(), "w");
        d.location = Some(Location { line: 1, column });
        let rendered = render(&d, &source);
        let lines: Vec<&str> = rendered.lines().collect();
        (lines[3].trim_start_matches("1 | ").to_owned(), lines[4].trim_start_matches("  | ").to_owned())
    }

    /// The character the caret is under.
    fn under_caret(shown: &str, caret: &str) -> Option<char> {
        shown.chars().nth(caret.len() - 1)
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        // 6 MB on one line once printed 6 MB per diagnostic (20 GB for loket.nl's 2,204 warnings).
        let text = format!("{{\"a\":\"{}\",\"key\":1,\"b\":\"{}\"}}", "x".repeat(100_000), "y".repeat(100_000));
        let column = text.find("\"key\"").map(|i| i + 1).unwrap_or_default();
        let (shown, caret) = snippet_lines(&text, column);
        assert!(shown.starts_with("...xxx") && shown.ends_with("yyy..."), "{shown}");
        assert_eq!(shown.chars().count(), SNIPPET_WIDTH + 6, "{shown}");
        assert_eq!(caret.trim_end(), format!("{}^", " ".repeat(3 + SNIPPET_BEFORE)));
        assert_eq!(under_caret(&shown, &caret), Some('"'));
        assert!(shown[3 + SNIPPET_BEFORE..].starts_with("\"key\":1"), "{shown}");
        // Near either end: one cut, the window still full.
        let (shown, caret) = snippet_lines(&text, 3);
        assert!(
            shown.starts_with("{\"a\":\"xx") && shown.ends_with("x...") && under_caret(&shown, &caret) == Some('a'),
            "{shown}"
        );
        let (shown, caret) = snippet_lines(&text, text.len());
        assert!(
            shown.starts_with("...yy") && shown.ends_with("y\"}") && under_caret(&shown, &caret) == Some('}'),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), SNIPPET_WIDTH + 3);
        // Past the end of the line (a syntax error at the end): after its last character.
        let (shown, caret) = snippet_lines(&text, text.len() + 5);
        assert_eq!(caret.len(), shown.chars().count() + 1, "{shown}");
    }

    #[test]
    fn multi_byte_text_tabs_and_control_characters_keep_the_caret_in_place() {
        let text = format!("{}\t\"ключ\": \"é\r\"{}", "日本".repeat(200), "ü".repeat(300));
        let column = text.chars().position(|c| c == 'к').map(|i| i + 1).unwrap_or_default();
        let (shown, caret) = snippet_lines(&text, column);
        assert_eq!(under_caret(&shown, &caret), Some('к'), "{shown}\n{caret}");
        assert!(
            shown.contains("本    \"ключ\": \"é␍\"üü"),
            "a tab is four spaces, a carriage return its picture: {shown}"
        );
        // A short line is shown whole, a tab before the column widens the caret's indent likewise.
        let (shown, caret) = snippet_lines("\t{\"é\": 1}", 4);
        assert_eq!((shown.as_str(), caret.as_str()), ("    {\"é\": 1}", "      ^"));
    }

    #[test]
    fn diagnostics_of_one_kind_are_capped_and_the_rest_counted() {
        let source = Source::new("t.json", "{}");
        let mut diagnostics: Vec<Diagnostic> = (0..25)
            .map(|i| {
                Diagnostic::warning(
                    &Pointer::root().push(&i.to_string()),
                    format!("the spec's own example/default \"{i}\" is not a valid `date`"),
                )
            })
            .collect();
        diagnostics.insert(
            3,
            Diagnostic::warning(&Pointer::root(), "path /a/{x} differs from /a/{y} only in the names of its variables"),
        );
        diagnostics
            .push(Diagnostic::error(&Pointer::root(), "the spec's own example/default \"x\" is not a valid `date`"));
        let renderer = Renderer::new(&[&source]);
        let out: Vec<String> = renderer.render_all(&diagnostics, 10).collect();
        assert_eq!(out.len(), 10 + 1 + 1 + 1, "{out:#?}");
        assert_eq!(
            out.iter().filter(|t| t.contains("is not a valid `date`") && t.starts_with("warning: ")).count(),
            10
        );
        assert!(out[3].starts_with("warning: path /a/{x}"), "in their order: {out:#?}");
        assert_eq!(out.last().map(String::as_str), Some("note: 15 more warnings not shown (10 shown): the spec's own example/default \"…\" is not a valid `…`\n"));
        assert_eq!(renderer.render_all(&diagnostics, 100).count(), diagnostics.len());
        assert_eq!(
            diagnostic_kind("`a` is not supported; it is ignored"),
            diagnostic_kind("`b` is not supported; it is ignored")
        );
        assert_eq!(diagnostic_kind("path /a/{x} differs from /b/{y} only"), "path … differs from … only");
        assert_eq!(diagnostic_kind(r#"default "a \"q\" b" and {"k": [1, 2]} is 3."#), r#"default "…" and … is …."#);
    }

    #[test]
    fn the_renderer_finds_the_lines_source_line_text_finds() {
        for text in ["", "a", "a\n", "a\r\nb\r\n", "a\n\nb", "\n\n", "{\n  \"x\": 1\n}", "é\nü\r\n\r\nlast"] {
            let source = Source::new("t", text);
            let renderer = Renderer::new(&[&source]);
            for line in 0..6 {
                assert_eq!(
                    renderer.index(0).and_then(|l| l.line(line)),
                    source.line_text(line),
                    "{text:?} line {line}"
                );
            }
        }
    }
}
