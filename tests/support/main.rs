//! The support workflows of the library: the report read at a glance, the
//! one-line summary, Link-setup checks, comparing two tokens.

use helpers::report::{at, codes, only};
use helpers::tokens::signed;
use serde_json::{json, Value};

#[path = "../helpers/mod.rs"]
mod helpers;

use usertoken::{inspect, Code, Environment, Inspector, Severity};

const SAMPLE: &str = include_str!("../../samples/user-token.jwt");
const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";
const CLIENT: &str = "0d9b5bf3-97fa-4757-a136-b2a03d171414";
const OTHER: &str = "11111111-2222-4333-8444-555555555555";

fn user_token(iss: &str, user: &str, client: &str, iat: i64) -> Value {
    json!({
        "client_id": client,
        "exp": iat + 3600, "iat": iat,
        "iss": iss,
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": user, "user_id": user,
    })
}

/// Every segment of a token: none may appear in what people are shown.
#[track_caller]
fn assert_no_token_text(out: &str, token: &str) {
    for segment in token.trim().split('.').filter(|s| s.len() >= 8) {
        assert!(!out.contains(segment), "token text in {out:?}");
    }
}

mod compare;
mod instants;
mod link_setup;
mod report;
mod summary;
