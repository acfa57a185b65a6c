//! Base64url segments: strict fast path, lenient slow path that says what it
//! tolerated and, on failure, where.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

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

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// The 6-bit value of a base64 character of either alphabet.
fn sextet(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'-' | b'+' => Some(62),
        b'_' | b'/' => Some(63),
        _ => None,
    }
}

/// Checks a segment without decoding it, returning the length of its text
/// without padding and what had to be tolerated.
pub(crate) fn check(seg: &[u8], part: Part) -> Result<(usize, Leniency), Error> {
    let mut lenient = Leniency::default();
    let body_len = seg.len() - seg.iter().rev().take_while(|&&b| b == b'=').count();
    lenient.padding = body_len != seg.len();
    let mut last = 0u8;
    for (i, &b) in seg[..body_len].iter().enumerate() {
        match sextet(b) {
            Some(v) => {
                lenient.standard_alphabet |= b == b'+' || b == b'/';
                last = v;
            }
            None => return Err(Error::new(ErrorKind::Base64Character, part).at(i)),
        }
    }
    let unused_mask = match body_len % 4 {
        1 => return Err(Error::new(ErrorKind::Base64Length, part).detail(body_len)),
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

/// Decodes a segment into `out` (cleared first).
pub(crate) fn decode(seg: &[u8], part: Part, out: &mut Vec<u8>) -> Result<Leniency, Error> {
    out.clear();
    if URL_SAFE_NO_PAD.decode_vec(seg, out).is_ok() {
        return Ok(Leniency::default());
    }
    out.clear();
    let (body_len, lenient) = check(seg, part)?;
    let body = &seg[..body_len];
    let decoded = if lenient.standard_alphabet {
        let translated: Vec<u8> = body
            .iter()
            .map(|&b| match b {
                b'+' => b'-',
                b'/' => b'_',
                b => b,
            })
            .collect();
        LENIENT.decode_vec(&translated, out)
    } else {
        LENIENT.decode_vec(body, out)
    };
    // `check` accepted every character and the length, so decoding cannot
    // fail; should it anyway, report the segment rather than panic.
    decoded.map_err(|_| Error::new(ErrorKind::Base64Character, part).at(0))?;
    Ok(lenient)
}
