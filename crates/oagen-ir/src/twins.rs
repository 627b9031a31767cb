//! Inline enums and structs that repeat an earlier one become aliases of it.
//!
//! Large documents spell the same inline schema over and over: GitHub's has 2,449 inline string enums with only 292
//! distinct value lists (`read`/`write` alone 683 times), and 3,045 structs of which hundreds are the same
//! properties again (`{href}` 229 times). Each became an item with its derives and serde impls, compiled by every
//! dependent. Now the first of each set of identical inline types is the type, and each later one is a type alias of
//! it under its own name and docs: every name a user could write still exists, and `Alias::Variant` and
//! `Alias { .. }` work in expressions and patterns. Components are never merged (their names are the API's).

use crate::api::Operation;
use crate::passes::operation_uses;
use crate::types::{Enum, Struct, TypeId, TypeKind, TypeRef, TypeSpace};
use std::collections::HashMap;

/// Merges twin inline enums, then twin inline structs (see the module docs).
pub(crate) fn merge_twins(space: &mut TypeSpace, operations: &[Operation]) {
    let mut merged = merge_twin_enums(space);
    merge_twin_structs(space, operations, &mut merged);
}

/// Turns every named inline enum whose values (names, wire values and catch-all variant) equal an earlier one's
/// into an alias of that earlier one. The first in arena order (document order) is kept, so the result is
/// deterministic. Returns what became an alias of what.
fn merge_twin_enums(space: &mut TypeSpace) -> HashMap<TypeId, TypeId> {
    let mut first: HashMap<Enum, TypeId> = HashMap::new();
    let mut merged = Vec::new();
    for (id, def) in space.iter() {
        let TypeKind::Enum(e) = &def.kind else { continue };
        if def.name.is_none() || def.component.is_some() {
            continue;
        }
        match first.get(e) {
            Some(&canonical) => merged.push((id, canonical)),
            None => {
                first.insert(e.clone(), id);
            }
        }
    }
    for &(id, canonical) in &merged {
        space.get_mut(id).kind = TypeKind::Alias(TypeRef::to(canonical));
    }
    merged.into_iter().collect()
}

/// The most rounds of struct merging: a struct can only be found a twin once the structs its fields use are merged,
/// so nesting takes one round per level.
const ROUNDS: usize = 16;

/// Turns every named inline struct that equals an earlier one (the same properties with the same names, wire names,
/// types, requiredness, docs, defaults and rules; the types compared after earlier merges) into an alias of it.
///
/// Left alone: structs an operation uses directly (bodies, responses, parameters, headers: the multipart, event
/// and paging code reads their shape) and members of unions (their tags were taken out per union).
fn merge_twin_structs(space: &mut TypeSpace, operations: &[Operation], merged: &mut HashMap<TypeId, TypeId>) {
    let mut keep: Vec<bool> = vec![false; space.len()];
    for r in operations.iter().flat_map(operation_uses) {
        keep[r.id.0 as usize] = true;
        keep[space.resolve(r).0 .0 as usize] = true;
    }
    for (_, def) in space.iter() {
        if let TypeKind::Union(u) = &def.kind {
            for v in &u.variants {
                keep[v.ty.id.0 as usize] = true;
            }
        }
    }
    for _ in 0..ROUNDS {
        // Structs by their wire names, each with its shape as compared.
        let mut seen: HashMap<Vec<&str>, Vec<(TypeId, Struct)>> = HashMap::new();
        let mut found = Vec::new();
        for (id, def) in space.iter() {
            let TypeKind::Struct(s) = &def.kind else { continue };
            if def.name.is_none() || def.component.is_some() || keep[id.0 as usize] {
                continue;
            }
            let shape = compared(s, merged);
            let same = seen.entry(s.fields.iter().map(|f| f.wire_name.as_str()).collect()).or_default();
            match same.iter().find(|(_, other)| *other == shape) {
                Some(&(canonical, _)) => found.push((id, canonical)),
                None => same.push((id, shape)),
            }
        }
        if found.is_empty() {
            break;
        }
        for (id, canonical) in found {
            space.get_mut(id).kind = TypeKind::Alias(TypeRef::to(canonical));
            merged.insert(id, canonical);
        }
    }
}

/// A struct as compared for twins: its uses of merged types point at what they were merged into, and where its
/// properties are defined is left out.
fn compared(s: &Struct, merged: &HashMap<TypeId, TypeId>) -> Struct {
    let to = |r: TypeRef| TypeRef { id: merged.get(&r.id).copied().unwrap_or(r.id), ..r };
    let mut s = s.clone();
    for f in &mut s.fields {
        f.ty = to(f.ty);
        f.pointer = Default::default();
    }
    s.additional = s.additional.map(to);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Docs, EnumValue, Field, Primitive, TypeDef, Union, Variant};

    fn values(wires: &[&str]) -> TypeKind {
        TypeKind::Enum(Enum {
            values: wires.iter().map(|w| EnumValue { name: w.to_uppercase(), wire: (*w).to_owned() }).collect(),
            other: "Unrecognized".to_owned(),
            integer: false,
        })
    }

    fn def(name: &str, kind: TypeKind, component: bool) -> TypeDef {
        TypeDef {
            name: Some(name.to_owned()),
            kind,
            docs: Docs::default(),
            component: component.then(|| name.to_owned()),
            pointer: Default::default(),
        }
    }

    #[test]
    fn later_inline_twins_alias_the_first_and_components_stay_apart() {
        let mut space = TypeSpace::default();
        let component = space.push(def("Level", values(&["read", "write"]), true));
        let first = space.push(def("IssuesLevel", values(&["read", "write"]), false));
        let other = space.push(def("State", values(&["open", "closed"]), false));
        let twin = space.push(def("PullsLevel", values(&["read", "write"]), false));
        let reordered = space.push(def("AdminLevel", values(&["write", "read"]), false));
        let second_component = space.push(def("Access", values(&["read", "write"]), true));
        let merged = merge_twin_enums(&mut space);
        assert_eq!(merged, HashMap::from([(twin, first)]));
        assert!(matches!(space.get(component).kind, TypeKind::Enum(_)));
        assert!(matches!(space.get(first).kind, TypeKind::Enum(_)));
        assert!(matches!(space.get(other).kind, TypeKind::Enum(_)));
        assert_eq!(space.get(twin).kind, TypeKind::Alias(TypeRef::to(first)));
        assert_eq!(space.get(twin).name.as_deref(), Some("PullsLevel"));
        // Another order is another enum (the order is kept in docs and in `Ord`).
        assert!(matches!(space.get(reordered).kind, TypeKind::Enum(_)));
        assert!(matches!(space.get(second_component).kind, TypeKind::Enum(_)));
    }

    fn field(name: &str, ty: TypeId, pointer: &str) -> Field {
        Field {
            name: name.to_owned(),
            wire_name: name.to_owned(),
            ty: TypeRef::to(ty),
            required: true,
            docs: Docs::default(),
            default: None,
            read_only: false,
            write_only: false,
            allowed: None,
            constraints: Default::default(),
            pointer: oagen_spec::Pointer::root().push(pointer),
        }
    }

    fn object(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(Struct { fields, ..Struct::default() })
    }

    #[test]
    fn nested_twin_structs_merge_level_by_level_and_union_members_stay() {
        let mut space = TypeSpace::default();
        let string = space.push(TypeDef { name: None, ..def("", TypeKind::Primitive(Primitive::String), false) });
        let level = space.push(def("ALevel", values(&["read", "write"]), false));
        let inner = space.push(def("AInner", object(vec![field("href", string, "/a")]), false));
        let outer = space.push(def("A", object(vec![field("inner", inner, "/a"), field("level", level, "/a")]), false));
        let level2 = space.push(def("BLevel", values(&["read", "write"]), false));
        let inner2 = space.push(def("BInner", object(vec![field("href", string, "/b")]), false));
        let outer2 =
            space.push(def("B", object(vec![field("inner", inner2, "/b"), field("level", level2, "/b")]), false));
        // Same properties, another requiredness: not a twin.
        let optional =
            space.push(def("C", object(vec![Field { required: false, ..field("href", string, "/c") }]), false));
        // A union member keeps its own type.
        let member = space.push(def("DMember", object(vec![field("href", string, "/d")]), false));
        let union = Union {
            tag: None,
            variants: vec![Variant { name: "D".into(), ty: TypeRef::to(member), tag_value: None }],
            other: "Other".into(),
            exclusive: true,
        };
        space.push(def("D", TypeKind::Union(union), false));
        merge_twins(&mut space, &[]);
        assert_eq!(space.get(level2).kind, TypeKind::Alias(TypeRef::to(level)));
        assert_eq!(space.get(inner2).kind, TypeKind::Alias(TypeRef::to(inner)));
        assert_eq!(space.get(outer2).kind, TypeKind::Alias(TypeRef::to(outer)));
        assert!(matches!(space.get(optional).kind, TypeKind::Struct(_)));
        assert!(matches!(space.get(member).kind, TypeKind::Struct(_)));
        assert_eq!(space.get(outer2).name.as_deref(), Some("B"));
    }
}
