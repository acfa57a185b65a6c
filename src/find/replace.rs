//! The one loop that replaces found tokens in text. Redacting a string,
//! redacting a stream and escaping text shown to people all cut text
//! here, so that they agree byte for byte.

use std::borrow::Cow;
use std::ops::Range;

use crate::find::found::{Encoding, Found};
use crate::find::scanner::decoded_token;
use crate::find::wrap::{line_breaks, token_text};

/// A piece of text with tokens in it, in order.
pub(crate) enum Cut<'a> {
    /// Text kept as it is, where it stands in the text: between tokens,
    /// or a line break (with its prefix) inside a wrapped token, so that
    /// the text keeps its lines.
    Keep(Range<usize>),
    /// A token's text, as the reader reads it, to be replaced.
    Token(Cow<'a, [u8]>),
}

/// Calls `f` with the cuts of `text` around the tokens `found` in it (in
/// order, within `text`), the text glued to a token replaced with it.
pub(crate) fn cuts<'a>(
    text: &'a [u8],
    found: impl IntoIterator<Item = Found>,
    mut f: impl FnMut(Cut<'a>),
) {
    let mut prev = 0;
    for token in found {
        // The finder reports tokens in order, inside the text it was given.
        debug_assert!(prev <= token.start() && token.glued_end() <= text.len());
        f(Cut::Keep(prev..token.start()));
        let written = &text[token.token_range()];
        // A token found in a decoded view is read from it, for its marker.
        let token_text = match token.encoding() {
            Some(Encoding::Base64) => {
                decoded_token(written).map_or_else(|| token_text(written), Cow::Owned)
            }
            _ => token_text(written),
        };
        f(Cut::Token(token_text));
        for kept in line_breaks(text, token.start()..token.glued_end()) {
            f(Cut::Keep(kept));
        }
        prev = token.glued_end();
    }
    f(Cut::Keep(prev..text.len()));
}
