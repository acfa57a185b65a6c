use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::decode::object::{raw_value, Object, Text};
use crate::read::time::TimeClaim;

/// The names of the seven standard claims of a user token, in report order.
pub const STANDARD_CLAIMS: [&str; 7] = ["client_id", "user_id", "sub", "iss", "iat", "exp", "jti"];

/// The decoded payload: the standard claims typed, every member (standard or
/// not) kept verbatim.
///
/// Every claim is optional. A claim of an unexpected type reads as `None`
/// from its typed accessor and stays available verbatim through
/// [`get`](Self::get); the inspection reports it as a diagnostic.
#[derive(Clone)]
pub struct Claims {
    object: Object,
    pub(crate) client_id: Text,
    pub(crate) user_id: Text,
    pub(crate) sub: Text,
    pub(crate) iss: Text,
    pub(crate) jti: Text,
    pub(crate) iat: TimeClaim,
    pub(crate) exp: TimeClaim,
    pub(crate) nbf: TimeClaim,
}

impl Claims {
    pub(crate) fn new(object: Object) -> Claims {
        let mut claims = Claims {
            object: Object::default(),
            client_id: Text::Missing,
            user_id: Text::Missing,
            sub: Text::Missing,
            iss: Text::Missing,
            jti: Text::Missing,
            iat: TimeClaim::Missing,
            exp: TimeClaim::Missing,
            nbf: TimeClaim::Missing,
        };
        // One pass over the members: names are unique after parsing.
        for (name, raw) in object.iter() {
            match name {
                "client_id" => claims.client_id = Text::from_raw(&object, raw),
                "user_id" => claims.user_id = Text::from_raw(&object, raw),
                "sub" => claims.sub = Text::from_raw(&object, raw),
                "iss" => claims.iss = Text::from_raw(&object, raw),
                "jti" => claims.jti = Text::from_raw(&object, raw),
                "iat" => claims.iat = TimeClaim::read(Some(raw)),
                "exp" => claims.exp = TimeClaim::read(Some(raw)),
                "nbf" => claims.nbf = TimeClaim::read(Some(raw)),
                _ => {}
            }
        }
        claims.object = object;
        claims
    }

    /// `client_id`: the integrator's API client.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.get(&self.object).ok().flatten()
    }

    /// `user_id`: the end user.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.get(&self.object).ok().flatten()
    }

    /// The user the token is for: `user_id`, else `sub` (which a token
    /// without `user_id` names its user by). What the human report, the
    /// table and `compare` show as the user.
    pub fn user(&self) -> Option<&str> {
        self.user_id().or(self.sub())
    }

    /// `sub`: the subject, normally equal to `user_id`.
    pub fn sub(&self) -> Option<&str> {
        self.sub.get(&self.object).ok().flatten()
    }

    /// `iss`: the issuer.
    pub fn iss(&self) -> Option<&str> {
        self.iss.get(&self.object).ok().flatten()
    }

    /// `jti`: the token's own id.
    pub fn jti(&self) -> Option<&str> {
        self.jti.get(&self.object).ok().flatten()
    }

    /// `iat`, when it can be read as an instant (numbers, numeric strings,
    /// milliseconds; fractions dropped).
    pub fn issued_at(&self) -> Option<DateTime<Utc>> {
        self.iat.instant()
    }

    /// `exp`, read like [`issued_at`](Self::issued_at).
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.exp.instant()
    }

    /// `nbf`, read like [`issued_at`](Self::issued_at).
    pub fn not_before(&self) -> Option<DateTime<Utc>> {
        self.nbf.instant()
    }

    /// A claim's raw JSON text, verbatim.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.object.get(name).and_then(raw_value)
    }

    /// A claim as a `serde_json::Value`, when it parses as one (a number
    /// beyond `f64` or nesting past serde_json's limit does not).
    pub fn value(&self, name: &str) -> Option<serde_json::Value> {
        serde_json::from_str(self.object.get(name)?).ok()
    }

    /// Every claim, in token order, as raw JSON text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.object
            .iter()
            .filter_map(|(name, raw)| Some((name, raw_value(raw)?)))
    }

    /// The claims other than the seven standard ones, in token order.
    pub fn extra(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.iter()
            .filter(|(name, _)| !STANDARD_CLAIMS.contains(name))
    }

    /// How many claims there are.
    pub fn len(&self) -> usize {
        self.object.len()
    }

    /// Whether the payload is `{}`.
    pub fn is_empty(&self) -> bool {
        self.object.len() == 0
    }

    pub(crate) fn object(&self) -> &Object {
        &self.object
    }
}

impl fmt::Debug for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Claims {
    /// The payload verbatim, as a JSON object.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.object.serialize(serializer)
    }
}
