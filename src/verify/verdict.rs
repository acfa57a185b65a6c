//! The verdict on a signature: status, reason and what was judged, for
//! people (`Display`) and tools (serde). No token text, no key material.

use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::error::{Error, Part};
use crate::find::escape::{Escaped, Quoted};
use crate::fingerprint::Fingerprint;
use crate::names::names;
use crate::verify::reason::{Alteration, Detail, Reason, ReasonKind};

names! {
    /// The verdict on one signature. Stable names (`as_str`) are API.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum Status {
        /// The signature is good for the key. Nothing else was judged.
        Valid => "valid",
        /// The signature is bad, or the token must not be trusted whatever its
        /// signature (`alg: none`, an algorithm outside the key's family, an
        /// unknown critical extension).
        Invalid => "invalid",
        /// The algorithm (ES512, an unknown name) or the key chosen for the
        /// token is of a type this verifier does not handle.
        Unsupported => "unsupported",
        /// The key cannot check this token: a curve or JWK `alg` other than
        /// the header's, or no key of a set for the token's `kid`.
        KeyMismatch => "key-mismatch",
        /// The input is not a readable JWS, or not as it was signed: something
        /// inside it had to be altered before it could be read (whitespace,
        /// `=` padding, the standard alphabet), so the signature is not judged.
        Malformed => "malformed",
    }
}

impl Status {
    fn words(self) -> &'static str {
        match self {
            Status::KeyMismatch => "key mismatch",
            other => other.as_str(),
        }
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

    /// The verdict of a token found in pasted text at `source`. A token
    /// with text glued to its end was not pasted as its exact
    /// serialization: its signature is not judged (`malformed`, altered).
    pub(crate) fn found_at(mut self, source: crate::find::pasted::Source) -> Verification {
        if let Some((part, offset)) = source.glued() {
            if self.status != Status::Malformed {
                self = Verification::altered(Alteration::Glued, part, offset, self.fingerprint);
            }
        }
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
            .filter(|r| r.kind() == ReasonKind::Altered)
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
