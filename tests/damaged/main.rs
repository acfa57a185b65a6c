//! Tokens damaged or disguised on their way into text — wrapped over
//! lines, with encoded dots, extra segments, the standard alphabet, a stray
//! byte, a first segment that is not JSON — are hidden all the same; the
//! text around them, and text without a token, is kept byte for byte.

use std::io::Read;

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::DateTime;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use proptest::prelude::*;
use serde_json::{json, Value};
use usertoken::{find_tokens, inspect, scan_reader, Piece, Redactor, Style, TokenKind};

#[path = "../helpers/mod.rs"]
mod helpers;
use helpers::tokens::{signed, user_claims};

const MASK: &str = "[REDACTED-JWT]";

/// How long a piece of a signature may show: none this long may.
const PIECE: usize = 12;

fn claims() -> Value {
    user_claims()
}

/// An HS256 token made by jsonwebtoken, the oracle.
fn hs256(claims: &Value) -> String {
    signed(claims)
}

/// An RS256 token: a signature of 342 characters.
fn rs256() -> String {
    let pem = std::fs::read_to_string("tests/data/rsa-private.pem").unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let key = EncodingKey::from_rsa_der(&der);
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims(), &key).unwrap()
}

fn signature(token: &str) -> &str {
    token.rsplit('.').next().unwrap()
}

fn mask() -> Redactor {
    Redactor::new().style(Style::Mask)
}

/// The first piece of `secret` that shows in `output`.
fn piece<'a>(secret: &'a str, output: &[u8]) -> Option<&'a str> {
    let output = String::from_utf8_lossy(output);
    (0..=secret.len().saturating_sub(PIECE))
        .map(|i| &secret[i..(i + PIECE).min(secret.len())])
        .find(|p| output.contains(p))
}

fn lines(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count()
}

/// Redacted one-shot, streamed in small reads and through the writer.
fn every_way(text: &[u8]) -> [Vec<u8>; 3] {
    let once = mask().redact_bytes(text).into_owned();
    let mut streamed = Vec::new();
    mask()
        .redact_stream(Trickle(text, 7), &mut streamed)
        .unwrap();
    let mut written = Vec::new();
    {
        use std::io::Write;
        let mut w = mask().writer(&mut written);
        for chunk in text.chunks(5) {
            w.write_all(chunk).unwrap();
        }
    }
    [once, streamed, written]
}

/// A reader that hands out at most so many bytes at a time.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// `text` holds `token` in some damaged form: every way of redacting hides
/// every piece of its signature, keeps the lines, agrees with the others.
#[track_caller]
fn hides(text: &str, token: &str) -> Vec<u8> {
    let [once, streamed, written] = every_way(text.as_bytes());
    if let Some(p) = piece(signature(token), &once) {
        panic!(
            "{p:?} of the signature shows in {:?}",
            String::from_utf8_lossy(&once)
        );
    }
    assert_eq!(lines(&once), lines(text.as_bytes()), "lines lost");
    assert_eq!(streamed, once, "streaming differs");
    assert_eq!(written, once, "the writer differs");
    assert!(String::from_utf8_lossy(&once).contains(MASK));
    once
}

/// The tokens `scan_reader` reports in `text`: kind, and what the reader
/// makes of the token text it hands out.
fn scanned(text: &str) -> Vec<(TokenKind, Option<String>)> {
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let mut out = Vec::new();
    scan_reader(text.as_bytes(), |piece| {
        if let Piece::Token { kind, text, .. } = piece {
            let report = inspect(text, now);
            let user = report.claims().and_then(|c| c.user_id()).map(str::to_owned);
            out.push((kind, user));
        }
        Ok(())
    })
    .unwrap();
    out
}

const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";

mod disguised;
mod near_misses;
mod noise;
mod properties;
mod views;
mod wrapped;
