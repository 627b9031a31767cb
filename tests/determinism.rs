//! Output is a pure function of the input, and never contains code that panics or stubs on data.

use oagen_e2e::{generate, repo_root};

fn inputs() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in ["specs", "tests/fixtures/constructs", "tests/fixtures/client"] {
        let mut files: Vec<_> = std::fs::read_dir(repo_root().join(dir))
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

#[test]
fn generating_twice_is_byte_identical() {
    for path in inputs() {
        let (first, d1) = generate(&path);
        let (second, d2) = generate(&path);
        assert_eq!(first, second, "{} generated differently on a second run", path.display());
        assert_eq!(d1, d2, "{} reported different diagnostics on a second run", path.display());
    }
}

#[test]
fn generated_code_has_no_stubs_or_panics_on_data() {
    const FORBIDDEN: &[&str] = &["todo!", "unimplemented!", ".unwrap()", ".expect(", "panic!", ".ok();"];
    for path in inputs() {
        let (files, _) = generate(&path);
        for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
            for bad in FORBIDDEN {
                assert!(!f.contents.contains(bad), "{} / {} contains `{bad}`", path.display(), f.path);
            }
        }
    }
}

#[test]
fn every_generated_file_has_the_generated_header() {
    for path in inputs() {
        let (files, _) = generate(&path);
        for f in &files {
            assert!(
                ["// @generated", "# @generated", "<!-- @generated"].iter().any(|h| f.contents.starts_with(h)),
                "{} has no header",
                f.path
            );
        }
    }
}

/// A spec with thousands of paths gives a router of flat statements, not one chained expression nested thousands
/// deep: that chain overflowed the stack of the generator itself (syn and prettyplease walk it recursively) on a
/// 20,000-operation spec. The generated router is parsed here on a thread with a 256 KiB stack, which the chain
/// overflows and flat statements do not.
#[test]
fn many_paths_give_a_flat_router() {
    let mut paths = serde_json::Map::new();
    for i in 0..3000 {
        paths.insert(
            format!("/items{i}/{{id}}"),
            serde_json::json!({"get": {
                "operationId": format!("getItem{i}"),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}}
            }}),
        );
    }
    let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "many", "version": "1.0.0"}, "paths": paths});
    let source = oagen::Source::new("many.json", doc.to_string());
    let out = oagen::generate(&source, &oagen::Options::new("many-api")).expect("generates");
    let server = out.files.iter().find(|f| f.path == "src/server.rs").expect("a server module").contents.clone();
    let parsed = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || syn::parse_file(&server).map(|_| ()).map_err(|e| e.to_string()))
        .expect("thread")
        .join()
        .expect("no stack overflow");
    assert_eq!(parsed, Ok(()));
}
