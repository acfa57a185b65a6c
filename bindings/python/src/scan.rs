//! `find_tokens` and `scan`: where the tokens are, and whose they are.

use chrono::{DateTime, SecondsFormat, Utc};
use pyo3::prelude::*;
use serde::Serialize;
use usertoken::{scan_reader, Environment, Fingerprint, Inspector, Kind, Piece};

use crate::judge::{inspector, instant, Instant, Link};
use crate::text::{CharOffsets, Text, RELEASE_GIL_AT};

/// `(start, end, kind)` of every token in `text`: character offsets for a
/// `str`, byte offsets for `bytes`.
#[pyfunction]
pub fn find_tokens(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
) -> PyResult<Vec<(usize, usize, &'static str)>> {
    let text = Text::extract(text, "text")?;
    let bytes = text.bytes();
    let work = || {
        let mut found: Vec<(usize, usize, &'static str)> = usertoken::find_tokens(bytes)
            .map(|f| (f.start(), f.end(), f.kind().as_str()))
            .collect();
        if text.is_str() {
            let mut chars = CharOffsets::new(bytes);
            for (start, end, _) in &mut found {
                *start = chars.at(*start);
                *end = chars.at(*end);
            }
        }
        found
    };
    Ok(if bytes.len() >= RELEASE_GIL_AT {
        py.allow_threads(work)
    } else {
        work()
    })
}

/// One token found, as `usertoken scan` prints it less `file`.
#[derive(Serialize)]
pub struct Found<'a> {
    /// The row it was found in (Arrow columns only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    offset: u64,
    line: u64,
    length: usize,
    kind: Kind,
    fingerprint: Fingerprint,
    issuer: Option<&'a str>,
    environment: Option<Environment>,
    user_id: Option<&'a str>,
    client_id: Option<&'a str>,
    expires_at: Option<String>,
    expired: Option<bool>,
}

/// Every token in `text` as the JSON object `usertoken scan` prints (less
/// `file`), passed to `emit` one by one; offsets in characters when
/// `chars`.
pub fn scan_text(
    text: &[u8],
    chars: bool,
    row: Option<usize>,
    inspector: &Inspector,
    now: DateTime<Utc>,
    out: &mut Vec<u8>,
) {
    let mut line = 1u64;
    let mut offsets = CharOffsets::new(text);
    // Reading a slice cannot fail, and the callback never does.
    let _ = scan_reader(text, |piece| {
        match piece {
            Piece::Text(t) => line += t.iter().filter(|&&b| b == b'\n').count() as u64,
            Piece::Token {
                offset,
                kind,
                text,
                glued,
                ..
            } => {
                let report = inspector.inspect(text, now);
                let claims = report.claims();
                let offset = if chars {
                    offsets.at(offset as usize) as u64
                } else {
                    offset
                };
                let found = Found {
                    row,
                    offset,
                    line,
                    length: text.len(),
                    kind,
                    fingerprint: report
                        .fingerprint()
                        .unwrap_or_else(|| Fingerprint::of(text)),
                    issuer: report.issuer(),
                    environment: report.environment(),
                    user_id: claims.and_then(|c| c.user_id()),
                    client_id: claims.and_then(|c| c.client_id()),
                    expires_at: report
                        .expires_at()
                        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
                    expired: report.is_expired(),
                };
                if out.len() > 1 {
                    out.push(b',');
                }
                let _ = serde_json::to_writer(&mut *out, &found);
                // A wrapped token holds line breaks.
                line += text.iter().chain(glued).filter(|&&b| b == b'\n').count() as u64;
            }
            _ => {}
        }
        Ok(())
    });
}

/// Every token in `text` as a JSON array of `usertoken scan`'s objects
/// less `file`: offsets in characters for a `str`, in bytes for `bytes`.
#[pyfunction]
#[pyo3(signature = (text, now, issuers))]
pub fn scan(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    now: Instant,
    issuers: Vec<(String, String)>,
) -> PyResult<String> {
    let text = Text::extract(text, "text")?;
    let inspector = inspector(&issuers, Link::default())?;
    let now = instant(now)?;
    let bytes = text.bytes();
    let chars = text.is_str();
    let work = || {
        let mut out = vec![b'['];
        scan_text(bytes, chars, None, &inspector, now, &mut out);
        out.push(b']');
        String::from_utf8_lossy(&out).into_owned()
    };
    Ok(if bytes.len() >= RELEASE_GIL_AT {
        py.allow_threads(work)
    } else {
        work()
    })
}
