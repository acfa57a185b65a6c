//! Redaction: what is a token and what is left alone, the styles and
//! their output, streams and writers, properties over planted logs and any
//! bytes, and the command line.

use std::borrow::Cow;
use std::io::{self, Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};
use usertoken::{
    find_tokens, redact, redact_bytes, Environment, Fingerprint, Issuers, Redactor, Style,
};

#[path = "../helpers/mod.rs"]
mod helpers;
use helpers::io::Chunked;
use helpers::tokens::{signed, user_claims};

const MASK: &str = "[REDACTED-JWT]";

/// A token made by jsonwebtoken, the oracle.
fn encode(claims: &Value) -> String {
    signed(claims)
}

fn user_token() -> String {
    encode(&user_claims())
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

mod finding;
mod properties;
mod streams;
mod styles;

#[cfg(feature = "cli")]
#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "cli")]
mod cli;
