//! Pasted text that holds a token (log lines, curl commands, API
//! responses): found, said where, numbered, verified, and on the command line.

use super::*;

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

#[test]
fn a_token_written_in_base64_or_in_utf16_is_found_in_pasted_text() {
    use base64::Engine;
    let token = production();
    let now = at(1_700_000_000);
    let inspector = Inspector::new();
    let run = base64::engine::general_purpose::STANDARD.encode(format!("api-user:{token}"));
    let pasted = format!("GET /v2/accounts HTTP/1.1\r\nAuthorization: Basic {run}\r\n");
    let reports = inspector.inspect_pasted(&pasted, now);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].claims().unwrap().user_id(), Some(USER));
    let source = reports[0].source().unwrap();
    assert_eq!(&pasted[source.offset()..source.offset() + run.len()], run);
    assert_eq!(source.encoding(), Some(usertoken::Encoding::Base64));
    assert_eq!(
        reports[0].diagnostics()[0].to_string(),
        format!(
            "info [input-cleaned] found at byte {} of the pasted text, written in base64",
            source.offset()
        )
    );
    assert_eq!(
        serde_json::to_value(&reports[0]).unwrap()["source"]["encoding"],
        "base64"
    );
    // A UTF-16 transcript: the offset counts the text's bytes.
    let line = format!("PS> $token = '{token}'\r\n");
    let mut wide = vec![0xFF, 0xFE];
    wide.extend(line.encode_utf16().flat_map(u16::to_le_bytes));
    let reports = inspector.inspect_pasted(&wide, now);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].claims().unwrap().user_id(), Some(USER));
    let source = reports[0].source().unwrap();
    assert_eq!(source.offset(), 2 + 2 * "PS> $token = '".len());
    assert_eq!(source.encoding(), Some(usertoken::Encoding::Utf16Le));
    assert!(reports[0].diagnostics()[0]
        .to_string()
        .ends_with(", in UTF-16 text"));
}
