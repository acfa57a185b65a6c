//! Stable names of the crate's fieldless enums (kinds, codes, parts,
//! environments, styles …): one table per type gives its `as_str`,
//! `Display`, `FromStr` and its JSON both ways, so that the names in
//! messages, on the command line and in JSON cannot disagree.

use std::fmt;

/// The error of reading a name that no value of the type has, for every
/// type with stable names (`"prod".parse::<Environment>()` reads,
/// `"nope".parse::<Code>()` does not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseNameError {
    expected: &'static [&'static str],
}

impl ParseNameError {
    pub(crate) fn new(expected: &'static [&'static str]) -> ParseNameError {
        ParseNameError { expected }
    }

    /// The names that would have been read.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

impl fmt::Display for ParseNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected one of ")?;
        for (i, name) in self.expected.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseNameError {}

/// Declares a fieldless enum with a stable name for each variant (and
/// other spellings it is read from, after `|`): `ALL` in the table's
/// order, `as_str`, `Display` (padded), `FromStr` (any case), and serde
/// both ways as the name.
macro_rules! names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $ty:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident => $name:literal $(| $alias:literal)*
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $ty {
            $( $(#[$variant_meta])* $variant, )*
        }

        impl $ty {
            /// Every value, in the order of its table.
            pub const ALL: &'static [$ty] = &[$($ty::$variant,)*];

            const NAMES: &'static [&'static str] = &[$($name,)*];

            #[doc = concat!("The stable name: ", $("`", $name, "` ",)* "(JSON and messages use it).")]
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $ty::$variant => $name, )*
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::names::ParseNameError;

            /// Reads the names [`as_str`](Self::as_str) gives, and the other
            /// spellings of the table, in any case.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                // A table walked by one loop, not a comparison per name:
                // the code stays small in the WebAssembly build.
                const SPELLINGS: &[(&str, $ty)] = &[
                    $( ($name, $ty::$variant), $( ($alias, $ty::$variant), )* )*
                ];
                SPELLINGS
                    .iter()
                    .find(|(name, _)| s.eq_ignore_ascii_case(name))
                    .map(|&(_, value)| value)
                    .ok_or($crate::names::ParseNameError::new(Self::NAMES))
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                name.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use names;
