//! Wycheproof's base64 shapes: what had to be changed inside a token makes
//! it malformed; what surrounds it is removed before verifying.

use super::*;

#[test]
fn wycheproof_base64_shapes() {
    // tcId 357-377 with HS256: whatever had to be changed inside the token
    // makes it malformed, with what and where; other characters are
    // unreadable; stray bits are invalid; whitespace inside the decoded
    // JSON is fine.
    let key = public_key(Algorithm::HS256);
    let message = format!(
        "{}.{}",
        b64(r#"{"kid":"hs256-key","alg":"HS256"}"#),
        b64("Test")
    );
    let token = sign_text(&message, Algorithm::HS256);
    valid(&verify(&token, &key));
    let parts: Vec<&str> = token.split('.').collect();
    let (h, p, s) = (parts[0], parts[1], parts[2]);
    let hl = h.len();
    for (input, what) in [
        (
            format!("{h}.{p}.    {s}"),
            "whitespace at byte 0 of the signature".to_owned(),
        ),
        (
            format!("{h}    .{p}.{s}"),
            format!("whitespace at byte {hl} of the header"),
        ),
        (
            format!("{h}.    {p}.{s}"),
            "whitespace at byte 0 of the payload".to_owned(),
        ),
        (
            format!("{h}.{p}.{}\t{}", &s[..7], &s[7..]),
            "whitespace at byte 7 of the signature".to_owned(),
        ),
        (
            format!("{}\n{}.{p}.{s}", &h[..20], &h[20..]),
            "a line break at byte 20 of the header".to_owned(),
        ),
        (
            format!("{h}.{p}.{}\r\n{}", &s[..30], &s[30..]),
            "a line break at byte 30 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}.{s}="),
            "'=' padding at byte 43 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}==.{s}"),
            "'=' padding at byte 6 of the payload".to_owned(),
        ),
        // Wrappers around it are removed first; offsets are the token's.
        (
            format!("Bearer {h}.{p}.{s}=\n"),
            "'=' padding at byte 43 of the signature".to_owned(),
        ),
        (
            format!("userToken: '{h}.{p}. {s}',"),
            "whitespace at byte 0 of the signature".to_owned(),
        ),
        // Dots written as percent-encoding or JSON escapes write them, and
        // the quote prefixes of a wrapped reply: read, never judged.
        (
            format!("{h}%2E{p}%2E{s}"),
            format!("an encoded dot at byte {} of the header", h.len()),
        ),
        (
            format!("{h}.{p}\\u002e{s}"),
            format!("an encoded dot at byte {} of the payload", p.len()),
        ),
        (
            format!("{}\n> {}.{p}.{s}", &h[..20], &h[20..]),
            "a line break at byte 20 of the header".to_owned(),
        ),
    ] {
        let v = verify(&input, &key);
        altered(&v, &what);
    }
    // `+` and `/`: a signature with `-` and `_` in it, written in the
    // standard alphabet.
    let token = (0..)
        .map(|i| {
            sign_text(
                &format!("{}.{}", b64(r#"{"alg":"HS256"}"#), b64(format!("{i}"))),
                Algorithm::HS256,
            )
        })
        .find(|t| t.rsplit('.').next().unwrap().contains(['-', '_']))
        .unwrap();
    valid(&verify(&token, &key));
    let s = token.rsplit('.').next().unwrap();
    let at = s.find(['-', '_']).unwrap();
    let standard = token.replace('-', "+").replace('_', "/");
    let c = if s.as_bytes()[at] == b'-' { '+' } else { '/' };
    altered(
        &verify(&standard, &key),
        &format!("'{c}' of the standard base64 alphabet at byte {at} of the signature"),
    );

    let (h, p, s) = (parts[0], parts[1], parts[2]);
    for (input, message) in [
        (
            format!("{h}.{p}.?{s}"),
            "invalid base64url character at byte 0 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}.{s}?"),
            "invalid base64url character at byte 43 of the signature".to_owned(),
        ),
        (
            format!("{h}.{p}.????{}", &s[4..]),
            "invalid base64url character at byte 0 of the signature".to_owned(),
        ),
        (
            format!("{h}####.{p}.{s}"),
            format!("invalid base64url character at byte {hl} of the header"),
        ),
        (
            format!("{h}.####{p}.{s}"),
            "invalid base64url character at byte 0 of the payload".to_owned(),
        ),
        (
            format!("{h}.?{p}.{s}"),
            "invalid base64url character at byte 0 of the payload".to_owned(),
        ),
        (
            format!("{}?{}.{p}.{s}", &h[..hl - 1], &h[hl - 1..]),
            format!(
                "invalid base64url character at byte {} of the header",
                hl - 1
            ),
        ),
        (
            format!("{h}.{p}?.{s}"),
            "invalid base64url character at byte 6 of the payload".to_owned(),
        ),
    ] {
        malformed(&verify(&input, &key), &message);
    }
    // tcId 374-375: unused bits set in the payload's last character, the
    // MAC over that very text.
    let stray = sign_text(&format!("{h}.AB"), Algorithm::HS256);
    let v = verify(&stray, &key);
    check(&v, Status::Invalid, Some(ReasonKind::NotCanonical));
    assert_eq!(
        v.reason().unwrap().to_string(),
        "the payload is not canonical base64url: the unused bits of its last character, at byte 1, are set"
    );
    // tcId 376-377: whitespace inside the header's JSON is part of what
    // was signed.
    for header in [
        r#"{ "kid" : "hs256-key", "alg" : "HS256" }"#,
        "{\"kid\":\"hs256-key\",\n\t\"alg\":\"HS256\"}",
    ] {
        valid(&verify(
            sign_text(&format!("{}.{p}", b64(header)), Algorithm::HS256),
            &key,
        ));
    }
}

#[test]
fn pastes_around_an_exact_token_are_removed_before_verifying() {
    let token = sign(Algorithm::HS256);
    let key = public_key(Algorithm::HS256);
    for pasted in [
        format!("  {token}\n"),
        format!("\"{token}\""),
        format!("'{token}'"),
        format!("Bearer {token}"),
        format!("Authorization: Bearer {token}\r\n"),
        format!("userToken: '{token}',"),
        format!("\"user_token\": \"{token}\""),
        format!("userToken={token}&sandbox=true"),
        format!("\u{feff}{token}"),
    ] {
        valid(&verify(&pasted, &key));
    }
}

#[test]
fn an_inspector_with_a_key_does_not_judge_an_altered_token() {
    let token = sign(Algorithm::HS256);
    let (message, signature) = token.rsplit_once('.').unwrap();
    let pasted = format!("{message}.{}\n{}", &signature[..20], &signature[20..]);
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let report = Inspector::new()
        .key(public_key(Algorithm::HS256))
        .inspect(&pasted, now);
    // Inspection still cleans and reads it; the verdict does not judge it.
    assert!(report.claims().is_some());
    assert!(report
        .diagnostics()
        .iter()
        .any(|d| d.code().as_str() == "input-cleaned"));
    let line = report.human().headline().to_string();
    assert!(
        line.ends_with(", signature not judged: the token was altered (a line break at byte 20 of the signature)"),
        "{line}"
    );
    let json: serde_json::Value = serde_json::to_value(&report).unwrap();
    assert_eq!(json["signature"], "malformed");
    assert_eq!(
        json["signature_reason"],
        "the token was altered (a line break at byte 20 of the signature)"
    );
    assert!(report
        .summary()
        .to_string()
        .contains(", signature malformed, "));
}
