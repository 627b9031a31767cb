//! Proficient's generated server, end to end: an in-memory implementation of `proficient_api::server::Api` served
//! on 127.0.0.1:0 and driven over HTTP. Partial updates of `name` across the wire, the 403/404/500 responses the spec
//! lists decoded into `ApiError`, and bad requests answered in Proficient's own error shape (`ApiError` with code
//! `invalid_request`) by overriding the one `reject` method.

#[path = "server_support.rs"]
mod support;

use axum::response::IntoResponse;
use oagen_runtime::server::Rejection;
use oagen_runtime::Tristate;
use proficient_api::server::{self, interactions_update};
use proficient_api::types;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use support::{oversized, Call};

/// Interactions by id: `int_1` exists; `forbidden` is someone else's; `crash` fails inside.
#[derive(Clone, Default)]
struct Store {
    names: Arc<Mutex<HashMap<String, Option<String>>>>,
    calls: Arc<AtomicUsize>,
}

fn api_error(code: types::ApiErrorCode, message: &str) -> types::ApiError {
    types::ApiError { error: types::ApiErrorBody { code, message: message.to_owned() } }
}

fn interaction(id: &str, name: Option<&str>) -> types::Interaction {
    types::Interaction {
        id: id.to_owned(),
        object: types::InteractionObjectType::Interaction,
        agent_id: "agent_1".to_owned(),
        archived: false,
        created_at: 1_700_000_000_000,
        initial_turn: types::InteractionParticipant::User,
        // The spec's `name` is a required string in responses: a cleared name reads as empty.
        name: name.unwrap_or_default().to_owned(),
        total_message_count: 0,
        updated_at: 1_700_000_000_000,
        user_id: "user_1".to_owned(),
    }
}

impl server::Api for Store {
    async fn interactions_update(&self, request: interactions_update::Request) -> interactions_update::Response {
        self.calls.fetch_add(1, Ordering::SeqCst);
        match request.interaction_id.as_str() {
            "forbidden" => {
                return interactions_update::Response::Forbidden(api_error(types::ApiErrorCode::Forbidden, "not yours"))
            }
            "crash" => {
                return interactions_update::Response::InternalServerError(api_error(types::ApiErrorCode::Unknown, "boom"))
            }
            _ => {}
        }
        let mut names = self.names.lock().unwrap();
        let Some(name) = names.get_mut(&request.interaction_id) else {
            return interactions_update::Response::NotFound(api_error(types::ApiErrorCode::ResourceNotFound, "no such interaction"));
        };
        match request.body.name {
            Tristate::Absent => {}
            Tristate::Null => *name = None,
            Tristate::Value(v) => *name = Some(v),
        }
        interactions_update::Response::Ok(interaction(&request.interaction_id, name.as_deref()))
    }

    /// Proficient answers bad requests with its own `ApiError`, code `invalid_request`.
    fn reject(&self, rejection: Rejection) -> axum::response::Response {
        let status = rejection.status();
        let body = api_error(types::ApiErrorCode::InvalidRequest, &rejection.to_string());
        oagen_runtime::server::response::json(status, "application/json", &body).into_response()
    }
}

async fn start() -> (String, Store) {
    let store = Store::default();
    store.names.lock().unwrap().insert("int_1".to_owned(), Some("first".to_owned()));
    let base = support::serve(server::router(store.clone())).await;
    (base, store)
}

fn update(id: &str, body: serde_json::Value) -> Call {
    Call::new("POST", format!("/interactions/{id}")).json(body)
}

#[tokio::test]
async fn partial_updates_across_the_wire() {
    let (base, store) = start().await;
    let name = |answer: support::Answer| {
        assert_eq!(answer.status, 200, "{answer:?}");
        serde_json::from_value::<types::Interaction>(answer.body).unwrap().name
    };
    assert_eq!(name(update("int_1", json!({})).send(&base).await), "first", "absent leaves the name");
    assert_eq!(name(update("int_1", json!({"name": "renamed"})).send(&base).await), "renamed", "a value sets it");
    assert_eq!(name(update("int_1", json!({})).send(&base).await), "renamed");
    assert_eq!(name(update("int_1", json!({"name": null})).send(&base).await), "", "null clears it");
    assert_eq!(store.names.lock().unwrap()["int_1"], None);
    assert_eq!(store.calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn error_statuses_carry_api_errors() {
    let (base, _) = start().await;
    for (id, status, code) in [
        ("forbidden", 403, types::ApiErrorCode::Forbidden),
        ("int_404", 404, types::ApiErrorCode::ResourceNotFound),
        ("crash", 500, types::ApiErrorCode::Unknown),
    ] {
        let answer = update(id, json!({"name": "x"})).send(&base).await;
        assert_eq!(answer.status, status, "{id}");
        assert_eq!(answer.content_type, "application/json");
        let error: types::ApiError = serde_json::from_value(answer.body).unwrap();
        assert_eq!(error.error.code, code, "{id}");
    }
}

#[tokio::test]
async fn bad_requests_get_the_apis_own_error_shape() {
    let (base, store) = start().await;
    let table: [(&str, Call, u16, &str); 6] = [
        ("name of the wrong type", update("int_1", json!({"name": 5})), 422, "request body at `/name`"),
        ("body not an object", update("int_1", json!("rename")), 422, "request body"),
        (
            "malformed JSON",
            update("int_1", json!({})).raw("application/json", b"{name: 'x'}".to_vec()),
            400,
            "not valid JSON",
        ),
        (
            "unsupported content type",
            update("int_1", json!({})).raw("application/xml", b"<name/>".to_vec()),
            415,
            "Content-Type",
        ),
        ("missing body", Call::new("POST", "/interactions/int_1"), 400, "request body"),
        (
            "body over the limit",
            update("int_1", json!({})).raw("application/json", oversized("name")),
            413,
            "larger than",
        ),
    ];
    for (name, call, status, mentions) in table {
        let answer = call.send(&base).await;
        assert_eq!(answer.status, status, "{name}: {answer:?}");
        assert_eq!(answer.content_type, "application/json", "{name}");
        let error: types::ApiError = serde_json::from_value(answer.body).unwrap();
        assert_eq!(error.error.code, types::ApiErrorCode::InvalidRequest, "{name}");
        assert!(error.error.message.contains(mentions), "{name}: {}", error.error.message);
    }
    assert_eq!(store.calls.load(Ordering::SeqCst), 0, "a bad request reached the handler");
}
