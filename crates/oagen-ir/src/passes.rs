//! Passes over the finished arena: alias cycles, tags owned by unions, indirection where cycles close, and
//! reachability.

use crate::api::Operation;
use crate::types::*;
use oagen_spec::{Diagnostic, Diagnostics};
use std::collections::HashMap;

/// Every use of a type held by an entry, in a fixed order (fields, additional, items, values, variants, target).
pub fn uses(kind: &TypeKind) -> Vec<TypeRef> {
    match kind {
        TypeKind::Any | TypeKind::Primitive(_) | TypeKind::Enum(_) => Vec::new(),
        TypeKind::List(t) | TypeKind::Map(t) | TypeKind::Alias(t) => vec![*t],
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty).chain(s.additional).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.ty).collect(),
    }
}

/// The uses that are stored by value (not behind a list or map), with their position in [`uses`]-like order.
fn by_value_uses(kind: &TypeKind) -> Vec<(usize, TypeRef)> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty).enumerate().collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| v.ty).enumerate().collect(),
        TypeKind::Alias(t) => vec![(0, *t)],
        _ => Vec::new(),
    }
}

fn mark(kind: &mut TypeKind, slot: usize) {
    match kind {
        TypeKind::Struct(s) => s.fields[slot].ty.indirect = true,
        TypeKind::Union(u) => u.variants[slot].ty.indirect = true,
        _ => {}
    }
}

/// Breaks cycles made only of aliases (`A: $ref B`, `B: $ref A`), which stand for no type at all.
pub(crate) fn break_alias_cycles(space: &mut TypeSpace, diags: &mut Diagnostics) {
    let n = space.len();
    for start in 0..n {
        let start = TypeId(start as u32);
        let mut id = start;
        let mut steps = 0;
        while let TypeKind::Alias(next) = space.get(id).kind {
            id = next.id;
            steps += 1;
            if id == start {
                let def = space.get(start);
                diags.push(
                    Diagnostic::error(
                        &def.pointer,
                        "this schema is part of a cycle of `$ref`s that never reaches a type",
                    )
                    .with_note("typed as any JSON value"),
                );
                space.get_mut(start).kind = TypeKind::Any;
                break;
            }
            if steps > n {
                break;
            }
        }
    }
}

/// Marks the uses that close a cycle of by-value containment as indirect (boxed), and only those.
///
/// A depth-first search in id order (components first, in document order) over structs and unions, looking through
/// aliases; a use that reaches a type still on the search stack closes a cycle. Lists and maps already store their
/// items on the heap, so they are not edges.
pub(crate) fn mark_indirect(space: &mut TypeSpace) {
    let n = space.len();
    let edges: Vec<Vec<(usize, usize)>> = (0..n)
        .map(|i| {
            let kind = &space.get(TypeId(i as u32)).kind;
            if matches!(kind, TypeKind::Alias(_)) {
                return Vec::new();
            }
            by_value_uses(kind).into_iter().map(|(slot, r)| (slot, space.resolve(r).0 .0 as usize)).collect()
        })
        .collect();
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; n];
    let mut back_edges = Vec::new();
    for root in 0..n {
        if state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            let Some(&(slot, target)) = edges[node].get(*next) else {
                state[node] = DONE;
                stack.pop();
                continue;
            };
            *next += 1;
            match state[target] {
                OPEN => back_edges.push((node, slot)),
                NEW => {
                    state[target] = OPEN;
                    stack.push((target, 0));
                }
                _ => {}
            }
        }
    }
    for (node, slot) in back_edges {
        mark(&mut space.get_mut(TypeId(node as u32)).kind, slot);
    }
}

/// Removes the tag property from structs that are used only as members of unions tagged by that property: the
/// union writes and reads the tag, so the member does not carry it twice.
pub(crate) fn strip_union_tags(space: &mut TypeSpace, operations: &[Operation]) {
    let mut uses_count: HashMap<TypeId, usize> = HashMap::new();
    for (_, def) in space.iter() {
        for r in uses(&def.kind) {
            *uses_count.entry(r.id).or_default() += 1;
        }
    }
    for op in operations {
        for r in operation_uses(op) {
            *uses_count.entry(r.id).or_default() += 1;
        }
    }
    let mut tagged_uses: HashMap<TypeId, (String, usize)> = HashMap::new();
    let mut conflicting = Vec::new();
    for (_, def) in space.iter() {
        if let TypeKind::Union(u) = &def.kind {
            let Some(tag) = &u.tag else { continue };
            for v in &u.variants {
                let entry = tagged_uses.entry(v.ty.id).or_insert_with(|| (tag.clone(), 0));
                if entry.0 != *tag {
                    conflicting.push(v.ty.id);
                }
                entry.1 += 1;
            }
        }
    }
    for (id, (tag, count)) in tagged_uses {
        if conflicting.contains(&id) || uses_count.get(&id).copied().unwrap_or(0) != count {
            continue;
        }
        if let TypeKind::Struct(s) = &mut space.get_mut(id).kind {
            s.fields.retain(|f| f.wire_name != tag);
        }
    }
}

/// Every use of a type in an operation: its parameters, body, response bodies and response headers.
pub fn operation_uses(op: &Operation) -> Vec<TypeRef> {
    let mut out: Vec<TypeRef> = op.parameters.iter().map(|p| p.ty).collect();
    out.extend(op.body.iter().map(|b| b.content.ty));
    out.extend(op.responses.iter().flat_map(|r| r.contents().map(|c| c.ty)));
    out.extend(op.responses.iter().flat_map(|r| r.headers.iter().map(|h| h.ty)));
    out
}

/// Which entries are reachable from the components and the operations.
pub(crate) fn reachable(space: &TypeSpace, operations: &[Operation]) -> Vec<bool> {
    let components = space.iter().filter(|(_, d)| d.component.is_some()).map(|(id, _)| id);
    closure(space, components.chain(operations.iter().flat_map(operation_uses).map(|r| r.id)))
}

/// Every entry reachable from `roots` through any use.
fn closure(space: &TypeSpace, roots: impl IntoIterator<Item = TypeId>) -> Vec<bool> {
    let mut seen = vec![false; space.len()];
    let mut stack: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        let i = id.0 as usize;
        if seen[i] {
            continue;
        }
        seen[i] = true;
        stack.extend(uses(&space.get(id).kind).into_iter().map(|r| r.id));
    }
    seen
}

/// Marks the structs whose unknown properties are kept ([`Struct::keeps_unknown`]): those a response of the API
/// reaches (webhooks left out: there the API is the sender) whose `additionalProperties` is not written. A struct
/// that says `false`, or gives other properties a type, keeps its own rule.
pub(crate) fn keep_unknown_properties(space: &mut TypeSpace, operations: &[Operation]) {
    let in_responses = closure(
        space,
        operations
            .iter()
            .filter(|op| !op.webhook)
            .flat_map(|op| op.responses.iter().flat_map(|r| r.contents().map(|c| c.ty.id))),
    );
    for (i, reached) in in_responses.into_iter().enumerate() {
        if let TypeKind::Struct(s) = &mut space.get_mut(TypeId(i as u32)).kind {
            s.keeps_unknown = reached && s.additional.is_none() && !s.closed;
        }
    }
}

/// readOnly and writeOnly against `required` (policy: openapi-semantics.md #7). A readOnly property "SHOULD NOT be
/// sent as part of the request", so `required` applies to responses only: in a type that a request body uses, a
/// required readOnly property is optional (the caller never has to invent a value the server sets). Likewise a
/// required writeOnly property is optional in a type a response uses. The models are shared by requests and
/// responses, so the field is optional in both; each case is a warning at the property. Webhooks are left out: there
/// the API is the sender.
pub(crate) fn read_write_only(space: &mut TypeSpace, operations: &[Operation], diags: &mut Diagnostics) {
    let api_ops = || operations.iter().filter(|op| !op.webhook);
    let in_requests = closure(space, api_ops().flat_map(|op| op.body.iter().map(|b| b.content.ty.id)));
    let in_responses =
        closure(space, api_ops().flat_map(|op| op.responses.iter().flat_map(|r| r.contents().map(|c| c.ty.id))));
    for i in 0..space.len() {
        let def = space.get_mut(TypeId(i as u32));
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        for f in s.fields.iter_mut().filter(|f| f.required) {
            let (why, applies) = if f.read_only {
                ("readOnly", in_requests[i])
            } else if f.write_only {
                ("writeOnly", in_responses[i])
            } else {
                continue;
            };
            if !applies {
                continue;
            }
            f.required = false;
            let (sent, where_) = if f.read_only { ("a request", "request body") } else { ("a response", "response") };
            diags.push(
                Diagnostic::warning(
                    &f.pointer,
                    format!(
                        "required {why} property `{}` is never part of {sent}, and this type is used in a {where_}",
                        f.wire_name
                    ),
                )
                .with_note("the field is optional (`required` applies to the other direction only)"),
            );
        }
    }
}

/// How deep the shallowest finite value of each entry is, by index (`None`: no finite JSON value satisfies it, as
/// for a type whose required, non-nullable properties lead back to itself). Scalars, lists, maps and `null`
/// (a nullable use) are 0; a struct is one more than its deepest required, non-nullable field; a union one more
/// than its shallowest member; an alias its target.
pub fn finite_depths(space: &TypeSpace) -> Vec<Option<u32>> {
    let n = space.len();
    let mut depth: Vec<Option<u32>> = vec![None; n];
    let of = |depth: &[Option<u32>], r: &TypeRef| if r.nullable { Some(0) } else { depth[r.id.0 as usize] };
    // Depths only fall (from none to some, and to less), each at most once per entry and level: this ends within
    // n + 1 rounds, and in a few on real documents (as many as the nesting is deep).
    for _ in 0..=n {
        let mut changed = false;
        for i in 0..n {
            let d = match &space.get(TypeId(i as u32)).kind {
                TypeKind::Any | TypeKind::Primitive(_) | TypeKind::Enum(_) | TypeKind::List(_) | TypeKind::Map(_) => {
                    Some(0)
                }
                TypeKind::Alias(t) => of(&depth, t),
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .try_fold(0, |deepest, f| of(&depth, &f.ty).map(|d| deepest.max(d)))
                    .map(|d| d + 1),
                TypeKind::Union(u) if u.variants.is_empty() => Some(0),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| of(&depth, &v.ty)).min().map(|d| d + 1),
            };
            if d.is_some() && (depth[i].is_none() || d < depth[i]) {
                depth[i] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

/// Required properties that can never end: a struct whose required, non-nullable fields lead back to itself
/// (`TreeNode.parent: TreeNode`, required) has no finite JSON value, and no Rust value can be built either. The
/// fields that close such cycles become optional, with a warning: real documents, which must stop somewhere,
/// still decode. Must run after [`mark_indirect`]: the fields that close a cycle are relaxed first, others only
/// when that is not enough.
pub(crate) fn relax_endless_required(space: &mut TypeSpace, diags: &mut Diagnostics) {
    let mut closing_only = true;
    loop {
        let depth = finite_depths(space);
        let mut relaxed = false;
        for i in 0..space.len() {
            if depth[i].is_some() {
                continue;
            }
            let def = space.get_mut(TypeId(i as u32));
            let name = def.name.clone().unwrap_or_default();
            let TypeKind::Struct(s) = &mut def.kind else { continue };
            for f in s.fields.iter_mut() {
                let endless = f.required && !f.ty.nullable && depth[f.ty.id.0 as usize].is_none();
                if !endless || (closing_only && !f.ty.indirect) {
                    continue;
                }
                f.required = false;
                relaxed = true;
                diags.push(
                    Diagnostic::warning(
                        &f.pointer,
                        format!(
                            "required property `{}` can never end: each `{name}` must hold another, so no finite JSON \
                             value satisfies this schema",
                            f.wire_name
                        ),
                    )
                    .with_note("the property is optional, so that real values, which stop somewhere, decode"),
                );
            }
        }
        match (relaxed, closing_only) {
            (true, _) => closing_only = true,
            (false, true) => closing_only = false,
            (false, false) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(yaml: &str) -> (crate::Api, Vec<String>) {
        let (spec, loaded) = oagen_spec::load(&oagen_spec::Source::new("t.yaml", yaml));
        assert!(loaded.is_empty(), "{loaded:?}");
        let mut diags = Diagnostics::new();
        let api = crate::build(&spec.expect("loads"), &mut diags);
        (api, diags.iter().map(|d| d.message.clone()).collect())
    }

    fn field<'a>(api: &'a crate::Api, ty: &str, name: &str) -> &'a Field {
        let (_, def) = api.types.named().find(|(_, d)| d.name.as_deref() == Some(ty)).expect("type");
        let TypeKind::Struct(s) = &def.kind else { panic!("{ty} is not a struct") };
        s.fields.iter().find(|f| f.name == name).expect("field")
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

    #[test]
    fn a_required_property_that_never_ends_becomes_optional_with_a_warning() {
        let (api, diags) = build(&format!(
            "{HEAD}    Node:\n      type: object\n      required: [id, parent]\n      properties:\n        id: {{type: string}}\n        parent: {{$ref: '#/components/schemas/Node'}}\n"
        ));
        assert!(!field(&api, "Node", "parent").required);
        assert!(field(&api, "Node", "id").required, "only the endless one");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("required property `parent` can never end"), "{diags:?}");
        assert!(finite_depths(&api.types).iter().all(Option::is_some));
    }

    #[test]
    fn recursion_with_a_way_out_is_left_alone() {
        // Through a nullable use, a list, or a union with another member: each has a finite value.
        let (api, diags) = build(&format!(
            "{HEAD}    A:\n      type: object\n      required: [a, list, e]\n      properties:\n        a: {{allOf: [{{$ref: '#/components/schemas/A'}}], nullable: true}}\n        list: {{type: array, items: {{$ref: '#/components/schemas/A'}}}}\n        e: {{$ref: '#/components/schemas/E'}}\n    E:\n      oneOf:\n        - {{$ref: '#/components/schemas/Not'}}\n        - {{type: boolean}}\n    Not:\n      type: object\n      required: [not]\n      properties:\n        not: {{$ref: '#/components/schemas/E'}}\n"
        ));
        assert!(diags.iter().all(|d| !d.contains("never end")), "{diags:?}");
        assert!(field(&api, "A", "a").required && field(&api, "Not", "not").required);
        let depths = finite_depths(&api.types);
        let (e, _) = api.types.named().find(|(_, d)| d.name.as_deref() == Some("E")).expect("E");
        assert_eq!(depths[e.0 as usize], Some(1), "the boolean member: one level");
    }
}
