//! The runtime crate, vendored beside a generated crate ([`Runtime::Vendored`](crate::Runtime::Vendored), the
//! default).
//!
//! Until `oagen-runtime` is published on crates.io, a generated crate that is to build wherever it is written, with
//! no hand edits, carries it: the generator writes a copy of the runtime it was built with into the crate's directory
//! (`<out>/oagen-runtime/`) and depends on it by the relative path `oagen-runtime`. The copy is exactly the runtime
//! the generated code was written against, so the two can never drift apart. Its manifest is made standalone: the
//! values it inherits from oagen's workspace are written out, and its dev-dependencies (only its own tests use
//! them) are left out.

use crate::File;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/runtime_files.rs"));
}

pub use oagen_rust::VENDOR_DIR;

/// How every vendored source file starts (after `// `), and the manifest (after `# `): a file under a vendored
/// runtime's `src/` that starts so and is not among [`files`] is left from another version, and
/// [`write_files`](crate::write_files) removes it.
pub const VENDORED_MARK: &str = "@generated: oagen-runtime ";

/// Whether `text` starts with the comment `comment` (`"# "`, `"// "`) and then [`VENDORED_MARK`]: a file oagen vendored.
pub fn is_vendored(text: &str, comment: &str) -> bool {
    text.strip_prefix(comment).is_some_and(|t| t.starts_with(VENDORED_MARK))
}

/// The runtime's files (standalone `Cargo.toml` and every source file), with paths relative to the runtime's root.
pub fn files() -> Vec<File> {
    let version = package_version(embedded::RUNTIME_MANIFEST).unwrap_or_else(|| "0.0.0".to_owned());
    let header = format!("oagen-runtime {version}, vendored by oagen. Do not edit: changes are lost on the next run.");
    debug_assert!(is_vendored(&format!("// @generated: {header}"), "// "));
    let mut out = vec![File {
        path: "Cargo.toml".to_owned(),
        contents: format!(
            "# @generated: {header}\n{}",
            standalone_manifest(embedded::RUNTIME_MANIFEST, embedded::WORKSPACE_MANIFEST)
        ),
    }];
    // Formatted as oagen's workspace formats it, which a user's `cargo fmt --all` (path dependencies included) must
    // not redo with other settings.
    out.push(File {
        path: "rustfmt.toml".to_owned(),
        contents: format!("# @generated: {header}\ndisable_all_formatting = true\n"),
    });
    for (path, contents) in embedded::RUNTIME_SOURCES {
        let contents =
            if path.ends_with(".rs") { format!("// @generated: {header}\n{contents}") } else { (*contents).to_owned() };
        out.push(File { path: (*path).to_owned(), contents });
    }
    out
}

fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_package = t == "[package]";
        } else if in_package {
            if let Some(v) = t.strip_prefix("version").map(str::trim_start).and_then(|r| r.strip_prefix('=')) {
                return Some(v.trim().trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// The `key = value` lines of one table of a manifest (single-line values, which is how oagen's manifests are
/// written).
fn table(manifest: &str, name: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == format!("[{name}]");
            continue;
        }
        if !inside || t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = t.split_once('=') {
            out.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}

/// Rewrites a member manifest that inherits from a workspace into one that stands alone:
/// `key.workspace = true` in `[package]` and in dependency tables takes the workspace's value, a dependency
/// `{ workspace = true, ... }` merges the workspace's value with its own keys, and sections only oagen's own
/// workspace needs (`[dev-dependencies]`, `[lints]`, test targets) are left out. The copy is `publish = false`
/// and names no README.
pub fn standalone_manifest(member: &str, workspace: &str) -> String {
    let ws_package = table(workspace, "workspace.package");
    let ws_deps = table(workspace, "workspace.dependencies");
    let lookup = |list: &[(String, String)], key: &str| list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let mut out = String::new();
    let mut section = String::new();
    for line in member.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            section = t.trim_matches(['[', ']']).trim().to_owned();
            if keep_section(&section) {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        if !keep_section(&section) {
            continue;
        }
        let is_deps =
            section == "dependencies" || section == "build-dependencies" || section.ends_with(".dependencies");
        let Some((key, value)) = t.split_once('=') else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        // A vendored copy is never published (the runtime itself is) and carries no README.
        if section == "package" && key == "publish" {
            out.push_str("publish = false\n");
            continue;
        }
        if section == "package" && key == "readme" {
            continue;
        }
        if let Some(name) = key.strip_suffix(".workspace") {
            let name = name.trim();
            let inherited = if section == "package" { lookup(&ws_package, name) } else { lookup(&ws_deps, name) };
            match inherited {
                Some(v) if value == "true" => out.push_str(&format!("{name} = {v}\n")),
                _ => {}
            }
            continue;
        }
        if is_deps && value.starts_with('{') && inline_keys(value).iter().any(|(k, v)| k == "workspace" && v == "true")
        {
            let own: Vec<(String, String)> = inline_keys(value).into_iter().filter(|(k, _)| k != "workspace").collect();
            let base = lookup(&ws_deps, key).unwrap_or_else(|| "\"*\"".to_owned());
            out.push_str(&format!("{key} = {}\n", merge_dependency(&base, &own)));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn keep_section(section: &str) -> bool {
    !(section == "dev-dependencies"
        || section.ends_with(".dev-dependencies")
        || section == "lints"
        || section.starts_with("lints.")
        || section == "test"
        || section == "bench"
        || section == "example")
}

/// The `key = value` pairs of a one-line inline table, split at top-level commas.
fn inline_keys(value: &str) -> Vec<(String, String)> {
    let inner = value.trim().trim_start_matches('{').trim_end_matches('}');
    let mut parts = Vec::new();
    let (mut depth, mut in_str, mut start) = (0i32, false, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '[' | '{' if !in_str => depth += 1,
            ']' | '}' if !in_str => depth -= 1,
            ',' if !in_str && depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter_map(|p| p.split_once('=').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())))
        .collect()
}

/// A workspace dependency value (`"1"` or an inline table) with a member's own keys added; `features` lists are
/// joined, as Cargo does.
fn merge_dependency(base: &str, own: &[(String, String)]) -> String {
    let mut keys = if base.trim_start().starts_with('{') {
        inline_keys(base)
    } else {
        vec![("version".to_owned(), base.trim().to_owned())]
    };
    for (k, v) in own {
        match keys.iter_mut().find(|(bk, _)| bk == k) {
            Some((_, bv)) if k == "features" => {
                let a = bv.trim().trim_start_matches('[').trim_end_matches(']').trim().trim_end_matches(',');
                let b = v.trim().trim_start_matches('[').trim_end_matches(']').trim();
                *bv = match (a.is_empty(), b.is_empty()) {
                    (true, _) => format!("[{b}]"),
                    (_, true) => format!("[{a}]"),
                    _ => format!("[{a}, {b}]"),
                };
            }
            Some((_, bv)) => *bv = v.clone(),
            None => keys.push((k.clone(), v.clone())),
        }
    }
    let body: Vec<String> = keys.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!("{{ {} }}", body.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WS: &str = "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nedition = \"2021\"\nlicense = \"MIT\"\n\n\
        [workspace.dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nreqwest = { version = \"0.12\", default-features = false }\n";

    #[test]
    fn inherited_values_are_written_out() {
        let member = "[package]\nname = \"oagen-runtime\"\nversion = \"0.1.0\"\nedition.workspace = true\nlicense.workspace = true\n\n\
            [dependencies]\nserde.workspace = true\nserde_json = { workspace = true, optional = true }\n\
            reqwest = { workspace = true, features = [\"json\"] }\n\n[dev-dependencies]\noagen-spec.workspace = true\n\n[lints]\nworkspace = true\n";
        assert_eq!(
            standalone_manifest(member, WS),
            "[package]\nname = \"oagen-runtime\"\nversion = \"0.1.0\"\nedition = \"2021\"\nlicense = \"MIT\"\n\n[dependencies]\n\
             serde = { version = \"1\", features = [\"derive\"] }\nserde_json = { version = \"1\", optional = true }\n\
             reqwest = { version = \"0.12\", default-features = false, features = [\"json\"] }\n\n"
        );
    }

    #[test]
    fn features_are_joined() {
        assert_eq!(
            merge_dependency("{ version = \"1\", features = [\"derive\"] }", &[("features".into(), "[\"rc\"]".into())]),
            "{ version = \"1\", features = [\"derive\", \"rc\"] }"
        );
    }

    #[test]
    fn the_vendored_runtime_has_no_workspace_inheritance() {
        let files = files();
        let manifest = &files[0].contents;
        assert!(!manifest.contains("workspace"), "{manifest}");
        assert!(manifest.contains("name = \"oagen-runtime\""));
        // The runtime itself is published; its copy is not, and has no README beside it.
        assert!(manifest.contains("\npublish = false\n") && !manifest.contains("readme"), "{manifest}");
        assert!(embedded::RUNTIME_MANIFEST.contains("\npublish = true\n"), "crates/oagen-runtime/Cargo.toml publishes");
        assert!(files.iter().any(|f| f.path == "src/lib.rs"));
    }
}
