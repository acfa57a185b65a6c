//! Key sets, key errors, what never appears in output, reports and
//! threads.

use super::*;

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

#[test]
fn a_secret_file_s_last_line_break_is_not_the_secret_s() {
    let token = sign(Algorithm::HS256);
    for file in [
        &b"usertoken-sample-secret\n"[..],
        b"usertoken-sample-secret\r\n",
        b"usertoken-sample-secret",
    ] {
        let v = verify(&token, &Key::hmac_file(file).unwrap());
        assert_eq!(v.status(), Status::Valid, "{file:?}");
    }
    // Only one break: a second is part of the secret.
    let v = verify(
        &token,
        &Key::hmac_file(b"usertoken-sample-secret\n\n").unwrap(),
    );
    assert_eq!(v.status(), Status::Invalid);
    assert_eq!(
        Key::hmac_file(b"\n").unwrap_err().kind(),
        KeyErrorKind::EmptySecret
    );
    // Taken whole, the break makes a mismatch that says so.
    let v = verify(&token, &Key::hmac(b"usertoken-sample-secret\n").unwrap());
    assert_eq!(v.status(), Status::Invalid);
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the signature does not match the key, whose secret ends in a line break \
         (read from a file, the break is likely not part of it: see Key::hmac_file)"
    );
    let v = verify(&token, &Key::hmac(b"another secret").unwrap());
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the signature does not match the key"
    );
}
