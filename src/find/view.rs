//! Decoded views: a token inside a base64 run (`Authorization: Basic`
//! credentials, a token in a base64 blob), found by reading the run
//! decoded, and replaced with the whole run.
//!
//! A view runs only where its marker stands: the base64 of `eyJ`, the
//! first three characters of nearly every token, at each of the three
//! places it can fall in a group of four ([`BASE64_MARKERS`]). The run
//! around it is at most [`MAX_RUN`] long, is decoded once, and the decoded
//! text is searched by a scanner one view deeper, at most [`MAX_DEPTH`]
//! deep. (A base64 run inside a base64 run shows no marker of its own:
//! its marker is the base64 of a marker. Such nesting is not looked into.)

use std::ops::Range;

use crate::decode::segment;
use crate::error::Part;
use crate::find::rules::BASE64_MARKERS;
use crate::limits::DEFAULT_MAX_LEN;

/// The longest base64 run read as a view: the base64 of the longest token
/// looked for, and some text around it.
pub(crate) const MAX_RUN: usize = DEFAULT_MAX_LEN / 3 * 4 + 1024;

/// How many views deep a token is looked for (base64 inside base64 …).
pub(crate) const MAX_DEPTH: u8 = 3;

/// Shortest run worth decoding: the base64 of the shortest token.
const MIN_RUN: usize = 24;

/// A character of a base64 run, of either alphabet.
fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

/// Whether `text[at..]` begins with one of [`BASE64_MARKERS`].
pub(crate) fn marker_at(text: &[u8], at: usize) -> bool {
    let rest = text.get(at..).unwrap_or_default();
    BASE64_MARKERS.iter().any(|m| rest.starts_with(m))
}

/// The base64 run around the marker at `hit`.
pub(crate) enum View {
    /// A run to read decoded: its text, decoded (to be searched one view
    /// deeper), and where it stands with its padding (what to replace when
    /// it holds a token).
    Run(Vec<u8>, Range<usize>),
    /// No token in this run: a marker inside it needs no second look.
    /// (Only its markers: a token written as itself may begin inside it,
    /// glued to it.)
    Dead(Range<usize>),
    /// The run may go on past the text: decide again from this offset.
    Pause(usize),
}

/// The base64 run around the marker at `hit`, no earlier than `floor`,
/// decoded; `depth` views deep already.
pub(crate) fn base64_view(text: &[u8], hit: usize, floor: usize, eof: bool, depth: u8) -> View {
    if depth >= MAX_DEPTH {
        return View::Dead(hit..hit + 1);
    }
    let lowest = floor.max(hit.saturating_sub(MAX_RUN));
    let before = text.get(lowest..hit).unwrap_or_default();
    let start = hit - before.iter().rev().take_while(|&&b| is_base64(b)).count();
    let after = text.get(hit..).unwrap_or_default();
    let body_end = hit + after.iter().take_while(|&&b| is_base64(b)).count();
    let padding = text
        .get(body_end..)
        .unwrap_or_default()
        .iter()
        .take(2)
        .take_while(|&&b| b == b'=')
        .count();
    let end = body_end + padding;
    // A run that may begin before what can be seen is not read: another
    // reading, seeing more, would decode it from elsewhere. Nor is one too
    // long to hold a token worth decoding.
    let unseen = start == lowest && start > 0 && text.get(start - 1).is_some_and(|&b| is_base64(b));
    if unseen || end - start > MAX_RUN {
        return View::Dead(start..end);
    }
    if !eof && end + 1 >= text.len() {
        return View::Pause(start);
    }
    let body = text.get(start..body_end).unwrap_or_default();
    match (body.len() >= MIN_RUN).then(|| decode(body)).flatten() {
        Some(decoded) => View::Run(decoded, start..end),
        None => View::Dead(start..end),
    }
}

/// The base64 run `run` (padding and all) decoded; `None` when it is no
/// base64.
pub(crate) fn decode(run: &[u8]) -> Option<Vec<u8>> {
    let body_len = run.len() - run.iter().rev().take_while(|&&b| b == b'=').count();
    let body = run.get(..body_len)?;
    // A run whose length is 1 modulo 4 has a character too many to be
    // base64: the last one is text glued to it.
    let body = match body.len() % 4 {
        1 => body.get(..body.len() - 1)?,
        _ => body,
    };
    let mut decoded = Vec::new();
    segment::decode(body, Part::Payload, &mut decoded).ok()?;
    Some(decoded)
}

/// Where a stream's undecided part must start when the scanner paused at
/// `at` with everything from `at` on a base64 run: at the run's start, so
/// that a marker in a later read finds the run whole; held back at most
/// [`MAX_RUN`] and one byte (a longer run is never read as a view).
pub(crate) fn hold_run(text: &[u8], at: usize, floor: usize) -> usize {
    let at = at.min(text.len());
    if !text
        .get(at..)
        .unwrap_or_default()
        .iter()
        .all(|&b| is_base64(b) || b == b'=')
    {
        return at;
    }
    let lowest = floor.max(at.saturating_sub(MAX_RUN + 1));
    let before = text.get(lowest..at).unwrap_or_default();
    at - before.iter().rev().take_while(|&&b| is_base64(b)).count()
}
