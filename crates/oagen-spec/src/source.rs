//! A document's text: read from a file or given, its syntax (YAML or JSON) decided by content, parsed to a JSON
//! tree.

use crate::diag::Diagnostic;
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
        Source { name: name.into(), path: None, text, format }
    }

    /// Reads a file. A file that is not UTF-8 is an error diagnostic.
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let bytes = std::fs::read(path)
            .map_err(|e| Diagnostic::error(&Pointer::root(), format!("cannot read {}: {e}", path.display())))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(
                &Pointer::root(),
                format!(
                    "{} is not UTF-8 text (invalid byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ),
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

    /// The text of line `line` (from 1), for showing under a diagnostic.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
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
        let d =
            Source::new("a.yaml", format!("a:\n{}x\n", "- ".repeat(200))).parse().expect_err("too deep for serde_yaml");
        assert!(d.message.contains("recursion limit"), "{}", d.message);
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        let v = Source::new("a", "responses:\n  200: {description: ok}\n").parse().unwrap();
        assert!(v["responses"]["200"].is_object());
    }

    #[test]
    fn invalid_yaml_has_a_location() {
        let err = Source::new("a", "openapi: 3.0.0\ninfo: [\n").parse().unwrap_err();
        assert!(err.message.starts_with("invalid YAML"));
        assert!(err.location.is_some());
    }
}
