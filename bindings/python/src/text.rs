//! Text from Python: `str` or `bytes`, read as bytes, and byte offsets
//! turned into character offsets for `str`.

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// Inputs at least this long are worked on with the GIL released.
pub const RELEASE_GIL_AT: usize = 16 * 1024;

/// A `str` (as UTF-8) or a `bytes`, borrowed where Python allows it.
pub enum Text<'a> {
    /// A `str`, as UTF-8.
    Str(Cow<'a, str>),
    /// A `str` with lone surrogates (which UTF-8 cannot hold), encoded
    /// with Python's `surrogatepass`: tokens are ASCII, so they read the
    /// same, and the surrogates pass through untouched.
    Surrogates(Vec<u8>),
    /// A `bytes`.
    Bytes(&'a [u8]),
}

impl<'a> Text<'a> {
    /// Reads `obj`, which must be a `str` or `bytes`; `what` names the
    /// argument in the `TypeError`.
    pub fn extract(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Text<'a>> {
        if let Ok(s) = obj.downcast::<PyString>() {
            match s.to_cow() {
                Ok(text) => Ok(Text::Str(text)),
                Err(_) => {
                    let encoded = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
                    Ok(Text::Surrogates(
                        encoded.downcast::<PyBytes>()?.as_bytes().to_vec(),
                    ))
                }
            }
        } else if let Ok(b) = obj.downcast::<PyBytes>() {
            Ok(Text::Bytes(b.as_bytes()))
        } else {
            Err(type_error(obj, what, "str or bytes"))
        }
    }

    /// The text's bytes.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Text::Str(s) => s.as_bytes(),
            Text::Surrogates(b) => b,
            Text::Bytes(b) => b,
        }
    }

    /// Whether it is a `str` (so offsets are counted in characters).
    pub fn is_str(&self) -> bool {
        !matches!(self, Text::Bytes(_))
    }
}

/// `TypeError: token must be str or bytes, not int`.
pub fn type_error(obj: &Bound<'_, PyAny>, what: &str, expected: &str) -> PyErr {
    let name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    PyTypeError::new_err(format!("{what} must be {expected}, not {name}"))
}

/// Turns ascending byte offsets into UTF-8 text into character offsets,
/// walking the text once.
pub struct CharOffsets<'a> {
    text: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// Counting from the start of `text`.
    pub fn new(text: &'a [u8]) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `at`, which is at least the
    /// previous one asked for.
    pub fn at(&mut self, at: usize) -> usize {
        let at = at.min(self.text.len());
        if at > self.byte {
            self.chars += self.text[self.byte..at]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count();
            self.byte = at;
        }
        self.chars
    }
}
