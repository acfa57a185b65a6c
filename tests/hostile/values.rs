//! Values: time claims of every type and extreme value, byte order marks,
//! invalid UTF-8, lone surrogate escapes.

use super::*;

#[test]
fn time_claims_of_every_type_and_extreme_value() {
    let out_of_range = "exp is outside the range of representable instants";
    let millis = "exp looks like milliseconds, not seconds";
    let cases: [(&str, Option<&str>, &[&str]); 20] = [
        ("1e309", None, &[out_of_range]),
        ("-1e309", None, &[out_of_range]),
        ("18446744073709551615", None, &[out_of_range, millis]),
        ("9223372036854775807", None, &[out_of_range, millis]),
        ("-9223372036854775808", None, &[out_of_range, millis]),
        ("99999999999999999999999999", None, &[out_of_range, millis]),
        ("-1", Some("1969-12-31T23:59:59Z"), &[]),
        ("0", Some("1970-01-01T00:00:00Z"), &[]),
        ("1.5", Some("1970-01-01T00:00:01Z"), &[]),
        ("-1.5", Some("1969-12-31T23:59:59Z"), &[]),
        ("1e-400", Some("1970-01-01T00:00:00Z"), &[]),
        (
            "1652481485000",
            Some("2022-05-13T22:38:05Z"),
            &["exp looks like milliseconds, not seconds, read as 2022-05-13T22:38:05Z"],
        ),
        (
            r#""1652481485""#,
            Some("2022-05-13T22:38:05Z"),
            &["exp is a string holding a number, expected a number, read as 2022-05-13T22:38:05Z"],
        ),
        (
            r#""tomorrow""#,
            None,
            &["claim exp is a string, expected a number of seconds"],
        ),
        (
            r#""""#,
            None,
            &["claim exp is a string, expected a number of seconds"],
        ),
        (
            "null",
            None,
            &["claim exp is null, expected a number of seconds"],
        ),
        (
            "true",
            None,
            &["claim exp is a boolean, expected a number of seconds"],
        ),
        (
            "false",
            None,
            &["claim exp is a boolean, expected a number of seconds"],
        ),
        (
            "[1652481485]",
            None,
            &["claim exp is an array, expected a number of seconds"],
        ),
        (
            "{}",
            None,
            &["claim exp is an object, expected a number of seconds"],
        ),
    ];
    let codes = [
        Code::UnexpectedClaimType,
        Code::TimestampInMilliseconds,
        Code::TimestampOutOfRange,
    ];
    for (raw, instant, expected) in cases {
        let r = inspect(token(HEADER, format!(r#"{{"exp":{raw}}}"#)), now());
        assert!(r.token().is_some(), "exp {raw}: {:?}", r.error());
        let at = r
            .expires_at()
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        assert_eq!(at.as_deref(), instant, "exp {raw}");
        assert_eq!(messages(&r, &codes), expected, "exp {raw}");
        assert_eq!(r.claims().unwrap().get("exp").unwrap().get(), raw);
        assert_eq!(r.is_expired(), r.expires_at().map(|exp| now() >= exp));
        json(&r);
        // Whatever its type or value, the claim has its row for people.
        let human = r.human().to_string();
        assert!(
            human.lines().any(|l| l.starts_with("  exp          ")),
            "exp {raw}: {human}"
        );

        // The same value in all three time claims reads alike.
        let all = format!(r#"{{"iat":{raw},"exp":{raw},"nbf":{raw}}}"#);
        let r = inspect(token(HEADER, all), now());
        assert_eq!(r.expires_at(), r.issued_at());
        assert_eq!(r.expires_at(), r.claims().unwrap().not_before());
        if r.expires_at().is_some() {
            assert_eq!(r.lifetime(), Some(chrono::TimeDelta::zero()));
        }
        json(&r);
    }
}

#[test]
fn byte_order_marks() {
    let r = inspect(format!("\u{feff}{}", SAMPLE.trim()), now());
    assert!(r.token().is_some());
    assert_eq!(
        messages(&r, &[Code::InputCleaned]),
        ["removed a byte order mark"]
    );
    assert_eq!(error(&inspect("\u{feff}", now())).2, "the input is empty");
    let mut inside = token(HEADER, "{}");
    inside.insert(10, '\u{feff}');
    assert_eq!(
        error(&inspect(&inside, now())).2,
        "invalid base64url character at byte 10 of the header"
    );
    let r = inspect(token(HEADER, "{\"user_id\":\"\u{feff}u\"}"), now());
    let human = r.human().to_string();
    assert!(human.contains("  user_id      \\u{feff}u\n"), "{human}");
    assert!(!human.contains('\u{feff}'));
}

#[test]
fn invalid_utf8() {
    let mut input = token(HEADER, "{}").into_bytes();
    let dot = input.iter().position(|&b| b == b'.').unwrap();
    input.insert(dot + 3, 0xFF);
    assert_eq!(
        error(&inspect(&input, now())),
        (
            ErrorKind::Base64Character,
            Part::Payload,
            "invalid base64url character at byte 2 of the payload".to_owned()
        )
    );
    let payload = token(HEADER, b"{\"sub\":\"\xff\xfe\"}");
    assert_eq!(
        error(&inspect(&payload, now())).2,
        "the payload is not valid JSON: error at byte 8 of its decoded text"
    );
    let header = token(b"{\"alg\":\"\xc3\"}", "{}");
    assert_eq!(
        error(&inspect(&header, now())).2,
        "the header is not valid JSON: error at byte 8 of its decoded text"
    );

    // A log that is not UTF-8 keeps every byte that is not a token.
    let sample = SAMPLE.trim().as_bytes();
    let log = [b"\xff\xfe ".as_slice(), sample, b" \xc3\x28\n"].concat();
    assert_eq!(
        &*Redactor::new().style(Style::Mask).redact_bytes(&log),
        b"\xff\xfe [REDACTED-JWT] \xc3\x28\n"
    );
    assert!(matches!(redact_bytes(b"\xff\xfe\xfd"), Cow::Borrowed(_)));
}

#[test]
fn lone_surrogate_escapes() {
    let r = inspect(
        token(
            HEADER,
            r#"{"user_id":"\ud800","sub":"\ud83d\ude00","exp":1}"#,
        ),
        now(),
    );
    let claims = r.claims().unwrap();
    assert_eq!(claims.user_id(), None);
    assert_eq!(claims.sub(), Some("😀"));
    assert_eq!(
        messages(&r, &[Code::UnexpectedClaimType]),
        ["claim user_id is a string with a lone surrogate escape, expected text"]
    );
    assert_eq!(
        error(&inspect(token(HEADER, r#"{"\ud800x":1}"#), now())).2,
        "the payload is not valid JSON: error at byte 2 of its decoded text"
    );
}
