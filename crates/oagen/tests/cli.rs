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

/// `cargo` in `dir` as a nested build of the repository: the environment of `xtask::workspace::nested_cargo`
/// (which this crate's tests cannot depend on), so that these builds share that target directory's dependencies.
fn nested_cargo(dir: &Path) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/nested"))
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    cmd
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
    let bad_name = oagen(&[
        "generate",
        &spec("specs/healvi.yaml"),
        "--out",
        &dir.display().to_string(),
        "--crate-name",
        "no spaces",
    ]);
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
    let o =
        oagen(&["generate", &spec("tests/fixtures/constructs/recursive.yaml"), "--out", &out.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("is inside the Cargo workspace"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn yaml_or_json_is_decided_by_content() {
    let dir = scratch("content");
    let path = dir.join("spec.txt");
    std::fs::write(&path, r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#)
        .expect("write");
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
    let build = nested_cargo(&out).args(["check", "--message-format=short"]).output().expect("cargo runs");
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

/// The files of a generated crate (the vendored runtime left out), sorted.
fn crate_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("readable").filter_map(Result::ok) {
            let path = entry.path();
            let rel = path.strip_prefix(base).expect("inside").to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                if rel != "oagen-runtime" {
                    walk(&path, base, out);
                }
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// What `--parts` should give.
struct PartsCase {
    /// The `--parts` value.
    parts: &'static str,
    /// The crate's files.
    files: &'static [&'static str],
    /// What the manifest says.
    has: &'static [&'static str],
    /// What the manifest does not say.
    has_not: &'static [&'static str],
}

/// `--parts` decides which modules are written and what the manifest declares; `models` is implied.
#[test]
fn parts_choose_the_files_and_the_manifest() {
    let dir = scratch("parts");
    let cases = [
        PartsCase {
            parts: "models",
            files: &["Cargo.toml", "README.md", "rustfmt.toml", "src/lib.rs", "src/types.rs"],
            has: &[],
            has_not: &["reqwest", "axum", "[features]", "client", "server", "[dev-dependencies]", "[[example]]"],
        },
        PartsCase {
            parts: "models,client",
            files: &["Cargo.toml", "README.md", "rustfmt.toml", "src/client.rs", "src/lib.rs", "src/types.rs"],
            has: &["reqwest = ", "default = [\"client\"]", "client = [\"dep:reqwest\", \"oagen-runtime/client\"]"],
            has_not: &["axum", "server", "[dev-dependencies]", "[[example]]"],
        },
        PartsCase {
            parts: "models,server",
            files: &[
                "Cargo.toml",
                "README.md",
                "examples/server.rs",
                "rustfmt.toml",
                "src/lib.rs",
                "src/server.rs",
                "src/types.rs",
            ],
            has: &[
                "axum = ",
                "default = [\"server\"]",
                "server = [\"dep:axum\", \"oagen-runtime/server\"]",
                "[[example]]",
                "tokio = ",
            ],
            has_not: &["reqwest", "client"],
        },
        // `models` is implied.
        PartsCase {
            parts: "server",
            files: &[
                "Cargo.toml",
                "README.md",
                "examples/server.rs",
                "rustfmt.toml",
                "src/lib.rs",
                "src/server.rs",
                "src/types.rs",
            ],
            has: &["default = [\"server\"]"],
            has_not: &["reqwest"],
        },
    ];
    for PartsCase { parts, files, has, has_not } in cases {
        let out = dir.join(parts.replace(',', "-"));
        let args = [
            "generate",
            &spec("specs/healvi.yaml"),
            "--out",
            &out.display().to_string(),
            "--crate-name",
            "parts-api",
            "--parts",
            parts,
        ];
        let o = oagen(&args);
        assert_eq!(o.status.code(), Some(0), "--parts {parts}: {}", stderr(&o));
        assert_eq!(crate_files(&out), files.iter().map(|f| f.to_string()).collect::<Vec<_>>(), "--parts {parts}");
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        for needle in has {
            assert!(manifest.contains(needle), "--parts {parts}: no {needle:?} in\n{manifest}");
        }
        // The header, the vendored runtime's dependency line and the description are not about the parts.
        let ignored = ["# ", "oagen-runtime = ", "description = "];
        for needle in has_not {
            let found = manifest.lines().any(|l| l.contains(needle) && !ignored.iter().any(|i| l.starts_with(i)));
            assert!(!found, "--parts {parts}: {needle:?} in\n{manifest}");
        }
        let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
        assert_eq!(lib.contains("pub mod client;"), files.contains(&"src/client.rs"), "--parts {parts}:\n{lib}");
        assert_eq!(lib.contains("pub mod server;"), files.contains(&"src/server.rs"), "--parts {parts}:\n{lib}");
    }
    // Without --parts: everything.
    let all = dir.join("all");
    let o = oagen(&["generate", &spec("specs/healvi.yaml"), "--out", &all.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        crate_files(&all),
        [
            "Cargo.toml",
            "README.md",
            "examples/server.rs",
            "rustfmt.toml",
            "src/client.rs",
            "src/lib.rs",
            "src/server.rs",
            "src/types.rs"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_part_is_a_usage_error() {
    let dir = scratch("unknown-part");
    let out = dir.join("api");
    let o = oagen(&[
        "generate",
        &spec("specs/healvi.yaml"),
        "--out",
        &out.display().to_string(),
        "--parts",
        "models,views",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let text = stderr(&o);
    assert!(text.contains("invalid value 'views' for '--parts <PARTS>'"), "{text}");
    assert!(text.contains("[possible values: models, client, server]"), "{text}");
    assert!(!out.exists(), "nothing is written on a usage error");
    let help = oagen(&["generate", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--parts <PARTS>"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A small API with a client call and a served operation that both use a model.
const NOTES_SPEC: &str = "openapi: 3.0.3\ninfo: {title: Notes, version: 1.0.0}\npaths:\n  /notes/{id}:\n    put:\n      operationId: putNote\n\
    \x20     parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n      requestBody:\n\
    \x20       required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Note'}\n\
    \x20     responses:\n        '200':\n          description: The note.\n          content:\n            application/json:\n\
    \x20             schema: {$ref: '#/components/schemas/Note'}\ncomponents:\n  schemas:\n    Note:\n      type: object\n\
    \x20     properties:\n        text: {type: string}\n";

/// Any directory name gives a crate that builds, its example server and doc examples included: `box`, `type` and
/// `match` are keywords (`use box::server` did not even parse, an internal error), `self` cannot be a raw identifier,
/// `Foo-public.v2` is no snake_case library name, `2024` starts with a digit. The package keeps the name (lower-case
/// kebab); the library gets `_api` when the name is a keyword.
#[test]
fn any_directory_name_gives_a_crate_that_builds() {
    let dir = scratch("names");
    let spec_path = dir.join("openapi.yaml");
    std::fs::write(&spec_path, NOTES_SPEC).expect("write spec");
    let runtime = repo_root().join("crates/oagen-runtime").display().to_string();
    let cases = [
        ("box", "box", "box_api"),
        ("type", "type", "type_api"),
        ("match", "match", "match_api"),
        ("self", "self", "self_api"),
        ("Foo-public.v2", "foo-public-v2", "foo_public_v2"),
        ("2024", "api-2024", "api_2024"),
    ];
    for (name, package, lib) in cases {
        let out = dir.join(name);
        let args = [
            "generate",
            &spec_path.display().to_string(),
            "--out",
            &out.display().to_string(),
            "--runtime-path",
            &runtime,
        ];
        let o = oagen(&args);
        assert_eq!(o.status.code(), Some(0), "--out {name}: {}", stderr(&o));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(manifest.contains(&format!("[package]\nname = \"{package}\"\n")), "--out {name}:\n{manifest}");
        assert_eq!(
            manifest.contains(&format!("[lib]\nname = \"{lib}\"\n")),
            lib != package.replace('-', "_"),
            "{manifest}"
        );
        let example = std::fs::read_to_string(out.join("examples/server.rs")).expect("example");
        assert!(example.contains(&format!("use {lib}::server::{{self, Api}};")), "--out {name}:\n{example}");
        let client = std::fs::read_to_string(out.join("src/client.rs")).expect("client");
        assert!(client.contains(&format!("use {lib}::client::Client;")), "--out {name}:\n{client}");
    }
    // An explicit keyword name works the same.
    let out = dir.join("explicit");
    let args = [
        "generate",
        &spec_path.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--crate-name",
        "crate",
        "--runtime-path",
        &runtime,
    ];
    let o = oagen(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(out.join("Cargo.toml"))
        .expect("manifest")
        .contains("[lib]\nname = \"crate_api\"\n"));
    // Two of them built with their example (shared target directory and lock file, as above).
    for name in ["box", "self"] {
        let out = dir.join(name);
        std::fs::copy(repo_root().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock");
        let build =
            nested_cargo(&out).args(["check", "--all-targets", "--message-format=short"]).output().expect("cargo runs");
        let log = stderr(&build);
        assert!(build.status.success(), "--out {name}: {log}");
        assert!(!log.contains("warning"), "--out {name}: {log}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A minified document is one line: each diagnostic shows the part of it around the column (the whole line once: 6 MB
/// per warning for APIs.guru's loket.nl, 20 GB in all), and only the first few of each kind are printed, the rest
/// counted; the summary counts them all.
#[test]
fn diagnostics_on_a_one_line_document_are_cut_and_capped() {
    let o = oagen(&["check", &spec("tests/fixtures/broken/minified_warnings.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stderr(&o);
    assert_eq!(text.matches("warning: the spec's own example/default").count(), 10, "{text}");
    let note = "note: 15 more warnings not shown (10 shown): the spec's own example/default \"…\" is not a valid `…`";
    assert!(text.contains(note), "{text}");
    assert!(text.ends_with("minified_warnings.json: 0 errors, 25 warnings\n"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let shown: Vec<(usize, &str)> = lines.iter().copied().enumerate().filter(|(_, l)| l.starts_with("1 | ")).collect();
    assert_eq!(shown.len(), 10, "{text}");
    for (i, line) in shown {
        // `1 | `, the window of 120 characters and `...` at both ends.
        assert!(line.starts_with("1 | ...") && line.ends_with("...") && line.chars().count() == 4 + 126, "{line}");
        // The caret line has the same margin: the caret is under the key the pointer names.
        let caret = lines[i + 1];
        assert!(caret.starts_with("  | ") && caret.ends_with('^'), "{caret}");
        let from_caret: String = line.chars().skip(caret.len() - 1).collect();
        assert!(from_caret.starts_with("\"at\":{"), "{line}\n{caret}");
    }
}

/// A reader that stops early (`oagen check spec.json 2>&1 | head`) once made the CLI panic (exit status 101) at its
/// next write; it now stops writing and ends as it would have.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    for (fixture, status) in
        [("tests/fixtures/constructs/ref_siblings.yaml", 0), ("tests/fixtures/broken/dangling_ref.yaml", 1)]
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oagen"))
            .args(["check", &spec(fixture)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("oagen runs");
        // The read end closed before oagen has written anything: its first write fails.
        drop(child.stderr.take());
        let exit = child.wait().expect("oagen ends");
        assert_eq!(exit.code(), Some(status), "{fixture}: {exit}");
    }
}

#[test]
fn json_messages_give_every_diagnostic_with_its_place_then_a_summary() {
    let out = oagen(&["check", &spec("tests/fixtures/broken/dangling_ref.yaml"), "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect("each line is one JSON object")).collect();
    let (summary, diagnostics) = lines.split_last().expect("at least the summary");
    assert_eq!(summary["reason"], "summary", "{stdout}");
    let errors = diagnostics.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(summary["errors"], errors, "{stdout}");
    assert_eq!(summary["warnings"], diagnostics.len() - errors, "{stdout}");
    let pet = diagnostics
        .iter()
        .find(|d| d["message"] == "`$ref` target #/components/schemas/Pet does not exist")
        .unwrap_or_else(|| panic!("the dangling reference is reported: {stdout}"));
    assert_eq!((pet["reason"].as_str(), pet["severity"].as_str()), (Some("diagnostic"), Some("error")));
    assert_eq!((pet["line"].as_u64(), pet["column"].as_u64()), (Some(17), Some(19)), "{pet}");
    assert_eq!(pet["pointer"], "#/paths/~1pets/get/responses/200/content/application~1json/schema/items/$ref", "{pet}");
    // Human diagnostics are not written as well: standard error has the closing line only.
    assert!(!stderr(&out).contains("does not exist"), "{}", stderr(&out));

    let refused = oagen(&["check", &spec("tests/fixtures/broken/swagger2.json"), "--message-format", "json"]);
    let last = String::from_utf8_lossy(&refused.stdout).lines().last().map(str::to_owned).unwrap_or_default();
    let last: serde_json::Value = serde_json::from_str(&last).expect("a summary");
    assert_eq!((last["reason"].as_str(), last["generated"].as_bool()), (Some("summary"), Some(false)), "{last}");
}

#[test]
fn hoist_and_idempotency_header_shape_the_client() {
    let dir = scratch("client-options");
    let out = dir.join("orders");
    let path = spec("tests/fixtures/client/client_parameters.yaml");
    let args = ["generate", &path, "--out", &out.display().to_string(), "--hoist", "region"];
    let o = oagen(&[&args[..], &["--idempotency-header", "X-Request-Key"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let client = std::fs::read_to_string(out.join("src/client.rs")).expect("client.rs");
    assert!(client.contains("pub fn with_region("), "--hoist region");
    assert!(client.contains("config.set_idempotency_header(\"X-Request-Key\");"), "--idempotency-header");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Which operations paginate is a note per operation; notes never change the status, even with
/// `--deny-warnings`. `--paginate OPERATION=STYLE,..` states what detection cannot tell (or turns it off), and a
/// malformed one is a usage error.
#[test]
fn paginate_states_pagination_and_notes_do_not_fail_a_run() {
    let path = spec("tests/fixtures/client/client_parameters.yaml");
    let plain = oagen(&["check", &path, "--deny-warnings"]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(!stderr(&plain).contains("paginates"), "{}", stderr(&plain));

    let pages = spec("tests/fixtures/client/pagination.yaml");
    let o = oagen(&["check", &pages, "--paginate", "ListBroken=none", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(0), "notes (and no warning left) pass --deny-warnings: {}", stderr(&o));
    let text = stderr(&o);
    assert!(text.contains("note: operation `list_customers` paginates by cursor"), "{text}");
    assert!(text.contains("0 errors, 0 warnings, 6 notes"), "{text}");

    let o = oagen(&["check", &pages, "--paginate", "ListAudit=cursor,next=next_cursor", "--message-format", "json"]);
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(stdout.contains("operation `list_audit` paginates by cursor: `cursor` from `next_cursor`"), "{stdout}");
    assert!(stdout.contains(r#""severity":"note""#), "{stdout}");
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("summary");
    assert_eq!((last["warnings"].as_u64(), last["notes"].as_u64()), (Some(1), Some(7)), "{last}");

    let o = oagen(&["check", &pages, "--paginate", "ListUnknown=cursor"]);
    assert!(stderr(&o).contains("names `ListUnknown`, which is no operation"), "{}", stderr(&o));
    for bad in ["ListAudit", "=cursor", "ListAudit=sideways", "ListAudit=cursor,param", "ListAudit=cursor,colour=red"] {
        let o = oagen(&["check", &pages, "--paginate", bad]);
        assert_eq!(o.status.code(), Some(2), "--paginate {bad}: {}", stderr(&o));
    }
}

/// `oagen.toml` beside the spec (or `--config FILE`) holds the options the flags set; the flags add to it; a
/// mistake in it is a usage error naming the key.
#[test]
fn oagen_toml_beside_the_spec_or_named_holds_the_options() {
    let dir = scratch("config");
    let spec_path = dir.join("openapi.yaml");
    std::fs::copy(spec("tests/fixtures/client/pagination.yaml"), &spec_path).expect("copy the spec");
    let spec_path = spec_path.to_string_lossy().into_owned();

    let o = oagen(&["check", &spec_path]);
    assert!(!stderr(&o).contains("`list_audit` paginates"), "nothing configured yet: {}", stderr(&o));

    std::fs::write(
        dir.join("oagen.toml"),
        "[client.paginate]\nListAudit = { style = \"cursor\", next = \"next_cursor\" }\n",
    )
    .expect("write oagen.toml");
    let o = oagen(&["check", &spec_path]);
    assert!(
        stderr(&o).contains("operation `list_audit` paginates by cursor: `cursor` from `next_cursor`"),
        "{}",
        stderr(&o)
    );
    let o = oagen(&["check", &spec_path, "--paginate", "ListAudit=none"]);
    assert!(!stderr(&o).contains("`list_audit` paginates"), "a flag wins over the file: {}", stderr(&o));

    let other = dir.join("other.toml");
    std::fs::write(&other, "[client]\nhoist = [\"region\"]\nidempotency-header = \"X-Request-Key\"\n").expect("write");
    let out = dir.join("crate");
    let o = oagen(&["generate", &spec_path, "--out", &out.to_string_lossy(), "--config", &other.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let client = std::fs::read_to_string(out.join("src/client.rs")).expect("client.rs");
    assert!(client.contains("config.set_idempotency_header(\"X-Request-Key\");"), "--config names the file");
    assert!(!client.contains("list_audit_stream"), "the file beside the spec is not read when --config names another");

    std::fs::write(dir.join("oagen.toml"), "[client]\nhoists = []\n").expect("write");
    let o = oagen(&["check", &spec_path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unknown key `client.hoists`"), "{}", stderr(&o));
    let o = oagen(&["check", &spec_path, "--config", &dir.join("missing.toml").to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn features_per_tag_gate_the_operations() {
    let dir = scratch("features-per-tag");
    let (tagged, plain) = (dir.join("tagged"), dir.join("plain"));
    let path = spec("tests/fixtures/client/tags.yaml");
    for (out, flag) in [(&tagged, Some("--features-per-tag")), (&plain, None)] {
        let args = ["generate", &path, "--out", &out.display().to_string()];
        let o = oagen(&[&args[..], flag.as_slice()].concat());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let manifest = std::fs::read_to_string(tagged.join("Cargo.toml")).expect("Cargo.toml");
    for line in [
        "default = [\"client\", \"full\"]\n",
        "full = [\"tag-pets\", \"tag-pet-store\", \"tag-pet-store-2\", \"tag-orders\", \"tag-untagged\"]\n",
        "tag-orders = []\n",
        "[package.metadata.docs.rs]\nfeatures = [\"client\", \"tracing\", \"server\", \"full\"]\n",
    ] {
        assert!(manifest.contains(line), "{line} in:\n{manifest}");
    }
    let client = std::fs::read_to_string(tagged.join("src/client.rs")).expect("client.rs");
    assert!(client.contains("#[cfg(feature = \"tag-orders\")]\n    pub fn orders(&self)"), "{client}");
    // Without the flag, nothing is gated.
    let plain_manifest = std::fs::read_to_string(plain.join("Cargo.toml")).expect("Cargo.toml");
    assert!(!plain_manifest.contains("tag-") && !plain_manifest.contains("full"), "{plain_manifest}");
    let plain_client = std::fs::read_to_string(plain.join("src/client.rs")).expect("client.rs");
    assert!(!plain_client.contains("#[cfg("), "{plain_client}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_runtime_is_vendored_from_crates_io_or_at_a_path() {
    let dir = scratch("runtime-modes");
    let healvi = spec("specs/healvi.yaml");
    let generate = |out: &Path, extra: &[&str]| {
        let args = ["generate", healvi.as_str(), "--out", &out.display().to_string()];
        let o = oagen(&[&args[..], extra].concat());
        assert_eq!(o.status.code(), Some(0), "{extra:?}: {}", stderr(&o));
        std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest")
    };
    let manifest = generate(&dir.join("vendored"), &[]);
    assert!(
        manifest.contains("oagen-runtime = { path = \"oagen-runtime\" }\n") && manifest.contains("publish = false")
    );
    assert!(dir.join("vendored/oagen-runtime/src/lib.rs").is_file());

    let manifest = generate(&dir.join("version"), &["--runtime", "version"]);
    let version = format!("oagen-runtime = \"{}\"\n", env!("CARGO_PKG_VERSION"));
    assert!(manifest.contains(&version), "{manifest}");
    assert!(!manifest.contains("publish = false"), "{manifest}");
    assert!(!dir.join("version/oagen-runtime").exists(), "nothing vendored");

    // A path is written relative to the crate, wherever the command runs.
    let runtime = repo_root().join("crates/oagen-runtime");
    let runtime = std::fs::canonicalize(runtime).expect("the runtime");
    let written = |out: &Path, manifest: &str| {
        let line = manifest.lines().find_map(|l| l.strip_prefix("oagen-runtime = { path = \"")).expect(manifest);
        let path = line.strip_suffix("\" }").expect(manifest);
        assert!(Path::new(path).is_relative(), "{path}");
        assert_eq!(
            std::fs::canonicalize(out.join(path)).ok().as_ref(),
            Some(&runtime),
            "{path} from {}",
            out.display()
        );
    };
    let out = dir.join("at/path");
    let manifest = generate(&out, &["--runtime", &format!("path={}", runtime.display())]);
    written(&out, &manifest);
    assert!(!out.join("oagen-runtime").exists(), "nothing vendored");

    // From oagen.toml: its path is relative to the file, and `[package]` fills the manifest.
    let config = dir.join("conf/oagen.toml");
    std::fs::create_dir_all(dir.join("conf")).expect("mkdir");
    std::fs::create_dir_all(dir.join("rt")).expect("mkdir");
    std::fs::copy(runtime.join("Cargo.toml"), dir.join("rt/Cargo.toml")).expect("a runtime stand-in");
    std::fs::write(&config, "runtime = { path = \"../rt\" }\n[package]\nlicense = \"MIT\"\nversion = \"3.1.4\"\n")
        .expect("config");
    let out = dir.join("configured");
    let manifest = generate(&out, &["--config", &config.display().to_string()]);
    assert!(manifest.contains("oagen-runtime = { path = \"../rt\" }\n"), "{manifest}");
    assert!(manifest.contains("license = \"MIT\"\n") && manifest.contains("version = \"3.1.4\"\n"), "{manifest}");
    // The flag wins over the file.
    let flagged = generate(&dir.join("flagged"), &["--config", &config.display().to_string(), "--runtime", "version"]);
    assert!(flagged.contains(&version), "{flagged}");

    for (bad, says) in
        [("crates.io", "expected `vendored`, `version` or `path=PATH`"), ("path=/no/such/runtime", "no crate there")]
    {
        let args = ["generate", healvi.as_str(), "--out", &dir.join("bad").display().to_string(), "--runtime", bad];
        let o = oagen(&args);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{bad}: {}", stderr(&o));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_exits_with_the_bump_the_changes_call_for() {
    let (v1, v2, breaking) = (
        spec("tests/fixtures/growth/v1.yaml"),
        spec("tests/fixtures/growth/v2.yaml"),
        spec("tests/fixtures/growth/breaking.yaml"),
    );
    let diff = |args: &[&str]| {
        let o = oagen(&[&["diff"], args].concat());
        (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned(), stderr(&o))
    };
    let (code, out, _) = diff(&[&v1, &v1]);
    assert_eq!(
        (code, out.lines().next()),
        (Some(0), Some("bump: none (0 breaking changes, 0 additions, 0 patch-level changes)"))
    );
    // A client's crate: the growth release adds only; with the server, its new operation is a method to write.
    let (code, out, _) = diff(&[&v1, &v2, "--parts", "models,client"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("bump: minor (0 breaking changes, 7 additions, 1 patch-level change)\n"), "{out}");
    assert!(out.contains("  client::ListPets::status: optional setter added"), "{out}");
    let (code, out, _) = diff(&[&v1, &v2]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("server::Api::delete_pet: trait method added without a default body"), "{out}");
    let (code, out, _) = diff(&[&v1, &breaking, "--parts", "models,client", "--message-format", "json"]);
    assert_eq!(code, Some(2), "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(json["bump"], "major", "{json}");
    assert!(json["changes"].as_array().is_some_and(|c| c.iter().all(|c| c["pointer"].is_string())), "{json}");
    // Neither 1 nor 2 when nothing can be compared.
    for args in [vec![v1.as_str()], vec![v1.as_str(), "no-such.yaml"], vec![v1.as_str(), v2.as_str(), "--parts", "gui"]]
    {
        let (code, _, err) = diff(&args);
        assert_eq!(code, Some(3), "{args:?}: {err}");
    }
    let swagger = scratch("diff-swagger").join("swagger.yaml");
    std::fs::write(&swagger, "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").expect("write");
    let (code, _, err) = diff(&[&v1, &swagger.display().to_string()]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("cannot be compared"), "{err}");
}

#[test]
fn check_examples_warns_about_each_invalid_example_and_counts_them() {
    let o = oagen(&["check", "--examples", &spec("specs/healvi.yaml")]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("the spec's own example does not match its schema: 4915223567929 is not of type string"),
        "{err}"
    );
    assert!(err.contains("examples: 21 found, 17 valid, 4 invalid (warned above)"), "{err}");
    let o = oagen(&["check", "--examples", "--deny-warnings", &spec("specs/healvi.yaml")]);
    assert_eq!(o.status.code(), Some(1), "invalid examples are warnings");
    // Without the flag, examples are not looked at.
    assert!(!stderr(&oagen(&["check", &spec("specs/healvi.yaml")])).contains("examples:"));
}

#[test]
fn example_tests_are_written_when_asked() {
    let out = scratch("example-tests");
    let o = oagen(&["generate", &spec("specs/healvi.yaml"), "--out", out.to_str().expect("utf-8"), "--example-tests"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tests = std::fs::read_to_string(out.join("tests/spec_examples.rs")).expect("tests/spec_examples.rs");
    assert!(tests.contains("fn conversation_created_at_1()"), "{tests}");
    let plain = scratch("no-example-tests");
    let o = oagen(&["generate", &spec("specs/healvi.yaml"), "--out", plain.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!plain.join("tests/spec_examples.rs").exists());
}

#[test]
fn date_times_can_be_kept_as_text() {
    let dir = scratch("date-time-text");
    let config = dir.join("oagen.toml");
    std::fs::write(&config, "[models]\ndate-time = \"text\"\n").expect("write oagen.toml");
    let out = dir.join("api");
    let args = ["generate", &spec("specs/healvi.yaml"), "--out", out.to_str().expect("utf-8"), "--config"];
    let o = oagen(&[&args[..], &[config.to_str().expect("utf-8")]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let types = std::fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    assert!(!types.contains("chrono::DateTime"), "date-times are strings");
    assert!(types.contains("pub created_at: Tristate<String>"), "{types}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(!manifest.contains("chrono"), "{manifest}");
    // The default holds instants.
    let plain = scratch("date-time-instant").join("api");
    let o = oagen(&["generate", &spec("specs/healvi.yaml"), "--out", plain.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let types = std::fs::read_to_string(plain.join("src/types.rs")).expect("types.rs");
    assert!(types.contains("chrono::DateTime<chrono::Utc>"));
}
