//! The support workflows of the library: the report read at a glance, the
//! one-line summary, Link-setup checks, comparing two tokens.

use helpers::report::{at, codes, only};
use helpers::tokens::signed;
use serde_json::{json, Value};

mod helpers;

use usertoken::{inspect, Code, Environment, Inspector, Severity};

const SAMPLE: &str = include_str!("../samples/user-token.jwt");
const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";
const CLIENT: &str = "0d9b5bf3-97fa-4757-a136-b2a03d171414";
const OTHER: &str = "11111111-2222-4333-8444-555555555555";

fn user_token(iss: &str, user: &str, client: &str, iat: i64) -> Value {
    json!({
        "client_id": client,
        "exp": iat + 3600, "iat": iat,
        "iss": iss,
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": user, "user_id": user,
    })
}

/// Every segment of a token: none may appear in what people are shown.
#[track_caller]
fn assert_no_token_text(out: &str, token: &str) {
    for segment in token.trim().split('.').filter(|s| s.len() >= 8) {
        assert!(!out.contains(segment), "token text in {out:?}");
    }
}

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
    let secret = include_str!("../samples/user-token.secret").trim_end();
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

#[test]
fn summary_of_the_sample_verbatim() {
    let report = inspect(SAMPLE, at(1_700_000_000));
    assert_eq!(
        report.summary().to_string(),
        "environment production, user_id 017f8978-bbfd-ff64-18ce-d59f99bf51c2, \
         client_id 0d9b5bf3-97fa-4757-a136-b2a03d171414, issued 2022-04-13T22:38:05Z, \
         expired 1 year ago as of 2023-11-14T22:13:20Z, signature not checked, \
         fingerprint 702a866402c991f1"
    );
    let fresh = inspect(SAMPLE, at(1_652_481_485 - 3 * 86_400));
    assert!(fresh
        .summary()
        .to_string()
        .contains(", expires in 3 days as of 2022-05-10T22:38:05Z, "));
}

#[test]
fn summary_of_odd_and_unreadable_tokens() {
    let refresh = signed(&json!({"sub": USER, "iss": "argyle-core-auth-prod"}));
    assert_eq!(
        inspect(&refresh, at(0)).summary().to_string(),
        format!(
            "environment production, no user_id, sub {USER}, no client_id, no readable iat, \
             no readable expiry as of 1970-01-01T00:00:00Z, signature not checked, \
             problems missing-claim refresh-token, fingerprint {}",
            usertoken::Fingerprint::of(refresh.as_bytes())
        )
    );
    assert_eq!(
        inspect("a.b.c.d", at(0)).summary().to_string(),
        "not a readable token (segment-count): expected 3 segments separated by '.' \
         (5 for an encrypted token), found 4, fingerprint 9f1d3cf2ad1a3ac5"
            .replace(
                "9f1d3cf2ad1a3ac5",
                &usertoken::Fingerprint::of(b"a.b.c.d").to_string()
            )
    );
    let oversized = Inspector::new().oversized(1 << 20, at(0));
    assert_eq!(
        oversized.summary().to_string(),
        "not a readable token (too-large): the input is 1048576 bytes, over the limit of 65536 bytes, no fingerprint"
    );
}

#[test]
fn summary_and_report_never_hold_token_text() {
    let inner = SAMPLE.trim();
    let tokens = [
        inner.to_owned(),
        format!("Bearer {inner}"),
        signed(&json!({"user_id": "short"})),
        // A claim may hold anything, even a token: it is shown as a marker.
        signed(&json!({"user_id": inner, "client_id": format!("x {inner} y"), inner: 1})),
        format!("{inner}."),
        format!("{inner}.x.y"),
        inner.replacen('.', ".!", 1),
    ];
    for token in &tokens {
        for now in [at(0), at(1_700_000_000)] {
            let report = inspect(token, now);
            let summary = report.summary().to_string();
            assert!(!summary.contains('\n'), "{summary}");
            let human = report.human().to_string();
            // Diagnostic messages quote claims (shortened) on their own.
            let shown = ["\nerrors\n", "\nwarnings\n", "\nnotes\n"]
                .iter()
                .filter_map(|h| human.find(h))
                .min()
                .map_or(&human[..], |end| &human[..end]);
            for out in [&summary, shown] {
                assert_no_token_text(out, token.trim_start_matches("Bearer "));
                assert_no_token_text(out, inner);
            }
            assert_no_token_text(&human, token.trim_start_matches("Bearer "));
        }
    }
}

#[test]
fn link_setup_environment() {
    let prod = signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 0));
    let sandbox = signed(&user_token("argyle-core-auth-sandbox", USER, CLIENT, 0));
    let staging = signed(&user_token("argyle-core-auth-staging", USER, CLIENT, 0));
    let unknown = signed(&user_token("elsewhere", USER, CLIENT, 0));
    let check = |token: &str, sandbox: bool| {
        Inspector::new()
            .expect_sandbox(sandbox)
            .inspect(token, at(0))
    };

    assert!(!codes(&check(&prod, false)).contains(&"environment-mismatch"));
    assert!(!codes(&check(&sandbox, true)).contains(&"environment-mismatch"));
    assert_eq!(
        only(&check(&prod, true), Code::EnvironmentMismatch),
        (
            Severity::Error,
            "Link is set up with sandbox: true, but the token is for production".to_owned()
        )
    );
    assert_eq!(
        only(&check(&sandbox, false), Code::EnvironmentMismatch),
        (
            Severity::Error,
            "Link is set up with sandbox: false (production), but the token is for sandbox"
                .to_owned()
        )
    );
    assert_eq!(
        only(&check(&staging, true), Code::EnvironmentMismatch).0,
        Severity::Warning
    );
    // Unknown issuers are told by unknown-issuer already.
    assert!(!codes(&check(&unknown, true)).contains(&"environment-mismatch"));
    // The caller's issuer table decides the environment.
    let mapped = Inspector::new()
        .issuer("elsewhere", Environment::Sandbox)
        .expect_sandbox(true)
        .inspect(&unknown, at(0));
    assert!(!codes(&mapped).contains(&"environment-mismatch"));
    // Nothing is checked unless asked.
    assert!(!codes(&inspect(&prod, at(0)))
        .iter()
        .any(|c| c.ends_with("-mismatch") && *c != "subject-mismatch"));
}

#[test]
fn link_setup_client_and_user() {
    let token = signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 0));
    let good = Inspector::new()
        .expect_client_id(CLIENT.to_uppercase())
        .expect_user_id(format!(" {USER} "))
        .inspect(&token, at(0));
    assert!(
        !codes(&good).contains(&"client-mismatch"),
        "case and spaces do not count"
    );
    assert!(!codes(&good).contains(&"user-mismatch"));

    let bad = Inspector::new()
        .expect_client_id(OTHER)
        .expect_user_id(OTHER)
        .inspect(&token, at(0));
    assert_eq!(
        only(&bad, Code::ClientMismatch),
        (
            Severity::Error,
            format!("client_id '{CLIENT}' is not the expected '{OTHER}': the token was made with another client's credentials")
        )
    );
    assert_eq!(
        only(&bad, Code::UserMismatch),
        (
            Severity::Error,
            format!("user_id '{USER}' is not the expected '{OTHER}': the token was issued for another user")
        )
    );

    // A legacy refresh token: no client_id, the user in sub.
    let refresh =
        signed(&json!({"sub": USER, "iss": "argyle-core-auth-prod", "iat": 0, "exp": 60}));
    let checked = Inspector::new()
        .expect_client_id(CLIENT)
        .expect_user_id(USER)
        .inspect(&refresh, at(0));
    assert!(codes(&checked).contains(&"refresh-token"));
    assert!(
        !codes(&checked).contains(&"user-mismatch"),
        "sub stands in for user_id"
    );
    assert_eq!(
        only(&checked, Code::ClientMismatch),
        (
            Severity::Warning,
            format!("the token has no client_id to set against the expected '{CLIENT}'")
        )
    );
    let other_user = Inspector::new()
        .expect_user_id(OTHER)
        .inspect(&refresh, at(0));
    assert_eq!(
        only(&other_user, Code::UserMismatch).1,
        format!("sub '{USER}' (there is no user_id) is not the expected '{OTHER}': the token was issued for another user")
    );
    let anonymous = Inspector::new()
        .expect_user_id("x\u{202e}y")
        .inspect(signed(&json!({"iss": "argyle-core-auth-prod"})), at(0));
    assert_eq!(
        only(&anonymous, Code::UserMismatch),
        (
            Severity::Warning,
            "the token has no user_id or sub to set against the expected 'x\\u{202e}y'".to_owned()
        )
    );
}

#[test]
fn link_setup_codes_are_stable_and_in_the_json() {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for name in [
        "environment-mismatch",
        "client-mismatch",
        "user-mismatch",
        "refresh-token",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let report = Inspector::new().expect_sandbox(true).inspect(SAMPLE, at(0));
    let json: Value = serde_json::to_value(&report).unwrap();
    assert!(json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "environment-mismatch" && d["severity"] == "error"));
    let mut fast = Vec::new();
    report.write_json(&mut fast).unwrap();
    assert_eq!(fast, serde_json::to_vec(&report).unwrap());
}

#[test]
fn compare_same_user_and_client() {
    let a = inspect(
        signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 1_000)),
        at(5_000),
    );
    let b = inspect(
        signed(&user_token(
            "argyle-core-auth-prod",
            USER,
            CLIENT,
            1_000 + 3 * 86_400,
        )),
        at(5_000),
    );
    let both = a.compare(&b);
    assert!(both.both_readable());
    assert_eq!(both.same_user(), Some(true));
    assert_eq!(both.same_client(), Some(true));
    assert_eq!(both.same_environment(), Some(true));
    assert_eq!(both.issued(), Some(std::cmp::Ordering::Less));
    assert!(both.same_user_and_client());
    assert!(!both.same_token());
    let text = both.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "same user and client; B was issued later");
    assert_eq!(lines[3], format!("  user         same: {USER}"));
    assert_eq!(lines[4], format!("  client       same: {CLIENT}"));
    assert_eq!(lines[5], "  environment  same: production");
    assert_eq!(
        lines[6],
        "  issued       B later by 3 days (A 1970-01-01T00:16:40Z, B 1970-01-04T00:16:40Z)"
    );
    assert!(lines[1].starts_with("  A            environment production, "));
    assert_eq!(b.compare(&a).issued(), Some(std::cmp::Ordering::Greater));
    assert!(a.compare(&a).same_token());
    assert!(a
        .compare(&a)
        .to_string()
        .starts_with("same user and client; the same token twice\n"));
}

#[test]
fn compare_different_users_clients_environments() {
    let a = inspect(
        signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 0)),
        at(0),
    );
    let b = inspect(
        signed(&user_token("argyle-core-auth-sandbox", OTHER, CLIENT, 0)),
        at(0),
    );
    let both = a.compare(&b);
    assert_eq!(both.same_user(), Some(false));
    assert_eq!(both.same_environment(), Some(false));
    assert!(!both.same_user_and_client());
    let text = both.to_string();
    assert!(text.starts_with(
        "not the same user and client: different users; different environments; issued at the same second\n"
    ), "{text}");
    assert!(text.contains(&format!("  user         different: A {USER}, B {OTHER}\n")));
    assert!(text.contains("  environment  different: A production, B sandbox\n"));

    let c = inspect(
        signed(&user_token("argyle-core-auth-prod", USER, OTHER, 0)),
        at(0),
    );
    assert_eq!(a.compare(&c).same_client(), Some(false));
    assert!(a
        .compare(&c)
        .to_string()
        .starts_with("not the same user and client: different clients"));

    let refresh = inspect(
        signed(&json!({"sub": USER, "iss": "argyle-core-auth-prod"})),
        at(0),
    );
    let with_refresh = a.compare(&refresh);
    assert_eq!(
        with_refresh.same_user(),
        Some(true),
        "sub stands in for user_id"
    );
    assert_eq!(with_refresh.same_client(), None);
    assert_eq!(with_refresh.issued(), None);
    assert!(with_refresh
        .to_string()
        .starts_with("not the same user and client: no client_id to compare\n"));
}

#[test]
fn compare_unreadable() {
    let a = inspect(SAMPLE, at(0));
    let bad = inspect("not a token", at(0));
    let both = a.compare(&bad);
    assert!(!both.both_readable());
    assert!(!both.same_user_and_client());
    let text = both.to_string();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.starts_with("cannot compare: B is not a readable token\n"));
    assert!(bad
        .compare(&a)
        .to_string()
        .starts_with("cannot compare: A is not a readable token\n"));
    assert!(bad
        .compare(&bad)
        .to_string()
        .starts_with("cannot compare: A and B are not readable tokens\n"));
    assert_no_token_text(&text, SAMPLE);
}

#[test]
fn now_from_a_log_line() {
    let exp = at(1_652_481_485);
    for text in [
        "2022-05-13 22:38:05",
        "2022-05-13 22:38:05,000",
        "2022-05-13T22:38:05.000+0000",
        "2022-05-13 22:38:05 +0000",
        "2022-05-14 00:38:05 +02:00",
        "2022-05-13 22:38:05 UTC",
        "2022-05-13T22:38:05.000Z",
        "  1652481485000 ",
    ] {
        assert_eq!(usertoken::parse_instant(text), Some(exp), "{text:?}");
    }
    assert_eq!(
        usertoken::parse_instant("2022-05-13 22:38:04,750"),
        Some(exp - chrono::TimeDelta::milliseconds(250))
    );
    // One second before exp it was live; at exp it was expired.
    let before = inspect(
        SAMPLE,
        usertoken::parse_instant("2022-05-13 22:38:04").unwrap(),
    );
    assert_eq!(before.is_expired(), Some(false));
    let then = inspect(
        SAMPLE,
        usertoken::parse_instant("2022-05-13 22:38:05,000").unwrap(),
    );
    assert_eq!(then.is_expired(), Some(true));
    for junk in [
        "2022-05-13 22:38:05 ,",
        "UTC",
        "2022-13-13 22:38:05",
        "22:38:05",
    ] {
        assert_eq!(usertoken::parse_instant(junk), None, "{junk:?}");
    }
}
