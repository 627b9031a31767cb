//! How an untagged union picks its member: the member the value is, not the first whose fields happen to fit.
//!
//! Each variant of an [`untagged_union!`](crate::untagged_union) carries a [`Shape`], written by the generator from
//! the member's schema: its JSON type, its listed values (an enum), or for an object its property names, which of
//! them are required and whether others are allowed (`additionalProperties: false`). A member takes part when its
//! shape admits the value and its type decodes it. Among those, the union takes the member that:
//!
//! 1. keeps every datum of the value when written back ([`Kept`]: exactly, then with only `null`s or the spelling
//!    of a number or date-time changed, then losing something),
//! 2. is the most specific: names the most of the object's properties, or lists the value among its enum values,
//! 3. comes first in the spec.
//!
//! A value no member takes is kept whole in the union's catch-all variant, so nothing is ever dropped silently.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// What a member's schema says about the values it takes, at the top level (deeper levels are its type's to check).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    kind: Kind,
    nullable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Any,
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Map,
    Strings(&'static [&'static str]),
    Integers(&'static [i64]),
    Object { known: &'static [&'static str], required: &'static [&'static str], closed: bool },
}

/// The constructors of [`Shape`]s, as the generated union tables name them.
pub mod shape {
    use super::{Kind, Shape};

    const fn of(kind: Kind) -> Shape {
        Shape { kind, nullable: false }
    }

    /// Any value.
    pub const fn any() -> Shape {
        of(Kind::Any)
    }

    /// A string.
    pub const fn string() -> Shape {
        of(Kind::String)
    }

    /// An integer.
    pub const fn integer() -> Shape {
        of(Kind::Integer)
    }

    /// A number (integers included).
    pub const fn number() -> Shape {
        of(Kind::Number)
    }

    /// `true` or `false`.
    pub const fn boolean() -> Shape {
        of(Kind::Boolean)
    }

    /// An array.
    pub const fn array() -> Shape {
        of(Kind::Array)
    }

    /// An object of any properties (a map).
    pub const fn map() -> Shape {
        of(Kind::Map)
    }

    /// One of the listed strings (a string enum).
    pub const fn strings(values: &'static [&'static str]) -> Shape {
        of(Kind::Strings(values))
    }

    /// One of the listed integers (an integer enum).
    pub const fn integers(values: &'static [i64]) -> Shape {
        of(Kind::Integers(values))
    }

    /// An object with these `known` property names, of which `required` must be present; with `closed`
    /// (`additionalProperties: false`) no other property is allowed.
    pub const fn object(known: &'static [&'static str], required: &'static [&'static str], closed: bool) -> Shape {
        of(Kind::Object { known, required, closed })
    }

    /// `shape`, or `null`.
    pub const fn nullable(shape: Shape) -> Shape {
        Shape { nullable: true, ..shape }
    }
}

impl Shape {
    /// Whether the value is of this shape (at its top level).
    pub fn admits(&self, value: &Value) -> bool {
        if value.is_null() {
            return self.nullable || matches!(self.kind, Kind::Any);
        }
        match (self.kind, value) {
            (Kind::Any, _) => true,
            (Kind::String, Value::String(_)) | (Kind::Boolean, Value::Bool(_)) | (Kind::Array, Value::Array(_)) => true,
            (Kind::Map, Value::Object(_)) | (Kind::Number, Value::Number(_)) => true,
            (Kind::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Kind::Strings(listed), Value::String(s)) => listed.contains(&s.as_str()),
            (Kind::Integers(listed), Value::Number(n)) => n.as_i64().is_some_and(|n| listed.contains(&n)),
            (Kind::Object { known, required, closed }, Value::Object(map)) => {
                required.iter().all(|r| map.contains_key(*r))
                    && (!closed || map.keys().all(|k| known.contains(&k.as_str())))
            }
            _ => false,
        }
    }

    /// How specific the shape is for the value: the number of the object's properties it names (an enum that
    /// lists the value counts one), so that of two members that keep the value the one that knows it best wins.
    fn specificity(&self, value: &Value) -> usize {
        match (self.kind, value) {
            (Kind::Object { known, .. }, Value::Object(map)) => {
                map.keys().filter(|k| known.contains(&k.as_str())).count()
            }
            (Kind::Strings(_) | Kind::Integers(_), _) if !value.is_null() => 1,
            _ => 0,
        }
    }
}

/// How much of a value a member keeps when written back: the first criterion of the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kept {
    /// Something is lost: a property the member does not hold, an array item, a changed scalar.
    Lossy,
    /// Every datum comes back, but not every spelling: a `null` property left out or added, a number written
    /// as `1000.0` for `1000`, a date-time in another offset or precision.
    Datums,
    /// The value comes back as it was.
    Exactly,
}

/// How well a member fits a value; greater is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    /// What comes back when the member is written.
    pub kept: Kept,
    /// How many of the value's properties the member names.
    pub specificity: usize,
}

/// The member of type `T` and how well it fits, when `shape` admits the value and `T` decodes it.
pub fn fit<T: DeserializeOwned + Serialize>(value: &Value, shape: &Shape) -> Option<(Fit, T)> {
    if !shape.admits(value) {
        return None;
    }
    let member = T::deserialize(value).ok()?;
    let kept = match serde_json::to_value(&member) {
        Ok(back) => kept(value, &back),
        Err(_) => Kept::Lossy,
    };
    Some((Fit { kept, specificity: shape.specificity(value) }, member))
}

/// Whether no member can fit `value` better than `fit` (it comes back exactly and names every property, or lists
/// the value): the union stops looking, so that a recursive union decodes a deep value once per level, not once
/// per member per level.
pub fn settles(fit: &Fit, value: &Value) -> bool {
    let best_possible = match value {
        Value::Object(map) => map.len(),
        Value::String(_) | Value::Number(_) => 1,
        _ => 0,
    };
    fit.kept == Kept::Exactly && fit.specificity >= best_possible
}

/// Keeps `candidate` in `best` when it fits strictly better (so that of equals the member listed first stays).
pub fn prefer<U>(best: &mut Option<(Fit, U)>, candidate: Option<(Fit, U)>) {
    if let Some((fit, member)) = candidate {
        if best.as_ref().is_none_or(|(b, _)| fit > *b) {
            *best = Some((fit, member));
        }
    }
}

/// What of `read` comes back in `written`.
pub fn kept(read: &Value, written: &Value) -> Kept {
    match (read, written) {
        (Value::Object(a), Value::Object(b)) => {
            let mut worst = Kept::Exactly;
            for (k, v) in a {
                let k = match b.get(k) {
                    Some(w) => kept(v, w),
                    None if v.is_null() => Kept::Datums,
                    None => Kept::Lossy,
                };
                worst = worst.min(k);
            }
            if b.keys().any(|k| !a.contains_key(k)) {
                // A property the value did not have: a `null`, a default or a tag written by the member.
                worst = worst.min(Kept::Datums);
            }
            worst
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).map(|(v, w)| kept(v, w)).min().unwrap_or(Kept::Exactly)
        }
        (Value::Number(a), Value::Number(b)) if a == b => Kept::Exactly,
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) if x == y => Kept::Datums,
            _ => Kept::Lossy,
        },
        (Value::String(a), Value::String(b)) if a == b => Kept::Exactly,
        (Value::String(a), Value::String(b)) => match (crate::formats::instant(a), crate::formats::instant(b)) {
            (Some(x), Some(y)) if x == y => Kept::Datums,
            _ => Kept::Lossy,
        },
        (a, b) if a == b => Kept::Exactly,
        _ => Kept::Lossy,
    }
}

#[cfg(test)]
mod tests {
    use super::shape::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn a_shape_admits_its_values_only() {
        let closed = object(&["message"], &["message"], true);
        assert!(closed.admits(&json!({"message": "m"})));
        assert!(!closed.admits(&json!({"message": "m", "sha": "s"})), "additionalProperties: false");
        assert!(!closed.admits(&json!({})), "required");
        assert!(object(&["message"], &[], false).admits(&json!({"sha": "s"})));
        assert!(strings(&["on", "off"]).admits(&json!("on")));
        assert!(!strings(&["on", "off"]).admits(&json!("dim")));
        assert!(integers(&[1, 2]).admits(&json!(2)));
        assert!(!integers(&[1, 2]).admits(&json!(3)));
        assert!(integer().admits(&json!(3)) && !integer().admits(&json!(3.5)));
        assert!(number().admits(&json!(3)) && number().admits(&json!(3.5)));
        assert!(!string().admits(&Value::Null) && nullable(string()).admits(&Value::Null));
        assert!(any().admits(&Value::Null) && map().admits(&json!({})) && !map().admits(&json!([])));
    }

    #[test]
    fn what_comes_back_is_graded() {
        let v = json!({"a": 1, "b": [1.5, "2011-04-14T16:00:49-04:00"], "c": null});
        assert_eq!(kept(&v, &v), Kept::Exactly);
        assert_eq!(kept(&v, &json!({"a": 1.0, "b": [1.5, "2011-04-14T20:00:49Z"]})), Kept::Datums);
        assert_eq!(kept(&json!({"a": 1}), &json!({"a": 1, "z": null})), Kept::Datums);
        assert_eq!(kept(&json!({"a": 1}), &json!({"a": 1, "z": 0})), Kept::Datums);
        assert_eq!(kept(&json!({"a": 1, "sha": "s"}), &json!({"a": 1})), Kept::Lossy);
        assert_eq!(kept(&json!([1, 2]), &json!([1])), Kept::Lossy);
        assert_eq!(kept(&json!("x"), &json!("y")), Kept::Lossy);
        assert!(Kept::Exactly > Kept::Datums && Kept::Datums > Kept::Lossy);
    }
}
