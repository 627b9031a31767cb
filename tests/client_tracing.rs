//! The `tracing` feature: one span per call, named `oagen.call`, with the operation id, method, path template,
//! attempts, status and elapsed time, and no credential in any span or event.

#[path = "capture.rs"]
mod capture;

use capture::{serve_script, Reply};
use corti_api::client::{Client, RetryPolicy};
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const INTERACTION: &str = r#"{"id":"f47ac10b-58cc-4372-a567-0e02b2c3d479","assignedUserId":"00000000-0000-0000-0000-000000000001","encounter":{"identifier":"enc-1","status":"in-progress","type":"first_consultation","period":{"startedAt":"2024-05-01T10:00:00Z"}},"patient":{"identifier":"p-1"},"createdAt":"2024-05-01T10:00:00Z","updatedAt":"2024-05-01T10:05:00Z","websocketUrl":"wss://x","lastUpdated":"2024-05-01T10:05:00Z"}"#;

/// Field names and values, in the order recorded.
type FieldList = Vec<(String, String)>;

/// Everything recorded: each span (name and fields) and each event's fields.
#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<(String, FieldList)>>>,
    events: Arc<Mutex<Vec<FieldList>>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut FieldList);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        attributes.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().expect("lock");
        spans.push((attributes.metadata().name().to_owned(), fields));
        self.next.fetch_add(1, Ordering::SeqCst);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().expect("lock");
        if let Some((_, fields)) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().expect("lock").push(fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn one_span_per_call_with_its_outcome_and_no_credentials() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = serve_script(vec![Reply::json(503, "{}"), Reply::json(200, INTERACTION)]).await;
    let client = Client::new(&server.url("/v2"))
        .expect("client")
        .with_bearer_token("very-secret-token")
        .with_tenant_name("base")
        .with_retry_policy(
            RetryPolicy::default()
                .with_min_delay(Duration::from_millis(1))
                .with_initial_delay(Duration::from_millis(5)),
        );
    let id = uuid::Uuid::nil();
    client
        .interactions()
        .update(id, &corti_api::types::InteractionsUpdateRequest::default())
        .with_idempotency_key("k")
        .await
        .expect("200 after a retry");
    let spans = recorder.spans.lock().expect("lock").clone();
    let calls: Vec<&FieldList> =
        spans.iter().filter(|(name, _)| name == "oagen.call").map(|(_, fields)| fields).collect();
    assert_eq!(calls.len(), 1, "{spans:#?}");
    let field = |name: &str| calls[0].iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(field("operation"), Some("\"interactions_update\""));
    assert_eq!(field("method"), Some("PATCH"));
    assert_eq!(field("path"), Some("\"/interactions/{id}\""));
    assert_eq!(field("attempts"), Some("2"));
    assert_eq!(field("status"), Some("200"));
    assert!(field("elapsed_ms").is_some());
    let everything = format!("{spans:?} {:?}", recorder.events.lock().expect("lock"));
    assert!(everything.contains("retrying"), "a retry is an event: {everything}");
    assert!(!everything.contains("very-secret-token") && !everything.contains("Bearer"), "{everything}");
}
