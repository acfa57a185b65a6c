//! `find_tokens` and `scan`: where the tokens are, and whose they are.

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use serde::Serialize;
use usertoken::{scan_findings, Finding, Inspector};

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

/// One token found, as `usertoken scan` prints it less `file`, with the
/// row it was found in for Arrow columns.
#[derive(Serialize)]
pub struct Found<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// Every token in `text` as the JSON object `usertoken scan` prints (less
/// `file`), appended to the array in `out`; offsets and lengths in
/// characters when `chars`.
pub fn scan_text(
    text: &[u8],
    chars: bool,
    row: Option<usize>,
    inspector: &Inspector,
    now: DateTime<Utc>,
    out: &mut Vec<u8>,
) {
    let mut offsets = CharOffsets::new(text);
    // Reading a slice cannot fail, and the callback never does.
    let _ = scan_findings(text, inspector, now, |finding| {
        let finding = if chars {
            let start = finding.offset() as usize;
            let (from, to) = (offsets.at(start), offsets.at(start + finding.length()));
            finding.in_units(from as u64, to - from)
        } else {
            finding
        };
        if out.len() > 1 {
            out.push(b',');
        }
        let found = Found {
            row,
            finding: &finding,
        };
        let _ = serde_json::to_writer(&mut *out, &found);
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
