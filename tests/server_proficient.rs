//! Proficient's generated server, end to end: an in-memory implementation of `proficient_api::server::Api` served
//! on 127.0.0.1:0 and driven by the generated client (`proficient_api::client::Client`). Partial updates of `name`
//! across the wire (absent, null, value), the 403/404/500 responses the spec lists decoded by the client into
//! `Error::Api` with its `ApiError`, and bad requests (sent raw: the typed client cannot make them) answered in
//! Proficient's own error shape (`ApiError` with code `invalid_request`) by overriding the one `reject` method.

#[path = "server_support.rs"]
mod support;

use axum::response::IntoResponse;
use oagen_runtime::server::Rejection;
use oagen_runtime::Tristate;
use proficient_api::client::{Client, Error, ErrorBody};
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
    types::ApiError {
        unknown_fields: Default::default(),
        error: types::ApiErrorBody { unknown_fields: Default::default(), code, message: message.to_owned() },
    }
}

fn interaction(id: &str, name: Option<&str>) -> types::Interaction {
    types::Interaction {
        unknown_fields: Default::default(),
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
                return interactions_update::Response::InternalServerError(api_error(
                    types::ApiErrorCode::Unknown,
                    "boom",
                ))
            }
            _ => {}
        }
        let mut names = self.names.lock().unwrap();
        let Some(name) = names.get_mut(&request.interaction_id) else {
            return interactions_update::Response::NotFound(api_error(
                types::ApiErrorCode::ResourceNotFound,
                "no such interaction",
            ));
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

fn params(name: Tristate<&str>) -> types::InteractionUpdateParams {
    types::InteractionUpdateParams { name: name.map(str::to_owned) }
}

/// The generated client against the generated server: each kind of update as the client sends it, the answer as
/// the client decodes it, and what the server stored.
#[tokio::test]
async fn partial_updates_through_the_generated_client() {
    let (base, store) = start().await;
    let client = Client::new(&base).expect("client");
    let stored = || store.names.lock().unwrap()["int_1"].clone();
    let steps: [(&str, Tristate<&str>, &str, Option<&str>); 4] = [
        ("absent leaves the name", Tristate::Absent, "first", Some("first")),
        ("a value sets it", Tristate::Value("renamed"), "renamed", Some("renamed")),
        ("absent again leaves the new name", Tristate::Absent, "renamed", Some("renamed")),
        // The spec's `name` is a required string in responses: a cleared name reads as empty.
        ("null clears it", Tristate::Null, "", None),
    ];
    for (step, name, answered, kept) in steps {
        let interaction =
            client.interactions().update("int_1", &params(name)).await.unwrap_or_else(|e| panic!("{step}: {e}"));
        assert_eq!(interaction, self::interaction("int_1", kept), "{step}");
        assert_eq!(interaction.name, answered, "{step}");
        assert_eq!(stored().as_deref(), kept, "{step}");
    }
    assert_eq!(store.calls.load(Ordering::SeqCst), 4);
}

/// 403, 404 and 500 reach the client as `Error::Api` with the `ApiError` the handler wrote, intact.
#[tokio::test]
async fn error_statuses_decode_into_the_clients_typed_errors() {
    let (base, store) = start().await;
    let client = Client::new(&base).expect("client");
    for (id, status, expected) in [
        ("forbidden", 403, api_error(types::ApiErrorCode::Forbidden, "not yours")),
        ("int_404", 404, api_error(types::ApiErrorCode::ResourceNotFound, "no such interaction")),
        ("crash", 500, api_error(types::ApiErrorCode::Unknown, "boom")),
    ] {
        let err = client.interactions().update(id, &params(Tristate::Value("x"))).await.expect_err(id);
        assert_eq!(err.message(), Some(expected.error.message.as_str()), "{id}");
        match err {
            Error::Api { status: got, body, .. } => {
                assert_eq!(got.as_u16(), status, "{id}");
                let ErrorBody::ApiError(body) = *body else { panic!("another variant") };
                assert_eq!(body, expected, "{id}");
            }
            other => panic!("{id}: expected Error::Api, got {other:?}"),
        }
    }
    assert_eq!(store.calls.load(Ordering::SeqCst), 3);
    assert_eq!(store.names.lock().unwrap()["int_1"].as_deref(), Some("first"), "a failed update changed the store");
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

/// The generated client calls the generated server's router in process (`Client::with_router`, no socket), and
/// reads the status and headers with the body (`with_response`).
#[tokio::test]
async fn the_client_drives_its_server_in_process() {
    let (_, store) = start().await;
    let client = Client::with_router(server::router(store.clone()));
    let response = client.interactions().update("int_1", &params(Tristate::Value("renamed"))).with_response().await;
    let response = response.expect("in process");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.name, "renamed");
    assert_eq!(store.names.lock().unwrap()["int_1"].as_deref(), Some("renamed"));
    assert_eq!(store.calls.load(Ordering::SeqCst), 1);
}

/// The size limit holds in process too: the router's answer is read no further than the limit.
#[tokio::test]
async fn the_size_limit_holds_in_process() {
    let (_, store) = start().await;
    let client = Client::with_router(server::router(store.clone())).with_max_body_size(16);
    let err = client.interactions().update("int_1", &params(Tristate::Absent)).await.expect_err("too large");
    assert!(err.to_string().starts_with("response too large"), "{err}");
}
