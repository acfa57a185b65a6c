//! The styles and what they write: summaries, sanitised claim values, plain
//! replacements, valid JSON and CSV, idempotence, Debug and style names.

use super::*;

#[test]
fn styles() {
    let t = user_token();
    let fp = Fingerprint::of(t.as_bytes());
    let text = format!("Bearer {t}");
    assert_eq!(mask().redact(&text), "Bearer [REDACTED-JWT]");
    assert_eq!(
        Redactor::new().style(Style::Fingerprint).redact(&text),
        format!("Bearer [REDACTED-JWT:fp={fp}]")
    );
    let summary = format!(
        "Bearer [REDACTED-JWT:fp={fp}:env=production:user_id=017f8978-bbfd-ff64-18ce-d59f99bf51c2:exp=2022-05-13T22:38:05Z]"
    );
    assert_eq!(redact(&text), summary);
    assert_eq!(Redactor::new().redact(&text), summary);
    assert_eq!(Style::default(), Style::Summary);
}

#[test]
fn summary_fields() {
    let sandbox = encode(&json!({ "iss": "argyle-core-auth-sandbox", "user_id": "u_1" }));
    let fp = Fingerprint::of(sandbox.as_bytes());
    assert_eq!(
        redact(&sandbox),
        format!("[REDACTED-JWT:fp={fp}:env=sandbox:user_id=u_1]")
    );
    let issuers = Issuers::new().with("my-issuer", Environment::Staging);
    let mine = encode(&json!({ "iss": "my-issuer", "exp": "1652481485" }));
    let fp = Fingerprint::of(mine.as_bytes());
    assert_eq!(
        Redactor::new().issuers(issuers).redact(&mine),
        format!("[REDACTED-JWT:fp={fp}:env=staging:exp=2022-05-13T22:38:05Z]")
    );
    // A JWE's payload cannot be read: the fingerprint only.
    let jwe = format!(
        "{}.a2V5.aXY.Y2lwaGVy.dGFn",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
    );
    let fp = Fingerprint::of(jwe.as_bytes());
    assert_eq!(redact(&jwe), format!("[REDACTED-JWT:fp={fp}]"));
}

#[test]
fn claim_values_are_sanitised_or_left_out() {
    for user_id in [
        json!("a b"),
        json!("a\"b"),
        json!("<script>"),
        json!("a,b"),
        json!("a&b=c"),
        json!("a.b.c"),
        json!("a\\b"),
        json!("é"),
        json!("x".repeat(65)),
        json!(""),
        json!(17),
        json!({"id": "u"}),
    ] {
        let t = encode(&json!({ "user_id": user_id, "iss": "argyle-core-auth-prod" }));
        let out = redact(&t);
        assert!(!out.contains("user_id"), "{out}");
        assert!(out.contains(":env=production]"), "{out}");
    }
    let t = encode(&json!({ "user_id": "x".repeat(64) }));
    assert!(redact(&t).contains(&"x".repeat(64)));
}

/// Replacements stay one word in every format the issue lists.
#[test]
fn replacements_are_plain() {
    let tokens = [
        user_token(),
        encode(&json!({ "user_id": "u-1", "exp": 4102444800u64 })),
        encode(&json!({ "exp": 253402300800u64 })),
        encode(&json!({})),
    ];
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        for t in &tokens {
            let r = Redactor::new().style(style).replacement(t);
            assert!(r.starts_with("[REDACTED-JWT") && r.ends_with(']'), "{r}");
            assert!(
                !r.bytes().any(|b| b.is_ascii_whitespace()
                    || b"\"'\\&<>,;".contains(&b)
                    || !b.is_ascii_graphic()),
                "{r}"
            );
            leaks_nothing(r.as_bytes(), t);
            assert!(find_tokens(&r).next().is_none());
        }
    }
}

#[test]
fn output_stays_valid_json_and_csv() {
    let t = user_token();
    let line =
        json!({ "ts": 1, "user_token": t, "nested": format!("{{\"t\":\"{t}\"}}") }).to_string();
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        let out = Redactor::new().style(style).redact(&line);
        let value: Value = serde_json::from_str(&out).unwrap();
        assert!(value["user_token"]
            .as_str()
            .unwrap()
            .starts_with("[REDACTED-JWT"));
        let nested: Value = serde_json::from_str(value["nested"].as_str().unwrap()).unwrap();
        assert_eq!(nested["t"], value["user_token"]);
        let csv = format!("a,{t},b");
        let csv = Redactor::new().style(style).redact(&csv);
        assert_eq!(csv.split(',').count(), 3);
    }
}

#[test]
fn idempotent() {
    let t = user_token();
    let text = format!("a {t} b\n{t},{t}\n");
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        let r = Redactor::new().style(style);
        let once = r.redact(&text).into_owned();
        assert!(matches!(r.redact(&once), Cow::Borrowed(_)));
    }
}

#[test]
fn debug_shows_no_token() {
    let t = user_token();
    let mut w = mask().writer(Vec::new());
    w.write_all(format!("x {t}").as_bytes()).unwrap();
    let debug = format!("{w:?} {:?} {:?}", Redactor::new(), Style::Summary);
    leaks_nothing(debug.as_bytes(), &t);
    assert!(!debug.contains("x "));
    w.finish().unwrap();
}

#[test]
fn style_names() {
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        assert_eq!(style.as_str().parse::<Style>(), Ok(style));
        assert_eq!(style.to_string(), style.as_str());
    }
    assert_eq!("MASK".parse::<Style>(), Ok(Style::Mask));
    assert_eq!(
        "redact".parse::<Style>().unwrap_err().to_string(),
        "expected one of mask, fingerprint, summary"
    );
}
