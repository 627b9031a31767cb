//! The result of a diff: each change with its class and place, the version bump they call for, and the report as
//! text (for a terminal) and as JSON (`--message-format json`).

use super::origin::Place;
use oagen_spec::Diagnostic;

/// What a change does to code written against the old crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Nothing a caller's code can see: docs (descriptions, examples, defaults that only appear in docs), or a
    /// detail of the wire format behind an unchanged Rust API.
    Patch,
    /// An addition: code written against the old crate still compiles.
    Minor,
    /// A breaking change: some code written against the old crate no longer compiles.
    Major,
}

impl Class {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Patch => "patch",
            Class::Minor => "minor",
            Class::Major => "major",
        }
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an item was added, removed, or is in both crates and changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Only in the new crate (its place is in the new spec).
    Added,
    /// Only in the old crate (its place is in the old spec).
    Removed,
    /// In both, different (its place is in the new spec).
    Changed,
}

impl ChangeKind {
    /// `added`, `removed` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// The version bump a set of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Bump {
    /// No change of the public API or its docs.
    #[default]
    None,
    /// Docs only.
    Patch,
    /// Additions only.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// The exit status of `oagen diff`: 0 for none and patch, 1 for minor, 2 for major.
    pub fn exit_code(self) -> u8 {
        match self {
            Bump::None | Bump::Patch => 0,
            Bump::Minor => 1,
            Bump::Major => 2,
        }
    }

    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl From<Class> for Bump {
    fn from(class: Class) -> Bump {
        match class {
            Class::Patch => Bump::Patch,
            Class::Minor => Bump::Minor,
            Class::Major => Bump::Major,
        }
    }
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change of the generated crate's public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it does to callers.
    pub class: Class,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The item's path in the crate: `types::Pet::name`, `client::Pets::list` (a method),
    /// `client::ListPets::limit` (a setter of the call `ListPets`), `server::Api::list_pets` (a trait method),
    /// `features::tag-pets` (a Cargo feature); or a file's path (`src/server.rs`) when its code changed but no item of
    /// it did.
    pub item: String,
    /// What changed, and why it is of its class.
    pub what: String,
    /// The part of the spec it comes from: in the new spec for an added or changed item, in the old one for a
    /// removed item.
    pub at: Place,
}

/// What `oagen diff OLD NEW` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every change, most severe class first, then by item path (the same order on every run).
    pub changes: Vec<Change>,
    /// The bump the changes call for: the most severe class, or none.
    pub bump: Bump,
    /// The diagnostics of generating the old spec.
    pub old_diagnostics: Vec<Diagnostic>,
    /// The diagnostics of generating the new spec.
    pub new_diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report of `changes` (sorted here), with each side's diagnostics.
    pub(crate) fn new(mut changes: Vec<Change>, old: Vec<Diagnostic>, new: Vec<Diagnostic>) -> Report {
        changes.sort_by(|a, b| {
            (b.class, &a.item, a.kind, &a.what, a.at.pointer.as_str()).cmp(&(
                a.class,
                &b.item,
                b.kind,
                &b.what,
                b.at.pointer.as_str(),
            ))
        });
        let bump = changes.iter().map(|c| Bump::from(c.class)).max().unwrap_or_default();
        Report { changes, bump, old_diagnostics: old, new_diagnostics: new }
    }

    /// How many changes are of `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The changes of `class`, in report order.
    pub fn of(&self, class: Class) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.class == class)
    }

    /// The first line: `bump: minor (0 breaking changes, 6 additions, 1 patch-level change)`.
    pub fn summary(&self) -> String {
        let counted = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "bump: {} ({}, {}, {})",
            self.bump,
            counted(self.count(Class::Major), "breaking change", "breaking changes"),
            counted(self.count(Class::Minor), "addition", "additions"),
            counted(self.count(Class::Patch), "patch-level change", "patch-level changes")
        )
    }

    /// The report as text: the [summary](Report::summary) line, then the changes grouped by class (breaking, then
    /// additions, then docs), each as its item path and what changed, and under it `at <file>:<pointer>` with the
    /// line and column.
    pub fn render(&self) -> String {
        let mut out = self.summary();
        out.push('\n');
        for (class, heading) in [
            (Class::Major, "breaking (major)"),
            (Class::Minor, "additions (minor)"),
            (Class::Patch, "docs and other changes callers' code cannot see (patch)"),
        ] {
            let mut changes = self.of(class).peekable();
            if changes.peek().is_none() {
                continue;
            }
            out.push_str(&format!("\n{heading}:\n"));
            for c in changes {
                out.push_str(&format!("  {}: {}\n    at {}\n", c.item, c.what, c.at));
            }
        }
        out
    }

    /// The report as JSON: `{"bump", "breaking", "additions", "docs", "changes": [{"class", "kind", "item",
    /// "message", "file", "pointer", "line", "column"}]}` (`line` and `column` are `null` when the pointer was not
    /// found in the text).
    pub fn to_json(&self) -> serde_json::Value {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "class": c.class.as_str(),
                    "kind": c.kind.as_str(),
                    "item": c.item,
                    "message": c.what,
                    "file": c.at.file,
                    "pointer": c.at.pointer.as_str(),
                    "line": c.at.location.map(|l| l.line),
                    "column": c.at.location.map(|l| l.column),
                })
            })
            .collect();
        serde_json::json!({
            "bump": self.bump.as_str(),
            "breaking": self.count(Class::Major),
            "additions": self.count(Class::Minor),
            "docs": self.count(Class::Patch),
            "changes": changes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oagen_spec::{Location, Pointer};

    fn change(class: Class, item: &str) -> Change {
        Change {
            class,
            kind: ChangeKind::Changed,
            item: item.to_owned(),
            what: "what".to_owned(),
            at: Place {
                file: "v2.yaml".to_owned(),
                pointer: Pointer::root().push("components").push("schemas").push(item),
                location: Some(Location { line: 3, column: 5 }),
            },
        }
    }

    #[test]
    fn the_bump_is_the_most_severe_class_and_the_exit_code_follows_it() {
        assert_eq!(Report::new(Vec::new(), Vec::new(), Vec::new()).bump, Bump::None);
        let report = Report::new(vec![change(Class::Patch, "b"), change(Class::Minor, "a")], Vec::new(), Vec::new());
        assert_eq!(report.bump, Bump::Minor);
        assert_eq!(report.changes[0].item, "a", "most severe first");
        assert_eq!([Bump::None, Bump::Patch, Bump::Minor, Bump::Major].map(Bump::exit_code), [0, 0, 1, 2]);
    }

    #[test]
    fn the_text_groups_changes_by_class_and_says_where_each_is() {
        let report = Report::new(
            vec![change(Class::Patch, "D"), change(Class::Major, "B"), change(Class::Major, "A")],
            Vec::new(),
            Vec::new(),
        );
        let text = report.render();
        assert_eq!(
            text,
            "bump: major (2 breaking changes, 0 additions, 1 patch-level change)\n\nbreaking (major):\n  A: what\n    at \
             v2.yaml:/components/schemas/A (line 3, column 5)\n  B: what\n    at v2.yaml:/components/schemas/B (line \
             3, column 5)\n\ndocs and other changes callers' code cannot see (patch):\n  D: what\n    at \
             v2.yaml:/components/schemas/D (line 3, column 5)\n"
        );
        let json = report.to_json();
        assert_eq!(json["bump"], "major");
        assert_eq!(json["changes"][0]["pointer"], "/components/schemas/A");
        assert_eq!(json["changes"][2]["class"], "patch");
    }
}
