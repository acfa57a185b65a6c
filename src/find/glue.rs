//! Text glued to a token: where a token found inside a longer word ends,
//! and what it swallows.

use crate::decode::segment;
use crate::error::Part;
use crate::find::candidate::{header_info, is_segment, starts_header};
use crate::find::wrap::{Stop, Walk};

/// Bytes that end the text glued to a token: whitespace, controls, quotes,
/// brackets, the separators of logs, JSON and query strings, `.`, and
/// anything not ASCII.
pub(crate) const DELIMITER: [bool; 256] = {
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
pub(crate) fn glued_end(text: &[u8], from: usize, eof: bool, limit: usize) -> Option<usize> {
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
            // Too little text to tell whether a header may begin: wait for
            // more. (Its mutants live: the delimiter search that follows
            // would wait as well, but within 3 bytes of `limit`.)
            Ok(Some(b'e')) if !eof && text.len() < end + n + 3 => return None,
            // A segment that may begin a header is the next token's to
            // claim, not glue, when it can: a header followed by a dot, or
            // the first line of a wrapped one. Else it is glue
            // (`h.p.s.ewk…`), which may hold the signature again.
            Ok(Some(b'e')) if starts_header(text, end + n) => match header_ends(&walk, end + n) {
                Ok(true) => break end,
                Ok(false) => p = end + n,
                Err(()) => return None,
            },
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

/// Whether the segment at `at` can begin the next token: it reads as a
/// header and a dot (or an encoded one) follows it, or a line break does (a
/// header wrapped over lines). `Err` when more text is needed; past the
/// limit, no.
fn header_ends(walk: &Walk<'_>, at: usize) -> Result<bool, ()> {
    let ends = |(body, after): (usize, usize)| -> Result<bool, Stop> {
        if walk.gap(after)?.is_some() {
            return Ok(true);
        }
        if walk.separator(after)?.is_none() {
            return Ok(false);
        }
        let mut decoded = Vec::new();
        let run = walk.text.get(at..at + body).unwrap_or_default();
        Ok(segment::decode(run, Part::Header, &mut decoded).is_ok()
            && header_info(&decoded).is_some())
    };
    match walk.segment(at, true).and_then(ends) {
        Ok(ends) => Ok(ends),
        Err(Stop::Dead) => Ok(false),
        Err(Stop::Pause(_)) => Err(()),
    }
}
