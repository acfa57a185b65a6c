//! Tokens that are unsigned, cut off, unreadable, encrypted or too large.

use super::*;

#[test]
fn unsigned_tokens_are_read_and_flagged() {
    let none = raw(r#"{"alg":"none"}"#, r#"{"user_id":"u"}"#, "");
    let report = inspect(&none, at(0));
    assert_eq!(report.claims().unwrap().user_id(), Some("u"));
    assert!(!report.token().unwrap().is_signed());
    assert_eq!(
        message(&report, Code::Unsigned),
        "alg is none: the token is not signed and no issuer would accept it"
    );
    let empty = raw(r#"{"alg":"HS256"}"#, "{}", "");
    assert_eq!(
        message(&inspect(&empty, at(0)), Code::SignatureMissing),
        "the token ends after its payload: the signature was cut off"
    );
}

#[test]
fn unreadable_tokens_name_part_offset_and_kind() {
    let h = "eyJhbGciOiJIUzI1NiJ9";
    let cases: Vec<(String, ErrorKind, Part, Option<usize>, &str)> = vec![
        (
            "".into(),
            ErrorKind::Empty,
            Part::Token,
            None,
            "the input is empty",
        ),
        (
            "  ''  ".into(),
            ErrorKind::Empty,
            Part::Token,
            None,
            "the input is empty",
        ),
        (
            "abc".into(),
            ErrorKind::SegmentCount,
            Part::Token,
            None,
            "expected 3 segments separated by '.' (5 for an encrypted token), found 1",
        ),
        (
            format!("{h}.e30.c2ln.x"),
            ErrorKind::SegmentCount,
            Part::Token,
            None,
            "expected 3 segments separated by '.' (5 for an encrypted token), found 4",
        ),
        (
            "ey!hbGc.e30.c2ln".into(),
            ErrorKind::Base64Character,
            Part::Header,
            Some(2),
            "invalid base64url character at byte 2 of the header",
        ),
        (
            format!("{h}.e30abcdefghijklmn*pq.c2ln"),
            ErrorKind::Base64Character,
            Part::Payload,
            Some(17),
            "invalid base64url character at byte 17 of the payload",
        ),
        (
            format!("{h}.e30.c2l$"),
            ErrorKind::Base64Character,
            Part::Signature,
            Some(3),
            "invalid base64url character at byte 3 of the signature",
        ),
        (
            format!("{h}.e30===.c2ln"),
            ErrorKind::Base64Character,
            Part::Payload,
            Some(5),
            "invalid base64url character at byte 5 of the payload",
        ),
        (
            format!("{h}.{}.c2ln", URL_SAFE_NO_PAD.encode(r#"{"a":1,}"#)),
            ErrorKind::Json,
            Part::Payload,
            Some(7),
            "the payload is not valid JSON: error at byte 7 of its decoded text",
        ),
        (
            format!("{h}.{}.c2ln", URL_SAFE_NO_PAD.encode("[1,2]")),
            ErrorKind::NotObject,
            Part::Payload,
            None,
            "the payload is JSON but not an object",
        ),
        (
            format!("{}.e30.c2ln", URL_SAFE_NO_PAD.encode("\"HS256\"")),
            ErrorKind::NotObject,
            Part::Header,
            None,
            "the header is JSON but not an object",
        ),
        (
            format!("{h}.{}.c2ln", URL_SAFE_NO_PAD.encode("not json")),
            ErrorKind::Json,
            Part::Payload,
            Some(0),
            "the payload is not valid JSON: error at byte 0 of its decoded text",
        ),
    ];
    for (input, kind, part, offset, text) in cases {
        let e = error(&input);
        assert_eq!(
            (e.kind(), e.part(), e.offset()),
            (kind, part, offset),
            "{input}"
        );
        assert_eq!(e.to_string(), text);
        assert_eq!(format!("{e:?}"), format!("Error({text})"));
        let report = inspect(&input, at(0));
        assert_eq!(report.error(), Some(&e));
        assert_eq!(report.environment(), None);
    }
}

#[test]
fn payload_errors_still_show_the_header() {
    let report = inspect("eyJhbGciOiJIUzI1NiJ9.e30*.c2ln", at(0));
    assert_eq!(report.header().unwrap().alg(), Some("HS256"));
    assert!(report.claims().is_none());
}

#[test]
fn encrypted_tokens_show_their_header() {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RSA-OAEP","enc":"A256GCM","kid":"k1"}"#);
    let jwe = format!("{header}.a2V5.aXY.Y2lwaGVy.dGFn");
    let e = error(&jwe);
    assert_eq!(e.kind(), ErrorKind::Encrypted);
    assert_eq!(
        e.to_string(),
        "the token is encrypted (JWE): its header can be read, its claims cannot"
    );
    let report = inspect(&jwe, at(0));
    assert_eq!(report.header().unwrap().kid(), Some("k1"));
    assert_eq!(
        report.header().unwrap().get("enc").unwrap().get(),
        "\"A256GCM\""
    );
    let json: Value = serde_json::to_value(&report).unwrap();
    assert_eq!(json["error"]["kind"], "encrypted");
    assert_eq!(json["header"]["alg"], "RSA-OAEP");
    assert_eq!(json["claims"], Value::Null);
    assert_eq!(
        report.human().headline().to_string(),
        "encrypted token (JWE): its claims cannot be read without the key"
    );
}

#[test]
fn oversize_input_is_refused_before_decoding() {
    let big = format!("eyJ{}", "A".repeat(10_000_000));
    let e = error(&big);
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert_eq!(
        e.to_string(),
        "the input is 10000003 bytes, over the limit of 65536 bytes"
    );
    let small = Inspector::new().max_len(10);
    assert_eq!(small.parse(SAMPLE).unwrap_err().kind(), ErrorKind::TooLarge);
    assert_eq!(
        small.inspect("short", at(0)).error().unwrap().kind(),
        ErrorKind::SegmentCount
    );
}
