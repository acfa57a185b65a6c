use std::borrow::Cow;
use std::io::{self, Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{EncodingKey, Header};
use proptest::prelude::*;
use serde_json::{json, Value};
use usertoken::{
    find_tokens, redact, redact_bytes, Environment, Fingerprint, Issuers, Redactor, Style,
};

const MASK: &str = "[REDACTED-JWT]";

/// A token made by jsonwebtoken, the oracle.
fn encode(claims: &Value) -> String {
    jsonwebtoken::encode(&Header::default(), claims, &EncodingKey::from_secret(b"k")).unwrap()
}

fn user_token() -> String {
    encode(&json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": 1652481485, "iat": 1649889485,
        "iss": "argyle-core-auth-prod",
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
    }))
}

fn mask() -> Redactor {
    Redactor::new().style(Style::Mask)
}

/// Redacting `template` with `{t}` replaced by a token gives `template`
/// with `{t}` replaced by the mask.
#[track_caller]
fn masks(template: &str) {
    let t = user_token();
    let text = template.replace("{t}", &t);
    assert_eq!(
        mask().redact(&text),
        template.replace("{t}", MASK),
        "in {template:?}"
    );
}

/// The bytes of a token's header, payload and signature never show.
#[track_caller]
fn leaks_nothing(output: &[u8], token: &str) {
    for part in token.split('.').filter(|p| p.len() >= 8) {
        let probe = &part.as_bytes()[part.len() / 2 - 4..part.len() / 2 + 4];
        assert!(
            !output.windows(8).any(|w| w == probe),
            "token text in {:?}",
            String::from_utf8_lossy(output)
        );
    }
}

#[test]
fn redacts_every_context() {
    for template in [
        "{t}",
        "Authorization: Bearer {t}",
        "Authorization: Bearer {t}\r\n",
        r#"{"ts":"2023-11-14T22:13:20Z","user_token":"{t}","user":"u"}"#,
        r#"{"msg":"{\"userToken\":\"{t}\"}"}"#,
        "GET /link?userToken={t}&sandbox=true HTTP/1.1",
        "Cookie: session={t}; Path=/; HttpOnly",
        "token='{t}' and \"{t}\"",
        "Argyle.create({userToken: '{t}', sandbox: true})",
        "check({t})",
        r#"<div data-user-token="{t}"></div>"#,
        "<token>{t}</token>",
        "ts,level,{t},{t},end",
        "{t} {t}\n{t}",
        "xyz{t} glued",
        "The token was {t}.",
        "\tindented {t}\r\n",
    ] {
        masks(template);
    }
}

#[test]
fn text_glued_to_a_token_goes_with_it() {
    let t = user_token();
    let (head, sig) = t.rsplit_once('.').unwrap();
    let (a, b) = sig.split_at(sig.len() / 2);
    // A signature broken by a stray character, or in the standard
    // alphabet, is masked to the end of the word.
    for (text, expected) in [
        (
            format!("x {head}.{a}!{b} y"),
            "x [REDACTED-JWT] y".to_owned(),
        ),
        (
            format!("x {head}.{a}+/{b}%2F y"),
            "x [REDACTED-JWT] y".to_owned(),
        ),
        (
            format!("a={head}.{a}~{b}&b=1"),
            "a=[REDACTED-JWT]&b=1".to_owned(),
        ),
        // What ends a sentence or a word stays.
        (format!("was {t}. Next"), format!("was {MASK}. Next")),
        (format!("was {t}!"), format!("was {MASK}!")),
        (format!("is it {t}?"), format!("is it {MASK}?")),
        (format!("{t}: expired"), format!("{MASK}: expired")),
        // Segments after the last one go with it.
        (format!("{t}.eHg"), MASK.to_owned()),
        (format!("{t}.eHg.eXk more"), format!("{MASK} more")),
        (format!("{t}é"), format!("{MASK}é")),
        (format!("({t})"), format!("({MASK})")),
    ] {
        let out = mask().redact(&text);
        assert_eq!(out, expected);
        leaks_nothing(out.as_bytes(), &t);
        let mut streamed = Vec::new();
        mask()
            .redact_stream(text.as_bytes(), &mut streamed)
            .unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), expected);
    }
    // The token itself is what the other styles describe. A stray byte
    // inside a signature that is whole around it makes it a damaged
    // token; one that leaves it too long is glued text.
    let broken = format!("{head}.{a}!{b}");
    let found: Vec<_> = find_tokens(&broken).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind(), usertoken::TokenKind::Damaged);
    assert_eq!(&broken[found[0].range()], broken);
    let broken = format!("{head}.{a}!{b}x");
    let found: Vec<_> = find_tokens(&broken).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(&broken[found[0].range()], format!("{head}.{a}"));
    assert_eq!(found[0].glued_end(), broken.len());
    let summary = Redactor::new().style(Style::Summary);
    assert_eq!(
        summary.redact(&broken),
        summary.replacement(&broken[found[0].range()])
    );
}

#[test]
fn tokens_glued_to_each_other_are_each_found() {
    let t = user_token();
    for sep in ["+", "/", ":", "=", "!", "~", "%2C", "+/x"] {
        let text = format!("a {t}{sep}{t} b");
        let found: Vec<_> = find_tokens(&text).collect();
        assert_eq!(found.len(), 2, "{sep}");
        assert!(found[0].glued_end() <= found[1].start(), "{sep}");
        let out = mask().redact(&text);
        // A percent-encoded comma is a comma: it stays.
        let kept = if sep == "%2C" { sep } else { "" };
        assert_eq!(out, format!("a {MASK}{kept}{MASK} b"), "{sep}");
        let mut streamed = Vec::new();
        mask()
            .redact_stream(text.as_bytes(), &mut streamed)
            .unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), out, "{sep}");
    }
}

#[test]
fn long_glued_text_after_a_long_run_streams_like_one_shot() {
    // A run of a megabyte before the token, 200 KB glued after it: the
    // stream must decide within its buffer, not wait forever.
    let t = user_token();
    let text = format!("eyJ{}{t}+{}\n", "A".repeat(990_000), "B".repeat(200_000));
    let once = mask().redact(&text).into_owned();
    assert!(once.contains(&format!("A{MASK}B")));
    let (tx, rx) = std::sync::mpsc::channel();
    let input = text.clone();
    std::thread::spawn(move || {
        let mut streamed = Vec::new();
        mask()
            .redact_stream(input.as_bytes(), &mut streamed)
            .unwrap();
        let mut written = Vec::new();
        {
            let mut w = mask().writer(&mut written);
            for chunk in input.as_bytes().chunks(4096) {
                w.write_all(chunk).unwrap();
            }
            w.finish().unwrap();
        }
        let _ = tx.send((streamed, written));
    });
    let (streamed, written) = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("streaming redaction stalled");
    assert!(streamed == once.as_bytes());
    assert!(written == once.as_bytes());
}

#[test]
fn detached_payloads_are_tokens() {
    // RFC 7515 appendix F: a JWS whose payload travels apart.
    let (head, rest) = user_token()
        .split_once('.')
        .map(|(h, r)| (h.to_owned(), r.to_owned()))
        .unwrap();
    let sig = rest.rsplit('.').next().unwrap();
    let text = format!("sig {head}..{sig} end");
    assert_eq!(mask().redact(&text), format!("sig {MASK} end"));
    let found: Vec<_> = find_tokens(&text).collect();
    assert_eq!(found[0].kind(), usertoken::TokenKind::Jws);
    // With neither a payload nor a signature it is no token.
    let bare = format!("{head}..");
    assert!(find_tokens(&bare).next().is_none());
}

#[test]
fn leaves_everything_else_alone() {
    for text in [
        "com.example.app.MainActivity version=5.12.1 build 3.14.2",
        "host=api-3.internal.example.com eyeglasses.example a.b.c",
        "user=017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "payload=ShDvltDkeSAkEXtvIKivBrIvlPz5uAvKt8rNExzNUj0NOJXyuURZK7LUXWi200Yp+nBwLQ==",
        "sdk init linkKey=link_dSrU6l/Quw4H eyJ.notatoken eyJhbGciOiJIUzI1NiJ9 eyJhIjoxfQ.json",
        "line one\r\nline two\r\n",
        "",
    ] {
        assert!(matches!(redact(text), Cow::Borrowed(t) if t == text));
    }
    let bytes = b"\xff\xfe\x00 not utf-8 \xc3( eyJ.x.y\r\n";
    assert!(matches!(redact_bytes(bytes), Cow::Borrowed(b) if b == bytes));
}

#[test]
fn keeps_invalid_utf8_around_tokens() {
    let t = user_token();
    let mut text = b"\xff\xfe ".to_vec();
    text.extend_from_slice(t.as_bytes());
    text.extend_from_slice(b"\xc3(\r\n");
    let out = mask().redact_bytes(&text);
    assert_eq!(&*out, b"\xff\xfe [REDACTED-JWT]\xc3(\r\n");
}

#[test]
fn styles() {
    let t = user_token();
    let fp = Fingerprint::of(t.as_bytes());
    let text = format!("Bearer {t}");
    assert_eq!(mask().redact(&text), "Bearer [REDACTED-JWT]");
    assert_eq!(
        Redactor::new().style(Style::Fingerprint).redact(&text),
        format!("Bearer [REDACTED-JWT:fp={fp}]")
    );
    let summary = format!(
        "Bearer [REDACTED-JWT:fp={fp}:env=production:user_id=017f8978-bbfd-ff64-18ce-d59f99bf51c2:exp=2022-05-13T22:38:05Z]"
    );
    assert_eq!(redact(&text), summary);
    assert_eq!(Redactor::new().redact(&text), summary);
    assert_eq!(Style::default(), Style::Summary);
}

#[test]
fn summary_fields() {
    let sandbox = encode(&json!({ "iss": "argyle-core-auth-sandbox", "user_id": "u_1" }));
    let fp = Fingerprint::of(sandbox.as_bytes());
    assert_eq!(
        redact(&sandbox),
        format!("[REDACTED-JWT:fp={fp}:env=sandbox:user_id=u_1]")
    );
    let issuers = Issuers::new().with("my-issuer", Environment::Staging);
    let mine = encode(&json!({ "iss": "my-issuer", "exp": "1652481485" }));
    let fp = Fingerprint::of(mine.as_bytes());
    assert_eq!(
        Redactor::new().issuers(issuers).redact(&mine),
        format!("[REDACTED-JWT:fp={fp}:env=staging:exp=2022-05-13T22:38:05Z]")
    );
    // A JWE's payload cannot be read: the fingerprint only.
    let jwe = format!(
        "{}.a2V5.aXY.Y2lwaGVy.dGFn",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
    );
    let fp = Fingerprint::of(jwe.as_bytes());
    assert_eq!(redact(&jwe), format!("[REDACTED-JWT:fp={fp}]"));
}

#[test]
fn claim_values_are_sanitised_or_left_out() {
    for user_id in [
        json!("a b"),
        json!("a\"b"),
        json!("<script>"),
        json!("a,b"),
        json!("a&b=c"),
        json!("a.b.c"),
        json!("a\\b"),
        json!("é"),
        json!("x".repeat(65)),
        json!(""),
        json!(17),
        json!({"id": "u"}),
    ] {
        let t = encode(&json!({ "user_id": user_id, "iss": "argyle-core-auth-prod" }));
        let out = redact(&t);
        assert!(!out.contains("user_id"), "{out}");
        assert!(out.contains(":env=production]"), "{out}");
    }
    let t = encode(&json!({ "user_id": "x".repeat(64) }));
    assert!(redact(&t).contains(&"x".repeat(64)));
}

/// Replacements stay one word in every format the issue lists.
#[test]
fn replacements_are_plain() {
    let tokens = [
        user_token(),
        encode(&json!({ "user_id": "u-1", "exp": 4102444800u64 })),
        encode(&json!({ "exp": 253402300800u64 })),
        encode(&json!({})),
    ];
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        for t in &tokens {
            let r = Redactor::new().style(style).replacement(t);
            assert!(r.starts_with("[REDACTED-JWT") && r.ends_with(']'), "{r}");
            assert!(
                !r.bytes().any(|b| b.is_ascii_whitespace()
                    || b"\"'\\&<>,;".contains(&b)
                    || !b.is_ascii_graphic()),
                "{r}"
            );
            leaks_nothing(r.as_bytes(), t);
            assert!(find_tokens(&r).next().is_none());
        }
    }
}

#[test]
fn output_stays_valid_json_and_csv() {
    let t = user_token();
    let line =
        json!({ "ts": 1, "user_token": t, "nested": format!("{{\"t\":\"{t}\"}}") }).to_string();
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        let out = Redactor::new().style(style).redact(&line);
        let value: Value = serde_json::from_str(&out).unwrap();
        assert!(value["user_token"]
            .as_str()
            .unwrap()
            .starts_with("[REDACTED-JWT"));
        let nested: Value = serde_json::from_str(value["nested"].as_str().unwrap()).unwrap();
        assert_eq!(nested["t"], value["user_token"]);
        let csv = format!("a,{t},b");
        let csv = Redactor::new().style(style).redact(&csv);
        assert_eq!(csv.split(',').count(), 3);
    }
}

#[test]
fn idempotent() {
    let t = user_token();
    let text = format!("a {t} b\n{t},{t}\n");
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        let r = Redactor::new().style(style);
        let once = r.redact(&text).into_owned();
        assert!(matches!(r.redact(&once), Cow::Borrowed(_)));
    }
}

#[test]
fn streams_agree_with_one_shot() {
    let t = user_token();
    let text = format!("start {t}\n").repeat(50) + "end";
    let expected = redact(&text).into_owned();
    for chunk in [1, 2, 3, 7, 64, 4096] {
        let reader = Chunked::new(text.as_bytes(), vec![chunk]);
        let mut out = Vec::new();
        let n = Redactor::new().redact_stream(reader, &mut out).unwrap();
        assert_eq!(n, 50);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "chunk {chunk}");

        let mut out = Vec::new();
        let mut w = Redactor::new().writer(&mut out);
        for piece in text.as_bytes().chunks(chunk) {
            w.write_all(piece).unwrap();
        }
        drop(w);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "chunk {chunk}");
    }
}

#[test]
fn tokens_across_the_internal_buffer() {
    let t = user_token();
    // Put a token on each side of the 1 MiB buffer's end, and one inside a
    // line longer than the buffer.
    for before in [(1 << 20) - 100, (1 << 20) - 1, 1 << 20, (1 << 20) + 5] {
        let text = format!("{}\n{t} {}{t}\n", "a".repeat(before), "b".repeat(3 << 20));
        let mut out = Vec::new();
        mask().redact_stream(text.as_bytes(), &mut out).unwrap();
        let expected = format!(
            "{}\n{MASK} {}{MASK}\n",
            "a".repeat(before),
            "b".repeat(3 << 20)
        );
        assert!(out == expected.as_bytes());
    }
}

#[test]
fn long_runs_stream_like_one_shot() {
    let t = user_token();
    // A 3 MB run of base64url text with a token glued to its end, and runs
    // of `eyJ` with dots.
    for text in [
        format!("{}{t}\n", "A".repeat(3 << 20)),
        format!("{}.{t}.x\n", "eyJ".repeat(1 << 20)),
        format!("{}.e30.e30.", "eyJhbGciOiJIUzI1NiJ9.".repeat(100_000)),
    ] {
        let expected = mask().redact(&text).into_owned();
        let mut out = Vec::new();
        mask()
            .redact_stream(
                Chunked::new(text.as_bytes(), vec![65536, 1, 100_000]),
                &mut out,
            )
            .unwrap();
        assert!(out == expected.as_bytes());
        assert!(expected.contains(MASK));
    }
}

#[test]
fn writer_holds_back_only_what_may_be_a_token() {
    let t = user_token();
    let (head, tail) = t.split_at(100);
    let mut out = Vec::new();
    {
        let mut w = mask().writer(&mut out);
        w.write_all(b"INFO token=").unwrap();
        w.write_all(head.as_bytes()).unwrap();
        w.flush().unwrap();
        assert_eq!(w.get_ref().as_slice(), b"INFO token=");
        w.write_all(tail.as_bytes()).unwrap();
        w.write_all(b" done\nnext ").unwrap();
        w.flush().unwrap();
        assert_eq!(
            w.get_ref().as_slice(),
            b"INFO token=[REDACTED-JWT] done\nnext "
        );
        // A token at the very end is written when the stream ends.
        w.write_all(t.as_bytes()).unwrap();
        w.flush().unwrap();
        assert_eq!(w.get_ref().len(), 36);
        w.finish().unwrap();
        assert_eq!(
            w.get_ref().as_slice(),
            b"INFO token=[REDACTED-JWT] done\nnext [REDACTED-JWT]"
        );
    }
    // Dropping finishes too.
    let mut out = Vec::new();
    {
        let mut w = mask().writer(&mut out);
        write!(w, "x {t}").unwrap();
    }
    assert_eq!(out, b"x [REDACTED-JWT]");
}

#[test]
fn writer_reports_inner_errors() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "gone"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut w = mask().writer(Broken);
    assert!(w.write(b"a\n").is_ok());
    assert_eq!(
        w.write(b"b\n").unwrap_err().kind(),
        io::ErrorKind::BrokenPipe
    );
    assert!(w.finish().is_err());
}

#[test]
fn read_errors_drop_undecided_bytes() {
    struct FailsAfter<'a>(&'a [u8]);
    impl Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let t = user_token();
    let text = format!("ok\nBearer {}", &t[..t.len() - 10]);
    let mut out = Vec::new();
    let err = mask().redact_stream(FailsAfter(text.as_bytes()), &mut out);
    assert!(err.is_err());
    leaks_nothing(&out, &t);
    assert!(out.starts_with(b"ok\nBearer "));
}

#[test]
fn debug_shows_no_token() {
    let t = user_token();
    let mut w = mask().writer(Vec::new());
    w.write_all(format!("x {t}").as_bytes()).unwrap();
    let debug = format!("{w:?} {:?} {:?}", Redactor::new(), Style::Summary);
    leaks_nothing(debug.as_bytes(), &t);
    assert!(!debug.contains("x "));
    w.finish().unwrap();
}

#[test]
fn style_names() {
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        assert_eq!(style.as_str().parse::<Style>(), Ok(style));
        assert_eq!(style.to_string(), style.as_str());
    }
    assert_eq!("MASK".parse::<Style>(), Ok(Style::Mask));
    assert_eq!(
        "redact".parse::<Style>().unwrap_err().to_string(),
        "expected one of mask, fingerprint, summary"
    );
}

/// A reader that hands out its data in the given chunk sizes, cycling.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    at: usize,
}

impl<'a> Chunked<'a> {
    fn new(data: &'a [u8], sizes: Vec<usize>) -> Self {
        Chunked { data, sizes, at: 0 }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.at % self.sizes.len()].max(1);
        self.at += 1;
        let n = size.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Log text that holds no token: letters without `e`, so no header can
/// form, with dots, digits, separators, CRLF and non-ASCII.
fn filler() -> impl Strategy<Value = String> {
    "[a-df-zA-Z0-9 .:/=_,;\"'<>()\\[\\]\r\n\té-]{0,40}"
}

/// What may stand right before a token.
fn before() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ",
        "Bearer ",
        "\"",
        "'",
        "=",
        "?userToken=",
        "(",
        "<t>",
        ",",
        "\n",
        "\t",
        "xyz",
        "",
        "[",
        "\\\"",
        ": ",
    ])
}

/// What may stand right after a token.
fn after() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ", "\"", "'", "&", ")", "</t>", ",", "\r\n", "\n", ";", ". ", ".", "", "]", "\\\"", "}",
    ])
}

fn planted_token() -> impl Strategy<Value = String> {
    let claims = (
        "[a-z0-9-]{0,36}",
        prop::sample::select(vec![
            "argyle-core-auth-prod",
            "argyle-core-auth-sandbox",
            "other",
        ]),
        any::<u32>(),
    )
        .prop_map(|(user_id, iss, exp)| json!({ "user_id": user_id, "iss": iss, "exp": exp }));
    prop_oneof![
        4 => claims.prop_map(|c| encode(&c)),
        1 => Just(format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"sub":"x"}"#)
        )),
        1 => Just(format!(
            "{}..aXY.Y2lwaGVy.dGFn",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"dir","enc":"A128GCM"}"#)
        )),
    ]
}

/// A log with tokens planted in random contexts, and what the masked
/// log must be.
fn planted_log() -> impl Strategy<Value = (Vec<u8>, Vec<u8>, Vec<String>)> {
    prop::collection::vec((filler(), before(), planted_token(), after()), 0..8).prop_map(|parts| {
        let (mut text, mut expected, mut tokens) = (Vec::new(), Vec::new(), Vec::new());
        for (fill, before, token, after) in parts {
            // Keep the planted context: a glued prefix must not run on
            // from the filler, and a token's trailing context must not be
            // able to continue it.
            for out in [&mut text, &mut expected] {
                out.extend_from_slice(fill.as_bytes());
                out.push(b' ');
                out.extend_from_slice(before.as_bytes());
            }
            text.extend_from_slice(token.as_bytes());
            expected.extend_from_slice(MASK.as_bytes());
            for out in [&mut text, &mut expected] {
                out.extend_from_slice(after.as_bytes());
                out.push(b' ');
            }
            tokens.push(token);
        }
        (text, expected, tokens)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn planted_tokens_are_gone_and_nothing_else_changes(
        (text, expected, tokens) in planted_log(),
        sizes in prop::collection::vec(1usize..300, 1..20),
    ) {
        let one_shot = mask().redact_bytes(&text).into_owned();
        prop_assert_eq!(&one_shot, &expected);
        for t in &tokens {
            leaks_nothing(&one_shot, t);
        }
        for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
            let r = Redactor::new().style(style);
            let once = r.redact_bytes(&text).into_owned();
            let mut streamed = Vec::new();
            r.redact_stream(Chunked::new(&text, sizes.clone()), &mut streamed).unwrap();
            prop_assert_eq!(&streamed, &once);

            let mut written = Vec::new();
            {
                let mut w = r.writer(&mut written);
                let mut rest = &text[..];
                for &size in sizes.iter().cycle() {
                    if rest.is_empty() {
                        break;
                    }
                    let n = size.min(rest.len());
                    w.write_all(&rest[..n]).unwrap();
                    rest = &rest[n..];
                }
            }
            prop_assert_eq!(&written, &once);
            for t in &tokens {
                leaks_nothing(&once, t);
            }
            prop_assert!(matches!(r.redact_bytes(&once), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn redacting_twice_changes_nothing(text in prop::collection::vec(any::<u8>(), 0..300)) {
        for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
            let r = Redactor::new().style(style);
            let once = r.redact_bytes(&text).into_owned();
            prop_assert_eq!(r.redact_bytes(&once).into_owned(), once);
        }
    }

    #[test]
    fn text_without_tokens_passes_through(text in filler(), sizes in prop::collection::vec(1usize..50, 1..10)) {
        prop_assert!(matches!(redact(&text), Cow::Borrowed(t) if t == text));
        let mut out = Vec::new();
        prop_assert_eq!(Redactor::new().redact_stream(Chunked::new(text.as_bytes(), sizes), &mut out).unwrap(), 0);
        prop_assert_eq!(out, text.as_bytes());
    }

    #[test]
    fn any_bytes_stream_like_one_shot(
        text in prop::collection::vec(any::<u8>(), 0..400),
        sizes in prop::collection::vec(1usize..40, 1..10),
    ) {
        let once = mask().redact_bytes(&text).into_owned();
        let mut out = Vec::new();
        mask().redact_stream(Chunked::new(&text, sizes), &mut out).unwrap();
        prop_assert_eq!(out, once);
    }
}

#[cfg(feature = "cli")]
mod common;

#[cfg(feature = "cli")]
mod cli {
    use std::path::PathBuf;
    use std::process::Output;

    use super::{user_token, MASK};

    #[track_caller]
    fn run(args: &[&str], stdin: &str) -> Output {
        crate::common::cli(args)
            .stdin(stdin)
            .secret(&[user_token()])
            .run()
    }

    fn file(name: &str, text: &str) -> PathBuf {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn redacts_stdin() {
        let t = user_token();
        let out = run(
            &["redact", "--style", "mask"],
            &format!("a {t}\r\nb \"{t}\"\n"),
        );
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("a {MASK}\r\nb \"{MASK}\"\n")
        );
        let out = run(&["redact", "-"], &format!("{t}\n"));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("[REDACTED-JWT:fp="), "{text}");
        assert!(text.contains(":env=production:user_id=017f8978-bbfd-ff64-18ce-d59f99bf51c2:exp=2022-05-13T22:38:05Z]\n"));
    }

    #[test]
    fn missing_files_are_named_and_the_others_processed() {
        let t = user_token();
        let a = file("redact-a.log", &format!("one {t}\n"));
        let b = file("redact-b.log", &format!("two {t}\n"));
        let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such.log");
        let out = run(
            &[
                "redact",
                "--style",
                "mask",
                a.to_str().unwrap(),
                missing.to_str().unwrap(),
                b.to_str().unwrap(),
            ],
            "",
        );
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("one {MASK}\ntwo {MASK}\n")
        );
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "usertoken: cannot read {}: no such file or directory\n",
                missing.display()
            )
        );
        // A directory opens but cannot be read.
        let dir = env!("CARGO_TARGET_TMPDIR");
        let out = run(&["redact", dir, a.to_str().unwrap()], "");
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8(out.stderr).unwrap().contains(dir));
        assert!(String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("one [REDACTED-JWT:"));
    }

    #[test]
    fn unknown_style_is_a_usage_error() {
        let out = run(&["redact", "--style", "blur"], "");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("mask") && err.contains("fingerprint") && err.contains("summary"));
    }
}
