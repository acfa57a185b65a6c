use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::decode::object::Object;
use crate::decode::segment::{self, Leniency};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{Error, ErrorKind, Part};
use crate::fingerprint::Fingerprint;
use crate::limits::DEFAULT_MAX_LEN;
use crate::read::claims::Claims;
use crate::read::clean::{clean, Cleaning};
use crate::read::header::Header;

/// The message of `signature-missing`, which inspection and verification
/// both give.
pub(crate) const SIGNATURE_MISSING: &str =
    "the token ends after its payload: the signature was cut off";

/// A readable user token: header and claims decoded, signature measured but
/// never kept.
///
/// Reading a token never judges time and needs no key. Its `Debug` shows the
/// header and claims, never the signature.
#[derive(Clone)]
pub struct Token {
    header: Header,
    claims: Claims,
    signature_len: usize,
    signature: SignatureState,
    notes: Vec<Diagnostic>,
}

/// What became of a token's signature segment on its way to the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignatureState {
    /// Three segments, the last one base64url of a possible length
    /// (empty included).
    Present,
    /// Two segments: the token ends after its payload.
    Missing,
    /// The signature segment's length is one no base64 encoding produces
    /// (4n+1 characters): it was cut or altered. Header and claims still
    /// read; the signature cannot be checked.
    Damaged,
}

impl Token {
    /// Reads a token from pasted text: surrounding whitespace and quotes, a
    /// `Bearer ` prefix, an `Authorization:` header name, a key such as
    /// `userToken:` or `"user_token":`, `=` padding and the standard base64
    /// alphabet are tolerated (and listed by [`notes`](Self::notes)).
    ///
    /// A token cut off after its payload (`header.payload`) reads, as its
    /// header and claims are intact: [`is_truncated`](Self::is_truncated)
    /// says so, and [`inspect`](crate::inspect()) reports it as
    /// `signature-missing`. So does one whose signature segment has a
    /// length no base64 encoding produces
    /// ([`signature_damaged`](Self::signature_damaged)). Neither can ever
    /// verify: [`verify`](crate::verify()) stays strict.
    ///
    /// # Errors
    ///
    /// When the input is not a JWS whose header and payload are base64url
    /// JSON objects (a single segment, or four, is not): see
    /// [`ErrorKind`]. An encrypted token (JWE) is an
    /// [`ErrorKind::Encrypted`] error.
    pub fn parse(input: &str) -> Result<Token, Error> {
        Token::parse_bytes(input.as_bytes())
    }

    /// [`parse`](Self::parse) for bytes that may not be UTF-8.
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse).
    pub fn parse_bytes(input: &[u8]) -> Result<Token, Error> {
        read(input, DEFAULT_MAX_LEN, None).outcome
    }

    /// The decoded header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The decoded claims.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// Whether the token carries a signature (`alg` other than `none` and a
    /// non-empty third segment that base64 can decode).
    pub fn is_signed(&self) -> bool {
        self.signature_len > 0
            && !self.header.is_alg_none()
            && self.signature == SignatureState::Present
    }

    /// The signature's length in decoded bytes (0 when empty, missing or
    /// damaged).
    pub fn signature_len(&self) -> usize {
        self.signature_len
    }

    /// Whether the token ends after its payload (`header.payload`, no
    /// second dot): cut off, its signature lost.
    pub fn is_truncated(&self) -> bool {
        self.signature == SignatureState::Missing
    }

    /// Whether the signature segment has a length no base64 encoding
    /// produces (4n+1 characters): cut short or altered, so that it can
    /// never verify.
    pub fn signature_damaged(&self) -> bool {
        self.signature == SignatureState::Damaged
    }

    pub(crate) fn signature_state(&self) -> SignatureState {
        self.signature
    }

    /// What reading the token had to tolerate or noticed on the way:
    /// `input-cleaned`, `non-canonical-base64` and `duplicate-name`.
    pub fn notes(&self) -> &[Diagnostic] {
        &self.notes
    }
}

impl FromStr for Token {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Token::parse(s)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("header", &self.header)
            .field("claims", &self.claims)
            .field("signature_len", &self.signature_len)
            .finish()
    }
}

/// Everything reading an input produced, including the header of a token
/// whose payload could not be read.
pub(crate) struct Reading {
    pub fingerprint: Option<Fingerprint>,
    pub header: Option<Header>,
    pub notes: Vec<Diagnostic>,
    pub outcome: Result<Token, Error>,
}

/// An input cleaned and cut at its dots: where reading and verifying both
/// start, so that an inspector with a key cleans, hashes and splits each
/// input once.
pub(crate) struct Split<'a> {
    /// The input with what was pasted around and inside it removed.
    pub text: Cow<'a, [u8]>,
    /// What cleaning did.
    pub cleanings: Vec<Cleaning>,
    /// Of the cleaned text; `None` when nothing was left.
    pub fingerprint: Option<Fingerprint>,
    /// Where each of the first six segments starts.
    starts: [usize; 6],
    /// How many segments: one more than the dots; 0 when empty.
    pub count: usize,
}

impl Split<'_> {
    /// The `i`th segment, for `i` below 6 and `count`.
    pub fn segment(&self, i: usize) -> &[u8] {
        let end = if i + 1 < self.count {
            self.starts[i + 1] - 1
        } else {
            self.text.len()
        };
        &self.text[self.starts[i]..end]
    }

    /// The first two segments and the dot between them: what the
    /// signature, the third segment, signs.
    #[cfg(feature = "verify")]
    pub fn signing_input(&self) -> &[u8] {
        debug_assert!(self.count >= 3, "only a token with a signature is signed");
        &self.text[..self.starts[2] - 1]
    }
}

/// Cleans `input` and cuts it at its dots; an input over `max_len` is
/// refused before anything is read.
pub(crate) fn split(input: &[u8], max_len: usize) -> Result<Split<'_>, Error> {
    if input.len() > max_len {
        return Err(Error::too_large(input.len(), max_len));
    }
    let mut cleanings = Vec::new();
    let text = clean(input, &mut cleanings);
    let mut split = Split {
        fingerprint: None,
        starts: [0; 6],
        count: 0,
        cleanings,
        text,
    };
    if split.text.is_empty() {
        return Ok(split);
    }
    split.fingerprint = Some(Fingerprint::of(&split.text));
    split.count = 1;
    for dot in memchr::memchr_iter(b'.', &split.text) {
        if split.count < 6 {
            split.starts[split.count] = dot + 1;
        }
        split.count += 1;
    }
    Ok(split)
}

/// Reads `input`, with the last header remembered in `headers` when given.
pub(crate) fn read(input: &[u8], max_len: usize, headers: Option<&mut HeaderCache>) -> Reading {
    read_split(&split(input, max_len), headers)
}

/// Reads an input already split (see [`split`]).
pub(crate) fn read_split(
    split: &Result<Split<'_>, Error>,
    headers: Option<&mut HeaderCache>,
) -> Reading {
    let mut reading = Reading {
        fingerprint: None,
        header: None,
        notes: Vec::new(),
        outcome: Err(Error::new(ErrorKind::Empty, Part::Token)),
    };
    let split = match split {
        Ok(split) => split,
        Err(e) => {
            reading.outcome = Err(e.clone());
            return reading;
        }
    };
    for c in &split.cleanings {
        reading.notes.push(Diagnostic::new(
            Severity::Info,
            Code::InputCleaned,
            c.message(),
        ));
    }
    if split.text.is_empty() {
        return reading;
    }
    reading.fingerprint = split.fingerprint;
    let count = split.count;
    if !matches!(count, 2 | 3 | 5) {
        reading.outcome = Err(Error::segment_count(count));
        return reading;
    }
    let seg = |i: usize| split.segment(i);

    let header = match read_header(seg(0), &mut reading.notes, headers) {
        Ok(header) => header,
        Err(e) => {
            reading.outcome = Err(e);
            return reading;
        }
    };
    if count == 5 {
        reading.header = Some(header);
        reading.outcome = Err(Error::new(ErrorKind::Encrypted, Part::Token));
        return reading;
    }
    let claims = match decode_object(seg(1), Part::Payload, &mut reading.notes) {
        Ok(object) => Claims::new(object),
        Err(e) => {
            reading.header = Some(header);
            reading.outcome = Err(e);
            return reading;
        }
    };
    // Header and claims read: whatever became of the signature, the token
    // is readable (RFC 7515 makes it unverifiable, not unreadable).
    let (signature_len, signature) = if count == 2 {
        (0, SignatureState::Missing)
    } else {
        match segment::check(seg(2), Part::Signature) {
            Ok((len, lenient)) => {
                note_leniency(lenient, Part::Signature, &mut reading.notes);
                (len * 3 / 4, SignatureState::Present)
            }
            Err(e) if e.kind() == ErrorKind::Base64Length => (0, SignatureState::Damaged),
            Err(e) => {
                reading.header = Some(header);
                reading.outcome = Err(e);
                return reading;
            }
        }
    };
    reading.outcome = Ok(Token {
        header,
        claims,
        signature_len,
        signature,
        notes: reading.notes.clone(),
    });
    reading
}

/// Headers longer than this are not remembered.
const REMEMBERED_HEADER_MAX: usize = 256;

/// The last header an inspector read, and its segment, kept by whoever
/// inspects many tokens on one thread: nearly every token of a batch or a
/// log carries the same header, so it is decoded once. Pass it to
/// [`Inspector::inspect_with`](crate::Inspector::inspect_with); the
/// answers are the same as without it (`tests/inspect/decoding.rs` holds
/// them to the inspector's), so a cache that never hits (the mutants of
/// `get`) only costs time. A thread keeps its own; `Debug` shows no token
/// text.
///
/// ```
/// use chrono::DateTime;
/// use usertoken::{HeaderCache, Inspector};
///
/// let inspector = Inspector::new();
/// let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
/// let mut headers = HeaderCache::new();
/// let lines = ["eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoidTEifQ.", "eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoidTIifQ."];
/// let users: Vec<_> = lines
///     .iter()
///     .map(|line| inspector.inspect_with(line, now, &mut headers))
///     .map(|report| report.claims().unwrap().user_id().map(str::to_owned))
///     .collect();
/// assert_eq!(users, [Some("u1".to_owned()), Some("u2".to_owned())]);
/// ```
#[derive(Default)]
pub struct HeaderCache {
    last: Option<(Vec<u8>, Header)>,
}

impl fmt::Debug for HeaderCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderCache").finish_non_exhaustive()
    }
}

impl HeaderCache {
    /// A cache that remembers nothing yet.
    pub fn new() -> HeaderCache {
        HeaderCache::default()
    }

    fn get(&self, seg: &[u8]) -> Option<Header> {
        match &self.last {
            Some((text, header)) if text.as_slice() == seg => Some(header.clone()),
            _ => None,
        }
    }

    fn keep(&mut self, seg: &[u8], header: &Header) {
        let mut text = self.last.take().map(|(text, _)| text).unwrap_or_default();
        text.clear();
        text.extend_from_slice(seg);
        self.last = Some((text, header.clone()));
    }
}

fn read_header(
    seg: &[u8],
    notes: &mut Vec<Diagnostic>,
    headers: Option<&mut HeaderCache>,
) -> Result<Header, Error> {
    let Some(headers) = headers else {
        return Ok(Header::new(decode_object(seg, Part::Header, notes)?));
    };
    if let Some(header) = headers.get(seg) {
        return Ok(header);
    }
    let before = notes.len();
    let header = Header::new(decode_object(seg, Part::Header, notes)?);
    // Only a header read without notes: a remembered one adds none.
    if notes.len() == before && seg.len() <= REMEMBERED_HEADER_MAX {
        headers.keep(seg, &header);
    }
    Ok(header)
}

fn decode_object(seg: &[u8], part: Part, notes: &mut Vec<Diagnostic>) -> Result<Object, Error> {
    let mut buf = Vec::with_capacity(seg.len() * 3 / 4 + 3);
    let lenient = segment::decode(seg, part, &mut buf)?;
    note_leniency(lenient, part, notes);
    // A header starts with `{`, as every encoder writes it: what text can
    // begin with is what the finder looks for, so it finds every header
    // this reads.
    if part == Part::Header && buf.first().is_some_and(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Json, part).at(0));
    }
    let object = Object::parse(buf, part)?;
    let what = if part == Part::Header {
        "header field"
    } else {
        "claim"
    };
    for (name, times) in object.duplicates() {
        notes.push(Diagnostic::new(
            Severity::Warning,
            Code::DuplicateName,
            format!(
                "{what} {} appears {times} times; the last value counted",
                crate::find::escape::Quoted(name)
            ),
        ));
    }
    Ok(object)
}

fn note_leniency(lenient: Leniency, part: Part, notes: &mut Vec<Diagnostic>) {
    if lenient.padding {
        notes.push(Diagnostic::new(
            Severity::Info,
            Code::InputCleaned,
            format!("removed '=' padding from the {part}"),
        ));
    }
    if lenient.standard_alphabet {
        notes.push(Diagnostic::new(
            Severity::Info,
            Code::InputCleaned,
            format!(
                "read '+' and '/' of the standard base64 alphabet in the {part} as '-' and '_'"
            ),
        ));
    }
    if lenient.non_canonical {
        notes.push(Diagnostic::new(
            Severity::Warning,
            Code::NonCanonicalBase64,
            format!("the last character of the {part} has unused bits set: another encoder, or an altered token"),
        ));
    }
}
