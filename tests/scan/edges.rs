//! Near misses and limits: what is left alone, a JOSE header and payload
//! cut off, headers as deep as the reader reads, invalid UTF-8 and CRLF, the
//! length limit, long runs and ruled-out pairs.

use super::*;

#[test]
fn leaves_everything_else_alone() {
    for text in [
        "com.example.app.MainActivity",
        "version=5.12.1 build 3.14.2",
        "api-3.internal.example.com eyeglasses.example",
        "a.b.c d.e.f",
        "user=017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "payload=ShDvltDkeSAkEXtvIKivBrIvlPz5uAvKt8rNExzNUj0NOJXyuURZK7LUXWi200Yp+nBwLQ==",
        "eyJ.notatoken",
        "eyJhbGciOiJIUzI1NiJ9 alone, and eyJhIjoxfQ.json, a blob that is no header",
        "the key.ey.e3 they.say",
        "e30.e30",
        "1.2.3.4.5 e.f.g.h.i",
        "...",
        "",
        "eyJ",
        "ey",
        "e",
    ] {
        finds_none(text);
    }
    let p = b64(r#"{"sub":"u"}"#);
    // First segments that are JSON but not an object, or not JSON: no
    // header. With a payload that is not JSON either, no token; with one
    // that is, the payload anchors a damaged token.
    for header in [
        "[1,2]",
        r#""HS256""#,
        "{",
        r#"{"a":1,}"#,
        r#"{"a":1}x"#,
        r#"{"a":1}{"b":2}"#,
        "{\"a\":\"\u{1}\"}",
        "{ not json }",
        r#"{"alg":"HS256""#,
    ] {
        finds_none(&format!("x {}.c2ln.c2ln y", b64(header)));
        finds_damaged(&format!("{}.{p}.c2ln", b64(header)));
    }
    // JSON whose strings are not UTF-8.
    let mut bad = br#"{"a":"#.to_vec();
    bad.extend_from_slice(b"\"\xff\"}");
    finds_none(&format!("{}.c2ln.c2ln", URL_SAFE_NO_PAD.encode(&bad)));
    finds_damaged(&format!("{}.{p}.c2ln", URL_SAFE_NO_PAD.encode(&bad)));
    // Whatever the reader reads is found: a header in the standard
    // alphabet, with its padding.
    let h = STANDARD.encode(r#"{"a":"?>?"}"#);
    assert!(h.contains('/') || h.contains('+'));
    let t = format!("{h}.{p}.c2ln");
    assert!(usertoken::Token::parse(&t).is_ok());
    finds_one(&format!("x {t} y"), &t);
}

#[test]
fn a_jose_header_and_a_payload_are_a_token_cut_off() {
    let h = b64(r#"{"alg":"HS256"}"#);
    let p = b64(r#"{"sub":"u"}"#);
    let t = format!("{h}.{p}");
    assert_eq!(
        found(&format!("cut {t} here")),
        [(&*t, TokenKind::Truncated)]
    );
    // Without `alg` it is no JOSE header, and two segments are no token.
    finds_none(&format!("cut {}.{p} here", b64(r#"{"a":1}"#)));
}

#[test]
fn headers_nest_as_deep_as_the_reader_reads() {
    let p = b64(r#"{"sub":"u"}"#);
    let nested = |levels: usize| {
        let header = format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels));
        format!("{}.{p}.c2ln", b64(&header))
    };
    let t = nested(64);
    assert!(usertoken::Token::parse(&t).is_ok());
    finds_one(&format!(" {t} "), &t);
    assert!(usertoken::Token::parse(&nested(65)).is_err());
    // Too deep for a header: the payload anchors it.
    finds_damaged(&nested(65));
    let t = format!(
        "{}.{p}.c2ln",
        b64(format!(r#"{{"a":{}1{}}}"#, "[".repeat(63), "]".repeat(63)))
    );
    finds_one(&t, &t);
}

#[test]
fn headers_the_reader_reads_are_found() {
    let p = b64(r#"{"sub":"u"}"#);
    // A number no float holds, a lone surrogate escape in a value.
    for header in [
        r#"{"alg":"HS256","x":1e999}"#,
        r#"{"alg":"HS256","x":"\ud800"}"#,
    ] {
        let t = format!("{}.{p}.c2ln", b64(header));
        assert!(usertoken::Token::parse(&t).is_ok(), "{header}");
        finds_one(&format!("a {t} b"), &t);
    }
    // A header the reader refuses is not one the finder takes: a lone
    // surrogate in a name, whitespace before the object.
    for header in [r#"{"\ud800":1}"#, r#" {"alg":"HS256"}"#] {
        let t = format!("{}.{p}.c2ln", b64(header));
        assert!(usertoken::Token::parse(&t).is_err(), "{header}");
        finds_damaged(&t);
    }
}

#[test]
fn invalid_utf8_and_crlf_around_tokens() {
    let t = token();
    let mut text = b"\xff\xfe garbage \xc3(".to_vec();
    text.extend_from_slice(t.as_bytes());
    text.extend_from_slice(b")\r\n\x80\x81");
    let found: Vec<_> = find_tokens(&text).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].token_range()], t.as_bytes());
}

#[test]
fn too_long_is_not_looked_for() {
    let p = "A".repeat(DEFAULT_MAX_LEN);
    let t = format!("{}.{p}.c2ln", b64(r#"{"alg":"none"}"#));
    finds_none(&t);
    let p = "A".repeat(DEFAULT_MAX_LEN - 100);
    let t = format!("{}.{p}.c2ln", b64(r#"{"alg":"none"}"#));
    finds_one(&t, &t);
}

#[test]
fn long_runs_before_a_token() {
    let t = token();
    // A token glued to a long run starts at its header.
    let text = format!("{}{t}", "A".repeat(200_000));
    finds_one(&text, &t);
    let text = format!("{}.{t}", "eyJ".repeat(100_000));
    finds_one(&text, &t);
}

#[test]
fn tokens_after_runs_of_ruled_out_pairs() {
    let t = token();
    // Pairs that look like a header's start but whose third character
    // rules them out, close together or spaced around the distance at
    // which the scanner stops stepping byte by byte (12), and long enough
    // to cross the edge of its search window (32 KiB).
    let mut units: Vec<String> = ["ey", "ewe", "e3x"].map(String::from).to_vec();
    for gap in 8..=12 {
        units.push(format!("ey{}", "x".repeat(gap)));
        units.push(format!("eyey{}", "x".repeat(gap)));
    }
    for unit in &units {
        for len in (0..80).chain(32_700..32_800) {
            let run: String = unit.chars().cycle().take(len).collect();
            for sep in ["", " "] {
                let text = format!("{run}{sep}{t} {run}");
                let starts: Vec<_> = find_tokens(&text).map(|f| f.start()).collect();
                assert_eq!(starts, [len + sep.len()], "{unit:?} × {len} {sep:?}");
            }
        }
    }
}
