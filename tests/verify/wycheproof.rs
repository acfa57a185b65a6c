//! Wycheproof's JSON Web Signature vectors (C2SP/wycheproof,
//! testvectors_v1/json_web_signature_test.json), shape by shape, with our
//! own tokens and keys: serialization, `alg: none`, key confusion,
//! primitives, RSA and ECDSA values.

use super::*;

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
