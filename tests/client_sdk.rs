//! What a vendor SDK gives its users, on the generated clients against the capture server on 127.0.0.1: retries
//! (which statuses, which methods, `Retry-After`, idempotency keys, connection resets), the hoisted `Tenant-Name`
//! with its per-call override, extra headers and query parameters, token sources (one fetch for concurrent calls,
//! a replay after 401), OAuth2 client credentials, and `with_response()`.

#[path = "capture.rs"]
mod capture;

use capture::{serve, serve_script, Reply};
use chatdash_api::client::Error as Error2;
use corti_api::client::{Client, ClientCredentials, Error, RetryPolicy, Token, TokenSource};
use corti_api::types::InteractionsUpdateRequest;
use oagen_runtime::client::TransportKind;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ID: &str = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
/// An update that changes nothing (every field absent), borrowed by calls that are kept in a variable.
static UPDATE: InteractionsUpdateRequest =
    InteractionsUpdateRequest { assigned_user_id: None, encounter: None, patient: None };
const INTERACTION: &str = r#"{"id":"f47ac10b-58cc-4372-a567-0e02b2c3d479","assignedUserId":"00000000-0000-0000-0000-000000000001","encounter":{"identifier":"enc-1","status":"in-progress","type":"first_consultation","period":{"startedAt":"2024-05-01T10:00:00Z"}},"patient":{"identifier":"p-1"},"createdAt":"2024-05-01T10:00:00Z","updatedAt":"2024-05-01T10:05:00Z","websocketUrl":"wss://x","lastUpdated":"2024-05-01T10:05:00Z"}"#;

fn id() -> uuid::Uuid {
    uuid::Uuid::parse_str(ID).expect("uuid")
}

fn corti(server: &capture::Server) -> Client {
    Client::new(&server.url("/v2")).expect("client").with_bearer_token("tok").with_tenant_name("base")
}

/// Fast backoff, so that tests of several retries take milliseconds.
fn quick() -> RetryPolicy {
    RetryPolicy::default().with_min_delay(Duration::from_millis(1)).with_initial_delay(Duration::from_millis(5))
}

fn chatdash(server: &capture::Server) -> chatdash_api::client::Client {
    chatdash_api::client::Client::new(&server.url("")).expect("client").with_authorization("key")
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_with_the_same_idempotency_key() {
    let server = serve_script(vec![
        Reply::json(503, "{}").header("retry-after", "1"),
        Reply::json(200, INTERACTION).header("x-request-id", "r-2"),
    ])
    .await;
    let client = corti(&server).with_idempotency_header("Idempotency-Key");
    let response = client.interactions().update(id(), &UPDATE).with_response().await;
    let response = response.expect("the retry succeeds");
    assert_eq!((response.status().as_u16(), response.attempts()), (200, 2));
    assert_eq!(response.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("r-2"));
    assert_eq!(response.id, id(), "ApiResponse derefs to the body");
    let [first, second] = &server.requests()[..] else { panic!("expected two requests: {:#?}", server.requests()) };
    assert!(second.at - first.at >= Duration::from_secs(1), "Retry-After: 1 waited {:?}", second.at - first.at);
    let key = first.header("idempotency-key").expect("a key is sent");
    assert_eq!(key.len(), 36, "{key}");
    assert_eq!(second.header("idempotency-key"), Some(key), "the same key on every attempt");
    assert_eq!(first.body, second.body, "the body is sent again");
    // Each call has its own key.
    client.interactions().update(id(), &UPDATE).await.expect("200");
    assert_ne!(server.requests()[2].header("idempotency-key"), Some(key));
}

#[tokio::test]
async fn a_patch_without_a_key_is_not_retried_and_one_with_a_key_is() {
    let server = serve_script(vec![Reply::json(503, "{}"), Reply::json(200, INTERACTION)]).await;
    let client = corti(&server).with_retry_policy(quick());
    let err = client.interactions().update(id(), &UPDATE).await.expect_err("503");
    assert_eq!((err.status().map(|s| s.as_u16()), err.attempts()), (Some(503), 1));
    assert_eq!(server.requests().len(), 1, "a PATCH without an idempotency key is sent once");

    let server = serve_script(vec![Reply::json(503, "{}"), Reply::json(200, INTERACTION)]).await;
    let client = corti(&server).with_retry_policy(quick());
    let ok = client.interactions().update(id(), &UPDATE).with_idempotency_key("k-1").await;
    assert_eq!(ok.expect("retried").id, id());
    let keys: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("idempotency-key").map(str::to_owned)).collect();
    assert_eq!(keys, [Some("k-1".to_owned()), Some("k-1".to_owned())]);

    // `with_max_retries(0)` on the call wins over the policy.
    let server = serve_script(vec![Reply::json(503, "{}"), Reply::json(200, INTERACTION)]).await;
    let client = corti(&server).with_retry_policy(quick());
    let call = client.interactions().update(id(), &UPDATE).with_idempotency_key("k-2").with_max_retries(0);
    assert!(call.await.is_err());
    assert_eq!(server.requests().len(), 1);

    // So does a retry policy of the call's own.
    let server = serve_script(vec![Reply::json(503, "{}"), Reply::json(200, INTERACTION)]).await;
    let client = corti(&server).with_retry_policy(RetryPolicy::none());
    let call = client.interactions().update(id(), &UPDATE).with_idempotency_key("k-3").with_retry_policy(quick());
    assert_eq!(call.await.expect("retried by the call's policy").id, id());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_put_is_retried_on_the_documented_statuses_and_resets_but_not_on_a_500() {
    let server = serve_script(vec![Reply::json(500, r#"{"error":"boom"}"#), Reply::json(200, "{}")]).await;
    let err = chatdash(&server).with_retry_policy(quick()).conversations().update("a", "c").await;
    assert_eq!(err.expect_err("500").attempts(), 1);
    assert_eq!(server.requests().len(), 1, "a 500 is not retried by default");

    let server = serve_script(vec![Reply::json(502, ""), Reply::json(429, ""), Reply::json(504, "")]).await;
    let err = chatdash(&server).with_retry_policy(quick()).conversations().update("a", "c").await;
    let err = err.expect_err("504 after two retries");
    assert_eq!((err.status().map(|s| s.as_u16()), err.attempts()), (Some(504), 3));
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
    assert_eq!(server.requests().len(), 3, "RetryPolicy::default retries twice");

    let server = serve_script(vec![Reply::hang_up(), Reply::json(200, r#"{"message":"ok"}"#)]).await;
    let ok = chatdash(&server).with_retry_policy(quick()).conversations().update("a", "c").await;
    assert_eq!(ok.expect("the reset is retried").message.as_deref(), Some("ok"));
    assert_eq!(server.requests().len(), 2);

    let server = serve_script(vec![Reply::json(503, "")]).await;
    let err = chatdash(&server).with_retry_policy(RetryPolicy::none()).conversations().update("a", "c").await;
    assert_eq!(err.expect_err("503").attempts(), 1);
}

#[tokio::test]
async fn the_tenant_set_on_the_client_is_sent_and_a_call_can_override_it() {
    let server = serve(|_| Reply::json(200, INTERACTION)).await;
    let client = corti(&server);
    client.interactions().update(id(), &UPDATE).await.expect("200");
    client.interactions().update(id(), &UPDATE).tenant_name("other").await.expect("200");
    let tenants: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("tenant-name").map(str::to_owned)).collect();
    assert_eq!(tenants, [Some("base".to_owned()), Some("other".to_owned())]);

    // A line break in the tenant, on the client or on the call, sends nothing; so does a tenant set nowhere.
    let smuggled = corti(&server).with_tenant_name("base\r\nX-Admin: 1");
    let err = smuggled.interactions().update(id(), &UPDATE).await.expect_err("CR/LF");
    assert!(matches!(&err, Error::InvalidRequest(e) if e.to_string().contains("`Tenant-Name`")), "{err}");
    assert!(!err.to_string().contains("X-Admin"));
    let call = client.interactions().update(id(), &UPDATE).tenant_name("x\ny");
    assert!(matches!(call.await, Err(Error::InvalidRequest(_))));
    let unset = Client::new(&server.url("/v2")).expect("client");
    let err = unset.interactions().update(id(), &UPDATE).await.expect_err("missing");
    assert_eq!(
        err.to_string(),
        "invalid request: header parameter `Tenant-Name`: required, and set neither on the client nor on the call"
    );
    assert_eq!(server.requests().len(), 2, "refused calls never reach the wire");
    assert!(!format!("{smuggled:?}").contains("X-Admin"), "hoisted values are not in Debug output");
}

#[tokio::test]
async fn undeclared_headers_and_query_parameters() {
    let server = serve(|_| Reply::json(200, INTERACTION)).await;
    let client = corti(&server).with_header("X-Fern-Language", "Rust").expect("valid").with_query("trace", "a b");
    client
        .interactions()
        .update(id(), &UPDATE)
        .with_header("X-Fern-Language", "rust-2021")
        .with_query("debug", "1&x=2")
        .await
        .expect("200");
    let request = server.only_request();
    assert_eq!(request.target(), format!("/v2/interactions/{ID}?trace=a%20b&debug=1%26x%3D2"));
    assert_eq!(request.header("x-fern-language"), Some("rust-2021"), "the call's header wins");
    assert!(corti(&server).with_header("X-A", "1\r\nX-B: 2").is_err());
    // A header that cannot be sent fails the call, naming it, and nothing is sent.
    let err = client.interactions().update(id(), &UPDATE).with_header("Bad Name", "v").await.expect_err("refused");
    assert!(matches!(&err, Error::InvalidRequest(e) if e.to_string().contains("Bad Name")), "{err}");
    let err = client.interactions().update(id(), &UPDATE).with_header("X-A", "1\r\nX-B: 2").await.expect_err("CR/LF");
    assert!(matches!(err, Error::InvalidRequest(_)));
    assert_eq!(server.requests().len(), 1);
}

/// A token source whose tokens are `token-<n>`, counting fetches.
fn counting_source() -> (TokenSource, Arc<AtomicU32>) {
    let fetches = Arc::new(AtomicU32::new(0));
    let counter = fetches.clone();
    let source = TokenSource::new(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(Token::new(format!("token-{n}")))
        }
    });
    (source, fetches)
}

#[tokio::test]
async fn a_token_source_is_asked_once_for_concurrent_calls_and_again_after_a_401() {
    let valid = Arc::new(Mutex::new("Bearer token-1".to_owned()));
    let accepted = valid.clone();
    let server = serve(move |r| {
        let ok = accepted.lock().map(|v| r.header("authorization") == Some(v.as_str())).unwrap_or(false);
        if ok {
            Reply::json(200, INTERACTION)
        } else {
            Reply::json(401, "{}")
        }
    })
    .await;
    let (source, fetches) = counting_source();
    let client = Client::new(&server.url("/v2")).expect("client").with_tenant_name("base").with_token_source(source);
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.interactions().update(id(), &UPDATE).await })
        })
        .collect();
    for call in calls {
        call.await.expect("joins").expect("200");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "eight concurrent calls share one fetch");

    // The API stops accepting token-1: the call gets a 401, the token is fetched again, the request is replayed.
    *valid.lock().expect("lock") = "Bearer token-2".to_owned();
    let ok = client.interactions().update(id(), &UPDATE).await;
    assert_eq!(ok.expect("replayed with token-2").id, id());
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let last: Vec<Option<String>> =
        server.requests()[8..].iter().map(|r| r.header("authorization").map(str::to_owned)).collect();
    assert_eq!(last, [Some("Bearer token-1".to_owned()), Some("Bearer token-2".to_owned())]);

    // A second 401 is the answer: the request is replayed once only.
    *valid.lock().expect("lock") = "Bearer nobody".to_owned();
    let err = client.interactions().update(id(), &UPDATE).await.expect_err("401");
    assert_eq!((err.status().map(|s| s.as_u16()), err.attempts()), (Some(401), 2));
    assert_eq!(server.requests().len(), 12);

    // A fixed token is not replayed.
    let fixed = corti(&server);
    assert_eq!(fixed.interactions().update(id(), &UPDATE).await.expect_err("401").attempts(), 1);
}

#[tokio::test]
async fn oauth2_client_credentials_fetch_cache_and_refetch_on_expiry() {
    let issued = Arc::new(AtomicU32::new(0));
    let counter = issued.clone();
    let server = serve(move |r| {
        if r.path() == "/oauth/token" {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::json(200, &format!(r#"{{"access_token":"cc-{n}","token_type":"Bearer","expires_in":1}}"#))
        } else if r.header("authorization").is_some_and(|a| a.starts_with("Bearer cc-")) {
            Reply::json(200, INTERACTION)
        } else {
            Reply::json(401, "{}")
        }
    })
    .await;
    let client = Client::new(&server.url("/v2")).expect("client").with_tenant_name("base");
    let credentials =
        ClientCredentials::new(server.url("/oauth/token"), "my-client", "s3cret/+=").scopes(["interactions:write"]);
    let client = client.clone().with_token_source(credentials.clone().token_source(client.transport().clone()));
    for _ in 0..2 {
        client.interactions().update(id(), &UPDATE).await.expect("200");
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "the token is cached");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.interactions().update(id(), &UPDATE).await.expect("200");
    assert_eq!(issued.load(Ordering::SeqCst), 2, "`expires_in: 1` forces a new token");
    let requests = server.requests();
    let token_requests: Vec<_> = requests.iter().filter(|r| r.path() == "/oauth/token").collect();
    assert_eq!(token_requests.len(), 2);
    let form = token_requests[0];
    assert_eq!(form.request_line(), "POST /oauth/token HTTP/1.1");
    assert_eq!(form.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(form.body_text(), "grant_type=client_credentials&scope=interactions%3Awrite");
    // RFC 6749 section 2.3.1: the id and secret form-urlencoded, then Basic (`my-client:s3cret%2F%2B%3D`).
    assert_eq!(form.header("authorization"), Some("Basic bXktY2xpZW50OnMzY3JldCUyRiUyQiUzRA=="));
    let api: Vec<Option<&str>> =
        requests.iter().filter(|r| r.path() != "/oauth/token").map(|r| r.header("authorization")).collect();
    assert_eq!(api, [Some("Bearer cc-1"), Some("Bearer cc-1"), Some("Bearer cc-2")]);
    assert!(!format!("{credentials:?}").contains("s3cret"));
}

#[tokio::test]
async fn a_failing_token_endpoint_is_a_token_error_and_nothing_is_sent() {
    let server = serve(|r| {
        if r.path() == "/oauth/token" {
            Reply::json(401, r#"{"error":"invalid_client","error_description":"unknown client"}"#)
        } else {
            Reply::json(200, INTERACTION)
        }
    })
    .await;
    let client = Client::new(&server.url("/v2")).expect("client").with_tenant_name("base");
    let source =
        ClientCredentials::new(server.url("/oauth/token"), "id", "secret").token_source(client.transport().clone());
    let err = client.with_token_source(source).interactions().update(id(), &UPDATE).await;
    let err = err.expect_err("no token");
    assert!(matches!(err, Error::Token { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "no bearer token: the token endpoint answered 401 Unauthorized: invalid_client (unknown client)"
    );
    assert!(server.requests().iter().all(|r| r.path() == "/oauth/token"));
}

#[tokio::test]
async fn a_timeout_is_not_retried_and_says_so() {
    let server = serve(|_| Reply::json(200, INTERACTION).delayed(Duration::from_millis(500))).await;
    let client = corti(&server).with_idempotency_header("Idempotency-Key");
    let err =
        client.interactions().update(id(), &UPDATE).with_timeout(Duration::from_millis(50)).await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 1);
}

/// Properties a newer server added survive a decode/encode round trip, at every depth, and a value read and sent
/// back (Corti's patient, in both the response and the update) carries them to the server.
#[tokio::test]
async fn unknown_properties_are_kept_and_written_back() {
    let newer = serde_json::json!({
        "id": ID,
        "assignedUserId": "00000000-0000-0000-0000-000000000001",
        "encounter": {"identifier": "enc-1", "status": "in-progress", "type": "first_consultation",
                      "period": {"startedAt": "2024-05-01T10:00:00Z", "timezone": "Europe/Berlin"}, "ward": 7},
        "patient": {"identifier": "p-1", "ethnicity": {"code": "x", "system": "y"}},
        "createdAt": "2024-05-01T10:00:00Z",
        "updatedAt": "2024-05-01T10:05:00Z",
        "websocketUrl": "wss://x",
        "lastUpdated": "2024-05-01T10:05:00Z",
        "region": "eu-2"
    });
    let body = newer.to_string();
    let server = serve(move |_| Reply::json(200, &body)).await;
    let client = corti(&server);
    let read = client.interactions().update(id(), &UPDATE).await.expect("decodes");
    assert_eq!(read.unknown_fields.get("region"), Some(&serde_json::json!("eu-2")));
    assert_eq!(read.encounter.unknown_fields.get("ward"), Some(&serde_json::json!(7)));
    let written = serde_json::to_value(&read).expect("encodes");
    assert_eq!(written, newer, "written back unchanged");
    assert_eq!(written["region"], "eu-2");
    assert_eq!(written["encounter"]["period"]["timezone"], "Europe/Berlin");
    assert_eq!(written["patient"]["ethnicity"], serde_json::json!({"code": "x", "system": "y"}));

    let update = InteractionsUpdateRequest { patient: Some(read.patient.clone()), ..Default::default() };
    client.interactions().update(id(), &update).await.expect("200");
    let sent: serde_json::Value = serde_json::from_slice(&server.requests()[1].body).expect("JSON");
    assert_eq!(sent, serde_json::json!({"patient": {"identifier": "p-1", "ethnicity": {"code": "x", "system": "y"}}}));
}

/// A 401 replay is not a retry: after it, the policy's two retries remain.
#[tokio::test]
async fn a_replay_after_a_401_leaves_the_retries() {
    let server = serve_script(vec![
        Reply::json(401, "{}"),
        Reply::json(503, "{}"),
        Reply::json(503, "{}"),
        Reply::json(200, INTERACTION),
    ])
    .await;
    let (source, fetches) = counting_source();
    let client = Client::new(&server.url("/v2"))
        .expect("client")
        .with_tenant_name("base")
        .with_token_source(source)
        .with_retry_policy(quick());
    let call = client.interactions().update(id(), &UPDATE).with_idempotency_key("k").with_response();
    let ok = call.await.expect("replayed, then retried twice");
    assert_eq!((ok.attempts(), fetches.load(Ordering::SeqCst)), (4, 2));
}

/// The timeout covers getting the token: a token source that never answers fails the call in time.
#[tokio::test]
async fn a_stuck_token_source_times_out() {
    let server = serve(|_| Reply::json(200, INTERACTION)).await;
    let stuck = TokenSource::new(|| async {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        Ok(Token::new("never"))
    });
    let client = Client::new(&server.url("/v2")).expect("client").with_tenant_name("base").with_token_source(stuck);
    let started = std::time::Instant::now();
    let call = client.interactions().update(id(), &UPDATE).with_timeout(Duration::from_millis(100));
    let err = call.await.expect_err("timeout");
    assert!(err.is_timeout() && started.elapsed() < Duration::from_secs(2), "{err:?} after {:?}", started.elapsed());
    assert!(server.requests().is_empty());
}

/// Extra headers: the call's replace the client's and the credentials; the client's fill only what is unset; the
/// last value set on the client wins; none of them, nor a `Set-Cookie` in the answer, shows in `Debug` output.
#[tokio::test]
async fn header_precedence_and_redaction() {
    let server = serve(|_| Reply::json(403, r#"{"detail":"no"}"#).header("set-cookie", "session=s3cr3t")).await;
    let client = corti(&server)
        .with_header("X-Api-Key", "first")
        .expect("valid")
        .with_header("x-api-key", "client-key")
        .expect("valid")
        .with_header("Authorization", "Basic ignored")
        .expect("valid");
    let call = client.interactions().update(id(), &UPDATE).with_header("Authorization", "Bearer per-call");
    let err = call.await.expect_err("403");
    let request = server.only_request();
    assert_eq!(request.header("authorization"), Some("Bearer per-call"), "the call's header wins");
    assert_eq!(request.header("x-api-key"), Some("client-key"), "the last value set on the client");
    assert_eq!(request.head.matches("x-api-key").count() + request.head.matches("X-Api-Key").count(), 1);
    let shown = format!("{err:?} {client:?}");
    assert!(!shown.contains("s3cr3t") && !shown.contains("client-key"), "{shown}");
}

/// A response body over the client's limit is an error that says so, read no further than the limit, and not
/// retried; the default limit (16 MiB) lets ordinary bodies through.
#[tokio::test]
async fn a_response_over_the_size_limit_is_an_error() {
    let big = format!(r#"{{"message":"{}"}}"#, "x".repeat(4096));
    let server = serve(move |_| Reply::json(200, &big)).await;
    let client = chatdash(&server).with_max_body_size(1024);
    let err = client.conversations().update("a", "c").await.expect_err("too large");
    assert!(matches!(&err, Error2::Transport(e) if e.kind() == TransportKind::TooLarge), "{err:?}");
    assert_eq!(
        err.to_string(),
        "response too large: the response body is larger than 1024 bytes, the client's limit (`with_max_body_size`)"
    );
    assert_eq!(server.requests().len(), 1, "not retried");
    let ok = chatdash(&server).conversations().update("a", "c").await.expect("within 16 MiB");
    assert_eq!(ok.message.map(|m| m.len()), Some(4096));

    // Without `content-length` the body is read chunk by chunk and refused at the limit.
    let big = format!(r#"{{"message":"{}"}}"#, "x".repeat(100_000));
    let server = serve(move |_| Reply::json(200, &big).unsized_body()).await;
    let err = chatdash(&server).with_max_body_size(1024).conversations().update("a", "c").await;
    assert!(matches!(&err, Err(Error2::Transport(e)) if e.kind() == TransportKind::TooLarge), "{err:?}");
    let ok = chatdash(&server).conversations().update("a", "c").await.expect("an unsized body within the limit");
    assert_eq!(ok.message.map(|m| m.len()), Some(100_000));
}
