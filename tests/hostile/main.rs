//! The hostile-input corpus: input made to exhaust a parser, confuse a
//! reader, rewrite a terminal or lure a verifier onto the network, each with
//! the answer it must get. Sizes are asserted through results, never through
//! timings; `benches/limits.rs` measures time.

use std::borrow::Cow;
use std::net::TcpListener;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use serde_json::Value;
use usertoken::{
    find_tokens, inspect, redact, redact_bytes, Code, ErrorKind, Inspector, Part, Redactor, Report,
    Style, Token,
};

#[path = "../helpers/mod.rs"]
mod helpers;
use helpers::tokens::b64;

const SAMPLE: &str = include_str!("../../samples/user-token.jwt");
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const MB: usize = 1_000_000;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

/// A token with this header and payload text and a fixed signature.
fn token(header: impl AsRef<[u8]>, payload: impl AsRef<[u8]>) -> String {
    format!("{}.{}.c2lnbmF0dXJl", b64(header), b64(payload))
}

/// An inspector without the size limit, to reach the parser itself.
fn unlimited() -> Inspector {
    Inspector::new().max_len(usize::MAX)
}

/// The error of an unreadable input: its kind, part and message.
#[track_caller]
fn error(report: &Report) -> (ErrorKind, Part, String) {
    let e = report.error().expect("an unreadable input");
    assert!(report.claims().is_none());
    (e.kind(), e.part(), e.to_string())
}

/// The report's JSON is what serde writes and is JSON; as a `Value` when
/// serde_json can hold it (numbers such as `1e309` it cannot).
#[track_caller]
fn json(report: &Report) -> Option<Value> {
    let serde = serde_json::to_string(report).unwrap();
    let mut direct = Vec::new();
    report.write_json(&mut direct).unwrap();
    assert_eq!(String::from_utf8(direct).unwrap(), serde);
    serde_json::from_str::<&RawValue>(&serde).expect("the report is JSON");
    serde_json::from_str(&serde).ok()
}

/// The messages of the diagnostics with these codes.
fn messages(report: &Report, codes: &[Code]) -> Vec<String> {
    report
        .diagnostics()
        .iter()
        .filter(|d| codes.contains(&d.code()))
        .map(|d| d.message().to_string())
        .collect()
}

/// Claims and header fields that would rewrite a terminal or reorder what
/// it shows, in JSON escapes and raw.
fn control_and_bidi_token() -> String {
    token(
        "{\"alg\":\"HS256\",\"kid\":\"\\u001b[2J\\u202e\"}",
        concat!(
            "{\"user_id\":\"evil\\u202etxt.exe\\u001b[2J\\u0007\",",
            "\"iss\":\"argyle\\u2066-prod\\u0000\",",
            "\"sub\":\"\\u200f\\u061c\\u2028\\u0085\",",
            "\"a\\u0008b\\r\\n\":\"\\u001b]0;title\\u0007\",",
            "\"client_id\":\"\u{202e}raw\u{85}\",\"exp\":1}"
        ),
    )
}

/// Controls other than line ends, and bidi and invisible marks.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

mod sizes;
mod structure;
mod terminal_and_network;
mod values;

#[cfg(feature = "cli")]
#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "cli")]
mod cli;
