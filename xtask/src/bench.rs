//! `cargo xtask bench [--quick] [--runs N]`: generation speed, scaling and compile time of generated crates,
//! side by side with progenitor and openapi-generator, written to `docs/benchmarks.md`.
//!
//! Everything runs as whole processes, measured with `wait4` (wall time and peak RSS); each figure is the median of
//! several runs with min and max. Tools run alternately on each document so that drift in the machine's load hits
//! all of them alike. `--quick` (used by CI so the harness cannot rot) runs oagen alone on the four bundled specs
//! and writes `target/bench/quick.md`.

use crate::failure;
use crate::measure::{self, Stats};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// Options from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only oagen, only the bundled specs, no compile timing.
    pub quick: bool,
    /// Runs per measurement.
    pub runs: usize,
    /// Only the compile times, written over that section of `docs/benchmarks.md` (the rest of it kept).
    pub compile_only: bool,
}

impl Options {
    /// Parses `[--quick] [--runs N] [--compile-only]`.
    pub fn parse(args: &[&str]) -> Option<Options> {
        let mut o = Options { quick: false, runs: 5, compile_only: false };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match *a {
                "--quick" => {
                    o.quick = true;
                    o.runs = 2;
                }
                "--runs" => o.runs = it.next()?.parse().ok().filter(|n| *n > 0)?,
                "--compile-only" => o.compile_only = true,
                _ => return None,
            }
        }
        Some(o)
    }
}

struct Tools {
    root: PathBuf,
    oagen: PathBuf,
    floor: PathBuf,
    progenitor: Option<PathBuf>,
    openapi_generator: Option<PathBuf>,
}

fn sh(cmd: &mut Command) -> bool {
    cmd.status().map(|s| s.success()).unwrap_or(false)
}

fn quiet(cmd: &mut Command) -> &mut Command {
    cmd.stdout(Stdio::null()).stderr(Stdio::null())
}

/// Where `scripts/install-peers.sh` puts the peers, under `target/peers`.
const PROGENITOR: &str = "bin/cargo-progenitor";
const OPENAPI_GENERATOR: &str = "venv/bin/openapi-generator-cli";

/// Runs the benchmark (first installing the peers when they are missing, unless `--quick`).
pub fn run(opts: &Options) -> ExitCode {
    let root = crate::codegen::repo_root();
    // Figures come from release builds; the quick mode only keeps the harness working, so it uses the debug
    // build that the test run has already made.
    let profile = if opts.quick { "debug" } else { "release" };
    eprintln!("building oagen and the parse floor ({profile})...");
    let mut build = Command::new("cargo");
    build
        .args(["build", "--quiet", "-p", "oagen", "--bin", "oagen", "-p", "oagen-bench", "--bin", "floor"])
        .current_dir(&root);
    if !opts.quick {
        build.arg("--release");
    }
    if !sh(&mut build) {
        eprintln!("error: the {profile} build failed");
        return ExitCode::FAILURE;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let target = target.join(profile);
    let peers = root.join("target/peers");
    let installed = |p: &str| peers.join(p).exists();
    let missing = !installed(PROGENITOR) || !installed(OPENAPI_GENERATOR);
    if !opts.quick && missing {
        eprintln!("installing the peers into {} (scripts/install-peers.sh)...", peers.display());
        if !sh(Command::new("bash").arg(root.join("scripts/install-peers.sh")).current_dir(&root)) {
            eprintln!("warning: scripts/install-peers.sh failed; the peers it could not install are left out");
        }
    }
    let tools = Tools {
        oagen: target.join("oagen"),
        floor: target.join("floor"),
        progenitor: Some(peers.join(PROGENITOR)).filter(|p| !opts.quick && p.exists()),
        openapi_generator: Some(peers.join(OPENAPI_GENERATOR)).filter(|p| !opts.quick && p.exists()),
        root: root.clone(),
    };
    if !opts.quick && (tools.progenitor.is_none() || tools.openapi_generator.is_none()) {
        eprintln!("note: a peer is missing; the report leaves it out");
    }
    let work = root.join("target/bench");
    let _ = std::fs::remove_dir_all(&work);
    if let Err(e) = std::fs::create_dir_all(&work) {
        eprintln!("error: cannot create {}: {e}", work.display());
        return ExitCode::FAILURE;
    }

    if opts.compile_only && !opts.quick {
        return compile_only(&tools, &work, opts, &root.join("docs/benchmarks.md"));
    }
    let mut docs: Vec<PathBuf> = crate::codegen::specs(&root).into_iter().map(|(_, p)| p).collect();
    if !opts.quick {
        let corpus = root.join("../shared/corpus");
        let mut more: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
                    .collect()
            })
            .unwrap_or_default();
        more.sort_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
        docs.extend(more);
    }

    let mut report = String::new();
    machine(&mut report, opts);
    let mut ok = true;
    // Generated crates are written outside the cargo target tree: there, in the churn of gigabytes built and
    // deleted, writing a fresh crate's 20 files took 0.4 to 7 ms from one run to the next (0.4 ms elsewhere).
    let gen_work = std::env::temp_dir().join("oagen-bench");
    let _ = std::fs::remove_dir_all(&gen_work);
    ok &= generation(&tools, &docs, &gen_work, opts, &mut report);
    let _ = std::fs::remove_dir_all(&gen_work);
    if !opts.quick {
        scaling(&tools, &work, opts, &mut report);
        compile_times(&tools, &work, opts, &mut report);
    }
    let out = if opts.quick { work.join("quick.md") } else { root.join("docs/benchmarks.md") };
    if let Err(e) = std::fs::write(&out, &report) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!("{report}");
    eprintln!("wrote {}", out.display());
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The date and time, to the minute, in UTC.
fn now_utc() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The heading of the compile-time section, the last of the report.
const COMPILE_HEADING: &str = "## Compile time of generated crates";

/// `--compile-only`: measures the compile times again and writes them over that section of `report`, keeping the
/// sections before it (and saying when the section was written).
fn compile_only(t: &Tools, work: &Path, opts: &Options, report: &Path) -> ExitCode {
    let mut section = String::new();
    compile_times(t, work, opts, &mut section);
    let kept = std::fs::read_to_string(report).unwrap_or_default();
    let written = replace_compile_section(&kept, &section, &now_utc());
    if let Err(e) = std::fs::write(report, &written) {
        eprintln!("error: cannot write {}: {e}", report.display());
        return ExitCode::FAILURE;
    }
    println!("{section}");
    eprintln!("wrote the compile-time section of {}", report.display());
    ExitCode::SUCCESS
}

/// `report` with its compile-time section (from [`COMPILE_HEADING`] to the end) replaced by `section`, noted as
/// written by `--compile-only` at `when`.
fn replace_compile_section(report: &str, section: &str, when: &str) -> String {
    let before = report.find(COMPILE_HEADING).map_or(report, |at| &report[..at]);
    let note = format!("(This section: `cargo xtask bench --compile-only` on {when}.)\n\n");
    match section.split_once("\n\n") {
        Some((heading, rest)) => format!("{before}{heading}\n\n{note}{rest}"),
        None => format!("{before}{section}"),
    }
}

fn machine(r: &mut String, opts: &Options) {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines().find(|l| l.starts_with("MemTotal")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kib| kib.parse::<u64>().ok())
        .map(|kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let date = now_utc();
    let _ = writeln!(r, "# Benchmarks\n");
    let _ = writeln!(
        r,
        "Written by `cargo xtask bench{}` on {date}{}.\n",
        if opts.quick { " --quick" } else { "" },
        if opts.quick { " (debug build: a check that the harness works, not figures)" } else { "" }
    );
    let _ = writeln!(r, "| machine | |\n|---|---|\n| cores | {cores} |\n| memory | {mem} |\n| cpu | {cpu} |\n| rustc | {rustc} |\n| runs per figure | {} (median, min–max); oagen, the floor and progenitor {} on documents under 1 MiB |\n", opts.runs, opts.runs * FAST_ROUNDS);
}

fn tree_digest(dir: &Path) -> u64 {
    // FNV-1a over relative paths and contents, in sorted order.
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.filter_map(Result::ok) {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        let rel = f.strip_prefix(dir).unwrap_or(&f).to_string_lossy().into_owned();
        for b in rel.bytes().chain(std::fs::read(&f).unwrap_or_default()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[derive(Default)]
struct Sample {
    wall_ms: Vec<f64>,
    rss_mib: Vec<f64>,
    failures: usize,
}

impl Sample {
    fn push(&mut self, run: std::io::Result<measure::Run>) {
        match run {
            Ok(r) if r.success => {
                self.wall_ms.push(r.wall.as_secs_f64() * 1000.0);
                self.rss_mib.push(r.max_rss_kib as f64 / 1024.0);
            }
            _ => self.failures += 1,
        }
    }

    fn ok(&self) -> bool {
        !self.wall_ms.is_empty() && self.failures == 0
    }

    /// How many runs were made, failed ones included.
    fn runs(&self) -> usize {
        self.wall_ms.len() + self.failures
    }
}

fn doc_name(doc: &Path) -> String {
    doc.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Generation: oagen, the parse floor and the peers, alternately, on every document.
/// The pause after a peer's run, before the next measured run (see its use).
const SETTLE: std::time::Duration = std::time::Duration::from_secs(1);

/// On a document under 1 MiB, oagen, the floor and progenitor (a few to a hundred milliseconds each, where a
/// millisecond of noise moves a ratio by a tenth) run this many times per run of openapi-generator (seconds).
const FAST_ROUNDS: usize = 3;

fn generation(t: &Tools, docs: &[PathBuf], work: &Path, opts: &Options, r: &mut String) -> bool {
    let _ = writeln!(r, "## Generation\n");
    let _ = writeln!(r, "Whole-process time of oagen writing the **full** crate (models+client+server+example: `oagen generate \
        SPEC --out DIR`, the default) and **models+client** only (`--parts models,client`, what progenitor writes), with \
        the peak memory of the full run; the floor is the bare parse (read + serde into `openapiv3::OpenAPI`, the \
        `floor` binary of `bench/`); peers with default options. A ratio is oagen / peer (below 1: oagen is faster); \
        `models+client / progenitor` compares like with like. `identical runs`: both outputs byte-identical on every run. \
        Every generator writes into a fresh directory under the system's temporary directory.\n");
    let _ = writeln!(
        r,
        "| document | oagen, full (models+client+server+example) | oagen, models+client | peak MiB (full) | floor | full / floor | \
         identical runs | progenitor | full / progenitor | models+client / progenitor | openapi-generator rust | full / openapi-generator |"
    );
    let _ = writeln!(r, "|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all_identical = true;
    let mut stages_rows = Vec::new();
    // (document, tool, runs failed, why) of every tool that failed on a document.
    let mut failed: Vec<(String, &str, String, String)> = Vec::new();
    for doc in docs {
        let name = doc_name(doc);
        eprintln!("generation: {name}");
        let (mut oagen, mut floor, mut prog, mut oag) =
            (Sample::default(), Sample::default(), Sample::default(), Sample::default());
        let mut models_client = Sample::default();
        let (mut digests, mut mc_digests) = (Vec::new(), Vec::new());
        let mut stage_samples: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let small = std::fs::metadata(doc).is_ok_and(|m| m.len() < 1 << 20);
        // The command of each tool on this document, writing into `out`.
        let oagen_cmd = |out: &Path, parts: Option<&str>| {
            let mut c = Command::new(&t.oagen);
            c.args(["generate"]).arg(doc).arg("--out").arg(out).args(["--crate-name", "bench-api"]);
            if let Some(parts) = parts {
                c.args(["--parts", parts]);
            }
            c
        };
        let floor_cmd = || {
            let mut c = Command::new(&t.floor);
            c.arg(doc);
            c
        };
        let progenitor_cmd = |p: &Path, out: &Path| {
            let mut c = Command::new(p);
            c.args(["progenitor", "-i"]).arg(doc).arg("-o").arg(out).args(["-n", "bench-api", "-v", "0.1.0"]);
            c
        };
        let generator_cmd = |g: &Path, out: &Path| {
            let mut c = Command::new(g);
            c.args(["generate", "-g", "rust", "-i"]).arg(doc).arg("-o").arg(out);
            c
        };
        for (i, round) in (0..opts.runs).flat_map(|i| (0..if small { FAST_ROUNDS } else { 1 }).map(move |j| (i, j))) {
            // One unmeasured run first (as `hyperfine --warmup` does): the first process after the pause below
            // starts on an idle virtual CPU and took up to twice its time, stalls landing in any stage.
            if round == 0 {
                let _ = measure::run(quiet(
                    Command::new(&t.oagen)
                        .args(["generate"])
                        .arg(doc)
                        .arg("--out")
                        .arg(work.join(format!("gen/{name}/warm-up"))),
                ));
            }
            let i = format!("{i}-{round}");
            let out = work.join(format!("gen/{name}/oagen-{i}"));
            let timings = work.join(format!("gen/{name}/timings-{i}.txt"));
            oagen.push(measure::run(quiet(oagen_cmd(&out, None).env("OAGEN_TIMINGS", &timings))));
            digests.push(tree_digest(&out));
            for line in std::fs::read_to_string(&timings).unwrap_or_default().lines() {
                if let Some((stage, ms)) = line.split_once('=') {
                    if let Ok(ms) = ms.trim().parse::<f64>() {
                        stage_samples.entry(stage.trim().to_owned()).or_default().push(ms);
                    }
                }
            }
            let out = work.join(format!("gen/{name}/oagen-models-client-{i}"));
            models_client.push(measure::run(quiet(&mut oagen_cmd(&out, Some("models,client")))));
            mc_digests.push(tree_digest(&out));
            floor.push(measure::run(quiet(&mut floor_cmd())));
            if let Some(p) = &t.progenitor {
                let out = work.join(format!("gen/{name}/progenitor-{i}"));
                prog.push(measure::run(quiet(&mut progenitor_cmd(p, &out))));
            }
            let last_round = !small || round + 1 == FAST_ROUNDS;
            if let Some(g) = t.openapi_generator.as_ref().filter(|_| last_round) {
                let out = work.join(format!("gen/{name}/openapi-generator-{i}"));
                oag.push(measure::run(quiet(&mut generator_cmd(g, &out))));
                // The machine is still busy after the JVM exits: a run started at once took 2-3x its time (star-trek:
                // 230-270 ms against 80-120 ms a second later), so let it settle before the next measured run.
                std::thread::sleep(SETTLE);
            }
        }
        // How each tool that failed fails: one more run, unmeasured, its output read.
        let why = work.join(format!("gen/{name}/why"));
        let mut diagnosed = |tool: &'static str, s: &Sample, mut cmd: Command| {
            if s.failures > 0 {
                let _ = std::fs::remove_dir_all(&why);
                // The floor names the document by its path; the table has a column for it.
                let how = failure::diagnose(&mut cmd).replace(&doc.display().to_string(), &name);
                failed.push((name.clone(), tool, format!("{}/{}", s.failures, s.runs()), how));
            }
        };
        diagnosed("oagen (full)", &oagen, oagen_cmd(&why, None));
        diagnosed("oagen (models+client)", &models_client, oagen_cmd(&why, Some("models,client")));
        diagnosed("floor (openapiv3)", &floor, floor_cmd());
        if let Some(p) = &t.progenitor {
            diagnosed("progenitor", &prog, progenitor_cmd(p, &why));
        }
        if let Some(g) = t.openapi_generator.as_ref().filter(|_| oag.failures > 0) {
            diagnosed("openapi-generator rust", &oag, generator_cmd(g, &why));
            // As after its measured runs: the next document's runs must not start in the JVM's wake.
            std::thread::sleep(SETTLE);
        }
        let same = |d: &[u64]| d.windows(2).all(|w| w[0] == w[1]);
        let identical = same(&digests) && same(&mc_digests);
        all_identical &= identical || !oagen.ok() || !models_client.ok();
        let o = Stats::of(&oagen.wall_ms);
        let mc = Stats::of(&models_client.wall_ms);
        let f = Stats::of(&floor.wall_ms);
        let own = |s: &Sample, st: &Stats| {
            if s.ok() {
                st.show("ms", 1)
            } else {
                format!("fails ({}/{} runs)", s.failures, s.runs())
            }
        };
        // A peer's figure, and oagen's figures (those that exist) divided by it.
        let cell = |s: &Sample, present: bool, ours: &[(&Sample, &Stats)]| -> (String, Vec<String>) {
            if !present {
                return ("not run".into(), vec![String::new(); ours.len()]);
            }
            if !s.ok() {
                return (format!("fails ({}/{} runs)", s.failures, s.runs()), vec![String::new(); ours.len()]);
            }
            let st = Stats::of(&s.wall_ms);
            let ratios =
                ours.iter().map(
                    |(sample, o)| if sample.ok() { format!("{:.3}", o.median / st.median) } else { String::new() },
                );
            (st.show("ms", 0), ratios.collect())
        };
        let (pc, pr) = cell(&prog, t.progenitor.is_some(), &[(&oagen, &o), (&models_client, &mc)]);
        let (gc, gr) = cell(&oag, t.openapi_generator.is_some(), &[(&oagen, &o)]);
        let _ = writeln!(
            r,
            "| {name} | {} | {} | {:.0} | {} | {} | {} | {pc} | {} | {gc} | {} |",
            own(&oagen, &o),
            own(&models_client, &mc),
            Stats::of(&oagen.rss_mib).median,
            if floor.ok() { f.show("ms", 1) } else { "openapiv3 cannot parse it".into() },
            if floor.ok() && oagen.ok() { format!("{:.1}", o.median / f.median.max(0.001)) } else { String::new() },
            if identical { "yes" } else { "**no**" },
            pr.join(" | "),
            gr.join(" | "),
        );
        if !stage_samples.is_empty() {
            stages_rows.push((name, stage_samples));
        }
    }
    if !stages_rows.is_empty() {
        let _ = writeln!(
            r,
            "\n### Where oagen's time goes (stages, median ms)\n\nFrom `OAGEN_TIMINGS`, of the full runs. Files are emitted and formatted in \
             parallel, so `emit` and `format` are CPU time summed over the worker threads, not wall-clock time.\n"
        );
        const ORDER: [&str; 8] = ["read", "parse", "normalise", "ir", "emit", "format", "locate", "write"];
        let stages: Vec<String> = ORDER
            .iter()
            .map(|s| (*s).to_owned())
            .chain(stages_rows[0].1.keys().filter(|k| !ORDER.contains(&k.as_str())).cloned())
            .collect();
        let _ = writeln!(r, "| document | {} |", stages.join(" | "));
        let _ = writeln!(r, "|---|{}", "---|".repeat(stages.len()));
        for (name, samples) in &stages_rows {
            let cells: Vec<String> = stages
                .iter()
                .map(|s| format!("{:.1}", Stats::of(samples.get(s).map(Vec::as_slice).unwrap_or(&[])).median))
                .collect();
            let _ = writeln!(r, "| {name} | {} |", cells.join(" | "));
        }
    }
    let _ = writeln!(r, "\nByte-identical output on every run: {}.\n", if all_identical { "yes" } else { "**no**" });
    failures_section(&failed, r);
    all_identical
}

/// The table of how the tools that failed on a document fail (nothing when none did).
fn failures_section(failed: &[(String, &str, String, String)], r: &mut String) {
    if failed.is_empty() {
        return;
    }
    let _ = writeln!(
        r,
        "### How the failed runs fail\n\nEach tool that failed on a document was run once more, unmeasured, and its output read: \
         a panic's message, the tool's own error line, a Java exception with the first spec error it lists, or the last \
         line it printed (`xtask/src/failure.rs`).\n"
    );
    let _ = writeln!(r, "| document | tool | runs failed | how |\n|---|---|---|---|");
    for (doc, tool, runs, why) in failed {
        let _ = writeln!(r, "| {doc} | {tool} | {runs} | {why} |");
    }
    let _ = writeln!(r);
}

/// Scaling: synthetic specs with N schemas and N operations.
fn scaling(t: &Tools, work: &Path, opts: &Options, r: &mut String) {
    let _ = writeln!(r, "## Scaling\n");
    let _ = writeln!(
        r,
        "Synthetic specs (`bench/src/synth.rs`): N schemas with references, `allOf` and enums, and N operations.\n"
    );
    let _ = writeln!(r, "| N | spec size | oagen | peak MiB |\n|---|---|---|---|");
    let mut time_pts = Vec::new();
    let mut mem_pts = Vec::new();
    for n in [100usize, 1_000, 10_000] {
        let spec = work.join(format!("synth-{n}.json"));
        if !sh(quiet(Command::new(&t.floor).arg("--synth").arg(n.to_string()).arg(&spec))) {
            let _ = writeln!(r, "| {n} | could not write the spec | | |");
            continue;
        }
        let size = std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0);
        let mut s = Sample::default();
        for i in 0..opts.runs.min(3) {
            let out = work.join(format!("synth-out-{n}-{i}"));
            s.push(measure::run(quiet(
                Command::new(&t.oagen)
                    .args(["generate"])
                    .arg(&spec)
                    .arg("--out")
                    .arg(&out)
                    .args(["--crate-name", "synth-api"]),
            )));
        }
        let st = Stats::of(&s.wall_ms);
        let mem = Stats::of(&s.rss_mib).median;
        time_pts.push((n as f64, st.median));
        mem_pts.push((n as f64, mem));
        let _ = writeln!(
            r,
            "| {n} | {:.1} MB | {} | {mem:.0} |",
            size as f64 / 1e6,
            if s.ok() { st.show("ms", 0) } else { "fails".into() }
        );
    }
    let _ = writeln!(
        r,
        "\nFitted exponent (y = c·N^k): time k = {:.2}, memory k = {:.2} (1.0 is linear; process start-up and fixed costs pull small N up, so k below 1 is expected).\n",
        measure::power_law_exponent(&time_pts),
        measure::power_law_exponent(&mem_pts)
    );
}

fn artifact_size(target: &Path, krate: &str, ext: &str) -> Option<u64> {
    let prefix = format!("lib{}-", krate.replace('-', "_"));
    std::fs::read_dir(target.join("debug/deps"))
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name().to_string_lossy().starts_with(&prefix) && e.path().extension().is_some_and(|x| x == ext)
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.metadata().ok()?.len())))
        .max()
        .map(|(_, len)| len)
}

/// The feature sets a crate is compiled with: a label and the cargo flags.
type FeatureSets = Vec<(&'static str, Vec<String>)>;

/// Cargo flags, owned.
fn flags(list: &[&str]) -> Vec<String> {
    list.iter().map(|f| (*f).to_owned()).collect()
}

/// The feature sets of a crate generated with `--features-per-tag`: the whole API (the default features, `client`
/// and `full`), and the client of the first tag of its manifest alone.
const EVERY_TAG: &str = "models + client, every tag (full)";
const ONE_TAG: &str = "models + client, one tag";

/// The first tag feature of a generated manifest (`full = ["tag-a", ...]`).
fn first_tag(manifest: &str) -> Option<String> {
    let full = manifest.lines().find_map(|l| l.strip_prefix("full = ["))?;
    Some(full.split('"').nth(1)?.to_owned())
}

/// Compile time of each generated crate alone (dependencies built first), per feature set, for oagen and peers.
fn compile_times(t: &Tools, work: &Path, opts: &Options, r: &mut String) {
    let _ = writeln!(r, "{COMPILE_HEADING}\n");
    let _ = writeln!(r, "`cargo check` / `cargo build` (debug) of the generated crate alone: its dependencies are built first, then \
        its `src/lib.rs` is touched and the command timed. Incremental compilation is off (`CARGO_INCREMENTAL=0`): with it, \
        rustc reuses nearly all of its previous work on a touched but unchanged file, which is not what compiling a new \
        or regenerated crate costs (a CI build, or the first build after a spec change). All crates live in one scratch \
        workspace with one target dir. Crates under 5,000 lines are compiled at least 7 times (their run-to-run noise \
        is a large part of their time), larger ones at most 3.\n");
    let ws = work.join("compile");
    let runtime = t.root.join("crates/oagen-runtime");
    // (spec, generator, feature set) -> median `cargo check` seconds, for the ratio table.
    let mut checks: Vec<(String, &'static str, &'static str, f64)> = Vec::new();
    let mut floor: Option<f64> = None;
    let mut members: Vec<(String, String, FeatureSets)> = Vec::new();
    // The bundled specs are small (a crate of each compiles in well under a second, mostly cargo's own start-up);
    // the Star Trek API (120 operations, 222 schemas) shows how compile time grows.
    let mut specs = crate::codegen::specs(&t.root);
    let star_trek = t.root.join("../shared/corpus/readme30-star-trek.json");
    if star_trek.exists() {
        specs.push(("star-trek".to_owned(), star_trek));
    }
    // A GitHub-size document (845 operations, 5.7 MB), from the APIs.guru directory when
    // `scripts/get-directory.sh` has fetched it: the size at which compile time is what users wait for.
    let github = t.root.join("target/directory/package/api/github.com/api.github.com.json");
    if github.exists() {
        specs.push(("github".to_owned(), github));
    }
    // Stripe (417 operations, 561 component schemas, 4.2 MB), the corpus' largest document.
    let stripe = t.root.join("../shared/corpus/stripe-spec3.json");
    if stripe.exists() {
        specs.push(("stripe".to_owned(), stripe));
    }
    let mut per_item: Vec<(String, Option<(usize, usize)>)> = Vec::new();
    for (spec, path) in specs {
        per_item.push((spec.clone(), std::fs::read_to_string(&path).ok().and_then(|t| item_counts(&t))));
        let name = format!("oagen-{spec}");
        let dir = ws.join(&name);
        if !sh(quiet(
            Command::new(&t.oagen)
                .args(["generate"])
                .arg(&path)
                .arg("--out")
                .arg(&dir)
                .args(["--crate-name", &name])
                .arg("--runtime")
                .arg(format!("path={}", runtime.display())),
        )) {
            let _ = writeln!(r, "oagen could not generate {spec}.\n");
            continue;
        }
        members.push((
            name.clone(),
            format!("oagen {spec}"),
            vec![
                ("models only", flags(&["--no-default-features"])),
                ("models + client", vec![]),
                ("models + server", flags(&["--no-default-features", "--features", "server"])),
            ],
        ));
        // The large documents again with one feature per tag: one tag's client against the whole API's.
        if spec == "star-trek" || spec == "github" {
            let tagged = format!("{name}-tags");
            let dir = ws.join(&tagged);
            let generated = sh(quiet(
                Command::new(&t.oagen)
                    .args(["generate"])
                    .arg(&path)
                    .arg("--out")
                    .arg(&dir)
                    .args(["--crate-name", &tagged, "--features-per-tag"])
                    .arg("--runtime")
                    .arg(format!("path={}", runtime.display())),
            ));
            let tag = std::fs::read_to_string(dir.join("Cargo.toml")).ok().and_then(|m| first_tag(&m));
            match tag {
                Some(tag) if generated => members.push((
                    tagged,
                    format!("oagen {spec} --features-per-tag"),
                    vec![
                        (EVERY_TAG, vec![]),
                        (ONE_TAG, flags(&["--no-default-features", "--features", &format!("client,{tag}")])),
                    ],
                )),
                _ => {
                    let _ = writeln!(r, "oagen could not generate {spec} with --features-per-tag.\n");
                }
            }
        }
        if let Some(p) = &t.progenitor {
            let pname = format!("progenitor-{spec}");
            if sh(quiet(
                Command::new(p)
                    .args(["progenitor", "-i"])
                    .arg(&path)
                    .arg("-o")
                    .arg(ws.join(&pname))
                    .args(["-n", &pname, "-v", "0.1.0"]),
            )) {
                members.push((pname, format!("progenitor {spec}"), vec![("models + client", vec![])]));
            }
        }
        if let Some(g) = &t.openapi_generator {
            let gname = format!("openapi-generator-{spec}");
            // The version openapi-generator takes from `info.version` is not always one Cargo accepts (Stripe's
            // `2020-08-27`).
            let props = format!("packageName={gname},packageVersion=0.1.0");
            if sh(quiet(
                Command::new(g)
                    .args(["generate", "-g", "rust", "-i"])
                    .arg(&path)
                    .arg("-o")
                    .arg(ws.join(&gname))
                    .args(["--additional-properties", &props]),
            )) {
                members.push((gname, format!("openapi-generator {spec}"), vec![("models + client", vec![])]));
            }
        }
    }
    // The floor every row pays: a crate with oagen's dependencies and an empty `lib.rs` (cargo's start-up and
    // freshness checks of the dependencies, rustc's start-up).
    if write_empty_crate(t, &ws, &runtime).is_ok() {
        members.push((EMPTY_CRATE.to_owned(), "empty crate".to_owned(), vec![("models + client", vec![])]));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.iter().map(|(n, _, _)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
    );
    if std::fs::write(ws.join("Cargo.toml"), manifest).is_err() {
        let _ = writeln!(r, "could not write the scratch workspace\n");
        return;
    }
    // Outside the work directory, so that it is kept from one bench to the next: deleting its gigabyte at the start
    // of a bench kept the disk busy for minutes, into the generation timings (writing a crate took 3 ms, not 0.4).
    let target = t.root.join("target/bench-compile-target");
    // (crate, features, why) of each crate that does not compile.
    let mut broken: Vec<(String, &str, String)> = Vec::new();
    let _ = writeln!(r, "| crate | features | lines (whole crate) | cargo check | cargo build | .rlib KiB | .rmeta KiB |\n|---|---|---|---|---|---|---|");
    for (krate, label, feature_sets) in &members {
        let lines = size_under(&ws.join(krate).join("src")).map_or(0, |s| s.lines);
        for (feature_label, flags) in feature_sets {
            eprintln!("compile: {label} ({feature_label})");
            let mut cells = Vec::new();
            for cmd in ["check", "build"] {
                let base = || {
                    let mut c = Command::new("cargo");
                    c.arg(cmd)
                        .args(["--quiet", "-p", krate])
                        .args(flags)
                        .current_dir(&ws)
                        .env("CARGO_TARGET_DIR", &target)
                        .env("CARGO_INCREMENTAL", "0");
                    c
                };
                // A crate that does not check does not build either: its build is not run (openapi-generator's
                // Stripe crate takes minutes to fail).
                if cells.first().is_some_and(|c| c == "does not compile") {
                    cells.push("does not compile".to_owned());
                    continue;
                }
                if !sh(quiet(&mut base())) {
                    cells.push("does not compile".to_owned());
                    if !broken.iter().any(|(l, f, _)| l == label && f == feature_label) {
                        broken.push((label.clone(), feature_label, failure::diagnose(&mut base())));
                    }
                    continue;
                }
                let mut s = Sample::default();
                for _ in 0..compile_runs(lines, opts.runs) {
                    let lib = ws.join(krate).join("src/lib.rs");
                    if let Ok(f) = std::fs::OpenOptions::new().append(true).open(&lib) {
                        let _ = f.set_modified(std::time::SystemTime::now());
                    }
                    s.push(measure::run(quiet(&mut base())));
                }
                let secs = Stats::of(&s.wall_ms.iter().map(|ms| ms / 1000.0).collect::<Vec<_>>());
                if s.ok() && cmd == "check" && krate == EMPTY_CRATE {
                    floor = Some(secs.median);
                } else if s.ok() && cmd == "check" {
                    if let Some((generator, spec)) = label.split_once(' ') {
                        let generator = ["oagen", "progenitor", "openapi-generator"]
                            .into_iter()
                            .find(|g| *g == generator)
                            .unwrap_or("other");
                        checks.push((spec.to_owned(), generator, feature_label, secs.median));
                    }
                }
                cells.push(if s.ok() { secs.show("s", 2) } else { "fails".into() });
            }
            let rlib = artifact_size(&target, krate, "rlib").map(|b| format!("{}", b / 1024)).unwrap_or_default();
            let rmeta = artifact_size(&target, krate, "rmeta").map(|b| format!("{}", b / 1024)).unwrap_or_default();
            let _ = writeln!(
                r,
                "| {label} | {feature_label} | {lines} | {} | {} | {rlib} | {rmeta} |",
                cells[0],
                cells.get(1).cloned().unwrap_or_default()
            );
        }
    }
    let _ = writeln!(r);
    if !broken.is_empty() {
        let _ = writeln!(
            r,
            "Why the crates that do not compile do not (the first error of one more run of the command that failed):\n"
        );
        let _ = writeln!(r, "| crate | features | first error |\n|---|---|---|");
        for (label, features, why) in &broken {
            let _ = writeln!(r, "| {label} | {features} | {why} |");
        }
        let _ = writeln!(r);
    }
    check_ratios(&checks, floor, r);
    lines_per_item(&ws, &per_item, r);
    tag_ratios(&checks, r);
}

/// Operations and component schemas of a JSON document, when it is JSON.
fn item_counts(text: &str) -> Option<(usize, usize)> {
    let doc: serde_json::Value = serde_json::from_str(text).ok()?;
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let operations = doc
        .get("paths")
        .and_then(|p| p.as_object())
        .map(|paths| {
            paths
                .values()
                .filter_map(|i| i.as_object())
                .map(|i| METHODS.iter().filter(|m| i.contains_key(**m)).count())
                .sum()
        })
        .unwrap_or(0);
    let schemas = doc.pointer("/components/schemas").and_then(|s| s.as_object()).map_or(0, |s| s.len());
    Some((operations, schemas))
}

/// What a generated file holds, line by line: every line, the comment lines (`//`, `///`, `//!`: docs, mostly),
/// the code lines (neither blank nor comment), and the code's bytes other than whitespace (a measure of its tokens
/// that line breaking does not change).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Size {
    lines: usize,
    comments: usize,
    code: usize,
    code_bytes: usize,
}

impl Size {
    /// The size of `text`.
    fn of(text: &str) -> Size {
        let mut size = Size::default();
        for line in text.lines() {
            let line = line.trim();
            size.lines += 1;
            if line.starts_with("//") {
                size.comments += 1;
            } else if !line.is_empty() {
                size.code += 1;
                size.code_bytes += line.bytes().filter(|b| !b.is_ascii_whitespace()).count();
            }
        }
        size
    }

    fn add(self, other: Size) -> Size {
        Size {
            lines: self.lines + other.lines,
            comments: self.comments + other.comments,
            code: self.code + other.code,
            code_bytes: self.code_bytes + other.code_bytes,
        }
    }

    /// `lines (comments + code)` and the code's bytes, per item.
    fn per(self, items: usize) -> (String, String) {
        let n = items as f64;
        let (l, c, k) = (self.lines as f64 / n, self.comments as f64 / n, self.code as f64 / n);
        (format!("{l:.0} ({c:.0} + {k:.0})"), format!("{:.0}", self.code_bytes as f64 / n))
    }
}

/// The size of the `.rs` files under `path` (a file or a directory), or nothing when it is missing.
fn size_under(path: &Path) -> Option<Size> {
    if path.is_dir() {
        let mut total = Size::default();
        for e in std::fs::read_dir(path).ok()?.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() || p.extension().is_some_and(|x| x == "rs") {
                total = total.add(size_under(&p).unwrap_or_default());
            }
        }
        Some(total)
    } else {
        std::fs::read_to_string(path).ok().map(|t| Size::of(&t))
    }
}

/// Generated lines per operation (the client's code) and per component schema (the models' code), oagen's and
/// openapi-generator's, for the JSON documents: all lines, split into comment lines (docs) and code lines, and the
/// code's bytes other than whitespace.
fn lines_per_item(ws: &Path, specs: &[(String, Option<(usize, usize)>)], r: &mut String) {
    let mut rows = Vec::new();
    for (spec, counts) in specs {
        let Some((ops, schemas)) = *counts else { continue };
        if ops == 0 || schemas == 0 {
            continue;
        }
        let oagen = ws.join(format!("oagen-{spec}/src"));
        let peer = ws.join(format!("openapi-generator-{spec}/src"));
        let tools = [
            ("oagen", size_under(&oagen.join("client.rs")), size_under(&oagen.join("types.rs"))),
            ("openapi-generator", size_under(&peer.join("apis")), size_under(&peer.join("models"))),
        ];
        for (tool, client, models) in tools {
            if let (Some(client), Some(models)) = (client, models) {
                let ((cl, cb), (ml, mb)) = (client.per(ops), models.per(schemas));
                rows.push(format!(
                    "| {spec} | {ops} | {schemas} | {tool} | {} | {cl} | {cb} | {} | {ml} | {mb} |",
                    client.lines, models.lines
                ));
            }
        }
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        r,
        "Generated lines per item (JSON documents): the client's (oagen `client.rs`, openapi-generator `src/apis/`) \
         per operation, and the models' (oagen `types.rs`, openapi-generator `src/models/`) per component schema \
         (inline schemas are counted in the models, not in the schemas). Lines are split into comment lines (docs) \
         and code lines (neither blank nor comment); code bytes count the code's characters other than whitespace, \
         which line breaking does not change (oagen's output is formatted by prettyplease, openapi-generator's keeps \
         long lines).\n"
    );
    let _ = writeln!(
        r,
        "| document | operations | schemas | generator | client lines | per operation (docs + code) | client code bytes per operation | model lines | per schema (docs + code) | model code bytes per schema |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for row in rows {
        let _ = writeln!(r, "{row}");
    }
    let _ = writeln!(r);
}

/// The `cargo check` of one tag's client against the whole API's, for the crates generated with
/// `--features-per-tag`.
fn tag_ratios(checks: &[(String, &'static str, &'static str, f64)], r: &mut String) {
    let find = |spec: &str, features: &str| {
        checks.iter().find(|(s, g, f, _)| s == spec && *g == "oagen" && *f == features).map(|c| c.3)
    };
    let mut rows = Vec::new();
    for (spec, ..) in checks.iter().filter(|c| c.2 == ONE_TAG) {
        if let (Some(one), Some(every)) = (find(spec, ONE_TAG), find(spec, EVERY_TAG)) {
            rows.push(format!("| {spec} | {one:.2} s | {every:.2} s | {:.3} |", one / every));
        }
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        r,
        "Per-tag features (`--features-per-tag`): `cargo check` of the client of one tag (the document's first, \
         `--no-default-features --features client,tag-<first>`) against the whole API's (the default features, \
         `client` and `full`):\n"
    );
    let _ = writeln!(r, "| crate | one tag | every tag | one / every |\n|---|---|---|---|");
    for row in rows {
        let _ = writeln!(r, "{row}");
    }
    let _ = writeln!(r);
}

/// How many times a crate of `lines` lines is compiled: a small crate's tenths of a second move by hundredths from
/// run to run, so it gets more runs (at least 7); a large one's seconds, at most 3.
fn compile_runs(lines: usize, runs: usize) -> usize {
    if lines < 5_000 {
        runs.max(7)
    } else {
        runs.min(3)
    }
}

/// The scratch crate with oagen's dependencies and nothing in it.
const EMPTY_CRATE: &str = "empty-crate";

/// Writes [`EMPTY_CRATE`] into `ws`: what oagen generates (models and client, the runtime at `runtime`) for a spec
/// without paths or schemas, with an empty `src/lib.rs`: the manifest of a generated crate and no code.
fn write_empty_crate(t: &Tools, ws: &Path, runtime: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(ws)?;
    let spec = ws.join("empty.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: empty, version: '1'}\npaths: {}\n")?;
    let dir = ws.join(EMPTY_CRATE);
    let generated = sh(quiet(
        Command::new(&t.oagen)
            .args(["generate"])
            .arg(&spec)
            .arg("--out")
            .arg(&dir)
            .args(["--crate-name", EMPTY_CRATE, "--parts", "models,client"])
            .arg("--runtime")
            .arg(format!("path={}", runtime.display())),
    ));
    if !generated {
        return Err(std::io::Error::other("oagen could not generate the empty crate"));
    }
    std::fs::remove_dir_all(dir.join("src"))?;
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("src/lib.rs"), "")
}

/// The `cargo check` ratios oagen / peer per spec: models + client against the peer's crate (which is models +
/// client), and oagen's models alone against it; with `floor` (the empty crate's time), also the ratio of the time
/// each crate takes above it.
fn check_ratios(checks: &[(String, &'static str, &'static str, f64)], floor: Option<f64>, r: &mut String) {
    let find = |spec: &str, generator: &str, features: &str| {
        checks.iter().find(|(s, g, f, _)| s == spec && *g == generator && *f == features).map(|c| c.3)
    };
    // Each spec once, in order of first appearance (a spec's crates are not all next to each other: its
    // `--features-per-tag` crate comes between oagen's and the peers').
    let mut specs: Vec<&str> = Vec::new();
    for c in checks {
        if !specs.contains(&c.0.as_str()) {
            specs.push(&c.0);
        }
    }
    let _ = writeln!(r, "`cargo check` ratios (median / median; below 1: oagen's crate checks faster):\n");
    if let Some(floor) = floor {
        let _ = writeln!(
            r,
            "The empty crate ({floor:.2} s) is what any crate with these dependencies costs: cargo's start-up and its \
             freshness checks of the dependencies, and rustc's start-up. It is most of a small crate's time, so the \
             last column divides what each crate takes above it.\n"
        );
    }
    let _ = writeln!(r, "| spec | peer | oagen models + client / peer | oagen models only / peer | above the empty crate: models + client / peer |\n|---|---|---|---|---|");
    for spec in specs {
        for peer in ["progenitor", "openapi-generator"] {
            let Some(theirs) = find(spec, peer, "models + client") else { continue };
            let ratio = |ours: Option<f64>| ours.map(|o| format!("{:.2}", o / theirs)).unwrap_or_else(|| "n/a".into());
            let above = match (find(spec, "oagen", "models + client"), floor) {
                (Some(ours), Some(floor)) if theirs > floor => {
                    format!("{:.2}", (ours - floor).max(0.0) / (theirs - floor))
                }
                _ => "n/a".into(),
            };
            let _ = writeln!(
                r,
                "| {spec} | {peer} | {} | {} | {above} |",
                ratio(find(spec, "oagen", "models + client")),
                ratio(find(spec, "oagen", "models only"))
            );
        }
    }
    let _ = writeln!(r);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_split_docs_from_code_and_count_code_bytes_without_whitespace() {
        let text = "//! Crate.\n\n/// A thing.\npub struct A {\n    x: i64,\n}\n";
        assert_eq!(Size::of(text), Size { lines: 6, comments: 2, code: 3, code_bytes: 18 });
        let per = Size { lines: 30, comments: 10, code: 15, code_bytes: 400 }.per(10);
        assert_eq!(per, ("3 (1 + 2)".to_owned(), "40".to_owned()));
    }

    #[test]
    fn compile_only_replaces_the_last_section_and_keeps_the_rest() {
        let old = "# Benchmarks\n\n## Generation\n\nfast\n\n## Compile time of generated crates\n\nold rows\n";
        let new = "## Compile time of generated crates\n\nnew rows\n";
        let r = replace_compile_section(old, new, "2026-12-03 12:00 UTC");
        assert_eq!(
            r,
            "# Benchmarks\n\n## Generation\n\nfast\n\n## Compile time of generated crates\n\n(This section: \
             `cargo xtask bench --compile-only` on 2026-12-03 12:00 UTC.)\n\nnew rows\n"
        );
        assert!(replace_compile_section("# B\n\n", new, "now").starts_with("# B\n\n## Compile time"));
    }

    #[test]
    fn a_spec_gets_one_ratio_row_per_peer_when_its_tagged_crate_comes_between() {
        let checks = vec![
            ("github".to_owned(), "oagen", "models only", 1.0),
            ("github".to_owned(), "oagen", "models + client", 2.0),
            ("github --features-per-tag".to_owned(), "oagen", EVERY_TAG, 2.0),
            ("github".to_owned(), "openapi-generator", "models + client", 4.0),
        ];
        let mut r = String::new();
        check_ratios(&checks, None, &mut r);
        assert_eq!(r.matches("| github | openapi-generator |").count(), 1, "{r}");
    }

    #[test]
    fn operations_and_schemas_are_counted_from_json_documents() {
        let doc = r#"{"paths": {"/a": {"get": {}, "post": {}, "parameters": []}, "/b": {"delete": {}}},
            "components": {"schemas": {"A": {}, "B": {}, "C": {}}}}"#;
        assert_eq!(item_counts(doc), Some((3, 3)));
        assert_eq!(item_counts("openapi: 3.0.0"), None);
    }

    #[test]
    fn small_crates_are_compiled_more_often() {
        assert_eq!(compile_runs(600, 3), 7);
        assert_eq!(compile_runs(600, 9), 9);
        assert_eq!(compile_runs(24_000, 5), 3);
        assert_eq!(compile_runs(24_000, 2), 2);
    }

    #[test]
    fn one_tag_is_set_against_every_tag() {
        assert_eq!(first_tag("[features]\nfull = [\"tag-animal\", \"tag-book\"]\n").as_deref(), Some("tag-animal"));
        assert_eq!(first_tag("full = []\n"), None);
        let spec = "star-trek --features-per-tag".to_owned();
        let checks = vec![(spec.clone(), "oagen", EVERY_TAG, 4.0), (spec, "oagen", ONE_TAG, 0.5)];
        let mut r = String::new();
        tag_ratios(&checks, &mut r);
        assert!(r.contains("| star-trek --features-per-tag | 0.50 s | 4.00 s | 0.125 |"), "{r}");
    }

    #[test]
    fn check_ratios_divide_oagen_by_each_peer_that_compiled() {
        let checks = vec![
            ("star-trek".to_owned(), "oagen", "models only", 1.0),
            ("star-trek".to_owned(), "oagen", "models + client", 1.5),
            ("star-trek".to_owned(), "openapi-generator", "models + client", 3.0),
            ("corti".to_owned(), "oagen", "models + client", 0.4),
            ("corti".to_owned(), "progenitor", "models + client", 0.5),
        ];
        let mut r = String::new();
        check_ratios(&checks, Some(0.2), &mut r);
        assert!(r.contains("| star-trek | openapi-generator | 0.50 | 0.33 | 0.46 |"), "{r}");
        assert!(r.contains("| corti | progenitor | 0.80 | n/a | 0.67 |"), "{r}");
        assert!(!r.contains("| star-trek | progenitor"), "{r}");
        let mut r = String::new();
        check_ratios(&checks, None, &mut r);
        assert!(r.contains("| corti | progenitor | 0.80 | n/a | n/a |"), "{r}");
    }
}
