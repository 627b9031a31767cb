//! What the server module decides, computed once before any of it is written: the credentials enums operations
//! share and how each reads its alternatives, each operation's module ([`ServerOperation`]), the request schemas
//! ([`RequestSchemas`]), and the route table (one route per path shape, the dispatchers of shared ones, the
//! fallback).

use super::operation::OperationPlan;
use super::request_schemas::RequestSchemas;
use super::server_operation::{FieldRead, ServerOperation};
use oagen_ir::naming::Namespace;
use oagen_ir::{Api, Method, PathPiece, SecurityKind};

/// The server module of an API.
#[derive(Debug)]
pub struct ServerPlan {
    /// One credentials enum per distinct list of security alternatives, in order of first use.
    pub credentials: Vec<CredentialsEnum>,
    /// Each served operation's credentials, in the order of [`super::Plan::operations`].
    pub operation_credentials: Vec<Credentials>,
    /// Each served operation's module, in the order of [`super::Plan::operations`].
    pub operations: Vec<ServerOperation>,
    /// The statics of the `schemas` module that requests are checked against.
    pub schemas: RequestSchemas,
    /// The routes.
    pub routing: Routing,
}

/// What an operation's method gets as credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No security requirement.
    None,
    /// Exactly one scheme (an index into the API's security schemes): its credential type directly.
    One(usize),
    /// Several alternatives (or an alternative of several schemes, or an optional one): a shared enum, by its
    /// index in [`ServerPlan::credentials`].
    Choice(usize),
}

/// An enum of credentials, shared by every operation with the same alternatives.
#[derive(Debug)]
pub struct CredentialsEnum {
    /// Its name.
    pub name: String,
    /// Its alternatives (indexes into the API's security schemes) and the name of each one's variant.
    pub alternatives: Vec<(Vec<usize>, String)>,
    /// How a request's credentials are matched against them.
    pub read: ChoiceRead,
}

/// How the credentials of several alternatives are read: every scheme any alternative that can be chosen names is
/// read once, and the first alternative (in spec order) whose schemes are all present wins, then the anonymous one
/// if the spec allows it. When none is complete, the answer is the rejection of the first alternative's first scheme.
///
/// One exception to spec order: an alternative with a scheme that takes the whole `Authorization` value
/// ([`super::http::is_raw_authorization`]) comes after those reading a bearer token or basic credentials, which
/// take that header too. Any `Authorization` header is a raw value, so read first it would claim `Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceRead {
    /// The schemes read (indexes into the API's security schemes), each once, in order of first use; empty when
    /// every alternative is anonymous.
    pub schemes: Vec<usize>,
    /// The alternatives that can be chosen, in spec order (one holding all the schemes of an earlier one never is: its
    /// arm would be unreachable).
    pub arms: Vec<ChoiceArm>,
    /// What is answered when no arm matches.
    pub otherwise: Otherwise,
}

/// One alternative that can be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceArm {
    /// The alternative (an index into [`CredentialsEnum::alternatives`]).
    pub alternative: usize,
    /// Per scheme of the alternative, in its order: the scheme's position in [`ChoiceRead::schemes`] and the
    /// binding its credential is matched into (`c`, or `c0`, `c1`.. for several).
    pub bindings: Vec<(usize, String)>,
}

/// What a choice answers when no alternative is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Otherwise {
    /// The anonymous alternative.
    Anonymous,
    /// The rejection of the first alternative's first scheme (at this position in [`ChoiceRead::schemes`]) when
    /// that scheme is missing; when it is there (`incomplete`: reachable unless it is an alternative alone), that
    /// credentials are required.
    Reject {
        /// The first scheme's position.
        first: usize,
        /// Whether the first scheme may be there with no alternative complete.
        incomplete: bool,
    },
}

impl ServerPlan {
    /// Plans the server module of `api`.
    pub fn new(api: &Api, operations: &[OperationPlan<'_>]) -> Self {
        let mut credentials: Vec<CredentialsEnum> = Vec::new();
        // Type names the server module holds besides.
        let mut taken = Namespace::with_reserved(&["Api", "State", "IntoResponse", "Arc", "Future"]);
        let mut operation_credentials = Vec::with_capacity(operations.len());
        for o in operations {
            let alternatives = &o.alternatives;
            let chosen = match alternatives.as_slice() {
                [] => Credentials::None,
                [one] if one.len() == 1 => Credentials::One(one[0]),
                _ => {
                    match credentials.iter().position(|c| c.alternatives.iter().map(|(a, _)| a).eq(alternatives.iter()))
                    {
                        Some(i) => Credentials::Choice(i),
                        None => {
                            let names = alternative_names(api, alternatives);
                            let name = taken.claim_type_free(&names.join("Or"));
                            credentials.push(CredentialsEnum {
                                name,
                                read: choice_read(alternatives, &|i| Shares::of(&api.security_schemes[i].kind)),
                                alternatives: alternatives.iter().cloned().zip(names).collect(),
                            });
                            Credentials::Choice(credentials.len() - 1)
                        }
                    }
                }
            };
            operation_credentials.push(chosen);
        }
        let schemas = RequestSchemas::new(&api.types, operations);
        let modules = operations
            .iter()
            .zip(&operation_credentials)
            .map(|(o, chosen)| {
                let read = match chosen {
                    Credentials::None => None,
                    Credentials::One(i) => Some(FieldRead::Scheme(*i)),
                    Credentials::Choice(e) => Some(FieldRead::Choice(*e)),
                };
                ServerOperation::new(&api.types, &schemas, o, read)
            })
            .collect();
        let routing = routing(operations);
        ServerPlan { credentials, operation_credentials, operations: modules, schemas, routing }
    }
}

/// How a scheme's credential shares the `Authorization` header with others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shares {
    /// The whole value: any `Authorization` header is one.
    Raw,
    /// The value of one auth-scheme (`Bearer`, `Basic`).
    Specific,
    /// Not the `Authorization` header.
    Apart,
}

impl Shares {
    fn of(kind: &SecurityKind) -> Self {
        match kind {
            SecurityKind::Bearer | SecurityKind::Basic => Shares::Specific,
            k if super::http::is_raw_authorization(k) => Shares::Raw,
            SecurityKind::ApiKey { .. } => Shares::Apart,
        }
    }
}

/// How a request's credentials are matched against `alternatives` ([`ChoiceRead`]), `shares` saying how each
/// scheme (by index) reads the `Authorization` header.
fn choice_read(alternatives: &[Vec<usize>], shares: &dyn Fn(usize) -> Shares) -> ChoiceRead {
    let any = |want: Shares| alternatives.iter().flatten().any(|s| shares(*s) == want);
    let defer = any(Shares::Raw) && any(Shares::Specific);
    let deferred = |alt: &[usize]| defer && alt.iter().any(|s| shares(*s) == Shares::Raw);
    let mut order: Vec<usize> = (0..alternatives.len()).filter(|i| !deferred(&alternatives[*i])).collect();
    order.extend((0..alternatives.len()).filter(|i| deferred(&alternatives[*i])));
    let mut chosen: Vec<usize> = Vec::new();
    for i in order.into_iter().filter(|i| !alternatives[*i].is_empty()) {
        let alt = &alternatives[i];
        if !chosen.iter().any(|earlier| alternatives[*earlier].iter().all(|s| alt.contains(s))) {
            chosen.push(i);
        }
    }
    let mut schemes: Vec<usize> = Vec::new();
    for s in chosen.iter().flat_map(|i| &alternatives[*i]) {
        if !schemes.contains(s) {
            schemes.push(*s);
        }
    }
    let position = |s: usize| schemes.iter().position(|x| *x == s).unwrap_or_default();
    let arms = chosen
        .iter()
        .map(|i| {
            let alt = &alternatives[*i];
            let binding = |k: usize| if alt.len() == 1 { "c".to_owned() } else { format!("c{k}") };
            ChoiceArm {
                alternative: *i,
                bindings: alt.iter().enumerate().map(|(k, s)| (position(*s), binding(k))).collect(),
            }
        })
        .collect();
    let otherwise = if alternatives.iter().any(Vec::is_empty) {
        Otherwise::Anonymous
    } else {
        let first = alternatives[0][0];
        Otherwise::Reject { first: position(first), incomplete: !chosen.iter().any(|i| alternatives[*i] == [first]) }
    };
    ChoiceRead { schemes, arms, otherwise }
}

/// The names of the variants of a credentials enum, one per alternative: `BasicAuth`, `ApiKeyAndBasic`,
/// `Anonymous`, with a number after a name already taken (schemes whose names differ only in punctuation).
fn alternative_names(api: &Api, alternatives: &[Vec<usize>]) -> Vec<String> {
    let mut names = Namespace::new();
    alternatives
        .iter()
        .map(|alt| {
            let base = if alt.is_empty() {
                "Anonymous".to_owned()
            } else {
                alt.iter()
                    .map(|i| oagen_ir::naming::type_name(&api.security_schemes[*i].name))
                    .collect::<Vec<_>>()
                    .join("And")
            };
            names.claim_type_free(&base)
        })
        .collect()
}

/// The most variables one route may hold (the router's limit is 25); operations with more are matched by a fallback.
const MAX_ROUTE_VARIABLES: usize = 25;

/// One segment of a route: literal text, as sent on the wire, or a variable spanning the segment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Variable,
}

/// One axum route: a path, and per method the operations served there, in the order they are tried.
#[derive(Debug)]
pub struct Route {
    shape: Vec<Segment>,
    /// The route's axum path.
    pub path: String,
    /// Per method, the operations served there.
    pub methods: Vec<RouteMethod>,
}

/// One method of a route.
#[derive(Debug)]
pub struct RouteMethod {
    /// The method.
    pub method: Method,
    /// The operations served (indexes into the plan's operations), in the order they are tried.
    pub operations: Vec<usize>,
    /// What the route calls.
    pub handler: Handler,
}

/// What a route calls for one method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    /// The generic handler of the one operation served there (an index into the plan's operations).
    Operation(usize),
    /// The dispatcher of the operations sharing it (an index into [`Routing::dispatchers`]).
    Dispatch(usize),
}

/// A function trying the operations that share a route and method, in order, each against its own path template.
#[derive(Debug)]
pub struct Dispatcher {
    /// Its name (`dispatch_<first operation>`).
    pub name: String,
    /// The route (an index into [`Routing::routes`]) and the method's position in it (whose gate it has).
    pub route: (usize, usize),
}

/// The routes of the router.
#[derive(Debug)]
pub struct Routing {
    /// One per path shape, in order of first use.
    pub routes: Vec<Route>,
    /// The dispatchers, in the order of the routes and their methods.
    pub dispatchers: Vec<Dispatcher>,
    /// Operations with more variables than a route can hold, matched by the router's fallback.
    pub unrouted: Vec<usize>,
    /// Whether a literal segment starts with `:` or `*` (which axum then has to be told is literal).
    pub literal_colon_or_star: bool,
    /// The routing functions the first method of each route is registered with (`axum::routing::{get, post}`), in
    /// rustfmt's order; the other methods of a route are chained on the first.
    pub functions: Vec<Method>,
}

/// Names the functions of the server module hold beside the dispatchers.
const RESERVED_FUNCTIONS: &[&str] = &["router", "handle", "unrouted"];

/// The segments of a path template after its leading `/`, each with its template pieces.
fn segments(path: &str) -> Vec<Vec<PathPiece<'_>>> {
    let mut out: Vec<Vec<PathPiece<'_>>> = vec![Vec::new()];
    for piece in oagen_ir::path_pieces(path) {
        match piece {
            PathPiece::Literal(text) => {
                for (i, part) in text.split('/').enumerate() {
                    if i > 0 {
                        out.push(Vec::new());
                    }
                    if !part.is_empty() {
                        if let Some(last) = out.last_mut() {
                            last.push(PathPiece::Literal(part));
                        }
                    }
                }
            }
            PathPiece::Param(_) => {
                if let Some(last) = out.last_mut() {
                    last.push(piece);
                }
            }
        }
    }
    // A path starts with `/` (the spec stage makes sure): what is before it is empty.
    if out.len() > 1 && out[0].is_empty() {
        out.remove(0);
    }
    out
}

fn segment_kind(pieces: &[PathPiece<'_>]) -> Segment {
    if pieces.iter().all(|p| matches!(p, PathPiece::Literal(_))) {
        let text: String = pieces.iter().map(|p| if let PathPiece::Literal(t) = p { *t } else { "" }).collect();
        Segment::Literal(oagen_ir::encode_path_literal(&text))
    } else {
        Segment::Variable
    }
}

/// How much literal text a template holds inside its variable segments: among operations of one route and method,
/// the one with more is tried first (`/{name}.json` before `/{name}`).
fn literal_in_variables(path: &str) -> usize {
    segments(path)
        .iter()
        .filter(|seg| seg.iter().any(|p| matches!(p, PathPiece::Param(_))))
        .flat_map(|seg| seg.iter())
        .map(|p| if let PathPiece::Literal(t) = p { t.len() } else { 0 })
        .sum()
}

/// Groups operations by the shape of their paths (literal segments as sent, a variable for any segment holding one),
/// so that no two routes conflict in axum: `/pets/{id}` and `/pets/{petId}` are one route, and so are
/// `/r/{name}.json` and `/r/{name}`; each operation matches the whole path against its own template.
fn routing(operations: &[OperationPlan<'_>]) -> Routing {
    let mut routes: Vec<Route> = Vec::new();
    let mut unrouted = Vec::new();
    let mut literal_colon_or_star = false;
    for (index, o) in operations.iter().enumerate() {
        let segs = segments(&o.op.path);
        let shape: Vec<Segment> = segs.iter().map(|s| segment_kind(s)).collect();
        if shape.iter().filter(|s| **s == Segment::Variable).count() > MAX_ROUTE_VARIABLES {
            unrouted.push(index);
            continue;
        }
        let at = match routes.iter().position(|r| r.shape == shape) {
            Some(i) => i,
            None => {
                literal_colon_or_star |=
                    shape.iter().any(|s| matches!(s, Segment::Literal(t) if t.starts_with([':', '*'])));
                let path = route_path(&segs, &shape);
                routes.push(Route { shape, path, methods: Vec::new() });
                routes.len() - 1
            }
        };
        let route = &mut routes[at];
        match route.methods.iter_mut().find(|m| m.method == o.op.method) {
            Some(m) => m.operations.push(index),
            None => route.methods.push(RouteMethod {
                method: o.op.method,
                operations: vec![index],
                handler: Handler::Operation(index),
            }),
        }
    }
    let mut dispatchers = Vec::new();
    let mut names = Namespace::with_reserved(RESERVED_FUNCTIONS);
    for (r, route) in routes.iter_mut().enumerate() {
        for (m, method) in route.methods.iter_mut().enumerate() {
            // Stable: document order among equals.
            method.operations.sort_by_key(|i| std::cmp::Reverse(literal_in_variables(&operations[*i].op.path)));
            method.handler = match method.operations.as_slice() {
                [one] => Handler::Operation(*one),
                more => {
                    let name = names.claim(&format!("dispatch_{}", operations[more[0]].op.name));
                    dispatchers.push(Dispatcher { name, route: (r, m) });
                    Handler::Dispatch(dispatchers.len() - 1)
                }
            };
        }
    }
    let mut functions: Vec<Method> = Vec::new();
    for method in routes.iter().filter_map(|r| r.methods.first()) {
        if !functions.contains(&method.method) {
            functions.push(method.method);
        }
    }
    functions.sort_by_key(|m| m.as_upper());
    Routing { routes, dispatchers, unrouted, literal_colon_or_star, functions }
}

/// The axum path of a route: literal segments as sent, variables named after the first operation's when the name is
/// plain (`{id}`), else `{p<n>}`.
fn route_path(segs: &[Vec<PathPiece<'_>>], shape: &[Segment]) -> String {
    let mut used = Namespace::new();
    let mut parts = Vec::with_capacity(shape.len());
    for (n, (seg, kind)) in segs.iter().zip(shape).enumerate() {
        match kind {
            Segment::Literal(text) => parts.push(text.clone()),
            Segment::Variable => {
                let plain = match seg.as_slice() {
                    [PathPiece::Param(name)]
                        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                    {
                        Some((*name).to_owned())
                    }
                    _ => None,
                };
                let base = plain.filter(|name| !used.contains(name)).unwrap_or_else(|| format!("p{n}"));
                parts.push(format!("{{{}}}", used.claim(&base)));
            }
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::rust_type::Types;
    use oagen_ir::{Operation, TypeSpace};

    fn op(name: &str, method: Method, path: &str) -> Operation {
        Operation::new(name, method, path)
    }

    /// A route's methods and the names of their operations, in dispatch order.
    type Methods = Vec<(Method, Vec<String>)>;

    fn plans<'a>(space: &'a TypeSpace, ops: &'a [Operation]) -> Vec<OperationPlan<'a>> {
        let types = Types::outside(space);
        let mut names = crate::plan::operation::ServerNames::default();
        ops.iter().map(|o| OperationPlan::new(&types, o, &mut names, None)).collect()
    }

    fn routes(ops: &[Operation]) -> Vec<(String, Methods)> {
        let space = TypeSpace::default();
        let plans = plans(&space, ops);
        routing(&plans)
            .routes
            .into_iter()
            .map(|r| {
                (
                    r.path,
                    r.methods
                        .into_iter()
                        .map(|m| (m.method, m.operations.into_iter().map(|i| ops[i].name.clone()).collect()))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn one_route_per_shape() {
        let ops = [
            op("get_pet", Method::Get, "/pets/{id}"),
            op("delete_pet", Method::Delete, "/pets/{petId}"),
            op("shadowed", Method::Get, "/pets/{petId}"),
            op("mine", Method::Get, "/pets/mine"),
            op("any", Method::Get, "/r/{name}"),
            op("json", Method::Get, "/r/{name}.json"),
            op("root", Method::Get, "/"),
            op("odd", Method::Get, "/x/{a b}/{*rest}/v{v}"),
        ];
        let get = |names: &[&str]| (Method::Get, names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>());
        assert_eq!(
            routes(&ops),
            vec![
                (
                    "/pets/{id}".to_owned(),
                    vec![get(&["get_pet", "shadowed"]), (Method::Delete, vec!["delete_pet".to_owned()])]
                ),
                ("/pets/mine".to_owned(), vec![get(&["mine"])]),
                // More literal text is tried first; document order among equals.
                ("/r/{name}".to_owned(), vec![get(&["json", "any"])]),
                ("/".to_owned(), vec![get(&["root"])]),
                // Names a route cannot hold are replaced.
                ("/x/{p1}/{p2}/{p3}".to_owned(), vec![get(&["odd"])]),
            ]
        );
    }

    #[test]
    fn shared_methods_get_a_dispatcher_and_routes_their_functions() {
        let ops = [
            op("get_pet", Method::Get, "/pets/{id}"),
            op("put_pet", Method::Put, "/pets/{id}"),
            op("shadowed", Method::Get, "/pets/{petId}"),
            op("list", Method::Post, "/pets"),
        ];
        let space = TypeSpace::default();
        let plans = plans(&space, &ops);
        let routing = routing(&plans);
        let handlers: Vec<Vec<Handler>> =
            routing.routes.iter().map(|r| r.methods.iter().map(|m| m.handler).collect()).collect();
        assert_eq!(handlers, [vec![Handler::Dispatch(0), Handler::Operation(1)], vec![Handler::Operation(3)]]);
        assert_eq!(routing.dispatchers.len(), 1);
        assert_eq!((routing.dispatchers[0].name.as_str(), routing.dispatchers[0].route), ("dispatch_get_pet", (0, 0)));
        // The first method of each route is registered with its function, imported once, in rustfmt's order.
        assert_eq!(routing.functions, [Method::Get, Method::Post]);
    }

    #[test]
    fn a_choice_reads_each_scheme_once_and_skips_unreachable_alternatives() {
        // `[0, 1]` holds all of `[0]`'s schemes: never chosen.
        let apart = |_: usize| Shares::Apart;
        let read = choice_read(&[vec![0], vec![0, 1], vec![2, 1]], &apart);
        assert_eq!(read.schemes, [0, 2, 1]);
        let arms: Vec<(usize, Vec<(usize, &str)>)> = read
            .arms
            .iter()
            .map(|a| (a.alternative, a.bindings.iter().map(|(p, b)| (*p, b.as_str())).collect()))
            .collect();
        assert_eq!(arms, [(0, vec![(0, "c")]), (2, vec![(1, "c0"), (2, "c1")])]);
        // The first scheme alone is an alternative: when it is there, that alternative is complete.
        assert_eq!(read.otherwise, Otherwise::Reject { first: 0, incomplete: false });
        assert_eq!(choice_read(&[vec![0, 1], vec![]], &apart).otherwise, Otherwise::Anonymous);
        assert_eq!(
            choice_read(&[vec![0, 1], vec![2]], &apart).otherwise,
            Otherwise::Reject { first: 0, incomplete: true }
        );
        let anonymous = choice_read(&[vec![]], &apart);
        assert!(anonymous.schemes.is_empty() && anonymous.arms.is_empty());
    }

    #[test]
    fn a_whole_authorization_value_is_read_after_the_bearer_and_basic_alternatives() {
        // 0: `digest` (the whole value), 1: bearer, 2: basic, 3: an API key elsewhere.
        let shares = |i: usize| [Shares::Raw, Shares::Specific, Shares::Specific, Shares::Apart][i];
        let order = |alternatives: &[Vec<usize>]| -> Vec<usize> {
            choice_read(alternatives, &shares).arms.iter().map(|a| a.alternative).collect()
        };
        assert_eq!(order(&[vec![0], vec![1], vec![3]]), [1, 2, 0]);
        assert_eq!(order(&[vec![0, 3], vec![2]]), [1, 0]);
        // An alternative that holds all of one moved before it is unreachable: not chosen.
        assert_eq!(order(&[vec![0, 1], vec![1]]), [1]);
        // Without a bearer or basic alternative, spec order.
        assert_eq!(order(&[vec![0], vec![3]]), [0, 1]);
        // The rejection is still the first alternative's.
        let read = choice_read(&[vec![0], vec![1]], &shares);
        assert_eq!(read.schemes, [1, 0]);
        assert_eq!(read.otherwise, Otherwise::Reject { first: 1, incomplete: false });
    }

    #[test]
    fn literal_segments_and_the_variable_limit() {
        let many: String = (0..26).map(|i| format!("/{{v{i}}}")).collect();
        let ops = [
            op("colon", Method::Get, "/meta/:info"),
            op("braces", Method::Get, "/b/{open/x"),
            op("deep", Method::Get, &many),
        ];
        let space = TypeSpace::default();
        let plans = plans(&space, &ops);
        let routing = routing(&plans);
        assert!(routing.literal_colon_or_star);
        let paths: Vec<&str> = routing.routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/meta/:info", "/b/%7Bopen/x"]);
        assert_eq!(routing.unrouted.iter().map(|i| ops[*i].name.as_str()).collect::<Vec<_>>(), ["deep"]);
    }
}
