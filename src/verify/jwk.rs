//! JWKs and JWK sets (RFC 7517), read into keys. A set keeps the keys it
//! cannot use, so that a token naming one by `kid` is told why.

use base64::Engine;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::verify::algorithm::{algorithm, Curve, Family};
use crate::verify::entry::{
    ec_entry, ed_entry, hmac_entry, rsa_entry, Entry, Inner, Slot, URL_SAFE,
};
use crate::verify::key_error::{KeyError, Problem, Purpose};

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
    key_ops: Option<Vec<String>>,
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

/// Why a JWK may not verify signatures, if it may not: both `use` and
/// `key_ops`, when present, must allow it.
fn purpose(raw: &RawJwk) -> Option<Purpose> {
    match raw.usage.as_deref() {
        Some("enc") => return Some(Purpose::Encryption),
        Some("sig") | None => {}
        Some(_) => return Some(Purpose::NotSignature),
    }
    match &raw.key_ops {
        Some(ops) if !ops.iter().any(|op| op == "verify") => Some(Purpose::KeyOps),
        _ => None,
    }
}

/// The family a `kty` names.
fn family(raw: &RawJwk) -> Option<Family> {
    Some(match raw.kty.as_deref()? {
        "oct" => Family::Hmac,
        "RSA" => Family::Rsa,
        "EC" => Family::Ec,
        "OKP" => Family::Ed,
        _ => return None,
    })
}

fn jwk_entry(raw: &RawJwk) -> Result<Entry, KeyError> {
    if let Some(purpose) = purpose(raw) {
        return Err(KeyError::new(Problem::Purpose(purpose)));
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
        let unusable = |kid| Slot::Unusable { kid, skipped: None };
        let (slot, error) = match serde_json::from_str::<RawJwk>(raw.get()) {
            Ok(jwk) if jwk.keys.is_none() => match (purpose(&jwk), jwk_entry(&jwk)) {
                (Some(purpose), _) => {
                    let skipped = Some((purpose, family(&jwk)));
                    let kid = jwk.kid;
                    (Slot::Unusable { kid, skipped }, None)
                }
                (None, Ok(entry)) => (Slot::Usable(entry), None),
                (None, Err(e)) => (unusable(jwk.kid), Some(e)),
            },
            Ok(_) => (unusable(None), Some(KeyError::new(Problem::Member("kty")))),
            Err(e) => (unusable(None), Some(json_error(&e))),
        };
        if let Some(e) = error {
            first_error.get_or_insert(e.in_set(i));
        }
        slots.push(slot);
    }
    // A set of keys skipped only for their `use` or `key_ops` is still
    // read: each token's verdict then says why no key was left.
    let kept = |s: &Slot| {
        matches!(
            s,
            Slot::Usable(_)
                | Slot::Unusable {
                    skipped: Some(_),
                    ..
                }
        )
    };
    if slots.iter().any(kept) {
        Ok(slots)
    } else {
        Err(first_error.unwrap_or(KeyError::new(Problem::EmptySet)))
    }
}
