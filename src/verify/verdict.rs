//! The verdict on a signature: status, reason and what was judged, for
//! people (`Display`) and tools (serde). No token text, no key material.

use std::fmt;

use jsonwebtoken::Algorithm;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::error::{Error, Part};
use crate::find::escape::{Escaped, Quoted};
use crate::fingerprint::Fingerprint;
use crate::verify::algorithm::{AlgorithmName, Curve, Family};
use crate::verify::key_error::Purpose;

/// The verdict on one signature. Stable names (`as_str`) are API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// The signature is good for the key. Nothing else was judged.
    Valid,
    /// The signature is bad, or the token must not be trusted whatever its
    /// signature (`alg: none`, an algorithm outside the key's family, an
    /// unknown critical extension).
    Invalid,
    /// The algorithm (ES512, an unknown name) or the key chosen for the
    /// token is of a type this verifier does not handle.
    Unsupported,
    /// The key cannot check this token: a curve or JWK `alg` other than
    /// the header's, or no key of a set for the token's `kid`.
    KeyMismatch,
    /// The input is not a readable JWS, or not as it was signed: something
    /// inside it had to be altered before it could be read (whitespace,
    /// `=` padding, the standard alphabet), so the signature is not judged.
    Malformed,
}

impl Status {
    /// `valid`, `invalid`, `unsupported`, `key-mismatch` or `malformed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Unsupported => "unsupported",
            Status::KeyMismatch => "key-mismatch",
            Status::Malformed => "malformed",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Status::KeyMismatch => "key mismatch",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What a [`Reason`] is about. The kebab-case names are stable API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReasonKind {
    /// Invalid: the signature does not match the key (or no fitting key of
    /// a set).
    SignatureMismatch,
    /// Invalid: `alg` is `none`.
    AlgNone,
    /// Invalid: the header has no string `alg`.
    MissingAlg,
    /// Invalid: the signature segment is empty.
    EmptySignature,
    /// Invalid: a segment is not canonical base64url: the unused bits of
    /// its last character are set.
    NotCanonical,
    /// Malformed: something inside the token was altered before it could
    /// be read (whitespace or line breaks removed, `=` padding, `+` or `/`
    /// of the standard alphabet), so the signature is not judged: only the
    /// exact compact serialization is.
    Altered,
    /// Invalid: the header has `crit`; no extension is implemented.
    Crit,
    /// Invalid: the header's algorithm is outside the key's family (an RSA
    /// key offered as an HMAC secret: algorithm confusion).
    AlgorithmFamily,
    /// Unsupported: the header's algorithm.
    UnsupportedAlgorithm,
    /// Unsupported: the key of the set with the token's `kid`.
    UnsupportedKey,
    /// Key mismatch: the JWK's `alg` is another of the same family.
    KeyAlgorithm,
    /// Key mismatch: the EC key is on another curve.
    Curve,
    /// Key mismatch: no key of the set has the token's `kid`.
    KidNotFound,
    /// Key mismatch: no key of the set fits the header's algorithm.
    NoFittingKey,
    /// Key mismatch: jsonwebtoken refused the key for the algorithm.
    KeyRefused,
    /// Key mismatch: the key of the set for the token was skipped, as its
    /// `use` is not `sig` or its `key_ops` lacks `verify`, and no other is
    /// left.
    KeyPurpose,
    /// Malformed: the token ends after its payload (`header.payload`):
    /// the signature was cut off, so there is nothing to judge.
    SignatureMissing,
    /// Malformed: see [`Reason::error`].
    Malformed,
}

impl ReasonKind {
    /// The stable kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::SignatureMismatch => "signature-mismatch",
            ReasonKind::AlgNone => "alg-none",
            ReasonKind::MissingAlg => "missing-alg",
            ReasonKind::EmptySignature => "empty-signature",
            ReasonKind::NotCanonical => "not-canonical",
            ReasonKind::Altered => "altered",
            ReasonKind::Crit => "crit",
            ReasonKind::AlgorithmFamily => "algorithm-family",
            ReasonKind::UnsupportedAlgorithm => "unsupported-algorithm",
            ReasonKind::UnsupportedKey => "unsupported-key",
            ReasonKind::KeyAlgorithm => "key-algorithm",
            ReasonKind::Curve => "curve",
            ReasonKind::KidNotFound => "kid-not-found",
            ReasonKind::NoFittingKey => "no-fitting-key",
            ReasonKind::KeyRefused => "key-refused",
            ReasonKind::KeyPurpose => "key-purpose",
            ReasonKind::SignatureMissing => "signature-missing",
            ReasonKind::Malformed => "malformed",
        }
    }
}

impl fmt::Display for ReasonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
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
        }
    }
}

/// Why a signature is not valid: a kind and a message that names no token
/// text and no key material. `Debug` reads like `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Reason {
    kind: ReasonKind,
    detail: Detail,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Detail {
    None,
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

/// The verdict on one token's signature, with the header's `alg` and
/// `kid` and, for a key set, which key was used.
///
/// `Display` is one line: `signature valid (HS256)`, `signature invalid
/// (HS256): the signature does not match the key`. It serialises (serde) to
/// `{"fingerprint", "signature", "algorithm", "kid", "key", "reason",
/// "source"}`, in that order: `signature` is the [`Status`] name, `key` is
/// `null` or `{"index", "kid"}` of the set's key, `reason` is `null` or the
/// reason's message, `source` is `null` or where in pasted text the token
/// was found (`{"offset", "index", "of"}`).
#[derive(Clone, Debug)]
pub struct Verification {
    pub(crate) status: Status,
    pub(crate) reason: Option<Reason>,
    pub(crate) fingerprint: Option<Fingerprint>,
    pub(crate) algorithm: Option<String>,
    pub(crate) kid: Option<String>,
    /// The index and `kid` of the set's key used.
    pub(crate) key: Option<(usize, Option<String>)>,
    /// Where in pasted text the token was found.
    pub(crate) source: Option<crate::find::pasted::Source>,
}

impl Verification {
    pub(crate) fn malformed(error: Error, fingerprint: Option<Fingerprint>) -> Verification {
        Verification {
            status: Status::Malformed,
            reason: Some(Reason::new(ReasonKind::Malformed, Detail::Error(error))),
            fingerprint,
            algorithm: None,
            kid: None,
            key: None,
            source: None,
        }
    }

    /// Not judged: the token ends after its payload.
    pub(crate) fn truncated(
        header: &crate::read::header::Header,
        fingerprint: Option<Fingerprint>,
    ) -> Verification {
        Verification {
            status: Status::Malformed,
            reason: Some(Reason::new(ReasonKind::SignatureMissing, Detail::None)),
            fingerprint,
            algorithm: header.alg().map(str::to_owned),
            kid: header.kid().map(str::to_owned),
            key: None,
            source: None,
        }
    }

    /// Not judged: the token was altered inside before it could be read.
    pub(crate) fn altered(
        what: Alteration,
        part: Part,
        offset: usize,
        fingerprint: Option<Fingerprint>,
    ) -> Verification {
        Verification {
            status: Status::Malformed,
            reason: Some(Reason::new(
                ReasonKind::Altered,
                Detail::Altered { what, part, offset },
            )),
            fingerprint,
            algorithm: None,
            kid: None,
            key: None,
            source: None,
        }
    }

    pub(crate) fn judged(
        mut self,
        status: Status,
        kind: ReasonKind,
        detail: Detail,
    ) -> Verification {
        self.status = status;
        self.reason = Some(Reason::new(kind, detail));
        self
    }

    pub(crate) fn invalid(self, kind: ReasonKind, detail: Detail) -> Verification {
        self.judged(Status::Invalid, kind, detail)
    }

    /// The verdict.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Whether the signature is valid.
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }

    /// Why the signature is not valid; `None` when it is.
    pub fn reason(&self) -> Option<&Reason> {
        self.reason.as_ref()
    }

    /// The fingerprint of the (cleaned) token text, when there was any.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// The header's `alg`, when it is a string.
    pub fn algorithm(&self) -> Option<&str> {
        self.algorithm.as_deref()
    }

    /// The header's `kid`, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// For a key set: the 0-based index of the key that verified the
    /// signature, or that was judged when only one key was in question.
    pub fn key_index(&self) -> Option<usize> {
        self.key.as_ref().map(|k| k.0)
    }

    /// The `kid` of the set's key at [`key_index`](Self::key_index).
    pub fn key_id(&self) -> Option<&str> {
        self.key.as_ref()?.1.as_deref()
    }

    /// Where in pasted text the token was found
    /// ([`Verifier::verify_pasted`](crate::Verifier::verify_pasted));
    /// `None` when the input was the token.
    pub fn source(&self) -> Option<crate::find::pasted::Source> {
        self.source
    }

    pub(crate) fn found_at(mut self, source: crate::find::pasted::Source) -> Verification {
        self.source = Some(source);
        self
    }

    pub(crate) fn nothing_found(mut self) -> Verification {
        if let Some(Reason {
            detail: Detail::Error(e),
            ..
        }) = &self.reason
        {
            let e = e.clone();
            self.reason = Some(Reason::new(ReasonKind::Malformed, Detail::NotFound(e)));
        }
        self
    }
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(reason) = self
            .reason
            .as_ref()
            .filter(|r| r.kind == ReasonKind::Altered)
        {
            return write!(f, "signature not judged: {reason}");
        }
        write!(f, "signature {}", self.status.words())?;
        if let Some(alg) = &self.algorithm {
            write!(f, " ({}", Escaped(alg))?;
            if let Some(index) = self.key_index() {
                write!(f, ", key at index {index} of the set")?;
                if let Some(kid) = self.key_id() {
                    write!(f, ", kid {}", Quoted(kid))?;
                }
            }
            f.write_str(")")?;
        }
        if let Some(reason) = &self.reason {
            write!(f, ": {reason}")?;
        }
        Ok(())
    }
}

struct KeyUsed<'a>(usize, Option<&'a str>);

impl Serialize for KeyUsed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Key", 2)?;
        s.serialize_field("index", &self.0)?;
        s.serialize_field("kid", &self.1)?;
        s.end()
    }
}

impl Serialize for Verification {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Verification", 7)?;
        s.serialize_field("fingerprint", &self.fingerprint)?;
        s.serialize_field("signature", self.status.as_str())?;
        s.serialize_field("algorithm", &self.algorithm)?;
        s.serialize_field("kid", &self.kid)?;
        s.serialize_field(
            "key",
            &self
                .key
                .as_ref()
                .map(|(i, kid)| KeyUsed(*i, kid.as_deref())),
        )?;
        s.serialize_field("reason", &self.reason.as_ref().map(|r| r.to_string()))?;
        s.serialize_field("source", &self.source)?;
        s.end()
    }
}
