//! No emitter decides anything by reading token text back: what a module imports, which type an error body has,
//! whether an item needs an allowance are decided by the plan (`src/plan/`) from typed values. This scans the emitter
//! sources (everything but `src/format/`, which turns tokens into text, and unit tests) for the ways token text was
//! once read: `to_string()` on tokens followed by a text search or comparison, token-spaced text (`"types ::"`,
//! `"self . answer"`), and parsing tokens back with `syn`.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("format") {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without its unit tests (everything from the first `#[cfg(test)]` on).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable source");
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[test]
fn emitters_never_read_token_text() {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    assert!(files.len() > 15, "the emitter sources: {files:?}");
    let forbidden = [
        "to_string().contains(",
        "to_string().starts_with(",
        "to_string().ends_with(",
        "to_string().find(",
        "to_string().replace(",
        "to_string() ==",
        "to_string().split",
        "syn::parse",
        " :: ",
        "types ::",
        "self . ",
    ];
    let mut found = Vec::new();
    for file in &files {
        for (n, line) in code(file).lines().enumerate() {
            for pattern in forbidden {
                if line.contains(pattern) {
                    found.push(format!("{}:{}: `{pattern}` in {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "token text read back:\n{}", found.join("\n"));
}

/// The server emitters (`src/server/`) print the names the plan made (`plan/server.rs`, `plan/server_operation.rs`,
/// `plan/request_schemas.rs`, `plan/operation.rs`) and decide nothing from their text: no identifier is formatted
/// there (`format!` is for doc text only), no name is claimed in a namespace or re-cased, and no name is tested for
/// a prefix or suffix.
#[test]
fn server_emitters_make_no_names() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server");
    let mut files = Vec::new();
    sources(&dir, &mut files);
    assert!(files.len() >= 5, "the server emitter sources: {files:?}");
    let forbidden = [
        "format_ident!",
        "Ident::new(",
        "ident(&format!",
        "Namespace",
        ".claim(",
        ".claim_type",
        "heck::",
        "_case()",
        ".starts_with(",
        ".ends_with(",
    ];
    let mut found = Vec::new();
    for file in &files {
        for (n, line) in code(file).lines().enumerate() {
            for pattern in forbidden {
                if line.contains(pattern) {
                    found.push(format!("{}:{}: `{pattern}` in {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "names made or read in a server emitter:\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    // What the client emitter once wrote to decide whether `types` is imported.
    let once = r#"let uses_types = all.to_string().contains("types ::");"#;
    assert!(once.contains("to_string().contains(") && once.contains("types ::"));
    // What the server emitter once wrote to name a response's events.
    let once = r#"answers.push((format_ident!("{}Events", r.ir.name), docs, write));"#;
    assert!(once.contains("format_ident!"));
}
