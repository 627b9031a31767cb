//! Two surfaces compared: every change of a public item, classified by what it does to code written against the
//! old crate (see the module docs of [`crate::diff`] for the rules).

use super::report::{ChangeKind, Class};
use super::surface::{Field, Item, Kind, Shape, Signature, Surface};
use std::collections::{BTreeSet, VecDeque};

/// A change between the surfaces, before it is given its place in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The item's path.
    pub item: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// What it does to callers.
    pub class: Class,
    /// What changed, and why it is of its class.
    pub what: String,
}

/// Every change from `old` to `new`. The members of an item that was added, removed or became another kind of
/// item are not listed on their own (a new operation is its method and its call, not also each setter). A change
/// of docs is listed only for an item that has no other change (its docs describe that change).
///
/// `requests` are the old spec's model types that its operations' parameters and request bodies reach: what a
/// crate without client or server leaves its callers to build.
pub(crate) fn compare(old: &Surface, new: &Surface, requests: &BTreeSet<String>) -> Vec<Found> {
    let built = Built::of(old, requests);
    let keys: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    // Items whose members are not listed: every ancestor sorts before its members.
    let mut whole: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for key in keys {
        if key.match_indices("::").any(|(i, _)| whole.contains(&key[..i])) {
            continue;
        }
        match (old.items.get(key), new.items.get(key)) {
            (Some(o), None) => {
                whole.insert(key);
                out.push(removed(key, o));
            }
            (None, Some(n)) => {
                whole.insert(key);
                out.push(added(key, n, old, new, &built));
            }
            (Some(o), Some(n)) => {
                if !o.kind.same_kind(&n.kind) {
                    whole.insert(key);
                }
                out.extend(changed(key, o, n));
            }
            (None, None) => {}
        }
    }
    out
}

fn found(item: &str, kind: ChangeKind, class: Class, what: impl Into<String>) -> Found {
    Found { item: item.to_owned(), kind, class, what: what.into() }
}

/// The types callers of the old crate build themselves, as opposed to only reading them: what the client's
/// methods and setters take (request inputs), and what the server's trait methods return (the responses an
/// implementation builds), each followed through fields, variants and aliases. A crate of models alone leaves the
/// requests to its callers: the types the spec's parameters and request bodies reach.
struct Built {
    /// Reached from the client's arguments and setters (from the spec's requests, for models alone).
    client: BTreeSet<String>,
    /// Reached from the server trait's return types.
    server: BTreeSet<String>,
    /// A crate with neither client nor server.
    models_only: bool,
}

impl Built {
    fn of(s: &Surface, requests: &BTreeSet<String>) -> Built {
        if !s.client && !s.server {
            return Built { client: requests.clone(), server: BTreeSet::new(), models_only: true };
        }
        let roots = |module: &str, take: fn(&Kind) -> bool| -> Vec<String> {
            let prefix = format!("{module}::");
            s.items
                .iter()
                .filter(|(k, i)| k.starts_with(&prefix) && take(&i.kind))
                .flat_map(|(_, i)| i.refs.iter().cloned())
                .collect()
        };
        let client = if s.client {
            reach(s, roots("client", |k| matches!(k, Kind::Fn(_) | Kind::Setter { .. })))
        } else {
            BTreeSet::new()
        };
        let server = if s.server {
            reach(s, roots("server", |k| matches!(k, Kind::TraitMethod { .. })))
        } else {
            BTreeSet::new()
        };
        Built { client, server, models_only: false }
    }
}

/// The items reachable from `roots` through struct fields, enum variants and alias targets.
fn reach(s: &Surface, roots: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = roots.into();
    while let Some(path) = queue.pop_front() {
        let Some(item) = s.items.get(&path) else { continue };
        if !seen.insert(path.clone()) {
            continue;
        }
        match &item.kind {
            Kind::Struct(_) | Kind::Enum(_) => {
                for (_, member) in s.members(&path) {
                    queue.extend(member.refs.iter().cloned());
                }
            }
            Kind::Alias { .. } | Kind::Reexport { .. } => queue.extend(item.refs.iter().cloned()),
            _ => {}
        }
    }
    seen
}

fn removed(key: &str, o: &Item) -> Found {
    let what = match &o.kind {
        Kind::Field(f) => format!("field removed (it was `{}`): code that reads or sets it no longer compiles", f.ty),
        Kind::Variant(_) => "variant removed: code that names it no longer compiles".to_owned(),
        Kind::Fn(_) => format!("{} removed: calls to it no longer compile", o.kind.noun()),
        Kind::Setter { .. } => "setter removed: calls that set it no longer compile".to_owned(),
        Kind::TraitMethod { .. } => "trait method removed: implementations that define it no longer compile".to_owned(),
        Kind::Feature => "Cargo feature removed: dependents that enable it no longer build".to_owned(),
        kind => format!("{} removed", kind.noun()),
    };
    found(key, ChangeKind::Removed, Class::Major, what)
}

fn added(key: &str, n: &Item, old: &Surface, new: &Surface, built: &Built) -> Found {
    let parent = key.rsplit_once("::").map(|(p, _)| p);
    let old_parent = parent.and_then(|p| old.items.get(p)).map(|i| &i.kind);
    let new_parent = parent.and_then(|p| new.items.get(p)).map(|i| &i.kind);
    let (class, what) = match (&n.kind, old_parent) {
        (Kind::Field(f), Some(Kind::Struct(before))) => {
            let after = match new_parent {
                Some(Kind::Struct(after)) => after,
                _ => before,
            };
            field_added(parent.unwrap_or_default(), f, before, after, built)
        }
        (Kind::Variant(v), Some(Kind::Enum(before))) => {
            let payload = if v.payload.is_empty() { String::new() } else { format!(" `{}`", v.payload) };
            if before.non_exhaustive {
                (
                    Class::Minor,
                    format!(
                        "variant added{payload}; the enum is `#[non_exhaustive]`, so every `match` on it outside the \
                         crate already has a wildcard arm"
                    ),
                )
            } else {
                (
                    Class::Major,
                    format!(
                        "variant added{payload} to an exhaustive enum (not `#[non_exhaustive]`): a `match` on it \
                         without a wildcard arm no longer compiles"
                    ),
                )
            }
        }
        (Kind::Setter { sig, required: true }, Some(_)) => (
            Class::Major,
            format!(
                "required setter added (takes `{}`): the parameter is type-state, so until it is called the call \
                 has `Unset` in its type and is not a future; calls written for the old crate no longer compile",
                sig.args.first().map_or("", |(_, t)| t.as_str())
            ),
        ),
        (Kind::Setter { sig, required: false }, Some(_)) if !sig.args.is_empty() => {
            (Class::Minor, format!("optional setter added (takes `{}`)", sig.args[0].1))
        }
        (Kind::TraitMethod { default: false, .. }, Some(Kind::Trait)) => (
            Class::Major,
            "trait method added without a default body: every implementation of the trait must now define it"
                .to_owned(),
        ),
        (Kind::TraitMethod { default: true, .. }, Some(Kind::Trait)) => {
            (Class::Minor, "trait method added, with a default body".to_owned())
        }
        (Kind::Const { default: false, .. }, Some(Kind::Trait)) => (
            Class::Major,
            "associated item added without a default: every implementation of the trait must now define it".to_owned(),
        ),
        (Kind::Fn(sig), _) => (Class::Minor, format!("{} added: `{}`", n.kind.noun(), fn_text(key, sig))),
        (kind, _) => (Class::Minor, format!("{} added", kind.noun())),
    };
    found(key, ChangeKind::Added, class, what)
}

/// A field added to an existing struct: what it does to struct literals of it.
fn field_added(parent: &str, f: &Field, before: &Shape, after: &Shape, built: &Built) -> (Class, String) {
    let head = format!("field added (`{}`)", f.ty);
    if before.non_exhaustive || before.private_fields {
        return (
            Class::Minor,
            format!("{head}; the struct cannot be built with a literal outside the crate (non-exhaustive or private fields)"),
        );
    }
    let defaults = before.traits.contains("Default") && after.traits.contains("Default");
    if defaults && f.optional() {
        return (
            Class::Minor,
            format!(
                "{head}, optional; the struct derives `Default`, so literals that end in `..Default::default()` \
                 still compile"
            ),
        );
    }
    let by_client = built.client.contains(parent);
    let by_server = built.server.contains(parent);
    if !by_client && !by_server {
        let what = match built.models_only {
            true => "no parameter or request body of the spec's operations reaches it",
            false => "no argument or setter of the client, and no response a server implementation builds, reaches it",
        };
        return (Class::Minor, format!("{head} to a struct callers only read ({what})"));
    }
    let who = match (built.models_only, by_client, by_server) {
        (true, _, _) => "callers build it (a request input: a parameter or request body of an operation reaches it)",
        (_, true, true) => "callers build it (a request input of the client, and a response of the server)",
        (_, true, false) => "callers build it (a request input of the client)",
        _ => "server implementations build it (a response of the server)",
    };
    let why = if !f.optional() {
        "the field is required"
    } else if !after.traits.contains("Default") {
        "the struct does not derive `Default`"
    } else {
        "the struct did not derive `Default` before"
    };
    (
        Class::Major,
        format!(
            "{head}; {who} and generated structs have no constructor, so struct literals without it no longer \
             compile ({why})"
        ),
    )
}

/// `name(args) -> ret`, for messages.
fn fn_text(key: &str, sig: &Signature) -> String {
    let name = key.rsplit("::").next().unwrap_or(key);
    let ret = if sig.ret == "()" { String::new() } else { format!(" -> {}", sig.ret) };
    format!("{name}{}{ret}", sig.args_text())
}

fn changed(key: &str, o: &Item, n: &Item) -> Vec<Found> {
    let mut out = Vec::new();
    let mut push = |class: Class, what: String| out.push(found(key, ChangeKind::Changed, class, what));
    if !o.kind.same_kind(&n.kind) {
        push(
            Class::Major,
            format!(
                "was a {}, now a {}: code written for the {} no longer compiles",
                o.kind.noun(),
                n.kind.noun(),
                o.kind.noun()
            ),
        );
        return out;
    }
    match (&o.kind, &n.kind) {
        (Kind::Struct(a), Kind::Struct(b)) | (Kind::Enum(a), Kind::Enum(b)) => shape_changes(a, b, &mut push),
        (Kind::Field(a), Kind::Field(b)) => {
            let name = key.rsplit("::").next().unwrap_or(key);
            field_changes(name, a, b, &mut push)
        }
        (Kind::Variant(a), Kind::Variant(b)) => {
            if a.payload != b.payload {
                push(Class::Major, format!("payload changed from {} to {}", payload(&a.payload), payload(&b.payload)));
            }
            if let (Some(x), Some(y)) = (&a.wire, &b.wire) {
                if x != y {
                    push(Class::Patch, format!("wire value changed from `{x}` to `{y}` (its Rust name is unchanged)"));
                }
            }
        }
        (Kind::Alias { target: a }, Kind::Alias { target: b }) if a != b => push(
            Class::Major,
            format!("now an alias of `{b}` (was `{a}`): values of `{a}` no longer fit where it is used"),
        ),
        (Kind::Call { output: Some(a) }, Kind::Call { output: Some(b) }) if a != b => {
            push(Class::Major, format!("awaiting the call gives `{b}` instead of `{a}` (its success type changed)"))
        }
        (Kind::Fn(a), Kind::Fn(b)) => signature_changes(a, b, &mut push),
        (Kind::Setter { sig: a, required: ra }, Kind::Setter { sig: b, required: rb }) => {
            if !ra && *rb {
                push(
                    Class::Major,
                    "now required (type-state): until it is called the call has `Unset` in its type and is not a \
                     future, so calls that do not set it no longer compile (an optional parameter made required)"
                        .to_owned(),
                );
            } else if *ra && !rb {
                push(Class::Minor, "no longer required: calls that set it still compile".to_owned());
            }
            if a.arg_types() != b.arg_types() {
                push(Class::Major, format!("takes `{}` instead of `{}`", b.args_text(), a.args_text()));
            } else if ra == rb && a.ret != b.ret {
                push(Class::Major, format!("returns `{}` instead of `{}`", b.ret, a.ret));
            }
        }
        (Kind::TraitMethod { sig: a, default: da }, Kind::TraitMethod { sig: b, default: db }) => {
            if a != b {
                let name = key.rsplit("::").next().unwrap_or(key);
                push(
                    Class::Major,
                    format!(
                        "signature changed from `{}` to `{}`: implementations written for the old one no longer \
                         compile",
                        fn_text(name, a),
                        fn_text(name, b)
                    ),
                );
            }
            if *da && !db {
                push(Class::Major, "lost its default body: every implementation must now define it".to_owned());
            } else if !da && *db {
                push(Class::Minor, "now has a default body".to_owned());
            }
        }
        (Kind::Const { ty: a, default: da }, Kind::Const { ty: b, default: db }) => {
            if a != b {
                push(Class::Major, format!("type changed from `{a}` to `{b}`"));
            }
            if *da && !db {
                push(Class::Major, "lost its default: every implementation must now define it".to_owned());
            } else if !da && *db {
                push(Class::Minor, "now has a default".to_owned());
            }
        }
        (Kind::Reexport { target: a }, Kind::Reexport { target: b }) if a != b => {
            push(Class::Major, format!("now re-exports `{b}` (was `{a}`)"))
        }
        _ => {}
    }
    if o.cfg != n.cfg {
        let before = o.cfg.as_ref().map_or_else(|| "always compiled".to_owned(), |c| format!("was `cfg({c})`"));
        match &n.cfg {
            None => push(Class::Minor, format!("no longer behind a `cfg` ({before}): compiled whatever the features")),
            Some(c) => push(
                Class::Major,
                format!("now compiled only with `cfg({c})` ({before}): dependents without those features lose it"),
            ),
        }
    }
    if !o.deprecated && n.deprecated {
        push(Class::Patch, "now `#[deprecated]`: a warning where it is used, not an error".to_owned());
    } else if o.deprecated && !n.deprecated {
        push(Class::Patch, "no longer `#[deprecated]`".to_owned());
    }
    if out.is_empty() && o.docs != n.docs {
        out.push(found(key, ChangeKind::Changed, Class::Patch, docs_change(&o.docs, &n.docs)));
    }
    out
}

fn payload(p: &str) -> String {
    if p.is_empty() {
        "none".to_owned()
    } else {
        format!("`{p}`")
    }
}

fn shape_changes(a: &Shape, b: &Shape, push: &mut impl FnMut(Class, String)) {
    for t in a.traits.difference(&b.traits) {
        let why = if t == "Default" {
            ": `Default::default()` and struct literals ending in `..Default::default()` no longer compile"
        } else {
            ": code that relies on it no longer compiles"
        };
        push(Class::Major, format!("no longer implements `{t}`{why}"));
    }
    for t in b.traits.difference(&a.traits) {
        push(Class::Minor, format!("now implements `{t}`"));
    }
    if !a.non_exhaustive && b.non_exhaustive {
        push(
            Class::Major,
            "now `#[non_exhaustive]`: literals and exhaustive patterns of it no longer compile outside the crate"
                .to_owned(),
        );
    } else if a.non_exhaustive && !b.non_exhaustive {
        push(Class::Minor, "no longer `#[non_exhaustive]`".to_owned());
    }
    if !a.private_fields && b.private_fields {
        push(Class::Major, "now has private fields: it can no longer be built with a literal".to_owned());
    } else if a.private_fields && !b.private_fields {
        push(Class::Minor, "no longer has private fields".to_owned());
    }
    if a.tag != b.tag {
        let tag = |t: &Option<String>| t.as_ref().map_or_else(|| "none".to_owned(), |t| format!("`{t}`"));
        push(
            Class::Patch,
            format!(
                "its tag property on the wire is {} instead of {} (the Rust API is unchanged)",
                tag(&b.tag),
                tag(&a.tag)
            ),
        );
    }
}

/// What a field's `#[wire(..)]` presence means.
fn presence(p: &Option<String>) -> &'static str {
    match p.as_deref() {
        Some("required") => "required",
        Some("nullable") => "required and nullable",
        Some("optional") => "optional",
        Some("additional") => "the map of unlisted properties",
        _ => "as declared",
    }
}

fn field_changes(name: &str, a: &Field, b: &Field, push: &mut impl FnMut(Class, String)) {
    if a.ty != b.ty {
        let note = if a.presence != b.presence && a.presence.is_some() && b.presence.is_some() {
            format!(" (the property is now {}, was {})", presence(&b.presence), presence(&a.presence))
        } else {
            String::new()
        };
        push(Class::Major, format!("type changed from `{}` to `{}`{note}", a.ty, b.ty));
    } else if a.presence != b.presence {
        push(
            Class::Patch,
            format!(
                "on the wire it is now {}, was {}; its Rust type `{}` is unchanged",
                presence(&b.presence),
                presence(&a.presence),
                b.ty
            ),
        );
    }
    if a.rename != b.rename && a.presence.is_some() {
        let wire = |r: &Option<String>| r.clone().unwrap_or_else(|| name.to_owned());
        push(
            Class::Patch,
            format!(
                "its wire name is `{}` instead of `{}` (its Rust name is unchanged)",
                wire(&b.rename),
                wire(&a.rename)
            ),
        );
    }
}

fn signature_changes(a: &Signature, b: &Signature, push: &mut impl FnMut(Class, String)) {
    if a.receiver != b.receiver {
        let r = |r: &Option<String>| r.clone().unwrap_or_else(|| "none".to_owned());
        push(Class::Major, format!("receiver changed from `{}` to `{}`", r(&a.receiver), r(&b.receiver)));
    }
    if a.arg_types() != b.arg_types() {
        let names = |s: &Signature| s.args.iter().map(|(n, _)| n.clone()).collect::<BTreeSet<_>>();
        let (before, after) = (names(a), names(b));
        let new_args: Vec<String> =
            b.args.iter().filter(|(n, _)| !before.contains(n)).map(|(n, t)| format!("`{n}: {t}`")).collect();
        let gone: Vec<String> =
            a.args.iter().filter(|(n, _)| !after.contains(n)).map(|(n, t)| format!("`{n}: {t}`")).collect();
        let what = if !new_args.is_empty() && gone.is_empty() && b.args.len() == a.args.len() + new_args.len() {
            let s = if new_args.len() == 1 { "" } else { "s" };
            format!(
                "takes {} new positional argument{s} ({}): calls written for `{}` no longer compile",
                new_args.len(),
                new_args.join(", "),
                a.args_text()
            )
        } else if new_args.is_empty() && !gone.is_empty() && a.args.len() == b.args.len() + gone.len() {
            format!("no longer takes {}: calls written for `{}` no longer compile", gone.join(", "), a.args_text())
        } else {
            format!("arguments changed from `{}` to `{}`", a.args_text(), b.args_text())
        };
        push(Class::Major, what);
    }
    if a.ret != b.ret {
        push(Class::Major, format!("returns `{}` instead of `{}`", b.ret, a.ret));
    }
}

/// `docs changed`, with the first line only the old docs have and the first only the new docs have (blank lines
/// left out; two long lines shown around where they first differ).
fn docs_change(a: &str, b: &str) -> String {
    let lines =
        |s: &'_ str| -> Vec<String> { s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect() };
    let (la, lb) = (lines(a), lines(b));
    let only_old = la.iter().find(|l| !lb.contains(l));
    let only_new = lb.iter().find(|l| !la.contains(l));
    match (only_old, only_new) {
        (Some(x), Some(y)) => {
            // From a little before the first character that differs.
            let common = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
            let skip = common.saturating_sub(24);
            format!("docs changed: {} is now {}", excerpt(x, skip), excerpt(y, skip))
        }
        (None, Some(y)) if la.is_empty() => format!("docs added: {}", excerpt(y, 0)),
        (None, Some(y)) => format!("docs changed: {} added", excerpt(y, 0)),
        (Some(_), None) if lb.is_empty() => "docs removed".to_owned(),
        (Some(x), None) => format!("docs changed: {} removed", excerpt(x, 0)),
        // The same lines in another order, or other blank lines.
        (None, None) => "docs changed (the same lines, rearranged)".to_owned(),
    }
}

/// `line` quoted from its character `skip`, at most 72 characters, `...` where it is cut.
fn excerpt(line: &str, skip: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let end = (skip + 72).min(chars.len());
    let shown: String = chars[skip.min(end)..end].iter().collect();
    let before = if skip > 0 { "..." } else { "" };
    let after = if end < chars.len() { "..." } else { "" };
    format!("\"{before}{shown}{after}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use oagen_rust::File;

    fn surface(code: &str) -> Surface {
        Surface::read(&[File { path: "src/types.rs".to_owned(), contents: code.to_owned() }], None)
    }

    /// The changes between two models-only crates of `code`, whose requests reach `Pet`.
    fn changes(old: &str, new: &str) -> Vec<(String, Class, String)> {
        let requests = BTreeSet::from(["types::Pet".to_owned()]);
        compare(&surface(old), &surface(new), &requests).into_iter().map(|f| (f.item, f.class, f.what)).collect()
    }

    const PET: &str = r#"
        oagen_runtime::serde_struct! {
            /// A pet.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Pet {
                #[wire(optional)]
                pub name: Option<String>,
            }
        }
        #[non_exhaustive]
        pub enum Kind { Dog, Unrecognized(String) }
        pub enum Closed { A }
    "#;

    #[test]
    fn an_optional_field_of_a_default_struct_and_a_variant_of_a_non_exhaustive_enum_are_additions() {
        let new = PET
            .replace("pub name: Option<String>,", "pub name: Option<String>,\n#[wire(optional)]\npub age: Option<i64>,")
            .replace("Dog,", "Dog, Cat,");
        let found = changes(PET, &new);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!((found[0].0.as_str(), found[0].1), ("types::Kind::Cat", Class::Minor));
        assert_eq!((found[1].0.as_str(), found[1].1), ("types::Pet::age", Class::Minor));
    }

    #[test]
    fn a_variant_of_an_exhaustive_enum_and_a_required_field_of_a_built_struct_break() {
        let new = PET.replace("pub enum Closed { A }", "pub enum Closed { A, B }");
        assert_eq!(changes(PET, &new)[0].1, Class::Major);
        // A request input of a models-only crate: its callers build it, and a required field makes it lose
        // `Default` too.
        let new = PET
            .replace("Default)]", ")]")
            .replace("pub name: Option<String>,", "pub name: Option<String>,\n#[wire(required)]\npub id: String,");
        let found = changes(PET, &new);
        assert!(found.iter().all(|f| f.1 == Class::Major), "{found:#?}");
        assert!(found.iter().any(|f| f.0 == "types::Pet" && f.2.contains("no longer implements `Default`")));
        assert!(found.iter().any(|f| f.0 == "types::Pet::id" && f.2.contains("field is required")));
    }

    #[test]
    fn type_changes_removals_and_docs_are_classified() {
        let found = changes(PET, &PET.replace("pub name: Option<String>", "pub name: Option<i64>"));
        assert_eq!(
            found,
            [(
                "types::Pet::name".to_owned(),
                Class::Major,
                "type changed from `Option<String>` to `Option<i64>`".to_owned()
            )]
        );
        let found = changes(PET, &PET.replace("#[wire(optional)]\n                pub name: Option<String>,", ""));
        assert_eq!((found[0].0.as_str(), found[0].1), ("types::Pet::name", Class::Major));
        let found = changes(PET, &PET.replace("/// A pet.", "/// A pet, or a cat."));
        assert_eq!(
            found,
            [(
                "types::Pet".to_owned(),
                Class::Patch,
                "docs changed: \"A pet.\" is now \"A pet, or a cat.\"".to_owned()
            )]
        );
        assert!(changes(PET, PET).is_empty());
    }

    #[test]
    fn a_docs_change_shows_where_the_lines_differ() {
        let a =
            "The spec allows at least 1, at most 100. Left out, the server assumes `20` (the client never sends it).";
        let b = a.replace("`20`", "`25`");
        assert_eq!(
            docs_change(a, &b),
            "docs changed: \"...t, the server assumes `20` (the client never sends it).\" is now \"...t, the server \
             assumes `25` (the client never sends it).\""
        );
        assert_eq!(docs_change("A.\n\nB.", "A.\n\nB.\n\nC."), "docs changed: \"C.\" added");
        assert_eq!(docs_change("", "A."), "docs added: \"A.\"");
    }

    #[test]
    fn members_of_a_new_or_removed_item_are_not_listed_on_their_own() {
        let new = format!("{PET}\npub struct Owner {{ pub name: String, pub pets: Vec<Pet> }}");
        let found = changes(PET, &new);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].0.as_str(), found[0].1), ("types::Owner", Class::Minor));
        assert_eq!(changes(&new, PET)[0].1, Class::Major);
    }
}
