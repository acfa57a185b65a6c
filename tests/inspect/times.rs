//! Times: expiry, time claims of every form, times judged against now, and
//! instants as people paste them.

use super::*;

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
