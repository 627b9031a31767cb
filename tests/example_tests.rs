//! `oagen generate --example-tests` on the four bundled specs and every corpus document that has examples: each
//! crate's `tests/spec_examples.rs` builds and passes (every valid example of a generated type decodes and comes back
//! with every datum), all in one workspace (`target/examples-ws/`, see `xtask/src/examples.rs`; `cargo xtask examples
//! --write` puts the counts in docs/corpus.md).

use oagen_e2e::repo_root;

#[test]
fn the_specs_own_examples_decode_and_come_back() {
    let root = repo_root();
    let docs = xtask::examples::documents(&root);
    let rows = xtask::examples::run_examples(&root, &docs, &xtask::examples::workspace_dir(&root))
        .unwrap_or_else(|e| panic!("{e}"));
    let table = xtask::examples::table(&rows);
    for bundled in ["chatdash.yaml", "corti.yaml", "healvi.yaml", "proficient.yaml"] {
        assert!(rows.iter().any(|r| r.file == bundled), "{bundled} is tested\n{table}");
    }
    let failed: Vec<String> = rows
        .iter()
        .filter(|r| !r.failures.is_empty())
        .map(|r| format!("{}:\n{}", r.file, r.failures.join("\n")))
        .collect();
    assert!(failed.is_empty(), "{table}\n{}", failed.join("\n"));
    for r in &rows {
        assert_eq!(r.decoded, r.tests, "{}: every test ran and passed\n{table}", r.file);
    }
}
