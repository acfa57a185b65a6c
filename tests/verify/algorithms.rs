//! The RFC 7515 examples, every algorithm and key form, wrong keys,
//! tampering and pasted input.

use super::*;

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
