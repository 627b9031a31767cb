//! What real servers send, decoded by generated models and written back (`tests/fixtures/payloads/payloads.yaml`,
//! generated as a models-only module into `tests/generated/payloads.rs`, kept fresh by `lib.rs`):
//!
//! - an untagged union takes the member the value is: the one that keeps the whole value, then the one naming the
//!   most of its properties, then the first (GitHub's `oneOf` of closed members read `{message, sha}` as
//!   `{message}` and wrote it back without `sha`);
//! - the 3.1 titled enum (`oneOf` of `const`s) is an open enum named by the titles, of integers or strings;
//! - `allOf` of non-object members (`{type: integer, enum: [1], allOf: [{$ref: Kind}]}`) is the member's type;
//! - a lone `const` is a value of its type, not any JSON.

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/payloads.rs"]
mod api;

use api::types::*;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Debug;

/// Decodes `value` as `T`, checks it writes back exactly, and returns it.
fn round_trip<T: DeserializeOwned + Serialize + Debug>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
    let back = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(back, value, "{decoded:?} is not written back as read");
    decoded
}

#[test]
fn a_union_of_closed_members_takes_the_one_that_keeps_every_field() {
    let commit: Event = round_trip(json!({"message": "m", "sha": "abc"}));
    assert!(matches!(commit, Event::Commit(Commit { ref sha, .. }) if sha == "abc"), "{commit:?}");
    let note: Event = round_trip(json!({"message": "m"}));
    assert!(matches!(note, Event::Note(_)), "{note:?}");
    // No member takes an unknown property: the whole value is kept, not a member that drops it.
    let other: Event = round_trip(json!({"message": "m", "sha": "abc", "tree": "t"}));
    assert!(matches!(other, Event::Unrecognized(_)), "{other:?}");
}

#[test]
fn a_member_that_would_add_a_property_is_not_chosen_over_the_one_the_value_is() {
    let issue: AnyComment = round_trip(json!({"body": "b", "html_url": "u"}));
    assert!(matches!(issue, AnyComment::IssueComment(_)), "{issue:?}");
    let review: AnyComment = round_trip(json!({"body": "b", "commit_id": null}));
    assert!(matches!(review, AnyComment::ReviewComment(_)), "{review:?}");
    let review: AnyComment = round_trip(json!({"body": "b"}));
    assert!(matches!(review, AnyComment::ReviewComment(_)), "the first of two equal fits: {review:?}");
}

#[test]
fn of_open_members_the_one_naming_more_properties_wins_whatever_the_order() {
    let employee: Someone = round_trip(json!({"name": "n", "team": "t"}));
    assert!(matches!(employee, Someone::Employee(Employee { ref team, .. }) if team.as_deref() == Some("t")));
    let person: Someone = round_trip(json!({"name": "n"}));
    assert!(matches!(person, Someone::Person(_)), "equal fits: the first, {person:?}");
}

#[test]
fn an_enum_member_takes_only_the_values_it_lists() {
    assert_eq!(round_trip::<Label>(json!("large")), Label::Size(Size::Large));
    assert_eq!(round_trip::<Label>(json!("red")), Label::Color(Color::Red));
    assert_eq!(round_trip::<Label>(json!(3)), Label::Integer(3));
    assert_eq!(round_trip::<Label>(json!("mauve")), Label::Unrecognized(json!("mauve")));
}

#[test]
fn a_titled_enum_is_an_open_enum_named_by_the_titles() {
    assert_eq!(round_trip::<Level>(json!(1)), Level::One);
    assert_eq!(round_trip::<Level>(json!(2)), Level::Two);
    assert_eq!(round_trip::<Level>(json!(3)), Level::Unrecognized(3));
    assert!(serde_json::from_value::<Level>(json!("off")).is_err(), "not an integer");
    assert_eq!(round_trip::<Switch>(json!("on")), Switch::On);
    assert_eq!(round_trip::<Switch>(json!("off")), Switch::Off);
    assert_eq!(round_trip::<Switch>(json!("dim")), Switch::Unrecognized("dim".into()));
}

#[test]
fn an_all_of_of_non_objects_is_the_type_of_its_members() {
    let image: ImageMessage = round_trip(json!({"type": 1, "url": "u", "version": 2, "pinned": true}));
    assert_eq!(image.r#type, Kind::Image);
    assert_eq!(image.version, Some(2), "a lone const is a value of its type");
    assert_eq!(image.pinned, Some(true));
    assert!(serde_json::from_value::<ImageMessage>(json!({"type": {}, "url": "u"})).is_err());
}

#[test]
fn a_null_example_beside_a_format_keeps_the_format() {
    let m = Measure { id: Some(uuid::Uuid::nil()), ..Measure::default() };
    assert_eq!(serde_json::to_value(&m).expect("encodes"), json!({"id": "00000000-0000-0000-0000-000000000000"}));
}

/// A value of one of `Someone`'s, `Event`'s or `AnyComment`'s members, as its member would write it.
fn member_value() -> impl Strategy<Value = Value> {
    let word = "[a-z]{0,6}";
    let opt = |s: &'static str| proptest::option::of(s);
    prop_oneof![
        word.prop_map(|m| json!({"message": m})),
        (word, word).prop_map(|(m, s)| json!({"message": m, "sha": s})),
        (word, opt("[a-z]{0,6}"), opt("[a-z]{0,6}")).prop_map(|(n, e, t)| {
            let mut v = json!({"name": n});
            if let Some(e) = e {
                v["employee_id"] = json!(e);
            }
            if let Some(t) = t {
                v["team"] = json!(t);
            }
            v
        }),
        (word, proptest::option::of(proptest::option::of(word))).prop_map(|(b, c)| match c {
            None => json!({"body": b}),
            Some(c) => json!({"body": b, "commit_id": c}),
        }),
        (word, word).prop_map(|(b, u)| json!({"body": b, "html_url": u})),
    ]
}

proptest! {
    /// Any value a member writes decodes into a member that writes it back the same.
    #[test]
    fn a_member_value_comes_back_unchanged(value in member_value()) {
        let events: Value = serde_json::to_value(serde_json::from_value::<Event>(value.clone()).expect("decodes")).expect("encodes");
        let someone: Value = serde_json::to_value(serde_json::from_value::<Someone>(value.clone()).expect("decodes")).expect("encodes");
        let comment: Value = serde_json::to_value(serde_json::from_value::<AnyComment>(value.clone()).expect("decodes")).expect("encodes");
        prop_assert_eq!(&events, &value);
        prop_assert_eq!(&someone, &value);
        prop_assert_eq!(&comment, &value);
    }
}

#[test]
fn properties_beside_one_of_belong_to_every_member() {
    let cat: Pet = round_trip(json!({"name": "Tom", "meows": true}));
    assert_eq!(cat, Pet::Cat(PetCat { name: "Tom".into(), meows: true }));
    let dog: Pet = round_trip(json!({"name": "Rex", "barks": false}));
    assert_eq!(dog, Pet::Dog(PetDog { name: "Rex".into(), barks: false }));
}

#[test]
fn an_all_of_containing_a_one_of_keeps_the_objects_properties_in_each_member() {
    let dog: Animal = round_trip(json!({"id": "7", "barks": true}));
    assert_eq!(dog, Animal::Dog(AnimalDog { id: "7".into(), barks: true }));
    let other: Animal = round_trip(json!({"barks": true}));
    assert!(matches!(other, Animal::Unrecognized(_)), "the shared required `id` is missing: {other:?}");
}

#[test]
fn an_integer_in_a_number_field_comes_back_an_integer() {
    let m: Measure = round_trip(json!({"value": 1000, "values": [50, 2.5, -3]}));
    assert_eq!(m.value, Some(1000.0));
    let fraction: Measure = round_trip(json!({"value": 0.1}));
    assert_eq!(fraction.value, Some(0.1));
}
