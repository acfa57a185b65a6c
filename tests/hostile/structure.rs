//! Structure: one to seven segments, empty segments, JSON nested 100,000
//! and 64 deep, duplicate claims.

use super::*;

#[test]
fn one_to_seven_segments() {
    let segments = [
        b64(HEADER),
        b64(r#"{"sub":"u"}"#),
        "c2ln".to_owned(),
        "eHg".to_owned(),
        "eXk".to_owned(),
        "eno".to_owned(),
        "d3c".to_owned(),
    ];
    let count =
        |n| format!("expected 3 segments separated by '.' (5 for an encrypted token), found {n}");
    for n in 1..=7 {
        let r = inspect(segments[..n].join("."), now());
        match n {
            2 => {
                let token = r.token().expect("cut off after its payload, readable");
                assert!(token.is_truncated() && !token.is_signed());
                assert_eq!(
                    messages(&r, &[Code::SignatureMissing]),
                    ["the token ends after its payload: the signature was cut off"]
                );
            }
            3 => assert!(r.token().is_some()),
            5 => {
                assert_eq!(
                    error(&r),
                    (
                        ErrorKind::Encrypted,
                        Part::Token,
                        "the token is encrypted (JWE): its header can be read, its claims cannot"
                            .to_owned()
                    )
                );
                assert_eq!(r.header().unwrap().alg(), Some("HS256"));
            }
            _ => assert_eq!(error(&r), (ErrorKind::SegmentCount, Part::Token, count(n))),
        }
    }
}

#[test]
fn empty_segments() {
    let not_json =
        |part: &str| format!("the {part} is not valid JSON: error at byte 0 of its decoded text");
    for (input, message) in [
        (".", not_json("header")),
        ("..", not_json("header")),
        ("...", count_message(4)),
        ("....", not_json("header")),
        (".e30.c2ln", not_json("header")),
        ("e30..c2ln", not_json("payload")),
        ("e30.e30.c2ln.", count_message(4)),
        (" . . ", not_json("header")),
    ] {
        assert_eq!(error(&inspect(input, now())).2, message, "{input:?}");
    }
    let r = inspect("e30.e30.", now());
    assert!(r.token().is_some(), "an empty signature is readable");
    assert_eq!(
        messages(&r, &[Code::SignatureMissing, Code::Unsigned]),
        ["the token ends after its payload: the signature was cut off"]
    );
}

fn count_message(n: usize) -> String {
    format!("expected 3 segments separated by '.' (5 for an encrypted token), found {n}")
}

/// `{"a":` and `depth - 1` arrays: the payload object is the first level.
fn nested(depth: usize, closed: bool) -> String {
    let close = if closed {
        "]".repeat(depth - 1)
    } else {
        String::new()
    };
    format!("{{\"a\":{}{close}}}", "[".repeat(depth - 1))
}

#[test]
fn json_nested_100_000_deep_is_a_clean_error() {
    let deep = token(HEADER, nested(100_001, true));
    assert_eq!(error(&inspect(&deep, now())).0, ErrorKind::TooLarge);
    let message =
        "the payload nests JSON more than 64 levels deep: error at byte 68 of its decoded text";
    // A small stack: reading must not recurse.
    let small_stack = std::thread::Builder::new().stack_size(256 * 1024);
    let errors = small_stack
        .spawn(move || {
            let closed = unlimited().inspect(&deep, now());
            let open = unlimited().inspect(token(HEADER, nested(100_001, false)), now());
            let objects = unlimited().inspect(
                token(
                    HEADER,
                    format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000)),
                ),
                now(),
            );
            let header = unlimited().inspect(
                token(format!("{{\"x\":{}", "[".repeat(100_000)), "{}"),
                now(),
            );
            [closed, open, objects, header].map(|r| error(&r))
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(
        errors[0],
        (ErrorKind::TooDeep, Part::Payload, message.to_owned())
    );
    assert_eq!(errors[1], errors[0]);
    assert_eq!(
        errors[2].2,
        "the payload nests JSON more than 64 levels deep: error at byte 320 of its decoded text"
    );
    assert_eq!(
        errors[3].2,
        "the header nests JSON more than 64 levels deep: error at byte 68 of its decoded text"
    );
}

#[test]
fn json_nested_64_deep_reads_and_its_report_reads_back() {
    let r = inspect(token(HEADER, nested(64, true)), now());
    assert!(r.token().is_some(), "{:?}", r.error());
    let value = json(&r).expect("serde_json reads the report back");
    let mut a = &value["claims"]["a"];
    let mut depth = 1;
    while let Some(inner) = a.get(0) {
        a = inner;
        depth += 1;
    }
    assert_eq!(depth, 63);
    assert!(r.claims().unwrap().value("a").is_some());
    assert_eq!(
        error(&inspect(token(HEADER, nested(65, true)), now())).0,
        ErrorKind::TooDeep
    );
}

#[test]
fn duplicate_claims_say_which_value_counted() {
    let r = inspect(
        token(
            r#"{"alg":"none","alg":"HS256"}"#,
            r#"{"exp":1652481485,"user_id":"a","exp":1700000000,"\u0065xp":1700003600,"user_id":"b"}"#,
        ),
        now(),
    );
    assert_eq!(
        messages(&r, &[Code::DuplicateName]),
        [
            "header field 'alg' appears 2 times; the last value counted",
            "claim 'exp' appears 3 times; the last value counted",
            "claim 'user_id' appears 2 times; the last value counted",
        ]
    );
    assert_eq!(r.header().unwrap().alg(), Some("HS256"));
    let claims = r.claims().unwrap();
    assert_eq!(claims.user_id(), Some("b"));
    assert_eq!(r.expires_at(), DateTime::from_timestamp(1_700_003_600, 0));
    assert_eq!(claims.len(), 2);
    assert_eq!(
        json(&r).unwrap()["claims"],
        serde_json::json!({"exp": 1700003600, "user_id": "b"})
    );
}
