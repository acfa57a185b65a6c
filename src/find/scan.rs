//! Finding tokens in text.
//!
//! A token's first segment is base64url JSON that begins with `{` followed
//! by whitespace, `"` or `}`, so its text begins with `e` and one of `y`,
//! `w` or `3`, and the third character is one of a handful. The scanner
//! skips to those places with `memchr`'s vectorised substring search and
//! does real work (finding the segments, decoding the first one, reading it
//! as JSON) only there.
//!
//! Decisions are local: whether bytes belong to a token depends only on the
//! bytes at most [`DEFAULT_MAX_LEN`] around them, which is what lets the
//! streaming redactor decide with bounded memory and agree exactly with the
//! one-shot functions.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use memchr::memmem::Finder;
use serde::Serialize;

use crate::decode::object::{string_value, Object};
use crate::decode::scanjson::scan_object;
use crate::decode::segment;
use crate::error::Part;
use crate::limits::DEFAULT_MAX_LEN;

/// The kind of a token found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Kind {
    /// A signed token (JWS): three segments, the last one not empty.
    Jws,
    /// An encrypted token (JWE): five segments.
    Jwe,
    /// A JWS whose signature segment is empty: it ends in `.`.
    Unsigned,
    /// A JWS cut off after its payload (`header.payload`) whose header is a
    /// JOSE header (it has `alg`): the signature was lost on the way.
    Truncated,
    /// A token damaged on its way into the text: a stray byte inside its
    /// header or payload, or a first segment that is not JSON while the
    /// payload is. What can be read of it may still be.
    Damaged,
}

impl Kind {
    /// `jws`, `jwe`, `unsigned`, `truncated` or `damaged`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Jws => "jws",
            Kind::Jwe => "jwe",
            Kind::Unsigned => "unsigned",
            Kind::Truncated => "truncated",
            Kind::Damaged => "damaged",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A token found in text: where it stands and its kind, never its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Found {
    start: usize,
    end: usize,
    glued: usize,
    kind: Kind,
}

impl Found {
    /// The byte offset of the token's first character.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The byte offset just past the token's last character.
    pub fn end(&self) -> usize {
        self.end
    }

    /// `start..end`: index the text with it to get the token.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Where the text glued to the token ends: what sticks to it up to the
    /// next whitespace, quote, bracket, separator (`,;&|\\`), non-ASCII
    /// byte, percent-encoded character or token, without a `:`, `!` or `?`
    /// that ends a sentence; and further segments after a `.` (`h.p.s.x`),
    /// unless one may begin a header. A signature broken by a stray
    /// character or written in the standard alphabet (`+`, `/`) goes on
    /// past [`end`](Self::end); redaction replaces `start..glued_end`
    /// (keeping its line breaks), so that no part of it shows. At most
    /// [`DEFAULT_MAX_LEN`] past `end`.
    pub fn glued_end(&self) -> usize {
        self.glued
    }

    /// Glued text ends where the next token starts: it is that token's.
    pub(crate) fn stop_glue_at(&mut self, next_start: usize) {
        self.glued = self.glued.min(next_start).max(self.end);
    }

    /// Signed, encrypted or unsigned.
    pub fn kind(&self) -> Kind {
        self.kind
    }
}

/// Finds the tokens in a text, left to right: intact ones, and ones damaged
/// or disguised on their way into the text, as long as a part of them can
/// still be recognised.
///
/// A token is a run of segments of base64 characters (either alphabet; a
/// signature's are base64url) joined by `.` — or by `%2E`/`%2e` as
/// percent-encoding writes it, or `\u002e` as JSON may escape it — that is
/// anchored by a segment decoding to a JSON object, by the reader's own
/// definition (as [`Token::parse`](crate::Token::parse) reads a header):
///
/// - a first segment that reads as a header begins three segments (a JWS,
///   [`Kind::Jws`] or [`Kind::Unsigned`]), five (a JWE: when the header has
///   `enc`, or when the first three are not a JWS), or two when the header
///   has `alg` ([`Kind::Truncated`]: cut off after its payload);
/// - a payload that reads as a JSON object after a first segment that does
///   not (a stray byte, not JSON, empty) anchors the token, which starts at
///   that first segment ([`Kind::Damaged`]);
/// - a line break (with the indentation or `> ` quote prefix a wrap adds)
///   inside or next to the header or payload is passed over when the
///   pieces joined read as JSON (the header by itself, the payload by
///   itself), and one inside or before the signature when its algorithm's
///   signature length, or the width of the token's earlier lines, says it
///   goes on;
/// - one stray byte (a space, `!`, …) inside the header or payload is passed
///   over when the three segments of a JWS follow, and one inside the
///   signature when what follows completes its length ([`Kind::Damaged`]).
///
/// A token ends at the first character that cannot continue it, and what
/// is glued on after it — a broken signature's rest, further segments — is
/// [`Found::glued_end`]. It is found wherever it stands, even glued to
/// preceding text: then it starts at its header. Tokens longer than
/// [`DEFAULT_MAX_LEN`] are not looked for. Every decision depends only on
/// the text at most [`DEFAULT_MAX_LEN`] around it, so streaming finds
/// exactly the same.
///
/// ```
/// use usertoken::{find_tokens, Kind};
///
/// let line = "GET /link?userToken=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.&sandbox=true";
/// let found: Vec<_> = find_tokens(line).collect();
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].kind(), Kind::Unsigned);
/// assert_eq!(&line[found[0].range()], "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.");
/// ```
pub fn find_tokens<T: AsRef<[u8]> + ?Sized>(text: &T) -> FindTokens<'_> {
    FindTokens {
        text: text.as_ref(),
        pos: 0,
        scanner: Scanner::new(),
        ahead: None,
    }
}

/// The iterator of [`find_tokens`].
pub struct FindTokens<'a> {
    text: &'a [u8],
    pos: usize,
    scanner: Scanner,
    /// The token after the one to give next, found ahead: the glued text
    /// of a token stops where the next one starts.
    ahead: Option<Found>,
}

impl FindTokens<'_> {
    fn step(&mut self) -> Option<Found> {
        match self.scanner.step(self.text, self.pos, true) {
            Step::Found(found) => {
                self.pos = found.end;
                Some(found)
            }
            Step::Pause(at) => {
                self.pos = at.max(self.pos);
                None
            }
        }
    }
}

impl Iterator for FindTokens<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        let mut found = match self.ahead.take() {
            Some(found) => found,
            None => self.step()?,
        };
        self.ahead = self.step();
        if let Some(next) = &self.ahead {
            found.stop_glue_at(next.start);
        }
        Some(found)
    }
}

impl std::iter::FusedIterator for FindTokens<'_> {}

impl fmt::Debug for FindTokens<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindTokens")
            .field("len", &self.text.len())
            .field("pos", &self.pos)
            .finish()
    }
}

/// What one step of the scanner found.
#[derive(Debug)]
pub(crate) enum Step {
    /// The next token.
    Found(Found),
    /// No token starts before this offset; none after it can be decided
    /// without more text (or, at the end of the text, there is none).
    Pause(usize),
}

/// Segment characters: the base64url alphabet, and `+` and `/` of the
/// standard one, which the reader reads too (some encoders write it).
const SEGMENT: [bool; 256] = segment_table(true);

/// A signature's characters: the base64url alphabet alone.
const URL_SEGMENT: [bool; 256] = segment_table(false);

const fn segment_table(standard: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')
            || standard && matches!(b as u8, b'+' | b'/');
        b += 1;
    }
    table
}

fn is_segment(b: u8) -> bool {
    SEGMENT[b as usize]
}

/// How many bytes from the start of `text` are in `table`: the one loop
/// that every walk over a segment runs, kept to a table lookup a byte.
fn run_length(text: &[u8], table: &[bool; 256]) -> usize {
    text.iter()
        .position(|&b| !table[b as usize])
        .unwrap_or(text.len())
}

/// Whether `e`, `second`, `third` can begin base64url JSON that starts
/// with `{` and then whitespace, `"` or `}`.
fn can_start(second: u8, third: u8) -> bool {
    match second {
        // `{"` then any first byte of a key, or `{ ` then whitespace, `"`, `}`.
        b'y' => matches!(third, b'A' | b'B' | b'I' | b'J' | b'L'),
        // `{` then tab, newline or carriage return, then whitespace, `"`, `}`.
        b'w' => matches!(third, b'k' | b'l' | b'o' | b'p' | b'0' | b'1'),
        // `{}`, with any unused bits.
        b'3' => matches!(third, b'0'..=b'3'),
        _ => false,
    }
}

/// The offsets of `e` in `run` from `from` on.
fn candidates(run: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    let rest = run.get(from..).unwrap_or_default();
    memchr::memchr_iter(b'e', rest).map(move |i| from + i)
}

/// Whether a header could start at `start` and end where `run` does:
/// its first three characters fit, and there are enough of them for the
/// shortest object they can begin (`{}`, `{ }`, `{"":0}`) and a length
/// base64 allows.
fn viable(run: &[u8], start: usize) -> bool {
    let (Some(&b'e'), Some(&second), Some(&third)) =
        (run.get(start), run.get(start + 1), run.get(start + 2))
    else {
        return false;
    };
    let len = run.len() - start;
    let shortest = match (second, third) {
        (b'y', b'I' | b'J' | b'L') => 8,
        (b'3', _) => 3,
        _ => 4,
    };
    can_start(second, third) && len >= shortest && len % 4 != 1
}

/// The three needles: `e` and the second character of a header.
fn finders() -> &'static [Finder<'static>; 3] {
    static FINDERS: OnceLock<[Finder<'static>; 3]> = OnceLock::new();
    FINDERS.get_or_init(|| [Finder::new(b"ey"), Finder::new(b"ew"), Finder::new(b"e3")])
}

/// Hits ruled out by their third character that stand closer than this
/// (`eyeyey…`) are looked for byte by byte: there a search per hit costs
/// more than the bytes it skips (measured: the two break even at about 10
/// bytes apart).
const NEAR: usize = 12;

/// The offset of the first hit of `finder` in `text[from..end]` that its
/// third character does not rule out, or `limit` when there is none below
/// `limit`. Hits ruled out are skipped here, where it is cheapest (`key`,
/// `they`).
fn first_hit(text: &[u8], finder: &Finder<'_>, mut from: usize, end: usize, limit: usize) -> usize {
    let needle = finder.needle();
    let mut ruled_out: Option<usize> = None;
    loop {
        let Some(i) = text.get(from..end).and_then(|h| finder.find(h)) else {
            return limit;
        };
        let mut hit = from + i;
        loop {
            if hit >= limit {
                return limit;
            }
            match (needle.get(1), text.get(hit + 2)) {
                (Some(&second), Some(&third)) if !can_start(second, third) => {}
                _ => return hit,
            }
            let dense = ruled_out.is_some_and(|last| hit - last < NEAR);
            ruled_out = Some(hit);
            from = hit + 1;
            if !dense {
                break;
            }
            let near = text
                .get(hit + 1..end.min(hit + 1 + NEAR))
                .unwrap_or_default();
            match near.windows(2).position(|pair| pair == needle) {
                Some(j) => hit += 1 + j,
                None => {
                    from = hit + near.len().max(1);
                    break;
                }
            }
        }
    }
}

/// The longest header [`Scanner`] remembers.
const MAX_REMEMBERED: usize = 1024;

/// The longest header joined from the lines a wrap broke it into: real
/// headers are a few dozen characters; the bound keeps the work on each
/// line of text that merely ends like a header small.
const MAX_WRAPPED_HEADER: usize = 512;

/// Searches run over windows this long, so the three searches find the
/// window in cache.
const WINDOW: usize = 1 << 15;

/// What the scanner keeps of a first segment that reads as a header.
#[derive(Clone, Copy, Default)]
struct HeaderInfo {
    /// It has `enc`: the header of a JWE.
    enc: bool,
    /// It has `alg`: a JOSE header, so that `header.payload` is a token
    /// cut off after its payload.
    jose: bool,
    /// The lengths its algorithm's signatures have in base64url
    /// characters (several for RSA, whose length is the key's); empty when
    /// the algorithm does not say.
    signature: &'static [usize],
}

/// Reads decoded bytes as a header with the reader's own definition (the
/// one `Token::parse` uses), so that whatever reads as a token is found.
fn header_info(json: &[u8]) -> Option<HeaderInfo> {
    let object = parse_object(json, Part::Header)?;
    let alg = object.get("alg");
    let name = alg.and_then(|raw| string_value(raw).ok());
    Some(HeaderInfo {
        enc: object.get("enc").is_some(),
        jose: alg.is_some(),
        signature: name.map_or(&[][..], |name| signature_lengths(&name)),
    })
}

/// Reads decoded bytes as a JSON object, as the reader does. Most
/// candidates fail the syntax scan within a few bytes, so that runs first,
/// on the borrowed bytes: only an object is copied to be read.
fn parse_object(json: &[u8], part: Part) -> Option<Object> {
    if json.first() != Some(&b'{') || scan_object(json).is_err() {
        return None;
    }
    Object::parse(json.to_vec(), part).ok()
}

/// The lengths of a signature of algorithm `alg`, in unpadded base64url.
fn signature_lengths(alg: &str) -> &'static [usize] {
    match alg {
        "HS256" => &[43],
        "HS384" => &[64],
        "HS512" | "ES256" | "EdDSA" | "Ed25519" => &[86],
        "ES384" => &[128],
        "ES512" => &[176],
        // RSA keys of 1024, 2048, 3072 and 4096 bits.
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => &[171, 342, 512, 683],
        _ => &[],
    }
}

/// The scanner's reusable state: cached search positions and decoding
/// buffers. Positions refer to one text; [`reset`](Self::reset) before
/// scanning another.
pub(crate) struct Scanner {
    max_len: usize,
    /// For each needle, the offset of its next occurrence before `limit`,
    /// or `limit` when there is none; stale when `None` or below the scan
    /// position.
    next: [Option<usize>; 3],
    limit: usize,
    /// Decoded first segments, one per start offset modulo 4: candidates in
    /// one run that are 4k apart share the tail of one decoding.
    decoded: [Vec<u8>; 4],
    decoded_from: [usize; 4],
    /// The last first segment read as a header, and what it says: a log
    /// repeats its tokens' headers, and comparing is cheaper than decoding
    /// and parsing.
    last_header: Vec<u8>,
    last_info: HeaderInfo,
    /// Ends of lines that no wrapped header can start on (see
    /// [`dotless_chain`]).
    dotless: Range<usize>,
    /// Ends of lines that such walks went over, when they stopped before
    /// the lines did: the next walk goes on from its end.
    chained: Option<Range<usize>>,
    /// The payload of a wrapped token, its pieces joined, and decoded.
    joined: Vec<u8>,
    decoded_payload: Vec<u8>,
}

enum Run {
    Token(Found),
    Dead(usize),
    Pause(usize),
}

enum Stop {
    Dead,
    /// More text is needed; any token would end at this offset or later.
    Pause(usize),
}

/// Where the token that a first segment begins would end, by
/// interpretation.
struct Shape {
    jws: Option<(usize, Kind)>,
    jwe: Option<usize>,
    /// Exactly two segments, the second not empty: where the second ends.
    two: Option<usize>,
    /// Two segments or more, the second not empty: where the second ends.
    second: Option<usize>,
    /// A line break was passed over before the third segment: taken only
    /// when the payload, its lines joined, reads as a JSON object.
    wrapped: Option<Range<usize>>,
}

impl Scanner {
    pub(crate) fn new() -> Scanner {
        Scanner {
            max_len: DEFAULT_MAX_LEN,
            next: [None; 3],
            limit: 0,
            decoded: Default::default(),
            decoded_from: [usize::MAX; 4],
            last_header: Vec::new(),
            last_info: HeaderInfo::default(),
            dotless: 0..0,
            chained: None,
            joined: Vec::new(),
            decoded_payload: Vec::new(),
        }
    }

    /// Forgets cached positions: the next text is another one.
    pub(crate) fn reset(&mut self) {
        self.next = [None; 3];
        self.limit = 0;
        self.dotless = 0..0;
        self.chained = None;
    }

    /// Finds the first token at or after `pos`. Without `eof` the text may
    /// continue, and the scanner pauses where it would need to see more.
    pub(crate) fn step(&mut self, text: &[u8], pos: usize, eof: bool) -> Step {
        match self.step_inner(text, pos, eof) {
            // A token anchored by its payload starts before it, at the
            // segment before the dot: keep what it may start with.
            Step::Pause(at) if !eof => Step::Pause(hold_from(text, at, pos, self.max_len)),
            step => step,
        }
    }

    fn step_inner(&mut self, text: &[u8], mut pos: usize, eof: bool) -> Step {
        let floor = pos;
        loop {
            let Some(c) = self.next_candidate(text, pos) else {
                let len = text.len();
                if !eof && pos < len && text.last() == Some(&b'e') {
                    return Step::Pause(len - 1);
                }
                return Step::Pause(len.max(pos));
            };
            let (Some(&second), third) = (text.get(c + 1), text.get(c + 2)) else {
                pos = c + 1;
                continue;
            };
            let Some(&third) = third else {
                if eof {
                    pos = c + 1;
                    continue;
                }
                return Step::Pause(c);
            };
            if !can_start(second, third) {
                pos = c + 1;
                continue;
            }
            match self.run(text, c, floor, eof) {
                Run::Token(found) => return Step::Found(found),
                Run::Dead(end) => pos = end,
                Run::Pause(at) => return Step::Pause(at),
            }
        }
    }

    /// The next offset at or after `pos` where `ey`, `ew` or `e3` stands.
    fn next_candidate(&mut self, text: &[u8], pos: usize) -> Option<usize> {
        let len = text.len();
        let mut pos = pos;
        loop {
            if pos >= len {
                return None;
            }
            if pos >= self.limit {
                self.limit = len.min(pos.saturating_add(WINDOW));
                self.next = [None; 3];
            }
            // One byte past the window, so a needle across its edge is found.
            let end = len.min(self.limit + 1);
            let limit = self.limit;
            let mut best = limit;
            for (next, finder) in self.next.iter_mut().zip(finders()) {
                let at = match *next {
                    Some(at) if at >= pos => at,
                    _ => first_hit(text, finder, pos, end, limit),
                };
                *next = Some(at);
                best = best.min(at);
            }
            if best < self.limit {
                return Some(best);
            }
            pos = self.limit;
        }
    }

    /// Decides the run of segment characters that holds the candidate `c`:
    /// the token that starts at its leftmost header, or the token its
    /// payload anchors, or none. No token starts before `floor`.
    fn run(&mut self, text: &[u8], c: usize, floor: usize, eof: bool) -> Run {
        let len = text.len();
        let max_len = self.max_len;
        let after = text.get(c + 3..).unwrap_or_default();
        let end = c + 3 + run_length(after, &SEGMENT);
        if end >= len && !eof {
            // Candidates more than `max_len` before the end of the text
            // would make tokens too long, whatever comes next.
            return Run::Pause(c.max(len.saturating_sub(max_len)));
        }
        if matches!(text.get(end), Some(b'\r' | b'\n')) {
            if let Some(run) = self.wrapped_header(text, c, end, eof) {
                return run;
            }
        }
        // Most candidates are words such as `eyJ.x`: too short for any
        // header, ruled out before looking further.
        let run = text.get(..end).unwrap_or_default();
        let lowest = c.max((end + 3).saturating_sub(max_len));
        if !candidates(run, lowest).any(|start| viable(run, start)) {
            return Run::Dead(end);
        }
        let shape = match self.shape(text, end, eof, end.saturating_add(max_len), true) {
            Ok(shape) => shape,
            Err(Stop::Dead) => return Run::Dead(end),
            Err(Stop::Pause(earliest)) => {
                let live = earliest.saturating_sub(max_len);
                if live >= end {
                    return Run::Dead(end);
                }
                return Run::Pause(c.max(live));
            }
        };
        let shortest = [shape.jws.map(|j| j.0), shape.jwe, shape.two]
            .into_iter()
            .flatten()
            .min();
        let Some(shortest) = shortest else {
            return Run::Dead(end);
        };
        self.decoded_from = [usize::MAX; 4];
        let lowest = c.max(shortest.saturating_sub(max_len));
        for start in candidates(run, lowest) {
            if !viable(run, start) {
                continue;
            }
            let Some(info) = self.header(run, start) else {
                continue;
            };
            if let Some(run) = self.pick(text, start, end, &shape, info, eof) {
                return run;
            }
        }
        self.payload_anchor(text, c, end, floor, eof)
            .unwrap_or(Run::Dead(end))
    }

    /// The token that a header from `start` to `end` begins, given the
    /// shape of what follows it: `None` when there is none from `start`.
    fn pick(
        &mut self,
        text: &[u8],
        start: usize,
        end: usize,
        shape: &Shape,
        info: HeaderInfo,
        eof: bool,
    ) -> Option<Run> {
        let max_len = self.max_len;
        let fits = |token_end: usize| token_end - start <= max_len;
        let pick = match (shape.jwe, shape.jws, shape.two) {
            (Some(jwe), _, _) if info.enc && fits(jwe) => (jwe, Kind::Jwe),
            (_, Some((jws, kind)), _) if fits(jws) => (jws, kind),
            (Some(jwe), _, _) if fits(jwe) => (jwe, Kind::Jwe),
            (_, _, Some(two)) if info.jose && fits(two) => (two, Kind::Truncated),
            _ => return None,
        };
        // A payload wrapped over lines is joined only when it reads as a
        // JSON object; otherwise the token ends at the break.
        if let Some(wrapped) = &shape.wrapped {
            if !self.reads_as_object(text, wrapped.clone()) {
                return match self.unwrapped_shape(text, end, eof) {
                    Some(two) if info.jose && fits(two) => {
                        Some(self.token(text, start, two, Kind::Truncated, info, eof))
                    }
                    _ => None,
                };
            }
        }
        Some(self.token(text, start, pick.0, pick.1, info, eof))
    }

    /// A header broken over lines by a wrap, from the candidate `c` whose
    /// run ends at a line break at `end`: the runs of the lines that follow
    /// (after their indentation or `> ` prefix) joined to it decode to a
    /// JSON object. Its token, or `None` when there is none.
    fn wrapped_header(&mut self, text: &[u8], c: usize, end: usize, eof: bool) -> Option<Run> {
        let walk = Walk {
            text,
            eof,
            limit: c.saturating_add(self.max_len),
            earliest: text.len(),
        };
        if self.dotless.contains(&end) {
            return None;
        }
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        joined.extend_from_slice(text.get(c..end)?);
        let mut p = end;
        let outcome = loop {
            let n = match walk.line_break(p) {
                Ok(Some(n)) => n,
                Ok(None) | Err(Stop::Dead) => break Ok(p),
                Err(Stop::Pause(_)) => break Err(()),
            };
            match walk.byte(p + n) {
                Ok(Some(b)) if is_segment(b) => {}
                Ok(_) | Err(Stop::Dead) => break Ok(p),
                Err(Stop::Pause(_)) => break Err(()),
            }
            let rest = text.get(p + n..).unwrap_or_default();
            // More than fits in a header is as good as a line's worth.
            let room = (MAX_WRAPPED_HEADER + 1).saturating_sub(joined.len());
            let body = run_length(rest.get(..room).unwrap_or(rest), &SEGMENT);
            if joined.len() + body > MAX_WRAPPED_HEADER {
                // Too long for a header from `c`, and from every candidate
                // whose line the same lines follow: find out how far that
                // holds, so that they are not walked again.
                let from = match self.chained {
                    Some(ref chained) if chained.contains(&end) => chained.end,
                    _ => end,
                };
                let (bound, walked) = dotless_chain(text, from, eof);
                self.dotless = end..bound;
                self.chained = walked.map(|to| end..to);
                break Ok(end);
            }
            if !eof && p + n + body >= text.len() {
                break Err(());
            }
            joined.extend_from_slice(rest.get(..body).unwrap_or_default());
            p += n + body;
        };
        let outcome = match outcome {
            Ok(header_end) if header_end > end => match dotted(&walk, header_end) {
                Ok(true) => Ok(header_end),
                Ok(false) => {
                    // The lines stop without a dot: no candidate on them
                    // has a wrapped header either.
                    self.dotless = end..header_end + 1;
                    Ok(end)
                }
                Err(()) => Err(()),
            },
            other => other,
        };
        let header = match outcome {
            Ok(header_end) if header_end > end => {
                let mut found = None;
                let mut decoded = std::mem::take(&mut self.decoded_payload);
                for start in (c..end).filter(|&i| text.get(i) == Some(&b'e')) {
                    let Some(segment) = joined.get(start - c..) else {
                        continue;
                    };
                    if segment::decode(segment, Part::Header, &mut decoded).is_err() {
                        continue;
                    }
                    if let Some(info) = header_info(&decoded) {
                        found = Some((start, header_end, info));
                        break;
                    }
                }
                self.decoded_payload = decoded;
                found
            }
            Ok(_) => None,
            Err(()) => {
                self.joined = joined;
                return Some(Run::Pause(c));
            }
        };
        self.joined = joined;
        let (start, header_end, info) = header?;
        let limit = header_end.saturating_add(self.max_len);
        let shape = match self.shape(text, header_end, eof, limit, true) {
            Ok(shape) => shape,
            Err(Stop::Dead) => return None,
            Err(Stop::Pause(_)) => return Some(Run::Pause(c)),
        };
        self.pick(text, start, header_end, &shape, info, eof)
    }

    /// The found token from `start` to `token_end`, its signature followed
    /// over line breaks where its length says it goes on, and its glued
    /// text.
    fn token(
        &self,
        text: &[u8],
        start: usize,
        token_end: usize,
        kind: Kind,
        info: HeaderInfo,
        eof: bool,
    ) -> Run {
        let max_len = self.max_len;
        let (token_end, kind) = match kind {
            Kind::Jws | Kind::Damaged | Kind::Unsigned => {
                match wrapped_signature(text, token_end, start, info.signature, eof) {
                    Ok((end, _)) if end == token_end => (token_end, kind),
                    Ok((end, true)) => (end.min(start + max_len), Kind::Damaged),
                    Ok((end, false)) if kind == Kind::Unsigned => {
                        (end.min(start + max_len), Kind::Jws)
                    }
                    Ok((end, false)) => (end.min(start + max_len), kind),
                    Err(()) => return Run::Pause(start),
                }
            }
            _ => (token_end, kind),
        };
        let limit = token_end.saturating_add(max_len);
        // Undecided: look again from this token's start, which stays
        // within reach of the text kept for a stream.
        let Some(glued) = glued_end(text, token_end, eof, limit) else {
            return Run::Pause(start);
        };
        Run::Token(Found {
            start,
            end: token_end,
            glued,
            kind,
        })
    }

    /// The shape again, line breaks not passed over: for a wrapped payload
    /// that did not read as JSON. The end of a `header.payload` on its
    /// own line, if that is what is left.
    fn unwrapped_shape(&mut self, text: &[u8], end: usize, eof: bool) -> Option<usize> {
        let shape = self
            .shape(text, end, eof, end.saturating_add(self.max_len), false)
            .ok()?;
        shape.two
    }

    /// A token whose first segment is damaged or not JSON, anchored by its
    /// payload: the candidate at `c` begins a segment right after a dot,
    /// reads as a JSON object, and a signature follows. It starts where
    /// the segment before the dot does.
    fn payload_anchor(
        &mut self,
        text: &[u8],
        c: usize,
        end: usize,
        floor: usize,
        eof: bool,
    ) -> Option<Run> {
        let dot = separator_before(text, c)?;
        let start = segment_start(text, c - dot, floor.max(c.saturating_sub(self.max_len)));
        if start < floor {
            return None;
        }
        let run = text.get(..end)?;
        self.decoded_from = [usize::MAX; 4];
        self.header(run, c)?;
        let shape = match self.shape(text, end, eof, start.saturating_add(self.max_len), false) {
            Ok(shape) => shape,
            Err(Stop::Dead) => return None,
            Err(Stop::Pause(_)) => return Some(Run::Pause(start)),
        };
        let token_end = shape.second?;
        if token_end - start > self.max_len {
            return None;
        }
        let info = HeaderInfo::default();
        Some(self.token(text, start, token_end, Kind::Damaged, info, eof))
    }

    /// Reads `run[start..]` as a header: what it says, when it decodes to
    /// a JSON object.
    fn header(&mut self, run: &[u8], start: usize) -> Option<HeaderInfo> {
        let segment = run.get(start..)?;
        if !self.last_header.is_empty() && segment == self.last_header {
            return Some(self.last_info);
        }
        let class = start % 4;
        let decoded = &mut self.decoded[class];
        let from = &mut self.decoded_from[class];
        if *from > start {
            *from = start;
            if segment::decode(segment, Part::Header, decoded).is_err() {
                decoded.clear();
            }
        }
        let offset = (start - *from) / 4 * 3;
        let info = header_info(decoded.get(offset..)?)?;
        if segment.len() <= MAX_REMEMBERED {
            self.last_header.clear();
            self.last_header.extend_from_slice(segment);
            self.last_info = info;
        }
        Some(info)
    }

    /// Whether the segment characters of `text[range]` (a payload whose
    /// lines a wrap broke), joined, decode to a JSON object.
    fn reads_as_object(&mut self, text: &[u8], range: Range<usize>) -> bool {
        self.joined.clear();
        let piece = text.get(range).unwrap_or_default();
        self.joined
            .extend(piece.iter().copied().filter(|&b| is_segment(b)));
        if segment::decode(&self.joined, Part::Payload, &mut self.decoded_payload).is_err() {
            return false;
        }
        parse_object(&self.decoded_payload, Part::Payload).is_some()
    }

    /// Follows the segments after a first segment that ends at `end`, up
    /// to `limit`. With `links`, a line break (and the indentation or `> `
    /// quote prefix a wrap adds) may join a header or payload to what
    /// follows, and one stray byte inside them may be passed over.
    fn shape(
        &mut self,
        text: &[u8],
        end: usize,
        eof: bool,
        limit: usize,
        links: bool,
    ) -> Result<Shape, Stop> {
        let mut walk = Walk {
            text,
            eof,
            limit,
            // Once three segments are known, a JWS may end before the text
            // does even when more text is needed to rule out a JWE.
            earliest: text.len(),
        };
        let mut p = end;
        // The first segment's padding cannot be checked against its length
        // here (that depends on where the header starts).
        p = walk.padding(p, 2)?;
        let mut ends = [0usize; 5];
        let mut bodies = [0usize; 5];
        let mut payload_start = p;
        ends[0] = p;
        let mut count = 1;
        // The state before the first stray byte or line break passed over,
        // to return to when what follows does not make a token.
        let mut before_link: Option<(usize, [usize; 5], [usize; 5])> = None;
        let mut stray = false;
        let mut broken_over_lines = false;
        loop {
            let mut q = p;
            let mut broke = false;
            if links && count < 3 {
                if let Some(n) = walk.line_break(q)? {
                    q += n;
                    broke = true;
                }
            }
            if count < 5 {
                if let Some(n) = walk.separator(q)? {
                    q += n;
                    // After the second dot, a signature that starts on the
                    // next line is the token's to follow by its length.
                    if links && count == 1 && !broke {
                        if let Some(n) = walk.line_break(q)? {
                            q += n;
                            broke = true;
                        }
                    }
                    if broke {
                        before_link.get_or_insert((count, ends, bodies));
                        broken_over_lines = true;
                    }
                    if count == 1 {
                        payload_start = q;
                    }
                    let (body, after) = walk.segment(q, count < 2)?;
                    ends[count] = after;
                    bodies[count] = body;
                    count += 1;
                    p = after;
                    // A JWS with a payload is known once three segments are;
                    // one whose payload is empty may still turn out a JWE.
                    if count == 3 && bodies[1] > 0 {
                        walk.earliest = p;
                    }
                    continue;
                }
            }
            // A header that goes on on the next line is a wrapped header's
            // to join, not the shape's.
            let continues = count > 1 && walk.byte(q)?.is_some_and(is_segment);
            if broke && continues {
                // A wrap inside the segment: it goes on on the next line.
                before_link.get_or_insert((count, ends, bodies));
                broken_over_lines = true;
                let (body, after) = walk.segment(q, count < 3)?;
                bodies[count - 1] += body;
                ends[count - 1] = after;
                p = after;
                continue;
            }
            if links && !broke && !stray && count < 3 {
                let next = walk.byte(p + 1)?;
                if walk.byte(p)?.is_some_and(is_stray) && next.is_some_and(is_segment) {
                    before_link.get_or_insert((count, ends, bodies));
                    stray = true;
                    let (body, after) = walk.segment(p + 1, true)?;
                    bodies[count - 1] += body;
                    ends[count - 1] = after;
                    p = after;
                    continue;
                }
            }
            break;
        }
        // A stray byte or a line break is passed over only when the three
        // segments of a JWS follow.
        if let Some(saved) = before_link {
            if count < 3 || stray && bodies[2] == 0 {
                (count, ends, bodies) = saved;
                stray = false;
                broken_over_lines = false;
            }
        }
        let wrapped = (broken_over_lines && count >= 3).then_some(payload_start..ends[1]);
        let jws = (count >= 3 && (bodies[1] > 0 || bodies[2] > 0)).then(|| {
            let kind = if stray {
                Kind::Damaged
            } else if bodies[2] > 0 {
                Kind::Jws
            } else {
                Kind::Unsigned
            };
            (ends[2], kind)
        });
        // A damaged token is read as a JWS: its first three segments.
        let jwe = (!stray && count == 5 && bodies[2] > 0 && bodies[3] > 0 && bodies[4] > 0)
            .then_some(ends[4]);
        // An empty (detached, RFC 7515 F) payload with a signature is a JWS
        // only when five segments cannot be read as a JWE.
        let jws = jws.filter(|_| bodies[1] > 0 || jwe.is_none());
        let second = (count >= 2 && bodies[1] > 0).then_some(ends[1]);
        Ok(Shape {
            jws,
            jwe,
            two: second.filter(|_| count == 2),
            second,
            wrapped,
        })
    }
}

/// Whether a separator follows `p`, on its line or at the start of the
/// next: how a header that a wrap broke must end.
fn dotted(walk: &Walk<'_>, p: usize) -> Result<bool, ()> {
    let after_break = match walk.line_break(p) {
        Ok(Some(n)) => p + n,
        Ok(None) | Err(Stop::Dead) => p,
        Err(Stop::Pause(_)) => return Err(()),
    };
    match (walk.separator(p), walk.separator(after_break)) {
        (Ok(Some(_)), _) | (_, Ok(Some(_))) => Ok(true),
        (Err(Stop::Pause(_)), _) | (_, Err(Stop::Pause(_))) => Err(()),
        _ => Ok(false),
    }
}

/// The most bytes that the lines joined to a wrapped header can span after
/// its first line: a line break with its prefix and at least one character
/// for each character it may hold.
const WRAP_SPAN: usize = (MAX_PREFIX + 1) * (MAX_WRAPPED_HEADER + 1);

/// How far the lines after the line break at `from` continue each other
/// (a line break, a prefix, a run of segment characters, and again), for
/// a candidate whose line ends at `end` and whose wrapped header, joined
/// from those lines, ran out of room: every candidate whose line ends
/// between `end` and the returned bound would join the same lines, and run
/// out of room too or stop without a dot. Walks to where the lines stop,
/// or at most twice a wrapped header's span, or to where more text is
/// needed; then also returns the end of the last line walked, to go on
/// from there for a later candidate.
fn dotless_chain(text: &[u8], from: usize, eof: bool) -> (usize, Option<usize>) {
    let walk = Walk {
        text,
        eof,
        limit: usize::MAX,
        earliest: text.len(),
    };
    let stop = from.saturating_add(2 * WRAP_SPAN);
    let mut p = from;
    while p < stop {
        let Ok(next) = walk.line_break(p) else {
            break;
        };
        let continues = match next {
            Some(n) => match walk.byte(p + n) {
                Ok(b) => b.is_some_and(is_segment),
                Err(_) => break,
            },
            None => false,
        };
        if !continues {
            return match dotted(&walk, p) {
                Ok(false) => (p + 1, None),
                Ok(true) | Err(()) => (p.saturating_sub(WRAP_SPAN), None),
            };
        }
        let n = next.unwrap_or_default();
        let body = run_length(text.get(p + n..).unwrap_or_default(), &SEGMENT);
        if !eof && p + n + body >= text.len() {
            break;
        }
        p += n + body;
    }
    (p.saturating_sub(WRAP_SPAN), Some(p))
}

/// Reading the text after a first segment, with what to do at its end.
struct Walk<'a> {
    text: &'a [u8],
    eof: bool,
    limit: usize,
    earliest: usize,
}

impl Walk<'_> {
    /// The byte at `p`: `None` at the end of the text, a pause when more
    /// text may come, dead past the limit.
    fn byte(&self, p: usize) -> Result<Option<u8>, Stop> {
        if p > self.limit {
            return Err(Stop::Dead);
        }
        match self.text.get(p) {
            Some(&b) => Ok(Some(b)),
            None if self.eof => Ok(None),
            None => Err(Stop::Pause(self.earliest)),
        }
    }

    /// Past up to `most` `=` at `p`.
    fn padding(&self, mut p: usize, most: usize) -> Result<usize, Stop> {
        let mut k = 0;
        while k < most && self.byte(p)? == Some(b'=') {
            p += 1;
            k += 1;
        }
        Ok(p)
    }

    /// A segment's characters from `p`, and the padding its length allows:
    /// their count and where the segment ends. With `standard`, `+` and
    /// `/` are segment characters too; a signature's are glued text
    /// instead, so that a long run after it does not hide the token.
    fn segment(&self, p: usize, standard: bool) -> Result<(usize, usize), Stop> {
        let stop = self.text.len().min(self.limit.saturating_add(1));
        let rest = self.text.get(p..stop).unwrap_or_default();
        let table = if standard { &SEGMENT } else { &URL_SEGMENT };
        let body = run_length(rest, table);
        // The byte that ended the segment, or the reason there is none.
        self.byte(p + body)?;
        let padding = match body % 4 {
            2 => 2,
            3 => 1,
            _ => 0,
        };
        Ok((body, self.padding(p + body, padding)?))
    }

    /// The length of a separator at `p`: `.`, or `%2E` / `%2e` as
    /// percent-encoding writes it, or `\u002e` as JSON may escape it.
    fn separator(&self, p: usize) -> Result<Option<usize>, Stop> {
        match self.byte(p)? {
            Some(b'.') => return Ok(Some(1)),
            Some(b'%' | b'\\') => {}
            _ => return Ok(None),
        }
        for sep in SEPARATORS {
            let mut matched = true;
            for (i, &want) in sep.iter().enumerate() {
                if self.byte(p + i)? != Some(want) {
                    matched = false;
                    break;
                }
            }
            if matched {
                return Ok(Some(sep.len()));
            }
        }
        Ok(None)
    }

    /// The length of a line break at `p` with the indentation or `> `
    /// quote prefix that follows it.
    fn line_break(&self, p: usize) -> Result<Option<usize>, Stop> {
        let mut q = p;
        if self.byte(q)? == Some(b'\r') {
            q += 1;
        }
        if self.byte(q)? != Some(b'\n') {
            return Ok(None);
        }
        q += 1;
        while q - p < MAX_PREFIX && matches!(self.byte(q)?, Some(b' ' | b'\t' | b'>')) {
            q += 1;
        }
        Ok(Some(q - p))
    }
}

/// The separators that join segments besides `.`.
const SEPARATORS: [&[u8]; 4] = [b"%2E", b"%2e", b"\\u002e", b"\\u002E"];

/// The longest line break and prefix that a wrap may put inside a token.
const MAX_PREFIX: usize = 64;

/// A byte that may stand inside a damaged header or payload: printable
/// ASCII or a space, other than what ends a field in logs, JSON and query
/// strings (quotes, brackets, separators).
fn is_stray(b: u8) -> bool {
    (b' '..0x7F).contains(&b) && !is_segment(b) && !b"\"'`()<>[]{},;&|\\.".contains(&b)
}

/// The length of the separator that ends just before `c`.
fn separator_before(text: &[u8], c: usize) -> Option<usize> {
    let before = text.get(..c)?;
    if before.last() == Some(&b'.') {
        return Some(1);
    }
    SEPARATORS
        .iter()
        .find(|sep| before.ends_with(sep))
        .map(|sep| sep.len())
}

/// Where the segment that ends at `end` starts (its characters and up to
/// two `=` of padding after them), not before `floor`; `end` itself when
/// there is none.
fn segment_start(text: &[u8], end: usize, floor: usize) -> usize {
    let before = text.get(floor..end).unwrap_or_default();
    let pad = before
        .iter()
        .rev()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    let body = before.get(..before.len() - pad).unwrap_or_default();
    let chars = body.iter().rev().take_while(|&&b| is_segment(b)).count();
    if chars == 0 {
        return end;
    }
    floor + body.len() - chars
}

/// Where a stream's undecided part must start when the scanner paused at
/// `at`: a token anchored by a payload that comes later starts at the
/// segment before its dot, which may stand before `at`. Held back over
/// that segment, its padding and the dot (or an encoded dot, or the start
/// of one at the end of the text), at most `max_len`, never before
/// `floor`.
fn hold_from(text: &[u8], at: usize, floor: usize, max_len: usize) -> usize {
    let at = at.min(text.len());
    let lowest = floor.max(at.saturating_sub(max_len)).min(at);
    let before = text.get(lowest..at).unwrap_or_default();
    let open = at == text.len();
    let mut u = before.len();
    if open {
        // `%2` or `\u00` may yet become a dot.
        u -= (1..6)
            .rev()
            .find(|&n| {
                let tail = before.get(u.saturating_sub(n)..u).unwrap_or_default();
                tail.len() == n
                    && SEPARATORS
                        .iter()
                        .any(|sep| sep.len() > n && sep.starts_with(tail))
            })
            .unwrap_or(0);
    }
    let head = before.get(..u).unwrap_or_default();
    let sep = if head.last() == Some(&b'.') {
        1
    } else {
        SEPARATORS
            .iter()
            .find(|sep| head.ends_with(sep))
            .map_or(0, |sep| sep.len())
    };
    if sep == 0 && !open && !head.last().copied().is_some_and(is_segment) {
        return at;
    }
    u -= sep;
    if sep > 0 || open {
        let head = before.get(..u).unwrap_or_default();
        u -= head
            .iter()
            .rev()
            .take(2)
            .take_while(|&&b| b == b'=')
            .count();
    }
    let head = before.get(..u).unwrap_or_default();
    u -= head.iter().rev().take_while(|&&b| is_segment(b)).count();
    lowest + u
}

/// How a signature that ends at `end` goes on: over a line break (and its
/// prefix) when the next line completes it to a length its algorithm
/// gives, or is itself full and leaves it shorter than the longest such
/// length, or when its lines are as long as the token's lines before; over
/// one stray byte (a space among them) when what follows completes it.
/// Returns the end and whether a stray byte was passed over; `Err` when
/// more text is needed.
fn wrapped_signature(
    text: &[u8],
    end: usize,
    start: usize,
    lengths: &[usize],
    eof: bool,
) -> Result<(usize, bool), ()> {
    let walk = Walk {
        text,
        eof,
        limit: start.saturating_add(DEFAULT_MAX_LEN),
        earliest: 0,
    };
    let head = text.get(start..end).unwrap_or_default();
    let mut seen = head.iter().rev().take_while(|&&b| is_url_safe(b)).count();
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let mut end = end;
    let mut stray = false;
    loop {
        // Whether anything could continue it, before looking further: a
        // line that ends a whole signature is decided as it stands.
        let wrapped = memchr::memchr(b'\n', text.get(start..end).unwrap_or_default()).is_some();
        let short = seen < longest && !lengths.contains(&seen);
        if !(short || wrapped) {
            return Ok((end, stray));
        }
        let (n, broke) = match walk.line_break(end) {
            Ok(Some(n)) => (n, true),
            Ok(None) => match walk.byte(end) {
                Ok(Some(b)) if !stray && short && (is_stray(b) || b == b'\t') => (1, false),
                Ok(_) | Err(Stop::Dead) => return Ok((end, stray)),
                Err(Stop::Pause(_)) => return Err(()),
            },
            Err(Stop::Dead) => return Ok((end, stray)),
            Err(Stop::Pause(_)) => return Err(()),
        };
        let (body, after) = match walk.segment(end + n, false) {
            Ok(found) => found,
            Err(Stop::Dead) => return Ok((end, stray)),
            Err(Stop::Pause(_)) => return Err(()),
        };
        // A line that may begin a header begins the next token.
        if body == 0 || starts_header(text, end + n) && text.get(end + n) == Some(&b'e') {
            return Ok((end, stray));
        }
        let completes = lengths.contains(&(seen + body));
        let taken = if broke {
            let full = match walk.line_break(after) {
                Ok(found) => found.is_some(),
                Err(Stop::Dead) => false,
                Err(Stop::Pause(_)) => return Err(()),
            };
            completes || full && seen + body < longest || same_width(text, start, end)
        } else {
            completes
        };
        if !taken {
            return Ok((end, stray));
        }
        stray |= !broke;
        seen += body;
        end = after;
    }
}

/// A character of the base64url alphabet.
fn is_url_safe(b: u8) -> bool {
    URL_SEGMENT[b as usize]
}

/// Whether the line that ends at `end` is as long as the line before it,
/// both inside the token that starts at `start`: the token was wrapped at
/// a fixed width, and this line was full.
fn same_width(text: &[u8], start: usize, end: usize) -> bool {
    let inside = text.get(start..end).unwrap_or_default();
    let mut breaks = memchr::memrchr_iter(b'\n', inside);
    let (Some(last), Some(before)) = (breaks.next(), breaks.next()) else {
        return false;
    };
    let line_end = |nl: usize| {
        let cr = nl > 0 && inside.get(nl - 1) == Some(&b'\r');
        nl - usize::from(cr)
    };
    let this = inside.len() - (last + 1);
    let previous = line_end(last) - (before + 1);
    this == previous
}

/// Bytes that end the text glued to a token: whitespace, controls, quotes,
/// brackets, the separators of logs, JSON and query strings, `.`, and
/// anything not ASCII.
const DELIMITER: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0x21;
    while b < 0x7F {
        table[b] = false;
        b += 1;
    }
    let separators = b"\"'`()<>[]{},;&|\\.";
    let mut i = 0;
    while i < separators.len() {
        table[separators[i] as usize] = true;
        i += 1;
    }
    table
};

/// Where the text glued to a token that ends at `from` ends: a stray
/// character in its signature, `+` or `/` of the standard alphabet, go
/// with it up to the next delimiter, and so do further segments (`.x`,
/// `%2Ex`, `\u002ex`), so that no part of a broken signature shows; a
/// percent-encoded character (`%26`, `%22`, `%20`, …) ends it, but for the
/// `+`, `/` and `=` of the standard alphabet, and punctuation that ends a
/// sentence (`:`, `!`, `?`) stays out. At most up
/// to `limit`; `None` when the text may go on and more is needed to
/// decide.
fn glued_end(text: &[u8], from: usize, eof: bool, limit: usize) -> Option<usize> {
    let stop = text.len().min(limit);
    let walk = Walk {
        text,
        eof,
        limit: stop,
        earliest: 0,
    };
    let mut p = from;
    let end = loop {
        let rest = text.get(p..stop).unwrap_or_default();
        let end = match rest
            .iter()
            .position(|&b| DELIMITER[usize::from(b)] || b == b'%')
        {
            Some(i) => p + i,
            None if stop == limit || eof => break stop.max(p),
            None => return None,
        };
        if text.get(end) == Some(&b'%') {
            // A percent-encoded character ends it (`%26` is a `&`);
            // encoded `+`, `/` and `=` of the standard alphabet do not.
            let hex = |at: usize| match walk.byte(at) {
                Ok(Some(b)) => Ok((b as char).to_digit(16)),
                Ok(None) | Err(Stop::Dead) => Ok(None),
                Err(Stop::Pause(_)) => Err(()),
            };
            let (Ok(high), Ok(low)) = (hex(end + 1), hex(end + 2)) else {
                return None;
            };
            match high.zip(low).map(|(h, l)| h * 16 + l) {
                None | Some(0x2B | 0x2F | 0x3D) => {
                    p = end + 1;
                    continue;
                }
                Some(0x2E) => {}
                Some(_) => break end,
            }
        }
        // Another segment: a dot (or an encoded one) and what follows it.
        let n = match walk.separator(end) {
            Ok(Some(n)) => n,
            Ok(None) | Err(Stop::Dead) => break end,
            Err(Stop::Pause(_)) => return None,
        };
        match walk.byte(end + n) {
            // A segment that may begin a header is the next token's to
            // claim, not glue.
            Ok(Some(b'e')) if !eof && text.len() < end + n + 3 => return None,
            Ok(Some(b'e')) if starts_header(text, end + n) => break end,
            Ok(Some(b)) if is_segment(b) => p = end + n,
            Ok(_) | Err(Stop::Dead) => break end,
            Err(Stop::Pause(_)) => return None,
        }
    };
    let glued = text.get(from..end).unwrap_or_default();
    let kept = glued.len()
        - glued
            .iter()
            .rev()
            .take_while(|&&b| matches!(b, b':' | b'!' | b'?'))
            .count();
    Some(from + kept)
}

/// Whether `text[at..]` begins as a header can: `e` and two characters
/// that `{` can be followed by.
fn starts_header(text: &[u8], at: usize) -> bool {
    match (text.get(at + 1), text.get(at + 2)) {
        (Some(&second), Some(&third)) => can_start(second, third),
        _ => false,
    }
}

/// A found token's text as the reader reads it: the line breaks and
/// prefixes of a wrap taken out, encoded dots written as `.`. Borrowed
/// when there is nothing to undo.
pub(crate) fn token_text(text: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !text.iter().any(|&b| matches!(b, b'\n' | b'%' | b'\\')) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        if b == b'\r' || b == b'\n' {
            i += 1;
            if b == b'\n' {
                while matches!(text.get(i), Some(b' ' | b'\t' | b'>')) {
                    i += 1;
                }
            }
            continue;
        }
        let rest = text.get(i..).unwrap_or_default();
        if let Some(sep) = SEPARATORS.iter().find(|sep| rest.starts_with(sep)) {
            out.push(b'.');
            i += sep.len();
            continue;
        }
        out.push(b);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `text` holds an encoded dot (`%2E`, `\u002e`).
pub(crate) fn has_encoded_dot(text: &[u8]) -> bool {
    SEPARATORS
        .iter()
        .any(|sep| memchr::memmem::find(text, sep).is_some())
}

/// The line breaks, with their prefixes, inside `text[range]`: a
/// redaction keeps them, so that the text keeps its lines.
pub(crate) fn line_breaks(text: &[u8], range: Range<usize>) -> impl Iterator<Item = &[u8]> + '_ {
    let inside = text.get(range).unwrap_or_default();
    memchr::memchr_iter(b'\n', inside).map(move |nl| {
        let from = if nl > 0 && inside.get(nl - 1) == Some(&b'\r') {
            nl - 1
        } else {
            nl
        };
        let prefix = inside
            .get(nl + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| matches!(b, b' ' | b'\t' | b'>'))
            .count();
        inside.get(from..nl + 1 + prefix).unwrap_or_default()
    })
}
