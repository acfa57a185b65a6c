//! Truncated pastes: tokens cut off after their payload or with a damaged
//! signature, read, verified and run through the command line.

use super::*;

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
