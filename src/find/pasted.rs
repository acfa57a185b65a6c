//! Pasted text that holds tokens (a log line, a curl command, an API
//! response): the tokens found in it and where each was found.

use std::borrow::Cow;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{ErrorKind, Part};
use crate::find::found::Encoding;
use crate::find::scan::find_tokens;
use crate::find::scanner::decoded_token;
use crate::find::utf16;

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
    /// How the token was written, when not as itself (in a base64 run, in
    /// UTF-16 text).
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<Encoding>,
}

impl Source {
    pub(crate) fn new(offset: usize, index: usize, of: usize) -> Source {
        Source {
            offset,
            index,
            of,
            glued: None,
            encoding: None,
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

    /// How the token was written in the pasted text, when not as itself:
    /// inside a base64 run, or in UTF-16 text.
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding
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
        let mut message = if self.of == 1 {
            format!("found at byte {} of the pasted text", self.offset)
        } else {
            format!(
                "token {} of {} in the pasted text, found at byte {}",
                self.index, self.of, self.offset
            )
        };
        match self.encoding {
            Some(Encoding::Base64) => message.push_str(", written in base64"),
            Some(Encoding::Utf16Le | Encoding::Utf16Be) => message.push_str(", in UTF-16 text"),
            None => {}
        }
        Diagnostic::new(Severity::Info, Code::InputCleaned, message)
    }
}

/// Whether an unreadable input deserves a search: not when it is empty or
/// too large to look at.
pub(crate) fn searchable(kind: ErrorKind) -> bool {
    !matches!(kind, ErrorKind::Empty | ErrorKind::TooLarge)
}

/// The tokens found in `text`, each as the reader reads it, with its
/// source: `None` when there is none. A token in a base64 run is the run
/// decoded; a UTF-16 text is read through its narrow view, its offsets
/// counted in the text's bytes.
pub(crate) fn found(text: &[u8]) -> Option<Vec<(Cow<'_, [u8]>, Source)>> {
    let Some(order) = utf16::sniff(text) else {
        return found_in(text, 1);
    };
    let mut view = Vec::with_capacity(text.len() / 2);
    utf16::narrow(order, text, &mut view);
    let found = found_in(&view, 2)?;
    let outer = match order {
        utf16::Order::Little => Encoding::Utf16Le,
        utf16::Order::Big => Encoding::Utf16Be,
    };
    Some(
        found
            .into_iter()
            .map(|(token, mut source)| {
                source.encoding = source.encoding.or(Some(outer));
                (Cow::Owned(token.into_owned()), source)
            })
            .collect(),
    )
}

/// A token found in pasted text: as the reader reads it, its offset,
/// whether text is glued to it, and how it was written.
type Pasted<'a> = (Cow<'a, [u8]>, usize, bool, Option<Encoding>);

/// [`found`] in a text whose offsets count `scale` bytes each.
fn found_in(text: &[u8], scale: usize) -> Option<Vec<(Cow<'_, [u8]>, Source)>> {
    let tokens: Vec<Pasted<'_>> = find_tokens(text)
        .map(|f| {
            let written = text.get(f.token_range()).unwrap_or_default();
            let token = match f.encoding() {
                Some(Encoding::Base64) => {
                    decoded_token(written).map_or(Cow::Borrowed(written), Cow::Owned)
                }
                _ => Cow::Borrowed(written),
            };
            let ended = text.get(f.end()).is_none_or(|&b| ends_token(b));
            (
                token,
                f.start(),
                f.glued_end() > f.end() || !ended,
                f.encoding(),
            )
        })
        .collect();
    let of = tokens.len();
    (of > 0).then(|| {
        tokens
            .into_iter()
            .enumerate()
            .map(|(i, (token, start, glued, encoding))| {
                let mut source = Source::new(start * scale, i + 1, of);
                source.encoding = encoding;
                if glued {
                    source.glued = Some(end_of(&token));
                }
                (token, source)
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
