//! Pastes as support engineers make them: tokens cut off after their
//! payload or with a damaged signature, tokens inside pasted text (log
//! lines, curl commands, API responses), Link snippets.

#[path = "../common/mod.rs"]
mod common;
#[path = "../helpers/mod.rs"]
mod helpers;

use std::process::Output;

use common::{json_lines, stdout};
use helpers::report::{at, codes, only};
use jsonwebtoken::{EncodingKey, Header};
use serde_json::{json, Value};
use usertoken::{inspect, verify, Code, Environment, Inspector, Key, ReasonKind, Severity, Status};

const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";
const SANDBOX_USER: &str = "11111111-2222-4333-8444-555555555555";
const SECRET: &[u8] = b"pastes-test-secret";
const CUT: &str = "the token ends after its payload: the signature was cut off";

/// A production user token made by jsonwebtoken, the oracle.
fn token_for(iss: &str, user: &str) -> String {
    let claims = json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": 1_652_481_485, "iat": 1_649_889_485,
        "iss": iss,
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": user, "user_id": user,
    });
    jsonwebtoken::encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(SECRET),
    )
    .unwrap()
}

fn production() -> String {
    token_for("argyle-core-auth-prod", USER)
}

fn sandbox() -> String {
    token_for("argyle-core-auth-sandbox", SANDBOX_USER)
}

/// `header.payload` of a token.
fn cut(token: &str) -> &str {
    &token[..token.rfind('.').unwrap()]
}

/// Runs the binary; no segment of a token in `secret` may show in what it
/// prints, on either stream.
#[track_caller]
fn run(args: &[&str], stdin: &str, secret: &[&str]) -> Output {
    common::cli(args)
        .env_remove("NO_COLOR")
        .stdin(stdin)
        .secret(secret)
        .may_close_stdin()
        .run()
}

const NOW: &str = "1700000000";

mod pasted_text;
mod snippets;
mod truncated;
