//! How operations are grouped and named: groups by first tag (`client.interactions()`), the untagged operations
//! on `Client` itself, method names with the tag stripped where that is unique, and the `<method>_stream` sibling
//! of an operation that also answers events.

use crate::plan::http;
use crate::plan::operation::OperationPlan;
use crate::plan::rust_type::Types;
use oagen_ir::naming::{self, Namespace};

/// Operations sharing their first tag, reached through `client.<accessor>()`; or the untagged ones, methods of
/// `Client` itself.
#[derive(Debug)]
pub struct Group {
    /// The tag; `None` for the untagged operations.
    pub tag: Option<String>,
    /// The handle of a tagged group (the untagged operations have none).
    pub handle: Option<Handle>,
    /// The operations, as indexes into [`crate::plan::Plan::operations`].
    pub operations: Vec<usize>,
}

/// The handle of a group: `client.<accessor>()` returns a `<struct_name>` whose methods start the group's calls.
#[derive(Debug)]
pub struct Handle {
    /// The handle's struct.
    pub struct_name: String,
    /// The `Client` method that returns it.
    pub accessor: String,
}

/// The groups (tagged first, by first appearance; then the untagged operations), each operation's method name, and
/// the name of the `_stream` sibling of each operation that also answers events.
pub(super) fn groups(
    operations: &[OperationPlan<'_>],
    module_names: &mut Namespace,
    client_methods: &mut Namespace,
) -> (Vec<Group>, Vec<String>, Vec<Option<String>>) {
    let mut order: Vec<Option<String>> = Vec::new();
    for o in operations {
        let tag = o.op.tags.first().cloned();
        if !order.contains(&tag) {
            order.push(tag);
        }
    }
    // Tagged groups first claim their accessor, so an untagged operation of the same name gets a suffix.
    order.sort_by_key(Option::is_none);
    let mut groups = Vec::new();
    let mut method_names = vec![String::new(); operations.len()];
    let mut stream_names = vec![None; operations.len()];
    for tag in order {
        let members: Vec<usize> =
            (0..operations.len()).filter(|i| operations[*i].op.tags.first() == tag.as_ref()).collect();
        // The untagged operations are methods of `Client` itself.
        let handle = tag.as_ref().map(|t| Handle {
            struct_name: module_names.claim_type(&naming::type_name(t)),
            accessor: client_methods.claim(&naming::snake_name(t)),
        });
        let ops: Vec<&oagen_ir::Operation> = members.iter().map(|i| operations[*i].op).collect();
        let names = match &tag {
            // `new`: a method of that name that does not return `Self` reads as a constructor (and clippy's
            // `new_ret_no_self` says so).
            Some(t) => {
                let mut taken = Namespace::with_reserved(&["new"]);
                let names = method_names_in(&ops, Some(t), &mut taken);
                let streams = stream_names_in(&ops, &names, &mut taken);
                (names, streams)
            }
            None => {
                let names = method_names_in(&ops, None, client_methods);
                let streams = stream_names_in(&ops, &names, client_methods);
                (names, streams)
            }
        };
        let (names, streams) = names;
        for ((i, name), stream) in members.iter().zip(names).zip(streams) {
            method_names[*i] = name;
            stream_names[*i] = stream;
        }
        groups.push(Group { tag, handle, operations: members });
    }
    (groups, method_names, stream_names)
}

/// The operation answered with events: each success that offers them is read as them.
pub(super) fn as_events<'a>(types: &Types<'_>, plan: &OperationPlan<'a>) -> OperationPlan<'a> {
    let mut events = plan.clone();
    for r in events.responses.iter_mut().filter(|r| http::is_success(r.ir.status)) {
        if let Some(content) = &r.ir.events {
            r.held = Some(http::response_body(types, content));
        }
    }
    events
}

/// Whether an operation's successes also offer an event stream beside their chosen media type.
fn offers_events(op: &oagen_ir::Operation) -> bool {
    op.responses.iter().any(|r| http::is_success(r.status) && r.events.is_some())
}

/// The name of the `<method>_stream` sibling of each operation that also offers its successes as events.
fn stream_names_in(ops: &[&oagen_ir::Operation], names: &[String], taken: &mut Namespace) -> Vec<Option<String>> {
    ops.iter().zip(names).map(|(op, name)| offers_events(op).then(|| taken.claim(&format!("{name}_stream")))).collect()
}

/// `words` with the tag's words removed from the front or the back (each word may be the tag word or its
/// singular): `interactions_update` under `Interactions` -> `update`, `update_conversation` under
/// `conversations` -> `update`.
pub fn strip_tag(name: &str, tag: &str) -> Option<String> {
    let tag_snake = naming::snake_name(tag);
    let tag_words: Vec<&str> = tag_snake.split('_').collect();
    let words: Vec<&str> = name.split('_').collect();
    let same = |w: &str, t: &str| {
        w == t || naming::singular(t).as_deref() == Some(w) || naming::singular(w).as_deref() == Some(t)
    };
    let n = tag_words.len();
    if words.len() <= n {
        return None;
    }
    let rest: &[&str] = if words[..n].iter().zip(&tag_words).all(|(w, t)| same(w, t)) {
        &words[n..]
    } else if words[words.len() - n..].iter().zip(&tag_words).all(|(w, t)| same(w, t)) {
        &words[..words.len() - n]
    } else {
        return None;
    };
    let out = rest.join("_");
    (!out.is_empty() && !out.starts_with(|c: char| c.is_ascii_digit())).then_some(out)
}

/// Method names within one group: the tag stripped where that is unique and not `new` (`NewNote` under `Notes`
/// stays `new_note`), the full (globally unique) name otherwise.
pub(super) fn method_names_in(
    ops: &[&oagen_ir::Operation],
    tag: Option<&str>,
    reserved: &mut Namespace,
) -> Vec<String> {
    let stripped = |op: &oagen_ir::Operation| tag.and_then(|t| strip_tag(&op.name, t)).filter(|n| n != "new");
    let mut names: Vec<String> = ops.iter().map(|op| stripped(op).unwrap_or_else(|| op.name.clone())).collect();
    for _ in 0..=ops.len() {
        let mut changed = false;
        for i in 0..names.len() {
            if names.iter().filter(|n| **n == names[i]).count() > 1 {
                let dup = names[i].clone();
                for (j, n) in names.iter_mut().enumerate() {
                    if *n == dup && *n != ops[j].name {
                        *n = ops[j].name.clone();
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    names.iter().map(|n| reserved.claim(n)).collect()
}
