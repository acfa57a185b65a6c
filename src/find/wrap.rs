//! Tokens a wrap or an encoding broke: line breaks and `> ` prefixes
//! inside them, encoded dots (`%2E`, `\\u002e`), and the text a reader
//! reads from such a token.

use std::ops::Range;

use crate::find::candidate::{
    is_segment, is_url_safe, run_length, starts_header, MAX_WRAPPED_HEADER, SEGMENT, URL_SEGMENT,
};
use crate::find::rules::{self, MAX_GAP, MAX_SEPARATOR, SEPARATORS};
use crate::limits::DEFAULT_MAX_LEN;

pub(crate) use crate::find::rules::Stop;

/// Whether a separator follows `p`, on its line or at the start of the
/// next: how a header that a wrap broke must end.
pub(crate) fn dotted(walk: &Walk<'_>, p: usize) -> Result<bool, ()> {
    let after_break = match walk.gap(p) {
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
pub(crate) const WRAP_SPAN: usize = (MAX_GAP + 1) * (MAX_WRAPPED_HEADER + 1);

/// How far the lines after the line break at `from` continue each other
/// (a line break, a prefix, a run of segment characters, and again), for
/// a candidate whose line ends at `end` and whose wrapped header, joined
/// from those lines, ran out of room: every candidate whose line ends
/// between `end` and the returned bound would join the same lines, and run
/// out of room too or stop without a dot. Walks to where the lines stop,
/// or at most twice a wrapped header's span, or to where more text is
/// needed; then also returns the end of the last line walked, to go on
/// from there for a later candidate.
pub(crate) fn dotless_chain(text: &[u8], from: usize, eof: bool) -> (usize, Option<usize>) {
    let walk = Walk {
        text,
        eof,
        limit: usize::MAX,
        earliest: text.len(),
    };
    let stop = from.saturating_add(2 * WRAP_SPAN);
    let mut p = from;
    while p < stop {
        let Ok(next) = walk.gap(p) else {
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
pub(crate) struct Walk<'a> {
    pub(crate) text: &'a [u8],
    pub(crate) eof: bool,
    pub(crate) limit: usize,
    pub(crate) earliest: usize,
}

impl Walk<'_> {
    /// The byte at `p`: `None` at the end of the text, a pause when more
    /// text may come, dead past the limit.
    pub(crate) fn byte(&self, p: usize) -> Result<Option<u8>, Stop> {
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
    pub(crate) fn padding(&self, mut p: usize, most: usize) -> Result<usize, Stop> {
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
    pub(crate) fn segment(&self, p: usize, standard: bool) -> Result<(usize, usize), Stop> {
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

    /// The length of a separator at `p`: `.`, or one of the encoded dots
    /// of [`SEPARATORS`].
    pub(crate) fn separator(&self, p: usize) -> Result<Option<usize>, Stop> {
        rules::separator(&|i| self.byte(i), p)
    }

    /// The length of the noise at `p` (see [`rules::gap`]): a line break
    /// and what a wrap adds, markup, escapes, invisible characters.
    pub(crate) fn gap(&self, p: usize) -> Result<Option<usize>, Stop> {
        match self.byte(p)? {
            Some(b) if rules::may_begin_gap(b) => rules::gap(&|i| self.byte(i), p),
            _ => Ok(None),
        }
    }
}

/// A byte that may stand inside a damaged header or payload: printable
/// ASCII or a space, other than what ends a field in logs, JSON and query
/// strings (quotes, brackets, separators).
pub(crate) fn is_stray(b: u8) -> bool {
    (b' '..0x7F).contains(&b) && !is_segment(b) && !b"\"'`()<>[]{},;&|\\.".contains(&b)
}

/// The length of the separator that ends just before `c`.
pub(crate) fn separator_before(text: &[u8], c: usize) -> Option<usize> {
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
pub(crate) fn segment_start(text: &[u8], end: usize, floor: usize) -> usize {
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
/// that segment, its padding and the dot (or an encoded dot, or the part
/// of one before `at`: `%2` when `at` holds its `e`, or when the text ends
/// there), at most `max_len`, never before `floor`.
pub(crate) fn hold_from(text: &[u8], at: usize, floor: usize, max_len: usize) -> usize {
    let at = at.min(text.len());
    let lowest = floor.max(at.saturating_sub(max_len)).min(at);
    let before = text.get(lowest..at).unwrap_or_default();
    let after = text.get(at..).unwrap_or_default();
    let mut u = before.len();
    // An encoded dot that `at` cuts: `%2` before it, `e` (or nothing yet)
    // from it on.
    let cut = (1..MAX_SEPARATOR)
        .rev()
        .find(|&n| {
            let tail = before.get(u.saturating_sub(n)..u).unwrap_or_default();
            tail.len() == n
                && SEPARATORS.iter().any(|sep| {
                    let (head, rest) = sep.split_at(n.min(sep.len()));
                    let seen = rest.len().min(after.len());
                    !rest.is_empty() && head == tail && rest.get(..seen) == after.get(..seen)
                })
        })
        .unwrap_or(0);
    u -= cut;
    // Whether the segment before `at` may yet go on. Taking it as open
    // when it is not (the mutants `!=` and `>=` here) holds back a few more
    // bytes and finds the same tokens: only how soon text is handed on
    // tells, and by a segment's length at most.
    let open = at == text.len() || cut > 0;
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
pub(crate) fn wrapped_signature(
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
    // The signature's characters so far: those of its run, after any
    // padding is taken off its end and any encoded dot off its start (the
    // last characters of `%2E` or `\x2e` are base64url).
    let body = head.len() - head.iter().rev().take_while(|&&b| b == b'=').count();
    let run = head.get(..body).unwrap_or_default();
    let first = body - run.iter().rev().take_while(|&&b| is_url_safe(b)).count();
    let from = (first..=body.min(first + MAX_SEPARATOR))
        .rev()
        .find(|&i| {
            let before = head.get(..i).unwrap_or_default();
            SEPARATORS.iter().any(|sep| before.ends_with(sep))
        })
        .unwrap_or(first);
    let mut seen = body - from;
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let mut end = end;
    let mut stray = false;
    loop {
        // Whether anything could continue it, before looking further: a
        // line that ends a whole signature is decided as it stands.
        let wrapped = memchr::memchr(b'\n', text.get(start..end).unwrap_or_default()).is_some();
        let short = seen < longest && !lengths.contains(&seen);
        if !(short || wrapped) {
            // Complete at one length (RSA's vary with the key): pieces
            // after noise go with it only when they complete a longer one.
            if seen < longest {
                return match completing(&walk, end, seen, lengths) {
                    Ok(to) => Ok((to.unwrap_or(end), stray)),
                    Err(Stop::Dead) => Ok((end, stray)),
                    Err(Stop::Pause(_)) => Err(()),
                };
            }
            return Ok((end, stray));
        }
        let (n, broke) = match walk.gap(end) {
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
        if body == 0 {
            return Ok((end, stray));
        }
        let completes = lengths.contains(&(seen + body));
        // A line that may begin a header begins the next token, unless it
        // completes the signature and no dot follows it: then it is the
        // signature's last piece (`e33V…`), which would show if left. A
        // wrapped header of the next token that happens to complete it is
        // taken along; what is left of that token is found by its payload.
        if starts_header(text, end + n) && text.get(end + n) == Some(&b'e') {
            let dotted = match walk.separator(after) {
                Ok(found) => found.is_some(),
                Err(Stop::Dead) => true,
                Err(Stop::Pause(_)) => return Err(()),
            };
            if dotted {
                return Ok((end, stray));
            }
            if !completes {
                // A piece of the signature that happens to begin like a
                // header (`ewp…`): it goes with it only when it and the
                // pieces after it complete the signature exactly.
                return match completing(&walk, end, seen, lengths) {
                    Ok(to) => Ok((to.unwrap_or(end), stray)),
                    Err(Stop::Dead) => Ok((end, stray)),
                    Err(Stop::Pause(_)) => Err(()),
                };
            }
        }
        let taken = if broke {
            let full = match walk.gap(after) {
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

/// Where the pieces that follow a signature of `seen` characters ending at
/// `end`, each after noise, end when together they complete it to one of
/// `lengths` (the longest they reach: an RSA signature's pieces pass the
/// shorter keys' lengths on their way); `None` when they do not, or a piece
/// begins the next token.
fn completing(
    walk: &Walk<'_>,
    end: usize,
    mut seen: usize,
    lengths: &[usize],
) -> Result<Option<usize>, Stop> {
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let mut p = end;
    let mut reached = None;
    // Past the limit, what was reached stands; more text needed is asked for.
    let step = |p: usize| -> Result<Option<(usize, usize, usize)>, Stop> {
        let Some(n) = walk.gap(p)? else {
            return Ok(None);
        };
        let (body, after) = walk.segment(p + n, false)?;
        // A piece that begins like a header and is followed by a dot is the
        // next token's.
        let next_token = starts_header(walk.text, p + n)
            && walk.byte(p + n)? == Some(b'e')
            && walk.separator(after)?.is_some();
        Ok((!next_token && body > 0).then_some((n, body, after)))
    };
    while seen < longest {
        match step(p) {
            Ok(Some((_, body, after))) => {
                seen += body;
                p = after;
                if lengths.contains(&seen) {
                    reached = Some(p);
                }
            }
            Ok(None) | Err(Stop::Dead) => break,
            Err(pause) => return Err(pause),
        }
    }
    Ok(reached)
}

/// What a byte of a found token's text is, walking it from the start (not
/// the public [`Piece`](crate::Piece) of a stream).
enum Bit {
    /// A segment character, padding or a stray byte: the token's own.
    Own(u8),
    /// A dot or an encoded one, this long.
    Dot(usize),
    /// Noise between two pieces (see [`rules::gap`]), this long.
    Gap(usize),
}

/// The pieces of a found token's text, in order.
fn pieces(text: &[u8]) -> impl Iterator<Item = (usize, Bit)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let at = i;
        let piece = piece_at(text, at)?;
        i += match piece {
            Bit::Own(_) => 1,
            Bit::Dot(n) | Bit::Gap(n) => n,
        };
        Some((at, piece))
    })
}

/// The piece of `text` at `i`. Kept out of line: every reading of a found
/// token's text shares one copy.
#[inline(never)]
fn piece_at(text: &[u8], i: usize) -> Option<Bit> {
    let &b = text.get(i)?;
    Some(if is_segment(b) {
        Bit::Own(b)
    } else if let Some(n) = rules::separator_in(text, i) {
        Bit::Dot(n)
    } else if let Some(n) = rules::may_begin_gap(b)
        .then(|| rules::gap_in(text, i))
        .flatten()
    {
        Bit::Gap(n)
    } else {
        Bit::Own(b)
    })
}

/// A found token's text as the reader reads it: the noise between its
/// pieces (line breaks and what a wrap adds, markup, escapes, invisible
/// characters) taken out, encoded dots written as `.`. Borrowed when there
/// is nothing to undo.
pub(crate) fn token_text(text: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if text
        .iter()
        .all(|&b| is_segment(b) || b == b'.' || b == b'=')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len());
    for (_, piece) in pieces(text) {
        match piece {
            Bit::Own(b) => out.push(b),
            Bit::Dot(_) => out.push(b'.'),
            Bit::Gap(_) => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The segment characters of `text`, the noise between them taken out,
/// pushed onto `out`.
pub(crate) fn segment_characters(text: &[u8], out: &mut Vec<u8>) {
    out.extend(pieces(text).filter_map(|(_, piece)| match piece {
        Bit::Own(b) if is_segment(b) => Some(b),
        _ => None,
    }));
}

/// Whether `text` holds an encoded dot (`%2E`, `\u002e`, `&#46;`, …).
pub(crate) fn has_encoded_dot(text: &[u8]) -> bool {
    pieces(text).any(|(_, piece)| matches!(piece, Bit::Dot(n) if n > 1))
}

/// The noise inside `text[range]` that holds a line break: a redaction
/// keeps it, so that the text keeps its lines and its syntax (a string
/// concatenation, a shell continuation, a soft line break stay what they
/// were, around the marker).
pub(crate) fn line_breaks(
    text: &[u8],
    range: Range<usize>,
) -> impl Iterator<Item = Range<usize>> + '_ {
    // A found token's range, inside the text it was found in: a fuzzer
    // sees a violation; a release build keeps no line breaks rather than
    // stopping.
    debug_assert!(range.start <= range.end && range.end <= text.len());
    let base = range.start;
    let inside = text.get(range).unwrap_or_default();
    let any = memchr::memchr(b'\n', inside).is_some();
    pieces(if any { inside } else { &[] }).filter_map(move |(at, piece)| match piece {
        Bit::Gap(n) => inside
            .get(at..at + n)
            .filter(|gap| memchr::memchr(b'\n', gap).is_some())
            .map(|_| base + at..base + at + n),
        Bit::Own(b'\n') => Some(base + at..base + at + 1),
        _ => None,
    })
}

/// Whether the line that ends at `end` is as long as the line before it,
/// both inside the token that starts at `start`: the token was wrapped at
/// a fixed width, and this line was full.
pub(crate) fn same_width(text: &[u8], start: usize, end: usize) -> bool {
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
