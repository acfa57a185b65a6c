//! A validating scan of one JSON object: where each member's name and value
//! stand, without building values. Iterative, so nesting depth costs heap
//! in proportion to the input, never stack; and bounded, so that what is
//! read can always be written out and read back by serde_json (whose limit
//! is 128 levels, the report's own two included).

use std::ops::Range;

use crate::limits::MAX_DEPTH;

/// One member: the name's text between its quotes (escapes not undone; see
/// `escaped`) and the value's raw JSON text, as byte offsets. Offsets are
/// 32 bits, so that a payload of a million members is a small table: the
/// text scanned must be shorter than 4 GiB (the caller sees to it).
#[derive(Clone, Copy)]
pub(crate) struct RawMember {
    name_start: u32,
    name_end: u32,
    value_start: u32,
    value_end: u32,
    pub escaped: bool,
}

impl RawMember {
    pub(crate) fn name(&self) -> Range<usize> {
        self.name_start as usize..self.name_end as usize
    }

    pub(crate) fn value(&self) -> Range<usize> {
        self.value_start as usize..self.value_end as usize
    }

    pub(crate) fn set_value(&mut self, other: &RawMember) {
        self.value_start = other.value_start;
        self.value_end = other.value_end;
    }
}

/// Why a text is not a JSON object.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ScanError {
    /// Not JSON: the byte offset where reading stopped.
    Syntax(usize),
    /// Nested deeper than [`MAX_DEPTH`]: the offset of the bracket too many.
    TooDeep(usize),
    /// JSON, but not an object.
    NotObject,
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Bytes that end the plain run of a string: quote, backslash, controls.
const STRING_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Whether any of eight bytes is a quote, a backslash or a control
/// (bit tricks on a word: claims are short strings, where a vectorised
/// search costs more to set up than it saves).
fn any_special(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    (below_space
        | zero_in(word ^ (ONES * u64::from(b'"')))
        | zero_in(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

/// The end of the string starting at `b[i] == b'"'`; the flag says whether
/// it holds escapes.
fn string_end(b: &[u8], i: usize) -> Result<(usize, bool), usize> {
    let mut j = i + 1;
    let mut escaped = false;
    loop {
        while let Some(Ok(chunk)) = b.get(j..j + 8).map(<[u8; 8]>::try_from) {
            if any_special(u64::from_le_bytes(chunk)) {
                break;
            }
            j += 8;
        }
        while b.get(j).is_some_and(|&c| !STRING_SPECIAL[usize::from(c)]) {
            j += 1;
        }
        match b.get(j) {
            None => return Err(b.len()),
            Some(b'"') => return Ok((j + 1, escaped)),
            Some(b'\\') => {}
            Some(_) => return Err(j),
        }
        escaped = true;
        match b.get(j + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => j += 2,
            Some(b'u') => {
                let hex = b.get(j + 2..j + 6).ok_or(b.len())?;
                if let Some(h) = hex.iter().position(|h| !h.is_ascii_hexdigit()) {
                    return Err(j + 2 + h);
                }
                j += 6;
            }
            _ => return Err(j + 1),
        }
    }
}

fn digits(b: &[u8], mut i: usize) -> Result<usize, usize> {
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == start {
        Err(i)
    } else {
        Ok(i)
    }
}

fn number_end(b: &[u8], mut i: usize) -> Result<usize, usize> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    i = match b.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => digits(b, i)?,
        _ => return Err(i),
    };
    if b.get(i) == Some(&b'.') {
        i = digits(b, i + 1)?;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(b, i)?;
    }
    Ok(i)
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Result<usize, usize> {
    match b.get(i..i + word.len()) {
        Some(w) if w == word => Ok(i + word.len()),
        _ => Err(i),
    }
}

/// A member name at `i`, then `:`; returns the name's span, whether it holds
/// escapes, and where its value starts.
fn name(b: &[u8], i: usize) -> Result<(Range<usize>, bool, usize), usize> {
    if b.get(i) != Some(&b'"') {
        return Err(i);
    }
    let (end, escaped) = string_end(b, i)?;
    let colon = ws(b, end);
    if b.get(colon) != Some(&b':') {
        return Err(colon);
    }
    Ok((i + 1..end - 1, escaped, ws(b, colon + 1)))
}

impl From<usize> for ScanError {
    fn from(at: usize) -> ScanError {
        ScanError::Syntax(at)
    }
}

/// The end of the value starting at `i` (no leading whitespace), inside
/// `outer` arrays and objects.
fn value_end(
    b: &[u8],
    mut i: usize,
    outer: usize,
    stack: &mut Vec<u8>,
) -> Result<usize, ScanError> {
    stack.clear();
    loop {
        match b.get(i) {
            Some(b'"') => i = string_end(b, i)?.0,
            Some(&open @ (b'{' | b'[')) => {
                if outer + stack.len() >= MAX_DEPTH {
                    return Err(ScanError::TooDeep(i));
                }
                let close = if open == b'{' { b'}' } else { b']' };
                let inner = ws(b, i + 1);
                if b.get(inner) == Some(&close) {
                    i = inner + 1;
                } else {
                    stack.push(close);
                    i = if open == b'{' {
                        name(b, inner)?.2
                    } else {
                        inner
                    };
                    continue;
                }
            }
            Some(b't') => i = literal(b, i, b"true")?,
            Some(b'f') => i = literal(b, i, b"false")?,
            Some(b'n') => i = literal(b, i, b"null")?,
            Some(b'-' | b'0'..=b'9') => i = number_end(b, i)?,
            _ => return Err(ScanError::Syntax(i)),
        }
        // After a value: close what ends here, or go on to the next element.
        loop {
            let Some(&close) = stack.last() else {
                return Ok(i);
            };
            let at = ws(b, i);
            match b.get(at) {
                Some(b',') => {
                    let next = ws(b, at + 1);
                    i = if close == b'}' {
                        name(b, next)?.2
                    } else {
                        next
                    };
                    break;
                }
                Some(&c) if c == close => {
                    stack.pop();
                    i = at + 1;
                }
                _ => return Err(ScanError::Syntax(at)),
            }
        }
    }
}

/// Scans `b` as exactly one JSON object, with optional surrounding
/// whitespace.
pub(crate) fn scan_object(b: &[u8]) -> Result<Vec<RawMember>, ScanError> {
    let mut stack = Vec::new();
    let start = ws(b, 0);
    if b.get(start) != Some(&b'{') {
        // Tell JSON of another kind from text that is not JSON at all.
        let end = value_end(b, start, 0, &mut stack)?;
        let end = ws(b, end);
        return Err(if end == b.len() {
            ScanError::NotObject
        } else {
            ScanError::Syntax(end)
        });
    }
    let mut members = Vec::with_capacity(8);
    let mut i = ws(b, start + 1);
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            let (name, escaped, at) = name(b, i).map_err(ScanError::Syntax)?;
            let end = value_end(b, at, 1, &mut stack)?;
            // In range: the caller keeps the text under `MAX_TEXT`.
            let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
            members.push(RawMember {
                name_start: offset(name.start),
                name_end: offset(name.end),
                value_start: offset(at),
                value_end: offset(end),
                escaped,
            });
            i = ws(b, end);
            match b.get(i) {
                Some(b',') => i = ws(b, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return Err(ScanError::Syntax(i)),
            }
        }
    }
    let end = ws(b, i);
    if end != b.len() {
        return Err(ScanError::Syntax(end));
    }
    Ok(members)
}
