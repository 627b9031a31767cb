//! The public API surface of a generated crate, as the diff compares it: every public item under a path such as
//! `types::Pet::name`, with what a caller's code depends on (field and argument types, derives,
//! `#[non_exhaustive]`, type-state setters, default bodies of trait methods) and its rustdoc text (read from the
//! crate's files by `read.rs`).

use std::collections::{BTreeMap, BTreeSet};

/// The public items of one generated crate, by path.
#[derive(Debug, Clone, Default)]
pub(crate) struct Surface {
    /// Every public item, by its path (`types::Pet`, `types::Pet::name`, `client::ListPets::limit`,
    /// `server::Api::list_pets`, `features::tag-pets`).
    pub items: BTreeMap<String, Item>,
    /// Whether the crate has a client (`client` module).
    pub client: bool,
    /// Whether the crate has a server (`server` module).
    pub server: bool,
}

/// One public item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    /// What it is, with what callers depend on.
    pub kind: Kind,
    /// Its rustdoc text, normalised (see [`normalise_docs`](super::attrs::normalise_docs)).
    pub docs: String,
    /// Its `#[cfg(..)]` condition, when it has one.
    pub cfg: Option<String>,
    /// Whether it is `#[deprecated]`.
    pub deprecated: bool,
    /// The items its signature names, resolved to paths of the surface where they are items (a field's type, a
    /// variant's payload, an alias's target, a function's arguments, a trait method's return type).
    pub refs: Vec<String>,
}

/// What an item is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A module.
    Module,
    /// A struct.
    Struct(Shape),
    /// An enum.
    Enum(Shape),
    /// A public field of a struct.
    Field(Field),
    /// A variant of an enum.
    Variant(Variant),
    /// A type alias (not a client call).
    Alias {
        /// Its target.
        target: String,
    },
    /// A client call's type: an alias of the crate's `Call<'a, P>`.
    Call {
        /// What awaiting it gives (its `rt::Operation`'s `Output`).
        output: Option<String>,
    },
    /// A function, or a method of an inherent impl.
    Fn(Signature),
    /// A method of a client call (a setter, `pages`, `items`).
    Setter {
        /// Its signature.
        sig: Signature,
        /// Whether it fills a type-state parameter (a required parameter: the call cannot be sent without it).
        required: bool,
    },
    /// A trait.
    Trait,
    /// A method of a trait.
    TraitMethod {
        /// Its signature.
        sig: Signature,
        /// Whether the trait gives it a default body.
        default: bool,
    },
    /// A constant or static (an associated one of a trait: with `default` when it has a value).
    Const {
        /// Its type.
        ty: String,
        /// Whether it has a value in a trait (always for a free constant).
        default: bool,
    },
    /// A `pub use`.
    Reexport {
        /// What it names, as written.
        target: String,
    },
    /// A Cargo feature of the manifest.
    Feature,
}

impl Kind {
    /// The kind as a noun, for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Struct(_) => "struct",
            Kind::Enum(_) => "enum",
            Kind::Field(_) => "field",
            Kind::Variant(_) => "variant",
            Kind::Alias { .. } => "type alias",
            Kind::Call { .. } => "call type",
            Kind::Fn(sig) if sig.receiver.is_some() => "method",
            Kind::Fn(_) => "function",
            Kind::Setter { sig, .. } if sig.args.is_empty() => "call method",
            Kind::Setter { .. } => "setter",
            Kind::Trait => "trait",
            Kind::TraitMethod { .. } => "trait method",
            Kind::Const { .. } => "constant",
            Kind::Reexport { .. } => "re-export",
            Kind::Feature => "Cargo feature",
        }
    }

    /// Whether two items are the same kind of thing (a method and a function are).
    pub fn same_kind(&self, other: &Kind) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// What callers of a struct or an enum depend on besides its members.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Shape {
    /// The traits it derives or implements (last path segment: `Default`, `PartialEq`, `ErrorMessage`).
    pub traits: BTreeSet<String>,
    /// `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// Whether a field is not public (a struct that cannot be built with a literal outside the crate).
    pub private_fields: bool,
    /// For a tagged union: the tag property on the wire.
    pub tag: Option<String>,
}

/// A public field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// Its type.
    pub ty: String,
    /// Its `#[wire(..)]` presence (`required`, `nullable`, `optional`) or `additional` for the map of unlisted
    /// keys; `None` outside `serde_struct!`.
    pub presence: Option<String>,
    /// Its wire name when it differs from the field's (`rename = ".."`).
    pub rename: Option<String>,
}

impl Field {
    /// Whether a struct that derives `Default` fills it with a value a caller need not give: an optional property
    /// (`Option`, `Tristate`) or the map of unlisted keys.
    pub fn optional(&self) -> bool {
        match self.presence.as_deref() {
            Some("optional" | "additional") => true,
            Some(_) => false,
            None => ["Option<", "Tristate<", "oagen_runtime::Tristate<"].iter().any(|p| self.ty.starts_with(p)),
        }
    }
}

/// A variant of an enum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variant {
    /// Its payload as written: empty, `(types::Pet)` or `{ a: T }`.
    pub payload: String,
    /// Its wire value (a string enum's value, a tagged union's tag value), when a table macro gives one.
    pub wire: Option<String>,
}

/// A function's signature as a caller sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signature {
    /// `self`, `&self`, `&'a self`; `None` for a function.
    pub receiver: Option<String>,
    /// The arguments after the receiver: name and type.
    pub args: Vec<(String, String)>,
    /// The return type (`()` when none is written).
    pub ret: String,
}

impl Signature {
    /// The argument types, which are what a caller's positional arguments must match.
    pub fn arg_types(&self) -> Vec<&str> {
        self.args.iter().map(|(_, ty)| ty.as_str()).collect()
    }

    /// The arguments as written: `(id: &'a str, body: &'a types::NewPet)`.
    pub fn args_text(&self) -> String {
        let args: Vec<String> = self.args.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
        format!("({})", args.join(", "))
    }
}

impl Surface {
    /// The direct members of the item at `path` (fields, variants, methods), in path order.
    pub fn members<'s>(&'s self, path: &'s str) -> impl Iterator<Item = (&'s String, &'s Item)> + 's {
        let prefix = format!("{path}::");
        self.items
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .filter(move |(k, _)| !k[path.len() + 2..].contains("::"))
    }
}
