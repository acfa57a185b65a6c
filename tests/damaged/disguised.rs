//! Encoded dots, extra segments, the standard alphabet, a stray byte, a
//! first segment that is not JSON: hidden all the same.

use super::*;

#[test]
fn encoded_dots_are_dots() {
    let token = hs256(&claims());
    for (dot, before, after) in [
        ("%2E", "next=%2Flink%3FuserToken%3D", "%26sandbox%3Dtrue"),
        ("%2e", "next=%2Flink%3FuserToken%3D", "&x=1"),
        ("\\u002e", r#"{"msg":"userToken=\u0022"#, r#"\u0022"}"#),
        ("\\u002E", r#"{"t":""#, r#""}"#),
    ] {
        let text = format!("{before}{}{after}", token.replace('.', dot));
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert_eq!(out, format!("{before}{MASK}{after}"));
        assert_eq!(
            scanned(&text),
            [(TokenKind::Jws, Some(USER.to_owned()))],
            "{dot}"
        );
    }
    // The reader reads a pasted token with encoded dots, and says so.
    let report = inspect(
        token.replace('.', "%2E"),
        DateTime::from_timestamp(0, 0).unwrap(),
    );
    assert!(report
        .diagnostics()
        .iter()
        .any(|d| d.message().contains("'%2E'")));
}

#[test]
fn extra_segments_go_with_the_token() {
    let token = hs256(&claims());
    let sig = signature(&token);
    for text in [
        format!("a {token}.x b"),
        format!("a {token}.{sig} b"),
        format!("a {token}.{sig}.{sig}.{sig} b"),
        format!("a {token}%2E{sig} b"),
        // An extra segment that begins as a header may (`ewk`, `e30`) but
        // ends without a dot or line break after it cannot begin a token:
        // it is glued, whatever it holds (here the signature again).
        format!("a {token}.ewk{sig} b"),
        format!("a {token}.e30{sig}.{sig} b"),
    ] {
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert_eq!(out, format!("a {MASK} b"), "{text}");
    }
}

#[test]
fn the_standard_alphabet_is_found_as_the_reader_reads_it() {
    // Claims whose base64 has `+` and `/`.
    let claims = json!({"user_id": USER, "note": "?>?>~~~"});
    let header = STANDARD_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = STANDARD_NO_PAD.encode(claims.to_string());
    assert!(payload.contains('+') || payload.contains('/'));
    let sig = URL_SAFE_NO_PAD.encode([7u8; 32]);
    let token = format!("{header}.{payload}.{sig}");
    assert!(usertoken::Token::parse(&token).is_ok());
    let text = format!("url=/x/{token}/y more");
    let out = String::from_utf8(hides(&text, &token)).unwrap();
    assert_eq!(out, format!("url=/x/{MASK} more"));
    assert_eq!(scanned(&text), [(TokenKind::Jws, Some(USER.to_owned()))]);
}

#[test]
fn a_damaged_byte_hides_nothing() {
    let token = hs256(&claims());
    let parts: Vec<&str> = token.split('.').collect();
    let [h, p, s] = parts[..] else { panic!() };
    let mid = p.len() / 2;
    let cases = [
        // One byte inside the payload: `!`, a space.
        (
            format!("{h}.{}!{}.{s}", &p[..mid], &p[mid + 1..]),
            TokenKind::Damaged,
        ),
        (
            format!("{h}.{} {}.{s}", &p[..mid], &p[mid..]),
            TokenKind::Damaged,
        ),
        // A stray byte in place of the payload's or the header's last
        // character, just before the dot.
        (
            format!("{h}.{} .{s}", &p[..p.len() - 1]),
            TokenKind::Damaged,
        ),
        (
            format!("{}!.{p}.{s}", &h[..h.len() - 1]),
            TokenKind::Damaged,
        ),
        // A payload one character short.
        (format!("{h}.{}.{s}", &p[1..]), TokenKind::Jws),
        // A header with a stray byte, a first segment that is not JSON.
        (
            format!("{}!{}.{p}.{s}", &h[..5], &h[5..]),
            TokenKind::Damaged,
        ),
        (
            format!("{}.{p}.{s}", URL_SAFE_NO_PAD.encode("not json")),
            TokenKind::Damaged,
        ),
        (format!(".{p}.{s}"), TokenKind::Damaged),
        // A space inside the signature.
        (
            format!("{h}.{p}.{} {}", &s[..20], &s[20..]),
            TokenKind::Damaged,
        ),
        // Cut off after the payload: nothing of a signature is left, but
        // the token still goes.
        (format!("{h}.{p}"), TokenKind::Truncated),
    ];
    for (damaged, kind) in cases {
        let text = format!("log: {damaged} next");
        hides(&text, &token);
        let found: Vec<_> = find_tokens(&text).map(|f| f.kind()).collect();
        assert_eq!(found, [kind], "{damaged}");
        let out = String::from_utf8(mask().redact_bytes(text.as_bytes()).into_owned()).unwrap();
        assert!(out.starts_with("log: ") && out.ends_with(" next"), "{out}");
    }
}
