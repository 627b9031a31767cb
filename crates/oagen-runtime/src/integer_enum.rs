//! Open integer enums: the 3.1 "titled enum" idiom (`oneOf: [{title: ONE, const: 1}, {title: TWO, const: 2}]`),
//! its listed values as variants named by their titles and any other integer kept in a catch-all variant.

/// Implements the conversions of an open integer enum: `value`, `From<i64>`, `Display` (the number),
/// `Serialize` and `Deserialize` (a JSON integer).
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// pub enum Level {
///     One,
///     Two,
///     Unrecognized(i64),
/// }
///
/// oagen_runtime::integer_enum!(Level { One = 1, Two = 2 } Unrecognized);
///
/// assert_eq!(serde_json::from_str::<Level>("2").unwrap(), Level::Two);
/// assert_eq!(serde_json::from_str::<Level>("3").unwrap(), Level::Unrecognized(3));
/// assert_eq!(serde_json::to_string(&Level::Unrecognized(3)).unwrap(), "3");
/// assert_eq!(Level::One.to_string(), "1");
/// assert!(serde_json::from_str::<Level>("\"off\"").is_err());
/// ```
#[macro_export]
macro_rules! integer_enum {
    ($name:ident { $($variant:ident = $wire:literal),+ $(,)? } $other:ident) => {
        impl $name {
            /// The value on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::$other(value) => *value,
                }
            }
        }

        impl ::core::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::$other(other),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<__S: $crate::__serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                <i64 as $crate::__serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Text,
        Minus,
        Unrecognized(i64),
    }

    crate::integer_enum!(Kind { Text = 0, Minus = -1 } Unrecognized);

    #[test]
    fn listed_and_unlisted_integers_round_trip() {
        for (wire, value) in [("0", Kind::Text), ("-1", Kind::Minus), ("7", Kind::Unrecognized(7))] {
            let back: Kind = serde_json::from_str(wire).expect(wire);
            assert_eq!(back, value);
            assert_eq!(serde_json::to_string(&back).expect("written"), wire);
            assert_eq!(back.to_string(), wire);
        }
        assert!(serde_json::from_str::<Kind>("1.5").is_err());
        assert!(serde_json::from_str::<Kind>("null").is_err());
    }
}
