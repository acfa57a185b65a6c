//! The finder's rules as data: what anchors a token, how long its
//! signature is, what may stand for a dot, and the noise that transport and
//! tooling put between the pieces of a token. The scanner applies them;
//! nothing here decides where a token is.
//!
//! A token is *anchored* by a segment that decodes to a JOSE header (it has
//! one of [`HEADER_ANCHORS`]) or to a claims set (it has one of
//! [`CLAIM_ANCHORS`]); an arbitrary base64 JSON object between dots (a
//! bundle name, a cache key) is not a token. From an anchor, its pieces are
//! gathered across [noise](gap) for as long as the evidence says they
//! belong: a header or payload whose pieces do not decode to a whole JSON
//! object yet, a signature shorter than its algorithm's length
//! ([`signature_lengths`]).

/// Reads the byte at an offset: `None` past the end, or why it cannot.
pub(crate) type Bytes<'a> = &'a dyn Fn(usize) -> Result<Option<u8>, Stop>;

/// Why a rule cannot say yet: the text is past a limit, or it may go on.
pub(crate) enum Stop {
    Dead,
    /// More text is needed; any token would end at this offset or later.
    Pause(usize),
}

/// Members of a JOSE header: a first segment with one of them anchors a
/// token.
pub(crate) const HEADER_ANCHORS: [&str; 2] = ["alg", "enc"];

/// Registered claims (RFC 7519) and the issuer's own: a payload with one of
/// them anchors a token.
pub(crate) const CLAIM_ANCHORS: [&str; 9] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "client_id",
    "user_id",
];

/// The lengths of a signature of algorithm `alg`, in unpadded base64url.
pub(crate) fn signature_lengths(alg: &str) -> &'static [usize] {
    match alg {
        "HS256" => &[43],
        "HS384" => &[64],
        "HS512" | "ES256" | "EdDSA" | "Ed25519" => &[86],
        "ES384" => &[128],
        "ES512" => &[176],
        // RSA keys of 1024, 2048, 3072 and 4096 bits.
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => &[171, 342, 512, 683],
        _ => &[],
    }
}

/// Every length of [`signature_lengths`], in order: what a signature may
/// be completed to when its header does not say (it is damaged).
pub(crate) const ANY_SIGNATURE: [usize; 9] = [43, 64, 86, 128, 171, 176, 342, 512, 683];

/// Where a token may be written inside a base64 run: the base64 of `eyJ`
/// at each offset modulo 3 (`eyJ` itself, and the characters that do not
/// depend on its neighbours when it starts one or two bytes into a group).
pub(crate) const BASE64_MARKERS: [&[u8]; 3] = [b"ZXlK", b"V5S", b"leU"];

/// What may stand for the dot between two segments besides `.`:
/// percent-encoding (once, twice, three times: a redirect inside a
/// redirect), JSON, JavaScript and C string escapes, HTML character
/// references.
pub(crate) const SEPARATORS: [&[u8]; 16] = [
    b"%2E",
    b"%2e",
    b"%252E",
    b"%252e",
    b"%25252E",
    b"%25252e",
    b"\\u002e",
    b"\\u002E",
    b"\\x2e",
    b"\\x2E",
    b"&#46;",
    b"&#x2e;",
    b"&#x2E;",
    b"&#X2E;",
    b"&#X2e;",
    b"&period;",
];

/// The longest of [`SEPARATORS`].
pub(crate) const MAX_SEPARATOR: usize = 8;

/// The longest line break and prefix that a wrap may put inside a token.
pub(crate) const MAX_PREFIX: usize = 64;

/// The most bytes of noise between two pieces of a token: enough for a
/// line break with its indentation and a string concatenation or a few
/// tags, too few to join words of ordinary text.
pub(crate) const MAX_GAP: usize = 96;

/// The length of the noise at `p`, by this grammar (`byte` gives the byte
/// at an offset, `None` past the end, or stops):
///
/// ```text
/// gap        = item+                      (at most MAX_GAP bytes)
/// item       = line-break | soft-break | continuation | escape
///            | non-ascii | tag | entity | concatenation
/// line-break = "\r"? "\n" prefix          prefix = (" " | "\t" | ">")*
/// soft-break = "=" line-break             (quoted-printable)
/// continuation = "\" line-break           (shell, C macros)
/// escape     = "\n" | "\r" | "\t"         (as two characters: JSON, C)
/// non-ascii  = any byte from 0x80         (no-break and zero-width spaces, …)
/// tag        = "<" "/"? letter (not "<", ">", line break){0,40} ">"
/// entity     = "&" ("#" digit{1,7} | "#" ("x"|"X") hex{1,6} | letter{2,10}) ";"
///              that does not stand for a dot
/// concatenation = quote space* operator? space* (line-break | continuation)? space* quote
///              with an operator or a line break; the same quote on both sides
/// ```
///
/// Each item is made of bytes that cannot be base64url, or is fixed text
/// that a base64url run cannot hold (a tag, an entity, an escape), so that a
/// gap never swallows a piece of a token.
pub(crate) fn gap(byte: Bytes<'_>, p: usize) -> Result<Option<usize>, Stop> {
    let mut q = p;
    while let Some(n) = item(byte, q)? {
        if q + n - p > MAX_GAP {
            break;
        }
        q += n;
    }
    Ok((q > p).then_some(q - p))
}

/// Whether `b` can begin an item of noise.
pub(crate) fn may_begin_gap(b: u8) -> bool {
    b >= 0x80
        || matches!(
            b,
            b'\r' | b'\n' | b'=' | b'\\' | b'<' | b'&' | b'"' | b'\'' | b'`'
        )
}

/// [`gap`] over a whole text: its end is the end.
pub(crate) fn gap_in(text: &[u8], p: usize) -> Option<usize> {
    gap(&|i: usize| Ok(text.get(i).copied()), p).unwrap_or(None)
}

/// The separator (`.` or one of [`SEPARATORS`]) at `p`: its length.
pub(crate) fn separator(byte: Bytes<'_>, p: usize) -> Result<Option<usize>, Stop> {
    match byte(p)? {
        Some(b'.') => return Ok(Some(1)),
        Some(b'%' | b'\\' | b'&') => {}
        _ => return Ok(None),
    }
    'next: for sep in SEPARATORS {
        for (i, &want) in sep.iter().enumerate() {
            if byte(p + i)? != Some(want) {
                continue 'next;
            }
        }
        return Ok(Some(sep.len()));
    }
    Ok(None)
}

/// [`separator`] over a whole text.
pub(crate) fn separator_in(text: &[u8], p: usize) -> Option<usize> {
    separator(&|i: usize| Ok(text.get(i).copied()), p).unwrap_or(None)
}

/// The length of a line break at `p` with the indentation or `> ` quote
/// prefix that follows it.
pub(crate) fn line_break(byte: Bytes<'_>, p: usize) -> Result<Option<usize>, Stop> {
    let mut q = p;
    if byte(q)? == Some(b'\r') {
        q += 1;
    }
    if byte(q)? != Some(b'\n') {
        return Ok(None);
    }
    q += 1;
    while q - p < MAX_PREFIX && matches!(byte(q)?, Some(b' ' | b'\t' | b'>')) {
        q += 1;
    }
    Ok(Some(q - p))
}

fn item(byte: Bytes<'_>, p: usize) -> Result<Option<usize>, Stop> {
    let Some(b) = byte(p)? else {
        return Ok(None);
    };
    let after = |n: Option<usize>, k: usize| n.map(|n| n + k);
    Ok(match b {
        0x80..=0xFF => Some(1),
        b'\r' | b'\n' => line_break(byte, p)?,
        b'=' => after(line_break(byte, p + 1)?, 1),
        b'\\' => match byte(p + 1)? {
            Some(b'\r' | b'\n') => after(line_break(byte, p + 1)?, 1),
            Some(b'n' | b'r' | b't') => Some(2),
            _ => None,
        },
        b'<' => tag(byte, p)?,
        b'&' => entity(byte, p)?,
        b'"' | b'\'' | b'`' => concatenation(byte, p, b)?,
        _ => None,
    })
}

fn tag(byte: Bytes<'_>, p: usize) -> Result<Option<usize>, Stop> {
    let mut q = p + 1;
    if byte(q)? == Some(b'/') {
        q += 1;
    }
    if !byte(q)?.is_some_and(|b| b.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let most = q + 41;
    while q < most {
        match byte(q)? {
            Some(b'>') => return Ok(Some(q + 1 - p)),
            Some(b'<' | b'\r' | b'\n') | None => return Ok(None),
            Some(_) => q += 1,
        }
    }
    Ok(None)
}

fn entity(byte: Bytes<'_>, p: usize) -> Result<Option<usize>, Stop> {
    let mut q = p + 1;
    let (radix, most) = match byte(q)? {
        Some(b'#') => match byte(q + 1)? {
            Some(b'x' | b'X') => {
                q += 2;
                (16, 6)
            }
            _ => {
                q += 1;
                (10, 7)
            }
        },
        Some(b) if b.is_ascii_alphabetic() => (0, 10),
        _ => return Ok(None),
    };
    let from = q;
    let mut value: u32 = 0;
    while q - from < most {
        match byte(q)? {
            Some(b) if radix == 0 && b.is_ascii_alphanumeric() => {}
            Some(b) if radix > 0 && (b as char).is_digit(radix) => {
                value = value * radix + (b as char).to_digit(radix).unwrap_or(0);
            }
            _ => break,
        }
        q += 1;
    }
    let named = radix == 0 && q - from >= 2;
    let numbered = radix > 0 && q > from && value != u32::from(b'.');
    if byte(q)? != Some(b';') || !(named || numbered) {
        return Ok(None);
    }
    if radix == 0 && separator(byte, p)?.is_some() {
        return Ok(None);
    }
    Ok(Some(q + 1 - p))
}

fn concatenation(byte: Bytes<'_>, p: usize, quote: u8) -> Result<Option<usize>, Stop> {
    let spaces = |mut q: usize| -> Result<usize, Stop> {
        while q - p < MAX_GAP && matches!(byte(q)?, Some(b' ' | b'\t')) {
            q += 1;
        }
        Ok(q)
    };
    let mut q = spaces(p + 1)?;
    let mut joined = false;
    match byte(q)? {
        Some(b'+' | b'&') => {
            q += 1;
            joined = true;
        }
        Some(b'|') if byte(q + 1)? == Some(b'|') => {
            q += 2;
            joined = true;
        }
        _ => {}
    }
    q = spaces(q)?;
    let broke = match byte(q)? {
        Some(b'\\') => after_continuation(byte, q)?,
        _ => line_break(byte, q)?,
    };
    if let Some(n) = broke {
        q = spaces(q + n)?;
        joined = true;
    }
    Ok((joined && byte(q)? == Some(quote)).then_some(q + 1 - p))
}

fn after_continuation(byte: Bytes<'_>, q: usize) -> Result<Option<usize>, Stop> {
    Ok(line_break(byte, q + 1)?.map(|n| n + 1))
}
