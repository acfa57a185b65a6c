//! Redacting logs, each input beside the regex crate with the usual
//! secret-scanner JWT pattern (what `regex_redact` in the shared baselines
//! does: line by line, `replace_all`).
//!
//! Inputs: a log with a token on about 1% of lines, a token on every line,
//! and adversarial single lines of 10 MB (an `ey` flood, base64url runs with
//! dots, nested headers that each almost parse). Every bench checks its
//! output, so a broken fast path cannot win.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jsonwebtoken::{EncodingKey, Header};
use regex::bytes::Regex;
use serde_json::json;
use usertoken::{find_tokens, Redactor, Style};

mod common;
use common::Counter;

const MASK: &[u8] = b"[REDACTED-JWT]";

/// A small deterministic generator (xorshift), so inputs are the same on
/// every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn uuid(&mut self) -> String {
        let h = format!("{:016x}{:016x}", self.next(), self.next());
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }

    fn base64(&mut self, n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..n).map(|_| A[self.below(64)] as char).collect()
    }
}

fn tokens(rng: &mut Rng) -> Vec<String> {
    let key = EncodingKey::from_secret(b"bench");
    let issuers = ["argyle-core-auth-prod", "argyle-core-auth-sandbox"];
    (0..64)
        .map(|i| {
            let user = rng.uuid();
            let iat = 1_649_889_485 + rng.below(200_000_000) as u64;
            let claims = json!({
                "client_id": rng.uuid(), "exp": iat + 2_592_000, "iat": iat,
                "iss": issuers[i % 2], "jti": rng.uuid(), "sub": user, "user_id": user,
            });
            jsonwebtoken::encode(&Header::default(), &claims, &key).unwrap()
        })
        .collect()
}

fn plain_line(rng: &mut Rng, i: usize) -> String {
    let ts = format!("2023-11-14T22:{:02}:{:02}Z", i / 60 % 60, i % 60);
    match rng.below(6) {
        0 => format!(
            r#"10.0.{}.{} - - [{ts}] "GET /v2/paystubs?limit=10 HTTP/1.1" 200 {} "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)""#,
            rng.below(255),
            rng.below(255),
            rng.below(90_000)
        ),
        1 => format!(
            r#"{{"ts": "{ts}", "level": "info", "msg": "request completed", "user": "{}", "latency_ms": {}}}"#,
            rng.uuid(),
            rng.below(900)
        ),
        2 => format!(
            "{ts} INFO worker.sync account={} status=synced version=5.12.{} host=api-{}.internal.example.com",
            rng.uuid(),
            rng.below(9),
            rng.below(9)
        ),
        3 => format!(
            "{ts} DEBUG cache put key=sess:{} ttl=3600 etag=\"{}\"",
            rng.base64(32),
            rng.base64(16)
        ),
        4 => format!("{ts} INFO sdk init sandbox=true theme=default a.b.c eyeglasses.example eyJ.notatoken"),
        _ => {
            let n = 20 + rng.below(100);
            format!("{ts} TRACE payload={}", rng.base64(n))
        }
    }
}

fn token_line(rng: &mut Rng, i: usize, t: &str) -> String {
    let ts = format!("2023-11-14T22:{:02}:{:02}Z", i / 60 % 60, i % 60);
    match rng.below(5) {
        0 => format!(
            r#"10.0.0.1 - - [{ts}] "GET /link?userToken={t}&sandbox=true HTTP/1.1" 200 512"#
        ),
        1 => format!(r#"{{"ts": "{ts}", "msg": "created user token", "user_token": "{t}"}}"#),
        2 => format!("{ts} DEBUG outbound headers Authorization: Bearer {t}"),
        3 => format!("{ts} INFO cookie: session={t}; Path=/; HttpOnly"),
        _ => format!("{ts} ERROR token rejected token=\"{t}\" reason=expired"),
    }
}

/// A log of about `bytes`, a token on `per_mille` of its lines; and how
/// many tokens it holds.
fn log(bytes: usize, per_mille: usize, seed: u64) -> (Vec<u8>, usize) {
    let mut rng = Rng(seed);
    let pool = tokens(&mut rng);
    let (mut out, mut planted, mut i) = (String::new(), 0, 0);
    while out.len() < bytes {
        let line = if rng.below(1000) < per_mille {
            planted += 1;
            let t = &pool[rng.below(pool.len())];
            token_line(&mut rng, i, t)
        } else {
            plain_line(&mut rng, i)
        };
        out.push_str(&line);
        out.push('\n');
        i += 1;
    }
    (out.into_bytes(), planted)
}

/// Adversarial single lines of `bytes`.
fn adversarial(bytes: usize) -> Vec<(&'static str, Vec<u8>)> {
    let mut rng = Rng(7);
    let mut dots = String::new();
    while dots.len() < bytes {
        let n = 10 + rng.below(50);
        dots.push_str(&rng.base64(n));
        dots.push('.');
    }
    let header = "eyJhIjp7ImEiOnsiYSI6eyJhIjp7ImEiOnsiYSI6eyJhIjp7ImEiOnsiYSI6";
    vec![
        ("ey_flood", "eyeyJeyAew3e30".repeat(bytes / 14).into_bytes()),
        ("base64_dots", dots.into_bytes()),
        (
            "nested_headers",
            format!("{header}{header}.x.y ")
                .repeat(bytes / 125)
                .into_bytes(),
        ),
    ]
}

fn jwt_regex() -> Regex {
    Regex::new(r"\bey[a-zA-Z0-9_-]{10,}\.ey[a-zA-Z0-9_-]{10,}\.[a-zA-Z0-9_-]*").unwrap()
}

/// The baseline: line by line, `replace_all`.
fn regex_redact(re: &Regex, text: &[u8], out: &mut Vec<u8>) {
    out.clear();
    for line in text.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(&re.replace_all(line, &b"[REDACTED]"[..]));
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find_iter(haystack, needle).count()
}

fn bench(c: &mut Criterion) {
    let mask = Redactor::new().style(Style::Mask);
    let summary = Redactor::new();
    let re = jwt_regex();
    let mut inputs: Vec<(&str, Vec<u8>, Option<usize>)> = Vec::new();
    let (sparse, planted) = log(8 << 20, 10, 1);
    inputs.push(("sparse_log", sparse, Some(planted)));
    let (dense, planted) = log(4 << 20, 1000, 2);
    inputs.push(("token_every_line", dense, Some(planted)));
    for (name, text) in adversarial(10_000_000) {
        inputs.push((name, text, None));
    }

    let mut group = c.benchmark_group("redact");
    group.sample_size(10);
    for (name, text, planted) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        let expected = mask.redact_bytes(text).into_owned();
        if let Some(planted) = planted {
            assert_eq!(count(&expected, MASK), *planted, "{name}");
        }
        group.bench_with_input(BenchmarkId::new(*name, "usertoken"), text, |b, text| {
            b.iter(|| {
                let out = mask.redact_bytes(text);
                assert_eq!(out.len(), expected.len());
                out.len()
            })
        });
        group.bench_with_input(
            BenchmarkId::new(*name, "usertoken_stream"),
            text,
            |b, text| {
                b.iter(|| {
                    let mut out = Counter(0);
                    let n = mask.redact_stream(&text[..], &mut out).unwrap();
                    assert_eq!(out.0, expected.len());
                    n
                })
            },
        );
        if planted.is_some() {
            group.bench_with_input(
                BenchmarkId::new(*name, "usertoken_summary"),
                text,
                |b, text| {
                    b.iter(|| {
                        let out = summary.redact_bytes(text);
                        assert_eq!(count(&out, b"[REDACTED-JWT:fp="), count(&expected, MASK));
                        out.len()
                    })
                },
            );
        }
        let mut baseline = Vec::with_capacity(text.len());
        regex_redact(&re, text, &mut baseline);
        let baseline_len = baseline.len();
        group.bench_with_input(
            BenchmarkId::new(*name, "regex_baseline"),
            text,
            |b, text| {
                b.iter(|| {
                    regex_redact(&re, text, &mut baseline);
                    assert_eq!(baseline.len(), baseline_len);
                    baseline.len()
                })
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("find");
    group.sample_size(10);
    for (name, text, planted) in inputs.iter().take(2) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new(*name, "find_tokens"), text, |b, text| {
            b.iter(|| {
                let n = find_tokens(text).count();
                assert_eq!(Some(n), *planted);
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
