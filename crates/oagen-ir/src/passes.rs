//! Passes over the finished arena: alias cycles, tags owned by unions, indirection where cycles close, and
//! reachability.

use crate::api::Operation;
use crate::types::*;
use oagen_spec::{Diagnostic, Diagnostics};
use std::collections::HashMap;

/// Every use of a type held by an entry, in a fixed order (fields, additional, items, values, variants, target).
fn uses(kind: &TypeKind) -> Vec<TypeRef> {
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

/// Every use of a type in an operation.
pub(crate) fn operation_uses(op: &Operation) -> Vec<TypeRef> {
    let mut out: Vec<TypeRef> = op.parameters.iter().map(|p| p.ty).collect();
    out.extend(op.body.iter().map(|b| b.content.ty));
    out.extend(op.responses.iter().filter_map(|r| r.content.as_ref().map(|c| c.ty)));
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

/// readOnly and writeOnly against `required` (policy: openapi-semantics.md #7). A readOnly property "SHOULD NOT be
/// sent as part of the request", so `required` applies to responses only: in a type that a request body uses, a
/// required readOnly property is optional (the caller never has to invent a value the server sets). Likewise a
/// required writeOnly property is optional in a type a response uses. The models are shared by requests and
/// responses, so the field is optional in both; each case is a warning at the property. Webhooks are left out: there
/// the API is the sender.
pub(crate) fn read_write_only(space: &mut TypeSpace, operations: &[Operation], diags: &mut Diagnostics) {
    let api_ops = || operations.iter().filter(|op| !op.webhook);
    let in_requests = closure(space, api_ops().flat_map(|op| op.body.iter().map(|b| b.content.ty.id)));
    let in_responses = closure(
        space,
        api_ops().flat_map(|op| op.responses.iter().filter_map(|r| r.content.as_ref().map(|c| c.ty.id))),
    );
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
