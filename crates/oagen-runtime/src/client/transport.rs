//! The transport seam: what sends one HTTP request and reads its whole response. Everything a generated client
//! adds (credentials, headers, retries, timeouts, tracing) sits above it, so a [`Transport`] can be reqwest (the
//! default), any `tower::Service` (middleware, a recorder in tests) or a generated server's router called in
//! process, without a socket.

use bytes::Bytes;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Any error, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request as a transport receives it.
pub type HttpRequest = http::Request<reqwest::Body>;

/// A response as a transport gives it back: status, headers and the whole body.
pub type HttpResponse = http::Response<Bytes>;

type SendFn = dyn Fn(HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> + Send + Sync;

/// The most bytes of a response body to read, set by the call loop in each request's extensions (the client's
/// `with_max_body_size`): the transports of this module stop reading beyond it, and [`Transport::send`] refuses a
/// longer body from any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit(pub usize);

/// The body limit of `request` (none when it has no [`BodyLimit`]).
fn limit_of(request: &HttpRequest) -> usize {
    request.extensions().get::<BodyLimit>().map_or(usize::MAX, |l| l.0)
}

/// The error for a body longer than `limit`.
fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportKind::TooLarge,
        format!("the response body is larger than {limit} bytes, the client's limit (`with_max_body_size`)"),
    )
}

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
            let limit = limit_of(&request);
            async move {
                let request = reqwest::Request::try_from(request).map_err(TransportError::from)?;
                let mut response = client.execute(request).await.map_err(TransportError::from)?;
                let status = response.status();
                let version = response.version();
                let headers = response.headers().clone();
                if response.content_length().is_some_and(|n| n > limit as u64) {
                    return Err(too_large(limit));
                }
                // Read chunk by chunk, so that a body longer than the limit is never held whole.
                let mut body = Vec::new();
                while let Some(chunk) = response.chunk().await.map_err(TransportError::from)? {
                    if body.len() + chunk.len() > limit {
                        return Err(too_large(limit));
                    }
                    body.extend_from_slice(&chunk);
                }
                let mut out = http::Response::new(Bytes::from(body));
                *out.status_mut() = status;
                *out.version_mut() = version;
                *out.headers_mut() = headers;
                Ok(out)
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
            let limit = limit_of(&request);
            async move {
                std::future::poll_fn(|cx| service.poll_ready(cx))
                    .await
                    .map_err(|e| TransportError::new(TransportKind::Other, e.into()))?;
                let response =
                    service.call(request).await.map_err(|e| TransportError::new(TransportKind::Other, e.into()))?;
                let (parts, body) = response.into_parts();
                let body = http_body_util::BodyExt::collect(http_body_util::Limited::new(body, limit))
                    .await
                    .map_err(|e| match e.downcast_ref::<http_body_util::LengthLimitError>() {
                        Some(_) => too_large(limit),
                        None => TransportError::new(TransportKind::Body, e),
                    })?
                    .to_bytes();
                Ok(http::Response::from_parts(parts, body))
            }
        })
    }

    /// Sends with a function of the request (a stub in tests, an adapter to another HTTP stack). `name` appears in
    /// `Debug` output.
    pub fn from_fn<F, Fut>(name: &'static str, send: F) -> Self
    where
        F: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<HttpResponse, TransportError>> + Send + 'static,
    {
        Transport { send: Arc::new(move |request| Box::pin(send(request))), name }
    }

    /// Sends one request; a response body longer than the request's [`BodyLimit`] is an error.
    pub fn send(&self, request: HttpRequest) -> BoxFuture<'static, Result<HttpResponse, TransportError>> {
        let limit = limit_of(&request);
        let sent = (self.send)(request);
        Box::pin(async move {
            let response = sent.await?;
            if response.body().len() > limit {
                return Err(too_large(limit));
            }
            Ok(response)
        })
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

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Body => "could not read the response body",
            TransportKind::Build => "could not build the request",
            TransportKind::TooLarge => "response too large",
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
