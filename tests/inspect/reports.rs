//! The reports: the JSON schema, no secret in any output, the human report,
//! hostile and non-ASCII text, one line of JSON.

use super::*;

#[test]
fn json_report_schema() {
    let token = signed(&user_token(1649889485, 1652481485));
    let json: Value = serde_json::to_value(inspect(&token, at(1_700_000_000))).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "header",
        "claims",
        "issuer",
        "environment",
        "issued_at",
        "expires_at",
        "expired",
        "diagnostics",
        "error",
        "fingerprint",
        "lifetime_seconds",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    assert_eq!(json["header"], json!({"typ": "JWT", "alg": "HS256"}));
    assert_eq!(json["claims"], user_token(1649889485, 1652481485));
    assert_eq!(json["issuer"], "argyle-core-auth-prod");
    assert_eq!(json["environment"], "production");
    assert_eq!(json["issued_at"], "2022-04-13T22:38:05Z");
    assert_eq!(json["expires_at"], "2022-05-13T22:38:05Z");
    assert_eq!(json["expired"], true);
    assert_eq!(json["lifetime_seconds"], 2592000);
    assert_eq!(json["error"], Value::Null);
    assert_eq!(
        json["diagnostics"][0],
        json!({"severity": "info", "code": "expired", "message": "expired 1 year ago (2022-05-13T22:38:05Z)"})
    );

    let bad: Value = serde_json::to_value(inspect("a", at(0))).unwrap();
    assert_eq!(
        bad["error"],
        json!({"kind": "segment-count", "part": "token", "offset": null,
               "message": "expected 3 segments separated by '.' (5 for an encrypted token), found 1"})
    );
    for key in [
        "header",
        "claims",
        "issuer",
        "environment",
        "issued_at",
        "expires_at",
        "expired",
    ] {
        assert_eq!(bad[key], Value::Null, "{key}");
    }
}

#[test]
fn nothing_secret_in_debug_display_or_json() {
    let token = signed(&user_token(1, 2));
    let signature = token.rsplit('.').next().unwrap();
    let report = inspect(format!("Bearer {token}"), at(0));
    let outputs = [
        format!("{report:?}"),
        report.human().to_string(),
        serde_json::to_string(&report).unwrap(),
        format!("{:?}", report.token().unwrap()),
    ];
    for out in outputs {
        assert!(!out.contains(signature), "signature leaked");
        assert!(!out.contains(&token[..40]), "token text leaked");
    }
}

#[test]
fn human_report_shows_claims_times_and_diagnostics() {
    let report = inspect(SAMPLE, at(1_700_000_000));
    let text = report.human().to_string();
    let expected_lines = [
        format!("production user token for user {USER}, expired 1 year ago, signature not checked"),
        "  alg          HS256".to_owned(),
        "  signature    32 bytes (not shown)".to_owned(),
        "  iss          argyle-core-auth-prod  (production)".to_owned(),
        "  iat          1649889485  (2022-04-13T22:38:05Z, 1 year ago)".to_owned(),
        "  exp          1652481485  (2022-05-13T22:38:05Z, expired 1 year ago)".to_owned(),
        "  lifetime     30 days".to_owned(),
        "  expired                  expired 1 year ago (2022-05-13T22:38:05Z)".to_owned(),
    ];
    for line in expected_lines {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
}

#[test]
fn hostile_text_in_claims_is_escaped_for_people() {
    let claims = json!({"user_id": "evil\u{202e}txt.exe\u{1b}[31m", "kid": "x"});
    let text = inspect(signed(&claims), at(0)).human().to_string();
    assert!(!text.contains('\u{202e}') && !text.contains('\u{1b}'));
    assert!(text.contains("evil\\u{202e}txt.exe\\u{1b}[31m"), "{text}");
}

#[test]
fn a_pretty_printed_payload_is_one_line_of_json() {
    let payload = "{\n  \"user_id\": \"u\",\r\n  \"extra\": {\n    \"a\": [1,\r\n 2]\n  }\n}";
    let report = inspect(raw(r#"{"alg":"HS256"}"#, payload, "c2ln"), at(0));
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(['\n', '\r']), "{json}");
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["claims"],
        json!({"user_id": "u", "extra": {"a": [1, 2]}})
    );
    let mut written = Vec::new();
    report.write_json(&mut written).unwrap();
    let written = String::from_utf8(written).unwrap();
    assert!(
        !written.trim_end_matches('\n').contains(['\n', '\r']),
        "{written}"
    );
}

/// Emoji, right-to-left text and a combining mark in `user_id`, NUL in
/// `client_id`, a lone surrogate in `sub`, an emoji and a combining mark in
/// claim names, a bidi override in a value.
const NON_ASCII: &str = r#"{"user_id":"\ud83d\ude00\u05e9\u05dc\u05d5\u05dd e\u0301","client_id":"a\u0000b","sub":"\ud800x","iss":"argyle-core-auth-prod","iat":1699999400,"exp":1700003000,"n\u00e4me\ud83d\ude00":"v","e\u0301x":"\u202eevil"}"#;

#[test]
fn non_ascii_claims_in_the_human_report() {
    let report = inspect(
        raw(r#"{"alg":"HS256"}"#, NON_ASCII, "c2ln"),
        at(1_700_000_000),
    );
    let text = report.human().to_string();
    assert_eq!(
        text.lines().next().unwrap(),
        "production user token for user 😀שלום e\u{301}, expires in 50 minutes, 2 warnings, signature not checked"
    );
    for line in [
        "  client_id    a\\u{0}b",
        "  user_id      😀שלום e\u{301}",
        // A lone surrogate is no text: the raw JSON is shown.
        r#"  sub          "\ud800x""#,
        // Names padded by display width: 😀 takes two columns, the
        // combining mark none.
        "  näme😀       v",
        "  e\u{301}x           \\u{202e}evil",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(!text.contains(['\0', '\u{202e}']));
    assert_eq!(
        message(&report, Code::UnexpectedClaimType),
        "claim sub is a string with a lone surrogate escape, expected text"
    );
}

#[test]
fn non_ascii_claims_in_json_and_the_summary() {
    let report = inspect(
        raw(r#"{"alg":"HS256"}"#, NON_ASCII, "c2ln"),
        at(1_700_000_000),
    );
    let json = serde_json::to_string(&report).unwrap();
    // The claims as they were written, escapes and all.
    assert!(json.contains(&format!(r#""claims":{NON_ASCII}"#)), "{json}");
    let mut direct = Vec::new();
    report.write_json(&mut direct).unwrap();
    assert_eq!(String::from_utf8(direct).unwrap(), json);
    assert_eq!(
        report.summary().to_string(),
        "environment production, user_id '😀שלום e\u{301}', client_id 'a\\u{0}b', issued 2023-11-14T22:03:20Z, expires in 50 minutes as of 2023-11-14T22:13:20Z, signature not checked, problems unexpected-claim-type missing-claim, fingerprint 0f80ab324e975f45"
    );
    let claims = report.claims().unwrap();
    assert_eq!(claims.user_id(), Some("😀שלום e\u{301}"));
    assert_eq!(claims.client_id(), Some("a\0b"));
    assert_eq!(claims.sub(), None);
}
