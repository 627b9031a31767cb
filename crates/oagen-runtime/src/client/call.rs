//! One call of an operation: the client's settings ([`Config`]), a call's own options ([`CallOptions`]),
//! the request being assembled ([`Request`]) and the loop that sends it: credentials from token sources, extra
//! headers and query parameters, idempotency keys, timeouts, retries with backoff, one replay after a 401 with a
//! refreshed token, and (feature `tracing`) one span per call.

use super::body::StreamingResponse;
use super::error::Error;
use super::paginate::PageAt;
use super::retry::{new_idempotency_key, RetryBudget, RetryPolicy};
use super::token::TokenSource;
use super::transport::{ResponseBody, Transport, TransportError, TransportKind};
use super::{header_name, header_value, Cookies, InvalidRequest, Problem, Query, Response};
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// A parameter value set once for many calls (a hoisted parameter), kept as JSON until a call serialises it by the
/// parameter's style; or why the value cannot be serialised.
type ParamValue = Result<Value, String>;

/// What the caller adds to the spec's requests, on the client or on one call: headers and query parameters the spec
/// does not declare, and the values of hoisted parameters. Its `Debug` output names them but never shows a value
/// (one may be a credential).
#[derive(Clone, Default)]
struct Additions {
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    params: Vec<(&'static str, ParamValue)>,
}

impl Additions {
    /// A header (checked now: a valid name, no line break or other control character in the value).
    fn add_header(&mut self, name: &str, value: &str) -> Result<(), InvalidRequest> {
        let place = format!("header `{name}`");
        header_name(&place, name)?;
        header_value(&place, value.as_bytes())?;
        // The last value set for a name wins.
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        Ok(())
    }

    fn add_query(&mut self, name: &str, value: &str) {
        self.query.push((name.to_owned(), value.to_owned()));
    }

    fn set_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.params.retain(|(n, _)| *n != name);
        self.params.push((name, serde_json::to_value(value).map_err(|e| e.to_string())));
    }
}

impl std::fmt::Debug for Additions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Additions")
            .field("headers", &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .field("query", &self.query.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .field("params", &self.params.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .finish()
    }
}

/// What a generated client holds besides its credentials: the transport, the base URL, the timeout, the retry
/// policy, the idempotency header, and the headers, query parameters and hoisted parameters of every call (whose
/// values `Debug` never shows).
#[derive(Debug, Clone)]
pub struct Config {
    transport: Transport,
    base_url: String,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    budget: RetryBudget,
    idempotency_header: Option<String>,
    max_body_size: usize,
    added: Additions,
}

/// How long a call may take by default, all of it: every attempt (connecting, sending, the whole response), the
/// waits between them and a `Retry-After`: 60 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body a client reads by default: 16 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;

impl Config {
    /// Settings for the API at `base_url` (checked by [`super::base_url`]), sending through `transport`.
    pub fn new(transport: Transport, base_url: &str) -> Result<Self, InvalidRequest> {
        Ok(Config { base_url: super::base_url(base_url)?, ..Config::in_process(transport) })
    }

    /// Settings for calling a service in process (a generated server's router): the base URL is
    /// `http://localhost`, which only the paths' prefix comes from.
    pub fn in_process(transport: Transport) -> Self {
        Config {
            transport,
            base_url: "http://localhost".to_owned(),
            timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            budget: RetryBudget::default(),
            idempotency_header: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            added: Additions::default(),
        }
    }

    /// The largest response body read ([`DEFAULT_MAX_BODY_SIZE`] unless set); a longer one is an error, never read
    /// whole.
    pub fn set_max_body_size(&mut self, bytes: usize) {
        self.max_body_size = bytes;
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The transport.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Sends through `transport` from now on.
    pub fn set_transport(&mut self, transport: Transport) {
        self.transport = transport;
    }

    /// How long each call may take, all of it: its attempts, the waits between them and a `Retry-After`
    /// ([`DEFAULT_TIMEOUT`] unless set; `Duration::MAX` for no limit).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// How long each call may take: [`DEFAULT_TIMEOUT`] unless [`Config::set_timeout`] said otherwise.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The retry policy.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// The retries all calls of the client share ([`RetryBudget::default`] unless set).
    pub fn set_retry_budget(&mut self, budget: RetryBudget) {
        self.budget = budget;
    }

    /// The header that carries idempotency keys: with it, each POST or PATCH call gets a new key (the same on
    /// every attempt), which makes it safe to retry.
    pub fn set_idempotency_header(&mut self, name: impl Into<String>) {
        self.idempotency_header = Some(name.into());
    }

    /// A header the spec does not declare, sent on every call (checked now: no line breaks, a valid name).
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<(), InvalidRequest> {
        self.added.add_header(name, value)
    }

    /// A query parameter the spec does not declare, sent on every call (percent-encoded).
    pub fn add_query(&mut self, name: &str, value: &str) {
        self.added.add_query(name, value);
    }

    /// Sets the hoisted parameter `name` (its wire name) for every call.
    pub fn set_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.added.set_param(name, value);
    }
}

/// Options of one call (`.with_timeout(..)`, `.with_max_retries(0)` on its builder), overriding the client's. Its `Debug` output never shows an idempotency key, header, query or parameter value.
#[derive(Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry: Option<RetryPolicy>,
    idempotency_key: Option<String>,
    added: Additions,
    page: Option<PageAt>,
    /// Why the call cannot be sent (a header added that is not valid): the call fails with it, sending nothing.
    invalid: Option<InvalidRequest>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("retry", &self.retry)
            .field("idempotency_key", &self.idempotency_key.as_ref().map(|_| "<set>"))
            .field("added", &self.added)
            .field("page", &self.page.as_ref().map(|_| "<set>"))
            .field("invalid", &self.invalid)
            .finish()
    }
}

impl CallOptions {
    /// How long this call may take, all of it, overriding the client's.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// How many retries at most.
    pub fn set_max_retries(&mut self, n: u32) {
        self.max_retries = Some(n);
    }

    /// The retry policy, replacing the client's.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// The idempotency key (sent in the client's idempotency header, `Idempotency-Key` when none is set).
    pub fn set_idempotency_key(&mut self, key: impl Into<String>) {
        self.idempotency_key = Some(key.into());
    }

    /// A header the spec does not declare (checked now), replacing the client's of that name.
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<(), InvalidRequest> {
        self.added.add_header(name, value)
    }

    /// A header the spec does not declare, replacing the client's of that name; one that cannot be sent (not a valid
    /// name, a line break or another control character in the value) fails the call when it is sent, before
    /// anything goes out.
    pub fn add_header_when_sent(&mut self, name: &str, value: &str) {
        if let Err(e) = self.added.add_header(name, value) {
            self.invalid.get_or_insert(e);
        }
    }

    /// A query parameter the spec does not declare.
    pub fn add_query(&mut self, name: &str, value: &str) {
        self.added.add_query(name, value);
    }

    /// Sets the hoisted parameter `name` (its wire name), overriding the client's.
    pub fn set_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.added.set_param(name, value);
    }

    /// Sends calls for the page at `at` of a paginated operation (`None`: the first page, the request as the
    /// operation's arguments make it).
    pub fn set_page(&mut self, at: Option<PageAt>) {
        self.page = at;
    }
}

/// An operation as calls and traces name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The `operationId` (or the generated method's name when the spec has none).
    pub id: &'static str,
    /// The method.
    pub method: Method,
    /// The path template, as the spec writes it.
    pub path: &'static str,
}

/// The body of a request: bytes (rebuilt for each attempt), a stream (a multipart body with files or streams: sent
/// once) or, with feature `multipart`, a form (sent once).
enum Body {
    None,
    /// A typed multipart form not yet turned into bytes or a stream (done when it is sent: its files are opened
    /// then).
    Form(crate::multipart::Form),
    Bytes(HeaderValue, Bytes),
    Upload(HeaderValue, super::Upload),
    Stream(HeaderValue, Option<reqwest::Body>),
    #[cfg(feature = "multipart")]
    Multipart(HeaderValue, Option<reqwest::multipart::Form>),
}

/// A request being assembled by an operation's method, then sent by [`Request::send`].
pub struct Request<'a> {
    config: &'a Config,
    options: CallOptions,
    operation: Endpoint,
    path: String,
    /// The query parameters.
    pub query: Query,
    /// The headers.
    pub headers: HeaderMap,
    /// The cookies.
    pub cookies: Cookies,
    body: Body,
    tokens: Option<TokenSource>,
}

/// Where a hoisted parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl<'a> Request<'a> {
    /// A request for `operation` to `path` (already encoded).
    pub fn new(config: &'a Config, options: CallOptions, operation: Endpoint, path: String) -> Self {
        Request {
            config,
            options,
            operation,
            path,
            query: Query::new(),
            headers: HeaderMap::new(),
            cookies: Cookies::new(),
            body: Body::None,
            tokens: None,
        }
    }

    /// Adds the hoisted parameter `name`: the value set on the call, else the client's; a required one that is
    /// set on neither is refused (nothing is sent).
    pub fn hoisted(
        &mut self,
        place: Place,
        name: &'static str,
        format: impl Into<super::Format>,
        required: bool,
    ) -> Result<(), InvalidRequest> {
        let found = self.options.added.params.iter().chain(&self.config.added.params).find(|(n, _)| *n == name);
        let what = match place {
            Place::Header => "header",
            Place::Query => "query",
            Place::Cookie => "cookie",
        };
        let value = match found {
            Some((_, Ok(value))) => value,
            Some((_, Err(e))) => {
                return Err(InvalidRequest::new(
                    format!("{what} parameter `{name}`"),
                    Problem::NotSerializable(e.clone()),
                ))
            }
            None if required => {
                return Err(InvalidRequest::new(format!("{what} parameter `{name}`"), Problem::Missing))
            }
            None => return Ok(()),
        };
        match place {
            Place::Header => super::header(&mut self.headers, name, value, format),
            Place::Query => self.query.push(name, value, format),
            Place::Cookie => self.cookies.push(name, value, format),
        }
    }

    /// The body, with its `Content-Type` (a media type that is not a valid header value is refused).
    pub fn body(&mut self, content_type: &str, body: impl Into<Bytes>) -> Result<(), InvalidRequest> {
        self.body = Body::Bytes(header_value("content-type", content_type.as_bytes())?, body.into());
        Ok(())
    }

    /// A binary body (bytes, a file, a stream) of media type `content_type`.
    pub fn upload(&mut self, content_type: &str, body: super::Upload) -> Result<(), InvalidRequest> {
        self.body = Body::Upload(header_value("content-type", content_type.as_bytes())?, body);
        Ok(())
    }

    /// A typed `multipart/form-data` body. One whose parts are all in memory is sent as bytes (and can be retried);
    /// one with files or streams is streamed, its files opened when it is sent (one that cannot be fails the call
    /// before anything is sent) and read as they go out, and it is sent once.
    pub fn form_data(&mut self, form: crate::multipart::Form) -> Result<(), InvalidRequest> {
        let content_type = header_value("content-type", form.content_type().as_bytes())?;
        self.body = match form.into_bytes() {
            Ok(bytes) => Body::Bytes(content_type, bytes),
            Err(form) => Body::Form(form),
        };
        Ok(())
    }

    /// A `multipart/form-data` body. It cannot be rebuilt, so the request is not retried.
    #[cfg(feature = "multipart")]
    pub fn multipart(&mut self, form: reqwest::multipart::Form) -> Result<(), InvalidRequest> {
        let content_type = format!("multipart/form-data; boundary={}", form.boundary());
        self.body = Body::Multipart(header_value("content-type", content_type.as_bytes())?, Some(form));
        Ok(())
    }

    /// Sends `Authorization: Bearer <token>` with a token from `tokens`, asked on each attempt.
    pub fn bearer(&mut self, tokens: &TokenSource) {
        self.tokens = Some(tokens.clone());
    }

    /// Sends the request (again as the retry policy allows) and reads the whole response (within the client's
    /// `with_max_body_size`; the timeout covers reading it).
    pub async fn send<B>(self) -> Result<Response, Error<B>> {
        match self.send_traced(false).await? {
            Received::Whole(response) => Ok(response),
            Received::Streaming(response) => response.read().await,
        }
    }

    /// Sends the request (again as the retry policy allows) and gives back the response once its head has arrived,
    /// its body unread: for event streams and downloads. The timeout covers the wait for the head, not the body.
    pub async fn send_streaming<B>(self) -> Result<StreamingResponse, Error<B>> {
        match self.send_traced(true).await? {
            Received::Streaming(response) => Ok(response),
            Received::Whole(response) => {
                let Response { status, headers, body, attempts } = response;
                Ok(StreamingResponse::new(status, headers, attempts, ResponseBody::from(body), usize::MAX))
            }
        }
    }

    async fn send_traced<B>(self, streaming: bool) -> Result<Received, Error<B>> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "oagen.call",
                operation = self.operation.id,
                method = %self.operation.method,
                path = self.operation.path,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let started = std::time::Instant::now();
            let result = self.send_attempts(streaming).instrument(span.clone()).await;
            let attempts = match &result {
                Ok(response) => response.attempts(),
                Err(e) => e.attempts(),
            };
            span.record("attempts", attempts);
            if let Some(status) = match &result {
                Ok(response) => Some(response.status()),
                Err(e) => e.status(),
            } {
                span.record("status", status.as_u16());
            }
            span.record("elapsed_ms", u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX));
            result
        }
        #[cfg(not(feature = "tracing"))]
        self.send_attempts(streaming).await
    }

    async fn send_attempts<B>(self, streaming: bool) -> Result<Received, Error<B>> {
        let Request { config, options, operation, path, mut query, mut headers, cookies, mut body, tokens } = self;
        let options = &options;
        if let Some(invalid) = &options.invalid {
            return Err(Error::InvalidRequest(invalid.clone()));
        }
        open_form(&mut body).await?;
        for (name, value) in config.added.query.iter().chain(&options.added.query) {
            query.push(name, value, super::Style::Form)?;
        }
        let url = match &options.page {
            None => super::url(&config.base_url, &path, &query)?,
            Some(PageAt::Query { name, value }) => {
                query.replace(name, value)?;
                super::url(&config.base_url, &path, &query)?
            }
            Some(PageAt::Url(next)) => super::next_page_url(&config.base_url, next, &query)?,
        };
        cookies.finish(&mut headers)?;
        let (retryable, replayable) = retryable(&operation, config, options, &mut headers, &body)?;
        let policy = options.retry.as_ref().unwrap_or(&config.retry);
        let max_retries = if retryable { options.max_retries.unwrap_or(policy.max_retries()) } else { 0 };
        let timeout = options.timeout.or(config.timeout);
        // One deadline for the whole call: every attempt, every wait between them (none when it is out of reach).
        let deadline = timeout.and_then(|limit| tokio::time::Instant::now().checked_add(limit));
        let retry = Retry { policy, budget: &config.budget, deadline, timeout, operation: &operation };
        config.budget.deposit();
        let (mut attempts, mut retries) = (0, 0);
        let mut replayed_after_401 = false;
        loop {
            attempts += 1;
            let token = match &tokens {
                Some(tokens) => match within(deadline, tokens.token()).await {
                    Some(Ok(token)) => Some(token),
                    Some(Err(source)) => return Err(Error::Token { source, attempts: attempts - 1 }),
                    None => {
                        let e = TransportError::new(TransportKind::Timeout, "timed out waiting for a bearer token");
                        return Err(Error::Transport(e.with_attempts(attempts - 1)));
                    }
                },
                None => None,
            };
            let (sent_body, length) = take_body(&mut body)?;
            let mut request = http::Request::new(sent_body);
            *request.method_mut() = operation.method.clone();
            *request.uri_mut() =
                url.as_str().parse().map_err(|_| InvalidRequest::new("request URL", Problem::UrlChanged))?;
            let sent_headers = request.headers_mut();
            *sent_headers = headers.clone();
            if let Some(token) = &token {
                super::bearer(sent_headers, token)?;
            }
            if let Some(content_type) = content_type(&body) {
                sent_headers.insert(reqwest::header::CONTENT_TYPE, content_type);
            }
            if let Some(length) = length {
                sent_headers.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(length));
            }
            // The headers the caller adds: the client's fill what the spec and the credentials left unset; the
            // call's replace anything.
            for (name, value) in &config.added.headers {
                let name = header_name("header", name)?;
                if !sent_headers.contains_key(&name) {
                    sent_headers.insert(name, added_value(value)?);
                }
            }
            for (name, value) in &options.added.headers {
                sent_headers.insert(header_name("header", name)?, added_value(value)?);
            }
            let outcome = match within(deadline, config.transport.send(request)).await {
                Some(outcome) => outcome,
                None => Err(TransportError::new(TransportKind::Timeout, "timed out")),
            };
            let retries_left = retries < max_retries;
            let response = match outcome {
                Err(e) => {
                    if retries_left && retries_after(&e) && retry.pause(retries + 1, None).await == Next::Retry {
                        retries += 1;
                        continue;
                    }
                    return Err(Error::Transport(e.with_attempts(attempts)));
                }
                Ok(response) => response,
            };
            let status = response.status();
            // A refused token is replaced and the request sent once more; that is not a retry.
            if status == StatusCode::UNAUTHORIZED && !replayed_after_401 && replayable {
                if let (Some(tokens), Some(token)) = (&tokens, &token) {
                    if tokens.refreshes() {
                        replayed_after_401 = true;
                        tokens.invalidate_token(token);
                        continue;
                    }
                }
            }
            if retries_left && policy.retries_status(status.as_u16()) {
                match retry.pause(retries + 1, Some(response.headers())).await {
                    Next::Retry => {
                        retries += 1;
                        continue;
                    }
                    // The response is the answer.
                    Next::Stop => {}
                    Next::OutOfTime(why) => {
                        let e = TransportError::new(TransportKind::Timeout, why);
                        return Err(Error::Transport(e.with_attempts(attempts)));
                    }
                }
            }
            let (parts, body) = response.into_parts();
            let mut headers = parts.headers;
            hide_credentials(&mut headers);
            if streaming {
                let response = StreamingResponse::new(status, headers, attempts, body, config.max_body_size);
                return Ok(Received::Streaming(response));
            }
            let read = match within(deadline, body.collect(config.max_body_size)).await {
                Some(read) => read,
                None => Err(TransportError::new(TransportKind::Timeout, "timed out reading the response body")),
            };
            match read {
                Ok(body) => return Ok(Received::Whole(Response { status, headers, body: body.to_vec(), attempts })),
                Err(e) if retries_left && retries_after(&e) && retry.pause(retries + 1, None).await == Next::Retry => {
                    retries += 1;
                }
                Err(e) => return Err(Error::Transport(e.with_attempts(attempts))),
            }
        }
    }
}

/// Whether the call may be sent again (a safe method, or one with an idempotency key, which is added here when the
/// client makes them), and whether its body can be (a form or a stream cannot be rebuilt).
fn retryable(
    operation: &Endpoint,
    config: &Config,
    options: &CallOptions,
    headers: &mut HeaderMap,
    body: &Body,
) -> Result<(bool, bool), InvalidRequest> {
    let safe = matches!(
        operation.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    );
    // The key set on the call, else the one the operation's own parameter sent, else a new one for a POST or
    // PATCH when the client has an idempotency header.
    let header = config.idempotency_header.as_deref().unwrap_or("Idempotency-Key");
    let header = header_name("idempotency header", header)?;
    let has_key = match &options.idempotency_key {
        Some(key) => {
            headers.insert(header, header_value("idempotency key", key.as_bytes())?);
            true
        }
        None if headers.contains_key(&header) => true,
        None if config.idempotency_header.is_some() && !safe => {
            headers.insert(header, header_value("idempotency key", new_idempotency_key().as_bytes())?);
            true
        }
        None => false,
    };
    // A form and a stream are sent once: they cannot be rebuilt for another attempt.
    let replayable = match &body {
        Body::Upload(_, upload) => upload.replayable(),
        Body::Stream(..) => false,
        #[cfg(feature = "multipart")]
        Body::Multipart(..) => false,
        _ => true,
    };
    Ok(((safe || has_key) && replayable, replayable))
}

/// What the call loop gives back: a response read whole, or one whose body is still to be read.
enum Received {
    Whole(Response),
    Streaming(StreamingResponse),
}

impl Received {
    #[cfg(feature = "tracing")]
    fn attempts(&self) -> u32 {
        match self {
            Received::Whole(r) => r.attempts,
            Received::Streaming(r) => r.attempts,
        }
    }

    #[cfg(feature = "tracing")]
    fn status(&self) -> StatusCode {
        match self {
            Received::Whole(r) => r.status,
            Received::Streaming(r) => r.status,
        }
    }
}

/// Whether a transport failure is worth another attempt: a connection refused or reset, a body cut short. Not a
/// failure that the same request meets again: a timeout (the call's time is spent), a request that cannot be built,
/// a response over the limit or malformed, redirects that do not end, a TLS handshake that fails.
fn retries_after(e: &TransportError) -> bool {
    !matches!(
        e.kind(),
        TransportKind::Timeout
            | TransportKind::Build
            | TransportKind::TooLarge
            | TransportKind::Malformed
            | TransportKind::Redirect
            | TransportKind::Tls
    )
}

/// `future`'s output, or `None` when `deadline` passes first.
async fn within<T>(deadline: Option<tokio::time::Instant>, future: impl std::future::Future<Output = T>) -> Option<T> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline, future).await.ok(),
        None => Some(future.await),
    }
}

/// A header value the caller added: checked, and marked sensitive (it may be a credential), so that it never shows
/// in `Debug` output.
fn added_value(value: &str) -> Result<HeaderValue, InvalidRequest> {
    let mut value = header_value("header", value.as_bytes())?;
    value.set_sensitive(true);
    Ok(value)
}

/// Marks the response headers that carry credentials (`Set-Cookie`, and any `Authorization` or `Cookie` echoed
/// back) sensitive, so that an error or response printed with `Debug` does not show them.
fn hide_credentials(headers: &mut HeaderMap) {
    for name in [
        reqwest::header::SET_COOKIE,
        reqwest::header::AUTHORIZATION,
        reqwest::header::PROXY_AUTHORIZATION,
        reqwest::header::COOKIE,
    ] {
        if let reqwest::header::Entry::Occupied(mut entry) = headers.entry(name) {
            for value in entry.iter_mut() {
                value.set_sensitive(true);
            }
        }
    }
}

/// A form with files or streams becomes the stream it is sent as: its files are opened now (one that cannot be fails
/// the call before anything is sent).
async fn open_form(body: &mut Body) -> Result<(), InvalidRequest> {
    if matches!(body, Body::Form(_)) {
        if let Body::Form(form) = std::mem::replace(body, Body::None) {
            let content_type = header_value("content-type", form.content_type().as_bytes())?;
            *body = Body::Stream(content_type, Some(reqwest::Body::wrap(form.into_body().await?)));
        }
    }
    Ok(())
}

fn content_type(body: &Body) -> Option<HeaderValue> {
    match body {
        // A form is a stream by the time anything is sent.
        Body::None | Body::Form(_) => None,
        Body::Bytes(content_type, _) | Body::Upload(content_type, _) | Body::Stream(content_type, _) => {
            Some(content_type.clone())
        }
        #[cfg(feature = "multipart")]
        Body::Multipart(content_type, _) => Some(content_type.clone()),
    }
}

/// The body for one attempt and the `Content-Length` it needs set (when the body cannot tell it): bytes again, a
/// file opened again, or a form or a stream the first time (and nothing after, which never happens: they are not
/// retried).
fn take_body(body: &mut Body) -> Result<(reqwest::Body, Option<u64>), InvalidRequest> {
    Ok(match body {
        Body::None | Body::Form(_) => (reqwest::Body::from(Bytes::new()), None),
        Body::Bytes(_, bytes) => (reqwest::Body::from(bytes.clone()), None),
        Body::Upload(_, upload) => upload.open()?,
        Body::Stream(_, stream) => (stream.take().unwrap_or_else(|| reqwest::Body::from(Bytes::new())), None),
        #[cfg(feature = "multipart")]
        Body::Multipart(_, form) => match form.take() {
            Some(form) => (reqwest::Body::wrap_stream(form.into_stream()), None),
            None => (reqwest::Body::from(Bytes::new()), None),
        },
    })
}

/// What decides whether a failed attempt is retried, beyond its kind: the policy's wait, the client's budget, the
/// call's deadline.
struct Retry<'c> {
    policy: &'c RetryPolicy,
    budget: &'c RetryBudget,
    deadline: Option<tokio::time::Instant>,
    timeout: Option<Duration>,
    operation: &'c Endpoint,
}

/// After [`Retry::pause`]: send again, answer with what the last attempt got, or end the call because the server
/// asks for a wait it has no time for.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    Retry,
    Stop,
    OutOfTime(String),
}

impl Retry<'_> {
    /// Waits before retry number `retry` (1 for the first) when the call has the time for the wait and the client's
    /// budget a retry; `headers` are the failed response's (its `Retry-After`).
    async fn pause(&self, retry: u32, headers: Option<&HeaderMap>) -> Next {
        let wait = self.policy.delay(retry, headers);
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if wait > left {
                return match self.policy.asked(headers).filter(|asked| !asked.is_zero()) {
                    Some(asked) => Next::OutOfTime(format!(
                        "the server asked to retry after {} (`Retry-After`), more than the {} left of the call's {} \
                         (`with_timeout`)",
                        seconds(asked),
                        seconds(left),
                        seconds(self.timeout.unwrap_or_default())
                    )),
                    None => Next::Stop,
                };
            }
        }
        if !self.budget.withdraw() {
            #[cfg(feature = "tracing")]
            tracing::debug!(operation = self.operation.id, retry, "the client's retry budget is spent");
            return Next::Stop;
        }
        #[cfg(feature = "tracing")]
        tracing::debug!(operation = self.operation.id, attempt = retry, wait_ms = wait.as_millis() as u64, "retrying");
        let _ = self.operation;
        tokio::time::sleep(wait).await;
        Next::Retry
    }
}

/// A duration as a reader wants it: `2.5 s`, `999999999999 s`.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 || s >= 100.0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_can_cross_threads() {
        fn is_send<T: Send>(_: &T) {}
        let transport = Transport::from_fn("test", |_| async { Ok(http::Response::new(Bytes::new())) });
        let config = Config::new(transport, "http://localhost").expect("a valid base URL");
        let options = CallOptions::default();
        let request = Request::new(&config, options, Endpoint { id: "", method: Method::GET, path: "" }, String::new());
        is_send(&request.send::<()>());
    }
}
