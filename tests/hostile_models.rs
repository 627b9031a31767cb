//! Hostile input to the generated models: whatever a server or client sends, decoding gives a value or an error,
//! never a panic or a stack overflow. (Tests run on 2 MiB threads, as async workers often do.)

use oagen::ir::TypeKind;
use oagen_e2e::repo_root;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Values of every JSON kind, the extremes included.
fn hostile_values() -> Vec<Value> {
    let mut values = vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1.5),
        json!(-0.0),
        json!(1e308),
        json!(""),
        json!("x"),
        json!("\u{0}"),
        json!("not-a-date"),
        json!("2023-13-45T99:99:99Z"),
        json!([]),
        json!([null]),
        json!({}),
        json!({"type": null}),
        json!({"type": 1}),
        json!({"type": "text", "content": 1}),
        json!([[[[{"a": [{}]}]]]]),
    ];
    values.push(Value::String("z".repeat(256 << 10)));
    values
}

/// Texts that are not valid JSON values of any model, or numbers no model can hold.
const HOSTILE_TEXTS: &[&[u8]] = &[
    b"1e400",
    b"-1e400",
    b"99999999999999999999999999999999",
    b"{\"id\": 1e400}",
    b"{\"id\": 99999999999999999999}",
    b"{\"id\": -99999999999999999999}",
    b"{\"id\": 1.5}",
    b"{\"cost\": 1e999}",
    b"{\"content\": \"\\ud800\"}",
    b"{\"content\": \"\xff\xfe\"}",
    b"{\"type\": \"text\", \"content\": \"\xc3\x28\"}",
    b"{\"\xff\": 1}",
    b"\xef\xbb\xbf{}",
    b"{\"type\": \"text\"",
    b"{\"type\": \"text\",}",
    b"[1, 2,]",
    b"",
    b"nul",
];

/// Decodes `value`, and the hostile texts, as `T`: any result but a panic. An accepted value must encode again.
fn survive<T: DeserializeOwned + serde::Serialize>(name: &str, value: &Value) {
    if let Ok(t) = serde_json::from_value::<T>(value.clone()) {
        serde_json::to_vec(&t).unwrap_or_else(|e| panic!("{name}: decoded {value} but cannot encode it: {e}"));
    }
    let text = serde_json::to_vec(value).expect("encodes");
    if let Ok(t) = serde_json::from_slice::<T>(&text) {
        serde_json::to_vec(&t).unwrap_or_else(|e| panic!("{name}: decoded but cannot encode: {e}"));
    }
}

fn survive_texts<T: DeserializeOwned + serde::Serialize>(name: &str) {
    for text in HOSTILE_TEXTS {
        let r = serde_json::from_slice::<T>(text);
        if let Ok(t) = r {
            serde_json::to_vec(&t).unwrap_or_else(|e| panic!("{name}: decoded but cannot encode: {e}"));
        }
    }
}

/// The property names of a struct type of a spec, from the IR the type was written from.
fn property_names(spec_name: &str, type_name: &str) -> Vec<String> {
    let source = oagen::Source::read(&repo_root().join(format!("specs/{spec_name}.yaml"))).expect("readable");
    let (spec, _) = oagen_spec::load(&source);
    let mut diags = oagen_spec::Diagnostics::new();
    let api = oagen::ir::build(&spec.expect("loads"), &mut diags);
    let found = api.types.named().find(|(_, d)| d.name.as_deref() == Some(type_name));
    match found.map(|(_, d)| &d.kind) {
        Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| f.wire_name.clone()).collect(),
        Some(_) => Vec::new(),
        None => panic!("no type {type_name} in {spec_name}"),
    }
}

/// Every hostile value as the whole, as every property alone, and as every property at once.
fn hammer<T: DeserializeOwned + serde::Serialize>(spec: &str, name: &str) {
    let values = hostile_values();
    survive_texts::<T>(name);
    let props = property_names(spec, name);
    for v in &values {
        survive::<T>(name, v);
        let all: serde_json::Map<String, Value> = props.iter().map(|p| (p.clone(), v.clone())).collect();
        survive::<T>(name, &Value::Object(all));
        for prop in &props {
            let mut one = serde_json::Map::new();
            one.insert(prop.clone(), v.clone());
            survive::<T>(name, &Value::Object(one));
        }
    }
}

macro_rules! hammer_all {
    ($spec:expr, $krate:ident, [$($ty:ident),* $(,)?]) => {{
        $( hammer::<$krate::types::$ty>($spec, stringify!($ty)); )*
    }};
}

#[test]
fn every_model_survives_wrong_types_huge_numbers_and_broken_text() {
    hammer_all!(
        "proficient",
        proficient_api,
        [
            ApiError,
            ApiErrorBody,
            ApiErrorCode,
            Interaction,
            InteractionParticipant,
            InteractionUpdateParams,
            InteractionObjectType
        ]
    );
    hammer_all!(
        "corti",
        corti_api,
        [
            ErrorResponse,
            InteractionsEncounterPeriod,
            InteractionsEncounterResponse,
            InteractionsEncounterUpdateRequest,
            InteractionsGetResponse,
            InteractionsPatient,
            InteractionsUpdateRequest,
            InteractionsGenderEnum
        ]
    );
    hammer_all!(
        "healvi",
        healvi_api,
        [
            Agent,
            AudioMessageContent,
            ContactMessageContent,
            Conversation,
            Customer,
            DocumentMessageContent,
            FileMessageContent,
            ImageMessageContent,
            LocationMessageContent,
            Message,
            MessageContent,
            MessageError,
            Note,
            Profile,
            TextMessageContent,
            UpdateConversationBody,
            User,
            VideoMessageContent,
            WhatsappCampaign,
            ConversationStatus
        ]
    );
    hammer_all!(
        "chatdash",
        chatdash_api,
        [
            UpdateConversationBody,
            UpdateConversationBodyEvaluation,
            UpdateConversationBodyMistunderstoodQuery,
            UpdateConversationResponse,
            UpdateConversationInternalServerError
        ]
    );
}

#[test]
fn numbers_a_field_cannot_hold_are_errors() {
    use healvi_api::types::Message;
    for text in [
        "{\"id\": 1e400}",
        "{\"id\": 99999999999999999999}",
        "{\"id\": -9223372036854775809}",
        "{\"id\": 1.5}",
        "{\"id\": \"1\"}",
    ] {
        assert!(serde_json::from_str::<Message>(text).is_err(), "{text}");
    }
    assert_eq!(serde_json::from_str::<Message>("{\"id\": -9223372036854775808}").expect("i64::MIN").id, Some(i64::MIN));
    use chatdash_api::types::UpdateConversationBody;
    assert!(serde_json::from_str::<UpdateConversationBody>("{\"cost\": 1e400}").is_err());
    assert!(serde_json::from_str::<UpdateConversationBody>("{\"cost\": \"NaN\"}").is_err());
    // Untyped values: out of range is an error too, not infinity.
    assert!(serde_json::from_str::<healvi_api::types::AudioMessageContent>("{\"name\": 1e400}").is_err());
}

#[test]
fn invalid_utf8_and_lone_surrogates_are_errors() {
    use healvi_api::types::{Message, MessageContent, TextMessageContent};
    for text in [&b"{\"content\": \"\xff\"}"[..], b"{\"content\": \"\\ud800\"}", b"{\"content\": \"\\udc00x\"}"] {
        assert!(serde_json::from_slice::<TextMessageContent>(text).is_err());
    }
    assert!(serde_json::from_slice::<MessageContent>(b"{\"type\": \"text\", \"content\": \"\xc3\x28\"}").is_err());
    assert!(serde_json::from_slice::<Message>(b"{\"contents\": [{\"type\": \"\xff\"}]}").is_err());
    assert!(serde_json::from_slice::<Message>(b"{\"\xff\": 1}").is_err());
}

#[test]
fn duplicate_keys_are_errors() {
    use healvi_api::types::{ContactMessageContent, Message, MessageContent};
    assert!(serde_json::from_str::<Message>(r#"{"id": 1, "id": 2}"#).is_err());
    assert!(serde_json::from_str::<ContactMessageContent>(
        r#"{"name": {"formatted_name": "a", "formatted_name": "b"}}"#
    )
    .is_err());
    // In a tagged union too, the tag included: which `type` wins would otherwise depend on the parser.
    for text in [
        r#"{"type": "text", "content": "a", "content": "b"}"#,
        r#"{"type": "text", "type": "image", "content": "a"}"#,
        r#"{"type": "contact", "name": {"formatted_name": "a", "formatted_name": "b"}}"#,
    ] {
        assert!(serde_json::from_str::<MessageContent>(text).is_err(), "{text}");
    }
}

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(2 << 20).spawn(f).expect("a thread").join().expect("no panic, no overflow");
}

#[test]
fn ten_thousand_levels_are_an_error_not_a_stack_overflow() {
    on_small_stack(|| {
        use healvi_api::types::{AudioMessageContent, Conversation, Message, MessageContent};
        let depth = 10_000;
        let reference = format!("{}{{}}{}", "{\"reference\":".repeat(depth), "}".repeat(depth));
        assert!(serde_json::from_str::<Message>(&reference).is_err());
        assert!(serde_json::from_reader::<_, Message>(reference.as_bytes()).is_err());
        let conversation = format!("{{\"latest_message\":{reference}}}");
        assert!(serde_json::from_str::<Conversation>(&conversation).is_err());
        let arrays = format!("{{\"name\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<AudioMessageContent>(&arrays).is_err());
        let in_union = format!("{{\"type\":\"audio\",\"name\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<MessageContent>(&in_union).is_err());
        let contents = format!("{{\"contents\":[{}{}]}}", "{\"type\":\"x\",\"a\":".repeat(depth), "}".repeat(depth));
        assert!(serde_json::from_str::<Message>(&contents).is_err());
    });
}

#[test]
fn nesting_just_within_the_limit_decodes_on_a_small_stack() {
    on_small_stack(|| {
        use healvi_api::types::Message;
        // serde_json allows 128 levels; 120 messages deep (with a content at the bottom) must decode, not overflow.
        let depth = 120;
        let text = format!(
            "{}{{\"contents\":[{{\"type\":\"text\",\"content\":\"bottom\"}}]}}{}",
            "{\"reference\":".repeat(depth),
            "}".repeat(depth)
        );
        let mut m: Message = serde_json::from_str(&text).expect("120 levels decode");
        let mut levels = 0;
        while let oagen_runtime::Tristate::Value(next) = std::mem::take(&mut m.reference) {
            m = *next;
            levels += 1;
        }
        assert_eq!(levels, depth);
    });
}
