//! The request schemas of the server module, decided once: one `static` per shape of the named types that a checked
//! input (a parameter, or a body [`super::operation::BodyPlan::is_checked`]) uses, and what each input is checked
//! against. `oagen_runtime::server::schema::check` walks them before anything is deserialised; the emitter
//! (`server/schemas.rs`) only writes them.
//!
//! Types of the same shape share one static: the check depends on the shape only, and specs that inline their
//! schemas (Stripe) repeat the same few shapes under hundreds of names.

use super::operation::OperationPlan;
use super::Types;
use heck::ToShoutySnakeCase;
use oagen_ir::naming::Namespace;
use oagen_ir::{Field, Primitive, TypeId, TypeKind, TypeRef, TypeSpace};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The statics of one server module, and which static each type shares.
#[derive(Debug, Default)]
pub struct RequestSchemas {
    /// The statics, in arena order of the first type of each shape.
    pub statics: Vec<StaticPlan>,
    /// Every type with a static, by id: the index of the static it shares.
    of: BTreeMap<TypeId, usize>,
}

/// One static: its name, what its doc line says, what it holds, and the types that share it (whose request gates
/// together are its gate, [`super::features::ServerGates::schemas`]).
#[derive(Debug)]
pub struct StaticPlan {
    /// Its name (`PET`, `STRING_LIST`).
    pub name: String,
    /// What its doc line names: the first type of its shape.
    pub doc: StaticDoc,
    /// How many other types share it.
    pub others: usize,
    /// What it holds, references to other statics by the id of their first type.
    pub shape: Shape,
    /// The types that share it, in arena order.
    pub members: Vec<TypeId>,
}

/// What a static's doc line names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticDoc {
    /// A named type (by its name and place in the spec).
    Named(TypeId),
    /// A list of a primitive used directly by an input.
    ListOf(SchemaPrimitive),
    /// A map of a primitive used directly by an input.
    MapOf(SchemaPrimitive),
    /// A list or map that is the parameter `param` (an index into its parameters) of the operation `operation`.
    Parameter {
        /// The operation (an index into [`super::Plan::operations`]).
        operation: usize,
        /// The parameter.
        param: usize,
    },
    /// A list or map that is the body of the operation (an index into [`super::Plan::operations`]).
    Body(usize),
}

/// The runtime's static of a primitive (or of any value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaPrimitive {
    Any,
    String,
    DateTime,
    Date,
    Uuid,
    I32,
    I64,
    U32,
    U64,
    Number,
    Boolean,
}

impl SchemaPrimitive {
    /// The name of its static in `oagen_runtime::server::schema` (`STRING`).
    pub fn static_name(self) -> &'static str {
        match self {
            SchemaPrimitive::Any => "ANY",
            SchemaPrimitive::String => "STRING",
            SchemaPrimitive::DateTime => "DATE_TIME",
            SchemaPrimitive::Date => "DATE",
            SchemaPrimitive::Uuid => "UUID",
            SchemaPrimitive::I32 => "I32",
            SchemaPrimitive::I64 => "I64",
            SchemaPrimitive::U32 => "U32",
            SchemaPrimitive::U64 => "U64",
            SchemaPrimitive::Number => "NUMBER",
            SchemaPrimitive::Boolean => "BOOLEAN",
        }
    }

    /// The primitive of a type kind (`None` for the others).
    fn of(kind: &TypeKind) -> Option<SchemaPrimitive> {
        Some(match kind {
            TypeKind::Any => SchemaPrimitive::Any,
            TypeKind::Primitive(p) => match p {
                Primitive::String | Primitive::Bytes => SchemaPrimitive::String,
                Primitive::DateTime => SchemaPrimitive::DateTime,
                Primitive::Date => SchemaPrimitive::Date,
                Primitive::Uuid => SchemaPrimitive::Uuid,
                Primitive::I32 => SchemaPrimitive::I32,
                Primitive::I64 => SchemaPrimitive::I64,
                Primitive::U32 => SchemaPrimitive::U32,
                Primitive::U64 => SchemaPrimitive::U64,
                Primitive::F64 => SchemaPrimitive::Number,
                Primitive::Bool => SchemaPrimitive::Boolean,
            },
            _ => return None,
        })
    }
}

/// Names a static must not take: the statics of the runtime's primitives, which the schemas module glob-imports and
/// a static of the same name would shadow.
const RESERVED: &[&str] =
    &["ANY", "STRING", "DATE_TIME", "DATE", "UUID", "I32", "I64", "U32", "U64", "NUMBER", "BOOLEAN"];

/// What a static holds: the schema of one type, its references to other statics by type id. Equal shapes (with the
/// references made canonical) check the same values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A named type that is a primitive or any value.
    Primitive(SchemaPrimitive),
    List(Ref),
    Map(Ref),
    Enum(Vec<String>),
    Object {
        properties: Vec<Prop>,
        additional: Option<Ref>,
    },
    Union {
        tag: Option<String>,
        variants: Vec<(Option<String>, Ref)>,
        exclusive: bool,
    },
}

/// A use of a schema: which one, and whether `null` is allowed there. What an input is checked against, too.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ref {
    /// The schema.
    pub target: Target,
    /// Whether `null` is allowed.
    pub nullable: bool,
}

/// A schema a use refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// The static of a type ([`RequestSchemas::static_of`]).
    Static(TypeId),
    /// The runtime's static of a primitive (`STRING`).
    Primitive(SchemaPrimitive),
    /// A type without a static (a list in a list), written in place.
    Inline(Box<Shape>),
}

/// A property of an object: everything its check reads, literals as they are written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Prop {
    /// Its wire name.
    pub name: String,
    /// Whether the request must hold it.
    pub required: bool,
    /// Its schema.
    pub schema: Ref,
    /// Builder calls in order, with their argument (`("max_length", Number::Count(5000))`).
    pub constraints: Vec<(&'static str, Number)>,
    /// The allowed values (a non-string `enum`).
    pub allowed: Vec<Scalar>,
}

/// The argument of a constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Number {
    Count(u64),
    /// The bits of a finite `f64`.
    Bound(u64),
}

/// A JSON scalar of a non-string `enum` (numbers other than integers by their bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scalar {
    Null,
    Bool(bool),
    Integer(i64),
    Number(u64),
    String(String),
}

impl Shape {
    /// The same shape with its static references mapped by `f`.
    fn map_ids(&self, f: &impl Fn(TypeId) -> TypeId) -> Shape {
        let r = |r: &Ref| Ref {
            target: match &r.target {
                Target::Static(id) => Target::Static(f(*id)),
                Target::Primitive(p) => Target::Primitive(*p),
                Target::Inline(shape) => Target::Inline(Box::new(shape.map_ids(f))),
            },
            nullable: r.nullable,
        };
        match self {
            Shape::Primitive(p) => Shape::Primitive(*p),
            Shape::List(item) => Shape::List(r(item)),
            Shape::Map(value) => Shape::Map(r(value)),
            Shape::Enum(values) => Shape::Enum(values.clone()),
            Shape::Object { properties, additional } => Shape::Object {
                properties: properties.iter().map(|p| Prop { schema: r(&p.schema), ..p.clone() }).collect(),
                additional: additional.as_ref().map(r),
            },
            Shape::Union { tag, variants, exclusive } => Shape::Union {
                tag: tag.clone(),
                variants: variants.iter().map(|(t, v)| (t.clone(), r(v))).collect(),
                exclusive: *exclusive,
            },
        }
    }
}

impl RequestSchemas {
    /// Collects the types reachable from the checked inputs of every operation
    /// ([`OperationPlan::checked_inputs`]), and gives each shape one static.
    pub fn new(space: &TypeSpace, operations: &[OperationPlan<'_>]) -> Self {
        let wanted = wanted(space, operations);
        let has_static = |id: TypeId| wanted.contains_key(&id);
        let shapes: BTreeMap<TypeId, Shape> = wanted.keys().map(|id| (*id, shape(space, &has_static, *id))).collect();
        // Types of one shape share the static of the first: merged bottom-up (a shape is compared with its references
        // made canonical) until nothing changes. Types that differ only inside a cycle stay apart, which is safe.
        let mut canonical: BTreeMap<TypeId, TypeId> = shapes.keys().map(|id| (*id, *id)).collect();
        loop {
            let mut first: HashMap<Shape, TypeId> = HashMap::with_capacity(shapes.len());
            let mut next = BTreeMap::new();
            for (id, shape) in &shapes {
                let key = shape.map_ids(&|r| canonical.get(&r).copied().unwrap_or(r));
                next.insert(*id, *first.entry(key).or_insert(*id));
            }
            if next == canonical {
                break;
            }
            canonical = next;
        }
        let mut members: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
        for (id, c) in &canonical {
            members.entry(*c).or_default().push(*id);
        }
        // The runtime's primitives are glob-imported where the statics are defined: a static of the same name would
        // shadow them.
        let mut taken = Namespace::with_reserved(RESERVED);
        let mut own: BTreeMap<TypeId, usize> = BTreeMap::new();
        let mut statics = Vec::new();
        for (id, (shouty, doc)) in wanted {
            if canonical[&id] != id {
                continue;
            }
            own.insert(id, statics.len());
            let members = members.remove(&id).unwrap_or_default();
            statics.push(StaticPlan {
                name: taken.claim(&shouty),
                doc,
                others: members.len().saturating_sub(1),
                shape: shapes[&id].map_ids(&|r| canonical.get(&r).copied().unwrap_or(r)),
                members,
            });
        }
        let of = canonical.iter().map(|(id, c)| (*id, own[c])).collect();
        RequestSchemas { statics, of }
    }

    /// The static a type shares, when it has one.
    pub fn static_of(&self, id: TypeId) -> Option<&StaticPlan> {
        self.of.get(&id).map(|i| &self.statics[*i])
    }

    /// What an input of type `r` is checked against: its static, the runtime's primitive, `null` allowed or not.
    pub fn use_of(&self, space: &TypeSpace, r: TypeRef) -> Ref {
        let (id, nullable) = space.resolve(r);
        let target = if self.of.contains_key(&id) {
            Target::Static(id)
        } else if let Some(p) = SchemaPrimitive::of(&space.get(id).kind) {
            Target::Primitive(p)
        } else {
            // Not reached: every other type an input uses has a static.
            Target::Inline(Box::new(shape(space, &|id| self.of.contains_key(&id), id)))
        };
        Ref { target, nullable }
    }

    /// Whether the checks of an operation refer to a static (so that its module imports `schemas`).
    pub fn used_by(&self, space: &TypeSpace, o: &OperationPlan<'_>) -> bool {
        o.checked_inputs().any(|r| self.of.contains_key(&space.resolve(r).0))
    }

    /// Whether there is any static.
    pub fn is_empty(&self) -> bool {
        self.statics.is_empty()
    }
}

/// The types that get a static, in arena order, with the base of its name and its doc line when the type is the
/// first of its shape.
fn wanted(space: &TypeSpace, operations: &[OperationPlan<'_>]) -> BTreeMap<TypeId, (String, StaticDoc)> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = operations.iter().flat_map(|o| o.checked_inputs().map(|r| r.id)).collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &space.get(id).kind {
            TypeKind::List(t) | TypeKind::Map(t) | TypeKind::Alias(t) => stack.push(t.id),
            TypeKind::Struct(s) => {
                stack.extend(s.fields.iter().map(|f| f.ty.id));
                stack.extend(s.additional.iter().map(|t| t.id));
            }
            TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.id)),
            TypeKind::Any | TypeKind::Primitive(_) | TypeKind::Enum(_) => {}
        }
    }
    // Every named type (but aliases, which are their target)...
    let mut wanted: BTreeMap<TypeId, (String, StaticDoc)> = BTreeMap::new();
    for id in &seen {
        let def = space.get(*id);
        let (Some(name), false) = (&def.name, matches!(def.kind, TypeKind::Alias(_))) else { continue };
        wanted.insert(*id, (name.to_shouty_snake_case(), StaticDoc::Named(*id)));
    }
    // ...the collection of a recursive alias (`Tree: {items: {$ref: Tree}}`, a newtype in the models), which `shape`
    // would otherwise inline for ever: every cycle of lists and maps passes through such an alias (references are to
    // named types), so the rest of the cycle is inlined up to its static...
    let types = Types::inside(space);
    for alias in &seen {
        let Some(name) = &space.get(*alias).name else { continue };
        if types.is_recursive_alias(*alias) {
            let (id, _) = space.resolve(TypeRef::to(*alias));
            wanted.entry(id).or_insert_with(|| (name.to_shouty_snake_case(), StaticDoc::Named(*alias)));
        }
    }
    // ...and a list or map used directly by a parameter or body: the checks run in functions, where only constants
    // can be borrowed for `'static`. One of a primitive is named after it (`STRING_LIST`), others after their first
    // use.
    for (index, o) in operations.iter().enumerate() {
        let op = o.op;
        let params = op.parameters.iter().enumerate().map(|(param, p)| {
            (p.ty, format!("{}_{}", op.name, p.name), StaticDoc::Parameter { operation: index, param })
        });
        let body = o.body.iter().filter(|b| b.is_checked());
        let uses = params.chain(body.map(|b| (b.ir.content.ty, format!("{}_body", op.name), StaticDoc::Body(index))));
        for (ty, base, doc) in uses {
            let (id, _) = space.resolve(ty);
            if wanted.contains_key(&id) {
                continue;
            }
            let (element, list) = match space.get(id).kind {
                TypeKind::List(t) => (t, true),
                TypeKind::Map(t) => (t, false),
                _ => continue,
            };
            let (element_id, nullable) = space.resolve(element);
            let named = match SchemaPrimitive::of(&space.get(element_id).kind) {
                Some(p) if !nullable => {
                    let suffix = if list { "LIST" } else { "MAP" };
                    let doc = if list { StaticDoc::ListOf(p) } else { StaticDoc::MapOf(p) };
                    (format!("{}_{suffix}", p.static_name()), doc)
                }
                _ => (base.to_shouty_snake_case(), doc),
            };
            wanted.insert(id, named);
        }
    }
    wanted
}

/// The shape of a type; references to the types that have a static (`has_static`) are by id.
fn shape(space: &TypeSpace, has_static: &dyn Fn(TypeId) -> bool, id: TypeId) -> Shape {
    let reference = |r: TypeRef| {
        let (id, nullable) = space.resolve(r);
        let target = if has_static(id) {
            Target::Static(id)
        } else if let Some(p) = SchemaPrimitive::of(&space.get(id).kind) {
            Target::Primitive(p)
        } else {
            Target::Inline(Box::new(shape(space, has_static, id)))
        };
        Ref { target, nullable }
    };
    match &space.get(id).kind {
        kind @ (TypeKind::Any | TypeKind::Primitive(_)) => {
            Shape::Primitive(SchemaPrimitive::of(kind).unwrap_or(SchemaPrimitive::Any))
        }
        TypeKind::List(item) => Shape::List(reference(*item)),
        TypeKind::Map(value) => Shape::Map(reference(*value)),
        TypeKind::Alias(target) => shape(space, has_static, space.resolve(*target).0),
        // An integer enum takes any integer, as its catch-all variant does.
        TypeKind::Enum(e) if e.integer => Shape::Primitive(SchemaPrimitive::I64),
        TypeKind::Enum(e) => Shape::Enum(e.values.iter().map(|v| v.wire.clone()).collect()),
        TypeKind::Struct(s) => Shape::Object {
            properties: s
                .fields
                .iter()
                .map(|f| Prop {
                    name: f.wire_name.clone(),
                    // A read-only property is never required in a request (OpenAPI 3.0.3, `readOnly`).
                    required: f.required && !f.read_only,
                    schema: reference(f.ty),
                    constraints: constraints(f),
                    allowed: f.allowed.iter().flatten().filter_map(literal).collect(),
                })
                .collect(),
            additional: s.additional.map(reference),
        },
        TypeKind::Union(u) => Shape::Union {
            tag: u.tag.clone(),
            variants: u.variants.iter().map(|v| (v.tag_value.clone(), reference(v.ty))).collect(),
            exclusive: u.exclusive,
        },
    }
}

/// The validation keywords of a field, as builder calls with their argument.
fn constraints(f: &Field) -> Vec<(&'static str, Number)> {
    let c = &f.constraints;
    let mut out = Vec::new();
    let bound = |v: Option<f64>| v.filter(|v| v.is_finite()).map(|v| Number::Bound(v.to_bits()));
    out.extend(c.min_length.map(|v| ("min_length", Number::Count(v))));
    out.extend(c.max_length.map(|v| ("max_length", Number::Count(v))));
    out.extend(bound(c.minimum).map(|v| (if c.exclusive_minimum { "exclusive_minimum" } else { "minimum" }, v)));
    out.extend(bound(c.maximum).map(|v| (if c.exclusive_maximum { "exclusive_maximum" } else { "maximum" }, v)));
    out.extend(c.min_items.map(|v| ("min_items", Number::Count(v))));
    out.extend(c.max_items.map(|v| ("max_items", Number::Count(v))));
    out
}

/// A value of a non-string `enum`; `None` for arrays, objects and numbers beyond `f64`, which are not checked.
fn literal(v: &Value) -> Option<Scalar> {
    Some(match v {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Integer(i),
            None => Scalar::Number(n.as_f64().filter(|f| f.is_finite())?.to_bits()),
        },
        Value::String(text) => Scalar::String(text.clone()),
        Value::Array(_) | Value::Object(_) => return None,
    })
}
