//! Where a token can start: the segment alphabet, the places a first
//! segment can begin (found with `memchr`), and what a first segment read
//! as a header says of the token.

use std::sync::OnceLock;

use memchr::memmem::Finder;

use crate::decode::object::{string_value, Object};
use crate::decode::scanjson::scan_object;
use crate::error::Part;
use crate::find::rules::{signature_lengths, BASE64_MARKERS, CLAIM_ANCHORS, HEADER_ANCHORS};

/// Segment characters: the base64url alphabet, and `+` and `/` of the
/// standard one, which the reader reads too (some encoders write it).
pub(crate) const SEGMENT: [bool; 256] = segment_table(true);

/// A signature's characters: the base64url alphabet alone.
pub(crate) const URL_SEGMENT: [bool; 256] = segment_table(false);

pub(crate) const fn segment_table(standard: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')
            || standard && matches!(b as u8, b'+' | b'/');
        b += 1;
    }
    table
}

pub(crate) fn is_segment(b: u8) -> bool {
    SEGMENT[b as usize]
}

/// How many bytes from the start of `text` are in `table`: the one loop
/// that every walk over a segment runs, kept to a table lookup a byte.
pub(crate) fn run_length(text: &[u8], table: &[bool; 256]) -> usize {
    text.iter()
        .position(|&b| !table[b as usize])
        .unwrap_or(text.len())
}

/// Whether `e`, `second`, `third` can begin base64url JSON that starts
/// with `{` and then whitespace, `"` or `}`.
pub(crate) fn can_start(second: u8, third: u8) -> bool {
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
pub(crate) fn candidates(run: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    let rest = run.get(from..).unwrap_or_default();
    memchr::memchr_iter(b'e', rest).map(move |i| from + i)
}

/// Whether a header could start at `start` and end where `run` does:
/// its first three characters fit, and there are enough of them for the
/// shortest object they can begin (`{}`, `{ }`, `{"":0}`) and a length
/// base64 allows.
pub(crate) fn viable(run: &[u8], start: usize) -> bool {
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

/// The needles: `e` and the second character of a header, then the
/// markers of a token inside a base64 run.
pub(crate) fn finders() -> &'static [Finder<'static>; NEEDLES] {
    static FINDERS: OnceLock<[Finder<'static>; NEEDLES]> = OnceLock::new();
    FINDERS.get_or_init(|| {
        let [a, b, c] = BASE64_MARKERS;
        [
            Finder::new(b"ey"),
            Finder::new(b"ew"),
            Finder::new(b"e3"),
            Finder::new(a),
            Finder::new(b),
            Finder::new(c),
        ]
    })
}

/// How many needles [`finders`] gives, and how many of them find a token
/// written as itself (the others, one in a base64 run).
pub(crate) const NEEDLES: usize = 6;
pub(crate) const PLAIN_NEEDLES: usize = 3;

/// Hits ruled out by their third character that stand closer than this
/// (`eyeyey…`) are looked for byte by byte: there a search per hit costs
/// more than the bytes it skips (measured: the two break even at about 10
/// bytes apart).
pub(crate) const NEAR: usize = 12;

/// The offset of the first hit of `finder` in `text[from..end]` that its
/// third character does not rule out, or `limit` when there is none below
/// `limit`. Hits ruled out are skipped here, where it is cheapest (`key`,
/// `they`).
pub(crate) fn first_hit(
    text: &[u8],
    finder: &Finder<'_>,
    mut from: usize,
    end: usize,
    limit: usize,
) -> usize {
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
            match (needle.first(), needle.get(1), text.get(hit + 2)) {
                (Some(b'e'), Some(&second), Some(&third)) if !can_start(second, third) => {}
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
pub(crate) const MAX_REMEMBERED: usize = 1024;

/// The longest header joined from the lines a wrap broke it into: real
/// headers are a few dozen characters; the bound keeps the work on each
/// line of text that merely ends like a header small.
pub(crate) const MAX_WRAPPED_HEADER: usize = 512;

/// Searches run over windows this long, so the three searches find the
/// window in cache.
pub(crate) const WINDOW: usize = 1 << 15;

/// What the scanner keeps of a first segment that reads as a header.
#[derive(Clone, Copy, Default)]
pub(crate) struct HeaderInfo {
    /// It has `enc`: the header of a JWE.
    pub(crate) enc: bool,
    /// It has `alg`: a JOSE header, so that `header.payload` is a token
    /// cut off after its payload.
    pub(crate) jose: bool,
    /// The lengths its algorithm's signatures have in base64url
    /// characters (several for RSA, whose length is the key's); empty when
    /// the algorithm does not say.
    pub(crate) signature: &'static [usize],
    /// It reads as a claims set: it has a registered or the issuer's claim,
    /// so that as a payload it anchors a token.
    pub(crate) claims: bool,
    /// It reads as a JOSE header, so that as a first segment it anchors a
    /// token.
    pub(crate) anchor: bool,
}

/// Reads decoded bytes as a header with the reader's own definition (the
/// one `Token::parse` uses), so that whatever reads as a token is found.
pub(crate) fn header_info(json: &[u8]) -> Option<HeaderInfo> {
    let object = parse_object(json, Part::Header)?;
    let alg = object.get("alg");
    let name = alg.and_then(|raw| string_value(raw).ok());
    Some(HeaderInfo {
        anchor: HEADER_ANCHORS
            .iter()
            .any(|member| object.get(member).is_some()),
        enc: object.get("enc").is_some(),
        jose: alg.is_some(),
        signature: name.map_or(&[][..], |name| signature_lengths(&name)),
        claims: CLAIM_ANCHORS
            .iter()
            .any(|claim| object.get(claim).is_some()),
    })
}

/// Reads decoded bytes as a JSON object, as the reader does. Most
/// candidates fail the syntax scan within a few bytes, so that runs first,
/// on the borrowed bytes: only an object is copied to be read.
pub(crate) fn parse_object(json: &[u8], part: Part) -> Option<Object> {
    if json.first() != Some(&b'{') || scan_object(json).is_err() {
        return None;
    }
    Object::parse(json.to_vec(), part).ok()
}

/// A character of the base64url alphabet.
pub(crate) fn is_url_safe(b: u8) -> bool {
    URL_SEGMENT[b as usize]
}

/// Whether `text[at..]` begins as a header can: `e` and two characters
/// that `{` can be followed by, and as much as its first characters decode
/// to is the start of a JSON object (`{`, whitespace, then `"` or `}`):
/// `ewpM` (`{`, a line break, `L`) begins no header, however it starts.
pub(crate) fn starts_header(text: &[u8], at: usize) -> bool {
    match (text.get(at + 1), text.get(at + 2)) {
        (Some(&second), Some(&third)) if can_start(second, third) => opens_object(text, at),
        _ => false,
    }
}

/// Whether the base64url at `text[at..]` decodes, as far as its first
/// twelve characters go, to what may begin a JSON object.
fn opens_object(text: &[u8], at: usize) -> bool {
    let rest = text.get(at..).unwrap_or_default();
    let run = run_length(rest, &URL_SEGMENT).min(12) / 4 * 4;
    let mut decoded = Vec::new();
    if crate::decode::segment::decode(&rest[..run], crate::error::Part::Header, &mut decoded)
        .is_err()
    {
        return true;
    }
    let mut bytes = decoded.iter().skip(1);
    loop {
        match bytes.next() {
            Some(b' ' | b'\t' | b'\n' | b'\r') => continue,
            Some(b'"' | b'}') | None => return true,
            Some(_) => return false,
        }
    }
}
