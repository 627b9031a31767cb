//! What the server module decides, computed once before any of it is written: the credentials enums operations
//! share, and the routes (one per path shape).

use super::operation::OperationPlan;
use oagen_ir::naming::Namespace;
use oagen_ir::{Api, Method, PathPiece};

/// The server module of an API.
#[derive(Debug)]
pub struct ServerPlan {
    /// One credentials enum per distinct list of security alternatives, in order of first use.
    pub credentials: Vec<CredentialsEnum>,
    /// Each served operation's credentials, in the order of [`super::Plan::operations`].
    pub operation_credentials: Vec<Credentials>,
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
                                alternatives: alternatives.iter().cloned().zip(names).collect(),
                            });
                            Credentials::Choice(credentials.len() - 1)
                        }
                    }
                }
            };
            operation_credentials.push(chosen);
        }
        ServerPlan { credentials, operation_credentials, routing: routing(operations) }
    }
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

/// One axum route: a path, and per method the operations served there (indexes into the plan's operations), in the
/// order they are tried.
#[derive(Debug)]
pub struct Route {
    shape: Vec<Segment>,
    /// The route's axum path.
    pub path: String,
    /// Per method, the operations served there.
    pub methods: Vec<(Method, Vec<usize>)>,
}

/// The routes of the router.
#[derive(Debug)]
pub struct Routing {
    /// One per path shape, in order of first use.
    pub routes: Vec<Route>,
    /// Operations with more variables than a route can hold, matched by the router's fallback.
    pub unrouted: Vec<usize>,
    /// Whether a literal segment starts with `:` or `*` (which axum then has to be told is literal).
    pub literal_colon_or_star: bool,
}

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
        match route.methods.iter_mut().find(|(m, _)| *m == o.op.method) {
            Some((_, list)) => list.push(index),
            None => route.methods.push((o.op.method, vec![index])),
        }
    }
    for route in &mut routes {
        for (_, list) in &mut route.methods {
            // Stable: document order among equals.
            list.sort_by_key(|i| std::cmp::Reverse(literal_in_variables(&operations[*i].op.path)));
        }
    }
    Routing { routes, unrouted, literal_colon_or_star }
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
                        .map(|(m, l)| (m, l.into_iter().map(|i| ops[i].name.clone()).collect()))
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
