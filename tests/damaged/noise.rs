//! Noise inside a token — invisible characters, markup, escapes, line
//! continuations, string concatenation, soft line breaks, encoded dots —
//! hides it whole, and the reader reads what was found; base64 JSON
//! between dots that is neither a header nor a claims set is no token.

use super::*;

/// What `scan_findings` reports of each token in `text`: kind and user.
fn found_users(text: &str) -> Vec<(TokenKind, Option<String>)> {
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let mut out = Vec::new();
    usertoken::scan_findings(text.as_bytes(), &usertoken::Inspector::new(), now, |f| {
        out.push((f.kind(), f.user_id().map(str::to_owned)));
        Ok(())
    })
    .unwrap();
    out
}

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
        // Found as one token, and `scan` reads its claims through the
        // noise, as the summary marker does.
        assert_eq!(
            found_users(&text),
            [(TokenKind::Jws, Some(USER.to_owned()))],
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
    // Where a soft line break falls among the header's first three
    // characters (`ey=` at a line's end), the payload anchors the token and
    // what stands before the break (`ey`) is all that is left of it.
    for column in 0..76 {
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
            found_users(&text),
            [(TokenKind::Jws, Some(USER.to_owned()))],
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

#[test]
fn a_signature_piece_that_begins_like_a_header_goes_with_its_signature() {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS512","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims().to_string());
    // 86 characters; the piece after the wrap begins `ewp`, as a header
    // may, and no dot follows it.
    let sig = format!("{}ewp{}", "A".repeat(40), "B".repeat(43));
    let token = format!("{header}.{payload}.{sig}");
    let (first, rest) = sig.split_at(40);
    let (second, third) = rest.split_at(20);
    let text = format!("> {header}.{payload}.{first}\r\n{second}\u{200b}{third} next");
    let out = String::from_utf8(hides(&text, &token)).unwrap();
    assert_eq!(out, "> [REDACTED-JWT]\r\n next");
}

#[test]
fn noise_after_an_encoded_dot_is_not_counted_as_signature() {
    let token = hs256(&claims());
    let parts: Vec<&str> = token.split('.').collect();
    for dot in ["%2E", "\\x2e", "\\u002e", "%252E"] {
        let text = format!(
            "t={}{dot}{}{dot}&#8203;{} end",
            parts[0], parts[1], parts[2]
        );
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert_eq!(out, "t=[REDACTED-JWT] end", "{dot}");
    }
}

/// The spellings between backticks in the sentence of docs/REFERENCE.md
/// that begins at `from` and ends at `to`.
fn readme_spellings(from: &str, to: &str) -> Vec<String> {
    let readme = include_str!("../../docs/REFERENCE.md");
    let start = readme.find(from).expect("docs/REFERENCE.md names the rule");
    let end = start + readme[start..].find(to).expect("the sentence ends");
    readme[start..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_dot_the_readme_lists_is_a_dot() {
    let token = hs256(&claims());
    let dots = readme_spellings("what may\nstand for a dot", "and the grammar");
    assert!(dots.len() >= 6, "{dots:?}");
    for dot in dots {
        let text = format!("t={} end", token.replace('.', &dot));
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert_eq!(out, "t=[REDACTED-JWT] end", "{dot}");
    }
}

#[test]
fn every_noise_the_readme_lists_is_noise() {
    let token = hs256(&claims());
    let noise = readme_spellings("HTML tags", "at most 96 bytes");
    assert!(noise.len() >= 4, "{noise:?}");
    for noise in noise.iter().filter(|n| !n.contains('…')) {
        let text = format!("t=\"{}\" end", broken(&token, noise));
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert!(out.starts_with("t=\"[REDACTED-JWT]"), "{noise:?}: {out}");
    }
}
