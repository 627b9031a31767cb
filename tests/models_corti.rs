//! Corti: hyphenated enum values, `$ref` + `nullable` (gender), UUIDs despite a stray `items: {}`.

use corti_api::types::*;
use oagen_runtime::Tristate;
use serde_json::json;

#[test]
fn hyphenated_enum_values_round_trip() {
    for (wire, expected) in [
        ("in-progress", InteractionsEncounterStatusEnum::InProgress),
        ("on-hold", InteractionsEncounterStatusEnum::OnHold),
        ("planned", InteractionsEncounterStatusEnum::Planned),
    ] {
        let v: InteractionsEncounterStatusEnum = serde_json::from_value(json!(wire)).expect("decodes");
        assert_eq!(v, expected);
        assert_eq!(serde_json::to_value(&v).expect("encodes"), json!(wire));
    }
    let t: InteractionsEncounterTypeEnum = serde_json::from_value(json!("first_consultation")).expect("decodes");
    assert_eq!(t, InteractionsEncounterTypeEnum::FirstConsultation);
    assert_eq!(t.to_string(), "first_consultation");
}

#[test]
fn patient_gender_is_absent_null_or_a_value() {
    for (wire, expected) in [
        (json!({"identifier": "p"}), Tristate::Absent),
        (json!({"identifier": "p", "gender": null}), Tristate::Null),
        (json!({"identifier": "p", "gender": "female"}), Tristate::Value(InteractionsGenderEnum::Female)),
    ] {
        let p: InteractionsPatient = serde_json::from_value(wire.clone()).expect("decodes");
        assert_eq!(p.gender, expected);
        assert_eq!(serde_json::to_value(&p).expect("encodes"), wire);
    }
}

#[test]
fn an_update_request_sends_only_what_is_set() {
    let req = InteractionsUpdateRequest {
        encounter: Some(InteractionsEncounterUpdateRequest {
            status: Some(InteractionsEncounterStatusEnum::InProgress),
            title: Tristate::Null,
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&req).expect("encodes"),
        json!({"encounter": {"status": "in-progress", "title": null}})
    );
}

#[test]
fn a_full_response_round_trips_with_typed_uuids() {
    let wire = json!({
        "id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "assignedUserId": "a47ac10b-58cc-4372-a567-0e02b2c3d479",
        "encounter": {
            "identifier": "e1", "status": "on-hold", "type": "emergency",
            "period": {"startedAt": "2024-01-01T08:00:00Z", "endedAt": null}, "title": null
        },
        "patient": {"identifier": "p1", "name": "Jane", "gender": "unknown", "birthDate": null, "pronouns": "she/her"},
        "endedAt": null,
        "createdAt": "2024-01-01T08:00:00Z",
        "updatedAt": "2024-01-01T09:00:00Z",
        "websocketUrl": "wss://example/ws",
        "lastUpdated": "2024-01-01T09:00:00Z"
    });
    let r: InteractionsGetResponse = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(r.id, uuid::Uuid::parse_str("f47ac10b-58cc-4372-a567-0e02b2c3d479").expect("uuid"));
    assert_eq!(r.encounter.status, InteractionsEncounterStatusEnum::OnHold);
    assert_eq!(serde_json::to_value(&r).expect("encodes"), wire);
}

#[test]
fn an_invalid_uuid_is_an_error_not_a_panic() {
    let err = serde_json::from_value::<InteractionsUpdateRequest>(json!({"assignedUserId": "not-a-uuid"}));
    assert!(err.is_err());
}

#[test]
fn problem_details_keep_validation_errors() {
    let wire = json!({
        "requestid": "r1", "status": 403, "type": "about:blank", "detail": "nope",
        "validationErrors": [{"field": "patient.identifier", "reason": "required"}]
    });
    let e: ErrorResponse = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(e.status, 403);
    assert_eq!(serde_json::to_value(&e).expect("encodes"), wire);
}
