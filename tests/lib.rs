//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Generates a crate from a spec file and returns its files and rendered diagnostics.
pub fn generate(path: &Path) -> (Vec<oagen::File>, Vec<String>) {
    let source = oagen::Source::read(path).unwrap_or_else(|d| panic!("cannot read {}: {d}", path.display()));
    let name = path.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
    let source = oagen::Source { name: name.clone(), ..source };
    let mut options = oagen::Options::new("fixture-api").runtime_path(Path::new("../oagen-runtime"));
    options.command = "oagen test".to_owned();
    options.source_label = Some(name);
    match oagen::generate(&source, &options) {
        Ok(out) => (out.files, out.diagnostics.iter().map(|d| oagen::render(d, &source)).collect()),
        Err(f) => (Vec::new(), f.diagnostics.iter().map(|d| oagen::render(d, &source)).collect()),
    }
}

/// The contents of one generated file.
pub fn file<'a>(files: &'a [oagen::File], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no generated file {path}"))
}

/// The generator's robustness property, shared by the fuzz targets (`fuzz/`) and the regression tests
/// (`tests/hostile_generator.rs`), so that every input the fuzzer ever found keeps being checked by `cargo test`.
pub mod robustness {
    use oagen::{Format, Severity, Source};

    /// A source with the given text, read in the given syntax (whatever its first character says).
    pub fn source(text: &str, format: Format) -> Source {
        Source { name: "fuzz-input".to_owned(), path: None, text: text.to_owned(), format }
    }

    /// Generates from `source` and panics when the property does not hold: the generator returns output or
    /// diagnostics (a refusal carries at least one error), no diagnostic is an internal error, every `.rs` file
    /// parses with `syn`, every `.toml` file parses as TOML, and every diagnostic renders.
    ///
    /// Returns whether files were generated.
    pub fn check_generate(source: &Source) -> bool {
        // `syn` needs as much stack as the generator does on deeply nested types (see `oagen::generate`).
        std::thread::scope(|s| {
            let handle = std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn_scoped(s, || check_here(source))
                .expect("a thread for the check");
            handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    fn check_here(source: &Source) -> bool {
        let options = oagen::Options::new("fuzz-api");
        let (files, diagnostics) = match oagen::generate(source, &options) {
            Ok(out) => (out.files, out.diagnostics),
            Err(failure) => {
                assert!(
                    failure.diagnostics.iter().any(|d| d.severity == Severity::Error),
                    "a refusal without an error diagnostic: {:?}",
                    failure.diagnostics
                );
                (Vec::new(), failure.diagnostics)
            }
        };
        for d in &diagnostics {
            assert!(!d.message.contains("internal error"), "internal error: {d}");
            let _ = oagen::render(d, source);
        }
        for f in &files {
            if f.path.ends_with(".rs") {
                if let Err(e) = syn::parse_file(&f.contents) {
                    panic!("generated {} does not parse: {e}\n{}", f.path, f.contents);
                }
            } else if f.path.ends_with(".toml") {
                if let Err(e) = f.contents.parse::<toml::Table>() {
                    panic!("generated {} is not TOML: {e}\n{}", f.path, f.contents);
                }
            }
        }
        !files.is_empty()
    }
}

/// Writes a generated crate into `dir` (emptied first) as a workspace of its own, depending on this repository's
/// runtime, with this workspace's lock file (the same versions, all already downloaded).
pub fn write_crate(files: &[oagen::File], dir: &Path) {
    let root = repo_root();
    let _ = std::fs::remove_dir_all(dir);
    for f in files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let contents = if f.path == "Cargo.toml" {
            let runtime = root.join("crates/oagen-runtime");
            let line = format!("oagen-runtime = {{ path = {:?} }}", runtime.display().to_string());
            let replaced: Vec<String> = f
                .contents
                .lines()
                .map(|l| if l.starts_with("oagen-runtime = ") { line.clone() } else { l.to_owned() })
                .collect();
            format!("{}\n\n[workspace]\n", replaced.join("\n"))
        } else {
            f.contents.clone()
        };
        std::fs::write(&path, contents).expect("write");
    }
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// Runs cargo (offline) in a crate written by [`write_crate`], as a nested build ([`xtask::workspace::nested_cargo`]:
/// the target directory all nested builds share, so they never wait on the lock of the build running the test);
/// panics with its output unless it succeeds.
pub fn nested_cargo(dir: &Path, args: &[&str], what: &str) {
    let output = xtask::workspace::nested_cargo(&repo_root(), dir)
        .arg(args[0])
        .arg("--offline")
        .args(&args[1..])
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "{what}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Fails when `tests/generated/<name>.rs`, the module form of fixture `tests/fixtures/<fixture>` (the given parts,
/// inline), is not what the generator writes today; with `OAGEN_BLESS=1` it rewrites the file first. Tests that run
/// a fixture's generated code include the checked-in module with `#[path]`, so a reviewer reads its diff.
pub fn ensure_module(fixture: &str, name: &str, parts: oagen::Parts) {
    let spec = repo_root().join("tests/fixtures").join(fixture);
    let mut options = oagen::Options::new(format!("{name}-api"));
    options.command = "oagen test".to_owned();
    options.source_label = Some(format!("tests/fixtures/{fixture}"));
    options.module_parts = parts;
    let module = oagen::generate_module(&spec, &options).unwrap_or_else(|f| panic!("{f}"));
    let path = repo_root().join("tests/generated").join(format!("{name}.rs"));
    if std::env::var_os("OAGEN_BLESS").is_some() {
        std::fs::create_dir_all(repo_root().join("tests/generated")).expect("create tests/generated");
        std::fs::write(&path, &module.source).expect("write the module");
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(current == module.source, "{} is stale: rerun with OAGEN_BLESS=1 and read the diff", path.display());
}

#[cfg(test)]
mod tests {
    /// The fixture modules that end-to-end tests compile (`tests/generated/`), fresh. Here rather than in the tests
    /// that include them, so that `OAGEN_BLESS=1 cargo test -p oagen-e2e --lib` rewrites a module those tests need
    /// before they can compile.
    #[test]
    fn the_checked_in_fixture_modules_are_fresh() {
        super::ensure_module("client/streams.yaml", "streams", oagen::Parts { client: true, server: true });
        super::ensure_module("client/pagination.yaml", "pagination", oagen::Parts { client: true, server: false });
        super::ensure_module("client/multipart.yaml", "multipart", oagen::Parts { client: true, server: true });
        super::ensure_module("client/schemes.yaml", "schemes", oagen::Parts { client: true, server: false });
        super::ensure_module("client/http_schemes.yaml", "http_schemes", oagen::Parts { client: true, server: true });
        super::ensure_module("payloads/payloads.yaml", "payloads", oagen::Parts { client: false, server: false });
        super::ensure_module("payloads/hygiene.yaml", "hygiene", oagen::Parts { client: true, server: true });
    }
}
