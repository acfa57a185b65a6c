//! What the finder reports: a found token's place, kind and glued text.

use std::ops::Range;

#[cfg(doc)]
use crate::limits::DEFAULT_MAX_LEN;
use crate::names::names;

names! {
    /// The kind of a token found in text.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum TokenKind {
        /// A signed token (JWS): three segments, the last one not empty.
        Jws => "jws",
        /// An encrypted token (JWE): five segments.
        Jwe => "jwe",
        /// A JWS whose signature segment is empty: it ends in `.`.
        Unsigned => "unsigned",
        /// A JWS cut off after its payload (`header.payload`) whose header is a
        /// JOSE header (it has `alg`): the signature was lost on the way.
        Truncated => "truncated",
        /// A token damaged on its way into the text: a stray byte inside its
        /// header or payload, or a first segment that is not JSON while the
        /// payload is. What can be read of it may still be.
        Damaged => "damaged",
    }
}

names! {
    /// How a token found in text was written there, when not as itself.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum Encoding {
        /// Inside a base64 run (`Authorization: Basic` credentials, a blob):
        /// the run is what was found, and what redaction replaces.
        Base64 => "base64",
        /// In a UTF-16 text, little-endian (`utf-16le`): a
        /// [`Finding`](crate::Finding)'s offset and length are the text's
        /// bytes, its column counts characters.
        Utf16Le => "utf-16le",
        /// In a UTF-16 text, big-endian (`utf-16be`).
        Utf16Be => "utf-16be",
    }
}

impl Encoding {
    /// How a whole text is written, from its first bytes: UTF-16 by its
    /// byte order mark, or by ASCII beside NULs in its first eight code
    /// units ([`Utf16Le`](Self::Utf16Le), [`Utf16Be`](Self::Utf16Be));
    /// `None` for text that is read as bytes (UTF-8, Latin-1, …). A text
    /// with NULs that is not UTF-16 is binary. Redaction and
    /// [`scan_findings`](crate::scan_findings) decide the same way.
    pub fn of_text(first: &[u8]) -> Option<Encoding> {
        match crate::find::utf16::sniff(first)? {
            crate::find::utf16::Order::Little => Some(Encoding::Utf16Le),
            crate::find::utf16::Order::Big => Some(Encoding::Utf16Be),
        }
    }
}

/// A token found in text: where it stands and its kind, never its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) glued: usize,
    pub(crate) kind: TokenKind,
    pub(crate) encoding: Option<Encoding>,
}

impl Found {
    /// The byte offset of the token's first character.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The byte offset just past the token's last character.
    pub fn end(&self) -> usize {
        self.end
    }

    /// `start..end`: index the text with it to read the token. Never
    /// redact by it: what is glued to the token (a broken signature's
    /// rest) stands past it; [`span`](Self::span) is what to replace.
    pub fn token_range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// `start..glued_end`: what to replace to redact the token, so that
    /// no part of it shows — the token and what is glued to it. (The
    /// crate's own redaction keeps the line breaks inside a wrapped token
    /// as well, so that the text keeps its lines.)
    ///
    /// ```
    /// use usertoken::find_tokens;
    ///
    /// // A signature broken by the standard alphabet and an encoded slash.
    /// let line = "x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln+/bmF0dXJl%2F y";
    /// let mut out = line.to_owned();
    /// for found in find_tokens(line).collect::<Vec<_>>().into_iter().rev() {
    ///     out.replace_range(found.span(), "<token>");
    /// }
    /// assert_eq!(out, "x <token> y");
    /// ```
    pub fn span(&self) -> Range<usize> {
        self.start..self.glued
    }

    /// Where the text glued to the token ends: what sticks to it up to the
    /// next whitespace, quote, bracket, separator (`,;&|\\`), non-ASCII
    /// byte, percent-encoded character or token, without a `:`, `!` or `?`
    /// that ends a sentence; and further segments after a `.` (`h.p.s.x`),
    /// unless one can begin a token (it reads as a header before a dot, or
    /// a line break follows it). A signature broken by a stray
    /// character or written in the standard alphabet (`+`, `/`) goes on
    /// past [`end`](Self::end); redaction replaces [`span`](Self::span)
    /// (keeping its line breaks), so that no part of it shows. At most
    /// [`DEFAULT_MAX_LEN`] past `end`.
    pub fn glued_end(&self) -> usize {
        self.glued
    }

    /// Glued text ends where the next token starts: it is that token's.
    pub(crate) fn stop_glue_at(&mut self, next_start: usize) {
        self.glued = self.glued.min(next_start).max(self.end);
    }

    /// Signed, encrypted or unsigned.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// How the token was written, when it was found by reading the text
    /// decoded ([`Encoding::Base64`]: `start..end` is the whole run); `None`
    /// for a token written as itself, however damaged or disguised.
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }
}

/// What one step of the scanner found.
#[derive(Debug)]
pub(crate) enum Step {
    /// The next token.
    Found(Found),
    /// No token starts before this offset; none after it can be decided
    /// without more text (or, at the end of the text, there is none).
    Pause(usize),
}
