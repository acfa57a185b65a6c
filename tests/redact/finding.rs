//! What is redacted and what is left alone: every context, glued text and
//! glued tokens, detached payloads, invalid UTF-8 around tokens.

use super::*;

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
    assert_eq!(&broken[found[0].token_range()], broken);
    let broken = format!("{head}.{a}!{b}x");
    let found: Vec<_> = find_tokens(&broken).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(&broken[found[0].token_range()], format!("{head}.{a}"));
    assert_eq!(found[0].glued_end(), broken.len());
    let summary = Redactor::new().style(Style::Summary);
    assert_eq!(
        summary.redact(&broken),
        summary.replacement(&broken[found[0].token_range()])
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
