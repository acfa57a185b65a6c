//! How input is read: pasted text cleaned and said so, base64 variants
//! tolerated or noticed, the header cache, duplicate claims.

use super::*;

#[test]
fn pasted_input_is_cleaned_and_said_so() {
    let token = signed(&user_token(1, 2));
    let cases = [
        (
            format!("  \"{token}\"\n"),
            vec![
                "removed surrounding whitespace",
                "removed surrounding quotes",
            ],
        ),
        (format!("bEaReR {token}"), vec!["removed a 'Bearer' prefix"]),
        (
            format!("Authorization: Bearer {token}"),
            vec![
                "removed an 'Authorization:' header name",
                "removed a 'Bearer' prefix",
            ],
        ),
        (
            format!("userToken: '{token}',"),
            vec![
                "removed a key name before the token",
                "removed text after the token",
                "removed surrounding quotes",
            ],
        ),
        (
            format!("\"user_token\": \"{token}\""),
            vec![
                "removed a key name before the token",
                "removed surrounding quotes",
            ],
        ),
        (
            format!("userToken={token}&sandbox=true"),
            vec![
                "removed a key name before the token",
                "removed text after the token",
            ],
        ),
        (
            format!("{}\n{}", &token[..50], &token[50..]),
            vec!["removed whitespace inside the token"],
        ),
        (
            format!("\u{feff}{token}"),
            vec!["removed a byte order mark"],
        ),
    ];
    for (input, expected) in cases {
        let report = inspect(&input, at(0));
        assert_eq!(
            report.claims().unwrap().user_id(),
            Some(USER),
            "{expected:?}"
        );
        let cleaned = messages(&report, Code::InputCleaned);
        assert_eq!(cleaned, expected);
        assert_eq!(report.fingerprint(), inspect(&token, at(0)).fingerprint());
    }
}

#[test]
fn padding_and_standard_alphabet_are_tolerated() {
    // `{"a":"?>?"}` encodes with `+` and `/` in the standard alphabet.
    let header = STANDARD.encode(r#"{"alg": "HS256"}"#);
    let payload = STANDARD.encode(r#"{"a":"?>?","b":"~~~"}"#);
    assert!(payload.contains('/') || payload.contains('+'), "{payload}");
    let report = inspect(format!("{header}.{payload}.c2ln"), at(0));
    assert_eq!(report.claims().unwrap().value("a"), Some(json!("?>?")));
    let cleaned = messages(&report, Code::InputCleaned);
    assert!(
        cleaned.contains(&"removed '=' padding from the header"),
        "{cleaned:?}"
    );
    assert!(
        cleaned.contains(
            &"read '+' and '/' of the standard base64 alphabet in the payload as '-' and '_'"
        ),
        "{cleaned:?}"
    );
}

#[test]
fn non_canonical_base64_is_noticed() {
    // "e30" is `{}`; "e31" decodes the same with a stray low bit.
    let report = inspect("eyJhbGciOiJIUzI1NiJ9.e31.c2ln", at(0));
    assert!(report.error().is_none());
    assert_eq!(
        message(&report, Code::NonCanonicalBase64),
        "the last character of the payload has unused bits set: another encoder, or an altered token"
    );
}

#[test]
fn a_header_cache_reads_a_header_again_as_the_inspector_reads_it() {
    // A header cache remembers the last header decoded; repeating, alternating
    // and noted headers must read as if each token were the first.
    let plain = signed(&user_token(0, 3600));
    let other = raw(r#"{"alg":"RS256","kid":"k1"}"#, r#"{"sub":"x"}"#, "c2ln");
    let padded = format!("{}.e30.c2ln", STANDARD.encode(r#"{"alg": "HS256"}"#));
    let first: Vec<String> = [&plain, &other, &padded]
        .iter()
        .map(|t| serde_json::to_string(&inspect(t, at(0))).unwrap())
        .collect();
    let inspector = Inspector::new();
    let mut headers = HeaderCache::new();
    for _ in 0..2 {
        for (token, expected) in [&plain, &other, &padded, &padded, &plain, &plain]
            .iter()
            .zip([0, 1, 2, 2, 0, 0])
        {
            let again =
                serde_json::to_string(&inspector.inspect_with(token, at(0), &mut headers)).unwrap();
            assert_eq!(again, first[expected]);
            let line = format!("token={token} end");
            let pasted = inspector.inspect_pasted_with(&line, at(0), &mut headers);
            let alone = inspector.inspect_pasted(&line, at(0));
            assert_eq!(pasted.len(), 1);
            assert_eq!(
                serde_json::to_string(&pasted[0]).unwrap(),
                serde_json::to_string(&alone[0]).unwrap()
            );
        }
    }
    let report = inspector.inspect_with(&padded, at(0), &mut headers);
    assert_eq!(
        messages(&report, Code::InputCleaned),
        ["removed '=' padding from the header"]
    );
    assert_eq!(report.header().unwrap().kid(), None);
    assert_eq!(inspect(&other, at(0)).header().unwrap().kid(), Some("k1"));
}

#[test]
fn duplicate_claims_say_which_counted() {
    let report = inspect(
        raw(
            r#"{"alg":"HS256"}"#,
            r#"{"exp":1,"user_id":"x","exp":2}"#,
            "c2ln",
        ),
        at(0),
    );
    assert_eq!(report.expires_at(), Some(at(2)));
    assert_eq!(
        message(&report, Code::DuplicateName),
        "claim 'exp' appears 2 times; the last value counted"
    );
}
