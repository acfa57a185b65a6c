//! The report for a person: a verdict line first, then header, claims and
//! diagnostics. Every value from the token is escaped.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use unicode_width::UnicodeWidthStr;

use crate::decode::object::{string_value, Object};
use crate::diagnostic::Severity;
use crate::error::ErrorKind;
use crate::find::escape::Escaped;
use crate::inspect::report::{Report, Unchecked};
use crate::read::claims::STANDARD_CLAIMS;
use crate::read::issuer::Environment;
use crate::read::time::{rfc3339, TimeSpan};
use crate::render::paint::{Ink, Palette, BOLD, CYAN, DIM, GREEN, RED, YELLOW};

/// Displays a [`Report`] for a person; made by [`Report::human`].
///
/// Without colour (the default) the text is plain; with
/// [`color`](Self::color) it carries ANSI escapes, which only a terminal
/// should get.
#[derive(Clone, Copy)]
pub struct Human<'a> {
    report: &'a Report,
    #[cfg(feature = "verify")]
    signature: Option<&'a crate::verify::verdict::Verification>,
    palette: Palette,
}

/// Names the report by its fingerprint, never its text.
impl fmt::Debug for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Human")
            .field("fingerprint", &self.report.fingerprint())
            .field("color", &self.palette.on)
            .finish_non_exhaustive()
    }
}

impl Report {
    /// The report as text for a person: a verdict line, the header, the
    /// claims with absolute and relative times, the diagnostics by severity.
    ///
    /// ```text
    /// production user token for user 017f8978-bbfd-ff64-18ce-d59f99bf51c2, expired 1 year ago, signature not checked
    ///   fingerprint  702a866402c991f1
    ///   as of        2023-11-14T22:13:20Z
    /// …
    /// ```
    pub fn human(&self) -> Human<'_> {
        Human {
            report: self,
            #[cfg(feature = "verify")]
            signature: None,
            palette: Palette::default(),
        }
    }
}

impl<'a> Human<'a> {
    /// Shows this signature verdict in the verdict line, as its `Display`
    /// writes it. By default the line shows the report's verdict when the
    /// inspector had a key, `signature not checked` otherwise. Feature
    /// `verify`.
    #[cfg(feature = "verify")]
    #[must_use]
    pub fn signature(self, verdict: &'a crate::verify::verdict::Verification) -> Self {
        Human {
            signature: Some(verdict),
            ..self
        }
    }

    /// Colours the text with ANSI escapes (`true`) or not (`false`, the
    /// default): the verdict by how it went, headings in bold,
    /// diagnostic codes by severity, relative times dimmed.
    #[must_use]
    pub fn color(self, on: bool) -> Self {
        Human {
            palette: Palette { on },
            ..self
        }
    }

    /// The first line alone: what the token is, for whom, whether it is
    /// live, the signature status, and how many errors and warnings.
    pub fn headline(self) -> Headline<'a> {
        Headline(self)
    }
}

/// The verdict line of a [`Human`] report.
#[derive(Clone, Copy)]
pub struct Headline<'a>(Human<'a>);

impl Headline<'_> {
    /// How the line is coloured: red for an unreadable token or errors,
    /// yellow for warnings or an expired token, green otherwise.
    fn ink(&self) -> Ink {
        let r = self.0.report;
        match r.worst() {
            _ if r.error().is_some() => RED,
            Some(Severity::Error) => RED,
            Some(Severity::Warning) => YELLOW,
            _ if r.is_expired() == Some(true) => YELLOW,
            _ => GREEN,
        }
    }

    fn plain(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0.report;
        let Some(claims) = r.claims() else {
            return match r.error() {
                Some(e) if e.kind() == ErrorKind::Encrypted => {
                    f.write_str("encrypted token (JWE): its claims cannot be read without the key")
                }
                Some(e) => {
                    write!(f, "not a readable token: {e}")?;
                    if r.searched_in_vain() {
                        write!(f, "; {}", crate::find::pasted::NO_TOKEN_FOUND)?;
                    }
                    Ok(())
                }
                None => Ok(()),
            };
        };
        let kind = if claims.client_id().is_none() && claims.user_id().is_none() {
            "legacy refresh token (no client_id or user_id)"
        } else {
            "user token"
        };
        match r.environment() {
            Some(env) if env != Environment::Unknown => write!(f, "{env} {kind}")?,
            _ => write!(f, "{kind} of an unknown environment")?,
        }
        if let Some(user) = claims.user() {
            write!(f, " for user {}", Escaped(user))?;
        }
        match r.expires_in() {
            Some(left) if left <= TimeDelta::zero() => {
                write!(f, ", expired {} ago", TimeSpan::new(left).rough())?
            }
            Some(left) => write!(f, ", expires in {}", TimeSpan::new(left).rough())?,
            None => f.write_str(", no readable expiry")?,
        }
        let count = |s| r.diagnostics().iter().filter(|d| d.severity == s).count();
        let plural = |n| if n == 1 { "" } else { "s" };
        for (n, what) in [
            (count(Severity::Error), "error"),
            (count(Severity::Warning), "warning"),
        ] {
            if n > 0 {
                write!(f, ", {n} {what}{}", plural(n))?;
            }
        }
        // Last: a verdict on the signature may end in a reason.
        f.write_str(", ")?;
        self.signature(f)
    }

    /// The signature verdict: the caller's, the report's, or not checked.
    fn signature(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        #[cfg(feature = "verify")]
        if let Some(v) = self.0.signature.or(self.0.report.signature()) {
            return write!(f, "{v}");
        }
        match self.0.report.signature_unchecked() {
            Unchecked::Missing => f.write_str("signature missing (cut off)"),
            Unchecked::Damaged => f.write_str("signature damaged"),
            Unchecked::NotChecked => f.write_str("signature not checked"),
        }
    }
}

impl fmt::Display for Headline<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.palette.on {
            return self.plain(f);
        }
        // The line is written in pieces; one style spans them all.
        write!(f, "\x1b[1m\x1b[{}m", self.ink().code())?;
        self.plain(f)?;
        f.write_str("\x1b[0m")
    }
}

fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if at <= now {
        format!("{} ago", TimeSpan::new(now - at).rough())
    } else {
        format!("in {}", TimeSpan::new(at - now).rough())
    }
}

/// Writes `name value` rows of an object: `first` names in that order, then
/// the rest in token order.
fn members(
    f: &mut fmt::Formatter<'_>,
    palette: Palette,
    object: &Object,
    first: &[&str],
    mut annotate: impl FnMut(&str) -> Option<String>,
) -> fmt::Result {
    let known = first.iter().filter_map(|&n| object.get(n).map(|v| (n, v)));
    let rest = object.iter().filter(|(n, _)| !first.contains(n));
    for (name, raw) in known.chain(rest) {
        // Padded by display width: an emoji takes two columns, a combining
        // mark none.
        let shown = Escaped(name).to_string();
        let pad = 12usize.saturating_sub(shown.width());
        write!(f, "  {shown}{:pad$} ", "")?;
        let text = match string_value(raw) {
            Ok(s) => s,
            Err(_) => Cow::Borrowed(raw),
        };
        write!(f, "{}", Escaped(&text))?;
        if let Some(note) = annotate(name) {
            write!(f, "  {}", palette.paint(DIM, format_args!("({note})")))?;
        }
        f.write_str("\n")?;
    }
    Ok(())
}

impl fmt::Display for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.report;
        let palette = self.palette;
        let heading =
            |f: &mut fmt::Formatter<'_>, name: &str| writeln!(f, "\n{}", palette.paint(BOLD, name));
        writeln!(f, "{}", self.headline())?;
        if let Some(fp) = r.fingerprint() {
            writeln!(f, "  fingerprint  {fp}")?;
        }
        writeln!(f, "  as of        {}", rfc3339(r.now()))?;
        if let Some(header) = r.header() {
            heading(f, "header")?;
            members(f, palette, header.object(), &["alg", "typ", "kid"], |_| {
                None
            })?;
        }
        if let Some(token) = r.token() {
            match r.signature_unchecked() {
                Unchecked::Missing => writeln!(f, "  {:<12} missing", "signature")?,
                Unchecked::Damaged => writeln!(f, "  {:<12} damaged (not shown)", "signature")?,
                _ => writeln!(
                    f,
                    "  {:<12} {} bytes (not shown)",
                    "signature",
                    token.signature_len()
                )?,
            }
            let claims = token.claims();
            heading(f, "claims")?;
            let first: Vec<&str> = STANDARD_CLAIMS.iter().copied().chain(["nbf"]).collect();
            members(f, palette, claims.object(), &first, |name| {
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
                let sign = if lifetime < TimeDelta::zero() {
                    "-"
                } else {
                    ""
                };
                writeln!(f, "  {:<12} {sign}{}", "lifetime", TimeSpan::new(lifetime))?;
            }
        }
        if let Some(e) = r.error() {
            heading(f, "error")?;
            writeln!(f, "  {:<12} {e}", e.kind())?;
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
            let (name, ink) = match severity {
                Severity::Error => ("errors", RED),
                Severity::Warning => ("warnings", YELLOW),
                Severity::Info => ("notes", CYAN),
            };
            heading(f, name)?;
            for d in group {
                let code = format_args!("{:<24}", d.code);
                writeln!(f, "  {} {}", palette.paint(ink, code), d.message)?;
            }
        }
        Ok(())
    }
}
