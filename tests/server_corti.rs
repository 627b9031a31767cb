//! Corti's generated server, end to end: an in-memory implementation of `corti_api::server::Api` served on
//! 127.0.0.1:0 and driven by the generated client (`corti_api::client::Client`). Partial updates of nested nullable
//! fields across the wire, the bearer token and `Tenant-Name` set on the client reaching the handler, the 403/504
//! responses the spec lists decoded by the client into `Error::Api` with its `ErrorResponse`, and bad requests (sent
//! raw: bad UUID, missing header or token, values outside the enums, ...) refused with problem documents before the
//! handler runs.

#[path = "server_support.rs"]
mod support;

use corti_api::client::{Client, Error, ErrorBody};
use corti_api::server::{self, interactions_update};
use corti_api::types;
use oagen_runtime::Tristate;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use support::{body_at, check_problems, oversized, param, Bad, Call};

const ID: &str = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

#[derive(Clone, Default)]
struct Store {
    interactions: Arc<Mutex<HashMap<uuid::Uuid, types::InteractionsGetResponse>>>,
    calls: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

fn error(status: i64, detail: &str) -> types::ErrorResponse {
    types::ErrorResponse {
        unknown_fields: Default::default(),
        requestid: "req-1".to_owned(),
        status,
        r#type: "about:blank".to_owned(),
        detail: detail.to_owned(),
        validation_errors: None,
    }
}

fn apply<T>(target: &mut Tristate<T>, update: Tristate<T>) {
    if !update.is_absent() {
        *target = update;
    }
}

impl server::Api for Store {
    async fn interactions_update(&self, request: interactions_update::Request) -> interactions_update::Response {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.seen.lock().unwrap().push((request.tenant_name.clone(), request.credentials.0.clone()));
        match request.tenant_name.as_str() {
            "other" => return interactions_update::Response::Forbidden(error(403, "another tenant's interaction")),
            "slow" => return interactions_update::Response::GatewayTimeout(error(504, "upstream timed out")),
            _ => {}
        }
        let mut all = self.interactions.lock().unwrap();
        let Some(stored) = all.get_mut(&request.id) else {
            return interactions_update::Response::Forbidden(error(403, "no such interaction for this tenant"));
        };
        let body = request.body;
        if let Some(user) = body.assigned_user_id {
            stored.assigned_user_id = user;
        }
        if let Some(encounter) = body.encounter {
            if let Some(status) = encounter.status {
                stored.encounter.status = status;
            }
            apply(&mut stored.encounter.title, encounter.title);
        }
        if let Some(patient) = body.patient {
            stored.patient.identifier = patient.identifier;
            apply(&mut stored.patient.name, patient.name);
            apply(&mut stored.patient.gender, patient.gender);
        }
        interactions_update::Response::Ok(stored.clone())
    }
}

async fn start() -> (String, Store) {
    let store = Store::default();
    let id: uuid::Uuid = ID.parse().unwrap();
    let at = chrono::DateTime::<chrono::Utc>::default();
    store.interactions.lock().unwrap().insert(
        id,
        types::InteractionsGetResponse {
            unknown_fields: Default::default(),
            id,
            assigned_user_id: uuid::Uuid::nil(),
            encounter: types::InteractionsEncounterResponse {
                unknown_fields: Default::default(),
                identifier: "enc-1".to_owned(),
                status: types::InteractionsEncounterStatusEnum::Planned,
                r#type: types::InteractionsEncounterTypeEnum::Consultation,
                period: types::InteractionsEncounterPeriod {
                    unknown_fields: Default::default(),
                    started_at: at,
                    ended_at: Tristate::Absent,
                },
                title: Tristate::Value("First visit".to_owned()),
            },
            patient: types::InteractionsPatient {
                unknown_fields: Default::default(),
                identifier: "pat-1".to_owned(),
                name: Tristate::Value("Ada".to_owned()),
                gender: Tristate::Absent,
                birth_date: Tristate::Absent,
                pronouns: Tristate::Absent,
            },
            ended_at: Tristate::Absent,
            created_at: at,
            updated_at: at,
            websocket_url: "wss://example.invalid".to_owned(),
            last_updated: at,
        },
    );
    let base = support::serve(server::router(store.clone())).await;
    (base, store)
}

fn update(id: &str, body: serde_json::Value) -> Call {
    update_as("base", id, body)
}

fn update_as(tenant: &str, id: &str, body: serde_json::Value) -> Call {
    Call::new("PATCH", format!("/interactions/{id}"))
        .header("authorization", "Bearer secret")
        .header("tenant-name", tenant)
        .json(body)
}

fn client(base: &str) -> Client {
    Client::new(base).expect("client").with_bearer_token("secret").with_tenant_name("base")
}

fn id() -> uuid::Uuid {
    ID.parse().expect("a UUID")
}

fn stored(store: &Store) -> types::InteractionsGetResponse {
    store.interactions.lock().unwrap()[&id()].clone()
}

/// The generated client against the generated server: absent, value and null for nested nullable fields, as the
/// client sends them; the answer as the client decodes it equals what the server stored; the bearer token and
/// `Tenant-Name` set on the client reach the handler.
#[tokio::test]
async fn partial_updates_through_the_generated_client() {
    let (base, store) = start().await;
    let client = client(&base);
    let before = stored(&store);

    // Absent: nothing changes.
    let same = client.interactions().update(id(), &types::InteractionsUpdateRequest::default()).await.expect("absent");
    assert_eq!(same, before);
    assert_eq!(stored(&store), before);

    // A value sets; fields not mentioned stay.
    let set = types::InteractionsUpdateRequest {
        encounter: Some(types::InteractionsEncounterUpdateRequest {
            status: Some(types::InteractionsEncounterStatusEnum::InProgress),
            ..Default::default()
        }),
        patient: Some(types::InteractionsPatient {
            unknown_fields: Default::default(),
            identifier: "pat-1".to_owned(),
            name: Tristate::Absent,
            gender: Tristate::Value(types::InteractionsGenderEnum::Female),
            birth_date: Tristate::Absent,
            pronouns: Tristate::Absent,
        }),
        ..Default::default()
    };
    let set = client.interactions().update(id(), &set).await.expect("value");
    assert_eq!(set.encounter.status, types::InteractionsEncounterStatusEnum::InProgress);
    assert_eq!(set.encounter.title, Tristate::Value("First visit".to_owned()));
    assert_eq!(set.patient.gender, Tristate::Value(types::InteractionsGenderEnum::Female));
    assert_eq!(set.patient.name, Tristate::Value("Ada".to_owned()));
    assert_eq!(stored(&store), set);

    // Null clears.
    let clear = types::InteractionsUpdateRequest {
        encounter: Some(types::InteractionsEncounterUpdateRequest { title: Tristate::Null, ..Default::default() }),
        patient: Some(types::InteractionsPatient {
            unknown_fields: Default::default(),
            identifier: "pat-1".to_owned(),
            name: Tristate::Null,
            gender: Tristate::Absent,
            birth_date: Tristate::Absent,
            pronouns: Tristate::Absent,
        }),
        ..Default::default()
    };
    let cleared = client.interactions().update(id(), &clear).await.expect("null");
    assert_eq!(cleared.encounter.title, Tristate::Null);
    assert_eq!(cleared.patient.name, Tristate::Null);
    assert_eq!(cleared.patient.gender, Tristate::Value(types::InteractionsGenderEnum::Female));
    assert_eq!(cleared.encounter.status, types::InteractionsEncounterStatusEnum::InProgress);
    assert_eq!(stored(&store), cleared);

    assert_eq!(store.calls.load(Ordering::SeqCst), 3);
    assert_eq!(*store.seen.lock().unwrap(), vec![("base".to_owned(), "secret".to_owned()); 3]);
}

/// 403 and 504 reach the client as `Error::Api` with the `ErrorResponse` the handler wrote, intact.
#[tokio::test]
async fn error_statuses_decode_into_the_clients_typed_errors() {
    let (base, store) = start().await;
    let client = client(&base);
    for (tenant, status, expected) in
        [("other", 403, error(403, "another tenant's interaction")), ("slow", 504, error(504, "upstream timed out"))]
    {
        let err = client
            .interactions()
            .update(id(), &types::InteractionsUpdateRequest::default())
            .tenant_name(tenant)
            .await
            .expect_err(tenant);
        assert_eq!(err.message(), Some(expected.detail.as_str()), "{tenant}");
        match err {
            Error::Api { status: got, body, .. } => {
                assert_eq!(got.as_u16(), status, "{tenant}");
                let ErrorBody::ErrorResponse(body) = *body else { panic!("another variant") };
                assert_eq!(body, expected, "{tenant}");
            }
            other => panic!("{tenant}: expected Error::Api, got {other:?}"),
        }
    }
    assert_eq!(store.seen.lock().unwrap().iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["other", "slow"]);
}

/// A client without the bearer token the spec requires is refused with a 401 the spec does not list: the client
/// reports it as an unexpected status with the problem document, and the handler never runs.
#[tokio::test]
async fn a_client_without_its_token_is_refused_before_the_handler() {
    let (base, store) = start().await;
    let client = Client::new(&base).expect("client").with_tenant_name("base");
    let err = client.interactions().update(id(), &types::InteractionsUpdateRequest::default()).await.expect_err("401");
    match err {
        Error::UnexpectedStatus { status, headers, body, .. } => {
            assert_eq!(status.as_u16(), 401);
            assert!(headers.contains_key("www-authenticate"));
            let problem: serde_json::Value = serde_json::from_slice(&body).expect("a problem document");
            assert_eq!(problem["input"], param("header", "Authorization"));
        }
        other => panic!("expected Error::UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(store.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn bad_requests_never_reach_the_handler() {
    let (base, store) = start().await;
    let no_token = Call::new("PATCH", format!("/interactions/{ID}")).header("tenant-name", "base").json(json!({}));
    let no_tenant =
        Call::new("PATCH", format!("/interactions/{ID}")).header("authorization", "Bearer secret").json(json!({}));
    let table = [
        Bad { name: "no bearer token", call: no_token, status: 401, input: param("header", "Authorization") },
        Bad { name: "no Tenant-Name", call: no_tenant, status: 400, input: param("header", "Tenant-Name") },
        Bad { name: "id not a UUID", call: update("not-a-uuid", json!({})), status: 400, input: param("path", "id") },
        Bad {
            name: "assignedUserId not a UUID",
            call: update(ID, json!({"assignedUserId": "42"})),
            status: 422,
            input: body_at("/assignedUserId"),
        },
        Bad {
            name: "assignedUserId of the wrong type",
            call: update(ID, json!({"assignedUserId": 42})),
            status: 422,
            input: body_at("/assignedUserId"),
        },
        Bad {
            name: "encounter status outside the enum",
            call: update(ID, json!({"encounter": {"status": "archived"}})),
            status: 422,
            input: body_at("/encounter/status"),
        },
        Bad {
            name: "gender outside the enum",
            call: update(ID, json!({"patient": {"identifier": "p", "gender": "robot"}})),
            status: 422,
            input: body_at("/patient/gender"),
        },
        Bad {
            name: "patient without its required identifier",
            call: update(ID, json!({"patient": {"name": "Ada"}})),
            status: 422,
            input: body_at("/patient"),
        },
        Bad {
            name: "period start not a date-time",
            call: update(ID, json!({"encounter": {"period": {"startedAt": "yesterday"}}})),
            status: 422,
            input: body_at("/encounter/period/startedAt"),
        },
        Bad {
            name: "null where the spec does not allow it",
            call: update(ID, json!({"encounter": {"status": null}})),
            status: 422,
            input: body_at("/encounter/status"),
        },
        Bad {
            name: "malformed JSON",
            call: update(ID, json!({})).raw("application/json", b"{\"encounter\": {".to_vec()),
            status: 400,
            input: body_at(""),
        },
        Bad {
            name: "unsupported content type",
            call: update(ID, json!({})).raw("application/x-www-form-urlencoded", b"a=b".to_vec()),
            status: 415,
            input: param("header", "Content-Type"),
        },
        Bad {
            name: "missing body",
            call: Call::new("PATCH", format!("/interactions/{ID}"))
                .header("authorization", "Bearer secret")
                .header("tenant-name", "base"),
            status: 400,
            input: body_at(""),
        },
        Bad {
            name: "body over the limit",
            call: update(ID, json!({})).raw("application/json", oversized("assignedUserId")),
            status: 413,
            input: body_at(""),
        },
    ];
    check_problems(&base, &table).await;
    assert_eq!(store.calls.load(Ordering::SeqCst), 0, "a bad request reached the handler");
}

/// The generated client calls the generated server's router in process (`Client::with_router`, no socket): the
/// same credentials, hoisted `Tenant-Name` (with a per-call override) and request checks as over the network.
#[tokio::test]
async fn the_client_drives_its_server_in_process() {
    let (_, store) = start().await;
    let client =
        Client::with_router(server::router(store.clone())).with_bearer_token("secret").with_tenant_name("base");
    let same = client.interactions().update(id(), &types::InteractionsUpdateRequest::default()).await;
    assert_eq!(same.expect("in process"), stored(&store));
    let err = client
        .interactions()
        .update(id(), &types::InteractionsUpdateRequest::default())
        .tenant_name("other")
        .await
        .expect_err("403");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    let anonymous = Client::with_router(server::router(store.clone())).with_tenant_name("base");
    let err = anonymous.interactions().update(id(), &types::InteractionsUpdateRequest::default()).await;
    assert_eq!(err.expect_err("401").status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        *store.seen.lock().unwrap(),
        [("base".to_owned(), "secret".to_owned()), ("other".to_owned(), "secret".to_owned())]
    );
}
