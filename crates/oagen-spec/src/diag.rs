//! Diagnostics: every problem found in a document, with where it is and what the generator does about it.

use crate::pointer::Pointer;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information about what the generator made of the document (an operation found to paginate); it never
    /// changes the exit status, not even with `--deny-warnings`.
    Note,
    /// The generator reinterpreted or ignored something; the output is still complete.
    Warning,
    /// The generator could not honour something; it used the documented fallback instead.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A line and column in the source text, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

/// One finding about the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where in the document, as a JSON pointer.
    pub pointer: Pointer,
    /// Where in the source text, when the source could be mapped.
    pub location: Option<Location>,
    /// The file `pointer` and `location` are in, when it is not the spec itself (a document reached by a `$ref`).
    pub file: Option<Box<str>>,
    /// What the generator did instead (the fallback), when it is not obvious from the message.
    pub note: Option<String>,
}

impl Diagnostic {
    /// A warning at `pointer`.
    pub fn warning(pointer: &Pointer, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer, message)
    }

    /// A note at `pointer`.
    pub fn note(pointer: &Pointer, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, pointer, message)
    }

    /// An error at `pointer`.
    pub fn error(pointer: &Pointer, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer, message)
    }

    fn new(severity: Severity, pointer: &Pointer, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            pointer: pointer.clone(),
            location: None,
            file: None,
            note: None,
        }
    }

    /// Adds what the generator did instead.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// This diagnostic with a link to the section `anchor` of [`SUPPORT_DOC`] (what the generator does with the
    /// keyword, and why) after its note.
    pub fn see(mut self, anchor: &str) -> Self {
        self.note = Some(match self.note.take() {
            Some(note) if note.ends_with(['.', '?']) => format!("{note} See {SUPPORT_DOC}#{anchor}"),
            Some(note) => format!("{note}; see {SUPPORT_DOC}#{anchor}"),
            None => format!("see {SUPPORT_DOC}#{anchor}"),
        });
        self
    }
}

/// `docs/openapi-support.md` of oagen's repository: each keyword and idiom, what the generator does with it, and why.
pub const SUPPORT_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/openapi-support.md");

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} at ", self.severity, self.message)?;
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
        }
        write!(f, "{}", self.pointer)?;
        if let Some(loc) = self.location {
            write!(f, " ({}:{})", loc.line, loc.column)?;
        }
        if let Some(note) = &self.note {
            write!(f, "; {note}")?;
        }
        Ok(())
    }
}

/// A growing list of diagnostics that the stages of the pipeline push to.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds a warning.
    pub fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, message));
    }

    /// Adds an error.
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics, sorted by pointer then message so that output is deterministic.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| (a.pointer.as_str(), &a.message).cmp(&(b.pointer.as_str(), &b.message)));
        self.items.dedup();
        self.items
    }
}
