//! Decoded views: a token inside a base64 run is found by reading the run
//! decoded, and the whole run goes; a run that decodes to no token stays.

use super::*;

fn b64(text: &str) -> String {
    STANDARD_NO_PAD.encode(text)
}

#[test]
fn a_token_in_basic_credentials_goes_with_the_run() {
    let token = hs256(&claims());
    // Every place the token can start in a group of three bytes.
    for user in ["u", "us", "use", "api-user"] {
        let run = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{token}"));
        let text = format!("GET / HTTP/1.1\r\nAuthorization: Basic {run}\r\nHost: x\r\n");
        let out = String::from_utf8(hides_encoded(&text, &token, &run)).unwrap();
        assert_eq!(
            out, "GET / HTTP/1.1\r\nAuthorization: Basic [REDACTED-JWT]\r\nHost: x\r\n",
            "{user}"
        );
        let findings = findings(&text);
        assert_eq!(findings.len(), 1, "{user}");
        let f = &findings[0];
        assert_eq!(f.encoding(), Some(usertoken::Encoding::Base64));
        assert_eq!(f.user_id(), Some(USER));
        assert_eq!(f.length(), run.len());
    }
}

#[test]
fn the_summary_marker_reads_the_token_in_the_run() {
    let token = hs256(&claims());
    let run = b64(&format!("token={token}"));
    let text = format!("payload {run} end");
    let out = Redactor::new().decode_base64(true).redact(&text);
    assert!(out.starts_with("payload [REDACTED-JWT:fp="), "{out}");
    assert!(out.contains(&format!(":user_id={USER}")), "{out}");
    assert!(out.ends_with(" end"));
}

#[test]
fn base64_without_a_token_stays() {
    for text in [
        "they Jump eyJ, not a token",
        "heyJude, eyJ.eyJ.eyJ",
        "{\"a\":\"eyJhbGciOiJIUzI1NiJ9\"}",
    ] {
        let run = b64(text);
        let line = format!("blob {run} end");
        // Each case holds the base64 of `eyJ`, where the view looks.
        assert!(
            ["ZXlK", "V5S", "leU"].iter().any(|m| run.contains(m)),
            "the case does not test the view: {text}"
        );
        assert_eq!(decoding().redact(&line), line, "{text}");
    }
}

fn decoding() -> Redactor {
    Redactor::new().style(Style::Mask).decode_base64(true)
}

/// For a token written as the base64 run `run`: redacting one-shot,
/// streamed in small reads and through the writer, with base64 decoded,
/// agree and hide every piece of the run and of the token's signature;
/// without decoding, the run stays.
#[track_caller]
fn hides_encoded(text: &str, token: &str, run: &str) -> Vec<u8> {
    let once = decoding().redact_bytes(text.as_bytes()).into_owned();
    let mut streamed = Vec::new();
    decoding()
        .redact_stream(Trickle(text.as_bytes(), 7), &mut streamed)
        .unwrap();
    let mut written = Vec::new();
    {
        use std::io::Write;
        let mut w = decoding().writer(&mut written);
        for chunk in text.as_bytes().chunks(5) {
            w.write_all(chunk).unwrap();
        }
    }
    assert_eq!(streamed, once, "streaming differs");
    assert_eq!(written, once, "the writer differs");
    assert!(piece(run, &once).is_none(), "a piece of the run shows");
    assert!(piece(signature(token), &once).is_none());
    let plain = mask().decode_base64(false);
    assert_eq!(plain.redact(text), text, "found without decoding");
    once
}

fn findings(text: &str) -> Vec<usertoken::Finding> {
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let mut out = Vec::new();
    usertoken::scan_findings(text.as_bytes(), &usertoken::Inspector::new(), now, |f| {
        out.push(f);
        Ok(())
    })
    .unwrap();
    out
}

#[test]
fn a_token_glued_to_a_long_base64_run_is_found_with_or_without_decoding() {
    let token = hs256(&claims());
    for filler in [100, 90_000] {
        let text = format!("x {}ZXlK{token} y", "A".repeat(filler));
        let plain = mask().redact(&text).into_owned();
        assert!(piece(signature(&token), plain.as_bytes()).is_none());
        assert_eq!(decoding().redact(&text), plain, "{filler}");
        let streamed = {
            let mut out = Vec::new();
            decoding()
                .redact_stream(Trickle(text.as_bytes(), 4096), &mut out)
                .unwrap();
            out
        };
        assert_eq!(String::from_utf8(streamed).unwrap(), plain, "{filler}");
    }
}

fn utf16(text: &str, big: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn from_utf16(bytes: &[u8], big: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|p| {
            let pair = [p[0], p[1]];
            if big {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// Redacted one-shot, streamed in reads of `step` bytes and through the
/// writer in writes of `step` bytes: the three agree.
#[track_caller]
fn agreeing(text: &[u8], step: usize) -> Vec<u8> {
    let once = mask().redact_bytes(text).into_owned();
    let mut streamed = Vec::new();
    mask()
        .redact_stream(Trickle(text, step), &mut streamed)
        .unwrap();
    let mut written = Vec::new();
    {
        use std::io::Write;
        let mut w = mask().writer(&mut written);
        for chunk in text.chunks(step) {
            w.write_all(chunk).unwrap();
        }
    }
    assert_eq!(streamed, once, "streaming differs");
    assert_eq!(written, once, "the writer differs");
    once
}

#[test]
fn a_utf16_text_stays_utf16_with_the_marker_in_utf16() {
    let token = hs256(&claims());
    let text = format!("2026-12-04 INFO caf\u{e9} \u{1F600} token={token}\r\nnext\r\n");
    let want = "2026-12-04 INFO caf\u{e9} \u{1F600} token=[REDACTED-JWT]\r\nnext\r\n";
    for big in [false, true] {
        for mark in [false, true] {
            let mut bytes = Vec::new();
            if mark {
                bytes.extend(utf16("\u{feff}", big));
            }
            bytes.extend(utf16(&text, big));
            // An odd last byte is kept as it is.
            bytes.push(b'!');
            for step in [1, 3, 4096] {
                let out = agreeing(&bytes, step);
                assert_eq!(out.last(), Some(&b'!'));
                let read = from_utf16(&out[..out.len() - 1], big);
                assert_eq!(
                    read.trim_start_matches('\u{feff}'),
                    want,
                    "{big} {mark} {step}"
                );
                assert!(piece(signature(&token), read.as_bytes()).is_none());
            }
        }
    }
}

#[test]
fn utf16_without_a_token_comes_out_byte_for_byte() {
    let mut text = utf16(
        "2026-12-04 INFO nothing here eyJ eyJhbGciOiJIUzI1NiJ9 ",
        false,
    );
    // An unpaired surrogate, a NUL and an odd last byte.
    text.extend([0x00, 0xD8, 0x00, 0x00, b'x']);
    assert!(matches!(
        mask().redact_bytes(&text),
        std::borrow::Cow::Borrowed(_)
    ));
    assert_eq!(agreeing(&text, 5), text);
}

#[test]
fn scan_reports_a_utf16_token_where_it_stands_in_the_file() {
    let token = hs256(&claims());
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16(&format!("a\r\nuser \u{e9} {token}\r\n"), false));
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let mut found = Vec::new();
    usertoken::scan_findings(&bytes[..], &usertoken::Inspector::new(), now, |f| {
        found.push(f);
        Ok(())
    })
    .unwrap();
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.encoding(), Some(usertoken::Encoding::Utf16Le));
    assert_eq!(
        f.offset(),
        2 + 2 * "a\r\nuser \u{e9} ".chars().count() as u64
    );
    assert_eq!((f.line(), f.column()), (2, 8));
    assert_eq!(f.length(), 2 * token.len());
    assert_eq!(f.user_id(), Some(USER));
}

proptest! {
    /// Any text with tokens in it, as UTF-16 of either order: every way of
    /// redacting agrees, the text stays UTF-16, and it reads as the same
    /// text redacted as UTF-8 would (for ASCII text, where the two see the
    /// same bytes).
    #[test]
    fn utf16_redacts_as_utf8_does(
        words in proptest::collection::vec("[ -~\t\n]{0,12}", 1..12),
        at in proptest::collection::vec(0usize..12, 1..4),
        big in any::<bool>(),
        step in 1usize..64,
    ) {
        let token = hs256(&claims());
        let mut text = String::from("2026-12-04 ");
        for (i, word) in words.iter().enumerate() {
            text.push_str(word);
            if at.contains(&i) {
                text.push(' ');
                text.push_str(&token);
                text.push(' ');
            }
        }
        let out = agreeing(&utf16(&text, big), step);
        let want = mask().redact(&text).into_owned();
        prop_assert_eq!(from_utf16(&out, big), want);
    }
}
