use chrono::{DateTime, TimeDelta, Utc};

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::fingerprint::Fingerprint;
use crate::inspect::diagnose::diagnose;
use crate::inspect::link::LinkSetup;
use crate::limits::DEFAULT_MAX_LEN;
use crate::read::claims::Claims;
use crate::read::header::Header;
use crate::read::issuer::{Environment, IssuerMatch, Issuers};
use crate::read::token::{read, read_split, split, HeaderCache, SignatureState, Token};

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
    pub(crate) link: LinkSetup,
    #[cfg(feature = "verify")]
    key: Option<crate::verify::key::Key>,
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
            link: LinkSetup::default(),
            #[cfg(feature = "verify")]
            key: None,
        }
    }

    /// Replaces the issuer table.
    #[must_use]
    pub fn issuers(mut self, issuers: Issuers) -> Self {
        self.issuers = issuers;
        self
    }

    /// Adds one issuer to the table.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>, environment: Environment) -> Self {
        self.issuers = self.issuers.with(issuer, environment);
        self
    }

    /// Inputs longer than `bytes` are refused before any decoding
    /// ([`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)).
    #[must_use]
    pub fn max_len(mut self, bytes: usize) -> Self {
        self.max_len = bytes;
        self
    }

    /// Checks each token against Link's `sandbox` setting: a production
    /// token with `sandbox: true`, or a sandbox token with `sandbox: false`,
    /// gets an `environment-mismatch` error (a staging or development token
    /// a warning).
    #[must_use]
    pub fn expect_sandbox(mut self, sandbox: bool) -> Self {
        self.link.sandbox = Some(sandbox);
        self
    }

    /// Checks each token's `client_id` against the integrator's client:
    /// another one, or none, is a `client-mismatch`. Compared ignoring
    /// ASCII case and surrounding whitespace.
    #[must_use]
    pub fn expect_client_id(mut self, client_id: impl Into<String>) -> Self {
        self.link.client_id = Some(client_id.into());
        self
    }

    /// Checks each token's `user_id` (`sub` when there is none) against the
    /// user it was requested for: another one, or none, is a
    /// `user-mismatch`. Compared ignoring ASCII case and surrounding
    /// whitespace.
    #[must_use]
    pub fn expect_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.link.user_id = Some(user_id.into());
        self
    }

    /// Verifies each token's signature against `key` too: see
    /// [`Report::signature`]. Feature `verify`.
    #[cfg(feature = "verify")]
    #[must_use]
    pub fn key(mut self, key: crate::verify::key::Key) -> Self {
        self.key = Some(key);
        self
    }

    /// The issuer table in use, as [`issuers`](Self::issuers) and
    /// [`issuer`](Self::issuer) set it.
    pub fn get_issuers(&self) -> &Issuers {
        &self.issuers
    }

    /// The input size limit in bytes, as [`max_len`](Self::max_len) sets it.
    pub fn get_max_len(&self) -> usize {
        self.max_len
    }

    /// The report for an input of `len` bytes that the caller did not keep
    /// because it is over [`get_max_len`](Self::get_max_len) (a streaming reader, say).
    pub fn oversized(&self, len: usize, now: DateTime<Utc>) -> Report {
        Report {
            now,
            fingerprint: None,
            header: None,
            environment: None,
            diagnostics: Vec::new(),
            outcome: Err(Error::too_large(len, self.max_len)),
            source: None,
            #[cfg(feature = "verify")]
            signature: self.key.as_ref().map(|key| {
                crate::verify::verifier::Verifier::new(key.clone())
                    .max_len(self.max_len)
                    .oversized(len)
            }),
        }
    }

    /// Reads a token, as [`Token::parse_bytes`] does but with this
    /// inspector's size limit.
    ///
    /// # Errors
    ///
    /// When the input is not a readable token: see [`Token::parse`].
    pub fn parse(&self, input: impl AsRef<[u8]>) -> Result<Token, Error> {
        read(input.as_ref(), self.max_len, None).outcome
    }

    /// Inspects any input and always returns a report; an unreadable token's
    /// error is inside it. Time is judged at `now`; expiry never makes a
    /// token unreadable.
    #[must_use]
    pub fn inspect(&self, input: impl AsRef<[u8]>, now: DateTime<Utc>) -> Report {
        self.inspect_in(input.as_ref(), now, None)
    }

    /// [`inspect`](Self::inspect) with the last header decoded kept in
    /// `headers`, for many inputs on one thread: tokens that carry the same
    /// header (nearly every batch's) decode it once. The same answers.
    pub fn inspect_with(
        &self,
        input: impl AsRef<[u8]>,
        now: DateTime<Utc>,
        headers: &mut HeaderCache,
    ) -> Report {
        self.inspect_in(input.as_ref(), now, Some(headers))
    }

    /// [`inspect`](Self::inspect), with the last header remembered in
    /// `headers` when given.
    pub(crate) fn inspect_in(
        &self,
        input: &[u8],
        now: DateTime<Utc>,
        headers: Option<&mut HeaderCache>,
    ) -> Report {
        // One split and one header decode serve the reader and, with a
        // key, the verifier.
        let split = split(input, self.max_len);
        let reading = read_split(&split, headers);
        #[cfg(feature = "verify")]
        let signature = self.key.as_ref().map(|key| {
            let header = reading.header.as_ref().or(reading
                .outcome
                .as_ref()
                .ok()
                .map(Token::header));
            crate::verify::verifier::verify_split(&split, header, input, key)
        });
        let mut report = Report {
            now,
            fingerprint: reading.fingerprint,
            header: reading.header,
            environment: None,
            diagnostics: reading.notes,
            outcome: reading.outcome,
            source: None,
            #[cfg(feature = "verify")]
            signature,
        };
        if let Ok(token) = &report.outcome {
            let env = match token.claims().iss() {
                Some(iss) => self.issuers.environment(iss),
                None => (Environment::Unknown, IssuerMatch::Unknown),
            };
            diagnose(token, env, now, &mut report.diagnostics);
            self.link
                .check(token.claims(), env.0, &mut report.diagnostics);
            report.environment = Some(env.0);
        }
        report
    }
}

/// Inspects `input` with the default [`Inspector`]: always a report.
#[must_use]
pub fn inspect(input: impl AsRef<[u8]>, now: DateTime<Utc>) -> Report {
    Inspector::new().inspect(input, now)
}

/// Everything known about one input: the token's header and claims when it
/// is readable, issuer and environment, times judged at `now`, diagnostics,
/// and the error when it is not readable.
///
/// Serialises (serde) to the JSON object documented in docs/REFERENCE.md.
#[derive(Clone, Debug)]
pub struct Report {
    now: DateTime<Utc>,
    fingerprint: Option<Fingerprint>,
    /// The header of a token whose payload could not be read (or a JWE's).
    header: Option<Header>,
    environment: Option<Environment>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    outcome: Result<Token, Error>,
    /// Where in pasted text the token was found.
    pub(crate) source: Option<crate::find::pasted::Source>,
    #[cfg(feature = "verify")]
    pub(crate) signature: Option<crate::verify::verdict::Verification>,
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
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    /// The signature verdict, when the inspector had a key
    /// ([`Inspector::key`]); `None` means not checked, never invalid.
    /// Feature `verify`.
    #[cfg(feature = "verify")]
    pub fn signature(&self) -> Option<&crate::verify::verdict::Verification> {
        self.signature.as_ref()
    }

    /// The JSON `signature` and `signature_reason` members: the verdict
    /// with a key; without one, `missing` or `damaged` when no key could
    /// ever check it, `not-checked` otherwise.
    pub(crate) fn signature_json(&self) -> (&'static str, Option<String>) {
        #[cfg(feature = "verify")]
        if let Some(v) = &self.signature {
            return (v.status().as_str(), v.reason().map(|r| r.to_string()));
        }
        (self.signature_unchecked().as_str(), None)
    }

    /// What is known of the signature without a key: `missing` (cut off
    /// after the payload, or empty under an `alg` other than `none`),
    /// `damaged` (a length base64 cannot have) or `not-checked`.
    pub(crate) fn signature_unchecked(&self) -> Unchecked {
        let Some(token) = self.token() else {
            return Unchecked::NotChecked;
        };
        match token.signature_state() {
            SignatureState::Missing => Unchecked::Missing,
            SignatureState::Damaged => Unchecked::Damaged,
            SignatureState::Present
                if token.signature_len() == 0 && !token.header().is_alg_none() =>
            {
                Unchecked::Missing
            }
            SignatureState::Present => Unchecked::NotChecked,
        }
    }
}

/// What is known of a signature without a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unchecked {
    NotChecked,
    Missing,
    Damaged,
}

impl Unchecked {
    /// The JSON `signature` member's value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Unchecked::NotChecked => "not-checked",
            Unchecked::Missing => "missing",
            Unchecked::Damaged => "damaged",
        }
    }
}
