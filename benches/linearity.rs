//! Time linear in input size: for every job of the limits benches, the time
//! at 10 MB against the time at 1 MB, which should stay within 12×.
//!
//! A shared machine's load changes from minute to minute, so the two sizes
//! are measured in alternation, and each by its fastest run: load only ever
//! adds time. Ratios are per byte, times ten: the inputs are only about 1
//! and 10 MB.
//!
//! `cargo bench --bench linearity [-- <name filter>]` prints one row per
//! job and fails when a ratio is over the bound. (Measured one after the
//! other, minutes apart, as criterion does in `--bench limits`, the same
//! ratios wander from 7× to 14× here.)

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

mod common;
mod families;
use families::{jobs, Job, MB};

const BOUND: f64 = 12.0;
const MIN_ROUNDS: u32 = 7;
const MAX_ROUNDS: u32 = 10_000;
/// Rounds go on until the 10 MB runs have had at least this long.
const SPEND: Duration = Duration::from_millis(1500);

fn timed(job: &Job) -> Duration {
    let start = Instant::now();
    black_box((job.run)());
    start.elapsed()
}

fn per_byte(t: Duration, job: &Job) -> f64 {
    t.as_secs_f64() / job.bytes as f64
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; without it (`cargo test --benches`)
    // each job runs once, checking its result, and nothing is timed.
    // Anything not a flag is a filter.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let timing = args.iter().any(|a| a == "--bench");
    let filter = args.iter().find(|a| !a.starts_with('-'));
    let keep = |job: &Job| filter.is_none_or(|f| job.name.contains(f.as_str()));
    if !timing {
        for job in jobs(MB).iter().filter(|job| keep(job)) {
            black_box((job.run)());
        }
        return ExitCode::SUCCESS;
    }
    let mut measured = 0;
    let mut worst: f64 = 0.0;
    println!(
        "{:<45} {:>8} {:>7}",
        "10 MB against 1 MB", "ratio", "rounds"
    );
    for (small, large) in jobs(MB).into_iter().zip(jobs(10 * MB)) {
        if !keep(&small) {
            continue;
        }
        // Warm up: allocator, page tables, branch predictors.
        black_box((small.run)());
        black_box((large.run)());
        let (mut best_small, mut best_large) = (Duration::MAX, Duration::MAX);
        let mut spent = Duration::ZERO;
        let mut rounds = 0;
        while rounds < MIN_ROUNDS || (rounds < MAX_ROUNDS && spent < SPEND) {
            best_small = best_small.min(timed(&small));
            let t = timed(&large);
            spent += t;
            best_large = best_large.min(t);
            rounds += 1;
        }
        let ratio = 10.0 * per_byte(best_large, &large) / per_byte(best_small, &small);
        measured += 1;
        worst = worst.max(ratio);
        let flag = if ratio > BOUND {
            "  over the bound"
        } else {
            ""
        };
        println!("{:<45} {ratio:>7.2}× {rounds:>7}{flag}", small.name);
    }
    if measured == 0 {
        let filter = filter.map_or("", |f| f.as_str());
        eprintln!("no job's name contains {filter:?}");
        return ExitCode::FAILURE;
    }
    println!("worst: {worst:.2}× (bound {BOUND}×)");
    if worst > BOUND {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
