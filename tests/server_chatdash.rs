//! ChatDash's generated server, end to end: an in-memory implementation of `chatdash_api::server::Api` served on
//! 127.0.0.1:0 and driven by the generated client (`chatdash_api::client::Client`). ChatDash's PUT is a partial
//! update whose fields have spec defaults (`read`, `record`, `interacted`, `isLive`: false; `status`: ai): an update
//! that does not mention `read` must not reset it. Also the 500 the spec lists, decoded by the client into `Error::Api`, and bad requests (sent raw: missing
//! `Authorization`, a string for `cost`, ...) refused with problem documents before the handler runs.

#[path = "server_support.rs"]
mod support;

use chatdash_api::client::{Client, Error, ErrorBody};
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
                unknown_fields: Default::default(),
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
            unknown_fields: Default::default(),
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
    Call::new("PUT", format!("/agents/{agent}/conversations/{conversation}"))
        .header("authorization", "agency-key")
        .json(body)
}

fn stored(store: &Store) -> Conversation {
    store.conversations.lock().unwrap()[&("a1".to_owned(), "c1".to_owned())].clone()
}

/// The generated client against the generated server. ChatDash's fields are optional, not nullable: absent leaves
/// a field, a value sets it; `read` (spec default false) is not reset by updates that do not mention it. The
/// `Authorization` header parameter given to the client reaches the handler.
#[tokio::test]
async fn an_update_that_does_not_mention_read_keeps_it() {
    let (base, store) = start().await;
    let client = Client::new(&base).expect("client");
    let update = |body: types::UpdateConversationBody| {
        let client = client.clone();
        async move { client.conversations().update("a1", "c1").body(&body).authorization("agency-key").await }
    };
    let updated = Some("Conversation updated successfully".to_owned());

    let ok = update(types::UpdateConversationBody { read: Some(true), ..Default::default() }).await.expect("read");
    assert_eq!(ok.message, updated);
    assert_eq!(stored(&store), Conversation { read: true, ..Default::default() });

    // Neither the client nor the server fills in `read: false` (its spec default) on the way.
    let ok =
        update(types::UpdateConversationBody { name: Some("Ada".to_owned()), cost: Some(0.25), ..Default::default() });
    assert_eq!(ok.await.expect("name and cost").message, updated);
    assert_eq!(
        stored(&store),
        Conversation { read: true, name: Some("Ada".to_owned()), cost: Some(0.25), status: None },
        "read was reset by an update that did not mention it"
    );

    let status = types::UpdateConversationBody {
        status: Some(types::UpdateConversationBodyStatus::Human),
        ..Default::default()
    };
    update(status).await.expect("status");
    assert_eq!(stored(&store).status, Some(types::UpdateConversationBodyStatus::Human));
    assert_eq!(stored(&store).name.as_deref(), Some("Ada"));

    // The body is optional: an update without one changes nothing.
    let ok = client.conversations().update("a1", "c1").authorization("agency-key").await.expect("no body");
    assert_eq!(ok.message, updated);
    assert_eq!(
        stored(&store),
        Conversation {
            read: true,
            name: Some("Ada".to_owned()),
            cost: Some(0.25),
            status: Some(types::UpdateConversationBodyStatus::Human)
        }
    );
    assert_eq!(store.keys.lock().unwrap().as_slice(), ["agency-key"; 4]);
}

/// The 500 the spec lists reaches the client as `Error::Api` with the `{error}` body the handler wrote, intact.
#[tokio::test]
async fn the_listed_500_decodes_into_the_clients_typed_error() {
    let (base, store) = start().await;
    let client = Client::new(&base).expect("client");
    let err = client.conversations().update("broken", "c1").authorization("key-2").await.expect_err("500");
    assert_eq!(err.message(), Some("database unavailable"));
    match err {
        Error::Api { status, body, .. } => {
            assert_eq!(status.as_u16(), 500);
            let ErrorBody::UpdateConversationInternalServerError(body) = *body else { panic!("another variant") };
            assert_eq!(
                body,
                types::UpdateConversationInternalServerError {
                    unknown_fields: Default::default(),
                    error: Some("database unavailable".to_owned())
                }
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(store.keys.lock().unwrap().as_slice(), ["key-2"]);
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
        Bad {
            name: "cost as a string",
            call: put("a1", "c1", json!({"cost": "cheap"})),
            status: 422,
            input: body_at("/cost"),
        },
        Bad {
            name: "read as a string",
            call: put("a1", "c1", json!({"read": "yes"})),
            status: 422,
            input: body_at("/read"),
        },
        Bad {
            name: "read as null",
            call: put("a1", "c1", json!({"read": null})),
            status: 422,
            input: body_at("/read"),
        },
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

/// The generated client calls the generated server's router in process (`Client::with_router`, no socket), with
/// the `Authorization` header parameter set once on the client.
#[tokio::test]
async fn the_client_drives_its_server_in_process() {
    let (_, store) = start().await;
    let client = Client::with_router(server::router(store.clone())).with_authorization("agency-key");
    let body = types::UpdateConversationBody { read: Some(true), ..Default::default() };
    let ok = client.conversations().update("a1", "c1").body(&body).await.expect("in process");
    assert_eq!(ok.message.as_deref(), Some("Conversation updated successfully"));
    assert_eq!(store.calls.load(Ordering::SeqCst), 1);
    assert_eq!(*store.keys.lock().unwrap(), ["agency-key"]);
}
