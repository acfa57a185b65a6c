//! The finder: tokens in every context and kind, what it leaves alone,
//! its limits, streaming with `scan_reader`, properties judged by outcome
//! alone (disguised tokens go whole), and the command line's `scan`.

use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{EncodingKey, Header};
use proptest::prelude::*;
use serde_json::json;
use usertoken::{find_tokens, scan_reader, Piece, TokenKind, DEFAULT_MAX_LEN};

#[path = "../helpers/mod.rs"]
mod helpers;
use helpers::io::Chunked;
use helpers::tokens::{b64, signed, user_claims};

/// A user token made by jsonwebtoken, the oracle.
fn token() -> String {
    signed(&user_claims())
}

fn other_token() -> String {
    let claims = json!({ "sub": "another", "iss": "argyle-core-auth-sandbox", "exp": 1 });
    jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(b"k")).unwrap()
}

/// The tokens found in `text`, as text and kind.
#[track_caller]
fn found(text: &str) -> Vec<(&str, TokenKind)> {
    find_tokens(text)
        .map(|f| (&text[f.token_range()], f.kind()))
        .collect()
}

/// `text` holds exactly `token`, found whole as a JWS.
#[track_caller]
fn finds_one(text: &str, token: &str) {
    assert_eq!(found(text), [(token, TokenKind::Jws)], "in {text:?}");
}

/// `token`, alone in a line of text, is found whole as a damaged token.
#[track_caller]
fn finds_damaged(token: &str) {
    let text = format!("x {token} y");
    assert_eq!(found(&text), [(token, TokenKind::Damaged)], "in {text:?}");
}

#[track_caller]
fn finds_none(text: &str) {
    assert_eq!(found(text), [], "in {text:?}");
}

/// The tokens `scan_reader` finds when `text` comes in chunks of `sizes`.
fn streamed(text: &[u8], sizes: Vec<usize>) -> Vec<(usize, usize, TokenKind)> {
    let mut found = Vec::new();
    let reader = Chunked::new(text, sizes);
    scan_reader(reader, |piece| {
        if let Piece::Token {
            offset, kind, text, ..
        } = piece
        {
            found.push((offset as usize, offset as usize + text.len(), kind));
        }
        Ok(())
    })
    .unwrap();
    found
}

mod edges;
mod finding;
mod properties;
mod streaming;

#[cfg(feature = "cli")]
#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "cli")]
mod cli;
