//! What a redacted token is replaced with.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::fingerprint::{push_marker, Fingerprint};
use crate::limits::DEFAULT_MAX_LEN;
use crate::names::names;
use crate::read::issuer::Issuers;
use crate::read::time::rfc3339;
use crate::read::token::read;

names! {
    /// What a redacted token is replaced with.
    ///
    /// Every replacement is one word of `[A-Za-z0-9_:=-]` in brackets: no
    /// whitespace, quotes, backslash, `&`, `<`, `>`, `,` or `;`, so JSON
    /// strings, query strings, cookies, quoted fields, CSV and space-separated
    /// formats stay valid; and none contains any of the token's header, payload
    /// or signature text.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum Style {
        /// Exactly `[REDACTED-JWT]`.
        Mask => "mask",
        /// `[REDACTED-JWT:fp=5f3a…]`: the token's [`Fingerprint`], so one token
        /// can be followed across lines without being kept.
        Fingerprint => "fingerprint",
        /// The fingerprint and what support needs that is not the credential:
        /// `[REDACTED-JWT:fp=…:env=production:user_id=…:exp=2022-05-13T22:38:05Z]`.
        /// Fields that cannot be read are left out, and so is a `user_id` that
        /// is longer than 64 characters or not made of `[A-Za-z0-9_-]`.
        #[default]
        Summary => "summary",
    }
}

pub(crate) const MASK: &[u8] = b"[REDACTED-JWT]";

/// The longest `user_id` a summary shows.
const MAX_USER_ID: usize = 64;

/// Makes replacements, remembering recent summaries: a log repeats its
/// tokens, and reading one costs far more than looking it up.
pub(crate) struct Markers<'a> {
    style: Style,
    issuers: Cow<'a, Issuers>,
    cache: HashMap<Box<[u8]>, Box<[u8]>>,
    cached_bytes: usize,
}

/// Bounds on what the cache keeps, so memory stays bounded.
const CACHE_ENTRIES: usize = 1024;
const CACHE_BYTES: usize = 1 << 20;

impl<'a> Markers<'a> {
    pub(crate) fn new(style: Style, issuers: Cow<'a, Issuers>) -> Markers<'a> {
        Markers {
            style,
            issuers,
            cache: HashMap::new(),
            cached_bytes: 0,
        }
    }

    pub(crate) fn style(&self) -> Style {
        self.style
    }

    /// Appends the replacement of `token` to `out`.
    pub(crate) fn push(&mut self, token: &[u8], out: &mut Vec<u8>) {
        match self.style {
            Style::Mask => out.extend_from_slice(MASK),
            Style::Fingerprint => push_marker(token, out),
            Style::Summary => {
                if let Some(marker) = self.cache.get(token) {
                    out.extend_from_slice(marker);
                    return;
                }
                let marker = summary(token, &self.issuers);
                out.extend_from_slice(marker.as_bytes());
                if self.cache.len() >= CACHE_ENTRIES || self.cached_bytes >= CACHE_BYTES {
                    self.cache.clear();
                    self.cached_bytes = 0;
                }
                self.cached_bytes += token.len() + marker.len();
                self.cache
                    .insert(token.into(), marker.into_bytes().into_boxed_slice());
            }
        }
    }
}

/// The summary marker of a token.
pub(crate) fn summary(token: &[u8], issuers: &Issuers) -> String {
    let mut marker = format!("[REDACTED-JWT:fp={}", Fingerprint::of(token));
    if let Ok(token) = read(token, DEFAULT_MAX_LEN, None).outcome {
        let claims = token.claims();
        let environment = match claims.iss() {
            Some(iss) => issuers.environment(iss).0,
            None => crate::read::issuer::Environment::Unknown,
        };
        marker.push_str(":env=");
        marker.push_str(environment.as_str());
        if let Some(user_id) = claims.user_id().filter(|id| is_plain(id, MAX_USER_ID)) {
            marker.push_str(":user_id=");
            marker.push_str(user_id);
        }
        if let Some(exp) = claims.expires_at() {
            let exp = rfc3339(exp);
            let exp = exp.as_str();
            if exp
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b':' || b == b'-')
            {
                marker.push_str(":exp=");
                marker.push_str(exp);
            }
        }
    }
    marker.push(']');
    marker
}

/// Whether a claim value is safe inside a marker: short, and only letters,
/// digits, `_` and `-` (no `.`, so no token can form inside a marker).
fn is_plain(value: &str, max: usize) -> bool {
    !value.is_empty()
        && value.len() <= max
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
