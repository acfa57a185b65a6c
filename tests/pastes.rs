//! Pastes as support engineers make them: tokens cut off after their
//! payload or with a damaged signature, tokens inside pasted text (log
//! lines, curl commands, API responses), Link snippets.

mod common;
mod helpers;

use std::process::Output;

use jsonwebtoken::{EncodingKey, Header};
use serde_json::{json, Value};
use usertoken::{inspect, verify, Code, Environment, Inspector, Key, ReasonKind, Severity, Status};

const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";
const SANDBOX_USER: &str = "11111111-2222-4333-8444-555555555555";
const SECRET: &[u8] = b"pastes-test-secret";
const CUT: &str = "the token ends after its payload: the signature was cut off";

/// A production user token made by jsonwebtoken, the oracle.
fn token_for(iss: &str, user: &str) -> String {
    let claims = json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": 1_652_481_485, "iat": 1_649_889_485,
        "iss": iss,
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": user, "user_id": user,
    });
    jsonwebtoken::encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(SECRET),
    )
    .unwrap()
}

fn production() -> String {
    token_for("argyle-core-auth-prod", USER)
}

fn sandbox() -> String {
    token_for("argyle-core-auth-sandbox", SANDBOX_USER)
}

/// `header.payload` of a token.
fn cut(token: &str) -> &str {
    &token[..token.rfind('.').unwrap()]
}

// Truncated pastes.

#[test]
fn a_token_cut_off_after_its_payload_reads_with_signature_missing() {
    let token = production();
    for input in [cut(&token).to_owned(), format!("{}.", cut(&token))] {
        let report = inspect(&input, at(1_700_000_000));
        let claims = report.claims().expect("header and claims read");
        assert_eq!(claims.user_id(), Some(USER));
        assert_eq!(report.header().unwrap().alg(), Some("HS256"));
        assert_eq!(report.environment(), Some(Environment::Production));
        assert_eq!(report.is_expired(), Some(true));
        assert_eq!(
            only(&report, Code::SignatureMissing),
            (Severity::Error, CUT.to_owned())
        );
        assert!(
            !codes(&report).contains(&"unsigned"),
            "{:?}",
            codes(&report)
        );
        let token = report.token().unwrap();
        assert!(!token.is_signed());
        assert_eq!(token.is_truncated(), !input.ends_with('.'));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["signature"], "missing");
        assert_eq!(json["signature_reason"], Value::Null);
        assert_eq!(json["error"], Value::Null);
        let human = report.human().to_string();
        assert!(
            human.starts_with(&format!(
                "production user token for user {USER}, expired 1 year ago, 1 error, signature missing (cut off)\n"
            )),
            "{human}"
        );
        assert!(human.contains("\n  signature    missing\n"), "{human}");
        assert!(
            report
                .summary()
                .to_string()
                .contains(", signature missing, problems signature-missing"),
            "{}",
            report.summary()
        );
    }
    assert!(usertoken::Token::parse(cut(&token)).is_ok());
}

#[test]
fn an_unsecured_token_keeps_its_empty_signature() {
    let none = format!(
        "{}.{}.",
        "eyJhbGciOiJub25lIn0",
        cut(&production()).split('.').nth(1).unwrap()
    );
    let report = inspect(&none, at(0));
    assert!(codes(&report).contains(&"unsigned"));
    assert!(!codes(&report).contains(&"signature-missing"));
    assert_eq!(
        serde_json::to_value(&report).unwrap()["signature"],
        "not-checked"
    );
}

#[test]
fn a_single_segment_stays_unreadable() {
    let token = production();
    let header = token.split('.').next().unwrap();
    let report = inspect(header, at(0));
    assert_eq!(
        report.error().unwrap().to_string(),
        "expected 3 segments separated by '.' (5 for an encrypted token), found 1"
    );
}

#[test]
fn a_signature_of_an_impossible_length_is_damaged_not_unreadable() {
    let token = production();
    // `.S`, and a signature cut two characters short of 43 (41 = 4·10+1).
    for input in [
        format!("{}.S", cut(&token)),
        token[..token.len() - 2].to_owned(),
    ] {
        let report = inspect(&input, at(0));
        assert_eq!(report.claims().unwrap().user_id(), Some(USER));
        let (severity, message) = only(&report, Code::SignatureDamaged);
        assert_eq!(severity, Severity::Error);
        assert_eq!(
            message,
            "the signature has a length no base64 encoding produces: it was cut short or altered, and can never verify"
        );
        assert!(report.token().unwrap().signature_damaged());
        assert!(!report.token().unwrap().is_signed());
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["signature"], "damaged");
        let human = report.human().to_string();
        assert!(human.contains("signature damaged"), "{human}");
        assert!(
            human.contains("\n  signature    damaged (not shown)\n"),
            "{human}"
        );
    }
    // A character outside the alphabet still makes the token unreadable.
    let bad = format!("{}.c2l$", cut(&token));
    assert!(inspect(bad, at(0)).error().is_some());
}

#[test]
fn verify_never_calls_a_cut_or_damaged_token_valid() {
    let key = Key::hmac(SECRET).unwrap();
    let token = production();
    assert!(verify(&token, &key).is_valid());

    let v = verify(cut(&token), &key);
    assert_eq!(v.status(), Status::Malformed);
    assert_eq!(v.reason().unwrap().kind(), ReasonKind::SignatureMissing);
    assert_eq!(v.to_string(), format!("signature malformed (HS256): {CUT}"));

    let v = verify(format!("{}.", cut(&token)), &key);
    assert_eq!(v.status(), Status::Invalid);
    assert_eq!(v.reason().unwrap().kind(), ReasonKind::EmptySignature);

    for damaged in [
        format!("{}.S", cut(&token)),
        token[..token.len() - 2].to_owned(),
    ] {
        let v = verify(&damaged, &key);
        assert_eq!(v.status(), Status::Malformed, "{v}");
        assert!(v
            .reason()
            .unwrap()
            .to_string()
            .contains("a length no encoding produces"));
    }

    // The verdict inside inspect takes the key's word over `missing`.
    let report = Inspector::new().key(key).inspect(cut(&token), at(0));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["signature"], "malformed");
    assert_eq!(json["signature_reason"], CUT);
    assert_eq!(only(&report, Code::SignatureMissing).0, Severity::Error);
}

/// Runs the binary; no segment of a token in `secret` may show in what it
/// prints, on either stream.
#[track_caller]
fn run(args: &[&str], stdin: &str, secret: &[&str]) -> Output {
    common::cli(args)
        .env_remove("NO_COLOR")
        .stdin(stdin)
        .secret(secret)
        .may_close_stdin()
        .run()
}

use common::{json_lines, stdout};
use helpers::report::{at, codes, only};

const NOW: &str = "1700000000";

#[test]
fn cli_inspects_a_cut_token_and_exits_as_for_a_readable_one() {
    let token = production();
    let truncated = cut(&token);
    let out = run(
        &["inspect", "--now", NOW, "--json", "--", truncated],
        "",
        &[&token],
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["signature"], "missing");
    assert_eq!(lines[0]["claims"]["user_id"], USER);

    let out = run(&["summary", "--now", NOW, "--", truncated], "", &[&token]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("signature missing"),
        "{}",
        stdout(&out)
    );

    let secret_env = [("UT_SECRET", "pastes-test-secret")];
    let out = secret_env
        .iter()
        .fold(
            common::cli(&["verify", "--secret-env", "UT_SECRET", "--", truncated]),
            |cli, (k, v)| cli.env(k, v),
        )
        .may_close_stdin()
        .run();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).ends_with(&format!("signature malformed (HS256): {CUT}\n")),
        "{}",
        stdout(&out)
    );
}

// Pasted text that holds a token.

#[test]
fn a_token_inside_pasted_text_is_found_and_said_where() {
    let token = production();
    let now = at(1_700_000_000);
    let inspector = Inspector::new();
    for (pasted, offset) in [
        (
            format!("curl -H 'Authorization: Bearer {token}' https://api.example.com/v2/accounts"),
            31,
        ),
        (
            format!("2024-05-01T10:00:00Z INFO link init userToken={token} sandbox=true"),
            46,
        ),
        (
            format!(r#"{{"id": "018051aa-0e2b-4e2b-8a42-0a3b5b5e1f00", "user_token": "{token}"}}"#),
            62,
        ),
    ] {
        assert_eq!(&pasted[offset..offset + token.len()], token, "{pasted}");
        let reports = inspector.inspect_pasted(&pasted, now);
        assert_eq!(reports.len(), 1, "{pasted}");
        let report = &reports[0];
        assert_eq!(report.claims().unwrap().user_id(), Some(USER));
        assert_eq!(
            report.source().map(|s| (s.offset(), s.index(), s.of())),
            Some((offset, 1, 1))
        );
        assert_eq!(
            report.diagnostics()[0].to_string(),
            format!("info [input-cleaned] found at byte {offset} of the pasted text")
        );
        let json = serde_json::to_value(report).unwrap();
        assert_eq!(
            json["source"],
            json!({"offset": offset, "index": 1, "of": 1})
        );
        let mut direct = Vec::new();
        report.write_json(&mut direct).unwrap();
        assert_eq!(direct, serde_json::to_vec(report).unwrap());
        // Nothing of the text around the token is shown.
        for shown in [
            report.human().to_string(),
            report.summary().to_string(),
            json.to_string(),
        ] {
            for word in ["curl", "api.example.com", "INFO", "018051aa"] {
                assert!(!shown.contains(word), "{word} in {shown}");
            }
        }
    }
}

#[test]
fn a_bare_token_has_no_source() {
    let token = production();
    let reports = Inspector::new().inspect_pasted(&token, at(0));
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].source(), None);
    assert_eq!(
        serde_json::to_value(&reports[0]).unwrap()["source"],
        Value::Null
    );
    // Wrappers the reader removes are not a search either.
    let reports = Inspector::new().inspect_pasted(format!("Bearer {token}"), at(0));
    assert_eq!(reports[0].source(), None);
}

#[test]
fn several_tokens_in_pasted_text_are_numbered() {
    let (a, b) = (production(), sandbox());
    let pasted = format!("old {a} new {b} and again {a}");
    let reports = Inspector::new().inspect_pasted(&pasted, at(0));
    assert_eq!(reports.len(), 3);
    let users: Vec<_> = reports
        .iter()
        .map(|r| r.claims().unwrap().user_id().unwrap())
        .collect();
    assert_eq!(users, [USER, SANDBOX_USER, USER]);
    let second = &reports[1];
    let offset = 4 + a.len() + 5;
    assert_eq!(
        second.source().map(|s| (s.offset(), s.index(), s.of())),
        Some((offset, 2, 3))
    );
    assert_eq!(
        second.diagnostics()[0].message(),
        format!("token 2 of 3 in the pasted text, found at byte {offset}")
    );
    assert!(second.summary().to_string().contains(&format!(
        ", token 2 of 3 in the pasted text, found at byte {offset}, fingerprint "
    )));
}

#[test]
fn two_tokens_that_read_as_five_segments_are_two_reports() {
    // `a=h.p.s b=h.p.s` has the five segments of a JWE to the reader: only
    // the search tells it from two tokens.
    let (a, b) = (production(), sandbox());
    let pasted = format!("a={a} b={b}");
    let reports = Inspector::new().inspect_pasted(&pasted, at(0));
    let users: Vec<_> = reports
        .iter()
        .map(|r| r.claims().unwrap().user_id().unwrap())
        .collect();
    assert_eq!(users, [USER, SANDBOX_USER]);
    let verdicts = usertoken::Verifier::new(Key::hmac(SECRET).unwrap()).verify_pasted(&pasted);
    assert_eq!(verdicts.len(), 2);
    assert!(verdicts.iter().all(|v| v.status() == Status::Valid));
    // A JWE alone stays one report, with no note of a search.
    let jwe =
        "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXZpdml2aXZpdg.Y2lwaGVydGV4dA.dGFndGFndGFndGFn";
    let reports = Inspector::new().inspect_pasted(jwe, at(0));
    assert_eq!(reports.len(), 1);
    assert_eq!(
        reports[0].error().map(|e| e.kind()),
        Some(usertoken::ErrorKind::Encrypted)
    );
    assert_eq!(reports[0].source(), None);
    assert!(!codes(&reports[0]).contains(&"no-token-found"));
}

#[test]
fn only_a_search_in_vain_says_no_token_was_found() {
    // An unreadable input inspected as a token, with a note of its own
    // (the wrapper removed): its verdict is the error alone.
    let report = inspect("Bearer eyJhbGciOiJIUzI1NiJ9.!!!.c2ln", at(0));
    let error = report.error().unwrap();
    assert!(!report.diagnostics().is_empty(), "{:?}", codes(&report));
    assert_eq!(
        report.human().headline().to_string(),
        format!("not a readable token: {error}")
    );
    assert!(!report.summary().to_string().contains("no token found"));
    // And a token whole, signed, says it is.
    let whole = usertoken::Token::parse(&production()).unwrap();
    assert!(whole.is_signed() && !whole.is_truncated() && !whole.signature_damaged());
}

#[test]
fn no_token_in_pasted_text_is_the_error_plus_a_note() {
    let report = &Inspector::new().inspect_pasted("please help, Link says invalid token", at(0))[0];
    let error = report.error().unwrap();
    assert_eq!(report.source(), None);
    assert_eq!(
        only(report, Code::NoTokenFound),
        (
            Severity::Info,
            "no token found in the pasted text".to_owned()
        )
    );
    assert_eq!(
        report.human().headline().to_string(),
        format!("not a readable token: {error}; no token found in the pasted text")
    );
    assert!(report
        .summary()
        .to_string()
        .contains("; no token found in the pasted text"));
    // Empty input is not searched.
    let empty = &Inspector::new().inspect_pasted("  ", at(0))[0];
    assert!(!codes(empty).contains(&"no-token-found"));
}

#[test]
fn verify_finds_tokens_in_pasted_text_and_judges_each_strictly() {
    let key = Key::hmac(SECRET).unwrap();
    let verifier = usertoken::Verifier::new(key);
    let token = production();
    let pasted = format!("curl -H 'Authorization: Bearer {token}' https://x.example");
    let verdicts = verifier.verify_pasted(&pasted);
    assert_eq!(verdicts.len(), 1);
    assert!(verdicts[0].is_valid(), "{}", verdicts[0]);
    assert_eq!(verdicts[0].source().map(|s| s.offset()), Some(31));
    let json = serde_json::to_value(&verdicts[0]).unwrap();
    assert_eq!(json["source"], json!({"offset": 31, "index": 1, "of": 1}));
    assert_eq!(
        serde_json::to_value(verifier.verify(&token)).unwrap()["source"],
        Value::Null
    );

    let none = verifier.verify_pasted("no token here");
    assert_eq!(none[0].status(), Status::Malformed);
    assert!(none[0]
        .reason()
        .unwrap()
        .to_string()
        .ends_with("; no token found in the pasted text"));
    assert!(none[0].reason().unwrap().error().is_some());
}

#[test]
fn cli_inspect_summary_and_verify_search_pasted_lines() {
    let (a, b) = (production(), sandbox());
    let curl = format!("curl -H 'Authorization: Bearer {a}' https://api.example.com");
    let out = run(&["inspect", "--json", "--now", NOW, "--", &curl], "", &[&a]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0]["source"],
        json!({"offset": 31, "index": 1, "of": 1})
    );
    assert!(!stdout(&out).contains("api.example.com"));

    // Standard input: each line is one pasted text.
    let stdin = format!("{a}\nlog line userToken={a} sandbox=true\nboth {a} {b}\nnothing here\n");
    let out = run(&["inspect", "--json", "--now", NOW], &stdin, &[&a, &b]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the line without a token is unreadable"
    );
    let lines = json_lines(&out);
    let sources: Vec<&Value> = lines.iter().map(|l| &l["source"]).collect();
    assert_eq!(
        sources,
        [
            &Value::Null,
            &json!({"offset": 19, "index": 1, "of": 1}),
            &json!({"offset": 5, "index": 1, "of": 2}),
            &json!({"offset": 6 + a.len(), "index": 2, "of": 2}),
            &Value::Null,
        ]
    );
    assert_eq!(
        lines[4]["diagnostics"].as_array().unwrap().last().unwrap()["code"],
        "no-token-found"
    );

    let out = run(&["summary", "--now", NOW], &stdin, &[&a, &b]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.contains("token 2 of 2 in the pasted text"), "{text}");

    let out = common::cli(&["verify", "--secret-env", "UT_SECRET"])
        .env("UT_SECRET", "pastes-test-secret")
        .stdin(&stdin)
        .secret(&[&a, &b])
        .may_close_stdin()
        .run();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text.contains(&a[..20]), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines[1].ends_with("  found at byte 19 of the pasted text: signature valid (HS256)"),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].contains("token 2 of 2 in the pasted text, at byte"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].ends_with("; no token found in the pasted text"),
        "{}",
        lines[4]
    );
}

// Link snippets.

/// The five styles of Link initialisation the issuer documents, written
/// here with `TOKEN` for the token and `SANDBOX` for the setting.
fn snippets() -> [(&'static str, &'static str); 5] {
    [
        (
            "javascript",
            r#"<script src="https://plugin.argyle.com/argyle.web.v5.js"></script>
<script type="text/javascript">
    const linkInstance = Argyle.create({
        linkKey: 'my-link-key-0123456789',
        userToken: 'TOKEN',
        // sandbox: false,
        sandbox: SANDBOX // Set to false for production environment.
    })
    linkInstance.open()
</script>"#,
        ),
        (
            "swift",
            r#"var config = LinkConfig(
    userToken: "TOKEN",
    /* sandbox: false while testing */
    sandbox: SANDBOX // Set to false for production environment.
)

ArgyleLink.start(from: viewController, config: config)"#,
        ),
        (
            "kotlin",
            r#"val config = LinkConfig(
    userToken = "TOKEN",
    sandbox = SANDBOX // Set to false for production environment.
)
ArgyleLink.start(context, config)"#,
        ),
        (
            "react-native",
            r#"import { ArgyleLink } from '@argyleio/argyle-plugin-react-native';

// ...

const config = {
    userToken: 'TOKEN',
    accountId: '018051aa-0e2b-4e2b-8a42-0a3b5b5e1f00',
    sandbox: SANDBOX // Set to false for production environment.
};

ArgyleLink.start(config);"#,
        ),
        (
            "flutter",
            r#"import 'package:argyle_link_flutter/link_config.dart';

final config = LinkConfig (
    userToken: 'TOKEN',
    sandbox: SANDBOX // Set to false for production environment.
);

ArgyleLink.start(config);"#,
        ),
    ]
}

fn snippet(style: &str, token: &str, sandbox: bool) -> String {
    style
        .replace("TOKEN", token)
        .replace("SANDBOX", if sandbox { "true" } else { "false" })
}

#[test]
fn every_link_snippet_style_gives_its_token_and_sandbox() {
    let now = at(1_700_000_000);
    for (name, style) in snippets() {
        for (token, sandbox_token) in [(production(), false), (sandbox(), true)] {
            for sandbox in [false, true] {
                let text = snippet(style, &token, sandbox);
                let reports = Inspector::new().inspect_snippet(&text, now);
                assert_eq!(reports.len(), 1, "{name}");
                let report = &reports[0];
                let user = if sandbox_token { SANDBOX_USER } else { USER };
                assert_eq!(report.claims().unwrap().user_id(), Some(user), "{name}");
                let offset = text.find(&token).unwrap();
                assert_eq!(report.source().map(|s| s.offset()), Some(offset), "{name}");
                let (severity, message) = only(report, Code::LinkSnippet);
                assert_eq!(severity, Severity::Info);
                let mut expected = format!(
                    "a Link configuration: the token from its userToken, sandbox: {sandbox} from the snippet for the environment check"
                );
                if name == "javascript" {
                    expected.push_str(", a linkKey (not shown)");
                }
                if name == "react-native" {
                    expected.push_str(", an accountId (not shown)");
                }
                assert_eq!(message, expected, "{name}");
                let mismatch = codes(report).contains(&"environment-mismatch");
                assert_eq!(
                    mismatch,
                    sandbox != sandbox_token,
                    "{name} sandbox {sandbox}"
                );
                if mismatch {
                    assert_eq!(only(report, Code::EnvironmentMismatch).0, Severity::Error);
                }
                let shown = [
                    report.human().to_string(),
                    report.summary().to_string(),
                    serde_json::to_string(report).unwrap(),
                ]
                .concat();
                for secret in ["my-link-key-0123456789", "018051aa-0e2b", "viewController"] {
                    assert!(!shown.contains(secret), "{secret} shown for {name}");
                }
            }
        }
    }
}

#[test]
fn a_sandbox_given_outright_counts_over_the_snippet() {
    let text = snippet(snippets()[0].1, &production(), true);
    let report = &Inspector::new()
        .expect_sandbox(false)
        .inspect_snippet(&text, at(0))[0];
    assert!(!codes(report).contains(&"environment-mismatch"));
    assert!(only(report, Code::LinkSnippet)
        .1
        .contains("sandbox: true in the snippet, but sandbox: false as given is checked"));
}

#[test]
fn a_snippet_with_a_placeholder_says_so() {
    let text = snippet(snippets()[4].1, "USER_TOKEN", true);
    let reports = Inspector::new().inspect_snippet(&text, at(0));
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert!(report.error().is_some());
    assert_eq!(report.source(), None);
    assert!(codes(report).contains(&"no-token-found"));
    assert!(only(report, Code::LinkSnippet)
        .1
        .starts_with("a Link configuration: its userToken is not a readable token, sandbox: true"));
}

/// The one report of `text` read as a snippet: the production token
/// taken, with the `link-snippet` note `note`.
#[track_caller]
fn takes_production(text: &str, note: &str) -> usertoken::Report {
    let mut reports = Inspector::new().inspect_snippet(text, at(0));
    assert_eq!(reports.len(), 1, "{text:?}");
    let report = reports.remove(0);
    assert_eq!(report.claims().unwrap().user_id(), Some(USER), "{text:?}");
    assert_eq!(only(&report, Code::LinkSnippet).1, note, "{text:?}");
    report
}

/// The note when the token and `sandbox: false` are taken from a snippet.
const TAKEN_SANDBOX_FALSE: &str = "a Link configuration: the token from its userToken, sandbox: false from the snippet for the environment check";

/// Comments, a commented-out setting and a division around the settings,
/// with a comment first in the text.
#[test]
fn a_snippet_is_read_through_its_comments() {
    let (token, old) = (production(), sandbox());
    let texts = [
        format!(
            "// userToken: '{old}', sandbox: true\nconst half = 60 / 2; Argyle.create({{ userToken: // from POST /user-tokens\n  '{token}', sandbox: false }})"
        ),
        format!(
            "/* userToken: '{old}' */userToken: /* from POST /user-tokens */ '{token}',\n/* sandbox: true */sandbox: false"
        ),
    ];
    for text in texts {
        let report = takes_production(&text, TAKEN_SANDBOX_FALSE);
        assert_eq!(
            report.source().map(|s| s.offset()),
            text.rfind(&token),
            "{text:?}"
        );
        assert!(!codes(&report).contains(&"environment-mismatch"));
    }
}

/// A name runs from a letter, `_` or `$`: `_userToken` and `$sandbox` are
/// other names, not the settings.
#[test]
fn names_that_only_end_in_a_setting_are_not_the_setting() {
    let (token, old) = (production(), sandbox());
    let text = format!(
        "const _userToken = '{old}', $sandbox = true;\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
    );
    takes_production(&text, TAKEN_SANDBOX_FALSE);
}

/// Strings as the snippets' languages write them: a backslash escapes the
/// next character, a quote string ends at the end of its line, a template
/// string runs over lines. Settings inside a string are not settings.
#[test]
fn settings_inside_strings_are_not_settings() {
    let (token, old) = (production(), sandbox());
    let texts = [
        format!(
            "const note = 'it\\'s not userToken: \\'{old}\\' nor sandbox: true, see the docs at https://docs.argyle.com/link/user-tokens';\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
        ),
        format!(
            "const unterminated = \"a quote left open\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
        ),
        format!(
            "const help = `set\nuserToken: '{old}'\nsandbox: true`;\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
        ),
    ];
    for text in texts {
        takes_production(&text, TAKEN_SANDBOX_FALSE);
    }
}

/// The first value of each setting counts; a snippet setting only one of
/// them is still a Link configuration.
#[test]
fn the_first_of_each_setting_counts_and_either_alone_is_a_configuration() {
    let (token, old) = (production(), sandbox());
    let twice = format!(
        "Argyle.create({{ userToken: '{token}', sandbox: false }});\nArgyle.create({{ userToken: '{old}', sandbox: true }})"
    );
    let only_token = format!("Argyle.create({{ userToken: '{token}' }})");
    let only_sandbox = format!("link init sandbox=true token {token}");
    let expected = [
        (twice, TAKEN_SANDBOX_FALSE, false),
        (
            only_token,
            "a Link configuration: the token from its userToken, no sandbox setting",
            false,
        ),
        (
            only_sandbox,
            "a Link configuration: sandbox: true from the snippet for the environment check",
            true,
        ),
    ];
    for (text, note, mismatch) in expected {
        let report = takes_production(&text, note);
        assert_eq!(
            codes(&report).contains(&"environment-mismatch"),
            mismatch,
            "{text:?}"
        );
    }
}

/// A snippet as long as the limit is read; one byte longer is too large.
#[test]
fn a_snippet_up_to_the_limit_is_read() {
    let text = format!("Argyle.create({{ userToken: '{}' }})", production());
    let at_limit = Inspector::new()
        .max_len(text.len())
        .inspect_snippet(&text, at(0));
    assert_eq!(at_limit.len(), 1);
    assert!(at_limit[0].error().is_none());
    assert!(codes(&at_limit[0]).contains(&"link-snippet"));
    let over = Inspector::new()
        .max_len(text.len() - 1)
        .inspect_snippet(&text, at(0));
    assert_eq!(over.len(), 1);
    assert_eq!(
        over[0].error().map(|e| e.kind()),
        Some(usertoken::ErrorKind::TooLarge)
    );
}

#[test]
fn text_without_a_link_configuration_is_searched_whole() {
    let (a, b) = (production(), sandbox());
    let text = format!("ticket #123\n\nfirst try:\n  {a}\nsecond try:\n  {b}\n");
    let reports = Inspector::new().inspect_snippet(&text, at(0));
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| !codes(r).contains(&"link-snippet")));
    assert_eq!(
        reports[1].source().map(|s| (s.index(), s.of())),
        Some((2, 2))
    );
}

#[test]
fn cli_inspect_paste_reads_a_snippet_whole() {
    let token = production();
    let now = ["--now", NOW];
    for (name, style) in snippets() {
        let text = snippet(style, &token, true);
        // Standard input and an argument read alike.
        let from_stdin = run(
            &["inspect", "--paste", "--json", now[0], now[1]],
            &text,
            &[&token],
        );
        let from_arg = run(
            &["inspect", "--paste", "--json", now[0], now[1], "--", &text],
            "",
            &[&token],
        );
        assert_eq!(from_stdin.stdout, from_arg.stdout, "{name}");
        assert_eq!(from_stdin.status.code(), Some(0), "{name}");
        let lines = json_lines(&from_stdin);
        assert_eq!(lines.len(), 1, "{name}");
        let codes: Vec<&str> = lines[0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"link-snippet"), "{name}: {codes:?}");
        assert!(codes.contains(&"environment-mismatch"), "{name}: {codes:?}");
        let human = run(
            &["inspect", "--paste", "--color", "never", now[0], now[1]],
            &text,
            &[&token],
        );
        let human = stdout(&human);
        assert!(
            human.contains("Link is set up with sandbox: true, but the token is for production"),
            "{human}"
        );
        assert!(!human.contains("my-link-key"), "{human}");
    }
    // Without --paste each line is its own input.
    let text = snippet(snippets()[0].1, &token, true);
    let lines = run(&["inspect", "--json", now[0], now[1]], &text, &[&token]);
    assert!(json_lines(&lines).len() > 1);
}
