//! The hostile-input corpus: input made to exhaust a parser, confuse a
//! reader, rewrite a terminal or lure a verifier onto the network, each with
//! the answer it must get. Sizes are asserted through results, never through
//! timings; `benches/limits.rs` measures time.

use std::borrow::Cow;
use std::net::TcpListener;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use serde_json::Value;
use usertoken::{
    find_tokens, inspect, redact, redact_bytes, Code, ErrorKind, Inspector, Part, Redactor, Report,
    Style, Token,
};

mod helpers;
use helpers::tokens::b64;

const SAMPLE: &str = include_str!("../samples/user-token.jwt");
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const MB: usize = 1_000_000;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

/// A token with this header and payload text and a fixed signature.
fn token(header: impl AsRef<[u8]>, payload: impl AsRef<[u8]>) -> String {
    format!("{}.{}.c2lnbmF0dXJl", b64(header), b64(payload))
}

/// An inspector without the size limit, to reach the parser itself.
fn unlimited() -> Inspector {
    Inspector::new().max_len(usize::MAX)
}

/// The error of an unreadable input: its kind, part and message.
#[track_caller]
fn error(report: &Report) -> (ErrorKind, Part, String) {
    let e = report.error().expect("an unreadable input");
    assert!(report.claims().is_none());
    (e.kind(), e.part(), e.to_string())
}

/// The report's JSON is what serde writes and is JSON; as a `Value` when
/// serde_json can hold it (numbers such as `1e309` it cannot).
#[track_caller]
fn json(report: &Report) -> Option<Value> {
    let serde = serde_json::to_string(report).unwrap();
    let mut direct = Vec::new();
    report.write_json(&mut direct).unwrap();
    assert_eq!(String::from_utf8(direct).unwrap(), serde);
    serde_json::from_str::<&RawValue>(&serde).expect("the report is JSON");
    serde_json::from_str(&serde).ok()
}

/// The messages of the diagnostics with these codes.
fn messages(report: &Report, codes: &[Code]) -> Vec<String> {
    report
        .diagnostics()
        .iter()
        .filter(|d| codes.contains(&d.code()))
        .map(|d| d.message().to_string())
        .collect()
}

#[test]
fn oversize_input_is_refused_before_decoding() {
    let r = Inspector::new().max_len(100).inspect(SAMPLE.trim(), now());
    assert_eq!(
        error(&r),
        (
            ErrorKind::TooLarge,
            Part::Token,
            "the input is 421 bytes, over the limit of 100 bytes".to_owned()
        )
    );
    assert_eq!(r.fingerprint(), None);
    assert!(r.header().is_none() && r.diagnostics().is_empty());
    assert!(json(&r).is_some());

    let over = "A".repeat(64 * 1024 + 1);
    assert_eq!(
        error(&inspect(&over, now())).2,
        "the input is 65537 bytes, over the limit of 65536 bytes"
    );
    let at_limit = &over[1..];
    assert_eq!(error(&inspect(at_limit, now())).0, ErrorKind::SegmentCount);
}

#[test]
fn ten_megabytes_are_answered_without_decoding() {
    for input in [
        "A".repeat(10 * MB),
        "eyJ".repeat(10 * MB / 3),
        token(HEADER, "x".repeat(7 * MB)),
    ] {
        let message = format!(
            "the input is {} bytes, over the limit of 65536 bytes",
            input.len()
        );
        let r = inspect(&input, now());
        assert_eq!(
            error(&r),
            (ErrorKind::TooLarge, Part::Token, message.clone())
        );
        assert_eq!(r.fingerprint(), None);
        assert_eq!(Token::parse(&input).unwrap_err().to_string(), message);
    }
}

#[test]
fn ten_megabytes_without_a_limit_get_a_clean_error() {
    let r = unlimited().inspect("A".repeat(10 * MB), now());
    assert_eq!(
        error(&r).2,
        "expected 3 segments separated by '.' (5 for an encrypted token), found 1"
    );
    let r = unlimited().inspect(
        format!("{}.{}.c2ln", b64(HEADER), "A".repeat(10 * MB)),
        now(),
    );
    assert_eq!(
        error(&r),
        (
            ErrorKind::Json,
            Part::Payload,
            "the payload is not valid JSON: error at byte 0 of its decoded text".to_owned()
        )
    );
    assert!(
        r.header().is_some(),
        "the header of an unreadable payload is kept"
    );
}

#[test]
fn delimiter_floods() {
    let dots = ".".repeat(MB);
    let a_dots = "a.".repeat(MB);
    assert_eq!(
        error(&inspect(&dots, now())).2,
        "the input is 1000000 bytes, over the limit of 65536 bytes"
    );
    for flood in [&dots, &a_dots] {
        assert_eq!(
            error(&unlimited().inspect(flood, now())),
            (
                ErrorKind::SegmentCount,
                Part::Token,
                "expected 3 segments separated by '.' (5 for an encrypted token), found 1000001"
                    .to_owned()
            )
        );
        assert_eq!(find_tokens(flood).count(), 0);
        assert!(matches!(redact(flood), Cow::Borrowed(_)));
    }
}

#[test]
fn floods_of_token_starts_are_redacted_or_left_alone_whole() {
    let headers = "e30.".repeat(MB / 4);
    let found = find_tokens(&headers).count();
    assert_eq!(found, MB / 4 / 3);
    let masked = Redactor::new().style(Style::Mask).redact(&headers);
    assert!(masked.starts_with("[REDACTED-JWT].[REDACTED-JWT]."));
    assert_eq!(find_tokens(&*masked).count(), 0);

    let starts = "eyJ.".repeat(MB / 4);
    assert_eq!(find_tokens(&starts).count(), 0);
    assert!(matches!(redact(&starts), Cow::Borrowed(_)));
}

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

/// Claims and header fields that would rewrite a terminal or reorder what
/// it shows, in JSON escapes and raw.
fn control_and_bidi_token() -> String {
    token(
        "{\"alg\":\"HS256\",\"kid\":\"\\u001b[2J\\u202e\"}",
        concat!(
            "{\"user_id\":\"evil\\u202etxt.exe\\u001b[2J\\u0007\",",
            "\"iss\":\"argyle\\u2066-prod\\u0000\",",
            "\"sub\":\"\\u200f\\u061c\\u2028\\u0085\",",
            "\"a\\u0008b\\r\\n\":\"\\u001b]0;title\\u0007\",",
            "\"client_id\":\"\u{202e}raw\u{85}\",\"exp\":1}"
        ),
    )
}

/// Controls other than line ends, and bidi and invisible marks.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

#[test]
fn control_and_bidi_characters_are_escaped_in_human_output() {
    let r = inspect(control_and_bidi_token(), now());
    let human = r.human().to_string();
    assert_eq!(human.chars().find(|&c| is_dangerous(c)), None, "{human}");
    for shown in [
        "evil\\u{202e}txt.exe\\u{1b}[2J\\u{7}",
        "argyle\\u{2066}-prod\\u{0}",
        "\\u{200f}\\u{61c}\\u{2028}\\u{85}",
        "a\\u{8}b\\u{d}\\u{a}",
        "\\u{1b}]0;title\\u{7}",
        "\\u{202e}raw\\u{85}",
        "\\u{1b}[2J\\u{202e}",
    ] {
        assert!(human.contains(shown), "{shown} not in\n{human}");
    }
    // Diagnostics that quote a claim escape it too.
    for d in r.diagnostics() {
        assert_eq!(d.to_string().chars().find(|&c| is_dangerous(c)), None);
    }
    // JSON escapes every character it must (the claims stay verbatim).
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.chars().any(|c| c < ' '), "{text}");
}

#[test]
fn hostile_kid_jku_x5u_are_escaped_shortened_and_never_fetched() {
    // Anything that fetched a key URL would connect here.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let kid = format!("../../../../etc/passwd\\u0000{}\\u202e", "A".repeat(300));
    let header = format!(
        r#"{{"alg":"HS256","kid":"{kid}","jku":"{url}/jwks.json","x5u":"{url}/cert.pem","jwk":{{"kty":"oct","k":"{}"}}}}"#,
        b64("attacker")
    );
    let claims = r#"{"user_id":"u","exp":1700000000}"#;
    let message = format!("{}.{}", b64(&header), b64(claims));
    let signature = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(b"attacker"),
        jsonwebtoken::Algorithm::HS256,
    )
    .unwrap();
    let hostile = format!("{message}.{signature}");

    let r = inspect(&hostile, now());
    let human = r.human().to_string();
    let shown = format!(
        "  kid          ../../../../etc/passwd\\u{{0}}{}…\n",
        "A".repeat(57)
    );
    assert!(human.contains(&shown), "{human}");
    assert!(human.contains(&format!("  jku          {url}/jwks.json\n")));
    assert!(!human.contains("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    assert_eq!(
        messages(&r, &[Code::KeyReference]),
        [
            "the header carries jku, a key or a key location; it is never fetched or trusted",
            "the header carries x5u, a key or a key location; it is never fetched or trusted",
            "the header carries jwk, a key or a key location; it is never fetched or trusted",
        ]
    );

    #[cfg(feature = "verify")]
    {
        use usertoken::{Key, Status};
        let data = |name: &str| {
            std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        };
        // The header's own key would make the signature valid: it is not used.
        let secret = Key::hmac(include_bytes!("../samples/user-token.secret")).unwrap();
        let v = usertoken::verify(&hostile, &secret);
        assert_eq!(
            v.to_string(),
            "signature invalid (HS256): the signature does not match the key"
        );
        let set = Key::parse(data("jwks-hmac.json")).unwrap();
        assert_eq!(
            usertoken::verify(&hostile, &set).to_string(),
            "signature key mismatch (HS256): no key of the set has the token's kid"
        );
        let rsa = Key::parse(data("rsa-public.pem")).unwrap();
        assert_eq!(usertoken::verify(&hostile, &rsa).status(), Status::Invalid);
        let r = Inspector::new().key(secret).inspect(&hostile, now());
        assert!(!r.signature().unwrap().is_valid());
    }

    // A kid that names a key file is a name, never a path to open.
    #[cfg(feature = "verify")]
    {
        let header = r#"{"alg":"HS256","kid":"tests/data/jwks-hmac.json"}"#;
        let named = token(header, claims);
        let set = usertoken::Key::parse(include_bytes!("data/jwks.json")).unwrap();
        assert_eq!(
            usertoken::verify(&named, &set).to_string(),
            "signature key mismatch (HS256): no key of the set has the token's kid"
        );
    }

    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("something connected to the key URL: {other:?}"),
    }
}

#[cfg(feature = "verify")]
#[test]
fn verification_of_hostile_input_is_a_clean_verdict() {
    use usertoken::{Key, Status, Verifier};
    let key = Key::hmac(b"secret").unwrap();
    let unlimited = Verifier::new(key.clone()).max_len(usize::MAX);
    for (input, message) in [
        (
            "A".repeat(10 * MB),
            "signature malformed: the input is 10000000 bytes, over the limit of 65536 bytes",
        ),
        (
            ".".repeat(MB),
            "signature malformed: the input is 1000000 bytes, over the limit of 65536 bytes",
        ),
    ] {
        assert_eq!(usertoken::verify(&input, &key).to_string(), message);
    }
    for flood in [".".repeat(MB), "a.".repeat(MB)] {
        assert_eq!(
            unlimited.verify(&flood).to_string(),
            "signature malformed: expected 3 segments separated by '.' (5 for an encrypted token), found 1000001"
        );
    }
    let deep = token(
        format!("{{\"alg\":\"HS256\",\"x\":{}", "[".repeat(100_000)),
        "{}",
    );
    assert_eq!(
        unlimited.verify(&deep).to_string(),
        "signature malformed: the header nests JSON more than 64 levels deep: error at byte 82 of its decoded text"
    );
    let controls = token("{\"alg\":\"HS\\u001b256\\u202e\"}", "{}");
    let v = usertoken::verify(&controls, &key);
    assert_eq!(v.status(), Status::Unsupported);
    assert_eq!(
        v.to_string(),
        "signature unsupported (HS\\u{1b}256\\u{202e}): the header's algorithm is not supported"
    );
}

#[cfg(feature = "cli")]
mod common;

#[cfg(feature = "cli")]
mod cli {
    use super::*;

    /// Runs `usertoken` with `stdin`; returns stdout, checking that stderr
    /// is empty.
    fn run(args: &[&str], stdin: &[u8]) -> (Option<i32>, String) {
        // The command may stop reading early; a closed pipe is no failure.
        let out = crate::common::cli(args)
            .stdin(stdin)
            .secret(&[SAMPLE.trim(), &control_and_bidi_token()])
            .may_close_stdin()
            .run();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    }

    #[test]
    fn a_ten_megabyte_line_gets_one_too_large_report() {
        let mut input = "A".repeat(10 * MB).into_bytes();
        input.push(b'\n');
        input.extend_from_slice(SAMPLE.trim().as_bytes());
        let (code, out) = run(&["inspect", "--json", "--now", "1700000000"], &input);
        assert_eq!(code, Some(1));
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["error"]["kind"], "too-large");
        assert_eq!(
            lines[0]["error"]["message"],
            "the input is 10000000 bytes, over the limit of 65536 bytes"
        );
        assert!(lines[1]["error"].is_null());
    }

    #[test]
    fn the_terminal_gets_no_control_or_bidi_character() {
        let input = format!("{}\n", control_and_bidi_token());
        let (_, out) = run(&["inspect", "--now", "1700000000"], input.as_bytes());
        assert_eq!(out.chars().find(|&c| is_dangerous(c)), None, "{out}");
        assert!(
            out.contains("evil\\u{202e}txt.exe\\u{1b}[2J\\u{7}"),
            "{out}"
        );
    }

    #[test]
    fn redact_and_scan_take_floods_whole() {
        let flood = "a.".repeat(MB);
        let (code, out) = run(&["redact"], flood.as_bytes());
        assert_eq!(code, Some(0));
        assert!(out == flood, "the flood is not passed through unchanged");
        let (code, out) = run(&["scan", "--now", "1700000000"], flood.as_bytes());
        assert_eq!((code, out.as_str()), (Some(0), ""));
    }
}
