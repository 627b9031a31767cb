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
