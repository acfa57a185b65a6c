use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use helpers::report::{at, codes};
use helpers::tokens::signed;
use serde_json::{json, Value};

mod helpers;

use usertoken::{
    inspect, Code, Environment, ErrorKind, HeaderCache, Inspector, Part, Report, Severity, Token,
};

const SAMPLE: &str = include_str!("../samples/user-token.jwt");
const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";

/// A token made by jsonwebtoken, the oracle.
/// A token built by hand, for what jsonwebtoken will not encode.
fn raw(header: &str, payload: &str, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    )
}

fn user_token(iat: i64, exp: i64) -> Value {
    json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": exp, "iat": iat,
        "iss": "argyle-core-auth-prod",
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": USER, "user_id": USER,
    })
}

/// Every message of one code, in order.
fn messages(report: &Report, code: Code) -> Vec<&str> {
    let of_code = report.diagnostics().iter().filter(|d| d.code() == code);
    of_code.map(|d| d.message()).collect()
}

#[track_caller]
fn message(report: &Report, code: Code) -> &str {
    let found = report.diagnostics().iter().find(|d| d.code() == code);
    found
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(report)))
        .message()
}

#[track_caller]
fn error(input: &str) -> usertoken::Error {
    Token::parse(input).expect_err("should not parse")
}

#[test]
fn sample_reads_back_every_claim() {
    let report = inspect(SAMPLE, at(1_700_000_000));
    let claims = report.claims().unwrap();
    assert_eq!(
        claims.client_id(),
        Some("0d9b5bf3-97fa-4757-a136-b2a03d171414")
    );
    assert_eq!(claims.user_id(), Some(USER));
    assert_eq!(claims.sub(), Some(USER));
    assert_eq!(claims.iss(), Some("argyle-core-auth-prod"));
    assert_eq!(claims.jti(), Some("00097a26-2f2a-4aa0-8eca-95ebe56d57a8"));
    assert_eq!(claims.issued_at(), Some(at(1649889485)));
    assert_eq!(claims.expires_at(), Some(at(1652481485)));
    assert_eq!(report.header().unwrap().alg(), Some("HS256"));
    assert_eq!(report.header().unwrap().typ(), Some("JWT"));
    assert_eq!(report.environment(), Some(Environment::Production));
    assert_eq!(report.lifetime().unwrap().num_days(), 30);
    assert_eq!(
        codes(&report),
        ["input-cleaned", "expired", "lifetime"],
        "the sample file ends in a newline"
    );
}

#[test]
fn expired_tokens_read_like_fresh_ones() {
    let token = signed(&user_token(1649889485, 1652481485));
    let later = inspect(&token, at(1652481485 + 4 * 365 * 86400 + 100));
    assert!(later.error().is_none());
    assert_eq!(later.is_expired(), Some(true));
    assert_eq!(
        message(&later, Code::Expired),
        "expired 4 years ago (2022-05-13T22:38:05Z)"
    );
    assert_eq!(
        message(&later, Code::Expired),
        later.diagnostics()[0].message()
    );

    let before = inspect(&token, at(1652481485 - 37 * 60 - 10));
    assert_eq!(before.is_expired(), Some(false));
    assert!(!codes(&before).contains(&"expired"));
    let verdict = before.human().headline().to_string();
    assert_eq!(
        verdict,
        format!(
            "production user token for user {USER}, expires in 37 minutes, signature not checked"
        )
    );
}

#[test]
fn expired_exactly_at_exp() {
    let token = signed(&user_token(1000, 5000));
    assert_eq!(inspect(&token, at(4999)).is_expired(), Some(false));
    assert_eq!(inspect(&token, at(5000)).is_expired(), Some(true));
    assert_eq!(
        message(&inspect(&token, at(4999)), Code::ExpiresSoon),
        "expires in 1 second (1970-01-01T01:23:20Z)"
    );
}

#[test]
fn environments_from_table_and_suffix() {
    let cases = [
        ("argyle-core-auth-prod", Environment::Production),
        ("argyle-core-auth-production", Environment::Production),
        ("argyle-core-auth-sandbox", Environment::Sandbox),
        ("argyle-core-auth-staging", Environment::Staging),
        ("argyle-x-stage", Environment::Staging),
        ("argyle-core-auth-dev", Environment::Development),
        ("argyle-core-auth-development", Environment::Development),
        ("argyle-core-auth-qa", Environment::Unknown),
        ("someone-else-prod", Environment::Unknown),
    ];
    for (iss, env) in cases {
        let report = inspect(signed(&json!({ "iss": iss })), at(0));
        assert_eq!(report.environment(), Some(env), "{iss}");
        assert_eq!(
            codes(&report).contains(&"unknown-issuer"),
            env == Environment::Unknown,
            "{iss}"
        );
    }
    let report = inspect(signed(&json!({ "iss": "someone-else-prod" })), at(0));
    assert_eq!(
        message(&report, Code::UnknownIssuer),
        "issuer 'someone-else-prod' is not known; environment unknown"
    );
    let custom = Inspector::new().issuer("someone-else-prod", Environment::Sandbox);
    let report = custom.inspect(signed(&json!({ "iss": "someone-else-prod" })), at(0));
    assert_eq!(report.environment(), Some(Environment::Sandbox));
    assert!(!codes(&report).contains(&"unknown-issuer"));
}

#[test]
fn every_missing_standard_claim_is_named() {
    let report = inspect(signed(&json!({})), at(0));
    let missing = messages(&report, Code::MissingClaim);
    assert_eq!(
        missing,
        ["client_id", "user_id", "sub", "iss", "jti", "iat", "exp"]
            .map(|c| format!("the claim {c} is missing"))
    );
    assert_eq!(report.environment(), Some(Environment::Unknown));
    assert_eq!(report.is_expired(), None);
}

#[test]
fn legacy_refresh_token() {
    let claims = json!({"sub": USER, "iss": "argyle-core-auth-prod", "iat": 1, "exp": 2,
                        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8"});
    let report = inspect(signed(&claims), at(0));
    assert_eq!(
        message(&report, Code::RefreshToken),
        "no client_id and no user_id: this looks like a legacy refresh token; Link needs a user token"
    );
}

#[test]
fn unknown_claims_are_kept_verbatim() {
    let mut claims = user_token(1, 2);
    claims["scope"] = json!("link");
    claims["nested"] = json!({"a": [1, 2.5, null, true]});
    let report = inspect(signed(&claims), at(0));
    let c = report.claims().unwrap();
    assert_eq!(c.value("scope"), Some(json!("link")));
    assert_eq!(c.get("nested").unwrap().get(), r#"{"a":[1,2.5,null,true]}"#);
    let extra: Vec<&str> = c.extra().map(|(n, _)| n).collect();
    assert_eq!(extra, ["nested", "scope"]);
    let json: Value = serde_json::to_value(&report).unwrap();
    assert_eq!(json["claims"], claims);
}

#[test]
fn claims_of_another_type_are_diagnostics() {
    let claims = json!({"user_id": 42, "sub": ["a"], "client_id": null, "iss": true,
                        "exp": "1652481485", "iat": {"s": 1}});
    let report = inspect(signed(&claims), at(0));
    assert!(report.error().is_none());
    let c = report.claims().unwrap();
    assert_eq!(c.user_id(), None);
    assert_eq!(c.expires_at(), Some(at(1652481485)));
    let messages = messages(&report, Code::UnexpectedClaimType);
    assert_eq!(
        messages,
        [
            "claim client_id is null, expected a string",
            "claim user_id is a number, expected a string",
            "claim sub is an array, expected a string",
            "claim iss is a boolean, expected a string",
            "claim iat is an object, expected a number of seconds",
            "exp is a string holding a number, expected a number, read as 2022-05-13T22:38:05Z",
        ]
    );
}

#[test]
fn time_claims_of_every_form() {
    let now = at(1_700_000_000);
    let read = |exp: &str| {
        inspect(
            raw(r#"{"alg":"HS256"}"#, &format!(r#"{{"exp":{exp}}}"#), "c2ln"),
            now,
        )
    };
    // A NumericDate may hold a fraction (RFC 7519 §2): dropped, not a fault.
    let fraction = read("1652481485.9");
    assert_eq!(fraction.expires_at(), Some(at(1652481485)));
    assert!(
        !codes(&fraction)
            .iter()
            .any(|c| c.starts_with("timestamp") || *c == "unexpected-claim-type"),
        "{:?}",
        codes(&fraction)
    );
    assert_eq!(read("-1").expires_at(), Some(at(-1)));
    let ms = read("1652481485123");
    assert_eq!(ms.expires_at(), Some(at(1652481485)));
    assert_eq!(
        message(&ms, Code::TimestampInMilliseconds),
        "exp looks like milliseconds, not seconds, read as 2022-05-13T22:38:05Z"
    );
    for out_of_range in [
        "1e309",
        "18446744073709551615",
        "-1e300",
        "9223372036854775807000",
    ] {
        let r = read(out_of_range);
        assert!(r.error().is_none(), "{out_of_range}");
        assert_eq!(r.expires_at(), None, "{out_of_range}");
        assert_eq!(r.is_expired(), None);
        assert_eq!(
            message(&r, Code::TimestampOutOfRange),
            "exp is outside the range of representable instants"
        );
    }
    for wrong in ["null", "true", "\"soon\"", "[]", "\"\""] {
        let r = read(wrong);
        assert!(r.error().is_none());
        assert!(codes(&r).contains(&"unexpected-claim-type"), "{wrong}");
    }
}

#[test]
fn times_judged_at_now() {
    let claims = json!({"iat": 2000, "exp": 1000, "nbf": 3000});
    let report = inspect(signed(&claims), at(1500));
    assert_eq!(
        message(&report, Code::IssuedInFuture),
        "issued 8 minutes 20 seconds in the future (1970-01-01T00:33:20Z): the issuer's clock or this one is off"
    );
    assert_eq!(
        message(&report, Code::NotYetValid),
        "not valid before 1970-01-01T00:50:00Z, 25 minutes from now"
    );
    assert_eq!(
        message(&report, Code::ExpBeforeIat),
        "exp is 16 minutes 40 seconds before iat"
    );
    assert_eq!(
        message(&report, Code::Lifetime),
        "the token never lives: exp − iat is -1000s"
    );
    let lifetime = report
        .diagnostics()
        .iter()
        .find(|d| d.code() == Code::Lifetime)
        .unwrap();
    assert_eq!(lifetime.severity(), Severity::Warning);

    let hour = inspect(signed(&json!({"iat": 0, "exp": 3600})), at(0));
    assert_eq!(
        message(&hour, Code::Lifetime),
        "lives 1 hour, as documented"
    );
    let odd = inspect(signed(&json!({"iat": 0, "exp": 5400})), at(0));
    assert_eq!(
        message(&odd, Code::Lifetime),
        "lives 1 hour 30 minutes (documented: 1 hour; published examples: 30 days)"
    );
}

#[test]
fn ids_that_are_not_uuids_are_noted() {
    let uuid = "0D9B5BF3-97fa-4757-a136-b2a03d171414";
    for (id, is_uuid) in [
        (uuid, true),
        ("0d9b5bf3-97fa-4757-a136-b2a03d17141g", false),
        ("0d9b5bf3997fa-4757-a136-b2a03d171414", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d17141-", false),
        ("-d9b5bf3-97fa-4757-a136-b2a03d171414", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d17141", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d1714140", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d1714é", false),
        ("", false),
    ] {
        let claims = json!({"client_id": id, "user_id": uuid, "sub": uuid, "jti": uuid});
        let report = inspect(signed(&claims), at(0));
        let expected = if is_uuid {
            vec![]
        } else {
            vec![format!("client_id '{id}' is not a UUID")]
        };
        assert_eq!(messages(&report, Code::NotUuid), expected, "{id}");
    }
}

#[test]
fn subject_mismatch() {
    let report = inspect(signed(&json!({"sub": "a", "user_id": "b"})), at(0));
    assert_eq!(
        message(&report, Code::SubjectMismatch),
        "sub 'a' differs from user_id 'b'"
    );
}

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
fn pasted_input_is_cleaned_and_said_so() {
    let token = signed(&user_token(1, 2));
    let cases = [
        (
            format!("  \"{token}\"\n"),
            vec![
                "removed surrounding whitespace",
                "removed surrounding quotes",
            ],
        ),
        (format!("bEaReR {token}"), vec!["removed a 'Bearer' prefix"]),
        (
            format!("Authorization: Bearer {token}"),
            vec![
                "removed an 'Authorization:' header name",
                "removed a 'Bearer' prefix",
            ],
        ),
        (
            format!("userToken: '{token}',"),
            vec![
                "removed a key name before the token",
                "removed text after the token",
                "removed surrounding quotes",
            ],
        ),
        (
            format!("\"user_token\": \"{token}\""),
            vec![
                "removed a key name before the token",
                "removed surrounding quotes",
            ],
        ),
        (
            format!("userToken={token}&sandbox=true"),
            vec![
                "removed a key name before the token",
                "removed text after the token",
            ],
        ),
        (
            format!("{}\n{}", &token[..50], &token[50..]),
            vec!["removed whitespace inside the token"],
        ),
        (
            format!("\u{feff}{token}"),
            vec!["removed a byte order mark"],
        ),
    ];
    for (input, expected) in cases {
        let report = inspect(&input, at(0));
        assert_eq!(
            report.claims().unwrap().user_id(),
            Some(USER),
            "{expected:?}"
        );
        let cleaned = messages(&report, Code::InputCleaned);
        assert_eq!(cleaned, expected);
        assert_eq!(report.fingerprint(), inspect(&token, at(0)).fingerprint());
    }
}

#[test]
fn padding_and_standard_alphabet_are_tolerated() {
    // `{"a":"?>?"}` encodes with `+` and `/` in the standard alphabet.
    let header = STANDARD.encode(r#"{"alg": "HS256"}"#);
    let payload = STANDARD.encode(r#"{"a":"?>?","b":"~~~"}"#);
    assert!(payload.contains('/') || payload.contains('+'), "{payload}");
    let report = inspect(format!("{header}.{payload}.c2ln"), at(0));
    assert_eq!(report.claims().unwrap().value("a"), Some(json!("?>?")));
    let cleaned = messages(&report, Code::InputCleaned);
    assert!(
        cleaned.contains(&"removed '=' padding from the header"),
        "{cleaned:?}"
    );
    assert!(
        cleaned.contains(
            &"read '+' and '/' of the standard base64 alphabet in the payload as '-' and '_'"
        ),
        "{cleaned:?}"
    );
}

#[test]
fn non_canonical_base64_is_noticed() {
    // "e30" is `{}`; "e31" decodes the same with a stray low bit.
    let report = inspect("eyJhbGciOiJIUzI1NiJ9.e31.c2ln", at(0));
    assert!(report.error().is_none());
    assert_eq!(
        message(&report, Code::NonCanonicalBase64),
        "the last character of the payload has unused bits set: another encoder, or an altered token"
    );
}

#[test]
fn a_header_cache_reads_a_header_again_as_the_inspector_reads_it() {
    // A header cache remembers the last header decoded; repeating, alternating
    // and noted headers must read as if each token were the first.
    let plain = signed(&user_token(0, 3600));
    let other = raw(r#"{"alg":"RS256","kid":"k1"}"#, r#"{"sub":"x"}"#, "c2ln");
    let padded = format!("{}.e30.c2ln", STANDARD.encode(r#"{"alg": "HS256"}"#));
    let first: Vec<String> = [&plain, &other, &padded]
        .iter()
        .map(|t| serde_json::to_string(&inspect(t, at(0))).unwrap())
        .collect();
    let inspector = Inspector::new();
    let mut headers = HeaderCache::new();
    for _ in 0..2 {
        for (token, expected) in [&plain, &other, &padded, &padded, &plain, &plain]
            .iter()
            .zip([0, 1, 2, 2, 0, 0])
        {
            let again =
                serde_json::to_string(&inspector.inspect_with(token, at(0), &mut headers)).unwrap();
            assert_eq!(again, first[expected]);
            let line = format!("token={token} end");
            let pasted = inspector.inspect_pasted_with(&line, at(0), &mut headers);
            let alone = inspector.inspect_pasted(&line, at(0));
            assert_eq!(pasted.len(), 1);
            assert_eq!(
                serde_json::to_string(&pasted[0]).unwrap(),
                serde_json::to_string(&alone[0]).unwrap()
            );
        }
    }
    let report = inspector.inspect_with(&padded, at(0), &mut headers);
    assert_eq!(
        messages(&report, Code::InputCleaned),
        ["removed '=' padding from the header"]
    );
    assert_eq!(report.header().unwrap().kid(), None);
    assert_eq!(inspect(&other, at(0)).header().unwrap().kid(), Some("k1"));
}

#[test]
fn duplicate_claims_say_which_counted() {
    let report = inspect(
        raw(
            r#"{"alg":"HS256"}"#,
            r#"{"exp":1,"user_id":"x","exp":2}"#,
            "c2ln",
        ),
        at(0),
    );
    assert_eq!(report.expires_at(), Some(at(2)));
    assert_eq!(
        message(&report, Code::DuplicateName),
        "claim 'exp' appears 2 times; the last value counted"
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

#[test]
fn json_report_schema() {
    let token = signed(&user_token(1649889485, 1652481485));
    let json: Value = serde_json::to_value(inspect(&token, at(1_700_000_000))).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "header",
        "claims",
        "issuer",
        "environment",
        "issued_at",
        "expires_at",
        "expired",
        "diagnostics",
        "error",
        "fingerprint",
        "lifetime_seconds",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    assert_eq!(json["header"], json!({"typ": "JWT", "alg": "HS256"}));
    assert_eq!(json["claims"], user_token(1649889485, 1652481485));
    assert_eq!(json["issuer"], "argyle-core-auth-prod");
    assert_eq!(json["environment"], "production");
    assert_eq!(json["issued_at"], "2022-04-13T22:38:05Z");
    assert_eq!(json["expires_at"], "2022-05-13T22:38:05Z");
    assert_eq!(json["expired"], true);
    assert_eq!(json["lifetime_seconds"], 2592000);
    assert_eq!(json["error"], Value::Null);
    assert_eq!(
        json["diagnostics"][0],
        json!({"severity": "info", "code": "expired", "message": "expired 1 year ago (2022-05-13T22:38:05Z)"})
    );

    let bad: Value = serde_json::to_value(inspect("a", at(0))).unwrap();
    assert_eq!(
        bad["error"],
        json!({"kind": "segment-count", "part": "token", "offset": null,
               "message": "expected 3 segments separated by '.' (5 for an encrypted token), found 1"})
    );
    for key in [
        "header",
        "claims",
        "issuer",
        "environment",
        "issued_at",
        "expires_at",
        "expired",
    ] {
        assert_eq!(bad[key], Value::Null, "{key}");
    }
}

#[test]
fn nothing_secret_in_debug_display_or_json() {
    let token = signed(&user_token(1, 2));
    let signature = token.rsplit('.').next().unwrap();
    let report = inspect(format!("Bearer {token}"), at(0));
    let outputs = [
        format!("{report:?}"),
        report.human().to_string(),
        serde_json::to_string(&report).unwrap(),
        format!("{:?}", report.token().unwrap()),
    ];
    for out in outputs {
        assert!(!out.contains(signature), "signature leaked");
        assert!(!out.contains(&token[..40]), "token text leaked");
    }
}

#[test]
fn human_report_shows_claims_times_and_diagnostics() {
    let report = inspect(SAMPLE, at(1_700_000_000));
    let text = report.human().to_string();
    let expected_lines = [
        format!("production user token for user {USER}, expired 1 year ago, signature not checked"),
        "  alg          HS256".to_owned(),
        "  signature    32 bytes (not shown)".to_owned(),
        "  iss          argyle-core-auth-prod  (production)".to_owned(),
        "  iat          1649889485  (2022-04-13T22:38:05Z, 1 year ago)".to_owned(),
        "  exp          1652481485  (2022-05-13T22:38:05Z, expired 1 year ago)".to_owned(),
        "  lifetime     30 days".to_owned(),
        "  expired                  expired 1 year ago (2022-05-13T22:38:05Z)".to_owned(),
    ];
    for line in expected_lines {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
}

#[test]
fn hostile_text_in_claims_is_escaped_for_people() {
    let claims = json!({"user_id": "evil\u{202e}txt.exe\u{1b}[31m", "kid": "x"});
    let text = inspect(signed(&claims), at(0)).human().to_string();
    assert!(!text.contains('\u{202e}') && !text.contains('\u{1b}'));
    assert!(text.contains("evil\\u{202e}txt.exe\\u{1b}[31m"), "{text}");
}

#[test]
fn parse_instant_reads_what_people_paste() {
    let expect = at(1652481485);
    for text in [
        "1652481485",
        "1652481485000",
        "2022-05-13T22:38:05Z",
        "2022-05-14T00:38:05+02:00",
        "2022-05-13 22:38:05",
        "2022-05-13T22:38:05",
    ] {
        assert_eq!(usertoken::parse_instant(text), Some(expect), "{text}");
    }
    assert_eq!(
        usertoken::parse_instant("2022-05-13 22:38:05.250"),
        Some(expect + chrono::TimeDelta::milliseconds(250))
    );
    assert_eq!(usertoken::parse_instant("yesterday"), None);
    assert_eq!(usertoken::parse_instant(""), None);
}

#[test]
fn a_pretty_printed_payload_is_one_line_of_json() {
    let payload = "{\n  \"user_id\": \"u\",\r\n  \"extra\": {\n    \"a\": [1,\r\n 2]\n  }\n}";
    let report = inspect(raw(r#"{"alg":"HS256"}"#, payload, "c2ln"), at(0));
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(['\n', '\r']), "{json}");
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["claims"],
        json!({"user_id": "u", "extra": {"a": [1, 2]}})
    );
    let mut written = Vec::new();
    report.write_json(&mut written).unwrap();
    let written = String::from_utf8(written).unwrap();
    assert!(
        !written.trim_end_matches('\n').contains(['\n', '\r']),
        "{written}"
    );
}

#[test]
fn one_of_client_id_and_user_id_makes_a_user_token() {
    for claims in [
        json!({"user_id": USER, "iss": "argyle-core-auth-prod", "exp": 2}),
        json!({"client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414", "iss": "argyle-core-auth-prod", "exp": 2}),
    ] {
        let report = inspect(signed(&claims), at(0));
        let verdict = report.human().headline().to_string();
        assert!(verdict.starts_with("production user token"), "{verdict}");
        assert!(!codes(&report).contains(&"refresh-token"));
    }
    let neither = json!({"sub": USER, "iss": "argyle-core-auth-prod", "exp": 2});
    let verdict = inspect(signed(&neither), at(0))
        .human()
        .headline()
        .to_string();
    assert!(
        verdict.starts_with("production legacy refresh token (no client_id or user_id)"),
        "{verdict}"
    );
}

/// Emoji, right-to-left text and a combining mark in `user_id`, NUL in
/// `client_id`, a lone surrogate in `sub`, an emoji and a combining mark in
/// claim names, a bidi override in a value.
const NON_ASCII: &str = r#"{"user_id":"\ud83d\ude00\u05e9\u05dc\u05d5\u05dd e\u0301","client_id":"a\u0000b","sub":"\ud800x","iss":"argyle-core-auth-prod","iat":1699999400,"exp":1700003000,"n\u00e4me\ud83d\ude00":"v","e\u0301x":"\u202eevil"}"#;

#[test]
fn non_ascii_claims_in_the_human_report() {
    let report = inspect(
        raw(r#"{"alg":"HS256"}"#, NON_ASCII, "c2ln"),
        at(1_700_000_000),
    );
    let text = report.human().to_string();
    assert_eq!(
        text.lines().next().unwrap(),
        "production user token for user 😀שלום e\u{301}, expires in 50 minutes, 2 warnings, signature not checked"
    );
    for line in [
        "  client_id    a\\u{0}b",
        "  user_id      😀שלום e\u{301}",
        // A lone surrogate is no text: the raw JSON is shown.
        r#"  sub          "\ud800x""#,
        // Names padded by display width: 😀 takes two columns, the
        // combining mark none.
        "  näme😀       v",
        "  e\u{301}x           \\u{202e}evil",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(!text.contains(['\0', '\u{202e}']));
    assert_eq!(
        message(&report, Code::UnexpectedClaimType),
        "claim sub is a string with a lone surrogate escape, expected text"
    );
}

#[test]
fn non_ascii_claims_in_json_and_the_summary() {
    let report = inspect(
        raw(r#"{"alg":"HS256"}"#, NON_ASCII, "c2ln"),
        at(1_700_000_000),
    );
    let json = serde_json::to_string(&report).unwrap();
    // The claims as they were written, escapes and all.
    assert!(json.contains(&format!(r#""claims":{NON_ASCII}"#)), "{json}");
    let mut direct = Vec::new();
    report.write_json(&mut direct).unwrap();
    assert_eq!(String::from_utf8(direct).unwrap(), json);
    assert_eq!(
        report.summary().to_string(),
        "environment production, user_id '😀שלום e\u{301}', client_id 'a\\u{0}b', issued 2023-11-14T22:03:20Z, expires in 50 minutes as of 2023-11-14T22:13:20Z, signature not checked, problems unexpected-claim-type missing-claim, fingerprint 0f80ab324e975f45"
    );
    let claims = report.claims().unwrap();
    assert_eq!(claims.user_id(), Some("😀שלום e\u{301}"));
    assert_eq!(claims.client_id(), Some("a\0b"));
    assert_eq!(claims.sub(), None);
}
