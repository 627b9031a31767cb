//! The `oagen` command line.
//!
//! ```text
//! oagen generate SPEC --out DIR [--crate-name NAME] [--parts models,client,server]
//!                [--runtime vendored|version|path=PATH] [--hoist NAME].. [--idempotency-header HEADER] [--features-per-tag]
//!                [--deny-warnings] [--allow-remote-refs] [--message-format human|json]
//! oagen check SPEC [--examples] [--deny-warnings] [--allow-remote-refs] [--message-format human|json]
//! oagen diff OLD NEW [--parts models,client,server] [--features-per-tag] [--config FILE] [--message-format human|json]
//! ```
//!
//! With `--message-format json`, standard output has one JSON object per line (for CI tools and editors): one per
//! diagnostic (`"reason": "diagnostic"`, with its severity, kind, message, pointer, file, line, column and note, all
//! of them, uncapped), then one `"reason": "summary"` (errors, warnings, whether a crate was generated, and what it
//! holds). Standard error then carries only the run's closing line.
//!
//! Exit status: 0 on success, 1 when the spec has errors (or warnings, with `--deny-warnings`) or the output cannot
//! be written, 2 on usage errors (bad arguments, a SPEC that does not exist).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// `eprintln!` in this file is this one, not std's: it writes through [`say`] and never panics. (std's panics when
/// standard error is a pipe whose reader has gone, as in `oagen check spec.json 2>&1 | head`.)
macro_rules! eprintln {
    ($($arg:tt)*) => {
        say(format_args!($($arg)*))
    };
}

/// Set when a write to standard error failed (the reader closed the pipe): nothing more is written, and the
/// diagnostics are no longer rendered.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes one line to standard error, unless a write has failed before; a failed write is not an error of the run.
fn say(args: std::fmt::Arguments<'_>) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    if stderr.write_fmt(args).and_then(|()| stderr.write_all(b"\n")).is_err() {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Generation builds and drops millions of small token trees and strings; mimalloc makes that about a quarter
/// faster than the system allocator (Stripe: 1.05 s -> 0.77 s on the benchmark machine). It is built with
/// `no_thp` (workspace Cargo.toml): asking for transparent huge pages made the kernel zero 2 MiB for every fresh
/// page touched, a third of a small spec's run (USPTO 8.9 -> 5.5 ms; Stripe 0.71 -> 0.52 s).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// OpenAPI 3.0/3.1 to Rust: models that keep the spec's exact semantics, with diagnostics that point at the line.
#[derive(Debug, Parser)]
#[command(name = "oagen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes a ready crate for the spec into DIR (the runtime is vendored into DIR/oagen-runtime).
    Generate {
        #[command(flatten)]
        common: Common,
        /// The directory to write the crate to (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The package name of the crate (default: the name of DIR).
        #[arg(long, value_name = "NAME")]
        crate_name: Option<String>,
        /// What the crate has, comma-separated: the models (always there), the HTTP client (Cargo feature
        /// `client`, on by default), the server (feature `server`, with examples/server.rs; on by default when
        /// the client is left out). Default: all three.
        #[arg(long, value_name = "PARTS", value_enum, value_delimiter = ',')]
        parts: Option<Vec<Part>>,
        /// Where the crate's oagen-runtime comes from: `vendored` (a copy written into DIR/oagen-runtime, the
        /// default; builds anywhere, cannot be published), `version` (oagen-runtime from crates.io at the version
        /// this oagen writes code for: publishable), or `path=PATH` (an existing oagen-runtime crate, shared by
        /// several generated crates; written relative to DIR). Default: `runtime` in the config file, else vendored.
        #[arg(long, value_name = "vendored|version|path=PATH")]
        runtime: Option<oagen::Runtime>,
        /// The same as `--runtime path=PATH`.
        #[arg(long, value_name = "PATH", hide = true, conflicts_with = "runtime")]
        runtime_path: Option<PathBuf>,
        /// A parameter (by wire name) to set once on the client (`Client::with_<name>`, overridable per call)
        /// instead of passing it to every method; repeatable. Header parameters that every operation takes alike
        /// are hoisted anyway.
        #[arg(long, value_name = "NAME")]
        hoist: Vec<String>,
        /// The header in which the client sends a new idempotency key on every POST and PATCH, making them safe
        /// to retry (for APIs that document one, e.g. `Idempotency-Key`).
        #[arg(long, value_name = "HEADER")]
        idempotency_header: Option<String>,
        /// One Cargo feature per tag (`tag-<kebab-case tag>`, `tag-untagged` for operations without one), with
        /// `full` (on by default) turning them all on: each operation and the types it reaches are compiled only
        /// under its tags' features, so that a dependent of a large API builds only the tags it uses.
        #[arg(long)]
        features_per_tag: bool,
        /// Writes tests/spec_examples.rs: every valid example the spec gives for a generated type decodes into it
        /// and is written back with every datum it had (default: `example-tests` in the config file).
        #[arg(long)]
        example_tests: bool,
    },
    /// Prints the spec's diagnostics only; writes nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// Also checks every example of the spec (schemas, parameters, headers, bodies, responses) against its
        /// schema by the generator's rules: a warning for each invalid one, and the counts.
        #[arg(long)]
        examples: bool,
    },
    /// Compares the crates generated from two releases of a spec: every change of their public API, classified
    /// breaking (major), addition (minor) or docs (patch), with its place in the spec. Exit status: 0 no change or a
    /// patch, 1 minor, 2 major, 3 when the two cannot be compared.
    Diff {
        /// The spec the released crate was generated from.
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// Its next release.
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// The parts the crate has, as for `generate` (default: all three; with the server, a new operation is a
        /// method its implementations must write, so a major change).
        #[arg(long, value_name = "PARTS", value_enum, value_delimiter = ',')]
        parts: Option<Vec<Part>>,
        /// The crate has one Cargo feature per tag, as for `generate`.
        #[arg(long)]
        features_per_tag: bool,
        /// The generator's options from a TOML file (default: `oagen.toml` in NEW's directory, when there is one).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// How the report is written: text on standard output, or one JSON object.
        #[arg(long, value_name = "FORMAT", value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
}

/// `oagen diff`'s exit status when the specs cannot be compared (unreadable, not OpenAPI 3, bad arguments): apart
/// from the three that say which bump the changes call for.
const DIFF_FAILED: u8 = 3;

/// One part of a generated crate, as `--parts` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Part {
    /// The models (src/types.rs); always generated.
    Models,
    /// The HTTP client (src/client.rs, reqwest).
    Client,
    /// The server trait and router (src/server.rs, axum) and the example server.
    Server,
}

/// The parts a `--parts` list names (the models are always there).
fn parts(list: &[Part]) -> oagen::Parts {
    oagen::Parts { client: list.contains(&Part::Client), server: list.contains(&Part::Server) }
}

#[derive(Debug, Args)]
struct Common {
    /// The OpenAPI document (YAML or JSON, decided by content).
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// Treat warnings as errors (exit status 1 when there is any).
    #[arg(long)]
    deny_warnings: bool,
    /// Fetch `$ref`s to http:// URLs (refused by default).
    #[arg(long)]
    allow_remote_refs: bool,
    /// How an operation (its operationId or generated name) paginates, where detection cannot tell:
    /// `OPERATION=STYLE[,param=P][,items=F][,next=F][,has_more=F]`, STYLE being cursor, offset, page, link or none
    /// (no pagination); repeatable. The keys are those of the `x-pagination` extension.
    #[arg(long, value_name = "OPERATION=STYLE,..")]
    paginate: Vec<String>,
    /// The generator's options from a TOML file (default: `oagen.toml` in SPEC's directory, when there is one);
    /// the flags add to it (`--hoist`, `--paginate`) or replace it (`--idempotency-header`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// How diagnostics are written: for a reader on standard error (a few of each kind), or as JSON lines on
    /// standard output (every one, then a summary).
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

/// How the CLI writes its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    /// Rendered with the source line, at most a few of each kind, on standard error.
    Human,
    /// One JSON object per line on standard output.
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `oagen diff`'s statuses 1 and 2 say minor and major: its usage errors must not look like either.
        Err(e) if e.use_stderr() && std::env::args().nth(1).as_deref() == Some("diff") => {
            let _ = e.print();
            return ExitCode::from(DIFF_FAILED);
        }
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Generate {
            common,
            out,
            crate_name,
            parts: part_list,
            runtime,
            runtime_path,
            hoist,
            idempotency_header,
            features_per_tag,
            example_tests,
        } => {
            let name = match crate_name {
                Some(n) => n,
                None => default_crate_name(&out),
            };
            if let Err(why) = validate_crate_name(&name) {
                return usage(&format!("invalid crate name {name:?}: {why}"));
            }
            let mut options = oagen::Options::new(name);
            if let Some(list) = part_list {
                options.plan.parts = parts(&list);
            }
            let config = match config(&common.spec, common.config.as_ref()) {
                Ok(c) => c,
                Err(why) => return usage(&why),
            };
            options.plan.client = match client_options(&common, config.client, hoist, idempotency_header) {
                Ok(c) => c,
                Err(why) => return usage(&why),
            };
            options.plan.features_per_tag = features_per_tag;
            options.examples.tests = example_tests || config.example_tests;
            options.date_times = config.date_times;
            options.package = config.package;
            let runtime = runtime.or(runtime_path.map(|p| oagen::Runtime::Path(p.display().to_string())));
            options.runtime = match runtime.or(config.runtime) {
                Some(oagen::Runtime::Path(p)) => match runtime_at(Path::new(&p), &out) {
                    Ok(relative) => oagen::Runtime::Path(relative),
                    Err(why) => return usage(&why),
                },
                Some(other) => other,
                None => oagen::Runtime::Vendored,
            };
            run(&common, options, Some(&out))
        }
        Command::Check { common, examples } => {
            // The diagnostics come from reading and lowering the spec; the crate is neither emitted nor formatted.
            let mut options = oagen::Options::new("check");
            options.emit = false;
            options.examples.check = examples;
            let client = match config(&common.spec, common.config.as_ref()) {
                Ok(c) => client_options(&common, c.client, Vec::new(), None),
                Err(why) => Err(why),
            };
            options.plan.client = match client {
                Ok(c) => c,
                Err(why) => return usage(&why),
            };
            run(&common, options, None)
        }
        Command::Diff { old, new, parts: part_list, features_per_tag, config, message_format } => {
            diff(&old, &new, part_list, features_per_tag, config, message_format)
        }
    }
}

/// `oagen diff OLD NEW`: the report on standard output, the bump as the exit status.
fn diff(
    old: &Path,
    new: &Path,
    part_list: Option<Vec<Part>>,
    features_per_tag: bool,
    config: Option<PathBuf>,
    format: MessageFormat,
) -> ExitCode {
    let failed = |message: &str| {
        eprintln!("error: {message}");
        ExitCode::from(DIFF_FAILED)
    };
    for spec in [old, new] {
        if !spec.is_file() {
            return failed(&format!("{}: no such file", spec.display()));
        }
    }
    let config = match self::config(new, config.as_ref()) {
        Ok(c) => c,
        Err(why) => return failed(&why),
    };
    let mut options = oagen::Options::new("api");
    if let Some(list) = part_list {
        options.plan.parts = parts(&list);
    }
    options.plan.client = config.client;
    options.date_times = config.date_times;
    options.plan.features_per_tag = features_per_tag;
    let report = match oagen::diff::diff_paths(old, new, &options) {
        Ok(report) => report,
        Err(failure) => {
            eprint!("{failure}");
            return failed("the specs cannot be compared: one of them cannot be read as OpenAPI 3");
        }
    };
    match format {
        MessageFormat::Human => print_lines(&[report.render().trim_end()]),
        MessageFormat::Json => print_lines(&[report.to_json()]),
    }
    ExitCode::from(report.bump.exit_code())
}

fn run(common: &Common, mut options: oagen::Options, out: Option<&Path>) -> ExitCode {
    if !common.spec.is_file() {
        return usage(&format!("{}: no such file", common.spec.display()));
    }
    options.allow_remote_refs = common.allow_remote_refs;
    let started = std::time::Instant::now();
    let source = match oagen::Source::read(&common.spec) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    let read = started.elapsed();
    let (diagnostics, files, documents, timings, summary) = match oagen::generate(&source, &options) {
        Ok(o) => (o.diagnostics, Some(o.files), o.documents, Some(o.timings), Some(o.summary)),
        Err(f) => (f.diagnostics, None, Vec::new(), None, None),
    };
    let errors = diagnostics.iter().filter(|d| d.severity == oagen::Severity::Error).count();
    let warnings = diagnostics.iter().filter(|d| d.severity == oagen::Severity::Warning).count();
    // Notes (which operations paginate) inform; they never change the status.
    let notes = diagnostics.iter().filter(|d| d.severity == oagen::Severity::Note).count();
    match common.message_format {
        MessageFormat::Human => {
            let mut sources = vec![&source];
            sources.extend(documents.iter());
            let renderer = oagen::Renderer::new(&sources);
            // A few of each kind: a minified document can have thousands of one warning.
            for text in renderer.render_all(&diagnostics, oagen::DIAGNOSTICS_PER_KIND) {
                if STDERR_CLOSED.load(Ordering::Relaxed) {
                    break;
                }
                eprintln!("{text}");
            }
        }
        MessageFormat::Json => {
            let mut lines = diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>();
            lines.push(summary_json(errors, warnings, notes, summary.as_ref()));
            print_lines(&lines);
        }
    }
    let mut status = if errors > 0 || (common.deny_warnings && warnings > 0) { 1 } else { 0 };
    let started = std::time::Instant::now();
    let written = match (out, &files) {
        (Some(dir), Some(files)) => Some(oagen::write_files(dir, files)),
        _ => None,
    };
    let write = started.elapsed();
    if let (Some(timings), Some(path)) = (timings, std::env::var_os("OAGEN_TIMINGS")) {
        record_timings(&path, read, &timings, write);
    }
    match (out, files, written) {
        (Some(dir), Some(files), Some(result)) => match result {
            Ok(()) => {
                eprintln!("wrote {} files to {} ({})", files.len(), dir.display(), counts(errors, warnings, notes));
                if let Some(ws) = enclosing_workspace(dir) {
                    eprintln!(
                        "note: {} is inside the Cargo workspace {}: add it to that workspace's `members` (or to its `exclude`, \
                         to build it on its own); with several generated crates in one workspace, share one runtime with \
                         --runtime version or --runtime path=PATH",
                        dir.display(),
                        ws.display()
                    );
                }
            }
            Err(e) => {
                eprintln!("error: cannot write to {}: {e}", dir.display());
                status = 1;
            }
        },
        (Some(_), _, _) => {
            eprintln!("nothing written: the document cannot be read as OpenAPI 3 ({})", counts(errors, warnings, notes))
        }
        (None, _, _) => eprintln!("{}: {}", common.spec.display(), counts(errors, warnings, notes)),
    }
    if let (true, Some(s)) = (options.examples.check, &summary) {
        let e = s.examples;
        eprintln!(
            "examples: {} found, {} valid, {} invalid (warned above), {} of a generated type",
            e.examples,
            e.valid,
            e.examples - e.valid,
            e.typed
        );
    }
    if status == 1 && errors == 0 && warnings > 0 {
        eprintln!("error: warnings are denied (--deny-warnings)");
    }
    ExitCode::from(status)
}

/// One diagnostic as a JSON object (`--message-format json`).
fn diagnostic_json(d: &oagen::Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "reason": "diagnostic",
        "severity": d.severity.to_string(),
        "kind": oagen::diagnostic_kind(&d.message),
        "message": d.message,
        "pointer": d.pointer.to_string(),
        "file": d.file.as_deref(),
        "line": d.location.map(|l| l.line),
        "column": d.location.map(|l| l.column),
        "note": d.note,
    })
}

/// The closing summary object (`--message-format json`); `summary` is `None` when nothing could be generated.
fn summary_json(errors: usize, warnings: usize, notes: usize, summary: Option<&oagen::Summary>) -> serde_json::Value {
    serde_json::json!({
        "reason": "summary",
        "errors": errors,
        "warnings": warnings,
        "notes": notes,
        "generated": summary.is_some(),
        "openapi": summary.map(|s| s.openapi.as_str()),
        "operations": summary.map(|s| s.operations),
        "webhooks": summary.map(|s| s.webhooks),
        "types": summary.map(|s| s.types),
        "examples": summary.map(|s| serde_json::json!({
            "found": s.examples.examples,
            "valid": s.examples.valid,
            "typed": s.examples.typed,
        })),
    })
}

/// Writes JSON lines to standard output; stops quietly when its reader has gone.
fn print_lines<T: std::fmt::Display>(lines: &[T]) {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for line in lines {
        if writeln!(stdout, "{line}").is_err() {
            return;
        }
    }
    let _ = stdout.flush();
}

/// The manifest of a Cargo workspace that encloses `dir` (Cargo would refuse to build a crate there that the
/// workspace does not list).
fn enclosing_workspace(dir: &Path) -> Option<PathBuf> {
    let dir = std::fs::canonicalize(dir).ok()?;
    dir.ancestors()
        .skip(1)
        .map(|a| a.join("Cargo.toml"))
        .find(|m| std::fs::read_to_string(m).is_ok_and(|t| t.lines().any(|l| l.trim() == "[workspace]")))
}

fn counts(errors: usize, warnings: usize, notes: usize) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("1 {w}") } else { format!("{n} {w}s") };
    let mut out = format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"));
    if notes > 0 {
        out.push_str(&format!(", {}", plural(notes, "note")));
    }
    out
}

/// The config file `explicit` names (`--config`), else `oagen.toml` beside `spec`, else nothing.
fn config(spec: &Path, explicit: Option<&PathBuf>) -> Result<oagen::Config, String> {
    let beside = spec.parent().map(|d| d.join(oagen::CONFIG_FILE)).filter(|p| p.is_file());
    match explicit.or(beside.as_ref()) {
        Some(path) => oagen::Config::read(path),
        None => Ok(oagen::Config::default()),
    }
}

/// The client options of the config file, with the flags added.
fn client_options(
    common: &Common,
    mut client: oagen::ClientOptions,
    hoist: Vec<String>,
    idempotency_header: Option<String>,
) -> Result<oagen::ClientOptions, String> {
    client.hoist.extend(hoist);
    if idempotency_header.is_some() {
        client.idempotency_header = idempotency_header;
    }
    client.paginate.extend(paginate_options(&common.paginate)?);
    Ok(client)
}

/// The `--paginate OPERATION=STYLE,..` options, or why one is not understood.
fn paginate_options(values: &[String]) -> Result<Vec<(String, oagen::Pagination)>, String> {
    values
        .iter()
        .map(|v| {
            let (operation, rest) = v
                .split_once('=')
                .filter(|(op, _)| !op.trim().is_empty())
                .ok_or_else(|| format!("--paginate {v}: expected OPERATION=STYLE[,KEY=VALUE..]"))?;
            let pagination = oagen::Pagination::parse(rest).map_err(|e| format!("--paginate {v}: {e}"))?;
            Ok((operation.trim().to_owned(), pagination))
        })
        .collect()
}

/// The runtime crate at `path` (relative to the current directory), as a path relative to the crate written to
/// `out`, so that the two can move together (absolute when they share no ancestor).
fn runtime_at(path: &Path, out: &Path) -> Result<String, String> {
    let runtime = match std::fs::canonicalize(path) {
        Ok(abs) if abs.join("Cargo.toml").is_file() => abs,
        _ => return Err(format!("--runtime path={}: no crate there (no Cargo.toml)", path.display())),
    };
    // DIR may not exist yet: its nearest existing ancestor, then the rest of it.
    let mut existing = if out.is_absolute() { out.to_path_buf() } else { Path::new(".").join(out) };
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(abs) = std::fs::canonicalize(&existing) {
            break abs.join(rest.iter().rev().collect::<PathBuf>());
        }
        match (existing.file_name().map(|f| f.to_owned()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return Ok(runtime.display().to_string()),
        }
    };
    Ok(relative(&runtime, &base).unwrap_or(runtime).display().to_string().replace('\\', "/"))
}

/// `target` as a path from `base` (both absolute): `../../crates/oagen-runtime`; `None` when they share no root.
fn relative(target: &Path, base: &Path) -> Option<PathBuf> {
    let (t, b): (Vec<_>, Vec<_>) = (target.components().collect(), base.components().collect());
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return None;
    }
    let mut out: PathBuf = b[common..].iter().map(|_| std::path::Component::ParentDir).collect();
    out.extend(&t[common..]);
    Some(if out.as_os_str().is_empty() { PathBuf::from(".") } else { out })
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\nFor more information, try '--help'.");
    ExitCode::from(2)
}

/// The last component of DIR, made a valid package name ([`oagen::package_name`]: `api` when nothing is left).
fn default_crate_name(out: &Path) -> String {
    let base = std::fs::canonicalize(out).ok().and_then(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()));
    let base = base.or_else(|| out.file_name().map(|f| f.to_string_lossy().into_owned())).unwrap_or_default();
    oagen::package_name(&base)
}

/// The rules Cargo applies to package names.
fn validate_crate_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err("only ASCII letters, digits, `-` and `_` are allowed");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err("it must not start with a digit");
    }
    Ok(())
}

/// Writes the time of each stage as `stage=milliseconds` lines to the file `OAGEN_TIMINGS` names (for
/// `cargo xtask bench`); a file that cannot be written is reported and otherwise ignored.
fn record_timings(
    path: &std::ffi::OsStr,
    read: std::time::Duration,
    timings: &oagen::Timings,
    write: std::time::Duration,
) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mut text = format!("read={:.3}\n", ms(read));
    for (stage, value) in timings.stages() {
        text.push_str(&format!("{stage}={value:.3}\n"));
    }
    text.push_str(&format!("write={:.3}\n", ms(write)));
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("warning: cannot write OAGEN_TIMINGS to {}: {e}", std::path::Path::new(path).display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names() {
        assert_eq!(default_crate_name(Path::new("/nonexistent/petstore client")), "petstore-client");
        assert_eq!(default_crate_name(Path::new("/nonexistent/2024")), "api-2024");
        assert_eq!(default_crate_name(Path::new("/nonexistent/Foo-public.v2")), "foo-public-v2");
        assert_eq!(default_crate_name(Path::new("/nonexistent/box")), "box");
        assert!(validate_crate_name("my-api").is_ok());
        assert!(validate_crate_name("my api").is_err());
        assert!(validate_crate_name("1api").is_err());
    }
}
