use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{EncodingKey, Header};
use proptest::prelude::*;
use serde_json::json;
use usertoken::{find_tokens, scan_reader, Piece, TokenKind, DEFAULT_MAX_LEN};

mod helpers;
use helpers::tokens::b64;

/// A user token made by jsonwebtoken, the oracle.
fn token() -> String {
    let claims = json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": 1652481485, "iat": 1649889485,
        "iss": "argyle-core-auth-prod",
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
    });
    jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(b"k")).unwrap()
}

fn other_token() -> String {
    let claims = json!({ "sub": "another", "iss": "argyle-core-auth-sandbox", "exp": 1 });
    jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(b"k")).unwrap()
}

/// The tokens found in `text`, as text and kind.
#[track_caller]
fn found(text: &str) -> Vec<(&str, TokenKind)> {
    find_tokens(text)
        .map(|f| (&text[f.range()], f.kind()))
        .collect()
}

/// `text` holds exactly `token`, found whole as a JWS.
#[track_caller]
fn finds_one(text: &str, token: &str) {
    assert_eq!(found(text), [(token, TokenKind::Jws)], "in {text:?}");
}

/// `token`, alone in a line of text, is found whole as a damaged token.
#[track_caller]
fn finds_damaged(token: &str) {
    let text = format!("x {token} y");
    assert_eq!(found(&text), [(token, TokenKind::Damaged)], "in {text:?}");
}

#[track_caller]
fn finds_none(text: &str) {
    assert_eq!(found(text), [], "in {text:?}");
}

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
    // payload (a JSON object too) can start a token: what is found covers
    // all but the last signature.
    let text = format!("{a}{a}{a}");
    let ranges: Vec<_> = find_tokens(&text).map(|f| f.range()).collect();
    let last_sig = a.rsplit('.').next().unwrap().len();
    assert_eq!(ranges.len(), 2);
    assert_eq!(ranges[0].start, 0);
    assert_eq!(ranges[1].end, text.len() - last_sig - 1);
}

#[test]
fn an_empty_payload_reads_as_a_jwe_when_five_segments_allow() {
    // Without `enc`, five segments whose second is empty are a JWE with no
    // encrypted key (`dir`), not a detached JWS and three more segments.
    let header = b64(r#"{"alg":"dir"}"#);
    let text = format!("x {header}..aXY.Y3Q.dGFn y");
    let found: Vec<_> = find_tokens(&text)
        .map(|f| (&text[f.range()], f.kind()))
        .collect();
    assert_eq!(found, [(&text[2..text.len() - 2], TokenKind::Jwe)]);
    // With three segments it is a detached JWS.
    let text = format!("x {header}..c2ln y");
    let found: Vec<_> = find_tokens(&text)
        .map(|f| (&text[f.range()], f.kind()))
        .collect();
    assert_eq!(found, [(&text[2..text.len() - 2], TokenKind::Jws)]);
}

#[test]
fn offsets_are_byte_offsets() {
    let t = token();
    let text = format!("é {t} ü {t}");
    let ranges: Vec<_> = find_tokens(&text).map(|f| f.range()).collect();
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
    assert_eq!(&text[found[0].range()], t.as_bytes());
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

#[test]
fn scan_reader_pieces_give_the_input_back() {
    let t = token();
    let text = format!("line one\nBearer {t}\n{t},{t}.\nend");
    let mut back = Vec::new();
    let mut tokens = Vec::new();
    scan_reader(text.as_bytes(), |piece| {
        match piece {
            Piece::Text(bytes) => back.extend_from_slice(bytes),
            Piece::Token {
                offset,
                kind,
                text,
                glued,
                ..
            } => {
                tokens.push((offset, kind, text.len()));
                back.extend_from_slice(text);
                back.extend_from_slice(glued);
            }
            _ => unreachable!(),
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(back, text.as_bytes());
    let n = t.len() as u64;
    assert_eq!(
        tokens,
        [
            (16, TokenKind::Jws, t.len()),
            (17 + n, TokenKind::Jws, t.len()),
            (18 + 2 * n, TokenKind::Jws, t.len())
        ]
    );
}

#[test]
fn debug_never_shows_token_text() {
    let t = token();
    let text = format!("Bearer {t}");
    let found = find_tokens(&text).next().unwrap();
    let mut all = format!("{found:?} {:?}", find_tokens(&text));
    scan_reader(text.as_bytes(), |piece| {
        all.push_str(&format!("{piece:?}"));
        Ok(())
    })
    .unwrap();
    for part in t.split('.') {
        assert!(!all.contains(&part[..8]), "{all}");
    }
    assert!(!all.contains("Bearer"));
}

/// The finder's rules, modelled slowly and on their own (shared with the
/// `redact` fuzz target).
#[path = "../fuzz/checks/reference.rs"]
mod model;
use model::reference;

/// Text made of the pieces tokens are made of, so that near-misses are
/// common: headers, dots, padding, base64url runs, separators.
fn tokenish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => Just(b64(r#"{"alg":"HS256"}"#).into_bytes()),
        1 => Just(b64(r#"{"alg":"A","enc":"B"}"#).into_bytes()),
        1 => Just(b64(r#"{ "a": 1 }"#).into_bytes()),
        1 => Just(b"e30".to_vec()),
        1 => Just(b"eyJ".to_vec()),
        1 => Just(b"ew".to_vec()),
        1 => Just(b"e".to_vec()),
        6 => Just(b".".to_vec()),
        1 => Just(b"..".to_vec()),
        1 => Just(b"=".to_vec()),
        1 => Just(b" ".to_vec()),
        1 => Just(b",".to_vec()),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"\xff".to_vec()),
        // What glues to a token, or ends the glue.
        1 => prop::sample::select(vec!["!", "+/", ":", "?", "%2", "!x:"]).prop_map(|s| s.as_bytes().to_vec()),
        // Encoded dots, line breaks with the prefixes of a wrap, payloads.
        1 => prop::sample::select(vec!["%2E", "%2e", "\\u002e", "\\u00", "\n  ", "\r\n", "\n> ", "\n>"]).prop_map(|s| s.as_bytes().to_vec()),
        2 => Just(b64(r#"{"sub":"u","exp":1}"#).into_bytes()),
        // An object without `alg`: a token only when a payload follows.
        1 => Just(b64(r#"{"typ":"JWT"}"#).into_bytes()),
        1 => Just(b64(r#"{"alg":"HS256","typ":"JWT"}"#).as_bytes()[..20].to_vec()),
        1 => "[A-Za-z0-9_-]{43}".prop_map(String::into_bytes),
        4 => "[A-Za-z0-9_-]{1,12}".prop_map(String::into_bytes),
        // Runs dense with `e` pairs that their third character rules out.
        1 => "(ey|ew|e3|e|x{1,20}){1,40}".prop_map(String::into_bytes),
        1 => "[a-z.]{1,6}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn agrees_with_the_reference(text in tokenish()) {
        let fast: Vec<_> = find_tokens(&text).map(|f| (f.start(), f.end(), f.glued_end(), f.kind())).collect();
        prop_assert_eq!(fast, reference(&text));
    }

    #[test]
    fn agrees_with_the_reference_on_any_bytes(text in prop::collection::vec(any::<u8>(), 0..200)) {
        let fast: Vec<_> = find_tokens(&text).map(|f| (f.start(), f.end(), f.glued_end(), f.kind())).collect();
        prop_assert_eq!(fast, reference(&text));
    }

    #[test]
    fn streaming_finds_the_same(text in tokenish(), chunks in prop::collection::vec(prop_oneof![1usize..4, 1usize..40], 1..50)) {
        let fast: Vec<_> = find_tokens(&text).map(|f| (f.start(), f.end(), f.kind())).collect();
        prop_assert_eq!(streamed(&text, chunks), fast);
    }
}

/// The tokens `scan_reader` finds when `text` comes in chunks of `sizes`.
fn streamed(text: &[u8], sizes: Vec<usize>) -> Vec<(usize, usize, TokenKind)> {
    let mut found = Vec::new();
    let reader = Chunked {
        data: text,
        sizes,
        at: 0,
    };
    scan_reader(reader, |piece| {
        if let Piece::Token {
            offset, kind, text, ..
        } = piece
        {
            found.push((offset as usize, offset as usize + text.len(), kind));
        }
        Ok(())
    })
    .unwrap();
    found
}

/// A token anchored by its payload, after an encoded dot that a read may
/// cut (`%2` in one read, `e` and the header in the next): the stream
/// keeps the `%2` back and finds the token the whole text holds.
#[test]
fn an_encoded_dot_cut_by_a_read_stays_held() {
    let payload = b64(r#"{"exp":[],"user_id":0}"#);
    for dot in ["%2e", "%2E", "\\u002e"] {
        // The first segment decodes to an object without `alg`: only the
        // payload after it anchors a token, which starts before the dot.
        let text = format!("{dot}{}.{payload} . . g", b64(r#"{"typ":"JWT"}"#));
        let whole: Vec<_> = find_tokens(text.as_bytes())
            .map(|f| (f.start(), f.end(), f.kind()))
            .collect();
        assert_eq!(whole.len(), 1, "{dot}");
        for cut in 1..text.len() {
            assert_eq!(
                streamed(text.as_bytes(), vec![cut, text.len()]),
                whole,
                "{dot} cut at {cut}"
            );
        }
        for size in 1..8 {
            assert_eq!(
                streamed(text.as_bytes(), vec![size]),
                whole,
                "{dot} in chunks of {size}"
            );
        }
    }
}

/// A live log (`tail -f app.log | usertoken redact`) is handed on as it
/// comes: a line that ends like the start of a header (a header a wrap may
/// have broken) is held back only until the next line says it is not one.
#[test]
fn a_stream_hands_text_on_a_line_behind_at_most() {
    use std::cell::Cell;
    use std::rc::Rc;

    /// Hands out one line a read, and notes how far what was handed on
    /// lags behind what was read, each time more is asked for.
    struct Lines {
        line: &'static [u8],
        left: usize,
        read: usize,
        handed: Rc<Cell<usize>>,
        lag: usize,
    }
    impl std::io::Read for Lines {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.lag = self.lag.max(self.read - self.handed.get());
            if self.left == 0 {
                return Ok(0);
            }
            self.left -= 1;
            buf[..self.line.len()].copy_from_slice(self.line);
            self.read += self.line.len();
            Ok(self.line.len())
        }
    }
    let line = b"12:00:01 INFO header eyJhbGciOiJIUzI1NiIsInR5c\n";
    let handed = Rc::new(Cell::new(0));
    let mut reader = Lines {
        line,
        left: 300,
        read: 0,
        handed: handed.clone(),
        lag: 0,
    };
    scan_reader(&mut reader, |piece| {
        if let Piece::Text(text) = piece {
            handed.set(handed.get() + text.len());
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(handed.get(), 300 * line.len());
    assert!(
        reader.lag <= 2 * line.len(),
        "{} bytes held back",
        reader.lag
    );
}

/// A reader that hands out its data in the given chunk sizes, cycling.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    at: usize,
}

impl std::io::Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let size = self.sizes[self.at % self.sizes.len()];
        self.at += 1;
        let n = size.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

#[cfg(feature = "cli")]
mod common;

#[cfg(feature = "cli")]
mod cli {
    use std::path::PathBuf;
    use std::process::Output;

    use serde_json::{json, Value};
    use usertoken::Fingerprint;

    use super::{other_token, token};

    #[track_caller]
    fn run(args: &[&str], stdin: &str) -> Output {
        crate::common::cli(args)
            .stdin(stdin)
            .secret(&[token(), other_token()])
            .run()
    }

    fn lines(output: &Output) -> Vec<Value> {
        std::str::from_utf8(&output.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn one_json_line_per_token() {
        let (t, o) = (token(), other_token());
        let log = format!("start\nAuthorization: Bearer {t}\nx\n{o},{t}\n");
        let out = run(&["scan", "--now", "1652481484"], &log);
        assert!(out.status.success());
        let fp = Fingerprint::of(t.as_bytes()).to_string();
        let found = lines(&out);
        assert_eq!(
            found[0],
            json!({
                "file": "-", "offset": 28, "line": 2, "column": 23, "length": t.len(),
                "kind": "jws",
                "fingerprint": fp, "issuer": "argyle-core-auth-prod",
                "environment": "production",
                "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
                "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
                "expires_at": "2022-05-13T22:38:05Z", "expired": false,
            })
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[1]["line"], 4);
        assert_eq!(found[1]["environment"], "sandbox");
        assert_eq!(found[1]["user_id"], Value::Null);
        assert_eq!(found[1]["expired"], true);
        assert_eq!(found[2]["offset"], 28 + t.len() + 3 + o.len() + 1);
        assert_eq!(found[2]["fingerprint"], found[0]["fingerprint"]);
    }

    #[test]
    fn files_in_order_and_missing_ones_named() {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let a = dir.join("scan-a.log");
        std::fs::write(&a, format!("{}\n", token())).unwrap();
        let missing = dir.join("scan-missing.log");
        let jwe = format!(
            "{}.a2V5.aXY.Y2lwaGVy.dGFn",
            super::b64(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
        );
        let out = run(
            &[
                "scan",
                "--now",
                "0",
                missing.to_str().unwrap(),
                a.to_str().unwrap(),
                "-",
            ],
            &format!("\n\n({jwe})"),
        );
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "usertoken: cannot read {}: no such file or directory\n",
                missing.display()
            )
        );
        let found = lines(&out);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0]["file"], a.to_str().unwrap());
        assert_eq!(found[1]["file"], "-");
        assert_eq!(found[1]["kind"], "jwe");
        assert_eq!(found[1]["line"], 3);
        assert_eq!(found[1]["offset"], 3);
        assert_eq!(found[1]["environment"], Value::Null);
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    /// Any JSON object, compact or pretty, makes a header.
    #[test]
    fn any_json_object_is_a_header(
        members in prop::collection::btree_map(any::<String>(), json_value(), 0..5),
        pretty in any::<bool>(),
    ) {
        let object = serde_json::Value::Object(members.into_iter().collect());
        let json = if pretty {
            serde_json::to_string_pretty(&object).unwrap()
        } else {
            serde_json::to_string(&object).unwrap()
        };
        let t = format!("{}.{}.c2ln", b64(&json), b64(r#"{"sub":"u"}"#));
        let text = format!("x={t}&y");
        prop_assert_eq!(found(&text), [(&*t, TokenKind::Jws)]);
    }
}
