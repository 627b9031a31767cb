//! healvi client against a capture server on 127.0.0.1: the exact PATCH of a partial update (bearer token, integer
//! path parameter, absent / null / value), the documented 200, an undocumented status, a malformed body.

#[path = "capture.rs"]
mod capture;

use capture::{serve_fixed, Reply};
use healvi_api::client::{servers, Client, Error};
use healvi_api::types::{ConversationStatus, UpdateConversationBody};
use oagen_runtime::Tristate;

const CONVERSATION: &str = r#"{"id":42,"status":"done","snooze_until":null,"latest_message":null}"#;

fn client(server: &capture::Server) -> Client {
    Client::new(&server.url("/third-party/v1")).expect("client").with_bearer_token("hv-secret")
}

#[tokio::test]
async fn partial_update_sends_exactly_the_documented_request() {
    let server = serve_fixed(Reply::json(200, CONVERSATION)).await;
    let client = client(&server);
    let body = UpdateConversationBody { status: Some(ConversationStatus::Done), user_id: Tristate::Null };
    let conversation = client.conversations().update(42, &body).await.expect("200 decodes");
    assert_eq!(conversation.id, Some(42));
    assert_eq!(conversation.status, Some(ConversationStatus::Done));
    assert_eq!(conversation.latest_message, Tristate::Null);
    let request = server.only_request();
    assert_eq!(
        request.head,
        "PATCH /third-party/v1/conversations/42 HTTP/1.1\n\
         authorization: Bearer hv-secret\n\
         content-type: application/json\n\
         accept: */*\n\
         host: 127.0.0.1:PORT\n\
         content-length: 32"
    );
    assert_eq!(request.body_text(), r#"{"status":"done","user_id":null}"#);
}

#[tokio::test]
async fn only_what_was_set_is_sent() {
    let server = serve_fixed(Reply::json(200, CONVERSATION)).await;
    let client = client(&server);
    let cases = [
        (UpdateConversationBody::default(), "{}"),
        (UpdateConversationBody { user_id: Tristate::Value(7), ..Default::default() }, r#"{"user_id":7}"#),
        (
            UpdateConversationBody { status: Some(ConversationStatus::InProgress), ..Default::default() },
            r#"{"status":"in-progress"}"#,
        ),
    ];
    for (body, _) in &cases {
        client.conversations().update(-1, body).await.expect("sent");
    }
    let sent: Vec<(String, String)> =
        server.requests().iter().map(|r| (r.target().to_owned(), r.body_text())).collect();
    let expected: Vec<(String, String)> =
        cases.iter().map(|(_, b)| ("/third-party/v1/conversations/-1".to_owned(), (*b).to_owned())).collect();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn undocumented_status_and_malformed_body() {
    let server = serve_fixed(Reply::json(404, r#"{"message":"No such conversation"}"#)).await;
    let err = client(&server).conversations().update(1, &UpdateConversationBody::default()).await.expect_err("404");
    match err {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body, br#"{"message":"No such conversation"}"#);
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    // A 201 is not documented either: success statuses are not guessed.
    let server = serve_fixed(Reply::json(201, CONVERSATION)).await;
    let err = client(&server).conversations().update(1, &UpdateConversationBody::default()).await.expect_err("201");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(201));
    let server = serve_fixed(Reply::json(200, r#"{"id":"forty-two"}"#)).await;
    let err =
        client(&server).conversations().update(1, &UpdateConversationBody::default()).await.expect_err("malformed");
    assert!(matches!(&err, Error::Decode { body, .. } if body == br#"{"id":"forty-two"}"#), "{err:?}");
    assert!(
        err.to_string().starts_with("the body of a 200 OK response does not match its documented type: invalid type"),
        "{err}"
    );
}

#[test]
fn the_spec_server_and_redaction() {
    assert_eq!(servers::DEFAULT, "https://1-some-client.some-server.healvi-chat/third-party/v1");
    let client = Client::new(servers::DEFAULT).expect("client").with_bearer_token("hv-secret");
    let debug = format!("{client:?}");
    assert!(
        !debug.contains("hv-secret") && debug.contains("bearer_auth: Some(TokenSource { token: \"<redacted>\""),
        "{debug}"
    );
}
