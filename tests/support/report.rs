//! The report read at a glance: the whole report, its one-line verdict,
//! colour, and hostile claims escaped.

use super::*;

#[test]
fn human_report_of_the_sample_verbatim() {
    let text = inspect(SAMPLE.trim(), at(1_700_000_000))
        .human()
        .to_string();
    let expected = "\
production user token for user 017f8978-bbfd-ff64-18ce-d59f99bf51c2, expired 1 year ago, signature not checked
  fingerprint  702a866402c991f1
  as of        2023-11-14T22:13:20Z

header
  alg          HS256
  typ          JWT
  signature    32 bytes (not shown)

claims
  client_id    0d9b5bf3-97fa-4757-a136-b2a03d171414
  user_id      017f8978-bbfd-ff64-18ce-d59f99bf51c2
  sub          017f8978-bbfd-ff64-18ce-d59f99bf51c2
  iss          argyle-core-auth-prod  (production)
  iat          1649889485  (2022-04-13T22:38:05Z, 1 year ago)
  exp          1652481485  (2022-05-13T22:38:05Z, expired 1 year ago)
  jti          00097a26-2f2a-4aa0-8eca-95ebe56d57a8
  lifetime     30 days

notes
  expired                  expired 1 year ago (2022-05-13T22:38:05Z)
  lifetime                 lives 30 days, like the published example tokens (the documentation says 1 hour)
";
    assert_eq!(text, expected);
    assert_no_token_text(&text, SAMPLE);
}

#[test]
fn verdict_says_what_whose_when_and_what_is_wrong() {
    let verdict = |input: &str, inspector: Inspector| {
        inspector
            .inspect(input, at(1_649_889_485 + 600))
            .human()
            .headline()
            .to_string()
    };
    let fresh = signed(&user_token(
        "argyle-core-auth-sandbox",
        USER,
        CLIENT,
        1_649_889_485,
    ));
    assert_eq!(
        verdict(&fresh, Inspector::new()),
        format!("sandbox user token for user {USER}, expires in 50 minutes, signature not checked")
    );
    assert_eq!(
        verdict(&fresh, Inspector::new().expect_sandbox(false).expect_user_id(OTHER)),
        format!(
            "sandbox user token for user {USER}, expires in 50 minutes, 2 errors, signature not checked"
        )
    );
    let unknown = signed(&user_token("someone-else", USER, CLIENT, 1_649_889_485));
    assert_eq!(
        verdict(&unknown, Inspector::new()),
        format!(
            "user token of an unknown environment for user {USER}, expires in 50 minutes, 1 warning, signature not checked"
        )
    );
    let refresh = signed(&json!({"sub": USER, "iss": "argyle-core-auth-prod",
                                 "iat": 1_649_889_485, "exp": 1_649_889_485 + 60,
                                 "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8"}));
    assert_eq!(
        verdict(&refresh, Inspector::new()),
        format!(
            "production legacy refresh token (no client_id or user_id) for user {USER}, expired 9 minutes ago, 3 warnings, signature not checked"
        )
    );
    assert_eq!(
        verdict("a.b.c.d", Inspector::new()),
        "not a readable token: expected 3 segments separated by '.' (5 for an encrypted token), found 4"
    );
}

#[cfg(feature = "verify")]
#[test]
fn verdict_gives_the_signature_verdict_of_a_key() {
    let secret = include_str!("../../samples/user-token.secret").trim_end();
    let key = usertoken::Key::hmac(secret.as_bytes()).unwrap();
    let report = Inspector::new().key(key).inspect(SAMPLE, at(1_700_000_000));
    let verdict = report.human().headline().to_string();
    assert!(verdict.ends_with(", signature valid (HS256)"), "{verdict}");
    assert!(report.summary().to_string().contains(", signature valid, "));

    // A verdict made apart is shown in place of the report's own.
    let wrong = usertoken::verify(SAMPLE, &usertoken::Key::hmac(b"another").unwrap());
    assert_eq!(
        report.human().signature(&wrong).headline().to_string(),
        format!(
            "production user token for user {USER}, expired 1 year ago, signature invalid (HS256): the signature does not match the key"
        )
    );
    let valid = usertoken::verify(SAMPLE, &usertoken::Key::hmac(secret.as_bytes()).unwrap());
    assert_eq!(
        inspect(SAMPLE, at(0))
            .human()
            .signature(&valid)
            .headline()
            .to_string(),
        format!(
            "production user token for user {USER}, expires in 52 years, 1 warning, signature valid (HS256)"
        )
    );
}

#[test]
fn colour_only_when_asked_and_the_same_text_under_it() {
    let report = Inspector::new()
        .expect_sandbox(true)
        .inspect(SAMPLE, at(1_700_000_000));
    let plain = report.human().to_string();
    assert!(!plain.contains('\u{1b}'));
    let coloured = report.human().color(true).to_string();
    assert!(coloured.starts_with("\u{1b}[1m\u{1b}[1;31mproduction user token"));
    assert!(coloured.contains("\u{1b}[1merrors\u{1b}[0m"));
    let stripped = regex::Regex::new("\u{1b}\\[[0-9;]*m")
        .unwrap()
        .replace_all(&coloured, "");
    assert_eq!(stripped, plain);
    assert!(!report.summary().to_string().contains('\u{1b}'));
}

#[test]
fn hostile_claims_are_escaped_in_the_report_and_the_summary() {
    let evil = "evil\u{202e}txt\u{1b}[31m, signature valid";
    let claims = json!({"user_id": evil, "client_id": "\u{2066}x", "iss": "argyle-core-auth-prod"});
    let report = inspect(signed(&claims), at(0));
    for out in [
        report.human().to_string(),
        report.human().color(true).to_string(),
        report.summary().to_string(),
    ] {
        assert!(
            !out.contains('\u{202e}') && !out.contains('\u{2066}'),
            "{out}"
        );
        assert!(out.contains("evil\\u{202e}txt\\u{1b}[31m"), "{out}");
    }
    // A value that could pass for other fields is quoted in the summary.
    let summary = report.summary().to_string();
    assert!(
        summary.contains(
            ", user_id 'evil\\u{202e}txt\\u{1b}[31m, signature valid', client_id '\\u{2066}x',"
        ),
        "{summary}"
    );
}
