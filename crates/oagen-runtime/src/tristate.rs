use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that may be absent, explicitly `null`, or hold a value: the three states of an optional, nullable
/// property (JSON Merge Patch semantics: absent leaves a value unchanged, `null` clears it).
///
/// Use it with `#[serde(default, skip_serializing_if = "Tristate::is_absent")]`, as generated code does, so that
/// an absent field is never written.
///
/// ```
/// use oagen_runtime::Tristate;
/// let unchanged: Tristate<String> = Tristate::Absent;
/// let cleared: Tristate<String> = Tristate::Null;
/// let set: Tristate<String> = "new name".to_owned().into();
/// assert!(unchanged.is_absent() && cleared.is_null() && set.as_ref().value() == Some(&"new name".to_owned()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Tristate<T> {
    /// Not present: not sent, and not received.
    #[default]
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Tristate<T> {
    /// Whether the field is absent (for `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Tristate::Absent)
    }

    /// Whether the field is present as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Tristate::Null)
    }

    /// Whether the field holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Tristate::Value(_))
    }

    /// The value, if there is one.
    pub fn value(self) -> Option<T> {
        match self {
            Tristate::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Borrows the value.
    pub fn as_ref(&self) -> Tristate<&T> {
        match self {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(v) => Tristate::Value(v),
        }
    }

    /// Maps the value, keeping absent and null.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Tristate<U> {
        match self {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(v) => Tristate::Value(f(v)),
        }
    }

    /// `None` when absent; `Some(None)` when null; `Some(Some(v))` for a value.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Tristate::Absent => None,
            Tristate::Null => Some(None),
            Tristate::Value(v) => Some(Some(v)),
        }
    }
}

impl<T> From<T> for Tristate<T> {
    /// A value.
    fn from(v: T) -> Self {
        Tristate::Value(v)
    }
}

impl<T> From<Option<T>> for Tristate<T> {
    /// `Some(v)` is a value, `None` is an explicit `null`.
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Tristate::Value(v),
            None => Tristate::Null,
        }
    }
}

impl<T: Serialize> Serialize for Tristate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached when the field is not skipped; absent then has no better spelling than null.
            Tristate::Absent | Tristate::Null => serializer.serialize_none(),
            Tristate::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tristate<T> {
    /// A present field is null or a value; an absent one takes `Default` (absent) through `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Tristate::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize, Default)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Tristate::is_absent")]
        name: Tristate<String>,
    }

    #[test]
    fn three_states_on_the_wire() {
        let absent = Patch::default();
        let null = Patch { name: Tristate::Null };
        let value = Patch { name: "x".to_owned().into() };
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
        assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"name":null}"#);
        assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"name":"x"}"#);
        for p in [absent, null, value] {
            let back: Patch = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
            assert_eq!(back, p);
        }
    }

    #[test]
    fn conversions() {
        assert_eq!(Tristate::from(Some(1)), Tristate::Value(1));
        assert_eq!(Tristate::<i32>::from(None), Tristate::Null);
        assert_eq!(Tristate::Value(2).map(|v| v * 2).value(), Some(4));
        assert_eq!(Tristate::<i32>::Absent.into_option(), None);
        assert_eq!(Tristate::<i32>::Null.into_option(), Some(None));
    }
}
