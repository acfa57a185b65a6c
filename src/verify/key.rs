//! Keys to verify signatures with: HMAC secrets, public keys (read by
//! `pem` and `jwk`) and key sets, each checked as it is built so that a bad
//! key is refused here rather than reported as a bad signature later. Key
//! material never reaches `Debug`, `Display` or an error message.

use std::fmt;
use std::sync::Arc;

use base64::Engine;

use crate::find::escape::Quoted;
use crate::verify::algorithm::{AlgorithmName, Family};
use crate::verify::entry::{hmac_entry, Entry, Inner, Slot, STANDARD, URL_SAFE};
use crate::verify::key_error::{KeyError, Problem};

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

impl Key {
    /// An HMAC secret (HS256, HS384, HS512), as raw bytes, all of them (a
    /// secret kept in a file: [`hmac_file`](Self::hmac_file)).
    ///
    /// # Errors
    ///
    /// When the secret is empty.
    pub fn hmac(secret: impl AsRef<[u8]>) -> Result<Key, KeyError> {
        let entry = hmac_entry(secret.as_ref())?;
        Ok(Key(Arc::new(Inner::One(entry))))
    }

    /// An HMAC secret read from a file: one line break at its end (`\n`
    /// or `\r\n`, which editors and `echo` add) is not part of it. Any
    /// other byte is.
    ///
    /// ```
    /// use usertoken::Key;
    ///
    /// let key = Key::hmac_file(b"usertoken-sample-secret\n").unwrap();
    /// # let _ = key;
    /// ```
    ///
    /// # Errors
    ///
    /// When nothing is left.
    pub fn hmac_file(contents: impl AsRef<[u8]>) -> Result<Key, KeyError> {
        let secret = contents.as_ref();
        let secret = secret.strip_suffix(b"\n").unwrap_or(secret);
        let secret = secret.strip_suffix(b"\r").unwrap_or(secret);
        Key::hmac(secret)
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
        write!(f, " for {}", AlgorithmName(alg))?;
    }
    if let Some(kid) = &entry.kid {
        write!(f, ", kid {}", Quoted(kid))?;
    }
    Ok(())
}
