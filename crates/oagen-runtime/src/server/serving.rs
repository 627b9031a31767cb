//! Serving a generated router to the internet: [`serve`] accepts connections with [`Limits`], so that a slow or idle
//! client holds a connection for a bounded time and the number of connections is bounded, where `axum::serve` lets
//! a client that sends one header byte every few seconds keep its connection (and its memory) for ever.
//!
//! - **Header read**: the request head must arrive within [`Limits::header_read_timeout`] of the connection's start
//!   or of the previous response (an idle keep-alive connection is closed then too); a client that is late gets no
//!   answer, the connection is closed.
//! - **Body read**: the whole body must arrive within [`Limits::body_read_timeout`] of the head; the request is
//!   answered 408 (`RejectionKind::BodyTimeout`) and the connection closed.
//! - **Connections**: at most [`Limits::max_connections`] at a time; beyond that a new connection waits in the
//!   listener's backlog until one closes. An accept that fails for lack of file descriptors or memory is retried
//!   after a pause instead of ending the server.

use axum::body::Body;
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

/// The limits [`serve`] applies to every connection. `Limits::default()` holds the defaults each setter names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// How long a request head may take to arrive, and how long a keep-alive connection may stay idle: 10 s.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request body may take to arrive after its head: 30 s (the default 2 MiB body limit at 70 KB/s).
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How many connections are served at a time: 1,024.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How long the accept loop pauses after an accept failed for lack of resources (file descriptors, memory).
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

impl Limits {
    /// The time a request head may take to arrive, from the connection's start or the end of the previous
    /// response ([`DEFAULT_HEADER_READ_TIMEOUT`]).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// The time a request body may take to arrive, from the end of its head ([`DEFAULT_BODY_READ_TIMEOUT`]).
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// How many connections are served at a time ([`DEFAULT_MAX_CONNECTIONS`]; at least one).
    pub fn max_connections(mut self, max: usize) -> Self {
        // At most what one `acquire_many` can wait for (the shutdown waits for every permit at once).
        self.max_connections = max.clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
        self
    }

    /// The header-read timeout.
    pub fn header_read(&self) -> Duration {
        self.header_read_timeout
    }

    /// The body-read timeout.
    pub fn body_read(&self) -> Duration {
        self.body_read_timeout
    }

    /// The connection limit.
    pub fn connections(&self) -> usize {
        self.max_connections
    }
}

/// Serves `app` (a generated `server::router(..)`, nested or with layers) on `listener` over HTTP/1.1 with the
/// default [`Limits`]; `.limits(..)` and `.with_graceful_shutdown(..)` change that, and awaiting it runs the
/// server.
///
/// ```ignore
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// oagen_runtime::server::serve(listener, server::router(MyApi::default())).await;
/// ```
pub fn serve(listener: TcpListener, app: axum::Router) -> Serve {
    Serve { listener, app, limits: Limits::default(), shutdown: None }
}

/// A server being set up by [`serve`]; await it to run it.
#[must_use = "a server does nothing until it is awaited"]
pub struct Serve {
    listener: TcpListener,
    app: axum::Router,
    limits: Limits,
    shutdown: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl std::fmt::Debug for Serve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serve").field("listener", &self.listener).field("limits", &self.limits).finish_non_exhaustive()
    }
}

impl Serve {
    /// The limits of every connection.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Stops accepting when `signal` completes, lets every connection finish the request it is serving, then
    /// ends.
    pub fn with_graceful_shutdown(mut self, signal: impl Future<Output = ()> + Send + 'static) -> Self {
        self.shutdown = Some(Box::pin(signal));
        self
    }
}

impl IntoFuture for Serve {
    type Output = ();
    type IntoFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(run(self))
    }
}

async fn run(serve: Serve) {
    let Serve { listener, app, limits, shutdown } = serve;
    let mut shutdown = shutdown.unwrap_or_else(|| Box::pin(std::future::pending()));
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        // The semaphore is never closed.
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(connection(stream, app.clone(), limits, permit, stopping.clone()));
            }
            // EMFILE, ENFILE, ENOBUFS, ENOMEM: a pause, then the backlog again (no busy loop, no exit).
            Err(error) if lacks_resources(&error) => tokio::time::sleep(ACCEPT_PAUSE).await,
            // The peer gave up before the accept (ECONNABORTED, ...): nothing to serve.
            Err(_) => {}
        }
    }
    drop(listener);
    // Connections end their current request and close; all permits back means all of them have.
    let _ = stop.send(true);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    drop(permits.acquire_many(all).await);
}

fn lacks_resources(error: &std::io::Error) -> bool {
    // EMFILE 24, ENFILE 23, ENOBUFS 105, ENOMEM 12 (Linux); elsewhere the kinds std gives them.
    matches!(error.raw_os_error(), Some(12 | 23 | 24 | 105)) || matches!(error.kind(), std::io::ErrorKind::OutOfMemory)
}

async fn connection(
    stream: TcpStream,
    app: axum::Router,
    limits: Limits,
    _permit: OwnedSemaphorePermit,
    mut stopping: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let body_timeout = limits.body_read_timeout;
    let service = hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
        let mut app = app.clone();
        let request = request.map(|body| Body::new(TimedBody::new(body, body_timeout)));
        // A `Router` is always ready: no `poll_ready` needed before `call`.
        async move { tower_service::Service::call(&mut app, request).await }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    let connection = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        () = async { drop(stopping.wait_for(|stop| *stop).await) } => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// The error of a request body that did not arrive within [`Limits::body_read_timeout`]; the request is answered
/// 408 (`RejectionKind::BodyTimeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTimeout(pub Duration);

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the request body did not arrive within {:?}", self.0)
    }
}

impl std::error::Error for BodyTimeout {}

/// Whether `error` (or an error it wraps) is a [`BodyTimeout`].
pub fn is_body_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if error.is::<BodyTimeout>() {
            return true;
        }
        next = error.source();
    }
    false
}

/// A request body that fails with [`BodyTimeout`] once `timeout` has passed since it was made, unless it has ended.
/// The timer is armed on the first wait only: a body that is already there costs no timer.
struct TimedBody<B> {
    inner: B,
    timeout: Duration,
    start: Instant,
    deadline: Option<Pin<Box<Sleep>>>,
}

impl<B> TimedBody<B> {
    fn new(inner: B, timeout: Duration) -> Self {
        TimedBody { inner, timeout, start: Instant::now(), deadline: None }
    }
}

impl<B> HttpBody for TimedBody<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        let start = this.start;
        let timeout = this.timeout;
        let deadline = this.deadline.get_or_insert_with(|| {
            Box::pin(tokio::time::sleep_until(start.checked_add(timeout).unwrap_or_else(far_future)))
        });
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimeout(timeout))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A deadline no timeout reaches (about 30 years), for a timeout too large to add to now.
fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365 * 30)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    /// A body that never sends anything.
    struct Silent;

    impl HttpBody for Silent {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            Poll::Pending
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_does_not_arrive_ends_in_a_body_timeout() {
        let body = TimedBody::new(Silent, Duration::from_secs(30));
        let error = body.collect().await.err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("the request body did not arrive within 30s"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_is_there_arms_no_timer_and_is_read_whole() {
        let mut body = TimedBody::new(http_body_util::Full::new(Bytes::from_static(b"{}")), Duration::ZERO);
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        assert!(body.deadline.is_none());
        assert_eq!(frame.and_then(|f| f.ok()).and_then(|f| f.into_data().ok()).as_deref(), Some(&b"{}"[..]));
    }

    #[test]
    fn a_wrapped_body_timeout_is_recognised() {
        let wrapped = axum::Error::new(BodyTimeout(Duration::from_secs(1)));
        assert!(is_body_timeout(&wrapped));
        assert!(!is_body_timeout(&std::io::Error::other("reset")));
    }

    #[test]
    fn the_connection_limit_is_at_least_one() {
        assert_eq!(Limits::default().max_connections(0).connections(), 1);
        assert_eq!(Limits::default().connections(), DEFAULT_MAX_CONNECTIONS);
    }
}
