//! Proficient AI client against a capture server on 127.0.0.1: the exact request of a partial update, every
//! documented status (200, and `ApiError` on 403/404/500), an undocumented status, a malformed body, path
//! injection, timeouts.

#[path = "capture.rs"]
mod capture;

use capture::{serve, serve_fixed, Reply};
use oagen_runtime::Tristate;
use proficient_api::client::{servers, Client, Error, ErrorBody};
use proficient_api::types::{ApiErrorCode, InteractionParticipant, InteractionUpdateParams};
use std::time::Duration;

const INTERACTION: &str = r#"{"id":"int_1","object":"interaction","agent_id":"ag_1","archived":false,"created_at":1732190000000,"initial_turn":"agent","name":"Renamed","total_message_count":3,"updated_at":1732190000001,"user_id":"u_1"}"#;
const API_ERROR: &str = r#"{"error":{"code":"forbidden","message":"You cannot touch this interaction"}}"#;

fn rename() -> InteractionUpdateParams {
    InteractionUpdateParams { name: Tristate::Value("Renamed".to_owned()) }
}

#[tokio::test]
async fn partial_update_sends_exactly_the_documented_request() {
    let server = serve_fixed(Reply::json(200, INTERACTION)).await;
    let client = Client::new(&server.url("")).expect("client");
    let interaction = client.interactions().update("int_1", &rename()).await.expect("200 decodes");
    assert_eq!(interaction.name, "Renamed");
    assert_eq!(interaction.initial_turn, InteractionParticipant::Agent);
    assert_eq!(interaction.created_at, 1_732_190_000_000);
    let request = server.only_request();
    assert_eq!(
        request.head,
        "POST /interactions/int_1 HTTP/1.1\n\
         content-type: application/json\n\
         accept: */*\n\
         host: 127.0.0.1:PORT\n\
         content-length: 18"
    );
    assert_eq!(request.body_text(), r#"{"name":"Renamed"}"#);
}

#[tokio::test]
async fn absent_and_null_are_different_requests() {
    let server = serve_fixed(Reply::json(200, INTERACTION)).await;
    let client = Client::new(&server.url("")).expect("client");
    client.interactions().update("a", &InteractionUpdateParams::default()).await.expect("absent");
    client.interactions().update("a", &InteractionUpdateParams { name: Tristate::Null }).await.expect("null");
    let bodies: Vec<String> = server.requests().iter().map(|r| r.body_text()).collect();
    assert_eq!(bodies, ["{}", r#"{"name":null}"#]);
}

#[tokio::test]
async fn every_documented_error_status_carries_the_api_error() {
    for status in [403u16, 404, 500] {
        let server = serve_fixed(Reply::json(status, API_ERROR)).await;
        let client = Client::new(&server.url("")).expect("client");
        let err = client.interactions().update("int_1", &rename()).await.expect_err("documented error");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.message(), Some("You cannot touch this interaction"));
        let shown = err.to_string();
        assert!(
            shown.starts_with(&status.to_string()) && shown.ends_with(": You cannot touch this interaction"),
            "{shown}"
        );
        match err {
            Error::Api { body, .. } => match *body {
                ErrorBody::ApiError(e) => assert_eq!(e.error.code, ApiErrorCode::Forbidden),
                other => panic!("expected ErrorBody::ApiError, got {other:?}"),
            },
            other => panic!("expected Error::Api, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_raw_body() {
    let server = serve_fixed(Reply::with(418, "text/plain", "short and stout").header("x-trace", "t-1")).await;
    let client = Client::new(&server.url("")).expect("client");
    let err = client.interactions().update("int_1", &rename()).await.expect_err("418 is not documented");
    assert_eq!(err.to_string(), "unexpected status 418 I'm a teapot (15 bytes of body)");
    match err {
        Error::UnexpectedStatus { status, headers, body, .. } => {
            assert_eq!(status.as_u16(), 418);
            assert_eq!(headers.get("x-trace").and_then(|v| v.to_str().ok()), Some("t-1"));
            assert_eq!(body, b"short and stout");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_does_not_match_keeps_the_bytes_and_the_serde_error() {
    // `created_at` as a string: the 200 type does not accept it.
    let malformed = INTERACTION.replace("1732190000000", "\"yesterday\"");
    for (status, body) in [(200u16, malformed.as_str()), (404, r#"{"error":"not an object"}"#), (200, "")] {
        let server = serve_fixed(Reply::json(status, body)).await;
        let client = Client::new(&server.url("")).expect("client");
        let err = client.interactions().update("int_1", &rename()).await.expect_err("malformed");
        match &err {
            Error::Decode { status: s, body: raw, source, .. } => {
                assert_eq!(s.as_u16(), status);
                assert_eq!(raw, body.as_bytes());
                assert!(std::error::Error::source(&err).is_some());
                assert!(err.to_string().contains(&source.to_string()), "{err}");
            }
            other => panic!("expected Decode for {status} {body:?}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn path_parameters_cannot_change_the_path_or_add_a_query() {
    let server = serve_fixed(Reply::json(200, INTERACTION)).await;
    let client = Client::new(&server.url("")).expect("client");
    for id in ["a/../b", "x?y#z", "../../admin", "%2e%2e", "a b\\c", "é"] {
        client.interactions().update(id, &rename()).await.expect("sent");
    }
    let targets: Vec<String> = server.requests().iter().map(|r| r.target().to_owned()).collect();
    assert_eq!(
        targets,
        [
            "/interactions/a%2F..%2Fb",
            "/interactions/x%3Fy%23z",
            "/interactions/..%2F..%2Fadmin",
            "/interactions/%252e%252e",
            "/interactions/a%20b%5Cc",
            "/interactions/%C3%A9",
        ]
    );
    // A whole segment of dots would be removed by URL normalisation: refused, nothing sent.
    for id in ["..", ".", ""] {
        let err = client.interactions().update(id, &rename()).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(err.to_string().contains("path parameter `interaction_id`"), "{err}");
    }
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn base_url_path_is_kept() {
    let server = serve_fixed(Reply::json(200, INTERACTION)).await;
    let client = Client::new(&server.url("/api/v1/")).expect("client");
    assert_eq!(client.base_url(), server.url("/api/v1"));
    client.interactions().update("i", &rename()).await.expect("sent");
    assert_eq!(server.only_request().target(), "/api/v1/interactions/i");
}

#[tokio::test]
async fn timeouts_per_client_and_per_request() {
    let server = serve(|_| Reply::json(200, INTERACTION).delayed(Duration::from_millis(400))).await;
    let slow = Client::new(&server.url("")).expect("client").with_timeout(Duration::from_millis(50));
    let err = slow.interactions().update("i", &rename()).await.expect_err("client timeout");
    assert!(err.is_timeout(), "{err:?}");
    // One request may wait longer than the client's default...
    slow.interactions()
        .update("i", &rename())
        .with_timeout(Duration::from_secs(5))
        .await
        .expect("per-request timeout wins");
    // ...or shorter.
    let patient = Client::new(&server.url("")).expect("client");
    let err = patient
        .interactions()
        .update("i", &rename())
        .with_timeout(Duration::from_millis(50))
        .await
        .expect_err("request timeout");
    assert!(err.is_timeout());
}

#[tokio::test]
async fn own_reqwest_client_and_servers() {
    assert_eq!(servers::PRODUCTION, "https://api.proficientai.com");
    assert_eq!(servers::STAGING, "https://main-64bxvpctea-uc.a.run.app");
    assert_eq!(servers::DEVELOPMENT, "http://localhost:8080");
    let server = serve_fixed(Reply::json(200, INTERACTION)).await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-app", reqwest::header::HeaderValue::from_static("mine"));
    let http = reqwest::Client::builder().default_headers(defaults).build().expect("reqwest");
    let client = Client::with_http_client(http, &server.url("")).expect("client");
    client.interactions().update("i", &rename()).await.expect("sent");
    assert!(server.only_request().head.contains("\nx-app: mine\n"));
    for bad in ["not a url", "ftp://example.com", "https://example.com/?q=1", "https://user:pw@example.com"] {
        assert!(matches!(Client::new(bad), Err(Error::InvalidRequest(_))), "{bad}");
    }
}
