//! Proficient AI: the documented response example decodes; the update body keeps absent, null and value apart.

use oagen_runtime::Tristate;
use proficient_api::types::{Interaction, InteractionObjectType, InteractionParticipant, InteractionUpdateParams};
use serde_json::json;

/// The JSON example of the 200 response, from the rendered docs page (seed 001), verbatim.
const SEED_001_EXAMPLE: &str = r#"{
  "id": "<string>",
  "object": "interaction",
  "agent_id": "<string>",
  "archived": true,
  "created_at": 123,
  "initial_turn": "user",
  "name": "<string>",
  "total_message_count": 123,
  "updated_at": 123,
  "user_id": "<string>"
}"#;

#[test]
fn seed_001_example_deserialises_into_interaction() {
    let i: Interaction = serde_json::from_str(SEED_001_EXAMPLE).expect("the documented example decodes");
    assert_eq!(i.object, InteractionObjectType::Interaction);
    assert_eq!(i.initial_turn, InteractionParticipant::User);
    assert!(i.archived);
    assert_eq!(i.created_at, 123);
    let back: serde_json::Value = serde_json::to_value(&i).expect("encodes");
    let original: serde_json::Value = serde_json::from_str(SEED_001_EXAMPLE).expect("json");
    assert_eq!(back, original);
}

#[test]
fn millisecond_timestamps_fit() {
    let mut v: serde_json::Value = serde_json::from_str(SEED_001_EXAMPLE).expect("json");
    v["created_at"] = json!(1_732_190_000_000_i64);
    let i: Interaction = serde_json::from_value(v).expect("ms since epoch is an i64");
    assert_eq!(i.created_at, 1_732_190_000_000);
}

#[test]
fn update_with_no_name_is_empty() {
    let p = InteractionUpdateParams::default();
    assert_eq!(serde_json::to_string(&p).expect("encodes"), "{}");
}

#[test]
fn update_with_explicit_null_sends_null() {
    let p = InteractionUpdateParams { name: Tristate::Null };
    assert_eq!(serde_json::to_string(&p).expect("encodes"), r#"{"name":null}"#);
}

#[test]
fn update_with_a_name_sends_it() {
    let p = InteractionUpdateParams { name: "Support chat".to_owned().into() };
    assert_eq!(serde_json::to_string(&p).expect("encodes"), r#"{"name":"Support chat"}"#);
}

#[test]
fn update_bodies_decode_into_the_same_three_states() {
    for (wire, expected) in [
        ("{}", Tristate::Absent),
        (r#"{"name":null}"#, Tristate::Null),
        (r#"{"name":"x"}"#, Tristate::Value("x".to_owned())),
    ] {
        let p: InteractionUpdateParams = serde_json::from_str(wire).expect("decodes");
        assert_eq!(p.name, expected, "{wire}");
        assert_eq!(serde_json::to_string(&p).expect("encodes"), wire);
    }
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let mut v: serde_json::Value = serde_json::from_str(SEED_001_EXAMPLE).expect("json");
    v["object"] = json!("interaction_v2");
    v["initial_turn"] = json!("system");
    let i: Interaction = serde_json::from_value(v.clone()).expect("unknown values decode");
    assert_eq!(i.object, InteractionObjectType::Unrecognized("interaction_v2".to_owned()));
    assert_eq!(i.initial_turn.as_str(), "system");
    assert_eq!(serde_json::to_value(&i).expect("encodes"), v);
}
