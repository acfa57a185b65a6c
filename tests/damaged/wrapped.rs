//! Tokens wrapped over lines: at a width, after lines of segments, at
//! their dots, and never taking the next line's token.

use super::*;

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
fn a_last_signature_line_that_begins_like_a_header_is_hidden() {
    // Found by the property test: wrapped at 26, this token's signature
    // ends on a line of its own that begins `e33`, as an empty object's
    // header would. It completes the signature's 43 characters and no dot
    // follows it, so it is the signature's, not the next token's.
    let claims = json!({
        "exp": 590925027,
        "iss": "argyle-core-auth-prod",
        "note": " 3 k4TqX QHVSTWKrJWA1F   QQ81s ",
        "user_id": "-d80-o0b-ch-99--m425r-hda2-903-8",
    });
    let token = hs256(&claims);
    let wrapped = wrap(&token, 26, "\n", "", "");
    let last = wrapped.lines().last().unwrap();
    assert!(last.starts_with("e33"), "{last}");
    let out = hides(&format!(" {wrapped} "), &token);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(" {MASK}{} ", "\n".repeat(wrapped.lines().count()))
    );
    assert_eq!(
        scanned(&wrapped),
        [(
            TokenKind::Jws,
            Some("-d80-o0b-ch-99--m425r-hda2-903-8".to_owned())
        )]
    );
    // A line that begins like a header and is followed by a dot stays the
    // next token's, though it would complete a signature cut 3 short.
    let cut = &token[..token.len() - 3];
    let next = format!(
        "e30.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(r#"{"user_id":"u2"}"#)
    );
    let two = format!("{cut}\n{next}\n");
    let found: Vec<_> = find_tokens(two.as_bytes())
        .map(|f| f.token_range())
        .collect();
    assert_eq!(
        found,
        [0..cut.len(), cut.len() + 1..cut.len() + 1 + next.len()],
        "{two}"
    );
}

#[test]
fn a_signature_line_that_begins_with_e_but_not_a_header_is_joined() {
    // A made-up RS256 token (the finder goes by the signature's length,
    // 342 characters for a 2048-bit key), wrapped at 64: a continuation
    // line of its signature begins `eA` or `ayJ`, neither of which can
    // begin a header, and is joined like any other.
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#);
    let p = URL_SAFE_NO_PAD.encode(r#"{"user_id":"u1","exp":1652481485}"#);
    for start in ["eA", "ayJ"] {
        let mut token = format!("{h}.{p}.{}", "Q".repeat(342));
        let line = (h.len() + p.len() + 2) / 64 + 2;
        token.replace_range(line * 64..line * 64 + start.len(), start);
        let text = format!("x {}\ny", wrap(&token, 64, "\n", "", "").trim_end());
        let out = String::from_utf8(hides(&text, &token)).unwrap();
        assert!(out.starts_with(&format!("x {MASK}\n")), "{out}");
        assert!(out.ends_with("\ny") && !out.contains('Q'), "{out}");
    }
}

#[test]
fn a_signature_line_that_begins_like_a_header_but_decodes_to_none_is_joined() {
    // A signature of no algorithm's length, wrapped at 76 with CRLF: the
    // line after its first piece begins `ewpM`, which could begin a header
    // by its first three characters (`{`, a line break) but not by its
    // fourth (`L`): it is the signature's, and goes with it.
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
    let p = URL_SAFE_NO_PAD.encode(claims().to_string());
    let line = format!("Authorization: Bearer {h}.{p}.");
    let first = 76 - line.len() % 76;
    let sig = format!(
        "{}ewpMQP5-naeVJQ_-meLxK4h7",
        "-Zqk_kM77AsjZw-119T1_Cjv5169-K_6-SD93-X9".repeat(2)[..first].to_owned()
    );
    let token = format!("{h}.{p}.{sig}");
    let text = wrap(
        &format!("Authorization: Bearer {token}"),
        76,
        "\r\n",
        "",
        "",
    );
    let out = String::from_utf8(hides(text.trim_end(), &token)).unwrap();
    assert!(
        out.starts_with(&format!("Authorization: Bearer {MASK}\r\n")),
        "{out}"
    );
    assert!(!out.contains("ewp"), "{out}");
}
