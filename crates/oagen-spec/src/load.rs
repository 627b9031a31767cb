//! Reading a document: bytes to a JSON tree, format by content, version detection.

use crate::diag::{Diagnostic, Diagnostics};
use crate::locate;
use crate::pointer::Pointer;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// YAML nesting beyond this is refused before `serde_yaml` reads the document (whose own recursion limit is lower:
/// this bound only keeps the work linear, see `yaml_depth`).
const MAX_YAML_DEPTH: usize = 256;

/// The error for YAML nested deeper than [`MAX_YAML_DEPTH`], at the collection that goes over.
fn too_deep_diagnostic((line, column): (usize, usize)) -> Diagnostic {
    let mut d = Diagnostic::error(
        &Pointer::root(),
        format!("invalid YAML: collections nested deeper than {MAX_YAML_DEPTH} levels"),
    );
    d.location = Some(crate::diag::Location { line, column });
    d
}

/// The syntax a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (1.2, of which JSON is a subset).
    Yaml,
}

/// A document's text, kept so that diagnostics can point at lines and columns.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name shown in diagnostics.
    pub name: String,
    /// The file on disk, when it came from one (relative `$ref`s resolve against it).
    pub path: Option<PathBuf>,
    /// The full text.
    pub text: String,
    /// JSON or YAML, decided by content.
    pub format: Format,
}

impl Source {
    /// A source from text; the format is decided by the first non-blank character.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let format = if text.trim_start_matches('\u{feff}').trim_start().starts_with(['{', '[']) {
            Format::Json
        } else {
            Format::Yaml
        };
        Source {
            name: name.into(),
            path: None,
            text,
            format,
        }
    }

    /// Reads a file. A file that is not UTF-8 is an error diagnostic.
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::error(&Pointer::root(), format!("cannot read {}: {e}", path.display()))
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(
                &Pointer::root(),
                format!("{} is not UTF-8 text (invalid byte at offset {})", path.display(), e.utf8_error().valid_up_to()),
            )
        })?;
        let mut source = Source::new(path.display().to_string(), text);
        source.path = Some(path.to_path_buf());
        Ok(source)
    }

    /// Parses the text into a JSON tree. Syntax errors become one error diagnostic with a location.
    pub fn parse(&self) -> Result<Value, Diagnostic> {
        let text = self.text.trim_start_matches('\u{feff}');
        match self.format {
            Format::Json => serde_json::from_str::<Value>(text).map_err(|e| {
                let mut d = Diagnostic::error(&Pointer::root(), format!("invalid JSON: {e}"));
                if e.line() > 0 {
                    d.location = Some(crate::diag::Location { line: e.line(), column: e.column() });
                }
                d
            }),
            Format::Yaml => {
                // The pre-check costs a second pass over the text, so it runs first only when flow collections could
                // nest deep enough for libyaml's scanner to get slow (more `[` and `{` than the limit). Otherwise it
                // runs only when the real parse fails, to name the level that is too deep: a parse that succeeds
                // nested less deeply than serde_yaml's limit, which is lower than ours, so the outcome is the same.
                let too_deep = || crate::yaml_depth::first_too_deep(text, MAX_YAML_DEPTH).map(too_deep_diagnostic);
                let checked_first = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() > MAX_YAML_DEPTH;
                if checked_first {
                    if let Some(d) = too_deep() {
                        return Err(d);
                    }
                }
                crate::tree::from_yaml(text).map_err(|e| {
                    if let Some(d) = too_deep().filter(|_| !checked_first) {
                        return d;
                    }
                    let mut d = Diagnostic::error(&Pointer::root(), format!("invalid YAML: {e}"));
                    if let Some(loc) = e.location() {
                        d.location = Some(crate::diag::Location { line: loc.line(), column: loc.column() });
                    }
                    d
                })
            }
        }
    }

    /// Fills in line and column for every diagnostic whose pointer can be found in this source.
    pub fn locate_all(&self, diags: &mut [Diagnostic]) {
        let locator = locate::Locator::new(self);
        for d in diags.iter_mut() {
            if d.location.is_none() && d.file.is_none() {
                d.location = locator.find(&d.pointer);
            }
        }
    }

    /// The text of line `line` (from 1), for showing under a diagnostic.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }
}

/// Reads `openapi` (or `swagger`) from the root and decides the version, or explains why the document is refused.
pub fn detect_version(root: &Value, diags: &mut Diagnostics) -> Option<crate::model::SpecVersion> {
    let root_ptr = Pointer::root();
    let Some(obj) = root.as_object() else {
        diags.error(&root_ptr, "the document is not an object: an OpenAPI document is a mapping with an `openapi` key");
        return None;
    };
    if let Some(v) = obj.get("swagger") {
        diags.push(
            Diagnostic::error(
                &root_ptr.push("swagger"),
                format!(
                    "this is a Swagger {} document; oagen reads OpenAPI 3.0 and 3.1 only (convert it first, e.g. with swagger2openapi)",
                    v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())
                ),
            ),
        );
        return None;
    }
    let Some(v) = obj.get("openapi") else {
        diags.error(&root_ptr, "no `openapi` version field: this does not look like an OpenAPI document");
        return None;
    };
    let ptr = root_ptr.push("openapi");
    let Some(s) = v.as_str() else {
        diags.error(&ptr, format!("`openapi` must be a string such as \"3.0.3\", found {v}"));
        return None;
    };
    if s.starts_with("3.0") {
        Some(crate::model::SpecVersion::V3_0)
    } else if s.starts_with("3.1") {
        Some(crate::model::SpecVersion::V3_1)
    } else if s.starts_with("2.") {
        diags.error(&ptr, format!("this is a Swagger {s} document; oagen reads OpenAPI 3.0 and 3.1 only"));
        None
    } else if s.starts_with('3') {
        diags.warn(&ptr, format!("OpenAPI {s} is newer than 3.1; reading it as 3.1"));
        Some(crate::model::SpecVersion::V3_1)
    } else {
        diags.error(&ptr, format!("unsupported OpenAPI version {s:?}; oagen reads 3.0.x and 3.1.x"));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_is_decided_by_content() {
        assert_eq!(Source::new("a.yaml", "  {\"openapi\": \"3.0.0\"}").format, Format::Json);
        assert_eq!(Source::new("a.json", "openapi: 3.0.0\n").format, Format::Yaml);
    }

    #[test]
    fn yaml_nested_too_deeply_is_refused_at_the_level_that_goes_over() {
        let too_deep = |text: &str| {
            let d = Source::new("a.yaml", text).parse().expect_err("too deep");
            assert!(d.message.contains("nested deeper than 256 levels"), "{}", d.message);
            d.location.map(|l| (l.line, l.column))
        };
        // Block nesting (no flow collection): found after the real parse fails.
        assert_eq!(too_deep(&format!("a:\n{}x\n", "- ".repeat(300))), Some((2, 2 * 256 - 1)));
        // Flow nesting (the mapping `x` is the first level): found before the real parse, which would take minutes
        // on this (see `yaml_depth`).
        let started = std::time::Instant::now();
        assert_eq!(too_deep(&format!("x: {}", "{a: ".repeat(100_000))), Some((1, 4 + 4 * 255)));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
        // Deeper than serde_yaml's own limit but not than ours: serde_yaml's error.
        let d = Source::new("a.yaml", format!("a:\n{}x\n", "- ".repeat(200))).parse().expect_err("too deep for serde_yaml");
        assert!(d.message.contains("recursion limit"), "{}", d.message);
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        let v = Source::new("a", "responses:\n  200: {description: ok}\n").parse().unwrap();
        assert!(v["responses"]["200"].is_object());
    }

    #[test]
    fn swagger_two_is_refused_in_one_sentence() {
        let mut d = Diagnostics::new();
        let v = serde_json::json!({"swagger": "2.0"});
        assert!(detect_version(&v, &mut d).is_none());
        let all = d.into_sorted();
        assert_eq!(all.len(), 1);
        assert!(all[0].message.contains("Swagger 2.0"));
    }

    #[test]
    fn invalid_yaml_has_a_location() {
        let err = Source::new("a", "openapi: 3.0.0\ninfo: [\n").parse().unwrap_err();
        assert!(err.message.starts_with("invalid YAML"));
        assert!(err.location.is_some());
    }
}
