use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::decode::object::{raw_value, Object, Text};

/// The decoded JOSE header: `alg`, `typ` and `kid` typed, every member kept
/// verbatim.
///
/// Cloning is cheap: the decoded text is shared.
#[derive(Clone)]
pub struct Header {
    object: Arc<Object>,
    pub(crate) alg: Text,
    pub(crate) typ: Text,
    pub(crate) kid: Text,
}

impl Header {
    pub(crate) fn new(object: Object) -> Header {
        Header {
            alg: Text::read(&object, "alg"),
            typ: Text::read(&object, "typ"),
            kid: Text::read(&object, "kid"),
            object: Arc::new(object),
        }
    }

    /// The algorithm, when `alg` is a string.
    pub fn alg(&self) -> Option<&str> {
        self.alg.get(&self.object).ok().flatten()
    }

    /// The type, when `typ` is a string.
    pub fn typ(&self) -> Option<&str> {
        self.typ.get(&self.object).ok().flatten()
    }

    /// The key id, when `kid` is a string.
    pub fn kid(&self) -> Option<&str> {
        self.kid.get(&self.object).ok().flatten()
    }

    /// Whether `alg` is `none`, in any case.
    pub fn is_alg_none(&self) -> bool {
        self.alg().is_some_and(|a| a.eq_ignore_ascii_case("none"))
    }

    /// A member's raw JSON text, verbatim.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.object.get(name).and_then(raw_value)
    }

    /// Every member, in token order, as raw JSON text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.object
            .iter()
            .filter_map(|(name, raw)| Some((name, raw_value(raw)?)))
    }

    pub(crate) fn object(&self) -> &Object {
        &self.object
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Header {
    /// The header verbatim, as a JSON object.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.object.serialize(serializer)
    }
}
