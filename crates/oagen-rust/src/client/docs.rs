//! The client module's docs: what it does, and a usage example (a `no_run` doctest, so that it is compiled).

use crate::plan::client::{ClientPlan, ServerItem};
use crate::plan::Plan;
use oagen_ir::{Encoding, Primitive, SecurityKind, TypeKind, TypeRef};

/// The module's inner doc lines: what the client does (the example is on [`Client`]'s docs), wrapped.
pub(super) fn module_doc(plan: &Plan<'_>) -> Vec<String> {
    let api = plan.api;
    let paragraphs = [
        format!(
            "The HTTP client of {} {}: a [`Client`] with one method per operation, grouped by tag, and one [`Error`] \
             type. [`Client`] shows how to build one and call an operation.",
            api.title, api.version
        ),
        "Requests go out exactly as the spec says: path parameters percent-encoded (no value can change the path or \
         add a query), query, header and cookie parameters serialised by their `style` and `explode`, header values \
         with line breaks refused, JSON bodies with only the fields you set. Responses are decoded by status: the \
         documented success type, a typed [`Error`] for each documented error status, and the raw status, headers \
         and body for anything else."
            .to_owned(),
    ];
    let mut lines = Vec::new();
    for p in &paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(crate::docs::wrap(p, MODULE_DOC_WIDTH).into_iter().map(|l| format!(" {l}")));
    }
    lines
}

/// The width of the module docs' lines (those of `//! ` at the top of the file, like the rest of its lines).
const MODULE_DOC_WIDTH: usize = 100 - 4;

/// Doc lines of a usage example: the client built for the first server with the first credential, and a call of
/// the first operation whose arguments can each be written simply.
pub(super) fn example(plan: &Plan<'_>, client: &ClientPlan) -> Vec<String> {
    let krate = &plan.lib_name;
    let server = match (plan.api.servers.first(), client.servers.first()) {
        (Some(s), Some(planned)) if s.url.starts_with("http://") || s.url.starts_with("https://") => {
            server_expr(planned)
        }
        _ => "\"https://api.example.com\"".to_owned(),
    };
    let mut setup = format!("let client = Client::new({server})?");
    if let Some(c) = client.credentials.first() {
        match c.kind {
            SecurityKind::Basic => setup.push_str(&format!("\n    .{}(\"user\", \"password\")", c.setter)),
            _ => setup.push_str(&format!("\n    .{}(\"secret\")", c.setter)),
        }
    }
    // The required hoisted parameters, so that the example's call can be sent (one whose value cannot be written
    // simply is left out, as an operation with such an argument is).
    for h in client.hoisted.iter().filter(|h| h.required) {
        if let Some(value) = example_value(plan, h.param_ty, &h.wire, krate) {
            setup.push_str(&format!("\n    .{}({value})", h.client_setter));
        }
    }
    setup.push_str("\n    .with_timeout(Duration::from_secs(30));");
    let mut call = None;
    'groups: for g in &client.groups {
        for i in &g.operations {
            if let Some(args) = example_args(plan, *i, krate) {
                let receiver = match &g.tag {
                    Some(_) => format!("client.{}()", crate::ident::ident(&g.accessor)),
                    None => "client".to_owned(),
                };
                let method = crate::ident::ident(&client.operations[*i].method);
                call = Some(format!("let response = {receiver}.{method}({}).await?;", args.join(", ")));
                break 'groups;
            }
        }
    }
    let mut lines = vec![
        "```no_run".to_owned(),
        format!("# async fn example() -> Result<(), {krate}::client::Error> {{"),
        format!("use {krate}::client::{{servers, Client}};"),
        "use std::time::Duration;".to_owned(),
        String::new(),
    ];
    if plan.api.servers.is_empty() || server.starts_with('"') {
        lines[2] = format!("use {krate}::client::Client;");
    }
    lines.extend(setup.lines().map(str::to_owned));
    if let Some(call) = call {
        lines.push(call);
        lines.push("# let _ = response;".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

/// The expression for a server's URL with its variables' defaults.
fn server_expr(server: &crate::plan::client::ServerUrl) -> String {
    match &server.item {
        ServerItem::Const(name) => format!("servers::{name}"),
        ServerItem::Template { name, variables } => {
            let args: Vec<String> = variables
                .iter()
                .map(|v| match &v.choice {
                    None => format!("{:?}", v.default),
                    Some(choice) => format!("servers::{}::default()", choice.name),
                })
                .collect();
            format!("&servers::{name}({})", args.join(", "))
        }
    }
}

/// Example arguments for an operation, when each can be written simply.
fn example_args(plan: &Plan<'_>, index: usize, krate: &str) -> Option<Vec<String>> {
    let op = plan.operations[index].op;
    let mut out = Vec::new();
    let client_op = &plan.client.as_ref()?.operations[index];
    for arg in client_op.args.iter().filter(|a| a.param.is_some()) {
        let p = &op.parameters[arg.param?];
        if !p.required {
            out.push("None".to_owned());
            continue;
        }
        out.push(example_value(plan, p.ty, &p.wire_name, krate)?);
    }
    if let Some(body) = &op.body {
        let value = (body.content.encoding == Encoding::Json)
            .then(|| example_value(plan, body.content.ty, "body", krate))
            .flatten();
        match (body.required, value) {
            (true, Some(v)) => out.push(v),
            (true, None) => return None,
            (false, Some(v)) if v != "None" => out.push(format!("Some({v})")),
            (false, _) => out.push("None".to_owned()),
        }
    }
    Some(out)
}

fn example_value(plan: &Plan<'_>, ty: TypeRef, wire: &str, krate: &str) -> Option<String> {
    let space = &plan.api.types;
    let (id, alias_nullable) = space.resolve(ty);
    if ty.nullable || alias_nullable {
        return Some("None".to_owned());
    }
    let def = space.get(id);
    Some(match &def.kind {
        TypeKind::Primitive(Primitive::String) => format!("{:?}", wire.replace(['{', '}'], "")),
        TypeKind::Primitive(Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64) => "42".to_owned(),
        TypeKind::Primitive(Primitive::F64) => "1.0".to_owned(),
        TypeKind::Primitive(Primitive::Bool) => "true".to_owned(),
        TypeKind::Primitive(Primitive::Uuid) => "uuid::Uuid::nil()".to_owned(),
        TypeKind::Struct(s) if s.fields.iter().all(|f| !f.required || f.ty.nullable || plan.types.is_any(f.ty)) => {
            let name = def.name.as_deref()?;
            format!("&{krate}::types::{name}::default()")
        }
        _ => return None,
    })
}
