use std::borrow::Cow;
use std::fmt;

use crate::names::names;
use serde::Serialize;

names! {
    /// How much a [`Diagnostic`] matters; ordered from least to most severe
    /// (`Info < Warning < Error`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Severity {
        /// A fact worth knowing.
        Info => "info",
        /// Something unusual that may explain a failure.
        Warning => "warning",
        /// Something wrong with the token: it will not work as a user token.
        Error => "error",
    }
}

names! {
    /// What a [`Diagnostic`] is about. The kebab-case names are stable API;
    /// codes order as `ALL` lists them.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum Code {
    /// `exp` is at or before `now`: how long ago.
    Expired => "expired",
    /// `exp` is less than five minutes after `now`.
    ExpiresSoon => "expires-soon",
    /// `nbf` is after `now`.
    NotYetValid => "not-yet-valid",
    /// `iat` is after `now`: clock skew, and by how much.
    IssuedInFuture => "issued-in-future",
    /// `exp` is before `iat`.
    ExpBeforeIat => "exp-before-iat",
    /// `exp − iat`; a warning when it is not positive.
    Lifetime => "lifetime",
    /// One of `client_id`, `user_id`, `sub`, `iss`, `iat`, `exp`, `jti` is absent.
    MissingClaim => "missing-claim",
    /// A claim or header field has another JSON type than expected.
    UnexpectedClaimType => "unexpected-claim-type",
    /// A time claim looks like milliseconds and was read as such.
    TimestampInMilliseconds => "timestamp-in-milliseconds",
    /// A time claim is outside the representable range.
    TimestampOutOfRange => "timestamp-out-of-range",
    /// `sub` differs from `user_id`.
    SubjectMismatch => "subject-mismatch",
    /// The issuer is neither in the table nor follows the `argyle-*` naming.
    UnknownIssuer => "unknown-issuer",
    /// No `client_id` and no `user_id`: a legacy refresh token.
    RefreshToken => "refresh-token",
    /// The token's environment disagrees with Link's `sandbox` setting
    /// ([`Inspector::expect_sandbox`](crate::Inspector::expect_sandbox)).
    EnvironmentMismatch => "environment-mismatch",
    /// `client_id` is not the expected client
    /// ([`Inspector::expect_client_id`](crate::Inspector::expect_client_id)).
    ClientMismatch => "client-mismatch",
    /// `user_id` (or `sub` without one) is not the expected user
    /// ([`Inspector::expect_user_id`](crate::Inspector::expect_user_id)).
    UserMismatch => "user-mismatch",
    /// `alg: none`.
    Unsigned => "unsigned",
    /// The token ends after its payload (`header.payload`, or
    /// `header.payload.` with an `alg` other than `none`): the signature
    /// was cut off.
    SignatureMissing => "signature-missing",
    /// The signature segment has a length no base64 encoding produces
    /// (4n+1 characters): it was cut short or altered and can never verify.
    SignatureDamaged => "signature-damaged",
    /// The header has no `alg`, or one other than the usual HS256.
    Algorithm => "algorithm",
    /// The header's `typ` is present and is not `JWT`.
    UnexpectedTyp => "unexpected-typ",
    /// The header points at a key by URL or embeds one (`jku`, `x5u`, `jwk`, `x5c`).
    KeyReference => "key-reference",
    /// The header lists critical extensions (`crit`).
    CriticalHeader => "critical-header",
    /// A claim or header field name appears more than once.
    DuplicateName => "duplicate-name",
    /// An identifier claim is not a UUID.
    NotUuid => "not-uuid",
    /// Something was removed or rewritten before parsing, or the token was
    /// found inside pasted text (and where).
    InputCleaned => "input-cleaned",
    /// The input is not a token, and no token was found inside it either.
    NoTokenFound => "no-token-found",
    /// The pasted text holds a Link configuration: which of its values were
    /// taken (`userToken`, `sandbox`), and whether it has a `linkKey` or an
    /// `accountId` ([`Inspector::inspect_snippet`](crate::Inspector::inspect_snippet)).
    LinkSnippet => "link-snippet",
    /// A segment's unused trailing bits are not zero.
    NonCanonicalBase64 => "non-canonical-base64",
    }
}

/// Something noteworthy about a readable token.
///
/// Diagnostics never stop a token from being read; they describe it. Messages
/// are lowercase sentences without a trailing period and never contain token
/// text (claims values such as ids may appear, signatures never).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    pub(crate) code: Code,
    pub(crate) message: Cow<'static, str>,
}

impl Diagnostic {
    pub(crate) fn new(
        severity: Severity,
        code: Code,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
        }
    }

    /// How much it matters.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// What it is about.
    pub fn code(&self) -> Code {
        self.code
    }

    /// A sentence for a person.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] {}", self.severity, self.code, self.message)
    }
}
