#![cfg(feature = "cli")]
//! The no-leak proof: a random canary planted as the signature of tokens in
//! every failure mode never shows, not one fragment of it, in anything the
//! crate or the command line prints.

mod common;
mod helpers;
use helpers::tokens::b64;

use std::error::Error as _;
use std::io::Write;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use usertoken::{
    find_tokens, inspect, scan_reader, Inspector, Key, Redactor, Report, Style, Token, Verification,
};

/// A fragment: this many bytes of the canary in a row.
const FRAGMENT: usize = 8;

const SECRET_FILE: &str = "samples/user-token.secret";

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

/// The first fragment of `canary` in `output`, if any.
fn fragment<'a>(canary: &'a str, output: &str) -> Option<&'a str> {
    (0..=canary.len() - FRAGMENT)
        .map(|i| &canary[i..i + FRAGMENT])
        .find(|f| output.contains(f))
}

#[track_caller]
fn assert_no_fragment(canary: &str, what: &str, output: &str) {
    if let Some(f) = fragment(canary, output) {
        let at = output.find(f).unwrap_or(0);
        let around = output.get(at.saturating_sub(200)..(at + 200).min(output.len()));
        panic!(
            "{f:?} of the canary {canary:?} in {what}: …{}…",
            around.unwrap_or(f)
        );
    }
}

/// One failure mode: its name, the input, and whether the input still has
/// a token's shape where the canary stands (so that `redact` must hide it).
struct Case {
    name: &'static str,
    input: String,
    token_shaped: bool,
}

/// Tokens in every failure mode, with `canary` as their signature.
fn cases(canary: &str) -> Vec<Case> {
    let header = b64(r#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = b64(concat!(
        r#"{"client_id":"0d9b5bf3-97fa-4757-a136-b2a03d171414","exp":1652481485,"#,
        r#""iat":1649889485,"iss":"argyle-core-auth-prod","#,
        r#""sub":"017f8978-bbfd-ff64-18ce-d59f99bf51c2","#,
        r#""user_id":"017f8978-bbfd-ff64-18ce-d59f99bf51c2"}"#
    ));
    let token = format!("{header}.{payload}.{canary}");
    let mid = canary.len() / 2;
    let mut cases = Vec::new();
    let mut add = |name, input: String, token_shaped| {
        cases.push(Case {
            name,
            input,
            token_shaped,
        })
    };
    add("well-formed", token.clone(), true);
    add("bearer prefix", format!("Bearer {token}"), true);
    add(
        "bearer prefix, lowercase",
        format!("bearer   {token}"),
        true,
    );
    add(
        "authorization header",
        format!("Authorization: Bearer {token}"),
        true,
    );
    add("json member", format!(r#""user_token": "{token}","#), true);
    add(
        "query string",
        format!("userToken={token}&sandbox=true"),
        true,
    );
    add("quoted", format!("'{token}'"), true);
    add("text around", format!("→ {token} ←"), true);
    add("padding", format!("{token}=="), true);
    add("too much padding", format!("{token}==="), true);
    add(
        "signature of impossible length",
        format!(
            "{token}{}",
            "A".repeat(if canary.len() % 4 == 1 {
                4
            } else {
                5 - canary.len() % 4
            })
        ),
        true,
    );
    add(
        "alg none",
        format!("{}.{payload}.{canary}", b64(r#"{"alg":"none"}"#)),
        true,
    );
    add(
        "payload not JSON",
        format!("{header}.{}.{canary}", b64("not json")),
        true,
    );
    add(
        "payload not an object",
        format!("{header}.{}.{canary}", b64("[1,2,3]")),
        true,
    );
    add(
        "payload nested too deep",
        format!(
            "{header}.{}.{canary}",
            b64(format!("{{\"a\":{}}}", "[".repeat(100)))
        ),
        true,
    );
    add("four segments", format!("{token}.eHg"), true);
    add("five segments", format!("{token}.eHg.eXk"), true);
    add(
        "jwe key",
        format!(
            "{}.{canary}.aXY.Y3Q.dGFn",
            b64(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
        ),
        true,
    );
    add(
        "bad base64 in the header",
        format!("{}!{}.{payload}.{canary}", &header[..5], &header[5..]),
        true,
    );
    add(
        "bad base64 in the payload",
        format!("{header}.{}*{}.{canary}", &payload[..9], &payload[9..]),
        true,
    );
    add(
        "bad base64 in the signature",
        format!("{header}.{payload}.{}!{}", &canary[..mid], &canary[mid..]),
        true,
    );
    add(
        "standard alphabet",
        format!("{header}.{payload}.{}+/{}", &canary[..mid], &canary[mid..]),
        true,
    );
    add(
        "header not JSON",
        format!("{}.{payload}.{canary}", b64("not json")),
        true,
    );
    add("empty header", format!(".{payload}.{canary}"), true);
    add("empty payload", format!("{header}..{canary}"), true);
    add("one segment", canary.to_owned(), false);
    add("two segments", format!("{header}.{canary}"), true);
    add("six segments", format!("{token}.eHg.eXk.eno"), true);
    add("seven segments", format!("{token}.eHg.eXk.eno.d3c"), true);
    add(
        "space in the payload",
        format!("{header}.{} {}.{canary}", &payload[..9], &payload[9..]),
        true,
    );
    add(
        "payload one character short",
        format!("{header}.{}.{canary}", &payload[1..]),
        true,
    );
    add(
        "standard alphabet in the payload",
        format!("{header}.{}+/{}.{canary}", &payload[..8], &payload[10..]),
        true,
    );
    add("percent-encoded dots", token.replace('.', "%2E"), true);
    add(
        "in a nested redirect",
        format!(
            "next=%2Flink%3FuserToken%3D{}%26sandbox%3Dtrue",
            token.replace('.', "%2e")
        ),
        true,
    );
    add(
        "JSON-escaped dots",
        format!(r#"{{"t":"{}"}}"#, token.replace('.', "\\u002e")),
        true,
    );
    for (name, width, newline, prefix) in [
        ("wrapped at 64", 64, "\n", ""),
        ("wrapped at 76, CRLF", 76, "\r\n", ""),
        ("wrapped and indented", 64, "\n", "    "),
        ("wrapped in a quoted reply", 72, "\n", "> "),
    ] {
        let line = format!("{prefix}Authorization: Bearer {token}");
        let wrapped: Vec<String> = line
            .as_bytes()
            .chunks(width - prefix.len())
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        let quote = if prefix == "> " { "> " } else { "" };
        let text = wrapped.join(&format!("{newline}{prefix}"));
        let text = text.strip_prefix(prefix).unwrap_or(&text);
        add(name, format!("{quote}{text}"), true);
    }
    add(
        "wrapped after its first dot",
        format!("{header}.\n{payload}.{canary}"),
        true,
    );
    add(
        "over the size limit",
        format!("{header}.{}.{canary}", "A".repeat(70_000)),
        false,
    );
    cases
}

/// Everything the library prints about one input.
fn library_output(input: &str, keys: &[Key]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |what: &str, text: String| out.push((what.to_owned(), text));
    match Token::parse(input) {
        Ok(token) => push("Token Debug", format!("{token:?} {:?}", token.notes())),
        Err(e) => {
            push("Error", format!("{e} {e:?} {:?} {}", e.kind(), e.part()));
            let mut source = e.source();
            while let Some(s) = source {
                push("error source", format!("{s} {s:?}"));
                source = s.source();
            }
        }
    }
    let report = inspect(input, now());
    report_output(&report, &mut push);
    for key in keys {
        let report = Inspector::new().key(key.clone()).inspect(input, now());
        report_output(&report, &mut push);
        verification_output(&usertoken::verify(input, key), &mut push);
    }
    for found in find_tokens(input) {
        push("Found", format!("{found:?}"));
    }
    scan_reader(input.as_bytes(), |piece| {
        push("Piece", format!("{piece:?}"));
        Ok(())
    })
    .unwrap();
    out
}

fn report_output(report: &Report, push: &mut impl FnMut(&str, String)) {
    push("Report Debug", format!("{report:?}"));
    push("human report", report.human().to_string());
    push("verdict", report.human().headline().to_string());
    push("report JSON", serde_json::to_string(report).unwrap());
    let mut direct = Vec::new();
    report.write_json(&mut direct).unwrap();
    push("write_json", String::from_utf8(direct).unwrap());
    for d in report.diagnostics() {
        push("diagnostic", format!("{d} {d:?}"));
    }
    if let Some(e) = report.error() {
        push("report error", format!("{e} {e:?}"));
        let mut source = e.source();
        while let Some(s) = source {
            push("error source", format!("{s} {s:?}"));
            source = s.source();
        }
    }
    if let Some(header) = report.header() {
        push("Header Debug", format!("{header:?}"));
    }
    if let Some(claims) = report.claims() {
        push("Claims Debug", format!("{claims:?}"));
    }
    if let Some(v) = report.signature() {
        verification_output(v, push);
    }
}

fn verification_output(v: &Verification, push: &mut impl FnMut(&str, String)) {
    push("Verification", format!("{v} {v:?}"));
    push("Verification JSON", serde_json::to_string(v).unwrap());
    if let Some(reason) = v.reason() {
        push("Reason", format!("{reason} {reason:?} {}", reason.kind()));
        if let Some(e) = reason.error() {
            push("reason error", format!("{e} {e:?}"));
            let mut source = e.source();
            while let Some(s) = source {
                push("error source", format!("{s} {s:?}"));
                source = s.source();
            }
        }
    }
}

fn keys() -> Vec<Key> {
    let data = |path: &str| std::fs::read(path).unwrap();
    vec![
        Key::hmac(data(SECRET_FILE)).unwrap(),
        Key::parse(data("tests/data/rsa-public.pem")).unwrap(),
        Key::parse(data("tests/data/jwks.json")).unwrap(),
    ]
}

/// Runs the command line in the crate's directory; returns stdout and
/// stderr together.
fn run(args: &[&str], stdin: &str) -> String {
    let out = common::cli(args).stdin(stdin).run();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "usertoken {}: {:?}\n{:.2000}",
        args[0],
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_fragment_of_a_signature_shows(canary in "[A-Za-z0-9_-]{40,90}") {
        let keys = keys();
        let cases = cases(&canary);

        for case in &cases {
            for (what, output) in library_output(&case.input, &keys) {
                assert_no_fragment(&canary, &format!("{what} for {}", case.name), &output);
            }
        }

        // Where the canary stands in a token's shape, redaction hides it,
        // in every style and through every path.
        for case in cases.iter().filter(|c| c.token_shaped) {
            // Whole, the canary stands in a token; split in two by a stray
            // character, its first half does and the rest is glued on.
            let (head, tail) = canary.split_at(canary.len() / 2);
            // A canary broken over lines or by encoding is judged by the
            // output alone.
            if let (Some(at), Some(end)) = (case.input.find(head), case.input.rfind(tail)) {
                let end = end + tail.len();
                let whole = case.input.contains(&canary);
                prop_assert!(
                    find_tokens(&case.input).any(|f| f.start() <= at
                        && if whole { end <= f.end() } else { at + head.len() <= f.end() && end <= f.glued_end() }),
                    "no token found around the canary in {}: {}", case.name, case.input
                );
            }
            for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
                let redactor = Redactor::new().style(style);
                assert_no_fragment(&canary, case.name, &redactor.redact(&case.input));
                let mut streamed = Vec::new();
                redactor.redact_stream(case.input.as_bytes(), &mut streamed).unwrap();
                let mut written = Vec::new();
                redactor.writer(&mut written).write_all(case.input.as_bytes()).unwrap();
                assert_no_fragment(&canary, case.name, &String::from_utf8_lossy(&streamed));
                assert_no_fragment(&canary, case.name, &String::from_utf8_lossy(&written));
            }
        }

        // The command line: every input one per line on standard input, and
        // as arguments.
        let lines: String = cases.iter().map(|c| format!("{}\n", c.input)).collect();
        let now = ["--now", "1700000000"];
        let secret = ["--secret-file", SECRET_FILE];
        for args in [
            &["inspect"][..],
            &["inspect", "--json"],
            &["inspect", secret[0], secret[1]],
            &["inspect", "--json", "--key", "tests/data/jwks.json"],
            &["verify", secret[0], secret[1]],
            &["verify", "--json", "--key", "tests/data/rsa-public.pem"],
            &["scan", "-"],
        ] {
            let mut args = args.to_vec();
            if args[0] != "verify" {
                args.extend(now);
            }
            assert_no_fragment(&canary, &args.join(" "), &run(&args, &lines));
        }
        let mut args = vec!["inspect", "--now", "1700000000", "--"];
        args.extend(cases.iter().map(|c| c.input.as_str()));
        assert_no_fragment(&canary, "usertoken inspect TOKEN...", &run(&args, ""));
        let mut args = vec!["verify", secret[0], secret[1], "--"];
        args.extend(cases.iter().map(|c| c.input.as_str()));
        assert_no_fragment(&canary, "usertoken verify TOKEN...", &run(&args, ""));

        let shaped: String = cases
            .iter()
            .filter(|c| c.token_shaped)
            .map(|c| format!("{}\n", c.input))
            .collect();
        for style in ["mask", "fingerprint", "summary"] {
            let out = run(&["redact", "--style", style], &shaped);
            assert_no_fragment(&canary, &format!("usertoken redact --style {style}"), &out);
        }
    }
}
