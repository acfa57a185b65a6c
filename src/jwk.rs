//! JWKs and JWK sets (RFC 7517), read into keys. A set keeps the keys it
//! cannot use, so that a token naming one by `kid` is told why.

use base64::Engine;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::key::{
    algorithm, ec_entry, ed_entry, hmac_entry, rsa_entry, Curve, Entry, Family, Inner, KeyError,
    Problem, Slot, URL_SAFE,
};

/// A JWK or a JWK set.
pub(crate) fn read(json: &[u8]) -> Result<Inner, KeyError> {
    let raw: RawJwk = serde_json::from_slice(json).map_err(|e| json_error(&e))?;
    Ok(match raw.keys {
        Some(keys) => Inner::Set(jwk_set(&keys)?),
        None => Inner::One(jwk_entry(&raw)?),
    })
}

/// A JWK or a JWK set, as read; it holds key material, so no `Debug`.
#[derive(Deserialize)]
struct RawJwk {
    keys: Option<Vec<Box<RawValue>>>,
    kty: Option<String>,
    alg: Option<String>,
    kid: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
    crv: Option<String>,
    k: Option<String>,
    n: Option<String>,
    e: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

fn json_error(e: &serde_json::Error) -> KeyError {
    KeyError::new(if e.classify() == serde_json::error::Category::Data {
        Problem::JsonShape
    } else {
        Problem::Json {
            line: e.line(),
            column: e.column(),
        }
    })
}

fn member(value: Option<&String>, name: &'static str) -> Result<Vec<u8>, KeyError> {
    let text = value.ok_or(KeyError::new(Problem::Member(name)))?;
    URL_SAFE
        .decode(text.trim_end_matches('='))
        .map_err(|_| KeyError::new(Problem::Member(name)))
}

fn jwk_entry(raw: &RawJwk) -> Result<Entry, KeyError> {
    if raw.usage.as_deref() == Some("enc") {
        return Err(KeyError::new(Problem::Encryption));
    }
    let alg = match raw.alg.as_deref() {
        None => None,
        Some(name) => {
            Some(algorithm(name).ok_or(KeyError::new(Problem::Unsupported("the JWK's alg")))?)
        }
    };
    let mut entry = match raw.kty.as_deref() {
        Some("oct") => hmac_entry(&member(raw.k.as_ref(), "k")?)?,
        Some("RSA") => rsa_entry(&member(raw.n.as_ref(), "n")?, &member(raw.e.as_ref(), "e")?)?,
        Some("EC") => {
            let curve = match raw.crv.as_deref() {
                Some("P-256") => Curve::P256,
                Some("P-384") => Curve::P384,
                Some("P-521") => return Err(KeyError::new(Problem::Unsupported("EC curve P-521"))),
                Some(_) => return Err(KeyError::new(Problem::Unsupported("EC curve"))),
                None => return Err(KeyError::new(Problem::Member("crv"))),
            };
            let x = member(raw.x.as_ref(), "x")?;
            let y = member(raw.y.as_ref(), "y")?;
            let size = match curve {
                Curve::P256 => 32,
                Curve::P384 => 48,
            };
            if x.len() != size || y.len() != size {
                return Err(KeyError::new(Problem::Invalid(
                    "the coordinates do not have the curve's size",
                )));
            }
            let mut point = Vec::with_capacity(1 + 2 * size);
            point.push(0x04);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            ec_entry(curve, &point)?
        }
        Some("OKP") => match raw.crv.as_deref() {
            Some("Ed25519") => ed_entry(&member(raw.x.as_ref(), "x")?)?,
            Some(_) => return Err(KeyError::new(Problem::Unsupported("OKP curve"))),
            None => return Err(KeyError::new(Problem::Member("crv"))),
        },
        Some(_) => return Err(KeyError::new(Problem::Unsupported("key type (kty)"))),
        None => return Err(KeyError::new(Problem::Member("kty"))),
    };
    if let Some(alg) = alg {
        if Family::of(alg) != entry.family || entry.curve.is_some_and(|c| Curve::of(alg) != Some(c))
        {
            return Err(KeyError::new(Problem::AlgKtyMismatch));
        }
    }
    entry.alg = alg;
    entry.kid.clone_from(&raw.kid);
    Ok(entry)
}

fn jwk_set(keys: &[Box<RawValue>]) -> Result<Vec<Slot>, KeyError> {
    if keys.is_empty() {
        return Err(KeyError::new(Problem::EmptySet));
    }
    let mut first_error = None;
    let mut slots = Vec::with_capacity(keys.len());
    for (i, raw) in keys.iter().enumerate() {
        let (slot, error) = match serde_json::from_str::<RawJwk>(raw.get()) {
            Ok(jwk) if jwk.keys.is_none() => match jwk_entry(&jwk) {
                Ok(entry) => (Slot::Usable(entry), None),
                Err(e) => (Slot::Unusable { kid: jwk.kid }, Some(e)),
            },
            Ok(_) => (
                Slot::Unusable { kid: None },
                Some(KeyError::new(Problem::Member("kty"))),
            ),
            Err(e) => (Slot::Unusable { kid: None }, Some(json_error(&e))),
        };
        if let Some(e) = error {
            first_error.get_or_insert(e.in_set(i));
        }
        slots.push(slot);
    }
    if slots.iter().any(|s| matches!(s, Slot::Usable(_))) {
        Ok(slots)
    } else {
        Err(first_error.unwrap_or(KeyError::new(Problem::EmptySet)))
    }
}
