//! Diagnostics on broken documents (`fixtures/broken/`): each snapshot is what `oagen check` prints (severity,
//! message, file:line:column, JSON pointer, the source line), then what the generator still produced. A document
//! that is OpenAPI 3 always yields a complete crate, with documented fallbacks for what could not be honoured.

use oagen_e2e::repo_root;

fn report(file: &str) -> String {
    let path = repo_root().join("tests/fixtures/broken").join(file);
    let source = oagen::Source::read(&path).unwrap_or_else(|d| panic!("cannot read {file}: {d}"));
    let source = oagen::Source { name: format!("tests/fixtures/broken/{file}"), ..source };
    let mut options = oagen::Options::new("broken-api").runtime_path(std::path::Path::new("../oagen-runtime"));
    options.command = "oagen test".to_owned();
    let (diagnostics, outcome) = match oagen::generate(&source, &options) {
        Ok(out) => {
            let outcome = format!(
                "generated: {} operations, {} types, files {}",
                out.summary.operations,
                out.summary.types,
                out.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ")
            );
            (out.diagnostics, outcome)
        }
        Err(f) => (f.diagnostics, "not generated".to_owned()),
    };
    assert!(!diagnostics.is_empty(), "{file}: a broken document must have diagnostics");
    // As `oagen check` prints them: a few of each kind.
    let rendered: Vec<String> =
        oagen::Renderer::new(&[&source]).render_all(&diagnostics, oagen::DIAGNOSTICS_PER_KIND).collect();
    format!("{}\n---- {outcome}\n", rendered.join("\n"))
}

macro_rules! broken {
    ($($name:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(concat!("broken_", stringify!($name)), report($file));
            }
        )*

        #[test]
        fn every_broken_fixture_has_a_test() {
            let listed = [$($file),*];
            for entry in std::fs::read_dir(repo_root().join("tests/fixtures/broken")).expect("fixtures dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    continue;
                }
                let name = path.file_name().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
                assert!(listed.contains(&name.as_str()), "fixture {name} has no snapshot test");
            }
        }
    };
}

broken!(
    dangling_ref => "dangling_ref.yaml",
    dangling_ref_json => "dangling_ref.json",
    ref_alias_cycle => "ref_alias_cycle.yaml",
    swagger2 => "swagger2.json",
    invalid_yaml => "invalid_yaml.yaml",
    duplicate_operation_id => "duplicate_operation_id.yaml",
    path_param_not_in_template => "path_param_not_in_template.yaml",
    unknown_type => "unknown_type.yaml",
    ref_outside_dir => "ref_outside_dir.yaml",
    query_string_in_path => "query_string_in_path.yaml",
    minified_warnings => "minified_warnings.json",
);

/// Generates the spec at `rel` (under the repository) with the other files its `$ref`s reach, and renders its
/// diagnostics (referenced files are named as read: relative to the working directory, which is `tests/` under
/// `cargo test`, or absolute when outside it: only the tail from `rel`'s directory on is kept).
fn generate_with_files(rel: &str) -> (oagen::Output, Vec<String>) {
    let path = repo_root().join(rel);
    let source = oagen::Source::read(&path).expect("readable");
    let source = oagen::Source { name: rel.into(), ..source };
    let mut options = oagen::Options::new("refs-api").runtime_path(std::path::Path::new("../oagen-runtime"));
    options.command = "oagen test".to_owned();
    let out = oagen::generate(&source, &options).expect("generates");
    let mut sources = vec![&source];
    sources.extend(out.documents.iter());
    let dir = rel[..rel.rfind('/').map_or(0, |i| i + 1)].trim_start_matches("tests/");
    let rendered = out
        .diagnostics
        .iter()
        .map(|d| {
            let r = oagen::render_with(d, &sources);
            match r.find(dir) {
                Some(i) => format!("{}{}", &r[..r.find("  --> ").map_or(0, |j| j + 6)], &r[i..]),
                None => r,
            }
        })
        .collect();
    (out, rendered)
}

/// A spec split over several files: relative `$ref`s are followed (into subdirectories, back into the spec, and
/// locally inside a referenced file), and diagnostics in a referenced file point into that file.
#[test]
fn references_to_other_files_are_followed() {
    let (out, rendered) = generate_with_files("tests/fixtures/refs/main.yaml");
    let types = out.files.iter().find(|f| f.path == "src/types.rs").map(|f| f.contents.clone()).unwrap_or_default();
    insta::assert_snapshot!("refs_several_files", format!("{types}\n---- diagnostics ----\n{}", rendered.join("\n")));
}

/// A spec written for bundlers: each operation in a file of its own (`get: {$ref: ...}`, which OpenAPI does not
/// allow), its parameters, responses, headers and models in further files, nested, reached with `../`, a
/// `responses` map and a Media Type Object that are `$ref`s too. Every operation keeps what its files say (it was read
/// as empty: no parameters, body or responses, and an error for each path variable); each kind of misplaced `$ref`
/// is one warning, with a count.
#[test]
fn references_where_openapi_allows_none_are_followed() {
    let (out, rendered) = generate_with_files("tests/fixtures/multifile/api.yaml");
    // Besides the warnings, a note: the list of SSH keys (read through its file) paginates by page number.
    let (notes, warnings): (Vec<&oagen::Diagnostic>, Vec<&oagen::Diagnostic>) =
        out.diagnostics.iter().partition(|d| d.severity == oagen::Severity::Note);
    assert!(warnings.iter().all(|d| d.severity == oagen::Severity::Warning), "{rendered:#?}");
    let notes: Vec<&str> = notes.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        notes,
        ["operation `ssh_keys_list` paginates by page number: `page` moved by one; items in `ssh_keys` (detected)"]
    );
    let misplaced: Vec<&str> = warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        misplaced,
        [
            "`$ref` on an Operation Object, where OpenAPI does not allow one (and 3 more like it)",
            "`$ref` on a Media Type Object, where OpenAPI does not allow one",
            "`$ref` on the Responses Object, where OpenAPI does not allow one",
        ],
    );
    let client = out.files.iter().find(|f| f.path == "src/client.rs").map(|f| f.contents.clone()).unwrap_or_default();
    for expected in [
        "per_page: Option<i64>",
        "body: &'a types::SshKeys",
        "ssh_key_identifier: &'a types::SshKeyIdentifier",
        "204 => Ok(()),",
        "404 => Err(rt::json_failure(response, ErrorBody::Error))",
        "pub fn pages(",
    ] {
        assert!(client.contains(expected), "{expected}:\n{client}");
    }
    let types = out.files.iter().find(|f| f.path == "src/types.rs").map(|f| f.contents.clone()).unwrap_or_default();
    insta::assert_snapshot!(
        "refs_operations_in_files",
        format!("{types}\n---- diagnostics ----\n{}", rendered.join("\n"))
    );
}

#[test]
fn errors_are_errors_and_the_source_line_is_shown() {
    let r = report("dangling_ref.yaml");
    assert!(r.contains("error: "), "{r}");
    assert!(r.contains("dangling_ref.yaml:17:"), "{r}");
}

/// A large document's diagnostics are located on a thread beside the IR build and the emission (from 256 KiB of
/// source): they come back with their lines, as from a small document.
#[test]
fn a_large_documents_diagnostics_are_located_too() {
    let padding: String = (0..3000)
        .map(|i| format!("    Pad{i}:\n      type: string\n      description: {}\n", "x".repeat(80)))
        .collect();
    let text = format!(
        "openapi: 3.0.3\ninfo:\n  title: Large\n  version: '1'\npaths: {{}}\ncomponents:\n  schemas:\n{padding}    \
         Color:\n      type: string\n      nullable: true\n      enum: [red, green]\n    Shape:\n      oneOf:\n        \
         - $ref: '#/components/schemas/Missing'\n"
    );
    assert!(text.len() > 256 << 10, "{}", text.len());
    let enum_line = text.lines().position(|l| l == "      enum: [red, green]").map(|i| i + 1).unwrap_or_default();
    let source = oagen::Source::new("large.yaml", text);
    let mut options = oagen::Options::new("large-api");
    options.runtime = oagen::Runtime::Version;
    let diagnostics = match oagen::generate(&source, &options) {
        Ok(out) => out.diagnostics,
        Err(f) => f.diagnostics,
    };
    assert!(diagnostics.len() >= 2, "{diagnostics:?}");
    assert!(diagnostics.iter().all(|d| d.location.is_some()), "{diagnostics:?}");
    let nullable_enum = diagnostics.iter().find(|d| d.message.contains("nullable")).map(|d| d.location.map(|l| l.line));
    assert_eq!(nullable_enum, Some(Some(enum_line)), "{diagnostics:?}");
}
