//! Reading and checking the inputs of one request: parameters, credentials and body.

use super::path::{match_path, percent_decode, template_pieces};
use super::rejection::{Location, Rejection, RejectionKind};
use super::schema::{self, Schema, Use};
use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{header, Extensions, HeaderMap, Method, Uri};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Where a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// A path template variable.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// A parameter as the generated code describes it.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The wire name.
    pub name: &'static str,
    /// Where it is.
    pub location: ParamIn,
    /// Its schema.
    pub schema: Use,
    /// `explode` (for arrays in the query: `a=1&a=2` rather than `a=1,2`).
    pub explode: bool,
}

impl Param {
    /// A path parameter.
    pub fn path(name: &'static str, schema: impl Into<Use>) -> Param {
        Param { name, location: ParamIn::Path, schema: schema.into(), explode: false }
    }

    /// A query parameter, exploded (`a=1&a=2`, the default of the `form` style) unless [`Param::explode`] says not.
    pub fn query(name: &'static str, schema: impl Into<Use>) -> Param {
        Param { name, location: ParamIn::Query, schema: schema.into(), explode: true }
    }

    /// A header parameter.
    pub fn header(name: &'static str, schema: impl Into<Use>) -> Param {
        Param { name, location: ParamIn::Header, schema: schema.into(), explode: false }
    }

    /// A cookie parameter.
    pub fn cookie(name: &'static str, schema: impl Into<Use>) -> Param {
        Param { name, location: ParamIn::Cookie, schema: schema.into(), explode: false }
    }

    /// The same parameter with `explode` as the spec says (it matters for arrays in the query only).
    pub fn explode(self, explode: bool) -> Param {
        Param { explode, ..self }
    }

    fn location(&self) -> Location {
        let name = self.name.to_owned();
        match self.location {
            ParamIn::Path => Location::Path { name },
            ParamIn::Query => Location::Query { name },
            ParamIn::Header => Location::Header { name },
            ParamIn::Cookie => Location::Cookie { name },
        }
    }
}

/// The request head as a handler sees it: headers, extensions (what middleware such as an authentication layer put
/// there), method and URI.
#[derive(Debug)]
pub struct Context {
    parts: Parts,
}

impl Context {
    /// All request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// The request extensions.
    pub fn extensions(&self) -> &Extensions {
        &self.parts.extensions
    }

    /// One extension by type, e.g. the user an authentication middleware inserted.
    pub fn extension<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.parts.extensions.get::<T>()
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    /// The URI as received by the router (without the prefix it is nested under).
    pub fn uri(&self) -> &Uri {
        &self.parts.uri
    }

    /// The request head.
    pub fn parts(&self) -> &Parts {
        &self.parts
    }
}

/// A bearer token (`Authorization: Bearer <token>`).
#[derive(Clone, PartialEq, Eq)]
pub struct BearerToken(pub String);

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken(..)")
    }
}

/// HTTP basic credentials (`Authorization: Basic <base64 of user:password>`).
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicCredentials").field("username", &self.username).finish_non_exhaustive()
    }
}

/// An API key from a header, query parameter or cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(pub String);

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(..)")
    }
}

/// A path parameter ([`Param::path`]), for reading with [`Input::required`].
pub fn path(name: &'static str, schema: impl Into<Use>) -> Param {
    Param::path(name, schema)
}

/// A query parameter ([`Param::query`]), for reading with [`Input::optional`] or [`Input::required`].
pub fn query(name: &'static str, schema: impl Into<Use>) -> Param {
    Param::query(name, schema)
}

/// A header parameter ([`Param::header`]), for reading with [`Input::optional`] or [`Input::required`].
pub fn header(name: &'static str, schema: impl Into<Use>) -> Param {
    Param::header(name, schema)
}

/// A cookie parameter ([`Param::cookie`]), for reading with [`Input::optional`] or [`Input::required`].
pub fn cookie(name: &'static str, schema: impl Into<Use>) -> Param {
    Param::cookie(name, schema)
}

/// One request, taken apart for checking.
#[derive(Debug)]
pub struct Input {
    parts: Parts,
    body: Body,
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
    /// The largest body read, in bytes.
    limit: usize,
}

fn invalid(param: &Param, detail: String) -> Rejection {
    Rejection::new(RejectionKind::InvalidParameter, Some(param.location()), detail)
}

impl Input {
    /// Takes the request apart: the variables of the operation's path `template` ([`template_pieces`]),
    /// percent-decoded, and the query pairs; a body will be read up to `limit` bytes. `Ok(None)` when the path does
    /// not match the template (the request is not for this operation).
    pub fn new(
        request: axum::extract::Request,
        template: &'static str,
        limit: usize,
    ) -> Result<Option<Self>, Rejection> {
        let (parts, body) = request.into_parts();
        let Some(raw) = match_path(&template_pieces(template), parts.uri.path()) else { return Ok(None) };
        let mut path = Vec::with_capacity(raw.len());
        for (name, value) in raw {
            let Some(value) = percent_decode(value) else {
                let at = Location::Path { name: name.to_owned() };
                return Err(Rejection::new(
                    RejectionKind::InvalidParameter,
                    Some(at),
                    "is not UTF-8 once percent-decoded",
                ));
            };
            path.push((name.to_owned(), value));
        }
        let query = parts
            .uri
            .query()
            .map(|q| form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
            .unwrap_or_default();
        Ok(Some(Input { parts, body, path, query, limit }))
    }

    /// The request head, for the handler.
    pub fn into_context(self) -> Context {
        Context { parts: self.parts }
    }

    fn raw(&self, param: &Param) -> Result<Vec<String>, Rejection> {
        let values: Vec<String> = match param.location {
            ParamIn::Path => self.path.iter().filter(|(k, _)| k == param.name).map(|(_, v)| v.clone()).collect(),
            ParamIn::Query => self.query.iter().filter(|(k, _)| k == param.name).map(|(_, v)| v.clone()).collect(),
            ParamIn::Header => {
                let mut out = Vec::new();
                for v in self.parts.headers.get_all(param.name) {
                    match v.to_str() {
                        Ok(s) => out.push(s.trim().to_owned()),
                        Err(_) => return Err(invalid(param, "is not visible ASCII text".to_owned())),
                    }
                }
                out
            }
            ParamIn::Cookie => self.cookie(param.name).into_iter().collect(),
        };
        Ok(values)
    }

    fn cookie(&self, name: &str) -> Option<String> {
        for header in self.parts.headers.get_all(header::COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            for pair in text.split(';') {
                if let Some((k, v)) = pair.trim().split_once('=') {
                    if k == name {
                        return Some(v.trim_matches('"').to_owned());
                    }
                }
            }
        }
        None
    }

    /// A parameter, checked against its schema and decoded; `None` when it is absent.
    pub fn optional<T: DeserializeOwned>(&self, param: Param) -> Result<Option<T>, Rejection> {
        let param = &param;
        let raw = self.raw(param)?;
        if raw.is_empty() {
            return Ok(None);
        }
        let value = match param.schema.schema {
            Schema::List(items) => {
                let parts: Vec<&str> = if param.explode && param.location == ParamIn::Query {
                    raw.iter().map(String::as_str).collect()
                } else {
                    raw.iter().flat_map(|r| r.split(',')).filter(|s| !s.is_empty() || raw.len() > 1).collect()
                };
                let mut list = Vec::with_capacity(parts.len());
                for (i, p) in parts.iter().enumerate() {
                    list.push(
                        schema::from_text(p, items.schema).map_err(|m| invalid(param, format!("item {i}: {m}")))?,
                    );
                }
                Value::Array(list)
            }
            other => schema::from_text(&raw[0], other).map_err(|m| invalid(param, m))?,
        };
        schema::check(&value, param.schema).map_err(|v| {
            let at = if v.pointer.is_empty() { String::new() } else { format!(" (at `{}`)", v.pointer) };
            invalid(param, format!("{}{at}", v.message))
        })?;
        serde_json::from_value(value).map(Some).map_err(|e| invalid(param, e.to_string()))
    }

    /// A required parameter: like [`Input::optional`], and a rejection when it is absent.
    pub fn required<T: DeserializeOwned>(&self, param: Param) -> Result<T, Rejection> {
        match self.optional(param)? {
            Some(v) => Ok(v),
            None => Err(Rejection::new(RejectionKind::MissingParameter, Some(param.location()), "is required")),
        }
    }

    fn authorization(&self, scheme: &str) -> Option<String> {
        let value = self.parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (given, rest) = value.trim().split_once(' ')?;
        let rest = rest.trim();
        (given.eq_ignore_ascii_case(scheme) && !rest.is_empty()).then(|| rest.to_owned())
    }

    /// The bearer token of `Authorization: Bearer <token>`; a 401 when there is none.
    pub fn bearer(&self, scheme_name: &str) -> Result<BearerToken, Rejection> {
        match self.authorization("Bearer") {
            Some(token) => Ok(BearerToken(token)),
            None => Err(Rejection::unauthorized(
                "Bearer",
                Some(Location::Header { name: "Authorization".to_owned() }),
                format!("a bearer token (`{scheme_name}`) is required: `Authorization: Bearer <token>`"),
            )),
        }
    }

    /// The credentials of `Authorization: Basic <base64>`; a 401 when there are none or they do not decode.
    pub fn basic(&self, scheme_name: &str) -> Result<BasicCredentials, Rejection> {
        let decoded = self
            .authorization("Basic")
            .and_then(|b| base64_decode(&b))
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned())));
        match decoded {
            Some((username, password)) => Ok(BasicCredentials { username, password }),
            None => Err(Rejection::unauthorized(
                "Basic",
                Some(Location::Header { name: "Authorization".to_owned() }),
                format!("HTTP basic credentials (`{scheme_name}`) are required"),
            )),
        }
    }

    /// An API key from a header, query parameter or cookie; a 401 when it is missing.
    pub fn api_key(&self, scheme_name: &str, location: ParamIn, name: &'static str) -> Result<ApiKey, Rejection> {
        let param = Param { name, location, schema: Use { schema: &Schema::Any, nullable: false }, explode: false };
        match self.raw(&param).ok().and_then(|v| v.into_iter().next()).filter(|v| !v.is_empty()) {
            Some(key) => Ok(ApiKey(key)),
            None => Err(Rejection::new(
                RejectionKind::MissingCredentials,
                Some(param.location()),
                format!("an API key (`{scheme_name}`) is required"),
            )),
        }
    }

    /// Reads the body (at most the limit) if its media type is `accepted`; `None` when there is no body.
    async fn read(&mut self, accepted: &str) -> Result<Option<Bytes>, Rejection> {
        let limit = self.limit;
        let accepted = &[accepted];
        let length = self.parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if length.is_some_and(|l| l > limit as u64) {
            return Err(too_large(limit));
        }
        let body = std::mem::take(&mut self.body);
        let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
            if super::is_body_timeout(&e) {
                Rejection::new(RejectionKind::BodyTimeout, Some(body_at("")), e.to_string())
            } else {
                too_large(limit)
            }
        })?;
        let content_type = self.parts.headers.get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("(not text)"));
        match content_type {
            None if bytes.is_empty() => Ok(None),
            None => Err(unsupported(accepted, "no `Content-Type`")),
            Some(ct) if accepted.iter().any(|a| media_type_matches(a, ct)) => {
                Ok(if bytes.is_empty() { None } else { Some(bytes) })
            }
            Some(ct) => Err(unsupported(accepted, &format!("`{ct}`"))),
        }
    }

    /// A JSON body of the media type `accepted`, checked against `schema` and decoded; `None` when there is none.
    pub async fn json_body<T: DeserializeOwned>(
        &mut self,
        schema: impl Into<Use>,
        accepted: &str,
    ) -> Result<Option<T>, Rejection> {
        let schema = schema.into();
        let Some(bytes) = self.read(accepted).await? else {
            return Ok(None);
        };
        // Read strictly: `serde_json::Value` would keep the last of two equal keys without a word, so that
        // `{"user_id": 1, "user_id": null}` reached the handler as a clear while a proxy in front may have read a set.
        let mut reader = serde_json::Deserializer::from_slice(&bytes);
        let value: Value = crate::tagged::value(&mut reader).and_then(|v| reader.end().map(|()| v)).map_err(|e| {
            Rejection::new(RejectionKind::MalformedBody, Some(body_at("")), format!("is not valid JSON: {e}"))
        })?;
        decode(value, schema).map(Some)
    }

    /// A form body (`application/x-www-form-urlencoded`), its fields read as the object schema says, checked and
    /// decoded; `None` when there is none.
    pub async fn form_body<T: DeserializeOwned>(
        &mut self,
        schema: impl Into<Use>,
        accepted: &str,
    ) -> Result<Option<T>, Rejection> {
        let schema = schema.into();
        let Some(bytes) = self.read(accepted).await? else {
            return Ok(None);
        };
        let mut object = serde_json::Map::new();
        for (key, raw) in form_urlencoded::parse(&bytes) {
            let field = match schema.schema {
                Schema::Object { properties, .. } => properties.iter().find(|p| p.name == key).map(|p| p.schema.schema),
                _ => None,
            };
            let value = match field {
                Some(Schema::List(items)) => {
                    let item = schema::from_text(&raw, items.schema).map_err(|m| invalid_body(&key, m))?;
                    match object.entry(key.into_owned()).or_insert_with(|| Value::Array(Vec::new())) {
                        Value::Array(list) => list.push(item),
                        _ => return Err(invalid_body("", "a field is repeated".to_owned())),
                    }
                    continue;
                }
                Some(s) => schema::from_text(&raw, s).map_err(|m| invalid_body(&key, m))?,
                None => Value::String(raw.into_owned()),
            };
            object.insert(key.into_owned(), value);
        }
        decode(Value::Object(object), schema).map(Some)
    }

    /// A text body of the media type `accepted`; `None` when there is none.
    pub async fn text_body(&mut self, accepted: &str) -> Result<Option<String>, Rejection> {
        let Some(bytes) = self.read(accepted).await? else {
            return Ok(None);
        };
        String::from_utf8(bytes.to_vec())
            .map(Some)
            .map_err(|_| Rejection::new(RejectionKind::MalformedBody, Some(body_at("")), "is not UTF-8 text"))
    }

    /// A `multipart/form-data` body of the media type `accepted`, its parts read and checked against the body's
    /// object `schema` ([`crate::multipart::Received`]) and taken into the generated struct `T`; `None` when there is
    /// none. A body without a boundary, or cut short, is malformed (400); parts that do not match the schema, or a
    /// required property without a part, are refused like a JSON body's (422).
    pub async fn multipart_body<T: crate::multipart::FromForm>(
        &mut self,
        schema: impl Into<Use>,
        accepted: &str,
    ) -> Result<Option<T>, Rejection> {
        let schema = schema.into();
        let Some(bytes) = self.read(accepted).await? else {
            return Ok(None);
        };
        let content_type = self.parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let Some(boundary) = crate::multipart::boundary(content_type) else {
            return Err(Rejection::new(
                RejectionKind::MalformedBody,
                Some(Location::Header { name: "Content-Type".to_owned() }),
                "has no multipart `boundary` parameter",
            ));
        };
        let parts = crate::multipart::parse(&bytes, &boundary).map_err(|m| {
            Rejection::new(RejectionKind::MalformedBody, Some(body_at("")), format!("is not valid multipart: it {m}"))
        })?;
        let mut received = crate::multipart::Received::new(parts, schema, T::FILES)?;
        T::from_form(&mut received).map(Some)
    }

    /// A body of the media type `accepted` taken as raw bytes; `None` when there is none.
    pub async fn bytes_body(&mut self, accepted: &str) -> Result<Option<Vec<u8>>, Rejection> {
        Ok(self.read(accepted).await?.map(|b| b.to_vec()))
    }
}

/// A rejection for a required body that is missing.
pub fn missing_body() -> Rejection {
    Rejection::new(RejectionKind::MissingBody, Some(body_at("")), "is required")
}

fn body_at(pointer: &str) -> Location {
    Location::Body { pointer: pointer.to_owned() }
}

fn invalid_body(key: &str, message: String) -> Rejection {
    let mut pointer = String::new();
    if !key.is_empty() {
        pointer.push('/');
        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
    }
    Rejection::new(RejectionKind::InvalidBody, Some(body_at(&pointer)), message)
}

fn decode<T: DeserializeOwned>(value: Value, schema: Use) -> Result<T, Rejection> {
    schema::check(&value, schema)
        .map_err(|v| Rejection::new(RejectionKind::InvalidBody, Some(body_at(&v.pointer)), v.message))?;
    serde_json::from_value(value)
        .map_err(|e| Rejection::new(RejectionKind::InvalidBody, Some(body_at("")), e.to_string()))
}

fn too_large(limit: usize) -> Rejection {
    Rejection::new(RejectionKind::BodyTooLarge, Some(body_at("")), format!("is larger than {limit} bytes"))
}

fn unsupported(accepted: &[&str], got: &str) -> Rejection {
    let list: Vec<String> = accepted.iter().map(|a| format!("`{a}`")).collect();
    Rejection::new(
        RejectionKind::UnsupportedMediaType,
        Some(Location::Header { name: "Content-Type".to_owned() }),
        format!("expected {}, got {got}", list.join(" or ")),
    )
}

/// Whether the `Content-Type` value `actual` is the media type `declared` (parameters ignored; `*` wildcards in
/// `declared`; `application/json` also accepts `+json` types).
pub fn media_type_matches(declared: &str, actual: &str) -> bool {
    let essence = |s: &str| s.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (d, a) = (essence(declared), essence(actual));
    let (Some((dt, ds)), Some((at, sub))) = (d.split_once('/'), a.split_once('/')) else {
        return false;
    };
    if dt == "*" {
        return true;
    }
    if dt != at {
        return false;
    }
    ds == "*" || ds == sub || (ds == "json" && sub.ends_with("+json"))
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert!(media_type_matches("application/json", "application/json; charset=utf-8"));
        assert!(media_type_matches("application/json", "Application/JSON"));
        assert!(media_type_matches("application/json", "application/merge-patch+json"));
        assert!(!media_type_matches("application/json", "text/plain"));
        assert!(!media_type_matches("application/json", "application/jsonx"));
        assert!(media_type_matches("text/*", "text/csv"));
        assert!(media_type_matches("*/*", "image/png"));
        assert!(!media_type_matches("application/json", ""));
    }

    fn request(uri: &str, headers: &[(&str, &str)], body: &str) -> axum::extract::Request {
        let mut builder = axum::http::Request::builder().uri(uri);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::from(body.to_owned())).expect("a request")
    }

    static IDS: Schema = Schema::list(&schema::I64);
    static TAGS: Schema = Schema::list(&schema::STRING);

    #[test]
    fn parameters() {
        let r = request("/pets/7?ids=1,2&tags=a&tags=b", &[("x-n", " 3 "), ("cookie", "a=1; s=\"abc\"")], "");
        let input = Input::new(r, "/pets/{id}", 10).expect("no rejection").expect("the path matches");
        assert_eq!(input.required::<u32>(path("id", &schema::U32)), Ok(7));
        assert_eq!(input.optional::<Vec<i64>>(query("ids", &IDS).explode(false)), Ok(Some(vec![1, 2])));
        // Exploded (the default): each `ids=` is one item, so `1,2` is not an integer.
        assert_eq!(
            input.optional::<Vec<i64>>(query("ids", &IDS)).map_err(|r| r.kind()),
            Err(RejectionKind::InvalidParameter)
        );
        assert_eq!(input.optional::<Vec<String>>(query("tags", &TAGS)), Ok(Some(vec!["a".into(), "b".into()])));
        assert_eq!(input.required::<i64>(header("x-n", &schema::I64)), Ok(3));
        assert_eq!(input.optional::<String>(cookie("s", &schema::STRING)), Ok(Some("abc".to_owned())));
        assert_eq!(input.optional::<String>(query("missing", &schema::STRING)), Ok(None));
        let missing = input.required::<String>(query("missing", &schema::STRING)).unwrap_err();
        assert_eq!(
            (missing.kind(), missing.to_string()),
            (RejectionKind::MissingParameter, "query parameter `missing`: is required".to_owned())
        );
        let nullable: Option<serde_json::Value> =
            input.optional(query("ids", Use::or_null(&schema::ANY))).expect("any value");
        assert_eq!(nullable, Some(Value::String("1,2".to_owned())));
        assert!(Input::new(request("/pets", &[], ""), "/pets/{id}", 10).expect("no rejection").is_none());
    }

    #[test]
    fn base64() {
        assert_eq!(base64_decode("dXNlcjpwYXNz").as_deref(), Some(&b"user:pass"[..]));
        assert_eq!(base64_decode("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(base64_decode("*"), None);
    }
}
