//! `--runtime version`: a generated crate that depends on `oagen-runtime` from crates.io builds as it is written
//! (with a `[patch.crates-io]` standing in for the registry), packages clean with `cargo package` (spec metadata,
//! README, license file, no warning), and refuses, naming both versions, to build against a runtime line it was
//! not generated for.

use oagen_e2e::repo_root;
use std::path::Path;

/// A spec with what `[package]` is made from: a license SPDX does not name, a contact URL on a code host, external
/// docs.
fn spec() -> String {
    let v1 = std::fs::read_to_string(repo_root().join("tests/fixtures/growth/v1.yaml")).expect("fixture");
    let info = "info:\n  title: Growth\n  version: 1.0.0\n  license:\n    name: Growth Terms of Use\n    url: \
                https://growth.example.com/terms\n  contact:\n    url: https://github.com/growth-example/growth-api\n";
    let spec = v1.replacen("info:\n  title: Growth\n  version: 1.0.0\n", info, 1);
    assert_ne!(spec, v1, "the fixture's info block moved");
    format!("{spec}externalDocs:\n  url: https://docs.growth.example.com\n")
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    xtask::workspace::nested_cargo(&repo_root(), dir).args(args).arg("--offline").output().expect("cargo runs")
}

fn text(output: &std::process::Output) -> String {
    format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Writes the crate into `dir/growth-api` and a vendored runtime beside it (the registry's stand-in).
fn write(dir: &Path) -> Vec<oagen::File> {
    let _ = std::fs::remove_dir_all(dir);
    let source = oagen::Source::new("growth.yaml", spec());
    let mut options = oagen::Options::new("growth-api");
    options.runtime = oagen::Runtime::Version;
    let out = oagen::generate(&source, &options).unwrap_or_else(|f| panic!("{f}"));
    assert!(!out.files.iter().any(|f| f.path.starts_with("oagen-runtime/")), "nothing vendored in version mode");
    oagen::write_files(&dir.join("growth-api"), &out.files).expect("written");
    // The runtime's own sources, as the generator vendors them, in the place of the crates.io release.
    let mut vendored = oagen::Options::new("growth-api");
    vendored.runtime = oagen::Runtime::Vendored;
    let runtime: Vec<oagen::File> = oagen::generate(&source, &vendored)
        .unwrap_or_else(|f| panic!("{f}"))
        .files
        .into_iter()
        .filter_map(|f| Some(oagen::File { path: f.path.strip_prefix("oagen-runtime/")?.to_owned(), ..f }))
        .collect();
    oagen::write_files(&dir.join("oagen-runtime"), &runtime).expect("written");
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    out.files
}

/// The contents of every file under `dir`, in path order.
fn runtime_files(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap_or_default()).collect()
}

#[test]
fn a_crate_on_the_published_runtime_builds_and_packages_clean() {
    let dir = repo_root().join("target/runtime-version/growth");
    let files = write(&dir);
    let manifest = &files.iter().find(|f| f.path == "Cargo.toml").expect("manifest").contents;
    let version = oagen_runtime::VERSION;
    for line in [
        format!("oagen-runtime = \"{version}\""),
        "version = \"1.0.0\"".to_owned(),
        "rust-version = \"1.85\"".to_owned(),
        "license-file = \"LICENSE.md\"".to_owned(),
        "repository = \"https://github.com/growth-example/growth-api\"".to_owned(),
        "homepage = \"https://docs.growth.example.com\"".to_owned(),
        "documentation = \"https://docs.rs/growth-api\"".to_owned(),
        "readme = \"README.md\"".to_owned(),
        "[package.metadata.docs.rs]".to_owned(),
        "rustdoc-args = [\"--cfg\", \"docsrs\"]".to_owned(),
    ] {
        assert!(manifest.lines().any(|l| l == line), "no `{line}` in:\n{manifest}");
    }
    assert!(!manifest.contains("publish = false"), "{manifest}");
    let license = &files.iter().find(|f| f.path == "LICENSE.md").expect("LICENSE.md").contents;
    assert!(license.contains("**Growth Terms of Use** (<https://growth.example.com/terms>)"), "{license}");
    let readme = &files.iter().find(|f| f.path == "README.md").expect("README.md").contents;
    for says in [
        "growth-api = \"1.0.0\"".to_owned(),
        "client.pets().list()".to_owned(),
        "| `client` (default) |".to_owned(),
        format!("`oagen-runtime`](https://crates.io/crates/oagen-runtime) `{version}` from crates.io"),
        "(API version `1.0.0`)".to_owned(),
    ] {
        assert!(readme.contains(&says), "the README does not say {says:?}:\n{readme}");
    }
    let hidden: Vec<&str> = readme.lines().filter(|l| *l == "#" || l.starts_with("# ")).collect();
    assert_eq!(hidden, ["# growth-api"], "only the title, no doctest's hidden line:\n{readme}");

    // As written, with crates.io patched to the runtime's sources.
    let crate_dir = dir.join("growth-api");
    let mut patched = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("manifest");
    patched.push_str("\n[workspace]\n\n[patch.crates-io]\noagen-runtime = { path = \"../oagen-runtime\" }\n");
    std::fs::write(crate_dir.join("Cargo.toml"), &patched).expect("written");
    std::fs::copy(dir.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("lock file");
    let check = cargo(&crate_dir, &["check", "--all-targets", "--message-format=short"]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(!text(&check).contains("warning"), "{}", text(&check));

    // `cargo package` resolves against the registry and ignores patches: a workspace of the crate and the runtime
    // (publishable, as its release is), the crate's one dependency line given the path cargo packages it from.
    // The packaged manifest keeps only the version requirement, which is what the generated one says.
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).expect("written");
    std::fs::remove_file(crate_dir.join("Cargo.lock")).expect("removed");
    let local = manifest.replace(
        &format!("oagen-runtime = \"{version}\""),
        &format!("oagen-runtime = {{ version = \"{version}\", path = \"../oagen-runtime\" }}"),
    );
    std::fs::write(crate_dir.join("Cargo.toml"), local).expect("written");
    let runtime_manifest = dir.join("oagen-runtime/Cargo.toml");
    let runtime = std::fs::read_to_string(&runtime_manifest).expect("runtime manifest");
    // Cargo keeps what it unpacked of a local package by version (in `$CARGO_HOME/registry/src`), so a runtime
    // changed since an earlier run must have a version of its own: a patch number from its contents.
    let sources: Vec<u8> = runtime_files(&dir.join("oagen-runtime")).concat();
    let fingerprint = sources.iter().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193));
    let version_line = format!("version = \"{version}\"");
    assert!(runtime.contains(&version_line), "{runtime}");
    let runtime = runtime.replace("publish = false", "publish = true").replacen(
        &version_line,
        &format!(
            "version = \"{major_minor}.{fingerprint}\"",
            major_minor = &version[..version.rfind('.').unwrap_or(0)]
        ),
        1,
    );
    std::fs::write(&runtime_manifest, runtime).expect("written");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"growth-api\", \"oagen-runtime\"]\nresolver = \"2\"\n",
    )
    .expect("written");
    let package = cargo(&dir, &["package", "--workspace", "--allow-dirty"]);
    let log = text(&package);
    assert!(package.status.success(), "{log}");
    assert!(!log.contains("warning"), "cargo package warned:\n{log}");
    let listed = cargo(&crate_dir, &["package", "--list", "--allow-dirty"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    for file in ["Cargo.toml", "README.md", "LICENSE.md", "src/lib.rs", "src/types.rs", "src/client.rs"] {
        assert!(listed.lines().any(|l| l == file), "{file} is not packaged:\n{listed}");
    }
    let packaged = std::fs::read_to_string(
        xtask::workspace::nested_target(&repo_root()).join("package/growth-api-1.0.0/Cargo.toml"),
    )
    .expect("the packaged manifest");
    assert!(packaged.contains(&format!("[dependencies.oagen-runtime]\nversion = \"{version}\"\n")), "{packaged}");
    assert!(!packaged.contains("path = \"../oagen-runtime\""), "{packaged}");
}

#[test]
fn a_crate_for_another_runtime_line_names_both_versions() {
    let dir = repo_root().join("target/runtime-version/mismatch");
    write(&dir);
    let crate_dir = dir.join("growth-api");
    let mut manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("manifest");
    manifest.push_str("\n[workspace]\n\n[patch.crates-io]\noagen-runtime = { path = \"../oagen-runtime\" }\n");
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).expect("written");
    std::fs::copy(dir.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("lock file");
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).expect("lib.rs");
    let [major, minor, patch] = oagen_runtime::VERSION.split('.').collect::<Vec<_>>()[..] else {
        panic!("a three-part version")
    };
    let check = format!("oagen_runtime::generated_for!({major}, {minor}, {patch});");
    assert!(lib.contains(&check), "{lib}");
    // As code from a generator of the next runtime line would be.
    let next = format!("{major}.{}.0", minor.parse::<u64>().expect("a number") + 1);
    std::fs::write(
        crate_dir.join("src/lib.rs"),
        lib.replace(&check, &format!("oagen_runtime::generated_for!({});", next.replace('.', ", "))),
    )
    .expect("written");
    let build = cargo(&crate_dir, &["check", "--message-format=short"]);
    let log = text(&build);
    assert!(!build.status.success(), "{log}");
    let first = log.lines().find(|l| l.contains("error")).unwrap_or_default();
    assert!(
        first.contains(&format!("generated for oagen-runtime {next}"))
            && first.contains(&format!("built against oagen-runtime {major}.{minor}.x")),
        "the first error does not name both versions: {first}\n{log}"
    );
}
