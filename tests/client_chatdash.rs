//! ChatDash client against a capture server on 127.0.0.1: the exact PUT of a partial update (the `Authorization`
//! header parameter, two string path parameters, no defaults sent), `{error}` on 500 (not decoded with the 200
//! type), an undocumented status, a malformed body, path and header injection, the optional body.

#[path = "capture.rs"]
mod capture;

use capture::{serve_fixed, Reply};
use chatdash_api::client::{servers, Client, Error, ErrorBody};
use chatdash_api::types::UpdateConversationBody;

fn read_only() -> UpdateConversationBody {
    UpdateConversationBody { read: Some(true), ..Default::default() }
}

#[tokio::test]
async fn partial_update_sends_exactly_the_documented_request() {
    let server = serve_fixed(Reply::json(200, r#"{"message":"Conversation updated successfully"}"#)).await;
    let client = Client::new(&server.url("/v1/public")).expect("client").with_authorization("agency-key");
    let ok = client.conversations().update("agent-1", "conv-9").body(&read_only()).await.expect("200");
    assert_eq!(ok.message.as_deref(), Some("Conversation updated successfully"));
    let request = server.only_request();
    assert_eq!(
        request.head,
        "PUT /v1/public/agents/agent-1/conversations/conv-9 HTTP/1.1\n\
         authorization: agency-key\n\
         content-type: application/json\n\
         accept: */*\n\
         host: 127.0.0.1:PORT\n\
         content-length: 13"
    );
    // The spec's defaults (`interacted: false`, `isLive: false`, `record: false`, `status: "ai"`) are not sent.
    assert_eq!(request.body_text(), r#"{"read":true}"#);
}

#[tokio::test]
async fn the_body_is_optional() {
    let server = serve_fixed(Reply::json(200, "{}")).await;
    let client = Client::new(&server.url("")).expect("client");
    client.conversations().update("a", "c").authorization("k").await.expect("200");
    let request = server.only_request();
    assert!(!request.head.contains("content-type"), "{}", request.head);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn the_500_body_is_the_error_type_not_the_200_type() {
    let server = serve_fixed(Reply::json(500, r#"{"error":"An unexpected error occurred"}"#)).await;
    let client = Client::new(&server.url("")).expect("client");
    let err = client.conversations().update("a", "c").body(&read_only()).authorization("k").await.expect_err("500");
    assert_eq!(err.to_string(), "500 Internal Server Error: An unexpected error occurred");
    let Error::Api { status, body, .. } = err else { panic!("expected Error::Api") };
    assert_eq!(status.as_u16(), 500);
    let ErrorBody::UpdateConversationInternalServerError(e) = *body else { panic!("another variant") };
    assert_eq!(e.error.as_deref(), Some("An unexpected error occurred"));
}

#[tokio::test]
async fn undocumented_status_and_malformed_bodies() {
    let server = serve_fixed(Reply::with(401, "text/plain", "bad key")).await;
    let client = Client::new(&server.url("")).expect("client");
    let err = client.conversations().update("a", "c").authorization("k").await.expect_err("401");
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, body, .. } if status.as_u16() == 401 && body == b"bad key")
    );
    for (status, body) in [(200u16, r#"{"message":5}"#), (500, r#"["not","an","object"]"#)] {
        let server = serve_fixed(Reply::json(status, body)).await;
        let client = Client::new(&server.url("")).expect("client");
        let err = client.conversations().update("a", "c").authorization("k").await.expect_err("malformed");
        assert!(
            matches!(&err, Error::Decode { status: s, body: b, .. } if s.as_u16() == status && b == body.as_bytes()),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn path_and_header_injection() {
    let server = serve_fixed(Reply::json(200, "{}")).await;
    let client = Client::new(&server.url("/v1/public")).expect("client");
    client.conversations().update("../../admin", "x?y#z").authorization("k").await.expect("sent, encoded");
    client.conversations().update("a/b", "c&d=e").authorization("k").await.expect("sent, encoded");
    let targets: Vec<String> = server.requests().iter().map(|r| r.target().to_owned()).collect();
    assert_eq!(
        targets,
        [
            "/v1/public/agents/..%2F..%2Fadmin/conversations/x%3Fy%23z",
            "/v1/public/agents/a%2Fb/conversations/c%26d%3De"
        ]
    );
    for (agent, conversation) in [("..", "c"), ("a", "."), ("", "c")] {
        let err = client.conversations().update(agent, conversation).authorization("k").await.expect_err("refused");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    let err = client.conversations().update("a", "c").authorization("key\r\nX-Admin: 1").await.expect_err("refused");
    let shown = err.to_string();
    assert!(shown.contains("header parameter `Authorization`") && !shown.contains("key"), "{shown}");
    assert_eq!(server.requests().len(), 2, "refused requests never reach the wire");
}

#[test]
fn the_spec_server() {
    assert_eq!(servers::DEFAULT, "https://api.chat-dash.com/v1/public");
}
