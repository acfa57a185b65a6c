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
    assert_eq!(mask().redact(text), text, "found without decoding");
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
