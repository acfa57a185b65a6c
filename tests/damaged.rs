//! Tokens damaged or disguised on their way into text — wrapped over
//! lines, with encoded dots, extra segments, the standard alphabet, a stray
//! byte, a first segment that is not JSON — are hidden all the same; the
//! text around them, and text without a token, is kept byte for byte.

use std::io::Read;

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::DateTime;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use proptest::prelude::*;
use serde_json::{json, Value};
use usertoken::{find_tokens, inspect, scan_reader, Piece, Redactor, Style, TokenKind};

const MASK: &str = "[REDACTED-JWT]";

/// How long a piece of a signature may show: none this long may.
const PIECE: usize = 12;

fn claims() -> Value {
    json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": 1652481485, "iat": 1649889485,
        "iss": "argyle-core-auth-prod",
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
    })
}

/// An HS256 token made by jsonwebtoken, the oracle.
fn hs256(claims: &Value) -> String {
    jsonwebtoken::encode(&Header::default(), claims, &EncodingKey::from_secret(b"k")).unwrap()
}

/// An RS256 token: a signature of 342 characters.
fn rs256() -> String {
    let pem = std::fs::read_to_string("tests/data/rsa-private.pem").unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let key = EncodingKey::from_rsa_der(&der);
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims(), &key).unwrap()
}

fn signature(token: &str) -> &str {
    token.rsplit('.').next().unwrap()
}

fn mask() -> Redactor {
    Redactor::new().style(Style::Mask)
}

/// The first piece of `secret` that shows in `output`.
fn piece<'a>(secret: &'a str, output: &[u8]) -> Option<&'a str> {
    let output = String::from_utf8_lossy(output);
    (0..=secret.len().saturating_sub(PIECE))
        .map(|i| &secret[i..(i + PIECE).min(secret.len())])
        .find(|p| output.contains(p))
}

fn lines(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count()
}

/// Redacted one-shot, streamed in small reads and through the writer.
fn every_way(text: &[u8]) -> [Vec<u8>; 3] {
    let once = mask().redact_bytes(text).into_owned();
    let mut streamed = Vec::new();
    mask()
        .redact_stream(Trickle(text, 7), &mut streamed)
        .unwrap();
    let mut written = Vec::new();
    {
        use std::io::Write;
        let mut w = mask().writer(&mut written);
        for chunk in text.chunks(5) {
            w.write_all(chunk).unwrap();
        }
    }
    [once, streamed, written]
}

/// A reader that hands out at most so many bytes at a time.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// `text` holds `token` in some damaged form: every way of redacting hides
/// every piece of its signature, keeps the lines, agrees with the others.
#[track_caller]
fn hides(text: &str, token: &str) -> Vec<u8> {
    let [once, streamed, written] = every_way(text.as_bytes());
    if let Some(p) = piece(signature(token), &once) {
        panic!(
            "{p:?} of the signature shows in {:?}",
            String::from_utf8_lossy(&once)
        );
    }
    assert_eq!(lines(&once), lines(text.as_bytes()), "lines lost");
    assert_eq!(streamed, once, "streaming differs");
    assert_eq!(written, once, "the writer differs");
    assert!(String::from_utf8_lossy(&once).contains(MASK));
    once
}

/// The tokens `scan_reader` reports in `text`: kind, and what the reader
/// makes of the token text it hands out.
fn scanned(text: &str) -> Vec<(TokenKind, Option<String>)> {
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let mut out = Vec::new();
    scan_reader(text.as_bytes(), |piece| {
        if let Piece::Token { kind, text, .. } = piece {
            let report = inspect(text, now);
            let user = report.claims().and_then(|c| c.user_id()).map(str::to_owned);
            out.push((kind, user));
        }
        Ok(())
    })
    .unwrap();
    out
}

const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";

/// `line` wrapped at `width` as a mail client or a terminal copy does, each
/// continuation line starting with `prefix` (and every line with `quote`).
fn wrap(line: &str, width: usize, newline: &str, prefix: &str, quote: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    let mut first = true;
    while !rest.is_empty() {
        let lead = if first {
            quote.to_owned()
        } else {
            format!("{quote}{prefix}")
        };
        let (head, tail) = rest.split_at((width - lead.len()).min(rest.len()));
        out.push_str(&lead);
        out.push_str(head);
        out.push_str(newline);
        rest = tail;
        first = false;
    }
    out
}

#[test]
fn wrapped_tokens_are_hidden_and_keep_their_lines() {
    for token in [hs256(&claims()), rs256()] {
        let line = format!("Authorization: Bearer {token} sent");
        for width in [64, 76] {
            for newline in ["\n", "\r\n"] {
                for (prefix, quote) in
                    [("", ""), ("    ", ""), ("\t", ""), ("", "> "), ("", "> > ")]
                {
                    let text =
                        format!("hello\n{}bye\n", wrap(&line, width, newline, prefix, quote));
                    let out = hides(&text, &token);
                    let out = String::from_utf8(out).unwrap();
                    let head = format!("hello\n{quote}Authorization: Bearer {MASK}");
                    assert!(out.starts_with(&head), "{out}");
                    // After the mask, only the wrap's line breaks and
                    // prefixes, and the words that followed the token.
                    let wrap = format!("{newline}{quote}{prefix}");
                    let rest = out[head.len()..].replace(&wrap, "");
                    assert_eq!(
                        rest,
                        format!(" sent{newline}bye\n").replace(&wrap, ""),
                        "{out}"
                    );
                    // The reader reads what the finder hands out.
                    assert_eq!(
                        scanned(&text),
                        [(TokenKind::Jws, Some(USER.to_owned()))],
                        "{width} {newline:?} {prefix:?} {quote:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_wrapped_header_after_many_lines_of_segments_is_hidden() {
    // Lines of short segments in a quoted reply, each a candidate that the
    // next lines continue: ruled out together, and the header that a wrap
    // broke at their end still found, however many lines came before.
    let token = hs256(&claims());
    for before in [0, 1, 60, 3_000] {
        for width in [16, 30] {
            let text = format!(
                "hello\n{}{}bye\n",
                "> eyJhIjoxfQ\n".repeat(before),
                wrap(&format!("{token} sent"), width, "\n", "", "> ")
            );
            let out = String::from_utf8(hides(&text, &token)).unwrap();
            assert_eq!(out.matches(MASK).count(), 1, "{before} {width}");
            assert!(
                out.contains(&"> eyJhIjoxfQ\n".repeat(before)),
                "{before} {width}"
            );
            assert_eq!(
                scanned(&text),
                [(TokenKind::Jws, Some(USER.to_owned()))],
                "{before} {width}"
            );
        }
    }
}

#[test]
fn a_wrapped_token_does_not_take_the_next_line_s_token() {
    // A signature of no length its algorithm names, wrapped so that its
    // last line is full: the width says it may go on, but the next line
    // begins a header, and so the next token.
    let token = hs256(&claims());
    let (head, _) = token.rsplit_once('.').unwrap();
    let width = 40;
    let mut sig = signature(&token).to_owned();
    while !(head.len() + 1 + sig.len()).is_multiple_of(width) {
        sig.push('A');
    }
    let first = format!("{head}.{sig}");
    let lines: Vec<&str> = first
        .as_bytes()
        .chunks(width)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let text = format!("{}\n{token}\n", lines.join("\n"));
    let out = String::from_utf8(mask().redact_bytes(text.as_bytes()).into_owned()).unwrap();
    assert!(out.ends_with(&format!("\n{MASK}\n")), "{out}");
    assert_eq!(find_tokens(&text).count(), 2);
    assert!(piece(&sig, out.as_bytes()).is_none());
}

#[test]
fn tokens_wrapped_at_their_dots_are_hidden() {
    let token = hs256(&claims());
    let parts: Vec<&str> = token.split('.').collect();
    let [h, p, s] = parts[..] else { panic!() };
    for text in [
        format!("token {h}.\n{p}.\n{s} end"),
        format!("token {h}\n.{p}.{s} end"),
        format!("token {h}.{p}.\n{s} end"),
        format!("> token {h}.\n> {p}.\n> {s} end"),
    ] {
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert!(out.ends_with(" end"), "{out}");
        assert_eq!(
            scanned(&text),
            [(TokenKind::Jws, Some(USER.to_owned()))],
            "{text}"
        );
    }
}

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
    ] {
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert_eq!(out, format!("a {MASK} b"));
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

#[test]
fn near_misses_pass_byte_for_byte() {
    let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let base64_lines = |width: usize| -> String {
        let all = base64::engine::general_purpose::STANDARD.encode(&bytes);
        all.as_bytes()
            .chunks(width)
            .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
            .collect()
    };
    let hex_lines: String = bytes
        .chunks(32)
        .map(|c| c.iter().map(|b| format!("{b:02x}")).collect::<String>() + "\n")
        .collect();
    // A JSON document, base64 and wrapped: it starts as a header would.
    let document = base64::engine::general_purpose::STANDARD.encode(
        json!({"user": USER, "items": (0..40).collect::<Vec<_>>(), "note": "a".repeat(200)})
            .to_string(),
    );
    let wrapped_document: String = document
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let blob = URL_SAFE_NO_PAD.encode(r#"{"a":1,"b":"two"}"#);
    for text in [
        base64_lines(76),
        base64_lines(64),
        hex_lines,
        wrapped_document,
        format!("{blob}\n"),
        format!("saved {blob}.json and {blob}.json\n"),
        "GET /files/report%2Epdf?v=1%2E2%2E3 200\n".to_owned(),
        "com.example.app.MainActivity version=5.12.1 build 3.14.2 host=api-3.internal.example.com\n"
            .to_owned(),
        "they said ey\nJust so, ey\nJ. Doe agreed\n".to_owned(),
        r#"{"path":"a\u002eb","v":"x\u002ey\u002ez"}"#.to_owned() + "\n",
        "abc.def.ghi jkl.mno.pqr.stu.vwx\n".to_owned(),
        "> quoted reply\n> with lines\n>\n".to_owned(),
    ] {
        for out in every_way(text.as_bytes()) {
            assert_eq!(String::from_utf8(out).unwrap(), text);
        }
        assert_eq!(find_tokens(&text).count(), 0, "{text}");
    }
}

/// One way a token gets damaged on its way into text.
#[derive(Clone, Debug)]
enum Damage {
    Wrap {
        width: usize,
        prefix: &'static str,
        crlf: bool,
    },
    Byte {
        at: usize,
        byte: u8,
    },
    Extra(usize),
    EncodedDots(&'static str),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (
            20usize..100,
            prop::sample::select(vec!["", "  ", "\t", "> ", "> > "]),
            any::<bool>()
        )
            .prop_map(|(width, prefix, crlf)| Damage::Wrap {
                width,
                prefix,
                crlf
            }),
        // Bytes that do not end a field: not quotes, brackets, separators or
        // line breaks (those end any parser's field, and the token with it).
        (
            any::<usize>(),
            prop::sample::select(b"! *#$%^~@:?=".to_vec())
        )
            .prop_map(|(at, byte)| Damage::Byte { at, byte }),
        (1usize..4).prop_map(Damage::Extra),
        prop::sample::select(vec!["%2E", "%2e", "\\u002e"]).prop_map(Damage::EncodedDots),
    ]
}

fn apply(token: &str, damage: &Damage) -> String {
    match damage {
        Damage::Wrap {
            width,
            prefix,
            crlf,
        } => {
            let newline = if *crlf { "\r\n" } else { "\n" };
            let mut out = String::new();
            for (i, chunk) in token.as_bytes().chunks(*width).enumerate() {
                if i > 0 {
                    out.push_str(newline);
                    out.push_str(prefix);
                }
                out.push_str(std::str::from_utf8(chunk).unwrap());
            }
            out
        }
        Damage::Byte { at, byte } => {
            // Inside the header or the payload, never a dot.
            let dots: Vec<usize> = token.match_indices('.').map(|(i, _)| i).collect();
            let room = dots[1];
            let mut at = at % room;
            if dots.contains(&at) {
                at += 1;
            }
            let mut bytes = token.as_bytes().to_vec();
            bytes[at] = *byte;
            String::from_utf8(bytes).unwrap()
        }
        Damage::Extra(n) => {
            let sig = signature(token);
            format!("{token}{}", format!(".{sig}").repeat(*n))
        }
        Damage::EncodedDots(dot) => token.replace('.', dot),
    }
}

fn random_claims() -> impl Strategy<Value = Value> {
    ("[a-z0-9-]{0,40}", "[a-zA-Z0-9 ]{0,60}", any::<u32>())
        .prop_map(|(user, note, exp)| json!({"user_id": user, "note": note, "exp": exp, "iss": "argyle-core-auth-prod"}))
}

/// Log text around a token: words, punctuation, line breaks.
fn log_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,:=/\\[\\]\n-]{0,80}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn damaged_tokens_show_no_piece_of_their_signature(
        claims in random_claims(),
        damage in damage(),
        before in log_text(),
        after in log_text(),
        chunk in 1usize..600,
    ) {
        let token = hs256(&claims);
        let damaged = apply(&token, &damage);
        // The token stands apart from the words around it.
        let text = format!("{before} {damaged} {after}");
        let once = mask().redact_bytes(text.as_bytes()).into_owned();
        prop_assert!(piece(signature(&token), &once).is_none(), "{:?} in {:?}", damage, String::from_utf8_lossy(&once));
        prop_assert_eq!(lines(&once), lines(text.as_bytes()));
        let mut streamed = Vec::new();
        mask().redact_stream(Trickle(text.as_bytes(), chunk), &mut streamed).unwrap();
        prop_assert_eq!(streamed, once);
    }

    #[test]
    fn text_without_tokens_passes_byte_for_byte(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        width in prop::sample::select(vec![64usize, 76]),
        hex in any::<bool>(),
        words in log_text(),
    ) {
        let encoded = if hex {
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        } else {
            base64::engine::general_purpose::STANDARD.encode(&bytes)
        };
        let wrapped: String = encoded
            .as_bytes()
            .chunks(width)
            .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
            .collect();
        let text = format!("{words}\n{wrapped}{words}\n");
        // Base64 and hex have no dot, encoded or not: no token.
        prop_assert!(find_tokens(&text).next().is_none());
        for out in every_way(text.as_bytes()) {
            prop_assert_eq!(String::from_utf8(out).unwrap(), text.clone());
        }
    }
}
