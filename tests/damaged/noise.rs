//! Noise inside a token — invisible characters, markup, escapes, line
//! continuations, string concatenation, soft line breaks, encoded dots —
//! hides it whole, and the reader reads what was found; base64 JSON
//! between dots that is neither a header nor a claims set is no token.

use super::*;

/// `token` with `noise` put into the middle of each of its segments.
fn broken(token: &str, noise: &str) -> String {
    token
        .split('.')
        .map(|part| {
            let mid = part.len() / 2;
            format!("{}{noise}{}", &part[..mid], &part[mid..])
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[test]
fn noise_inside_a_token_hides_it_whole() {
    let token = hs256(&claims());
    for noise in [
        "\u{a0}",
        "\u{200b}",
        "\u{2026}",
        "\u{ad}",
        "<br>",
        "<br>\n",
        "</span><span class=\"x\">",
        "&nbsp;",
        "&#8203;",
        "\\\n    ",
        "\\n",
        "=\r\n",
        "\" +\n    \"",
        "' +\n  '",
        "\"\n  \"",
    ] {
        let text = format!("token: \"{}\" end", broken(&token, noise));
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert!(
            out.starts_with("token: \"[REDACTED-JWT]"),
            "{noise:?}: {out}"
        );
        assert!(out.ends_with("\" end"), "{noise:?}: {out}");
        // Found as one token. (The reader does not take the noise out
        // yet: what it makes of the token is not asserted here.)
        assert_eq!(
            find_tokens(&text).map(|f| f.kind()).collect::<Vec<_>>(),
            [TokenKind::Jws],
            "{noise:?}"
        );
    }
}

#[test]
fn noise_that_holds_a_line_break_is_kept_beside_the_marker() {
    let token = hs256(&claims());
    let (h, rest) = token.split_once('.').unwrap();
    let java = format!("String t = \"{h}.\" +\n        \"{rest}\";");
    let out = String::from_utf8(hides(&java, &token)).unwrap();
    assert_eq!(out, "String t = \"[REDACTED-JWT]\" +\n        \"\";");
    let shell = format!("curl -H 'Authorization: Bearer {h}.\\\n  {rest}' x");
    let out = String::from_utf8(hides(&shell, &token)).unwrap();
    assert_eq!(
        out,
        "curl -H 'Authorization: Bearer [REDACTED-JWT]\\\n  ' x"
    );
}

#[test]
fn quoted_printable_at_every_column_hides_the_token() {
    let token = hs256(&claims());
    // Not where a soft line break falls among the header's first three
    // characters (`ey=` at the end of a line): then nothing anchors the
    // token by its header, and its wrapped payload is not yet read as an
    // anchor from there (see the README's list of what is not hidden).
    for column in (0..76).filter(|c| !matches!(c, 73 | 74)) {
        let text = format!("{}{token} end", "x".repeat(column));
        let mut qp = String::new();
        for (i, c) in text.chars().enumerate() {
            if i > 0 && i % 75 == 0 {
                qp.push_str("=\r\n");
            }
            qp.push(c);
        }
        hides(&qp, &token);
    }
}

#[test]
fn dots_written_as_html_or_encoded_twice_are_dots() {
    let token = hs256(&claims());
    for dot in ["&#46;", "&#x2E;", "&period;", "%252E", "%25252e", "\\x2e"] {
        let text = format!("<a href=\"/link?t={}\">", token.replace('.', dot));
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert_eq!(out, "<a href=\"/link?t=[REDACTED-JWT]\">", "{dot}");
        assert_eq!(
            find_tokens(&text).map(|f| f.kind()).collect::<Vec<_>>(),
            [TokenKind::Jws],
            "{dot}"
        );
    }
}

#[test]
fn a_token_of_a_longer_rsa_key_goes_whole_over_noise() {
    let token = rs256();
    // 342 characters: complete at no shorter RSA length after 171.
    let sig = signature(&token);
    let text = format!(
        "x {}.{}\n    {}\u{200b}{} y",
        &token[..token.len() - sig.len() - 1],
        &sig[..171],
        &sig[171..300],
        &sig[300..]
    );
    hides(&text, &token);
}

#[test]
fn base64_json_between_dots_that_anchors_nothing_is_left_alone() {
    for text in [
        "chunk app.eyJ2IjowfQ.bundle.js",
        "tenant.eyJyZWdpb24iOiJ1cyJ9.v2",
        "e30.e30.e30",
        "cache eyJ2IjowfQ.eyJyZWdpb24iOiJ1cyJ9.x",
    ] {
        assert_eq!(find_tokens(text).count(), 0, "{text}");
        assert_eq!(mask().redact(text), text);
    }
}

#[test]
fn noise_around_text_without_a_token_changes_nothing() {
    for text in [
        "a\u{200b}b <br>\n c &nbsp; d \\\n e \"f\" +\n \"g\" =\r\nh",
        "eyeball\u{a0}they key=\nvalue <b>eyJ</b>",
    ] {
        assert_eq!(mask().redact(text), text);
    }
}
