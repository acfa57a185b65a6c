//! How far the run from a candidate goes: the shape of its segments,
//! wrapped headers and payloads, and the token it makes.

use std::ops::Range;

use crate::decode::segment;
use crate::error::Part;
use crate::find::candidate::{
    header_info, is_segment, parse_object, run_length, HeaderInfo, MAX_REMEMBERED,
    MAX_WRAPPED_HEADER, SEGMENT,
};
use crate::find::found::{Found, TokenKind};
use crate::find::glue::glued_end;
use crate::find::rules::ANY_SIGNATURE;
use crate::find::scanner::{Run, Scanner, Shape};
use crate::find::wrap::{
    dotless_chain, dotted, is_stray, segment_characters, segment_start, separator_before,
    wrapped_signature, Stop, Walk,
};

impl Scanner {
    /// A header broken over lines by a wrap, from the candidate `c` whose
    /// run ends at a line break at `end`: the runs of the lines that follow
    /// (after their indentation or `> ` prefix) joined to it decode to a
    /// JSON object. Its token, or `None` when there is none.
    pub(super) fn wrapped_header(
        &mut self,
        text: &[u8],
        c: usize,
        end: usize,
        eof: bool,
    ) -> Option<Run> {
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
            let n = match walk.gap(p) {
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
    pub(super) fn token(
        &self,
        text: &[u8],
        start: usize,
        token_end: usize,
        kind: TokenKind,
        info: HeaderInfo,
        eof: bool,
    ) -> Run {
        let max_len = self.max_len;
        let (token_end, kind) = match kind {
            TokenKind::Jws | TokenKind::Damaged | TokenKind::Unsigned => {
                // A header that is damaged, or no JOSE header, does not say
                // how long its signature is: any length an algorithm gives
                // completes it.
                let lengths = match info.signature {
                    [] if !info.anchor => &ANY_SIGNATURE[..],
                    lengths => lengths,
                };
                match wrapped_signature(text, token_end, start, lengths, eof) {
                    Ok((end, _)) if end == token_end => (token_end, kind),
                    Ok((end, true)) => (end.min(start + max_len), TokenKind::Damaged),
                    Ok((end, false)) if kind == TokenKind::Unsigned => {
                        (end.min(start + max_len), TokenKind::Jws)
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
            encoding: None,
        })
    }

    /// The shape again, line breaks not passed over: for a wrapped payload
    /// that did not read as JSON. The end of a `header.payload` on its
    /// own line, if that is what is left.
    pub(super) fn unwrapped_shape(&mut self, text: &[u8], end: usize, eof: bool) -> Option<usize> {
        let shape = self
            .shape(text, end, eof, end.saturating_add(self.max_len), false)
            .ok()?;
        shape.two
    }

    /// A token whose first segment is damaged or not JSON, anchored by its
    /// payload: the candidate at `c` begins a segment right after a dot,
    /// reads as a JSON object, and a signature follows. It starts where
    /// the segment before the dot does.
    pub(super) fn payload_anchor(
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
        let end = match self.header(run, c) {
            Some(info) if info.claims => end,
            Some(_) => return None,
            None => match self.joined_payload(text, c, end, eof) {
                Ok(Some(end)) => end,
                Ok(None) => return None,
                Err(()) => return Some(Run::Pause(start)),
            },
        };
        // Noise before the dot after it (a soft line break that falls just
        // there) is passed over.
        let walk = Walk {
            text,
            eof,
            limit: start.saturating_add(self.max_len),
            earliest: text.len(),
        };
        let end = match walk.gap(end).and_then(|n| match n {
            Some(n) => Ok(walk.separator(end + n)?.map(|_| end + n)),
            None => Ok(None),
        }) {
            Ok(Some(dot)) => dot,
            Ok(None) | Err(Stop::Dead) => end,
            Err(Stop::Pause(_)) => return Some(Run::Pause(start)),
        };
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
        Some(self.token(text, start, token_end, TokenKind::Damaged, info, eof))
    }

    /// A payload from `c` whose run ends at `end` in noise: its pieces
    /// after the noise, joined, until they decode to a claims set. Where
    /// the last piece ends; `None` when they do not within a few dozen
    /// pieces and a few kilobytes; `Err` when more text is needed.
    fn joined_payload(
        &mut self,
        text: &[u8],
        c: usize,
        end: usize,
        eof: bool,
    ) -> Result<Option<usize>, ()> {
        const MOST_PIECES: usize = 32;
        const MOST_BYTES: usize = 4096;
        let walk = Walk {
            text,
            eof,
            limit: c.saturating_add(MOST_BYTES),
            earliest: text.len(),
        };
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        joined.extend_from_slice(text.get(c..end).unwrap_or_default());
        let mut p = end;
        let mut outcome = Ok(None);
        for _ in 0..MOST_PIECES {
            let n = match walk.gap(p) {
                Ok(Some(n)) => n,
                Ok(None) | Err(Stop::Dead) => break,
                Err(Stop::Pause(_)) => {
                    outcome = Err(());
                    break;
                }
            };
            let rest = text.get(p + n..).unwrap_or_default();
            let body = run_length(rest, &SEGMENT);
            if body == 0 || joined.len() + body > MOST_BYTES {
                break;
            }
            if !eof && p + n + body >= text.len() {
                outcome = Err(());
                break;
            }
            joined.extend_from_slice(rest.get(..body).unwrap_or_default());
            p += n + body;
            let claims = segment::decode(&joined, Part::Payload, &mut self.decoded_payload).is_ok()
                && header_info(&self.decoded_payload).is_some_and(|info| info.claims);
            if claims {
                outcome = Ok(Some(p));
                break;
            }
        }
        self.joined = joined;
        outcome
    }

    /// Reads `run[start..]` as a header: what it says, when it decodes to
    /// a JSON object.
    pub(super) fn header(&mut self, run: &[u8], start: usize) -> Option<HeaderInfo> {
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
    /// pieces noise separates), joined, decode to a JSON object: `None`
    /// when they do not, else whether it is a claims set.
    pub(super) fn reads_as_object(&mut self, text: &[u8], range: Range<usize>) -> Option<bool> {
        self.joined.clear();
        let piece = text.get(range).unwrap_or_default();
        segment_characters(piece, &mut self.joined);
        if segment::decode(&self.joined, Part::Payload, &mut self.decoded_payload).is_err() {
            return None;
        }
        parse_object(&self.decoded_payload, Part::Payload)?;
        Some(header_info(&self.decoded_payload).is_some_and(|info| info.claims))
    }

    /// Follows the segments after a first segment that ends at `end`, up
    /// to `limit`. With `links`, a line break (and the indentation or `> `
    /// quote prefix a wrap adds) may join a header or payload to what
    /// follows, and one stray byte inside them may be passed over.
    pub(super) fn shape(
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
        let mut first_stray = false;
        let mut broken_over_lines = false;
        loop {
            let mut q = p;
            let mut broke = false;
            if links && count < 3 {
                if let Some(n) = walk.gap(q)? {
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
                        if let Some(n) = walk.gap(q)? {
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
                // A stray byte inside the segment, or in place of its last
                // character, just before the separator (`h.p .s`).
                let stray_here = walk.byte(p)?.is_some_and(is_stray)
                    && (walk.byte(p + 1)?.is_some_and(is_segment)
                        || walk.separator(p + 1)?.is_some());
                if stray_here {
                    before_link.get_or_insert((count, ends, bodies));
                    stray = true;
                    first_stray = count == 1;
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
                TokenKind::Damaged
            } else if bodies[2] > 0 {
                TokenKind::Jws
            } else {
                TokenKind::Unsigned
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
            payload: (count >= 2).then_some(payload_start..ends[1]),
            first_stray: stray && first_stray,
            wrapped,
        })
    }
}
