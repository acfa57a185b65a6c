#[path = "../fuzz/checks/mod.rs"]
#[allow(dead_code, unused_imports)]
mod checks;
fn main() {
    let n: u64 = std::env::args().nth(1).unwrap().parse().unwrap();
    let from: u64 = std::env::args().nth(2).map_or(1, |s| s.parse().unwrap());
    for seed in from..from + n {
        let case = checks::disguised(&mut checks::Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1));
        if std::panic::catch_unwind(|| checks::judge_disguised(&case)).is_err() {
            eprintln!("FAILED seed {seed}");
        }
    }
}
