//! Every committed fuzz seed, replayed through the checks the fuzz targets
//! run (`fuzz/checks/`, the one copy of that logic), under a plain
//! `cargo test`.

use std::fs;
use std::path::PathBuf;

#[path = "../fuzz/checks/mod.rs"]
mod checks;

/// The seeds of one target, by file name; there must be some.
#[track_caller]
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds
}

#[track_caller]
fn replay(target: &str, check: fn(&[u8])) {
    for (name, data) in seeds(target) {
        // Shown with the failure: which seed it was.
        eprintln!("fuzz/seeds/{target}/{name}");
        check(&data);
    }
}

#[test]
fn inspect_seeds() {
    replay("inspect", checks::inspect);
}

#[test]
fn redact_seeds() {
    replay("redact", checks::redact);
}

#[test]
fn roundtrip_seeds() {
    replay("roundtrip", checks::roundtrip);
}

#[cfg(feature = "verify")]
#[test]
fn verify_seeds() {
    replay("verify", checks::verify);
}

/// The targets' checks hold for the other targets' seeds too: every seed is
/// just bytes.
#[test]
fn every_seed_through_every_check() {
    for target in ["inspect", "redact", "roundtrip", "verify"] {
        for (name, data) in seeds(target) {
            eprintln!("fuzz/seeds/{target}/{name}");
            checks::inspect(&data);
            checks::redact(&data);
            checks::roundtrip(&data);
            #[cfg(feature = "verify")]
            checks::verify(&data);
        }
    }
}
