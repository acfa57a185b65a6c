//! Base64url segments, read leniently: what was tolerated is said, and on
//! failure, where.

use crate::error::{Error, ErrorKind, Part};

/// What the lenient reading of a segment had to tolerate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Leniency {
    /// `=` padding was removed.
    pub padding: bool,
    /// `+` or `/` of the standard alphabet were read as `-` and `_`.
    pub standard_alphabet: bool,
    /// The unused bits of the last character were not zero.
    pub non_canonical: bool,
}

/// The 6-bit value of each base64 character of either alphabet; 0xFF for
/// anything else, 0x80 flags the standard alphabet's `+` and `/`.
const SEXTETS: [u8; 256] = {
    let mut table = [0xFFu8; 256];
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8;
        table[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        table[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    table[b'-' as usize] = 62;
    table[b'_' as usize] = 63;
    table[b'+' as usize] = 0x80 | 62;
    table[b'/' as usize] = 0x80 | 63;
    table
};

/// Checks a segment without decoding it, returning the length of its text
/// without padding and what had to be tolerated.
pub(crate) fn check(seg: &[u8], part: Part) -> Result<(usize, Leniency), Error> {
    let mut lenient = Leniency::default();
    let body_len = seg.len() - seg.iter().rev().take_while(|&&b| b == b'=').count();
    lenient.padding = body_len != seg.len();
    let body = &seg[..body_len];
    // One branch-free pass for the common case; find the position only on
    // failure.
    let flags = body
        .iter()
        .fold(0u8, |acc, &b| acc | SEXTETS[usize::from(b)]);
    if flags == 0xFF {
        let at = body
            .iter()
            .position(|&b| SEXTETS[usize::from(b)] == 0xFF)
            .unwrap_or(0);
        return Err(Error::new(ErrorKind::Base64Character, part).at(at));
    }
    lenient.standard_alphabet = flags & 0x80 != 0;
    let last = body.last().map_or(0, |&b| SEXTETS[usize::from(b)] & 0x3F);
    let unused_mask = match body_len % 4 {
        1 => return Err(Error::base64_length(part, body_len)),
        2 => 0b1111,
        3 => 0b11,
        _ => 0,
    };
    lenient.non_canonical = last & unused_mask != 0;
    if seg.len() - body_len > 2 {
        // Two `=` complete any quantum; a third cannot be padding.
        return Err(Error::new(ErrorKind::Base64Character, part).at(body_len + 2));
    }
    Ok((body_len, lenient))
}

/// Decodes a segment into `out` (cleared first), checking it on the way.
pub(crate) fn decode(seg: &[u8], part: Part, out: &mut Vec<u8>) -> Result<Leniency, Error> {
    let body_len = seg.len() - seg.iter().rev().take_while(|&&b| b == b'=').count();
    let body = &seg[..body_len];
    let tail = body.chunks_exact(4).remainder();
    let tail_bytes = tail.len().saturating_sub(1);
    out.clear();
    out.resize(body_len / 4 * 3 + tail_bytes, 0);
    // Decode and collect the table's flags in the same pass; whatever is
    // wrong is found and named afterwards, by `check`. Eight characters at
    // a time into six bytes, unmasked: a character outside the url-safe
    // alphabet sets a flag bit and garbles its word, and then the segment
    // is decoded again, four at a time and masked.
    let mut flags = 0u8;
    let wide = body.len() / 8;
    for (src, dst) in body.chunks_exact(8).zip(out.chunks_exact_mut(6)) {
        let mut v = 0u64;
        for &b in src {
            let x = SEXTETS[usize::from(b)];
            flags |= x;
            v = v << 6 | u64::from(x);
        }
        dst.copy_from_slice(&v.to_be_bytes()[2..]);
    }
    let from = if flags & 0xC0 == 0 { wide * 2 } else { 0 };
    let mut value = |b: u8| {
        let v = SEXTETS[usize::from(b)];
        flags |= v;
        u32::from(v & 0x3F)
    };
    let (body_rest, out_rest) = (&body[from * 4..], &mut out[from * 3..]);
    for (src, dst) in body_rest.chunks_exact(4).zip(out_rest.chunks_exact_mut(3)) {
        let v = value(src[0]) << 18 | value(src[1]) << 12 | value(src[2]) << 6 | value(src[3]);
        dst.copy_from_slice(&v.to_be_bytes()[1..]);
    }
    if tail_bytes > 0 {
        let v = tail.iter().fold(0u32, |v, &b| v << 6 | value(b)) << (6 * (4 - tail.len()));
        let at = out.len() - tail_bytes;
        out[at..].copy_from_slice(&v.to_be_bytes()[1..1 + tail_bytes]);
    }
    let plain = flags & 0xC0 == 0 && body_len == seg.len() && body_len % 4 != 1;
    let canonical = match body_len % 4 {
        2 => tail
            .last()
            .is_some_and(|&b| SEXTETS[usize::from(b)] & 0x0F == 0),
        3 => tail
            .last()
            .is_some_and(|&b| SEXTETS[usize::from(b)] & 0x03 == 0),
        _ => true,
    };
    if plain && canonical {
        return Ok(Leniency::default());
    }
    let (_, lenient) = check(seg, part)?;
    Ok(lenient)
}
