//! `_usertoken`: the extension module under the `usertoken` Python package.
//!
//! Every function here is a thin layer over the `usertoken` crate; the
//! Pythonic parts (argument defaults, `datetime`s, the logging filter, the
//! structlog processor, the Spark helpers) live in the pure-Python package
//! on top. Results that the CLI prints as JSON cross as that same JSON text,
//! so that the package's dictionaries equal the CLI's objects member for
//! member. Work on large inputs runs with the GIL released.
#![deny(missing_docs)]

mod arrow;
mod errors;
mod fast;
mod judge;
mod redact;
mod report;
mod scan;
mod text;
#[cfg(feature = "verify")]
mod verify;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _usertoken(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("HAS_VERIFY", cfg!(feature = "verify"))?;
    m.add("DEFAULT_MAX_LEN", usertoken::DEFAULT_MAX_LEN)?;
    m.add_class::<report::Report>()?;
    m.add_class::<report::Token>()?;
    m.add_class::<redact::PyRedactor>()?;
    fast::install(m)?;
    m.add_function(wrap_pyfunction!(judge::parse_instant, m)?)?;
    m.add_function(wrap_pyfunction!(report::inspect, m)?)?;
    m.add_function(wrap_pyfunction!(report::parse, m)?)?;
    m.add_function(wrap_pyfunction!(report::compare, m)?)?;
    m.add_function(wrap_pyfunction!(redact::redact_stream, m)?)?;
    m.add_function(wrap_pyfunction!(scan::find_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(scan::scan, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::redact_column, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::scan_column, m)?)?;
    #[cfg(feature = "verify")]
    m.add_function(wrap_pyfunction!(verify::verify, m)?)?;
    Ok(())
}
