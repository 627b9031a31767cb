//! The client module's docs: what it does, a usage example (a `no_run` doctest, so that it is compiled), and each
//! call's method docs with an example of its own.

use crate::ident::ident;
use crate::plan::client::{ClientOperation, ClientPlan, Input, ServerItem, Takes};
use crate::plan::Plan;
use oagen_ir::{Encoding, Primitive, SecurityKind, TypeKind, TypeRef};
use proc_macro2::TokenStream;

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

/// Doc lines of a usage example: the client built for the first server with the first credential, and the first
/// call whose example needs nothing but the client.
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
        if let Some(value) = example_value(plan, h.param_ty, &h.wire, krate, true) {
            setup.push_str(&format!("\n    .{}({value})", h.client_setter));
        }
    }
    setup.push_str("\n    .with_timeout(Duration::from_secs(30));");
    let call = client.groups.iter().flat_map(|g| &g.operations).find_map(|i| {
        let example = call_example(plan, *i, &client.operations[*i], false)?;
        example.hidden.is_empty().then_some(example.call)
    });
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
        lines.extend(call);
        lines.push("# let _ = response;".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

/// A call as an example writes it: its lines (`let response = client..await?;`) and what it takes from the
/// example's hidden signature (arguments whose values cannot be written simply: a name and its type).
struct CallExample {
    call: Vec<String>,
    hidden: Vec<(String, String)>,
}

/// The example of the call `c` of the operation `index`: its positional arguments, every required setter, and one
/// optional setter whose value can be written simply (when `one_setter`).
fn call_example(plan: &Plan<'_>, index: usize, c: &ClientOperation, one_setter: bool) -> Option<CallExample> {
    let krate = &plan.lib_name;
    let op = plan.operations[index].op;
    let mut hidden = Vec::new();
    let mut args = Vec::new();
    for arg in &c.args {
        let value = match arg.param.map(|i| &op.parameters[i]) {
            Some(p) => example_value(plan, p.ty, &p.wire_name, krate, true),
            None => op.body.as_ref().and_then(|b| {
                let json = matches!(b.content.encoding, Encoding::Json | Encoding::Form);
                json.then(|| example_value(plan, b.content.ty, "body", krate, true)).flatten()
            }),
        };
        match value {
            Some(v) if matches!(arg.ty, crate::plan::RustType::Option(_)) && v != "None" => {
                args.push(format!("Some({v})"))
            }
            Some(v) => args.push(v),
            None => {
                hidden.push((arg.name.clone(), doc_type(&arg.ty.to_string(), krate)));
                args.push(arg.name.clone());
            }
        }
    }
    let mut setters = Vec::new();
    for s in c.setters.iter().filter(|s| s.state.is_some()) {
        let Input::Param(i) = s.input else { continue };
        let p = &op.parameters[i];
        match example_value(plan, p.ty, &p.wire_name, krate, false) {
            Some(v) => setters.push(format!(".{}({v})", ident(&s.name))),
            None => {
                let ty = s.field.as_ref().map(|(_, ty)| ty.to_string()).unwrap_or_default();
                hidden.push((s.name.clone(), doc_type(&ty, krate)));
                setters.push(format!(".{}({})", ident(&s.name), s.name));
            }
        }
    }
    if one_setter {
        // A parameter of the call's own first, else the body, else a hoisted parameter.
        let value = |s: &&crate::plan::client::Setter| match s.input {
            Input::Param(i) => {
                let p = &op.parameters[i];
                example_value(plan, p.ty, &p.wire_name, krate, false)
            }
            Input::Body => op.body.as_ref().and_then(|b| {
                let json = matches!(b.content.encoding, Encoding::Json | Encoding::Form);
                json.then(|| example_value(plan, b.content.ty, "body", krate, true)).flatten()
            }),
            Input::Hoisted(h) => {
                let h = &plan.client.as_ref()?.hoisted[h];
                example_value(plan, h.param_ty, &h.wire, krate, true)
            }
        };
        let rank = |s: &&crate::plan::client::Setter| match s.input {
            Input::Param(_) => 0,
            Input::Body => 1,
            Input::Hoisted(_) => 2,
        };
        let mut optional: Vec<&crate::plan::client::Setter> = c.setters.iter().filter(|s| s.state.is_none()).collect();
        optional.sort_by_key(rank);
        let first = optional.iter().find_map(|s| {
            let v = value(s).filter(|v| v != "None")?;
            let v = if matches!(s.takes, Takes::Value(crate::plan::RustType::Option(_))) {
                format!("Some({v})")
            } else {
                v
            };
            Some(format!(".{}({v})", ident(&s.name)))
        });
        setters.extend(first);
    }
    let start = format!("{}({})", call_path(c), args.join(", "));
    let one_line = format!("let response = {start}{}.await?;", setters.concat());
    let call = if one_line.len() <= 100 - 4 {
        vec![one_line]
    } else {
        // As rustfmt breaks a chain: one call a line.
        let path = call_path(c);
        let mut links = path.split('.');
        let mut call = vec![format!("let response = {}", links.next().unwrap_or("client"))];
        let links: Vec<&str> = links.collect();
        for (i, link) in links.iter().enumerate() {
            let args = if i + 1 == links.len() { format!("({})", args.join(", ")) } else { String::new() };
            call.push(format!("    .{link}{args}"));
        }
        call.extend(setters.iter().map(|s| format!("    {s}")));
        call.push("    .await?;".to_owned());
        call
    };
    Some(CallExample { call, hidden })
}

/// The call's start as an example writes it: `client.interactions().update`.
fn call_path(c: &ClientOperation) -> String {
    let mut parts: Vec<String> = c.receiver.split('.').map(str::to_owned).collect();
    if let Some(last) = parts.last_mut() {
        *last = ident(last).to_string();
    }
    parts.join(".")
}

/// A generated type as a doctest outside the crate names it: models and multipart bodies by the crate's path, no
/// lifetime.
fn doc_type(ty: &str, krate: &str) -> String {
    let ty = ty.replace("&'a ", "&").replace("BTreeMap<", "std::collections::BTreeMap<");
    let mut out = String::new();
    let mut rest = ty.as_str();
    while let Some(at) = rest.find(|c: char| c.is_ascii_alphabetic()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        for (prefix, path) in [("types::", "types::"), ("multipart::", "multipart::"), ("rt::", "client::")] {
            if rest.starts_with(prefix) {
                out.push_str(&format!("{krate}::{path}"));
                rest = &rest[prefix.len()..];
                break;
            }
        }
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The docs of the method starting the call `c` of the operation `index`: summary, description, endpoint, its
/// arguments, its builder's setters, the responses, the response headers, and an example.
pub(super) fn method_docs(plan: &Plan<'_>, index: usize, c: &ClientOperation) -> TokenStream {
    let o = &plan.operations[index];
    let op = o.op;
    let mut doc: Vec<String> = Vec::new();
    doc.extend(op.summary.clone());
    doc.extend(op.description.clone());
    let mut sig = o.endpoint.clone();
    if let Some(id) = &op.operation_id {
        sig.push_str(&format!(" (operationId `{id}`)"));
    }
    doc.push(sig);
    if !c.args.is_empty() {
        let arg_docs: Vec<&str> = c.args.iter().map(|a| a.doc.as_str()).collect();
        doc.push(format!("Arguments:\n{}", arg_docs.join("\n")));
    }
    let builder = &c.builder.name;
    // rustdoc's links cannot name a raw identifier (`r#ref`): such a setter is named, not linked.
    let link = |s: &crate::plan::client::Setter| match ident(&s.name).to_string() {
        raw if raw.starts_with("r#") => format!("`{raw}`"),
        name => format!("[`{}`]({builder}::{name})", s.name),
    };
    let required: Vec<String> = c.setters.iter().filter(|s| s.state.is_some()).map(link).collect();
    let optional: Vec<String> = c.setters.iter().filter(|s| s.state.is_none()).map(link).collect();
    let mut returns = format!("Returns the call ([`{builder}`]), sent when it is awaited.");
    if !required.is_empty() {
        returns.push_str(&format!(" Required before it can be sent: {}.", required.join(", ")));
    }
    if !optional.is_empty() {
        returns.push_str(&format!(" Optional: {}.", optional.join(", ")));
    }
    if c.paging.is_some() {
        returns.push_str(&format!(
            " It paginates: [`pages`]({builder}::pages) and [`items`]({builder}::items) are the streams of its pages \
             and items."
        ));
    }
    doc.push(returns);
    doc.push(format!("Responses:\n{}", c.responses.docs.join("\n")));
    if let Some(h) = &c.response_headers {
        doc.push(format!(
            "Response headers: [`{}::ResponseHeaders`], from the headers of an `ApiResponse` (`with_response()`).",
            h.module
        ));
    }
    if let Some(example) = call_example(plan, index, c, true) {
        let krate = &plan.lib_name;
        let fence = if plan.doctests { "```no_run" } else { "```ignore" };
        let mut params = vec![format!("client: &{krate}::client::Client")];
        params.extend(example.hidden.iter().map(|(name, ty)| format!("{}: {ty}", ident(name))));
        let mut lines = vec![
            fence.to_owned(),
            format!("# async fn example({}) -> Result<(), {krate}::client::Error> {{", params.join(", ")),
        ];
        lines.extend(example.call);
        lines.extend(["# let _ = response;", "# Ok(())", "# }", "```"].map(str::to_owned));
        // Written as it is: the example is code, not the spec's markdown.
        let lines = std::iter::once(String::new()).chain(lines.into_iter().map(|l| format!(" {l}")));
        let docs = crate::docs::doc_attrs(doc.iter().map(String::as_str));
        return quote::quote!(#docs #(#[doc = #lines])*);
    }
    crate::docs::doc_attrs(doc.iter().map(String::as_str))
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

/// A value of type `ty` written simply (text after the parameter's wire name, `42`, `true`, a nil UUID, the first
/// value of an enum, the default of a struct whose fields all have one), `&`-borrowed where the call takes a
/// reference (`borrowed`); `None` when there is no such value.
fn example_value(plan: &Plan<'_>, ty: TypeRef, wire: &str, krate: &str, borrowed: bool) -> Option<String> {
    let space = &plan.api.types;
    let (id, alias_nullable) = plan.types.resolve(ty);
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
            let amp = if borrowed { "&" } else { "" };
            format!("{amp}{krate}::types::{name}::default()")
        }
        TypeKind::Enum(e) if !borrowed => {
            let (name, first) = (def.name.as_deref()?, e.values.first()?);
            format!("{krate}::types::{name}::{}", first.name)
        }
        _ => return None,
    })
}
