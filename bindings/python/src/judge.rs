//! What judging takes: an instant, an issuer table, Link's settings.

use chrono::{DateTime, Utc};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use usertoken::{Environment, Inspector, Issuers};

/// An instant as `(unix seconds, nanoseconds)`, how Python hands it over.
pub type Instant = (i64, u32);

/// Reads the instants `usertoken --now` reads: unix seconds or
/// milliseconds, RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC). `None` when the
/// text is none of them.
#[pyfunction]
pub fn parse_instant(text: &str) -> Option<Instant> {
    usertoken::parse_instant(text).map(|t| (t.timestamp(), t.timestamp_subsec_nanos()))
}

/// The instant of `(seconds, nanoseconds)`.
pub fn instant(now: Instant) -> PyResult<DateTime<Utc>> {
    DateTime::from_timestamp(now.0, now.1)
        .ok_or_else(|| PyValueError::new_err("the instant is out of range"))
}

/// The default issuer table with `extra` issuers added, each mapped to an
/// environment by name.
pub fn issuers(extra: &[(String, String)]) -> PyResult<Issuers> {
    extra.iter().try_fold(Issuers::new(), |table, (name, env)| {
        let env: Environment = env
            .parse()
            .map_err(|e| PyValueError::new_err(format!("issuer environment: {e}")))?;
        Ok(table.with(name.clone(), env))
    })
}

/// Link's settings to check tokens against.
#[derive(Default, FromPyObject)]
#[pyo3(from_item_all)]
pub struct Link {
    /// `sandbox: true|false` in the Link configuration.
    pub sandbox: Option<bool>,
    /// The integrator's client id.
    pub client_id: Option<String>,
    /// The user the token was requested for.
    pub user_id: Option<String>,
}

/// An inspector with the issuer table and Link's settings.
pub fn inspector(extra: &[(String, String)], link: Link) -> PyResult<Inspector> {
    let mut inspector = Inspector::new().issuers(issuers(extra)?);
    if let Some(sandbox) = link.sandbox {
        inspector = inspector.expect_sandbox(sandbox);
    }
    if let Some(client) = link.client_id {
        inspector = inspector.expect_client_id(client);
    }
    if let Some(user) = link.user_id {
        inspector = inspector.expect_user_id(user);
    }
    Ok(inspector)
}
