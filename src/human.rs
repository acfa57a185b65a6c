//! The report for a person: a verdict line first, then header, claims and
//! diagnostics. Every value from the token is escaped.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::claims::STANDARD_CLAIMS;
use crate::diagnostic::Severity;
use crate::error::ErrorKind;
use crate::escape::Escaped;
use crate::object::{string_value, Object};
use crate::report::Report;
use crate::time::{rfc3339, Span};

/// Displays a [`Report`] for a person; made by [`Report::human`].
#[derive(Clone, Copy)]
pub struct Human<'a> {
    report: &'a Report,
    signature: &'a str,
}

impl Report {
    /// The report as text for a person: a verdict line, the header, the
    /// claims with absolute and relative times, the diagnostics by severity.
    pub fn human(&self) -> Human<'_> {
        Human {
            report: self,
            signature: "signature not checked",
        }
    }
}

impl<'a> Human<'a> {
    /// Replaces the signature status shown in the verdict line (the default
    /// is `signature not checked`).
    pub fn signature(self, status: &'a str) -> Self {
        Human {
            signature: status,
            ..self
        }
    }

    /// The first line alone: what the token is, for whom, whether it is
    /// live, and the signature status.
    pub fn verdict(self) -> Verdict<'a> {
        Verdict(self)
    }
}

/// The verdict line of a [`Human`] report.
#[derive(Clone, Copy)]
pub struct Verdict<'a>(Human<'a>);

impl fmt::Display for Verdict<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0.report;
        let Some(claims) = r.claims() else {
            return match r.error() {
                Some(e) if e.kind() == ErrorKind::Encrypted => {
                    f.write_str("encrypted token (JWE): its claims cannot be read without the key")
                }
                Some(e) => write!(f, "not a readable token: {e}"),
                None => Ok(()),
            };
        };
        let env = r.environment().map_or("unknown", |e| e.as_str());
        let kind = if claims.client_id().is_none() && claims.user_id().is_none() {
            "token without client_id or user_id (legacy refresh token?)"
        } else {
            "user token"
        };
        write!(f, "{env} {kind}")?;
        if let Some(user) = claims.user_id().or(claims.sub()) {
            write!(f, " for user {}", Escaped(user))?;
        }
        match r.expires_in() {
            Some(left) if left <= chrono::TimeDelta::zero() => {
                write!(f, ", expired {} ago", Span::new(left).rough())?
            }
            Some(left) => write!(f, ", expires in {}", Span::new(left).rough())?,
            None => f.write_str(", no readable expiry")?,
        }
        write!(f, ", {}", self.0.signature)
    }
}

fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if at <= now {
        format!("{} ago", Span::new(now - at).rough())
    } else {
        format!("in {}", Span::new(at - now).rough())
    }
}

/// Writes `name value` rows of an object: `first` names in that order, then
/// the rest in token order.
fn members(
    f: &mut fmt::Formatter<'_>,
    object: &Object,
    first: &[&str],
    mut annotate: impl FnMut(&str) -> Option<String>,
) -> fmt::Result {
    let known = first.iter().filter_map(|&n| object.get(n).map(|v| (n, v)));
    let rest = object.iter().filter(|(n, _)| !first.contains(n));
    for (name, raw) in known.chain(rest) {
        write!(f, "  {:<12} ", Escaped(name).to_string())?;
        match string_value(raw) {
            Ok(s) => write!(f, "{}", Escaped(&s))?,
            Err(_) => write!(f, "{}", Escaped(raw.get()))?,
        }
        if let Some(note) = annotate(name) {
            write!(f, "  ({note})")?;
        }
        f.write_str("\n")?;
    }
    Ok(())
}

impl fmt::Display for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.report;
        writeln!(f, "{}", self.verdict())?;
        if let Some(fp) = r.fingerprint() {
            writeln!(f, "  fingerprint  {fp}")?;
        }
        if let Some(header) = r.header() {
            f.write_str("\nheader\n")?;
            members(f, header.object(), &["alg", "typ", "kid"], |_| None)?;
        }
        if let Some(token) = r.token() {
            writeln!(
                f,
                "  {:<12} {} bytes (not shown)",
                "signature",
                token.signature_len()
            )?;
            let claims = token.claims();
            f.write_str("\nclaims\n")?;
            let first: Vec<&str> = STANDARD_CLAIMS.iter().copied().chain(["nbf"]).collect();
            members(f, claims.object(), &first, |name| {
                let at = match name {
                    "iat" => claims.issued_at(),
                    "exp" => claims.expires_at(),
                    "nbf" => claims.not_before(),
                    "iss" => return r.environment().map(|e| e.to_string()),
                    _ => None,
                }?;
                let when = relative(at, r.now());
                Some(match name {
                    "exp" if at <= r.now() => format!("{}, expired {when}", rfc3339(at)),
                    "exp" => format!("{}, expires {when}", rfc3339(at)),
                    _ => format!("{}, {when}", rfc3339(at)),
                })
            })?;
            if let Some(lifetime) = r.lifetime() {
                let sign = if lifetime < chrono::TimeDelta::zero() {
                    "-"
                } else {
                    ""
                };
                writeln!(f, "  {:<12} {sign}{}", "lifetime", Span::new(lifetime))?;
            }
        }
        if let Some(e) = r.error() {
            writeln!(f, "\nerror\n  {:<12} {e}", e.kind())?;
        }
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let mut group = r
                .diagnostics()
                .iter()
                .filter(|d| d.severity == severity)
                .peekable();
            if group.peek().is_none() {
                continue;
            }
            let heading = match severity {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Info => "notes",
            };
            writeln!(f, "\n{heading}")?;
            for d in group {
                writeln!(f, "  {:<24} {}", d.code, d.message)?;
            }
        }
        Ok(())
    }
}
