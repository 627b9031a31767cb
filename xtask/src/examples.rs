//! `cargo xtask examples [--directory N] [--write]`: the spec's own examples as tests, on the four bundled specs, on
//! every corpus document that has examples, and on N documents of APIs.guru's directory that have them. Each is generated (models only) with `--example-tests` into one workspace
//! (`target/examples-ws/`), the workspace's tests are built once and each crate's `tests/spec_examples.rs` is run;
//! the counts (examples, valid, of a generated type, decoded, exact) are printed as a Markdown table, and with
//! `--write` put into docs/corpus.md between its `examples` markers.

use crate::corpus::{self, Document};
use crate::workspace::{self, nested_cargo};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One document's examples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// The document's file name.
    pub file: String,
    /// Examples found.
    pub examples: usize,
    /// Of which their schema accepts.
    pub valid: usize,
    /// Valid examples of a generated type: the tests.
    pub tests: usize,
    /// Tests that decoded and came back with every datum.
    pub decoded: usize,
    /// Of which came back exactly as written.
    pub exact: usize,
    /// The failing tests' output, when any failed.
    pub failures: Vec<String>,
}

/// The documents: the bundled specs, then the corpus documents (without the large ones) that have examples.
pub fn documents(root: &Path) -> Vec<Document> {
    let mut docs = corpus::documents(&root.join("specs"), true);
    docs.extend(corpus::documents(&corpus::corpus_dir(root), false));
    docs
}

/// Documents of APIs.guru's directory (`scripts/get-directory.sh` fetches it) below this size are sampled.
const SAMPLE_BYTES: u64 = 256 << 10;

/// `n` documents of the directory that carry examples, spread evenly over it (by name), each under 256 KiB.
pub fn directory_sample(root: &Path, n: usize) -> Vec<Document> {
    let all = corpus::documents(&crate::directory::directory_dir(root), true);
    let mut with_examples: Vec<Document> = all
        .into_iter()
        .filter(|d| d.bytes < SAMPLE_BYTES)
        .filter(|d| std::fs::read_to_string(&d.path).is_ok_and(|t| t.contains("\"example")))
        .collect();
    with_examples.sort_by(|a, b| a.file.cmp(&b.file));
    if n == 0 || with_examples.is_empty() {
        return Vec::new();
    }
    let step = with_examples.len().div_ceil(n).max(1);
    with_examples.into_iter().step_by(step).take(n).collect()
}

/// Generates each document with its example tests into `ws`, runs them, and counts.
pub fn run_examples(root: &Path, docs: &[Document], ws: &Path) -> Result<Vec<Counts>, String> {
    std::fs::create_dir_all(ws.join("crates")).map_err(|e| format!("cannot create {}: {e}", ws.display()))?;
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for doc in docs {
        let mut options =
            oagen::Options::new(format!("examples-{}", doc.stem)).runtime_path(&root.join("crates/oagen-runtime"));
        options.command = "cargo xtask examples".to_owned();
        options.source_label = Some(doc.file.clone());
        options.plan.parts = oagen::Parts::MODELS;
        options.examples = oagen::ExampleOptions { check: true, tests: true };
        let out = oagen::generate_path(&doc.path, &options).map_err(|f| format!("{}: {f}", doc.file))?;
        let e = out.summary.examples;
        // A bundled spec's crate is tested even without examples (its test file compiles).
        if e.examples == 0 && !doc.path.starts_with(root.join("specs")) {
            continue;
        }
        let dir = ws.join("crates").join(&doc.stem);
        let _ = std::fs::remove_dir_all(&dir);
        oagen::write_files(&dir, &out.files).map_err(|err| format!("cannot write {}: {err}", dir.display()))?;
        members.push(format!("crates/{}", doc.stem));
        rows.push((
            format!("examples-{}", doc.stem),
            Counts {
                file: doc.file.clone(),
                examples: e.examples,
                valid: e.valid,
                tests: e.typed,
                ..Counts::default()
            },
        ));
    }
    workspace::write_manifest(root, ws, &members, "cargo xtask examples")?;
    let built = nested_cargo(root, ws)
        .args(["test", "--offline", "--workspace", "--test", "spec_examples", "--no-run"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.status.success() {
        return Err(format!("the example tests do not build:\n{}", String::from_utf8_lossy(&built.stderr)));
    }
    for (package, row) in &mut rows {
        let run = nested_cargo(root, ws)
            .args(["test", "--offline", "-p", package, "--test", "spec_examples", "--", "--nocapture"])
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let stdout = String::from_utf8_lossy(&run.stdout);
        // The summary's count: with `--nocapture` a test's line and what it prints can share a line.
        let passed = stdout
            .lines()
            .filter_map(|l| {
                l.strip_prefix("test result: ")?.split("; ").next()?.split(' ').nth(1)?.parse::<usize>().ok()
            })
            .sum();
        let inexact = stdout.matches("inexact: ").count();
        row.decoded = passed;
        row.exact = passed.saturating_sub(inexact);
        if !run.status.success() {
            row.failures.push(format!("{stdout}\n{}", String::from_utf8_lossy(&run.stderr)));
        }
    }
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}

/// The counts as a Markdown table, with a total row.
pub fn table(rows: &[Counts]) -> String {
    let mut out = String::from(
        "| document | examples | valid | of a generated type (tests) | decoded, every datum back | exact |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    let mut total = Counts { file: "**total**".to_owned(), ..Counts::default() };
    for r in rows {
        total.examples += r.examples;
        total.valid += r.valid;
        total.tests += r.tests;
        total.decoded += r.decoded;
        total.exact += r.exact;
    }
    for r in rows.iter().chain(std::iter::once(&total)) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.file, r.examples, r.valid, r.tests, r.decoded, r.exact
        ));
    }
    out
}

/// Where the examples section of docs/corpus.md begins (`cargo xtask corpus --write` keeps it).
pub const BEGIN: &str = "<!-- examples:begin (cargo xtask examples --write) -->";

/// Where it ends.
pub const END: &str = "<!-- examples:end -->";

/// The section's heading and prose, above its table.
const SECTION: &str = "## The spec's own examples\n\n\
Latest output of `cargo xtask examples --directory 12 --write`: each document generated (models only) with\n\
`--example-tests`, its `tests/spec_examples.rs` built and run. \"examples\" are all the `example`/`examples` values\n\
found (schemas at any depth, parameters, headers, bodies, responses, Example Objects); \"valid\" those their schema\n\
accepts by the generator's rules (`oagen check --examples` warns about the others, with their pointers); \"of a\n\
generated type\" the valid ones whose schema is a model or a model's field, each a test (an example with a property no\n\
generated field holds is reported instead); \"decoded\" the tests that decode and come back with every datum;\n\
\"exact\" those that come back byte for byte as JSON values (the others: a date-time in UTC, see\n\
docs/architecture.md, \"Payloads as received\"). The last rows are a sample of APIs.guru's directory.\n";

/// The workspace the example tests are built in.
pub fn workspace_dir(root: &Path) -> PathBuf {
    root.join("target/examples-ws")
}

/// `cargo xtask examples [--directory N] [--write]`.
pub fn run(sample: usize, write: bool) -> ExitCode {
    let root = crate::codegen::repo_root();
    let mut docs = documents(&root);
    docs.extend(directory_sample(&root, sample));
    let rows = match run_examples(&root, &docs, &workspace_dir(&root)) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let table = table(&rows);
    println!("{table}");
    let failed: Vec<&Counts> = rows.iter().filter(|r| !r.failures.is_empty()).collect();
    for r in &failed {
        eprintln!("{}: example tests failed:\n{}", r.file, r.failures.join("\n"));
    }
    if write {
        let path = root.join("docs/corpus.md");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let section = format!("{BEGIN}\n{SECTION}\n{table}{END}");
        let updated = match (text.find(BEGIN), text.find(END)) {
            (Some(b), Some(e)) if b < e => format!("{}{section}{}", &text[..b], &text[e + END.len()..]),
            _ => format!("{}\n\n{section}\n", text.trim_end()),
        };
        if let Err(e) = std::fs::write(&path, updated) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
