//! Corti client against a capture server on 127.0.0.1: the exact PATCH of a partial update (component header
//! parameter `Tenant-Name`, bearer token, UUID path), RFC 9457 `ErrorResponse` on 403/504, an undocumented status, a
//! malformed body, header injection, redacted credentials, the typed `environment` server variable.

#[path = "capture.rs"]
mod capture;

use capture::{serve_fixed, Reply};
use corti_api::client::{servers, Client, Error, ErrorBody};
use corti_api::types::{
    InteractionsEncounterStatusEnum, InteractionsEncounterUpdateRequest, InteractionsPatient, InteractionsUpdateRequest,
};
use oagen_runtime::Tristate;

const ID: &str = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
const INTERACTION: &str = r#"{"id":"f47ac10b-58cc-4372-a567-0e02b2c3d479","assignedUserId":"00000000-0000-0000-0000-000000000001","encounter":{"identifier":"enc-1","status":"in-progress","type":"first_consultation","period":{"startedAt":"2024-05-01T10:00:00Z"}},"patient":{"identifier":"p-1","gender":null},"createdAt":"2024-05-01T10:00:00Z","updatedAt":"2024-05-01T10:05:00Z","websocketUrl":"wss://api.eu.corti.app/v2/interactions/f47ac10b/streams","lastUpdated":"2024-05-01T10:05:00Z"}"#;
const PROBLEM: &str = r#"{"requestid":"req-9","status":403,"type":"https://corti.app/problems/forbidden","detail":"Tenant base may not update this interaction","instance":"/interactions/f47ac10b"}"#;

fn id() -> uuid::Uuid {
    uuid::Uuid::parse_str(ID).expect("uuid")
}

fn update() -> InteractionsUpdateRequest {
    InteractionsUpdateRequest {
        encounter: Some(InteractionsEncounterUpdateRequest {
            status: Some(InteractionsEncounterStatusEnum::Completed),
            title: Tristate::Null,
            ..Default::default()
        }),
        patient: Some(InteractionsPatient {
            unknown_fields: Default::default(),
            identifier: "p-1".to_owned(),
            name: Tristate::Absent,
            gender: Tristate::Absent,
            birth_date: Tristate::Absent,
            pronouns: Tristate::Value("they/them".to_owned()),
        }),
        ..Default::default()
    }
}

async fn client(server: &capture::Server) -> Client {
    Client::new(&server.url("/v2/")).expect("client").with_bearer_token("tok-123").with_tenant_name("base")
}

#[tokio::test]
async fn partial_update_sends_exactly_the_documented_request() {
    let server = serve_fixed(Reply::json(200, INTERACTION)).await;
    let client = client(&server).await;
    let interaction = client.interactions().update(id(), &update()).await.expect("200 decodes");
    assert_eq!(interaction.id, id());
    assert_eq!(interaction.encounter.status, InteractionsEncounterStatusEnum::InProgress);
    assert_eq!(interaction.patient.gender, Tristate::Null);
    let request = server.only_request();
    let body =
        r#"{"encounter":{"status":"completed","title":null},"patient":{"identifier":"p-1","pronouns":"they/them"}}"#;
    assert_eq!(
        request.head,
        format!(
            "PATCH /v2/interactions/{ID} HTTP/1.1\n\
             tenant-name: base\n\
             authorization: Bearer tok-123\n\
             content-type: application/json\n\
             accept: */*\n\
             host: 127.0.0.1:PORT\n\
             content-length: {}",
            body.len()
        )
    );
    assert_eq!(request.body_text(), body);
}

#[tokio::test]
async fn documented_errors_carry_the_problem_details() {
    for status in [403u16, 504] {
        let server = serve_fixed(Reply::with(status, "application/problem+json", PROBLEM)).await;
        let err = client(&server).await.interactions().update(id(), &update()).await.expect_err("error");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.message(), Some("Tenant base may not update this interaction"));
        assert!(err.to_string().ends_with(": Tenant base may not update this interaction"), "{err}");
        let Error::Api { body, .. } = err else { panic!("expected Error::Api") };
        let ErrorBody::ErrorResponse(problem) = *body else { panic!("another variant") };
        assert_eq!(problem.requestid, "req-9");
        assert_eq!(problem.r#type, "https://corti.app/problems/forbidden");
    }
}

#[tokio::test]
async fn undocumented_status_and_malformed_bodies() {
    let server = serve_fixed(Reply::with(502, "text/html", "<h1>Bad gateway</h1>")).await;
    let err = client(&server).await.interactions().update(id(), &update()).await.expect_err("502");
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, body, .. } if status.as_u16() == 502 && body == b"<h1>Bad gateway</h1>")
    );
    for (status, body) in [(200u16, r#"{"id":"not-a-uuid"}"#), (403, r#"{"detail":"no requestid"}"#), (504, "<html>")] {
        let server = serve_fixed(Reply::json(status, body)).await;
        let err = client(&server).await.interactions().update(id(), &update()).await.expect_err("malformed");
        assert!(
            matches!(&err, Error::Decode { status: s, body: raw, .. } if s.as_u16() == status && raw == body.as_bytes()),
            "{status}: {err:?}"
        );
    }
}

#[tokio::test]
async fn header_values_cannot_smuggle_headers() {
    let server = serve_fixed(Reply::json(200, INTERACTION)).await;
    let client = client(&server).await;
    for tenant in ["base\r\nX-Admin: true", "base\nX-Admin: true", "base\rX", "a\0b"] {
        let err = client.interactions().update(id(), &update()).tenant_name(tenant).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        let shown = err.to_string();
        assert!(shown.contains("header parameter `Tenant-Name`") && !shown.contains("X-Admin"), "{shown}");
    }
    // A token with a line break is refused the same way, and never printed.
    let sneaky = Client::new(&server.url(""))
        .expect("client")
        .with_bearer_token("sneaky-secret\r\nX-Admin: true")
        .with_tenant_name("base");
    let err = sneaky.interactions().update(id(), &update()).await.expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest(_)) && !err.to_string().contains("sneaky"), "{err}");
    assert!(server.requests().is_empty(), "nothing may reach the wire");
}

#[tokio::test]
async fn credentials_never_print() {
    let server = serve_fixed(Reply::json(403, PROBLEM)).await;
    let client = client(&server).await;
    let debug = format!("{client:?}");
    assert!(!debug.contains("tok-123") && debug.contains("<redacted>"), "{debug}");
    let err = client.interactions().update(id(), &update()).await.expect_err("403");
    assert!(!format!("{err:?}").contains("tok-123") && !err.to_string().contains("tok-123"));
    // Connection refused: the transport error does not carry the token either.
    let closed =
        Client::new("http://127.0.0.1:9").expect("client").with_bearer_token("tok-123").with_tenant_name("base");
    let err = closed.interactions().update(id(), &update()).await.expect_err("refused");
    assert!(matches!(err, Error::Transport(_)));
    assert!(!format!("{err:?}").contains("tok-123") && !err.to_string().contains("tok-123"));
}

#[test]
fn environment_is_a_typed_choice_defaulting_to_eu() {
    assert_eq!(servers::Environment::default(), servers::Environment::Eu);
    assert_eq!(servers::default_url(servers::Environment::default()), "https://api.eu.corti.app/v2/");
    assert_eq!(servers::default_url(servers::Environment::Us), "https://api.us.corti.app/v2/");
    let client = Client::new(&servers::default_url(servers::Environment::Us)).expect("client");
    assert_eq!(client.base_url(), "https://api.us.corti.app/v2");
}
