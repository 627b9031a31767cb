//! ChatDash's generated server, end to end: an in-memory implementation of `chatdash_api::server::Api` served on
//! 127.0.0.1:0 and driven over HTTP. ChatDash's PUT is a partial update whose fields have spec defaults (`read`,
//! `record`, `interacted`, `isLive`: false; `status`: ai): an update that does not mention `read` must not reset
//! it. Also the 500 the spec lists, and bad requests (missing `Authorization`, a string for `cost`, ...) refused
//! with problem documents before the handler runs.

#[path = "server_support.rs"]
mod support;

use chatdash_api::server::{self, update_conversation};
use chatdash_api::types;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use support::{body_at, check_problems, oversized, param, Bad, Call};

/// What the server keeps per conversation (the response only says "updated").
#[derive(Debug, Clone, Default, PartialEq)]
struct Conversation {
    read: bool,
    name: Option<String>,
    cost: Option<f64>,
    status: Option<types::UpdateConversationBodyStatus>,
}

#[derive(Clone, Default)]
struct Store {
    conversations: Arc<Mutex<HashMap<(String, String), Conversation>>>,
    calls: Arc<AtomicUsize>,
    keys: Arc<Mutex<Vec<String>>>,
}

impl server::Api for Store {
    async fn update_conversation(&self, request: update_conversation::Request) -> update_conversation::Response {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.keys.lock().unwrap().push(request.authorization.clone());
        if request.agent_id == "broken" {
            return update_conversation::Response::InternalServerError(types::UpdateConversationInternalServerError {
                error: Some("database unavailable".to_owned()),
            });
        }
        let mut all = self.conversations.lock().unwrap();
        let conversation = all.entry((request.agent_id, request.conversation_id)).or_default();
        // The body is optional; every field in it is optional and absent means "leave as is".
        if let Some(body) = request.body {
            if let Some(read) = body.read {
                conversation.read = read;
            }
            if let Some(name) = body.name {
                conversation.name = Some(name);
            }
            if let Some(cost) = body.cost {
                conversation.cost = Some(cost);
            }
            if let Some(status) = body.status {
                conversation.status = Some(status);
            }
        }
        update_conversation::Response::Ok(types::UpdateConversationResponse {
            message: Some("Conversation updated successfully".to_owned()),
        })
    }
}

async fn start() -> (String, Store) {
    let store = Store::default();
    let base = support::serve(server::router(store.clone())).await;
    (base, store)
}

fn put(agent: &str, conversation: &str, body: serde_json::Value) -> Call {
    Call::new("PUT", format!("/agents/{agent}/conversations/{conversation}")).header("authorization", "agency-key").json(body)
}

#[tokio::test]
async fn an_update_that_does_not_mention_read_keeps_it() {
    let (base, store) = start().await;
    let stored = |store: &Store| store.conversations.lock().unwrap()[&("a1".to_owned(), "c1".to_owned())].clone();

    let answer = put("a1", "c1", json!({"read": true})).send(&base).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.content_type, "application/json");
    let ok: types::UpdateConversationResponse = serde_json::from_value(answer.body).unwrap();
    assert_eq!(ok.message.as_deref(), Some("Conversation updated successfully"));
    assert!(stored(&store).read);

    // Neither the server nor the generated model fills in `read: false` (its spec default) on the way.
    let update = types::UpdateConversationBody { name: Some("Ada".to_owned()), cost: Some(0.25), ..Default::default() };
    let sent = serde_json::to_value(&update).unwrap();
    assert_eq!(sent, json!({"name": "Ada", "cost": 0.25}));
    assert_eq!(put("a1", "c1", sent).send(&base).await.status, 200);
    assert_eq!(
        stored(&store),
        Conversation { read: true, name: Some("Ada".to_owned()), cost: Some(0.25), status: None },
        "read was reset by an update that did not mention it"
    );

    // Integers are numbers too; a known status is taken.
    assert_eq!(put("a1", "c1", json!({"cost": 2, "status": "human"})).send(&base).await.status, 200);
    assert_eq!(stored(&store).cost, Some(2.0));
    assert_eq!(stored(&store).status, Some(types::UpdateConversationBodyStatus::Human));

    // The body is optional: an empty request changes nothing.
    let empty = Call::new("PUT", "/agents/a1/conversations/c1").header("authorization", "agency-key").send(&base).await;
    assert_eq!(empty.status, 200, "{empty:?}");
    assert!(stored(&store).read);
    assert_eq!(store.keys.lock().unwrap()[0], "agency-key");
}

#[tokio::test]
async fn the_listed_500_carries_its_body() {
    let (base, _) = start().await;
    let answer = put("broken", "c1", json!({})).send(&base).await;
    assert_eq!(answer.status, 500);
    let error: types::UpdateConversationInternalServerError = serde_json::from_value(answer.body).unwrap();
    assert_eq!(error.error.as_deref(), Some("database unavailable"));
}

#[tokio::test]
async fn bad_requests_never_reach_the_handler() {
    let (base, store) = start().await;
    let table = [
        Bad {
            name: "no Authorization header",
            call: Call::new("PUT", "/agents/a1/conversations/c1").json(json!({})),
            status: 400,
            input: param("header", "Authorization"),
        },
        Bad { name: "cost as a string", call: put("a1", "c1", json!({"cost": "cheap"})), status: 422, input: body_at("/cost") },
        Bad { name: "read as a string", call: put("a1", "c1", json!({"read": "yes"})), status: 422, input: body_at("/read") },
        Bad { name: "read as null", call: put("a1", "c1", json!({"read": null})), status: 422, input: body_at("/read") },
        Bad {
            name: "status outside the enum",
            call: put("a1", "c1", json!({"status": "robot"})),
            status: 422,
            input: body_at("/status"),
        },
        Bad {
            name: "endedAt not a date-time",
            call: put("a1", "c1", json!({"endedAt": "soon"})),
            status: 422,
            input: body_at("/endedAt"),
        },
        Bad {
            name: "nested field of the wrong type",
            call: put("a1", "c1", json!({"evaluation": {"isSuccess": "yes"}})),
            status: 422,
            input: body_at("/evaluation/isSuccess"),
        },
        Bad {
            name: "list item of the wrong type",
            call: put("a1", "c1", json!({"mistunderstoodQueries": [{"question": "q"}, {"question": 1}]})),
            status: 422,
            input: body_at("/mistunderstoodQueries/1/question"),
        },
        Bad {
            name: "free-form object given a list",
            call: put("a1", "c1", json!({"metadata": []})),
            status: 422,
            input: body_at("/metadata"),
        },
        Bad {
            name: "malformed JSON",
            call: put("a1", "c1", json!({})).raw("application/json", b"{\"read\": tru}".to_vec()),
            status: 400,
            input: body_at(""),
        },
        Bad {
            name: "unsupported content type",
            call: put("a1", "c1", json!({})).raw("text/plain", b"read=true".to_vec()),
            status: 415,
            input: param("header", "Content-Type"),
        },
        Bad {
            name: "body over the limit",
            call: put("a1", "c1", json!({})).raw("application/json", oversized("name")),
            status: 413,
            input: body_at(""),
        },
    ];
    check_problems(&base, &table).await;
    assert_eq!(store.calls.load(Ordering::SeqCst), 0, "a bad request reached the handler");
}
