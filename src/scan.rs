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

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use memchr::memmem::Finder;
use serde::Serialize;

use crate::probe;
use crate::token::DEFAULT_MAX_LEN;

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
}

impl Kind {
    /// `jws`, `jwe` or `unsigned`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Jws => "jws",
            Kind::Jwe => "jwe",
            Kind::Unsigned => "unsigned",
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
    /// next whitespace, quote, bracket, `.`, separator (`,;&|\`),
    /// non-ASCII byte or token, without a `:`, `!` or `?` that ends a
    /// sentence. A signature broken by a stray character or written in the
    /// standard alphabet (`+`, `/`) goes on past [`end`](Self::end);
    /// redaction replaces `start..glued_end`, so that no part of it shows.
    /// At most [`DEFAULT_MAX_LEN`] past `end`.
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

/// Finds the tokens in a text, left to right.
///
/// A token is a run of three (JWS) or five (JWE) segments of base64url
/// characters joined by `.`, whose first segment decodes (padded or not) to
/// a JSON object (nested at most 16 levels deep); the last JWS segment and
/// a JWE's second may be empty, a JWS's payload (detached) when its
/// signature is not, and segments may carry `=` padding. A token ends at
/// the first character that cannot continue it (what is glued on after it
/// is [`Found::glued_end`]), and is found wherever it stands, even glued to
/// preceding text: then it starts at its header. Five segments are a JWE
/// when the header has an `enc` member, or when the first three are not a
/// JWS; otherwise the token is the first three. Tokens longer than
/// [`DEFAULT_MAX_LEN`] are not looked for.
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

/// Segment characters: the base64url alphabet.
const SEGMENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_');
        b += 1;
    }
    table
};

fn is_segment(b: u8) -> bool {
    SEGMENT[b as usize]
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

/// Searches run over windows this long, so the three searches find the
/// window in cache.
const WINDOW: usize = 1 << 15;

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

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
    /// The last first segment read as a header, and whether it has `enc`:
    /// a log repeats its tokens' headers, and comparing is cheaper than
    /// decoding and parsing.
    last_header: Vec<u8>,
    last_enc: bool,
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

/// Where the token that a header begins would end, by interpretation.
struct Shape {
    jws: Option<(usize, Kind)>,
    jwe: Option<usize>,
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
            last_enc: false,
        }
    }

    /// Forgets cached positions: the next text is another one.
    pub(crate) fn reset(&mut self) {
        self.next = [None; 3];
        self.limit = 0;
    }

    /// Finds the first token at or after `pos`. Without `eof` the text may
    /// continue, and the scanner pauses where it would need to see more.
    pub(crate) fn step(&mut self, text: &[u8], mut pos: usize, eof: bool) -> Step {
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
            match self.run(text, c, eof) {
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
    /// the token that starts at its leftmost header, or none.
    fn run(&mut self, text: &[u8], c: usize, eof: bool) -> Run {
        let len = text.len();
        let max_len = self.max_len;
        let after = text.get(c + 3..).unwrap_or_default();
        let end = c
            + 3
            + after
                .iter()
                .position(|&b| !is_segment(b))
                .unwrap_or(after.len());
        if end >= len && !eof {
            // Candidates more than `max_len` before the end of the text
            // would make tokens too long, whatever comes next.
            return Run::Pause(c.max(len.saturating_sub(max_len)));
        }
        // Most candidates are words such as `eyJ.x`: too short for any
        // header, ruled out before looking further.
        let run = text.get(..end).unwrap_or_default();
        let lowest = c.max((end + 3).saturating_sub(max_len));
        if !candidates(run, lowest).any(|start| viable(run, start)) {
            return Run::Dead(end);
        }
        let shape = match shape(text, end, eof, end.saturating_add(max_len)) {
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
        let shortest = match (shape.jws, shape.jwe) {
            (Some((jws, _)), Some(jwe)) => jws.min(jwe),
            (Some((jws, _)), None) => jws,
            (None, Some(jwe)) => jwe,
            (None, None) => return Run::Dead(end),
        };
        self.decoded_from = [usize::MAX; 4];
        let lowest = c.max(shortest.saturating_sub(max_len));
        for start in candidates(run, lowest) {
            if !viable(run, start) {
                continue;
            }
            let segment = run.get(start..).unwrap_or_default();
            let encrypted = if !self.last_header.is_empty() && segment == self.last_header {
                self.last_enc
            } else {
                let Some(encrypted) = self.header(run, start) else {
                    continue;
                };
                if segment.len() <= MAX_REMEMBERED {
                    self.last_header.clear();
                    self.last_header.extend_from_slice(segment);
                    self.last_enc = encrypted;
                }
                encrypted
            };
            let fits = |token_end: usize| token_end - start <= max_len;
            let pick = match (shape.jwe, shape.jws) {
                (Some(jwe), _) if encrypted && fits(jwe) => Some((jwe, Kind::Jwe)),
                (_, Some((jws, kind))) if fits(jws) => Some((jws, kind)),
                (Some(jwe), _) if fits(jwe) => Some((jwe, Kind::Jwe)),
                _ => None,
            };
            if let Some((token_end, kind)) = pick {
                let limit = token_end.saturating_add(max_len);
                // Undecided: look again from this token's start, which
                // stays within reach of the text kept for a stream.
                let Some(glued) = glued_end(text, token_end, eof, limit) else {
                    return Run::Pause(start);
                };
                return Run::Token(Found {
                    start,
                    end: token_end,
                    glued,
                    kind,
                });
            }
        }
        Run::Dead(end)
    }

    /// Reads `run[start..]` as a header: `Some(has enc)` when it decodes to
    /// a JSON object.
    fn header(&mut self, run: &[u8], start: usize) -> Option<bool> {
        let class = start % 4;
        let decoded = &mut self.decoded[class];
        let from = &mut self.decoded_from[class];
        if *from > start {
            decoded.clear();
            *from = start;
            if LENIENT.decode_vec(run.get(start..)?, decoded).is_err() {
                decoded.clear();
            }
        }
        let offset = (start - *from) / 4 * 3;
        let json = decoded.get(offset..)?;
        probe::object(json)
    }
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
/// with it up to the next delimiter, so that no part of a broken signature
/// shows; punctuation that ends a sentence (`:`, `!`, `?`) stays out. At
/// most up to `limit`; `None` when the text may go on and more is needed
/// to decide.
fn glued_end(text: &[u8], from: usize, eof: bool, limit: usize) -> Option<usize> {
    let stop = text.len().min(limit);
    let rest = text.get(from..stop).unwrap_or_default();
    let end = match rest.iter().position(|&b| DELIMITER[usize::from(b)]) {
        Some(i) => from + i,
        None if stop == limit || eof => stop.max(from),
        None => return None,
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

/// Follows the segments after a first segment that ends at `end`, up to
/// `limit`.
fn shape(text: &[u8], end: usize, eof: bool, limit: usize) -> Result<Shape, Stop> {
    // Once three segments are known, a JWS may end before the text does
    // even when more text is needed to rule out a JWE.
    let mut earliest = text.len();
    let at = |p: usize, earliest: usize| -> Result<Option<u8>, Stop> {
        if p > limit {
            return Err(Stop::Dead);
        }
        match text.get(p) {
            Some(&b) => Ok(Some(b)),
            None if eof => Ok(None),
            None => Err(Stop::Pause(earliest)),
        }
    };
    let mut p = end;
    // The first segment's padding cannot be checked against its length
    // here (that depends on where the header starts); a `.` must follow.
    let mut pad = 0;
    while pad < 2 && at(p, earliest)? == Some(b'=') {
        p += 1;
        pad += 1;
    }
    if at(p, earliest)? != Some(b'.') {
        return Err(Stop::Dead);
    }
    p += 1;
    let mut ends = [0usize; 5];
    let mut bodies = [0usize; 5];
    let mut count = 1;
    loop {
        let start = p;
        let stop = text.len().min(limit.saturating_add(1));
        let rest = text.get(p..stop).unwrap_or_default();
        p += rest
            .iter()
            .position(|&b| !is_segment(b))
            .unwrap_or(rest.len());
        // The byte that ended the segment, or the reason there is none.
        at(p, earliest)?;
        let body = p - start;
        let padding = match body % 4 {
            2 => 2,
            3 => 1,
            _ => 0,
        };
        let mut k = 0;
        while k < padding && at(p, earliest)? == Some(b'=') {
            p += 1;
            k += 1;
        }
        ends[count] = p;
        bodies[count] = body;
        count += 1;
        // A JWS with a payload is known once three segments are; one
        // whose payload is empty may still turn out a JWE.
        if count == 3 && bodies[1] > 0 {
            earliest = p;
        }
        if count == 5 || at(p, earliest)? != Some(b'.') {
            break;
        }
        p += 1;
    }
    let jws = (count >= 3 && (bodies[1] > 0 || bodies[2] > 0)).then(|| {
        let kind = if bodies[2] > 0 {
            Kind::Jws
        } else {
            Kind::Unsigned
        };
        (ends[2], kind)
    });
    let jwe = (count == 5 && bodies[2] > 0 && bodies[3] > 0 && bodies[4] > 0).then_some(ends[4]);
    // An empty (detached, RFC 7515 F) payload with a signature is a JWS
    // only when five segments cannot be read as a JWE.
    let jws = jws.filter(|_| bodies[1] > 0 || jwe.is_none());
    Ok(Shape { jws, jwe })
}
