//! Properties: tokens planted in random log text are gone and nothing else
//! changes, in every style, one shot, streamed or written.

use super::*;

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
    #![proptest_config(crate::helpers::regressions::beside_the_file(ProptestConfig::with_cases(256)))]

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
