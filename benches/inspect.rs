//! Inspecting realistic user tokens, beside jsonwebtoken's unverified decode.

use chrono::DateTime;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::Deserialize;
use usertoken::{Environment, Inspector};

const SAMPLE: &str = include_str!("../samples/user-token.jwt");

#[derive(Deserialize)]
#[allow(dead_code)]
struct Claims {
    client_id: Option<String>,
    user_id: Option<String>,
    sub: Option<String>,
    iss: Option<String>,
    jti: Option<String>,
    iat: Option<i64>,
    exp: Option<i64>,
}

fn inputs() -> Vec<(&'static str, String)> {
    let clean = SAMPLE.trim().to_owned();
    vec![
        ("clean", clean.clone()),
        ("pasted", format!("Authorization: Bearer {clean}\r\n")),
    ]
}

fn bench(c: &mut Criterion) {
    let inspector = Inspector::new();
    let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let mut group = c.benchmark_group("inspect");
    for (name, token) in inputs() {
        group.throughput(Throughput::Bytes(token.len() as u64));
        group.bench_with_input(BenchmarkId::new(name, "usertoken"), &token, |b, t| {
            b.iter(|| {
                let report = inspector.inspect(t, now);
                assert_eq!(report.environment(), Some(Environment::Production));
                report
            })
        });
        group.bench_with_input(BenchmarkId::new(name, "usertoken_json"), &token, |b, t| {
            let mut out = Vec::with_capacity(4096);
            b.iter(|| {
                out.clear();
                serde_json::to_writer(&mut out, &inspector.inspect(t, now)).unwrap_or_default();
                assert!(out.len() > 400);
                out.len()
            })
        });
    }
    let token = SAMPLE.trim();
    group.throughput(Throughput::Bytes(token.len() as u64));
    group.bench_function("clean/jsonwebtoken_insecure_decode", |b| {
        b.iter(|| {
            let data = jsonwebtoken::dangerous::insecure_decode::<Claims>(token);
            assert!(data.is_ok_and(|d| d.claims.user_id.is_some()));
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
