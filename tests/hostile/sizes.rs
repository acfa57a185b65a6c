//! Sizes: oversize input refused before decoding, ten megabytes with and
//! without the limit, floods of delimiters and of token starts.

use super::*;

#[test]
fn oversize_input_is_refused_before_decoding() {
    let r = Inspector::new().max_len(100).inspect(SAMPLE.trim(), now());
    assert_eq!(
        error(&r),
        (
            ErrorKind::TooLarge,
            Part::Token,
            "the input is 421 bytes, over the limit of 100 bytes".to_owned()
        )
    );
    assert_eq!(r.fingerprint(), None);
    assert!(r.header().is_none() && r.diagnostics().is_empty());
    assert!(json(&r).is_some());

    let over = "A".repeat(64 * 1024 + 1);
    assert_eq!(
        error(&inspect(&over, now())).2,
        "the input is 65537 bytes, over the limit of 65536 bytes"
    );
    let at_limit = &over[1..];
    assert_eq!(error(&inspect(at_limit, now())).0, ErrorKind::SegmentCount);
}

#[test]
fn ten_megabytes_are_answered_without_decoding() {
    for input in [
        "A".repeat(10 * MB),
        "eyJ".repeat(10 * MB / 3),
        token(HEADER, "x".repeat(7 * MB)),
    ] {
        let message = format!(
            "the input is {} bytes, over the limit of 65536 bytes",
            input.len()
        );
        let r = inspect(&input, now());
        assert_eq!(
            error(&r),
            (ErrorKind::TooLarge, Part::Token, message.clone())
        );
        assert_eq!(r.fingerprint(), None);
        assert_eq!(Token::parse(&input).unwrap_err().to_string(), message);
    }
}

#[test]
fn ten_megabytes_without_a_limit_get_a_clean_error() {
    let r = unlimited().inspect("A".repeat(10 * MB), now());
    assert_eq!(
        error(&r).2,
        "expected 3 segments separated by '.' (5 for an encrypted token), found 1"
    );
    let r = unlimited().inspect(
        format!("{}.{}.c2ln", b64(HEADER), "A".repeat(10 * MB)),
        now(),
    );
    assert_eq!(
        error(&r),
        (
            ErrorKind::Json,
            Part::Payload,
            "the payload is not valid JSON: error at byte 0 of its decoded text".to_owned()
        )
    );
    assert!(
        r.header().is_some(),
        "the header of an unreadable payload is kept"
    );
}

#[test]
fn delimiter_floods() {
    let dots = ".".repeat(MB);
    let a_dots = "a.".repeat(MB);
    assert_eq!(
        error(&inspect(&dots, now())).2,
        "the input is 1000000 bytes, over the limit of 65536 bytes"
    );
    for flood in [&dots, &a_dots] {
        assert_eq!(
            error(&unlimited().inspect(flood, now())),
            (
                ErrorKind::SegmentCount,
                Part::Token,
                "expected 3 segments separated by '.' (5 for an encrypted token), found 1000001"
                    .to_owned()
            )
        );
        assert_eq!(find_tokens(flood).count(), 0);
        assert!(matches!(redact(flood), Cow::Borrowed(_)));
    }
}

#[test]
fn floods_of_token_starts_are_redacted_or_left_alone_whole() {
    // `{}` is neither a JOSE header nor a claims set: it anchors nothing.
    let headers = "e30.".repeat(MB / 4);
    assert_eq!(find_tokens(&headers).count(), 0);
    assert!(matches!(redact(&headers), Cow::Borrowed(_)));
    let tokens = format!("{}.", b64(r#"{"alg":"none"}"#)).repeat(MB / 16);
    let found = find_tokens(&tokens).count();
    assert_eq!(found, MB / 16 / 3);
    let masked = Redactor::new().style(Style::Mask).redact(&tokens);
    assert!(masked.starts_with("[REDACTED-JWT].[REDACTED-JWT]."));
    assert_eq!(find_tokens(&*masked).count(), 0);

    let starts = "eyJ.".repeat(MB / 4);
    assert_eq!(find_tokens(&starts).count(), 0);
    assert!(matches!(redact(&starts), Cow::Borrowed(_)));
}
