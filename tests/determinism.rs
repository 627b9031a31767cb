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
            assert!(f.contents.starts_with("// @generated") || f.contents.starts_with("# @generated"), "{} has no header", f.path);
        }
    }
}
