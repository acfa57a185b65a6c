//! One key as verification uses it (its family, curve, `alg`, `kid` and
//! jsonwebtoken's decoding key), built and checked from raw material; a
//! key set's slots.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use jsonwebtoken::{Algorithm, DecodingKey};

use crate::verify::algorithm::{Curve, Family};
use crate::verify::key_error::{KeyError, Problem, Purpose};

/// A key: one entry, or a set.
pub(crate) enum Inner {
    One(Entry),
    Set(Vec<Slot>),
}

/// One key of a set: usable, or kept only so that a token naming its `kid`
/// is told why it cannot be checked.
pub(crate) enum Slot {
    Usable(Entry),
    Unusable {
        kid: Option<String>,
        /// Why a key was skipped when it may not verify signatures (its
        /// `use` or `key_ops`), and the family its `kty` names.
        skipped: Option<(Purpose, Option<Family>)>,
    },
}

impl Slot {
    pub(crate) fn kid(&self) -> Option<&str> {
        match self {
            Slot::Usable(entry) => entry.kid.as_deref(),
            Slot::Unusable { kid, .. } => kid.as_deref(),
        }
    }
}

/// One usable key.
pub(crate) struct Entry {
    pub(crate) family: Family,
    /// The curve of an EC key.
    pub(crate) curve: Option<Curve>,
    /// A JWK's `alg`: the only algorithm the key is for.
    pub(crate) alg: Option<Algorithm>,
    pub(crate) kid: Option<String>,
    pub(crate) decoding: DecodingKey,
    /// An HMAC secret that ends in a line break: a mismatch says so, as
    /// the break was likely added by the file the secret was kept in.
    pub(crate) ends_in_break: bool,
}

pub(crate) const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub(crate) const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub(crate) fn hmac_entry(secret: &[u8]) -> Result<Entry, KeyError> {
    if secret.is_empty() {
        return Err(KeyError::new(Problem::EmptySecret));
    }
    Ok(Entry {
        family: Family::Hmac,
        curve: None,
        alg: None,
        kid: None,
        decoding: DecodingKey::from_secret(secret),
        ends_in_break: secret.last() == Some(&b'\n'),
    })
}

/// An RSA key from its big-endian modulus and exponent, checked as the
/// `rsa` crate will check it at each verification, so that a bad key is
/// refused here rather than reported as a bad signature later.
pub(crate) fn rsa_entry(n: &[u8], e: &[u8]) -> Result<Entry, KeyError> {
    let n = strip_zeros(n);
    let e = strip_zeros(e);
    let n_bits = match n.first() {
        Some(b) => n.len() * 8 - b.leading_zeros() as usize,
        None => 0,
    };
    if n_bits < 512 {
        return Err(KeyError::new(Problem::Invalid(
            "the RSA modulus is under 512 bits",
        )));
    }
    if n_bits > 4096 {
        return Err(KeyError::new(Problem::Unsupported(
            "RSA modulus over 4096 bits",
        )));
    }
    let exponent = if e.len() <= 8 {
        e.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b))
    } else {
        u64::MAX
    };
    if n.last().is_some_and(|b| b % 2 == 0)
        || exponent % 2 == 0
        || !(3..=(1 << 33) - 1).contains(&exponent)
    {
        return Err(KeyError::new(Problem::Invalid(
            "the RSA modulus or exponent is out of range",
        )));
    }
    Ok(Entry {
        family: Family::Rsa,
        curve: None,
        alg: None,
        kid: None,
        decoding: DecodingKey::from_rsa_raw_components(n, e),
        ends_in_break: false,
    })
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    &bytes[zeros..]
}

/// Whether jsonwebtoken accepts `key` for `alg`: building its verifier
/// checks an EC point or an Ed25519 key. The empty signature never matches.
fn accepted(key: &DecodingKey, alg: Algorithm) -> bool {
    jsonwebtoken::crypto::verify("", b"", key, alg).is_ok()
}

pub(crate) fn ec_entry(curve: Curve, point: &[u8]) -> Result<Entry, KeyError> {
    let decoding = DecodingKey::from_ec_der(point);
    if !accepted(&decoding, curve.alg()) {
        return Err(KeyError::new(Problem::Invalid(match curve {
            Curve::P256 => "not a point on P-256",
            Curve::P384 => "not a point on P-384",
        })));
    }
    Ok(Entry {
        family: Family::Ec,
        curve: Some(curve),
        alg: None,
        kid: None,
        decoding,
        ends_in_break: false,
    })
}

pub(crate) fn ed_entry(public: &[u8]) -> Result<Entry, KeyError> {
    // jsonwebtoken slices the first 32 bytes: anything shorter must not
    // reach it.
    if public.len() != 32 {
        return Err(KeyError::new(Problem::Invalid(
            "an Ed25519 public key is 32 bytes",
        )));
    }
    let decoding = DecodingKey::from_ed_der(public);
    if !accepted(&decoding, Algorithm::EdDSA) {
        return Err(KeyError::new(Problem::Invalid("not an Ed25519 public key")));
    }
    Ok(Entry {
        family: Family::Ed,
        curve: None,
        alg: None,
        kid: None,
        decoding,
        ends_in_break: false,
    })
}
