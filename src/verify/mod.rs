//! Signatures: keys (secrets, PEM, JWK, JWKS), verdicts and the `Verifier`.

pub(crate) mod algorithm;
pub(crate) mod entry;
pub(crate) mod jwk;
pub(crate) mod key;
pub(crate) mod key_error;
pub(crate) mod pasted;
pub(crate) mod pem;
pub(crate) mod reason;
pub(crate) mod verdict;
pub(crate) mod verifier;
