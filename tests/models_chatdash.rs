//! ChatDash: a PUT with 30 optional fields sends exactly what the caller set; defaults are never sent.

use chatdash_api::types::{UpdateConversationBody, UpdateConversationBodyStatus};
use serde_json::json;

#[test]
fn setting_only_read_sends_exactly_read() {
    let body = UpdateConversationBody { read: Some(true), ..Default::default() };
    assert_eq!(serde_json::to_string(&body).expect("encodes"), r#"{"read":true}"#);
}

#[test]
fn an_empty_update_sends_nothing_not_the_spec_defaults() {
    // The spec's defaults (read/record/interacted/isLive false, status "ai") are what the server assumes; sending
    // them would overwrite server state on every update.
    let body = UpdateConversationBody::default();
    assert_eq!(serde_json::to_string(&body).expect("encodes"), "{}");
}

#[test]
fn camel_case_wire_names_are_kept() {
    let body = UpdateConversationBody {
        is_live: Some(false),
        ended_at: Some("2024-05-01T10:00:00Z".parse().expect("date-time")),
        country_code: Some("DK".to_owned()),
        status: Some(UpdateConversationBodyStatus::Human),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&body).expect("encodes"),
        json!({"endedAt": "2024-05-01T10:00:00Z", "countryCode": "DK", "status": "human", "isLive": false})
    );
}

#[test]
fn a_full_body_round_trips() {
    let wire = json!({
        "platformId": "p1", "leadId": "l1", "name": "n", "read": true, "endedAt": "2024-05-01T10:00:00Z",
        "browser": "b", "device": "d", "os": "o", "countryCode": "DK", "ipAddress": "127.0.0.1", "record": true,
        "interacted": true, "channel": "web", "phone": "+45", "phoneSecondary": "+46", "instagramId": "i",
        "instagramUsername": "u", "cost": 0.25, "duration": 3.5, "url": "https://x", "endedReason": "hangup",
        "noAnswer": false, "status": "pending", "liveAgentName": "a", "liveAgentId": "1", "isLive": true,
        "note": "n", "topic": "t", "subtopic": "s", "summary": "sum",
        "evaluation": {"isSuccess": true, "reason": "r"},
        "mistunderstoodQueries": [{"question": "q"}],
        "customAnalysis": {"k": [1, {"x": null}]},
        "metadata": {"m": "v"}
    });
    let body: UpdateConversationBody = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&body).expect("encodes"), wire);
}

#[test]
fn unknown_status_survives() {
    let body: UpdateConversationBody = serde_json::from_value(json!({"status": "escalated"})).expect("decodes");
    assert_eq!(body.status, Some(UpdateConversationBodyStatus::Unrecognized("escalated".to_owned())));
    assert_eq!(serde_json::to_value(&body).expect("encodes"), json!({"status": "escalated"}));
}
