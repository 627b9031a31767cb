//! One operation's call, as the user writes it: the method takes what the call cannot do without (the path
//! parameters in template order, then a required body) and returns a request builder; every other input is a
//! setter of the builder (optional parameters by wire name, a required query, header or cookie parameter as a
//! setter the builder's type requires before it can be sent, an optional body, the hoisted parameters the call may
//! override). Also the path as literal pieces and locals, and how the body is encoded.

use super::model::{
    Arg, BodyAt, Builder, ClientBody, ClientOperation, ClientPlan, ClientResponses, Encode, Hoisted, Input, PathPart,
    Setter, Takes, MODULE_ITEMS,
};
use crate::ident::text as ident_text;
use crate::ident::KEYWORDS;
use crate::plan::http;
use crate::plan::operation::{BodyPlan, OperationPlan};
use crate::plan::rust_type::{RustType, Types};
use oagen_ir::naming::{self, Namespace, RESERVED_TYPE_NAMES};
use oagen_ir::{Encoding, ParamLocation, PathPiece, Primitive, TypeKind, TypeRef};

/// Names a call keeps for itself besides its setters: the runtime's methods of every call
/// ([`oagen_runtime::names::CALL_METHODS`]), the paginated forms, and trait methods a setter would shadow.
fn builder_methods() -> Namespace {
    let mut names = Namespace::with_reserved(oagen_runtime::names::CALL_METHODS);
    for own in ["pages", "items", "into_future", "options_mut", "send_as", "clone", "fmt"] {
        names.claim(own);
    }
    names
}

/// Locals of a call's `send_as` besides its path parameters' segments.
const LOCALS: &[&str] = &[
    "self", "sender", "client", "request", "response", "parts", "path", "url", "timeout", "query", "headers",
    "cookies", "head", "result", "value",
];

impl ClientPlan {
    /// The call of `plan`'s operation: its method `method` (tagged when `grouped`), returning the builder
    /// `builder`, answered as `responses` says.
    pub(super) fn operation(
        &self,
        types: &Types<'_>,
        plan: &OperationPlan<'_>,
        method: String,
        grouped: bool,
        builder: String,
        responses: ClientResponses,
    ) -> ClientOperation {
        let op = plan.op;
        let mut fields = Namespace::with_reserved(LOCALS);
        let mut setter_names = builder_methods();
        // Path parameters in the order the template names them.
        let mut order: Vec<usize> = Vec::new();
        for name in oagen_ir::path_placeholders(&op.path) {
            let found = op.parameters.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name);
            if let Some(i) = found.filter(|i| !order.contains(i)) {
                order.push(i);
            }
        }
        let mut args: Vec<Arg> = order.iter().map(|i| path_arg(types, plan, *i, &mut fields)).collect();
        let path = path_parts(plan, &args);
        let mut hoisted = Vec::new();
        let mut setters = Vec::new();
        for (i, p) in op.parameters.iter().enumerate().filter(|(_, p)| p.location != ParamLocation::Path) {
            match self.hoisted.iter().position(|h| h.location == p.location && h.wire == p.wire_name) {
                Some(h) => hoisted.push((h, p.required)),
                None => setters.push(param_setter(types, plan, i, &mut fields, &mut setter_names)),
            }
        }
        let body = plan.body.as_ref().map(|b| {
            let (body, arg, setter) = self.body(types, b, &mut fields, &mut setter_names);
            match (arg, setter) {
                (Some(arg), _) => {
                    args.push(arg);
                    ClientBody { at: BodyAt::Arg(args.len() - 1), ..body }
                }
                (None, Some(setter)) => {
                    setters.push(setter);
                    ClientBody { at: BodyAt::Setter(setters.len() - 1), ..body }
                }
                (None, None) => body,
            }
        });
        // The hoisted parameters this call may set for itself, after its own inputs.
        for (h, _) in &hoisted {
            setters.push(hoisted_setter(&self.hoisted[*h], *h, &mut setter_names));
        }
        let mut generics = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        for taken in MODULE_ITEMS.iter().chain([&builder.as_str()]) {
            generics.claim(taken);
        }
        for s in setters.iter_mut().filter(|s| s.state.is_some()) {
            let name = s.field.as_ref().map_or("value", |(f, _)| f.as_str());
            s.state = Some(generics.claim_type(&naming::type_name(name)));
        }
        let states = setters.iter().filter_map(|s| s.state.clone()).collect();
        let lends = |ty: &RustType| ty.any(&|t| matches!(t, RustType::RefLt(_)));
        let borrows = args.iter().any(|a| lends(&a.ty))
            || setters.iter().any(|s| s.field.as_ref().is_some_and(|(_, t)| lends(t)));
        let security = if op.security.is_empty() || self.credentials.is_empty() {
            Vec::new()
        } else {
            op.security
                .iter()
                .map(|alt| {
                    alt.iter()
                        .filter_map(|i| self.credentials.iter().find(|c| c.scheme == *i))
                        .map(|c| c.variant.clone())
                        .collect()
                })
                .collect()
        };
        let id = op.operation_id.clone().unwrap_or_else(|| method.clone());
        ClientOperation {
            method,
            grouped,
            builder: Builder { name: builder, states, clone: false, borrows },
            args,
            setters,
            path,
            body,
            security,
            responses,
            id,
            template: op.path.clone(),
            hoisted,
            response_headers: None,
            accept: None,
            events_method: None,
            paging: None,
            receiver: String::new(),
            link: String::new(),
        }
    }

    /// The body's encoding, and its positional argument (a required body) or its setter (an optional one).
    fn body(
        &self,
        types: &Types<'_>,
        body: &BodyPlan<'_>,
        fields: &mut Namespace,
        setter_names: &mut Namespace,
    ) -> (ClientBody, Option<Arg>, Option<Setter>) {
        let content = &body.ir.content;
        let required = body.ir.required;
        // The type the call holds: borrowed for JSON, form and text bodies, by value for uploads and forms.
        let (ty, by_value, encode) = match content.encoding {
            Encoding::Json | Encoding::Form => {
                let encode = if content.encoding == Encoding::Json { Encode::Json } else { Encode::Form };
                let (ty, by_value) = borrowed(types, TypeRef { nullable: false, ..content.ty });
                (ty, by_value, encode)
            }
            Encoding::Text | Encoding::EventStream => (RustType::STR.borrowed(), false, Encode::Text),
            Encoding::Binary => (RustType::Path("rt::Upload"), true, Encode::Binary),
            Encoding::Multipart => match &body.field_ty {
                RustType::Multipart(name) => (RustType::Multipart(name.clone()), true, Encode::TypedMultipart),
                RustType::Option(inner) if matches!(**inner, RustType::Multipart(_)) => {
                    ((**inner).clone(), true, Encode::TypedMultipart)
                }
                _ => (RustType::Path("reqwest::multipart::Form"), true, Encode::Multipart),
            },
        };
        let planned = ClientBody {
            at: BodyAt::Arg(0),
            encode,
            content_type: http::content_type(content),
            nullable: body.nullable,
            by_value,
        };
        let description = body.ir.description.as_ref().map(|d| d.replace('\n', " "));
        if required {
            let name = fields.claim("body");
            let ty = if body.nullable { ty.optional() } else { ty };
            let mut doc = format!("- `{}`: the request body (`{}`)", ident_text(&name), content.media_type);
            if body.nullable {
                doc.push_str(", `None` sends `null`");
            }
            if let Some(d) = &description {
                doc.push_str(": ");
                doc.push_str(d);
            }
            let arg = Arg { name, ty: ty.lent(), by_value, doc, param: None, segment: None };
            return (planned, Some(arg), None);
        }
        let field = fields.claim("body");
        let name = setter_names.claim("body");
        // A text body is taken as any text; the others as the call holds them.
        let (takes, held) = match encode {
            Encode::Text => (Takes::Text, RustType::STRING),
            _ if body.nullable => (Takes::Value(ty.lent().optional()), ty.lent().optional()),
            _ => (Takes::Value(ty.lent()), ty.lent()),
        };
        let mut docs = vec![format!(
            "Sets the request body (`{}`); without it, the call sends none.{}",
            content.media_type,
            if body.nullable { " `None` sends `null`." } else { "" }
        )];
        docs.extend(description);
        let setter = Setter {
            name,
            input: Input::Body,
            takes,
            field: Some((field, held.optional())),
            state: None,
            docs,
            deprecated: false,
        };
        (planned, None, Some(setter))
    }
}

/// The positional argument of the path parameter `index`.
fn path_arg(types: &Types<'_>, plan: &OperationPlan<'_>, index: usize, fields: &mut Namespace) -> Arg {
    let op = plan.op;
    let p = &op.parameters[index];
    let name = fields.claim(&p.name);
    let (ty, by_value) = borrowed(types, p.ty);
    let ty = if types.admits_null(p.ty) { ty.optional() } else { ty };
    let mut doc = format!("- `{}`: path parameter `{}`", ident_text(&name), p.wire_name);
    if let Some(d) = &p.description {
        doc.push_str(": ");
        doc.push_str(&d.replace('\n', " "));
    }
    let whole = op.path.split('/').any(|seg| seg == format!("{{{}}}", p.wire_name));
    let local =
        if KEYWORDS.contains(&name.as_str()) { fields.claim(&format!("{}_segment", p.name)) } else { name.clone() };
    Arg { name, ty: ty.lent(), by_value, doc, param: Some(index), segment: Some((local, whole)) }
}

/// The path: literal text as sent, and the locals of the encoded path parameters.
fn path_parts(plan: &OperationPlan<'_>, args: &[Arg]) -> Vec<PathPart> {
    let op = plan.op;
    let mut path = Vec::new();
    for piece in oagen_ir::path_pieces(&op.path) {
        let part = match piece {
            PathPiece::Literal(text) => PathPart::Literal(oagen_ir::encode_path_literal(text)),
            PathPiece::Param(name) => {
                let local = args
                    .iter()
                    .find(|a| a.param.is_some_and(|i| op.parameters[i].wire_name == name))
                    .and_then(|a| a.segment.as_ref());
                match local {
                    Some((local, _)) => PathPart::Value(local.clone()),
                    None => PathPart::Literal(oagen_ir::encode_path_literal(&format!("{{{name}}}"))),
                }
            }
        };
        match (path.last_mut(), part) {
            (Some(PathPart::Literal(before)), PathPart::Literal(text)) => before.push_str(&text),
            (_, part) => path.push(part),
        }
    }
    path
}

/// The setter of the query, header or cookie parameter `index`: required ones are the builder's type parameters.
fn param_setter(
    types: &Types<'_>,
    plan: &OperationPlan<'_>,
    index: usize,
    fields: &mut Namespace,
    setter_names: &mut Namespace,
) -> Setter {
    let p = &plan.op.parameters[index];
    let snake = naming::snake_name(&p.name);
    let field = fields.claim(&snake);
    let name = setter_names.claim(&snake);
    let (takes, held) = owned(types, p.ty);
    let place = http::location_word(p.location);
    let mut first = format!("Sets the {place} parameter `{}`", p.wire_name);
    first.push_str(if p.required {
        ", which the call requires: it cannot be sent (it does not compile) until this is called."
    } else {
        "; without it, the call leaves it out."
    });
    let mut docs = vec![first];
    docs.extend(p.description.clone());
    docs.extend(rules_doc(types, p));
    let (field_ty, state) = if p.required { (held, Some(String::new())) } else { (held.optional(), None) };
    Setter {
        name,
        input: Input::Param(index),
        takes,
        field: Some((field, field_ty)),
        state,
        docs,
        deprecated: p.deprecated,
    }
}

/// What the spec says a parameter's value may be, as a sentence: its enum values, bounds, pattern, and the default the
/// server assumes (never sent).
fn rules_doc(types: &Types<'_>, p: &oagen_ir::Parameter) -> Option<String> {
    let space = types.space();
    let mut rules: Vec<String> = Vec::new();
    let values = |ty: TypeRef| match &space.get(types.resolve(ty).0).kind {
        TypeKind::Enum(e) => Some(e.values.iter().map(|v| format!("`{}`", v.wire)).collect::<Vec<_>>().join(", ")),
        _ => None,
    };
    let listed = match &space.get(types.resolve(p.ty).0).kind {
        TypeKind::List(item) => values(*item),
        _ => None,
    };
    if let Some(v) = values(p.ty) {
        rules.push(format!("one of {v}"));
    } else if let Some(v) = listed {
        rules.push(format!("each one of {v}"));
    }
    let c = &p.constraints;
    let number = |n: f64| if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() };
    if let Some(min) = c.minimum {
        rules.push(format!("{} {}", if c.exclusive_minimum { "above" } else { "at least" }, number(min)));
    }
    if let Some(max) = c.maximum {
        rules.push(format!("{} {}", if c.exclusive_maximum { "below" } else { "at most" }, number(max)));
    }
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => rules.push(format!("{min} to {max} characters")),
        (Some(min), None) => rules.push(format!("at least {min} characters")),
        (None, Some(max)) => rules.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    match (c.min_items, c.max_items) {
        (Some(min), Some(max)) => rules.push(format!("{min} to {max} items")),
        (Some(min), None) => rules.push(format!("at least {min} items")),
        (None, Some(max)) => rules.push(format!("at most {max} items")),
        (None, None) => {}
    }
    if let Some(pattern) = &c.pattern {
        rules.push(format!("matching `{}`", pattern.replace('`', "'")));
    }
    let mut out = String::new();
    if !rules.is_empty() {
        out.push_str(&format!("The spec allows {}.", rules.join(", ")));
    }
    if let Some(default) = &p.default {
        if !out.is_empty() {
            out.push(' ');
        }
        let shown = serde_json::to_string(default).unwrap_or_default();
        out.push_str(&format!(
            "Left out, the server assumes `{}` (the client never sends it).",
            shown.replace('`', "'")
        ));
    }
    (!out.is_empty()).then_some(out)
}

/// The setter of the hoisted parameter `index` (`h`) for one call.
fn hoisted_setter(h: &Hoisted, index: usize, setter_names: &mut Namespace) -> Setter {
    let place = http::location_word(h.location);
    let mut first = format!(
        "Sets the {place} parameter `{}` of this call, overriding the client's ([`Client::{}`]).",
        h.wire, h.client_setter
    );
    if h.required {
        first.push_str(" Required: the call fails when it is set neither here nor on the client.");
    }
    let mut docs = vec![first];
    docs.extend(h.description.clone());
    let takes = match &h.ty {
        RustType::Ref(inner) if **inner == RustType::STR => Takes::Text,
        ty => Takes::Value(ty.lent()),
    };
    Setter {
        name: setter_names.claim(&h.call_setter),
        input: Input::Hoisted(index),
        takes,
        field: None,
        state: None,
        docs,
        deprecated: false,
    }
}

/// How a call holds a path parameter, a body or a client setting of type `ty` (its `null` aside), and whether by
/// value: strings, bytes, lists and structures borrowed, other scalars by value.
pub(super) fn borrowed(types: &Types<'_>, ty: TypeRef) -> (RustType, bool) {
    let space = types.space();
    let (id, _) = types.resolve(ty);
    match &space.get(id).kind {
        TypeKind::Primitive(Primitive::String) => (RustType::STR.borrowed(), false),
        TypeKind::Primitive(Primitive::Bytes) => (RustType::Path("[u8]").borrowed(), false),
        // By value, named as the spec names it (`types::Uuid` where the spec has a `Uuid` schema).
        TypeKind::Primitive(_) => (types.base(TypeRef { nullable: false, ..ty }), true),
        TypeKind::List(item) => (RustType::Slice(Box::new(types.nullable(*item))).borrowed(), false),
        TypeKind::Any => (RustType::JSON.borrowed(), false),
        _ => (types.base(TypeRef { nullable: false, ..ty }).borrowed(), false),
    }
}

/// How a setter takes a parameter of type `ty`, and the type the builder keeps it as: text as `impl Into<String>`,
/// a list of text as any iterator of text, everything else by value (`Option` when `null` is allowed).
fn owned(types: &Types<'_>, ty: TypeRef) -> (Takes, RustType) {
    let space = types.space();
    let (id, _) = types.resolve(ty);
    if types.admits_null(ty) {
        let held = types.nullable(ty);
        return (Takes::Value(held.clone()), held);
    }
    let text = |r: TypeRef| {
        let (id, alias_nullable) = types.resolve(r);
        !r.nullable && !alias_nullable && matches!(space.get(id).kind, TypeKind::Primitive(Primitive::String))
    };
    match &space.get(id).kind {
        TypeKind::Primitive(Primitive::String) => (Takes::Text, RustType::STRING),
        TypeKind::List(item) if text(*item) => (Takes::Texts, RustType::Vec(Box::new(RustType::STRING))),
        _ => {
            let held = types.base(TypeRef { nullable: false, ..ty });
            (Takes::Value(held.clone()), held)
        }
    }
}
