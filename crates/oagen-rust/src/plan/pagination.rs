//! Which list operations paginate, and how: decided once, from the spec's shapes (a cursor, offset or page query
//! parameter beside a list in the 2xx JSON response, a documented `Link` response header), from an operation's
//! `x-pagination` extension, or from [`ClientOptions::paginate`](crate::plan::options::ClientOptions::paginate). The client plan
//! gives each paginated operation its `<method>_pages` and `<method>_stream` methods; each finding is a note, so
//! that a user sees which operations paginate (and a warning where an extension or option cannot be honoured).
//!
//! Detection never guesses on an operation that is not a list: the items must be an array (a property of the one
//! JSON success body, or that body itself), and the parameter that moves must be a query parameter.

use super::http;
use super::rust_type::{RustType, Types};
use crate::plan::options::ClientOptions;
use oagen_ir::naming;
use oagen_ir::{Encoding, Operation, Pagination, PaginationStyle, ParamLocation, TypeKind, TypeRef};
use oagen_spec::Diagnostic;

/// How one operation's pages are reached, as the generated `<method>_pages` reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// How the next page is reached.
    pub next: Next,
    /// Where the items are.
    pub items: Items,
    /// The type of one item.
    pub item: RustType,
    /// The response property that is false on the last page (the field's name), when there is one.
    pub has_more: Option<String>,
    /// Whether the extension or an option said so (else it was detected).
    pub declared: bool,
}

/// Where a page's items are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Items {
    /// The response body is the list.
    Body,
    /// A field of the response body (its Rust name).
    Field(String),
}

/// How the next page is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// The cursor in a response field (its Rust name), sent in the query parameter `param`.
    Cursor {
        /// The query parameter's wire name.
        param: String,
        /// The field holding the next cursor.
        field: String,
    },
    /// The last item's field (its Rust name: `id`), sent in the query parameter `param` (Stripe's
    /// `starting_after`).
    AfterLast {
        /// The query parameter's wire name.
        param: String,
        /// The item's field.
        field: String,
    },
    /// The query parameter `param` is an offset (the caller's argument for it, when any, is the first).
    Offset {
        /// The query parameter's wire name.
        param: String,
        /// The argument's parameter index in the operation.
        index: usize,
    },
    /// The query parameter `param` is a page number.
    Page {
        /// The query parameter's wire name.
        param: String,
        /// The argument's parameter index in the operation.
        index: usize,
    },
    /// The `Link: <..>; rel="next"` response header.
    Link,
}

impl Paging {
    /// One sentence on how pages are reached (for the docs and the note).
    pub fn describe(&self) -> String {
        let items = match &self.items {
            Items::Body => "the response is the list".to_owned(),
            Items::Field(f) => format!("items in `{f}`"),
        };
        let how = match &self.next {
            Next::Cursor { param, field } => format!("by cursor: `{param}` from `{field}`"),
            Next::AfterLast { param, field } => format!("by cursor: `{param}` from the last item's `{field}`"),
            Next::Offset { param, .. } => format!("by offset: `{param}` moved by the items received"),
            Next::Page { param, .. } => format!("by page number: `{param}` moved by one"),
            Next::Link => "by the `Link` header's `rel=\"next\"` URL".to_owned(),
        };
        let until = match &self.has_more {
            Some(f) => format!(", while `{f}` is true"),
            None => String::new(),
        };
        format!("{how}{until}; {items}")
    }
}

/// Query parameters that carry a cursor (by snake-cased wire name).
const CURSOR_PARAMS: &[&str] = &["starting_after", "after", "cursor", "page_token", "next_token", "continuation_token"];
/// Response properties that carry the next cursor.
const CURSOR_FIELDS: &[&str] = &["next_cursor", "next_page_token", "next_token", "continuation_token"];
/// Response properties that say whether more pages follow.
const MORE_FIELDS: &[&str] = &["has_more", "has_next", "has_next_page", "more"];
/// Names of the items property, in order of preference, when the response has several array properties.
const ITEM_FIELDS: &[&str] = &["data", "items", "results", "entries", "values", "records", "list", "nodes"];

/// Which served operations paginate (`None` for the others, in the order of `operations`), with a note for each
/// and a warning for each extension or option that cannot be honoured.
pub fn detect(
    types: &Types<'_>,
    operations: &[&Operation],
    options: &ClientOptions,
) -> (Vec<Option<Paging>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut out = Vec::with_capacity(operations.len());
    for op in operations {
        let option = options
            .paginate
            .iter()
            .rev()
            .find(|(name, _)| op.operation_id.as_deref() == Some(name.as_str()) || op.name == *name)
            .map(|(_, p)| (p, "the option `--paginate`"));
        let declared = option.or(op.pagination.as_ref().map(|p| (p, "`x-pagination`")));
        let paging = match declared {
            Some((p, _)) if p.style == PaginationStyle::Off => None,
            Some((p, source)) => match declared_paging(types, op, p) {
                Ok(paging) => Some(paging),
                Err(why) => {
                    diagnostics.push(
                        Diagnostic::warning(
                            &op.pointer,
                            format!("{source} of `{}` cannot be honoured: {why}", op.name),
                        )
                        .with_note("the operation has no `_pages` or `_stream` method"),
                    );
                    None
                }
            },
            None => detected(types, op),
        };
        if let Some(p) = &paging {
            let how = if p.declared { "as declared" } else { "detected" };
            diagnostics.push(Diagnostic::note(
                &op.pointer,
                format!("operation `{}` paginates {} ({how})", op.name, p.describe()),
            ));
        }
        out.push(paging);
    }
    for (name, _) in &options.paginate {
        if !operations.iter().any(|op| op.operation_id.as_deref() == Some(name.as_str()) || op.name == *name) {
            diagnostics.push(Diagnostic::warning(
                &oagen_ir::Pointer::root(),
                format!("the option `--paginate` names `{name}`, which is no operation of the spec"),
            ));
        }
    }
    (out, diagnostics)
}

/// The one JSON body of the operation's successes, when it has exactly one kind of success and it is JSON.
fn success_body(op: &Operation) -> Option<TypeRef> {
    let mut bodies = op.responses.iter().filter(|r| http::is_success(r.status)).map(|r| r.content.as_ref());
    let first = bodies.next()??;
    if first.encoding != Encoding::Json || first.ty.nullable {
        return None;
    }
    bodies.all(|c| c.is_some_and(|c| c.encoding == Encoding::Json && c.ty == first.ty)).then_some(first.ty)
}

/// A struct's fields, when the type is (an alias of) a struct.
fn fields<'t>(types: &Types<'t>, ty: TypeRef) -> Option<&'t [oagen_ir::Field]> {
    let space = types.space();
    match &space.get(types.resolve(ty).0).kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// The item type of a list type (through aliases).
fn list_item(types: &Types<'_>, ty: TypeRef) -> Option<TypeRef> {
    let space = types.space();
    match &space.get(types.resolve(ty).0).kind {
        TypeKind::List(item) => Some(*item),
        _ => None,
    }
}

fn is_kind(types: &Types<'_>, ty: TypeRef, pred: fn(&TypeKind) -> bool) -> bool {
    let space = types.space();
    pred(&space.get(types.resolve(ty).0).kind)
}

fn is_bool(types: &Types<'_>, ty: TypeRef) -> bool {
    is_kind(types, ty, |k| matches!(k, TypeKind::Primitive(oagen_ir::Primitive::Bool)))
}

/// Whether values of the type can be a cursor (a string or an integer).
fn is_cursor(types: &Types<'_>, ty: TypeRef) -> bool {
    use oagen_ir::Primitive as P;
    is_kind(types, ty, |k| matches!(k, TypeKind::Primitive(P::String | P::Uuid | P::I32 | P::I64 | P::U32 | P::U64)))
}

/// Whether a parameter's values can be an offset or a page number.
fn is_number(types: &Types<'_>, ty: TypeRef) -> bool {
    use oagen_ir::Primitive as P;
    is_kind(types, ty, |k| matches!(k, TypeKind::Primitive(P::I32 | P::I64 | P::U32 | P::U64 | P::F64)))
}

/// The field of `fields` whose snake-cased wire name is `name`.
fn field_named<'f>(fields: &'f [oagen_ir::Field], name: &str) -> Option<&'f oagen_ir::Field> {
    fields.iter().find(|f| naming::snake_name(&f.wire_name) == name || f.wire_name == name)
}

/// The query parameter of the operation whose snake-cased wire name is `name`, with its index.
fn query_param<'o>(op: &'o Operation, name: &str) -> Option<(usize, &'o oagen_ir::Parameter)> {
    op.parameters.iter().enumerate().find(|(_, p)| {
        p.location == ParamLocation::Query && (p.wire_name == name || naming::snake_name(&p.wire_name) == name)
    })
}

/// The items of the response `body`: the field named `wanted`, or the one array field, or the array field with a
/// usual name; or the body itself when it is an array.
fn items(types: &Types<'_>, body: TypeRef, wanted: Option<&str>) -> Result<(Items, RustType, Option<TypeRef>), String> {
    if let Some(item) = list_item(types, body) {
        return match wanted {
            None => Ok((Items::Body, types.nullable(item), Some(item))),
            Some(w) => Err(format!("the response is an array, which has no property `{w}`")),
        };
    }
    let Some(fields) = fields(types, body) else {
        return Err("the response is neither an array nor an object".to_owned());
    };
    let arrays: Vec<&oagen_ir::Field> = fields.iter().filter(|f| list_item(types, f.ty).is_some()).collect();
    let field = match wanted {
        Some(w) => match field_named(fields, w) {
            Some(f) if list_item(types, f.ty).is_some() => f,
            Some(_) => return Err(format!("the response property `{w}` is not an array")),
            None => return Err(format!("the response has no property `{w}`")),
        },
        None => match arrays.as_slice() {
            [one] => one,
            [] => return Err("the response has no array property".to_owned()),
            several => {
                match ITEM_FIELDS.iter().find_map(|n| several.iter().find(|f| naming::snake_name(&f.wire_name) == *n)) {
                    Some(f) => f,
                    None => return Err("the response has several array properties".to_owned()),
                }
            }
        },
    };
    let item = list_item(types, field.ty).ok_or("not an array")?;
    Ok((Items::Field(field.name.clone()), types.nullable(item), Some(item)))
}

/// The field of a `has_more` kind in `body`, named `wanted` or by a usual name (a boolean).
fn more(types: &Types<'_>, body: TypeRef, wanted: Option<&str>) -> Result<Option<String>, String> {
    let fields = fields(types, body).unwrap_or_default();
    match wanted {
        Some(w) => match field_named(fields, w) {
            Some(f) if is_bool(types, f.ty) => Ok(Some(f.name.clone())),
            Some(_) => Err(format!("the response property `{w}` is not a boolean")),
            None => Err(format!("the response has no property `{w}`")),
        },
        None => Ok(MORE_FIELDS
            .iter()
            .find_map(|n| field_named(fields, n).filter(|f| is_bool(types, f.ty)))
            .map(|f| f.name.clone())),
    }
}

/// The `id` of an item to continue after: a required (or optional) string or integer field of a struct item that
/// is not nullable.
fn item_id(types: &Types<'_>, item: Option<TypeRef>) -> Option<String> {
    let item = item.filter(|i| !types.admits_null(*i))?;
    let f = field_named(fields(types, item)?, "id")?;
    is_cursor(types, f.ty).then(|| f.name.clone())
}

/// What the extension or option `p` says, checked against the operation.
fn declared_paging(types: &Types<'_>, op: &Operation, p: &Pagination) -> Result<Paging, String> {
    let body = success_body(op).ok_or("it has no single JSON success response")?;
    let (items, item, item_ref) = items(types, body, p.items.as_deref())?;
    let has_more = more(types, body, p.has_more.as_deref())?;
    let param = |default: &[&str]| -> Result<(usize, String), String> {
        let found = match &p.param {
            Some(name) => query_param(op, name).ok_or(format!("it has no query parameter `{name}`"))?,
            None => default
                .iter()
                .find_map(|n| query_param(op, n))
                .ok_or("`param` is missing and no usual query parameter was found")?,
        };
        Ok((found.0, found.1.wire_name.clone()))
    };
    let next = match p.style {
        PaginationStyle::Cursor => {
            let (_, param) = param(CURSOR_PARAMS)?;
            let fields = fields(types, body).unwrap_or_default();
            match &p.next {
                Some(n) => match field_named(fields, n) {
                    Some(f) if is_cursor(types, f.ty) => Next::Cursor { param, field: f.name.clone() },
                    Some(_) => return Err(format!("the response property `{n}` is not a string or an integer")),
                    None => return Err(format!("the response has no property `{n}`")),
                },
                None => match CURSOR_FIELDS
                    .iter()
                    .find_map(|n| field_named(fields, n).filter(|f| is_cursor(types, f.ty)))
                {
                    Some(f) => Next::Cursor { param, field: f.name.clone() },
                    None => match item_id(types, item_ref) {
                        Some(field) if has_more.is_some() => Next::AfterLast { param, field },
                        _ => {
                            return Err("no `next` property, and no `has_more` with items that have an `id`".to_owned())
                        }
                    },
                },
            }
        }
        PaginationStyle::Offset => {
            let (index, param) = param(&["offset", "skip", "start"])?;
            Next::Offset { param, index }
        }
        PaginationStyle::Page => {
            let (index, param) = param(&["page", "page_number"])?;
            Next::Page { param, index }
        }
        PaginationStyle::Link => Next::Link,
        PaginationStyle::Off => return Err("it is off".to_owned()),
    };
    if let Next::Offset { index, .. } | Next::Page { index, .. } = &next {
        if !is_number(types, op.parameters[*index].ty) {
            return Err(format!("the query parameter `{}` is not a number", op.parameters[*index].wire_name));
        }
    }
    Ok(Paging { next, items, item, has_more, declared: true })
}

/// What the operation's shape says: a cursor parameter with a cursor property (or `has_more` and items with an
/// `id`), a documented `Link` header, an `offset` parameter, or a `page` parameter, beside a list in the response.
fn detected(types: &Types<'_>, op: &Operation) -> Option<Paging> {
    if op.method != oagen_ir::Method::Get {
        return None;
    }
    let body = success_body(op)?;
    let (items, item, item_ref) = self::items(types, body, None).ok()?;
    let has_more = more(types, body, None).ok()?;
    let fields = fields(types, body).unwrap_or_default();
    let paging = |next| {
        Some(Paging { next, items: items.clone(), item: item.clone(), has_more: has_more.clone(), declared: false })
    };
    if let Some((_, p)) = CURSOR_PARAMS.iter().find_map(|n| query_param(op, n)).filter(|(_, p)| is_cursor(types, p.ty))
    {
        let param = p.wire_name.clone();
        if let Some(f) = CURSOR_FIELDS.iter().find_map(|n| field_named(fields, n).filter(|f| is_cursor(types, f.ty))) {
            return paging(Next::Cursor { param, field: f.name.clone() });
        }
        if let (Some(field), Some(_)) = (item_id(types, item_ref), &has_more) {
            return paging(Next::AfterLast { param, field });
        }
    }
    let link = op
        .responses
        .iter()
        .filter(|r| http::is_success(r.status))
        .any(|r| r.headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case("link")));
    if link {
        return paging(Next::Link);
    }
    let number = |names: &[&str]| names.iter().find_map(|n| query_param(op, n)).filter(|(_, p)| is_number(types, p.ty));
    if let Some((index, p)) = number(&["offset"]) {
        return paging(Next::Offset { param: p.wire_name.clone(), index });
    }
    if let Some((index, p)) = number(&["page"]) {
        return paging(Next::Page { param: p.wire_name.clone(), index });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pagination detected for each operation of the JSON paths `paths` (with `components`).
    fn detect_in(paths: &str, components: &str, options: &ClientOptions) -> (Vec<Option<Paging>>, Vec<Diagnostic>) {
        let text = format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{paths},"components":{{"schemas":{components}}}}}"#
        );
        let (spec, diags) = oagen_spec::load(&oagen_spec::Source::new("t.json", text));
        assert!(diags.is_empty(), "{diags:?}");
        let api = oagen_ir::build(&spec.expect("a spec"), &mut oagen_spec::Diagnostics::new());
        let ops: Vec<&Operation> = http::served(&api).collect();
        detect(&Types::outside(&api.types), &ops, options)
    }

    const SCHEMAS: &str = r##"{
        "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "Page": {"type": "object", "required": ["data", "has_more"], "properties": {
            "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
            "has_more": {"type": "boolean"}}},
        "Single": {"type": "object", "properties": {"id": {"type": "string"}, "has_more": {"type": "boolean"},
            "next_cursor": {"type": "string"}}}
    }"##;

    fn op(method: &str, params: &str, schema: &str) -> String {
        format!(
            r#"{{"{method}": {{"operationId": "op", "parameters": [{params}],
                "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {schema}}}}}}}}}}}}}"#
        )
    }

    const AFTER: &str = r#"{"name": "starting_after", "in": "query", "schema": {"type": "string"}}"#;
    const PAGE_REF: &str = r##"{"$ref": "#/components/schemas/Page"}"##;

    #[test]
    fn a_cursor_beside_a_list_with_has_more_continues_after_the_last_id() {
        let (found, notes) =
            detect_in(&format!(r#"{{"/items": {}}}"#, op("get", AFTER, PAGE_REF)), SCHEMAS, &ClientOptions::default());
        let p = found[0].as_ref().expect("detected");
        assert_eq!(p.next, Next::AfterLast { param: "starting_after".to_owned(), field: "id".to_owned() });
        assert_eq!(p.items, Items::Field("data".to_owned()));
        assert_eq!(p.has_more.as_deref(), Some("has_more"));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].severity, oagen_spec::Severity::Note);
    }

    #[test]
    fn operations_that_are_not_lists_are_left_alone() {
        let single = r##"{"$ref": "#/components/schemas/Single"}"##;
        let cursor = r#"{"name": "cursor", "in": "query", "schema": {"type": "string"}}"#;
        let offset = r#"{"name": "offset", "in": "query", "schema": {"type": "integer"}}"#;
        for (method, params, schema) in [
            // A cursor and a next cursor, but no list.
            ("get", cursor, single),
            // A list and a cursor, but not a GET.
            ("post", AFTER, PAGE_REF),
            // An offset, but the response is a string.
            ("get", offset, r#"{"type": "string"}"#),
            // A cursor beside a list without `has_more` or a next cursor.
            ("get", AFTER, r###"{"type": "array", "items": {"$ref": "#/components/schemas/Item"}}"###),
        ] {
            let paths = format!(r#"{{"/x": {}}}"#, op(method, params, schema));
            let (found, notes) = detect_in(&paths, SCHEMAS, &ClientOptions::default());
            assert_eq!(found, [None], "{method} {params} {schema}");
            assert!(notes.is_empty(), "{notes:?}");
        }
    }

    #[test]
    fn an_option_wins_over_detection_and_a_wrong_one_is_a_warning() {
        let paths = format!(r#"{{"/items": {}}}"#, op("get", AFTER, PAGE_REF));
        let off = ClientOptions {
            paginate: vec![("op".to_owned(), Pagination::new(PaginationStyle::Off))],
            ..Default::default()
        };
        assert_eq!(detect_in(&paths, SCHEMAS, &off).0, [None]);
        let wrong = Pagination { items: Some("nothing".to_owned()), ..Pagination::new(PaginationStyle::Link) };
        let wrong = ClientOptions { paginate: vec![("op".to_owned(), wrong)], ..Default::default() };
        let (found, diags) = detect_in(&paths, SCHEMAS, &wrong);
        assert_eq!(found, [None]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].severity, oagen_spec::Severity::Warning);
        assert!(diags[0].message.contains("has no property `nothing`"), "{}", diags[0].message);
        let link = ClientOptions {
            paginate: vec![("op".to_owned(), Pagination::new(PaginationStyle::Link))],
            ..Default::default()
        };
        let (found, _) = detect_in(&paths, SCHEMAS, &link);
        assert_eq!(found[0].as_ref().map(|p| (&p.next, p.declared)), Some((&Next::Link, true)));
    }
}
