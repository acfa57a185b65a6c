//! `verify`: the verdicts of `usertoken verify --json`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use usertoken::{Key, Verifier};

use crate::text::Text;

/// Verifies `token` with a public key or key set (`key`: PEM, JWK or JWKS
/// text) or an HMAC secret (`secret`, its bytes; base64 when
/// `secret_base64`): the verdict as the JSON object `usertoken verify
/// --json` prints: the first for text holding several tokens.
#[pyfunction]
#[pyo3(signature = (token, key, secret, secret_base64, max_len))]
pub fn verify(
    py: Python<'_>,
    token: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    secret: Option<&Bound<'_, PyAny>>,
    secret_base64: bool,
    max_len: usize,
) -> PyResult<String> {
    let token = Text::extract(token, "token")?;
    let key = match (key, secret) {
        (Some(key), None) => Key::parse(Text::extract(key, "key")?.bytes()),
        (None, Some(secret)) => {
            let secret = Text::extract(secret, "secret")?;
            if secret_base64 {
                Key::hmac_base64(secret.bytes())
            } else {
                Key::hmac(secret.bytes())
            }
        }
        _ => {
            return Err(PyTypeError::new_err(
                "verify needs exactly one of key= or secret=",
            ))
        }
    }
    .map_err(|e| PyValueError::new_err(format!("key: {e}")))?;
    let verifier = Verifier::new(key).max_len(max_len);
    let bytes = token.bytes();
    // The first verdict of the text as pasted (the CLI's first line for it).
    let verdicts = py.allow_threads(|| verifier.verify_pasted(bytes));
    serde_json::to_string(&verdicts.first()).map_err(|e| PyValueError::new_err(e.to_string()))
}
