//! Time linear in input size, adversarial input included: every input
//! family at 1 MB and at 10 MB, for inspection (with the size limit lifted,
//! so that the parser itself is measured) and for redaction (one-shot and
//! streaming). The 10 MB time should stay within 12× the 1 MB time; compare
//! `limits/<what>/<family>/10MB` with `.../1MB` in criterion's report.
//!
//! Every bench checks its result, so that a shortcut cannot win.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::DateTime;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use usertoken::{find_tokens, ErrorKind, Inspector, Redactor, Report, Style};

mod common;
use common::Counter;

const MB: usize = 1_000_000;
const SAMPLE: &str = include_str!("../samples/user-token.jwt");
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// `unit` repeated to `len` bytes.
fn repeat(unit: &str, len: usize) -> Vec<u8> {
    unit.repeat(len / unit.len()).into_bytes()
}

/// A token whose payload is `json`, `len` bytes in all, more or less.
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
        ("json_log_every_line", |n| {
            let line = format!(
                "{{\"level\":\"info\",\"msg\":\"created\",\"user_token\":\"{}\"}}\n",
                SAMPLE.trim()
            );
            repeat(&line, n)
        }),
    ]
}

fn bench(c: &mut Criterion) {
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let unlimited = Inspector::new().max_len(usize::MAX);
    let mut group = c.benchmark_group("limits");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_secs(1));
    group.measurement_time(std::time::Duration::from_secs(3));

    for (family, make) in inspect_families() {
        for (size, n) in [("1MB", MB), ("10MB", 10 * MB)] {
            let input = make(n);
            let expected = expect(family);
            // The member count is the input's own: read it once.
            let first = unlimited.inspect(&input, now);
            let members = first.claims().map_or(0, |c| c.len());
            check(&first, &expected, members);
            group.throughput(Throughput::Bytes(input.len() as u64));
            let id = BenchmarkId::new(format!("inspect/{family}"), size);
            group.bench_with_input(id, &input, |b, input| {
                b.iter(|| {
                    let report = unlimited.inspect(input, now);
                    check(&report, &expected, members);
                    report
                })
            });
        }
    }

    let mask = Redactor::new().style(Style::Mask);
    for (family, make) in redact_families() {
        for (size, n) in [("1MB", MB), ("10MB", 10 * MB)] {
            let input = make(n);
            let found = find_tokens(&input).count();
            let expected = mask.redact_bytes(&input).len();
            assert!(find_tokens(&mask.redact_bytes(&input)[..]).next().is_none());
            group.throughput(Throughput::Bytes(input.len() as u64));
            let id = BenchmarkId::new(format!("redact/{family}"), size);
            group.bench_with_input(id, &input, |b, input| {
                b.iter(|| {
                    let out = mask.redact_bytes(input);
                    assert_eq!(out.len(), expected);
                    out.len()
                })
            });
            let id = BenchmarkId::new(format!("redact_stream/{family}"), size);
            group.bench_with_input(id, &input, |b, input| {
                b.iter(|| {
                    let mut out = Counter(0);
                    let n = mask.redact_stream(&input[..], &mut out).unwrap_or(0);
                    assert_eq!((n as usize, out.0), (found, expected));
                    n
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
