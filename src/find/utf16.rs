//! UTF-16 text (Windows event logs, PowerShell transcripts, files saved as
//! "Unicode"): read through a narrow view, one byte per code unit, so that
//! the finder sees a token's ASCII as it sees it in any other text, and a
//! byte `i` of the view stands for bytes `2i` and `2i + 1` of the text.
//! That fixed ratio is what lets a replacement cover exactly the token's
//! bytes in the original, and lets the text between tokens be copied from
//! the original untouched, whatever it holds (unpaired surrogates, NULs).
//!
//! A text is read as UTF-16 when its first 16 bytes show it: at least six
//! of its first eight code units are printable ASCII in one byte order (an
//! ASCII byte beside a NUL), or it begins with a byte order mark and at
//! least one of the seven units after it is. Sixteen bytes decide, so that
//! a stream is redacted as it comes and decides as a whole text does.
//! Ordinary 8-bit text holds no NUL there and is never read this way, even
//! when it begins with the bytes of a mark. (A UTF-16 text that begins
//! with eight characters past ASCII is read as bytes.)

use std::cell::RefCell;
use std::io::{self, Read};

/// How much of a text decides whether it is UTF-16: eight code units.
pub(crate) const SNIFF: usize = 16;

/// The byte order of a UTF-16 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    Little,
    Big,
}

impl Order {
    fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Order::Little => u16::from_le_bytes(pair),
            Order::Big => u16::from_be_bytes(pair),
        }
    }

    fn bytes(self, unit: u16) -> [u8; 2] {
        match self {
            Order::Little => unit.to_le_bytes(),
            Order::Big => unit.to_be_bytes(),
        }
    }
}

/// The byte order `block`, the first bytes of a text, shows it to be
/// UTF-16 in; `None` for text to read as bytes.
pub(crate) fn sniff(block: &[u8]) -> Option<Order> {
    let block = block.get(..SNIFF)?;
    memchr::memchr(0, block)?;
    match evidence(block) {
        (little, _) if little >= ENOUGH => Some(Order::Little),
        (_, big) if big >= ENOUGH => Some(Order::Big),
        _ => None,
    }
}

/// Whether `first`, the first bytes of a text, already decide what
/// [`sniff`] says of any text that begins with them: a stream need not
/// wait for sixteen bytes when its first few rule UTF-16 out (three code
/// units without a NUL, as any 8-bit log line has).
pub(crate) fn decided(first: &[u8]) -> bool {
    if first.len() >= SNIFF {
        return true;
    }
    // Every code unit still to come could count for either order.
    let open = SNIFF / 2 - first.len() / 2;
    let (little, big) = evidence(first);
    little + open < ENOUGH && big + open < ENOUGH
}

/// How much evidence makes a text UTF-16: six of the first eight code
/// units, a byte order mark counting for five.
const ENOUGH: usize = 6;

/// The evidence of the whole code units in `first` for each byte order:
/// an ASCII character beside a NUL counts one, a byte order mark five. (A
/// mark is not enough alone: 8-bit text may begin with those two bytes.)
fn evidence(first: &[u8]) -> (usize, usize) {
    let printable = |b: u8| matches!(b, b'\t' | b'\n' | b'\r' | b' '..=b'~');
    let (mut little, mut big) = match first {
        [0xFF, 0xFE, ..] | [0xFF] => (5, 0),
        [0xFE, 0xFF, ..] | [0xFE] => (0, 5),
        _ => (0, 0),
    };
    for pair in first.chunks_exact(2) {
        match *pair {
            [b, 0] if printable(b) => little += 1,
            [0, b] if printable(b) => big += 1,
            _ => {}
        }
    }
    (little, big)
}

/// Reads the first bytes of `reader` until they decide whether the text
/// is UTF-16 ([`decided`]), or it ends.
pub(crate) fn read_first(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut first = Vec::with_capacity(SNIFF);
    let mut buf = [0; SNIFF];
    while !decided(&first) {
        let n = match reader.read(&mut buf[..SNIFF - first.len()]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        first.extend_from_slice(&buf[..n]);
    }
    Ok(first)
}

/// The narrow byte of one code unit: ASCII as itself; any other character
/// as a byte past ASCII, which the finder takes for noise — a low
/// surrogate as a UTF-8 continuation byte, so that a character outside the
/// Basic Multilingual Plane counts as one column, as in UTF-8.
fn narrow_unit(unit: u16) -> u8 {
    match unit {
        0..=0x7F => unit as u8,
        0xDC00..=0xDFFF => 0x80,
        _ => 0xC0,
    }
}

/// Appends the narrow view of `wide` (whole code units) to `out`.
pub(crate) fn narrow(order: Order, wide: &[u8], out: &mut Vec<u8>) {
    out.extend(
        wide.chunks_exact(2)
            .map(|pair| narrow_unit(order.unit([pair[0], pair[1]]))),
    );
}

/// Appends `text` (a marker: UTF-8) to `out` as UTF-16.
pub(crate) fn widen(order: Order, text: &[u8], out: &mut Vec<u8>) {
    for unit in String::from_utf8_lossy(text).encode_utf16() {
        out.extend_from_slice(&order.bytes(unit));
    }
}

/// A reader of the narrow view of a UTF-16 stream. What it reads from
/// `inner` is appended to `wide` as well, when given, for the caller to
/// take in step with the view: two bytes for every byte of the view, and
/// at the end an odd last byte, if any, which no code unit holds.
pub(crate) struct Narrowing<'w, R> {
    inner: R,
    order: Order,
    wide: Option<&'w RefCell<Vec<u8>>>,
    /// The first byte of a code unit whose second is still to come.
    odd: Option<u8>,
    chunk: Vec<u8>,
    done: bool,
}

impl<'w, R: Read> Narrowing<'w, R> {
    pub(crate) fn new(inner: R, order: Order, wide: Option<&'w RefCell<Vec<u8>>>) -> Self {
        Narrowing {
            inner,
            order,
            wide,
            odd: None,
            chunk: Vec::new(),
            done: false,
        }
    }
}

impl<R: Read> Read for Narrowing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        const MAX_CHUNK: usize = 64 << 10;
        if buf.is_empty() || self.done {
            return Ok(0);
        }
        let room = (buf.len() * 2).min(MAX_CHUNK);
        self.chunk.resize(room, 0);
        loop {
            let start = usize::from(self.odd.is_some());
            if let Some(b) = self.odd {
                self.chunk[0] = b;
            }
            let n = match self.inner.read(&mut self.chunk[start..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let mut wide = self.wide.map(RefCell::borrow_mut);
            if n == 0 {
                // The end: an odd last byte goes out as it came.
                if let (Some(wide), Some(b)) = (wide.as_mut(), self.odd.take()) {
                    wide.push(b);
                }
                self.done = true;
                return Ok(0);
            }
            let filled = start + n;
            let whole = filled & !1;
            self.odd = (whole < filled).then(|| self.chunk[whole]);
            if whole == 0 {
                continue;
            }
            let units = &self.chunk[..whole];
            if let Some(wide) = wide.as_mut() {
                wide.extend_from_slice(units);
            }
            for (out, pair) in buf.iter_mut().zip(units.chunks_exact(2)) {
                *out = narrow_unit(self.order.unit([pair[0], pair[1]]));
            }
            return Ok(whole / 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn sniffs_by_mark_and_by_nul_pattern() {
        let mark = |s: &str| -> Vec<u8> {
            let mut text = vec![0xFF, 0xFE];
            text.extend(utf16le(s));
            text
        };
        assert_eq!(
            sniff(&mark("\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}a")),
            Some(Order::Little)
        );
        assert_eq!(
            sniff(&mark(
                "\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}"
            )),
            None
        );
        // The bytes of a mark before 8-bit text.
        assert_eq!(sniff(b"\xFF\xFE eyJhbGciOiJIUzI1NiJ9 and so on"), None);
        assert_eq!(sniff(&utf16le("2026-12-04 INFO ok")), Some(Order::Little));
        let big: Vec<u8> = "2026-12-04 INFO ok"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff(&big), Some(Order::Big));
        // 8-bit text, short UTF-16 and binary are read as bytes.
        assert_eq!(sniff(b"2026-12-04 INFO ok, and a longer line"), None);
        assert_eq!(sniff(&utf16le("abcdefg")), None);
        // Two characters past ASCII in the first eight still read.
        assert_eq!(
            sniff(&utf16le("\u{e9}t\u{e9} 2026 ok")),
            Some(Order::Little)
        );
        assert_eq!(sniff(&utf16le("\u{e9}\u{e9}\u{e9} 2026 ok")), None);
        assert_eq!(
            sniff(b"SQLite format 3\0\x10\0\x01\x01\0@  \0\0\0\x02"),
            None
        );
    }

    #[test]
    fn a_few_bytes_decide_when_they_rule_utf16_out() {
        assert!(decided(b"ok\n ab"));
        assert!(!decided(b"ok\n a"));
        assert!(!decided(b"a\n"));
        assert!(!decided(&utf16le("2026")));
        assert!(!decided(&[0xFF, 0xFE, b'a', b'b', b'c', b'd', b'e', b'f']));
        // Whatever follows a decided start, sniffing says it is not UTF-16.
        for start in [&b"ok\n ab"[..], b"\xFF\xFE abcdefghijklmn"] {
            assert!(decided(start));
            let mut text = start.to_vec();
            text.extend(utf16le("a long line of UTF-16"));
            assert_eq!(sniff(&text), None);
        }
    }

    #[test]
    fn narrowing_keeps_one_byte_per_unit_and_every_original_byte() {
        let mut text = utf16le("a\u{e9}\u{1F600}b");
        text.push(0x41); // an odd last byte
        let wide = RefCell::new(Vec::new());
        let mut view = Vec::new();
        // One byte at a time: the split code units are put back together.
        let mut reader = Narrowing::new(OneByte(&text), Order::Little, Some(&wide));
        reader.read_to_end(&mut view).unwrap();
        assert_eq!(view, [b'a', 0xC0, 0xC0, 0x80, b'b']);
        assert_eq!(*wide.borrow(), text);
    }

    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(out)) => {
                    *out = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }
}
