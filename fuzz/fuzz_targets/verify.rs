#![no_main]
//! Any bytes against a fixed set of keys → a verdict, never a panic, and
//! a token signed here is valid; see `checks::verify`.

use libfuzzer_sys::fuzz_target;

// One module of checks serves every target and `tests/fuzz_seeds.rs`; each
// target runs one of them.
#[allow(dead_code, unused_imports)]
#[path = "../checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::verify(data));
