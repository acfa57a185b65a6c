//! One line for a ticket: environment, user, client, issue time, expiry,
//! signature status and fingerprint. Never token text.

use std::fmt;

use chrono::TimeDelta;

use crate::diagnostic::{Code, Severity};
use crate::error::ErrorKind;
use crate::find::escape::without_tokens;
use crate::find::escape::Quoted;
use crate::inspect::report::{Report, Unchecked};
use crate::read::time::{rfc3339, TimeSpan};

/// Displays a [`Report`] as one line that is safe to paste into a ticket;
/// made by [`Report::summary`].
#[derive(Clone, Copy)]
pub struct Summary<'a> {
    report: &'a Report,
}

/// Names the report by its fingerprint, never its text.
impl fmt::Debug for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Summary")
            .field("fingerprint", &self.report.fingerprint())
            .finish()
    }
}

impl Report {
    /// One line that is safe to paste into a ticket: environment,
    /// `user_id`, `client_id`, when it was issued, expiry relative to
    /// [`now`](Report::now) (and that instant), signature status, the codes
    /// of any errors and warnings, and the fingerprint. Never token text;
    /// identifiers that are not plain (letters, digits, `-_.:@`) are
    /// quoted and escaped so that they cannot pose as other fields.
    ///
    /// ```text
    /// environment production, user_id 017f8978-bbfd-ff64-18ce-d59f99bf51c2, client_id 0d9b5bf3-97fa-4757-a136-b2a03d171414, issued 2022-04-13T22:38:05Z, expired 1 year ago as of 2023-11-14T22:13:20Z, signature not checked, fingerprint 702a866402c991f1
    /// ```
    pub fn summary(&self) -> Summary<'_> {
        Summary { report: self }
    }
}

/// An identifier: as it is when plain, quoted and escaped otherwise.
pub(crate) struct Id<'a>(pub(crate) &'a str);

impl fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = without_tokens(self.0);
        let plain = !text.is_empty()
            && text.len() <= 64
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:@".contains(&b));
        if plain {
            f.write_str(&text)
        } else {
            write!(f, "{}", Quoted(&text))
        }
    }
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.report;
        match (r.claims(), r.error()) {
            (Some(claims), _) => {
                let env = r.environment().map_or("unknown", |e| e.as_str());
                write!(f, "environment {env}")?;
                match (claims.user_id(), claims.sub()) {
                    (Some(user), _) => write!(f, ", user_id {}", Id(user))?,
                    (None, Some(sub)) => write!(f, ", no user_id, sub {}", Id(sub))?,
                    (None, None) => f.write_str(", no user_id")?,
                }
                match claims.client_id() {
                    Some(client) => write!(f, ", client_id {}", Id(client))?,
                    None => f.write_str(", no client_id")?,
                }
                match r.issued_at() {
                    Some(at) => write!(f, ", issued {}", rfc3339(at))?,
                    None => f.write_str(", no readable iat")?,
                }
                match r.expires_in() {
                    Some(left) if left <= TimeDelta::zero() => {
                        write!(f, ", expired {} ago", TimeSpan::new(left).rough())?
                    }
                    Some(left) => write!(f, ", expires in {}", TimeSpan::new(left).rough())?,
                    None => f.write_str(", no readable expiry")?,
                }
                write!(f, " as of {}", rfc3339(r.now()))?;
                write!(f, ", signature {}", signature(r))?;
                problems(f, r)?;
            }
            (None, Some(e)) if e.kind() == ErrorKind::Encrypted => {
                f.write_str("encrypted token (JWE), claims unreadable without the key")?
            }
            (None, Some(e)) => {
                write!(f, "not a readable token ({}): {e}", e.kind())?;
                if r.searched_in_vain() {
                    write!(f, "; {}", crate::find::pasted::NO_TOKEN_FOUND)?;
                }
            }
            (None, None) => f.write_str("not a readable token")?,
        }
        if let Some(source) = r.source() {
            write!(f, ", {}", source.note().message)?;
        }
        match r.fingerprint() {
            Some(fp) => write!(f, ", fingerprint {fp}"),
            None => f.write_str(", no fingerprint"),
        }
    }
}

fn signature(r: &Report) -> &'static str {
    #[cfg(feature = "verify")]
    if let Some(v) = r.signature() {
        return v.status().as_str();
    }
    match r.signature_unchecked() {
        Unchecked::NotChecked => "not checked",
        other => other.as_str(),
    }
}

impl Report {
    /// The codes of the errors, then of the warnings, each once and in the
    /// order found: the problems that the summary and the CLI's table list.
    pub fn problem_codes(&self) -> Vec<Code> {
        let mut seen: Vec<Code> = Vec::new();
        for severity in [Severity::Error, Severity::Warning] {
            for d in self.diagnostics().iter().filter(|d| d.severity == severity) {
                if !seen.contains(&d.code) {
                    seen.push(d.code);
                }
            }
        }
        seen
    }
}

/// The problem codes, after a comma.
fn problems(f: &mut fmt::Formatter<'_>, r: &Report) -> fmt::Result {
    for (i, code) in r.problem_codes().iter().enumerate() {
        let sep = if i == 0 { ", problems " } else { " " };
        write!(f, "{sep}{code}")?;
    }
    Ok(())
}
