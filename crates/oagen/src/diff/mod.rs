//! `oagen diff OLD NEW`: what a new release of a spec changes in the public API of the crate generated from it,
//! and the semver bump that calls for.
//!
//! Both specs are generated in memory (once each, with the caller's [`Options`], so that `plan.parts` and
//! `plan.features_per_tag` apply; nothing is vendored or written), and the public surface of each crate is read
//! back from its files with `syn`: types, fields, variants, aliases, the client's methods, calls and setters, the
//! server's trait, the Cargo features, with each item's docs. Each side's spec is also lowered and planned (no
//! emission) to learn which schema, property, operation, parameter or response every item comes from.
//!
//! A change is **major** when code written against the old crate may stop compiling, **minor** when it is an
//! addition, **patch** when only docs change (or a wire detail behind an unchanged Rust API):
//!
//! - an item removed (or renamed: removed, and another added), a field's or an alias's type changed, a method's
//!   arguments or return type changed (a new path parameter, a body made required), a call's success type
//!   changed: major;
//! - a required (type-state) setter added to a call, or an optional setter made required: major; an optional setter,
//!   a method, a type, an operation, a Cargo feature added: minor;
//! - a variant added to a `#[non_exhaustive]` enum: minor; to an exhaustive one (a server's `Response`): major;
//! - a field added to a struct: minor when the struct derives `Default` (before and after) and the field is
//!   optional (`Option`, `Tristate`, the map of unlisted properties), or when callers only read the struct (no
//!   client argument or setter, and no response a server implementation returns, reaches it, through fields,
//!   variants and aliases); major otherwise, since generated structs have no constructor and struct literals
//!   break. With the server part, responses are built by implementations: a property added to a response without
//!   `Default` is major, where the README's HTTP view calls it an addition. A crate of models alone leaves the
//!   requests to its callers: there the types the spec's parameters and request bodies reach count as built;
//! - a server trait method added without a default body: major (implementations must write it); with one: minor;
//! - a derive or trait impl lost, `#[non_exhaustive]` added, an item put behind a `cfg` it was not behind: major;
//! - docs changed, a deprecation, a wire name or wire value changed under the same Rust name: patch; so is a
//!   generated file that changed where no item of its module did (the server's private request checks after a
//!   new constraint, the example server), listed by its path. A spec `example` is not in the generated crate at
//!   all: a change of examples alone is none.
//!
//! The members of an added or removed item are not listed on their own, and a docs change is listed only for an item
//! without another change. Docs are compared without what the generator derives from other items (each call's
//! example and list of setters) and with the API's `title version` masked, so that a new `info.version` alone is
//! no change.

mod attrs;
mod compare;
mod origin;
mod read;
mod report;
mod surface;
mod types;

pub use origin::Place;
pub use report::{Bump, Change, ChangeKind, Class, Report};

use crate::{Failure, Options, Source};
use origin::{Locators, Origins};
use surface::Surface;

/// Compares the crates generated from `old` and `new` with `options` (the same for both; the runtime is never
/// vendored and nothing is written): every change of the public API, classified, with its place in the spec. Fails
/// when either document is not OpenAPI 3 at all (the [`Failure`] of [`crate::generate`]); a spec with errors is
/// compared as generated, its diagnostics in the report.
pub fn diff(old: &Source, new: &Source, options: &Options) -> Result<Report, Failure> {
    let mut options = options.clone();
    // Where the runtime comes from is no part of the API; a vendored copy would only be files to skip.
    options.runtime = crate::Runtime::Version;
    options.emit = true;
    // The generated headers and crate docs name the source: one name, so that the file names are no change.
    options.source_label = Some("spec".to_owned());
    let (old_side, new_side) = std::thread::scope(|scope| {
        let old_side = scope.spawn(|| Side::read(old, &options));
        let new_side = Side::read(new, &options);
        (joined(old_side.join()), new_side)
    });
    let (old_side, new_side) = (old_side?, new_side?);
    let found = compare::compare(&old_side.surface, &new_side.surface, &old_side.origins.requests);
    let mut old_lines = Locators::new(old_side.origins.documents());
    let mut new_lines = Locators::new(new_side.origins.documents());
    let mut changes = Vec::with_capacity(found.len());
    for f in found {
        let at = match f.kind {
            ChangeKind::Removed => old_side.origins.place(old, &old_side.origins.pointer(&f.item), &mut old_lines),
            ChangeKind::Added | ChangeKind::Changed => {
                new_side.origins.place(new, &new_side.origins.pointer(&f.item), &mut new_lines)
            }
        };
        changes.push(Change { class: f.class, kind: f.kind, item: f.item, what: f.what, at });
    }
    for path in quiet_files(&old_side, &new_side, &changes) {
        let at = new_side.origins.place(new, &oagen_spec::Pointer::root(), &mut new_lines);
        let what = "the generated code changed, not its public API (the server's request checks, a function's \
                    body, the example server)";
        changes.push(Change { class: Class::Patch, kind: ChangeKind::Changed, item: path, what: what.to_owned(), at });
    }
    Ok(Report::new(changes, old_side.diagnostics, new_side.diagnostics))
}

/// The Rust files of the crate (`src/`, `examples/`) that differ between the sides, their API's `title version`
/// masked, though no change of an item of theirs was found: a change the public API does not show, which still
/// makes the crate different (so that `none` means the same crate, but for its version).
fn quiet_files(old: &Side, new: &Side, changes: &[Change]) -> Vec<String> {
    let masked = |side: &Side, text: &str| match side.origins.label.as_deref() {
        Some(label) if !label.trim().is_empty() => text.replace(label, "<API title and version>"),
        _ => text.to_owned(),
    };
    let mut out = Vec::new();
    for file in new.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let Some(before) = old.files.iter().find(|f| f.path == file.path) else { continue };
        // The module a file holds, whose items' changes already say the file changed.
        // The crate's docs show a call of the client, and the example server implements the trait with values of the
        // models: any change may be what changed them.
        let module = match file.path.strip_prefix("src/").and_then(|p| p.strip_suffix(".rs")) {
            Some("lib") => Some("*"),
            None if file.path == "examples/server.rs" => Some("*"),
            other => other,
        };
        let explained = module.is_some_and(|m| {
            changes
                .iter()
                .any(|c| m == "*" || c.item == m || c.item.strip_prefix(m).is_some_and(|rest| rest.starts_with("::")))
        });
        if !explained && masked(old, &before.contents) != masked(new, &file.contents) {
            out.push(file.path.clone());
        }
    }
    out
}

/// Reads both files and [`diff`]s them (a file that cannot be read is a [`Failure`] with one error).
pub fn diff_paths(old: &std::path::Path, new: &std::path::Path, options: &Options) -> Result<Report, Failure> {
    let read = |path: &std::path::Path| Source::read(path).map_err(|d| Failure { diagnostics: vec![d] });
    diff(&read(old)?, &read(new)?, options)
}

/// One spec, generated and read.
struct Side {
    files: Vec<crate::File>,
    surface: Surface,
    origins: Origins,
    diagnostics: Vec<oagen_spec::Diagnostic>,
}

impl Side {
    /// Generates `source` (on a thread of its own) while its origins are planned, then reads the surface.
    fn read(source: &Source, options: &Options) -> Result<Side, Failure> {
        std::thread::scope(|scope| {
            let generated = scope.spawn(|| crate::generate(source, options));
            let origins = on_large_stack(|| Origins::read(source, options));
            let out = joined(generated.join())?;
            let surface = on_large_stack(|| Surface::read(&out.files, origins.label.as_deref()));
            Ok(Side { files: out.files, surface, origins, diagnostics: out.diagnostics })
        })
    }
}

/// The stack the lowering and the parsing of the generated files run on (as [`crate::generate`]'s pipeline does):
/// their recursion is bounded by depth guards, whose bounds need more than a small thread's stack in a debug build.
const STACK: usize = 256 << 20;

/// Runs `f` on a thread with a [`STACK`]-sized stack (on this one when no thread can be had).
fn on_large_stack<T: Send>(f: impl Fn() -> T + Send + Sync) -> T {
    std::thread::scope(|scope| match std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, &f) {
        Ok(handle) => joined(handle.join()),
        Err(_) => f(),
    })
}

/// A joined thread's value, its panic resumed.
fn joined<T>(result: std::thread::Result<T>) -> T {
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
