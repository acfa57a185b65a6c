#![no_main]
//! Claims, header fields and times made from the bytes → encoded →
//! inspected: what went in comes out; see `checks::roundtrip`.

use libfuzzer_sys::fuzz_target;

// One module of checks serves every target and `tests/fuzz_seeds.rs`; each
// target runs one of them.
#[allow(dead_code, unused_imports)]
#[path = "../checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::roundtrip(data));
