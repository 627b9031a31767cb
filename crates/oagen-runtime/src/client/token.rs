//! Bearer tokens that change: [`TokenSource`] (any async source, cached, shared by concurrent calls, refreshed
//! before it expires and after the API answers 401) and [`ClientCredentials`] (OAuth 2.0's client credentials
//! grant, RFC 6749 section 4.4).

use super::transport::{BoxError, BoxFuture, Transport};
use super::{encode, Secret};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A bearer token and how long it lasts.
#[derive(Debug, Clone)]
pub struct Token {
    value: Secret,
    expires_in: Option<Duration>,
}

impl Token {
    /// A token that lasts until the API refuses it.
    pub fn new(value: impl Into<String>) -> Self {
        Token { value: Secret::new(value), expires_in: None }
    }

    /// The same token, lasting `lifetime` from now (it is refreshed shortly before: a tenth of its lifetime, at
    /// most 30 s).
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }
}

/// Why no token could be had.
#[derive(Debug)]
pub struct TokenError {
    message: String,
    source: Option<BoxError>,
}

impl TokenError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        TokenError { message: message.into(), source: None }
    }

    /// An error saying `message`, caused by `source`.
    pub fn with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        TokenError { message: message.into(), source: Some(source.into()) }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| &**e as &(dyn std::error::Error + 'static))
    }
}

type FetchFn = dyn Fn() -> BoxFuture<'static, Result<Token, TokenError>> + Send + Sync;

/// An async source of bearer tokens, cached: the source is asked for a token when there is none, when the one it
/// gave is about to expire, and after [`TokenSource::invalidate`] (a generated client invalidates a token the API
/// answered 401 to, then sends the request once more with a new one). Concurrent calls share one fetch. Cheap to
/// clone (clones share the cache); tokens never appear in `Debug` output.
#[derive(Clone)]
pub struct TokenSource {
    inner: Arc<Inner>,
}

struct Inner {
    fetch: Option<Box<FetchFn>>,
    state: Mutex<State>,
    fetching: tokio::sync::Mutex<()>,
}

/// The cache: the current token, and what the last fetch gave (so that the callers that waited for it share its
/// outcome instead of fetching again one after another).
#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// How many fetches have finished.
    fetches: u64,
    /// The error of the last fetch, when it failed.
    failure: Option<String>,
}

struct Cached {
    value: Secret,
    /// When to fetch a new one (the old one is still used if that fails).
    refresh_at: Option<Instant>,
    /// When it stops being valid.
    expires_at: Option<Instant>,
}

/// What the cache answers.
enum Lookup {
    /// A token to use.
    Fresh(Secret),
    /// A token that is still valid but due for a refresh.
    Stale(Secret),
    /// None.
    Missing,
}

impl TokenSource {
    /// A source that calls `fetch` for each new token.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Token, TokenError>> + Send + 'static,
    {
        TokenSource::with(Some(Box::new(move || Box::pin(fetch()))), None)
    }

    /// The same token always (what `with_bearer_token` sets): invalidating it does nothing.
    pub fn fixed(token: impl Into<String>) -> Self {
        TokenSource::with(None, Some(Cached { value: Secret::new(token), refresh_at: None, expires_at: None }))
    }

    fn with(fetch: Option<Box<FetchFn>>, cached: Option<Cached>) -> Self {
        let state = State { cached, ..State::default() };
        TokenSource {
            inner: Arc::new(Inner { fetch, state: Mutex::new(state), fetching: tokio::sync::Mutex::new(()) }),
        }
    }

    /// The current token, fetched first when there is none or it is about to expire. One fetch runs at a time:
    /// callers that waited for it take its token, or its error, without fetching again. When a refresh fails
    /// before the current token has expired, the current token is used.
    pub async fn token(&self) -> Result<Secret, TokenError> {
        let stale = match self.lookup() {
            Lookup::Fresh(token) => return Ok(token),
            Lookup::Stale(token) => Some(token),
            Lookup::Missing => None,
        };
        let Some(fetch) = &self.inner.fetch else {
            return stale.ok_or_else(|| TokenError::new("the fixed token is gone"));
        };
        let seen = self.lock().fetches;
        let _fetching = self.inner.fetching.lock().await;
        {
            let state = self.lock();
            if state.fetches != seen {
                // A fetch finished while this caller waited: its outcome is this caller's too (even a token whose
                // lifetime is already over: it is the newest there is).
                match (&state.cached, &state.failure) {
                    (_, Some(failure)) => {
                        return stale.ok_or_else(|| TokenError::new(failure.clone()));
                    }
                    (Some(c), None) => return Ok(c.value.clone()),
                    // Invalidated since: fetch again.
                    (None, None) => {}
                }
            }
        }
        let outcome = fetch().await;
        let mut state = self.lock();
        state.fetches += 1;
        match outcome {
            Ok(token) => {
                let now = Instant::now();
                let (refresh_at, expires_at) = match token.expires_in {
                    Some(lifetime) => {
                        let margin = (lifetime / 10).min(Duration::from_secs(30));
                        // A lifetime too long to represent never expires.
                        (now.checked_add(lifetime - margin), now.checked_add(lifetime))
                    }
                    None => (None, None),
                };
                state.failure = None;
                state.cached = Some(Cached { value: token.value.clone(), refresh_at, expires_at });
                Ok(token.value)
            }
            Err(e) => {
                state.failure = Some(e.to_string());
                match stale {
                    Some(token) => Ok(token),
                    None => Err(e),
                }
            }
        }
    }

    /// Forgets the current token, so that the next call fetches a new one (a fixed token is kept).
    pub fn invalidate(&self) {
        if self.refreshes() {
            self.lock().cached = None;
        }
    }

    /// Forgets `used` if it is still the current token (a token fetched since is kept).
    pub(crate) fn invalidate_token(&self, used: &Secret) {
        let mut state = self.lock();
        if self.refreshes() && state.cached.as_ref().is_some_and(|c| c.value == *used) {
            state.cached = None;
        }
    }

    /// Whether the source can give another token (a fixed one cannot).
    pub fn refreshes(&self) -> bool {
        self.inner.fetch.is_some()
    }

    fn lookup(&self) -> Lookup {
        let state = self.lock();
        let Some(c) = &state.cached else { return Lookup::Missing };
        let now = Instant::now();
        match (c.refresh_at, c.expires_at) {
            (_, Some(expires)) if now >= expires => Lookup::Missing,
            (Some(refresh), _) if now >= refresh => Lookup::Stale(c.value.clone()),
            _ => Lookup::Fresh(c.value.clone()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource").field("token", &"<redacted>").field("refreshes", &self.refreshes()).finish()
    }
}

/// OAuth 2.0 client credentials (RFC 6749 section 4.4): tokens fetched from the token endpoint with a form body
/// (`grant_type=client_credentials` and, when scopes are set, `scope`), the client authenticated with HTTP Basic
/// (section 2.3.1, which every server must support) or, with [`ClientCredentials::credentials_in_body`], with
/// `client_id` and `client_secret` in the form; kept until shortly before their `expires_in`.
#[derive(Clone)]
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    in_body: bool,
}

impl ClientCredentials {
    /// Credentials for the token endpoint at `token_url` (absolute).
    pub fn new(token_url: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            scopes: Vec::new(),
            in_body: false,
        }
    }

    /// Sends the id and secret as `client_id` and `client_secret` in the form body instead of HTTP Basic (for
    /// servers that accept only that).
    pub fn credentials_in_body(mut self) -> Self {
        self.in_body = true;
        self
    }

    /// Another token endpoint.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// The scopes asked for (none by default: the server's default scopes).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// A token source that fetches through `transport`.
    pub fn token_source(self, transport: Transport) -> TokenSource {
        let this = Arc::new(self);
        TokenSource::new(move || {
            let (this, transport) = (this.clone(), transport.clone());
            async move { this.fetch(&transport).await }
        })
    }

    /// The form body of a token request.
    fn form(&self) -> String {
        let mut pairs = vec![("grant_type", "client_credentials".to_owned())];
        if self.in_body {
            pairs.push(("client_id", self.client_id.clone()));
            pairs.push(("client_secret", self.client_secret.expose().to_owned()));
        }
        if !self.scopes.is_empty() {
            pairs.push(("scope", self.scopes.join(" ")));
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", encode(v, |_| false))).collect::<Vec<_>>().join("&")
    }

    async fn fetch(&self, transport: &Transport) -> Result<Token, TokenError> {
        let failed = |e: BoxError| TokenError::with_source("the token request failed", e);
        let mut request = http::Request::builder()
            .method(http::Method::POST)
            .uri(&self.token_url)
            .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(http::header::ACCEPT, "application/json")
            .body(reqwest::Body::from(self.form()))
            .map_err(|e| failed(e.into()))?;
        if !self.in_body {
            // Section 2.3.1: the id and secret form-urlencoded, then as Basic credentials.
            let id = Secret::new(encode(&self.client_id, |_| false));
            let secret = Secret::new(encode(self.client_secret.expose(), |_| false));
            super::basic(request.headers_mut(), &id, &secret).map_err(|e| failed(e.into()))?;
        }
        // A token answer is small: one MiB is plenty, and the same 30 s cover reading it.
        let exchange = async {
            let response = transport.send(request).await?;
            let status = response.status();
            let body = response.into_body().collect(1 << 20).await?;
            Ok::<_, super::TransportError>((status, body))
        };
        let (status, body) = tokio::time::timeout(Duration::from_secs(30), exchange)
            .await
            .map_err(|e| failed(e.into()))?
            .map_err(|e| failed(e.into()))?;
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
        let field = |name: &str| body.get(name).and_then(serde_json::Value::as_str);
        if !status.is_success() {
            let mut message = format!("the token endpoint answered {status}");
            if let Some(error) = field("error") {
                message.push_str(&format!(": {error}"));
            }
            if let Some(description) = field("error_description") {
                message.push_str(&format!(" ({description})"));
            }
            return Err(TokenError::new(message));
        }
        let Some(access_token) = field("access_token") else {
            return Err(TokenError::new("the token endpoint's answer has no `access_token`"));
        };
        let token = Token::new(access_token);
        // RFC 6749 makes `expires_in` a number; some servers send it as a string.
        let expires_in = body.get("expires_in").and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()));
        Ok(match expires_in {
            Some(seconds) => token.expires_in(Duration::from_secs(seconds)),
            None => token,
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("in_body", &self.in_body)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn counting(lifetime: Option<Duration>) -> (TokenSource, Arc<AtomicU32>) {
        let count = Arc::new(AtomicU32::new(0));
        let counter = count.clone();
        let source = TokenSource::new(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                let token = Token::new(format!("token-{n}"));
                Ok(match lifetime {
                    Some(l) => token.expires_in(l),
                    None => token,
                })
            }
        });
        (source, count)
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch_and_invalidation_fetches_again() {
        let (source, count) = counting(None);
        let calls: Vec<_> =
            (0..8).map(|_| source.clone()).map(|s| tokio::spawn(async move { s.token().await })).collect();
        for call in calls {
            let token = call.await.expect("joins").expect("a token");
            assert_eq!(token.expose(), "token-1");
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
        // A stale token is not invalidated twice: the second 401 of the same token finds a new one.
        source.invalidate_token(&Secret::new("token-1"));
        assert_eq!(source.token().await.expect("a token").expose(), "token-2");
        source.invalidate_token(&Secret::new("token-1"));
        assert_eq!(source.token().await.expect("a token").expose(), "token-2");
        source.invalidate();
        assert_eq!(source.token().await.expect("a token").expose(), "token-3");
        assert_eq!(format!("{source:?}"), "TokenSource { token: \"<redacted>\", refreshes: true }");
    }

    #[tokio::test]
    async fn a_token_is_refreshed_shortly_before_it_expires() {
        let (source, count) = counting(Some(Duration::from_millis(200)));
        assert_eq!(source.token().await.expect("a token").expose(), "token-1");
        assert_eq!(source.token().await.expect("a token").expose(), "token-1");
        tokio::time::sleep(Duration::from_millis(190)).await;
        assert_eq!(source.token().await.expect("a token").expose(), "token-2");
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn callers_waiting_for_a_failing_fetch_share_its_error() {
        let count = Arc::new(AtomicU32::new(0));
        let counter = count.clone();
        let source = TokenSource::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async {
                tokio::time::sleep(Duration::from_millis(30)).await;
                Err(TokenError::new("the identity provider is down"))
            }
        });
        let calls: Vec<_> =
            (0..6).map(|_| source.clone()).map(|s| tokio::spawn(async move { s.token().await })).collect();
        for call in calls {
            let err = call.await.expect("joins").expect_err("no token");
            assert_eq!(err.to_string(), "the identity provider is down");
        }
        assert_eq!(count.load(Ordering::SeqCst), 1, "one fetch for all the callers that waited for it");
        assert!(source.token().await.is_err());
        assert_eq!(count.load(Ordering::SeqCst), 2, "a later call tries again");
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_the_token_until_it_expires_and_a_huge_lifetime_never_expires() {
        let count = Arc::new(AtomicU32::new(0));
        let counter = count.clone();
        let source = TokenSource::new(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                match n {
                    1 => Ok(Token::new("first").expires_in(Duration::from_millis(300))),
                    _ => Err(TokenError::new("down")),
                }
            }
        });
        assert_eq!(source.token().await.expect("a token").expose(), "first");
        // Due for a refresh (the last tenth of its lifetime), which fails: the token is still valid.
        tokio::time::sleep(Duration::from_millis(280)).await;
        assert_eq!(source.token().await.expect("the old token").expose(), "first");
        assert_eq!(count.load(Ordering::SeqCst), 2);
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert!(source.token().await.is_err(), "expired, and no new one");

        let forever = TokenSource::new(|| async { Ok(Token::new("t").expires_in(Duration::from_secs(u64::MAX))) });
        assert_eq!(forever.token().await.expect("no overflow").expose(), "t");
        assert_eq!(forever.token().await.expect("cached").expose(), "t");
    }

    #[tokio::test]
    async fn a_fixed_token_stays() {
        let source = TokenSource::fixed("abc");
        source.invalidate();
        assert_eq!(source.token().await.expect("a token").expose(), "abc");
        assert!(!source.refreshes());
    }

    #[test]
    fn the_form_body_is_rfc_6749_section_4_4() {
        let credentials =
            ClientCredentials::new("https://auth.example/token", "my id", "s&cret=1").scopes(["a", "b:c"]);
        assert_eq!(credentials.form(), "grant_type=client_credentials&scope=a%20b%3Ac", "Basic by default");
        let credentials = credentials.credentials_in_body();
        assert_eq!(
            credentials.form(),
            "grant_type=client_credentials&client_id=my%20id&client_secret=s%26cret%3D1&scope=a%20b%3Ac"
        );
        assert!(!format!("{credentials:?}").contains("s&cret"));
    }
}
