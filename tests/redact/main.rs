//! Redaction: what is a token and what is left alone, the styles and
//! their output, streams and writers, properties over planted logs and any
//! bytes, and the command line.

use std::borrow::Cow;
use std::io::{self, Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{EncodingKey, Header};
use proptest::prelude::*;
use serde_json::{json, Value};
use usertoken::{
    find_tokens, redact, redact_bytes, Environment, Fingerprint, Issuers, Redactor, Style,
};

const MASK: &str = "[REDACTED-JWT]";

/// A token made by jsonwebtoken, the oracle.
fn encode(claims: &Value) -> String {
    jsonwebtoken::encode(&Header::default(), claims, &EncodingKey::from_secret(b"k")).unwrap()
}

fn user_token() -> String {
    encode(&json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": 1652481485, "iat": 1649889485,
        "iss": "argyle-core-auth-prod",
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
    }))
}

fn mask() -> Redactor {
    Redactor::new().style(Style::Mask)
}

/// Redacting `template` with `{t}` replaced by a token gives `template`
/// with `{t}` replaced by the mask.
#[track_caller]
fn masks(template: &str) {
    let t = user_token();
    let text = template.replace("{t}", &t);
    assert_eq!(
        mask().redact(&text),
        template.replace("{t}", MASK),
        "in {template:?}"
    );
}

/// The bytes of a token's header, payload and signature never show.
#[track_caller]
fn leaks_nothing(output: &[u8], token: &str) {
    for part in token.split('.').filter(|p| p.len() >= 8) {
        let probe = &part.as_bytes()[part.len() / 2 - 4..part.len() / 2 + 4];
        assert!(
            !output.windows(8).any(|w| w == probe),
            "token text in {:?}",
            String::from_utf8_lossy(output)
        );
    }
}

/// A reader that hands out its data in the given chunk sizes, cycling.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    at: usize,
}

impl<'a> Chunked<'a> {
    fn new(data: &'a [u8], sizes: Vec<usize>) -> Self {
        Chunked { data, sizes, at: 0 }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.at % self.sizes.len()].max(1);
        self.at += 1;
        let n = size.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

mod finding;
mod properties;
mod streams;
mod styles;

#[cfg(feature = "cli")]
#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "cli")]
mod cli;
