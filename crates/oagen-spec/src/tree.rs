//! YAML text to a JSON tree (`serde_json::Value`), keeping integers that do not fit in 64 bits.
//!
//! `serde_json::Value` holds integers as `i64`/`u64` and refuses the 128-bit integers that `serde_yaml` hands it for a
//! literal such as `minimum: -9223372036854776000` (a double printed as an integer by the tool that wrote the spec):
//! the whole document failed to load with "JSON number out of range". Such an integer is read as the nearest `f64`
//! here, as `serde_json` itself reads one in JSON text; the normaliser warns where it stands in a schema
//! (`normalize::Normalizer::check_integers`).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// A JSON tree read from any serde format, with out-of-range integers as floats.
pub(crate) struct Tree(pub(crate) Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match (i64::try_from(v), u64::try_from(v)) {
            (Ok(i), _) => Value::Number(i.into()),
            (_, Ok(u)) => Value::Number(u.into()),
            _ => float(v as f64),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(u) => Value::Number(u.into()),
            Err(_) => float(v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Tree::deserialize(d).map(|t| t.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Tree(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((k, Tree(v))) = map.next_entry::<String, Tree>()? {
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

/// A float as a JSON number; YAML's `.inf` and `.nan`, which JSON cannot hold, become `null` as in `serde_json`.
fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// Reads YAML text into a JSON tree.
pub(crate) fn from_yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Tree>(text).map(|t| t.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats() {
        let v = from_yaml(
            "a: -9223372036854776000\nb: 18446744073709551616000\nc: 12\nd: -3\ne: 1.5\nf: [x, ~, true]\n200: ok\n",
        )
        .expect("loads");
        assert_eq!(v["a"].as_f64(), Some(-9223372036854775808.0));
        assert!(v["a"].as_i64().is_none());
        assert_eq!(v["b"].as_f64(), Some(1.8446744073709552e22));
        assert_eq!(v["c"].as_u64(), Some(12));
        assert_eq!(v["d"].as_i64(), Some(-3));
        assert_eq!(v["e"].as_f64(), Some(1.5));
        assert_eq!(v["f"], serde_json::json!(["x", null, true]));
        assert_eq!(v["200"], "ok");
    }

    #[test]
    fn the_tree_is_the_one_serde_json_reads_from_the_same_yaml() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: x}\n        404: {description: y}\nlist: [1, -2, 3.25, .inf, 'text', {k: null}]\n";
        assert_eq!(from_yaml(text).expect("tree"), serde_yaml::from_str::<Value>(text).expect("serde_json"));
    }
}
