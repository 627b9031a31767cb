//! healvi: the recursive message, the `anyOf` of seven tagged contents, unknown contents and values.

use healvi_api::types::*;
use oagen_runtime::Tristate;
use serde_json::json;

fn conversation_wire() -> serde_json::Value {
    json!({
        "id": 7,
        "created_at": "2023-01-01T12:00:00Z",
        "channel": "whatsapp",
        "status": "in-progress",
        "snooze_until": null,
        "latest_message": {
            "id": 101,
            "conversation_id": 7,
            "from": "customer",
            "source": "whatsapp-campaign",
            "user_id": null,
            "contents": [
                {"type": "text", "content": "Hello"},
                {"type": "image", "has_file": true, "uuid": "u-1", "name": "cat.png", "mime_type": "image/png",
                 "size": 2048, "caption": null},
                {"type": "contact", "name": {"formatted_name": "Jane Doe", "first_name": null, "last_name": "Doe"},
                 "phones": [{"phone": "+4915223567929", "type": "CELL"}], "birthday": null}
            ],
            "status": "delivered",
            "reference": {
                "id": 100,
                "from": "agent",
                "contents": [{"type": "text", "content": "Hi, how can we help?"}],
                "reference": null
            },
            "whatsapp_campaign": {"id": 3, "name": "Spring"}
        },
        "latest_note": null,
        "unread_customer_messages_count": 1,
        "reply_possible": true
    })
}

#[test]
fn a_conversation_with_a_referenced_message_and_mixed_contents_round_trips() {
    let wire = conversation_wire();
    let c: Conversation = serde_json::from_value(wire.clone()).expect("decodes");
    let Tristate::Value(latest) = &c.latest_message else { panic!("latest_message is set") };
    let contents = latest.contents.as_ref().expect("contents");
    assert!(matches!(&contents[0], MessageContent::Text(t) if t.content.as_deref() == Some("Hello")));
    assert!(matches!(&contents[1], MessageContent::Image(i) if i.caption == Tristate::Null && i.size == Some(2048)));
    assert!(matches!(&contents[2], MessageContent::Contact(k) if k.name.formatted_name == "Jane Doe"));
    let Tristate::Value(reference) = &latest.reference else { panic!("reference is set") };
    assert_eq!(reference.id, Some(100));
    assert_eq!(reference.reference, Tristate::Null);
    assert_eq!(c.latest_note, Tristate::Null);
    assert_eq!(c.last_customer_reply_from, Tristate::Absent);
    assert_eq!(serde_json::to_value(&c).expect("encodes"), wire);
}

#[test]
fn an_unknown_content_type_survives_a_round_trip() {
    let wire = json!({"contents": [{"type": "sticker", "sticker_id": "s1", "animated": true}, {"type": "text", "content": "ok"}]});
    let m: Message = serde_json::from_value(wire.clone()).expect("a newer server's content does not break decoding");
    let contents = m.contents.as_ref().expect("contents");
    assert!(matches!(&contents[0], MessageContent::Unrecognized(v) if v["sticker_id"] == "s1"));
    assert_eq!(serde_json::to_value(&m).expect("encodes"), wire);
}

#[test]
fn a_content_built_in_code_carries_its_tag() {
    let content =
        MessageContent::Text(TextMessageContent { unknown_fields: Default::default(), content: Some("hi".to_owned()) });
    assert_eq!(serde_json::to_string(&content).expect("encodes"), r#"{"type":"text","content":"hi"}"#);
}

#[test]
fn unknown_enum_values_survive() {
    let wire = json!({"status": "archived", "channel": "telegram"});
    let c: Conversation = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(c.status, Some(ConversationStatus::Unrecognized("archived".to_owned())));
    assert_eq!(serde_json::to_value(&c).expect("encodes"), wire);
}

#[test]
fn update_body_user_id_three_states() {
    assert_eq!(serde_json::to_string(&UpdateConversationBody::default()).expect("encodes"), "{}");
    let clear = UpdateConversationBody { user_id: Tristate::Null, ..Default::default() };
    assert_eq!(serde_json::to_string(&clear).expect("encodes"), r#"{"user_id":null}"#);
    let set = UpdateConversationBody { status: Some(ConversationStatus::Done), user_id: 5.into() };
    assert_eq!(serde_json::to_string(&set).expect("encodes"), r#"{"status":"done","user_id":5}"#);
}

#[test]
fn an_untyped_nullable_file_name_keeps_null_apart_from_absent() {
    for wire in [
        json!({"type": "document"}),
        json!({"type": "document", "name": null}),
        json!({"type": "document", "name": "a.pdf"}),
    ] {
        let c: MessageContent = serde_json::from_value(wire.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&c).expect("encodes"), wire);
    }
}

#[test]
fn deep_recursion_is_an_error_not_a_stack_overflow() {
    // Built as text: a 10,000-deep `serde_json::Value` would itself overflow when dropped.
    let depth = 10_000;
    let text = format!("{}{{\"id\":0}}{}", "{\"reference\":".repeat(depth), "}".repeat(depth));
    let r = serde_json::from_str::<Message>(&text);
    assert!(r.is_err(), "serde_json's recursion limit turns 10,000 levels into an error");
}
