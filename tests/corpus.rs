//! Every document of the shared corpus (`../shared/corpus/`), and every construct fixture
//! (`tests/fixtures/constructs/`), generates, and every generated crate compiles with no compiler or clippy warnings,
//! all built in one workspace (`target/corpus-ws/`, see `xtask/src/corpus.rs`).
//! Documents of 1 MB and more (Stripe) are included when `OAGEN_CORPUS_LARGE=1`; `cargo xtask corpus` always
//! includes them.

use oagen_e2e::repo_root;

#[test]
fn every_corpus_document_generates_and_compiles_without_warnings() {
    let root = repo_root();
    let dir = xtask::corpus::corpus_dir(&root);
    let large = std::env::var_os("OAGEN_CORPUS_LARGE").is_some_and(|v| v != "0");
    let mut docs = xtask::corpus::documents(&dir, large);
    assert!(!docs.is_empty(), "no corpus documents in {}", dir.display());
    // The construct fixtures are built in the same workspace: their snapshots show the code, this shows it compiles
    // (an enum value `self` once became the keyword `Self` as a variant, which only a build can catch).
    let fixtures = xtask::corpus::documents(&root.join("tests/fixtures/constructs"), true);
    assert!(fixtures.len() > 10, "construct fixtures missing");
    docs.extend(fixtures);
    // A spec split into files for bundlers (operations, parameters and responses each in a file of their own).
    docs.extend(xtask::corpus::documents(&root.join("tests/fixtures/multifile"), true));
    let rows = xtask::corpus::run_corpus(&root, &docs, &root.join("target/corpus-ws"))
        .unwrap_or_else(|e| panic!("the corpus workspace did not build: {e}"));
    let table = xtask::corpus::table(&rows);
    let mut problems = Vec::new();
    for r in &rows {
        if let Some(f) = &r.failure {
            problems.push(format!("{}: not generated: {f}", r.file));
        }
        if r.failure.is_none() && r.compiles != Some(true) {
            problems.push(format!("{}: does not compile", r.file));
        }
        for m in &r.messages {
            problems.push(format!("{}:\n{m}", r.file));
        }
    }
    assert!(problems.is_empty(), "{table}\n{}", problems.join("\n"));
    assert!(xtask::corpus::all_clean(&rows), "{table}");
}
