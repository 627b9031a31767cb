//! Loading and normalisation of OpenAPI documents.
//!
//! [`Source`] reads text (YAML or JSON, by content), `normalize` lowers OpenAPI 3.0 and 3.1 into one typed [`Spec`],
//! and every problem becomes a [`Diagnostic`] with its JSON pointer (and line:column, via [`Source::locate_all`]).

pub mod bundle;
pub mod diag;
pub mod lines;
pub mod locate;
pub mod model;
pub mod normalize;
pub mod pointer;
pub mod source;
mod tree;
mod yaml_depth;

pub use bundle::{Fetcher, LoadOptions, Mounted};
pub use diag::{Diagnostic, Diagnostics, Location, Severity};
pub use lines::LineIndex;
pub use model::*;
pub use pointer::Pointer;
pub use source::{Format, Source};

/// Parses and normalises a source. Returns the spec (when the document is OpenAPI 3) and every diagnostic found,
/// located in the source text. References to other documents are not followed (see [`load_with`]).
pub fn load(source: &Source) -> (Option<Spec>, Vec<Diagnostic>) {
    let loaded = load_with(source, &LoadOptions::default());
    (loaded.spec, loaded.diagnostics)
}

/// What [`load_with`] read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The normalised spec, when the document is OpenAPI 3.
    pub spec: Option<Spec>,
    /// Every diagnostic, located (in the spec or in the document a `$ref` reached, see [`Diagnostic::file`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The other documents `$ref`s reached, mounted into the spec under `/x-oagen-files/`.
    pub documents: Vec<Mounted>,
    /// How long each stage took.
    pub timings: LoadTimings,
}

/// Time spent in each stage of [`load_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LoadTimings {
    /// Text to a JSON tree.
    pub parse: std::time::Duration,
    /// Following `$ref`s to other files, and normalising into the typed model.
    pub normalise: std::time::Duration,
    /// Mapping diagnostics to lines and columns.
    pub locate: std::time::Duration,
}

/// Parses a source, follows its `$ref`s to other files (confined to the spec's directory; remote ones only as
/// `options` allow), and normalises the result.
pub fn load_with(source: &Source, options: &LoadOptions) -> Loaded {
    let mut loaded = load_unlocated(source, options);
    let started = std::time::Instant::now();
    locate_in(source, &loaded.documents, &mut loaded.diagnostics);
    loaded.timings.locate = started.elapsed();
    loaded
}

/// [`load_with`] without locating the diagnostics: for a caller that runs [`locate_in`] beside its next stages
/// (locating a hundred diagnostics in Stripe's 4 MB document is one scan of it).
pub fn load_unlocated(source: &Source, options: &LoadOptions) -> Loaded {
    let mut diags = Diagnostics::new();
    let mut documents = Vec::new();
    let mut timings = LoadTimings::default();
    let started = std::time::Instant::now();
    let parsed = source.parse();
    timings.parse = started.elapsed();
    let started = std::time::Instant::now();
    let spec = match parsed {
        Ok(mut root) => {
            // Follow other documents only once the root is known to be OpenAPI 3.
            let mut probe = Diagnostics::new();
            let reported = if normalize::detect_version(&root, &mut probe).is_some() {
                let (mounted, reported) = bundle::bundle(&mut root, source, options, &mut diags);
                documents = mounted;
                reported
            } else {
                Vec::new()
            };
            normalize::normalize_with(root, &reported, &mut diags)
        }
        Err(d) => {
            diags.push(d);
            None
        }
    };
    timings.normalise = started.elapsed();
    Loaded { spec, diagnostics: diags.into_sorted(), documents, timings }
}

/// Fills in line and column for every diagnostic: in the document reached by a `$ref` when its pointer is inside
/// one (the pointer is then made relative to that document, and [`Diagnostic::file`] names it), else in the spec.
pub fn locate_in(source: &Source, documents: &[Mounted], diags: &mut [Diagnostic]) {
    // One locator per document, made when first needed: it shares its scans between lookups.
    let locators: Vec<std::cell::OnceCell<locate::Locator<'_>>> =
        documents.iter().map(|_| Default::default()).collect();
    for d in diags.iter_mut() {
        if d.file.is_some() {
            continue;
        }
        for (m, locator) in documents.iter().zip(&locators) {
            let prefix = m.prefix();
            let p = d.pointer.as_str();
            if let Some(rest) = p.strip_prefix(prefix.as_str()).filter(|r| r.is_empty() || r.starts_with('/')) {
                d.pointer = Pointer::from_escaped(rest);
                d.file = Some(m.source.name.as_str().into());
                d.location = locator.get_or_init(|| locate::Locator::new(&m.source)).find(&d.pointer);
                break;
            }
        }
    }
    source.locate_all(diags);
}
