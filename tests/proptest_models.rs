//! Property tests over the generated models of the four bundled specs.
//!
//! For every named type of a spec (every model the generated crate has), values are drawn from the *wire image of
//! the Rust type*: a strategy derived from the same IR the emitter writes the type from (`required` → always
//! present, optional → sometimes absent, nullable → sometimes `null`, optional + nullable → absent, `null` or a
//! value, open enums → a listed value or an unlisted one, tagged unions → a member with its tag or a member of an
//! unknown kind, recursive uses → bounded depth). Each value must:
//!
//! 1. decode into the generated type (everything the type can hold has a wire form it accepts),
//! 2. encode back to exactly the same JSON (absent, `null` and a value stay apart; nothing is added or lost),
//! 3. decode again into an equal value, also through text,
//! 4. validate against the spec's own schema for that type (OpenAPI 3.0 `nullable` translated to JSON Schema,
//!    `$ref`s resolved in the document, formats asserted), for values that only use what the spec lists.
//!
//! Why not strategies emitted by the generator (a `proptest` feature of generated crates): deriving them from the
//! IR here tests the emitter against the IR instead of against itself (an emitter that wrote `Option<T>` where the
//! IR says optional + nullable fails property 2 here, but would have emitted a matching strategy), needs no change
//! to generated code, and covers every spec the generator reads, not only crates built with a feature.
//! `every_named_type_is_checked` keeps the list of types per spec complete.

use oagen::ir::{Api, Primitive, TypeId, TypeKind, TypeRef, TypeSpace};
use oagen_e2e::repo_root;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Debug;

/// A bundled spec: its document, its IR and its schemas as one JSON Schema document.
struct Spec {
    doc: Value,
    api: Api,
    schema_root: Value,
}

fn load(name: &str) -> Spec {
    let path = repo_root().join(format!("specs/{name}.yaml"));
    let source = oagen::Source::read(&path).expect("readable spec");
    let doc = source.parse().expect("the spec parses");
    let (spec, _) = oagen_spec::load(&source);
    let mut diags = oagen_spec::Diagnostics::new();
    let api = oagen::ir::build(&spec.expect("the spec loads"), &mut diags);
    let is_30 = doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.0"));
    let schema_root = if is_30 { nullable_to_json_schema(doc.clone()) } else { doc.clone() };
    Spec { doc, api, schema_root }
}

/// OpenAPI 3.0 `nullable: true` as JSON Schema: the schema, or `null`. Applied everywhere, `$ref`s with a
/// `nullable` sibling included (which the generator honours, see the README).
fn nullable_to_json_schema(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let nullable = map.get("nullable") == Some(&Value::Bool(true));
            let mut out: Map<String, Value> = map
                .into_iter()
                .filter(|(k, _)| k != "nullable")
                .map(|(k, v)| (k, nullable_to_json_schema(v)))
                .collect();
            if nullable {
                // `enum` lists must admit null too, or the `anyOf` would still refuse it on this branch only.
                let inner = Value::Object(std::mem::take(&mut out));
                out.insert("anyOf".into(), Value::Array(vec![inner, serde_json::json!({"type": "null"})]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(nullable_to_json_schema).collect()),
        other => other,
    }
}

impl Spec {
    fn named(&self, name: &str) -> TypeId {
        self.api
            .types
            .named()
            .find(|(_, def)| def.name.as_deref() == Some(name))
            .map(|(id, _)| id)
            .unwrap_or_else(|| panic!("no type {name} in the IR"))
    }

    fn validator(&self, id: TypeId) -> jsonschema::Validator {
        let mut root = self.schema_root.clone();
        let pointer = self.api.types.get(id).pointer.clone();
        // A URI fragment: JSON pointer characters that URIs do not allow (`{` in paths) are percent-encoded.
        let fragment: String = pointer
            .as_str()
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        root.as_object_mut().expect("an object").insert("$ref".into(), Value::String(format!("#{fragment}")));
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema at {pointer} compiles: {e}"))
    }

    /// The `format` written at a place in the document, if any.
    fn format_at(&self, pointer: &str) -> Option<&str> {
        self.doc.pointer(pointer)?.get("format")?.as_str()
    }
}

/// How values are drawn.
#[derive(Clone, Copy)]
struct Draw {
    /// Levels of objects left before optional parts are left out (bounds recursive types).
    depth: u32,
    /// Only what the spec lists (no unlisted enum values or union members): such values must validate.
    listed_only: bool,
}

impl Draw {
    fn deeper(self) -> Self {
        Draw { depth: self.depth.saturating_sub(1), ..self }
    }
}

/// The wire image of a value of the Rust type written for the use `r`.
fn wire(spec: &Spec, r: TypeRef, format_hint: Option<&str>, draw: Draw) -> BoxedStrategy<Value> {
    let space: &TypeSpace = &spec.api.types;
    let (id, alias_nullable) = space.resolve(r);
    let nullable = (r.nullable || alias_nullable) && !space.admits_null(id);
    let def = space.get(id);
    let format = format_hint.or_else(|| spec.format_at(def.pointer.as_str()));
    let inner: BoxedStrategy<Value> = match &def.kind {
        TypeKind::Any => any_json(),
        TypeKind::Primitive(p) => primitive(*p, format, draw.listed_only),
        TypeKind::List(_) | TypeKind::Map(_) if draw.depth == 0 => Just(if matches!(def.kind, TypeKind::List(_)) {
            Value::Array(Vec::new())
        } else {
            Value::Object(Map::new())
        })
        .boxed(),
        TypeKind::List(item) => {
            let item = wire(spec, *item, None, draw.deeper());
            proptest::collection::vec(item, 0..=3).prop_map(Value::Array).boxed()
        }
        TypeKind::Map(value) => {
            let value = wire(spec, *value, None, draw.deeper());
            proptest::collection::btree_map(key(), value, 0..=3)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
        }
        TypeKind::Struct(s) => {
            let mut parts: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
            for f in &s.fields {
                if !f.required && draw.depth == 0 {
                    // Left out, and not even built: a recursive type's strategy would never end.
                    parts.push(Just(None).boxed());
                    continue;
                }
                let name = f.wire_name.clone();
                let hint = spec.format_at(f.pointer.as_str()).map(str::to_owned);
                let value = match &f.allowed {
                    // `enum: [true]` on a boolean: the Rust type holds any bool; only listed values are valid.
                    Some(allowed) if draw.listed_only && !allowed.is_empty() => {
                        proptest::sample::select(allowed.clone()).boxed()
                    }
                    _ => wire(spec, f.ty, hint.as_deref(), draw.deeper()),
                };
                let present = value.prop_map(move |v| Some((name.clone(), v)));
                parts.push(if f.required {
                    present.boxed()
                } else {
                    prop_oneof![1 => Just(None), 3 => present].boxed()
                });
            }
            let listed: Vec<String> = s.fields.iter().map(|f| f.wire_name.clone()).collect();
            let extra = match s.additional {
                Some(t) if draw.depth > 0 => {
                    let listed = listed.clone();
                    proptest::collection::btree_map(
                        key().prop_filter("not a listed property", move |k| !listed.contains(k)),
                        wire(spec, t, None, draw.deeper()),
                        0..=2,
                    )
                    .boxed()
                }
                _ => Just(Default::default()).boxed(),
            };
            (parts, extra)
                .prop_map(|(fields, extra)| {
                    let mut out: Map<String, Value> = fields.into_iter().flatten().collect();
                    out.extend(extra);
                    Value::Object(out)
                })
                .boxed()
        }
        TypeKind::Enum(e) => {
            let listed: Vec<Value> = e.values.iter().map(|v| Value::String(v.wire.clone())).collect();
            let known = proptest::sample::select(listed).boxed();
            if draw.listed_only {
                known
            } else {
                let wires: Vec<String> = e.values.iter().map(|v| v.wire.clone()).collect();
                let unlisted =
                    any::<String>().prop_filter("unlisted", move |s| !wires.contains(s)).prop_map(Value::String);
                prop_oneof![3 => known, 1 => unlisted].boxed()
            }
        }
        TypeKind::Union(u) => {
            let mut members: Vec<BoxedStrategy<Value>> = Vec::new();
            for v in &u.variants {
                let member = wire(spec, v.ty, None, draw);
                members.push(match (&u.tag, &v.tag_value) {
                    (Some(tag), Some(value)) => {
                        let (tag, value) = (tag.clone(), value.clone());
                        member
                            .prop_map(move |mut m| {
                                if let Value::Object(o) = &mut m {
                                    o.insert(tag.clone(), Value::String(value.clone()));
                                }
                                m
                            })
                            .boxed()
                    }
                    _ => member,
                });
            }
            if let (Some(tag), false) = (&u.tag, draw.listed_only) {
                // A member of a kind this version does not know: kept as it came.
                let tag = tag.clone();
                let known: Vec<String> = u.variants.iter().filter_map(|v| v.tag_value.clone()).collect();
                let unknown =
                    ("[a-z]{1,10}".prop_filter("unknown kind", move |k| !known.contains(k)), key(), any_json())
                        .prop_map(move |(kind, k, v)| {
                            let mut o = Map::new();
                            o.insert(tag.clone(), Value::String(kind));
                            o.insert(k, v);
                            Value::Object(o)
                        })
                        .boxed();
                members.push(unknown);
            }
            proptest::strategy::Union::new(members).boxed()
        }
        TypeKind::Alias(_) => unreachable!("resolved above"),
    };
    if nullable {
        prop_oneof![1 => Just(Value::Null), 3 => inner].boxed()
    } else {
        inner
    }
}

fn key() -> BoxedStrategy<String> {
    prop_oneof!["[a-zA-Z_]{1,8}", any::<String>()].boxed()
}

fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(key(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite())
}

/// A scalar. A plain `String` may stand for a formatted string (`email`, or a `date` the generator relaxed because
/// the spec's own example contradicts it): the type holds any string, and only the formatted ones are valid.
fn primitive(p: Primitive, format: Option<&str>, listed_only: bool) -> BoxedStrategy<Value> {
    match p {
        Primitive::String if listed_only && format == Some("email") => {
            "[a-z0-9]{1,10}@[a-z]{1,10}\\.[a-z]{2,3}".prop_map(Value::String).boxed()
        }
        Primitive::String if listed_only && format == Some("date") => primitive(Primitive::Date, None, true),
        Primitive::String if listed_only && format == Some("date-time") => primitive(Primitive::DateTime, None, true),
        Primitive::String if listed_only && format == Some("uuid") => primitive(Primitive::Uuid, None, true),
        Primitive::String => any::<String>().prop_map(Value::String).boxed(),
        Primitive::DateTime => (0i64..253_402_300_799, 0u32..1_000_000_000)
            .prop_filter_map("a representable instant", |(s, n)| chrono::DateTime::from_timestamp(s, n))
            .prop_map(|t| serde_json::to_value(t).expect("a date-time encodes"))
            .boxed(),
        Primitive::Date => (1i32..3_652_059)
            .prop_filter_map("a representable date", chrono::NaiveDate::from_num_days_from_ce_opt)
            .prop_map(|d| serde_json::to_value(d).expect("a date encodes"))
            .boxed(),
        Primitive::Uuid => any::<u128>().prop_map(|u| Value::String(uuid::Uuid::from_u128(u).to_string())).boxed(),
        Primitive::Bytes => any::<Vec<u8>>().prop_map(|b| serde_json::to_value(b).expect("bytes encode")).boxed(),
        Primitive::I32 => any::<i32>().prop_map(Value::from).boxed(),
        Primitive::I64 => any::<i64>().prop_map(Value::from).boxed(),
        Primitive::U32 => any::<u32>().prop_map(Value::from).boxed(),
        Primitive::U64 => any::<u64>().prop_map(Value::from).boxed(),
        // As a `number` field writes it: an integral value as an integer (`oagen_runtime::numbers::Integral`).
        Primitive::F64 => finite_f64()
            .prop_map(|f| serde_json::to_value(oagen_runtime::numbers::Integral(&f)).expect("finite numbers encode"))
            .boxed(),
        Primitive::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
    }
}

/// The four properties for one type.
fn check<T: Serialize + DeserializeOwned + PartialEq + Debug>(spec: &Spec, name: &str) {
    let id = spec.named(name);
    let validator = spec.validator(id);
    for listed_only in [true, false] {
        let strategy = wire(spec, TypeRef::to(id), None, Draw { depth: 3, listed_only });
        let mut runner = TestRunner::new(Config { cases: 96, failure_persistence: None, ..Config::default() });
        runner
            .run(&strategy, |wire| {
                let value: T = serde_json::from_value(wire.clone())
                    .map_err(|e| TestCaseError::fail(format!("{name}: {wire} does not decode: {e}")))?;
                let back =
                    serde_json::to_value(&value).map_err(|e| TestCaseError::fail(format!("{name}: encode: {e}")))?;
                prop_assert_eq!(&back, &wire, "{} does not encode back to its wire form: {:?}", name, value);
                let again: T = serde_json::from_value(back.clone())
                    .map_err(|e| TestCaseError::fail(format!("{name}: re-decode: {e}")))?;
                prop_assert_eq!(&again, &value);
                let text = serde_json::to_string(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let from_text: T =
                    serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{name}: {text}: {e}")))?;
                prop_assert_eq!(&from_text, &value);
                if listed_only {
                    if let Err(e) = validator.validate(&back) {
                        return Err(TestCaseError::fail(format!(
                            "{name}: {back} is not valid against the spec's schema: {e} at {}",
                            e.instance_path
                        )));
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Checks every listed type and that the list covers every named type of the IR.
macro_rules! check_all {
    ($spec:expr, $krate:ident, [$($ty:ident),* $(,)?]) => {{
        let spec = load($spec);
        let listed: Vec<&str> = vec![$(stringify!($ty)),*];
        let mut missing: Vec<String> = spec
            .api
            .types
            .named()
            .filter_map(|(_, d)| d.name.clone())
            .filter(|n| !listed.contains(&n.as_str()))
            .collect();
        missing.sort();
        assert!(missing.is_empty(), "named types of {} not property-tested: {missing:?}", $spec);
        $( check::<$krate::types::$ty>(&spec, stringify!($ty)); )*
    }};
}

#[test]
fn proficient_models() {
    check_all!(
        "proficient",
        proficient_api,
        [
            AgentId,
            ApiError,
            ApiErrorBody,
            ApiErrorCode,
            CreatedAt,
            InitialTurn,
            Interaction,
            InteractionArchived,
            InteractionId,
            InteractionName,
            InteractionObjectType,
            InteractionParticipant,
            InteractionTotalMessageCount,
            InteractionUpdateParams,
            UpdatedAt,
            UserId,
        ]
    );
}

#[test]
fn corti_models() {
    check_all!(
        "corti",
        corti_api,
        [
            ErrorResponse,
            InteractionsEncounterPeriod,
            InteractionsEncounterResponse,
            InteractionsEncounterStatusEnum,
            InteractionsEncounterTypeEnum,
            InteractionsEncounterUpdateRequest,
            InteractionsGenderEnum,
            InteractionsGetResponse,
            InteractionsPatient,
            InteractionsUpdateRequest,
            Uuid,
        ]
    );
}

#[test]
fn healvi_models() {
    check_all!(
        "healvi",
        healvi_api,
        [
            Agent,
            AudioMessageContent,
            Channel,
            ContactMessageContent,
            ContactMessageContentAddress,
            ContactMessageContentEmail,
            ContactMessageContentName,
            ContactMessageContentOrg,
            ContactMessageContentPhone,
            Conversation,
            ConversationStatus,
            Customer,
            DocumentMessageContent,
            FileMessageContent,
            ImageMessageContent,
            LocationMessageContent,
            Message,
            MessageContent,
            MessageError,
            MessageErrorType,
            MessageFrom,
            MessageSource,
            MessageStatus,
            Note,
            Profile,
            ProfileGender,
            ProfileSalutation,
            TextMessageContent,
            UpdateConversationBody,
            User,
            VideoMessageContent,
            WhatsappCampaign,
        ]
    );
}

#[test]
fn chatdash_models() {
    check_all!(
        "chatdash",
        chatdash_api,
        [
            UpdateConversationBody,
            UpdateConversationBodyEvaluation,
            UpdateConversationBodyMistunderstoodQuery,
            UpdateConversationBodyStatus,
            UpdateConversationInternalServerError,
            UpdateConversationResponse,
        ]
    );
}

/// Partial updates keep absent, `null` and a value apart, for every optional + nullable field of the update
/// bodies: each of the three wire forms decodes to a different value and encodes back to itself.
#[test]
fn partial_updates_keep_absent_null_and_value_apart() {
    fn three_states<T: Serialize + DeserializeOwned + PartialEq + Debug>(spec: &Spec, name: &str) -> usize {
        let id = spec.named(name);
        let TypeKind::Struct(s) = &spec.api.types.get(id).kind else { panic!("{name} is a struct") };
        let mut checked = 0;
        let mut runner = TestRunner::deterministic();
        let base = wire(spec, TypeRef::to(id), None, Draw { depth: 1, listed_only: true })
            .new_tree(&mut runner)
            .expect("a value")
            .current();
        for f in s.fields.iter().filter(|f| !f.required && f.ty.nullable) {
            // A value for the field, drawn from its own strategy (not null), in an otherwise fixed object.
            let value = wire(spec, f.ty, None, Draw { depth: 1, listed_only: true })
                .prop_filter("not null", |v| !v.is_null())
                .new_tree(&mut runner)
                .expect("a value")
                .current();
            let with = |v: Option<Value>| {
                let mut o = base.as_object().cloned().unwrap_or_default();
                o.shift_remove(&f.wire_name);
                if let Some(v) = v {
                    o.insert(f.wire_name.clone(), v);
                }
                Value::Object(o)
            };
            let forms = [with(None), with(Some(Value::Null)), with(Some(value))];
            let decoded: Vec<T> = forms
                .iter()
                .map(|w| serde_json::from_value(w.clone()).unwrap_or_else(|e| panic!("{name}: {w}: {e}")))
                .collect();
            assert_ne!(decoded[0], decoded[1], "{name}.{}: absent and null are one value", f.name);
            assert_ne!(decoded[1], decoded[2], "{name}.{}: null and a value are one value", f.name);
            assert_ne!(decoded[0], decoded[2], "{name}.{}: absent and a value are one value", f.name);
            for (w, d) in forms.iter().zip(&decoded) {
                assert_eq!(&serde_json::to_value(d).expect("encodes"), w, "{name}.{}", f.name);
            }
            checked += 1;
        }
        checked
    }
    let healvi = load("healvi");
    let proficient = load("proficient");
    let corti = load("corti");
    let n = three_states::<healvi_api::types::UpdateConversationBody>(&healvi, "UpdateConversationBody")
        + three_states::<proficient_api::types::InteractionUpdateParams>(&proficient, "InteractionUpdateParams")
        + three_states::<corti_api::types::InteractionsEncounterUpdateRequest>(
            &corti,
            "InteractionsEncounterUpdateRequest",
        )
        + three_states::<corti_api::types::InteractionsPatient>(&corti, "InteractionsPatient");
    assert!(n >= 3, "the update bodies have optional, nullable fields ({n} checked)");
}
