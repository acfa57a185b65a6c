//! Cleaning of pasted input: what people copy around a token from headers,
//! code, JSON, query strings and tickets.

use std::borrow::Cow;

/// One thing removed or rewritten before parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cleaning {
    Whitespace,
    ByteOrderMark,
    AuthorizationHeader,
    Bearer,
    KeyName,
    Quotes,
    TrailingText,
    InnerWhitespace,
    QuotePrefix,
    EncodedDots,
}

impl Cleaning {
    pub(crate) fn message(self) -> &'static str {
        match self {
            Cleaning::Whitespace => "removed surrounding whitespace",
            Cleaning::ByteOrderMark => "removed a byte order mark",
            Cleaning::AuthorizationHeader => "removed an 'Authorization:' header name",
            Cleaning::Bearer => "removed a 'Bearer' prefix",
            Cleaning::KeyName => "removed a key name before the token",
            Cleaning::Quotes => "removed surrounding quotes",
            Cleaning::TrailingText => "removed text after the token",
            Cleaning::InnerWhitespace => "removed whitespace inside the token",
            Cleaning::QuotePrefix => "removed the '>' quote prefixes of wrapped lines",
            Cleaning::EncodedDots => {
                "read percent-encoded or escaped dots ('%2E', '\\u002e') as '.'"
            }
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn is_quote(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'`')
}

fn strip_prefix_ignore_case<'a>(s: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// How far into the input a key name and the space around it may reach:
/// names are short, and looking no further keeps cleaning linear whatever
/// the input repeats.
const MAX_KEY: usize = 256;

/// `name: value`, `"name": value`, `name=value`: returns the name and the
/// value. The value must not start with `.` or `=`, so that a token whose
/// first segment carries `=` padding is not mistaken for a name.
fn key_value(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let s = input.get(..MAX_KEY).unwrap_or(input);
    let mut i = 0;
    if s.first().copied().is_some_and(is_quote) {
        i = 1;
    }
    let start = i;
    match s.get(i) {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
        _ => return None,
    }
    while s
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
    {
        i += 1;
    }
    let name = &s[start..i];
    if start == 1 {
        if !s.get(i).copied().is_some_and(is_quote) {
            return None;
        }
        i += 1;
    }
    while s.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if !matches!(s.get(i), Some(b':' | b'=')) {
        return None;
    }
    i += 1;
    while s.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    match s.get(i) {
        None | Some(b'.' | b'=') => None,
        Some(_) => Some((name, &input[i..])),
    }
}

/// Cleans `input`, pushing what it did onto `done`: removes the wrapper
/// ([`unwrap`]), then any whitespace left inside the token.
pub(crate) fn clean<'a>(input: &'a [u8], done: &mut Vec<Cleaning>) -> Cow<'a, [u8]> {
    let s = unwrap(input, done);
    let inner_space = s.iter().any(u8::is_ascii_whitespace);
    let encoded = memchr::memchr2(b'%', b'\\', s).is_some();
    if !inner_space && !encoded {
        return Cow::Borrowed(s);
    }
    // The same reading as a wrapped or encoded token found in text gets.
    let unwrapped = crate::find::wrap::token_text(s);
    if inner_space {
        push_once(done, Cleaning::InnerWhitespace);
    }
    if quote_prefixed(s) {
        push_once(done, Cleaning::QuotePrefix);
    }
    if encoded && crate::find::wrap::has_encoded_dot(s) {
        push_once(done, Cleaning::EncodedDots);
    }
    Cow::Owned(
        unwrapped
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect(),
    )
}

/// Whether a line of `s` starts with a `>` quote prefix (after any
/// indentation), as in a quoted e-mail reply.
fn quote_prefixed(s: &[u8]) -> bool {
    memchr::memchr_iter(b'\n', s).any(|nl| {
        let line = s.get(nl + 1..).unwrap_or_default();
        line.iter().find(|&&b| b != b' ' && b != b'\t') == Some(&b'>')
    })
}

/// Removes what was pasted around a token (whitespace, quotes, `Bearer `,
/// a header or key name, a query string's rest, closing punctuation),
/// pushing what it did onto `done`; nothing inside the token is touched.
pub(crate) fn unwrap<'a>(input: &'a [u8], done: &mut Vec<Cleaning>) -> &'a [u8] {
    // The common case, a bare token: nothing at or below the space, no
    // quote, no name, nothing around it.
    let bare = input.first().is_some_and(u8::is_ascii_alphanumeric)
        && input
            .last()
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && input.iter().fold(true, |ok, &b| {
            ok & (b > b' ') & (b != b'"') & (b != b'\'') & (b != b':') & (b != b'=')
        });
    if bare {
        return input;
    }
    let mut s = input;
    // Whether `s` is known to hold no `&`: it only ever shrinks, so one
    // search is enough.
    let mut no_ampersand = false;
    loop {
        let before = s.len();
        if let Some(rest) = s.strip_prefix(BOM) {
            s = rest;
            push_once(done, Cleaning::ByteOrderMark);
        }
        let trimmed = s.trim_ascii();
        if trimmed.len() != s.len() {
            s = trimmed;
            push_once(done, Cleaning::Whitespace);
        }
        if let Some(rest) = strip_prefix_ignore_case(s, b"bearer") {
            if rest.first().is_some_and(u8::is_ascii_whitespace) {
                s = rest.trim_ascii_start();
                push_once(done, Cleaning::Bearer);
            }
        }
        if let Some((name, value)) = key_value(s) {
            s = value;
            push_once(
                done,
                if name.eq_ignore_ascii_case(b"authorization") {
                    Cleaning::AuthorizationHeader
                } else {
                    Cleaning::KeyName
                },
            );
            // A query string goes on after the token; a token has no `&`.
            if !no_ampersand {
                if let Some(end) = memchr::memchr(b'&', s) {
                    s = &s[..end];
                    push_once(done, Cleaning::TrailingText);
                }
                no_ampersand = true;
            }
        }
        if let Some(&q) = s.first().filter(|&&b| is_quote(b)) {
            match memchr::memchr(q, &s[1..]) {
                Some(end) => {
                    if 1 + end + 1 != s.len() {
                        push_once(done, Cleaning::TrailingText);
                    }
                    s = &s[1..1 + end];
                }
                None => s = &s[1..],
            }
            push_once(done, Cleaning::Quotes);
        } else if s.last().copied().is_some_and(is_quote) {
            s = &s[..s.len() - 1];
            push_once(done, Cleaning::Quotes);
        }
        // Closing punctuation copied from code or JSON around the token.
        let end = s.len()
            - s.iter()
                .rev()
                .take_while(|b| matches!(b, b',' | b';' | b')' | b'}' | b']'))
                .count();
        if end != s.len() {
            s = &s[..end];
            push_once(done, Cleaning::TrailingText);
        }
        if s.len() == before {
            break;
        }
    }
    s
}

fn push_once(done: &mut Vec<Cleaning>, c: Cleaning) {
    if !done.contains(&c) {
        done.push(c);
    }
}
