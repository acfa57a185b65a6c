//! `redact` over `str` and `bytes`, and `redact_stream` over binary file
//! objects.

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::sync::OnceLock;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use usertoken::{Redactor, Style};

use crate::judge::issuers;
use crate::text::{type_error, Text, RELEASE_GIL_AT};

/// A redactor of `style` with `extra` issuers; without extra issuers, one
/// made once per style (the per-line path makes millions of calls).
pub fn redactor(style: &str, extra: &[(String, String)]) -> PyResult<Cow<'static, Redactor>> {
    let style: Style = match style {
        "mask" => Style::Mask,
        "fingerprint" => Style::Fingerprint,
        "summary" => Style::Summary,
        other => other
            .parse()
            .map_err(|e| PyValueError::new_err(format!("style: {e}")))?,
    };
    if extra.is_empty() {
        let plain = plain();
        let index = match style {
            Style::Mask => 0,
            Style::Fingerprint => 1,
            _ => 2,
        };
        return Ok(Cow::Borrowed(&plain[index]));
    }
    Ok(Cow::Owned(
        Redactor::new().style(style).issuers(issuers(extra)?),
    ))
}

/// Replaces every token in ``text`` (damaged ones too) and nothing else.
///
/// Returns the same type it was given: the same bytes as ``usertoken
/// redact --style STYLE``; the very object when there was no token.
///
/// Args:
///     text: ``str`` or ``bytes``.
///     style: ``mask`` (``[REDACTED-JWT]``), ``fingerprint``
///         (``[REDACTED-JWT:fp=…]``) or ``summary`` (fingerprint,
///         environment, user_id and expiry). Unlike the CLI, whose default
///         is ``summary``, the default here is ``mask``.
///     issuers: more issuers for the ``summary`` style's environment.
///
/// For many small texts (a log line at a time), ``Redactor(style).redact``
/// reads the style once rather than at each call.
///
/// Raises:
///     TypeError: ``text`` is not ``str`` or ``bytes``.
///     ValueError: ``style`` is not one of the three.
// `usertoken.redact` itself, with no Python frame in front: a log line at
// a time, that frame cost more than finding the tokens.
#[pyfunction]
#[pyo3(signature = (text, style = StyleArg::Default, *, issuers = None))]
#[pyo3(text_signature = "(text, style=\"mask\", *, issuers=None)")]
pub fn redact<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    style: StyleArg<'py>,
    issuers: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let given;
    let style = match &style {
        StyleArg::Default => "mask",
        StyleArg::Given(s) => {
            given = s
                .downcast::<PyString>()
                .map_err(|_| type_error(s, "style", "str"))?
                .to_cow()?;
            &*given
        }
    };
    let pairs = match issuers {
        Some(issuers) if !issuers.is_none() => {
            // The package's reading of a mapping or pairs, and its messages.
            let read = py.import("usertoken")?.getattr("_issuers")?;
            read.call1((issuers,))?.extract()?
        }
        _ => Vec::new(),
    };
    let redactor = redactor(style, &pairs)?;
    redact_with(py, &redactor, text)
}

/// The redactors of the three styles with no extra issuers, made once:
/// mask, fingerprint, summary.
fn plain() -> &'static [Redactor; 3] {
    static PLAIN: OnceLock<[Redactor; 3]> = OnceLock::new();
    PLAIN.get_or_init(|| {
        [Style::Mask, Style::Fingerprint, Style::Summary].map(|s| Redactor::new().style(s))
    })
}

/// The mask redactor with no extra issuers: `redact(text)`'s.
pub fn mask() -> &'static Redactor {
    &plain()[0]
}

/// `redact`'s style: left out (``mask``) or the object given, checked at
/// the call.
pub enum StyleArg<'py> {
    /// Not given.
    Default,
    /// Given: must be a `str`.
    Given(Bound<'py, PyAny>),
}

impl<'py> FromPyObject<'py> for StyleArg<'py> {
    fn extract_bound(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        Ok(StyleArg::Given(obj.clone()))
    }
}

/// Replaces tokens in text, with a style and issuer table read once: for
/// code that redacts many small texts (a log line at a time), where
/// reading the arguments of each call would cost more than the work.
///
/// ``Redactor(style="mask", issuers=None)``; ``redactor.redact(text)`` is
/// ``usertoken.redact(text, style, issuers=issuers)``.
#[pyclass(module = "usertoken._usertoken", name = "Redactor", frozen)]
pub struct PyRedactor {
    inner: Cow<'static, Redactor>,
    style: String,
}

#[pymethods]
impl PyRedactor {
    #[new]
    #[pyo3(signature = (style = "mask", issuers = None))]
    fn new(style: &str, issuers: Option<Vec<(String, String)>>) -> PyResult<Self> {
        let inner = redactor(style, issuers.as_deref().unwrap_or_default())?;
        Ok(PyRedactor {
            inner,
            style: style.to_ascii_lowercase(),
        })
    }

    /// The style: ``mask``, ``fingerprint`` or ``summary``.
    #[getter]
    fn style(&self) -> &str {
        &self.style
    }

    fn __repr__(&self) -> String {
        format!("<usertoken.Redactor style={:?}>", self.style)
    }
}

impl PyRedactor {
    /// The crate's redactor.
    pub fn redactor(&self) -> &Redactor {
        &self.inner
    }
}

/// `text` (`str` or `bytes`) redacted by `redactor`: the same type back,
/// the very object when it held no token; the GIL released for large
/// inputs.
pub fn redact_with<'py>(
    py: Python<'py>,
    redactor: &Redactor,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    match Text::extract(text, "text")? {
        Text::Str(s) => {
            let out = if s.len() >= RELEASE_GIL_AT {
                py.allow_threads(|| owned(redactor.redact_bytes(&s)))
            } else {
                owned(redactor.redact_bytes(&s))
            };
            Ok(match out {
                // Tokens and their replacements are ASCII, so UTF-8 in is
                // UTF-8 out (as `Redactor::redact` has it).
                Some(o) => PyString::new(py, &String::from_utf8_lossy(&o)).into_any(),
                None => text.clone(),
            })
        }
        Text::Surrogates(b) => {
            let out = if b.len() >= RELEASE_GIL_AT {
                py.allow_threads(|| owned(redactor.redact_bytes(&b)))
            } else {
                owned(redactor.redact_bytes(&b))
            };
            match out {
                Some(o) => PyBytes::new(py, &o).call_method1("decode", ("utf-8", "surrogatepass")),
                None => Ok(text.clone()),
            }
        }
        Text::Bytes(b) => {
            let out = if b.len() >= RELEASE_GIL_AT {
                py.allow_threads(|| owned(redactor.redact_bytes(b)))
            } else {
                owned(redactor.redact_bytes(b))
            };
            Ok(match out {
                Some(o) => PyBytes::new(py, &o).into_any(),
                None => text.clone(),
            })
        }
    }
}

fn owned(c: Cow<'_, [u8]>) -> Option<Vec<u8>> {
    match c {
        Cow::Owned(o) => Some(o),
        Cow::Borrowed(_) => None,
    }
}

/// What went wrong on the Python side of a stream, kept to raise as it was.
struct Failure(Option<PyErr>);

/// A binary file object read with `readinto`-free `read(n)` calls, each
/// taking the GIL for the call only.
struct PyReader<'a> {
    src: Py<PyAny>,
    failure: &'a std::sync::Mutex<Failure>,
}

impl Read for PyReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Python::with_gil(|py| {
            let got = self
                .src
                .call_method1(py, "read", (buf.len(),))
                .and_then(|chunk| {
                    let chunk = chunk.into_bound(py);
                    if chunk.is_none() {
                        // A non-blocking stream with nothing yet: treat as end.
                        return Ok(0);
                    }
                    let bytes = chunk.downcast::<PyBytes>().map_err(|_| {
                        PyTypeError::new_err(
                            "src must be a binary file object: read() returned no bytes",
                        )
                    })?;
                    let data = bytes.as_bytes();
                    let Some(into) = buf.get_mut(..data.len()) else {
                        return Err(PyValueError::new_err(
                            "src.read(n) returned more than n bytes",
                        ));
                    };
                    into.copy_from_slice(data);
                    Ok(data.len())
                });
            got.map_err(|e| fail(self.failure, e))
        })
    }
}

/// A binary file object written with `write(bytes)` calls.
struct PyWriter<'a> {
    dst: Py<PyAny>,
    failure: &'a std::sync::Mutex<Failure>,
}

impl Write for PyWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        Python::with_gil(|py| {
            while !buf.is_empty() {
                let chunk = PyBytes::new(py, buf);
                let written = self
                    .dst
                    .call_method1(py, "write", (chunk,))
                    .and_then(|n| {
                        let n = n.into_bound(py);
                        if n.is_none() {
                            Ok(buf.len())
                        } else {
                            n.extract::<usize>()
                        }
                    })
                    .map_err(|e| fail(self.failure, e))?;
                if written == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "dst wrote nothing",
                    ));
                }
                buf = &buf[written.min(buf.len())..];
            }
            Ok(())
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Python::with_gil(|py| {
            let has = self.dst.bind(py).hasattr("flush").unwrap_or(false);
            if has {
                self.dst
                    .call_method0(py, "flush")
                    .map_err(|e| fail(self.failure, e))?;
            }
            Ok(())
        })
    }
}

fn fail(failure: &std::sync::Mutex<Failure>, e: PyErr) -> io::Error {
    if let Ok(mut f) = failure.lock() {
        f.0.get_or_insert(e);
    }
    io::Error::other("the Python file object failed")
}

/// Copies `src` to `dst` with every token replaced, with memory bounded
/// whatever the size; returns how many tokens were replaced.
#[pyfunction]
#[pyo3(signature = (src, dst, style, issuers))]
pub fn redact_stream(
    py: Python<'_>,
    src: &Bound<'_, PyAny>,
    dst: &Bound<'_, PyAny>,
    style: &str,
    issuers: Vec<(String, String)>,
) -> PyResult<u64> {
    let redactor = redactor(style, &issuers)?;
    for (obj, what, method) in [(src, "src", "read"), (dst, "dst", "write")] {
        if !obj.hasattr(method)? {
            return Err(PyTypeError::new_err(format!(
                "{what} must be a binary file object with {method}()"
            )));
        }
    }
    let failure = std::sync::Mutex::new(Failure(None));
    let reader = PyReader {
        src: src.clone().unbind(),
        failure: &failure,
    };
    let writer = PyWriter {
        dst: dst.clone().unbind(),
        failure: &failure,
    };
    let result = py.allow_threads(|| redactor.redact_stream(reader, writer));
    let kept = failure.into_inner().ok().and_then(|f| f.0);
    match (result, kept) {
        (_, Some(e)) => Err(e),
        (Ok(n), None) => Ok(n),
        (Err(e), None) => Err(pyo3::exceptions::PyOSError::new_err(e.to_string())),
    }
}
