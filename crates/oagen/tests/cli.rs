//! The `oagen` binary: exit statuses, and a crate written outside this repository that builds on its own (with the
//! vendored runtime, and a spec `info.version` that is not semver).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn oagen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oagen")).args(args).output().expect("oagen runs")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn spec(name: &str) -> String {
    repo_root().join(name).display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory outside the repository.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oagen-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn check_exits_zero_on_a_clean_spec_and_one_on_errors() {
    let ok = oagen(&["check", &spec("tests/fixtures/constructs/recursive.yaml")]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let broken = oagen(&["check", &spec("tests/fixtures/broken/dangling_ref.yaml")]);
    assert_eq!(broken.status.code(), Some(1), "{}", stderr(&broken));
    let text = stderr(&broken);
    assert!(text.contains("error: `$ref` target #/components/schemas/Pet does not exist"), "{text}");
    assert!(text.contains("dangling_ref.yaml:17:19"), "{text}");
    let swagger = oagen(&["check", &spec("tests/fixtures/broken/swagger2.json")]);
    assert_eq!(swagger.status.code(), Some(1));
    assert!(stderr(&swagger).contains("Swagger 2.0"));
}

#[test]
fn deny_warnings_turns_warnings_into_a_failure() {
    let path = spec("tests/fixtures/constructs/ref_siblings.yaml");
    let lenient = oagen(&["check", &path]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning: "), "the fixture has warnings: {}", stderr(&lenient));
    let strict = oagen(&["check", "--deny-warnings", &path]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("warnings are denied"));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(oagen(&[]).status.code(), Some(2));
    assert_eq!(oagen(&["generate", &spec("specs/healvi.yaml")]).status.code(), Some(2), "--out is required");
    assert_eq!(oagen(&["check", "/nonexistent/spec.yaml"]).status.code(), Some(2));
    assert_eq!(oagen(&["frobnicate"]).status.code(), Some(2));
    let dir = scratch("usage");
    let bad_name = oagen(&["generate", &spec("specs/healvi.yaml"), "--out", &dir.display().to_string(), "--crate-name", "no spaces"]);
    assert_eq!(bad_name.status.code(), Some(2), "{}", stderr(&bad_name));
    assert!(std::fs::read_dir(&dir).expect("dir").next().is_none(), "nothing is written on a usage error");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(oagen(&["--help"]).status.code(), Some(0));
}

#[test]
fn generating_inside_a_workspace_says_how_to_build_it() {
    let dir = scratch("in-workspace");
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("workspace");
    let out = dir.join("api");
    let o = oagen(&["generate", &spec("tests/fixtures/constructs/recursive.yaml"), "--out", &out.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("is inside the Cargo workspace"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn yaml_or_json_is_decided_by_content() {
    let dir = scratch("content");
    let path = dir.join("spec.txt");
    std::fs::write(&path, r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#).expect("write");
    let o = oagen(&["check", &path.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(&path, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").expect("write");
    let o = oagen(&["check", &path.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The crate `oagen generate` writes builds where it is written, outside this repository, with no edits: the
/// runtime is vendored beside it and a date as `info.version` does not break its manifest.
#[test]
fn a_generated_crate_builds_on_its_own_outside_the_repository() {
    let dir = scratch("standalone");
    let spec_path = dir.join("openapi.yaml");
    std::fs::write(
        &spec_path,
        "openapi: 3.0.3\ninfo:\n  title: Dated\n  version: 2022-08-01\npaths:\n  /events:\n    get:\n      responses:\n        '200':\n\
         \x20         description: Events.\n          content:\n            application/json:\n              schema:\n\
         \x20               type: array\n                items:\n                  $ref: '#/components/schemas/Event'\n\
         components:\n  schemas:\n    Event:\n      type: object\n      required: [at]\n      properties:\n\
         \x20       at:\n          type: string\n          format: date-time\n        kind:\n          type: string\n\
         \x20         nullable: true\n          enum: [created, deleted]\n        parent:\n          $ref: '#/components/schemas/Event'\n",
    )
    .expect("write spec");
    let out = dir.join("dated-client");
    let o = oagen(&["generate", &spec_path.display().to_string(), "--out", &out.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Cargo workspace"), "no workspace encloses a temporary directory: {}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"dated-client\""), "the crate is named after --out:\n{manifest}");
    assert!(manifest.contains("oagen-runtime = { path = \"oagen-runtime\" }"), "{manifest}");
    assert!(out.join("oagen-runtime/Cargo.toml").is_file() && out.join("oagen-runtime/src/lib.rs").is_file());
    // Same dependency versions as this repository (no resolution, no download) and a shared target directory.
    std::fs::copy(repo_root().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = Command::new(cargo)
        .args(["check", "--message-format=short"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", repo_root().join("target/corpus-ws/target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let log = stderr(&build);
    assert!(build.status.success(), "{log}");
    assert!(!log.contains("warning"), "{log}");
    // Generating again changes nothing.
    let before = std::fs::read_to_string(out.join("src/types.rs")).expect("types");
    let again = oagen(&["generate", &spec_path.display().to_string(), "--out", &out.display().to_string()]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(out.join("src/types.rs")).expect("types"), before);
    let _ = std::fs::remove_dir_all(&dir);
}
