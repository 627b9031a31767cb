//! What generated HTTP clients share (Cargo feature `client`): parameter serialisation by OpenAPI `style` and
//! `explode`, percent-encoding, header validation, URL assembly that nothing can redirect, credentials that never
//! print, the call loop ([`Request::send`]: retries by [`RetryPolicy`], idempotency keys, tokens from a
//! [`TokenSource`], timeouts, tracing) over a pluggable [`Transport`], and the [`Error`] every operation returns.
//!
//! Nothing here panics on input: every value that cannot be put on the wire as the spec says is an
//! [`InvalidRequest`], which names the parameter but never repeats its value (it may be a credential).

mod body;
mod builder;
mod call;
mod error;
mod paginate;
mod respond;
mod retry;
mod token;
mod transport;
mod upload;

pub use crate::sse::Event;
pub use body::{frame_data, json_data, text_data, ByteStream, DecodeData, EventStream, StreamingResponse};
pub use builder::{
    pages_of, ApiClient, CallFuture, Operation, Options, Reply, Sendable, Sender, Streamed, Unset, WithResponse,
};
pub use call::{CallOptions, Config, Endpoint, Place, Request, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT};
pub use error::{
    failure, failure_without_body, json_failure, success, unexpected, Error, ErrorMessage, NoErrorBody, SHOWN,
};
/// The trait of asynchronous sequences (`futures::Stream`) that event streams, byte streams and pages implement.
pub use futures_core::Stream;
pub use paginate::{items, next_link, pages, CursorValue, Flag, IntoItems, Items, Page, PageAt, PageNumber, Pages};
pub use reqwest::header::HeaderMap;
pub use reqwest::Method;
pub use respond::{ApiResponse, BodyOnly, FullResponse, Head, Respond};
pub(crate) use retry::random as random_u64;
pub use retry::{new_idempotency_key, retry_after, RetryBudget, RetryPolicy};
pub use token::{ClientCredentials, Token, TokenError, TokenSource};
pub use transport::{
    default_http_client, same_origin_redirects, BoxError, BoxFuture, HttpRequest, HttpResponse, IntoTransport,
    ResponseBody, Transport, TransportError, TransportKind, DEFAULT_CONNECT_TIMEOUT, MAX_REDIRECTS,
};
pub use upload::Upload;

use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// A credential (token, password, API key). Its `Debug` output is `"<redacted>"`, so a client that holds one can be
/// logged safely.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// A request that cannot be sent as the spec says. Names the place, never the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    place: String,
    problem: Problem,
}

/// Why a request cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A header value with a carriage return or line feed, which would end the header (and could add others).
    LineBreak,
    /// A header value with another control character.
    ControlCharacter,
    /// A header name that is not a valid HTTP token.
    HeaderName,
    /// A path segment that would be empty, `.` or `..`: URL normalisation would drop or climb it, changing the path.
    PathSegment,
    /// The value cannot be serialised (e.g. a non-finite number).
    NotSerializable(String),
    /// The URL is not an absolute `http`/`https` URL without query or fragment.
    BaseUrl(String),
    /// Parsing the assembled URL changed its path or query (a bug this check stops from reaching the network).
    UrlChanged,
    /// A required parameter set on the client (or on one call) was set on neither.
    Missing,
    /// A next page's URL (from a `Link` header) on another origin than the base URL, or not an `http`/`https` URL:
    /// following it would send the client's credentials elsewhere.
    OtherOrigin,
    /// A body or file part to send that cannot be read (a file that cannot be opened, a stream already sent).
    Unreadable(String),
}

impl InvalidRequest {
    /// A problem with the thing described by `place` (e.g. "header parameter `Tenant-Name`").
    pub fn new(place: impl Into<String>, problem: Problem) -> Self {
        InvalidRequest { place: place.into(), problem }
    }

    /// Which parameter, body or URL.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// What is wrong with it.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.place)?;
        match &self.problem {
            Problem::LineBreak => {
                f.write_str("the value contains a line break (CR or LF), which is not allowed in a header")
            }
            Problem::ControlCharacter => {
                f.write_str("the value contains a control character, which is not allowed in a header")
            }
            Problem::HeaderName => f.write_str("not a valid HTTP header name"),
            Problem::PathSegment => f.write_str(
                "the value would make a path segment that is empty, `.` or `..`, which would change the path",
            ),
            Problem::NotSerializable(e) => write!(f, "cannot be serialised: {e}"),
            Problem::BaseUrl(e) => write!(f, "not an absolute http(s) URL without query or fragment: {e}"),
            Problem::UrlChanged => f.write_str("the URL would not be sent as assembled"),
            Problem::Missing => f.write_str("required, and set neither on the client nor on the call"),
            Problem::OtherOrigin => f.write_str("not on the origin of the base URL, so it is not followed"),
            Problem::Unreadable(why) => write!(f, "cannot be read: {why}"),
        }
    }
}

impl std::error::Error for InvalidRequest {}

/// OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple`: `blue,black` (path and header default).
    Simple,
    /// `label`: `.blue,black` (path).
    Label,
    /// `matrix`: `;color=blue,black` (path).
    Matrix,
    /// `form`: `color=blue&color=black` (query and cookie default).
    Form,
    /// `spaceDelimited`: `color=blue%20black` (query).
    SpaceDelimited,
    /// `pipeDelimited`: `color=blue|black` (query).
    PipeDelimited,
    /// `deepObject`: `color[R]=100&color[G]=200` (query).
    DeepObject,
}

/// How a parameter is serialised: its `style`, whether it is exploded, whether reserved characters are kept (a
/// query parameter's `allowReserved`) and whether it fills a whole path segment. Written from a style:
/// `Style::Form.exploded()`, `Style::Simple.whole_segment()`; a style alone is the style with every flag off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The style.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
    /// `allowReserved` (query parameters).
    pub allow_reserved: bool,
    /// The parameter is a whole path segment (so an empty, `.` or `..` value is refused).
    pub whole_segment: bool,
}

impl Style {
    /// The style with `explode`.
    pub const fn exploded(self) -> Format {
        Format::of(self).exploded()
    }

    /// The style, keeping reserved characters.
    pub const fn allow_reserved(self) -> Format {
        Format::of(self).allow_reserved()
    }

    /// The style, for a parameter that fills a whole path segment.
    pub const fn whole_segment(self) -> Format {
        Format::of(self).whole_segment()
    }
}

impl Format {
    /// `style` with every flag off.
    pub const fn of(style: Style) -> Self {
        Format { style, explode: false, allow_reserved: false, whole_segment: false }
    }

    /// With `explode`.
    pub const fn exploded(self) -> Self {
        Format { explode: true, ..self }
    }

    /// Keeping reserved characters.
    pub const fn allow_reserved(self) -> Self {
        Format { allow_reserved: true, ..self }
    }

    /// For a parameter that fills a whole path segment.
    pub const fn whole_segment(self) -> Self {
        Format { whole_segment: true, ..self }
    }
}

impl From<Style> for Format {
    fn from(style: Style) -> Self {
        Format::of(style)
    }
}

/// A parameter value seen as OpenAPI sees it: undefined or empty, a primitive, an array or an object.
enum Shape {
    Empty,
    Scalar(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

fn shape<T: Serialize + ?Sized>(place: &dyn Fn() -> String, value: &T) -> Result<Shape, InvalidRequest> {
    let value = serde_json::to_value(value)
        .map_err(|e| InvalidRequest::new(place(), Problem::NotSerializable(e.to_string())))?;
    Ok(match value {
        Value::Null => Shape::Empty,
        Value::Array(items) => Shape::List(items.iter().map(scalar).collect()),
        Value::Object(map) => Shape::Object(map.iter().map(|(k, v)| (k.clone(), scalar(v))).collect()),
        other => Shape::Scalar(scalar(&other)),
    })
}

/// A primitive as text; a nested array or object (which the styles do not define) as its JSON text.
fn scalar(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Unreserved characters (RFC 3986 section 2.3): the only ones never percent-encoded.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Reserved characters that `allowReserved` lets through, except those that would end or split the query.
fn reserved_kept(b: u8) -> bool {
    matches!(b, b':' | b'/' | b'?' | b'@' | b'!' | b'$' | b'\'' | b'(' | b')' | b'*' | b',' | b';' | b'[' | b']')
}

/// Percent-encodes every byte that is not unreserved (and not in `keep`).
pub fn encode(text: &str, keep: fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if unreserved(b) || keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

fn nothing(_: u8) -> bool {
    false
}

/// A path parameter, serialised by its style (`simple`, `label` or `matrix`; others as `simple`) and
/// percent-encoded so that no value can add a segment, a query or a fragment. When the parameter fills a whole path
/// segment, a result that is empty, `.` or `..` is refused: URL normalisation would remove or climb such a segment.
pub fn path<T: Serialize + ?Sized>(name: &str, value: &T, format: impl Into<Format>) -> Result<String, InvalidRequest> {
    let Format { style, explode, whole_segment, .. } = format.into();
    let place = || format!("path parameter `{name}`");
    let e = |s: &str| encode(s, nothing);
    let shape = shape(&place, value)?;
    let out = match style {
        Style::Label => {
            let sep = if explode { "." } else { "," };
            match shape {
                Shape::Empty => ".".to_owned(),
                Shape::Scalar(v) => format!(".{}", e(&v)),
                Shape::List(items) => format!(".{}", join(items.iter().map(|i| e(i)), sep)),
                Shape::Object(pairs) => format!(".{}", pairs_text(&pairs, explode, sep, &e)),
            }
        }
        Style::Matrix => {
            let n = e(name);
            match shape {
                Shape::Empty => format!(";{n}"),
                Shape::Scalar(v) => format!(";{n}={}", e(&v)),
                Shape::List(items) if explode => items.iter().map(|i| format!(";{n}={}", e(i))).collect(),
                Shape::List(items) => format!(";{n}={}", join(items.iter().map(|i| e(i)), ",")),
                Shape::Object(pairs) if explode => pairs.iter().map(|(k, v)| format!(";{}={}", e(k), e(v))).collect(),
                Shape::Object(pairs) => format!(";{n}={}", pairs_text(&pairs, false, ",", &e)),
            }
        }
        _ => simple(shape, explode, &e),
    };
    if whole_segment && matches!(out.as_str(), "" | "." | "..") {
        return Err(InvalidRequest::new(place(), Problem::PathSegment));
    }
    Ok(out)
}

/// A path parameter of the default serialisation (style `simple`, not exploded) that fills a whole segment:
/// [`path`] with `Style::Simple.whole_segment()`.
pub fn segment<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, InvalidRequest> {
    path(name, value, Style::Simple.whole_segment())
}

fn simple(shape: Shape, explode: bool, e: &dyn Fn(&str) -> String) -> String {
    match shape {
        Shape::Empty => String::new(),
        Shape::Scalar(v) => e(&v),
        Shape::List(items) => join(items.iter().map(|i| e(i)), ","),
        Shape::Object(pairs) => pairs_text(&pairs, explode, ",", e),
    }
}

fn join(items: impl Iterator<Item = String>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

/// `k=v<sep>k=v` (explode) or `k,v,k,v`.
fn pairs_text(pairs: &[(String, String)], explode: bool, sep: &str, e: &dyn Fn(&str) -> String) -> String {
    if explode {
        join(pairs.iter().map(|(k, v)| format!("{}={}", e(k), e(v))), sep)
    } else {
        join(pairs.iter().flat_map(|(k, v)| [e(k), e(v)]), ",")
    }
}

/// A query string under construction, in the order parameters are added.
#[derive(Debug, Clone, Default)]
pub struct Query {
    parts: Vec<String>,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Query::default()
    }

    /// Adds a parameter serialised by its style (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`; others as
    /// `form`). Names and values are percent-encoded (with `allow_reserved`, RFC 3986 reserved characters other
    /// than `#`, `&`, `=` and `+` are kept), so no value can end the query or add a parameter. An empty array adds
    /// nothing (RFC 6570: an empty list is undefined).
    pub fn push<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        format: impl Into<Format>,
    ) -> Result<(), InvalidRequest> {
        let Format { style, explode, allow_reserved, .. } = format.into();
        let place = || format!("query parameter `{name}`");
        let keep: fn(u8) -> bool = if allow_reserved { reserved_kept } else { nothing };
        let e = |s: &str| encode(s, keep);
        let n = encode(name, nothing);
        match (shape(&place, value)?, style) {
            (Shape::Empty, _) => self.parts.push(format!("{n}=")),
            (Shape::Scalar(v), _) => self.parts.push(format!("{n}={}", e(&v))),
            (Shape::List(items), _) if items.is_empty() => {}
            (Shape::List(items), Style::SpaceDelimited) if !explode => {
                self.parts.push(format!("{n}={}", join(items.iter().map(|i| e(i)), "%20")));
            }
            (Shape::List(items), Style::PipeDelimited) if !explode => {
                self.parts.push(format!("{n}={}", join(items.iter().map(|i| e(i)), "|")));
            }
            (Shape::List(items), _) if explode => self.parts.extend(items.iter().map(|i| format!("{n}={}", e(i)))),
            (Shape::List(items), _) => self.parts.push(format!("{n}={}", join(items.iter().map(|i| e(i)), ","))),
            (Shape::Object(pairs), Style::DeepObject) => {
                self.parts.extend(pairs.iter().map(|(k, v)| format!("{n}[{}]={}", e(k), e(v))));
            }
            (Shape::Object(pairs), Style::SpaceDelimited) if !explode => {
                self.parts.push(format!("{n}={}", join(pairs.iter().flat_map(|(k, v)| [e(k), e(v)]), "%20")));
            }
            (Shape::Object(pairs), Style::PipeDelimited) if !explode => {
                self.parts.push(format!("{n}={}", join(pairs.iter().flat_map(|(k, v)| [e(k), e(v)]), "|")));
            }
            (Shape::Object(pairs), _) if explode => {
                self.parts.extend(pairs.iter().map(|(k, v)| format!("{}={}", e(k), e(v))));
            }
            (Shape::Object(pairs), _) => self.parts.push(format!("{n}={}", pairs_text(&pairs, false, ",", &e))),
        }
        Ok(())
    }

    /// Adds the parameter as [`push`](Self::push) does when `value` is `Some`; `None` adds nothing (an optional
    /// parameter the caller left out).
    pub fn push_some<T: Serialize>(
        &mut self,
        name: &str,
        value: Option<T>,
        format: impl Into<Format>,
    ) -> Result<(), InvalidRequest> {
        match value {
            Some(value) => self.push(name, &value, format),
            None => Ok(()),
        }
    }

    /// Sets the parameter `name` to the scalar `value`: every earlier value of that name is removed, and
    /// `name=value` added (a page's cursor, offset or number replacing the first request's).
    pub fn replace(&mut self, name: &str, value: &str) -> Result<(), InvalidRequest> {
        let n = encode(name, nothing);
        self.parts.retain(|part| part.split('=').next() != Some(n.as_str()));
        self.push(name, value, Style::Form)
    }

    /// The names of the parameters added, as sent (percent-encoded).
    fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|part| part.split('=').next().unwrap_or_default())
    }

    /// Adds a credential as `name=value` (an API key in the query).
    pub fn push_secret(&mut self, name: &str, secret: &Secret) {
        self.parts.push(format!("{}={}", encode(name, nothing), encode(secret.expose(), nothing)));
    }

    /// The query string without the leading `?` (empty when nothing was added).
    pub fn as_str(&self) -> String {
        self.parts.join("&")
    }
}

/// Cookie parameters (style `form`), sent as one `Cookie` header.
#[derive(Debug, Clone, Default)]
pub struct Cookies {
    parts: Vec<String>,
}

impl Cookies {
    /// No cookies yet.
    pub fn new() -> Self {
        Cookies::default()
    }

    /// Adds a cookie (style `form`; exploded or not as `format` says); the value is percent-encoded, so it cannot
    /// end the cookie or the header.
    pub fn push<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        format: impl Into<Format>,
    ) -> Result<(), InvalidRequest> {
        let explode = format.into().explode;
        let place = || format!("cookie parameter `{name}`");
        let e = |s: &str| encode(s, nothing);
        let n = e(name);
        match shape(&place, value)? {
            Shape::Empty => self.parts.push(format!("{n}=")),
            Shape::Scalar(v) => self.parts.push(format!("{n}={}", e(&v))),
            Shape::List(items) if items.is_empty() => {}
            Shape::List(items) if explode => self.parts.extend(items.iter().map(|i| format!("{n}={}", e(i)))),
            Shape::List(items) => self.parts.push(format!("{n}={}", join(items.iter().map(|i| e(i)), ","))),
            Shape::Object(pairs) if explode => {
                self.parts.extend(pairs.iter().map(|(k, v)| format!("{}={}", e(k), e(v))))
            }
            Shape::Object(pairs) => self.parts.push(format!("{n}={}", pairs_text(&pairs, false, ",", &e))),
        }
        Ok(())
    }

    /// Adds a credential cookie (an API key in a cookie).
    pub fn push_secret(&mut self, name: &str, secret: &Secret) {
        self.parts.push(format!("{}={}", encode(name, nothing), encode(secret.expose(), nothing)));
    }

    /// Sets the `Cookie` header when any cookie was added (marked sensitive).
    pub fn finish(self, headers: &mut HeaderMap) -> Result<(), InvalidRequest> {
        if self.parts.is_empty() {
            return Ok(());
        }
        let mut value = header_value("cookie parameters", self.parts.join("; ").as_bytes())?;
        value.set_sensitive(true);
        headers.insert(reqwest::header::COOKIE, value);
        Ok(())
    }
}

fn header_value(place: &str, bytes: &[u8]) -> Result<HeaderValue, InvalidRequest> {
    if bytes.iter().any(|b| matches!(b, b'\r' | b'\n')) {
        return Err(InvalidRequest::new(place, Problem::LineBreak));
    }
    HeaderValue::from_bytes(bytes).map_err(|_| InvalidRequest::new(place, Problem::ControlCharacter))
}

fn header_name(place: &str, name: &str) -> Result<HeaderName, InvalidRequest> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| InvalidRequest::new(place, Problem::HeaderName))
}

/// Sets a header parameter (style `simple`, not percent-encoded). A value with CR, LF or another control
/// character is refused, so no value can end the header or add another. `Authorization`, `Proxy-Authorization`
/// and `Cookie` values are marked sensitive.
pub fn header<T: Serialize + ?Sized>(
    headers: &mut HeaderMap,
    name: &str,
    value: &T,
    format: impl Into<Format>,
) -> Result<(), InvalidRequest> {
    let explode = format.into().explode;
    let place = format!("header parameter `{name}`");
    let header = header_name(&place, name)?;
    let text = simple(shape(&|| place.clone(), value)?, explode, &|s: &str| s.to_owned());
    let mut value = header_value(&place, text.as_bytes())?;
    if header == reqwest::header::AUTHORIZATION || header == reqwest::header::PROXY_AUTHORIZATION {
        value.set_sensitive(true);
    }
    headers.insert(header, value);
    Ok(())
}

/// Sets a credential header (an API key in a header, or `Authorization`), marked sensitive.
pub fn secret_header(headers: &mut HeaderMap, name: &str, secret: &Secret) -> Result<(), InvalidRequest> {
    let place = format!("credential header `{name}`");
    let header = header_name(&place, name)?;
    let mut value = header_value(&place, secret.expose().as_bytes())?;
    value.set_sensitive(true);
    headers.insert(header, value);
    Ok(())
}

/// Sets `Authorization: Bearer <token>`, marked sensitive.
pub fn bearer(headers: &mut HeaderMap, token: &Secret) -> Result<(), InvalidRequest> {
    let mut value = header_value("bearer token", format!("Bearer {}", token.expose()).as_bytes())?;
    value.set_sensitive(true);
    headers.insert(reqwest::header::AUTHORIZATION, value);
    Ok(())
}

/// Sets `Authorization: Basic <base64(user:password)>`, marked sensitive.
pub fn basic(headers: &mut HeaderMap, user: &Secret, password: &Secret) -> Result<(), InvalidRequest> {
    let credentials = format!("{}:{}", user.expose(), password.expose());
    let mut value = header_value("basic credentials", format!("Basic {}", base64(credentials.as_bytes())).as_bytes())?;
    value.set_sensitive(true);
    headers.insert(reqwest::header::AUTHORIZATION, value);
    Ok(())
}

/// Standard base64 with padding (RFC 4648 section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Checks a base URL (absolute `http`/`https`, no query or fragment) and returns it without a trailing `/`, ready
/// for paths that start with `/`.
pub fn base_url(url: &str) -> Result<String, InvalidRequest> {
    let place = "base URL";
    let parsed = reqwest::Url::parse(url).map_err(|e| InvalidRequest::new(place, Problem::BaseUrl(e.to_string())))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(InvalidRequest::new(place, Problem::BaseUrl(format!("scheme `{}`", parsed.scheme()))));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(InvalidRequest::new(place, Problem::BaseUrl("it has a query or fragment".to_owned())));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(InvalidRequest::new(place, Problem::BaseUrl("it has credentials in it".to_owned())));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// A response header that is not what the spec documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidHeader {
    name: String,
    problem: String,
}

impl InvalidHeader {
    /// The header's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for InvalidHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response header `{}`: {}", self.name, self.problem)
    }
}

impl std::error::Error for InvalidHeader {}

/// The response header `name` as the type the spec documents (style `simple`): `None` when it is absent; the text
/// as a string, else as a JSON scalar (numbers, booleans), else as a comma-separated list of either.
pub fn response_header<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
) -> Result<Option<T>, InvalidHeader> {
    let Some(value) = headers.get(name) else { return Ok(None) };
    let invalid = |problem: String| InvalidHeader { name: name.to_owned(), problem };
    let text = value.to_str().map_err(|_| invalid("not visible ASCII".to_owned()))?.trim();
    let as_string = serde_json::from_value::<T>(Value::String(text.to_owned()));
    let first_error = match as_string {
        Ok(v) => return Ok(Some(v)),
        Err(e) => e.to_string(),
    };
    if let Ok(v) = serde_json::from_str::<T>(text) {
        return Ok(Some(v));
    }
    let items: Vec<&str> = if text.is_empty() { Vec::new() } else { text.split(',').map(str::trim).collect() };
    let strings = Value::Array(items.iter().map(|i| Value::String((*i).to_owned())).collect());
    if let Ok(v) = serde_json::from_value::<T>(strings) {
        return Ok(Some(v));
    }
    let scalars: Option<Vec<Value>> = items.iter().map(|i| serde_json::from_str(i).ok()).collect();
    match scalars.map(|s| serde_json::from_value::<T>(Value::Array(s))) {
        Some(Ok(v)) => Ok(Some(v)),
        _ => Err(invalid(first_error)),
    }
}

/// `url` resolved against the base URL (a token URL the spec writes relative to the server); an absolute `url`, or
/// one that cannot be resolved, as it is.
pub fn resolve_url(base: &str, url: &str) -> String {
    match reqwest::Url::parse(&format!("{}/", base.trim_end_matches('/'))).and_then(|b| b.join(url)) {
        Ok(resolved) => resolved.to_string(),
        Err(_) => url.to_owned(),
    }
}

/// The request URL: the base URL (from [`base_url`]), the assembled path and the query. Refuses to return a URL
/// whose parsed path or query differs from what was assembled, so no normalisation can redirect the request.
pub fn url(base: &str, path: &str, query: &Query) -> Result<reqwest::Url, InvalidRequest> {
    let query = query.as_str();
    let mut text = format!("{base}{path}");
    let expected_path = reqwest::Url::parse(&text).map(|u| u.path().to_owned());
    if !query.is_empty() {
        text.push('?');
        text.push_str(&query);
    }
    let parsed =
        reqwest::Url::parse(&text).map_err(|e| InvalidRequest::new("request URL", Problem::BaseUrl(e.to_string())))?;
    let base_path = reqwest::Url::parse(base).map(|u| u.path().trim_end_matches('/').to_owned()).unwrap_or_default();
    let path_kept = expected_path.is_ok_and(|p| p == parsed.path()) && parsed.path() == format!("{base_path}{path}");
    let query_kept = parsed.query().unwrap_or("") == query && parsed.fragment().is_none();
    if !path_kept || !query_kept {
        return Err(InvalidRequest::new("request URL", Problem::UrlChanged));
    }
    Ok(parsed)
}

/// The URL of a next page that a `Link` header gave (`next`, resolved against `base` when relative), with the
/// parameters of `query` that it does not set itself. One on another origin than `base` is refused: the client's
/// credentials go to its base URL's origin only.
pub fn next_page_url(base: &str, next: &str, query: &Query) -> Result<reqwest::Url, InvalidRequest> {
    let place = "next page URL";
    let base_url = reqwest::Url::parse(&format!("{base}/"))
        .map_err(|e| InvalidRequest::new(place, Problem::BaseUrl(e.to_string())))?;
    let mut url = base_url.join(next).map_err(|e| InvalidRequest::new(place, Problem::BaseUrl(e.to_string())))?;
    if url.origin() != base_url.origin() || !matches!(url.scheme(), "http" | "https") {
        return Err(InvalidRequest::new(place, Problem::OtherOrigin));
    }
    url.set_fragment(None);
    let own: Vec<String> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .map(|p| p.split('=').next().unwrap_or_default().to_owned())
        .collect();
    let mut parts: Vec<&str> = url.query().into_iter().filter(|q| !q.is_empty()).collect();
    let added: Vec<&String> =
        query.parts.iter().zip(query.names()).filter(|(_, n)| !own.iter().any(|o| o == n)).map(|(p, _)| p).collect();
    let joined = {
        parts.extend(added.iter().map(|p| p.as_str()));
        parts.join("&")
    };
    url.set_query((!joined.is_empty()).then_some(joined.as_str()));
    Ok(url)
}

/// A JSON request body.
pub fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, InvalidRequest> {
    serde_json::to_vec(value).map_err(|e| InvalidRequest::new("request body", Problem::NotSerializable(e.to_string())))
}

/// An `application/x-www-form-urlencoded` body: the object's properties as `name=value` pairs (arrays exploded,
/// nested objects as JSON text), percent-encoded.
pub fn form_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, InvalidRequest> {
    let mut query = Query::new();
    let place = || "request body".to_owned();
    match shape(&place, value)? {
        Shape::Object(_) | Shape::Empty => {}
        _ => {
            return Err(InvalidRequest::new(
                place(),
                Problem::NotSerializable("a form body must be an object".to_owned()),
            ))
        }
    }
    let value = serde_json::to_value(value)
        .map_err(|e| InvalidRequest::new(place(), Problem::NotSerializable(e.to_string())))?;
    if let Value::Object(map) = value {
        for (k, v) in &map {
            if !v.is_null() {
                query.push(k, v, Style::Form.exploded())?;
            }
        }
    }
    Ok(query.as_str().into_bytes())
}

/// A whole response: status, headers and body bytes.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status.
    pub status: reqwest::StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
    /// How many requests were sent (more than one after retries).
    pub attempts: u32,
}

impl Response {
    /// Decodes the body as JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The body as UTF-8 text (invalid UTF-8 is an error, never replaced).
    pub fn text(&self) -> Result<String, serde_json::Error> {
        String::from_utf8(self.body.clone()).map_err(<serde_json::Error as serde::de::Error>::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(style: Style, explode: bool) -> Format {
        if explode {
            style.exploded()
        } else {
            style.into()
        }
    }

    fn q(name: &str, value: &Value, style: Style, explode: bool) -> String {
        let mut query = Query::new();
        query.push(name, value, format(style, explode)).map(|()| query.as_str()).unwrap_or_else(|e| e.to_string())
    }

    fn p(value: &Value, style: Style, explode: bool) -> String {
        path("color", value, format(style, explode)).unwrap_or_else(|e| e.to_string())
    }

    // The "Style Examples" table of OpenAPI 3.0.4 / 3.1.1 (which corrected `label` arrays to RFC 6570).
    #[test]
    fn style_examples() {
        let blue = serde_json::json!("blue");
        let list = serde_json::json!(["blue", "black", "brown"]);
        let object = serde_json::json!({"R": 100, "G": 200, "B": 150});
        let empty = Value::Null;
        assert_eq!(p(&empty, Style::Matrix, false), ";color");
        assert_eq!(p(&blue, Style::Matrix, false), ";color=blue");
        assert_eq!(p(&list, Style::Matrix, false), ";color=blue,black,brown");
        assert_eq!(p(&list, Style::Matrix, true), ";color=blue;color=black;color=brown");
        assert_eq!(p(&object, Style::Matrix, false), ";color=R,100,G,200,B,150");
        assert_eq!(p(&object, Style::Matrix, true), ";R=100;G=200;B=150");
        assert_eq!(p(&empty, Style::Label, false), ".");
        assert_eq!(p(&blue, Style::Label, false), ".blue");
        assert_eq!(p(&list, Style::Label, false), ".blue,black,brown");
        assert_eq!(p(&list, Style::Label, true), ".blue.black.brown");
        assert_eq!(p(&object, Style::Label, false), ".R,100,G,200,B,150");
        assert_eq!(p(&object, Style::Label, true), ".R=100.G=200.B=150");
        assert_eq!(p(&blue, Style::Simple, false), "blue");
        assert_eq!(p(&list, Style::Simple, true), "blue,black,brown");
        assert_eq!(p(&object, Style::Simple, false), "R,100,G,200,B,150");
        assert_eq!(p(&object, Style::Simple, true), "R=100,G=200,B=150");
        assert_eq!(q("color", &empty, Style::Form, true), "color=");
        assert_eq!(q("color", &blue, Style::Form, true), "color=blue");
        assert_eq!(q("color", &list, Style::Form, false), "color=blue,black,brown");
        assert_eq!(q("color", &list, Style::Form, true), "color=blue&color=black&color=brown");
        assert_eq!(q("color", &object, Style::Form, false), "color=R,100,G,200,B,150");
        assert_eq!(q("color", &object, Style::Form, true), "R=100&G=200&B=150");
        assert_eq!(q("color", &list, Style::SpaceDelimited, false), "color=blue%20black%20brown");
        assert_eq!(q("color", &list, Style::PipeDelimited, false), "color=blue|black|brown");
        assert_eq!(q("color", &object, Style::SpaceDelimited, false), "color=R%20100%20G%20200%20B%20150");
        assert_eq!(q("color", &object, Style::DeepObject, true), "color[R]=100&color[G]=200&color[B]=150");
    }

    #[test]
    fn values_cannot_escape_their_place() {
        let s = |v: &str| path("id", v, Style::Simple.whole_segment());
        assert_eq!(s("a/../b").as_deref(), Ok("a%2F..%2Fb"));
        assert_eq!(s("x?y#z").as_deref(), Ok("x%3Fy%23z"));
        assert_eq!(s("%2e%2e").as_deref(), Ok("%252e%252e"));
        assert_eq!(s("a\\b").as_deref(), Ok("a%5Cb"));
        for bad in ["", ".", ".."] {
            assert_eq!(s(bad).map_err(|e| e.problem().clone()), Err(Problem::PathSegment), "{bad:?}");
        }
        assert_eq!(q("q", &serde_json::json!("a&b=c#d+e f"), Style::Form, true), "q=a%26b%3Dc%23d%2Be%20f");
        let mut query = Query::new();
        assert!(query.push("q", "a&b#c+d/e", Style::Form.exploded().allow_reserved()).is_ok());
        assert_eq!(query.as_str(), "q=a%26b%23c%2Bd/e");
    }

    #[test]
    fn headers_refuse_line_breaks_and_hide_the_value() {
        let mut headers = HeaderMap::new();
        let err = header(&mut headers, "Tenant-Name", "base\r\nX-Evil: 1", Style::Simple).map_err(|e| e.to_string());
        assert_eq!(err, Err("header parameter `Tenant-Name`: the value contains a line break (CR or LF), which is not allowed in a header".to_owned()));
        assert!(header(&mut headers, "X", "a\0b", Style::Simple).is_err());
        assert!(headers.is_empty());
        assert!(header(&mut headers, "Bad Name", "v", Style::Simple).is_err());
        assert!(header(&mut headers, "Authorization", "key", Style::Simple).is_ok());
        assert!(headers.get("authorization").is_some_and(HeaderValue::is_sensitive));
        let token = Secret::new("s3cret");
        assert_eq!(format!("{token:?}"), "\"<redacted>\"");
        assert!(bearer(&mut headers, &Secret::new("t\nX: y")).is_err());
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
    }

    #[test]
    fn response_headers_read_as_their_documented_types() {
        let mut headers = HeaderMap::new();
        for (name, value) in [("x-id", "abc"), ("x-count", "42"), ("x-flag", "true"), ("x-list", "1, 2,3")] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        assert_eq!(response_header::<String>(&headers, "X-Id"), Ok(Some("abc".to_owned())));
        assert_eq!(response_header::<i64>(&headers, "x-count"), Ok(Some(42)));
        assert_eq!(response_header::<String>(&headers, "x-count"), Ok(Some("42".to_owned())));
        assert_eq!(response_header::<bool>(&headers, "x-flag"), Ok(Some(true)));
        assert_eq!(response_header::<Vec<i32>>(&headers, "x-list"), Ok(Some(vec![1, 2, 3])));
        assert_eq!(response_header::<i64>(&headers, "x-absent"), Ok(None));
        let err = response_header::<i64>(&headers, "x-id").map_err(|e| e.to_string());
        assert!(err.as_ref().is_err_and(|e| e.starts_with("response header `x-id`: invalid type")), "{err:?}");
    }

    #[test]
    fn urls_are_kept_as_assembled() {
        let base = base_url("https://api.eu.corti.app/v2/").unwrap_or_default();
        assert_eq!(base, "https://api.eu.corti.app/v2");
        let mut query = Query::new();
        assert!(query.push("a", "1", Style::Form.exploded()).is_ok());
        let url = url(&base, "/interactions/x%2F..", &query).map(|u| u.to_string());
        assert_eq!(url.as_deref(), Ok("https://api.eu.corti.app/v2/interactions/x%2F..?a=1"));
        assert!(super::url(&base, "/interactions/..", &Query::new()).is_err());
        assert!(base_url("ftp://x").is_err());
        assert!(base_url("https://x/?q=1").is_err());
        assert!(base_url("not a url").is_err());
    }

    #[test]
    fn a_page_replaces_the_query_parameter_it_moves() {
        let mut q = Query::new();
        q.push("limit", &3, Style::Form).expect("push");
        q.push("starting_after", "cus_1", Style::Form).expect("push");
        q.replace("starting_after", "cus 9").expect("replace");
        assert_eq!(q.as_str(), "limit=3&starting_after=cus%209");
        q.replace("offset", "6").expect("replace");
        assert_eq!(q.as_str(), "limit=3&starting_after=cus%209&offset=6");
    }

    #[test]
    fn a_next_link_keeps_its_query_and_its_origin() {
        let mut q = Query::new();
        q.push("per_page", &2, Style::Form).expect("push");
        q.push_secret("api_key", &Secret::new("k"));
        let url = next_page_url("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/items?page=2&per_page=2#x", &q)
            .expect("same origin");
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/v1/items?page=2&per_page=2&api_key=k");
        let url = next_page_url("http://127.0.0.1:8080/v1", "items?page=3", &Query::new()).expect("relative");
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/v1/items?page=3");
        for elsewhere in ["http://evil.example/v1/items?page=2", "https://127.0.0.1:8080/v1/items", "//evil.example/x"]
        {
            let e = next_page_url("http://127.0.0.1:8080/v1", elsewhere, &q).expect_err(elsewhere);
            assert_eq!(e.problem(), &Problem::OtherOrigin, "{elsewhere}");
        }
    }
}
