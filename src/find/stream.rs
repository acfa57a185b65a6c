//! Finding tokens in a stream with bounded memory: a buffer, scanned in
//! rounds, that keeps only the undecided tail from one round to the next.

use std::fmt;
use std::io::{self, IoSlice, Read, Write};

use crate::find::found::{Encoding, Found, Step, TokenKind};
use crate::find::scanner::Scanner;
use crate::limits::CAPACITY;

/// A piece of a stream: text that is not part of any token, verbatim, or
/// a token. See [`scan_reader`].
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Piece<'a> {
    /// Bytes that belong to no token, exactly as read.
    Text(&'a [u8]),
    /// A token.
    #[non_exhaustive]
    Token {
        /// The byte offset of its first character in the stream.
        offset: u64,
        /// Signed, encrypted, unsigned, truncated or damaged.
        kind: TokenKind,
        /// Its text: the credential itself. Do not print it. A wrapped
        /// token keeps its line breaks here; the reader reads it as it is.
        text: &'a [u8],
        /// What is glued to its end (see
        /// [`Found::glued_end`](crate::Found::glued_end)): part of a
        /// broken signature, or further segments. Do not print it either.
        glued: &'a [u8],
        /// How it was written, when found in a decoded view (then `text`
        /// is the whole base64 run); see
        /// [`Found::encoding`](crate::Found::encoding).
        encoding: Option<Encoding>,
    },
}

impl fmt::Debug for Piece<'_> {
    /// Lengths and offsets only, never the bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Piece::Text(text) => f.debug_struct("Text").field("len", &text.len()).finish(),
            Piece::Token {
                offset,
                kind,
                text,
                glued,
                encoding,
            } => f
                .debug_struct("Token")
                .field("offset", offset)
                .field("kind", kind)
                .field("encoding", encoding)
                .field("len", &text.len())
                .field("glued", &glued.len())
                .finish(),
        }
    }
}

/// Splits everything `reader` yields into [`Piece`]s, in order, and calls
/// `f` with each: the same tokens [`find_tokens`](crate::find_tokens) finds
/// in the whole text, with memory bounded whatever the input size or line
/// length (about 1 MiB), and tokens found across the reads' boundaries.
///
/// Concatenating the pieces' bytes (a token's `text`, then its `glued`)
/// gives the input back. Consecutive `Text` pieces may follow each other.
///
/// ```
/// use usertoken::{scan_reader, Piece};
///
/// let log = b"ok\nAuthorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.\n";
/// let (mut lines, mut tokens) = (0, Vec::new());
/// scan_reader(&log[..], |piece| {
///     match piece {
///         Piece::Text(text) => lines += text.iter().filter(|&&b| b == b'\n').count(),
///         Piece::Token { offset, kind, .. } => tokens.push((lines + 1, offset, kind)),
///         _ => {}
///     }
///     Ok(())
/// })?;
/// assert_eq!(tokens, [(2, 25, usertoken::TokenKind::Unsigned)]);
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The first error of `reader` (other than [`io::ErrorKind::Interrupted`])
/// or of `f`. Bytes not yet decided when reading fails are not passed on.
pub fn scan_reader<R, F>(reader: R, f: F) -> io::Result<()>
where
    R: Read,
    F: FnMut(Piece<'_>) -> io::Result<()>,
{
    scan_reader_with(reader, true, f)
}

/// [`scan_reader`], reading base64 runs decoded too when `views` is set.
pub(crate) fn scan_reader_with<R, F>(reader: R, views: bool, mut f: F) -> io::Result<()>
where
    R: Read,
    F: FnMut(Piece<'_>) -> io::Result<()>,
{
    let mut splitter = Splitter::with_views(views);
    drive(reader, &mut splitter, |text, found, base| {
        let mut prev = 0;
        for token in found {
            if let Some(before) = text.get(prev..token.start()).filter(|t| !t.is_empty()) {
                f(Piece::Text(before))?;
            }
            f(Piece::Token {
                offset: base + token.start() as u64,
                kind: token.kind(),
                text: text.get(token.token_range()).unwrap_or_default(),
                glued: text.get(token.end()..token.glued_end()).unwrap_or_default(),
                encoding: token.encoding(),
            })?;
            prev = token.glued_end();
        }
        match text.get(prev..).filter(|t| !t.is_empty()) {
            Some(rest) => f(Piece::Text(rest)),
            None => Ok(()),
        }
    })
}

/// Undecided bytes this few are rescanned as soon as anything new comes.
const SMALL_CARRY: usize = 4096;

/// The most tokens one round reports, so the list stays small.
const MAX_FOUND: usize = 4096;

/// A window onto a stream: bytes pushed or read in, scanned in rounds.
pub(crate) struct Splitter {
    buf: Vec<u8>,
    /// The held bytes are `buf[head..filled]`: a round's decided part is
    /// dropped by moving `head`, and the rest moves to the front only when
    /// room is needed.
    head: usize,
    filled: usize,
    /// Held bytes that an earlier round scanned without deciding.
    carry: usize,
    /// The last round stopped at `MAX_FOUND` tokens, not for want of
    /// text: the next one needs no new bytes.
    cut: bool,
    base: u64,
    scanner: Scanner,
    found: Vec<Found>,
}

impl Splitter {
    /// A splitter whose scanner reads base64 runs decoded too, or not.
    pub(crate) fn with_views(views: bool) -> Splitter {
        let mut splitter = Splitter::new();
        splitter.scanner = Scanner::new().with_views(views);
        splitter
    }

    pub(crate) fn new() -> Splitter {
        Splitter {
            buf: Vec::new(),
            head: 0,
            filled: 0,
            carry: 0,
            cut: false,
            base: 0,
            scanner: Scanner::new(),
            found: Vec::new(),
        }
    }

    fn held(&self) -> usize {
        self.filled - self.head
    }

    /// Moves the held bytes to the front of the buffer.
    fn compact(&mut self) {
        if self.head > 0 {
            self.buf.copy_within(self.head..self.filled, 0);
            self.filled -= self.head;
            self.head = 0;
        }
    }

    /// Room to read into.
    fn spare(&mut self) -> &mut [u8] {
        self.compact();
        if self.buf.len() < CAPACITY {
            self.buf.resize(CAPACITY, 0);
        }
        self.buf.get_mut(self.filled..).unwrap_or_default()
    }

    /// Takes as much of `data` as fits; returns how much.
    pub(crate) fn push(&mut self, data: &[u8]) -> usize {
        self.compact();
        let take = data.len().min(CAPACITY - self.filled);
        self.buf.truncate(self.filled);
        self.buf
            .extend_from_slice(data.get(..take).unwrap_or_default());
        self.filled += take;
        take
    }

    /// How many more bytes [`push`](Self::push) takes.
    pub(crate) fn room(&self) -> usize {
        CAPACITY.saturating_sub(self.held())
    }

    /// Whether the buffer is full.
    pub(crate) fn is_full(&self) -> bool {
        self.held() >= CAPACITY
    }

    /// Whether the last round stopped at its token limit, so that the next
    /// one can go on without reading.
    pub(crate) fn was_cut(&self) -> bool {
        self.cut
    }

    /// Whether a round is worth it: after a round cut at its token limit;
    /// any new bytes when the last round left little undecided; else as
    /// many new bytes as it left (so rescanning stays linear), or a full
    /// buffer.
    pub(crate) fn ready(&self) -> bool {
        let new = self.held() - self.carry;
        self.cut || new > 0 && (self.carry <= SMALL_CARRY || new >= self.carry || self.is_full())
    }

    /// Whether any bytes are held.
    pub(crate) fn is_empty(&self) -> bool {
        self.held() == 0
    }

    /// Scans the held bytes. Returns the decided prefix, the tokens in it
    /// (offsets into the prefix) and the stream offset of the prefix; call
    /// [`consume`](Self::consume) with the prefix's length afterwards.
    pub(crate) fn scan(&mut self, eof: bool) -> (&[u8], &[Found], u64) {
        self.found.clear();
        self.scanner.reset();
        let text = self.buf.get(self.head..self.filled).unwrap_or_default();
        let mut pos = 0;
        self.cut = false;
        let decided = loop {
            if self.found.len() >= MAX_FOUND {
                self.cut = true;
                // The last token's glued text may hold the next token: it
                // is decided in the next round, whole.
                match self.found.pop() {
                    Some(last) => break last.start(),
                    None => break pos,
                }
            }
            match self.scanner.step(text, pos, eof) {
                Step::Found(found) => {
                    if let Some(prev) = self.found.last_mut() {
                        prev.stop_glue_at(found.start());
                    }
                    self.found.push(found);
                    pos = found.end();
                }
                Step::Pause(at) => {
                    let at = at.min(text.len());
                    // A token whose glued text runs past where the scan
                    // has to wait is decided in the next round, whole.
                    match self.found.last() {
                        Some(last) if last.glued_end() > at => {
                            let start = last.start();
                            self.found.pop();
                            break start;
                        }
                        _ => break at,
                    }
                }
            }
        };
        (
            text.get(..decided).unwrap_or_default(),
            &self.found,
            self.base,
        )
    }

    /// Drops the first `n` bytes, which a round decided.
    pub(crate) fn consume(&mut self, n: usize) {
        let n = n.min(self.held());
        self.head += n;
        if self.head == self.filled {
            self.head = 0;
            self.filled = 0;
        }
        self.carry = self.held();
        self.base += n as u64;
    }
}

/// Reads `reader` to its end through `splitter`, calling `round` with each
/// decided prefix, its tokens and its stream offset.
pub(crate) fn drive<R, F>(mut reader: R, splitter: &mut Splitter, mut round: F) -> io::Result<()>
where
    R: Read,
    F: FnMut(&[u8], &[Found], u64) -> io::Result<()>,
{
    loop {
        // A round cut at its token limit goes on before more is read, so
        // that the held bytes are not moved for every such round.
        let eof = if splitter.is_full() || splitter.was_cut() {
            false
        } else {
            let n = match reader.read(splitter.spare()) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            splitter.filled += n;
            n == 0
        };
        if eof || splitter.ready() {
            let (text, found, base) = splitter.scan(eof);
            let decided = text.len();
            round(text, found, base)?;
            splitter.consume(decided);
        }
        if eof && splitter.is_empty() {
            return Ok(());
        }
    }
}

/// Writes every byte of `slices`, in as few calls as the writer allows:
/// `Write::write_all_vectored`, which std has not stabilised yet.
pub(crate) fn write_all_vectored<W: Write>(
    writer: &mut W,
    mut slices: &mut [IoSlice<'_>],
) -> io::Result<()> {
    // The most slices one call passes (the usual IOV_MAX).
    const MAX_SLICES: usize = 1024;
    // Empty slices first are skipped, so that a call that writes nothing
    // has something to write.
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        let batch = slices.len().min(MAX_SLICES);
        match writer.write_vectored(&slices[..batch]) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "failed to write the whole buffer",
                ))
            }
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
