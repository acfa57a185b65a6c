//! Redacting tokens: in strings, in byte slices, from a reader to a writer,
//! and through a writer.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::io::{self, IoSlice, Read, Write};
use std::ops::Range;

use crate::find::found::Found;
use crate::find::replace::{cuts, Cut};
use crate::find::scan::find_tokens;
use crate::find::stream::{drive, write_all_vectored, Splitter};
use crate::find::utf16::{self, Narrowing, Order};
use crate::find::wrap::token_text;
use crate::read::issuer::Issuers;
use crate::redact::style::{Markers, Style};

/// Replaces every token in `text` with a summary marker (see
/// [`Style::Summary`]); borrows `text` when it holds none.
///
/// ```
/// use usertoken::redact;
///
/// let line = r#"{"msg":"created user token","user_token":"eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoidTEifQ.c2ln"}"#;
/// let redacted = redact(line);
/// assert!(redacted.starts_with(r#"{"msg":"created user token","user_token":"[REDACTED-JWT:fp="#));
/// assert!(redacted.ends_with(r#":env=unknown:user_id=u1]"}"#));
///
/// // Text without tokens is not copied.
/// assert!(matches!(redact("GET /healthz 200"), std::borrow::Cow::Borrowed(_)));
/// ```
#[must_use]
pub fn redact(text: &str) -> Cow<'_, str> {
    Redactor::new().redact(text)
}

/// [`redact`] for logs that are not UTF-8: every other byte is kept as is.
#[must_use]
pub fn redact_bytes(text: &[u8]) -> Cow<'_, [u8]> {
    Redactor::new().redact_bytes(text)
}

/// Redacts tokens, configured as a small by-value builder.
///
/// Which tokens are found is described at [`find_tokens`]; what replaces
/// them, at [`Style`]. Every way of redacting gives the same output for the
/// same input, whatever the chunks it arrives in, and redacting twice
/// changes nothing more than redacting once.
///
/// ```
/// use usertoken::{Redactor, Style};
///
/// let redactor = Redactor::new().style(Style::Mask);
/// let line = "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
/// assert_eq!(redactor.redact(line), "Authorization: Bearer [REDACTED-JWT]");
/// ```
#[derive(Clone, Debug)]
pub struct Redactor {
    style: Style,
    issuers: Issuers,
    decode_base64: bool,
}

impl Default for Redactor {
    fn default() -> Redactor {
        Redactor {
            style: Style::default(),
            issuers: Issuers::default(),
            decode_base64: true,
        }
    }
}

impl Redactor {
    /// The summary style and the documented issuer table.
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// Sets what replaces each token.
    #[must_use]
    pub fn style(mut self, style: Style) -> Redactor {
        self.style = style;
        self
    }

    /// Sets the issuer table that names a summary's environment.
    #[must_use]
    pub fn issuers(mut self, issuers: Issuers) -> Redactor {
        self.issuers = issuers;
        self
    }

    /// Whether base64 runs are also read decoded, and a run that holds a
    /// token replaced whole (a token in `Authorization: Basic`
    /// credentials, in a base64 blob): on by default, as in
    /// [`find_tokens`] and `scan`. Looking for the base64 of `eyJ` is a
    /// search of its own over all the text: turning it off saves about a
    /// fifth of redaction's instructions on an ordinary log.
    #[must_use]
    pub fn decode_base64(mut self, on: bool) -> Redactor {
        self.decode_base64 = on;
        self
    }

    /// Replaces every token in `text`; borrows `text` when it holds none.
    #[must_use]
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.redact_bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Replacements are ASCII and tokens are ASCII, so the text
            // stays UTF-8; should it not, it is not lost either.
            Cow::Owned(bytes) => Cow::Owned(
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        }
    }

    /// Replaces every token in `text`, which need not be UTF-8; borrows
    /// `text` when it holds none. A UTF-16 text (by its byte order mark,
    /// or ASCII beside NULs in its first eight code units) is read as
    /// UTF-16 and stays UTF-16, the markers too.
    #[must_use]
    pub fn redact_bytes<'a>(&self, text: &'a [u8]) -> Cow<'a, [u8]> {
        if let Some(order) = utf16::sniff(text) {
            return self.redact_utf16(text, order);
        }
        let mut tokens = find_tokens(text).with_views(self.decode_base64);
        let Some(first) = tokens.next() else {
            return Cow::Borrowed(text);
        };
        let mut out = Vec::with_capacity(text.len());
        let found = std::iter::once(first).chain(tokens);
        redact_into(text, Written::Bytes, found, &mut self.markers(), &mut out);
        Cow::Owned(out)
    }

    fn redact_utf16<'a>(&self, text: &'a [u8], order: Order) -> Cow<'a, [u8]> {
        let mut view = Vec::with_capacity(text.len() / 2);
        utf16::narrow(order, text, &mut view);
        let mut tokens = find_tokens(&view).with_views(self.decode_base64);
        let Some(first) = tokens.next() else {
            return Cow::Borrowed(text);
        };
        let mut out = Vec::with_capacity(text.len());
        let found = std::iter::once(first).chain(tokens);
        let written = Written::Utf16(text, order);
        redact_into(&view, written, found, &mut self.markers(), &mut out);
        // An odd last byte belongs to no code unit: it is kept.
        out.extend_from_slice(text.get(2 * view.len()..).unwrap_or_default());
        Cow::Owned(out)
    }

    /// The replacement of one token's text, as [`redact`](Self::redact)
    /// would write it: for callers of [`find_tokens`] that redact
    /// themselves.
    #[must_use]
    pub fn replacement(&self, token: impl AsRef<[u8]>) -> String {
        let mut out = Vec::new();
        self.markers().push(&token_text(token.as_ref()), &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Copies `reader` to `writer` with every token replaced, holding at
    /// most about 1 MiB whatever the input size or line length; tokens that
    /// straddle reads are found all the same. Returns how many tokens were
    /// replaced. The writer is flushed at the end.
    ///
    /// ```
    /// use usertoken::{Redactor, Style};
    ///
    /// let log = "a eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0. b\n".repeat(3);
    /// let mut out = Vec::new();
    /// let n = Redactor::new().style(Style::Mask).redact_stream(log.as_bytes(), &mut out)?;
    /// assert_eq!(n, 3);
    /// assert_eq!(out, "a [REDACTED-JWT] b\n".repeat(3).as_bytes());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first error of `reader` (other than
    /// [`io::ErrorKind::Interrupted`]) or of `writer`. Bytes not yet
    /// written when reading fails are dropped, never written unredacted.
    pub fn redact_stream<R: Read, W: Write>(
        &self,
        mut reader: R,
        mut writer: W,
    ) -> io::Result<u64> {
        let mut markers = self.markers();
        let mut splitter = Splitter::with_views(self.decode_base64);
        let mut made = Vec::new();
        let mut count = 0u64;
        // The first bytes decide whether the text is UTF-16, as they do
        // for `redact_bytes`.
        let first = utf16::read_first(&mut reader)?;
        let order = utf16::sniff(&first);
        let reader = io::Cursor::new(first).chain(reader);
        let Some(order) = order else {
            drive(reader, &mut splitter, |text, found, _| {
                count += found.len() as u64;
                write_round(
                    &mut writer,
                    text,
                    Written::Bytes,
                    found,
                    &mut markers,
                    &mut made,
                )
            })?;
            writer.flush()?;
            return Ok(count);
        };
        let wide = RefCell::new(Vec::new());
        drive(
            Narrowing::new(reader, order, Some(&wide)),
            &mut splitter,
            |text, found, _| {
                count += found.len() as u64;
                let mut wide = wide.borrow_mut();
                let taken = (2 * text.len()).min(wide.len());
                let written = Written::Utf16(wide.get(..taken).unwrap_or_default(), order);
                write_round(&mut writer, text, written, found, &mut markers, &mut made)?;
                wide.drain(..taken);
                Ok(())
            },
        )?;
        // An odd last byte belongs to no code unit: it is kept.
        writer.write_all(&wide.borrow())?;
        writer.flush()?;
        Ok(count)
    }

    /// A writer that passes everything written through it to `inner` with
    /// every token replaced: see [`RedactingWriter`].
    pub fn writer<W: Write>(&self, inner: W) -> RedactingWriter<W> {
        RedactingWriter {
            inner,
            splitter: Splitter::with_views(self.decode_base64),
            markers: self.owned_markers(),
            out: Vec::new(),
            text: Text::Undecided(Vec::new()),
        }
    }

    fn markers(&self) -> Markers<'_> {
        Markers::new(self.style, Cow::Borrowed(&self.issuers))
    }

    fn owned_markers(&self) -> Markers<'static> {
        Markers::new(self.style, Cow::Owned(self.issuers.clone()))
    }
}

/// What a text that tokens were found in was read from.
#[derive(Clone, Copy)]
enum Written<'a> {
    /// The text itself.
    Bytes,
    /// These UTF-16 bytes, of which the text is the narrow view: what is
    /// kept is copied from them, and markers are written in UTF-16.
    Utf16(&'a [u8], Order),
}

impl<'a> Written<'a> {
    /// The written bytes of `text[range]`.
    fn kept<'t>(self, text: &'t [u8], range: Range<usize>) -> &'t [u8]
    where
        'a: 't,
    {
        match self {
            Written::Bytes => text.get(range),
            Written::Utf16(wide, _) => wide.get(2 * range.start..2 * range.end),
        }
        .unwrap_or_default()
    }

    /// Appends the marker of `token` to `out`, as the text is written.
    fn push_marker(self, markers: &mut Markers<'_>, token: &[u8], out: &mut Vec<u8>) {
        match self {
            Written::Bytes => markers.push(token, out),
            Written::Utf16(_, order) => {
                let mut marker = Vec::new();
                markers.push(token, &mut marker);
                utf16::widen(order, &marker, out);
            }
        }
    }
}

/// Appends `text` to `out`, each of the tokens `found` in it and the text
/// glued to it replaced by a marker.
fn redact_into(
    text: &[u8],
    written: Written<'_>,
    found: impl IntoIterator<Item = Found>,
    markers: &mut Markers<'_>,
    out: &mut Vec<u8>,
) {
    cuts(text, found, |cut| match cut {
        Cut::Keep(kept) => out.extend_from_slice(written.kept(text, kept)),
        Cut::Token(token) => written.push_marker(markers, &token, out),
    });
}

/// Writes one round: the text between tokens straight from the buffer,
/// the replacements (made in `made`) beside it, in vectored writes where
/// the writer supports them. The cuts are [`redact_into`]'s.
fn write_round<W: Write>(
    writer: &mut W,
    text: &[u8],
    written: Written<'_>,
    found: &[Found],
    markers: &mut Markers<'_>,
    made: &mut Vec<u8>,
) -> io::Result<()> {
    made.clear();
    // Kept text, or the range of a replacement in `made`.
    let mut pieces: Vec<Result<&[u8], Range<usize>>> = Vec::with_capacity(2 * found.len() + 1);
    cuts(text, found.iter().copied(), |cut| match cut {
        Cut::Keep(kept) => pieces.push(Ok(written.kept(text, kept))),
        Cut::Token(token) => {
            let from = made.len();
            written.push_marker(markers, &token, made);
            pieces.push(Err(from..made.len()));
        }
    });
    let made = &made[..];
    let mut slices: Vec<IoSlice<'_>> = pieces
        .iter()
        .map(|piece| {
            IoSlice::new(match piece {
                Ok(kept) => kept,
                Err(range) => &made[range.clone()],
            })
        })
        .collect();
    write_all_vectored(writer, &mut slices)
}

/// A writer that passes everything written through it to an inner writer
/// with every token replaced; make one with [`Redactor::writer`] or
/// [`RedactingWriter::new`].
///
/// Bytes that may still turn out to be part of a token (the end of what was
/// written so far, when it could continue a token) are held back until the
/// next write shows what they are, or until [`finish`](Self::finish) or the
/// drop of the writer. Log records end in a newline, so each record comes
/// out whole as it is written. [`flush`](Write::flush) writes out what is
/// decided and flushes the inner writer; it does not cut a token that may
/// still be growing. At most about 1 MiB is held.
///
/// Whether the text is UTF-16 is decided, as [`Redactor::redact_bytes`]
/// decides it, by its first 16 bytes: a stream's first bytes are held
/// until they decide it (six bytes without a NUL rule it out), or until the
/// first flush, which decides on what came before it.
///
/// It works wherever a logger takes a writer. With `tracing-subscriber`,
/// whose `MakeWriter` is any closure that returns a writer (one per event):
///
/// ```no_run
/// tracing_subscriber::fmt()
///     .with_writer(|| usertoken::RedactingWriter::new(std::io::stderr()))
///     .init();
/// ```
///
/// With `env_logger`, as a pipe target (it flushes after every record):
///
/// ```no_run
/// env_logger::Builder::from_default_env()
///     .target(env_logger::Target::Pipe(Box::new(
///         usertoken::RedactingWriter::new(std::io::stderr()),
///     )))
///     .init();
/// ```
///
/// Both come down to this:
///
/// ```
/// use std::io::Write;
/// use usertoken::{Redactor, Style};
///
/// let mut log = Vec::new();
/// let mut w = Redactor::new().style(Style::Mask).writer(&mut log);
/// write!(w, "INFO token=eyJhbGciOiJIUzI1NiJ9")?; // a token split across writes
/// write!(w, ".eyJzdWIiOiJ1In0.c2ln done\n")?;
/// drop(w);
/// assert_eq!(log, b"INFO token=[REDACTED-JWT] done\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct RedactingWriter<W: Write> {
    inner: W,
    splitter: Splitter,
    markers: Markers<'static>,
    /// Redacted bytes not yet taken by the inner writer.
    out: Vec<u8>,
    text: Text,
}

/// How the text written to a [`RedactingWriter`] is read.
enum Text {
    /// Its first bytes, until there are enough to tell.
    Undecided(Vec<u8>),
    /// As bytes.
    Bytes,
    /// As UTF-16: the splitter holds the narrow view of `wide`, and `odd`
    /// is the first byte of a code unit still to come.
    Utf16 {
        order: Order,
        wide: Vec<u8>,
        odd: Option<u8>,
    },
}

impl<W: Write> RedactingWriter<W> {
    /// A writer with the default [`Redactor`] (summary style).
    pub fn new(inner: W) -> RedactingWriter<W> {
        Redactor::new().writer(inner)
    }

    /// The inner writer.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// The inner writer. Writing to it directly bypasses redaction.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    /// Ends the stream: writes out everything held back, as if nothing
    /// more were coming, and flushes the inner writer. Writing afterwards
    /// starts a new stream. Dropping the writer does this too, ignoring
    /// errors.
    ///
    /// # Errors
    ///
    /// The inner writer's.
    pub fn finish(&mut self) -> io::Result<()> {
        self.decide();
        while !self.splitter.is_empty() {
            self.round(true);
        }
        if let Text::Utf16 { odd, .. } = &mut self.text {
            // An odd last byte belongs to no code unit: it is kept.
            self.out.extend(odd.take());
        }
        self.text = Text::Undecided(Vec::new());
        self.write_out()?;
        self.inner.flush()
    }

    /// Reads the text as UTF-16 or as bytes, from what was written so far,
    /// and passes that on.
    fn decide(&mut self) {
        let Text::Undecided(first) = &mut self.text else {
            return;
        };
        let first = std::mem::take(first);
        self.text = match utf16::sniff(&first) {
            Some(order) => Text::Utf16 {
                order,
                wide: Vec::new(),
                odd: None,
            },
            None => Text::Bytes,
        };
        // The splitter is empty: it takes these few bytes whole.
        let taken = self.take(&first);
        debug_assert_eq!(taken, first.len());
    }

    /// Passes as much of `data` as the splitter has room for to it (its
    /// narrow view, for UTF-16); returns how much.
    fn take(&mut self, data: &[u8]) -> usize {
        match &mut self.text {
            Text::Undecided(first) => {
                let taken = data.len().min(utf16::SNIFF - first.len());
                first.extend_from_slice(&data[..taken]);
                if utf16::decided(first) {
                    self.decide();
                }
                taken
            }
            Text::Bytes => self.splitter.push(data),
            Text::Utf16 { order, wide, odd } => {
                let room = self.splitter.room();
                let taken = data
                    .len()
                    .min((2 * room).saturating_sub(usize::from(odd.is_some())));
                let mut units = Vec::with_capacity(taken + 1);
                units.extend(odd.take());
                units.extend_from_slice(&data[..taken]);
                if units.len() % 2 == 1 {
                    *odd = units.pop();
                }
                let mut view = Vec::with_capacity(units.len() / 2);
                utf16::narrow(*order, &units, &mut view);
                wide.extend_from_slice(&units);
                let pushed = self.splitter.push(&view);
                debug_assert_eq!(pushed, view.len());
                taken
            }
        }
    }

    /// Scans what is held and moves the decided part, redacted, to `out`.
    fn round(&mut self, eof: bool) {
        let (text, found, _) = self.splitter.scan(eof);
        let decided = text.len();
        match &mut self.text {
            Text::Utf16 { order, wide, .. } => {
                let taken = (2 * decided).min(wide.len());
                let written = Written::Utf16(wide.get(..taken).unwrap_or_default(), *order);
                redact_into(
                    text,
                    written,
                    found.iter().copied(),
                    &mut self.markers,
                    &mut self.out,
                );
                wide.drain(..taken);
            }
            _ => redact_into(
                text,
                Written::Bytes,
                found.iter().copied(),
                &mut self.markers,
                &mut self.out,
            ),
        }
        self.splitter.consume(decided);
    }

    /// Hands `out` to the inner writer, keeping what it did not take.
    fn write_out(&mut self) -> io::Result<()> {
        let mut done = 0;
        let result = loop {
            let Some(rest) = self.out.get(done..).filter(|r| !r.is_empty()) else {
                break Ok(());
            };
            match self.inner.write(rest) {
                Ok(0) => {
                    break Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "failed to write the whole buffer",
                    ))
                }
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        self.out.drain(..done.min(self.out.len()));
        result
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    /// Takes up to the free room in the buffer; an error of the inner
    /// writer is returned before anything is taken.
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_out()?;
        if data.is_empty() {
            return Ok(0);
        }
        let mut taken = 0;
        if let Text::Undecided(_) = self.text {
            taken = self.take(data);
            if let Text::Undecided(_) = self.text {
                return Ok(taken);
            }
        }
        if self.splitter.is_full() {
            self.round(false);
        }
        taken += self.take(data.get(taken..).unwrap_or_default());
        if self.splitter.ready() {
            self.round(false);
        }
        // Taken bytes are kept; an error here is returned by the next call.
        let _ = self.write_out();
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.decide();
        if !self.splitter.is_empty() {
            self.round(false);
        }
        self.write_out()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

impl<W: Write + fmt::Debug> fmt::Debug for RedactingWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedactingWriter")
            .field("inner", &self.inner)
            .field("style", &self.markers.style())
            .field("pending", &self.out.len())
            .finish_non_exhaustive()
    }
}
