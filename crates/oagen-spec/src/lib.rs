//! Loading and normalisation of OpenAPI documents.
//!
//! `load` reads text (YAML or JSON, by content), `normalize` lowers OpenAPI 3.0 and 3.1 into one typed [`Spec`],
//! and every problem becomes a [`Diagnostic`] with its JSON pointer (and line:column, via [`Source::locate_all`]).

pub mod diag;
pub mod load;
pub mod locate;
pub mod model;
pub mod normalize;
pub mod pointer;
mod yaml_depth;

pub use diag::{Diagnostic, Diagnostics, Location, Severity};
pub use load::{Format, Source};
pub use model::*;
pub use pointer::Pointer;

/// Parses and normalises a source. Returns the spec (when the document is OpenAPI 3) and every diagnostic found,
/// located in the source text.
pub fn load(source: &Source) -> (Option<Spec>, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let spec = match source.parse() {
        Ok(root) => normalize::normalize(root, &mut diags),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let mut all = diags.into_sorted();
    source.locate_all(&mut all);
    (spec, all)
}
