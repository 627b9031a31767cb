//! What the client holds beside its operations: the credentials (one per security scheme some operation
//! accepts, with their setters), the parameters set once on the client instead of on every call, the idempotency
//! header, each operation's typed response headers, and the servers the spec lists.

use super::model::{
    ClientOperation, Credential, Hoisted, ResponseHeaders, ServerChoice, ServerItem, ServerUrl, ServerVariable,
};
use crate::ident::text as ident_text;
use crate::plan::http::{self, is_raw_authorization};
use crate::plan::operation::OperationPlan;
use crate::plan::options::ClientOptions;
use crate::plan::rust_type::{RustType, Types};
use oagen_ir::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use oagen_ir::{Api, ParamLocation, ParamStyle, SecurityKind, TypeRef};

/// The client's credentials, and whether one travels in the query.
pub(super) fn credentials(api: &Api, operations: &[OperationPlan<'_>]) -> (Vec<Credential>, bool) {
    let mut fields = Namespace::with_reserved(&["http", "base_url", "timeout"]);
    let mut variants = Namespace::new();
    // Only schemes some operation accepts: a scheme no operation names would be dead code.
    let used = |i: usize| operations.iter().any(|o| o.op.security.iter().any(|alt| alt.contains(&i)));
    let count = |pred: fn(&SecurityKind) -> bool| {
        api.security_schemes.iter().enumerate().filter(|(i, s)| pred(&s.kind) && used(*i)).count()
    };
    let bearers = count(|k| matches!(k, SecurityKind::Bearer));
    let basics = count(|k| matches!(k, SecurityKind::Basic));
    // A raw `Authorization` value (an HTTP scheme other than basic and bearer) is set as that, not as a key.
    let keys = count(|k| matches!(k, SecurityKind::ApiKey { .. }) && !is_raw_authorization(k));
    let raws = count(is_raw_authorization);
    let mut out = Vec::new();
    let mut in_query = false;
    for (index, s) in api.security_schemes.iter().enumerate().filter(|(i, _)| used(*i)) {
        let setter = match &s.kind {
            SecurityKind::Bearer if bearers == 1 => "with_bearer_token".to_owned(),
            SecurityKind::Bearer => format!("with_{}_token", s.name),
            SecurityKind::Basic if basics == 1 => "with_basic_auth".to_owned(),
            SecurityKind::Basic => format!("with_{}_basic_auth", s.name),
            k if is_raw_authorization(k) && raws == 1 => "with_authorization".to_owned(),
            k if is_raw_authorization(k) => format!("with_{}_authorization", s.name),
            SecurityKind::ApiKey { .. } if keys == 1 => "with_api_key".to_owned(),
            SecurityKind::ApiKey { .. } => format!("with_{}_key", s.name),
        };
        in_query |= matches!(&s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. });
        let token_source_setter = matches!(s.kind, SecurityKind::Bearer).then(|| match bearers {
            1 => "with_token_source".to_owned(),
            _ => format!("with_{}_token_source", s.name),
        });
        let flows = api.security_schemes.iter().enumerate().filter(|(i, s)| s.client_credentials.is_some() && used(*i));
        let client_credentials = s.client_credentials.as_ref().map(|flow| {
            let setter = match flows.count() {
                1 => "with_client_credentials".to_owned(),
                _ => format!("with_{}_client_credentials", s.name),
            };
            (setter, flow.token_url.clone(), flow.scopes.clone())
        });
        out.push(Credential {
            token_source_setter,
            client_credentials,
            field: fields.claim(&s.name),
            variant: variants.claim_type_free(&naming::type_name(&s.name)),
            setter,
            kind: s.kind.clone(),
            key: s.key.clone(),
            description: s.description.clone(),
            scheme: index,
        });
    }
    (out, in_query)
}

/// The parameters set once on the client: each header parameter (and, when there are two operations or more, each
/// query or cookie parameter) that every operation declares with the same type and serialisation, and each
/// parameter `options.hoist` names (by wire name) wherever it is declared alike. Path parameters never: they name
/// the resource; nor headers whose value belongs to one request ([`per_request_header`]) unless named.
pub(super) fn hoisted(
    types: &Types<'_>,
    operations: &[OperationPlan<'_>],
    options: &ClientOptions,
    client_methods: &mut Namespace,
) -> Vec<Hoisted> {
    let mut out: Vec<Hoisted> = Vec::new();
    let Some(first) = operations.first() else { return out };
    let shape = |p: &oagen_ir::Parameter| (arg(types, p.ty, true), p.style, p.explode, p.allow_reserved);
    let mut candidates: Vec<&oagen_ir::Parameter> = first.op.parameters.iter().collect();
    for name in &options.hoist {
        let found = operations.iter().flat_map(|o| &o.op.parameters).find(|p| &p.wire_name == name);
        if let Some(p) = found.filter(|p| !candidates.iter().any(|c| c.location == p.location && c.wire_name == *name))
        {
            candidates.push(p);
        }
    }
    for p in candidates {
        if p.location == ParamLocation::Path {
            continue;
        }
        let named = options.hoist.contains(&p.wire_name);
        let per_request = per_request_header(&p.wire_name)
            || options.idempotency_header.as_ref().is_some_and(|h| h.eq_ignore_ascii_case(&p.wire_name));
        if p.location == ParamLocation::Header && per_request && !named {
            continue;
        }
        let alike: Vec<&oagen_ir::Parameter> = operations
            .iter()
            .filter_map(|o| o.op.parameters.iter().find(|q| q.location == p.location && q.wire_name == p.wire_name))
            .collect();
        if alike.iter().any(|q| shape(q) != shape(p)) {
            continue;
        }
        let everywhere =
            alike.len() == operations.len() && (p.location == ParamLocation::Header || operations.len() > 1);
        if !(everywhere || named) {
            continue;
        }
        let ((ty, by_value, _), ..) = shape(p);
        let snake = naming::snake_name(&p.name);
        out.push(Hoisted {
            wire: p.wire_name.clone(),
            location: p.location,
            client_setter: client_methods.claim(&format!("with_{snake}")),
            call_setter: snake,
            ty,
            param_ty: p.ty,
            by_value,
            style: p.style,
            explode: p.explode,
            allow_reserved: p.allow_reserved,
            description: alike.iter().find_map(|q| q.description.clone()),
            required: alike.iter().any(|q| q.required),
        });
    }
    out
}

/// The typed headers of an operation's successful responses (the first definition of each name wins), in a module
/// named after its method (or after the operation, when the method's name is taken).
pub(super) fn response_headers(
    types: &Types<'_>,
    plan: &OperationPlan<'_>,
    op: &ClientOperation,
    modules: &mut Namespace,
) -> Option<ResponseHeaders> {
    let mut fields: Vec<(String, String, RustType, Option<String>)> = Vec::new();
    let mut names = Namespace::new();
    for r in plan.op.responses.iter().filter(|r| http::is_success(r.status)) {
        for h in &r.headers {
            if fields.iter().any(|(_, wire, ..)| wire.eq_ignore_ascii_case(&h.wire_name)) {
                continue;
            }
            let ty = types.base(TypeRef { nullable: false, ..h.ty }).optional();
            fields.push((names.claim(&h.name), h.wire_name.clone(), ty, h.description.clone()));
        }
    }
    if fields.is_empty() {
        return None;
    }
    let module = if modules.contains(&op.method) { modules.claim(&plan.op.name) } else { modules.claim(&op.method) };
    Some(ResponseHeaders { module, method_path: op.receiver.clone(), fields })
}

/// Headers whose value belongs to one request, never hoisted unless an option names them: idempotency keys,
/// conditions (`If-Match`), ranges, content and accept negotiation, request ids and trace context.
fn per_request_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("idempotency")
        || name.starts_with("if-")
        || name == "range"
        || name.starts_with("content-")
        || name.starts_with("accept")
        || name.ends_with("request-id")
        || name.ends_with("correlation-id")
        || matches!(name.as_str(), "traceparent" | "tracestate" | "prefer")
}

/// The header every POST and PATCH declares for idempotency keys (`Idempotency-Key`, `X-Idempotency-Key`), when
/// there is one.
pub(super) fn idempotency_header(operations: &[OperationPlan<'_>]) -> Option<String> {
    let unsafe_ops: Vec<&OperationPlan<'_>> =
        operations.iter().filter(|o| matches!(o.op.method, oagen_ir::Method::Post | oagen_ir::Method::Patch)).collect();
    let first = unsafe_ops.first()?;
    let header = first.op.parameters.iter().find(|p| {
        p.location == ParamLocation::Header && p.wire_name.to_ascii_lowercase().ends_with("idempotency-key")
    })?;
    let everywhere = unsafe_ops.iter().all(|o| {
        o.op.parameters.iter().any(|p| p.location == ParamLocation::Header && p.wire_name == header.wire_name)
    });
    everywhere.then(|| header.wire_name.clone())
}

/// The servers the spec lists: a constant for a fixed URL, a function of its variables otherwise.
pub(super) fn servers(api: &Api) -> Vec<ServerUrl> {
    let mut names = Namespace::with_reserved(&["new"]);
    let mut enum_names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
    let mut out = Vec::new();
    for (i, s) in api.servers.iter().enumerate() {
        let base = match s.description.as_deref().map(|d| d.split('(').next().unwrap_or("").trim()) {
            Some(d) if !d.is_empty() && d.split_whitespace().count() <= 4 => naming::snake_name(d),
            _ if api.servers.len() == 1 => "default".to_owned(),
            _ => format!("server_{}", i + 1),
        };
        let mut docs = vec![format!("`{}`", s.url)];
        docs.extend(s.description.clone());
        if s.variables.is_empty() {
            out.push(ServerUrl {
                url: s.url.clone(),
                docs,
                item: ServerItem::Const(names.claim(&base).to_uppercase()),
            });
            continue;
        }
        let name = names.claim(&format!("{base}_url"));
        let mut arg_names = Namespace::new();
        let mut variables = Vec::new();
        for v in &s.variables {
            let arg = arg_names.claim(&naming::snake_name(&v.name));
            let mut doc = format!("- `{}`: `{{{}}}`", ident_text(&arg), v.name);
            if let Some(d) = &v.description {
                doc.push_str(&format!(", {d}"));
            }
            let choice = if v.allowed.is_empty() {
                doc.push_str(&format!(" (the spec's default: `{}`; substituted as given)", v.default));
                None
            } else {
                let enum_name = enum_names.claim_type(&naming::type_name(&v.name));
                doc.push_str(&format!(" ([`{enum_name}`])"));
                Some(server_choice(enum_name, v))
            };
            docs.push(doc);
            variables.push(ServerVariable { arg, placeholder: v.name.clone(), choice, default: v.default.clone() });
        }
        out.push(ServerUrl { url: s.url.clone(), docs, item: ServerItem::Template { name, variables } });
    }
    out
}

fn server_choice(name: String, v: &oagen_ir::ServerVariable) -> ServerChoice {
    let mut values: Vec<&str> = v.allowed.iter().map(String::as_str).collect();
    if !values.contains(&v.default.as_str()) {
        values.insert(0, &v.default);
    }
    let mut names = Namespace::new();
    let variants =
        values.iter().map(|value| (names.claim_type_free(&naming::type_name(value)), (*value).to_owned())).collect();
    let mut docs = vec![format!("The server variable `{}` (default `{}`).", v.name, v.default)];
    docs.extend(v.description.clone());
    ServerChoice { name, variants, default: v.default.clone(), docs }
}

/// The style of a parameter, as the runtime names it.
pub fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Label => "Label",
        ParamStyle::Form => "Form",
        ParamStyle::Simple => "Simple",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}

/// The argument type of a parameter of type `ty` as a setter of the client takes it, whether it is held by value,
/// and whether it is optional: strings, bytes, lists and structures borrowed, other scalars by value, in `Option`
/// when `null` is allowed or the input may be left out.
fn arg(types: &Types<'_>, ty: TypeRef, required: bool) -> (RustType, bool, bool) {
    let nullable = types.admits_null(ty);
    let (inner, by_value) = super::call::borrowed(types, ty);
    if nullable || !required {
        (inner.optional(), by_value, !required)
    } else {
        (inner, by_value, false)
    }
}
