//! The adversarial inputs of the limits benches, and the work measured on
//! each: inspection (with the size limit lifted, so that the parser itself
//! is measured) and redaction, one-shot and streaming. Every job checks its
//! result, so that a shortcut cannot win.

use std::rc::Rc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::DateTime;
use usertoken::{find_tokens, ErrorKind, Inspector, Redactor, Report, Style};

use crate::common::Counter;

pub const MB: usize = 1_000_000;
const SAMPLE: &str = include_str!("../../samples/user-token.jwt");
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// One piece of work on one input: `run` does it, checks the result and
/// returns something for `black_box`.
pub struct Job {
    /// `inspect/<family>`, `redact/<family>` or `redact_stream/<family>`.
    pub name: String,
    /// The input's length.
    pub bytes: usize,
    /// Does the work once and checks its result.
    pub run: Box<dyn Fn() -> usize>,
}

/// Every job, on inputs of about `n` bytes, in a fixed order: the jobs for
/// two sizes pair up by position.
pub fn jobs(n: usize) -> Vec<Job> {
    let mut jobs = Vec::new();
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let unlimited = Inspector::new().max_len(usize::MAX);
    for (family, make) in inspect_families() {
        let input = make(n);
        let expected = expect(family);
        // The member count is the input's own: read it once.
        let first = unlimited.inspect(&input, now);
        let members = first.claims().map_or(0, |c| c.len());
        check(&first, &expected, members);
        let inspector = unlimited.clone();
        jobs.push(Job {
            name: format!("inspect/{family}"),
            bytes: input.len(),
            run: Box::new(move || {
                let report = inspector.inspect(&input, now);
                check(&report, &expected, members);
                report.claims().map_or(0, |c| c.len())
            }),
        });
    }

    let mask = Redactor::new().style(Style::Mask);
    for (family, make) in redact_families() {
        let input = Rc::new(make(n));
        let found = find_tokens(&input[..]).count();
        let expected = mask.redact_bytes(&input).len();
        assert!(find_tokens(&mask.redact_bytes(&input)[..]).next().is_none());
        let (one_shot, redactor) = (Rc::clone(&input), mask.clone());
        jobs.push(Job {
            name: format!("redact/{family}"),
            bytes: input.len(),
            run: Box::new(move || {
                let out = redactor.redact_bytes(&one_shot);
                assert_eq!(out.len(), expected);
                out.len()
            }),
        });
        let redactor = mask.clone();
        jobs.push(Job {
            name: format!("redact_stream/{family}"),
            bytes: input.len(),
            run: Box::new(move || {
                let mut out = Counter(0);
                let n = redactor.redact_stream(&input[..], &mut out).unwrap_or(0);
                assert_eq!((n as usize, out.0), (found, expected));
                out.0
            }),
        });
    }
    jobs
}

/// `unit` repeated to `len` bytes.
fn repeat(unit: &str, len: usize) -> Vec<u8> {
    unit.repeat(len / unit.len()).into_bytes()
}

/// A token whose payload is `json`.
fn token_with_payload(json: &str) -> Vec<u8> {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(HEADER),
        URL_SAFE_NO_PAD.encode(json)
    )
    .into_bytes()
}

/// A payload of about `len` bytes of JSON text: `{`, members, `}`.
fn members(len: usize, member: impl Fn(usize) -> String) -> String {
    let mut json = String::with_capacity(len + 64);
    json.push('{');
    let mut i = 0;
    while json.len() < len {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&member(i));
        i += 1;
    }
    json.push('}');
    json
}

/// What inspecting an input must come to.
enum Expect {
    Error(ErrorKind),
    Readable,
}

type Family = (&'static str, fn(usize) -> Vec<u8>);

/// Inputs for inspection, sized by their decoded or raw length.
fn inspect_families() -> Vec<Family> {
    vec![
        ("dot_flood", |n| repeat(".", n)),
        ("a_dot_flood", |n| repeat("a.", n)),
        ("key_value_chain", |n| repeat("a=", n)),
        ("names_then_closers", |n| {
            let mut v = repeat("a", n / 2);
            v.extend(repeat(" )", n / 2));
            v
        }),
        ("nested_payload", |n| {
            token_with_payload(&format!("{{\"a\":{}", "[".repeat(n * 3 / 4)))
        }),
        ("many_members", |n| {
            token_with_payload(&members(n * 3 / 4, |i| format!("\"c{i}\":{i}")))
        }),
        ("duplicate_members", |n| {
            token_with_payload(&members(n * 3 / 4, |_| "\"exp\":1".to_owned()))
        }),
        ("escaped_string", |n| {
            token_with_payload(&format!(
                "{{\"user_id\":\"{}\"}}",
                "\\u0041".repeat(n * 3 / 4 / 6)
            ))
        }),
        ("whitespace_inside", |n| {
            let token = SAMPLE.trim();
            let spaced: String = token
                .as_bytes()
                .chunks(4)
                .map(|c| format!("{} ", String::from_utf8_lossy(c)))
                .collect();
            let pad = " \n".repeat(n.saturating_sub(spaced.len()) / 2);
            format!("Bearer {spaced}{pad}").into_bytes()
        }),
    ]
}

fn expect(family: &str) -> Expect {
    match family {
        "dot_flood" | "a_dot_flood" | "key_value_chain" | "names_then_closers" => {
            Expect::Error(ErrorKind::SegmentCount)
        }
        "nested_payload" => Expect::Error(ErrorKind::TooDeep),
        _ => Expect::Readable,
    }
}

#[track_caller]
fn check(report: &Report, expected: &Expect, members: usize) {
    match expected {
        Expect::Error(kind) => assert_eq!(report.error().map(|e| e.kind()), Some(*kind)),
        Expect::Readable => {
            let claims = report.claims().expect("a readable token");
            assert_eq!(claims.len(), members);
        }
    }
}

/// Inputs for redaction.
fn redact_families() -> Vec<Family> {
    vec![
        ("ey_flood", |n| repeat("ey", n)),
        ("eyj_dot_flood", |n| repeat("eyJ.", n)),
        ("header_dot_flood", |n| repeat("eyJhbGciOiJIUzI1NiJ9.", n)),
        ("e30_dot_flood", |n| repeat("e30.", n)),
        ("a_dot_flood", |n| repeat("a.", n)),
        ("dot_flood", |n| repeat(".", n)),
        ("header_then_endless_payload", |n| {
            let unit = format!("eyJhbGciOiJIUzI1NiJ9.{}!", "A".repeat(70_000));
            repeat(&unit, n)
        }),
        ("long_runs_of_candidates", |n| {
            let unit = format!("{}.e30.c2ln ", "eyJhIjoxfQ".repeat(10_000));
            repeat(&unit, n)
        }),
        ("tokens_back_to_back", |n| {
            repeat(&format!("{}.", SAMPLE.trim()), n)
        }),
        // Lines that each end in the start of a header: each may go on
        // on the next line, as a wrapped header would.
        ("header_prefix_line_ends", |n| {
            repeat("INFO login ok eyJhbGciOiJIUzI1NiIsInR5c\n", n)
        }),
        // A header and payload, then a wrap that never completes them.
        ("wrapped_payload_lines", |n| {
            repeat(
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1IiwiYSI6\nIiwiYSI6IiwiYSI6Ii\n",
                n,
            )
        }),
        ("encoded_dot_flood", |n| repeat("%2E", n)),
        ("header_encoded_dot_flood", |n| {
            repeat("eyJhbGciOiJIUzI1NiJ9%2E", n)
        }),
        ("quote_prefix_flood", |n| repeat("> ", n)),
        ("quoted_lines_of_segments", |n| {
            repeat("> eyJhIjoxfQ\n> ", n)
        }),
        // Noise: floods of what may begin it or stand for a dot, and
        // headers and payloads each followed by noise that never completes
        // them.
        ("percent25_flood", |n| repeat("%25", n)),
        ("entity_flood", |n| repeat("&#", n)),
        ("soft_break_flood", |n| repeat("=\r\n", n)),
        ("nbsp_flood", |n| repeat("\u{a0}", n)),
        ("header_then_noise", |n| {
            repeat("eyJhbGciOiJIUzI1NiJ9\u{200b}eyJhbGci<br>", n)
        }),
        ("payload_pieces_in_noise", |n| {
            repeat(
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1Iiwi=\r\nYSI6Ii\u{a0}wiYSI6=\r\n",
                n,
            )
        }),
        ("signature_pieces_in_noise", |n| {
            repeat(".eyJzdWIiOiJ1In0.c2ln\u{200b}c2ln\\\n  c2ln\" +\n\"", n)
        }),
        ("json_log_every_line", |n| {
            let line = format!(
                "{{\"level\":\"info\",\"msg\":\"created\",\"user_token\":\"{}\"}}\n",
                SAMPLE.trim()
            );
            repeat(&line, n)
        }),
    ]
}
