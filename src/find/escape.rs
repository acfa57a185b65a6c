//! Text from a token shown to a person: control and bidi characters escaped
//! so that a claim cannot rewrite the terminal or reorder what is shown,
//! and long values shortened.

use std::borrow::Cow;
use std::fmt::{self, Write};

use crate::find::replace::{cuts, Cut};
use crate::find::scan::find_tokens;
use crate::fingerprint::push_marker;

/// How many characters of a value are shown before it is shortened.
const MAX_CHARS: usize = 80;

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width and directional marks
            | '\u{2028}' | '\u{2029}'
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{061C}' | '\u{FEFF}')
}

/// Text from a token with any token inside it (a claim that holds another
/// token) replaced by its fingerprint marker: it is shown no more than the
/// token itself.
pub(crate) fn without_tokens(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut found = find_tokens(bytes).peekable();
    if found.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(bytes.len());
    cuts(bytes, found, |cut| match cut {
        Cut::Keep(kept) => out.extend_from_slice(bytes.get(kept).unwrap_or_default()),
        Cut::Token(token) => push_marker(&token, &mut out),
    });
    // Markers and tokens are ASCII, so the text stays UTF-8; should it
    // not, it is not lost either.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// Displays text with control and bidi characters as `\u{…}` escapes,
/// shortened to 80 characters with `…`. A token inside the text is replaced
/// first ([`without_tokens`]): shortening alone could leave its header
/// showing.
#[derive(Clone, Copy)]
pub(crate) struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = without_tokens(self.0);
        write_escaped(f, &text, MAX_CHARS)
    }
}

/// The first `max_chars` characters of `text`, control and bidi characters
/// as `\u{…}` escapes, then `…` when there were more. The characters between
/// escapes are written a run at a time.
fn write_escaped(f: &mut fmt::Formatter<'_>, text: &str, max_chars: usize) -> fmt::Result {
    let mut run = 0;
    for (i, (at, c)) in text.char_indices().enumerate() {
        if i == max_chars {
            f.write_str(&text[run..at])?;
            return f.write_char('…');
        }
        if needs_escape(c) {
            f.write_str(&text[run..at])?;
            write!(f, "\\u{{{:x}}}", c as u32)?;
            run = at + c.len_utf8();
        }
    }
    f.write_str(&text[run..])
}

/// Displays text whole, with control and bidi characters as `\u{…}`
/// escapes, so that it cannot rewrite a terminal or reorder the line it is
/// on: for text that is not a token's, such as a file's path.
///
/// ```
/// use usertoken::Printable;
///
/// assert_eq!(Printable("logs/\u{202e}gol.txt\n").to_string(), "logs/\\u{202e}gol.txt\\u{a}");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Printable<'a>(pub &'a str);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, self.0, usize::MAX)
    }
}

/// [`Escaped`] between single quotes.
#[derive(Clone, Copy)]
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}'", Escaped(self.0))
    }
}
