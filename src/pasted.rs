//! Pasted text that holds tokens: a log line, a curl command, an API
//! response. When the input is not a token by itself, the tokens inside it
//! are found with the same finder as `scan`, and each is inspected with
//! where it was found — never the text around it.

use std::ops::Range;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::ErrorKind;
use crate::report::{Inspector, Report};
use crate::scan::find_tokens;

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
fn searchable(kind: ErrorKind) -> bool {
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

impl Inspector {
    /// Inspects pasted text: one report when it is a token by itself (with
    /// whatever [`Token::parse`](crate::Token::parse) removes around it),
    /// else one report for each token found inside it by the finder of
    /// [`find_tokens`], in order, each with its [`Report::source`] and an
    /// `input-cleaned` note saying where ("found at byte 42 of the pasted
    /// text", "token 2 of 3 in the pasted text, found at byte 42"). The
    /// text around a token is never shown. When none is found, the one
    /// report of the input as a token, its error as ever, and the note
    /// `no-token-found`.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use usertoken::Inspector;
    ///
    /// let line = "INFO link init userToken=eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoidTEifQ. sandbox=true";
    /// let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    /// let reports = Inspector::new().inspect_pasted(line, now);
    /// assert_eq!(reports.len(), 1);
    /// assert_eq!(reports[0].claims().unwrap().user_id(), Some("u1"));
    /// assert_eq!(reports[0].source().map(|s| s.offset()), Some(25));
    /// ```
    pub fn inspect_pasted(&self, text: impl AsRef<[u8]>, now: DateTime<Utc>) -> Vec<Report> {
        let text = text.as_ref();
        let report = self.inspect(text, now);
        match report.error() {
            Some(e) if searchable(e.kind()) => {}
            _ => return vec![report],
        }
        // Five segments read as encrypted: a JWE, or text holding two
        // tokens (`a=h.p.s b=h.p.s`), which only a search tells apart.
        let encrypted = report
            .error()
            .is_some_and(|e| e.kind() == ErrorKind::Encrypted);
        let Some(found) = found(text) else {
            if encrypted {
                return vec![report];
            }
            return vec![report.nothing_found()];
        };
        if let [(range, _)] = found.as_slice() {
            // The finder found the input itself (a damaged token): the
            // input was the token.
            let alone = self.inspect(&text[range.clone()], now);
            if alone.fingerprint() == report.fingerprint() {
                return vec![report];
            }
        }
        found
            .into_iter()
            .map(|(range, source)| self.inspect(&text[range], now).found_at(source))
            .collect()
    }
}

impl Report {
    /// Where in pasted text this report's token was found
    /// ([`Inspector::inspect_pasted`]); `None` when the input was the token.
    pub fn source(&self) -> Option<Source> {
        self.source
    }

    pub(crate) fn found_at(mut self, source: Source) -> Report {
        self.source = Some(source);
        self.diagnostics.insert(0, source.note());
        self
    }

    pub(crate) fn nothing_found(mut self) -> Report {
        self.diagnostics.push(Diagnostic::new(
            Severity::Info,
            Code::NoTokenFound,
            NO_TOKEN_FOUND,
        ));
        self
    }

    /// Whether the input was searched as pasted text and held no token.
    pub(crate) fn searched_in_vain(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.code == Code::NoTokenFound)
    }
}

#[cfg(feature = "verify")]
impl crate::verify::Verifier {
    /// Verifies pasted text as [`Inspector::inspect_pasted`] inspects it:
    /// one verdict when it is a token by itself, else one for each token
    /// found inside it, each with its
    /// [`Verification::source`](crate::Verification::source). When none is
    /// found, the input's own verdict (malformed), its reason ending in
    /// "no token found in the pasted text". Each token is judged as strictly
    /// as [`verify`](crate::verify()) judges one.
    pub fn verify_pasted(&self, text: impl AsRef<[u8]>) -> Vec<crate::verdict::Verification> {
        let text = text.as_ref();
        let verdict = self.verify(text);
        // Verification calls five segments encrypted without reading the
        // header: a search tells a JWE from text holding two tokens.
        let error = verdict.reason().and_then(|r| r.error()).map(|e| e.kind());
        if !error.is_some_and(searchable) {
            return vec![verdict];
        }
        let Some(found) = found(text) else {
            if error == Some(ErrorKind::Encrypted) {
                return vec![verdict];
            }
            return vec![verdict.nothing_found()];
        };
        if let [(range, _)] = found.as_slice() {
            let alone = self.verify(&text[range.clone()]);
            if alone.fingerprint() == verdict.fingerprint() {
                return vec![verdict];
            }
        }
        found
            .into_iter()
            .map(|(range, source)| self.verify(&text[range]).found_at(source))
            .collect()
    }
}
