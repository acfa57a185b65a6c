//! The security rules: algorithm confusion, `alg: none`, critical
//! extensions, unsupported algorithms, unreadable input.

use super::*;

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
