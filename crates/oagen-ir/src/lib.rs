//! The intermediate representation: a language-neutral model of an API.
//!
//! [`build`] lowers a normalised [`oagen_spec::Spec`] into an [`Api`]: a flat arena of types ([`TypeSpace`]: ids to
//! entries, indirection marked only where a cycle closes) and the operations that use them. Each field keeps
//! presence (required or optional) and nullability apart; every entry keeps the JSON pointer it came from.

pub mod api;
pub mod formats;
mod lower;
pub mod naming;
mod operations;
mod passes;
pub mod paths;
mod twins;
pub mod types;

pub use api::*;
pub use operations::encoding_of;
pub use passes::{finite_depths, operation_uses, uses as type_uses};
pub use paths::{encode_path_literal, path_pieces, path_placeholders, path_shape, PathPiece};
pub use types::*;

use oagen_spec::{Diagnostics, Spec};

/// Lowers a normalised spec into the IR, pushing what it had to reinterpret to `diags`.
pub fn build(spec: &Spec, diags: &mut Diagnostics) -> Api {
    let mut scheme_names = naming::Namespace::new();
    let security_schemes: Vec<SecurityScheme> = spec
        .security_schemes
        .iter()
        .map(|s| SecurityScheme {
            key: s.name.clone(),
            name: scheme_names.claim(&naming::snake_name(&s.name)),
            kind: s.kind.clone(),
            description: s.description.clone(),
            client_credentials: s.client_credentials.clone(),
        })
        .collect();
    let mut lowerer = lower::Lowerer::new(spec, diags);
    lowerer.components();
    let operations = lowerer.operations(spec, &security_schemes);
    let callbacks = lowerer.callbacks(spec, &operations, &security_schemes);
    paths::same_shapes(&operations, lowerer.diags);
    let mut types = std::mem::take(&mut lowerer.space);
    let all_ops: Vec<Operation> = operations.iter().chain(&callbacks).cloned().collect();
    passes::break_alias_cycles(&mut types, diags);
    passes::strip_union_tags(&mut types, &all_ops);
    passes::read_write_only(&mut types, &operations, diags);
    passes::keep_unknown_properties(&mut types, &operations);
    twins::merge_twins(&mut types, &all_ops);
    passes::mark_indirect(&mut types);
    passes::relax_endless_required(&mut types, diags);
    let live = passes::reachable(&types, &all_ops);
    types.set_live(live);
    Api {
        title: spec.title.clone(),
        version: spec.api_version.clone(),
        description: spec.description.clone(),
        servers: spec
            .servers
            .iter()
            .map(|s| Server {
                url: s.url.clone(),
                description: s.description.clone(),
                variables: s
                    .variables
                    .iter()
                    .map(|v| ServerVariable {
                        name: v.name.clone(),
                        default: v.default.clone(),
                        allowed: v.allowed.clone(),
                        description: v.description.clone(),
                    })
                    .collect(),
            })
            .collect(),
        types,
        operations,
        callbacks,
        security_schemes,
    }
}
