//! Tokens from arguments or from standard input, one per line, with memory
//! bounded by the inspector's size limit whatever the line length.

use std::io::{self, BufRead, Read};
use std::ops::Range;

/// One input: its bytes, or only its length when it was over the limit and
/// not kept.
pub enum Input<'a> {
    Text(&'a [u8]),
    TooLong(usize),
}

/// Reads `reader` line by line, skipping blank lines, keeping at most
/// `max_len` bytes of any line.
pub struct Lines<R> {
    reader: R,
    max_len: usize,
    line: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, max_len: usize) -> Self {
        Lines {
            reader,
            max_len,
            line: Vec::new(),
        }
    }

    /// The next non-blank line, `None` at the end.
    pub fn next_input(&mut self) -> io::Result<Option<Input<'_>>> {
        loop {
            self.line.clear();
            let mut len = 0usize;
            let mut seen = false;
            loop {
                let buf = match self.reader.fill_buf() {
                    Ok(buf) => buf,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                if buf.is_empty() {
                    break;
                }
                seen = true;
                let (chunk, done) = match memchr::memchr(b'\n', buf) {
                    Some(i) => (&buf[..i], Some(i + 1)),
                    None => (buf, None),
                };
                len += chunk.len();
                if len <= self.max_len {
                    self.line.extend_from_slice(chunk);
                }
                let used = done.unwrap_or(buf.len());
                self.reader.consume(used);
                if done.is_some() {
                    break;
                }
            }
            if !seen {
                return Ok(None);
            }
            if len > self.max_len {
                return Ok(Some(Input::TooLong(len)));
            }
            if let Some(text) = content(&self.line) {
                return Ok(Some(Input::Text(&self.line[text])));
            }
        }
    }
}

/// Where a line's content stands in it: without a final `\r`; `None` when
/// the line is blank.
pub fn content(line: &[u8]) -> Option<Range<usize>> {
    let end = line.len() - usize::from(line.last() == Some(&b'\r'));
    let text = line.get(..end)?;
    // Most lines start with their token: only look further when not.
    let blank = text.first().is_none_or(u8::is_ascii_whitespace) && text.trim_ascii().is_empty();
    (!blank).then_some(0..end)
}

/// Reads all of `reader` as one pasted text (`--paste`), keeping at most
/// `max_len` bytes: its bytes, or its length when over the limit; `None`
/// when it is blank.
pub fn whole<R: Read>(reader: R, max_len: usize) -> io::Result<Option<Pasted>> {
    let mut text = Vec::new();
    let limit = u64::try_from(max_len).unwrap_or(u64::MAX);
    let mut reader = reader;
    (&mut reader)
        .take(limit.saturating_add(1))
        .read_to_end(&mut text)?;
    if text.len() > max_len {
        // Count the rest without keeping it.
        let rest = io::copy(&mut reader, &mut io::sink())?;
        let len = text.len() as u64 + rest;
        return Ok(Some(Pasted::TooLong(
            usize::try_from(len).unwrap_or(usize::MAX),
        )));
    }
    if text.trim_ascii().is_empty() {
        return Ok(None);
    }
    Ok(Some(Pasted::Text(text)))
}

/// One pasted text read whole.
pub enum Pasted {
    Text(Vec<u8>),
    TooLong(usize),
}
