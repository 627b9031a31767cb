//! The generated client against peers that would hold it or misuse it (issue: hostile peers): every call ends
//! within its budget, `Retry-After` cannot stretch it or make a tight loop, a storm of failures is held to the
//! client's retry budget, failures that will not pass are not retried, and no credential, hoisted parameter or
//! body reaches an origin the caller did not name.

#[path = "capture.rs"]
mod capture;

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/schemes.rs"]
mod schemes;

use capture::{serve, serve_fixed, Reply};
use oagen_runtime::client::{RetryBudget, RetryPolicy, TransportKind};
use std::time::{Duration, Instant};

fn healvi(server: &capture::Server) -> healvi_api::client::Client {
    healvi_api::client::Client::new(&server.url("")).expect("client").with_bearer_token("tok")
}

async fn update(client: &healvi_api::client::Client) -> Result<(), healvi_api::client::Error> {
    let body = healvi_api::types::UpdateConversationBody::default();
    // A PATCH is retried with an idempotency key.
    client.conversations().update(7, &body).with_idempotency_key("k").with_max_retries(2).await.map(|_| ())
}

#[test]
fn a_client_has_a_deadline_unless_told_otherwise() {
    let transport = oagen_runtime::client::Transport::from_fn("none", |_| async {
        Ok::<_, oagen_runtime::client::TransportError>(axum::http::Response::new(bytes::Bytes::new()))
    });
    let config = oagen_runtime::client::Config::new(transport, "http://localhost").expect("config");
    assert_eq!(config.timeout(), Some(oagen_runtime::client::DEFAULT_TIMEOUT));
    assert_eq!(oagen_runtime::client::DEFAULT_TIMEOUT, Duration::from_secs(60));
}

/// The deadline is the whole call's: a server that never answers ends it at the timeout, retries or not.
#[tokio::test]
async fn a_server_that_never_answers_ends_the_call_at_its_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let client = healvi_api::client::Client::new(&format!("http://127.0.0.1:{port}"))
        .expect("client")
        .with_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let err = update(&client).await.expect_err("no answer");
    assert!(err.is_timeout(), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

/// `Retry-After: 999999999999` against a 5 s budget: the call ends at once, saying what the server asked.
#[tokio::test]
async fn a_retry_after_beyond_the_budget_ends_the_call_at_once() {
    let server = serve_fixed(Reply::json(503, "{}").header("retry-after", "999999999999")).await;
    let client = healvi(&server).with_timeout(Duration::from_secs(5));
    let started = Instant::now();
    let err = update(&client).await.expect_err("503");
    assert!(started.elapsed() < Duration::from_secs(2), "slept: {:?}", started.elapsed());
    assert!(err.is_timeout(), "{err}");
    let text = err.to_string();
    assert!(text.contains("retry after 999999999999 s") && text.contains("`with_timeout`"), "{text}");
    assert_eq!(server.requests().len(), 1);
}

/// A 429 storm with `Retry-After: 0` and 1,000 retries allowed: every wait has the floor, and the client's budget
/// (a burst of 10, then one per 10 calls) bounds the retries.
#[tokio::test]
async fn a_storm_of_429s_is_held_to_the_retry_budget() {
    let server = serve_fixed(Reply::json(429, "{}").header("retry-after", "0")).await;
    let policy = RetryPolicy::default()
        .with_max_retries(1000)
        .with_initial_delay(Duration::from_millis(60))
        .with_max_delay(Duration::from_millis(80))
        .with_min_delay(Duration::from_millis(50));
    let client = healvi(&server).with_retry_policy(policy);
    let body = healvi_api::types::UpdateConversationBody::default();
    let started = Instant::now();
    let err = client
        .conversations()
        .update(7, &body)
        .with_idempotency_key("k")
        .with_max_retries(1000)
        .await
        .expect_err("429");
    let elapsed = started.elapsed();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{err}");
    assert_eq!(server.requests().len(), 11, "the call and the budget's 10 retries");
    assert!(elapsed >= Duration::from_millis(500), "10 waits of at least 50 ms: {elapsed:?}");
    // The budget is the client's: the next call gets what one call adds, a tenth of a retry: none.
    let _ = client.conversations().update(7, &body).with_idempotency_key("k").with_max_retries(1000).await;
    assert_eq!(server.requests().len(), 12);
    // A budget without limit leaves the policy's.
    let client = healvi(&server).with_retry_budget(RetryBudget::unlimited()).with_retry_policy(
        RetryPolicy::default()
            .with_min_delay(Duration::from_millis(1))
            .with_initial_delay(Duration::from_millis(2))
            .with_max_delay(Duration::from_millis(5)),
    );
    let _ = client.conversations().update(7, &body).with_idempotency_key("k").with_max_retries(30).await;
    assert_eq!(server.requests().len(), 12 + 31);
}

/// Redirects that never end are one call's 10 hops, not 10 per attempt.
#[tokio::test]
async fn a_redirect_loop_is_not_retried() {
    let server = serve(|c| Reply::json(302, "").header("location", &format!("/again{}", c.path().len()))).await;
    let err = update(&healvi(&server)).await.expect_err("a loop");
    match &err {
        healvi_api::client::Error::Transport(e) => assert_eq!(e.kind(), TransportKind::Redirect, "{err}"),
        other => panic!("{other}"),
    }
    assert_eq!(server.requests().len(), 11, "the request and its 10 redirects, once");
}

/// A head of 10,000 headers is as malformed on the second try: fetched once.
#[tokio::test]
async fn a_response_with_too_many_headers_is_fetched_once() {
    let mut reply = Reply::json(200, "{}");
    for i in 0..10_000 {
        reply = reply.header(&format!("x-h{i}"), "v");
    }
    let server = serve_fixed(reply).await;
    let err = update(&healvi(&server)).await.expect_err("too many headers");
    match &err {
        healvi_api::client::Error::Transport(e) => assert_eq!(e.kind(), TransportKind::Malformed, "{err}"),
        other => panic!("{other}"),
    }
    assert_eq!(server.requests().len(), 1);
}

/// A TLS handshake with a plaintext server (which answers the handshake with HTTP) fails the same way every
/// time: one attempt.
#[tokio::test]
async fn a_tls_failure_is_not_retried() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").await;
        }
    });
    let client = healvi_api::client::Client::new(&format!("https://127.0.0.1:{port}")).expect("client");
    let err = update(&client).await.expect_err("no TLS there");
    match &err {
        healvi_api::client::Error::Transport(e) => {
            assert_eq!((e.kind(), e.attempts()), (TransportKind::Tls, 1), "{err}: {:?}", e.source_error())
        }
        other => panic!("{other}"),
    }
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// Server A redirects every request (307, which keeps the method and the body) to server B. A default client
/// follows redirects within A's origin only: B sees nothing, whatever the credential, and the call's answer is
/// the redirect, with its `Location`.
#[tokio::test]
async fn no_credential_reaches_another_origin() {
    let b = serve_fixed(Reply::json(200, "{}")).await;
    let elsewhere = b.url("");
    let a = serve(move |c| match c.path() {
        "/oauth/token" => Reply::json(200, r#"{"access_token":"tok","token_type":"Bearer","expires_in":3600}"#),
        _ => Reply::json(307, "").header("location", &format!("{elsewhere}{}", c.target())),
    })
    .await;
    let client = schemes::client::Client::new(&a.url(""))
        .expect("client")
        .with_bearer_token("bearer-secret")
        .with_basic_auth("user", "basic-secret")
        .with_key_header_key("header-secret")
        .with_key_query_key("query-secret")
        .with_key_cookie_key("cookie-secret")
        .with_authorization("DSN dsn-secret")
        .with_client_credentials("id", "client-secret");
    let body = schemes::types::Secret { secret: Some("body-secret".into()) };
    let calls: Vec<(&str, Result<(), schemes::client::Error>)> = vec![
        ("bearer", client.with_bearer(&body).tenant("tenant-secret").await.map(|_| ())),
        ("basic", client.with_basic().await.map(|_| ())),
        ("api key in a header", client.with_key_header().await.map(|_| ())),
        ("api key in the query", client.with_key_query().await.map(|_| ())),
        ("api key in a cookie", client.with_key_cookie().await.map(|_| ())),
        ("another HTTP scheme", client.with_dsn().await.map(|_| ())),
        ("oauth2 client credentials", client.with_oauth().await.map(|_| ())),
    ];
    for (scheme, result) in calls {
        match result {
            Err(schemes::client::Error::UnexpectedStatus { status, headers, .. }) => {
                assert_eq!(status.as_u16(), 307, "{scheme}");
                let location = headers.get("location").and_then(|l| l.to_str().ok()).unwrap_or_default();
                assert!(location.starts_with(&b.url("")), "{scheme}: the Location is kept: {location}");
            }
            other => panic!("{scheme}: {other:?}"),
        }
    }
    assert!(b.requests().is_empty(), "another origin was sent: {:#?}", b.requests());
    // Within A's origin a redirect is followed, credentials and all.
    let same = serve(|c| match c.path() {
        "/key-header" => Reply::json(307, "").header("location", "/moved"),
        _ => Reply::json(200, "{}"),
    })
    .await;
    let client = schemes::client::Client::new(&same.url("")).expect("client").with_key_header_key("k");
    client.with_key_header().await.expect("followed");
    let moved = same.requests().into_iter().find(|r| r.path() == "/moved").expect("the redirect was followed");
    assert_eq!(moved.header("x-api-key"), Some("k"));
}

/// An HTTP scheme other than basic and bearer (`dsn`) is a credential too: the whole `Authorization` value, set with
/// `with_authorization` and sent as it is (before, the scheme was dropped with a warning and requests went without).
#[tokio::test]
async fn an_http_scheme_other_than_basic_and_bearer_sends_its_authorization_value() {
    let server = serve_fixed(Reply::json(200, "{}")).await;
    let client = schemes::client::Client::new(&server.url("")).expect("client").with_authorization("DSN realm=x");
    client.with_dsn().await.expect("sent");
    let sent = server.requests().into_iter().find(|r| r.path() == "/dsn").expect("the request");
    assert_eq!(sent.header("authorization"), Some("DSN realm=x"));
    let debug = format!("{client:?}");
    assert!(!debug.contains("realm=x"), "the credential is redacted: {debug}");
}
