//! The inspector: claims, times, how pasted input is read, tokens that
//! cannot be read, and the reports for people and for programs.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use helpers::report::{at, codes};
use helpers::tokens::signed;
use serde_json::{json, Value};

#[path = "../helpers/mod.rs"]
mod helpers;

use usertoken::{
    inspect, Code, Environment, ErrorKind, HeaderCache, Inspector, Part, Report, Severity, Token,
};

const SAMPLE: &str = include_str!("../../samples/user-token.jwt");
const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";

/// A token made by jsonwebtoken, the oracle.
/// A token built by hand, for what jsonwebtoken will not encode.
fn raw(header: &str, payload: &str, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    )
}

fn user_token(iat: i64, exp: i64) -> Value {
    json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": exp, "iat": iat,
        "iss": "argyle-core-auth-prod",
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": USER, "user_id": USER,
    })
}

/// Every message of one code, in order.
fn messages(report: &Report, code: Code) -> Vec<&str> {
    let of_code = report.diagnostics().iter().filter(|d| d.code() == code);
    of_code.map(|d| d.message()).collect()
}

#[track_caller]
fn message(report: &Report, code: Code) -> &str {
    let found = report.diagnostics().iter().find(|d| d.code() == code);
    found
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(report)))
        .message()
}

#[track_caller]
fn error(input: &str) -> usertoken::Error {
    Token::parse(input).expect_err("should not parse")
}

mod claims;
mod damaged;
mod decoding;
mod reports;
mod times;
