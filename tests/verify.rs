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

// RFC 7515 Appendix A.

#[test]
fn rfc7515_a1_hs256() {
    let v = verify(text("rfc7515-a1.jws"), &key("rfc7515-a1.jwk"));
    valid(&v);
    assert_eq!(v.to_string(), "signature valid (HS256)");
}

#[test]
fn rfc7515_a2_rs256() {
    let v = verify(text("rfc7515-a2.jws"), &key("rfc7515-a2.jwk"));
    valid(&v);
    assert_eq!(v.algorithm(), Some("RS256"));
}

#[test]
fn rfc7515_a3_es256() {
    valid(&verify(text("rfc7515-a3.jws"), &key("rfc7515-a3.jwk")));
}

#[test]
fn rfc7515_examples_fail_with_each_others_keys() {
    let a1 = key("rfc7515-a1.jwk");
    let a2 = key("rfc7515-a2.jwk");
    let a3 = key("rfc7515-a3.jwk");
    check(
        &verify(text("rfc7515-a1.jws"), &a2),
        Status::Invalid,
        Some(ReasonKind::AlgorithmFamily),
    );
    check(
        &verify(text("rfc7515-a2.jws"), &a3),
        Status::Invalid,
        Some(ReasonKind::AlgorithmFamily),
    );
    check(
        &verify(text("rfc7515-a3.jws"), &a1),
        Status::Invalid,
        Some(ReasonKind::AlgorithmFamily),
    );
}

// Every algorithm, every key form.

#[test]
fn every_algorithm_signed_by_jsonwebtoken_is_valid_though_expired() {
    for alg in ALL {
        let v = verify(sign(alg), &public_key(alg));
        valid(&v);
        assert_eq!(v.algorithm(), Some(format!("{alg:?}").as_str()));
    }
}

#[test]
fn every_key_form_verifies() {
    let rs = sign(Algorithm::RS256);
    for file in [
        "rsa-public.pem",
        "rsa-public-pkcs1.pem",
        "rsa-cert.pem",
        "rsa-public.jwk",
        "rsa-public-rs256.jwk",
        "jwks.json",
    ] {
        valid(&verify(&rs, &key(file)));
    }
    let es = sign(Algorithm::ES256);
    for file in [
        "ec256-public.pem",
        "ec256-cert.pem",
        "ec256-public.jwk",
        "jwks.json",
    ] {
        valid(&verify(&es, &key(file)));
    }
    let ed = sign(Algorithm::EdDSA);
    for file in ["ed25519-public.pem", "ed25519-public.jwk", "jwks.json"] {
        valid(&verify(&ed, &key(file)));
    }
    for alg in [Algorithm::HS256, Algorithm::HS512] {
        valid(&verify(sign(alg), &key("jwks-hmac.json")));
    }
    let b64 = STANDARD.encode(SECRET);
    valid(&verify(
        sign(Algorithm::HS384),
        &Key::hmac_base64(&b64).unwrap(),
    ));
    let url = URL_SAFE_NO_PAD.encode(SECRET);
    valid(&verify(
        sign(Algorithm::HS384),
        &Key::hmac_base64(url).unwrap(),
    ));
}

#[test]
fn the_sample_token_verifies_with_its_secret() {
    let secret = data("../../samples/user-token.secret");
    let v = verify(
        text("../../samples/user-token.jwt"),
        &Key::hmac(secret).unwrap(),
    );
    valid(&v);
}

#[test]
fn wrong_keys_are_invalid() {
    let cases = [
        (Algorithm::HS256, Key::hmac(b"another secret").unwrap()),
        (Algorithm::RS256, key("rsa-other-public.pem")),
        (Algorithm::PS512, key("rsa-other-public.pem")),
        (Algorithm::ES256, key("rfc7515-a3.jwk")),
        (Algorithm::EdDSA, key("ed25519-other-public.pem")),
    ];
    for (alg, wrong) in cases {
        let v = verify(sign(alg), &wrong);
        check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch));
        assert_eq!(
            v.reason().unwrap().to_string(),
            "the signature does not match the key"
        );
    }
}

#[test]
fn tampered_header_payload_and_signature_are_invalid() {
    let other_claims = URL_SAFE_NO_PAD.encode(r#"{"user_id":"someone-else","exp":4102444800}"#);
    for alg in [Algorithm::HS256, Algorithm::RS256, Algorithm::ES256] {
        let token = sign(alg);
        let header =
            URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg:?}","typ":"JWT","kid":"x"}}"#));
        let signature = token.rsplit('.').next().unwrap();
        let mut flipped = signature.as_bytes().to_vec();
        flipped[5] = if flipped[5] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        for tampered in [
            with_segment(&token, 0, &header),
            with_segment(&token, 1, &other_claims),
            with_segment(&token, 2, &flipped),
        ] {
            check(
                &verify(&tampered, &public_key(alg)),
                Status::Invalid,
                Some(ReasonKind::SignatureMismatch),
            );
        }
    }
}

#[test]
fn a_payload_that_is_not_json_still_verifies() {
    let key = signing_key(Algorithm::HS256);
    let token = sign_raw(
        r#"{"alg":"HS256"}"#,
        b"not json at all",
        Algorithm::HS256,
        &key,
    );
    assert!(usertoken::Token::parse(&token).is_err());
    valid(&verify(&token, &public_key(Algorithm::HS256)));
}

#[test]
fn pasted_input_is_cleaned_as_for_inspection() {
    let token = sign(Algorithm::HS256);
    let pasted = format!("Authorization: Bearer {token}\r\n");
    let v = verify(&pasted, &public_key(Algorithm::HS256));
    valid(&v);
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    assert_eq!(
        v.fingerprint(),
        usertoken::inspect(&pasted, now).fingerprint()
    );
}

// Security rules.

#[test]
fn algorithm_confusion_is_invalid() {
    // The attack: HMAC the token with the RSA public key's bytes as the
    // secret, and hope the verifier takes the header's word for the
    // algorithm.
    let pem = data("rsa-public.pem");
    let forged = sign_raw(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        claims().to_string().as_bytes(),
        Algorithm::HS256,
        &EncodingKey::from_secret(&pem),
    );
    valid(&verify(&forged, &Key::hmac(&pem).unwrap()));

    let v = verify(&forged, &key("rsa-public.pem"));
    check(&v, Status::Invalid, Some(ReasonKind::AlgorithmFamily));
    assert_eq!(
        v.to_string(),
        "signature invalid (HS256): the header names HS256 but the key is an RSA key"
    );
    for file in ["rsa-public.jwk", "rsa-cert.pem"] {
        check(
            &verify(&forged, &key(file)),
            Status::Invalid,
            Some(ReasonKind::AlgorithmFamily),
        );
    }
    let v = verify(&forged, &key("jwks.json"));
    check(&v, Status::Invalid, Some(ReasonKind::AlgorithmFamily));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the header names HS256 but the key set holds no HMAC secrets"
    );
    let with_kid = sign_raw(
        r#"{"alg":"HS256","kid":"rsa-1"}"#,
        b"{}",
        Algorithm::HS256,
        &EncodingKey::from_secret(&pem),
    );
    check(
        &verify(with_kid, &key("jwks.json")),
        Status::Invalid,
        Some(ReasonKind::AlgorithmFamily),
    );
}

#[test]
fn alg_none_is_never_valid() {
    let payload = URL_SAFE_NO_PAD.encode(claims().to_string());
    for alg in ["none", "None", "NONE"] {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}"}}"#));
        for signature in ["", "c2lnbmF0dXJl"] {
            let token = format!("{header}.{payload}.{signature}");
            for key in [public_key(Algorithm::HS256), key("jwks.json")] {
                let v = verify(&token, &key);
                check(&v, Status::Invalid, Some(ReasonKind::AlgNone));
                assert_eq!(
                    v.reason().unwrap().to_string(),
                    "alg is none: an unsecured token is never valid"
                );
            }
        }
    }
}

#[test]
fn a_header_without_alg_is_invalid() {
    let key = signing_key(Algorithm::HS256);
    for header in [r#"{"typ":"JWT"}"#, r#"{"alg":256}"#] {
        let token = sign_raw(header, b"{}", Algorithm::HS256, &key);
        check(
            &verify(token, &public_key(Algorithm::HS256)),
            Status::Invalid,
            Some(ReasonKind::MissingAlg),
        );
    }
}

#[test]
fn critical_extensions_are_invalid() {
    let key = signing_key(Algorithm::HS256);
    let token = sign_raw(
        r#"{"alg":"HS256","crit":["b64"],"b64":false}"#,
        b"{}",
        Algorithm::HS256,
        &key,
    );
    let v = verify(token, &public_key(Algorithm::HS256));
    check(&v, Status::Invalid, Some(ReasonKind::Crit));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the header's crit names extensions this verifier does not implement"
    );
    for crit in ["[]", r#""b64""#, r#"[""]"#, "[1]"] {
        let header = format!(r#"{{"alg":"HS256","crit":{crit}}}"#);
        let token = sign_raw(&header, b"{}", Algorithm::HS256, &key);
        let v = verify(token, &public_key(Algorithm::HS256));
        check(&v, Status::Invalid, Some(ReasonKind::Crit));
        assert_eq!(
            v.reason().unwrap().to_string(),
            "the header's crit is not a non-empty list of extension names"
        );
    }
}

#[test]
fn unknown_and_unsupported_algorithms_are_unsupported() {
    let payload = URL_SAFE_NO_PAD.encode("{}");
    for alg in ["ES512", "ES256K", "hs256", "RSA-OAEP", "", "\u{202e}XYZ"] {
        let header = URL_SAFE_NO_PAD.encode(json!({ "alg": alg }).to_string());
        let token = format!("{header}.{payload}.c2lnbmF0dXJl");
        for key in [public_key(Algorithm::ES256), key("jwks.json")] {
            let v = verify(&token, &key);
            check(
                &v,
                Status::Unsupported,
                Some(ReasonKind::UnsupportedAlgorithm),
            );
            assert_eq!(v.algorithm(), Some(alg));
        }
    }
    let v = verify(
        format!(
            "{}.{payload}.c2ln",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"ES512"}"#)
        ),
        &public_key(Algorithm::ES256),
    );
    assert_eq!(
        v.to_string(),
        "signature unsupported (ES512): the header's algorithm is not supported"
    );
}

#[test]
fn a_key_that_does_not_fit_the_algorithm_is_a_mismatch() {
    let v = verify(sign(Algorithm::ES384), &key("ec256-public.pem"));
    check(&v, Status::KeyMismatch, Some(ReasonKind::Curve));
    assert_eq!(
        v.to_string(),
        "signature key mismatch (ES384): the header names ES384 but the key is on P-256"
    );
    let v = verify(sign(Algorithm::PS256), &key("rsa-public-rs256.jwk"));
    check(&v, Status::KeyMismatch, Some(ReasonKind::KeyAlgorithm));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the header names PS256 but the key is for RS256"
    );
}

#[test]
fn stray_bits_in_a_last_character_are_invalid() {
    let token = sign(Algorithm::HS256);
    let key = public_key(Algorithm::HS256);
    let signature = token.rsplit('.').next().unwrap();
    // HS256: 32 bytes, 43 characters, the last one with 2 unused bits.
    let last = signature.as_bytes()[42];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let index = alphabet.iter().position(|&c| c == last).unwrap();
    let stray = alphabet[index ^ 1] as char;
    let v = verify(
        with_segment(&token, 2, &format!("{}{stray}", &signature[..42])),
        &key,
    );
    check(&v, Status::Invalid, Some(ReasonKind::NotCanonical));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the signature is not canonical base64url: the unused bits of its last character, at byte 42, are set"
    );
}

#[test]
fn an_empty_signature_is_invalid() {
    let token = with_segment(&sign(Algorithm::HS256), 2, "");
    check(
        &verify(token, &public_key(Algorithm::HS256)),
        Status::Invalid,
        Some(ReasonKind::EmptySignature),
    );
}

#[test]
fn unreadable_inputs_are_malformed() {
    let key = public_key(Algorithm::HS256);
    let token = sign(Algorithm::HS256);
    let cases = [
        (String::new(), "the input is empty"),
        ("   ".to_owned(), "the input is empty"),
        (
            "abc".to_owned(),
            "expected 3 segments separated by '.' (5 for an encrypted token), found 1",
        ),
        (
            "a.b.c.d".to_owned(),
            "expected 3 segments separated by '.' (5 for an encrypted token), found 4",
        ),
        (
            "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d".to_owned(),
            "the token is encrypted (JWE): its header can be read, its claims cannot",
        ),
        (
            with_segment(&token, 2, "abc*def"),
            "invalid base64url character at byte 3 of the signature",
        ),
        (
            with_segment(&token, 1, "a"),
            "the payload has 1 base64url characters, a length no encoding produces",
        ),
        (
            with_segment(&token, 0, "bm90IGpzb24"),
            "the header is not valid JSON: error at byte 0 of its decoded text",
        ),
    ];
    for (input, message) in cases {
        let v = verify(&input, &key);
        check(&v, Status::Malformed, Some(ReasonKind::Malformed));
        assert_eq!(v.reason().unwrap().to_string(), message);
        assert!(v.reason().unwrap().error().is_some());
    }
    let big = "a".repeat(100);
    let v = Verifier::new(key.clone()).max_len(64).verify(&big);
    assert_eq!(
        v.to_string(),
        "signature malformed: the input is 100 bytes, over the limit of 64 bytes"
    );
    let v = Verifier::new(key).max_len(64).oversized(1000);
    check(&v, Status::Malformed, Some(ReasonKind::Malformed));
}

// Key sets.

#[test]
fn a_key_set_chooses_by_kid() {
    let set = key("jwks.json");
    let v = verify(sign_with_kid(Algorithm::RS256, "rsa-1"), &set);
    valid(&v);
    assert_eq!((v.key_index(), v.key_id()), (Some(1), Some("rsa-1")));
    assert_eq!(
        v.to_string(),
        "signature valid (RS256, key at index 1 of the set, kid 'rsa-1')"
    );

    let v = verify(sign_with_kid(Algorithm::RS256, "rsa-old"), &set);
    check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch));
    assert_eq!(v.key_index(), Some(0));

    let v = verify(sign_with_kid(Algorithm::RS256, "nope"), &set);
    check(&v, Status::KeyMismatch, Some(ReasonKind::KidNotFound));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "no key of the set has the token's kid"
    );

    check(
        &verify(sign_with_kid(Algorithm::ES256, "ec-521"), &set),
        Status::Unsupported,
        Some(ReasonKind::UnsupportedKey),
    );
    let v = verify(sign_with_kid(Algorithm::ES256, "enc-1"), &set);
    check(&v, Status::KeyMismatch, Some(ReasonKind::KeyPurpose));
    assert_eq!(
        v.to_string(),
        "signature key mismatch (ES256, key at index 6 of the set, kid 'enc-1'): the key of the set with the token's kid is skipped, as its use is 'enc'"
    );
    check(
        &verify(sign_with_kid(Algorithm::ES384, "ec-1"), &set),
        Status::KeyMismatch,
        Some(ReasonKind::Curve),
    );
    check(
        &verify(sign_with_kid(Algorithm::PS256, "rsa-old"), &set),
        Status::KeyMismatch,
        Some(ReasonKind::KeyAlgorithm),
    );
}

#[test]
fn without_kid_a_key_set_tries_the_fitting_keys_and_says_which_matched() {
    let set = key("jwks.json");
    for (alg, index, kid) in [
        (Algorithm::RS256, 1, "rsa-1"),
        (Algorithm::PS384, 1, "rsa-1"),
        (Algorithm::ES256, 2, "ec-1"),
        (Algorithm::ES384, 3, "ec-384"),
        (Algorithm::EdDSA, 4, "ed-1"),
    ] {
        let v = verify(sign(alg), &set);
        valid(&v);
        assert_eq!((v.key_index(), v.key_id()), (Some(index), Some(kid)));
        assert_eq!(v.kid(), None);
    }
    let forged = sign_raw(
        r#"{"alg":"RS256"}"#,
        b"{}",
        Algorithm::RS256,
        &signing_key(Algorithm::RS256),
    );
    let tampered = with_segment(&forged, 1, "e30x");
    let v = verify(tampered, &set);
    check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the signature matches none of the 2 fitting keys of the set"
    );
    assert_eq!(v.key_index(), None);

    let only_p384: serde_json::Value = serde_json::from_slice(&data("jwks.json")).unwrap();
    let only_p384 = json!({ "keys": [only_p384["keys"][3].clone()] });
    let v = verify(
        sign(Algorithm::ES256),
        &Key::from_jwk(only_p384.to_string()).unwrap(),
    );
    check(&v, Status::KeyMismatch, Some(ReasonKind::NoFittingKey));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "no key of the set fits ES256"
    );
}

// Keys.

#[test]
fn key_errors_read_like_sentences() {
    let cases: [(&[u8], &str, KeyErrorKind, Option<usize>); 12] = [
        (
            &data("rsa-private.pem"),
            "the PEM holds a private key: pass the public key or a certificate instead",
            KeyErrorKind::PrivateKey,
            None,
        ),
        (
            &data("ed448-public.pem"),
            "unsupported key: Ed448",
            KeyErrorKind::Unsupported,
            None,
        ),
        (
            &data("ec521-public.pem"),
            "unsupported key: EC curve P-521",
            KeyErrorKind::Unsupported,
            None,
        ),
        (
            b"hello",
            "expected a PEM public key or certificate, a JWK or a JWK set (JSON object)",
            KeyErrorKind::NotAKey,
            None,
        ),
        (
            b"{\"kty\":",
            "the key is not valid JSON: error at line 1, column 7",
            KeyErrorKind::Jwk,
            None,
        ),
        (
            br#"{"kty":"oct"}"#,
            "the JWK has no valid 'k'",
            KeyErrorKind::Jwk,
            None,
        ),
        (
            br#"{"kty":"oct","k":""}"#,
            "the secret is empty",
            KeyErrorKind::EmptySecret,
            None,
        ),
        (
            br#"{"kty":"RSA","n":"","e":"AQAB"}"#,
            "the key is not valid: the RSA modulus is under 512 bits",
            KeyErrorKind::Invalid,
            None,
        ),
        (
            br#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#,
            "the key is not valid: an Ed25519 public key is 32 bytes",
            KeyErrorKind::Invalid,
            None,
        ),
        (
            br#"{"kty":"oct","k":"c2VjcmV0","alg":"RS256"}"#,
            "the JWK's alg does not fit its kty or crv",
            KeyErrorKind::AlgorithmMismatch,
            None,
        ),
        (
            br#"{"keys":[{"kty":"EC","crv":"P-521","x":"","y":""}]}"#,
            "no key of the set is usable; the one at index 0: unsupported key: EC curve P-521",
            KeyErrorKind::Unsupported,
            Some(0),
        ),
        // A set inside a set is no key, whatever else it holds.
        (
            br#"{"keys":[{"keys":[],"kty":"oct","k":"c2VjcmV0"}]}"#,
            "no key of the set is usable; the one at index 0: the JWK has no valid 'kty'",
            KeyErrorKind::Jwk,
            Some(0),
        ),
    ];
    for (content, message, kind, index) in cases {
        let e = Key::parse(content).unwrap_err();
        assert_eq!(e.to_string(), message);
        assert_eq!((e.kind(), e.index()), (kind, index), "{message}");
        assert_eq!(e.kind().to_string(), kind.as_str());
        assert_eq!(format!("{e:?}"), format!("KeyError({message})"));
    }
    assert_eq!(
        Key::hmac(b"").unwrap_err().kind(),
        KeyErrorKind::EmptySecret
    );
    assert_eq!(
        Key::hmac(b"").unwrap_err().to_string(),
        "the secret is empty"
    );
    assert_eq!(
        Key::hmac_base64("c2Vj*cmV0").unwrap_err().kind().as_str(),
        "secret-base64"
    );
    assert_eq!(format!("{:<8}|", KeyErrorKind::Pem), "pem     |");
    assert_eq!(
        Key::hmac_base64("c2Vj*cmV0").unwrap_err().to_string(),
        "the secret is not base64: invalid character at byte 4"
    );
    let mut truncated = text("rsa-public.pem");
    truncated.truncate(60);
    assert_eq!(
        Key::parse(&truncated).unwrap_err().to_string(),
        "the PEM block has no matching END line"
    );
    assert_eq!(Key::parse(truncated).unwrap_err().kind(), KeyErrorKind::Pem);
    let encryption = br#"{"kty":"oct","k":"c2VjcmV0","use":"enc"}"#;
    assert_eq!(
        Key::parse(encryption).unwrap_err().kind(),
        KeyErrorKind::NotForSignatures
    );
    assert_eq!(
        Key::parse(br#"{"keys":[]}"#).unwrap_err().kind(),
        KeyErrorKind::EmptySet
    );
}

#[test]
fn keys_and_secrets_never_appear_in_output() {
    let secret = "a secret nobody may see";
    let b64 = URL_SAFE_NO_PAD.encode(secret);
    let jwk = json!({ "kty": "oct", "k": b64, "kid": "k1" }).to_string();
    let set = json!({ "keys": [{ "kty": "oct", "k": b64 }] }).to_string();
    let keys = [
        Key::hmac(secret).unwrap(),
        Key::hmac_base64(&b64).unwrap(),
        Key::from_jwk(&jwk).unwrap(),
        Key::from_jwk(&set).unwrap(),
    ];
    let token = sign(Algorithm::HS256);
    for key in keys {
        let shown = [
            format!("{key:?}"),
            format!("{:?}", Verifier::new(key.clone())),
            format!("{:?}", Inspector::new().key(key.clone())),
            format!("{:?}", verify(&token, &key)),
        ];
        for s in shown {
            assert!(!s.contains(secret) && !s.contains(&b64), "{s}");
        }
    }
    assert_eq!(
        format!("{:?}", Key::from_jwk(&jwk).unwrap()),
        "Key(HMAC secret, kid 'k1')"
    );
    assert_eq!(
        format!("{:?}", key("jwks.json")),
        "Key(key set of 7 keys, 5 usable)"
    );
    assert_eq!(
        format!("{:?}", key("rsa-public-rs256.jwk")),
        "Key(RSA public key for RS256, kid 'rsa-rs256')"
    );
    let jwk: serde_json::Value = serde_json::from_slice(&data("rsa-public.jwk")).unwrap();
    let n = jwk["n"].as_str().unwrap();
    assert!(!format!("{:?}", key("rsa-public.pem")).contains(&n[20..40]));
}

#[test]
fn no_token_text_in_any_output() {
    let set = key("jwks.json");
    let token = sign_with_kid(Algorithm::RS256, "rsa-1");
    let inputs = [
        token.clone(),
        with_segment(&token, 2, "abc*def"),
        with_segment(&token, 1, "e30"),
        sign(Algorithm::ES384),
    ];
    for input in inputs {
        let v = verify(&input, &set);
        let outputs = [
            v.to_string(),
            format!("{v:?}"),
            serde_json::to_string(&v).unwrap(),
        ];
        for segment in input.split('.').filter(|s| s.len() >= 8) {
            for out in &outputs {
                assert!(!out.contains(segment), "{out}");
            }
        }
    }
}

// Reports.

#[test]
fn an_inspector_with_a_key_adds_the_verdict_to_the_report() {
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let token = sign(Algorithm::HS256);

    let report = Inspector::new().inspect(&token, now);
    assert!(report.signature().is_none());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["signature"], "not-checked");
    assert_eq!(json["signature_reason"], serde_json::Value::Null);

    let inspector = Inspector::new().key(public_key(Algorithm::HS256));
    let report = inspector.inspect(&token, now);
    assert_eq!(report.is_expired(), Some(true));
    valid(report.signature().unwrap());
    let text = serde_json::to_string(&report).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["signature"], "valid");
    assert_eq!(json["signature_reason"], serde_json::Value::Null);
    let members = [
        "fingerprint",
        "header",
        "claims",
        "issuer",
        "environment",
        "issued_at",
        "expires_at",
        "not_before",
        "lifetime_seconds",
        "expired",
        "expires_in_seconds",
        "diagnostics",
        "error",
        "signature",
        "signature_reason",
        "source",
    ];
    let at = |name: &str| text.find(&format!(r#","{name}":"#)).unwrap_or(0);
    assert!(members.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    assert_eq!(json.as_object().unwrap().len(), members.len());
    let mut written = Vec::new();
    report.write_json(&mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), text);

    let report = inspector.inspect(format!("{token}.extra"), now);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["signature"], "malformed");

    let wrong = Inspector::new().key(Key::hmac("wrong").unwrap());
    let json = serde_json::to_value(wrong.inspect(&token, now)).unwrap();
    assert_eq!(json["signature"], "invalid");
    assert_eq!(
        json["signature_reason"],
        "the signature does not match the key"
    );

    let report = inspector.oversized(1 << 20, now);
    check(
        report.signature().unwrap(),
        Status::Malformed,
        Some(ReasonKind::Malformed),
    );
}

#[test]
fn verification_json_has_a_stable_shape() {
    let v = verify(sign_with_kid(Algorithm::ES256, "ec-1"), &key("jwks.json"));
    let json = serde_json::to_string(&v).unwrap();
    let fingerprint = v.fingerprint().unwrap();
    assert_eq!(
        json,
        format!(
            r#"{{"fingerprint":"{fingerprint}","signature":"valid","algorithm":"ES256","kid":"ec-1","key":{{"index":2,"kid":"ec-1"}},"reason":null,"source":null}}"#
        )
    );
}

#[test]
fn keys_and_verdicts_cross_threads() {
    fn send_sync<T: Send + Sync + Clone>() {}
    send_sync::<Key>();
    send_sync::<Verifier>();
    send_sync::<Verification>();
    send_sync::<Inspector>();
}

// Hostile input.

// Wycheproof's JSON Web Signature vectors (C2SP/wycheproof,
// testvectors_v1/json_web_signature_test.json), shape by shape, with our
// own tokens and keys.

/// The JWK of a data file with members added or replaced.
// Not in tests/common, which runs the binary: this file also builds with
// `verify` alone.
fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

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

#[test]
fn wycheproof_compact_serialization_shapes() {
    // tcId 1-17 (HS256), 18-30 (ES256), 33-45 (RS256).
    for alg in [Algorithm::HS256, Algorithm::ES256, Algorithm::RS256] {
        let key = public_key(alg);
        let token = sign(alg);
        let parts: Vec<&str> = token.split('.').collect();
        let (h, p, s) = (parts[0], parts[1], parts[2]);
        valid(&verify(&token, &key));

        let mut flipped = s.as_bytes().to_vec();
        flipped[5] = if flipped[5] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        let other_header = b64(format!(r#"{{"alg":"{alg:?}","typ":"JWS"}}"#));
        for modified in [
            format!("{h}.{p}.{flipped}"),
            format!("{h}.e30.{s}"),
            format!("{other_header}.{p}.{s}"),
            format!("{h}..{s}"),
        ] {
            check(
                &verify(&modified, &key),
                Status::Invalid,
                Some(ReasonKind::SignatureMismatch),
            );
        }
        check(
            &verify(format!("{h}.{p}."), &key),
            Status::Invalid,
            Some(ReasonKind::EmptySignature),
        );
        let count = |n| {
            format!("expected 3 segments separated by '.' (5 for an encrypted token), found {n}")
        };
        let not_json = "the header is not valid JSON: error at byte 0 of its decoded text";
        // Two segments whose first reads as a header: cut off after the
        // payload, never judged.
        for input in [format!("{h}.{p}"), format!("{h}.{s}"), format!("{p}.{s}")] {
            let v = verify(&input, &key);
            check(&v, Status::Malformed, Some(ReasonKind::SignatureMissing));
            assert_eq!(
                v.reason().unwrap().to_string(),
                "the token ends after its payload: the signature was cut off"
            );
        }
        for (input, message) in [
            (format!(".{p}.{s}"), not_json.to_owned()),
            (format!(".{p}."), not_json.to_owned()),
            (p.to_owned(), count(1)),
            (String::new(), "the input is empty".to_owned()),
            (format!("{token}."), count(4)),
            (format!("{token}.e30"), count(4)),
        ] {
            malformed(&verify(&input, &key), &message);
        }
        // The JSON serialization is not a compact one.
        let json = format!(
            r#"{{"payload":"{p}","signatures":[{{"protected":"{h}","header":{{"kid":"x"}},"signature":"{s}"}}]}}"#
        );
        assert_eq!(verify(&json, &key).status(), Status::Malformed);
    }
}

#[test]
fn wycheproof_extra_components_in_pasted_text_are_never_valid() {
    // tcId 14 (`h.p.s.`), 15 (`h.p.s.foo`) and 362 (`h.p.s?`): pasted, a
    // token is found inside each, but what was pasted is not its exact
    // serialization, so its signature is not judged.
    for alg in [Algorithm::HS256, Algorithm::ES256, Algorithm::RS256] {
        let key = public_key(alg);
        let token = sign(alg);
        let s_len = token.rsplit('.').next().unwrap().len();
        let verifier = Verifier::new(key.clone());
        let inspector = Inspector::new().key(key.clone());
        let altered = format!(
            "the token was altered (text glued to its end at byte {s_len} of the signature)"
        );
        for pasted in [
            format!("{token}."),
            format!("{token}.foo"),
            format!("{token}.e30"),
            format!("{token}?"),
            format!("{token}!"),
            format!("x={token}.more&y=1"),
        ] {
            let verdicts = verifier.verify_pasted(&pasted);
            assert_eq!(verdicts.len(), 1, "{pasted}");
            check(&verdicts[0], Status::Malformed, Some(ReasonKind::Altered));
            assert_eq!(verdicts[0].reason().unwrap().to_string(), altered);
            assert!(verdicts[0].source().is_some());
            let reports = inspector.inspect_pasted(&pasted, DateTime::UNIX_EPOCH);
            assert_eq!(reports.len(), 1, "{pasted}");
            let signature = reports[0].signature().unwrap();
            assert_eq!(signature.status(), Status::Malformed, "{pasted}");
            assert_eq!(signature.reason().unwrap().to_string(), altered);
            assert!(reports[0]
                .human()
                .headline()
                .to_string()
                .contains("signature not judged: the token was altered"));
        }
        // What ends a token as pasted leaves it whole.
        for pasted in [
            format!("INFO link init userToken={token} sandbox=true"),
            format!("\"{token}\""),
            format!("x={token}&y=1"),
            format!("[{token}]"),
            format!("{token},"),
            format!("{token}%26next=1"),
            format!("{{\"user_token\":\"{token}\"}}"),
        ] {
            let verdicts = verifier.verify_pasted(&pasted);
            assert_eq!(verdicts.len(), 1, "{pasted}");
            valid(&verdicts[0]);
            let reports = inspector.inspect_pasted(&pasted, DateTime::UNIX_EPOCH);
            assert!(reports[0].signature().unwrap().is_valid(), "{pasted}");
        }
    }
}

#[test]
fn wycheproof_alg_none_shapes() {
    // tcId 16, 341-344: none in any case, with a kid, with or without a
    // signature, under any key.
    let payload = b64("123400");
    let signature = sign(Algorithm::HS256)
        .rsplit('.')
        .next()
        .unwrap()
        .to_owned();
    for header in [
        r#"{"alg":"none"}"#,
        r#"{"alg":"NONE"}"#,
        r#"{"alg":"none","kid":"rsa-1"}"#,
        r#"{"alg":"none","kid":"hs256-key"}"#,
    ] {
        for sig in ["", signature.as_str()] {
            let token = format!("{}.{payload}.{sig}", b64(header));
            for key in [
                public_key(Algorithm::HS256),
                public_key(Algorithm::RS256),
                key("jwks.json"),
            ] {
                check(
                    &verify(&token, &key),
                    Status::Invalid,
                    Some(ReasonKind::AlgNone),
                );
            }
        }
    }
}

#[test]
fn wycheproof_key_confusion_shapes() {
    // tcId 31: HS256 with the EC public key's bytes as the secret.
    let ec: serde_json::Value = serde_json::from_slice(&data("ec256-public.jwk")).unwrap();
    let mut point = vec![4u8];
    for c in ["x", "y"] {
        point.extend(URL_SAFE_NO_PAD.decode(ec[c].as_str().unwrap()).unwrap());
    }
    for secret in [
        point.clone(),
        point[1..33].to_vec(),
        data("ec256-public.pem"),
    ] {
        let forged = sign_raw(
            r#"{"alg":"HS256","kid":"ec-1"}"#,
            b"Foo",
            Algorithm::HS256,
            &EncodingKey::from_secret(&secret),
        );
        for key in [
            key("ec256-public.jwk"),
            key("ec256-public.pem"),
            key("jwks.json"),
        ] {
            check(
                &verify(&forged, &key),
                Status::Invalid,
                Some(ReasonKind::AlgorithmFamily),
            );
        }
    }
    // tcId 32: the header carries the signer's own key, which is never
    // used: the token is judged against the verifier's key alone.
    let embedded = json!({"alg": "RS256", "jwk": serde_json::from_slice::<serde_json::Value>(&data("rsa-public.jwk")).unwrap()});
    let forged = sign_raw(
        &embedded.to_string(),
        b"Foo",
        Algorithm::RS256,
        &signing_key(Algorithm::RS256),
    );
    valid(&verify(&forged, &key("rsa-public.pem")));
    check(
        &verify(&forged, &key("rsa-other-public.pem")),
        Status::Invalid,
        Some(ReasonKind::SignatureMismatch),
    );
}

#[test]
fn wycheproof_wrong_primitive_and_key_alg_shapes() {
    // tcId 331-340: a PS512 key, the header says PS512, the signature was
    // made with another RSA algorithm over the same text.
    let ps512 = jwk_key(&jwk_with(
        "rsa-public.jwk",
        json!({"alg": "PS512", "use": "sig"}),
    ));
    let message = format!("{}.{}", b64(r#"{"alg":"PS512"}"#), b64("Foo"));
    valid(&verify(sign_text(&message, Algorithm::PS512), &ps512));
    for other in [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
    ] {
        check(
            &verify(sign_text(&message, other), &ps512),
            Status::Invalid,
            Some(ReasonKind::SignatureMismatch),
        );
        // The header names the algorithm really used: the key's alg rules.
        let v = verify(sign(other), &ps512);
        check(&v, Status::KeyMismatch, Some(ReasonKind::KeyAlgorithm));
        assert_eq!(
            v.reason().unwrap().to_string(),
            format!("the header names {other:?} but the key is for PS512")
        );
    }
    // tcId 346/350 (RFC 7520 figure 20): a PS384 token against a JWK whose
    // alg is PS256 is a key mismatch, though the signature would verify.
    let ps256 = jwk_key(&jwk_with("rsa-public.jwk", json!({"alg": "PS256"})));
    let v = verify(sign(Algorithm::PS384), &ps256);
    assert_eq!(
        v.to_string(),
        "signature key mismatch (PS384): the header names PS384 but the key is for PS256"
    );
    valid(&verify(sign(Algorithm::PS384), &key("rsa-public.jwk")));
}

#[test]
fn wycheproof_rsa_encoding_shapes() {
    // tcId 46-258 (PKCS #1 v1.5 DigestInfo and padding modified) and
    // 276-311 (PSS salt length, trailer): signatures made with the test
    // key by the raw RSA operation over a broken encoding; see
    // tests/data/README.md.
    let key = key("rsa-public.pem");
    let text = text("rsa-encodings.txt");
    let mut seen = 0;
    for line in text.lines() {
        let [name, expected, token]: [&str; 3] =
            line.split('\t').collect::<Vec<_>>().try_into().unwrap();
        let v = verify(token, &key);
        match expected {
            "valid" => valid(&v),
            _ => check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch)),
        }
        assert!(v.to_string().starts_with("signature"), "{name}");
        seen += 1;
    }
    assert_eq!(seen, 21);
}

#[test]
fn wycheproof_rsa_signature_value_shapes() {
    // tcId 312-319: the signature is 0, 1, n - 1, n, n + 1, or a good one
    // with a zero byte before or after it, or cut short.
    let key = key("rsa-public.pem");
    let token = sign(Algorithm::PS256);
    let jwk: serde_json::Value = serde_json::from_slice(&data("rsa-public.jwk")).unwrap();
    let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
    let add = |delta: i16| {
        let mut v = n.clone();
        let last = v.len() - 1;
        let sum = i16::from(v[last]) + delta;
        assert!((0..=255).contains(&sum), "the test needs no carry");
        v[last] = sum as u8;
        v
    };
    let mut zero = vec![0u8; n.len()];
    let mut one = zero.clone();
    *one.last_mut().unwrap() = 1;
    let good = URL_SAFE_NO_PAD
        .decode(token.rsplit('.').next().unwrap())
        .unwrap();
    let mut prefixed = vec![0u8];
    prefixed.extend(&good);
    let mut suffixed = good.clone();
    suffixed.push(0);
    let mut n_prefixed = vec![0u8];
    n_prefixed.extend(&n);
    for alg in [Algorithm::RS256, Algorithm::PS256] {
        let token = sign(alg);
        for signature in [
            &zero,
            &one,
            &add(-1),
            &n,
            &add(1),
            &n_prefixed,
            &prefixed,
            &suffixed,
            &good[..good.len() - 1].to_vec(),
        ] {
            let v = verify(with_segment(&token, 2, &b64(signature)), &key);
            check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch));
        }
    }
    zero.clear();
    check(
        &verify(with_segment(&token, 2, &b64(&zero)), &key),
        Status::Invalid,
        Some(ReasonKind::EmptySignature),
    );
}

#[test]
fn wycheproof_ecdsa_special_value_shapes() {
    // tcId 378-401: r and s of 0, 1, n - 1 and n; too long, trailing
    // zeros, an overlong buffer, and the DER form instead of r || s.
    const N: &str = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";
    let n: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&N[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let mut n_minus_1 = n.clone();
    n_minus_1[31] -= 1;
    let mut one = [0u8; 32];
    one[31] = 1;
    let values: [&[u8]; 4] = [&[0u8; 32], &one, &n_minus_1, &n];
    let key = public_key(Algorithm::ES256);
    let token = sign(Algorithm::ES256);
    for r in values {
        for s in values {
            let v = verify(with_segment(&token, 2, &b64([r, s].concat())), &key);
            check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch));
        }
    }
    let good = URL_SAFE_NO_PAD
        .decode(token.rsplit('.').next().unwrap())
        .unwrap();
    let der = {
        let int = |x: &[u8]| {
            let mut v = vec![0x02, 33, 0];
            v.extend(x);
            v
        };
        let body = [int(&good[..32]), int(&good[32..])].concat();
        [vec![0x30, body.len() as u8], body].concat()
    };
    for signature in [
        [good.as_slice(), &[0]].concat(),
        [good.as_slice(), &[0, 0]].concat(),
        [&[0], good.as_slice()].concat(),
        [&[0], &good[..32], &[0], &good[32..]].concat(),
        [good.as_slice(); 10].concat(),
        der,
    ] {
        let v = verify(with_segment(&token, 2, &b64(&signature)), &key);
        check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch));
    }
}

#[test]
fn wycheproof_base64_shapes() {
    // tcId 357-377 with HS256: whatever had to be changed inside the token
    // makes it malformed, with what and where; other characters are
    // unreadable; stray bits are invalid; whitespace inside the decoded
    // JSON is fine.
    let key = public_key(Algorithm::HS256);
    let message = format!(
        "{}.{}",
        b64(r#"{"kid":"hs256-key","alg":"HS256"}"#),
        b64("Test")
    );
    let token = sign_text(&message, Algorithm::HS256);
    valid(&verify(&token, &key));
    let parts: Vec<&str> = token.split('.').collect();
    let (h, p, s) = (parts[0], parts[1], parts[2]);
    let hl = h.len();
    for (input, what) in [
        (
            format!("{h}.{p}.    {s}"),
            "whitespace at byte 0 of the signature".to_owned(),
        ),
        (
            format!("{h}    .{p}.{s}"),
            format!("whitespace at byte {hl} of the header"),
        ),
        (
            format!("{h}.    {p}.{s}"),
            "whitespace at byte 0 of the payload".to_owned(),
        ),
        (
            format!("{h}.{p}.{}\t{}", &s[..7], &s[7..]),
            "whitespace at byte 7 of the signature".to_owned(),
        ),
        (
            format!("{}\n{}.{p}.{s}", &h[..20], &h[20..]),
            "a line break at byte 20 of the header".to_owned(),
        ),
        (
            format!("{h}.{p}.{}\r\n{}", &s[..30], &s[30..]),
            "a line break at byte 30 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}.{s}="),
            "'=' padding at byte 43 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}==.{s}"),
            "'=' padding at byte 6 of the payload".to_owned(),
        ),
        // Wrappers around it are removed first; offsets are the token's.
        (
            format!("Bearer {h}.{p}.{s}=\n"),
            "'=' padding at byte 43 of the signature".to_owned(),
        ),
        (
            format!("userToken: '{h}.{p}. {s}',"),
            "whitespace at byte 0 of the signature".to_owned(),
        ),
        // Dots written as percent-encoding or JSON escapes write them, and
        // the quote prefixes of a wrapped reply: read, never judged.
        (
            format!("{h}%2E{p}%2E{s}"),
            format!("an encoded dot at byte {} of the header", h.len()),
        ),
        (
            format!("{h}.{p}\\u002e{s}"),
            format!("an encoded dot at byte {} of the payload", p.len()),
        ),
        (
            format!("{}\n> {}.{p}.{s}", &h[..20], &h[20..]),
            "a line break at byte 20 of the header".to_owned(),
        ),
    ] {
        let v = verify(&input, &key);
        altered(&v, &what);
    }
    // `+` and `/`: a signature with `-` and `_` in it, written in the
    // standard alphabet.
    let token = (0..)
        .map(|i| {
            sign_text(
                &format!("{}.{}", b64(r#"{"alg":"HS256"}"#), b64(format!("{i}"))),
                Algorithm::HS256,
            )
        })
        .find(|t| t.rsplit('.').next().unwrap().contains(['-', '_']))
        .unwrap();
    valid(&verify(&token, &key));
    let s = token.rsplit('.').next().unwrap();
    let at = s.find(['-', '_']).unwrap();
    let standard = token.replace('-', "+").replace('_', "/");
    let c = if s.as_bytes()[at] == b'-' { '+' } else { '/' };
    altered(
        &verify(&standard, &key),
        &format!("'{c}' of the standard base64 alphabet at byte {at} of the signature"),
    );

    let (h, p, s) = (parts[0], parts[1], parts[2]);
    for (input, message) in [
        (
            format!("{h}.{p}.?{s}"),
            "invalid base64url character at byte 0 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}.{s}?"),
            "invalid base64url character at byte 43 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}.????{}", &s[4..]),
            "invalid base64url character at byte 0 of the signature".to_owned(),
        ),
        (
            format!("{h}####.{p}.{s}"),
            format!("invalid base64url character at byte {hl} of the header"),
        ),
        (
            format!("{h}.####{p}.{s}"),
            "invalid base64url character at byte 0 of the payload".to_owned(),
        ),
        (
            format!("{h}.?{p}.{s}"),
            "invalid base64url character at byte 0 of the payload".to_owned(),
        ),
        (
            format!("{}?{}.{p}.{s}", &h[..hl - 1], &h[hl - 1..]),
            format!(
                "invalid base64url character at byte {} of the header",
                hl - 1
            ),
        ),
        (
            format!("{h}.{p}?.{s}"),
            "invalid base64url character at byte 6 of the payload".to_owned(),
        ),
    ] {
        malformed(&verify(&input, &key), &message);
    }
    // tcId 374-375: unused bits set in the payload's last character, the
    // MAC over that very text.
    let stray = sign_text(&format!("{h}.AB"), Algorithm::HS256);
    let v = verify(&stray, &key);
    check(&v, Status::Invalid, Some(ReasonKind::NotCanonical));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the payload is not canonical base64url: the unused bits of its last character, at byte 1, are set"
    );
    // tcId 376-377: whitespace inside the header's JSON is part of what
    // was signed.
    for header in [
        r#"{ "kid" : "hs256-key", "alg" : "HS256" }"#,
        "{\"kid\":\"hs256-key\",\n\t\"alg\":\"HS256\"}",
    ] {
        valid(&verify(
            sign_text(&format!("{}.{p}", b64(header)), Algorithm::HS256),
            &key,
        ));
    }
}

#[test]
fn pastes_around_an_exact_token_are_removed_before_verifying() {
    let token = sign(Algorithm::HS256);
    let key = public_key(Algorithm::HS256);
    for pasted in [
        format!("  {token}\n"),
        format!("\"{token}\""),
        format!("'{token}'"),
        format!("Bearer {token}"),
        format!("Authorization: Bearer {token}\r\n"),
        format!("userToken: '{token}',"),
        format!("\"user_token\": \"{token}\""),
        format!("userToken={token}&sandbox=true"),
        format!("\u{feff}{token}"),
    ] {
        valid(&verify(&pasted, &key));
    }
}

#[test]
fn an_inspector_with_a_key_does_not_judge_an_altered_token() {
    let token = sign(Algorithm::HS256);
    let (message, signature) = token.rsplit_once('.').unwrap();
    let pasted = format!("{message}.{}\n{}", &signature[..20], &signature[20..]);
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let report = Inspector::new()
        .key(public_key(Algorithm::HS256))
        .inspect(&pasted, now);
    // Inspection still cleans and reads it; the verdict does not judge it.
    assert!(report.claims().is_some());
    assert!(report
        .diagnostics()
        .iter()
        .any(|d| d.code().as_str() == "input-cleaned"));
    let line = report.human().headline().to_string();
    assert!(
        line.ends_with(", signature not judged: the token was altered (a line break at byte 20 of the signature)"),
        "{line}"
    );
    let json: serde_json::Value = serde_json::to_value(&report).unwrap();
    assert_eq!(json["signature"], "malformed");
    assert_eq!(
        json["signature_reason"],
        "the token was altered (a line break at byte 20 of the signature)"
    );
    assert!(report
        .summary()
        .to_string()
        .contains(", signature malformed, "));
}

// `use` and `key_ops` (RFC 7517 §4.2, §4.3; Wycheproof tcId 349-356).

#[test]
fn a_jwk_that_may_not_verify_is_refused() {
    let ops = "the JWK may not verify signatures (its key_ops lacks 'verify')";
    for file in ["rsa-public.jwk", "ec256-public.jwk", "ed25519-public.jwk"] {
        for (members, message) in [
            (json!({"key_ops": ["encrypt"]}), ops),
            (json!({"key_ops": ["encrypt", "decrypt"]}), ops),
            (json!({"key_ops": []}), ops),
            (json!({"key_ops": ["sign"]}), ops),
            (json!({"use": "sig", "key_ops": ["wrapKey"]}), ops),
            (
                json!({"use": "enc"}),
                "the JWK is for encryption (use 'enc')",
            ),
            (
                json!({"use": "enc", "key_ops": ["verify"]}),
                "the JWK is for encryption (use 'enc')",
            ),
            (
                json!({"use": "sign"}),
                "the JWK is not for signatures (its use is not 'sig')",
            ),
            (
                json!({"use": ""}),
                "the JWK is not for signatures (its use is not 'sig')",
            ),
        ] {
            assert_eq!(jwk_error(&jwk_with(file, members)), message, "{file}");
        }
    }
    // One coordinate of the wrong size is enough.
    for (x, y) in [(31, 32), (32, 31), (32, 33)] {
        let jwk =
            json!({"kty": "EC", "crv": "P-256", "x": b64(vec![1u8; x]), "y": b64(vec![1u8; y])});
        assert_eq!(
            jwk_error(&jwk),
            "the key is not valid: the coordinates do not have the curve's size"
        );
    }
    let e = Key::from_jwk(r#"{"kty":"oct","k":"c2VjcmV0","key_ops":"verify"}"#).unwrap_err();
    assert_eq!(e.to_string(), "the JWK has a member of an unexpected type");
}

#[test]
fn a_jwk_whose_use_and_key_ops_allow_verifying_verifies() {
    for (file, alg) in [
        ("rsa-public.jwk", Algorithm::RS256),
        ("ec256-public.jwk", Algorithm::ES256),
        ("ed25519-public.jwk", Algorithm::EdDSA),
    ] {
        for members in [
            json!({"key_ops": ["verify"]}),
            json!({"key_ops": ["sign", "verify"]}),
            json!({"use": "sig", "key_ops": ["verify"]}),
            json!({"use": "sig"}),
        ] {
            valid(&verify(sign(alg), &jwk_key(&jwk_with(file, members))));
        }
    }
}

#[test]
fn a_key_set_skips_keys_that_may_not_verify() {
    let rsa_encrypt = jwk_with(
        "rsa-public.jwk",
        json!({"kid": "rsa-enc", "key_ops": ["encrypt"]}),
    );
    let ec = jwk_with("ec256-public.jwk", json!({"kid": "ec"}));
    let set = jwk_key(&json!({"keys": [rsa_encrypt, ec]}));
    assert_eq!(format!("{set:?}"), "Key(key set of 2 keys, 1 usable)");

    let v = verify(sign(Algorithm::RS256), &set);
    check(&v, Status::KeyMismatch, Some(ReasonKind::KeyPurpose));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "no usable key is left in the set: the one at index 0 is skipped, as its key_ops lacks 'verify'"
    );
    let v = verify(sign_with_kid(Algorithm::RS256, "rsa-enc"), &set);
    check(&v, Status::KeyMismatch, Some(ReasonKind::KeyPurpose));
    assert_eq!(
        v.to_string(),
        "signature key mismatch (RS256, key at index 0 of the set, kid 'rsa-enc'): the key of the set with the token's kid is skipped, as its key_ops lacks 'verify'"
    );
    let v = verify(sign(Algorithm::ES256), &set);
    valid(&v);
    assert_eq!(v.key_index(), Some(1));
    // No skipped key could have fitted an HMAC token.
    check(
        &verify(sign(Algorithm::HS256), &set),
        Status::Invalid,
        Some(ReasonKind::AlgorithmFamily),
    );

    // A set of nothing but such keys is read; no token is valid under it.
    let only = jwk_key(&json!({"keys": [
        jwk_with("rsa-public.jwk", json!({"use": "enc"})),
        jwk_with("rsa-public.jwk", json!({"use": "other"})),
    ]}));
    let v = verify(sign(Algorithm::PS256), &only);
    check(&v, Status::KeyMismatch, Some(ReasonKind::KeyPurpose));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "no usable key is left in the set: the one at index 0 is skipped, as its use is 'enc'"
    );
    let v = verify(sign_with_kid(Algorithm::PS256, "x"), &only);
    check(&v, Status::KeyMismatch, Some(ReasonKind::KidNotFound));

    // Without a kid, the first skipped key of the token's type is named.
    let okp = jwk_with("ed25519-public.jwk", json!({"use": "enc"}));
    let rsa = jwk_with("rsa-public.jwk", json!({"key_ops": ["encrypt"]}));
    let oct = json!({"kty": "oct", "k": b64(SECRET), "use": "enc"});
    let ec = jwk_with("ec256-public.jwk", json!({"key_ops": ["deriveKey"]}));
    for (set, cases) in [
        (
            json!({"keys": [okp, rsa, oct, ec]}),
            vec![
                (Algorithm::EdDSA, 0),
                (Algorithm::RS256, 1),
                (Algorithm::HS256, 2),
                (Algorithm::ES256, 3),
            ],
        ),
        (json!({"keys": [ec, okp]}), vec![(Algorithm::EdDSA, 1)]),
    ] {
        let set = jwk_key(&set);
        for (alg, index) in cases {
            let v = verify(sign(alg), &set);
            check(&v, Status::KeyMismatch, Some(ReasonKind::KeyPurpose));
            let reason = v.reason().unwrap().to_string();
            let at = format!("the one at index {index} is skipped");
            assert!(reason.contains(&at), "{alg:?}: {reason}");
        }
    }

    // Beside a usable key of the same type, a skipped key is never tried.
    let beside = jwk_key(&json!({"keys": [
        jwk_with("rsa-public.jwk", json!({"use": "enc"})),
        serde_json::from_slice::<serde_json::Value>(&data("jwks.json")).unwrap()["keys"][0].clone(),
    ]}));
    let v = verify(sign(Algorithm::RS256), &beside);
    check(&v, Status::Invalid, Some(ReasonKind::SignatureMismatch));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the signature does not match the one fitting key of the set"
    );
}

#[test]
fn reason_kinds_and_statuses_have_stable_names() {
    for (kind, name) in [
        (ReasonKind::SignatureMismatch, "signature-mismatch"),
        (ReasonKind::AlgNone, "alg-none"),
        (ReasonKind::MissingAlg, "missing-alg"),
        (ReasonKind::EmptySignature, "empty-signature"),
        (ReasonKind::NotCanonical, "not-canonical"),
        (ReasonKind::Altered, "altered"),
        (ReasonKind::Crit, "crit"),
        (ReasonKind::AlgorithmFamily, "algorithm-family"),
        (ReasonKind::UnsupportedAlgorithm, "unsupported-algorithm"),
        (ReasonKind::UnsupportedKey, "unsupported-key"),
        (ReasonKind::KeyAlgorithm, "key-algorithm"),
        (ReasonKind::Curve, "curve"),
        (ReasonKind::KidNotFound, "kid-not-found"),
        (ReasonKind::NoFittingKey, "no-fitting-key"),
        (ReasonKind::KeyRefused, "key-refused"),
        (ReasonKind::KeyPurpose, "key-purpose"),
        (ReasonKind::SignatureMissing, "signature-missing"),
        (ReasonKind::Malformed, "malformed"),
    ] {
        assert_eq!(kind.as_str(), name);
        assert_eq!(format!("{kind:>20}"), format!("{name:>20}"));
    }
    for (status, name) in [
        (Status::Valid, "valid"),
        (Status::Invalid, "invalid"),
        (Status::Unsupported, "unsupported"),
        (Status::KeyMismatch, "key-mismatch"),
        (Status::Malformed, "malformed"),
    ] {
        assert_eq!(status.as_str(), name);
        assert_eq!(status.to_string(), name);
    }
}

#[test]
fn keys_off_their_curve_are_refused() {
    // A P-256 or P-384 point with one bit of y changed is on no curve.
    for (file, message) in [
        (
            "ec256-public.jwk",
            "the key is not valid: not a point on P-256",
        ),
        (
            "ec384-public.jwk",
            "the key is not valid: not a point on P-384",
        ),
    ] {
        let mut jwk: serde_json::Value = match file {
            "ec384-public.jwk" => {
                let set: serde_json::Value = serde_json::from_slice(&data("jwks.json")).unwrap();
                set["keys"][3].clone()
            }
            _ => serde_json::from_slice(&data(file)).unwrap(),
        };
        jwk_key(&jwk);
        let mut y = URL_SAFE_NO_PAD.decode(jwk["y"].as_str().unwrap()).unwrap();
        y[10] ^= 1;
        jwk["y"] = json!(b64(&y));
        assert_eq!(jwk_error(&jwk), message);
    }
    // y = 2 has no x on Ed25519: x² = (y² - 1) / (d y² + 1) is no square.
    let mut y = [0u8; 32];
    y[0] = 2;
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(y)});
    assert_eq!(
        jwk_error(&jwk),
        "the key is not valid: not an Ed25519 public key"
    );
}

#[test]
fn every_algorithm_is_named_in_messages() {
    for alg in ALL {
        let name = format!("{alg:?}");
        let members = json!({ "alg": name });
        let file = match alg {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => continue,
            Algorithm::ES256 => "ec256-public.jwk",
            Algorithm::ES384 => continue,
            Algorithm::EdDSA => "ed25519-public.jwk",
            _ => "rsa-public.jwk",
        };
        let key = jwk_key(&jwk_with(file, members));
        assert!(
            format!("{key:?}").contains(&format!(" for {name}")),
            "{key:?}"
        );
    }
    for name in ["HS256", "HS384", "HS512"] {
        let hmac = jwk_key(&json!({"kty": "oct", "k": b64(SECRET), "alg": name}));
        assert_eq!(format!("{hmac:?}"), format!("Key(HMAC secret for {name})"));
        if name != "HS384" {
            assert_eq!(
                verify(sign(Algorithm::HS384), &hmac)
                    .reason()
                    .unwrap()
                    .to_string(),
                format!("the header names HS384 but the key is for {name}")
            );
        }
    }
    let v = verify(
        sign(Algorithm::RS512),
        &jwk_key(&jwk_with("rsa-public.jwk", json!({"alg": "RS384"}))),
    );
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the header names RS512 but the key is for RS384"
    );
}

/// No run of 8 bytes of `content` shows in the error's `Display` or
/// `Debug`, which reads like it.
fn no_text_of(content: &[u8], e: &usertoken::KeyError) -> Result<(), TestCaseError> {
    let message = e.to_string();
    prop_assert_eq!(format!("{e:?}"), format!("KeyError({message})"));
    for window in content.windows(8) {
        prop_assert!(
            !message.as_bytes().windows(8).any(|w| w == window),
            "{} shows {:?}",
            message,
            String::from_utf8_lossy(window)
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_input_is_judged_without_panic_and_never_valid(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        let keys = ALL
            .iter()
            .map(|&alg| public_key(alg))
            .chain([key("jwks.json"), key("jwks-hmac.json")]);
        for key in keys {
            let v = verify(&input, &key);
            prop_assert_ne!(v.status(), Status::Valid, "{}", v);
        }
    }

    #[test]
    fn any_change_to_a_valid_token_makes_it_not_valid(
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ".to_vec()
        ),
    ) {
        let token = sign(Algorithm::HS256);
        let mut bytes = token.clone().into_bytes();
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != with);
        bytes[i] = with;
        let v = verify(&bytes, &public_key(Algorithm::HS256));
        prop_assert_ne!(v.status(), Status::Valid, "{}", v);
    }

    #[test]
    fn any_signature_bytes_reach_the_crypto_without_panic(
        alg in prop::sample::select(ALL.to_vec()),
        signature in proptest::collection::vec(any::<u8>(), 0..600),
        kid in prop::sample::select(vec![None, Some("rsa-1"), Some("ec-1"), Some("ed-1"), Some("ec-521")]),
    ) {
        let mut header = Header::new(alg);
        header.kid = kid.map(str::to_owned);
        let token = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_string(&header).unwrap()),
            URL_SAFE_NO_PAD.encode(claims().to_string()),
            URL_SAFE_NO_PAD.encode(&signature),
        );
        for key in [public_key(alg), key("jwks.json")] {
            prop_assert_ne!(verify(&token, &key).status(), Status::Valid);
        }
    }

    #[test]
    fn no_key_error_shows_the_key_files_text(
        body in proptest::collection::vec(any::<u8>(), 0..400),
        label in prop::sample::select(vec!["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"]),
    ) {
        let pem = format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            STANDARD.encode(&body)
        );
        for content in [body.clone(), pem.clone().into_bytes()] {
            if let Err(e) = Key::parse(&content) {
                no_text_of(&content, &e)?;
            }
        }
    }

    #[test]
    fn no_key_error_shows_a_jwks_members(
        canary in "[A-Za-z0-9_-]{12,24}",
        kty in prop::sample::select(vec!["oct", "RSA", "EC", "OKP", "canary"]),
        member in prop::sample::select(vec!["kty", "alg", "crv", "use", "k", "n", "e", "x", "y", "key_ops"]),
        in_set in any::<bool>(),
    ) {
        let mut jwk = json!({"kty": kty, "k": "c2VjcmV0", "crv": "P-256"});
        jwk[member] = match member {
            "key_ops" => json!([canary]),
            _ => json!(canary),
        };
        if kty == "canary" {
            jwk["kty"] = json!(canary);
        }
        let text = if in_set { json!({"keys": [jwk]}) } else { jwk }.to_string();
        if let Err(e) = Key::parse(&text) {
            prop_assert!(!e.to_string().contains(&canary), "{}", e);
            prop_assert!(!format!("{e:?}").contains(&canary), "{:?}", e);
        }
    }

    #[test]
    fn a_damaged_certificate_is_refused_or_still_holds_its_key(
        at in any::<prop::sample::Index>(),
        with in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        for (file, public, alg) in [
            ("rsa-cert.pem", "rsa-public.pem", Algorithm::RS256),
            ("ec256-cert.pem", "ec256-public.pem", Algorithm::ES256),
            ("ed25519-public.pem", "ed25519-public.pem", Algorithm::EdDSA),
        ] {
            let original = der(file);
            let spki = der(public);
            let start = original
                .windows(spki.len())
                .position(|w| w == spki.as_slice())
                .unwrap();
            let mut der = original.clone();
            let i = at.index(der.len());
            der[i] = with;
            der.truncate(cut.index(der.len() + 1));
            let intact = der.get(start..start + spki.len()) == Some(spki.as_slice());
            let pem = format!(
                "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                STANDARD.encode(&der)
            );
            match Key::parse(&pem) {
                // A key read from a certificate whose public key is intact
                // is that key.
                Ok(key) if intact => prop_assert!(verify(sign(alg), &key).is_valid(), "{}", file),
                Ok(_) => {}
                Err(e) => no_text_of(pem.as_bytes(), &e)?,
            }
        }
    }

    #[test]
    fn arbitrary_headers_are_never_valid_and_never_shown(header in "\\PC{0,60}", alg in "\\PC{0,8}") {
        let payload = URL_SAFE_NO_PAD.encode("{}");
        let h = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}",{header}}}"#));
        for key in [key("jwks.json"), key("jwks-hmac.json"), public_key(Algorithm::RS256)] {
            let v = verify(format!("{h}.{payload}.c2lnbmF0dXJl"), &key);
            prop_assert_ne!(v.status(), Status::Valid, "{}", v);
            let shown = format!("{v} {v:?} {}", serde_json::to_string(&v).unwrap());
            prop_assert!(!shown.contains("c2lnbmF0dXJl") && !shown.contains(&h), "{}", shown);
        }
    }
}

// The command-line tool.

#[cfg(feature = "cli")]
mod common;

#[cfg(feature = "cli")]
mod cli {
    use std::process::Output;

    use super::*;

    fn run(args: &[&str], stdin: &str) -> Output {
        crate::common::cli(args)
            .env("USERTOKEN_TEST_SECRET", "usertoken-sample-secret")
            .stdin(stdin)
            .run()
    }

    fn stdout(o: &Output) -> String {
        String::from_utf8(o.stdout.clone()).unwrap()
    }

    #[test]
    fn a_token_with_text_glued_to_it_is_not_judged_by_verify_or_inspect() {
        let token = sign(Algorithm::HS256);
        for pasted in [
            format!("{token}."),
            format!("{token}.foo"),
            format!("{token}?"),
        ] {
            let args = ["--secret-file", "samples/user-token.secret", "--json"];
            let o = run(&[&["verify"][..], &args, &["--", &pasted]].concat(), "");
            assert_eq!(o.status.code(), Some(1), "{pasted}");
            let verdict: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
            assert_eq!(verdict["signature"], "malformed", "{pasted}");
            let o = run(&[&["inspect"][..], &args, &["--", &pasted]].concat(), "");
            assert_eq!(o.status.code(), Some(1), "{pasted}");
            let report: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
            assert_eq!(report["signature"], "malformed", "{pasted}");
        }
    }

    #[test]
    fn verify_exits_0_only_when_every_signature_is_valid() {
        let token = sign(Algorithm::HS256);
        let o = run(
            &[
                "verify",
                "--secret-file",
                "samples/user-token.secret",
                &token,
            ],
            "",
        );
        assert_eq!(o.status.code(), Some(0));
        let line = stdout(&o);
        assert!(line.ends_with("  signature valid (HS256)\n"), "{line}");

        let wrong = with_segment(&token, 1, "e30");
        let o = run(
            &["verify", "--secret-env", "USERTOKEN_TEST_SECRET"],
            &format!("{token}\n\n{wrong}\nnot a token\n"),
        );
        assert_eq!(o.status.code(), Some(1));
        let out = stdout(&o);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[0].ends_with("signature valid (HS256)"));
        assert!(
            lines[1].ends_with("signature invalid (HS256): the signature does not match the key")
        );
        assert!(lines[2].contains("signature malformed"));
        for segment in token.split('.').chain(wrong.split('.')) {
            assert!(!out.contains(segment));
        }
    }

    #[test]
    fn verify_answers_many_lines_in_their_order() {
        // More lines than one batch of the reader holds, verified on
        // worker threads: the verdicts come out in the input's order.
        let token = sign(Algorithm::HS256);
        let wrong = with_segment(&token, 1, "e30");
        let input: String = (0..5000)
            .map(|i| {
                if i % 3 == 0 {
                    format!("{wrong}\n")
                } else {
                    format!("{token}\n")
                }
            })
            .collect();
        let o = run(
            &["verify", "--json", "--secret-env", "USERTOKEN_TEST_SECRET"],
            &input,
        );
        assert_eq!(o.status.code(), Some(1));
        let out = stdout(&o);
        let statuses: Vec<String> = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["signature"].to_string())
            .collect();
        assert_eq!(statuses.len(), 5000);
        for (i, status) in statuses.iter().enumerate() {
            let expected = if i % 3 == 0 {
                "\"invalid\""
            } else {
                "\"valid\""
            };
            assert_eq!(status, expected, "line {i}");
        }
    }

    #[test]
    fn verify_json_is_one_object_per_line() {
        let token = sign_with_kid(Algorithm::RS256, "rsa-1");
        let o = run(
            &[
                "verify",
                "--json",
                "--key",
                "tests/data/jwks.json",
                &token,
                "x",
            ],
            "",
        );
        assert_eq!(o.status.code(), Some(1));
        let out = stdout(&o);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["signature"], "valid");
        assert_eq!(lines[0]["algorithm"], "RS256");
        assert_eq!(lines[0]["kid"], "rsa-1");
        assert_eq!(lines[0]["key"]["index"], 1);
        assert_eq!(lines[1]["signature"], "malformed");
        assert!(lines[1]["reason"].is_string());
    }

    #[test]
    fn verify_reads_base64_secrets() {
        let token = sign(Algorithm::HS256);
        let with = |value: &str| {
            crate::common::cli(&["verify", "--secret-env", "B64", "--secret-base64", &token])
                .env("B64", value)
                .run()
        };
        assert_eq!(with(&STANDARD.encode(SECRET)).status.code(), Some(0));
        let o = with("not*base64");
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(
            err,
            "usertoken: the secret in B64: the secret is not base64: invalid character at byte 3\n"
        );
    }

    #[test]
    fn usage_and_key_file_errors_exit_2() {
        let token = sign(Algorithm::HS256);
        for args in [
            vec!["verify", &token],
            vec!["verify", "--key", "tests/data/missing.pem", &token],
            vec!["verify", "--key", "tests/data/rsa-private.pem", &token],
            vec![
                "verify",
                "--secret-env",
                "USERTOKEN_NO_SUCH_VARIABLE",
                &token,
            ],
            vec![
                "verify",
                "--key",
                "tests/data/rsa-public.pem",
                "--secret-file",
                "samples/user-token.secret",
                &token,
            ],
            vec![
                "verify",
                "--secret-base64",
                "--key",
                "tests/data/rsa-public.pem",
                &token,
            ],
            vec!["inspect", "--key", "tests/data/missing.pem", &token],
        ] {
            let o = run(&args, "");
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(o.stdout.is_empty());
            let err = String::from_utf8(o.stderr).unwrap();
            assert!(!err.contains(&token[40..]), "{err}");
        }
    }

    #[test]
    fn a_jwk_that_may_not_verify_is_a_usage_error() {
        let token = sign(Algorithm::RS256);
        let dir = std::env::temp_dir().join(format!("usertoken-key-ops-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (members, message) in [
            (
                json!({"key_ops": ["encrypt"]}),
                "the JWK may not verify signatures (its key_ops lacks 'verify')",
            ),
            (
                json!({"use": "enc"}),
                "the JWK is for encryption (use 'enc')",
            ),
        ] {
            let file = dir.join("key.jwk");
            std::fs::write(&file, jwk_with("rsa-public.jwk", members).to_string()).unwrap();
            let file = file.to_str().unwrap();
            for command in ["verify", "inspect"] {
                let o = run(&[command, "--key", file, &token], "");
                assert_eq!(o.status.code(), Some(2));
                assert!(o.stdout.is_empty());
                assert_eq!(
                    String::from_utf8(o.stderr).unwrap(),
                    format!("usertoken: the key file {file}: {message}\n")
                );
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_altered_token_is_not_judged_by_verify_or_inspect() {
        let token = sign(Algorithm::HS256);
        let (message, signature) = token.rsplit_once('.').unwrap();
        let altered = format!("{message}.{signature}=");
        let secret = ["--secret-file", "samples/user-token.secret"];
        let o = run(&[&["verify"][..], &secret, &[&altered]].concat(), "");
        assert_eq!(o.status.code(), Some(1));
        assert!(stdout(&o).ends_with(
            "  signature not judged: the token was altered ('=' padding at byte 43 of the signature)\n"
        ));
        let now = ["--now", "2023-11-14T22:13:20Z"];
        let o = run(&[&["inspect"][..], &secret, &now, &[&altered]].concat(), "");
        assert_eq!(o.status.code(), Some(1));
        let out = stdout(&o);
        assert!(
            out.lines().next().unwrap().ends_with(
                ", signature not judged: the token was altered ('=' padding at byte 43 of the signature)"
            ),
            "{out}"
        );
        assert!(out.contains("input-cleaned"), "{out}");
        assert!(!out.contains(signature));
    }

    #[test]
    fn inspect_adds_the_verdict_with_a_key_and_says_not_checked_without() {
        let token = sign(Algorithm::HS256);
        let now = ["--now", "2023-11-14T22:13:20Z"];
        let o = run(&[&["inspect"][..], &now, &[&token]].concat(), "");
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o)
            .lines()
            .next()
            .unwrap()
            .ends_with(", signature not checked"));

        let args = [
            &["inspect", "--secret-file", "samples/user-token.secret"][..],
            &now,
            &[&token],
        ]
        .concat();
        let o = run(&args, "");
        assert_eq!(o.status.code(), Some(0));
        let first = stdout(&o).lines().next().unwrap().to_owned();
        assert!(first.ends_with(", signature valid (HS256)"), "{first}");

        let args = [
            &["inspect", "--json", "--key", "tests/data/rsa-public.pem"][..],
            &now,
            &[&token],
        ]
        .concat();
        let o = run(&args, "");
        assert_eq!(o.status.code(), Some(1));
        let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(json["signature"], "invalid");
        assert_eq!(
            json["signature_reason"],
            "the header names HS256 but the key is an RSA key"
        );

        let o = run(&[&["inspect", "--json"][..], &now, &[&token]].concat(), "");
        let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(json["signature"], "not-checked");
    }
}
