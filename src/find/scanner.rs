//! The scanner: from each candidate start, the run of segments that makes
//! a token, if one does.

use std::ops::Range;

use crate::find::candidate::{
    can_start, candidates, finders, first_hit, run_length, viable, HeaderInfo, NEEDLES,
    PLAIN_NEEDLES, SEGMENT, WINDOW,
};
use crate::find::found::{Encoding, Found, Step, TokenKind};
use crate::find::rules::may_begin_gap;
use crate::find::view::{self, View};
use crate::find::wrap::{hold_from, token_text, Stop};
use crate::limits::DEFAULT_MAX_LEN;

mod shape;

/// The scanner's reusable state: cached search positions and decoding
/// buffers. Positions refer to one text; [`reset`](Self::reset) before
/// scanning another.
pub(crate) struct Scanner {
    max_len: usize,
    /// For each needle, the offset of its next occurrence before `limit`,
    /// or `limit` when there is none; stale when `None` or below the scan
    /// position.
    next: [Option<usize>; NEEDLES],
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
    /// How many decoded views deep the text is (see [`view`]).
    depth: u8,
    /// Whether base64 runs are read decoded: a search of its own over the
    /// text, so it is asked for.
    views: bool,
    /// Candidates for a token written as itself before this offset were
    /// decided already (only markers of base64 runs are left there).
    plain_from: usize,
    /// The last base64 run read decoded that held no token.
    dead_view: Range<usize>,
}

enum Run {
    Token(Found),
    Dead(usize),
    Pause(usize),
}

/// Where the token that a first segment begins would end, by
/// interpretation.
struct Shape {
    jws: Option<(usize, TokenKind)>,
    jwe: Option<usize>,
    /// Exactly two segments, the second not empty: where the second ends.
    two: Option<usize>,
    /// Two segments or more, the second not empty: where the second ends.
    second: Option<usize>,
    /// A line break was passed over before the third segment: taken only
    /// when the payload, its lines joined, reads as a JSON object.
    wrapped: Option<Range<usize>>,
    /// Where the second segment stands, when there is one.
    payload: Option<Range<usize>>,
    /// A stray byte was passed over inside the first segment.
    first_stray: bool,
}

/// The first token in `text`, a decoded view `depth` views deep: its text
/// as the reader reads it, and its kind.
fn first_token(text: &[u8], depth: u8) -> Option<(Vec<u8>, TokenKind)> {
    match Scanner::nested(depth).step(text, 0, true) {
        Step::Found(found) => {
            let written = text.get(found.start..found.end)?;
            let read = match found.encoding {
                Some(_) => decoded_token(written)?,
                None => token_text(written).into_owned(),
            };
            Some((read, found.kind))
        }
        Step::Pause(_) => None,
    }
}

/// The token that a run found in a decoded view holds, as the reader reads
/// it: what its marker and its report are made from.
pub(crate) fn decoded_token(run: &[u8]) -> Option<Vec<u8>> {
    first_token(&view::decode(run)?, 1).map(|(read, _)| read)
}

impl Scanner {
    pub(crate) fn new() -> Scanner {
        Scanner {
            max_len: DEFAULT_MAX_LEN,
            next: [None; NEEDLES],
            limit: 0,
            decoded: Default::default(),
            decoded_from: [usize::MAX; 4],
            last_header: Vec::new(),
            last_info: HeaderInfo::default(),
            dotless: 0..0,
            chained: None,
            joined: Vec::new(),
            decoded_payload: Vec::new(),
            depth: 0,
            views: true,
            plain_from: 0,
            dead_view: 0..0,
        }
    }

    /// Reads base64 runs decoded too (see [`view`]).
    pub(crate) fn with_views(mut self, views: bool) -> Scanner {
        self.views = views;
        self
    }

    /// A scanner for the decoded text of a view `depth` views deep.
    pub(crate) fn nested(depth: u8) -> Scanner {
        Scanner {
            depth,
            views: true,
            ..Scanner::new()
        }
    }

    /// Forgets cached positions: the next text is another one.
    pub(crate) fn reset(&mut self) {
        self.next = [None; NEEDLES];
        self.limit = 0;
        self.dotless = 0..0;
        self.chained = None;
        self.plain_from = 0;
        self.dead_view = 0..0;
    }

    /// Finds the first token at or after `pos`. Without `eof` the text may
    /// continue, and the scanner pauses where it would need to see more.
    pub(crate) fn step(&mut self, text: &[u8], pos: usize, eof: bool) -> Step {
        match self.step_inner(text, pos, eof) {
            // A token anchored by its payload starts before it, at the
            // segment before the dot: keep what it may start with; and a
            // base64 run that the text ends in may hold a token that only
            // what comes next shows.
            Step::Pause(at) if !eof => Step::Pause(
                hold_from(text, at, pos, self.max_len).min(view::hold_run(text, at, pos)),
            ),
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
            let marker = self.views && view::marker_at(text, c);
            if !marker && c < self.plain_from {
                pos = c + 1;
                continue;
            }
            if marker {
                // A marker in a run already read decoded, to no token.
                if self.dead_view.contains(&c) {
                    pos = c + 1;
                    continue;
                }
                match view::base64_view(text, c, floor, eof, self.depth) {
                    View::Run(decoded, range) => match first_token(&decoded, self.depth + 1) {
                        Some((_, kind)) => {
                            return Step::Found(Found {
                                start: range.start,
                                end: range.end,
                                glued: range.end,
                                kind,
                                encoding: Some(Encoding::Base64),
                            })
                        }
                        None => {
                            self.dead_view = range;
                            pos = c + 1;
                            continue;
                        }
                    },
                    View::Dead(run) => {
                        self.dead_view = run;
                        pos = c + 1;
                        continue;
                    }
                    View::Pause(at) => return Step::Pause(at),
                }
            }
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
                Run::Dead(end) => {
                    pos = end;
                    // A run of segment characters that holds no token may
                    // hold the marker of one in base64 (the base64 of a
                    // JSON object begins `eyJ` too): go back for it, and
                    // pass over the run's other candidates, decided here.
                    if self.views {
                        let limit = self.limit;
                        let marker = self.next[PLAIN_NEEDLES..]
                            .iter()
                            .flatten()
                            .copied()
                            .filter(|&at| at > c && at < end && at < limit)
                            .min();
                        if let Some(marker) = marker {
                            self.plain_from = end;
                            pos = marker;
                        }
                    }
                }
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
                self.next = [None; NEEDLES];
            }
            // One byte past the window, so a needle across its edge is found.
            let end = len.min(self.limit + 1);
            let limit = self.limit;
            let mut best = limit;
            let needles = if self.views { NEEDLES } else { PLAIN_NEEDLES };
            for (next, finder) in self.next.iter_mut().zip(finders()).take(needles) {
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
        if text.get(end).is_some_and(|&b| may_begin_gap(b)) {
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
            // No token from a header here; a payload whose pieces noise
            // separates may still anchor one.
            return self
                .payload_anchor(text, c, end, floor, eof)
                .unwrap_or(Run::Dead(end));
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
        // A first segment that is not a JOSE header anchors nothing by
        // itself: its payload must read as a claims set.
        if !info.anchor {
            // Nor is a stray byte passed over to join one to what follows
            // (`e30 eyJ…`: a word, then a token).
            if shape.first_stray {
                return None;
            }
            let payload = shape.payload.clone()?;
            if !self
                .reads_as_object(text, payload)
                .is_some_and(|claims| claims)
            {
                return None;
            }
        }
        let pick = match (shape.jwe, shape.jws, shape.two) {
            (Some(jwe), _, _) if info.enc && fits(jwe) => (jwe, TokenKind::Jwe),
            (_, Some((jws, kind)), _) if fits(jws) => (jws, kind),
            (Some(jwe), _, _) if fits(jwe) => (jwe, TokenKind::Jwe),
            (_, _, Some(two)) if info.jose && fits(two) => (two, TokenKind::Truncated),
            _ => return None,
        };
        // A payload wrapped over lines is joined only when it reads as a
        // JSON object; otherwise the token ends at the break.
        if let Some(wrapped) = &shape.wrapped {
            if self.reads_as_object(text, wrapped.clone()).is_none() {
                return match self.unwrapped_shape(text, end, eof) {
                    Some(two) if info.jose && fits(two) => {
                        Some(self.token(text, start, two, TokenKind::Truncated, info, eof))
                    }
                    _ => None,
                };
            }
        }
        Some(self.token(text, start, pick.0, pick.1, info, eof))
    }
}
