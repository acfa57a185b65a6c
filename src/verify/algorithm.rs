//! Algorithms as jsonwebtoken names them, grouped into the families and
//! curves a key belongs to.

use std::fmt;

use jsonwebtoken::Algorithm;

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

    pub(crate) fn alg(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
        }
    }
}

/// The algorithm a JOSE `alg` names, when jsonwebtoken verifies it. Names
/// are case-sensitive, as jsonwebtoken reads them.
pub(crate) fn algorithm(name: &str) -> Option<Algorithm> {
    name.parse().ok()
}

/// Displays the JOSE name of an algorithm: jsonwebtoken names its variants
/// as JOSE does, so their `Debug` is the name.
#[derive(Clone, Copy)]
pub(crate) struct AlgorithmName(pub Algorithm);

impl fmt::Display for AlgorithmName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
