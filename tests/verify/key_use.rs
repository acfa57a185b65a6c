//! `use` and `key_ops` (RFC 7517 §4.2, §4.3; Wycheproof tcId 349-356),
//! stable names, keys off their curve, algorithm names.

use super::*;

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
