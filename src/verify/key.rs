//! Keys to verify signatures with: HMAC secrets, public keys (read by
//! `pem` and `jwk`) and key sets, each checked as it is built so that a bad
//! key is refused here rather than reported as a bad signature later. Key
//! material never reaches `Debug`, `Display` or an error message.

use std::fmt;
use std::sync::Arc;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey};

use crate::find::escape::Quoted;

/// A key to verify signatures with: an HMAC secret, one public key, or a
/// key set (JWKS).
///
/// The algorithm family comes from the key — from a JWK's `alg` when it has
/// one — never from the token. Cloning is cheap. `Debug` names the kind of
/// key, never its material.
///
/// ```
/// use usertoken::Key;
///
/// let key = Key::hmac(b"usertoken-sample-secret").unwrap();
/// assert_eq!(format!("{key:?}"), "Key(HMAC secret)");
/// ```
#[derive(Clone)]
pub struct Key(Arc<Inner>);

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

/// Why a JWK may not verify signatures (RFC 7517 §4.2, §4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// `use` is `enc`.
    Encryption,
    /// `use` is something other than `sig` or `enc`.
    NotSignature,
    /// `key_ops` is present and lacks `verify`.
    KeyOps,
}

impl Purpose {
    /// Why, for the verdict on a token: `its use is 'enc'`.
    pub(crate) fn why(self) -> &'static str {
        match self {
            Purpose::Encryption => "its use is 'enc'",
            Purpose::NotSignature => "its use is not 'sig'",
            Purpose::KeyOps => "its key_ops lacks 'verify'",
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
}

/// The algorithm families jsonwebtoken verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Hmac,
    Rsa,
    Ec,
    Ed,
}

impl Family {
    pub(crate) fn of(alg: Algorithm) -> Family {
        match alg.family() {
            jsonwebtoken::AlgorithmFamily::Hmac => Family::Hmac,
            jsonwebtoken::AlgorithmFamily::Rsa => Family::Rsa,
            jsonwebtoken::AlgorithmFamily::Ec => Family::Ec,
            jsonwebtoken::AlgorithmFamily::Ed => Family::Ed,
        }
    }

    /// The kind of key, for messages: `an RSA key`.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Family::Hmac => "an HMAC secret",
            Family::Rsa => "an RSA key",
            Family::Ec => "an EC key",
            Family::Ed => "an Ed25519 key",
        }
    }
}

/// The EC curves jsonwebtoken verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
}

impl Curve {
    pub(crate) fn of(alg: Algorithm) -> Option<Curve> {
        match alg {
            Algorithm::ES256 => Some(Curve::P256),
            Algorithm::ES384 => Some(Curve::P384),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
        }
    }

    fn alg(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
        }
    }
}

/// The algorithm a JOSE `alg` names, when jsonwebtoken verifies it. Names
/// are case-sensitive.
pub(crate) fn algorithm(name: &str) -> Option<Algorithm> {
    Some(match name {
        "HS256" => Algorithm::HS256,
        "HS384" => Algorithm::HS384,
        "HS512" => Algorithm::HS512,
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        "ES256" => Algorithm::ES256,
        "ES384" => Algorithm::ES384,
        "EdDSA" => Algorithm::EdDSA,
        _ => return None,
    })
}

/// The JOSE name of an algorithm.
pub(crate) fn algorithm_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 => "HS256",
        Algorithm::HS384 => "HS384",
        Algorithm::HS512 => "HS512",
        Algorithm::RS256 => "RS256",
        Algorithm::RS384 => "RS384",
        Algorithm::RS512 => "RS512",
        Algorithm::PS256 => "PS256",
        Algorithm::PS384 => "PS384",
        Algorithm::PS512 => "PS512",
        Algorithm::ES256 => "ES256",
        Algorithm::ES384 => "ES384",
        Algorithm::EdDSA => "EdDSA",
        _ => "an algorithm",
    }
}

impl Key {
    /// An HMAC secret (HS256, HS384, HS512), as raw bytes.
    ///
    /// # Errors
    ///
    /// When the secret is empty.
    pub fn hmac(secret: impl AsRef<[u8]>) -> Result<Key, KeyError> {
        let entry = hmac_entry(secret.as_ref())?;
        Ok(Key(Arc::new(Inner::One(entry))))
    }

    /// An HMAC secret written in base64, standard or URL-safe alphabet, with
    /// or without padding; ASCII whitespace anywhere is ignored.
    ///
    /// # Errors
    ///
    /// When the text is not base64 or decodes to nothing.
    pub fn hmac_base64(text: impl AsRef<[u8]>) -> Result<Key, KeyError> {
        let compact: Vec<u8> = text
            .as_ref()
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let standard = compact.iter().any(|&b| b == b'+' || b == b'/');
        let engine = if standard { &STANDARD } else { &URL_SAFE };
        let secret = engine.decode(&compact).map_err(|e| {
            KeyError::new(match e {
                base64::DecodeError::InvalidByte(at, _) => Problem::SecretBase64(at),
                _ => Problem::SecretBase64Length,
            })
        })?;
        Key::hmac(secret)
    }

    /// A public key in PEM: `PUBLIC KEY` (RSA, EC P-256 or P-384, Ed25519),
    /// `RSA PUBLIC KEY` (PKCS#1) or `CERTIFICATE` (X.509; its validity
    /// period is not judged). The first such block counts.
    ///
    /// # Errors
    ///
    /// When there is no such block, it holds a private key, or the key is of
    /// an unsupported type or not valid.
    pub fn from_pem(pem: impl AsRef<[u8]>) -> Result<Key, KeyError> {
        let entry = crate::verify::pem::read(pem.as_ref())?;
        Ok(Key(Arc::new(Inner::One(entry))))
    }

    /// A JWK (`kty` `oct`, `RSA`, `EC` on P-256 or P-384, `OKP` Ed25519) or
    /// a JWK set (`{"keys": [..]}`). A JWK's `alg`, when present, is the only
    /// algorithm it verifies. A JWK whose `use` is not `sig` or whose
    /// `key_ops` lacks `verify` never verifies a signature. Keys of a set
    /// that cannot verify signatures are kept aside: a token naming the
    /// `kid` of one of another type comes out unsupported; one skipped for
    /// its `use` or `key_ops`, a key mismatch that says so.
    ///
    /// # Errors
    ///
    /// When the text is not JSON, a single JWK is not usable (also when it
    /// may not verify signatures), or no key of a set is usable or skipped
    /// only for its `use` or `key_ops`.
    pub fn from_jwk(json: impl AsRef<[u8]>) -> Result<Key, KeyError> {
        Ok(Key(Arc::new(crate::verify::jwk::read(json.as_ref())?)))
    }

    /// A key file of any supported kind, told apart by its content: PEM
    /// when it has a `-----BEGIN` line, a JWK or JWK set when it is a JSON
    /// object.
    ///
    /// # Errors
    ///
    /// As [`from_pem`](Self::from_pem) and [`from_jwk`](Self::from_jwk);
    /// and when the content is neither.
    pub fn parse(content: impl AsRef<[u8]>) -> Result<Key, KeyError> {
        let content = content.as_ref();
        let start = content.trim_ascii_start();
        let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
        if memchr::memmem::find(content, b"-----BEGIN").is_some() {
            Key::from_pem(content)
        } else if start.first() == Some(&b'{') {
            Key::from_jwk(start)
        } else {
            Err(KeyError::new(Problem::NotAKey))
        }
    }

    pub(crate) fn one(&self) -> Option<&Entry> {
        match &*self.0 {
            Inner::One(entry) => Some(entry),
            Inner::Set(_) => None,
        }
    }

    pub(crate) fn slots(&self) -> &[Slot] {
        match &*self.0 {
            Inner::One(_) => &[],
            Inner::Set(slots) => slots,
        }
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Inner::One(entry) => {
                f.write_str("Key(")?;
                describe(entry, f)?;
                f.write_str(")")
            }
            Inner::Set(slots) => {
                let usable = slots
                    .iter()
                    .filter(|s| matches!(s, Slot::Usable(_)))
                    .count();
                write!(f, "Key(key set of {} keys, {usable} usable)", slots.len())
            }
        }
    }
}

fn describe(entry: &Entry, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match (entry.family, entry.curve) {
        (Family::Hmac, _) => f.write_str("HMAC secret")?,
        (Family::Rsa, _) => f.write_str("RSA public key")?,
        (Family::Ec, Some(curve)) => write!(f, "EC {} public key", curve.as_str())?,
        (Family::Ec, None) => f.write_str("EC public key")?,
        (Family::Ed, _) => f.write_str("Ed25519 public key")?,
    }
    if let Some(alg) = entry.alg {
        write!(f, " for {}", algorithm_name(alg))?;
    }
    if let Some(kid) = &entry.kid {
        write!(f, ", kid {}", Quoted(kid))?;
    }
    Ok(())
}

/// Why a key could not be read. It never holds key material; `Debug`
/// reads like `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyError {
    problem: Problem,
    /// The 0-based index of the key in a set the problem is about.
    index: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    EmptySecret,
    SecretBase64(usize),
    SecretBase64Length,
    NotAKey,
    PemEnd,
    PemBase64,
    PemLabel,
    PrivateKey,
    Der,
    Unsupported(&'static str),
    Invalid(&'static str),
    Json { line: usize, column: usize },
    JsonShape,
    Member(&'static str),
    AlgKtyMismatch,
    Purpose(Purpose),
    EmptySet,
}

impl KeyError {
    pub(crate) fn new(problem: Problem) -> KeyError {
        KeyError {
            problem,
            index: None,
        }
    }

    /// The same problem, about the key at `index` of a set.
    pub(crate) fn in_set(self, index: usize) -> KeyError {
        KeyError {
            index: Some(index),
            ..self
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.index {
            write!(f, "no key of the set is usable; the one at index {i}: ")?;
        }
        match self.problem {
            Problem::EmptySecret => f.write_str("the secret is empty"),
            Problem::SecretBase64(at) => {
                write!(f, "the secret is not base64: invalid character at byte {at}")
            }
            Problem::SecretBase64Length => {
                f.write_str("the secret is not base64: its length no encoding produces")
            }
            Problem::NotAKey => f.write_str(
                "expected a PEM public key or certificate, a JWK or a JWK set (JSON object)",
            ),
            Problem::PemEnd => f.write_str("the PEM block has no matching END line"),
            Problem::PemBase64 => f.write_str("the PEM block is not valid base64"),
            Problem::PemLabel => f.write_str(
                "no PEM block holds a public key: expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE",
            ),
            Problem::PrivateKey => f.write_str(
                "the PEM holds a private key: pass the public key or a certificate instead",
            ),
            Problem::Der => f.write_str("the key's DER structure is not valid"),
            Problem::Unsupported(what) => write!(f, "unsupported key: {what}"),
            Problem::Invalid(what) => write!(f, "the key is not valid: {what}"),
            Problem::Json { line, column } => {
                write!(f, "the key is not valid JSON: error at line {line}, column {column}")
            }
            Problem::JsonShape => f.write_str("the JWK has a member of an unexpected type"),
            Problem::Member(name) => write!(f, "the JWK has no valid '{name}'"),
            Problem::AlgKtyMismatch => f.write_str("the JWK's alg does not fit its kty or crv"),
            Problem::Purpose(Purpose::Encryption) => {
                f.write_str("the JWK is for encryption (use 'enc')")
            }
            Problem::Purpose(Purpose::NotSignature) => {
                f.write_str("the JWK is not for signatures (its use is not 'sig')")
            }
            Problem::Purpose(Purpose::KeyOps) => {
                f.write_str("the JWK may not verify signatures (its key_ops lacks 'verify')")
            }
            Problem::EmptySet => f.write_str("the key set has no keys"),
        }
    }
}

impl fmt::Debug for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyError({self})")
    }
}

impl std::error::Error for KeyError {}

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
    })
}
