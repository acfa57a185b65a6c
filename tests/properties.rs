use chrono::DateTime;
use jsonwebtoken::{EncodingKey, Header};
use proptest::prelude::*;
use serde_json::{Map, Value};
use usertoken::{inspect, Report};

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e15f64..1.0e15).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn claims() -> impl Strategy<Value = Map<String, Value>> {
    let names = prop_oneof![
        prop::sample::select(vec![
            "client_id",
            "user_id",
            "sub",
            "iss",
            "iat",
            "exp",
            "jti",
            "nbf",
            "scope",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ];
    prop::collection::btree_map(names, json_value(), 0..10).prop_map(|m| m.into_iter().collect())
}

fn encode(claims: &Map<String, Value>) -> String {
    jsonwebtoken::encode(&Header::default(), claims, &EncodingKey::from_secret(b"k")).unwrap()
}

/// The JSON serialises, parses back, and the direct writer writes the same
/// bytes as serde.
fn no_json_errors(report: &Report) {
    let json = serde_json::to_string(report).unwrap();
    let mut direct = Vec::new();
    report.write_json(&mut direct).unwrap();
    assert_eq!(String::from_utf8(direct).unwrap(), json);
    let back: Value = serde_json::from_str(&json).unwrap();
    assert!(back.is_object());
}

/// The human report starts with its verdict line and holds no control or
/// bidi character but its line breaks: everything from the token is
/// escaped.
#[track_caller]
fn human_is_escaped(report: &Report) {
    let text = report.human().to_string();
    let verdict = report.human().headline().to_string();
    assert_eq!(text.lines().next(), Some(verdict.as_str()));
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    assert!(!text.contains(unsafe_char), "{text:?}");
}

/// Text near JSON: mostly invalid, often valid, always short.
fn json_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        " ",
        "\n",
        "0",
        "-1",
        "2.5",
        "1e3",
        "1.",
        "01",
        "e",
        "true",
        "fals",
        "null",
        "\"a\"",
        "\"\\u00e9\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\\",
        "\u{1}",
        "é",
        "\t",
        // Runs longer than a word, and what ends them at every offset.
        "abcdefgh",
        "\"0123456789abcdef\"",
        "\u{1f}",
        "\u{7f}",
        "\u{ff}\u{20ac}",
        // Numbers past f64, which serde_json refuses and the grammar allows.
        "1e3001",
        "-0.5E-999",
    ]);
    prop_oneof![
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat()),
        json_value().prop_map(|v| serde_json::to_string_pretty(&v).unwrap()),
        claims().prop_map(|m| serde_json::to_string(&m).unwrap()),
    ]
}

proptest! {
    /// serde_json is the oracle for which payloads are JSON objects.
    #[test]
    fn payload_json_is_judged_like_serde_json(text in json_like()) {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let token = format!("eyJhbGciOiJIUzI1NiJ9.{}.c2ln", b64.encode(&text));
        let ours = usertoken::Token::parse(&token);
        let object_kind = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => Some(v.is_object()),
            // serde_json refuses numbers past f64 (`1e3001`), which the JSON
            // grammar allows and the reader reads (a claim of a changed type
            // is a diagnostic, not an unreadable token): for them, serde_json
            // skipping the value unread is the oracle for the syntax.
            Err(e) if e.to_string().starts_with("number out of range") => {
                serde_json::from_str::<serde::de::IgnoredAny>(&text)
                    .ok()
                    .map(|_| text.trim_start().starts_with('{'))
            }
            Err(_) => None,
        };
        match (&ours, object_kind) {
            (Ok(_), Some(true)) => {}
            (Err(e), Some(false)) => prop_assert_eq!(e.kind(), usertoken::ErrorKind::NotObject),
            (Err(e), None) => prop_assert_eq!(e.kind(), usertoken::ErrorKind::Json, "{:?}", text),
            (ours, oracle_kind) => prop_assert!(false, "{:?}: ours {:?}, serde_json {:?}", text, ours.as_ref().err(), oracle_kind),
        }
    }

    /// The base64 crate is the oracle for decoding, in either alphabet,
    /// padded or not; a character from neither is named at its offset.
    #[test]
    fn payloads_decode_like_the_base64_crate(
        claims in claims(),
        standard in any::<bool>(),
        bad in prop::option::of((any::<prop::sample::Index>(), prop::sample::select(vec![b'!', b'*', b'~', 0xC3]))),
    ) {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        use base64::Engine;
        let text = serde_json::to_string(&claims).unwrap();
        let engine = if standard { STANDARD } else { URL_SAFE_NO_PAD };
        let mut payload = engine.encode(&text).into_bytes();
        if let Some((index, byte)) = bad {
            let at = index.index(payload.len());
            payload[at] = byte;
        }
        let mut token = b"eyJhbGciOiJIUzI1NiJ9.".to_vec();
        token.extend_from_slice(&payload);
        token.extend_from_slice(b".c2ln");
        let ours = usertoken::Token::parse_bytes(&token);
        // Trailing `=` are padding; the first byte of the rest outside both
        // alphabets is the one to name.
        let body_len = payload.len() - payload.iter().rev().take_while(|&&b| b == b'=').count();
        let alphabet = |b: &u8| b.is_ascii_alphanumeric() || b"-_+/".contains(b);
        match payload[..body_len].iter().position(|b| !alphabet(b)) {
            Some(at) => {
                let e = ours.expect_err("a bad character");
                prop_assert_eq!(e.kind(), usertoken::ErrorKind::Base64Character);
                prop_assert_eq!(e.part(), usertoken::Part::Payload);
                prop_assert_eq!(e.offset(), Some(at));
            }
            None => {
                let token = ours.expect("a readable token");
                let back: Vec<(&str, &str)> = token.claims().iter().map(|(k, v)| (k, v.get())).collect();
                let sent: Vec<(&str, String)> = claims
                    .iter()
                    .map(|(k, v)| (k.as_str(), serde_json::to_string(v).unwrap()))
                    .collect();
                prop_assert_eq!(back.len(), sent.len());
                for ((name, raw), (sent_name, sent_raw)) in back.iter().zip(&sent) {
                    prop_assert_eq!(name, sent_name);
                    prop_assert_eq!(raw, sent_raw);
                }
            }
        }
    }

    #[test]
    fn any_claims_read_back_exactly(claims in claims(), now in any::<i64>()) {
        let now = DateTime::from_timestamp(now % 100_000_000_000, 0).unwrap_or_default();
        let report = inspect(encode(&claims), now);
        prop_assert!(report.error().is_none(), "{:?}", report.error());
        let read = report.claims().unwrap();
        prop_assert_eq!(read.len(), claims.len());
        // Compared as JSON text: the claims are kept verbatim, while a
        // round trip through f64 may not be exact.
        for (name, value) in &claims {
            let raw = read.get(name).map(|r| r.get().to_owned());
            prop_assert_eq!(raw, Some(serde_json::to_string(value).unwrap()), "{}", name);
        }
        prop_assert_eq!(serde_json::to_string(read).unwrap(), serde_json::to_string(&claims).unwrap());
    }

    /// chrono is the oracle for the RFC 3339 text of every instant read
    /// as seconds, years before 0 and after 9999 included.
    #[test]
    fn instants_read_as_chrono_writes_them(seconds in -99_999_999_999i64..99_999_999_999) {
        let claims: Map<String, Value> = [("exp".to_owned(), Value::from(seconds))].into_iter().collect();
        let report = inspect(encode(&claims), DateTime::from_timestamp(0, 0).unwrap());
        let expected = DateTime::from_timestamp(seconds, 0)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let json = serde_json::to_value(&report).unwrap();
        prop_assert_eq!(json["expires_at"].as_str(), Some(expected.as_str()));
    }

    #[test]
    fn any_string_gets_a_report(input in any::<String>(), now in any::<i64>()) {
        let now = DateTime::from_timestamp(now % 100_000_000_000, 0).unwrap_or_default();
        let report = inspect(&input, now);
        // The always-report entry point agrees with the `Result` one.
        let parsed = usertoken::Token::parse(&input);
        prop_assert_eq!(report.error(), parsed.as_ref().err());
        no_json_errors(&report);
        human_is_escaped(&report);
    }

    #[test]
    fn any_bytes_near_a_token_get_a_report(
        noise in prop::collection::vec(any::<u8>(), 0..64),
        at in 0usize..400,
    ) {
        let mut input = include_bytes!("../samples/user-token.jwt").to_vec();
        let at = at.min(input.len());
        input.splice(at..at, noise);
        let report = inspect(&input, DateTime::from_timestamp(0, 0).unwrap());
        no_json_errors(&report);
        human_is_escaped(&report);
    }

    #[test]
    fn time_never_makes_a_token_unreadable(
        exp in prop_oneof![any::<i64>().prop_map(Value::from), any::<u64>().prop_map(Value::from),
                           any::<f64>().prop_map(Value::from), any::<i64>().prop_map(|n| Value::from(n.to_string()))],
        iat in any::<i64>(),
        now in any::<i64>(),
    ) {
        let claims: Map<String, Value> =
            [("exp".to_owned(), exp), ("iat".to_owned(), Value::from(iat))].into_iter().collect();
        let now = DateTime::from_timestamp(now % 8_000_000_000_000, 0).unwrap_or_default();
        let report = inspect(encode(&claims), now);
        prop_assert!(report.error().is_none());
        if let Some(exp) = report.expires_at() {
            prop_assert_eq!(report.is_expired(), Some(now >= exp));
        }
        no_json_errors(&report);
        human_is_escaped(&report);
    }
}
