//! Finding tokens: every context, adjacent tokens, five-segment JWEs, byte
//! offsets, kinds, headers of every shape, padded segments.

use super::*;

#[test]
fn finds_tokens_in_every_context() {
    let t = token();
    let contexts = [
        t.clone(),
        format!("Authorization: Bearer {t}"),
        format!("Authorization: Bearer {t}\r\n"),
        format!(r#"{{"user_token":"{t}","user":"u"}}"#),
        format!(r#"{{"msg":"{{\"userToken\":\"{t}\"}}"}}"#),
        format!("GET /link?userToken={t}&sandbox=true HTTP/1.1"),
        format!("GET /link?userToken={t}"),
        format!("Cookie: session={t}; Path=/; HttpOnly"),
        format!("token='{t}'"),
        format!("token=\"{t}\" reason=expired"),
        format!("Argyle.create({{userToken: '{t}', sandbox: true}})"),
        format!("check({t})"),
        format!("[{t}]"),
        format!(r#"<div data-user-token="{t}"></div>"#),
        format!("<token>{t}</token>"),
        format!("ts,level,{t},end"),
        format!("a;{t};b"),
        format!("xyz{t} glued"),
        format!("prefix_{t}"),
        format!("0123{t}"),
        format!("The token was {t}."),
        format!("token: {t}\tnext"),
        format!("{t}\u{a0}non-breaking"),
    ];
    for text in &contexts {
        finds_one(text, &t);
    }
}

#[test]
fn finds_adjacent_tokens() {
    let (a, b) = (token(), other_token());
    for sep in [",", " ", "\n", ";", "&", "\",\"", " | "] {
        let text = format!("{a}{sep}{b}");
        assert_eq!(
            found(&text),
            [(&*a, TokenKind::Jws), (&*b, TokenKind::Jws)],
            "{sep:?}"
        );
    }
    // Glued to each other, a signature runs into the next header, and a
    // payload (a claims set) anchors the rest: what is found covers the
    // text whole.
    let text = format!("{a}{a}{a}");
    let found: Vec<_> = find_tokens(&text).collect();
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].start(), 0);
    for pair in found.windows(2) {
        assert_eq!(pair[0].glued_end(), pair[1].start());
    }
    assert_eq!(found[2].glued_end(), text.len());
}

#[test]
fn an_empty_payload_reads_as_a_jwe_when_five_segments_allow() {
    // Without `enc`, five segments whose second is empty are a JWE with no
    // encrypted key (`dir`), not a detached JWS and three more segments.
    let header = b64(r#"{"alg":"dir"}"#);
    let text = format!("x {header}..aXY.Y3Q.dGFn y");
    let found: Vec<_> = find_tokens(&text)
        .map(|f| (&text[f.token_range()], f.kind()))
        .collect();
    assert_eq!(found, [(&text[2..text.len() - 2], TokenKind::Jwe)]);
    // With three segments it is a detached JWS.
    let text = format!("x {header}..c2ln y");
    let found: Vec<_> = find_tokens(&text)
        .map(|f| (&text[f.token_range()], f.kind()))
        .collect();
    assert_eq!(found, [(&text[2..text.len() - 2], TokenKind::Jws)]);
}

#[test]
fn offsets_are_byte_offsets() {
    let t = token();
    let text = format!("é {t} ü {t}");
    let ranges: Vec<_> = find_tokens(&text).map(|f| f.token_range()).collect();
    assert_eq!(ranges, [3..3 + t.len(), 7 + t.len()..7 + 2 * t.len()]);
}

#[test]
fn kinds() {
    let h = b64(r#"{"alg":"none"}"#);
    let p = b64(r#"{"sub":"u"}"#);
    let unsigned = format!("{h}.{p}.");
    assert_eq!(
        found(&format!("x {unsigned} y")),
        [(&*unsigned, TokenKind::Unsigned)]
    );
    // A sentence that ends in an unsigned token keeps its dot in the token.
    assert_eq!(
        found(&format!("see {unsigned}")),
        [(&*unsigned, TokenKind::Unsigned)]
    );

    let jwe_header = b64(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let jwe = format!("{jwe_header}.a2V5.aXY.Y2lwaGVy.dGFn");
    assert_eq!(found(&format!("x {jwe} y")), [(&*jwe, TokenKind::Jwe)]);
    let direct = format!(
        "{}..aXY.Y2lwaGVy.dGFn",
        b64(r#"{"alg":"dir","enc":"A128GCM"}"#)
    );
    assert_eq!(found(&format!("({direct})")), [(&*direct, TokenKind::Jwe)]);

    // Five segments without `enc`: a JWS, and the rest is left.
    let t = token();
    let text = format!("{t}.Y2lwaGVy.dGFn");
    assert_eq!(found(&text), [(&*t, TokenKind::Jws)]);
    // An `enc` header with only three segments is still a token.
    let three = format!("{jwe_header}.a2V5.aXY");
    assert_eq!(found(&three), [(&*three, TokenKind::Jws)]);
}

#[test]
fn headers_of_every_shape() {
    let p = b64(r#"{"sub":"u"}"#);
    for header in [
        r#"{"alg":"HS256"}"#,
        r#"{ "alg": "HS256" }"#,
        "{\n  \"alg\": \"HS256\"\n}",
        "{\t\"alg\":\"HS256\"}",
        "{\r\n\"alg\":\"HS256\"}",
        "{}",
        "{ }",
        r#"{"":1}"#,
        r#"{"1":1}"#,
        r#"{"\u00e9":1}"#,
        "{\"é\":1}",
        r#"{"alg":"HS256"}  "#,
    ] {
        let t = format!("{}.{p}.c2ln", b64(header));
        finds_one(&format!("k={t} "), &t);
        assert_eq!(t.as_bytes()[0], b'e');
    }
}

#[test]
fn padded_segments() {
    // `{"a":"HS"}` is 10 bytes: two `=` when padded.
    let h = URL_SAFE.encode(r#"{"a":"HS"}"#);
    assert!(h.ends_with("=="));
    let p = URL_SAFE.encode(r#"{"sub":"u1"}"#);
    let s = URL_SAFE.encode("sig");
    let t = format!("{h}.{p}.{s}");
    finds_one(&format!("Bearer {t}\n"), &t);
    let t = format!("{h}.{p}.c2lnbg==");
    finds_one(&format!("Bearer {t}&x"), &t);
    // Padding that does not fit the segment is not part of it.
    let t = format!("{h}.{p}.c2ln");
    finds_one(&format!("q={t}=b"), &t);
}
