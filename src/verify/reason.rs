//! Why a signature was not found valid: the reason's kind (stable names)
//! and its message, which names the part and the position, never token
//! text.

use std::fmt;

use jsonwebtoken::Algorithm;

use crate::error::{Error, Part};

use crate::names::names;
use crate::verify::algorithm::{AlgorithmName, Curve, Family};
use crate::verify::key_error::Purpose;

names! {
    /// What a [`Reason`] is about. The kebab-case names are stable API.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum ReasonKind {
        /// Invalid: the signature does not match the key (or no fitting key of
        /// a set).
        SignatureMismatch => "signature-mismatch",
        /// Invalid: `alg` is `none`.
        AlgNone => "alg-none",
        /// Invalid: the header has no string `alg`.
        MissingAlg => "missing-alg",
        /// Invalid: the signature segment is empty.
        EmptySignature => "empty-signature",
        /// Invalid: a segment is not canonical base64url: the unused bits of
        /// its last character are set.
        NotCanonical => "not-canonical",
        /// Malformed: something inside the token was altered before it could
        /// be read (whitespace or line breaks removed, `=` padding, `+` or `/`
        /// of the standard alphabet), so the signature is not judged: only the
        /// exact compact serialization is.
        Altered => "altered",
        /// Invalid: the header has `crit`; no extension is implemented.
        Crit => "crit",
        /// Invalid: the header's algorithm is outside the key's family (an RSA
        /// key offered as an HMAC secret: algorithm confusion).
        AlgorithmFamily => "algorithm-family",
        /// Unsupported: the header's algorithm.
        UnsupportedAlgorithm => "unsupported-algorithm",
        /// Unsupported: the key of the set with the token's `kid`.
        UnsupportedKey => "unsupported-key",
        /// Key mismatch: the JWK's `alg` is another of the same family.
        KeyAlgorithm => "key-algorithm",
        /// Key mismatch: the EC key is on another curve.
        Curve => "curve",
        /// Key mismatch: no key of the set has the token's `kid`.
        KidNotFound => "kid-not-found",
        /// Key mismatch: no key of the set fits the header's algorithm.
        NoFittingKey => "no-fitting-key",
        /// Key mismatch: jsonwebtoken refused the key for the algorithm.
        KeyRefused => "key-refused",
        /// Key mismatch: the key of the set for the token was skipped, as its
        /// `use` is not `sig` or its `key_ops` lacks `verify`, and no other is
        /// left.
        KeyPurpose => "key-purpose",
        /// Malformed: the token ends after its payload (`header.payload`):
        /// the signature was cut off, so there is nothing to judge.
        SignatureMissing => "signature-missing",
        /// Malformed: see [`Reason::error`].
        Malformed => "malformed",
    }
}

/// What was changed inside a token before it could be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alteration {
    Whitespace,
    LineBreak,
    Padding,
    /// `+` or `/`.
    StandardAlphabet(u8),
    /// A dot written `%2E` or `\u002e`.
    EncodedDot,
    /// Text glued to the token's end in what was pasted.
    Glued,
}

impl fmt::Display for Alteration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Alteration::Whitespace => f.write_str("whitespace"),
            Alteration::LineBreak => f.write_str("a line break"),
            Alteration::Padding => f.write_str("'=' padding"),
            Alteration::StandardAlphabet(c) => {
                write!(f, "'{}' of the standard base64 alphabet", char::from(*c))
            }
            Alteration::EncodedDot => f.write_str("an encoded dot"),
            Alteration::Glued => f.write_str("text glued to its end"),
        }
    }
}

/// Why a signature is not valid: a kind and a message that names no token
/// text and no key material. `Debug` reads like `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Reason {
    kind: ReasonKind,
    pub(crate) detail: Detail,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Detail {
    None,
    /// The HMAC secret ends in a line break.
    SecretEndsInBreak,
    /// How many fitting keys of a set were tried.
    Tried(usize),
    /// Where in a part: a 0-based byte offset.
    At {
        part: Part,
        offset: usize,
    },
    Altered {
        what: Alteration,
        part: Part,
        offset: usize,
    },
    BadCrit,
    Family {
        alg: Algorithm,
        key: Family,
        set: bool,
    },
    KeyAlg {
        alg: Algorithm,
        key: Algorithm,
    },
    Curve {
        alg: Algorithm,
        curve: Curve,
    },
    Alg(Algorithm),
    /// A key of a set skipped for its purpose: the one named by `kid`
    /// (`None`), or the first at this index.
    Skipped {
        index: Option<usize>,
        purpose: Purpose,
    },
    Error(Error),
    /// Malformed, and no token was found in the input as pasted text.
    NotFound(Error),
}

impl Reason {
    pub(crate) fn new(kind: ReasonKind, detail: Detail) -> Reason {
        Reason { kind, detail }
    }

    /// What the reason is about.
    pub fn kind(&self) -> ReasonKind {
        self.kind
    }

    /// Why the input is not readable, when it is malformed.
    pub fn error(&self) -> Option<&Error> {
        match &self.detail {
            Detail::Error(e) | Detail::NotFound(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, &self.detail) {
            (_, Detail::Error(e)) => write!(f, "{e}"),
            (_, Detail::NotFound(e)) => write!(f, "{e}; {}", crate::find::pasted::NO_TOKEN_FOUND),
            (ReasonKind::SignatureMismatch, Detail::Tried(1)) => {
                f.write_str("the signature does not match the one fitting key of the set")
            }
            (ReasonKind::SignatureMismatch, Detail::Tried(n)) => write!(
                f,
                "the signature matches none of the {n} fitting keys of the set"
            ),
            (ReasonKind::SignatureMismatch, Detail::SecretEndsInBreak) => f.write_str(
                "the signature does not match the key, whose secret ends in a line break \
                 (read from a file, the break is likely not part of it: see Key::hmac_file)",
            ),
            (ReasonKind::SignatureMismatch, _) => {
                f.write_str("the signature does not match the key")
            }
            (ReasonKind::AlgNone, _) => {
                f.write_str("alg is none: an unsecured token is never valid")
            }
            (ReasonKind::MissingAlg, _) => f.write_str("the header has no string alg"),
            (ReasonKind::EmptySignature, _) => f.write_str("the signature is empty"),
            (ReasonKind::SignatureMissing, _) => {
                f.write_str(crate::read::token::SIGNATURE_MISSING)
            }
            (ReasonKind::NotCanonical, Detail::At { part, offset }) => write!(
                f,
                "the {part} is not canonical base64url: the unused bits of its last character, at byte {offset}, are set"
            ),
            (ReasonKind::Altered, Detail::Altered { what, part, offset }) => write!(
                f,
                "the token was altered ({what} at byte {offset} of the {part})"
            ),
            (ReasonKind::Crit, Detail::BadCrit) => {
                f.write_str("the header's crit is not a non-empty list of extension names")
            }
            (ReasonKind::Crit, _) => f.write_str(
                "the header's crit names extensions this verifier does not implement",
            ),
            (ReasonKind::AlgorithmFamily, Detail::Family { alg, key, set }) => write!(
                f,
                "the header names {} but the key{} {} {}",
                AlgorithmName(*alg),
                if *set { " set" } else { "" },
                if *set { "holds no" } else { "is" },
                if *set { family_plural(*key) } else { key.noun() },
            ),
            (ReasonKind::UnsupportedAlgorithm, _) => {
                f.write_str("the header's algorithm is not supported")
            }
            (ReasonKind::UnsupportedKey, _) => f.write_str(
                "the key of the set with the token's kid is of a type that cannot verify signatures here",
            ),
            (ReasonKind::KeyAlgorithm, Detail::KeyAlg { alg, key }) => write!(
                f,
                "the header names {} but the key is for {}",
                AlgorithmName(*alg),
                AlgorithmName(*key)
            ),
            (ReasonKind::Curve, Detail::Curve { alg, curve }) => write!(
                f,
                "the header names {} but the key is on {}",
                AlgorithmName(*alg),
                curve.as_str()
            ),
            (ReasonKind::KidNotFound, _) => f.write_str("no key of the set has the token's kid"),
            (ReasonKind::NoFittingKey, Detail::Alg(alg)) => {
                write!(f, "no key of the set fits {}", AlgorithmName(*alg))
            }
            (ReasonKind::KeyPurpose, Detail::Skipped { index, purpose }) => match index {
                None => write!(
                    f,
                    "the key of the set with the token's kid is skipped, as {}",
                    purpose.why()
                ),
                Some(i) => write!(
                    f,
                    "no usable key is left in the set: the one at index {i} is skipped, as {}",
                    purpose.why()
                ),
            },
            (ReasonKind::KeyRefused, Detail::Alg(alg)) => {
                write!(f, "the key cannot be used for {}", AlgorithmName(*alg))
            }
            (kind, _) => f.write_str(kind.as_str()),
        }
    }
}

fn family_plural(family: Family) -> &'static str {
    match family {
        Family::Hmac => "HMAC secrets",
        Family::Rsa => "RSA keys",
        Family::Ec => "EC keys",
        Family::Ed => "Ed25519 keys",
    }
}

impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reason({self})")
    }
}
