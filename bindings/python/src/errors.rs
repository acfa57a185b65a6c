//! Crate errors as the package's Python exception classes.

use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::PyType;

static TOKEN_ERROR: GILOnceCell<Py<PyType>> = GILOnceCell::new();

/// `usertoken.TokenError` (defined in Python, in `usertoken._errors`) for
/// a crate [`usertoken::Error`]: its message, kind, part and offset, never
/// token text.
pub fn token_error(py: Python<'_>, e: &usertoken::Error) -> PyResult<PyObject> {
    let class = TOKEN_ERROR.import(py, "usertoken._errors", "TokenError")?;
    let instance = class.call1((
        e.to_string(),
        e.kind().as_str(),
        e.part().as_str(),
        e.offset(),
    ))?;
    Ok(instance.unbind())
}

/// The same, to raise.
pub fn raise_token_error(py: Python<'_>, e: &usertoken::Error) -> PyErr {
    match token_error(py, e) {
        Ok(instance) => PyErr::from_value(instance.into_bound(py)),
        Err(err) => err,
    }
}
