//! Finding tokens in text.
//!
//! A token's first segment is base64url JSON that begins with `{` followed
//! by whitespace, `"` or `}`, so its text begins with `e` and one of `y`,
//! `w` or `3`, and the third character is one of a handful. The scanner
//! skips to those places with `memchr`'s vectorised substring search and
//! does real work (finding the segments, decoding the first one, reading it
//! as JSON) only there.
//!
//! Decisions are local: whether bytes belong to a token depends only on the
//! bytes at most [`DEFAULT_MAX_LEN`] around them, which is what lets the
//! streaming redactor decide with bounded memory and agree exactly with the
//! one-shot functions.

use std::fmt;

#[cfg(doc)]
use crate::find::found::TokenKind;
use crate::find::found::{Found, Step};
use crate::find::scanner::Scanner;
#[cfg(doc)]
use crate::limits::DEFAULT_MAX_LEN;

/// Finds the tokens in a text, left to right: intact ones, and ones damaged
/// or disguised on their way into the text, as long as a part of them can
/// still be recognised.
///
/// A token is a run of segments of base64 characters (either alphabet; a
/// signature's are base64url) joined by `.` — or by an encoded dot
/// (`%2E`, also percent-encoded again, `\u002e`, `\x2e`, `&#46;`, …) —
/// that an *anchor* holds, read with the reader's own definition (as
/// [`Token::parse`](crate::Token::parse) reads a header):
///
/// - a first segment that reads as a JOSE header (`alg` or `enc`) begins
///   three segments (a JWS, [`TokenKind::Jws`] or [`TokenKind::Unsigned`]),
///   five (a JWE: when the header has `enc`, or when the first three are
///   not a JWS), or two when the header has `alg` ([`TokenKind::Truncated`]:
///   cut off after its payload); another JSON object begins a token only
///   when the payload after it reads as a claims set;
/// - a payload that reads as a claims set (a registered claim, `client_id`
///   or `user_id`) after a first segment that does not read (a stray byte,
///   not JSON, empty) anchors the token, which starts at that first segment
///   ([`TokenKind::Damaged`]);
/// - noise between a token's pieces — a line break with the indentation or
///   `> ` prefix of a wrap, a soft line break, a `\` continuation, an
///   escape, a character past ASCII, an HTML tag or entity, a string
///   concatenation — is passed over when the pieces joined read as JSON
///   (the header by itself, the payload by itself), and inside or before
///   the signature when its algorithm's length, or the width of the
///   token's earlier lines, says it goes on;
/// - one stray byte (a space, `!`, …) inside the header or payload is passed
///   over when the three segments of a JWS follow, and one inside the
///   signature when what follows completes its length ([`TokenKind::Damaged`]).
///
/// A token ends at the first character that cannot continue it, and what
/// is glued on after it — a broken signature's rest, further segments — is
/// [`Found::glued_end`]. It is found wherever it stands, even glued to
/// preceding text: then it starts at its header. Tokens longer than
/// [`DEFAULT_MAX_LEN`] are not looked for. Every decision depends only on
/// the text at most [`DEFAULT_MAX_LEN`] around it, so streaming finds
/// exactly the same.
///
/// ```
/// use usertoken::{find_tokens, TokenKind};
///
/// let line = "GET /link?userToken=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.&sandbox=true";
/// let found: Vec<_> = find_tokens(line).collect();
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].kind(), TokenKind::Unsigned);
/// assert_eq!(&line[found[0].token_range()], "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.");
/// ```
pub fn find_tokens<T: AsRef<[u8]> + ?Sized>(text: &T) -> FindTokens<'_> {
    FindTokens {
        text: text.as_ref(),
        pos: 0,
        scanner: Scanner::new(),
        ahead: None,
    }
}

impl FindTokens<'_> {
    /// Reads base64 runs decoded too (the default), or not (see
    /// [`Redactor::decode_base64`](crate::Redactor::decode_base64)).
    pub(crate) fn with_views(mut self, views: bool) -> Self {
        self.scanner = Scanner::new().with_views(views);
        self
    }
}

/// The iterator of [`find_tokens`].
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct FindTokens<'a> {
    text: &'a [u8],
    pos: usize,
    scanner: Scanner,
    /// The token after the one to give next, found ahead: the glued text
    /// of a token stops where the next one starts.
    ahead: Option<Found>,
}

impl FindTokens<'_> {
    fn step(&mut self) -> Option<Found> {
        match self.scanner.step(self.text, self.pos, true) {
            Step::Found(found) => {
                self.pos = found.end;
                Some(found)
            }
            Step::Pause(at) => {
                self.pos = at.max(self.pos);
                None
            }
        }
    }
}

impl Iterator for FindTokens<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        let mut found = match self.ahead.take() {
            Some(found) => found,
            None => self.step()?,
        };
        self.ahead = self.step();
        if let Some(next) = &self.ahead {
            found.stop_glue_at(next.start);
        }
        Some(found)
    }
}

impl std::iter::FusedIterator for FindTokens<'_> {}

impl fmt::Debug for FindTokens<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindTokens")
            .field("len", &self.text.len())
            .field("pos", &self.pos)
            .finish()
    }
}
