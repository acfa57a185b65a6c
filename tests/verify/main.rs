#![cfg(feature = "verify")]
//! Signature verification: the RFC 7515 examples, tokens signed by
//! jsonwebtoken for every algorithm, wrong keys, tampering, algorithm
//! confusion, key sets, and what never appears in output.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::DateTime;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use proptest::prelude::*;
use serde_json::json;
use usertoken::{verify, Inspector, Key, KeyErrorKind, ReasonKind, Status, Verification, Verifier};

const SECRET: &[u8] = b"usertoken-sample-secret";
/// 2022-05-13: every token here expired long ago.
const EXPIRED: i64 = 1_652_481_485;

const ALL: [Algorithm; 12] = [
    Algorithm::HS256,
    Algorithm::HS384,
    Algorithm::HS512,
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(name: &str) -> String {
    String::from_utf8(data(name)).unwrap().trim().to_owned()
}

#[track_caller]
fn key(name: &str) -> Key {
    Key::parse(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The DER inside a PEM file.
fn der(name: &str) -> Vec<u8> {
    let b64: String = text(name)
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    STANDARD.decode(b64).unwrap()
}

fn signing_key(alg: Algorithm) -> EncodingKey {
    match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => EncodingKey::from_secret(SECRET),
        Algorithm::ES256 => EncodingKey::from_ec_der(&der("ec256-private.pem")),
        Algorithm::ES384 => EncodingKey::from_ec_der(&der("ec384-private.pem")),
        Algorithm::EdDSA => EncodingKey::from_ed_der(&der("ed25519-private.pem")),
        _ => EncodingKey::from_rsa_der(&der("rsa-private.pem")),
    }
}

fn public_key(alg: Algorithm) -> Key {
    match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => Key::hmac(SECRET).unwrap(),
        Algorithm::ES256 => key("ec256-public.pem"),
        Algorithm::ES384 => key("ec384-public.pem"),
        Algorithm::EdDSA => key("ed25519-public.pem"),
        _ => key("rsa-public.pem"),
    }
}

fn claims() -> serde_json::Value {
    json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": EXPIRED,
        "iat": EXPIRED - 2_592_000,
        "iss": "argyle-core-auth-prod",
        "sub": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
    })
}

/// A token signed by jsonwebtoken (the oracle).
fn sign(alg: Algorithm) -> String {
    jsonwebtoken::encode(&Header::new(alg), &claims(), &signing_key(alg)).unwrap()
}

fn sign_with_kid(alg: Algorithm, kid: &str) -> String {
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, &claims(), &signing_key(alg)).unwrap()
}

/// A compact JWS of any header and payload bytes, signed for `alg`.
fn sign_raw(header: &str, payload: &[u8], alg: Algorithm, key: &EncodingKey) -> String {
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let signature = jsonwebtoken::crypto::sign(message.as_bytes(), key, alg).unwrap();
    format!("{message}.{signature}")
}

/// `token` with one segment replaced.
fn with_segment(token: &str, index: usize, segment: &str) -> String {
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[index] = segment;
    parts.join(".")
}

#[track_caller]
fn check(v: &Verification, status: Status, reason: Option<ReasonKind>) {
    assert_eq!(v.status(), status, "{v}");
    assert_eq!(v.reason().map(|r| r.kind()), reason, "{v}");
}

#[track_caller]
fn valid(v: &Verification) {
    check(v, Status::Valid, None);
}

/// The JWK of a data file with members added or replaced.
fn jwk_with(file: &str, members: serde_json::Value) -> serde_json::Value {
    let mut jwk: serde_json::Value = serde_json::from_slice(&data(file)).unwrap();
    for (name, value) in members.as_object().unwrap() {
        jwk[name] = value.clone();
    }
    jwk
}

#[track_caller]
fn jwk_key(jwk: &serde_json::Value) -> Key {
    Key::from_jwk(jwk.to_string()).unwrap_or_else(|e| panic!("{jwk}: {e}"))
}

#[track_caller]
fn jwk_error(jwk: &serde_json::Value) -> String {
    Key::from_jwk(jwk.to_string()).unwrap_err().to_string()
}

/// A token signed over the exact text `header.payload`, however encoded.
fn sign_text(message: &str, alg: Algorithm) -> String {
    let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &signing_key(alg), alg).unwrap();
    format!("{message}.{signature}")
}

#[track_caller]
fn altered(v: &Verification, what: &str) {
    check(v, Status::Malformed, Some(ReasonKind::Altered));
    assert_eq!(
        v.to_string(),
        format!("signature not judged: the token was altered ({what})")
    );
    assert!(v.reason().unwrap().error().is_none());
}

#[track_caller]
fn malformed(v: &Verification, message: &str) {
    check(v, Status::Malformed, Some(ReasonKind::Malformed));
    assert_eq!(v.reason().unwrap().to_string(), message);
}

#[path = "../helpers/mod.rs"]
mod helpers;
use helpers::tokens::b64;

mod algorithms;
mod encoding;
mod key_use;
mod keys;
mod properties;
mod rules;
mod wycheproof;

#[cfg(feature = "cli")]
#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "cli")]
mod cli;
