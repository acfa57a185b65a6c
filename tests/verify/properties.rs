//! Properties: no input is ever valid by chance, and no key text shows in
//! any error.

use super::*;

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
    #![proptest_config(crate::helpers::regressions::beside_the_file(ProptestConfig::default()))]

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
