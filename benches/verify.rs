//! Verifying signatures, beside a direct `jsonwebtoken::decode` of the same
//! tokens with the same key (expiry and claim checks off, as ours are).

use std::hint::black_box;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use usertoken::Key;

const SAMPLE: &str = include_str!("../samples/user-token.jwt");
const SECRET: &[u8] = include_bytes!("../samples/user-token.secret");
const RSA_PRIVATE: &str = include_str!("../tests/data/rsa-private.pem");
const RSA_JWK: &str = include_str!("../tests/data/rsa-public.jwk");

/// The DER inside a PEM block.
fn der(pem: &str) -> Vec<u8> {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(b64).unwrap_or_default()
}

/// jsonwebtoken judging the signature only, as `usertoken::verify` does.
fn validation(alg: Algorithm) -> Validation {
    let mut v = Validation::new(alg);
    v.validate_exp = false;
    v.validate_nbf = false;
    v.validate_aud = false;
    v.required_spec_claims.clear();
    v
}

fn pair(
    c: &mut Criterion,
    name: &str,
    token: &str,
    key: &Key,
    decoding: &DecodingKey,
    alg: Algorithm,
) {
    let validation = validation(alg);
    let mut group = c.benchmark_group(format!("verify/{name}"));
    group.throughput(Throughput::Bytes(token.len() as u64));
    group.bench_function("usertoken", |b| {
        b.iter(|| {
            let v = usertoken::verify(black_box(token), key);
            assert!(v.is_valid());
            v
        })
    });
    group.bench_function("jsonwebtoken_decode", |b| {
        b.iter(|| {
            let data =
                jsonwebtoken::decode::<serde_json::Value>(black_box(token), decoding, &validation);
            assert!(data.is_ok());
            data
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let hs256 = SAMPLE.trim();
    let secret = Key::hmac(SECRET).unwrap_or_else(|e| panic!("{e}"));
    pair(
        c,
        "hs256",
        hs256,
        &secret,
        &DecodingKey::from_secret(SECRET),
        Algorithm::HS256,
    );

    let claims = jsonwebtoken::dangerous::insecure_decode::<serde_json::Value>(hs256)
        .map(|d| d.claims)
        .unwrap_or_default();
    let signing = EncodingKey::from_rsa_der(&der(RSA_PRIVATE));
    let rs256 =
        jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &signing).unwrap_or_default();
    let public = Key::from_jwk(RSA_JWK).unwrap_or_else(|e| panic!("{e}"));
    let jwk: Jwk = serde_json::from_str(RSA_JWK).unwrap_or_else(|e| panic!("{e}"));
    let decoding = DecodingKey::from_jwk(&jwk).unwrap_or_else(|e| panic!("{e}"));
    pair(c, "rs256", &rs256, &public, &decoding, Algorithm::RS256);
}

criterion_group!(benches, bench);
criterion_main!(benches);
