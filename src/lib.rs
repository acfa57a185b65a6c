//! Inspect, diagnose and redact the JWT *user tokens* that Argyle's
//! payroll-connectivity API issues to each end user — without a key.
//!
//! ```
//! use chrono::DateTime;
//! use usertoken::{inspect, Environment};
//!
//! // The sample token from the issuer's documentation, as pasted in a ticket.
//! let pasted = concat!(
//!     "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
//!     "eyJjbGllbnRfaWQiOiIwZDliNWJmMy05N2ZhLTQ3NTctYTEzNi1iMmEwM2QxNzE0MTQiLCJleHAiOjE2",
//!     "NTI0ODE0ODUsImlhdCI6MTY0OTg4OTQ4NSwiaXNzIjoiYXJneWxlLWNvcmUtYXV0aC1wcm9kIiwianRp",
//!     "IjoiMDAwOTdhMjYtMmYyYS00YWEwLThlY2EtOTVlYmU1NmQ1N2E4Iiwic3ViIjoiMDE3Zjg5NzgtYmJm",
//!     "ZC1mZjY0LTE4Y2UtZDU5Zjk5YmY1MWMyIiwidXNlcl9pZCI6IjAxN2Y4OTc4LWJiZmQtZmY2NC0xOGNl",
//!     "LWQ1OWY5OWJmNTFjMiJ9.",
//!     "c2lnbmF0dXJlLW5vdC1zaG93bg",
//! );
//! let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
//! let report = inspect(pasted, now);
//!
//! assert_eq!(report.environment(), Some(Environment::Production));
//! assert_eq!(report.claims().unwrap().user_id(), Some("017f8978-bbfd-ff64-18ce-d59f99bf51c2"));
//! assert_eq!(report.is_expired(), Some(true)); // reported, never enforced
//! ```
//!
//! # Scope
//!
//! The crate reads a token's header and claims, judges its times at an
//! instant the caller passes, names its issuer's environment and reports
//! what looks wrong as [`Diagnostic`]s. Two rules hold throughout: the field
//! layout is unstable (every claim is optional, unknown claims are kept
//! verbatim, a claim of another type is a diagnostic), and expiry is never
//! enforced (an expired token reads like a fresh one). An [`Error`] means
//! only that the input is not a token at all. Nothing this crate prints —
//! `Debug`, `Display`, errors, JSON — contains a signature or a whole token.
//!
//! # Features
//!
//! - `cli` (default): the `usertoken` command-line tool; implies `verify`.
//! - `verify`: signature verification with `jsonwebtoken` (`verify`, `Key`,
//!   `Inspector::key`). Only the signature is judged: an expired token with
//!   a good signature is valid.
//!
//! Without default features the crate needs only base64, serde, serde_json,
//! chrono, memchr, sha2 and unicode-width.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

// Layers, bottom to top; a module imports only from its own layer or below
// (`tests/layers.rs` checks this):
//
//   error, diagnostic, fingerprint, limits   shared bottom
//   decode   one segment's bytes: base64url, the JSON object scan
//   find     tokens in text, streaming, text shown with tokens taken out
//   read     text to a typed token: cleaning, header, claims, time, issuers
//   verify   keys and signatures (feature `verify`)
//   inspect  judging a token: diagnostics, Link setup, Inspector, Report
//   redact   Redactor, styles and markers, RedactingWriter
//   render   human report, summary, comparison, JSON, colour

mod decode;
mod diagnostic;
mod error;
mod find;
mod fingerprint;
mod inspect;
mod limits;
mod names;
mod read;
mod redact;
mod render;
#[cfg(feature = "verify")]
mod verify;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::{Error, ErrorKind, Part};
pub use find::escape::Printable;
pub use find::found::{Encoding, Found, TokenKind};
pub use find::pasted::Source;
pub use find::scan::{find_tokens, FindTokens};
pub use find::stream::{scan_reader, Piece};
pub use fingerprint::{Fingerprint, ParseFingerprintError};
pub use inspect::finding::{scan_findings, Finding};
pub use inspect::report::{inspect, Inspector, Report};
pub use limits::DEFAULT_MAX_LEN;
pub use names::ParseNameError;
pub use read::claims::{Claims, STANDARD_CLAIMS};
pub use read::header::Header;
pub use read::issuer::{Environment, IssuerMatch, Issuers};
pub use read::time::{parse_instant, TimeSpan};
pub use read::token::{HeaderCache, Token};
pub use redact::redactor::{redact, redact_bytes, RedactingWriter, Redactor};
pub use redact::style::Style;
pub use render::compare::Comparison;
pub use render::human::{Headline, Human};
pub use render::summary::Summary;
pub use render::table::Table;
#[cfg(feature = "verify")]
pub use verify::key::Key;
#[cfg(feature = "verify")]
pub use verify::key_error::{KeyError, KeyErrorKind};
#[cfg(feature = "verify")]
pub use verify::reason::{Reason, ReasonKind};
#[cfg(feature = "verify")]
pub use verify::verdict::{Status, Verification};
#[cfg(feature = "verify")]
pub use verify::verifier::{verify, Verifier};
