//! How an operation's responses are answered by the client: the return type, the arms of the `match` on the
//! status (identical answers share an arm, runs of statuses become ranges), the success enum, the doc line of each
//! response, and the error bodies de-duplicated by type with how each body's message is reached.

use super::model::{Answer, Arm, ClientPlan, ClientResponses, ErrorBody, MessagePath, Pattern, SuccessEnum};
use crate::plan::http::{self, Held};
use crate::plan::operation::{OperationPlan, ResponsePlan};
use crate::plan::rust_type::{RustType, Types};
use oagen_ir::naming::{self, Namespace};
use oagen_ir::{Encoding, Primitive, StatusCode, TypeKind, TypeRef};

impl ClientPlan {
    /// The return type, the arms in match order, the success enum when needed, and the docs of each response;
    /// error bodies are registered as they are first met.
    pub(super) fn responses(
        &mut self,
        types: &Types<'_>,
        all: &[OperationPlan<'_>],
        plan: &OperationPlan<'_>,
        module_names: &mut Namespace,
        error_names: &mut Namespace,
    ) -> ClientResponses {
        let op = plan.op;
        if plan.responses.is_empty() {
            self.raw_response = true;
            return ClientResponses {
                ret: RustType::Local("RawResponse".to_owned()),
                success_enum: None,
                arms: vec![Arm { patterns: vec![Pattern::Rest], answer: Answer::Raw }],
                docs: vec!["- none documented: every response is returned as it came.".to_owned()],
                streams: false,
            };
        }
        let has_success = plan.responses.iter().any(|r| http::is_success(r.ir.status));
        // Responses in match order: exact codes, ranges, default.
        let mut ordered: Vec<&ResponsePlan<'_>> = Vec::new();
        ordered.extend(plan.responses.iter().filter(|r| matches!(r.ir.status, StatusCode::Code(_))));
        ordered.extend(plan.responses.iter().filter(|r| matches!(r.ir.status, StatusCode::Range(_))));
        ordered.extend(plan.responses.iter().filter(|r| matches!(r.ir.status, StatusCode::Default)));
        // Which responses are successes: 2xx, and `default` for 2xx statuses when nothing else is a success.
        let successes: Vec<&ResponsePlan<'_>> = plan
            .responses
            .iter()
            .filter(|r| http::is_success(r.ir.status) || (!has_success && r.ir.status == StatusCode::Default))
            .collect();
        let held_ty = |held: &Option<Held>| held.as_ref().map_or(RustType::UNIT, Held::ty);
        let mut distinct: Vec<RustType> = Vec::new();
        for r in &successes {
            let t = held_ty(&r.held);
            if !distinct.contains(&t) {
                distinct.push(t);
            }
        }
        let enum_name =
            (distinct.len() > 1).then(|| module_names.claim_type(&format!("{}Response", naming::type_name(&op.name))));
        let ret = match (&enum_name, successes.first()) {
            (Some(name), _) => RustType::Local(name.clone()),
            (None, Some(r)) => held_ty(&r.held),
            (None, None) => RustType::UNIT,
        };
        let mut docs = Vec::new();
        let mut arms = Vec::new();
        let mut variants = Vec::new();
        for r in &ordered {
            let status = http::status_text(r.ir.status);
            // The result first, then the spec's description as a sentence of its own.
            let desc =
                r.ir.description
                    .as_deref()
                    .map(sentence)
                    .filter(|d| !d.is_empty())
                    .map(|d| format!(" {d}"))
                    .unwrap_or_default();
            let pattern = match r.ir.status {
                StatusCode::Code(c) => Pattern::Code(c),
                StatusCode::Range(c) => Pattern::Class(c),
                StatusCode::Default => Pattern::Rest,
            };
            let success = |variants: &mut Vec<(String, Option<RustType>, String)>| match &enum_name {
                Some(name) => {
                    let t = r.held.as_ref().map(Held::ty);
                    variants.push((r.ir.name.clone(), t, status.clone()));
                    (
                        Answer::Success { read: r.held.clone(), variant: Some(r.ir.name.clone()) },
                        format!("`{name}::{}`", r.ir.name),
                    )
                }
                None => {
                    (Answer::Success { read: r.held.clone(), variant: None }, format!("`Ok({})`", held_ty(&r.held)))
                }
            };
            // An error status's body is read whole, whatever a success's is.
            let whole = r.held.as_ref().map(Held::whole);
            if http::is_success(r.ir.status) {
                let (answer, shown) = success(&mut variants);
                docs.push(format!("- `{status}`: {shown}.{desc}"));
                push_arm(&mut arms, pattern, answer);
            } else if r.ir.status == StatusCode::Default {
                if !has_success {
                    let (answer, shown) = success(&mut variants);
                    docs.push(format!("- `default` with a 2xx status: {shown}.{desc}"));
                    push_arm(&mut arms, Pattern::Class(2), answer);
                }
                let (answer, shown) = self.failure(types, all, &whole, &status, error_names);
                docs.push(format!("- `default` (any other status): {shown}.{desc}"));
                push_arm(&mut arms, Pattern::Rest, answer);
            } else {
                let (answer, shown) = self.failure(types, all, &whole, &status, error_names);
                docs.push(format!("- `{status}`: {shown}.{desc}"));
                push_arm(&mut arms, pattern, answer);
            }
        }
        if !plan.responses.iter().any(|r| r.ir.status == StatusCode::Default) {
            push_arm(&mut arms, Pattern::Rest, Answer::Unexpected);
            docs.push("- any other status: `Error::UnexpectedStatus`.".to_owned());
        }
        for arm in &mut arms {
            arm.patterns = runs(&arm.patterns);
        }
        let streams = successes.iter().any(|r| r.held.as_ref().is_some_and(Held::streams));
        let success_enum = enum_name.map(|name| SuccessEnum { name, variants, operation: op.name.clone(), streams });
        ClientResponses { ret, success_enum, arms, docs, streams }
    }

    /// The answer to a documented error status (registering its body's type), and how the docs show it.
    fn failure(
        &mut self,
        types: &Types<'_>,
        all: &[OperationPlan<'_>],
        held: &Option<Held>,
        status: &str,
        error_names: &mut Namespace,
    ) -> (Answer, String) {
        let shown_status = format!("`{status}`");
        // One variant per Rust type: a JSON string and a text body are one `String`.
        let ty = held.as_ref().map(Held::ty);
        let index = match self.errors.iter().position(|e| e.read.as_ref().map(Held::ty) == ty) {
            Some(i) => {
                let statuses = &mut self.errors[i].statuses;
                if !statuses.contains(&shown_status) {
                    statuses.push(shown_status);
                }
                i
            }
            None => {
                let name = match held {
                    None => "Empty".to_owned(),
                    Some(Held::Text | Held::Events { .. }) => error_names.claim_type_free("Text"),
                    Some(Held::Bytes | Held::ByteStream) => error_names.claim_type_free("Bytes"),
                    Some(Held::Decoded(RustType::Model { name, qualified: true })) => error_names.claim_type_free(name),
                    Some(Held::Decoded(_)) => error_names.claim_type_free("Json"),
                };
                let message = match held {
                    Some(Held::Decoded(_)) => message_path(types, all, held),
                    Some(Held::Text) => Some(MessagePath::Text),
                    _ => None,
                };
                self.errors.push(ErrorBody { name, read: held.clone(), message, statuses: vec![shown_status] });
                self.errors.len() - 1
            }
        };
        let shown = format!("`Error::Api` with `ErrorBody::{}`", self.errors[index].name);
        let answer = match held {
            None => Answer::FailureWithoutBody,
            Some(read) => Answer::Failure { body: Some(index), read: read.clone() },
        };
        (answer, shown)
    }
}

/// Adds an arm, or the pattern to an earlier arm that answers alike and whose patterns are of the same kind: exact
/// statuses are disjoint and all come before the classes, which come before the rest, so merging within a kind
/// keeps what each status matches.
fn push_arm(arms: &mut Vec<Arm>, pattern: Pattern, answer: Answer) {
    let same_kind = |p: &Pattern| std::mem::discriminant(p) == std::mem::discriminant(&pattern);
    let mergeable = pattern != Pattern::Rest;
    match arms.iter_mut().find(|a| mergeable && a.answer == answer && a.patterns.iter().all(same_kind)) {
        Some(arm) => arm.patterns.push(pattern),
        None => arms.push(Arm { patterns: vec![pattern], answer }),
    }
}

/// An arm's exact statuses in order, each run of three or more consecutive ones as one [`Pattern::Codes`]; other
/// patterns (an arm never mixes kinds) unchanged.
pub(super) fn runs(patterns: &[Pattern]) -> Vec<Pattern> {
    let mut codes: Vec<u16> =
        patterns.iter().filter_map(|p| if let Pattern::Code(c) = p { Some(*c) } else { None }).collect();
    if codes.len() != patterns.len() {
        return patterns.to_vec();
    }
    codes.sort_unstable();
    let mut out = Vec::with_capacity(codes.len());
    let mut i = 0;
    while i < codes.len() {
        let mut j = i;
        while j + 1 < codes.len() && codes[j + 1] == codes[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            out.push(Pattern::Codes(codes[i], codes[j]));
        } else {
            out.extend(codes[i..=j].iter().map(|c| Pattern::Code(*c)));
        }
        i = j + 1;
    }
    out
}

/// Free text as a sentence on one line: capitalised, ending in a full stop (`not found` -> `Not found.`,
/// `Created.` stays).
pub(crate) fn sentence(text: &str) -> String {
    let mut line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(first) = line.get(..1).filter(|c| c.bytes().all(|b| b.is_ascii_lowercase())) {
        let upper = first.to_ascii_uppercase();
        line.replace_range(..1, &upper);
    }
    if line.is_empty() || line.ends_with(['.', '!', '?', ':']) {
        line
    } else {
        format!("{line}.")
    }
}

/// How the API's own message is read from an error body of the type `held` holds: a string property named like a
/// message, directly or inside a required object property (`error.message`). The type is that of the first JSON
/// response (in operation order) held the same way.
fn message_path(types: &Types<'_>, all: &[OperationPlan<'_>], held: &Option<Held>) -> Option<MessagePath> {
    let ty = all
        .iter()
        .flat_map(|o| o.responses.iter())
        .filter(|r| r.ir.content.as_ref().is_some_and(|c| c.encoding == Encoding::Json))
        .find(|r| r.held == *held)?
        .ir
        .content
        .as_ref()?
        .ty;
    if ty.nullable {
        return None;
    }
    const NAMES: &[&str] =
        &["message", "detail", "error_description", "error_message", "error", "title", "msg", "description"];
    let space = types.space();
    let fields = |r: TypeRef| -> Vec<oagen_ir::Field> {
        let (id, _) = types.resolve(r);
        match &space.get(id).kind {
            TypeKind::Struct(s) => s.fields.clone(),
            _ => Vec::new(),
        }
    };
    let is_string = |r: TypeRef| {
        let (id, _) = types.resolve(r);
        matches!(space.get(id).kind, TypeKind::Primitive(Primitive::String))
    };
    let access = |f: &oagen_ir::Field, outer: Option<&str>| -> Option<MessagePath> {
        let (_, alias_nullable) = types.resolve(f.ty);
        let nullable = f.ty.nullable || alias_nullable;
        let optional = match (f.required, nullable) {
            (true, false) => false,
            (true, true) | (false, false) => true,
            (false, true) => return None,
        };
        Some(MessagePath::Field { outer: outer.map(str::to_owned), field: f.name.clone(), optional })
    };
    let top = fields(ty);
    for wanted in NAMES {
        if let Some(f) = top.iter().find(|f| f.name == *wanted && is_string(f.ty)) {
            if let Some(a) = access(f, None) {
                return Some(a);
            }
        }
    }
    for outer in top.iter().filter(|f| f.required && !f.ty.nullable && !types.resolve(f.ty).1) {
        let inner = fields(outer.ty);
        for wanted in NAMES {
            if let Some(f) = inner.iter().find(|f| f.name == *wanted && is_string(f.ty)) {
                if let Some(a) = access(f, Some(&outer.name)) {
                    return Some(a);
                }
            }
        }
    }
    None
}
