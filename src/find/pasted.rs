//! Pasted text that holds tokens (a log line, a curl command, an API
//! response): the tokens found in it and where each was found.

use std::ops::Range;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::ErrorKind;
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
}

impl Source {
    pub(crate) fn new(offset: usize, index: usize, of: usize) -> Source {
        Source { offset, index, of }
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
    let ranges: Vec<Range<usize>> = find_tokens(text).map(|f| f.range()).collect();
    let of = ranges.len();
    (of > 0).then(|| {
        ranges
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let source = Source::new(r.start, i + 1, of);
                (r, source)
            })
            .collect()
    })
}
