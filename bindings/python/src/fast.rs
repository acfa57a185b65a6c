//! The calls made once per log line or log record, by the plainer C calling
//! conventions of CPython's stable ABI.
//!
//! Under `abi3-py39` PyO3 gives every function `METH_VARARGS |
//! METH_KEYWORDS` and reads its arguments with its general machinery:
//! measured, a call of `Redactor.redact` on an empty text cost 0.55 of
//! what a bare Python loop spends on a line (reading it and writing it
//! back); by `METH_O`, 0.25. So the three calls that a line or a record
//! makes are defined here by hand, each over the same Rust as the PyO3
//! one it stands in for:
//!
//! - `Redactor.redact(text)`, a `METH_O` method;
//! - `redact(text, style="mask", *, issuers=None)`, whose call with the
//!   text alone takes a short way, and any other call the PyO3 function;
//! - the common path of `usertoken.logging.RedactingFilter`, a `METH_O`
//!   function over a [`RecordFilter`].

use std::ffi::{CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::OnceLock;

use pyo3::exceptions::PySystemError;
use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pyclass::boolean_struct::True;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyCFunction, PyDict, PyString, PyTuple, PyType};
use pyo3::PyClass;

use crate::redact::{mask, redact_with, PyRedactor};

/// Adds `redact` to `m` and gives `Redactor` its `METH_O` `redact`.
pub fn install(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();

    let full = wrap_pyfunction!(crate::redact::redact, m)?;
    let redact_doc = doc(full.as_any())?;
    FULL_REDACT.get_or_init(py, || full.into_any().unbind());
    let by_tuple = (
        ffi::PyMethodDefPointer {
            PyCFunctionWithKeywords: module_redact,
        },
        ffi::METH_VARARGS | ffi::METH_KEYWORDS,
    );
    let (meth, flags) = if py.version_info() >= (3, 10) {
        // SAFETY: CPython calls a `METH_FASTCALL | METH_KEYWORDS` function
        // with the arguments of `FastWithKeywords`, whatever the type the
        // definition stores the pointer as (C code casts it the same way).
        let meth = unsafe {
            std::mem::transmute::<FastWithKeywords, ffi::PyCFunction>(module_redact_fast)
        };
        (
            ffi::PyMethodDefPointer { PyCFunction: meth },
            METH_FASTCALL | ffi::METH_KEYWORDS,
        )
    } else {
        by_tuple
    };
    add_function(m, method_def(c"redact", meth, flags, &redact_doc))?;
    // The tuple convention under its own name, so that the tests run it
    // on any Python.
    add_function(
        m,
        method_def(c"_redact_by_tuple", by_tuple.0, by_tuple.1, &redact_doc),
    )?;

    let ty = py.get_type::<PyRedactor>();
    let def = method_def(
        c"redact",
        ffi::PyMethodDefPointer {
            PyCFunction: redactor_redact,
        },
        ffi::METH_O,
        c"redact($self, text, /)\n--\n\n``text`` (``str`` or ``bytes``) with every token replaced: the same\ntype back, the very object when there was no token.",
    );
    // SAFETY: `def` lives for the rest of the process; the descriptor
    // checks that whatever it is called on is a `Redactor`.
    let descr =
        unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyDescr_NewMethod(ty.as_type_ptr(), def))? };
    ty.setattr("redact", descr)?;

    m.add_class::<RecordFilter>()?;
    Ok(())
}

/// Adds a function made from `def` to `m`, under `def`'s name.
fn add_function(m: &Bound<'_, PyModule>, def: &'static mut ffi::PyMethodDef) -> PyResult<()> {
    // SAFETY: `def` lives for the rest of the process; its name is a
    // C string that does too.
    let name = unsafe { CStr::from_ptr(def.ml_name) }.to_str()?;
    let module_name = m.name()?;
    // SAFETY: the module (the self the function is bound to) and its name
    // are live objects, which the new function holds references to.
    let function = unsafe {
        Bound::from_owned_ptr_or_err(
            m.py(),
            ffi::PyCFunction_NewEx(def, m.as_ptr(), module_name.as_ptr()),
        )?
    };
    m.add(name, function)
}

/// A method definition that lives as long as the process (CPython keeps
/// a pointer to it in every function made from it).
fn method_def(
    name: &'static CStr,
    meth: ffi::PyMethodDefPointer,
    flags: std::os::raw::c_int,
    doc: &CStr,
) -> &'static mut ffi::PyMethodDef {
    let doc: &'static CStr = Box::leak(doc.to_owned().into_boxed_c_str());
    Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: meth,
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }))
}

/// The docstring of the PyO3 function `f` stands in for, with its text
/// signature in front as CPython reads it (`help()` and
/// `inspect.signature` show it).
fn doc(f: &Bound<'_, PyAny>) -> PyResult<CString> {
    let text: String = f
        .getattr("__doc__")?
        .extract::<Option<String>>()?
        .unwrap_or_default();
    let signature: Option<String> = f.getattr("__text_signature__")?.extract()?;
    let name: String = f.getattr("__name__")?.extract()?;
    let whole = match signature {
        Some(sig) => format!("{name}{sig}\n--\n\n{text}"),
        None => text,
    };
    CString::new(whole.replace('\0', "")).map_err(|e| PySystemError::new_err(e.to_string()))
}

/// Runs the body of a function that CPython calls with the GIL held: its
/// result as a new reference, or null with its exception set; a panic
/// becomes a `SystemError` and never unwinds into C.
///
/// # Safety
/// The GIL must be held, as it is in any function CPython calls.
unsafe fn body(f: impl FnOnce(Python<'_>) -> PyResult<*mut ffi::PyObject>) -> *mut ffi::PyObject {
    // SAFETY: the caller holds the GIL.
    let py = unsafe { Python::assume_gil_acquired() };
    match catch_unwind(AssertUnwindSafe(|| f(py))) {
        Ok(Ok(obj)) => obj,
        Ok(Err(e)) => {
            e.restore(py);
            ptr::null_mut()
        }
        Err(_) => {
            PySystemError::new_err("usertoken: internal error").restore(py);
            ptr::null_mut()
        }
    }
}

/// Runs the body of a `METH_O` function bound to a `T`, as [`body`] does.
///
/// # Safety
/// CPython calls it with the GIL held, `slf` and `arg` live objects.
unsafe fn method_o<T>(
    slf: *mut ffi::PyObject,
    arg: *mut ffi::PyObject,
    f: impl for<'py> FnOnce(Python<'py>, &T, &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>>,
) -> *mut ffi::PyObject
where
    T: PyClass<Frozen = True> + Sync,
{
    // SAFETY: as the caller promises.
    unsafe {
        body(|py| {
            let slf = Bound::from_borrowed_ptr(py, slf);
            let arg = Bound::from_borrowed_ptr(py, arg);
            let this = slf.downcast::<T>()?.get();
            Ok(f(py, this, &arg)?.into_ptr())
        })
    }
}

/// `Redactor.redact(text)`.
unsafe extern "C" fn redactor_redact(
    slf: *mut ffi::PyObject,
    text: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls it with the GIL held and two live objects.
    unsafe {
        method_o(slf, text, |py, redactor: &PyRedactor, text| {
            redact_with(py, redactor.redactor(), text)
        })
    }
}

/// The PyO3 `redact`, which reads and checks every argument.
static FULL_REDACT: GILOnceCell<Py<PyAny>> = GILOnceCell::new();

/// `redact(text, style="mask", *, issuers=None)`: with the text alone, the
/// mask redactor; with anything more, the PyO3 function.
unsafe extern "C" fn module_redact(
    _module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls it with the GIL held, `args` a tuple and
    // `kwargs` a dict or null.
    unsafe {
        body(|py| {
            let args = Bound::from_borrowed_ptr(py, args).downcast_into::<PyTuple>()?;
            let kwargs = (!kwargs.is_null())
                .then(|| Bound::from_borrowed_ptr(py, kwargs).downcast_into::<PyDict>())
                .transpose()?;
            if args.len() == 1 && kwargs.as_ref().is_none_or(|k| k.is_empty()) {
                let text = args.get_borrowed_item(0)?;
                return Ok(redact_with(py, mask(), &text)?.into_ptr());
            }
            Ok(full_redact(py)?.call(args, kwargs.as_ref())?.into_ptr())
        })
    }
}

/// `METH_FASTCALL`: in the stable ABI from Python 3.10 (the arguments as
/// an array, the keywords' names as a tuple), which `abi3-py39` leaves out
/// of PyO3's bindings. On 3.9 `redact` takes the tuple convention.
const METH_FASTCALL: std::os::raw::c_int = 0x0080;

type FastWithKeywords = unsafe extern "C" fn(
    *mut ffi::PyObject,
    *const *mut ffi::PyObject,
    ffi::Py_ssize_t,
    *mut ffi::PyObject,
) -> *mut ffi::PyObject;

/// `redact` by `METH_FASTCALL | METH_KEYWORDS`: as [`module_redact`],
/// without a tuple made for the text.
unsafe extern "C" fn module_redact_fast(
    _module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls it with the GIL held, `nargs` positional
    // arguments in `args` followed by one value for each name in
    // `kwnames` (a tuple, or null for none).
    unsafe {
        body(|py| {
            let names = (!kwnames.is_null())
                .then(|| Bound::from_borrowed_ptr(py, kwnames).downcast_into::<PyTuple>())
                .transpose()?;
            let given = usize::try_from(nargs).unwrap_or_default();
            let named = names.as_ref().map_or(0, |n| n.len());
            let arg = |i: usize| Bound::from_borrowed_ptr(py, *args.add(i));
            if given == 1 && named == 0 {
                return Ok(redact_with(py, mask(), &arg(0))?.into_ptr());
            }
            let positional = PyTuple::new(py, (0..given).map(arg))?;
            let keywords = match &names {
                Some(names) if named > 0 => {
                    let dict = PyDict::new(py);
                    for (i, name) in names.iter().enumerate() {
                        dict.set_item(name, arg(given + i))?;
                    }
                    Some(dict)
                }
                _ => None,
            };
            Ok(full_redact(py)?
                .call(positional, keywords.as_ref())?
                .into_ptr())
        })
    }
}

fn full_redact(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    FULL_REDACT
        .get(py)
        .map(|f| f.bind(py))
        .ok_or_else(|| PySystemError::new_err("usertoken: redact is not set up"))
}

/// The common path of `usertoken.logging.RedactingFilter.filter`: a
/// `logging.LogRecord` (not a subclass) without an exception, a stack or
/// `extra` attributes has its formatted message redacted here; any other
/// record, and one whose message cannot be formatted, goes to `rest` (the
/// Python code, which handles every record).
///
/// ``RecordFilter(redactor, format_once, record_type, plain_len, rest)``;
/// ``record_filter.bind()`` is the one-argument function that logging
/// calls as the filter's ``filter``.
#[pyclass(module = "usertoken._usertoken", name = "RecordFilter", frozen)]
pub struct RecordFilter {
    redactor: Py<PyRedactor>,
    format_once: bool,
    /// `logging.LogRecord`.
    record_type: Py<PyType>,
    /// How many attributes a record without `extra` has.
    plain_len: usize,
    rest: Py<PyAny>,
}

#[pymethods]
impl RecordFilter {
    #[new]
    fn new(
        redactor: Py<PyRedactor>,
        format_once: bool,
        record_type: Py<PyType>,
        plain_len: usize,
        rest: Py<PyAny>,
    ) -> Self {
        RecordFilter {
            redactor,
            format_once,
            record_type,
            plain_len,
            rest,
        }
    }

    /// The filter as a one-argument function bound to this object.
    fn bind<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyCFunction>> {
        let py = slf.py();
        let def = record_filter_def();
        // SAFETY: `def` lives for the rest of the process; `slf` is live
        // and the new function holds a reference to it.
        unsafe {
            Ok(Bound::from_owned_ptr_or_err(
                py,
                ffi::PyCFunction_NewEx(def, slf.as_ptr(), ptr::null_mut()),
            )?
            .downcast_into_unchecked())
        }
    }
}

fn record_filter_def() -> *mut ffi::PyMethodDef {
    // The address, kept as an integer: a raw pointer is not `Sync`.
    static DEF: OnceLock<usize> = OnceLock::new();
    let def = DEF.get_or_init(|| {
        let def = method_def(
            c"filter",
            ffi::PyMethodDefPointer {
                PyCFunction: record_filter,
            },
            ffi::METH_O,
            c"filter(record, /)\n--\n\nRedacts the record in place; always passes it.",
        );
        ptr::from_mut(def) as usize
    });
    *def as *mut ffi::PyMethodDef
}

/// `RecordFilter`'s `filter(record)`.
unsafe extern "C" fn record_filter(
    slf: *mut ffi::PyObject,
    record: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls it with the GIL held, `slf` the RecordFilter it
    // is bound to and `record` a live object.
    unsafe {
        method_o(slf, record, |py, filter: &RecordFilter, record| {
            filter.filter(py, record)
        })
    }
}

impl RecordFilter {
    fn filter<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some((attributes, message)) = self.common(py, record) else {
            return self.rest.bind(py).call1((record,));
        };
        let redactor = self.redactor.bind(py).get().redactor();
        let redacted = redact_with(py, redactor, &message)?;
        if !redacted.is(&message) || self.format_once {
            attributes.set_item(intern!(py, "msg"), redacted)?;
            attributes.set_item(intern!(py, "args"), PyTuple::empty(py))?;
        }
        Ok(true.into_pyobject(py)?.to_owned().into_any())
    }

    /// For a common record, its attributes and its message formatted as
    /// `LogRecord.getMessage` does (`str(msg) % args` when there are
    /// args). A `LogRecord` keeps its attributes as plain entries of its
    /// `__dict__` (its class has no descriptors for them), so they are
    /// read and written there. `None` for any other record, and for a
    /// message that cannot be formatted.
    fn common<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
    ) -> Option<(Bound<'py, PyDict>, Bound<'py, PyAny>)> {
        if !record.get_type().is(self.record_type.bind(py)) {
            return None;
        }
        let attributes = record
            .getattr(intern!(py, "__dict__"))
            .ok()?
            .downcast_into::<PyDict>()
            .ok()?;
        if attributes.len() > self.plain_len {
            return None;
        }
        let get = |name: &Bound<'py, PyString>| attributes.get_item(name).ok().flatten();
        for name in [
            intern!(py, "exc_info"),
            intern!(py, "exc_text"),
            intern!(py, "stack_info"),
        ] {
            if !get(name)?.is_none() {
                return None;
            }
        }
        let msg = get(intern!(py, "msg"))?;
        let args = get(intern!(py, "args"))?;
        let text = if msg.is_exact_instance_of::<PyString>() {
            msg
        } else {
            msg.str().ok()?.into_any()
        };
        let message = if args.is_truthy().ok()? {
            text.rem(&args).ok()?
        } else {
            text
        };
        Some((attributes, message))
    }
}
