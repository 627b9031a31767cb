//! The transport seam: what sends one HTTP request ([`Transport`]) and gives back its response as it arrives, with
//! the body a transport answers with ([`ResponseBody`]) and how sending can fail ([`TransportError`]). Everything a
//! generated client adds (credentials, headers, retries, timeouts, tracing) sits above it, so a [`Transport`] can be
//! reqwest (the default), any `tower::Service` (middleware, a recorder in tests) or a generated server's router
//! called in process, without a socket.

use bytes::Bytes;
use http_body::Body as _;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::BodyExt;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// Any error, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request as a transport receives it.
pub type HttpRequest = http::Request<reqwest::Body>;

/// A response as a transport gives it: status, headers and the body, read as it arrives (the call loop reads it
/// whole within the client's `with_max_body_size`, or hands it to a stream).
pub type HttpResponse = http::Response<ResponseBody>;

type SendFn = dyn Fn(HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> + Send + Sync;

/// Sends requests. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    send: Arc<SendFn>,
    name: &'static str,
}

impl Transport {
    /// Sends through `client` (its pool, TLS, proxies and redirect policy).
    pub fn reqwest(client: reqwest::Client) -> Self {
        Transport::from_fn("reqwest", move |request: HttpRequest| {
            let client = client.clone();
            async move {
                let request = reqwest::Request::try_from(request).map_err(TransportError::from)?;
                let response = client.execute(request).await.map_err(TransportError::from)?;
                Ok(http::Response::<reqwest::Body>::from(response).map(ResponseBody::new))
            }
        })
    }

    /// Sends through a `tower::Service` (an axum `Router`, a middleware stack, a `BoxCloneService`, a recorder):
    /// cloned for each request, waited on until ready, and its response body read whole.
    pub fn service<S, B>(service: S) -> Self
    where
        S: tower_service::Service<HttpRequest, Response = http::Response<B>> + Clone + Send + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        // Behind a lock, so that a service that is not `Sync` (tower's `BoxCloneService`) can be shared.
        let shared = std::sync::Mutex::new(service);
        Transport::from_fn("service", move |request: HttpRequest| {
            let mut service = shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
            async move {
                std::future::poll_fn(|cx| service.poll_ready(cx))
                    .await
                    .map_err(|e| TransportError::new(TransportKind::Other, e.into()))?;
                let response =
                    service.call(request).await.map_err(|e| TransportError::new(TransportKind::Other, e.into()))?;
                Ok(response.map(ResponseBody::new))
            }
        })
    }

    /// Sends with a function of the request (a stub in tests, an adapter to another HTTP stack) that answers with
    /// any body that becomes a [`ResponseBody`] (bytes, a string, a streaming body). `name` appears in `Debug` output.
    pub fn from_fn<F, Fut, R>(name: &'static str, send: F) -> Self
    where
        F: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<http::Response<R>, TransportError>> + Send + 'static,
        R: Into<ResponseBody>,
    {
        Transport {
            send: Arc::new(move |request| {
                let sent = send(request);
                Box::pin(async move { sent.await.map(|response| response.map(Into::into)) })
            }),
            name,
        }
    }

    /// Sends one request, and gives back the response as soon as its head has arrived.
    pub fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        (self.send)(request)
    }
}

/// What can become a [`Transport`]: any `tower::Service` of HTTP requests ([`Transport::service`]), such as an axum
/// `Router` (a generated server's `server::router(api)`).
pub trait IntoTransport {
    /// The transport that calls it.
    fn into_transport(self) -> Transport;
}

impl<S, B> IntoTransport for S
where
    S: tower_service::Service<HttpRequest, Response = http::Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    fn into_transport(self) -> Transport {
        Transport::service(self)
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Transport({})", self.name)
    }
}

/// A response body as a transport gives it: whole bytes, or any `http_body::Body` read as it arrives.
pub struct ResponseBody(UnsyncBoxBody<Bytes, BoxError>);

impl ResponseBody {
    /// A body read as `body` produces it (reqwest's, a tower service's, a channel).
    pub fn new<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        ResponseBody(body.map_err(Into::into).boxed_unsync())
    }

    /// An empty body.
    pub fn empty() -> Self {
        ResponseBody::from(Bytes::new())
    }

    /// Reads the whole body, failing with [`TransportKind::TooLarge`] beyond `limit` bytes (never holding more).
    pub async fn collect(self, limit: usize) -> Result<Bytes, TransportError> {
        if self.0.size_hint().lower() > limit as u64 {
            return Err(too_large(limit));
        }
        let mut body = self.0;
        let mut out = bytes::BytesMut::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| TransportError::new(TransportKind::Body, e))?;
            if let Ok(data) = frame.into_data() {
                if out.len() + data.len() > limit {
                    return Err(too_large(limit));
                }
                out.extend_from_slice(&data);
            }
        }
        Ok(out.freeze())
    }

    /// The next chunk of data (trailers are skipped), `None` at the end.
    pub(super) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, TransportError>>> {
        loop {
            return match Pin::new(&mut self.0).poll_frame(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(TransportError::new(TransportKind::Body, e)))),
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_) => continue,
                },
            };
        }
    }
}

impl From<Bytes> for ResponseBody {
    fn from(bytes: Bytes) -> Self {
        ResponseBody::new(http_body_util::Full::new(bytes))
    }
}

impl From<Vec<u8>> for ResponseBody {
    fn from(bytes: Vec<u8>) -> Self {
        ResponseBody::from(Bytes::from(bytes))
    }
}

impl From<String> for ResponseBody {
    fn from(text: String) -> Self {
        ResponseBody::from(Bytes::from(text))
    }
}

impl From<&'static str> for ResponseBody {
    fn from(text: &'static str) -> Self {
        ResponseBody::from(Bytes::from_static(text.as_bytes()))
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResponseBody")
    }
}

/// The error for a body longer than `limit`.
pub(super) fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportKind::TooLarge,
        format!("the response body is larger than {limit} bytes, the client's limit (`with_max_body_size`)"),
    )
}

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made (DNS, refused, TLS handshake).
    Connect,
    /// The request or its response took longer than the timeout.
    Timeout,
    /// The response body could not be read (the connection broke while reading it).
    Body,
    /// The request could not be built (nothing was sent).
    Build,
    /// The response body is longer than the client's limit (`with_max_body_size`); it was not read whole.
    TooLarge,
    /// The response is not HTTP as it must be (a head longer than the HTTP implementation reads, a malformed status
    /// line or header).
    Malformed,
    /// The redirects did not end (more than [`MAX_REDIRECTS`] hops, or a loop).
    Redirect,
    /// The TLS handshake failed (a certificate that does not verify, a peer that does not speak TLS).
    Tls,
    /// Anything else (a connection reset while sending, a protocol error, a service's own error).
    Other,
}

/// The request could not be sent or its response not read. Never includes the request URL (a query credential
/// would be in it).
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    source: BoxError,
    attempts: u32,
}

impl TransportError {
    /// An error of `kind`.
    pub fn new(kind: TransportKind, source: impl Into<BoxError>) -> Self {
        TransportError { kind, source: source.into(), attempts: 1 }
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }

    /// Whether it is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportKind::Timeout
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportKind::Connect
    }

    /// How many requests were sent, this one included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The underlying error (a `reqwest::Error` for the default transport).
    pub fn source_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            TransportKind::Timeout
        } else if e.is_redirect() {
            TransportKind::Redirect
        } else if caused_by(&e, |c| c.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_parse)) {
            TransportKind::Malformed
        } else if e.is_connect()
            && caused_by(&e, |c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::InvalidData)
            })
        {
            // rustls reports a failed handshake as invalid data.
            TransportKind::Tls
        } else if e.is_connect() {
            TransportKind::Connect
        } else if e.is_body() || e.is_decode() {
            TransportKind::Body
        } else if e.is_builder() {
            TransportKind::Build
        } else {
            TransportKind::Other
        };
        TransportError::new(kind, e.without_url())
    }
}

/// Whether `e` or an error it was caused by passes `test`. An `io::Error` wrapping another error is looked into
/// (its `source` skips the wrapped error itself).
fn caused_by(e: &(dyn std::error::Error + 'static), test: impl Fn(&(dyn std::error::Error + 'static)) -> bool) -> bool {
    fn walk(e: &(dyn std::error::Error + 'static), test: &dyn Fn(&(dyn std::error::Error + 'static)) -> bool) -> bool {
        if test(e) {
            return true;
        }
        if let Some(inner) = e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            if walk(inner, test) {
                return true;
            }
        }
        e.source().is_some_and(|source| walk(source, test))
    }
    walk(e, &test)
}

/// The most redirects a default client follows for one request.
pub const MAX_REDIRECTS: usize = 10;

/// How long a default client waits for a connection (DNS, TCP and TLS): 10 s.
pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The `reqwest::Client` of a generated `Client::new`: rustls, a [`DEFAULT_CONNECT_TIMEOUT`], and
/// [`same_origin_redirects`]. Fails only when the TLS backend cannot start.
pub fn default_http_client() -> Result<reqwest::Client, TransportError> {
    reqwest::Client::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .redirect(same_origin_redirects())
        .build()
        .map_err(TransportError::from)
}

/// The redirect policy of a default client: a redirect to the request's own origin (scheme, host and port) is
/// followed, at most [`MAX_REDIRECTS`] times; one to another origin is not, so no credential, hoisted parameter,
/// added header or body is ever sent to a host the caller did not name. The redirect itself is then the call's
/// answer (an undocumented status is `Error::UnexpectedStatus`, whose headers hold the `Location`). A client that
/// should follow other origins is built with [`reqwest::Client::builder`] and given to `Client::with_http_client`.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(|u| u.origin());
        if first.is_some_and(|origin| origin != attempt.url().origin()) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Body => "could not read the response body",
            TransportKind::Build => "could not build the request",
            TransportKind::TooLarge => "response too large",
            TransportKind::Malformed => "malformed response",
            TransportKind::Redirect => "too many redirects",
            TransportKind::Tls => "TLS handshake failed",
            TransportKind::Other => "request failed",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}
