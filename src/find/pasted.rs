//! Pasted text that holds tokens (a log line, a curl command, an API
//! response): the tokens found in it and where each was found.

use std::ops::Range;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{ErrorKind, Part};
use crate::find::scan::find_tokens;

/// The message of `no-token-found`.
pub(crate) const NO_TOKEN_FOUND: &str = "no token found in the pasted text";

/// Where in pasted text a report's token was found: its byte offset, and
/// its place among the tokens found there (from 1: "token 2 of 3").
///
/// Serialises as `{"offset", "index", "of"}`, the `source` member of the
/// JSON report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    offset: usize,
    index: usize,
    of: usize,
    /// Where text glued to the token's end begins (further segments, a
    /// character base64url has not): the part and the offset in it. What
    /// was pasted is then not the token's exact serialization.
    #[serde(skip)]
    glued: Option<(Part, usize)>,
}

impl Source {
    pub(crate) fn new(offset: usize, index: usize, of: usize) -> Source {
        Source {
            offset,
            index,
            of,
            glued: None,
        }
    }

    /// Where text glued to the token's end begins, when some is: what
    /// verification needs to know (feature `verify`).
    #[cfg(feature = "verify")]
    pub(crate) fn glued(&self) -> Option<(Part, usize)> {
        self.glued
    }

    /// The byte offset of the token's first character in the pasted text.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The token's place among those found, from 1.
    pub fn index(&self) -> usize {
        self.index
    }

    /// How many tokens were found in the pasted text.
    pub fn of(&self) -> usize {
        self.of
    }

    /// The same source with its offset counted in other units: for
    /// bindings whose strings index by characters or UTF-16 code units.
    #[must_use]
    pub fn in_units(mut self, offset: usize) -> Source {
        self.offset = offset;
        self
    }

    /// The `input-cleaned` note that says where the token was found.
    pub(crate) fn note(&self) -> Diagnostic {
        let message = if self.of == 1 {
            format!("found at byte {} of the pasted text", self.offset)
        } else {
            format!(
                "token {} of {} in the pasted text, found at byte {}",
                self.index, self.of, self.offset
            )
        };
        Diagnostic::new(Severity::Info, Code::InputCleaned, message)
    }
}

/// Whether an unreadable input deserves a search: not when it is empty or
/// too large to look at.
pub(crate) fn searchable(kind: ErrorKind) -> bool {
    !matches!(kind, ErrorKind::Empty | ErrorKind::TooLarge)
}

/// The tokens found in `text`, with their sources: `None` when there is
/// none.
pub(crate) fn found(text: &[u8]) -> Option<Vec<(Range<usize>, Source)>> {
    let tokens: Vec<(Range<usize>, bool)> = find_tokens(text)
        .map(|f| {
            let ended = text.get(f.end()).is_none_or(|&b| ends_token(b));
            (f.token_range(), f.glued_end() > f.end() || !ended)
        })
        .collect();
    let of = tokens.len();
    (of > 0).then(|| {
        tokens
            .into_iter()
            .enumerate()
            .map(|(i, (r, glued))| {
                let mut source = Source::new(r.start, i + 1, of);
                if glued {
                    source.glued = Some(end_of(&text[r.clone()]));
                }
                (r, source)
            })
            .collect()
    })
}

/// Whether `b` right after a token ends it as pasted: whitespace, a quote,
/// a bracket, a field separator, a backslash (of an escape in a JSON
/// string) or `%` (of a percent-encoded one). After anything else (`.`,
/// `?`, `!`, …) what was pasted is not the token's exact serialization.
fn ends_token(b: u8) -> bool {
    b.is_ascii_whitespace() || b"\"'`()<>[]{},;&|\\%".contains(&b)
}

/// The part a token's text ends in, by its dots, and that part's length.
fn end_of(token: &[u8]) -> (Part, usize) {
    let part = match memchr::memchr_iter(b'.', token).count() {
        0 => Part::Header,
        1 => Part::Payload,
        _ => Part::Signature,
    };
    let start = memchr::memrchr(b'.', token).map_or(0, |dot| dot + 1);
    (part, token.len() - start)
}
