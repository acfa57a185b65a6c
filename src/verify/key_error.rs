//! Why a key could not be read.

use crate::names::names;
use std::fmt;

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

names! {
    /// What kind of problem made a key unusable. The stable names (`as_str`)
    /// are API.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum KeyErrorKind {
        /// The secret is empty.
        EmptySecret => "empty-secret",
        /// A secret given as base64 is not base64.
        SecretBase64 => "secret-base64",
        /// Neither PEM nor JSON: not a key at all.
        NotAKey => "not-a-key",
        /// A PEM block that is cut off, not base64, or holds no public key.
        Pem => "pem",
        /// A PEM private key where a public key or certificate belongs.
        PrivateKey => "private-key",
        /// A key whose structure or numbers are not valid (DER, a point off
        /// its curve, a modulus of the wrong size).
        Invalid => "invalid",
        /// A key type, curve or algorithm this crate does not verify.
        Unsupported => "unsupported",
        /// A JWK that is not valid JSON, or lacks or mistypes a member.
        Jwk => "jwk",
        /// A JWK whose `alg` does not fit its `kty` or `crv`.
        AlgorithmMismatch => "algorithm-mismatch",
        /// A JWK for encryption, or whose `key_ops` lacks `verify`.
        NotForSignatures => "not-for-signatures",
        /// A JWK set with no keys.
        EmptySet => "empty-set",
    }
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

    /// What kind of problem it is.
    pub fn kind(&self) -> KeyErrorKind {
        match self.problem {
            Problem::EmptySecret => KeyErrorKind::EmptySecret,
            Problem::SecretBase64(_) | Problem::SecretBase64Length => KeyErrorKind::SecretBase64,
            Problem::NotAKey => KeyErrorKind::NotAKey,
            Problem::PemEnd | Problem::PemBase64 | Problem::PemLabel => KeyErrorKind::Pem,
            Problem::PrivateKey => KeyErrorKind::PrivateKey,
            Problem::Der | Problem::Invalid(_) => KeyErrorKind::Invalid,
            Problem::Unsupported(_) => KeyErrorKind::Unsupported,
            Problem::Json { .. } | Problem::JsonShape | Problem::Member(_) => KeyErrorKind::Jwk,
            Problem::AlgKtyMismatch => KeyErrorKind::AlgorithmMismatch,
            Problem::Purpose(_) => KeyErrorKind::NotForSignatures,
            Problem::EmptySet => KeyErrorKind::EmptySet,
        }
    }

    /// The 0-based index of the key in a set that the problem is about,
    /// when every key of a set was refused (the first one's problem).
    pub fn index(&self) -> Option<usize> {
        self.index
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
