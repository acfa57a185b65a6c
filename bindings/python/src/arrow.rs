//! Arrow string columns, a batch at a time: the Spark helpers hand over a
//! column's offsets and data buffers, and get buffers back.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::judge::{inspector, instant, Instant, Link};
use crate::redact::redactor;
use crate::scan::scan_text;

/// A string column's buffers: `n` rows from row `start` of an Arrow
/// `string` (`large` false, 32-bit offsets) or `large_string` array.
struct Column<'a> {
    offsets: &'a [u8],
    data: &'a [u8],
    start: usize,
    n: usize,
    large: bool,
}

impl Column<'_> {
    fn offset(&self, i: usize) -> Option<usize> {
        let width = if self.large { 8 } else { 4 };
        let at = (self.start + i).checked_mul(width)?;
        let raw = self.offsets.get(at..at + width)?;
        let value = if self.large {
            i64::from_le_bytes(raw.try_into().ok()?)
        } else {
            i64::from(i32::from_le_bytes(raw.try_into().ok()?))
        };
        usize::try_from(value).ok()
    }

    /// The bytes of every row, checked against the buffers.
    fn rows(&self) -> PyResult<Vec<&[u8]>> {
        let bad = || PyValueError::new_err("the Arrow offsets do not fit the data buffer");
        let mut rows = Vec::with_capacity(self.n);
        let mut from = self.offset(0).ok_or_else(bad)?;
        for i in 1..=self.n {
            let to = self.offset(i).ok_or_else(bad)?;
            rows.push(self.data.get(from..to).ok_or_else(bad)?);
            from = to;
        }
        Ok(rows)
    }
}

/// Redacts every row of a string column: returns the new offsets (from 0,
/// of the same width) and data buffers.
#[pyfunction]
#[pyo3(signature = (offsets, data, start, n, large, style, issuers))]
#[allow(clippy::too_many_arguments)]
pub fn redact_column<'py>(
    py: Python<'py>,
    offsets: &[u8],
    data: &[u8],
    start: usize,
    n: usize,
    large: bool,
    style: &str,
    issuers: Vec<(String, String)>,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let redactor = redactor(style, &issuers)?;
    let column = Column {
        offsets,
        data,
        start,
        n,
        large,
    };
    let rows = column.rows()?;
    let (new_offsets, new_data) = py
        .allow_threads(|| {
            let mut out = Vec::with_capacity(data.len());
            let mut ends = Vec::with_capacity((n + 1) * if large { 8 } else { 4 });
            let push = |len: usize, ends: &mut Vec<u8>| -> bool {
                if large {
                    ends.extend_from_slice(&(len as i64).to_le_bytes());
                    true
                } else {
                    match i32::try_from(len) {
                        Ok(v) => {
                            ends.extend_from_slice(&v.to_le_bytes());
                            true
                        }
                        Err(_) => false,
                    }
                }
            };
            push(0, &mut ends);
            for row in rows {
                out.extend_from_slice(&redactor.redact_bytes(row));
                if !push(out.len(), &mut ends) {
                    return Err(());
                }
            }
            Ok((ends, out))
        })
        .map_err(|()| {
            PyValueError::new_err("the redacted column is over 2 GiB: use large strings")
        })?;
    Ok((PyBytes::new(py, &new_offsets), PyBytes::new(py, &new_data)))
}

/// Scans every row of a string column: a JSON array of `usertoken scan`'s
/// objects (less `file`) with a `row` member, offsets in characters.
#[pyfunction]
#[pyo3(signature = (offsets, data, start, n, large, now, issuers))]
#[allow(clippy::too_many_arguments)]
pub fn scan_column(
    py: Python<'_>,
    offsets: &[u8],
    data: &[u8],
    start: usize,
    n: usize,
    large: bool,
    now: Instant,
    issuers: Vec<(String, String)>,
) -> PyResult<String> {
    let inspector = inspector(&issuers, Link::default())?;
    let now = instant(now)?;
    let column = Column {
        offsets,
        data,
        start,
        n,
        large,
    };
    let rows = column.rows()?;
    Ok(py.allow_threads(|| {
        let mut out = vec![b'['];
        for (i, row) in rows.into_iter().enumerate() {
            scan_text(row, true, Some(i), &inspector, now, &mut out);
        }
        out.push(b']');
        String::from_utf8_lossy(&out).into_owned()
    }))
}
