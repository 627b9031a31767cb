//! Open string enums: generated enums list the spec's values and keep any other value in a catch-all variant.
//!
//! [`string_enum!`](crate::string_enum) writes the conversions of such an enum from a table of its variants and
//! wire values, so that each generated enum is its definition plus that table rather than six hand-expanded impls.

use serde::de::{Deserializer, Error, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Deserialises a string into an open enum through its `From<&str>` (borrowed input: no allocation for a listed
/// value) or `From<String>` (owned input: an unlisted value is kept without a copy).
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct StringVisitor<T>(PhantomData<T>);

    impl<T> Visitor<'_> for StringVisitor<T>
    where
        T: for<'a> From<&'a str> + From<String>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(StringVisitor(PhantomData))
}

/// Implements the conversions of an open string enum: `as_str`, `From<&str>`, `From<String>`, `Display`,
/// `Serialize` and `Deserialize`.
///
/// The expansion names std and serde by their full paths and its generic parameters `__S` and `__D`, which no
/// generated type can be called (a generated name never starts with `_`): the enum's module may declare types
/// named `S`, `D`, `Option` or `String`.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Eq)]
/// pub enum Status {
///     ToDo,
///     InProgress,
///     Unrecognized(String),
/// }
///
/// oagen_runtime::string_enum!(Status { ToDo = "to-do", InProgress = "in-progress" } Unrecognized);
///
/// assert_eq!(Status::from("to-do"), Status::ToDo);
/// assert_eq!(Status::from("later").as_str(), "later");
/// assert_eq!(serde_json::to_string(&Status::InProgress).unwrap(), r#""in-progress""#);
/// let back: Status = serde_json::from_str(r#""done""#).unwrap();
/// assert_eq!(back, Status::Unrecognized("done".to_owned()));
/// ```
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),+ $(,)? } $other:ident) => {
        impl $name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::$other(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::$other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$other(_) => Self::$other(value),
                    listed => listed,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                $crate::enums::deserialize(deserializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Gender {
        Male,
        Unknown,
        Unrecognized(String),
    }

    crate::string_enum!(Gender { Male = "male", Unknown = "unknown" } Unrecognized);

    #[test]
    fn listed_and_unlisted_values_round_trip() {
        for (wire, value) in [
            ("male", Gender::Male),
            ("unknown", Gender::Unknown),
            ("nonbinary", Gender::Unrecognized("nonbinary".into())),
        ] {
            let json = format!("\"{wire}\"");
            let back: Gender = serde_json::from_str(&json).unwrap_or(Gender::Male);
            assert_eq!(back, value);
            assert_eq!(serde_json::to_string(&back).unwrap_or_default(), json);
            assert_eq!(back.to_string(), wire);
            let from_value: Gender = serde_json::from_value(serde_json::json!(wire)).unwrap_or(Gender::Male);
            assert_eq!(from_value, value);
        }
    }

    #[test]
    fn a_non_string_is_an_error() {
        assert!(serde_json::from_str::<Gender>("3").is_err());
        assert!(serde_json::from_str::<Gender>("null").is_err());
    }
}
