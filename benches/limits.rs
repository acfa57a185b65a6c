//! Time linear in input size, adversarial input included: every input
//! family at 1 MB and at 10 MB, for inspection (with the size limit lifted,
//! so that the parser itself is measured) and for redaction (one-shot and
//! streaming), as criterion throughput. Criterion measures the two sizes
//! minutes apart on a shared machine; `cargo bench --bench linearity`
//! measures their ratio with the runs interleaved.
//!
//! Every bench checks its result, so that a shortcut cannot win.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

mod common;
mod families;
use families::{jobs, MB};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("limits");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_secs(1));
    group.measurement_time(std::time::Duration::from_secs(3));
    for (small, large) in jobs(MB).into_iter().zip(jobs(10 * MB)) {
        for (size, job) in [("1MB", small), ("10MB", large)] {
            group.throughput(Throughput::Bytes(job.bytes as u64));
            let id = BenchmarkId::new(&job.name, size);
            group.bench_function(id, |b| b.iter(&job.run));
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
