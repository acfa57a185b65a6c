//! Signatures: keys (secrets, PEM, JWK, JWKS), verdicts and the `Verifier`.

pub(crate) mod jwk;
pub(crate) mod key;
pub(crate) mod pasted;
pub(crate) mod pem;
pub(crate) mod verdict;
pub(crate) mod verifier;
