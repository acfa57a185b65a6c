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
    /// A `str`, as its UTF-8 bytes.
    Str(Cow<'a, [u8]>),
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
            if let Some(text) = borrow_utf8(s) {
                return Ok(Text::Str(Cow::Borrowed(text)));
            }
            match s.to_cow() {
                Ok(Cow::Borrowed(text)) => Ok(Text::Str(Cow::Borrowed(text.as_bytes()))),
                Ok(Cow::Owned(text)) => Ok(Text::Str(Cow::Owned(text.into_bytes()))),
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
            Text::Str(s) => s,
            Text::Surrogates(b) => b,
            Text::Bytes(b) => b,
        }
    }

    /// Whether it is a `str` (so offsets are counted in characters).
    pub fn is_str(&self) -> bool {
        !matches!(self, Text::Bytes(_))
    }
}

/// The UTF-8 bytes of `s` without a copy: CPython keeps it in the object (an
/// ASCII `str` is its own UTF-8), which the limited API of 3.9 has no way
/// to reach, so a line a call would be copied into a new `bytes` first.
/// `PyUnicode_AsUTF8AndSize` is in the stable ABI from 3.10 and exported by
/// every CPython 3 on Unix, where symbols resolve when the module loads;
/// elsewhere, and for a `str` with lone surrogates, `None` (the caller
/// copies).
#[cfg(unix)]
fn borrow_utf8<'a>(s: &'a Bound<'_, PyString>) -> Option<&'a [u8]> {
    use std::os::raw::c_char;

    use pyo3::ffi;

    extern "C" {
        fn PyUnicode_AsUTF8AndSize(
            unicode: *mut ffi::PyObject,
            size: *mut ffi::Py_ssize_t,
        ) -> *const c_char;
    }
    let mut size: ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` and the GIL is held (a `Bound`); the
    // pointer, when not null, is to `size` bytes owned by the object,
    // which is immutable and outlives the borrow `'a`.
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    if data.is_null() {
        // Lone surrogates: UTF-8 cannot hold them.
        drop(PyErr::take(s.py()));
        return None;
    }
    let len = usize::try_from(size).ok()?;
    // SAFETY: as above. CPython made them UTF-8, which the finder does
    // not need anyway (it reads bytes).
    Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}

#[cfg(not(unix))]
fn borrow_utf8<'a>(_: &'a Bound<'_, PyString>) -> Option<&'a [u8]> {
    None
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
