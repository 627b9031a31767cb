//! healvi's generated server, end to end: an in-memory implementation of `healvi_api::server::Api` served on
//! 127.0.0.1:0 and driven over HTTP. Partial updates across the wire (absent leaves a field, `null` clears it, a value
//! sets it), the bearer credential reaching the handler, and bad requests refused before the handler runs.

#[path = "server_support.rs"]
mod support;

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

#[tokio::test]
async fn partial_updates_across_the_wire() {
    let (base, store) = start().await;

    let set = patch("7", json!({"status": "in-progress", "user_id": 42})).send(&base).await;
    assert_eq!(set.status, 200, "{set:?}");
    assert_eq!(set.content_type, "application/json");
    let conversation: types::Conversation = serde_json::from_value(set.body).unwrap();
    assert_eq!(conversation.id, Some(7));
    assert_eq!(conversation.status, Some(types::ConversationStatus::InProgress));
    assert_eq!(conversation.user.as_ref().and_then(|u| u.id), Some(42));

    // Absent: `user_id` is left as it was.
    let absent = patch("7", json!({"status": "done"})).send(&base).await;
    let conversation: types::Conversation = serde_json::from_value(absent.body).unwrap();
    assert_eq!(conversation.status, Some(types::ConversationStatus::Done));
    assert_eq!(conversation.user.as_ref().and_then(|u| u.id), Some(42));

    // Null: cleared.
    let null = patch("7", json!({"user_id": null})).send(&base).await;
    let conversation: types::Conversation = serde_json::from_value(null.body).unwrap();
    assert_eq!(conversation.user, None);
    assert_eq!(conversation.status, Some(types::ConversationStatus::Done));

    // The generated model writes exactly those three states.
    let body = types::UpdateConversationBody { status: None, user_id: Tristate::Null };
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({"user_id": null}));

    assert_eq!(store.calls.load(Ordering::SeqCst), 3);
    assert_eq!(store.tokens.lock().unwrap().as_slice(), ["token-1", "token-1", "token-1"]);
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
        Bad { name: "status of the wrong type", call: patch("7", json!({"status": 3})), status: 422, input: body_at("/status") },
        Bad { name: "user_id as a string", call: patch("7", json!({"user_id": "42"})), status: 422, input: body_at("/user_id") },
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
