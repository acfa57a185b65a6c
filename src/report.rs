use chrono::{DateTime, TimeDelta, Utc};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::claims::Claims;
use crate::diagnose::diagnose;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::header::Header;
use crate::issuer::{Environment, IssuerMatch, Issuers};
use crate::time::rfc3339;
use crate::token::{read, Token, DEFAULT_MAX_LEN};

/// Inspects tokens: the issuer table and the input size limit, as a small
/// by-value builder.
///
/// ```
/// use usertoken::{Environment, Inspector};
///
/// let inspector = Inspector::new().issuer("my-test-issuer", Environment::Sandbox);
/// # let _ = inspector;
/// ```
#[derive(Clone, Debug)]
pub struct Inspector {
    issuers: Issuers,
    max_len: usize,
}

impl Default for Inspector {
    fn default() -> Self {
        Inspector::new()
    }
}

impl Inspector {
    /// The documented issuer table and a 64 KiB input limit.
    pub fn new() -> Self {
        Inspector {
            issuers: Issuers::new(),
            max_len: DEFAULT_MAX_LEN,
        }
    }

    /// Replaces the issuer table.
    pub fn issuers(mut self, issuers: Issuers) -> Self {
        self.issuers = issuers;
        self
    }

    /// Adds one issuer to the table.
    pub fn issuer(mut self, issuer: impl Into<String>, environment: Environment) -> Self {
        self.issuers = self.issuers.with(issuer, environment);
        self
    }

    /// Inputs longer than `bytes` are refused before any decoding
    /// ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)).
    pub fn max_len(mut self, bytes: usize) -> Self {
        self.max_len = bytes;
        self
    }

    /// The issuer table in use.
    pub fn issuer_table(&self) -> &Issuers {
        &self.issuers
    }

    /// The input size limit in bytes.
    pub fn limit(&self) -> usize {
        self.max_len
    }

    /// The report for an input of `len` bytes that the caller did not keep
    /// because it is over [`limit`](Self::limit) (a streaming reader, say).
    pub fn oversized(&self, len: usize, now: DateTime<Utc>) -> Report {
        Report {
            now,
            fingerprint: None,
            header: None,
            environment: None,
            diagnostics: Vec::new(),
            outcome: Err(Error::too_large(len, self.max_len)),
        }
    }

    /// Reads a token, as [`Token::parse_bytes`] does but with this
    /// inspector's size limit.
    ///
    /// # Errors
    ///
    /// When the input is not a readable token: see [`Token::parse`].
    pub fn parse(&self, input: impl AsRef<[u8]>) -> Result<Token, Error> {
        read(input.as_ref(), self.max_len).outcome
    }

    /// Inspects any input and always returns a report; an unreadable token's
    /// error is inside it. Time is judged at `now`; expiry never makes a
    /// token unreadable.
    pub fn inspect(&self, input: impl AsRef<[u8]>, now: DateTime<Utc>) -> Report {
        let reading = read(input.as_ref(), self.max_len);
        let mut report = Report {
            now,
            fingerprint: reading.fingerprint,
            header: reading.header,
            environment: None,
            diagnostics: reading.notes,
            outcome: reading.outcome,
        };
        if let Ok(token) = &report.outcome {
            let env = match token.claims().iss() {
                Some(iss) => self.issuers.environment(iss),
                None => (Environment::Unknown, IssuerMatch::Unknown),
            };
            diagnose(token, env, now, &mut report.diagnostics);
            report.environment = Some(env.0);
        }
        report
    }
}

/// Inspects `input` with the default [`Inspector`]: always a report.
pub fn inspect(input: impl AsRef<[u8]>, now: DateTime<Utc>) -> Report {
    Inspector::new().inspect(input, now)
}

/// Everything known about one input: the token's header and claims when it
/// is readable, issuer and environment, times judged at `now`, diagnostics,
/// and the error when it is not readable.
///
/// Serialises (serde) to the JSON object documented in the README.
#[derive(Clone, Debug)]
pub struct Report {
    now: DateTime<Utc>,
    fingerprint: Option<Fingerprint>,
    /// The header of a token whose payload could not be read (or a JWE's).
    header: Option<Header>,
    environment: Option<Environment>,
    diagnostics: Vec<Diagnostic>,
    outcome: Result<Token, Error>,
}

impl Report {
    /// The instant time was judged at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The token, when it is readable.
    pub fn token(&self) -> Option<&Token> {
        self.outcome.as_ref().ok()
    }

    /// Why the token is not readable.
    pub fn error(&self) -> Option<&Error> {
        self.outcome.as_ref().err()
    }

    /// The report's token, or its error.
    ///
    /// # Errors
    ///
    /// When the input was not a readable token.
    pub fn into_result(self) -> Result<Token, Error> {
        self.outcome
    }

    /// The fingerprint of the (cleaned) token text, when there was any.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// The header: of the token, or of an encrypted token or one whose
    /// payload could not be read.
    pub fn header(&self) -> Option<&Header> {
        self.token().map(Token::header).or(self.header.as_ref())
    }

    /// The claims, when the token is readable.
    pub fn claims(&self) -> Option<&Claims> {
        self.token().map(Token::claims)
    }

    /// `iss`, when it is a string.
    pub fn issuer(&self) -> Option<&str> {
        self.claims()?.iss()
    }

    /// The environment; `None` only when the token is unreadable.
    pub fn environment(&self) -> Option<Environment> {
        self.environment
    }

    /// `iat` as an instant.
    pub fn issued_at(&self) -> Option<DateTime<Utc>> {
        self.claims()?.issued_at()
    }

    /// `exp` as an instant.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.claims()?.expires_at()
    }

    /// `exp − iat`.
    pub fn lifetime(&self) -> Option<TimeDelta> {
        Some(self.expires_at()? - self.issued_at()?)
    }

    /// Whether `now ≥ exp`; `None` without a readable `exp`.
    pub fn is_expired(&self) -> Option<bool> {
        Some(self.now >= self.expires_at()?)
    }

    /// `exp − now`: negative once expired.
    pub fn expires_in(&self) -> Option<TimeDelta> {
        Some(self.expires_at()? - self.now)
    }

    /// Every diagnostic, in the order found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The most severe diagnostic's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).min()
    }
}

struct Instant(Option<DateTime<Utc>>);

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(at) => serializer.serialize_str(&rfc3339(at)),
            None => serializer.serialize_none(),
        }
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Report", 14)?;
        s.serialize_field("fingerprint", &self.fingerprint)?;
        s.serialize_field("header", &self.header())?;
        s.serialize_field("claims", &self.claims())?;
        s.serialize_field("issuer", &self.issuer())?;
        s.serialize_field("environment", &self.environment)?;
        s.serialize_field("issued_at", &Instant(self.issued_at()))?;
        s.serialize_field("expires_at", &Instant(self.expires_at()))?;
        s.serialize_field(
            "not_before",
            &Instant(self.claims().and_then(Claims::not_before)),
        )?;
        s.serialize_field("now", &Instant(Some(self.now)))?;
        s.serialize_field(
            "lifetime_seconds",
            &self.lifetime().map(|d| d.num_seconds()),
        )?;
        s.serialize_field("expired", &self.is_expired())?;
        s.serialize_field(
            "expires_in_seconds",
            &self.expires_in().map(|d| d.num_seconds()),
        )?;
        s.serialize_field("diagnostics", &self.diagnostics)?;
        s.serialize_field("error", &self.error())?;
        s.end()
    }
}
