//! Schemas named as the runtime's macros name their generic parameters and helpers (`A`..`Z`, `Visitor`, `Fields`,
//! `Slot`, `Value`, `Shape`, ..., `tests/fixtures/payloads/hygiene.yaml`, generated with client and server into
//! `tests/generated/hygiene.rs`, kept fresh by `lib.rs`) compile and round-trip: `serde_struct!` pasted field types
//! into impls whose generic parameters were `A` and `D`, so a field of type `A` or `D` did not compile.

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/hygiene.rs"]
mod api;

use api::types::*;
use serde_json::json;

#[test]
fn fields_typed_by_single_letter_schemas_round_trip() {
    let wire = json!({
        "a": {"id": "a"},
        "d_field": {"id": "d"},
        "s_field": {"id": "s"},
        "visitor_field": {"id": "v"},
        "many": [{"id": "d1"}, {}],
        "by_key": {"k": {"id": "s"}}
    });
    let holder: Holder = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(holder.a.id.as_deref(), Some("a"));
    assert_eq!(holder.d_field.as_ref().and_then(|d| d.id.as_deref()), Some("d"));
    assert_eq!(serde_json::to_value(&holder).expect("encodes"), wire);
    let d: AOrD = serde_json::from_value(json!({"id": "x"})).expect("decodes");
    assert_eq!(serde_json::to_value(&d).expect("encodes"), json!({"id": "x"}));
    let tree: D2 = serde_json::from_value(json!([[], [[]]])).expect("a newtype named like a parameter decodes");
    assert_eq!(serde_json::to_value(&tree).expect("encodes"), json!([[], [[]]]));
}
