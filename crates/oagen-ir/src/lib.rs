//! The intermediate representation: a language-neutral model of an API.
//!
//! [`build`] lowers a normalised [`oagen_spec::Spec`] into an [`Api`]: a flat arena of types ([`TypeSpace`]: ids to
//! entries, indirection marked only where a cycle closes) and the operations that use them. Each field keeps
//! presence (required or optional) and nullability apart; every entry keeps the JSON pointer it came from.

pub mod api;
pub mod examples;
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
        about: spec.about.clone(),
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

/// Holds every `format: date-time` as the text received (a plain string) instead of as an instant: for callers who
/// must write a payload back byte for byte (a signature over it), at the cost of a typed value (`oagen.toml`:
/// `[models] date-time = "text"`). The format is then neither parsed nor checked by generated servers.
pub fn date_times_as_text(api: &mut Api) {
    for i in 0..api.types.len() {
        let def = api.types.get_mut(TypeId(i as u32));
        if def.kind == TypeKind::Primitive(Primitive::DateTime) {
            def.kind = TypeKind::Primitive(Primitive::String);
        }
    }
}

#[cfg(test)]
mod tests {
    use oagen_runtime::formats::{Format, EXAMPLES};
    use serde_json::{json, Map};

    /// The generator agrees with generated servers: a property whose `example` is one of the runtime's shared
    /// examples is warned about (and typed as a plain string) exactly when the runtime refuses the value.
    #[test]
    fn examples_are_judged_as_the_runtime_judges_them() {
        let mut properties = Map::new();
        for (i, (format, value, _)) in EXAMPLES.iter().enumerate() {
            let mut p = json!({"type": "string", "example": value});
            if let Some(keyword) = format.keyword() {
                p["format"] = json!(keyword);
            }
            properties.insert(format!("p{i}"), p);
        }
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"T": {"type": "object", "properties": properties}}},
        });
        let (spec, loaded) = oagen_spec::load(&oagen_spec::Source::new("t.json", doc.to_string()));
        assert!(loaded.is_empty(), "{loaded:?}");
        let mut diags = oagen_spec::Diagnostics::new();
        let api = crate::build(&spec.expect("loads"), &mut diags);

        let warned: Vec<String> = diags
            .iter()
            .filter(|d| d.message.starts_with("the spec's own example/default"))
            .map(|d| d.pointer.to_string().rsplit('/').next().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(diags.len(), warned.len(), "only format warnings: {:?}", diags.iter().collect::<Vec<_>>());
        let expected: Vec<String> =
            EXAMPLES.iter().enumerate().filter(|(_, (_, _, valid))| !valid).map(|(i, _)| format!("p{i}")).collect();
        assert_eq!(warned, expected, "warned about exactly the invalid examples");

        let (_, t) = api.types.named().find(|(_, d)| d.name.as_deref() == Some("T")).expect("T");
        let crate::TypeKind::Struct(s) = &t.kind else { panic!("T is not a struct") };
        for (i, (format, value, valid)) in EXAMPLES.iter().enumerate() {
            let field = s.fields.iter().find(|f| f.wire_name == format!("p{i}")).expect("field");
            let crate::TypeKind::Primitive(p) = &api.types.get(field.ty.id).kind else {
                panic!("p{i} is not primitive")
            };
            let typed = match format {
                _ if !valid => crate::Primitive::String,
                Format::None => crate::Primitive::String,
                Format::DateTime => crate::Primitive::DateTime,
                Format::Date => crate::Primitive::Date,
                Format::Uuid => crate::Primitive::Uuid,
            };
            assert_eq!(*p, typed, "p{i}: {format:?} {value:?}");
        }
    }
}
