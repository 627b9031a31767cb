//! healvi's generated server, end to end: an in-memory implementation of `healvi_api::server::Api` served on
//! 127.0.0.1:0 and driven by the generated client (`healvi_api::client::Client`). Partial updates across the wire
//! (absent leaves a field, `null` clears it, a value sets it), the bearer token set on the client reaching the
//! handler, a missing token refused (the client sees the 401 as an unexpected status: the spec lists only 200), and
//! bad requests (sent raw) refused before the handler runs.

#[path = "server_support.rs"]
mod support;

use healvi_api::client::{Client, Error};
use healvi_api::server::{self, update_conversation};
use healvi_api::types;
use oagen_runtime::Tristate;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use support::{body_at, check_problems, oversized, param, Bad, Call};

/// Conversations by id; any id exists (healvi's spec lists only 200).
#[derive(Clone, Default)]
struct Store {
    conversations: Arc<Mutex<HashMap<i64, types::Conversation>>>,
    calls: Arc<AtomicUsize>,
    tokens: Arc<Mutex<Vec<String>>>,
}

impl server::Api for Store {
    async fn update_conversation(&self, request: update_conversation::Request) -> update_conversation::Response {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.tokens.lock().unwrap().push(request.credentials.0.clone());
        let mut all = self.conversations.lock().unwrap();
        let conversation = all.entry(request.id).or_insert_with(|| types::Conversation {
            id: Some(request.id),
            status: Some(types::ConversationStatus::ToDo),
            ..Default::default()
        });
        if let Some(status) = request.body.status {
            conversation.status = Some(status);
        }
        match request.body.user_id {
            Tristate::Absent => {}
            Tristate::Null => conversation.user = None,
            Tristate::Value(id) => conversation.user = Some(types::User { id: Some(id), ..Default::default() }),
        }
        update_conversation::Response::Ok(conversation.clone())
    }
}

async fn start() -> (String, Store) {
    let store = Store::default();
    let base = support::serve(server::router(store.clone())).await;
    (base, store)
}

fn patch(id: &str, body: serde_json::Value) -> Call {
    Call::new("PATCH", format!("/conversations/{id}")).header("authorization", "Bearer token-1").json(body)
}

fn body(status: Option<types::ConversationStatus>, user_id: Tristate<i64>) -> types::UpdateConversationBody {
    types::UpdateConversationBody { status, user_id }
}

/// The generated client against the generated server: value, absent and null for `user_id` as the client sends
/// them; the answer as the client decodes it equals what the server stored; the bearer token set on the client
/// reaches the handler.
#[tokio::test]
async fn partial_updates_through_the_generated_client() {
    let (base, store) = start().await;
    let client = Client::new(&base).expect("client").with_bearer_token("token-1");
    let stored = || store.conversations.lock().unwrap()[&7].clone();
    let user = |c: &types::Conversation| c.user.as_ref().and_then(|u| u.id);

    let set =
        client.conversations().update(7, &body(Some(types::ConversationStatus::InProgress), Tristate::Value(42))).await;
    let set = set.expect("a value");
    assert_eq!(set.id, Some(7));
    assert_eq!(set.status, Some(types::ConversationStatus::InProgress));
    assert_eq!(user(&set), Some(42));
    assert_eq!(stored(), set);

    // Absent: `user_id` is left as it was.
    let absent = client.conversations().update(7, &body(Some(types::ConversationStatus::Done), Tristate::Absent)).await;
    let absent = absent.expect("absent");
    assert_eq!(absent.status, Some(types::ConversationStatus::Done));
    assert_eq!(user(&absent), Some(42));
    assert_eq!(stored(), absent);

    // Null: cleared; the status not mentioned stays.
    let null = client.conversations().update(7, &body(None, Tristate::Null)).await.expect("null");
    assert_eq!(null.user, None);
    assert_eq!(null.status, Some(types::ConversationStatus::Done));
    assert_eq!(stored(), null);

    assert_eq!(store.calls.load(Ordering::SeqCst), 3);
    assert_eq!(store.tokens.lock().unwrap().as_slice(), ["token-1", "token-1", "token-1"]);
}

/// healvi's spec lists only 200, so the client has no typed error body: a client without the bearer token the spec
/// requires gets the server's 401 as an unexpected status, problem document intact, and the handler never runs.
#[tokio::test]
async fn a_client_without_its_token_is_refused_before_the_handler() {
    let (base, store) = start().await;
    let client = Client::new(&base).expect("client");
    let err = client.conversations().update(7, &body(None, Tristate::Absent)).await.expect_err("401");
    match err {
        Error::UnexpectedStatus { status, headers, body, .. } => {
            assert_eq!(status.as_u16(), 401);
            assert!(headers.contains_key("www-authenticate"));
            let problem: serde_json::Value = serde_json::from_slice(&body).expect("a problem document");
            assert_eq!(problem["status"], 401);
            assert_eq!(problem["input"], param("header", "Authorization"));
        }
        other => panic!("expected Error::UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(store.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn bad_requests_never_reach_the_handler() {
    let (base, store) = start().await;
    let table = [
        Bad {
            name: "no bearer token",
            call: Call::new("PATCH", "/conversations/7").json(json!({})),
            status: 401,
            input: param("header", "Authorization"),
        },
        Bad {
            name: "another authorization scheme",
            call: Call::new("PATCH", "/conversations/7").header("authorization", "Basic dTpw").json(json!({})),
            status: 401,
            input: param("header", "Authorization"),
        },
        Bad { name: "non-integer id", call: patch("abc", json!({})), status: 400, input: param("path", "id") },
        Bad { name: "fractional id", call: patch("1.5", json!({})), status: 400, input: param("path", "id") },
        Bad {
            name: "id beyond i64",
            call: patch("99999999999999999999", json!({})),
            status: 400,
            input: param("path", "id"),
        },
        Bad {
            name: "status outside the enum",
            call: patch("7", json!({"status": "archived"})),
            status: 422,
            input: body_at("/status"),
        },
        Bad {
            name: "status of the wrong type",
            call: patch("7", json!({"status": 3})),
            status: 422,
            input: body_at("/status"),
        },
        Bad {
            name: "user_id as a string",
            call: patch("7", json!({"user_id": "42"})),
            status: 422,
            input: body_at("/user_id"),
        },
        Bad { name: "body not an object", call: patch("7", json!([1, 2])), status: 422, input: body_at("") },
        Bad {
            name: "malformed JSON",
            call: patch("7", json!({})).raw("application/json", b"{\"status\":".to_vec()),
            status: 400,
            input: body_at(""),
        },
        Bad {
            name: "unsupported content type",
            call: patch("7", json!({})).raw("text/plain", b"status=done".to_vec()),
            status: 415,
            input: param("header", "Content-Type"),
        },
        Bad {
            name: "missing body",
            call: Call::new("PATCH", "/conversations/7").header("authorization", "Bearer t"),
            status: 400,
            input: body_at(""),
        },
        Bad {
            name: "body over the limit",
            call: patch("7", json!({})).raw("application/json", oversized("status")),
            status: 413,
            input: body_at(""),
        },
    ];
    check_problems(&base, &table).await;
    assert_eq!(store.calls.load(Ordering::SeqCst), 0, "a bad request reached the handler");
}

/// The generated client calls the generated server's router in process (`Client::with_router`, no socket).
#[tokio::test]
async fn the_client_drives_its_server_in_process() {
    let (_, store) = start().await;
    let client = Client::with_router(server::router(store.clone())).with_bearer_token("token-1");
    let body = body(Some(types::ConversationStatus::InProgress), Tristate::Value(42));
    let set = client.conversations().update(7, &body).await.expect("in process");
    assert_eq!(set.status, Some(types::ConversationStatus::InProgress));
    assert_eq!(store.calls.load(Ordering::SeqCst), 1);
    assert_eq!(*store.tokens.lock().unwrap(), ["token-1"]);
}
