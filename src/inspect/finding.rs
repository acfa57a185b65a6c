//! What `usertoken scan` reports of each token in a text: where it stands,
//! whose it is and whether it is live — never its text.

use std::borrow::Cow;
use std::io::{self, Read};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::find::found::{Encoding, TokenKind};
use crate::find::scanner::decoded_token;
use crate::find::stream::{scan_reader_with, Piece};
use crate::find::utf16::{self, Narrowing, Order};
use crate::find::wrap::token_text;
use crate::fingerprint::Fingerprint;
use crate::inspect::report::Inspector;
use crate::read::issuer::Environment;
use crate::read::token::HeaderCache;

/// One token found in a text, judged at an instant: the object that
/// `usertoken scan` prints (less the file name), member for member, in
/// this order. Its `Debug` and JSON never hold token text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    offset: u64,
    line: u64,
    column: u64,
    length: usize,
    kind: TokenKind,
    fingerprint: Fingerprint,
    issuer: Option<String>,
    environment: Option<Environment>,
    user_id: Option<String>,
    client_id: Option<String>,
    expires_at: Option<String>,
    expired: Option<bool>,
    /// Present only for a token found in a decoded view.
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<Encoding>,
}

impl Finding {
    /// How the token was written, when found in a decoded view: then
    /// `offset` and `length` are those of the whole run.
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }

    /// The byte offset of the token's first character in the text.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The line the token starts on, from 1.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The column the token starts at on its line, from 1, in characters
    /// (Unicode scalar values; a byte of invalid UTF-8 that could begin a
    /// character counts as one).
    pub fn column(&self) -> u64 {
        self.column
    }

    /// The token's length in bytes (a wrapped token's line breaks
    /// included, its glued text not).
    pub fn length(&self) -> usize {
        self.length
    }

    /// Signed, encrypted, unsigned, truncated or damaged.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The token's fingerprint, as `inspect` gives it.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// `iss`, when it is a string.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The issuer's environment, when the token is readable.
    pub fn environment(&self) -> Option<Environment> {
        self.environment
    }

    /// `user_id`, when it is a string.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// `client_id`, when it is a string.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// `exp` as RFC 3339, UTC, whole seconds.
    pub fn expires_at(&self) -> Option<&str> {
        self.expires_at.as_deref()
    }

    /// Whether the token had expired at the instant it was judged at.
    pub fn is_expired(&self) -> Option<bool> {
        self.expired
    }

    /// The same finding with its offset and length counted in other units:
    /// for bindings whose strings index by characters or UTF-16 code units.
    #[must_use]
    pub fn in_units(mut self, offset: u64, length: usize) -> Finding {
        self.offset = offset;
        self.length = length;
        self
    }
}

/// Scans everything `reader` yields and calls `f` with a [`Finding`] for
/// each token, in order, judged by `inspector` at `now`: what
/// `usertoken scan` prints. Memory stays bounded as for
/// [`scan_reader`](crate::scan_reader).
///
/// ```
/// use chrono::DateTime;
/// use usertoken::{scan_findings, Inspector, TokenKind};
///
/// let log = "ok\nAuthorization: Bearer eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoidTEifQ.\n";
/// let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
/// let mut found = Vec::new();
/// scan_findings(log.as_bytes(), &Inspector::new(), now, |f| {
///     found.push(f);
///     Ok(())
/// })?;
/// assert_eq!((found[0].line(), found[0].column()), (2, 23));
/// assert_eq!(found[0].kind(), TokenKind::Unsigned);
/// assert_eq!(found[0].user_id(), Some("u1"));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The first error of `reader` (other than
/// [`io::ErrorKind::Interrupted`]) or of `f`.
pub fn scan_findings<R, F>(
    mut reader: R,
    inspector: &Inspector,
    now: DateTime<Utc>,
    mut f: F,
) -> io::Result<()>
where
    R: Read,
    F: FnMut(Finding) -> io::Result<()>,
{
    let mut at = Position { line: 1, column: 1 };
    // Tokens of one log mostly share their header: decoded once.
    let mut headers = HeaderCache::new();
    // The first bytes decide whether the text is UTF-16, as for redaction.
    let first = utf16::read_first(&mut reader)?;
    let order = utf16::sniff(&first);
    let reader = io::Cursor::new(first).chain(reader);
    // In UTF-16, the narrow view has one byte for every two of the text.
    let (scale, outer) = match order {
        None => (1, None),
        Some(Order::Little) => (2, Some(Encoding::Utf16Le)),
        Some(Order::Big) => (2, Some(Encoding::Utf16Be)),
    };
    let mut each = |piece: Piece<'_>| match piece {
        Piece::Text(text) => {
            at.pass(text);
            Ok(())
        }
        Piece::Token {
            offset,
            kind,
            text,
            glued,
            encoding,
            ..
        } => {
            let mut finding = judge(
                (offset * scale, at),
                kind,
                text,
                encoding,
                inspector,
                &mut headers,
                now,
            );
            finding.encoding = encoding.or(outer);
            finding.length *= scale as usize;
            // A wrapped token holds line breaks.
            at.pass(text);
            at.pass(glued);
            f(finding)
        }
    };
    match order {
        None => scan_reader_with(reader, true, each),
        Some(order) => scan_reader_with(Narrowing::new(reader, order, None), true, &mut each),
    }
}

/// Where the scan stands: line and column, from 1.
#[derive(Clone, Copy)]
struct Position {
    line: u64,
    column: u64,
}

impl Position {
    /// Moves past `bytes`: the lines are counted over all of them, the
    /// characters only after the last line break.
    fn pass(&mut self, bytes: &[u8]) {
        let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| !is_continuation(b)).count() as u64;
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
                self.column = 1 + chars(bytes.get(last + 1..).unwrap_or_default());
            }
            None => self.column += chars(bytes),
        }
    }
}

/// A UTF-8 continuation byte (`10xxxxxx`): part of a character begun
/// before it.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

fn judge(
    (offset, at): (u64, Position),
    kind: TokenKind,
    token: &[u8],
    encoding: Option<Encoding>,
    inspector: &Inspector,
    headers: &mut HeaderCache,
    now: DateTime<Utc>,
) -> Finding {
    // Read as the redactor's marker reads it: the noise between its pieces
    // taken out, encoded dots as dots, a decoded view's token decoded.
    let read = match encoding {
        Some(_) => decoded_token(token).map_or_else(|| token_text(token), Cow::Owned),
        None => token_text(token),
    };
    let report = inspector.inspect_with(&read, now, headers);
    let claims = report.claims();
    Finding {
        offset,
        line: at.line,
        column: at.column,
        length: token.len(),
        kind,
        fingerprint: report
            .fingerprint()
            .unwrap_or_else(|| Fingerprint::of(token)),
        issuer: report.issuer().map(str::to_owned),
        environment: report.environment(),
        user_id: claims.and_then(|c| c.user_id()).map(str::to_owned),
        client_id: claims.and_then(|c| c.client_id()).map(str::to_owned),
        expires_at: report
            .expires_at()
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        expired: report.is_expired(),
        encoding: None,
    }
}
