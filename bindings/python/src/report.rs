//! `inspect`, `parse` and `compare`: reports and tokens.

use std::cell::RefCell;
use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use serde_json::value::RawValue;
use usertoken::HeaderCache;

use crate::errors::{raise_token_error, token_error};
use crate::judge::{inspector, instant, Instant, Link};
use crate::text::Text;

/// A crate report, as the package's `Report` holds it.
#[pyclass(module = "usertoken._usertoken", frozen)]
pub struct Report {
    inner: usertoken::Report,
}

fn unix(t: Option<DateTime<Utc>>) -> Option<Instant> {
    t.map(|t| (t.timestamp(), t.timestamp_subsec_nanos()))
}

#[pymethods]
impl Report {
    /// The object `usertoken inspect --json` prints, as JSON text.
    fn json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner)
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))
    }

    /// The report for a person, without colour.
    fn human(&self) -> String {
        self.inner.human().color(false).to_string()
    }

    /// The one-line summary.
    fn summary(&self) -> String {
        self.inner.summary().to_string()
    }

    /// The fingerprint, when there was any token text.
    fn fingerprint(&self) -> Option<String> {
        self.inner.fingerprint().map(|f| f.to_string())
    }

    /// `iat` as `(seconds, nanoseconds)`.
    fn issued_at(&self) -> Option<Instant> {
        unix(self.inner.issued_at())
    }

    /// `exp` as `(seconds, nanoseconds)`.
    fn expires_at(&self) -> Option<Instant> {
        unix(self.inner.expires_at())
    }

    /// The instant time was judged at.
    fn now(&self) -> Instant {
        let now = self.inner.now();
        (now.timestamp(), now.timestamp_subsec_nanos())
    }

    /// Whether the token had expired at `now`.
    fn expired(&self) -> Option<bool> {
        self.inner.is_expired()
    }

    /// The environment's name.
    fn environment(&self) -> Option<&'static str> {
        self.inner.environment().map(|e| e.as_str())
    }

    /// The error as a `usertoken.TokenError`, when the token is unreadable.
    fn error(&self, py: Python<'_>) -> PyResult<Option<PyObject>> {
        self.inner.error().map(|e| token_error(py, e)).transpose()
    }
}

/// A readable token, as the package's `Token` holds it.
#[pyclass(module = "usertoken._usertoken", frozen)]
pub struct Token {
    inner: usertoken::Token,
}

/// A JSON object of members as they are in the token.
fn object<'a>(members: impl Iterator<Item = (&'a str, &'a RawValue)>) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in members.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name).unwrap_or_else(|_| "\"\"".to_owned()));
        out.push(':');
        out.push_str(value.get());
    }
    out.push('}');
    out
}

#[pymethods]
impl Token {
    /// The header as JSON text.
    fn header_json(&self) -> String {
        object(self.inner.header().iter())
    }

    /// The claims as JSON text.
    fn claims_json(&self) -> String {
        object(self.inner.claims().iter())
    }

    /// Whether the signature segment is not empty.
    fn is_signed(&self) -> bool {
        self.inner.is_signed()
    }

    /// The signature's length in bytes once decoded.
    fn signature_len(&self) -> usize {
        self.inner.signature_len()
    }

    /// What reading the token noticed, as JSON text.
    fn notes_json(&self) -> String {
        serde_json::to_string(self.inner.notes()).unwrap_or_else(|_| "[]".to_owned())
    }
}

/// Inspects `token` at `now` as pasted text: one report for a token by
/// itself, one per token found inside other text (as the CLI prints them);
/// with `paste`, the text is read whole and a Link configuration in it is
/// recognised (`inspect --paste`). Never empty.
#[pyfunction]
#[pyo3(signature = (token, now, issuers, link, paste))]
pub fn inspect(
    token: &Bound<'_, PyAny>,
    now: Instant,
    issuers: Vec<(String, String)>,
    link: Link,
    paste: bool,
) -> PyResult<Vec<Report>> {
    let text = Text::extract(token, "token")?;
    let inspector = inspector(&issuers, link)?;
    let now = instant(now)?;
    let reports = if paste {
        inspector.inspect_snippet(text.bytes(), now)
    } else {
        // Each thread keeps the last header decoded: a service inspecting
        // one token after another decodes their shared header once.
        HEADERS
            .try_with(|headers| match headers.try_borrow_mut() {
                Ok(mut headers) => inspector.inspect_pasted_with(text.bytes(), now, &mut headers),
                Err(_) => inspector.inspect_pasted(text.bytes(), now),
            })
            .unwrap_or_else(|_| inspector.inspect_pasted(text.bytes(), now))
    };
    Ok(reports.into_iter().map(|inner| Report { inner }).collect())
}

thread_local! {
    static HEADERS: RefCell<HeaderCache> = RefCell::new(HeaderCache::new());
}

/// Reads `token` strictly: raises `usertoken.TokenError` when it is not a
/// readable token.
#[pyfunction]
pub fn parse(py: Python<'_>, token: &Bound<'_, PyAny>) -> PyResult<Token> {
    let text = Text::extract(token, "token")?;
    match usertoken::Token::parse_bytes(text.bytes()) {
        Ok(inner) => Ok(Token { inner }),
        Err(e) => Err(raise_token_error(py, &e)),
    }
}

/// A and B side by side: the display text, then same user, client,
/// environment, the order of issue (-1, 0, 1), same token, same user and
/// client, both readable.
type Compared = (
    String,
    Option<bool>,
    Option<bool>,
    Option<bool>,
    Option<i8>,
    bool,
    bool,
    bool,
);

/// Compares two reports.
#[pyfunction]
pub fn compare(a: &Report, b: &Report) -> Compared {
    let both = a.inner.compare(&b.inner);
    (
        both.to_string(),
        both.same_user(),
        both.same_client(),
        both.same_environment(),
        both.issued().map(|o| match o {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }),
        both.same_token(),
        both.same_user_and_client(),
        both.both_readable(),
    )
}
