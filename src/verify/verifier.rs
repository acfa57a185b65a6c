//! Signature verification: one verdict per token, the signature alone
//! judged. Time is never judged here: an expired token with a good
//! signature is valid.

use std::borrow::Cow;

use jsonwebtoken::Algorithm;

use crate::decode::object::Object;
use crate::decode::segment::{self, Leniency};
use crate::error::{Error, ErrorKind, Part};
use crate::limits::DEFAULT_MAX_LEN;
use crate::read::clean::{unwrap, Cleaning};
use crate::read::header::Header;
use crate::read::token::{split, Split};
use crate::verify::algorithm::{algorithm, Curve, Family};
use crate::verify::entry::{Entry, Slot};
use crate::verify::key::Key;
use crate::verify::reason::{Alteration, Detail, ReasonKind};
use crate::verify::verdict::{Status, Verification};

/// Verifies the signature of a token against `key`.
///
/// A signature is judged only on the exact compact serialization, once
/// what was pasted around it is removed (surrounding whitespace and
/// quotes, `Bearer `, an `Authorization:` header name, `userToken: '…'`
/// and the other wrappers [`Token::parse`](crate::Token::parse) removes).
/// When anything inside the token had to be changed before it could be
/// read — whitespace or line breaks, `=` padding, `+` or `/` of the
/// standard alphabet — the verdict is [`Status::Malformed`] with a reason
/// that says what and where (part and byte offset), and the signature is
/// not judged.
///
/// Only the signature is judged: expiry, `nbf`, audience and claims are
/// not, and the payload need not be JSON. The algorithm family comes from
/// the key; `alg: none` is never valid; a `crit` header is invalid, as this
/// verifier implements no extensions; a key named by the header (`jwk`,
/// `jku`, `x5u`) is never used.
///
/// ```
/// use usertoken::{verify, Key, Status};
///
/// let token = concat!(
///     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
///     "eyJjbGllbnRfaWQiOiIwZDliNWJmMy05N2ZhLTQ3NTctYTEzNi1iMmEwM2QxNzE0MTQiLCJleHAiOjE2",
///     "NTI0ODE0ODUsImlhdCI6MTY0OTg4OTQ4NSwiaXNzIjoiYXJneWxlLWNvcmUtYXV0aC1wcm9kIiwianRp",
///     "IjoiMDAwOTdhMjYtMmYyYS00YWEwLThlY2EtOTVlYmU1NmQ1N2E4Iiwic3ViIjoiMDE3Zjg5NzgtYmJm",
///     "ZC1mZjY0LTE4Y2UtZDU5Zjk5YmY1MWMyIiwidXNlcl9pZCI6IjAxN2Y4OTc4LWJiZmQtZmY2NC0xOGNl",
///     "LWQ1OWY5OWJmNTFjMiJ9.",
///     "Z2U2UZ2SvGsF5f42cd9tHSMzqDyDylpbD7Hl4-WLTSE",
/// );
/// let key = Key::hmac(b"usertoken-sample-secret").unwrap();
///
/// let verification = verify(token, &key);
/// assert_eq!(verification.status(), Status::Valid); // expired in 2022, still valid
/// assert_eq!(verification.to_string(), "signature valid (HS256)");
///
/// let wrong = Key::hmac(b"another secret").unwrap();
/// assert_eq!(
///     verify(token, &wrong).to_string(),
///     "signature invalid (HS256): the signature does not match the key",
/// );
/// ```
#[must_use]
pub fn verify(token: impl AsRef<[u8]>, key: &Key) -> Verification {
    verify_bytes(token.as_ref(), key, DEFAULT_MAX_LEN)
}

/// Verifies tokens against one key with an input size limit, as a small
/// by-value builder; [`verify`] with the default 64 KiB limit.
#[derive(Clone, Debug)]
pub struct Verifier {
    key: Key,
    max_len: usize,
}

impl Verifier {
    /// A verifier for `key` with the default 64 KiB input limit.
    pub fn new(key: Key) -> Self {
        Verifier {
            key,
            max_len: DEFAULT_MAX_LEN,
        }
    }

    /// Inputs longer than `bytes` are malformed, refused before any decoding.
    #[must_use]
    pub fn max_len(mut self, bytes: usize) -> Self {
        self.max_len = bytes;
        self
    }

    /// The input size limit in bytes, as [`max_len`](Self::max_len) sets it.
    pub fn get_max_len(&self) -> usize {
        self.max_len
    }

    /// The key in use.
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// Verifies one input: see [`verify`].
    #[must_use]
    pub fn verify(&self, input: impl AsRef<[u8]>) -> Verification {
        verify_bytes(input.as_ref(), &self.key, self.max_len)
    }

    /// The verdict for an input of `len` bytes that the caller did not keep
    /// because it is over [`get_max_len`](Self::get_max_len): malformed.
    pub fn oversized(&self, len: usize) -> Verification {
        Verification::malformed(Error::too_large(len, self.max_len), None)
    }
}

/// Verifies one input that nothing has read yet.
pub(crate) fn verify_bytes(input: &[u8], key: &Key, max_len: usize) -> Verification {
    verify_split(&split(input, max_len), None, input, key)
}

/// The one verification path behind every entry point: `split` is `input`
/// cleaned and cut at its dots, `header` its header when a reader already
/// decoded it.
pub(crate) fn verify_split(
    split: &Result<Split<'_>, Error>,
    header: Option<&Header>,
    input: &[u8],
    key: &Key,
) -> Verification {
    let split = match split {
        Ok(split) => split,
        Err(e) => return Verification::malformed(e.clone(), None),
    };
    let fingerprint = split.fingerprint;
    match split.count {
        0 => return Verification::malformed(Error::new(ErrorKind::Empty, Part::Token), None),
        2 => {
            // Cut off after the payload: readable, never verifiable.
            return match read_segments(split, header) {
                Err(e) => Verification::malformed(e, fingerprint),
                Ok((header, _)) => Verification::truncated(&header, fingerprint),
            };
        }
        3 => {}
        5 => {
            let e = Error::new(ErrorKind::Encrypted, Part::Token);
            return Verification::malformed(e, fingerprint);
        }
        count => return Verification::malformed(Error::segment_count(count), fingerprint),
    }
    let (header_text, payload_text) = (split.segment(0), split.segment(1));
    let (message, signature_text) = (split.signing_input(), split.segment(2));
    let cleanings = &split.cleanings;

    let (header, lenient) = match read_segments(split, header) {
        Ok(read) => read,
        Err(e) => return Verification::malformed(e, fingerprint),
    };
    if cleanings.contains(&Cleaning::InnerWhitespace) {
        let (what, part, offset) = inner_whitespace(unwrap(input, &mut Vec::new()));
        return Verification::altered(what, part, offset, fingerprint);
    }
    if cleanings.contains(&Cleaning::EncodedDots) {
        let (part, offset) = encoded_dot(unwrap(input, &mut Vec::new()));
        return Verification::altered(Alteration::EncodedDot, part, offset, fingerprint);
    }
    for (seg, (leniency, part)) in [header_text, payload_text, signature_text]
        .into_iter()
        .zip(lenient)
    {
        let found = if leniency.standard_alphabet {
            seg.iter().position(|&b| b == b'+' || b == b'/')
        } else if leniency.padding {
            seg.iter().position(|&b| b == b'=')
        } else {
            None
        };
        if let Some(offset) = found {
            let what = match seg[offset] {
                b'=' => Alteration::Padding,
                c => Alteration::StandardAlphabet(c),
            };
            return Verification::altered(what, part, offset, fingerprint);
        }
    }
    let v = Verification {
        status: Status::Valid,
        reason: None,
        fingerprint,
        algorithm: header.alg().map(str::to_owned),
        kid: header.kid().map(str::to_owned),
        key: None,
        source: None,
    };

    let Some(name) = header.alg() else {
        return v.invalid(ReasonKind::MissingAlg, Detail::None);
    };
    if header.is_alg_none() {
        return v.invalid(ReasonKind::AlgNone, Detail::None);
    }
    if let Some(crit) = header.get("crit") {
        let names: Option<Vec<String>> = serde_json::from_str(crit.get()).ok();
        let detail = match names {
            Some(names) if !names.is_empty() && names.iter().all(|n| !n.is_empty()) => Detail::None,
            _ => Detail::BadCrit,
        };
        return v.invalid(ReasonKind::Crit, detail);
    }
    let Some(alg) = algorithm(name) else {
        return v.judged(
            Status::Unsupported,
            ReasonKind::UnsupportedAlgorithm,
            Detail::None,
        );
    };
    for (seg, (leniency, part)) in [header_text, payload_text, signature_text]
        .into_iter()
        .zip(lenient)
    {
        if leniency.non_canonical {
            let offset = seg.len().saturating_sub(1);
            return v.invalid(ReasonKind::NotCanonical, Detail::At { part, offset });
        }
    }
    if signature_text.is_empty() {
        return v.invalid(ReasonKind::EmptySignature, Detail::None);
    }
    // Checked above: base64url characters only.
    let signature = std::str::from_utf8(signature_text).unwrap_or_default();
    let token = Signed {
        alg,
        message,
        signature,
    };
    match key.one() {
        Some(entry) => judge_one(v, entry, &token),
        None => judge_set(v, key.slots(), header.kid(), &token),
    }
}

/// The first whitespace inside an unwrapped token: what, in which part, at
/// which offset of that part's text.
fn inner_whitespace(text: &[u8]) -> (Alteration, Part, usize) {
    let at = text
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or_default();
    let (part, offset) = part_at(text, at);
    let what = match text.get(at) {
        Some(b'\n' | b'\r') => Alteration::LineBreak,
        _ => Alteration::Whitespace,
    };
    (what, part, offset)
}

/// Where the first encoded dot stands: at the end of which part, and at
/// which byte of it.
fn encoded_dot(text: &[u8]) -> (Part, usize) {
    let encoded: [&[u8]; 4] = [b"%2E", b"%2e", b"\\u002e", b"\\u002E"];
    let at = (0..text.len())
        .find(|&i| encoded.iter().any(|dot| text[i..].starts_with(dot)))
        .unwrap_or_default();
    part_at(text, at)
}

/// The part that byte `at` of a token's text falls in, by the dots before
/// it, and the offset in that part.
fn part_at(text: &[u8], at: usize) -> (Part, usize) {
    let before = &text[..at];
    let start = memchr::memrchr(b'.', before).map_or(0, |dot| dot + 1);
    let part = match memchr::memchr_iter(b'.', before).count() {
        0 => Part::Header,
        1 => Part::Payload,
        _ => Part::Signature,
    };
    (part, at - start)
}

/// What reading each segment had to tolerate, segment by segment.
type Tolerated = [(Leniency, Part); 3];

/// The header (decoded here unless a reader already did), and what
/// reading each segment had to tolerate; a token cut off after its payload
/// has an empty signature.
fn read_segments<'h>(
    split: &Split<'_>,
    header: Option<&'h Header>,
) -> Result<(Cow<'h, Header>, Tolerated), Error> {
    let signature: &[u8] = if split.count > 2 {
        split.segment(2)
    } else {
        b""
    };
    let (header_text, payload) = (split.segment(0), split.segment(1));
    let (header, h) = match header {
        Some(header) => (
            Cow::Borrowed(header),
            segment::check(header_text, Part::Header)?.1,
        ),
        None => {
            let mut buf = Vec::with_capacity(header_text.len() * 3 / 4 + 3);
            let h = segment::decode(header_text, Part::Header, &mut buf)?;
            (
                Cow::Owned(Header::new(Object::parse(buf, Part::Header)?)),
                h,
            )
        }
    };
    let (_, p) = segment::check(payload, Part::Payload)?;
    let (_, s) = segment::check(signature, Part::Signature)?;
    Ok((
        header,
        [(h, Part::Header), (p, Part::Payload), (s, Part::Signature)],
    ))
}

/// What is checked: the algorithm, the signing input and the signature.
struct Signed<'a> {
    alg: Algorithm,
    message: &'a [u8],
    signature: &'a str,
}

impl Signed<'_> {
    fn check(&self, entry: &Entry) -> Result<bool, ()> {
        jsonwebtoken::crypto::verify(self.signature, self.message, &entry.decoding, self.alg)
            .map_err(|_| ())
    }
}

/// Whether a key fits an algorithm, and if not, the verdict.
fn fit(entry: &Entry, alg: Algorithm) -> Result<(), (Status, ReasonKind, Detail)> {
    if Family::of(alg) != entry.family {
        return Err((
            Status::Invalid,
            ReasonKind::AlgorithmFamily,
            Detail::Family {
                alg,
                key: entry.family,
                set: false,
            },
        ));
    }
    if let Some(key) = entry.alg.filter(|&k| k != alg) {
        return Err((
            Status::KeyMismatch,
            ReasonKind::KeyAlgorithm,
            Detail::KeyAlg { alg, key },
        ));
    }
    if let Some(curve) = entry.curve.filter(|&c| Curve::of(alg) != Some(c)) {
        return Err((
            Status::KeyMismatch,
            ReasonKind::Curve,
            Detail::Curve { alg, curve },
        ));
    }
    Ok(())
}

fn judge_one(v: Verification, entry: &Entry, token: &Signed<'_>) -> Verification {
    if let Err((status, kind, detail)) = fit(entry, token.alg) {
        return v.judged(status, kind, detail);
    }
    match token.check(entry) {
        Ok(true) => v,
        Ok(false) if entry.ends_in_break => {
            v.invalid(ReasonKind::SignatureMismatch, Detail::SecretEndsInBreak)
        }
        Ok(false) => v.invalid(ReasonKind::SignatureMismatch, Detail::None),
        Err(()) => v.judged(
            Status::KeyMismatch,
            ReasonKind::KeyRefused,
            Detail::Alg(token.alg),
        ),
    }
}

fn judge_set(
    mut v: Verification,
    slots: &[Slot],
    kid: Option<&str>,
    token: &Signed<'_>,
) -> Verification {
    let alg = token.alg;
    let named = |i: &usize| kid.is_none() || slots[*i].kid() == kid;
    let in_question: Vec<usize> = (0..slots.len()).filter(named).collect();
    if in_question.is_empty() {
        return v.judged(Status::KeyMismatch, ReasonKind::KidNotFound, Detail::None);
    }
    let mut tried = 0;
    let mut first_misfit = None;
    for &i in &in_question {
        let Slot::Usable(entry) = &slots[i] else {
            continue;
        };
        if let Err(misfit) = fit(entry, alg) {
            first_misfit.get_or_insert((i, misfit));
            continue;
        }
        tried += 1;
        if token.check(entry) == Ok(true) {
            v.key = Some((i, entry.kid.clone()));
            return v;
        }
        if kid.is_some() {
            v.key = Some((i, entry.kid.clone()));
        }
    }
    if tried > 0 {
        let detail = if kid.is_some() {
            Detail::None
        } else {
            Detail::Tried(tried)
        };
        return v.invalid(ReasonKind::SignatureMismatch, detail);
    }
    let family = Family::of(alg);
    // The first key in question skipped for its `use` or `key_ops` whose
    // `kty` could have fitted.
    let skipped = in_question.iter().find_map(|&i| match &slots[i] {
        Slot::Unusable {
            skipped: Some((purpose, of)),
            ..
        } if kid.is_some() || of.is_none_or(|f| f == family) => Some((i, *purpose)),
        _ => None,
    });
    match (kid, first_misfit, skipped) {
        (Some(_), Some((i, (status, kind, detail))), _) => {
            if let Slot::Usable(entry) = &slots[i] {
                v.key = Some((i, entry.kid.clone()));
            }
            v.judged(status, kind, detail)
        }
        (Some(_), None, Some((i, purpose))) => {
            v.key = Some((i, slots[i].kid().map(str::to_owned)));
            v.judged(
                Status::KeyMismatch,
                ReasonKind::KeyPurpose,
                Detail::Skipped {
                    index: None,
                    purpose,
                },
            )
        }
        (Some(_), None, None) => v.judged(
            Status::Unsupported,
            ReasonKind::UnsupportedKey,
            Detail::None,
        ),
        (None, _, skipped) => {
            let has_family = slots
                .iter()
                .any(|s| matches!(s, Slot::Usable(e) if e.family == family));
            if has_family {
                v.judged(
                    Status::KeyMismatch,
                    ReasonKind::NoFittingKey,
                    Detail::Alg(alg),
                )
            } else if let Some((i, purpose)) = skipped {
                v.judged(
                    Status::KeyMismatch,
                    ReasonKind::KeyPurpose,
                    Detail::Skipped {
                        index: Some(i),
                        purpose,
                    },
                )
            } else {
                v.invalid(
                    ReasonKind::AlgorithmFamily,
                    Detail::Family {
                        alg,
                        key: family,
                        set: true,
                    },
                )
            }
        }
    }
}
